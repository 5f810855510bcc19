//! `aws ssm list-associations`.

use super::window_targets::targets;
use super::{id, list, located_date, located_string, Fault};
use crate::json::Value;
use crate::model::{Association, Model};

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
        };
        model.associations.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
