//! `kaohe history ID [--ledger DB] [--format table|json] [--all]`: one agent's closed months.

use kaohe::eval::history::figure_text;
use kaohe::ledger::Ledger;
use kaohe::{tr, Diagnostic};
use serde_json::{json, Map, Value as Json};

use super::close::ledger_path;
use super::io::{print_diagnostics, write_stdout_bytes, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

localised_values! {
    pub enum Format {
        Table = "table": "cli-value-history-table",
        Json = "json": "cli-value-history-json",
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The agent's id
    #[arg(value_name = "ID")]
    id: String,
    /// The ledger (default `kaohe.db` in the current folder)
    #[arg(long, value_name = "DB")]
    ledger: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Show superseded records too (a reopened month's earlier closings)
    #[arg(long)]
    all: bool,
}

pub fn run(args: &Args) -> i32 {
    match history(args) {
        Ok(()) => EXIT_OK,
        Err(d) => {
            print_diagnostics(&[d], DiagFormat::Human);
            EXIT_ERRORS
        }
    }
}

/// One month of the agent: the month, the record's id, whether it is in force, the
/// figures.
type Row = (String, i64, bool, kaohe::eval::StoredResult);

fn history(args: &Args) -> Result<(), Diagnostic> {
    let path = ledger_path(&args.ledger);
    eprintln!("{}", tr!("ledger-read-only", path = &path));
    let ledger = Ledger::open(&path, false)?;
    ledger.check_chain(false)?;
    let records = if args.all { ledger.records()? } else { ledger.in_force()? };
    let mut rows: Vec<Row> = Vec::new();
    for r in &records {
        if let Some(result) = ledger.result_of(r.id, &args.id)? {
            rows.push((r.month.to_string(), r.id, r.superseded_by.is_none(), result));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let text = match args.format {
        Format::Json => json_text(&args.id, &rows, args.all),
        Format::Table => table_text(&args.id, &rows, args.all),
    };
    write_stdout_bytes(text.as_bytes())
}

fn json_text(id: &str, rows: &[Row], all: bool) -> String {
    let months: Vec<Json> = rows
        .iter()
        .map(|(month, record, in_force, result)| {
            let mut m = Map::new();
            m.insert("month".into(), json!(month));
            if all {
                m.insert("record".into(), json!(record));
                m.insert("in_force".into(), json!(in_force));
            }
            m.insert("name".into(), json!(result.name));
            m.extend(result.figures_json());
            Json::Object(m)
        })
        .collect();
    let mut text = json!({"id": id, "months": months}).to_string();
    text.push('\n');
    text
}

/// The figures a table shows: tier, the totals, then every pay line any month has.
fn table_text(id: &str, rows: &[Row], all: bool) -> String {
    if rows.is_empty() {
        return format!("{}\n", tr!("ledger-no-closed-month", id = id));
    }
    let mut columns: Vec<String> = ["tier", "points", "compensation", "fine"].map(String::from).to_vec();
    for (_, _, _, r) in rows {
        let pay_lines = r.catalogue.figures.iter().skip_while(|(n, _)| n != "promotion").skip(1);
        for (name, _) in pay_lines {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    let mut header = vec!["month".to_string()];
    if all {
        header.push("record".into());
    }
    header.extend(columns.iter().cloned());
    table.set_header(header);
    for (month, record, in_force, result) in rows {
        let mut cells = vec![month.clone()];
        if all {
            cells.push(if *in_force { record.to_string() } else { format!("{record} (superseded)") });
        }
        cells.extend(columns.iter().map(|c| result.figure(c).map_or_else(|| "—".into(), |f| figure_text(&f))));
        table.add_row(cells);
    }
    let name = rows.last().map_or("", |r| r.3.name.as_str());
    format!("{id} {name}\n{table}\n")
}
