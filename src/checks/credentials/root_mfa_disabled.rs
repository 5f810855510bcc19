use super::{flag, user, REPORT, ROOT};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// The root user has no MFA.
    ///
    /// ## What it checks
    /// The `<root_account>` row of the IAM credential report (the CSV, or
    /// `aws iam get-credential-report`) whose `mfa_active` is `false`; the finding is located at
    /// that column.
    ///
    /// ## Why it matters
    /// The root user can do anything in the account and cannot be restricted by policies. With
    /// no MFA device, its email address and a phished or reused password are all an attacker
    /// needs. AWS Security Hub control IAM.9 and CIS 1.5 ask for MFA on the root user.
    ///
    /// ## How to fix
    /// Sign in as the root user and, under *Security credentials*, assign an MFA device (a
    /// FIDO2 security key or passkey, or a hardware TOTP token kept in a safe). The credential
    /// report shows it from the next report on:
    /// ```sh
    /// aws iam generate-credential-report && aws iam get-credential-report --query Content --output text | base64 -d | grep '^<root_account>'
    /// ```
    pub static ROOT_MFA_DISABLED = {
        id: "root-mfa-disabled",
        severity: Critical,
        area: Iam,
        controls: ["FSBP IAM.9", "CIS 1.5"],
        run: Runner::Snapshot { needs: REPORT, run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for row in model.credential_report.iter().filter(|row| user(row) == ROOT) {
        let Some(mfa) = row.get("mfa_active") else { continue };
        if flag(Some(mfa)) == Some(false) {
            let message = format!("`{ROOT}` has no MFA device (`mfa_active` is `{}`)", mfa.value);
            sink.report(&ROOT_MFA_DISABLED, ROOT, mfa.site, message);
        }
    }
}
