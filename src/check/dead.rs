//! Dead clauses: conditions whose answer is the same every month, and declarations
//! nothing uses (warnings, `kaohe::unreachable` and `kaohe::unused`).
//!
//! A condition is read over ranges: a count is at least zero, and exactly zero when it
//! counts a severity no violation or escalation has; a tenure is at least zero; a tier is
//! one of the declared ranks; constants are what they are. A violation's or an
//! escalation's `when`, or a tier's `requires`, that can never hold (or always holds) is
//! reported, and so is the part of an `and`/`or` that decides nothing. Whatever the
//! ranges cannot settle is left alone. A severity no violation or escalation has, and a
//! `let`, a table or a declared record field no expression reads, are reported as
//! unused.

use rust_decimal::Decimal;

use super::fold::{program_exprs, visit, Folder};
use super::program::*;
use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{CmpOp, DeclKind, Period};

/// What is known of a value in every month: a closed range of numbers (tiers by rank),
/// a bool, or nothing.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Known {
    Range(Option<Decimal>, Option<Decimal>),
    Bool(bool),
    Nothing,
}

/// How many steps reading one condition over ranges may take.
const RANGE_STEPS: usize = 100_000;

const AT_LEAST_ZERO: Known = Known::Range(Some(Decimal::ZERO), None);

struct Ranges<'p> {
    program: &'p Program,
    folder: Folder<'p>,
    steps: usize,
}

impl Ranges<'_> {
    /// Whether severity `s` has a violation or an escalation: its count can be above zero.
    fn severity_has_rules(&self, s: usize) -> bool {
        self.program.violations.iter().any(|v| v.severity == s)
            || self.program.escalations.iter().any(|e| e.severity == s)
    }

    fn known(&mut self, e: &CExpr) -> Known {
        let Some(left) = self.steps.checked_sub(1) else { return Known::Nothing };
        self.steps = left;
        match self.folder.value(e) {
            Some(Value::Num(n)) => return Known::Range(Some(n), Some(n)),
            Some(Value::Bool(b)) => return Known::Bool(b),
            Some(Value::Tier(t)) => return Known::Range(Some(Decimal::from(t)), Some(Decimal::from(t))),
            _ => {}
        }
        let program = self.program;
        match &e.kind {
            CKind::CountSeverity(s) | CKind::CountWhere { over: Target::Severity(s), .. } | CKind::Distinct(s)
                if !self.severity_has_rules(*s) =>
            {
                Known::Range(Some(Decimal::ZERO), Some(Decimal::ZERO))
            }
            CKind::Distinct(s) => {
                let n = program.violations.iter().filter(|v| v.severity == *s).count();
                Known::Range(Some(Decimal::ZERO), Some(Decimal::from(n)))
            }
            CKind::CountEscalation(_) => Known::Range(Some(Decimal::ZERO), Some(Decimal::ONE)),
            CKind::CountSeverity(_)
            | CKind::CountViolation(_)
            | CKind::CountWhere { .. }
            | CKind::Tenure
            | CKind::TenureDays
            | CKind::TierTenure => AT_LEAST_ZERO,
            CKind::AgentTier => {
                Known::Range(Some(Decimal::ZERO), Some(Decimal::from(program.tiers.len().saturating_sub(1))))
            }
            CKind::Let(i) => match program.lets.get(*i) {
                Some(l) => self.known(&l.expr),
                None => Known::Nothing,
            },
            CKind::Neg(x) => match self.known(x) {
                Known::Range(lo, hi) => Known::Range(hi.map(|h| -h), lo.map(|l| -l)),
                _ => Known::Nothing,
            },
            CKind::Arith(
                Arith::Num { op: op @ (crate::syntax::ast::BinOp::Add | crate::syntax::ast::BinOp::Sub), .. },
                a,
                b,
            ) => {
                let (Known::Range(al, ah), Known::Range(bl, bh)) = (self.known(a), self.known(b)) else {
                    return Known::Nothing;
                };
                let add = |x: Option<Decimal>, y: Option<Decimal>| x?.checked_add(y?);
                let sub = |x: Option<Decimal>, y: Option<Decimal>| x?.checked_sub(y?);
                if *op == crate::syntax::ast::BinOp::Add {
                    Known::Range(add(al, bl), add(ah, bh))
                } else {
                    Known::Range(sub(al, bh), sub(ah, bl))
                }
            }
            CKind::Not(x) => match self.known(x) {
                Known::Bool(b) => Known::Bool(!b),
                _ => Known::Nothing,
            },
            CKind::And(a, b) => match (self.known(a), self.known(b)) {
                (Known::Bool(false), _) | (_, Known::Bool(false)) => Known::Bool(false),
                (Known::Bool(true), Known::Bool(true)) => Known::Bool(true),
                _ => Known::Nothing,
            },
            CKind::Or(a, b) => match (self.known(a), self.known(b)) {
                (Known::Bool(true), _) | (_, Known::Bool(true)) => Known::Bool(true),
                (Known::Bool(false), Known::Bool(false)) => Known::Bool(false),
                _ => Known::Nothing,
            },
            CKind::Compare(op, a, b) => {
                let (Known::Range(al, ah), Known::Range(bl, bh)) = (self.known(a), self.known(b)) else {
                    return Known::Nothing;
                };
                compare(*op, (al, ah), (bl, bh))
            }
            _ => Known::Nothing,
        }
    }
}

fn amount_name(a: Amount) -> &'static str {
    match a {
        Amount::Points => "points",
        Amount::Compensation => "compensation",
        Amount::Fine => "fine",
    }
}

/// `a op b` over ranges, when every pair of values gives the same answer.
fn compare(op: CmpOp, a: (Option<Decimal>, Option<Decimal>), b: (Option<Decimal>, Option<Decimal>)) -> Known {
    let lt = |x: Option<Decimal>, y: Option<Decimal>| matches!((x, y), (Some(x), Some(y)) if x < y);
    let le = |x: Option<Decimal>, y: Option<Decimal>| matches!((x, y), (Some(x), Some(y)) if x <= y);
    let (al, ah) = a;
    let (bl, bh) = b;
    let answer = match op {
        CmpOp::Lt if lt(ah, bl) => Some(true),
        CmpOp::Lt if le(bh, al) => Some(false),
        CmpOp::Le if le(ah, bl) => Some(true),
        CmpOp::Le if lt(bh, al) => Some(false),
        CmpOp::Gt if lt(bh, al) => Some(true),
        CmpOp::Gt if le(ah, bl) => Some(false),
        CmpOp::Ge if le(bh, al) => Some(true),
        CmpOp::Ge if lt(ah, bl) => Some(false),
        CmpOp::Eq | CmpOp::Ne if lt(ah, bl) || lt(bh, al) => Some(op == CmpOp::Ne),
        CmpOp::Eq | CmpOp::Ne if al.is_some() && al == ah && ah == bl && bl == bh => Some(op == CmpOp::Eq),
        _ => None,
    };
    answer.map_or(Known::Nothing, Known::Bool)
}

/// Where a condition stands, for its message.
#[derive(Clone, Copy)]
enum Clause<'a> {
    ViolationWhen(&'a str),
    EscalationWhen(&'a str),
    Requires(&'a str),
}

impl Clause<'_> {
    fn consequence(self, holds: bool) -> String {
        match (self, holds) {
            (Clause::ViolationWhen(v), false) => tr!("dead-violation-never", name = v),
            (Clause::ViolationWhen(v), true) => tr!("dead-violation-always", name = v),
            (Clause::EscalationWhen(e), false) => tr!("dead-escalation-never", name = e),
            (Clause::EscalationWhen(e), true) => tr!("dead-escalation-always", name = e),
            (Clause::Requires(t), false) => tr!("dead-requires-never", name = t),
            (Clause::Requires(t), true) => tr!("dead-requires-always", name = t),
        }
    }
}

impl Checker<'_> {
    /// Warns about conditions that never change and declarations never used.
    pub(super) fn dead_clauses(&mut self, program: &Program) {
        let mut ranges = Ranges { program, folder: Folder::new(program), steps: RANGE_STEPS };
        let mut conditions: Vec<(Clause, &CExpr)> = Vec::new();
        for v in &program.violations {
            conditions.extend(v.when.as_ref().map(|w| (Clause::ViolationWhen(&v.name), w)));
        }
        for e in &program.escalations {
            conditions.push((Clause::EscalationWhen(&e.name), &e.when));
        }
        for t in &program.tiers {
            conditions.extend(t.requires.iter().map(|r| (Clause::Requires(&t.name), &r.expr)));
        }
        for (clause, e) in conditions {
            // Each condition gets the whole budget.
            ranges.folder = Folder::new(program);
            ranges.steps = RANGE_STEPS;
            self.settled(&mut ranges, clause, e, true);
        }
        ranges.folder = Folder::new(program);
        self.caps_that_never_bind(&mut ranges, program);
        self.unused(program);
    }

    /// A cap on an amount its rules never carry, a weekly cap a daily one already keeps
    /// it under (seven days), a monthly cap the daily or weekly ones keep it under (31
    /// days, or six weeks: a month touches at most six, each with the whole weekly cap).
    fn caps_that_never_bind(&mut self, ranges: &mut Ranges, program: &Program) {
        let mut found: Vec<(&CapDef, String)> = Vec::new();
        for v in &program.violations {
            for cap in &v.caps {
                let carried = match cap.amount {
                    Amount::Points => Some(&v.points),
                    Amount::Compensation => v.compensation.as_ref(),
                    Amount::Fine => v.fine.as_ref(),
                };
                let limit = ranges.folder.num(&cap.limit);
                let zero = carried.is_none_or(|e| ranges.folder.num(e) == Some(Decimal::ZERO));
                if zero && limit.is_some_and(|l| l >= Decimal::ZERO) {
                    found.push((cap, tr!("dead-cap-no-amount", name = &v.name, amount = amount_name(cap.amount))));
                    continue;
                }
                let (Some(limit), Some(bound)) = (limit, self.bound_by_shorter_caps(ranges, &v.caps, cap)) else {
                    continue;
                };
                if limit >= bound.0 {
                    found.push((cap, bound.1));
                }
            }
        }
        for (s, sev) in program.severities.iter().enumerate() {
            for cap in &sev.caps {
                let carries = |e: Option<&CExpr>, f: &mut Folder| e.is_some_and(|e| f.num(e) != Some(Decimal::ZERO));
                let mut any = false;
                for v in program.violations.iter().filter(|v| v.severity == s) {
                    let e = match cap.amount {
                        Amount::Points => Some(&v.points),
                        Amount::Compensation => v.compensation.as_ref(),
                        Amount::Fine => v.fine.as_ref(),
                    };
                    any |= carries(e, &mut ranges.folder);
                }
                for esc in program.escalations.iter().filter(|e| e.severity == s) {
                    let e = match cap.amount {
                        Amount::Points => Some(&esc.points),
                        Amount::Compensation => None,
                        Amount::Fine => esc.fine.as_ref(),
                    };
                    any |= carries(e, &mut ranges.folder);
                }
                if !any && ranges.folder.num(&cap.limit).is_some_and(|l| l >= Decimal::ZERO) {
                    found.push((
                        cap,
                        tr!("dead-cap-severity-no-amount", name = &sev.name, amount = amount_name(cap.amount)),
                    ));
                }
            }
        }
        for (cap, why) in found {
            self.error(
                Diagnostic::warning(Code::Unreachable, tr!("dead-cap-never-binds", cap = &cap.text, why = why))
                    .at(&cap.limit.span, tr!("dead-cap-never-binds-label"))
                    .with_help(tr!("dead-cap-never-binds-help")),
            );
        }
    }

    /// The most a cap's period can reach given the same rule's caps over shorter periods
    /// of the same amount, when their limits are constants.
    fn bound_by_shorter_caps(&self, ranges: &mut Ranges, caps: &[CapDef], cap: &CapDef) -> Option<(Decimal, String)> {
        let mut best: Option<(Decimal, String)> = None;
        for shorter in caps.iter().filter(|c| c.amount == cap.amount) {
            let times: i64 = match (cap.period, shorter.period) {
                (Period::Week, Period::Day) => 7,
                (Period::Month, Period::Day) => 31,
                (Period::Month, Period::Week) => 6,
                _ => continue,
            };
            let Some(limit) = ranges.folder.num(&shorter.limit) else { continue };
            let Some(bound) = limit.checked_mul(Decimal::from(times)) else { continue };
            let u = if cap.amount == Amount::Points { "分" } else { "元" };
            let (limit, bound_text) = (limit.normalize().to_string(), bound.normalize().to_string());
            let why = if shorter.period == Period::Day {
                tr!(
                    "dead-cap-kept-days",
                    cap = &shorter.text,
                    times = times.to_string(),
                    limit = &limit,
                    unit = u,
                    bound = &bound_text
                )
            } else {
                tr!(
                    "dead-cap-kept-weeks",
                    cap = &shorter.text,
                    times = times.to_string(),
                    limit = &limit,
                    unit = u,
                    bound = &bound_text
                )
            };
            if best.as_ref().is_none_or(|b| bound < b.0) {
                best = Some((bound, why));
            }
        }
        best
    }

    /// Reports `e` when its answer never changes, or else the parts of its `and`/`or`
    /// whose answer never changes.
    fn settled(&mut self, ranges: &mut Ranges, clause: Clause, e: &CExpr, whole: bool) {
        match ranges.known(e) {
            Known::Bool(holds) => {
                let why = self.why(ranges.program, e);
                let condition = e.span.text();
                let message = match (whole, holds) {
                    (true, true) => tr!(
                        "dead-always-holds",
                        condition = condition,
                        why = &why,
                        consequence = clause.consequence(holds)
                    ),
                    (true, false) => tr!(
                        "dead-never-holds",
                        condition = condition,
                        why = &why,
                        consequence = clause.consequence(holds)
                    ),
                    (false, true) => tr!("dead-part-always-holds", condition = condition, why = &why),
                    (false, false) => tr!("dead-part-never-holds", condition = condition, why = &why),
                };
                let (label, help) = if holds {
                    (tr!("dead-always-true"), tr!("dead-always-holds-help"))
                } else {
                    (tr!("dead-always-false"), tr!("dead-never-holds-help"))
                };
                self.error(Diagnostic::warning(Code::Unreachable, message).at(&e.span, label).with_help(help));
            }
            _ => match &e.kind {
                CKind::And(a, b) | CKind::Or(a, b) => {
                    self.settled(ranges, clause, a, false);
                    self.settled(ranges, clause, b, false);
                }
                CKind::Not(x) => self.settled(ranges, clause, x, false),
                _ => {}
            },
        }
    }

    /// Why a condition is settled: the severities it counts that have no rule.
    fn why(&self, program: &Program, e: &CExpr) -> String {
        let mut empty = Vec::new();
        visit(e, &mut |x| {
            if let CKind::CountSeverity(s) | CKind::Distinct(s) | CKind::CountWhere { over: Target::Severity(s), .. } =
                &x.kind
            {
                let has = program.violations.iter().any(|v| v.severity == *s)
                    || program.escalations.iter().any(|e| e.severity == *s);
                if let (false, Some(def)) = (has, program.severities.get(*s)) {
                    if !empty.contains(&def.name) {
                        empty.push(def.name.clone());
                    }
                }
            }
        });
        match empty.as_slice() {
            [] => String::new(),
            names => {
                let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                tr!("dead-no-rule-of-severities", severities = names.join(&tr!("dead-or")))
            }
        }
    }

    fn unused(&mut self, program: &Program) {
        let (mut lets, mut tables) = (vec![false; program.lets.len()], vec![false; program.tables.len()]);
        let mut agent = vec![false; program.agent_fields.len()];
        let mut incident = vec![false; program.incident_fields.len()];
        let mark = |v: &mut Vec<bool>, i: usize| {
            if let Some(x) = v.get_mut(i) {
                *x = true;
            }
        };
        for e in program_exprs(program) {
            visit(e, &mut |x| match &x.kind {
                CKind::Let(i) => mark(&mut lets, *i),
                CKind::Table(t, _) => mark(&mut tables, *t),
                CKind::AgentField(i) => mark(&mut agent, *i),
                CKind::IncidentField(i) => mark(&mut incident, *i),
                _ => {}
            });
        }
        // A severity counted somewhere but given no rule is reported where it is counted.
        let mut named = vec![false; program.severities.len()];
        for e in program_exprs(program) {
            visit(e, &mut |x| match &x.kind {
                CKind::CountSeverity(s)
                | CKind::Distinct(s)
                | CKind::Subtotal(_, Target::Severity(s))
                | CKind::CountWhere { over: Target::Severity(s), .. }
                | CKind::Aggregate { over: Target::Severity(s), .. }
                | CKind::Const(Value::Severity(s)) => mark(&mut named, *s),
                _ => {}
            });
        }
        let mut found: Vec<(Span, String)> = Vec::new();
        for (s, (decl, _)) in self.severities.iter().enumerate() {
            let name = &decl.name;
            let has = program.violations.iter().any(|v| v.severity == s)
                || program.escalations.iter().any(|e| e.severity == s);
            if !has && named.get(s) == Some(&false) {
                found.push((name.span.clone(), tr!("dead-severity-unused", name = &name.name)));
            }
        }
        for (i, used) in lets.iter().enumerate() {
            if let (false, Some(decl)) = (used, self.lets.get(i)) {
                found.push((decl.name.span.clone(), tr!("dead-let-unused", name = &decl.name.name)));
            }
        }
        for (t, used) in tables.iter().enumerate() {
            if let (false, Some(decl)) = (used, self.tables.get(t)) {
                found.push((decl.name.span.clone(), tr!("dead-table-unused", name = &decl.name.name)));
            }
        }
        let file = self.file;
        for decl in &file.decls {
            let (fields, used, defs, kw) = match &decl.kind {
                DeclKind::Agent(f) => (f, &agent, &program.agent_fields, "agent"),
                DeclKind::Incident(f) => (f, &incident, &program.incident_fields, "incident"),
                _ => continue,
            };
            for field in fields {
                let at = defs.iter().position(|d| !d.builtin && d.name == field.name.name);
                if at.is_some_and(|i| used.get(i) == Some(&false)) {
                    found.push((
                        field.name.span.clone(),
                        tr!("dead-field-unused", record = kw, name = &field.name.name),
                    ));
                }
            }
        }
        for (span, message) in found {
            self.error(
                Diagnostic::warning(Code::Unused, message)
                    .at(&span, tr!("dead-unused-label"))
                    .with_help(tr!("dead-unused-help")),
            );
        }
    }
}
