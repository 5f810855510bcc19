//! `aws ec2 describe-volumes`.

use super::{id, ids_in, list, located_string, optional_bool, Fault};
use crate::json::Value;
use crate::model::{Model, Volume};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for volume in list(value, "Volumes")? {
        let read = Volume {
            id: id(doc, volume, "VolumeId")?,
            encrypted: optional_bool(doc, volume, "Encrypted")?,
            kms_key: located_string(doc, volume, "KmsKeyId")?,
            state: located_string(doc, volume, "State")?,
            instances: ids_in(volume, "Attachments", "InstanceId")?,
        };
        model.volumes.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
