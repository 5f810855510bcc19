#![cfg(not(target_arch = "wasm32"))]
//! The snapshot model across inputs: several files are one account, a resource given twice is
//! one resource, checks that lack an input say so, and the snapshot knows its account.

use posture::{analyze, analyze_snapshot, Options, Source};

const GROUPS: &str = r#"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "OwnerId": "111122223333",
  "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
  "IpPermissionsEgress": []}]}"#;

const INSTANCES: &str = r#"{"Reservations": [{"ReservationId": "r-1", "OwnerId": "111122223333", "Instances": [
  {"InstanceId": "i-1", "State": {"Name": "running"}, "SubnetId": "subnet-1", "VpcId": "vpc-1",
   "PublicIpAddress": "198.51.100.1", "SecurityGroups": [{"GroupId": "sg-1"}]}]}]}"#;

const MAIN_TABLE: &str = r#"{"RouteTables": [{"RouteTableId": "rtb-main", "VpcId": "vpc-1",
  "Associations": [{"Main": true, "RouteTableId": "rtb-main"}],
  "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]}]}"#;

fn rules(sources: &[Source]) -> Vec<&'static str> {
    analyze(sources, &Options::default()).findings.iter().map(|f| f.rule).collect()
}

#[test]
fn several_files_are_one_snapshot() {
    let alone = rules(&[Source::new("instances.json", INSTANCES)]);
    assert!(!alone.contains(&"instance-internet-exposed"), "no groups or routes: not claimed");
    let together = rules(&[
        Source::new("sg.json", GROUPS),
        Source::new("instances.json", INSTANCES),
        Source::new("rtb.json", MAIN_TABLE),
    ]);
    assert!(together.contains(&"instance-internet-exposed"), "{together:?}");
}

#[test]
fn a_resource_given_twice_is_one_resource() {
    let once = rules(&[Source::new("a.json", GROUPS)]);
    let twice = rules(&[Source::new("a.json", GROUPS), Source::new("b.json", GROUPS)]);
    assert_eq!(once, twice);
    let report = analyze(&[Source::new("a.json", GROUPS), Source::new("b.json", GROUPS)], &Options::default());
    assert!(report.findings.iter().all(|f| f.input == "a.json"), "the first reading is the one kept");
}

#[test]
fn checks_without_their_inputs_are_skipped_and_say_what_they_need() {
    let report = analyze(&[Source::new("sg.json", GROUPS)], &Options::default());
    let exposed = report.skipped.iter().find(|s| s.rule == "instance-internet-exposed").expect("skipped");
    assert_eq!(exposed.needs, ["ec2.describe-instances", "ec2.describe-route-tables"]);
    assert!(!report.skipped.iter().any(|s| s.rule == "sg-open-admin-port"), "it ran");
    // An empty output is still the input: the check runs and finds nothing.
    let empty = analyze(
        &[Source::new("flow.json", r#"{"FlowLogs": []}"#), Source::new("vpcs.json", r#"{"Vpcs": []}"#)],
        &Options::default(),
    );
    assert!(!empty.skipped.iter().any(|s| s.rule == "vpc-flow-logs-disabled"));
    // A disabled rule is not "skipped".
    let config = posture::Config::from_json(r#"{"rules": {"instance-internet-exposed": {"enabled": false}}}"#).unwrap();
    let quiet = analyze(&[Source::new("sg.json", GROUPS)], &Options { config, ..Options::default() });
    assert!(!quiet.skipped.iter().any(|s| s.rule == "instance-internet-exposed"));
    let json = report.to_json();
    assert!(json.contains("\"skipped\": ["), "{json}");
}

#[test]
fn the_snapshot_knows_its_account_and_time() {
    let bundle = format!(
        r#"{{"bundle": 1, "account": "444455556666", "region": "eu-west-1", "captured": "2026-11-20T10:00:00Z",
            "outputs": [{{"command": "aws ec2 describe-security-groups", "output": {GROUPS}}}]}}"#
    );
    let (_, inventory) = analyze_snapshot(&[Source::new("snapshot.json", bundle)], &Options::default());
    assert_eq!(inventory.account.as_deref(), Some("444455556666"), "the bundle's account wins over OwnerId");
    assert_eq!(inventory.region.as_deref(), Some("eu-west-1"));
    assert_eq!(inventory.captured.as_deref(), Some("2026-11-20T10:00:00Z"));
    assert_eq!(inventory.resources, [("security groups", 1)]);
    let (_, plain) = analyze_snapshot(&[Source::new("sg.json", GROUPS)], &Options::default());
    assert_eq!(plain.account.as_deref(), Some("111122223333"), "else the outputs' OwnerId");
}

#[test]
fn a_wrong_shape_is_a_located_input_error_and_the_rest_is_read() {
    let bad = r#"{"SecurityGroups": [{"GroupName": "no id"}]}"#;
    let report =
        analyze(&[Source::new("bad.json", bad), Source::new("instances.json", INSTANCES)], &Options::default());
    let error = report.inputs[0].error.as_ref().expect("an input error");
    assert_eq!(error.rule, "input-unrecognized");
    assert!(error.message.contains("GroupId"), "{}", error.message);
    assert_eq!((error.line, error.column), (1, 21), "at the group");
    assert!(report.findings.iter().any(|f| f.rule == "instance-public-ip"), "the other input is still analysed");
    let ports =
        r#"{"SecurityGroups": [{"GroupId": "sg-2", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": "ssh"}]}]}"#;
    let report = analyze(&[Source::new("ports.json", ports)], &Options::default());
    assert!(report.inputs[0].error.as_ref().is_some_and(|e| e.message.contains("FromPort")));
}

#[test]
fn an_exposure_that_cannot_be_followed_is_noted_not_claimed() {
    // The instance's subnet uses the main table, but the group it names is not in the output.
    let other_group = GROUPS.replace("sg-1", "sg-other");
    let report = analyze(
        &[
            Source::new("sg.json", other_group),
            Source::new("instances.json", INSTANCES),
            Source::new("rtb.json", MAIN_TABLE),
        ],
        &Options::default(),
    );
    assert!(!report.findings.iter().any(|f| f.rule == "instance-internet-exposed"));
    let notes: Vec<&str> = report.inputs.iter().flat_map(|i| &i.notes).map(|n| n.message.as_str()).collect();
    assert_eq!(
        notes,
        ["whether `i-1` is reachable from the internet was not decided: security group `sg-1` is not in `describe-security-groups`"]
    );
    assert_eq!(report.inputs[1].notes[0].location.pointer, "/Reservations/0/Instances/0", "noted on the instance");
}

#[test]
fn an_output_that_names_no_bucket_takes_the_command_line_or_the_file_name_or_asks() {
    let output = r#"{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::reports/*\"}]}"}"#;
    let resource = |report: &posture::Report| {
        report.findings.iter().find(|f| f.rule == "resource-policy-public").map(|f| f.resource.clone())
    };
    let named = analyze(&[Source::new("dir/reports.json", output)], &Options::default());
    assert_eq!(resource(&named).as_deref(), Some("reports"));
    assert!(named.inputs[0].notes.is_empty());
    let pasted = analyze(&[Source::new("", output)], &Options::default());
    assert_eq!(resource(&pasted).as_deref(), Some("policy"));
    assert!(pasted.inputs[0].notes[0].message.starts_with("which bucket?"), "{:?}", pasted.inputs[0].notes);
    let entry =
        |command: &str| format!(r#"{{"bundle": 1, "outputs": [{{"command": "{command}", "output": {output}}}]}}"#);
    let bundled = analyze(
        &[Source::new("snapshot.json", entry("aws s3api get-bucket-policy --bucket logs"))],
        &Options::default(),
    );
    assert_eq!(resource(&bundled).as_deref(), Some("logs"));
    let unnamed = analyze(&[Source::new("snapshot.json", entry("aws s3api get-bucket-policy"))], &Options::default());
    assert_ne!(resource(&unnamed).as_deref(), Some("snapshot"), "never the bundle's file name");
    assert!(unnamed.inputs[1].notes.iter().any(|n| n.message.starts_with("which bucket?")));
}

#[test]
fn now_is_the_snapshots_time_else_the_callers() {
    let bundle = format!(
        r#"{{"bundle": 1, "captured": "2026-11-20T10:00:00Z",
            "outputs": [{{"command": "aws ec2 describe-security-groups", "output": {GROUPS}}}]}}"#
    );
    let caller = Options { now: Some("2026-12-03T12:00:00Z".into()), ..Options::default() };
    let (_, taken) = analyze_snapshot(&[Source::new("snapshot.json", bundle)], &caller);
    assert_eq!(taken.now.as_deref(), Some("2026-11-20T10:00:00Z"), "the snapshot says when it was taken");
    let (_, plain) = analyze_snapshot(&[Source::new("sg.json", GROUPS)], &caller);
    assert_eq!(plain.now.as_deref(), Some("2026-12-03T12:00:00Z"), "else the caller's time");
}

#[test]
fn characters_that_disguise_text_are_noted_and_escaped() {
    // U+202E (right-to-left override) raw and as a JSON escape, and an escaped terminal escape.
    let policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Inv\\u202egpj\",\"Effect\":\"Allow\",\
                  \"Action\":\"*\",\"Resource\":\"*\"},{\"Sid\":\"B\u{202e}x\\u001b[31m\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    let report = analyze(&[Source::new("p.json", policy)], &Options::default());
    let notes = &report.inputs[0].notes;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].message.starts_with("this input holds 3 characters"), "{}", notes[0].message);
    assert!(notes[0].message.contains("U+202E"));
    assert_eq!(notes[0].location.column, 49, "at the first one");
    let text = report.to_text(&[Source::new("p.json", policy)], posture::report::TextOptions { color: false });
    assert!(!text.contains('\u{202e}') && !text.contains('\u{1b}'), "{text}");
    assert!(!report.to_csv().contains('\u{202e}'));
    // A leading byte-order mark (PowerShell's UTF-8) and plain text are not noted.
    let plain =
        analyze(&[Source::new("q.json", "\u{feff}{\"Version\":\"2012-10-17\",\"Statement\":[]}")], &Options::default());
    assert!(plain.inputs[0].notes.is_empty(), "{:?}", plain.inputs[0].notes);
}
