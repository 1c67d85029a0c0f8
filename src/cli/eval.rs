//! `kaohe eval POLICY --month M --agents F --incidents F [--format …] [--output F] [--explain ID]`

use kaohe::records::{Encoding, Month};
use kaohe::report;
use std::io::Write;

use kaohe::{tr, Code, Diagnostic};

use super::io::{print_diagnostics, read_policy, write_stdout, write_whole, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

localised_values! {
    pub enum Format {
        Table = "table": "cli-value-report-table",
        Json = "json": "cli-value-report-json",
        Csv = "csv": "cli-value-report-csv",
        Xlsx = "xlsx": "cli-value-report-xlsx",
    }
}

localised_values! {
    pub enum Bom {
        Auto = "auto": "cli-value-bom-auto",
        Yes = "yes": "cli-value-bom-yes",
        No = "no": "cli-value-bom-no",
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The policy file
    #[arg(value_name = "POLICY")]
    pub(super) policy: String,
    /// The month to evaluate, YYYY-MM
    #[arg(long, value_parser = parse_month)]
    pub(super) month: Month,
    /// Agents file (CSV, JSON, or a spreadsheet: .xlsx, .xls, .ods; `FILE.xlsx#SHEET` for a sheet)
    #[arg(long, value_name = "FILE")]
    pub(super) agents: String,
    /// Incidents file (CSV, JSON, or a spreadsheet: .xlsx, .xls, .ods; `FILE.xlsx#SHEET` for a sheet)
    #[arg(long, value_name = "FILE")]
    pub(super) incidents: String,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub(super) format: Format,
    /// Indent JSON for people to read (without it, JSON is one compact line)
    #[arg(long)]
    pub(super) pretty: bool,
    /// Write the result to this file (whole or not at all) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub(super) output: Option<String>,
    /// Explain one agent's month, figure by figure
    #[arg(long, value_name = "ID")]
    pub(super) explain: Option<String>,
    /// Print the month's summary (pay per tier, points, violations, closed months) with
    /// small bar charts instead of the table; with `--format json`, add it as `summary`
    #[arg(long)]
    pub(super) summary: bool,
    /// Encoding of CSV files: auto (UTF-8, else GBK/GB18030), utf-8 or gbk
    #[arg(long, value_parser = parse_encoding, default_value = "auto")]
    pub(super) encoding: Encoding,
    /// Start CSV output with a UTF-8 byte order mark, as Excel expects
    #[arg(long, value_enum, default_value = "auto")]
    bom: Bom,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value = "human")]
    pub(super) diagnostics: DiagFormat,
    #[command(flatten)]
    pub(super) coverage: super::coverage::CoverageArgs,
    /// Read the agents' closed months from this ledger (history expressions); nothing is
    /// written to it. Without it there is no history. For `close`: the ledger to write
    /// (default `kaohe.db`)
    #[arg(long, value_name = "DB")]
    pub(super) ledger: Option<String>,
}

fn parse_month(s: &str) -> Result<Month, String> {
    s.parse()
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::parse(s).ok_or_else(|| tr!("cli-unknown-encoding", encoding = s))
}

pub fn run(args: &Args) -> i32 {
    if let Some(problem) = usage_problem(args) {
        return super::lang::print_usage_problem(clap::error::ErrorKind::ArgumentConflict, &problem);
    }
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

/// Combinations of options that cannot work, found before anything is read.
pub(super) fn usage_problem(args: &Args) -> Option<String> {
    if args.summary && args.explain.is_some() {
        return Some(format!("{}\n", tr!("cli-summary-not-explain")));
    }
    if args.summary && args.format == Format::Csv {
        return Some(format!("{}\n", tr!("cli-summary-not-csv")));
    }
    if args.format != Format::Xlsx {
        return None;
    }
    if args.explain.is_some() {
        return Some(format!("{}\n", tr!("cli-explain-not-xlsx")));
    }
    if args.output.is_none() {
        return Some(format!("{}\n", tr!("cli-xlsx-needs-output")));
    }
    None
}

/// The policy, read and checked: its text, the program and its warnings.
pub(super) fn load_policy(args: &Args) -> Result<(String, kaohe::Program, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = read_policy(&args.policy).map_err(|d| vec![d])?;
    let (program, warnings) = kaohe::program_of(&source)?;
    Ok((source.text().to_string(), program, warnings))
}

/// How the month is evaluated: an explanation and coverage need the full trace (every
/// value behind every figure, every clause exercised), the workbook every counted
/// incident and the explanations without those values.
pub(super) fn options(args: &Args) -> kaohe::EvalOptions {
    let trace = if args.explain.is_some() || args.coverage.coverage {
        kaohe::eval::Trace::Full
    } else if args.format == Format::Xlsx {
        kaohe::eval::Trace::Workbook
    } else {
        kaohe::eval::Trace::Report
    };
    kaohe::EvalOptions { encoding: args.encoding, trace, ..Default::default() }
}

fn evaluate(args: &Args) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    match written_while_evaluated(args) {
        Some((WhileEvaluated::Report(form), path)) => return evaluate_streamed(args, form, path),
        Some((WhileEvaluated::Workbook, path)) => return evaluate_workbook(args, path),
        None => {}
    }
    let (text, program, mut warnings) = load_policy(args)?;
    let history = match ledger_history(args) {
        Ok(history) => history,
        Err(mut errors) => {
            warnings.append(&mut errors);
            return Err(warnings);
        }
    };
    let month = match &args.ledger {
        None => kaohe::evaluate_files(&program, args.month, &args.agents, &args.incidents, &options(args)),
        Some(_) => {
            let bytes = |p: &str| kaohe::record_file_bytes(p);
            match (bytes(&args.agents), bytes(&args.incidents)) {
                (Ok(a), Ok(i)) => kaohe::evaluate_month_with_history(
                    &program,
                    args.month,
                    (&args.agents, a),
                    (&args.incidents, i),
                    &options(args),
                    &history,
                )
                .map(|(result, w)| {
                    super::close::print_tier_changes(&kaohe::closing::tier_changes(&program, &result, &history));
                    (result, w)
                }),
                (a, i) => Err(a.err().into_iter().chain(i.err()).collect()),
            }
        }
    };
    let (result, more) = match month {
        Ok(ok) => ok,
        Err(mut errors) => {
            warnings.append(&mut errors);
            return Err(warnings);
        }
    };
    warnings.extend(more);
    if args.coverage.coverage {
        let source = kaohe::Source::new(args.policy.clone(), text);
        if let (Some(file), _) = kaohe::syntax::parse(&source) {
            let mut coverage = report::coverage::Coverage::new(&file, &program);
            for a in &result.agents {
                coverage.add(a);
            }
            let (month, agents) = (result.month.to_string(), result.agents.len());
            let by = tr!("coverage-by-month", month = month, agents = agents);
            if !args.coverage.emit(&args.coverage.render(&coverage, &args.policy, &by), args.output.is_none()) {
                return Err(warnings);
            }
        }
    }
    print_month(args, &program, &result, &history, warnings)
}

/// How `--output`'s workbook is written: its long sheets' rows are kept in the output's
/// own folder, which is to hold the workbook (the system's temporary folder may be
/// small, or in memory); for `/dev/stdout` and the like, in the system's.
fn workbook_options(args: &Args) -> report::WorkbookOptions {
    let folder = args.output.as_deref().map(std::path::Path::new).and_then(|path| {
        if path.starts_with("/dev") || path.starts_with("/proc") {
            return None;
        }
        let parent = path.parent()?;
        Some(if parent.as_os_str().is_empty() { std::path::PathBuf::from(".") } else { parent.to_path_buf() })
    });
    report::WorkbookOptions { temp_dir: folder, ..report::WorkbookOptions::default() }
}

/// What is written into `--output`'s temporary file while the month is evaluated, a
/// chunk of agents at a time, so that neither the report nor the agents' results are held
/// whole.
enum WhileEvaluated {
    /// JSON or CSV, with nothing else asked of the month (no summary).
    Report(report::Streamed),
    /// The workbook: its rows as the agents come, each agent then kept only as the
    /// summary sheet needs it.
    Workbook,
}

/// A month written to a file (which replaces the output at the end) without an
/// explanation or coverage, which need the whole month. Other outputs (stdout, a pipe)
/// get the whole month computed first, so that an error leaves nothing half-written.
fn written_while_evaluated(args: &Args) -> Option<(WhileEvaluated, &str)> {
    let path = args.output.as_deref()?;
    let plain = args.explain.is_none() && !args.coverage.coverage;
    if !plain || !kaohe::output::replaced_whole(path) {
        return None;
    }
    let how = match args.format {
        Format::Json if !args.summary => WhileEvaluated::Report(report::Streamed::Json(layout(args))),
        Format::Csv => WhileEvaluated::Report(report::Streamed::Csv { bom: bom(args) }),
        Format::Xlsx => WhileEvaluated::Workbook,
        Format::Json | Format::Table => return None,
    };
    Some((how, path))
}

/// Whether a CSV report starts with a byte order mark: by default, in a file only.
fn bom(args: &Args) -> bool {
    match args.bom {
        Bom::Yes => true,
        Bom::No => false,
        Bom::Auto => args.output.is_some(),
    }
}

fn layout(args: &Args) -> report::Layout {
    if args.pretty {
        report::Layout::Pretty
    } else {
        report::Layout::Compact
    }
}

/// What a month is evaluated from, read and checked in the order the whole month is:
/// the policy, the ledger's history, the records.
struct Loaded {
    program: kaohe::Program,
    history: kaohe::eval::history::History,
    loaded: kaohe::LoadedMonth,
}

/// The policy, the ledger's history and the month's records; the warnings of all.
fn load_month(args: &Args) -> Result<(Loaded, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (_, program, mut warnings) = load_policy(args)?;
    let history = match ledger_history(args) {
        Ok(history) => history,
        Err(mut errors) => {
            warnings.append(&mut errors);
            return Err(warnings);
        }
    };
    match kaohe::load_files(&program, args.month, &args.agents, &args.incidents, &options(args)) {
        Ok(mut loaded) => {
            warnings.append(&mut loaded.warnings);
            Ok((Loaded { program, history, loaded }, warnings))
        }
        Err(mut errors) => {
            warnings.append(&mut errors);
            Err(warnings)
        }
    }
}

/// Writes what `render` gives to `--output`'s `path`, refusing to write over one of the
/// run's own input files (`roster.xlsx#花名册` is read from `roster.xlsx`).
fn write_output(args: &Args, path: &str, render: &super::io::Render) -> Result<(), Diagnostic> {
    let file = |arg: &str| kaohe::records::sheet::split_path(arg).0.to_string();
    let (agents, incidents) = (file(&args.agents), file(&args.incidents));
    write_whole(path, render, &[&args.policy, &agents, &incidents])
}

/// The agents' closed months `--ledger`'s ledger holds (read only, and said so), or none.
fn ledger_history(args: &Args) -> Result<kaohe::eval::history::History, Vec<Diagnostic>> {
    match &args.ledger {
        None => Ok(kaohe::eval::history::History::none()),
        Some(ledger) => {
            eprintln!("{}", tr!("ledger-read-only", path = ledger));
            kaohe::closing::history_for(ledger, args.month).map_err(|d| vec![d])
        }
    }
}

fn evaluate_streamed(args: &Args, form: report::Streamed, path: &str) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let (Loaded { program, history, loaded }, mut warnings) = load_month(args)?;
    // The agents whose tier is not their last closed month's, told once the file is written.
    let changes = std::cell::RefCell::new(Vec::new());
    // The run-time errors, when evaluation failed while the file was being written.
    let failed = std::cell::RefCell::new(Vec::new());
    let render = |w: &mut dyn Write| -> std::io::Result<()> {
        w.write_all(&form.head(&program, args.month)?)?;
        let mut written = 0;
        let mut broken = None;
        let each = |a: kaohe::eval::AgentResult| {
            (form.agent(&program, &a), kaohe::closing::tier_change(&program, &a, args.month, &history))
        };
        let evaluated = loaded.evaluate_each(&program, &history, &each, &mut |chunk| {
            for (bytes, change) in chunk {
                if broken.is_some() {
                    return;
                }
                changes.borrow_mut().extend(change);
                let wrote = bytes.and_then(|b| w.write_all(form.before(written)).and_then(|()| w.write_all(&b)));
                written += 1;
                broken = wrote.err();
            }
        });
        if let Some(e) = broken {
            return Err(e);
        }
        if let Err(errors) = evaluated {
            *failed.borrow_mut() = errors;
            return Err(std::io::Error::other("the month could not be evaluated"));
        }
        w.write_all(&form.tail(written))
    };
    match write_output(args, path, &render) {
        Ok(()) => {
            super::close::print_tier_changes(&changes.into_inner());
            Ok(warnings)
        }
        Err(d) => {
            let errors = failed.into_inner();
            if errors.is_empty() {
                warnings.push(d);
            } else {
                warnings.extend(errors);
            }
            Err(warnings)
        }
    }
}

fn evaluate_workbook(args: &Args, path: &str) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let (Loaded { program, history, loaded }, mut warnings) = load_month(args)?;
    let not_written = |reason: String| {
        Diagnostic::error(Code::Io, tr!("cli-workbook-not-written", reason = reason))
            .with_help(tr!("io-nothing-written"))
    };
    let mut book = match report::MonthWorkbook::new(&program, &workbook_options(args)) {
        Ok(book) => book,
        Err(e) => {
            warnings.push(not_written(e.to_string()));
            return Err(warnings);
        }
    };
    let mut agents = Vec::new();
    let mut changes = Vec::new();
    let mut failed = None;
    let evaluated = loaded.evaluate_each(&program, &history, &|a| a, &mut |chunk| {
        if failed.is_none() {
            failed = book.add(&chunk).err();
        }
        changes.extend(chunk.iter().filter_map(|a| kaohe::closing::tier_change(&program, a, args.month, &history)));
        agents.extend(chunk.into_iter().map(report::xlsx::summary_part));
    });
    if let Err(mut errors) = evaluated {
        warnings.append(&mut errors);
        return Err(warnings);
    }
    let result = kaohe::eval::MonthResult { month: args.month, agents };
    let bytes = match failed.map_or_else(|| book.finish(&result, &history), Err) {
        Ok(bytes) => bytes,
        Err(e) => {
            warnings.push(not_written(e.to_string()));
            return Err(warnings);
        }
    };
    drop(result);
    match write_output(args, path, &|w: &mut dyn Write| w.write_all(&bytes)) {
        Ok(()) => {
            super::close::print_tier_changes(&changes);
            Ok(warnings)
        }
        Err(d) => {
            warnings.push(d);
            Err(warnings)
        }
    }
}

/// Prints a month's result as `--format`, `--output` and `--explain` say.
pub(super) fn print_month(
    args: &Args,
    program: &kaohe::Program,
    result: &kaohe::eval::MonthResult,
    history: &kaohe::eval::history::History,
    mut warnings: Vec<Diagnostic>,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let agent = match &args.explain {
        Some(id) => match kaohe::find_agent(result, id, &args.agents) {
            Ok(agent) => Some(agent),
            Err(d) => {
                warnings.push(d);
                return Err(warnings);
            }
        },
        None => None,
    };
    let bom = bom(args);
    let summary = match (agent, args.format) {
        (None, Format::Xlsx) => None,
        (None, _) if args.summary => match report::summary(program, result, history) {
            Ok(s) => Some(s),
            Err(d) => {
                warnings.push(d);
                return Err(warnings);
            }
        },
        _ => None,
    };
    let summary_json =
        summary.as_ref().filter(|_| args.format == Format::Json).map(|s| report::summary_json(program, s));
    // A workbook is assembled first (its long sheets' rows in temporary files beside the
    // output), then written like any output.
    let workbook = match (agent, args.format) {
        (None, Format::Xlsx) => match report::month_xlsx_with(program, result, history, &workbook_options(args)) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                warnings.push(
                    Diagnostic::error(Code::Io, tr!("cli-workbook-not-written", reason = e.to_string()))
                        .with_help(tr!("io-nothing-written")),
                );
                return Err(warnings);
            }
        },
        _ => None,
    };
    let render = |w: &mut dyn Write| -> std::io::Result<()> {
        if let Some(bytes) = &workbook {
            return w.write_all(bytes);
        }
        match (agent, args.format) {
            (Some(a), Format::Json) => w.write_all(report::explain_json(program, result.month, a).as_bytes()),
            (Some(a), _) => w.write_all(report::explain_text(program, result.month, a).as_bytes()),
            (None, Format::Table) => match &summary {
                Some(s) => w.write_all(report::summary_text(program, s).as_bytes()),
                None => w.write_all(report::month_table(program, result).as_bytes()),
            },
            (None, Format::Json) => {
                report::write_month_json_as(program, result, layout(args), summary_json.as_ref(), w)
            }
            (None, Format::Csv) => report::write_month_csv(program, result, bom, w),
            (None, Format::Xlsx) => report::write_month_xlsx(program, result, history, w),
        }
    };
    let written = match &args.output {
        Some(path) => write_output(args, path, &render),
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
