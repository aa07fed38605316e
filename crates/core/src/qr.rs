//! QR codes as compact SVG: one path of dark modules and a white quiet zone of 4 modules, so
//! printed and on-screen codes scan reliably. Used by the server (`/api/qr`) and the mock.

use qrcode::{Color, QrCode};

/// Longest text the QR endpoint encodes (a link fits easily).
pub const MAX_QR_TEXT: usize = 512;
const QUIET: usize = 4;

/// Renders `text` as an SVG QR code; `None` if it is too long to encode.
pub fn svg(text: &str) -> Option<String> {
    if text.len() > MAX_QR_TEXT {
        return None;
    }
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width * 4);
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
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
    fn a_link_renders_and_an_overlong_text_does_not() {
        let svg = svg("http://127.0.0.1:8080/g/0b6fa2c4-77aa-4bd2-9e1f-6a1e0c1d2e3f").unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<path d=\"M"));
        assert!(super::svg(&"x".repeat(MAX_QR_TEXT + 1)).is_none());
    }
}
