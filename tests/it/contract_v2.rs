//! The examples of contract v2 §1–§3 (`language-v2.md`), as written, each in the smallest
//! policy that declares what it names, checked and evaluated against hand-computed figures.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

const HEAD: &str = r#"policy "v2" {
  effective 2024-01-01
  status active
}
unit 公里 (km, 千米)
agent {
  sales: money = 0 元
}
incident {
  得分: number = 0
  等级: one of ("重大", "一般", "轻微") = "一般"
  超时: duration = 0 minutes
  距离: 公里 = 0 公里
}
tier 初级 {
  base_salary = 3000 元
}
tier 中级 {
  base_salary = 3500 元
  requires tier_tenure >= 3 months
}
severity 服务类 { cap points = 20 分 }
severity 质检类
violation 质检 {
  severity 质检类
  points = 0 分
}
violation 投诉 {
  severity 服务类
  points = 4 分
}
table 应定等级(t: period) -> tier {
  t >= 12 months => 中级
  else => 初级
}
table 提成比例(sales: money) -> number {
  sales < 50000 元 => 2%
  50000 元 <= sales < 100000 元 => 3%
  else => 5%
}
"#;

// §2.1, §2.3 and §3.2, as written.
const SECTION_2_1: &str = r#"let 质检均分 = if count(质检) > 0 then avg(质检, incident.得分) else 0
let 重大投诉数 = count(投诉 where incident.等级 == "重大")
"#;
const SECTION_2_3: &str = r#"/// 当月第3次起超时, 每次罚款加倍
violation 超时送达 {
  severity 服务类
  points = 1 分
  fine = if occurrence >= 3 then 10 元 else 5 元
  when incident.超时 > 0 minutes
}
"#;
const SECTION_3_2: &str = r#"violation 超时送达 {
  severity 服务类
  points = 1 分
  fine = 5 元
  cap fine = 15 元 per day
}
"#;

const PAY: &str = r#"pay {
  均分 = 质检均分
  重大 = 重大投诉数
  罚款 = fine
  应定底薪 = 应定等级(tenure).base_salary
  十位 = floor(399.95 元, -1)
  比例 = 提成比例(agent.sales)
  远单补贴 = sum(投诉, 2 元/公里 * incident.距离)
}
"#;

const AGENTS: &str = "id,name,tier,hired_on,tier_since,sales\nA1,张三,中级,2022-01-01,2024-10-01,50000\nA2,李四,初级,2024-06-01,,99999.99\n";

#[test]
fn the_examples_of_sections_2_1_and_2_3_evaluate_as_the_contract_says() {
    let policy = format!("{HEAD}{SECTION_2_1}{SECTION_2_3}{PAY}");
    // A1: 质检 80 and 91 分; 投诉 重大, 一般 (default), 轻微 with 5.5km; 超时送达 ×4 on
    // one day (the 4th and 3rd ranked by input order) and one with 0 minutes (not counted).
    let incidents = "agent,date,violation,得分,等级,超时,距离
A1,2024-11-04,质检,80,,,
A1,2024-11-18,质检,91,,,
A1,2024-11-05,投诉,,重大,,
A1,2024-11-06,投诉,,,,
A1,2024-11-07,投诉,,轻微,,5.5km
A1,2024-11-08,超时送达,,,10,
A1,2024-11-08,超时送达,,,0,
A1,2024-11-08,超时送达,,,15,
A1,2024-11-09,超时送达,,,5,
A1,2024-11-09,超时送达,,,5,
";
    let report = common::eval_json(&policy, "2024-11", AGENTS, incidents);
    let a1 = common::agent(&report, "A1");
    assert_eq!(a1["pay"]["均分"], "85.5");
    assert_eq!(a1["pay"]["重大"], "1");
    // Four counted 超时送达: 5 + 5 + 10 + 10.
    assert_eq!(a1["pay"]["罚款"], "30.00");
    assert_eq!(a1["pay"]["应定底薪"], "3500.00", "tenure 34 months → 中级");
    assert_eq!(a1["pay"]["十位"], "390.00");
    assert_eq!(a1["pay"]["比例"], "0.03", "50000 元 <= sales < 100000 元 => 3%");
    assert_eq!(a1["pay"]["远单补贴"], "11.00");
    // 服务类: 投诉 4 × 3 + 超时送达 4 × 1 = 16 分, under its cap of 20.
    assert_eq!(a1["points"], "16");
    // `requires tier_tenure >= 3 months`: A1 took 中级 on 2024-10-01 (2 months) — about the
    // move into the tier, so for A1's own tier it is taken as holding.
    assert_eq!(a1["tier_ok"], true);
    let a2 = common::agent(&report, "A2");
    assert_eq!(a2["pay"]["均分"], "0", "no 质检: the guarded average is never taken");
    assert_eq!(a2["pay"]["比例"], "0.03");
    assert_eq!(a2["pay"]["应定底薪"], "3000.00");
    // tier_since left empty is hired_on: 2024-06-01 to 2024-12-01 is 6 months ≥ 3.
    assert_eq!(a2["promotion"], "中级");
}

#[test]
fn the_cap_of_section_3_2_holds_the_day_to_15_yuan() {
    let policy = format!("{HEAD}{SECTION_2_1}{SECTION_3_2}{PAY}");
    let incidents = "agent,date,violation\nA1,2024-11-08,超时送达\nA1,2024-11-08,超时送达\nA1,2024-11-08,超时送达\nA1,2024-11-08,超时送达\nA1,2024-11-09,超时送达\n";
    let report = common::eval_json(&policy, "2024-11", AGENTS, incidents);
    let a1 = common::agent(&report, "A1");
    // 11-08: 4 × 5 = 20 → 15; 11-09: 5. Counts are not capped: 5 分.
    assert_eq!(a1["fine"], "20.00");
    assert_eq!(a1["points"], "5");
    assert_eq!(a1["violations"][0]["withheld"]["fine"], "5.00");
}
