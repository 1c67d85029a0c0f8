//! `kaohe lsp`: the language server, on stdin and stdout (`kaohe::lsp`).

use kaohe::lsp::{serve_stdio, Options};

#[derive(clap::Args)]
pub struct Args {
    /// Accepted for editors that pass it; the server always speaks on stdin and stdout
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: &Args) -> i32 {
    let _ = args.stdio;
    serve_stdio(Options::default())
}
