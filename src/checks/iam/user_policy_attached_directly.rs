use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{Model, PrincipalKind};

use super::common::listed;

declare_check! {
    /// User holds policies of its own instead of through groups.
    ///
    /// ## What it checks
    /// From `aws iam get-account-authorization-details`: a user with inline policies
    /// (`UserPolicyList`) or managed policies attached to the user itself
    /// (`AttachedManagedPolicies`), rather than only through the groups it belongs to. The
    /// message names the policies.
    ///
    /// ## Why it matters
    /// Permissions given user by user drift: two people with the same job end up with
    /// different access, and leavers keep grants nobody remembers. Granting through groups
    /// (or roles) keeps access reviewable per job. AWS Security Hub control IAM.2 fails for
    /// such users.
    ///
    /// ## How to fix
    /// Put the user in a group that holds the policy, then remove the user's own:
    /// ```sh
    /// aws iam add-user-to-group --user-name alice --group-name developers
    /// aws iam detach-user-policy --user-name alice \
    ///   --policy-arn arn:aws:iam::123456789012:policy/developer-access
    /// aws iam delete-user-policy --user-name alice --policy-name alice-extra
    /// ```
    pub static USER_POLICY_ATTACHED_DIRECTLY = {
        id: "user-policy-attached-directly",
        severity: Low,
        area: Iam,
        controls: ["FSBP IAM.2"],
        run: Runner::Snapshot { needs: &["iam.get-account-authorization-details"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for user in model.principals.iter().filter(|p| p.kind == PrincipalKind::User) {
        let inline: Vec<String> = user.inline.iter().map(|p| format!("`{}`", p.value)).collect();
        let attached: Vec<String> =
            user.attached.iter().map(|p| format!("`{}`", p.value.rsplit('/').next().unwrap_or(&p.value))).collect();
        let Some(first) = user.inline.first().or(user.attached.first()) else { continue };
        let mut parts = Vec::new();
        if !inline.is_empty() {
            parts.push(format!("inline {}", listed(&inline)));
        }
        if !attached.is_empty() {
            parts.push(format!("attached {}", listed(&attached)));
        }
        let message =
            format!("user `{}` holds policies of its own ({}) rather than through groups", user.name, parts.join("; "));
        sink.report(&USER_POLICY_ATTACHED_DIRECTLY, user.name.clone(), first.site, message);
    }
}
