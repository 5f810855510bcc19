//! Times as AWS writes them, and "now" for the checks that count days.
//!
//! A tiny exact parser rather than a date crate: every time Posture reads is an RFC 3339 /
//! ISO 8601 instant (`2026-11-20T10:00:00Z`, `2026-11-20T10:00:00+00:00`, with optional
//! fractional seconds, as the credential report, `list-access-keys` and the bundle write them)
//! or the epoch seconds some outputs print (`1535127076.2`). Calendar arithmetic is Howard
//! Hinnant's days-from-civil, exact over the whole proleptic Gregorian calendar; nothing here
//! knows time zones by name. Kept in one module so that a later time-zone crate can replace it.

use super::{Located, Meta};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 / ISO 8601 date-time with an offset (`Z`,
/// `+hh:mm`, `+hhmm`, `+hh`), fractional seconds ignored, or of a plain epoch-seconds number.
/// `None` for anything else: `N/A`, `no_information`, a date without a time, a month 13.
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(seconds) = epoch_seconds(text) {
        return Some(seconds);
    }
    let bytes = text.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = bytes.get(from..from + len)?;
        part.iter().try_fold(0i64, |n, &b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))
    };
    let at = |i: usize| bytes.get(i).copied();
    if at(4) != Some(b'-') || at(7) != Some(b'-') || !matches!(at(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    if at(13) != Some(b':') || at(16) != Some(b':') {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    // A leap second (`:60`) is read as the next second.
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }
    let mut rest = bytes.get(19..)?;
    if let Some((b'.' | b',', fraction)) = rest.split_first() {
        let n = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = fraction.get(n..)?;
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let two = |s: &[u8]| -> Option<i64> {
                match s {
                    [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => Some(i64::from((a - b'0') * 10 + (b - b'0'))),
                    _ => None,
                }
            };
            let (h, m) = match tail {
                [h1, h2] => (two(&[*h1, *h2])?, 0),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => (two(&[*h1, *h2])?, two(&[*m1, *m2])?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * DAY + hour * 3600 + minute * 60 + second - offset)
}

/// `1535127076` or `1535127076.2`: the epoch seconds some AWS outputs print.
fn epoch_seconds(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(fraction)).then(|| whole.parse().ok()).flatten()
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, "chrono-Compatible Low-Level
/// Date Algorithms").
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Where the evidence an age is computed from comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// A row of the IAM credential report: true as of its `GeneratedTime`.
    CredentialReport,
    /// Any other output of the snapshot (`list-access-keys`): true as of the snapshot.
    Snapshot,
}

/// "Now" as a check uses it: the instant, and the text it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now<'m> {
    pub seconds: i64,
    pub text: &'m str,
}

impl Meta {
    /// "Now" for an age-based check, following RULES.md ("the time the snapshot was taken when
    /// the input says so, else the `--now` / `now` option, else the clock") and PRODUCT.md
    /// ("`captured` is now for every age-based check"). In order, the first that parses:
    ///
    /// 1. for evidence from the credential report, the report's own `GeneratedTime`: its rows
    ///    describe the account as of then (AWS serves a report up to four hours old, so the
    ///    bundle's `captured` can be later than what the report knows);
    /// 2. the bundle's `captured`;
    /// 3. for other evidence, the credential report's `GeneratedTime` (the only time the input
    ///    states when no bundle says when it was taken);
    /// 4. the caller's time, `Meta::now` (the CLI's `--now`, else its clock; the page's clock),
    ///    which `analyze` sets from `Options::now` (after `captured`, which this list already
    ///    tried).
    ///
    /// `None` when nothing gives a time (a library caller with no `now`): the checks that
    /// count days then decide nothing.
    pub fn now_for(&self, evidence: Evidence) -> Option<Now<'_>> {
        let generated = self.generated.as_ref().map(|g| g.value.as_str());
        let captured = self.captured.as_deref();
        let caller = self.now.as_deref();
        let order = match evidence {
            Evidence::CredentialReport => [generated, captured, caller],
            Evidence::Snapshot => [captured, generated, caller],
        };
        order.into_iter().flatten().find_map(|text| parse(text).map(|seconds| Now { seconds, text }))
    }

    /// Records the credential report's `GeneratedTime` (the first report given wins).
    pub fn set_generated(&mut self, generated: Located<String>) {
        if self.generated.is_none() {
            self.generated = Some(generated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Span;
    use crate::model::Site;

    #[test]
    fn parses_what_aws_writes() {
        let base = parse("2026-11-20T10:00:00Z").unwrap();
        assert_eq!(base, 1_795_168_800);
        assert_eq!(parse("2026-11-20T10:00:00+00:00"), Some(base));
        assert_eq!(parse("2026-11-20T11:30:00+01:30"), Some(base));
        assert_eq!(parse("2026-11-20T08:00:00-0200"), Some(base));
        assert_eq!(parse("2026-11-20T12:00:00+02"), Some(base));
        assert_eq!(parse("2026-11-20t10:00:00.123456z"), Some(base));
        assert_eq!(parse("2026-11-20 10:00:00Z"), Some(base));
        assert_eq!(parse("1795168800.5"), Some(base));
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse("2024-02-29T00:00:00Z"), Some(days_from_civil(2024, 3, 1) * DAY - DAY));
    }

    #[test]
    fn rejects_what_is_not_an_instant() {
        for text in [
            "N/A",
            "no_information",
            "not_supported",
            "",
            "2026-11-20",
            "2026-11-20T10:00:00",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-20T24:00:00Z",
            "2026-11-20T10:00:00+24:00",
            "2026-11-20T10:00:00.Z",
            "2026-11-20T10:00:00Zjunk",
            "２０２６-11-20T10:00:00Z",
            "2026-11-2é0:00:00Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn days_from_civil_matches_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1600, 1, 1), -135_140);
        assert_eq!(days_from_civil(2026, 11, 20) - days_from_civil(2026, 8, 22), 90);
    }

    #[test]
    fn now_follows_the_documented_order() {
        let located = |value: &str| Located { value: value.to_string(), site: Site { doc: 0, span: Span::new(0, 0) } };
        let mut meta = Meta { now: Some("2026-12-01T00:00:00Z".into()), ..Meta::default() };
        // Only the caller's time.
        assert_eq!(meta.now_for(Evidence::CredentialReport).map(|n| n.text), Some("2026-12-01T00:00:00Z"));
        // The report's time, for the report's rows and, without a bundle time, for the rest.
        meta.set_generated(located("2026-11-20T06:00:00+00:00"));
        assert_eq!(meta.now_for(Evidence::CredentialReport).map(|n| n.text), Some("2026-11-20T06:00:00+00:00"));
        assert_eq!(meta.now_for(Evidence::Snapshot).map(|n| n.text), Some("2026-11-20T06:00:00+00:00"));
        // A bundle's `captured` is the snapshot's time; the report keeps its own.
        meta.captured = Some("2026-11-20T10:00:00Z".into());
        assert_eq!(meta.now_for(Evidence::Snapshot).map(|n| n.text), Some("2026-11-20T10:00:00Z"));
        assert_eq!(meta.now_for(Evidence::CredentialReport).map(|n| n.text), Some("2026-11-20T06:00:00+00:00"));
        // A time that does not parse is passed over, never guessed.
        meta.captured = Some("yesterday".into());
        assert_eq!(meta.now_for(Evidence::Snapshot).map(|n| n.text), Some("2026-11-20T06:00:00+00:00"));
        assert_eq!(Meta::default().now_for(Evidence::Snapshot), None);
    }
}
