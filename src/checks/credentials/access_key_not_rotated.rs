use super::{active_keys, date, days_between, no_now, not_a_date, Date, REPORT_OR_KEYS};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::time::DAY;
use crate::model::Model;

declare_check! {
    /// Access key not rotated for more than 90 days.
    ///
    /// ## What it checks
    /// Every active access key — `access_key_1_active`/`access_key_2_active` `true` in the IAM
    /// credential report, `Status` `Active` in `aws iam list-access-keys` — created more than 90
    /// days before now (`access_key_N_last_rotated`, `CreateDate`; the configuration's
    /// `thresholds.access-key-max-age-days` changes the number). More than 90 days means more
    /// than 90 × 24 hours: a key 89 days and 23 hours old is not flagged. A key both inputs give
    /// (same user, same creation time) is judged once, as `list-access-keys` names it.
    ///
    /// "Now" is the report's `GeneratedTime` for the report's dates, the bundle's `captured` for
    /// `list-access-keys`, else the `--now` option, else the clock. A creation date that is not
    /// a date is noted on the input, not guessed.
    ///
    /// ## Why it matters
    /// An access key never expires. The older it is, the more places it has been copied to
    /// (laptops, CI variables, backups, old repositories) and the longer a leaked copy keeps
    /// working. AWS Security Hub control IAM.3 and CIS 1.14 ask for rotation every 90 days.
    ///
    /// ## How to fix
    /// Create a second key, move every user of the old one to it, then deactivate and delete
    /// the old key (better: replace the key with a role and temporary credentials):
    /// ```sh
    /// aws iam create-access-key --user-name alice
    /// aws iam update-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive
    /// aws iam delete-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE
    /// ```
    pub static ACCESS_KEY_NOT_ROTATED = {
        id: "access-key-not-rotated",
        severity: Medium,
        area: Iam,
        controls: ["FSBP IAM.3", "CIS 1.14"],
        run: Runner::Snapshot { needs: REPORT_OR_KEYS, run: check },
    }
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    let limit = i64::from(thresholds.access_key_max_age_days);
    let mut noted_no_now = false;
    for key in active_keys(model) {
        let Some(created) = key.created else { continue };
        let at = match date(created) {
            Date::At(at) => at,
            Date::Never => continue,
            Date::Unreadable => {
                not_a_date(&ACCESS_KEY_NOT_ROTATED, sink, created);
                continue;
            }
        };
        let Some(now) = key.now(model) else {
            if !noted_no_now {
                no_now(&ACCESS_KEY_NOT_ROTATED, sink, created.site);
                noted_no_now = true;
            }
            continue;
        };
        if now.seconds - at <= limit * DAY {
            continue;
        }
        let days = days_between(at, now.seconds);
        let age = if days > limit { format!("{days} days") } else { format!("just over {limit} days") };
        let message = format!(
            "`{}`'s {} was created `{}`, {age} before `{}`: over the {limit}-day limit",
            key.owner(),
            key.label(),
            created.value,
            now.text
        );
        sink.report(&ACCESS_KEY_NOT_ROTATED, key.owner(), created.site, message);
    }
}
