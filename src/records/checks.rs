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
    let mut d =
        Diagnostic::error(Code::RecordNotInEffect, format!("the policy takes effect on {effective}, after {month}"))
            .with_help(format!("evaluate {} or a later month", month_of(effective)));
    if let Some(span) = &program.header.effective_span {
        d = d.at(span, "in effect from here");
    }
    Some(d)
}

/// No month is evaluated while the policy has holes: one diagnostic per `TBD`.
pub fn holes(program: &Program) -> impl Iterator<Item = Diagnostic> + '_ {
    program.holes.iter().map(|hole| {
        Diagnostic::error(Code::RecordHole, "the policy has a value still to be decided")
            .at(hole, "`TBD`")
            .with_help("fill in every `TBD` before evaluating a month")
    })
}

/// Every reason the policy cannot evaluate `month` at all.
pub fn policy_ready(program: &Program, month: Month) -> Vec<Diagnostic> {
    not_in_effect(program, month).into_iter().chain(holes(program)).collect()
}

/// An agent must be hired by the end of the month.
pub fn hired_after_month(id: &str, hired: NaiveDate, month: Month, span: &Span) -> Option<Diagnostic> {
    (hired > month.last()).then(|| {
        Diagnostic::error(Code::RecordHiredAfterMonth, format!("agent `{id}` was hired on {hired}, after {month}"))
            .at(span, "after the month")
            .with_help(format!("evaluate a later month, or leave agent `{id}` out of {month}'s roster"))
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
            format!("agent `{id}` took the tier on {since}, before being hired on {hired}"),
            "`tier_since` is the day the agent took the current tier, on or after `hired_on`; leave it empty when it is the day of hiring".to_string(),
        )
    } else if since > month.last() {
        (
            format!("agent `{id}` took the tier on {since}, after {month}"),
            format!("an agent evaluated for {month} holds the tier by {}", month.last()),
        )
    } else {
        return None;
    };
    Some(Diagnostic::error(Code::RecordBadValue, message).at(span, "`tier_since`").with_help(help))
}

/// An incident must be dated inside the month.
pub fn outside_month(date: NaiveDate, month: Month, span: &Span) -> Option<Diagnostic> {
    (!month.contains(date)).then(|| {
        Diagnostic::error(Code::RecordDateOutsideMonth, format!("incident dated {date} is outside {month}"))
            .at(span, format!("not in {month}"))
            .with_help(format!("only incidents from {} to {} belong to this month", month.first(), month.last()))
    })
}

/// The month a date falls in.
fn month_of(d: NaiveDate) -> Month {
    Month { year: d.year(), month: d.month() }
}
