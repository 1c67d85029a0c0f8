//! Command-line interface: argument parsing and one module per subcommand.
//!
//! Exit status (contract section 8): 0 success (warnings allowed), 1 policy or record
//! errors, 2 usage errors. Diagnostics go to stderr; results to stdout or `--output`,
//! which is written whole or not at all.

/// A value enum whose values are typed as they are (`json`, `xlsx`) and whose help says
/// what each is in the language in use: `Name = "value": "message-id"`.
macro_rules! localised_values {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal : $help:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($name::$variant),+]
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(match self {
                    $($name::$variant => clap::builder::PossibleValue::new($value).help(kaohe::i18n::message($help, &[]))),+
                })
            }
        }
    };
}

mod check;
mod close;
mod coverage;
mod diff;
mod eval;
mod explain;
mod fmt;
mod gen;
mod history;
mod io;
mod lang;
mod ledger;
mod lsp;
mod serve;
mod snapshot;
mod test;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub const EXIT_OK: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser)]
#[command(
    name = "kaohe",
    version,
    about = "Kaohe (考核): check assessment and pay policies and evaluate a month of records"
)]
struct Cli {
    /// Language of messages, explanations and headers: zh or en (default: KAOHE_LANG, else the locale)
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    lang: Option<lang::LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Type-check policy files and report every problem found
    Check(check::Args),
    /// Evaluate one month of agent and incident records
    Eval(eval::Args),
    /// Evaluate a month and record it in the ledger of closed months
    Close(close::CloseArgs),
    /// One agent's closed months
    History(history::Args),
    /// The ledger of closed months: list them, or verify them
    Ledger(ledger::Args),
    /// Print policies in the canonical layout, check it, or rewrite the files
    Fmt(fmt::Args),
    /// Compare two revisions of a policy: declarations, and results on one month
    Diff(diff::Args),
    /// Explain a diagnostic code, with a wrong example and its fix
    Explain(explain::Args),
    /// Write a synthetic month for the bundled policy (for benchmarks)
    #[command(hide = true, name = "gen-month")]
    GenMonth(gen::Args),
    /// Run the worked examples (`test "…" { … }`) and the snapshots of policy files
    Test(test::Args),
    /// Record a month's results as a snapshot of a policy; review, accept or reject new results
    Snapshot(snapshot::Args),
    /// Serve the Language Server Protocol on stdin and stdout, for editors
    Lsp(lsp::Args),
    /// The workbench: a page on this machine to edit a policy and run a month
    Serve(serve::Args),
}

pub fn run() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    kaohe::i18n::set(lang::choose(&args));
    let parsed =
        lang::localise(Cli::command()).try_get_matches_from(&args).and_then(|mut m| Cli::from_arg_matches_mut(&mut m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return lang::print_error(&e),
    };
    if let Some(l) = cli.lang {
        kaohe::i18n::set(l.into());
    }
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Close(args) => close::run(&args),
        Command::History(args) => history::run(&args),
        Command::Ledger(args) => ledger::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Snapshot(args) => snapshot::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::GenMonth(args) => gen::run(&args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Serve(args) => serve::run(&args),
    }
}
