use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::Catalog;
use crate::iam::eval::arn::Arn;
use crate::iam::eval::{Pattern, ResourceScope, Syntax};
use crate::input::PolicyKind;

use super::common::report_statement;

declare_check! {
    /// Policy lets its holder pass any role to a service.
    ///
    /// ## What it checks
    /// An identity policy `Allow` of `iam:PassRole` (directly or through a wildcard such as
    /// `iam:*` or `iam:Pass*`) on `*`, on `NotResource`, or on a role pattern that covers
    /// every role of an account (`arn:aws:iam::*:role/*`). A statement that pins the
    /// receiving service with an `iam:PassedToService` condition (or the target resource
    /// with `iam:AssociatedResourceArn`) is not flagged. Under any other condition the
    /// finding is reported one severity lower and names the condition. A statement that
    /// allows every action is left to `admin-access`.
    ///
    /// ## Why it matters
    /// Passing a role hands its permissions to a service: whoever may pass *any* role can
    /// launch an instance, function or job with the most privileged role in the account and
    /// act through it. It is the first half of most privilege-escalation paths (`iam:PassRole`
    /// plus `ec2:RunInstances`, `lambda:CreateFunction`, `glue:CreateDevEndpoint`, …), and IAM
    /// Access Analyzer warns about it too.
    ///
    /// ## How to fix
    /// Name the roles the workload passes and the service that receives them:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Action": "iam:PassRole",
    ///   "Resource": "arn:aws:iam::123456789012:role/app-task-role",
    ///   "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
    /// }
    /// ```
    pub static PASS_ROLE_TO_ANY = {
        id: "pass-role-to-any",
        severity: High,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

/// Condition keys that pin where a passed role goes.
const PINNING_KEYS: [&str; 2] = ["iam:passedtoservice", "iam:associatedresourcearn"];

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind != PolicyKind::Identity {
        return;
    }
    let Some(pass_role) = Catalog::get().find_action("iam:PassRole") else { return };
    if policy.permissions.is_denied(pass_role) {
        return;
    }
    for grant in policy.permissions.allows() {
        if !grant.actions.contains(pass_role) || grant.actions.is_all() {
            continue;
        }
        let st = grant.statement;
        let clauses = st.condition.iter().flat_map(|c| &c.clauses);
        if clauses.clone().any(|c| PINNING_KEYS.contains(&c.key.value.to_ascii_lowercase().as_str())) {
            continue;
        }
        let (what, span) = match grant.resources {
            ResourceScope::All => ("every role (`*`)".to_string(), grant.resource_span()),
            ResourceScope::AllBut(list) => ("every role but those in `NotResource`".to_string(), list.span),
            ResourceScope::Listed(list) => match list.iter().find(|r| covers_every_role(&r.value)) {
                Some(item) => (format!("every role (`{}`)", item.value), item.span),
                None => continue,
            },
            ResourceScope::Own | ResourceScope::Nothing => continue,
        };
        let message =
            format!("{} allows `iam:PassRole` on {what} without an `iam:PassedToService` condition", st.label());
        report_statement(sink, &PASS_ROLE_TO_ANY, policy, st, span, message);
    }
}

/// Whether a resource pattern matches every role of its account(s): `role/*` at any path.
pub(crate) fn covers_every_role(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let Some(arn) = Arn::parse(resource) else { return false };
    let account = if arn.account.is_empty() { "*" } else { arn.account };
    let every_role = format!("arn:{}:iam::{account}:role/*", arn.partition);
    let syntax = Syntax { wildcards: true, variables: false };
    // `every_role` is a few dozen characters, so the comparison costs at most a few dozen steps
    // per character of `resource`, within its budget (see `pattern::budget`); were it ever
    // over, the pattern would not be shown to reach every role.
    Pattern::parse(&every_role, syntax).is_covered_by(&Pattern::parse(resource, syntax)) == Ok(true)
}

#[cfg(test)]
mod tests {
    use super::covers_every_role;

    #[test]
    fn role_patterns() {
        assert!(covers_every_role("*"));
        assert!(covers_every_role("arn:aws:iam::*:role/*"));
        assert!(covers_every_role("arn:aws:iam::123456789012:role/*"));
        assert!(covers_every_role("arn:aws:iam::123456789012:*"));
        assert!(!covers_every_role("arn:aws:iam::123456789012:role/service-role/*"));
        assert!(!covers_every_role("arn:aws:iam::123456789012:role/app"));
        assert!(!covers_every_role("arn:aws:iam::123456789012:user/*"));
    }
}
