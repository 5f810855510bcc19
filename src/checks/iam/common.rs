//! What several IAM checks share: naming action lists in messages, and deciding whether a
//! condition restricts who may call.

use crate::checks::{Check, Reviewed, Sink};
use crate::iam::catalog::{ActionSet, Catalog};
use crate::iam::eval::condition::Family;
use crate::iam::eval::{condition, Operator};
use crate::iam::eval::{Grant, ResourceScope};
use crate::input::policy::{Clause, Principal, PrincipalType};
use crate::input::{PolicyKind, Statement};
use crate::json::Span;

/// How many names a message lists before summarising the rest.
pub const LISTED: usize = 5;

/// "`a`, `b` and 3 more" (names already in display form).
pub fn listed(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(LISTED).map(String::as_str).collect();
    let rest = names.len().saturating_sub(LISTED);
    match (shown.as_slice(), rest) {
        ([], _) => String::new(),
        ([one], 0) => (*one).to_string(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (some, rest) => format!("{} and {rest} more", some.join(", ")),
    }
}

/// The actions of a set by canonical name, in backticks.
pub fn action_names(set: &ActionSet) -> Vec<String> {
    let catalog = Catalog::get();
    set.iter().map(|id| format!("`{}`", catalog.qualified_name(id))).collect()
}

/// Condition keys that restrict who the caller is or where the call comes from, so that a
/// statement to `*` with one of them is not open to the world (IAM Access Analyzer's
/// public-access semantics, plus the service keys that pin the calling account).
const RESTRICTING_KEYS: [&str; 17] = [
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:userid",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "kms:calleraccount",
    "kms:viaservice",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

/// Whether the key restricts the caller (see [`RESTRICTING_KEYS`]).
pub fn is_restricting_key(key: &str) -> bool {
    RESTRICTING_KEYS.contains(&key.to_ascii_lowercase().as_str())
}

/// Whether a value lets every caller through: `*`-only patterns, or an address block that
/// covers the whole Internet.
fn opens_everything(family: Family, like: bool, value: &str) -> bool {
    if family == Family::Ip {
        return condition::parse_cidr(value).is_some_and(|(_, prefix)| prefix == 0);
    }
    like && !value.is_empty() && value.bytes().all(|b| b == b'*')
}

/// Whether an `Allow` clause restricts the caller: a restricting key, with an operator that
/// asks for a match (not negated, not `…IfExists`, whose absent key would pass), and values
/// that do not let everyone through.
pub fn clause_restricts(clause: &Clause) -> bool {
    let Some(op) = Operator::parse(&clause.operator.value) else { return false };
    if !op.is_positive() || op.if_exists || !is_restricting_key(&clause.key.value) || clause.values.is_empty() {
        return false;
    }
    let like = op.base.ends_with("Like") || op.family == Family::Arn;
    !clause.values.iter().any(|v| opens_everything(op.family, like, &v.value))
}

/// A `Deny` clause that keeps out everyone but the intended callers: a restricting key with
/// a negated operator (`StringNotEquals aws:PrincipalOrgID`, `NotIpAddress aws:SourceIp`).
pub fn deny_clause_restricts(clause: &Clause) -> bool {
    let Some(op) = Operator::parse(&clause.operator.value) else { return false };
    op.negated && is_restricting_key(&clause.key.value) && !clause.values.is_empty()
}

/// The first clause of the statement's condition that restricts the caller.
pub fn restricting_clause(st: &Statement) -> Option<&Clause> {
    st.condition.iter().flat_map(|c| &c.clauses).find(|c| clause_restricts(c))
}

/// Whether a `Principal` element names everyone: `"*"` or `{"AWS": "*"}`.
pub fn is_public(principal: &Principal) -> bool {
    principal.wildcard || principal.entries.iter().any(|(ty, e)| *ty == PrincipalType::Aws && e.value == "*")
}

/// Condition keys that say how or from where a request comes — TLS, region, the service that
/// calls on the principal's behalf, the account or organization of the caller or resource, the
/// time — but not which resources of the account it may touch or which person makes it.
const NON_NARROWING_KEYS: [&str; 15] = [
    "aws:securetransport",
    "aws:requestedregion",
    "aws:calledvia",
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:viaawsservice",
    "kms:viaservice",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:currenttime",
    "aws:epochtime",
    "aws:ismcpserviceaction",
];

/// Whether a statement has a `Condition` and every key of it leaves the statement's reach in
/// the account as it was (see [`NON_NARROWING_KEYS`]): access granted under it is as broad as
/// without, only conditional.
pub fn only_non_narrowing_conditions(st: &Statement) -> bool {
    st.has_condition()
        && st
            .condition
            .iter()
            .flat_map(|c| &c.clauses)
            .all(|c| NON_NARROWING_KEYS.contains(&c.key.value.to_ascii_lowercase().as_str()))
}

/// How a message quotes a public principal: `` `"*"` `` or `` `{"AWS": "*"}` ``.
pub fn public_principal_text(principal: &Principal) -> &'static str {
    if principal.wildcard {
        "`\"*\"`"
    } else {
        "`{\"AWS\": \"*\"}`"
    }
}

/// The condition keys of a statement, for messages: "`aws:SecureTransport`", each once.
pub fn condition_keys(st: &Statement) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    st.condition
        .iter()
        .flat_map(|c| &c.clauses)
        .filter(|clause| seen.insert(clause.key.value.to_ascii_lowercase()))
        .map(|clause| crate::base::code(&clause.key.value))
        .collect()
}

/// Reports a finding about what a statement allows; when the statement has a `Condition`, the
/// access is conditional: the message names the condition keys and the finding is one severity
/// lower.
pub fn report_statement(
    sink: &mut Sink,
    check: &'static Check,
    policy: &Reviewed,
    st: &Statement,
    span: Span,
    message: String,
) {
    if st.has_condition() {
        let keys = condition_keys(st).join(", ");
        sink.on_policy_conditional(check, policy, span, format!("{message} (only under conditions on {keys})"));
    } else {
        sink.on_policy(check, policy, span, message);
    }
}

/// The catalogue ids of a data list, built once.
pub fn action_set(names: impl Iterator<Item = &'static str>) -> ActionSet {
    let catalog = Catalog::get();
    names.filter_map(|n| catalog.find_action(n)).collect()
}

/// Each `Allow` statement of an identity policy that gives some of `sensitive` on every
/// resource of its type (`*`, `NotResource`, `arn:aws:s3:::*/*`, …), with those actions less
/// the ones an unconditional deny removes. Statements that allow every action are left to
/// `admin-access`.
pub fn sensitive_on_all_resources<'r, 'p>(
    policy: &'r Reviewed<'p>,
    sensitive: &'r ActionSet,
) -> impl Iterator<Item = (&'r Grant<'p>, ActionSet)> + 'r {
    let identity = policy.kind == PolicyKind::Identity;
    policy.permissions.allows().filter(move |_| identity).filter_map(move |g| {
        if g.actions.is_all() {
            return None;
        }
        let hits: ActionSet =
            g.actions.intersect(sensitive).iter().filter(|&id| !policy.permissions.is_denied(id)).collect();
        (!hits.is_empty() && g.on_unbounded_resources()).then_some((g, hits))
    })
}

/// Where a finding about a statement's resources points, and how the message names them.
pub fn resource_phrase(g: &Grant) -> String {
    match (g.resources, g.unbounded_resource()) {
        (ResourceScope::AllBut(_), _) => "every resource but those in `NotResource`".into(),
        (_, Some(r)) if r.value != "*" => crate::base::code(&r.value),
        _ => "`*`".into(),
    }
}

/// Whether an action acts on "a resource" in general, whatever its type (`TagResource`,
/// `ListTagsForResource`, `PutResourcePolicy`, `GetWebACLForResource`).
pub fn acts_on_any_resource(name: &str) -> bool {
    ["Resource", "Resources", "ResourcePolicy"].iter().any(|end| name.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_naturally() {
        let names = |n: usize| (0..n).map(|i| format!("`a{i}`")).collect::<Vec<_>>();
        assert_eq!(listed(&names(1)), "`a0`");
        assert_eq!(listed(&names(2)), "`a0` and `a1`");
        assert_eq!(listed(&names(3)), "`a0`, `a1` and `a2`");
        assert_eq!(listed(&names(7)), "`a0`, `a1`, `a2`, `a3`, `a4` and 2 more");
    }
}
