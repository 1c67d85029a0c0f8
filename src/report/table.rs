//! A month as a terminal table.

use comfy_table::{presets, ContentArrangement, Table};

use super::{escalation_names, tier_name};
use crate::check::program::Program;
use crate::eval::{render, MonthResult};

/// The month as a terminal table.
pub fn month_table(program: &Program, result: &MonthResult) -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    let mut header: Vec<String> =
        ["id", "name", "tier", "points", "escalations", "promotion"].iter().map(|s| super::column_title(s)).collect();
    header.extend(program.pay.iter().map(|p| p.name.clone()));
    t.set_header(header);
    for a in &result.agents {
        let mut row = vec![
            a.id.clone(),
            a.name.clone(),
            if a.tier_ok {
                tier_name(program, a.tier).to_string()
            } else {
                format!("{} (!)", tier_name(program, a.tier))
            },
            a.points.normalize().to_string(),
            escalation_names(program, a).join(", "),
            a.promotion.map(|t| tier_name(program, t)).unwrap_or("-").to_string(),
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
        out.push_str(&format!("{}\n", tr!("table-tier-not-ok", count = flagged)));
    }
    // Names come from the records: a control character in one is shown, not obeyed.
    crate::unicode::printable(&out).into_owned()
}
