//! `aws ssm describe-maintenance-window-tasks`. Each task names its window; an output that
//! does not takes it from the bundle's `--window-id`.

use super::window_targets::targets;
use super::{id, list, located_string, optional_string, shape, site, Fault};
use crate::json::Value;
use crate::model::{Located, Model, WindowTask};

pub(super) fn read(doc: u32, value: &Value, window: Option<&str>, model: &mut Model) -> Result<(), Fault> {
    if let Some(window) = window {
        model.window_task_lists.insert(window.to_string());
    }
    for item in list(value, "Tasks")? {
        let read = WindowTask {
            id: id(doc, item, "WindowTaskId")?,
            window: optional_string(item, "WindowId")?.or(window).map(String::from),
            task_arn: located_string(doc, item, "TaskArn")?,
            kind: located_string(doc, item, "Type")?,
            targets: targets(doc, item)?,
            operation: operation(doc, item)?,
        };
        if let Some(window) = &read.window {
            model.window_task_lists.insert(window.clone());
        }
        model.window_tasks.insert(&read.id.value.clone(), read);
    }
    Ok(())
}

/// The `Operation` parameter: `TaskInvocationParameters.RunCommand.Parameters.Operation[0]`,
/// else `TaskParameters.Operation.Values[0]`.
fn operation(doc: u32, item: &Value) -> Result<Option<Located<String>>, Fault> {
    let found = item
        .at(&["TaskInvocationParameters", "RunCommand", "Parameters", "Operation"])
        .or_else(|| item.at(&["TaskParameters", "Operation", "Values"]));
    let Some(found) = found else { return Ok(None) };
    let first = match found.as_array() {
        Some(values) => values.first(),
        None => Some(found),
    };
    match first {
        None => Ok(None),
        Some(v) => match v.as_str() {
            Some(text) => Ok(Some(Located { value: text.to_string(), site: site(doc, v) })),
            None => Err(shape(v, "the `Operation` parameter should be a string")),
        },
    }
}
