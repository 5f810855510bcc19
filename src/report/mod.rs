//! What the analysis found, in the shape of the JSON report contract, and the writers that
//! turn it into text, JSON, SARIF, Markdown and CSV. Nothing here knows an individual check.

// Input reaches this code: an index that could fall outside a text, or inside a character, is
// a panic waiting for an input.
#![warn(clippy::string_slice, clippy::indexing_slicing)]

mod csv;
mod markdown;
mod sarif;
mod text;

use serde::Serialize;

pub use crate::base::{Area, Location, Severity, Utf16Range};

pub use text::TextOptions;

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
    /// How many checks ran on this input's content (0: not reviewed); absent when the input
    /// could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<usize>,
    /// What a check judged cautiously or left unjudged in this input, and why (absent from the
    /// JSON when there is none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<InputNote>,
}

/// A check's remark on an input that is not a finding: e.g. a comparison that ran out of its
/// work budget, or a pairwise check stopped at its documented cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputNote {
    pub rule: &'static str,
    pub message: String,
    pub location: Location,
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
    /// For a finding that joins several resources (an exposure path): the hops in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<Hop>,
    /// Not part of the JSON report: where the finding is, for code frames and highlights.
    #[serde(skip)]
    pub range: Utf16Range,
}

/// One hop of a finding's path: what it is (`igw-0abc: internet gateway`) and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    pub label: String,
    pub input: String,
    pub location: Location,
    /// Not part of the JSON report: the hop's range, for the page's highlight.
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
    /// Checks that did not run because an input they need is absent: "no finding" from them
    /// means "not reviewed", never "all is well".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// A check that did not run, and the kinds of input (`ec2.describe-security-groups`) it needs;
/// a need met by any one of several kinds names them separated by `|`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub rule: &'static str,
    pub needs: Vec<&'static str>,
}

/// The skipped checks grouped by what they need: (the commands that collect it, the rule ids).
pub(crate) fn skipped_by_need(skipped: &[Skipped]) -> Vec<(String, Vec<&'static str>)> {
    let mut groups: Vec<(String, Vec<&'static str>)> = Vec::new();
    for s in skipped {
        let commands: Vec<String> = s
            .needs
            .iter()
            .map(|need| {
                // A need may name alternatives (`a|b`): any one of them will do.
                let commands: Vec<String> =
                    need.split('|').map(|id| crate::base::code(crate::input::kinds::command_for(id))).collect();
                commands.join(" or ")
            })
            .collect();
        let need = commands.join(" and ");
        match groups.iter_mut().find(|(n, _)| *n == need) {
            Some((_, rules)) => rules.push(s.rule),
            None => groups.push((need, vec![s.rule])),
        }
    }
    groups
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
        Report { version: 1, inputs, findings, suppressed, summary, skipped: Vec::new() }
    }

    /// Whether everything given was looked at: every input read and reviewed by some check,
    /// no check skipped, and no note saying what could not be judged (a bucket with no output
    /// about it, a work budget spent, an output that does not name its resource). Only then
    /// does "no findings" mean nothing was found.
    pub fn fully_reviewed(&self) -> bool {
        self.skipped.is_empty()
            && self.inputs.iter().all(|i| i.reviewed_by.is_some_and(|n| n > 0) && i.notes.is_empty())
    }

    /// The inputs that were read but that no check ran on.
    pub fn not_reviewed(&self) -> impl Iterator<Item = &InputSummary> {
        self.inputs.iter().filter(|i| i.reviewed_by == Some(0))
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

    pub fn to_sarif(&self, rules: &[&crate::base::Rule]) -> String {
        sarif::write(self, rules)
    }

    pub fn to_markdown(&self) -> String {
        markdown::write(self)
    }

    pub fn to_csv(&self) -> String {
        csv::write(self)
    }

    /// The terminal format, with a code frame per finding; `sources` gives each input's text.
    pub fn to_text(&self, sources: &[crate::input::Source], options: TextOptions) -> String {
        text::write(self, sources, options)
    }
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
            path: Vec::new(),
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
            reviewed_by: None,
            notes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{sample, InputNote, InputSummary, Location, Report, Skipped};

    fn input(reviewed_by: Option<usize>) -> InputSummary {
        InputSummary {
            name: "a.json".to_owned(),
            kind: Some("iam.policy"),
            error: None,
            reviewed_by,
            notes: Vec::new(),
        }
    }

    #[test]
    fn fully_reviewed_only_when_every_input_was_and_nothing_was_skipped() {
        assert!(Report::new(vec![input(Some(3))], Vec::new(), Vec::new()).fully_reviewed());
        let not = Report::new(vec![input(Some(3)), input(Some(0))], Vec::new(), Vec::new());
        assert!(!not.fully_reviewed());
        assert_eq!(not.not_reviewed().count(), 1);
        assert!(!Report::new(vec![sample::broken_input("b.json")], Vec::new(), Vec::new()).fully_reviewed());
        let mut skipped = Report::new(vec![input(Some(3))], Vec::new(), Vec::new());
        skipped.skipped = vec![Skipped { rule: "sg-open-admin-port", needs: vec!["ec2.describe-security-groups"] }];
        assert!(!skipped.fully_reviewed());
        let mut noted = input(Some(3));
        noted.notes.push(InputNote {
            rule: "s3-no-default-encryption",
            message: "not reviewed by `s3-no-default-encryption`: …".into(),
            location: Location { pointer: String::new(), line: 1, column: 1 },
        });
        assert!(!Report::new(vec![noted], Vec::new(), Vec::new()).fully_reviewed());
    }

    #[test]
    fn reviewed_by_is_in_the_json_only_for_inputs_that_were_read() {
        let report = Report::new(vec![input(Some(0)), sample::broken_input("b.json")], Vec::new(), Vec::new());
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(json["inputs"][0]["reviewed_by"], 0);
        assert!(json["inputs"][1].get("reviewed_by").is_none());
    }
}
