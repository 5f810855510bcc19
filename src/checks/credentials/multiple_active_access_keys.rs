use super::{active_keys, by_owner, REPORT_OR_KEYS};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// User has two active access keys.
    ///
    /// ## What it checks
    /// Every user with two active access keys — `access_key_1_active` and `access_key_2_active`
    /// both `true` in the IAM credential report (the CSV, or `aws iam get-credential-report`),
    /// or two entries with `Status` `Active` in `aws iam list-access-keys`. A key both inputs
    /// give counts once. The finding is located at the second key.
    ///
    /// ## Why it matters
    /// A second key is meant for the few minutes of a rotation. Two keys left active mean the
    /// rotation was never finished: the old key still works wherever it was copied, and nobody
    /// knows which one a given script uses. CIS 1.13 asks for at most one active key per user.
    ///
    /// ## How to fix
    /// Find which key is still in use (`access_key_N_last_used_date` in the credential report),
    /// then deactivate the other and delete it once nothing breaks:
    /// ```sh
    /// aws iam get-access-key-last-used --access-key-id AKIAIOSFODNN7EXAMPLE
    /// aws iam update-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive
    /// ```
    pub static MULTIPLE_ACTIVE_ACCESS_KEYS = {
        id: "multiple-active-access-keys",
        severity: Low,
        area: Iam,
        controls: ["CIS 1.13"],
        run: Runner::Snapshot { needs: REPORT_OR_KEYS, run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let keys = active_keys(model);
    for (owner, keys) in by_owner(&keys) {
        let Some(second) = keys.get(1) else { continue };
        let labels: Vec<String> = keys.iter().map(|k| k.short()).collect();
        let message = format!("`{owner}` has {} active access keys: {}", keys.len(), labels.join(" and "));
        sink.report(&MULTIPLE_ACTIVE_ACCESS_KEYS, owner, second.site, message);
    }
}
