//! `aws ec2 get-ebs-encryption-by-default` (one region's setting; the output names none).

use super::{optional_bool, Fault};
use crate::json::Value;
use crate::model::Model;

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let enabled = optional_bool(doc, value, "EbsEncryptionByDefault")?;
    if model.ebs_encryption_by_default.is_none() {
        model.ebs_encryption_by_default = enabled;
    }
    Ok(())
}
