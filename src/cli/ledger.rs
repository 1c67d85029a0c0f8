//! `kaohe ledger list|verify [--ledger DB]`: the closed months, and checking them.

use kaohe::closing::{verify_failure, verify_ledger};
use kaohe::ledger::Ledger;
use kaohe::{tr, Diagnostic};

use super::close::ledger_path;
use super::io::{print_diagnostics, write_stdout_bytes, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// One closed month a line, `YYYY-MM` first
    List {
        #[arg(long, value_name = "DB")]
        ledger: Option<String>,
        /// Superseded records too
        #[arg(long)]
        all: bool,
    },
    /// Check the chain of records and evaluate every closed month again from what it stored
    Verify {
        #[arg(long, value_name = "DB")]
        ledger: Option<String>,
    },
}

pub fn run(args: &Args) -> i32 {
    let done = match &args.action {
        Action::List { ledger, all } => list(&ledger_path(ledger), *all).map_err(|d| vec![d]),
        Action::Verify { ledger } => verify(&ledger_path(ledger)),
    };
    match done {
        Ok(()) => EXIT_OK,
        Err(diags) => {
            print_diagnostics(&diags, DiagFormat::Human);
            EXIT_ERRORS
        }
    }
}

fn list(path: &str, all: bool) -> Result<(), Diagnostic> {
    eprintln!("{}", tr!("ledger-read-only", path = &path));
    let ledger = Ledger::open(path, false)?;
    let records = if all { ledger.records()? } else { ledger.in_force()? };
    let mut out = String::new();
    for r in records {
        let short = r.policy_sha256.get(..12).unwrap_or("");
        out.push_str(&tr!(
            "ledger-list-record",
            month = r.month.to_string(),
            id = r.id,
            at = &r.closed_at,
            agents = r.agents,
            policy = &r.policy_name,
            hash = short,
            version = &r.kaohe_version
        ));
        if let Some((by, at)) = &r.superseded_by {
            out.push_str(&tr!("ledger-list-superseded", id = *by, at = at));
        }
        if let Some(reason) = &r.reason {
            out.push_str(&tr!("ledger-list-reason", reason = reason));
        }
        out.push('\n');
    }
    write_stdout_bytes(out.as_bytes())
}

fn verify(path: &str) -> Result<(), Vec<Diagnostic>> {
    eprintln!("{}", tr!("ledger-read-only", path = &path));
    let checks = verify_ledger(path)?;
    let mut out = String::new();
    for c in &checks {
        let version = c.other_version.as_ref().map(|v| tr!("ledger-verify-version", version = v)).unwrap_or_default();
        let agents = tr!("ledger-verify-agents", agents = c.agents);
        if c.differences.is_empty() {
            out.push_str(&format!("{}  ok  {agents}{version}\n", c.month));
        } else {
            out.push_str(&format!("{}  DIFFERS  {agents}{version}\n", c.month));
            for d in &c.differences {
                out.push_str(&format!("  {d}\n"));
            }
        }
    }
    write_stdout_bytes(out.as_bytes()).map_err(|d| vec![d])?;
    match verify_failure(path, &checks) {
        Some(d) => Err(vec![d]),
        None => Ok(()),
    }
}
