//! `--output` onto what is not a plain file of one's own: a named pipe, a device,
//! `/dev/stdout`, a read-only file, a set-user-id file, a file with hard links, and a
//! run stopped by a signal while it writes. None of them is replaced or left half-made.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kaohe");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn eval_to(output: &str) -> Output {
    Command::new(BIN)
        .env("KAOHE_LANG", "en")
        .args(eval_args(output))
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn eval_args(output: &str) -> Vec<&str> {
    crate::common::sample_month_args(&["--format", "json", "--output", output])
}

/// The month's JSON as printed to stdout.
fn expected_json() -> Vec<u8> {
    let out = Command::new(BIN).env("KAOHE_LANG", "en").args(&eval_args("x")[..10]).current_dir(ROOT).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"{"), "{}", String::from_utf8_lossy(&out.stdout));
    out.stdout
}

fn is_root() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "").unwrap();
    std::fs::metadata(&probe).unwrap().uid() == 0
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_named_pipe_is_written_through_and_stays_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("result.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = eval_to(fifo.to_str().unwrap());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(reader.join().unwrap(), expected_json());
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a named pipe");
    assert_eq!(crate::common::files_in(dir.path()), ["result.fifo"], "no temporary file beside it");
}

#[test]
fn a_character_device_is_written_to_not_replaced() {
    // A null device of our own first (as root), so a regression cannot harm /dev/null.
    if is_root() {
        let dir = tempfile::tempdir().unwrap();
        let null = dir.path().join("null");
        let made = Command::new("mknod").arg(&null).args(["c", "1", "3"]).status().unwrap();
        if made.success() {
            let before = std::fs::metadata(&null).unwrap().rdev();
            let out = eval_to(null.to_str().unwrap());
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let after = std::fs::symlink_metadata(&null).unwrap();
            assert!(after.file_type().is_char_device(), "still a character device");
            assert_eq!(after.rdev(), before);
            assert_eq!(crate::common::files_in(dir.path()), ["null"]);
        }
    }
    let before = std::fs::metadata("/dev/null").unwrap();
    let out = eval_to("/dev/null");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let after = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(after.file_type().is_char_device(), "/dev/null is still a character device");
    assert_eq!(after.rdev(), before.rdev());
    assert_eq!(std::fs::metadata("/dev/null").unwrap().len(), 0);
}

#[test]
fn dev_stdout_is_the_process_stdout() {
    let out = eval_to("/dev/stdout");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, expected_json());
    // Redirected to a file by the shell, the result lands in that file, which stays the
    // same file (the same inode).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("redirected.json");
    std::fs::write(&file, "").unwrap();
    let inode = std::fs::metadata(&file).unwrap().ino();
    let status = Command::new(BIN)
        .env("KAOHE_LANG", "en")
        .args(eval_args("/dev/stdout"))
        .current_dir(ROOT)
        .stdout(std::fs::File::create(&file).unwrap())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(std::fs::read(&file).unwrap(), expected_json());
    assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode);
    assert_eq!(crate::common::files_in(dir.path()), ["redirected.json"]);
}

#[test]
fn a_read_only_file_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("result.json");
    std::fs::write(&target, "old\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = eval_to(target.to_str().unwrap());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("kaohe::io"), "{err}");
    assert!(err.contains(&format!("cannot write `{}`: the file is read-only", target.display())), "{err}");
    assert!(err.contains("chmod u+w"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o7777, 0o444);
    assert_eq!(crate::common::files_in(dir.path()), ["result.json"]);
}

#[test]
fn set_id_bits_are_cleared_and_the_owner_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("result.json");
    std::fs::write(&target, "old\n").unwrap();
    let root = is_root();
    if root {
        std::os::unix::fs::chown(&target, Some(4321), Some(4322)).unwrap();
    }
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o6750)).unwrap();
    let out = eval_to(target.to_str().unwrap());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read(&target).unwrap(), expected_json());
    let m = std::fs::metadata(&target).unwrap();
    assert_eq!(m.permissions().mode() & 0o7777, 0o750, "set-user-id and set-group-id cleared, the rest kept");
    if root {
        assert_eq!((m.uid(), m.gid()), (4321, 4322), "the owner and group are kept");
    }
}

#[test]
fn a_file_with_hard_links_is_refused_and_both_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("result.json");
    let other = dir.path().join("copy-for-payroll.json");
    std::fs::write(&target, "old\n").unwrap();
    std::fs::hard_link(&target, &other).unwrap();
    let out = eval_to(target.to_str().unwrap());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("kaohe::io"), "{err}");
    assert!(err.contains("it has 2 hard links"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "old\n");
    assert_eq!(std::fs::metadata(&target).unwrap().nlink(), 2, "still linked");
    assert_eq!(crate::common::files_in(dir.path()), ["copy-for-payroll.json", "result.json"]);
}

fn temporary_files(dir: &Path) -> Vec<String> {
    crate::common::files_in(dir).into_iter().filter(|n| n.starts_with(".tmp")).collect()
}

/// Runs a large month to `--output` in `dir`, sends `signal` once the temporary file
/// exists, and returns the exit status.
fn interrupted(dir: &Path, month: &Path, signal: &str) -> Option<i32> {
    let target = dir.join("result.json");
    let mut child = Command::new(BIN)
        .env("KAOHE_LANG", "en")
        .args(["eval", "policies/customer-service.kh", "--month", "2024-12", "--agents"])
        .arg(month.join("agents.csv"))
        .arg("--incidents")
        .arg(month.join("incidents.csv"))
        .args(["--format", "json", "--output"])
        .arg(&target)
        .current_dir(ROOT)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while temporary_files(dir).is_empty() {
        assert!(child.try_wait().unwrap().is_none(), "finished before its temporary file was seen");
        assert!(start.elapsed() < Duration::from_secs(60), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
    let sent = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert!(!target.exists(), "no result was written");
    status.code()
}

#[test]
fn a_signal_mid_write_leaves_no_temporary_file() {
    let month: PathBuf = tempfile::tempdir().unwrap().keep();
    let made = Command::new(BIN)
        .env("KAOHE_LANG", "en")
        .args(["gen-month", "--agents", "20000", "--per-agent", "10", "--out"])
        .arg(&month)
        .status()
        .unwrap();
    assert!(made.success());
    for (signal, code) in [("-TERM", 143), ("-INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(interrupted(dir.path(), &month, signal), Some(code), "{signal}");
        assert_eq!(temporary_files(dir.path()), Vec::<String>::new(), "{signal}: the temporary file was removed");
        assert_eq!(crate::common::files_in(dir.path()), Vec::<String>::new(), "{signal}");
    }
    std::fs::remove_dir_all(&month).unwrap();
}
