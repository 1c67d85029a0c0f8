//! The record checks of contract v1 §6, one function each, with their wording.
//!
//! A month read from files and a worked example's month (`test "…" { … }`) are checked by
//! the same rules; both call these, so a rule and its message exist once. Each check takes
//! the values it judges and the span to point at, and returns the diagnostic when the rule
//! is broken.

use chrono::{Datelike, NaiveDate};

use crate::calendar::Month;
use crate::check::program::Program;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// A month can be evaluated when the policy is in effect by its last day.
pub fn not_in_effect(program: &Program, month: Month) -> Option<Diagnostic> {
    let effective = program.header.effective;
    if effective <= month.last() {
        return None;
    }
    let (from, m) = (effective.to_string(), month.to_string());
    let mut d = Diagnostic::error(Code::RecordNotInEffect, tr!("record-not-in-effect", effective = from, month = m))
        .with_help(tr!("record-not-in-effect-help", month = month_of(effective).to_string()));
    if let Some(span) = &program.header.effective_span {
        d = d.at(span, tr!("record-not-in-effect-label"));
    }
    Some(d)
}

/// No month is evaluated while the policy has holes: one diagnostic per `TBD`.
pub fn holes(program: &Program) -> impl Iterator<Item = Diagnostic> + '_ {
    program.holes.iter().map(|hole| {
        Diagnostic::error(Code::RecordHole, tr!("record-hole")).at(hole, "`TBD`").with_help(tr!("record-hole-help"))
    })
}

/// Every reason the policy cannot evaluate `month` at all.
pub fn policy_ready(program: &Program, month: Month) -> Vec<Diagnostic> {
    not_in_effect(program, month).into_iter().chain(holes(program)).collect()
}

/// An agent must be hired by the end of the month.
pub fn hired_after_month(id: &str, hired: NaiveDate, month: Month, span: &Span) -> Option<Diagnostic> {
    (hired > month.last()).then(|| {
        let (hired, month) = (hired.to_string(), month.to_string());
        Diagnostic::error(
            Code::RecordHiredAfterMonth,
            tr!("record-hired-after-month", id = id, hired = &hired, month = &month),
        )
        .at(span, tr!("record-hired-after-month-label"))
        .with_help(tr!("record-hired-after-month-help", id = id, month = &month))
    })
}

/// The date an agent took the current tier (`tier_since`) lies between `hired_on` and
/// the end of the month.
pub fn tier_since_outside(
    id: &str,
    since: NaiveDate,
    hired: NaiveDate,
    month: Month,
    span: &Span,
) -> Option<Diagnostic> {
    let (message, help) = if since < hired {
        (
            tr!("record-tier-since-before-hired", id = id, since = since.to_string(), hired = hired.to_string()),
            tr!("record-tier-since-before-hired-help"),
        )
    } else if since > month.last() {
        (
            tr!("record-tier-since-after-month", id = id, since = since.to_string(), month = month.to_string()),
            tr!("record-tier-since-after-month-help", month = month.to_string(), last = month.last().to_string()),
        )
    } else {
        return None;
    };
    Some(Diagnostic::error(Code::RecordBadValue, message).at(span, "`tier_since`").with_help(help))
}

/// An incident must be dated inside the month.
pub fn outside_month(date: NaiveDate, month: Month, span: &Span) -> Option<Diagnostic> {
    (!month.contains(date)).then(|| {
        let (date, m) = (date.to_string(), month.to_string());
        let (first, last) = (month.first().to_string(), month.last().to_string());
        Diagnostic::error(Code::RecordDateOutsideMonth, tr!("record-date-outside-month", date = date, month = &m))
            .at(span, tr!("record-date-outside-month-label", month = &m))
            .with_help(tr!("record-date-outside-month-help", first = first, last = last))
    })
}

/// The month a date falls in.
fn month_of(d: NaiveDate) -> Month {
    Month { year: d.year(), month: d.month() }
}
