//! Hostile and broken input: what `check` accepts, `eval` runs; what it cannot run, it
//! refuses with a diagnostic instead of crashing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::{check_source, Code, Source};

use crate::common::{self, kaohe};

const HEAD: &str = r#"policy "t" {
  effective 2024-01-01
  status active
}
tier 初级 {
  base = 100 元
}
severity 重度
violation 旷工 {
  severity 重度
  points = 1 分
}
"#;

/// A chain of `n` lets, each one more than the one before, and a pay line reading the last.
fn let_chain(n: usize) -> String {
    let mut text = format!("{HEAD}let l0 = 1 元\n");
    for i in 1..n {
        text.push_str(&format!("let l{i} = l{} + 1 元\n", i - 1));
    }
    text.push_str(&format!("pay {{\n  实发 = l{}\n}}\n", n - 1));
    text
}

fn codes(text: &str) -> Vec<Code> {
    check_source(&Source::new("t.kh", text.to_string())).diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn a_long_let_chain_is_refused_by_check_and_eval_and_diff_alike() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("lets.kh");
    // 25,000 links overflowed the evaluator's stack once `check` had passed them; 2,000
    // are as far past the limit, and quicker to check three times in a debug build.
    assert_eq!(codes(&let_chain(25_000)), [Code::TooDeep]);
    std::fs::write(&policy, let_chain(2_000)).unwrap();
    std::fs::write(dir.path().join("a.csv"), "id,name,tier,hired_on\nA1,x,初级,2024-01-01\n").unwrap();
    std::fs::write(dir.path().join("i.csv"), "agent,date,violation\n").unwrap();
    let p = policy.to_str().unwrap();
    let a = dir.path().join("a.csv");
    let i = dir.path().join("i.csv");
    let month = ["--month", "2024-10", "--agents", a.to_str().unwrap(), "--incidents", i.to_str().unwrap()];
    for args in
        [vec!["check", p], [vec!["eval", p], month.to_vec()].concat(), [vec!["diff", p, p], month.to_vec()].concat()]
    {
        let out = kaohe(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("kaohe::too_deep"), "{args:?}: {stderr}");
        assert!(stderr.contains("at most 1024"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_let_chain_just_within_the_limit_evaluates() {
    // Each link nests three levels (the let, `+`, the let it reads): 340 links are 1,020.
    let text = let_chain(340);
    assert!(codes(&text).is_empty());
    let report =
        common::eval_json(&text, "2024-10", "id,name,tier,hired_on\nA1,x,初级,2024-01-01\n", "agent,date,violation\n");
    assert_eq!(common::agent(&report, "A1")["pay"]["实发"], "340.00");
    assert_eq!(codes(&let_chain(342)), [Code::TooDeep]);
}

#[test]
fn lets_used_before_they_are_written_too_deep_to_check_are_an_error_not_silence() {
    // Each let reads the next one: checking the first walks the whole chain.
    let mut text = HEAD.to_string();
    for i in 0..300 {
        text.push_str(&format!("let l{i} = l{} + 1 元\n", i + 1));
    }
    text.push_str("let l300 = 1 元\npay {\n  实发 = l0\n}\n");
    let found = codes(&text);
    assert!(found.contains(&Code::TooDeep), "{found:?}");
}

#[test]
fn a_table_that_calls_itself_is_a_cycle() {
    let text = format!(
        "{HEAD}table 递归(x: number) -> number {{\n  x > 0 => 递归(x + 1)\n  else => 0\n}}\npay {{\n  实发 = tier.base * 递归(3)\n}}\n"
    );
    let checked = check_source(&Source::new("t.kh", text));
    let d = &checked.diagnostics;
    assert_eq!(d.len(), 1, "{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>());
    assert_eq!(d[0].code, Code::Cycle);
    assert_eq!(d[0].message, "table `递归` calls itself");
    assert_eq!(d[0].span.as_ref().map(|s| s.line()), Some(13));
    assert!(checked.program.is_none());
}

#[test]
fn tables_calling_each_other_are_a_cycle_naming_the_path() {
    let text = format!(
        "{HEAD}table 甲(x: number) -> number {{\n  else => 乙(x)\n}}\ntable 乙(x: number) -> number {{\n  else => 甲(x)\n}}\npay {{\n  实发 = tier.base * 甲(1)\n}}\n"
    );
    let checked = check_source(&Source::new("t.kh", text));
    let messages: Vec<&str> = checked.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["tables call each other: `甲` → `乙` → `甲`"]);
}

/// A policy with a table, for months that need no violation of their own.
fn plain_policy() -> String {
    format!("{HEAD}pay {{\n  实发 = tier.base\n}}\n")
}

#[test]
fn ten_thousand_undefined_names_are_reported_twenty_at_a_time_with_a_count() {
    let mut text = HEAD.to_string();
    for i in 0..10_000 {
        text.push_str(&format!("let v{i} = u{i} + 1\n"));
    }
    text.push_str("pay {\n  实发 = tier.base\n}\n");
    let checked = check_source(&Source::new("t.kh", text.clone()));
    assert_eq!(checked.diagnostics.len(), 10_000);
    assert!(checked.diagnostics.iter().all(|d| d.code == Code::Undefined));
    assert_eq!(checked.diagnostics[19].help.as_deref(), Some("did you mean `v19`?"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.kh");
    std::fs::write(&path, text).unwrap();
    let out = kaohe(&["check", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.matches("× `u").count(), 20, "{stderr}");
    assert!(stderr.contains("… and 9980 more like this (kaohe::undefined)"), "{stderr}");
    // Machines get every one.
    let json = kaohe(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&json.stdout).lines().count() + String::from_utf8_lossy(&json.stderr).lines().count(),
        10_000
    );
}

#[test]
fn a_renamed_violation_against_ten_thousand_agents_is_reported_at_once() {
    let mut agents = String::from("id,name,tier,hired_on\n");
    let mut incidents = String::from("agent,date,violation\n");
    for i in 0..10_000 {
        agents.push_str(&format!("A{i:05},n{i},初级,2024-01-01\n"));
        incidents.push_str(&format!("A{i:05},2024-10-{:02},旷工了\n", 1 + i % 28));
    }
    let (code, _, stderr) = eval_cli(&plain_policy(), &agents, &incidents, &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("kaohe::record::unknown_violation"), "{stderr}");
    assert!(stderr.contains("did you mean `旷工`?"), "{stderr}");
    assert!(stderr.contains("i.csv:21:19]"), "the 20th shown is on line 21: {stderr}");
    assert!(!stderr.contains("i.csv:22:19]"), "the 21st is counted, not drawn: {stderr}");
    assert!(stderr.contains("… and 9980 more like this (kaohe::record::unknown_violation)"), "{stderr}");
}

#[test]
fn a_very_long_line_is_named_by_position_not_drawn() {
    // One agent whose name is a megabyte long, with a bad date after it.
    let long = "长".repeat(400_000);
    let agents = format!("id,name,tier,hired_on\nA1,{long},初级,2024-13-01\n");
    let (code, _, stderr) = eval_cli(&plain_policy(), &agents, "agent,date,violation\n", &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.len() < 10_000, "the line was drawn: {} bytes", stderr.len());
    assert!(stderr.contains("kaohe::record::bad_value"), "{stderr}");
    // `A1,` + 400,000 characters + `,初级,`: the date starts in column 400,008.
    assert!(stderr.contains("a.csv:2:400008)"), "{stderr}");
}

#[test]
fn names_a_reader_cannot_tell_apart_are_warned_about_naming_both() {
    let zwj = format!("{HEAD}let 最低工资 = 2420 元\nlet 最低\u{200d}工资 = 100 元\npay {{\n  实发 = max(tier.base, 最低\u{200d}工资)\n}}\n");
    let checked = check_source(&Source::new("t.kh", zwj));
    assert!(checked.program.is_some(), "a warning, not an error");
    // The pay line reads the look-alike, so the real `最低工资` is left unused.
    let (d, unused): (Vec<_>, Vec<_>) = checked.diagnostics.iter().partition(|d| d.code != Code::Unused);
    assert_eq!(unused.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(), ["`最低工资` is never used"]);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].code, d[0].level), (Code::Confusable, kaohe::Level::Warning));
    assert_eq!(d[0].message, "`最低\\u{200d}工资` and `最低工资` differ only by invisible characters");
    assert_eq!(d[0].span.as_ref().map(|s| s.line()), Some(14));
    assert_eq!(d[0].related.first().map(|(s, _)| s.line()), Some(13));
    let cyrillic =
        format!("{HEAD}let base = 1 元\nlet b\u{430}se = 2 元\npay {{\n  实发 = tier.base + b\u{430}se\n}}\n");
    let d = check_source(&Source::new("t.kh", cyrillic)).diagnostics;
    assert_eq!(
        d.iter().filter(|d| d.code != Code::Unused).map(|d| (d.code, d.message.as_str())).collect::<Vec<_>>(),
        [(Code::Confusable, "`bаse` and `base` look the same")]
    );
    // Distinct names stay quiet.
    assert!(codes(&format!("{HEAD}let 基本 = 1 元\nlet 最低 = 2 元\npay {{\n  实发 = 基本 + 最低\n}}\n")).is_empty());
}

#[test]
fn agent_ids_that_differ_only_by_invisible_characters_are_refused() {
    let errors = common::eval_errors(
        &plain_policy(),
        "2024-10",
        "id,name,tier,hired_on\nA001,张三,初级,2024-01-01\nA001\u{200b},李四,初级,2024-01-01\n",
        "agent,date,violation\n",
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::RecordDuplicateAgent);
    assert_eq!(errors[0].message, "agent ids `A001\\u{200b}` and `A001` differ only by invisible characters");
    assert_eq!(errors[0].span.as_ref().map(|s| s.line()), Some(3));
}

fn eval_cli(policy: &str, agents: &str, incidents: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (p, a, i) = (dir.path().join("p.kh"), dir.path().join("a.csv"), dir.path().join("i.csv"));
    std::fs::write(&p, policy).unwrap();
    std::fs::write(&a, agents).unwrap();
    std::fs::write(&i, incidents).unwrap();
    let mut args = vec![
        "eval",
        p.to_str().unwrap(),
        "--month",
        "2024-10",
        "--agents",
        a.to_str().unwrap(),
        "--incidents",
        i.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = kaohe(&args);
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn csv_output_neutralises_formulas_and_keeps_numbers() {
    let agents = "id,name,tier,hired_on\n@SUM(1),\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",初级,2024-01-01\nA2,\"=cmd|' /C calc'!A0\",初级,2024-01-01\nA3,+86 138,初级,2024-01-01\n";
    let (code, out, err) = eval_cli(&plain_policy(), agents, "agent,date,violation\n", &["--format", "csv"]);
    assert_eq!(code, Some(0), "{err}");
    let rows: Vec<&str> = out.lines().collect();
    assert!(rows[1].starts_with("'@SUM(1),\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), "{}", rows[1]);
    assert!(rows[2].starts_with("A2,'=cmd|' /C calc'!A0,"), "{}", rows[2]);
    assert!(rows[3].starts_with("A3,'+86 138,"), "{}", rows[3]);
    // Money stays a number.
    assert!(rows[3].ends_with(",100.00"), "{}", rows[3]);
}

#[test]
fn terminal_escapes_in_names_are_shown_not_obeyed() {
    let agents = "id,name,tier,hired_on\nA1,张\u{1b}[2J三,初级,2024-01-01\n";
    let (code, table, _) = eval_cli(&plain_policy(), agents, "agent,date,violation\n", &[]);
    assert_eq!(code, Some(0));
    assert!(!table.contains('\u{1b}'), "{table}");
    assert!(table.contains("张\\u{1b}[2J三"), "{table}");
    let (_, explained, _) = eval_cli(&plain_policy(), agents, "agent,date,violation\n", &["--explain", "A1"]);
    assert!(!explained.contains('\u{1b}') && explained.contains("张\\u{1b}[2J三"), "{explained}");
    // In a diagnostic: the message and the excerpt.
    let (code, _, err) =
        eval_cli(&plain_policy(), agents, "agent,date,violation\nA\u{1b}]0;x\u{7},2024-10-01,旷工\n", &[]);
    assert_eq!(code, Some(1));
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("names agent `A\\u{1b}]0;x\\u{7}`"), "{err}");
}

#[test]
fn an_empty_json_month_is_a_month_without_incidents() {
    let dir = tempfile::tempdir().unwrap();
    let program = common::program(&plain_policy());
    let (result, warnings) = kaohe::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", b"id,name,tier,hired_on\nA1,x,\xe5\x88\x9d\xe7\xba\xa7,2024-01-01\n"),
        ("incidents.json", b"[]"),
        &kaohe::EvalOptions::default(),
    )
    .unwrap_or_else(|d| panic!("{}", kaohe::diag::render_human(&d, false)));
    assert!(warnings.is_empty());
    assert_eq!(result.agents.len(), 1);
    assert_eq!(result.agents[0].points, rust_decimal::Decimal::ZERO);
    drop(dir);
}

#[test]
fn workbook_totals_that_overflow_are_an_error_not_a_clamped_figure() {
    let policy = format!("{HEAD}pay {{\n  实发 = 50000000000000000000000000000 元\n}}\n");
    let program = common::program(&policy);
    let (result, _) = kaohe::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", "id,name,tier,hired_on\nA1,x,初级,2024-01-01\nA2,y,初级,2024-01-01\n".as_bytes()),
        ("incidents.csv", b"agent,date,violation\n"),
        &kaohe::EvalOptions::default(),
    )
    .unwrap();
    let e = kaohe::report::month_xlsx(&program, &result, &kaohe::eval::History::none())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("beyond the 28 significant digits"), "{e}");
}

#[test]
fn bidi_controls_are_errors_in_code_and_warnings_in_text() {
    let text = format!("{HEAD}let x = 1 元 // \u{202e} comment\nlet y\u{202e} = 2 元\nlet z = \"a\u{2066}b\"\npay {{\n  实发 = tier.base + x + y\n}}\n");
    let checked = check_source(&Source::new("t.kh", text));
    let got: Vec<(Code, kaohe::Level, usize)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code != Code::Unused)
        .map(|d| (d.code, d.level, d.span.as_ref().map_or(0, |s| s.line())))
        .collect();
    assert_eq!(
        got,
        [
            (Code::Bidi, kaohe::Level::Warning, 13),
            (Code::Bidi, kaohe::Level::Error, 14),
            (Code::Bidi, kaohe::Level::Warning, 15),
        ]
    );
    assert_eq!(checked.diagnostics[1].message, "a bidirectional control character (U+202E) in the policy's code");
    assert!(checked.program.is_none());
}

#[test]
fn a_line_ending_in_a_comment_still_ends_its_item_for_the_prefix_count() {
    // 1,001 lines each with one `-`: each line is its own item, comment or not.
    let mut text = HEAD.to_string();
    for i in 0..1_001 {
        text.push_str(&format!("let a{i} = -1 // 注释\n"));
    }
    text.push_str("pay {\n  实发 = tier.base\n}\n");
    assert!(!codes(&text).contains(&Code::TooDeep));
}

#[test]
fn negative_quantities_in_cells_are_refused_unless_the_field_is_signed() {
    let policy = format!(
        "{HEAD}incident {{\n  cost: money = 0 元\n  调整: signed money = 0 元\n  signed: number = 0\n}}\nviolation 损坏 {{\n  severity 重度\n  points = 1 分\n  compensation = incident.cost + incident.调整\n}}\npay {{\n  实发 = tier.base - compensation\n}}\n"
    );
    let agents = "id,name,tier,hired_on\nA1,张三,初级,2024-01-01\n";
    let errors = common::eval_errors(
        &policy,
        "2024-10",
        agents,
        "agent,date,violation,cost,调整,signed\nA1,2024-10-03,损坏,-1280.00,,\n",
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::RecordBadValue);
    assert_eq!(errors[0].message, "`cost` is negative: `-1280.00`");
    assert_eq!(
        errors[0].help.as_deref(),
        Some("correct the cell; if `cost` may be negative, declare it so: `cost: signed …`")
    );
    // A signed field may be negative, and a plain number always may.
    let report = common::eval_json(
        &policy,
        "2024-10",
        agents,
        "agent,date,violation,cost,调整,signed\nA1,2024-10-03,损坏,100.00,-30.00,-2\n",
    );
    assert_eq!(common::agent(&report, "A1")["compensation"], "70.00");
    // `signed` is for quantities only.
    let text = format!("{HEAD}agent {{\n  备注: signed text = \"\"\n}}\npay {{\n  实发 = tier.base\n}}\n");
    let d = check_source(&Source::new("t.kh", text)).diagnostics;
    assert_eq!(
        d.iter().map(|d| (d.code, d.message.as_str())).collect::<Vec<_>>(),
        [(Code::TypeMismatch, "`signed` applies to quantities, not to text")]
    );
}
