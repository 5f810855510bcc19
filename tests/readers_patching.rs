//! The patching readers (AWS Systems Manager outputs) fill the model with located values.

use std::fs;
use std::path::Path;

use posture::input::Snapshot;
use posture::{analyze_snapshot, Options, Source};

fn corpus(file: &str) -> Source {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/describe").join(file);
    Source::from_bytes(file, fs::read(path).unwrap())
}

/// The JSON pointer a site points at.
fn pointer(snapshot: &Snapshot, site: posture::model::Site) -> String {
    snapshot.locate(site).0.pointer
}

const WINDOWS: &str = r#"{"WindowIdentities": [
  {"WindowId": "mw-0c50858d01EXAMPLE", "Name": "patch", "Enabled": false, "Duration": 2, "Cutoff": 1,
   "Schedule": "rate(45 days)", "ScheduleTimezone": "UTC", "ScheduleOffset": 2,
   "NextExecutionTime": "2026-12-04T00:00Z"},
  {"WindowId": "mw-2", "Name": "other", "Enabled": true, "Duration": 4, "Cutoff": 1, "Schedule": "cron(0 2 ? * SUN *)"}
]}"#;

const TASKS: &str = r#"{"Tasks": [
  {"WindowId": "mw-0c50858d01EXAMPLE", "WindowTaskId": "t-1", "TaskArn": "AWS-RunPatchBaseline", "Type": "RUN_COMMAND",
   "Targets": [{"Key": "WindowTargetIds", "Values": ["wt-1"]}],
   "TaskParameters": {"Operation": {"Values": ["Install"]}}},
  {"WindowTaskId": "t-2", "TaskArn": "AWS-RunPatchBaseline", "Type": "RUN_COMMAND",
   "TaskInvocationParameters": {"RunCommand": {"Parameters": {"Operation": ["Scan"]}}}}
]}"#;

const TARGETS: &str = r#"{"Targets": [{"WindowId": "mw-0c50858d01EXAMPLE", "WindowTargetId": "wt-1",
  "ResourceType": "INSTANCE", "Targets": [{"Key": "tag:Patch", "Values": ["yes", "always"]}]}]}"#;

const ASSOCIATIONS: &str = r#"{"Associations": [{"Name": "AWS-RunPatchBaseline", "AssociationId": "a-1",
  "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "ScheduleExpression": "rate(1 day)",
  "LastExecutionDate": 1535127076.2, "Overview": {"Status": "Failed"}}]}"#;

const BASELINES: &str = r#"{"BaselineIdentities": [{"BaselineId": "pb-1", "BaselineName": "mine",
  "OperatingSystem": "WINDOWS", "DefaultBaseline": true}]}"#;

const BASELINE: &str = r#"{"BaselineId": "pb-1", "Name": "mine", "OperatingSystem": "WINDOWS",
  "ApprovalRules": {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": [
    {"Key": "CLASSIFICATION", "Values": ["SecurityUpdates", "CriticalUpdates"]}]},
    "ApproveAfterDays": 14, "ComplianceLevel": "UNSPECIFIED"}]}}"#;

#[test]
fn real_instance_information_and_patch_states_are_read_located() {
    let sources = [
        corpus("cartography-fixtures/cartography__ssm__INSTANCE_INFORMATION.json"),
        corpus("awscli-examples/awscli__ssm__describe-instance-patch-states__ex1.json"),
    ];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs.iter().all(|i| i.error.is_none()), "{:?}", snapshot.inputs);
    let model = &snapshot.model;
    let first = model.managed_instances.get("i-01").unwrap();
    assert_eq!(first.ping_status.as_ref().unwrap().value, "Online");
    assert_eq!(pointer(&snapshot, first.id.site), "/0");
    assert_eq!(pointer(&snapshot, first.ping_status.as_ref().unwrap().site), "/0/PingStatus");
    assert!(first.is_latest_version.as_ref().unwrap().value);
    assert_eq!(first.platform_type.as_ref().unwrap().value, "Linux");

    let state = model.patch_states.get("i-1234567890abcdef0").unwrap();
    assert_eq!(state.missing.as_ref().unwrap().value, 1);
    assert_eq!(state.failed.as_ref().unwrap().value, 2);
    assert_eq!(state.critical_non_compliant.as_ref().unwrap().value, 2);
    assert_eq!(state.operation.as_ref().unwrap().value, "Scan");
    assert_eq!(pointer(&snapshot, state.missing.as_ref().unwrap().site), "/InstancePatchStates/0/MissingCount");
    assert_eq!(state.baseline.as_ref().unwrap().value, "pb-0713accee01234567");
}

#[test]
fn windows_tasks_targets_and_associations() {
    let sources = [
        Source::new("windows.json", WINDOWS),
        Source::new("tasks.json", TASKS),
        Source::new("targets.json", TARGETS),
        Source::new("associations.json", ASSOCIATIONS),
    ];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs.iter().all(|i| i.error.is_none()), "{:?}", snapshot.inputs);
    let model = &snapshot.model;
    let window = model.maintenance_windows.get("mw-0c50858d01EXAMPLE").unwrap();
    assert!(!window.enabled.as_ref().unwrap().value);
    assert_eq!(pointer(&snapshot, window.enabled.as_ref().unwrap().site), "/WindowIdentities/0/Enabled");
    assert_eq!(window.schedule.as_ref().unwrap().value, "rate(45 days)");
    assert_eq!(window.duration.as_ref().unwrap().value, 2);
    assert_eq!(window.schedule_offset.as_ref().unwrap().value, 2);

    let install = model.window_tasks.get("t-1").unwrap();
    assert_eq!(install.window.as_deref(), Some("mw-0c50858d01EXAMPLE"));
    assert_eq!(install.operation.as_ref().unwrap().value, "Install");
    assert_eq!(
        pointer(&snapshot, install.operation.as_ref().unwrap().site),
        "/Tasks/0/TaskParameters/Operation/Values/0"
    );
    assert_eq!(install.targets[0].value.values, ["wt-1"]);
    let scan = model.window_tasks.get("t-2").unwrap();
    assert_eq!(scan.operation.as_ref().unwrap().value, "Scan");
    assert_eq!(scan.window, None, "`tasks.json` names no window: never guessed");
    let remarks = &snapshot.inputs[1].remarks;
    assert_eq!(remarks.len(), 1, "{remarks:?}");
    assert!(remarks[0].0.starts_with("which maintenance window?"));

    let target = model.window_targets.get("wt-1").unwrap();
    assert_eq!(target.targets[0].value.key, "tag:Patch");
    assert_eq!(pointer(&snapshot, target.targets[0].site), "/Targets/0/Targets/0");

    let association = model.associations.get("a-1").unwrap();
    assert_eq!(association.document.as_ref().unwrap().value, "AWS-RunPatchBaseline");
    assert_eq!(association.status.as_ref().unwrap().value, "Failed");
    assert_eq!(association.last_execution.as_ref().unwrap().value, "1535127076.2");
}

#[test]
fn a_bundle_names_the_window_of_its_tasks() {
    let bundle = r#"{"bundle": 1, "outputs": [{"command": "aws ssm describe-maintenance-window-tasks --window-id mw-9",
      "output": {"Tasks": [{"WindowTaskId": "t-9", "TaskArn": "AWS-RunPatchBaseline"}]}},
      {"command": "aws ssm describe-maintenance-window-targets --window-id mw-9",
      "output": {"Targets": [{"WindowTargetId": "wt-9", "Targets": [{"Key": "InstanceIds", "Values": ["i-1"]}]}]}}]}"#;
    let sources = [Source::new("bundle.json", bundle)];
    let snapshot = Snapshot::read(&sources);
    assert_eq!(snapshot.model.window_tasks.get("t-9").unwrap().window.as_deref(), Some("mw-9"));
    assert_eq!(snapshot.model.window_targets.get("wt-9").unwrap().window.as_deref(), Some("mw-9"));
    assert!(snapshot.inputs.iter().all(|i| i.remarks.is_empty() && i.error.is_none()), "{:?}", snapshot.inputs);
}

#[test]
fn a_file_named_after_its_window_names_it() {
    let tasks = r#"{"Tasks": [{"WindowTaskId": "t-7", "TaskArn": "AWS-RunPatchBaseline"}]}"#;
    let sources = [Source::new("exports/mw-0123456789abcdef0.json", tasks)];
    let snapshot = Snapshot::read(&sources);
    assert_eq!(snapshot.model.window_tasks.get("t-7").unwrap().window.as_deref(), Some("mw-0123456789abcdef0"));
    assert!(snapshot.inputs[0].remarks.is_empty());
}

#[test]
fn a_baseline_listed_then_got_is_one_with_its_rules() {
    let sources = [Source::new("baselines.json", BASELINES), Source::new("baseline.json", BASELINE)];
    let snapshot = Snapshot::read(&sources);
    let model = &snapshot.model;
    assert_eq!(model.patch_baselines.len(), 1);
    let baseline = model.patch_baselines.get("pb-1").unwrap();
    assert!(baseline.default.as_ref().unwrap().value, "from the list");
    let rules = baseline.rules.as_ref().expect("from get-patch-baseline");
    assert_eq!(rules[0].approve_after_days.as_ref().unwrap().value, 14);
    assert_eq!(rules[0].compliance_level.as_ref().unwrap().value, "UNSPECIFIED");
    assert_eq!(rules[0].filters[0].value.0, "CLASSIFICATION");
    assert_eq!(
        pointer(&snapshot, rules[0].approve_after_days.as_ref().unwrap().site),
        "/ApprovalRules/PatchRules/0/ApproveAfterDays"
    );
}

#[test]
fn a_resource_given_twice_is_one() {
    let sources = [Source::new("a.json", WINDOWS), Source::new("b.json", WINDOWS)];
    let (_, inventory) = analyze_snapshot(&sources, &Options::default());
    assert!(inventory.resources.contains(&("maintenance windows", 2)), "{:?}", inventory.resources);
}

#[test]
fn a_wrong_shape_is_a_located_error_and_the_other_inputs_are_still_read() {
    let wrong = r#"{"InstancePatchStates": [{"InstanceId": "i-1", "MissingCount": "many"}]}"#;
    let sources = [Source::new("wrong.json", wrong), Source::new("windows.json", WINDOWS)];
    let (report, inventory) = analyze_snapshot(&sources, &Options::default());
    let error = report.inputs[0].error.as_ref().expect("a located input error");
    assert!(error.message.contains("MissingCount"), "{}", error.message);
    assert_eq!((error.line, error.column), (1, 64), "at `\"many\"`");
    assert!(report.inputs[1].error.is_none());
    assert!(inventory.resources.contains(&("maintenance windows", 2)));

    let no_id = r#"{"WindowIdentities": [{"Name": "x"}]}"#;
    let sources = [Source::new("no-id.json", no_id)];
    let (report, _) = analyze_snapshot(&sources, &Options::default());
    assert!(report.inputs[0].error.as_ref().unwrap().message.contains("WindowId"));
}
