//! New results waiting for a decision — `X.snap.new` beside `X.snap` — and the decisions:
//! accept (the new results become the snapshot), reject (they are deleted), skip (left
//! for later). [`review`] asks one question per file, reading the answers from any reader,
//! so the terminal session of `kaohe snapshot --review` and a test run the same code.

use std::io::{BufRead, Write};
use std::path::Path;

use super::{compare, diff_lines, short, Snapshot};
use crate::diag::{Code, Diagnostic};

/// A `.snap.new` file and the snapshot it would replace (which may not exist yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub new: String,
    pub recorded: String,
}

impl Pending {
    fn of(new: String) -> Pending {
        let recorded = new.strip_suffix(".new").unwrap_or(&new).to_string();
        Pending { new, recorded }
    }
}

/// What to do with new results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject,
    Skip,
}

impl Decision {
    /// An answer at the prompt: `a`/`accept`/`接受`, `r`/`reject`/`拒绝`, `s`/`skip`/`跳过`,
    /// in any case and in any language.
    pub fn parse(answer: &str) -> Option<Decision> {
        match answer.trim().to_lowercase().as_str() {
            "a" | "accept" | "接受" => Some(Decision::Accept),
            "r" | "reject" | "拒绝" => Some(Decision::Reject),
            "s" | "skip" | "跳过" => Some(Decision::Skip),
            _ => None,
        }
    }
}

/// The new results waiting beside the snapshots of a policy, sorted.
pub fn pending_of(policy: &str) -> Result<Vec<Pending>, Diagnostic> {
    Ok(super::files_of(policy, ".snap.new")?.into_iter().map(Pending::of).collect())
}

/// Every Kaohe snapshot's new results under a folder, sorted: `.snap.new` files in
/// folders named `snapshots` whose header is a Kaohe snapshot's (insta's own pending
/// snapshots of Rust tests are left alone); hidden folders and `target` are not entered.
pub fn pending_under(dir: &str) -> Vec<Pending> {
    let mut found = Vec::new();
    walk(Path::new(dir), &mut found, 0);
    found.sort();
    found.into_iter().map(Pending::of).collect()
}

fn walk(dir: &Path, found: &mut Vec<String>, depth: usize) {
    // Deep enough for any project; a cycle of links cannot keep it going.
    if depth > 32 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, found, depth + 1);
            }
        } else if kind.is_file() && name.ends_with(".snap.new") && is_kaohe_snapshot(&path) {
            // Under `.`, the paths are shown as from the current folder.
            let shown = path.strip_prefix(".").unwrap_or(&path);
            found.push(shown.to_string_lossy().into_owned());
        }
    }
}

/// Whether a file in a `snapshots` folder has a Kaohe snapshot's header.
fn is_kaohe_snapshot(path: &Path) -> bool {
    let in_snapshots = path.parent().and_then(Path::file_name).is_some_and(|n| n == super::FOLDER);
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    let header = text.split("\n---").next().unwrap_or("");
    in_snapshots && header.lines().any(|l| l.starts_with("  kaohe_snapshot:"))
}

fn read(file: &str) -> Result<Snapshot, Diagnostic> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound { tr!("io-not-found") } else { e.to_string() };
        Diagnostic::error(Code::Io, tr!("io-cannot-read", path = file, reason = why)).in_file(file)
    })?;
    Snapshot::parse(file, &text)
}

/// Carries out a decision. Accepting checks that the new results can be read, then
/// renames them over the snapshot; rejecting deletes them.
pub fn decide(pending: &Pending, decision: Decision) -> Result<(), Diagnostic> {
    let file = pending.new.as_str();
    match decision {
        Decision::Skip => Ok(()),
        Decision::Reject => std::fs::remove_file(file).map_err(|e| {
            Diagnostic::error(Code::Io, tr!("snapshot-cannot-delete", file = file, reason = e.to_string()))
                .in_file(file)
        }),
        Decision::Accept => {
            read(file)?;
            std::fs::rename(file, &pending.recorded).map_err(|e| {
                Diagnostic::error(Code::Io, tr!("snapshot-cannot-accept", file = file, reason = e.to_string()))
                    .in_file(file)
            })
        }
    }
}

/// What accepting new results would change: a first line naming the snapshot, then one
/// line per change (inputs, then agents).
pub fn summary(pending: &Pending) -> Result<Vec<String>, Diagnostic> {
    let new = read(&pending.new)?;
    if !Path::new(&pending.recorded).exists() {
        return Ok(vec![tr!("snapshot-review-new", file = &pending.recorded, agents = new.agents())]);
    }
    let old = match read(&pending.recorded) {
        Ok(old) => old,
        Err(d) => {
            return Ok(vec![tr!(
                "snapshot-review-unreadable",
                file = &pending.recorded,
                reason = &d.message,
                agents = new.agents()
            )])
        }
    };
    Ok(changes(&pending.recorded, &old, &new))
}

/// The changes from one snapshot to another, for people: a first line naming the file
/// and how many agents changed, then the header's changes and each agent's.
pub fn changes(file: &str, old: &Snapshot, new: &Snapshot) -> Vec<String> {
    let diffs = compare(&old.body, &new.body);
    let mut out = vec![tr!("snapshot-changes", file = file, changed = diffs.len(), agents = new.agents())];
    let (o, n) = (&old.header, &new.header);
    if o.month != n.month {
        out.push(tr!("snapshot-month-changed", old = o.month.to_string(), new = n.month.to_string()));
    }
    for (key, a, b) in [("agents", &o.agents, &n.agents), ("incidents", &o.incidents, &n.incidents)] {
        if a != b {
            let side = |i: &super::Input| tr!("snapshot-input", path = &i.path, sha256 = short(&i.sha256));
            out.push(tr!(
                "snapshot-input-replaced",
                file = super::header::input_file(key),
                old = side(a),
                new = side(b)
            ));
        }
    }
    out.extend(diff_lines(&diffs));
    out
}

/// How a review went.
#[derive(Debug, Default)]
pub struct Reviewed {
    pub accepted: usize,
    pub rejected: usize,
    pub skipped: usize,
    /// Decisions that could not be carried out, and files that could not be read.
    pub errors: Vec<Diagnostic>,
}

/// Asks about each pending snapshot in turn — what it changes, then "accept, reject or
/// skip?" — reading one answer a line from `answers`. An answer it does not know is asked
/// again; the end of the answers skips what is left.
pub fn review(pending: &[Pending], answers: &mut dyn BufRead, out: &mut dyn Write) -> std::io::Result<Reviewed> {
    let mut reviewed = Reviewed::default();
    for (i, p) in pending.iter().enumerate() {
        writeln!(out, "[{}/{}]", i + 1, pending.len())?;
        match summary(p) {
            Ok(lines) => {
                for (k, line) in lines.iter().enumerate() {
                    writeln!(out, "{}{line}", if k == 0 { "" } else { "  " })?;
                }
            }
            Err(d) => writeln!(out, "{}: {}", p.new, d.message)?,
        }
        let decision = loop {
            write!(out, "{} ", tr!("snapshot-review-ask"))?;
            out.flush()?;
            let mut line = String::new();
            if answers.read_line(&mut line)? == 0 {
                writeln!(out)?;
                break None;
            }
            match Decision::parse(&line) {
                Some(d) => break Some(d),
                None => writeln!(out, "{}", tr!("snapshot-review-answer"))?,
            }
        };
        let Some(decision) = decision else {
            reviewed.skipped += pending.len() - i;
            return Ok(reviewed);
        };
        match decide(p, decision) {
            Ok(()) => match decision {
                Decision::Accept => reviewed.accepted += 1,
                Decision::Reject => reviewed.rejected += 1,
                Decision::Skip => reviewed.skipped += 1,
            },
            Err(d) => reviewed.errors.push(d),
        }
        writeln!(out)?;
    }
    Ok(reviewed)
}
