use super::{flag, user, KEY_COLUMNS, REPORT, ROOT};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// The root user has an active access key.
    ///
    /// ## What it checks
    /// The `<root_account>` row of the IAM credential report (the CSV, or
    /// `aws iam get-credential-report`): a finding for each of `access_key_1_active` and
    /// `access_key_2_active` that is `true`, located at that column.
    ///
    /// ## Why it matters
    /// The root user's access key can do anything in the account, including closing it, and
    /// no policy, permissions boundary or service control policy restricts it. A key leaked
    /// from a laptop, a script or a repository is the whole account. AWS Security Hub control
    /// IAM.4 and CIS 1.4 ask that the root user have no access key at all.
    ///
    /// ## How to fix
    /// Sign in as the root user, then under *Security credentials* deactivate and delete the
    /// key (root keys cannot be managed through IAM policies). What used it should use an IAM
    /// role instead. To check afterwards:
    /// ```sh
    /// aws iam get-account-summary --query 'SummaryMap.AccountAccessKeysPresent'
    /// ```
    pub static ROOT_ACCESS_KEY = {
        id: "root-access-key",
        severity: Critical,
        area: Iam,
        controls: ["FSBP IAM.4", "CIS 1.4"],
        run: Runner::Snapshot { needs: REPORT, run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    for row in model.credential_report.iter().filter(|row| user(row) == ROOT) {
        for (slot, [active, rotated, _]) in KEY_COLUMNS {
            let Some(active) = row.get(active) else { continue };
            if flag(Some(active)) != Some(true) {
                continue;
            }
            let created = row.get(rotated).map(|c| format!(", created `{}`", c.value)).unwrap_or_default();
            let message = format!("`{ROOT}` has an active access key (key {slot}{created})");
            sink.report(&ROOT_ACCESS_KEY, ROOT, active.site, message);
        }
    }
}
