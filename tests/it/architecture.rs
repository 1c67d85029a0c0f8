//! The crate's layers point only down (the table in `src/lib.rs` and docs/architecture.md):
//! every `crate::…` path in a module names a module of its own layer or a lower one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// The layer of a top-level module, lowest first.
fn layer(module: &str) -> Option<usize> {
    Some(match module {
        "source" | "unicode" | "diag" | "codes" | "i18n" => 0,
        "syntax" => 1,
        "money" | "calendar" | "value" => 2,
        "check" => 3,
        "eval" => 4,
        "records" => 5,
        "report" | "diff" | "snapshot" | "fmt" | "worked" | "output" | "synth" | "ledger" => 6,
        "lib" | "lsp" | "closing" | "serve" => 7,
        "cli" | "main" => 8,
        _ => return None,
    })
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/check/expr.rs` → `check`.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// Every module named right after `crate::` in the text, code only (comments skipped).
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            if after.starts_with('{') {
                out.extend(group_heads(after).into_iter().map(|m| (n + 1, m)));
            } else {
                let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.push((n + 1, name));
                }
            }
            rest = after;
        }
    }
    out
}

/// The first segment of each path in a `{a::b, c, d::{e, f}}` group.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut current, mut at_start) = (0usize, String::new(), false);
    for c in group.chars() {
        if c.is_alphanumeric() || c == '_' {
            if depth == 1 && at_start {
                current.push(c);
            }
            continue;
        }
        if !current.is_empty() {
            heads.push(std::mem::take(&mut current));
            at_start = false;
        }
        match c {
            '{' => {
                depth += 1;
                at_start = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => at_start = true,
            c if c.is_whitespace() => {}
            _ if depth == 1 => at_start = false,
            _ => {}
        }
    }
    heads
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    assert!(files.len() > 30, "the sources were not found");
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(file);
        let Some(own) = layer(&module) else {
            wrong.push(format!("{}: module `{module}` has no layer; add it to the table", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (line, used) in crate_paths(&text) {
            let Some(theirs) = layer(&used) else { continue };
            if theirs > own {
                wrong.push(format!(
                    "{}:{line}: `{module}` (layer {own}) uses `{used}` (layer {theirs})",
                    file.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "imports from a layer above:\n{}", wrong.join("\n"));
}

#[test]
fn csv_json_and_workbook_readers_do_not_know_each_other() {
    let raw = std::fs::read_to_string("src/records/raw.rs").unwrap();
    let sheet = std::fs::read_to_string("src/records/sheet.rs").unwrap();
    let code = |t: &str| t.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    assert!(!code(&raw).contains("sheet::"), "records/raw.rs uses the workbook reader");
    assert!(!code(&sheet).contains("raw::"), "records/sheet.rs uses the CSV/JSON reader");
}

#[test]
fn the_layer_check_sees_violations() {
    // The scanner itself: a path into a higher layer is found, a comment is not.
    let found = crate_paths(
        "use crate::{eval::{x, y}, records};\n// crate::cli\nlet a = crate::report::f();\nuse crate::{ diag, value::Value };",
    );
    let names: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(names, ["eval", "records", "report", "diag", "value"]);
}
