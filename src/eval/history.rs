//! History: an agent's closed months, as the evaluator reads them (contract v2 §4.1).
//!
//! A closed month stores, per agent, a list of named [`Figure`]s — every pay line,
//! `points`, `compensation`, `fine` and their subtotals, `count` and `distinct` of every
//! violation, severity and escalation, `tier`, `tenure`, `tier_ok`, `promotion` — each
//! with its type, by name, not by slot: a later revision of the policy reads what an
//! earlier one stored as long as the name and the type agree ([`StoredResult`]). The
//! ledger (a layer above) keeps them; the evaluator only reads a [`History`], which any
//! caller may build (worked examples state earlier months in the policy itself).
//!
//! A name a month does not store, or stores with another type, makes that month absent
//! for the expression that uses it: `previous` falls back to its default, a streak ends,
//! a sum adds nothing.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value as Json};

use super::expr::{Env, EvalError, EvalResult};
use super::result::AgentResult;
use crate::calendar::Month;
use crate::check::program::{Amount, CExpr, CKind, HistoryFunc, Program, Target};
use crate::check::types::Type;
use crate::diag::Code;
use crate::source::Span;
use crate::value::Value;

/// One stored figure's value.
#[derive(Clone, Debug, PartialEq)]
pub enum FigureValue {
    Num(Decimal),
    Bool(bool),
    /// A tier by name (tiers may be renamed or reordered between revisions).
    Tier(String),
    /// `promotion` when there is none.
    NoTier,
    Text(String),
}

/// One named figure of a closed month, with the type it had in the policy that closed it.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub name: String,
    /// The type as the checker writes it (`money`, `points`, `number`, `bool`, `tier`…).
    pub ty: String,
    pub value: FigureValue,
}

/// One agent's closed month as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredResult {
    pub id: String,
    pub name: String,
    /// In a fixed order: the month's totals, then per violation, severity and
    /// escalation, then the pay lines in order.
    pub figures: Vec<Figure>,
}

/// One closed month of an agent, for the evaluator.
#[derive(Clone, Debug, PartialEq)]
pub struct PastMonth {
    pub month: Month,
    pub result: StoredResult,
}

/// The closed months the evaluator may read, per agent id, each agent's in calendar
/// order and all before the month being evaluated.
#[derive(Clone, Debug, Default)]
pub struct History {
    agents: HashMap<String, Vec<PastMonth>>,
}

impl History {
    /// No history at all (no ledger): every history expression takes its default.
    pub fn none() -> History {
        History::default()
    }

    /// Adds one agent's closed month (kept in calendar order).
    pub fn add(&mut self, month: Month, result: StoredResult) {
        let months = self.agents.entry(result.id.clone()).or_default();
        let at = months.partition_point(|p| p.month < month);
        months.insert(at, PastMonth { month, result });
    }

    /// One agent's closed months, oldest first.
    pub fn of(&self, id: &str) -> &[PastMonth] {
        self.agents.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.agents.is_empty()
    }

    /// Only the months before `month`.
    pub fn before(&self, month: Month) -> History {
        let agents = self
            .agents
            .iter()
            .map(|(id, months)| (id.clone(), months.iter().filter(|p| p.month < month).cloned().collect::<Vec<_>>()))
            .filter(|(_, m)| !m.is_empty())
            .collect();
        History { agents }
    }
}

/// The month before `m`.
pub fn month_before(m: Month) -> Month {
    if m.month <= 1 {
        Month { year: m.year - 1, month: 12 }
    } else {
        Month { year: m.year, month: m.month - 1 }
    }
}

/// `m` minus `n` months.
pub fn months_before(m: Month, n: u32) -> Month {
    let index = i64::from(m.year) * 12 + i64::from(m.month) - 1 - i64::from(n);
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MIN);
    Month { year, month: u32::try_from(index.rem_euclid(12)).unwrap_or(0) + 1 }
}

/// The name under which a month stores the figure an expression leaf reads, and the
/// figure's type; `None` for a leaf a closed month does not store.
pub fn stored_name(program: &Program, kind: &CKind) -> Option<(String, Type)> {
    let name_of = |t: &Target| match t {
        Target::Violation(v) => program.violations.get(*v).map(|d| d.name.clone()),
        Target::Severity(s) => program.severities.get(*s).map(|d| d.name.clone()),
    };
    Some(match kind {
        CKind::Points => ("points".into(), Type::POINTS),
        CKind::Compensation => ("compensation".into(), Type::MONEY),
        CKind::Fine => ("fine".into(), Type::MONEY),
        CKind::Tenure => ("tenure".into(), Type::PERIOD),
        CKind::TenureDays => ("tenure_days".into(), Type::DAYS),
        CKind::AgentTier => ("tier".into(), Type::Tier),
        CKind::Subtotal(a, t) => {
            let ty = if *a == Amount::Points { Type::POINTS } else { Type::MONEY };
            (format!("{}({})", amount_word(*a), name_of(t)?), ty)
        }
        CKind::CountViolation(v) => (format!("count({})", program.violations.get(*v)?.name), Type::NUMBER),
        CKind::CountSeverity(s) => (format!("count({})", program.severities.get(*s)?.name), Type::NUMBER),
        CKind::CountEscalation(e) => (format!("count({})", program.escalations.get(*e)?.name), Type::NUMBER),
        CKind::Distinct(s) => (format!("distinct({})", program.severities.get(*s)?.name), Type::NUMBER),
        CKind::PayLine(j) => {
            let line = program.pay.get(*j)?;
            (line.name.clone(), line.ty)
        }
        _ => return None,
    })
}

fn amount_word(a: Amount) -> &'static str {
    match a {
        Amount::Points => "points",
        Amount::Compensation => "compensation",
        Amount::Fine => "fine",
    }
}

impl StoredResult {
    /// What a closed month stores of one agent's result.
    pub fn of(program: &Program, agent: &AgentResult) -> StoredResult {
        let mut figures = Vec::new();
        let mut num = |name: String, ty: Type, n: Decimal| {
            figures.push(Figure { name, ty: ty.to_string(), value: FigureValue::Num(n) })
        };
        num("points".into(), Type::POINTS, agent.points);
        num("compensation".into(), Type::MONEY, agent.compensation);
        num("fine".into(), Type::MONEY, agent.fine);
        num("tenure".into(), Type::PERIOD, Decimal::from(agent.tenure_months));
        num("tenure_days".into(), Type::DAYS, Decimal::from(agent.tenure_days));
        let counts = |v: usize| agent.violations.iter().find(|t| t.violation == v).map_or(0, |t| t.count);
        for (v, def) in program.violations.iter().enumerate() {
            num(format!("count({})", def.name), Type::NUMBER, Decimal::from(counts(v)));
            for a in [Amount::Points, Amount::Compensation, Amount::Fine] {
                let ty = if a == Amount::Points { Type::POINTS } else { Type::MONEY };
                num(format!("{}({})", amount_word(a), def.name), ty, agent.subtotal(a, Target::Violation(v)));
            }
        }
        for (s, def) in program.severities.iter().enumerate() {
            let n = agent.severity_counts.get(s).copied().unwrap_or(0);
            num(format!("count({})", def.name), Type::NUMBER, Decimal::from(n));
            let distinct = program.violations.iter().enumerate().filter(|(v, d)| d.severity == s && counts(*v) > 0);
            num(format!("distinct({})", def.name), Type::NUMBER, Decimal::from(distinct.count()));
            for a in [Amount::Points, Amount::Compensation, Amount::Fine] {
                let ty = if a == Amount::Points { Type::POINTS } else { Type::MONEY };
                num(format!("{}({})", amount_word(a), def.name), ty, agent.subtotal(a, Target::Severity(s)));
            }
        }
        for (e, def) in program.escalations.iter().enumerate() {
            let fired = agent.escalations.iter().any(|o| o.escalation == e && o.fired);
            num(format!("count({})", def.name), Type::NUMBER, Decimal::from(u8::from(fired)));
        }
        let tier_name =
            |t: usize| program.tiers.get(t).map_or(FigureValue::NoTier, |d| FigureValue::Tier(d.name.clone()));
        figures.push(Figure { name: "tier".into(), ty: Type::Tier.to_string(), value: tier_name(agent.tier) });
        figures.push(Figure {
            name: "tier_ok".into(),
            ty: Type::Bool.to_string(),
            value: FigureValue::Bool(agent.tier_ok),
        });
        let promotion = agent.promotion.map_or(FigureValue::NoTier, tier_name);
        figures.push(Figure { name: "promotion".into(), ty: Type::Tier.to_string(), value: promotion });
        for (line, out) in program.pay.iter().zip(&agent.pay) {
            let value = match &out.value {
                Value::Num(n) => FigureValue::Num(*n),
                Value::Bool(b) => FigureValue::Bool(*b),
                Value::Tier(t) => tier_name(*t),
                Value::Text(t) => FigureValue::Text(t.to_string()),
                Value::Date(d) => FigureValue::Text(d.format("%Y-%m-%d").to_string()),
                Value::Severity(s) => {
                    FigureValue::Text(program.severities.get(*s).map_or_else(String::new, |d| d.name.clone()))
                }
                Value::Violation(v) => {
                    FigureValue::Text(program.violations.get(*v).map_or_else(String::new, |d| d.name.clone()))
                }
            };
            figures.push(Figure { name: line.name.clone(), ty: line.ty.to_string(), value });
        }
        StoredResult { id: agent.id.clone(), name: agent.name.clone(), figures }
    }

    pub fn figure(&self, name: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.name == name)
    }

    /// The stored value of a leaf, as the policy being evaluated types it: `None` when
    /// the month does not store it, or stores it with another type.
    pub fn read(&self, program: &Program, kind: &CKind) -> Option<Value> {
        let (name, ty) = stored_name(program, kind)?;
        let figure = self.figure(&name)?;
        if figure.ty != ty.to_string() {
            return None;
        }
        match &figure.value {
            FigureValue::Num(n) => Some(Value::Num(*n)),
            FigureValue::Bool(b) => Some(Value::Bool(*b)),
            FigureValue::Tier(t) => program.tier_index(t).map(Value::Tier),
            FigureValue::NoTier => None,
            FigureValue::Text(t) => (ty == Type::Text).then(|| Value::Text(t.as_str().into())),
        }
    }

    /// Whether every figure `e` reads is stored with the type the policy gives it.
    pub fn has_all(&self, program: &Program, e: &CExpr) -> bool {
        if stored_name(program, &e.kind).is_some() {
            return self.read(program, &e.kind).is_some();
        }
        e.children().into_iter().all(|c| self.has_all(program, c))
    }

    /// The stored form, as the ledger keeps it: `{"id", "name", "figures": [{"name",
    /// "type", "value"}]}`, numbers as decimal strings.
    pub fn to_json(&self) -> Json {
        let figures: Vec<Json> = self
            .figures
            .iter()
            .map(|f| json!({"name": f.name, "type": f.ty, "value": figure_json(&f.value)}))
            .collect();
        json!({"id": self.id, "name": self.name, "figures": figures})
    }

    /// Reads [`StoredResult::to_json`]'s form back.
    pub fn from_json(j: &Json) -> Option<StoredResult> {
        let text = |v: &Json, k: &str| v.get(k).and_then(Json::as_str).map(str::to_string);
        let mut figures = Vec::new();
        for f in j.get("figures")?.as_array()? {
            let ty = text(f, "type")?;
            let value = match f.get("value")? {
                Json::Bool(b) => FigureValue::Bool(*b),
                Json::Null => FigureValue::NoTier,
                Json::String(s) if ty == "tier" => FigureValue::Tier(s.clone()),
                Json::String(s) if ty == "text" || ty == "date" || ty == "severity" || ty == "violation" => {
                    FigureValue::Text(s.clone())
                }
                Json::String(s) => FigureValue::Num(s.parse().ok()?),
                _ => return None,
            };
            figures.push(Figure { name: text(f, "name")?, ty, value });
        }
        Some(StoredResult { id: text(j, "id")?, name: text(j, "name")?, figures })
    }

    /// The figures as one JSON object, name to value (what `kaohe history --format json`
    /// prints per month).
    pub fn figures_json(&self) -> Map<String, Json> {
        self.figures.iter().map(|f| (f.name.clone(), figure_json(&f.value))).collect()
    }
}

fn figure_json(v: &FigureValue) -> Json {
    match v {
        FigureValue::Num(n) => Json::String(n.normalize().to_string()),
        FigureValue::Bool(b) => Json::Bool(*b),
        FigureValue::Tier(t) | FigureValue::Text(t) => Json::String(t.clone()),
        FigureValue::NoTier => Json::Null,
    }
}

/// A figure as people read it (money with two decimals, quantities with their unit).
pub fn figure_text(f: &Figure) -> String {
    match &f.value {
        FigureValue::Num(n) if f.ty == "money" => crate::money::money_text(*n),
        FigureValue::Num(n) => n.normalize().to_string(),
        FigureValue::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        FigureValue::Tier(t) | FigureValue::Text(t) => t.clone(),
        FigureValue::NoTier => "—".to_string(),
    }
}

/// What a history expression found: its value and the closed months it read.
pub struct Found {
    pub value: Value,
    /// The closed months whose figures went into the value, oldest first.
    pub months: Vec<Month>,
    /// Whether the value is the default (`previous`, `latest` with no record).
    pub defaulted: bool,
}

impl Env<'_> {
    /// Evaluates a history expression (contract v2 §4.1): its value and the closed months
    /// it read.
    pub fn history(&self, func: HistoryFunc, e: &CExpr, default: Option<&CExpr>, span: &Span) -> EvalResult<Found> {
        let agent = self.agent.ok_or_else(|| EvalError {
            code: Code::Internal,
            message: "no agent here".into(),
            span: span.clone(),
        })?;
        let m = agent.period;
        let past = agent.history;
        // `e` in one closed month; `None` when that month does not store what it names.
        let read = |p: &PastMonth| -> EvalResult<Option<Value>> {
            if !p.result.has_all(self.program, e) {
                return Ok(None);
            }
            Env { past: Some(p), ..self.copy() }.eval(e).map(Some)
        };
        let or_default = || -> EvalResult<Found> {
            let value = match default {
                Some(d) => Env { past: None, ..self.copy() }.eval(d)?,
                None => Value::Num(Decimal::ZERO),
            };
            Ok(Found { value, months: Vec::new(), defaulted: true })
        };
        let now = || Env { past: None, ..self.copy() }.eval(e);
        match func {
            HistoryFunc::Previous => {
                let before = month_before(m);
                if let Some(p) = past.iter().find(|p| p.month == before) {
                    if let Some(value) = read(p)? {
                        return Ok(Found { value, months: vec![p.month], defaulted: false });
                    }
                }
                or_default()
            }
            HistoryFunc::Latest => {
                for p in past.iter().rev().filter(|p| p.month < m) {
                    if let Some(value) = read(p)? {
                        return Ok(Found { value, months: vec![p.month], defaulted: false });
                    }
                }
                or_default()
            }
            HistoryFunc::Streak => {
                let mut months = Vec::new();
                let mut n: u32 = 0;
                if matches!(now()?, Value::Bool(true)) {
                    n = 1;
                    let mut want = month_before(m);
                    for p in past.iter().rev().filter(|p| p.month < m) {
                        if p.month != want || !matches!(read(p)?, Some(Value::Bool(true))) {
                            break;
                        }
                        months.insert(0, p.month);
                        n += 1;
                        want = month_before(want);
                    }
                }
                Ok(Found { value: Value::Num(Decimal::from(n)), months, defaulted: false })
            }
            HistoryFunc::YearTotal | HistoryFunc::YearSoFar | HistoryFunc::LastMonths(_) => {
                let from = match func {
                    HistoryFunc::LastMonths(n) => months_before(m, n.saturating_sub(1)),
                    _ => Month { year: m.year, month: 1 },
                };
                let mut total = match func {
                    HistoryFunc::YearSoFar => Decimal::ZERO,
                    _ => number(&now()?),
                };
                let mut months = Vec::new();
                for p in past.iter().filter(|p| p.month >= from && p.month < m) {
                    if let Some(v) = read(p)? {
                        total = total.checked_add(number(&v)).ok_or_else(|| EvalError {
                            code: Code::RuntimeOverflow,
                            message: format!("`{}` overflows", span.text()),
                            span: span.clone(),
                        })?;
                        months.push(p.month);
                    }
                }
                Ok(Found { value: Value::Num(total), months, defaulted: false })
            }
        }
    }
}

fn number(v: &Value) -> Decimal {
    match v {
        Value::Num(n) => *n,
        _ => Decimal::ZERO,
    }
}
