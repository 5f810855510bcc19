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
