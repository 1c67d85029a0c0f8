//! Every construct of the language in the Chinese dialect evaluates exactly like its
//! English twin. A generated policy that checks, built from every v1 and v2 construct
//! with random figures and random choices among their forms (header, record fields with
//! headers and defaults, a choice field, a declared unit, tiers with requirements,
//! severities with caps, violations with `when`, `compensation`, `fine`, `occurrence` and
//! caps per day, week and month, escalations, lets with aggregates and filters, tables
//! with chained rows and tier values, pay lines with subtotals, rounding to digits, the
//! history functions and `month_number`), is converted to the Chinese dialect by the
//! formatter; both are checked, and both are evaluated on the same generated month of
//! `properties`: their JSON reports are the same, byte for byte.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::str::FromStr;

use kaohe::fmt::format_source_in;
use kaohe::records::{Encoding, Month};
use kaohe::syntax::keywords::Dialect;
use kaohe::{check_source, Program, Source};
use proptest::prelude::*;

use crate::common;
use crate::properties::{agents_csv, incidents_csv, month_input, MonthInput};

/// One of `forms`, as text.
fn one(forms: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop::sample::select(forms).prop_map(str::to_string)
}

/// Sometimes nothing, sometimes one of `forms` (each on a line of its own, indented).
fn maybe(forms: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop::option::of(prop::sample::select(forms)).prop_map(|f| f.map_or(String::new(), |f| format!("  {f}\n")))
}

fn header() -> impl Strategy<Value = String> {
    one(vec![
        "policy \"双语\" {\n  version \"2024-10\"\n  effective 2024-10-01\n  issued_by \"营销部\"\n  interpreted_by \"财务部\"\n  status active\n}\n",
        "/// 文件说明\npolicy \"双语\" {\n  effective 2024-10-01\n  status active\n}\n",
    ])
}

fn records() -> impl Strategy<Value = String> {
    (
        one(vec!["leads_team: bool = false from \"能否带队\"", "leads_team: bool = false"]),
        one(vec![
            "minutes: duration = 0 minutes from \"处理时长\"",
            "minutes: duration = 0 minutes",
        ]),
        one(vec!["cost: money = 0 元 from \"设备价值(元)\"", "cost: money = 0 元"]),
        one(vec!["one of (\"重大\", \"一般\") = \"一般\"", "one of (\"一般\", \"重大\", \"轻微\") = \"一般\""]),
        one(vec!["0 公里", "3 km", "5.5 千米"]),
    )
        .prop_map(|(leads, minutes, cost, choice, distance)| {
            format!(
                "unit 公里 (km, 千米)\nagent {{\n  {leads}\n}}\nincident {{\n  {minutes}\n  {cost}\n  等级: {choice}\n  距离: 公里 = {distance}\n}}\n"
            )
        })
}

/// What a tier may require (never an agent of the generated month's tier can fail to be
/// evaluated: a requirement only decides promotion).
fn requirement() -> impl Strategy<Value = String> {
    maybe(vec![
        "requires tenure >= 3 months",
        "requires tenure >= 1 year",
        "requires tier_tenure >= 6 months",
        "requires agent.leads_team",
        "requires not agent.leads_team or tenure_days > 400 days",
        "requires count(重度) == 0",
        "requires points < 10 分 and tenure >= 2 years",
        "requires streak(points < 5 分) >= 1",
    ])
}

fn tiers() -> impl Strategy<Value = String> {
    (prop::collection::vec((20u32..60, 3u32..15, requirement(), requirement()), 4)).prop_map(|tiers| {
        let names = ["初级客服", "中级客服", "高级客服", "资深客服"];
        let mut out = String::new();
        for (name, (base, perf, r1, r2)) in names.iter().zip(tiers) {
            out.push_str(&format!(
                "tier {name} {{\n  base_salary = {} 元\n  performance_pay = {} 元\n{r1}{r2}}}\n",
                base * 100,
                perf * 100
            ));
        }
        out
    })
}

fn severities() -> impl Strategy<Value = String> {
    (
        maybe(vec!["cap points = 25 分", "cap fine = 40 元", "cap compensation = 500 元 per month"]),
        maybe(vec!["cap points = 6 分 per month", "cap fine = 15 元"]),
    )
        .prop_map(|(heavy, middle)| {
            let heavy = if heavy.is_empty() {
                "severity 重度\n".to_string()
            } else {
                format!("severity 重度 {{\n{heavy}}}\n")
            };
            let middle = if middle.is_empty() {
                "severity 中度\n".to_string()
            } else {
                format!("severity 中度 {{\n{middle}}}\n")
            };
            format!("{heavy}{middle}severity 轻度\n")
        })
}

/// A violation's body after its severity.
fn violation_body() -> impl Strategy<Value = String> {
    (
        1u32..12,
        one(vec![
            "{n} 分",
            "if occurrence >= 2 then {n} 分 else 1 分",
            "{n} 分 * occurrence",
            "round({n} 分 * 50%)",
            "ceil({n} 分 / 3, 1)",
        ]),
        maybe(vec![
            "when incident.minutes > 30 minutes",
            "when incident.cost >= 100 元",
            "when not (incident.minutes <= 10 minutes)",
            "when incident.等级 == \"一般\" or incident.距离 > 5 km",
            "when 0 minutes <= incident.minutes < 2 hours",
            "when agent.leads_team",
            "when tenure >= 6 months and incident.date >= 2024-10-10",
            "when incident.violation == 迟到 or incident.agent != \"A002\"",
            "when if agent.tier == 初级客服 then true else incident.minutes > 5 minutes",
        ]),
        maybe(vec![
            "compensation = incident.cost",
            "compensation = min(incident.cost, 300 元)",
            "compensation = 20% * incident.cost",
        ]),
        maybe(vec![
            "fine = 5 元",
            "fine = if occurrence >= 3 then 10 元 else 5 元",
            "fine = floor(incident.cost * 10%, -1)",
            "fine = 2 元/公里 * incident.距离",
            "fine = max(5 元, tier.performance_pay * 1%)",
        ]),
        maybe(vec![
            "cap fine = 15 元 per day",
            "cap points = 4 分 per week",
            "cap compensation = 200 元",
            "cap points = 2 分 per day",
            "cap fine = tier.performance_pay * 2% per month",
        ]),
    )
        .prop_map(|(n, points, when, compensation, fine, cap)| {
            let points = points.replace("{n}", &n.to_string());
            format!("  points = {points}\n{when}{compensation}{fine}{cap}")
        })
}

fn violations() -> impl Strategy<Value = String> {
    let names = crate::common::BUNDLED_VIOLATIONS;
    let severity = ["重度", "重度", "重度", "重度", "重度", "中度", "中度", "轻度", "轻度"];
    prop::collection::vec(violation_body(), 9).prop_map(move |bodies| {
        let mut out = String::new();
        for ((name, severity), body) in names.iter().zip(severity).zip(bodies) {
            out.push_str(&format!("/// 条款：{name}\nviolation {name} {{\n  severity {severity}\n{body}}}\n"));
        }
        out
    })
}

fn escalations() -> impl Strategy<Value = String> {
    (
        2u32..5,
        one(vec![
            "count(中度) >= {k} or count(轻度) >= 4",
            "distinct(轻度) >= 2",
            "count(迟到 where incident.minutes > 10 minutes) >= 1",
            "sum(私带设备, incident.cost) > 100 元",
            "count(私带设备) >= 1 and not agent.leads_team",
            "sum(迟到, incident.minutes) > 30 minutes",
        ]),
        maybe(vec!["fine = 50 元", "fine = 10 元 * count(迟到)"]),
    )
        .prop_map(|(k, when, fine)| {
            let when = when.replace("{k}", &k.to_string());
            format!("escalation 未良好履行职责 {{\n  severity 重度\n  points = {k} 分\n{fine}  when {when}\n}}\n")
        })
}

fn lets_and_tables() -> impl Strategy<Value = String> {
    (
        2000u32..2600,
        one(vec!["95 分", "90 分"]),
        one(vec!["85 分 <= score < 95 分", "score >= 80 分"]),
        one(vec![
            "sum(私带设备, incident.cost where incident.cost > 0 元)",
            "if count(突发事件超时) > 0 then avg(突发事件超时, incident.cost) else 0 元",
            "if count(私带设备) > 0 then highest(私带设备, incident.cost) - lowest(私带设备, incident.cost) else 0 元",
            "compensation(私带设备) + fine(轻度)",
        ]),
    )
        .prop_map(|(minimum, top, middle, aggregate)| {
            format!(
                "let 最低工资 = {minimum} 元\n\
                 let 设备 = {aggregate}\n\
                 table 绩效系数(score: points) -> number {{\n  score >= {top} => 100%\n  {middle} => 80%\n  score >= 70 分 => 50%\n  else => 0%\n}}\n\
                 table 应定等级(t: period) -> tier {{\n  t >= 2 years => 高级客服\n  t >= 3 months => 中级客服\n  else => 初级客服\n}}\n\
                 table 等级系数(level: one of (\"重大\", \"一般\")) -> number {{\n  level == \"重大\" => 2\n  else => 1\n}}\n"
            )
        })
}

fn pay() -> impl Strategy<Value = String> {
    (
        one(vec![
            "tier.performance_pay * 绩效系数(考核得分)",
            "ceil(tier.performance_pay * 绩效系数(考核得分), -1)",
            "round(tier.performance_pay * 绩效系数(考核得分) / 3, 1) * 等级系数(\"一般\")",
        ]),
        one(vec![
            "min(compensation + latest(结转赔偿, 0 元), 20% * 基本工资)",
            "min(compensation + previous(结转赔偿, 0 元), 20% * 基本工资)",
        ]),
        one(vec![
            "应定等级(tenure).base_salary - tier.base_salary",
            "if month_number == 12 then 100 元 else 0 元",
            "last_months(3, fine) + year_so_far(fine) + 设备",
            "if year_total(count(旷工)) < 3 then 50 元 else 0 元",
            "points(重度) * 10 元/分 + compensation(私带设备)",
        ]),
    )
        .prop_map(|(performance, deduction, extra)| {
            format!(
                "pay {{\n  基本工资 = tier.base_salary\n  考核得分 = max(100 分 - points, 0 分)\n  绩效工资 = {performance}\n  本月赔偿扣款 = {deduction}\n  结转赔偿 = compensation + latest(结转赔偿, 0 元) - 本月赔偿扣款\n  其他 = {extra}\n  降级 = streak(考核得分 < 70 分) >= 3\n  实发工资 = max(基本工资 + 绩效工资 - 本月赔偿扣款 - fine, 最低工资)\n}}\n"
            )
        })
}

/// A whole English-dialect policy that checks.
fn twin_policy() -> impl Strategy<Value = String> {
    (header(), records(), tiers(), severities(), violations(), escalations(), lets_and_tables(), pay())
        .prop_map(|(h, r, t, s, v, e, l, p)| format!("{h}{r}{t}{s}{v}{e}{l}{p}"))
}

fn checked(name: &str, text: &str) -> Program {
    let checked = check_source(&Source::new(name, text.to_string()));
    match checked.program {
        Some(p) => p,
        None => panic!("{name} does not check:\n{}\n{text}", kaohe::diag::render_human(&checked.diagnostics, false)),
    }
}

fn report(program: &Program, m: &MonthInput) -> String {
    let (agents, incidents) = (agents_csv(&m.agents), incidents_csv(&m.agents, &m.incidents));
    match common::evaluate_month(
        program,
        Month::from_str("2024-10").unwrap(),
        ("agents.csv", agents.as_bytes()),
        ("incidents.csv", incidents.as_bytes()),
        Encoding::Auto,
    ) {
        Ok((result, _)) => kaohe::report::month_json(program, &result),
        Err(diags) => format!("errors: {:?}", diags.iter().map(|d| (d.code, d.message.clone())).collect::<Vec<_>>()),
    }
}

/// The report without the clauses it quotes as the file writes them (the `why` of an
/// incident not counted, the `cap` that withheld an amount: `如果 员工.等级 == 初级客服 则 …`,
/// `上限 罚款 = 15 元 每日`), and how many it quoted.
fn without_quoted_clauses(report: &str) -> (serde_json::Value, usize) {
    fn strip(v: &mut serde_json::Value, quoted: &mut usize) {
        match v {
            serde_json::Value::Object(o) => {
                for key in ["why", "cap"] {
                    if o.get(key).is_some_and(serde_json::Value::is_string) {
                        o.remove(key);
                        *quoted += 1;
                    }
                }
                o.values_mut().for_each(|v| strip(v, quoted));
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|v| strip(v, quoted)),
            _ => {}
        }
    }
    let mut json: serde_json::Value = serde_json::from_str(report).unwrap();
    let mut quoted = 0;
    strip(&mut json, &mut quoted);
    (json, quoted)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn every_construct_in_chinese_evaluates_like_its_english_twin(generated in twin_policy(), m in month_input()) {
        checked("generated.kh", &generated);
        // The canonical English text and its Chinese twin have their clauses on the same lines.
        let english = format_source_in(&Source::new("en.kh", generated), Some(Dialect::English)).unwrap();
        let chinese = format_source_in(&Source::new("en.kh", english.clone()), Some(Dialect::Chinese)).unwrap();
        prop_assert!(chinese.starts_with("规定 \"") || chinese.starts_with("/// 文件说明\n规定 \""), "{chinese}");
        // Not one English keyword is left.
        for word in ["policy", "violation", "points", "when", "requires", "severity", "escalation", "pay {", "table", "let"] {
            prop_assert!(!chinese.contains(word), "`{}` left in\n{}", word, chinese);
        }
        prop_assert_eq!(english.lines().count(), chinese.lines().count());
        let (en, zh) = (checked("en.kh", &english), checked("zh.kh", &chinese));
        let (en_report, zh_report) = (report(&en, &m), report(&zh, &m));
        prop_assert!(en_report.starts_with('{'), "{}", en_report);
        let (en_json, zh_json) = (without_quoted_clauses(&en_report), without_quoted_clauses(&zh_report));
        prop_assert_eq!(en_json, zh_json);
    }
}
