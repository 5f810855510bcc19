#![cfg(not(target_arch = "wasm32"))]
//! The readers of KMS keys, rotation statuses and aliases, load balancers and listeners, and
//! CloudFront distributions: values read, sites on the right JSON pointer, one resource per AWS
//! id, located errors for wrong shapes while the other inputs are still read.

use std::fs;
use std::path::Path;

use posture::input::{Site, Snapshot};
use posture::{analyze_snapshot, Options, Source};

fn corpus(file: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/describe").join(file)).unwrap()
}

fn pointer(snapshot: &Snapshot, site: Site) -> String {
    snapshot.locate(site).0.pointer
}

/// A bundle of `(command, output)` entries.
fn bundle(entries: &[(&str, &str)]) -> String {
    let outputs: Vec<String> =
        entries.iter().map(|(command, output)| format!(r#"{{"command": "{command}", "output": {output}}}"#)).collect();
    format!(r#"{{"bundle": 1, "region": "us-east-2", "outputs": [{}]}}"#, outputs.join(",\n"))
}

const KEY: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN: &str = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn kms_bundle() -> String {
    let keys = format!(
        r#"{{"Keys": [{{"KeyId": "{KEY}", "KeyArn": "{KEY_ARN}"}},
            {{"KeyId": "0987dcba-09fe-87dc-65ba-ab0987654321", "KeyArn": "arn:aws:kms:us-west-2:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321"}}]}}"#
    );
    let aliases = format!(
        r#"{{"Aliases": [{{"AliasName": "alias/app", "AliasArn": "arn:aws:kms:us-west-2:111122223333:alias/app", "TargetKeyId": "{KEY}"}},
            {{"AliasName": "alias/aws/s3", "AliasArn": "arn:aws:kms:us-west-2:111122223333:alias/aws/s3"}}]}}"#
    );
    bundle(&[
        ("aws kms list-keys", &keys),
        (
            &format!("aws kms describe-key --key-id {KEY}"),
            &corpus("awscli-examples/awscli__kms__describe-key__ex1.json"),
        ),
        ("aws kms list-aliases", &aliases),
        ("aws kms get-key-rotation-status --key-id alias/app", r#"{"KeyRotationEnabled": false}"#),
        (
            "aws kms get-key-rotation-status --key-id 0987dcba-09fe-87dc-65ba-ab0987654321",
            r#"{"KeyRotationEnabled": true}"#,
        ),
    ])
}

#[test]
fn keys_are_read_merged_and_resolved_by_id_arn_or_alias() {
    let sources = [Source::new("snapshot.json", kms_bundle())];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs.iter().all(|i| i.error.is_none()), "{:?}", snapshot.inputs);
    let model = &snapshot.model;
    // `list-keys` and `describe-key` describe the same key: one key, filled in by the second.
    assert_eq!(model.keys.len(), 2);
    let key = model.key(KEY).unwrap();
    assert_eq!(key.arn.as_deref(), Some(KEY_ARN));
    assert_eq!(key.state.as_ref().unwrap().value, "Disabled");
    assert_eq!(key.manager.as_ref().unwrap().value, "CUSTOMER");
    assert_eq!(key.is_customer_managed(), Some(true));
    assert_eq!(key.spec.as_ref().unwrap().value, "RSA_2048");
    assert_eq!(key.usage.as_ref().unwrap().value, "SIGN_VERIFY");
    assert_eq!(key.origin.as_ref().unwrap().value, "AWS_KMS");
    // The first output to name the key keeps its site; what describe-key added points into it.
    assert_eq!(pointer(&snapshot, key.id.site), "/outputs/0/output/Keys/0");
    assert_eq!(pointer(&snapshot, key.state.as_ref().unwrap().site), "/outputs/1/output/KeyMetadata/KeyState");
    // Every way of naming the key reaches it; an alias with no target or an unknown key does not.
    for reference in [KEY_ARN, "alias/app", "arn:aws:kms:us-west-2:111122223333:alias/app"] {
        assert_eq!(model.key(reference).map(|k| &k.id.value), Some(&KEY.to_string()), "{reference}");
    }
    assert!(model.key("alias/aws/s3").is_none());
    assert!(model.key("arn:aws:kms:us-west-2:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab").is_none());
    assert!(model.key("alias/missing").is_none());
    // Rotation statuses, named by alias or by id, join their key.
    let rotations = model.rotations_by_key();
    let rotation = rotations.get(KEY).unwrap();
    assert!(!rotation.value);
    assert_eq!(pointer(&snapshot, rotation.site), "/outputs/3/output/KeyRotationEnabled");
    assert!(rotations.get("0987dcba-09fe-87dc-65ba-ab0987654321").unwrap().value);
    assert_eq!(model.aliases.len(), 2);
    assert_eq!(model.meta.account.as_deref(), Some("111122223333"));
}

#[test]
fn a_rotation_status_names_its_key_by_output_command_or_file_else_says_which_key() {
    let printed = corpus("awscli-examples/awscli__kms__get-key-rotation-status__ex1.json");
    let sources = [
        Source::new("printed.json", printed),
        Source::new("5678-key.json", r#"{"KeyRotationEnabled": true}"#),
        Source::new("", r#"{"KeyRotationEnabled": false}"#),
    ];
    let snapshot = Snapshot::read(&sources);
    let model = &snapshot.model;
    assert!(model.key_rotations.get(KEY).unwrap().enabled.value);
    assert!(model.key_rotations.get("5678-key").unwrap().enabled.value);
    assert_eq!(model.key_rotations.len(), 2);
    let pasted = snapshot.inputs.get(2).unwrap();
    assert_eq!(pasted.kind.map(|k| k.id), Some("kms.get-key-rotation-status"));
    assert!(pasted.error.is_none());
    let (remark, _) = pasted.remarks.first().unwrap();
    assert!(remark.starts_with("which key?"), "{remark}");
}

#[test]
fn corpus_outputs_of_these_kinds_are_read() {
    let files = [
        ("awscli-examples/awscli__kms__describe-key__ex2.json", "kms.describe-key"),
        ("awscli-examples/awscli__kms__describe-key__ex3.json", "kms.describe-key"),
        ("botocore-examples/botocore__kms__ListAliases__ex1.json", "kms.list-aliases"),
        ("cartography-fixtures/cartography__kms__DESCRIBE_ALIASES.json", "kms.list-aliases"),
        ("awscli-examples/awscli__kms__list-keys__ex1.json", "kms.list-keys"),
        ("cloudmapper-demo/cloudmapper__us-east-1__elb-describe-load-balancers.json", "elb.describe-load-balancers"),
        (
            "cloudmapper-demo/cloudmapper__us-east-1__elbv2-describe-load-balancers.json",
            "elbv2.describe-load-balancers",
        ),
    ];
    let sources: Vec<Source> = files.iter().map(|(file, _)| Source::new(*file, corpus(file))).collect();
    let snapshot = Snapshot::read(&sources);
    for ((file, kind), input) in files.iter().zip(&snapshot.inputs) {
        assert_eq!(input.kind.map(|k| k.id), Some(*kind), "{file}: {:?}", input.error);
        assert!(input.error.is_none(), "{file}");
    }
    let model = &snapshot.model;
    assert!(model.keys.len() >= 3);
    // The bare list of aliases (cartography) and aliases without the `alias/` prefix.
    assert!(model.aliases.get("Cartography-A").is_some());
    assert!(model.key("alias/example1").is_none(), "its key was not described");
    let classic = model.classic_load_balancers.get("weblb").unwrap();
    let listener = classic.listeners.first().unwrap();
    assert_eq!(
        (listener.protocol.value.as_str(), listener.port, listener.instance_port),
        ("HTTP", Some(8000), Some(8000))
    );
    assert_eq!(classic.scheme.as_ref().unwrap().value, "internet-facing");
    assert_eq!(classic.security_groups, ["sg-00000003"]);
    assert_eq!(
        pointer(&snapshot, listener.protocol.site),
        "/LoadBalancerDescriptions/0/ListenerDescriptions/0/Listener/Protocol"
    );
    let alb = model.load_balancers.iter().next().unwrap();
    assert_eq!(alb.name.as_deref(), Some("webalb"));
    assert_eq!(alb.subnets, ["subnet-00000002"]);
    assert_eq!(alb.kind.as_deref(), Some("application"));
}

const LB: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";

fn load_balancers() -> String {
    format!(
        r#"{{"LoadBalancers": [{{"LoadBalancerArn": "{LB}", "LoadBalancerName": "web", "Scheme": "internet-facing",
            "Type": "application", "VpcId": "vpc-1", "SecurityGroups": ["sg-1"],
            "AvailabilityZones": [{{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}}, {{"ZoneName": "us-east-1b", "SubnetId": "subnet-2"}}]}}]}}"#
    )
}

fn listeners() -> String {
    format!(
        r#"{{"Listeners": [
            {{"ListenerArn": "{LB}/l-80", "LoadBalancerArn": "{LB}", "Port": 80, "Protocol": "HTTP",
              "DefaultActions": [{{"Type": "redirect", "RedirectConfig": {{"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}}}]}},
            {{"ListenerArn": "{LB}/l-443", "LoadBalancerArn": "{LB}", "Port": 443, "Protocol": "HTTPS",
              "SslPolicy": "ELBSecurityPolicy-2016-08", "Certificates": [{{"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/1"}}],
              "DefaultActions": [{{"Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1"}}]}}]}}"#
    )
}

#[test]
fn listeners_join_their_load_balancer_and_keep_their_sites() {
    let text = bundle(&[
        ("aws elbv2 describe-load-balancers", &load_balancers()),
        ("aws elbv2 describe-listeners --load-balancer-arn x", &listeners()),
        ("aws elbv2 describe-load-balancers --names web", &load_balancers()),
    ]);
    let sources = [Source::new("snapshot.json", text)];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs.iter().all(|i| i.error.is_none()), "{:?}", snapshot.inputs);
    let model = &snapshot.model;
    assert_eq!(model.load_balancers.len(), 1, "a load balancer given twice is one");
    let balancer = model.load_balancers.get(LB).unwrap();
    assert_eq!(balancer.subnets, ["subnet-1", "subnet-2"]);
    assert_eq!(pointer(&snapshot, balancer.scheme.as_ref().unwrap().site), "/outputs/0/output/LoadBalancers/0/Scheme");
    let index = model.listeners_by_load_balancer();
    let joined = index.get(LB).unwrap();
    assert_eq!(joined.len(), 2);
    let http = model.listeners.get(&format!("{LB}/l-80")).unwrap();
    assert!(http.redirects_to_https());
    assert_eq!(http.port, Some(80));
    let action = http.actions.first().unwrap();
    assert_eq!(
        pointer(&snapshot, action.redirect_protocol.as_ref().unwrap().site),
        "/outputs/1/output/Listeners/0/DefaultActions/0/RedirectConfig/Protocol"
    );
    let https = model.listeners.get(&format!("{LB}/l-443")).unwrap();
    assert!(!https.redirects_to_https());
    let policy = https.ssl_policy.as_ref().unwrap();
    assert_eq!(policy.value, "ELBSecurityPolicy-2016-08");
    assert_eq!(pointer(&snapshot, policy.site), "/outputs/1/output/Listeners/1/SslPolicy");
    assert_eq!(model.load_balancers.get(https.load_balancer.as_deref().unwrap()).unwrap().name.as_deref(), Some("web"));
    assert_eq!(model.meta.account.as_deref(), Some("123456789012"));
}

const DISTRIBUTION: &str = r#"{
  "Id": "E1A2B3C4D5", "ARN": "arn:aws:cloudfront::123456789012:distribution/E1A2B3C4D5", "Enabled": true,
  "Origins": {"Quantity": 2, "Items": [
    {"Id": "s3", "DomainName": "b.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OAC"},
    {"Id": "api", "DomainName": "api.example.com", "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
      "OriginProtocolPolicy": "http-only", "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1"]}}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "redirect-to-https"},
  "CacheBehaviors": {"Quantity": 1, "Items": [{"PathPattern": "/api/*", "TargetOriginId": "api", "ViewerProtocolPolicy": "allow-all"}]},
  "ViewerCertificate": {"CloudFrontDefaultCertificate": true, "MinimumProtocolVersion": "TLSv1", "SSLSupportMethod": "vip"}
}"#;

#[test]
fn distributions_are_read_from_the_list_and_from_a_config_named_by_its_id() {
    let list = format!(r#"{{"DistributionList": {{"Quantity": 1, "IsTruncated": false, "Items": [{DISTRIBUTION}]}}}}"#);
    let config = format!(r#"{{"ETag": "E1", "DistributionConfig": {DISTRIBUTION}}}"#);
    let text = bundle(&[
        ("aws cloudfront list-distributions", &list),
        ("aws cloudfront get-distribution-config --id E1A2B3C4D5", &config),
        ("aws cloudfront get-distribution-config --id E9Z8Y7", &config),
        ("aws cloudfront list-distributions", r#"{"DistributionList": {"Quantity": 0, "IsTruncated": false}}"#),
    ]);
    let sources = [Source::new("snapshot.json", text), Source::new("", config.clone())];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.inputs.iter().all(|i| i.error.is_none()), "{:?}", snapshot.inputs);
    let model = &snapshot.model;
    assert_eq!(model.distributions.len(), 2, "the same distribution from the list and its config is one");
    let listed = model.distributions.get("E1A2B3C4D5").unwrap();
    assert_eq!(listed.arn.as_deref(), Some("arn:aws:cloudfront::123456789012:distribution/E1A2B3C4D5"));
    assert_eq!(pointer(&snapshot, listed.id.site), "/outputs/0/output/DistributionList/Items/0");
    let viewer = listed.viewer_protocol.as_ref().unwrap();
    assert_eq!(viewer.value, "redirect-to-https");
    assert_eq!(
        pointer(&snapshot, viewer.site),
        "/outputs/0/output/DistributionList/Items/0/DefaultCacheBehavior/ViewerProtocolPolicy"
    );
    let behavior = listed.behaviors.first().unwrap();
    assert_eq!(
        (behavior.path.value.as_str(), behavior.viewer_protocol.as_ref().unwrap().value.as_str()),
        ("/api/*", "allow-all")
    );
    assert_eq!(listed.minimum_protocol.as_ref().unwrap().value, "TLSv1");
    assert!(listed.default_certificate.as_ref().unwrap().value);
    assert_eq!(listed.ssl_support.as_ref().unwrap().value, "vip");
    let [s3, api] = listed.origins.as_slice() else { panic!("two origins") };
    assert_eq!(s3.access_control.as_deref(), Some("E2OAC"));
    assert_eq!(api.protocol_policy.as_ref().unwrap().value, "http-only");
    assert_eq!(api.ssl_protocols.first().map(|p| p.value.as_str()), Some("TLSv1"));
    let configured = model.distributions.get("E9Z8Y7").unwrap();
    assert_eq!(pointer(&snapshot, configured.id.site), "/outputs/2/output/DistributionConfig");
    assert_eq!(
        pointer(&snapshot, configured.minimum_protocol.as_ref().unwrap().site),
        "/outputs/2/output/DistributionConfig/ViewerCertificate/MinimumProtocolVersion"
    );
    // A pasted config names no distribution: read as its kind, not guessed, and said so.
    let pasted = snapshot.inputs.last().unwrap();
    assert_eq!(pasted.kind.map(|k| k.id), Some("cloudfront.get-distribution-config"));
    assert!(pasted.remarks.first().unwrap().0.starts_with("which distribution?"));
}

#[test]
fn a_wrong_shape_is_a_located_error_and_the_other_outputs_are_still_read() {
    let text = bundle(&[
        ("aws kms get-key-rotation-status --key-id k-1", r#"{"KeyRotationEnabled": "yes"}"#),
        (
            "aws elbv2 describe-listeners",
            r#"{"Listeners": [{"ListenerArn": "arn:l", "Protocol": "HTTP", "Port": "eighty"}]}"#,
        ),
        ("aws kms describe-key --key-id k-2", r#"{"KeyMetadata": {"Arn": "arn:aws:kms:us-east-1:1:key/k-2"}}"#),
        (
            "aws cloudfront list-distributions",
            r#"{"DistributionList": {"Items": [{"Id": "E1", "ViewerCertificate": []}]}}"#,
        ),
        (
            "aws elb describe-load-balancers",
            r#"{"LoadBalancerDescriptions": [{"LoadBalancerName": "old", "ListenerDescriptions": [{"PolicyNames": []}]}]}"#,
        ),
        (
            "aws kms list-aliases",
            r#"{"Aliases": [{"AliasName": "alias/ok", "AliasArn": "arn:aws:kms:us-east-1:1:alias/ok", "TargetKeyId": "k-3"}]}"#,
        ),
    ]);
    let sources = [Source::new("snapshot.json", text)];
    let snapshot = Snapshot::read(&sources);
    let errors: Vec<(String, String)> = snapshot
        .inputs
        .iter()
        .filter_map(|i| i.error.as_ref())
        .map(|e| (pointer(&snapshot, e.site), e.message.clone()))
        .collect();
    let expected = [
        ("/outputs/0/output/KeyRotationEnabled", "`KeyRotationEnabled` should be `true` or `false`"),
        ("/outputs/1/output/Listeners/0/Port", "`Port` should be a whole number"),
        ("/outputs/2/output/KeyMetadata", "this entry has no `KeyId`"),
        ("/outputs/3/output/DistributionList/Items/0/ViewerCertificate", "`ViewerCertificate` should be an object"),
        ("/outputs/4/output/LoadBalancerDescriptions/0/ListenerDescriptions/0", "`Listener` should be an object"),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:?}");
    for ((at, message), (want_at, want)) in errors.iter().zip(expected) {
        assert_eq!(at, want_at);
        assert!(message.starts_with(want), "{message}");
    }
    assert!(snapshot.model.aliases.get("alias/ok").is_some());
    assert!(snapshot.model.has("kms.list-aliases"));
    assert!(!snapshot.model.has("kms.get-key-rotation-status"));
}

#[test]
fn the_inventory_counts_these_resources() {
    let text = bundle(&[
        ("aws elbv2 describe-load-balancers", &load_balancers()),
        ("aws elbv2 describe-listeners", &listeners()),
    ]);
    let sources = [Source::new("snapshot.json", text), Source::new("keys.json", kms_bundle())];
    let (_, inventory) = analyze_snapshot(&sources, &Options::default());
    for expected in [("KMS keys", 2), ("KMS aliases", 2), ("load balancers", 1), ("listeners", 2)] {
        assert!(inventory.resources.contains(&expected), "{expected:?} in {:?}", inventory.resources);
    }
}

#[test]
fn a_key_policy_joins_its_key_by_id_or_alias() {
    let policy = corpus("botocore-examples/botocore__kms__GetKeyPolicy__ex1.json");
    let text = bundle(&[("aws kms get-key-policy --key-id alias/app --policy-name default", &policy)]);
    // The policy comes before the keys and aliases it needs: the join waits for every input.
    let sources = [
        Source::new("policy.json", text),
        Source::new("keys.json", kms_bundle()),
        Source::new("0987dcba-09fe-87dc-65ba-ab0987654321.json", policy.clone()),
    ];
    let snapshot = Snapshot::read(&sources);
    let model = &snapshot.model;
    let by_alias = model.key(KEY).unwrap().policy.unwrap();
    assert_eq!(snapshot.policies.get(by_alias).unwrap().name, "alias/app");
    let by_file = model.key("0987dcba-09fe-87dc-65ba-ab0987654321").unwrap().policy.unwrap();
    assert_eq!(snapshot.policies.get(by_file).unwrap().holder, Some("key"));
    assert_ne!(by_alias, by_file);
}

#[test]
fn a_bundle_entry_without_a_command_is_not_named_after_the_bundle_file() {
    let text = r#"{"bundle": 1, "outputs": [{"output": {"KeyRotationEnabled": true}}]}"#;
    let sources = [Source::new("snapshot.json", text)];
    let snapshot = Snapshot::read(&sources);
    assert!(snapshot.model.key_rotations.is_empty());
    let entry = snapshot.inputs.get(1).unwrap();
    assert_eq!(entry.kind.map(|k| k.id), Some("kms.get-key-rotation-status"));
    assert!(entry.remarks.first().unwrap().0.starts_with("which key?"));
}
