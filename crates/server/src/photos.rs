//! Product photos as the merchant uploads them (a phone's or a photographer's JPEG, a PNG, a
//! WebP), made fit to serve: decoded within bounds (a decompression bomb is refused from its
//! header, before any pixel is allocated), turned upright by its EXIF orientation, and written
//! again from the pixels alone, so no metadata block (EXIF with its GPS position and camera
//! serial, XMP, ICC, comments) survives. Each photo becomes a main JPEG (at most 2048 px wide,
//! what unfurls and the gift card use) and renditions at the widths a page asks for, in WebP and
//! in JPEG. Measured in the shared images prototype: about 0.3 s and under 70 MiB for a
//! 1600×1600 photo; `scripts/bench.sh` prints the figures for this code.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// The widths of the renditions (`<id>.w<width>.webp` and `.jpg`), for `srcset`.
pub const WIDTHS: [u32; 5] = omiyage_core::image::RENDITION_WIDTHS;
/// The renditions made while the upload waits: the smallest (whose colour is part of the id,
/// and the console's thumbnails) and the console's preview. The others, and the 4:3 cuts the
/// shop's pages show, are made right after in the background (`crate::services::photos`).
pub const AT_UPLOAD: [u32; 2] = [360, 720];
/// The main image's widest side.
pub const MAIN_WIDTH: u32 = 2048;
/// No side may be longer (a phone's 48 MP photo is 8000 px wide).
pub const MAX_SIDE: u32 = 12_000;
/// Nor hold more pixels (an RGB buffer of 150 MB at most).
pub const MAX_PIXELS: u64 = 50_000_000;

const JPEG_QUALITY: u8 = 82;
/// WebP quality of renditions wider than [`SMALL`] (the product page, the gift page).
const WEBP_QUALITY: f32 = 80.0;
/// Renditions up to this width are the catalog's cards and a phone's product photo, seen at
/// DPR 2–3 where softer compression does not show: a detailed 540 px photo is 42 KB at 70,
/// 54 KB at 80; a 720 px one 63 and 80 KB.
const SMALL: u32 = 720;
const WEBP_QUALITY_SMALL: f32 = 70.0;

/// Why a file is not taken.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("This file is not a photo we take. Upload a JPEG, PNG or WebP.")]
    Unsupported,
    #[error(
        "This photo is {width}×{height} pixels: at most {MAX_SIDE} on a side and 50 million in all. Make it smaller and upload it again."
    )]
    TooLarge { width: u32, height: u32 },
    #[error(
        "This photo could not be read (the file may be damaged). Export it again and upload it."
    )]
    Broken,
}

/// One encoded picture.
#[derive(Debug)]
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// A photo ready to store: the main JPEG, for each of [`AT_UPLOAD`] a WebP and a JPEG (never
/// wider than the photo itself: a small photo's wider renditions are its own size), and the
/// 1200×630 centre crop that link unfurls show.
#[derive(Debug)]
pub struct Photo {
    pub main: Encoded,
    /// `(width asked, webp, jpeg)`.
    pub renditions: Vec<(u32, Encoded, Encoded)>,
    /// `<id>.og.jpg`.
    pub unfurl: Encoded,
    /// Its average colour, which pages paint while the picture loads (part of its id).
    pub colour: [u8; 3],
}

/// The size of the unfurl crop (Open Graph's and X's large card).
pub const UNFURL: (u32, u32) = (1200, 630);

/// Decodes, bounds, orients and re-encodes an uploaded photo.
pub fn process(bytes: &[u8]) -> Result<Photo, PhotoError> {
    let upright = decode(bytes)?.into_rgb8();
    let (width, height) = upright.dimensions();
    let pixels = upright.into_raw();
    let main = encode_jpeg(&resized(&pixels, width, height, MAIN_WIDTH)?)?;
    let mut renditions = Vec::with_capacity(AT_UPLOAD.len());
    let mut colour = [0; 3];
    for w in AT_UPLOAD {
        let picture = resized(&pixels, width, height, w)?;
        if w == AT_UPLOAD[0] {
            colour = average(&picture.bytes);
        }
        renditions.push((w, encode_webp(&picture, w), encode_jpeg(&picture)?));
    }
    let unfurl = encode_jpeg(&cropped(&pixels, width, height, UNFURL, (50, 50))?)?;
    Ok(Photo {
        main,
        renditions,
        unfurl,
        colour,
    })
}

/// The widest a photo sent with an after-sales report is kept.
pub const EVIDENCE_WIDTH: u32 = 1600;

/// A photo sent with an after-sales report, made fit to keep: decoded within the same bounds,
/// turned upright, and written again as one JPEG from its pixels alone (no EXIF, no GPS).
pub fn evidence(bytes: &[u8]) -> Result<Encoded, PhotoError> {
    let upright = decode(bytes)?.into_rgb8();
    let (width, height) = upright.dimensions();
    encode_jpeg(&resized(
        &upright.into_raw(),
        width,
        height,
        EVIDENCE_WIDTH,
    )?)
}

/// The average colour of RGB pixels.
fn average(pixels: &[u8]) -> [u8; 3] {
    let mut sum = [0u64; 3];
    for p in pixels.chunks_exact(3) {
        for (s, &c) in sum.iter_mut().zip(p) {
            *s += u64::from(c);
        }
    }
    let n = (pixels.len() as u64 / 3).max(1);
    sum.map(|s| (s / n) as u8)
}

/// The id a photo is stored under: the SHA-256 of its main JPEG, then its average colour
/// (`<sha256>-a4b2c1`), which `omiyage_core::image::placeholder` reads back from its path.
pub fn photo_id(photo: &Photo) -> String {
    let [r, g, b] = photo.colour;
    format!(
        "{}-{r:02x}{g:02x}{b:02x}",
        crate::auth::token_hash_bytes(&photo.main.bytes)
    )
}

/// RGB pixels of exactly `size`, cut from the photo at the largest scale that fills it, so
/// that `focus` (per cent from the left and from the top) sits where CSS `object-position`
/// would put it: 50/50 is the middle.
fn cropped(
    pixels: &[u8],
    width: u32,
    height: u32,
    (w, h): (u32, u32),
    (x, y): (u8, u8),
) -> Result<Encoded, PhotoError> {
    let src = Image::from_vec_u8(width, height, pixels.to_vec(), PixelType::U8x3)
        .map_err(|_| PhotoError::Broken)?;
    let mut dst = Image::new(w, h, PixelType::U8x3);
    let centre = |p: u8| f64::from(p.min(100)) / 100.0;
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .fit_into_destination(Some((centre(x), centre(y))));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|_| PhotoError::Broken)?;
    Ok(Encoded {
        width: w,
        height: h,
        content_type: "",
        bytes: dst.into_vec(),
    })
}

/// The upright pixels of a JPEG, PNG or WebP within the bounds.
fn decode(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoError::Broken)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(PhotoError::Unsupported);
    }
    // `into_decoder` does not reserve `max_alloc`: the sides are capped here and the pixel
    // count checked on the header below, before anything is decoded.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge {
            width: 0,
            height: 0,
        },
        _ => PhotoError::Broken,
    })?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooLarge { width, height });
    }
    let orientation = decoder.orientation().map_err(|_| PhotoError::Broken)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::Broken)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// RGB pixels `width` wide at the most, keeping the aspect (never enlarged).
fn resized(pixels: &[u8], width: u32, height: u32, max: u32) -> Result<Encoded, PhotoError> {
    if width <= max {
        return Ok(Encoded {
            width,
            height,
            content_type: "",
            bytes: pixels.to_vec(),
        });
    }
    let target_h = ((u64::from(height) * u64::from(max)) / u64::from(width)).max(1) as u32;
    let src = Image::from_vec_u8(width, height, pixels.to_vec(), PixelType::U8x3)
        .map_err(|_| PhotoError::Broken)?;
    let mut dst = Image::new(max, target_h, PixelType::U8x3);
    Resizer::new()
        .resize(
            &src,
            &mut dst,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .map_err(|_| PhotoError::Broken)?;
    Ok(Encoded {
        width: max,
        height: target_h,
        content_type: "",
        bytes: dst.into_vec(),
    })
}

fn encode_jpeg(p: &Encoded) -> Result<Encoded, PhotoError> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode(&p.bytes, p.width, p.height, image::ExtendedColorType::Rgb8)
        .map_err(|_| PhotoError::Broken)?;
    Ok(Encoded {
        width: p.width,
        height: p.height,
        content_type: "image/jpeg",
        bytes: out,
    })
}

/// `asked` is the rendition's width in the set (a small photo's rendition may be narrower).
fn encode_webp(p: &Encoded, asked: u32) -> Encoded {
    let quality = if asked <= SMALL {
        WEBP_QUALITY_SMALL
    } else {
        WEBP_QUALITY
    };
    let bytes = webp::Encoder::from_rgb(&p.bytes, p.width, p.height)
        .encode(quality)
        .to_vec();
    Encoded {
        width: p.width,
        height: p.height,
        content_type: "image/webp",
        bytes,
    }
}

/// The 4:3 cut of a photo that the pages show (cards, the product page, the gift), `max` wide
/// at the most (never enlarged), keeping `focus`: the bytes a page downloads are the pixels
/// it shows (a square photo's full rendition is a third larger).
fn cut_4_3(
    pixels: &[u8],
    width: u32,
    height: u32,
    max: u32,
    focus: (u8, u8),
) -> Result<Encoded, PhotoError> {
    // The largest 4:3 box inside the photo, then at most `max` wide.
    let cut_w = width.min(height.saturating_mul(4) / 3).max(1);
    let w = cut_w.min(max);
    let h = (w * 3 / 4).max(1);
    cropped(pixels, width, height, (w, h), focus)
}

/// The renditions of a stored photo (its main JPEG) that a page asks for and that are not
/// stored: a full one at a width added to the set after the photo was uploaded, or 4:3 cuts
/// around a focus (`crop`): for each of `widths`, `(width, webp, jpeg)`.
pub fn renditions_of(
    main: &[u8],
    widths: &[u32],
    crop: Option<(u8, u8)>,
) -> Result<Vec<(u32, Encoded, Encoded)>, PhotoError> {
    let pixels = decode(main)?.into_rgb8();
    let (w, h) = pixels.dimensions();
    widths
        .iter()
        .map(|&width| {
            let picture = match crop {
                Some(focus) => cut_4_3(pixels.as_raw(), w, h, width, focus)?,
                None => resized(pixels.as_raw(), w, h, width)?,
            };
            Ok((width, encode_webp(&picture, width), encode_jpeg(&picture)?))
        })
        .collect()
}

/// A rendition's id read back: `<image>.w540.webp`, or cut to 4:3 around a focus
/// `<image>.c30-60.w540.webp` (`.jpg` alike), with a width of [`WIDTHS`].
#[derive(Debug, PartialEq, Eq)]
pub struct RenditionId<'a> {
    pub image: &'a str,
    pub width: u32,
    /// The focus of a 4:3 cut, per cent from the left and from the top (0–100).
    pub crop: Option<(u8, u8)>,
    pub ext: &'static str,
}

/// Reads a rendition id; `None` for anything else (an image id, a width not in the set).
pub fn parse_rendition_id(rid: &str) -> Option<RenditionId<'_>> {
    let (rest, ext) = rid.rsplit_once('.')?;
    let ext = match ext {
        "webp" => "webp",
        "jpg" => "jpg",
        _ => return None,
    };
    let (rest, digits) = rest.rsplit_once(".w")?;
    let width: u32 = digits.parse().ok()?;
    if !WIDTHS.contains(&width) || digits != width.to_string() {
        return None;
    }
    let (image, crop) = match rest.split_once('.') {
        None => (rest, None),
        Some((image, cut)) => {
            let (x, y) = cut.strip_prefix('c')?.split_once('-')?;
            let percent = |p: &str| {
                p.parse::<u8>()
                    .ok()
                    .filter(|&v| v <= 100 && p == v.to_string())
            };
            (image, Some((percent(x)?, percent(y)?)))
        }
    };
    Some(RenditionId {
        image,
        width,
        crop,
        ext,
    })
}

/// The id of the unfurl crop of the image `id`: `<id>.og.jpg`.
pub fn unfurl_id(id: &str) -> String {
    format!("{id}.og.jpg")
}

/// The id of a rendition of the image `id`: `<id>.w640.webp`, or its 4:3 cut around a focus
/// `<id>.c30-60.w640.webp`.
pub fn rendition_id(id: &str, width: u32, crop: Option<(u8, u8)>, ext: &str) -> String {
    match crop {
        Some((x, y)) => format!("{id}.c{x}-{y}.w{width}.{ext}"),
        None => format!("{id}.w{width}.{ext}"),
    }
}

#[cfg(test)]
mod tests;

/// A synthetic photo for benchmarks and measurements: a `width`×`height` JPEG (q92) of soft
/// colour fields with detail at several scales and per-pixel noise like a camera's, from `seed`
/// (which also turns the hues), so it compresses about as badly as a real photo, also once
/// scaled down (a 1600×1600 one is ~1 MiB).
pub fn sample(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 19) as i32 - 9
    };
    let turn = (seed % 3) as usize;
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        // Detail at every scale a rendition keeps (weave, folds), not only a sensor's noise.
        let (sx, sy) = (
            x as f32 * 1600.0 / width as f32,
            y as f32 * 1600.0 / height as f32,
        );
        let detail = 28.0 * (sx / 3.1).sin() * (sy / 4.7).cos()
            + 22.0 * ((sx + sy) / 13.0).sin()
            + 18.0 * (sx / 41.0).cos() * (sy / 29.0).sin();
        let mut base = [
            (200.0 * fx + 40.0 + detail) as i32,
            (160.0 * (1.0 - fy) + 50.0 + detail) as i32,
            (120.0 * (fx * fy) + 80.0 - detail) as i32,
        ];
        base.rotate_left(turn);
        image::Rgb(base.map(|c| (c + noise()).clamp(0, 255) as u8))
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .expect("encoding to memory");
    out
}
