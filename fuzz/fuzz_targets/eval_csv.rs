//! The bundled policy (checked once) on arbitrary record bytes: the input is split at
//! the first 0xFF byte (never part of UTF-8 or GB18030 text) into an agents file and an
//! incidents file, evaluated for 2024-10. Must never panic; on success every report
//! renders; on failure there is at least one error diagnostic.
//!
//! The first byte chooses the file names: odd → `.csv`, even → no extension, so the
//! reader sniffs the content (JSON when it starts with `[`).
#![no_main]

use std::sync::OnceLock;

use kaohe::records::{Encoding, Month};
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

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let (agents, incidents) = match rest.iter().position(|&b| b == 0xFF) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let (an, inn) = if selector & 1 == 1 { ("agents.csv", "incidents.csv") } else { ("agents", "incidents") };
    let encoding = match selector >> 6 {
        1 => Encoding::Utf8,
        2 => Encoding::Gb18030,
        _ => Encoding::Auto,
    };
    let program = program();
    let month = Month { year: 2024, month: 10 };
    match kaohe::evaluate_month(program, month, (an, agents), (inn, incidents), &kaohe::EvalOptions::read_as(encoding)) {
        Ok((result, warnings)) => {
            assert!(warnings.iter().all(|d| !d.is_error()), "an error among the warnings of a success");
            let _ = kaohe::report::month_json(program, &result);
            let _ = kaohe::report::month_csv(program, &result, true);
            let _ = kaohe::report::month_table(program, &result);
            for a in &result.agents {
                let _ = kaohe::report::explain_text(program, month, a);
                let _ = kaohe::report::explain_json(program, month, a);
            }
            let _ = kaohe::diag::render_human(&warnings, false);
        }
        Err(diags) => {
            assert!(diags.iter().any(|d| d.is_error()), "refused without an error");
            let _ = kaohe::diag::render_human(&diags, false);
            let _ = kaohe::diag::render_json(&diags);
        }
    }
});
