//! Hostile and broken input: what `check` accepts, `eval` runs; what it cannot run, it
//! refuses with a diagnostic instead of crashing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use kaohe::{check_source, Code, Source};

mod common;

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

fn kaohe(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kaohe")).args(args).output().unwrap()
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
