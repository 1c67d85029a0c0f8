//! The month's summary (`kaohe eval --summary`, the JSON `summary` object, the workbook's
//! charts): its figures are computed again here from the agents' own results, the text
//! shows the JSON's figures in both languages, and every chart of the workbook reads
//! ranges of the summary sheet that hold those figures.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::{Command, Output};
use std::str::FromStr;

use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{self, kaohe, kaohe_zh};

fn run(extra: &[&str]) -> Output {
    kaohe(&common::sample_month_args(extra))
}

fn sample_json() -> Value {
    let out = run(&["--format", "json", "--summary"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("not a decimal string: {v}"))).unwrap()
}

#[test]
fn the_sample_months_summary_is_its_agents_figures_added_up() {
    let doc = sample_json();
    let s = &doc["summary"];
    let agents = doc["agents"].as_array().unwrap();
    assert_eq!(s["pay_line"], "实发工资");

    // Per tier, from the agents' own 实发工资.
    let mut per_tier: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
    for a in agents {
        per_tier.entry(a["tier"].as_str().unwrap().into()).or_default().push(dec(&a["pay"]["实发工资"]));
    }
    let tiers = s["tiers"].as_array().unwrap();
    let names: Vec<&str> = tiers.iter().map(|t| t["tier"].as_str().unwrap()).collect();
    assert_eq!(names, ["初级客服", "中级客服", "高级客服", "资深客服"], "every tier, in the policy's order");
    for t in tiers {
        let mut pays = per_tier[t["tier"].as_str().unwrap()].clone();
        pays.sort();
        let n = pays.len();
        let median =
            if n % 2 == 1 { pays[n / 2] } else { ((pays[n / 2 - 1] + pays[n / 2]) / Decimal::TWO).round_dp(2) };
        assert_eq!(t["agents"], n);
        assert_eq!(dec(&t["pay_min"]), pays[0], "{t}");
        assert_eq!(dec(&t["pay_median"]), median, "{t}");
        assert_eq!(dec(&t["pay_max"]), pays[n - 1], "{t}");
        assert_eq!(dec(&t["pay_total"]), pays.iter().sum::<Decimal>(), "{t}");
    }
    // The figures finance would check by hand.
    assert_eq!(
        (&tiers[0]["agents"], &tiers[0]["pay_min"], &tiers[0]["pay_median"], &tiers[0]["pay_max"]),
        (&Value::from(9), &Value::from("2420.00"), &Value::from("3500.00"), &Value::from("3500.00"))
    );
    // 中级客服 has ten agents: the median is the mean of the fifth and sixth.
    assert_eq!(tiers[1]["agents"], 10);
    assert_eq!(tiers[1]["pay_median"], "4220.00");
    assert_eq!(s["total"]["pay"], "130653.20");
    assert_eq!(s["total"]["agents"], 30);
    let points: Decimal = agents.iter().map(|a| dec(&a["points"])).sum();
    assert_eq!(dec(&s["total"]["points"]), points);
    assert_eq!(s["total"]["points"], "288");
    let compensation: Decimal = agents.iter().map(|a| dec(&a["compensation"])).sum();
    assert_eq!(s["total"]["compensation"], compensation.to_string());

    // Points bins of width 5 (the highest is 43): 0, (0, 5], … (40, 45].
    let bins = s["points"].as_array().unwrap();
    let labels: Vec<&str> = bins.iter().map(|b| b["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        ["0", "(0, 5]", "(5, 10]", "(10, 15]", "(15, 20]", "(20, 25]", "(25, 30]", "(30, 35]", "(35, 40]", "(40, 45]"]
    );
    for b in bins {
        let (from, to) = (dec(&b["from"]), dec(&b["to"]));
        let inside = agents
            .iter()
            .map(|a| dec(&a["points"]))
            .filter(|&p| if b["label"] == "0" { p.is_zero() } else { from < p && p <= to })
            .count();
        assert_eq!(b["agents"], inside, "{b}");
    }
    assert_eq!(bins.iter().map(|b| b["agents"].as_u64().unwrap()).sum::<u64>(), 30);
    assert_eq!(bins[0]["agents"], 5);
    assert_eq!(bins[1]["agents"], 12);

    // Violations: occurrences and points from the agents' tallies; escalations from the
    // agents that had them.
    let mut counted: BTreeMap<String, (u64, Decimal)> = BTreeMap::new();
    for v in agents.iter().flat_map(|a| a["violations"].as_array().unwrap()) {
        let e = counted.entry(v["name"].as_str().unwrap().into()).or_default();
        e.0 += v["count"].as_u64().unwrap();
        e.1 += dec(&v["points"]);
    }
    let items = s["violations"].as_array().unwrap();
    for i in items.iter().filter(|i| i["kind"] == "violation") {
        let (n, p) = counted.get(i["name"].as_str().unwrap()).copied().unwrap_or_default();
        assert_eq!((i["occurrences"].as_u64().unwrap(), dec(&i["points"])), (n, p), "{i}");
    }
    let escalation = items.iter().find(|i| i["name"] == "未良好履行职责").unwrap();
    let fired =
        agents.iter().filter(|a| a["escalations"].as_array().unwrap().contains(&"未良好履行职责".into())).count();
    assert_eq!(
        (&escalation["kind"], &escalation["occurrences"], &escalation["points"]),
        (&"escalation".into(), &fired.into(), &"45".into())
    );
    let theft = items.iter().find(|i| i["name"] == "私带设备").unwrap();
    assert_eq!(
        (&theft["severity"], &theft["occurrences"], &theft["points"]),
        (&"重度".into(), &3.into(), &"60".into())
    );
    assert_eq!(theft["compensation"], "5637.14");
    // Without a ledger there are no months.
    assert_eq!(s["months"], serde_json::json!([]));
    // The agents are exactly the report without --summary.
    let plain: Value = serde_json::from_slice(&run(&["--format", "json"]).stdout).unwrap();
    assert_eq!(plain["agents"], doc["agents"]);
    assert!(plain.get("summary").is_none());
}

/// The summary text, in one language.
fn summary_text(zh: bool) -> String {
    let args = common::sample_month_args(&["--summary"]);
    let out = if zh { kaohe_zh(&args) } else { kaohe(&args) };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_text_summary_shows_the_json_figures_with_bars_in_both_languages() {
    let s = sample_json()["summary"].clone();
    for zh in [true, false] {
        let text = summary_text(zh);
        for t in s["tiers"].as_array().unwrap() {
            let row = text.lines().find(|l| l.trim_start().starts_with(t["tier"].as_str().unwrap())).unwrap();
            let cells: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(
                cells[1..6],
                [
                    t["agents"].to_string().as_str(),
                    t["pay_min"].as_str().unwrap(),
                    t["pay_median"].as_str().unwrap(),
                    t["pay_max"].as_str().unwrap(),
                    t["pay_total"].as_str().unwrap()
                ],
                "{row}"
            );
        }
        for b in s["points"].as_array().unwrap() {
            let label = b["label"].as_str().unwrap();
            let row = text.lines().find(|l| l.trim_start().starts_with(&format!("{label} "))).unwrap();
            let agents = row[row.find(label).unwrap() + label.len()..].split_whitespace().next().unwrap();
            assert_eq!(agents, b["agents"].to_string(), "{row}");
        }
    }
    insta::assert_snapshot!("summary_text_zh", summary_text(true));
    insta::assert_snapshot!("summary_text_en", summary_text(false));
}

#[test]
fn summary_with_csv_or_explain_is_a_usage_error() {
    let csv = run(&["--summary", "--format", "csv"]);
    assert_eq!(csv.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&csv.stderr).contains("CSV is one table of agents"), "{csv:?}");
    assert!(csv.stdout.is_empty());
    let explain = run(&["--summary", "--explain", "A001"]);
    assert_eq!(explain.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&explain.stderr).contains("use one of them"), "{explain:?}");
}

const SMALL: &str = r#"policy "小规定" {
  version "1"
  effective 2024-01-01
  issued_by "营销部"
  interpreted_by "财务部"
  status active
}
agent {
  底薪: money = 0 元
}
incident {
  cost: money = 0 元
}
tier 初级 {}
tier 中级 {}
tier 高级 {}
severity 轻度
severity 重度
violation 迟到 {
  severity 轻度
  points = 1 分
}
violation 加分 {
  severity 轻度
  points = -3 分
}
violation 损坏设备 {
  severity 重度
  points = 2 分
  compensation = incident.cost
}
pay {
  实发 = agent.底薪
  考核分 = 100 分 - points
}
"#;

/// A month of `policy`, summarised (no ledger).
fn summarised(policy: &str, agents: &str, incidents: &str) -> (kaohe::Program, kaohe::report::Summary) {
    let program = common::program(policy);
    let (result, _) = kaohe::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", agents.as_bytes()),
        ("incidents.csv", incidents.as_bytes()),
        &kaohe::EvalOptions::default(),
    )
    .unwrap();
    let s = kaohe::report::summary(&program, &result, &kaohe::eval::History::none()).unwrap();
    (program, s)
}

fn small_summary(agents: &str, incidents: &str) -> Value {
    let (program, s) = summarised(SMALL, agents, incidents);
    kaohe::report::summary_json(&program, &s)
}

#[test]
fn bins_are_round_half_open_and_reach_below_zero() {
    let agents = "id,name,tier,hired_on,底薪\nA,a,初级,2020-01-01,3000\nB,b,初级,2020-01-01,3000.01\nC,c,中级,2020-01-01,4000\nD,d,中级,2020-01-01,4000\n";
    let mut incidents = String::from("agent,date,violation,cost\n");
    // A: 5 points exactly; B: 6; C: -3 (one bonus); D: none.
    for k in 1..=5 {
        incidents.push_str(&format!("A,2024-10-{k:02},迟到,0\n"));
    }
    for k in 1..=6 {
        incidents.push_str(&format!("B,2024-10-{k:02},迟到,0\n"));
    }
    incidents.push_str("C,2024-10-01,加分,0\n");
    let s = small_summary(agents, &incidents);
    let bins: Vec<(String, u64)> = s["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["label"].as_str().unwrap().to_string(), b["agents"].as_u64().unwrap()))
        .collect();
    // Width 1 would need 6 + 3 bins, still at most ten.
    let want: Vec<(String, u64)> = [
        ("[-3, -2)", 1),
        ("[-2, -1)", 0),
        ("[-1, 0)", 0),
        ("0", 1),
        ("(0, 1]", 0),
        ("(1, 2]", 0),
        ("(2, 3]", 0),
        ("(3, 4]", 0),
        ("(4, 5]", 1),
        ("(5, 6]", 1),
    ]
    .iter()
    .map(|(l, n)| (l.to_string(), *n))
    .collect();
    assert_eq!(bins, want);
    // Two agents of 初级: the median is the mean of 3000.00 and 3000.01, to the cent
    // (3000.005, half away from zero).
    let tiers = s["tiers"].as_array().unwrap();
    assert_eq!(tiers[0]["pay_median"], "3000.01");
    assert_eq!(tiers[0]["pay_total"], "6000.01");
    // A tier nobody holds is listed, without pay figures.
    assert_eq!(tiers[2]["tier"], "高级");
    assert_eq!(
        (&tiers[2]["agents"], &tiers[2]["pay_min"], &tiers[2]["pay_median"]),
        (&0.into(), &Value::Null, &Value::Null)
    );
    assert_eq!(tiers[2]["pay_total"], "0.00");
    // 实发 is the last money line (考核分 is points).
    assert_eq!(s["pay_line"], "实发");
    assert_eq!(s["total"]["points"], "8");
}

#[test]
fn wider_points_take_a_round_width_and_money_ranks_apart_from_points() {
    let agents = "id,name,tier,hired_on,底薪\nA,a,初级,2020-01-01,3000\nB,b,初级,2020-01-01,3000\n";
    let mut incidents = String::from("agent,date,violation,cost\n");
    for k in 1..=23 {
        incidents.push_str(&format!("A,2024-10-{k:02},迟到,0\n"));
    }
    incidents.push_str("B,2024-10-01,损坏设备,880.50\n");
    let s = small_summary(agents, &incidents);
    let labels: Vec<&str> = s["points"].as_array().unwrap().iter().map(|b| b["label"].as_str().unwrap()).collect();
    // 23 points: width 1, 2 would need 23 and 12 bins; 5 needs 5.
    assert_eq!(labels, ["0", "(0, 5]", "(5, 10]", "(10, 15]", "(15, 20]", "(20, 25]"]);
    let (program, summary) = summarised(SMALL, agents, &incidents);
    let names = |items: Vec<&kaohe::report::summary::ItemSummary>| -> Vec<String> {
        items.iter().map(|i| kaohe::report::summary::item_names(&program, i.item).0).collect()
    };
    assert_eq!(names(kaohe::report::summary::ranked_by_points(&summary)), ["迟到", "损坏设备"]);
    assert_eq!(names(kaohe::report::summary::ranked_by_money(&summary)), ["损坏设备"]);
}

#[test]
fn a_policy_without_a_money_pay_line_has_no_pay_figures() {
    let policy = SMALL.replace("  实发 = agent.底薪\n", "");
    let (program, s) =
        summarised(&policy, "id,name,tier,hired_on\nA,a,初级,2020-01-01\n", "agent,date,violation,cost\n");
    let json = kaohe::report::summary_json(&program, &s);
    assert_eq!(json["pay_line"], Value::Null);
    assert_eq!(json["tiers"][0]["pay_min"], Value::Null);
    assert_eq!(json["total"]["pay"], Value::Null);
    kaohe::i18n::set(kaohe::i18n::Lang::En);
    let text = kaohe::report::summary_text(&program, &s);
    assert!(text.contains("Per tier\n"), "{text}");
    assert!(text.contains("No violation was counted this month"), "{text}");
    assert!(!text.contains("lowest"), "{text}");
}

/// A folder with the small policy and months to close.
struct Office {
    dir: tempfile::TempDir,
}

impl Office {
    fn new() -> Office {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.kh"), SMALL).unwrap();
        Office { dir }
    }

    fn month(&self, m: &str, pay: &[(&str, &str)], late: usize) {
        let dir = self.dir.path().join(m);
        std::fs::create_dir_all(&dir).unwrap();
        let mut agents = String::from("id,name,tier,hired_on,底薪\n");
        for (id, p) in pay {
            agents.push_str(&format!("{id},{id},初级,2020-01-01,{p}\n"));
        }
        let mut incidents = String::from("agent,date,violation,cost\n");
        for k in 0..late {
            incidents.push_str(&format!("{},{m}-{:02},迟到,0\n", pay[0].0, k + 1));
        }
        std::fs::write(dir.join("agents.csv"), agents).unwrap();
        std::fs::write(dir.join("incidents.csv"), incidents).unwrap();
    }

    fn run(&self, verb: &str, m: &str, extra: &[&str]) -> Output {
        let (a, i) = (format!("{m}/agents.csv"), format!("{m}/incidents.csv"));
        let mut args = vec![verb, "p.kh", "--month", m, "--agents", &a, "--incidents", &i, "--ledger", "kaohe.db"];
        args.extend(extra);
        Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args(&args)
            .current_dir(self.dir.path())
            .env("KAOHE_LANG", "en")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn months_are_the_ledgers_closed_months_then_this_one() {
    let office = Office::new();
    office.month("2024-08", &[("A", "3000"), ("B", "3100")], 2);
    office.month("2024-09", &[("A", "3000"), ("B", "3100"), ("C", "2900")], 0);
    office.month("2024-10", &[("A", "3200"), ("B", "3100")], 1);
    for m in ["2024-08", "2024-09"] {
        let out = office.run("close", m, &[]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let out = office.run("eval", "2024-10", &["--summary", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let months: Vec<(&str, bool, u64, &str, &str)> = doc["summary"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap(),
                m["current"].as_bool().unwrap(),
                m["agents"].as_u64().unwrap(),
                m["pay"].as_str().unwrap(),
                m["points"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        months,
        [
            ("2024-08", false, 2, "6100.00", "2"),
            ("2024-09", false, 3, "9000.00", "0"),
            ("2024-10", true, 2, "6300.00", "1")
        ]
    );
    // The text has the same months, this one marked.
    let text = String::from_utf8(office.run("eval", "2024-10", &["--summary"]).stdout).unwrap();
    let section = &text[text.find("Month by month").unwrap()..];
    assert!(section.contains("2024-09"), "{section}");
    assert!(section.contains("9000.00"), "{section}");
    assert!(section.contains("2024-10 (this month)"), "{section}");

    // The workbook has a chart of the months, reading their table.
    let out = office.run("eval", "2024-10", &["--format", "xlsx", "--output", "m.xlsx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let charts = workbook_charts(&office.path("m.xlsx"));
    let titles: Vec<&str> = charts.iter().map(|c| c.title.as_str()).collect();
    // Nothing cost money, so there is no money ranking to draw.
    assert_eq!(
        titles,
        ["实发 per tier: lowest, median, highest", "Agents by points", "Violations by points", "Month by month"]
    );
    let months = charts.iter().find(|c| c.title == "Month by month").unwrap();
    let book = std::fs::read(office.path("m.xlsx")).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(book)).unwrap();
    let summary = book.worksheet_range("summary").unwrap();
    assert_eq!(cells(&summary, &months.series[0].categories), ["2024-08", "2024-09", "2024-10 (this month)"]);
    assert_eq!(cells(&summary, &months.series[0].values), ["6100", "9000", "6300"]);
    assert_eq!(cells(&summary, &months.series[1].values), ["2", "0", "1"]);

    // Written while the month is evaluated, the workbook read with the ledger is the one
    // made of the whole month (written to stdout), sheet for sheet and cell for cell.
    let whole = office.run("eval", "2024-10", &["--format", "xlsx", "--output", "/dev/stdout"]);
    assert!(whole.status.success(), "{}", String::from_utf8_lossy(&whole.stderr));
    let sheets = |bytes: Vec<u8>| {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let names = book.sheet_names();
        names
            .into_iter()
            .map(|name| {
                let rows: Vec<Vec<Data>> = book.worksheet_range(&name).unwrap().rows().map(<[Data]>::to_vec).collect();
                (name, rows)
            })
            .collect::<Vec<_>>()
    };
    let (streamed, whole) = (sheets(std::fs::read(office.path("m.xlsx")).unwrap()), sheets(whole.stdout));
    let names: Vec<&str> = streamed.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["results", "incidents", "summary", "explanation"]);
    assert_eq!(streamed, whole);
}

/// One series of a chart: the ranges its name, categories and values read.
#[derive(Debug)]
struct Series {
    name: String,
    categories: String,
    values: String,
}

#[derive(Debug)]
struct ChartXml {
    title: String,
    kind: String,
    series: Vec<Series>,
}

/// Every chart of a workbook, read from its XML: the title, the kind of plot, and each
/// series' ranges (`summary!$A$22:$A$25`).
fn workbook_charts(path: &Path) -> Vec<ChartXml> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut names: Vec<String> =
        zip.file_names().filter(|n| n.starts_with("xl/charts/chart")).map(String::from).collect();
    names.sort_by_key(|n| n.trim_start_matches("xl/charts/chart").trim_end_matches(".xml").parse::<u32>().unwrap());
    let mut out = Vec::new();
    for name in names {
        let mut xml = String::new();
        zip.by_name(&name).unwrap().read_to_string(&mut xml).unwrap();
        let between = |text: &str, open: &str, close: &str| -> Vec<String> {
            text.split(open).skip(1).filter_map(|s| s.split(close).next()).map(String::from).collect()
        };
        let title = between(xml.split("<c:plotArea>").next().unwrap(), "<a:t>", "</a:t>").join("");
        let kind = ["barChart", "lineChart"].iter().find(|k| xml.contains(&format!("<c:{k}>"))).unwrap().to_string();
        let series = xml
            .split("<c:ser>")
            .skip(1)
            .map(|ser| {
                let refs = between(ser, "<c:f>", "</c:f>");
                Series { name: refs[0].clone(), categories: refs[1].clone(), values: refs[2].clone() }
            })
            .collect();
        out.push(ChartXml { title, kind, series });
    }
    out
}

/// The cells of a range such as `summary!$A$22:$A$25` (or one cell), as text.
fn cells(sheet: &calamine::Range<Data>, range: &str) -> Vec<String> {
    let (_, refs) = range.rsplit_once('!').unwrap();
    let cell = |r: &str| -> (u32, u32) {
        let r = r.replace('$', "");
        let split = r.find(|c: char| c.is_ascii_digit()).unwrap();
        let col = r[..split].bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
        (r[split..].parse::<u32>().unwrap() - 1, col)
    };
    let (from, to) = match refs.split_once(':') {
        Some((a, b)) => (cell(a), cell(b)),
        None => (cell(refs), cell(refs)),
    };
    let mut out = Vec::new();
    for row in from.0..=to.0 {
        for col in from.1..=to.1 {
            out.push(sheet.get_value((row, col)).map_or_else(String::new, ToString::to_string));
        }
    }
    out
}

#[test]
fn the_workbooks_four_charts_read_the_summary_sheets_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("month.xlsx");
    let out = run(&["--format", "xlsx", "--output", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = sample_json()["summary"].clone();
    let charts = workbook_charts(&path);
    let titles: Vec<&str> = charts.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "实发工资 per tier: lowest, median, highest",
            "Agents by points",
            "Violations by points",
            "Violations by compensation and fines"
        ]
    );
    let bytes = std::fs::read(&path).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("summary").unwrap();
    for c in &charts {
        for ser in &c.series {
            for r in [&ser.name, &ser.categories, &ser.values] {
                assert!(r.starts_with("summary!$"), "{} reads {r}: not the summary sheet", c.title);
            }
        }
    }
    let tiers = s["tiers"].as_array().unwrap();
    let decimals =
        |cells: Vec<String>| -> Vec<Decimal> { cells.iter().map(|c| Decimal::from_str(c).unwrap()).collect() };

    // Pay per tier: three series, lowest, median, highest, over the tiers.
    let pay = &charts[0];
    assert_eq!(pay.kind, "barChart");
    let series: Vec<String> = pay.series.iter().flat_map(|x| cells(&sheet, &x.name)).collect();
    assert_eq!(series, ["lowest", "median", "highest"]);
    for (ser, key) in pay.series.iter().zip(["pay_min", "pay_median", "pay_max"]) {
        assert_eq!(
            cells(&sheet, &ser.categories),
            tiers.iter().map(|t| t["tier"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        );
        assert_eq!(
            decimals(cells(&sheet, &ser.values)),
            tiers.iter().map(|t| dec(&t[key])).collect::<Vec<_>>(),
            "{key}"
        );
    }
    assert_eq!(cells(&sheet, &pay.series[1].values), ["3500", "4220", "5000", "6500"]);

    // Points: one series, the bins.
    let points = &charts[1];
    let bins = s["points"].as_array().unwrap();
    assert_eq!(
        cells(&sheet, &points.series[0].categories),
        bins.iter().map(|b| b["label"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    );
    assert_eq!(
        cells(&sheet, &points.series[0].values),
        bins.iter().map(|b| b["agents"].to_string()).collect::<Vec<_>>()
    );

    // Violations by points: the ones that cost points, most first.
    let mut by_points: Vec<(&str, Decimal)> = s["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !dec(&i["points"]).is_zero())
        .map(|i| (i["name"].as_str().unwrap(), dec(&i["points"])))
        .collect();
    by_points.sort_by_key(|p| std::cmp::Reverse(p.1));
    let drawn = cells(&sheet, &charts[2].series[0].values);
    assert_eq!(drawn, by_points.iter().map(|(_, p)| p.to_string()).collect::<Vec<_>>());
    assert_eq!(cells(&sheet, &charts[2].series[0].categories)[..3], ["私带设备", "旷工", "未良好履行职责"]);

    // By money: only 私带设备 cost money this month.
    assert_eq!(cells(&sheet, &charts[3].series[0].categories), ["私带设备"]);
    assert_eq!(cells(&sheet, &charts[3].series[0].values), ["5637.14"]);
}

#[test]
fn the_workbooks_chart_titles_are_chinese_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("month.xlsx");
    let out = kaohe_zh(&common::sample_month_args(&["--format", "xlsx", "--output", path.to_str().unwrap()]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let titles: Vec<String> = workbook_charts(&path).into_iter().map(|c| c.title).collect();
    assert_eq!(
        titles,
        ["各等级实发工资：最低、中位数、最高", "扣分分布（人数）", "违规扣分排名", "违规赔偿和罚款排名"]
    );
    let charts = workbook_charts(&path);
    assert!(charts[0].series[0].values.starts_with("汇总!$"), "{:?}", charts[0].series[0]);
}
