//! Every folder under `tests/records/` is one month of records that must be refused (or
//! warned about). Its `case.txt` says the month, optionally the policy, and one
//! `expect: CODE FILE line N` per diagnostic. The rendered diagnostics are snapshotted.
//!
//! ```text
//! month 2024-10
//! policy policies/customer-service.kh
//! expect: kaohe::record::unknown_agent incidents.csv line 3
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use kaohe::diag::render_human;
use kaohe::records::Encoding;
use kaohe::{check_source, Source};

use crate::common;

fn find(dir: &Path, stem: &str) -> (String, Vec<u8>) {
    for ext in ["csv", "json"] {
        let p = dir.join(format!("{stem}.{ext}"));
        if p.exists() {
            let name = format!("{stem}.{ext}");
            return (name, std::fs::read(p).unwrap());
        }
    }
    panic!("{}: no {stem}.csv or {stem}.json", dir.display());
}

fn run_case(case: &Path) -> String {
    let dir = case.parent().unwrap();
    let spec = std::fs::read_to_string(case).unwrap();
    let mut month = None;
    let mut policy = "policies/customer-service.kh".to_string();
    let mut want: Vec<(String, String, usize)> = Vec::new();
    let mut encoding = Encoding::Auto;
    for line in spec.lines() {
        if let Some(m) = line.strip_prefix("month ") {
            month = Some(m.trim().parse().unwrap());
        } else if let Some(p) = line.strip_prefix("policy ") {
            policy = p.trim().to_string();
        } else if let Some(e) = line.strip_prefix("encoding ") {
            encoding = Encoding::parse(e.trim()).unwrap();
        } else if let Some(e) = line.strip_prefix("expect: ") {
            let parts: Vec<&str> = e.split_whitespace().collect();
            assert!(parts.len() == 4 && parts[2] == "line", "bad expectation `{e}`");
            want.push((parts[0].to_string(), parts[1].to_string(), parts[3].parse().unwrap()));
        }
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let policy_path = if Path::new(&policy).is_absolute() { policy.clone() } else { format!("{root}/{policy}") };
    let policy_path =
        if Path::new(&policy_path).exists() { policy_path } else { dir.join(&policy).display().to_string() };
    let checked = check_source(&Source::new(policy.clone(), std::fs::read_to_string(&policy_path).unwrap()));
    let program = checked.program.expect("the case's policy must check");
    let agents = find(dir, "agents");
    let incidents = find(dir, "incidents");
    let diags = match common::evaluate_month(
        &program,
        month.expect("case.txt needs a `month` line"),
        (&agents.0, &agents.1),
        (&incidents.0, &incidents.1),
        encoding,
    ) {
        Ok((_, warnings)) => warnings,
        Err(diags) => diags,
    };
    let mut got: Vec<(String, String, usize)> = diags
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.file_name().unwrap_or("").to_string(),
                d.span.as_ref().map_or(0, |s| s.line()),
            )
        })
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "{}: diagnostics (code, file, line) differ from case.txt", dir.display());
    render_human(&diags, false)
}

#[test]
fn record_fixtures() {
    insta::glob!("../records", "*/case.txt", |path| {
        let out = run_case(path);
        insta::assert_snapshot!(out);
    });
}
