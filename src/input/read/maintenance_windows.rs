//! `aws ssm describe-maintenance-windows`.

use super::{id, list, located_date, located_integer, located_string, optional_bool, optional_string, Fault};
use crate::json::Value;
use crate::model::{MaintenanceWindow, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for item in list(value, "WindowIdentities")? {
        let read = MaintenanceWindow {
            id: id(doc, item, "WindowId")?,
            name: optional_string(item, "Name")?.map(String::from),
            enabled: optional_bool(doc, item, "Enabled")?,
            schedule: located_string(doc, item, "Schedule")?,
            schedule_timezone: located_string(doc, item, "ScheduleTimezone")?,
            schedule_offset: located_integer(doc, item, "ScheduleOffset")?,
            duration: located_integer(doc, item, "Duration")?,
            cutoff: located_integer(doc, item, "Cutoff")?,
            next_execution_time: located_date(doc, item, "NextExecutionTime")?,
            start_date: located_date(doc, item, "StartDate")?,
        };
        model.maintenance_windows.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
