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
use std::sync::Arc;

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

/// The names and types of the figures a closed month stores, in order: one list per
/// month, shared by its agents' results (stored once per month in the ledger).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Catalogue {
    /// (name, type) of each figure: the month's totals, then per violation, severity and
    /// escalation, then the pay lines in order.
    pub figures: Vec<(String, String)>,
    index: HashMap<String, usize>,
}

impl Catalogue {
    pub fn new(figures: Vec<(String, String)>) -> Catalogue {
        let index = figures.iter().enumerate().map(|(i, (n, _))| (n.clone(), i)).collect();
        Catalogue { figures, index }
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// What a month evaluated under `program` stores.
    pub fn of(program: &Program) -> Catalogue {
        let mut f: Vec<(String, String)> = Vec::new();
        let mut add = |name: String, ty: Type| f.push((name, ty.to_string()));
        add("points".into(), Type::POINTS);
        add("compensation".into(), Type::MONEY);
        add("fine".into(), Type::MONEY);
        add("tenure".into(), Type::PERIOD);
        add("tenure_days".into(), Type::DAYS);
        for def in &program.violations {
            add(format!("count({})", def.name), Type::NUMBER);
            for a in Amount::ALL {
                add(format!("{}({})", amount_word(a), def.name), amount_type(a));
            }
        }
        for def in &program.severities {
            add(format!("count({})", def.name), Type::NUMBER);
            add(format!("distinct({})", def.name), Type::NUMBER);
            for a in Amount::ALL {
                add(format!("{}({})", amount_word(a), def.name), amount_type(a));
            }
        }
        for def in &program.escalations {
            add(format!("count({})", def.name), Type::NUMBER);
        }
        add("tier".into(), Type::Tier);
        add("tier_ok".into(), Type::Bool);
        add("promotion".into(), Type::Tier);
        for line in &program.pay {
            add(line.name.clone(), line.ty);
        }
        Catalogue::new(f)
    }

    /// The stored form: `[["points", "points"], …]`.
    pub fn to_json(&self) -> String {
        let pairs: Vec<Json> = self.figures.iter().map(|(n, t)| json!([n, t])).collect();
        Json::Array(pairs).to_string()
    }

    pub fn from_json(text: &str) -> Option<Catalogue> {
        let j: Json = serde_json::from_str(text).ok()?;
        let mut figures = Vec::new();
        for pair in j.as_array()? {
            let pair = pair.as_array()?;
            figures.push((pair.first()?.as_str()?.to_string(), pair.get(1)?.as_str()?.to_string()));
        }
        Some(Catalogue::new(figures))
    }
}

fn amount_type(a: Amount) -> Type {
    if a == Amount::Points {
        Type::POINTS
    } else {
        Type::MONEY
    }
}

/// One agent's closed month as stored: a value for each figure of the month's catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredResult {
    pub id: String,
    pub name: String,
    pub catalogue: Arc<Catalogue>,
    pub values: Vec<FigureValue>,
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

    /// Every agent's closed months, in no particular order.
    pub fn months(&self) -> impl Iterator<Item = &PastMonth> {
        self.agents.values().flatten()
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
    /// What a closed month stores of one agent's result; `catalogue` is
    /// [`Catalogue::of`] the same program.
    pub fn of(program: &Program, catalogue: &Arc<Catalogue>, agent: &AgentResult) -> StoredResult {
        let mut values = Vec::with_capacity(catalogue.figures.len());
        let num = |n: Decimal| FigureValue::Num(n);
        values.push(num(agent.points));
        values.push(num(agent.compensation));
        values.push(num(agent.fine));
        values.push(num(Decimal::from(agent.tenure_months)));
        values.push(num(Decimal::from(agent.tenure_days)));
        let counts = |v: usize| agent.violations.iter().find(|t| t.violation == v).map_or(0, |t| t.count);
        for v in 0..program.violations.len() {
            values.push(num(Decimal::from(counts(v))));
            for a in Amount::ALL {
                values.push(num(agent.subtotal(a, Target::Violation(v))));
            }
        }
        for s in 0..program.severities.len() {
            values.push(num(Decimal::from(agent.severity_counts.get(s).copied().unwrap_or(0))));
            let distinct = program.violations.iter().enumerate().filter(|(v, d)| d.severity == s && counts(*v) > 0);
            values.push(num(Decimal::from(distinct.count())));
            for a in Amount::ALL {
                values.push(num(agent.subtotal(a, Target::Severity(s))));
            }
        }
        for e in 0..program.escalations.len() {
            let fired = agent.escalations.iter().any(|o| o.escalation == e && o.fired);
            values.push(num(Decimal::from(u8::from(fired))));
        }
        let tier_name =
            |t: usize| program.tiers.get(t).map_or(FigureValue::NoTier, |d| FigureValue::Tier(d.name.clone()));
        values.push(tier_name(agent.tier));
        values.push(FigureValue::Bool(agent.tier_ok));
        values.push(agent.promotion.map_or(FigureValue::NoTier, tier_name));
        for out in agent.pay.iter().take(program.pay.len()) {
            values.push(match &out.value {
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
            });
        }
        StoredResult { id: agent.id.clone(), name: agent.name.clone(), catalogue: catalogue.clone(), values }
    }

    /// A result of the given figures only (a worked example's earlier month).
    pub fn from_figures(id: &str, name: &str, figures: Vec<Figure>) -> StoredResult {
        let catalogue = Catalogue::new(figures.iter().map(|f| (f.name.clone(), f.ty.clone())).collect());
        let values = figures.into_iter().map(|f| f.value).collect();
        StoredResult { id: id.to_string(), name: name.to_string(), catalogue: Arc::new(catalogue), values }
    }

    /// Every figure, in the catalogue's order.
    pub fn figures(&self) -> impl Iterator<Item = Figure> + '_ {
        self.catalogue.figures.iter().zip(&self.values).map(|((name, ty), value)| Figure {
            name: name.clone(),
            ty: ty.clone(),
            value: value.clone(),
        })
    }

    /// The type and value of one figure.
    pub fn get(&self, name: &str) -> Option<(&str, &FigureValue)> {
        let i = self.catalogue.position(name)?;
        let ty = self.catalogue.figures.get(i)?.1.as_str();
        Some((ty, self.values.get(i)?))
    }

    pub fn figure(&self, name: &str) -> Option<Figure> {
        let (ty, value) = self.get(name)?;
        Some(Figure { name: name.to_string(), ty: ty.to_string(), value: value.clone() })
    }

    /// The stored value of a leaf, as the policy being evaluated types it: `None` when
    /// the month does not store it, or stores it with another type.
    pub fn read(&self, program: &Program, kind: &CKind) -> Option<Value> {
        let (name, ty) = stored_name(program, kind)?;
        let (stored_ty, value) = self.get(&name)?;
        if stored_ty != ty.to_string() {
            return None;
        }
        match value {
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

    /// The stored form, as the ledger keeps it (the catalogue apart): `{"name": …,
    /// "values": […]}`, numbers as decimal strings. Written by hand: a month of 50,000
    /// agents stores millions of values.
    pub fn to_json(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(16 + self.values.len() * 6);
        out.push_str("{\"name\":");
        out.push_str(&Json::String(self.name.clone()).to_string());
        out.push_str(",\"values\":[");
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match v {
                FigureValue::Num(n) => {
                    let n = n.normalize();
                    if n.scale() == 0 {
                        if let Ok(whole) = i64::try_from(n.mantissa()) {
                            let _ = write!(out, "\"{whole}\"");
                            continue;
                        }
                    }
                    let _ = write!(out, "\"{n}\"");
                }
                FigureValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                FigureValue::NoTier => out.push_str("null"),
                FigureValue::Tier(t) | FigureValue::Text(t) => out.push_str(&Json::String(t.clone()).to_string()),
            }
        }
        out.push_str("]}");
        out
    }

    /// Reads [`StoredResult::to_json`]'s form back, for the agent `id` of a month whose
    /// catalogue is `catalogue`.
    pub fn from_json(id: &str, catalogue: &Arc<Catalogue>, text: &str) -> Option<StoredResult> {
        #[derive(serde::Deserialize)]
        struct Stored<'a> {
            name: String,
            #[serde(borrow)]
            values: Vec<Raw<'a>>,
        }
        let stored: Stored = serde_json::from_str(text).ok()?;
        if stored.values.len() != catalogue.figures.len() {
            return None;
        }
        let mut values = Vec::with_capacity(stored.values.len());
        for (v, (_, ty)) in stored.values.into_iter().zip(&catalogue.figures) {
            values.push(match v {
                Raw::Bool(b) => FigureValue::Bool(b),
                Raw::Null => FigureValue::NoTier,
                Raw::Text(s) if ty == "tier" => FigureValue::Tier(s.into_owned()),
                Raw::Text(s) if matches!(ty.as_str(), "text" | "date" | "severity" | "violation") => {
                    FigureValue::Text(s.into_owned())
                }
                Raw::Text(s) => FigureValue::Num(stored_number(&s)?),
            });
        }
        Some(StoredResult { id: id.to_string(), name: stored.name, catalogue: catalogue.clone(), values })
    }

    /// The figures as one JSON object, name to value (what `kaohe history --format json`
    /// prints per month).
    pub fn figures_json(&self) -> Map<String, Json> {
        let json = |ty: &str, v: &FigureValue| match v {
            // Money as every report writes it: two decimals.
            FigureValue::Num(n) if ty == "money" => Json::String(crate::money::money_text(*n)),
            _ => figure_json(v),
        };
        self.catalogue.figures.iter().zip(&self.values).map(|((n, ty), v)| (n.clone(), json(ty, v))).collect()
    }
}

/// A stored value as read: a string, a bool or null, typed by the catalogue afterwards
/// (read without building a JSON tree, strings borrowed from the text: a month's history
/// is millions of values).
enum Raw<'a> {
    Text(std::borrow::Cow<'a, str>),
    Bool(bool),
    Null,
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Raw<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Raw<'a>, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Raw<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a stored value: a string, a bool or null")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'a>, E> {
                Ok(Raw::Text(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw<'a>, E> {
                Ok(Raw::Text(std::borrow::Cow::Owned(v.to_string())))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Raw<'a>, E> {
                Ok(Raw::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Raw<'a>, E> {
                Ok(Raw::Null)
            }
        }
        d.deserialize_any(Visit(std::marker::PhantomData))
    }
}

/// A stored number: whole numbers, most of a month's figures, without the general parser.
fn stored_number(s: &str) -> Option<Decimal> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.len() < 19 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().ok().map(Decimal::from);
    }
    s.parse().ok()
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
