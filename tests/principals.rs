#![cfg(not(target_arch = "wasm32"))]
//! Account IAM from `get-account-authorization-details`: every policy document read and
//! located, each managed policy checked once, AWS managed ones not reported as the account's,
//! effective permissions across policies, groups and boundaries, and missing documents named.

use std::fs;
use std::path::Path;

use posture::input::Snapshot;
use posture::report::Finding;
use posture::{analyze, Options, Report, Source};

const ACCOUNT: &str = "111122223333";

fn run(text: &str) -> Report {
    analyze(&[Source::new("authz.json", text)], &Options::default())
}

fn of<'r>(report: &'r Report, rule: &str) -> Vec<&'r Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

/// A managed policy of the file, with its default version.
fn managed(name: &str, aws: bool, statements: &str, attachments: u32) -> String {
    let arn =
        if aws { format!("arn:aws:iam::aws:policy/{name}") } else { format!("arn:aws:iam::{ACCOUNT}:policy/{name}") };
    format!(
        r#"{{"PolicyName": "{name}", "Arn": "{arn}", "DefaultVersionId": "v2", "AttachmentCount": {attachments},
  "PermissionsBoundaryUsageCount": 0,
  "PolicyVersionList": [
    {{"VersionId": "v1", "IsDefaultVersion": false, "Document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}},
    {{"VersionId": "v2", "IsDefaultVersion": true, "Document": {{"Version": "2012-10-17", "Statement": [{statements}]}}}}]}}"#
    )
}

fn user(name: &str, attached: &[&str], inline: &str, groups: &str) -> String {
    let attached: Vec<String> = attached.iter().map(|a| format!(r#"{{"PolicyArn": "{a}"}}"#)).collect();
    format!(
        r#"{{"UserName": "{name}", "Arn": "arn:aws:iam::{ACCOUNT}:user/{name}", "GroupList": [{groups}],
  "AttachedManagedPolicies": [{}], "UserPolicyList": [{inline}]}}"#,
        attached.join(", ")
    )
}

fn file(users: &[String], groups: &[String], policies: &[String]) -> String {
    format!(
        r#"{{"UserDetailList": [{}], "GroupDetailList": [{}], "RoleDetailList": [], "Policies": [{}]}}"#,
        users.join(",\n"),
        groups.join(",\n"),
        policies.join(",\n")
    )
}

#[test]
fn a_managed_policy_is_checked_once_however_many_hold_it() {
    let pass = format!("arn:aws:iam::{ACCOUNT}:policy/pass");
    let policy =
        managed("pass", false, r#"{"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#, 3);
    let users: Vec<String> = ["a", "b", "c"].iter().map(|u| user(u, &[&pass], "", "")).collect();
    let report = run(&file(&users, &[], &[policy]));
    let policy_level: Vec<_> = of(&report, "pass-role-to-any");
    assert_eq!(policy_level.len(), 1, "{policy_level:?}");
    assert_eq!(policy_level[0].resource, "pass");
    // The default version (v2) is the one read, located in the file.
    assert!(policy_level[0].location.pointer.starts_with("/Policies/0/PolicyVersionList/1/Document/Statement/0"));
    assert!(of(&report, "admin-access").is_empty(), "v1 is not the default version");
}

#[test]
fn aws_managed_policies_count_for_principals_but_are_not_reported_themselves() {
    let arn = "arn:aws:iam::aws:policy/IAMFullAccess";
    let policy = managed("IAMFullAccess", true, r#"{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}"#, 1);
    let report = run(&file(&[user("ops", &[arn], "", "")], &[], &[policy]));
    let escalation = of(&report, "privilege-escalation");
    assert_eq!(escalation.len(), 1, "{escalation:?}");
    assert_eq!(escalation[0].resource, "ops");
    assert!(escalation[0].message.contains("from `IAMFullAccess` (attached)"), "{}", escalation[0].message);
    assert!(report.findings.iter().all(|f| f.resource == "ops"), "{:?}", report.findings);
}

#[test]
fn inline_documents_are_located_even_url_encoded_and_a_broken_one_is_a_remark() {
    let good = r#"{"PolicyName": "launch", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22iam%3APassRole%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"}"#;
    let broken = r#"{"PolicyName": "broken", "PolicyDocument": "%7B%ZZ"}"#;
    let report = run(&file(&[user("dev", &[], &format!("{good}, {broken}"), "")], &[], &[]));
    let input = &report.inputs[0];
    assert!(input.error.is_none(), "{:?}", input.error);
    assert_eq!(input.kind, Some("iam.get-account-authorization-details"));
    assert!(input.notes.iter().any(|n| n.message.contains("malformed `%` escape")), "{:?}", input.notes);
    let pass = of(&report, "pass-role-to-any");
    assert_eq!(pass.len(), 1);
    assert_eq!(pass[0].resource, "dev/launch");
    assert_eq!(pass[0].location.pointer, "/UserDetailList/0/UserPolicyList/0/PolicyDocument/Statement/0/Resource");
}

#[test]
fn escalation_split_across_a_user_and_its_group_names_both() {
    let pass = format!("arn:aws:iam::{ACCOUNT}:policy/pass");
    let policy =
        managed("pass", false, r#"{"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#, 1);
    let group = format!(
        r#"{{"GroupName": "builders", "Arn": "arn:aws:iam::{ACCOUNT}:group/builders", "AttachedManagedPolicies": [],
  "GroupPolicyList": [{{"PolicyName": "run", "PolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Sid": "Run", "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}}]}}}}]}}"#
    );
    let report = run(&file(&[user("carol", &[&pass], "", r#""builders""#)], &[group], &[policy]));
    let found = of(&report, "privilege-escalation");
    let carol: Vec<_> = found.iter().filter(|f| f.resource == "carol").collect();
    assert_eq!(carol.len(), 1, "{found:?}");
    let m = &carol[0].message;
    assert!(m.contains("`iam:PassRole` from `pass` (attached) statement `Pass`"), "{m}");
    assert!(m.contains("`ec2:RunInstances` from `run` (inline) of group `builders` statement `Run`"), "{m}");
    assert_eq!(carol[0].path.len(), 3, "the user, then each grant");
    // The group alone lacks `iam:PassRole`.
    assert!(found.iter().all(|f| f.resource != "builders"));
}

#[test]
fn a_missing_document_is_named_and_never_taken_as_empty() {
    let gone = format!("arn:aws:iam::{ACCOUNT}:policy/not-in-file");
    let report = run(&file(&[user("eve", &[&gone, "arn:aws:iam::aws:policy/AdministratorAccess"], "", "")], &[], &[]));
    let notes = &report.inputs[0].notes;
    assert!(notes.iter().any(|n| n.message.contains("`arn:aws:iam::111122223333:policy/not-in-file`")), "{notes:?}");
    // AdministratorAccess is known by its ARN.
    let admin = of(&report, "admin-access");
    assert_eq!(admin.len(), 1);
    assert!(admin[0].message.contains("the AWS managed `AdministratorAccess`"), "{}", admin[0].message);
}

#[test]
fn a_principal_given_twice_is_read_once() {
    let text = file(
        &[user("dup", &[], r#"{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": []}}"#, "")],
        &[],
        &[],
    );
    let sources = [Source::new("a.json", text.as_str()), Source::new("b.json", text.as_str())];
    let snapshot = Snapshot::read(&sources);
    assert_eq!(snapshot.model.principals.len(), 1);
    assert_eq!(snapshot.policies.len(), 1, "the second file's copy is not read again");
}

#[test]
fn real_authorization_details_give_principal_findings_with_no_input_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/authz");
    let path = dir.join("cloudsplaining__examples_files_example.json");
    let report = analyze(&[Source::from_bytes("example.json", fs::read(path).unwrap())], &Options::default());
    assert!(report.inputs.iter().all(|i| i.error.is_none()));
    let principal_level = |rule: &str| {
        of(&report, rule)
            .iter()
            .filter(|f| ["user ", "role ", "group "].iter().any(|p| f.message.starts_with(p)))
            .count()
    };
    assert!(principal_level("privilege-escalation") > 50);
    assert!(principal_level("admin-access") > 0);
    assert!(!of(&report, "missing-permissions-boundary").is_empty());
    assert!(!of(&report, "user-policy-attached-directly").is_empty());
    // Service-linked roles are AWS's: not judged as principals.
    assert!(report.findings.iter().all(|f| !f.resource.starts_with("AWSServiceRoleFor")), "service-linked role judged");
}

#[test]
fn the_inventory_lists_each_principal_with_the_rules_that_flag_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/privilege-escalation/flagged/user-and-its-group.json");
    let source = Source::from_bytes("authz.json", fs::read(path).unwrap());
    let (_, inventory) = posture::analyze_snapshot(&[source], &Options::default());
    let carol = inventory.principals.iter().find(|p| p.name == "carol").unwrap();
    assert_eq!(carol.kind, "user");
    assert_eq!(carol.groups, ["builders"]);
    assert!(carol.rules.contains(&"privilege-escalation"), "{:?}", carol.rules);
    assert_eq!(carol.location.pointer, "/UserDetailList/0");
    assert!(carol.range[0] < carol.range[1]);
    assert!(carol.data.is_empty() && carol.credentials.is_empty(), "{carol:?}");

    // What each principal can read or mint everywhere, after denies.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/authz/cloudsplaining__examples_files_example.json");
    let (_, example) =
        posture::analyze_snapshot(&[Source::from_bytes("example.json", fs::read(path).unwrap())], &Options::default());
    let row = |name: &str| example.principals.iter().find(|p| p.name == name).unwrap();
    assert_eq!(row("privesc4-CreateAccessKey-user").credentials, ["iam:CreateAccessKey"]);
    let denied = row("fp2-allow-and-deny-multiple-policies-user");
    assert!(denied.data.is_empty() && denied.credentials.is_empty(), "a deny of `*` leaves nothing: {denied:?}");
    assert!(row("privesc-high-priv-service-role").data.contains(&"s3:GetObject"));
    let builders = inventory.principals.iter().find(|p| p.name == "builders").unwrap();
    assert!(!builders.rules.contains(&"privilege-escalation"));
}

#[test]
fn a_group_the_file_does_not_list_is_named() {
    let report = run(&file(&[user("gina", &[], "", r#""ghosts""#)], &[], &[]));
    let notes = &report.inputs[0].notes;
    assert!(
        notes.iter().any(|n| n.message.starts_with("group `ghosts` of user `gina` is not in the input")),
        "{notes:?}"
    );
    assert_eq!(notes[0].location.pointer, "/UserDetailList/0");
}
