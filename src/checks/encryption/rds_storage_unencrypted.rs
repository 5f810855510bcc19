use std::collections::HashMap;

use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::Model;

declare_check! {
    /// Database storage is not encrypted.
    ///
    /// ## What it checks
    /// Every DB instance (`aws rds describe-db-instances`) and DB cluster
    /// (`aws rds describe-db-clusters`) whose `StorageEncrypted` is `false`. An Aurora
    /// instance follows its cluster: when the cluster is in the snapshot the finding is on
    /// the cluster, naming its instances, and not repeated on each instance. The check runs
    /// on whichever of the two outputs is given.
    ///
    /// ## Why it matters
    /// Unencrypted storage leaves the data, its automated backups, read replicas and
    /// snapshots in the clear, with no KMS key whose policy and CloudTrail log stand
    /// between the data and whoever reaches the storage or a copy of it. AWS Security Hub
    /// control RDS.3 fails. Encryption cannot be turned on in place.
    ///
    /// ## How to fix
    /// Snapshot the database, copy the snapshot with a KMS key, and restore from the copy:
    /// ```sh
    /// aws rds copy-db-snapshot --source-db-snapshot-identifier orders-final --target-db-snapshot-identifier orders-final-enc --kms-key-id alias/rds
    /// aws rds restore-db-instance-from-db-snapshot --db-instance-identifier orders-enc --db-snapshot-identifier orders-final-enc
    /// ```
    pub static RDS_STORAGE_UNENCRYPTED = {
        id: "rds-storage-unencrypted",
        severity: Medium,
        area: Encryption,
        controls: ["FSBP RDS.3"],
        run: Runner::Snapshot { needs: &["rds.describe-db-instances|rds.describe-db-clusters"], run: check },
    }
}

fn check(model: &Model, _: &Thresholds, sink: &mut Sink) {
    let mut members: HashMap<&str, Vec<&str>> = HashMap::new();
    for db in &model.db_instances {
        if let Some(cluster) = db.cluster.as_deref() {
            members.entry(cluster).or_default().push(db.id.value.as_str());
        }
    }
    for cluster in &model.db_clusters {
        let Some(flag) = cluster.storage_encrypted.as_ref().filter(|f| !f.value) else { continue };
        let id = cluster.id.value.as_str();
        let instances = match members.get(id) {
            Some(list) if !list.is_empty() => {
                let shown: Vec<String> = list.iter().map(|i| format!("`{i}`")).collect();
                format!(" (instances {})", crate::checks::iam::common::listed(&shown))
            }
            _ => String::new(),
        };
        let engine = if cluster.engine.is_empty() { String::new() } else { format!(" ({})", cluster.engine) };
        let message = format!("cluster `{id}`{engine} has unencrypted storage{instances}");
        sink.report(&RDS_STORAGE_UNENCRYPTED, id, flag.site, message);
    }
    for db in &model.db_instances {
        // An instance of a cluster in the snapshot follows the cluster's finding.
        if db.cluster.as_deref().is_some_and(|c| model.db_clusters.get(c).is_some()) {
            continue;
        }
        let Some(flag) = db.storage_encrypted.as_ref().filter(|f| !f.value) else { continue };
        let engine = if db.engine.is_empty() { String::new() } else { format!(" ({})", db.engine) };
        let message = format!("`{}`{engine} has unencrypted storage", db.id.value);
        sink.report(&RDS_STORAGE_UNENCRYPTED, db.id.value.clone(), flag.site, message);
    }
}
