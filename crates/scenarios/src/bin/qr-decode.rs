//! Decodes every QR code in a PNG (e.g. a browser screenshot) and prints each one's text on its
//! own line. Used by the end-to-end tests to prove a rendered QR code really carries its link.
//! Exit status 1 when no QR code is found.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: qr-decode IMAGE.png");
        return ExitCode::from(2);
    };
    let image = match image::open(&path) {
        Ok(i) => i.to_luma8(),
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    // Fractional pixels per module defeat the detector; doubling the image avoids them.
    let doubled = image::imageops::resize(
        &image,
        image.width() * 2,
        image.height() * 2,
        image::imageops::FilterType::Nearest,
    );
    let mut found = 0;
    for img in [image, doubled] {
        let mut prepared = rqrr::PreparedImage::prepare(img);
        for grid in prepared.detect_grids() {
            if let Ok((_, text)) = grid.decode() {
                println!("{text}");
                found += 1;
            }
        }
        if found > 0 {
            return ExitCode::SUCCESS;
        }
    }
    eprintln!("no QR code found in {path}");
    ExitCode::from(1)
}
