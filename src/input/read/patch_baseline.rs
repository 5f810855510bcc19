//! `aws ssm get-patch-baseline`: one baseline with its approval rules.

use super::{
    id, located_date, located_integer, located_string, optional_list, optional_string, shape, site, string, strings,
    Fault,
};
use crate::json::Value;
use crate::model::{Located, Model, PatchBaseline, PatchRule};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    let mut rules = Vec::new();
    if let Some(approval) = value.get("ApprovalRules").filter(|v| !matches!(v.kind, crate::json::Kind::Null)) {
        if approval.as_object().is_none() {
            return Err(shape(approval, "`ApprovalRules` should be an object"));
        }
        for rule in optional_list(approval, "PatchRules")? {
            let mut filters = Vec::new();
            if let Some(group) = rule.get("PatchFilterGroup") {
                for filter in optional_list(group, "PatchFilters")? {
                    let key = string(filter, "Key")?.to_string();
                    filters.push(Located { value: (key, strings(filter, "Values")?), site: site(doc, filter) });
                }
            }
            rules.push(PatchRule {
                site: site(doc, rule),
                filters,
                approve_after_days: located_integer(doc, rule, "ApproveAfterDays")?,
                approve_until_date: located_date(doc, rule, "ApproveUntilDate")?,
                compliance_level: located_string(doc, rule, "ComplianceLevel")?,
            });
        }
    }
    let read = PatchBaseline {
        id: id(doc, value, "BaselineId")?,
        name: optional_string(value, "Name")?.map(String::from),
        operating_system: located_string(doc, value, "OperatingSystem")?,
        default: None,
        rules: Some(rules),
    };
    let key = read.id.value.clone();
    if !model.patch_baselines.insert(&key, read.clone()) {
        // The list gave the identity first: the rules are what it lacked.
        if let Some(kept) = model.patch_baselines.get_mut(&key) {
            if kept.rules.is_none() {
                kept.rules = read.rules;
            }
            kept.operating_system = kept.operating_system.take().or(read.operating_system);
            kept.name = kept.name.take().or(read.name);
        }
    }
    Ok(())
}
