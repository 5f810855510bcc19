//! `aws ssm describe-patch-baselines`: the baselines' identities, without their rules.

use super::{id, list, located_string, optional_bool, optional_string, Fault};
use crate::json::Value;
use crate::model::{Model, PatchBaseline};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for item in list(value, "BaselineIdentities")? {
        let read = PatchBaseline {
            id: id(doc, item, "BaselineId")?,
            name: optional_string(item, "BaselineName")?.map(String::from),
            operating_system: located_string(doc, item, "OperatingSystem")?,
            default: optional_bool(doc, item, "DefaultBaseline")?,
            rules: None,
        };
        let key = read.id.value.clone();
        if !model.patch_baselines.insert(&key, read.clone()) {
            if let Some(kept) = model.patch_baselines.get_mut(&key) {
                kept.default = kept.default.take().or(read.default);
                kept.name = kept.name.take().or(read.name);
            }
        }
    }
    Ok(())
}
