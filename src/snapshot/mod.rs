//! Snapshot tests of a policy: a real month's results recorded once, then compared with
//! what every later revision of the policy gives for the same month (`kaohe snapshot`,
//! `kaohe test`).
//!
//! A snapshot file, `snapshots/<policy>__<name>.snap` beside the policy, has insta's
//! `.snap` layout: a header between two `---` lines, then the body. The header
//! ([`Header`]) names the policy, the month and the two input files, each by its path
//! relative to the policy's folder and the SHA-256 of its bytes; it is written exactly as
//! insta writes these fields, so `cargo insta review`, which rewrites a file it accepts,
//! leaves the bytes as they were. The body ([`render`]) is one line per figure of each
//! agent, `ID FIGURE: VALUE`, agents sorted by id with a blank line between them: the
//! figures `kaohe diff` compares ([`crate::diff::figures`]), so a revision changes the same
//! agents in both, then the tenure, the count of each violation counted and each incident
//! not counted.
//!
//! The invariants: the same policy, month and files give the same bytes on every run and
//! every machine (no time, no absolute path, nothing hashed but the files' bytes); each
//! text taken from the records is escaped, so one line is always one figure; and reading
//! a snapshot never panics — whatever this module would not have written is
//! `kaohe::snapshot::malformed`, pointing at the line.

mod body;
mod compare;
mod header;
mod review;

use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::calendar::Month;
use crate::diag::{Code, Diagnostic};
use crate::records::sheet::split_path;

pub use body::render;
pub use compare::{compare, diff_lines, AgentDiff, AgentStatus, LineChange};
pub use review::{changes, decide, pending_of, pending_under, review, summary, Decision, Pending, Reviewed};

/// The folder, beside the policy, that holds its snapshots.
pub const FOLDER: &str = "snapshots";

/// The version of the layout this Kaohe writes and reads (`info.kaohe_snapshot`).
pub const FORMAT: u32 = 1;

/// One input file as recorded: its path from the policy's folder (with `/` between
/// folders, and `#sheet` after a workbook's name) and the SHA-256 of its bytes, in hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub path: String,
    pub sha256: String,
}

/// What a snapshot was taken of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The policy's file name (`customer-service.kh`): every path is relative to its folder.
    pub policy: String,
    pub month: Month,
    pub agents: Input,
    pub incidents: Input,
}

/// A snapshot: what it was taken of, and the results ([`render`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub header: Header,
    pub body: String,
}

impl Snapshot {
    /// The file's text: the header, then the body ending in one line break.
    pub fn to_text(&self) -> String {
        let mut text = header::write(&self.header);
        text.push_str(self.body.trim_end());
        text.push('\n');
        text
    }

    /// Reads a snapshot file's text; `file` names it in diagnostics.
    pub fn parse(file: &str, text: &str) -> Result<Snapshot, Diagnostic> {
        let source = crate::source::Source::new(file, text);
        let (header, body_start) = header::parse(&source)?;
        let rest = text.get(body_start..).unwrap_or("");
        let body = body::checked(&source, body_start, rest)?;
        Ok(Snapshot { header, body })
    }

    /// How many agents the body holds.
    pub fn agents(&self) -> usize {
        body::agent_count(&self.body)
    }
}

/// The `kaohe::snapshot::malformed` error of the snapshot file `file`: `what` is wrong
/// with it, `label` says so at `span`.
fn malformed(file: &str, span: &crate::source::Span, what: &str, label: &str) -> Diagnostic {
    Diagnostic::error(Code::SnapshotMalformed, tr!("snapshot-malformed", file = file, what = what))
        .at(span, label)
        .with_help(tr!("snapshot-malformed-help"))
}

/// The SHA-256 of some bytes, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes).iter() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The first twelve hex digits of a hash, as messages show it.
pub fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

/// The snapshot file of `policy` named `name`: `<folder>/snapshots/<stem>__<name>.snap`.
pub fn file_of(policy: &str, name: &str) -> String {
    let path = Path::new(policy);
    let dir = path.parent().unwrap_or(Path::new(""));
    let file = format!("{}__{name}.snap", stem(policy));
    dir.join(FOLDER).join(file).to_string_lossy().into_owned()
}

/// The policy's file name without its extension: what its snapshots' names start with.
fn stem(policy: &str) -> String {
    Path::new(policy).file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// The snapshot files of a policy, sorted by name (none when it has no snapshot folder).
pub fn snapshots_of(policy: &str) -> Result<Vec<String>, Diagnostic> {
    files_of(policy, ".snap")
}

/// The files `<stem>__NAME{suffix}` in the policy's snapshot folder, sorted.
fn files_of(policy: &str, suffix: &str) -> Result<Vec<String>, Diagnostic> {
    let dir = Path::new(policy).parent().unwrap_or(Path::new("")).join(FOLDER);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            let shown = dir.display().to_string();
            let reason = e.to_string();
            return Err(Diagnostic::error(
                Code::Io,
                tr!("snapshot-cannot-read-folder", folder = &shown, reason = reason),
            )
            .in_file(shown));
        }
    };
    let prefix = format!("{}__", stem(policy));
    let mut found: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_string();
            let name = file.strip_prefix(&prefix)?.strip_suffix(suffix)?;
            check_name(name).ok()?;
            Some(dir.join(&file).to_string_lossy().into_owned())
        })
        .collect();
    found.sort();
    Ok(found)
}

/// The name of a snapshot file (`2024-10` for `…/customer-service__2024-10.snap`).
pub fn name_of(snapshot: &str) -> String {
    let file = Path::new(snapshot).file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let file = file.strip_suffix(".new").unwrap_or(&file);
    let file = file.strip_suffix(".snap").unwrap_or(file);
    file.rsplit_once("__").map_or(file, |(_, name)| name).to_string()
}

/// Whether `name` may name a snapshot: letters, digits, `-`, `_` and `.`, not starting
/// with `.`, without `__` (which separates it from the policy's name), at most 100
/// characters. The reason when not.
pub fn check_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() {
        return Err(tr!("snapshot-name-empty"));
    }
    if name.chars().count() > 100 {
        return Err(tr!("snapshot-name-too-long", name = name));
    }
    if let Some(c) = name.chars().find(|c| !allowed(*c)) {
        let character = crate::unicode::printable(&c.to_string()).into_owned();
        return Err(tr!("snapshot-name-character", character = character));
    }
    if name.starts_with('.') || name.contains("__") {
        return Err(tr!("snapshot-name-dot", name = name));
    }
    Ok(())
}

/// Where the `.snap.new` of a snapshot file goes.
pub fn new_file(snapshot: &str) -> String {
    format!("{snapshot}.new")
}

/// The path from the policy's folder to an input file given as on the command line
/// (from the current folder), `/` between folders; a workbook's `#sheet` is kept.
pub fn path_from_policy(policy: &str, input: &str) -> Result<String, Diagnostic> {
    let (file, sheet) = split_path(input);
    let cannot = |why: &str| {
        Diagnostic::error(Code::Io, tr!("snapshot-cannot-record-path", input = input, policy = policy, reason = why))
            .in_file(input)
    };
    let dir = Path::new(policy).parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let absolute = |p: &Path| std::path::absolute(p).map(|a| normalized(&a)).map_err(|e| cannot(&e.to_string()));
    let (dir, file_abs) = (absolute(dir)?, absolute(Path::new(file))?);
    let from: Vec<Component> = dir.components().collect();
    let to: Vec<Component> = file_abs.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return Err(cannot(&tr!("snapshot-other-drive")));
    }
    let mut parts: Vec<String> = vec!["..".to_string(); from.len().saturating_sub(common)];
    for c in to.iter().skip(common) {
        match c.as_os_str().to_str() {
            Some(s) => parts.push(s.to_string()),
            None => return Err(cannot(&tr!("snapshot-path-not-utf8"))),
        }
    }
    let mut path = parts.join("/");
    if let Some(sheet) = sheet {
        path = format!("{path}#{sheet}");
    }
    Ok(path)
}

/// A recorded input's path as seen from the current folder: the policy's folder joined
/// with it, `.` and `..` taken away where they can be (`policies/../examples/x.csv` is
/// `examples/x.csv`); a workbook's `#sheet` is kept.
pub fn resolve(policy: &str, recorded: &str) -> String {
    let (file, sheet) = split_path(recorded);
    let dir = Path::new(policy).parent().unwrap_or(Path::new(""));
    let path = normalized(&dir.join(file));
    let shown = if path.as_os_str().is_empty() { ".".to_string() } else { path.to_string_lossy().into_owned() };
    match sheet {
        Some(sheet) => format!("{shown}#{sheet}"),
        None => shown,
    }
}

/// A path with `.` dropped and `..` taking away the folder before it (when there is one).
fn normalized(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out.iter().collect()
}

/// An input whose bytes are no longer those recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputChange {
    /// The file as seen from the current folder.
    pub shown: String,
    pub recorded: String,
    /// The file's hash now, or why it could not be read.
    pub now: Result<String, String>,
}

impl InputChange {
    pub fn describe(&self) -> String {
        match &self.now {
            Ok(sha) => {
                tr!("snapshot-input-changed", file = &self.shown, recorded = short(&self.recorded), now = short(sha))
            }
            Err(why) => {
                tr!("snapshot-input-unreadable", file = &self.shown, reason = why, recorded = short(&self.recorded))
            }
        }
    }
}

/// The `kaohe::snapshot::inputs_changed` error of a snapshot of the policy at `policy`
/// whose inputs changed: each file with its recorded and its present hash, and the
/// command that takes the snapshot again.
pub fn inputs_changed(policy: &str, snapshot: &str, header: &Header, changes: &[InputChange]) -> Diagnostic {
    let list: Vec<String> = changes.iter().map(InputChange::describe).collect();
    let name = name_of(snapshot);
    let again = format!(
        "kaohe snapshot {policy} --month {} --agents {} --incidents {} --name {name}",
        header.month,
        resolve(policy, &header.agents.path),
        resolve(policy, &header.incidents.path)
    );
    let (list, month) = (list.join(&tr!("snapshot-list-separator")), header.month.to_string());
    Diagnostic::error(Code::SnapshotInputsChanged, tr!("snapshot-inputs-changed", files = list))
        .in_file(snapshot)
        .with_help(tr!("snapshot-inputs-changed-help", name = name, month = month, again = again, policy = policy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_files() {
        assert_eq!(
            file_of("policies/customer-service.kh", "2024-10"),
            "policies/snapshots/customer-service__2024-10.snap"
        );
        assert_eq!(file_of("p.kh", "x"), "snapshots/p__x.snap");
        assert_eq!(name_of("policies/snapshots/customer-service__2024-10.snap"), "2024-10");
        assert_eq!(name_of("snapshots/a__b.snap.new"), "b");
        assert!(check_name("2024-10").is_ok());
        assert!(check_name("十月").is_ok());
        assert!(check_name("../x").is_err());
        assert!(check_name("a__b").is_err());
        assert!(check_name(".hidden").is_err());
        assert!(check_name("").is_err());
        assert!(check_name("a b").is_err());
    }

    #[test]
    fn paths_are_kept_from_the_policy_folder() {
        assert_eq!(
            resolve("policies/customer-service.kh", "../examples/2024-10/agents.csv"),
            "examples/2024-10/agents.csv"
        );
        assert_eq!(resolve("p.kh", "agents.csv"), "agents.csv");
        assert_eq!(resolve("p.kh", "../agents.csv"), "../agents.csv");
        assert_eq!(resolve("a/p.kh", "r.xlsx#花名册"), "a/r.xlsx#花名册");
        assert_eq!(
            path_from_policy("policies/customer-service.kh", "examples/2024-10/agents.csv").unwrap(),
            "../examples/2024-10/agents.csv"
        );
        assert_eq!(path_from_policy("p.kh", "./in/agents.csv").unwrap(), "in/agents.csv");
        assert_eq!(path_from_policy("a/b/p.kh", "a/r.xlsx#花名册").unwrap(), "../r.xlsx#花名册");
    }

    #[test]
    fn hashes() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(short("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "ba7816bf8f01");
    }
}
