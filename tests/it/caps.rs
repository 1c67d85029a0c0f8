//! Caps (contract v2 §3.2, §6 rules 2–3 and 12), hand-computed: per day, week and month on
//! a violation, per month on a severity, and what each withheld in every output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::{Code, Source};

use crate::common;

const POLICY: &str = r#"policy "骑手" {
  effective 2024-01-01
  status active
}
tier 骑手 {
  base = 3000 元
}
severity 时效类 {
  /// 时效类罚款每月不超过 100 元
  cap fine = 100 元
}
severity 其他
violation 超时送达 {
  severity 时效类
  points = 1 分
  fine = 10 元 * occurrence
  /// 每天最多罚 30 元
  cap fine = 30 元 per day
  cap fine = 60 元 per week
}
violation 未带头盔 {
  severity 其他
  points = 2 分
  fine = 50 元
  cap points = 3 分
}
escalation 严重超时 {
  severity 时效类
  when count(超时送达) >= 8
  points = 5 分
  fine = 50 元
}
pay {
  超时罚款 = fine(超时送达)
  时效罚款 = fine(时效类)
  实发 = tier.base - fine
}
"#;

const AGENTS: &str =
    "id,name,tier,hired_on\nR1,张三,骑手,2023-01-01\nR2,李四,骑手,2023-01-01\nR3,王五,骑手,2023-01-01\n";

// R1: 超时送达 ×8, fined 10 × occurrence: 11-04 10+20+30, 11-05 40, 11-06 50 (week of
// Mon 11-04), 11-12 60, 11-13 70, 11-14 80 (week of Mon 11-11).
// R2: 未带头盔 ×2 on 11-30 (a Saturday; its week is cut by the month's end).
const INCIDENTS: &str = "agent,date,violation
R1,2024-11-04,超时送达
R1,2024-11-04,超时送达
R1,2024-11-04,超时送达
R1,2024-11-05,超时送达
R1,2024-11-06,超时送达
R1,2024-11-12,超时送达
R1,2024-11-13,超时送达
R1,2024-11-14,超时送达
R2,2024-11-30,未带头盔
R2,2024-11-30,未带头盔
";

#[test]
fn day_week_and_severity_caps_each_take_what_the_one_before_left() {
    let report = common::eval_json(POLICY, "2024-11", AGENTS, INCIDENTS);
    let r1 = common::agent(&report, "R1");
    // Days: 60 → 30, 40 → 30, 50 → 30 | 60 → 30, 70 → 30, 80 → 30; weeks: 90 → 60 twice;
    // 超时送达 keeps 120.00. 时效类: 120 + the escalation's 50 = 170 → 100.00.
    assert_eq!(r1["fine"], "100.00");
    assert_eq!(r1["points"], "13", "8 occurrences and the escalation's 5: caps never change counts");
    assert_eq!(r1["pay"]["超时罚款"], "120.00", "a violation's subtotal is after its own caps only");
    assert_eq!(r1["pay"]["时效罚款"], "100.00", "a severity's subtotal is after its caps too");
    assert_eq!(r1["pay"]["实发"], "2900.00");
    let v = &r1["violations"][0];
    assert_eq!(
        (v["name"].as_str(), v["count"].as_u64(), v["fine"].as_str()),
        (Some("超时送达"), Some(8), Some("120.00"))
    );
    // Before its caps: 10 + 20 + … + 80 = 360.00; withheld 240.00.
    assert_eq!(v["withheld"]["fine"], "240.00");
    assert_eq!(v["withheld"]["points"], "0");
    let sev = &r1["severities"][0];
    assert_eq!(sev["name"], "时效类");
    assert_eq!(sev["count"], 9);
    assert_eq!(sev["amounts"]["fine"], "100.00");
    assert_eq!(sev["withheld"]["fine"], "70.00");
    let caps = r1["caps"].as_array().unwrap();
    let summary: Vec<(String, String, String, String)> = caps
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (s("on"), s("period"), s("from"), s("withheld"))
        })
        .collect();
    let row = |on: &str, p: &str, from: &str, w: &str| (on.to_string(), p.to_string(), from.to_string(), w.to_string());
    assert_eq!(
        summary,
        vec![
            row("超时送达", "day", "2024-11-04", "30.00"),
            row("超时送达", "day", "2024-11-05", "10.00"),
            row("超时送达", "day", "2024-11-06", "20.00"),
            row("超时送达", "day", "2024-11-12", "30.00"),
            row("超时送达", "day", "2024-11-13", "40.00"),
            row("超时送达", "day", "2024-11-14", "50.00"),
            row("超时送达", "week", "2024-11-04", "30.00"),
            row("超时送达", "week", "2024-11-11", "30.00"),
            row("时效类", "month", "2024-11-01", "70.00"),
        ]
    );
    assert_eq!(caps[0]["cap"], "cap fine = 30 元 per day");
    assert_eq!(caps[0]["line"], 18);
    assert_eq!(caps[8]["cap"], "cap fine = 100 元");
    assert_eq!(caps[8]["line"], 10);
}

#[test]
fn a_points_cap_limits_points_and_leaves_fines_alone() {
    let report = common::eval_json(POLICY, "2024-11", AGENTS, INCIDENTS);
    let r2 = common::agent(&report, "R2");
    // 未带头盔 ×2: points 4 → the month's cap 3; fines 100.00 uncapped.
    assert_eq!(r2["points"], "3");
    assert_eq!(r2["fine"], "100.00");
    assert_eq!(r2["violations"][0]["withheld"]["points"], "1");
    assert_eq!(r2["caps"][0]["period"], "month");
    assert_eq!(r2["caps"][0]["before"], "4");
    assert_eq!(r2["caps"][0]["limit"], "3");
    let r3 = common::agent(&report, "R3");
    assert_eq!(r3["caps"].as_array().unwrap().len(), 0);
    assert_eq!(r3["severities"].as_array().unwrap().len(), 0);
}

#[test]
fn csv_and_explanations_show_what_caps_withheld() {
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    std::fs::write(path("p.kh"), POLICY).unwrap();
    std::fs::write(path("a.csv"), AGENTS).unwrap();
    std::fs::write(path("i.csv"), INCIDENTS).unwrap();
    let (p, a, i) = (path("p.kh"), path("a.csv"), path("i.csv"));
    let base = ["eval", p.as_str(), "--month", "2024-11", "--agents", a.as_str(), "--incidents", i.as_str()];
    let out = common::kaohe(&[&base[..], &["--format", "csv"]].concat());
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.contains(",fine,withheld_points,withheld_fine,escalations,"), "{header}");
    // R1 withheld 240.00 on its violation and 70.00 on its severity.
    assert!(csv.contains("R1,张三,骑手,23,13,0.00,100.00,0,310.00,严重超时,"), "{csv}");
    assert!(csv.contains("R2,李四,骑手,23,3,0.00,100.00,1,0.00,,"), "{csv}");

    let out = common::kaohe(&[&base[..], &["--explain", "R1"]].concat());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("超时送达: `cap fine = 30 元 per day` [line 18]\n      2024-11-04: 60.00 元 → 30.00 元, withheld 30.00 元\n      「每天最多罚 30 元」"), "{text}");
    assert!(text.contains("week from 2024-11-11: 90.00 元 → 60.00 元, withheld 30.00 元"), "{text}");
    assert!(
        text.contains(
            "时效类: `cap fine = 100 元` [line 10]\n      the month: 170.00 元 → 100.00 元, withheld 70.00 元"
        ),
        "{text}"
    );

    let out = common::kaohe(&[&base[..], &["--explain", "R1", "--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["trace"]["caps"][8]["before"], "170.00");
    assert_eq!(json["trace"]["caps"][8]["clause"], "时效类罚款每月不超过 100 元");
}

#[test]
fn a_cap_that_comes_out_below_zero_is_a_run_time_error() {
    let policy =
        POLICY.replace("cap points = 3 分", "cap points = agent.额度\n}\nagent {\n  额度: signed points = 3 分");
    let diags = common::eval_errors(
        &policy,
        "2024-11",
        "id,name,tier,hired_on,额度\nR2,李四,骑手,2023-01-01,-1\n",
        "agent,date,violation\nR2,2024-11-30,未带头盔\n",
    );
    assert_eq!(diags[0].code, Code::RuntimeNegativeCap);
    assert!(diags[0].message.contains("is -1, below zero"), "{}", diags[0].message);
}

#[test]
fn caps_are_checked_where_they_stand() {
    let policy = r#"policy "x" {
  effective 2024-01-01
  status active
}
tier 甲 {
}
severity 时效类 {
  cap fine = 100 元 per day
  points = 3 分
}
violation 超时 {
  severity 时效类
  points = 1 分
  cap fine = incident.date
  cap points = count(超时)
  cap compensation = 5 分
}
escalation 多 {
  severity 时效类
  when count(超时) > 2
  points = 1 分
  cap points = 3 分
}
pay {
  x = points
}
"#;
    let found: Vec<(Code, usize, String)> =
        common::diagnostics(policy).into_iter().map(|(code, line, message, _)| (code, line, message)).collect();
    let at = |line: usize| found.iter().filter(|d| d.1 == line).map(|d| (d.0, d.2.as_str())).collect::<Vec<_>>();
    assert_eq!(at(8), vec![(Code::Scope, "a severity's cap is per month, not per day")]);
    assert_eq!(at(9), vec![(Code::Scope, "severity `时效类` cannot have `points`: its body holds only caps")]);
    assert_eq!(at(14), vec![(Code::Scope, "`incident.date` cannot be used in a cap")]);
    assert_eq!(at(15), vec![(Code::Scope, "`count` cannot be used in a cap")]);
    assert_eq!(at(16).first().map(|d| d.0), Some(Code::UnitMismatch));
    assert_eq!(at(22), vec![(Code::Scope, "escalation `多` cannot have a cap")]);
    assert_eq!(found.len(), 6, "{found:#?}");
}

#[test]
fn caps_format_canonically_and_words_stay_names_elsewhere() {
    let messy = "policy \"x\" {\n  effective 2024-01-01\n  status active\n}\ntier 甲 {\n}\nseverity 时效类 {   cap fine=100 元 }\nviolation 超时 {\n  severity 时效类\n  points = 1 分\n  fine = 5 元\n  cap fine   =   15 元   per   day\n}\npay {\n  per = 1 分\n  day = per + 1 分\n  cap = day\n}\n";
    let formatted = kaohe::fmt::format_source(&Source::new("x.kh", messy.to_string())).unwrap();
    assert!(formatted.contains("severity 时效类 {\n  cap fine = 100 元\n}\n"), "{formatted}");
    assert!(formatted.contains("  cap fine = 15 元 per day\n"), "{formatted}");
    let again = kaohe::fmt::format_source(&Source::new("x.kh", formatted.clone())).unwrap();
    assert_eq!(again, formatted);
    // `per`, `day` and `cap` are names wherever a cap does not expect them.
    let p = common::program(&formatted);
    assert_eq!(p.violations[0].caps.len(), 1);
    assert_eq!(p.severities[0].caps.len(), 1);
    assert_eq!(p.pay.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["per", "day", "cap"]);
}

#[test]
fn a_week_cut_by_the_months_end_in_a_leap_february_gets_the_whole_cap() {
    let policy = r#"policy "x" {
  effective 2024-01-01
  status active
}
tier 骑手 {
  base = 3000 元
}
severity 时效类
violation 超时送达 {
  severity 时效类
  points = 1 分
  fine = 20 元
  cap fine = 30 元 per day
  cap fine = 50 元 per week
}
pay {
  罚款 = fine
}
"#;
    // Week of Mon 02-19: 02-19 20, 02-20 20 → 40 (under 50). Week of Mon 02-26, cut by the
    // month's end on Thu 02-29: 02-26 20, 02-28 40 → 30 (day cap), 02-29 40 → 30 → 80 → 50.
    let incidents = "agent,date,violation\nR1,2024-02-19,超时送达\nR1,2024-02-20,超时送达\nR1,2024-02-26,超时送达\nR1,2024-02-28,超时送达\nR1,2024-02-28,超时送达\nR1,2024-02-29,超时送达\nR1,2024-02-29,超时送达\n";
    let report = common::eval_json(policy, "2024-02", "id,name,tier,hired_on\nR1,张三,骑手,2023-01-01\n", incidents);
    let r1 = common::agent(&report, "R1");
    assert_eq!(r1["fine"], "90.00");
    assert_eq!(r1["points"], "7");
    let caps: Vec<(&str, &str, &str)> = r1["caps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["period"].as_str().unwrap(), c["from"].as_str().unwrap(), c["withheld"].as_str().unwrap()))
        .collect();
    assert_eq!(caps, [("day", "2024-02-28", "10.00"), ("day", "2024-02-29", "10.00"), ("week", "2024-02-26", "30.00")]);
}
