//! Prints what an uploaded photo costs (`scripts/bench.sh` runs it): the time from the upload's
//! bytes to what the upload waits for, then to the other widths and to the 4:3 cuts (made in the
//! background), the cuts' sizes, and the process's peak memory, for a phone-sized 1600×1600 JPEG
//! and a 12-megapixel one, each with noise like a photo's (JPEG q92). Asserts nothing.

use std::time::Instant;

/// The process's peak resident memory (VmHWM), in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn main() {
    println!(
        "photo                 upload bytes  upload ms  later ms  cuts ms  cut w540  cut w720  peak RSS MiB"
    );
    let later: Vec<u32> = omiyage_server::photos::WIDTHS
        .into_iter()
        .filter(|w| !omiyage_server::photos::AT_UPLOAD.contains(w))
        .collect();
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    for (name, width, height) in [
        ("1600x1600 phone", 1600, 1600),
        ("4032x3024 12 MP", 4032, 3024),
    ] {
        let upload = omiyage_server::photos::sample(width, height, 0x2545_f491_4f6c_dd1d);
        let (mut at_upload, mut after, mut cutting) = (Vec::new(), Vec::new(), Vec::new());
        let (mut w540, mut w720) = (0, 0);
        for _ in 0..5 {
            let started = Instant::now();
            let done = omiyage_server::photos::process(&upload).expect("a photo");
            at_upload.push(started.elapsed().as_secs_f64() * 1000.0);
            // In the background, after the upload has answered: the other widths, then the
            // 4:3 cuts at every width once a product shows the photo.
            let started = Instant::now();
            omiyage_server::photos::renditions_of(&done.main.bytes, &later, None)
                .expect("renditions");
            after.push(started.elapsed().as_secs_f64() * 1000.0);
            let started = Instant::now();
            let cuts = omiyage_server::photos::renditions_of(
                &done.main.bytes,
                &omiyage_server::photos::WIDTHS,
                Some((50, 50)),
            )
            .expect("cuts");
            cutting.push(started.elapsed().as_secs_f64() * 1000.0);
            let webp = |w: u32| {
                cuts.iter()
                    .find(|r| r.0 == w)
                    .map_or(0, |r| r.1.bytes.len())
            };
            (w540, w720) = (webp(540), webp(720));
        }
        println!(
            "{name:<20} {:>14} {:>10.0} {:>9.0} {:>8.0} {:>9} {:>9} {:>13.0}",
            upload.len(),
            median(at_upload),
            median(after),
            median(cutting),
            w540,
            w720,
            peak_mib()
        );
    }
}
