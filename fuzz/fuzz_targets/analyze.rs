//! Any bytes, as a file: Posture reports or errors, never panics or hangs. Checks as in
//! `common.rs`.
//! `scripts/fuzz.sh analyze`
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(&[posture::Source::from_bytes("fuzz.json", data.to_vec())]);
});
