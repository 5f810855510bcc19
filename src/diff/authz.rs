//! Two `get-account-authorization-details` files compared principal by principal.
//!
//! Users and roles are matched by kind and ARN; a user or role whose ARN changed only by its
//! path (same kind, same name, same account: IAM names are unique per kind in an account) is
//! the same principal, and a note says so. Groups make no requests: a change to a group (its
//! policies, its members) shows in each member's effective permissions. Service-linked roles
//! are left out, as in the account view: nobody in the account can change them.
//!
//! For a principal on both sides, each side's **effective permissions** are its own inline and
//! attached policies and its groups' (each managed policy's default version, from that side's
//! file), limited by that side's permissions boundary ([`Account::effective`]). NEW may grant
//! more than OLD where (1) NEW's identity policies allow what OLD's do not, or (2) the boundary
//! changed and NEW's identity policies allow what OLD's boundary does not: each is the policy
//! diff of [`compare`](super::compare) (on NEW's identity policies against OLD's identity
//! policies, then against OLD's boundary), with every request it tries decided by
//! [`simulate::decide`], the evaluator `posture simulate --principal` runs, on both files. A
//! witness is therefore allowed by NEW's policies *and* NEW's boundary, and not allowed by the
//! OLD file for the same principal. Actions NEW's boundary allows nowhere, or that an
//! unconditional deny removes, are left out of every region: no request for them is allowed.
//! When the identity policies and the boundary are the same documents on both sides, nothing
//! is compared (so a boundary added or narrowed adds nothing; it may remove access).
//!
//! A principal only on the NEW side is one change: the broadest region (most actions) of its
//! policies that has a witness; one only on the OLD side, one change of access removed. A
//! role's trust policy is compared with its trust policy on the other side by the policy diff
//! (who may assume the role), its witnesses decided by the two trust policies; the trust policy
//! of a role on one side only is compared with none (whoever it admits may assume a role that
//! was not there, or no longer may).
//!
//! An attached policy or a boundary whose document a file lacks, or a group it does not list,
//! makes that principal's comparison undecided unless both sides lack the same one.
//!
//! **Bound.** Reading is linear in the files. Each policy document's content is read once
//! (statements without `Sid`, lists as sets) and numbered; each principal's holdings are read
//! once per side and fingerprinted by those numbers, so a principal whose fingerprints agree
//! costs nothing more (the same file twice: no comparison at all). The others are compared once
//! per distinct pair of fingerprints: principals holding the same documents, or copies of them,
//! share one comparison, whose entries are then found again in each principal's own copies (by
//! the document's number and the statement's text) and whose witnesses are asked again for each
//! principal (two evaluations each); a witness that does not hold for one (a policy variable, a
//! name, an account) sends that principal to a comparison of its own. Each comparison runs
//! within [`compare`]'s budgets, and all of them together try at most
//! [`TRIES_PER_AUTHZ_DIFF`] requests and read at most [`MENTIONS_PER_AUTHZ_DIFF`] action
//! mentions (each held statement's expanded actions, both sides, charged before a comparison
//! starts); past either, the principals left are reported undecided. The work is therefore
//! O(file size + principals × holdings + changes × holdings) plus the budgets.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use super::{canonical, compare, place, Change, Diff, Inputs, Limits, Undecided};
use crate::iam::account::{Account, Boundary, Effective};
use crate::iam::catalog::ActionId;
use crate::iam::eval::{self, Decision, Request};
use crate::input::{Effect, Policy, Site, Snapshot};
use crate::model::{Principal, PrincipalKind};
use crate::simulate::{decide, Others};

/// Requests tried by all the comparisons of one diff of authorization details together.
pub const TRIES_PER_AUTHZ_DIFF: usize = 200_000;
/// Action mentions (an action of a held statement's expanded set, on either side) that all the
/// comparisons of one diff read together; past it, the principals left are reported undecided.
pub const MENTIONS_PER_AUTHZ_DIFF: usize = 20_000_000;

/// What all the comparisons of one diff may still spend.
struct Budget {
    tries: Cell<usize>,
    mentions: Cell<usize>,
}

/// One file: its snapshot, its account view and its resource and trust policies by resource.
struct Side<'a> {
    snapshot: &'a Snapshot<'a>,
    account: Account<'a>,
    others: Others<'a>,
    /// Each policy's content as a number, shared by both sides: equal numbers, equal documents.
    content: HashMap<usize, u32>,
}

/// Where a value lives: policies and principals are told apart by it within one diff.
fn addr<T>(p: &T) -> usize {
    std::ptr::from_ref(p) as usize
}

impl<'a> Side<'a> {
    fn new(snapshot: &'a Snapshot<'a>, interner: &mut HashMap<String, u32>) -> Self {
        let mut content = HashMap::with_capacity(snapshot.policies.len());
        for p in &snapshot.policies {
            let mut statements: Vec<String> = p.statements.iter().map(canonical).collect();
            statements.sort_unstable();
            statements.dedup();
            let text = format!("{}\u{5}{}", place(p), statements.join("\u{5}"));
            let next = u32::try_from(interner.len()).unwrap_or(u32::MAX);
            content.insert(addr(p), *interner.entry(text).or_insert(next));
        }
        Side {
            snapshot,
            account: Account::new(&snapshot.model, &snapshot.policies),
            others: Others::new(&snapshot.policies),
            content,
        }
    }

    fn content_of(&self, p: &Policy) -> u32 {
        self.content.get(&addr(p)).copied().unwrap_or(u32::MAX)
    }

    /// Users and roles, less service-linked roles.
    fn principals(&self) -> impl Iterator<Item = &'a Principal> {
        self.account.principals().filter(|p| p.kind != PrincipalKind::Group)
    }
}

/// A principal's effective permissions on one side, as the comparison reads them.
struct Holder<'s> {
    effective: Effective<'s>,
    /// Its identity policies, each once, in holding order.
    identity: Vec<&'s Policy>,
    boundary: Option<&'s Policy>,
    /// What the file lacks: attached policies, its boundary, groups (sorted).
    missing: Vec<String>,
    /// Content numbers: the identity policies (sorted, deduplicated) and the boundary.
    content: (Vec<u32>, Option<u32>),
}

impl<'a> Holder<'a> {
    fn new(side: &'a Side<'a>, principal: &'a Principal) -> Self {
        let effective = side.account.effective(principal);
        let mut seen = HashSet::new();
        let identity: Vec<&Policy> =
            effective.holdings.iter().map(|h| h.policy).filter(|p| seen.insert(addr::<Policy>(p))).collect();
        let mut missing: Vec<String> = effective.missing.iter().map(|m| format!("`{}`", m.value)).collect();
        missing.extend(effective.missing_groups.iter().map(|g| format!("group `{g}`")));
        let boundary = match &effective.boundary {
            Boundary::Known(b) => Some(b.policy),
            Boundary::Missing(m) => {
                missing.push(format!("boundary `{}`", m.value));
                None
            }
            Boundary::None => None,
        };
        missing.sort_unstable();
        missing.dedup();
        let mut ids: Vec<u32> = identity.iter().map(|p| side.content_of(p)).collect();
        ids.sort_unstable();
        ids.dedup();
        Holder { content: (ids, boundary.map(|b| side.content_of(b))), effective, identity, boundary, missing }
    }
}

/// `user/alice`, `role/deploy`.
fn label(p: &Principal) -> String {
    let kind = match p.kind {
        PrincipalKind::User => "user",
        PrincipalKind::Group => "group",
        PrincipalKind::Role => "role",
    };
    format!("{kind}/{}", p.name)
}

/// The account part of an ARN.
fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or_default()
}

/// What one comparison found: its changes and undecided entries, each with its anchor.
#[derive(Clone, Default)]
struct Found {
    changes: Vec<(Change, Anchor)>,
    undecided: Vec<(Undecided, Anchor)>,
}

/// What finds an entry's statement again among another principal's policies of the same
/// content: the policy's content number and the statement as text.
#[derive(Clone, Default)]
struct Anchor {
    content: u32,
    statement: String,
}

impl Found {
    /// One comparison's results, each entry anchored in the granting principal's policies.
    fn anchored(side: &Side<'_>, g: &Holder<'_>, (changes, undecided): (Vec<Change>, Vec<Undecided>)) -> Self {
        let anchor = |site: Site| {
            g.identity
                .iter()
                .find_map(|p| {
                    let st = p.statements.iter().find(|s| p.doc == site.doc && s.span == site.span)?;
                    Some(Anchor { content: side.content_of(p), statement: canonical(st) })
                })
                .unwrap_or_default()
        };
        Found {
            changes: changes.into_iter().map(|c| (anchor(c.site), c)).map(|(a, c)| (c, a)).collect(),
            undecided: undecided.into_iter().map(|u| (anchor(u.site), u)).map(|(a, u)| (u, a)).collect(),
        }
    }
}

/// Points an entry found for one principal at the same statement in `g`'s policies (the same
/// content, perhaps another copy of it): its site, location, policy and statement label.
fn relocate(
    from: &Side<'_>,
    g: &Holder<'_>,
    anchor: &Anchor,
) -> Option<(Site, crate::report::Location, crate::report::Utf16Range, String, String, String)> {
    let (p, st) = g
        .identity
        .iter()
        .filter(|p| from.content_of(p) == anchor.content)
        .find_map(|p| Some((*p, p.statements.iter().find(|st| canonical(st) == anchor.statement)?)))?;
    let site = Site { doc: p.doc, span: st.span };
    let (location, range) = from.snapshot.locate(site);
    Some((site, location, range, from.snapshot.input_name(site).to_string(), p.name.clone(), st.label()))
}

fn relocated_change(side: &Side<'_>, g: &Holder<'_>, c: &Change, anchor: &Anchor) -> Change {
    let mut c = c.clone();
    if let Some((site, location, range, input, policy, statement)) = relocate(side, g, anchor) {
        (c.site, c.location, c.range, c.input, c.policy, c.statement) =
            (site, location, range, input, policy, statement);
    }
    c
}

fn relocated_undecided(side: &Side<'_>, g: &Holder<'_>, u: &Undecided, anchor: &Anchor) -> Undecided {
    let mut u = u.clone();
    if let Some((site, location, range, input, policy, statement)) = relocate(side, g, anchor) {
        (u.site, u.location, u.range, u.input, u.policy, u.statement) =
            (site, location, range, input, policy, statement);
    }
    u
}

/// Which comparison a cached result answers: the content of the policies held on each side
/// (identity policies, boundary), so that principals holding the same documents, or copies of
/// them, share one comparison.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    /// A principal on both sides, access added or removed.
    Pair { removed: bool, old: (Vec<u32>, Option<u32>), new: (Vec<u32>, Option<u32>) },
    /// A principal on one side only.
    Alone { removed: bool, holdings: (Vec<u32>, Option<u32>) },
    /// A role's trust policies, granting and other.
    Trust { granting: usize, other: usize },
}

#[derive(Default)]
struct Out {
    added: Vec<Change>,
    removed: Vec<Change>,
    undecided: Vec<Undecided>,
    undecided_removed: Vec<Undecided>,
    notes: Vec<String>,
}

impl Out {
    fn change(&mut self, removed: bool, c: Change) {
        if removed { &mut self.removed } else { &mut self.added }.push(c);
    }

    fn undecided(&mut self, removed: bool, u: Undecided) {
        if removed { &mut self.undecided_removed } else { &mut self.undecided }.push(u);
    }
}

/// Compares two authorization-details snapshots principal by principal (see the module docs).
pub(super) fn diff<'a>(old: &'a Snapshot<'a>, new: &'a Snapshot<'a>) -> Diff {
    let mut interner = HashMap::new();
    let old_side = Side::new(old, &mut interner);
    let new_side = Side::new(new, &mut interner);
    drop(interner);
    let budget = Budget { tries: Cell::new(TRIES_PER_AUTHZ_DIFF), mentions: Cell::new(MENTIONS_PER_AUTHZ_DIFF) };
    let mut cache: HashMap<Key, Found> = HashMap::new();
    let mut out = Out::default();

    let old_principals: Vec<&Principal> = old_side.principals().collect();
    let new_principals: Vec<&Principal> = new_side.principals().collect();
    let by_arn: HashMap<(&str, &str), &Principal> =
        old_principals.iter().map(|p| ((kind(p), p.arn.value.as_str()), *p)).collect();
    let by_name: HashMap<(&str, &str, &str), &Principal> =
        old_principals.iter().map(|p| ((kind(p), account_of(&p.arn.value), p.name.as_str()), *p)).collect();
    let new_arns: HashSet<(&str, &str)> = new_principals.iter().map(|p| (kind(p), p.arn.value.as_str())).collect();
    let mut matched: HashSet<usize> = HashSet::new();

    for n in &new_principals {
        let found = by_arn.get(&(kind(n), n.arn.value.as_str())).copied().or_else(|| {
            let o = by_name.get(&(kind(n), account_of(&n.arn.value), n.name.as_str())).copied()?;
            // The old one's ARN is not on the new side too: it is the same principal, moved.
            (!new_arns.contains(&(kind(o), o.arn.value.as_str()))).then_some(o)
        });
        let Some(o) = found.filter(|o| !matched.contains(&addr::<Principal>(o))) else {
            alone(&new_side, n, false, &budget, &mut cache, &mut out);
            trust_alone(&new_side, n, false, &budget, &mut out);
            continue;
        };
        matched.insert(addr::<Principal>(o));
        if o.arn.value != n.arn.value {
            out.notes.push(format!(
                "`{}` and `{}` are compared as one {}: only the path changed",
                o.arn.value,
                n.arn.value,
                kind(n)
            ));
        }
        pair(&old_side, &new_side, (o, n), &budget, &mut cache, &mut out);
        trust(&old_side, &new_side, (o, n), &budget, &mut cache, &mut out);
    }
    for o in old_principals.iter().filter(|o| !matched.contains(&addr::<Principal>(o))) {
        alone(&old_side, o, true, &budget, &mut cache, &mut out);
        trust_alone(&old_side, o, true, &budget, &mut out);
    }
    if budget.tries.get() == 0 || budget.mentions.get() == 0 {
        out.notes.push(format!(
            "the comparison spent its budget ({TRIES_PER_AUTHZ_DIFF} requests, {MENTIONS_PER_AUTHZ_DIFF} action \
             mentions): what it did not reach is undecided"
        ));
    }
    let principals = (old_principals.len(), new_principals.len());
    out.notes.push(format!(
        "the two authorization-details files are compared principal by principal ({} users and roles before, {} \
         after): each one's own, attached and group policies, within its permissions boundary",
        principals.0, principals.1
    ));
    Diff {
        added: out.added,
        removed: out.removed,
        undecided: out.undecided,
        undecided_removed: out.undecided_removed,
        notes: out.notes,
        inputs: Inputs { old: crate::input_summaries(old), new: crate::input_summaries(new) },
        policies: (old.policies.len(), new.policies.len()),
        principals: Some(principals),
    }
}

fn kind(p: &Principal) -> &'static str {
    match p.kind {
        PrincipalKind::User => "user",
        PrincipalKind::Group => "group",
        PrincipalKind::Role => "role",
    }
}

/// Decides a request for a principal on the granting side and on the other (`None`: the
/// principal is not there, so nothing is allowed): the other side only when the granting one
/// allows.
fn judge(
    granting: (&Side<'_>, &Holder<'_>),
    other: Option<(&Side<'_>, &Holder<'_>)>,
    r: &Request,
) -> (Decision, Decision) {
    let granted = decide(&granting.0.others, &granting.1.effective, r);
    if granted != Decision::Allow {
        return (granted, Decision::ImplicitDeny);
    }
    (granted, other.map_or(Decision::ImplicitDeny, |(side, h)| decide(&side.others, &h.effective, r)))
}

/// The witness's request, as the simulator reads it.
fn request_of(c: &Change) -> Request {
    let w = &c.witness;
    let mut context = eval::Context::default();
    for (k, v) in &w.context {
        context.insert(k, v.clone());
    }
    Request { caller: None, action: w.action.clone(), resource: w.resource.clone(), context }
}

/// The policy diff of one principal's policies against the other side's, every request decided
/// for the principal on both files.
fn one_way(
    (g_side, g): (&Side<'_>, &Holder<'_>),
    other: Option<(&Side<'_>, &Holder<'_>)>,
    other_name: &str,
    budget: &Budget,
) -> Found {
    let decide_both = |r: &Request| judge((g_side, g), other, r);
    let keep = |id: ActionId| g.effective.boundary_allows(id) && !g.effective.is_denied(id);
    let account = account_of(&g.effective.principal.arn.value);
    let limits =
        Limits { judge: Some(&decide_both), keep: Some(&keep), tries: Some(&budget.tries), account: Some(account) };
    // The comparison reads each held statement's actions: charged before it starts.
    let mentions = |h: &Holder<'_>| -> usize {
        let grants = h.effective.holdings.iter().flat_map(|h| h.grants.iter());
        let boundary = match &h.effective.boundary {
            Boundary::Known(b) => b.grants,
            _ => &[],
        };
        grants.chain(boundary).map(|g| g.actions.len()).sum()
    };
    let cost = mentions(g) + other.map_or(0, |(_, o)| mentions(o));
    if cost > budget.mentions.get() {
        budget.mentions.set(0);
        let site = g.effective.principal.arn.site;
        let (location, range) = g_side.snapshot.locate(site);
        let reason = format!(
            "the comparison's work budget ({MENTIONS_PER_AUTHZ_DIFF} action mentions over all principals) is spent"
        );
        let u = Undecided {
            principal: None,
            site,
            message: String::new(),
            statement: String::new(),
            policy: String::new(),
            input: g_side.snapshot.input_name(site).to_string(),
            location,
            range,
            actions: Vec::new(),
            action_count: 0,
            reason,
        };
        return Found { changes: Vec::new(), undecided: vec![(u, Anchor::default())] };
    }
    budget.mentions.set(budget.mentions.get() - cost);
    let Some((_, o)) = other else {
        let found = compare(g_side.snapshot, &g.identity, &[], other_name, &limits);
        return Found::anchored(g_side, g, found);
    };
    let (mut changes, mut undecided) = (Vec::new(), Vec::new());
    if g.content.0 != o.content.0 {
        (changes, undecided) = compare(g_side.snapshot, &g.identity, &o.identity, other_name, &limits);
    }
    // The boundary changed: what the granting identity policies allow beyond the other boundary.
    if let Some(b) = o.boundary.filter(|_| g.content.1 != o.content.1) {
        let (more, unsure) = compare(g_side.snapshot, &g.identity, &[b], other_name, &limits);
        let seen: HashSet<Site> = changes.iter().map(|c| c.site).collect();
        let decided: HashSet<Site> = seen.iter().copied().chain(undecided.iter().map(|u| u.site)).collect();
        changes.extend(more.into_iter().filter(|c| !seen.contains(&c.site)));
        undecided.extend(unsure.into_iter().filter(|u| !decided.contains(&u.site)));
        let has_change: HashSet<Site> = changes.iter().map(|c| c.site).collect();
        undecided.retain(|u| !has_change.contains(&u.site));
    }
    Found::anchored(g_side, g, (changes, undecided))
}

/// A principal on both sides: access added and access removed.
fn pair<'a>(
    old: &'a Side<'a>,
    new: &'a Side<'a>,
    (o, n): (&'a Principal, &'a Principal),
    budget: &Budget,
    cache: &mut HashMap<Key, Found>,
    out: &mut Out,
) {
    let ho = Holder::new(old, o);
    let hn = Holder::new(new, n);
    let who = label(n);
    // A document one file lacks and the other does not (or holds under another name): what it
    // allows or denies is unknown, so access may have been added and removed.
    let mut unknown: Vec<String> = Vec::new();
    for (granting, other, file) in [(&hn, &ho, "new"), (&ho, &hn, "old")] {
        for m in granting.missing.iter().filter(|m| !other.missing.contains(m)) {
            unknown.push(format!("the {file} file does not hold {m}, which `{who}` holds there"));
        }
    }
    if !unknown.is_empty() {
        let reason = unknown.join("; ");
        for removed in [false, true] {
            let (snapshot, site) = if removed { (old.snapshot, o.arn.site) } else { (new.snapshot, n.arn.site) };
            let (location, range) = snapshot.locate(site);
            let u = Undecided {
                principal: None,
                site,
                message: String::new(),
                statement: String::new(),
                policy: String::new(),
                input: snapshot.input_name(site).to_string(),
                location,
                range,
                actions: Vec::new(),
                action_count: 0,
                reason: reason.clone(),
            };
            out.undecided(removed, undecided_for(&u, &who, removed));
        }
        return;
    }
    if ho.content == hn.content {
        return;
    }
    for removed in [false, true] {
        let key = Key::Pair { removed, old: ho.content.clone(), new: hn.content.clone() };
        let ((gs, g), (os, oh), name) =
            if removed { ((old, &ho), (new, &hn), "new") } else { ((new, &hn), (old, &ho), "old") };
        let found = cache.entry(key).or_insert_with(|| one_way((gs, g), Some((os, oh)), name, budget));
        // The shared result, when each of its witnesses holds for this principal too (a policy
        // variable, a name or the account may tell principals apart); else its own comparison.
        let shared: Option<Vec<Change>> = found
            .changes
            .iter()
            .map(|(c, a)| witnessed(&relocated_change(gs, g, c, a), (gs, g), Some((os, oh)), removed, &who).ok())
            .collect();
        let (changes, undecided) = if let Some(changes) = shared {
            (changes, found.undecided.iter().map(|(u, a)| relocated_undecided(gs, g, u, a)).collect::<Vec<_>>())
        } else {
            let own = one_way((gs, g), Some((os, oh)), name, budget);
            let mut changes = Vec::new();
            let mut undecided: Vec<Undecided> = own.undecided.into_iter().map(|(u, _)| u).collect();
            for (c, _) in &own.changes {
                match witnessed(c, (gs, g), Some((os, oh)), removed, &who) {
                    Ok(c) => changes.push(c),
                    Err(u) => undecided.push(*u),
                }
            }
            (changes, undecided)
        };
        for c in changes {
            out.change(removed, c);
        }
        for u in &undecided {
            out.undecided(removed, undecided_for(u, &who, removed));
        }
    }
}

/// A principal on one side only: one change, its broadest region with a witness.
fn alone<'a>(
    side: &'a Side<'a>,
    p: &'a Principal,
    removed: bool,
    budget: &Budget,
    cache: &mut HashMap<Key, Found>,
    out: &mut Out,
) {
    let h = Holder::new(side, p);
    let who = label(p);
    let key = Key::Alone { removed, holdings: h.content.clone() };
    let other_name = if removed { "new" } else { "old" };
    let broadest = |mut f: Found| {
        // The broadest region first (most actions; the first in the file among equals).
        f.changes.sort_by_key(|c| std::cmp::Reverse(c.0.action_count));
        f
    };
    let found = cache.entry(key).or_insert_with(|| broadest(one_way((side, &h), None, other_name, budget)));
    let first = |found: &Found, relocated: bool| {
        found.changes.iter().find_map(|(c, a)| {
            let c = if relocated { relocated_change(side, &h, c, a) } else { c.clone() };
            witnessed(&c, (side, &h), None, removed, &who).ok()
        })
    };
    let mut change = first(found, true);
    let mut unsure = found.undecided.first().map(|(u, a)| relocated_undecided(side, &h, u, a));
    if change.is_none() && !found.changes.is_empty() {
        let own = broadest(one_way((side, &h), None, other_name, budget));
        change = first(&own, false);
        unsure = own.undecided.first().map(|(u, _)| u.clone());
    }
    // A document the file lacks may grant anything: without a witness elsewhere, undecided.
    if change.is_none() && !h.missing.is_empty() {
        let at = p.arn.site;
        let (location, range) = side.snapshot.locate(at);
        let file = if removed { "old" } else { "new" };
        unsure = Some(Undecided {
            principal: None,
            site: at,
            message: String::new(),
            statement: String::new(),
            policy: String::new(),
            input: side.snapshot.input_name(at).to_string(),
            location,
            range,
            actions: Vec::new(),
            action_count: 0,
            reason: format!("the {file} file does not hold {}, which `{who}` holds there", h.missing.join(", ")),
        });
    }
    match (change, unsure) {
        (Some(c), _) => out.change(removed, c),
        (None, Some(u)) => out.undecided(removed, undecided_for(&u, &who, removed)),
        (None, None) => {}
    }
}

/// Asks the witness of a (possibly shared) change for this principal on both files: the change
/// for it when confirmed, an undecided entry otherwise.
fn witnessed(
    c: &Change,
    (g_side, g): (&Side<'_>, &Holder<'_>),
    other: Option<(&Side<'_>, &Holder<'_>)>,
    removed: bool,
    who: &str,
) -> Result<Change, Box<Undecided>> {
    let decisions = judge((g_side, g), other, &request_of(c));
    let arn = g.effective.principal.arn.value.clone();
    let held = g
        .effective
        .holdings
        .iter()
        .find(|h| h.policy.doc == c.site.doc && h.policy.statements.iter().any(|s| s.span == c.site.span))
        .map_or_else(|| format!("`{}`", c.policy), crate::iam::account::Holding::describe);
    let more = if c.action_count > 1 { format!(" (a region of {} actions)", c.action_count) } else { String::new() };
    let w = &c.witness;
    match decisions {
        (Decision::Allow, refused) if refused != Decision::Allow => {
            let message = match (removed, other.is_some()) {
                (false, true) => format!(
                    "`{who}` can now do `{}` on `{}`: {} of {held} allows it{more}",
                    w.action, w.resource, c.statement
                ),
                (true, true) => format!(
                    "`{who}` can no longer do `{}` on `{}`, which {} of {held} allowed{more}",
                    w.action, w.resource, c.statement
                ),
                (false, false) => format!(
                    "`{who}` is new: {} of {held} lets it do `{}` on `{}`{more}",
                    c.statement, w.action, w.resource
                ),
                (true, false) => format!(
                    "`{who}` is gone: {} of {held} let it do `{}` on `{}`{more}",
                    c.statement, w.action, w.resource
                ),
            };
            let mut change = c.clone();
            change.principal = Some(who.to_string());
            change.message = message;
            change.witness.principal = Some(arn);
            change.witness.granted = Decision::Allow;
            change.witness.other = refused;
            Ok(change)
        }
        _ => {
            let reason = format!(
                "the request that shows the change for another principal holding the same policies \
                 (`{}` on `{}`) is not {} for `{who}`",
                w.action,
                w.resource,
                if removed { "lost" } else { "new" }
            );
            Err(Box::new(change_as_undecided(c, reason)))
        }
    }
}

fn change_as_undecided(c: &Change, reason: String) -> Undecided {
    Undecided {
        principal: None,
        site: c.site,
        message: format!("cannot decide: {reason}"),
        statement: c.statement.clone(),
        policy: c.policy.clone(),
        input: c.input.clone(),
        location: c.location.clone(),
        range: c.range,
        actions: c.actions.clone(),
        action_count: c.action_count,
        reason,
    }
}

fn undecided_for(u: &Undecided, who: &str, removed: bool) -> Undecided {
    let mut u = u.clone();
    let what = if removed { "lost" } else { "gained" };
    u.message = if u.statement.is_empty() {
        format!("cannot decide what `{who}` {what}: {}", u.reason)
    } else {
        format!("cannot decide what `{who}` {what} from {} of `{}`: {}", u.statement, u.policy, u.reason)
    };
    u.principal = Some(who.to_string());
    u
}

/// A role's trust policy on both sides: who may assume it, compared as the policy diff does.
fn trust<'a>(
    old: &'a Side<'a>,
    new: &'a Side<'a>,
    (o, n): (&'a Principal, &'a Principal),
    budget: &Budget,
    cache: &mut HashMap<Key, Found>,
    out: &mut Out,
) {
    if n.kind != PrincipalKind::Role {
        return;
    }
    let (Some(t_old), Some(t_new)) = (trust_document(old, o), trust_document(new, n)) else { return };
    // The same statements (a role moved to another path changes only the policy's own ARN).
    let statements = |p: &Policy| {
        let mut all: Vec<String> = p.statements.iter().map(canonical).collect();
        all.sort_unstable();
        all.dedup();
        (p.version.as_ref().map(|v| v.value.clone()), all)
    };
    if old.content_of(t_old) == new.content_of(t_new) || statements(t_old) == statements(t_new) {
        return;
    }
    trust_changes((new, t_new), Some(t_old), n, false, budget, cache, out);
    trust_changes((old, t_old), Some(t_new), n, true, budget, cache, out);
}

/// A role on one side only: whoever its trust policy admits may assume a role that was not
/// there before (added), or no longer may (removed), each region by a witness.
fn trust_alone<'a>(side: &'a Side<'a>, p: &'a Principal, removed: bool, budget: &Budget, out: &mut Out) {
    let Some(document) = trust_document(side, p).filter(|_| p.kind == PrincipalKind::Role) else { return };
    // Each role's trust policy is its own document: nothing to share between roles.
    trust_changes((side, document), None, p, removed, budget, &mut HashMap::new(), out);
}

fn trust_document<'a>(side: &'a Side<'a>, p: &Principal) -> Option<&'a Policy> {
    p.trust_document.and_then(|i| side.snapshot.policies.get(i))
}

/// What `granting` (the trust policy of `role` on `side`) admits that `other`, the trust policy
/// on the other side (`None`: the role is not there), does not: changes of access added, or
/// removed when `removed`.
fn trust_changes<'a>(
    (side, granting): (&'a Side<'a>, &'a Policy),
    other: Option<&'a Policy>,
    role: &Principal,
    removed: bool,
    budget: &Budget,
    cache: &mut HashMap<Key, Found>,
    out: &mut Out,
) {
    let who = label(role);
    let name = if removed { "new" } else { "old" };
    let key = Key::Trust { granting: addr(granting), other: other.map_or(0, addr) };
    let admitted = |r: &Request| (admits(granting, r), other.map_or(Decision::ImplicitDeny, |o| admits(o, r)));
    let limits = Limits { tries: Some(&budget.tries), judge: Some(&admitted), ..Limits::default() };
    let found = cache.entry(key).or_insert_with(|| {
        let (changes, undecided) = compare(side.snapshot, &[granting], other.as_slice(), name, &limits);
        let anchor = Anchor::default;
        Found {
            changes: changes.into_iter().map(|c| (c, anchor())).collect(),
            undecided: undecided.into_iter().map(|u| (u, anchor())).collect(),
        }
    });
    let state = match (other, removed) {
        (Some(_), _) => "",
        (None, false) => " (a role the old file does not have)",
        (None, true) => " (a role the new file does not have)",
    };
    for (c, _) in &found.changes {
        let mut c = c.clone();
        let caller = c.witness.principal.as_deref().and_then(|p| p.split(':').nth(4)).unwrap_or_default();
        let across = if caller.is_empty() || caller == account_of(&role.arn.value) {
            ""
        } else {
            " (from another account, whose own policies must allow the call too)"
        };
        c.message = format!("trust policy of `{who}`{state}: {}{across}", c.message);
        c.principal = Some(who.clone());
        out.change(removed, c);
    }
    for (u, _) in &found.undecided {
        let mut u = u.clone();
        u.message = format!("trust policy of `{who}`{state}: {}", u.message);
        u.principal = Some(who.clone());
        out.undecided(removed, u);
    }
}

/// Whether a trust policy admits the request on its own: its decision, except that across
/// accounts an applicable allow (and no applicable deny) counts as an allow, as the caller's
/// account, whose policies must allow the call too, is not in the file.
fn admits(trust: &Policy, r: &Request) -> Decision {
    let evaluation = eval::evaluate(&[trust], r);
    if evaluation.decision != Decision::ImplicitDeny {
        return evaluation.decision;
    }
    let applies = |effect: Effect| evaluation.statements.iter().any(|s| s.applies && s.effect == Some(effect));
    if applies(Effect::Deny) {
        Decision::ExplicitDeny
    } else if applies(Effect::Allow) {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    }
}
