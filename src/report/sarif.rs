//! SARIF 2.1.0, for code-scanning dashboards: one run, every rule with its documentation,
//! one result per finding, per input error and per suppressed finding (marked as such).
//! Columns are UTF-16 code units, as in the JSON report.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{Report, Severity};
use crate::base::Rule;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(super) fn write(report: &Report, rules: &[&Rule]) -> String {
    let mut index = BTreeMap::new();
    for (i, rule) in rules.iter().enumerate() {
        index.entry(rule.id).or_insert(i);
    }
    let mut artifacts = BTreeMap::new();
    for (i, input) in report.inputs.iter().enumerate() {
        artifacts.entry(input.name.as_str()).or_insert(i);
    }
    let mut results = Vec::new();
    for input in &report.inputs {
        if let Some(error) = &input.error {
            let mut result = json!({
                "ruleId": error.rule,
                "level": "error",
                "message": {"text": visible(&error.message)},
                "locations": [location(&input.name, &artifacts, error.line, error.column, "")],
            });
            set_rule_index(&mut result, &index, error.rule);
            results.push(result);
        }
    }
    for finding in &report.findings {
        let mut result = json!({
            "ruleId": finding.rule,
            "level": level(finding.severity),
            "message": {"text": visible(&finding.message)},
            "locations": [location(
                &finding.input,
                &artifacts,
                finding.location.line,
                finding.location.column,
                &finding.location.pointer,
            )],
            "properties": {"resource": visible(&finding.resource), "severity": finding.severity.as_str()},
        });
        if !finding.path.is_empty() {
            // The hops in order as a code flow, and each as a related location.
            let hop = |(i, h): (usize, &crate::report::Hop)| {
                let mut at = location(&h.input, &artifacts, h.location.line, h.location.column, &h.location.pointer);
                if let Value::Object(map) = &mut at {
                    map.insert("id".to_owned(), i.into());
                    map.insert("message".to_owned(), json!({"text": visible(&h.label)}));
                }
                at
            };
            let related: Vec<Value> = finding.path.iter().enumerate().map(hop).collect();
            let flow: Vec<Value> = related.iter().map(|l| json!({"location": l})).collect();
            if let Value::Object(map) = &mut result {
                map.insert("codeFlows".to_owned(), json!([{"threadFlows": [{"locations": flow}]}]));
                map.insert("relatedLocations".to_owned(), Value::Array(related));
            }
        }
        set_rule_index(&mut result, &index, finding.rule);
        results.push(result);
    }
    for suppressed in &report.suppressed {
        let rule = index.get(suppressed.rule).and_then(|&i| rules.get(i));
        let severity = rule.map(|r| r.severity);
        let text = match rule {
            Some(rule) => format!("{} ({})", rule.title(), suppressed.resource),
            None => format!("suppressed finding on {}", suppressed.resource),
        };
        let mut result = json!({
            "ruleId": suppressed.rule,
            "level": severity.map_or("warning", level),
            "message": {"text": visible(&text)},
            "locations": [location(
                &suppressed.input,
                &artifacts,
                suppressed.location.line,
                suppressed.location.column,
                &suppressed.location.pointer,
            )],
            "suppressions": [{"kind": "external", "justification": visible(&suppressed.reason)}],
            "properties": {"resource": visible(&suppressed.resource)},
        });
        if let (Some(severity), Some(Value::Object(properties))) = (severity, result.get_mut("properties")) {
            properties.insert("severity".to_owned(), severity.as_str().into());
        }
        set_rule_index(&mut result, &index, suppressed.rule);
        results.push(result);
    }

    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver(rules)},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications(report, &index, &artifacts),
            }],
            "columnKind": "utf16CodeUnits",
            "artifacts": report.inputs.iter().map(artifact).collect::<Vec<_>>(),
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    out.push('\n');
    out
}

/// The tool: its version, every rule, and the notifications it may raise.
fn driver(rules: &[&Rule]) -> Value {
    json!({
        "name": "posture",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
        "notifications": NOTIFICATIONS
            .iter()
            .map(|(id, text)| json!({"id": id, "shortDescription": {"text": text}}))
            .collect::<Vec<_>>(),
    })
}

/// The tool's own notifications (SARIF 2.1.0 §3.58, described in `tool.driver.notifications`):
/// what was not reviewed, so that an empty `results` is never read as "all is well".
const NOTIFICATIONS: [(&str, &str); 2] = [
    ("check-skipped", "A check did not run because an input it needs was not given"),
    ("input-not-reviewed", "No check ran on an input"),
];

/// One notification per skipped check (level `warning`, with the rule as `associatedRule`)
/// and per input no check ran on (level `note`, located at the input).
fn notifications(report: &Report, index: &BTreeMap<&str, usize>, artifacts: &BTreeMap<&str, usize>) -> Vec<Value> {
    let mut out = Vec::new();
    for skipped in &report.skipped {
        let needs: Vec<String> =
            skipped.needs.iter().map(|k| crate::base::code(crate::input::kinds::command_for(k))).collect();
        let mut rule = json!({"id": skipped.rule});
        if let (Some(&i), Value::Object(map)) = (index.get(skipped.rule), &mut rule) {
            map.insert("index".to_owned(), i.into());
        }
        out.push(json!({
            "level": "warning",
            "message": {"text": format!("`{}` did not run: it needs {}", skipped.rule, needs.join(" and "))},
            "descriptor": {"id": NOTIFICATIONS[0].0, "index": 0},
            "associatedRule": rule,
            "properties": {"needs": skipped.needs},
        }));
    }
    for input in report.not_reviewed() {
        let kind = input.kind.map(crate::input::kinds::command_for).map(crate::base::code).unwrap_or_default();
        out.push(json!({
            "level": "note",
            "message": {"text": visible(&format!("{} ({kind}): no check ran on it", input.name))},
            "descriptor": {"id": NOTIFICATIONS[1].0, "index": 1},
            "locations": [location(&input.name, artifacts, 0, 0, "")],
        }));
    }
    out
}

/// Input text as a SARIF viewer should show it: hidden characters escaped.
fn visible(s: &str) -> String {
    crate::base::visible(s, &[])
}

/// The SARIF level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The `security-severity` score code-scanning dashboards rank by (CVSS-like, 0–10).
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn rule_descriptor(rule: &Rule) -> Value {
    let mut tags = vec![rule.area.as_str()];
    tags.extend(rule.controls);
    let why = rule.why();
    let fix = rule.fix();
    json!({
        "id": rule.id,
        "name": rule.title(),
        "shortDescription": {"text": rule.title()},
        "fullDescription": {"text": rule.what()},
        "help": {
            "text": format!("Why it matters\n\n{why}\n\nHow to fix\n\n{fix}"),
            "markdown": format!("## Why it matters\n\n{why}\n\n## How to fix\n\n{fix}"),
        },
        "defaultConfiguration": {
            "level": if rule.is_input_error() { "error" } else { level(rule.severity) },
        },
        "properties": {"tags": tags, "security-severity": security_severity(rule.severity)},
    })
}

fn artifact(input: &super::InputSummary) -> Value {
    let mut artifact = json!({"location": {"uri": uri(&input.name)}});
    if let (Some(kind), Value::Object(map)) = (input.kind, &mut artifact) {
        map.insert("properties".to_owned(), json!({"kind": kind}));
    }
    artifact
}

fn location(input: &str, artifacts: &BTreeMap<&str, usize>, line: u32, column: u32, pointer: &str) -> Value {
    let mut artifact_location = json!({"uri": uri(input)});
    if let (Some(&i), Value::Object(map)) = (artifacts.get(input), &mut artifact_location) {
        map.insert("index".to_owned(), i.into());
    }
    let mut physical = json!({"artifactLocation": artifact_location});
    if line > 0 {
        if let Value::Object(map) = &mut physical {
            map.insert("region".to_owned(), json!({"startLine": line, "startColumn": column.max(1)}));
        }
    }
    let mut location = json!({"physicalLocation": physical});
    if !pointer.is_empty() {
        if let Value::Object(map) = &mut location {
            map.insert(
                "logicalLocations".to_owned(),
                json!([{"fullyQualifiedName": visible(pointer), "kind": "element"}]),
            );
        }
    }
    location
}

fn set_rule_index(result: &mut Value, index: &BTreeMap<&str, usize>, rule: &str) {
    if let (Some(&i), Value::Object(map)) = (index.get(rule), result) {
        map.insert("ruleIndex".to_owned(), i.into());
    }
}

/// An input name as a URI reference: characters a URI cannot hold are percent-encoded
/// (a name may hold spaces, `#`, `%`, or anything a user typed).
fn uri(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::{uri, write};
    use crate::base::Rule;
    use crate::report::{sample, Area, Finding, InputSummary, Location, Report, Severity, Suppressed, Utf16Range};

    static NOT_JSON: Rule = Rule {
        id: "input-not-json",
        severity: Severity::High,
        area: Area::Input,
        controls: &[],
        doc: "Input is not JSON.\n\n## What it checks\nThat the input parses.\n\n## Why it matters\nNothing can be checked.\n\n## How to fix\nFix the syntax.\n",
    };

    static ADMIN: Rule = Rule {
        id: "admin-access",
        severity: Severity::Critical,
        area: Area::Iam,
        controls: &["CIS 1.16", "FSBP IAM.1"],
        doc: "Policy allows every action on every resource.\n\n## What it checks\nStatements allowing `*` on `*`.\n\n## Why it matters\nFull control of the account.\n\n## How to fix\nGrant only what is used:\n\n```json\n{\"Action\": \"s3:GetObject\"}\n```\n",
    };

    fn report() -> Report {
        let finding = Finding {
            input: "policies/admin policy.json".to_owned(),
            range: Utf16Range { start: 20, end: 60 },
            ..sample::finding(Severity::Critical, "statement `Admin` allows `*` on `*`", "AdminPolicy")
        };
        let inputs = vec![
            InputSummary {
                name: "policies/admin policy.json".to_owned(),
                kind: Some("iam.policy"),
                error: None,
                reviewed_by: Some(1),
                notes: Vec::new(),
            },
            sample::broken_input("bad.json"),
        ];
        let suppressed = Suppressed {
            rule: "admin-access",
            resource: "BreakGlass".to_owned(),
            input: "policies/admin policy.json".to_owned(),
            location: Location { pointer: "/Statement/1".to_owned(), line: 9, column: 5 },
            reason: "break-glass role, reviewed quarterly".to_owned(),
        };
        Report::new(inputs, vec![finding], vec![suppressed])
    }

    fn parse(report: &Report) -> Value {
        let out = write(report, &[&NOT_JSON, &ADMIN]);
        assert!(out.ends_with("}\n"));
        serde_json::from_str(&out).expect("valid JSON")
    }

    #[test]
    fn top_level_and_driver() {
        let sarif = parse(&report());
        assert_eq!(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
        assert_eq!(sarif["version"], "2.1.0");
        assert_eq!(sarif["runs"].as_array().map(Vec::len), Some(1));
        let run = &sarif["runs"][0];
        assert_eq!(run["columnKind"], "utf16CodeUnits");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "posture");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(driver["rules"].as_array().map(Vec::len), Some(2));
        let rule = &driver["rules"][1];
        assert_eq!(rule["id"], "admin-access");
        assert_eq!(rule["name"], "Policy allows every action on every resource");
        assert_eq!(rule["shortDescription"]["text"], "Policy allows every action on every resource");
        assert_eq!(rule["fullDescription"]["text"], "Statements allowing `*` on `*`.");
        let markdown = rule["help"]["markdown"].as_str().expect("markdown help");
        assert!(markdown.contains("Full control of the account.") && markdown.contains("```json\n"), "{markdown}");
        assert!(rule["help"]["text"].as_str().is_some_and(|t| t.contains("Grant only what is used")));
        assert_eq!(rule["defaultConfiguration"]["level"], "error");
        assert_eq!(rule["properties"]["tags"], serde_json::json!(["iam", "CIS 1.16", "FSBP IAM.1"]));
        assert_eq!(rule["properties"]["security-severity"], "9.5");
        assert_eq!(driver["rules"][0]["defaultConfiguration"]["level"], "error");
        assert_eq!(run["artifacts"][0]["location"]["uri"], "policies/admin%20policy.json");
        assert_eq!(run["artifacts"][0]["properties"]["kind"], "iam.policy");
        assert_eq!(run["artifacts"][1]["location"]["uri"], "bad.json");
    }

    #[test]
    fn results_for_errors_findings_and_suppressions() {
        let sarif = parse(&report());
        let results = sarif["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 3);

        let error = &results[0];
        assert_eq!(error["ruleId"], "input-not-json");
        assert_eq!(error["ruleIndex"], 0);
        assert_eq!(error["level"], "error");
        assert_eq!(error["message"]["text"], "expected `,` or `}`");
        let physical = &error["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "bad.json");
        assert_eq!(physical["artifactLocation"]["index"], 1);
        assert_eq!(physical["region"]["startLine"], 7);
        assert_eq!(physical["region"]["startColumn"], 3);

        let finding = &results[1];
        assert_eq!(finding["ruleId"], "admin-access");
        assert_eq!(finding["ruleIndex"], 1);
        assert_eq!(finding["level"], "error");
        assert_eq!(finding["message"]["text"], "statement `Admin` allows `*` on `*`");
        let location = &finding["locations"][0];
        assert_eq!(location["physicalLocation"]["artifactLocation"]["uri"], "policies/admin%20policy.json");
        assert_eq!(location["physicalLocation"]["region"]["startLine"], 3);
        assert_eq!(location["physicalLocation"]["region"]["startColumn"], 5);
        assert_eq!(location["logicalLocations"][0]["fullyQualifiedName"], "/Statement/0");
        assert_eq!(location["logicalLocations"][0]["kind"], "element");
        assert_eq!(finding["properties"]["resource"], "AdminPolicy");
        assert_eq!(finding["properties"]["severity"], "critical");
        assert!(finding.get("suppressions").is_none());

        let suppressed = &results[2];
        assert_eq!(suppressed["ruleId"], "admin-access");
        assert_eq!(suppressed["suppressions"][0]["kind"], "external");
        assert_eq!(suppressed["suppressions"][0]["justification"], "break-glass role, reviewed quarterly");
        assert_eq!(suppressed["properties"]["resource"], "BreakGlass");
        assert_eq!(suppressed["locations"][0]["physicalLocation"]["region"]["startLine"], 9);
    }

    #[test]
    fn levels_and_scores_follow_severity() {
        for (severity, level, score) in [
            (Severity::Critical, "error", "9.5"),
            (Severity::High, "error", "8.0"),
            (Severity::Medium, "warning", "5.5"),
            (Severity::Low, "note", "3.0"),
            (Severity::Info, "note", "1.0"),
        ] {
            assert_eq!(super::level(severity), level);
            assert_eq!(super::security_severity(severity), score);
        }
    }

    #[test]
    fn output_is_deterministic_and_hostile_strings_stay_strings() {
        let mut report = report();
        report.findings[0].message = "\"}],\u{1b}[31m <img src=x onerror=alert(1)>".to_owned();
        let a = write(&report, &[&NOT_JSON, &ADMIN]);
        assert_eq!(a, write(&report, &[&NOT_JSON, &ADMIN]));
        assert!(!a.contains('\u{1b}'), "control characters are escaped by JSON");
        let sarif: Value = serde_json::from_str(&a).expect("valid JSON");
        // A viewer shows the terminal escape as text, never obeys it.
        assert_eq!(sarif["runs"][0]["results"][1]["message"]["text"], "\"}],\\u{1b}[31m <img src=x onerror=alert(1)>");
    }

    #[test]
    fn unknown_rules_and_unlocated_results() {
        let mut report = report();
        report.findings[0].location = Location { pointer: String::new(), line: 0, column: 0 };
        let sarif: Value = serde_json::from_str(&write(&report, &[])).expect("valid JSON");
        let finding = &sarif["runs"][0]["results"][1];
        assert!(finding.get("ruleIndex").is_none());
        assert!(finding["locations"][0]["physicalLocation"].get("region").is_none());
        assert!(finding["locations"][0].get("logicalLocations").is_none());
        assert_eq!(sarif["runs"][0]["results"][2]["level"], "warning");
        assert_eq!(sarif["runs"][0]["tool"]["driver"]["rules"], serde_json::json!([]));
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("a b#c%d.json"), "a%20b%23c%25d.json");
        assert_eq!(uri("dir/é.json"), "dir/%C3%A9.json");
        assert_eq!(uri("-"), "-");
    }

    #[test]
    fn what_was_not_reviewed_is_a_tool_execution_notification() {
        let mut report = report();
        assert!(report.inputs[0].reviewed_by.is_some_and(|n| n > 0));
        let out: Value = serde_json::from_str(&write(&report, &[&NOT_JSON, &ADMIN])).unwrap();
        let invocation = &out["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], true);
        assert_eq!(invocation["toolExecutionNotifications"], serde_json::json!([]));

        report.inputs[0].reviewed_by = Some(0);
        report.skipped = vec![crate::report::Skipped { rule: "admin-access", needs: vec!["ec2.describe-instances"] }];
        let out: Value = serde_json::from_str(&write(&report, &[&NOT_JSON, &ADMIN])).unwrap();
        let notes = &out["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert_eq!(notes[0]["level"], "warning");
        assert_eq!(notes[0]["descriptor"], serde_json::json!({"id": "check-skipped", "index": 0}));
        assert_eq!(notes[0]["associatedRule"], serde_json::json!({"id": "admin-access", "index": 1}));
        assert_eq!(notes[0]["message"]["text"], "`admin-access` did not run: it needs `aws ec2 describe-instances`");
        assert_eq!(notes[1]["level"], "note");
        assert_eq!(notes[1]["descriptor"]["id"], "input-not-reviewed");
        assert_eq!(notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["index"], 0);
        assert!(notes[1]["locations"][0]["physicalLocation"].get("region").is_none());
        let descriptors = &out["runs"][0]["tool"]["driver"]["notifications"];
        assert_eq!(descriptors[0]["id"], "check-skipped");
        assert_eq!(descriptors[1]["id"], "input-not-reviewed");
    }
}
