#![cfg(not(target_arch = "wasm32"))]
//! The collection script, run against a stand-in `aws` that answers from canned outputs:
//! it runs only read-only commands, and Posture reads the bundle it writes as one snapshot.

use std::path::Path;
use std::process::Command;

const FAKE_AWS: &str = r#"#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls.log"
case "$1 $2" in
  "sts get-caller-identity") echo '{"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/auditor"}' ;;
  "configure get") echo "eu-west-1" ;;
  "s3api list-buckets") echo '{"Buckets": [{"Name": "shared-data"}], "Owner": {"ID": "x"}}' ;;
  "s3api get-bucket-policy") echo '{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::shared-data/*\"}]}"}' ;;
  "ec2 describe-security-groups") echo '{"SecurityGroups": []}' ;;
  *) echo "An error occurred (AccessDenied) when calling the operation" >&2; exit 255 ;;
esac
"#;

#[test]
fn the_collection_script_writes_a_bundle_posture_reads() {
    let dir = std::env::temp_dir().join(format!("posture-collect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let aws = dir.join("aws");
    std::fs::write(&aws, FAKE_AWS).unwrap();
    Command::new("chmod").arg("+x").arg(&aws).status().unwrap();
    let out = dir.join("snapshot.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/posture-collect.py");
    let run = Command::new("python3").arg(&script).arg("-o").arg(&out).env("AWS_CLI", &aws).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("skipped `aws kms list-keys`: An error occurred (AccessDenied)"), "{stderr}");

    let calls = std::fs::read_to_string(dir.join("calls.log")).unwrap();
    for call in calls.lines() {
        let verb = call.split_whitespace().nth(1).unwrap_or("");
        assert!(
            ["describe-", "get-", "list-", "generate-"].iter().any(|p| verb.starts_with(p))
                || call.starts_with("configure get"),
            "not read-only: aws {call}"
        );
    }
    assert!(calls.contains("s3api get-bucket-policy --bucket shared-data"));

    let text = std::fs::read_to_string(&out).unwrap();
    let report = posture::analyze(&[posture::Source::new("snapshot.json", text)], &posture::Options::default());
    assert_eq!(report.inputs[0].kind, Some("bundle"));
    let kinds: Vec<_> = report.inputs[1..].iter().map(|i| i.kind).collect();
    assert!(kinds.contains(&Some("s3api.get-bucket-policy")) && kinds.contains(&Some("ec2.describe-security-groups")));
    assert!(report.inputs.iter().all(|i| i.error.is_none()), "{:?}", report.inputs);
    let finding = report.findings.iter().find(|f| f.rule == "service-wildcard").expect("the bucket policy is checked");
    assert_eq!(finding.resource, "shared-data");
}
