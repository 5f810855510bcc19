#![cfg(not(target_arch = "wasm32"))]
//! `role-chain-to-admin` at scale: a generated account where the naive graph is quadratic (every
//! user may assume any role, hundreds of roles trust the account root) and one chain of roles is
//! as long as the account, so the search and the output bounds are exercised. The time is
//! printed (`--nocapture`), not asserted: the machine is shared. The 20 MB authorization-details
//! file of the shared corpus is timed when present (`POSTURE_AUTHZ=path`).

use std::fmt::Write as _;
use std::time::Instant;

use posture::checks::{Runner, Sink};
use posture::config::Config;
use posture::iam::account::Account;
use posture::input::Snapshot;
use posture::{analyze, analyze_snapshot, Options, Source};

const ACC: &str = "111122223333";

fn role(out: &mut String, name: &str, trust: &str, inline: &str, admin: bool) {
    let attached = if admin {
        r#"{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}"#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"{{"Path": "/", "RoleName": "{name}", "RoleId": "AROA{name}", "Arn": "arn:aws:iam::{ACC}:role/{name}",
        "AssumeRolePolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{trust}"}}, "Action": "sts:AssumeRole"}}]}},
        "RolePolicyList": [{inline}], "AttachedManagedPolicies": [{attached}], "InstanceProfileList": []}},"#
    );
}

fn assume(resource: &str) -> String {
    format!(
        r#"{{"PolicyName": "assume", "PolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "{resource}"}}]}}}}"#
    )
}

/// `users` users that may assume any role, `open` roles trusting the account root (the last one
/// administrator), and a chain of `chain` roles from user `u0` to another administrator role.
fn account(users: usize, open: usize, chain: usize) -> String {
    let mut out = String::from(r#"{"UserDetailList": ["#);
    for u in 0..users {
        let inline = assume("*");
        let _ = write!(
            out,
            r#"{{"Path": "/", "UserName": "u{u}", "UserId": "AIDA{u}", "Arn": "arn:aws:iam::{ACC}:user/u{u}", "UserPolicyList": [{inline}], "GroupList": [], "AttachedManagedPolicies": []}},"#
        );
    }
    out.pop();
    out.push_str(r#"], "GroupDetailList": [], "RoleDetailList": ["#);
    for r in 0..open {
        role(&mut out, &format!("open{r}"), &format!("arn:aws:iam::{ACC}:root"), "", r + 1 == open);
    }
    for c in 0..chain {
        let trust = if c == 0 {
            format!("arn:aws:iam::{ACC}:user/u0")
        } else {
            format!("arn:aws:iam::{ACC}:role/chain{}", c - 1)
        };
        let inline =
            if c + 1 < chain { assume(&format!("arn:aws:iam::{ACC}:role/chain{}", c + 1)) } else { String::new() };
        role(&mut out, &format!("chain{c}"), &trust, &inline, c + 1 == chain);
    }
    out.pop();
    out.push_str(r#"], "Policies": []}"#);
    out
}

/// The milliseconds one principal-level rule takes on the file, alone (reading excluded; the
/// best of two runs), beside `admin-access`'s for scale.
fn rule_alone(bytes: &[u8]) -> (f64, f64) {
    let sources = [Source::from_bytes("authz.json", bytes.to_vec())];
    let snapshot = Snapshot::read(&sources);
    let account = Account::new(&snapshot.model, &snapshot.policies);
    let time = |id: &str| {
        let check = posture::checks::REGISTRY.iter().find(|c| c.rule.id == id).unwrap();
        let (Runner::Principals(run) | Runner::PolicyAndPrincipals { principals: run, .. }) = check.run else {
            panic!("{id} is not a principal rule")
        };
        let mut best = f64::MAX;
        for _ in 0..2 {
            let start = Instant::now();
            run(&account, &mut Sink::default());
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        best
    };
    (time("role-chain-to-admin"), time("admin-access"))
}

fn on() -> Options {
    Options::default()
}

fn off() -> Options {
    let config = Config::from_json(r#"{"rules": {"role-chain-to-admin": {"enabled": false}}}"#).unwrap();
    Options { config, ..Options::default() }
}

/// The best of two runs (the first run of a process also builds the action catalogue).
fn timed(bytes: &[u8], options: &Options) -> (f64, posture::Report) {
    let mut best = f64::MAX;
    let mut report = None;
    for _ in 0..2 {
        let start = Instant::now();
        report = Some(analyze(&[Source::from_bytes("authz.json", bytes.to_vec())], options));
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    (best, report.unwrap())
}

/// The role graph's size (nodes, edges) and its JSON's bytes, as the page receives it.
fn graph_size(bytes: &[u8]) -> (usize, usize, usize) {
    let (_, inventory) = analyze_snapshot(&[Source::from_bytes("authz.json", bytes.to_vec())], &on());
    let g = &inventory.role_graph;
    (g.nodes.len(), g.edges.len(), serde_json::to_string(g).unwrap().len())
}

#[test]
fn quadratic_candidates_and_a_long_chain_stay_bounded() {
    // `POSTURE_CHAIN_SCALE=users,open,chain` for a larger account.
    let scale = std::env::var("POSTURE_CHAIN_SCALE").unwrap_or_else(|_| "1000,300,400".into());
    let sizes: Vec<usize> = scale.split(',').map(|n| n.parse().unwrap()).collect();
    let [users, open, chain] = sizes[..] else { panic!("POSTURE_CHAIN_SCALE=users,open,chain") };
    assert!(users > 0 && open > 0 && chain > 40);
    let text = account(users, open, chain);
    let (on_ms, report) = timed(text.as_bytes(), &on());
    let (off_ms, _) = timed(text.as_bytes(), &off());
    let found: Vec<_> = report.findings.iter().filter(|f| f.rule == "role-chain-to-admin").collect();
    // Every user reaches `open299` in one step; the chain's roles reach `chain399`, but the
    // roles that may assume nothing (the open ones) do not.
    assert_eq!(found.len(), users + chain - 1);
    let u0 = found.iter().find(|f| f.resource == "u0").unwrap();
    assert!(u0.message.contains("in 1 step"), "{}", u0.message);
    let chain0 = found.iter().find(|f| f.resource == "chain0").unwrap();
    assert!(chain0.message.contains(&format!("in {} steps", chain - 1)), "{}", chain0.message);
    assert!(chain0.message.contains(&format!(", and {} more", chain - 9)), "{}", chain0.message);
    let hops = chain0.path.len();
    assert_eq!(hops, 1 + 3 * 32 + 2, "the path holds 32 steps, then how many more and the target");
    let (alone, admin) = rule_alone(text.as_bytes());
    let (nodes, edges, json) = graph_size(text.as_bytes());
    eprintln!(
        "role-chain-to-admin: {} bytes, {users} users x {open} root-trusting roles + a chain of {chain}: \
         analysis {on_ms:.0} ms with the rule, {off_ms:.0} ms without; the rule alone (with its role graph) \
         {alone:.0} ms, admin-access alone {admin:.0} ms; role graph: {nodes} nodes, {edges} edges, {json} bytes of JSON",
        text.len()
    );
}

#[test]
fn corpus_authorization_details_time() {
    let Some(path) = std::env::var_os("POSTURE_AUTHZ") else { return };
    let bytes = std::fs::read(path).unwrap();
    let (on_ms, report) = timed(&bytes, &on());
    let (off_ms, _) = timed(&bytes, &off());
    let found = report.findings.iter().filter(|f| f.rule == "role-chain-to-admin").count();
    let (alone, admin) = rule_alone(&bytes);
    let (nodes, edges, json) = graph_size(&bytes);
    eprintln!(
        "role-chain-to-admin on {} bytes: {found} findings; analysis {on_ms:.0} ms with the rule, {off_ms:.0} ms \
         without; the rule alone (with its role graph) {alone:.0} ms, admin-access alone {admin:.0} ms; role graph: \
         {nodes} nodes, {edges} edges, {json} bytes of JSON",
        bytes.len()
    );
}
