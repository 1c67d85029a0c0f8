//! The Chinese dialect (issue: Chinese first): a policy written with `规定`, `违规`,
//! `扣分` … means what its English twin means, `kaohe fmt --dialect` converts losslessly,
//! and only a file's own dialect's words are keywords in it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use kaohe::fmt::format_source_in;
use kaohe::syntax::keywords::Dialect;
use kaohe::{check_source, Code, Source};

use crate::common;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(format!("{ROOT}/{dir}"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "kh"))
        .collect();
    out.sort();
    out
}

fn convert(text: &str, to: Dialect) -> String {
    format_source_in(&Source::new("x.kh", text.to_string()), Some(to)).unwrap()
}

fn codes_and_lines(text: &str) -> Vec<(Code, usize)> {
    common::diagnostics(text).into_iter().map(|(code, line, _, _)| (code, line)).collect()
}

#[test]
fn every_policy_and_fixture_converts_there_and_back_byte_for_byte() {
    let mut seen = 0;
    for path in files("policies").into_iter().chain(files("tests/check")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(canonical) = format_source_in(&Source::new("x.kh", text), None) else { continue };
        let zh = convert(&canonical, Dialect::Chinese);
        let back = convert(&zh, Dialect::English);
        let canonical_en = convert(&canonical, Dialect::English);
        assert_eq!(back, canonical_en, "{}: English → Chinese → English changed the file", path.display());
        assert_eq!(convert(&zh, Dialect::Chinese), zh, "{}: the Chinese form is not canonical", path.display());
        // The same diagnostics, at the same lines, in both dialects.
        assert_eq!(codes_and_lines(&zh), codes_and_lines(&canonical_en), "{}", path.display());
        seen += 1;
    }
    assert!(seen > 60, "only {seen} files converted");
}

#[test]
fn the_chinese_twins_are_the_bundled_policies_in_chinese() {
    for name in ["customer-service", "customer-service-draft", "qa-scorecard", "sales-commission", "rider-penalties"] {
        let english = std::fs::read_to_string(format!("{ROOT}/policies/{name}.kh")).unwrap();
        let chinese = std::fs::read_to_string(format!("{ROOT}/policies/{name}.zh.kh")).unwrap();
        assert!(chinese.contains("\n规定 \"") || chinese.starts_with("规定 \""), "{name}: not in the Chinese dialect");
        assert_eq!(
            convert(&english, Dialect::Chinese),
            chinese,
            "{name}.zh.kh is not `kaohe fmt --dialect zh {name}.kh`"
        );
    }
}

/// Every figure of a month's JSON report but the explanations' wording (which quotes the
/// policy as written).
fn figures(report: &serde_json::Value) -> serde_json::Value {
    let mut r = report.clone();
    for a in r["agents"].as_array_mut().unwrap() {
        for n in a["not_counted"].as_array_mut().unwrap() {
            n["why"] = serde_json::Value::Null;
        }
        for c in a["caps"].as_array_mut().into_iter().flatten() {
            c["cap"] = serde_json::Value::Null;
        }
    }
    r
}

#[test]
fn a_chinese_twin_evaluates_exactly_like_its_english_policy() {
    let months = [
        ("customer-service", "2024-10", "examples/2024-10"),
        ("qa-scorecard", "2024-11", "examples/qa-scorecard/2024-11"),
        ("sales-commission", "2024-11", "examples/sales-commission/2024-11"),
        ("rider-penalties", "2024-11", "examples/rider-penalties/2024-11"),
    ];
    for (name, month, dir) in months {
        let agents = std::fs::read_to_string(format!("{ROOT}/{dir}/agents.csv")).unwrap();
        let incidents = std::fs::read_to_string(format!("{ROOT}/{dir}/incidents.csv")).unwrap();
        let english = std::fs::read_to_string(format!("{ROOT}/policies/{name}.kh")).unwrap();
        let chinese = std::fs::read_to_string(format!("{ROOT}/policies/{name}.zh.kh")).unwrap();
        let en = common::eval_json(&english, month, &agents, &incidents);
        let zh = common::eval_json(&chinese, month, &agents, &incidents);
        assert!(figures(&zh) == figures(&en), "{name}: the Chinese twin's month differs");
        assert!(en["agents"].as_array().unwrap().len() >= 17);
    }
}

const ZH: &str = r#"规定 "骑手奖惩" {
  生效 2024-01-01
  状态 执行
}
单位 公里 (km, 千米)
员工 {
  「工资」: 金额 = 0 元
}
事件 {
  「等级」: 之一 ("重大", "一般") = "一般"
  距离: 公里 = 0 公里
}
等级 骑手 {
  底薪 = 3000 元
}
程度 时效类 {
  上限 罚款 = 20 元
}
违规 超时送达 {
  程度 时效类
  扣分 = 1 分
  罚款 = 如果 第几次 >= 2 则 10 元 否则 5 元
  上限 罚款 = 15 元 每日
  当 事件.等级 == "一般" 或 事件.距离 > 5 km
}
设 when = 次数(超时送达 其中 事件.等级 == "一般")
工资 {
  实发 = 等级.底薪 + 员工.「工资」 - 罚款
  次 = when
  合格 = 非 (工龄 < 3 个月)
}
"#;

#[test]
fn a_policy_without_one_english_word() {
    let p = common::program(ZH);
    assert_eq!(p.severities[0].caps.len(), 1);
    assert_eq!(p.violations[0].caps.len(), 1);
    let report = common::eval_json(
        ZH,
        "2024-11",
        "id,name,tier,hired_on,工资\nR1,张三,骑手,2023-01-01,200\n",
        "agent,date,violation,等级,距离\nR1,2024-11-04,超时送达,一般,\nR1,2024-11-04,超时送达,重大,6km\nR1,2024-11-05,超时送达,重大,1 千米\n",
    );
    let r1 = common::agent(&report, "R1");
    // 11-04: 5 + 10 = 15 (the day's cap); 11-05 not counted; the severity's 20 not reached.
    assert_eq!(r1["fine"], "15.00");
    assert_eq!(r1["points"], "2");
    assert_eq!(r1["pay"]["实发"], "3185.00", "3000 + the field 「工资」 200 - 15");
    assert_eq!(r1["pay"]["次"], "1", "`when` is a name in a Chinese-dialect file");
    assert_eq!(r1["pay"]["合格"], true);
}

/// A construct that begins or ends with a quoted name spans its `「」` (explanations and
/// diagnostics quote it whole); the name itself spans what is between them.
#[test]
fn quoted_names_inside_the_spans_of_what_holds_them() {
    let text = ZH
        .replace("  次 = when\n", "  次 = 「工资」\n  「工资」 = 员工.「工资」 + 「次」\n")
        .replace("  次 = 「工资」", "  「次」 = 「工资」");
    let source = Source::new("x.kh", text);
    let (file, diags) = kaohe::syntax::parse(&source);
    assert!(diags.is_empty(), "{diags:?}");
    let file = file.unwrap();
    let lines = file
        .decls
        .iter()
        .find_map(|d| match &d.kind {
            kaohe::syntax::ast::DeclKind::Pay(lines) => Some(lines),
            _ => None,
        })
        .unwrap();
    let text_of = |span: &kaohe::Span| source.text()[span.start..span.end].to_string();
    let got: Vec<(String, String, String)> =
        lines.iter().map(|l| (l.name.name.clone(), text_of(&l.name.span), text_of(&l.value.span))).collect();
    assert_eq!(
        got,
        [
            ("实发".into(), "实发".into(), "等级.底薪 + 员工.「工资」 - 罚款".into()),
            ("次".into(), "次".into(), "「工资」".into()),
            ("工资".into(), "工资".into(), "员工.「工资」 + 「次」".into()),
            ("合格".into(), "合格".into(), "非 (工龄 < 3 个月)".into()),
        ]
    );
}

#[test]
fn words_of_the_other_dialect() {
    // In an English file `工资` and `等级` are names.
    let english = "policy \"x\" {\n  effective 2024-01-01\n  status active\n}\nagent {\n  等级: text = \"A\"\n}\ntier 客服 {\n  底薪 = 3000 元\n}\nseverity 轻度\nviolation 迟到 {\n  severity 轻度\n  points = 1 分\n}\npay {\n  工资 = tier.底薪\n  级 = agent.等级\n}\n";
    assert!(codes_and_lines(english).is_empty(), "{:?}", codes_and_lines(english));
    // An English keyword where a Chinese-dialect file wants its own is refused with the fix.
    let mixed = ZH.replace("违规 超时送达 {", "violation 超时送达 {");
    let checked = check_source(&Source::new("x.kh", mixed));
    let d = &checked.diagnostics[0];
    assert_eq!((d.code, d.span.as_ref().unwrap().line()), (Code::Syntax, 19));
    assert_eq!(d.message, "expected end of file or a declaration, found `violation`");
    assert_eq!(
        d.help.as_deref(),
        Some("this file is written with Chinese keywords (it begins with `规定`): write `违规` for `violation`")
    );
    // And the reverse.
    let reverse = english.replace("violation 迟到 {", "违规 迟到 {");
    let checked = check_source(&Source::new("x.kh", reverse));
    assert!(checked.diagnostics[0].help.as_deref().unwrap().starts_with(
        "this file is written with English keywords (it begins with `policy`): write `violation` for `违规`"
    ));
}

#[test]
fn full_width_punctuation_and_digits_are_read_and_written_half_width() {
    let typed = ZH
        .replace("底薪 = 3000 元", "底薪 ＝ ３０００ 元")
        .replace("之一 (\"重大\", \"一般\")", "之一（“重大”，“一般”）");
    let checked = check_source(&Source::new("x.kh", typed.clone()));
    assert!(checked.program.is_some(), "full-width marks are warnings, never errors");
    assert!(checked.diagnostics.iter().all(|d| d.code == Code::Fullwidth && !d.is_error()));
    assert_eq!(checked.diagnostics.len(), 9, "one for `３０００`, one for each mark");
    let formatted = kaohe::fmt::format_source(&Source::new("x.kh", typed)).unwrap();
    assert_eq!(formatted, kaohe::fmt::format_source(&Source::new("x.kh", ZH.to_string())).unwrap());
    // Cells too: full-width digits and signs in numbers and dates.
    let report = common::eval_json(
        ZH,
        "2024-11",
        "id,name,tier,hired_on,工资\nR1,张三,骑手,２０２３－０１－０１,２００．５\n",
        "agent,date,violation\n",
    );
    assert_eq!(common::agent(&report, "R1")["pay"]["实发"], "3200.50");
}
