//! The calendar: months, month arithmetic and tenure.
//!
//! A month is `YYYY-MM`; tenure is measured to the first day after the month (contract
//! v1 §5): the largest n such that `hired_on` + n months, the day clamped to the month's
//! end, is on or before it.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

/// A calendar month, `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The first day of the next month: where tenure is measured.
    pub fn next_first(self) -> NaiveDate {
        let (y, m) = if self.month == 12 { (self.year + 1, 1) } else { (self.year, self.month + 1) };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
    }

    pub fn last(self) -> NaiveDate {
        self.next_first().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        d.year() == self.year && d.month() == self.month
    }
}

impl FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || tr!("month-not-a-month", text = s);
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if y.len() != 4 || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// `date` plus `n` calendar months, the day clamped to the month's end.
pub fn add_months(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        date.checked_add_months(m)
    } else {
        date.checked_sub_months(m)
    }
}

/// Tenure in whole months and in days at `end` (the first day after the month):
/// the largest n with `hired + n months <= end`, and `end - hired` in days.
pub fn tenure(hired: NaiveDate, end: NaiveDate) -> (i64, i64) {
    let days = (end - hired).num_days();
    let mut n = i64::from(end.year() - hired.year()) * 12 + i64::from(end.month()) - i64::from(hired.month());
    while n > 0 && add_months(hired, n).is_none_or(|d| d > end) {
        n -= 1;
    }
    (n.max(0), days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn tenure_counts_whole_months_with_clamped_days() {
        let end = d("2024-11-01");
        assert_eq!(tenure(d("2024-08-01"), end), (3, 92));
        assert_eq!(tenure(d("2024-08-02"), end).0, 2);
        assert_eq!(tenure(d("2024-01-31"), end).0, 9);
        assert_eq!(tenure(d("2024-10-31"), end), (0, 1));
        // Leap year: 01-31 + 1 month is 02-29, on or before 03-01.
        assert_eq!(tenure(d("2024-01-31"), d("2024-03-01")).0, 1);
        assert_eq!(tenure(d("2023-01-31"), d("2023-03-01")).0, 1);
        assert_eq!(tenure(d("2024-01-30"), d("2024-03-01")).0, 1);
    }

    #[test]
    fn months_parse_and_bound() {
        let m: Month = "2024-02".parse().unwrap_or(Month { year: 0, month: 1 });
        assert_eq!((m.first(), m.last()), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(m.next_first(), d("2024-03-01"));
        assert!("2024-13".parse::<Month>().is_err());
        assert_eq!(m.to_string(), "2024-02");
    }
}
