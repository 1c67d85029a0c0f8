//! Properties of evaluation over generated months of the bundled policy, and of checking
//! over generated policies (docs/guarantees.md says which promise each one backs):
//! - determinism: the same input gives the same JSON, byte for byte;
//! - order independence: shuffling agent rows changes only the order of agents, and
//!   shuffling incident rows changes nothing (an agent's `not_counted` list follows the
//!   incidents' input order, so it is compared as a set);
//! - monotonicity: one more incident of a violation without `when` never lowers the
//!   agent's points, and counts exactly once;
//! - agent independence: an agent evaluated alone, with only its own incidents, gets the
//!   same result as in the whole month;
//! - `check_source` never panics and gives a program or at least one error, never both,
//!   never neither.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Days, NaiveDate};
use kaohe::records::{Encoding, Month};
use kaohe::{check_source, Program, Source};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common;
use crate::common::policy_gen::decl;

const TIERS: [&str; 4] = common::BUNDLED_TIERS;
/// The bundled policy's violations; all but 突发事件超时 (index 4) have no `when`.
const VIOLATIONS: [&str; 9] = common::BUNDLED_VIOLATIONS;
const WITHOUT_WHEN: [usize; 8] = [0, 1, 2, 3, 5, 6, 7, 8];
const NAMES: [&str; 6] = ["张三", "李四", "王五", "Ann \"A\" Lee", "赵, 六", "钱七"];

thread_local! {
    static BUNDLED: Program = common::program(&common::bundled_policy());
}

// ------------------------------------------------------------------ generated months

#[derive(Clone, Debug)]
pub(crate) struct AgentRow {
    id: String,
    name: usize,
    tier: usize,
    /// Days after 2015-01-01: up to 2024-10-31, never after the month.
    hired: u64,
    /// "", "true", "false", "是".
    leads: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct IncidentRow {
    /// Index into the month's agents (taken modulo their number).
    agent: usize,
    violation: usize,
    day: u32,
    /// How the date is written: 2024-10-05, 2024/10/5 or 2024年10月5日.
    date_style: usize,
    minutes: Option<u32>,
    /// Cents; written as "12.34", "1,234.56" or "12.34元".
    cost: Option<(u32, usize)>,
}

#[derive(Clone, Debug)]
pub(crate) struct MonthInput {
    pub(crate) agents: Vec<AgentRow>,
    pub(crate) incidents: Vec<IncidentRow>,
}

fn agent_row() -> impl Strategy<Value = (usize, usize, u64, usize)> {
    (0..NAMES.len(), 0..TIERS.len(), 0u64..=3590, 0usize..4)
}

fn incident_row() -> impl Strategy<Value = IncidentRow> {
    (
        any::<prop::sample::Index>(),
        0..VIOLATIONS.len(),
        1u32..=31,
        0usize..3,
        prop::option::of(0u32..=90),
        prop::option::of((0u32..=1_000_000, 0usize..3)),
    )
        .prop_map(|(agent, violation, day, date_style, minutes, cost)| IncidentRow {
            agent: agent.index(1 << 16),
            violation,
            day,
            date_style,
            minutes,
            cost,
        })
}

pub(crate) fn month_input() -> impl Strategy<Value = MonthInput> {
    (prop::collection::vec(agent_row(), 1..8), prop::collection::vec(incident_row(), 0..24)).prop_map(
        |(agents, incidents)| {
            let agents = agents
                .into_iter()
                .enumerate()
                .map(|(i, (name, tier, hired, leads))| AgentRow {
                    id: format!("A{:03}", i + 1),
                    name,
                    tier,
                    hired,
                    leads,
                })
                .collect();
            MonthInput { agents, incidents }
        },
    )
}

fn csv_quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub(crate) fn agents_csv(agents: &[AgentRow]) -> String {
    let mut out = String::from("id,name,tier,hired_on,leads_team\n");
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    for a in agents {
        let hired = base.checked_add_days(Days::new(a.hired)).unwrap();
        let leads = ["", "true", "false", "是"][a.leads];
        out.push_str(&format!("{},{},{},{hired},{leads}\n", a.id, csv_quote(NAMES[a.name]), TIERS[a.tier]));
    }
    out
}

fn incident_line(agents: &[AgentRow], i: &IncidentRow) -> String {
    let agent = &agents[i.agent % agents.len()].id;
    // 2024-10 has 31 days.
    let date = match i.date_style {
        0 => format!("2024-10-{:02}", i.day),
        1 => format!("2024/10/{}", i.day),
        _ => format!("2024年10月{}日", i.day),
    };
    let minutes = i.minutes.map_or(String::new(), |m| m.to_string());
    let cost = match i.cost {
        None => String::new(),
        Some((c, 0)) => format!("{}.{:02}", c / 100, c % 100),
        Some((c, 1)) => {
            let yuan = c / 100;
            let grouped = if yuan >= 1000 { format!("{},{:03}", yuan / 1000, yuan % 1000) } else { yuan.to_string() };
            format!("\"{grouped}.{:02}\"", c % 100)
        }
        Some((c, _)) => format!("{}.{:02}元", c / 100, c % 100),
    };
    format!("{agent},{date},{},{minutes},{cost}\n", VIOLATIONS[i.violation])
}

pub(crate) fn incidents_csv(agents: &[AgentRow], incidents: &[IncidentRow]) -> String {
    let mut out = String::from("agent,date,violation,minutes,cost\n");
    for i in incidents {
        out.push_str(&incident_line(agents, i));
    }
    out
}

/// The month's JSON report as text; panics with the diagnostics if evaluation fails
/// (generated months are always valid).
fn report(agents: &str, incidents: &str) -> String {
    BUNDLED.with(|program| {
        match common::evaluate_month(
            program,
            Month::from_str("2024-10").unwrap(),
            ("agents.csv", agents.as_bytes()),
            ("incidents.csv", incidents.as_bytes()),
            Encoding::Auto,
        ) {
            Ok((result, _)) => kaohe::report::month_json(program, &result),
            Err(diags) => panic!(
                "evaluation failed:\n{}\n--- agents:\n{agents}--- incidents:\n{incidents}",
                kaohe::diag::render_human(&diags, false)
            ),
        }
    })
}

fn report_of(m: &MonthInput) -> Value {
    serde_json::from_str(&report(&agents_csv(&m.agents), &incidents_csv(&m.agents, &m.incidents))).unwrap()
}

/// Agents by id, each with its `not_counted` list sorted (it follows input order).
fn by_id(report: &Value) -> BTreeMap<String, Value> {
    report["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut a = a.clone();
            if let Some(list) = a["not_counted"].as_array_mut() {
                list.sort_by_key(|v| v.to_string());
            }
            (a["id"].as_str().unwrap().to_string(), a)
        })
        .collect()
}

fn ids(report: &Value) -> Vec<String> {
    report["agents"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
}

fn decimal(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

fn violation_count(agent: &Value, name: &str) -> u64 {
    agent["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .map_or(0, |v| v["count"].as_u64().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn evaluation_is_deterministic(m in month_input()) {
        let (a, i) = (agents_csv(&m.agents), incidents_csv(&m.agents, &m.incidents));
        let first = report(&a, &i);
        let second = report(&a, &i);
        prop_assert_eq!(first, second);
    }

    #[test]
    fn incident_order_does_not_matter(m in month_input(), seed in any::<u64>()) {
        let before = report_of(&m);
        let mut shuffled = m.clone();
        shuffle(&mut shuffled.incidents, seed);
        let after = report_of(&shuffled);
        prop_assert_eq!(ids(&before), ids(&after));
        prop_assert_eq!(by_id(&before), by_id(&after));
    }

    #[test]
    fn agent_order_only_reorders_agents(m in month_input(), seed in any::<u64>()) {
        let before = report_of(&m);
        // Incidents name agents by id, which stays with its row.
        let lines: Vec<String> = m.incidents.iter().map(|i| incident_line(&m.agents, i)).collect();
        let mut agents = m.agents.clone();
        shuffle(&mut agents, seed);
        let after: Value = serde_json::from_str(&report(
            &agents_csv(&agents),
            &format!("agent,date,violation,minutes,cost\n{}", lines.concat()),
        ))
        .unwrap();
        // Agents come out in input order.
        prop_assert_eq!(ids(&after), agents.iter().map(|a| a.id.clone()).collect::<Vec<_>>());
        prop_assert_eq!(by_id(&before), by_id(&after));
    }

    #[test]
    fn one_more_incident_never_lowers_points(
        m in month_input(),
        who in any::<prop::sample::Index>(),
        v in prop::sample::select(WITHOUT_WHEN.to_vec()),
        extra in incident_row(),
    ) {
        let before = report_of(&m);
        let agent = who.index(m.agents.len());
        let mut more = m.clone();
        more.incidents.push(IncidentRow { agent, violation: v, ..extra });
        let after = report_of(&more);
        let id = &m.agents[agent].id;
        let (b, a) = (common::agent(&before, id), common::agent(&after, id));
        prop_assert!(
            decimal(&a["points"]) >= decimal(&b["points"]),
            "{id}: points went from {} to {} after one more {}", b["points"], a["points"], VIOLATIONS[v]
        );
        prop_assert_eq!(violation_count(a, VIOLATIONS[v]), violation_count(b, VIOLATIONS[v]) + 1);
        // Compensation never goes down either.
        prop_assert!(decimal(&a["compensation"]) >= decimal(&b["compensation"]));
    }

    #[test]
    fn an_agent_alone_is_evaluated_as_in_the_whole_month(m in month_input(), who in any::<prop::sample::Index>()) {
        let whole = report_of(&m);
        let agent = who.index(m.agents.len());
        let alone = MonthInput {
            agents: vec![m.agents[agent].clone()],
            incidents: m
                .incidents
                .iter()
                .filter(|i| i.agent % m.agents.len() == agent)
                .map(|i| IncidentRow { agent: 0, ..i.clone() })
                .collect(),
        };
        let single = report_of(&alone);
        let id = &m.agents[agent].id;
        prop_assert_eq!(single["agents"].as_array().unwrap().len(), 1);
        prop_assert_eq!(common::agent(&single, id), common::agent(&whole, id));
    }
}

/// A deterministic Fisher–Yates shuffle driven by `seed` (splitmix64).
fn shuffle<T>(v: &mut [T], mut seed: u64) {
    let mut next = || {
        seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..v.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

// ---------------------------------------------------------------- generated policies

/// A policy: a header (sometimes missing or broken), generated declarations, and now
/// and then a splice of junk at some byte: the text need not parse, let alone check.
fn policy() -> impl Strategy<Value = String> {
    let header = prop::sample::select(vec![
        "policy \"生成\" {\n  effective 2024-10-01\n  status draft\n}\n",
        "policy \"生成\" {\n  effective 2024-10-01\n  status active\n}\n",
        "policy \"生成\" {\n  status active\n}\n",
        "",
    ]);
    let base =
        "tier 初级 {\n  base = 3000 元\n}\nseverity 重度\nviolation 迟到 {\n  severity 重度\n  points = 1 分\n}\n";
    let junk = prop::sample::select(vec![
        "",
        "(",
        ")",
        "{",
        "}",
        "：",
        "\"",
        "\n",
        " + ",
        "TBD",
        "- -",
        "2024-02-30",
        "\u{3000}",
    ]);
    (header, any::<bool>(), prop::collection::vec(decl(), 0..8), junk, any::<prop::sample::Index>()).prop_map(
        |(h, with_base, decls, junk, at)| {
            let mut text = String::from(h);
            if with_base {
                text.push_str(base);
            }
            for d in decls {
                text.push_str(&d);
                text.push('\n');
            }
            if !junk.is_empty() {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, junk);
            }
            text
        },
    )
}

/// A money expression that checks (over literals, `tier.base` and earlier lets).
fn money_expr(lets: usize) -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (0u32..10_000).prop_map(|n| format!("{n} 元")),
        Just("tier.base".to_string()),
        (0..lets.max(1)).prop_map(move |i| if lets == 0 { "1 元".to_string() } else { format!("L{i}") }),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), prop::sample::select(vec!["+", "-"]), inner.clone())
                .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
            (inner.clone(), 0u32..300).prop_map(|(a, n)| format!("({a}) * {n}%")),
            (inner.clone(), 0u32..5).prop_map(|(a, n)| format!("({a}) / {n}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("max({a}, {b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("if points > 10 分 then {a} else {b}")),
        ]
    })
}

/// A policy that checks, most of the time: the skeleton of a whole policy with a few
/// lets, violations and pay lines whose expressions are well typed; then, now and then,
/// one junk splice that breaks it.
fn valid_policy() -> impl Strategy<Value = String> {
    let lets = (0usize..3).prop_flat_map(|n| (0..n).map(money_expr).collect::<Vec<_>>());
    let violations = prop::collection::vec((1u32..30, prop::option::of(0u32..500)), 1..4);
    let junk = prop::sample::select(vec!["", "", "", "", "(", "}", "TBD", "\u{FF1A}", "let L0 = 1 元\n"]);
    (lets, violations, prop::collection::vec(money_expr(0), 1..4), junk, any::<prop::sample::Index>()).prop_map(
        |(lets, violations, pay, junk, at)| {
            let mut t = String::from(
                "policy \"生成\" {\n  effective 2024-10-01\n  status active\n}\n\
                 incident {\n  cost: money = 0 元\n}\n\
                 tier 初级 {\n  base = 3000 元\n}\ntier 中级 {\n  base = 3500 元\n  requires tenure >= 3 months\n}\n\
                 severity 重度\n",
            );
            for (i, e) in lets.iter().enumerate() {
                t.push_str(&format!("let L{i} = {}\n", e.replace("tier.base", "1 元")));
            }
            for (i, (p, when)) in violations.iter().enumerate() {
                let when = when.map_or(String::new(), |w| format!("  when incident.cost > {w} 元\n"));
                t.push_str(&format!("violation V{i} {{\n  severity 重度\n  points = {p} 分\n{when}}}\n"));
            }
            t.push_str("pay {\n");
            for (i, e) in pay.iter().enumerate() {
                t.push_str(&format!("  P{i} = {e}\n"));
            }
            t.push_str("}\n");
            if !junk.is_empty() {
                let mut at = at.index(t.len() + 1);
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                t.insert_str(at, junk);
            }
            t
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn check_gives_a_program_or_an_error(text in prop_oneof![policy(), valid_policy()]) {
        let checked = check_source(&Source::new("gen.kh", text.clone()));
        let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
        prop_assert!(
            checked.program.is_some() != (errors > 0),
            "program: {}, errors: {errors}\n{text}", checked.program.is_some()
        );
        for d in &checked.diagnostics {
            prop_assert!(d.code.as_str().starts_with("kaohe::"), "code {:?}", d.code);
            // The parser runs on its own thread and a panic there is caught and turned
            // into this generic error: it must never be seen.
            prop_assert!(d.message != "the policy could not be read", "the parser thread failed on\n{text}");
        }
    }
}
