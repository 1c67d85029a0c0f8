//! The tutorials run as written. In `docs/tutorial.*.md`:
//! - a fenced block whose info string is `kaohe file=NAME`, `csv file=NAME` or
//!   `json file=NAME` writes NAME into the tutorial's scratch folder (later blocks with
//!   the same NAME replace it, as the reader edits the file);
//! - a fenced block whose info string is `LANG shows=NAME` is what NAME in the scratch
//!   folder holds at that point, exactly (a file a command wrote, such as a snapshot);
//! - a `console` block holds commands, each on a line `$ kaohe …`, followed by the exact
//!   output (stdout, then stderr) the command prints in the tutorial's language; `$ kaohe … # exit N` also asserts
//!   the exit status (0 otherwise).
//!
//! Commands run in the scratch folder, which starts with `policies/` and `examples/` of
//! the project.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Splits a command line on spaces, keeping "quoted words" together.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn normalize(s: &str) -> String {
    s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_string()
}

fn run_tutorial(name: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs").join(name)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("policies"), &dir.path().join("policies"));
    copy_dir(&root.join("examples"), &dir.path().join("examples"));
    // Each tutorial shows what its reader's terminal prints: the Chinese one in Chinese.
    let lang = if name.contains(".zh.") { "zh" } else { "en" };
    let mut commands = 0;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else { continue };
        let mut body = Vec::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push(l);
        }
        let info: Vec<&str> = info.split_whitespace().collect();
        match info.as_slice() {
            [_, file] if file.starts_with("file=") => {
                let path = dir.path().join(file.trim_start_matches("file="));
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, body.join("\n") + "\n").unwrap();
            }
            [_, file] if file.starts_with("shows=") => {
                let path = dir.path().join(file.trim_start_matches("shows="));
                let got = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {}: {e}", path.display()));
                assert_eq!(normalize(&got), normalize(&body.join("\n")), "{name}: contents of {}", path.display());
                commands += 1;
            }
            ["console"] => {
                let mut i = 0;
                while i < body.len() {
                    let cmd =
                        body[i].strip_prefix("$ ").unwrap_or_else(|| panic!("{name}: expected `$ …`, got {}", body[i]));
                    let (cmd, exit) = match cmd.split_once(" # exit ") {
                        Some((c, e)) => (c, e.trim().parse::<i32>().unwrap()),
                        None => (cmd, 0),
                    };
                    let mut expected = Vec::new();
                    i += 1;
                    while i < body.len() && !body[i].starts_with("$ ") {
                        expected.push(body[i]);
                        i += 1;
                    }
                    let args = words(cmd);
                    assert_eq!(args.first().map(String::as_str), Some("kaohe"), "{name}: only kaohe commands run here");
                    let out = Command::new(env!("CARGO_BIN_EXE_kaohe"))
                        .env("KAOHE_LANG", lang)
                        .args(&args[1..])
                        .current_dir(dir.path())
                        .env("NO_COLOR", "1")
                        .output()
                        .unwrap();
                    let got =
                        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
                    assert_eq!(out.status.code(), Some(exit), "{name}: `{cmd}` exit status; output:\n{got}");
                    assert_eq!(normalize(&got), normalize(&expected.join("\n")), "{name}: output of `{cmd}`");
                    commands += 1;
                }
            }
            _ => {}
        }
    }
    commands
}

#[test]
fn chinese_tutorial_runs_as_written() {
    assert!(run_tutorial("tutorial.zh.md") >= 6);
}

#[test]
fn english_tutorial_runs_as_written() {
    assert!(run_tutorial("tutorial.en.md") >= 6);
}
