//! Criterion benchmark of the core on every latest-version AWS managed policy, against the
//! floor of parsing the same files with `serde_json`.
//!
//! `scripts/bench-corpus.sh` writes the corpus to `.bench/managed-policies` (or set
//! `POSTURE_BENCH_CORPUS` to another directory of JSON files); without it the benchmark prints
//! a note and exits successfully, so `cargo bench` and `cargo test --benches` work anywhere.
//!
//! `cargo bench --bench managed_policies` (criterion's usual arguments and filters apply).

// The allocator the `posture` binary uses, so that the numbers are the CLI's.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use criterion::{Criterion, SamplingMode, Throughput};

    /// The corpus files, sorted by name, as (path, text).
    fn corpus(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .expect("readable corpus directory")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("UTF-8 corpus file");
                (p.to_string_lossy().into_owned(), text)
            })
            .collect();
        files.sort();
        files
    }

    pub fn main() {
        let dir = std::env::var_os("POSTURE_BENCH_CORPUS")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".bench/managed-policies"), PathBuf::from);
        if !dir.is_dir() {
            println!(
                "note: {} is absent; run scripts/bench-corpus.sh to fetch the AWS managed \
                 policies, then cargo bench --bench managed_policies. Skipped.",
                dir.display()
            );
            return;
        }
        let files = corpus(&dir);
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let sources: Vec<posture::Source> =
            files.iter().map(|(n, t)| posture::Source::new(n.clone(), t.clone())).collect();
        let options = posture::Options::default();
        println!("corpus: {} files, {bytes} bytes, from {}", files.len(), dir.display());

        let mut criterion = Criterion::default().configure_from_args();
        let mut group = criterion.benchmark_group("managed_policies");
        // One iteration takes tens of milliseconds: flat sampling, few samples.
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4))
            .throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("serde_json_parse", |b| {
            b.iter(|| {
                for (_, text) in &files {
                    std::hint::black_box(serde_json::from_str::<serde_json::Value>(text).ok());
                }
            });
        });
        group.bench_function("posture_analyze", |b| {
            b.iter(|| std::hint::black_box(posture::analyze(&sources, &options)));
        });
        group.finish();
        criterion.final_summary();
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}
