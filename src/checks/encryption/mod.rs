//! Encryption checks: data at rest (S3, EBS, RDS), in transit (S3 policies, load balancer
//! listeners, CloudFront, RDS parameter groups) and the KMS keys that guard it.

pub mod cloudfront_tls_outdated;
pub mod cloudfront_viewer_http;
pub mod ebs_default_encryption_off;
pub mod ebs_snapshot_public;
pub mod ebs_snapshot_unencrypted;
pub mod ebs_volume_unencrypted;
pub mod elb_listener_plaintext;
pub mod elb_tls_policy_outdated;
pub mod kms_key_pending_deletion;
pub mod kms_key_policy_public;
pub mod kms_rotation_disabled;
pub mod rds_snapshot_unencrypted;
pub mod rds_storage_unencrypted;
pub mod rds_tls_defaults;
pub mod rds_tls_not_enforced;
pub mod s3_insecure_transport;
pub mod s3_no_default_encryption;
pub mod s3_public_access_block_off;
pub mod tls;

use std::collections::HashMap;

use crate::model::{Located, Model, Site};

/// How a finding about an account-wide setting names its resource: the account id, else
/// `account`.
pub(crate) fn account(model: &Model) -> String {
    model.meta.account.clone().unwrap_or_else(|| "account".into())
}

/// " in `eu-west-1`", or nothing when the snapshot names no region.
pub(crate) fn in_region(model: &Model) -> String {
    model.meta.region.as_ref().map_or_else(String::new, |r| format!(" in `{r}`"))
}

/// What the snapshot holds encrypted under each KMS key, by key id: each resource's label
/// (`volume `vol-1``) and where it names the key. Built once, in one pass over the resources;
/// a reference by key id, key ARN, alias name or alias ARN resolves through `Model::key`.
pub(crate) fn encrypted_under(model: &Model) -> HashMap<&str, Vec<(String, Site)>> {
    let mut under: HashMap<&str, Vec<(String, Site)>> = HashMap::new();
    let mut add = |reference: Option<&Located<String>>, label: String| {
        if let Some(reference) = reference {
            if let Some(key) = model.key(&reference.value) {
                under.entry(key.id.value.as_str()).or_default().push((label, reference.site));
            }
        }
    };
    for v in &model.volumes {
        add(v.kms_key.as_ref(), format!("volume `{}`", v.id.value));
    }
    for s in &model.ebs_snapshots {
        add(s.kms_key.as_ref(), format!("EBS snapshot `{}`", s.id.value));
    }
    for db in &model.db_instances {
        add(db.kms_key.as_ref(), format!("DB instance `{}`", db.id.value));
    }
    for c in &model.db_clusters {
        add(c.kms_key.as_ref(), format!("DB cluster `{}`", c.id.value));
    }
    for s in &model.db_snapshots {
        add(s.kms_key.as_ref(), format!("DB snapshot `{}`", s.id.value));
    }
    for e in &model.bucket_encryption {
        for rule in e.rules.iter().flatten() {
            add(rule.kms_key.as_ref(), format!("bucket `{}` (default encryption)", e.bucket));
        }
    }
    under
}

/// The aliases of each key, by key id, in the order listed.
pub(crate) fn aliases_by_key(model: &Model) -> HashMap<&str, Vec<&str>> {
    let mut index: HashMap<&str, Vec<&str>> = HashMap::new();
    for alias in &model.aliases {
        if let Some(key) = alias.target.as_deref().and_then(|t| model.key(t)) {
            index.entry(key.id.value.as_str()).or_default().push(alias.name.value.as_str());
        }
    }
    index
}

/// " (`alias/a`)" for a key with aliases, else nothing.
pub(crate) fn alias_note(aliases: &HashMap<&str, Vec<&str>>, key: &str) -> String {
    match aliases.get(key) {
        Some(names) if !names.is_empty() => {
            let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!(" ({})", shown.join(", "))
        }
        _ => String::new(),
    }
}
