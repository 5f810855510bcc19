//! `aws ssm list-associations`.

use super::window_targets::targets;
use super::{id, list, located_date, located_integer, located_string, optional_string, shape, site, Fault};
use crate::json::Value;
use crate::model::{Association, Located, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for item in list(value, "Associations")? {
        let status = match item.get("Overview") {
            Some(overview) => located_string(doc, overview, "Status")?,
            None => None,
        };
        let read = Association {
            id: id(doc, item, "AssociationId")?,
            document: located_string(doc, item, "Name")?,
            targets: targets(doc, item)?,
            schedule: located_string(doc, item, "ScheduleExpression")?,
            last_execution: located_date(doc, item, "LastExecutionDate")?,
            status,
            name: optional_string(item, "AssociationName")?.map(String::from),
            instance: optional_string(item, "InstanceId")?.map(String::from),
            schedule_offset: located_integer(doc, item, "ScheduleOffset")?,
            operation: operation(doc, item)?,
        };
        model.associations.insert(&read.id.value.clone(), read);
    }
    Ok(())
}

/// `Parameters.Operation`: a list of one string (or a bare string).
fn operation(doc: u32, item: &Value) -> Result<Option<Located<String>>, Fault> {
    let Some(found) = item.at(&["Parameters", "Operation"]) else { return Ok(None) };
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
