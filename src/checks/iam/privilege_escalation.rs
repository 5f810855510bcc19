use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::OnceLock;

use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::account::{Account, Boundary, Effective, Holding};
use crate::iam::catalog::{ActionId, ActionSet, Catalog};
use crate::iam::eval::condition::Family;
use crate::iam::eval::{Grant, Operator, Pattern, ResourceScope, Syntax};
use crate::iam::methods::{Category, Method, METHODS};
use crate::iam::pattern;
use crate::input::PolicyKind;

use super::common::{condition_keys, listed, only_non_narrowing_conditions};
use super::principals;

declare_check! {
    /// Policy allows a known privilege-escalation method.
    ///
    /// ## What it checks
    /// Whether an identity policy allows every action of one of 101 published
    /// privilege-escalation methods: the 88 paths of pathfinding.cloud (self-escalation such as
    /// `iam:CreatePolicyVersion` or `iam:PutUserPolicy`; access to other principals such as
    /// `iam:CreateAccessKey` or `iam:UpdateAssumeRolePolicy`; passing a role to new compute
    /// such as `iam:PassRole` + `ec2:RunInstances` or `iam:PassRole` + `lambda:CreateFunction`
    /// + `lambda:InvokeFunction`; taking over existing compute such as
    /// `lambda:UpdateFunctionCode`) and 13 more from Rhino Security Labs, PMapper and prowler.
    ///
    /// The actions may come from different statements, and wildcards count (`iam:*` and
    /// `iam:Put*` enable many methods). An action counts when it is allowed on resources that
    /// can reach a target: `iam:PassRole` on a role pattern with a wildcard in the role name or
    /// path (a `*` only for the account still names one role per account) and an
    /// `iam:PassedToService` condition, if any, that lets the method's service receive the
    /// role; actions on existing users, roles, policies, functions or stacks on a pattern
    /// with a wildcard or a policy variable such as `${aws:username}` in the resource name
    /// (to reach *another* user or role, a wildcard: a variable names the caller's own; the
    /// AWS managed policies, account `aws`, are no target: nobody can change them);
    /// `ssm:SendCommand` on instances and on a document that runs any command
    /// (`AWS-RunShellScript`, `AWS-RunPowerShellScript`), `ssm:StartSession` on instances; the other actions of
    /// the new-compute methods on any resource. An unconditional `Deny` of an action removes
    /// it. Policies that also allow `*` on `*` (unconditionally, or under a condition that
    /// narrows nothing) are left to `admin-access`.
    ///
    /// One finding per statement: the statement that grants the method's main action, naming
    /// each method and its actions (and the statement that supplies `iam:PassRole` when it is
    /// another one). The finding is one severity lower when a method is possible only under a
    /// statement's `Condition`, or only against targets that must already exist (an existing
    /// function, stack, instance or a role that trusts the principal), because neither can be
    /// decided from the policy alone.
    ///
    /// With `aws iam get-account-authorization-details`, each user, group and role is also
    /// judged on its combined effective permissions: one policy may hold `iam:PassRole` and
    /// another `ec2:RunInstances`, or a user's group the one and the user the other. A
    /// permissions boundary must allow each action of the method too, and an unconditional
    /// `Deny` in any of the policies or in the boundary removes the action. One finding per
    /// principal that is not already flagged by `admin-access`, naming each method and where
    /// each of its actions came from (policy, how it is held, statement). The documents of
    /// attached policies that the file lacks are noted on the input, never taken as empty.
    ///
    /// ## Why it matters
    /// Each method turns limited access into more: a principal that may attach policies to
    /// itself, create a policy version, or start a service with a more privileged role can end
    /// up with administrator access, and every control scoped to its original permissions is
    /// bypassed. These methods are used in real intrusions and in every cloud penetration
    /// test; cloudsplaining, parliament and prowler each detect a subset (see
    /// `docs/privilege-escalation.md` for the full list with how each attack works).
    ///
    /// ## How to fix
    /// Remove the action the workload does not need, or scope it so that it cannot reach a
    /// more privileged target — for example, pass only one named role, and only to the service
    /// that needs it:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Action": "iam:PassRole",
    ///   "Resource": "arn:aws:iam::123456789012:role/app-lambda-role",
    ///   "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}
    /// }
    /// ```
    /// Keep IAM write actions for a few administrator roles, and require a permissions
    /// boundary on roles that developers may create.
    pub static PRIVILEGE_ESCALATION = {
        id: "privilege-escalation",
        severity: Critical,
        area: Iam,
        controls: [],
        run: Runner::PolicyAndPrincipals { policy: check, principals: check_principals },
    }
}

/// How many methods a message names with their actions, and how many more by id only.
const NAMED: usize = 4;
const MORE: usize = 20;

/// One method the grants allow: which grant gives each action, and whether any of them only
/// under a condition.
pub(super) struct Hit<'g, 'p> {
    pub method: &'static Method,
    pub grants: Vec<(&'static str, &'g Grant<'p>)>,
    pub conditional: bool,
}

/// The grants methods are looked for in: one policy's, or a principal's effective ones (its
/// policies' allows, and the denies of all of them and of its boundary).
pub(super) struct Grants<'g, 'p> {
    pub allows: Vec<&'g Grant<'p>>,
    pub denied: &'g ActionSet,
}

/// Whether a grant is administrator access as `admin-access` reports it.
pub(super) fn is_admin_grant(g: &Grant) -> bool {
    let reported = !g.is_conditional() || only_non_narrowing_conditions(g.statement);
    g.effect == crate::input::Effect::Allow
        && g.actions.is_all()
        && matches!(g.resources, ResourceScope::All)
        && reported
}

/// Every method whose actions the grants allow, each on resources that can reach a target
/// (`reach`: each allow's, in order).
pub(super) fn hits<'g, 'p>(grants: &Grants<'g, 'p>, reach: &[Reach]) -> Vec<Hit<'g, 'p>> {
    let mut allowed = ActionSet::new();
    for g in &grants.allows {
        allowed.union_with(&g.actions);
    }
    let mut hits = Vec::new();
    'methods: for (method, ids) in METHODS.iter().zip(method_actions()) {
        if ids.len() != method.actions.len() || !ids.iter().all(|&id| allowed.contains(id)) {
            continue;
        }
        let mut hit = Hit { method, grants: Vec::with_capacity(ids.len()), conditional: false };
        for (&action, &id) in method.actions.iter().zip(ids) {
            let Some((grant, conditional)) = allowing(grants, reach, id, action, method) else { continue 'methods };
            hit.grants.push((action, grant));
            hit.conditional |= conditional;
        }
        hits.push(hit);
    }
    hits
}

/// Whether `grants` (a boundary's) allow every action of the method as [`hits`] requires, and
/// whether only under a condition; `None` when they do not.
pub(super) fn allows_method(grants: &Grants, reach: &[Reach], method: &'static Method) -> Option<bool> {
    let ids = METHODS.iter().position(|m| std::ptr::eq(m, method)).and_then(|i| method_actions().get(i))?;
    let mut conditional = false;
    for (&action, &id) in method.actions.iter().zip(ids) {
        conditional |= allowing(grants, reach, id, action, method)?.1;
    }
    Some(conditional)
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind != PolicyKind::Identity {
        return;
    }
    if policy.permissions.allows().any(is_admin_grant) {
        return;
    }
    let grants = Grants { allows: policy.permissions.allows().collect(), denied: policy.permissions.denied() };
    let reach: Vec<Reach> = grants.allows.iter().map(|g| Reach::of(g)).collect();
    let hits = hits(&grants, &reach);
    // Group by the statement that gives each method's main action.
    let mut groups: BTreeMap<usize, Vec<Hit>> = BTreeMap::new();
    for hit in hits {
        let main = hit.grants.iter().find(|(a, _)| *a != "iam:PassRole").or(hit.grants.first());
        if let Some((_, grant)) = main {
            groups.entry(grant.statement.index).or_default().push(hit);
        }
    }
    for group in groups.values() {
        report(policy, sink, group);
    }
}

fn report(policy: &Reviewed, sink: &mut Sink, group: &[Hit]) {
    let Some(first) = group.first() else { return };
    let Some((_, main)) = first.grants.iter().find(|(a, _)| *a != "iam:PassRole").or(first.grants.first()) else {
        return;
    };
    let st = main.statement;
    // Definite methods first: they are what the severity stands for.
    let mut ordered: Vec<&Hit> = group.iter().collect();
    ordered.sort_by_key(|h| (h.conditional, h.method.needs_target));
    let names: Vec<String> = ordered
        .iter()
        .map(|h| {
            let actions: Vec<String> = h.method.actions.iter().map(|a| format!("`{a}`")).collect();
            let mut elsewhere: Vec<String> = h
                .grants
                .iter()
                .filter(|(_, g)| g.statement.index != st.index)
                .map(|(a, g)| format!("`{a}` from {}", g.statement.label()))
                .collect();
            elsewhere.dedup();
            let via = if elsewhere.is_empty() { String::new() } else { format!(", {}", elsewhere.join(", ")) };
            format!("`{}` ({}{via})", h.method.id, actions.join(" + "))
        })
        .collect();
    let count = group.len();
    let shown: Vec<String> = names.iter().take(NAMED).cloned().collect();
    let rest = count.saturating_sub(NAMED);
    let list = if rest > 0 {
        let others: Vec<String> = ordered.iter().skip(NAMED).take(MORE).map(|h| format!("`{}`", h.method.id)).collect();
        let etc = if rest > MORE { ", …" } else { "" };
        format!("{}; and {rest} more ({}{etc})", shown.join("; "), others.join(", "))
    } else {
        shown.join("; ")
    };
    let noun = if count == 1 { "method" } else { "methods" };
    let mut message = format!("{} allows privilege escalation by {count} {noun}: {list}", st.label());
    let definite = group.iter().any(|h| !h.conditional && !h.method.needs_target);
    let span = main.statement.action.as_ref().or(st.not_action.as_deref()).map_or(st.span, |l| l.span);
    if definite {
        sink.on_policy(&PRIVILEGE_ESCALATION, policy, span, message);
        return;
    }
    let conditional: Vec<&Hit> = group.iter().filter(|h| h.conditional).collect();
    if conditional.is_empty() {
        message.push_str(" (each needs an existing target: a function, stack, instance or role to take over)");
    } else {
        let mut keys: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut statements = std::collections::HashSet::new();
        for (_, g) in conditional.iter().flat_map(|h| &h.grants).filter(|(_, g)| g.is_conditional()) {
            if statements.insert(g.statement.index) {
                keys.extend(condition_keys(g.statement).into_iter().filter(|k| seen.insert(k.to_ascii_lowercase())));
            }
        }
        let _ = write!(message, " (only under conditions on {})", listed(&keys));
    }
    sink.on_policy_conditional(&PRIVILEGE_ESCALATION, policy, span, message);
}

/// Each method's actions as catalogue ids, resolved once (a method with an action missing
/// from the catalogue has fewer ids than actions and never fires).
fn method_actions() -> &'static [Vec<ActionId>] {
    static IDS: OnceLock<Vec<Vec<ActionId>>> = OnceLock::new();
    IDS.get_or_init(|| {
        let catalog = Catalog::get();
        METHODS.iter().map(|m| m.actions.iter().filter_map(|a| catalog.find_action(a)).collect()).collect()
    })
}

/// What an `Allow` statement's resources can reach, worked out once per policy (one flag per
/// kind of target the methods need, so they are plain booleans).
#[allow(clippy::struct_excessive_bools)]
#[derive(Clone, Copy)]
pub(super) struct Reach {
    /// More than one existing resource: `*`, `NotResource`, or a pattern with a wildcard or
    /// a policy variable in its resource part.
    existing: bool,
    /// Resources of *other* principals: a wildcard, not only a variable such as
    /// `${aws:username}`, which names the caller's own.
    others: bool,
    /// More than one named role (for `iam:PassRole`).
    roles: bool,
    /// More than one EC2 instance or managed node (the targets of `ssm:SendCommand` and
    /// `ssm:StartSession`).
    instances: bool,
    /// An SSM document that runs the caller's commands (`AWS-RunShellScript`,
    /// `AWS-RunPowerShellScript`, or any document).
    shell: bool,
    /// Any resource at all.
    any: bool,
}

const ROLE: &str = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
/// (service, resource) of EC2 instances and SSM managed nodes.
const INSTANCES: [(&str, &str); 2] = [("ec2", "instance/"), ("ssm", "managed-instance/")];
/// (service, resource) of the SSM documents that run whatever command the caller gives.
const SHELL_DOCUMENTS: [(&str, &str); 2] =
    [("ssm", "document/AWS-RunShellScript"), ("ssm", "document/AWS-RunPowerShellScript")];

/// Whether a resource pattern may name a resource of one of `kinds`: its service matches and
/// the fixed start of its resource part agrees with the kind's (`*`, `instance/*`,
/// `document/AWS-Run*`). ARN formats are compared as text here, not as templates, because a
/// template's placeholders would stand for colons too.
fn names_kind(resource: &str, kinds: &[(&str, &str)]) -> bool {
    if resource.bytes().all(|b| b == b'*') {
        return true;
    }
    let Some(arn) = crate::iam::eval::arn::Arn::parse(resource) else { return false };
    let fixed = arn.resource.split(['*', '?', '$']).next().unwrap_or("");
    kinds.iter().any(|(service, start)| {
        pattern::matches(arn.service, service) && (fixed.starts_with(start) || start.starts_with(fixed))
    })
}

impl Reach {
    fn of(g: &Grant) -> Reach {
        let syntax = Syntax { wildcards: true, variables: true };
        match g.resources {
            ResourceScope::All | ResourceScope::AllBut(_) => {
                Reach { existing: true, others: true, roles: true, instances: true, shell: true, any: true }
            }
            ResourceScope::Listed(list) => {
                let passes_roles = Catalog::get().find_action("iam:PassRole").is_some_and(|id| g.actions.contains(id));
                let mut reach =
                    Reach { existing: false, others: false, roles: false, instances: false, shell: false, any: true };
                // One pattern at a time: a statement may list hundreds of thousands.
                for r in list.iter() {
                    reach.shell |= names_kind(&r.value, &SHELL_DOCUMENTS);
                    // The account `aws` owns the AWS managed policies, which no customer can
                    // change (IAM User Guide, *AWS managed policies*: "You cannot change the
                    // permissions defined in AWS managed policies"): no target there.
                    if crate::iam::eval::arn::Arn::parse(&r.value).is_some_and(|a| a.account == "aws") {
                        continue;
                    }
                    let p = Pattern::parse(&r.value, syntax);
                    if !p.is_open_in_account() {
                        continue;
                    }
                    reach.existing = true;
                    reach.others |= p.has_wildcard_in_resource();
                    // A comparison over its budget (the role format is short, so only in
                    // theory) counts as reaching roles: escalation is reported, not missed.
                    reach.roles |= passes_roles && !reach.roles && p.overlaps_template(ROLE) != Ok(false);
                    reach.instances |= names_kind(&r.value, &INSTANCES);
                }
                reach
            }
            ResourceScope::Own | ResourceScope::Nothing => {
                Reach { existing: false, others: false, roles: false, instances: false, shell: false, any: false }
            }
        }
    }
}

/// The statement that allows `action` for `method` on resources that can reach a target, and
/// whether it does so only under a condition; `None` when no statement does.
fn allowing<'g, 'p>(
    grants: &Grants<'g, 'p>,
    reach: &[Reach],
    id: ActionId,
    action: &str,
    method: &Method,
) -> Option<(&'g Grant<'p>, bool)> {
    if grants.denied.contains(id) {
        return None;
    }
    let pass_role = action == "iam:PassRole";
    let mut conditional = None;
    let all = reach;
    for (&g, reach) in grants.allows.iter().zip(reach).filter(|(g, _)| g.actions.contains(id)) {
        let fits = if pass_role {
            reach.roles && passes_to(g, method.passed_to)
        } else if method.category == Category::NewPassRole {
            reach.any
        } else if action == "ssm:SendCommand" {
            // The command runs on the instances with a document: both must be reachable.
            reach.instances && grants.allows.iter().zip(all).any(|(d, r)| d.actions.contains(id) && r.shell)
        } else if action == "ssm:StartSession" {
            reach.instances
        } else if method.category == Category::PrincipalAccess {
            reach.others
        } else {
            reach.existing
        };
        if !fits {
            continue;
        }
        let settled = if pass_role { only_pass_role_conditions(g) } else { !g.is_conditional() };
        if settled {
            return Some((g, false));
        }
        conditional.get_or_insert((g, true));
    }
    conditional
}

fn is_passed_to_service(key: &str) -> bool {
    key.eq_ignore_ascii_case("iam:PassedToService")
}

/// Whether the statement's `iam:PassedToService` conditions, if any, let one of `services`
/// receive the role.
fn passes_to(g: &Grant, services: &[&str]) -> bool {
    let clauses = g.statement.condition.iter().flat_map(|c| &c.clauses).filter(|c| is_passed_to_service(&c.key.value));
    for clause in clauses {
        let Some(op) = Operator::parse(&clause.operator.value) else { continue };
        if op.family != Family::String {
            continue;
        }
        let like = op.base.contains("Like");
        let names = |service: &str| {
            clause.values.iter().any(|v| {
                if like {
                    pattern::matches(&v.value, service)
                } else {
                    v.value.eq_ignore_ascii_case(service)
                }
            })
        };
        let allowed = |service: &&str| if op.negated { !names(service) } else { names(service) };
        if !services.iter().any(allowed) {
            return false;
        }
    }
    true
}

/// Whether the only conditions on a `iam:PassRole` statement are `iam:PassedToService`
/// (already weighed by [`passes_to`]).
fn only_pass_role_conditions(g: &Grant) -> bool {
    g.statement.condition.iter().flat_map(|c| &c.clauses).all(|c| is_passed_to_service(&c.key.value))
}

fn check_principals(account: &Account, sink: &mut Sink) {
    // Each missing document once, with how many principals attach it.
    let mut missing: BTreeMap<&str, (crate::model::Site, usize)> = BTreeMap::new();
    // What each grant reaches, worked out once however many principals hold its policy (the
    // grants live in the account as long as this runs, so their addresses are stable keys).
    let mut reaches: HashMap<usize, Reach> = HashMap::new();
    let mut reach_of = |grants: &[&Grant]| -> Vec<Reach> {
        grants.iter().map(|g| *reaches.entry(std::ptr::from_ref(*g).addr()).or_insert_with(|| Reach::of(g))).collect()
    };
    for principal in account.principals() {
        let e = account.effective(principal);
        // `AdministratorAccess` is known by its ARN.
        for m in e.missing.iter().filter(|m| !crate::iam::account::is_administrator_access(&m.value)) {
            missing.entry(m.value.as_str()).or_insert((m.site, 0)).1 += 1;
        }
        for group in &e.missing_groups {
            let message = format!(
                "group `{group}` of {} is not in the input: what its policies grant is unknown, and the principal \
                 checks judge the user without them",
                e.label()
            );
            sink.note_at(&PRIVILEGE_ESCALATION, principal.arn.site, message);
        }
        if super::admin_access::principal_admin(&e).is_some() {
            continue;
        }
        let pairs: Vec<(&Holding, &Grant)> = e.allows().collect();
        let mut found = principal_hits(&e, &mut reach_of);
        if !found.is_empty() {
            report_principal(sink, &e, &pairs, &mut found);
        }
    }
    for (arn, (site, holders)) in missing {
        let who = if holders == 1 { "1 principal".to_string() } else { format!("{holders} principals") };
        let message = format!(
            "the document of `{arn}`, attached to {who}, is not in the input: what it grants is unknown, and the \
             principal checks judge its holders without it"
        );
        sink.note_at(&PRIVILEGE_ESCALATION, site, message);
    }
}

/// The methods a principal's effective permissions allow (its policies' allows less the
/// denies, each method also within its boundary when the boundary's document is known), as
/// this rule reports them on principals; `reach_of` works out what grants reach.
fn principal_hits<'g, 'p>(
    e: &'g Effective<'p>,
    reach_of: &mut impl FnMut(&[&Grant]) -> Vec<Reach>,
) -> Vec<Hit<'g, 'p>> {
    let grants = Grants { allows: e.allows().map(|(_, g)| g).collect(), denied: e.denied() };
    let mut found = hits(&grants, &reach_of(&grants.allows));
    if let Boundary::Known(b) = &e.boundary {
        let allows = b.grants.iter().filter(|g| g.effect == crate::input::Effect::Allow).collect();
        let bounded = Grants { allows, denied: e.denied() };
        let reach = reach_of(&bounded.allows);
        found.retain_mut(|hit| match allows_method(&bounded, &reach, hit.method) {
            Some(conditional) => {
                hit.conditional |= conditional;
                true
            }
            None => false,
        });
    }
    found
}

/// A principal's escalation: its methods, whether each is uncertain, the first one's path.
pub(crate) type Escalation = (Vec<&'static str>, bool, Vec<(String, crate::model::Site)>);

/// How a principal that is not administrator can escalate, as this rule reports it: the
/// method ids (unconditional ones that need no target first), whether every one is only
/// conditional or needs a target, and the path of the first (the principal, then the grants
/// it uses). `None` when the principal has no method (or is administrator already).
pub(crate) fn principal_escalation(e: &Effective) -> Option<Escalation> {
    if super::admin_access::principal_admin(e).is_some() {
        return None;
    }
    let mut found = principal_hits(e, &mut |grants: &[&Grant]| grants.iter().map(|g| Reach::of(g)).collect());
    found.sort_by_key(|h| (h.conditional, h.method.needs_target));
    let first = found.first()?;
    let pairs: Vec<(&Holding, &Grant)> = e.allows().collect();
    let origin = |g: &Grant| pairs.iter().find(|(_, p)| std::ptr::eq(*p, g)).map(|(h, _)| *h);
    let used: Vec<(&Holding, &Grant)> = first.grants.iter().filter_map(|(_, g)| Some((origin(g)?, *g))).collect();
    let definite = found.iter().any(|h| !h.conditional && !h.method.needs_target);
    Some((found.iter().map(|h| h.method.id).collect(), !definite, principals::path(e, &used)))
}

fn report_principal(sink: &mut Sink, e: &Effective, pairs: &[(&Holding, &Grant)], found: &mut [Hit]) {
    found.sort_by_key(|h| (h.conditional, h.method.needs_target));
    let origin = |g: &Grant| pairs.iter().find(|(_, p)| std::ptr::eq(*p, g)).map(|(h, _)| *h);
    let describe = |hit: &Hit| {
        let from: Vec<String> = hit
            .grants
            .iter()
            .filter_map(|(a, g)| Some(format!("`{a}` from {}", principals::provenance(origin(g)?, g))))
            .collect();
        format!("`{}` ({})", hit.method.id, from.join(", "))
    };
    let count = found.len();
    let shown: Vec<String> = found.iter().take(NAMED).map(describe).collect();
    let rest = count.saturating_sub(NAMED);
    let mut list = shown.join("; ");
    if rest > 0 {
        let others: Vec<String> = found.iter().skip(NAMED).take(MORE).map(|h| format!("`{}`", h.method.id)).collect();
        let etc = if rest > MORE { ", …" } else { "" };
        let _ = write!(list, "; and {rest} more ({}{etc})", others.join(", "));
    }
    let noun = if count == 1 { "method" } else { "methods" };
    let mut message = format!("{} can escalate privileges by {count} {noun}: {list}", e.label());
    let definite = found.iter().any(|h| !h.conditional && !h.method.needs_target);
    if !definite {
        if found.iter().any(|h| h.conditional) {
            message.push_str(" (only under conditions)");
        } else {
            message.push_str(" (each needs an existing target: a function, stack, instance or role to take over)");
        }
    }
    if let Boundary::Missing(b) = &e.boundary {
        let _ = write!(message, "; its permissions boundary `{}` is not in the input and may limit it", b.value);
    }
    let Some(first) = found.first() else { return };
    let used: Vec<(&Holding, &Grant)> = first.grants.iter().filter_map(|(_, g)| Some((origin(g)?, *g))).collect();
    let main = first.grants.iter().find(|(a, _)| *a != "iam:PassRole").or(first.grants.first());
    let Some((holding, grant)) = main.and_then(|(_, g)| Some((origin(g)?, *g))) else { return };
    let site = principals::action_site(holding, grant);
    principals::report(sink, &PRIVILEGE_ESCALATION, e, site, message, principals::path(e, &used), !definite);
}

/// What each grant reaches, kept across principals (see `check_principals`), for
/// [`privileged`].
#[derive(Default)]
pub struct ReachCache(HashMap<usize, Reach>);

/// Whether a principal is privileged on its effective permissions, for the attack-path checks:
/// `admin-access`, else a `privilege-escalation` method its boundary leaves that does not need
/// an existing target (a method that does — a role that trusts it, a function to take over —
/// is what those checks look for). Gives what it can do, and where that is granted.
pub fn privileged(e: &Effective, cache: &mut ReachCache) -> Option<(String, crate::model::Site)> {
    if let Some(admin) = super::admin_access::principal_admin(e) {
        return Some(match admin {
            super::admin_access::Admin::Grant(h, g) => {
                ("administrator access".to_string(), principals::action_site(h, g))
            }
            super::admin_access::Admin::ByArn(site, _) => ("administrator access".to_string(), site),
        });
    }
    let mut reach_of = |grants: &[&Grant]| -> Vec<Reach> {
        grants.iter().map(|g| *cache.0.entry(std::ptr::from_ref(*g).addr()).or_insert_with(|| Reach::of(g))).collect()
    };
    let pairs: Vec<(&Holding, &Grant)> = e.allows().collect();
    let mut found = principal_hits(e, &mut reach_of);
    found.retain(|hit| !hit.method.needs_target);
    found.sort_by_key(|h| h.conditional);
    let hit = found.first()?;
    let (_, grant) = hit.grants.iter().find(|(a, _)| *a != "iam:PassRole").or(hit.grants.first())?;
    let (holding, _) = pairs.iter().find(|(_, p)| std::ptr::eq(*p, *grant))?;
    let what = format!("privilege escalation by `{}`", hit.method.id);
    Some((what, principals::action_site(holding, grant)))
}
