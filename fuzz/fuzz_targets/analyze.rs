//! Any bytes, as a file: Posture reports or errors, never panics or hangs.
//! `cargo install cargo-fuzz --locked && cd fuzz && cargo fuzz run analyze --sanitizer none -- -max_total_time=60`
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let source = posture::Source::from_bytes("fuzz.json", data.to_vec());
    let report = posture::analyze(&[source], &posture::Options::default());
    assert_eq!(report.inputs.len().min(1), 1);
});
