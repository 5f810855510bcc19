//! Patch management (AWS Systems Manager): managed instances, their patch states, patch
//! baselines, maintenance windows with their tasks and targets, and associations.

use super::Located;

/// A managed instance from `aws ssm describe-instance-information`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedInstance {
    pub id: Located<String>,
    /// `PingStatus`: `Online`, `ConnectionLost`, `Inactive`.
    pub ping_status: Option<Located<String>>,
    pub is_latest_version: Option<Located<bool>>,
    pub agent_version: Option<Located<String>>,
    /// `PlatformType`: `Windows`, `Linux`, `MacOS`.
    pub platform_type: Option<Located<String>>,
    pub last_ping: Option<Located<String>>,
}

/// An instance's patch state from `aws ssm describe-instance-patch-states`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatchState {
    /// `InstanceId`, located at the entry.
    pub instance: Located<String>,
    pub baseline: Option<Located<String>>,
    /// `Operation`: `Scan` or `Install`.
    pub operation: Option<Located<String>>,
    pub operation_end_time: Option<Located<String>>,
    pub patch_group: Option<Located<String>>,
    pub missing: Option<Located<i64>>,
    pub failed: Option<Located<i64>>,
    pub installed_pending_reboot: Option<Located<i64>>,
    pub critical_non_compliant: Option<Located<i64>>,
    pub security_non_compliant: Option<Located<i64>>,
}

/// A patch baseline: from `aws ssm describe-patch-baselines` (identity only) or
/// `aws ssm get-patch-baseline` (with its rules).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatchBaseline {
    pub id: Located<String>,
    pub name: Option<String>,
    pub operating_system: Option<Located<String>>,
    /// `DefaultBaseline` (from the list).
    pub default: Option<Located<bool>>,
    /// `ApprovalRules.PatchRules[]`; `None` when the output does not carry the rules (the list).
    pub rules: Option<Vec<PatchRule>>,
}

/// One rule of a baseline's `ApprovalRules.PatchRules`, located at the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatchRule {
    pub site: super::Site,
    /// `PatchFilterGroup.PatchFilters[]`: key and values, located at the filter.
    pub filters: Vec<Located<(String, Vec<String>)>>,
    pub approve_after_days: Option<Located<i64>>,
    pub approve_until_date: Option<Located<String>>,
    pub compliance_level: Option<Located<String>>,
}

/// A maintenance window from `aws ssm describe-maintenance-windows`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaintenanceWindow {
    pub id: Located<String>,
    pub name: Option<String>,
    pub enabled: Option<Located<bool>>,
    pub schedule: Option<Located<String>>,
    pub schedule_timezone: Option<Located<String>>,
    pub schedule_offset: Option<Located<i64>>,
    pub duration: Option<Located<i64>>,
    pub cutoff: Option<Located<i64>>,
    pub next_execution_time: Option<Located<String>>,
    pub start_date: Option<Located<String>>,
}

/// A `Targets[]` entry: `Key` (`InstanceIds`, `tag:Patch`, `WindowTargetIds`, …) and `Values`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub key: String,
    pub values: Vec<String>,
}

/// A task of a maintenance window, from `aws ssm describe-maintenance-window-tasks`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowTask {
    pub id: Located<String>,
    /// The window: the task's `WindowId`, else the command's `--window-id`.
    pub window: Option<String>,
    /// `TaskArn`: the document (`AWS-RunPatchBaseline`) or function it runs.
    pub task_arn: Option<Located<String>>,
    /// `Type`: `RUN_COMMAND`, `AUTOMATION`, `LAMBDA`, `STEP_FUNCTIONS`.
    pub kind: Option<Located<String>>,
    pub targets: Vec<Located<Target>>,
    /// The `Operation` parameter (`Scan`, `Install`) from `TaskInvocationParameters` or
    /// `TaskParameters`, located at its value.
    pub operation: Option<Located<String>>,
}

/// A target of a maintenance window, from `aws ssm describe-maintenance-window-targets`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowTarget {
    pub id: Located<String>,
    pub window: Option<String>,
    pub resource_type: Option<String>,
    pub targets: Vec<Located<Target>>,
}

/// A State Manager association, from `aws ssm list-associations`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Association {
    pub id: Located<String>,
    /// `Name`: the document it runs.
    pub document: Option<Located<String>>,
    pub targets: Vec<Located<Target>>,
    pub schedule: Option<Located<String>>,
    /// `LastExecutionDate`.
    pub last_execution: Option<Located<String>>,
    /// `Overview.Status`.
    pub status: Option<Located<String>>,
    /// `AssociationName`.
    pub name: Option<String>,
    /// `InstanceId`: the one instance of an association made before targets existed.
    pub instance: Option<String>,
    /// `ScheduleOffset` (days after the cron occurrence).
    pub schedule_offset: Option<Located<i64>>,
    /// The `Operation` parameter (`Parameters.Operation[0]`), when the output carries the
    /// parameters (`list-associations` does not; `describe-association` does).
    pub operation: Option<Located<String>>,
}
