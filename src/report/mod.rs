//! Results → what people and programs read: a terminal table, JSON, CSV, an Excel
//! workbook ([`xlsx`]), explanations.
//!
//! Decimals are written as strings in JSON and as plain text in CSV; money always has two
//! decimals, other quantities are written without trailing zeros. Pay lines keep the
//! policy's order and names: they are the columns finance reads.

mod explain;
pub mod xlsx;

use std::io::Write;

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::{json, Map, Value as Json};

use crate::check::program::{Program, Value};
use crate::check::types::Type;
use crate::eval::{money_text, render, AgentResult, MonthResult};

pub use explain::{explain_json, explain_text};
pub use xlsx::{month_xlsx, write_month_xlsx};

/// A pay line's or a field's value in JSON: decimals as strings, bools as bools.
fn json_value(program: &Program, v: &Value, ty: Type) -> Json {
    match v {
        Value::Bool(b) => Json::Bool(*b),
        _ => Json::String(render(program, v, ty, false)),
    }
}

fn tier_name(program: &Program, t: usize) -> String {
    program.tiers.get(t).map_or_else(String::new, |t| t.name.clone())
}

fn escalation_names(program: &Program, a: &AgentResult) -> Vec<String> {
    a.fired().filter_map(|e| program.escalations.get(e.escalation)).map(|e| e.name.clone()).collect()
}

/// One agent as in contract section 6.
pub fn agent_json(program: &Program, a: &AgentResult) -> Json {
    let violations: Vec<Json> = a
        .violations
        .iter()
        .filter_map(|t| {
            let v = program.violations.get(t.violation)?;
            let severity = program.severities.get(v.severity).map_or("", |s| s.name.as_str());
            Some(json!({"name": v.name, "severity": severity, "count": t.count, "points": t.points.normalize().to_string()}))
        })
        .collect();
    let not_counted: Vec<Json> = a
        .not_counted
        .iter()
        .map(|n| {
            let name = program.violations.get(n.violation).map_or("", |v| v.name.as_str());
            json!({"violation": name, "date": n.date.format("%Y-%m-%d").to_string(), "why": n.why()})
        })
        .collect();
    let mut pay = Map::new();
    for (line, out) in program.pay.iter().zip(&a.pay) {
        pay.insert(line.name.clone(), json_value(program, &out.value, line.ty));
    }
    json!({
        "id": a.id,
        "name": a.name,
        "tier": tier_name(program, a.tier),
        "tenure_months": a.tenure_months,
        "points": a.points.normalize().to_string(),
        "compensation": money_text(a.compensation),
        "violations": violations,
        "not_counted": not_counted,
        "escalations": escalation_names(program, a),
        "promotion": a.promotion.map(|t| tier_name(program, t)),
        "tier_ok": a.tier_ok,
        "pay": pay,
    })
}

pub fn month_json(program: &Program, result: &MonthResult) -> String {
    let mut out = Vec::new();
    let _ = write_month_json(program, result, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the month as JSON, one agent at a time (the whole document is never built in
/// memory). The bytes are those of pretty-printing the whole document at once.
pub fn write_month_json(program: &Program, result: &MonthResult, w: &mut dyn Write) -> std::io::Result<()> {
    let policy = json!({
        "title": program.header.title,
        "version": program.header.version,
        "month": result.month.to_string(),
    });
    write!(w, "{{\n  \"policy\": {},\n  \"agents\": [", indented(&policy, 2))?;
    write_in_batches(&result.agents, w, |i, a, out| {
        out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        write_agent_json(program, a, out)
    })?;
    let close = if result.agents.is_empty() { "]" } else { "\n  ]" };
    write!(w, "{close}\n}}\n")
}

/// JSON text of a string, escaped.
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// One agent, byte for byte as `agent_json` pretty-printed inside the month's document
/// (indented by four spaces), without building the JSON value.
fn write_agent_json(program: &Program, a: &AgentResult, w: &mut dyn Write) -> std::io::Result<()> {
    let promotion = a.promotion.map_or_else(|| "null".to_string(), |t| js(&tier_name(program, t)));
    write!(
        w,
        "{{\n      \"id\": {},\n      \"name\": {},\n      \"tier\": {},\n      \"tenure_months\": {},\n      \"points\": \"{}\",\n      \"compensation\": \"{}\",\n      \"violations\": ",
        js(&a.id),
        js(&a.name),
        js(&tier_name(program, a.tier)),
        a.tenure_months,
        a.points.normalize(),
        money_text(a.compensation),
    )?;
    let violations: Vec<String> = a
        .violations
        .iter()
        .filter_map(|t| {
            let v = program.violations.get(t.violation)?;
            let severity = program.severities.get(v.severity).map_or("", |s| s.name.as_str());
            Some(format!(
                "{{\n          \"name\": {},\n          \"severity\": {},\n          \"count\": {},\n          \"points\": \"{}\"\n        }}",
                js(&v.name),
                js(severity),
                t.count,
                t.points.normalize()
            ))
        })
        .collect();
    write_list(w, &violations)?;
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

/// The CSV header: fixed columns, one per severity count, one per pay line.
pub fn csv_header(program: &Program) -> Vec<String> {
    let mut h: Vec<String> =
        ["id", "name", "tier", "tenure_months", "points", "compensation", "escalations", "promotion", "tier_ok"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    h.extend(program.severities.iter().map(|s| s.name.clone()));
    h.extend(program.pay.iter().map(|p| p.name.clone()));
    h
}

pub fn csv_row(program: &Program, a: &AgentResult) -> Vec<String> {
    let mut row = vec![
        a.id.clone(),
        a.name.clone(),
        tier_name(program, a.tier),
        a.tenure_months.to_string(),
        a.points.normalize().to_string(),
        money_text(a.compensation),
        escalation_names(program, a).join(";"),
        a.promotion.map(|t| tier_name(program, t)).unwrap_or_default(),
        a.tier_ok.to_string(),
    ];
    row.extend(a.severity_counts.iter().map(u32::to_string));
    row.extend(program.pay.iter().zip(&a.pay).map(|(line, out)| render(program, &out.value, line.ty, false)));
    row
}

/// The month as CSV; `bom` prepends the UTF-8 byte order mark Excel looks for.
pub fn month_csv(program: &Program, result: &MonthResult, bom: bool) -> String {
    let mut out = Vec::new();
    let _ = write_month_csv(program, result, bom, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the month as CSV, one agent at a time.
pub fn write_month_csv(program: &Program, result: &MonthResult, bom: bool, w: &mut dyn Write) -> std::io::Result<()> {
    if bom {
        w.write_all("\u{feff}".as_bytes())?;
    }
    let mut header = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    header.write_record(csv_header(program))?;
    w.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
    write_in_batches(&result.agents, w, |_, a, out| {
        let mut row = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        row.write_record(csv_row(program, a))?;
        row.flush()
    })
}

/// Agents rendered in parallel a batch at a time, written in order: output costs a
/// fraction of the time, and at most one batch is held in memory.
fn write_in_batches(
    agents: &[AgentResult],
    w: &mut dyn Write,
    render: impl Fn(usize, &AgentResult, &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const BATCH: usize = 4096;
    for (b, batch) in agents.chunks(BATCH).enumerate() {
        let parts: Vec<std::io::Result<Vec<u8>>> = batch
            .par_iter()
            .enumerate()
            .map(|(k, a)| {
                let mut out = Vec::with_capacity(1024);
                render(b * BATCH + k, a, &mut out).map(|()| out)
            })
            .collect();
        for part in parts {
            w.write_all(&part?)?;
        }
    }
    Ok(())
}

/// The month as a terminal table.
pub fn month_table(program: &Program, result: &MonthResult) -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    let mut header: Vec<String> =
        ["id", "name", "tier", "points", "escalations", "promotion"].iter().map(|s| s.to_string()).collect();
    header.extend(program.pay.iter().map(|p| p.name.clone()));
    t.set_header(header);
    for a in &result.agents {
        let mut row = vec![
            a.id.clone(),
            a.name.clone(),
            if a.tier_ok { tier_name(program, a.tier) } else { format!("{} (!)", tier_name(program, a.tier)) },
            a.points.normalize().to_string(),
            escalation_names(program, a).join(", "),
            a.promotion.map(|t| tier_name(program, t)).unwrap_or_else(|| "-".into()),
        ];
        row.extend(program.pay.iter().zip(&a.pay).map(|(line, out)| render(program, &out.value, line.ty, false)));
        t.add_row(row);
    }
    for (i, line) in program.pay.iter().enumerate() {
        if line.ty.is_quantity() {
            if let Some(col) = t.column_mut(6 + i) {
                col.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
    }
    if let Some(col) = t.column_mut(3) {
        col.set_cell_alignment(comfy_table::CellAlignment::Right);
    }
    let mut out = t.to_string();
    out.push('\n');
    let flagged = result.agents.iter().filter(|a| !a.tier_ok).count();
    if flagged > 0 {
        out.push_str(&format!("(!) {flagged} agent(s) do not meet their own tier's requirements (tier_ok = false)\n"));
    }
    out
}
