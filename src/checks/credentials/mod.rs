//! Credential checks: the root user, passwords, MFA and access keys, from the IAM credential
//! report (the raw CSV, or `get-credential-report` whose `Content` is that CSV in base64) and
//! `aws iam list-access-keys`; and the account's password policy.
//!
//! The report's values are read as AWS documents them (IAM User Guide, "Getting credential
//! reports for your AWS account"): `true`/`false`; dates in ISO 8601; `N/A` where there is
//! nothing to date (no password, no key, a key never used); `no_information` where IAM has no
//! record of a use (a password never used, or last used before IAM tracked sign-ins on
//! 2014-10-20); `not_supported` for what the root user does not have (`password_enabled`).

pub mod access_key_not_rotated;
pub mod console_user_without_mfa;
pub mod long_term_access_key;
pub mod multiple_active_access_keys;
pub mod password_policy_weak;
pub mod root_access_key;
pub mod root_mfa_disabled;
pub mod unused_credentials;

use std::collections::HashMap;

use crate::checks::{Check, Sink};
use crate::model::time::{self, Evidence, Now};
use crate::model::{CredentialRow, Located, Model, Site};

/// The credential report, either form.
pub const REPORT: &[&str] = &["iam.get-credential-report|iam.credential-report-csv"];
/// The credential report (either form) or `list-access-keys`.
pub const REPORT_OR_KEYS: &[&str] = &["iam.get-credential-report|iam.credential-report-csv|iam.list-access-keys"];

/// The report's two access keys: their number, and their `active`, `last_rotated` and
/// `last_used_date` columns.
pub const KEY_COLUMNS: [(u8, [&str; 3]); 2] = [
    (1, ["access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date"]),
    (2, ["access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date"]),
];

/// The `user` of the root user's row.
pub const ROOT: &str = "<root_account>";

/// A report value read as a boolean: `true` or `false` (any case); `None` for `not_supported`,
/// `N/A` or anything else, which decides nothing.
pub fn flag(value: Option<&Located<String>>) -> Option<bool> {
    let text = value?.value.trim();
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// What a report date column says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Date {
    /// An instant, in seconds since the epoch.
    At(i64),
    /// `N/A` or `no_information`: nothing dated (never used, or no such credential).
    Never,
    /// Neither a date nor a value AWS documents: decides nothing.
    Unreadable,
}

/// Reads a date column (or `list-access-keys`' `CreateDate`).
pub fn date(value: &Located<String>) -> Date {
    let text = value.value.trim();
    if text.eq_ignore_ascii_case("N/A") || text.eq_ignore_ascii_case("no_information") {
        return Date::Never;
    }
    time::parse(text).map_or(Date::Unreadable, Date::At)
}

/// Whole days from `then` to `now` (negative when `then` is later).
pub fn days_between(then: i64, now: i64) -> i64 {
    (now - then).div_euclid(time::DAY)
}

/// Notes, at `site`, that the value there is no date this check can count from.
pub fn not_a_date(check: &'static Check, sink: &mut Sink, value: &Located<String>) {
    let message = format!("`{}` is not a date (ISO 8601), so this credential's age is not judged", value.value);
    sink.note_at(check, value.site, message);
}

/// Notes, at `site`, that nothing gave a time to count days from.
pub fn no_now(check: &'static Check, sink: &mut Sink, site: Site) {
    let message = "no time to count days from: the input states none (a bundle's `captured`, the report's \
                   `GeneratedTime`) and none was given (`--now`), so ages are not judged"
        .to_string();
    sink.note_at(check, site, message);
}

/// An active access key of the snapshot: from the credential report (key 1 or 2 of a row),
/// from `list-access-keys`, or from both. The same key given by both (same user, same creation
/// time to the second) is one key: `list-access-keys` names it (`AccessKeyId`) and, being read
/// at the snapshot's time rather than when the report was generated, decides its status and
/// locates it; the report adds when it was last used.
#[derive(Clone, Debug)]
pub struct Key<'m> {
    /// The user name (`<root_account>` for the root user); `None` for a `list-access-keys`
    /// entry without `UserName`.
    pub user: Option<&'m str>,
    /// `AccessKeyId`, when `list-access-keys` gave the key.
    pub id: Option<&'m str>,
    /// Its column in the report (1 or 2), when the report gave it.
    pub slot: Option<u8>,
    /// Where the key is shown active: `access_key_N_active`, or the entry's `Status`.
    pub site: Site,
    /// When it was created: `access_key_N_last_rotated`, or `CreateDate`.
    pub created: Option<&'m Located<String>>,
    /// What `created` was read from, for "now".
    pub evidence: Evidence,
    /// `access_key_N_last_used_date`, when the report gave the key.
    pub last_used: Option<&'m Located<String>>,
}

impl Key<'_> {
    /// The name findings use for the user: the user name, else the key id.
    pub fn owner(&self) -> &str {
        self.user.or(self.id).unwrap_or("unknown user")
    }

    /// How messages name the key: `` access key `AKIA…` (key 1) ``, `` access key `AKIA…` ``,
    /// `access key 1`.
    pub fn label(&self) -> String {
        match (self.id, self.slot) {
            (Some(id), Some(slot)) => format!("access key `{id}` (key {slot})"),
            (Some(id), None) => format!("access key `{id}`"),
            (None, Some(slot)) => format!("access key {slot}"),
            (None, None) => "access key".to_string(),
        }
    }

    /// How a list of keys names it: `` `AKIA…` ``, `key 1`.
    pub fn short(&self) -> String {
        match (self.id, self.slot) {
            (Some(id), _) => format!("`{id}`"),
            (None, Some(slot)) => format!("key {slot}"),
            (None, None) => "key".to_string(),
        }
    }

    /// "Now" for this key's creation date.
    pub fn now<'a>(&self, model: &'a Model) -> Option<Now<'a>> {
        model.meta.now_for(self.evidence)
    }
}

/// The user of a report row.
pub fn user(row: &CredentialRow) -> &str {
    row.user.value.as_str()
}

/// Every active access key of the snapshot, each once, in the order first read (the report's
/// rows, then the `list-access-keys` entries no row gave). Linear: one index by user and
/// creation time.
pub fn active_keys(model: &Model) -> Vec<Key<'_>> {
    let mut listed: HashMap<(&str, i64), usize> = HashMap::new();
    for (i, key) in model.access_keys.iter().enumerate() {
        let created = key.created.as_ref().and_then(|c| time::parse(&c.value));
        if let (Some(user), Some(created)) = (key.user.as_deref(), created) {
            listed.entry((user, created)).or_insert(i);
        }
    }
    let entries: Vec<_> = model.access_keys.iter().collect();
    let mut used = vec![false; entries.len()];
    let mut keys = Vec::new();
    for row in &model.credential_report {
        for (slot, [active, rotated, last_used]) in KEY_COLUMNS {
            let Some(active) = row.get(active) else { continue };
            let created = row.get(rotated);
            let at = created.and_then(|c| time::parse(&c.value));
            let same = at
                .and_then(|at| listed.get(&(user(row), at)))
                .copied()
                .filter(|&i| used.get(i).is_some_and(|seen| !seen));
            if let Some(entry) = same.and_then(|i| entries.get(i).map(|e| (i, e))) {
                let (i, entry) = entry;
                if let Some(seen) = used.get_mut(i) {
                    *seen = true;
                }
                if entry.status.as_ref().is_some_and(|s| s.value.eq_ignore_ascii_case("Active")) {
                    keys.push(Key {
                        user: Some(user(row)),
                        id: Some(&entry.id.value),
                        slot: Some(slot),
                        site: entry.status.as_ref().map_or(entry.id.site, |s| s.site),
                        created: entry.created.as_ref(),
                        evidence: Evidence::Snapshot,
                        last_used: row.get(last_used),
                    });
                }
                continue;
            }
            if flag(Some(active)) == Some(true) {
                keys.push(Key {
                    user: Some(user(row)),
                    id: None,
                    slot: Some(slot),
                    site: active.site,
                    created,
                    evidence: Evidence::CredentialReport,
                    last_used: row.get(last_used),
                });
            }
        }
    }
    for (entry, _) in entries.iter().zip(&used).filter(|(_, &seen)| !seen) {
        if !entry.status.as_ref().is_some_and(|s| s.value.eq_ignore_ascii_case("Active")) {
            continue;
        }
        keys.push(Key {
            user: entry.user.as_deref(),
            id: Some(&entry.id.value),
            slot: None,
            site: entry.status.as_ref().map_or(entry.id.site, |s| s.site),
            created: entry.created.as_ref(),
            evidence: Evidence::Snapshot,
            last_used: None,
        });
    }
    keys
}

/// The active keys grouped by owner, owners in the order first seen.
pub fn by_owner<'k, 'm>(keys: &'k [Key<'m>]) -> Vec<(&'k str, Vec<&'k Key<'m>>)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(&str, Vec<&Key>)> = Vec::new();
    for key in keys {
        let owner = key.owner();
        if let Some((_, group)) = index.get(owner).and_then(|&i| groups.get_mut(i)) {
            group.push(key);
        } else {
            index.insert(owner, groups.len());
            groups.push((owner, vec![key]));
        }
    }
    groups
}
