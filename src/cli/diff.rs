//! `kaohe diff OLD NEW --month M --agents F --incidents F [--format text|json] [--ledger DB]`

use kaohe::records::{Encoding, Month};
use kaohe::{tr, Diagnostic};

use super::io::{print_diagnostics, read_policy, write_stdout_bytes, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
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
    let mut sides = Vec::new();
    let mut errors = Vec::new();
    for path in [&args.old, &args.new] {
        let source = read_policy(path).map_err(|d| vec![d])?;
        let checked = kaohe::check_source(&source);
        let (Some(file), Some(program)) = (checked.file, checked.program) else {
            errors.extend(checked.diagnostics);
            continue;
        };
        let trace = kaohe::eval::Trace::Report;
        let options = kaohe::EvalOptions { encoding: args.encoding, trace, ..Default::default() };
        let month = match (kaohe::record_file_bytes(&args.agents), kaohe::record_file_bytes(&args.incidents)) {
            (Ok(a), Ok(i)) => kaohe::evaluate_month_with_history(
                &program,
                args.month,
                (&args.agents, a),
                (&args.incidents, i),
                &options,
                &history,
            ),
            (a, i) => Err(a.err().into_iter().chain(i.err()).collect()),
        };
        match month {
            Ok((result, _)) => sides.push((file, program, result)),
            Err(d) => errors.extend(d),
        }
    }
    let [(old_file, old_p, old_r), (new_file, new_p, new_r)] = <[_; 2]>::try_from(sides).map_err(|_| errors)?;
    let decls = kaohe::diff::declarations(&old_file, &new_file);
    let (agents, totals) = kaohe::diff::results(&old_p, &old_r, &new_p, &new_r);
    Ok(match args.format {
        Format::Text => kaohe::diff::render_text(&decls, &agents, &totals, new_r.agents.len()),
        Format::Json => kaohe::diff::render_json(&decls, &agents, &totals),
    })
}
