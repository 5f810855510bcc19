//! `aws ssm describe-instance-patch-states` (and `…-for-patch-group`, the same shape).

use super::{id, list, located_date, located_integer, located_string, Fault};
use crate::json::Value;
use crate::model::{Model, PatchState};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model) -> Result<(), Fault> {
    for item in list(value, "InstancePatchStates")? {
        let read = PatchState {
            instance: id(doc, item, "InstanceId")?,
            baseline: located_string(doc, item, "BaselineId")?,
            operation: located_string(doc, item, "Operation")?,
            operation_end_time: located_date(doc, item, "OperationEndTime")?,
            patch_group: located_string(doc, item, "PatchGroup")?,
            missing: located_integer(doc, item, "MissingCount")?,
            failed: located_integer(doc, item, "FailedCount")?,
            installed_pending_reboot: located_integer(doc, item, "InstalledPendingRebootCount")?,
            critical_non_compliant: located_integer(doc, item, "CriticalNonCompliantCount")?,
            security_non_compliant: located_integer(doc, item, "SecurityNonCompliantCount")?,
        };
        model.patch_states.insert(&read.instance.value.clone(), read);
    }
    Ok(())
}
