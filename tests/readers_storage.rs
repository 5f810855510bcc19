#![cfg(not(target_arch = "wasm32"))]
//! The storage readers: EBS volumes, snapshots and their permissions, EBS default encryption,
//! RDS clusters, snapshots, parameter groups and instances' settings, S3 buckets, default
//! encryption and public access blocks, and the facts a bundle states with an error. Values are
//! read, sites point at the member a check will judge, a resource given twice is one, and a
//! wrong shape is a located input error that leaves the other inputs read.

use std::fs;
use std::path::Path;

use posture::input::{Site, Snapshot};
use posture::model::BlockScope;
use posture::{analyze_snapshot, Options, Source};

fn corpus(file: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/describe").join(file)).unwrap()
}

fn pointer(snapshot: &Snapshot, site: Site) -> String {
    snapshot.locate(site).0.pointer
}

const VOLUMES: &str = r#"{"Volumes": [
  {"VolumeId": "vol-1", "State": "in-use", "Encrypted": false, "Attachments": [{"InstanceId": "i-1", "State": "attached"}]},
  {"VolumeId": "vol-2", "State": "available", "Encrypted": true, "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/k-1",
   "Attachments": []}]}"#;

#[test]
fn volumes_keep_their_encryption_state_and_instances() {
    let sources = [Source::new("volumes.json", VOLUMES), Source::new("again.json", VOLUMES)];
    let snapshot = Snapshot::read(&sources);
    let volumes = &snapshot.model.volumes;
    assert_eq!(volumes.len(), 2, "given twice, kept once");
    let first = volumes.get("vol-1").unwrap();
    assert_eq!(first.encrypted.as_ref().map(|e| e.value), Some(false));
    assert_eq!(pointer(&snapshot, first.encrypted.as_ref().unwrap().site), "/Volumes/0/Encrypted");
    assert_eq!(pointer(&snapshot, first.id.site), "/Volumes/0");
    assert_eq!(first.state.as_ref().unwrap().value, "in-use");
    assert_eq!(first.instances, ["i-1"]);
    let second = volumes.get("vol-2").unwrap();
    assert_eq!(pointer(&snapshot, second.kms_key.as_ref().unwrap().site), "/Volumes/1/KmsKeyId");
    assert_eq!(snapshot.input_name(first.id.site), "volumes.json", "the first reading is the one kept");
}

#[test]
fn snapshots_and_their_permissions_join_by_id_in_any_order() {
    let attribute =
        r#"{"SnapshotId": "snap-1", "CreateVolumePermissions": [{"Group": "all"}, {"UserId": "444455556666"}]}"#;
    let orphan = r#"{"SnapshotId": "snap-9", "CreateVolumePermissions": []}"#;
    let snapshots = r#"{"Snapshots": [{"SnapshotId": "snap-1", "VolumeId": "vol-1", "OwnerId": "111122223333",
      "Encrypted": false, "VolumeSize": 8}]}"#;
    let sources =
        [Source::new("attr.json", attribute), Source::new("orphan.json", orphan), Source::new("s.json", snapshots)];
    let snapshot = Snapshot::read(&sources);
    let model = &snapshot.model;
    let snap = model.ebs_snapshots.get("snap-1").unwrap();
    assert_eq!(snap.volume.as_deref(), Some("vol-1"));
    assert_eq!(pointer(&snapshot, snap.encrypted.as_ref().unwrap().site), "/Snapshots/0/Encrypted");
    let permissions = model.snapshot_permissions.get(&snap.id.value).unwrap();
    assert!(permissions.is_public());
    assert_eq!(pointer(&snapshot, permissions.groups[0].site), "/CreateVolumePermissions/0");
    assert_eq!(permissions.users[0].value, "444455556666");
    assert!(!model.snapshot_permissions.get("snap-9").unwrap().is_public(), "kept without its snapshot");
    assert_eq!(model.meta.account.as_deref(), Some("111122223333"), "from `OwnerId`");
}

#[test]
fn ebs_default_encryption_is_located() {
    let sources = [Source::new("ebs.json", r#"{"EbsEncryptionByDefault": false}"#)];
    let snapshot = Snapshot::read(&sources);
    let setting = snapshot.model.ebs_encryption_by_default.as_ref().unwrap();
    assert!(!setting.value);
    assert_eq!(pointer(&snapshot, setting.site), "/EbsEncryptionByDefault");
}

#[test]
fn rds_clusters_snapshots_and_instances_keep_their_settings() {
    let sources = [
        Source::new("clusters.json", corpus("awscli-examples/awscli__rds__describe-db-clusters__ex1.json")),
        Source::new(
            "snapshots.json",
            corpus("cartography-fixtures/cartography__rds__DESCRIBE_DBSNAPSHOTS_RESPONSE.json"),
        ),
        Source::new("dbs.json", corpus("cartography-fixtures/cartography__rds__DESCRIBE_DBINSTANCES_RESPONSE.json")),
    ];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs.iter().all(|i| i.error.is_none()));
    let model = &snapshot.model;
    let cluster = model.db_clusters.iter().next().unwrap();
    assert!(!cluster.engine.is_empty());
    assert_eq!(pointer(&snapshot, cluster.storage_encrypted.as_ref().unwrap().site), "/DBClusters/0/StorageEncrypted");
    assert!(model.meta.account.is_some(), "from `DBClusterArn`");
    let snap = model.db_snapshots.iter().find(|s| s.kms_key.is_some()).unwrap();
    assert!(pointer(&snapshot, snap.kms_key.as_ref().unwrap().site).ends_with("/KmsKeyId"));
    let db = model.db_instances.iter().next().unwrap();
    assert!(db.storage_encrypted.is_some() && db.auto_minor_version_upgrade.is_some());
    assert_eq!(pointer(&snapshot, db.engine_version.as_ref().unwrap().site), "/DBInstances/0/EngineVersion");
    let group = &db.parameter_groups[0];
    assert_eq!(pointer(&snapshot, group.name.site), "/DBInstances/0/DBParameterGroups/0/DBParameterGroupName");
    assert!(group.apply_status.is_some());
}

const PARAMETERS: &str = r#"{"Parameters": [
  {"ParameterName": "rds.force_ssl", "ParameterValue": "0", "ApplyType": "dynamic", "Source": "user"},
  {"ParameterName": "autocommit", "ApplyType": "dynamic", "Source": "engine-default"}]}"#;

fn bundle(outputs: &str) -> String {
    format!(r#"{{"bundle": 1, "account": "111122223333", "region": "eu-west-1", "outputs": [{outputs}]}}"#)
}

#[test]
fn parameters_are_named_by_the_command_line_or_the_file_else_a_remark() {
    let entry = format!(
        r#"{{"command": "aws rds describe-db-parameters --db-parameter-group-name pg-1", "output": {PARAMETERS}}}"#
    );
    let sources =
        [Source::new("bundle.json", bundle(&entry)), Source::new("pg-2.json", PARAMETERS), Source::new("", PARAMETERS)];
    let snapshot = Snapshot::read(&sources);
    let groups = &snapshot.model.db_parameter_groups;
    assert_eq!(groups.len(), 2);
    let ssl = groups.get("pg-1").unwrap().parameter("rds.force_ssl").unwrap();
    assert_eq!(ssl.value.as_ref().unwrap().value, "0");
    assert_eq!(pointer(&snapshot, ssl.value.as_ref().unwrap().site), "/outputs/0/output/Parameters/0/ParameterValue");
    assert_eq!(ssl.source.as_deref(), Some("user"));
    assert!(groups.get("pg-2").unwrap().parameter("autocommit").unwrap().value.is_none());
    let paste = snapshot.inputs.last().unwrap();
    assert_eq!(paste.kind.map(|k| k.id), Some("rds.describe-db-parameters"));
    assert!(paste.remarks[0].0.starts_with("which parameter group?"), "{:?}", paste.remarks);
}

#[test]
fn buckets_encryption_and_public_access_blocks_by_bucket_and_account() {
    let list = r#"{"Buckets": [{"Name": "logs", "CreationDate": "2024-01-01T00:00:00Z"}, {"Name": "web"}],
      "Owner": {"DisplayName": "me", "ID": "abc123"}}"#;
    let encryption = r#"{"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault":
      {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:eu-west-1:111122223333:key/k-1"}, "BucketKeyEnabled": true}]}}"#;
    let block = r#"{"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true,
      "BlockPublicPolicy": false, "RestrictPublicBuckets": true}}"#;
    let outputs = format!(
        r#"{{"command": "aws s3api list-buckets", "output": {list}}},
        {{"command": "aws s3api get-bucket-encryption --bucket logs", "output": {encryption}}},
        {{"command": "aws s3api get-public-access-block --bucket logs", "output": {block}}},
        {{"command": "aws s3control get-public-access-block --account-id 111122223333", "output": {block}}},
        {{"command": "aws s3api get-bucket-encryption --bucket web",
          "error": {{"code": "ServerSideEncryptionConfigurationNotFoundError", "message": "none"}}}},
        {{"command": "aws s3api get-public-access-block --bucket web",
          "error": {{"code": "NoSuchPublicAccessBlockConfiguration", "message": "none"}}}},
        {{"command": "aws s3api get-bucket-policy --bucket web", "error": {{"code": "NoSuchBucketPolicy", "message": "none"}}}},
        {{"command": "aws s3api get-bucket-policy --bucket logs", "error": {{"code": "AccessDenied", "message": "no"}}}}"#
    );
    let sources = [Source::new("bundle.json", bundle(&outputs))];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs.iter().all(|i| i.error.is_none()));
    // The `AccessDenied` entry states no fact: it is said to be not collected, and nothing else is remarked.
    let remarked: Vec<&str> = snapshot.inputs.iter().flat_map(|i| &i.remarks).map(|(m, _)| m.as_str()).collect();
    assert_eq!(remarked.len(), 1, "{remarked:?}");
    assert!(remarked[0].starts_with("not collected: the AWS answer was `AccessDenied`"), "{remarked:?}");
    let model = &snapshot.model;
    assert_eq!(model.buckets.len(), 2);
    assert_eq!(model.buckets.get("web").unwrap().owner.as_deref(), Some("abc123"));
    assert_eq!(pointer(&snapshot, model.buckets.get("web").unwrap().name.site), "/outputs/0/output/Buckets/1");
    let logs = model.bucket_encryption.get("logs").unwrap();
    let rule = &logs.rules.as_ref().unwrap()[0];
    assert_eq!(rule.algorithm.value, "aws:kms");
    assert_eq!(
        pointer(&snapshot, rule.algorithm.site),
        "/outputs/1/output/ServerSideEncryptionConfiguration/Rules/0/ApplyServerSideEncryptionByDefault/SSEAlgorithm"
    );
    assert!(rule.kms_key.is_some() && rule.bucket_key.as_ref().is_some_and(|b| b.value));
    let web = model.bucket_encryption.get("web").unwrap();
    assert!(web.rules.is_none(), "stated absent");
    assert_eq!(pointer(&snapshot, web.site), "/outputs/4/error");
    let bucket_block = model.bucket_public_access.get("logs").unwrap();
    let flags = bucket_block.flags.as_ref().unwrap();
    assert!(!flags.all_on());
    assert_eq!(
        pointer(&snapshot, flags.block_public_policy.as_ref().unwrap().site),
        "/outputs/2/output/PublicAccessBlockConfiguration/BlockPublicPolicy"
    );
    let account = model.account_public_access.as_ref().unwrap();
    assert_eq!(account.scope, BlockScope::Account(Some("111122223333".into())));
    assert_eq!(pointer(&snapshot, account.site), "/outputs/3/output/PublicAccessBlockConfiguration");
    assert!(model.bucket_public_access.get("web").unwrap().flags.is_none());
    assert_eq!(model.bucket_public_access.len(), 2, "the account's block is not a bucket's");
    let no_policy = model.buckets_without_policy.get("web").unwrap();
    assert_eq!(pointer(&snapshot, no_policy.site), "/outputs/6/error");
    assert!(model.buckets_without_policy.get("logs").is_none(), "`AccessDenied` states nothing");
}

#[test]
fn a_bucket_output_given_alone_is_named_by_its_file_and_a_paste_is_remarked() {
    let block = r#"{"PublicAccessBlockConfiguration": {"BlockPublicAcls": true}}"#;
    let sources = [Source::new("dir/assets.json", block), Source::new("", block)];
    let snapshot = Snapshot::read(&sources);
    let named = snapshot.model.bucket_public_access.get("assets").unwrap();
    assert_eq!(named.scope, BlockScope::Bucket("assets".into()));
    assert_eq!(snapshot.model.bucket_public_access.len(), 1, "never a guessed name");
    assert!(snapshot.inputs[1].remarks[0].0.starts_with("which bucket?"));
    assert!(snapshot.model.account_public_access.is_none());
}

#[test]
fn a_wrong_shape_is_a_located_error_and_the_rest_is_still_read() {
    let bad = r#"{"Volumes": [{"VolumeId": "vol-1", "Encrypted": "yes", "Attachments": []}]}"#;
    let sources = [Source::new("bad.json", bad), Source::new("good.json", VOLUMES)];
    let (report, inventory) = analyze_snapshot(&sources, &Options::default());
    let error = report.inputs[0].error.as_ref().expect("an input error");
    assert_eq!(error.rule, "input-unrecognized");
    assert!(error.message.contains("`Encrypted` should be `true` or `false`"), "{}", error.message);
    assert_eq!((error.line, error.column as usize), (1, bad.find(r#""yes""#).unwrap() + 1));
    assert!(report.inputs[1].error.is_none());
    assert!(inventory.resources.contains(&("EBS volumes", 2)), "{:?}", inventory.resources);

    let snapshot = Snapshot::read(&sources);
    assert_eq!(pointer(&snapshot, snapshot.inputs[0].error.as_ref().unwrap().site), "/Volumes/0/Encrypted");

    let no_id = r#"{"DBClusters": [{"Engine": "aurora-mysql"}]}"#;
    let sources = [Source::new("c.json", no_id)];
    let snapshot = Snapshot::read(&sources);
    let error = snapshot.inputs[0].error.as_ref().unwrap();
    assert!(error.message.contains("no `DBClusterIdentifier`"), "{}", error.message);
    assert_eq!(pointer(&snapshot, error.site), "/DBClusters/0");
}

#[test]
fn every_real_output_of_these_kinds_is_read_without_error() {
    let table = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-kinds.tsv")).unwrap();
    let mine = [
        "ec2.describe-volumes",
        "ec2.describe-snapshots",
        "ec2.describe-snapshot-attribute",
        "rds.describe-db-clusters",
        "rds.describe-db-snapshots",
        "rds.describe-db-instances",
    ];
    let mut read = 0;
    for (file, kind) in table.lines().filter_map(|l| l.split_once('\t')).filter(|(_, k)| mine.contains(k)) {
        let sources = [Source::new(file, corpus(file))];
        let snapshot = Snapshot::read(&sources);
        let input = &snapshot.inputs[0];
        assert_eq!(input.kind.map(|k| k.id), Some(kind), "{file}: {:?}", input.error.as_ref().map(|e| &e.message));
        read += 1;
    }
    assert!(read >= 15, "{read}");
}

#[test]
fn an_account_without_a_block_and_a_bundle_entry_without_a_command() {
    let outputs = r#"{"command": "aws s3control get-public-access-block --account-id 111122223333",
        "error": {"code": "NoSuchPublicAccessBlockConfiguration", "message": "none"}},
      {"output": {"ServerSideEncryptionConfiguration": {"Rules": []}}}"#;
    let sources = [Source::new("snapshot.json", bundle(outputs))];
    let snapshot = Snapshot::read(&sources);
    let account = snapshot.model.account_public_access.as_ref().unwrap();
    assert_eq!(account.scope, BlockScope::Account(Some("111122223333".into())));
    assert!(account.flags.is_none(), "stated absent");
    assert_eq!(pointer(&snapshot, account.site), "/outputs/0/error");
    assert!(snapshot.model.bucket_public_access.is_empty());
    // A bundle's entry is never named after the bundle's file.
    assert!(snapshot.model.bucket_encryption.is_empty());
    assert!(snapshot.inputs[2].remarks[0].0.starts_with("which bucket?"), "{:?}", snapshot.inputs[2]);
}
