//! `kaohe eval POLICY --month M --agents F --incidents F [--format …] [--output F] [--explain ID]`

use kaohe::records::{Encoding, Month};
use kaohe::report;
use std::io::Write;

use kaohe::{Code, Diagnostic};

use super::io::{print_diagnostics, read_policy, write_stdout, write_whole, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Bom {
    /// With `--output`, yes (for Excel); on stdout, no
    Auto,
    Yes,
    No,
}

#[derive(clap::Args)]
pub struct Args {
    /// The policy file
    #[arg(value_name = "POLICY")]
    policy: String,
    /// The month to evaluate, YYYY-MM
    #[arg(long, value_parser = parse_month)]
    month: Month,
    /// Agents file (CSV or JSON)
    #[arg(long, value_name = "FILE")]
    agents: String,
    /// Incidents file (CSV or JSON)
    #[arg(long, value_name = "FILE")]
    incidents: String,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Write the result to this file (whole or not at all) instead of stdout
    #[arg(long, value_name = "FILE")]
    output: Option<String>,
    /// Explain one agent's month, figure by figure
    #[arg(long, value_name = "ID")]
    explain: Option<String>,
    /// Encoding of CSV files: auto (UTF-8, else GBK/GB18030), utf-8 or gbk
    #[arg(long, value_parser = parse_encoding, default_value = "auto")]
    encoding: Encoding,
    /// Start CSV output with a UTF-8 byte order mark, as Excel expects
    #[arg(long, value_enum, default_value = "auto")]
    bom: Bom,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value = "human")]
    diagnostics: DiagFormat,
}

fn parse_month(s: &str) -> Result<Month, String> {
    s.parse()
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::parse(s).ok_or_else(|| format!("unknown encoding `{s}`: use auto, utf-8 or gbk"))
}

pub fn run(args: &Args) -> i32 {
    match evaluate(args) {
        Ok(warnings) => {
            print_diagnostics(&warnings, args.diagnostics);
            EXIT_OK
        }
        Err(diags) => {
            print_diagnostics(&diags, args.diagnostics);
            EXIT_ERRORS
        }
    }
}

fn evaluate(args: &Args) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let source = read_policy(&args.policy).map_err(|d| vec![d])?;
    let checked = kaohe::check_source(&source);
    let Some(program) = checked.program else { return Err(checked.diagnostics) };
    // Holes are reported again, as errors, when the records are loaded.
    let mut warnings: Vec<Diagnostic> = checked.diagnostics.into_iter().filter(|d| d.code != Code::Hole).collect();

    let trace = if args.explain.is_some() { kaohe::eval::Trace::Full } else { kaohe::eval::Trace::Report };
    let month = kaohe::evaluate_files(&program, args.month, &args.agents, &args.incidents, args.encoding, trace);
    let (result, more) = match month {
        Ok(ok) => ok,
        Err(mut errors) => {
            warnings.append(&mut errors);
            return Err(warnings);
        }
    };
    warnings.extend(more);

    let agent = match &args.explain {
        Some(id) => match result.agents.iter().find(|a| &a.id == id) {
            Some(agent) => Some(agent),
            None => {
                let ids: Vec<&str> = result.agents.iter().map(|a| a.id.as_str()).collect();
                let mut d =
                    Diagnostic::error(Code::RecordUnknownAgent, format!("no agent `{id}` in `{}`", args.agents))
                        .in_file(&args.agents);
                if let Some(s) = kaohe::diag::closest(id, ids) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                warnings.push(d);
                return Err(warnings);
            }
        },
        None => None,
    };
    let bom = match args.bom {
        Bom::Yes => true,
        Bom::No => false,
        Bom::Auto => args.output.is_some(),
    };
    let render = |w: &mut dyn Write| -> std::io::Result<()> {
        match (agent, args.format) {
            (Some(a), Format::Json) => w.write_all(report::explain_json(&program, result.month, a).as_bytes()),
            (Some(a), _) => w.write_all(report::explain_text(&program, result.month, a).as_bytes()),
            (None, Format::Table) => w.write_all(report::month_table(&program, &result).as_bytes()),
            (None, Format::Json) => report::write_month_json(&program, &result, w),
            (None, Format::Csv) => report::write_month_csv(&program, &result, bom, w),
        }
    };
    let written = match &args.output {
        Some(path) => write_whole(path, &render, &[&args.policy, &args.agents, &args.incidents]),
        None => write_stdout(&render),
    };
    match written {
        Ok(()) => Ok(warnings),
        Err(d) => {
            warnings.push(d);
            Err(warnings)
        }
    }
}
