//! `kaohe test POLICY…`: run the worked examples, then the snapshots, of each policy;
//! ends with `N passed, M failed`.

use kaohe::snapshot;
use kaohe::worked::run_examples;
use kaohe::{tr, Code, Diagnostic, Program, SnapshotVerdict};

use super::io::{print_diagnostics, read_policy_or_report, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// How to print diagnostics
    #[arg(long, value_enum, default_value = "human")]
    format: DiagFormat,
    /// Policy files whose worked examples and snapshots to run
    #[arg(required = true, value_name = "POLICY")]
    policies: Vec<String>,
    #[command(flatten)]
    coverage: super::coverage::CoverageArgs,
}

pub fn run(args: &Args) -> i32 {
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut broken = false;
    let mut reports = Vec::new();
    for path in &args.policies {
        let Some(source) = read_policy_or_report(path, args.format) else {
            broken = true;
            continue;
        };
        let checked = kaohe::check_source(&source);
        let Some(program) = checked.program else {
            broken = true;
            print_diagnostics(&checked.diagnostics, args.format);
            continue;
        };
        let mut coverage = checked.file.as_ref().map(|f| kaohe::report::coverage::Coverage::new(f, &program));
        let outcomes = run_examples(&program);
        let examples = outcomes.len();
        for outcome in outcomes {
            if let Some(c) = coverage.as_mut() {
                for a in &outcome.agents {
                    c.add(a);
                }
            }
            if outcome.ok() {
                passed += 1;
                println!(
                    "ok     {path}: {}",
                    tr!("test-example-ok", name = outcome.name.as_str(), count = outcome.passed)
                );
            } else {
                failed += 1;
                println!("FAILED {path}: {}", outcome.name);
                print_diagnostics(&outcome.failures, args.format);
            }
        }
        if let (true, Some(c)) = (args.coverage.coverage, &coverage) {
            let by = tr!("coverage-by-examples", count = examples);
            reports.push(args.coverage.render(c, path, &by));
        }
        let files = match snapshot::snapshots_of(path) {
            Ok(files) => files,
            Err(d) => {
                failed += 1;
                println!("FAILED {path}: {}", tr!("test-its-snapshots"));
                print_diagnostics(&[d], args.format);
                continue;
            }
        };
        for file in files {
            if run_snapshot(&program, path, &file, args.format) {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }
    if broken {
        println!("{}", tr!("cli-error", message = tr!("test-policy-broken")));
    }
    println!("{passed} passed, {failed} failed");
    if args.coverage.coverage && !args.coverage.emit(&reports.concat(), false) {
        return EXIT_ERRORS;
    }
    if failed > 0 || broken {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// Re-evaluates one snapshot's month; on a difference, shows it agent by agent and writes
/// the new results beside the snapshot (`.snap.new`). Whether it passed.
fn run_snapshot(program: &Program, policy: &str, file: &str, format: DiagFormat) -> bool {
    let name = snapshot::name_of(file);
    let new_file = snapshot::new_file(file);
    match kaohe::verify_snapshot(program, policy, file) {
        SnapshotVerdict::Matches { agents } => {
            // New results left by an earlier run are out of date now.
            let _ = std::fs::remove_file(&new_file);
            println!("ok     {policy}: {}", tr!("test-snapshot-ok", name = name.as_str(), agents = agents));
            true
        }
        SnapshotVerdict::Differs { changes, recorded, new } => {
            let (name_, changed, of) = (name.as_str(), changes.len(), recorded.agents());
            println!("FAILED {policy}: {}", tr!("test-snapshot-changed", name = name_, changed = changed, agents = of));
            for line in snapshot::diff_lines(&changes) {
                println!("  {line}");
            }
            let written = super::snapshot::write(&new_file, &new.to_text());
            let mut diags = vec![Diagnostic::error(
                Code::TestFailed,
                tr!("test-snapshot-differs", name = name_, policy = policy, changed = changed),
            )
            .in_file(file)
            .with_help(tr!("test-snapshot-differs-help", new_file = new_file.as_str(), policy = policy))];
            if let Err(d) = written {
                diags.push(d);
            }
            print_diagnostics(&diags, format);
            false
        }
        SnapshotVerdict::InputsChanged(d) => {
            println!("FAILED {policy}: {}", tr!("test-snapshot-inputs-changed", name = name.as_str()));
            print_diagnostics(&[d], format);
            false
        }
        SnapshotVerdict::Failed(diags) => {
            println!("FAILED {policy}: {}", tr!("test-snapshot-failed", name = name.as_str()));
            print_diagnostics(&diags, format);
            false
        }
    }
}
