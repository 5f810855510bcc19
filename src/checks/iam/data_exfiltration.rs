use std::sync::OnceLock;

use crate::checks::{declare_check, Reviewed, Runner, Sink};
use crate::iam::catalog::{ActionSet, Catalog};
use crate::iam::sensitive::{Tier, EXFILTRATION_ACTIONS};

use super::common::{action_set, listed, report_statement, resource_phrase, sensitive_on_all_resources};

declare_check! {
    /// Policy allows reading secrets or stored data on every resource.
    ///
    /// ## What it checks
    /// An identity policy `Allow` statement that grants, on `*` (or on every resource of the
    /// type, such as `arn:aws:s3:::*/*`, or through `NotResource`), actions that read data
    /// stores or secrets: `s3:GetObject`, `ssm:GetParameter(s)`, `ssm:GetParametersByPath`,
    /// `secretsmanager:GetSecretValue`, `kms:Decrypt`, `dynamodb:Scan`/`Query`/`GetItem`,
    /// `rds:CreateDBSnapshot`, `logs:GetLogEvents`, `lambda:GetFunction` and others — 35
    /// actions in three tiers (secrets, bulk data, metadata that may hold secrets), checked
    /// against the IAM catalogue. Wildcards count (`s3:Get*`, `ssm:*`). One finding per
    /// statement, listing the actions by tier; under a condition the finding is one severity
    /// lower and names it. Statements allowing every action are left to `admin-access`.
    ///
    /// ## Why it matters
    /// Read access on `*` means every bucket, table, parameter and secret in the account,
    /// including ones created later for other teams. A leaked key or a compromised
    /// workload with this statement can copy out customer data and the secrets that unlock
    /// the next system. cloudsplaining reports the same risk as "data exfiltration".
    ///
    /// ## How to fix
    /// Name the stores the workload reads, using path prefixes where they fit:
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Action": ["ssm:GetParameter", "ssm:GetParametersByPath"],
    ///   "Resource": "arn:aws:ssm:eu-west-1:123456789012:parameter/app/prod/*"
    /// }
    /// ```
    pub static DATA_EXFILTRATION = {
        id: "data-exfiltration",
        severity: High,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn exfiltration_actions() -> &'static ActionSet {
    static SET: OnceLock<ActionSet> = OnceLock::new();
    SET.get_or_init(|| action_set(EXFILTRATION_ACTIONS.iter().map(|s| s.action)))
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    let catalog = Catalog::get();
    for (grant, hits) in sensitive_on_all_resources(policy, exfiltration_actions()) {
        let st = grant.statement;
        let mut tiers: Vec<(Tier, Vec<String>)> = Vec::new();
        for id in &hits {
            let name = catalog.qualified_name(id);
            let Some(entry) = EXFILTRATION_ACTIONS.iter().find(|s| s.action == name) else { continue };
            match tiers.iter_mut().find(|(t, _)| *t == entry.tier) {
                Some((_, names)) => names.push(format!("`{name}`")),
                None => tiers.push((entry.tier, vec![format!("`{name}`")])),
            }
        }
        tiers.sort_by_key(|(t, _)| *t);
        let parts: Vec<String> = tiers.iter().map(|(t, names)| format!("{} ({})", t.as_str(), listed(names))).collect();
        let message = format!("{} gives access to {} on {}", st.label(), parts.join("; "), resource_phrase(grant));
        report_statement(sink, &DATA_EXFILTRATION, policy, st, grant.resource_span(), message);
    }
}
