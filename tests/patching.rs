#![cfg(not(target_arch = "wasm32"))]
//! The patching sample through the whole engine: the findings the page shows for it, and the
//! patching view (per instance, and the week of maintenance windows) beside the report.

use std::fs;
use std::path::Path;

use posture::{analyze_snapshot, Options, Source};

fn sample() -> (posture::Report, posture::Inventory) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples/patching-snapshot.json");
    analyze_snapshot(&[Source::from_bytes("patching-snapshot.json", fs::read(path).unwrap())], &Options::default())
}

#[test]
fn the_patching_sample_shows_the_patching_checks() {
    let (report, _) = sample();
    let rules: std::collections::BTreeSet<&str> = report.findings.iter().map(|f| f.rule).collect();
    for rule in [
        "instance-not-managed",
        "ssm-agent-unreachable",
        "ssm-agent-outdated",
        "patch-noncompliant",
        "patch-reboot-pending",
        "patch-scan-only",
        "patch-state-stale",
        "patch-baseline-slow-approval",
        "patch-baseline-compliance-unspecified",
        "maintenance-window-disabled",
        "maintenance-window-infrequent",
        "maintenance-window-business-hours",
        "maintenance-window-no-patch-install",
        "rds-auto-minor-upgrade-disabled",
        "no-automatic-patching",
    ] {
        assert!(rules.contains(rule), "the sample does not show `{rule}`: {rules:?}");
    }
    assert!(report.skipped.iter().all(|s| !s.rule.starts_with("patch") && !s.rule.starts_with("maintenance")));
}

#[test]
fn the_patching_view_has_each_instance_and_the_week_of_each_window() {
    let (_, inventory) = sample();
    let view = &inventory.patching;
    assert_eq!(view.instances.len(), 6);
    let web = view.instances.iter().find(|r| r.id == "i-0a1b2c3d4e5f60100").unwrap();
    assert_eq!(web.managed, Some(true));
    assert!(web.schedule.as_deref().unwrap().starts_with("installed by window mw-0a1b2c3d4e5f60101"), "{web:?}");
    let bastion = view.instances.iter().find(|r| r.id == "i-0a1b2c3d4e5f60104").unwrap();
    assert_eq!(bastion.managed, Some(false));
    let weekly = view.windows.iter().find(|w| w.id == "mw-0a1b2c3d4e5f60101").unwrap();
    let lunch = view.windows.iter().find(|w| w.id == "mw-0a1b2c3d4e5f60104").unwrap();
    assert_eq!(lunch.runs.len(), 5);
    assert!(lunch.runs.iter().all(|r| r.clash && r.utc == r.local));
    // Sunday 02:00 in Berlin, one run in the week from the capture time (Friday 2026-11-20).
    assert_eq!(weekly.runs.len(), 1);
    assert_eq!(weekly.runs[0].local, (6, 120));
    assert_eq!(weekly.runs[0].utc, (6, 60));
    assert!(!weekly.runs[0].clash);
    assert_eq!(view.business_days, [0, 1, 2, 3, 4]);
    assert_eq!((view.business_start, view.business_end), (480, 1080));
    let disabled = view.windows.iter().find(|w| w.id == "mw-0a1b2c3d4e5f60103").unwrap();
    assert!(!disabled.enabled);
}

#[test]
fn a_window_that_starts_every_minute_outside_business_hours_is_noted_not_walked_for_ever() {
    let windows: Vec<String> = (0..3)
        .map(|i| {
            format!(
                r#"{{"WindowId": "mw-0000000000000000{i}", "Name": "night-minutes", "Enabled": true, "Duration": 0, "Cutoff": 0, "Schedule": "cron(* 0-6 ? * MON-FRI *)"}}"#
            )
        })
        .collect();
    let bundle = format!(
        r#"{{"bundle": 1, "captured": "2026-11-20T10:00:00Z", "outputs": [{{"command": "aws ssm describe-maintenance-windows", "output": {{"WindowIdentities": [{}]}}}}]}}"#,
        windows.join(",")
    );
    let (report, _) = analyze_snapshot(&[Source::from_bytes("b.json", bundle.into_bytes())], &Options::default());
    assert!(!report.findings.iter().any(|f| f.rule == "maintenance-window-business-hours"));
    assert!(!report.findings.iter().any(|f| f.rule == "maintenance-window-infrequent"));
    let notes = serde_json::to_string(&report.inputs).unwrap();
    assert_eq!(notes.matches("only the first 52704 were checked").count(), 3, "{notes}");
}
