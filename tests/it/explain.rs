//! `kaohe explain`: every code has an explanation, and every policy example in one does
//! what it says: the wrong one produces the code, the fixed one checks clean.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::codes::explanation;
use kaohe::{check_source, Code, Source};

/// The first fenced block of `lang` after the heading `## {section}`.
fn block(text: &str, section: &str, lang: &str) -> Option<String> {
    let after = text.split(&format!("## {section}\n")).nth(1)?;
    let after = after.split("\n## ").next()?;
    let start = after.find(&format!("```{lang}\n"))? + lang.len() + 4;
    let end = start + after.get(start..)?.find("\n```")?;
    Some(after.get(start..end)?.to_string() + "\n")
}

const CHECK_CODES: [Code; 16] = [
    Code::Syntax,
    Code::Undefined,
    Code::Duplicate,
    Code::TypeMismatch,
    Code::UnitMismatch,
    Code::MissingAttribute,
    Code::Cycle,
    Code::Hole,
    Code::NonExhaustive,
    Code::Fullwidth,
    Code::Scope,
    Code::Unreachable,
    Code::TooDeep,
    Code::Confusable,
    Code::Bidi,
    Code::Choice,
];

#[test]
fn every_code_is_explained() {
    for code in Code::ALL {
        let text = explanation(code);
        assert!(text.starts_with(&format!("# {}\n", code.as_str())), "{code}: heading");
        assert!(text.contains("## Wrong") && text.contains("## Fixed"), "{code}: needs a wrong example and its fix");
        assert!(text.len() > 300, "{code}: too short to explain anything");
    }
}

#[test]
fn policy_examples_do_what_they_say() {
    for code in CHECK_CODES {
        let text = explanation(code);
        let wrong = block(text, "Wrong", "kaohe").unwrap_or_else(|| panic!("{code}: no kaohe block under Wrong"));
        let fixed = block(text, "Fixed", "kaohe").unwrap_or_else(|| panic!("{code}: no kaohe block under Fixed"));
        let got = check_source(&Source::new("wrong.kh", wrong.clone()));
        assert!(
            got.diagnostics.iter().any(|d| d.code == code),
            "{code}: the wrong example does not produce it:\n{wrong}"
        );
        let fixed_checked = check_source(&Source::new("fixed.kh", fixed.clone()));
        assert!(
            fixed_checked.diagnostics.is_empty(),
            "{code}: the fixed example is not clean: {:?}\n{fixed}",
            fixed_checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_failing_worked_example_fails_and_its_fix_passes() {
    let text = explanation(Code::TestFailed);
    let run = |policy: String| {
        let program = check_source(&Source::new("t.kh", policy)).program.unwrap();
        kaohe::worked::run_examples(&program).iter().all(|o| o.ok())
    };
    assert!(!run(block(text, "Wrong", "kaohe").unwrap()));
    assert!(run(block(text, "Fixed", "kaohe").unwrap()));
}

#[test]
fn the_command_prints_it_and_refuses_unknown_codes() {
    let bin = env!("CARGO_BIN_EXE_kaohe");
    let out = std::process::Command::new(bin)
        .env("KAOHE_LANG", "en")
        .args(["explain", "record::unknown_agent"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# kaohe::record::unknown_agent\n"));
    let out = std::process::Command::new(bin)
        .env("KAOHE_LANG", "en")
        .args(["explain", "kaohe::unit_mismatc"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `kaohe::unit_mismatch`?"));
}
