//! Language v2 constructs, hand-computed: rounding to digits, tier-valued expressions,
//! time in tier.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::{check_source, Code, Source};

mod common;

const HEAD: &str = r#"policy "v2" {
  effective 2024-01-01
  status active
}
tier 初级 {
  base = 3000 元
}
tier 中级 {
  base = 3500 元
  /// 必须在初级上干满3个月
  requires tier_tenure >= 3 months
}
tier 高级 {
  base = 4200 元
  requires tenure >= 1 year
}
severity 重度
violation 旷工 {
  severity 重度
  points = 10 分
}
"#;

const NO_INCIDENTS: &str = "agent,date,violation\n";

fn codes(text: &str) -> Vec<(Code, String)> {
    check_source(&Source::new("t.kh", text.to_string()))
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.clone()))
        .collect()
}

#[test]
fn rounding_to_digits_in_the_unit_written() {
    let policy = format!(
        "{HEAD}pay {{\n  十位 = floor(399.95 元, -1)\n  一位小数 = round(2.35 元, 1)\n  向上 = ceil(12 分 / 5, 0)\n  百位 = round(1250 元, -2)\n  负数 = floor(-3.21 元, 1)\n}}\n"
    );
    let report =
        common::eval_json(&policy, "2024-10", "id,name,tier,hired_on\nA1,张三,初级,2024-01-15\n", NO_INCIDENTS);
    let pay = &common::agent(&report, "A1")["pay"];
    assert_eq!(pay["十位"], "390.00");
    assert_eq!(pay["一位小数"], "2.40");
    assert_eq!(pay["向上"], "3");
    // Half away from zero: 1250 rounds up to 1300.
    assert_eq!(pay["百位"], "1300.00");
    assert_eq!(pay["负数"], "-3.30");
}

#[test]
fn rounding_digits_must_be_a_whole_literal_and_money_stops_at_the_cent() {
    let bad = |pay: &str| codes(&format!("{HEAD}let n = 2\npay {{\n  {pay}\n}}\n"));
    assert_eq!(
        bad("x = round(1.5 元, 3)"),
        [(Code::TypeMismatch, "money has no digits past the cent: `3` is more than 2".to_string())]
    );
    assert_eq!(
        bad("x = round(1.5 元, n)"),
        [(Code::TypeMismatch, "the digits of `round` must be a whole number written out".to_string())]
    );
    assert_eq!(
        bad("x = floor(1.5, 0.5)"),
        [(Code::TypeMismatch, "the digits of `floor` must be a whole number written out".to_string())]
    );
    // Plain numbers may keep more places.
    assert!(bad("x = round(1.23456, 4)").is_empty());
}

#[test]
fn attributes_of_a_tier_valued_expression() {
    let policy = format!(
        "{HEAD}table 应定等级(月数: period) -> tier {{\n  月数 >= 12 months => 高级\n  月数 >= 3 months => 中级\n  else => 初级\n}}\npay {{\n  应得底薪 = 应定等级(tenure).base\n}}\n"
    );
    let agents = "id,name,tier,hired_on\nA1,张三,初级,2024-08-01\nA2,李四,初级,2023-06-01\nA3,王五,初级,2024-10-02\n";
    let report = common::eval_json(&policy, "2024-10", agents, NO_INCIDENTS);
    // Tenure at 2024-11-01: A1 3 months, A2 17 months, A3 0.
    assert_eq!(common::agent(&report, "A1")["pay"]["应得底薪"], "3500.00");
    assert_eq!(common::agent(&report, "A2")["pay"]["应得底薪"], "4200.00");
    assert_eq!(common::agent(&report, "A3")["pay"]["应得底薪"], "3000.00");
    let wrong = codes(&format!(
        "{HEAD}table 应定等级(月数: period) -> tier {{\n  else => 初级\n}}\npay {{\n  x = 应定等级(tenure).bonus\n}}\n"
    ));
    assert_eq!(wrong, [(Code::Undefined, "`tier` has no attribute `bonus`".to_string())]);
}

#[test]
fn time_in_tier_decides_promotion_and_is_taken_as_holding_for_the_own_tier() {
    let policy = format!("{HEAD}pay {{\n  底薪 = tier.base\n}}\n");
    let agents = "id,name,tier,hired_on,tier_since\n\
        A1,张三,初级,2023-01-10,2024-08-01\n\
        A2,李四,初级,2023-01-10,2024-08-02\n\
        A3,王五,中级,2023-01-10,2024-10-01\n\
        A4,赵六,初级,2024-07-15,\n";
    let report = common::eval_json(&policy, "2024-10", agents, NO_INCIDENTS);
    // At 2024-11-01: A1 has 3 whole months in 初级, A2 2 (08-02 + 3 months is 11-02).
    assert_eq!(common::agent(&report, "A1")["promotion"], "中级");
    assert_eq!(common::agent(&report, "A2")["promotion"], serde_json::Value::Null);
    // A3 holds 中级 since October: the requirement is about the move, which was made.
    assert_eq!(common::agent(&report, "A3")["tier_ok"], true);
    // A4 has no tier_since: it is the hiring date, 07-15 (3 months by 10-15).
    assert_eq!(common::agent(&report, "A4")["promotion"], "中级");
}

#[test]
fn the_explanation_says_a_requirement_on_time_in_tier_was_taken_as_holding() {
    let policy = format!("{HEAD}pay {{\n  底薪 = tier.base\n}}\n");
    let program = common::program(&policy);
    let (result, _) = kaohe::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", "id,name,tier,hired_on,tier_since\nA3,王五,中级,2023-01-10,2024-10-01\n".as_bytes()),
        ("incidents.csv", NO_INCIDENTS.as_bytes()),
        &kaohe::EvalOptions::default(),
    )
    .unwrap();
    let text = kaohe::report::explain_text(&program, "2024-10".parse().unwrap(), &result.agents[0]);
    assert!(
        text.contains("中级 (own tier): `tier_tenure >= 3 months` taken as holding: it is about the move into the tier, which the agent has made"),
        "{text}"
    );
}

#[test]
fn tier_since_before_hiring_or_after_the_month_is_a_record_error() {
    let policy = format!("{HEAD}pay {{\n  底薪 = tier.base\n}}\n");
    let errors = common::eval_errors(
        &policy,
        "2024-10",
        "id,name,tier,hired_on,tier_since\nA1,张三,初级,2024-03-01,2024-02-01\nA2,李四,初级,2024-03-01,2024-11-05\n",
        NO_INCIDENTS,
    );
    let got: Vec<(Code, &str)> = errors.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        got,
        [
            (Code::RecordBadValue, "agent `A1` took the tier on 2024-02-01, before being hired on 2024-03-01"),
            (Code::RecordBadValue, "agent `A2` took the tier on 2024-11-05, after 2024-10"),
        ]
    );
}

#[test]
fn a_v1_policy_may_still_name_a_let_tier_tenure() {
    let policy = format!("{HEAD}let tier_tenure = 5 元\npay {{\n  底薪 = tier.base + tier_tenure\n}}\n");
    // The requirement in 中级 now reads the let, a money value: a type error there, as a
    // v1 policy would have had.
    let found = codes(&policy);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::UnitMismatch);
}

#[test]
fn signed_fields_keep_their_word_through_the_formatter() {
    let text = format!("{HEAD}incident {{\n  调整:   signed   money = 0 元\n}}\npay {{\n  底薪 = tier.base\n}}\n");
    let formatted = kaohe::fmt::format_source(&Source::new("t.kh", text)).unwrap();
    assert!(formatted.contains("  调整: signed money = 0 元\n"), "{formatted}");
    let again = kaohe::fmt::format_source(&Source::new("t.kh", formatted.clone())).unwrap();
    assert_eq!(again, formatted);
}
