//! IAM knowledge: the action catalogue, pattern matching, policy evaluation, and the
//! risk catalogues (privilege-escalation methods, credential and data-exfiltration actions)
//! held as data.

pub mod catalog;
pub mod eval;
pub mod methods;
pub mod pattern;
pub mod sensitive;
