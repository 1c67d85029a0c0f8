//! `kaohe snapshot POLICY --month M --agents F --incidents F [--name NAME]`: records a
//! month's results beside the policy; `kaohe snapshot --review|--accept|--reject
//! [POLICY…]`: decides about new results (`.snap.new`) that `kaohe test` left.

use std::io::IsTerminal;

use kaohe::records::Month;
use kaohe::snapshot::{self, Decision, Pending, Snapshot};
use kaohe::{tr, Code, Diagnostic};

use super::io::{print_diagnostics, read_policy, write_whole, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// The policy to take a snapshot of; with --review, --accept or --reject, the policies
    /// whose new results to decide about (none: every snapshot under the current folder)
    #[arg(value_name = "POLICY")]
    policies: Vec<String>,
    /// The month to record, YYYY-MM
    #[arg(long, value_parser = |s: &str| s.parse::<Month>())]
    month: Option<Month>,
    /// Agents file (CSV, JSON, or a spreadsheet, `FILE.xlsx#SHEET` for a sheet)
    #[arg(long, value_name = "FILE")]
    agents: Option<String>,
    /// Incidents file (CSV, JSON, or a spreadsheet, `FILE.xlsx#SHEET` for a sheet)
    #[arg(long, value_name = "FILE")]
    incidents: Option<String>,
    /// The snapshot's name (default: the month): `snapshots/<policy>__<NAME>.snap`
    #[arg(long)]
    name: Option<String>,
    /// Show each snapshot's new results and ask: accept, reject or skip (at a terminal)
    #[arg(long, conflicts_with_all = ["accept", "reject", "month", "agents", "incidents", "name"])]
    review: bool,
    /// Accept every new result: it becomes the snapshot
    #[arg(long, conflicts_with_all = ["reject", "month", "agents", "incidents", "name"])]
    accept: bool,
    /// Reject every new result: it is deleted, the snapshot stays as it was
    #[arg(long, conflicts_with_all = ["month", "agents", "incidents", "name"])]
    reject: bool,
}

pub fn run(args: &Args) -> i32 {
    if args.review || args.accept || args.reject {
        return decide(args);
    }
    let (Some(month), Some(agents), Some(incidents), [policy]) =
        (args.month, &args.agents, &args.incidents, args.policies.as_slice())
    else {
        return usage(&format!("{}\n", tr!("snapshot-usage")));
    };
    let name = args.name.clone().unwrap_or_else(|| month.to_string());
    if let Err(why) = snapshot::check_name(&name) {
        return usage(&format!("{why}\n"));
    }
    match take(policy, month, agents, incidents, &name) {
        Ok(code) => code,
        Err(diags) => {
            print_diagnostics(&diags, DiagFormat::Human);
            EXIT_ERRORS
        }
    }
}

fn usage(problem: &str) -> i32 {
    super::lang::print_usage_problem(clap::error::ErrorKind::MissingRequiredArgument, problem)
}

/// Takes the snapshot: written when there is none, left when it is the same, otherwise
/// the new results go beside it as `.snap.new` and the differences are shown (exit 1).
fn take(policy: &str, month: Month, agents: &str, incidents: &str, name: &str) -> Result<i32, Vec<Diagnostic>> {
    let source = read_policy(policy).map_err(|d| vec![d])?;
    let checked = kaohe::check_source(&source);
    let Some(program) = checked.program else { return Err(checked.diagnostics) };
    let (taken, warnings) = kaohe::take_snapshot(&program, policy, month, agents, incidents)?;
    let warnings: Vec<Diagnostic> = checked.diagnostics.into_iter().chain(warnings).collect();
    print_diagnostics(&warnings, DiagFormat::Human);
    let file = snapshot::file_of(policy, name);
    let text = taken.to_text();
    let recorded = std::fs::read_to_string(&file).ok();
    if recorded.as_deref() == Some(text.as_str()) {
        println!("{}", tr!("snapshot-up-to-date", file = file.as_str(), agents = taken.agents()));
        return Ok(EXIT_OK);
    }
    let Some(recorded) = recorded else {
        write(&file, &text).map_err(|d| vec![d])?;
        println!("{}", tr!("snapshot-wrote", file = file.as_str(), agents = taken.agents()));
        return Ok(EXIT_OK);
    };
    let new_file = snapshot::new_file(&file);
    write(&new_file, &text).map_err(|d| vec![d])?;
    match Snapshot::parse(&file, &recorded) {
        Ok(old) => {
            let lines = snapshot::changes(&file, &old, &taken);
            for (k, line) in lines.iter().enumerate() {
                println!("{}{line}", if k == 0 { "" } else { "  " });
            }
        }
        Err(d) => println!("{}", tr!("snapshot-unreadable", file = file.as_str(), reason = d.message)),
    }
    println!("{}", tr!("snapshot-wrote-new", file = new_file.as_str()));
    print_diagnostics(
        &[Diagnostic::error(Code::TestFailed, tr!("snapshot-records-other", name = name, policy = policy))
            .in_file(&file)
            .with_help(tr!("snapshot-records-other-help", policy = policy))],
        DiagFormat::Human,
    );
    Ok(EXIT_ERRORS)
}

/// Writes a snapshot file whole, creating the `snapshots` folder.
pub fn write(file: &str, text: &str) -> Result<(), Diagnostic> {
    if let Some(dir) = std::path::Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            let (folder, reason) = (dir.display().to_string(), e.to_string());
            Diagnostic::error(Code::Io, tr!("io-cannot-create-folder", folder = folder, reason = reason)).in_file(file)
        })?;
    }
    write_whole(file, &|w: &mut dyn std::io::Write| w.write_all(text.as_bytes()), &[])
}

/// `--review`, `--accept`, `--reject`.
fn decide(args: &Args) -> i32 {
    let mut pending: Vec<Pending> = Vec::new();
    if args.policies.is_empty() {
        pending = snapshot::pending_under(".");
    }
    for policy in &args.policies {
        match snapshot::pending_of(policy) {
            Ok(p) => pending.extend(p),
            Err(d) => {
                print_diagnostics(&[d], DiagFormat::Human);
                return EXIT_ERRORS;
            }
        }
    }
    if args.review && !std::io::stdin().is_terminal() {
        return usage(&format!("{}\n", tr!("snapshot-review-needs-terminal")));
    }
    if pending.is_empty() {
        println!("{}", tr!("snapshot-nothing-to-review"));
        return EXIT_OK;
    }
    let errors = if args.review {
        let stdin = std::io::stdin();
        let mut out = std::io::stdout();
        match snapshot::review(&pending, &mut stdin.lock(), &mut out) {
            Ok(r) => {
                println!(
                    "{}",
                    tr!("snapshot-reviewed", accepted = r.accepted, rejected = r.rejected, skipped = r.skipped)
                );
                r.errors
            }
            Err(e) => vec![Diagnostic::error(Code::Io, tr!("snapshot-review-stopped", reason = e.to_string()))],
        }
    } else {
        let decision = if args.accept { Decision::Accept } else { Decision::Reject };
        let mut errors = Vec::new();
        for p in &pending {
            match snapshot::decide(p, decision) {
                Ok(()) => {
                    let line = if decision == Decision::Accept {
                        tr!("snapshot-accepted", file = &p.recorded)
                    } else {
                        tr!("snapshot-rejected", file = &p.new)
                    };
                    println!("{line}");
                }
                Err(d) => errors.push(d),
            }
        }
        errors
    };
    print_diagnostics(&errors, DiagFormat::Human);
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERRORS
    }
}
