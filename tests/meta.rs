#![cfg(not(target_arch = "wasm32"))]
//! Meta-tests: the conventions every check keeps, checked rather than hoped for.

use std::fs;
use std::path::Path;

use posture::checks::{self, reference, SECTIONS};
use posture::{analyze, Options, Source};

#[test]
fn every_rule_has_complete_docs() {
    for rule in checks::rules() {
        let title = rule.title();
        assert!(!title.is_empty() && title.len() < 80, "{}: title line missing or too long", rule.id);
        assert!(title.starts_with(char::is_uppercase), "{}: the title starts with a capital", rule.id);
        for heading in SECTIONS {
            let body = rule.section(heading);
            assert!(body.len() > 60, "{}: `## {heading}` is missing or too thin", rule.id);
        }
        let fix = rule.fix();
        assert!(fix.contains("```json") || fix.contains("```sh"), "{}: `How to fix` needs a concrete snippet", rule.id);
        assert_eq!(fix.matches("```").count() % 2, 0, "{}: unbalanced code fence", rule.id);
    }
}

#[test]
fn rule_ids_are_unique_kebab_case() {
    let ids: Vec<&str> = checks::rules().map(|r| r.id).collect();
    for (i, id) in ids.iter().enumerate() {
        assert!(
            id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id} is not kebab-case"
        );
        assert!(!ids[..i].contains(id), "{id} is registered twice");
    }
}

/// The catalogue in `shared/RULES.md` is the contract: ids, severities and controls. It lives
/// beside the repository, not in it, so a clone on its own skips this test and says so
/// (`scripts/test.sh` repeats it where it cannot be missed).
#[test]
fn rules_agree_with_the_shared_catalogue() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/RULES.md");
    let Ok(catalogue) = fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {} is absent; ids, severities and controls were not compared with it", path.display());
        return;
    };
    for rule in checks::rules() {
        let row = catalogue
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", rule.id)))
            .unwrap_or_else(|| panic!("{} is not in RULES.md", rule.id));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        if rule.is_input_error() {
            assert_eq!(cells[2], "input error", "{}", rule.id);
            continue;
        }
        assert_eq!(cells[2], rule.severity.as_str(), "{}: severity differs from RULES.md", rule.id);
        assert_eq!(expand_controls(cells[3]), rule.controls, "{}: controls differ from RULES.md", rule.id);
    }
}

/// `FSBP EC2.19, EC2.53, CIS 5.2` → `["FSBP EC2.19", "FSBP EC2.53", "CIS 5.2"]`.
fn expand_controls(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut family = "";
    for part in cell.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once(' ') {
            Some((f, id)) if f.chars().all(|c| c.is_ascii_uppercase()) => {
                family = f;
                out.push(format!("{f} {id}"));
            }
            _ if family.is_empty() => out.push(part.to_string()),
            _ => out.push(format!("{family} {part}")),
        }
    }
    out
}

#[test]
fn messages_follow_the_house_style() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for dir in fs::read_dir(&fixtures).unwrap() {
        for kind in ["flagged", "clean"] {
            let Ok(files) = fs::read_dir(dir.as_ref().unwrap().path().join(kind)) else { continue };
            for file in files {
                let path = file.unwrap().path();
                if path.extension().is_none_or(|e| e != "json" && e != "csv") {
                    continue;
                }
                let report = analyze(&[Source::from_bytes("f.json", fs::read(&path).unwrap())], &Options::default());
                let messages =
                    report.findings.iter().map(|f| (f.rule, f.message.as_str())).chain(
                        report.inputs.iter().filter_map(|i| i.error.as_ref()).map(|e| (e.rule, e.message.as_str())),
                    );
                for (rule, message) in messages {
                    checked += 1;
                    let first = message.chars().next().unwrap_or(' ');
                    assert!(!first.is_uppercase(), "{rule}: message starts with a capital: {message}");
                    assert!(!message.ends_with('.'), "{rule}: message ends with a period: {message}");
                    assert!(!message.contains('\n'), "{rule}: message spans lines: {message}");
                    assert_eq!(message.matches('`').count() % 2, 0, "{rule}: unbalanced backticks: {message}");
                }
            }
        }
    }
    assert!(checked > 20, "too few messages checked ({checked})");
}

#[test]
fn rules_reference_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == reference::markdown(),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn methods_reference_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/privilege-escalation.md");
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == reference::methods_markdown(),
        "docs/privilege-escalation.md is stale: run `cargo run -- methods --format markdown > docs/privilege-escalation.md`"
    );
}

#[test]
fn rules_json_carries_the_three_texts() {
    let rules = checks::rules().collect::<Vec<_>>();
    let json: serde_json::Value = serde_json::from_str(&reference::json(rules.iter())).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), rules.len());
    for rule in list {
        for key in ["id", "title", "severity", "area", "controls", "what", "why", "fix"] {
            assert!(rule.get(key).is_some(), "rules JSON lacks `{key}`");
        }
    }
}

/// The core's layers, lowest first. A module may name only modules of a lower layer (or
/// itself); the application modules (`lib`, `simulate`, `config`, `wasm`, `main`) sit on top
/// and may name any of them, but nothing below names them.
const LAYERS: &[&[&str]] =
    &[&["base", "parallel"], &["json"], &["model"], &["input"], &["iam"], &["checks"], &["report"]];

#[test]
fn layers_only_look_downward() {
    let rank = |module: &str| LAYERS.iter().position(|layer| layer.contains(&module)).unwrap_or(LAYERS.len());
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut arrows = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(&src).unwrap();
        let from = relative.components().next().unwrap().as_os_str().to_string_lossy();
        let from = from.trim_end_matches(".rs");
        if rank(from) == LAYERS.len() {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        for (number, line) in text.lines().enumerate() {
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + "crate::".len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group.split('}').next().unwrap_or("").split(',').map(str::trim).collect(),
                    None => vec![rest],
                };
                for name in names {
                    let to: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !to.is_empty() && to != from && rank(&to) >= rank(from) {
                        arrows.push(format!("{}:{}: {from} names {to}", relative.display(), number + 1));
                    }
                }
            }
        }
    }
    assert!(!files.is_empty());
    assert!(arrows.is_empty(), "imports that look up or sideways:\n{}", arrows.join("\n"));
}

/// A check's `needs` are kind ids written as text: a misspelt one would leave the check skipped
/// for ever. Every one must be a kind the input layer recognises; a need met by any of several
/// kinds (`a|b`) names each once, and each must be known.
#[test]
fn every_needed_input_is_a_known_kind() {
    let known: Vec<&str> = posture::input::kinds::ALL.iter().map(|k| k.id).collect();
    let mut checked = 0;
    for check in checks::REGISTRY {
        if let checks::Runner::Snapshot { needs, .. } | checks::Runner::Joined { needs, .. } = check.run {
            for need in needs {
                let alternatives: Vec<&str> = need.split('|').collect();
                for (i, kind) in alternatives.iter().enumerate() {
                    assert!(known.contains(kind), "{}: needs `{kind}`, which is no input kind", check.rule.id);
                    assert!(!alternatives[..i].contains(kind), "{}: `{need}` names `{kind}` twice", check.rule.id);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10);
}
