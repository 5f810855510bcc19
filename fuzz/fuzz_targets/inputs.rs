//! How the targets turn the fuzzer's bytes into inputs: shared by each reader's target
//! (`read_*`, the readers alone) and the target that runs the whole analysis on the same inputs.
// Each target uses some of these.
#![allow(dead_code)]

use posture::Source;

/// The text as a policy document given bare, inside a JSON string (`get-bucket-policy`) and
/// URL-encoded (`get-role`'s `AssumeRolePolicyDocument` as the IAM API returns it).
pub fn policy_sources(text: &str) -> [Source; 3] {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    [
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
    ]
}

/// Every byte that is not unreserved becomes `%XX`, as the IAM API encodes documents.
pub fn percent_encode(text: &str) -> String {
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

const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,\
password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,\
access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,\
cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";

/// The bytes as the credential report's CSV body (a report saved by another tool may not be
/// UTF-8), and the same report base64-encoded in `get-credential-report`'s JSON.
pub fn credential_report_sources(data: &[u8]) -> [Source; 2] {
    let mut csv = HEADER.as_bytes().to_vec();
    csv.extend_from_slice(data);
    let json = format!(
        "{{\"Content\": \"{}\", \"ReportFormat\": \"text/csv\", \"GeneratedTime\": \"2026-11-28T10:00:00+00:00\"}}",
        base64(&csv)
    );
    [Source::from_bytes("report.csv", csv), Source::new("get-credential-report.json", json)]
}

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

/// The text split into bundle outputs at ASCII record separators (U+001E); an output whose first
/// line starts with `aws ` takes that line as its command. An output that is JSON goes into the
/// bundle as written (so spans point into it), any other as a JSON string.
pub fn bundle_source(text: &str) -> Source {
    let mut outputs = Vec::new();
    for part in text.split('\u{1e}') {
        let (command, output) = match part.split_once('\n') {
            Some((first, rest)) if first.starts_with("aws ") => (first, rest),
            _ => ("aws iam get-role --role-name r", part),
        };
        let output = if posture::json::parse(output).is_ok() {
            output.to_string()
        } else {
            serde_json::to_string(output).unwrap_or_default()
        };
        let command = serde_json::to_string(command).unwrap_or_default();
        outputs.push(format!("{{\"command\": {command}, \"output\": {output}}}"));
    }
    let bundle = format!(
        "{{\"bundle\": 1, \"account\": \"111122223333\", \"region\": \"eu-west-1\", \
         \"captured\": \"2026-11-28T10:00:00Z\", \"outputs\": [\n{}\n]}}",
        outputs.join(",\n")
    );
    Source::new("bundle.json", bundle)
}
