//! A month as CSV: one row per agent, severities' counts and pay lines as columns.

use std::borrow::Cow;
use std::io::Write;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::{escalation_names, tier_name};
use crate::check::program::{Amount, Program};
use crate::eval::{render, AgentResult, MonthResult};
use crate::money::money_text;

/// The amounts some cap of the policy limits: each gets a `withheld_…` column after
/// `fine`, what caps withheld of it.
pub(crate) fn capped_amounts(program: &Program) -> Vec<Amount> {
    Amount::ALL.into_iter().filter(|a| program.caps_amount(*a)).collect()
}

/// The CSV header: fixed columns, one per severity count, one per pay line.
pub fn csv_header(program: &Program) -> Vec<String> {
    let mut h: Vec<String> = [
        "id",
        "name",
        "tier",
        "tenure_months",
        "points",
        "compensation",
        "fine",
        "escalations",
        "promotion",
        "tier_ok",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let withheld = capped_amounts(program).into_iter().map(|a| match a {
        Amount::Points => "withheld_points".to_string(),
        Amount::Compensation => "withheld_compensation".to_string(),
        Amount::Fine => "withheld_fine".to_string(),
    });
    h.splice(7..7, withheld);
    h.extend(program.severities.iter().map(|s| s.name.clone()));
    h.extend(program.pay.iter().map(|p| p.name.clone()));
    h
}

pub fn csv_row(program: &Program, a: &AgentResult) -> Vec<String> {
    let mut row = vec![
        a.id.clone(),
        a.name.clone(),
        tier_name(program, a.tier).to_string(),
        a.tenure_months.to_string(),
        a.points.normalize().to_string(),
        money_text(a.compensation),
        money_text(a.fine),
        escalation_names(program, a).join(";"),
        a.promotion.map(|t| tier_name(program, t)).unwrap_or_default().to_string(),
        a.tier_ok.to_string(),
    ];
    let withheld = a.withheld();
    let cells = capped_amounts(program).into_iter().map(|k| {
        let x = withheld.get(k.index()).copied().unwrap_or_default();
        if k == Amount::Points {
            x.normalize().to_string()
        } else {
            money_text(x)
        }
    });
    row.splice(7..7, cells);
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
    w.write_all(&csv_head(program, bom)?)?;
    super::write_in_batches(&result.agents, w, |_, a, out| csv_agent_into(program, a, out))
}

/// The byte order mark if asked for, and the header line.
pub(super) fn csv_head(program: &Program, bom: bool) -> std::io::Result<Vec<u8>> {
    let mut head = if bom { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
    let mut header = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut head);
    let names = csv_header(program);
    header.write_record(names.iter().map(|c| neutralised(c)).collect::<Vec<_>>().iter().map(|c| c.as_bytes()))?;
    header.flush()?;
    drop(header);
    Ok(head)
}

/// One agent's line.
pub(super) fn csv_agent(program: &Program, a: &AgentResult) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    csv_agent_into(program, a, &mut out)?;
    Ok(out)
}

/// [`csv_agent`], appended to `out`.
fn csv_agent_into(program: &Program, a: &AgentResult, out: &mut Vec<u8>) -> std::io::Result<()> {
    let mut row = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    let cells = csv_row(program, a);
    row.write_record(cells.iter().map(|c| neutralised(c)).collect::<Vec<_>>().iter().map(|c| c.as_bytes()))?;
    row.flush()
}

/// A cell a spreadsheet would read as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`,
/// or one starting with a tab or a line break) is written with a leading `'`, as OWASP
/// advises for CSV exports; numbers, negative ones included, are written as they are.
pub fn neutralised(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
    if risky && Decimal::from_str(cell).is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(neutralised("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralised("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralised("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralised("+86 138"), "'+86 138");
        assert_eq!(neutralised("\t=1+1"), "'\t=1+1");
        assert_eq!(neutralised("-120.50"), "-120.50");
        assert_eq!(neutralised("张三"), "张三");
        assert_eq!(neutralised("A-01"), "A-01");
    }
}
