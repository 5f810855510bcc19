use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::input::PolicyKind;

use super::common::{condition_keys, is_public, listed, public_principal_text, restricting_clause};

declare_check! {
    /// Role trust policy lets anyone assume the role.
    ///
    /// ## What it checks
    /// A role trust policy `Allow` statement whose principal is `"*"` or `{"AWS": "*"}` and
    /// whose `Condition` does not restrict the caller to an organization, account, principal,
    /// network or source (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`,
    /// `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceIp`, `aws:SourceVpce`, … with an
    /// operator that asks for a match). `sts:ExternalId` alone does not count: it is a shared
    /// value, not an identity, and anyone who learns it may assume the role.
    ///
    /// ## Why it matters
    /// Every AWS account in the world — including an attacker's — can call `sts:AssumeRole`
    /// on this role and receive its permissions, from anywhere, with no trace in your
    /// account beyond CloudTrail. A single open trust policy on a privileged role is a full
    /// account compromise; scanners look for such roles by guessing common role names.
    ///
    /// ## How to fix
    /// Name the accounts or roles that may assume it (or keep `*` and pin the organization):
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Principal": {"AWS": "arn:aws:iam::111122223333:role/deployer"},
    ///   "Action": "sts:AssumeRole"
    /// }
    /// ```
    pub static TRUST_ANY_PRINCIPAL = {
        id: "trust-any-principal",
        severity: Critical,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    if policy.kind != PolicyKind::Trust {
        return;
    }
    for st in policy.statements.iter().filter(|s| s.is_allow()) {
        let Some(principal) = st.principal.as_deref().filter(|p| is_public(p)) else { continue };
        if restricting_clause(st).is_some() {
            continue;
        }
        let shown = public_principal_text(principal);
        let tail = if st.has_condition() {
            format!("; its condition on {} does not restrict who", listed(&condition_keys(st)))
        } else {
            " with no condition".to_string()
        };
        sink.on_policy(
            &TRUST_ANY_PRINCIPAL,
            policy,
            principal.span,
            format!("{} lets anyone ({shown}) assume the role{tail}", st.label()),
        );
    }
}
