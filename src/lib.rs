//! Posture reviews AWS configuration — IAM policies first — and says what is wrong, why it
//! matters and how to fix it. The same core runs in the browser (WebAssembly, see `wasm`)
//! and as the `posture` CLI.
//!
//! Layers only look downward (`base` → `json` → `input` → `iam` → `checks` → `report`, a
//! meta-test keeps it so): [`base`] holds the words all of them share; [`json`] knows nothing
//! of AWS; [`input`] knows AWS shapes but no checks; [`checks`] see typed models and spans;
//! [`report`] knows no individual check.

pub mod base;
pub mod checks;
pub mod config;
pub mod diff;
pub mod iam;
pub mod input;
pub mod json;
pub mod model;
mod parallel;
pub mod report;
pub mod simulate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use config::Config;
pub use input::Source;
pub use report::{Report, Severity};

use checks::Sink;
use input::Snapshot;
use report::{Finding, Hop, InputError, InputSummary, Skipped, Suppressed};

/// How to analyse.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub config: Config,
    /// Findings less severe than this are left out of the report.
    pub min_severity: Option<Severity>,
    /// "Now" for age-based checks when the snapshot does not say when it was taken (RFC 3339:
    /// the CLI's `--now`, else its clock; the page's clock).
    pub now: Option<String>,
}

/// Analyses the inputs as one snapshot and returns the report.
pub fn analyze(sources: &[Source], options: &Options) -> Report {
    analyze_snapshot(sources, options).0
}

/// What the snapshot held, beside the report: the page's snapshot view.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Inventory {
    pub account: Option<String>,
    pub region: Option<String>,
    pub captured: Option<String>,
    /// "Now" for age-based checks: `captured`, else the caller's time.
    pub now: Option<String>,
    /// Resources by type, with their counts (`["security groups", 12]`).
    pub resources: Vec<(&'static str, usize)>,
    /// Policy documents read (standalone, embedded, or in a wrapper).
    pub policies: usize,
}

/// Analyses the inputs as one snapshot: the report, and what the snapshot held.
pub fn analyze_snapshot(sources: &[Source], options: &Options) -> (Report, Inventory) {
    let mut snapshot = Snapshot::read(sources);
    // The time the snapshot was taken is "now"; failing that, the caller's.
    snapshot.model.meta.now = snapshot.model.meta.captured.clone().or_else(|| options.now.clone());
    // Policies are independent: each one's checks run wherever a core is free, and the
    // findings come back in policy order.
    let per_policy = parallel::map(&snapshot.policies, |policy| {
        let mut sink = Sink::default();
        checks::run_policy_checks(policy, &mut sink);
        sink
    });
    let mut sink = Sink::default();
    for one in per_policy {
        sink.findings.extend(one.findings);
        sink.notes.extend(one.notes);
    }
    let not_run = checks::run_snapshot_checks(&snapshot.model, &options.config.thresholds, &mut sink);

    let mut inputs = input_summaries(&snapshot);
    attach_notes(&snapshot, &sink.notes, &mut inputs);

    let mut findings = Vec::new();
    let mut suppressed = Vec::new();
    // Locating walks each document's tree and indexes its lines: spread over the cores too.
    let located = parallel::map(&sink.findings, |raw| snapshot.locate(raw.site));
    for (raw, (location, range)) in sink.findings.into_iter().zip(located) {
        let Some(severity) = options.config.severity(raw.rule) else { continue };
        let severity = if raw.lowered { severity.lowered() } else { severity };
        let input = snapshot.input_name(raw.site).to_string();
        if let Some(reason) = options.config.ignored(raw.rule.id, &raw.resource) {
            suppressed.push(Suppressed {
                rule: raw.rule.id,
                resource: raw.resource,
                input,
                location,
                reason: reason.into(),
            });
            continue;
        }
        findings.push(Finding {
            rule: raw.rule.id,
            severity,
            area: raw.rule.area,
            title: raw.rule.title(),
            message: raw.message,
            resource: raw.resource,
            input,
            location,
            controls: raw.rule.controls,
            path: raw
                .path
                .into_iter()
                .map(|(label, site)| {
                    let (location, range) = snapshot.locate(site);
                    Hop { label, input: snapshot.input_name(site).to_string(), location, range }
                })
                .collect(),
            range,
        });
    }
    let mut report = Report::new(inputs, findings, suppressed);
    // A disabled rule is not "skipped": the user chose not to run it.
    report.skipped = not_run
        .into_iter()
        .filter(|n| options.config.severity(n.rule).is_some())
        .map(|n| Skipped { rule: n.rule.id, needs: n.needs })
        .collect();
    if let Some(level) = options.min_severity {
        report.retain_min_severity(level);
    }
    let meta = &snapshot.model.meta;
    let inventory = Inventory {
        account: meta.account.clone(),
        region: meta.region.clone(),
        captured: meta.captured.clone(),
        now: meta.now.clone(),
        resources: snapshot.model.inventory(),
        policies: snapshot.policies.len(),
    };
    (report, inventory)
}

/// Puts each check's note on the summary of the input it is about (a bundle's own entry for a
/// policy inside it).
fn attach_notes(snapshot: &Snapshot, notes: &[checks::RawNote], inputs: &mut [InputSummary]) {
    if notes.is_empty() {
        return;
    }
    // Each source's own record comes first among those read from it, under its own name.
    let mut own_record = Vec::with_capacity(snapshot.sources.len());
    let mut sources = snapshot.sources.iter();
    let mut next = sources.next();
    for (i, record) in snapshot.inputs.iter().enumerate() {
        if next.is_some_and(|s| s.display_name() == record.name) {
            own_record.push(i);
            next = sources.next();
        }
    }
    for note in notes {
        let source = snapshot.docs.get(note.site.doc as usize).map(|d| d.source);
        let Some(summary) = source.and_then(|s| own_record.get(s)).and_then(|&r| inputs.get_mut(r)) else { continue };
        let (location, _) = snapshot.locate(note.site);
        summary.notes.push(report::InputNote { rule: note.rule.id, message: note.message.clone(), location });
    }
}

/// Each input as reports list it: name, kind recognised, or the located error.
pub(crate) fn input_summaries(snapshot: &Snapshot) -> Vec<InputSummary> {
    snapshot
        .inputs
        .iter()
        .map(|record| InputSummary {
            name: record.name.clone(),
            kind: record.kind.map(|k| k.id),
            error: record.error.as_ref().map(|e| {
                let (location, range) = snapshot.locate(e.site);
                InputError {
                    rule: e.rule.id(),
                    message: e.message.clone(),
                    line: location.line,
                    column: location.column,
                    range,
                }
            }),
            notes: record
                .remarks
                .iter()
                .map(|(message, site)| report::InputNote {
                    rule: checks::input::INPUT_UNRECOGNIZED.rule.id,
                    message: message.clone(),
                    location: snapshot.locate(*site).0,
                })
                .collect(),
        })
        .collect()
}
