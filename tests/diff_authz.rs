#![cfg(not(target_arch = "wasm32"))]
//! `posture diff` on two `get-account-authorization-details` files, compared principal by
//! principal: each scenario of `tests/diff-authz/<scenario>/{old,new}.json` against its reviewed
//! snapshot `expected.snap`, every witness confirmed by `posture simulate --principal` on both
//! files; generated pairs of accounts, where every witness is confirmed and "no new access" is
//! checked against probe requests; and the CLI's exit status. Run with `UPDATE_SNAPSHOTS=1` to
//! write new snapshots, then review the diff.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use posture::diff::{diff, Change, Diff};
use posture::iam::eval::Decision;
use posture::simulate::{simulate, Question};
use posture::Source;
use proptest::prelude::*;

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff-authz").join(name)
}

fn scenarios() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> =
        fs::read_dir(dir("")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    all.sort();
    all
}

fn source(dir: &Path, file: &str) -> Source {
    let name = format!("{}/{file}", dir.file_name().unwrap().to_string_lossy());
    Source::from_bytes(name, fs::read(dir.join(file)).unwrap())
}

fn rendered(d: &Diff) -> String {
    let mut out = String::new();
    let line = |kind: &str, c: &Change| {
        let w = &c.witness;
        format!(
            "{kind} [{}] {}:{}:{} {} {} [{} actions]\n  witness: principal={} action={} resource={} context={:?} ({} / {})\n",
            c.principal.as_deref().unwrap_or("-"),
            c.input,
            c.location.line,
            c.location.column,
            c.location.pointer,
            c.message,
            c.action_count,
            w.principal.as_deref().unwrap_or("-"),
            w.action,
            w.resource,
            w.context,
            w.granted.as_str(),
            w.other.as_str()
        )
    };
    for c in &d.added {
        out.push_str(&line("added", c));
    }
    for c in &d.removed {
        out.push_str(&line("removed", c));
    }
    for u in d.undecided.iter().chain(&d.undecided_removed) {
        let _ = writeln!(
            out,
            "undecided [{}] {}:{}:{} {}",
            u.principal.as_deref().unwrap_or("-"),
            u.input,
            u.location.line,
            u.location.column,
            u.message
        );
    }
    if out.is_empty() {
        out.push_str("nothing added, nothing removed\n");
    }
    for n in &d.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

fn ask(sources: &[Source], principal: &str, action: &str, resource: &str, context: &[(String, String)]) -> Decision {
    let q = Question {
        principal: Some(principal.to_string()),
        action: action.to_string(),
        resource: resource.to_string(),
        context: context.to_vec(),
    };
    simulate(sources, &q).unwrap().decision
}

/// Whether the file holds a user or role with this ARN.
fn holds(sources: &[Source], arn_or_name: &str) -> bool {
    let arn = format!("\"Arn\": \"{arn_or_name}\"");
    let name = format!("\"UserName\": \"{arn_or_name}\"");
    sources.iter().any(|s| s.text.contains(&arn) || s.text.contains(&name))
}

/// Every witness is real: for a principal's access, `simulate --principal` allows it on the
/// granting file and not on the other (where a principal only on one side is absent from the
/// other); for a trust policy, the granting file's trust statement admits the caller and the
/// other file's does not.
fn confirm(old: &[Source], new: &[Source], d: &Diff) -> Result<(), String> {
    for (granting, other, list) in [(new, old, &d.added), (old, new, &d.removed)] {
        for c in list {
            let w = &c.witness;
            let who = w.principal.as_deref().ok_or("a witness without a principal")?;
            if c.message.starts_with("trust policy of") {
                let q = Question {
                    principal: Some(who.to_string()),
                    action: w.action.clone(),
                    resource: w.resource.clone(),
                    context: w.context.clone(),
                };
                let admitted = |sources: &[Source]| {
                    let sim = simulate(sources, &q).unwrap();
                    sim.decision == Decision::Allow
                        || sim.statements.iter().any(|s| s.kind == "trust" && s.applies && s.effect == "Allow")
                };
                if !admitted(granting) || admitted(other) {
                    return Err(format!("trust witness not confirmed: {w:?}"));
                }
                continue;
            }
            let yes = ask(granting, who, &w.action, &w.resource, &w.context);
            if yes != Decision::Allow {
                return Err(format!("witness not allowed on the granting side ({yes:?}): {w:?}"));
            }
            // A principal whose path changed is asked for by its name on the other side.
            let name = c.principal.as_deref().and_then(|p| p.split_once('/')).map_or(who, |(_, n)| n);
            let on_other = if holds(other, who) { Some(who) } else { holds(other, name).then_some(name) };
            if let Some(asked) = on_other {
                let no = ask(other, asked, &w.action, &w.resource, &w.context);
                if no == Decision::Allow {
                    return Err(format!("witness allowed on the other side too: {w:?}"));
                }
            } else if !c.message.contains(" is new: ") && !c.message.contains(" is gone: ") {
                return Err(format!("`{who}` is missing from the other side, yet the change does not say so"));
            }
        }
    }
    Ok(())
}

#[test]
fn scenarios_match_snapshots_and_witnesses_are_real() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    let all = scenarios();
    assert!(all.len() >= 8);
    for dir in all {
        let old = [source(&dir, "old.json")];
        let new = [source(&dir, "new.json")];
        let d = diff(&old, &new);
        assert!(d.unusable().is_none(), "{}: {:?}", dir.display(), d.unusable());
        if let Err(e) = confirm(&old, &new, &d) {
            failures.push(format!("{}: {e}", dir.display()));
        }
        let actual = rendered(&d);
        let snap = dir.join("expected.snap");
        if update {
            fs::write(&snap, &actual).unwrap();
        } else {
            match fs::read_to_string(&snap) {
                Ok(expected) if expected == actual => {}
                Ok(expected) => {
                    failures.push(format!("{}:\n--- expected\n{expected}--- actual\n{actual}", dir.display()));
                }
                Err(_) => failures.push(format!("{}: no snapshot (UPDATE_SNAPSHOTS=1)", dir.display())),
            }
        }
        for side in [&old, &new] {
            let same = diff(side, side);
            assert!(
                same.added.is_empty() && same.removed.is_empty() && same.undecided.is_empty(),
                "{}: self-diff {}",
                dir.display(),
                rendered(&same)
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn get(name: &str) -> Diff {
    let d = dir(name);
    diff(&[source(&d, "old.json")], &[source(&d, "new.json")])
}

fn principals(list: &[Change]) -> Vec<&str> {
    list.iter().filter_map(|c| c.principal.as_deref()).collect()
}

#[test]
fn the_cases_the_issue_names_come_out_as_expected() {
    let d = get("user-gains-attachment");
    assert_eq!(principals(&d.added), ["user/alice"], "{}", rendered(&d));
    assert_eq!(d.added[0].witness.action, "s3:PutObject");
    assert_eq!(d.added[0].policy, "WriteData");
    assert!(d.removed.is_empty() && d.undecided.is_empty(), "{}", rendered(&d));

    let d = get("group-gains-policy");
    assert_eq!(principals(&d.added), ["user/alice", "user/bob"], "{}", rendered(&d));
    assert!(d.added.iter().all(|c| c.message.contains("of group `devs`")), "{}", rendered(&d));

    let d = get("boundary-widened");
    assert_eq!(principals(&d.added), ["user/carol"], "{}", rendered(&d));
    assert_eq!(d.added[0].witness.action, "ec2:DescribeInstances");

    let d = get("boundary-added-removes-only");
    assert!(!d.widens(), "{}", rendered(&d));
    assert_eq!(principals(&d.removed), ["user/alice"], "{}", rendered(&d));
    assert_eq!(d.removed[0].witness.action, "logs:GetLogEvents");

    // The new identity policy allows only what the boundary never allows: no witness, nothing.
    let d = get("boundary-blocks-new-policy");
    assert!(!d.widens() && d.removed.is_empty(), "{}", rendered(&d));

    let d = get("principal-added");
    assert_eq!(principals(&d.added), ["user/dave"], "one change per principal added: {}", rendered(&d));
    let d = get("principal-removed");
    assert!(!d.widens() && principals(&d.removed) == ["user/dave"], "{}", rendered(&d));

    let d = get("trust-policy-widened");
    assert_eq!(principals(&d.added), ["role/deploy"], "{}", rendered(&d));
    assert_eq!(d.added[0].witness.principal.as_deref(), Some("arn:aws:iam::444455556666:root"));
    assert_eq!(d.added[0].witness.resource, "arn:aws:iam::111122223333:role/deploy");

    for name in ["same-file-nothing", "reordered-nothing-new"] {
        let d = get(name);
        assert!(!d.widens() && d.removed.is_empty() && d.undecided_removed.is_empty(), "{name}: {}", rendered(&d));
    }
    // A document the new file lacks: undecided both ways, never "no new access".
    let d = get("document-missing-undecided");
    assert!(d.widens() && d.added.is_empty(), "{}", rendered(&d));
    assert!(d.undecided[0].reason.contains("PowerUserAccess") && !d.undecided_removed.is_empty());

    let d = get("principal-added-document-missing");
    assert!(d.widens() && d.added.is_empty() && d.undecided[0].principal.as_deref() == Some("user/erin"));

    let d = get("path-changed-same-principal");
    assert_eq!(principals(&d.added), ["user/bob"], "{}", rendered(&d));
    assert!(d.removed.is_empty(), "{}", rendered(&d));
}

/// A change points at the granting statement inside the authorization details: the managed
/// policy's default version, by JSON pointer.
#[test]
fn changes_are_located_at_the_statement_in_the_new_file() {
    let d = get("user-gains-attachment");
    let c = &d.added[0];
    assert_eq!(c.input, "user-gains-attachment/new.json");
    assert_eq!(c.location.pointer, "/Policies/3/PolicyVersionList/0/Document/Statement/0");
    let json = d.to_json();
    assert!(json.contains("\"principal\": \"user/alice\""), "{json}");
}

// ---------------------------------------------------------------------------------------------
// Property: generated accounts (two users in a group, a role; managed policies and a boundary
// drawn from small lists): every witness is confirmed, and when the diff says nothing is new,
// no probe request is allowed by NEW and not by OLD for any user or role.

const ACCOUNT: &str = "111122223333";
const DOCS: [&str; 6] = [
    r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}"#,
    r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#,
    r#"{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListBucket"], "Resource": "*"}"#,
    r#"{"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}"#,
    r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*"}"#,
    r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
];

/// One side: each managed policy's statements, who holds what, the boundary.
#[derive(Clone, Debug)]
struct Account {
    /// Statements (indices into `DOCS`) of managed policies `p0`, `p1`, `p2`.
    managed: [Vec<usize>; 3],
    /// Managed policies attached to the group, to user `u0`, to the role.
    group: Vec<usize>,
    user: Vec<usize>,
    role: Vec<usize>,
    /// The managed policy that bounds `u1`.
    boundary: Option<usize>,
}

fn account() -> impl Strategy<Value = Account> {
    let doc = || prop::collection::vec(0..DOCS.len(), 1..3);
    let held = || prop::collection::vec(0..3_usize, 0..3);
    ((doc(), doc(), doc()), held(), held(), held(), prop::option::of(0..3_usize)).prop_map(
        |((a, b, c), group, user, role, boundary)| Account { managed: [a, b, c], group, user, role, boundary },
    )
}

fn render_account(a: &Account) -> String {
    let attached = |list: &[usize]| {
        let mut list = list.to_vec();
        list.sort_unstable();
        list.dedup();
        list.iter()
            .map(|i| format!(r#"{{"PolicyName": "p{i}", "PolicyArn": "arn:aws:iam::{ACCOUNT}:policy/p{i}"}}"#))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let boundary = a.boundary.map_or(String::new(), |i| {
        format!(
            r#", "PermissionsBoundary": {{"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::{ACCOUNT}:policy/p{i}"}}"#
        )
    });
    let user = |name: &str, attached: &str, boundary: &str| {
        format!(
            r#"{{"UserName": "{name}", "Path": "/", "Arn": "arn:aws:iam::{ACCOUNT}:user/{name}", "UserPolicyList": [], "GroupList": ["team"], "AttachedManagedPolicies": [{attached}]{boundary}}}"#
        )
    };
    let policies: Vec<String> = a
        .managed
        .iter()
        .enumerate()
        .map(|(i, sts)| {
            let sts: Vec<&str> = sts.iter().map(|s| DOCS[*s]).collect();
            format!(
                r#"{{"PolicyName": "p{i}", "Arn": "arn:aws:iam::{ACCOUNT}:policy/p{i}", "Path": "/", "DefaultVersionId": "v1", "PolicyVersionList": [{{"VersionId": "v1", "IsDefaultVersion": true, "Document": {{"Version": "2012-10-17", "Statement": [{}]}}}}]}}"#,
                sts.join(", ")
            )
        })
        .collect();
    format!(
        r#"{{"UserDetailList": [{}, {}], "GroupDetailList": [{{"GroupName": "team", "Path": "/", "Arn": "arn:aws:iam::{ACCOUNT}:group/team", "GroupPolicyList": [], "AttachedManagedPolicies": [{}]}}], "RoleDetailList": [{{"RoleName": "app", "Path": "/", "Arn": "arn:aws:iam::{ACCOUNT}:role/app", "AssumeRolePolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}}, "RolePolicyList": [], "AttachedManagedPolicies": [{}]}}], "Policies": [{}]}}"#,
        user("u0", &attached(&a.user), ""),
        user("u1", "", &boundary),
        attached(&a.group),
        attached(&a.role),
        policies.join(", ")
    )
}

/// When the diff says nothing is new, no probe request is allowed by NEW and denied by OLD.
fn no_new_access_is_true(old: &[Source], new: &[Source], d: &Diff) -> Result<(), String> {
    const PROBES: [(&str, &str); 8] = [
        ("s3:GetObject", "arn:aws:s3:::data/x"),
        ("s3:GetObject", "arn:aws:s3:::other/x"),
        ("s3:PutObject", "arn:aws:s3:::data/x"),
        ("s3:ListBucket", "arn:aws:s3:::data"),
        ("ec2:DescribeInstances", "*"),
        ("iam:PassRole", "arn:aws:iam::111122223333:role/app-x"),
        ("s3:DeleteBucket", "arn:aws:s3:::data"),
        ("ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"),
    ];
    if d.widens() {
        return Ok(());
    }
    let contexts = [vec![], vec![("aws:SecureTransport".to_string(), "true".to_string())]];
    for who in ["user/u0", "user/u1", "role/app"] {
        let arn = format!("arn:aws:iam::{ACCOUNT}:{who}");
        for (action, resource) in PROBES {
            for context in &contexts {
                if ask(new, &arn, action, resource, context) == Decision::Allow
                    && ask(old, &arn, action, resource, context) != Decision::Allow
                {
                    return Err(format!(
                        "\"no new access\", yet NEW allows `{who}` {action} on {resource} {context:?}"
                    ));
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn witnesses_are_real_and_no_new_access_is_true(old in account(), new in account()) {
        let old = [Source::new("old.json", render_account(&old))];
        let new = [Source::new("new.json", render_account(&new))];
        let d = diff(&old, &new);
        prop_assert!(d.unusable().is_none(), "{:?}", d.unusable());
        let confirmed = confirm(&old, &new, &d);
        prop_assert!(confirmed.is_ok(), "{:?}\n{}", confirmed, rendered(&d));
        let checked = no_new_access_is_true(&old, &new, &d);
        prop_assert!(checked.is_ok(), "{:?}\n{}", checked, rendered(&d));
        let same = diff(&new, &new);
        prop_assert!(!same.widens() && same.removed.is_empty(), "{}", rendered(&same));
    }
}

// ---------------------------------------------------------------------------------------------
// The CLI.

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_posture")).args(args).output().unwrap()
}

fn file(name: &str, side: &str) -> String {
    dir(name).join(side).to_string_lossy().into_owned()
}

#[test]
fn cli_exits_1_on_widening_0_on_none() {
    let out = cli(&["diff", &file("group-gains-policy", "old.json"), &file("group-gains-policy", "new.json")]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("NEW ACCESS"), "{text}");
    assert!(text.contains("`user/bob` can now do `s3:PutObject`"), "{text}");
    assert!(text.contains("--principal 'arn:aws:iam::111122223333:user/bob'"), "{text}");

    let out = cli(&["diff", &file("reordered-nothing-new", "old.json"), &file("reordered-nothing-new", "new.json")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let out = cli(&[
        "diff",
        &file("boundary-added-removes-only", "old.json"),
        &file("boundary-added-removes-only", "new.json"),
    ]);
    assert_eq!(out.status.code(), Some(0), "access removed only: {}", String::from_utf8_lossy(&out.stdout));

    let (old, new) = (file("trust-policy-widened", "old.json"), file("trust-policy-widened", "new.json"));
    let json: serde_json::Value =
        serde_json::from_slice(&cli(&["diff", "--format", "json", &old, &new]).stdout).unwrap();
    assert_eq!(json["added"][0]["principal"], "role/deploy");
    assert_eq!(json["principals"], serde_json::json!([4, 4]));
    let sarif: serde_json::Value =
        serde_json::from_slice(&cli(&["diff", "--format", "sarif", &old, &new]).stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["properties"]["principal"], "role/deploy");
    let md = String::from_utf8(cli(&["diff", "--format", "markdown", &old, &new]).stdout).unwrap();
    assert!(md.contains("| `role/deploy`: statement `Partner` |"), "{md}");
}

/// Not a test: how often generated account pairs get a witness, nothing, or an undecided entry,
/// and how long a diff takes (`cargo test --test diff_authz measure -- --ignored --nocapture`).
#[test]
#[ignore = "a measurement"]
fn measure() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut added, mut undecided, mut same, mut changes) = (0, 0, 0, 0);
    let start = std::time::Instant::now();
    let n = 200;
    for _ in 0..n {
        let old = [Source::new("old.json", render_account(&account().new_tree(&mut runner).unwrap().current()))];
        let new = [Source::new("new.json", render_account(&account().new_tree(&mut runner).unwrap().current()))];
        let d = diff(&old, &new);
        changes += d.added.len();
        if !d.added.is_empty() {
            added += 1;
        } else if !d.undecided.is_empty() {
            undecided += 1;
            if std::env::var_os("SHOW").is_some() {
                println!("{}", rendered(&d));
            }
        } else {
            same += 1;
        }
    }
    println!(
        "{n} account pairs: {added} with new access ({changes} changes), {undecided} undecided only, {same} nothing new; {:?} per diff",
        start.elapsed() / n
    );
}

/// Past the shared work budget the principals left are undecided, not compared one by one
/// without end: 3,000 users, each with its own `NotAction` policy (every action of the
/// catalogue), all changed. Slow in a debug build (about 30 s), so run on demand:
/// `cargo test --test diff_authz budget -- --ignored --nocapture`.
#[test]
#[ignore = "slow in a debug build"]
fn many_changed_principals_stay_within_the_budget() {
    let file = |widen: bool| {
        let users: Vec<String> = (0..3000)
            .map(|i| {
                let extra = if widen { r#", {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"# } else { "" };
                format!(
                    r#"{{"UserName": "u{i}", "Path": "/", "Arn": "arn:aws:iam::{ACCOUNT}:user/u{i}", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": [{{"PolicyName": "p", "PolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "NotAction": ["iam:*", "s3:Tag{i}"], "Resource": "*"}}{extra}]}}}}]}}"#
                )
            })
            .collect();
        format!(
            r#"{{"UserDetailList": [{}], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}}"#,
            users.join(", ")
        )
    };
    let start = std::time::Instant::now();
    let d = diff(&[Source::new("old.json", file(false))], &[Source::new("new.json", file(true))]);
    println!("{} added, {} undecided in {:?}", d.added.len(), d.undecided.len(), start.elapsed());
    assert!(d.widens());
    assert_eq!(d.added.len() + d.undecided.len(), 3000, "every user: witnessed or undecided");
    assert!(d.undecided.iter().any(|u| u.reason.contains("work budget")), "{}", rendered(&d));
}
