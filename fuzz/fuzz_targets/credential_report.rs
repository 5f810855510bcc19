//! The IAM credential report (`inputs::credential_report_sources`: the CSV body, and base64 in
//! `get-credential-report`). Checks as in `common.rs`.
//! `scripts/fuzz.sh credential_report`
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "inputs.rs"]
mod inputs;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(&inputs::credential_report_sources(data));
});
