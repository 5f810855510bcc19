use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::{Located, Model, PasswordPolicy, PasswordPolicyState};

declare_check! {
    /// Account password policy is weak or absent.
    ///
    /// ## What it checks
    /// The account's password policy (`aws iam get-account-password-policy`): flagged when
    /// `MinimumPasswordLength` is under 14 (or absent), or `PasswordReusePrevention`
    /// is absent or under 24. An account with no password policy at all — the snapshot bundle's
    /// entry for that command holding the `NoSuchEntity` error — is flagged too. The finding
    /// names the account (the bundle's account id, else the one the outputs' ARNs and owner ids
    /// give, else `account`), is located at the value that fails (or at the bundle entry), and
    /// its message also lists the other settings AWS Security Hub control IAM.7 asks for that
    /// are off: upper-case letters, lower-case letters, numbers, symbols, and passwords that
    /// expire within 90 days.
    ///
    /// ## Why it matters
    /// Short passwords fall to guessing and to cracking of leaked hashes; reused ones to
    /// credential stuffing from other sites' breaches. Without a policy, IAM accepts any
    /// password of 8 characters or more for console users. CIS 1.8 asks for a minimum length of
    /// 14 and CIS 1.9 for 24 remembered passwords; Security Hub control IAM.7 checks these and
    /// the character classes.
    ///
    /// ## How to fix
    /// ```sh
    /// aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --max-password-age 90 --allow-users-to-change-password
    /// ```
    pub static PASSWORD_POLICY_WEAK = {
        id: "password-policy-weak",
        severity: Medium,
        area: Iam,
        controls: ["FSBP IAM.7", "CIS 1.8", "CIS 1.9"],
        run: Runner::Snapshot { needs: &["iam.get-account-password-policy"], run: check },
    }
}

/// The least `MinimumPasswordLength` (CIS 1.8) and `PasswordReusePrevention` (CIS 1.9).
const MIN_LENGTH: i64 = 14;
const MIN_REUSE: i64 = 24;
/// The longest `MaxPasswordAge` Security Hub IAM.7 accepts.
const MAX_AGE: i64 = 90;

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let account = model.meta.account.as_deref().unwrap_or("account");
    match &model.password_policy {
        Some(PasswordPolicyState::None(site)) => {
            let message = format!(
                "`{account}` has no password policy (`NoSuchEntity`): IAM accepts any password of 8 characters \
                 or more, and none of the settings Security Hub IAM.7 asks for is on"
            );
            sink.report(&PASSWORD_POLICY_WEAK, account, *site, message);
        }
        Some(PasswordPolicyState::Set(policy)) => judge(account, policy, sink),
        None => {}
    }
}

fn judge(account: &str, policy: &PasswordPolicy, sink: &mut Sink) {
    let mut weak = Vec::new();
    let mut site = None;
    let length = policy.minimum_length.as_ref();
    match length {
        Some(Located { value, site: at }) if *value < MIN_LENGTH => {
            weak.push(format!("`MinimumPasswordLength` is `{value}`, under {MIN_LENGTH}"));
            site = Some(*at);
        }
        None => weak.push(format!("`MinimumPasswordLength` is not set, under {MIN_LENGTH}")),
        Some(_) => {}
    }
    match policy.reuse_prevention.as_ref() {
        Some(Located { value, site: at }) if *value < MIN_REUSE => {
            weak.push(format!("`PasswordReusePrevention` is `{value}`, under {MIN_REUSE}"));
            site = site.or(Some(*at));
        }
        None => {
            weak.push(format!("`PasswordReusePrevention` is not set (any old password may return), under {MIN_REUSE}"));
        }
        Some(_) => {}
    }
    if weak.is_empty() {
        return;
    }
    let off = |flag: &Option<Located<bool>>| !flag.as_ref().is_some_and(|f| f.value);
    let mut others = Vec::new();
    for (flag, name) in [
        (&policy.require_uppercase, "`RequireUppercaseCharacters`"),
        (&policy.require_lowercase, "`RequireLowercaseCharacters`"),
        (&policy.require_numbers, "`RequireNumbers`"),
        (&policy.require_symbols, "`RequireSymbols`"),
    ] {
        if off(flag) {
            others.push(name.to_string());
        }
    }
    match policy.max_age.as_ref() {
        Some(age) if age.value > 0 && age.value <= MAX_AGE => {}
        Some(age) => others.push(format!("`MaxPasswordAge` `{}` (over {MAX_AGE})", age.value)),
        None => others.push(format!("`MaxPasswordAge` (passwords never expire; at most {MAX_AGE} days)")),
    }
    let also = if others.is_empty() {
        String::new()
    } else {
        format!("; also off for Security Hub IAM.7: {}", others.join(", "))
    };
    let message = format!("`{account}`'s password policy is weak: {}{also}", weak.join("; "));
    sink.report(&PASSWORD_POLICY_WEAK, account, site.unwrap_or(policy.site), message);
}
