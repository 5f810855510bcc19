//! Times and schedules as Systems Manager writes them: the instants of its outputs, and the
//! schedule expressions of maintenance windows and associations.

use jiff::Timestamp;

/// An instant as the AWS CLI prints it: RFC 3339 (`2026-11-20T10:00:00.000000+00:00`,
/// `…Z`), a date-time without offset (UTC), or epoch seconds (`1582221233.421`, CLI v1).
pub fn instant(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t);
    }
    if let Ok(civil) = text.parse::<jiff::civil::DateTime>() {
        return jiff::tz::TimeZone::UTC.to_timestamp(civil).ok();
    }
    let seconds: f64 = text.parse().ok()?;
    if !seconds.is_finite() || seconds.abs() > 1e11 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Timestamp::from_second(seconds.floor() as i64).ok()
}

/// Whole days from `earlier` to `later` (negative when `earlier` is later).
pub fn days_between(earlier: Timestamp, later: Timestamp) -> i64 {
    (later.as_second() - earlier.as_second()).div_euclid(86_400)
}
