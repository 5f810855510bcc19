//! `aws ec2 describe-snapshot-attribute --attribute createVolumePermission`: who may create a
//! volume from one snapshot, kept by snapshot id.

use super::{id, optional_list, site, Fault};
use crate::json::Value;
use crate::model::{Located, Model, SnapshotPermissions};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let mut read =
        SnapshotPermissions { snapshot: id(doc, value, "SnapshotId")?, groups: Vec::new(), users: Vec::new() };
    for entry in optional_list(value, "CreateVolumePermissions")? {
        for (key, into) in [("Group", &mut read.groups), ("UserId", &mut read.users)] {
            if let Some(text) = super::optional_string(entry, key)? {
                into.push(Located { value: text.to_string(), site: site(doc, entry) });
            }
        }
    }
    model.snapshot_permissions.insert(&read.snapshot.value.clone(), read);
    Ok(())
}
