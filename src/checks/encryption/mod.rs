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
pub mod listed;
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

/// A resource the snapshot holds encrypted under a KMS key.
pub struct Protected {
    /// `volume`, `EBS snapshot`, `DB instance`, `DB cluster`, `DB snapshot`, `bucket`.
    pub kind: &'static str,
    pub id: String,
    /// Where the resource names the key.
    pub site: Site,
}

impl Protected {
    /// "volume `vol-1`", "bucket `logs` (default encryption)".
    pub fn label(&self) -> String {
        let note = if self.kind == "bucket" { " (default encryption)" } else { "" };
        format!("{} `{}`{note}", self.kind, self.id)
    }
}

/// What the snapshot holds encrypted under each KMS key, by key id. Built once, in one pass
/// over the resources; a reference by key id, key ARN, alias name or alias ARN resolves
/// through `Model::key`.
pub(crate) fn encrypted_under(model: &Model) -> HashMap<&str, Vec<Protected>> {
    let mut under: HashMap<&str, Vec<Protected>> = HashMap::new();
    let mut add = |reference: Option<&Located<String>>, kind: &'static str, id: &str| {
        if let Some(reference) = reference {
            if let Some(key) = model.key(&reference.value) {
                let protected = Protected { kind, id: id.to_string(), site: reference.site };
                under.entry(key.id.value.as_str()).or_default().push(protected);
            }
        }
    };
    for v in &model.volumes {
        add(v.kms_key.as_ref(), "volume", &v.id.value);
    }
    for s in &model.ebs_snapshots {
        add(s.kms_key.as_ref(), "EBS snapshot", &s.id.value);
    }
    for db in &model.db_instances {
        add(db.kms_key.as_ref(), "DB instance", &db.id.value);
    }
    for c in &model.db_clusters {
        add(c.kms_key.as_ref(), "DB cluster", &c.id.value);
    }
    for s in &model.db_snapshots {
        add(s.kms_key.as_ref(), "DB snapshot", &s.id.value);
    }
    for e in &model.bucket_encryption {
        for rule in e.rules.iter().flatten() {
            add(rule.kms_key.as_ref(), "bucket", &e.bucket);
        }
    }
    under
}

/// Each KMS key of the snapshot with its aliases, state and what is encrypted under it: the
/// page's snapshot view shows what a pending deletion or a public key policy puts at risk.
pub fn key_uses(model: &Model) -> Vec<KeyUse> {
    let under = encrypted_under(model);
    let aliases = aliases_by_key(model);
    model
        .keys
        .iter()
        .map(|key| {
            let id = key.id.value.as_str();
            let text = |f: &Option<Located<String>>| f.as_ref().map(|v| v.value.clone());
            KeyUse {
                id: id.to_string(),
                aliases: aliases.get(id).map(|a| a.iter().map(|s| (*s).to_string()).collect()).unwrap_or_default(),
                state: text(&key.state),
                manager: text(&key.manager),
                protects: under
                    .get(id)
                    .map(|list| list.iter().map(|p| (p.kind, p.id.clone())).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// A KMS key as the snapshot view shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct KeyUse {
    pub id: String,
    pub aliases: Vec<String>,
    /// `KeyState`: `Enabled`, `PendingDeletion`, …
    pub state: Option<String>,
    /// `KeyManager`: `CUSTOMER` or `AWS`.
    pub manager: Option<String>,
    /// What is encrypted under it: (kind, id), e.g. (`volume`, `vol-1`).
    pub protects: Vec<(&'static str, String)>,
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
