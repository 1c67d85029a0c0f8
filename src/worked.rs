//! Running worked examples: build the example's month, evaluate it, compare.
//!
//! A worked example is evaluated exactly like a month read from files: the same record
//! rules ([`crate::records::checks`]: dates inside the month, hired by its end, policy in
//! effect, no holes) with the same wording, and the same evaluator. Each expectation that does not hold is a `kaohe::test::failed`
//! diagnostic at the expectation, with the expected and the actual value.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::check::program::*;
use crate::check::types::Type;
use crate::diag::{Code, Diagnostic};
use crate::eval::history::{Figure, FigureValue};
use crate::eval::{constant, evaluate_with_history, render, AgentResult, EvalError, History, StoredResult, Trace};
use crate::money::cents;
use crate::records::{checks, MonthRecords, Rows};
use crate::value::compare;

/// The outcome of one worked example.
pub struct ExampleOutcome {
    pub name: String,
    /// Expectations that held.
    pub passed: usize,
    /// Each expectation that did not hold, and anything that kept the example from running.
    pub failures: Vec<Diagnostic>,
    /// The example's month as evaluated (empty when it could not run), for coverage.
    pub agents: Vec<AgentResult>,
}

impl ExampleOutcome {
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

pub fn run_examples(program: &Program) -> Vec<ExampleOutcome> {
    program.examples.iter().map(|ex| run_example(program, ex)).collect()
}

fn run_example(program: &Program, ex: &WorkedExample) -> ExampleOutcome {
    let failure = |ex: &WorkedExample, d: Diagnostic| Diagnostic {
        message: tr!("test-example-failed", name = &ex.name, message = &d.message),
        ..d
    };
    let mut failures: Vec<Diagnostic> = Vec::new();
    if let Some(d) = checks::not_in_effect(program, ex.month) {
        failures.push(failure(ex, d.at(&ex.span, tr!("test-month-before-policy"))));
    }
    failures.extend(checks::holes(program).map(|d| failure(ex, d)));
    let mut agents = Rows::new(program.agent_fields.len());
    for a in &ex.agents {
        match values(program, &program.agent_fields, &a.values, AGENT_ID, &a.id) {
            Ok(v) => {
                let mut v = v;
                if let Some(Value::Date(d)) = v.get(AGENT_HIRED_ON) {
                    failures.extend(checks::hired_after_month(&a.id, *d, ex.month, &a.span).map(|d| failure(ex, d)));
                }
                if let Some(d) = crate::records::tier_since(&mut v, &a.id, ex.month, &a.span) {
                    failures.push(failure(ex, d));
                }
                agents.push(v, a.span.line());
            }
            Err(d) => failures.push(d),
        }
    }
    let mut incidents = Rows::new(program.incident_fields.len());
    for i in &ex.incidents {
        match values(program, &program.incident_fields, &i.values, INCIDENT_AGENT, &i.agent) {
            Ok(v) => {
                if let Some(Value::Date(d)) = v.get(INCIDENT_DATE) {
                    failures.extend(checks::outside_month(*d, ex.month, &i.span).map(|d| failure(ex, d)));
                }
                incidents.push(v, i.span.line());
            }
            Err(d) => failures.push(d),
        }
    }
    if !failures.is_empty() {
        return ExampleOutcome { name: ex.name.clone(), passed: 0, failures, agents: Vec::new() };
    }
    let history = match history_of(program, ex) {
        Ok(h) => h,
        Err(d) => {
            return ExampleOutcome {
                name: ex.name.clone(),
                passed: 0,
                failures: vec![failure(ex, d)],
                agents: Vec::new(),
            }
        }
    };
    let records = MonthRecords::new(ex.month, agents, incidents);
    let result = match evaluate_with_history(program, &records, Trace::Full, &history) {
        Ok(r) => r,
        Err(diags) => return ExampleOutcome { name: ex.name.clone(), passed: 0, failures: diags, agents: Vec::new() },
    };
    let mut passed = 0;
    for e in &ex.expects {
        let Some(agent) = result.agents.iter().find(|a| a.id == e.agent) else { continue };
        match expectation(program, e, agent) {
            Ok(()) => passed += 1,
            Err(d) => failures.push(d),
        }
    }
    ExampleOutcome { name: ex.name.clone(), passed, failures, agents: result.agents }
}

/// The closed months a worked example states (`history 2024-09 { … }`), as a ledger
/// would hold them: each agent's month stores the figures given, and nothing else.
fn history_of(program: &Program, ex: &WorkedExample) -> Result<History, Diagnostic> {
    let mut months: Vec<(crate::calendar::Month, String, Vec<Figure>)> = Vec::new();
    for h in &ex.history {
        let Some((name, ty)) = figure_of(program, h.target) else { continue };
        let value = match &h.value {
            None => FigureValue::NoTier,
            Some(e) => match constant(program, e).map_err(|e| e.into_diagnostic(Some(&h.agent)))? {
                Value::Num(n) => FigureValue::Num(n),
                Value::Bool(b) if matches!(h.target, WorkedTarget::Fired(_)) => {
                    FigureValue::Num(Decimal::from(u8::from(b)))
                }
                Value::Bool(b) => FigureValue::Bool(b),
                Value::Tier(t) => {
                    program.tiers.get(t).map_or(FigureValue::NoTier, |d| FigureValue::Tier(d.name.clone()))
                }
                Value::Text(t) => FigureValue::Text(t.to_string()),
                other => FigureValue::Text(render(program, &other, h.ty, false)),
            },
        };
        let figure = Figure { name, ty: ty.to_string(), value };
        match months.iter_mut().find(|(m, id, _)| *m == h.month && *id == h.agent) {
            Some((_, _, figures)) => {
                figures.retain(|f| f.name != figure.name);
                figures.push(figure);
            }
            None => months.push((h.month, h.agent.clone(), vec![figure])),
        }
    }
    let mut history = History::none();
    for (m, id, figures) in months {
        history.add(m, StoredResult::from_figures(&id, "", figures));
    }
    Ok(history)
}

/// The stored name and type of what a worked example's figure names.
fn figure_of(program: &Program, target: WorkedTarget) -> Option<(String, Type)> {
    let target_name = |t: Target| match t {
        Target::Violation(v) => program.violations.get(v).map(|d| d.name.clone()),
        Target::Severity(s) => program.severities.get(s).map(|d| d.name.clone()),
    };
    Some(match target {
        WorkedTarget::Points => ("points".into(), Type::POINTS),
        WorkedTarget::Compensation => ("compensation".into(), Type::MONEY),
        WorkedTarget::Fine => ("fine".into(), Type::MONEY),
        WorkedTarget::Subtotal(a, t) => {
            let (word, ty) = match a {
                Amount::Points => ("points", Type::POINTS),
                Amount::Compensation => ("compensation", Type::MONEY),
                Amount::Fine => ("fine", Type::MONEY),
            };
            (format!("{word}({})", target_name(t)?), ty)
        }
        WorkedTarget::Tenure => ("tenure".into(), Type::PERIOD),
        WorkedTarget::TenureDays => ("tenure_days".into(), Type::DAYS),
        WorkedTarget::TierOk => ("tier_ok".into(), Type::Bool),
        WorkedTarget::Tier => ("tier".into(), Type::Tier),
        WorkedTarget::Promotion => ("promotion".into(), Type::Tier),
        WorkedTarget::Pay(i) => {
            let line = program.pay.get(i)?;
            (line.name.clone(), line.ty)
        }
        WorkedTarget::CountViolation(v) => (format!("count({})", program.violations.get(v)?.name), Type::NUMBER),
        WorkedTarget::CountSeverity(s) => (format!("count({})", program.severities.get(s)?.name), Type::NUMBER),
        WorkedTarget::Fired(e) => (format!("count({})", program.escalations.get(e)?.name), Type::NUMBER),
        // Not stored: the checker refuses it in `history`.
        WorkedTarget::TierTenure => return None,
    })
}

/// A worked record's values: given, else the field's default; the id in its slot.
fn values(
    program: &Program,
    fields: &[FieldDef],
    given: &[Option<CExpr>],
    id_slot: usize,
    id: &str,
) -> Result<Vec<Value>, Diagnostic> {
    let mut out = Vec::with_capacity(fields.len());
    for (i, (f, g)) in fields.iter().zip(given).enumerate() {
        let v = match (g, &f.default) {
            _ if i == id_slot => Value::Text(id.into()),
            (Some(e), _) | (None, Some(e)) => {
                let v = constant(program, e).map_err(|e: EvalError| e.into_diagnostic(Some(id)))?;
                match (v, f.ty) {
                    (Value::Num(n), t) if t == Type::MONEY => Value::Num(cents(n)),
                    (v, _) => v,
                }
            }
            (None, None) => Value::Text("".into()),
        };
        out.push(v);
    }
    Ok(out)
}

fn expectation(program: &Program, e: &WorkedExpect, a: &AgentResult) -> Result<(), Diagnostic> {
    let num = |d: Decimal| Some(Value::Num(d));
    let actual: Option<Value> = match e.target {
        WorkedTarget::Points => num(a.points),
        WorkedTarget::Compensation => num(a.compensation),
        WorkedTarget::Fine => num(a.fine),
        WorkedTarget::Subtotal(amount, target) => num(a.subtotal(amount, target)),
        WorkedTarget::Tenure => num(Decimal::from(a.tenure_months)),
        WorkedTarget::TenureDays => num(Decimal::from(a.tenure_days)),
        WorkedTarget::TierTenure => num(Decimal::from(a.tier_tenure)),
        WorkedTarget::TierOk => Some(Value::Bool(a.tier_ok)),
        WorkedTarget::Tier => Some(Value::Tier(a.tier)),
        WorkedTarget::Promotion => a.promotion.map(Value::Tier),
        WorkedTarget::Pay(i) => a.pay.get(i).map(|p| p.value.clone()),
        WorkedTarget::CountViolation(i) => {
            num(Decimal::from(a.violations.iter().find(|t| t.violation == i).map_or(0, |t| t.count)))
        }
        WorkedTarget::CountSeverity(i) => num(Decimal::from(a.severity_counts.get(i).copied().unwrap_or(0))),
        WorkedTarget::Fired(i) => Some(Value::Bool(a.escalations.iter().any(|o| o.escalation == i && o.fired))),
    };
    let expected = match &e.value {
        Some(x) => Some(constant(program, x).map_err(|err| err.into_diagnostic(Some(&e.agent)))?),
        None => None,
    };
    let holds = match (&actual, &expected) {
        (Some(x), Some(y)) => e.op.holds(compare(x, y)),
        (None, None) => e.op.holds(Ordering::Equal),
        _ => e.op.holds(Ordering::Less) && e.op == crate::syntax::ast::CmpOp::Ne,
    };
    if holds {
        return Ok(());
    }
    let show = |v: &Option<Value>| v.as_ref().map_or_else(|| tr!("explain-none"), |v| render(program, v, e.ty, true));
    let (want, got) = (show(&expected), show(&actual));
    Err(Diagnostic::error(Code::TestFailed, tr!("test-does-not-hold", expect = e.text.trim(), got = &got))
        .at(&e.span, tr!("test-does-not-hold-label", op = e.op.symbol(), want = &want, got = &got))
        .with_help(tr!("test-does-not-hold-help")))
}
