use crate::checks::{declare_check, Runner, Sink, Thresholds};
use crate::model::schedule::{longest_gap, utc_text, Schedule};
use crate::model::Model;

use super::{local, q, window_schedule};

declare_check! {
    /// Maintenance window runs less often than every 30 days, or once.
    ///
    /// ## What it checks
    /// Every window of `aws ssm describe-maintenance-windows`: its `Schedule` is parsed as
    /// Systems Manager defines it (`cron(…)` with six fields and an optional leading seconds
    /// field, `?`, `L`, `W`, `#`, ranges, lists, steps and the year; `rate(n minutes|hours|days)`;
    /// `at(…)`), and its starts over the year from now are laid out in its `ScheduleTimezone`
    /// (UTC when absent), daylight-saving changes included, with its `ScheduleOffset`. It is
    /// flagged when two consecutive starts are more than 30 days apart (configurable:
    /// `window-interval-days`), when it does not run at all in that year, when a `rate(…)` is
    /// longer than that, when it is an `at(…)` (it runs once), and when the expression cannot
    /// be parsed (the message says why). A monthly schedule on a fixed day has 31-day gaps
    /// and `TUE#2` ones 35-day gaps: both are flagged with the default.
    ///
    /// ## Why it matters
    /// Patches install only when a window runs. With gaps over a month, a critical fix
    /// published just after a run waits more than a month, past what most patching policies
    /// allow (PCI DSS asks for critical patches within one month of release).
    ///
    /// ## How to fix
    /// Run at least weekly, for example every Sunday at 02:00 in the workload's zone:
    /// ```sh
    /// aws ssm update-maintenance-window --window-id mw-0123456789abcdef0 --schedule "cron(0 2 ? * SUN *)" --schedule-timezone Europe/Berlin
    /// ```
    pub static MAINTENANCE_WINDOW_INFREQUENT = {
        id: "maintenance-window-infrequent",
        severity: Low,
        area: Patching,
        controls: [],
        run: Runner::Snapshot { needs: &["ssm.describe-maintenance-windows"], run: check },
    }
}

fn check(model: &Model, thresholds: &Thresholds, sink: &mut Sink) {
    let limit_days = thresholds.window_interval_days.clamp(1, 3650);
    for window in &model.maintenance_windows {
        let (Some(text), Some(parsed)) = (&window.schedule, window_schedule(model, window)) else { continue };
        let id = window.id.value.as_str();
        let expr = q(&text.value);
        let message = match &parsed.schedule {
            Err(why) => format!("the schedule {expr} of `{id}` cannot be parsed: {why}"),
            Ok(Schedule::At(_)) => format!("`{id}` runs once ({expr}), not on a recurring schedule"),
            Ok(Schedule::Rate(minutes)) if *minutes > limit_days.saturating_mul(1440) => {
                format!("`{id}` runs every {} days ({expr}), less often than every {limit_days} days", minutes / 1440)
            }
            Ok(Schedule::Rate(_)) => continue,
            Ok(schedule @ Schedule::Cron(_)) => {
                let Some(from) = parsed.from else {
                    let why =
                        format!("no time to count from: the snapshot has no capture time and `{id}` no next execution");
                    sink.note_at(&MAINTENANCE_WINDOW_INFREQUENT, text.site, why);
                    continue;
                };
                let zone = parsed.zone.clone().unwrap_or(jiff::tz::TimeZone::UTC);
                let limit = limit_days.saturating_mul(86_400);
                let Some((gap, after)) = longest_gap(schedule, &zone, parsed.offset_days, None, from, limit) else {
                    continue;
                };
                match after {
                    None => format!("`{id}` does not run in the year from {} ({expr})", q(&utc_text(from))),
                    Some(after) => format!(
                        "`{id}` goes {} days without a run after {} ({expr}), more than {limit_days}",
                        gap / 86_400,
                        q(&local(after, &zone, &parsed.zone_name))
                    ),
                }
            }
        };
        sink.report(&MAINTENANCE_WINDOW_INFREQUENT, id, text.site, message);
    }
}
