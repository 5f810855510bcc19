//! Patching checks: Systems Manager coverage, patch compliance, patch baselines, maintenance
//! windows and their schedules, who patches which instance, and database minor upgrades.

pub mod instance_not_managed;
pub mod maintenance_window_disabled;
pub mod maintenance_window_no_patch_install;
pub mod patch_baseline_compliance_unspecified;
pub mod patch_baseline_slow_approval;
pub mod patch_noncompliant;
pub mod patch_reboot_pending;
pub mod patch_state_stale;
pub mod rds_auto_minor_upgrade_disabled;
pub mod ssm_agent_outdated;
pub mod ssm_agent_unreachable;

use serde::Deserialize;

use crate::model::schedule::instant;
use crate::model::Model;

/// The Run Command documents that install patches when their `Operation` is `Install`.
pub const PATCH_DOCUMENTS: &[&str] = &["AWS-RunPatchBaseline", "AWS-RunPatchBaselineWithHooks"];

/// Whether a task's `TaskArn` or an association's `Name` is one of [`PATCH_DOCUMENTS`]: the
/// name itself, or a document ARN (`arn:aws:ssm:eu-west-1::document/AWS-RunPatchBaseline`).
pub fn is_patch_document(name: &str) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    PATCH_DOCUMENTS.contains(&name)
}

/// "Now" for age-based checks, when the snapshot or the caller gives it.
pub fn now(model: &Model) -> Option<jiff::Timestamp> {
    model.meta.now.as_deref().or(model.meta.captured.as_deref()).and_then(instant)
}

/// When a maintenance window may start and run, for `maintenance-window-business-hours`:
/// days by their English names or three-letter abbreviations (`"Mon"`), hours as `HH:MM`
/// in the window's own time zone, from `start` up to but not including `end`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct BusinessHours {
    pub days: Vec<String>,
    pub start: String,
    pub end: String,
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            days: ["Mon", "Tue", "Wed", "Thu", "Fri"].map(String::from).to_vec(),
            start: "08:00".into(),
            end: "18:00".into(),
        }
    }
}
