//! Civil dates and times for the simulated clock: parsing `2026-03-13T02:10`, weekdays,
//! business hours. Pure arithmetic on the proleptic Gregorian calendar, no time zones.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A day of the week, as written in scenario and plan files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// Monday to Friday, the default working week.
    pub fn working_week() -> Vec<Weekday> {
        Self::ALL[..5].to_vec()
    }

    /// Three-letter English abbreviation.
    pub fn short(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }
}

/// When the organisation is at work; outside these hours responders answer slower.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    #[serde(default = "Weekday::working_week")]
    pub days: Vec<Weekday>,
    #[serde(default = "default_opens")]
    pub opens: String,
    #[serde(default = "default_closes")]
    pub closes: String,
}

fn default_opens() -> String {
    "08:00".into()
}

fn default_closes() -> String {
    "18:00".into()
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours { days: Weekday::working_week(), opens: default_opens(), closes: default_closes() }
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A date with a time of day to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub date: Date,
    pub minute_of_day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("`{text}` is not a date; write it as `YYYY-MM-DD`, e.g. `2026-03-13`");
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let number = |s: &str| -> Result<u32, String> {
            if s.bytes().all(|b| b.is_ascii_digit()) { s.parse::<u32>().map_err(|_| bad()) } else { Err(bad()) }
        };
        let year = number(parts[0])? as i32;
        let (month, day) = (number(parts[1])?, number(parts[2])?);
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}` has month {month}; months run from 01 to 12"));
        }
        let days = days_in_month(year, month);
        if day == 0 || day > days {
            return Err(format!("`{text}` has day {day}; that month has {days} days"));
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Parses `HH:MM` (24-hour clock; `24:00` allowed as the end of a day) into minutes after midnight.
pub fn parse_time_of_day(text: &str) -> Result<u32, String> {
    let bad = || format!("`{text}` is not a time of day; write it as `HH:MM`, e.g. `08:30`");
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl DateTime {
    /// Parses `YYYY-MM-DDTHH:MM`.
    pub fn parse(text: &str) -> Result<DateTime, String> {
        let (date, time) = text.split_once('T').ok_or_else(|| {
            format!("`{text}` is not a date-time; write it as `YYYY-MM-DDTHH:MM`, e.g. `2026-03-13T02:10`")
        })?;
        let minute_of_day = parse_time_of_day(time)?;
        if minute_of_day >= 24 * 60 {
            return Err(format!("`{text}` has time 24:00; use `00:00` of the next day"));
        }
        Ok(DateTime { date: Date::parse(date)?, minute_of_day })
    }

    /// This moment plus a number of seconds (minutes are kept; seconds below a minute dropped).
    pub fn plus_seconds(self, seconds: u64) -> DateTime {
        let minutes = u64::from(self.minute_of_day) + seconds / 60;
        let days = (minutes / 1_440) as i64;
        DateTime {
            date: Date::from_days_since_epoch(self.date.days_since_epoch() + days),
            minute_of_day: (minutes % 1_440) as u32,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {:02}:{:02}",
            self.date.weekday().short(),
            self.date,
            self.minute_of_day / 60,
            self.minute_of_day % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_weekday_of_known_dates() {
        assert_eq!(Date::parse("1970-01-01").unwrap().weekday(), Weekday::Thursday);
        assert_eq!(Date::parse("2026-11-24").unwrap().weekday(), Weekday::Tuesday);
        assert_eq!(Date::parse("2024-02-29").unwrap().weekday(), Weekday::Thursday);
        assert_eq!(Date::parse("2000-01-01").unwrap().weekday(), Weekday::Saturday);
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-1-01").is_err());
        assert!(DateTime::parse("2026-03-13 02:10").is_err());
        assert!(DateTime::parse("2026-03-13T25:00").is_err());
    }

    #[test]
    fn round_trips_days_and_adds_time_across_months() {
        for text in ["1969-12-31", "2024-02-29", "2026-12-31", "1600-03-01"] {
            let date = Date::parse(text).unwrap();
            assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), date);
        }
        let start = DateTime::parse("2026-01-31T23:30").unwrap();
        assert_eq!(start.plus_seconds(3_600).to_string(), "Sun 2026-02-01 00:30");
    }
}
