//! `--coverage` of `kaohe test` and `kaohe eval`: which clauses the worked examples or
//! the month exercised, as text or as an lcov tracefile.

use kaohe::report::coverage::Coverage;

use super::io::{print_diagnostics, DiagFormat};
use kaohe::output::write_whole;

localised_values! {
    pub enum CoverageFormat {
        Text = "text": "cli-value-coverage-text",
        Lcov = "lcov": "cli-value-coverage-lcov",
    }
}

#[derive(clap::Args)]
pub struct CoverageArgs {
    /// Report how often each clause was exercised, and which never were
    #[arg(long)]
    pub coverage: bool,
    /// How to write the coverage report
    #[arg(long, value_enum, default_value = "text", requires = "coverage")]
    pub coverage_format: CoverageFormat,
    /// Write the coverage report to this file (whole or not at all)
    #[arg(long, value_name = "FILE", requires = "coverage")]
    pub coverage_output: Option<String>,
}

impl CoverageArgs {
    pub fn render(&self, c: &Coverage, policy: &str, by: &str) -> String {
        match self.coverage_format {
            CoverageFormat::Text => c.text(policy, by),
            CoverageFormat::Lcov => c.lcov(policy),
        }
    }

    /// Writes the report to `--coverage-output`, else to stdout (or stderr, when stdout
    /// carries results). Whether it was written.
    pub fn emit(&self, report: &str, stdout_taken: bool) -> bool {
        match &self.coverage_output {
            Some(path) => match write_whole(path, &|w| w.write_all(report.as_bytes()), &[]) {
                Ok(()) => true,
                Err(d) => {
                    print_diagnostics(&[d], DiagFormat::Human);
                    false
                }
            },
            None if stdout_taken => {
                eprint!("{report}");
                true
            }
            None => {
                print!("{report}");
                true
            }
        }
    }
}
