#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::cast_possible_truncation, clippy::items_after_statements, clippy::redundant_closure)]
//! Bad input gets a clear error or is analysed — never a panic or a hang — and one bad input
//! never hides another's findings. Property tests over random and mutated inputs, plus the
//! hostile cases PRODUCT.md names.

use posture::json;
use posture::{analyze, Options, Report, Source};
use proptest::prelude::*;

const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": ["s3:*", "iam:PassRole"], "Resource": "*",
     "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}}},
    {"Sid": "B", "Effect": "Deny", "NotAction": "kms:*", "NotResource": "arn:aws:kms:*:*:key/*"}
  ]
}"#;

fn run(texts: &[&str]) -> Report {
    let sources: Vec<Source> = texts.iter().enumerate().map(|(i, t)| Source::new(format!("in{i}.json"), *t)).collect();
    analyze(&sources, &Options::default())
}

/// Every location in the report lies inside its input.
fn assert_locations_valid(report: &Report, texts: &[&str]) {
    for f in &report.findings {
        let i: usize = f.input.trim_start_matches("in").trim_end_matches(".json").parse().unwrap();
        let lines = texts[i].split('\n').count() as u32;
        assert!(f.location.line >= 1 && f.location.line <= lines, "{f:?}");
        assert!(f.location.column >= 1);
        assert!(f.range.start <= f.range.end);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let report = run(&[&text]);
        prop_assert_eq!(report.inputs.len(), 1);
    }

    #[test]
    fn every_truncation_is_a_located_error(cut in 0..POLICY.len()) {
        let text = &POLICY[..cut];
        let report = run(&[text]);
        let error = report.inputs[0].error.as_ref();
        prop_assert!(error.is_some(), "truncated at {} but no error", cut);
        let error = error.unwrap();
        prop_assert_eq!(error.rule, "input-not-json");
        prop_assert!(error.line as usize <= text.split('\n').count());
    }

    #[test]
    fn mutated_policies_are_analysed_or_rejected(pos in 0..POLICY.len(), byte in prop::sample::select(b"{}[]\":,\\ *xA0".to_vec())) {
        let mut bytes = POLICY.as_bytes().to_vec();
        bytes[pos] = byte;
        let text = String::from_utf8(bytes).unwrap();
        let report = run(&[&text, POLICY]);
        assert_locations_valid(&report, &[&text, POLICY]);
        // The intact second input is always analysed, whatever happened to the first.
        prop_assert!(report.inputs[1].error.is_none());
        prop_assert!(report.findings.iter().any(|f| f.input == "in1.json" && f.rule == "service-wildcard"));
    }

    /// Our parser accepts exactly what serde_json accepts (on text without lone surrogates,
    /// which we read as U+FFFD rather than reject).
    #[test]
    fn parser_agrees_with_serde_json(text in r#"[\[\]{}":, 0-9a-z.eE+\-\\ntrufalse]{0,40}"#) {
        let ours = json::parse(&text).is_ok();
        let theirs = serde_json::from_str::<serde_json::Value>(&text).is_ok();
        prop_assert_eq!(ours, theirs, "on {:?}", text);
    }

    #[test]
    fn generated_json_round_trips(value in arb_json()) {
        let text = serde_json::to_string_pretty(&value).unwrap();
        let parsed = json::parse(&text).unwrap();
        prop_assert_eq!(to_serde(&parsed), value);
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::Value::from(n)),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-zA-Z~/]{0,6}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn to_serde(v: &json::Value) -> serde_json::Value {
    match &v.kind {
        json::Kind::Null => serde_json::Value::Null,
        json::Kind::Bool(b) => serde_json::Value::Bool(*b),
        json::Kind::Number(n) => serde_json::from_str(n).unwrap(),
        json::Kind::String(s) => serde_json::Value::String(s.to_string()),
        json::Kind::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
        json::Kind::Object(members) => {
            serde_json::Value::Object(members.iter().map(|m| (m.key.to_string(), to_serde(&m.value))).collect())
        }
    }
}

#[test]
fn pointers_resolve_to_the_value_they_name() {
    let value = json::parse(POLICY).unwrap();
    let serde: serde_json::Value = serde_json::from_str(POLICY).unwrap();
    fn walk(v: &json::Value, root: &json::Value, serde: &serde_json::Value) {
        let pointer = root.pointer_to(v.span);
        assert_eq!(serde.pointer(&pointer).map(ToString::to_string), Some(to_serde(v).to_string()), "{pointer}");
        match &v.kind {
            json::Kind::Array(items) => items.iter().for_each(|i| walk(i, root, serde)),
            json::Kind::Object(members) => members.iter().for_each(|m| walk(&m.value, root, serde)),
            _ => {}
        }
    }
    walk(&value, &value, &serde);
}

#[test]
fn hostile_inputs_get_clear_errors() {
    let deep = "[".repeat(100_000);
    let deep_objects = "{\"a\":".repeat(100_000);
    let report = run(&[&deep, &deep_objects]);
    for input in &report.inputs {
        let error = input.error.as_ref().unwrap();
        assert!(error.message.contains("nesting deeper than"), "{}", error.message);
    }
    // A 64 MiB string is read in linear time (a 1 GB one works the same way; it is not
    // allocated here to keep the suite light).
    let big = format!("{{\"Statement\": [], \"Id\": \"{}\"}}", "x".repeat(64 << 20));
    let report = run(&[&big]);
    assert!(report.inputs[0].error.is_none());
    let unterminated = format!("\"{}", "y".repeat(16 << 20));
    assert!(run(&[&unterminated]).inputs[0].error.as_ref().unwrap().message.contains("not closed"));
}

#[test]
fn html_in_input_stays_data() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"<img src=x onerror=alert(1)>","Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let report = run(&[text]);
    let finding = report.findings.iter().find(|f| f.rule == "admin-access").unwrap();
    assert!(
        finding.message.contains("<img src=x onerror=alert(1)>"),
        "the report carries the Sid verbatim; the page renders it as text"
    );
}

#[test]
fn invalid_utf8_and_utf16_files() {
    let report = analyze(&[Source::from_bytes("latin1.json", b"{\"Sid\": \"caf\xe9\"}".to_vec())], &Options::default());
    let error = report.inputs[0].error.as_ref().unwrap();
    assert!(error.message.contains("not UTF-8"), "{}", error.message);
    assert_eq!((error.line, error.column), (1, 13));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(POLICY.encode_utf16().flat_map(u16::to_le_bytes));
    let report = analyze(&[Source::from_bytes("powershell.json", utf16)], &Options::default());
    assert_eq!(report.inputs[0].kind, Some("iam.policy.identity"));
}

#[test]
fn a_bundle_is_one_snapshot_with_locations_in_the_bundle() {
    let bundle = r#"{
  "bundle": 1,
  "account": "123456789012",
  "region": "eu-west-1",
  "captured": "2026-11-20T10:00:00Z",
  "outputs": [
    {"command": "aws s3api get-bucket-policy --bucket shared-data",
     "output": {"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"All\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::shared-data/*\"}]}"}},
    {"command": "aws iam get-role --role-name app", "output": {"Role": {"RoleName": "app", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}}},
    {"command": "aws ec2 describe-nothing", "output": {"Nothing": []}}
  ]
}"#;
    let report = analyze(&[Source::new("snap.json", bundle)], &Options::default());
    let kinds: Vec<Option<&str>> = report.inputs.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [Some("bundle"), Some("s3api.get-bucket-policy"), Some("iam.get-role"), None]);
    assert_eq!(report.inputs[1].name, "snap.json#/outputs/0");
    assert_eq!(report.inputs[3].error.as_ref().unwrap().rule, "input-unrecognized");
    assert_eq!(report.inputs[3].error.as_ref().unwrap().line, 10);
    let finding = report.findings.iter().find(|f| f.rule == "service-wildcard").unwrap();
    assert_eq!(finding.resource, "shared-data", "the bucket comes from the command line");
    assert_eq!(finding.input, "snap.json");
    assert_eq!(finding.location.pointer, "/outputs/0/output/Policy/Statement/0/Action");
    assert_eq!(finding.location.line, 8);
    let column = bundle.lines().nth(7).unwrap().find(r#"\"s3:*\""#).unwrap() as u32 + 1;
    assert_eq!(finding.location.column, column, "the column points into the JSON string");
    let range = finding.range.start as usize..finding.range.end as usize;
    assert_eq!(&bundle[range], r#"\"s3:*\""#, "the highlight covers the escaped value exactly");
}

#[test]
fn a_raw_credential_report_is_recognised_not_rejected_as_json() {
    let csv = "user,arn,user_creation_time,password_enabled,mfa_active\n\
               <root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,false\n";
    let report = analyze(&[Source::new("credential-report.csv", csv)], &Options::default());
    assert_eq!(report.inputs[0].kind, Some("iam.credential-report-csv"));
    assert!(report.inputs[0].error.is_none());
    let other = analyze(&[Source::new("notes.csv", "name,value\na,1\n")], &Options::default());
    assert_eq!(other.inputs[0].error.as_ref().unwrap().rule, "input-not-json");
}

/// Policies built to make the checks' work grow quadratically: thousands of condition keys,
/// statements, resources, principals and providers. Each must be analysed (the suite's run
/// time shows a regression; nothing here is timed).
#[test]
fn oversized_policies_are_analysed() {
    let keys: Vec<String> = (0..5000).map(|i| format!(r#""aws:PrincipalTag/k{i}": "v""#)).collect();
    let many_keys = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": ["iam:*", "ec2:*"], "Resource": "*",
            "Condition": {{"StringEquals": {{{}}}}}}}]}}"#,
        keys.join(",")
    );
    let resources: Vec<String> = (0..1000).map(|i| format!(r#""arn:aws:s3:::b{i}/*""#)).collect();
    let resources = resources.join(",");
    let allow =
        format!(r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": [{resources}]}}"#);
    let deny = format!(
        r#"{{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [{resources}],
            "Condition": {{"StringNotEquals": {{"aws:PrincipalOrgID": "o-1"}}}}}}"#
    );
    let statements = vec![allow; 100].into_iter().chain(vec![deny; 100]).collect::<Vec<_>>().join(",");
    let public = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    let roles: Vec<String> = (0..3000).map(|i| format!(r#""arn:aws:iam::*:role/r{i}*""#)).collect();
    let many_statements: Vec<String> = (0..3000)
        .map(|i| format!(r#"{{"Effect": "Allow", "Action": "iam:Get{i}*", "Resource": {}}}"#, roles[i]))
        .collect();
    let many_statements = format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, many_statements.join(","));
    let providers: Vec<String> =
        (0..2000).map(|i| format!(r#""arn:aws:iam::1:oidc-provider/p{i}.example.com""#)).collect();
    let trust = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": [{}]}},
            "Action": "sts:AssumeRoleWithWebIdentity"}}]}}"#,
        providers.join(",")
    );
    let report = run(&[&many_keys, &public, &many_statements, &trust]);
    assert!(report.inputs.iter().all(|i| i.error.is_none()), "{:?}", report.inputs);
    for rule in ["privilege-escalation", "trust-oidc-unrestricted"] {
        assert!(report.findings.iter().any(|f| f.rule == rule), "no `{rule}` finding");
    }
}

/// An input of a mebibyte or more has its JSON tree dropped after reading and parsed again to
/// locate findings (the peak memory holds the tree or the model, not both): the locations are
/// those of the same statements in a small input, pointer, line and column.
#[test]
fn large_inputs_are_located_as_small_ones() {
    let statement = |i: usize| {
        format!(
            r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-{i}/*"}}"#
        )
    };
    let last = r#"{"Sid": "Wide", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#;
    let document = |n: usize| {
        let mut statements: Vec<String> = (0..n).map(statement).collect();
        statements.push(last.to_string());
        format!("{{\"Version\": \"2012-10-17\",\n\"Statement\": [\n{}\n]}}", statements.join(",\n"))
    };
    let (small, large) = (document(3), document(20_000));
    assert!(large.len() > 1 << 20, "the large input must be over the threshold");
    let located = |text: &str| {
        let report = run(&[text]);
        let f = report.findings.iter().find(|f| f.rule == "pass-role-to-any").expect("pass-role-to-any").clone();
        (f.location.pointer, f.location.line, f.location.column)
    };
    let (small_pointer, small_line, column) = located(&small);
    assert_eq!(small_pointer, "/Statement/3/Resource");
    assert_eq!(located(&large), ("/Statement/20000/Resource".to_string(), small_line + 19_997, column));
}

/// A statement with many keys is checked for repeated keys by a set, not pairwise: both ways
/// must find the same repeats, each at its second occurrence.
#[test]
fn repeated_keys_in_a_large_statement_are_each_reported() {
    let mut members: Vec<String> = (0..40).map(|i| format!("\"X{i}\": 1")).collect();
    members.extend(["\"X3\": 2".to_string(), "\"X39\": 2".to_string(), "\"X3\": 3".to_string()]);
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", {}}}]}}"#,
        members.join(", ")
    );
    let report = run(&[&text]);
    let repeats: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "policy-invalid" && f.message.contains("written twice"))
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(repeats.len(), 3, "{repeats:?}");
    assert!(repeats.iter().filter(|m| m.contains("`X3`")).count() == 2 && repeats.iter().any(|m| m.contains("`X39`")));
}

/// A configuration is input too (a file handed round a team, the page's settings): any number
/// its thresholds accept, the extremes included, and any business hours it accepts, give a
/// report on every sample, never a panic (day counts are subtracted from dates and multiplied
/// into seconds).
mod thresholds {
    use std::path::Path;

    use posture::{analyze, Config, Options, Source};
    use proptest::prelude::*;

    /// Every sample of the page, read once for all the cases.
    fn samples() -> &'static [Source] {
        static SAMPLES: std::sync::OnceLock<Vec<Source>> = std::sync::OnceLock::new();
        SAMPLES.get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples");
            let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            names.sort();
            names
                .iter()
                .map(|p| Source::from_bytes(p.file_name().unwrap().to_string_lossy(), std::fs::read(p).unwrap()))
                .collect()
        })
    }

    fn days() -> impl Strategy<Value = i64> {
        prop_oneof![
            Just(i64::MIN),
            Just(i64::MIN + 1),
            Just(-1i64),
            Just(0i64),
            Just(1i64),
            Just(i64::MAX),
            any::<i64>()
        ]
    }

    fn unsigned() -> impl Strategy<Value = u32> {
        prop_oneof![Just(0u32), Just(1u32), Just(u32::MAX), any::<u32>()]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn extreme_thresholds_never_panic(
            stale in days(), approval in days(), interval in days(),
            key_age in unsigned(), unused in unsigned(),
            ports in proptest::collection::vec(any::<u16>(), 0..4),
            start in 0u32..24, length in 0u32..=24, monday in any::<bool>(),
        ) {
            let end = (start + length).min(24);
            let days = if monday { r#"["Monday", "Sun"]"# } else { "[]" };
            let text = format!(
                r#"{{"thresholds": {{"patch-stale-days": {stale}, "patch-approval-days": {approval},
                    "window-interval-days": {interval}, "access-key-max-age-days": {key_age},
                    "unused-credentials-days": {unused}, "high-risk-ports": {ports:?},
                    "business-hours": {{"days": {days}, "start": "{start:02}:00", "end": "{end:02}:00"}}}}}}"#
            );
            // Hours the reader refuses (an empty range) are its located error, not a panic.
            let Ok(config) = Config::from_json(&text) else { return Ok(()) };
            let report = analyze(samples(), &Options { config, ..Options::default() });
            prop_assert!(report.inputs.iter().all(|i| i.error.is_none()));
        }
    }

    /// The defaults read from a file equal the built-in ones, so the test above reaches the
    /// reader (a misspelt key would make every case an error and the test vacuous).
    #[test]
    fn the_generated_shape_is_read() {
        let text = r#"{"thresholds": {"patch-stale-days": 9223372036854775807, "patch-approval-days": -9223372036854775808,
            "window-interval-days": 0, "access-key-max-age-days": 4294967295, "unused-credentials-days": 0,
            "high-risk-ports": [], "business-hours": {"days": [], "start": "00:00", "end": "24:00"}}}"#;
        let config = Config::from_json(text).unwrap();
        assert_eq!(config.thresholds.patch_stale_days, i64::MAX);
        assert_eq!(config.thresholds.access_key_max_age_days, u32::MAX);
        let _ = analyze(samples(), &Options { config, ..Options::default() });
    }
}
