//! The WebAssembly boundary: JSON-shaped data in, JSON-shaped data out. No analysis here,
//! and a user's mistake comes back as data (`{error}`), never as a thrown exception.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::checks::{self, reference};
use crate::{Config, Options, Severity, Source};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

#[derive(Deserialize)]
struct Input {
    name: String,
    text: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsOptions {
    /// The configuration file's text (the page's settings panel).
    config: Option<String>,
    min_severity: Option<String>,
    /// The page's clock (RFC 3339), "now" when the snapshot does not say when it was taken.
    now: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Analysis {
    /// The JSON report, byte for byte what `posture check --format json` prints.
    report: String,
    /// Per finding, in report order: `[start, end]` UTF-16 offsets into its input.
    ranges: Vec<[u32; 2]>,
    /// Per input, in report order: the input error's `[start, end]`, or `null`.
    input_ranges: Vec<Option<[u32; 2]>>,
    /// Per finding, in report order: each hop of its `path` as `[start, end]` (empty when the
    /// finding has no path).
    path_ranges: Vec<Vec<[u32; 2]>>,
    /// What the snapshot held: account, region, time, resources by type.
    inventory: crate::Inventory,
}

thread_local! {
    /// The last report, kept for `export` so exports need no second analysis.
    static LAST: std::cell::RefCell<Option<crate::Report>> = const { std::cell::RefCell::new(None) };
}

#[derive(Serialize)]
struct Failure {
    error: String,
}

fn to_js<T: Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// The inputs `[{name, text}, …]` as sources, or the `{error}` to return.
fn sources(inputs: JsValue) -> Result<Vec<Source>, JsValue> {
    let inputs: Vec<Input> = serde_wasm_bindgen::from_value(inputs)
        .map_err(|e| to_js(&Failure { error: format!("inputs must be [{{name, text}}, …]: {e}") }))?;
    Ok(inputs.into_iter().map(|i| Source::new(i.name, i.text)).collect())
}

/// Analyses `[{name, text}, …]` as one snapshot. Options: `{config?: string, minSeverity?: string}`.
#[wasm_bindgen]
pub fn analyze(inputs: JsValue, options: JsValue) -> JsValue {
    let sources = match sources(inputs) {
        Ok(sources) => sources,
        Err(failure) => return failure,
    };
    let js: JsOptions = if options.is_undefined() || options.is_null() {
        JsOptions::default()
    } else {
        match serde_wasm_bindgen::from_value(options) {
            Ok(o) => o,
            Err(e) => return to_js(&Failure { error: format!("bad options: {e}") }),
        }
    };
    let mut opts = Options::default();
    if let Some(text) = js.config.filter(|t| !t.trim().is_empty()) {
        match Config::from_json(&text) {
            Ok(config) => opts.config = config,
            Err(e) => return to_js(&Failure { error: format!("configuration: {e}") }),
        }
    }
    opts.now = js.now;
    if let Some(level) = js.min_severity {
        match Severity::parse(&level) {
            Some(l) => opts.min_severity = Some(l),
            None => return to_js(&Failure { error: format!("unknown severity `{level}`") }),
        }
    }
    let (report, inventory) = crate::analyze_snapshot(&sources, &opts);
    let analysis = to_js(&Analysis {
        report: report.to_json(),
        ranges: report.findings.iter().map(|f| [f.range.start, f.range.end]).collect(),
        input_ranges: report.inputs.iter().map(|i| i.error.as_ref().map(|e| [e.range.start, e.range.end])).collect(),
        path_ranges: report
            .findings
            .iter()
            .map(|f| f.path.iter().map(|h| [h.range.start, h.range.end]).collect())
            .collect(),
        inventory,
    });
    LAST.with(|last| *last.borrow_mut() = Some(report));
    analysis
}

#[derive(Deserialize, Default)]
struct JsQuestion {
    principal: Option<String>,
    action: String,
    resource: String,
    /// `["key=value", …]`, as the CLI's `--context`.
    #[serde(default)]
    context: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Simulated {
    /// The simulation as JSON, byte for byte what `posture simulate --format json` prints.
    result: String,
    /// The text form, as `posture simulate` prints it.
    text: String,
    /// Per statement, in result order: `[start, end]` UTF-16 offsets into its input.
    ranges: Vec<[u32; 2]>,
}

/// Answers "can `principal` do `action` on `resource`?" over the policies in
/// `[{name, text}, …]`. Question: `{principal?, action, resource, context?: ["key=value", …]}`.
/// Returns `{result, text, ranges}` or `{error}`.
#[wasm_bindgen]
pub fn simulate(inputs: JsValue, question: JsValue) -> JsValue {
    let sources = match sources(inputs) {
        Ok(sources) => sources,
        Err(failure) => return failure,
    };
    let js: JsQuestion = match serde_wasm_bindgen::from_value(question) {
        Ok(q) => q,
        Err(e) => return to_js(&Failure { error: format!("the question needs an action and a resource: {e}") }),
    };
    let mut question = crate::simulate::Question {
        principal: js.principal,
        action: js.action,
        resource: js.resource,
        context: Vec::new(),
    };
    for pair in js.context.iter().filter(|p| !p.trim().is_empty()) {
        match crate::simulate::context_pair(pair) {
            Ok(kv) => question.context.push(kv),
            Err(e) => return to_js(&Failure { error: e }),
        }
    }
    match crate::simulate::simulate(&sources, &question) {
        Ok(sim) => to_js(&Simulated {
            result: sim.to_json(),
            text: sim.to_text(),
            ranges: sim.statements.iter().map(|s| [s.range.start, s.range.end]).collect(),
        }),
        Err(error) => to_js(&Failure { error }),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Compared {
    /// The diff as JSON, byte for byte what `posture diff --format json` prints.
    result: String,
    /// The text form, as `posture diff` prints it.
    text: String,
    /// Per entry of `added`, `removed`, `undecided`: the statement's `[start, end]` UTF-16
    /// offsets into its input.
    added: Vec<[u32; 2]>,
    removed: Vec<[u32; 2]>,
    undecided: Vec<[u32; 2]>,
    /// Why the comparison means nothing (an unreadable input, a side without a policy), if so.
    unusable: Option<String>,
}

/// Compares two inputs `{name, text}`: what NEW grants that OLD did not, each with a witness.
/// Returns `{result, text, added, removed, undecided, unusable}` or `{error}`.
#[wasm_bindgen]
pub fn diff(old: JsValue, new: JsValue) -> JsValue {
    let one = |v: JsValue| -> Result<Source, JsValue> {
        let i: Input = serde_wasm_bindgen::from_value(v)
            .map_err(|e| to_js(&Failure { error: format!("each side must be {{name, text}}: {e}") }))?;
        Ok(Source::new(i.name, i.text))
    };
    let (old, new) = match (one(old), one(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(f), _) | (_, Err(f)) => return f,
    };
    let d = crate::diff::diff(&[old], &[new]);
    let ranges = |list: &[crate::diff::Change]| list.iter().map(|c| [c.range.start, c.range.end]).collect();
    to_js(&Compared {
        result: d.to_json(),
        text: d.to_text(),
        added: ranges(&d.added),
        removed: ranges(&d.removed),
        undecided: d.undecided.iter().map(|u| [u.range.start, u.range.end]).collect(),
        unusable: d.unusable(),
    })
}

/// The last report in another format: `json`, `sarif`, `markdown` or `csv` (empty before
/// any analysis or for an unknown format).
#[wasm_bindgen(js_name = exportReport)]
pub fn export(format: &str) -> String {
    LAST.with(|last| {
        let last = last.borrow();
        let Some(report) = last.as_ref() else { return String::new() };
        match format {
            "json" => report.to_json(),
            "sarif" => report.to_sarif(&checks::rules().collect::<Vec<_>>()),
            "markdown" => report.to_markdown(),
            "csv" => report.to_csv(),
            _ => String::new(),
        }
    })
}

/// Every rule with its texts, as `posture rules --format json` prints them.
#[wasm_bindgen]
pub fn rules() -> String {
    reference::json(checks::rules().collect::<Vec<_>>().iter())
}

/// The privilege-escalation methods, as `posture methods --format json` prints them.
#[wasm_bindgen]
pub fn methods() -> String {
    reference::methods_json()
}

/// Every input kind: `[{id, label, command, reviewed, supported, instead?}]` — the supported
/// kinds, then the AWS outputs recognised but not reviewed (`supported: false`). `command` is
/// what collects the kind (the page shows it beside a skipped check).
#[wasm_bindgen]
pub fn kinds() -> JsValue {
    to_js(&crate::input::kinds::described())
}

/// The crate version and the IAM catalogue's source.
#[wasm_bindgen]
pub fn version() -> String {
    format!("{} (IAM catalogue: {})", env!("CARGO_PKG_VERSION"), crate::iam::catalog::Catalog::get().provenance())
}

/// The kinds of input each snapshot check needs, `{rule id: [kind ids]}`: the rules
/// reference shows them. Policy checks review every policy document and are absent.
#[wasm_bindgen]
pub fn needs() -> String {
    let needs: std::collections::BTreeMap<&'static str, &'static [&'static str]> = checks::REGISTRY
        .iter()
        .filter_map(|c| match c.run {
            checks::Runner::Snapshot { needs, .. } | checks::Runner::Joined { needs, .. } => Some((c.rule.id, needs)),
            _ => None,
        })
        .collect();
    serde_json::to_string(&needs).unwrap_or_default()
}
