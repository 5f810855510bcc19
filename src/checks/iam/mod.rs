//! IAM checks on policy documents.

pub mod admin_access;
pub mod duplicate_sid;
pub mod not_action_allow;
pub mod policy_invalid;
pub mod policy_version_missing;
pub mod service_wildcard;
pub mod unknown_action;
pub mod write_on_all_resources;
