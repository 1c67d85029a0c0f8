//! Every file in `tests/regressions/` runs through the API its name starts with, as the
//! fuzz target of that name does (fuzz/fuzz_targets/), and must not panic, hang or
//! break the target's other assertions:
//! - `parse-*.kh`: `syntax::parse` (no tree → at least one error);
//! - `check-*.kh`: `check_source` (a program or an error, never both or neither), and
//!   the diagnostics render;
//! - `fmt_round_trip-*.kh`: when it parses cleanly, formatting keeps the tree, the
//!   formatted text parses cleanly and formatting it again changes nothing;
//! - `eval_csv-*.bin`: the bundled policy on the bytes split as fuzz/fuzz_targets/eval_csv.rs
//!   splits them (first byte chooses names and encoding, then agents, 0xFF, incidents);
//! - `eval_generated-*.kh`: checked, and when it checks evaluated for 2024-10 on
//!   `eval_generated-*.agents.csv` / `.incidents.csv` beside it (or a default month).
//! - `workbook-*.bin`: the bytes as a workbook agents file (the format chosen by content,
//!   as fuzz/fuzz_targets/workbook.rs chooses it) and the sample incidents. calamine's
//!   own panics are caught by the library by design and reported; they do not count.
//! - `snapshot-*.snap`: `snapshot::Snapshot::parse`; what reads is read back the same
//!   from its own text, what does not is `kaohe::snapshot::malformed`.
//!
//! A panic anywhere counts, even one the library catches (the parser runs on a thread of
//! its own): a panic hook counts them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex, Once};
use std::time::Duration;

use kaohe::records::{Encoding, Month};
use kaohe::{check_source, Source};

use crate::common;

// Among the files: `*-label-past-column-65535.*` (miette cannot draw such a label; the
// diagnostic is rendered by position instead) and `*-small-stack.*` (within the nesting
// limits, deeper than a 2 MiB stack allows the checker or evaluator to recurse on the
// caller's thread; both now run on stacks of their own).

/// The stack each file runs on: what `std::thread::spawn` gives a thread (and what a
/// test thread has), so that an input needing more is caught here, not in a user's
/// program. The parser takes a big stack of its own; nothing else should need one.
const STACK: usize = 2 * 1024 * 1024;

/// How long one file may take (debug build).
const TIME_LIMIT: Duration = Duration::from_secs(60);

static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();
/// One file at a time: the panic count is global.
static SERIAL: Mutex<()> = Mutex::new(());

fn count_panics() {
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The workbook reader's own panics are caught and reported by design, on
            // threads of that name; every other panic counts.
            if std::thread::current().name() != Some("kaohe-workbook") {
                PANICS.fetch_add(1, Ordering::SeqCst);
            }
            default(info);
        }));
    });
}

fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            // Records beside a generated policy are read with it.
            p.is_file() && !name.ends_with(".agents.csv") && !name.ends_with(".incidents.csv") && !name.ends_with(".md")
        })
        .collect();
    files.sort();
    files
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().to_string()
}

/// Runs one file through its target; `Err` describes a broken assertion.
fn run(path: &Path) -> Result<(), String> {
    let name = file_name(path);
    let bytes = std::fs::read(path).unwrap();
    let target = name.split('-').next().unwrap_or("");
    match target {
        "parse" => {
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            let (file, diags) = kaohe::syntax::parse(&Source::new(name.clone(), text));
            if file.is_none() && !diags.iter().any(|d| d.is_error()) {
                return Err("no tree and no error".into());
            }
            Ok(())
        }
        "check" => {
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            let checked = check_source(&Source::new(name.clone(), text));
            let errors = checked.diagnostics.iter().any(|d| d.is_error());
            let _ = kaohe::diag::render_human(&checked.diagnostics, false);
            let _ = kaohe::diag::render_json(&checked.diagnostics);
            if checked.program.is_some() == errors {
                return Err(format!("program: {}, errors: {errors}", checked.program.is_some()));
            }
            Ok(())
        }
        "fmt_round_trip" => {
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            let src = Source::new(name.clone(), text);
            let (before, diags) = kaohe::syntax::parse(&src);
            let Some(before) = before else { return Ok(()) };
            if !diags.is_empty() {
                return Ok(());
            }
            let once = kaohe::fmt::format_source(&src).map_err(|_| "parsed cleanly, but fmt refused")?;
            let (after, diags) = kaohe::syntax::parse(&Source::new(name.clone(), once.clone()));
            if !diags.is_empty() {
                return Err(format!("the formatted text has diagnostics:\n{once}"));
            }
            if after.as_ref() != Some(&before) {
                return Err(format!("formatting changed the tree:\n{once}"));
            }
            let twice = kaohe::fmt::format_source(&Source::new(name.clone(), once.clone()))
                .map_err(|_| "fmt refused its own output")?;
            if once != twice {
                return Err(format!("not a fixed point:\n{once}\n---\n{twice}"));
            }
            Ok(())
        }
        "eval_csv" => {
            let program = common::program(&common::bundled_policy());
            let Some((&selector, rest)) = bytes.split_first() else { return Ok(()) };
            let (agents, incidents) = match rest.iter().position(|&b| b == 0xFF) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &[][..]),
            };
            let names = if selector & 1 == 1 { ("agents.csv", "incidents.csv") } else { ("agents", "incidents") };
            let encoding = match selector >> 6 {
                1 => Encoding::Utf8,
                2 => Encoding::Gb18030,
                _ => Encoding::Auto,
            };
            evaluate(&program, (names.0, agents), (names.1, incidents), encoding)
        }
        "eval_generated" => {
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            let checked = check_source(&Source::new(name.clone(), text));
            let Some(program) = checked.program else { return Ok(()) };
            let stem = path.with_extension("");
            let sibling = |ext: &str, default: &str| {
                std::fs::read(format!("{}.{ext}", stem.display())).unwrap_or_else(|_| default.as_bytes().to_vec())
            };
            let agents = sibling("agents.csv", "id,name,tier,hired_on\n");
            let incidents = sibling("incidents.csv", "agent,date,violation\n");
            evaluate(&program, ("agents.csv", &agents), ("incidents.csv", &incidents), Encoding::Auto)
        }
        "workbook" => {
            let program = common::program(&common::bundled_policy());
            let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
            let file = if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
                "agents.xls"
            } else if bytes.starts_with(b"PK") && has(b"application/vnd.oasis.opendocument.spreadsheet") {
                "agents.ods"
            } else if bytes.starts_with(b"PK") && has(b"xl/workbook.bin") {
                "agents.xlsb"
            } else if bytes.starts_with(b"PK") {
                "agents.xlsx"
            } else {
                ["agents.xlsx", "agents.xls", "agents.ods", "agents.xlsb"][bytes.len() % 4]
            };
            let incidents =
                std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/2024-10/incidents.csv")).unwrap();
            evaluate(&program, (file, &bytes), ("incidents.csv", &incidents), Encoding::Auto)
        }
        "snapshot" => {
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            match kaohe::snapshot::Snapshot::parse(&name, &text) {
                Ok(s) => match kaohe::snapshot::Snapshot::parse("again.snap", &s.to_text()) {
                    Ok(again) if again == s => Ok(()),
                    _ => Err(format!("read, but not read back the same from its text:\n{}", s.to_text())),
                },
                Err(d) if d.code == kaohe::Code::SnapshotMalformed => {
                    let _ = kaohe::diag::render_human(&[d], false);
                    Ok(())
                }
                Err(d) => Err(format!("refused with {} instead of kaohe::snapshot::malformed", d.code)),
            }
        }
        _ => Err(format!("`{name}`: the name must start with a fuzz target's name and `-`")),
    }
}

fn evaluate(
    program: &kaohe::Program,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    enc: Encoding,
) -> Result<(), String> {
    let month = Month { year: 2024, month: 10 };
    match common::evaluate_month(program, month, agents, incidents, enc) {
        Ok((result, _)) => {
            let _ = kaohe::report::month_json(program, &result);
            let _ = kaohe::report::month_csv(program, &result, true);
            let _ = kaohe::report::month_table(program, &result);
            for a in &result.agents {
                let _ = kaohe::report::explain_text(program, month, a);
                let _ = kaohe::report::explain_json(program, month, a);
            }
            Ok(())
        }
        Err(diags) if diags.iter().any(|d| d.is_error()) => {
            let _ = kaohe::diag::render_human(&diags, false);
            Ok(())
        }
        Err(_) => Err("refused without an error".into()),
    }
}

/// Runs each file on its own thread, with a time limit; returns what went wrong.
fn run_all(files: &[PathBuf]) -> Vec<String> {
    count_panics();
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut failures = Vec::new();
    for path in files {
        let name = file_name(path);
        let before = PANICS.load(Ordering::SeqCst);
        let (tx, rx) = mpsc::channel();
        let p = path.clone();
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || {
                let r = std::panic::catch_unwind(|| run(&p));
                let _ = tx.send(r);
            })
            .unwrap();
        match rx.recv_timeout(TIME_LIMIT) {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(why))) => failures.push(format!("{name}: {why}")),
            Ok(Err(_)) => failures.push(format!("{name}: panicked")),
            Err(_) => {
                failures.push(format!("{name}: still running after {TIME_LIMIT:?}"));
                continue;
            }
        }
        let panics = PANICS.load(Ordering::SeqCst) - before;
        if panics > 0 && !failures.iter().any(|f| f.starts_with(&format!("{name}:"))) {
            failures.push(format!("{name}: {panics} panic(s) caught inside the library"));
        }
    }
    failures
}

#[test]
fn regressions_do_not_panic() {
    let files: Vec<PathBuf> = files();
    assert!(!files.is_empty(), "tests/regressions/ is empty");
    let failures = run_all(&files);
    assert!(
        failures.is_empty(),
        "{} of {} regression inputs failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_regression_file_names_a_target() {
    for p in files() {
        let name = file_name(&p);
        let target = name.split('-').next().unwrap_or("");
        assert!(
            ["parse", "check", "fmt_round_trip", "eval_csv", "eval_generated", "workbook", "snapshot"]
                .contains(&target),
            "{name}: start the name with a fuzz target's name and `-`"
        );
    }
}

// ------------------------------------------------------ the promises of docs/guarantees.md

/// The codes of a policy's diagnostics.
fn check_codes(text: &str) -> Vec<String> {
    check_source(&Source::new("p.kh", text.to_string()))
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect()
}

const HEADER: &str = "policy \"p\" {\n  effective 2024-10-01\n  status active\n}\ntier T {\n  base = 1 元\n}\n\
                      severity S\nviolation V {\n  severity S\n  points = 1 分\n}\n";

fn with_pay(expr: &str) -> String {
    format!("{HEADER}pay {{\n  x = {expr}\n}}\n")
}

/// Runs `f` on a thread with a big stack: the limits tests check codes, not stack use
/// (`*-small-stack.*` do that).
fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(f).unwrap().join().unwrap();
}

#[test]
fn nesting_limits_are_too_deep_diagnostics() {
    on_big_stack(nesting_limits);
}

fn nesting_limits() {
    let brackets = |n: usize| with_pay(&format!("{}1 元{}", "(".repeat(n), ")".repeat(n)));
    assert_eq!(check_codes(&brackets(64)), Vec::<String>::new());
    assert_eq!(check_codes(&brackets(65)), ["kaohe::too_deep"]);
    // An expression tree deeper than 256 (here a flat sum, which nests to the left).
    let sum = |n: usize| with_pay(&vec!["1 元"; n].join(" + "));
    assert_eq!(check_codes(&sum(200)), Vec::<String>::new());
    assert_eq!(check_codes(&sum(300)), ["kaohe::too_deep"]);
    // More than 1000 prefix operators are refused before the grammar recurses.
    let prefixes = |n: usize| with_pay(&format!("{}1 元", "-".repeat(n)));
    let checked = check_source(&Source::new("p.kh", prefixes(1001)));
    assert_eq!(checked.diagnostics.len(), 1);
    assert_eq!(checked.diagnostics[0].code.as_str(), "kaohe::too_deep");
    assert!(checked.diagnostics[0].message.contains("more than 1000"), "{}", checked.diagnostics[0].message);
    // A thousand of them are still refused (the tree is deeper than 256), not overflowed.
    assert_eq!(check_codes(&prefixes(1000)), ["kaohe::too_deep"]);
}

#[test]
fn overflow_is_a_runtime_diagnostic() {
    let policy = with_pay("79228162514264337593543950335 元 + 1 元");
    let agents = "id,name,tier,hired_on\nA1,a,T,2024-01-01\n";
    let diags = common::eval_errors(&policy, "2024-10", agents, "agent,date,violation\n");
    assert_eq!(diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["kaohe::runtime::overflow"]);
    assert!(diags[0].message.contains("A1"), "{}", diags[0].message);

    let max = "79228162514264337593543950335";
    let incidents = format!("agent,date,violation,cost\nA1,2024-10-01,私带设备,{max}\nA1,2024-10-02,私带设备,{max}\n");
    let agents = "id,name,tier,hired_on\nA1,a,初级客服,2024-01-01\n";
    let diags = common::eval_errors(&common::bundled_policy(), "2024-10", agents, &incidents);
    assert_eq!(diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["kaohe::runtime::overflow"]);
}

#[test]
fn a_policy_that_is_not_utf8_is_refused_with_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.kh");
    std::fs::write(&path, b"policy \"p\xff\" {\n}\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .env("KAOHE_LANG", "en")
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kaohe::syntax") && stderr.contains("at byte 9"), "{stderr}");
    assert!(out.stdout.is_empty());
}
