//! Caps (contract v2 §3.2 and §6 rule 2): the most an amount adds up to in a period.
//!
//! A violation's caps limit the sum of its occurrences' amounts per day (the incident's
//! date), per week (Monday to Sunday; a week cut by the month's edge gets the whole
//! weekly cap) and per month, in that order, each applied to what the one before left.
//! Several caps of one period on one amount: the smallest binds. Counts are never
//! changed. What a cap withheld is kept, with the cap that withheld it, for the reports.

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::calendar::Month;
use crate::syntax::ast::Period;

/// One cap's limit, known for the agent: `cap` indexes the caps of its violation or
/// severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub cap: usize,
    pub period: Period,
    pub limit: Decimal,
}

/// A period in which a cap withheld part of an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withheld {
    /// The cap that bound (the smallest of its period).
    pub cap: usize,
    pub period: Period,
    /// The period's first day within the month: the day, the week's Monday (or the
    /// month's first day for a week cut by the month's start), the month's first day.
    pub start: NaiveDate,
    /// What the period's amounts added up to, after any shorter period's caps.
    pub before: Decimal,
    pub limit: Decimal,
}

impl Withheld {
    pub fn amount(&self) -> Decimal {
        self.before - self.limit
    }
}

/// The sum of `items` (each a date and an amount) after `limits`, and every period in
/// which a cap withheld something, in order: days, then weeks, then the month. `None`
/// when a sum overflows.
pub fn apply(items: &[(NaiveDate, Decimal)], limits: &[Limit], month: Month) -> Option<(Decimal, Vec<Withheld>)> {
    let mut withheld = Vec::new();
    let (day_cap, week_cap) = (smallest(limits, Period::Day), smallest(limits, Period::Week));
    let total = if day_cap.is_none() && week_cap.is_none() {
        items.iter().try_fold(Decimal::ZERO, |sum, (_, amount)| sum.checked_add(*amount))?
    } else {
        let days = grouped(sorted_by_date(items))?;
        let weeks = grouped(days.into_iter().map(|(date, sum)| {
            let kept = bind(day_cap, Period::Day, date, sum, &mut withheld);
            let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
            (monday.max(month.first()), kept)
        }))?;
        let mut total = Decimal::ZERO;
        for (start, sum) in weeks {
            total = total.checked_add(bind(week_cap, Period::Week, start, sum, &mut withheld))?;
        }
        total
    };
    let total = bind(smallest(limits, Period::Month), Period::Month, month.first(), total, &mut withheld);
    Some((total, withheld))
}

/// `items` by date, those of one date in their order (they usually come sorted already).
fn sorted_by_date(items: &[(NaiveDate, Decimal)]) -> impl Iterator<Item = (NaiveDate, Decimal)> {
    let mut sorted = items.to_vec();
    if !sorted.is_sorted_by_key(|(date, _)| *date) {
        sorted.sort_by_key(|(date, _)| *date);
    }
    sorted.into_iter()
}

/// The sums of runs of one key in `items`, whose keys come in order: each period's total.
fn grouped(items: impl Iterator<Item = (NaiveDate, Decimal)>) -> Option<Vec<(NaiveDate, Decimal)>> {
    let mut out: Vec<(NaiveDate, Decimal)> = Vec::new();
    for (key, amount) in items {
        match out.last_mut() {
            Some((last, sum)) if *last == key => *sum = sum.checked_add(amount)?,
            _ => out.push((key, Decimal::ZERO.checked_add(amount)?)),
        }
    }
    Some(out)
}

/// The smallest limit of a period, if any cap has that period.
pub fn smallest(limits: &[Limit], period: Period) -> Option<Limit> {
    limits.iter().filter(|l| l.period == period).min_by_key(|l| l.limit).copied()
}

/// `sum`, limited by `cap` when it has one; what it withheld is recorded.
fn bind(cap: Option<Limit>, period: Period, start: NaiveDate, sum: Decimal, out: &mut Vec<Withheld>) -> Decimal {
    match cap {
        Some(c) if sum > c.limit => {
            out.push(Withheld { cap: c.cap, period, start, before: sum, limit: c.limit });
            c.limit
        }
        _ => sum,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 11, day).unwrap()
    }

    fn n(x: i64) -> Decimal {
        Decimal::from(x)
    }

    const NOV: Month = Month { year: 2024, month: 11 };

    fn limit(cap: usize, period: Period, limit: Decimal) -> Limit {
        Limit { cap, period, limit }
    }

    #[test]
    fn a_day_cap_limits_each_day_apart() {
        let items = [(d(5), n(10)), (d(5), n(10)), (d(5), n(10)), (d(6), n(10))];
        let (total, withheld) = apply(&items, &[limit(0, Period::Day, n(15))], NOV).unwrap();
        assert_eq!(total, n(25));
        assert_eq!(withheld.len(), 1);
        assert_eq!((withheld[0].start, withheld[0].before, withheld[0].amount()), (d(5), n(30), n(15)));
    }

    #[test]
    fn day_then_week_then_month_each_on_what_is_left() {
        // Week of Mon 11-11: 11-12 20, 11-13 40 → 30 (day cap), 11-14 10 → week 60 → 50.
        // Week of Mon 11-18: 11-19 40 → 30. Month 80 → 70.
        let items = [(d(12), n(20)), (d(13), n(40)), (d(14), n(10)), (d(19), n(40))];
        let limits = [limit(2, Period::Month, n(70)), limit(0, Period::Day, n(30)), limit(1, Period::Week, n(50))];
        let (total, withheld) = apply(&items, &limits, NOV).unwrap();
        assert_eq!(total, n(70));
        let summary: Vec<(Period, NaiveDate, Decimal)> =
            withheld.iter().map(|w| (w.period, w.start, w.amount())).collect();
        assert_eq!(
            summary,
            vec![
                (Period::Day, d(13), n(10)),
                (Period::Day, d(19), n(10)),
                (Period::Week, d(11), n(10)),
                (Period::Month, d(1), n(10)),
            ]
        );
    }

    #[test]
    fn occurrences_out_of_date_order_are_capped_as_in_order() {
        let items = [(d(19), n(40)), (d(13), n(25)), (d(12), n(20)), (d(13), n(15)), (d(14), n(10))];
        let limits = [limit(0, Period::Day, n(30)), limit(1, Period::Week, n(50))];
        let mut in_order = items;
        in_order.sort_by_key(|(date, _)| *date);
        let (total, withheld) = apply(&items, &limits, NOV).unwrap();
        assert_eq!(apply(&in_order, &limits, NOV), Some((total, withheld.clone())));
        // Week of 11-11: 20 + 30 (40 capped) + 10 = 60 → 50; week of 11-18: 40 → 30.
        assert_eq!(total, n(80));
        let summary: Vec<(Period, NaiveDate, Decimal)> =
            withheld.iter().map(|w| (w.period, w.start, w.amount())).collect();
        assert_eq!(
            summary,
            vec![(Period::Day, d(13), n(10)), (Period::Day, d(19), n(10)), (Period::Week, d(11), n(10))]
        );
    }

    #[test]
    fn a_week_cut_by_the_month_gets_the_whole_weekly_cap() {
        // 2024-11-01 is a Friday: its week (from Mon 10-28) starts the month on 11-01.
        let items = [(d(1), n(40)), (d(2), n(40)), (d(3), n(40))];
        let (total, withheld) = apply(&items, &[limit(0, Period::Week, n(60))], NOV).unwrap();
        assert_eq!(total, n(60));
        assert_eq!((withheld[0].start, withheld[0].before), (d(1), n(120)));
    }

    #[test]
    fn the_smallest_cap_of_a_period_binds_and_an_amount_under_it_is_kept() {
        let limits = [limit(0, Period::Month, n(100)), limit(1, Period::Month, n(80))];
        let (total, withheld) = apply(&[(d(4), n(90))], &limits, NOV).unwrap();
        assert_eq!((total, withheld[0].cap), (n(80), 1));
        let (total, withheld) = apply(&[(d(4), n(80))], &limits, NOV).unwrap();
        assert_eq!(total, n(80));
        assert!(withheld.is_empty(), "a cap reached exactly withholds nothing");
    }
}
