//! `kaohe close POLICY --month M --agents F --incidents F [--ledger DB] [--reopen [--reason …] [--cascade]] [--allow-gap]`
//!
//! Evaluates the month exactly like `eval`, with history from the ledger, records it
//! (docs/ledger.md), and prints what `eval` prints.

use kaohe::closing::{close_month, CloseRequest};
use kaohe::{tr, Diagnostic};

use super::eval;
use super::io::print_diagnostics;
use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};

#[derive(clap::Args)]
pub struct CloseArgs {
    #[command(flatten)]
    month: eval::Args,
    /// Close a month that is already closed again; the old record is kept, superseded
    #[arg(long)]
    reopen: bool,
    /// Why the month is reopened (kept with the new record)
    #[arg(long, value_name = "TEXT", requires = "reopen")]
    reason: Option<String>,
    /// With `--reopen`: close every later month again from its stored inputs
    #[arg(long, requires = "reopen")]
    cascade: bool,
    /// Close the month although the month before it is not closed
    #[arg(long)]
    allow_gap: bool,
}

/// Agents whose tier changed since their latest closed month, on stderr: the first
/// twenty, then how many more.
pub fn print_tier_changes(lines: &[String]) {
    const SHOWN: usize = 20;
    for line in lines.iter().take(SHOWN) {
        eprintln!("{}", tr!("ledger-tier-change", change = line));
    }
    if lines.len() > SHOWN {
        eprintln!("{}", tr!("ledger-tier-changes-more", count = lines.len() - SHOWN));
    }
}

/// The ledger a command uses: `--ledger`, else `kaohe.db` in the current folder.
pub fn ledger_path(given: &Option<String>) -> String {
    given.clone().unwrap_or_else(|| "kaohe.db".to_string())
}

pub fn run(args: &CloseArgs) -> i32 {
    if let Some(problem) = eval::usage_problem(&args.month) {
        let _ = clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, problem).print();
        return EXIT_USAGE;
    }
    match close(args) {
        Ok(warnings) => {
            print_diagnostics(&warnings, args.month.diagnostics);
            EXIT_OK
        }
        Err(diags) => {
            print_diagnostics(&diags, args.month.diagnostics);
            EXIT_ERRORS
        }
    }
}

fn close(args: &CloseArgs) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let m = &args.month;
    let (text, program, mut warnings) = eval::load_policy(m)?;
    let path = ledger_path(&m.ledger);
    eprintln!("{}", tr!("ledger-in-use", path = &path));
    let bytes = |p: &str| kaohe::record_file_bytes(p);
    let (agents, incidents) = match (bytes(&m.agents), bytes(&m.incidents)) {
        (Ok(a), Ok(i)) => (a, i),
        (a, i) => {
            warnings.extend(a.err().into_iter().chain(i.err()));
            return Err(warnings);
        }
    };
    let policy_name = std::path::Path::new(&m.policy)
        .file_name()
        .map_or_else(|| m.policy.clone(), |f| f.to_string_lossy().into_owned());
    let request = CloseRequest {
        program: &program,
        policy_name: &policy_name,
        policy_text: &text,
        month: m.month,
        agents: (&m.agents, agents),
        incidents: (&m.incidents, incidents),
        options: eval::options(m),
        reopen: args.reopen,
        reason: args.reason.clone(),
        cascade: args.cascade,
        allow_gap: args.allow_gap,
    };
    let closed = match close_month(&path, request) {
        Ok(c) => c,
        Err(mut e) => {
            warnings.append(&mut e);
            return Err(warnings);
        }
    };
    warnings.extend(closed.warnings);
    print_tier_changes(&closed.tier_changes);
    let (month, agents) = (m.month.to_string(), closed.result.agents.len());
    if args.reopen {
        eprintln!("{}", tr!("ledger-reclosed-month", month = &month, path = &path, agents = agents));
    } else {
        eprintln!("{}", tr!("ledger-closed-month", month = &month, path = &path, agents = agents));
    }
    for later in &closed.cascaded {
        eprintln!("{}", tr!("ledger-cascaded", month = later.to_string()));
    }
    // The summary's months are the ledger's, now with this one among them.
    let history = if m.summary || m.format == eval::Format::Xlsx {
        match kaohe::closing::history_for(&path, m.month) {
            Ok(h) => h,
            Err(d) => {
                warnings.push(d);
                return Err(warnings);
            }
        }
    } else {
        kaohe::eval::history::History::none()
    };
    eval::print_month(m, &program, &closed.result, &history, warnings)
}
