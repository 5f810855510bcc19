use super::{active_keys, date, days_between, flag, no_now, not_a_date, user, Date, REPORT};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::time::{Evidence, DAY};
use crate::model::{Located, Model, Site};

declare_check! {
    /// Password or access key unused for 45 days or more.
    ///
    /// ## What it checks
    /// From the IAM credential report (the CSV, or `aws iam get-credential-report`):
    /// - a console password (`password_enabled` `true`) whose `password_last_used` is 45 days or
    ///   more before now; a password never used (`no_information`, or `N/A`) counts from when it
    ///   was set (`password_last_changed`, else `user_creation_time`);
    /// - an active access key (`access_key_N_active` `true`) whose `access_key_N_last_used_date`
    ///   is 45 days or more before now; a key never used (`N/A`) counts from its creation
    ///   (`access_key_N_last_rotated`).
    ///
    /// 45 days or more means at least 45 × 24 hours; the configuration's
    /// `thresholds.unused-credentials-days` changes the number. "Now" is the report's
    /// `GeneratedTime`, else the bundle's `captured`, else the `--now` option, else the clock.
    /// `list-access-keys` says nothing of use; it only names the keys the report also gives. The
    /// root user's password (`password_enabled` is `not_supported`) is not judged here.
    ///
    /// ## Why it matters
    /// A credential nobody uses is a credential nobody would notice being used by someone else:
    /// the user left, the script was retired, the key was forgotten in a repository. Removing
    /// it costs nothing. AWS Security Hub control IAM.22 and CIS 1.12 ask for credentials unused
    /// for 45 days to be removed or disabled.
    ///
    /// ## How to fix
    /// Deactivate the key (delete it once nothing complains) and remove the unused password:
    /// ```sh
    /// aws iam update-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive
    /// aws iam delete-login-profile --user-name alice
    /// ```
    pub static UNUSED_CREDENTIALS = {
        id: "unused-credentials",
        severity: Medium,
        area: Iam,
        controls: ["FSBP IAM.22", "CIS 1.12"],
        run: Runner::Snapshot { needs: REPORT, run: check },
    }
}

/// The check's state while it walks the credentials.
struct Judge<'s> {
    limit: i64,
    sink: &'s mut Sink,
    noted_no_now: bool,
}

impl Judge<'_> {
    /// The age in days of a credential last used at `last` (or, never used, created at
    /// `created`), when it is at the limit or over; notes what cannot be read.
    fn unused_days(
        &mut self,
        model: &Model,
        evidence: Evidence,
        last: &Located<String>,
        created: Option<&Located<String>>,
    ) -> Option<(i64, bool, String)> {
        let (at, never, from) = match date(last) {
            Date::At(at) => (at, false, last),
            Date::Unreadable => {
                not_a_date(&UNUSED_CREDENTIALS, self.sink, last);
                return None;
            }
            Date::Never => {
                let created = created?;
                match date(created) {
                    Date::At(at) => (at, true, created),
                    Date::Never => return None,
                    Date::Unreadable => {
                        not_a_date(&UNUSED_CREDENTIALS, self.sink, created);
                        return None;
                    }
                }
            }
        };
        let Some(now) = model.meta.now_for(evidence) else {
            self.no_now(last.site);
            return None;
        };
        if now.seconds - at < self.limit * DAY {
            return None;
        }
        let days = days_between(at, now.seconds);
        let since = format!("`{}`, {days} days before `{}`", from.value, now.text);
        Some((days, never, since))
    }

    fn no_now(&mut self, site: Site) {
        if !self.noted_no_now {
            no_now(&UNUSED_CREDENTIALS, self.sink, site);
            self.noted_no_now = true;
        }
    }
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    let mut judge = Judge { limit: i64::from(thresholds.unused_credentials_days), sink, noted_no_now: false };
    for row in &model.credential_report {
        if flag(row.get("password_enabled")) != Some(true) {
            continue;
        }
        let Some(last) = row.get("password_last_used") else { continue };
        let set = row
            .get("password_last_changed")
            .filter(|c| matches!(date(c), Date::At(_)))
            .or_else(|| row.get("user_creation_time"));
        let Some((_, never, since)) = judge.unused_days(model, Evidence::CredentialReport, last, set) else {
            continue;
        };
        let name = user(row);
        let message = if never {
            format!("`{name}`'s password was never used (`{}`) since it was set {since}", last.value)
        } else {
            format!("`{name}`'s password was last used {since}")
        };
        judge.sink.report(&UNUSED_CREDENTIALS, name, last.site, message);
    }
    for key in active_keys(model) {
        // Only the report says when a key was used, as of its `GeneratedTime`.
        let Some(last) = key.last_used else { continue };
        let Some((_, never, since)) = judge.unused_days(model, Evidence::CredentialReport, last, key.created) else {
            continue;
        };
        let (owner, label) = (key.owner(), key.label());
        let message = if never {
            format!("`{owner}`'s {label} was never used (`{}`) since it was created {since}", last.value)
        } else {
            format!("`{owner}`'s {label} was last used {since}")
        };
        judge.sink.report(&UNUSED_CREDENTIALS, owner, last.site, message);
    }
}
