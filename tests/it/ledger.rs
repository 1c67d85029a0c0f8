//! The ledger of closed months (docs/ledger.md): closing, the order rules, reopening,
//! history expressions over six months crossing a year, and a ledger that is not
//! trusted blindly (not-a-ledger, tamper, kill, two closes at once).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A folder for one test's ledger, policy and months.
struct Office {
    dir: tempfile::TempDir,
}

impl Office {
    fn new(policy: &str) -> Office {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.kh"), policy).unwrap();
        Office { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a month's two files: `agents` rows `id,name,tier,hired_on`, `incidents` rows
    /// `agent,date,violation,cost`.
    fn month(&self, m: &str, agents: &[&str], incidents: &[&str]) {
        let mut a = String::from("id,name,tier,hired_on\n");
        for row in agents {
            a.push_str(row);
            a.push('\n');
        }
        let mut i = String::from("agent,date,violation,cost\n");
        for row in incidents {
            i.push_str(row);
            i.push('\n');
        }
        std::fs::create_dir_all(self.path(m)).unwrap();
        std::fs::write(self.path(m).join("agents.csv"), a).unwrap();
        std::fs::write(self.path(m).join("incidents.csv"), i).unwrap();
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    /// `kaohe close` (or `eval` with `--ledger kaohe.db`) of a month, as JSON.
    fn command(&self, verb: &str, m: &str, extra: &[&str]) -> Output {
        let (a, i) = (format!("{m}/agents.csv"), format!("{m}/incidents.csv"));
        let mut args = vec![verb, "p.kh", "--month", m, "--agents", &a, "--incidents", &i, "--format", "json"];
        if verb == "eval" {
            args.extend(["--ledger", "kaohe.db"]);
        }
        args.extend(extra);
        self.run(&args)
    }

    fn close(&self, m: &str) -> Value {
        let out = self.command("close", m, &[]);
        assert!(out.status.success(), "close {m}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn pay<'a>(month: &'a Value, id: &str, line: &str) -> &'a str {
    let agent = month["agents"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap_or_else(|| panic!("no {id}"));
    agent["pay"][line].as_str().unwrap_or_else(|| panic!("{id} has no pay line {line}: {agent}"))
}

const SERIES: &str = r#"
policy "连续考核" {
  effective 2024-01-01
  status active
}
incident {
  cost: money = 0 元
}
tier 客服 {
  base_salary = 3000 元
}
tier 资深客服 {
  base_salary = 3500 元
}
severity 重度
severity 轻度
violation 旷工 {
  severity 重度
  points = 10 分
}
violation 迟到 {
  severity 轻度
  points = 1 分
}
violation 损坏设备 {
  severity 重度
  points = 0 分
  compensation = incident.cost
}
pay {
  基本工资 = tier.base_salary
  考核得分 = max(100 分 - points, 0 分)
  待扣赔偿 = compensation + latest(结转赔偿, 0 元)
  本月赔偿扣款 = min(待扣赔偿, 500 元)
  结转赔偿 = 待扣赔偿 - 本月赔偿扣款
  低分月数 = streak(考核得分 < 95 分)
  年度旷工 = year_total(count(旷工))
  此前年度实发 = year_so_far(实发工资)
  近三月迟到 = last_months(3, count(迟到))
  上月得分 = previous(考核得分, 100 分)
  年终奖 = if month_number == 12 and 年度旷工 < 2 then 1000 元 else 0 元
  实发工资 = 基本工资 - 本月赔偿扣款 + 年终奖
}
"#;

fn s(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn late(agent: &str, m: &str, n: usize) -> Vec<String> {
    (1..=n).map(|d| format!("{agent},{m}-{d:02},迟到,")).collect()
}

/// The months of [`six_months_across_a_year_boundary`], written into an office.
fn six_months(office: &Office) {
    let (a1, a2) = ("A1,张一,客服,2023-01-01", "A2,王二,客服,2023-01-01");
    let a3 = "A3,李三,客服,2024-11-01";
    let a1_senior = "A1,张一,资深客服,2023-01-01";
    let mut m09 = late("A1", "2024-09", 6);
    m09.push("A2,2024-09-03,损坏设备,1200".into());
    let mut m10 = vec!["A1,2024-10-08,旷工,".to_string()];
    m10.extend(late("A2", "2024-10", 10));
    let m11 = vec!["A1,2024-11-05,旷工,".to_string(), "A3,2024-11-06,旷工,".into(), "A3,2024-11-07,旷工,".into()];
    let mut m12 = late("A2", "2024-12", 6);
    m12.push("A3,2024-12-02,旷工,".into());
    let mut m01 = late("A1", "2025-01", 2);
    m01.push("A2,2025-01-10,损坏设备,1800".into());
    let m02 = vec!["A1,2025-02-04,旷工,".to_string()];
    office.month("2024-09", &[a1, a2], &s(&m09));
    office.month("2024-10", &[a1, a2], &s(&m10));
    office.month("2024-11", &[a1, a3], &s(&m11));
    office.month("2024-12", &[a1, a2, a3], &s(&m12));
    office.month("2025-01", &[a1_senior, a2], &s(&m01));
    office.month("2025-02", &[a1_senior, a2], &s(&m02));
}

/// Six months, 2024-09 to 2025-02. A1 stays throughout (promoted in January); A2 is
/// absent in November and pays down two damages over several months; A3 joins in
/// November and leaves after December. Every figure below is computed by hand.
#[test]
fn six_months_across_a_year_boundary() {
    let office = Office::new(SERIES);
    six_months(&office);

    let sep = office.close("2024-09");
    // A1: 6 late → 94 < 95, the streak's first month; no history: defaults.
    assert_eq!(pay(&sep, "A1", "考核得分"), "94");
    assert_eq!(pay(&sep, "A1", "低分月数"), "1");
    assert_eq!(pay(&sep, "A1", "近三月迟到"), "6");
    assert_eq!(pay(&sep, "A1", "上月得分"), "100"); // the default
    assert_eq!(pay(&sep, "A1", "此前年度实发"), "0.00");
    // A2: 1200 damage, 500 a month: 700 carried.
    assert_eq!(pay(&sep, "A2", "本月赔偿扣款"), "500.00");
    assert_eq!(pay(&sep, "A2", "结转赔偿"), "700.00");
    assert_eq!(pay(&sep, "A2", "实发工资"), "2500.00"); // 3000 - 500

    let oct = office.close("2024-10");
    assert_eq!(pay(&oct, "A1", "考核得分"), "90"); // 100 - 10
    assert_eq!(pay(&oct, "A1", "低分月数"), "2"); // 09 and 10 below 95
    assert_eq!(pay(&oct, "A1", "年度旷工"), "1"); // 0 (09) + 1
    assert_eq!(pay(&oct, "A1", "此前年度实发"), "3000.00"); // 09
    assert_eq!(pay(&oct, "A1", "近三月迟到"), "6"); // 08 absent + 6 (09) + 0
    assert_eq!(pay(&oct, "A1", "上月得分"), "94");
    assert_eq!(pay(&oct, "A2", "本月赔偿扣款"), "500.00"); // min(0 + 700, 500)
    assert_eq!(pay(&oct, "A2", "结转赔偿"), "200.00");
    assert_eq!(pay(&oct, "A2", "低分月数"), "1"); // 90 now; 100 in 09
    assert_eq!(pay(&oct, "A2", "此前年度实发"), "2500.00");

    let nov = office.close("2024-11");
    assert_eq!(pay(&nov, "A1", "低分月数"), "3"); // 09, 10, 11
    assert_eq!(pay(&nov, "A1", "年度旷工"), "2"); // 0 + 1 + 1
    assert_eq!(pay(&nov, "A1", "此前年度实发"), "6000.00");
    // A3 joins: no history of their own.
    assert_eq!(pay(&nov, "A3", "考核得分"), "80");
    assert_eq!(pay(&nov, "A3", "低分月数"), "1");
    assert_eq!(pay(&nov, "A3", "上月得分"), "100");
    assert_eq!(pay(&nov, "A3", "年度旷工"), "2");

    let dec = office.close("2024-12");
    assert_eq!(pay(&dec, "A1", "低分月数"), "0"); // 100 this month
    assert_eq!(pay(&dec, "A1", "年度旷工"), "2");
    assert_eq!(pay(&dec, "A1", "年终奖"), "0.00"); // December, but 2 absences is not < 2
    assert_eq!(pay(&dec, "A1", "此前年度实发"), "9000.00");
    assert_eq!(pay(&dec, "A1", "近三月迟到"), "0"); // 10, 11, 12
                                                    // A2 was absent in November: the streak restarts, `previous` has no November,
                                                    // `latest` finds October's balance.
    assert_eq!(pay(&dec, "A2", "考核得分"), "94");
    assert_eq!(pay(&dec, "A2", "低分月数"), "1");
    assert_eq!(pay(&dec, "A2", "上月得分"), "100");
    assert_eq!(pay(&dec, "A2", "待扣赔偿"), "200.00");
    assert_eq!(pay(&dec, "A2", "本月赔偿扣款"), "200.00");
    assert_eq!(pay(&dec, "A2", "结转赔偿"), "0.00");
    assert_eq!(pay(&dec, "A2", "近三月迟到"), "16"); // 10 (10) + absent (11) + 6
    assert_eq!(pay(&dec, "A2", "此前年度实发"), "5000.00");
    assert_eq!(pay(&dec, "A2", "年终奖"), "1000.00"); // December, no absence
    assert_eq!(pay(&dec, "A2", "实发工资"), "3800.00"); // 3000 - 200 + 1000
    assert_eq!(pay(&dec, "A3", "低分月数"), "2");
    assert_eq!(pay(&dec, "A3", "年度旷工"), "3");
    assert_eq!(pay(&dec, "A3", "上月得分"), "80");

    // `eval --ledger` into a file writes the report while the month is evaluated: the
    // same bytes as to stdout, with the same history, and the same promotion told.
    let promoted = "A1 (张一): 客服 in 2024-12 → 资深客服 in 2025-01";
    let whole = office.command("eval", "2025-01", &[]);
    let streamed = office.command("eval", "2025-01", &["--output", "jan.json"]);
    assert!(whole.status.success() && streamed.status.success(), "{}{}", stderr(&whole), stderr(&streamed));
    assert_eq!(std::fs::read(office.path("jan.json")).unwrap(), whole.stdout);
    assert!(stderr(&whole).contains(promoted) && stderr(&streamed).contains(promoted), "{}", stderr(&streamed));
    let csv = |extra: &[&str]| {
        let mut args = vec!["eval", "p.kh", "--month", "2025-01", "--agents", "2025-01/agents.csv"];
        args.extend([
            "--incidents",
            "2025-01/incidents.csv",
            "--ledger",
            "kaohe.db",
            "--format",
            "csv",
            "--bom",
            "yes",
        ]);
        args.extend(extra);
        office.run(&args)
    };
    let (whole, streamed) = (csv(&[]), csv(&["--output", "jan.csv"]));
    assert!(whole.status.success() && streamed.status.success(), "{}", stderr(&streamed));
    assert_eq!(std::fs::read(office.path("jan.csv")).unwrap(), whole.stdout);
    assert!(String::from_utf8_lossy(&whole.stdout).contains("资深客服"));
    assert!(stderr(&streamed).contains(promoted), "{}", stderr(&streamed));
    let workbook = office.run(&[
        "eval",
        "p.kh",
        "--month",
        "2025-01",
        "--agents",
        "2025-01/agents.csv",
        "--incidents",
        "2025-01/incidents.csv",
        "--ledger",
        "kaohe.db",
        "--format",
        "xlsx",
        "--output",
        "jan.xlsx",
    ]);
    assert!(workbook.status.success() && stderr(&workbook).contains(promoted), "{}", stderr(&workbook));

    let out = office.command("close", "2025-01", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The promotion takes effect, and finance is told.
    assert!(stderr(&out).contains("A1 (张一): 客服 in 2024-12 → 资深客服 in 2025-01"), "{}", stderr(&out));
    let jan: Value = serde_json::from_slice(&out.stdout).unwrap();
    // January: the year's figures start again.
    assert_eq!(pay(&jan, "A1", "年度旷工"), "0");
    assert_eq!(pay(&jan, "A1", "此前年度实发"), "0.00");
    assert_eq!(pay(&jan, "A1", "近三月迟到"), "2"); // 11, 12, 01
    assert_eq!(pay(&jan, "A1", "实发工资"), "3500.00");
    assert_eq!(pay(&jan, "A2", "待扣赔偿"), "1800.00");
    assert_eq!(pay(&jan, "A2", "结转赔偿"), "1300.00");
    assert_eq!(pay(&jan, "A2", "上月得分"), "94");
    assert_eq!(pay(&jan, "A2", "近三月迟到"), "6");

    let feb = office.close("2025-02");
    assert_eq!(pay(&feb, "A1", "低分月数"), "1"); // 98 in January broke it
    assert_eq!(pay(&feb, "A1", "年度旷工"), "1");
    assert_eq!(pay(&feb, "A1", "此前年度实发"), "3500.00");
    assert_eq!(pay(&feb, "A1", "近三月迟到"), "2"); // 12, 01, 02
    assert_eq!(pay(&feb, "A1", "上月得分"), "98");
    assert_eq!(pay(&feb, "A2", "结转赔偿"), "800.00"); // 1300 - 500
    assert_eq!(pay(&feb, "A2", "此前年度实发"), "2500.00");

    // The history of one agent, and the ledger, month by month.
    let h = office.run(&["history", "A2", "--format", "json"]);
    assert!(h.status.success(), "{}", stderr(&h));
    let h: Value = serde_json::from_slice(&h.stdout).unwrap();
    let months: Vec<&str> = h["months"].as_array().unwrap().iter().map(|m| m["month"].as_str().unwrap()).collect();
    assert_eq!(months, ["2024-09", "2024-10", "2024-12", "2025-01", "2025-02"]);
    assert_eq!(h["months"][1]["结转赔偿"], "200.00"); // money with two decimals, as every report writes it
    assert_eq!(h["months"][1]["tier"], "客服");
    let list = office.run(&["ledger", "list"]);
    let text = String::from_utf8_lossy(&list.stdout);
    let firsts: Vec<&str> = text.lines().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(firsts, ["2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02"]);
    let verify = office.run(&["ledger", "verify"]);
    assert!(verify.status.success(), "{}{}", String::from_utf8_lossy(&verify.stdout), stderr(&verify));
    assert_eq!(String::from_utf8_lossy(&verify.stdout).lines().filter(|l| l.contains("  ok  ")).count(), 6);
}

/// The history functions in the Chinese dialect (`上月`, `最近`, `连续月数`, `年初至本月`,
/// `年初至上月`, `近几月`, `第几月`) read the same closed months as their English names.
#[test]
fn the_history_functions_in_chinese_read_the_same_months() {
    let source = kaohe::Source::new("p.kh", SERIES.to_string());
    let zh = kaohe::fmt::format_source_in(&source, Some(kaohe::syntax::keywords::Dialect::Chinese)).unwrap();
    for word in ["上月(", "最近(", "连续月数(", "年初至本月(", "年初至上月(", "近几月(3, ", "如果 第几月 == 12"]
    {
        assert!(zh.contains(word), "{word} not in\n{zh}");
    }
    let (en_office, zh_office) = (Office::new(SERIES), Office::new(&zh));
    six_months(&en_office);
    six_months(&zh_office);
    for m in ["2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02"] {
        let (en, zh) = (en_office.close(m), zh_office.close(m));
        let agents = |v: &Value| v["agents"].as_array().unwrap().iter().map(|a| a["pay"].clone()).collect::<Vec<_>>();
        assert_eq!(agents(&zh), agents(&en), "{m}");
        if m == "2024-12" {
            assert_eq!(pay(&zh, "A1", "年终奖"), "0.00"); // two absences this year
            assert_eq!(pay(&zh, "A2", "年终奖"), "1000.00");
            assert_eq!(pay(&zh, "A2", "上月得分"), "100"); // absent in November: the default
        }
    }
}

const SIMPLE: &str = r#"
policy "赔偿结转" {
  effective 2024-01-01
  status active
}
incident {
  cost: money = 0 元
}
tier 客服 {
  base_salary = 3000 元
}
severity 重度
violation 损坏设备 {
  severity 重度
  points = 0 分
  compensation = incident.cost
}
pay {
  本月赔偿扣款 = min(compensation + latest(结转赔偿, 0 元), 500 元)
  结转赔偿 = compensation + latest(结转赔偿, 0 元) - 本月赔偿扣款
}
"#;

fn simple_office(months: &[&str]) -> Office {
    let office = Office::new(SIMPLE);
    for (k, m) in months.iter().enumerate() {
        let cost = if k == 0 { vec![format!("A1,{m}-02,损坏设备,1200")] } else { Vec::new() };
        office.month(m, &["A1,张一,客服,2023-01-01"], &cost.iter().map(String::as_str).collect::<Vec<_>>());
    }
    office
}

fn code_of(o: &Output) -> String {
    let e = stderr(o);
    e.lines().find(|l| l.starts_with("kaohe::")).unwrap_or_default().trim().to_string()
}

#[test]
fn months_close_in_order_once_and_reopen_keeps_the_old_record() {
    let office = simple_office(&["2024-09", "2024-10", "2024-11", "2024-12"]);
    office.close("2024-10");
    // Closed once only.
    let again = office.command("close", "2024-10", &[]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(code_of(&again), "kaohe::ledger::closed");
    assert!(stderr(&again).contains("2024-10 is already closed"));
    // Not before a closed month; not over a gap without saying so.
    let before = office.command("close", "2024-09", &[]);
    assert_eq!((before.status.code(), code_of(&before).as_str()), (Some(1), "kaohe::ledger::order"));
    let gap = office.command("close", "2024-12", &[]);
    assert_eq!((gap.status.code(), code_of(&gap).as_str()), (Some(1), "kaohe::ledger::gap"));
    assert!(stderr(&gap).contains("2024-11 is not closed"), "{}", stderr(&gap));
    office.close("2024-11");
    // A reopen with later months closed needs the cascade.
    let alone = office.command("close", "2024-10", &["--reopen"]);
    assert_eq!(code_of(&alone), "kaohe::ledger::order");
    let reopened = office.command("close", "2024-10", &["--reopen", "--cascade", "--reason", "更正"]);
    assert!(reopened.status.success(), "{}", stderr(&reopened));
    assert!(stderr(&reopened).contains("closed 2024-11 again from its stored inputs"));
    let all = office.run(&["ledger", "list", "--all"]);
    let text = String::from_utf8_lossy(&all.stdout).into_owned();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert_eq!(text.lines().filter(|l| l.contains("superseded by record")).count(), 2, "{text}");
    assert!(text.contains("reason: 更正"), "{text}");
    let in_force = office.run(&["ledger", "list"]);
    assert_eq!(String::from_utf8_lossy(&in_force.stdout).lines().count(), 2);
    let h = office.run(&["history", "A1", "--all", "--format", "json"]);
    let h: Value = serde_json::from_slice(&h.stdout).unwrap();
    assert_eq!(h["months"].as_array().unwrap().len(), 4);
    assert!(office.run(&["ledger", "verify"]).status.success());
}

#[test]
fn eval_with_a_ledger_reads_history_and_writes_nothing() {
    let office = simple_office(&["2024-10", "2024-11"]);
    office.close("2024-10");
    let before = std::fs::read(office.path("kaohe.db")).unwrap();
    let out = office.command("eval", "2024-11", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("ledger: kaohe.db (read only)"));
    let nov: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(pay(&nov, "A1", "本月赔偿扣款"), "500.00"); // from the 700 carried
    assert_eq!(pay(&nov, "A1", "结转赔偿"), "200.00");
    // The explanation names the month each historical figure came from.
    let (a, i) = ("2024-11/agents.csv", "2024-11/incidents.csv");
    let args = [
        "eval",
        "p.kh",
        "--month",
        "2024-11",
        "--agents",
        a,
        "--incidents",
        i,
        "--ledger",
        "kaohe.db",
        "--explain",
        "A1",
    ];
    let text = String::from_utf8_lossy(&office.run(&args).stdout).into_owned();
    assert!(text.contains("latest(结转赔偿, 0 元) = 700.00 元 (from 2024-10)"), "{text}");
    assert_eq!(std::fs::read(office.path("kaohe.db")).unwrap(), before);
    // Without a ledger, no history.
    let plain =
        office.run(&["eval", "p.kh", "--month", "2024-11", "--agents", a, "--incidents", i, "--format", "json"]);
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(pay(&plain, "A1", "结转赔偿"), "0.00");
    // A ledger named but missing is an error, not an empty history.
    let missing =
        office.run(&["eval", "p.kh", "--month", "2024-11", "--agents", a, "--incidents", i, "--ledger", "typo.db"]);
    assert_eq!((missing.status.code(), code_of(&missing).as_str()), (Some(1), "kaohe::ledger::invalid"));
    assert!(!office.path("typo.db").exists());
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_untouched() {
    let office = simple_office(&["2024-10"]);
    let cases: [(&str, &[u8]); 4] =
        [("empty.db", b""), ("notes.db", "这不是账本\n".as_bytes()), ("other.db", b""), ("newer.db", b"")];
    for (name, bytes) in cases {
        std::fs::write(office.path(name), bytes).unwrap();
    }
    // An SQLite database of another program.
    {
        let c = rusqlite::Connection::open(office.path("other.db")).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    }
    // A ledger of a newer schema.
    office.close("2024-10");
    std::fs::copy(office.path("kaohe.db"), office.path("newer.db")).unwrap();
    {
        let c = rusqlite::Connection::open(office.path("newer.db")).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    for (name, why) in [
        ("empty.db", "it is empty"),
        ("notes.db", "not an SQLite database"),
        ("other.db", "another program"),
        ("newer.db", "schema is version 99"),
    ] {
        let before = std::fs::read(office.path(name)).unwrap();
        for args in [
            vec![
                "close",
                "p.kh",
                "--month",
                "2024-10",
                "--agents",
                "2024-10/agents.csv",
                "--incidents",
                "2024-10/incidents.csv",
                "--ledger",
                name,
            ],
            vec!["ledger", "list", "--ledger", name],
            vec!["ledger", "verify", "--ledger", name],
            vec!["history", "A1", "--ledger", name],
        ] {
            let out = office.run(&args);
            assert_eq!(out.status.code(), Some(1), "{name} {args:?}");
            assert_eq!(code_of(&out), "kaohe::ledger::invalid", "{name} {args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains(why), "{name}: {}", stderr(&out));
            assert_eq!(std::fs::read(office.path(name)).unwrap(), before, "{name} was changed by {args:?}");
        }
        let dir: Vec<String> = std::fs::read_dir(office.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        assert!(!dir.iter().any(|f| f.contains("journal") || f.starts_with(".kaohe-ledger")), "{dir:?}");
    }
}

#[test]
fn verify_finds_a_changed_stored_figure_and_eval_refuses_the_broken_chain() {
    let office = simple_office(&["2024-10", "2024-11"]);
    office.close("2024-10");
    {
        let c = rusqlite::Connection::open(office.path("kaohe.db")).unwrap();
        let n = c.execute("UPDATE results SET stored = replace(stored, '\"700\"', '\"0\"')", []).unwrap();
        assert_eq!(n, 1);
    }
    let verify = office.run(&["ledger", "verify"]);
    assert_eq!(verify.status.code(), Some(1));
    assert_eq!(code_of(&verify), "kaohe::ledger::mismatch");
    assert!(stderr(&verify).contains("2024-10"), "{}", stderr(&verify));
    assert!(stderr(&verify).contains("stored results are not the ones it was closed with"), "{}", stderr(&verify));
    // Closing or evaluating the next month does not pay from it.
    for verb in ["eval", "close"] {
        let out = office.command(verb, "2024-11", &[]);
        assert_eq!(out.status.code(), Some(1), "{verb}");
        assert_eq!(code_of(&out), "kaohe::ledger::mismatch", "{verb}");
    }

    // The stored copy of an input file is checked against its hash too.
    let office = simple_office(&["2024-10"]);
    office.close("2024-10");
    {
        let c = rusqlite::Connection::open(office.path("kaohe.db")).unwrap();
        c.execute(
            "UPDATE closings SET agents_bytes = CAST(replace(CAST(agents_bytes AS TEXT), '张一', '张二') AS BLOB)",
            [],
        )
        .unwrap();
    }
    let verify = office.run(&["ledger", "verify"]);
    assert_eq!(verify.status.code(), Some(1));
    assert_eq!(code_of(&verify), "kaohe::ledger::mismatch");
    assert!(stderr(&verify).contains("its copy of `2024-10/agents.csv` was changed"), "{}", stderr(&verify));
}

#[test]
fn a_killed_close_leaves_the_ledger_as_it_was() {
    let office = Office::new(&super::common::bundled_policy());
    let gen = |m: &str, seed: &str| {
        let out = office.run(&[
            "gen-month",
            "--month",
            m,
            "--agents",
            "4000",
            "--per-agent",
            "40",
            "--seed",
            seed,
            "--out",
            m,
        ]);
        assert!(out.status.success());
    };
    gen("2024-11", "1");
    gen("2024-12", "2");
    let files = |m: &str| (format!("{m}/agents.csv"), format!("{m}/incidents.csv"));
    let (a, i) = files("2024-11");
    let out = office.run(&[
        "close",
        "p.kh",
        "--month",
        "2024-11",
        "--agents",
        &a,
        "--incidents",
        &i,
        "--format",
        "csv",
        "--output",
        "out.csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = std::fs::read(office.path("kaohe.db")).unwrap();
    let (a, i) = files("2024-12");
    let mut killed_mid_way = 0;
    for delay_ms in [50u64, 150, 300, 450, 600, 800, 1000, 1300] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args([
                "close",
                "p.kh",
                "--month",
                "2024-12",
                "--agents",
                &a,
                "--incidents",
                &i,
                "--format",
                "csv",
                "--output",
                "dec.csv",
            ])
            .current_dir(office.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        // Whatever the moment, the ledger is the old one or the one with December closed.
        let list = office.run(&["ledger", "list"]);
        assert!(list.status.success(), "{}", stderr(&list));
        let months = String::from_utf8_lossy(&list.stdout).lines().count();
        if status.success() || months == 2 {
            assert_eq!(months, 2);
            assert!(office.run(&["ledger", "verify"]).status.success());
            // A committed close deletes its journal, whatever an earlier kill left.
            assert!(!Path::new(&office.path("kaohe.db-journal")).exists());
            assert!(killed_mid_way > 0, "the first close finished before it could be killed");
            return;
        }
        killed_mid_way += 1;
        assert_eq!(months, 1);
        // The ledger's bytes are November's, and it verifies. A kill before the journal's
        // header reached the disk may leave a `kaohe.db-journal` that SQLite does not need
        // (it is not hot): the next write reuses it, the next commit deletes it.
        assert_eq!(std::fs::read(office.path("kaohe.db")).unwrap(), before, "killed after {delay_ms} ms");
        let verify = office.run(&["ledger", "verify"]);
        assert!(verify.status.success(), "killed after {delay_ms} ms: {}", stderr(&verify));
        assert_eq!(std::fs::read(office.path("kaohe.db")).unwrap(), before, "verified after {delay_ms} ms");
    }
    assert!(killed_mid_way > 0);
}

#[test]
fn two_closes_at_once_close_the_month_once() {
    let office = simple_office(&["2024-10"]);
    let (a, i) = ("2024-10/agents.csv", "2024-10/incidents.csv");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args(["close", "p.kh", "--month", "2024-10", "--agents", a, "--incidents", i])
            .current_dir(office.dir.path())
            .output()
    };
    let (x, y) = std::thread::scope(|s| {
        let x = s.spawn(spawn);
        let y = s.spawn(spawn);
        (x.join().unwrap().unwrap(), y.join().unwrap().unwrap())
    });
    let ok = [&x, &y].iter().filter(|o| o.status.success()).count();
    assert_eq!(ok, 1, "{}\n{}", stderr(&x), stderr(&y));
    let refused = if x.status.success() { &y } else { &x };
    assert_eq!(code_of(refused), "kaohe::ledger::closed", "{}", stderr(refused));
    let list = office.run(&["ledger", "list", "--all"]);
    assert_eq!(String::from_utf8_lossy(&list.stdout).lines().count(), 1);
}

/// The codes and messages of checking `pay { … }` lines in a small policy.
fn check_pay(lines: &str) -> Vec<(String, String)> {
    let policy = SIMPLE.replace(
        "pay {\n",
        &format!("let 固定 = 100 元\nagent {{\n  小组: text = \"甲\"\n}}\ntable 系数(n: number) -> number {{\n  n >= 3 => 2\n  else => 1\n}}\npay {{\n{lines}\n"),
    );
    let checked = kaohe::check_source(&kaohe::Source::new("p.kh", policy));
    // The fixture's own declarations may go unused (`kaohe::unused`): only the rest counts.
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code != kaohe::Code::Unused)
        .map(|d| (d.code.as_str().to_string(), d.message.clone()))
        .collect()
}

#[test]
fn history_reads_only_what_a_closed_month_stores() {
    // Stored figures, later pay lines, the line itself, constants and tables: clean.
    assert_eq!(check_pay("  上月 = previous(结转赔偿 + 固定, 0 元)\n  连续 = 系数(streak(compensation > 0 元))\n  累计 = year_so_far(累计)\n  近月 = last_months(2, count(损坏设备))"), []);
    // An agent's field, an incident's, a let from the month: not stored.
    let got = check_pay("  上月 = previous(agent.小组, \"乙\")");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "kaohe::scope");
    assert!(got[0].1.contains("`agent.小组` is an agent's field, which a closed month does not store"), "{got:?}");
    // The default's type must be the figure's.
    let got = check_pay("  上月 = previous(结转赔偿, 0 分)");
    assert_eq!(got[0].0, "kaohe::unit_mismatch", "{got:?}");
    assert!(got[0].1.contains("the default of `previous` is points, but what it reads is money"), "{got:?}");
    // A streak's condition is a condition; last_months counts whole months.
    assert_eq!(check_pay("  连续 = streak(compensation)")[0].0, "kaohe::type_mismatch");
    let got = check_pay("  近月 = last_months(0, count(损坏设备))");
    assert!(got[0].1.contains("a whole number of months from 1 to 120"), "{got:?}");
    // This month's part of streak follows the usual order rules.
    let got = check_pay("  连续 = streak(结转赔偿 > 0 元)");
    assert_eq!(got[0].0, "kaohe::scope", "{got:?}");
    assert!(got[0].1.contains("computed after this one"), "{got:?}");
    // Not in a violation: an incident has no history.
    let policy = SIMPLE.replace("  points = 0 分\n  compensation", "  points = previous(points, 0 分)\n  compensation");
    let checked = kaohe::check_source(&kaohe::Source::new("p.kh", policy));
    assert_eq!(checked.diagnostics[0].code, kaohe::Code::Scope);
    assert!(checked.diagnostics[0].message.contains("`previous` cannot be used in a violation"));
}

#[test]
fn history_names_are_names_where_the_policy_declares_them() {
    // A v1 policy with a table called `previous` and a let called `month_number`.
    let policy = SIMPLE.replace(
        "pay {\n",
        "let month_number = 7\ntable previous(n: number) -> number {\n  else => n + 1\n}\npay {\n  前 = previous(month_number)\n",
    );
    let checked = kaohe::check_source(&kaohe::Source::new("p.kh", policy.clone()));
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    let office = Office::new(&policy);
    office.month("2024-10", &["A1,张一,客服,2023-01-01"], &[]);
    let oct = office.close("2024-10");
    assert_eq!(pay(&oct, "A1", "前"), "8"); // the table, on the let: 7 + 1
}

#[test]
fn month_number_is_the_calendar_month() {
    let policy =
        SIMPLE.replace("pay {\n", "pay {\n  月 = month_number\n  年终 = if month_number == 12 then 1 else 0\n");
    let office = Office::new(&policy);
    office.month("2024-12", &["A1,张一,客服,2023-01-01"], &[]);
    let dec = office.close("2024-12");
    assert_eq!(pay(&dec, "A1", "月"), "12");
    assert_eq!(pay(&dec, "A1", "年终"), "1");
}

/// A worked example stating earlier months (`history YYYY-MM { … }`), added to the
/// bundled policy.
const WORKED_HISTORY: &str = r#"
/// 超出部分结转下月: 以前结转未扣的余额在本月继续扣, 每月扣款仍不超过基本工资的20%; 缺勤的月份余额不清零
test "结转赔偿: 以前的余额在本月继续扣" {
  month 2024-11
  history 2024-10 { A1.结转赔偿 = 400 元, A2.结转赔偿 = 4400 元 }
  history 2024-09 { A3.结转赔偿 = 300 元 }
  agent A1 { name = "赵六", tier = 初级客服, hired_on = 2024-01-15 }
  agent A2 { name = "韦九", tier = 初级客服, hired_on = 2024-01-15 }
  agent A3 { name = "孙七", tier = 初级客服, hired_on = 2024-01-15 }
  incident A2 { date = 2024-11-05, violation = 私带设备, cost = 100 元 }
  expect A1.本月赔偿扣款 == 400 元  // min(0 + 400, 20% × 3000 = 600)
  expect A1.结转赔偿 == 0 元  // 0 + 400 - 400
  expect A1.实发工资 == 3100 元  // 3000 + 500 - 400
  expect A2.本月赔偿扣款 == 600 元  // min(100 + 4400, 600)
  expect A2.结转赔偿 == 3900 元  // 100 + 4400 - 600
  expect A2.实发工资 == 2650 元  // 3000 + 500 × 50% (80 ≥ 70) - 600
  expect A3.本月赔偿扣款 == 300 元  // 2024-10 has no record of A3: latest reads 2024-09's 300
  expect A3.结转赔偿 == 0 元
}

"#;

#[test]
fn worked_examples_state_earlier_months_with_history() {
    let run = |text: String| {
        let checked = kaohe::check_source(&kaohe::Source::new("p.kh", text));
        let program = checked
            .program
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()));
        let outcomes = kaohe::worked::run_examples(&program);
        let mine = outcomes.into_iter().find(|o| o.name == "结转赔偿: 以前的余额在本月继续扣").unwrap();
        (mine.passed, mine.failures.iter().map(|d| d.message.clone()).collect::<Vec<_>>())
    };
    let policy = super::common::bundled_policy() + WORKED_HISTORY;
    assert_eq!(run(policy.clone()), (8, vec![]));
    // Without A3's September, latest finds nothing: the default, 0 元.
    let (passed, failures) = run(policy.replace("  history 2024-09 { A3.结转赔偿 = 300 元 }\n", ""));
    assert_eq!(passed, 7);
    assert!(failures[0].contains("`A3.本月赔偿扣款 == 300 元` does not hold: the month gives 0.00 元"), "{failures:?}");
    // The formatter keeps history blocks.
    let formatted = kaohe::fmt::format_source(&kaohe::Source::new("p.kh", policy.clone())).unwrap();
    assert!(formatted.contains("  history 2024-10 { A1.结转赔偿 = 400 元, A2.结转赔偿 = 4400 元 }"), "{formatted}");
    // A month that is not earlier, an agent not in the example, a figure of the wrong type.
    for (from, to, message) in [
        ("history 2024-09 {", "history 2024-11 {", "`history 2024-11` is not before the example's month 2024-11"),
        ("{ A3.结转赔偿 = 300 元 }", "{ A9.结转赔偿 = 300 元 }", "no agent `A9` in this example"),
        ("{ A3.结转赔偿 = 300 元 }", "{ A3.结转赔偿 = 300 分 }", "the expected `结转赔偿`"),
    ] {
        let text = policy.replace(from, to);
        let checked = kaohe::check_source(&kaohe::Source::new("p.kh", text));
        assert!(
            checked.diagnostics.iter().any(|d| d.message.contains(message)),
            "{message}: {:?}",
            checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn diff_with_a_ledger_shows_what_a_revision_of_a_history_clause_changes() {
    // September closed with 700 元 carried; November evaluated (October not closed).
    let office = simple_office(&["2024-09", "2024-11"]);
    office.close("2024-09");
    std::fs::write(office.path("new.kh"), SIMPLE.replace("latest(", "previous(")).unwrap();
    let (a, i) = ("2024-11/agents.csv", "2024-11/incidents.csv");
    let diff = |ledger: bool| {
        let mut args = vec!["diff", "p.kh", "new.kh", "--month", "2024-11", "--agents", a, "--incidents", i];
        if ledger {
            args.extend(["--ledger", "kaohe.db"]);
        }
        let out = office.run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // `latest` finds September's balance, `previous` looks at October only.
    let with = diff(true);
    assert!(with.contains("agents (1 of 1 changed)"), "{with}");
    assert!(with.contains("本月赔偿扣款 500.00 → 0.00"), "{with}");
    // Without the ledger both take their default: nothing changes.
    assert!(diff(false).contains("agents (0 of 1 changed)"));
}
