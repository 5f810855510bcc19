//! `aws rds describe-db-snapshots`.

use super::{arn_account, id, list, located_string, optional_bool, optional_string, Fault};
use crate::json::Value;
use crate::model::{DbSnapshot, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for snapshot in list(value, "DBSnapshots")? {
        let read = DbSnapshot {
            id: id(doc, snapshot, "DBSnapshotIdentifier")?,
            encrypted: optional_bool(doc, snapshot, "Encrypted")?,
            kms_key: located_string(doc, snapshot, "KmsKeyId")?,
        };
        if model.meta.account.is_none() {
            model.meta.account = optional_string(snapshot, "DBSnapshotArn")?.and_then(arn_account);
        }
        model.db_snapshots.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
