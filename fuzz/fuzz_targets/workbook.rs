//! Arbitrary bytes as a workbook, read as the agents file of a month of the bundled
//! policy (the sample incidents as CSV). The format follows the content, so that a
//! mutated file stays in its format: a compound file is `.xls`; a zip archive is `.ods`
//! when it names the OpenDocument spreadsheet type, `.xlsb` when it holds
//! `xl/workbook.bin`, else `.xlsx`; other bytes are given each name in turn by length.
//! Must never panic out of the library, hang, or allocate without bound (calamine's own
//! panics are caught and reported); a refusal has at least one error, each with a
//! `kaohe::` code. Seed it with `../tests/fixtures/2024-10` (office-suite workbooks).
#![no_main]

use std::sync::OnceLock;

use kaohe::records::Month;
use kaohe::{check_source, Program, Source};
use libfuzzer_sys::fuzz_target;

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let text = include_str!("../../policies/customer-service.kh");
        match check_source(&Source::new("customer-service.kh", text)).program {
            Some(p) => p,
            None => panic!("the bundled policy does not check"),
        }
    })
}

const INCIDENTS: &[u8] = include_bytes!("../../examples/2024-10/incidents.csv");

fuzz_target!(|data: &[u8]| {
    let book = data;
    let has = |needle: &[u8]| book.windows(needle.len()).any(|w| w == needle);
    let name = if book.starts_with(b"\xD0\xCF\x11\xE0") {
        "agents.xls"
    } else if book.starts_with(b"PK") {
        if has(b"application/vnd.oasis.opendocument.spreadsheet") {
            "agents.ods"
        } else if has(b"xl/workbook.bin") {
            "agents.xlsb"
        } else {
            "agents.xlsx"
        }
    } else {
        ["agents.xlsx", "agents.xls", "agents.ods", "agents.xlsb"][book.len() % 4]
    };
    let month = Month { year: 2024, month: 10 };
    let program = program();
    match kaohe::evaluate_month(program, month, (name, book), ("incidents.csv", INCIDENTS), &kaohe::EvalOptions::default()) {
        Ok((result, warnings)) => {
            assert!(warnings.iter().all(|d| !d.is_error()), "an error among the warnings of a success");
            let _ = kaohe::report::month_json(program, &result);
        }
        Err(diags) => {
            assert!(diags.iter().any(|d| d.is_error()), "refused without an error");
            for d in &diags {
                assert!(d.code.as_str().starts_with("kaohe::"), "code {:?}", d.code);
            }
            let _ = kaohe::diag::render_human(&diags, false);
        }
    }
});
