//! Evaluation rules (contract sections 3–6) with hand-computed expectations.
//!
//! Every expected value below was derived by hand from the contract
//! (docs/language.md); the derivation sits next to the assertion.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::*;

use serde_json::{json, Value};

const AGENTS_HEADER: &str = "id,name,tier,hired_on,leads_team\n";
const INCIDENTS_HEADER: &str = "agent,date,violation,minutes,cost\n";

/// The bundled policy with an earlier `effective` date, so that months before 2024-10
/// can be evaluated (a month before the policy is in effect is a record error).
fn bundled_policy_from_2020() -> String {
    let text = bundled_policy();
    assert!(text.contains("effective 2024-10-01"));
    text.replace("effective 2024-10-01", "effective 2020-01-01")
}

/// A minimal policy header for custom policies.
const HEADER: &str = r#"
policy "测试" {
  effective 2020-01-01
  status active
}
"#;

fn custom(body: &str) -> String {
    format!("{HEADER}\n{body}")
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn pay<'a>(a: &'a Value, line: &str) -> &'a str {
    a["pay"][line].as_str().unwrap_or_else(|| panic!("no pay line {line} in {a}"))
}

fn escalations(a: &Value) -> Vec<String> {
    let mut v: Vec<String> = a["escalations"].as_array().unwrap().iter().map(|e| s(e).to_string()).collect();
    v.sort();
    v
}

fn violation_names(a: &Value) -> Vec<String> {
    let mut v: Vec<String> = a["violations"].as_array().unwrap().iter().map(|e| s(&e["name"]).to_string()).collect();
    v.sort();
    v
}

fn violation<'a>(a: &'a Value, name: &str) -> &'a Value {
    a["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no violation {name} in {a}"))
}

// ---------------------------------------------------------------------------------------
// Tenure
// ---------------------------------------------------------------------------------------

#[test]
fn tenure_months_and_promotion_in_october_2024() {
    let agents = format!(
        "{AGENTS_HEADER}\
         T1,甲,初级客服,2024-08-01,\n\
         T2,乙,初级客服,2024-08-02,\n\
         T3,丙,初级客服,2024-01-31,\n\
         T4,丁,初级客服,2024-10-31,\n\
         T5,戊,初级客服,2020-02-29,\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, INCIDENTS_HEADER);

    // Measured to 2024-11-01. 2024-08-01 + 3 months = 2024-11-01 <= 2024-11-01; + 4 months
    // = 2024-12-01 is after → 3. 中级客服 requires tenure >= 3 months → promotion 中级客服.
    let t1 = agent(&r, "T1");
    assert_eq!(t1["tenure_months"], json!(3));
    assert_eq!(t1["promotion"], json!("中级客服"));
    assert_eq!(t1["tier_ok"], json!(true));

    // 2024-08-02 + 3 months = 2024-11-02 > 2024-11-01; + 2 = 2024-10-02 → 2; 2 < 3 → null.
    let t2 = agent(&r, "T2");
    assert_eq!(t2["tenure_months"], json!(2));
    assert_eq!(t2["promotion"], Value::Null);

    // 2024-01-31 + 9 months = 2024-10-31 <= 11-01; + 10 = 2024-11-30 > 11-01 → 9.
    let t3 = agent(&r, "T3");
    assert_eq!(t3["tenure_months"], json!(9));
    assert_eq!(t3["promotion"], json!("中级客服"));

    // Hired on the last day of the month: + 1 month = 2024-11-30 > 11-01 → 0.
    assert_eq!(agent(&r, "T4")["tenure_months"], json!(0));
    assert_eq!(agent(&r, "T4")["promotion"], Value::Null);

    // 2020-02-29 + 56 months = 2024-10-29 <= 11-01; + 57 = 2024-11-29 > → 56.
    assert_eq!(agent(&r, "T5")["tenure_months"], json!(56));
}

#[test]
fn tenure_day_clamp_at_end_of_february() {
    let policy = bundled_policy_from_2020();

    // Leap year: month 2024-02, measured to 2024-03-01.
    let agents = format!(
        "{AGENTS_HEADER}\
         C1,甲,初级客服,2023-11-30,\n\
         C2,乙,初级客服,2023-12-31,\n\
         C3,丙,初级客服,2024-01-31,\n\
         C4,丁,初级客服,2024-02-29,\n"
    );
    let r = eval_json(&policy, "2024-02", &agents, INCIDENTS_HEADER);
    // 2023-11-30 + 3 months = 2024-02-30 → clamped 2024-02-29 <= 03-01; + 4 = 2024-03-30 > → 3.
    // (Without the clamp, 02-30 would roll over to 03-01/03-02.)
    assert_eq!(agent(&r, "C1")["tenure_months"], json!(3));
    assert_eq!(agent(&r, "C1")["promotion"], json!("中级客服"));
    // 2023-12-31 + 2 months = 2024-02-31 → 2024-02-29 <= 03-01; + 3 = 2024-03-31 > → 2.
    // (A roll-over to 2024-03-02 would wrongly give 1.)
    assert_eq!(agent(&r, "C2")["tenure_months"], json!(2));
    // 2024-01-31 + 1 month = 2024-02-29 (clamped) <= 03-01; + 2 = 2024-03-31 > → 1.
    assert_eq!(agent(&r, "C3")["tenure_months"], json!(1));
    // 2024-02-29 + 1 month = 2024-03-29 > 03-01 → 0.
    assert_eq!(agent(&r, "C4")["tenure_months"], json!(0));

    // Non-leap year: month 2023-02, measured to 2023-03-01.
    let agents = format!(
        "{AGENTS_HEADER}\
         D1,甲,初级客服,2022-11-30,\n\
         D2,乙,初级客服,2022-12-31,\n\
         D3,丙,初级客服,2022-11-29,\n"
    );
    let r = eval_json(&policy, "2023-02", &agents, INCIDENTS_HEADER);
    // 2022-11-30 + 3 months = 2023-02-30 → 2023-02-28 <= 03-01 → 3.
    assert_eq!(agent(&r, "D1")["tenure_months"], json!(3));
    // 2022-12-31 + 2 months = 2023-02-31 → 2023-02-28 <= 03-01; + 3 = 2023-03-31 > → 2.
    assert_eq!(agent(&r, "D2")["tenure_months"], json!(2));
    // 2022-11-29 + 3 months = 2023-02-29 → 2023-02-28 <= 03-01 → 3.
    assert_eq!(agent(&r, "D3")["tenure_months"], json!(3));
}

#[test]
fn tenure_first_of_month_boundary_in_leap_and_non_leap_february() {
    let policy = bundled_policy_from_2020();

    // Leap: month 2024-02, measured to 2024-03-01.
    let agents = format!(
        "{AGENTS_HEADER}\
         L1,甲,初级客服,2023-12-01,\n\
         L2,乙,初级客服,2023-12-02,\n"
    );
    let r = eval_json(&policy, "2024-02", &agents, INCIDENTS_HEADER);
    // 2023-12-01 + 3 months = 2024-03-01 <= 2024-03-01 → 3 → promotion 中级客服.
    assert_eq!(agent(&r, "L1")["tenure_months"], json!(3));
    assert_eq!(agent(&r, "L1")["promotion"], json!("中级客服"));
    // 2023-12-02 + 3 months = 2024-03-02 > 03-01 → 2 → no promotion.
    assert_eq!(agent(&r, "L2")["tenure_months"], json!(2));
    assert_eq!(agent(&r, "L2")["promotion"], Value::Null);

    // Non-leap: month 2023-02, measured to 2023-03-01.
    let agents = format!(
        "{AGENTS_HEADER}\
         N1,甲,初级客服,2022-12-01,\n\
         N2,乙,初级客服,2022-12-02,\n"
    );
    let r = eval_json(&policy, "2023-02", &agents, INCIDENTS_HEADER);
    // 2022-12-01 + 3 = 2023-03-01 → 3; 2022-12-02 + 3 = 2023-03-02 > → 2.
    assert_eq!(agent(&r, "N1")["tenure_months"], json!(3));
    assert_eq!(agent(&r, "N2")["tenure_months"], json!(2));
}

#[test]
fn tenure_days_counts_calendar_days_to_the_first_of_next_month() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         pay {\n  天数 = tenure_days\n  月数 = tenure\n}\n",
    );
    let agents = "id,name,tier,hired_on\n\
                  D1,甲,普通,2023-12-01\n\
                  D2,乙,普通,2024-02-29\n";
    let r = eval_json(&policy, "2024-02", agents, "agent,date,violation\n");
    // 2023-12-01 → 2024-03-01: Dec 31 + Jan 31 + Feb 29 (leap) = 91 days.
    assert_eq!(pay(agent(&r, "D1"), "天数"), "91");
    assert_eq!(pay(agent(&r, "D1"), "月数"), "3");
    // 2024-02-29 → 2024-03-01 = 1 day; tenure 0 months.
    assert_eq!(pay(agent(&r, "D2"), "天数"), "1");
    assert_eq!(pay(agent(&r, "D2"), "月数"), "0");

    let agents = "id,name,tier,hired_on\n\
                  E1,甲,普通,2022-12-01\n";
    let r = eval_json(&policy, "2023-02", agents, "agent,date,violation\n");
    // 2022-12-01 → 2023-03-01: 31 + 31 + 28 (non-leap) = 90 days.
    assert_eq!(pay(agent(&r, "E1"), "天数"), "90");

    let agents = "id,name,tier,hired_on\n\
                  F1,甲,普通,2024-08-01\n\
                  F2,乙,普通,2024-10-31\n\
                  F3,丙,普通,2020-02-29\n";
    let r = eval_json(&policy, "2024-10", agents, "agent,date,violation\n");
    // 2024-08-01 → 2024-11-01: Aug 31 + Sep 30 + Oct 31 = 92.
    assert_eq!(pay(agent(&r, "F1"), "天数"), "92");
    // 2024-10-31 → 2024-11-01 = 1.
    assert_eq!(pay(agent(&r, "F2"), "天数"), "1");
    // 2020-02-29 → 2020-03-01 = 1; 2020-03-01 → 2024-03-01 = 4 × 365 + 1 (2024-02-29) = 1461;
    // 2024-03-01 → 2024-11-01 = 31+30+31+30+31+31+30+31 = 245; total 1707.
    assert_eq!(pay(agent(&r, "F3"), "天数"), "1707");
}

// ---------------------------------------------------------------------------------------
// 突发事件超时: when incident.minutes > 30 minutes
// ---------------------------------------------------------------------------------------

#[test]
fn overtime_incident_counts_only_above_thirty_minutes() {
    let agents = format!(
        "{AGENTS_HEADER}\
         M1,甲,初级客服,2024-01-15,\n\
         M2,乙,初级客服,2024-01-15,\n\
         M3,丙,初级客服,2024-01-15,\n\
         M4,丁,初级客服,2024-01-15,\n\
         M5,戊,初级客服,2024-01-15,\n\
         M6,己,初级客服,2024-01-15,\n"
    );
    let incidents = format!(
        "{INCIDENTS_HEADER}\
         M1,2024-10-05,突发事件超时,30,\n\
         M2,2024-10-06,突发事件超时,30.5,\n\
         M3,2024-10-07,突发事件超时,31,\n\
         M4,2024-10-08,突发事件超时,,\n\
         M5,2024-10-09,突发事件超时,1小时,\n\
         M6,2024-10-10,突发事件超时,0.5小时,\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, &incidents);

    // Not counted: 30 minutes (30 > 30 is false), empty (default 0 minutes),
    // 0.5小时 (= 30 minutes). Points 0, score 100 → 100% of 500 → 实发 3500.00.
    for (id, date) in [("M1", "2024-10-05"), ("M4", "2024-10-08"), ("M6", "2024-10-10")] {
        let a = agent(&r, id);
        assert_eq!(a["points"], json!("0"), "{id}");
        assert_eq!(a["violations"], json!([]), "{id}");
        let nc = a["not_counted"].as_array().unwrap();
        assert_eq!(nc.len(), 1, "{id}");
        assert_eq!(nc[0]["violation"], json!("突发事件超时"), "{id}");
        assert_eq!(nc[0]["date"], json!(date), "{id}");
        let why = s(&nc[0]["why"]);
        assert!(
            why.contains("incident.minutes") && why.contains("30"),
            "{id}: why should mention the condition, got `{why}`"
        );
        assert_eq!(pay(a, "实发工资"), "3500.00", "{id}");
    }

    // Counted: 30.5 minutes (bare number → the default's unit, minutes), 31 minutes,
    // 1小时 = 60 minutes. One occurrence, 5 points; score 95 → 100% → 实发 3500.00.
    for id in ["M2", "M3", "M5"] {
        let a = agent(&r, id);
        assert_eq!(a["points"], json!("5"), "{id}");
        assert_eq!(a["not_counted"], json!([]), "{id}");
        assert_eq!(
            a["violations"],
            json!([{"name": "突发事件超时", "severity": "重度", "count": 1, "points": "5", "fine": "0.00"}]),
            "{id}"
        );
        assert_eq!(pay(a, "考核得分"), "95", "{id}");
        assert_eq!(pay(a, "绩效工资"), "500.00", "{id}");
    }
}

// ---------------------------------------------------------------------------------------
// Escalation: 未良好履行职责 when count(中度) >= 2 or count(轻度) >= 4, +15 分
// ---------------------------------------------------------------------------------------

#[test]
fn escalation_fires_on_two_moderate_or_four_minor_and_only_once() {
    let agents = format!(
        "{AGENTS_HEADER}\
         E1,甲,初级客服,2024-01-15,\n\
         E2,乙,初级客服,2024-01-15,\n\
         E3,丙,初级客服,2024-01-15,\n\
         E4,丁,初级客服,2024-01-15,\n\
         E5,戊,初级客服,2024-01-15,\n\
         E6,己,初级客服,2024-01-15,\n"
    );
    let incidents = format!(
        "{INCIDENTS_HEADER}\
         E1,2024-10-01,下单差错,,\n\
         E1,2024-10-02,未反馈顾客需求,,\n\
         E2,2024-10-01,下单差错,,\n\
         E3,2024-10-01,迟到,,\n\
         E3,2024-10-02,迟到,,\n\
         E3,2024-10-03,早退,,\n\
         E4,2024-10-01,迟到,,\n\
         E4,2024-10-02,迟到,,\n\
         E4,2024-10-03,早退,,\n\
         E4,2024-10-04,迟到,,\n\
         E5,2024-10-01,下单差错,,\n\
         E5,2024-10-02,下单差错,,\n\
         E5,2024-10-03,迟到,,\n\
         E5,2024-10-04,迟到,,\n\
         E5,2024-10-05,迟到,,\n\
         E5,2024-10-06,迟到,,\n\
         E6,2024-10-01,下单差错,,\n\
         E6,2024-10-09,下单差错,,\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, &incidents);
    let esc = vec!["未良好履行职责".to_string()];

    // E1: two different moderate (3 + 3) → count(中度) = 2 → fires (+15): 21 points,
    // score 79 → 50% of 500 = 250.00; 实发 3000 + 250 = 3250.00.
    let a = agent(&r, "E1");
    assert_eq!(escalations(a), esc);
    assert_eq!(a["points"], json!("21"));
    assert_eq!(pay(a, "考核得分"), "79");
    assert_eq!(pay(a, "绩效工资"), "250.00");
    assert_eq!(pay(a, "实发工资"), "3250.00");
    // Escalations are not violations.
    assert_eq!(violation_names(a), vec!["下单差错".to_string(), "未反馈顾客需求".to_string()]);

    // E6: the same moderate violation twice → count(中度) = 2 → fires: 3+3+15 = 21.
    let a = agent(&r, "E6");
    assert_eq!(escalations(a), esc);
    assert_eq!(a["points"], json!("21"));
    assert_eq!(violation(a, "下单差错")["count"], json!(2));
    assert_eq!(violation(a, "下单差错")["points"], json!("6"));

    // E2: one moderate → no: 3 points, score 97 → 100% → 500.00; 实发 3500.00.
    let a = agent(&r, "E2");
    assert_eq!(escalations(a), Vec::<String>::new());
    assert_eq!(a["points"], json!("3"));
    assert_eq!(pay(a, "考核得分"), "97");
    assert_eq!(pay(a, "绩效工资"), "500.00");
    assert_eq!(pay(a, "实发工资"), "3500.00");

    // E3: three minor → no: 3 points, score 97 → 500.00.
    let a = agent(&r, "E3");
    assert_eq!(escalations(a), Vec::<String>::new());
    assert_eq!(a["points"], json!("3"));
    assert_eq!(pay(a, "考核得分"), "97");
    assert_eq!(pay(a, "绩效工资"), "500.00");

    // E4: four minor (3 迟到 + 1 早退) → fires: 4 + 15 = 19, score 81 → 50% → 250.00.
    let a = agent(&r, "E4");
    assert_eq!(escalations(a), esc);
    assert_eq!(a["points"], json!("19"));
    assert_eq!(pay(a, "考核得分"), "81");
    assert_eq!(pay(a, "绩效工资"), "250.00");
    assert_eq!(pay(a, "实发工资"), "3250.00");

    // E5: both triggers → fires once: 6 + 4 + 15 = 25, score 75 → 50% → 250.00.
    // (Firing twice would give 40 → score 60 → 0%.)
    let a = agent(&r, "E5");
    assert_eq!(a["escalations"].as_array().unwrap().len(), 1);
    assert_eq!(escalations(a), esc);
    assert_eq!(a["points"], json!("25"));
    assert_eq!(pay(a, "考核得分"), "75");
    assert_eq!(pay(a, "绩效工资"), "250.00");
    assert_eq!(pay(a, "实发工资"), "3250.00");
}

// ---------------------------------------------------------------------------------------
// Compensation
// ---------------------------------------------------------------------------------------

#[test]
fn compensation_is_capped_at_twenty_percent_and_the_rest_carried_over() {
    let agents = format!(
        "{AGENTS_HEADER}\
         P1,甲,初级客服,2024-01-15,\n\
         P2,乙,中级客服,2023-01-01,\n"
    );
    let incidents = format!(
        "{INCIDENTS_HEADER}\
         P1,2024-10-03,私带设备,,1280.35\n\
         P2,2024-10-03,私带设备,,1280.35\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, &incidents);

    // P1 初级客服: cap 20% × 3000.00 = 600.00; deduction min(1280.35, 600.00) = 600.00;
    // carried 1280.35 - 600.00 = 680.35. Points 20 → score 80 → 50% × 500 = 250.00;
    // 实发 max(3000 + 250 - 600, 2420) = 2650.00.
    let a = agent(&r, "P1");
    assert_eq!(a["compensation"], json!("1280.35"));
    assert_eq!(a["points"], json!("20"));
    assert_eq!(pay(a, "基本工资"), "3000.00");
    assert_eq!(pay(a, "本月赔偿扣款"), "600.00");
    assert_eq!(pay(a, "结转赔偿"), "680.35");
    assert_eq!(pay(a, "绩效工资"), "250.00");
    assert_eq!(pay(a, "实发工资"), "2650.00");

    // P2 中级客服: cap 20% × 3500.00 = 700.00; carried 580.35; score 80 → 50% × 800 =
    // 400.00; 实发 3500 + 400 - 700 = 3200.00.
    let a = agent(&r, "P2");
    assert_eq!(pay(a, "本月赔偿扣款"), "700.00");
    assert_eq!(pay(a, "结转赔偿"), "580.35");
    assert_eq!(pay(a, "绩效工资"), "400.00");
    assert_eq!(pay(a, "实发工资"), "3200.00");
}

#[test]
fn compensation_under_the_cap_is_deducted_in_full_and_incidents_sum() {
    let agents = format!(
        "{AGENTS_HEADER}\
         Q1,甲,初级客服,2024-01-15,\n\
         Q2,乙,初级客服,2024-01-15,\n"
    );
    let incidents = format!(
        "{INCIDENTS_HEADER}\
         Q1,2024-10-03,私带设备,,450\n\
         Q2,2024-10-03,私带设备,,300.10\n\
         Q2,2024-10-20,私带设备,,200.25\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, &incidents);

    // Q1: 450.00 < 600.00 → deducted in full, 0.00 carried; 20 points → score 80 → 250.00;
    // 实发 3000 + 250 - 450 = 2800.00.
    let a = agent(&r, "Q1");
    assert_eq!(a["compensation"], json!("450.00"));
    assert_eq!(pay(a, "本月赔偿扣款"), "450.00");
    assert_eq!(pay(a, "结转赔偿"), "0.00");
    assert_eq!(pay(a, "实发工资"), "2800.00");

    // Q2: 300.10 + 200.25 = 500.35 < 600.00 → deducted in full; 2 × 20 = 40 points →
    // score 60 → 0% → 0.00; 实发 max(3000 + 0 - 500.35, 2420) = 2499.65.
    let a = agent(&r, "Q2");
    assert_eq!(a["compensation"], json!("500.35"));
    assert_eq!(a["points"], json!("40"));
    assert_eq!(
        a["violations"],
        json!([{"name": "私带设备", "severity": "重度", "count": 2, "points": "40", "fine": "0.00"}])
    );
    assert_eq!(pay(a, "本月赔偿扣款"), "500.35");
    assert_eq!(pay(a, "结转赔偿"), "0.00");
    assert_eq!(pay(a, "绩效工资"), "0.00");
    assert_eq!(pay(a, "实发工资"), "2499.65");
}

#[test]
fn minimum_wage_floor_applies_after_compensation() {
    let agents = format!("{AGENTS_HEADER}W1,甲,初级客服,2024-01-15,\n");
    let incidents = format!(
        "{INCIDENTS_HEADER}\
         W1,2024-10-03,私带设备,,1000\n\
         W1,2024-10-04,旷工,,\n\
         W1,2024-10-05,旷工,,\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, &incidents);
    // Points 20 + 10 + 10 = 40 → score 60 → 0% → 绩效工资 0.00. Deduction
    // min(1000.00, 600.00) = 600.00, carried 400.00. 3000 + 0 - 600 = 2400 < 2420 → 2420.00.
    let a = agent(&r, "W1");
    assert_eq!(a["points"], json!("40"));
    assert_eq!(pay(a, "考核得分"), "60");
    assert_eq!(pay(a, "绩效工资"), "0.00");
    assert_eq!(pay(a, "本月赔偿扣款"), "600.00");
    assert_eq!(pay(a, "结转赔偿"), "400.00");
    assert_eq!(pay(a, "实发工资"), "2420.00");
}

// ---------------------------------------------------------------------------------------
// 绩效系数 boundaries
// ---------------------------------------------------------------------------------------

#[test]
fn performance_coefficient_boundaries() {
    let agents = format!(
        "{AGENTS_HEADER}\
         S95,甲,初级客服,2024-01-15,\n\
         S85,乙,初级客服,2024-01-15,\n\
         S70,丙,初级客服,2024-01-15,\n\
         S69,丁,初级客服,2024-01-15,\n\
         S0,戊,初级客服,2024-01-15,\n"
    );
    let mut incidents = format!(
        "{INCIDENTS_HEADER}\
         S95,2024-10-01,带外人进入工作区,,\n\
         S85,2024-10-01,旷工,,\n\
         S85,2024-10-02,带外人进入工作区,,\n\
         S70,2024-10-01,旷工,,\n\
         S70,2024-10-02,旷工,,\n\
         S70,2024-10-03,旷工,,\n\
         S69,2024-10-01,旷工,,\n\
         S69,2024-10-02,旷工,,\n\
         S69,2024-10-03,旷工,,\n\
         S69,2024-10-04,迟到,,\n"
    );
    for day in 1..=11 {
        incidents.push_str(&format!("S0,2024-10-{day:02},旷工,,\n"));
    }
    let r = eval_json(&bundled_policy(), "2024-10", &agents, &incidents);

    // 5 points → 95 → 100% × 500 = 500.00 → 3500.00.
    let a = agent(&r, "S95");
    assert_eq!(pay(a, "考核得分"), "95");
    assert_eq!(pay(a, "绩效工资"), "500.00");
    assert_eq!(pay(a, "实发工资"), "3500.00");
    // 10 + 5 = 15 → 85 → 80% → 400.00 → 3400.00.
    let a = agent(&r, "S85");
    assert_eq!(pay(a, "考核得分"), "85");
    assert_eq!(pay(a, "绩效工资"), "400.00");
    assert_eq!(pay(a, "实发工资"), "3400.00");
    // 30 → 70 → 50% → 250.00 → 3250.00.
    let a = agent(&r, "S70");
    assert_eq!(pay(a, "考核得分"), "70");
    assert_eq!(pay(a, "绩效工资"), "250.00");
    assert_eq!(pay(a, "实发工资"), "3250.00");
    // 30 + 1 = 31 → 69 → 0% → 0.00 → 3000.00 (one minor: no escalation).
    let a = agent(&r, "S69");
    assert_eq!(a["points"], json!("31"));
    assert_eq!(pay(a, "考核得分"), "69");
    assert_eq!(pay(a, "绩效工资"), "0.00");
    assert_eq!(pay(a, "实发工资"), "3000.00");
    // 11 × 10 = 110 points → max(100 - 110, 0) = 0 → 0% → 3000.00.
    let a = agent(&r, "S0");
    assert_eq!(a["points"], json!("110"));
    assert_eq!(pay(a, "考核得分"), "0");
    assert_eq!(pay(a, "实发工资"), "3000.00");
}

// ---------------------------------------------------------------------------------------
// Money rounding
// ---------------------------------------------------------------------------------------

#[test]
fn money_rounds_half_away_from_zero_after_each_operation() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         pay {\n\
           x = 500.01 元 * 50%\n\
           y = 0.05 元 * 10%\n\
           z = 10 元 / 3\n\
           w = 100.01 元 * 50% * 2\n\
           v = 10 元 / 3 * 3\n\
           n = -500.01 元 * 50%\n\
           m = 0.01 元 * 50%\n\
           k = 2 元 / 3\n\
         }\n",
    );
    let agents = "id,name,tier,hired_on\nR1,甲,普通,2024-01-01\n";
    let r = eval_json(&policy, "2024-10", agents, "agent,date,violation\n");
    let a = agent(&r, "R1");
    // 500.01 × 0.5 = 250.005 → half away from zero → 250.01 (banker's would give 250.00).
    assert_eq!(pay(a, "x"), "250.01");
    // 0.05 × 0.10 = 0.005 → 0.01.
    assert_eq!(pay(a, "y"), "0.01");
    // 10 / 3 = 3.333… → 3.33.
    assert_eq!(pay(a, "z"), "3.33");
    // (100.01 × 0.5 = 50.005 → 50.01) × 2 = 100.02 (not 100.01).
    assert_eq!(pay(a, "w"), "100.02");
    // (10 / 3 → 3.33) × 3 = 9.99.
    assert_eq!(pay(a, "v"), "9.99");
    // (-500.01) × 0.5 = -250.005 → away from zero → -250.01.
    assert_eq!(pay(a, "n"), "-250.01");
    // 0.01 × 0.5 = 0.005 → 0.01.
    assert_eq!(pay(a, "m"), "0.01");
    // 2 / 3 = 0.666… → 0.67.
    assert_eq!(pay(a, "k"), "0.67");
}

// ---------------------------------------------------------------------------------------
// tier_ok and promotion
// ---------------------------------------------------------------------------------------

#[test]
fn tier_ok_and_promotion_depend_on_leads_team() {
    let agents = format!(
        "{AGENTS_HEADER}\
         G1,甲,高级客服,2022-01-01,是\n\
         G2,乙,高级客服,2022-01-01,否\n\
         G3,丙,高级客服,2022-01-01,\n\
         G4,丁,高级客服,2022-01-01,true\n\
         G5,戊,高级客服,2023-01-01,是\n\
         G6,己,高级客服,2022-01-01,YES\n\
         G7,庚,高级客服,2022-01-01,0\n\
         Z1,辛,资深客服,2020-01-01,是\n\
         Z2,壬,资深客服,2020-01-01,否\n\
         Z3,癸,资深客服,2023-06-01,TRUE\n\
         Z4,子,资深客服,2020-01-01,\n\
         M1,丑,中级客服,2024-09-01,是\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, INCIDENTS_HEADER);

    // 高级客服 hired 2022-01-01: tenure to 2024-11-01 = 34 months (>= 12 → tier_ok; >= 24).
    // Promotion to 资深客服 also needs agent.leads_team.
    for (id, promo) in [
        ("G1", json!("资深客服")), // 是 → true
        ("G2", Value::Null),       // 否 → false
        ("G3", Value::Null),       // empty → default false
        ("G4", json!("资深客服")), // true
        ("G6", json!("资深客服")), // YES (any case) → true
        ("G7", Value::Null),       // 0 → false
    ] {
        let a = agent(&r, id);
        assert_eq!(a["tenure_months"], json!(34), "{id}");
        assert_eq!(a["tier_ok"], json!(true), "{id}");
        assert_eq!(a["promotion"], promo, "{id}");
    }
    // G5: hired 2023-01-01 → 22 months: tier_ok (>= 12) but 22 < 24 → no promotion.
    let a = agent(&r, "G5");
    assert_eq!(a["tenure_months"], json!(22));
    assert_eq!(a["tier_ok"], json!(true));
    assert_eq!(a["promotion"], Value::Null);

    // 资深客服 is the last tier: never a promotion.
    // Z1: 58 months and leads the team → tier_ok.
    assert_eq!(agent(&r, "Z1")["tier_ok"], json!(true));
    assert_eq!(agent(&r, "Z1")["promotion"], Value::Null);
    // Z2: 否 → tier_ok false.
    assert_eq!(agent(&r, "Z2")["tier_ok"], json!(false));
    assert_eq!(agent(&r, "Z2")["promotion"], Value::Null);
    // Z3: 2023-06-01 → 17 months < 24 → tier_ok false even though leads the team.
    assert_eq!(agent(&r, "Z3")["tenure_months"], json!(17));
    assert_eq!(agent(&r, "Z3")["tier_ok"], json!(false));
    assert_eq!(agent(&r, "Z3")["promotion"], Value::Null);
    // Z4: empty → false → tier_ok false.
    assert_eq!(agent(&r, "Z4")["tier_ok"], json!(false));

    // M1 中级客服 hired 2024-09-01: tenure 2 < 3 → tier_ok false; 高级 needs 12 → null.
    let a = agent(&r, "M1");
    assert_eq!(a["tenure_months"], json!(2));
    assert_eq!(a["tier_ok"], json!(false));
    assert_eq!(a["promotion"], Value::Null);
}

// ---------------------------------------------------------------------------------------
// Custom policy features
// ---------------------------------------------------------------------------------------

#[test]
fn distinct_and_count_of_violations_and_severities() {
    let policy = custom(
        "incident {\n  minutes: duration = 0 minutes\n}\n\
         tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 重\n\
         severity 轻\n\
         violation 迟到 {\n  severity 轻\n  points = 1 分\n}\n\
         violation 早退 {\n  severity 轻\n  points = 1 分\n  when incident.minutes >= 10 minutes\n}\n\
         violation 旷工 {\n  severity 重\n  points = 10 分\n}\n\
         escalation 屡次迟到 {\n  severity 轻\n  points = 5 分\n  when count(迟到) >= 3\n}\n\
         pay {\n\
           轻种类 = distinct(轻)\n\
           重种类 = distinct(重)\n\
           迟到次数 = count(迟到)\n\
           早退次数 = count(早退)\n\
           轻次数 = count(轻)\n\
           总分 = points\n\
         }\n",
    );
    let agents = "id,name,tier,hired_on\nB1,甲,普通,2024-01-01\nB2,乙,普通,2024-01-01\n";
    let incidents = "agent,date,violation,minutes\n\
                     B1,2024-10-01,迟到,\n\
                     B1,2024-10-02,迟到,\n\
                     B1,2024-10-03,迟到,\n\
                     B1,2024-10-04,早退,5\n\
                     B2,2024-10-01,迟到,\n\
                     B2,2024-10-02,早退,15\n\
                     B2,2024-10-03,旷工,\n";
    let r = eval_json(&policy, "2024-10", agents, incidents);

    // B1: 迟到 ×3 counted; 早退 at 5 minutes is not counted (5 < 10). The escalation
    // fires (count(迟到) = 3 >= 3) and counts as one 轻 occurrence but is not a violation:
    // distinct(轻) = 1 (only 迟到), count(迟到) = 3, count(早退) = 0, count(轻) = 3 + 1 = 4,
    // distinct(重) = 0, points 3 + 5 = 8.
    let a = agent(&r, "B1");
    assert_eq!(pay(a, "轻种类"), "1");
    assert_eq!(pay(a, "重种类"), "0");
    assert_eq!(pay(a, "迟到次数"), "3");
    assert_eq!(pay(a, "早退次数"), "0");
    assert_eq!(pay(a, "轻次数"), "4");
    assert_eq!(pay(a, "总分"), "8");
    assert_eq!(escalations(a), vec!["屡次迟到".to_string()]);
    assert_eq!(a["not_counted"].as_array().unwrap().len(), 1);

    // B2: 迟到, 早退 (15 >= 10, counted), 旷工: distinct(轻) = 2, distinct(重) = 1,
    // count(轻) = 2, no escalation; points 1 + 1 + 10 = 12.
    let a = agent(&r, "B2");
    assert_eq!(pay(a, "轻种类"), "2");
    assert_eq!(pay(a, "重种类"), "1");
    assert_eq!(pay(a, "迟到次数"), "1");
    assert_eq!(pay(a, "早退次数"), "1");
    assert_eq!(pay(a, "轻次数"), "2");
    assert_eq!(pay(a, "总分"), "12");
    assert_eq!(escalations(a), Vec::<String>::new());
}

#[test]
fn let_depending_on_points_with_rates_and_if_then_else() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 轻\n\
         violation 迟到 {\n  severity 轻\n  points = 1 分\n}\n\
         violation 旷工 {\n  severity 轻\n  points = 4 分\n}\n\
         let 扣分金额 = 20 元/分 * points\n\
         let 合格 = points <= 5 分\n\
         pay {\n\
           基本 = tier.base_salary\n\
           扣款 = 扣分金额\n\
           奖金 = if 合格 then 200 元 else 0 元\n\
           等级 = if points == 0 分 then 3 else if points <= 5 分 then 2 else 1\n\
           实发 = 基本 - 扣款 + 奖金\n\
         }\n",
    );
    let agents = "id,name,tier,hired_on\nL1,甲,普通,2024-01-01\nL2,乙,普通,2024-01-01\nL3,丙,普通,2024-01-01\n";
    let incidents = "agent,date,violation\n\
                     L1,2024-10-01,迟到\n\
                     L1,2024-10-02,旷工\n\
                     L2,2024-10-01,旷工\n\
                     L2,2024-10-02,旷工\n\
                     L2,2024-10-03,旷工\n";
    let r = eval_json(&policy, "2024-10", agents, incidents);

    // L1: 1 + 4 = 5 points; 扣款 20 元/分 × 5 分 = 100.00; 5 <= 5 → 奖金 200.00;
    // 等级: not 0, <= 5 → 2; 实发 1000 - 100 + 200 = 1100.00.
    let a = agent(&r, "L1");
    assert_eq!(a["points"], json!("5"));
    assert_eq!(pay(a, "扣款"), "100.00");
    assert_eq!(pay(a, "奖金"), "200.00");
    assert_eq!(pay(a, "等级"), "2");
    assert_eq!(pay(a, "实发"), "1100.00");

    // L2: 12 points; 扣款 240.00; 奖金 0.00; 等级 1; 实发 1000 - 240 + 0 = 760.00.
    let a = agent(&r, "L2");
    assert_eq!(a["points"], json!("12"));
    assert_eq!(pay(a, "扣款"), "240.00");
    assert_eq!(pay(a, "奖金"), "0.00");
    assert_eq!(pay(a, "等级"), "1");
    assert_eq!(pay(a, "实发"), "760.00");

    // L3: 0 points; 扣款 0.00; 奖金 200.00; 等级 3; 实发 1200.00.
    let a = agent(&r, "L3");
    assert_eq!(pay(a, "扣款"), "0.00");
    assert_eq!(pay(a, "等级"), "3");
    assert_eq!(pay(a, "实发"), "1200.00");
}

#[test]
fn round_floor_ceil_to_whole_units() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 轻\n\
         violation 迟到 {\n  severity 轻\n  points = 1 分\n}\n\
         pay {\n\
           r1 = round(10 元 / 4)\n\
           r2 = floor(10 元 / 3)\n\
           r3 = ceil(10 元 / 3)\n\
           r4 = round(2.5)\n\
           r5 = round(-2.5)\n\
           r6 = floor(-2.5)\n\
           r7 = ceil(-2.5)\n\
           p1 = round(points / 4)\n\
           p2 = floor(points / 4)\n\
           p3 = ceil(points / 4)\n\
           c1 = ceil(100.01 元)\n\
           c2 = floor(99.99 元)\n\
           c3 = round(2.49)\n\
         }\n",
    );
    let agents = "id,name,tier,hired_on\nU1,甲,普通,2024-01-01\n";
    let mut incidents = String::from("agent,date,violation\n");
    for day in 1..=10 {
        incidents.push_str(&format!("U1,2024-10-{day:02},迟到\n"));
    }
    let r = eval_json(&policy, "2024-10", agents, &incidents);
    let a = agent(&r, "U1");
    // 10 / 4 = 2.50 元 → round half away → 3 元.
    assert_eq!(pay(a, "r1"), "3.00");
    // 10 / 3 = 3.33 元 → floor 3 元, ceil 4 元.
    assert_eq!(pay(a, "r2"), "3.00");
    assert_eq!(pay(a, "r3"), "4.00");
    // Plain numbers to integers: round(2.5) = 3, round(-2.5) = -3, floor(-2.5) = -3,
    // ceil(-2.5) = -2.
    assert_eq!(pay(a, "r4"), "3");
    assert_eq!(pay(a, "r5"), "-3");
    assert_eq!(pay(a, "r6"), "-3");
    assert_eq!(pay(a, "r7"), "-2");
    // 10 points / 4 = 2.5 分 → round 3 分, floor 2 分, ceil 3 分.
    assert_eq!(pay(a, "p1"), "3");
    assert_eq!(pay(a, "p2"), "2");
    assert_eq!(pay(a, "p3"), "3");
    // ceil(100.01 元) = 101 元; floor(99.99 元) = 99 元; round(2.49) = 2.
    assert_eq!(pay(a, "c1"), "101.00");
    assert_eq!(pay(a, "c2"), "99.00");
    assert_eq!(pay(a, "c3"), "2");
}

#[test]
fn table_with_two_parameters_first_matching_row_wins() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 轻\n\
         violation 旷工 {\n  severity 轻\n  points = 10 分\n}\n\
         table 奖金表(score: points, 年资: period) -> money {\n\
           score >= 95 分 and 年资 >= 1 year => 300 元\n\
           score >= 95 分 => 200 元\n\
           年资 >= 1 year => 100 元\n\
           else => 0 元\n\
         }\n\
         pay {\n  奖金 = 奖金表(100 分 - points, tenure)\n}\n",
    );
    let agents = "id,name,tier,hired_on\n\
                  K1,甲,普通,2023-11-01\n\
                  K2,乙,普通,2023-11-02\n\
                  K3,丙,普通,2023-11-01\n\
                  K4,丁,普通,2023-11-02\n";
    let incidents = "agent,date,violation\nK3,2024-10-01,旷工\nK4,2024-10-01,旷工\n";
    let r = eval_json(&policy, "2024-10", agents, incidents);
    // K1: 2023-11-01 + 12 months = 2024-11-01 → tenure 12 = 1 year; score 100 → row 1: 300.
    assert_eq!(agent(&r, "K1")["tenure_months"], json!(12));
    assert_eq!(pay(agent(&r, "K1"), "奖金"), "300.00");
    // K2: 2023-11-02 → tenure 11 < 12; score 100 → row 2: 200.
    assert_eq!(agent(&r, "K2")["tenure_months"], json!(11));
    assert_eq!(pay(agent(&r, "K2"), "奖金"), "200.00");
    // K3: tenure 12, score 90 → row 3: 100.
    assert_eq!(pay(agent(&r, "K3"), "奖金"), "100.00");
    // K4: tenure 11, score 90 → else: 0.
    assert_eq!(pay(agent(&r, "K4"), "奖金"), "0.00");
}

#[test]
fn duration_field_with_hours_default_reads_bare_numbers_as_hours() {
    let policy = custom(
        "incident {\n  hours: duration = 0 hours\n}\n\
         tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 轻\n\
         violation 至少 {\n  severity 轻\n  points = 1 分\n  when incident.hours >= 150 minutes\n}\n\
         violation 至多 {\n  severity 轻\n  points = 1 分\n  when incident.hours <= 150 minutes\n}\n\
         violation 按半小时 {\n  severity 轻\n  points = incident.hours / 30 minutes * 1 分\n}\n\
         pay {\n  总分 = points\n}\n",
    );
    let agents = "id,name,tier,hired_on\nH1,甲,普通,2024-01-01\nH2,乙,普通,2024-01-01\nH3,丙,普通,2024-01-01\n";
    let incidents = "agent,date,violation,hours\n\
                     H1,2024-10-01,至少,2.5\n\
                     H1,2024-10-02,至多,2.5\n\
                     H2,2024-10-01,至少,2.49\n\
                     H2,2024-10-02,至多,2.51\n\
                     H2,2024-10-03,至少,\n\
                     H3,2024-10-01,按半小时,2.5\n\
                     H3,2024-10-02,按半小时,1小时\n\
                     H3,2024-10-03,按半小时,45 minutes\n";
    let r = eval_json(&policy, "2024-10", agents, incidents);

    // H1: bare 2.5 → 2.5 hours = 150 minutes: >= 150 and <= 150 both hold → 2 points.
    let a = agent(&r, "H1");
    assert_eq!(a["points"], json!("2"));
    assert_eq!(a["not_counted"], json!([]));
    // H2: 2.49 h = 149.4 min (not >= 150); 2.51 h = 150.6 min (not <= 150); empty → 0 hours
    // (not >= 150). None counted.
    let a = agent(&r, "H2");
    assert_eq!(a["points"], json!("0"));
    assert_eq!(a["not_counted"].as_array().unwrap().len(), 3);
    // H3: 150 min / 30 min = 5 → 5 分; 60 / 30 = 2 → 2 分; 45 / 30 = 1.5 → 1.5 分;
    // total 8.5.
    let a = agent(&r, "H3");
    assert_eq!(violation(a, "按半小时")["count"], json!(3));
    assert_eq!(a["points"], json!("8.5"));
}

#[test]
fn escalation_counting_another_escalations_severity_runs_after_it() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 甲\n\
         severity 乙\n\
         severity 丙\n\
         violation 迟到 {\n  severity 丙\n  points = 1 分\n}\n\
         escalation B {\n  severity 乙\n  points = 10 分\n  when count(甲) >= 1\n}\n\
         escalation A {\n  severity 甲\n  points = 5 分\n  when count(迟到) >= 2\n}\n\
         pay {\n\
           总分 = points\n\
           甲数 = count(甲)\n\
           乙数 = count(乙)\n\
           丙数 = count(丙)\n\
         }\n",
    );
    let agents = "id,name,tier,hired_on\nX1,甲,普通,2024-01-01\nX2,乙,普通,2024-01-01\n";
    let incidents = "agent,date,violation\nX1,2024-10-01,迟到\nX1,2024-10-02,迟到\nX2,2024-10-01,迟到\n";
    let r = eval_json(&policy, "2024-10", agents, incidents);

    // X1: count(迟到) = 2 → A fires (severity 甲, +5); B is declared first but depends on
    // count(甲), so it runs after A: count(甲) = 1 → B fires (+10). Points 2 + 5 + 10 = 17.
    let a = agent(&r, "X1");
    assert_eq!(escalations(a), vec!["A".to_string(), "B".to_string()]);
    assert_eq!(a["points"], json!("17"));
    assert_eq!(pay(a, "总分"), "17");
    assert_eq!(pay(a, "甲数"), "1");
    assert_eq!(pay(a, "乙数"), "1");
    assert_eq!(pay(a, "丙数"), "2");

    // X2: one 迟到 → neither fires; 1 point.
    let a = agent(&r, "X2");
    assert_eq!(escalations(a), Vec::<String>::new());
    assert_eq!(a["points"], json!("1"));
    assert_eq!(pay(a, "甲数"), "0");
}

#[test]
fn date_comparisons_in_when_and_points() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 轻\n\
         violation 下半月迟到 {\n  severity 轻\n  points = 1 分\n  when incident.date >= 2024-10-15\n}\n\
         violation 迟到 {\n  severity 轻\n  points = if incident.date >= 2024-10-15 then 2 分 else 1 分\n}\n\
         pay {\n  总分 = points\n  次数 = count(下半月迟到)\n}\n",
    );
    let agents = "id,name,tier,hired_on\nY1,甲,普通,2024-01-01\n";
    let incidents = "agent,date,violation\n\
                     Y1,2024-10-14,下半月迟到\n\
                     Y1,2024-10-15,下半月迟到\n\
                     Y1,2024-10-31,下半月迟到\n\
                     Y1,2024-10-14,迟到\n\
                     Y1,2024-10-15,迟到\n";
    let r = eval_json(&policy, "2024-10", agents, incidents);
    let a = agent(&r, "Y1");
    // 下半月迟到: 10-14 not counted; 10-15 and 10-31 counted → 2 occurrences, 2 points.
    assert_eq!(pay(a, "次数"), "2");
    assert_eq!(violation(a, "下半月迟到")["points"], json!("2"));
    let nc = a["not_counted"].as_array().unwrap();
    assert_eq!(nc.len(), 1);
    assert_eq!(nc[0]["violation"], json!("下半月迟到"));
    assert_eq!(nc[0]["date"], json!("2024-10-14"));
    // 迟到: 10-14 → 1 分, 10-15 → 2 分 → 3 points.
    assert_eq!(violation(a, "迟到")["count"], json!(2));
    assert_eq!(violation(a, "迟到")["points"], json!("3"));
    // Total 2 + 3 = 5.
    assert_eq!(a["points"], json!("5"));
    assert_eq!(pay(a, "总分"), "5");
}

// ---------------------------------------------------------------------------------------
// Input order and file formats
// ---------------------------------------------------------------------------------------

#[test]
fn agents_in_input_order_and_incidents_anywhere_in_the_file() {
    let agents = format!(
        "{AGENTS_HEADER}\
         A003,王五,初级客服,2024-01-15,\n\
         A001,张三,初级客服,2024-01-15,\n\
         A002,李四,中级客服,2023-05-01,\n"
    );
    let incidents = format!(
        "{INCIDENTS_HEADER}\
         A001,2024-10-20,旷工,,\n\
         A002,2024-10-03,迟到,,\n\
         A003,2024-10-04,带外人进入工作区,,\n\
         A001,2024-10-02,旷工,,\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, &incidents);
    let ids: Vec<&str> = r["agents"].as_array().unwrap().iter().map(|a| s(&a["id"])).collect();
    assert_eq!(ids, vec!["A003", "A001", "A002"]);
    // A001: two 旷工 (first and last rows) → 20 points, score 80 → 50% → 250.00 → 3250.00.
    let a = agent(&r, "A001");
    assert_eq!(a["points"], json!("20"));
    assert_eq!(violation(a, "旷工")["count"], json!(2));
    assert_eq!(pay(a, "实发工资"), "3250.00");
    // A002 中级客服: 1 point → 99 → 100% × 800 → 3500 + 800 = 4300.00.
    assert_eq!(pay(agent(&r, "A002"), "实发工资"), "4300.00");
    // A003: 5 points → 95 → 100% → 3500.00.
    assert_eq!(pay(agent(&r, "A003"), "实发工资"), "3500.00");
}

#[test]
fn json_input_gives_the_same_result_as_csv() {
    let policy = bundled_policy();
    let agents_csv = format!(
        "{AGENTS_HEADER}\
         A001,张三,初级客服,2024-01-15,\n\
         A002,李四,高级客服,2022-01-01,是\n"
    );
    let incidents_csv = format!(
        "{INCIDENTS_HEADER}\
         A001,2024-10-03,私带设备,,1280.35\n\
         A001,2024-10-05,突发事件超时,45,\n\
         A002,2024-10-06,突发事件超时,30,\n"
    );
    let from_csv = eval_json(&policy, "2024-10", &agents_csv, &incidents_csv);

    let agents_json = r#"[
      {"id": "A001", "name": "张三", "tier": "初级客服", "hired_on": "2024-01-15"},
      {"id": "A002", "name": "李四", "tier": "高级客服", "hired_on": "2022-01-01", "leads_team": true}
    ]"#;
    let incidents_json = r#"[
      {"agent": "A001", "date": "2024-10-03", "violation": "私带设备", "cost": 1280.35},
      {"agent": "A001", "date": "2024-10-05", "violation": "突发事件超时", "minutes": 45},
      {"agent": "A002", "date": "2024-10-06", "violation": "突发事件超时", "minutes": 30}
    ]"#;
    let p = program(&policy);
    let (result, _) = common::evaluate_month(
        &p,
        "2024-10".parse().unwrap(),
        ("agents.json", agents_json.as_bytes()),
        ("incidents.json", incidents_json.as_bytes()),
        kaohe::records::Encoding::Auto,
    )
    .unwrap_or_else(|d| panic!("evaluation failed:\n{}", kaohe::diag::render_human(&d, false)));
    let from_json: Value = serde_json::from_str(&kaohe::report::month_json(&p, &result)).unwrap();

    assert_eq!(from_json, from_csv);

    // And the values themselves. A001: 私带设备 20 + 超时 (45 > 30) 5 = 25 points → 75 →
    // 50% → 250.00; compensation 1280.35 exact; deduction 600.00, carried 680.35;
    // 实发 3000 + 250 - 600 = 2650.00.
    let a = agent(&from_json, "A001");
    assert_eq!(a["compensation"], json!("1280.35"));
    assert_eq!(a["points"], json!("25"));
    assert_eq!(pay(a, "结转赔偿"), "680.35");
    assert_eq!(pay(a, "实发工资"), "2650.00");
    // A002: 30 minutes → not counted; 34 months and leads the team → promotion 资深客服;
    // 4200 + 1000 = 5200.00.
    let a = agent(&from_json, "A002");
    assert_eq!(a["not_counted"].as_array().unwrap().len(), 1);
    assert_eq!(a["promotion"], json!("资深客服"));
    assert_eq!(pay(a, "实发工资"), "5200.00");
}

// ---------------------------------------------------------------------------------------
// Runtime errors
// ---------------------------------------------------------------------------------------

#[test]
fn division_by_zero_is_a_runtime_error_naming_the_agent() {
    let policy = custom(
        "agent {\n  人数: number = 0\n}\n\
         tier 普通 {\n  base_salary = 1000 元\n}\n\
         pay {\n  人均 = 1000 元 / agent.人数\n}\n",
    );
    let agents = "id,name,tier,hired_on,人数\nOK1,甲,普通,2024-01-01,4\nZERO7,乙,普通,2024-01-01,0\n";
    let diags = eval_errors(&policy, "2024-10", agents, "agent,date,violation\n");
    let d = diags
        .iter()
        .find(|d| d.code.as_str() == "kaohe::runtime::division_by_zero")
        .unwrap_or_else(|| panic!("no division_by_zero in {diags:?}"));
    assert!(d.message.contains("ZERO7"), "message should name the agent: `{}`", d.message);
    assert!(!d.message.contains("OK1"), "message names the wrong agent: `{}`", d.message);

    // With no zero, the same policy evaluates: 1000 / 4 = 250.00.
    let agents = "id,name,tier,hired_on,人数\nOK1,甲,普通,2024-01-01,4\n";
    let r = eval_json(&policy, "2024-10", agents, "agent,date,violation\n");
    assert_eq!(pay(agent(&r, "OK1"), "人均"), "250.00");
}

// ---------------------------------------------------------------------------------------
// More rules
// ---------------------------------------------------------------------------------------

#[test]
fn promotion_boundaries_at_one_and_two_years() {
    let agents = format!(
        "{AGENTS_HEADER}\
         J1,甲,中级客服,2023-11-01,\n\
         J2,乙,中级客服,2023-11-02,\n\
         J3,丙,高级客服,2022-11-01,是\n\
         J4,丁,高级客服,2022-11-02,是\n"
    );
    let r = eval_json(&bundled_policy(), "2024-10", &agents, INCIDENTS_HEADER);
    // J1: 2023-11-01 + 12 months = 2024-11-01 → 12 >= 1 year → 高级客服; tier_ok (12 >= 3).
    assert_eq!(agent(&r, "J1")["tenure_months"], json!(12));
    assert_eq!(agent(&r, "J1")["promotion"], json!("高级客服"));
    assert_eq!(agent(&r, "J1")["tier_ok"], json!(true));
    // J2: 11 months → null.
    assert_eq!(agent(&r, "J2")["tenure_months"], json!(11));
    assert_eq!(agent(&r, "J2")["promotion"], Value::Null);
    // J3: 24 months = 2 years and leads the team → 资深客服.
    assert_eq!(agent(&r, "J3")["tenure_months"], json!(24));
    assert_eq!(agent(&r, "J3")["promotion"], json!("资深客服"));
    // J4: 23 months → null.
    assert_eq!(agent(&r, "J4")["tenure_months"], json!(23));
    assert_eq!(agent(&r, "J4")["promotion"], Value::Null);
}

#[test]
fn violation_points_and_compensation_evaluated_only_for_occurrences() {
    // An incident whose `when` is false must not evaluate `points` or `compensation`
    // (contract §4), so a division by zero there is never reached.
    let policy = custom(
        "incident {\n  n: number = 0\n}\n\
         tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 轻\n\
         violation V {\n  severity 轻\n  points = 10 分 / incident.n\n  when incident.n > 0\n  compensation = 100 元 / incident.n\n}\n\
         pay {\n  总分 = points\n  赔偿 = compensation\n}\n",
    );
    let agents = "id,name,tier,hired_on\nV1,甲,普通,2024-01-01\n";
    let incidents = "agent,date,violation,n\nV1,2024-10-01,V,0\nV1,2024-10-02,V,4\nV1,2024-10-03,V,3\n";
    let r = eval_json(&policy, "2024-10", agents, incidents);
    let a = agent(&r, "V1");
    // n = 0: not counted. n = 4: 10/4 = 2.5 分, 100/4 = 25.00 元. n = 3: 10/3 分 (exact
    // decimal, points are not rounded), 100/3 = 33.33 元. Compensation 25.00 + 33.33 = 58.33.
    assert_eq!(a["not_counted"].as_array().unwrap().len(), 1);
    assert_eq!(violation(a, "V")["count"], json!(2));
    assert_eq!(a["compensation"], json!("58.33"));
    assert_eq!(pay(a, "赔偿"), "58.33");
    // 2.5 + 3.333… = 5.8333…
    assert!(s(&a["points"]).starts_with("5.8333"), "points {}", a["points"]);
}

#[test]
fn escalation_is_evaluated_for_agents_without_incidents() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         severity 轻\n\
         severity 重\n\
         violation 迟到 {\n  severity 轻\n  points = 1 分\n}\n\
         escalation 未打卡 {\n  severity 重\n  points = 2 分 * count(迟到) + 1 分\n  when count(迟到) == 0 or count(迟到) >= 3\n}\n\
         pay {\n  总分 = points\n}\n",
    );
    let agents = "id,name,tier,hired_on\nN1,甲,普通,2024-01-01\nN2,乙,普通,2024-01-01\nN3,丙,普通,2024-01-01\n";
    let incidents =
        "agent,date,violation\nN2,2024-10-01,迟到\nN3,2024-10-01,迟到\nN3,2024-10-02,迟到\nN3,2024-10-03,迟到\n";
    let r = eval_json(&policy, "2024-10", agents, incidents);
    // N1: no incidents, count 0 → fires with 2 × 0 + 1 = 1 分.
    assert_eq!(escalations(agent(&r, "N1")), vec!["未打卡".to_string()]);
    assert_eq!(agent(&r, "N1")["points"], json!("1"));
    // N2: one → does not fire; 1 分.
    assert_eq!(escalations(agent(&r, "N2")), Vec::<String>::new());
    assert_eq!(agent(&r, "N2")["points"], json!("1"));
    // N3: three → fires with 2 × 3 + 1 = 7; 3 + 7 = 10.
    assert_eq!(agent(&r, "N3")["points"], json!("10"));
}

#[test]
fn money_over_money_is_an_unrounded_number_and_table_cells_round() {
    let policy = custom(
        "tier 普通 {\n  base_salary = 1000 元\n}\n\
         table 补贴(x: number) -> money {\n  x > 1 => 100.01 元 * 50%\n  else => 1 元 / 8\n}\n\
         pay {\n\
           比例 = 1 元 / 8 元\n\
           a = 补贴(2)\n\
           b = 补贴(0)\n\
           c = 1000 元 * (1 元 / 8 元)\n\
           d = points * 20 元/分 + 10 元\n\
         }\n",
    );
    let agents = "id,name,tier,hired_on\nT1,甲,普通,2024-01-01\n";
    let r = eval_json(&policy, "2024-10", agents, "agent,date,violation\n");
    let a = agent(&r, "T1");
    // 1 元 / 8 元 = 0.125, a number: not rounded to cents.
    assert_eq!(pay(a, "比例"), "0.125");
    // 100.01 × 0.5 = 50.005 → 50.01.
    assert_eq!(pay(a, "a"), "50.01");
    // 1 / 8 = 0.125 元 → 0.13 (half away from zero).
    assert_eq!(pay(a, "b"), "0.13");
    // 1000 × 0.125 = 125.00.
    assert_eq!(pay(a, "c"), "125.00");
    // A rate written after the quantity: 0 分 × 20 元/分 = 0.00; + 10 元 = 10.00.
    assert_eq!(pay(a, "d"), "10.00");
}

#[test]
fn a_let_inside_a_requirement_reads_the_requirements_tier() {
    // `门槛值` reads `tier.门槛`; in 中级's requirement it is 中级's 3 months, not the
    // agent's own tier's 0 months, so 2 months of tenure is no promotion.
    let policy = custom(
        "tier 初级 {\n  门槛 = 0 months\n}\n\
         tier 中级 {\n  门槛 = 3 months\n  requires tenure >= 门槛值\n}\n\
         let 门槛值 = tier.门槛\n\
         pay {\n  自己的门槛 = 门槛值\n}\n",
    );
    let agents = "id,name,tier,hired_on\nA,甲,初级,2024-08-15\nB,乙,初级,2024-07-15\n";
    let r = eval_json(&policy, "2024-10", agents, "agent,date,violation\n");
    // A: hired 08-15, tenure to 11-01 is 2 months < 3 → no promotion.
    assert_eq!(agent(&r, "A")["promotion"], Value::Null);
    // B: 3 months → 中级.
    assert_eq!(agent(&r, "B")["promotion"], json!("中级"));
    // In a pay line the let is the agent's own tier's value: 0 months.
    assert_eq!(pay(agent(&r, "A"), "自己的门槛"), "0");
}
