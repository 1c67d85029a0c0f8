//! `kaohe serve [POLICY] [--ledger DB] [--port N] [--host ADDR] [--no-open]`: the workbench
//! (`kaohe::serve`, docs/serve.md).
//!
//! Opens the ledger, when one is given, to say at once if it cannot be read; binds
//! first, so the address printed on stdout is one that already answers; then opens the
//! browser (a failure to is only a note: the address is printed) and serves until the
//! process is stopped.

use std::path::PathBuf;

use kaohe::serve::{is_loopback, serve, Workbench, DEFAULT_PORT};
use kaohe::tr;

use super::{EXIT_ERRORS, EXIT_USAGE};

#[derive(clap::Args)]
pub struct Args {
    /// The policy file to edit and save (without one the page starts empty)
    #[arg(value_name = "POLICY")]
    policy: Option<PathBuf>,
    /// The port to listen on; 0 picks a free one
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// The address to listen on; anything but loopback lets other machines reach the page
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    host: String,
    /// Do not open the page in the browser
    #[arg(long)]
    no_open: bool,
    /// Read the agents' closed months from this ledger (history expressions, the
    /// summary's months); nothing is written to it
    #[arg(long, value_name = "DB")]
    ledger: Option<PathBuf>,
}

pub fn run(args: &Args) -> i32 {
    if let Some(path) = &args.policy {
        if let Err(d) = kaohe::read_policy(&path.to_string_lossy()) {
            super::io::print_diagnostics(&[d], super::io::DiagFormat::Human);
            return EXIT_ERRORS;
        }
    }
    if let Some(path) = &args.ledger {
        // A ledger that cannot be read is said now, not at the first month run.
        if let Err(d) = kaohe::ledger::Ledger::open(&path.to_string_lossy(), false) {
            super::io::print_diagnostics(&[d], super::io::DiagFormat::Human);
            return EXIT_ERRORS;
        }
        eprintln!("{}", tr!("ledger-read-only", path = path.to_string_lossy().as_ref()));
    }
    let bare = args.host.trim_start_matches('[').trim_end_matches(']');
    if !is_loopback(bare) {
        eprintln!("{}", tr!("serve-not-loopback", host = args.host.as_str()));
    }
    let listener = match std::net::TcpListener::bind((bare, args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "{}",
                tr!(
                    "cli-error",
                    message = tr!(
                        "serve-cannot-listen",
                        host = args.host.as_str(),
                        port = args.port.to_string(),
                        reason = e.to_string()
                    )
                )
            );
            return EXIT_USAGE;
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(_) => args.port,
    };
    let mut workbench = Workbench::new(args.policy.clone(), bare, port);
    workbench.ledger = args.ledger.clone();
    let url = workbench.url();
    println!("{url}");
    if !args.no_open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("{}", tr!("serve-cannot-open", reason = e.to_string()));
        }
    }
    match serve(workbench, listener) {
        Ok(()) => super::EXIT_OK,
        Err(e) => {
            eprintln!("{}", tr!("cli-error", message = e.to_string()));
            EXIT_ERRORS
        }
    }
}
