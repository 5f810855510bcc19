use std::sync::OnceLock;

use crate::checks::{declare_check, Runner, Sink};
use crate::iam::account::{Account, Boundary};
use crate::iam::catalog::{ActionId, Catalog};
use crate::model::PrincipalKind;

use super::common::listed;
use super::principals;

declare_check! {
    /// User or role that can change IAM principals has no permissions boundary.
    ///
    /// ## What it checks
    /// From `aws iam get-account-authorization-details`: a user or role whose effective
    /// permissions (its own policies and, for a user, its groups') allow creating or changing
    /// IAM principals or their policies — `iam:CreateUser`, `iam:CreateRole`,
    /// `iam:Put{User,Group,Role}Policy`, `iam:Attach{User,Group,Role}Policy`,
    /// `iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`, `iam:AddUserToGroup`,
    /// `iam:UpdateAssumeRolePolicy` — on any resource, and that has no `PermissionsBoundary`.
    /// An action an unconditional `Deny` removes does not count. The message names each action
    /// and the policy and statement that grant it.
    ///
    /// ## Why it matters
    /// Whoever may write IAM policies may write themselves, or a principal they create, more
    /// access than they were given. A permissions boundary caps what such a principal (and,
    /// with `boundary-not-enforced` in mind, what it creates) can ever do, whatever policies
    /// are attached later: it is how IAM administration is delegated safely.
    ///
    /// ## How to fix
    /// Attach a boundary that allows only what the principal's job needs:
    /// ```sh
    /// aws iam put-role-permissions-boundary --role-name deployer \
    ///   --permissions-boundary arn:aws:iam::123456789012:policy/deployer-boundary
    /// ```
    pub static MISSING_PERMISSIONS_BOUNDARY = {
        id: "missing-permissions-boundary",
        severity: Medium,
        area: Iam,
        controls: [],
        run: Runner::Principals(check),
    }
}

/// The actions that create or change IAM principals or their policies.
const CHANGES_PRINCIPALS: [&str; 12] = [
    "iam:CreateUser",
    "iam:CreateRole",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AddUserToGroup",
    "iam:UpdateAssumeRolePolicy",
];

fn actions() -> &'static [ActionId] {
    static IDS: OnceLock<Vec<ActionId>> = OnceLock::new();
    IDS.get_or_init(|| CHANGES_PRINCIPALS.iter().filter_map(|a| Catalog::get().find_action(a)).collect())
}

fn check(account: &Account, sink: &mut Sink) {
    for principal in account.principals() {
        if principal.kind == PrincipalKind::Group || principal.boundary.is_some() {
            continue;
        }
        let e = account.effective(principal);
        if !matches!(e.boundary, Boundary::None) {
            continue;
        }
        let used: Vec<_> = actions().iter().filter_map(|&id| Some((id, e.allowing(id)?))).collect();
        if used.is_empty() {
            continue;
        }
        let named: Vec<String> = used.iter().map(|(id, (h, g))| principals::action_from(*id, h, g)).collect();
        let message = format!(
            "{} can change IAM principals or their policies ({}) and has no permissions boundary",
            e.label(),
            listed(&named)
        );
        let grants: Vec<_> = used.iter().map(|(_, pair)| *pair).collect();
        let path = principals::path(&e, &grants);
        principals::report(sink, &MISSING_PERMISSIONS_BOUNDARY, &e, principal.arn.site, message, path, false);
    }
}
