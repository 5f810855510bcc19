//! `aws iam get-account-password-policy`. (A bundle's `NoSuchEntity` entry, the account having
//! none, is read where bundles are.)

use super::{located_integer, optional_bool, shape, site, Fault};
use crate::json::Value;
use crate::model::{Model, PasswordPolicy, PasswordPolicyState};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let Some(policy) = value.get("PasswordPolicy").filter(|p| p.as_object().is_some()) else {
        return Err(shape(value.get("PasswordPolicy").unwrap_or(value), "`PasswordPolicy` should be an object"));
    };
    let read = PasswordPolicy {
        site: site(doc, policy),
        minimum_length: located_integer(doc, policy, "MinimumPasswordLength")?,
        require_symbols: optional_bool(doc, policy, "RequireSymbols")?,
        require_numbers: optional_bool(doc, policy, "RequireNumbers")?,
        require_uppercase: optional_bool(doc, policy, "RequireUppercaseCharacters")?,
        require_lowercase: optional_bool(doc, policy, "RequireLowercaseCharacters")?,
        allow_users_to_change: optional_bool(doc, policy, "AllowUsersToChangePassword")?,
        expire_passwords: optional_bool(doc, policy, "ExpirePasswords")?,
        max_age: located_integer(doc, policy, "MaxPasswordAge")?,
        reuse_prevention: located_integer(doc, policy, "PasswordReusePrevention")?,
        hard_expiry: optional_bool(doc, policy, "HardExpiry")?,
    };
    if model.password_policy.is_none() {
        model.password_policy = Some(PasswordPolicyState::Set(Box::new(read)));
    }
    Ok(())
}
