//! Declared units (contract v2 §2.7, §6 rules 1, 8 and 11): `unit 公里 (km, 千米)` works like
//! a built-in unit in literals, rates, field types and cells, in any of its spellings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::{Code, Source};

use crate::common;

const POLICY: &str = r#"policy "骑手" {
  effective 2024-01-01
  status active
}
unit 公里 (km, 千米)
incident {
  距离: 公里 = 0 公里
}
tier 骑手 {
  base = 3000 元
}
severity 其他
violation 远单 {
  severity 其他
  points = 0 分
  when incident.距离 > 5 km
}
pay {
  里程 = sum(远单, incident.距离)
  补贴 = sum(远单, 2 元/千米 * (incident.距离 - 5 公里))
  取整 = round(sum(远单, incident.距离), -1)
}
"#;

#[test]
fn every_spelling_in_the_policy_and_in_the_cells_is_one_unit() {
    let report = common::eval_json(
        POLICY,
        "2024-11",
        "id,name,tier,hired_on\nR1,张三,骑手,2023-01-01\n",
        // 5.5km, 6.333 千米, a bare 12 (the default's unit), and 4 公里 (not over 5).
        "agent,date,violation,距离\nR1,2024-11-04,远单,5.5km\nR1,2024-11-05,远单,6.333 千米\nR1,2024-11-06,远单,12\nR1,2024-11-07,远单,4公里\n",
    );
    let pay = &common::agent(&report, "R1")["pay"];
    assert_eq!(pay["里程"], "23.833", "the three counted: 5.5 + 6.333 + 12");
    // 2 × 0.5 = 1.00, 2 × 1.333 = 2.666 → 2.67, 2 × 7 = 14.00: money per term, then the sum.
    assert_eq!(pay["补贴"], "17.67");
    assert_eq!(pay["取整"], "20", "rounded to tens of 公里");
}

#[test]
fn a_cell_in_another_unit_is_refused() {
    let diags = common::eval_errors(
        POLICY,
        "2024-11",
        "id,name,tier,hired_on\nR1,张三,骑手,2023-01-01\n",
        "agent,date,violation,距离\nR1,2024-11-04,远单,5.5 miles\n",
    );
    assert_eq!(diags[0].code, Code::RecordBadValue);
    assert_eq!(diags[0].span.as_ref().unwrap().line(), 2);
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`miles` is not a spelling of this unit: write e.g. `5.5 公里`, `km`, `千米`"),
        "{:?}",
        diags[0].help
    );
}

#[test]
fn declared_units_do_not_mix_with_others() {
    let mixed = POLICY.replace("when incident.距离 > 5 km", "when incident.距离 > 5 元");
    let found = common::diagnostics(&mixed);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0, found[0].1), (Code::UnitMismatch, 16));
    assert_eq!(found[0].2, "cannot compare 公里 with money");
    let rate = POLICY.replace("sum(远单, incident.距离)\n", "sum(远单, incident.距离 + 1 元)\n");
    let found = common::diagnostics(&rate);
    assert_eq!(found.iter().map(|d| d.0).collect::<Vec<_>>(), [Code::UnitMismatch], "{found:#?}");
}

#[test]
fn a_spelling_taken_or_unknown_is_reported() {
    let builtin = POLICY.replace("unit 公里 (km, 千米)", "unit 公里 (km, 千米, 天)");
    let found = common::diagnostics(&builtin);
    assert_eq!(
        found.iter().map(|d| (d.0, d.1, d.2.as_str())).collect::<Vec<_>>(),
        [(Code::Duplicate, 5, "`天` is a built-in unit")]
    );
    let shared = POLICY.replace("unit 公里 (km, 千米)", "unit 公里 (km, 千米)\nunit 里 (km)");
    let found = common::diagnostics(&shared);
    assert_eq!(
        found.iter().map(|d| (d.0, d.1, d.2.as_str())).collect::<Vec<_>>(),
        [(Code::Duplicate, 6, "`km` already spells a unit")]
    );
    let typo = POLICY.replace("> 5 km", "> 5 kn");
    let found = common::diagnostics(&typo);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0, found[0].1, found[0].2.as_str()), (Code::Undefined, 16, "unknown unit `kn`"));
    assert_eq!(found[0].3.as_deref(), Some("did you mean `km`?"));
}

#[test]
fn unit_declarations_format_and_v1_words_keep_their_meaning() {
    let messy = POLICY.replace("unit 公里 (km, 千米)", "unit   公里(km,千米 ,)");
    let formatted = kaohe::fmt::format_source(&Source::new("x.kh", messy)).unwrap();
    assert!(formatted.contains("\nunit 公里 (km, 千米)\n"), "{formatted}");
    // `unit` is a name where no declaration begins; `day` and `month` stay units.
    let v1 = POLICY.replace("  取整 = round(sum(远单, incident.距离), -1)\n", "  unit = 3 day\n  月 = unit + 1 day\n");
    let p = common::program(&v1);
    assert_eq!(p.pay.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["里程", "补贴", "unit", "月"]);
}
