//! The sample month `examples/2024-10` under the bundled policy: every output format
//! snapshotted, and the figures that demonstrate each rule asserted by value.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::eval::MonthResult;
use kaohe::records::Encoding;
use kaohe::{report, Program};

use crate::common;

fn month() -> (Program, MonthResult) {
    let program = common::program(&common::bundled_policy());
    let root = env!("CARGO_MANIFEST_DIR");
    let agents = std::fs::read(format!("{root}/examples/2024-10/agents.csv")).unwrap();
    let incidents = std::fs::read(format!("{root}/examples/2024-10/incidents.csv")).unwrap();
    let (result, warnings) = common::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("examples/2024-10/agents.csv", &agents),
        ("examples/2024-10/incidents.csv", &incidents),
        Encoding::Auto,
    )
    .unwrap_or_else(|d| panic!("{}", kaohe::diag::render_human(&d, false)));
    assert!(warnings.is_empty());
    (program, result)
}

#[test]
fn figures_that_show_each_rule() {
    let (program, result) = month();
    let json: serde_json::Value = serde_json::from_str(&report::month_json(&program, &result)).unwrap();
    let a = |id: &str| common::agent(&json, id).clone();
    // Tenure exactly 3 months → promotion; one day short → none.
    assert_eq!(a("A001")["tenure_months"], 3);
    assert_eq!(a("A001")["promotion"], "中级客服");
    assert_eq!(a("A002")["tenure_months"], 2);
    assert_eq!(a("A002")["promotion"], serde_json::Value::Null);
    // 资深客服 who does not lead a team does not meet the own tier.
    assert_eq!(a("A007")["tier_ok"], false);
    // Exactly two moderate violations: the escalation fires, 15 points more.
    assert_eq!(a("A013")["escalations"], serde_json::json!(["未良好履行职责"]));
    assert_eq!(a("A013")["points"], "23");
    assert_eq!(a("A014")["escalations"], serde_json::json!([]));
    // Four minor fire it, three do not.
    assert_eq!(a("A015")["escalations"], serde_json::json!(["未良好履行职责"]));
    assert_eq!(a("A016")["escalations"], serde_json::json!([]));
    // 3999.99 of equipment: 600.00 deducted (20% of 3000), 3399.99 carried over,
    // 3000 + 0 − 600 = 2400 lifted to the minimum wage 2420.
    assert_eq!(a("A019")["compensation"], "3999.99");
    assert_eq!(a("A019")["pay"]["本月赔偿扣款"], "600.00");
    assert_eq!(a("A019")["pay"]["结转赔偿"], "3399.99");
    assert_eq!(a("A019")["pay"]["实发工资"], "2420.00");
    // 1280.35 for a 高级客服: cap 840.00, 440.35 carried; 4200 + 500 − 840 = 3860.
    assert_eq!(a("A020")["pay"]["本月赔偿扣款"], "840.00");
    assert_eq!(a("A020")["pay"]["结转赔偿"], "440.35");
    assert_eq!(a("A020")["pay"]["实发工资"], "3860.00");
    // 30 minutes is not over 30: not counted, and the report says why.
    let nc = &a("A022")["not_counted"][0];
    assert_eq!(nc["violation"], "突发事件超时");
    assert_eq!(nc["why"], "`incident.minutes > 30 minutes` is false: incident.minutes = 30 minutes");
    // Score exactly 95 → 100%, exactly 85 → 80%, 84 → 50%.
    assert_eq!(a("A025")["pay"]["绩效工资"], "500.00");
    assert_eq!(a("A026")["pay"]["绩效工资"], "640.00");
    assert_eq!(a("A027")["pay"]["绩效工资"], "500.00");
    // Agents come out in input order.
    let ids: Vec<&str> = json["agents"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 30);
    assert_eq!(ids.first(), Some(&"A001"));
    assert_eq!(ids.last(), Some(&"A030"));
}

#[test]
fn json_report() {
    let (program, result) = month();
    insta::assert_snapshot!(report::month_json(&program, &result));
}

#[test]
fn csv_report() {
    let (program, result) = month();
    let csv = report::month_csv(&program, &result, false);
    assert!(csv.starts_with(
        "id,name,tier,tenure_months,points,compensation,fine,escalations,promotion,tier_ok,重度,中度,轻度,基本工资,"
    ));
    assert!(report::month_csv(&program, &result, true).starts_with('\u{feff}'));
    insta::assert_snapshot!(csv);
}

#[test]
fn table_report() {
    let (program, result) = month();
    insta::assert_snapshot!(report::month_table(&program, &result));
}

#[test]
fn explanation_of_one_agent() {
    let (program, result) = month();
    let a019 = result.agents.iter().find(|a| a.id == "A019").unwrap();
    insta::assert_snapshot!("explain_A019", report::explain_text(&program, result.month, a019));
    let a022 = result.agents.iter().find(|a| a.id == "A022").unwrap();
    insta::assert_snapshot!("explain_A022", report::explain_text(&program, result.month, a022));
    let json: serde_json::Value = serde_json::from_str(&report::explain_json(&program, result.month, a019)).unwrap();
    assert_eq!(json["trace"]["pay"][5]["line"], "实发工资");
    assert_eq!(json["trace"]["pay"][5]["value"], "2420.00");
}
