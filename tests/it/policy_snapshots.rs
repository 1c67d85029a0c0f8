//! Snapshot tests of policies (`kaohe snapshot`, `kaohe test`): the same bytes each time,
//! a revision fails with exactly the agents `kaohe diff` names and leaves a `.snap.new`,
//! `--accept` makes it pass, `--reject` drops it, changed inputs are their own failure,
//! and a broken snapshot file is an error, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kaohe::snapshot::{self, Decision, Snapshot};
use kaohe::{check_source, Code, Source};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BUNDLED: &str = "policies/snapshots/customer-service__2024-10.snap";
const MONTH: [&str; 6] =
    ["--month", "2024-10", "--agents", "examples/2024-10/agents.csv", "--incidents", "examples/2024-10/incidents.csv"];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else if !e.file_name().to_string_lossy().ends_with(".snap.new") {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A folder holding a copy of the project's `policies/` and `examples/`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(ROOT).join("policies"), &dir.path().join("policies"));
    copy_dir(&Path::new(ROOT).join("examples"), &dir.path().join("examples"));
    dir
}

fn kaohe_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .env("KAOHE_LANG", "en")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn last_line(o: &Output) -> String {
    stdout(o).lines().last().unwrap_or("").to_string()
}

/// The one-clause revision the tests make: an incident of exactly 30 minutes now counts.
fn revise(dir: &Path) {
    let path = dir.join("policies/customer-service.kh");
    let text = std::fs::read_to_string(&path).unwrap();
    let revised = text.replacen("when incident.minutes > 30 minutes", "when incident.minutes >= 30 minutes", 1);
    assert_ne!(revised, text);
    std::fs::write(&path, revised).unwrap();
}

fn snap(dir: &Path) -> PathBuf {
    dir.join(BUNDLED)
}

fn snap_new(dir: &Path) -> PathBuf {
    dir.join(format!("{BUNDLED}.new"))
}

#[test]
fn the_bundled_policy_passes_its_worked_examples_and_its_snapshot() {
    let out = kaohe_in(Path::new(ROOT), &["test", "policies/customer-service.kh"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("ok     policies/customer-service.kh: snapshot 2024-10 (30 agents)\n"));
    assert_eq!(last_line(&out), "23 passed, 0 failed");
}

#[test]
fn taking_a_snapshot_twice_gives_the_same_bytes_as_the_bundled_one() {
    let dir = scratch();
    std::fs::remove_file(snap(dir.path())).unwrap();
    let mut args = vec!["snapshot", "policies/customer-service.kh"];
    args.extend(MONTH);
    let first = kaohe_in(dir.path(), &args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(stdout(&first), format!("wrote {BUNDLED} (30 agents)\n"));
    let taken = std::fs::read(snap(dir.path())).unwrap();
    assert_eq!(taken, std::fs::read(Path::new(ROOT).join(BUNDLED)).unwrap(), "the bundled snapshot is out of date");

    // Again: nothing to write.
    let again = kaohe_in(dir.path(), &args);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), format!("{BUNDLED}: up to date (30 agents)\n"));
    assert_eq!(std::fs::read(snap(dir.path())).unwrap(), taken);
    assert!(!snap_new(dir.path()).exists());

    // Taken from the policy's own folder, the paths recorded are the same.
    std::fs::remove_file(snap(dir.path())).unwrap();
    let from_policies = kaohe_in(
        &dir.path().join("policies"),
        &[
            "snapshot",
            "customer-service.kh",
            "--month",
            "2024-10",
            "--agents",
            "../examples/2024-10/agents.csv",
            "--incidents",
            "../examples/2024-10/incidents.csv",
        ],
    );
    assert_eq!(from_policies.status.code(), Some(0), "{}", stderr(&from_policies));
    assert_eq!(std::fs::read(snap(dir.path())).unwrap(), taken);
}

#[test]
fn the_header_names_the_policy_the_month_and_the_inputs_with_their_hashes() {
    let text = std::fs::read_to_string(Path::new(ROOT).join(BUNDLED)).unwrap();
    let agents = std::fs::read(Path::new(ROOT).join("examples/2024-10/agents.csv")).unwrap();
    let incidents = std::fs::read(Path::new(ROOT).join("examples/2024-10/incidents.csv")).unwrap();
    let header = format!(
        "---\nsource: customer-service.kh\ndescription: kaohe snapshot of customer-service.kh on 2024-10\ninfo:\n  \
         kaohe_snapshot: 1\n  month: 2024-10\n  agents:\n    path: \"../examples/2024-10/agents.csv\"\n    sha256: {}\n  \
         incidents:\n    path: \"../examples/2024-10/incidents.csv\"\n    sha256: {}\n---\n",
        snapshot::sha256_hex(&agents),
        snapshot::sha256_hex(&incidents)
    );
    assert!(text.starts_with(&header), "{}", text.get(..header.len()).unwrap_or(&text));
    let parsed = Snapshot::parse(BUNDLED, &text).unwrap();
    assert_eq!(parsed.header.policy, "customer-service.kh");
    assert_eq!(parsed.header.month.to_string(), "2024-10");
    assert_eq!(parsed.header.agents.path, "../examples/2024-10/agents.csv");
    assert_eq!(parsed.to_text(), text);
    assert_eq!(parsed.agents(), 30);
    // A019 on the minimum wage, as examples/2024-10/README.md says.
    for line in [
        "A019 name: 林小凤",
        "A019 points: 41",
        "A019 compensation: 3999.99",
        "A019 count 私带设备: 1",
        "A019 本月赔偿扣款: 600.00",
        "A019 结转赔偿: 3399.99",
        "A019 实发工资: 2420.00",
        "A005 not counted: 2024-10-11 突发事件超时 (line 23)",
        "A013 escalations: 未良好履行职责",
    ] {
        assert!(text.contains(&format!("\n{line}\n")), "{line}");
    }
}

/// The agents `kaohe::diff::results` says the revision changes, evaluating both revisions.
fn agents_diff_names(dir: &Path) -> Vec<String> {
    let month = |policy: &Path| {
        let text = std::fs::read_to_string(policy).unwrap();
        let program = check_source(&Source::new("p.kh", text)).program.unwrap();
        let (result, _) = kaohe::evaluate_files(
            &program,
            "2024-10".parse().unwrap(),
            &format!("{ROOT}/examples/2024-10/agents.csv"),
            &format!("{ROOT}/examples/2024-10/incidents.csv"),
            &kaohe::EvalOptions::default(),
        )
        .unwrap();
        (program, result)
    };
    let (op, or) = month(&Path::new(ROOT).join("policies/customer-service.kh"));
    let (np, nr) = month(&dir.join("policies/customer-service.kh"));
    kaohe::diff::results(&op, &or, &np, &nr).0.into_iter().map(|a| a.id).collect()
}

#[test]
fn a_one_clause_revision_fails_with_exactly_the_agents_it_changes_and_accept_makes_it_pass() {
    let dir = scratch();
    revise(dir.path());
    let out = kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let at = text.find("FAILED policies/customer-service.kh: snapshot 2024-10").unwrap();
    let report: Vec<&str> = text[at..].lines().collect();
    assert_eq!(
        report,
        [
            "FAILED policies/customer-service.kh: snapshot 2024-10 (2 of 30 agents changed)",
            "  A005 points 4 → 9",
            "  A005 count 重度 0 → 1",
            "  A005 + count 突发事件超时: 1",
            "  A005 考核得分 96 → 91",
            "  A005 绩效工资 1000.00 → 800.00",
            "  A005 实发工资 5200.00 → 5000.00",
            "  A005 - not counted: 2024-10-11 突发事件超时 (line 23)",
            "  A022 points 7 → 12",
            "  A022 count 重度 1 → 2",
            "  A022 count 突发事件超时 1 → 2",
            "  A022 考核得分 93 → 88",
            "  A022 - not counted: 2024-10-07 突发事件超时 (line 14)",
            // The worked example of exactly 30 minutes fails too.
            "21 passed, 2 failed",
        ]
    );
    assert!(text.contains("FAILED policies/customer-service.kh: 突发事件超时: 30分钟不算, 31分钟算\n"));
    let err = stderr(&out);
    assert!(err.contains("kaohe::test::failed"), "{err}");
    assert!(err.contains("the snapshot `2024-10` of `policies/customer-service.kh` does not match: 2 agents changed"));

    // The same agents as `kaohe diff`.
    assert_eq!(agents_diff_names(dir.path()), ["A005", "A022"]);

    // The new results are beside the snapshot, which is untouched.
    let recorded = std::fs::read_to_string(snap(dir.path())).unwrap();
    assert_eq!(recorded, std::fs::read_to_string(Path::new(ROOT).join(BUNDLED)).unwrap());
    let new = Snapshot::parse("new", &std::fs::read_to_string(snap_new(dir.path())).unwrap()).unwrap();
    let old = Snapshot::parse("old", &recorded).unwrap();
    assert_eq!(new.header, old.header);
    let changed: Vec<String> = snapshot::compare(&old.body, &new.body).into_iter().map(|d| d.id).collect();
    assert_eq!(changed, ["A005", "A022"]);
    assert!(new.body.contains("\nA005 count 突发事件超时: 1\n"));

    // `kaohe snapshot` on the revised policy says the same and leaves the snapshot alone.
    let mut args = vec!["snapshot", "policies/customer-service.kh"];
    args.extend(MONTH);
    let retaken = kaohe_in(dir.path(), &args);
    assert_eq!(retaken.status.code(), Some(1));
    assert!(stdout(&retaken).starts_with(&format!("{BUNDLED}: 2 of 30 agents changed\n  A005 points 4 → 9\n")));
    assert_eq!(std::fs::read_to_string(snap(dir.path())).unwrap(), recorded);

    let accepted = kaohe_in(dir.path(), &["snapshot", "--accept"]);
    assert_eq!(accepted.status.code(), Some(0), "{}", stderr(&accepted));
    assert_eq!(stdout(&accepted), format!("accepted {BUNDLED}\n"));
    assert!(!snap_new(dir.path()).exists());
    let after = kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert!(stdout(&after).contains("ok     policies/customer-service.kh: snapshot 2024-10 (30 agents)\n"));
    assert_eq!(last_line(&after), "22 passed, 1 failed");
}

#[test]
fn reject_drops_the_new_results_and_the_snapshot_keeps_failing() {
    let dir = scratch();
    revise(dir.path());
    kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert!(snap_new(dir.path()).exists());
    let rejected = kaohe_in(dir.path(), &["snapshot", "--reject", "policies/customer-service.kh"]);
    assert_eq!(rejected.status.code(), Some(0));
    assert_eq!(stdout(&rejected), format!("rejected {BUNDLED}.new\n"));
    assert!(!snap_new(dir.path()).exists());
    assert_eq!(std::fs::read(snap(dir.path())).unwrap(), std::fs::read(Path::new(ROOT).join(BUNDLED)).unwrap());
    let none = kaohe_in(dir.path(), &["snapshot", "--accept"]);
    assert_eq!((none.status.code(), stdout(&none).as_str()), (Some(0), "no new results to review\n"));
}

#[test]
fn new_results_that_match_again_are_removed_by_the_next_passing_run() {
    let dir = scratch();
    let policy = dir.path().join("policies/customer-service.kh");
    let original = std::fs::read_to_string(&policy).unwrap();
    revise(dir.path());
    kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert!(snap_new(dir.path()).exists());
    std::fs::write(&policy, original).unwrap();
    let out = kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert_eq!(last_line(&out), "23 passed, 0 failed");
    assert!(!snap_new(dir.path()).exists());
}

#[test]
fn changed_inputs_are_reported_as_such_not_as_a_policy_change() {
    let dir = scratch();
    let agents = dir.path().join("examples/2024-10/agents.csv");
    let before = snapshot::sha256_hex(&std::fs::read(&agents).unwrap());
    let mut text = std::fs::read_to_string(&agents).unwrap();
    text.push_str("A099,新人,初级客服,2024-10-01,\n");
    std::fs::write(&agents, &text).unwrap();
    let after = snapshot::sha256_hex(text.as_bytes());
    let out = kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("FAILED policies/customer-service.kh: snapshot 2024-10 (inputs changed)\n"));
    assert_eq!(last_line(&out), "22 passed, 1 failed");
    let err = stderr(&out);
    assert!(err.contains("kaohe::snapshot::inputs_changed"), "{err}");
    let expected = format!(
        "inputs changed since the snapshot: examples/2024-10/agents.csv (sha256 {} → {})",
        &before[..12],
        &after[..12]
    );
    assert!(err.replace("\n  │ ", " ").contains(&expected), "{err}");
    assert!(!snap_new(dir.path()).exists(), "no new results from other inputs");

    std::fs::remove_file(dir.path().join("examples/2024-10/incidents.csv")).unwrap();
    let out = kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert!(stderr(&out)
        .replace("\n  │ ", " ")
        .contains("examples/2024-10/incidents.csv (no such file; recorded sha256"));
}

#[test]
fn the_library_reports_the_changed_inputs() {
    let dir = scratch();
    let agents = dir.path().join("examples/2024-10/agents.csv");
    std::fs::write(&agents, std::fs::read_to_string(&agents).unwrap().replace("张晓雯", "张小雯")).unwrap();
    let policy = dir.path().join("policies/customer-service.kh");
    let program = check_source(&Source::new("p.kh", std::fs::read_to_string(&policy).unwrap())).program.unwrap();
    let verdict = kaohe::verify_snapshot(&program, policy.to_str().unwrap(), snap(dir.path()).to_str().unwrap());
    let kaohe::SnapshotVerdict::InputsChanged(d) = verdict else { panic!("{verdict:?}") };
    assert_eq!(d.code, Code::SnapshotInputsChanged);
    assert!(d.message.contains("agents.csv (sha256 d59faea59e57 → "), "{}", d.message);
    assert!(!d.message.contains("incidents.csv"));
}

#[test]
fn review_needs_a_terminal_and_says_what_to_use_instead() {
    let dir = scratch();
    let out = kaohe_in(dir.path(), &["snapshot", "--review"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("stdin is not one: use `--accept` or `--reject`"), "{err}");
}

#[test]
fn usage_errors_exit_two() {
    let dir = scratch();
    for args in [
        vec!["snapshot", "policies/customer-service.kh"],
        vec!["snapshot", "--month", "2024-10", "--agents", "a.csv", "--incidents", "i.csv"],
        vec!["snapshot", "--accept", "--reject"],
        vec!["snapshot", "--accept", "--month", "2024-10"],
    ] {
        let out = kaohe_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let mut args = vec!["snapshot", "policies/customer-service.kh", "--name", "../../etc"];
    args.extend(MONTH);
    let out = kaohe_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`/` cannot be in a snapshot's name"), "{}", stderr(&out));
}

#[test]
fn the_draft_cannot_be_snapshotted() {
    let dir = scratch();
    let mut args = vec!["snapshot", "policies/customer-service-draft.kh"];
    args.extend(MONTH);
    let out = kaohe_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("kaohe::record::hole"), "{}", stderr(&out));
    assert!(!dir.path().join("policies/snapshots/customer-service-draft__2024-10.snap").exists());
}

#[test]
fn a_named_snapshot_and_a_second_one_are_both_run() {
    let dir = scratch();
    let mut args = vec!["snapshot", "policies/customer-service.kh", "--name", "十月-again"];
    args.extend(MONTH);
    let out = kaohe_in(dir.path(), &args);
    assert_eq!(stdout(&out), "wrote policies/snapshots/customer-service__十月-again.snap (30 agents)\n");
    let out = kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert!(stdout(&out).contains("ok     policies/customer-service.kh: snapshot 十月-again (30 agents)\n"));
    assert_eq!(last_line(&out), "24 passed, 0 failed");
}

/// Reviewing with answers from a reader: an unknown answer is asked again, the end of the
/// answers skips the rest.
#[test]
fn review_decides_one_snapshot_at_a_time() {
    let dir = scratch();
    let mut args = vec!["snapshot", "policies/customer-service.kh", "--name", "second"];
    args.extend(MONTH);
    kaohe_in(dir.path(), &args);
    revise(dir.path());
    kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    let policy = dir.path().join("policies/customer-service.kh");
    let pending = snapshot::pending_of(policy.to_str().unwrap()).unwrap();
    let names: Vec<String> = pending.iter().map(|p| snapshot::name_of(&p.new)).collect();
    assert_eq!(names, ["2024-10", "second"]);

    let mut out = Vec::new();
    let reviewed = snapshot::review(&pending, &mut "maybe\nA\n".as_bytes(), &mut out).unwrap();
    let shown = String::from_utf8(out).unwrap();
    assert_eq!((reviewed.accepted, reviewed.rejected, reviewed.skipped), (1, 0, 1));
    assert!(reviewed.errors.is_empty());
    assert!(shown.starts_with("[1/2]\n"), "{shown}");
    assert!(shown.contains("customer-service__2024-10.snap: 2 of 30 agents changed\n  A005 points 4 → 9\n"));
    assert!(shown.contains("accept, reject or skip? [a/r/s] answer a (accept), r (reject) or s (skip)\n"));
    assert!(shown.contains("[2/2]\n"));
    assert!(!snap_new(dir.path()).exists());
    let second_new = dir.path().join("policies/snapshots/customer-service__second.snap.new");
    assert!(second_new.exists(), "skipped at the end of the answers");

    let pending = snapshot::pending_of(policy.to_str().unwrap()).unwrap();
    let reviewed = snapshot::review(&pending, &mut "r\n".as_bytes(), &mut Vec::new()).unwrap();
    assert_eq!((reviewed.accepted, reviewed.rejected, reviewed.skipped), (0, 1, 0));
    assert!(!second_new.exists());
}

#[test]
fn decisions_parse_and_accepting_a_broken_file_changes_nothing() {
    assert_eq!(Decision::parse("a"), Some(Decision::Accept));
    assert_eq!(Decision::parse(" Reject\n"), Some(Decision::Reject));
    assert_eq!(Decision::parse("s"), Some(Decision::Skip));
    assert_eq!(Decision::parse(""), None);
    assert_eq!(Decision::parse("yes"), None);

    let dir = scratch();
    std::fs::write(snap_new(dir.path()), "---\nnot a snapshot\n").unwrap();
    let pending = snapshot::Pending {
        new: snap_new(dir.path()).to_string_lossy().into_owned(),
        recorded: snap(dir.path()).to_string_lossy().into_owned(),
    };
    let err = snapshot::decide(&pending, Decision::Accept).unwrap_err();
    assert_eq!(err.code, Code::SnapshotMalformed);
    assert_eq!(std::fs::read(snap(dir.path())).unwrap(), std::fs::read(Path::new(ROOT).join(BUNDLED)).unwrap());
}

#[test]
fn pending_results_are_found_under_a_folder_but_not_insta_snapshots_of_rust_tests() {
    let dir = scratch();
    revise(dir.path());
    kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    let insta = dir.path().join("tests/snapshots");
    std::fs::create_dir_all(&insta).unwrap();
    std::fs::write(insta.join("t__x.snap.new"), "---\nsource: tests/t.rs\nexpression: x\n---\n1\n").unwrap();
    let found = snapshot::pending_under(dir.path().to_str().unwrap());
    assert_eq!(found.len(), 1);
    assert!(found[0].new.ends_with("customer-service__2024-10.snap.new"));
    let out = kaohe_in(dir.path(), &["snapshot", "--accept"]);
    assert_eq!(stdout(&out), format!("accepted {BUNDLED}\n"));
    assert!(insta.join("t__x.snap.new").exists());
}

#[test]
fn broken_snapshot_files_are_errors_with_the_line() {
    let good = std::fs::read_to_string(Path::new(ROOT).join(BUNDLED)).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "the file is empty"),
        ("hello\n".into(), "it does not start with a `---` line"),
        ("---\nsource: x.kh\n".into(), "the header is never closed"),
        (good.replacen("  month: 2024-10\n", "", 1), "the header has no `info.month`"),
        (good.replacen("  month: 2024-10", "  month: 2024-13", 1), "`2024-13` is not a month"),
        (good.replacen("kaohe_snapshot: 1", "kaohe_snapshot: 2", 1), "snapshot format `2`"),
        (good.replacen("    sha256: d59f", "    sha256: zz9f", 1), "is not 64 hex digits"),
        (good.replacen("    path: \"../examples", "    path: \"../examples\" x", 1), "followed by more text"),
        (good.replacen("  month:", "   month:", 1), "not indented as written"),
        (good.replacen("  month:", "  month 2024-10\n  x:", 1), "is not `key: value`"),
        (good.replacen("A019 实发工资: 2420.00", "A019 实发工资 2420.00", 1), "is not `ID FIGURE: VALUE`"),
        (good.replacen("A019 实发工资: 2420.00", "<<<<<<< HEAD", 1), "is not `ID FIGURE: VALUE`"),
        (good.replacen("  month: 2024-10\n", "  month: 2024-10\n  month: 2024-11\n", 1), "given twice"),
    ];
    for (text, expected) in cases {
        let err = Snapshot::parse("x.snap", &text).unwrap_err();
        assert_eq!(err.code, Code::SnapshotMalformed);
        assert!(err.message.contains(expected), "{expected}: {}", err.message);
        assert!(!kaohe::diag::render_human(&[err], false).is_empty());
    }
    // Line breaks of another system, and a byte order mark, read the same.
    let crlf = format!("\u{feff}{}", good.replace('\n', "\r\n"));
    assert_eq!(Snapshot::parse("x.snap", &crlf).unwrap(), Snapshot::parse("x.snap", &good).unwrap());
}

#[test]
fn a_broken_snapshot_fails_its_test_and_the_others_still_run() {
    let dir = scratch();
    let text = std::fs::read_to_string(snap(dir.path())).unwrap();
    std::fs::write(snap(dir.path()), text.replacen("A019 实发工资: 2420.00", "A019 实发工资 2420.00", 1)).unwrap();
    let out = kaohe_in(dir.path(), &["test", "policies/customer-service.kh"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("FAILED policies/customer-service.kh: snapshot 2024-10\n"));
    assert_eq!(last_line(&out), "22 passed, 1 failed");
    let err = stderr(&out);
    assert!(err.contains("kaohe::snapshot::malformed"));
    assert!(err.contains("customer-service__2024-10.snap:394:1"), "{err}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn bundled() -> String {
        std::fs::read_to_string(Path::new(ROOT).join(BUNDLED)).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Any text: read or refused, never a panic.
        #[test]
        fn any_text_is_read_or_refused(text in "\\PC{0,200}") {
            let _ = Snapshot::parse("x.snap", &text);
            let _ = Snapshot::parse("x.snap", &format!("---\n{text}\n---\n{text}"));
        }

        /// The real file with a piece cut out or a character put in: read or refused.
        #[test]
        fn an_edited_snapshot_is_read_or_refused(at in 0usize..2000, len in 0usize..40, c in any::<char>()) {
            let good = bundled();
            let chars: Vec<char> = good.chars().collect();
            let at = at.min(chars.len());
            let mut cut: String = chars[..at].iter().collect();
            cut.push(c);
            cut.extend(chars[(at + len).min(chars.len())..].iter());
            if let Ok(s) = Snapshot::parse("x.snap", &cut) {
                // Whatever was read writes back as a snapshot that reads the same.
                prop_assert_eq!(Snapshot::parse("y.snap", &s.to_text()).unwrap(), s);
            }
        }
    }
}

#[test]
fn names_and_ids_from_the_records_stay_on_their_line() {
    let policy = "policy \"p\" { effective 2024-10-01; status active }\ntier 客服 { base_salary = 3000 元 }\n\
                  severity 轻度\nviolation 迟到 { severity 轻度; points = 1 分 }\n\
                  pay { 实发工资 = tier.base_salary - 20 元/分 * points }\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.kh"), policy).unwrap();
    let agents = "id,name,tier,hired_on\n\"A 1\",\"张\n三\\x\",客服,2024-03-01\nA2,\" 李四\u{202e}\",客服,2024-03-01\n";
    std::fs::write(dir.path().join("agents.csv"), agents).unwrap();
    std::fs::write(dir.path().join("incidents.csv"), "agent,date,violation\nA 1,2024-10-08,迟到\n").unwrap();
    let args = ["snapshot", "p.kh", "--month", "2024-10", "--agents", "agents.csv", "--incidents", "incidents.csv"];
    let out = kaohe_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("snapshots/p__2024-10.snap")).unwrap();
    let body = text.split("\n---\n").nth(1).unwrap();
    assert!(body.starts_with("A\\u{20}1 name: 张\\u{a}三\\\\x\nA\\u{20}1 tenure_months: 8\n"), "{body}");
    // Cells are trimmed when read; a bidi override is shown, not obeyed.
    assert!(body.contains("\nA2 name: 李四\\u{202e}\n"), "{body}");
    assert!(body.lines().all(|l| l.is_empty() || l.starts_with("A\\u{20}1 ") || l.starts_with("A2 ")), "{body}");
    let out = kaohe_in(dir.path(), &["test", "p.kh"]);
    assert_eq!(last_line(&out), "1 passed, 0 failed", "{}", stderr(&out));
}
