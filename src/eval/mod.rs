//! One month, evaluated: per agent, in input order.
//!
//! For each agent (contract section 6):
//! 1. tenure and tenure_days to the first day after the month;
//! 2. each of the agent's incidents, in input order: an occurrence when its violation's
//!    `when` holds (then `points` and `compensation` are evaluated), otherwise kept as not
//!    counted, with the condition and the values that made it false;
//! 3. escalations, in dependency order, each counting toward its severity once it fires;
//! 4. totals; the agent's own tier's requirements (`tier_ok`) and the next tier's
//!    (`promotion`);
//! 5. the pay lines, in order.
//!
//! Every figure keeps the values it was computed from, so an agent's month can be
//! explained line by line ([`AgentResult`] is the trace).

pub mod value;
pub mod worked;

use std::cell::RefCell;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::program::*;
use crate::check::types::{Dim, Type};
use crate::diag::Diagnostic;
use crate::records::{Month, MonthRecords};
use value::AgentEnv;
pub use value::{cents, tenure, Env, EvalError, MonthState};

/// A value that needs nothing at run time, e.g. a field default.
pub fn constant(program: &Program, e: &CExpr) -> Result<Value, EvalError> {
    Env::constant(program).eval(e)
}

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
}

#[derive(Clone, Debug)]
pub struct NotCounted {
    pub violation: usize,
    pub date: NaiveDate,
    pub line: usize,
    /// The `when` condition as written.
    pub condition: String,
    pub values: Vec<Shown>,
}

impl NotCounted {
    /// One line for the report: the condition and the values that made it false.
    pub fn why(&self) -> String {
        let values: Vec<String> = self.values.iter().map(|s| format!("{} = {}", s.expr, s.value)).collect();
        if values.is_empty() {
            format!("`{}` is false", self.condition)
        } else {
            format!("`{}` is false: {}", self.condition, values.join(", "))
        }
    }
}

#[derive(Clone, Debug)]
pub struct ViolationTally {
    pub violation: usize,
    pub count: u32,
    pub points: Decimal,
    pub compensation: Decimal,
}

#[derive(Clone, Debug)]
pub struct EscalationOutcome {
    pub escalation: usize,
    pub fired: bool,
    pub points: Decimal,
    pub condition: String,
    pub values: Vec<Shown>,
}

#[derive(Clone, Debug)]
pub struct RequirementOutcome {
    pub tier: usize,
    pub holds: bool,
    pub text: String,
    pub doc: String,
    pub values: Vec<Shown>,
}

#[derive(Clone, Debug)]
pub struct PayOutcome {
    pub value: Value,
    pub formula: String,
    pub values: Vec<Shown>,
}

/// One agent's month.
#[derive(Clone, Debug)]
pub struct AgentResult {
    pub id: String,
    pub name: String,
    pub tier: usize,
    pub tenure_months: i64,
    pub tenure_days: i64,
    /// Violations with at least one counted occurrence, in declaration order.
    pub violations: Vec<ViolationTally>,
    /// Each counted incident (kept with [`Trace::Full`] only).
    pub counted: Vec<Occurrence>,
    pub not_counted: Vec<NotCounted>,
    /// Every escalation, fired or not, in evaluation order (`escalation` indexes
    /// [`Program::escalations`]).
    pub escalations: Vec<EscalationOutcome>,
    pub severity_counts: Vec<u32>,
    pub points: Decimal,
    pub compensation: Decimal,
    pub promotion: Option<usize>,
    pub tier_ok: bool,
    /// The own tier's requirements, then the next tier's.
    pub requirements: Vec<RequirementOutcome>,
    pub pay: Vec<PayOutcome>,
}

impl AgentResult {
    pub fn fired(&self) -> impl Iterator<Item = &EscalationOutcome> {
        self.escalations.iter().filter(|e| e.fired)
    }
}

/// The whole month's result.
#[derive(Clone, Debug)]
pub struct MonthResult {
    pub month: Month,
    pub agents: Vec<AgentResult>,
}

/// How much of the derivation to keep: everything (for explanations), or only what the
/// reports print (the values behind incidents not counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trace {
    Full,
    Report,
}

/// One incident of an agent, as the evaluator reads it.
#[derive(Clone, Copy, Debug)]
pub struct IncidentRow<'a> {
    pub values: &'a [Value],
    pub line: usize,
}

/// Stack for each evaluating thread.
const EVAL_STACK: usize = 16 * 1024 * 1024;

/// Evaluates a month of checked records, with full traces. Errors name the agent and
/// the expression.
pub fn evaluate(program: &Program, records: &MonthRecords) -> Result<MonthResult, Vec<Diagnostic>> {
    evaluate_with(program, records, Trace::Full)
}

/// Evaluates a month; agents are evaluated in parallel and come out in input order.
pub fn evaluate_with(program: &Program, records: &MonthRecords, trace: Trace) -> Result<MonthResult, Vec<Diagnostic>> {
    use rayon::prelude::*;

    // Incidents grouped by agent, each group in input order (a counting sort).
    let n = records.agents.len();
    let mut starts = vec![0usize; n + 1];
    for &a in &records.incident_agent {
        if let Some(c) = starts.get_mut(a as usize + 1) {
            *c += 1;
        }
    }
    for i in 0..n {
        let before = starts.get(i).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(i + 1) {
            *c += before;
        }
    }
    let mut next = starts.clone();
    let mut order = vec![0usize; records.incident_agent.len()];
    for (i, &a) in records.incident_agent.iter().enumerate() {
        if let Some(slot) = next.get_mut(a as usize) {
            if let Some(o) = order.get_mut(*slot) {
                *o = i;
            }
            *slot += 1;
        }
    }
    let evaluate_all = || -> Vec<Result<AgentResult, Diagnostic>> {
        (0..n)
            .into_par_iter()
            .map(|i| {
                let fields = records.agents.row(i);
                let group = order
                    .get(starts.get(i).copied().unwrap_or(0)..starts.get(i + 1).copied().unwrap_or(0))
                    .unwrap_or(&[]);
                let incidents: Vec<IncidentRow> = group
                    .iter()
                    .map(|&j| IncidentRow { values: records.incidents.row(j), line: records.incidents.line(j) })
                    .collect();
                evaluate_agent(program, records.month, fields, &incidents, trace)
                    .map_err(|e| e.into_diagnostic(Some(&text_of(fields.get(AGENT_ID)))))
            })
            .collect()
    };
    // Evaluation recurses along expressions: workers get room for the deepest one.
    let results = match rayon::ThreadPoolBuilder::new().stack_size(EVAL_STACK).build() {
        Ok(pool) => pool.install(evaluate_all),
        Err(_) => evaluate_all(),
    };
    let mut agents = Vec::with_capacity(n);
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(a) => agents.push(a),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(MonthResult { month: records.month, agents })
    } else {
        Err(errors)
    }
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    }
}

/// Evaluates one agent's month.
pub fn evaluate_agent(
    program: &Program,
    month: Month,
    fields: &[Value],
    incidents: &[IncidentRow],
    trace: Trace,
) -> Result<AgentResult, EvalError> {
    let full = trace == Trace::Full;
    let shown = |env: &Env, e: &CExpr| if full { shown(env, e) } else { Vec::new() };
    let text = |e: &CExpr| if full { e.span.text().to_string() } else { String::new() };
    let tier = match fields.get(AGENT_TIER) {
        Some(Value::Tier(t)) => *t,
        _ => 0,
    };
    let hired = match fields.get(AGENT_HIRED_ON) {
        Some(Value::Date(d)) => *d,
        _ => month.next_first(),
    };
    let (tenure_months, tenure_days) = tenure(hired, month.next_first());
    let state = RefCell::new(MonthState {
        violation_counts: vec![0; program.violations.len()],
        severity_counts: vec![0; program.severities.len()],
        escalation_fired: vec![false; program.escalations.len()],
        points: Decimal::ZERO,
        compensation: Decimal::ZERO,
    });
    let lets = RefCell::new(vec![None; program.lets.len()]);
    let pay = RefCell::new(Vec::with_capacity(program.pay.len()));
    let agent = AgentEnv { fields, tier, tenure: tenure_months, tenure_days, month: &state, lets: &lets, pay: &pay };
    let env = Env { program, agent: Some(&agent), incident: None, attr_tier: None, params: &[] };

    // Incidents.
    let mut tallies: Vec<ViolationTally> = (0..program.violations.len())
        .map(|v| ViolationTally { violation: v, count: 0, points: Decimal::ZERO, compensation: Decimal::ZERO })
        .collect();
    let mut counted = Vec::new();
    let mut not_counted = Vec::new();
    let mut points = Decimal::ZERO;
    let mut compensation = Decimal::ZERO;
    for inc in incidents {
        let v = match inc.values.get(INCIDENT_VIOLATION) {
            Some(Value::Violation(v)) => *v,
            _ => continue,
        };
        let date = match inc.values.get(INCIDENT_DATE) {
            Some(Value::Date(d)) => *d,
            _ => month.first(),
        };
        let Some(def) = program.violations.get(v) else { continue };
        let ienv = Env { incident: Some(inc.values), ..env_copy(&env) };
        if let Some(when) = &def.when {
            if !matches!(ienv.eval(when)?, Value::Bool(true)) {
                not_counted.push(NotCounted {
                    violation: v,
                    date,
                    line: inc.line,
                    condition: when.span.text().to_string(),
                    values: self::shown(&ienv, when),
                });
                continue;
            }
        }
        let p = num(&ienv.eval(&def.points)?);
        let c = match &def.compensation {
            Some(c) => cents(num(&ienv.eval(c)?)),
            None => Decimal::ZERO,
        };
        points = add(points, p, &def.points)?;
        let comp_at = def.compensation.as_ref().unwrap_or(&def.points);
        compensation = add(compensation, c, comp_at)?;
        if let Some(t) = tallies.get_mut(v) {
            t.count += 1;
            t.points = add(t.points, p, &def.points)?;
            t.compensation = add(t.compensation, c, comp_at)?;
        }
        {
            let mut s = state.borrow_mut();
            if let Some(n) = s.violation_counts.get_mut(v) {
                *n += 1;
            }
            if let Some(n) = s.severity_counts.get_mut(def.severity) {
                *n += 1;
            }
        }
        if full {
            counted.push(Occurrence { violation: v, date, line: inc.line, points: p, compensation: c });
        }
    }

    // Escalations, in dependency order.
    let mut escalations = Vec::new();
    for &i in &program.escalation_order {
        let Some(esc) = program.escalations.get(i) else { continue };
        let values = shown(&env, &esc.when);
        let fired = matches!(env.eval(&esc.when)?, Value::Bool(true));
        let mut p = Decimal::ZERO;
        if fired {
            p = num(&env.eval(&esc.points)?);
            points = add(points, p, &esc.points)?;
            let mut s = state.borrow_mut();
            if let Some(f) = s.escalation_fired.get_mut(i) {
                *f = true;
            }
            if let Some(n) = s.severity_counts.get_mut(esc.severity) {
                *n += 1;
            }
        }
        escalations.push(EscalationOutcome {
            escalation: i,
            fired,
            points: p,
            condition: esc.when.span.text().to_string(),
            values,
        });
    }
    {
        let mut s = state.borrow_mut();
        s.points = points;
        s.compensation = compensation;
    }

    // Tiers.
    let mut requirements = Vec::new();
    let tier_ok = requirements_hold(&env, tier, &mut requirements, full)?;
    let promotion = match program.tiers.get(tier + 1) {
        Some(_) if requirements_hold(&env, tier + 1, &mut requirements, full)? => Some(tier + 1),
        _ => None,
    };

    // Pay lines.
    let mut pay_out = Vec::with_capacity(program.pay.len());
    for line in &program.pay {
        let value = env.eval(&line.expr)?;
        pay.borrow_mut().push(value.clone());
        pay_out.push(PayOutcome { value, formula: text(&line.expr), values: shown(&env, &line.expr) });
    }

    let severity_counts = state.borrow().severity_counts.clone();
    Ok(AgentResult {
        id: text_of(fields.get(AGENT_ID)),
        name: text_of(fields.get(AGENT_NAME)),
        tier,
        tenure_months,
        tenure_days,
        violations: tallies.into_iter().filter(|t| t.count > 0).collect(),
        counted,
        not_counted,
        escalations,
        severity_counts,
        points,
        compensation,
        promotion,
        tier_ok,
        requirements,
        pay: pay_out,
    })
}

fn env_copy<'a>(env: &Env<'a>) -> Env<'a> {
    Env { program: env.program, agent: env.agent, incident: env.incident, attr_tier: env.attr_tier, params: env.params }
}

fn requirements_hold(env: &Env, tier: usize, out: &mut Vec<RequirementOutcome>, full: bool) -> Result<bool, EvalError> {
    let Some(def) = env.program.tiers.get(tier) else { return Ok(false) };
    let tenv = Env { attr_tier: Some(tier), ..env_copy(env) };
    let mut all = true;
    for r in &def.requires {
        let holds = matches!(tenv.eval(&r.expr)?, Value::Bool(true));
        all &= holds;
        if full {
            out.push(RequirementOutcome {
                tier,
                holds,
                text: r.expr.span.text().to_string(),
                doc: r.doc.clone(),
                values: shown(&tenv, &r.expr),
            });
        }
    }
    Ok(all)
}

fn num(v: &Value) -> Decimal {
    match v {
        Value::Num(n) => *n,
        _ => Decimal::ZERO,
    }
}

fn add(a: Decimal, b: Decimal, at: &CExpr) -> Result<Decimal, EvalError> {
    a.checked_add(b).ok_or_else(|| EvalError {
        code: crate::diag::Code::RuntimeOverflow,
        message: "the month's total overflows".into(),
        span: at.span.clone(),
    })
}

/// The leaves of an expression with their values: what an explanation shows.
fn shown(env: &Env, e: &CExpr) -> Vec<Shown> {
    let mut out = Vec::new();
    collect_leaves(env, e, &mut out);
    out
}

fn collect_leaves(env: &Env, e: &CExpr, out: &mut Vec<Shown>) {
    let program = env.program;
    let ty = match &e.kind {
        CKind::AgentField(i) => program.agent_fields.get(*i).map(|f| f.ty),
        CKind::IncidentField(i) => program.incident_fields.get(*i).map(|f| f.ty),
        CKind::TierAttr(i) => program.tier_attrs.get(*i).map(|a| a.1),
        CKind::AgentTier => Some(Type::Tier),
        CKind::Tenure => Some(Type::PERIOD),
        CKind::TenureDays => Some(Type::DAYS),
        CKind::Points => Some(Type::POINTS),
        CKind::Compensation => Some(Type::MONEY),
        CKind::CountViolation(_) | CKind::CountSeverity(_) | CKind::CountEscalation(_) | CKind::Distinct(_) => {
            Some(Type::NUMBER)
        }
        CKind::Let(i) => program.lets.get(*i).map(|l| l.ty),
        CKind::PayLine(i) => program.pay.get(*i).map(|l| l.ty),
        _ => None,
    };
    if let Some(ty) = ty {
        let expr = e.span.text().to_string();
        if out.iter().any(|s| s.expr == expr) {
            return;
        }
        if let Ok(v) = env.eval(e) {
            out.push(Shown { expr, value: render(program, &v, ty, true) });
        }
        return;
    }
    match &e.kind {
        CKind::Neg(x) | CKind::Not(x) | CKind::Floor(x) | CKind::Ceil(x) | CKind::Round(x) => {
            collect_leaves(env, x, out)
        }
        CKind::Arith(_, a, b) | CKind::Compare(_, a, b) | CKind::And(a, b) | CKind::Or(a, b) => {
            collect_leaves(env, a, out);
            collect_leaves(env, b, out);
        }
        CKind::If(c, a, b) => {
            for x in [c, a, b] {
                collect_leaves(env, x, out);
            }
        }
        CKind::Min(args) | CKind::Max(args) | CKind::Table(_, args) => {
            for a in args {
                collect_leaves(env, a, out);
            }
        }
        _ => {}
    }
}

/// A value as people read it. Money always has two decimals; with `unit`, quantities
/// carry their base unit (`10 分`, `30 minutes`).
pub fn render(program: &Program, v: &Value, ty: Type, unit: bool) -> String {
    match v {
        Value::Num(n) => {
            let text = if ty == Type::MONEY { money_text(*n) } else { n.normalize().to_string() };
            match ty {
                Type::Quantity(d) if unit && d != Dim::NUMBER => {
                    let unit = d.base_unit();
                    let unit = if n.abs() == Decimal::ONE { unit.trim_end_matches('s').to_string() } else { unit };
                    format!("{text} {unit}")
                }
                _ => text,
            }
        }
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Text(t) => t.to_string(),
        Value::Tier(t) => program.tiers.get(*t).map_or_else(String::new, |t| t.name.clone()),
        Value::Severity(s) => program.severities.get(*s).map_or_else(String::new, |s| s.name.clone()),
        Value::Violation(v) => program.violations.get(*v).map_or_else(String::new, |v| v.name.clone()),
    }
}

/// Money with exactly two decimals.
pub fn money_text(n: Decimal) -> String {
    let mut c = cents(n);
    c.rescale(2);
    c.to_string()
}
