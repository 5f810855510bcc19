//! What every target asserts of an analysis, beyond "no panic": each input is recognised or has
//! an input error, every location is inside its input's text (1-based line, UTF-16 column), and
//! every report format is written.
// Each target uses some of these.
#![allow(dead_code)]

use posture::{analyze, Options, Report, Source};

/// Analyses the sources as one snapshot, checks the report and writes it in every format.
pub fn check(sources: &[Source]) -> Report {
    let report = analyze(sources, &Options::default());
    let lines = Lines::of(sources);
    assert!(report.inputs.len() >= sources.len(), "an input is missing from the report");
    for input in &report.inputs {
        assert!(input.kind.is_some() || input.error.is_some(), "{} has neither kind nor error", input.name);
        if let Some(e) = &input.error {
            lines.assert_within(&input.name, e.line, e.column);
        }
    }
    for finding in &report.findings {
        lines.assert_within(&finding.input, finding.location.line, finding.location.column);
    }
    // SARIF with the rules the findings name: every rule's documentation would cost more than
    // the analysis, and none of it comes from the input.
    let rules: Vec<_> = posture::checks::rules().filter(|r| report.findings.iter().any(|f| f.rule == r.id)).collect();
    for written in [report.to_json(), report.to_sarif(&rules), report.to_markdown(), report.to_csv()] {
        assert!(!written.is_empty());
    }
    let _ = report.to_text(sources, posture::report::TextOptions { color: true });
    report
}

/// Each source's name and the UTF-16 width of each of its lines, measured once: measuring the
/// text again for each location made a bundle with an error on each output quadratic, and the
/// target slow.
struct Lines(Vec<(String, Vec<usize>)>);

impl Lines {
    fn of(sources: &[Source]) -> Self {
        let widths = |text: &str| text.split('\n').map(|line| line.encode_utf16().count()).collect();
        Lines(sources.iter().map(|s| (s.display_name().to_string(), widths(&s.text))).collect())
    }

    /// A 1-based line and UTF-16 column lie within the text of the input named `name` (or the
    /// input it is part of: `bundle.json#/outputs/3`).
    fn assert_within(&self, name: &str, line: u32, column: u32) {
        let whole = name.split_once("#/").map_or(name, |(input, _)| input);
        let Some((_, lines)) = self.0.iter().find(|(n, _)| n == whole) else {
            panic!("location in an unknown input `{name}`")
        };
        let Some(&width) = usize::try_from(line).ok().and_then(|l| l.checked_sub(1)).and_then(|l| lines.get(l)) else {
            panic!("{name}: line {line} is outside the text ({} lines)", lines.len())
        };
        assert!(
            column >= 1 && column as usize <= width + 1,
            "{name}:{line}: column {column} past the line's {width} units"
        );
    }
}

/// Reads the sources into a snapshot, and only that (no checks, no report): the readers alone,
/// fast enough for tens of millions of executions. Every input has a kind or a located error,
/// and every location (errors, remarks) lies inside its input's text.
pub fn read(sources: &[Source]) {
    let snapshot = posture::input::Snapshot::read(sources);
    let lines = Lines::of(sources);
    assert!(snapshot.inputs.len() >= sources.len(), "an input is missing from the snapshot");
    for input in &snapshot.inputs {
        assert!(input.kind.is_some() || input.error.is_some(), "{} has neither kind nor error", input.name);
        let sites = input.error.iter().map(|e| e.site).chain(input.remarks.iter().map(|(_, site)| *site));
        for site in sites {
            let (location, _) = snapshot.locate(site);
            lines.assert_within(snapshot.input_name(site), location.line, location.column);
        }
    }
}
