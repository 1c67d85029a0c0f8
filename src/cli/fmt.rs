//! `kaohe fmt [--check|--write] [--dialect zh|en] POLICY…`

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
    /// Write the keywords in this dialect (zh: 规定、违规、扣分…; en: policy, violation,
    /// points…); each file keeps its own when not given
    #[arg(long, value_enum, value_name = "DIALECT")]
    dialect: Option<DialectArg>,
    /// Policy files to format
    #[arg(required = true, value_name = "POLICY")]
    policies: Vec<String>,
}

localised_values! {
    pub enum DialectArg {
        Zh = "zh": "cli-value-dialect-zh",
        En = "en": "cli-value-dialect-en",
    }
}

pub fn run(args: &Args) -> i32 {
    let dialect = args.dialect.map(|d| match d {
        DialectArg::Zh => kaohe::syntax::keywords::Dialect::Chinese,
        DialectArg::En => kaohe::syntax::keywords::Dialect::English,
    });
    let mut failed = false;
    for path in &args.policies {
        let Some(source) = read_policy_or_report(path, DiagFormat::Human) else {
            failed = true;
            continue;
        };
        let formatted = match kaohe::fmt::format_source_in(&source, dialect) {
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
