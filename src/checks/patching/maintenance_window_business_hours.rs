use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::schedule::Schedule;
use crate::model::Model;

use super::{local, q, window_schedule, BusinessHours};

declare_check! {
    /// Maintenance window runs in business hours.
    ///
    /// ## What it checks
    /// Every enabled window of `aws ssm describe-maintenance-windows`: its starts over the
    /// year from now, in its `ScheduleTimezone` (UTC when absent) with daylight-saving changes
    /// and its `ScheduleOffset`, each running for its `Duration` hours (new tasks start until
    /// `Cutoff` hours before the end; those running go on to it). It is flagged when a start
    /// falls inside business hours or a run reaches into them: Monday to Friday from 08:00 up
    /// to but not including 18:00 in the window's zone by default (configurable:
    /// `business-hours`). A `rate(…)` schedule is placed in time by its `StartDate` or
    /// `NextExecutionTime`; without either it is flagged only when its period is no longer
    /// than the business day, so that some run must fall in it whatever its start. An `at(…)`
    /// is given in UTC. A schedule that cannot be parsed is left to
    /// `maintenance-window-infrequent`, which reports it. At most 52,704 starts of a window are
    /// judged (one every ten minutes for a year); a window that starts more often and meets
    /// business hours in none of them is noted on its input instead.
    ///
    /// ## Why it matters
    /// Patch installs restart services and reboot instances: in business hours they hit the
    /// users and operations a maintenance window exists to spare, and teams then disable the
    /// window rather than move it.
    ///
    /// ## How to fix
    /// Move the window out of business hours, in the zone of the people it serves:
    /// ```sh
    /// aws ssm update-maintenance-window --window-id mw-0123456789abcdef0 --schedule "cron(0 2 ? * SUN *)" --schedule-timezone Europe/Berlin --duration 3 --cutoff 1
    /// ```
    pub static MAINTENANCE_WINDOW_BUSINESS_HOURS = {
        id: "maintenance-window-business-hours",
        severity: Low,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.describe-maintenance-windows"], run: check },
    }
}

/// The most starts of one window judged: a year of a start every 10 minutes. (A schedule
/// that starts more often and never meets business hours is rare; it is noted, not judged.)
const MAX_STARTS: usize = 52_704;

/// Whether `[start, end)` (or the instant `start` when they are equal) meets business hours
/// in `zone`: each local day the run touches is tried, so at most three for a 24-hour run.
pub(crate) fn meets(start: Timestamp, end: Timestamp, zone: &TimeZone, hours: &BusinessHours) -> bool {
    let (open, close) = hours.minutes();
    let mut date = zone.to_datetime(start).date();
    let last = zone.to_datetime(end).date();
    for _ in 0..4 {
        if hours.is_business_day(date.weekday()) {
            let at = |minute: i64| {
                let (day, minute) = if minute >= 1440 { (date.tomorrow().ok()?, 0) } else { (date, minute) };
                let (h, m) = (i8::try_from(minute / 60).ok()?, i8::try_from(minute % 60).ok()?);
                zone.to_ambiguous_timestamp(day.at(h, m, 0, 0)).compatible().ok()
            };
            if let (Some(b0), Some(b1)) = (at(open), at(close)) {
                let hit = if start == end { start >= b0 && start < b1 } else { start < b1 && end > b0 };
                if hit {
                    return true;
                }
            }
        }
        if date >= last {
            break;
        }
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    false
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    let hours = &thresholds.business_hours;
    let (open, close) = hours.minutes();
    for window in &model.maintenance_windows {
        if window.enabled.as_ref().is_some_and(|e| !e.value) {
            continue;
        }
        let (Some(text), Some(parsed)) = (&window.schedule, window_schedule(model, window)) else { continue };
        let id = window.id.value.as_str();
        let expr = q(&text.value);
        let Ok(schedule) = &parsed.schedule else { continue };
        let zone = match &parsed.zone {
            Ok(zone) => zone.clone(),
            Err(why) => {
                sink.note_at(
                    &MAINTENANCE_WINDOW_BUSINESS_HOURS,
                    text.site,
                    format!("`{id}` cannot be placed in time: {why}"),
                );
                continue;
            }
        };
        let duration = window.duration.as_ref().map_or(0, |d| d.value.clamp(0, 24));
        if let (Schedule::Rate(minutes), None) = (schedule, parsed.anchor) {
            if *minutes <= close - open {
                let message = format!(
                    "`{id}` runs every {minutes} minutes ({expr}) with no start date: whatever its start, some run falls in business hours"
                );
                sink.report(&MAINTENANCE_WINDOW_BUSINESS_HOURS, id, text.site, message);
            }
            continue;
        }
        let Some(from) = parsed.from else {
            let why = format!("no time to count from: the snapshot has no capture time and `{id}` no next execution");
            sink.note_at(&MAINTENANCE_WINDOW_BUSINESS_HOURS, text.site, why);
            continue;
        };
        let Ok(until) = Timestamp::from_second(from.as_second().saturating_add(366 * 86_400)) else { continue };
        let mut hit = None;
        let mut tried = 0;
        schedule.starts(&zone, parsed.offset_days, parsed.anchor, from, until, |start| {
            tried += 1;
            let end = Timestamp::from_second(start.as_second() + duration * 3600).unwrap_or(start);
            if meets(start, end, &zone, hours) {
                hit = Some(start);
                return false;
            }
            tried < MAX_STARTS
        });
        if hit.is_none() && tried >= MAX_STARTS {
            let why =
                format!("`{id}` starts more than {MAX_STARTS} times a year: only the first {MAX_STARTS} were checked");
            sink.note_at(&MAINTENANCE_WINDOW_BUSINESS_HOURS, text.site, why);
        }
        let Some(start) = hit else { continue };
        let cutoff = window.cutoff.as_ref().map_or(0, |c| c.value);
        let how = if meets(start, start, &zone, hours) { "starts inside" } else { "runs into" };
        let message = format!(
            "`{id}` ({expr}) {how} business hours ({} {}–{}): a run from {} for `{duration}` h (cutoff `{cutoff}` h)",
            hours.days.join(","),
            hours.start,
            hours.end,
            q(&local(start, &zone, &parsed.zone_name)),
        );
        sink.report(&MAINTENANCE_WINDOW_BUSINESS_HOURS, id, text.site, message);
    }
}
