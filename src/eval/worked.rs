//! Running worked examples: build the example's month, evaluate it, compare.
//!
//! A worked example is evaluated exactly like a month read from files: the same record
//! rules (dates inside the month, hired by its end, policy in effect, no holes) and the
//! same evaluator. Each expectation that does not hold is a `kaohe::test::failed`
//! diagnostic at the expectation, with the expected and the actual value.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{evaluate, render, value::compare, AgentResult};
use crate::check::program::*;
use crate::check::types::Type;
use crate::diag::{Code, Diagnostic};
use crate::records::{MonthRecords, Rows};

/// The outcome of one worked example.
pub struct ExampleOutcome {
    pub name: String,
    /// Expectations that held.
    pub passed: usize,
    /// Each expectation that did not hold, and anything that kept the example from running.
    pub failures: Vec<Diagnostic>,
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
    let mut failures = Vec::new();
    let fail = |code: Code, message: String, span: &crate::source::Span, label: &str| {
        Diagnostic::error(code, format!("worked example \"{}\": {message}", ex.name)).at(span, label)
    };
    if program.header.effective > ex.month.last() {
        failures.push(fail(
            Code::RecordNotInEffect,
            format!("month {} is before the policy takes effect ({})", ex.month, program.header.effective),
            &ex.span,
            "month before the policy",
        ));
    }
    for hole in &program.holes {
        failures.push(fail(Code::RecordHole, "the policy still has holes".into(), hole, "`TBD`"));
    }
    let mut agents = Rows::new(program.agent_fields.len());
    for a in &ex.agents {
        match values(program, &program.agent_fields, &a.values, AGENT_ID, &a.id) {
            Ok(v) => {
                if let Some(Value::Date(d)) = v.get(AGENT_HIRED_ON) {
                    if *d > ex.month.last() {
                        failures.push(fail(
                            Code::RecordHiredAfterMonth,
                            format!("agent `{}` is hired after {}", a.id, ex.month),
                            &a.span,
                            "hired after the month",
                        ));
                    }
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
                    if !ex.month.contains(*d) {
                        failures.push(fail(
                            Code::RecordDateOutsideMonth,
                            format!("an incident dated {d} is outside {}", ex.month),
                            &i.span,
                            "outside the month",
                        ));
                    }
                }
                incidents.push(v, i.span.line());
            }
            Err(d) => failures.push(d),
        }
    }
    if !failures.is_empty() {
        return ExampleOutcome { name: ex.name.clone(), passed: 0, failures };
    }
    let records = MonthRecords::new(ex.month, agents, incidents);
    let result = match evaluate(program, &records) {
        Ok(r) => r,
        Err(diags) => return ExampleOutcome { name: ex.name.clone(), passed: 0, failures: diags },
    };
    let mut passed = 0;
    for e in &ex.expects {
        let Some(agent) = result.agents.iter().find(|a| a.id == e.agent) else { continue };
        match expectation(program, e, agent) {
            Ok(()) => passed += 1,
            Err(d) => failures.push(d),
        }
    }
    ExampleOutcome { name: ex.name.clone(), passed, failures }
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
                let v = super::constant(program, e).map_err(|e| e.into_diagnostic(Some(id)))?;
                match (v, f.ty) {
                    (Value::Num(n), t) if t == Type::MONEY => Value::Num(super::cents(n)),
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
        WorkedTarget::Tenure => num(Decimal::from(a.tenure_months)),
        WorkedTarget::TenureDays => num(Decimal::from(a.tenure_days)),
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
        Some(x) => Some(super::constant(program, x).map_err(|err| err.into_diagnostic(Some(&e.agent)))?),
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
    let show = |v: &Option<Value>| v.as_ref().map_or_else(|| "none".to_string(), |v| render(program, v, e.ty, true));
    let (want, got) = (show(&expected), show(&actual));
    Err(Diagnostic::error(Code::TestFailed, format!("`{}` does not hold: the month gives {got}", e.text.trim()))
        .at(&e.span, format!("expected {} {want}, got {got}", e.op.symbol()))
        .with_help("either the policy or the worked example is wrong: the explanation of this agent (`kaohe eval --explain`) shows how the figure was reached"))
}
