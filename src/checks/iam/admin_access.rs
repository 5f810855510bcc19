use std::fmt::Write as _;

use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::account::{Account, Boundary, Effective, Held, Holding};
use crate::iam::eval::Grant;
use crate::input::PolicyKind;
use crate::model::Site;

use super::common::{condition_keys, only_non_narrowing_conditions, report_statement};
use super::principals;
use super::privilege_escalation::is_admin_grant;

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
    /// With `aws iam get-account-authorization-details`, each user, group and role is also
    /// judged on its effective permissions (its inline and attached policies, and a user's
    /// groups'): it is flagged when one of them grants `*` on `*` as above, or when it holds the
    /// AWS managed `AdministratorAccess` (known by its ARN even when the file lacks its
    /// document), unless an unconditional `Deny` takes some action away or its permissions
    /// boundary does not itself allow `*` on `*`. The finding names the principal and the
    /// policy and statement that make it administrator. An AWS managed policy's own document
    /// is not reported (nobody in the account can edit it): the principals that hold it are.
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
        run: Runner::PolicyAndPrincipals { policy: check, principals: check_principals },
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

/// What makes a principal administrator.
pub(crate) enum Admin<'e, 'a> {
    /// A statement that allows `*` on `*`.
    Grant(&'e Holding<'a>, &'a Grant<'a>),
    /// The AWS managed `AdministratorAccess`, attached where `Site` is.
    ByArn(Site, Held<'a>),
}

/// Whether a principal has administrator access on its effective permissions, and why.
pub(crate) fn principal_admin<'e, 'a>(e: &'e Effective<'a>) -> Option<Admin<'e, 'a>> {
    if !e.denied().is_empty() {
        return None;
    }
    if let Boundary::Known(b) = &e.boundary {
        if !b.grants.iter().any(is_admin_grant) {
            return None;
        }
    }
    if let Some((h, g)) = e.allows().find(|(_, g)| is_admin_grant(g)) {
        return Some(Admin::Grant(h, g));
    }
    e.administrator_access.map(|(site, held)| Admin::ByArn(site, held))
}

fn check_principals(account: &Account, sink: &mut Sink) {
    for principal in account.principals() {
        let e = account.effective(principal);
        let Some(admin) = principal_admin(&e) else { continue };
        let (site, from, path, lowered) = match admin {
            Admin::Grant(h, g) => {
                let st = g.statement;
                let mut from = format!("`*` on `*` from {}", principals::provenance(h, g));
                if st.has_condition() {
                    let _ = write!(from, " (only under conditions on {})", condition_keys(st).join(", "));
                }
                (h.at(st.span), from, principals::path(&e, &[(h, g)]), st.has_condition())
            }
            Admin::ByArn(site, held) => {
                let holding = match held {
                    Held::Group { group, .. } => format!(" (attached) of group `{group}`"),
                    _ => " (attached)".to_string(),
                };
                let from = format!("the AWS managed `AdministratorAccess`{holding}");
                (
                    site,
                    from,
                    vec![(e.label(), principal.arn.site), (format!("`AdministratorAccess`{holding}"), site)],
                    false,
                )
            }
        };
        let mut message = format!("{} has administrator access: {from}", e.label());
        if let Boundary::Missing(b) = &e.boundary {
            let _ = write!(message, "; its permissions boundary `{}` is not in the input and may limit it", b.value);
        }
        principals::report(sink, &ADMIN_ACCESS, &e, site, message, path, lowered);
    }
}
