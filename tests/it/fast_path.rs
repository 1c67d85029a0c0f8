//! The fast path (rows typed as they stream, agents evaluated in parallel with report
//! traces only, JSON written agent by agent) gives the same bytes as the straightforward
//! one (agents evaluated one after another with full traces, the whole JSON document
//! built and pretty-printed at once), on generated months.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use kaohe::check::program::{Value, AGENT_ID, INCIDENT_AGENT};
use kaohe::eval::{evaluate_agent, IncidentRow, MonthResult, Trace};
use kaohe::records::{read_input, Encoding, Month};
use kaohe::report;
use serde_json::json;

use crate::common;

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    }
}

/// Agent by agent, in order, with full traces.
fn straightforward(program: &kaohe::Program, month: Month, agents: &str, incidents: &str) -> MonthResult {
    let a = read_input("agents.csv", agents.as_bytes(), Encoding::Auto).unwrap();
    let i = read_input("incidents.csv", incidents.as_bytes(), Encoding::Auto).unwrap();
    let records = kaohe::records::load(program, month, &a, &i).records.unwrap();
    let mut by_agent: HashMap<String, Vec<IncidentRow>> = HashMap::new();
    for j in 0..records.incidents.len() {
        let row = records.incidents.row(j);
        by_agent
            .entry(text(row.get(INCIDENT_AGENT)))
            .or_default()
            .push(IncidentRow { values: row, line: records.incidents.line(j) });
    }
    let mut out = Vec::new();
    for k in 0..records.agents.len() {
        let row = records.agents.row(k);
        let incs = by_agent.get(&text(row.get(AGENT_ID))).cloned().unwrap_or_default();
        out.push(evaluate_agent(program, month, row, &incs, Trace::Full).unwrap());
    }
    MonthResult { month, agents: out }
}

fn reference_json(program: &kaohe::Program, result: &MonthResult) -> String {
    let agents: Vec<serde_json::Value> = result.agents.iter().map(|a| report::agent_json(program, a)).collect();
    let doc = json!({
        "policy": {"title": program.header.title, "version": program.header.version, "month": result.month.to_string()},
        "agents": agents,
    });
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

#[test]
fn fast_and_straightforward_paths_agree_byte_for_byte() {
    let program = common::program(&common::bundled_policy());
    for (m, agents, per, seed) in
        [("2024-12", 300, 6, 1u64), ("2025-02", 200, 12, 2), ("2028-02", 120, 3, 3), ("2024-10", 1, 0, 4)]
    {
        let month: Month = m.parse().unwrap();
        let (a, i) = kaohe::synth::month(month, agents, per, seed);
        let (fast, _) = common::evaluate_month_with(
            &program,
            month,
            ("agents.csv", a.as_bytes()),
            ("incidents.csv", i.as_bytes()),
            Encoding::Auto,
            Trace::Report,
        )
        .unwrap();
        let slow = straightforward(&program, month, &a, &i);
        let mut fast_json = Vec::new();
        report::write_month_json(&program, &fast, &mut fast_json).unwrap();
        assert_eq!(
            String::from_utf8(fast_json).unwrap(),
            reference_json(&program, &slow),
            "{m} seed {seed}: JSON differs"
        );
        assert_eq!(
            report::month_csv(&program, &fast, true),
            report::month_csv(&program, &slow, true),
            "{m}: CSV differs"
        );
    }
}

#[test]
fn generated_months_cover_every_rule() {
    let month: Month = "2024-12".parse().unwrap();
    let (a, i) = kaohe::synth::month(month, 400, 8, 9);
    let report = common::eval_json(&common::bundled_policy(), "2024-12", &a, &i);
    let agents = report["agents"].as_array().unwrap();
    let violations: std::collections::BTreeSet<&str> =
        agents.iter().flat_map(|x| x["violations"].as_array().unwrap()).map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(violations.len(), 9, "{violations:?}");
    assert!(agents.iter().any(|x| !x["escalations"].as_array().unwrap().is_empty()));
    assert!(agents.iter().any(|x| !x["not_counted"].as_array().unwrap().is_empty()));
    assert!(agents.iter().any(|x| x["promotion"].is_string()));
    assert!(agents.iter().any(|x| x["tier_ok"] == false));
}

#[test]
fn a_month_evaluated_in_parts_is_the_same_month() {
    let program = common::program(&common::bundled_policy());
    let month: Month = "2024-12".parse().unwrap();
    let (a, i) = kaohe::synth::month(month, 300, 8, 5);
    let whole = common::evaluate_month_with(
        &program,
        month,
        ("agents.csv", a.as_bytes()),
        ("incidents.csv", i.as_bytes()),
        Encoding::Auto,
        Trace::Report,
    )
    .unwrap()
    .0;
    for budget in [1, 7, 500, 1_000] {
        let parts = common::evaluate_month_within(
            &program,
            month,
            ("agents.csv", a.as_bytes()),
            ("incidents.csv", i.as_bytes()),
            Encoding::Auto,
            Trace::Report,
            budget,
        )
        .unwrap()
        .0;
        assert_eq!(report::month_json(&program, &parts), report::month_json(&program, &whole), "budget {budget}");
    }
    // Record errors are found the same way: every one, in one run.
    let bad = i.replacen("迟到", "迟倒", 3);
    let errors = common::evaluate_month_within(
        &program,
        month,
        ("agents.csv", a.as_bytes()),
        ("incidents.csv", bad.as_bytes()),
        Encoding::Auto,
        Trace::Report,
        10,
    )
    .unwrap_err();
    assert_eq!(errors.iter().filter(|d| d.code == kaohe::Code::RecordUnknownViolation).count(), 3);
}

#[test]
fn the_synthetic_v2_month_evaluates_and_its_caps_bind() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/rider-penalties.kh")).unwrap();
    let program = crate::common::program(&text);
    let month: kaohe::records::Month = "2024-11".parse().unwrap();
    let (a, i) = kaohe::synth::rider_month(month, 200, 20, 7);
    let (result, _) = crate::common::evaluate_month(
        &program,
        month,
        ("agents.csv", a.as_bytes()),
        ("incidents.csv", i.as_bytes()),
        kaohe::records::Encoding::Auto,
    )
    .unwrap_or_else(|d| panic!("{}", kaohe::diag::render_human(&d, false)));
    assert_eq!(result.agents.len(), 200);
    // The generator clusters incidents on a few days, so every kind of cap withholds
    // something for some rider: the benchmark measures caps at work.
    use kaohe::syntax::ast::Period;
    for period in [Period::Day, Period::Week, Period::Month] {
        assert!(result.agents.iter().any(|r| r.caps.iter().any(|c| c.period == period)), "no {period:?} cap bound");
    }
}
