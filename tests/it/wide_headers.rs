//! A header of thousands of columns the policy does not know: one warning, not one per
//! column (each of which showed the whole header line: 16,384 columns once took 89 s and
//! printed 1.6 GB), and the header read in one pass (it was quadratic in its width).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use kaohe::{Code, Diagnostic};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn bundled() -> kaohe::Program {
    let text = std::fs::read_to_string(format!("{ROOT}/policies/customer-service.kh")).unwrap();
    kaohe::check_source(&kaohe::Source::new("customer-service.kh", text)).program.unwrap()
}

/// The sample agents with `extra` more columns, as CSV text.
fn wide_agents(extra: usize) -> String {
    let text = std::fs::read_to_string(format!("{ROOT}/examples/2024-10/agents.csv")).unwrap();
    let pad: String = (0..extra).map(|i| format!(",x{i}")).collect();
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        out.push_str(line);
        if n == 0 {
            out.push_str(&pad);
        } else {
            out.push_str(&",".repeat(extra));
        }
        out.push('\n');
    }
    out
}

fn warnings_of(agents: (&str, &[u8])) -> Vec<Diagnostic> {
    let incidents = std::fs::read(format!("{ROOT}/examples/2024-10/incidents.csv")).unwrap();
    let start = Instant::now();
    let month = "2024-10".parse().unwrap();
    let evaluated =
        kaohe::evaluate_month(&bundled(), month, agents, ("incidents.csv", &incidents), &kaohe::EvalOptions::default());
    assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
    match evaluated {
        Ok((_, warnings)) => warnings,
        Err(d) => panic!("{}", kaohe::diag::render_human(&d, false)),
    }
}

#[test]
fn thousands_of_unknown_columns_are_one_warning() {
    for extra in [1_000, 16_000] {
        let warnings = warnings_of(("agents.csv", wide_agents(extra).as_bytes()));
        assert_eq!(warnings.len(), 1, "{extra}");
        assert_eq!(warnings[0].code, Code::RecordUndeclaredColumn);
        assert_eq!(
            warnings[0].message,
            format!(
                "{extra} columns are not fields of the agent schema and are ignored: `x0`, `x1`, `x2` and {} more",
                extra - 3
            )
        );
        assert!(kaohe::diag::render_human(&warnings, false).len() < 1 << 20);
    }
    // A few are still warned about one by one.
    let warnings = warnings_of(("agents.csv", wide_agents(5).as_bytes()));
    let messages: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 5);
    assert_eq!(messages[4], "column `x4` is not a field of the agent schema and is ignored");
    // In a workbook: 1,000 extra columns fit the 1,024 a sheet may have.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in wide_agents(1_000).lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let warnings = warnings_of(("agents.xlsx", &book.save_to_buffer().unwrap()));
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].message,
        "agents.xlsx!Sheet1 F1: 1000 columns are not fields of the agent schema and are ignored: `x0`, `x1`, `x2` and \
         997 more"
    );
}
