//! The message files (`locales/<lang>/kaohe.ftl`) are whole: both parse, hold the same
//! ids with the same placeholders, every `tr!` in the code names a message and passes
//! exactly its placeholders, and every message is used. Then Chinese output of the
//! binary, text for text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use kaohe::i18n::Lang;

/// Each message's placeholders (`{ $name }`, also inside selectors).
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match fluent_syntax::parser::parse(lang.messages()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{}: the message file does not parse: {errors:?}", lang.as_str()),
    };
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            assert!(out.insert(m.id.name.to_string(), vars).is_none(), "{}: `{}` twice", lang.as_str(), m.id.name);
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn both_languages_have_every_message_with_the_same_placeholders() {
    let en = messages(Lang::En);
    let zh = messages(Lang::Zh);
    let only_en: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty() && only_zh.is_empty(), "only in en: {only_en:?}; only in zh: {only_zh:?}");
    for (id, vars) in &en {
        assert_eq!(Some(vars), zh.get(id), "`{id}`: the placeholders differ between en and zh");
    }
    assert!(en.len() > 100, "{} messages", en.len());
}

/// Every `tr!("id", a = …, b = …)` and `tr_in!(lang; "id", a = …)` in `src/`: its id
/// and the names it passes.
fn calls() -> Vec<(String, String, BTreeSet<String>)> {
    let mut files = Vec::new();
    rust_files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut files);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("tr!(").into_iter().chain(rest.find("tr_in!(")).min() {
            let marker = if rest[i..].starts_with("tr!(") { 4 } else { 7 };
            let mut after = rest[i + marker..].trim_start();
            if marker == 7 {
                after = after.split_once(';').map_or("", |(_, a)| a.trim_start());
            }
            if rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') || !after.starts_with('"') {
                rest = &rest[i + marker..];
                continue;
            }
            let after = &after[1..];
            let id_end = after.find('"').unwrap();
            let id = after[..id_end].to_string();
            let args = call_args(&after[id_end + 1..]);
            out.push((file.display().to_string(), id, args));
            rest = &after[id_end..];
        }
    }
    out
}

/// The names of `name = value` arguments up to the call's closing parenthesis.
fn call_args(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let (mut depth, mut in_str, mut start) = (0i32, false, 0usize);
    let mut prev = '\0';
    for (k, c) in text.char_indices() {
        if in_str {
            if c == '"' && prev != '\\' {
                in_str = false;
            }
            prev = if prev == '\\' && c == '\\' { '\0' } else { c };
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                arg_name(&text[start..k], &mut names);
                break;
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                arg_name(&text[start..k], &mut names);
                start = k + 1;
            }
            _ => {}
        }
        prev = c;
    }
    names
}

fn arg_name(arg: &str, names: &mut BTreeSet<String>) {
    if let Some((name, _)) = arg.split_once('=') {
        let name = name.trim();
        if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            names.insert(name.to_string());
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Messages looked up by an id made at run time: the command line's help
/// (`cli-<command>-<option>`), column titles (`column-<csv column>`), the grammar's rules
/// named in syntax errors.
const MADE_AT_RUN_TIME: [&str; 4] = ["cli-", "column-", "syntax-rule-", "syntax-list-"];

#[test]
fn every_call_names_a_message_and_passes_its_placeholders() {
    let en = messages(Lang::En);
    let calls = calls();
    assert!(calls.len() > 50, "{} calls", calls.len());
    for (file, id, args) in &calls {
        let Some(vars) = en.get(id) else { panic!("{file}: `tr!(\"{id}\")` names no message") };
        assert_eq!(args, vars, "{file}: `{id}` is passed other arguments than it uses");
    }
    let used: BTreeSet<&str> = calls.iter().map(|(_, id, _)| id.as_str()).collect();
    let unused: Vec<&String> = en
        .keys()
        .filter(|k| !used.contains(k.as_str()) && !MADE_AT_RUN_TIME.iter().any(|p| k.starts_with(p)))
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}

#[test]
fn the_explanation_of_the_sample_month_in_chinese() {
    let out = crate::common::kaohe_zh(&crate::common::sample_month_args(&["--explain", "A019"]));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let head = "A019 林小凤 — 初级客服，2024-10\n  工龄：6 个月（203 天），截至 2024-11-01\n\n计入的事件（4 条）\n  \
                2024-10-06 迟到（轻度）：1 分  [第 12 行]\n";
    assert!(text.starts_with(head), "{text}");
    for line in [
        "  2024-10-13 私带设备（重度）：20 分，赔偿 3999.99 元  [第 33 行]   (incident.cost = 3999.99 元)\n",
        "追加处罚\n  未良好履行职责（重度）：未触发：count(中度) = 0 < 2，且 count(轻度) = 1 < 4\n      条件 `count(中度) >= 2 or count(轻度) >= 4`：count(中度) = 0, count(轻度) = 1\n",
        "合计：扣分 41 分，赔偿 3999.99 元；次数：重度 3, 中度 0, 轻度 1\n",
        "等级要求\n  中级客服（晋升）：`tenure >= 3 months` 满足：tenure = 6 months\n",
        "  → 符合本等级要求（tier_ok）：是；晋升：中级客服\n\n工资\n",
    ] {
        assert!(text.contains(line), "no {line:?} in\n{text}");
    }
    // `--lang` outranks KAOHE_LANG.
    let out = crate::common::kaohe_zh(&crate::common::sample_month_args(&["--explain", "A019", "--lang", "en"]));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("A019 林小凤 — 初级客服, 2024-10\n  tenure: 6 months (203 days) at 2024-11-01\n"));
}

/// Usage lines name what each value is in the reader's language (`<月份>`, `<文件>`),
/// and every value of a value option says what it means; the values are typed as they are.
#[test]
fn value_names_and_the_meaning_of_values_in_both_languages() {
    let out = crate::common::kaohe_zh(&["eval", "-h"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("\n用法：kaohe eval [选项] --month <月份> --agents <文件> --incidents <文件> <规定>\n"),
        "{help}"
    );
    assert!(help.contains("\n      --explain <工号>  "), "{help}");
    let out = crate::common::kaohe_zh(&["eval", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("\n          - xlsx：Excel 工作簿（需要 `--output`）\n"), "{help}");
    assert!(help.contains("\n          - yes：总是加\n"), "{help}");
    let out = crate::common::kaohe_zh(&["history", "-h"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("用法：kaohe history [选项] <工号>\n"), "{help}");
    assert!(help.contains("\n      --ledger <账本>  "), "{help}");
    let out = crate::common::kaohe_zh(&["fmt", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("\n          - zh：中文关键字：规定、违规、扣分…\n"), "{help}");
    let out = crate::common::kaohe_zh(&["eval", "x.kh", "--month", "2024", "--agents", "a", "--incidents", "b"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("错误：`--month <月份>` 的值 `2024` 无效："), "{err}");
    // English keeps clap's words and says what each value is too.
    let out = crate::common::kaohe(&["eval", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("Usage: kaohe eval [OPTIONS] --month <MONTH> --agents <FILE> --incidents <FILE> <POLICY>\n"),
        "{help}"
    );
    assert!(help.contains("\n          - xlsx:  an Excel workbook (needs `--output`)\n"), "{help}");
    assert!(help.contains("\n          - table: a table for the terminal\n"), "{help}");
}

#[test]
fn usage_errors_and_help_in_chinese() {
    let out = crate::common::kaohe_zh(&crate::common::sample_month_args(&["--explain", "A019", "--format", "xlsx"]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "错误：`--explain` 输出的是文字或 JSON，不能写成工作簿：请用 `--format table` 或 `--format json`\n"
    );
    let out = crate::common::kaohe_zh(&["eval", "--formt", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("错误：没有参数 `--formt`\n\n  提示：有一个相近的：`--format`\n"), "{err}");
    let out = crate::common::kaohe_zh(&["check", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.starts_with("检查规定文件，列出发现的全部问题\n\n用法：kaohe check [选项] <规定>..."), "{help}");
    // `--help` lists each value with its meaning; `-h` names them.
    assert!(help.contains("诊断信息的输出格式［默认：human］\n"), "{help}");
    assert!(help.contains("可选的值：\n          - human：给人看：每条诊断连同它所指的那几行\n"), "{help}");
    let out = crate::common::kaohe_zh(&["check", "-h"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("诊断信息的输出格式［默认：human；可选：human、json］"), "{help}");
    let out = crate::common::kaohe_zh(&["--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("\n用法：kaohe [选项] <命令>\n"), "{help}");
    // `kaohe test` ends with the same line in every language.
    let out = crate::common::kaohe_zh(&["test", "policies/customer-service.kh"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ok     policies/customer-service.kh: 快照 2024-10（30 名员工）\n"), "{text}");
    let last = text.lines().last().unwrap();
    let passed = last.strip_suffix(" passed, 0 failed").unwrap_or_else(|| panic!("last line {last:?}"));
    assert!(passed.parse::<usize>().unwrap() > 0, "{last}");
}

#[test]
fn the_workbook_and_the_table_in_chinese() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("结果.xlsx");
    let out = crate::common::kaohe_zh(&crate::common::sample_month_args(&[
        "--format",
        "xlsx",
        "--output",
        target.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(std::fs::read(&target).unwrap())).unwrap();
    assert_eq!(book.sheet_names(), ["结果", "违规明细", "汇总", "说明"]);
    let header = |book: &mut Xlsx<_>, sheet: &str| -> Vec<String> {
        let range = book.worksheet_range(sheet).unwrap();
        range.rows().next().unwrap().iter().map(|c| c.to_string()).collect()
    };
    let results = header(&mut book, "结果");
    assert_eq!(
        results[..10],
        ["工号", "姓名", "等级", "工龄（月）", "扣分", "赔偿", "罚款", "追加处罚", "晋升", "符合本等级要求"]
    );
    assert_eq!(
        header(&mut book, "违规明细"),
        ["工号", "姓名", "日期", "违规", "程度", "扣分", "赔偿", "条款", "行号", "罚款"]
    );
    assert_eq!(header(&mut book, "汇总")[..2], ["等级", "人数"]);
    assert_eq!(header(&mut book, "说明"), ["工号", "姓名", "项目", "说明"]);
    let range = book.worksheet_range("说明").unwrap();
    let a002: Vec<Vec<String>> =
        range.rows().filter(|r| r[0] == "A002").map(|r| r.iter().skip(2).map(|c| c.to_string()).collect()).collect();
    assert_eq!(
        a002,
        [
            ["绩效工资", "绩效系数(score = 100 分)：第 138 行的 `score >= 95 分` → 100%"],
            ["未良好履行职责", "未触发：count(中度) = 0 < 2，且 count(轻度) = 0 < 4"],
            ["中级客服", "`tenure >= 3 months` 不满足：tenure = 2 months < 3 months"],
            ["晋升", "无：中级客服 要求 `tenure >= 3 months`：tenure = 2 months < 3 months"],
        ]
    );

    let out = crate::common::kaohe_zh(&crate::common::sample_month_args(&[]));
    let table = String::from_utf8(out.stdout).unwrap();
    let head = table.lines().nth(1).unwrap();
    let titles: Vec<&str> = head.split('┆').map(|c| c.trim_matches(|c: char| c == '│' || c.is_whitespace())).collect();
    assert_eq!(titles[..6], ["工号", "姓名", "等级", "扣分", "追加处罚", "晋升"], "{table}");
    // CSV keeps its column names in every language.
    let out = crate::common::kaohe_zh(&crate::common::sample_month_args(&["--format", "csv"]));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("id,name,tier,tenure_months,points,"));
}

/// `kaohe check --format json` of `policy` in Chinese: its diagnostics.
fn check_in_chinese(policy: &str) -> Vec<(String, String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.kh");
    std::fs::write(&path, policy).unwrap();
    let out = crate::common::kaohe_zh(&["check", "--format", "json", path.to_str().unwrap()]);
    diagnostics(&out.stderr)
}

/// Diagnostics as `--diagnostics json` gives them: (code, message, label, help).
fn diagnostics(stderr: &[u8]) -> Vec<(String, String, String, String)> {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            (s("code"), s("message"), s("label"), s("help"))
        })
        .collect()
}

#[test]
fn record_errors_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let incidents = dir.path().join("incidents.csv");
    std::fs::write(&incidents, "agent,date,violation,minutes,cost\nA091,2024-10-06,迟到,,\nA017,2024-11-02,迟到,,\n")
        .unwrap();
    let mut args = crate::common::sample_month_args(&["--diagnostics", "json"]);
    args[7] = incidents.to_str().unwrap();
    let out = crate::common::kaohe_zh(&args);
    assert_eq!(out.status.code(), Some(1));
    let d = |code: &str, message: &str, label: &str, help: &str| {
        (code.to_string(), message.to_string(), label.to_string(), help.to_string())
    };
    assert_eq!(
        diagnostics(&out.stderr),
        [
            d(
                "kaohe::record::unknown_agent",
                "第 2 行的事件记在员工 `A091` 名下，但花名册里没有这名员工",
                "未知员工",
                "是不是要写 `A001`？"
            ),
            d(
                "kaohe::record::date_outside_month",
                "事件日期 2024-11-02 不在 2024-10 内",
                "不在 2024-10 内",
                "只有 2024-10-01 至 2024-10-31 的事件属于这个月"
            ),
        ]
    );
    // For people: miette's `help:` is said in Chinese too.
    let out = crate::common::kaohe_zh(&args[..args.len() - 2]);
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("  × 第 2 行的事件记在员工 `A091` 名下，但花名册里没有这名员工\n"), "{text}");
    assert!(text.contains("  提示：是不是要写 `A001`？\n"), "{text}");
    assert!(!text.contains("help:"), "{text}");
}

#[test]
fn check_errors_with_did_you_mean_in_chinese() {
    let out = crate::common::kaohe_zh(&["check", "--format", "json", "tests/check/undefined-count-violation-typo.kh"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        diagnostics(&out.stderr),
        [(
            "kaohe::undefined".to_string(),
            "`旷公` 没有定义".to_string(),
            "未定义".to_string(),
            "是不是要写 `旷工`？".to_string()
        )]
    );
    let out = crate::common::kaohe_zh(&["check", "--format", "json", "tests/check/duplicate-violation.kh"]);
    let (code, message, label, help) = diagnostics(&out.stderr).remove(0);
    assert_eq!(code, "kaohe::duplicate");
    assert_eq!(message, "`旷工` 声明了两次");
    assert_eq!(label, "这里再次声明了违规项 `旷工`");
    assert_eq!(help, "每个等级、违规程度、违规项、追加处罚、let、表和工资项都需要一个不重复的名称");
    let out = crate::common::kaohe_zh(&["check", "tests/check/undefined-agent-field.kh"]);
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("  × `agent` 没有字段 `leadsteam`\n"), "{text}");
    assert!(text.contains("╰── 未知字段\n"), "{text}");
    assert!(text.contains("  提示：是不是要写 `agent.leads_team`？\n"), "{text}");
}

#[test]
fn syntax_errors_in_chinese() {
    let out = crate::common::kaohe_zh(&["check", "--format", "json", "tests/check/syntax-assign-in-when.kh"]);
    let (code, message, label, help) = diagnostics(&out.stderr).remove(0);
    assert_eq!(code, "kaohe::syntax");
    assert_eq!(message, "这里应为 `and`、`or`、比较运算 或 运算符，却是 `=`");
    assert_eq!(label, "这里不应出现 `=`");
    assert_eq!(help, "比较请用 `==`；单个 `=` 是给名称赋值");
}

#[test]
fn unit_mismatches_in_chinese() {
    let out =
        crate::common::kaohe_zh(&["check", "--format", "json", "tests/check/unit_mismatch-bare-number-points.kh"]);
    let (code, message, label, help) = diagnostics(&out.stderr).remove(0);
    assert_eq!(code, "kaohe::unit_mismatch");
    // Types are named in the language of the message; code is quoted as the file writes it.
    assert_eq!(message, "`points` 应为 分数，而不是 数值");
    assert_eq!(label, "这是 数值");
    assert_eq!(help, "请给数字加上单位：`10 分`");
}

/// A Chinese-dialect policy's diagnostics quote its own words: `扣分`, `如果 … 则 … 否则`,
/// `3 个月`, and never an English keyword it does not contain.
#[test]
fn diagnostics_quote_a_chinese_dialect_file_in_its_words() {
    let policy = "规定 \"x\" {\n  生效 2024-10-01\n  状态 执行\n}\n等级 客服 {\n  底薪 = 3000 元\n}\n程度 轻度\n违规 迟到 {\n  程度 轻度\n  扣分 = 1\n}\n设 甲 = 如果 工龄 > 3 则 1 分 否则 0 分\n设 when = 非 1\n工资 {\n  实发 = 等级.底薪 - 甲 * 0 元/分\n}\n";
    let got = check_in_chinese(policy);
    let messages: Vec<(&str, &str, &str)> =
        got.iter().map(|(c, m, _, h)| (c.as_str(), m.as_str(), h.as_str())).collect();
    assert_eq!(
        messages,
        [
            ("kaohe::unit_mismatch", "`扣分` 应为 分数，而不是 数值", "请给数字加上单位：`1 分`"),
            ("kaohe::unit_mismatch", "不能把 月数 和 数值 比较", "请给数字加上单位：`3 个月`"),
            ("kaohe::type_mismatch", "`非` 的操作数 应为 是否，而不是 数值", "请通过比较得到是/否，例如 `1 >= 1`"),
        ],
        "{got:?}"
    );
}

#[test]
fn full_width_punctuation_in_chinese() {
    let out = crate::common::kaohe_zh(&["check", "--format", "json", "tests/check/fullwidth-comma.kh"]);
    assert_eq!(out.status.code(), Some(0));
    let (code, message, label, help) = diagnostics(&out.stderr).remove(0);
    assert_eq!(code, "kaohe::fullwidth");
    assert_eq!(message, "字符串之外出现了全角的 `，`");
    assert_eq!(label, "全角标点");
    assert_eq!(help, "请改用 `,`（把输入法切换到半角）");
}

/// Checking messages of rules, types, rounding and history, in Chinese, for a policy in
/// the Chinese dialect.
#[test]
fn rules_types_rounding_and_history_in_chinese() {
    let policy = "规定 \"x\" {\n  生效 2024-10-01\n  状态 执行\n}\n员工 {\n  级别: 级数 = 0\n}\n等级 客服 {\n  底薪 = 3000 元\n}\n程度 中度\n违规 迟到 {\n  程度 中度\n  扣分 = 1 分\n}\n追加 屡次迟到 {\n  程度 中度\n  扣分 = 5 分\n}\n工资 {\n  实发 = 四舍五入(等级.底薪, 3)\n  近期 = 近几月(0, 次数(迟到))\n  旧 = 上月(员工.级别, 0)\n}\n";
    let got = check_in_chinese(policy);
    let want = [
        ("kaohe::undefined", "未知的类型 `级数`", "这不是类型", "可用的类型有：金额、分数、时长、月数、天数、数值、日期、是否、文本、等级、程度、违规"),
        ("kaohe::missing_attribute", "追加处罚 `屡次迟到` 没有 `当` 条件", "缺少 `当`", "追加处罚按当月的次数触发：请加上条件，例如 `当 次数(中度) >= 2`"),
        ("kaohe::type_mismatch", "金额最多精确到分：`3` 超过了 2 位", "超过 2 位小数", "金额以分为最小单位：请写 `四舍五入(x, 2)` 或更少的位数"),
        ("kaohe::type_mismatch", "`近几月` 的月数应为 1 到 120 之间的整数", "这不是月数", "请直接写出数字，例如 `近几月(3, 次数(迟到))`"),
        ("kaohe::scope", "`员工.级别` 是员工的字段，已结账的月份不保存它", "`上月` 要在以前的月份里读取它", "已结账的月份保存它的各工资项、`扣分`、`赔偿`、`罚款` 及其小计、`次数` 和 `种数`、`等级` 和 `工龄`；要把别的数字带到以后的月份，请把它写成一个工资项"),
    ];
    let got: Vec<(&str, &str, &str, &str)> =
        got.iter().map(|(c, m, l, h)| (c.as_str(), m.as_str(), l.as_str(), h.as_str())).collect();
    assert_eq!(got, want);
}

/// A small policy of the tutorial's, its month's records, and a revision, in a folder.
fn small_policies() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let policy = |points: &str, extra: &str| {
        format!(
            "policy \"我的客服考核\" {{\n  effective 2024-10-01\n  status active\n}}\n\n\
             tier 客服 {{ base_salary = 3000 元 }}\n\nseverity 轻度\n\n\
             violation 迟到 {{\n  severity 轻度\n  points = {points}\n}}\n{extra}\n\
             pay {{\n  基本工资 = tier.base_salary\n  扣款 = 20 元/分 * points\n  实发工资 = 基本工资 - 扣款\n}}\n\n\
             test \"迟到两次\" {{\n  month 2024-10\n  agent A1 {{ name = \"张三\", tier = 客服, hired_on = 2024-03-01 }}\n  \
             incident A1 {{ date = 2024-10-08, violation = 迟到 }}\n  incident A1 {{ date = 2024-10-15, violation = 迟到 }}\n  \
             expect A1.points == 2 分\n}}\n"
        )
    };
    let files = [
        ("old.kh", policy("1 分", "")),
        ("new.kh", policy("2 分", "\nlet 全勤奖 = 100 元\n")),
        ("agents.csv", "id,name,tier,hired_on\nA1,张三,客服,2024-03-01\nA2,李四,客服,2024-09-16\n".to_string()),
        (
            "incidents.csv",
            "agent,date,violation\nA1,2024-10-08,迟到\nA1,2024-10-15,迟到\nA2,2024-10-21,迟到\n".to_string(),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn in_dir(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_str().unwrap().to_string()
}

#[test]
fn the_report_of_kaohe_diff_in_chinese() {
    let dir = small_policies();
    let (old, new, agents, incidents) =
        (in_dir(&dir, "old.kh"), in_dir(&dir, "new.kh"), in_dir(&dir, "agents.csv"), in_dir(&dir, "incidents.csv"));
    let args = ["diff", &old, &new, "--month", "2024-10", "--agents", &agents, "--incidents", &incidents];
    let out = crate::common::kaohe_zh(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "条文的改动\n  \
         violation 迟到：points 1 分 → 2 分\n  \
         新增 let 全勤奖\n\n\
         员工（2 名中有 2 名结果有变化）\n  \
         A1 张三：扣分 2 → 4；扣款 40.00 → 80.00；实发工资 2960.00 → 2920.00\n  \
         A2 李四：扣分 1 → 2；扣款 20.00 → 40.00；实发工资 2980.00 → 2960.00\n\n\
         全体员工合计\n  \
         基本工资：6000.00 → 6000.00（+0.00）\n  \
         扣款：60.00 → 120.00（+60.00）\n  \
         实发工资：5940.00 → 5880.00（-60.00）\n"
    );
    // The JSON report is for machines: its keys and its `change` stay as they are.
    let out = crate::common::kaohe_zh(&[&args[..], &["--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["declarations"][0]["change"], "violation 迟到: points 1 分 → 2 分");
    assert_eq!(json["agents"][0]["changes"][0]["figure"], "points");
}

#[test]
fn an_output_file_that_cannot_be_written_in_chinese() {
    let dir = small_policies();
    let folder = dir.path().to_str().unwrap();
    let (policy, agents, incidents) =
        (in_dir(&dir, "old.kh"), in_dir(&dir, "agents.csv"), in_dir(&dir, "incidents.csv"));
    let args = ["eval", &policy, "--month", "2024-10", "--agents", &agents, "--incidents", &incidents];
    let out = crate::common::kaohe_zh(&[&args[..], &["--output", folder, "--diagnostics", "json"]].concat());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        diagnostics(&out.stderr),
        [(
            "kaohe::io".to_string(),
            format!("无法写入 `{folder}`：这是一个文件夹"),
            String::new(),
            "请写出其中的一个文件，例如 `--output result.json`".to_string()
        )]
    );
}

#[test]
fn snapshot_messages_in_chinese() {
    let dir = small_policies();
    let (policy, agents, incidents) =
        (in_dir(&dir, "old.kh"), in_dir(&dir, "agents.csv"), in_dir(&dir, "incidents.csv"));
    let take = ["snapshot", &policy, "--month", "2024-10", "--agents", &agents, "--incidents", &incidents];
    let out = crate::common::kaohe_zh(&[&take[..], &["--name", "十月/底"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("错误：快照的名字里不能有 `/`：请只用文字、数字、`-`、`_` 和 `.`\n"), "{err}");
    // A snapshot file that is not one: what is wrong, where, and what to do.
    std::fs::create_dir(dir.path().join("snapshots")).unwrap();
    std::fs::write(dir.path().join("snapshots/old__2024-10.snap"), "---\nsource: old.kh\n").unwrap();
    let out = crate::common::kaohe_zh(&["test", &policy, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let file = in_dir(&dir, "snapshots/old__2024-10.snap");
    let found = diagnostics(&out.stderr);
    assert!(
        found.contains(&(
            "kaohe::snapshot::malformed".to_string(),
            format!("`{file}` 不是考核能读取的快照：文件头没有结束"),
            "这一行之后没有 `---`".to_string(),
            "快照由 `kaohe snapshot` 生成；请重新拍快照，或从版本库中恢复这个文件".to_string()
        )),
        "{found:?}"
    );
}

#[test]
fn the_coverage_report_in_chinese() {
    let dir = small_policies();
    let policy = in_dir(&dir, "old.kh");
    let out = crate::common::kaohe_zh(&["test", &policy, "--coverage"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let report: Vec<&str> = text.lines().skip_while(|l| !l.contains("的覆盖率")).collect();
    assert_eq!(
        report,
        [
            format!("{policy} 的覆盖率（1 个算例）：1 种条款结果中覆盖了 1 种").as_str(),
            "  第   10 行  violation 迟到：计入 2 次",
            "每种条款结果都覆盖到了",
        ]
    );
}

/// `kaohe diff` of two Chinese-dialect revisions names what changed in their words.
#[test]
fn the_report_of_kaohe_diff_speaks_the_chinese_dialect() {
    let dir = tempfile::tempdir().unwrap();
    let old =
        std::fs::read_to_string(format!("{}/policies/customer-service.zh.kh", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let new = old.replacen("设 最低工资 = 2420 元", "设 最低工资 = 2500 元", 1).replacen(
        "违规 迟到 {\n  程度 轻度\n  扣分 = 1 分\n}",
        "违规 迟到 {\n  程度 轻度\n  扣分 = 2 分\n  当 事件.日期 >= 2024-10-02\n}",
        1,
    );
    assert_ne!(old, new);
    let (a, b) = (dir.path().join("a.kh"), dir.path().join("b.kh"));
    std::fs::write(&a, &old).unwrap();
    std::fs::write(&b, &new).unwrap();
    let diff = ["diff", a.to_str().unwrap(), b.to_str().unwrap()];
    let out = crate::common::kaohe_zh(&[&diff[..], &crate::common::SAMPLE_MONTH].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().take(6).collect();
    assert_eq!(
        lines,
        [
            "条文的改动",
            "  设 最低工资：值 2420 元 → 2500 元",
            "  违规 迟到：扣分 1 分 → 2 分",
            "  违规 迟到：新增 当 事件.日期 >= 2024-10-02",
            "",
            "员工（30 名中有 18 名结果有变化）",
        ]
    );
}
