use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::identity::is_aws_managed;
use crate::model::Model;

declare_check! {
    /// Customer-managed policy is used nowhere.
    ///
    /// ## What it checks
    /// From `aws iam get-account-authorization-details`: a customer-managed policy whose
    /// `AttachmentCount` is `0` and whose `PermissionsBoundaryUsageCount` is `0` (a policy used
    /// only as a permissions boundary is in use). AWS managed policies are not the account's
    /// to delete and are not flagged; a policy whose counts the file does not give is not
    /// judged.
    ///
    /// ## Why it matters
    /// Unused policies are clutter that reviews still have to read, and a ready-made grant
    /// waiting to be attached: a broad one left behind is one `attach-*-policy` away from being
    /// live again. Removing what is not used keeps the account's IAM reviewable.
    ///
    /// ## How to fix
    /// Delete the policy (its non-default versions first):
    /// ```sh
    /// aws iam list-policy-versions --policy-arn arn:aws:iam::123456789012:policy/old-policy
    /// aws iam delete-policy-version --policy-arn arn:aws:iam::123456789012:policy/old-policy --version-id v1
    /// aws iam delete-policy --policy-arn arn:aws:iam::123456789012:policy/old-policy
    /// ```
    pub static UNATTACHED_POLICY = {
        id: "unattached-policy",
        severity: Info,
        area: Iam,
        controls: [],
        run: Runner::Snapshot { needs: &["iam.get-account-authorization-details"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for policy in &model.managed_policies {
        if is_aws_managed(&policy.arn.value) {
            continue;
        }
        let (Some(attached), Some(boundary)) = (&policy.attachment_count, &policy.boundary_usage_count) else {
            continue;
        };
        if attached.value != 0 || boundary.value != 0 {
            continue;
        }
        let name = policy.display_name();
        let message =
            format!("`{name}` is attached to no user, group or role and is no principal's permissions boundary");
        sink.report(&UNATTACHED_POLICY, name.to_string(), attached.site, message);
    }
}
