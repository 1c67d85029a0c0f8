//! The fast path (rows typed as they stream, agents evaluated in parallel with report
//! traces only, JSON written agent by agent) gives the same bytes as the straightforward
//! one (agents evaluated one after another with full traces, the whole JSON document
//! built and pretty-printed at once), on generated months.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use kaohe::eval::{evaluate_agent, IncidentRow, MonthResult, Trace};
use kaohe::records::{read_input, Encoding, Month};
use kaohe::report;
use serde_json::json;

use crate::common;

/// Agent by agent, in order, with full traces.
fn straightforward(program: &kaohe::Program, month: Month, agents: &str, incidents: &str) -> MonthResult {
    let a = read_input("agents.csv", agents.as_bytes(), Encoding::Auto).unwrap();
    let i = read_input("incidents.csv", incidents.as_bytes(), Encoding::Auto).unwrap();
    let records = kaohe::records::load(program, month, &a, &i).records.unwrap();
    // A loaded incident's agent is its index in `incident_agent` (the slot is unfilled).
    let rows: Vec<Vec<kaohe::check::program::Value>> =
        (0..records.incidents.len()).map(|j| records.incidents.row(j)).collect();
    let mut by_agent: HashMap<u32, Vec<IncidentRow>> = HashMap::new();
    for (j, row) in rows.iter().enumerate() {
        by_agent
            .entry(records.incident_agent[j])
            .or_default()
            .push(IncidentRow { values: row, line: records.incidents.line(j) });
    }
    let mut out = Vec::new();
    for k in 0..records.agents.len() {
        let row = records.agents.row(k);
        let incs = by_agent.get(&(k as u32)).cloned().unwrap_or_default();
        out.push(evaluate_agent(program, month, row, &incs, Trace::Full).unwrap());
    }
    MonthResult { month, agents: out }
}

fn reference_doc(program: &kaohe::Program, result: &MonthResult) -> serde_json::Value {
    let agents: Vec<serde_json::Value> = result.agents.iter().map(|a| report::agent_json(program, a)).collect();
    json!({
        "policy": {"title": program.header.title, "version": program.header.version, "month": result.month.to_string()},
        "agents": agents,
    })
}

fn reference_json(program: &kaohe::Program, result: &MonthResult) -> String {
    serde_json::to_string_pretty(&reference_doc(program, result)).unwrap() + "\n"
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
        // Compact JSON is the whole document's compact form, on one line.
        assert_eq!(
            report::month_json_as(&program, &fast, report::Layout::Compact),
            serde_json::to_string(&reference_doc(&program, &slow)).unwrap() + "\n",
            "{m} seed {seed}: compact JSON differs"
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

/// A month over the budget, typed in parallel pieces (more than 2^14 incidents, no
/// quotes), keeps its typed incidents in temporary files and evaluates, range by range,
/// to the month evaluated whole: for the bundled policy and the rider scheme (caps,
/// occurrence), in date order.
#[test]
fn a_month_over_the_budget_is_typed_once_and_is_the_same_month() {
    let dir = tempfile::tempdir().unwrap();
    let rider = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/rider-penalties.kh")).unwrap();
    let cases = [
        (common::bundled_policy(), "2024-12", kaohe::synth::month("2024-12".parse().unwrap(), 3_000, 8, 5)),
        (rider, "2024-11", kaohe::synth::rider_month("2024-11".parse().unwrap(), 1_200, 20, 7)),
    ];
    for (text, month, (agents, incidents)) in cases {
        let program = common::program(&text);
        let month: Month = month.parse().unwrap();
        assert!(incidents.lines().count() > 1 << 14 && !incidents.contains('"'));
        let (a, i) = (dir.path().join("agents.csv"), dir.path().join("incidents.csv"));
        std::fs::write(&a, &agents).unwrap();
        std::fs::write(&i, &incidents).unwrap();
        let (a, i) = (a.to_str().unwrap(), i.to_str().unwrap());
        let options = kaohe::EvalOptions::default().with_trace(Trace::Report);
        let whole = kaohe::load_files(&program, month, a, i, &options).unwrap();
        assert!(!whole.spilled());
        let evaluated = |loaded: &kaohe::LoadedMonth| {
            let mut agents = Vec::new();
            loaded.evaluate_each(&program, &kaohe::eval::History::none(), &|r| r, &mut |c| agents.extend(c)).unwrap();
            report::month_json(&program, &MonthResult { month, agents })
        };
        let expected = evaluated(&whole);
        for budget in [4_000, 9_999] {
            let parts = kaohe::load_files(&program, month, a, i, &options.within(budget)).unwrap();
            assert!(parts.spilled(), "budget {budget}");
            assert_eq!(evaluated(&parts), expected, "budget {budget}");
        }
    }
}

/// The rows a range of agents reads back from the temporary files are the rows typed
/// again from the file's text, the way taken where no temporary file can be written.
#[test]
fn rows_read_back_from_temporary_files_are_the_rows_typed_again() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/rider-penalties.kh")).unwrap();
    let program = common::program(&text);
    let month: Month = "2024-11".parse().unwrap();
    let (a, i) = kaohe::synth::rider_month(month, 1_000, 20, 3);
    let agents = read_input("agents.csv", a.as_bytes(), Encoding::Auto).unwrap();
    let incidents = read_input("incidents.csv", i.as_bytes(), Encoding::Auto).unwrap();
    let loaded = kaohe::records::load_with(&program, month, &agents, &incidents, false);
    let (records, spilled) = (loaded.records.unwrap(), loaded.spilled.unwrap());
    assert!(records.incidents.is_empty(), "the values are not kept in memory");
    assert_eq!(records.incident_agent.len(), i.lines().count() - 1);
    for range in [0..1, 0..333, 333..999, 999..1_000] {
        let (rows, owners) = spilled.incidents_of(&records.incident_agent, range.clone()).unwrap();
        let (again, owners_again) = kaohe::records::incidents_of(&program, &incidents, &records.agents, range.clone());
        assert!(!rows.is_empty(), "{range:?}");
        assert_eq!(owners, owners_again, "{range:?}");
        assert_eq!(rows.len(), again.len(), "{range:?}");
        for k in 0..rows.len() {
            assert_eq!((rows.row(k), rows.line(k)), (again.row(k), again.line(k)), "{range:?} row {k}");
        }
    }
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

/// A month's incidents in date order, as HR exports them, with the same incidents'
/// problems in both halves of the file: typed in pieces on every core (the file has no
/// quotes), they give the diagnostics, in the same order, and the results that the CSV
/// reader gives of the same file with its header quoted (`"agent"` where the other says
/// `agent  `, so every byte offset is the same).
#[test]
fn quote_free_files_typed_in_pieces_match_the_csv_reader() {
    let program = common::program(&common::bundled_policy());
    let month: Month = "2024-12".parse().unwrap();
    let (agents, incidents) = kaohe::synth::month_by_date(month, 1500, 20, 5);
    assert!(incidents.lines().count() > 1 << 14, "big enough to be typed in pieces");
    let plain = incidents.replacen("agent,", "agent  ,", 1);
    let quoted = incidents.replacen("agent,", "\"agent\",", 1);
    let input = |text: &str| read_input("incidents.csv", text.as_bytes(), Encoding::Auto).unwrap();
    assert_eq!(input(&plain).plain_parts(2).map(|p| p.len()), Some(2));
    assert!(input(&quoted).plain_parts(2).is_none());
    let eval = |incidents: &str| {
        let a = read_input("agents.csv", agents.as_bytes(), Encoding::Auto).unwrap();
        let i = read_input("incidents.csv", incidents.as_bytes(), Encoding::Auto).unwrap();
        let loaded = kaohe::records::load(&program, month, &a, &i);
        let result = kaohe::eval::evaluate_with(&program, &loaded.records.unwrap(), Trace::Report).unwrap();
        report::month_json(&program, &result)
    };
    assert_eq!(eval(&plain), eval(&quoted));

    // Problems early, in the middle and at the end of the file: unknown agents, a date
    // outside the month, a ragged row, a bad number.
    let mut lines: Vec<String> = plain.lines().map(str::to_string).collect();
    let n = lines.len();
    for (k, at) in [3, n / 2 - 1, n / 2, n / 2 + 1, n - 2].into_iter().enumerate() {
        lines[at] = match k {
            0 => "A9999999,2024-12-03,迟到,,".to_string(),
            1 => "A000001,2025-01-03,迟到,,".to_string(),
            2 => "A000002,2024-12-03,迟到,".to_string(),
            3 => "A000003,2024-12-03,突发事件超时,三十,".to_string(),
            _ => "A00001,2024-12-03,迟到,,".to_string(),
        };
    }
    let plain = lines.join("\n") + "\n";
    let quoted = plain.replacen("agent  ,", "\"agent\",", 1);
    // A diagnostic's code, message, span and help.
    type Problem = (kaohe::Code, String, Option<(usize, usize)>, Option<String>);
    let problems = |incidents: &str| {
        let a = read_input("agents.csv", agents.as_bytes(), Encoding::Auto).unwrap();
        let i = read_input("incidents.csv", incidents.as_bytes(), Encoding::Auto).unwrap();
        let loaded = kaohe::records::load(&program, month, &a, &i);
        assert!(loaded.records.is_none());
        let shown: Vec<Problem> = loaded
            .diagnostics
            .iter()
            .map(|d| (d.code, d.message.clone(), d.span.as_ref().map(|s| (s.start, s.end)), d.help.clone()))
            .collect();
        shown
    };
    let found = problems(&plain);
    assert_eq!(found, problems(&quoted));
    let codes: Vec<kaohe::Code> = found.iter().map(|d| d.0).collect();
    assert_eq!(
        codes,
        [
            kaohe::Code::RecordUnknownAgent,
            kaohe::Code::RecordDateOutsideMonth,
            kaohe::Code::RecordRaggedRow,
            kaohe::Code::RecordBadValue,
            kaohe::Code::RecordUnknownAgent
        ]
    );
}

/// A month of `agents` agents (more than one chunk of agents evaluated and written at a
/// time, `kaohe::eval::CHUNK`) written as files in `dir`.
fn month_files(dir: &std::path::Path, policy: &str, agents: usize) -> (String, String, String) {
    let month: Month = "2024-12".parse().unwrap();
    let (a, i) = if policy.ends_with("rider-penalties.kh") {
        kaohe::synth::rider_month("2024-11".parse().unwrap(), agents, 6, 3)
    } else {
        kaohe::synth::month_by_date(month, agents, 6, 3)
    };
    let path = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let policy = format!("{}/policies/{policy}", env!("CARGO_MANIFEST_DIR"));
    (policy, path("agents.csv", &a), path("incidents.csv", &i))
}

/// The ids of an agents file, in its order.
fn agent_ids(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect()
}

#[test]
fn a_report_written_while_the_month_is_evaluated_is_the_report_of_the_whole_month() {
    const { assert!(kaohe::eval::CHUNK < 9_000, "the month must span several chunks") };
    let dir = tempfile::tempdir().unwrap();
    for (policy, month) in [("customer-service.kh", "2024-12"), ("rider-penalties.kh", "2024-11")] {
        let (policy, agents, incidents) = month_files(dir.path(), policy, 9_000);
        let out = dir.path().join("out");
        let out = out.to_str().unwrap();
        let eval = |more: &[&str]| {
            let mut args = vec!["eval", &policy, "--month", month, "--agents", &agents, "--incidents", &incidents];
            args.extend_from_slice(more);
            let o = common::kaohe(&args);
            assert_eq!(o.status.code(), Some(0), "{more:?}: {}", String::from_utf8_lossy(&o.stderr));
            o.stdout
        };
        // To a file, each agent is written as it is evaluated; to stdout, the month is
        // evaluated whole first. The bytes are the same.
        for form in [&["--format", "json"][..], &["--format", "json", "--pretty"], &["--format", "csv", "--bom", "yes"]]
        {
            let whole = eval(form);
            let mut to_file = form.to_vec();
            to_file.extend_from_slice(&["--output", out]);
            assert!(eval(&to_file).is_empty());
            let written = std::fs::read(out).unwrap();
            assert!(written == whole, "{policy} {form:?}: the file differs from stdout");
        }
        let json: serde_json::Value = serde_json::from_slice(&eval(&["--format", "json"])).unwrap();
        let ids: Vec<&str> = json["agents"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 9_000);
        assert_eq!(ids, agent_ids(&agents), "agents in input order across chunks");
    }
}

#[test]
fn a_run_time_error_while_writing_leaves_the_output_as_it_was_and_names_every_agent() {
    let dir = tempfile::tempdir().unwrap();
    let (policy, agents, incidents) = month_files(dir.path(), "customer-service.kh", 9_000);
    // Two agents far apart (in the second and third chunks) overflow their compensation.
    let ids = agent_ids(&agents);
    let (late, later) = (&ids[5_000], &ids[8_500]);
    let max = "79228162514264337593543950335";
    let mut text = std::fs::read_to_string(&incidents).unwrap();
    for id in [late, later] {
        text.push_str(&format!("{id},2024-12-02,私带设备,,{max}\n{id},2024-12-03,私带设备,,{max}\n"));
    }
    std::fs::write(&incidents, text).unwrap();
    let out = dir.path().join("result.json");
    for before in [None, Some("last month's report\n")] {
        if let Some(b) = before {
            std::fs::write(&out, b).unwrap();
        }
        let o = common::kaohe(&[
            "eval",
            &policy,
            "--month",
            "2024-12",
            "--agents",
            &agents,
            "--incidents",
            &incidents,
            "--format",
            "json",
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(stderr.matches("kaohe::runtime::overflow").count(), 2, "{stderr}");
        assert!(stderr.contains(late.as_str()) && stderr.contains(later.as_str()), "{stderr}");
        assert!(!stderr.contains("kaohe::io"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&out).ok().as_deref(), before, "the output is as it was");
        // Nothing else is left in the folder: no temporary file.
        let names = common::files_in(dir.path());
        assert_eq!(names.len(), if before.is_some() { 3 } else { 2 }, "{names:?}");
    }
}
