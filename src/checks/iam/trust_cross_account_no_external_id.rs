use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::eval::arn::Arn;
use crate::iam::eval::principal::is_account_id;
use crate::iam::eval::Operator;
use crate::input::policy::PrincipalType;
use crate::input::PolicyKind;

use super::common::listed;

declare_check! {
    /// Role can be assumed from another account without an external id.
    ///
    /// ## What it checks
    /// A role trust policy, when the role's own account is known (from `aws iam get-role`,
    /// whose `Arn` names it), with an `Allow` statement that lets another account — its root,
    /// or a user or role in it — assume the role without an `sts:ExternalId` condition that
    /// asks for a match. Service principals, identity providers and the role's own account
    /// are not cross-account; `"*"` is `trust-any-principal`'s.
    ///
    /// ## Why it matters
    /// Roles trusted by a third party (a monitoring, backup or cost vendor) are open to the
    /// *confused deputy* attack: another customer of the same vendor can give the vendor your
    /// role's ARN, and the vendor, acting for them, assumes your role. An external id that
    /// the vendor generates per customer and sends with every `AssumeRole` call stops this;
    /// AWS requires it in its guidance for third-party access.
    ///
    /// ## How to fix
    /// Add the external id the vendor gave you:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    ///   "Action": "sts:AssumeRole",
    ///   "Condition": {"StringEquals": {"sts:ExternalId": "b7c2e0f4-unique-per-customer"}}
    /// }
    /// ```
    /// For your own accounts, pin the organization with `aws:PrincipalOrgID` instead.
    pub static TRUST_CROSS_ACCOUNT_NO_EXTERNAL_ID = {
        id: "trust-cross-account-no-external-id",
        severity: Medium,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    let Some(owner) = policy.account.as_deref().filter(|_| policy.kind == PolicyKind::Trust) else { return };
    for st in policy.statements.iter().filter(|s| s.is_allow()) {
        let Some(principal) = &st.principal else { continue };
        let external_id = st.condition.iter().flat_map(|c| &c.clauses).any(|c| {
            c.key.value.eq_ignore_ascii_case("sts:ExternalId")
                && Operator::parse(&c.operator.value).is_some_and(|op| op.is_positive() && !op.if_exists)
        });
        if external_id {
            continue;
        }
        let mut accounts: Vec<String> = Vec::new();
        let mut at = None;
        for (ty, entry) in &principal.entries {
            if *ty != PrincipalType::Aws {
                continue;
            }
            let account = if is_account_id(&entry.value) {
                Some(entry.value.as_str())
            } else {
                Arn::parse(&entry.value).map(|a| a.account).filter(|a| is_account_id(a))
            };
            if let Some(account) = account.filter(|a| *a != owner) {
                let shown = format!("`{account}`");
                if !accounts.contains(&shown) {
                    accounts.push(shown);
                }
                at.get_or_insert(entry.span);
            }
        }
        let Some(span) = at else { continue };
        let noun = if accounts.len() == 1 { "account" } else { "accounts" };
        sink.on_policy(
            &TRUST_CROSS_ACCOUNT_NO_EXTERNAL_ID,
            policy,
            span,
            format!(
                "{} lets {noun} {} assume the role (owned by `{owner}`) without an `sts:ExternalId` condition",
                st.label(),
                listed(&accounts)
            ),
        );
    }
}
