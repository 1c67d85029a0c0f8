//! One agent's month, in phases (contract v1 §6).
//!
//! 1. tenure and tenure_days to the first day after the month;
//! 2. each of the agent's incidents, in input order: an occurrence when its violation's
//!    `when` holds (then `points` and `compensation` are evaluated), otherwise kept as not
//!    counted, with the condition and the values that made it false;
//!    then each violation's caps (per day, week, month) on its occurrences' amounts;
//! 3. escalations, in dependency order, each counting toward its severity once it fires;
//!    then each severity's caps on its violations' and escalations' amounts;
//! 4. totals; the agent's own tier's requirements (`tier_ok`) and the next tier's
//!    (`promotion`);
//! 5. the pay lines, in order.

use std::cell::RefCell;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::caps::{self, Limit};
use super::expr::{AgentEnv, Env, EvalError, MonthState};
use super::history::PastMonth;
use super::input::IncidentRow;
use super::probe::Probe;
use super::result::*;
use super::shown::shown;
use super::text_of;
use super::why::{branches, why};
use crate::calendar::{tenure, Month};
use crate::check::program::*;
use crate::diag::Code;
use crate::money::cents;
use crate::syntax::ast::Period;

/// What an agent's evaluation keeps as it goes: the trace is only gathered when `full`.
struct Run<'a> {
    program: &'a Program,
    month: Month,
    /// Whether the explanations are kept ([`Trace::Full`], [`Trace::Workbook`]).
    full: bool,
    /// Whether the values behind each amount are kept too ([`Trace::Full`]).
    values: bool,
}

/// The month's incidents, sorted into counted occurrences and the rest.
struct Incidents {
    tallies: Vec<ViolationTally>,
    /// Periods in which a violation's cap withheld something.
    caps: Vec<CapOutcome>,
    counted: Vec<Occurrence>,
    not_counted: Vec<NotCounted>,
    points: Decimal,
    compensation: Decimal,
    fine: Decimal,
}

/// Each counted occurrence's rank among those of its violation: by date, then by input
/// order (a stable sort keeps it), 1-based.
fn ranks(counted: &[(usize, NaiveDate, usize)]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..counted.len()).collect();
    order.sort_by_key(|&i| counted.get(i).map(|(v, d, _)| (*v, *d)));
    let mut ranks = vec![0u32; counted.len()];
    let mut previous: Option<usize> = None;
    let mut rank = 0u32;
    for i in order {
        let v = counted.get(i).map(|c| c.0);
        rank = if v == previous { rank + 1 } else { 1 };
        previous = v;
        if let Some(r) = ranks.get_mut(i) {
            *r = rank;
        }
    }
    ranks
}

/// Evaluates one agent's month, without history.
pub fn evaluate_agent(
    program: &Program,
    month: Month,
    fields: &[Value],
    incidents: &[IncidentRow],
    trace: Trace,
) -> Result<AgentResult, EvalError> {
    evaluate_agent_with_history(program, month, fields, incidents, trace, &[])
}

/// Evaluates one agent's month, reading the agent's closed months before it from
/// `history` (oldest first).
pub fn evaluate_agent_with_history(
    program: &Program,
    month: Month,
    fields: &[Value],
    incidents: &[IncidentRow],
    trace: Trace,
    history: &[PastMonth],
) -> Result<AgentResult, EvalError> {
    let run = Run { program, month, full: trace != Trace::Report, values: trace == Trace::Full };
    let tier = match fields.get(AGENT_TIER) {
        Some(Value::Tier(t)) => *t,
        _ => 0,
    };
    let hired = match fields.get(AGENT_HIRED_ON) {
        Some(Value::Date(d)) => *d,
        _ => month.next_first(),
    };
    let (tenure_months, tenure_days) = tenure(hired, month.next_first());
    let tier_since = match fields.get(AGENT_TIER_SINCE) {
        Some(Value::Date(d)) => *d,
        _ => hired,
    };
    let tier_tenure = tenure(tier_since, month.next_first()).0;
    let state = RefCell::new(MonthState {
        violation_counts: vec![0; program.violations.len()],
        severity_counts: vec![0; program.severities.len()],
        escalation_fired: vec![false; program.escalations.len()],
        points: Decimal::ZERO,
        compensation: Decimal::ZERO,
        fine: Decimal::ZERO,
        violation_amounts: vec![[Decimal::ZERO; 3]; program.violations.len()],
        severity_amounts: vec![[Decimal::ZERO; 3]; program.severities.len()],
    });
    let lets = RefCell::new(vec![None; program.lets.len()]);
    let pay = RefCell::new(Vec::with_capacity(program.pay.len()));
    let counted = RefCell::new(Vec::new());
    let agent = AgentEnv {
        fields,
        tier,
        tenure: tenure_months,
        tenure_days,
        tier_tenure,
        month: &state,
        lets: &lets,
        pay: &pay,
        incidents,
        counted: &counted,
        period: month,
        history,
    };
    let probe = Probe::default();
    let env = Env { agent: Some(&agent), probe: run.full.then_some(&probe), ..Env::constant(program) };

    let mut found = run.incidents(&env, &state, incidents)?;
    let mut totals = (found.points, found.fine);
    let escalations = run.escalations(&env, &state, &mut totals)?;
    let (mut points, mut fine) = totals;
    let mut compensation = found.compensation;
    let mut month_totals = [points, compensation, fine];
    let severity_withheld = run.severity_caps(&env, &state, &mut found.caps, &mut month_totals)?;
    [points, compensation, fine] = month_totals;
    {
        let mut s = state.borrow_mut();
        s.points = points;
        s.compensation = compensation;
        s.fine = fine;
    }
    let mut requirements = Vec::new();
    let tier_ok = run.requirements_hold(&env, tier, &mut requirements)?;
    let promotion = match program.tiers.get(tier + 1) {
        Some(_) if run.requirements_hold(&env, tier + 1, &mut requirements)? => Some(tier + 1),
        _ => None,
    };
    probe.take_calls();
    let pay_out = run.pay(&env, &pay, &probe)?;

    let (severity_counts, violation_amounts, severity_amounts) = {
        let s = state.borrow();
        (s.severity_counts.clone(), s.violation_amounts.clone(), s.severity_amounts.clone())
    };
    Ok(AgentResult {
        id: text_of(fields.get(AGENT_ID)),
        name: text_of(fields.get(AGENT_NAME)),
        tier,
        tenure_months,
        tenure_days,
        tier_tenure,
        violations: found.tallies.into_iter().filter(|t| t.count > 0).collect(),
        counted: found.counted,
        not_counted: found.not_counted,
        escalations,
        severity_counts,
        violation_amounts,
        severity_amounts,
        severity_withheld,
        caps: found.caps,
        points,
        compensation,
        fine,
        promotion,
        tier_ok,
        requirements,
        pay: pay_out,
        hits: probe.hits(),
    })
}

impl Run<'_> {
    fn shown(&self, env: &Env, e: &CExpr) -> Vec<Shown> {
        if self.values {
            shown(env, e)
        } else {
            Vec::new()
        }
    }

    /// Phase 2: each incident, in input order, counted when its violation's `when` holds;
    /// then each counted occurrence's amounts, knowing its rank (`occurrence`: by date,
    /// then input order, among the counted occurrences of its violation).
    fn incidents(
        &self,
        env: &Env,
        state: &RefCell<MonthState>,
        incidents: &[IncidentRow],
    ) -> Result<Incidents, EvalError> {
        let program = self.program;
        let mut out = Incidents {
            tallies: (0..program.violations.len())
                .map(|v| ViolationTally {
                    violation: v,
                    count: 0,
                    points: Decimal::ZERO,
                    compensation: Decimal::ZERO,
                    fine: Decimal::ZERO,
                    withheld: [Decimal::ZERO; 3],
                })
                .collect(),
            caps: Vec::new(),
            counted: Vec::new(),
            not_counted: Vec::new(),
            points: Decimal::ZERO,
            compensation: Decimal::ZERO,
            fine: Decimal::ZERO,
        };
        // Which incidents count: (violation, date, the incident's index).
        let mut counted: Vec<(usize, NaiveDate, usize)> = Vec::new();
        for (index, inc) in incidents.iter().enumerate() {
            let v = match inc.values.get(INCIDENT_VIOLATION) {
                Some(Value::Violation(v)) => *v,
                _ => continue,
            };
            let date = match inc.values.get(INCIDENT_DATE) {
                Some(Value::Date(d)) => *d,
                _ => self.month.first(),
            };
            let Some(def) = program.violations.get(v) else { continue };
            if let Some(when) = &def.when {
                let ienv = Env { incident: Some(inc.values), ..env.copy() };
                if !matches!(ienv.eval(when)?, Value::Bool(true)) {
                    out.not_counted.push(NotCounted {
                        violation: v,
                        date,
                        line: inc.line,
                        condition: when.span.text().to_string(),
                        values: shown(&ienv, when),
                        why_not: if self.full { why(&ienv, when, false) } else { None },
                    });
                    continue;
                }
            }
            counted.push((v, date, index));
        }
        if let Some(agent) = env.agent {
            *agent.counted.borrow_mut() = counted.iter().map(|&(v, _, i)| (v, i)).collect();
        }
        if self.full {
            // Every counted incident is kept: room for exactly as many (a month of a
            // million holds them all at once, and a growing list would leave a third spare).
            out.counted.reserve_exact(counted.len());
        }
        let ranks = ranks(&counted);
        // The amounts of capped violations' occurrences, held until all are known (nothing
        // is allocated for an agent with no capped occurrence).
        let mut held: Vec<Vec<(NaiveDate, [Decimal; 3])>> = Vec::new();
        for (&(v, date, i), rank) in counted.iter().zip(ranks) {
            let (Some(def), Some(inc)) = (program.violations.get(v), incidents.get(i)) else { continue };
            let ienv = Env { incident: Some(inc.values), occurrence: Some(rank), ..env.copy() };
            let amounts = self.occurrence(&ienv, state, def, v, date, inc.line, &mut out)?;
            if def.caps.is_empty() {
                self.add_amounts(state, def, v, amounts, &mut out)?;
                continue;
            }
            if held.is_empty() {
                held.resize(program.violations.len(), Vec::new());
            }
            if let Some(h) = held.get_mut(v) {
                h.push((date, amounts));
            }
        }
        for (v, items) in held.iter().enumerate() {
            let Some(def) = program.violations.get(v) else { continue };
            if def.caps.is_empty() || items.is_empty() {
                continue;
            }
            let amounts = self.violation_caps(env, def, v, items, &mut out)?;
            self.add_amounts(state, def, v, amounts, &mut out)?;
        }
        Ok(out)
    }

    /// The limits of `caps` for the agent (money to the cent), per amount.
    fn limits(&self, env: &Env, caps: &[CapDef]) -> Result<[Vec<Limit>; 3], EvalError> {
        let mut out: [Vec<Limit>; 3] = Default::default();
        for (i, cap) in caps.iter().enumerate() {
            let mut limit = num(&env.eval(&cap.limit)?);
            if cap.amount != Amount::Points {
                limit = cents(limit);
            }
            if limit.is_sign_negative() && !limit.is_zero() {
                return Err(EvalError {
                    code: Code::RuntimeNegativeCap,
                    message: tr!("runtime-negative-cap", cap = &cap.text, limit = limit.normalize()),
                    span: cap.limit.span.clone(),
                });
            }
            if let Some(list) = out.get_mut(cap.amount.index()) {
                list.push(Limit { cap: i, period: cap.period, limit });
            }
        }
        Ok(out)
    }

    /// A capped violation's amounts: its occurrences' (each a date and points,
    /// compensation, fine) after its caps; what they withheld goes to its tally.
    fn violation_caps(
        &self,
        env: &Env,
        def: &ViolationDef,
        v: usize,
        items: &[(NaiveDate, [Decimal; 3])],
        out: &mut Incidents,
    ) -> Result<[Decimal; 3], EvalError> {
        let limits = self.limits(env, &def.caps)?;
        let mut after = [Decimal::ZERO; 3];
        for (k, amount) in Amount::ALL.into_iter().enumerate() {
            let limits = limits.get(k).map_or(&[][..], Vec::as_slice);
            let at = def.caps.first().map_or(&def.points, |c| &c.limit);
            let amount_of = |a: &[Decimal; 3]| a.get(k).copied().unwrap_or_default();
            let before = items
                .iter()
                .try_fold(Decimal::ZERO, |s, (_, a)| s.checked_add(amount_of(a)))
                .ok_or_else(|| overflow(at))?;
            // An amount no cap of the violation limits: all of it is kept.
            let (total, withheld) = if limits.is_empty() {
                (before, Vec::new())
            } else {
                let column: Vec<(NaiveDate, Decimal)> = items.iter().map(|(d, a)| (*d, amount_of(a))).collect();
                caps::apply(&column, limits, self.month).ok_or_else(|| overflow(at))?
            };
            if let Some(a) = after.get_mut(k) {
                *a = total;
            }
            if let Some(w) = out.tallies.get_mut(v).and_then(|t| t.withheld.get_mut(k)) {
                *w = before - total;
            }
            out.caps.extend(withheld.into_iter().map(|w| CapOutcome {
                target: Target::Violation(v),
                cap: w.cap,
                amount,
                period: w.period,
                start: w.start,
                before: w.before,
                limit: w.limit,
            }));
        }
        Ok(after)
    }

    /// A violation's amounts (one occurrence's, or a capped violation's month after its
    /// caps), added to its tally, its severity and the month.
    fn add_amounts(
        &self,
        state: &RefCell<MonthState>,
        def: &ViolationDef,
        v: usize,
        [p, c, f]: [Decimal; 3],
        out: &mut Incidents,
    ) -> Result<(), EvalError> {
        let comp_at = def.compensation.as_ref().unwrap_or(&def.points);
        let fine_at = def.fine.as_ref().unwrap_or(&def.points);
        out.points = add(out.points, p, &def.points)?;
        out.compensation = add(out.compensation, c, comp_at)?;
        out.fine = add(out.fine, f, fine_at)?;
        if let Some(t) = out.tallies.get_mut(v) {
            t.points = add(t.points, p, &def.points)?;
            t.compensation = add(t.compensation, c, comp_at)?;
            t.fine = add(t.fine, f, fine_at)?;
        }
        let mut s = state.borrow_mut();
        if let Some(a) = s.violation_amounts.get_mut(v) {
            a[0] = add(a[0], p, &def.points)?;
            a[1] = add(a[1], c, comp_at)?;
            a[2] = add(a[2], f, fine_at)?;
        }
        if let Some(a) = s.severity_amounts.get_mut(def.severity) {
            a[0] = add(a[0], p, &def.points)?;
            a[1] = add(a[1], c, comp_at)?;
            a[2] = add(a[2], f, fine_at)?;
        }
        Ok(())
    }

    /// After the escalations: each severity's caps (per month) on its amounts; returns
    /// what they withheld per severity, which the month's totals lose.
    fn severity_caps(
        &self,
        env: &Env,
        state: &RefCell<MonthState>,
        outcomes: &mut Vec<CapOutcome>,
        totals: &mut [Decimal; 3],
    ) -> Result<Vec<[Decimal; 3]>, EvalError> {
        let program = self.program;
        // Kept per severity only when a severity caps (readers take a missing row as zero).
        if program.severities.iter().all(|s| s.caps.is_empty()) {
            return Ok(Vec::new());
        }
        let mut withheld = vec![[Decimal::ZERO; 3]; program.severities.len()];
        for (s, def) in program.severities.iter().enumerate() {
            if def.caps.is_empty() {
                continue;
            }
            let limits = self.limits(env, &def.caps)?;
            let mut st = state.borrow_mut();
            let (Some(amounts), Some(held)) = (st.severity_amounts.get_mut(s), withheld.get_mut(s)) else { continue };
            for (k, amount) in Amount::ALL.into_iter().enumerate() {
                let cap = limits.get(k).and_then(|l| caps::smallest(l, Period::Month));
                let (Some(cap), Some(raw), Some(w)) = (cap, amounts.get_mut(k), held.get_mut(k)) else { continue };
                if *raw > cap.limit {
                    outcomes.push(CapOutcome {
                        target: Target::Severity(s),
                        cap: cap.cap,
                        amount,
                        period: Period::Month,
                        start: self.month.first(),
                        before: *raw,
                        limit: cap.limit,
                    });
                    *w = *raw - cap.limit;
                    *raw = cap.limit;
                    if let (Some(t), Some(def)) = (totals.get_mut(k), def.caps.get(cap.cap)) {
                        *t = add(*t, -*w, &def.limit)?;
                    }
                }
            }
        }
        Ok(withheld)
    }

    /// One counted occurrence: counted toward its violation and severity; its points,
    /// compensation and fine are returned (a capped violation adds them up later).
    #[allow(clippy::too_many_arguments)]
    fn occurrence(
        &self,
        ienv: &Env,
        state: &RefCell<MonthState>,
        def: &ViolationDef,
        v: usize,
        date: NaiveDate,
        line: usize,
        out: &mut Incidents,
    ) -> Result<[Decimal; 3], EvalError> {
        // The tables called from here on are this occurrence's.
        if let Some(probe) = ienv.probe {
            probe.take_calls();
        }
        let p = num(&ienv.eval(&def.points)?);
        let money = |e: &Option<CExpr>| -> Result<Decimal, EvalError> {
            Ok(match e {
                Some(e) => cents(num(&ienv.eval(e)?)),
                None => Decimal::ZERO,
            })
        };
        let (c, f) = (money(&def.compensation)?, money(&def.fine)?);
        if let Some(t) = out.tallies.get_mut(v) {
            t.count += 1;
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
        if self.full {
            let mut values = self.shown(ienv, &def.points);
            for e in [&def.compensation, &def.fine].into_iter().flatten() {
                for s in self.shown(ienv, e) {
                    if !values.iter().any(|x| x.expr == s.expr) {
                        values.push(s);
                    }
                }
            }
            // Taken in any case: the calls are the occurrence's, not the next pay line's.
            let mut tables = ienv.probe.map(Probe::take_calls).unwrap_or_default();
            if !self.values {
                tables = Vec::new();
            }
            out.counted.push(Occurrence {
                violation: v,
                date,
                line,
                points: p,
                compensation: c,
                fine: f,
                values,
                tables,
            });
        }
        Ok([p, c, f])
    }

    /// Phase 3: escalations, in dependency order; each that fires counts toward its
    /// severity for the ones after it.
    fn escalations(
        &self,
        env: &Env,
        state: &RefCell<MonthState>,
        totals: &mut (Decimal, Decimal),
    ) -> Result<Vec<EscalationOutcome>, EvalError> {
        let program = self.program;
        let mut escalations = Vec::new();
        for &i in &program.escalation_order {
            let Some(esc) = program.escalations.get(i) else { continue };
            let values = self.shown(env, &esc.when);
            let fired = matches!(env.eval(&esc.when)?, Value::Bool(true));
            let (mut p, mut fine) = (Decimal::ZERO, Decimal::ZERO);
            if fired {
                p = num(&env.eval(&esc.points)?);
                if let Some(f) = &esc.fine {
                    fine = cents(num(&env.eval(f)?));
                }
                let fine_at = esc.fine.as_ref().unwrap_or(&esc.points);
                totals.0 = add(totals.0, p, &esc.points)?;
                totals.1 = add(totals.1, fine, fine_at)?;
                let mut s = state.borrow_mut();
                if let Some(f) = s.escalation_fired.get_mut(i) {
                    *f = true;
                }
                if let Some(n) = s.severity_counts.get_mut(esc.severity) {
                    *n += 1;
                }
                if let Some(a) = s.severity_amounts.get_mut(esc.severity) {
                    a[0] = add(a[0], p, &esc.points)?;
                    a[2] = add(a[2], fine, fine_at)?;
                }
            }
            escalations.push(EscalationOutcome {
                escalation: i,
                fired,
                points: p,
                fine,
                condition: esc.when.span.text().to_string(),
                values,
                why_not: if self.full && !fired { why(env, &esc.when, false) } else { None },
            });
        }
        Ok(escalations)
    }

    /// Phase 4: whether every requirement of `tier` holds (each kept for the trace).
    fn requirements_hold(&self, env: &Env, tier: usize, out: &mut Vec<RequirementOutcome>) -> Result<bool, EvalError> {
        let Some(def) = env.program.tiers.get(tier) else { return Ok(false) };
        let tenv = Env { attr_tier: Some(tier), ..env.copy() };
        let mut all = true;
        let own = env.agent.is_some_and(|a| a.tier == tier);
        for r in &def.requires {
            // Time in the tier is about the move into it: the agent's own tier was entered.
            let assumed = own && r.about_the_move;
            let holds = assumed || matches!(tenv.eval(&r.expr)?, Value::Bool(true));
            all &= holds;
            if self.full {
                out.push(RequirementOutcome {
                    tier,
                    holds,
                    assumed,
                    text: r.expr.span.text().to_string(),
                    doc: r.doc.clone(),
                    values: shown(&tenv, &r.expr),
                    why_not: if holds { None } else { why(&tenv, &r.expr, false) },
                });
            }
        }
        Ok(all)
    }

    /// Phase 5: the pay lines, in order, each seeing the ones above it.
    fn pay(&self, env: &Env, pay: &RefCell<Vec<Value>>, probe: &Probe) -> Result<Vec<PayOutcome>, EvalError> {
        let mut out = Vec::with_capacity(self.program.pay.len());
        for line in &self.program.pay {
            let value = env.eval(&line.expr)?;
            let tables = probe.take_calls();
            pay.borrow_mut().push(value.clone());
            let formula = if self.values { line.expr.span.text().to_string() } else { String::new() };
            let branches = if self.full { branches(env, &line.expr) } else { Vec::new() };
            out.push(PayOutcome { value, formula, values: self.shown(env, &line.expr), tables, branches });
        }
        Ok(out)
    }
}

fn num(v: &Value) -> Decimal {
    match v {
        Value::Num(n) => *n,
        _ => Decimal::ZERO,
    }
}

#[inline]
fn add(a: Decimal, b: Decimal, at: &CExpr) -> Result<Decimal, EvalError> {
    sum(a, b).ok_or_else(|| overflow(at))
}

/// `a + b`, or `None` on overflow. Most occurrences cost no compensation and no fine:
/// adding a zero of no more decimal places to an `a` that is not zero gives `a` itself,
/// and a zero to a zero gives the second, to the last place, without the addition.
#[inline]
fn sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        if a.is_zero() {
            return Some(b);
        }
        if b.scale() <= a.scale() {
            return Some(a);
        }
    }
    a.checked_add(b)
}

#[cold]
fn overflow(at: &CExpr) -> EvalError {
    EvalError { code: Code::RuntimeOverflow, message: "the month's total overflows".into(), span: at.span.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_zero_gives_what_the_addition_gives_to_the_last_place() {
        let texts = ["0", "-0", "0.00", "-0.00", "3", "3.5", "-3.50", "0.000", "79228162514264337593543950335"];
        let parse = |t: &str| t.parse::<Decimal>().unwrap_or_else(|e| panic!("{t}: {e}"));
        let mut values: Vec<Decimal> = texts.iter().map(|t| parse(t)).collect();
        values.push(-Decimal::new(0, 2));
        for &a in &values {
            for &b in &values {
                let (fast, full) = (sum(a, b), a.checked_add(b));
                assert_eq!(fast, full, "{a} + {b}");
                let show = |d: Option<Decimal>| d.map(|d| (d.to_string(), d.scale(), d.is_sign_negative()));
                assert_eq!(show(fast), show(full), "{a} + {b}");
            }
        }
    }
}
