//! `kaohe explain`: every code has an explanation, and every policy example in one does
//! what it says: the wrong one produces the code, the fixed one checks clean.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::codes::{example_headings, explanation, explanation_in};
use kaohe::i18n::Lang;
use kaohe::{check_source, Code, Source};

/// The first fenced block of `lang` after the heading `## {section}`.
fn block(text: &str, section: &str, lang: &str) -> Option<String> {
    let after = text.split(&format!("## {section}\n")).nth(1)?;
    let after = after.split("\n## ").next()?;
    let start = after.find(&format!("```{lang}\n"))? + lang.len() + 4;
    let end = start + after.get(start..)?.find("\n```")?;
    Some(after.get(start..end)?.to_string() + "\n")
}

const CHECK_CODES: [Code; 18] = [
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
    Code::Gap,
    Code::Unused,
    Code::TooDeep,
    Code::Confusable,
    Code::Bidi,
    Code::Choice,
];

#[test]
fn every_code_is_explained() {
    for lang in Lang::ALL {
        let (wrong, fixed) = example_headings(lang);
        for code in Code::ALL {
            let text = explanation_in(code, lang);
            if lang == Lang::Zh && kaohe::codes::chinese(code).is_none() {
                continue;
            }
            assert!(text.starts_with(&format!("# {}\n", code.as_str())), "{code}: heading");
            let sections = (text.contains(&format!("\n## {wrong}\n")), text.contains(&format!("\n## {fixed}\n")));
            assert_eq!(sections, (true, true), "{code} ({}): needs a wrong example and its fix", lang.as_str());
            assert!(text.len() > 300, "{code}: too short to explain anything");
        }
    }
    let untranslated = Code::ALL.iter().filter(|c| kaohe::codes::chinese(**c).is_none());
    assert_eq!(untranslated.map(|c| c.as_str()).collect::<Vec<_>>(), Vec::<&str>::new(), "no Chinese page");
}

/// A page in Chinese shows the examples of the English one, fence for fence.
#[test]
fn chinese_pages_show_the_english_examples() {
    for code in Code::ALL {
        let Some(zh) = kaohe::codes::chinese(code) else { continue };
        let fences = |text: &str| text.split("```").skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>();
        assert_eq!(fences(zh), fences(explanation(code)), "{code}");
    }
}

#[test]
fn policy_examples_do_what_they_say() {
    for (code, lang) in CHECK_CODES.iter().flat_map(|c| Lang::ALL.map(|l| (*c, l))) {
        if lang == Lang::Zh && kaohe::codes::chinese(code).is_none() {
            continue;
        }
        let text = explanation_in(code, lang);
        let (w, f) = example_headings(lang);
        let wrong = block(text, w, "kaohe").unwrap_or_else(|| panic!("{code}: no kaohe block under {w}"));
        let fixed = block(text, f, "kaohe").unwrap_or_else(|| panic!("{code}: no kaohe block under {f}"));
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

#[test]
fn the_command_prints_the_chinese_page_in_chinese() {
    let out = crate::common::kaohe_zh(&["explain", "record::unknown_agent"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, kaohe::codes::chinese(Code::RecordUnknownAgent).unwrap());
    assert!(text.starts_with("# kaohe::record::unknown_agent\n\n某个事件记在一个员工工号名下，"), "{text}");
    // The page of a code whose example holds an invisible character is in Chinese too.
    let out = crate::common::kaohe_zh(&["explain", "bidi"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, kaohe::codes::chinese(Code::Bidi).unwrap());
    assert!(text.starts_with("# kaohe::bidi\n\n规定中有一个双向控制字符："), "{text}");
    let out = crate::common::kaohe_zh(&["explain", "kaohe::unit_mismatc"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "错误：没有诊断代码 `kaohe::unit_mismatc`\n  提示：是不是要写 `kaohe::unit_mismatch`？\n"
    );
}
