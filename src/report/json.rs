//! A month as JSON (contract v1 §6): decimals as strings, money with two places.
//!
//! One writer per agent, [`write_agent_json`]; the month's document streams it agent by
//! agent, and [`agent_json`] reads its output back where a JSON value is wanted (an
//! explanation embeds the agent).

use std::io::Write;

use serde_json::{json, Value as Json};

use super::{escalation_names, tier_name};
use crate::check::program::{Amount, Program, Value};
use crate::eval::{render, AgentResult, MonthResult};
use crate::money::money_text;

/// One agent as in contract section 6, as a JSON value: what [`write_month_json`] writes
/// for the agent, read back (so the two can never differ).
pub fn agent_json(program: &Program, a: &AgentResult) -> Json {
    let mut out = Vec::new();
    match write_agent_json(program, a, &mut out) {
        Ok(()) => serde_json::from_slice(&out).unwrap_or(Json::Null),
        Err(_) => Json::Null,
    }
}

pub fn month_json(program: &Program, result: &MonthResult) -> String {
    let mut out = Vec::new();
    let _ = write_month_json(program, result, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the month as JSON, one agent at a time (the whole document is never built in
/// memory). The bytes are those of pretty-printing the whole document at once.
pub fn write_month_json(program: &Program, result: &MonthResult, w: &mut dyn Write) -> std::io::Result<()> {
    write_month_json_with(program, result, None, w)
}

/// [`write_month_json`], with the month's `summary` object ([`super::summary_json`]) after
/// the agents when one is given (`kaohe eval --summary --format json`).
pub fn write_month_json_with(
    program: &Program,
    result: &MonthResult,
    summary: Option<&Json>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let policy = json!({
        "title": program.header.title,
        "version": program.header.version,
        "month": result.month.to_string(),
    });
    write!(w, "{{\n  \"policy\": {},\n  \"agents\": [", indented(&policy, 2))?;
    super::write_in_batches(&result.agents, w, |i, a, out| {
        out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        write_agent_json(program, a, out)
    })?;
    let close = if result.agents.is_empty() { "]" } else { "\n  ]" };
    w.write_all(close.as_bytes())?;
    if let Some(summary) = summary {
        write!(w, ",\n  \"summary\": {}", indented(summary, 2))?;
    }
    w.write_all(b"\n}\n")
}

/// JSON text of a string, escaped.
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// One agent, pretty-printed as it stands inside the month's document (indented by four
/// spaces), written directly without building a JSON value.
fn write_agent_json(program: &Program, a: &AgentResult, w: &mut dyn Write) -> std::io::Result<()> {
    let promotion = a.promotion.map_or_else(|| "null".to_string(), |t| js(&tier_name(program, t)));
    write!(
        w,
        "{{\n      \"id\": {},\n      \"name\": {},\n      \"tier\": {},\n      \"tenure_months\": {},\n      \"points\": \"{}\",\n      \"compensation\": \"{}\",\n      \"fine\": \"{}\",\n      \"violations\": ",
        js(&a.id),
        js(&a.name),
        js(&tier_name(program, a.tier)),
        a.tenure_months,
        a.points.normalize(),
        money_text(a.compensation),
        money_text(a.fine),
    )?;
    let capped = program.caps();
    let violations: Vec<String> = a
        .violations
        .iter()
        .filter_map(|t| {
            let v = program.violations.get(t.violation)?;
            let severity = program.severities.get(v.severity).map_or("", |s| s.name.as_str());
            let withheld = if capped {
                format!(
                    ",\n          \"compensation\": \"{}\",\n          \"withheld\": {}",
                    money_text(t.compensation),
                    amounts_json(&t.withheld)
                )
            } else {
                String::new()
            };
            Some(format!(
                "{{\n          \"name\": {},\n          \"severity\": {},\n          \"count\": {},\n          \"points\": \"{}\",\n          \"fine\": \"{}\"{withheld}\n        }}",
                js(&v.name),
                js(severity),
                t.count,
                t.points.normalize(),
                money_text(t.fine)
            ))
        })
        .collect();
    write_list(w, &violations)?;
    if capped {
        write_caps(program, a, w)?;
    }
    w.write_all(b",\n      \"not_counted\": ")?;
    let not_counted: Vec<String> = a
        .not_counted
        .iter()
        .map(|n| {
            let name = program.violations.get(n.violation).map_or("", |v| v.name.as_str());
            format!(
                "{{\n          \"violation\": {},\n          \"date\": \"{}\",\n          \"why\": {}\n        }}",
                js(name),
                n.date.format("%Y-%m-%d"),
                js(&n.why())
            )
        })
        .collect();
    write_list(w, &not_counted)?;
    w.write_all(b",\n      \"escalations\": ")?;
    let escalations: Vec<String> = escalation_names(program, a).iter().map(|e| js(e)).collect();
    write_list(w, &escalations)?;
    write!(w, ",\n      \"promotion\": {promotion},\n      \"tier_ok\": {},\n      \"pay\": ", a.tier_ok)?;
    if program.pay.is_empty() {
        w.write_all(b"{}")?;
    } else {
        w.write_all(b"{")?;
        for (i, (line, out)) in program.pay.iter().zip(&a.pay).enumerate() {
            let value = match &out.value {
                Value::Bool(b) => b.to_string(),
                v => js(&render(program, v, line.ty, false)),
            };
            write!(w, "{}\n        {}: {value}", if i == 0 { "" } else { "," }, js(&line.name))?;
        }
        w.write_all(b"\n      }")?;
    }
    w.write_all(b"\n    }")
}

/// Points, compensation and fine as a one-line JSON object.
fn amounts_json(a: &[rust_decimal::Decimal; 3]) -> String {
    format!(
        "{{\"points\": \"{}\", \"compensation\": \"{}\", \"fine\": \"{}\"}}",
        a[0].normalize(),
        money_text(a[1]),
        money_text(a[2])
    )
}

/// A policy with caps: each severity the agent has occurrences of, with its amounts after
/// caps and what its own caps withheld, and every period in which a cap withheld something.
fn write_caps(program: &Program, a: &AgentResult, w: &mut dyn Write) -> std::io::Result<()> {
    w.write_all(b",\n      \"severities\": ")?;
    let severities: Vec<String> = program
        .severities
        .iter()
        .enumerate()
        .filter(|(s, _)| a.severity_counts.get(*s).is_some_and(|n| *n > 0))
        .map(|(s, def)| {
            let after = a.severity_amounts.get(s).copied().unwrap_or_default();
            let withheld = a.severity_withheld.get(s).copied().unwrap_or_default();
            format!(
                "{{\n          \"name\": {},\n          \"count\": {},\n          \"amounts\": {},\n          \"withheld\": {}\n        }}",
                js(&def.name),
                a.severity_counts.get(s).copied().unwrap_or(0),
                amounts_json(&after),
                amounts_json(&withheld)
            )
        })
        .collect();
    write_list(w, &severities)?;
    w.write_all(b",\n      \"caps\": ")?;
    let caps: Vec<String> = a
        .caps
        .iter()
        .map(|c| {
            let cap = super::cap_def(program, c);
            let money = c.amount != Amount::Points;
            let figure = |d: rust_decimal::Decimal| if money { money_text(d) } else { d.normalize().to_string() };
            format!(
                "{{\n          \"on\": {},\n          \"cap\": {},\n          \"line\": {},\n          \"period\": \"{}\",\n          \"from\": \"{}\",\n          \"before\": \"{}\",\n          \"limit\": \"{}\",\n          \"withheld\": \"{}\"\n        }}",
                js(&super::target_name(program, c.target)),
                js(cap.map_or("", |d| d.text.as_str())),
                cap.map_or(0, |d| d.line),
                c.period.keyword(),
                c.start.format("%Y-%m-%d"),
                figure(c.before),
                figure(c.limit),
                figure(c.withheld())
            )
        })
        .collect();
    write_list(w, &caps)
}

/// A JSON list of already-written items, at the indentation of an agent's fields.
fn write_list(w: &mut dyn Write, items: &[String]) -> std::io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    for (i, item) in items.iter().enumerate() {
        write!(w, "{}\n        {item}", if i == 0 { "" } else { "," })?;
    }
    w.write_all(b"\n      ]")
}

/// Pretty JSON whose lines after the first are indented by `n` spaces.
fn indented(value: &Json, n: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let pad = " ".repeat(n);
    text.replace('\n', &format!("\n{pad}"))
}
