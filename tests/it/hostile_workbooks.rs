//! Workbooks made to hurt: a cell at XFD1048576, a grid of hundreds of millions of cells
//! in a few bytes, huge strings, XML that once made the reader loop forever, compound
//! files whose sector chains loop, and thousands of mutated `.xls` files. Each is a
//! `kaohe::record::malformed` diagnostic naming the file and the limit, quickly and in
//! little memory; none panics, hangs or exhausts memory. The files are made here, from
//! the small workbooks of `tests/fixtures/2024-10/` or from scratch.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};

use kaohe::records::sheet::{read_sheet, read_sheet_within, LIMITS};
use kaohe::records::Encoding;
use kaohe::records::Input;
use kaohe::{Code, Diagnostic};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{ROOT}/tests/fixtures/2024-10/{name}")).unwrap()
}

/// Reads a workbook; the one diagnostic of a refusal.
fn refused(name: &str, bytes: Vec<u8>) -> Diagnostic {
    let start = Instant::now();
    let read = read_sheet(name, bytes);
    assert!(start.elapsed() < Duration::from_secs(10), "{name}: took {:?}", start.elapsed());
    match read {
        Ok(_) => panic!("{name} was read"),
        Err(d) => {
            assert_eq!(d.code, Code::RecordMalformed, "{}", d.message);
            assert_eq!(d.file.as_deref(), Some(name.split('#').next().unwrap()));
            d
        }
    }
}

/// The sheet's CSV text.
fn text_of(read: Result<Input, Diagnostic>) -> String {
    match read {
        Ok(input) => input.source().text().to_string(),
        Err(d) => panic!("{}", d.message),
    }
}

/// The parts of a zip archive, by name, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if name == "mimetype" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A workbook made with rust_xlsxwriter, with its first sheet's XML replaced.
fn xlsx_with_sheet(sheet_xml: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "id").unwrap();
    let mut parts = unzip(&book.save_to_buffer().unwrap());
    for (name, data) in &mut parts {
        if name == "xl/worksheets/sheet1.xml" {
            *data = sheet_xml.as_bytes().to_vec();
        }
    }
    rezip(&parts)
}

fn sheet_xml(cells: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{cells}</sheetData>\
         </worksheet>"
    )
}

fn inline(cell: &str, text: &str) -> String {
    format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

#[test]
fn a_plain_generated_sheet_still_reads() {
    let bytes = xlsx_with_sheet(&sheet_xml(&format!(
        "<row r=\"1\">{}{}</row><row r=\"3\">{}</row>",
        inline("B1", "id"),
        inline("C1", "name"),
        inline("B3", "A001")
    )));
    assert_eq!(text_of(read_sheet("a.xlsx", bytes)), "id,name\n\nA001,\n");
}

#[test]
fn a_cell_at_xfd1048576_is_refused_before_anything_is_allocated() {
    let bytes = xlsx_with_sheet(&sheet_xml(&format!("{}{}", inline("A1", "id"), inline("XFD1048576", "x"))));
    assert!(bytes.len() < 8192, "{} bytes", bytes.len());
    let d = refused("big.xlsx", bytes);
    assert_eq!(
        d.message,
        "`big.xlsx` cannot be read: sheet `Sheet1` has a cell at XFD1048576 (column XFD is the 16,384th); Kaohe \
         reads at most 1,024 columns"
    );
    assert!(d.help.as_deref().unwrap().contains("docs/excel.md"), "{:?}", d.help);
}

#[test]
fn a_grid_of_200_million_cells_is_refused() {
    let bytes = xlsx_with_sheet(&sheet_xml(&format!("{}{}", inline("A1", "id"), inline("ALL200000", "x"))));
    let d = refused("wide.xlsx", bytes);
    assert_eq!(
        d.message,
        "`wide.xlsx` cannot be read: sheet `Sheet1` spans rows 1 to 200,000 and columns A to ALL, 200,000,000 \
         cells (the last at ALL200000); Kaohe reads at most 16,777,216 cells"
    );
}

#[test]
fn sixteen_thousand_columns_are_refused() {
    let header: String =
        (0..16_384u32).map(|c| inline(&format!("{}1", kaohe::records::sheet::column_letter(c)), "c")).collect();
    let d = refused("columns.xlsx", xlsx_with_sheet(&sheet_xml(&header)));
    assert_eq!(
        d.message,
        "`columns.xlsx` cannot be read: sheet `Sheet1` has a cell at AMK1 (column AMK is the 1,025th); Kaohe reads \
         at most 1,024 columns"
    );
}

#[test]
fn a_huge_string_is_refused_before_calamine_holds_it() {
    // Inline in a cell, and as a shared string (calamine reads those when it opens the
    // workbook): 2 MiB, over the 1 MiB a cell may hold.
    let big = "a".repeat(2 << 20);
    let d = refused("inline.xlsx", xlsx_with_sheet(&sheet_xml(&inline("A1", &big))));
    assert_eq!(
        d.message,
        "`inline.xlsx` cannot be read: `xl/worksheets/sheet1.xml` holds a piece of more than 1,048,576 bytes \
         without markup (near byte 1,048,752); Kaohe reads at most 1,048,576 bytes of text in one place"
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "id").unwrap();
    let mut parts = unzip(&book.save_to_buffer().unwrap());
    let runs: String = (0..3).map(|_| format!("<r><t>{}</t></r>", "b".repeat(500_000))).collect();
    let sst = format!(
        "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         count=\"1\" uniqueCount=\"1\"><si>{runs}</si></sst>"
    );
    let shared = parts.iter_mut().find(|(name, _)| name == "xl/sharedStrings.xml").unwrap();
    shared.1 = sst.into_bytes();
    let d = refused("shared.xlsx", rezip(&parts));
    assert!(
        d.message.starts_with("`shared.xlsx` cannot be read: `xl/sharedStrings.xml` is damaged at byte "),
        "{}",
        d.message
    );
    assert!(
        d.message
            .ends_with(": a shared string holds more than 1,048,576 bytes of text, the most Kaohe reads in one cell"),
        "{}",
        d.message
    );
}

#[test]
fn shared_strings_may_not_declare_billions() {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "id").unwrap();
    let mut parts = unzip(&book.save_to_buffer().unwrap());
    for (name, data) in &mut parts {
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data.clone()).unwrap();
            let at = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = at + text[at..].find('"').unwrap();
            *data = format!("{}4000000000{}", &text[..at], &text[end..]).into_bytes();
        }
    }
    let d = refused("count.xlsx", rezip(&parts));
    assert!(d.message.ends_with(": it declares 4,000,000,000 strings but holds 1"), "{}", d.message);
}

#[test]
fn a_workbook_that_unpacks_beyond_the_limit_is_refused() {
    let limits = kaohe::records::sheet::Limits { unpacked: 1 << 20, ..LIMITS };
    let padding = format!("<!--{}-->", "x".repeat(500_000));
    let cells = format!("{}{padding}{padding}{padding}", inline("A1", "id"));
    let d = read_sheet_within("packed.xlsx", xlsx_with_sheet(&sheet_xml(&cells)), &limits).err().unwrap();
    let figure = d.message.strip_prefix("`packed.xlsx` cannot be read: it would unpack to ").unwrap();
    let (figure, rest) = figure.split_once(' ').unwrap();
    assert!(figure.replace(',', "").parse::<u64>().unwrap() > 1_500_000, "{}", d.message);
    assert_eq!(rest, "bytes; Kaohe unpacks at most 1,048,576 bytes of a workbook");
}

// ------------------------------------------------------------------------------- .ods

fn ods_with_content(edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut parts = unzip(&fixture("agents.ods"));
    for (name, data) in &mut parts {
        if name == "content.xml" {
            *data = edit(std::str::from_utf8(data).unwrap()).into_bytes();
        }
    }
    rezip(&parts)
}

#[test]
fn the_ods_fixture_reads_through_the_inspection() {
    let text = text_of(read_sheet("agents.ods", ods_with_content(str::to_string)));
    assert!(text.starts_with("id,name,tier,hired_on,leads_team\n"), "{text}");
}

#[test]
fn a_misspelled_closing_tag_in_an_ods_file_is_refused_not_looped_on() {
    let bytes = ods_with_content(|c| c.replace("</table:table>", "</table:tabel>"));
    let d = refused("loop.ods", bytes);
    assert!(d.message.starts_with("`loop.ods` cannot be read: `content.xml` is damaged at byte "), "{}", d.message);
    assert!(d.message.ends_with(": `</table:tabel>` does not close `<table:table>`"), "{}", d.message);
}

#[test]
fn repeated_rows_and_columns_are_counted_as_calamine_expands_them() {
    // One filled cell repeated over 1,000 columns, in a row repeated 100,000 times:
    // 100 million cells from a few bytes.
    let row = "<table:table-row table:number-rows-repeated=\"100000\"><table:table-cell \
               table:number-columns-repeated=\"1000\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>";
    let bytes = ods_with_content(|c| c.replacen("<table:table-row", &format!("{row}<table:table-row"), 1));
    let d = refused("repeat.ods", bytes);
    assert!(d.message.starts_with("`repeat.ods` cannot be read: `content.xml` is damaged at byte "), "{}", d.message);
    assert!(
        d.message.ends_with(
            ": sheet `agents` spans rows 1 to 100,000 and columns A to ALL, 100,000,000 cells with the sheets \
             before it; Kaohe reads at most 4,194,304 cells of an .xls or .ods workbook"
        ),
        "{}",
        d.message
    );
    let spaces = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a<text:s \
                  text:c=\"1000000000000\"/></text:p></table:table-cell></table:table-row>";
    let bytes = ods_with_content(|c| c.replacen("<table:table-row", &format!("{spaces}<table:table-row"), 1));
    let d = refused("spaces.ods", bytes);
    assert!(
        d.message.ends_with(": a cell holds more than 1,048,576 bytes of text, the most Kaohe reads in one cell"),
        "{}",
        d.message
    );
}

// ------------------------------------------------------------------------------- .xls

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

#[test]
fn an_xls_directory_chain_that_loops_is_refused() {
    let mut bytes = fixture("agents.xls");
    // The directory's first sector points to itself in the FAT.
    let dir = u32_at(&bytes, 48) as usize;
    let fat = u32_at(&bytes, 76) as usize;
    let at = (fat + 1) * 512 + 4 * dir;
    bytes[at..at + 4].copy_from_slice(&(dir as u32).to_le_bytes());
    let d = refused("loop.xls", bytes.clone());
    assert_eq!(
        d.message,
        "`loop.xls` cannot be read: its compound-file structure is damaged: the chain of sectors of the directory \
         loops"
    );
    // calamine opens an .xlsx or .xlsb file as a compound file first (an encrypted
    // workbook is one), and would follow the same loop.
    for name in ["loop.xlsx", "loop.xlsb"] {
        let d = refused(name, bytes.clone());
        assert!(d.message.ends_with("the chain of sectors of the directory loops"), "{}", d.message);
    }
}

#[test]
fn an_xls_sheet_declaring_billions_of_cells_is_refused() {
    let mut bytes = fixture("agents.xls");
    // The DIMENSIONS record (type 0x0200, 14 bytes): last row + 1 as a 32-bit number.
    let at = bytes.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).unwrap() + 4;
    bytes[at + 4..at + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    let d = refused("dims.xls", bytes);
    assert!(
        d.message.starts_with("`dims.xls` cannot be read: sheet `agents` declares 4,294,967,295 rows × "),
        "{}",
        d.message
    );
    assert!(d.message.ends_with("; Kaohe reads at most 4,194,304 cells of an .xls workbook"), "{}", d.message);
}

/// A small deterministic generator for the mutations.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn an_xls_cell_far_from_the_others_is_refused() {
    // One cell moved to IV65536 would make calamine build a grid of 65,536 × 256 cells
    // (1 GB) from this 8.7 KB file.
    let mut bytes = fixture("agents.xls");
    let at = bytes.windows(4).position(|w| w == [0xFD, 0x00, 0x0A, 0x00]).unwrap() + 4;
    bytes[at..at + 2].copy_from_slice(&65535u16.to_le_bytes());
    bytes[at + 2..at + 4].copy_from_slice(&255u16.to_le_bytes());
    let d = refused("far.xls", bytes);
    assert_eq!(
        d.message,
        "`far.xls` cannot be read: sheet `agents` spans rows 1 to 65,536 and columns A to IV, 16,777,216 cells with \
         the sheets before it; Kaohe reads at most 4,194,304 cells of an .xls or .ods workbook"
    );
}

#[test]
fn mutated_xls_files_never_panic_out_or_hang() {
    let original = fixture("agents.xls");
    let mut rng = Lcg(17);
    let (mut read, mut refused_count, mut reader_failed) = (0, 0, 0);
    let start = Instant::now();
    for _ in 0..400 {
        let mut bytes = original.clone();
        for _ in 0..1 + rng.next() % 8 {
            let at = (rng.next() as usize) % bytes.len();
            bytes[at] = match rng.next() % 4 {
                0 => 0xFF,
                1 => 0x00,
                _ => rng.next() as u8,
            };
        }
        match read_sheet("m.xls", bytes) {
            Ok(_) => read += 1,
            Err(d) => {
                assert_eq!(d.code, Code::RecordMalformed, "{}", d.message);
                assert!(d.message.starts_with("`m.xls` "), "{}", d.message);
                refused_count += 1;
                if d.message.contains("the workbook reader failed on it") {
                    reader_failed += 1;
                }
            }
        }
    }
    assert_eq!(read + refused_count, 400);
    assert!(read > 0 && refused_count > 0, "read {read}, refused {refused_count}");
    assert!(start.elapsed() < Duration::from_secs(30), "{:?}", start.elapsed());
    eprintln!("mutated .xls: {read} read, {refused_count} refused, {reader_failed} caught panics");
}

/// The fixture with its first sheet's BoundSheet8 record pointing far past the workbook
/// stream: calamine 0.35 (and 0.38) slices the stream there and panics.
fn xls_with_sheet_past_the_stream() -> Vec<u8> {
    let mut bytes = fixture("agents.xls");
    let at = bytes.windows(2).position(|w| w == [0x85, 0x00]).unwrap() + 4;
    bytes[at..at + 4].copy_from_slice(&0x3A00_0000u32.to_le_bytes());
    bytes
}

#[test]
fn a_panic_inside_calamine_is_a_diagnostic_and_is_not_printed() {
    let d = refused("past.xls", xls_with_sheet_past_the_stream());
    assert_eq!(
        d.message,
        "`past.xls` cannot be read as an Excel 97-2003 workbook (.xls): the workbook reader failed on it (range \
         start index 973078528 out of range for slice of length 4907)"
    );
    assert!(d.help.as_deref().unwrap().starts_with("the file is probably damaged"), "{:?}", d.help);

    let dir = tempfile::tempdir().unwrap();
    let agents = dir.path().join("agents.xls");
    std::fs::write(&agents, xls_with_sheet_past_the_stream()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .env("KAOHE_LANG", "en")
        .args(["eval", "policies/customer-service.kh", "--month", "2024-10", "--agents"])
        .arg(&agents)
        .args(["--incidents", "examples/2024-10/incidents.csv"])
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr =
        String::from_utf8_lossy(&out.stderr).split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ");
    assert!(stderr.contains("kaohe::record::malformed"), "{stderr}");
    assert!(stderr.contains("the workbook reader failed on it (range start index 973078528"), "{stderr}");
    assert!(!stderr.contains("panicked"), "the panic hook printed the caught panic:\n{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_read_past_its_deadline_is_a_diagnostic() {
    let limits = kaohe::records::sheet::Limits { time: Duration::ZERO, ..LIMITS };
    let d = read_sheet_within("agents.ods", fixture("agents.ods"), &limits).err().unwrap();
    assert_eq!(d.code, Code::RecordMalformed);
    assert_eq!(d.message, "`agents.ods` cannot be read: reading it took longer than 0 seconds");
}

#[test]
fn every_fixture_reads_within_the_limits() {
    for name in ["agents.xlsx", "agents.xls", "agents.ods", "incidents.xlsx", "incidents.xls", "incidents.ods"] {
        let text = text_of(read_sheet(name, fixture(name)));
        assert!(text.lines().count() > 10, "{name}: {text}");
    }
    let _ = Encoding::Auto;
}

/// An agents workbook whose one agent's `hired_on` cell holds `value` (the cell formatted
/// as a date, as a spreadsheet shows it).
fn agents_with_hired_on(value: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["id", "name", "tier", "hired_on"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "A001").unwrap();
    ws.write_string(1, 1, "张三").unwrap();
    ws.write_string(1, 2, "初级客服").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_number_with_format(1, 3, 45_000.0, &date).unwrap();
    let mut parts = unzip(&book.save_to_buffer().unwrap());
    for (name, data) in &mut parts {
        if name == "xl/worksheets/sheet1.xml" {
            *data = String::from_utf8_lossy(data).replace("<v>45000</v>", &format!("<v>{value}</v>")).into_bytes();
        }
    }
    rezip(&parts)
}

#[test]
fn date_cells_outside_the_calendar_are_refused_naming_the_cell() {
    let policy = std::fs::read_to_string(format!("{ROOT}/policies/customer-service.kh")).unwrap();
    let program = kaohe::check_source(&kaohe::Source::new("p.kh", policy)).program.unwrap();
    let incidents = fixture("incidents.xlsx");
    for value in ["-1", "1e308", "NaN", "3000000"] {
        let book = agents_with_hired_on(value);
        let errors = kaohe::evaluate_month(
            &program,
            "2024-10".parse().unwrap(),
            ("agents.xlsx", &book),
            ("incidents.csv", b"agent,date,violation\n"),
            &kaohe::EvalOptions::default(),
        )
        .err()
        .unwrap_or_else(|| panic!("{value}: a date was made of it"));
        let d = errors.iter().find(|d| d.code == Code::RecordBadValue).unwrap_or_else(|| panic!("{value}: {errors:?}"));
        assert!(d.message.contains("agents.xlsx!Sheet1 D2"), "{value}: {}", d.message);
        assert!(d.message.contains("is not a date"), "{value}: {}", d.message);
    }
    drop(incidents);
    // A duration cell that is not a number is refused too, not read as no time at all.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["agent", "date", "violation", "minutes"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["A001", "2024-10-05", "突发事件超时"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    ws.write_number_with_format(1, 3, 0.5, &rust_xlsxwriter::Format::new().set_num_format("[h]:mm")).unwrap();
    let mut parts = unzip(&book.save_to_buffer().unwrap());
    for (name, data) in &mut parts {
        if name == "xl/worksheets/sheet1.xml" {
            *data = String::from_utf8_lossy(data).replace("<v>0.5</v>", "<v>NaN</v>").into_bytes();
        }
    }
    let errors = kaohe::evaluate_month(
        &program,
        "2024-10".parse().unwrap(),
        ("agents.csv", "id,name,tier,hired_on\nA001,张三,初级客服,2024-01-01\n".as_bytes()),
        ("incidents.xlsx", &rezip(&parts)),
        &kaohe::EvalOptions::default(),
    )
    .err()
    .unwrap_or_default();
    assert!(
        errors.iter().any(|d| d.code == Code::RecordBadValue && d.message.contains("incidents.xlsx!Sheet1 D2")),
        "{:?}",
        errors.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    // A real date still reads.
    let book = agents_with_hired_on("45000");
    let text = text_of(read_sheet("agents.xlsx", book));
    assert!(text.contains("A001,张三,初级客服,2023-03-15"), "{text}");
}
