//! `aws rds describe-db-clusters`.

use super::{arn_account, id, list, located_string, optional_bool, optional_string, Fault};
use crate::json::Value;
use crate::model::{DbCluster, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for cluster in list(value, "DBClusters")? {
        let read = DbCluster {
            id: id(doc, cluster, "DBClusterIdentifier")?,
            engine: optional_string(cluster, "Engine")?.unwrap_or("").to_string(),
            storage_encrypted: optional_bool(doc, cluster, "StorageEncrypted")?,
            kms_key: located_string(doc, cluster, "KmsKeyId")?,
            auto_minor_version_upgrade: optional_bool(doc, cluster, "AutoMinorVersionUpgrade")?,
        };
        if model.meta.account.is_none() {
            model.meta.account = optional_string(cluster, "DBClusterArn")?.and_then(arn_account);
        }
        model.db_clusters.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
