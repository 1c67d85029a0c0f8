//! `kaohe check [--format human|json] POLICY…`

use super::io::{print_diagnostics, read_policy_or_report, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// How to print diagnostics
    #[arg(long, value_enum, default_value = "human")]
    format: DiagFormat,
    /// Policy files to check
    #[arg(required = true, value_name = "POLICY")]
    policies: Vec<String>,
}

pub fn run(args: &Args) -> i32 {
    let mut failed = false;
    for path in &args.policies {
        let Some(source) = read_policy_or_report(path, args.format) else {
            failed = true;
            continue;
        };
        let checked = kaohe::check_source(&source);
        failed |= checked.has_errors();
        print_diagnostics(&checked.diagnostics, args.format);
        if args.format == DiagFormat::Human && !checked.has_errors() {
            let warnings = checked.diagnostics.len();
            if warnings == 0 {
                eprintln!("{}", kaohe::tr!("cli-check-ok", path = path));
            } else {
                eprintln!("{}", kaohe::tr!("cli-check-ok-warnings", path = path, count = warnings));
            }
        }
    }
    if failed {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
