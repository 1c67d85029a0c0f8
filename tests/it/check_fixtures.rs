//! Every policy under `tests/check/` is checked; its first comment lines say what must
//! be reported, one `// expect: CODE line N` per diagnostic (or `// expect: clean`).
//! The rendered diagnostics are snapshotted together with the source.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use kaohe::diag::render_human;
use kaohe::{check_source, Source};

fn expectations(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for line in text.lines().take_while(|l| l.starts_with("//")) {
        let Some(rest) = line.trim_start_matches('/').trim().strip_prefix("expect:") else { continue };
        let rest = rest.trim();
        if rest == "clean" {
            continue;
        }
        let (code, line_no) = rest.split_once(" line ").unwrap_or_else(|| panic!("bad expectation `{rest}`"));
        out.push((code.trim().to_string(), line_no.trim().parse().unwrap_or_else(|_| panic!("bad line in `{rest}`"))));
    }
    out.sort();
    out
}

fn check_one(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let name = format!("tests/check/{}", path.file_name().unwrap().to_string_lossy());
    let src = Source::new(name.clone(), text.clone());
    let checked = check_source(&src);
    let mut got: Vec<(String, usize)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str().to_string(), d.span.as_ref().map_or(0, |s| s.line())))
        .collect();
    got.sort();
    let want = expectations(&text);
    assert!(
        text.lines().next().is_some_and(|l| l.contains("expect:")),
        "{name}: the first line must say what is expected"
    );
    assert_eq!(got, want, "{name}: diagnostics (code, line) differ from the `// expect:` lines");
    for d in &checked.diagnostics {
        assert!(d.span.is_some(), "{name}: `{}` has no span", d.message);
        assert!(!d.label.is_empty(), "{name}: `{}` has no label", d.message);
    }
    assert_eq!(checked.program.is_some(), !checked.has_errors(), "{name}: a program exactly when there are no errors");
    format!("{text}\n----- diagnostics -----\n{}", render_human(&checked.diagnostics, false))
}

#[test]
fn check_fixtures() {
    insta::glob!("../check", "*.kh", |path| {
        let out = check_one(path);
        insta::assert_snapshot!(out);
    });
}

/// The same fixtures as a Chinese reader sees them (`kaohe check` with `KAOHE_LANG=zh`):
/// the codes and lines are the English run's, the words are Chinese.
#[test]
fn check_fixtures_in_chinese() {
    insta::glob!("../check", "*.kh", |path| {
        let name = format!("tests/check/{}", path.file_name().unwrap().to_string_lossy());
        let out = crate::common::kaohe_zh(&["check", &name]);
        let text = std::fs::read_to_string(path).unwrap();
        let errors = check_source(&Source::new(name.clone(), text.clone())).has_errors();
        assert_eq!(out.status.code(), Some(i32::from(errors)), "{name}: exit status");
        let rendered = String::from_utf8_lossy(&out.stderr).replace('\r', "");
        insta::assert_snapshot!(format!("{text}\n----- 诊断 -----\n{rendered}"));
    });
}
