//! Choice fields (contract v2 §2.6, §6 rule 11): text limited to a list of values, checked
//! where the policy compares or passes them and where the records give them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::{Code, Source};

use crate::common;

const POLICY: &str = r#"policy "质检" {
  effective 2024-01-01
  status active
}
incident {
  等级: one of ("重大", "一般", "轻微") = "一般"
}
tier 客服 {
  base = 3000 元
}
severity 服务类
table 投诉扣分(级别: one of ("轻微", "一般", "重大")) -> points {
  级别 == "重大" => 10 分
  级别 == "一般" => 4 分
  else => 2 分
}
violation 投诉 {
  severity 服务类
  points = 投诉扣分(incident.等级)
}
pay {
  重大投诉 = count(投诉 where incident.等级 == "重大")
}
"#;

#[test]
fn a_choice_is_one_type_whatever_the_order_of_its_values() {
    // The field lists 重大, 一般, 轻微; the table's parameter 轻微, 一般, 重大: one type.
    let p = common::program(POLICY);
    assert_eq!(p.choices.len(), 1);
    assert_eq!(p.choices[0], ["重大", "一般", "轻微"]);
    let report = common::eval_json(
        POLICY,
        "2024-11",
        "id,name,tier,hired_on\nQ1,张三,客服,2023-01-01\n",
        "agent,date,violation,等级\nQ1,2024-11-04,投诉,重大\nQ1,2024-11-05,投诉,\nQ1,2024-11-06,投诉,轻微\nQ1,2024-11-07,投诉,重大\n",
    );
    let q1 = common::agent(&report, "Q1");
    // 10 + 4 (the empty cell is the default 一般) + 2 + 10.
    assert_eq!(q1["points"], "26");
    assert_eq!(q1["pay"]["重大投诉"], "2");
}

#[test]
fn a_literal_outside_the_list_is_a_check_error_with_did_you_mean() {
    let wrong = POLICY
        .replace("级别 == \"一般\" => 4 分", "级别 == \"一班\" => 4 分")
        .replace("incident.等级 == \"重大\")", "incident.等级 == \"严重\")")
        .replace("= \"一般\"\n}", "= \"普通\"\n}");
    let found = common::diagnostics(&wrong);
    let choice: Vec<_> = found.iter().filter(|d| d.0 == Code::Choice).collect();
    assert_eq!(choice.len(), 3, "{found:#?}");
    assert_eq!(choice[0].1, 6, "the default");
    assert_eq!(choice[0].2, "\"普通\" is not one of the values it can take");
    assert_eq!(choice[0].3.as_deref(), Some("the values are \"重大\", \"一般\", \"轻微\""));
    assert_eq!(choice[1].1, 14, "the table row");
    assert_eq!(choice[1].3.as_deref(), Some("did you mean \"一般\"?"));
    assert_eq!(choice[2].1, 22, "the filter");
    assert_eq!(found.len(), 3);
}

#[test]
fn choices_are_text_without_order_and_other_types_do_not_fit() {
    let ordered = POLICY.replace("级别 == \"重大\" => 10 分", "级别 > \"重大\" => 10 分");
    let found = common::diagnostics(&ordered);
    assert_eq!(found.iter().map(|d| d.0).collect::<Vec<_>>(), [Code::TypeMismatch], "{found:#?}");
    let number = POLICY.replace("投诉扣分(incident.等级)", "投诉扣分(3)");
    let found = common::diagnostics(&number);
    assert_eq!(found.iter().map(|d| (d.0, d.1)).collect::<Vec<_>>(), [(Code::TypeMismatch, 19)], "{found:#?}");
    assert_eq!(
        found[0].2,
        "argument `级别` of table `投诉扣分` must be one of (\"重大\", \"一般\", \"轻微\"), not number"
    );
    let twice = POLICY.replace("one of (\"重大\", \"一般\", \"轻微\")", "one of (\"重大\", \"一般\", \"重大\")");
    let found = common::diagnostics(&twice);
    assert!(found.iter().any(|d| d.0 == Code::Duplicate && d.2 == "`重大` is listed twice" && d.1 == 6), "{found:#?}");
    let empty = POLICY.replace("one of (\"重大\", \"一般\", \"轻微\") = \"一般\"", "one of ()");
    let found = common::diagnostics(&empty);
    assert!(found.iter().any(|d| d.0 == Code::Choice && d.2 == "a choice needs at least one value"), "{found:#?}");
}

#[test]
fn a_cell_outside_the_list_is_refused_where_it_stands() {
    let diags = common::eval_errors(
        POLICY,
        "2024-11",
        "id,name,tier,hired_on\nQ1,张三,客服,2023-01-01\n",
        "agent,date,violation,等级\nQ1,2024-11-04,投诉,重大\nQ1,2024-11-05,投诉,中大\n",
    );
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d.code, Code::RecordChoice);
    assert_eq!(d.message, "`等级` is not one of its values: `中大`");
    assert_eq!(d.span.as_ref().unwrap().line(), 3);
    assert_eq!(d.help.as_deref(), Some("did you mean `重大`?"));
}

#[test]
fn choice_types_format_canonically_and_one_and_of_stay_names() {
    let messy = POLICY.replace("one of (\"重大\", \"一般\", \"轻微\")", "one   of(\"重大\",\n \"一般\" ,\"轻微\",)")
        + "let one = 1\nlet of = one + 1\n";
    let formatted = kaohe::fmt::format_source(&Source::new("x.kh", messy)).unwrap();
    assert!(formatted.contains("  等级: one of (\"重大\", \"一般\", \"轻微\") = \"一般\"\n"), "{formatted}");
    assert!(
        formatted.contains("table 投诉扣分(级别: one of (\"轻微\", \"一般\", \"重大\")) -> points {"),
        "{formatted}"
    );
    let p = common::program(&formatted);
    assert_eq!(p.lets.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["one", "of"]);
}
