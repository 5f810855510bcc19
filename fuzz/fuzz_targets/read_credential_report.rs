//! The IAM credential report: the text as the CSV body after the report's header line, and the
//! same CSV base64-encoded in `aws iam get-credential-report`'s JSON. Read only (no checks, no report), asserting as `common::read`.
//! `scripts/fuzz.sh read_credential_report`
#![no_main]

#[path = "common.rs"]
mod common;

use posture::Source;

const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,\
password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,\
access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,\
cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // The body as bytes: a report saved by another tool may not be UTF-8.
    let mut csv = HEADER.as_bytes().to_vec();
    csv.extend_from_slice(data);
    let json = format!(
        "{{\"Content\": \"{}\", \"ReportFormat\": \"text/csv\", \"GeneratedTime\": \"2026-11-28T10:00:00+00:00\"}}",
        base64(&csv)
    );
    let sources = [Source::from_bytes("report.csv", csv), Source::new("get-credential-report.json", json)];
    common::read(&sources);
});

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
