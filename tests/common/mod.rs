//! Shared test helpers: check a policy from text, evaluate a month (every test that
//! evaluates one goes through the functions below, so a change of the library's
//! signatures is made here once), and generated policies (`policy_gen`).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod policy_gen;

use kaohe::eval::{MonthResult, Trace};
use kaohe::records::{Encoding, Month};
use kaohe::{check_source, Diagnostic, Program, Source};

include!("../../benches/common/bundled.rs");

/// The bundled policy's sample month (`examples/2024-10`), as `kaohe eval`'s arguments
/// after the policy.
pub const SAMPLE_MONTH: [&str; 6] =
    ["--month", "2024-10", "--agents", "examples/2024-10/agents.csv", "--incidents", "examples/2024-10/incidents.csv"];

/// `kaohe eval` of the bundled policy on the sample month (run in the project's folder),
/// then `extra`.
pub fn sample_month_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["eval", "policies/customer-service.kh"];
    args.extend(SAMPLE_MONTH);
    args.extend_from_slice(extra);
    args
}

/// The names of the entries of a folder, sorted.
pub fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// What evaluating a month gives: the result and its warnings, or every error.
pub type Evaluated = Result<(MonthResult, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Evaluates a month given as two files' names and bytes, with full traces.
pub fn evaluate_month(
    program: &Program,
    month: Month,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    encoding: Encoding,
) -> Evaluated {
    kaohe::evaluate_month(program, month, agents, incidents, &kaohe::EvalOptions::read_as(encoding))
}

/// [`evaluate_month`], keeping as much of each derivation as `trace` asks for.
pub fn evaluate_month_with(
    program: &Program,
    month: Month,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    encoding: Encoding,
    trace: Trace,
) -> Evaluated {
    kaohe::evaluate_month(program, month, agents, incidents, &kaohe::EvalOptions::read_as(encoding).with_trace(trace))
}

/// [`evaluate_month_with`], holding at most `incidents_in_memory` typed incidents at once.
pub fn evaluate_month_within(
    program: &Program,
    month: Month,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    encoding: Encoding,
    trace: Trace,
    incidents_in_memory: usize,
) -> Evaluated {
    let options = kaohe::EvalOptions::read_as(encoding).with_trace(trace).within(incidents_in_memory);
    kaohe::evaluate_month(program, month, agents, incidents, &options)
}

/// Evaluates a month read from two files on disk (`book.xlsx#sheet` names a sheet).
pub fn evaluate_files(
    program: &Program,
    month: Month,
    agents: &str,
    incidents: &str,
    encoding: Encoding,
    trace: Trace,
) -> Evaluated {
    kaohe::evaluate_files(program, month, agents, incidents, &kaohe::EvalOptions::read_as(encoding).with_trace(trace))
}

/// Checks a policy given as text; panics with the rendered diagnostics if it has errors.
pub fn program(text: &str) -> Program {
    let checked = check_source(&Source::new("test.kh", text.to_string()));
    match checked.program {
        Some(p) => p,
        None => panic!("policy has errors:\n{}", kaohe::diag::render_human(&checked.diagnostics, false)),
    }
}

fn evaluate_text(policy: &str, month: &str, agents_csv: &str, incidents_csv: &str) -> (Program, Evaluated) {
    let program = program(policy);
    let month: Month = month.parse().unwrap();
    let result = evaluate_month(
        &program,
        month,
        ("agents.csv", agents_csv.as_bytes()),
        ("incidents.csv", incidents_csv.as_bytes()),
        Encoding::Auto,
    );
    (program, result)
}

/// A policy's diagnostics as (code, line, message, help), for asserting on each.
pub fn diagnostics(text: &str) -> Vec<(kaohe::Code, usize, String, Option<String>)> {
    check_source(&Source::new("t.kh", text.to_string()))
        .diagnostics
        .iter()
        .map(|d| (d.code, d.span.as_ref().map_or(0, |s| s.line()), d.message.clone(), d.help.clone()))
        .collect()
}

/// Evaluates a month and returns the JSON report (contract section 6) as a value.
pub fn eval_json(policy: &str, month: &str, agents_csv: &str, incidents_csv: &str) -> serde_json::Value {
    match evaluate_text(policy, month, agents_csv, incidents_csv) {
        (program, Ok((result, _))) => serde_json::from_str(&kaohe::report::month_json(&program, &result)).unwrap(),
        (_, Err(diags)) => panic!("evaluation failed:\n{}", kaohe::diag::render_human(&diags, false)),
    }
}

/// Evaluates a month that must fail; returns the diagnostics.
pub fn eval_errors(policy: &str, month: &str, agents_csv: &str, incidents_csv: &str) -> Vec<Diagnostic> {
    match evaluate_text(policy, month, agents_csv, incidents_csv).1 {
        Ok(_) => panic!("evaluation was expected to fail"),
        Err(diags) => diags,
    }
}

/// The agent with this id in a JSON report.
pub fn agent<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["agents"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap_or_else(|| panic!("no agent {id}"))
}

/// The bundled policy's text.
pub fn bundled_policy() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/customer-service.kh")).unwrap()
}

/// Runs the `kaohe` binary in the project's folder, colour off, and waits for it.
pub fn kaohe(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .env("KAOHE_LANG", "en")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// [`kaohe`], in Chinese (`KAOHE_LANG=zh`).
pub fn kaohe_zh(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("KAOHE_LANG", "zh")
        .output()
        .unwrap()
}
