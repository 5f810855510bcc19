#![cfg(not(target_arch = "wasm32"))]
//! Every check against its fixtures: `tests/fixtures/<rule-id>/flagged/*.json` (or `*.csv`, a raw
//! credential report) must raise the rule, `clean/*.json` (`*.csv`) must not. Each flagged fixture
//! has a reviewed snapshot (`*.snap`) of exactly what the user sees for that rule: location,
//! pointer, resource, severity and message. Run with `UPDATE_SNAPSHOTS=1` to write new snapshots,
//! then review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use posture::{analyze, checks, Options, Report, Source};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "csv"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn run(path: &Path) -> Report {
    let name = path.strip_prefix(fixtures_dir()).unwrap().to_string_lossy().into_owned();
    analyze(&[Source::from_bytes(name, fs::read(path).unwrap())], &Options::default())
}

/// What the user sees for one rule in a report, one line per finding or input error.
fn rendered(report: &Report, rule: &str) -> Vec<String> {
    let errors = report.inputs.iter().filter_map(|i| i.error.as_ref()).filter(|e| e.rule == rule);
    let mut lines: Vec<String> = errors.map(|e| format!("{}:{} {}", e.line, e.column, e.message)).collect();
    lines.extend(report.findings.iter().filter(|f| f.rule == rule).map(|f| {
        let (line, column, pointer) = (f.location.line, f.location.column, &f.location.pointer);
        format!("{line}:{column} {pointer} [{}] {} {}", f.resource, f.severity.as_str(), f.message)
    }));
    lines
}

#[test]
fn flagged_fixtures_raise_their_rule_and_match_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for rule in checks::rules() {
        for path in json_files(&fixtures_dir().join(rule.id).join("flagged")) {
            let lines = rendered(&run(&path), rule.id);
            if lines.is_empty() {
                failures.push(format!("{}: expected `{}`, got nothing", path.display(), rule.id));
                continue;
            }
            let snap = path.with_extension("snap");
            let actual = lines.join("\n") + "\n";
            if update {
                fs::write(&snap, &actual).unwrap();
            } else {
                match fs::read_to_string(&snap) {
                    Ok(expected) if expected == actual => {}
                    Ok(expected) => failures.push(format!(
                        "{}: snapshot differs\n--- expected\n{expected}--- actual\n{actual}",
                        path.display()
                    )),
                    Err(_) => failures.push(format!("{}: no snapshot (run with UPDATE_SNAPSHOTS=1)", snap.display())),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn clean_fixtures_do_not_raise_their_rule() {
    let mut failures = Vec::new();
    for rule in checks::rules() {
        for path in json_files(&fixtures_dir().join(rule.id).join("clean")) {
            let report = run(&path);
            // A near miss proves something only if the check looked at it.
            if let Some(skipped) = report.skipped.iter().find(|s| s.rule == rule.id) {
                failures.push(format!("{}: `{}` did not run (needs {:?})", path.display(), rule.id, skipped.needs));
            }
            let lines = rendered(&report, rule.id);
            if !lines.is_empty() {
                failures.push(format!(
                    "{}: `{}` raised on a clean fixture:\n  {}",
                    path.display(),
                    rule.id,
                    lines.join("\n  ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_flagged_and_clean_fixtures() {
    let missing: Vec<String> = checks::rules()
        .flat_map(|r| ["flagged", "clean"].map(|kind| (r.id, kind)))
        .filter(|(id, kind)| json_files(&fixtures_dir().join(id).join(kind)).is_empty())
        .map(|(id, kind)| format!("tests/fixtures/{id}/{kind}/"))
        .collect();
    assert!(missing.is_empty(), "rules without fixtures: {}", missing.join(", "));
}

#[test]
fn no_fixture_directory_names_an_unknown_rule() {
    for entry in fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(checks::rule(&name).is_some(), "tests/fixtures/{name} names no rule");
    }
}

#[test]
fn no_snapshot_is_orphaned() {
    for rule in checks::rules() {
        let dir = fixtures_dir().join(rule.id).join("flagged");
        for entry in fs::read_dir(&dir).into_iter().flatten().filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "snap") {
                let fixture = ["json", "csv"].iter().any(|e| path.with_extension(e).exists());
                assert!(fixture, "{} has no fixture", path.display());
            }
        }
    }
}
