//! `kaohe fmt [--check|--write] POLICY…`

use super::io::{print_diagnostics, read_policy_or_report, write_stdout_bytes, write_whole, DiagFormat};
use super::{EXIT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// Exit 1 and show a diff for each file that is not formatted; change nothing
    #[arg(long, conflicts_with = "write")]
    check: bool,
    /// Rewrite the files in place
    #[arg(long)]
    write: bool,
    /// Policy files to format
    #[arg(required = true, value_name = "POLICY")]
    policies: Vec<String>,
}

pub fn run(args: &Args) -> i32 {
    let mut failed = false;
    for path in &args.policies {
        let Some(source) = read_policy_or_report(path, DiagFormat::Human) else {
            failed = true;
            continue;
        };
        let formatted = match kaohe::fmt::format_source(&source) {
            Ok(f) => f,
            Err(diags) => {
                failed = true;
                print_diagnostics(&diags, DiagFormat::Human);
                continue;
            }
        };
        let original = source.text();
        if args.check {
            if formatted != original {
                failed = true;
                let diff = similar::TextDiff::from_lines(original, formatted.as_str());
                let text =
                    diff.unified_diff().context_radius(2).header(path, &format!("{path} (formatted)")).to_string();
                let _ = write_stdout_bytes(text.as_bytes());
            }
        } else if args.write {
            if formatted != original {
                if let Err(d) = write_whole(path, &|w: &mut dyn std::io::Write| w.write_all(formatted.as_bytes()), &[])
                {
                    failed = true;
                    print_diagnostics(&[d], DiagFormat::Human);
                }
            }
        } else {
            if args.policies.len() > 1 {
                let _ = write_stdout_bytes(format!("==> {path} <==\n").as_bytes());
            }
            let _ = write_stdout_bytes(formatted.as_bytes());
        }
    }
    if failed {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
