//! Writes a synthetic 1600×1600 photo (~0.8 MiB JPEG, as a phone or a photographer delivers
//! one) per demo product into the directory given, as `<product id>.jpg`: what
//! `scripts/lighthouse.sh` uploads with `LIGHTHOUSE_PHOTOS=1` to measure a shop with photos.

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: demo_photos <directory>");
    std::fs::create_dir_all(&dir).expect("the directory");
    for (i, product) in omiyage_core::seed::products().iter().enumerate() {
        let jpeg = omiyage_server::photos::sample(1600, 1600, 0x9e37_79b9 + i as u64 * 7919);
        let path = std::path::Path::new(&dir).join(format!("{}.jpg", product.id));
        std::fs::write(&path, &jpeg).expect("writing the photo");
        println!("{} {}", path.display(), jpeg.len());
    }
}
