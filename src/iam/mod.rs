//! IAM knowledge: the action catalogue and pattern matching.

pub mod catalog;
pub mod pattern;
