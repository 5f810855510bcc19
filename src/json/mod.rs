//! A JSON parser that keeps the byte range of every value and every key.
//!
//! Policies are judged element by element, and every finding must point at the exact
//! place in what the user pasted, so the tree keeps spans rather than just values.
//! Duplicate keys are kept in order (a statement with two `Effect` keys is itself an
//! error worth reporting), and nesting is bounded so hostile input cannot exhaust the
//! stack.

// Everything here reads untrusted text: an index that could fall outside it, or inside a
// character, is a panic waiting for an input.
#![warn(clippy::string_slice, clippy::indexing_slicing)]

mod embedded;
mod lines;
mod parse;

pub use embedded::{decode_percent, OffsetMap};
pub use lines::LineIndex;
pub use parse::{parse, ParseError, MAX_DEPTH};

/// A byte range `start..end` in the text a value was parsed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        // Inputs of 4 GiB or more are refused before parsing (`input::Snapshot::read`).
        Span { start: to_u32(start), end: to_u32(end) }
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A parsed JSON value with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number as written: policies compare numbers as text, and no precision is lost.
    Number(Box<str>),
    String(Box<str>),
    // Boxed slices, not vectors: the tree is built once and never grows, and a node is then 32
    // bytes instead of 40 (README, memory).
    Array(Box<[Value]>),
    Object(Box<[Member]>),
}

/// One `"key": value` pair of an object, in source order.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Shared by every member of the document with the same key (`"Effect"` is allocated once,
    /// not once per statement).
    pub key: std::sync::Arc<str>,
    pub key_span: Span,
    pub value: Value,
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The first member named exactly `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.member(key).map(|m| &m.value)
    }

    /// The first member named exactly `key`, with its key span.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|m| &*m.key == key)
    }

    /// The value at a path of object keys.
    pub fn at(&self, path: &[&str]) -> Option<&Value> {
        path.iter().try_fold(self, |v, key| v.get(key))
    }

    /// A short name of the JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }

    /// The JSON pointer (RFC 6901) of the value whose span is `target`, or of the deepest
    /// value that contains it, found by descending through children ordered by position.
    /// A key's span resolves to its member's pointer.
    pub fn pointer_to(&self, target: Span) -> String {
        let mut pointer = String::new();
        let mut node = self;
        loop {
            if node.span == target {
                return pointer;
            }
            let next = match &node.kind {
                Kind::Array(items) => {
                    let i = items.partition_point(|v| v.span.end <= target.start);
                    items.get(i).filter(|v| v.span.contains(target)).map(|v| (i.to_string(), v))
                }
                Kind::Object(members) => {
                    let i = members.partition_point(|m| m.value.span.end <= target.start);
                    match members.get(i) {
                        Some(m) if m.key_span == target || m.value.span.contains(target) => {
                            if m.key_span == target {
                                push_token(&mut pointer, &m.key);
                                return pointer;
                            }
                            Some((m.key.to_string(), &m.value))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            match next {
                Some((token, child)) => {
                    push_token(&mut pointer, &token);
                    node = child;
                }
                None => return pointer,
            }
        }
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}
