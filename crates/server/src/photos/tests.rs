use super::*;

/// A `width`×`height` JPEG, its left half red and its right half blue.
pub(crate) fn two_colour_jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, _| match x < width / 2 {
        true => image::Rgb([220, 20, 20]),
        false => image::Rgb([20, 20, 220]),
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .encode(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
    [&[0xff, marker][..], &len, payload].concat()
}

/// `jpeg` as a phone writes it: EXIF with orientation 6 (turn 90° clockwise to show) and a
/// marker where a GPS position would be, XMP, an ICC block and a comment.
pub(crate) fn phone_photo(jpeg: &[u8]) -> Vec<u8> {
    let text = b"SECRET-GPS-35.6812N-139.7671E\0";
    let mut tiff = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    tiff.extend(2u16.to_le_bytes());
    // 0x010E ImageDescription, ASCII, its text after the IFD (8 + 2 + 2 × 12 + 4 = 38).
    tiff.extend([0x0e, 0x01, 2, 0]);
    tiff.extend(u32::try_from(text.len()).unwrap().to_le_bytes());
    tiff.extend(38u32.to_le_bytes());
    // 0x0112 Orientation, SHORT, 6.
    tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(text);
    let exif = segment(0xe1, &[b"Exif\0\0".as_slice(), &tiff].concat());
    let xmp = segment(
        0xe1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>SECRET-XMP</x:xmpmeta>",
    );
    let icc = segment(0xe2, b"ICC_PROFILE\0\x01\x01SECRET-ICC");
    let comment = segment(0xfe, b"SECRET-COMMENT serial 4C1234");
    [&jpeg[..2], &exif, &xmp, &icc, &comment, &jpeg[2..]].concat()
}

/// The colour at (x, y) of an encoded picture.
fn pixel(bytes: &[u8], x: u32, y: u32) -> [u8; 3] {
    image::load_from_memory(bytes)
        .unwrap()
        .to_rgb8()
        .get_pixel(x, y)
        .0
}

fn redish(c: [u8; 3]) -> bool {
    c[0] > 150 && c[2] < 100
}

fn blueish(c: [u8; 3]) -> bool {
    c[2] > 150 && c[0] < 100
}

#[test]
fn a_phone_photo_turned_on_its_side_comes_out_upright_and_without_its_metadata() {
    let upload = phone_photo(&two_colour_jpeg(1600, 800));
    assert!(upload.windows(6).any(|w| w == b"SECRET"));
    let photo = process(&upload).unwrap();
    // Orientation 6: the picture is 800 wide and 1600 high, its left (red) half on top.
    assert_eq!((photo.main.width, photo.main.height), (800, 1600));
    assert!(redish(pixel(&photo.main.bytes, 400, 200)));
    assert!(blueish(pixel(&photo.main.bytes, 400, 1400)));
    let outputs = [&photo.main, &photo.unfurl].into_iter().chain(
        photo
            .renditions
            .iter()
            .flat_map(|(_, webp, jpeg)| [webp, jpeg]),
    );
    for out in outputs {
        for word in [
            &b"SECRET"[..],
            b"Exif",
            b"EXIF",
            b"XMP",
            b"xmpmeta",
            b"ICC_PROFILE",
            b"4C1234",
        ] {
            assert!(
                !out.bytes.windows(word.len()).any(|w| w == word),
                "{} {}×{} holds {:?}",
                out.content_type,
                out.width,
                out.height,
                String::from_utf8_lossy(word)
            );
        }
    }
}

#[test]
fn a_reports_photo_is_kept_upright_bounded_and_without_its_metadata() {
    let upload = phone_photo(&two_colour_jpeg(800, 4000));
    let kept = evidence(&upload).unwrap();
    assert_eq!(kept.content_type, "image/jpeg");
    // Upright (orientation 6: 4000 wide, its red half on top), then 1600 wide at the most.
    assert_eq!((kept.width, kept.height), (1600, 320));
    assert!(redish(pixel(&kept.bytes, 800, 60)));
    assert!(blueish(pixel(&kept.bytes, 800, 260)));
    for word in [&b"SECRET"[..], b"Exif", b"ICC_PROFILE", b"4C1234"] {
        assert!(!kept.bytes.windows(word.len()).any(|w| w == word));
    }
    assert_eq!(
        evidence(b"not a photo").unwrap_err(),
        PhotoError::Unsupported
    );
}

#[test]
fn renditions_are_made_at_each_width_asked_in_webp_and_jpeg_and_never_enlarged() {
    let photo = process(&two_colour_jpeg(1600, 1200)).unwrap();
    assert_eq!((photo.main.width, photo.main.height), (1600, 1200));
    let sizes: Vec<(u32, u32, u32)> = photo
        .renditions
        .iter()
        .map(|(w, webp, jpeg)| {
            assert_eq!((webp.width, webp.height), (jpeg.width, jpeg.height));
            assert_eq!(webp.content_type, "image/webp");
            assert_eq!(&webp.bytes[..4], b"RIFF");
            assert_eq!(jpeg.content_type, "image/jpeg");
            let decoded = image::load_from_memory(&webp.bytes).unwrap();
            assert_eq!(
                (decoded.width(), decoded.height()),
                (webp.width, webp.height)
            );
            (*w, webp.width, webp.height)
        })
        .collect();
    assert_eq!(sizes, [(360, 360, 270), (720, 720, 540)]);
    // The other widths, made afterwards from the main JPEG.
    let later: Vec<(u32, u32, u32)> = renditions_of(&photo.main.bytes, &[540, 960, 1280], None)
        .unwrap()
        .iter()
        .map(|(w, webp, jpeg)| {
            assert_eq!((webp.width, webp.height), (jpeg.width, jpeg.height));
            (*w, webp.width, webp.height)
        })
        .collect();
    assert_eq!(later, [(540, 540, 405), (960, 960, 720), (1280, 1280, 960)]);
    // Its colour while it loads: half red, half blue.
    let [r, g, b] = photo.colour;
    assert!(
        (100..140).contains(&r) && g < 40 && (100..140).contains(&b),
        "{r} {g} {b}"
    );
    assert!(photo_id(&photo).ends_with(&format!("-{r:02x}{g:02x}{b:02x}")));
    // The unfurl: 1200×630 from the middle (both colours, the seam in the centre).
    assert_eq!((photo.unfurl.width, photo.unfurl.height), (1200, 630));
    assert!(redish(pixel(&photo.unfurl.bytes, 100, 315)));
    assert!(blueish(pixel(&photo.unfurl.bytes, 1100, 315)));
    // A photo narrower than a width keeps its own size there.
    let small = process(&two_colour_jpeg(500, 500)).unwrap();
    let widths: Vec<u32> = small.renditions.iter().map(|(_, w, _)| w.width).collect();
    assert_eq!(widths, [360, 500]);
}

/// A PNG's signature and header (IHDR) for `width`×`height` RGB, and a few bytes of data.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = (crc >> 1) ^ (0xedb8_8320 & (crc & 1).wrapping_neg());
            }
        }
        !crc
    }
    let chunk = |kind: &[u8], data: &[u8]| {
        let body = [kind, data].concat();
        [
            &u32::try_from(data.len()).unwrap().to_be_bytes()[..],
            &body,
            &crc32(&body).to_be_bytes(),
        ]
        .concat()
    };
    let ihdr = [
        &width.to_be_bytes()[..],
        &height.to_be_bytes(),
        &[8, 2, 0, 0, 0],
    ]
    .concat();
    [
        &b"\x89PNG\r\n\x1a\n"[..],
        &chunk(b"IHDR", &ihdr),
        &chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]),
        &chunk(b"IEND", &[]),
    ]
    .concat()
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    // 20,000 × 20,000: 1.2 GB of pixels from a file of a few bytes.
    assert!(matches!(
        process(&png_header(20_000, 20_000)),
        Err(PhotoError::TooLarge { .. })
    ));
    // Within each side, but over 50 million pixels.
    assert_eq!(
        process(&png_header(10_000, 9_000)).unwrap_err(),
        PhotoError::TooLarge {
            width: 10_000,
            height: 9_000
        }
    );
}

#[test]
fn anything_but_a_jpeg_png_or_webp_is_refused_with_its_reason() {
    for bytes in [
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
        b"<svg onload=alert(1)>".to_vec(),
        b"%PDF-1.7".to_vec(),
    ] {
        assert_eq!(process(&bytes).unwrap_err(), PhotoError::Unsupported);
    }
    let mut cut = two_colour_jpeg(64, 64);
    cut.truncate(200);
    assert_eq!(process(&cut).unwrap_err(), PhotoError::Broken);
    assert!(
        PhotoError::Unsupported
            .to_string()
            .contains("JPEG, PNG or WebP")
    );
}

#[test]
fn a_cut_is_4_3_around_its_focus_and_never_enlarged() {
    // 2000×1000, red left half, blue right: a 4:3 cut is 1333 px of its width.
    let wide = two_colour_jpeg(2000, 1000);
    let at = |focus| {
        let made = renditions_of(&wide, &[360], Some(focus)).unwrap();
        let (width, webp, jpeg) = &made[0];
        assert_eq!(*width, 360);
        assert_eq!((webp.width, webp.height), (360, 270));
        assert_eq!((jpeg.width, jpeg.height), (360, 270));
        webp.bytes.clone()
    };
    // From the left edge: red to three quarters, then blue.
    let left = at((0, 50));
    assert!(redish(pixel(&left, 200, 135)));
    assert!(blueish(pixel(&left, 340, 135)));
    // From the right edge: a quarter red, then blue.
    let right = at((100, 50));
    assert!(redish(pixel(&right, 30, 135)));
    assert!(blueish(pixel(&right, 150, 135)));
    // A small photo keeps its size: 300×300 → 300×225 at every width.
    let small = renditions_of(&two_colour_jpeg(300, 300), &[360, 1280], Some((50, 50))).unwrap();
    let sizes: Vec<_> = small
        .iter()
        .map(|(w, p, _)| (*w, p.width, p.height))
        .collect();
    assert_eq!(sizes, [(360, 300, 225), (1280, 300, 225)]);
    // Without a cut, the full photo at the width.
    let full = renditions_of(&wide, &[540], None).unwrap();
    assert_eq!((full[0].1.width, full[0].1.height), (540, 270));
}

#[test]
fn rendition_ids_are_read_back_only_in_their_one_spelling() {
    let id = "ab-a4b2c1";
    for (width, crop, ext) in [
        (360, None, "webp"),
        (1280, Some((0, 100)), "jpg"),
        (540, Some((30, 60)), "webp"),
    ] {
        let rid = rendition_id(id, width, crop, ext);
        assert_eq!(
            parse_rendition_id(&rid),
            Some(RenditionId {
                image: id,
                width,
                crop,
                ext
            }),
            "{rid}"
        );
    }
    for other in [
        "ab-a4b2c1",
        "ab-a4b2c1.og.jpg",
        "ab-a4b2c1.w500.webp",
        "ab-a4b2c1.w0360.webp",
        "ab-a4b2c1.w360.gif",
        "ab-a4b2c1.c101-0.w360.webp",
        "ab-a4b2c1.c5-05.w360.webp",
        "ab-a4b2c1.c5.w360.webp",
        "ab-a4b2c1.d5-5.w360.webp",
        "ab-a4b2c1.c-5-5.w360.webp",
    ] {
        assert_eq!(parse_rendition_id(other), None, "{other}");
    }
}
