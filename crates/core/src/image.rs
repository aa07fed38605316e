//! Which uploads count as images: the type is read from the bytes, never from what the client
//! claims, and the size is capped.

/// Largest image upload, in bytes.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// The image type of `bytes` from its signature (PNG, JPEG, WebP or GIF), or `None`. SVG is
/// refused: it can carry scripts.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => Some("image/png"),
        [0xff, 0xd8, 0xff, ..] => Some("image/jpeg"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some("image/gif"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"GIF89a"), Some("image/gif"));
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b""), None);
    }
}

/// The widths of an uploaded photo's renditions (`<path>.w<width>.webp`, and `.jpg`).
///
/// A browser takes the first width at least as many device pixels as the image is shown at:
/// 360 is the catalog's card on a DPR 1.75 phone (~184 CSS px, 322 device px: 320 just
/// missed it, and the phone took the 540 one), 540 is the catalog's card on a phone at DPR 2–3 (~175 CSS px), 720 the product page's photo
/// on a phone at DPR 1.75–2 (~360 CSS px). Photos uploaded before a width was in the set get
/// it made when it is first asked for.
pub const RENDITION_WIDTHS: [u32; 5] = [360, 540, 720, 960, 1280];

/// The `srcset` of a photo the shop stores with renditions (`/api/images/<sha256>-<colour>`):
/// its WebP renditions cut to the 4:3 that the pages show, keeping `focus` (per cent from the
/// left and from the top, as the page's `object-position`), so no byte is spent on pixels the
/// page crops away. `None` for any other picture (the demo's drawings, which scale by
/// themselves, and images uploaded before renditions existed).
pub fn srcset(path: &str, (x, y): (u8, u8)) -> Option<String> {
    placeholder(path).map(|_| {
        RENDITION_WIDTHS
            .iter()
            .map(|w| format!("{path}.c{x}-{y}.w{w}.webp {w}w"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// A stored photo's rendition `width` px wide (WebP); any other picture as it is.
pub fn rendition(path: &str, width: u32) -> String {
    match placeholder(path) {
        Some(_) => format!("{path}.w{width}.webp"),
        None => path.to_string(),
    }
}

/// The colour to paint while a stored photo loads (`#a4b2c1`), read from its path
/// (`/api/images/<sha256>-a4b2c1`); `None` for any other picture.
pub fn placeholder(path: &str) -> Option<String> {
    let id = path.strip_prefix("/api/images/")?;
    let (_, colour) = id.rsplit_once('-')?;
    (colour.len() == 6 && colour.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{colour}"))
}

#[cfg(test)]
mod srcset_tests {
    #[test]
    fn a_stored_photo_offers_its_renditions_and_a_drawing_none() {
        assert_eq!(
            super::srcset("/api/images/ab-a4b2c1", (30, 100)).as_deref(),
            Some(
                "/api/images/ab-a4b2c1.c30-100.w360.webp 360w, /api/images/ab-a4b2c1.c30-100.w540.webp 540w, /api/images/ab-a4b2c1.c30-100.w720.webp 720w, /api/images/ab-a4b2c1.c30-100.w960.webp 960w, /api/images/ab-a4b2c1.c30-100.w1280.webp 1280w"
            )
        );
        // An image uploaded before renditions existed has none.
        assert_eq!(super::srcset("/api/images/ab", (50, 50)), None);
        assert_eq!(super::srcset("/img/daruma.svg", (50, 50)), None);
        assert_eq!(
            super::rendition("/api/images/ab-a4b2c1", 720),
            "/api/images/ab-a4b2c1.w720.webp"
        );
        assert_eq!(super::rendition("/img/daruma.svg", 640), "/img/daruma.svg");
        assert_eq!(
            super::placeholder("/api/images/ab12-a4b2c1").as_deref(),
            Some("#a4b2c1")
        );
        for none in [
            "/api/images/ab12",
            "/api/images/ab-12",
            "/img/a-bcdefg.svg",
            "/api/images/x-zzzzzz",
        ] {
            assert_eq!(super::placeholder(none), None, "{none}");
        }
    }
}
