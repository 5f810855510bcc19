//! "Does the new policy grant anything the old one did not?", answered offline and with a
//! witness.
//!
//! Only requests AWS can make count: an action on a resource of one of its resource types (an
//! ARN that fits one of the catalogue's ARN formats for the action, in the partition the
//! policies' ARNs name), or on `*` for an action without resource types (IAM User Guide,
//! *Actions, resources, and condition keys*: an action without a resource type takes `*`).
//!
//! For every `Allow` statement of NEW, its actions (wildcards and `NotAction` expanded against
//! the catalogue, as the evaluator reads them) are split into **regions**: actions that the same
//! statements of OLD (and the same denies of NEW) mention behave alike, so each region is
//! answered once. A region is either
//! - **covered**: for every resource pattern of the NEW statement (and, failing that, for each
//!   ARN format of the region's actions within it), NEW's own `Deny` applies wherever the
//!   statement does, or OLD has an `Allow` whose actions include the region's, whose resources
//!   cover it (wildcards compared as the languages they are: [`Pattern::is_covered_by`]), whose
//!   principal names at least the same callers and whose conditions are implied by the NEW
//!   statement's (each OLD clause is one of the NEW statement's, with at most its values for a
//!   positive operator and at least them for a negated one), and every OLD `Deny` that may apply
//!   there is also in NEW (statements compared without their `Sid`, lists as sets);
//! - **widened**: a concrete request (principal, action, resource ARN from the NEW pattern and
//!   the action's ARN formats, context keys that satisfy the NEW statement's conditions) that
//!   the evaluator allows under NEW and does not allow under OLD — the **witness**, which
//!   `posture simulate` confirms on both, as it runs the same evaluator;
//! - **undecided**: neither could be shown (an unknown condition key, a policy variable, a
//!   pattern over its work budget, a condition whose satisfying values are not found): the
//!   answer says so rather than "no new access".
//!
//! Access removed is the same question with OLD and NEW swapped.
//!
//! Two `get-account-authorization-details` files are compared principal by principal, each
//! user's and role's effective permissions (boundary included) on one side against the other's,
//! by this same comparison: see [`authz`].
//!
//! Bounds: grouping reads each statement's action set once ([`MENTIONS_BUDGET`]) and each NEW
//! statement's actions once per statement that mentions them ([`GROUPING_BUDGET`]); each region
//! tries at most [`TRIES_PER_REGION`] requests and a whole diff at most [`TRIES_PER_DIFF`], each
//! request one evaluation of each side. Past a budget the rest is reported undecided.

#![warn(clippy::string_slice, clippy::indexing_slicing)]

mod authz;

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::iam::catalog::{ActionId, ActionSet, Catalog};
use crate::iam::eval::condition::Family;
use crate::iam::eval::{self, Caller, Context, Decision, Grant, Operator, Pattern, Request, ResourceScope, Syntax};
use crate::iam::pattern;
use crate::input::{Effect, List, Policy, PolicyKind, Principal, PrincipalType, Site, Snapshot, Source, Statement};
use crate::report::{InputSummary, Location, Utf16Range};

/// Requests tried per region before it is reported undecided.
pub const TRIES_PER_REGION: usize = 400;
/// Requests tried in one direction of a diff; past it, regions are reported undecided.
pub const TRIES_PER_DIFF: usize = 40_000;
/// Action mentions (an action of a statement's expanded set) one direction reads; past it, every
/// statement is reported undecided rather than compared.
pub const MENTIONS_BUDGET: usize = 4_000_000;
/// Steps grouping a direction's statements into regions may take (one per action and per
/// statement that mentions it); past it, the remaining statements are reported undecided.
pub const GROUPING_BUDGET: usize = 20_000_000;
/// Actions of a region tried as the witness's action.
const ACTIONS_TRIED: usize = 6;
/// Action names listed per region (the count says how many there are).
const ACTIONS_LISTED: usize = 25;

/// Text standing for "any value" in a witness: unlikely to be named by a policy.
const FILLERS: [&str; 2] = ["posture-witness", "zq9"];
const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

/// The answer for a pair of inputs.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// Access NEW grants that OLD does not, one entry per region, with its witness.
    pub added: Vec<Change>,
    /// Access OLD granted that NEW does not.
    pub removed: Vec<Change>,
    /// Regions the comparison could not decide: NEW may grant access OLD did not.
    pub undecided: Vec<Undecided>,
    /// Regions the comparison could not decide in the other direction (access maybe removed).
    pub undecided_removed: Vec<Undecided>,
    pub notes: Vec<String>,
    pub inputs: Inputs,
    /// How many policy documents each side holds (old, new).
    pub policies: (usize, usize),
    /// Two authorization-details files compared principal by principal: how many users and
    /// roles each side holds (old, new).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principals: Option<(usize, usize)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Inputs {
    pub old: Vec<InputSummary>,
    pub new: Vec<InputSummary>,
}

/// Access one side grants and the other does not.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// The user or role whose access changed (`user/alice`), when two authorization-details
    /// files are compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    pub message: String,
    /// The granting statement (in NEW for access added, in OLD for access removed).
    pub statement: String,
    pub policy: String,
    pub input: String,
    pub location: Location,
    /// Not part of the JSON: the statement's range, for the page's highlight.
    #[serde(skip)]
    pub range: Utf16Range,
    /// The region's actions (at most 25; `action_count` says how many).
    pub actions: Vec<String>,
    pub action_count: usize,
    pub witness: Witness,
    /// Not part of the JSON: the statement, to find how its principal holds its policy.
    #[serde(skip)]
    pub(crate) site: Site,
}

/// A concrete request one side allows and the other does not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Witness {
    /// `None` for identity policies: the caller is whoever holds them.
    pub principal: Option<String>,
    pub action: String,
    pub resource: String,
    /// Context keys as `key=value` pairs (a key twice is multivalued), as `--context` takes them.
    pub context: Vec<(String, String)>,
    /// The decision of the side that grants (`allow`) and of the other.
    pub granted: Decision,
    pub other: Decision,
}

impl Witness {
    /// The `posture simulate` arguments that ask the witness (files not included).
    pub fn simulate_args(&self) -> String {
        let mut out = format!("--action {} --resource '{}'", self.action, self.resource);
        if let Some(p) = &self.principal {
            let _ = write!(out, " --principal '{p}'");
        }
        for (k, v) in &self.context {
            let _ = write!(out, " --context '{k}={v}'");
        }
        out
    }
}

/// A region neither shown covered nor shown widened.
#[derive(Clone, Debug, Serialize)]
pub struct Undecided {
    /// As in [`Change`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    pub message: String,
    pub statement: String,
    pub policy: String,
    pub input: String,
    pub location: Location,
    #[serde(skip)]
    pub range: Utf16Range,
    pub actions: Vec<String>,
    pub action_count: usize,
    pub reason: String,
    /// Not part of the JSON: the statement (or the principal) it is about.
    #[serde(skip)]
    pub(crate) site: Site,
}

impl Diff {
    /// Whether NEW may grant anything OLD did not: access added, or a region undecided.
    pub fn widens(&self) -> bool {
        !self.added.is_empty() || !self.undecided.is_empty()
    }

    /// Whether either input could not be read.
    pub fn has_input_errors(&self) -> bool {
        self.inputs.old.iter().chain(&self.inputs.new).any(|i| i.error.is_some())
    }

    /// Why the comparison means nothing, if it does not: an input that could not be read, or a
    /// side that holds no policy document.
    pub fn unusable(&self) -> Option<String> {
        for (side, inputs, count) in
            [("old", &self.inputs.old, self.policies.0), ("new", &self.inputs.new, self.policies.1)]
        {
            if let Some((name, e)) = inputs.iter().find_map(|i| Some((&i.name, i.error.as_ref()?))) {
                return Some(format!(
                    "the {side} input `{name}` cannot be read: {}:{}: {}",
                    e.line, e.column, e.message
                ));
            }
            // Authorization details hold many principals' policies: one set per side would mix them.
            if self.principals.is_none() && inputs.iter().any(|i| i.kind == Some(crate::input::kinds::AUTHZ_DETAILS.id))
            {
                return Some(format!(
                    "the {side} input is `get-account-authorization-details` and the other is not: compare two \
                     authorization-details files (principal by principal), or two policy documents"
                ));
            }
            if count == 0 && self.principals.is_none() {
                return Some(format!("the {side} input holds no policy document"));
            }
        }
        None
    }
}

/// Compares the policies in `old` with those in `new`.
pub fn diff(old: &[Source], new: &[Source]) -> Diff {
    let old_snap = Snapshot::read(old);
    let new_snap = Snapshot::read(new);
    let authz = crate::input::kinds::AUTHZ_DETAILS.id;
    if old_snap.model.has(authz) && new_snap.model.has(authz) {
        return authz::diff(&old_snap, &new_snap);
    }
    let old_policies: Vec<&Policy> = old_snap.policies.iter().collect();
    let new_policies: Vec<&Policy> = new_snap.policies.iter().collect();
    let mut notes = Vec::new();
    for (side, policies) in [("old", &old_policies), ("new", &new_policies)] {
        match policies.len() {
            0 => notes.push(format!("the {side} input holds no policy document: it grants nothing")),
            1 => {}
            n => notes.push(format!("the {n} policy documents of the {side} input are compared as one set")),
        }
    }
    let kinds = |ps: &[&Policy]| {
        let mut k: Vec<&str> = ps.iter().map(|p| p.kind.as_str()).collect();
        k.sort_unstable();
        k.dedup();
        k
    };
    if !old_policies.is_empty() && !new_policies.is_empty() && kinds(&old_policies) != kinds(&new_policies) {
        notes.push(format!(
            "the old input holds {} policies and the new one {}: each is evaluated as what it is",
            kinds(&old_policies).join(" and "),
            kinds(&new_policies).join(" and ")
        ));
    }
    let (added, undecided) = compare(&new_snap, &new_policies, &old_policies, "old", &Limits::default());
    let (removed, undecided_removed) = compare(&old_snap, &old_policies, &new_policies, "new", &Limits::default());
    Diff {
        added,
        removed,
        undecided,
        undecided_removed,
        notes,
        policies: (old_policies.len(), new_policies.len()),
        principals: None,
        inputs: Inputs { old: crate::input_summaries(&old_snap), new: crate::input_summaries(&new_snap) },
    }
}

/// An action of a region: one of the catalogue, or a name outside it written literally.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Act {
    Known(ActionId),
    Named(String),
}

impl Act {
    fn name(&self, catalog: &Catalog) -> String {
        match self {
            Act::Known(id) => catalog.qualified_name(*id),
            Act::Named(n) => n.clone(),
        }
    }
}

/// A statement of one side with its policy and its grant.
struct Entry<'p> {
    policy: &'p Policy,
    grant: Grant<'p>,
}

fn entries<'p>(policies: &[&'p Policy]) -> Vec<Entry<'p>> {
    policies.iter().flat_map(|p| Grant::of(p).into_iter().map(move |grant| Entry { policy: p, grant })).collect()
}

/// Whether an entry's actions include `act` (`NotAction` read as the evaluator reads it).
fn covers_act(entry: &Entry<'_>, act: &Act) -> bool {
    match act {
        Act::Known(id) => entry.grant.actions.contains(*id),
        Act::Named(name) => entry
            .grant
            .statement
            .actions()
            .is_some_and(|(list, negated)| list.iter().any(|i| pattern::matches(&i.value, name)) != negated),
    }
}

/// Up to [`ACTIONS_TRIED`] actions of the region that may be requested on a resource of the
/// statement: one of their ARN formats (or `*`, for an action without resource types) overlaps
/// a listed resource. Each format is compared once.
fn plausible<'a>(entry: &Entry<'_>, acts: &'a [Act]) -> Vec<&'a Act> {
    let ResourceScope::Listed(list) = entry.grant.resources else {
        return acts.iter().take(ACTIONS_TRIED).collect();
    };
    let syntax = Syntax { wildcards: true, variables: is_2012(entry.policy) };
    let patterns: Vec<Pattern> = list.iter().map(|i| Pattern::parse(&i.value, syntax)).collect();
    let plain = Syntax { wildcards: true, variables: false };
    let mut seen: HashMap<&'static str, bool> = HashMap::new();
    let mut fits = |format: &'static str| {
        *seen.entry(format).or_insert_with(|| {
            let f = Pattern::parse(&format_pattern(format, "*"), plain);
            patterns.iter().any(|p| p.overlaps(&f) != Ok(false))
        })
    };
    let star = patterns.iter().any(|p| p.matches("*", &|_| None, true).matched);
    acts.iter()
        .filter(|act| {
            let formats = templates(act);
            if formats.is_empty() {
                star || matches!(act, Act::Named(_))
            } else {
                formats.into_iter().any(&mut fits)
            }
        })
        .take(ACTIONS_TRIED)
        .collect()
}

/// The access `granting` gives that `other` does not: one change per widened region, one
/// undecided entry per region neither shown covered nor widened.
fn compare(
    snapshot: &Snapshot<'_>,
    granting: &[&Policy],
    other: &[&Policy],
    other_name: &str,
    limits: &Limits<'_>,
) -> (Vec<Change>, Vec<Undecided>) {
    let mine = entries(granting);
    let theirs = entries(other);
    let partition = partition_of(granting.iter().chain(other));
    let my_denies: Vec<&Entry<'_>> = mine.iter().filter(|e| e.grant.effect == Effect::Deny).collect();
    let mentions: usize = theirs.iter().chain(my_denies.iter().copied()).map(|e| e.grant.actions.len()).sum();
    let mut budget_left = GROUPING_BUDGET;
    if mentions > MENTIONS_BUDGET {
        budget_left = 0;
    }
    // Per action, which of the other side's statements and of this side's denies mention it
    // (numbered after the other side's): read once.
    let mut mentioned: HashMap<ActionId, Vec<u32>> = HashMap::new();
    for (i, e) in theirs.iter().chain(my_denies.iter().copied()).enumerate().filter(|_| budget_left > 0) {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        for id in &e.grant.actions {
            mentioned.entry(id).or_default().push(i);
        }
    }
    let statement_of = |i: u32| -> Option<&Entry<'_>> {
        let i = i as usize;
        theirs.get(i).or_else(|| my_denies.get(i.checked_sub(theirs.len())?).copied())
    };
    // Per place, the actions this side denies on every resource, to everyone, unconditionally.
    let mut denied_everywhere: HashMap<String, ActionSet> = HashMap::new();
    for d in &my_denies {
        let st = d.grant.statement;
        let everyone = match (&st.principal, &st.not_principal) {
            (None, None) => true,
            (Some(p), None) => p.wildcard || p.entries.iter().any(|(t, e)| *t == PrincipalType::Aws && e.value == "*"),
            _ => false,
        };
        let everywhere = matches!(d.grant.resources, ResourceScope::All | ResourceScope::Own);
        if everyone && everywhere && !d.grant.is_conditional() {
            denied_everywhere.entry(place(d.policy)).or_default().union_with(&d.grant.actions);
        }
    }
    // Each deny as a key that evaluates alike: where it applies and what it says.
    let key = |e: &Entry<'_>| format!("{}\u{4}{}", place(e.policy), canonical(e.grant.statement));
    let kept: HashSet<String> = my_denies.iter().map(|d| key(d)).collect();
    let their_keys: Vec<Option<String>> =
        theirs.iter().map(|t| (t.grant.effect == Effect::Deny).then(|| key(t))).collect();
    let is_kept = |i: u32| their_keys.get(i as usize).and_then(Option::as_ref).is_some_and(|k| kept.contains(k));
    let named_signature = |act: &Act| -> Vec<u32> {
        (0..theirs.len() + my_denies.len())
            .filter_map(|i| u32::try_from(i).ok())
            .filter(|&i| statement_of(i).is_some_and(|t| covers_act(t, act)))
            .collect()
    };
    let tries_at_start = TRIES_PER_DIFF.min(limits.tries.map_or(usize::MAX, Cell::get));
    let mut tries_left = tries_at_start;
    let mut changes = Vec::new();
    let mut undecided = Vec::new();
    for entry in mine.iter().filter(|e| e.grant.effect == Effect::Allow) {
        // No resource in an identity policy, or a condition operator IAM does not define: the
        // statement never applies.
        let broken = entry
            .grant
            .statement
            .condition
            .iter()
            .flat_map(|c| &c.clauses)
            .any(|c| Operator::parse(&c.operator.value).is_none());
        if broken || matches!(entry.grant.resources, ResourceScope::Nothing) {
            continue;
        }
        let blanket = denied_everywhere.get(&place(entry.policy));
        let Some(regions) = regions(entry, &mentioned, blanket, &mut budget_left, named_signature) else {
            budget_left = 0;
            let reason = format!(
                "the policies are too large to compare within the work budget ({mentions} action mentions; budgets \
                 {MENTIONS_BUDGET} mentions, {GROUPING_BUDGET} steps)"
            );
            undecided.push(undecided_entry(snapshot, entry, &[], entry.grant.actions.len(), reason, other_name));
            continue;
        };
        for (sig, mut acts) in regions {
            if !limits.retain(&mut acts) {
                continue;
            }
            let related: Vec<(&Entry<'_>, bool)> =
                sig.iter().filter_map(|&i| Some((theirs.get(i as usize)?, is_kept(i)))).collect();
            let denies: Vec<&Entry<'_>> =
                sig.iter().filter(|&&i| i as usize >= theirs.len()).filter_map(|&i| statement_of(i)).collect();
            if covered(entry, &acts, &related, &denies, partition) {
                continue;
            }
            let found = if tries_left == 0 {
                None
            } else {
                let related: Vec<&Entry<'_>> = related.iter().map(|(e, _)| *e).collect();
                let sides = Sides { granting, other, judge: limits.judge, account: limits.account };
                find_witness(entry, &acts, &related, &denies, &sides, partition, &mut tries_left)
            };
            if let Some(witness) = found {
                changes.push(change(snapshot, entry, &acts, witness, other_name));
            } else {
                let reason = undecided_reason(entry, tries_left == 0);
                undecided.push(undecided_entry(snapshot, entry, &acts, acts.len(), reason, other_name));
            }
        }
    }
    limits.spend(tries_at_start - tries_left);
    (changes, undecided)
}

/// Decides a request on the granting side and on the other.
type Judge<'a> = &'a dyn Fn(&Request) -> (Decision, Decision);

/// What a comparison of two authorization-details files adds to [`compare`], per principal.
#[derive(Default)]
struct Limits<'a> {
    /// Decides a request on the granting side and the other (the principal's effective
    /// permissions, boundary and all), in place of evaluating the two policy sets alone.
    judge: Option<Judge<'a>>,
    /// The actions the granting side may allow at all (its boundary's): the others are left
    /// out of every region, as no request for them is allowed.
    keep: Option<&'a dyn Fn(ActionId) -> bool>,
    /// Requests left to try, shared by several comparisons.
    tries: Option<&'a Cell<usize>>,
    /// The caller's account, for the resources of requests an identity policy's holder makes.
    account: Option<&'a str>,
}

/// The two policy sets a witness is tried on, and how a request is decided on them.
struct Sides<'a, 'p> {
    granting: &'a [&'p Policy],
    other: &'a [&'p Policy],
    judge: Option<Judge<'a>>,
    account: Option<&'a str>,
}

impl Limits<'_> {
    /// Leaves out the actions the granting side may not allow at all; whether any are left.
    fn retain(&self, acts: &mut Vec<Act>) -> bool {
        if let Some(keep) = self.keep {
            acts.retain(|a| match a {
                Act::Known(id) => keep(*id),
                Act::Named(_) => true,
            });
        }
        !acts.is_empty()
    }

    /// Takes the requests a comparison tried from the shared budget.
    fn spend(&self, tried: usize) {
        if let Some(t) = self.tries {
            t.set(t.get().saturating_sub(tried));
        }
    }
}

/// The partition requests are taken to be in: the one the policies' ARNs name (`aws` when they
/// name none), or `*` when they name several.
fn partition_of<'p>(policies: impl Iterator<Item = &'p &'p Policy>) -> &'static str {
    const KNOWN: [&str; 5] = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"];
    let mut found: Option<&'static str> = None;
    for st in policies.flat_map(|p| &p.statements) {
        for item in st.resource.iter().chain(st.not_resource.as_deref()).flat_map(List::iter) {
            let Some(part) = item.value.strip_prefix("arn:").and_then(|r| r.split(':').next()) else { continue };
            let Some(known) = KNOWN.iter().find(|k| **k == part) else {
                if pattern::has_wildcard(part) || part.contains("${") {
                    continue;
                }
                return "*";
            };
            match found {
                Some(f) if f != *known => return "*",
                _ => found = Some(known),
            }
        }
    }
    found.unwrap_or("aws")
}

/// The statement's actions grouped into regions by the statements that mention them (their
/// indices); `None` past the grouping budget.
fn regions(
    entry: &Entry<'_>,
    mentioned: &HashMap<ActionId, Vec<u32>>,
    denied: Option<&ActionSet>,
    budget_left: &mut usize,
    named_signature: impl Fn(&Act) -> Vec<u32>,
) -> Option<Vec<(Vec<u32>, Vec<Act>)>> {
    if *budget_left == 0 {
        return None;
    }
    // Signatures borrow from `mentioned`: grouping allocates per region, not per action.
    let mut regions: Vec<(Vec<u32>, Vec<Act>)> = Vec::new();
    let mut index: HashMap<&[u32], usize> = HashMap::new();
    for id in &entry.grant.actions {
        if denied.is_some_and(|d| d.contains(id)) {
            continue;
        }
        let sig: &[u32] = mentioned.get(&id).map_or(&[], Vec::as_slice);
        *budget_left = budget_left.checked_sub(sig.len() + 1)?;
        let at = *index.entry(sig).or_insert_with(|| {
            regions.push((sig.to_vec(), Vec::new()));
            regions.len() - 1
        });
        if let Some(r) = regions.get_mut(at) {
            r.1.push(Act::Known(id));
        }
    }
    if !entry.grant.not_action {
        let items = entry.grant.statement.action.iter().flat_map(List::iter).zip(&entry.grant.items);
        for (item, set) in items {
            if set.is_empty() && !pattern::has_wildcard(&item.value) && item.value.contains(':') {
                let act = Act::Named(item.value.clone());
                let sig = named_signature(&act);
                if let Some(r) = regions.iter_mut().find(|r| r.0 == sig) {
                    r.1.push(act);
                } else {
                    regions.push((sig, vec![act]));
                }
            }
        }
    }
    Some(regions)
}

fn change(snapshot: &Snapshot<'_>, entry: &Entry<'_>, acts: &[Act], witness: Witness, other_name: &str) -> Change {
    let site = Site { doc: entry.policy.doc, span: entry.grant.statement.span };
    let (location, range) = snapshot.locate(site);
    let label = entry.grant.statement.label();
    let more = if acts.len() > 1 { format!(" (a region of {} actions)", acts.len()) } else { String::new() };
    let who = witness.principal.as_deref().map(|p| format!("`{p}` to do ")).unwrap_or_default();
    Change {
        principal: None,
        site,
        message: format!(
            "{label} allows {who}`{}` on `{}`, which the {other_name} policy does not allow{more}",
            witness.action, witness.resource
        ),
        statement: label,
        policy: entry.policy.name.clone(),
        input: snapshot.input_name(site).to_string(),
        location,
        range,
        actions: acts.iter().take(ACTIONS_LISTED).map(|a| a.name(Catalog::get())).collect(),
        action_count: acts.len(),
        witness,
    }
}

fn undecided_entry(
    snapshot: &Snapshot<'_>,
    entry: &Entry<'_>,
    acts: &[Act],
    count: usize,
    reason: String,
    other_name: &str,
) -> Undecided {
    let site = Site { doc: entry.policy.doc, span: entry.grant.statement.span };
    let (location, range) = snapshot.locate(site);
    let label = entry.grant.statement.label();
    let names: Vec<String> = acts.iter().take(ACTIONS_LISTED).map(|a| a.name(Catalog::get())).collect();
    let what = match (names.first(), count) {
        (None, _) => "anything".to_string(),
        (Some(first), 1) => format!("`{first}`"),
        (Some(first), n) => format!("`{first}` (a region of {n} actions)"),
    };
    Undecided {
        principal: None,
        site,
        message: format!("cannot decide whether {label} allows {what} beyond the {other_name} policy: {reason}"),
        statement: label,
        policy: entry.policy.name.clone(),
        input: snapshot.input_name(site).to_string(),
        location,
        range,
        actions: names,
        action_count: count,
        reason,
    }
}

// ---------------------------------------------------------------------------------------------
// Covered: a proof that the other side allows the whole region.

/// Whether every request of the region `entry` grants is denied by this side (`denies`, those
/// that mention the region's actions) or allowed by the other (`related`): see the module docs.
/// Each of `related` comes with whether it is a deny this side keeps.
fn covered(
    entry: &Entry<'_>,
    acts: &[Act],
    related: &[(&Entry<'_>, bool)],
    denies: &[&Entry<'_>],
    partition: &str,
) -> bool {
    let st = entry.grant.statement;
    let syntax = |p: &Policy| Syntax { wildcards: true, variables: is_2012(p) };
    // This side's own denies that apply whenever the statement does.
    let shadows: Vec<&&Entry<'_>> = denies
        .iter()
        .filter(|d| {
            same_place(d.policy, entry.policy)
                && principal_covers(d.grant.statement, st)
                && conditions_implied(st, d.grant.statement)
        })
        .collect();
    let their_denies: Vec<&(&Entry<'_>, bool)> =
        related.iter().filter(|(t, _)| t.grant.effect == Effect::Deny).collect();
    let allows: Vec<&Entry<'_>> = related
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| {
            t.grant.effect == Effect::Allow
                && same_place(t.policy, entry.policy)
                && principal_covers(t.grant.statement, entry.grant.statement)
                && conditions_implied(entry.grant.statement, t.grant.statement)
        })
        .collect();
    let units: Vec<Unit<'_>> = match entry.grant.resources {
        ResourceScope::All => vec![Unit::All],
        ResourceScope::Listed(list) => list.iter().map(|i| Unit::Listed(&i.value)).collect(),
        ResourceScope::AllBut(list) => vec![Unit::AllBut(list)],
        ResourceScope::Own => vec![Unit::Own],
        ResourceScope::Nothing => return true,
    };
    let mine = syntax(entry.policy);
    let shadowed =
        |u: &Unit<'_>| shadows.iter().any(|d| resource_covers(&d.grant.resources, u, mine, syntax(d.policy)));
    let allowed = |u: &Unit<'_>| allows.iter().any(|t| resource_covers(&t.grant.resources, u, mine, syntax(t.policy)));
    let unblocked = |u: &Unit<'_>, t: &Entry<'_>| !may_apply(&t.grant.resources, u, mine, syntax(t.policy));
    // The resources the region's actions can be requested on: each catalogue ARN format as a
    // pattern (placeholders as `*`), and the text `*` for an action without resource types.
    let formats = || -> Option<(Vec<String>, bool)> {
        let mut all: Vec<&'static str> = Vec::new();
        let mut star = false;
        for act in acts {
            match act {
                Act::Named(_) => return None,
                Act::Known(_) => {
                    let own = templates(act);
                    star |= own.is_empty();
                    all.extend(own);
                }
            }
        }
        all.sort_unstable();
        all.dedup();
        Some((all.iter().map(|t| format_pattern(t, partition)).collect(), star))
    };
    let mut cached: Option<Option<(Vec<String>, bool)>> = None;
    units.iter().all(|unit| {
        if shadowed(unit) || (allowed(unit) && their_denies.iter().all(|(t, kept)| *kept || unblocked(unit, t))) {
            return true;
        }
        // Only requests on resources of the actions' types exist: the unit restricted to each
        // ARN format is covered when it is empty, shadowed, or allowed with no deny in the way.
        let Some((formats, star)) = cached.get_or_insert_with(formats) else { return false };
        let mut units: Vec<Unit<'_>> = formats.iter().map(|f| Unit::Listed(f)).collect();
        if *star {
            units.push(Unit::Exact("*"));
        }
        units.iter().all(|t| {
            disjoint(t, unit, mine)
                || shadowed(t)
                || ((allowed(t) || allowed(unit))
                    && their_denies.iter().all(|(d, kept)| *kept || unblocked(t, d) || unblocked(unit, d)))
        })
    })
}

/// A catalogue ARN format as a resource pattern: `${Partition}` becomes `partition`, each other
/// placeholder `*`.
fn format_pattern(template: &str, partition: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let name = rest.get(start + 2..).and_then(|r| r.split('}').next()).unwrap_or_default();
        out.push_str(if name == "Partition" { partition } else { "*" });
        rest = rest.get(start..).and_then(|r| r.find('}').and_then(|e| r.get(e + 1..))).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Whether no resource matches both `format` (an ARN format pattern, or the text `*`) and
/// `unit` (shown, not guessed: `false` when unsure).
fn disjoint(format: &Unit<'_>, unit: &Unit<'_>, syntax: Syntax) -> bool {
    let plain = Syntax { wildcards: true, variables: false };
    match (format, unit) {
        (Unit::Exact(x), Unit::Listed(p)) => {
            let p = Pattern::parse(p, syntax);
            p.variables().next().is_none() && !p.matches(x, &|_| None, true).matched
        }
        (Unit::Exact(x), Unit::AllBut(excluded)) => excluded.iter().any(|e| surely_matches(&e.value, x, syntax)),
        // A literal resource is matched exactly; patterns are compared as patterns.
        (Unit::Listed(f), Unit::Listed(p)) if !pattern::has_wildcard(p) && !p.contains("${") => {
            !Pattern::parse(f, plain).matches(p, &|_| None, true).matched
        }
        (Unit::Listed(f), Unit::Listed(p)) => {
            Pattern::parse(p, syntax).overlaps(&Pattern::parse(f, plain)) == Ok(false)
        }
        (Unit::Listed(f), Unit::AllBut(excluded)) => {
            let f = Pattern::parse(f, plain);
            excluded.iter().any(|x| f.is_covered_by(&Pattern::parse(&x.value, syntax)) == Ok(true))
        }
        _ => false,
    }
}

/// Every ARN format of the resource types an action takes (none for an action outside the
/// catalogue or without resource types).
fn templates(act: &Act) -> Vec<&'static str> {
    match act {
        Act::Known(id) => {
            let mut all: Vec<&'static str> = Catalog::get()
                .action_info(*id)
                .resource_types()
                .flat_map(|t| t.resource_type().arn_patterns())
                .collect();
            all.dedup();
            all
        }
        Act::Named(_) => Vec::new(),
    }
}

/// Whether a statement on `resources` may match a resource of `unit` (`false` only when shown).
fn may_apply(resources: &ResourceScope<'_>, unit: &Unit<'_>, unit_syntax: Syntax, syntax: Syntax) -> bool {
    if let Unit::Exact(x) = unit {
        return match resources {
            ResourceScope::Listed(list) => list.iter().any(|d| {
                let d = Pattern::parse(&d.value, syntax);
                d.variables().next().is_some() || d.matches(x, &|_| None, true).matched
            }),
            ResourceScope::AllBut(excluded) => !excluded.iter().any(|e| surely_matches(&e.value, x, syntax)),
            ResourceScope::Nothing => false,
            ResourceScope::All | ResourceScope::Own => true,
        };
    }
    let Unit::Listed(p) = unit else { return !matches!(resources, ResourceScope::Nothing) };
    let p = Pattern::parse(p, unit_syntax);
    match resources {
        ResourceScope::Listed(list) => list.iter().any(|d| p.overlaps(&Pattern::parse(&d.value, syntax)) != Ok(false)),
        ResourceScope::AllBut(excluded) => {
            !excluded.iter().any(|x| p.is_covered_by(&Pattern::parse(&x.value, syntax)) == Ok(true))
        }
        ResourceScope::Nothing => false,
        ResourceScope::All | ResourceScope::Own => true,
    }
}

fn is_2012(p: &Policy) -> bool {
    p.version.as_ref().is_some_and(|v| v.value == "2012-10-17")
}

/// Whether two policies are evaluated alike: same kind, holder, own resources and version.
fn same_place(a: &Policy, b: &Policy) -> bool {
    let mut own_a = a.own.clone();
    let mut own_b = b.own.clone();
    own_a.sort_unstable();
    own_b.sort_unstable();
    a.kind == b.kind && a.holder == b.holder && own_a == own_b && is_2012(a) == is_2012(b)
}

/// What [`same_place`] compares, as text.
fn place(p: &Policy) -> String {
    let mut own = p.own.clone();
    own.sort_unstable();
    format!("{:?}\u{1}{:?}\u{1}{}\u{1}{}", p.kind, p.holder, is_2012(p), own.join("\u{2}"))
}

/// A statement as text without its `Sid`, lists sorted: equal texts evaluate alike.
fn canonical(st: &Statement) -> String {
    let list = |l: Option<&List>| {
        l.map(|l| {
            let mut v: Vec<&str> = l.iter().map(|i| i.value.as_str()).collect();
            v.sort_unstable();
            v.dedup();
            v.join("\u{1}")
        })
    };
    let principal = |p: Option<&Principal>| {
        p.map(|p| {
            let mut v: Vec<String> = p.entries.iter().map(|(t, e)| format!("{t:?}={}", e.value)).collect();
            v.sort_unstable();
            v.dedup();
            format!("{}|{}", p.wildcard, v.join("\u{1}"))
        })
    };
    let mut clauses: Vec<String> = st
        .condition
        .iter()
        .flat_map(|c| &c.clauses)
        .map(|c| {
            let mut v: Vec<&str> = c.values.iter().map(|v| v.value.as_str()).collect();
            v.sort_unstable();
            v.dedup();
            format!("{}\u{2}{}\u{2}{}", c.operator.value, c.key.value.to_ascii_lowercase(), v.join("\u{1}"))
        })
        .collect();
    clauses.sort_unstable();
    format!(
        "{:?}\u{3}{:?}\u{3}{:?}\u{3}{:?}\u{3}{:?}\u{3}{:?}\u{3}{:?}\u{3}{:?}",
        st.effect.as_ref().map(|e| &e.value),
        principal(st.principal.as_deref()),
        principal(st.not_principal.as_deref()),
        list(st.action.as_ref()).map(|s| s.to_ascii_lowercase()),
        list(st.not_action.as_deref()).map(|s| s.to_ascii_lowercase()),
        list(st.resource.as_ref()),
        list(st.not_resource.as_deref()),
        clauses
    )
}

/// Whether `wide`'s principal names every caller `narrow`'s does.
fn principal_covers(wide: &Statement, narrow: &Statement) -> bool {
    let entries = |p: &Principal| -> Vec<(PrincipalType, String)> {
        p.entries.iter().map(|(t, e)| (*t, e.value.clone())).collect()
    };
    let everyone =
        |p: &Principal| p.wildcard || p.entries.iter().any(|(t, e)| *t == PrincipalType::Aws && e.value == "*");
    match (&wide.principal, &wide.not_principal, &narrow.principal, &narrow.not_principal) {
        (None, None, None, None) => true,
        (Some(w), None, _, _) if everyone(w) => narrow.principal.is_some() || narrow.not_principal.is_some(),
        (Some(w), None, Some(n), None) if !everyone(n) => {
            let have = entries(w);
            entries(n).iter().all(|e| have.contains(e))
        }
        (None, Some(w), None, Some(n)) => {
            let excluded = entries(n);
            entries(w).iter().all(|e| excluded.contains(e))
        }
        _ => false,
    }
}

/// Whether every request that satisfies `narrow`'s conditions satisfies `wide`'s.
fn conditions_implied(narrow: &Statement, wide: &Statement) -> bool {
    let Some(wide) = wide.condition.as_ref().filter(|c| !c.clauses.is_empty()) else { return true };
    let narrow: Vec<_> = narrow.condition.iter().flat_map(|c| &c.clauses).collect();
    wide.clauses.iter().all(|w| {
        let Some(op) = Operator::parse(&w.operator.value) else { return false };
        let values = |c: &crate::input::Clause| c.values.iter().map(|v| v.value.clone()).collect::<Vec<_>>();
        let wv = values(w);
        narrow.iter().any(|n| {
            if n.operator.value != w.operator.value || !n.key.value.eq_ignore_ascii_case(&w.key.value) {
                return false;
            }
            let nv = values(n);
            if op.family == Family::Null {
                let mut a = nv.clone();
                let mut b = wv.clone();
                a.sort_unstable();
                b.sort_unstable();
                a == b
            } else if op.negated {
                wv.iter().all(|v| nv.contains(v))
            } else {
                nv.iter().all(|v| wv.contains(v))
            }
        })
    })
}

/// One resource element of a statement, as the coverage proof reads it.
enum Unit<'p> {
    All,
    Listed(&'p str),
    AllBut(&'p List),
    Own,
    /// Exactly this text: `*`, the resource of an action without resource types.
    Exact(&'p str),
}

/// Whether a pattern surely matches the text in every request: it matches, and it holds no
/// policy variable (whose value a request may lack).
fn surely_matches(pattern: &str, text: &str, syntax: Syntax) -> bool {
    let p = Pattern::parse(pattern, syntax);
    p.variables().next().is_none() && p.matches(text, &|_| None, true).matched
}

fn resource_covers(wide: &ResourceScope<'_>, unit: &Unit<'_>, narrow_syntax: Syntax, wide_syntax: Syntax) -> bool {
    let parse_n = |s: &str| Pattern::parse(s, narrow_syntax);
    let parse_w = |s: &str| Pattern::parse(s, wide_syntax);
    match (wide, unit) {
        (ResourceScope::All | ResourceScope::Own, _) => true,
        (ResourceScope::Listed(list), Unit::Exact(x)) => list.iter().any(|t| surely_matches(&t.value, x, wide_syntax)),
        (ResourceScope::AllBut(excluded), Unit::Exact(x)) => {
            excluded.iter().all(|y| Pattern::parse(&y.value, wide_syntax).variables().next().is_none())
                && !excluded.iter().any(|y| parse_w(&y.value).matches(x, &|_| None, true).matched)
        }
        (ResourceScope::Listed(list), Unit::Listed(p)) => {
            let p = parse_n(p);
            list.iter().any(|t| p.is_covered_by(&parse_w(&t.value)) == Ok(true))
        }
        (ResourceScope::AllBut(excluded), Unit::Listed(p)) => {
            let p = parse_n(p);
            excluded.iter().all(|y| p.overlaps(&parse_w(&y.value)) == Ok(false))
        }
        (ResourceScope::AllBut(excluded), Unit::AllBut(mine)) => excluded
            .iter()
            .all(|y| mine.iter().any(|x| parse_w(&y.value).is_covered_by(&parse_n(&x.value)) == Ok(true))),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Widened: a concrete request.

fn find_witness(
    entry: &Entry<'_>,
    acts: &[Act],
    related: &[&Entry<'_>],
    denies: &[&Entry<'_>],
    sides: &Sides<'_, '_>,
    partition: &str,
    tries_left: &mut usize,
) -> Option<Witness> {
    let catalog = Catalog::get();
    let st = entry.grant.statement;
    let principals = principals(entry.policy, st);
    let contexts = contexts(st, related, denies);
    let budget = TRIES_PER_REGION.min(*tries_left);
    let mut used = 0;
    let found = 'search: {
        for act in plausible(entry, acts) {
            let action = act.name(catalog);
            for principal in &principals {
                let account = principal.as_deref().and_then(account_of).or(sides.account).unwrap_or(ACCOUNT);
                for (resource, resource_vars) in resources(entry, act, account, partition) {
                    for context in &contexts {
                        if used == budget {
                            break 'search None;
                        }
                        used += 1;
                        let mut pairs = context.clone();
                        for (k, v) in &resource_vars {
                            if !pairs.iter().any(|(key, _)| key.eq_ignore_ascii_case(k)) {
                                pairs.push((k.clone(), v.clone()));
                            }
                        }
                        let Some(request) = request(principal.as_deref(), &action, &resource, &pairs) else {
                            continue;
                        };
                        let (granted, refused) = if let Some(judge) = sides.judge {
                            judge(&request)
                        } else {
                            let granted = eval::evaluate(sides.granting, &request).decision;
                            if granted != Decision::Allow {
                                continue;
                            }
                            (granted, eval::evaluate(sides.other, &request).decision)
                        };
                        if granted != Decision::Allow || refused == Decision::Allow {
                            continue;
                        }
                        break 'search Some(Witness {
                            principal: principal.clone(),
                            action: action.clone(),
                            resource,
                            context: pairs,
                            granted,
                            other: refused,
                        });
                    }
                }
            }
        }
        None
    };
    *tries_left -= used;
    found
}

fn request(principal: Option<&str>, action: &str, resource: &str, context: &[(String, String)]) -> Option<Request> {
    let caller = match principal {
        Some(p) => Some(Caller::parse(p).ok()?),
        None => None,
    };
    let mut ctx = Context::default();
    for (k, v) in context {
        ctx.insert(k, v.clone());
    }
    Some(Request { caller, action: action.to_string(), resource: resource.to_string(), context: ctx })
}

fn account_of(principal: &str) -> Option<&str> {
    let arn = eval::arn::Arn::parse(principal)?;
    eval::principal::is_account_id(arn.account).then_some(arn.account)
}

/// The callers to try: none for an identity policy; for a resource or trust policy, those its
/// `Principal` names (an account by its root, which the policy names directly), else a user.
fn principals(policy: &Policy, st: &Statement) -> Vec<Option<String>> {
    if policy.kind == PolicyKind::Identity {
        return vec![None];
    }
    let stranger = format!("arn:aws:iam::{ACCOUNT}:user/{}", FILLERS[0]);
    let mut out: Vec<Option<String>> = Vec::new();
    if let Some(p) = &st.principal {
        if p.wildcard {
            out.push(Some(stranger.clone()));
            out.push(Some("*".into()));
        }
        for (ty, e) in &p.entries {
            let v = e.value.as_str();
            let who = match ty {
                PrincipalType::Aws if v == "*" => {
                    out.push(Some(stranger.clone()));
                    "*".to_string()
                }
                PrincipalType::Aws if eval::principal::is_account_id(v) => format!("arn:aws:iam::{v}:root"),
                PrincipalType::Aws => fill(v, FILLERS[0], ACCOUNT, &mut Vec::new()),
                PrincipalType::Service => v.to_string(),
                PrincipalType::Federated => format!("federated:{v}"),
                PrincipalType::CanonicalUser => format!("canonical:{v}"),
                PrincipalType::Other => continue,
            };
            out.push(Some(who));
        }
    } else if st.not_principal.is_some() {
        out.push(Some(stranger));
        out.push(Some("*".into()));
    }
    out.dedup();
    out.truncate(6);
    out
}

/// Candidate resources for `act` in the statement's scope, each with the context values its
/// policy variables were given.
fn resources(entry: &Entry<'_>, act: &Act, account: &str, partition: &str) -> Vec<(String, Vec<(String, String)>)> {
    let all_templates = templates(act);
    let templates: Vec<&'static str> = all_templates.iter().copied().take(4).collect();
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let from_templates = |out: &mut Vec<(String, Vec<(String, String)>)>| {
        for t in &templates {
            for f in FILLERS {
                out.push((instantiate(t, f, account, partition), Vec::new()));
            }
        }
        out.push(("*".to_string(), Vec::new()));
    };
    let from_patterns = |out: &mut Vec<(String, Vec<(String, String)>)>, patterns: &[&str]| {
        for p in patterns.iter().take(8) {
            for t in &templates {
                let mut vars = Vec::new();
                if let Some(m) = merge(p, t, (account, partition), &mut vars) {
                    out.push((m, vars));
                }
            }
            for f in FILLERS {
                let mut vars = Vec::new();
                let filled = fill(p, f, account, &mut vars);
                out.push((filled, vars));
            }
        }
    };
    match entry.grant.resources {
        ResourceScope::Listed(list) => {
            let patterns: Vec<&str> = list.iter().map(|i| i.value.as_str()).collect();
            from_patterns(&mut out, &patterns);
        }
        ResourceScope::Own if !entry.policy.own.is_empty() => {
            let patterns: Vec<&str> = entry.policy.own.iter().map(String::as_str).collect();
            from_patterns(&mut out, &patterns);
        }
        _ => from_templates(&mut out),
    }
    // A request is on a resource of one of the action's types: a candidate that fits none of
    // its ARN formats is no request AWS would make.
    let formats: Vec<Pattern> = all_templates
        .iter()
        .map(|t| Pattern::parse(&format_pattern(t, "*"), Syntax { wildcards: true, variables: false }))
        .collect();
    let mut seen = HashSet::new();
    out.retain(|(r, _)| {
        (formats.is_empty() || formats.iter().any(|f| f.matches(r, &|_| None, true).matched)) && seen.insert(r.clone())
    });
    out.truncate(16);
    out
}

/// An ARN template of the catalogue with its placeholders filled.
fn instantiate(template: &str, filler: &str, account: &str, partition: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            rest = after;
            break;
        };
        let name = after.get(..end).unwrap_or_default();
        out.push_str(match name {
            "Partition" if partition != "*" => partition,
            "Partition" => "aws",
            "Region" => REGION,
            "Account" | "AccountId" => account,
            _ => filler,
        });
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// A concrete value a resource pattern matches: wildcards filled (the region and account parts
/// of an ARN with a real-looking region and account), each policy variable given `filler` in
/// the context.
fn fill(pattern: &str, filler: &str, account: &str, vars: &mut Vec<(String, String)>) -> String {
    if pattern.starts_with("arn:") {
        let parts: Vec<&str> = pattern.splitn(6, ':').collect();
        if parts.len() == 6 {
            let defaults = ["arn", "aws", filler, REGION, account, filler];
            return parts
                .iter()
                .zip(defaults)
                .map(|(p, d)| if *p == "*" { d.to_string() } else { fill_text(p, filler, vars) })
                .collect::<Vec<_>>()
                .join(":");
        }
    }
    fill_text(pattern, filler, vars)
}

fn fill_text(text: &str, filler: &str, vars: &mut Vec<(String, String)>) -> String {
    let mut out = String::with_capacity(text.len() + filler.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${") {
            if let Some(end) = after.find('}') {
                let inner = after.get(..end).unwrap_or_default();
                match inner {
                    "*" | "?" | "$" => out.push_str(inner),
                    _ => {
                        let name = inner.split(',').next().unwrap_or(inner).trim();
                        out.push_str(filler);
                        if !vars.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
                            vars.push((name.to_string(), filler.to_string()));
                        }
                    }
                }
                rest = after.get(end + 1..).unwrap_or_default();
                continue;
            }
        }
        match c {
            '*' => out.push_str(filler),
            '?' => out.push('x'),
            c => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

/// The pattern's parts where they are literal, the template's where they are not and fit.
fn merge(
    pattern: &str,
    template: &str,
    (account, partition): (&str, &str),
    vars: &mut Vec<(String, String)>,
) -> Option<String> {
    let parts: Vec<&str> = pattern.splitn(6, ':').collect();
    let inst = instantiate(template, FILLERS[0], account, partition);
    let tparts: Vec<&str> = inst.splitn(6, ':').collect();
    if parts.len() != 6 || tparts.len() != 6 {
        return None;
    }
    let mut out = Vec::with_capacity(6);
    for (p, t) in parts.iter().zip(&tparts) {
        if !pattern::has_wildcard(p) && !p.contains("${") {
            out.push((*p).to_string());
        } else if !p.contains("${") && pattern::matches_case_sensitive(p, t) {
            out.push((*t).to_string());
        } else {
            out.push(fill_text(p, FILLERS[0], vars));
        }
    }
    Some(out.join(":"))
}

/// Candidate contexts: values that satisfy the statement's conditions, then variants (each
/// clause's other values, a key left absent where that satisfies it, the other side's denies'
/// conditions met too, so that a removed `Deny` shows).
fn contexts(st: &Statement, related: &[&Entry<'_>], denies: &[&Entry<'_>]) -> Vec<Vec<(String, String)>> {
    let clauses: Vec<(&str, Vec<Vec<String>>)> = st
        .condition
        .iter()
        .flat_map(|c| &c.clauses)
        .map(|c| (c.key.value.as_str(), satisfy(&c.operator.value, &c.values)))
        .collect();
    let pick = |choice: &[usize]| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for ((key, alts), &i) in clauses.iter().zip(choice) {
            if let Some(values) = alts.get(i) {
                for v in values {
                    out.push(((*key).to_string(), v.clone()));
                }
            }
        }
        out
    };
    let base: Vec<usize> = vec![0; clauses.len()];
    let mut out = vec![pick(&base)];
    for (i, (_, alts)) in clauses.iter().enumerate() {
        for alt in 1..alts.len().min(4) {
            let mut choice = base.clone();
            if let Some(c) = choice.get_mut(i) {
                *c = alt;
            }
            out.push(pick(&choice));
        }
    }
    for deny in related.iter().filter(|t| t.grant.effect == Effect::Deny) {
        let mut extra = pick(&base);
        for c in deny.grant.statement.condition.iter().flat_map(|c| &c.clauses) {
            if extra.iter().any(|(k, _)| k.eq_ignore_ascii_case(&c.key.value)) {
                continue;
            }
            if let Some(values) = satisfy(&c.operator.value, &c.values).first() {
                for v in values {
                    extra.push((c.key.value.clone(), v.clone()));
                }
            }
        }
        out.push(extra);
    }
    // This side's denies dodged: each of their clauses made false where the key is free.
    let base_context = pick(&base);
    let mut dodged = base_context.clone();
    for c in denies.iter().flat_map(|d| d.grant.statement.condition.iter().flat_map(|c| &c.clauses)) {
        if base_context.iter().any(|(k, _)| k.eq_ignore_ascii_case(&c.key.value)) {
            continue;
        }
        if let Some(values) = violate(&c.operator.value, &c.values) {
            dodged.retain(|(k, _)| !k.eq_ignore_ascii_case(&c.key.value));
            for v in values {
                dodged.push((c.key.value.clone(), v));
            }
        }
    }
    out.insert(1.min(out.len()), dodged);
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert(c.clone()));
    out.truncate(12);
    out
}

/// Ways to satisfy one clause: each a list of values for its key (empty: the key absent).
fn satisfy(operator: &str, values: &[crate::input::Spanned<String>]) -> Vec<Vec<String>> {
    let Some(op) = Operator::parse(operator) else { return Vec::new() };
    let mut out: Vec<Vec<String>> = Vec::new();
    if op.family == Family::Null {
        let absent = values.first().is_some_and(|v| v.value.eq_ignore_ascii_case("true"));
        return vec![if absent { Vec::new() } else { vec![FILLERS[0].to_string()] }];
    }
    if op.negated {
        if op.set.is_none() {
            out.push(Vec::new());
        }
        out.push(vec![unlike(op.family)]);
        return out;
    }
    for v in values.iter().take(3) {
        if let Some(s) = satisfying_value(&op, &v.value) {
            out.push(vec![s]);
        }
    }
    if op.if_exists || op.set == Some(eval::condition::SetQualifier::ForAllValues) {
        out.push(Vec::new());
    }
    out
}

/// Values for a clause's key that make it false, if one is found.
fn violate(operator: &str, values: &[crate::input::Spanned<String>]) -> Option<Vec<String>> {
    let op = Operator::parse(operator)?;
    if op.family == Family::Null {
        let absent = values.first().is_some_and(|v| v.value.eq_ignore_ascii_case("true"));
        return Some(if absent { vec![FILLERS[0].to_string()] } else { Vec::new() });
    }
    if op.negated {
        // A listed value makes the negation false (for `ForAllValues`/`ForAnyValue` too).
        let v = values.first()?;
        let positive = Operator::parse(&operator.replacen("Not", "", 1))?;
        return satisfying_value(&positive, &v.value).map(|s| vec![s]);
    }
    if op.if_exists || op.set == Some(eval::condition::SetQualifier::ForAllValues) {
        return Some(vec![unlike(op.family)]);
    }
    Some(Vec::new())
}

/// A value unlikely to be listed, for negated operators.
fn unlike(family: Family) -> String {
    match family {
        Family::Numeric => "-987654321".into(),
        Family::Date => "1971-02-03T04:05:06Z".into(),
        Family::Bool => "false".into(),
        Family::Ip => "198.51.100.77".into(),
        Family::Arn => format!("arn:aws:iam::{ACCOUNT}:user/{}", FILLERS[0]),
        _ => FILLERS[0].into(),
    }
}

/// A request value for which `op` holds against the policy value `v`.
fn satisfying_value(op: &Operator, v: &str) -> Option<String> {
    if v.contains("${") {
        return None;
    }
    let base = op.base;
    let number = |delta: f64| -> Option<String> {
        let n: f64 = v.trim().parse().ok()?;
        let m = n + delta;
        Some(if m.fract() == 0.0 && m.abs() < 1e15 { format!("{m:.0}") } else { m.to_string() })
    };
    match op.family {
        Family::String | Family::Arn if base.contains("Like") || op.family == Family::Arn => {
            Some(fill_text(v, "x", &mut Vec::new()).replace("${*}", "*"))
        }
        Family::Numeric | Family::Date if base.ends_with("LessThan") => {
            number(-1.0).or_else(|| (op.family == Family::Date).then(|| "1970-01-01T00:00:00Z".into()))
        }
        Family::Numeric | Family::Date if base.ends_with("GreaterThan") => {
            number(1.0).or_else(|| (op.family == Family::Date).then(|| "2999-12-31T23:59:59Z".into()))
        }
        Family::Ip => Some(v.split('/').next().unwrap_or(v).to_string()),
        _ => Some(v.to_string()),
    }
}

/// Why a region could not be decided, from what its statement holds.
fn undecided_reason(entry: &Entry<'_>, out_of_budget: bool) -> String {
    if out_of_budget {
        return format!("the diff tried {TRIES_PER_DIFF} requests, its budget, before reaching this region");
    }
    let catalog = Catalog::get();
    let st = entry.grant.statement;
    let mut why = Vec::new();
    for c in st.condition.iter().flat_map(|c| &c.clauses) {
        if Operator::parse(&c.operator.value).is_none() {
            why.push(format!("`{}` is not a condition operator", c.operator.value));
        } else if catalog.condition_key(&c.key.value).is_none() {
            why.push(format!("the condition key `{}` is unknown to the catalogue", c.key.value));
        }
        if c.values.iter().any(|v| v.value.contains("${")) {
            why.push(format!("the condition on `{}` uses a policy variable", c.key.value));
        }
    }
    let vars = |l: Option<&List>| l.is_some_and(|l| l.iter().any(|i| i.value.contains("${")));
    if vars(st.resource.as_ref()) || vars(st.not_resource.as_deref()) {
        why.push("a resource uses a policy variable".into());
    }
    if why.is_empty() {
        why.push(
            "no statement of the other policy visibly covers it, and no request tried shows new access (the \
             difference may lie in resources, principals or conditions the comparison cannot prove equal)"
                .into(),
        );
    }
    why.dedup();
    why.join("; ")
}

// ---------------------------------------------------------------------------------------------
// Output.

impl Diff {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The verdict's words: new access, undecided, none.
    fn verdicts(&self) -> (&'static str, &'static str, &'static str) {
        if self.principals.is_some() {
            (
                "a user or role of the new file can do what it could not in the old one",
                "the comparison cannot tell whether a user or role of the new file gained access",
                "no user or role of the new file can do anything it could not in the old one",
            )
        } else {
            (
                "the new policy grants access the old one did not",
                "the comparison cannot tell whether the new policy grants new access",
                "the new policy grants nothing the old one did not",
            )
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for input in self.inputs.old.iter().chain(&self.inputs.new) {
            if let Some(e) = &input.error {
                let _ = writeln!(out, "{}:{}:{}: {}", input.name, e.line, e.column, e.message);
            }
        }
        let unusable = self.unusable().map(|why| format!("CANNOT COMPARE: {why}"));
        let (added, undecided, none) = self.verdicts();
        let verdict = if let Some(why) = &unusable {
            why.clone()
        } else if !self.added.is_empty() {
            format!("NEW ACCESS: {added}")
        } else if !self.undecided.is_empty() {
            format!("UNDECIDED: {undecided}")
        } else {
            format!("NO NEW ACCESS: {none}")
        };
        let _ = writeln!(out, "{verdict}");
        let section = |out: &mut String, title: &str, changes: &[Change]| {
            if changes.is_empty() {
                return;
            }
            let _ = writeln!(out, "\n{title}:");
            for c in changes {
                let _ = writeln!(out, "  {}:{}:{}: {}", c.input, c.location.line, c.location.column, c.message);
                let _ = writeln!(out, "    witness: posture simulate {}", c.witness.simulate_args());
                if c.action_count > 1 {
                    let more = c.action_count.saturating_sub(c.actions.len());
                    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
                    let _ = writeln!(out, "    actions: {}{tail}", c.actions.join(", "));
                }
            }
        };
        section(&mut out, "Access added", &self.added);
        section(&mut out, "Access removed", &self.removed);
        for (title, list) in
            [("Undecided (maybe added)", &self.undecided), ("Undecided (maybe removed)", &self.undecided_removed)]
        {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{title}:");
            for u in list {
                let _ = writeln!(out, "  {}:{}:{}: {}", u.input, u.location.line, u.location.column, u.message);
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "\nnote: {n}");
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::from("# Policy diff\n\n");
        let unusable = self.unusable().map(|why| format!("**Cannot compare**: {why}."));
        let (added, undecided, none) = self.verdicts();
        let verdict = if let Some(why) = &unusable {
            why.clone()
        } else if !self.added.is_empty() {
            format!("**New access**: {added}.")
        } else if !self.undecided.is_empty() {
            format!("**Undecided**: {undecided}.")
        } else {
            format!("**No new access**: {none}.")
        };
        let _ = writeln!(out, "{verdict}");
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        let table = |out: &mut String, title: &str, changes: &[Change]| {
            if changes.is_empty() {
                return;
            }
            let _ =
                writeln!(out, "\n## {title}\n\n| Statement | Location | Witness action | Witness resource | Actions |");
            let _ = writeln!(out, "|---|---|---|---|---|");
            for c in changes {
                let _ = writeln!(
                    out,
                    "| {}{} | {}:{} | `{}` | `{}` | {} |",
                    c.principal.as_ref().map(|p| format!("`{}`: ", cell(p))).unwrap_or_default(),
                    cell(&c.statement),
                    cell(&c.input),
                    c.location.line,
                    cell(&c.witness.action),
                    cell(&c.witness.resource),
                    c.action_count
                );
            }
        };
        table(&mut out, "Access added", &self.added);
        table(&mut out, "Access removed", &self.removed);
        for (title, list) in
            [("Undecided (maybe added)", &self.undecided), ("Undecided (maybe removed)", &self.undecided_removed)]
        {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n## {title}\n");
            for u in list {
                let _ = writeln!(out, "- {}:{}: {}", cell(&u.input), u.location.line, cell(&u.message));
            }
        }
        out
    }

    /// SARIF 2.1.0: one result per region of access added (error), removed (note) or undecided
    /// (warning), located at the granting statement.
    pub fn to_sarif(&self) -> String {
        use serde_json::json;
        let rules = [
            ("policy-diff-added", "The new policy grants access the old one did not"),
            ("policy-diff-removed", "The new policy no longer grants access the old one did"),
            ("policy-diff-undecided", "The comparison cannot decide whether the new policy grants new access"),
        ];
        let at = |input: &str, l: &Location| {
            json!({"physicalLocation": {"artifactLocation": {"uri": input},
                "region": {"startLine": l.line, "startColumn": l.column}},
                "logicalLocations": [{"fullyQualifiedName": l.pointer}]})
        };
        let mut results = Vec::new();
        for (rule, level, list) in [(0, "error", &self.added), (1, "note", &self.removed)] {
            for c in list {
                let mut properties = json!({"witness": c.witness, "actions": c.actions, "actionCount": c.action_count});
                if let (Some(p), Some(map)) = (&c.principal, properties.as_object_mut()) {
                    map.insert("principal".into(), json!(p));
                }
                results.push(json!({"ruleId": rules.get(rule).map_or("", |r| r.0), "ruleIndex": rule, "level": level,
                    "message": {"text": c.message}, "locations": [at(&c.input, &c.location)],
                    "properties": properties}));
            }
        }
        for u in &self.undecided {
            let mut result = json!({"ruleId": "policy-diff-undecided", "ruleIndex": 2, "level": "warning",
                "message": {"text": u.message}, "locations": [at(&u.input, &u.location)]});
            if let (Some(p), Some(r)) = (&u.principal, result.as_object_mut()) {
                r.insert("properties".into(), json!({"principal": p}));
            }
            results.push(result);
        }
        let rules: Vec<serde_json::Value> =
            rules.iter().map(|(id, text)| json!({"id": id, "shortDescription": {"text": text}})).collect();
        let sarif = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "posture", "version": env!("CARGO_PKG_VERSION"),
                "rules": rules}}, "results": results}]
        });
        serde_json::to_string_pretty(&sarif).unwrap_or_default() + "\n"
    }
}
