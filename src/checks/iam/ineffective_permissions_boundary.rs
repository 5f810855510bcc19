use crate::base::Severity;
use crate::checks::{declare_check, RawFinding, Runner, Sink};
use crate::iam::account::{Account, Boundary};

use super::principals;
use super::privilege_escalation::is_admin_grant;

declare_check! {
    /// Permissions boundary limits nothing, or is not in the snapshot.
    ///
    /// ## What it checks
    /// From `aws iam get-account-authorization-details`: a user or role whose
    /// `PermissionsBoundary` is a policy that itself allows `*` on `*` (with no condition that
    /// narrows it), so that the boundary caps nothing. A boundary that names a policy whose
    /// document the file does not hold is reported at `info`: what it allows is unknown, and
    /// the other principal checks take it as allowing everything.
    ///
    /// ## Why it matters
    /// A boundary is there to cap what a principal can ever do, whatever policies it is given
    /// later. One that allows everything looks like a control in a review and in the console
    /// but stops nothing: a principal allowed to attach policies to itself still becomes
    /// administrator.
    ///
    /// ## How to fix
    /// Make the boundary list what principals of this kind may ever do, for example:
    /// ```json
    /// {
    ///   "Version": "2012-10-17",
    ///   "Statement": [
    ///     {"Effect": "Allow", "Action": ["s3:*", "dynamodb:*", "logs:*"], "Resource": "*"},
    ///     {"Effect": "Deny", "Action": ["iam:*", "organizations:*"], "Resource": "*"}
    ///   ]
    /// }
    /// ```
    pub static INEFFECTIVE_PERMISSIONS_BOUNDARY = {
        id: "ineffective-permissions-boundary",
        severity: Medium,
        area: Iam,
        controls: [],
        run: Runner::Principals(check),
    }
}

fn check(account: &Account, sink: &mut Sink) {
    for principal in account.principals() {
        if principal.boundary.is_none() {
            continue;
        }
        let e = account.effective(principal);
        match &e.boundary {
            Boundary::Known(b) => {
                let Some(g) = b.grants.iter().find(|g| is_admin_grant(g)) else { continue };
                let message = format!(
                    "the permissions boundary `{}` of {} allows `*` on `*` ({}): it limits nothing",
                    b.name,
                    e.label(),
                    g.statement.label()
                );
                let path = principals::path(&e, &[(b, g)]);
                principals::report(
                    sink,
                    &INEFFECTIVE_PERMISSIONS_BOUNDARY,
                    &e,
                    b.at(g.statement.span),
                    message,
                    path,
                    false,
                );
            }
            Boundary::Missing(arn) => {
                let message = format!(
                    "the permissions boundary `{}` of {} is not in the snapshot: what it allows is unknown",
                    arn.value,
                    e.label()
                );
                sink.findings.push(RawFinding {
                    rule: &INEFFECTIVE_PERMISSIONS_BOUNDARY.rule,
                    resource: principal.name.clone(),
                    message,
                    site: arn.site,
                    lowered: false,
                    path: vec![(e.label(), principal.arn.site)],
                    raised: false,
                    fixed: Some(Severity::Info),
                });
            }
            Boundary::None => {}
        }
    }
}
