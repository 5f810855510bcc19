//! The policy evaluation core, after AWS's documented evaluation logic.
//!
//! Two ways in:
//! - [`evaluate`] answers a concrete request (caller, action, resource, context keys) over a
//!   set of policies: `Allow`, `ExplicitDeny` or `ImplicitDeny`, with every statement's reason
//!   for applying or not. An explicit deny anywhere wins; otherwise any allow allows; otherwise
//!   the request is implicitly denied. This is the simulator.
//! - [`Grant`] summarises what each statement allows or denies without a request (the action
//!   set expanded once against the catalogue, the resource scope, the conditions), and
//!   [`Permissions`] combines a policy's grants with deny winning. The checks ask these.
//!
//! Matching follows the IAM reference: action patterns are case-insensitive globs; resource
//! ARNs are matched part by part, case-sensitively, with policy variables from the context
//! ([`arn`]); principals by account, ARN, service or provider ([`principal`]); conditions by
//! every operator family ([`condition`]). The model covers one account's identity, resource
//! and trust policies taken together; it does not model permissions boundaries, SCPs, session
//! policies or the cross-account rule that both sides must allow.
//!
//! In a request, a policy variable whose key the request does not hold has no value, and the
//! element that uses it does not match (IAM User Guide, *Variables and tags*: "If AWS cannot
//! resolve a variable this might cause the entire statement to be invalid"). A resource or trust policy governs only its own resource (the
//! role, the bucket and its objects, the key, …) when the input says which that is; a bare
//! pasted one is assumed to be about the request's resource, and the answer says so.

pub mod arn;
pub mod condition;
pub mod grant;
pub mod principal;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::iam::pattern;
use crate::input::{Effect, List, Policy, PolicyKind, Statement};

use self::arn::Arn;

pub use arn::{Pattern, Syntax};
pub use condition::Operator;
pub use grant::{Grant, Permissions, ResourceScope};
pub use principal::Caller;

/// Condition keys of a request, with case-insensitive names.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Lowercased key → (key as first written, values).
    entries: BTreeMap<String, (String, Vec<String>)>,
}

impl Context {
    /// Adds a value to a key (a key given twice is multivalued).
    pub fn insert(&mut self, key: &str, value: impl Into<String>) {
        let entry = self.entries.entry(key.to_ascii_lowercase()).or_insert_with(|| (key.to_string(), Vec::new()));
        entry.1.push(value.into());
    }

    /// Adds a key unless it is already present.
    pub fn insert_default(&mut self, key: &str, value: impl Into<String>) {
        if !self.entries.contains_key(&key.to_ascii_lowercase()) {
            self.insert(key, value);
        }
    }

    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.entries.get(&key.to_ascii_lowercase()).map(|(_, v)| v.as_slice())
    }

    /// The first value of a lowercased key, for policy variables.
    pub fn variable(&self, lowercased: &str) -> Option<String> {
        self.entries.get(lowercased).and_then(|(_, v)| v.first().cloned())
    }

    /// Every key as written, with its values, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.values().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

/// A request to decide.
#[derive(Clone, Debug)]
pub struct Request {
    /// `None`: the caller is whoever holds the identity policies; `Principal` elements are then
    /// taken to name them.
    pub caller: Option<Caller>,
    pub action: String,
    pub resource: String,
    pub context: Context,
}

impl Request {
    /// The context as the evaluator sees it: the given keys, plus those that follow from the
    /// caller (`aws:PrincipalArn`, `aws:username`, …) unless given.
    pub fn full_context(&self) -> Context {
        let mut context = self.context.clone();
        if let Some(caller) = &self.caller {
            for (key, value) in caller.context() {
                context.insert_default(key, value);
            }
        }
        context
    }
}

/// The answer to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::ExplicitDeny => "explicit-deny",
            Decision::ImplicitDeny => "implicit-deny",
        }
    }
}

/// How one statement came out against a request.
#[derive(Clone, Debug)]
pub struct StatementOutcome<'p> {
    pub policy: &'p Policy,
    pub statement: &'p Statement,
    pub effect: Option<Effect>,
    /// Whether the statement applies: principal, action, resource and every condition match.
    pub applies: bool,
    /// Whether this statement decided the outcome (an applying deny, or an applying allow when
    /// no deny applies).
    pub decisive: bool,
    /// Whether a resource or trust policy statement names the caller only through its account:
    /// it allows only together with an identity policy that allows.
    pub delegates: bool,
    /// Policy variables the request does not hold: the elements that use them match nothing.
    pub missing: Vec<String>,
    /// One line per element: principal, action, resource, each condition.
    pub reasons: Vec<Reason>,
}

/// Why one element of a statement matched or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub matched: bool,
    pub text: String,
}

/// The decision and every statement's outcome, in policy and statement order.
#[derive(Clone, Debug)]
pub struct Evaluation<'p> {
    pub decision: Decision,
    pub statements: Vec<StatementOutcome<'p>>,
    /// Why the decision is not the statements' own, when AWS decides otherwise
    /// (`sts:GetCallerIdentity`, a KMS key without its key policy).
    pub overruled: Option<String>,
    /// What the answer rests on or lacks: variables without a value, a missing key policy.
    pub notes: Vec<String>,
}

impl Evaluation<'_> {
    /// What the deciding statements took for granted: a resource or trust policy whose own
    /// resource the input does not say is assumed to be the request's.
    pub fn assumptions(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .statements
            .iter()
            .filter(|s| {
                s.decisive && s.policy.kind != PolicyKind::Identity && s.policy.own.is_empty() && !is_endpoint(s.policy)
            })
            .map(|s| {
                format!(
                    "the request is about the resource `{}`'s {} policy is attached to: the input does not say which \
                     resource that is",
                    s.policy.name,
                    s.policy.kind.as_str()
                )
            })
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// The action AWS allows without any permission, even under an explicit deny (STS API
/// Reference, *`GetCallerIdentity`*: "No permissions are required to perform this operation. If an
/// administrator attaches a policy to your identity that explicitly denies access to the
/// `sts:GetCallerIdentity` action, you can still perform this operation.").
const NEEDS_NO_PERMISSION: &str = "sts:GetCallerIdentity";

/// Decides `request` over `policies`: explicit deny, else allow, else implicit deny.
///
/// An allow is a resource or trust policy statement that names the caller itself, or an identity
/// policy statement together with, where the resource policy is required (a KMS key; a role
/// whose trust policy is among the inputs) or names only the caller's account, a resource policy
/// statement that names the account (IAM User Guide, *Policy evaluation logic*, requests within a
/// single account; *Principal*, AWS account principals; AWS KMS Developer Guide, *Key policies*).
/// When the caller's account is not the resource's, both an identity and a resource policy
/// statement must allow (IAM User Guide, *Cross-account policy evaluation logic*).
pub fn evaluate<'p>(policies: &[&'p Policy], request: &Request) -> Evaluation<'p> {
    let context = request.full_context();
    let mut statements: Vec<StatementOutcome<'p>> = policies
        .iter()
        .flat_map(|p| p.statements.iter().map(move |s| (*p, s)))
        .map(|(p, s)| evaluate_statement(p, s, request, &context))
        .collect();
    let allowing = |s: &StatementOutcome<'_>| s.applies && s.effect == Some(Effect::Allow);
    let identity = |s: &StatementOutcome<'_>| s.policy.kind == PolicyKind::Identity;
    let endpoint = |s: &StatementOutcome<'_>| is_endpoint(s.policy);
    let resource = |s: &StatementOutcome<'_>| !identity(s) && !endpoint(s);
    let denied = statements.iter().any(|s| s.applies && s.effect == Some(Effect::Deny));
    let direct = statements.iter().any(|s| allowing(s) && resource(s) && !s.delegates);
    let delegated = statements.iter().any(|s| allowing(s) && resource(s) && s.delegates);
    let by_identity = statements.iter().any(|s| allowing(s) && identity(s));
    // The endpoints the request comes through: each one's policy must allow it too.
    let blocking: Vec<&str> = policies
        .iter()
        .filter(|p| is_endpoint(p) && through(p, &context))
        .filter(|p| !statements.iter().any(|s| std::ptr::eq(s.policy, **p) && allowing(s)))
        .map(|p| p.name.as_str())
        .collect();
    let key = on_kms_key(&request.resource);
    let assumes_role = request.action.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sts:"));
    let required = key.is_some() || (assumes_role && trust_policy_of(policies, &request.resource));
    let via_identity = by_identity && (delegated || !required);
    // Across accounts both sides must allow: the caller's identity policy and the resource's.
    let cross = cross_account(request, &context);
    let granted = if cross.is_some() { by_identity && (direct || delegated) } else { direct || via_identity };
    let mut decision = if denied {
        Decision::ExplicitDeny
    } else if granted && blocking.is_empty() {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    };
    let mut notes = missing_notes(&statements);
    if let Some((caller, owner)) = cross.filter(|_| !granted && !denied && (by_identity || direct || delegated)) {
        notes.push(format!(
            "the caller's account `{caller}` is not the resource's `{owner}`: an identity policy of the caller and the \
             resource's own policy must both allow the request"
        ));
    }
    for name in blocking.iter().filter(|_| granted && !denied) {
        notes.push(format!(
            "the request comes through the VPC endpoint `{name}`, whose policy does not allow it: an endpoint policy \
             must allow a request as well as the identity or resource policies"
        ));
    }
    let mut overruled = None;
    if delegated && !by_identity && !direct && !denied {
        notes.push(
            "a resource or trust policy names the caller's account, not the caller: the account's identity policies \
             must allow the request too, and none among the inputs does"
                .into(),
        );
    }
    if request.action.eq_ignore_ascii_case(NEEDS_NO_PERMISSION) {
        decision = Decision::Allow;
        overruled = Some(format!("`{NEEDS_NO_PERMISSION}` needs no permission"));
        notes.push(format!(
            "`{NEEDS_NO_PERMISSION}` needs no permission: AWS allows it even when a policy explicitly denies it"
        ));
    } else if let Some(key) = key.filter(|k| !has_key_policy(policies, k)) {
        // Key policies in AWS KMS: "Unless the key policy explicitly allows it, you cannot use
        // IAM policies to allow access to a KMS key."
        notes.push(format!(
            "`{key}` is a KMS key and its key policy is not among the inputs: AWS allows a request on a key only when \
             its key policy allows it (directly or by letting IAM policies decide), so the key policy decides"
        ));
        if by_identity && !denied {
            overruled = Some(format!("the key policy of `{key}` decides, and it is not among the inputs"));
        }
    } else if by_identity && required && !delegated && !direct && !denied {
        notes.push(format!(
            "the policy of `{}` itself (a role's trust policy, a key policy) must allow the caller, directly or through \
             its account, and the one among the inputs does not: an identity policy alone cannot allow this request",
            request.resource
        ));
    }
    for s in &mut statements {
        s.decisive = s.applies
            && match (decision, &overruled) {
                (_, Some(_)) | (Decision::ImplicitDeny, None) => false,
                (Decision::ExplicitDeny, None) => s.effect == Some(Effect::Deny),
                (Decision::Allow, None) if endpoint(s) || cross.is_some() => allowing(s),
                (Decision::Allow, None) if direct => allowing(s) && resource(s) && !s.delegates,
                (Decision::Allow, None) => allowing(s) && (identity(s) || s.delegates),
            };
    }
    Evaluation { decision, statements, overruled, notes }
}

/// Whether a policy is a VPC endpoint's. It governs requests that come through the endpoint,
/// together with the identity and resource policies, which it does not replace (AWS
/// `PrivateLink` Guide, *Control access to VPC endpoints using endpoint policies*).
fn is_endpoint(policy: &Policy) -> bool {
    policy.holder == Some("endpoint")
}

/// Whether the request comes through the endpoint whose policy this is: `aws:SourceVpce` names
/// it (the input names the policy by the endpoint's id).
fn through(policy: &Policy, context: &Context) -> bool {
    context.get("aws:SourceVpce").is_some_and(|ids| ids.contains(&policy.name))
}

fn endpoint_reason(policy: &Policy, context: &Context) -> Reason {
    let name = &policy.name;
    if through(policy, context) {
        reason(true, format!("the request comes through the VPC endpoint `{name}`"))
    } else {
        reason(
            false,
            format!(
                "the policy of the VPC endpoint `{name}` governs only requests through it (`--context \
                 aws:SourceVpce={name}`)"
            ),
        )
    }
}

/// The caller's and the resource's accounts when both are known and differ. The resource's is
/// the account in its ARN, else `aws:ResourceAccount` (an S3 ARN names no account).
fn cross_account<'r>(request: &'r Request, context: &'r Context) -> Option<(&'r str, &'r str)> {
    let Some(Caller::Aws { account: caller, .. }) = &request.caller else { return None };
    let in_arn = Arn::parse(&request.resource).map(|a| a.account).filter(|a| principal::is_account_id(a));
    let owner = in_arn.or_else(|| context.get("aws:ResourceAccount")?.first().map(String::as_str))?;
    (owner != caller).then_some((caller.as_str(), owner))
}

/// The request's resource when it is a KMS key.
fn on_kms_key(resource: &str) -> Option<&str> {
    let arn = Arn::parse(resource)?;
    (arn.service == "kms" && arn.resource.starts_with("key/")).then_some(resource)
}

/// Whether the trust policy of the role the request is about is among the inputs (a bare trust
/// policy, whose role is unknown, is taken to be its).
fn trust_policy_of(policies: &[&Policy], resource: &str) -> bool {
    policies.iter().any(|p| p.kind == PolicyKind::Trust && (p.own.is_empty() || owns(p, resource)))
}

/// Whether a key policy that may be `key`'s is among the inputs (a bare resource policy, whose
/// resource is unknown, may be).
fn has_key_policy(policies: &[&Policy], key: &str) -> bool {
    policies.iter().any(|p| {
        p.kind == PolicyKind::Resource && matches!(p.holder, Some("key") | None) && (p.own.is_empty() || owns(p, key))
    })
}

/// Whether the request's resource is the policy's own (or one of its objects).
fn owns(policy: &Policy, resource: &str) -> bool {
    let syntax = Syntax { wildcards: true, variables: false };
    policy.own.iter().any(|own| Pattern::parse(own, syntax).matches(resource, &|_| None, true).matched)
}

/// One note per policy variable some element needed and the request does not hold.
fn missing_notes(statements: &[StatementOutcome<'_>]) -> Vec<String> {
    let mut names: Vec<&str> = statements.iter().flat_map(|s| s.missing.iter().map(String::as_str)).collect();
    names.sort_unstable_by_key(|n| n.to_ascii_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
        .iter()
        .map(|n| {
            format!(
                "`${{{n}}}` has no value in this request, so the elements that use it match nothing; give it with \
                 `--context {n}=VALUE` (or a principal that has it)"
            )
        })
        .collect()
}

fn reason(matched: bool, text: String) -> Reason {
    Reason { matched, text }
}

/// Evaluates one statement: every element is explained, even after one fails.
pub fn evaluate_statement<'p>(
    policy: &'p Policy,
    st: &'p Statement,
    request: &Request,
    context: &Context,
) -> StatementOutcome<'p> {
    let lookup = |k: &str| context.variable(k);
    let variables = policy.version.as_ref().is_some_and(|v| v.value == "2012-10-17");
    let mut reasons = Vec::new();
    let mut missing = Vec::new();
    let effect = st.effect();
    if effect.is_none() {
        let written = st.effect.as_ref().map_or("", |e| e.value.as_str());
        reasons.push(reason(false, format!("`Effect` `{written}` is neither `Allow` nor `Deny`")));
    }
    let (principal, delegates) = principal_reason(policy, st, request.caller.as_ref());
    reasons.push(principal);
    reasons.push(action_reason(st, &request.action));
    if let Some(own) = own_reason(policy, &request.resource) {
        reasons.push(own);
    }
    if is_endpoint(policy) {
        reasons.push(endpoint_reason(policy, context));
    }
    let resource = resource_reason(policy, st, &request.resource, &lookup, variables);
    missing.extend(resource.1);
    reasons.push(resource.0);
    if let Some(condition) = &st.condition {
        for clause in &condition.clauses {
            let key = clause.key.value.as_str();
            let Some(op) = Operator::parse(&clause.operator.value) else {
                reasons.push(reason(false, format!("`{}` is not a condition operator", clause.operator.value)));
                continue;
            };
            let values: Vec<String> = clause.values.iter().map(|v| v.value.clone()).collect();
            let out = condition::evaluate(&op, key, &values, context.get(key), &lookup, variables);
            missing.extend(out.missing);
            reasons.push(reason(out.holds, out.reason));
        }
    }
    let applies = effect.is_some() && reasons.iter().all(|r| r.matched);
    missing.sort_unstable();
    missing.dedup();
    StatementOutcome { policy, statement: st, effect, applies, decisive: false, delegates, missing, reasons }
}

/// Whether the statement's principal names the caller, and whether only through its account
/// (a delegation: the caller's identity policies must allow too).
fn principal_reason(policy: &Policy, st: &Statement, caller: Option<&Caller>) -> (Reason, bool) {
    let element =
        st.principal.as_deref().map(|p| (p, false)).or_else(|| st.not_principal.as_deref().map(|p| (p, true)));
    let Some((element, negated)) = element else {
        return if policy.kind == PolicyKind::Identity {
            (reason(true, "identity policy: applies to whoever holds it".into()), false)
        } else {
            (reason(false, "no `Principal`: a resource or trust policy statement names no one".into()), false)
        };
    };
    let Some(caller) = caller else {
        return (reason(true, "no principal given: the statement's principal is taken to be the caller".into()), false);
    };
    let who = caller.describe();
    if negated {
        return match principal::names(element, caller) {
            Some(entry) => (reason(false, format!("`NotPrincipal` `{entry}` excludes {who}")), false),
            None => (reason(true, format!("`NotPrincipal` does not exclude {who}")), false),
        };
    }
    if let Some(entry) = principal::names_directly(element, caller) {
        return (reason(true, format!("`Principal` `{entry}` names {who}")), false);
    }
    match principal::names(element, caller) {
        Some(entry) => (
            reason(
                true,
                format!(
                    "`Principal` `{entry}` names the account of {who}, which then decides: an identity policy of the \
                     caller must allow the request too"
                ),
            ),
            true,
        ),
        None => (reason(false, format!("`Principal` does not name {who}")), false),
    }
}

/// For a resource or trust policy whose resource the input names: whether the request is about
/// it (IAM User Guide, *Identity-based policies and resource-based policies*: a resource-based
/// policy is attached to a resource and controls access to that resource).
fn own_reason(policy: &Policy, resource: &str) -> Option<Reason> {
    if policy.kind == PolicyKind::Identity || policy.own.is_empty() {
        return None;
    }
    let own = policy.own.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
    Some(if owns(policy, resource) {
        reason(true, format!("the request is about the policy's own resource ({own})"))
    } else {
        reason(false, format!("the policy governs only its own resource ({own}), not `{resource}`"))
    })
}

fn first_match(list: &List, f: impl Fn(&str) -> bool) -> Option<&str> {
    list.iter().find(|i| f(&i.value)).map(|i| i.value.as_str())
}

fn action_reason(st: &Statement, action: &str) -> Reason {
    let Some((list, negated)) = st.actions() else {
        return reason(false, "no `Action` or `NotAction`".into());
    };
    let hit = first_match(list, |p| pattern::matches(p, action));
    match (hit, negated) {
        (Some(p), false) => reason(true, format!("`Action` `{p}` matches `{action}`")),
        (None, false) => reason(false, format!("no `Action` pattern matches `{action}`")),
        (Some(p), true) => reason(false, format!("`NotAction` `{p}` excludes `{action}`")),
        (None, true) => reason(true, format!("`NotAction` does not exclude `{action}`")),
    }
}

fn resource_reason(
    policy: &Policy,
    st: &Statement,
    resource: &str,
    lookup: arn::Lookup<'_>,
    variables: bool,
) -> (Reason, Vec<String>) {
    let list = st.resource.as_ref().map(|l| (l, false)).or_else(|| st.not_resource.as_deref().map(|l| (l, true)));
    let Some((list, negated)) = list else {
        return if policy.kind == PolicyKind::Identity {
            (reason(false, "no `Resource` or `NotResource`".into()), Vec::new())
        } else {
            (reason(true, "no `Resource`: the statement is about the policy's own resource".into()), Vec::new())
        };
    };
    let syntax = Syntax { wildcards: true, variables };
    let mut missing = Vec::new();
    let mut over_budget = None;
    let hit = list.iter().find_map(|item| {
        let pattern = Pattern::parse(&item.value, syntax);
        let unresolved = pattern.unresolved(lookup);
        if !unresolved.is_empty() {
            missing.extend(unresolved);
            return None;
        }
        let m = pattern.matches(resource, lookup, true);
        if m.over_budget {
            over_budget.get_or_insert(item.value.as_str());
        }
        m.matched.then_some(item.value.as_str())
    });
    let element = if negated { "NotResource" } else { "Resource" };
    if let (None, Some(p)) = (hit, over_budget) {
        let text = format!("comparing `{element}` `{p}` with `{resource}` exceeded the work budget: taken as no match");
        return (reason(negated, text), missing);
    }
    let text = match (hit, negated) {
        (Some(p), false) => format!("`Resource` `{p}` matches `{resource}`"),
        (None, false) => format!("no `{element}` pattern matches `{resource}`"),
        (Some(p), true) => format!("`NotResource` `{p}` excludes `{resource}`"),
        (None, true) => format!("`NotResource` does not exclude `{resource}`"),
    };
    let mut text = text;
    if !missing.is_empty() && (hit.is_none() || negated) {
        text.push_str(&no_value(&missing));
    }
    // A `NotResource` with a variable without a value does not match either: the statement is
    // invalid for this request rather than about everything else.
    let matched = if negated { hit.is_none() && missing.is_empty() } else { hit.is_some() };
    (reason(matched, text), missing)
}

/// " (`${aws:username}` has no value in the request, so a value using it matches nothing)".
pub fn no_value(missing: &[String]) -> String {
    let names: Vec<String> = missing.iter().map(|a| format!("`${{{a}}}`")).collect();
    let (verb, it) = if names.len() == 1 { ("has", "it") } else { ("have", "them") };
    format!(" ({} {verb} no value in the request, so a value using {it} matches nothing)", names.join(", "))
}
#[cfg(test)]
mod tests;
