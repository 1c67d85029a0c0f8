//! Excel in and out: agents and incidents read from `.xlsx`, `.xls` and `.ods` evaluate
//! exactly like the same month as CSV; problems name the sheet, row and column; the
//! `--format xlsx` report reads back with its numbers as numbers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use kaohe::records::Encoding;
use kaohe::{Code, Diagnostic, Program};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

use crate::common::{self, kaohe};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn program() -> Program {
    common::program(&common::bundled_policy())
}

/// A CSV file of the sample month: its header and rows.
fn example(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(format!("{ROOT}/examples/2024-10/{name}")).unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

fn example_bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!("{ROOT}/examples/2024-10/{name}")).unwrap()
}

/// Evaluates a month from two named files' bytes; the JSON report, or the diagnostics.
fn month(
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
) -> Result<(serde_json::Value, Vec<Diagnostic>), Vec<Diagnostic>> {
    let program = program();
    let (result, warnings) =
        common::evaluate_month(&program, "2024-10".parse().unwrap(), agents, incidents, Encoding::Auto)?;
    let json = serde_json::from_str(&kaohe::report::month_json(&program, &result)).unwrap();
    Ok((json, warnings))
}

fn ok(r: Result<(serde_json::Value, Vec<Diagnostic>), Vec<Diagnostic>>) -> serde_json::Value {
    match r {
        Ok((json, warnings)) => {
            assert!(warnings.is_empty(), "{}", kaohe::diag::render_human(&warnings, false));
            json
        }
        Err(d) => panic!("{}", kaohe::diag::render_human(&d, false)),
    }
}

fn errors(r: Result<(serde_json::Value, Vec<Diagnostic>), Vec<Diagnostic>>) -> Vec<Diagnostic> {
    match r {
        Ok(_) => panic!("the month was expected to fail"),
        Err(d) => d,
    }
}

/// The sample month as CSV, the reference every spreadsheet is compared with.
fn csv_month() -> serde_json::Value {
    ok(month(("agents.csv", &example_bytes("agents.csv")), ("incidents.csv", &example_bytes("incidents.csv"))))
}

fn ymd(text: &str) -> (u16, u8, u8) {
    let mut parts = text.split('-');
    let mut next = || parts.next().unwrap().parse::<u16>().unwrap();
    let (y, m, d) = (next(), next(), next());
    (y, m as u8, d as u8)
}

/// Writes one cell of the sample month the way a person keeps it in Excel: dates as
/// real date cells (or, every third row, as text in another spelling), numbers as
/// numbers, yes/no as booleans.
fn write_cell(ws: &mut Worksheet, row: u32, col: u16, column: &str, text: &str, n: usize) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let chinese_date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let money = Format::new().set_num_format("¥#,##0.00");
    if text.is_empty() {
        return;
    }
    match column {
        "hired_on" | "date" => {
            let (y, m, d) = ymd(text);
            match n % 4 {
                0 => drop(ws.write_string(row, col, format!("{y}/{m}/{d}")).unwrap()),
                1 => drop(ws.write_string(row, col, format!("{y}年{m}月{d}日")).unwrap()),
                2 => drop(
                    ws.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(y, m, d).unwrap(), &chinese_date)
                        .unwrap(),
                ),
                _ => drop(
                    ws.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date).unwrap(),
                ),
            }
        }
        "leads_team" => drop(ws.write_boolean(row, col, text == "true").unwrap()),
        "minutes" | "cost" => match text.parse::<f64>() {
            Ok(n) if column == "cost" => drop(ws.write_number_with_format(row, col, n, &money).unwrap()),
            Ok(n) => drop(ws.write_number(row, col, n).unwrap()),
            Err(_) => drop(ws.write_string(row, col, text).unwrap()),
        },
        _ => drop(ws.write_string(row, col, text).unwrap()),
    }
}

/// Writes a CSV table into a sheet with its header at `(top, left)`; a row after
/// `gap_after` data rows is left empty.
fn write_table(ws: &mut Worksheet, table: &[Vec<String>], top: u32, left: u16, gap_after: Option<usize>) {
    let header = &table[0];
    let mut row = top;
    for (n, cells) in table.iter().enumerate() {
        for (i, text) in cells.iter().enumerate() {
            let col = left + i as u16;
            if n == 0 {
                ws.write_string(row, col, text).unwrap();
            } else {
                write_cell(ws, row, col, &header[i], text, n);
            }
        }
        row += 1;
        if gap_after == Some(n) {
            row += 1;
        }
    }
}

/// The sample agents on the workbook's only sheet, 花名册, from A1.
fn agents_xlsx(table: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("花名册").unwrap();
    write_table(ws, table, 0, 0, None);
    book.save_to_buffer().unwrap()
}

/// The sample incidents on the second sheet, 违规记录, from B3 (rows 1 and 2 empty),
/// with an empty row after the tenth incident. The first sheet holds a note.
fn incidents_xlsx(table: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("说明").unwrap();
    notes.write_string(0, 0, "2024年10月违规记录, 财务部").unwrap();
    let ws = book.add_worksheet().set_name("违规记录").unwrap();
    write_table(ws, table, 2, 1, Some(10));
    book.save_to_buffer().unwrap()
}

#[test]
fn a_month_in_workbooks_evaluates_like_the_csv_month() {
    let agents = agents_xlsx(&example("agents.csv"));
    let incidents = incidents_xlsx(&example("incidents.csv"));
    let json = ok(month(("agents.xlsx", &agents), ("incidents.xlsx#违规记录", &incidents)));
    assert_eq!(json, csv_month());
    // The figures that depend on exact numbers: 1280.35 and 30.5 minutes.
    assert_eq!(common::agent(&json, "A020")["pay"]["结转赔偿"], "440.35");
    assert_eq!(common::agent(&json, "A023")["violations"][0]["count"], 2);
}

#[test]
fn mixed_csv_and_workbook() {
    let incidents = incidents_xlsx(&example("incidents.csv"));
    let json = ok(month(("agents.csv", &example_bytes("agents.csv")), ("incidents.xlsx#违规记录", &incidents)));
    assert_eq!(json, csv_month());
}

#[test]
fn from_disk_with_a_sheet_name() {
    let dir = tempfile::tempdir().unwrap();
    let agents = dir.path().join("agents.xlsx");
    let incidents = dir.path().join("incidents.xlsx");
    std::fs::write(&agents, agents_xlsx(&example("agents.csv"))).unwrap();
    std::fs::write(&incidents, incidents_xlsx(&example("incidents.csv"))).unwrap();
    let program = program();
    let incidents_arg = format!("{}#违规记录", incidents.display());
    let (result, warnings) = common::evaluate_files(
        &program,
        "2024-10".parse().unwrap(),
        agents.to_str().unwrap(),
        &incidents_arg,
        Encoding::Auto,
        kaohe::eval::Trace::Report,
    )
    .unwrap_or_else(|d| panic!("{}", kaohe::diag::render_human(&d, false)));
    assert!(warnings.is_empty());
    let json: serde_json::Value = serde_json::from_str(&kaohe::report::month_json(&program, &result)).unwrap();
    assert_eq!(json, csv_month());
}

/// The incidents table with some cells replaced: (data row, column, text).
fn incidents_with(changes: &[(usize, usize, &str)]) -> Vec<Vec<String>> {
    let mut table = example("incidents.csv");
    for &(row, col, text) in changes {
        table[row][col] = text.to_string();
    }
    table
}

#[test]
fn a_bad_cell_names_the_sheet_row_and_column() {
    // Data row 3 is on sheet row 6 (header on row 3); data row 14 is below the empty
    // row, on row 18. The table starts in column B: `violation` is D, `cost` is F.
    let table = incidents_with(&[(3, 2, "迟倒"), (14, 4, "n/a"), (20, 0, "A0O1")]);
    let incidents = incidents_xlsx(&table);
    let diags = errors(month(("agents.csv", &example_bytes("agents.csv")), ("incidents.xlsx#违规记录", &incidents)));
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "incidents.xlsx!违规记录 D6: unknown violation `迟倒`",
            "incidents.xlsx!违规记录 F18: `cost` is not an amount of money: `n/a`",
            "incidents.xlsx!违规记录 B24: incident on row 24 names agent `A0O1`, who is not in the roster",
        ],
    );
    assert_eq!(diags[0].code, Code::RecordUnknownViolation);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `迟到`?"));
    assert_eq!(diags[1].code, Code::RecordBadValue);
    // The diagnostic points into the sheet as text: its row is the line.
    let json = diags[1].to_json();
    assert_eq!(json.file.as_deref(), Some("incidents.xlsx!违规记录"));
    assert_eq!(json.line, Some(18));
    let human = kaohe::diag::render_human(&diags[1..2], false);
    assert!(human.contains("incidents.xlsx!违规记录:18:"), "{human}");
}

#[test]
fn header_and_row_problems_in_a_sheet() {
    let mut agents = example("agents.csv");
    agents[0][3] = "hired_onn".into();
    agents[0].push("部门".into());
    let diags =
        errors(month(("agents.xlsx", &agents_xlsx(&agents)), ("incidents.csv", &example_bytes("incidents.csv"))));
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"`agents.xlsx!花名册` has no column `hired_on`"), "{messages:?}");
    assert!(
        messages.contains(&"agents.xlsx!花名册 F1: column `部门` is not a field of the agent schema and is ignored"),
        "{messages:?}"
    );

    // The same id twice: both rows are named as rows.
    let mut agents = example("agents.csv");
    agents[6][0] = "A002".into();
    let diags =
        errors(month(("agents.xlsx", &agents_xlsx(&agents)), ("incidents.csv", &example_bytes("incidents.csv"))));
    assert_eq!(diags[0].message, "agents.xlsx!花名册 A7: agent id `A002` appears twice (rows 3 and 7)");
}

#[test]
fn a_cell_right_of_the_header_is_a_ragged_row() {
    let agents = example("agents.csv");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    write_table(ws, &agents, 0, 0, None);
    ws.write_string(4, 6, "备注").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let diags = errors(month(("agents.xlsx", &bytes), ("incidents.csv", &example_bytes("incidents.csv"))));
    assert_eq!(diags[0].code, Code::RecordRaggedRow);
    assert_eq!(diags[0].message, "agents.xlsx!Sheet1 row 5: row 5 has 7 cells but the header has 5");
}

#[test]
fn sheet_selection() {
    let incidents = incidents_xlsx(&example("incidents.csv"));
    let agents = ("agents.csv", example_bytes("agents.csv"));
    // Without `#`, the first sheet (a note) is read: it has no incident columns.
    let diags = errors(month((agents.0, &agents.1), ("incidents.xlsx", &incidents)));
    assert!(diags.iter().all(|d| d.code == Code::RecordMissingColumn || d.code == Code::RecordUndeclaredColumn));
    assert!(diags.iter().any(|d| d.message == "`incidents.xlsx!说明` has no column `agent`"), "{diags:?}");

    // A sheet that is not there: the sheets are listed, with the closest name.
    let diags = errors(month((agents.0, &agents.1), ("incidents.xlsx#违规纪录", &incidents)));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::Io);
    assert_eq!(diags[0].message, "cannot read `incidents.xlsx#违规纪录`: `incidents.xlsx` has no sheet `违规纪录`");
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `违规记录`? the sheets of `incidents.xlsx` are `说明`, `违规记录`")
    );
    let diags = errors(month((agents.0, &agents.1), ("incidents.xlsx#Sheet9", &incidents)));
    assert_eq!(diags[0].help.as_deref(), Some("the sheets of `incidents.xlsx` are `说明`, `违规记录`"));
}

#[test]
fn a_file_that_is_no_workbook_is_malformed() {
    let agents = example_bytes("agents.csv");
    for name in ["agents.xlsx", "agents.xls", "agents.ods"] {
        let diags = errors(month((name, &agents), ("incidents.csv", &example_bytes("incidents.csv"))));
        assert_eq!(diags.len(), 1, "{name}");
        assert_eq!(diags[0].code, Code::RecordMalformed, "{name}");
        assert!(diags[0].message.starts_with(&format!("`{name}` cannot be read as ")), "{}", diags[0].message);
    }
}

#[test]
fn an_empty_sheet() {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("空").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let diags = errors(month(("agents.xlsx", &bytes), ("incidents.csv", &example_bytes("incidents.csv"))));
    assert_eq!(diags[0].code, Code::RecordMissingColumn);
    assert_eq!(diags[0].message, "agents.xlsx!空: the sheet is empty: no header row");
}

/// The sample month saved by LibreOffice Calc (`libreoffice --headless --convert-to xlsx`
/// of the CSV files): dates became date cells, `false` boolean cells, 30.5 a number.
#[test]
fn a_month_saved_by_an_office_suite() {
    let reference = csv_month();
    for ext in ["xlsx", "ods", "xls"] {
        let dir = format!("{ROOT}/tests/fixtures/2024-10");
        let agents = std::fs::read(format!("{dir}/agents.{ext}")).unwrap();
        let incidents = std::fs::read(format!("{dir}/incidents.{ext}")).unwrap();
        let json = ok(month((&format!("agents.{ext}"), &agents), (&format!("incidents.{ext}"), &incidents)));
        assert_eq!(json, reference, "{ext}");
    }
    // The cells really are typed: a date cell, a boolean cell, a number.
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(std::fs::read(format!("{ROOT}/tests/fixtures/2024-10/agents.xlsx")).unwrap())).unwrap();
    let range = book.worksheet_range("agents").unwrap();
    assert!(matches!(range.get_value((1, 3)), Some(Data::DateTime(_))), "{:?}", range.get_value((1, 3)));
    assert_eq!(range.get_value((2, 4)), Some(&Data::Bool(false)));
}

// The report, written and read back.

fn eval_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "eval",
        "policies/customer-service.kh",
        "--month",
        "2024-10",
        "--agents",
        "tests/fixtures/2024-10/agents.xlsx",
        "--incidents",
        "examples/2024-10/incidents.csv",
    ];
    v.extend_from_slice(extra);
    v
}

/// A file inside a zip archive (an `.xlsx`), as text.
fn zipped(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The number format of a cell (`F20`) of a sheet: the cell's style → its format id →
/// its format code (built-in `0` is `General`).
fn number_format(bytes: &[u8], sheet: usize, cell: &str) -> String {
    let xml = zipped(bytes, &format!("xl/worksheets/sheet{sheet}.xml"));
    let at = xml.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("no cell {cell}"));
    let tag = &xml[at..at + xml[at..].find('>').unwrap()];
    let style: usize = tag.split(" s=\"").nth(1).map_or(0, |s| s.split('"').next().unwrap().parse().unwrap());
    let styles = zipped(bytes, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let id = xf.split("numFmtId=\"").nth(1).unwrap().split('"').next().unwrap();
    if id == "0" {
        return "General".into();
    }
    let code = styles.split(&format!("<numFmt numFmtId=\"{id}\" formatCode=\"")).nth(1).unwrap();
    code.split('"').next().unwrap().to_string()
}

fn value<'a>(range: &'a calamine::Range<Data>, row: usize, header: &[String], column: &str) -> &'a Data {
    let col = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
    range.get_value((row as u32, col as u32)).unwrap()
}

#[test]
fn the_report_as_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("result.xlsx");
    let out = kaohe(&eval_args(&["--format", "xlsx", "--output", target.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    // Only the result is left in the folder: no temporary files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let bytes = std::fs::read(&target).unwrap();

    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["results", "incidents", "summary", "explanation"]);

    // 结果: the CSV report's header, numbers as numbers.
    let program = program();
    let header = kaohe::report::csv_header(&program);
    let results = book.worksheet_range("results").unwrap();
    let first: Vec<String> = results.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(first, header);
    assert_eq!(results.height(), 31);
    let row_of = |id: &str| {
        (0..results.height()).find(|&r| results.get_value((r as u32, 0)) == Some(&Data::String(id.into()))).unwrap()
    };
    let a019 = row_of("A019");
    assert_eq!(value(&results, a019, &header, "name"), &Data::String("林小凤".into()));
    assert_eq!(value(&results, a019, &header, "tenure_months"), &Data::Float(6.0));
    assert_eq!(value(&results, a019, &header, "points"), &Data::Float(41.0));
    assert_eq!(value(&results, a019, &header, "compensation"), &Data::Float(3999.99));
    assert_eq!(value(&results, a019, &header, "tier_ok"), &Data::Bool(true));
    assert_eq!(value(&results, a019, &header, "重度"), &Data::Float(3.0));
    assert_eq!(value(&results, a019, &header, "本月赔偿扣款"), &Data::Float(600.0));
    assert_eq!(value(&results, a019, &header, "结转赔偿"), &Data::Float(3399.99));
    assert_eq!(value(&results, a019, &header, "实发工资"), &Data::Float(2420.0));
    assert_eq!(value(&results, a019, &header, "promotion"), &Data::String("中级客服".into()));
    let a020 = row_of("A020");
    assert_eq!(value(&results, a020, &header, "compensation"), &Data::Float(1280.35));
    assert_eq!(value(&results, a020, &header, "结转赔偿"), &Data::Float(440.35));
    let a013 = row_of("A013");
    assert_eq!(value(&results, a013, &header, "escalations"), &Data::String("未良好履行职责".into()));
    assert_eq!(value(&results, a013, &header, "考核得分"), &Data::Float(77.0));
    // Money in ¥#,##0.00, other numbers in the general format.
    let col = |name: &str| calamine_letter(header.iter().position(|h| h == name).unwrap());
    let cell = |name: &str, row: usize| format!("{}{}", col(name), row + 1);
    assert_eq!(number_format(&bytes, 1, &cell("compensation", a019)), "¥#,##0.00");
    assert_eq!(number_format(&bytes, 1, &cell("实发工资", a019)), "¥#,##0.00");
    assert_eq!(number_format(&bytes, 1, &cell("points", a019)), "General");
    // The header row is frozen; the name column is wide enough for three characters.
    let sheet1 = zipped(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    let name_width: f64 =
        sheet1.split("<col min=\"2\" max=\"2\" width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!(name_width >= 8.0, "{name_width}");

    // 违规明细: A019's four counted incidents, dated, with the clause.
    let details = book.worksheet_range("incidents").unwrap();
    let detail_header: Vec<String> = details.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(detail_header, kaohe::report::xlsx::DETAIL_HEADER);
    let rows: Vec<&[Data]> = details.rows().filter(|r| r[0] == Data::String("A019".into())).collect();
    assert_eq!(rows.len(), 4);
    let theft = rows.iter().find(|r| r[3] == Data::String("私带设备".into())).unwrap();
    let Data::DateTime(date) = &theft[2] else { panic!("not a date cell: {:?}", theft[2]) };
    assert_eq!(date.to_ymd_hms_milli(), (2024, 10, 13, 0, 0, 0, 0));
    assert_eq!(theft[4], Data::String("重度".into()));
    assert_eq!(theft[5], Data::Float(20.0));
    assert_eq!(theft[6], Data::Float(3999.99));
    assert_eq!(theft[7], Data::String("重度违规 4、未经允许私自拆卸公司的设备带出公司, 同时照价赔偿".into()));
    assert_eq!(theft[8], Data::Float(33.0));
    // Each agent's rows add up to their points: A013's escalation has a row.
    let a013_points: f64 = details
        .rows()
        .filter(|r| r[0] == Data::String("A013".into()))
        .map(|r| if let Data::Float(p) = r[5] { p } else { 0.0 })
        .sum();
    assert_eq!(a013_points, 23.0);
    let counted: usize = details.rows().skip(1).filter(|r| r[2] != Data::Empty).count();
    assert_eq!(counted, 69 - 3, "69 incidents, 3 of them not counted");

    // 汇总: per tier, then per violation.
    let summary = book.worksheet_range("summary").unwrap();
    let rows: Vec<Vec<String>> = summary.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][..3], ["tier", "agents", "基本工资"]);
    assert_eq!(rows[0].last().unwrap(), "实发工资");
    let tier = rows.iter().find(|r| r[0] == "初级客服").unwrap();
    assert_eq!(tier[1], "9");
    let total = rows.iter().find(|r| r[0] == "total").unwrap();
    assert_eq!(total[1], "30");
    assert_eq!(
        summary.get_value((rows.iter().position(|r| r[0] == "total").unwrap() as u32, 6)),
        Some(&Data::Float(130653.2))
    );
    let theft = rows.iter().find(|r| r[0] == "私带设备").unwrap();
    assert_eq!(theft[1..5], ["重度", "3", "60", "5637.14"]);
    let escalation = rows.iter().find(|r| r[0] == "未良好履行职责").unwrap();
    assert_eq!(escalation[1..4], ["重度", "3", "45"]);

    // 说明: why and why not, with the values, as `--explain` gives them.
    let why = book.worksheet_range("explanation").unwrap();
    let rows: Vec<Vec<String>> = why.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0], ["id", "name", "item", "explanation"]);
    let a002: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "A002").collect();
    let texts: Vec<(&str, &str)> = a002.iter().map(|r| (r[2].as_str(), r[3].as_str())).collect();
    assert_eq!(
        texts,
        [
            ("绩效工资", "绩效系数(score = 100 分): row `score >= 95 分` (line 138) → 100%"),
            ("未良好履行职责", "did not fire: count(中度) = 0 < 2, and count(轻度) = 0 < 4"),
            ("中级客服", "`tenure >= 3 months` does not hold: tenure = 2 months < 3 months"),
            ("promotion", "none: 中级客服 requires `tenure >= 3 months`: tenure = 2 months < 3 months"),
        ]
    );
}

fn calamine_letter(i: usize) -> String {
    kaohe::records::sheet::column_letter(i as u32)
}

#[test]
fn workbook_report_needs_an_output_file() {
    let out = kaohe(&eval_args(&["--format", "xlsx"]));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`--format xlsx` writes a workbook file") && stderr.contains("--output"), "{stderr}");
    assert!(out.stdout.is_empty());
    let out = kaohe(&eval_args(&["--format", "xlsx", "--output", "x.xlsx", "--explain", "A001"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn refuses_to_overwrite_a_workbook_read_by_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let agents = dir.path().join("agents.xlsx");
    std::fs::write(&agents, agents_xlsx(&example("agents.csv"))).unwrap();
    let before = std::fs::read(&agents).unwrap();
    let arg = format!("{}#花名册", agents.display());
    let args: Vec<&str> = eval_args(&["--format", "xlsx", "--output", agents.to_str().unwrap()])
        .into_iter()
        .map(|a| if a == "tests/fixtures/2024-10/agents.xlsx" { arg.as_str() } else { a })
        .collect();
    let out = kaohe(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write over"));
    assert_eq!(std::fs::read(&agents).unwrap(), before);
}

#[test]
fn the_report_workbook_from_the_library() {
    let program = program();
    let (result, _) = common::evaluate_month_with(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", &example_bytes("agents.csv")),
        ("incidents.csv", &example_bytes("incidents.csv")),
        Encoding::Auto,
        kaohe::eval::Trace::Full,
    )
    .unwrap();
    let bytes = kaohe::report::month_xlsx(&program, &result, &kaohe::eval::History::none()).unwrap();
    let mut written = Vec::new();
    kaohe::report::write_month_xlsx(&program, &result, &kaohe::eval::History::none(), &mut written).unwrap();
    // The same workbook both ways (the zip's timestamps aside, the sheets agree).
    for sheet in 1..=3 {
        let name = format!("xl/worksheets/sheet{sheet}.xml");
        assert_eq!(zipped(&bytes, &name), zipped(&written, &name));
    }
}
