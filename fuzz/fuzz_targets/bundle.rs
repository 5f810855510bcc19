//! The snapshot bundle reader (`inputs::bundle_source`). Checks as in `common.rs`.
//! `scripts/fuzz.sh bundle`
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "inputs.rs"]
mod inputs;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    common::check(&[inputs::bundle_source(text)]);
});
