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

/// A policy with findings, and `aws iam list-users` (recognised, not reviewed).
fn policy_and_users() -> (PathBuf, PathBuf) {
    let policy = temp(
        "admin.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "`<img src=x>`", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    );
    let users = temp(
        "users.json",
        r#"{"Users": [{"Path": "/", "UserName": "Juan", "UserId": "AIDAEXAMPLE", "Arn": "arn:aws:iam::123456789012:user/Juan"}]}"#,
    );
    (policy, users)
}

#[test]
fn each_input_says_how_many_checks_reviewed_it() {
    let (policy, users) = policy_and_users();
    let out = posture(&["check", "--format", "json", policy.to_str().unwrap(), users.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a known but unreviewed output is no input error");
    let report = json(&out);
    let policy_checks = report["inputs"][0]["reviewed_by"].as_u64().unwrap();
    assert!(policy_checks >= 15, "every policy check ran on the policy: {policy_checks}");
    assert_eq!(report["inputs"][1]["kind"], "iam.list-users");
    assert!(report["inputs"][1]["error"].is_null());
    assert_eq!(report["inputs"][1]["reviewed_by"], 0);
    let note = report["inputs"][1]["notes"][0]["message"].as_str().unwrap();
    assert_eq!(
        note,
        "`aws iam list-users` output: recognised, not reviewed; the same data is in `aws iam get-account-authorization-details`"
    );
    // An input that could not be read has no count.
    let broken = fixture("input-not-json/flagged/truncated.json");
    let report = json(&posture(&["check", "--format", "json", &broken]));
    assert!(report["inputs"][0].get("reviewed_by").is_none(), "{report}");
}

#[test]
fn a_snapshot_check_counts_for_every_kind_it_reads() {
    let groups = temp(
        "sg.json",
        r#"{"SecurityGroups": [{"GroupId": "sg-0a1b2c3d", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}]}"#,
    );
    let acls = temp("acl.json", r#"{"NetworkAcls": []}"#);
    let instances = temp("i.json", r#"{"Reservations": []}"#);
    let routes = temp("rt.json", r#"{"RouteTables": []}"#);
    let paths = [&groups, &acls, &instances, &routes].map(|p| p.to_str().unwrap().to_owned());
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let report = json(&posture(&args));
    let count = |i: usize| report["inputs"][i]["reviewed_by"].as_u64().unwrap();
    // The five `sg-*` checks and `instance-internet-exposed`.
    assert_eq!(count(0), 6, "{report}");
    // `nacl-open-admin-port`, and `instance-internet-exposed`, which reads ACLs when given.
    assert_eq!(count(1), 2, "{report}");
    assert!(count(2) >= 2 && count(3) >= 1, "{report}");
}

#[test]
fn no_findings_is_said_only_of_what_was_reviewed() {
    let groups = temp(
        "quiet-sg.json",
        r#"{"SecurityGroups": [{"GroupId": "sg-0a1b2c3d", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}]}"#,
    );
    let users = policy_and_users().1;
    let out = posture(&["check", groups.to_str().unwrap(), users.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("no findings in what was reviewed (2 inputs)\n"), "{text}");
    assert!(!text.contains("no findings in 2 inputs"), "{text}");
    assert!(text.contains("users.json (`aws iam list-users`): no check ran on it\n"), "{text}");
    assert!(text.contains("not reviewed: 1 check needs `aws ec2 describe-instances`"), "{text}");

    let markdown =
        String::from_utf8(posture(&["check", "--format", "markdown", groups.to_str().unwrap()]).stdout).unwrap();
    assert!(markdown.contains("No findings in what was reviewed"), "{markdown}");
    assert!(markdown.contains("\n## Not reviewed\n"), "{markdown}");

    let sarif = json(&posture(&["check", "--format", "sarif", groups.to_str().unwrap(), users.to_str().unwrap()]));
    let run = &sarif["runs"][0];
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let skipped = notes.iter().find(|n| n["associatedRule"]["id"] == "instance-internet-exposed").unwrap();
    assert_eq!(skipped["level"], "warning");
    assert_eq!(skipped["descriptor"]["id"], "check-skipped");
    let rule_index = usize::try_from(skipped["associatedRule"]["index"].as_u64().unwrap()).unwrap();
    assert_eq!(run["tool"]["driver"]["rules"][rule_index]["id"], "instance-internet-exposed");
    let input = notes.iter().find(|n| n["descriptor"]["id"] == "input-not-reviewed").unwrap();
    assert_eq!(input["level"], "note");
    assert!(input["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("users.json"));
    assert_eq!(run["tool"]["driver"]["notifications"][1]["id"], "input-not-reviewed");
}

#[test]
fn a_sid_with_backticks_stays_one_code_span_in_every_format() {
    let (policy, _) = policy_and_users();
    let report = json(&posture(&["check", "--format", "json", policy.to_str().unwrap()]));
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("statement `` `<img src=x>` `` "), "{message}");
    let markdown =
        String::from_utf8(posture(&["check", "--format", "markdown", policy.to_str().unwrap()]).stdout).unwrap();
    assert!(markdown.contains("| statement `` `<img src=x>` `` "), "{markdown}");
    let text = String::from_utf8(posture(&["check", policy.to_str().unwrap()]).stdout).unwrap();
    assert!(text.contains("statement `` `<img src=x>` `` "), "{text}");
}

#[test]
fn terminal_escapes_and_bidi_controls_from_an_input_never_reach_the_output() {
    let policy = temp(
        "esc\u{202e}nosj.json",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"a\\u001b[2Jb\\u202ec\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
    );
    // The JSON report is data (the page escapes what it shows); every format meant for
    // reading shows the characters escaped.
    for format in ["text", "markdown", "csv", "sarif"] {
        let out = posture(&["check", "--format", format, policy.to_str().unwrap()]);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'), "{format}: {stdout}");
        let shown = if format == "sarif" {
            json(&posture(&["check", "--format", format, policy.to_str().unwrap()]))["runs"][0]["results"][0]["message"]
                ["text"]
                .as_str()
                .unwrap()
                .to_owned()
        } else {
            stdout
        };
        assert!(shown.contains("\\u{1b}[2Jb\\u{202e}c"), "{format}: shown escaped: {shown}");
    }
}

#[test]
fn kinds_lists_supported_and_known_outputs_with_their_commands() {
    let out = posture(&["kinds", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let kinds = json(&out);
    let kinds = kinds.as_array().unwrap();
    let find = |id: &str| kinds.iter().find(|k| k["id"] == id).unwrap_or_else(|| panic!("{id}"));
    assert_eq!(find("kms.get-key-rotation-status")["command"], "aws kms get-key-rotation-status --key-id KEY");
    assert_eq!(find("ec2.describe-security-groups")["supported"], true);
    let users = find("iam.list-users");
    assert_eq!((users["supported"].as_bool(), users["reviewed"].as_bool()), (Some(false), Some(false)));
    assert_eq!(users["instead"], "aws iam get-account-authorization-details");
    let text = String::from_utf8(posture(&["kinds"]).stdout).unwrap();
    assert!(text.lines().count() == kinds.len(), "{text}");
}

#[test]
fn a_bundle_counts_the_checks_that_ran_on_any_of_its_outputs() {
    let bundle = temp(
        "bundle.json",
        r#"{"bundle": 1, "account": "123456789012", "region": "eu-west-1", "captured": "2026-11-20T10:00:00Z", "outputs": [
  {"command": "aws ec2 describe-security-groups", "output": {"SecurityGroups": []}},
  {"command": "aws iam list-users", "output": {"Users": []}},
  {"command": "aws ec2 describe-network-acls", "output": {"NetworkAcls": []}},
  {"command": "aws sts get-caller-identity", "error": {"code": "AccessDenied", "message": "no"}},
  {"command": "aws ec2 describe-vpcs", "error": {"code": "UnauthorizedOperation", "message": "no"}}
]}"#,
    );
    let out = posture(&["check", "--format", "json", bundle.to_str().unwrap()]);
    let report = json(&out);
    let inputs = report["inputs"].as_array().unwrap();
    let count = |i: usize| inputs[i]["reviewed_by"].as_u64();
    // The five `sg-*` checks and `nacl-open-admin-port`, each once.
    assert_eq!(count(0), Some(6), "{report}");
    assert_eq!(count(1), Some(5));
    assert_eq!(count(2), Some(0), "`aws iam list-users` is recognised, not reviewed");
    assert_eq!(count(3), Some(1));
    assert_eq!(count(4), Some(0), "an error answer to a known command is quiet, not an input error");
    // Access denied is not an empty answer: the VPC checks stay skipped, the entry unreviewed.
    assert_eq!(inputs[5]["kind"], "ec2.describe-vpcs");
    assert_eq!(count(5), Some(0));
    let note = inputs[5]["notes"][0]["message"].as_str().unwrap();
    assert!(note.starts_with("not collected: the AWS answer was `UnauthorizedOperation`"), "{note}");
    let skipped: Vec<&str> =
        report["skipped"].as_array().unwrap().iter().map(|s| s["rule"].as_str().unwrap()).collect();
    assert!(skipped.contains(&"vpc-flow-logs-disabled") && skipped.contains(&"default-vpc-in-use"), "{skipped:?}");
    assert_eq!(out.status.code(), Some(0), "no input error");
}

#[test]
fn a_disabled_check_reviews_nothing() {
    let groups = temp(
        "sg-for-config.json",
        r#"{"SecurityGroups": [{"GroupId": "sg-0a1b2c3d", "GroupName": "web", "IpPermissions": [], "IpPermissionsEgress": []}]}"#,
    );
    let config = temp(
        "disable-sg.json",
        r#"{"rules": {"sg-wide-cidr": {"enabled": false}, "sg-open-to-world": {"enabled": false}}}"#,
    );
    let count = |args: &[&str]| json(&posture(args))["inputs"][0]["reviewed_by"].as_u64();
    let path = groups.to_str().unwrap();
    let all = count(&["check", "--format", "json", path]).unwrap();
    let fewer = count(&["check", "--format", "json", "--config", config.to_str().unwrap(), path]).unwrap();
    assert_eq!(all - fewer, 2);
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
