//! In-process timing of the core on a directory of JSON files, against the floor of parsing
//! the same files once with `serde_json`. Used by `scripts/bench.sh`; not a test.
//!
//! `cargo run --release --example bench -- DIR [ROUNDS]`

use std::time::{Duration, Instant};

// The allocator the `posture` binary uses, so that the numbers are the CLI's.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: bench DIR [ROUNDS]");
    let rounds: usize = args.next().map_or(5, |r| r.parse().expect("ROUNDS is a number"));
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("readable directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| (p.to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("UTF-8 file")))
        .collect();
    files.sort();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();

    let floor = best_of(rounds, || {
        for (_, text) in &files {
            std::hint::black_box(serde_json::from_str::<serde_json::Value>(text).ok());
        }
    });
    // `analyze` borrows its inputs, as the floor borrows its text: the copies are made once.
    let sources: Vec<posture::Source> = files.iter().map(|(n, t)| posture::Source::new(n.clone(), t.clone())).collect();
    let mut findings = 0;
    let core = best_of(rounds, || {
        findings = posture::analyze(&sources, &posture::Options::default()).findings.len();
    });
    println!("files\t{}\nbytes\t{bytes}\nfindings\t{findings}", files.len());
    println!("serde_json_parse_ms\t{:.1}", ms(floor));
    println!("posture_analyze_ms\t{:.1}", ms(core));
    println!("ratio_to_floor\t{:.2}", core.as_secs_f64() / floor.as_secs_f64());
}

fn best_of(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
