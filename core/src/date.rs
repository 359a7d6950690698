//! Calendar dates (`YYYY-MM-DD`) and the day arithmetic the rules need.

pub use jiff::civil::Date;

/// Parse `YYYY-MM-DD`; `None` for anything else (the schema has already
/// rejected malformed dates, so `None` here means "not a date we can use").
#[must_use]
pub fn parse(text: &str) -> Option<Date> {
    if text.len() != 10 {
        return None;
    }
    text.parse::<Date>().ok()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
#[must_use]
pub fn days_between(from: Date, to: Date) -> i64 {
    match from.until(to) {
        Ok(span) => i64::from(span.get_days()),
        Err(_) => 0,
    }
}

/// Today in UTC.
#[must_use]
pub fn today_utc() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// Whether a DSPT publication on `published` has lapsed by `today`: it lapses
/// once it is on or before 30 June of the year before the most recent 30 June
/// that is strictly before `today` (a June 2025 publication lapses on 1 July 2026).
#[must_use]
pub fn dspt_lapsed(published: Date, today: Date) -> bool {
    let this_year_deadline = Date::new(today.year(), 6, 30).ok();
    let most_recent_past = match this_year_deadline {
        Some(d) if d < today => d,
        _ => match Date::new(today.year() - 1, 6, 30) {
            Ok(d) => d,
            Err(_) => return false,
        },
    };
    match Date::new(most_recent_past.year() - 1, 6, 30) {
        Ok(cutoff) => published <= cutoff,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse(s).unwrap_or_default()
    }

    #[test]
    fn june_2025_publication_lapses_on_1_july_2026() {
        assert!(!dspt_lapsed(d("2025-06-15"), d("2026-06-30")));
        assert!(dspt_lapsed(d("2025-06-15"), d("2026-07-01")));
        assert!(!dspt_lapsed(d("2025-07-01"), d("2026-07-01")));
    }

    #[test]
    fn days_between_counts_whole_days_both_ways() {
        assert_eq!(days_between(d("2026-01-01"), d("2026-03-01")), 59);
        assert_eq!(days_between(d("2026-03-01"), d("2026-01-01")), -59);
    }

    #[test]
    fn malformed_dates_are_not_parsed() {
        assert!(parse("2026-02-30").is_none());
        assert!(parse("26-01-01").is_none());
    }
}
