//! `--explain` answers why and why not: the table row a pay line used, with its clause
//! and arguments, and each `if` with the values that decided it.

use crate::common::kaohe;

#[test]
fn an_explanation_names_the_row_with_its_clause_and_each_branch_with_why() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.kh");
    std::fs::write(
        &policy,
        "policy \"t\" { effective 2024-10-01; status active }
tier 初级 { base = 3000 元 }
severity 轻度
violation 迟到 { severity 轻度; points = 1 分 }
table 全勤系数(n: number) -> number {
  /// 全勤: 当月无迟到
  n == 0 => 100%
  /// 迟到1至2次
  n <= 2 => 50%
  else => 0%
}
pay {
  /// 全勤奖200元, 当月无迟到者发放
  全勤奖 = if count(迟到) == 0 then 200 元 else 0 元
  系数奖 = 100 元 * 全勤系数(count(迟到))
}
",
    )
    .unwrap();
    let agents = dir.path().join("a.csv");
    std::fs::write(&agents, "id,name,tier,hired_on\nA1,张三,初级,2024-01-01\n").unwrap();
    let incidents = dir.path().join("i.csv");
    std::fs::write(&incidents, "agent,date,violation\nA1,2024-10-03,迟到\nA1,2024-10-09,迟到\n").unwrap();
    let args = |format: &str| {
        kaohe(&[
            "eval",
            policy.to_str().unwrap(),
            "--month",
            "2024-10",
            "--agents",
            agents.to_str().unwrap(),
            "--incidents",
            incidents.to_str().unwrap(),
            "--explain",
            "A1",
            "--format",
            format,
        ])
    };
    let text = String::from_utf8(args("table").stdout).unwrap();
    assert!(text.contains("      `if count(迟到) == 0`: false, count(迟到) = 2 != 0\n"), "{text}");
    assert!(text.contains("      全勤系数(n = 2): row `n <= 2` (line 9) → 50%「迟到1至2次」\n"), "{text}");
    let json: serde_json::Value = serde_json::from_slice(&args("json").stdout).unwrap();
    let pay = &json["trace"]["pay"];
    assert_eq!(pay[0]["branches"][0], "`if count(迟到) == 0`: false, count(迟到) = 2 != 0");
    assert_eq!(
        pay[1]["tables"][0],
        serde_json::json!({"table": "全勤系数", "args": [{"param": "n", "value": "2"}], "row": "n <= 2",
                           "line": 9, "value": "50%", "clause": "迟到1至2次"})
    );
    assert_eq!(json["trace"]["promotion_why_not"], serde_json::Value::Null);
}
