//! The policy reader alone (no checks, no report; `policy` runs the whole analysis) on the
//! inputs of `inputs::policy_sources`. Asserts as `common::read`.
//! `scripts/fuzz.sh read_policy`
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "inputs.rs"]
mod inputs;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    common::read(&inputs::policy_sources(text));
});
