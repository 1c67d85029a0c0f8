//! Expression evaluation: exact decimal arithmetic, money in whole cents, dates.
//!
//! [`Env`] is what an expression can see while it runs; which parts are present is
//! decided by the scope the checker already enforced, so a missing part here is an
//! internal inconsistency reported as an error, never a panic. Every decimal operation
//! is checked: overflow and division by zero become `kaohe::runtime::…` errors naming the
//! expression.

use std::cell::RefCell;
use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};

use super::history::PastMonth;
use super::input::IncidentRow;
use super::probe::Probe;
use crate::calendar::{add_months, Month};
use crate::check::program::*;
use crate::diag::{Code, Diagnostic};
use crate::money::cents;
use crate::source::Span;
use crate::syntax::ast::BinOp;
pub use crate::value::compare;

/// A run-time error: what went wrong and in which expression.
#[derive(Clone, Debug)]
pub struct EvalError {
    pub code: Code,
    pub message: String,
    pub span: Span,
}

impl EvalError {
    fn new(code: Code, message: impl Into<String>, span: &Span) -> EvalError {
        EvalError { code, message: message.into(), span: span.clone() }
    }

    pub fn into_diagnostic(self, agent: Option<&str>) -> Diagnostic {
        let message = match agent {
            Some(a) => tr!("runtime-of-agent", agent = a, message = &self.message),
            None => self.message,
        };
        let help = match self.code {
            Code::Internal => tr!("runtime-internal-help"),
            Code::RuntimeDivisionByZero => tr!("runtime-division-by-zero-help"),
            Code::RecordHole => tr!("record-hole-help"),
            Code::RuntimeEmpty => tr!("runtime-empty-help"),
            Code::RuntimeNegativeCap => tr!("runtime-negative-cap-help"),
            _ => tr!("runtime-overflow-help"),
        };
        Diagnostic::error(self.code, message).at(&self.span, tr!("runtime-in", expr = self.span.text())).with_help(help)
    }
}

pub type EvalResult<T> = Result<T, EvalError>;

/// The month's figures an agent's expressions may see, as far as they are known.
#[derive(Clone, Debug, Default)]
pub struct MonthState {
    /// Counted occurrences per violation.
    pub violation_counts: Vec<u32>,
    /// Counted occurrences per severity, fired escalations included.
    pub severity_counts: Vec<u32>,
    pub escalation_fired: Vec<bool>,
    pub points: Decimal,
    pub compensation: Decimal,
    pub fine: Decimal,
    /// Per violation: points, compensation and fine of its counted occurrences.
    pub violation_amounts: Vec<[Decimal; 3]>,
    /// Per severity: its violations' amounts, and for points and fines its fired
    /// escalations'.
    pub severity_amounts: Vec<[Decimal; 3]>,
}

/// What an agent's expressions see.
pub struct AgentEnv<'a> {
    pub fields: &'a [Value],
    pub tier: usize,
    pub tenure: i64,
    pub tenure_days: i64,
    /// Whole months in the current tier (from `tier_since`).
    pub tier_tenure: i64,
    pub month: &'a RefCell<MonthState>,
    pub lets: &'a RefCell<Vec<Option<Value>>>,
    pub pay: &'a RefCell<Vec<Value>>,
    /// The agent's incidents, and which of them count: (violation, index), in input order.
    pub incidents: &'a [IncidentRow<'a>],
    pub counted: &'a RefCell<Vec<(usize, usize)>>,
    /// The month being evaluated.
    pub period: Month,
    /// The agent's closed months before it, oldest first (empty without a ledger).
    pub history: &'a [PastMonth],
}

/// Everything an expression may see.
pub struct Env<'a> {
    pub program: &'a Program,
    pub agent: Option<&'a AgentEnv<'a>>,
    pub incident: Option<&'a [Value]>,
    /// The tier whose attributes `tier.attr` reads.
    pub attr_tier: Option<usize>,
    pub params: &'a [Value],
    /// The rank of the occurrence whose amounts are being evaluated.
    pub occurrence: Option<u32>,
    /// Marks the rows and branches taken, when the full trace is kept.
    pub probe: Option<&'a Probe>,
    /// A closed month being read by a history expression: the figures it names are
    /// that month's stored ones.
    pub past: Option<&'a PastMonth>,
}

impl<'a> Env<'a> {
    pub fn constant(program: &'a Program) -> Env<'a> {
        Env {
            program,
            agent: None,
            incident: None,
            attr_tier: None,
            params: &[],
            occurrence: None,
            probe: None,
            past: None,
        }
    }

    fn agent(&self, span: &Span) -> EvalResult<&'a AgentEnv<'a>> {
        self.agent.ok_or_else(|| EvalError::new(Code::Internal, "no agent here", span))
    }

    pub fn eval(&self, e: &CExpr) -> EvalResult<Value> {
        let span = &e.span;
        if let Some(past) = self.past {
            if let Some(v) = past.result.read(self.program, &e.kind) {
                return Ok(v);
            }
        }
        Ok(match &e.kind {
            CKind::Const(v) => v.clone(),
            CKind::History { func, expr, default, .. } => self.history(*func, expr, default.as_deref(), span)?.value,
            CKind::MonthNumber => Value::Num(Decimal::from(self.agent(span)?.period.month)),
            CKind::Hole => return Err(EvalError::new(Code::RecordHole, "the policy still has a hole (`TBD`)", span)),
            CKind::AgentField(i) => self.agent(span)?.fields.get(*i).cloned().ok_or_else(|| missing(span))?,
            // An incident's agent is the agent evaluated: record readers leave the slot
            // unfilled rather than share the id with every incident.
            CKind::IncidentField(INCIDENT_AGENT) if self.incident.is_some() && self.agent.is_some() => {
                self.agent(span)?.fields.get(AGENT_ID).cloned().ok_or_else(|| missing(span))?
            }
            CKind::IncidentField(i) => self
                .incident
                .and_then(|f| f.get(*i))
                .cloned()
                .ok_or_else(|| EvalError::new(Code::Internal, "no incident here", span))?,
            CKind::TierAttr(i) => {
                let tier = match self.attr_tier {
                    Some(t) => t,
                    None => self.agent(span)?.tier,
                };
                let expr = self.program.tiers.get(tier).and_then(|t| t.attrs.get(*i)).ok_or_else(|| missing(span))?;
                Env::constant(self.program).eval(expr)?
            }
            CKind::AgentTier => Value::Tier(self.agent(span)?.tier),
            CKind::Tenure => Value::Num(Decimal::from(self.agent(span)?.tenure)),
            CKind::TenureDays => Value::Num(Decimal::from(self.agent(span)?.tenure_days)),
            CKind::TierTenure => Value::Num(Decimal::from(self.agent(span)?.tier_tenure)),
            CKind::Points => Value::Num(self.agent(span)?.month.borrow().points),
            CKind::Compensation => Value::Num(self.agent(span)?.month.borrow().compensation),
            CKind::Fine => Value::Num(self.agent(span)?.month.borrow().fine),
            CKind::Subtotal(amount, target) => {
                let month = self.agent(span)?.month.borrow();
                let k = amount.index();
                let row = match target {
                    Target::Violation(v) => month.violation_amounts.get(*v),
                    Target::Severity(s) => month.severity_amounts.get(*s),
                };
                Value::Num(row.and_then(|r| r.get(k)).copied().unwrap_or(Decimal::ZERO))
            }
            CKind::Occurrence => Value::Num(Decimal::from(self.occurrence.ok_or_else(|| missing(span))?)),
            CKind::Aggregate { func, over, expr, money, filter } => {
                self.aggregate(*func, *over, expr, *money, filter.as_deref(), span)?
            }
            CKind::CountWhere { over, filter, distinct } => self.count_where(*over, filter, *distinct, span)?,
            CKind::CountViolation(i) => count(self.agent(span)?.month.borrow().violation_counts.get(*i)),
            CKind::CountSeverity(i) => count(self.agent(span)?.month.borrow().severity_counts.get(*i)),
            CKind::CountEscalation(i) => {
                let fired = self.agent(span)?.month.borrow().escalation_fired.get(*i).copied().unwrap_or(false);
                Value::Num(Decimal::from(u8::from(fired)))
            }
            CKind::Distinct(s) => {
                let month = self.agent(span)?.month.borrow();
                let n = self
                    .program
                    .violations
                    .iter()
                    .zip(&month.violation_counts)
                    .filter(|(v, c)| v.severity == *s && **c > 0)
                    .count();
                Value::Num(Decimal::from(n))
            }
            CKind::Let(i) => self.let_value(*i, span)?,
            CKind::PayLine(i) => self.agent(span)?.pay.borrow().get(*i).cloned().ok_or_else(|| missing(span))?,
            CKind::Param(i) => self.params.get(*i).cloned().ok_or_else(|| missing(span))?,
            CKind::Neg(x) => {
                let n = num(&self.eval(x)?, span)?;
                Value::Num(-n)
            }
            CKind::Not(x) => Value::Bool(!truth(&self.eval(x)?, span)?),
            CKind::And(a, b) => Value::Bool(truth(&self.eval(a)?, span)? && truth(&self.eval(b)?, span)?),
            CKind::Or(a, b) => Value::Bool(truth(&self.eval(a)?, span)? || truth(&self.eval(b)?, span)?),
            CKind::If(c, a, b) => {
                let held = truth(&self.eval(c)?, span)?;
                if let Some(p) = self.probe {
                    p.branch(span.start, held);
                }
                if held {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            CKind::Compare(op, a, b) => {
                let (x, y) = (self.eval(a)?, self.eval(b)?);
                Value::Bool(op.holds(compare(&x, &y)))
            }
            CKind::Arith(arith, a, b) => arith_value(*arith, &self.eval(a)?, &self.eval(b)?, span)?,
            CKind::Min(args) | CKind::Max(args) => {
                let want = if matches!(e.kind, CKind::Min(_)) { Ordering::Less } else { Ordering::Greater };
                let mut best: Option<Value> = None;
                for a in args {
                    let v = self.eval(a)?;
                    best = match best {
                        Some(b) if compare(&v, &b) != want => Some(b),
                        _ => Some(v),
                    };
                }
                best.ok_or_else(|| missing(span))?
            }
            CKind::Rounded(how, digits, x) => Value::Num(rounded(*how, *digits, num(&self.eval(x)?, span)?, span)?),
            CKind::AttrOf(i, x) => {
                let Value::Tier(tier) = self.eval(x)? else { return Err(missing(span)) };
                let expr = self.program.tiers.get(tier).and_then(|t| t.attrs.get(*i)).ok_or_else(|| missing(span))?;
                Env::constant(self.program).eval(expr)?
            }
            CKind::Table(t, args) => {
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    values.push(self.eval(a)?);
                }
                self.table(*t, &values, span)?
            }
        })
    }

    /// An aggregate over the agent's counted occurrences of a violation or a severity.
    fn aggregate(
        &self,
        func: Aggregate,
        over: Target,
        e: &CExpr,
        money: bool,
        filter: Option<&CExpr>,
        span: &Span,
    ) -> EvalResult<Value> {
        let overflow = || EvalError::new(Code::RuntimeOverflow, tr!("runtime-overflow", expr = span.text()), span);
        let mut values = Vec::new();
        for (_, env) in self.occurrences(over, filter, span)? {
            values.push(num(&env.eval(e)?, span)?);
        }
        let sum = || values.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b)).ok_or_else(overflow);
        if values.is_empty() && func != Aggregate::Sum {
            return Err(EvalError::new(Code::RuntimeEmpty, tr!("runtime-empty", expr = span.text()), span));
        }
        let n = match func {
            Aggregate::Sum => sum()?,
            Aggregate::Avg => {
                let avg = sum()?.checked_div(Decimal::from(values.len())).ok_or_else(overflow)?;
                if money {
                    cents(avg)
                } else {
                    avg.normalize()
                }
            }
            Aggregate::Lowest => values.iter().copied().min().unwrap_or_default(),
            Aggregate::Highest => values.iter().copied().max().unwrap_or_default(),
        };
        Ok(Value::Num(n))
    }

    /// The agent's counted occurrences of a violation or a severity (for which `filter`
    /// holds), each with an environment that sees its incident: (violation, environment).
    fn occurrences(&self, over: Target, filter: Option<&CExpr>, span: &Span) -> EvalResult<Vec<(usize, Env<'a>)>> {
        let agent = self.agent(span)?;
        let counted = agent.counted.borrow();
        let mut out = Vec::new();
        for &(v, i) in counted.iter() {
            let belongs = match over {
                Target::Violation(t) => v == t,
                Target::Severity(s) => self.program.violations.get(v).is_some_and(|d| d.severity == s),
            };
            let Some(row) = agent.incidents.get(i).filter(|_| belongs) else { continue };
            let env = Env { incident: Some(row.values), occurrence: None, ..self.copy() };
            if let Some(c) = filter {
                if !truth(&env.eval(c)?, span)? {
                    continue;
                }
            }
            out.push((v, env));
        }
        Ok(out)
    }

    /// `count(X where c)` and `distinct(S where c)`.
    fn count_where(&self, over: Target, filter: &CExpr, distinct: bool, span: &Span) -> EvalResult<Value> {
        let found = self.occurrences(over, Some(filter), span)?;
        let n = if distinct {
            let mut violations: Vec<usize> = found.iter().map(|(v, _)| *v).collect();
            violations.sort_unstable();
            violations.dedup();
            violations.len()
        } else {
            found.len()
        };
        Ok(Value::Num(Decimal::from(n)))
    }

    /// The same view, to change a part of it: `Env { incident: …, ..env.copy() }`.
    pub fn copy(&self) -> Env<'a> {
        Env {
            program: self.program,
            agent: self.agent,
            incident: self.incident,
            attr_tier: self.attr_tier,
            params: self.params,
            occurrence: self.occurrence,
            probe: self.probe,
            past: self.past,
        }
    }

    fn let_value(&self, i: usize, span: &Span) -> EvalResult<Value> {
        let def = self.program.lets.get(i).ok_or_else(|| missing(span))?;
        let Some(agent) = self.agent else {
            // Outside an agent only constant lets are reachable (the checker saw to it).
            return Env::constant(self.program).eval(&def.expr);
        };
        // Inside a requirement, `tier.attr` is the requirement's tier's, in a let too; only
        // the agent's own tier's values are kept for later uses.
        let own = self.attr_tier.is_none_or(|t| t == agent.tier);
        if own {
            if let Some(Some(v)) = agent.lets.borrow().get(i) {
                return Ok(v.clone());
            }
        }
        let env =
            Env { agent: Some(agent), attr_tier: self.attr_tier, probe: self.probe, ..Env::constant(self.program) };
        let v = env.eval(&def.expr)?;
        if !own {
            return Ok(v);
        }
        if let Some(slot) = agent.lets.borrow_mut().get_mut(i) {
            *slot = Some(v.clone());
        }
        Ok(v)
    }

    fn table(&self, t: usize, args: &[Value], span: &Span) -> EvalResult<Value> {
        let table = self.program.tables.get(t).ok_or_else(|| missing(span))?;
        let env = Env { params: args, probe: self.probe, ..Env::constant(self.program) };
        for (row, (cond, value)) in table.rows.iter().enumerate() {
            let hit = match cond {
                Some(c) => truth(&env.eval(c)?, &c.span)?,
                None => true,
            };
            if hit {
                let v = env.eval(value)?;
                if let Some(p) = self.probe {
                    p.row(t, row, args, &v);
                }
                return Ok(v);
            }
        }
        Err(EvalError::new(Code::Internal, tr!("runtime-no-row-matched", table = &table.name), span))
    }
}

/// `x` rounded to `digits` decimal places (negative: to tens, hundreds…).
fn rounded(how: Rounding, digits: i32, x: Decimal, span: &Span) -> EvalResult<Decimal> {
    let overflow = || EvalError::new(Code::RuntimeOverflow, tr!("runtime-overflow", expr = span.text()), span);
    let strategy = match how {
        Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
        Rounding::Ceil => RoundingStrategy::ToPositiveInfinity,
        Rounding::Round => RoundingStrategy::MidpointAwayFromZero,
    };
    if digits >= 0 {
        return Ok(x.round_dp_with_strategy(digits.unsigned_abs(), strategy));
    }
    // To tens, hundreds…: scale down, round to a whole number, scale back.
    let scale = Decimal::from_i128_with_scale(10i128.checked_pow(digits.unsigned_abs()).ok_or_else(overflow)?, 0);
    let whole = x.checked_div(scale).ok_or_else(overflow)?.round_dp_with_strategy(0, strategy);
    whole.checked_mul(scale).ok_or_else(overflow)
}

fn missing(span: &Span) -> EvalError {
    EvalError::new(Code::Internal, "a value this expression needs is not available", span)
}

fn count(n: Option<&u32>) -> Value {
    Value::Num(Decimal::from(n.copied().unwrap_or(0)))
}

fn num(v: &Value, span: &Span) -> EvalResult<Decimal> {
    match v {
        Value::Num(n) => Ok(*n),
        _ => Err(EvalError::new(Code::Internal, "expected a number", span)),
    }
}

fn truth(v: &Value, span: &Span) -> EvalResult<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(EvalError::new(Code::Internal, "expected a bool", span)),
    }
}

fn arith_value(arith: Arith, a: &Value, b: &Value, span: &Span) -> EvalResult<Value> {
    let overflow = || EvalError::new(Code::RuntimeOverflow, tr!("runtime-overflow", expr = span.text()), span);
    match arith {
        Arith::Num { op, money } => {
            let (x, y) = (num(a, span)?, num(b, span)?);
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::Div => {
                    if y.is_zero() {
                        return Err(EvalError::new(
                            Code::RuntimeDivisionByZero,
                            tr!("runtime-division-by-zero", expr = span.text()),
                            span,
                        ));
                    }
                    x.checked_div(y)
                }
            }
            .ok_or_else(overflow)?;
            Ok(Value::Num(if money { cents(r) } else { r }))
        }
        Arith::AddDays { negate } => {
            let (date, days) = match (a, b) {
                (Value::Date(d), Value::Num(n)) | (Value::Num(n), Value::Date(d)) => (*d, *n),
                _ => return Err(overflow()),
            };
            let days = i64::try_from(days.trunc()).map_err(|_| overflow())?;
            let days = if negate { -days } else { days };
            let d = date
                .checked_add_signed(chrono::TimeDelta::try_days(days).ok_or_else(overflow)?)
                .ok_or_else(overflow)?;
            Ok(Value::Date(d))
        }
        Arith::AddMonths { negate } => {
            let (date, n) = match (a, b) {
                (Value::Date(d), Value::Num(n)) | (Value::Num(n), Value::Date(d)) => (d, n),
                _ => return Err(overflow()),
            };
            let n = i64::try_from(n.trunc()).map_err(|_| overflow())?;
            let d = add_months(*date, if negate { -n } else { n }).ok_or_else(overflow)?;
            Ok(Value::Date(d))
        }
        Arith::DateDiff => {
            let (Value::Date(x), Value::Date(y)) = (a, b) else { return Err(overflow()) };
            Ok(Value::Num(Decimal::from((*x - *y).num_days())))
        }
    }
}
