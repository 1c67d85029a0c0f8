//! Reading inputs, printing diagnostics, writing outputs whole or not at all.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use kaohe::diag::{render_human_streamed, render_json};
pub use kaohe::output::{write_whole, Render};
use kaohe::{tr, Code, Diagnostic, Source};

localised_values! {
    /// How diagnostics are printed.
    pub enum DiagFormat {
        Human = "human": "cli-value-diagnostics-human",
        Json = "json": "cli-value-diagnostics-json",
    }
}

pub fn print_diagnostics(diags: &[Diagnostic], format: DiagFormat) {
    if diags.is_empty() {
        return;
    }
    // Keep the order of what goes to stdout and stderr when both are one terminal.
    let _ = std::io::stdout().flush();
    let mut stderr = std::io::stderr().lock();
    match format {
        DiagFormat::Json => {
            let _ = stderr.write_all(render_json(diags).as_bytes());
        }
        DiagFormat::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render_human_streamed(diags, color, &mut |text| {
                let _ = stderr.write_all(text.as_bytes());
            });
        }
    }
}

/// Reads a policy file, or prints why it cannot be read and gives `None`.
pub fn read_policy_or_report(path: &str, format: DiagFormat) -> Option<Arc<Source>> {
    match read_policy(path) {
        Ok(s) => Some(s),
        Err(d) => {
            print_diagnostics(&[d], format);
            None
        }
    }
}

/// Reads a policy file as UTF-8 text.
pub fn read_policy(path: &str) -> Result<Arc<Source>, Diagnostic> {
    kaohe::read_policy(path)
}

/// Writes bytes to stdout.
pub fn write_stdout_bytes(contents: &[u8]) -> Result<(), Diagnostic> {
    write_stdout(&|w: &mut dyn Write| w.write_all(contents))
}

pub fn write_stdout(render: &Render) -> Result<(), Diagnostic> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    render(&mut out).and_then(|_| out.flush()).or_else(|e| {
        // A closed pipe (`| head`) is not an error of the policy.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Ok(())
        } else {
            Err(Diagnostic::error(Code::Io, tr!("io-cannot-write-result", reason = e.to_string())))
        }
    })
}
