//! The snapshot bundle reader. The text is split into outputs at ASCII record separators
//! (U+001E); an output whose first line starts with `aws ` takes that line as its command. An
//! output that is JSON goes into the bundle as written (so spans point into it), any other as a
//! JSON string. Read only (no checks, no report), asserting as `common::read`.
//! `scripts/fuzz.sh read_bundle`
#![no_main]

#[path = "common.rs"]
mod common;

use posture::Source;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
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
    common::read(&[Source::new("bundle.json", bundle)]);
});
