//! The policy reader: the text as a policy document given bare, inside a JSON string
//! (`get-bucket-policy`) and URL-encoded (`get-role`'s `AssumeRolePolicyDocument` as the IAM API
//! returns it); then the simulator over the same inputs. Checks as in `common.rs`.
//! `scripts/fuzz.sh policy`
#![no_main]

#[path = "common.rs"]
mod common;

use posture::simulate::{simulate, Question};
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
    common::check(&sources);
    let question = Question {
        principal: Some("arn:aws:iam::111122223333:user/alice".into()),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::bucket/home/alice/x".into(),
        context: vec![("aws:SourceIp".into(), "10.0.0.1".into()), ("aws:PrincipalTag/team".into(), "é".into())],
    };
    if let Ok(answer) = simulate(&sources, &question) {
        let _ = (answer.to_json(), answer.to_text());
    }
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
