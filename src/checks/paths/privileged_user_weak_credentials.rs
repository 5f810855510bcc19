use std::collections::HashMap;

use super::power;
use crate::checks::credentials::{active_keys, date, days_between, flag, Date, Key};
use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::iam::account::Account;
use crate::model::time::{Evidence, DAY};
use crate::model::{Model, PrincipalKind, Site};

declare_check! {
    /// Administrator (or escalation-capable) user with a weak credential.
    ///
    /// ## What it checks
    /// Every user of `aws iam get-account-authorization-details` that has administrator access
    /// or can escalate privileges, judged on its effective permissions exactly as the
    /// principal-level `admin-access` and `privilege-escalation` judge it, and that has a weak
    /// credential:
    /// - a console password without MFA (credential report: `password_enabled` `true`,
    ///   `mfa_active` `false`), as `console-user-without-mfa` reads it;
    /// - an active access key (credential report or `aws iam list-access-keys`) that
    ///   `access-key-not-rotated` flags (created more than 90 days ago) or `unused-credentials`
    ///   flags (last used 45 days ago or more; a key never used counts from its creation), with
    ///   the same thresholds (`thresholds.access-key-max-age-days`,
    ///   `thresholds.unused-credentials-days`) and the same "now".
    ///
    /// One finding per user, located at its first weak credential; its path goes from the
    /// user through the grants that make it powerful to each weak credential.
    ///
    /// ## Why it matters
    /// Each half is reported on its own, and each is often accepted on its own: a developer
    /// without MFA, an old key on an administrator. Together they are the shortest way to the
    /// whole account: one phished password, or one key leaked from a laptop or a repository,
    /// and the attacker holds everything the user can do, with nobody prompted for a second
    /// factor and, for a forgotten key, nobody who would notice its use.
    ///
    /// ## How to fix
    /// Fix the credential first (it is quick), then the permissions: require MFA, replace or
    /// delete the key, and give the user a role to assume for administration instead of
    /// standing rights:
    /// ```sh
    /// aws iam update-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive
    /// aws iam enable-mfa-device --user-name alice --serial-number arn:aws:iam::123456789012:mfa/alice \
    ///     --authentication-code1 123456 --authentication-code2 654321
    /// ```
    pub static PRIVILEGED_USER_WEAK_CREDENTIALS = {
        id: "privileged-user-weak-credentials",
        severity: Critical,
        area: Iam,
        controls: [],
        run: Runner::Joined {
            needs: &["iam.get-account-authorization-details", "iam.get-credential-report|iam.credential-report-csv|iam.list-access-keys"],
            run: check,
        },
    }
}

fn check(account: &Account, thresholds: &Thresholds, sink: &mut Sink) {
    let model = account.model;
    // Each user's active keys, grouped once.
    let mut keys: HashMap<&str, Vec<Key>> = HashMap::new();
    for key in active_keys(model) {
        if let Some(user) = key.user {
            keys.entry(user).or_default().push(key);
        }
    }
    for principal in account.principals().filter(|p| p.kind == PrincipalKind::User) {
        let mut weak: Vec<(String, Site)> = Vec::new();
        if let Some(row) = model.credential_report.get(&principal.arn.value) {
            if let Some(mfa) = row.get("mfa_active") {
                if flag(row.get("password_enabled")) == Some(true) && flag(Some(mfa)) == Some(false) {
                    weak.push((format!("console password without MFA (`mfa_active` is `{}`)", mfa.value), mfa.site));
                }
            }
        }
        for key in keys.get(principal.name.as_str()).into_iter().flatten() {
            if let Some(why) = old(model, key, thresholds).or_else(|| unused(model, key, thresholds)) {
                weak.push(why);
            }
        }
        let Some((_, first)) = weak.first() else { continue };
        let site = *first;
        let e = account.effective(principal);
        let Some(power) = power(&e, false) else { continue };
        let words: Vec<&str> = weak.iter().map(|(w, _)| w.as_str()).collect();
        let message = format!("{} has {} and a weak credential: {}", e.label(), power.what, words.join("; "));
        let mut path = power.hops;
        path.extend(weak);
        sink.report_path(&PRIVILEGED_USER_WEAK_CREDENTIALS, principal.name.clone(), site, message, path);
    }
}

/// The key as `access-key-not-rotated` flags it: created more than the limit before now.
fn old(model: &Model, key: &Key, thresholds: &Thresholds) -> Option<(String, Site)> {
    let limit = i64::from(thresholds.access_key_max_age_days);
    let created = key.created?;
    let Date::At(at) = date(created) else { return None };
    let now = key.now(model)?;
    if now.seconds - at <= limit * DAY {
        return None;
    }
    let days = days_between(at, now.seconds);
    let label = key.label();
    Some((
        format!("{label} created `{}`, {days} days before `{}`: over the {limit}-day limit", created.value, now.text),
        created.site,
    ))
}

/// The key as `unused-credentials` flags it: last used (or, never used, created) the limit or
/// more before now, by the credential report.
fn unused(model: &Model, key: &Key, thresholds: &Thresholds) -> Option<(String, Site)> {
    let limit = i64::from(thresholds.unused_credentials_days);
    let last = key.last_used?;
    let (at, never) = match date(last) {
        Date::At(at) => (at, false),
        Date::Never => match date(key.created?) {
            Date::At(at) => (at, true),
            _ => return None,
        },
        Date::Unreadable => return None,
    };
    let now = model.meta.now_for(Evidence::CredentialReport)?;
    if now.seconds - at < limit * DAY {
        return None;
    }
    let days = days_between(at, now.seconds);
    let label = key.label();
    let what = if never {
        format!("{label} never used (`{}`) in the {days} days since it was created", last.value)
    } else {
        format!("{label} last used `{}`, {days} days before `{}`", last.value, now.text)
    };
    Some((what, last.site))
}
