//! `aws ec2 describe-snapshots`.

use super::{id, list, located_string, optional_bool, optional_string, Fault};
use crate::json::Value;
use crate::model::{EbsSnapshot, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for snapshot in list(value, "Snapshots")? {
        let owner = optional_string(snapshot, "OwnerId")?.filter(|o| !o.is_empty()).map(String::from);
        let read = EbsSnapshot {
            id: id(doc, snapshot, "SnapshotId")?,
            encrypted: optional_bool(doc, snapshot, "Encrypted")?,
            kms_key: located_string(doc, snapshot, "KmsKeyId")?,
            volume: optional_string(snapshot, "VolumeId")?.map(String::from),
            owner,
        };
        if model.meta.account.is_none() {
            model.meta.account.clone_from(&read.owner);
        }
        model.ebs_snapshots.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
