//! A workbook whose tables have more rows than a sheet holds: each table continues on
//! further sheets (`incidents 2`, `incidents 3`), each with the header, frozen and with
//! filter buttons, every row on exactly one of them, in order; an agent's rows stay on
//! one sheet (or on as few as hold them when they fill more). The row limit is Excel's
//! 1,048,576 and is made small here to split the sample month.
//!
//! The sheets' rows go through temporary files that have no name in any folder: none is
//! left behind, whether the workbook is written or refused, and a system without a
//! temporary folder is told so instead of stopping the program.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use kaohe::eval::{History, MonthResult, Trace};
use kaohe::records::Encoding;
use kaohe::report::WorkbookOptions;
use kaohe::Program;

use crate::common::{self, files_in, sample_month_args, SAMPLE_MONTH};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The sample month, evaluated with every derivation (what the workbook shows).
fn sample() -> (Program, MonthResult) {
    let program = common::program(&common::bundled_policy());
    let file = |name: &str| std::fs::read(format!("{ROOT}/examples/2024-10/{name}")).unwrap();
    let (result, _) = common::evaluate_month_with(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", &file("agents.csv")),
        ("incidents.csv", &file("incidents.csv")),
        Encoding::Auto,
        Trace::Full,
    )
    .unwrap();
    (program, result)
}

fn workbook(program: &Program, result: &MonthResult, rows_per_sheet: u32) -> Vec<u8> {
    let options = WorkbookOptions { rows_per_sheet, ..WorkbookOptions::default() };
    kaohe::report::month_xlsx_with(program, result, &History::none(), &options).unwrap()
}

/// Every sheet of a workbook, in order: its name and its rows.
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// A part of the workbook's zip, as text.
fn zipped(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The parts of table `name` in a split workbook: `name`, `name 2`, `name 3`, … in order.
fn parts<'a>(split: &'a [(String, Vec<Vec<Data>>)], name: &str) -> Vec<&'a (String, Vec<Vec<Data>>)> {
    let parts: Vec<_> = split.iter().filter(|(n, _)| n == name || n.starts_with(&format!("{name} "))).collect();
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<String> =
        (1..=parts.len()).map(|i| if i == 1 { name.to_string() } else { format!("{name} {i}") }).collect();
    assert_eq!(names, expected, "the sheets of {name}");
    parts
}

/// Checks that the parts of `name` hold exactly the rows of the unsplit table, in
/// order, each under the header and at most `limit` rows (header included); gives the
/// number of parts.
fn check_parts(
    whole: &[(String, Vec<Vec<Data>>)],
    split: &[(String, Vec<Vec<Data>>)],
    name: &str,
    limit: usize,
) -> usize {
    let (_, all) = whole.iter().find(|(n, _)| n == name).unwrap();
    let parts = parts(split, name);
    let mut joined = Vec::new();
    for (part, rows) in &parts {
        assert_eq!(rows[0], all[0], "{part} starts with the header");
        assert!(rows.len() <= limit, "{part} has {} rows", rows.len());
        assert!(rows.len() > 1, "{part} has no rows under its header");
        joined.extend(rows[1..].iter().cloned());
    }
    assert_eq!(joined, all[1..], "the rows of {name}, once each and in order");
    parts.len()
}

/// The text of a cell (an agent's id).
fn text(c: &Data) -> String {
    c.to_string()
}

#[test]
fn a_month_longer_than_a_sheet_continues_on_numbered_sheets() {
    let (program, result) = sample();
    let whole = sheets(&workbook(&program, &result, 1_048_576));
    let names: Vec<&str> = whole.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["results", "incidents", "summary", "explanation"]);

    let bytes = workbook(&program, &result, 10);
    let split = sheets(&bytes);
    // 30 agents, 9 a sheet under the header; the summary stays whole, between the
    // incidents and the explanations.
    assert_eq!(check_parts(&whole, &split, "results", 10), 4);
    let incidents = check_parts(&whole, &split, "incidents", 10);
    let explanation = check_parts(&whole, &split, "explanation", 10);
    let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 4 + incidents + 1 + explanation);
    assert_eq!(names[..5], ["results", "results 2", "results 3", "results 4", "incidents"]);
    assert_eq!(names[4 + incidents - 1], format!("incidents {incidents}"));
    assert_eq!(names[4 + incidents], "summary");
    assert_eq!(names[4 + incidents + 1], "explanation");
    assert_eq!(names.last().unwrap(), &format!("explanation {explanation}"));
    let summary = |book: &[(String, Vec<Vec<Data>>)]| book.iter().find(|(n, _)| n == "summary").unwrap().1.clone();
    assert_eq!(summary(&split), summary(&whole));

    // No agent of the sample has more than 9 rows: each agent's rows are on one sheet.
    for table in ["incidents", "explanation"] {
        let mut sheet_of: BTreeMap<String, &str> = BTreeMap::new();
        for (part, rows) in parts(&split, table) {
            for r in &rows[1..] {
                let on = sheet_of.entry(text(&r[0])).or_insert(part.as_str());
                assert_eq!(*on, part.as_str(), "{} is on {on} and {part}", text(&r[0]));
            }
        }
    }

    // Each agent's points in the incidents sheets add up to the agent's points.
    let (_, results) = split.iter().find(|(n, _)| n == "results").unwrap();
    let header: Vec<String> = results[0].iter().map(text).collect();
    let points_col = header.iter().position(|h| h == "points").unwrap();
    let mut points: BTreeMap<String, f64> = BTreeMap::new();
    for (_, rows) in parts(&split, "results") {
        for r in &rows[1..] {
            let Data::Float(p) = r[points_col] else { panic!("points not a number: {:?}", r[points_col]) };
            points.insert(text(&r[0]), p);
        }
    }
    assert_eq!(points.len(), 30);
    let mut detail: BTreeMap<String, f64> = BTreeMap::new();
    for (_, rows) in parts(&split, "incidents") {
        for r in &rows[1..] {
            let p = if let Data::Float(p) = r[5] { p } else { 0.0 };
            *detail.entry(text(&r[0])).or_default() += p;
        }
    }
    for (id, p) in &points {
        assert_eq!(detail.get(id).copied().unwrap_or(0.0), *p, "the points of {id}");
    }
    assert_eq!(points["A019"], 41.0);

    // Each sheet of a table: the header frozen, filter buttons over its own rows.
    for (i, (name, rows)) in split.iter().enumerate() {
        if name == "summary" {
            continue;
        }
        let xml = zipped(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            "{name}"
        );
        let last = kaohe::records::sheet::column_letter(u32::try_from(rows[0].len() - 1).unwrap());
        assert!(xml.contains(&format!("<autoFilter ref=\"A1:{last}{}\"/>", rows.len())), "{name}: {xml:.600}");
    }

    // The charts read the summary sheet's ranges, as in the workbook of one sheet a table.
    let whole_bytes = workbook(&program, &result, 1_048_576);
    for chart in 1..=4 {
        let name = format!("xl/charts/chart{chart}.xml");
        let xml = zipped(&bytes, &name);
        assert!(xml.contains("<c:f>summary!$"), "{name}");
        assert_eq!(xml, zipped(&whole_bytes, &name), "{name}");
    }
}

#[test]
fn an_agent_with_more_rows_than_a_sheet_holds_continues_on_the_next() {
    let (program, result) = sample();
    let whole = sheets(&workbook(&program, &result, 1_048_576));
    // Two rows a sheet under the header: A019's four incidents take two sheets.
    let split = sheets(&workbook(&program, &result, 3));
    assert_eq!(check_parts(&whole, &split, "results", 3), 15);
    check_parts(&whole, &split, "incidents", 3);
    check_parts(&whole, &split, "explanation", 3);
    let a019: Vec<&str> = parts(&split, "incidents")
        .iter()
        .filter(|(_, rows)| rows[1..].iter().any(|r| text(&r[0]) == "A019"))
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(a019.len(), 2, "{a019:?}");
}

#[test]
fn the_sheets_a_table_continues_on_are_numbered_in_both_languages() {
    use kaohe::i18n::{message_in, Lang};
    let part =
        |lang, sheet: &str, n: &str| message_in(lang, "sheet-part", &[("sheet", sheet.into()), ("part", n.into())]);
    assert_eq!(part(Lang::Zh, "违规明细", "2"), "违规明细 2");
    assert_eq!(part(Lang::En, "incidents", "3"), "incidents 3");
    assert_eq!(kaohe::report::xlsx::part_name("说明", 1), "说明");
}

/// Runs `kaohe` with `TMPDIR` set (in English, in the project's folder).
fn with_tmpdir(tmpdir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .env("KAOHE_LANG", "en")
        .env("NO_COLOR", "1")
        .env("TMPDIR", tmpdir)
        .args(args)
        .current_dir(ROOT)
        .output()
        .unwrap()
}

/// The words of a diagnostic, as one line (the terminal's wrapping undone).
fn words(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr).replace('│', " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_temporary_file_is_left_behind_whether_the_workbook_is_written_or_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("m.xlsx");
    let written =
        with_tmpdir(tmp.path(), &sample_month_args(&["--format", "xlsx", "--output", target.to_str().unwrap()]));
    assert_eq!(written.status.code(), Some(0), "{}", String::from_utf8_lossy(&written.stderr));
    assert_eq!(files_in(out.path()), ["m.xlsx"]);
    assert!(files_in(tmp.path()).is_empty());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(std::fs::read(&target).unwrap())).unwrap();
    assert_eq!(book.worksheet_range("incidents").unwrap().height(), 1 + 66 + 3, "66 incidents, 3 escalations");

    // A total beyond what Kaohe computes with: the workbook is refused, nothing is left.
    let policy = out.path().join("big.kh");
    let text = common::bundled_policy().replacen("pay {", "pay {\n  巨额 = 50000000000000000000000000000 元", 1);
    std::fs::write(&policy, text).unwrap();
    let refused = out.path().join("refused.xlsx");
    let mut args = vec!["eval", policy.to_str().unwrap()];
    args.extend(SAMPLE_MONTH);
    args.extend(["--format", "xlsx", "--output", refused.to_str().unwrap()]);
    let failed = with_tmpdir(tmp.path(), &args);
    let stderr = words(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the workbook"), "{stderr}");
    assert!(stderr.contains("beyond the 28 significant digits"), "{stderr}");
    assert_eq!(files_in(out.path()), ["big.kh", "m.xlsx"]);
    assert!(files_in(tmp.path()).is_empty());
}

#[test]
fn a_system_without_a_temporary_folder_is_told_so() {
    let out = tempfile::tempdir().unwrap();
    let missing = out.path().join("no-such-folder");
    let target = out.path().join("m.xlsx");
    let failed = with_tmpdir(&missing, &sample_month_args(&["--format", "xlsx", "--output", target.to_str().unwrap()]));
    let stderr = words(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("kaohe::io"), "{stderr}");
    assert!(stderr.contains("no temporary file can be made in"), "{stderr}");
    assert!(stderr.contains("no-such-folder`: No such file or directory"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(files_in(out.path()).is_empty());
    // The table needs no temporary file.
    let json = with_tmpdir(&missing, &sample_month_args(&[]));
    assert_eq!(json.status.code(), Some(0));
}

#[test]
fn the_workbook_trace_gives_the_workbook_of_the_full_trace() {
    let months = [
        ("customer-service", "2024-10", "examples/2024-10"),
        ("qa-scorecard", "2024-11", "examples/qa-scorecard/2024-11"),
        ("sales-commission", "2024-11", "examples/sales-commission/2024-11"),
        ("rider-penalties", "2024-11", "examples/rider-penalties/2024-11"),
    ];
    for (policy, month, dir) in months {
        let program = common::program(&std::fs::read_to_string(format!("{ROOT}/policies/{policy}.kh")).unwrap());
        let file = |name: &str| std::fs::read(format!("{ROOT}/{dir}/{name}")).unwrap();
        let book = |trace: Trace| {
            let (result, _) = common::evaluate_month_with(
                &program,
                month.parse().unwrap(),
                ("agents.csv", &file("agents.csv")),
                ("incidents.csv", &file("incidents.csv")),
                Encoding::Auto,
                trace,
            )
            .unwrap();
            (workbook(&program, &result, 1_048_576), result)
        };
        let (full, full_result) = book(Trace::Full);
        let (lean, lean_result) = book(Trace::Workbook);
        let counted = |r: &MonthResult| r.agents.iter().map(|a| a.counted.len()).sum::<usize>();
        assert!(counted(&lean_result) > 0, "{policy}");
        assert_eq!(counted(&lean_result), counted(&full_result), "{policy}");
        // What only --explain shows is not kept.
        assert!(lean_result.agents.iter().flat_map(|a| &a.counted).all(|c| c.values.is_empty() && c.tables.is_empty()));
        let mut zip = zip::ZipArchive::new(Cursor::new(&full)).unwrap();
        let parts: Vec<String> = zip.file_names().filter(|n| n.ends_with(".xml")).map(String::from).collect();
        for part in &parts {
            let mut text = String::new();
            zip.by_name(part).unwrap().read_to_string(&mut text).unwrap();
            // The document's creation time aside.
            if part != "docProps/core.xml" {
                assert_eq!(zipped(&lean, part), text, "{policy}: {part}");
            }
        }
        assert!(parts.iter().any(|p| p == "xl/sharedStrings.xml"), "{policy}");
    }
}

#[test]
fn the_workbook_written_while_the_month_is_evaluated_is_the_librarys() {
    // `kaohe eval --format xlsx --output` writes each chunk of agents as it is evaluated
    // and keeps of each agent only what the summary sheet reads.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("m.xlsx");
    let out = crate::common::kaohe(&sample_month_args(&["--format", "xlsx", "--output", target.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let (program, result) = sample();
    let cli = std::fs::read(&target).unwrap();
    let library = workbook(&program, &result, 1_048_576);
    assert_eq!(sheets(&cli), sheets(&library));
    for part in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml", "xl/sharedStrings.xml", "xl/charts/chart1.xml"]
    {
        assert_eq!(zipped(&cli, part), zipped(&library, part), "{part}");
    }
}
