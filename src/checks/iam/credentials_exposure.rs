use std::sync::OnceLock;

use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::ActionSet;
use crate::iam::sensitive::{CALLER_OWN_CREDENTIALS, CREDENTIAL_ACTIONS};

use super::common::{action_names, action_set, listed, report_statement, resource_phrase, sensitive_on_all_resources};

declare_check! {
    /// Policy allows actions that return credentials on every resource.
    ///
    /// ## What it checks
    /// An identity policy `Allow` statement that grants, on `*` (or on every resource of the
    /// type, or through `NotResource`), any action whose response is a credential: new access
    /// keys (`iam:CreateAccessKey`), passwords (`iam:CreateLoginProfile`,
    /// `lightsail:GetRelationalDatabaseMasterUserPassword`), tokens
    /// (`redshift:GetClusterCredentials`, `grafana:CreateWorkspaceApiKey`), temporary role
    /// credentials (`sts:AssumeRole`, `sts:GetFederationToken`) or database logins
    /// (`rds-db:connect`) — the 45 actions of the credential-exposure lists of cloudsplaining,
    /// parliament and `policy_sentry`, checked against the IAM catalogue, less six that only
    /// return the caller's own credential (`ecr:GetAuthorizationToken`,
    /// `sts:GetSessionToken`, …), which give no new access. Wildcards count
    /// (`iam:Create*`). One finding per statement, listing the actions; under a condition the
    /// finding is one severity lower and names it. Statements allowing every action are left
    /// to `admin-access`.
    ///
    /// ## Why it matters
    /// A credential outlives the session that obtained it: an access key created for another
    /// user, a database password or a federation token lets an attacker come back later as
    /// someone else, outside the controls on the original principal. On `*` the holder can
    /// mint credentials for *every* user, cluster or database in the account.
    ///
    /// ## How to fix
    /// Scope credential actions to the principals or resources that need them — often the
    /// caller itself:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Action": ["iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey"],
    ///   "Resource": "arn:aws:iam::123456789012:user/${aws:username}"
    /// }
    /// ```
    pub static CREDENTIALS_EXPOSURE = {
        id: "credentials-exposure",
        severity: High,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn credential_actions() -> &'static ActionSet {
    static SET: OnceLock<ActionSet> = OnceLock::new();
    SET.get_or_init(|| {
        let own = |a: &&str| CALLER_OWN_CREDENTIALS.contains(a);
        action_set(CREDENTIAL_ACTIONS.iter().map(|s| s.action).filter(|a| !own(a)))
    })
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    for (grant, hits) in sensitive_on_all_resources(policy, credential_actions()) {
        let st = grant.statement;
        let names = action_names(&hits);
        let noun = if names.len() == 1 { "an action that returns" } else { "actions that return" };
        let message =
            format!("{} allows {noun} credentials on {}: {}", st.label(), resource_phrase(grant), listed(&names));
        report_statement(sink, &CREDENTIALS_EXPOSURE, policy, st, grant.resource_span(), message);
    }
}
