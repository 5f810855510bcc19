#![cfg(not(target_arch = "wasm32"))]
//! The encryption area end to end: the page's encryption sample (a bundle shaped as the
//! collector writes it, error entries included) is read with no input error, every encryption
//! check runs on it and raises its finding, and the snapshot view's keys say what each key
//! protects.

use std::fs;
use std::path::Path;

use posture::base::Area;
use posture::{analyze_snapshot, checks, Options, Source};

fn sample() -> (posture::Report, posture::Inventory) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples/encryption-snapshot.json");
    let sources = [Source::from_bytes("encryption-snapshot.json", fs::read(path).unwrap())];
    analyze_snapshot(&sources, &Options::default())
}

#[test]
fn the_sample_bundle_reads_without_input_errors_and_raises_every_encryption_check() {
    let (report, _) = sample();
    let errors: Vec<_> = report.inputs.iter().filter(|i| i.error.is_some()).map(|i| &i.name).collect();
    assert!(errors.is_empty(), "input errors: {errors:?}");
    for rule in checks::rules().filter(|r| r.area == Area::Encryption) {
        assert!(!report.skipped.iter().any(|s| s.rule == rule.id), "{} was skipped", rule.id);
        assert!(report.findings.iter().any(|f| f.rule == rule.id), "{} raised nothing on the sample", rule.id);
    }
    // The near misses stay quiet: the AWS managed key, the bucket whose own block is on, the
    // snapshot shared with one account, the listener that redirects, the distribution on the
    // default certificate.
    let quiet = |rule: &str, resource: &str| !report.findings.iter().any(|f| f.rule == rule && f.resource == resource);
    assert!(quiet("kms-rotation-disabled", "4a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c4a"));
    assert!(quiet("s3-public-access-block-off", "reports-123456789012"));
    assert!(quiet("ebs-snapshot-public", "snap-0c1d2e3f4a5b60002"));
    assert!(quiet("cloudfront-tls-outdated", "E2B3C4D5E6F7A8"));
    assert!(quiet("rds-tls-not-enforced", "orders"));
    let redirect =
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc520001";
    assert!(quiet("elb-listener-plaintext", redirect));
}

#[test]
fn the_snapshot_view_lists_what_each_key_protects() {
    let (_, inventory) = sample();
    let key = |id: &str| inventory.keys.iter().find(|k| k.id == id).unwrap();
    let retired = key("3a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c3a");
    assert_eq!(retired.state.as_deref(), Some("PendingDeletion"));
    assert_eq!(retired.aliases, ["alias/retired"]);
    // One by alias name, one by key ARN.
    assert_eq!(
        retired.protects,
        [("volume", "vol-0c1d2e3f4a5b60003".to_string()), ("EBS snapshot", "snap-0c1d2e3f4a5b60002".to_string())]
    );
    let orders = key("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c1a");
    let kinds: Vec<&str> = orders.protects.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(kinds, ["volume", "DB instance", "DB snapshot", "bucket"]);
    assert!(key("4a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c4a").protects.is_empty());
}

/// A listing names what the per-resource outputs missed: each check that ran says, on the
/// listing, which buckets or keys it did not see, and the snapshot is then not "fully
/// reviewed". Outputs that cover everything listed leave no note.
#[test]
fn buckets_and_keys_a_listing_names_but_no_output_covers_are_noted() {
    let bundle = |outputs: &str| {
        format!(
            r#"{{"bundle": 1, "account": "123456789012", "region": "eu-west-1", "captured": "2026-11-20T10:00:00Z",
            "outputs": [
              {{"command": "aws s3api list-buckets", "output": {{"Buckets": [{{"Name": "a"}}, {{"Name": "b"}}, {{"Name": "c"}}], "Owner": {{"ID": "x"}}}}}},
              {{"command": "aws kms list-keys", "output": {{"Keys": [
                {{"KeyId": "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c1a", "KeyArn": "arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c1a"}},
                {{"KeyId": "2a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c2a", "KeyArn": "arn:aws:kms:eu-west-1:123456789012:key/2a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c2a"}}]}}}},
              {outputs}
            ]}}"#
        )
    };
    let key = |id: &str, manager: &str| {
        format!(
            r#"{{"command": "aws kms describe-key --key-id {id}", "output": {{"KeyMetadata": {{"KeyId": "{id}", "Arn": "arn:aws:kms:eu-west-1:123456789012:key/{id}", "KeyManager": "{manager}", "KeyState": "Enabled", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS", "KeyUsage": "ENCRYPT_DECRYPT"}}}}}}"#
        )
    };
    let partial = [
        r#"{"command": "aws s3api get-bucket-encryption --bucket a", "output": {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}}"#.to_string(),
        r#"{"command": "aws s3api get-bucket-policy --bucket b", "error": {"code": "NoSuchBucketPolicy", "message": "none"}}"#.to_string(),
        key("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c1a", "CUSTOMER"),
        r#"{"command": "aws kms get-key-rotation-status --key-id 1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c1a", "output": {"KeyRotationEnabled": true}}"#.to_string(),
    ];
    let sources = [Source::new("bundle.json", bundle(&partial.join(",\n")))];
    let (report, _) = analyze_snapshot(&sources, &Options::default());
    let notes: Vec<(&str, &str)> =
        report.inputs.iter().flat_map(|i| &i.notes).map(|n| (n.rule, n.message.as_str())).collect();
    let note = |rule: &str| notes.iter().find(|(r, _)| *r == rule).map(|(_, m)| *m);
    let encryption = note("s3-no-default-encryption").expect("encryption note");
    assert!(encryption.contains("2 of the 3 buckets") && encryption.contains("`b`, `c`"), "{encryption}");
    let transport = note("s3-insecure-transport").expect("transport note");
    assert!(transport.contains("2 of the 3 buckets") && transport.contains("`a`, `c`"), "{transport}");
    // The account-level block was not given: the check did not run, and is listed as skipped.
    assert!(note("s3-public-access-block-off").is_none());
    for rule in ["kms-key-pending-deletion", "kms-rotation-disabled"] {
        let m = note(rule).unwrap_or_else(|| panic!("{rule} note"));
        assert!(m.contains("1 of the 2 keys") && m.contains("`2a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c2a`"), "{m}");
    }
    assert!(note("kms-key-policy-public").is_some_and(|m| m.contains("all 2 keys")), "{notes:?}");
    assert!(!report.fully_reviewed());
    // The listing counts as read by the checks that compared it with their outputs.
    let listing = |kind: &str| report.inputs.iter().find(|i| i.kind == Some(kind)).and_then(|i| i.reviewed_by);
    assert!(listing("s3api.list-buckets").is_some_and(|n| n >= 2) && listing("kms.list-keys").is_some_and(|n| n >= 2));

    // Every bucket and key covered (the AWS managed key needs no key policy): no note.
    let complete = [
        partial.join(",\n"),
        r#"{"command": "aws s3api get-bucket-encryption --bucket b", "error": {"code": "ServerSideEncryptionConfigurationNotFoundError", "message": "none"}}"#.into(),
        r#"{"command": "aws s3api get-bucket-encryption --bucket c", "output": {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}}"#.into(),
        r#"{"command": "aws s3api get-bucket-policy --bucket a", "error": {"code": "NoSuchBucketPolicy", "message": "none"}}"#.into(),
        r#"{"command": "aws s3api get-bucket-policy --bucket c", "output": {"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": [\"arn:aws:s3:::c\", \"arn:aws:s3:::c/*\"], \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}}]}"}}"#.into(),
        key("2a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c2a", "AWS"),
        r#"{"command": "aws kms get-key-policy --key-id 1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c1a --policy-name default", "output": {"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"}]}"}}"#.into(),
    ];
    let sources = [Source::new("bundle.json", bundle(&complete.join(",\n")))];
    let (report, _) = analyze_snapshot(&sources, &Options::default());
    let notes: Vec<_> = report.inputs.iter().flat_map(|i| &i.notes).map(|n| &n.message).collect();
    assert!(notes.is_empty(), "{notes:?}");
}

/// What the other encryption checks could not judge is said too: a DB instance on a custom
/// parameter group with no parameters in the snapshot, a listener whose security policy is not
/// in the table, an own EBS snapshot with no create-volume permissions output (another
/// account's public snapshot is not the account's to review).
#[test]
fn instances_listeners_and_snapshots_left_unjudged_are_noted() {
    let text = r#"{"bundle": 1, "account": "123456789012", "region": "eu-west-1", "captured": "2026-11-20T10:00:00Z",
      "outputs": [
        {"command": "aws rds describe-db-instances", "output": {"DBInstances": [
          {"DBInstanceIdentifier": "orders", "Engine": "postgres", "EngineVersion": "14.9", "DBInstanceClass": "db.t3.micro",
           "DBParameterGroups": [{"DBParameterGroupName": "orders-pg14", "ParameterApplyStatus": "in-sync"}], "StorageEncrypted": true},
          {"DBInstanceIdentifier": "reports", "Engine": "postgres", "EngineVersion": "16.1", "DBInstanceClass": "db.t3.micro",
           "DBParameterGroups": [{"DBParameterGroupName": "default.postgres16", "ParameterApplyStatus": "in-sync"}], "StorageEncrypted": true}]}},
        {"command": "aws elbv2 describe-listeners --load-balancer-arn arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1", "output": {"Listeners": [
          {"ListenerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/1/a", "LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1",
           "Port": 443, "Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-Future-2031-01", "DefaultActions": [{"Type": "forward"}]},
          {"ListenerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/1/b", "LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1",
           "Port": 8443, "Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "DefaultActions": [{"Type": "forward"}]}]}},
        {"command": "aws ec2 describe-snapshots", "output": {"Snapshots": [
          {"SnapshotId": "snap-0a", "OwnerId": "123456789012", "Encrypted": true, "VolumeId": "vol-1", "State": "completed"},
          {"SnapshotId": "snap-0b", "OwnerId": "123456789012", "Encrypted": true, "VolumeId": "vol-2", "State": "completed"},
          {"SnapshotId": "snap-0c", "OwnerId": "999999999999", "Encrypted": false, "VolumeId": "vol-3", "State": "completed"}]}},
        {"command": "aws ec2 describe-snapshot-attribute --snapshot-id snap-0a --attribute createVolumePermission", "output": {"SnapshotId": "snap-0a", "CreateVolumePermissions": []}}
      ]}"#;
    let (report, _) = analyze_snapshot(&[Source::new("bundle.json", text)], &Options::default());
    let notes: Vec<(&str, &str)> =
        report.inputs.iter().flat_map(|i| &i.notes).map(|n| (n.rule, n.message.as_str())).collect();
    let note = |rule: &str| notes.iter().find(|(r, _)| *r == rule).map_or("", |(_, m)| *m);
    let rds = note("rds-tls-not-enforced");
    assert!(
        rds.contains("1 DB instance is") && rds.contains("`orders` (group `orders-pg14`)") && !rds.contains("reports"),
        "{notes:?}"
    );
    let elb = note("elb-tls-policy-outdated");
    assert!(elb.contains("1 listener") && elb.contains("`ELBSecurityPolicy-Future-2031-01`"), "{notes:?}");
    let ebs = note("ebs-snapshot-public");
    assert!(ebs.contains("1 of the 2 snapshots") && ebs.contains("`snap-0b`") && !ebs.contains("snap-0c"), "{notes:?}");
    // The default group is judged from the engine default (on for PostgreSQL 16): no finding.
    assert!(!report.findings.iter().any(|f| f.rule == "rds-tls-not-enforced"));
}

/// An elbv2 load balancer whose listeners no `describe-listeners` output lists is not judged
/// by the two listener checks, and each says so; one listed with no listener (`--load-balancer-arn`
/// answered by an empty list) is known. A `--listener-arns` output lists only the listeners it
/// names, so it does not cover their load balancer; a gateway load balancer has nothing to check.
#[test]
fn load_balancers_whose_listeners_were_not_listed_are_noted() {
    let arn = |name: &str| format!("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/{name}/1");
    let balancer = |name: &str, kind: &str| {
        format!(
            r#"{{"LoadBalancerArn": "{}", "LoadBalancerName": "{name}", "Type": "{kind}", "Scheme": "internet-facing"}}"#,
            arn(name)
        )
    };
    let listener = |lb: &str, port: u16| {
        format!(
            r#"{{"ListenerArn": "{}/l{port}", "LoadBalancerArn": "{}", "Port": {port}, "Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "DefaultActions": [{{"Type": "forward"}}]}}"#,
            arn(lb).replace(":loadbalancer/", ":listener/"),
            arn(lb)
        )
    };
    let bundle = |balancers: &[String], outputs: &[String]| {
        format!(
            r#"{{"bundle": 1, "account": "123456789012", "region": "eu-west-1", "captured": "2026-11-20T10:00:00Z",
            "outputs": [{{"command": "aws elbv2 describe-load-balancers", "output": {{"LoadBalancers": [{}]}}}}, {}]}}"#,
            balancers.join(", "),
            outputs.join(",\n")
        )
    };
    let balancers = [
        balancer("web", "application"),
        balancer("empty", "application"),
        balancer("api", "network"),
        balancer("chosen", "application"),
        balancer("inspect", "gateway"),
    ];
    let listed = |lb: &str, listeners: &[String]| {
        format!(
            r#"{{"command": "aws elbv2 describe-listeners --load-balancer-arn {}", "output": {{"Listeners": [{}]}}}}"#,
            arn(lb),
            listeners.join(", ")
        )
    };
    let outputs = [
        listed("web", &[listener("web", 443)]),
        listed("empty", &[]),
        format!(
            r#"{{"command": "aws elbv2 describe-listeners --listener-arns {}/l443", "output": {{"Listeners": [{}]}}}}"#,
            arn("chosen").replace(":loadbalancer/", ":listener/"),
            listener("chosen", 443)
        ),
    ];
    let (report, _) =
        analyze_snapshot(&[Source::new("bundle.json", bundle(&balancers, &outputs))], &Options::default());
    let notes: Vec<(&str, &str)> =
        report.inputs.iter().flat_map(|i| &i.notes).map(|n| (n.rule, n.message.as_str())).collect();
    for rule in ["elb-listener-plaintext", "elb-tls-policy-outdated"] {
        let note = notes.iter().find(|(r, _)| *r == rule).map_or("", |(_, m)| *m);
        assert!(note.contains("2 of the 4 load balancers") && note.contains("(`api`, `chosen`)"), "{rule}: {notes:?}");
        assert!(note.contains("describe-listeners --load-balancer-arn ARN"), "{note}");
    }
    assert!(!report.fully_reviewed());

    // Every load balancer listed (the gateway one need not be): no note.
    let complete = [outputs.to_vec(), vec![listed("api", &[]), listed("chosen", &[listener("chosen", 443)])]].concat();
    let (report, _) =
        analyze_snapshot(&[Source::new("bundle.json", bundle(&balancers, &complete))], &Options::default());
    let notes: Vec<_> = report.inputs.iter().flat_map(|i| &i.notes).map(|n| &n.message).collect();
    assert!(notes.is_empty(), "{notes:?}");
}
