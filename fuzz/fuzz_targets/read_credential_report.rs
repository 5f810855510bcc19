//! The credential report reader alone (no checks, no report) on the inputs of
//! `inputs::credential_report_sources`. Asserts as `common::read`.
//! `scripts/fuzz.sh read_credential_report`
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "inputs.rs"]
mod inputs;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read(&inputs::credential_report_sources(data));
});
