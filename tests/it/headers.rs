//! Records with the headers Chinese HR systems export: the built-in fields' Chinese
//! names, headers declared with `from` (`来自`) for declared and built-in fields, in CSV,
//! JSON and workbooks; the conflicts between headers; and the sample month exported as a
//! Chinese HR system would (`examples/2024-10/hr-export`) evaluating byte for byte like
//! the original under either dialect of the bundled policy.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::i18n::{message_in, Lang};
use kaohe::records::Encoding;
use kaohe::syntax::keywords::{word_in, Dialect, Place};
use kaohe::{Code, Diagnostic};

use crate::common::{self, agent, diagnostics, eval_errors, eval_json, kaohe};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A policy whose export names every column its own way.
const POLICY: &str = r#"policy "工单考核" {
  effective 2024-10-01
  status active
}

agent {
  id from "员工编号"
  tier from "职级"
  leads_team: bool = false from "能否带队" | "带队"
}

incident {
  agent from "员工编号"
  violation from "违规类型"
  cost: money = 0 元 from "设备价值(元)"
}

tier 初级 {
  base_salary = 3000 元
}

severity 一般

violation 迟到 {
  severity 一般
  points = 1 分
}

violation 私带设备 {
  severity 一般
  points = 0 分
  compensation = incident.cost
}

pay {
  实发工资 = tier.base_salary - compensation
  带队 = if agent.leads_team then 1 else 0
}
"#;

/// The same policy in the Chinese dialect.
const POLICY_ZH: &str = r#"规定 "工单考核" {
  生效 2024-10-01
  状态 执行
}

员工 {
  工号 来自 "员工编号"
  等级 来自 "职级"
  leads_team: 是否 = 否 来自 "能否带队" | "带队"
}

事件 {
  工号 来自 "员工编号"
  违规 来自 "违规类型"
  cost: 金额 = 0 元 来自 "设备价值(元)"
}

等级 初级 {
  base_salary = 3000 元
}

程度 一般

违规 迟到 {
  程度 一般
  扣分 = 1 分
}

违规 私带设备 {
  程度 一般
  扣分 = 0 分
  赔偿 = 事件.cost
}

工资 {
  实发工资 = 等级.base_salary - 赔偿
  带队 = 如果 员工.leads_team 则 1 否则 0
}
"#;

const AGENTS: &str = "员工编号,姓名,职级,入职日期,能否带队\nB01,张三,初级,2024年8月1日,是\nB02,李四,初级,2024/9/1,\n";
const INCIDENTS: &str =
    "员工编号,日期,违规类型,设备价值(元)\nB01,2024年10月5日,私带设备,\"¥1,280.00\"\nB02,2024-10-06,迟到,\n";

fn pay(report: &serde_json::Value, id: &str, line: &str) -> String {
    agent(report, id)["pay"][line].as_str().unwrap_or_else(|| panic!("no {line} for {id}")).to_string()
}

#[test]
fn declared_headers_map_every_column_in_either_dialect() {
    for policy in [POLICY, POLICY_ZH] {
        let r = eval_json(policy, "2024-10", AGENTS, INCIDENTS);
        assert_eq!(agent(&r, "B01")["name"], "张三");
        assert_eq!(agent(&r, "B01")["tier"], "初级");
        // `¥1,280.00` under `设备价值(元)` is B01's compensation: 3000 − 1280 = 1720.
        assert_eq!(agent(&r, "B01")["compensation"], "1280.00");
        assert_eq!(pay(&r, "B01", "实发工资"), "1720.00");
        assert_eq!(pay(&r, "B01", "带队"), "1");
        // An empty `能否带队` takes the default, false; `迟到` under `违规类型` is 1 point.
        assert_eq!(pay(&r, "B02", "带队"), "0");
        assert_eq!(agent(&r, "B02")["points"], "1");
    }
}

#[test]
fn built_in_fields_are_read_from_their_chinese_names() {
    let policy = r#"policy "p" {
  effective 2024-10-01
  status active
}
tier 初级 {}
severity 一般
violation 迟到 {
  severity 一般
  points = 1 分
}
pay { 扣分 = points }
"#;
    let agents = "工号,姓名,等级,入职日期,任级日期\nC1,王五,初级,2024-08-01,2024-09-01\n";
    let incidents = "工号,日期,违规\nC1,2024-10-02,迟到\nC1,2024-10-03,迟到\n";
    let r = eval_json(policy, "2024-10", agents, incidents);
    assert_eq!(agent(&r, "C1")["name"], "王五");
    assert_eq!(agent(&r, "C1")["points"], "2");
    // Hired 2024-08-01: three months at 2024-11-01.
    assert_eq!(agent(&r, "C1")["tenure_months"], 3);
    // The names are the Chinese dialect's after `员工.` and `事件.`, and the Chinese
    // report's titles for the same columns.
    for (place, fields) in [
        (Place::AgentField, &["id", "name", "tier", "hired_on", "tier_since"][..]),
        (Place::IncidentField, &["agent", "date", "violation"][..]),
    ] {
        let names: Vec<&str> = fields.iter().map(|f| word_in(f, Some(place), Dialect::Chinese).unwrap()).collect();
        let expected: &[&str] = match place {
            Place::AgentField => &["工号", "姓名", "等级", "入职日期", "任级日期"],
            _ => &["工号", "日期", "违规"],
        };
        assert_eq!(names, expected);
    }
    for (column, title) in [("id", "工号"), ("name", "姓名"), ("tier", "等级"), ("date", "日期"), ("violation", "违规")]
    {
        assert_eq!(message_in(Lang::Zh, &format!("column-{column}"), &[]), title);
    }
}

#[test]
fn json_keys_use_the_same_headers() {
    let agents = r#"[{"员工编号": "B01", "姓名": "张三", "职级": "初级", "入职日期": "2024年8月1日", "带队": "是"}]"#;
    let incidents =
        r#"[{"员工编号": "B01", "日期": "2024年10月5日", "违规类型": "私带设备", "设备价值(元)": "¥1,280.00"}]"#;
    let program = common::program(POLICY);
    let (result, warnings) = common::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.json", agents.as_bytes()),
        ("incidents.json", incidents.as_bytes()),
        Encoding::Auto,
    )
    .unwrap_or_else(|d| panic!("{}", kaohe::diag::render_human(&d, false)));
    assert!(warnings.is_empty(), "{}", kaohe::diag::render_human(&warnings, false));
    let r: serde_json::Value = serde_json::from_str(&kaohe::report::month_json(&program, &result)).unwrap();
    assert_eq!(pay(&r, "B01", "实发工资"), "1720.00");
    // `带队`, the second of `leads_team`'s headers.
    assert_eq!(pay(&r, "B01", "带队"), "1");
}

#[test]
fn workbook_headers_use_the_same_headers() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, rows: &[&[&str]]| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), *cell).unwrap();
            }
        }
        let path = dir.path().join(name);
        book.save(&path).unwrap();
        path.to_string_lossy().into_owned()
    };
    let agents = write(
        "花名册.xlsx",
        &[&["员工编号", "姓名", "职级", "入职日期", "能否带队"], &["B01", "张三", "初级", "2024年8月1日", "否"]],
    );
    let incidents = write(
        "违规.xlsx",
        &[&["员工编号", "日期", "违规类型", "设备价值(元)"], &["B01", "2024年10月5日", "私带设备", "¥356.80"]],
    );
    let program = common::program(POLICY);
    let (result, warnings) = common::evaluate_files(
        &program,
        "2024-10".parse().unwrap(),
        &agents,
        &incidents,
        Encoding::Auto,
        kaohe::eval::Trace::Full,
    )
    .unwrap_or_else(|d| panic!("{}", kaohe::diag::render_human(&d, false)));
    assert!(warnings.is_empty(), "{}", kaohe::diag::render_human(&warnings, false));
    let r: serde_json::Value = serde_json::from_str(&kaohe::report::month_json(&program, &result)).unwrap();
    // 3000 − 356.80.
    assert_eq!(pay(&r, "B01", "实发工资"), "2643.20");
    assert_eq!(pay(&r, "B01", "带队"), "0");
}

/// Diagnostics of a month as (code, line, message, help).
fn listed(diags: &[Diagnostic]) -> Vec<(Code, usize, String, Option<String>)> {
    diags.iter().map(|d| (d.code, d.span.as_ref().map_or(0, |s| s.line()), d.message.clone(), d.help.clone())).collect()
}

#[test]
fn an_unknown_header_is_a_warning_with_the_closest_declared_header() {
    let program = common::program(POLICY);
    let agents = "员工编号,姓名,职级,入职日期,能否带领\nB01,张三,初级,2024-08-01,是\n";
    let (_, warnings) = common::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", agents.as_bytes()),
        ("incidents.csv", "员工编号,日期,违规类型\n".as_bytes()),
        Encoding::Auto,
    )
    .unwrap_or_else(|d| panic!("{}", kaohe::diag::render_human(&d, false)));
    assert_eq!(
        listed(&warnings),
        [(
            Code::RecordUndeclaredColumn,
            1,
            "column `能否带领` is not a field of the agent schema and is ignored".to_string(),
            Some("did you mean `能否带队`?".to_string())
        )]
    );
}

#[test]
fn a_missing_column_names_the_headers_it_may_have() {
    let errors =
        eval_errors(POLICY, "2024-10", "姓名,职级,入职日期\n张三,初级,2024-08-01\n", "员工编号,日期,违规类型\n");
    let d = errors.iter().find(|d| d.code == Code::RecordMissingColumn).expect("a missing-column error");
    assert_eq!(d.message, "`agents.csv` has no column for `id` (read from any of `id`, `工号`, `员工编号`)");
    // Without declared headers the message is as before, about the field's name.
    let policy = POLICY.replace("  id from \"员工编号\"\n", "");
    let errors = eval_errors(&policy, "2024-10", "姓名,职级,入职日期\n张三,初级,2024-08-01\n", "工号,日期,违规类型\n");
    let d = errors.iter().find(|d| d.code == Code::RecordMissingColumn).expect("a missing-column error");
    assert_eq!(d.message, "`agents.csv` has no column `id`");
}

#[test]
fn one_field_given_two_of_its_headers_is_an_error_naming_both() {
    // `id` and `员工编号` are both `id`'s; `工号` (its Chinese name) too.
    let agents = "员工编号,姓名,职级,入职日期,工号\nB01,张三,初级,2024-08-01,B01\n";
    let errors = eval_errors(POLICY, "2024-10", agents, "员工编号,日期,违规类型\n");
    let d = errors.iter().find(|d| d.code == Code::RecordMalformed).expect("a malformed-header error");
    assert_eq!(d.message, "`id` is read from two columns, `员工编号` and `工号`");
    assert_eq!(d.span.as_ref().map(|s| (s.line(), s.text().to_string())), Some((1, "工号".to_string())));
    assert_eq!(d.related.first().map(|r| r.0.text().to_string()), Some("员工编号".to_string()));
    assert_eq!(d.help.as_deref(), Some("`id` is read from one column: remove one of the two, or rename its header"));
}

#[test]
fn two_fields_declaring_one_header_is_an_error_naming_both() {
    let policy = POLICY
        .replace(r#"leads_team: bool = false from "能否带队" | "带队""#, r#"leads_team: bool = false from "职级""#);
    let found = diagnostics(&policy);
    assert_eq!(
        found,
        [(
            Code::Duplicate,
            9,
            "header `职级` is declared for both `agent.tier` and `agent.leads_team`".to_string(),
            Some("a column is read by one field: give one of them another header than `职级`".to_string())
        )]
    );
    // A declared header may not be another field's own name either.
    let policy = POLICY.replace(r#"cost: money = 0 元 from "设备价值(元)""#, r#"cost: money = 0 元 from "date""#);
    let found = diagnostics(&policy);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (Code::Duplicate, 15));
    assert_eq!(found[0].2, "header `date` is declared for both `incident.date` and `incident.cost`");
}

#[test]
fn a_line_without_a_type_names_a_built_in_field() {
    let policy = POLICY.replace(r#"tier from "职级""#, r#"teir from "职级""#);
    let found = diagnostics(&policy);
    assert_eq!(
        found,
        [(
            Code::Undefined,
            8,
            "`agent.teir` has no type: only a built-in field is named without one".to_string(),
            Some("did you mean `tier`?".to_string())
        )]
    );
    let policy = POLICY.replace(r#"tier from "职级""#, "tier from \"职级\"\n  tier from \"级别\"");
    let found = diagnostics(&policy);
    assert_eq!(
        found.iter().map(|d| (d.0, d.1, d.2.as_str())).collect::<Vec<_>>(),
        [(Code::Duplicate, 9, "the headers of `agent.tier` are declared twice")]
    );
}

#[test]
fn a_field_named_like_a_built_in_chinese_name_takes_that_header() {
    // An English policy may declare a field `姓名`: the column `姓名` is its, and the
    // built-in `name` is read from `name` only.
    let policy = r#"policy "p" {
  effective 2024-10-01
  status active
}
agent {
  姓名: text = "无"
}
tier 初级 {}
pay { 底薪 = 1 元 }
"#;
    // Only the warning that the field is never used: no header conflict.
    let found = diagnostics(policy);
    assert_eq!(found.iter().map(|d| d.0).collect::<Vec<_>>(), [Code::Unused], "{found:?}");
    let r = eval_json(
        policy,
        "2024-10",
        "id,name,姓名,tier,hired_on\nA1,张三,张小三,初级,2024-01-01\n",
        "agent,date,violation\n",
    );
    assert_eq!(agent(&r, "A1")["name"], "张三");
}

#[test]
fn from_clauses_format_in_both_dialects_and_round_trip() {
    let en = kaohe::fmt::format_source(&kaohe::Source::new("p.kh", POLICY.to_string())).unwrap();
    assert!(en.contains("  id from \"员工编号\"\n"), "{en}");
    assert!(en.contains("  leads_team: bool = false from \"能否带队\" | \"带队\"\n"), "{en}");
    assert!(en.contains("  cost: money = 0 元 from \"设备价值(元)\"\n"), "{en}");
    let zh =
        kaohe::fmt::format_source_in(&kaohe::Source::new("p.kh", POLICY.to_string()), Some(Dialect::Chinese)).unwrap();
    assert!(zh.contains("  工号 来自 \"员工编号\"\n"), "{zh}");
    assert!(zh.contains("  违规 来自 \"违规类型\"\n"), "{zh}");
    assert!(zh.contains("  leads_team: 是否 = 否 来自 \"能否带队\" | \"带队\"\n"), "{zh}");
    let back =
        kaohe::fmt::format_source_in(&kaohe::Source::new("p.zh.kh", zh.clone()), Some(Dialect::English)).unwrap();
    assert_eq!(back, en);
    // Written by hand in Chinese, the policy formats to the converted text.
    let own = kaohe::fmt::format_source(&kaohe::Source::new("p.zh.kh", POLICY_ZH.to_string())).unwrap();
    assert_eq!(own, zh);
}

#[test]
fn a_number_before_from_is_not_a_quantity_in_from() {
    // `from` is a contextual word, never a unit's spelling: `= 0 from "…"` is the
    // number 0 and a header.
    let policy = POLICY.replace(r#"cost: money = 0 元 from "设备价值(元)""#, r#"n: number = 0 from "次数""#);
    assert!(diagnostics(&policy).iter().all(|d| d.0 != Code::Syntax), "{:?}", diagnostics(&policy));
    let program = common::program(&policy.replace("incident.cost", "0 元"));
    let n = program.incident_fields.iter().find(|f| f.name == "n").unwrap();
    assert_eq!(n.columns, ["n", "次数"]);
    // Elsewhere `from` is an ordinary name.
    let policy = POLICY.replace("pay {", "let from = 1\npay {\n  一 = from");
    assert!(diagnostics(&policy).is_empty(), "{:?}", diagnostics(&policy));
}

/// The sample month as the bundled policy reports it, from the original files and from
/// the Chinese HR system's export (GBK, Chinese headers, `2024年10月5日`, `￥1,280.35`).
#[test]
fn the_chinese_export_of_the_sample_month_evaluates_like_the_original() {
    let export = std::fs::read(format!("{ROOT}/examples/2024-10/hr-export/agents.csv")).unwrap();
    assert!(std::str::from_utf8(&export).is_err(), "the export is GBK, not UTF-8");
    let (text, _, bad) = encoding_rs::GBK.decode(&export);
    assert!(!bad);
    assert!(text.starts_with("工号,姓名,等级,入职日期,能否带队\r\n"), "{text}");
    for policy in ["policies/customer-service.kh", "policies/customer-service.zh.kh"] {
        for format in ["json", "csv", "table"] {
            let run = |folder: &str| {
                let out = kaohe(&[
                    "eval",
                    policy,
                    "--month",
                    "2024-10",
                    "--agents",
                    &format!("examples/2024-10/{folder}agents.csv"),
                    "--incidents",
                    &format!("examples/2024-10/{folder}incidents.csv"),
                    "--format",
                    format,
                ]);
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                assert_eq!(String::from_utf8_lossy(&out.stderr), "", "no warning");
                out.stdout
            };
            let original = run("");
            assert!(original.len() > 1000);
            assert!(run("hr-export/") == original, "{policy} --format {format} differs");
        }
    }
}

#[test]
fn full_width_quotes_and_bars_in_a_from_list_are_read_as_ascii() {
    // As a Chinese input method types them: “员工编号”｜“编号”.
    let policy = POLICY_ZH.replace("  工号 来自 \"员工编号\"\n  等级", "  工号 来自 “员工编号”｜“编号”\n  等级");
    let found = diagnostics(&policy);
    assert!(!found.is_empty() && found.iter().all(|d| d.0 == Code::Fullwidth), "{found:?}");
    let agents = AGENTS.replacen("员工编号", "编号", 1);
    let r = eval_json(&policy, "2024-10", &agents, INCIDENTS);
    assert_eq!(pay(&r, "B01", "实发工资"), "1720.00");
    let formatted = kaohe::fmt::format_source(&kaohe::Source::new("p.zh.kh", policy)).unwrap();
    assert!(formatted.contains("  工号 来自 \"员工编号\" | \"编号\"\n"), "{formatted}");
}
