#![cfg(not(target_arch = "wasm32"))]
//! Hostile shapes cost work linear in their size. Each test builds one shape (very long
//! strings, very many statements, resources or condition values, wildcard-laden patterns)
//! and bounds the steps the wildcard matcher took (`posture::iam::pattern::steps_taken`),
//! never the wall time: a bound on steps fails the same way on a slow machine and a fast one.
//! The CLI's peak memory on the same shapes is measured by `scripts/bench-memory.sh`.

use std::sync::Mutex;

use posture::iam::pattern::steps_taken;
use posture::{analyze, Options, Report, Source};

/// The step counter is shared by the whole process: one measurement at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// Steps a shape may take per byte of input, beyond a fixed allowance. The matcher's own
/// budget is 32 steps per element compared (`pattern::budget`); a byte is compared with a few
/// catalogue formats, so a few hundred per byte is generous for linear work and far below
/// what a quadratic matcher takes on these shapes (millions per byte).
const STEPS_PER_BYTE: u64 = 400;
const ALLOWANCE: u64 = 5_000_000;

/// Analyses `text` and returns the report and the matcher steps it took.
fn measure(text: &str) -> (Report, u64) {
    let _one = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    // The catalogue is parsed on first use: do that outside the measurement.
    analyze(
        &[Source::new("warm.json", r#"{"Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}"#)],
        &Options::default(),
    );
    let before = steps_taken();
    let report = analyze(&[Source::new("hostile.json", text)], &Options::default());
    (report, steps_taken() - before)
}

fn assert_linear(name: &str, text: &str) -> Report {
    let (report, steps) = measure(text);
    let bound = ALLOWANCE + STEPS_PER_BYTE * text.len() as u64;
    assert!(steps <= bound, "{name}: {steps} steps for {} bytes (bound {bound})", text.len());
    assert!(report.inputs.iter().all(|i| i.error.is_none()), "{name}: {:?}", report.inputs);
    report
}

fn policy(statements: &[String]) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, statements.join(",\n"))
}

fn notes(report: &Report) -> Vec<&str> {
    report.inputs.iter().flat_map(|i| &i.notes).map(|n| n.message.as_str()).collect()
}

#[test]
fn two_long_resources_compared_pattern_against_pattern() {
    // The shape that took 12 s and 4.8 GB: redundant-statement compared these with a
    // (70,001 × 70,001) table.
    let x = "x".repeat(70_000);
    let text = policy(&[
        format!(r#"{{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{x}/*"}}"#),
        format!(r#"{{"Sid": "B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{x}/a"}}"#),
    ]);
    let report = assert_linear("long resources", &text);
    assert!(report.findings.iter().any(|f| f.rule == "redundant-statement"), "{:?}", report.findings);
}

#[test]
fn long_action_and_condition_value() {
    let make = |n: usize| {
        let stars = "*a".repeat(n);
        let value = "é".repeat(n);
        policy(&[format!(
            r#"{{"Effect": "Allow", "Action": ["s3:{stars}b", "{stars}:Get*"], "Resource": "*",
                "Condition": {{"StringLike": {{"aws:PrincipalTag/team": "*{value}?*"}}}}}}"#
        )])
    };
    assert_linear("long action and value", &make(35_000));
    assert_doubling_is_linear("long action and value", make, 17_500);
}

#[test]
fn wildcard_runs_against_long_resources() {
    // `*?*?*…` patterns against long resources of another statement, both ways round.
    let x = "k".repeat(60_000);
    let wild = "*?".repeat(30_000);
    let text = policy(&[
        format!(r#"{{"Sid": "W", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/{wild}"}}"#),
        format!(r#"{{"Sid": "L", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/{x}"}}"#),
        format!(
            r#"{{"Sid": "Q", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/{x}?*"}}"#
        ),
    ]);
    let report = assert_linear("wildcard runs", &text);
    assert!(report.findings.iter().any(|f| f.message.starts_with("statement `L` is covered by statement `W`")));
}

#[test]
fn a_search_built_to_be_quadratic_is_noted_not_guessed() {
    // `*aaaa…ab*` over `aaaa…`: every start of the text matches the run of `a`s up to the `b`.
    let a = "a".repeat(60_000);
    let run = "a".repeat(6_000);
    let text = policy(&[
        format!(
            r#"{{"Sid": "Wide", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*{run}b*"}}"#
        ),
        format!(r#"{{"Sid": "Long", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/{a}"}}"#),
    ]);
    let report = assert_linear("quadratic search", &text);
    let notes = notes(&report);
    assert!(
        notes.iter().any(|n| n.contains("exceeded the work budget") || n.contains("over its work budget")),
        "{notes:?}"
    );
    assert!(!report.findings.iter().any(|f| f.rule == "redundant-statement"), "{:?}", report.findings);
}

/// Statements, resources and condition values by the thousand: the steps for twice as many
/// are about twice the steps (a pairwise comparison would make them four times).
fn assert_doubling_is_linear(name: &str, make: impl Fn(usize) -> String, n: usize) {
    let (small, large) = (make(n), make(2 * n));
    let (_, s1) = measure(&small);
    let (report, s2) = measure(&large);
    assert!(s2 <= 2 * s1 + s1 / 4 + 10_000, "{name}: {s1} steps for {n}, {s2} for {}", 2 * n);
    assert!(s2 <= ALLOWANCE + STEPS_PER_BYTE * large.len() as u64, "{name}: {s2} steps");
    assert!(report.inputs.iter().all(|i| i.error.is_none()));
}

#[test]
fn many_statements() {
    let make = |n: usize| {
        let statements: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"Sid": "S{}", "Effect": "{}", "Action": ["s3:Get*", "iam:PassRole"], "Resource": ["arn:aws:s3:::b{i}/*", "arn:aws:iam::1:role/r{i}-*"]}}"#,
                    i % 1000,
                    if i % 5 == 0 { "Deny" } else { "Allow" }
                )
            })
            .collect();
        policy(&statements)
    };
    assert_doubling_is_linear("statements", make, 4_000);
    let (report, _) = measure(&make(1_000));
    assert!(notes(&report).iter().any(|n| n.contains("redundant statements were not looked for")));
}

#[test]
fn many_resources() {
    let make = |n: usize| {
        let resources: Vec<String> = (0..n).map(|i| format!(r#""arn:aws:s3:::bucket-{i}/p*/?""#)).collect();
        policy(&[
            format!(
                r#"{{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [{}]}}"#,
                resources.join(",")
            ),
            format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}"#, resources.join(",")),
        ])
    };
    assert_doubling_is_linear("resources", make, 5_000);
}

#[test]
fn many_condition_values() {
    let make = |n: usize| {
        let values: Vec<String> = (0..n).map(|i| format!(r#""arn:aws:iam::{i}:role/*-x?""#)).collect();
        let statement = |effect: &str| {
            format!(
                r#"{{"Effect": "{effect}", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*",
                    "Condition": {{"ArnLike": {{"aws:PrincipalArn": [{}]}}, "StringNotLike": {{"aws:userid": [{}]}}}}}}"#,
                values.join(","),
                values.join(",")
            )
        };
        policy(&[statement("Allow"), statement("Deny")])
    };
    assert_doubling_is_linear("condition values", make, 5_000);
}

#[test]
fn a_bucket_policy_naming_many_buckets_against_many_wildcard_denies() {
    // `s3-insecure-transport` asks whether the deny covers each bucket and its objects: 4,000
    // targets against 2,000 wildcard resources would be millions of comparisons; the check's
    // budget stops it, and the input says the policy was not judged.
    let buckets: Vec<String> = (0..2_000).map(|i| format!(r#""arn:aws:s3:::bucket-{i}""#)).collect();
    // Each bucket is covered, but only by its own wildcard, late in the list.
    let wild: Vec<String> = (0..2_000).rev().map(|i| format!(r#""arn:aws:s3:::bucket-{i}*""#)).collect();
    let text = policy(&[
        format!(
            r#"{{"Sid": "Read", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::123456789012:root"}}, "Action": "s3:GetObject", "Resource": [{}]}}"#,
            buckets.join(",")
        ),
        format!(
            r#"{{"Sid": "DenyPlainHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [{}], "Condition": {{"Bool": {{"aws:SecureTransport": "false"}}}}}}"#,
            wild.join(",")
        ),
    ]);
    let report = assert_linear("bucket policy: many buckets, many wildcard denies", &text);
    assert!(!report.findings.iter().any(|f| f.rule == "s3-insecure-transport"));
    assert!(
        notes(&report).iter().any(|n| n.contains("resource comparisons; the policy was not judged")),
        "{:?}",
        notes(&report)
    );
}

/// One managed policy with thousands of resources, attached to thousands of users: the policy
/// is checked once and each user once, within the linear bound (what each grant reaches is
/// worked out once and shared by its holders).
#[test]
fn a_large_managed_policy_held_by_many_principals() {
    let roles: Vec<String> = (0..3000).map(|i| format!(r#""arn:aws:iam::111122223333:role/app-{i}/*""#)).collect();
    let document = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": [{}]}}]}}"#,
        roles.join(",")
    );
    let arn = "arn:aws:iam::111122223333:policy/wide";
    let users: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                r#"{{"UserName": "u{i}", "Arn": "arn:aws:iam::111122223333:user/u{i}", "AttachedManagedPolicies": [{{"PolicyArn": "{arn}"}}]}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"UserDetailList": [{}], "GroupDetailList": [], "RoleDetailList": [], "Policies": [{{"PolicyName": "wide", "Arn": "{arn}",
  "DefaultVersionId": "v1", "AttachmentCount": 3000, "PermissionsBoundaryUsageCount": 0,
  "PolicyVersionList": [{{"VersionId": "v1", "IsDefaultVersion": true, "Document": {document}}}]}}]}}"#,
        users.join(",")
    );
    let report = assert_linear("held by many", &text);
    let escalation = report.findings.iter().filter(|f| f.rule == "privilege-escalation").count();
    assert_eq!(escalation, 3001, "the policy once, and each user");
}
