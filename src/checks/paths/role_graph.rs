//! The role graph the page draws: users and roles as nodes, "may assume" as edges, the
//! privileged ones marked, each caller's shortest chain to a privileged role as a pointer to its
//! first edge. Built from the steps `role-chain-to-admin` found ([`Chains`]), so the rule and
//! the graph never disagree and the graph costs no second search.
//!
//! Size: a caller allowed `sts:AssumeRole` on `*` is not joined to every role open to its
//! account (that would be callers × roles): it gets one edge to its account's node ("any role
//! trusting the account root"), which has one edge to each such role; roles trusting anyone
//! (`*`) hang off one shared node the same way. Edges compared one by one are kept up to
//! [`OUT_CAP`] per caller (plus the caller's chain step), the rest counted (`more_out`,
//! `more_in`). So there are at most users + roles + accounts + 1 nodes and at most
//! (`OUT_CAP` + 3) × (users + roles) + trust principal entries edges, whatever the account.

use std::collections::BTreeSet;

use super::role_chain_to_admin::{caller_conditions, trust_conditions, Chains};
use crate::model::{PrincipalKind, Site};

/// Edges kept out of one caller, besides its chain's first step: the page shows 12 per column.
pub const OUT_CAP: usize = 32;

/// The "may assume" graph of the account's users and roles (`Inventory.role_graph`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct RoleGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

impl RoleGraph {
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// A user, a role, an account's "any role trusting the account root", or "any role trusting
/// anyone".
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GraphNode {
    /// `user`, `role`, `account` or `anyone`.
    pub kind: &'static str,
    /// The principal's name; the account id; `*`.
    pub name: String,
    /// The principal's ARN; the account root's ARN; `*`.
    pub arn: String,
    /// A user's or role's index in `Inventory.principals` (set when the inventory is built).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<usize>,
    /// Where the principal's entry is, to find its index.
    #[serde(skip)]
    pub site: Option<Site>,
    /// What makes it privileged (`administrator access`, `privilege escalation by …`), as
    /// `role-chain-to-admin` decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin: Option<String>,
    /// The edge that starts its shortest chain to a privileged role (follow `next` from the
    /// edge's `to` for the rest of the chain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<usize>,
    /// Steps out of it, and into it, left out of `edges` by [`OUT_CAP`].
    #[serde(skip_serializing_if = "is_zero")]
    pub more_out: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub more_in: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `from` may assume `to` (or, from or to an account's node, reaches the roles it stands for).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    /// The conditions on the caller's side: "on `aws:SourceIp` in `P` (inline) statement `S`".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller: Option<String>,
    /// The conditions of the trust statement that admits it: "on `sts:ExternalId`".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust: Option<String>,
    /// The caller is allowed `sts:AssumeRole` on `*`: the edge goes to its account's node.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub star: bool,
}

fn node(kind: &'static str, name: String, arn: String) -> GraphNode {
    GraphNode { kind, name, arn, principal: None, site: None, admin: None, next: None, more_out: 0, more_in: 0 }
}

/// The direct steps kept: every chain's first step, then up to [`OUT_CAP`] more per caller;
/// and, per principal, how many steps out of it and into it were left out.
fn kept(c: &Chains) -> (Vec<bool>, Vec<usize>, Vec<usize>) {
    let count = c.nodes.len();
    let mut keep = vec![false; c.steps.len()];
    let mut out = vec![0usize; count];
    for &s in c.next.iter().flatten() {
        if let (Some(step), Some(k)) = (c.steps.get(s), keep.get_mut(s)) {
            if !step.lazy {
                *k = true;
            }
        }
    }
    let mut more_out = vec![0usize; count];
    let mut more_in = vec![0usize; count];
    for (step, k) in c.steps.iter().zip(keep.iter_mut()).filter(|(s, _)| !s.lazy) {
        let Some(n) = out.get_mut(step.from) else { continue };
        if *k {
            continue;
        }
        if *n < OUT_CAP {
            *n += 1;
            *k = true;
        } else {
            if let Some(m) = more_out.get_mut(step.from) {
                *m += 1;
            }
            if let Some(m) = more_in.get_mut(step.to) {
                *m += 1;
            }
        }
    }
    (keep, more_out, more_in)
}

/// Which principals are drawn: the ends of kept steps, and the callers and roles of the
/// accounts' nodes (`accounts`; `anyone`: the node of roles trusting anyone is drawn).
fn drawn(c: &Chains, keep: &[bool], accounts: &BTreeSet<&str>, anyone: bool) -> Vec<bool> {
    let mut used = vec![false; c.nodes.len()];
    let mut mark = |i: usize| {
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
    };
    for (step, _) in c.steps.iter().zip(keep).filter(|(_, k)| **k) {
        mark(step.from);
        mark(step.to);
    }
    for a in accounts {
        for &(from, ..) in c.stars.get(a).into_iter().flatten() {
            mark(from);
        }
    }
    for &(role, acct, ..) in &c.open {
        if acct.map_or(anyone, |a| accounts.contains(a)) {
            mark(role);
        }
    }
    used
}

/// The graph of what the search found. Linear in the steps and trust statements (see the
/// module's bound).
pub(super) fn of(c: &Chains) -> RoleGraph {
    let steps = &c.steps;
    let anyone = !c.stars.is_empty() && c.open.iter().any(|o| o.1.is_none());
    // An account's node, when it has callers allowed on every role and somewhere to lead them.
    let open_to: BTreeSet<&str> = c.open.iter().filter_map(|o| o.1).collect();
    let accounts: BTreeSet<&str> = c
        .stars
        .iter()
        .filter(|(a, callers)| !callers.is_empty() && (anyone || open_to.contains(**a)))
        .map(|(a, _)| *a)
        .collect();
    let (keep, more_out, more_in) = kept(c);
    let used = drawn(c, &keep, &accounts, anyone);

    let mut graph = RoleGraph::default();
    let mut id = vec![usize::MAX; c.nodes.len()];
    for (i, p) in c.nodes.iter().enumerate() {
        if used.get(i) != Some(&true) {
            continue;
        }
        if let Some(slot) = id.get_mut(i) {
            *slot = graph.nodes.len();
        }
        let kind = if p.kind == PrincipalKind::User { "user" } else { "role" };
        let mut n = node(kind, p.name.clone(), p.arn.value.clone());
        n.site = Some(p.arn.site);
        n.admin = c.strong.get(i).and_then(|s| s.as_ref()).map(|(what, _)| what.clone());
        n.more_out = more_out.get(i).copied().unwrap_or(0);
        n.more_in = more_in.get(i).copied().unwrap_or(0);
        graph.nodes.push(n);
    }
    // The accounts' nodes, in account order: `accounts[k]`'s is `first_account + k`.
    let accounts: Vec<&str> = accounts.into_iter().collect();
    let first_account = graph.nodes.len();
    for a in &accounts {
        graph.nodes.push(node("account", (*a).to_string(), format!("arn:aws:iam::{a}:root")));
    }
    let account_id = AccountIds { accounts: &accounts, first: first_account };
    let anyone_id = anyone.then(|| {
        graph.nodes.push(node("anyone", "*".into(), "*".into()));
        graph.nodes.len() - 1
    });
    let at = |i: usize| id.get(i).copied().filter(|&n| n != usize::MAX);

    // The edges, each remembered for the chains' pointers.
    // (Vectors by index rather than hash maps: as fast, and less code in the wasm.)
    let mut of_step: Vec<Option<usize>> = vec![None; steps.len()];
    for (s, step) in steps.iter().enumerate().filter(|(s, _)| keep.get(*s) == Some(&true)) {
        let (Some(from), Some(to)) = (at(step.from), at(step.to)) else { continue };
        if let Some(slot) = of_step.get_mut(s) {
            *slot = Some(graph.edges.len());
        }
        graph.edges.push(GraphEdge {
            from,
            to,
            caller: caller_conditions(step.grant),
            trust: trust_conditions(step.statement),
            star: false,
        });
    }
    let mut star_edge: Vec<Option<(usize, &str)>> = vec![None; c.nodes.len()];
    for (a, callers) in &c.stars {
        let Some(to) = account_id.get(a) else { continue };
        for &(caller, _, grant) in callers {
            let Some(from) = at(caller) else { continue };
            if let Some(slot) = star_edge.get_mut(caller) {
                *slot = Some((graph.edges.len(), a));
            }
            graph.edges.push(GraphEdge { from, to, caller: caller_conditions(grant), trust: None, star: true });
        }
    }
    // (account or `None` for anyone, role) → edge; a role's first statement for each.
    let mut open_edge: Vec<Vec<(Option<&str>, usize)>> = vec![Vec::new(); c.nodes.len()];
    for &(role, acct, _, statement) in &c.open {
        let from = match acct {
            Some(a) => account_id.get(a),
            None => anyone_id,
        };
        let (Some(from), Some(to)) = (from, at(role)) else { continue };
        let Some(list) = open_edge.get_mut(role) else { continue };
        if list.iter().any(|(a, _)| *a == acct) {
            continue;
        }
        list.push((acct, graph.edges.len()));
        graph.edges.push(GraphEdge { from, to, caller: None, trust: trust_conditions(statement), star: false });
    }
    // `accounts[k]`'s edge to "anyone" is `first_to_anyone + k`.
    let first_to_anyone = graph.edges.len();
    if let Some(to) = anyone_id {
        for k in 0..accounts.len() {
            graph.edges.push(GraphEdge { from: first_account + k, to, caller: None, trust: None, star: false });
        }
    }
    let to_anyone = AccountIds { accounts: &accounts, first: first_to_anyone };

    let edges = Edges { id: &id, of_step, star_edge, account_id, open_edge, to_anyone, anyone_id };
    let next = chain_pointers(c, &edges, graph.nodes.len());
    for (n, first) in graph.nodes.iter_mut().zip(next) {
        n.next = first;
    }
    graph
}

/// Numbers given to the accounts in order (their nodes, or their edges to "anyone"): the
/// `k`th account's is `first + k`.
#[derive(Clone, Copy)]
struct AccountIds<'c, 'a> {
    accounts: &'c [&'a str],
    first: usize,
}

impl AccountIds<'_, '_> {
    fn get(&self, account: &str) -> Option<usize> {
        self.accounts.binary_search(&account).ok().map(|k| self.first + k)
    }
}

/// Where each edge went, to point each node at the first edge of its chain.
struct Edges<'c, 'a> {
    /// Each principal's node (`usize::MAX`: not drawn).
    id: &'c [usize],
    /// Each kept step's edge.
    of_step: Vec<Option<usize>>,
    /// A caller allowed on every role: its edge to its account's node, and the account.
    star_edge: Vec<Option<(usize, &'a str)>>,
    account_id: AccountIds<'c, 'a>,
    /// Per role, its edge from each account's node (`None`: from "anyone").
    open_edge: Vec<Vec<(Option<&'a str>, usize)>>,
    to_anyone: AccountIds<'c, 'a>,
    anyone_id: Option<usize>,
}

/// Each node's first edge on its chain. A step the search handed out to a caller allowed on
/// every role goes through its account's node (and through "anyone" when the role trusts
/// anyone only); every caller of an account goes on from its node the same way, as the search
/// opens each account once.
fn chain_pointers(c: &Chains, e: &Edges, count: usize) -> Vec<Option<usize>> {
    let mut next: Vec<Option<usize>> = vec![None; count];
    let mut set = |node: usize, edge: Option<usize>| {
        if let Some(slot) = next.get_mut(node) {
            *slot = edge;
        }
    };
    for (i, first) in c.next.iter().enumerate() {
        let (Some(s), Some(&me)) = (first, e.id.get(i)) else { continue };
        let Some(step) = c.steps.get(*s).filter(|_| me != usize::MAX) else { continue };
        if !step.lazy {
            set(me, e.of_step.get(*s).copied().flatten());
            continue;
        }
        let Some(&Some((edge, a))) = e.star_edge.get(i) else { continue };
        set(me, Some(edge));
        let Some(acct) = e.account_id.get(a) else { continue };
        let from = |acct: Option<&str>| {
            e.open_edge.get(step.to).and_then(|list| list.iter().find(|(x, _)| *x == acct)).map(|&(_, edge)| edge)
        };
        if let Some(direct) = from(Some(a)) {
            set(acct, Some(direct));
        } else if let (Some(via), Some(any), Some(last)) = (e.to_anyone.get(a), e.anyone_id, from(None)) {
            set(acct, Some(via));
            set(any, Some(last));
        }
    }
    next
}
