//! A month as CSV: one row per agent, severities' counts and pay lines as columns.

use std::io::Write;

use super::{escalation_names, tier_name};
use crate::check::program::Program;
use crate::eval::{render, AgentResult, MonthResult};
use crate::money::money_text;

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
    super::write_in_batches(&result.agents, w, |_, a, out| {
        let mut row = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        row.write_record(csv_row(program, a))?;
        row.flush()
    })
}
