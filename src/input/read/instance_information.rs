//! `aws ssm describe-instance-information`.

use super::{id, list, located_date, located_string, optional_bool, Fault};
use crate::json::Value;
use crate::model::{ManagedInstance, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for item in list(value, "InstanceInformationList")? {
        let read = ManagedInstance {
            id: id(doc, item, "InstanceId")?,
            ping_status: located_string(doc, item, "PingStatus")?,
            is_latest_version: optional_bool(doc, item, "IsLatestVersion")?,
            agent_version: located_string(doc, item, "AgentVersion")?,
            platform_type: located_string(doc, item, "PlatformType")?,
            last_ping: located_date(doc, item, "LastPingDateTime")?,
        };
        model.managed_instances.insert(&read.id.value.clone(), read);
    }
    Ok(())
}
