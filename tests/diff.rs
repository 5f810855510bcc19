#![cfg(not(target_arch = "wasm32"))]
//! `posture diff`: each scenario of `tests/diff/<scenario>/{old,new}.json` against its reviewed
//! snapshot `expected.snap` (what the user sees: each region of access added, removed or
//! undecided, with its witness), every witness confirmed by the simulator on both sides; and a
//! property test over generated policy pairs. Run with `UPDATE_SNAPSHOTS=1` to write new
//! snapshots, then review the diff.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use posture::diff::{diff, Change, Diff, Witness};
use posture::iam::catalog::Catalog;
use posture::iam::eval::{Decision, Pattern, Syntax};
use posture::simulate::{simulate, Question};
use posture::Source;
use proptest::prelude::*;

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut all: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
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
            "{kind} {}:{}:{} {} [{} actions]\n  witness: principal={} action={} resource={} context={:?} ({} / {})\n",
            c.input,
            c.location.line,
            c.location.column,
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
        let _ = writeln!(out, "undecided {}:{}:{} {}", u.input, u.location.line, u.location.column, u.message);
    }
    if out.is_empty() {
        out.push_str("nothing added, nothing removed\n");
    }
    out
}

/// The simulator's decision on a witness over `sources`.
fn simulated(sources: &[Source], w: &Witness) -> Decision {
    let q = Question {
        principal: w.principal.clone(),
        action: w.action.clone(),
        resource: w.resource.clone(),
        context: w.context.clone(),
    };
    simulate(sources, &q).unwrap().decision
}

/// Every witness of access added is allowed by NEW and not by OLD, and conversely for removed.
fn confirm(old: &[Source], new: &[Source], d: &Diff) -> Result<(), String> {
    for (granting, other, list) in [(new, old, &d.added), (old, new, &d.removed)] {
        for c in list {
            let (yes, no) = (simulated(granting, &c.witness), simulated(other, &c.witness));
            if yes != Decision::Allow || no == Decision::Allow {
                return Err(format!("witness not confirmed ({yes:?} / {no:?}): {:?}", c.witness));
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
    assert!(all.len() >= 10);
    for dir in all {
        let old = [source(&dir, "old.json")];
        let new = [source(&dir, "new.json")];
        let d = diff(&old, &new);
        assert!(!d.has_input_errors(), "{}: {:?}", dir.display(), d.inputs);
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
        // A policy diffed with itself reports nothing.
        let same = diff(&new, &new);
        assert!(
            same.added.is_empty() && same.removed.is_empty() && same.undecided.is_empty(),
            "{}: self-diff {}",
            dir.display(),
            rendered(&same)
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_cases_the_issue_names_come_out_as_expected() {
    let get = |name: &str| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff").join(name);
        diff(&[source(&dir, "old.json")], &[source(&dir, "new.json")])
    };
    for name in [
        "widened-action-set",
        "widened-resource",
        "dropped-condition",
        "not-action-introduced",
        "deny-removed",
        "principal-widened-bucket-policy",
        "principal-widened-trust-policy",
    ] {
        let d = get(name);
        assert!(!d.added.is_empty() && d.widens(), "{name}: {}", rendered(&d));
    }
    for name in ["reordered-nothing-new", "sid-renamed-nothing-new", "star-equals-the-only-arn-format"] {
        let d = get(name);
        assert!(!d.widens() && d.removed.is_empty() && d.undecided_removed.is_empty(), "{name}: {}", rendered(&d));
    }
    let removed = get("access-removed-only");
    assert!(!removed.widens() && removed.removed.len() == 1, "{}", rendered(&removed));
    let undecided = get("undecided-variable-in-condition");
    assert!(undecided.added.is_empty() && !undecided.undecided.is_empty() && undecided.widens());
    assert!(undecided.undecided[0].reason.contains("policy variable"), "{}", undecided.undecided[0].reason);
}

// ---------------------------------------------------------------------------------------------
// Property: for generated pairs, every witness is confirmed by the simulator, and a policy
// diffed with itself reports nothing.

const ACTIONS: [&str; 8] =
    ["s3:GetObject", "s3:PutObject", "s3:Get*", "s3:*", "iam:PassRole", "ec2:DescribeInstances", "sqs:*", "*"];
const RESOURCES: [&str; 6] = [
    "*",
    "arn:aws:s3:::data/*",
    "arn:aws:s3:::data/public/*",
    "arn:aws:s3:::*",
    "arn:aws:iam::123456789012:role/app-*",
    "arn:aws:sqs:*:123456789012:queue",
];
const CONDITIONS: [&str; 5] = [
    "",
    r#""Condition": {"Bool": {"aws:SecureTransport": "true"}},"#,
    r#""Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},"#,
    r#""Condition": {"StringEquals": {"aws:PrincipalTag/team": ["blue", "red"]}},"#,
    r#""Condition": {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}},"#,
];

fn statement() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(0..ACTIONS.len(), 1..3),
        prop::collection::vec(0..RESOURCES.len(), 1..3),
        0..CONDITIONS.len(),
        any::<bool>(),
    )
        .prop_map(|(allow, not_action, actions, resources, condition, not_resource)| {
            let list = |items: Vec<&str>| items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
            let effect = if allow || !not_action {
                if allow {
                    "Allow"
                } else {
                    "Deny"
                }
            } else {
                "Deny"
            };
            let action_key = if not_action && allow { "NotAction" } else { "Action" };
            let resource_key = if not_resource && !allow { "NotResource" } else { "Resource" };
            format!(
                r#"{{"Effect": "{effect}", {} "{action_key}": [{}], "{resource_key}": [{}]}}"#,
                CONDITIONS[condition],
                list(actions.into_iter().map(|i| ACTIONS[i]).collect()),
                list(resources.into_iter().map(|i| RESOURCES[i]).collect())
            )
        })
}

fn policy() -> impl Strategy<Value = String> {
    prop::collection::vec(statement(), 1..4)
        .prop_map(|sts| format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, sts.join(", ")))
}

const PRINCIPALS: [&str; 5] = [
    r#""Principal": "*","#,
    r#""Principal": {"AWS": "111122223333"},"#,
    r#""Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},"#,
    r#""Principal": {"Service": "cloudtrail.amazonaws.com"},"#,
    r#""NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/reader"},"#,
];

/// A bucket policy statement: principals vary too.
fn bucket_statement() -> impl Strategy<Value = String> {
    (statement(), 0..PRINCIPALS.len()).prop_map(|(st, p)| st.replacen('{', &format!("{{{} ", PRINCIPALS[p]), 1))
}

fn bucket_policy() -> impl Strategy<Value = String> {
    prop::collection::vec(bucket_statement(), 1..4)
        .prop_map(|sts| format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, sts.join(", ")))
}

/// When the diff says NEW grants nothing new, no probe request NEW allows is denied by OLD.
fn no_new_access_is_true(old: &[Source], new: &[Source], d: &Diff, principals: &[Option<&str>]) -> Result<(), String> {
    const PROBE_ACTIONS: [&str; 7] = [
        "s3:GetObject",
        "s3:PutObject",
        "s3:ListBucket",
        "iam:PassRole",
        "ec2:DescribeInstances",
        "sqs:SendMessage",
        "kms:Decrypt",
    ];
    const PROBE_RESOURCES: [&str; 6] = [
        "arn:aws:s3:::data/x",
        "arn:aws:s3:::data/public/x",
        "arn:aws:s3:::other",
        "arn:aws:iam::123456789012:role/app-x",
        "arn:aws:sqs:us-east-1:123456789012:queue",
        "*",
    ];
    const PROBE_CONTEXT: [(&str, &str); 4] = [
        ("aws:SecureTransport", "true"),
        ("aws:SourceIp", "10.1.2.3"),
        ("aws:PrincipalTag/team", "blue"),
        ("aws:RequestedRegion", "us-east-1"),
    ];
    if !d.added.is_empty() || !d.undecided.is_empty() {
        return Ok(());
    }
    let catalog = Catalog::get();
    let syntax = Syntax { wildcards: true, variables: false };
    // A request is on a resource of one of the action's types (its ARN formats), or on `*` for
    // an action without resource types: others are no request AWS would make.
    let real = |action: &str, resource: &str| {
        let Some(id) = catalog.find_action(action) else { return true };
        let formats: Vec<String> = catalog
            .action_info(id)
            .resource_types()
            .flat_map(|t| t.resource_type().arn_patterns())
            .map(|t| {
                let mut out = String::new();
                let mut rest = t;
                while let Some(start) = rest.find("${") {
                    out.push_str(&rest[..start]);
                    out.push('*');
                    rest = &rest[start + rest[start..].find('}').unwrap() + 1..];
                }
                out + rest
            })
            .collect();
        if formats.is_empty() {
            // An action without resource types is requested on `*`.
            return resource == "*";
        }
        formats.iter().any(|f| Pattern::parse(f, syntax).matches(resource, &|_| None, true).matched)
    };
    for principal in principals {
        for action in PROBE_ACTIONS {
            for resource in PROBE_RESOURCES.into_iter().filter(|r| real(action, r)) {
                for mask in 0..16_u32 {
                    let context = PROBE_CONTEXT
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .map(|(_, (k, v))| ((*k).to_string(), (*v).to_string()))
                        .collect();
                    let w = Witness {
                        principal: principal.map(String::from),
                        action: action.into(),
                        resource: resource.into(),
                        context,
                        granted: Decision::Allow,
                        other: Decision::ImplicitDeny,
                    };
                    if simulated(new, &w) == Decision::Allow && simulated(old, &w) != Decision::Allow {
                        return Err(format!("\"no new access\", yet NEW allows and OLD denies {w:?}"));
                    }
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_new_access_is_never_claimed_wrongly(old in policy(), new in policy()) {
        let old = [Source::new("old.json", old)];
        let new = [Source::new("new.json", new)];
        let d = diff(&old, &new);
        let checked = no_new_access_is_true(&old, &new, &d, &[None]);
        prop_assert!(checked.is_ok(), "{:?}\n{}", checked, rendered(&d));
    }

    #[test]
    fn no_new_access_is_never_claimed_wrongly_for_resource_policies(old in bucket_policy(), new in bucket_policy()) {
        let old = [Source::new("old.json", old)];
        let new = [Source::new("new.json", new)];
        let d = diff(&old, &new);
        let principals = [Some("*"), Some("arn:aws:iam::111122223333:role/reader"), Some("cloudtrail.amazonaws.com"), Some("arn:aws:iam::111122223333:root")];
        let checked = no_new_access_is_true(&old, &new, &d, &principals);
        prop_assert!(checked.is_ok(), "{:?}\n{}", checked, rendered(&d));
    }

    #[test]
    fn resource_policy_witnesses_are_confirmed_by_the_simulator(old in bucket_policy(), new in bucket_policy()) {
        let old = [Source::new("old.json", old)];
        let new = [Source::new("new.json", new)];
        let d = diff(&old, &new);
        prop_assert!(confirm(&old, &new, &d).is_ok(), "{:?}\n{}", confirm(&old, &new, &d), rendered(&d));
        let same = diff(&new, &new);
        prop_assert!(same.added.is_empty() && same.removed.is_empty() && same.undecided.is_empty(), "{}", rendered(&same));
    }

    #[test]
    fn witnesses_are_confirmed_by_the_simulator(old in policy(), new in policy()) {
        let old = [Source::new("old.json", old)];
        let new = [Source::new("new.json", new)];
        let d = diff(&old, &new);
        prop_assert!(confirm(&old, &new, &d).is_ok(), "{:?}\n{}", confirm(&old, &new, &d), rendered(&d));
        let same = diff(&new, &new);
        prop_assert!(same.added.is_empty() && same.removed.is_empty() && same.undecided.is_empty(), "{}", rendered(&same));
    }
}

// ---------------------------------------------------------------------------------------------
// The command line: formats and exit status.

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_posture")).args(args).output().unwrap()
}

fn scenario(name: &str, file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff").join(name).join(file).to_string_lossy().into_owned()
}

#[test]
fn cli_exits_1_on_new_access_0_on_none_2_on_errors() {
    let (old, new) = (scenario("widened-resource", "old.json"), scenario("widened-resource", "new.json"));
    let out = cli(&["diff", &old, &new]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("NEW ACCESS"), "{text}");
    assert!(
        text.contains(
            "witness: posture simulate --action s3:GetObject --resource 'arn:aws:s3:::reports/posture-witness'"
        ),
        "{text}"
    );

    let (old, new) = (scenario("sid-renamed-nothing-new", "old.json"), scenario("sid-renamed-nothing-new", "new.json"));
    let out = cli(&["diff", &old, &new]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("NO NEW ACCESS"));

    // Access removed only: nothing new, exit 0; and the other way round, exit 1.
    let (old, new) = (scenario("access-removed-only", "old.json"), scenario("access-removed-only", "new.json"));
    assert_eq!(cli(&["diff", &old, &new]).status.code(), Some(0));
    assert_eq!(cli(&["diff", &new, &old]).status.code(), Some(1));

    // Undecided is not "no new access".
    let (old, new) = (
        scenario("undecided-variable-in-condition", "old.json"),
        scenario("undecided-variable-in-condition", "new.json"),
    );
    let out = cli(&["diff", &old, &new]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("UNDECIDED"));

    let dir = std::env::temp_dir().join(format!("posture-diff-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.json");
    fs::write(&broken, "{\"Version\": ").unwrap();
    let empty = dir.join("empty.json");
    fs::write(&empty, "{\"Things\": []}").unwrap();
    for bad in [&broken, &empty] {
        let out = cli(&["diff", &old, bad.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    }
    // Two authorization-details files are compared principal by principal (tests/diff_authz.rs);
    // one against a policy document cannot be compared, and that is said.
    let authz = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/authz/awscli__iam__get-account-authorization-details__ex1.json")
        .to_string_lossy()
        .into_owned();
    let out = cli(&["diff", &authz, &authz]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let out = cli(&["diff", &old, &authz]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("CANNOT COMPARE"));
    assert!(String::from_utf8(out.stderr).unwrap().contains("principal by principal"));
    assert_eq!(cli(&["diff", &old]).status.code(), Some(2));
    assert_eq!(cli(&["diff", "--format", "csv", &old, &new]).status.code(), Some(2));
    assert_eq!(cli(&["diff", &old, "/nonexistent/posture.json"]).status.code(), Some(2));
}

#[test]
fn cli_formats() {
    let (old, new) = (scenario("deny-removed", "old.json"), scenario("deny-removed", "new.json"));
    let json: serde_json::Value =
        serde_json::from_slice(&cli(&["diff", "--format", "json", &old, &new]).stdout).unwrap();
    let added = &json["added"][0];
    assert_eq!(added["witness"]["action"], "iam:DeleteUser");
    assert_eq!(added["witness"]["other"], "explicit-deny");
    assert_eq!(added["location"]["pointer"], "/Statement/0");
    let sarif: serde_json::Value =
        serde_json::from_slice(&cli(&["diff", "--format", "sarif", &old, &new]).stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "policy-diff-added");
    assert_eq!(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 4);
    let md = String::from_utf8(cli(&["diff", "--format", "markdown", &old, &new]).stdout).unwrap();
    assert!(md.contains("| statement `Admin` |") && md.contains("`iam:DeleteUser`"), "{md}");
}

/// Not a test: how often generated pairs get a witness, nothing, or an undecided region, and how
/// long a diff takes (`cargo test --test diff measure -- --ignored --nocapture`).
#[test]
#[ignore = "a measurement"]
fn measure() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    for (name, strategy) in [("identity", policy().boxed()), ("bucket", bucket_policy().boxed())] {
        let mut runner = TestRunner::deterministic();
        let (mut added, mut undecided, mut same, mut regions) = (0, 0, 0, 0);
        let start = std::time::Instant::now();
        let n = 300;
        for _ in 0..n {
            let old = [Source::new("old.json", strategy.new_tree(&mut runner).unwrap().current())];
            let new = [Source::new("new.json", strategy.new_tree(&mut runner).unwrap().current())];
            let d = diff(&old, &new);
            regions += d.added.len();
            if !d.added.is_empty() {
                added += 1;
            } else if !d.undecided.is_empty() {
                undecided += 1;
                if std::env::var_os("SHOW").is_some() && undecided < 6 {
                    println!("--- old {}\n--- new {}\n{}", old[0].text, new[0].text, rendered(&d));
                }
            } else {
                same += 1;
            }
        }
        println!(
            "{name}: {n} pairs: {added} with new access ({regions} regions), {undecided} undecided only, {same} nothing new; {:?} per diff",
            start.elapsed() / n
        );
    }
}

/// Past its work budget the diff says it cannot decide, rather than taking quadratic time or
/// claiming "no new access".
#[test]
fn large_inputs_are_undecided_within_the_budget() {
    let statements: Vec<String> =
        (0..200).map(|i| format!(r#"{{"Effect": "Allow", "NotAction": "iam:Tag{i}", "Resource": "*"}}"#)).collect();
    let old = format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, statements.join(","));
    let new =
        old.replace(r#""Statement": ["#, r#""Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, "#);
    let d = diff(&[Source::new("old.json", old)], &[Source::new("new.json", new)]);
    assert!(d.added.is_empty() && !d.undecided.is_empty() && d.widens(), "{}", rendered(&d));
    assert!(d.undecided[0].reason.contains("work budget"), "{}", d.undecided[0].reason);
}
