//! Kaohe's integration tests, linked into one binary: each file of this folder is a
//! module (run one with `cargo test --release --test it fmt::`), sharing the helpers of
//! `tests/common/`. Fixtures stay where they were (`tests/check/`, `tests/records/`,
//! `tests/fixtures/`, `tests/regressions/`); snapshots are in `tests/it/snapshots/`.
//!
//! One process runs every test: `regressions` counts panics with a process-wide hook,
//! so a panic in any test running beside it also fails `regressions_do_not_panic`. No
//! passing test panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod analysis;
mod architecture;
mod caps;
mod check_fixtures;
mod choices;
mod cli;
mod contract_v2;
mod coverage;
mod dialect;
mod dialect_twins;
mod diff;
mod editor_grammar;
mod eval_rules;
mod example_month;
mod excel;
mod explain;
mod fast_path;
mod fmt;
mod headers;
mod hostile;
mod hostile_output;
mod hostile_workbooks;
mod i18n;
mod ledger;
mod lsp;
mod parser;
mod policies;
mod policy_snapshots;
mod properties;
mod record_fixtures;
mod regressions;
mod serve;
mod showcase;
mod snapshot_library;
mod summary;
mod tutorial;
mod units;
mod v2;
mod why;
mod wide_headers;
mod workbook_parts;
