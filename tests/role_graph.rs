#![cfg(not(target_arch = "wasm32"))]
//! The role graph of the inventory (`Inventory.role_graph`): built from `role-chain-to-admin`'s
//! steps, its chains are the rule's, callers allowed on `*` go through their account's node,
//! and its size stays bounded when the steps are quadratic.

use std::fmt::Write as _;
use std::path::Path;

use posture::checks::paths::role_graph::{GraphNode, RoleGraph, OUT_CAP};
use posture::{analyze_snapshot, Inventory, Options, Source};

fn analysed(name: &str, text: String) -> (posture::Report, Inventory) {
    analyze_snapshot(&[Source::from_bytes(name, text.into_bytes())], &Options::default())
}

fn sample() -> (posture::Report, Inventory) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples/attack-path-snapshot.json");
    analysed("attack-path-snapshot.json", std::fs::read_to_string(path).unwrap())
}

fn node<'g>(g: &'g RoleGraph, name: &str) -> (usize, &'g GraphNode) {
    g.nodes.iter().enumerate().find(|(_, n)| n.name == name).unwrap_or_else(|| panic!("no node {name}"))
}

/// The names along a node's chain, by its `next` edges.
fn chain(g: &RoleGraph, start: usize) -> Vec<String> {
    let mut names = vec![g.nodes[start].name.clone()];
    let mut at = start;
    while let Some(e) = g.nodes[at].next {
        at = g.edges[e].to;
        names.push(g.nodes[at].name.clone());
        assert!(names.len() <= g.nodes.len(), "a chain never loops");
    }
    names
}

#[test]
fn the_sample_chain_is_the_rules_chain() {
    let (report, inventory) = sample();
    let g = &inventory.role_graph;
    let f = report.findings.iter().find(|f| f.rule == "role-chain-to-admin" && f.resource == "developer").unwrap();
    let (dev, developer) = node(g, "developer");
    assert_eq!(developer.kind, "user");
    assert_eq!(developer.admin, None);
    assert_eq!(chain(g, dev), ["developer", "deploy", "break-glass"], "{}", f.message);
    let first = &g.edges[developer.next.unwrap()];
    assert_eq!(first.caller.as_deref(), Some("on `aws:MultiFactorAuthPresent` in statement `AssumeDeploy`"));
    assert_eq!(first.trust, None);
    assert!(!first.star);
    let (_, glass) = node(g, "break-glass");
    assert_eq!(glass.admin.as_deref(), Some("administrator access"));
    assert_eq!(glass.kind, "role");
    // Each node points at its row of the principals view.
    for n in g.nodes.iter().filter(|n| n.kind == "user" || n.kind == "role") {
        let row = &inventory.principals[n.principal.unwrap()];
        assert_eq!((row.name.as_str(), row.arn.as_str()), (n.name.as_str(), n.arn.as_str()));
    }
}

#[test]
fn callers_allowed_on_every_role_go_through_their_account() {
    let (_, inventory) = sample();
    let g = &inventory.role_graph;
    let (acct, account) = node(g, "123456789012");
    assert_eq!(account.kind, "account");
    assert_eq!(account.arn, "arn:aws:iam::123456789012:root");
    assert_eq!(account.principal, None);
    // `ci` may assume `*`: one edge, to the account.
    let mut callers: Vec<&str> =
        g.edges.iter().filter(|e| e.to == acct).map(|e| g.nodes[e.from].name.as_str()).collect();
    callers.sort_unstable();
    assert_eq!(callers, ["ci"]);
    let (ci, _) = node(g, "ci");
    assert_eq!(chain(g, ci), ["ci", "123456789012", "break-glass"]);
    assert!(g.edges.iter().filter(|e| e.to == acct).all(|e| e.star));
    let opens: Vec<&str> = g.edges.iter().filter(|e| e.from == acct).map(|e| g.nodes[e.to].name.as_str()).collect();
    assert_eq!(opens, ["break-glass"], "the only role trusting the account root");
    // `reader` may assume nothing and is not drawn.
    assert!(g.nodes.iter().all(|n| n.name != "reader"));
}

fn assume(resource: &str) -> String {
    format!(
        r#"[{{"PolicyName": "assume", "PolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "{resource}"}}]}}}}]"#
    )
}

/// `users` users allowed on `role/open*` (a pattern, so each is compared with every open role),
/// `roles` roles trusting the account root, the last one administrator; user `u0` may also
/// assume `*`.
fn wide(users: usize, roles: usize) -> String {
    let acc = "111122223333";
    let mut out = String::from(r#"{"UserDetailList": ["#);
    for u in 0..users {
        let policies = if u == 0 { assume("*") } else { assume(&format!("arn:aws:iam::{acc}:role/open*")) };
        let _ = write!(
            out,
            r#"{{"UserName": "u{u}", "UserId": "AIDA{u}", "Arn": "arn:aws:iam::{acc}:user/u{u}", "UserPolicyList": {policies}, "GroupList": [], "AttachedManagedPolicies": []}},"#
        );
    }
    out.pop();
    out.push_str(r#"], "GroupDetailList": [], "RoleDetailList": ["#);
    for r in 0..roles {
        let attached = if r + 1 == roles {
            r#"{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}"#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"{{"RoleName": "open{r}", "RoleId": "AROA{r}", "Arn": "arn:aws:iam::{acc}:role/open{r}",
            "AssumeRolePolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{acc}:root"}}, "Action": "sts:AssumeRole"}}]}},
            "RolePolicyList": [], "AttachedManagedPolicies": [{attached}], "InstanceProfileList": []}},"#
        );
    }
    out.pop();
    out.push_str(r#"], "Policies": []}"#);
    out
}

#[test]
fn quadratic_steps_make_a_linear_graph() {
    let (users, roles) = (200, 300);
    let (report, inventory) = analysed("wide.json", wide(users, roles));
    let g = &inventory.role_graph;
    let chains = report.findings.iter().filter(|f| f.rule == "role-chain-to-admin").count();
    assert_eq!(chains, users, "every user reaches `open{}`", roles - 1);
    assert_eq!(g.nodes.len(), users + roles + 1, "every user and role, and the account's node");
    // Each pattern caller keeps OUT_CAP edges and its chain's step; the rest are counted.
    let bound = (OUT_CAP + 3) * (users + roles) + roles;
    assert!(g.edges.len() <= bound, "{} edges, bound {bound}", g.edges.len());
    let (u1, one) = node(g, "u1");
    let out = g.edges.iter().filter(|e| e.from == u1).count();
    assert_eq!(out + one.more_out, roles, "every step out of u1 is drawn or counted");
    assert!(out <= OUT_CAP + 1);
    let admin = format!("open{}", roles - 1);
    assert_eq!(chain(g, u1), ["u1", admin.as_str()], "the chain step is kept past the cap");
    // u0 is allowed on `*`: through the account's node.
    let (u0, _) = node(g, "u0");
    assert_eq!(chain(g, u0), ["u0", "111122223333", admin.as_str()]);
    let into: usize = g.nodes.iter().map(|n| n.more_in).sum();
    let outof: usize = g.nodes.iter().map(|n| n.more_out).sum();
    assert_eq!(into, outof);
}

#[test]
fn no_authorization_details_no_graph() {
    let (_, inventory) = analysed(
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#
            .into(),
    );
    assert!(inventory.role_graph.is_empty());
}

/// A user allowed `sts:AssumeRole` on `*` in each of two accounts, a role trusting anyone
/// (`*`, under an external id) with administrator access, a role trusting account A's root,
/// and an administrator role that may assume on `*` itself.
fn two_accounts() -> String {
    let user = |name: &str, acc: &str| {
        format!(
            r#"{{"UserName": "{name}", "UserId": "AIDA{name}", "Arn": "arn:aws:iam::{acc}:user/{name}", "UserPolicyList": {}, "GroupList": [], "AttachedManagedPolicies": []}}"#,
            assume("*")
        )
    };
    let role = |name: &str, principal: &str, condition: &str, inline: &str, admin: bool| {
        let attached = if admin {
            r#"{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}"#
        } else {
            ""
        };
        format!(
            r#"{{"RoleName": "{name}", "RoleId": "AROA{name}", "Arn": "arn:aws:iam::111111111111:role/{name}",
            "AssumeRolePolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{principal}"}}, "Action": "sts:AssumeRole"{condition}}}]}},
            "RolePolicyList": {inline}, "AttachedManagedPolicies": [{attached}], "InstanceProfileList": []}}"#
        )
    };
    let external = r#", "Condition": {"StringEquals": {"sts:ExternalId": "x"}}"#;
    let admin_inline = r#"[{"PolicyName": "all", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]"#;
    format!(
        r#"{{"UserDetailList": [{}, {}], "GroupDetailList": [], "RoleDetailList": [{}, {}, {}], "Policies": []}}"#,
        user("alice", "111111111111"),
        user("bob", "222222222222"),
        role("shared", "*", external, "[]", true),
        role("local", "arn:aws:iam::111111111111:root", "", "[]", false),
        role("boss", "arn:aws:iam::111111111111:user/alice", "", admin_inline, false),
    )
}

#[test]
fn roles_trusting_anyone_hang_off_one_node() {
    let (report, inventory) = analysed("two.json", two_accounts());
    let g = &inventory.role_graph;
    let (any, anyone) = node(g, "*");
    assert_eq!(anyone.kind, "anyone");
    let (a, _) = node(g, "111111111111");
    let (b, _) = node(g, "222222222222");
    // Each account's node leads to "anyone" once, which leads to the role trusting anyone.
    assert_eq!(g.edges.iter().filter(|e| e.to == any).count(), 2);
    let shared = g.edges.iter().find(|e| e.from == any && g.nodes[e.to].name == "shared").unwrap();
    assert_eq!(shared.trust.as_deref(), Some("on `sts:ExternalId`"), "the trust's condition is on the edge");
    let local: Vec<&str> = g.edges.iter().filter(|e| e.from == a).map(|e| g.nodes[e.to].name.as_str()).collect();
    assert!(local.contains(&"local") && local.contains(&"*"), "{local:?}");
    assert!(g.edges.iter().filter(|e| e.from == b).all(|e| e.to == any), "account B reaches only `*`");
    // bob's chain goes through his account and "anyone" to the administrator role.
    let (bob, _) = node(g, "bob");
    assert_eq!(chain(g, bob), ["bob", "222222222222", "*", "shared"]);
    assert!(report.findings.iter().any(|f| f.rule == "role-chain-to-admin" && f.resource == "bob"));
    // `boss` is privileged itself: its step out (to the account's roles) is drawn, with no chain.
    let (boss, boss_node) = node(g, "boss");
    assert!(boss_node.admin.is_some());
    assert_eq!(boss_node.next, None);
    assert!(g.edges.iter().any(|e| e.from == boss && e.to == a && e.star));
    // And alice may assume `boss` by name: an edge of its own, beside her account's.
    let (alice, _) = node(g, "alice");
    assert!(g.edges.iter().any(|e| e.from == alice && e.to == boss && !e.star));
}
