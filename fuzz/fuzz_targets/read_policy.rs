//! The policy reader alone (no checks, no report; `policy` runs the whole analysis): the text
//! as a policy document given bare, inside a JSON string (`get-bucket-policy`) and URL-encoded
//! (`get-role`'s `AssumeRolePolicyDocument`). Asserts as `common::read`.
//! `scripts/fuzz.sh read_policy`
#![no_main]

#[path = "common.rs"]
mod common;

use posture::Source;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let quoted = serde_json::to_string(text).unwrap_or_default();
    let sources = [
        Source::new("bare.json", text),
        Source::new("bucket.json", format!("{{\"Policy\": {quoted}}}")),
        Source::new(
            "role.json",
            format!(
                "{{\"Role\": {{\"RoleName\": \"r\", \"Arn\": \"arn:aws:iam::111122223333:role/r\", \
                 \"AssumeRolePolicyDocument\": \"{}\"}}}}",
                percent_encode(text)
            ),
        ),
    ];
    common::read(&sources);
});

/// Every byte that is not unreserved becomes `%XX`, as the IAM API encodes documents.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
