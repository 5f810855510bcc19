#![cfg(not(target_arch = "wasm32"))]
//! Real AWS outputs written by others (`tests/corpus/`, with their sources and licences in its
//! README): every valid one of a supported kind is recognised as that kind, every unsupported one gets
//! a located `input-unrecognized`, and every invalid one a located `input-not-json` on the
//! same line Python's `json` module reports.

use std::fs;
use std::path::{Path, PathBuf};

use posture::{analyze, Options, Source};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn first_input(path: &Path) -> posture::report::InputSummary {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let report = analyze(&[Source::from_bytes(name, fs::read(path).unwrap())], &Options::default());
    report.inputs.into_iter().next().unwrap()
}

#[test]
fn describe_outputs_are_recognised_as_their_kind() {
    let table = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-kinds.tsv")).unwrap();
    let dir = corpus().join("describe");
    let (mut seen, mut unrecognized, mut known) = (0, 0, 0);
    for line in table.lines() {
        let (file, expected) = line.split_once('\t').unwrap();
        let input = first_input(&dir.join(file));
        match expected {
            "unrecognized" => {
                let error = input.error.unwrap_or_else(|| panic!("{file}: expected input-unrecognized"));
                assert_eq!(error.rule, "input-unrecognized", "{file}");
                assert_eq!((error.line, error.column), (1, 1), "{file}");
                assert!(error.message.ends_with("supported kinds: see `posture kinds`"), "{file}: {}", error.message);
                assert!(error.message.chars().count() < 400, "{file}: the error stays short: {}", error.message);
                unrecognized += 1;
            }
            kind if !posture::input::kinds::ALL.iter().any(|k| k.id == kind) => {
                // Known but not reviewed: recognised quietly, no error, a note saying so.
                assert_eq!(input.kind, Some(kind), "{file}: {:?}", input.error);
                assert_eq!(input.reviewed_by, Some(0), "{file}");
                assert!(input.notes.iter().any(|n| n.message.contains("not reviewed")), "{file}: {:?}", input.notes);
                known += 1;
            }
            kind => assert_eq!(input.kind, Some(kind), "{file}: {:?}", input.error),
        }
        seen += 1;
    }
    let on_disk = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|d| d.path().is_dir() && !d.file_name().to_string_lossy().ends_with("invalid"))
        .flat_map(|d| fs::read_dir(d.path()).unwrap().filter_map(Result::ok))
        .filter(|f| f.path().extension().is_some_and(|e| e == "json"))
        .count();
    assert_eq!(seen, on_disk, "tests/corpus-kinds.tsv must name every corpus output");
    // Of the real outputs, those Posture does not review are recognised by command; only
    // shapes no AWS command prints (a list of bare key records, a list of lists) stay errors.
    assert_eq!((unrecognized, known), (2, 18), "input errors, and outputs recognised but not reviewed");
}

#[test]
fn invalid_outputs_get_located_errors_on_pythons_line() {
    let index = fs::read_to_string(corpus().join("describe/INDEX.tsv")).unwrap();
    let mut checked = 0;
    for row in index.lines().filter(|l| l.contains("INVALID JSON")) {
        let cells: Vec<&str> = row.split('\t').collect();
        let python_line: u32 = cells[4].rsplit(' ').next().unwrap().parse().unwrap();
        let input = first_input(&corpus().join("describe").join(cells[0]));
        let error = input.error.unwrap_or_else(|| panic!("{}: expected an input error", cells[0]));
        assert_eq!(error.rule, "input-not-json", "{}", cells[0]);
        assert_eq!(error.line, python_line, "{}: {}", cells[0], error.message);
        assert!(error.column >= 1);
        checked += 1;
    }
    assert_eq!(checked, 10);
}

#[test]
fn authorization_details_are_recognised() {
    for entry in fs::read_dir(corpus().join("authz")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let input = first_input(&path);
            assert_eq!(input.kind, Some("iam.get-account-authorization-details"), "{}", path.display());
        }
    }
}
