//! What the page's snapshot view shows about patching: per instance, whether Systems Manager
//! manages it, its agent, the schedule that installs patches on it and its last patch
//! operation; per maintenance window, when it runs in the week from now, for the calendar.

use std::collections::BTreeSet;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;

use super::coverage::{Coverage, Verdict};
use super::maintenance_window_business_hours::meets;
use super::{now, window_schedule, BusinessHours};
use crate::model::schedule::{utc_text, Schedule};
use crate::model::Model;

/// The most runs a window shows in the week (a `rate(5 minutes)` has 2,016).
const RUNS_SHOWN: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PatchingView {
    pub instances: Vec<InstanceRow>,
    pub windows: Vec<WindowWeek>,
    /// Business hours: days (0 = Monday) and minutes from midnight, `[start, end)`.
    pub business_days: Vec<u8>,
    pub business_start: i64,
    pub business_end: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstanceRow {
    pub id: String,
    /// Listed by `describe-instance-information`; `None` when that output was not given.
    pub managed: Option<bool>,
    /// `PingStatus`, and the agent version when it is not the latest.
    pub agent: Option<String>,
    /// What installs patches on it, or why nothing does (when the schedules were given).
    pub schedule: Option<String>,
    /// The last patch operation, when it ended, and its counts.
    pub operation: Option<String>,
    pub ended: Option<String>,
    pub missing: Option<i64>,
    pub failed: Option<i64>,
    pub pending_reboot: Option<i64>,
    pub critical: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WindowWeek {
    pub id: String,
    pub name: Option<String>,
    pub enabled: bool,
    pub schedule: String,
    pub zone: String,
    pub duration: i64,
    pub cutoff: i64,
    /// Why the week cannot be drawn (a schedule that cannot be parsed, a rate without start).
    pub problem: Option<String>,
    pub runs: Vec<Run>,
    /// Runs in the week beyond those listed.
    pub more: usize,
}

/// A start, as day of week (0 = Monday) and minute of day, in UTC and in the window's zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    pub start: String,
    pub utc: (u8, i64),
    pub local: (u8, i64),
    /// The run starts in or reaches into business hours (in the window's zone).
    pub clash: bool,
}

fn place(at: Timestamp, zone: &TimeZone) -> (u8, i64) {
    let dt = zone.to_datetime(at);
    let day = u8::try_from(dt.weekday().to_monday_zero_offset()).unwrap_or(0);
    (day, i64::from(dt.hour()) * 60 + i64::from(dt.minute()))
}

/// The patching view of `model`.
pub fn of(model: &Model, hours: &BusinessHours) -> PatchingView {
    let windows = windows(model, hours);
    let (business_start, business_end) = hours.minutes();
    let business_days = jiff::civil::Weekday::Monday
        .cycle_forward()
        .take(7)
        .filter(|d| hours.is_business_day(*d))
        .filter_map(|d| u8::try_from(d.to_monday_zero_offset()).ok())
        .collect();
    PatchingView { instances: instances(model), windows, business_days, business_start, business_end }
}

fn instances(model: &Model) -> Vec<InstanceRow> {
    let has_information = model.has("ssm.describe-instance-information");
    let has_schedules = model.has("ssm.describe-maintenance-windows") || model.has("ssm.list-associations");
    let coverage = has_schedules.then(|| Coverage::of(model));
    let mut seen = BTreeSet::new();
    let ids = model
        .instances
        .iter()
        .map(|i| i.id.value.as_str())
        .chain(model.managed_instances.iter().map(|m| m.id.value.as_str()))
        .chain(model.patch_states.iter().map(|p| p.instance.value.as_str()));
    let mut rows = Vec::new();
    for id in ids {
        if !seen.insert(id) {
            continue;
        }
        let managed = model.managed_instances.get(id);
        let agent = managed.and_then(|m| {
            let ping = m.ping_status.as_ref().map(|p| p.value.clone())?;
            let outdated = m.is_latest_version.as_ref().is_some_and(|l| !l.value);
            Some(match (&m.agent_version, outdated) {
                (Some(v), true) => format!("{ping}, agent {} (not the latest)", v.value),
                _ => ping,
            })
        });
        let schedule = coverage.as_ref().map(|c| match c.verdict(id) {
            Verdict::Installed(by) => format!("installed by {by}"),
            Verdict::Undecided(by) => format!("{by}, operation not shown"),
            Verdict::Uncovered(_) => "no schedule installs patches".to_string(),
        });
        let state = model.patch_states.get(id);
        let count = |c: Option<&crate::model::Located<i64>>| c.map(|c| c.value);
        rows.push(InstanceRow {
            id: id.to_string(),
            managed: has_information.then_some(managed.is_some()),
            agent,
            schedule: schedule.map(|s| s.replace('`', "")),
            operation: state.and_then(|s| s.operation.as_ref()).map(|o| o.value.clone()),
            ended: state.and_then(|s| s.operation_end_time.as_ref()).map(|e| e.value.clone()),
            missing: count(state.and_then(|s| s.missing.as_ref())),
            failed: count(state.and_then(|s| s.failed.as_ref())),
            pending_reboot: count(state.and_then(|s| s.installed_pending_reboot.as_ref())),
            critical: count(state.and_then(|s| s.critical_non_compliant.as_ref())),
        });
    }
    rows
}

fn windows(model: &Model, hours: &BusinessHours) -> Vec<WindowWeek> {
    let mut out = Vec::new();
    for window in &model.maintenance_windows {
        let Some(parsed) = window_schedule(model, window) else { continue };
        let mut week = WindowWeek {
            id: window.id.value.clone(),
            name: window.name.clone(),
            enabled: window.enabled.as_ref().is_none_or(|e| e.value),
            schedule: window.schedule.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
            zone: parsed.zone_name.clone(),
            duration: window.duration.as_ref().map_or(0, |d| d.value.clamp(0, 24)),
            cutoff: window.cutoff.as_ref().map_or(0, |c| c.value),
            problem: None,
            runs: Vec::new(),
            more: 0,
        };
        let zone = match (&parsed.schedule, &parsed.zone) {
            (Err(why), _) => {
                week.problem = Some(format!("the schedule cannot be parsed: {why}"));
                out.push(week);
                continue;
            }
            (_, Err(why)) => {
                week.problem = Some(why.replace('`', ""));
                out.push(week);
                continue;
            }
            (Ok(Schedule::Rate(_)), Ok(_)) if parsed.anchor.is_none() => {
                week.problem = Some("a rate with no start date: its runs cannot be placed".into());
                out.push(week);
                continue;
            }
            (Ok(_), Ok(zone)) => zone.clone(),
        };
        let (Ok(schedule), Some(from)) = (&parsed.schedule, now(model).or(parsed.from)) else {
            week.problem = Some("no time to start the week from".into());
            out.push(week);
            continue;
        };
        let Ok(until) = Timestamp::from_second(from.as_second() + 7 * 86_400) else { continue };
        schedule.starts(&zone, parsed.offset_days, parsed.anchor, from, until, |at| {
            if week.runs.len() < RUNS_SHOWN {
                let end = Timestamp::from_second(at.as_second() + week.duration * 3600).unwrap_or(at);
                let clash = week.enabled && meets(at, end, &zone, hours);
                week.runs.push(Run {
                    start: utc_text(at),
                    utc: place(at, &TimeZone::UTC),
                    local: place(at, &zone),
                    clash,
                });
            } else {
                week.more += 1;
            }
            true
        });
        out.push(week);
    }
    out
}
