//! `kaohe test POLICY…`: run the worked examples; ends with `N passed, M failed`.

use kaohe::worked::run_examples;

use super::io::{print_diagnostics, read_policy_or_report, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// How to print diagnostics
    #[arg(long, value_enum, default_value = "human")]
    format: DiagFormat,
    /// Policy files whose worked examples to run
    #[arg(required = true, value_name = "POLICY")]
    policies: Vec<String>,
}

pub fn run(args: &Args) -> i32 {
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut broken = false;
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
        for outcome in run_examples(&program) {
            if outcome.ok() {
                passed += 1;
                println!(
                    "ok     {path}: {} ({} expectation{})",
                    outcome.name,
                    outcome.passed,
                    if outcome.passed == 1 { "" } else { "s" }
                );
            } else {
                failed += 1;
                println!("FAILED {path}: {}", outcome.name);
                print_diagnostics(&outcome.failures, args.format);
            }
        }
    }
    if broken {
        println!("error: a policy has errors (above); its worked examples did not run");
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 || broken {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
