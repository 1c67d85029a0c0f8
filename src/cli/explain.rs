//! `kaohe explain CODE`: the long explanation of a diagnostic code.

use kaohe::{tr, Code};

use super::io::write_stdout_bytes;
use super::{EXIT_OK, EXIT_USAGE};

#[derive(clap::Args)]
pub struct Args {
    /// A diagnostic code, e.g. `kaohe::unit_mismatch`, `unit_mismatch` or `record::unknown_agent`
    #[arg(value_name = "CODE")]
    code: String,
}

pub fn run(args: &Args) -> i32 {
    match Code::parse(args.code.trim()) {
        Some(code) => {
            let _ = write_stdout_bytes(kaohe::codes::explanation_in(code, kaohe::i18n::current()).as_bytes());
            EXIT_OK
        }
        None => {
            let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let wanted =
                if args.code.starts_with("kaohe::") { args.code.clone() } else { format!("kaohe::{}", args.code) };
            eprintln!("{}", tr!("cli-error", message = tr!("cli-explain-no-code", code = args.code.as_str())));
            match kaohe::diag::closest(&wanted, all.iter().copied()) {
                Some(s) => eprintln!("  {}", tr!("cli-help-line", help = tr!("did-you-mean", name = s))),
                None => eprintln!("  {}\n    {}", tr!("cli-explain-codes-are"), all.join("\n    ")),
            }
            EXIT_USAGE
        }
    }
}
