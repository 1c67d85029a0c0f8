//! A month in a few figures: how pay spreads per tier, how many agents lost how many
//! points, what each violation cost, and the closed months before it.
//!
//! One computation, [`summary`], feeds every picture: the text summary of
//! `kaohe eval --summary` ([`summary_text`]), the `summary` object of the JSON report
//! ([`summary_json`]), the workbook's summary sheet and its charts, and the workbench's
//! charts. What the figures mean (docs/evaluation.md, "The month's summary"):
//!
//! - **Pay** is the policy's last money pay line (`实发工资` in the bundled policy): the
//!   line finance pays out. Per tier (the tier each agent holds this month): the number of
//!   agents, the lowest, median and highest pay, and the total. The median of an even
//!   number of agents is the mean of the middle two, rounded to the cent (half away from
//!   zero).
//! - **Points** are counted in bins: agents with no points at all, then bins of a round
//!   width (1, 2, 5, 10, 20, 50 … points, the smallest giving at most ten bins), each
//!   `(from, to]`: an agent with exactly 5 points is in `(0, 5]`. Negative points (a
//!   policy's bonus) get bins `[from, to)` below zero.
//! - **Violations** (then escalations) in declaration order: occurrences counted, points,
//!   compensation and fines, after each violation's own caps (a severity's caps are
//!   withheld from the agents' totals, not from one violation).
//! - **Months**: with a ledger, each closed month in force before this one (its stored
//!   figures), then this month; without one, none.

use std::collections::BTreeMap;

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

use super::tier_name;
use crate::calendar::Month;
use crate::check::program::Program;
use crate::check::types::Type;
use crate::diag::{Code, Diagnostic};
use crate::eval::history::{FigureValue, History};
use crate::eval::MonthResult;
use crate::money::{cents, money_text};
use crate::value::Value;

/// The month's summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub month: Month,
    /// The pay line pay figures are of: the last money line ([`Program::pay`] index).
    pub pay_line: Option<usize>,
    /// Every tier, in the policy's order.
    pub tiers: Vec<TierSummary>,
    /// The points bins, lowest first; the bin of agents with no points is always there.
    pub points: Vec<PointsBin>,
    /// Every violation, then every escalation, in declaration order.
    pub violations: Vec<ItemSummary>,
    pub total: Totals,
    /// Closed months, oldest first, then this month (empty without a ledger).
    pub months: Vec<MonthTotals>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TierSummary {
    pub tier: usize,
    pub agents: usize,
    /// `None` when the tier has no agent (or the policy no money pay line).
    pub pay: Option<Spread>,
    pub pay_total: Decimal,
    pub points: Decimal,
}

/// The lowest, median and highest pay of a tier.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub min: Decimal,
    pub median: Decimal,
    pub max: Decimal,
}

/// Which side of a bin holds its bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bin {
    /// Exactly zero points.
    Zero,
    /// `(from, to]`, above zero.
    Above,
    /// `[from, to)`, below zero.
    Below,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PointsBin {
    pub kind: Bin,
    pub from: Decimal,
    pub to: Decimal,
    pub agents: usize,
}

impl PointsBin {
    /// `0`, `(0, 5]`, `[-5, 0)`.
    pub fn label(&self) -> String {
        let (from, to) = (self.from.normalize(), self.to.normalize());
        match self.kind {
            Bin::Zero => "0".into(),
            Bin::Above => format!("({from}, {to}]"),
            Bin::Below => format!("[{from}, {to})"),
        }
    }
}

/// A violation or an escalation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Violation(usize),
    Escalation(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ItemSummary {
    pub item: Item,
    pub occurrences: u64,
    pub points: Decimal,
    pub compensation: Decimal,
    pub fine: Decimal,
    /// What it cost in money: compensation and fines.
    pub money: Decimal,
}

/// A month's totals over all agents.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Totals {
    pub agents: usize,
    /// The pay line's total; `None` without one (or, for a closed month, when it did not
    /// store a money line of that name).
    pub pay: Option<Decimal>,
    pub points: Decimal,
    pub compensation: Decimal,
    pub fine: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MonthTotals {
    pub month: Month,
    /// The month being evaluated (the others are read from the ledger).
    pub current: bool,
    pub totals: Totals,
}

/// The months bins are at most.
const MAX_BINS: u64 = 10;

fn overflow() -> Diagnostic {
    Diagnostic::error(Code::RuntimeOverflow, tr!("sheet-total-overflow"))
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal, Diagnostic> {
    a.checked_add(b).ok_or_else(overflow)
}

/// The policy's last money pay line.
pub fn pay_line(program: &Program) -> Option<usize> {
    program.pay.iter().rposition(|p| p.ty == Type::MONEY)
}

/// The month's summary; `history` is what the ledger holds (the closed months before this
/// one), [`History::none`] without a ledger. A total beyond what Kaohe computes with is a
/// `kaohe::runtime::overflow`, never a figure clamped to the largest number.
pub fn summary(program: &Program, result: &MonthResult, history: &History) -> Result<Summary, Diagnostic> {
    let line = pay_line(program);
    let pay_of = |a: &crate::eval::AgentResult| -> Option<Decimal> {
        match a.pay.get(line?).map(|p| &p.value) {
            Some(Value::Num(n)) => Some(*n),
            _ => None,
        }
    };
    let mut tiers = Vec::with_capacity(program.tiers.len());
    for t in 0..program.tiers.len() {
        let agents: Vec<_> = result.agents.iter().filter(|a| a.tier == t).collect();
        let mut pays: Vec<Decimal> = agents.iter().filter_map(|a| pay_of(a)).collect();
        pays.sort_unstable();
        let mut pay_total = Decimal::ZERO;
        for p in &pays {
            pay_total = add(pay_total, *p)?;
        }
        let mut points = Decimal::ZERO;
        for a in &agents {
            points = add(points, a.points)?;
        }
        tiers.push(TierSummary { tier: t, agents: agents.len(), pay: spread(&pays)?, pay_total, points });
    }
    let mut total = Totals { agents: result.agents.len(), pay: line.map(|_| Decimal::ZERO), ..Totals::default() };
    for a in &result.agents {
        total.points = add(total.points, a.points)?;
        total.compensation = add(total.compensation, a.compensation)?;
        total.fine = add(total.fine, a.fine)?;
        if let (Some(sum), Some(p)) = (total.pay, pay_of(a)) {
            total.pay = Some(add(sum, p)?);
        }
    }
    let months = months(program, result.month, history, &total)?;
    Ok(Summary {
        month: result.month,
        pay_line: line,
        tiers,
        points: bins(result.agents.iter().map(|a| a.points)),
        violations: items(program, result)?,
        total,
        months,
    })
}

/// The lowest, median and highest of sorted figures.
fn spread(sorted: &[Decimal]) -> Result<Option<Spread>, Diagnostic> {
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else { return Ok(None) };
    let n = sorted.len();
    let median = match (sorted.get((n - 1) / 2), sorted.get(n / 2)) {
        (Some(&a), Some(&b)) if n % 2 == 0 => cents(add(a, b)? / Decimal::TWO),
        (Some(&a), _) => a,
        _ => min,
    };
    Ok(Some(Spread { min, median, max }))
}

/// The smallest round width (1, 2, 5 × 10ⁿ) that puts `above` and `below` (the largest
/// points above and below zero) in at most [`MAX_BINS`] bins.
fn bin_width(above: Decimal, below: Decimal) -> Decimal {
    let mut unit = Decimal::ONE;
    loop {
        for step in [1u32, 2, 5] {
            let w = unit * Decimal::from(step);
            let count = |x: Decimal| (x / w).ceil().to_u64().unwrap_or(u64::MAX);
            if count(above).saturating_add(count(below)) <= MAX_BINS {
                return w;
            }
        }
        match unit.checked_mul(Decimal::TEN) {
            Some(u) => unit = u,
            None => return unit,
        }
    }
}

/// Agents per points bin: negative bins, the zero bin, positive bins.
fn bins(points: impl Iterator<Item = Decimal> + Clone) -> Vec<PointsBin> {
    let above = points.clone().filter(|p| p.is_sign_positive()).max().unwrap_or(Decimal::ZERO);
    let below = points.clone().filter(|p| p.is_sign_negative()).min().map_or(Decimal::ZERO, |p| -p);
    let w = bin_width(above, below);
    let count = |x: Decimal| (x / w).ceil().to_u64().unwrap_or(0);
    let mut out = Vec::new();
    for k in (0..count(below)).rev() {
        let (from, to) = (-(Decimal::from(k + 1) * w), -(Decimal::from(k) * w));
        out.push(PointsBin { kind: Bin::Below, from, to, agents: 0 });
    }
    out.push(PointsBin { kind: Bin::Zero, from: Decimal::ZERO, to: Decimal::ZERO, agents: 0 });
    for k in 0..count(above) {
        let (from, to) = (Decimal::from(k) * w, Decimal::from(k + 1) * w);
        out.push(PointsBin { kind: Bin::Above, from, to, agents: 0 });
    }
    for p in points {
        let bin = out.iter_mut().find(|b| match b.kind {
            Bin::Zero => p.is_zero(),
            Bin::Above => b.from < p && p <= b.to,
            Bin::Below => b.from <= p && p < b.to,
        });
        if let Some(b) = bin {
            b.agents += 1;
        }
    }
    out
}

fn items(program: &Program, result: &MonthResult) -> Result<Vec<ItemSummary>, Diagnostic> {
    let none = |item| ItemSummary {
        item,
        occurrences: 0,
        points: Decimal::ZERO,
        compensation: Decimal::ZERO,
        fine: Decimal::ZERO,
        money: Decimal::ZERO,
    };
    let mut out: Vec<ItemSummary> = (0..program.violations.len()).map(|v| none(Item::Violation(v))).collect();
    let escalations = out.len();
    out.extend((0..program.escalations.len()).map(|e| none(Item::Escalation(e))));
    for a in &result.agents {
        for t in &a.violations {
            if let Some(s) = out.get_mut(t.violation) {
                s.occurrences += u64::from(t.count);
                s.points = add(s.points, t.points)?;
                s.compensation = add(s.compensation, t.compensation)?;
                s.fine = add(s.fine, t.fine)?;
            }
        }
        for e in a.fired() {
            if let Some(s) = out.get_mut(escalations + e.escalation) {
                s.occurrences += 1;
                s.points = add(s.points, e.points)?;
                s.fine = add(s.fine, e.fine)?;
            }
        }
    }
    for s in &mut out {
        s.money = add(s.compensation, s.fine)?;
    }
    Ok(out)
}

/// The closed months' totals from their stored figures, then this month's.
fn months(program: &Program, month: Month, history: &History, now: &Totals) -> Result<Vec<MonthTotals>, Diagnostic> {
    if history.is_empty() {
        return Ok(Vec::new());
    }
    let pay_name = pay_line(program).and_then(|l| program.pay.get(l)).map(|p| p.name.as_str());
    let mut closed: BTreeMap<Month, Totals> = BTreeMap::new();
    for past in history.months() {
        let t = closed
            .entry(past.month)
            .or_insert_with(|| Totals { pay: pay_name.map(|_| Decimal::ZERO), ..Totals::default() });
        t.agents += 1;
        let num = |name: &str, ty: Type| match past.result.get(name) {
            Some((stored, FigureValue::Num(n))) if stored == ty.to_string() => Some(*n),
            _ => None,
        };
        t.points = add(t.points, num("points", Type::POINTS).unwrap_or_default())?;
        t.compensation = add(t.compensation, num("compensation", Type::MONEY).unwrap_or_default())?;
        t.fine = add(t.fine, num("fine", Type::MONEY).unwrap_or_default())?;
        // A month whose policy stored no money line of that name has no pay total.
        t.pay = match (t.pay, pay_name.and_then(|n| num(n, Type::MONEY))) {
            (Some(sum), Some(p)) => Some(add(sum, p)?),
            _ => None,
        };
    }
    let mut out: Vec<MonthTotals> = closed
        .into_iter()
        .filter(|(m, _)| *m < month)
        .map(|(month, totals)| MonthTotals { month, current: false, totals })
        .collect();
    out.push(MonthTotals { month, current: true, totals: now.clone() });
    Ok(out)
}

/// The name of a violation or escalation, and its severity's.
pub fn item_names(program: &Program, item: Item) -> (String, String, &'static str) {
    let severity = |s: usize| program.severities.get(s).map_or_else(String::new, |s| s.name.clone());
    match item {
        Item::Violation(v) => program
            .violations
            .get(v)
            .map_or_else(Default::default, |d| (d.name.clone(), severity(d.severity), "violation")),
        Item::Escalation(e) => program
            .escalations
            .get(e)
            .map_or_else(Default::default, |d| (d.name.clone(), severity(d.severity), "escalation")),
    }
}

/// The violations and escalations that occurred, most points first, then most money,
/// then in declaration order.
pub fn ranked_by_points(s: &Summary) -> Vec<&ItemSummary> {
    let mut v: Vec<&ItemSummary> = s.violations.iter().filter(|i| i.occurrences > 0).collect();
    v.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| b.money.cmp(&a.money)));
    v
}

/// The violations and escalations that cost money, most money first, then most points.
pub fn ranked_by_money(s: &Summary) -> Vec<&ItemSummary> {
    let mut v: Vec<&ItemSummary> = s.violations.iter().filter(|i| !i.money.is_zero()).collect();
    v.sort_by(|a, b| b.money.cmp(&a.money).then_with(|| b.points.cmp(&a.points)));
    v
}

fn points_text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The summary as JSON (contract: decimals as strings, money with two places; keys are
/// the same in every language).
pub fn summary_json(program: &Program, s: &Summary) -> Json {
    let money = |d: Decimal| Json::String(money_text(d));
    let opt_money = |d: Option<Decimal>| d.map_or(Json::Null, money);
    let totals = |t: &Totals| {
        json!({
            "agents": t.agents,
            "pay": opt_money(t.pay),
            "points": points_text(t.points),
            "compensation": money_text(t.compensation),
            "fine": money_text(t.fine),
        })
    };
    let tiers: Vec<Json> = s
        .tiers
        .iter()
        .map(|t| {
            json!({
                "tier": tier_name(program, t.tier),
                "agents": t.agents,
                "pay_min": opt_money(t.pay.map(|p| p.min)),
                "pay_median": opt_money(t.pay.map(|p| p.median)),
                "pay_max": opt_money(t.pay.map(|p| p.max)),
                "pay_total": opt_money(s.pay_line.map(|_| t.pay_total)),
                "points": points_text(t.points),
            })
        })
        .collect();
    let points: Vec<Json> = s
        .points
        .iter()
        .map(
            |b| json!({ "label": b.label(), "from": points_text(b.from), "to": points_text(b.to), "agents": b.agents }),
        )
        .collect();
    let violations: Vec<Json> = s
        .violations
        .iter()
        .map(|i| {
            let (name, severity, kind) = item_names(program, i.item);
            json!({
                "name": name,
                "kind": kind,
                "severity": severity,
                "occurrences": i.occurrences,
                "points": points_text(i.points),
                "compensation": money_text(i.compensation),
                "fine": money_text(i.fine),
            })
        })
        .collect();
    let months: Vec<Json> = s
        .months
        .iter()
        .map(|m| {
            let mut t = totals(&m.totals);
            if let Json::Object(o) = &mut t {
                o.insert("month".into(), Json::String(m.month.to_string()));
                o.insert("current".into(), Json::Bool(m.current));
            }
            t
        })
        .collect();
    json!({
        "pay_line": s.pay_line.and_then(|l| program.pay.get(l)).map(|p| p.name.clone()),
        "tiers": tiers,
        "points": points,
        "violations": violations,
        "total": totals(&s.total),
        "months": months,
    })
}

/// How many columns a bar is at most.
const BAR: usize = 20;

/// A bar of `value` against `max`, in eighths of a column.
pub fn bar(value: Decimal, max: Decimal, width: usize) -> String {
    if max <= Decimal::ZERO || value <= Decimal::ZERO {
        return String::new();
    }
    let eighths = (value / max * Decimal::from(width * 8)).round().to_usize().unwrap_or(0).min(width * 8);
    let eighths = eighths.max(1);
    let mut out = "█".repeat(eighths / 8);
    if let Some(part) = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"].get(eighths % 8) {
        out.push_str(part);
    }
    out
}

/// Where lowest, median and highest pay stand on one scale: `├──●───┤`.
fn range_bar(p: Spread, lo: Decimal, hi: Decimal) -> String {
    let span = hi - lo;
    let at = |x: Decimal| {
        if span <= Decimal::ZERO {
            0
        } else {
            ((x - lo) / span * Decimal::from(BAR - 1)).round().to_usize().unwrap_or(0).min(BAR - 1)
        }
    };
    let (a, m, b) = (at(p.min), at(p.median), at(p.max));
    let mut cells = vec![' '; b + 1];
    for (i, c) in cells.iter_mut().enumerate().skip(a) {
        *c = if i == a && a != b {
            '├'
        } else if i == b && a != b {
            '┤'
        } else {
            '─'
        };
    }
    if let Some(c) = cells.get_mut(m) {
        *c = '●';
    }
    cells.into_iter().collect()
}

fn table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(header);
    t
}

fn right_align(t: &mut Table, cols: &[usize]) {
    for &c in cols {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// Trailing spaces of a borderless table's lines, dropped.
fn lines_of(t: &Table) -> String {
    let mut out = String::new();
    for line in t.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The summary for a terminal, in the current language: per tier, the points bins, the
/// violations by points, and the months, each with bars (Unicode blocks).
pub fn summary_text(program: &Program, s: &Summary) -> String {
    let col = super::column_title;
    let mut out = String::new();
    let pay_name = s.pay_line.and_then(|l| program.pay.get(l)).map(|p| p.name.clone());
    out.push_str(&tr!(
        "summary-title",
        title = &program.header.title,
        month = s.month.to_string(),
        agents = s.total.agents
    ));
    out.push('\n');

    // Tiers.
    out.push('\n');
    match &pay_name {
        Some(name) => out.push_str(&tr!("summary-tiers-pay", line = name)),
        None => out.push_str(&tr!("summary-tiers")),
    }
    out.push('\n');
    let mut header = vec![col("tier"), col("agents")];
    if pay_name.is_some() {
        header.extend([
            tr!("summary-min"),
            tr!("summary-median"),
            tr!("summary-max"),
            tr!("sheet-total"),
            String::new(),
        ]);
    }
    let mut t = table(header);
    let spreads: Vec<Spread> = s.tiers.iter().filter_map(|t| t.pay).collect();
    let lo = spreads.iter().map(|p| p.min).min().unwrap_or_default();
    let hi = spreads.iter().map(|p| p.max).max().unwrap_or_default();
    for tier in &s.tiers {
        let mut row = vec![tier_name(program, tier.tier).to_string(), tier.agents.to_string()];
        if pay_name.is_some() {
            match tier.pay {
                Some(p) => row.extend([
                    money_text(p.min),
                    money_text(p.median),
                    money_text(p.max),
                    money_text(tier.pay_total),
                    range_bar(p, lo, hi),
                ]),
                None => row.extend(["-".into(), "-".into(), "-".into(), money_text(tier.pay_total), String::new()]),
            }
        }
        t.add_row(row);
    }
    let mut total = vec![tr!("sheet-total"), s.total.agents.to_string()];
    if let Some(pay) = s.total.pay {
        total.extend([String::new(), String::new(), String::new(), money_text(pay)]);
    }
    t.add_row(total);
    right_align(&mut t, &[1, 2, 3, 4, 5]);
    out.push_str(&lines_of(&t));

    // Points.
    out.push('\n');
    out.push_str(&tr!("summary-points"));
    out.push('\n');
    let mut t = table(vec![col("points"), col("agents"), String::new()]);
    let most = s.points.iter().map(|b| b.agents).max().unwrap_or(0);
    for b in &s.points {
        t.add_row(vec![b.label(), b.agents.to_string(), bar(Decimal::from(b.agents), Decimal::from(most), BAR)]);
    }
    right_align(&mut t, &[1]);
    out.push_str(&lines_of(&t));

    // Violations.
    out.push('\n');
    let ranked = ranked_by_points(s);
    if ranked.is_empty() {
        out.push_str(&tr!("summary-no-violations"));
        out.push('\n');
    } else {
        out.push_str(&tr!("summary-violations"));
        out.push('\n');
        let header = vec![
            col("violation"),
            col("severity"),
            col("occurrences"),
            col("points"),
            col("compensation"),
            col("fine"),
            String::new(),
        ];
        let mut t = table(header);
        let most = ranked.iter().map(|i| i.points).max().unwrap_or_default();
        for i in &ranked {
            let (name, severity, _) = item_names(program, i.item);
            t.add_row(vec![
                name,
                severity,
                i.occurrences.to_string(),
                points_text(i.points),
                money_text(i.compensation),
                money_text(i.fine),
                bar(i.points, most, BAR),
            ]);
        }
        right_align(&mut t, &[2, 3, 4, 5]);
        out.push_str(&lines_of(&t));
    }

    // Months.
    if !s.months.is_empty() {
        out.push('\n');
        out.push_str(&tr!("summary-months"));
        out.push('\n');
        let mut header = vec![col("month"), col("agents"), col("points")];
        if let Some(name) = &pay_name {
            header.extend([name.clone(), String::new()]);
        }
        let mut t = table(header);
        let most = s.months.iter().filter_map(|m| m.totals.pay).max().unwrap_or_default();
        for m in &s.months {
            let month =
                if m.current { tr!("summary-this-month", month = m.month.to_string()) } else { m.month.to_string() };
            let mut row = vec![month, m.totals.agents.to_string(), points_text(m.totals.points)];
            if pay_name.is_some() {
                match m.totals.pay {
                    Some(p) => row.extend([money_text(p), bar(p, most, BAR)]),
                    None => row.extend(["-".into(), String::new()]),
                }
            }
            t.add_row(row);
        }
        right_align(&mut t, &[1, 2, 3]);
        out.push_str(&lines_of(&t));
    }
    crate::unicode::printable(&out).into_owned()
}
