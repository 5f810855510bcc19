use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt::Write as _;

use crate::checks::iam::common::{condition_keys, listed};
use crate::checks::iam::principals;
use crate::checks::iam::privilege_escalation::{privileged, ReachCache};
use crate::checks::{declare_check, Runner, Sink};
use crate::iam::account::{label, Account, Boundary, Effective, Holding};
use crate::iam::catalog::{ActionId, Catalog};
use crate::iam::eval::{Grant, ResourceScope};
use crate::iam::pattern;
use crate::input::{Effect, Policy, PrincipalType, Statement};
use crate::model::{Principal, PrincipalKind, Site};

declare_check! {
    /// A user or role can become an administrator role through `sts:AssumeRole`.
    ///
    /// ## What it checks
    /// From `aws iam get-account-authorization-details`: a user or role that is not itself
    /// privileged can assume, directly or through a chain of roles, a role that is. A role is
    /// privileged when `admin-access` flags it on its effective permissions, or
    /// `privilege-escalation` finds a method that needs no existing target (a method that does,
    /// such as `sts:AssumeRole` on `*`, is what this check follows to its target).
    ///
    /// One step from a caller to a role needs both sides. The caller's effective permissions
    /// (its inline and attached policies, a user's groups') allow `sts:AssumeRole` on the
    /// role's ARN, and neither an unconditional `Deny` nor its permissions boundary takes that
    /// away. And the role's trust policy has an `Allow` statement for `sts:AssumeRole` whose
    /// `AWS` principal is the caller's ARN (for a role, also a session of it:
    /// `arn:aws:sts::111122223333:assumed-role/NAME/SESSION`), the root of the caller's account
    /// (`arn:aws:iam::111122223333:root` or `111122223333`: in the same account that admits any
    /// principal whose own policy allows the call), or `*`, and no unconditional `Deny`
    /// statement names the caller, its account or `*` (IAM User Guide, *How IAM roles differ
    /// from resource-based policies* and *IAM JSON policy elements: Principal*). A `Condition`
    /// on either side does not break the step: the message shows it on that step. Groups
    /// cannot assume roles, so chains start at users and roles; an account root that the
    /// snapshot does not hold (another account) starts no chain. Service-linked roles are left
    /// out.
    ///
    /// The finding names the shortest chain, counted in steps, and its `path` holds every hop:
    /// the statement that allows each `sts:AssumeRole`, the trust statement that admits it, each
    /// role's entry, and what makes the last role privileged (a chain of more than 32 steps,
    /// which only a file built for it has, shows its first 32 and how many more).
    ///
    /// Cost: trust statements are indexed by the principals they name (ARN, role session,
    /// account root, `*`), so a caller is compared only with the roles that admit it, each a
    /// match of its resource patterns against one ARN. A caller allowed on every role
    /// (`"Resource": "*"`, nothing denied) is not compared with the roles open to its whole
    /// account: the search hands those steps out once per account. One breadth-first search
    /// from every privileged role at once, on the reversed steps, finds every caller's shortest
    /// chain. A caller allowed only on literal ARNs finds the roles open to its account by
    /// those ARNs. The work is linear in the file plus the steps, except for callers whose
    /// `sts:AssumeRole` is on wildcard patterns narrower than `*` (`role/ci-*`): each is compared
    /// with every role open to its account (such callers × such roles matches, at worst).
    ///
    /// ## Why it matters
    /// A chain of roles is how a low-privilege credential becomes administrator without any
    /// policy that says "admin": the developer may assume the deploy role, and the deploy role
    /// may assume the break-glass role. Each step looks harmless in the console of the role it
    /// belongs to; only the chain shows that a leaked developer key is a full account takeover.
    ///
    /// ## How to fix
    /// Break the chain at its weakest step: name the principals a privileged role trusts
    /// instead of the account root, and require MFA for people:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Principal": {"AWS": "arn:aws:iam::111122223333:role/break-glass-operators"},
    ///   "Action": "sts:AssumeRole",
    ///   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    /// }
    /// ```
    /// and allow `sts:AssumeRole` only on the roles each caller needs
    /// (`"Resource": "arn:aws:iam::111122223333:role/deploy"`), not on `*`.
    pub static ROLE_CHAIN_TO_ADMIN = {
        id: "role-chain-to-admin",
        severity: High,
        area: Iam,
        controls: [],
        run: Runner::Principals(check),
    }
}

/// How many steps a message names before "and N more" (the `path` holds them all).
const NAMED_STEPS: usize = 8;
/// How many steps a `path` holds: a chain longer than this (only a file built for it has one)
/// ends its path with "N more steps" and the privileged role.
const SHOWN_STEPS: usize = 32;

/// Who a trust statement admits.
enum Admits<'a> {
    Arn(&'a str),
    Root(&'a str),
    /// A session of a role (`arn:aws:sts::111122223333:assumed-role/NAME/SESSION`): whoever
    /// assumes the role names the session, so it admits the role; (account, role name).
    Session(&'a str, &'a str),
    Anyone,
}

/// One trust statement that admits someone to a role.
struct Trust<'a> {
    role: usize,
    policy: &'a Policy,
    statement: &'a Statement,
}

/// One step: `from` may assume `to`.
pub(super) struct Step<'e, 'a> {
    pub from: usize,
    pub to: usize,
    pub holding: &'e Holding<'a>,
    pub grant: &'a Grant<'a>,
    pub trust: &'a Policy,
    pub statement: &'a Statement,
    /// Handed out by the search to a caller allowed on every role (the role graph draws it
    /// through the caller's account).
    pub lazy: bool,
}

/// The account of an ARN (`arn:aws:iam::111122223333:user/alice`).
fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// Whether a statement's actions include `sts:AssumeRole`.
fn allows_assume(st: &Statement) -> bool {
    match st.actions() {
        Some((list, false)) => list.iter().any(|a| pattern::matches(&a.value, "sts:AssumeRole")),
        Some((list, true)) => !list.iter().any(|a| pattern::matches(&a.value, "sts:AssumeRole")),
        None => false,
    }
}

/// Who an `AWS` principal entry names: an account id alone is its root.
fn admits(value: &str) -> Admits<'_> {
    if value == "*" {
        return Admits::Anyone;
    }
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Admits::Root(value);
    }
    let mut parts = value.splitn(6, ':');
    let (arn, service, account, resource) = (parts.next(), parts.nth(1), parts.nth(1), parts.next());
    match (arn, service, account, resource) {
        (Some("arn"), Some("iam"), Some(account), Some("root")) => return Admits::Root(account),
        (Some("arn"), Some("sts"), Some(account), Some(resource)) => {
            let mut session = resource.split('/');
            if let (Some("assumed-role"), Some(role), Some(_)) = (session.next(), session.next(), session.next()) {
                return Admits::Session(account, role);
            }
        }
        _ => {}
    }
    Admits::Arn(value)
}

/// Every `AWS` principal a statement names (`"Principal": "*"` is anyone).
fn named(st: &Statement) -> impl Iterator<Item = Admits<'_>> {
    let p = st.principal.as_deref();
    let anyone = p.filter(|p| p.wildcard).map(|_| Admits::Anyone);
    let entries = p.into_iter().flat_map(|p| &p.entries).filter(|(t, _)| *t == PrincipalType::Aws);
    anyone.into_iter().chain(entries.map(|(_, v)| admits(&v.value)))
}

/// Whether a grant's resources include the ARN.
fn covers(g: &Grant, arn: &str) -> bool {
    match g.resources {
        ResourceScope::All => true,
        ResourceScope::Listed(list) => list.iter().any(|r| pattern::matches_case_sensitive(&r.value, arn)),
        ResourceScope::AllBut(list) => !list.iter().any(|r| pattern::matches_case_sensitive(&r.value, arn)),
        ResourceScope::Own | ResourceScope::Nothing => false,
    }
}

/// The statement that lets the caller call `sts:AssumeRole` on the role (an unconditional one
/// first), after denies and the boundary.
fn allowing<'e, 'a>(e: &'e Effective<'a>, assume: ActionId, arn: &str) -> Option<(&'e Holding<'a>, &'a Grant<'a>)> {
    if e.is_denied(assume) {
        return None;
    }
    let boundary = match &e.boundary {
        Boundary::Known(b) => Some(b),
        _ => None,
    };
    let relevant = |g: &Grant| g.actions.contains(assume) && covers(g, arn);
    let denied = e
        .holdings
        .iter()
        .chain(boundary)
        .flat_map(|h| h.grants)
        .any(|g| g.effect == Effect::Deny && !g.is_conditional() && relevant(g));
    if denied {
        return None;
    }
    if let Some(b) = boundary {
        if !b.grants.iter().any(|g| g.effect == Effect::Allow && relevant(g)) {
            return None;
        }
    }
    let mut allows = e.allows().filter(|(_, g)| relevant(g));
    let first = allows.next()?;
    if !first.1.is_conditional() {
        return Some(first);
    }
    Some(allows.find(|(_, g)| !g.is_conditional()).unwrap_or(first))
}

/// Where a trust statement opens a role to a whole account's callers: the account root (its
/// id), or anyone (`None`).
type Open<'a> = (Option<&'a str>, &'a Policy, &'a Statement);

/// The roles' trust statements by whom they admit, and their unconditional denies.
#[derive(Default)]
struct TrustIndex<'a> {
    by_arn: HashMap<&'a str, Vec<Trust<'a>>>,
    by_root: HashMap<&'a str, Vec<Trust<'a>>>,
    by_session: HashMap<(&'a str, &'a str), Vec<Trust<'a>>>,
    anyone: Vec<Trust<'a>>,
    /// `by_root` and `anyone` for the roles whose trust has an unconditional `Deny`: the only
    /// ones a caller allowed on every role (see [`star_grant`]) is compared with one by one.
    by_root_guarded: HashMap<&'a str, Vec<Trust<'a>>>,
    anyone_guarded: Vec<Trust<'a>>,
    /// For the other roles, where their trust opens them to an account or anyone.
    open: HashMap<usize, Vec<Open<'a>>>,
    /// Every trust open to an account root (its id) or anyone (`None`), by the role's ARN.
    open_by_arn: HashMap<&'a str, Vec<(Option<&'a str>, Trust<'a>)>>,
    denies: HashMap<usize, Vec<&'a Statement>>,
}

impl<'a> TrustIndex<'a> {
    fn of(policies: &'a [Policy], nodes: &[&'a Principal]) -> Self {
        let mut index = TrustIndex::default();
        for (role, p) in nodes.iter().enumerate().filter(|(_, p)| p.kind == PrincipalKind::Role) {
            let Some(policy) = p.trust_document.and_then(|i| policies.get(i)) else { continue };
            let statements = || policy.statements.iter().filter(|st| allows_assume(st));
            for statement in statements().filter(|st| st.effect() == Some(Effect::Deny) && !st.has_condition()) {
                index.denies.entry(role).or_default().push(statement);
            }
            let guarded = index.denies.contains_key(&role);
            for statement in statements().filter(|st| st.effect() == Some(Effect::Allow)) {
                for who in named(statement) {
                    let trust = || Trust { role, policy, statement };
                    match who {
                        Admits::Arn(arn) => index.by_arn.entry(arn).or_default().push(trust()),
                        Admits::Session(acct, name) => index.by_session.entry((acct, name)).or_default().push(trust()),
                        Admits::Root(acct) => {
                            index.by_root.entry(acct).or_default().push(trust());
                            index.open_by_arn.entry(&p.arn.value).or_default().push((Some(acct), trust()));
                            if guarded {
                                index.by_root_guarded.entry(acct).or_default().push(trust());
                            } else {
                                index.open.entry(role).or_default().push((Some(acct), policy, statement));
                            }
                        }
                        Admits::Anyone => {
                            index.anyone.push(trust());
                            index.open_by_arn.entry(&p.arn.value).or_default().push((None, trust()));
                            if guarded {
                                index.anyone_guarded.push(trust());
                            } else {
                                index.open.entry(role).or_default().push((None, policy, statement));
                            }
                        }
                    }
                }
            }
        }
        index
    }

    /// The trust statements that may admit the caller: those naming its ARN, a session of it
    /// (a role), its account root, or anyone. For a caller allowed on every role (`star`), the
    /// roles open to its account come through [`Open`] instead, once for all such callers.
    /// A caller allowed only on literal ARNs (`named`) is looked up by them among the roles open
    /// to its account rather than compared with each.
    fn candidates<'s>(&'s self, caller: &'s Principal, star: bool, named: Option<&[&str]>) -> Vec<&'s Trust<'a>> {
        let acct = account_of(&caller.arn.value);
        let session = acct.filter(|_| caller.kind == PrincipalKind::Role).map(|a| (a, caller.name.as_str()));
        let mut found: Vec<&Trust> = self
            .by_arn
            .get(caller.arn.value.as_str())
            .into_iter()
            .flatten()
            .chain(session.and_then(|key| self.by_session.get(&key)).into_iter().flatten())
            .collect();
        match named {
            Some(arns) if !star => {
                for arn in arns {
                    let open = self.open_by_arn.get(*arn).into_iter().flatten();
                    found.extend(open.filter(|(a, _)| a.is_none() || *a == acct).map(|(_, t)| t));
                }
            }
            _ => {
                let (by_root, anyone) =
                    if star { (&self.by_root_guarded, &self.anyone_guarded) } else { (&self.by_root, &self.anyone) };
                found.extend(acct.and_then(|a| by_root.get(a)).into_iter().flatten().chain(anyone));
            }
        }
        found
    }

    /// Whether an unconditional `Deny` of the role's trust names the caller.
    fn refused(&self, role: usize, caller: &Principal) -> bool {
        let acct = account_of(&caller.arn.value);
        self.denies.get(&role).is_some_and(|sts| {
            sts.iter().flat_map(|st| named(st)).any(|who| match who {
                Admits::Arn(arn) => arn == caller.arn.value,
                Admits::Root(a) => Some(a) == acct,
                Admits::Session(a, name) => {
                    caller.kind == PrincipalKind::Role && Some(a) == acct && name == caller.name
                }
                Admits::Anyone => true,
            })
        })
    }
}

/// The statement that lets the caller call `sts:AssumeRole` on every role (`"Resource": "*"`),
/// when nothing takes any role away from it: no unconditional `Deny` of the action on any
/// resource, and a boundary, if known, that allows it on `*` too.
fn star_grant<'e, 'a>(e: &'e Effective<'a>, assume: ActionId) -> Option<(&'e Holding<'a>, &'a Grant<'a>)> {
    let on_all = |g: &Grant| g.actions.contains(assume) && matches!(g.resources, ResourceScope::All);
    if e.is_denied(assume) {
        return None;
    }
    let boundary = match &e.boundary {
        Boundary::Known(b) => Some(b),
        _ => None,
    };
    let denied = e
        .holdings
        .iter()
        .chain(boundary)
        .flat_map(|h| h.grants)
        .any(|g| g.effect == Effect::Deny && !g.is_conditional() && g.actions.contains(assume));
    if denied || boundary.is_some_and(|b| !b.grants.iter().any(|g| g.effect == Effect::Allow && on_all(g))) {
        return None;
    }
    let mut all = e.allows().filter(|(_, g)| on_all(g));
    let first = all.next()?;
    if !first.1.is_conditional() {
        return Some(first);
    }
    Some(all.find(|(_, g)| !g.is_conditional()).unwrap_or(first))
}

/// The resources a caller may call `sts:AssumeRole` on, when all are literal ARNs (no
/// wildcard, no policy variable); `None` otherwise.
fn literal_resources<'a>(e: &Effective<'a>, assume: ActionId) -> Option<Vec<&'a str>> {
    let mut arns = Vec::new();
    for (_, g) in e.allows().filter(|(_, g)| g.actions.contains(assume)) {
        match g.resources {
            ResourceScope::Listed(list) => {
                for r in list.iter() {
                    if r.value.contains(['*', '?', '$']) {
                        return None;
                    }
                    arns.push(r.value.as_str());
                }
            }
            ResourceScope::All | ResourceScope::AllBut(_) => return None,
            ResourceScope::Own | ResourceScope::Nothing => {}
        }
    }
    Some(arns)
}

/// What the search found: each user and role that may call `sts:AssumeRole` or is led to, the
/// steps between them, and each caller's shortest chain to a privileged role. The rule reports
/// the chains; [`super::role_graph`] draws the same steps as the page's role graph.
pub(super) struct Chains<'e, 'a> {
    /// The users and roles (groups cannot assume roles), in the account's order.
    pub nodes: Vec<&'a Principal>,
    /// What makes each privileged (worked out for every caller that may call `sts:AssumeRole`
    /// and every role a step leads to: the rest play no part).
    pub strong: Vec<Option<(String, Site)>>,
    /// Every step: first those compared one by one, then (`lazy`) the steps the search handed
    /// out to the callers allowed on every role, once per account.
    pub steps: Vec<Step<'e, 'a>>,
    /// The first step of each caller's shortest chain, and its length and last role.
    pub next: Vec<Option<usize>>,
    pub ends: Vec<(usize, usize)>,
    /// Callers allowed on every role (`"Resource": "*"`), by account.
    pub stars: BTreeMap<&'a str, Vec<(usize, &'e Holding<'a>, &'a Grant<'a>)>>,
    /// Where the roles open to an account root or to anyone are: (role, account or `None`
    /// for anyone, trust policy, statement), in role order, guarded ones left out.
    pub open: Vec<(usize, Option<&'a str>, &'a Policy, &'a Statement)>,
}

fn check(account: &Account, sink: &mut Sink) {
    let Some(assume) = Catalog::get().find_action("sts:AssumeRole") else { return };
    let nodes: Vec<&Principal> = account.principals().filter(|p| p.kind != PrincipalKind::Group).collect();
    let effective: Vec<Effective> = nodes.iter().map(|p| account.effective(p)).collect();
    let chains = search(account.policies, nodes, &effective, assume);
    report_all(sink, &chains.nodes, &effective, &chains.strong, &chains.steps, &chains.next, &chains.ends);
    sink.role_graph = Some(super::role_graph::of(&chains));
}

/// Every step from a user or role to a role it may assume (privileged callers included: the
/// role graph shows them, and a privileged caller ends every chain it is on), then one
/// breadth-first search from every privileged role.
pub(super) fn search<'e, 'a>(
    policies: &'a [Policy],
    nodes: Vec<&'a Principal>,
    effective: &'e [Effective<'a>],
    assume: ActionId,
) -> Chains<'e, 'a> {
    let mut cache = ReachCache::default();
    let mut strong: Vec<Option<(String, Site)>> = vec![None; nodes.len()];

    let index = TrustIndex::of(policies, &nodes);

    // Every step out of a caller.
    let mut steps: Vec<Step> = Vec::new();
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut seen: Vec<usize> = vec![usize::MAX; nodes.len()];
    // Callers allowed on every role, by account: they reach every role open to their account,
    // which the search hands out once per account rather than step by step.
    let mut stars: BTreeMap<&str, Vec<(usize, &Holding, &Grant)>> = BTreeMap::new();
    for (from, (caller, e)) in nodes.iter().zip(effective).enumerate() {
        if e.allows().all(|(_, g)| !g.actions.contains(assume)) {
            continue;
        }
        if let Some(slot) = strong.get_mut(from) {
            *slot = privileged(e, &mut cache);
        }
        // (A caller whose ARN names no account is compared with each open role instead.)
        let star = star_grant(e, assume).filter(|_| account_of(&caller.arn.value).is_some());
        if let (Some((holding, grant)), Some(acct)) = (star, account_of(&caller.arn.value)) {
            stars.entry(acct).or_default().push((from, holding, grant));
        }
        let named = literal_resources(e, assume);
        let candidates = index.candidates(caller, star.is_some(), named.as_deref());
        for t in candidates {
            let Some(role) = nodes.get(t.role) else { continue };
            if t.role == from || seen.get(t.role) == Some(&from) || index.refused(t.role, caller) {
                continue;
            }
            let Some((holding, grant)) = allowing(e, assume, &role.arn.value) else { continue };
            if let Some(s) = seen.get_mut(t.role) {
                *s = from;
            }
            if let Some(list) = into.get_mut(t.role) {
                list.push(steps.len());
            }
            steps.push(Step { from, to: t.role, holding, grant, trust: t.policy, statement: t.statement, lazy: false });
        }
    }

    // One breadth-first search from every privileged role, over the reversed steps: `next[c]`
    // is the first step of a shortest chain from `c`, `ends[c]` its length and last role.
    let mut next: Vec<Option<usize>> = vec![None; nodes.len()];
    let mut ends: Vec<(usize, usize)> = (0..nodes.len()).map(|i| (0, i)).collect();
    for (role, e) in effective.iter().enumerate() {
        let led_to = into.get(role).is_some_and(|list| !list.is_empty())
            || (!stars.is_empty() && index.open.contains_key(&role));
        if led_to && strong.get(role).is_some_and(Option::is_none) {
            if let Some(slot) = strong.get_mut(role) {
                *slot = privileged(e, &mut cache);
            }
        }
    }
    let mut reached: Vec<bool> = strong.iter().map(Option::is_some).collect();
    let mut queue: VecDeque<usize> = (0..nodes.len())
        .filter(|&i| nodes.get(i).is_some_and(|p| p.kind == PrincipalKind::Role) && reached.get(i) == Some(&true))
        .collect();
    let mut opened: BTreeSet<&str> = BTreeSet::new();
    while let Some(v) = queue.pop_front() {
        // The first role reached that is open to an account is its callers' nearest: each
        // account's callers allowed on every role get their step once.
        for &(acct, trust, statement) in index.open.get(&v).into_iter().flatten() {
            let accounts: Vec<&str> = match acct {
                Some(a) => vec![a],
                None => stars.keys().copied().collect(),
            };
            for a in accounts {
                if !opened.insert(a) {
                    continue;
                }
                for &(from, holding, grant) in stars.get(a).into_iter().flatten() {
                    if let Some(list) = into.get_mut(v) {
                        list.push(steps.len());
                    }
                    steps.push(Step { from, to: v, holding, grant, trust, statement, lazy: true });
                }
            }
        }
        for &s in into.get(v).into_iter().flatten() {
            let Some(step) = steps.get(s) else { continue };
            if reached.get(step.from) == Some(&false) {
                if let Some(r) = reached.get_mut(step.from) {
                    *r = true;
                }
                if let Some(n) = next.get_mut(step.from) {
                    *n = Some(s);
                }
                let (length, last) = ends.get(v).copied().unwrap_or((0, v));
                if let Some(end) = ends.get_mut(step.from) {
                    *end = (length + 1, last);
                }
                queue.push_back(step.from);
            }
        }
    }
    // In role order, each role's statements in their order.
    let open = (0..nodes.len())
        .filter_map(|role| index.open.get(&role).map(|list| (role, list)))
        .flat_map(|(role, list)| list.iter().map(move |&(acct, policy, statement)| (role, acct, policy, statement)))
        .collect();
    Chains { nodes, strong, steps, next, ends, stars, open }
}

/// Reports every caller the search reached, with the first steps of its chain.
fn report_all(
    sink: &mut Sink,
    nodes: &[&Principal],
    effective: &[Effective],
    strong: &[Option<(String, Site)>],
    steps: &[Step],
    next: &[Option<usize>],
    ends: &[(usize, usize)],
) {
    for (start, first) in next.iter().enumerate() {
        let (Some(first), Some(e), Some(&(length, last))) = (first, effective.get(start), ends.get(start)) else {
            continue;
        };
        let mut chain: Vec<&Step> = Vec::new();
        let mut at = Some(*first);
        // Each step leads one closer to a privileged role; only the first `SHOWN_STEPS` are
        // walked, so the output is bounded by principals × `SHOWN_STEPS` however long chains are.
        while let Some(step) = at.and_then(|s| steps.get(s)).filter(|_| chain.len() < SHOWN_STEPS) {
            chain.push(step);
            at = next.get(step.to).copied().flatten();
        }
        report(sink, nodes, strong, e, &chain, (length, last));
    }
}

/// The conditions on the caller's side of a step: "on `aws:SourceIp` in `P` (inline)
/// statement `S`", or `None`.
pub(super) fn caller_conditions(grant: &Grant) -> Option<String> {
    grant
        .is_conditional()
        .then(|| format!("on {} in {}", listed(&condition_keys(grant.statement)), grant.statement.label()))
}

/// The conditions of a trust statement: "on `sts:ExternalId`", or `None`.
pub(super) fn trust_conditions(statement: &Statement) -> Option<String> {
    statement.has_condition().then(|| format!("on {}", listed(&condition_keys(statement))))
}

/// "(under conditions on `aws:SourceIp` in the allowing statement and on `sts:ExternalId` in
/// the trust)", or nothing.
fn conditions(step: &Step) -> String {
    let mut parts = Vec::new();
    if let Some(caller) = caller_conditions(step.grant) {
        parts.push(caller);
    }
    if let Some(trust) = trust_conditions(step.statement) {
        parts.push(format!("{trust} in the trust policy"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" (only under conditions {})", parts.join(" and "))
    }
}

/// Reports a chain: its first steps (`chain`), its length and the privileged role it ends at.
fn report(
    sink: &mut Sink,
    nodes: &[&Principal],
    strong: &[Option<(String, Site)>],
    e: &Effective,
    chain: &[&Step],
    (count, last): (usize, usize),
) {
    let Some(first) = chain.first() else { return };
    let (Some(target), Some(Some((what, what_site)))) = (nodes.get(last), strong.get(last)) else { return };
    let noun = if count == 1 { "step" } else { "steps" };
    let mut message =
        format!("{} can become {} ({what}) by `sts:AssumeRole` in {count} {noun}: ", e.label(), label(target));
    let mut path = vec![(e.label(), e.principal.arn.site)];
    for (i, step) in chain.iter().enumerate() {
        let (Some(caller), Some(role)) = (nodes.get(step.from), nodes.get(step.to)) else { return };
        if i < NAMED_STEPS {
            let sep = if i == 0 { "" } else { ", then " };
            let _ = write!(message, "{sep}{} assumes {}{}", label(caller), label(role), conditions(step));
        }
        path.push((
            format!("`sts:AssumeRole` from {}", principals::provenance(step.holding, step.grant)),
            principals::action_site(step.holding, step.grant),
        ));
        path.push((
            format!("trust of {} {}", label(role), step.statement.label()),
            Site { doc: step.trust.doc, span: step.statement.span },
        ));
        path.push((label(role), role.arn.site));
    }
    if count > NAMED_STEPS {
        let _ = write!(message, ", and {} more", count - NAMED_STEPS);
    }
    if count > chain.len() {
        path.push((format!("{} more steps", count - chain.len()), target.arn.site));
    }
    path.push((format!("{}: {what}", label(target)), *what_site));
    let site = principals::action_site(first.holding, first.grant);
    principals::report(sink, &ROLE_CHAIN_TO_ADMIN, e, site, message, path, false);
}
