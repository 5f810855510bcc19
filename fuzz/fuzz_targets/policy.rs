//! The policy reader: the text as a policy document (`inputs::policy_sources`: bare, in a JSON
//! string, URL-encoded), then the simulator over the same inputs. Checks as in `common.rs`.
//! `scripts/fuzz.sh policy`
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "inputs.rs"]
mod inputs;

use posture::simulate::{simulate, Question};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sources = inputs::policy_sources(text);
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
