#![cfg(not(target_arch = "wasm32"))]
//! Unicode inside realistic documents: multi-byte characters, `\uD83D\uDE00` surrogate-pair
//! escapes and lone surrogates, byte-order marks, NUL (raw and `\u0000`), combining marks, the
//! right-to-left override and emoji, generated into the keys and values of identity, resource and
//! trust policies, of the AWS outputs that wrap them (as objects, JSON strings and URL-encoded),
//! of `get-account-authorization-details`, of a snapshot bundle and of the credential report
//! (CSV, and base64 in `get-credential-report`).
//!
//! Whatever is generated, the analysis must not panic; every input is recognised or has an input
//! error; a recognised, reviewed input whose policy allows `*` has its finding; every line and
//! UTF-16 column lies inside the text; and every report format is written.

use posture::simulate::{simulate, Question};
use posture::{analyze, Options, Report, Source};
use proptest::prelude::*;

/// One piece of generated text, as it is written inside a JSON string.
#[derive(Clone, Debug)]
enum Piece {
    /// A character, escaped as JSON needs (`"`, `\`, controls) when written in JSON.
    Char(char),
    /// Text written verbatim: escape sequences, and a raw NUL that JSON forbids in a string.
    Raw(&'static str),
}

const CHARS: &[char] = &[
    'a',
    'Z',
    '0',
    ' ',
    '*',
    '?',
    ':',
    '/',
    '$',
    '{',
    '}',
    ',',
    '%',
    '"',
    '\\',
    '\'',
    '\n',
    '\t',
    'é',
    'ж',
    '中',
    '😀',
    '\u{301}',  // combining acute accent
    '\u{202e}', // right-to-left override
    '\u{200d}', // zero-width joiner
    '\u{feff}', // byte-order mark
    '\u{0}',    // NUL, escaped as `\u0000`
    '\u{85}',   // next line (C1 control)
    '\u{fffd}',
    '\u{10ffff}',
];

const RAW: &[&str] = &[
    r"\uD83D\uDE00", // 😀 as a surrogate pair
    r"\uD800",       // lone high surrogate
    r"\uDC00x",      // lone low surrogate
    r"\u00e9",
    r"\u0000",
    r"\u202E",
    r"\/",
    "${aws:username}",
    "${aws:PrincipalTag/t\u{e9}am, 'd\u{e9}faut'}",
    "\u{0}", // a raw NUL: not allowed inside a JSON string
    "%7B",
    "%C3%A9",
    "%E2%80",
];

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        4 => prop::sample::select(CHARS).prop_map(Piece::Char),
        1 => prop::sample::select(RAW).prop_map(Piece::Raw),
        1 => any::<char>().prop_map(Piece::Char),
    ]
}

/// Text for one slot, as the body of a JSON string.
fn slot() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..12).prop_map(|pieces| {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Char(c) => json_escape(&c.to_string()),
                Piece::Raw(s) => (*s).to_string(),
            })
            .collect()
    })
}

/// The slot's text as plain characters (for CSV), escapes left as written.
fn plain_slot() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..12).prop_map(|pieces| {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Char(c) => c.to_string(),
                Piece::Raw(s) => (*s).to_string(),
            })
            .collect()
    })
}

fn json_escape(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_string()
}

/// `s` as the body of a JSON string: a document written inside another (`get-bucket-policy`).
fn embed(document: &str) -> String {
    json_escape(document)
}

/// RFC 3986 percent-encoding of every byte but the unreserved ones, as the IAM API returns
/// documents.
fn percent_encode(text: &str) -> String {
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

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
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

/// Eight slots: every generated document takes what it needs from them.
#[derive(Clone, Debug)]
struct Slots([String; 8]);

fn slots() -> impl Strategy<Value = Slots> {
    prop::array::uniform8(slot()).prop_map(Slots)
}

/// An identity policy whose first statement allows `*` on `*` (so a readable one always has an
/// `admin-access` finding), with generated text in a Sid, an element key, actions, resources,
/// a condition key and values.
fn identity_policy(s: &Slots) -> String {
    let [sid, key, action, resource, cond_key, value, value2, extra] = &s.0;
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{"Sid": "{sid}", "Effect": "Allow", "Action": "*", "Resource": "*"}},
    {{"Sid": "S{extra}", "Effect": "Allow", "{key}": "x",
      "Action": ["s3:Get{action}*", "{action}"],
      "Resource": ["arn:aws:s3:::b{resource}/${{aws:username}}/*", "arn:aws:iam::111122223333:role/{resource}", "{resource}"],
      "Condition": {{
        "StringLike": {{"aws:PrincipalTag/{cond_key}": ["{value}", "{value2}*"]}},
        "ForAnyValue:StringNotEquals": {{"{cond_key}": "{value}"}},
        "DateGreaterThan": {{"aws:CurrentTime": "2026-01-01T00:00:00{value2}"}},
        "IpAddress": {{"aws:SourceIp": "{value}/24"}},
        "NumericLessThan": {{"s3:max-keys": "{value2}"}}
      }}}}
  ]
}}"#
    )
}

/// A resource (bucket) policy open to everyone, so a readable one is `resource-policy-public`.
fn bucket_policy(s: &Slots) -> String {
    let [sid, principal, action, resource, cond_key, value, _, _] = &s.0;
    format!(
        r#"{{"Version": "2012-10-17", "Id": "{sid}", "Statement": [
  {{"Sid": "{sid}", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}},
  {{"Effect": "Deny", "Principal": {{"AWS": ["arn:aws:iam::111122223333:user/{principal}", "{principal}"]}},
    "NotAction": "s3:{action}", "NotResource": "arn:aws:s3:::b{resource}",
    "Condition": {{"StringNotEqualsIfExists": {{"{cond_key}": "{value}"}}, "Null": {{"{cond_key}": "true"}}}}}}
]}}"#
    )
}

/// A trust policy any AWS principal may assume, so a readable one is `trust-any-principal`.
fn trust_policy(s: &Slots) -> String {
    let [sid, principal, _, _, cond_key, value, value2, _] = &s.0;
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [
  {{"Sid": "{sid}", "Effect": "Allow", "Principal": {{"AWS": "*"}}, "Action": "sts:AssumeRole"}},
  {{"Effect": "Allow", "Principal": {{"Federated": "arn:aws:iam::111122223333:oidc-provider/{principal}",
    "Service": "{principal}.amazonaws.com", "{principal}": "x"}},
    "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
    "Condition": {{"StringEquals": {{"{cond_key}:aud": "{value}"}}, "ForAllValues:StringLike": {{"{cond_key}:sub": ["{value2}"]}}}}}}
]}}"#
    )
}

/// The kinds of document generated, each with the inputs it makes from one set of slots.
#[derive(Clone, Copy, Debug)]
enum Shape {
    Identity,
    Resource,
    Trust,
    GetRole,
    GetRoleUrlEncoded,
    GetBucketPolicy,
    /// A `Policy` string that is text before a document (the `{"Policy": "éé"}` shape).
    BrokenPolicyString,
    GetPolicyVersion,
    AuthorizationDetails,
    Bundle,
    CredentialReportCsv,
    GetCredentialReport,
}

const SHAPES: &[Shape] = &[
    Shape::Identity,
    Shape::Resource,
    Shape::Trust,
    Shape::GetRole,
    Shape::GetRoleUrlEncoded,
    Shape::GetBucketPolicy,
    Shape::BrokenPolicyString,
    Shape::GetPolicyVersion,
    Shape::AuthorizationDetails,
    Shape::Bundle,
    Shape::CredentialReportCsv,
    Shape::GetCredentialReport,
];

/// The text of one generated input, and the finding a readable one must have (if any).
fn build(shape: Shape, s: &Slots, csv_name: &str) -> (String, Option<&'static str>) {
    let [first, second, ..] = &s.0;
    match shape {
        Shape::Identity => (identity_policy(s), Some("admin-access")),
        Shape::Resource => (bucket_policy(s), Some("resource-policy-public")),
        Shape::Trust => (trust_policy(s), Some("trust-any-principal")),
        Shape::GetRole => (
            format!(
                r#"{{"Role": {{"Path": "/{first}/", "RoleName": "{second}", "RoleId": "AROA{first}",
  "Arn": "arn:aws:iam::111122223333:role/{second}", "CreateDate": "2026-01-01T00:00:00Z",
  "AssumeRolePolicyDocument": {}, "Description": "{first}", "Tags": [{{"Key": "{first}", "Value": "{second}"}}]}}}}"#,
                trust_policy(s)
            ),
            Some("trust-any-principal"),
        ),
        Shape::GetRoleUrlEncoded => {
            // The document URL-encoded from its decoded text: generated escapes decode first.
            let decoded = serde_json::from_str::<serde_json::Value>(&trust_policy(s)).map(|v| v.to_string());
            let document = decoded.map_or_else(|_| format!("%7B{}", percent_encode(first)), |d| percent_encode(&d));
            (
                format!(
                    r#"{{"Role": {{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r",
  "AssumeRolePolicyDocument": "{document}"}}}}"#
                ),
                None,
            )
        }
        Shape::GetBucketPolicy => (format!(r#"{{"Policy": "{}"}}"#, embed(&bucket_policy(s))), None),
        Shape::BrokenPolicyString => (format!(r#"{{"Policy": "{first}{}"}}"#, embed(&bucket_policy(s))), None),
        Shape::GetPolicyVersion => (
            format!(
                r#"{{"PolicyVersion": {{"Document": {}, "VersionId": "v{first}", "IsDefaultVersion": true,
  "CreateDate": "2026-01-01T00:00:00Z"}}}}"#,
                identity_policy(s)
            ),
            Some("admin-access"),
        ),
        Shape::AuthorizationDetails => (
            format!(
                r#"{{"UserDetailList": [{{"UserName": "{first}", "UserId": "AIDA{second}", "Arn": "arn:aws:iam::111122223333:user/{first}",
  "UserPolicyList": [{{"PolicyName": "{second}", "PolicyDocument": "{}"}}], "GroupList": ["{second}"]}}],
  "GroupDetailList": [], "RoleDetailList": [{{"RoleName": "{second}", "AssumeRolePolicyDocument": {}}}],
  "Policies": [{{"PolicyName": "{first}", "PolicyVersionList": [{{"Document": {}, "IsDefaultVersion": true}}]}}]}}"#,
                percent_encode(&identity_policy(s)),
                trust_policy(s),
                identity_policy(s)
            ),
            None,
        ),
        Shape::Bundle => (
            format!(
                r#"{{"bundle": 1, "account": "111122223333", "region": "eu-west-1", "captured": "2026-11-28T10:00:00Z",
  "outputs": [
    {{"command": "aws s3api get-bucket-policy --bucket {first}", "output": {{"Policy": "{}"}}}},
    {{"command": "aws iam get-role --role-name={second}", "output": {{"Role": {{"RoleName": "{second}", "AssumeRolePolicyDocument": {}}}}}}},
    {{"command": "aws kms get-key-policy --key-id '{first}'", "output": {{"Policy": "{}", "PolicyName": "default"}}}},
    {{"command": "{second}", "output": {}}}
  ]}}"#,
                embed(&bucket_policy(s)),
                trust_policy(s),
                embed(&identity_policy(s)),
                identity_policy(s)
            ),
            None,
        ),
        Shape::CredentialReportCsv | Shape::GetCredentialReport => {
            let csv = format!(
                "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active\n\
                 <root_account>,arn:aws:iam::111122223333:root,2026-01-01T00:00:00+00:00,not_supported,N/A,true,false\n\
                 {csv_name},\"arn:aws:iam::111122223333:user/{csv_name}\",2026-01-01T00:00:00+00:00,true,no_information,false,true\n"
            );
            if matches!(shape, Shape::CredentialReportCsv) {
                (csv, None)
            } else {
                let content = base64(csv.as_bytes());
                (
                    format!(
                        r#"{{"Content": "{content}", "ReportFormat": "text/csv", "GeneratedTime": "2026-11-28T10:00:00+00:00"}}"#
                    ),
                    None,
                )
            }
        }
    }
}

/// The checks every report must pass; `expected` is a finding a readable input must have.
fn check_report(sources: &[Source], report: &Report, expected: &[Option<&str>]) {
    assert!(report.inputs.len() >= sources.len());
    for input in &report.inputs {
        assert!(input.kind.is_some() || input.error.is_some(), "{} has neither a kind nor an error", input.name);
        if let Some(e) = &input.error {
            assert_within(sources, &input.name, e.line, e.column);
            assert!(e.range.start <= e.range.end);
        }
    }
    for (source, expected) in sources.iter().zip(expected) {
        let Some(rule) = expected else { continue };
        let record = report.inputs.iter().find(|i| i.name == source.name).unwrap();
        if record.error.is_none() {
            assert!(
                report.findings.iter().any(|f| f.input == source.name && f.rule == *rule),
                "{}: readable but no {rule}:\n{}",
                source.name,
                source.text
            );
        }
    }
    for f in &report.findings {
        assert_within(sources, &f.input, f.location.line, f.location.column);
        let units = sources.iter().find(|s| s.name == f.input).map_or(0, |s| s.text.encode_utf16().count());
        assert!(f.range.start <= f.range.end && f.range.end as usize <= units, "{f:?}");
    }
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("the JSON report parses");
    assert!(json.get("findings").is_some());
    let rules: Vec<_> = posture::checks::rules().collect();
    serde_json::from_str::<serde_json::Value>(&report.to_sarif(&rules)).expect("SARIF parses");
    assert!(!report.to_markdown().is_empty() && !report.to_csv().is_empty());
    let text = report.to_text(sources, posture::report::TextOptions { color: false });
    assert!(!text.is_empty());
}

/// A 1-based line and UTF-16 column inside the text of input `name` (or of the input it is
/// part of: `bundle.json#/outputs/3`).
fn assert_within(sources: &[Source], name: &str, line: u32, column: u32) {
    let whole = name.split_once("#/").map_or(name, |(input, _)| input);
    let source = sources.iter().find(|s| s.display_name() == whole).unwrap_or_else(|| panic!("unknown input {name}"));
    let lines: Vec<&str> = source.text.split('\n').collect();
    let text = (line as usize).checked_sub(1).and_then(|l| lines.get(l));
    let text = text.unwrap_or_else(|| panic!("{name}: line {line} of {}", lines.len()));
    let width = text.encode_utf16().count();
    assert!(column >= 1 && column as usize <= width + 1, "{name}:{line}: column {column} past {width} units");
}

fn analyse(shapes: &[Shape], s: &Slots, csv_name: &str) {
    let built: Vec<(Source, Option<&str>)> = shapes
        .iter()
        .enumerate()
        .map(|(i, &shape)| {
            let (text, expected) = build(shape, s, csv_name);
            (Source::new(format!("in{i}-{shape:?}.json"), text), expected)
        })
        .collect();
    let (sources, expected): (Vec<Source>, Vec<Option<&str>>) = built.into_iter().unzip();
    let report = analyze(&sources, &Options::default());
    check_report(&sources, &report, &expected);
    let question = Question {
        principal: Some(format!("arn:aws:iam::111122223333:user/{}", s.0[1])),
        action: format!("s3:{}", s.0[2]),
        resource: format!("arn:aws:s3:::b{}/x", s.0[3]),
        context: vec![(format!("aws:PrincipalTag/{}", s.0[4]), s.0[5].clone())],
    };
    if let Ok(answer) = simulate(&sources, &question) {
        serde_json::from_str::<serde_json::Value>(&answer.to_json()).expect("the simulation's JSON parses");
        assert!(!answer.to_text().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Each shape alone: its input error or findings are its own.
    #[test]
    fn unicode_in_every_kind_of_input(shape in prop::sample::select(SHAPES), s in slots(), csv_name in plain_slot()) {
        analyse(&[shape], &s, &csv_name);
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// All shapes at once, as one snapshot (each case analyses twelve inputs).
    #[test]
    fn unicode_across_a_snapshot(s in slots(), csv_name in plain_slot()) {
        analyse(SHAPES, &s, &csv_name);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The inputs as bytes: a byte-order mark, UTF-16 as PowerShell writes it, or cut anywhere
    /// (inside a character too, which is not UTF-8 any more).
    #[test]
    fn unicode_documents_as_bytes(shape in prop::sample::select(SHAPES), s in slots(), how in 0..3u8, cut in any::<prop::sample::Index>()) {
        let (text, _) = build(shape, &s, "u");
        let bytes = match how {
            0 => [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
            1 => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            _ => text.as_bytes()[..cut.index(text.len() + 1)].to_vec(),
        };
        let sources = [Source::from_bytes("bytes.json", bytes)];
        let report = analyze(&sources, &Options::default());
        check_report(&sources, &report, &[None]);
    }
}

/// The input that crashed the CLI (exit 134): a `Policy` string whose first three bytes end
/// inside `é`.
#[test]
fn a_policy_string_starting_with_multibyte_text_is_an_input_error() {
    let sources = [Source::new("p.json", r#"{"Policy": "éé"}"#)];
    let report = analyze(&sources, &Options::default());
    let error = report.inputs[0].error.as_ref().expect("an input error");
    assert_eq!(error.rule, "input-not-json");
    assert_eq!((error.line, error.column), (1, 13));
    check_report(&sources, &report, &[None]);
}
