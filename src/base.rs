//! The words every layer shares, and nothing else: how bad a finding is, which area it
//! belongs to, a rule's metadata, where something is in the user's text, and the two kinds
//! of input error. Every other module may use this one; it uses none of them, so the layers
//! above it (`json` → `input` → `iam` → `checks` → `report`) never need to look back up.

use std::fmt;
use std::fmt::Write as _;

use serde::Serialize;

/// How bad a finding is. Ordered from most to least severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str().eq_ignore_ascii_case(s))
    }

    /// One step less severe (`info` stays `info`).
    #[must_use]
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }

    /// One step more severe (`critical` stays `critical`).
    #[must_use]
    pub fn raised(self) -> Severity {
        match self {
            Severity::Critical | Severity::High => Severity::Critical,
            Severity::Medium => Severity::High,
            Severity::Low => Severity::Medium,
            Severity::Info => Severity::Low,
        }
    }

    /// Whether this is at least as severe as `other`.
    pub fn at_least(self, other: Severity) -> bool {
        self <= other
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of AWS a check reviews.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Area {
    Iam,
    Network,
    Encryption,
    Patching,
    Input,
}

impl Area {
    pub const ALL: [Area; 5] = [Area::Iam, Area::Network, Area::Encryption, Area::Patching, Area::Input];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Iam => "iam",
            Area::Network => "network",
            Area::Encryption => "encryption",
            Area::Patching => "patching",
            Area::Input => "input",
        }
    }
}

/// Where a finding or an input error is, in the text the user gave.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// JSON pointer of the element (through JSON-in-a-string documents too).
    pub pointer: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in UTF-16 code units.
    pub column: u32,
}

/// The range a location covers, as UTF-16 offsets into the input (for the page's highlight).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Utf16Range {
    pub start: u32,
    pub end: u32,
}

/// A check's metadata. The documentation is the doc comment written above the check's
/// declaration: a title line, then `## What it checks`, `## Why it matters`, `## How to fix`.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub area: Area,
    pub controls: &'static [&'static str],
    pub doc: &'static str,
}

/// The sections of a rule's documentation.
pub const SECTIONS: [&str; 3] = ["What it checks", "Why it matters", "How to fix"];

impl Rule {
    /// The first line of the documentation: the finding title.
    pub fn title(&self) -> &'static str {
        self.doc.lines().next().unwrap_or("").trim().trim_end_matches('.')
    }

    /// The body of one documentation section (`"What it checks"`, …), trimmed. Doc comments
    /// arrive with the space after `///`, which is removed here.
    pub fn section(&self, heading: &str) -> String {
        let mut lines = self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l));
        let marker = format!("## {heading}");
        if !lines.by_ref().any(|l| l.trim_end() == marker) {
            return String::new();
        }
        let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
        body.join("\n").trim().to_string()
    }

    pub fn what(&self) -> String {
        self.section(SECTIONS[0])
    }

    pub fn why(&self) -> String {
        self.section(SECTIONS[1])
    }

    pub fn fix(&self) -> String {
        self.section(SECTIONS[2])
    }

    /// Input errors are reported per input, not as findings.
    pub fn is_input_error(&self) -> bool {
        self.area == Area::Input
    }

    /// The severity as `posture rules` shows it (`error` for input errors).
    pub fn severity_label(&self) -> &'static str {
        if self.is_input_error() {
            "error"
        } else {
            self.severity.as_str()
        }
    }
}

/// Why an input could not be analysed: the two input errors of the catalogue. The input layer
/// finds them; `checks::input` documents them like every other rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFault {
    /// `input-not-json`: not parseable as JSON (or as a credential-report CSV).
    NotJson,
    /// `input-unrecognized`: valid JSON of no supported kind.
    Unrecognized,
}

impl InputFault {
    /// The rule id the report names.
    pub fn id(self) -> &'static str {
        match self {
            InputFault::NotJson => "input-not-json",
            InputFault::Unrecognized => "input-unrecognized",
        }
    }
}

/// Characters that change how text displays without being seen (bidirectional overrides and
/// isolates, zero-width characters, the byte-order mark): the writers and the page show them
/// escaped, so input cannot disguise what a report says; the input layer notes their presence.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// Whether a character from an input must be shown escaped rather than written as itself:
/// control characters (C0 — terminal escapes, line breaks —, DEL, C1) and invisible formatting
/// characters (see [`is_invisible_format`]).
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Appends `c` escaped as `\u{202e}` when it is hidden ([`is_hidden`]) and returns `true`;
/// appends nothing and returns `false` otherwise. Every writer (text, Markdown, CSV, SARIF)
/// escapes input text through this one function, so none of them can emit a raw terminal
/// escape or a bidirectional override that came from an input.
pub fn push_escaped(out: &mut String, c: char) -> bool {
    if !is_hidden(c) {
        return false;
    }
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
    true
}

/// `s` with every hidden character ([`is_hidden`]) but those in `keep` escaped as `\u{..}`.
pub fn visible(s: &str, keep: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep.contains(&c) || !push_escaped(&mut out, c) {
            out.push(c);
        }
    }
    out
}

/// A value from an input, quoted for a message as a `CommonMark` code span: in backticks, or,
/// when it holds backticks, in a run of backticks longer than any inside it, padded with a
/// space either side (which `CommonMark` strips), so that a value holding backticks reads back
/// whole. A value that starts and ends with a space is padded too, so its own spaces survive.
pub fn code(value: &str) -> String {
    // The longest run of backticks inside: the fence must be longer. One pass.
    let (mut longest, mut run) = (0usize, 0usize);
    for c in value.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let spaced = value.len() > 1 && value.starts_with(' ') && value.ends_with(' ') && !value.bytes().all(|b| b == b' ');
    if longest > 0 || spaced || value.is_empty() {
        format!("{fence} {value} {fence}")
    } else {
        format!("{fence}{value}{fence}")
    }
}

/// The parts of a message: plain text, and code spans (their content, as [`code`] quoted it).
/// A backtick run with no closing run of the same length is plain text, as in `CommonMark`.
/// Linear: each run's closing run is found from a table built in one backward pass.
pub fn code_spans(message: &str) -> Vec<(bool, &str)> {
    // The backtick runs: (byte offset, length).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (at, c) in message.char_indices() {
        if c != '`' {
            continue;
        }
        match runs.last_mut() {
            Some((start, len)) if *start + *len == at => *len += 1,
            _ => runs.push((at, 1)),
        }
    }
    // For each run, the next run of the same length.
    let mut next_same = vec![None; runs.len()];
    let mut seen: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (k, &(_, len)) in runs.iter().enumerate().rev() {
        if let Some(slot) = next_same.get_mut(k) {
            *slot = seen.get(&len).copied();
        }
        seen.insert(len, k);
    }
    let mut parts = Vec::new();
    let (mut text_start, mut k) = (0usize, 0usize);
    while let Some(&(open, len)) = runs.get(k) {
        let Some(close) = next_same.get(k).copied().flatten() else {
            k += 1;
            continue;
        };
        let Some(&(close_at, _)) = runs.get(close) else { break };
        if text_start < open {
            parts.push((false, message.get(text_start..open).unwrap_or_default()));
        }
        let inner = message.get(open + len..close_at).unwrap_or_default();
        let stripped = match inner.strip_prefix(' ').and_then(|s| s.strip_suffix(' ')) {
            Some(s) if !inner.bytes().all(|b| b == b' ') => s,
            _ => inner,
        };
        parts.push((true, stripped));
        text_start = close_at + len;
        k = close + 1;
    }
    if text_start < message.len() {
        parts.push((false, message.get(text_start..).unwrap_or_default()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::{code, code_spans, visible};

    #[test]
    fn code_spans_round_trip_values_with_backticks() {
        for value in ["sg-0abc", "a`b", "`<img src=x>`", "``", "a``b`c", " x ", "`"] {
            let message = format!("statement {} allows `*`", code(value));
            let parts = code_spans(&message);
            assert_eq!(parts.first(), Some(&(false, "statement ")), "{message}");
            assert_eq!(parts.get(1), Some(&(true, value)), "{message}");
            assert_eq!(parts.get(3), Some(&(true, "*")), "{message}");
        }
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("plain"), "`plain`");
    }

    #[test]
    fn unmatched_backticks_are_text() {
        assert_eq!(code_spans("a ` b `` c"), vec![(false, "a ` b `` c")]);
        assert_eq!(code_spans("`x` and ``y"), vec![(true, "x"), (false, " and ``y")]);
    }

    #[test]
    fn hidden_characters_are_escaped() {
        assert_eq!(visible("a\u{1b}[31m\u{202e}b\n", &['\n']), "a\\u{1b}[31m\\u{202e}b\n");
    }
}
