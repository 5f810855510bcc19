use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::input::PolicyKind;

use super::common::{only_non_narrowing_conditions, report_statement};

declare_check! {
    /// Policy grants full administrator access.
    ///
    /// ## What it checks
    /// An identity policy statement that allows every action — `"Action": "*"`, or a pattern
    /// that covers every action in the IAM catalogue — on `"Resource": "*"`, with no
    /// `Condition`. Under a condition that does not restrict the caller or the resources — only
    /// TLS, region, the calling service, the account or organization, or the time — it is
    /// still administrator access, reported one severity lower with the condition named. A
    /// statement with a restricting condition (MFA, source IP, tags, …), a `Deny`, or a
    /// narrower action such as `s3:Get*` is not flagged here. Resource and trust policies are left to the checks made
    /// for them, because there `*` means "this resource" rather than "everything".
    ///
    /// ## Why it matters
    /// Whoever holds this policy can do anything in the account: read every secret, delete
    /// every backup, create new users and keys, and turn off CloudTrail to hide it. One leaked
    /// access key or one compromised workload becomes a full account takeover. AWS Security Hub
    /// control IAM.1 fails for any customer-managed policy with this statement.
    ///
    /// ## How to fix
    /// Grant the actions the workload uses, on the resources it uses, and keep true
    /// administrator access for a few break-glass roles that require MFA:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Action": ["s3:GetObject", "s3:PutObject"],
    ///   "Resource": "arn:aws:s3:::app-uploads/*"
    /// }
    /// ```
    /// IAM Access Analyzer's policy generation can draft such a policy from CloudTrail activity.
    pub static ADMIN_ACCESS = {
        id: "admin-access",
        severity: Critical,
        area: Iam,
        controls: ["FSBP IAM.1"],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind != PolicyKind::Identity {
        return;
    }
    for grant in policy.permissions.allows() {
        let st = grant.statement;
        let conditional = st.has_condition();
        if grant.not_action || (conditional && !only_non_narrowing_conditions(st)) || !st.on_all_resources() {
            continue;
        }
        let Some(list) = &st.action else { continue };
        let every = list.iter().zip(&grant.items).find(|(_, set)| set.is_all());
        if let Some((item, _)) = every {
            let unconditioned = if conditional { "" } else { " with no condition" };
            let message = format!("{} allows `{}` on `*`{unconditioned}", st.label(), item.value);
            report_statement(sink, &ADMIN_ACCESS, policy, st, st.span, message);
        }
    }
}
