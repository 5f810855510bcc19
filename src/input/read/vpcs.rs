//! `aws ec2 describe-vpcs`.

use super::{id, list, optional_bool, optional_string, Fault};
use crate::json::Value;
use crate::model::{Model, Vpc};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for vpc in list(value, "Vpcs")? {
        let read = Vpc {
            id: id(doc, vpc, "VpcId")?,
            is_default: optional_bool(doc, vpc, "IsDefault")?.is_some_and(|d| d.value),
        };
        if model.meta.account.is_none() {
            model.meta.account = optional_string(vpc, "OwnerId")?.filter(|a| !a.is_empty()).map(String::from);
        }
        model.vpcs.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
