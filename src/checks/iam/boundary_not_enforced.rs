use std::sync::OnceLock;

use crate::checks::{declare_check, Runner, Sink};
use crate::iam::account::Account;
use crate::iam::catalog::{ActionId, Catalog};
use crate::iam::eval::Grant;
use crate::input::Effect;

use super::common::listed;
use super::principals;

declare_check! {
    /// Principal may create principals or change boundaries without a pinned boundary.
    ///
    /// ## What it checks
    /// From `aws iam get-account-authorization-details`: a user, group or role whose effective
    /// permissions allow `iam:CreateUser`, `iam:CreateRole`, `iam:PutUserPermissionsBoundary`,
    /// `iam:PutRolePermissionsBoundary`, `iam:DeleteUserPermissionsBoundary` or
    /// `iam:DeleteRolePermissionsBoundary` through a statement without an
    /// `iam:PermissionsBoundary` condition that pins the boundary: `StringEquals` or `ArnEquals`
    /// (or a `…Like` without wildcards) on that key. A condition with `IfExists`, a negated
    /// operator, or a wildcard value pins nothing. An unconditional `Deny` of the action, or a
    /// permissions boundary that does not allow it, prevents the finding.
    ///
    /// ## Why it matters
    /// A boundary only caps delegated IAM administration if every principal the delegate
    /// creates gets the same boundary, and if the delegate cannot remove or replace it. Without
    /// the condition, a developer allowed to create roles for their Lambda functions can create
    /// a role with `AdministratorAccess` and no boundary, and use it.
    ///
    /// ## How to fix
    /// Allow creating principals only with the boundary set, and deny removing it:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Action": ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
    ///   "Resource": "arn:aws:iam::123456789012:role/app/*",
    ///   "Condition": {"StringEquals": {
    ///     "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/app-boundary"}}
    /// }
    /// ```
    pub static BOUNDARY_NOT_ENFORCED = {
        id: "boundary-not-enforced",
        severity: Medium,
        area: Iam,
        controls: [],
        run: Runner::Principals(check),
    }
}

const SETS_BOUNDARY: [&str; 6] = [
    "iam:CreateUser",
    "iam:CreateRole",
    "iam:PutUserPermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
];

fn actions() -> &'static [ActionId] {
    static IDS: OnceLock<Vec<ActionId>> = OnceLock::new();
    IDS.get_or_init(|| SETS_BOUNDARY.iter().filter_map(|a| Catalog::get().find_action(a)).collect())
}

/// Whether the statement's conditions pin `iam:PermissionsBoundary` to named policies.
fn pins_boundary(g: &Grant) -> bool {
    g.statement.condition.iter().flat_map(|c| &c.clauses).any(|clause| {
        if !clause.key.value.eq_ignore_ascii_case("iam:PermissionsBoundary") {
            return false;
        }
        let op = clause.operator.value.to_ascii_lowercase();
        let op = op.trim_start_matches("forallvalues:").trim_start_matches("foranyvalue:");
        let wildcard = clause.values.iter().any(|v| v.value.contains(['*', '?']));
        match op {
            "stringequals" | "arnequals" | "stringequalsignorecase" => !clause.values.is_empty(),
            "stringlike" | "arnlike" => !clause.values.is_empty() && !wildcard,
            _ => false,
        }
    })
}

fn check(account: &Account, sink: &mut Sink) {
    for principal in account.principals() {
        let e = account.effective(principal);
        let mut used = Vec::new();
        for &id in actions() {
            if e.is_denied(id) || !e.boundary_allows(id) {
                continue;
            }
            let unpinned =
                e.allows().find(|(_, g)| g.effect == Effect::Allow && g.actions.contains(id) && !pins_boundary(g));
            if let Some(pair) = unpinned {
                used.push((id, pair));
            }
        }
        let Some((_, (holding, grant))) = used.first() else { continue };
        let site = principals::action_site(holding, grant);
        let named: Vec<String> = used.iter().map(|(id, (h, g))| principals::action_from(*id, h, g)).collect();
        let message = format!(
            "{} may {} without an `iam:PermissionsBoundary` condition that pins the boundary",
            e.label(),
            listed(&named)
        );
        let grants: Vec<_> = used.iter().map(|(_, pair)| *pair).collect();
        let path = principals::path(&e, &grants);
        principals::report(sink, &BOUNDARY_NOT_ENFORCED, &e, site, message, path, false);
    }
}
