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

pub mod arn;
pub mod condition;
pub mod grant;
pub mod principal;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::iam::pattern;
use crate::input::{Effect, List, Policy, PolicyKind, Statement};

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
    /// Policy variables the context did not hold, taken to match.
    pub assumed: Vec<String>,
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
}

impl Evaluation<'_> {
    /// Variables the deciding statements assumed: the decision holds only if they match.
    pub fn assumptions(&self) -> Vec<String> {
        let mut all: Vec<String> =
            self.statements.iter().filter(|s| s.decisive).flat_map(|s| s.assumed.iter().cloned()).collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Decides `request` over `policies`: explicit deny, else allow, else implicit deny.
pub fn evaluate<'p>(policies: &[&'p Policy], request: &Request) -> Evaluation<'p> {
    let context = request.full_context();
    let mut statements: Vec<StatementOutcome<'p>> = policies
        .iter()
        .flat_map(|p| p.statements.iter().map(move |s| (*p, s)))
        .map(|(p, s)| evaluate_statement(p, s, request, &context))
        .collect();
    let applying = |effect| statements.iter().any(|s| s.applies && s.effect == Some(effect));
    let decision = if applying(Effect::Deny) {
        Decision::ExplicitDeny
    } else if applying(Effect::Allow) {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    };
    let deciding = match decision {
        Decision::ExplicitDeny => Some(Effect::Deny),
        Decision::Allow => Some(Effect::Allow),
        Decision::ImplicitDeny => None,
    };
    for s in &mut statements {
        s.decisive = s.applies && deciding.is_some() && s.effect == deciding;
    }
    Evaluation { decision, statements }
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
    let mut assumed = Vec::new();
    let effect = st.effect();
    if effect.is_none() {
        let written = st.effect.as_ref().map_or("", |e| e.value.as_str());
        reasons.push(reason(false, format!("`Effect` `{written}` is neither `Allow` nor `Deny`")));
    }
    reasons.push(principal_reason(policy, st, request.caller.as_ref()));
    reasons.push(action_reason(st, &request.action));
    let resource = resource_reason(policy, st, &request.resource, &lookup, variables);
    assumed.extend(resource.1);
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
            for a in out.assumed {
                if !assumed.contains(&a) {
                    assumed.push(a);
                }
            }
            reasons.push(reason(out.holds, out.reason));
        }
    }
    let applies = effect.is_some() && reasons.iter().all(|r| r.matched);
    if !applies {
        assumed.clear();
    }
    StatementOutcome { policy, statement: st, effect, applies, decisive: false, assumed, reasons }
}

fn principal_reason(policy: &Policy, st: &Statement, caller: Option<&Caller>) -> Reason {
    let element = st.principal.as_ref().map(|p| (p, false)).or_else(|| st.not_principal.as_ref().map(|p| (p, true)));
    let Some((element, negated)) = element else {
        return if policy.kind == PolicyKind::Identity {
            reason(true, "identity policy: applies to whoever holds it".into())
        } else {
            reason(false, "no `Principal`: a resource or trust policy statement names no one".into())
        };
    };
    let Some(caller) = caller else {
        return reason(true, "no principal given: the statement's principal is taken to be the caller".into());
    };
    let who = caller.describe();
    match (principal::names(element, caller), negated) {
        (Some(entry), false) => reason(true, format!("`Principal` `{entry}` names {who}")),
        (None, false) => reason(false, format!("`Principal` does not name {who}")),
        (Some(entry), true) => reason(false, format!("`NotPrincipal` `{entry}` excludes {who}")),
        (None, true) => reason(true, format!("`NotPrincipal` does not exclude {who}")),
    }
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
    let list = st.resource.as_ref().map(|l| (l, false)).or_else(|| st.not_resource.as_ref().map(|l| (l, true)));
    let Some((list, negated)) = list else {
        return if policy.kind == PolicyKind::Identity {
            (reason(false, "no `Resource` or `NotResource`".into()), Vec::new())
        } else {
            (reason(true, "no `Resource`: the statement is about the policy's own resource".into()), Vec::new())
        };
    };
    let syntax = Syntax { wildcards: true, variables };
    let mut over_budget = None;
    let hit = list.iter().find_map(|item| {
        let m = Pattern::parse(&item.value, syntax).matches(resource, lookup, true);
        if m.over_budget {
            over_budget.get_or_insert(item.value.as_str());
        }
        m.matched.then_some((item.value.as_str(), m.assumed))
    });
    let element = if negated { "NotResource" } else { "Resource" };
    if let (None, Some(p)) = (&hit, over_budget) {
        let text = format!("comparing `{element}` `{p}` with `{resource}` exceeded the work budget: taken as no match");
        return (reason(negated, text), Vec::new());
    }
    match (hit, negated) {
        (Some((p, assumed)), false) => {
            let assuming = assuming(&assumed);
            (reason(true, format!("`Resource` `{p}` matches `{resource}`{assuming}")), assumed)
        }
        (None, false) => (reason(false, format!("no `{element}` pattern matches `{resource}`")), Vec::new()),
        (Some((p, _)), true) => (reason(false, format!("`NotResource` `{p}` excludes `{resource}`")), Vec::new()),
        (None, true) => (reason(true, format!("`NotResource` does not exclude `{resource}`")), Vec::new()),
    }
}

/// ", assuming `${aws:username}` matches" for assumed variables.
pub fn assuming(assumed: &[String]) -> String {
    if assumed.is_empty() {
        return String::new();
    }
    let names: Vec<String> = assumed.iter().map(|a| format!("`${{{a}}}`")).collect();
    format!(
        " (assuming {} {} the request's value)",
        names.join(", "),
        if names.len() == 1 { "matches" } else { "match" }
    )
}

#[cfg(test)]
mod tests;
