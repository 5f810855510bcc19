//! IAM checks on policy documents.

pub mod action_resource_mismatch;
pub mod admin_access;
pub mod common;
pub mod condition_type_mismatch;
pub mod credentials_exposure;
pub mod data_exfiltration;
pub mod duplicate_sid;
pub mod not_action_allow;
pub mod pass_role_to_any;
pub mod policy_invalid;
pub mod policy_version_missing;
pub mod privilege_escalation;
pub mod redundant_statement;
pub mod resource_policy_public;
pub mod service_wildcard;
pub mod trust_any_principal;
pub mod trust_cross_account_no_external_id;
pub mod trust_oidc_unrestricted;
pub mod unknown_action;
pub mod unknown_condition_key;
pub mod write_on_all_resources;
