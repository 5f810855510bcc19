//! `aws ssm describe-maintenance-window-targets`. Each target names its window; an output that
//! does not takes it from the bundle's `--window-id` (or an `mw-….json` file name).

use super::{id, list, optional_list, optional_string, site, string, strings, Fault};
use crate::json::Value;
use crate::model::{Located, Model, Target, WindowTarget};

pub(super) fn read(doc: u32, value: &Value, window: Option<&str>, model: &mut Model) -> Result<(), Fault> {
    if let Some(window) = window {
        model.window_target_lists.insert(window.to_string());
    }
    for item in list(value, "Targets")? {
        let read = WindowTarget {
            id: id(doc, item, "WindowTargetId")?,
            window: optional_string(item, "WindowId")?.or(window).map(String::from),
            resource_type: optional_string(item, "ResourceType")?.map(String::from),
            targets: targets(doc, item)?,
        };
        if let Some(window) = &read.window {
            model.window_target_lists.insert(window.clone());
        }
        model.window_targets.insert(&read.id.value.clone(), read);
    }
    Ok(())
}

/// An entry's `Targets[]`: `{Key, Values}`, each located at its object.
pub(super) fn targets(doc: u32, item: &Value) -> Result<Vec<Located<Target>>, Fault> {
    let mut out = Vec::new();
    for target in optional_list(item, "Targets")? {
        let key = string(target, "Key")?.to_string();
        out.push(Located { value: Target { key, values: strings(target, "Values")? }, site: site(doc, target) });
    }
    Ok(out)
}
