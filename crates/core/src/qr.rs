//! QR codes as compact SVG: one path of dark modules and a white quiet zone of 4 modules, so
//! printed and on-screen codes scan reliably. Used by the server (`/api/qr`) and the mock.

use qrcode::{Color, QrCode};

/// Longest text the QR endpoint encodes, in characters (a link fits easily; 512 characters of
/// four UTF-8 bytes each still fit a version-40 code at the default error correction).
pub const MAX_QR_TEXT: usize = 512;
const QUIET: usize = 4;

/// Renders `text` as an SVG QR code; `None` if it is too long to encode.
pub fn svg(text: &str) -> Option<String> {
    if text.chars().count() > MAX_QR_TEXT {
        return None;
    }
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let size = width + 2 * QUIET;
    let colors = code.to_colors();
    let mut path = String::with_capacity(width * width * 2);
    // One rectangle per horizontal run of dark modules: a third of the bytes of one per module.
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
            path.push_str(&format!("M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET));
            x += run;
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{px}" height="{px}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##,
        px = size * 6
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runs_cover_exactly_the_dark_modules() {
        let text = "https://shop.example/g/3f2a9c1e-1234-4abc-8def-0123456789ab";
        let svg = svg(text).unwrap();
        let dark = QrCode::new(text.as_bytes())
            .unwrap()
            .to_colors()
            .into_iter()
            .filter(|&c| c == Color::Dark)
            .count();
        let covered: usize = svg
            .split('h')
            .skip(1)
            .filter_map(|s| s.split('v').next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(covered, dark);
    }

    #[test]
    fn a_link_renders_and_an_overlong_text_does_not() {
        let svg = svg("http://127.0.0.1:8080/g/0b6fa2c4-77aa-4bd2-9e1f-6a1e0c1d2e3f").unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<path d=\"M"));
        assert!(super::svg(&"x".repeat(MAX_QR_TEXT + 1)).is_none());
    }
}
