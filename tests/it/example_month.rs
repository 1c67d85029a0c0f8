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

/// Every condition of the sample month that did not hold is explained with its values:
/// each requirement that failed, each escalation that did not fire, each promotion not
/// granted (the next tier's first failed requirement).
#[test]
fn the_explanations_state_every_failed_condition_with_its_values() {
    let (program, result) = month();
    let (mut requirements, mut escalations, mut promotions) = (0, 0, 0);
    for a in &result.agents {
        let json: serde_json::Value = serde_json::from_str(&report::explain_json(&program, result.month, a)).unwrap();
        let text = report::explain_text(&program, result.month, a);
        for r in json["trace"]["requirements"].as_array().unwrap() {
            if r["holds"] == false {
                let why = r["why_not"].as_str().unwrap_or_else(|| panic!("{}: {r}", a.id));
                assert!(why.contains(" = ") || why.ends_with("= false"), "{}: {why}", a.id);
                assert!(text.contains(&format!("does not hold: {why}")), "{}: {text}", a.id);
                requirements += 1;
            }
        }
        for e in json["trace"]["escalations"].as_array().unwrap() {
            if e["fired"] == false {
                let why = e["why_not"].as_str().unwrap_or_else(|| panic!("{}: {e}", a.id));
                assert!(
                    why.starts_with("count(中度) = ") && why.contains(" < 2, and count(轻度) = "),
                    "{}: {why}",
                    a.id
                );
                assert!(text.contains(&format!("did not fire: {why}")), "{}", a.id);
                escalations += 1;
            }
        }
        let has_next = a.tier + 1 < program.tiers.len();
        if a.promotion.is_none() && has_next {
            let why = json["trace"]["promotion_why_not"].as_str().unwrap_or_else(|| panic!("{}", a.id));
            assert!(text.contains(&format!("promotion: none ({why})")), "{}", a.id);
            promotions += 1;
        }
        // The table row behind the performance pay, with the score that chose it.
        let performance = &json["trace"]["pay"][2];
        assert_eq!(performance["line"], "绩效工资");
        let call = &performance["tables"][0];
        assert_eq!(call["table"], "绩效系数", "{}", a.id);
        assert_eq!(call["args"][0]["param"], "score");
        assert_eq!(
            call["args"][0]["value"],
            json["trace"]["pay"][1]["value"].as_str().map(|v| format!("{v} 分")).unwrap()
        );
    }
    assert!(requirements > 0 && escalations > 0 && promotions > 0, "{requirements} {escalations} {promotions}");
    // A002 was hired 2024-08-02: two whole months at 2024-11-01.
    let a002 = result.agents.iter().find(|a| a.id == "A002").unwrap();
    let text = report::explain_text(&program, result.month, a002);
    assert!(text.contains(
        "→ tier_ok: true; promotion: none (中级客服 requires `tenure >= 3 months`: tenure = 2 months < 3 months)"
    ));
    assert!(text.contains("未良好履行职责 (重度): did not fire: count(中度) = 0 < 2, and count(轻度) = 0 < 4"));
    assert!(text.contains("      绩效系数(score = 100 分): row `score >= 95 分` (line 138) → 100%"), "{text}");
}
