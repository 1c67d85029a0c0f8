//! The derivation of one agent's month, citing the clause behind every figure.
//!
//! Text for people (`--explain ID`) and the same trace as JSON (`--explain ID --format
//! json`). Each step names the rule, its doc comment (the clause of the source document)
//! and the values it was computed from.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use crate::calendar::Month;
use crate::check::program::{Amount, Program};
use crate::eval::{render, AgentResult, CapOutcome, Shown, TableCall};
use crate::money::money_text;
use crate::syntax::ast::Period;

fn values_text(values: &[Shown]) -> String {
    values.iter().map(|s| format!("{} = {}", s.expr, s.value)).collect::<Vec<_>>().join(", ")
}

fn values_json(values: &[Shown]) -> Json {
    Json::Array(values.iter().map(|s| json!({"expr": s.expr, "value": s.value})).collect())
}

fn clause(doc: &str) -> String {
    if doc.is_empty() {
        String::new()
    } else {
        format!("\n      「{doc}」")
    }
}

pub fn explain_text(program: &Program, month: Month, a: &AgentResult) -> String {
    let mut o = String::new();
    let tier = program.tiers.get(a.tier).map_or("", |t| t.name.as_str());
    let _ =
        writeln!(o, "{}", tr!("explain-heading", id = &a.id, name = &a.name, tier = tier, month = month.to_string()));
    let (months, days, at) = (a.tenure_months, a.tenure_days, month.next_first().to_string());
    let _ = writeln!(o, "  {}", tr!("explain-tenure", months = months, days = days, date = at));

    let _ = writeln!(o, "\n{}", tr!("explain-counted", count = a.counted.len()));
    if a.counted.is_empty() {
        let _ = writeln!(o, "  {}", tr!("explain-none"));
    }
    for c in &a.counted {
        let Some(v) = program.violations.get(c.violation) else { continue };
        let sev = program.severities.get(v.severity).map_or("", |s| s.name.as_str());
        let comp = if c.compensation.is_zero() {
            String::new()
        } else {
            tr!("explain-compensation", amount = money_text(c.compensation))
        };
        let fine = if c.fine.is_zero() { String::new() } else { tr!("explain-fine", amount = money_text(c.fine)) };
        let inputs = if c.values.is_empty() { String::new() } else { format!("   ({})", values_text(&c.values)) };
        let (date, points) = (c.date.to_string(), c.points.normalize());
        let line = tr!(
            "explain-incident",
            date = date,
            violation = &v.name,
            severity = sev,
            points = points,
            compensation = comp,
            fine = fine,
            line = c.line
        );
        let _ = writeln!(o, "  {line}{inputs}{}", clause(&v.doc));
        for call in &c.tables {
            let _ = writeln!(o, "      {}", table_call_text(program, call));
        }
    }
    if !a.not_counted.is_empty() {
        let _ = writeln!(o, "\n{}", tr!("explain-not-counted", count = a.not_counted.len()));
        for n in &a.not_counted {
            let Some(v) = program.violations.get(n.violation) else { continue };
            let why = match &n.why_not {
                Some(w) => tr!("explain-is-false-because", condition = &n.condition, values = w),
                None => n.why(),
            };
            let line = tr!(
                "explain-not-counted-line",
                date = n.date.to_string(),
                violation = &v.name,
                why = why,
                line = n.line
            );
            let _ = writeln!(o, "  {line}{}", clause(&v.doc));
        }
    }
    if !program.escalations.is_empty() {
        let _ = writeln!(o, "\n{}", tr!("explain-escalations"));
        for e in &a.escalations {
            let Some(def) = program.escalations.get(e.escalation) else { continue };
            let sev = program.severities.get(def.severity).map_or("", |s| s.name.as_str());
            let points = e.points.normalize();
            let outcome = if e.fired && !e.fine.is_zero() {
                tr!("explain-fired-fine", points = points, fine = money_text(e.fine), severity = sev)
            } else if e.fired {
                tr!("explain-fired", points = points, severity = sev)
            } else {
                match &e.why_not {
                    Some(why) => tr!("explain-not-fired-because", why = why),
                    None => tr!("explain-not-fired"),
                }
            };
            let head = tr!("explain-escalation", name = &def.name, severity = sev, outcome = outcome);
            let when = tr!("explain-when", condition = &e.condition, values = values_text(&e.values));
            let _ = writeln!(o, "  {head}\n      {when}{}", clause(&def.doc));
        }
    }
    write_caps(&mut o, program, a);
    let counts: Vec<String> =
        program.severities.iter().zip(&a.severity_counts).map(|(s, n)| format!("{} {n}", s.name)).collect();
    let counts = if counts.is_empty() { String::new() } else { tr!("explain-counts", counts = counts.join(", ")) };
    let fine = if program.fines() { tr!("explain-fine", amount = money_text(a.fine)) } else { String::new() };
    let (points, comp) = (a.points.normalize(), money_text(a.compensation));
    let _ =
        writeln!(o, "\n{}", tr!("explain-totals", points = points, compensation = comp, fine = fine, counts = counts));

    let _ = writeln!(o, "\n{}", tr!("explain-requirements"));
    if a.requirements.is_empty() {
        let _ = writeln!(o, "  {}", tr!("explain-none-apply"));
    }
    for r in &a.requirements {
        let which = if r.tier == a.tier { tr!("explain-own-tier") } else { tr!("explain-promotion") };
        let t = program.tiers.get(r.tier).map_or("", |t| t.name.as_str());
        if r.assumed {
            let line = tr!("explain-assumed", tier = t, which = which, requirement = &r.text);
            let _ = writeln!(o, "  {line}{}", clause(&r.doc));
            continue;
        }
        let verdict = if r.holds { tr!("explain-holds") } else { tr!("explain-does-not-hold") };
        let values = match &r.why_not {
            Some(why) => why.clone(),
            None => values_text(&r.values),
        };
        let line = tr!(
            "explain-requirement",
            tier = t,
            which = which,
            requirement = &r.text,
            verdict = verdict,
            values = values
        );
        let _ = writeln!(o, "  {line}{}", clause(&r.doc));
    }
    let promotion = match a.promotion.and_then(|t| program.tiers.get(t)) {
        Some(t) => t.name.clone(),
        None => match promotion_why_not(program, a) {
            Some(why) => tr!("explain-no-promotion-because", why = why),
            None => tr!("explain-none"),
        },
    };
    let tier_ok = if a.tier_ok { tr!("explain-true") } else { tr!("explain-false") };
    let _ = writeln!(o, "  → {}", tr!("explain-verdict", tier_ok = tier_ok, promotion = promotion));

    let _ = writeln!(o, "\n{}", tr!("explain-pay"));
    for (line, p) in program.pay.iter().zip(&a.pay) {
        let value = render(program, &p.value, line.ty, true);
        let inputs = if p.values.is_empty() { String::new() } else { format!("   ({})", values_text(&p.values)) };
        let _ = writeln!(o, "  {} = {} = {value}{inputs}{}", line.name, p.formula, clause(&line.doc));
        for call in &p.tables {
            let _ = writeln!(o, "      {}", table_call_text(program, call));
        }
        for b in &p.branches {
            let _ = writeln!(o, "      {b}");
        }
    }
    // Names and values come from the records: a control character in one is shown, not obeyed.
    crate::unicode::printable(&o).into_owned()
}

/// An amount of a cap, with its unit.
fn cap_figure(c: &CapOutcome, d: rust_decimal::Decimal) -> String {
    if c.amount == Amount::Points {
        format!("{} 分", d.normalize())
    } else {
        format!("{} 元", money_text(d))
    }
}

/// Each period in which a cap withheld something: the cap, its clause, what the period's
/// amounts came to, the limit and what it withheld.
fn write_caps(o: &mut String, program: &Program, a: &AgentResult) {
    if a.caps.is_empty() {
        return;
    }
    let _ = writeln!(o, "\n{}", tr!("explain-caps"));
    for c in &a.caps {
        let Some(cap) = super::cap_def(program, c) else { continue };
        let period = match c.period {
            Period::Day => format!("{}", c.start),
            Period::Week => tr!("explain-week-from", date = c.start.to_string()),
            Period::Month => tr!("explain-the-month"),
        };
        let head = tr!("explain-cap", target = super::target_name(program, c.target), cap = &cap.text, line = cap.line);
        let (before, limit, withheld) = (cap_figure(c, c.before), cap_figure(c, c.limit), cap_figure(c, c.withheld()));
        let figures = tr!("explain-cap-figures", period = period, before = before, limit = limit, withheld = withheld);
        let _ = writeln!(o, "  {head}\n      {figures}{}", clause(&cap.doc));
    }
}

fn caps_json(program: &Program, a: &AgentResult) -> Json {
    let caps = a.caps.iter().filter_map(|c| {
        let cap = super::cap_def(program, c)?;
        let figure = |d: rust_decimal::Decimal| {
            if c.amount == Amount::Points {
                d.normalize().to_string()
            } else {
                money_text(d)
            }
        };
        Some(json!({"on": super::target_name(program, c.target), "cap": cap.text, "line": cap.line,
                    "period": c.period.keyword().to_string(), "from": c.start.to_string(),
                    "before": figure(c.before), "limit": figure(c.limit), "withheld": figure(c.withheld()),
                    "clause": cap.doc}))
    });
    Json::Array(caps.collect())
}

/// Why the agent was not promoted: the next tier's first requirement that failed, with
/// its values (`中级客服 requires tenure >= 3 months: tenure = 2 months < 3 months`).
pub fn promotion_why_not(program: &Program, a: &AgentResult) -> Option<String> {
    if a.promotion.is_some() {
        return None;
    }
    let next = a.tier + 1;
    let tier = program.tiers.get(next)?;
    let r = a.requirements.iter().find(|r| r.tier == next && !r.holds)?;
    let why = r.why_not.clone().unwrap_or_else(|| values_text(&r.values));
    Some(tr!("explain-tier-requires", tier = &tier.name, requirement = &r.text, why = why))
}

/// The why and why not of an agent's month, one (item, text) a line: the table row each
/// pay line used, each `if` taken, each escalation that did not fire, each requirement
/// that failed, the promotion not granted.
pub fn why_lines(program: &Program, a: &AgentResult) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (line, p) in program.pay.iter().zip(&a.pay) {
        for call in &p.tables {
            out.push((line.name.clone(), table_call_text(program, call)));
        }
        for b in &p.branches {
            out.push((line.name.clone(), b.clone()));
        }
    }
    for e in &a.escalations {
        let (Some(def), Some(why)) = (program.escalations.get(e.escalation), &e.why_not) else { continue };
        out.push((def.name.clone(), tr!("explain-not-fired-because", why = why)));
    }
    for r in a.requirements.iter().filter(|r| !r.holds) {
        let t = program.tiers.get(r.tier).map_or("", |t| t.name.as_str());
        let why = r.why_not.clone().unwrap_or_else(|| values_text(&r.values));
        out.push((t.to_string(), tr!("explain-requirement-fails", requirement = &r.text, why = why)));
    }
    if let Some(why) = promotion_why_not(program, a) {
        out.push((tr!("explain-promotion"), tr!("explain-no-promotion", why = why)));
    }
    out.into_iter().map(|(i, t)| (i, crate::unicode::printable(&t).into_owned())).collect()
}

/// One table call as explained: the arguments, the row that matched (`else` for the
/// `else` row), its line and doc comment, and what it gave.
struct RowUsed {
    table: String,
    args: Vec<(String, String)>,
    row: String,
    line: usize,
    value: String,
    doc: String,
}

fn table_call(program: &Program, call: &TableCall) -> Option<RowUsed> {
    let t = program.tables.get(call.table)?;
    let args =
        t.params.iter().zip(&call.args).map(|((name, ty), v)| (name.clone(), render(program, v, *ty, true))).collect();
    let (cond, value) = t.rows.get(call.row)?;
    let (row, line) = match cond {
        Some(c) => (c.span.text().to_string(), c.span.line()),
        None => ("else".to_string(), value.span.line()),
    };
    let doc = t.docs.get(call.row).cloned().unwrap_or_default();
    // A literal result as written (`80%`), anything else as computed.
    let shown = match value.kind {
        crate::check::program::CKind::Const(_) => value.span.text().to_string(),
        _ => render(program, &call.value, t.ret, true),
    };
    Some(RowUsed { table: t.name.clone(), args, row, line, value: shown, doc })
}

fn table_call_text(program: &Program, call: &TableCall) -> String {
    let Some(u) = table_call(program, call) else { return String::new() };
    let args: Vec<String> = u.args.iter().map(|(n, v)| format!("{n} = {v}")).collect();
    let row = if u.row == "else" { "`else`".to_string() } else { format!("`{}`", u.row) };
    let doc = if u.doc.is_empty() { String::new() } else { format!("「{}」", u.doc) };
    let call = format!("{}({})", u.table, args.join(", "));
    let row = if u.row == "else" {
        tr!("explain-table-else", call = call, row = row, line = u.line, value = &u.value)
    } else {
        tr!("explain-table-row", call = call, row = row, line = u.line, value = &u.value)
    };
    format!("{row}{doc}")
}

fn table_call_json(program: &Program, call: &TableCall) -> Json {
    let Some(u) = table_call(program, call) else { return Json::Null };
    let args: Vec<Json> = u.args.iter().map(|(n, v)| json!({"param": n, "value": v})).collect();
    json!({"table": u.table, "args": args, "row": u.row, "line": u.line, "value": u.value, "clause": u.doc})
}

pub fn explain_json(program: &Program, month: Month, a: &AgentResult) -> String {
    let name = |i: usize| program.violations.get(i).map_or("", |v| v.name.as_str());
    let doc = |i: usize| program.violations.get(i).map_or("", |v| v.doc.as_str());
    let counted: Vec<Json> = a
        .counted
        .iter()
        .map(|c| {
            json!({"violation": name(c.violation), "date": c.date.to_string(), "line": c.line,
                   "points": c.points.normalize().to_string(), "compensation": money_text(c.compensation),
                   "fine": money_text(c.fine), "values": values_json(&c.values),
                   "tables": c.tables.iter().map(|t| table_call_json(program, t)).collect::<Vec<_>>(),
                   "clause": doc(c.violation)})
        })
        .collect();
    let not_counted: Vec<Json> = a
        .not_counted
        .iter()
        .map(|n| {
            json!({"violation": name(n.violation), "date": n.date.to_string(), "line": n.line,
                   "condition": n.condition, "values": values_json(&n.values), "why_not": n.why_not,
                   "clause": doc(n.violation)})
        })
        .collect();
    let escalations: Vec<Json> = a
        .escalations
        .iter()
        .filter_map(|e| {
            let def = program.escalations.get(e.escalation)?;
            let mut j = json!({"name": def.name, "fired": e.fired, "points": e.points.normalize().to_string(),
                        "condition": e.condition, "values": values_json(&e.values), "clause": def.doc});
            if let Some(why) = &e.why_not {
                j["why_not"] = Json::String(why.clone());
            }
            Some(j)
        })
        .collect();
    let requirements: Vec<Json> = a
        .requirements
        .iter()
        .map(|r| {
            let t = program.tiers.get(r.tier).map_or("", |t| t.name.as_str());
            let mut j = json!({"tier": t, "for": if r.tier == a.tier { "tier_ok" } else { "promotion" }, "requires": r.text,
                   "holds": r.holds, "values": values_json(&r.values), "clause": r.doc});
            if r.assumed {
                j["assumed"] = Json::Bool(true);
            }
            if let Some(why) = &r.why_not {
                j["why_not"] = Json::String(why.clone());
            }
            j
        })
        .collect();
    let pay: Vec<Json> = program
        .pay
        .iter()
        .zip(&a.pay)
        .map(|(line, p)| {
            let mut j = json!({"line": line.name, "formula": p.formula, "value": render(program, &p.value, line.ty, false),
                   "values": values_json(&p.values), "clause": line.doc});
            if !p.tables.is_empty() {
                j["tables"] = Json::Array(p.tables.iter().map(|c| table_call_json(program, c)).collect());
            }
            if !p.branches.is_empty() {
                j["branches"] = Json::Array(p.branches.iter().map(|b| Json::String(b.clone())).collect());
            }
            j
        })
        .collect();
    let doc = json!({
        "month": month.to_string(),
        "agent": super::agent_json(program, a),
        "tenure_days": a.tenure_days,
        "trace": {
            "counted": counted,
            "not_counted": not_counted,
            "escalations": escalations,
            "requirements": requirements,
            "promotion_why_not": promotion_why_not(program, a),
            "pay": pay,
        }
    });
    let mut doc = doc;
    if program.caps() {
        doc["trace"]["caps"] = caps_json(program, a);
    }
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
