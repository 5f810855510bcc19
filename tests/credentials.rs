#![cfg(not(target_arch = "wasm32"))]
//! The credential checks beyond their fixtures: which time is "now", thresholds from the
//! configuration, needs met by either form of the credential report, and credential reports
//! whose rows cannot all be read (located errors, the other rows still checked, never a panic).

use std::fmt::Write as _;
use std::process::Command;

use posture::{analyze, Config, Options, Report, Source};

const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,\
password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,\
access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,\
cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

/// A user row with a console password and no MFA, and an active key 1 rotated `rotated`.
fn row(user: &str, rotated: &str) -> String {
    format!(
        "{user},arn:aws:iam::123456789012:user/{user},2020-01-01T00:00:00+00:00,true,2026-11-19T00:00:00+00:00,\
         2026-01-01T00:00:00+00:00,N/A,false,true,{rotated},2026-11-19T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,\
         N/A,false,N/A,false,N/A"
    )
}

fn csv(rows: &[String]) -> String {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        let _ = writeln!(text, "{r}");
    }
    text
}

/// Standard base64, for the `get-credential-report` shape.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

fn with_now(now: Option<&str>) -> Options {
    Options { now: now.map(String::from), ..Options::default() }
}

fn flagged<'r>(report: &'r Report, rule: &str) -> Vec<&'r str> {
    report.findings.iter().filter(|f| f.rule == rule).map(|f| f.resource.as_str()).collect()
}

#[test]
fn now_option_dates_a_raw_csv_which_states_no_time() {
    let text = csv(&[row("old", "2026-06-01T00:00:00+00:00"), row("new", "2026-11-01T00:00:00+00:00")]);
    let sources = [Source::new("report.csv", text)];
    let none = analyze(&sources, &Options::default());
    assert!(flagged(&none, "access-key-not-rotated").is_empty(), "no time, no age");
    assert!(none.inputs[0].notes.iter().any(|n| n.rule == "access-key-not-rotated" && n.message.contains("--now")));
    let report = analyze(&sources, &with_now(Some("2026-11-20T10:00:00Z")));
    assert_eq!(flagged(&report, "access-key-not-rotated"), ["old"]);
    let later = analyze(&sources, &with_now(Some("2027-03-01T00:00:00+01:00")));
    assert_eq!(flagged(&later, "access-key-not-rotated"), ["old", "new"]);
}

#[test]
fn generated_time_is_now_for_the_report_and_captured_for_list_access_keys() {
    let report = serde_json::json!({
        "Content": base64(csv(&[row("ops", "2026-08-25T10:00:00+00:00")]).as_bytes()),
        "ReportFormat": "text/csv",
        "GeneratedTime": "2026-11-20T10:00:00+00:00",
    });
    let keys = serde_json::json!({"AccessKeyMetadata": [
        {"UserName": "ci", "AccessKeyId": "AKIA111111111EXAMPLE", "Status": "Active", "CreateDate": "2026-08-25T10:00:00Z"}
    ]});
    let bundle = serde_json::json!({
        "bundle": 1, "account": "123456789012", "captured": "2026-12-20T10:00:00Z",
        "outputs": [
            {"command": "aws iam get-credential-report", "output": report},
            {"command": "aws iam list-access-keys --user-name ci", "output": keys},
        ],
    });
    let sources = [Source::new("bundle.json", bundle.to_string())];
    // `--now` loses to the times the input states.
    let out = analyze(&sources, &with_now(Some("2030-01-01T00:00:00Z")));
    // 87 days before the report was generated; 117 before the bundle was captured.
    assert_eq!(flagged(&out, "access-key-not-rotated"), ["ci"]);
    // Without a bundle, the report's time is the snapshot's, for list-access-keys too.
    let alone = [Source::new("report.json", report.to_string()), Source::new("keys.json", keys.to_string())];
    let out = analyze(&alone, &with_now(Some("2030-01-01T00:00:00Z")));
    assert!(flagged(&out, "access-key-not-rotated").is_empty());
}

#[test]
fn thresholds_come_from_the_configuration() {
    let text = csv(&[row("ops", "2026-10-01T00:00:00+00:00")]);
    let sources = [Source::new("report.csv", text)];
    let mut options = with_now(Some("2026-11-20T10:00:00Z"));
    assert!(flagged(&analyze(&sources, &options), "access-key-not-rotated").is_empty());
    options.config = Config::from_json(r#"{"thresholds": {"access-key-max-age-days": 30}}"#).unwrap();
    assert_eq!(flagged(&analyze(&sources, &options), "access-key-not-rotated"), ["ops"]);
    // Last used 2026-11-19: a day old.
    options.config = Config::from_json(r#"{"thresholds": {"unused-credentials-days": 1}}"#).unwrap();
    assert_eq!(flagged(&analyze(&sources, &options), "unused-credentials"), ["ops", "ops"]);
    assert!(Config::from_json(r#"{"thresholds": {"access-key-max-age-days": -1}}"#).is_err());
}

#[test]
fn either_form_of_the_report_meets_a_need_and_a_skipped_check_names_both() {
    let keys = r#"{"AccessKeyMetadata": [{"UserName": "ci", "AccessKeyId": "AKIA1", "Status": "Active", "CreateDate": "2026-11-01T00:00:00Z"}]}"#;
    let report = analyze(&[Source::new("keys.json", keys)], &with_now(Some("2026-11-20T00:00:00Z")));
    let needs = |rule: &str| report.skipped.iter().find(|s| s.rule == rule).map(|s| s.needs.clone());
    assert_eq!(needs("unused-credentials"), Some(vec!["iam.get-credential-report|iam.credential-report-csv"]));
    assert_eq!(needs("root-mfa-disabled"), Some(vec!["iam.get-credential-report|iam.credential-report-csv"]));
    assert_eq!(needs("long-term-access-key"), None, "list-access-keys meets it");
    assert_eq!(flagged(&report, "long-term-access-key"), ["ci"]);
    let text = report.to_text(&[], posture::report::TextOptions { color: false });
    assert!(
        text.contains("`aws iam get-credential-report` or `IAM credential report (CSV)`"),
        "the text report lists the alternatives:\n{text}"
    );
    let csv = analyze(&[Source::new("r.csv", csv(&[row("a", "N/A")]))], &Options::default());
    assert!(csv.skipped.iter().all(|s| !s.rule.contains("mfa") && s.rule != "unused-credentials"));
}

#[test]
fn rows_that_cannot_be_read_are_located_errors_and_the_others_are_checked() {
    let good = row("alice", "2026-01-01T00:00:00+00:00");
    let short = "bob,arn:aws:iam::123456789012:user/bob,2020-01-01T00:00:00+00:00,true".to_string();
    let long = format!("{},extra", row("carol", "2026-01-01T00:00:00+00:00"));
    let stray = row("da\"ve", "2026-01-01T00:00:00+00:00");
    let last = row("erin", "2026-01-01T00:00:00+00:00");
    let text = csv(&[good, short, long, stray, last]);
    let out = analyze(&[Source::new("r.csv", text.clone())], &with_now(Some("2026-11-20T00:00:00Z")));
    let input = &out.inputs[0];
    assert_eq!(input.kind, Some("iam.credential-report-csv"), "still recognised, still read");
    let error = input.error.as_ref().expect("a located input error");
    assert_eq!(error.rule, "input-not-json");
    assert_eq!((error.line, error.column), (3, 70), "just after the short row's 69 characters: {}", error.message);
    assert!(error.message.contains("missing a column"), "{}", error.message);
    assert!(error.message.contains("2 other rows cannot be read either"), "{}", error.message);
    assert_eq!(flagged(&out, "console-user-without-mfa"), ["alice", "erin"]);

    // The same through `get-credential-report`: located at `Content`, the row's line in the text.
    let json = format!(r#"{{"Content": "{}", "ReportFormat": "text/csv"}}"#, base64(text.as_bytes()));
    let out = analyze(&[Source::new("r.json", json)], &with_now(Some("2026-11-20T00:00:00Z")));
    let error = out.inputs[0].error.as_ref().expect("a located input error");
    assert_eq!((error.line, error.column), (1, 13));
    assert!(error.message.contains("(line 3, column 70 of the decoded `Content`)"), "{}", error.message);
    assert_eq!(flagged(&out, "console-user-without-mfa"), ["alice", "erin"]);
}

#[test]
fn an_unclosed_quote_does_not_swallow_the_rows_after_its_line() {
    let text = csv(&[
        row("alice", "2026-01-01T00:00:00+00:00"),
        format!("\"{}", row("bob", "2026-01-01T00:00:00+00:00")),
        row("carol", "2026-01-01T00:00:00+00:00"),
    ]);
    let out = analyze(&[Source::new("r.csv", text)], &Options::default());
    let error = out.inputs[0].error.as_ref().expect("a located input error");
    assert_eq!((error.line, error.column), (3, 1));
    assert!(error.message.starts_with("this quote is never closed"), "{}", error.message);
    assert_eq!(flagged(&out, "console-user-without-mfa"), ["alice", "carol"]);
}

#[test]
fn now_on_the_command_line_is_used_and_checked() {
    let dir = std::env::temp_dir().join(format!("posture-creds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.csv");
    std::fs::write(&path, csv(&[row("ops", "2026-06-01T00:00:00+00:00")])).unwrap();
    let run = |now: &str| {
        Command::new(env!("CARGO_BIN_EXE_posture"))
            .args(["check", "--format", "json", "--fail-on", "critical", "--now", now])
            .arg(&path)
            .output()
            .unwrap()
    };
    let count = |now: &str| {
        let out = run(now);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "access-key-not-rotated").count()
    };
    assert_eq!(count("2026-08-01T00:00:00Z"), 0);
    assert_eq!(count("2026-11-20T10:00:00+02:00"), 1);
    assert_eq!(run("2026-02-30T00:00:00Z").status.code(), Some(2), "no such day");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

    /// Whatever a credential report's body holds (Unicode, quotes in the wrong place, rows of
    /// any width), it is read or refused without a panic, and its error lies inside the text.
    #[test]
    fn any_rows_are_read_or_located(
        rows in proptest::collection::vec(
            proptest::collection::vec("[a-zé😀\u{202e}\"\r\n,0-9:T+-]{0,8}", 0..25), 0..8),
    ) {
        let mut text = format!("{HEADER}\n");
        for fields in &rows {
            text.push_str(&fields.join(","));
            text.push('\n');
        }
        let out = analyze(&[Source::new("r.csv", text.clone())], &with_now(Some("2026-11-20T00:00:00Z")));
        proptest::prop_assert_eq!(out.inputs.len(), 1);
        if let Some(error) = &out.inputs[0].error {
            let lines = u32::try_from(text.lines().count().max(1)).unwrap();
            proptest::prop_assert!(error.line >= 1 && error.line <= lines + 1, "{:?}", error);
            let start = error.range.start as usize;
            proptest::prop_assert!(start <= text.encode_utf16().count(), "{:?}", error);
        }
        for finding in &out.findings {
            proptest::prop_assert!(finding.location.line >= 2);
        }
    }
}

/// Reading is linear: a report of 20,000 rows, every other one unreadable, and one whose quote
/// is never closed on its first row, are read in one or two passes (the suite's time shows a
/// regression; nothing here is timed).
#[test]
fn large_reports_with_many_bad_rows_are_read() {
    let mut rows = Vec::new();
    for i in 0..20_000 {
        rows.push(if i % 2 == 0 { row(&format!("u{i}"), "2026-01-01T00:00:00+00:00") } else { format!("u{i},x") });
    }
    let out = analyze(&[Source::new("r.csv", csv(&rows))], &Options::default());
    assert_eq!(flagged(&out, "console-user-without-mfa").len(), 10_000);
    assert!(out.inputs[0].error.as_ref().unwrap().message.contains("9999 other rows"));
    rows[0] = format!("\"{}", rows[0]);
    let out = analyze(&[Source::new("r.csv", csv(&rows))], &Options::default());
    assert_eq!(flagged(&out, "console-user-without-mfa").len(), 9_999);
}

/// A report trimmed by hand is still read, and says which columns the checks missed.
#[test]
fn a_header_without_a_column_the_checks_read_is_remarked_on() {
    let text = "user,arn,user_creation_time,password_enabled\n\
                alice,arn:aws:iam::123456789012:user/alice,2020-01-01T00:00:00+00:00,true\n";
    let out = analyze(&[Source::new("r.csv", text)], &Options::default());
    assert!(out.inputs[0].error.is_none());
    let note = out.inputs[0].notes.iter().find(|n| n.message.contains("`mfa_active`")).expect("a remark");
    assert_eq!((note.location.line, note.location.column), (1, 1));
    assert!(note.message.contains("decide nothing"), "{}", note.message);
    assert!(flagged(&out, "console-user-without-mfa").is_empty());
}

/// A date that is no date, and no value AWS documents, is noted on the input, never guessed.
#[test]
fn a_value_that_is_no_date_is_noted_not_judged() {
    let text = csv(&[row("ops", "last tuesday")]);
    let out = analyze(&[Source::new("r.csv", text)], &with_now(Some("2026-11-20T10:00:00Z")));
    assert!(flagged(&out, "access-key-not-rotated").is_empty());
    let note = out.inputs[0].notes.iter().find(|n| n.rule == "access-key-not-rotated").expect("a note");
    assert!(note.message.starts_with("`last tuesday` is not a date"), "{}", note.message);
    assert_eq!(note.location.line, 2);
    assert_eq!(flagged(&out, "long-term-access-key"), ["ops"], "the key is still active");
}

/// A key that the report and `list-access-keys` both give is one key: named by its id, dated
/// by the report's last use.
#[test]
fn a_key_given_twice_is_judged_once_with_both_readings() {
    let report = serde_json::json!({
        "Content": base64(csv(&[row("ops", "2026-01-01T00:00:00+00:00")]).replace(
            "2026-11-19T00:00:00+00:00,us-east-1", "2026-02-01T00:00:00+00:00,us-east-1").as_bytes()),
        "ReportFormat": "text/csv",
        "GeneratedTime": "2026-11-20T10:00:00+00:00",
    });
    let keys = serde_json::json!({"AccessKeyMetadata": [
        {"UserName": "ops", "AccessKeyId": "AKIA111111111EXAMPLE", "Status": "Active", "CreateDate": "2026-01-01T00:00:00Z"}
    ]});
    let sources = [Source::new("report.json", report.to_string()), Source::new("keys.json", keys.to_string())];
    let out = analyze(&sources, &Options::default());
    let messages = |rule: &str| -> Vec<String> {
        out.findings.iter().filter(|f| f.rule == rule).map(|f| f.message.clone()).collect()
    };
    assert_eq!(messages("long-term-access-key").len(), 1);
    assert!(messages("multiple-active-access-keys").is_empty());
    let rotated = messages("access-key-not-rotated");
    assert_eq!(rotated.len(), 1);
    assert!(rotated[0].contains("`AKIA111111111EXAMPLE` (key 1)"), "{rotated:?}");
    let unused = messages("unused-credentials");
    assert!(
        unused.iter().any(|m| m.contains("`AKIA111111111EXAMPLE` (key 1) was last used `2026-02-01")),
        "{unused:?}"
    );
    let finding = out.findings.iter().find(|f| f.rule == "access-key-not-rotated").unwrap();
    assert_eq!(finding.input, "keys.json", "located where list-access-keys gives the key");
}
