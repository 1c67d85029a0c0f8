//! One agent's month as evaluated: every figure with what it was computed from.
//!
//! An [`AgentResult`] is both the result the reports print and the trace an explanation
//! walks: each counted occurrence, each incident not counted and why, each escalation,
//! requirement and pay line with the values that went into it. How much of the trace is
//! kept is the caller's choice ([`Trace`]).

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use super::probe::{Hits, TableCall};
use crate::calendar::Month;
use crate::check::program::{Amount, Target};
use crate::syntax::ast::Period;
use crate::value::Value;

/// The value of one leaf of an expression (a field, a count, a let…), for explanations.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// The leaf as written in the policy (`incident.minutes`, `count(中度)`).
    pub expr: String,
    /// Its value, with its unit (`30 minutes`).
    pub value: String,
}

#[derive(Clone, Debug)]
pub struct Occurrence {
    pub violation: usize,
    pub date: NaiveDate,
    /// The incident's line in its file.
    pub line: usize,
    pub points: Decimal,
    pub compensation: Decimal,
    pub fine: Decimal,
    /// The values its amounts were computed from (the incident's fields, `occurrence`).
    pub values: Vec<Shown>,
    /// The tables its amounts called: the row each matched (full trace).
    pub tables: Vec<TableCall>,
}

#[derive(Clone, Debug)]
pub struct NotCounted {
    pub violation: usize,
    pub date: NaiveDate,
    pub line: usize,
    /// The `when` condition as written.
    pub condition: String,
    pub values: Vec<Shown>,
    /// The first part of `when` that failed, with its values (full trace).
    pub why_not: Option<String>,
}

impl NotCounted {
    /// One line for the report: the condition and the values that made it false.
    pub fn why(&self) -> String {
        let values: Vec<String> = self.values.iter().map(|s| format!("{} = {}", s.expr, s.value)).collect();
        if values.is_empty() {
            tr!("explain-is-false", condition = &self.condition)
        } else {
            tr!("explain-is-false-because", condition = &self.condition, values = values.join(", "))
        }
    }
}

/// A violation's month: its counted occurrences and their amounts after its caps.
#[derive(Clone, Debug)]
pub struct ViolationTally {
    pub violation: usize,
    pub count: u32,
    pub points: Decimal,
    pub compensation: Decimal,
    pub fine: Decimal,
    /// What its caps withheld of points, compensation and fine ([`Amount::index`]).
    pub withheld: [Decimal; 3],
}

/// A period in which a cap withheld part of an amount.
#[derive(Clone, Debug)]
pub struct CapOutcome {
    /// The violation or severity whose cap it is.
    pub target: Target,
    /// Which of its caps (in the order written).
    pub cap: usize,
    pub amount: Amount,
    pub period: Period,
    /// The period's first day within the month.
    pub start: NaiveDate,
    pub before: Decimal,
    pub limit: Decimal,
}

impl CapOutcome {
    pub fn withheld(&self) -> Decimal {
        self.before - self.limit
    }
}

#[derive(Clone, Debug)]
pub struct EscalationOutcome {
    pub escalation: usize,
    pub fired: bool,
    pub points: Decimal,
    pub fine: Decimal,
    pub condition: String,
    pub values: Vec<Shown>,
    /// Why it did not fire: the first part of `when` that failed, with its values (full
    /// trace).
    pub why_not: Option<String>,
}

#[derive(Clone, Debug)]
pub struct RequirementOutcome {
    pub tier: usize,
    pub holds: bool,
    /// Taken as holding without evaluating it: a requirement about the move into the
    /// agent's own tier (it uses `tier_tenure`).
    pub assumed: bool,
    pub text: String,
    pub doc: String,
    pub values: Vec<Shown>,
    /// Why it does not hold: its first part that failed, with its values (full trace).
    pub why_not: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PayOutcome {
    pub value: Value,
    pub formula: String,
    pub values: Vec<Shown>,
    /// The tables the line called: the row each matched, with the arguments (full trace).
    pub tables: Vec<TableCall>,
    /// Each `if` on the path taken: its condition, whether it held and why (full trace).
    pub branches: Vec<String>,
}

/// One agent's month.
#[derive(Clone, Debug)]
pub struct AgentResult {
    pub id: String,
    pub name: String,
    pub tier: usize,
    pub tenure_months: i64,
    pub tenure_days: i64,
    /// Whole months in the tier, from `tier_since`.
    pub tier_tenure: i64,
    /// Violations with at least one counted occurrence, in declaration order.
    pub violations: Vec<ViolationTally>,
    /// Each counted incident (kept with [`Trace::Full`] only).
    pub counted: Vec<Occurrence>,
    pub not_counted: Vec<NotCounted>,
    /// Every escalation, fired or not, in evaluation order (`escalation` indexes
    /// [`Program::escalations`]).
    pub escalations: Vec<EscalationOutcome>,
    pub severity_counts: Vec<u32>,
    /// Per violation and per severity: points, compensation and fine (as
    /// [`Amount::index`] orders them), after the month's escalations and after caps (a
    /// violation's own; a severity's own and its violations').
    pub violation_amounts: Vec<[Decimal; 3]>,
    pub severity_amounts: Vec<[Decimal; 3]>,
    /// Per severity: what its own caps withheld (its violations' caps are in their tallies);
    /// empty when no severity caps.
    pub severity_withheld: Vec<[Decimal; 3]>,
    /// Every period in which a cap withheld something: violations' caps in the order of
    /// the violations, day, week, month; then severities'.
    pub caps: Vec<CapOutcome>,
    pub points: Decimal,
    pub compensation: Decimal,
    /// The month's fines, apart from compensation.
    pub fine: Decimal,
    pub promotion: Option<usize>,
    pub tier_ok: bool,
    /// The own tier's requirements, then the next tier's.
    pub requirements: Vec<RequirementOutcome>,
    pub pay: Vec<PayOutcome>,
    /// Which table rows matched and which `if` branches were taken (full trace).
    pub hits: Hits,
}

impl AgentResult {
    /// What caps withheld in all, of points, compensation and fine.
    pub fn withheld(&self) -> [Decimal; 3] {
        let mut out = [Decimal::ZERO; 3];
        for w in self.violations.iter().map(|t| &t.withheld).chain(&self.severity_withheld) {
            for (o, x) in out.iter_mut().zip(w) {
                *o = o.saturating_add(*x);
            }
        }
        out
    }

    pub fn fired(&self) -> impl Iterator<Item = &EscalationOutcome> {
        self.escalations.iter().filter(|e| e.fired)
    }

    /// The month's points, compensation or fine of one violation, or of a severity (its
    /// violations, and for points and fines its fired escalations): what the month's
    /// expressions read as `points(X)`, `compensation(X)`, `fine(X)`.
    pub fn subtotal(&self, amount: Amount, target: Target) -> Decimal {
        let k = amount.index();
        let row = match target {
            Target::Violation(v) => self.violation_amounts.get(v),
            Target::Severity(s) => self.severity_amounts.get(s),
        };
        row.and_then(|r| r.get(k)).copied().unwrap_or(Decimal::ZERO)
    }
}

/// The whole month's result.
#[derive(Clone, Debug)]
pub struct MonthResult {
    pub month: Month,
    pub agents: Vec<AgentResult>,
}

/// How much of the derivation to keep: everything (for explanations), what the workbook
/// shows, or only what the reports print (the values behind incidents not counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trace {
    Full,
    /// What the workbook (`--format xlsx`) lists: every counted incident and the
    /// explanations of [`Trace::Full`], without the values each incident's, pay line's and
    /// escalation's amounts were computed from ([`Occurrence::values`] and `tables`,
    /// [`PayOutcome`]'s `formula` and `values`, [`EscalationOutcome`]'s `values`), which
    /// only `--explain` shows: a month of a million incidents is held in far less memory.
    Workbook,
    Report,
}
