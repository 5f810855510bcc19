use super::{flag, user, REPORT};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// User signs in to the console with a password and no MFA.
    ///
    /// ## What it checks
    /// Rows of the IAM credential report (the CSV, or `aws iam get-credential-report`) whose
    /// `password_enabled` is `true` and `mfa_active` is `false`; the finding is located at
    /// `mfa_active`. The root user's `password_enabled` is `not_supported`: its MFA is
    /// `root-mfa-disabled`'s.
    ///
    /// ## Why it matters
    /// A password alone falls to phishing, reuse from another site's breach and password
    /// spraying; the console then gives whatever the user's policies allow. AWS Security Hub
    /// control IAM.5 and CIS 1.10 ask for MFA on every user with a console password.
    ///
    /// ## How to fix
    /// Have the user register an MFA device (a FIDO2 security key or passkey is phishing
    /// resistant), and deny everything but MFA registration until they do; or, if the user
    /// does not need the console, remove the password:
    /// ```sh
    /// aws iam delete-login-profile --user-name alice
    /// ```
    pub static CONSOLE_USER_WITHOUT_MFA = {
        id: "console-user-without-mfa",
        severity: High,
        area: Iam,
        controls: ["FSBP IAM.5", "CIS 1.10"],
        run: Runner::Snapshot { needs: REPORT, run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for row in &model.credential_report {
        let Some(mfa) = row.get("mfa_active") else { continue };
        if flag(row.get("password_enabled")) == Some(true) && flag(Some(mfa)) == Some(false) {
            let name = user(row);
            let message =
                format!("`{name}` has a console password and no MFA device (`mfa_active` is `{}`)", mfa.value);
            sink.report(&CONSOLE_USER_WITHOUT_MFA, name, mfa.site, message);
        }
    }
}
