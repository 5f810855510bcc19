//! IAM knowledge: the action catalogue, pattern matching, policy evaluation, and the
//! risk catalogues (privilege-escalation methods, credential and data-exfiltration actions)
//! held as data.

// `eval` and `pattern` read policy text: an index that could fall outside it, or inside a
// character, is a panic waiting for an input. (The catalogue indexes only its own tables.)
#[warn(clippy::string_slice, clippy::indexing_slicing)]
pub mod account;
pub mod catalog;
#[warn(clippy::string_slice, clippy::indexing_slicing)]
pub mod eval;
pub mod methods;
#[warn(clippy::string_slice, clippy::indexing_slicing)]
pub mod pattern;
pub mod sensitive;
