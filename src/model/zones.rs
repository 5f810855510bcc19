//! IANA time zones for placing maintenance windows in time: each zone's POSIX rule, as tzdata
//! states it for every time after its last listed transition (`zones.txt`, written by
//! `scripts/gen-zones.py` from the system's tzdata). Windows are placed in the coming year,
//! where that rule is what the whole database says; it costs about 5 KB of the page instead of
//! the 54 KB of the full database (README, design). Zones whose future offsets follow no rule
//! (`Africa/Casablanca`, `Africa/El_Aaiun`, around Ramadan) are not in it: a window there is
//! said not to be placed, never placed an hour wrong.

use jiff::tz::TimeZone;

static ZONES: &str = include_str!("zones.txt");

/// The zone named `name` (IANA names compare without regard to ASCII case, as tzdata's
/// lookups do), or `None` when it is no zone Posture can place a time in.
pub fn get(name: &str) -> Option<TimeZone> {
    let rule = ZONES
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .find(|(zone, _)| zone.eq_ignore_ascii_case(name))
        .map(|(_, rule)| rule)?;
    TimeZone::posix(rule).ok()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    #[test]
    fn every_zone_reads_and_daylight_saving_applies() {
        for line in super::ZONES.lines().filter(|l| !l.starts_with('#')) {
            let (zone, _) = line.split_once('\t').unwrap();
            assert!(super::get(zone).is_some(), "{zone}");
        }
        let berlin = super::get("europe/berlin").unwrap();
        let offset =
            |zone: &jiff::tz::TimeZone, d: jiff::civil::DateTime| zone.to_offset(zone.to_timestamp(d).unwrap());
        assert_eq!(offset(&berlin, date(2026, 1, 15).at(12, 0, 0, 0)).seconds(), 3600);
        assert_eq!(offset(&berlin, date(2026, 7, 15).at(12, 0, 0, 0)).seconds(), 7200);
        let sydney = super::get("Australia/Sydney").unwrap();
        assert_eq!(offset(&sydney, date(2026, 1, 15).at(12, 0, 0, 0)).seconds(), 11 * 3600);
        assert!(super::get("Africa/Casablanca").is_none(), "its offsets follow no rule");
        assert!(super::get("Mars/Olympus_Mons").is_none());
    }
}
