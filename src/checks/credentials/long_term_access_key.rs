use super::{active_keys, by_owner, REPORT_OR_KEYS};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// User holds a long-term access key.
    ///
    /// ## What it checks
    /// Every user with an active access key — `access_key_1_active`/`access_key_2_active`
    /// `true` in the IAM credential report (the CSV, or `aws iam get-credential-report`),
    /// `Status` `Active` in `aws iam list-access-keys` — the root user included. One finding per
    /// user, located at their first active key; a key both inputs give counts once.
    ///
    /// ## Why it matters
    /// An access key is a password that never expires and needs no MFA: whoever copies it acts
    /// as the user until someone notices and deletes it. Temporary credentials (an IAM role
    /// assumed by a workload, IAM Identity Center for people, OIDC federation for CI) expire
    /// within hours and leave nothing long-lived to leak.
    ///
    /// ## How to fix
    /// Give the workload a role (an instance profile, a task or function role, or OIDC from the
    /// CI provider) and people IAM Identity Center (`aws configure sso`), then delete the key:
    /// ```sh
    /// aws iam delete-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE
    /// ```
    pub static LONG_TERM_ACCESS_KEY = {
        id: "long-term-access-key",
        severity: Low,
        area: Iam,
        controls: [],
        run: Runner::Snapshot { needs: REPORT_OR_KEYS, run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let keys = active_keys(model);
    for (owner, keys) in by_owner(&keys) {
        let Some(first) = keys.first() else { continue };
        let labels: Vec<String> = keys.iter().map(|k| k.short()).collect();
        let what = if keys.len() == 1 {
            "an active access key".to_string()
        } else {
            format!("{} active access keys", keys.len())
        };
        let message = format!(
            "`{owner}` holds {what} ({}): prefer a role or IAM Identity Center's temporary credentials",
            labels.join(", ")
        );
        sink.report(&LONG_TERM_ACCESS_KEY, owner, first.site, message);
    }
}
