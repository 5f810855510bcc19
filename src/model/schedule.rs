//! Times and schedules as Systems Manager writes them: the instants of its outputs, and the
//! schedule expressions of maintenance windows and associations.

use jiff::Timestamp;

/// An instant as the AWS CLI prints it: RFC 3339 (`2026-11-20T10:00:00.000000+00:00`,
/// `…Z`), a date-time without offset (UTC), or epoch seconds (`1582221233.421`, CLI v1).
/// Read by hand rather than with jiff's parser, which would add its size to the page.
pub fn instant(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Some(t) = rfc3339(text) {
        return Some(t);
    }
    let seconds: f64 = text.parse().ok()?;
    if !seconds.is_finite() || seconds.abs() > 1e11 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Timestamp::from_second(seconds.floor() as i64).ok()
}

/// `yyyy-mm-ddThh:mm:ss`, then optional fraction and offset (`Z`, `±hh:mm`, `±hhmm`).
fn rfc3339(text: &str) -> Option<Timestamp> {
    let (civil, rest) = civil_prefix(text)?;
    let rest = match rest.strip_prefix('.') {
        Some(fraction) => fraction.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    let offset = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let (sign, hm) = match rest.split_at_checked(1)? {
                ("+", hm) => (1, hm),
                ("-", hm) => (-1, hm),
                _ => return None,
            };
            let (h, m) = hm.split_once(':').or_else(|| hm.split_at_checked(2))?;
            sign * (number(h, 0, 23)? * 3600 + number(m, 0, 59)? * 60)
        }
    };
    let utc = jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()?;
    Timestamp::from_second(utc.as_second() - offset).ok()
}

/// A date-time `yyyy-mm-ddThh:mm:ss` (a space may stand for `T`) at the start of `text`, and
/// what follows it.
fn civil_prefix(text: &str) -> Option<(jiff::civil::DateTime, &str)> {
    let head = text.get(..19)?;
    let b = head.as_bytes();
    let at = |i: usize| b.get(i).copied();
    if at(4) != Some(b'-')
        || at(7) != Some(b'-')
        || !matches!(at(10), Some(b'T' | b't' | b' '))
        || at(13) != Some(b':')
        || at(16) != Some(b':')
    {
        return None;
    }
    let field = |from: usize, to: usize, min: i64, max: i64| head.get(from..to).and_then(|t| number(t, min, max));
    let year = i16::try_from(field(0, 4, 1, 9999)?).ok()?;
    let month = i8::try_from(field(5, 7, 1, 12)?).ok()?;
    let day = i8::try_from(field(8, 10, 1, 31)?).ok()?;
    let hour = i8::try_from(field(11, 13, 0, 23)?).ok()?;
    let minute = i8::try_from(field(14, 16, 0, 59)?).ok()?;
    let second = i8::try_from(field(17, 19, 0, 59)?).ok()?;
    let date = jiff::civil::Date::new(year, month, day).ok()?;
    Some((date.at(hour, minute, second, 0), text.get(19..)?))
}

/// Digits only, within `min..=max`.
fn number(text: &str, min: i64, max: i64) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (min..=max).contains(n))
}

/// `2026-11-20T10:00:00Z`, for messages (jiff's own formatter would add its size to the page).
pub fn utc_text(at: Timestamp) -> String {
    let dt = jiff::tz::TimeZone::UTC.to_datetime(at);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// `date` moved by `days` (at most a few hundred), one day at a time: jiff's span arithmetic
/// would add its size to the page for this one use.
pub fn add_days(mut date: jiff::civil::Date, days: i64) -> Option<jiff::civil::Date> {
    for _ in 0..days.unsigned_abs().min(4000) {
        date = if days > 0 { date.tomorrow().ok()? } else { date.yesterday().ok()? };
    }
    Some(date)
}

/// Whole days from `earlier` to `later` (negative when `earlier` is later).
pub fn days_between(earlier: Timestamp, later: Timestamp) -> i64 {
    (later.as_second() - earlier.as_second()).div_euclid(86_400)
}

/// Which service a schedule belongs to: maintenance windows take six cron fields, State
/// Manager associations five (both take an optional leading seconds field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Window,
    Association,
}

/// A schedule expression, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    Cron(Cron),
    /// `rate(n minutes|hours|days)`, in minutes.
    Rate(i64),
    /// `at(yyyy-mm-ddThh:mm:ss)`: once, at that UTC time.
    At(Timestamp),
}

/// The longest expression read: anything longer is not a schedule AWS accepts.
const MAX_LEN: usize = 256;

impl Schedule {
    /// Parses `cron(…)`, `rate(…)` or `at(…)` as Systems Manager defines them. The error says
    /// what is wrong, for a finding's message.
    pub fn parse(text: &str, owner: Owner) -> Result<Schedule, String> {
        let text = text.trim();
        if text.len() > MAX_LEN {
            return Err(format!("it is longer than {MAX_LEN} characters"));
        }
        let (name, body) = text
            .split_once('(')
            .and_then(|(name, rest)| rest.strip_suffix(')').map(|body| (name.trim(), body.trim())))
            .ok_or_else(|| "expected `cron(…)`, `rate(…)` or `at(…)`".to_string())?;
        match name.to_ascii_lowercase().as_str() {
            "cron" => Cron::parse(body, owner).map(Schedule::Cron),
            "rate" => parse_rate(body).map(Schedule::Rate),
            "at" => civil_prefix(body)
                .filter(|(_, rest)| rest.is_empty())
                .and_then(|(dt, _)| jiff::tz::TimeZone::UTC.to_timestamp(dt).ok())
                .map(Schedule::At)
                .ok_or_else(|| format!("`{body}` is not a time of the form `yyyy-mm-ddThh:mm:ss`")),
            _ => Err(format!("`{name}` is not `cron`, `rate` or `at`")),
        }
    }
}

fn parse_rate(body: &str) -> Result<i64, String> {
    let mut words = body.split_whitespace();
    let (Some(n), Some(unit), None) = (words.next(), words.next(), words.next()) else {
        return Err(format!("`{body}` is not `n minutes`, `n hours` or `n days`"));
    };
    let n: i64 = n
        .parse()
        .ok()
        .filter(|n| (1..=1_000_000).contains(n))
        .ok_or_else(|| format!("`{n}` is not a whole number from 1 to 1000000"))?;
    let minutes = match unit.to_ascii_lowercase().as_str() {
        "minute" | "minutes" => 1,
        "hour" | "hours" => 60,
        "day" | "days" => 1440,
        _ => return Err(format!("`{unit}` is not `minutes`, `hours` or `days`")),
    };
    Ok(n * minutes)
}

/// A set of small numbers (0 to 63).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Set(u64);

impl Set {
    pub fn contains(self, n: i64) -> bool {
        (0..64).contains(&n) && self.0 & (1 << n) != 0
    }

    fn insert(&mut self, n: i64) {
        if (0..64).contains(&n) {
            self.0 |= 1 << n;
        }
    }

    /// The members, in increasing order.
    pub fn iter(self) -> impl Iterator<Item = i64> {
        (0..64).filter(move |&n| self.contains(n))
    }
}

/// The days a cron expression runs on: by day of month or by day of week (the other is `?`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Days {
    Month {
        /// Days 1–31 (`*`, values, ranges, steps).
        days: Set,
        /// `L`: the last day of the month.
        last: bool,
        /// `LW`: the last weekday (Monday to Friday) of the month.
        last_weekday: bool,
        /// `nW`: the weekday nearest day `n`, within the month.
        nearest_weekday: Set,
    },
    Week {
        /// Days 1–7, 1 = Sunday.
        days: Set,
        /// `nL`: the last such day of the month.
        last_of_month: Set,
        /// `n#k`: the `k`th such day of the month.
        nth: Option<(i64, i64)>,
    },
}

/// A cron expression: `[seconds] minutes hours day-of-month month day-of-week [year]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cron {
    pub second: i64,
    pub minutes: Set,
    pub hours: Set,
    pub days: Days,
    /// Months 1–12.
    pub months: Set,
    /// Years 1970–2199, as offsets from 1970 (four sets of 64).
    pub years: [Set; 4],
}

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Cron {
    /// Parses the fields inside `cron(…)`: six for a maintenance window (minutes, hours, day of
    /// month, month, day of week, year), five for an association (no year); either may start
    /// with a seconds field.
    pub fn parse(body: &str, owner: Owner) -> Result<Cron, String> {
        let fields: Vec<&str> = body.split_whitespace().collect();
        let required = match owner {
            Owner::Window => 6,
            Owner::Association => 5,
        };
        // An association written with a year (six fields, as its documentation's examples are)
        // is read as a window's.
        let (second, rest): (Option<&str>, &[&str]) = match fields.len() {
            n if n == required || (owner == Owner::Association && n == 6) => (None, &fields[..]),
            n if n == required + 1 || (owner == Owner::Association && n == 7) => {
                (fields.first().copied(), fields.get(1..).unwrap_or(&[]))
            }
            n => {
                return Err(format!(
                    "it has {n} fields, where {required} (or {} with seconds) are expected",
                    required + 1
                ))
            }
        };
        let [minutes, hours, dom, month, dow, year @ ..] = rest else {
            return Err("too few fields".into());
        };
        let second = match second {
            Some(text) => plain_field(text, 0, 59, &[], "seconds")?.iter().next().unwrap_or(0),
            None => 0,
        };
        let minutes = plain_field(minutes, 0, 59, &[], "minutes")?;
        let hours = plain_field(hours, 0, 23, &[], "hours")?;
        let months = plain_field(month, 1, 12, &MONTHS, "month")?;
        let years = match year.first() {
            Some(text) => year_field(text)?,
            None => [Set(u64::MAX); 4],
        };
        let days = match (*dom, *dow) {
            ("?", "?") => return Err("day of month and day of week are both `?`".into()),
            ("?", dow) => week_days(dow)?,
            (dom, "?") => month_days(dom)?,
            _ => return Err("day of month and day of week are both set: one of them must be `?`".into()),
        };
        Ok(Cron { second, minutes, hours, days, months, years })
    }

    /// Whether the cron expression runs on this date (at its hours and minutes).
    pub fn runs_on(&self, date: jiff::civil::Date) -> bool {
        let year = i64::from(date.year()) - 1970;
        let in_years = usize::try_from(year.div_euclid(64))
            .ok()
            .and_then(|i| self.years.get(i))
            .is_some_and(|set| year >= 0 && set.contains(year.rem_euclid(64)));
        if !in_years || !self.months.contains(i64::from(date.month())) {
            return false;
        }
        let day = i64::from(date.day());
        let last = i64::from(date.days_in_month());
        let weekday = i64::from(date.weekday().to_sunday_one_offset());
        match &self.days {
            Days::Month { days, last: l, last_weekday, nearest_weekday } => {
                days.contains(day)
                    || (*l && day == last)
                    || (*last_weekday && day == last_weekday_of(date))
                    || nearest_weekday.iter().any(|n| nearest_weekday_of(date, n) == Some(day))
            }
            Days::Week { days, last_of_month, nth } => {
                days.contains(weekday)
                    || (last_of_month.contains(weekday) && day + 7 > last)
                    || nth.is_some_and(|(w, k)| w == weekday && (day - 1) / 7 + 1 == k)
            }
        }
    }
}

/// The last Monday-to-Friday day of `date`'s month.
fn last_weekday_of(date: jiff::civil::Date) -> i64 {
    let last = i64::from(date.days_in_month());
    // Weekday of the last day, 1 = Sunday … 7 = Saturday.
    let weekday =
        (i64::from(date.weekday().to_sunday_one_offset()) - 1 + last - i64::from(date.day())).rem_euclid(7) + 1;
    match weekday {
        1 => last - 2,
        7 => last - 1,
        _ => last,
    }
}

/// `nW`: the weekday nearest day `n` of `date`'s month, without leaving the month; `None`
/// when the month has no day `n`.
fn nearest_weekday_of(date: jiff::civil::Date, n: i64) -> Option<i64> {
    let last = i64::from(date.days_in_month());
    if n < 1 || n > last {
        return None;
    }
    let weekday = (i64::from(date.weekday().to_sunday_one_offset()) - 1 + n - i64::from(date.day())).rem_euclid(7) + 1;
    Some(match weekday {
        7 if n == 1 => 3,
        7 => n - 1,
        1 if n == last => n - 2,
        1 => n + 1,
        _ => n,
    })
}

/// A value: a number, or a name (`JAN`, `MON`) for fields that have names.
fn value(text: &str, min: i64, max: i64, names: &[&str], field: &str) -> Result<i64, String> {
    let found = names.iter().position(|n| n.eq_ignore_ascii_case(text));
    let n = match found {
        Some(i) => i64::try_from(i).unwrap_or(0) + min,
        None if !text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().unwrap_or(-1)
        }
        None => return Err(format!("`{text}` is not a value of the {field} field")),
    };
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(format!("`{text}` is outside the {field} field's {min}–{max}"))
    }
}

/// One item of a list: `*`, `v`, `a-b`, with an optional `/step`; its values.
fn item(text: &str, min: i64, max: i64, names: &[&str], field: &str) -> Result<Vec<i64>, String> {
    let (range, step) = match text.split_once('/') {
        Some((range, step)) => {
            let step: i64 = step
                .parse()
                .ok()
                .filter(|s| (1..=max.max(1)).contains(s))
                .ok_or_else(|| format!("`{step}` is not a step of the {field} field"))?;
            (range, Some(step))
        }
        None => (text, None),
    };
    let (from, to) = if range == "*" {
        (min, max)
    } else if let Some((a, b)) = range.split_once('-') {
        let (a, b) = (value(a, min, max, names, field)?, value(b, min, max, names, field)?);
        if a > b {
            return Err(format!("the range `{range}` runs backwards"));
        }
        (a, b)
    } else {
        let a = value(range, min, max, names, field)?;
        // `a/step` runs from `a` to the end of the field.
        (a, if step.is_some() { max } else { a })
    };
    let step = usize::try_from(step.unwrap_or(1)).unwrap_or(1);
    Ok((from..=to).step_by(step).collect())
}

/// A field of numbers (and names) with `,`, `-`, `*` and `/`.
fn plain_field(text: &str, min: i64, max: i64, names: &[&str], field: &str) -> Result<Set, String> {
    let mut set = Set::default();
    for part in text.split(',') {
        for v in item(part, min, max, names, field)? {
            set.insert(v);
        }
    }
    Ok(set)
}

fn year_field(text: &str) -> Result<[Set; 4], String> {
    let mut sets = [Set::default(); 4];
    for part in text.split(',') {
        for v in item(part, 1970, 2199, &[], "year")? {
            let offset = v - 1970;
            if let Some(set) = usize::try_from(offset / 64).ok().and_then(|i| sets.get_mut(i)) {
                set.insert(offset % 64);
            }
        }
    }
    Ok(sets)
}

fn month_days(text: &str) -> Result<Days, String> {
    let (mut days, mut last, mut last_weekday, mut nearest) = (Set::default(), false, false, Set::default());
    for part in text.split(',') {
        if part.eq_ignore_ascii_case("L") {
            last = true;
        } else if part.eq_ignore_ascii_case("LW") {
            last_weekday = true;
        } else if let Some(n) = part.strip_suffix('W').or_else(|| part.strip_suffix('w')) {
            nearest.insert(value(n, 1, 31, &[], "day-of-month")?);
        } else {
            for v in item(part, 1, 31, &[], "day-of-month")? {
                days.insert(v);
            }
        }
    }
    Ok(Days::Month { days, last, last_weekday, nearest_weekday: nearest })
}

fn week_days(text: &str) -> Result<Days, String> {
    let (mut days, mut last_of_month, mut nth) = (Set::default(), Set::default(), None);
    let parts: Vec<&str> = text.split(',').collect();
    for part in &parts {
        if let Some((w, k)) = part.split_once('#') {
            if parts.len() > 1 {
                return Err(format!("`{text}`: a day of week with `#` must be alone in its field"));
            }
            let k: i64 =
                k.parse().ok().filter(|k| (1..=5).contains(k)).ok_or_else(|| format!("`#{k}` is not 1 to 5"))?;
            nth = Some((value(w, 1, 7, &WEEKDAYS, "day-of-week")?, k));
        } else if part.eq_ignore_ascii_case("L") {
            days.insert(7);
        } else if let Some(w) = part.strip_suffix('L').or_else(|| part.strip_suffix('l')) {
            last_of_month.insert(value(w, 1, 7, &WEEKDAYS, "day-of-week")?);
        } else {
            for v in item(part, 1, 7, &WEEKDAYS, "day-of-week")? {
                days.insert(v);
            }
        }
    }
    Ok(Days::Week { days, last_of_month, nth })
}

/// The most days [`Schedule::starts`] walks: a year and a month, with room for an offset.
const MAX_DAYS: i64 = 800;

impl Schedule {
    /// Calls `visit` with the starts of this schedule in `[from, until)`, in order, until it
    /// returns `false`. A cron runs in `zone` (its local times; a time that a daylight-saving
    /// change skips runs as late as the change pushes it, a repeated one once, at its first
    /// occurrence), `offset_days` after each of its occurrences (`ScheduleOffset`). A rate runs
    /// every period from `anchor` (`StartDate`, `NextExecutionTime`): without one, it has no
    /// known starts. Work is bounded: at most 800 days of at most 1,440 starts each.
    pub fn starts(
        &self,
        zone: &jiff::tz::TimeZone,
        offset_days: i64,
        anchor: Option<Timestamp>,
        from: Timestamp,
        until: Timestamp,
        mut visit: impl FnMut(Timestamp) -> bool,
    ) {
        match self {
            Schedule::At(at) => {
                if (from..until).contains(at) {
                    visit(*at);
                }
            }
            Schedule::Rate(minutes) => {
                let Some(anchor) = anchor else { return };
                let period = minutes.saturating_mul(60).max(60);
                let behind = from.as_second().saturating_sub(anchor.as_second());
                let mut k = if behind > 0 { (behind + period - 1) / period } else { 0 };
                loop {
                    let Some(at) = k.checked_mul(period).and_then(|d| anchor.as_second().checked_add(d)) else {
                        return;
                    };
                    let Ok(at) = Timestamp::from_second(at) else { return };
                    if at >= until || !visit(at) {
                        return;
                    }
                    k += 1;
                }
            }
            Schedule::Cron(cron) => cron.starts(zone, offset_days, from, until, false, visit),
        }
    }
}

impl Cron {
    /// The starts in `[from, until)`; with `ends_only`, only the first and last of each day
    /// (all that gaps of a day or more depend on: two time-zone conversions a day, not 1,440).
    fn starts(
        &self,
        zone: &jiff::tz::TimeZone,
        offset_days: i64,
        from: Timestamp,
        until: Timestamp,
        ends_only: bool,
        mut visit: impl FnMut(Timestamp) -> bool,
    ) {
        let (first_hour, last_hour) = (self.hours.iter().next(), self.hours.iter().last());
        let (first_minute, last_minute) = (self.minutes.iter().next(), self.minutes.iter().last());
        let offset_days = offset_days.clamp(0, 366);
        let first = zone.to_datetime(from).date();
        let days = (until.as_second() - from.as_second()).div_euclid(86_400);
        let span = (days + offset_days + 3).min(MAX_DAYS);
        let Some(mut date) = add_days(first, -(offset_days + 1)) else { return };
        // The day the occurrences of `date` run on, `offset_days` later.
        let Some(mut shifted) = add_days(date, offset_days) else { return };
        let mut day = Vec::new();
        for _ in 0..=span {
            if self.runs_on(date) {
                day.clear();
                let ends = [(first_hour, first_minute), (last_hour, last_minute)];
                let times: Vec<(i64, i64)> = if ends_only {
                    ends.iter().filter_map(|&(h, m)| Some((h?, m?))).collect()
                } else {
                    self.hours.iter().flat_map(|h| self.minutes.iter().map(move |m| (h, m))).collect()
                };
                for (hour, minute) in times {
                    let (Ok(h), Ok(m), Ok(s)) = (i8::try_from(hour), i8::try_from(minute), i8::try_from(self.second))
                    else {
                        continue;
                    };
                    let Ok(at) = zone.to_ambiguous_timestamp(shifted.at(h, m, s, 0)).compatible() else { continue };
                    if at >= from && at < until {
                        day.push(at);
                    }
                }
                day.sort_unstable();
                day.dedup();
                for at in &day {
                    if !visit(*at) {
                        return;
                    }
                }
            }
            match (date.tomorrow(), shifted.tomorrow()) {
                (Ok(next), Ok(next_shifted)) => (date, shifted) = (next, next_shifted),
                _ => return,
            }
        }
    }
}

/// The longest time between two consecutive starts of `schedule` in the year from `now`, in
/// seconds, with the start it follows; `None` when it has a start every `limit` seconds or
/// more often. A start in the year with none after it within `limit` counts as a gap longer
/// than `limit`; no start at all in the year as a gap from `now`.
pub fn longest_gap(
    schedule: &Schedule,
    zone: &jiff::tz::TimeZone,
    offset_days: i64,
    anchor: Option<Timestamp>,
    now: Timestamp,
    limit: i64,
) -> Option<(i64, Option<Timestamp>)> {
    const YEAR: i64 = 366 * 86_400;
    let until = Timestamp::from_second(now.as_second().saturating_add(YEAR + limit + 1)).ok()?;
    let year_end = now.as_second().saturating_add(YEAR);
    let mut previous: Option<Timestamp> = None;
    let mut worst: Option<(i64, Option<Timestamp>)> = None;
    let visit = |at: Timestamp| {
        if let Some(p) = previous {
            let gap = at.as_second() - p.as_second();
            if gap > limit && worst.is_none_or(|(w, _)| gap > w) {
                worst = Some((gap, Some(p)));
            }
        }
        previous = Some(at);
        at.as_second() < year_end
    };
    match schedule {
        // Gaps longer than a day depend only on each day's first and last start.
        Schedule::Cron(cron) if limit >= 86_400 => cron.starts(zone, offset_days, now, until, true, visit),
        _ => schedule.starts(zone, offset_days, anchor, now, until, visit),
    }
    match previous {
        None => Some((YEAR, None)),
        Some(p) if p.as_second() < year_end && until.as_second() - p.as_second() > limit => {
            // The last start in the year has none after it within the limit.
            let tail = (until.as_second() - p.as_second(), Some(p));
            Some(worst.filter(|w| w.0 > tail.0).unwrap_or(tail))
        }
        _ => worst,
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use jiff::civil::{date, Date};
    use jiff::tz::TimeZone;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn starts(expr: &str, zone: &str, offset: i64, from: &str, until: &str) -> Vec<String> {
        let schedule = Schedule::parse(expr, Owner::Window).unwrap();
        let zone = crate::model::zones::get(zone).unwrap();
        let mut out = Vec::new();
        schedule.starts(&zone, offset, None, ts(from), ts(until), |at| {
            out.push(utc_text(at));
            true
        });
        out
    }

    #[test]
    fn instants_as_the_cli_prints_them() {
        let at = |t: &str| instant(t).map(utc_text);
        assert_eq!(at("2026-11-20T10:00:00Z").as_deref(), Some("2026-11-20T10:00:00Z"));
        assert_eq!(at("2026-11-20T11:00:00.123456+01:00").as_deref(), Some("2026-11-20T10:00:00Z"));
        assert_eq!(at("2021-05-03T11:01:09-07:00").as_deref(), Some("2021-05-03T18:01:09Z"));
        assert_eq!(at("2026-11-20T10:00:00").as_deref(), Some("2026-11-20T10:00:00Z"));
        assert_eq!(at("1582221233.421").as_deref(), Some("2020-02-20T17:53:53Z"));
        for bad in
            ["2026-02-30T10:00:00Z", "2026-11-20T10:00:00+25:00", "2026-11-20", "é026-11-20T10:00:00Z", "NaN", "1e300"]
        {
            assert_eq!(instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn two_in_the_morning_in_berlin_across_both_daylight_saving_changes() {
        // 2026-03-29: 02:00 does not exist in Berlin (clocks go from 02:00 to 03:00): the run
        // moves to 03:00 CEST, 01:00 UTC. 2026-10-25: 02:00 happens twice; it runs once, at
        // the first (CEST, 00:00 UTC).
        let spring = starts("cron(0 2 * * ? *)", "Europe/Berlin", 0, "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z");
        assert_eq!(spring, ["2026-03-28T01:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z"]);
        let autumn = starts("cron(0 2 * * ? *)", "Europe/Berlin", 0, "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z");
        assert_eq!(autumn, ["2026-10-24T00:00:00Z", "2026-10-25T00:00:00Z", "2026-10-26T01:00:00Z"]);
    }

    #[test]
    fn last_day_and_nth_weekday() {
        let last = starts("cron(30 23 L * ? *)", "UTC", 0, "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z");
        assert_eq!(last, ["2026-01-31T23:30:00Z", "2026-02-28T23:30:00Z", "2026-03-31T23:30:00Z"]);
        // The documentation's example: the third Tuesday at 23:30, two days later.
        let third = starts("cron(30 23 ? * TUE#3 *)", "UTC", 2, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z");
        assert_eq!(third, ["2026-01-22T23:30:00Z", "2026-02-19T23:30:00Z"]);
        let last_friday = starts("cron(0 4 ? * 6L *)", "UTC", 0, "2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z");
        assert_eq!(last_friday, ["2026-05-29T04:00:00Z", "2026-06-26T04:00:00Z"]);
        // 2026-08-01 is a Saturday: `1W` is Monday the 3rd; `LW` of May 2026 (the 31st is a
        // Sunday) is Friday the 29th.
        assert_eq!(
            starts("cron(0 0 1W * ? *)", "UTC", 0, "2026-08-01T00:00:00Z", "2026-08-10T00:00:00Z"),
            ["2026-08-03T00:00:00Z"]
        );
        assert_eq!(
            starts("cron(0 0 LW * ? *)", "UTC", 0, "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z"),
            ["2026-05-29T00:00:00Z"]
        );
    }

    #[test]
    fn seconds_year_names_rate_and_at() {
        let with_seconds =
            starts("cron(15 0 6 ? JAN-MAR MON 2027)", "UTC", 0, "2026-01-01T00:00:00Z", "2027-01-12T00:00:00Z");
        assert_eq!(with_seconds, ["2027-01-04T06:00:15Z", "2027-01-11T06:00:15Z"]);
        assert_eq!(Schedule::parse("rate(1 day)", Owner::Window), Ok(Schedule::Rate(1440)));
        assert_eq!(Schedule::parse("rate(30 minutes)", Owner::Association), Ok(Schedule::Rate(30)));
        assert_eq!(
            Schedule::parse("at(2026-07-07T15:55:00)", Owner::Window),
            Ok(Schedule::At(ts("2026-07-07T15:55:00Z")))
        );
        assert!(Schedule::parse("cron(0 2 ? * SUN)", Owner::Association).is_ok());
        assert!(Schedule::parse("cron(0 2 ? * THU#2 *)", Owner::Association).is_ok());
    }

    #[test]
    fn malformed_expressions_say_why() {
        for (bad, why) in [
            ("cron(0 2 * * * *)", "one of them must be `?`"),
            ("cron(0 2 ? * ? *)", "both `?`"),
            ("cron(0 24 * * ? *)", "outside"),
            ("cron(0 2 * * ?)", "5 fields"),
            ("cron(0 2 ? * MON#6 *)", "not 1 to 5"),
            ("cron(0 2 ? * MON#1,TUE *)", "alone"),
            ("cron(0 5-2 * * ? *)", "backwards"),
            ("cron(0/0 2 * * ? *)", "step"),
            ("rate(0 days)", "whole number"),
            ("rate(2 weeks)", "`weeks`"),
            ("at(2026-13-01T00:00:00)", "yyyy-mm-dd"),
            ("every day", "expected"),
            ("cron(0 2 \u{1F600} * ? *)", "not a value"),
        ] {
            let err = Schedule::parse(bad, Owner::Window).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn a_monthly_schedule_has_a_31_day_gap_and_a_weekly_one_none() {
        let utc = TimeZone::UTC;
        let monthly = Schedule::parse("cron(0 2 1 * ? *)", Owner::Window).unwrap();
        let now = ts("2026-11-20T10:00:00Z");
        assert_eq!(longest_gap(&monthly, &utc, 0, None, now, 30 * 86_400).map(|g| g.0 / 86_400), Some(31));
        let weekly = Schedule::parse("cron(0 2 ? * SUN *)", Owner::Window).unwrap();
        assert_eq!(longest_gap(&weekly, &utc, 0, None, now, 30 * 86_400), None);
        let past = Schedule::parse("cron(0 2 ? * SUN 2025)", Owner::Window).unwrap();
        assert_eq!(longest_gap(&past, &utc, 0, None, now, 30 * 86_400).map(|g| g.1), Some(None));
    }

    /// One field of a generated expression: its text and, computed here independently of the
    /// parser, the values it stands for.
    fn field(
        min: i64,
        max: i64,
        names: &'static [&'static str],
    ) -> impl proptest::strategy::Strategy<Value = (String, Vec<i64>)> {
        use proptest::prelude::*;
        let name = move |v: i64, named: bool| -> String {
            match usize::try_from(v - min).ok().and_then(|i| names.get(i)) {
                Some(n) if named => (*n).to_string(),
                _ => v.to_string(),
            }
        };
        let one = (0..6u8, min..=max, min..=max, 1..=(max - min + 1).min(12), any::<bool>()).prop_map(
            move |(kind, a, b, step, named)| {
                let (lo, hi) = (a.min(b), a.max(b));
                match kind {
                    0 => ("*".to_string(), (min..=max).collect()),
                    1 => (name(a, named), vec![a]),
                    2 => (format!("{}-{}", name(lo, named), name(hi, named)), (lo..=hi).collect()),
                    3 => (format!("*/{step}"), (min..=max).filter(|v| (v - min) % step == 0).collect()),
                    4 => (format!("{}/{step}", name(a, named)), (a..=max).filter(|v| (v - a) % step == 0).collect()),
                    _ => (
                        format!("{}-{}/{step}", name(lo, named), name(hi, named)),
                        (lo..=hi).filter(|v| (v - lo) % step == 0).collect(),
                    ),
                }
            },
        );
        proptest::collection::vec(one, 1..3).prop_map(|items| {
            let text = items.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(",");
            let mut values: Vec<i64> = items.into_iter().flat_map(|(_, v)| v).collect();
            values.sort_unstable();
            values.dedup();
            (text, values)
        })
    }

    /// The day fields: text for day of month and day of week, and which dates they select.
    #[derive(Clone, Debug)]
    enum DayRule {
        Month(Vec<i64>),
        Last,
        LastWeekday,
        Nearest(i64),
        Week(Vec<i64>),
        LastOf(i64),
        Nth(i64, i64),
    }

    fn weekday(d: Date) -> i64 {
        i64::from(d.weekday().to_sunday_one_offset())
    }

    fn selects(rule: &DayRule, d: Date) -> bool {
        let (day, last) = (i64::from(d.day()), i64::from(d.days_in_month()));
        let is_weekday = |n: i64| {
            let w = (weekday(d) - 1 + n - day).rem_euclid(7) + 1;
            (2..=6).contains(&w)
        };
        match rule {
            DayRule::Month(days) => days.contains(&day),
            DayRule::Last => day == last,
            DayRule::LastWeekday => is_weekday(day) && (day + 1..=last).all(|n| !is_weekday(n)),
            DayRule::Nearest(n) => {
                *n <= last
                    && is_weekday(day)
                    && (1..=last).filter(|&m| is_weekday(m)).all(|m| (m - n).abs() >= (day - n).abs())
            }
            DayRule::Week(days) => days.contains(&weekday(d)),
            DayRule::LastOf(w) => weekday(d) == *w && day + 7 > last,
            DayRule::Nth(w, k) => weekday(d) == *w && (day + 6) / 7 == *k,
        }
    }

    fn days() -> impl proptest::strategy::Strategy<Value = (String, String, DayRule)> {
        use proptest::prelude::*;
        prop_oneof![
            field(1, 31, &[]).prop_map(|(t, v)| (t, "?".into(), DayRule::Month(v))),
            Just(("L".to_string(), "?".to_string(), DayRule::Last)),
            Just(("LW".to_string(), "?".to_string(), DayRule::LastWeekday)),
            (1..=31i64).prop_map(|n| (format!("{n}W"), "?".into(), DayRule::Nearest(n))),
            field(1, 7, &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]).prop_map(|(t, v)| (
                "?".into(),
                t,
                DayRule::Week(v)
            )),
            (1..=7i64).prop_map(|w| ("?".into(), format!("{w}L"), DayRule::LastOf(w))),
            (1..=7i64, 1..=5i64).prop_map(|(w, k)| ("?".into(), format!("{w}#{k}"), DayRule::Nth(w, k))),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 40, ..Default::default() })]

        /// The parser and the enumeration of starts against a minute-by-minute walk of 45 days
        /// (64,800 minutes a case) that applies the generated fields' own meaning.
        #[test]
        fn starts_agree_with_a_minute_by_minute_walk(
            minutes in field(0, 59, &[]),
            hours in field(0, 23, &[]),
            (dom, dow, rule) in days(),
            months in field(1, 12, &["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
            start_day in 0..700i64,
        ) {
            let expr = format!("cron({} {} {dom} {} {dow} *)", minutes.0, hours.0, months.0);
            let schedule = Schedule::parse(&expr, Owner::Window).unwrap();
            let from = add_days(date(2026, 1, 1), start_day).unwrap();
            let from = TimeZone::UTC.to_timestamp(from.at(0, 0, 0, 0)).unwrap();
            let until = Timestamp::from_second(from.as_second() + 45 * 86_400).unwrap();
            let mut got = Vec::new();
            schedule.starts(&TimeZone::UTC, 0, None, from, until, |at| { got.push(at); true });
            let mut want = Vec::new();
            let mut at = from;
            while at < until {
                let dt = TimeZone::UTC.to_datetime(at);
                if minutes.1.contains(&i64::from(dt.minute()))
                    && hours.1.contains(&i64::from(dt.hour()))
                    && months.1.contains(&i64::from(dt.month()))
                    && selects(&rule, dt.date())
                {
                    want.push(at);
                }
                at = Timestamp::from_second(at.as_second() + 60).unwrap();
            }
            proptest::prop_assert_eq!(got, want, "{}", expr);
        }
    }
}
