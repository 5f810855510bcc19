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

use std::collections::BTreeSet;

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
    /// Each KMS key with what the snapshot holds encrypted under it.
    pub keys: Vec<checks::encryption::KeyUse>,
    /// Instances and maintenance windows as the patching view shows them.
    pub patching: checks::patching::view::PatchingView,
    /// Every user, group and role of the authorization details, for the page's principals view.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub principals: Vec<PrincipalRow>,
    /// Who may assume which role, for the page's role graph (nodes point into `principals`).
    #[serde(skip_serializing_if = "checks::paths::role_graph::RoleGraph::is_empty")]
    pub role_graph: checks::paths::role_graph::RoleGraph,
}

/// One user, group or role: what it is, its boundary, and the principal-level rules that
/// flag it (`admin-access`, `privilege-escalation`, `missing-permissions-boundary`, …).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PrincipalRow {
    pub name: String,
    /// `user`, `group` or `role`.
    pub kind: &'static str,
    pub arn: String,
    /// `PermissionsBoundaryArn`, when it has one.
    pub boundary: Option<String>,
    /// A user's groups.
    pub groups: Vec<String>,
    /// Its policies: inline, and attached managed ones.
    pub policies: usize,
    /// The rules whose principal-level findings name it, in catalogue order, once each.
    pub rules: Vec<&'static str>,
    /// Data-store reads it may make on every resource of their type (`s3:GetObject`,
    /// `secretsmanager:GetSecretValue`, …), after denies and its boundary.
    pub data: Vec<&'static str>,
    /// Actions that mint credentials it may call on every resource (`iam:CreateAccessKey`,
    /// `sts:AssumeRole`, …), the caller's own tokens left out.
    pub credentials: Vec<&'static str>,
    /// Where its entry is: the input, the location, and its UTF-16 range for the page.
    pub input: String,
    pub location: report::Location,
    pub range: [u32; 2],
}

/// The principals view: each principal with the rules whose findings start at it (their
/// path's first hop is the principal's entry), and where its entry is, to be located once the
/// model is released.
fn principal_rows(
    snapshot: &Snapshot,
    account: Option<&iam::account::Account>,
    findings: &[checks::RawFinding],
) -> Vec<(PrincipalRow, model::Site)> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static DATA: OnceLock<Vec<&'static str>> = OnceLock::new();
    static MINT: OnceLock<Vec<&'static str>> = OnceLock::new();
    let principals = &snapshot.model.principals;
    let Some(account) = account.filter(|_| !principals.is_empty()) else { return Vec::new() };
    let data = DATA.get_or_init(|| iam::sensitive::EXFILTRATION_ACTIONS.iter().map(|s| s.action).collect());
    let mint = MINT.get_or_init(|| {
        let own = iam::sensitive::CALLER_OWN_CREDENTIALS;
        iam::sensitive::CREDENTIAL_ACTIONS.iter().map(|s| s.action).filter(|a| !own.contains(a)).collect()
    });
    let by_site: HashMap<model::Site, usize> = principals.iter().enumerate().map(|(i, p)| (p.arn.site, i)).collect();
    let mut rules: Vec<Vec<&'static base::Rule>> = vec![Vec::new(); principals.len()];
    for raw in findings {
        let Some(&i) = raw.path.first().and_then(|(_, site)| by_site.get(site)) else { continue };
        if let Some(list) = rules.get_mut(i) {
            if !list.iter().any(|r| std::ptr::eq(*r, raw.rule)) {
                list.push(raw.rule);
            }
        }
    }
    let order = |rule: &base::Rule| checks::rules().position(|r| r.id == rule.id);
    principals
        .iter()
        .zip(rules)
        .map(|(p, mut found)| {
            found.sort_by_key(|r| order(r));
            let e = account.effective(p);
            let row = PrincipalRow {
                name: p.name.clone(),
                kind: match p.kind {
                    model::PrincipalKind::User => "user",
                    model::PrincipalKind::Group => "group",
                    model::PrincipalKind::Role => "role",
                },
                arn: p.arn.value.clone(),
                boundary: p.boundary.as_ref().map(|b| b.value.clone()),
                groups: p.groups.clone(),
                policies: p.inline.len() + p.attached.len(),
                rules: found.into_iter().map(|r| r.id).collect(),
                data: e.on_everything(data),
                credentials: e.on_everything(mint),
                input: String::new(),
                location: report::Location { pointer: String::new(), line: 1, column: 1 },
                range: [0, 0],
            };
            (row, p.arn.site)
        })
        .collect()
}

/// The role graph with each user's and role's index in the inventory's principals.
fn role_graph(
    snapshot: &Snapshot,
    graph: Option<checks::paths::role_graph::RoleGraph>,
) -> checks::paths::role_graph::RoleGraph {
    let Some(mut graph) = graph else { return checks::paths::role_graph::RoleGraph::default() };
    let by_site: std::collections::HashMap<model::Site, usize> =
        snapshot.model.principals.iter().enumerate().map(|(i, p)| (p.arn.site, i)).collect();
    for node in &mut graph.nodes {
        node.principal = node.site.and_then(|site| by_site.get(&site).copied());
    }
    graph
}

/// Runs the checks on the account's principals, and those that join the snapshot to them,
/// when the snapshot has authorization details (adding to the checks that ran and those that
/// did not); returns the principals' rows.
fn run_account_checks(
    snapshot: &Snapshot,
    thresholds: &checks::Thresholds,
    sink: &mut Sink,
    ran: &mut Vec<&'static checks::Check>,
    not_run: &mut Vec<checks::NotRun>,
) -> Vec<(PrincipalRow, model::Site)> {
    let account = snapshot
        .model
        .has(input::kinds::AUTHZ_DETAILS.id)
        .then(|| iam::account::Account::new(&snapshot.model, &snapshot.policies));
    not_run.extend(checks::run_principal_checks(account.as_ref(), sink));
    let (joined, skipped) = checks::run_joined_checks(&snapshot.model, account.as_ref(), thresholds, sink);
    ran.extend(joined);
    not_run.extend(skipped);
    if account.is_some() {
        ran.extend(checks::REGISTRY.iter().copied().filter(|c| checks::reads_principals(c)));
    }
    principal_rows(snapshot, account.as_ref(), &sink.findings)
}

/// Analyses the inputs as one snapshot: the report, and what the snapshot held.
pub fn analyze_snapshot(sources: &[Source], options: &Options) -> (Report, Inventory) {
    let mut snapshot = Snapshot::read(sources);
    // The time the snapshot was taken is "now"; failing that (or when it is no time), the
    // caller's. Each check asks `Meta::now_for`, which also knows the credential report's time.
    let captured = snapshot.model.meta.captured.clone().filter(|c| model::time::parse(c).is_some());
    snapshot.model.meta.now = captured.or_else(|| options.now.clone());
    // Policies are independent: each one's checks run wherever a core is free, and the
    // findings come back in policy order.
    let per_policy = parallel::map(&snapshot.policies, |policy| {
        let mut sink = Sink::default();
        // An AWS managed policy is nobody's to fix: it counts toward its holders only.
        if !policy.aws_managed {
            checks::run_policy_checks(policy, &mut sink);
        }
        sink
    });
    let mut sink = Sink::default();
    for one in per_policy {
        sink.findings.extend(one.findings);
        sink.notes.extend(one.notes);
    }
    let (mut ran, mut not_run) =
        checks::run_snapshot_checks_and_list(&snapshot.model, &options.config.thresholds, &mut sink);
    checks::encryption::listed::notes(&snapshot.model, &snapshot.policies, &ran, &mut sink);
    let principals = run_account_checks(&snapshot, &options.config.thresholds, &mut sink, &mut ran, &mut not_run);
    let role_graph = role_graph(&snapshot, sink.role_graph.take());

    let mut inputs = input_summaries(&snapshot);
    count_reviews(&snapshot, &ran, &options.config, &mut inputs);
    let meta = &snapshot.model.meta;
    let mut inventory = Inventory {
        account: meta.account.clone(),
        region: meta.region.clone(),
        captured: meta.captured.clone(),
        now: meta.now.clone(),
        resources: snapshot.model.inventory(),
        policies: snapshot.policies.len(),
        keys: checks::encryption::key_uses(&snapshot.model),
        patching: checks::patching::view::of(&snapshot.model, &options.config.thresholds.business_hours),
        principals: Vec::new(),
        role_graph,
    };
    // Locating may parse a large input again: without the model beside it (README, memory).
    snapshot.release_model();
    inventory.principals = principals
        .into_iter()
        .map(|(mut row, site)| {
            let (location, range) = snapshot.locate(site);
            row.input = snapshot.input_name(site).to_string();
            row.location = location;
            row.range = [range.start, range.end];
            row
        })
        .collect();
    attach_notes(&snapshot, &sink.notes, &mut inputs);

    let (findings, suppressed) = located_findings(&snapshot, sink.findings, &options.config);
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
    (report, inventory)
}

/// The checks' findings as the report gives them: located, with the configuration's severity,
/// and the ignored ones set aside with their reason.
fn located_findings(
    snapshot: &Snapshot,
    raw_findings: Vec<checks::RawFinding>,
    config: &Config,
) -> (Vec<Finding>, Vec<Suppressed>) {
    let mut findings = Vec::new();
    let mut suppressed = Vec::new();
    // Locating walks each document's tree and indexes its lines: spread over the cores too.
    let located = parallel::map(&raw_findings, |raw| snapshot.locate(raw.site));
    for (raw, (location, range)) in raw_findings.into_iter().zip(located) {
        let Some(severity) = config.severity(raw.rule) else { continue };
        let severity = if raw.lowered { severity.lowered() } else { severity };
        let severity = if raw.raised { severity.raised() } else { severity };
        let severity = raw.fixed.unwrap_or(severity);
        let input = snapshot.input_name(raw.site).to_string();
        if let Some(reason) = config.ignored(raw.rule.id, &raw.resource) {
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
    (findings, suppressed)
}

/// Sets each read input's `reviewed_by`: how many checks ran on its content. A bundle's own
/// entry counts every check that ran on any of its outputs, once.
fn count_reviews(snapshot: &Snapshot, ran: &[&'static checks::Check], config: &Config, inputs: &mut [InputSummary]) {
    let enabled = |rule: &checks::Rule| config.severity(rule).is_some();
    let mut counts: Vec<usize> = Vec::with_capacity(snapshot.inputs.len());
    // The bundle being read: its record, the prefix of its outputs' names, their rule ids.
    let mut bundle: Option<(usize, String, BTreeSet<&'static str>)> = None;
    for (i, record) in snapshot.inputs.iter().enumerate() {
        let kind = record.kind.filter(|_| !record.not_collected).map(|k| k.id);
        let rules = checks::reviewed_by(kind, record.policies > 0, ran, enabled);
        counts.push(rules.len());
        if let Some((at, prefix, ids)) = &mut bundle {
            if record.name.starts_with(prefix.as_str()) {
                ids.extend(rules.iter().map(|r| r.id));
                if let Some(count) = counts.get_mut(*at) {
                    *count = ids.len();
                }
                continue;
            }
            bundle = None;
        }
        if record.kind == Some(&input::kinds::BUNDLE) {
            bundle = Some((i, format!("{}#/outputs/", record.name), BTreeSet::new()));
        }
    }
    for ((record, summary), count) in snapshot.inputs.iter().zip(inputs.iter_mut()).zip(counts) {
        if record.error.is_none() {
            summary.reviewed_by = Some(count);
        }
    }
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
            reviewed_by: None,
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
