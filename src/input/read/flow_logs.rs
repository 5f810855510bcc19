//! `aws ec2 describe-flow-logs`.

use super::{id, list, optional_string, Fault};
use crate::json::Value;
use crate::model::{FlowLog, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for log in list(value, "FlowLogs")? {
        let read = FlowLog {
            id: id(doc, log, "FlowLogId")?,
            resource: optional_string(log, "ResourceId")?.unwrap_or("").to_string(),
            active: optional_string(log, "FlowLogStatus")?.is_none_or(|s| s.eq_ignore_ascii_case("ACTIVE")),
        };
        model.flow_logs.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
