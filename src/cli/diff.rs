//! `kaohe diff OLD NEW --month M --agents F --incidents F [--format text|json] [--ledger DB]`

use kaohe::records::{Encoding, Month};
use kaohe::{tr, Diagnostic};

use super::io::{print_diagnostics, read_policy, write_stdout_bytes, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

localised_values! {
    pub enum Format {
        Text = "text": "cli-value-diff-text",
        Json = "json": "cli-value-diff-json",
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The current policy
    #[arg(value_name = "OLD")]
    old: String,
    /// The revised policy
    #[arg(value_name = "NEW")]
    new: String,
    /// The month to evaluate both on, YYYY-MM
    #[arg(long, value_parser = |s: &str| s.parse::<Month>())]
    month: Month,
    /// Agents file (CSV or JSON)
    #[arg(long, value_name = "FILE")]
    agents: String,
    /// Incidents file (CSV or JSON)
    #[arg(long, value_name = "FILE")]
    incidents: String,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Encoding of CSV files: auto, utf-8 or gbk
    #[arg(long, value_parser = |s: &str| Encoding::parse(s).ok_or_else(|| format!("unknown encoding `{s}`")), default_value = "auto")]
    encoding: Encoding,
    /// Evaluate both revisions with the agents' closed months from this ledger (read only)
    #[arg(long, value_name = "DB")]
    ledger: Option<String>,
}

pub fn run(args: &Args) -> i32 {
    match diff(args) {
        Ok(text) => {
            let _ = write_stdout_bytes(text.as_bytes());
            EXIT_OK
        }
        Err(diags) => {
            print_diagnostics(&diags, DiagFormat::Human);
            EXIT_ERRORS
        }
    }
}

fn diff(args: &Args) -> Result<String, Vec<Diagnostic>> {
    let history = match &args.ledger {
        Some(path) => {
            eprintln!("{}", tr!("ledger-read-only", path = &path));
            kaohe::closing::history_for(path, args.month).map_err(|d| vec![d])?
        }
        None => kaohe::eval::History::none(),
    };
    let old = read_policy(&args.old).map_err(|d| vec![d])?;
    let new = read_policy(&args.new).map_err(|d| vec![d])?;
    let (agents, incidents) = match (kaohe::record_file_bytes(&args.agents), kaohe::record_file_bytes(&args.incidents))
    {
        (Ok(a), Ok(i)) => (a, i),
        (a, i) => return Err(a.err().into_iter().chain(i.err()).collect()),
    };
    let trace = kaohe::eval::Trace::Report;
    let options = kaohe::EvalOptions { encoding: args.encoding, trace, ..Default::default() };
    let files = ((args.agents.as_str(), agents.as_slice()), (args.incidents.as_str(), incidents.as_slice()));
    let r = kaohe::diff_revisions(&old, &new, args.month, files.0, files.1, &options, &history)?;
    Ok(match args.format {
        Format::Text => kaohe::diff::render_text(&r.declarations, &r.agents, &r.totals, r.agent_count, new.text()),
        Format::Json => kaohe::diff::render_json(&r.declarations, &r.agents, &r.totals),
    })
}
