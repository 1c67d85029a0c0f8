//! The `kaohe` command as a user runs it: exit statuses, where output goes, JSON
//! diagnostics, whole-or-nothing `--output`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{kaohe, sample_month_args};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn check_bundled_policies_exit_zero() {
    let out = kaohe(&["check", "policies/customer-service.kh", "policies/customer-service-draft.kh"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("policies/customer-service.kh: ok\n"), "{stderr}");
    assert!(stderr.contains("policies/customer-service-draft.kh: ok (12 warnings)"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn check_errors_exit_one_with_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.kh");
    std::fs::write(
        &path,
        "policy \"t\" {\n  effective 2024-10-01\n  status active\n}\ntier A { base = 1 元 }\nlet x = 3 元 + 2 分\npay { y = tier.bse }\n",
    )
    .unwrap();
    let out = kaohe(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stderr).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["code"], "kaohe::unit_mismatch");
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["line"], 6);
    assert_eq!(lines[0]["column"], 15);
    assert_eq!(lines[0]["end"]["column"], 18);
    assert_eq!(lines[1]["code"], "kaohe::undefined");
    assert_eq!(lines[1]["line"], 7);
    assert_eq!(lines[1]["help"], "did you mean `tier.base`?");
    assert!(lines[1]["file"].as_str().unwrap().ends_with("bad.kh"));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(kaohe(&["check"]).status.code(), Some(2));
    assert_eq!(kaohe(&["frobnicate"]).status.code(), Some(2));
    let out =
        kaohe(&sample_month_args(&[]).iter().map(|a| if *a == "2024-10" { "2024-13" } else { a }).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a month"));
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let out = kaohe(&["check", "no/such/file.kh"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kaohe::io") && stderr.contains("no such file"), "{stderr}");
}

#[test]
fn eval_json_to_stdout() {
    let out = kaohe(&sample_month_args(&["--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["policy"]["month"], "2024-10");
    assert_eq!(json["agents"].as_array().unwrap().len(), 30);
    assert!(out.stderr.is_empty());
}

#[test]
fn eval_json_is_compact_unless_asked_to_be_pretty() {
    let compact = kaohe(&sample_month_args(&["--format", "json"]));
    let pretty = kaohe(&sample_month_args(&["--format", "json", "--pretty"]));
    assert_eq!(compact.status.code(), Some(0));
    assert_eq!(pretty.status.code(), Some(0));
    let (compact, pretty) = (String::from_utf8(compact.stdout).unwrap(), String::from_utf8(pretty.stdout).unwrap());
    assert_eq!(compact.lines().count(), 1);
    assert!(compact.starts_with("{\"policy\":{\"title\":"), "{compact}");
    assert!(pretty.starts_with("{\n  \"policy\": {\n    \"title\": "), "{pretty}");
    let value = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(value(&compact), value(&pretty));
    assert_eq!(compact, serde_json::to_string(&value(&pretty)).unwrap() + "\n");
    assert_eq!(pretty, serde_json::to_string_pretty(&value(&pretty)).unwrap() + "\n");
}

#[test]
fn eval_output_is_written_whole_with_a_bom_for_csv() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("result.csv");
    let out = kaohe(&sample_month_args(&["--format", "csv", "--output", target.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("\u{feff}id,name,tier,"));
    assert_eq!(text.lines().count(), 31);
    // Only the result is left in the folder: no temporary files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn record_errors_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let incidents = dir.path().join("incidents.csv");
    std::fs::write(&incidents, "agent,date,violation\nA001,2024-10-03,旷公\nA999,2024-11-01,迟到\n").unwrap();
    let target = dir.path().join("out.json");
    let out = kaohe(&[
        "eval",
        "policies/customer-service.kh",
        "--month",
        "2024-10",
        "--agents",
        "examples/2024-10/agents.csv",
        "--incidents",
        incidents.to_str().unwrap(),
        "--format",
        "json",
        "--output",
        target.to_str().unwrap(),
        "--diagnostics",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!target.exists());
    let codes: Vec<String> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        codes,
        ["kaohe::record::unknown_violation", "kaohe::record::unknown_agent", "kaohe::record::date_outside_month"]
    );
}

#[test]
fn refuses_to_overwrite_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let agents = dir.path().join("agents.csv");
    std::fs::copy(format!("{ROOT}/examples/2024-10/agents.csv"), &agents).unwrap();
    let before = std::fs::read(&agents).unwrap();
    let out = kaohe(&[
        "eval",
        "policies/customer-service.kh",
        "--month",
        "2024-10",
        "--agents",
        agents.to_str().unwrap(),
        "--incidents",
        "examples/2024-10/incidents.csv",
        "--output",
        agents.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one of this run's inputs"));
    assert_eq!(std::fs::read(&agents).unwrap(), before);
}

#[test]
fn explain_one_agent_and_an_unknown_one() {
    let out = kaohe(&sample_month_args(&["--explain", "A019"]));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("A019 林小凤 — 初级客服, 2024-10\n"), "{text}");
    assert!(text.contains("实发工资 = max(基本工资 + 绩效工资 - 本月赔偿扣款, 最低工资) = 2420.00 元"));
    let out = kaohe(&sample_month_args(&["--explain", "A19"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `A019`?"));
}

#[cfg(unix)]
#[test]
fn fmt_write_keeps_permissions_and_follows_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.kh");
    let messy =
        std::fs::read_to_string(format!("{ROOT}/policies/customer-service.kh")).unwrap().replace("\n  ", "\n    ");
    std::fs::write(&file, &messy).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.kh");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    let out = kaohe(&["fmt", "--write", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        std::fs::read_to_string(format!("{ROOT}/policies/customer-service.kh")).unwrap()
    );
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn a_failed_write_leaves_no_file() {
    // The output folder is a file: nothing can be written, and nothing is left behind.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("out");
    std::fs::write(&blocker, "").unwrap();
    let target = blocker.join("result.json");
    let out = kaohe(&sample_month_args(&["--format", "json", "--output", target.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kaohe::io"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
