//! The snapshot bundle reader alone (no checks, no report) on `inputs::bundle_source`. Asserts
//! as `common::read`.
//! `scripts/fuzz.sh read_bundle`
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "inputs.rs"]
mod inputs;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    common::read(&[inputs::bundle_source(text)]);
});
