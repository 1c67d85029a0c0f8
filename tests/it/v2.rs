//! Language v2 constructs, hand-computed: rounding to digits, tier-valued expressions,
//! time in tier.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::{check_source, Code, Source};

use crate::common;

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

/// The diagnostics, but for declarations of the shared head a case leaves unused.
fn codes(text: &str) -> Vec<(Code, String)> {
    check_source(&Source::new("t.kh", text.to_string()))
        .diagnostics
        .iter()
        .filter(|d| d.code != Code::Unused)
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

const RIDER: &str = r#"policy "骑手" {
  effective 2024-01-01
  status active
}
incident {
  超时: duration = 0 minutes
}
tier 骑手 {
  base = 3000 元
}
severity 服务类
/// 当月第3次起超时, 每次罚款加倍
violation 超时送达 {
  severity 服务类
  points = 1 分
  fine = if occurrence >= 3 then 10 元 else 5 元
  when incident.超时 > 0 minutes
}
escalation 多次超时 {
  severity 服务类
  points = 2 分
  fine = 20 元
  when count(超时送达) >= 4
}
pay {
  罚款 = fine
  服务类扣分 = points(服务类)
  超时罚款 = fine(超时送达)
  服务类罚款 = fine(服务类)
  实发 = tier.base - fine
}
"#;

#[test]
fn occurrences_are_ranked_by_date_then_input_order_and_fines_kept_apart() {
    // Input order: a 0-minute incident (not counted, so unranked), then 10-03, 10-01,
    // 10-01, 10-05, 10-02. Ranks: 10-01 (1st row) 1, 10-01 (2nd) 2, 10-02 3, 10-03 4,
    // 10-05 5. Fines 5 + 5 + 10 + 10 + 10 = 40 元; the escalation fires (5 >= 4): 20 元,
    // 2 分. Points 5 + 2 = 7 分, fine 60 元, compensation none.
    let incidents = "agent,date,violation,超时\nR1,2024-10-01,超时送达,0\nR1,2024-10-03,超时送达,5\nR1,2024-10-01,超时送达,3\nR1,2024-10-01,超时送达,4\nR1,2024-10-05,超时送达,9\nR1,2024-10-02,超时送达,1\n";
    let report = common::eval_json(RIDER, "2024-10", "id,name,tier,hired_on\nR1,李骑,骑手,2024-01-01\n", incidents);
    let a = common::agent(&report, "R1");
    assert_eq!(a["points"], "7");
    assert_eq!(a["fine"], "60.00");
    assert_eq!(a["compensation"], "0.00");
    assert_eq!(a["violations"][0]["fine"], "40.00");
    assert_eq!(a["pay"]["罚款"], "60.00");
    assert_eq!(a["pay"]["服务类扣分"], "7");
    assert_eq!(a["pay"]["超时罚款"], "40.00");
    assert_eq!(a["pay"]["服务类罚款"], "60.00");
    assert_eq!(a["pay"]["实发"], "2940.00");
}

#[test]
fn worked_examples_expect_fines_and_subtotals() {
    let policy = format!(
        "{RIDER}test \"第3次起加倍\" {{\n  month 2024-10\n  agent R1 {{ name = \"李骑\", tier = 骑手, hired_on = 2024-01-01 }}\n  incident R1 {{ date = 2024-10-02, violation = 超时送达, 超时 = 5 minutes }}\n  incident R1 {{ date = 2024-10-01, violation = 超时送达, 超时 = 5 minutes }}\n  incident R1 {{ date = 2024-10-03, violation = 超时送达, 超时 = 5 minutes }}\n  expect R1.fine == 20 元\n  expect R1.fine(超时送达) == 20 元\n  expect R1.points(服务类) == 3 分\n  expect R1.compensation(服务类) == 0 元\n  expect R1.罚款 == 21 元\n}}\n"
    );
    let program = common::program(&policy);
    let outcomes = kaohe::worked::run_examples(&program);
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].passed, 4);
    assert_eq!(outcomes[0].failures.len(), 1);
    assert_eq!(outcomes[0].failures[0].message, "`R1.罚款 == 21 元` does not hold: the month gives 20.00 元");
}

#[test]
fn occurrence_has_its_place_and_subtotals_take_a_violation_or_a_severity() {
    let with = |item: &str, pay: &str| {
        let text =
            RIDER.replace("  when incident.超时 > 0 minutes\n", &format!("  when incident.超时 > 0 minutes\n{item}"));
        let text = text.replace("  实发 = tier.base - fine\n", &format!("  实发 = tier.base - fine\n{pay}"));
        codes(&text)
    };
    let when = RIDER.replace("when incident.超时 > 0 minutes", "when occurrence > 1");
    assert_eq!(codes(&when), [(Code::Scope, "`occurrence` cannot be used in a violation's `when`".to_string())]);
    assert_eq!(
        with("", "  x = occurrence\n"),
        [(Code::Scope, "`occurrence` cannot be used in a pay line".to_string())]
    );
    assert_eq!(
        with("", "  x = fine(骑手)\n"),
        [(Code::TypeMismatch, "`fine` is taken over a violation or a severity".to_string())]
    );
    assert_eq!(with("", "  x = points(超时)\n"), [(Code::Undefined, "`超时` is not defined".to_string())]);
    // A fine is money; in a violation it may not read the month's totals.
    assert_eq!(
        with("  compensation = fine\n", ""),
        [(Code::Scope, "`fine` cannot be used in a violation".to_string())]
    );
}

#[test]
fn a_v1_let_named_fine_keeps_its_meaning() {
    let text = format!("{HEAD}let fine = 5 元\npay {{\n  底薪 = tier.base - fine\n}}\n");
    let report = common::eval_json(&text, "2024-10", "id,name,tier,hired_on\nA1,张三,初级,2024-01-15\n", NO_INCIDENTS);
    assert_eq!(common::agent(&report, "A1")["pay"]["底薪"], "2995.00");
    assert_eq!(common::agent(&report, "A1")["fine"], "0.00");
}

#[test]
fn fines_occurrence_and_subtotals_round_trip_through_the_formatter() {
    let formatted = kaohe::fmt::format_source(&Source::new("t.kh", RIDER.to_string())).unwrap();
    assert!(formatted.contains("  fine   = if occurrence >= 3 then 10 元 else 5 元\n"), "{formatted}");
    assert!(formatted.contains("服务类扣分 = points(服务类)"), "{formatted}");
    let again = kaohe::fmt::format_source(&Source::new("t.kh", formatted.clone())).unwrap();
    assert_eq!(again, formatted);
    let before = kaohe::syntax::parse(&Source::new("a.kh", RIDER.to_string())).0;
    let after = kaohe::syntax::parse(&Source::new("b.kh", formatted)).0;
    assert!(before.is_some() && before == after, "formatting changed the tree");
}

const QA: &str = r#"policy "质检" {
  effective 2024-01-01
  status active
}
incident {
  得分: number = 0
  扣款: money = 0 元
}
tier 坐席 {
  base = 3000 元
}
severity 质检类
violation 质检 {
  severity 质检类
  points = 0 分
}
let 质检均分 = if count(质检) > 0 then avg(质检, incident.得分) else 0
pay {
  均分 = 质检均分
  合计 = sum(质检, incident.得分)
  最低 = if count(质检) > 0 then lowest(质检, incident.得分) else 0
  最高 = if count(质检) > 0 then highest(质检类, incident.得分) else 0
  平均扣款 = if count(质检) > 0 then avg(质检, incident.扣款) else 0 元
}
"#;

#[test]
fn aggregates_over_the_months_occurrences() {
    let agents = "id,name,tier,hired_on\nQ1,甲,坐席,2024-01-01\nQ2,乙,坐席,2024-01-01\n";
    let incidents = "agent,date,violation,得分,扣款\nQ1,2024-10-02,质检,80,10.00\nQ1,2024-10-09,质检,95,20.01\nQ1,2024-10-16,质检,89,0\n";
    let report = common::eval_json(QA, "2024-10", agents, incidents);
    let q1 = &common::agent(&report, "Q1")["pay"];
    // (80 + 95 + 89) / 3 = 88; money averages to the cent: 30.01 / 3 = 10.0033… → 10.00.
    assert_eq!(q1["均分"], "88");
    assert_eq!(q1["合计"], "264");
    assert_eq!(q1["最低"], "80");
    assert_eq!(q1["最高"], "95");
    assert_eq!(q1["平均扣款"], "10.00");
    // No occurrence: guarded, every figure is the guard's; a sum of nothing is zero.
    let q2 = &common::agent(&report, "Q2")["pay"];
    assert_eq!(
        (q2["均分"].as_str(), q2["合计"].as_str(), q2["平均扣款"].as_str()),
        (Some("0"), Some("0"), Some("0.00"))
    );
}

#[test]
fn an_average_of_nothing_unguarded_is_a_runtime_error_naming_the_agent() {
    let policy = QA.replace("  均分 = 质检均分\n", "  均分 = avg(质检, incident.得分)\n");
    let errors = common::eval_errors(
        &policy,
        "2024-10",
        "id,name,tier,hired_on\nQ2,乙,坐席,2024-01-01\n",
        "agent,date,violation\n",
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::RuntimeEmpty);
    assert_eq!(errors[0].message, "agent `Q2`: `avg(质检, incident.得分)` has no occurrence to take it over");
}

#[test]
fn aggregates_have_their_places() {
    let with_pay = |line: &str| codes(&QA.replace("  均分 = 质检均分\n", &format!("  均分 = 质检均分\n  {line}\n")));
    assert_eq!(
        with_pay("x = sum(质检, incident.date)"),
        [(Code::TypeMismatch, "`sum` adds up numbers or quantities, not date".to_string())]
    );
    assert_eq!(
        with_pay("x = sum(质检, points)"),
        [(Code::Scope, "`points` cannot be used in the expression of an aggregate".to_string())]
    );
    let in_violation = QA.replace("  points = 0 分\n", "  points = 0 分\n  compensation = sum(质检, incident.扣款)\n");
    assert_eq!(codes(&in_violation), [(Code::Scope, "`sum` cannot be used in a violation".to_string())]);
    // A v1 policy's table named `sum` keeps its meaning.
    let table =
        QA.replace("let 质检均分", "table sum(a: number, b: number) -> number {\n  else => a + b\n}\nlet 质检均分");
    let table = table.replace("  合计 = sum(质检, incident.得分)\n", "  合计 = sum(1, 2)\n");
    assert!(codes(&table).is_empty(), "{:?}", codes(&table));
}

#[test]
fn chained_comparisons_read_as_ranges() {
    let policy = format!(
        "{HEAD}incident {{\n  金额: money = 0 元\n}}\nseverity 业务\nviolation 成交 {{\n  severity 业务\n  points = 0 分\n}}\ntable 提成比例(额: money) -> number {{\n  额 >= 100000 元 => 5%\n  50000 元 <= 额 < 100000 元 => 3%\n  0 元 <= 额 < 50000 元 => 1%\n  else => 0%\n}}\npay {{\n  销售额 = sum(成交, incident.金额)\n  提成 = 销售额 * 提成比例(销售额)\n  区间内 = 100 元 > 销售额 >= 0 元\n}}\n"
    );
    let agents = "id,name,tier,hired_on\nS1,甲,初级,2024-01-01\nS2,乙,初级,2024-01-01\nS3,丙,初级,2024-01-01\n";
    let incidents = "agent,date,violation,金额\nS1,2024-10-01,成交,30000\nS1,2024-10-02,成交,20000\nS2,2024-10-01,成交,99999.99\nS3,2024-10-03,成交,60\n";
    let report = common::eval_json(&policy, "2024-10", agents, incidents);
    // S1: exactly 50,000 is in the 3% row: 1500.00. S2: 99,999.99 × 3% = 2999.9997 → 3000.00.
    assert_eq!(common::agent(&report, "S1")["pay"]["提成"], "1500.00");
    assert_eq!(common::agent(&report, "S2")["pay"]["提成"], "3000.00");
    assert_eq!(common::agent(&report, "S3")["pay"]["提成"], "0.60");
    assert_eq!(common::agent(&report, "S3")["pay"]["区间内"], true);
    assert_eq!(common::agent(&report, "S1")["pay"]["区间内"], false);
    let formatted = kaohe::fmt::format_source(&Source::new("t.kh", policy)).unwrap();
    assert!(formatted.contains("50000 元 <= 额 < 100000 元 => 3%"), "{formatted}");
}

const COMPLAINTS: &str = r#"policy "投诉" {
  effective 2024-01-01
  status active
}
incident {
  等级: text = "一般"
  得分: number = 0
}
tier 坐席 {
  base = 3000 元
}
severity 服务类
violation 投诉 {
  severity 服务类
  points = 2 分
}
violation 态度 {
  severity 服务类
  points = 1 分
}
let 重大投诉数 = count(投诉 where incident.等级 == "重大")
escalation 重大投诉 {
  severity 服务类
  points = 10 分
  when 重大投诉数 >= 2
}
pay {
  重大 = 重大投诉数
  服务类重大 = count(服务类 where incident.等级 == "重大")
  种类 = distinct(服务类 where incident.等级 == "重大")
  重大得分 = sum(投诉, incident.得分 where incident.等级 == "重大")
  扣分 = points
}
"#;

#[test]
fn filters_take_only_the_occurrences_for_which_they_hold() {
    let agents = "id,name,tier,hired_on\nC1,甲,坐席,2024-01-01\n";
    let incidents = "agent,date,violation,等级,得分\nC1,2024-10-01,投诉,重大,3\nC1,2024-10-02,投诉,一般,5\nC1,2024-10-03,投诉,重大,4\nC1,2024-10-04,态度,重大,0\n";
    let report = common::eval_json(COMPLAINTS, "2024-10", agents, incidents);
    let a = common::agent(&report, "C1");
    // Two 重大 complaints: the escalation fires; a filtered severity count does not
    // include it (3 = two complaints and one 态度), and two violations are among them.
    assert_eq!(a["pay"]["重大"], "2");
    assert_eq!(a["pay"]["服务类重大"], "3");
    assert_eq!(a["pay"]["种类"], "2");
    assert_eq!(a["pay"]["重大得分"], "7");
    // 3 × 2 + 1 + 10 = 17.
    assert_eq!(a["pay"]["扣分"], "17");
    assert_eq!(a["escalations"], serde_json::json!(["重大投诉"]));
}

#[test]
fn a_filter_is_a_bool_about_one_occurrence() {
    let with = |pay: &str| codes(&COMPLAINTS.replace("  扣分 = points\n", &format!("  扣分 = points\n  {pay}\n")));
    assert_eq!(
        with("x = count(投诉 where incident.得分)"),
        [(Code::TypeMismatch, "the condition after `where` must be bool, not number".to_string())]
    );
    assert_eq!(
        with("x = count(投诉 where points > 1 分)"),
        [(Code::Scope, "`points` cannot be used in the expression of an aggregate".to_string())]
    );
    assert_eq!(with("x = max(1, 2 where true)"), [(Code::TypeMismatch, "`max` does not take `where`".to_string())]);
    let formatted = kaohe::fmt::format_source(&Source::new("t.kh", COMPLAINTS.to_string())).unwrap();
    assert!(formatted.contains("count(投诉 where incident.等级 == \"重大\")"), "{formatted}");
}

#[test]
fn the_explanation_shows_each_occurrences_inputs_and_fine() {
    let program = common::program(RIDER);
    let (result, _) = kaohe::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", "id,name,tier,hired_on\nR1,李骑,骑手,2024-01-01\n".as_bytes()),
        (
            "incidents.csv",
            "agent,date,violation,超时\nR1,2024-10-02,超时送达,5\nR1,2024-10-01,超时送达,7\nR1,2024-10-03,超时送达,9\n"
                .as_bytes(),
        ),
        &kaohe::EvalOptions::default(),
    )
    .unwrap();
    let text = kaohe::report::explain_text(&program, "2024-10".parse().unwrap(), &result.agents[0]);
    assert!(
        text.contains("  2024-10-03 超时送达 (服务类): 1 分, fine 10.00 元  [line 4]   (occurrence = 3)"),
        "{text}"
    );
    assert!(text.contains("  2024-10-02 超时送达 (服务类): 1 分, fine 5.00 元  [line 2]   (occurrence = 2)"), "{text}");
    assert!(text.contains("totals: points 3 分, compensation 0.00 元, fine 20.00 元"), "{text}");
}

#[test]
fn a_policy_that_fines_shows_the_fine_in_revisions_and_snapshots() {
    let program = common::program(RIDER);
    let (result, _) = kaohe::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", "id,name,tier,hired_on\nR1,李骑,骑手,2024-01-01\n".as_bytes()),
        ("incidents.csv", "agent,date,violation,超时\nR1,2024-10-02,超时送达,5\n".as_bytes()),
        &kaohe::EvalOptions::default(),
    )
    .unwrap();
    let figures = kaohe::diff::figures(&program, &result.agents[0]);
    assert!(figures.contains(&("fine".to_string(), "5.00".to_string())), "{figures:?}");
    let body = kaohe::snapshot::render(&program, &result);
    assert!(body.contains("R1 fine: 5.00\n"), "{body}");
}
