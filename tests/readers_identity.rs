//! The identity readers (IAM outputs and the credential report) fill the model with located
//! values.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use posture::input::Snapshot;
use posture::model::{PasswordPolicyState, PrincipalKind, Site};
use posture::{analyze_snapshot, Options, Source};

fn corpus(file: &str) -> Source {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(file);
    Source::from_bytes(file, fs::read(path).unwrap())
}

fn pointer(snapshot: &Snapshot, site: Site) -> String {
    snapshot.locate(site).0.pointer
}

/// The text a site spans in its input.
fn text<'s>(snapshot: &'s Snapshot, site: Site) -> &'s str {
    let span = snapshot.source_span(site);
    snapshot.source_text(site.doc).get(span.start as usize..span.end as usize).unwrap()
}

const REPORT: &str = "\u{feff}user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated\r\n\
<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,no_information,true,false,N/A\r\n\
\"Alice, \"\"the admin\"\"\",arn:aws:iam::123456789012:user/Alice,2020-03-01T00:00:00+00:00,true,N/A,false,true,2024-01-01T00:00:00+00:00\r\n";

/// Standard base64, for the `get-credential-report` shape.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn a_raw_csv_report_is_read_row_by_row_with_line_spans() {
    let sources = [Source::new("credential-report.csv", REPORT)];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs[0].error.is_none(), "{:?}", snapshot.inputs);
    let model = &snapshot.model;
    assert_eq!(model.credential_report.len(), 2);
    assert_eq!(model.meta.account.as_deref(), Some("123456789012"));
    let root = model.credential_report.get("arn:aws:iam::123456789012:root").unwrap();
    assert_eq!(root.user.value, "<root_account>");
    assert_eq!(root.get("password_enabled").unwrap().value, "not_supported");
    assert_eq!(root.get("password_last_used").unwrap().value, "no_information");
    assert!(text(&snapshot, root.user.site).starts_with("<root_account>,arn:"));
    assert_eq!(snapshot.locate(root.user.site).0.line, 2);
    let alice = model.credential_report.get("arn:aws:iam::123456789012:user/Alice").unwrap();
    assert_eq!(alice.user.value, "Alice, \"the admin\"");
    assert_eq!(alice.get("mfa_active").unwrap().value, "false");
    let rotated = alice.get("access_key_1_last_rotated").unwrap();
    assert_eq!(text(&snapshot, rotated.site), "2024-01-01T00:00:00+00:00");
    assert_eq!(snapshot.locate(rotated.site).0.line, 3);
}

#[test]
fn get_credential_report_is_decoded_and_points_at_content() {
    let json = format!(
        r#"{{"Content": "{}", "ReportFormat": "text/csv", "GeneratedTime": "2026-11-20T10:00:00Z"}}"#,
        base64(REPORT.as_bytes())
    );
    let sources = [Source::new("report.json", json)];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs[0].error.is_none(), "{:?}", snapshot.inputs);
    let alice = snapshot.model.credential_report.get("arn:aws:iam::123456789012:user/Alice").unwrap();
    assert_eq!(alice.get("access_key_1_active").unwrap().value, "true");
    assert_eq!(pointer(&snapshot, alice.get("mfa_active").unwrap().site), "/Content");
    assert_eq!(pointer(&snapshot, alice.user.site), "/Content");

    let bad = r#"{"Content": "not base64!", "ReportFormat": "text/csv"}"#;
    let (report, _) = analyze_snapshot(&[Source::new("bad.json", bad)], &Options::default());
    let error = report.inputs[0].error.as_ref().expect("a located input error");
    assert!(error.message.contains("base64"), "{}", error.message);
    assert_eq!((error.line, error.column), (1, 13));
}

#[test]
fn an_unclosed_quote_in_a_csv_report_is_a_located_error() {
    let csv = "user,arn,user_creation_time,mfa_active\n\"Bob,arn:aws:iam::1:user/Bob\n";
    let (report, _) = analyze_snapshot(&[Source::new("r.csv", csv)], &Options::default());
    let error = report.inputs[0].error.as_ref().expect("an input error");
    assert_eq!((error.line, error.column), (2, 1));
}

#[test]
fn authorization_details_principals_and_policies() {
    let sources = [corpus("authz/cloudsplaining__test_files_example-authz-details.json")];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs[0].error.is_none(), "{:?}", snapshot.inputs);
    let model = &snapshot.model;
    assert_eq!(model.principals.iter().filter(|p| p.kind == PrincipalKind::User).count(), 3);
    assert_eq!(model.principals.iter().filter(|p| p.kind == PrincipalKind::Group).count(), 2);
    assert_eq!(model.principals.iter().filter(|p| p.kind == PrincipalKind::Role).count(), 3);
    assert_eq!(model.managed_policies.len(), 32);
    assert_eq!(model.meta.account.as_deref(), Some("012345678901"));
    let obama = model.principals.get("arn:aws:iam::012345678901:user/obama").unwrap();
    assert_eq!(obama.name, "obama");
    assert_eq!(obama.groups, ["admin"]);
    assert_eq!(obama.attached[0].value, "arn:aws:iam::aws:policy/AdministratorAccess");
    assert_eq!(pointer(&snapshot, obama.arn.site), "/UserDetailList/0");
    assert_eq!(pointer(&snapshot, obama.attached[0].site), "/UserDetailList/0/AttachedManagedPolicies/0");
    let policy = model.managed_policies.iter().next().unwrap();
    assert!(policy.attachment_count.is_some() && policy.is_attachable.is_some());
}

#[test]
fn every_authorization_details_output_of_the_corpus_is_read() {
    for entry in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/authz")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let sources = [Source::from_bytes("authz.json", fs::read(&path).unwrap())];
            let snapshot = Snapshot::read(&sources);
            assert!(snapshot.inputs[0].error.is_none(), "{}: {:?}", path.display(), snapshot.inputs);
            assert!(!snapshot.model.principals.is_empty(), "{}", path.display());
        }
    }
}

#[test]
fn a_role_keeps_its_boundary_and_instance_profiles() {
    let json = r#"{"RoleDetailList": [{"RoleName": "app", "Path": "/", "Arn": "arn:aws:iam::111122223333:role/app",
      "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%7D", "RoleLastUsed": {"LastUsedDate": "2026-11-01T00:00:00Z"},
      "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/b"},
      "InstanceProfileList": [{"InstanceProfileName": "app", "Arn": "arn:aws:iam::111122223333:instance-profile/app",
        "Roles": [{"RoleName": "app", "Arn": "arn:aws:iam::111122223333:role/app"}]}],
      "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": {"Version": "2012-10-17", "Statement": []}}]}],
      "Policies": []}"#;
    let sources = [Source::new("authz.json", json)];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs[0].error.is_none(), "{:?}", snapshot.inputs);
    let role = snapshot.model.principals.get("arn:aws:iam::111122223333:role/app").unwrap();
    let boundary = role.boundary.as_ref().unwrap();
    assert_eq!(boundary.value, "arn:aws:iam::111122223333:policy/b");
    assert_eq!(pointer(&snapshot, boundary.site), "/RoleDetailList/0/PermissionsBoundary/PermissionsBoundaryArn");
    assert_eq!(role.instance_profiles[0].roles, ["arn:aws:iam::111122223333:role/app"]);
    assert_eq!(role.inline[0].value, "inline");
    assert_eq!(pointer(&snapshot, role.trust.unwrap()), "/RoleDetailList/0/AssumeRolePolicyDocument");
    assert_eq!(role.last_used.as_ref().unwrap().value, "2026-11-01T00:00:00Z");
}

#[test]
fn access_keys_given_twice_are_kept_once() {
    let file = "describe/botocore-examples/botocore__iam__ListAccessKeys__ex1.json";
    let sources = [corpus(file), corpus(file)];
    let snapshot = Snapshot::read(&sources);
    assert_eq!(snapshot.model.access_keys.len(), 2);
    let key = snapshot.model.access_keys.get("AKIA111111111EXAMPLE").unwrap();
    assert_eq!(key.user.as_deref(), Some("Alice"));
    assert_eq!(key.status.as_ref().unwrap().value, "Active");
    assert_eq!(pointer(&snapshot, key.created.as_ref().unwrap().site), "/AccessKeyMetadata/0/CreateDate");
    let (_, inventory) = analyze_snapshot(&sources, &Options::default());
    assert!(inventory.resources.contains(&("access keys", 2)), "{:?}", inventory.resources);
}

#[test]
fn the_password_policy_and_its_absence() {
    let sources = [corpus("describe/botocore-examples/botocore__iam__GetAccountPasswordPolicy__ex1.json")];
    let snapshot = Snapshot::read(&sources);
    let Some(PasswordPolicyState::Set(policy)) = &snapshot.model.password_policy else { panic!("no policy read") };
    assert_eq!(policy.minimum_length.as_ref().unwrap().value, 8);
    assert_eq!(policy.reuse_prevention.as_ref().unwrap().value, 12);
    assert!(policy.require_symbols.as_ref().unwrap().value);
    assert_eq!(pointer(&snapshot, policy.max_age.as_ref().unwrap().site), "/PasswordPolicy/MaxPasswordAge");

    let bundle = r#"{"bundle": 1, "outputs": [
      {"command": "aws iam get-account-password-policy", "error": {"code": "NoSuchEntity", "message": "none"}}]}"#;
    let sources = [Source::new("bundle.json", bundle)];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.model.has("iam.get-account-password-policy"));
    let Some(PasswordPolicyState::None(site)) = &snapshot.model.password_policy else { panic!("no fact read") };
    assert_eq!(pointer(&snapshot, *site), "/outputs/0");
}

#[test]
fn a_wrong_shape_is_located_and_the_other_inputs_are_still_read() {
    let wrong = r#"{"PasswordPolicy": {"MinimumPasswordLength": true}}"#;
    let sources = [
        Source::new("wrong.json", wrong),
        corpus("describe/botocore-examples/botocore__iam__ListAccessKeys__ex1.json"),
    ];
    let (report, inventory) = analyze_snapshot(&sources, &Options::default());
    let error = report.inputs[0].error.as_ref().expect("a located input error");
    assert!(error.message.contains("MinimumPasswordLength"), "{}", error.message);
    assert_eq!((error.line, error.column), (1, 46));
    assert!(report.inputs[1].error.is_none());
    assert!(inventory.resources.contains(&("access keys", 2)));
}

/// A field written as CSV: quoted (with `""` escapes) when it holds a comma, quote or break.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) || value.starts_with('\u{feff}') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Whatever the fields hold (Unicode, commas, quotes, line breaks), each row is read back
    /// with its values, and every site lies inside the text on a character boundary.
    #[test]
    fn csv_rows_round_trip(
        rows in proptest::collection::vec(
            ("[a-zé😀,\"\\r\\n ]{1,12}", "[a-zé😀,\"\\r\\n\u{202e}\u{0} ]{0,12}"), 1..6),
        crlf in proptest::bool::ANY,
        bom in proptest::bool::ANY,
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut csv = String::from(if bom { "\u{feff}" } else { "" });
        csv.push_str("user,arn,user_creation_time,mfa_active");
        csv.push_str(end);
        for (i, (user, mfa)) in rows.iter().enumerate() {
            let arn = format!("arn:aws:iam::123456789012:user/u{i}");
            write!(csv, "{},{arn},N/A,{}{end}", csv_field(user), csv_field(mfa)).unwrap();
        }
        let sources = [Source::new("report.csv", csv.clone())];
        let snapshot = Snapshot::read(&sources);
        proptest::prop_assert!(snapshot.inputs[0].error.is_none(), "{:?}", snapshot.inputs);
        proptest::prop_assert_eq!(snapshot.model.credential_report.len(), rows.len());
        for (i, (user, mfa)) in rows.iter().enumerate() {
            let row = snapshot.model.credential_report.get(&format!("arn:aws:iam::123456789012:user/u{i}")).unwrap();
            proptest::prop_assert_eq!(&row.user.value, user);
            proptest::prop_assert_eq!(&row.get("mfa_active").unwrap().value, mfa);
            for site in [row.user.site, row.get("mfa_active").unwrap().site] {
                let span = snapshot.source_span(site);
                proptest::prop_assert!(csv.get(span.start as usize..span.end as usize).is_some());
            }
        }
    }

    /// Any text after a credential report header is read or refused, never a panic.
    #[test]
    fn any_csv_body_is_read_or_refused(body in "(?s).{0,200}") {
        let csv = format!("user,arn,user_creation_time,{body}");
        let (report, _) = analyze_snapshot(&[Source::new("r.csv", csv)], &Options::default());
        proptest::prop_assert_eq!(report.inputs.len(), 1);
    }
}
