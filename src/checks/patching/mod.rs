//! Patching checks: Systems Manager coverage, patch compliance, patch baselines, maintenance
//! windows and their schedules, who patches which instance, and database minor upgrades.

pub mod coverage;
pub mod instance_not_managed;
pub mod maintenance_window_business_hours;
pub mod maintenance_window_disabled;
pub mod maintenance_window_infrequent;
pub mod maintenance_window_no_patch_install;
pub mod no_automatic_patching;
pub mod patch_baseline_compliance_unspecified;
pub mod patch_baseline_slow_approval;
pub mod patch_noncompliant;
pub mod patch_reboot_pending;
pub mod patch_scan_only;
pub mod patch_state_stale;
pub mod rds_auto_minor_upgrade_disabled;
pub mod ssm_agent_outdated;
pub mod ssm_agent_unreachable;
pub mod view;

use serde::Deserialize;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::model::schedule::{instant, Owner, Schedule};
use crate::model::{MaintenanceWindow, Model};

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
#[serde(try_from = "RawHours")]
pub struct BusinessHours {
    pub days: Vec<String>,
    pub start: String,
    pub end: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
struct RawHours {
    days: Vec<String>,
    start: String,
    end: String,
}

impl Default for RawHours {
    fn default() -> Self {
        let BusinessHours { days, start, end } = BusinessHours::default();
        RawHours { days, start, end }
    }
}

impl TryFrom<RawHours> for BusinessHours {
    type Error = String;

    fn try_from(raw: RawHours) -> Result<Self, String> {
        let hours = BusinessHours { days: raw.days, start: raw.start, end: raw.end };
        if let Some(day) = hours.days.iter().find(|d| weekday(d).is_none()) {
            return Err(format!("business hours: `{day}` is not a day (`Mon` … `Sun`)"));
        }
        match (minute_of_day(&hours.start), minute_of_day(&hours.end)) {
            (Some(a), Some(b)) if a < b => Ok(hours),
            _ => Err(format!("business hours: `{}` to `{}` is not a range of `HH:MM` times", hours.start, hours.end)),
        }
    }
}

impl BusinessHours {
    /// Whether `day` is a business day.
    pub fn is_business_day(&self, day: jiff::civil::Weekday) -> bool {
        self.days.iter().any(|d| weekday(d) == Some(day))
    }

    /// The first minute of business and the first minute after it, from midnight.
    pub fn minutes(&self) -> (i64, i64) {
        (minute_of_day(&self.start).unwrap_or(480), minute_of_day(&self.end).unwrap_or(1080))
    }
}

fn weekday(name: &str) -> Option<jiff::civil::Weekday> {
    use jiff::civil::Weekday::{Friday, Monday, Saturday, Sunday, Thursday, Tuesday, Wednesday};
    let days = [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday];
    let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let name = name.to_ascii_lowercase();
    names.iter().zip(days).find(|(full, _)| name.len() >= 3 && full.starts_with(&name)).map(|(_, day)| day)
}

/// `HH:MM` as minutes from midnight (`24:00` is the end of the day).
fn minute_of_day(text: &str) -> Option<i64> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    let minute = h.checked_mul(60)?.checked_add(m)?;
    ((0..60).contains(&m) && (0..=1440).contains(&minute)).then_some(minute)
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

/// `text` quoted for a message: in backticks, with any backtick in it replaced, and cut
/// (at a character boundary) past 120 characters.
pub fn q(text: &str) -> String {
    let mut cut: String = text.chars().take(120).map(|c| if c == '`' { '\'' } else { c }).collect();
    if text.chars().nth(120).is_some() {
        cut.push('…');
    }
    format!("`{cut}`")
}

/// A maintenance window's schedule as the schedule checks read it.
pub struct WindowSchedule {
    pub schedule: Result<Schedule, String>,
    /// `ScheduleTimezone` (UTC when absent), or what is wrong with it.
    pub zone: Result<TimeZone, String>,
    pub zone_name: String,
    pub offset_days: i64,
    /// `StartDate`, else `NextExecutionTime`: where a rate schedule is placed in time.
    pub anchor: Option<Timestamp>,
    /// Where to start counting: now, else the next execution, else the start date.
    pub from: Option<Timestamp>,
}

pub fn window_schedule(model: &Model, window: &MaintenanceWindow) -> Option<WindowSchedule> {
    let text = window.schedule.as_ref()?;
    let zone_name = window.schedule_timezone.as_ref().map_or("UTC", |z| z.value.as_str()).to_string();
    let zone = if window.schedule_timezone.is_none() {
        Ok(TimeZone::UTC)
    } else {
        crate::model::zones::get(&zone_name)
            .ok_or_else(|| format!("{} is not an IANA time zone whose coming offsets follow a rule", q(&zone_name)))
    };
    let at = |v: &Option<crate::model::Located<String>>| v.as_ref().and_then(|v| instant(&v.value));
    let anchor = at(&window.start_date).or_else(|| at(&window.next_execution_time));
    Some(WindowSchedule {
        schedule: Schedule::parse(&text.value, Owner::Window),
        zone,
        zone_name,
        offset_days: window.schedule_offset.as_ref().map_or(0, |o| o.value),
        anchor,
        from: now(model).or_else(|| at(&window.next_execution_time)).or_else(|| at(&window.start_date)),
    })
}

/// A start as the window's zone shows it: `Tue 2026-03-31 02:00 Europe/Berlin`.
pub fn local(at: Timestamp, zone: &TimeZone, zone_name: &str) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let dt = zone.to_datetime(at);
    let day = DAYS.get(usize::try_from(dt.weekday().to_monday_zero_offset()).unwrap_or(0)).unwrap_or(&"");
    format!("{day} {:04}-{:02}-{:02} {:02}:{:02} {zone_name}", dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(json: &str) -> Result<BusinessHours, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn business_hours_are_checked_when_read() {
        assert_eq!(hours("{}").unwrap(), BusinessHours::default());
        let late = hours(r#"{"days": ["monday", "Sat"], "start": "10:30", "end": "24:00"}"#).unwrap();
        assert!(late.is_business_day(jiff::civil::Weekday::Saturday));
        assert!(!late.is_business_day(jiff::civil::Weekday::Friday));
        assert_eq!(late.minutes(), (630, 1440));
        assert!(hours(r#"{"days": ["Someday"]}"#).unwrap_err().contains("not a day"));
        assert!(hours(r#"{"start": "18:00", "end": "08:00"}"#).unwrap_err().contains("not a range"));
        assert!(hours(r#"{"start": "8h"}"#).is_err());
        assert!(hours(r#"{"open": "08:00"}"#).is_err());
    }

    #[test]
    fn quoting_keeps_messages_balanced_and_short() {
        assert_eq!(q("a`b"), "`a'b`");
        let long = "é".repeat(200);
        assert_eq!(q(&long).chars().count(), 123);
    }
}
