//! IAM identities as the account lists them: users, groups, roles and managed policies
//! (`get-account-authorization-details`), the credential report, access keys, and the
//! account's password policy.

use super::{Located, Site};

/// Which list of `get-account-authorization-details` a principal comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalKind {
    User,
    Group,
    Role,
}

/// A user, group or role (`UserDetailList`, `GroupDetailList`, `RoleDetailList`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub kind: PrincipalKind,
    /// `Arn`, located at the entry.
    pub arn: Located<String>,
    pub name: String,
    pub path: Option<String>,
    /// `AttachedManagedPolicies[].PolicyArn`, each located at its entry.
    pub attached: Vec<Located<String>>,
    /// The names of its inline policies (`UserPolicyList[]`, `GroupPolicyList[]`,
    /// `RolePolicyList[]`), each located at its entry.
    pub inline: Vec<Located<String>>,
    /// The index, in the snapshot's policies, of each inline policy's document (parallel to
    /// `inline`; `None` when it could not be read).
    pub inline_documents: Vec<Option<usize>>,
    /// A user's `GroupList` (group names).
    pub groups: Vec<String>,
    /// `PermissionsBoundary.PermissionsBoundaryArn`, located at its value.
    pub boundary: Option<Located<String>>,
    /// A role's `InstanceProfileList[]`.
    pub instance_profiles: Vec<InstanceProfile>,
    /// A role's `AssumeRolePolicyDocument` (an object, or URL-encoded text). Its statements are
    /// not read here.
    pub trust: Option<Site>,
    /// The index, in the snapshot's policies, of the role's trust policy.
    pub trust_document: Option<usize>,
    /// `CreateDate`, as written.
    pub created: Option<Located<String>>,
    /// A role's `RoleLastUsed.LastUsedDate`, as written.
    pub last_used: Option<Located<String>>,
}

/// An instance profile and the roles it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceProfile {
    pub arn: Located<String>,
    pub name: Option<String>,
    /// `Roles[].Arn`.
    pub roles: Vec<String>,
}

/// A managed policy of `get-account-authorization-details`' `Policies[]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedPolicy {
    pub arn: Located<String>,
    pub name: Option<String>,
    pub default_version: Option<String>,
    pub attachment_count: Option<Located<i64>>,
    pub boundary_usage_count: Option<Located<i64>>,
    pub is_attachable: Option<Located<bool>>,
    /// The index, in the snapshot's policies, of the default version's document, when the
    /// file holds it.
    pub document: Option<usize>,
}

impl ManagedPolicy {
    /// The name findings use: `PolicyName`, else the ARN's last part.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or_else(|| self.arn.value.rsplit('/').next().unwrap_or(&self.arn.value))
    }
}

/// Whether a policy ARN names an AWS managed policy (`arn:aws:iam::aws:policy/…`, in any
/// partition).
pub fn is_aws_managed(arn: &str) -> bool {
    let mut parts = arn.splitn(6, ':');
    parts.nth(4) == Some("aws") && parts.next().is_some_and(|r| r.starts_with("policy/"))
}

/// One row of the IAM credential report. Dates stay as AWS writes them: `N/A`,
/// `no_information` and `not_supported` are real values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialRow {
    /// `user` (`<root_account>` for the root user), located at the row: its line in a CSV,
    /// the `Content` string of `get-credential-report`.
    pub user: Located<String>,
    pub arn: String,
    /// Every column by its header name (shared by every row), each value located (at
    /// `Content` when the report came base64-encoded).
    pub fields: Vec<(std::sync::Arc<str>, Located<String>)>,
}

impl CredentialRow {
    /// The value of a column (`mfa_active`, `access_key_1_last_rotated`, …).
    pub fn get(&self, column: &str) -> Option<&Located<String>> {
        self.fields.iter().find(|(name, _)| &**name == column).map(|(_, value)| value)
    }
}

/// An access key from `aws iam list-access-keys`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKey {
    pub id: Located<String>,
    pub user: Option<String>,
    /// `Status`: `Active` or `Inactive`.
    pub status: Option<Located<String>>,
    pub created: Option<Located<String>>,
}

/// The account's password policy, from `aws iam get-account-password-policy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// The `PasswordPolicy` object.
    pub site: Site,
    pub minimum_length: Option<Located<i64>>,
    pub require_symbols: Option<Located<bool>>,
    pub require_numbers: Option<Located<bool>>,
    pub require_uppercase: Option<Located<bool>>,
    pub require_lowercase: Option<Located<bool>>,
    pub allow_users_to_change: Option<Located<bool>>,
    pub expire_passwords: Option<Located<bool>>,
    pub max_age: Option<Located<i64>>,
    pub reuse_prevention: Option<Located<i64>>,
    pub hard_expiry: Option<Located<bool>>,
}

/// What the snapshot says of the account's password policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordPolicyState {
    Set(Box<PasswordPolicy>),
    /// The account has none: a bundle entry's `NoSuchEntity` error, located at the entry.
    None(Site),
}
