//! QR codes as compact SVG: one path of dark modules and a white quiet zone of 4 modules, so
//! printed and on-screen codes scan reliably. Used by the server (`/api/qr`) and the mock.

use qrcode::{Color, QrCode};

/// Longest text the QR endpoint encodes, in characters (a link fits easily; 512 characters of
/// four UTF-8 bytes each still fit a version-40 code at the default error correction).
pub const MAX_QR_TEXT: usize = 512;
const QUIET: usize = 4;

/// The code's modules, row by row (`true` is dark), without the quiet zone; `None` if `text`
/// is too long to encode.
pub fn modules(text: &str) -> Option<(usize, Vec<bool>)> {
    if text.chars().count() > MAX_QR_TEXT {
        return None;
    }
    let code = QrCode::new(text.as_bytes()).ok()?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some((code.width(), dark))
}

/// Runs of one colour per row, with the quiet zone around: `(dark, length)` pairs, e.g. for
/// an email's HTML table (mail readers show neither SVG nor data URLs reliably).
pub fn runs(text: &str) -> Option<Vec<Vec<(bool, usize)>>> {
    let (width, dark) = modules(text)?;
    let size = width + 2 * QUIET;
    let blank = vec![(false, size)];
    let mut rows = vec![blank.clone(); QUIET];
    for row in dark.chunks(width) {
        let mut runs = vec![(false, QUIET)];
        for &d in row {
            match runs.last_mut() {
                Some((colour, n)) if *colour == d => *n += 1,
                _ => runs.push((d, 1)),
            }
        }
        match runs.last_mut() {
            Some((false, n)) => *n += QUIET,
            _ => runs.push((false, QUIET)),
        }
        rows.push(runs);
    }
    rows.extend(std::iter::repeat_n(blank, QUIET));
    Some(rows)
}

/// Renders `text` as an SVG QR code; `None` if it is too long to encode.
pub fn svg(text: &str) -> Option<String> {
    let (width, dark) = modules(text)?;
    let size = width + 2 * QUIET;
    let colors: Vec<Color> = dark
        .into_iter()
        .map(|d| if d { Color::Dark } else { Color::Light })
        .collect();
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
    fn table_runs_span_the_code_and_its_quiet_zone() {
        let text = "https://shop.example/g/3f2a9c1e";
        let (width, dark) = modules(text).unwrap();
        let rows = runs(text).unwrap();
        assert_eq!(rows.len(), width + 2 * QUIET);
        for row in &rows {
            assert_eq!(row.iter().map(|r| r.1).sum::<usize>(), width + 2 * QUIET);
        }
        let dark_in_runs: usize = rows.iter().flatten().filter(|r| r.0).map(|r| r.1).sum();
        assert_eq!(dark_in_runs, dark.iter().filter(|&&d| d).count());
    }

    #[test]
    fn a_link_renders_and_an_overlong_text_does_not() {
        let svg = svg("http://127.0.0.1:8080/g/0b6fa2c4-77aa-4bd2-9e1f-6a1e0c1d2e3f").unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<path d=\"M"));
        assert!(super::svg(&"x".repeat(MAX_QR_TEXT + 1)).is_none());
    }
}
