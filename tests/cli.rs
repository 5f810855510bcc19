#![cfg(not(target_arch = "wasm32"))]
//! The `posture` binary end to end: formats, exit codes, and inputs that fail on their own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn posture(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posture")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel).to_string_lossy().into_owned()
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("posture-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn admin_access_is_reported_with_the_statements_line_and_column() {
    let out = posture(&["check", "--format", "json", &fixture("admin-access/flagged/star-on-star.json")]);
    assert_eq!(out.status.code(), Some(1), "a critical finding fails at the default --fail-on high");
    let report = json(&out);
    let finding = report["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "admin-access").unwrap();
    assert_eq!(finding["location"]["line"], 4);
    assert_eq!(finding["location"]["column"], 5);
    assert_eq!(finding["location"]["pointer"], "/Statement/0");
    assert_eq!(finding["severity"], "critical");
    assert_eq!(finding["controls"][0], "FSBP IAM.1");
    assert_eq!(report["summary"]["critical"], 1);
}

#[test]
fn truncated_json_is_an_input_error_with_line_and_column_and_exit_2() {
    let out = posture(&["check", "--format", "json", &fixture("input-not-json/flagged/truncated.json")]);
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let error = &report["inputs"][0]["error"];
    assert_eq!(error["rule"], "input-not-json");
    assert_eq!(error["line"], 5);
    assert_eq!(error["column"], 1);
    assert!(report["inputs"][0]["kind"].is_null());
}

#[test]
fn a_broken_file_does_not_hide_another_files_findings() {
    let broken = fixture("input-not-json/flagged/truncated.json");
    let good = fixture("admin-access/flagged/star-on-star.json");
    let out = posture(&["check", "--format", "json", &broken, &good]);
    assert_eq!(out.status.code(), Some(2), "an unreadable input wins over findings for the exit status");
    let report = json(&out);
    assert_eq!(report["inputs"].as_array().unwrap().len(), 2);
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "admin-access" && f["input"] == good.as_str()));
    let missing = posture(&["check", "--format", "json", "/no/such/file.json", &good]);
    assert_eq!(missing.status.code(), Some(2));
    let report = json(&missing);
    assert!(report["inputs"][0]["error"]["message"].as_str().unwrap().contains("cannot read"));
    assert!(!report["findings"].as_array().unwrap().is_empty());
}

#[test]
fn the_report_is_deterministic() {
    let args = ["check", "--format", "json", &fixture("policy-invalid/flagged/grammar-errors.json")];
    assert_eq!(posture(&args).stdout, posture(&args).stdout);
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report = json(&out);
    assert_eq!(report["inputs"][0]["name"], "-");
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "service-wildcard"));
}

#[test]
fn fail_on_and_min_severity() {
    let file = fixture("duplicate-sid/flagged/repeated-sid.json");
    assert_eq!(posture(&["check", &file]).status.code(), Some(0), "a low finding passes --fail-on high");
    assert_eq!(posture(&["check", "--fail-on", "low", &file]).status.code(), Some(1));
    let out = posture(&["check", "--format", "json", "--min-severity", "medium", &file]);
    assert!(json(&out)["findings"].as_array().unwrap().is_empty());
    assert_eq!(posture(&["check", "--fail-on", "severe", &file]).status.code(), Some(2));
}

#[test]
fn config_disables_changes_and_ignores() {
    let config = temp(
        "config.json",
        r#"{"rules": {"duplicate-sid": {"severity": "high"}},
            "ignore": [{"rule": "admin-access", "resource": "star-on-star", "reason": "break-glass role, reviewed"}]}"#,
    );
    let config = config.to_string_lossy();
    let out = posture(&[
        "check",
        "--format",
        "json",
        "--config",
        &config,
        &fixture("admin-access/flagged/star-on-star.json"),
        &fixture("duplicate-sid/flagged/repeated-sid.json"),
    ]);
    let report = json(&out);
    assert_eq!(out.status.code(), Some(1), "duplicate-sid is high now");
    assert!(report["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "admin-access"));
    assert_eq!(report["suppressed"][0]["reason"], "break-glass role, reviewed");
    assert_eq!(report["findings"][0]["rule"], "duplicate-sid");
    assert_eq!(report["findings"][0]["severity"], "high");
    let bad = temp("bad-config.json", r#"{"rules": {"nope": {}}}"#);
    let out =
        posture(&["check", "--config", &bad.to_string_lossy(), &fixture("admin-access/flagged/star-on-star.json")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule `nope`"));
}

#[test]
fn every_format_is_produced() {
    let file = fixture("admin-access/flagged/star-on-star.json");
    let sarif: serde_json::Value =
        serde_json::from_slice(&posture(&["check", "--format", "sarif", &file]).stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "admin-access");
    let md = String::from_utf8(posture(&["check", "--format", "markdown", &file]).stdout).unwrap();
    assert!(md.contains("admin-access"));
    let csv = String::from_utf8(posture(&["check", "--format", "csv", &file]).stdout).unwrap();
    assert!(csv.starts_with("severity,rule,title,resource,input,line,column,pointer,message,controls"));
    let text = String::from_utf8(posture(&["check", &file]).stdout).unwrap();
    assert!(text.contains("critical[admin-access]") && text.contains("star-on-star.json:4:5"), "{text}");
    assert_eq!(posture(&["check", "--format", "yaml", &file]).status.code(), Some(2));
}

#[test]
fn rules_lists_every_check_with_its_three_texts() {
    let out = String::from_utf8(posture(&["rules"]).stdout).unwrap();
    for rule in posture::checks::rules() {
        assert!(out.contains(rule.id), "{} missing from `posture rules`", rule.id);
    }
    assert_eq!(out.matches("What it checks").count(), posture::checks::rules().count());
    assert_eq!(out.matches("Why it matters").count(), posture::checks::rules().count());
    assert_eq!(out.matches("How to fix").count(), posture::checks::rules().count());
    let one = String::from_utf8(posture(&["rules", "not-action-allow"]).stdout).unwrap();
    assert!(one.starts_with("not-action-allow") && one.contains("How to fix") && !one.contains("admin-access"));
    let json: serde_json::Value = serde_json::from_slice(&posture(&["rules", "--format", "json"]).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), posture::checks::rules().count());
    assert_eq!(posture(&["rules", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(posture(&["check"]).status.code(), Some(2));
    assert_eq!(posture(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(posture(&["check", "--now", "yesterday", "x.json"]).status.code(), Some(2));
    assert_eq!(posture(&["--help"]).status.code(), Some(0));
}

#[test]
fn simulate_answers_with_exit_codes_and_reasons() {
    let policy = temp(
        "simulate.json",
        r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::data/*"},
  {"Sid": "NoTls", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
]}"#,
    );
    let path = policy.to_str().unwrap();
    let ask = |extra: &[&str]| {
        let mut args =
            vec!["simulate", "--format", "json", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::data/a"];
        args.extend_from_slice(extra);
        args.push(path);
        posture(&args)
    };
    let allowed = ask(&["--context", "aws:SecureTransport=true"]);
    assert_eq!(allowed.status.code(), Some(0));
    let answer = json(&allowed);
    assert_eq!(answer["decision"], "allow");
    assert_eq!(answer["statements"][0]["decisive"], true);
    assert_eq!(answer["statements"][0]["location"]["line"], 2);
    let denied = ask(&["--context", "aws:SecureTransport=false"]);
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(json(&denied)["decision"], "explicit-deny");
    let reasons = json(&denied)["statements"][1]["reasons"].to_string();
    assert!(reasons.contains("`aws:SecureTransport` = `false` satisfies `Bool` `false`"), "{reasons}");

    let text = posture(&["simulate", "--action", "s3:PutObject", "--resource", "arn:aws:s3:::data/a", path]);
    assert_eq!(text.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("IMPLICIT DENY: implicitly denied: no statement allows the request"), "{stdout}");
    assert!(stdout.contains("- no `Action` pattern matches `s3:PutObject`"), "{stdout}");

    let usage = posture(&["simulate", "--action", "s3:Get*", "--resource", "*", path]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("is not an action"));
    let bad_context = posture(&["simulate", "--action", "s3:GetObject", "--resource", "*", "--context", "oops", path]);
    assert_eq!(bad_context.status.code(), Some(2));
}

/// `--principal` names a user or role of the authorization details: its own policies, its
/// groups' and its boundary answer, and the answer says which policy and statement decided.
#[test]
fn simulate_answers_for_one_principal_of_authorization_details() {
    let ask = |file: &str, principal: &str, action: &str| {
        let resource = if action == "iam:PassRole" { "arn:aws:iam::111122223333:role/app" } else { "*" };
        posture(&[
            "simulate",
            "--format",
            "json",
            "--principal",
            principal,
            "--action",
            action,
            "--resource",
            resource,
            &fixture(file),
        ])
    };
    // A user's group grants the action.
    let group = ask("privilege-escalation/flagged/user-and-its-group.json", "carol", "ec2:RunInstances");
    assert_eq!(group.status.code(), Some(0));
    let answer = json(&group);
    assert_eq!(answer["summary"], "allowed by statement `Launch` of `builders/launch` (inline of group builders)");
    // The same user by ARN.
    let arn = ask(
        "privilege-escalation/flagged/user-and-its-group.json",
        "arn:aws:iam::111122223333:user/carol",
        "iam:PassRole",
    );
    assert_eq!(arn.status.code(), Some(0));
    // A deny in a group policy wins.
    let denied = ask("privilege-escalation/clean/deny-in-group-policy.json", "carol", "iam:PassRole");
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(json(&denied)["decision"], "explicit-deny");
    assert!(json(&denied)["summary"].as_str().unwrap().contains("`NoPassRole` of `no-pass-role/guard`"));
    // The boundary does not allow what the policies allow.
    let bounded = ask("privilege-escalation/clean/boundary-without-pass-role.json", "deployer", "iam:PassRole");
    assert_eq!(bounded.status.code(), Some(1));
    let answer = json(&bounded);
    assert_eq!(answer["decision"], "implicit-deny");
    assert!(answer["summary"].as_str().unwrap().contains("permissions boundary `ec2-only-boundary`"), "{answer}");
    let within = ask("privilege-escalation/clean/boundary-without-pass-role.json", "deployer", "ec2:RunInstances");
    assert_eq!(within.status.code(), Some(0));
    let statements = json(&within)["statements"].as_array().unwrap().clone();
    assert!(statements.iter().any(|s| s["held"] == "boundary" && s["decisive"] == true));
    // Another principal's policies do not count; a group makes no requests; unknown names are errors.
    let other =
        ask("privilege-escalation/clean/user-without-the-group-that-launches.json", "carol", "ec2:RunInstances");
    assert_eq!(other.status.code(), Some(1));
    let group_asked = ask("privilege-escalation/flagged/user-and-its-group.json", "builders", "ec2:RunInstances");
    assert_eq!(group_asked.status.code(), Some(2));
    let nobody = ask("privilege-escalation/flagged/user-and-its-group.json", "nobody", "ec2:RunInstances");
    assert_eq!(nobody.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("no user or role of the authorization details"));
}
