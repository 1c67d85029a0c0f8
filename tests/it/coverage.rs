//! `--coverage`: per clause, how often the worked examples or a month exercised it, and
//! exactly which outcomes they never did.

use crate::common::kaohe;

#[test]
fn the_worked_examples_miss_exactly_the_clauses_they_leave_out() {
    let out = kaohe(&["test", "--coverage", "tests/coverage/known-gaps.kh"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let missed: Vec<&str> = stdout.split("never exercised (8):\n").nth(1).unwrap().lines().collect();
    assert_eq!(
        missed,
        [
            "  line   10  tier 中级 `requires tenure >= 3 months`: never fails",
            "  line   17  violation 迟到 `when incident.minutes > 5 minutes`: never fails",
            "  line   18  violation 迟到 `cap fine = 50 元 per day`: never binds",
            "  line   20  violation 早退: never counted",
            "  line   27  escalation 屡次 `when count(迟到) >= 5`: never fires",
            "  line   31  table 系数 row `score >= 90 分`: never matches",
            "  line   32  table 系数 `else`: never matches",
            "  line   36  `if fine > 0 元`: never takes else",
        ]
    );
    assert!(
        stdout.contains(
            "coverage of tests/coverage/known-gaps.kh by 1 worked example: 6 of 14 clause outcomes exercised\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("  line   30  table 系数 row `score >= 99 分`: matches 1\n"), "{stdout}");
    assert!(
        stdout.contains("  line   27  escalation 屡次 `when count(迟到) >= 5`: fires 0, stays quiet 1\n"),
        "{stdout}"
    );
}

#[test]
fn counts_are_per_clause_so_reformatting_moves_lines_not_counts() {
    let text = std::fs::read_to_string("tests/coverage/known-gaps.kh").unwrap();
    // Two clauses joined on one line, and blank lines added above the table.
    let moved = text
        .replace("  severity 一般\n  points = 1 分\n", "  severity 一般; points = 1 分\n")
        .replace("table 系数", "\n\ntable 系数");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moved.kh");
    std::fs::write(&path, moved).unwrap();
    let out = kaohe(&["test", "--coverage", path.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("6 of 14 clause outcomes exercised"), "{stdout}");
    assert!(stdout.contains("  line   32  table 系数 row `score >= 90 分`: never matches\n"), "{stdout}");
}

#[test]
fn lcov_gives_each_outcome_as_a_branch() {
    let out = kaohe(&["test", "--coverage", "--coverage-format", "lcov", "tests/coverage/known-gaps.kh"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lcov = stdout.split("1 passed, 0 failed\n").nth(1).unwrap();
    assert!(lcov.starts_with("TN:kaohe\nSF:tests/coverage/known-gaps.kh\n"), "{lcov}");
    assert!(lcov.contains("BRDA:27,5,0,0\nBRDA:27,5,1,1\n"), "{lcov}");
    assert!(lcov.contains("BRF:14\nBRH:6\n"), "{lcov}");
    assert!(lcov.contains("DA:30,1\nDA:31,0\n"), "{lcov}");
    assert!(lcov.ends_with("end_of_record\n"), "{lcov}");
}

#[test]
fn a_month_reports_its_coverage_beside_its_results() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("coverage.txt");
    let out = kaohe(&crate::common::sample_month_args(&[
        "--format",
        "json",
        "--coverage",
        "--coverage-output",
        report.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with('{'));
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.starts_with("coverage of policies/customer-service.kh by the month 2024-10 ("), "{text}");
    assert!(text.contains("never exercised") || text.contains("every clause outcome was exercised"), "{text}");
}

/// A Chinese-dialect policy's clauses are named in its own words, whatever the language of
/// the report: the keywords before a clause's text (`违规`, `当`, `表 … 行`, `否则`) are the
/// file's, the words about them (`行`, `从未出现`, `row`, `never`) the reader's.
#[test]
fn a_chinese_dialect_policy_is_covered_in_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = kaohe(&["fmt", "--dialect", "zh", "tests/coverage/known-gaps.kh"]);
    assert_eq!(out.status.code(), Some(0));
    let path = dir.path().join("known-gaps.zh.kh");
    std::fs::write(&path, &out.stdout).unwrap();
    let path = path.to_str().unwrap();
    let out = crate::common::kaohe_zh(&["test", "--coverage", path]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let missed: Vec<&str> = stdout.split("从未覆盖的结果（8 种）：\n").nth(1).unwrap().lines().collect();
    assert_eq!(
        missed,
        [
            "  第   20 行  等级 中级 `要求 工龄 >= 3 months`：从未出现“不成立”",
            "  第   29 行  违规 迟到 `当 事件.minutes > 5 minutes`：从未出现“不成立”",
            "  第   30 行  违规 迟到 `上限 罚款 = 50 元 每日`：从未出现“达到上限”",
            "  第   33 行  违规 早退：从未出现“计入”",
            "  第   41 行  追加 屡次 `当 次数(迟到) >= 5`：从未出现“触发”",
            "  第   46 行  表 系数 行 `score >= 90 分`：从未出现“命中”",
            "  第   47 行  表 系数 `否则`：从未出现“命中”",
            "  第   52 行  `如果 罚款 > 0 元`：从未出现“走“否则”分支”",
        ]
    );
    assert!(stdout.contains("  第   45 行  表 系数 行 `score >= 99 分`：命中 1 次\n"), "{stdout}");
    // Read in English: the same words of the policy, English words about them.
    let out = kaohe(&["test", "--coverage", path]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("  line   46  表 系数 row `score >= 90 分`: never matches\n"), "{stdout}");
    assert!(stdout.contains("  line   29  违规 迟到 `当 事件.minutes > 5 minutes`: never fails\n"), "{stdout}");
}
