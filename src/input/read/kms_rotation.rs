//! `aws kms get-key-rotation-status`: the key is the output's `KeyId` (newer CLIs print it),
//! else the command line's `--key-id`, else the file's name.

use super::{optional_bool, optional_string, shape, site, Fault, Origin};
use crate::json::Value;
use crate::model::{Model, Rotation};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model, context: &mut Origin) -> Result<(), Fault> {
    let enabled = optional_bool(doc, value, "KeyRotationEnabled")?
        .ok_or_else(|| shape(value, "`KeyRotationEnabled` should be `true` or `false`"))?;
    let key = optional_string(value, "KeyId")?.map(String::from).or_else(|| context.name("--key-id"));
    let Some(key) = key else {
        let remark = "which key? this output does not name its key, so its rotation status is not reviewed: give \
                      the file the key's id (`1234abcd-….json`) or collect it with the snapshot script";
        context.remarks.push((remark.to_string(), site(doc, value)));
        return Ok(());
    };
    model.key_rotations.insert(&key.clone(), Rotation { key, enabled });
    Ok(())
}
