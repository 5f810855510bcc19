//! Attack paths: checks that join what the areas found (exposure, roles and their effective
//! permissions, credentials, patch state) into what an attacker would chain. The area of each
//! is the one RULES.md gives it.

pub mod instance_imdsv1_enabled;
pub mod role_chain_to_admin;
