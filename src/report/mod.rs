//! What the analysis found, in the shape of the JSON report contract, and the writers that
//! turn it into text, JSON, SARIF, Markdown and CSV. Nothing here knows an individual check.

// Input reaches this code: an index that could fall outside a text, or inside a character, is
// a panic waiting for an input.
#![warn(clippy::string_slice, clippy::indexing_slicing)]

mod csv;
mod markdown;
mod sarif;
mod text;

use std::fmt;

use serde::Serialize;

pub use text::TextOptions;

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    pub rule: &'static str,
    pub message: String,
    pub line: u32,
    pub column: u32,
    /// Not part of the JSON report: where the error is, for code frames and highlights.
    #[serde(skip)]
    pub range: Utf16Range,
}

/// One input as the report lists it: its name, the kind recognised, or why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputSummary {
    pub name: String,
    pub kind: Option<&'static str>,
    pub error: Option<InputError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub area: Area,
    pub title: &'static str,
    pub message: String,
    pub resource: String,
    pub input: String,
    pub location: Location,
    pub controls: &'static [&'static str],
    /// Not part of the JSON report: where the finding is, for code frames and highlights.
    #[serde(skip)]
    pub range: Utf16Range,
}

/// A finding the configuration told us to ignore, kept with the reason given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    pub rule: &'static str,
    pub resource: String,
    pub input: String,
    pub location: Location,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl Summary {
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    fn of(findings: &[Finding]) -> Summary {
        let mut summary = Summary::default();
        for f in findings {
            summary.add(f.severity);
        }
        summary
    }

    fn add(&mut self, severity: Severity) {
        *match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        } += 1;
    }
}

/// The report: the contract shared by the CLI, the wasm API and the page's export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub version: u32,
    pub inputs: Vec<InputSummary>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Suppressed>,
    pub summary: Summary,
}

impl Report {
    /// Builds a report, sorting findings by severity, input, then location, so the same
    /// inputs always give the same report.
    pub fn new(inputs: Vec<InputSummary>, mut findings: Vec<Finding>, suppressed: Vec<Suppressed>) -> Report {
        findings.sort_by(|a, b| {
            (a.severity, &a.input, a.location.line, a.location.column, a.rule, &a.message).cmp(&(
                b.severity,
                &b.input,
                b.location.line,
                b.location.column,
                b.rule,
                &b.message,
            ))
        });
        findings.dedup();
        let summary = Summary::of(&findings);
        Report { version: 1, inputs, findings, suppressed, summary }
    }

    /// Whether any input could not be read or recognised (exit status 2 in the CLI).
    pub fn has_input_errors(&self) -> bool {
        self.inputs.iter().any(|i| i.error.is_some())
    }

    /// Whether any finding is at least as severe as `level`.
    pub fn fails_at(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity.at_least(level))
    }

    /// Drops findings less severe than `level` (the summary follows).
    pub fn retain_min_severity(&mut self, level: Severity) {
        self.findings.retain(|f| f.severity.at_least(level));
        self.summary = Summary::of(&self.findings);
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn to_sarif(&self, rules: &[&crate::checks::Rule]) -> String {
        sarif::write(self, rules)
    }

    pub fn to_markdown(&self) -> String {
        markdown::write(self)
    }

    pub fn to_csv(&self) -> String {
        csv::write(self)
    }

    /// The terminal format, with a code frame per finding; `sources` gives each input's text.
    pub fn to_text(&self, sources: &[crate::Source], options: TextOptions) -> String {
        text::write(self, sources, options)
    }
}

/// Characters that change how text displays without being seen (bidi overrides, zero-width
/// spaces): writers show them escaped, so input cannot disguise what a report says.
fn is_invisible_format(c: char) -> bool {
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

/// Report pieces shared by the writers' tests.
#[cfg(test)]
mod sample {
    use super::{Area, Finding, InputError, InputSummary, Location, Severity, Utf16Range};

    /// An `admin-access` finding in `policy.json` at 3:5.
    pub(super) fn finding(severity: Severity, message: &str, resource: &str) -> Finding {
        Finding {
            rule: "admin-access",
            severity,
            area: Area::Iam,
            title: "Policy allows every action on every resource",
            message: message.to_owned(),
            resource: resource.to_owned(),
            input: "policy.json".to_owned(),
            location: Location { pointer: "/Statement/0".to_owned(), line: 3, column: 5 },
            controls: &["CIS 1.16", "FSBP IAM.1"],
            range: Utf16Range::default(),
        }
    }

    /// An input that is not JSON, with its error at 7:3.
    pub(super) fn broken_input(name: &str) -> InputSummary {
        InputSummary {
            name: name.to_owned(),
            kind: None,
            error: Some(InputError {
                rule: "input-not-json",
                message: "expected `,` or `}`".to_owned(),
                line: 7,
                column: 3,
                range: Utf16Range::default(),
            }),
        }
    }
}
