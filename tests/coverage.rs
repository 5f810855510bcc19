#![cfg(not(target_arch = "wasm32"))]
//! The declarations coverage is counted from: what each snapshot check reads beyond what it
//! needs (`checks::OPTIONAL_READS`), and the command that collects each kind.

use posture::checks::{self, Runner, OPTIONAL_READS, REGISTRY};
use posture::input::kinds::{self, ALL, KNOWN};

#[test]
fn optional_reads_name_snapshot_checks_and_known_kinds() {
    for (check, kinds) in OPTIONAL_READS {
        let needs: &[&str] = match check.run {
            Runner::Snapshot { needs, .. } | Runner::Joined { needs, .. } => needs,
            Runner::PolicyAndSnapshot { .. } => &[],
            _ => panic!("{}: only snapshot checks read optional kinds", check.rule.id),
        };
        assert!(REGISTRY.iter().any(|c| std::ptr::eq(*c, *check)), "{} is registered", check.rule.id);
        for kind in *kinds {
            assert!(ALL.iter().any(|k| k.id == *kind), "{}: `{kind}` is no kind", check.rule.id);
            assert!(!needs.contains(kind), "{}: `{kind}` is needed already", check.rule.id);
        }
        let reads = checks::reads(check);
        assert!(kinds.iter().all(|k| reads.contains(k)));
    }
}

#[test]
fn every_kind_has_a_command_that_collects_it() {
    for kind in ALL.iter().copied().chain(KNOWN.iter().map(|k| &k.kind)) {
        let command = kind.command();
        assert_eq!(kinds::command_for(kind.id), command);
        let policy = kind.id.starts_with("iam.policy.");
        assert!(policy || command.starts_with("aws ") || kind.id == "bundle", "{}: {command}", kind.id);
    }
}
