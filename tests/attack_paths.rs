#![cfg(not(target_arch = "wasm32"))]
//! The attack-path sample through the whole engine, as one bundle and as separate files: each
//! joined rule fires with a path whose hops are located in the inputs they came from; and
//! `exposed-instance-unpatched` is skipped without any Systems Manager input.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use posture::{analyze, Options, Report, Source};

const RULES: [&str; 3] =
    ["exposed-instance-privileged-role", "exposed-instance-unpatched", "privileged-user-weak-credentials"];

fn sample_text() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples/attack-path-snapshot.json")).unwrap()
}

/// The sample's outputs as separate files, each named after its command's last word, less
/// the outputs `keep` rejects.
fn as_files(keep: impl Fn(&str) -> bool) -> Vec<Source> {
    let bundle: serde_json::Value = serde_json::from_str(&sample_text()).unwrap();
    let outputs = bundle["outputs"].as_array().unwrap();
    let mut sources = Vec::new();
    for (i, o) in outputs.iter().enumerate() {
        let command = o["command"].as_str().unwrap();
        if !keep(command) {
            continue;
        }
        let name = format!("{i}-{}.json", command.split(' ').nth(2).unwrap());
        sources.push(Source::from_bytes(name, serde_json::to_vec_pretty(&o["output"]).unwrap()));
    }
    sources
}

fn options() -> Options {
    Options { now: Some("2026-11-20T10:00:00Z".to_string()), ..Options::default() }
}

fn fired(report: &Report) -> BTreeSet<&str> {
    report.findings.iter().map(|f| f.rule).collect()
}

#[test]
fn the_sample_bundle_shows_every_joined_rule() {
    let report = analyze(&[Source::from_bytes("attack-path-snapshot.json", sample_text().into_bytes())], &options());
    let rules = fired(&report);
    for rule in RULES {
        assert!(rules.contains(rule), "`{rule}` not in {rules:?}");
    }
}

#[test]
fn separate_files_give_paths_across_inputs() {
    let report = analyze(&as_files(|_| true), &options());
    for rule in RULES {
        let f = report.findings.iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("`{rule}` fired"));
        let inputs: BTreeSet<&str> = f.path.iter().map(|h| h.input.as_str()).collect();
        assert!(inputs.len() >= 2, "{rule}: hops in {inputs:?}");
        assert!(f.path.iter().all(|h| h.location.line > 0), "{rule}: every hop located");
    }
    let role = report.findings.iter().find(|f| f.rule == "exposed-instance-privileged-role").unwrap();
    let inputs: BTreeSet<&str> = role.path.iter().map(|h| h.input.as_str()).collect();
    assert!(inputs.iter().any(|i| i.contains("describe-instances")), "{inputs:?}");
    assert!(inputs.iter().any(|i| i.contains("get-account-authorization-details")), "{inputs:?}");
}

#[test]
fn unpatched_is_skipped_without_systems_manager_inputs() {
    let report = analyze(&as_files(|c| !c.starts_with("aws ssm")), &options());
    assert!(!fired(&report).contains("exposed-instance-unpatched"));
    let skipped = report.skipped.iter().find(|s| s.rule == "exposed-instance-unpatched").expect("listed as skipped");
    assert_eq!(skipped.needs, ["ssm.describe-instance-patch-states|ssm.describe-instance-information"]);
}

#[test]
fn joined_iam_rules_are_skipped_without_authorization_details() {
    let report = analyze(&as_files(|c| !c.contains("authorization-details")), &options());
    for rule in ["exposed-instance-privileged-role", "privileged-user-weak-credentials"] {
        let skipped = report.skipped.iter().find(|s| s.rule == rule).unwrap_or_else(|| panic!("`{rule}` skipped"));
        assert_eq!(skipped.needs, ["iam.get-account-authorization-details"]);
    }
}
