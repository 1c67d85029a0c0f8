//! The three v2 policies' sample months (examples/*/2024-11): every cell of each
//! `expected.md` table, computed by hand, against what Kaohe evaluates.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::check::program::{Amount, Program, Target, Value};
use kaohe::eval::{render, AgentResult, Trace};
use kaohe::records::Encoding;

use crate::common;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The rows of every table in a Markdown file whose first column is `id`: per row, the
/// (column, cell) pairs.
fn tables(text: &str) -> Vec<Vec<(String, String)>> {
    let mut rows = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for line in text.lines() {
        let cells: Vec<String> = match line.trim().strip_prefix('|').and_then(|l| l.strip_suffix('|')) {
            Some(inner) => inner.split('|').map(|c| c.trim().to_string()).collect(),
            None => {
                header = None;
                continue;
            }
        };
        match &header {
            None if cells.first().map(String::as_str) == Some("id") => header = Some(cells),
            Some(_) if cells.iter().all(|c| c.chars().all(|ch| ch == '-')) => {}
            Some(h) => rows.push(h.iter().cloned().zip(cells).collect()),
            None => {}
        }
    }
    rows
}

/// What Kaohe gives for one column of an agent's row.
fn actual(program: &Program, a: &AgentResult, column: &str) -> String {
    let money = |d: rust_decimal::Decimal| kaohe::money::money_text(d);
    let subtotal = |amount: Amount, name: &str| {
        let target = program
            .violations
            .iter()
            .position(|v| v.name == name)
            .map(Target::Violation)
            .or_else(|| program.severities.iter().position(|s| s.name == name).map(Target::Severity))
            .unwrap_or_else(|| panic!("no violation or severity `{name}`"));
        let d = a.subtotal(amount, target);
        if amount == Amount::Points {
            d.normalize().to_string()
        } else {
            money(d)
        }
    };
    if let Some(inner) = column.strip_suffix(')') {
        let (what, name) = inner.split_once('(').unwrap();
        let amount = match what {
            "points" => Amount::Points,
            "fine" => Amount::Fine,
            _ => Amount::Compensation,
        };
        return subtotal(amount, name);
    }
    match column {
        "id" => a.id.clone(),
        "name" => a.name.clone(),
        "tier" => program.tiers[a.tier].name.clone(),
        "tenure" => a.tenure_months.to_string(),
        "tier_tenure" => a.tier_tenure.to_string(),
        "points" => a.points.normalize().to_string(),
        "fine" => money(a.fine),
        "compensation" => money(a.compensation),
        "tier_ok" => a.tier_ok.to_string(),
        "promotion" => a.promotion.map_or("none".to_string(), |t| program.tiers[t].name.clone()),
        _ => {
            if let Some(v) = program.violations.iter().position(|v| v.name == column) {
                return a.violations.iter().find(|t| t.violation == v).map_or(0, |t| t.count).to_string();
            }
            if let Some(e) = program.escalations.iter().position(|e| e.name == column) {
                let fired = a.escalations.iter().any(|o| o.escalation == e && o.fired);
                return if fired { "yes" } else { "no" }.to_string();
            }
            let i = program.pay.iter().position(|p| p.name == column).unwrap_or_else(|| panic!("no column `{column}`"));
            match &a.pay[i].value {
                Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
                v => render(program, v, program.pay[i].ty, false),
            }
        }
    }
}

fn check_month(policy: &str, folder: &str) {
    let text = std::fs::read_to_string(format!("{ROOT}/policies/{policy}.kh")).unwrap();
    let program = common::program(&text);
    let dir = format!("{ROOT}/examples/{folder}/2024-11");
    let (result, warnings) = common::evaluate_files(
        &program,
        "2024-11".parse().unwrap(),
        &format!("{dir}/agents.csv"),
        &format!("{dir}/incidents.csv"),
        Encoding::Auto,
        Trace::Report,
    )
    .unwrap_or_else(|d| panic!("{folder}: {}", kaohe::diag::render_human(&d, false)));
    assert!(warnings.is_empty(), "{folder}: {warnings:?}");
    let expected = std::fs::read_to_string(format!("{dir}/expected.md")).unwrap();
    let rows = tables(&expected);
    assert!(rows.len() >= 30, "{folder}: only {} rows read from expected.md", rows.len());
    let mut cells = 0;
    let mut wrong = Vec::new();
    for row in rows {
        let id = &row[0].1;
        let a = result.agents.iter().find(|a| &a.id == id).unwrap_or_else(|| panic!("{folder}: no agent {id}"));
        for (column, want) in &row {
            cells += 1;
            let got = actual(&program, a, column);
            // The hand tables write a rate as `3%`; Kaohe reports the number 0.03.
            let want = match want.strip_suffix('%').and_then(|n| n.parse::<rust_decimal::Decimal>().ok()) {
                Some(n) => (n / rust_decimal::Decimal::ONE_HUNDRED).normalize().to_string(),
                None => want.clone(),
            };
            if got != want {
                wrong.push(format!("{id} {column}: expected {want}, Kaohe says {got}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{folder}: {} of {cells} cells differ:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn qa_scorecard_month_matches_the_hand_figures() {
    check_month("qa-scorecard", "qa-scorecard");
}

#[test]
fn sales_commission_month_matches_the_hand_figures() {
    check_month("sales-commission", "sales-commission");
}

#[test]
fn rider_penalties_month_matches_the_hand_figures() {
    check_month("rider-penalties", "rider-penalties");
}
