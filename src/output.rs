//! Writing results whole or not at all, without harming what the output path names.
//!
//! A regular file is replaced whole: the result goes to a temporary file in the target's
//! folder, which replaces the target by a rename only once everything was written and
//! synced, so a reader sees the old file or the whole new one, never half of one, and a
//! failure leaves no file behind. The new file keeps the old one's owner (when the
//! process may give it) and permissions, less the set-user-id and set-group-id bits; a
//! new file gets 0644. Through a symbolic link, the file it points to is replaced. Like
//! the shell's `>`, a file that may not be written (read-only, also for root) is refused;
//! so is a file with other hard links, which a rename would silently part from the new
//! result; and a run's own input files are never overwritten.
//!
//! Anything that is not a regular file — a terminal, `/dev/null`, a named pipe, a device,
//! `/dev/stdout` — is written to in place, as the shell's `>` does; it is never replaced.
//!
//! On SIGINT or SIGTERM while a temporary file exists, the file is removed and the
//! process exits with 130 or 143 (128 + the signal), as a shell reports it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diag::{Code, Diagnostic};

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => tr!("io-not-found"),
        std::io::ErrorKind::PermissionDenied => tr!("io-permission-denied"),
        _ => e.to_string(),
    }
}

/// The error of a file that could not be written, with the system's reason.
fn cannot_write(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, tr!("output-cannot-write", path = path, reason = io_reason(e))).in_file(path)
}

/// Writes a result into a writer (a file, stdout).
pub type Render<'a> = dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a;

/// Writes what `render` produces to `path`: a regular file is replaced whole (through a
/// temporary file and a rename), anything else is written to in place.
pub fn write_whole(path: &str, render: &Render, inputs: &[&str]) -> Result<(), Diagnostic> {
    if let Some(stream) = standard_stream(path) {
        return write_stream(path, stream, render);
    }
    let target = target_of(path);
    let target = target.as_path();
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(t) = canon(target) {
        if inputs.iter().any(|i| canon(Path::new(i)).as_ref() == Some(&t)) {
            return Err(Diagnostic::error(Code::Io, tr!("output-is-an-input", path = path))
                .in_file(path)
                .with_help(tr!("output-is-an-input-help")));
        }
    }
    match std::fs::metadata(target) {
        Ok(m) if m.is_dir() => Err(Diagnostic::error(Code::Io, tr!("output-is-a-folder", path = path))
            .in_file(path)
            .with_help(tr!("output-is-a-folder-help"))),
        Ok(m) if !m.is_file() => write_in_place(path, target, render),
        Ok(m) => {
            refuse_unwritable(path, target, &m)?;
            replace(path, target, Some(&m), render)
        }
        Err(_) => replace(path, target, None, render),
    }
}

/// The file `path` names: through a symbolic link, the file it points to is the one written.
fn target_of(path: &str) -> std::path::PathBuf {
    std::fs::canonicalize(path).ok().filter(|_| Path::new(path).is_symlink()).unwrap_or_else(|| path.into())
}

/// Whether [`write_whole`] writes `path` through a temporary file and a rename (a regular
/// file, or none yet), so that a failure while rendering leaves it as it was: a report can
/// then be written while it is being computed.
pub fn replaced_whole(path: &str) -> bool {
    if standard_stream(path).is_some() {
        return false;
    }
    match std::fs::metadata(target_of(path)) {
        Ok(m) => m.is_file(),
        Err(_) => true,
    }
}

/// The process's own stdout or stderr, named as a file (`/dev/stdout`, `/dev/fd/1`).
#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

fn standard_stream(path: &str) -> Option<Stream> {
    match path {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Stream::Stdout),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Stream::Stderr),
        _ => None,
    }
}

/// Writes to the process's own stdout or stderr, wherever it goes (a pipe, a terminal,
/// a file opened by the shell with `>` or `>>`): that is what `/dev/stdout` means.
fn write_stream(path: &str, stream: Stream, render: &Render) -> Result<(), Diagnostic> {
    let written = match stream {
        Stream::Stdout => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            render(&mut w).and_then(|()| w.flush())
        }
        Stream::Stderr => {
            let mut w = std::io::BufWriter::new(std::io::stderr().lock());
            render(&mut w).and_then(|()| w.flush())
        }
    };
    match written {
        // A closed pipe (`| head`) is not an error of the policy.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(cannot_write(path, &e)),
        _ => Ok(()),
    }
}

/// Writes into a file that is not a regular one (a device, a named pipe) as it is.
fn write_in_place(path: &str, target: &Path, render: &Render) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| cannot_write(path, &e);
    // No truncation and no creation: the file is a device or a pipe, written as it is.
    let file = std::fs::OpenOptions::new().write(true).open(target).map_err(fail)?;
    let mut w = std::io::BufWriter::new(file);
    match render(&mut w).and_then(|()| w.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(fail(e)),
        _ => Ok(()),
    }
}

/// Refuses what the shell's `>` would refuse (a file this process may not write), a file
/// its owner may not write (`chmod a-w`, which root could otherwise write over), and a
/// file with other hard links (a rename would leave them with the old result).
fn refuse_unwritable(path: &str, target: &Path, m: &std::fs::Metadata) -> Result<(), Diagnostic> {
    if m.permissions().readonly() {
        return Err(Diagnostic::error(Code::Io, tr!("output-read-only", path = path))
            .in_file(path)
            .with_help(tr!("output-read-only-help", path = path)));
    }
    // Opening for writing, without truncating, asks the system what `>` would be told.
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(target) {
        return Err(cannot_write(path, &e).with_help(tr!("output-not-writable-help")));
    }
    let links = link_count(m);
    if links > 1 {
        return Err(Diagnostic::error(Code::Io, tr!("output-hard-links", path = path, links = links))
            .in_file(path)
            .with_help(tr!("output-hard-links-help", path = path)));
    }
    Ok(())
}

#[cfg(unix)]
fn link_count(m: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(not(unix))]
fn link_count(_: &std::fs::Metadata) -> u64 {
    1
}

/// Replaces a regular file (or creates one) whole, through a temporary file.
fn replace(path: &str, target: &Path, old: Option<&std::fs::Metadata>, render: &Render) -> Result<(), Diagnostic> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        let folder = dir.display().to_string();
        return Err(Diagnostic::error(Code::Io, tr!("output-no-folder", path = path, folder = folder))
            .in_file(path)
            .with_help(tr!("output-no-folder-help")));
    }
    let fail = |e: std::io::Error| cannot_write(path, &e).with_help(tr!("io-nothing-written"));
    let mut tmp = LiveTemp::new_in(dir).map_err(fail)?;
    write_back_while_writing(tmp.file_mut(), render).map_err(fail)?;
    keep_owner_and_mode(tmp.file_mut(), old).map_err(fail)?;
    tmp.file_mut().sync_all().map_err(fail)?;
    tmp.persist(target).map_err(fail)
}

/// Every this many bytes written, the system is asked to write the file back to disk.
const WRITEBACK: usize = 8 << 20;

/// Renders into `file`, asking the system to write back what was written every
/// [`WRITEBACK`] bytes, on a thread of its own while rendering goes on: the sync before
/// the rename then waits for the last few megabytes, not for the whole file (a month's
/// JSON is tens of megabytes). Those syncs' errors are the final sync's to report.
fn write_back_while_writing(file: &mut std::fs::File, render: &Render) -> std::io::Result<()> {
    let syncer = file.try_clone().ok();
    std::thread::scope(|scope| {
        let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
        if let Some(handle) = syncer {
            scope.spawn(move || {
                while asked.recv().is_ok() {
                    let _ = handle.sync_data();
                }
            });
        }
        let mut w = std::io::BufWriter::with_capacity(1 << 20, WritingBack { file, since: 0, ask });
        render(&mut w).and_then(|()| w.flush())
        // `w` goes here, and with it the channel: the syncing thread ends.
    })
}

/// A file that asks for a writeback every [`WRITEBACK`] bytes (without waiting: one
/// asked while the last is still running is dropped).
struct WritingBack<'a> {
    file: &'a mut std::fs::File,
    since: usize,
    ask: std::sync::mpsc::SyncSender<()>,
}

impl Write for WritingBack<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.since += n;
        if self.since >= WRITEBACK {
            self.since = 0;
            let _ = self.ask.try_send(());
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Gives the new file the old one's owner and group (when the process may: root, or the
/// owner for a group it belongs to) and its permissions without set-id bits.
#[cfg(unix)]
fn keep_owner_and_mode(file: &mut std::fs::File, old: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Some(old) = old else {
        return file.set_permissions(std::fs::Permissions::from_mode(0o644));
    };
    if std::os::unix::fs::fchown(&*file, Some(old.uid()), Some(old.gid())).is_err() {
        // Not allowed to give the file away: keep at least the group, if we may.
        let _ = std::os::unix::fs::fchown(&*file, None, Some(old.gid()));
    }
    // Set after the owner: changing the owner may clear bits, and set-id bits are never
    // carried over to a file this program wrote.
    file.set_permissions(std::fs::Permissions::from_mode(old.mode() & 0o1777))
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &mut std::fs::File, old: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    match old {
        Some(m) => file.set_permissions(m.permissions()),
        None => Ok(()),
    }
}

// ------------------------------------------------------------ temporary files and signals

/// The temporary files that exist right now, removed by the signal handler. A file is
/// created and registered, and renamed and unregistered, under the lock, so the handler
/// never misses one nor removes a renamed one.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file known to the signal handler; removed when dropped unless persisted.
struct LiveTemp {
    // Dropped first: the file leaves the disk, then the registry.
    file: tempfile::NamedTempFile,
    entry: Entry,
}

/// A path in the registry of live temporary files, taken out when dropped.
struct Entry(PathBuf);

impl Drop for Entry {
    fn drop(&mut self) {
        live().retain(|p| p != &self.0);
    }
}

impl LiveTemp {
    fn new_in(dir: &Path) -> std::io::Result<LiveTemp> {
        signals::install();
        let mut registry = live();
        let file = tempfile::NamedTempFile::new_in(dir)?;
        let path = file.path().to_path_buf();
        registry.push(path.clone());
        Ok(LiveTemp { file, entry: Entry(path) })
    }

    fn file_mut(&mut self) -> &mut std::fs::File {
        self.file.as_file_mut()
    }

    fn persist(self, target: &Path) -> std::io::Result<()> {
        let LiveTemp { file, entry } = self;
        let result = {
            let mut registry = live();
            let result = file.persist(target).map(|_| ()).map_err(|e| e.error);
            registry.retain(|p| p != &entry.0);
            result
        };
        drop(entry);
        result
    }
}

/// Removes every live temporary file (the signal handler's work).
fn remove_live_files() {
    for path in live().drain(..) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(unix)]
mod signals {
    use std::sync::Once;

    /// Installs, once, the SIGINT/SIGTERM handler: a thread that removes the live
    /// temporary files and exits with 128 + the signal. If it cannot be installed, the
    /// defaults stay (the process dies, a temporary file may be left).
    pub fn install() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            use signal_hook::consts::{SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
            let _ = std::thread::Builder::new().name("kaohe-signals".into()).spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    super::remove_live_files();
                    std::process::exit(128 + signal);
                }
            });
        });
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn install() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_halfway_leaves_the_old_file_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("result.csv");
        std::fs::write(&target, "old\n").unwrap();
        let failing = |w: &mut dyn Write| -> std::io::Result<()> {
            w.write_all(b"half of the new")?;
            Err(std::io::Error::other("disk full"))
        };
        let err = write_whole(target.to_str().unwrap(), &failing, &[]).unwrap_err();
        assert_eq!(err.code, Code::Io);
        assert!(err.message.contains("disk full"), "{}", err.message);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
        assert!(live().is_empty(), "the temporary file is unregistered");
    }

    #[test]
    fn never_over_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("agents.csv");
        std::fs::write(&input, "id\n").unwrap();
        let path = input.to_str().unwrap();
        let err = write_whole(path, &|w: &mut dyn Write| w.write_all(b"x"), &[path]).unwrap_err();
        assert!(err.message.contains("one of this run's inputs"));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "id\n");
    }

    #[test]
    fn a_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_str().unwrap();
        let err = write_whole(path, &|w: &mut dyn Write| w.write_all(b"x"), &[]).unwrap_err();
        assert_eq!(err.message, format!("cannot write `{path}`: it is a folder"));
    }

    #[test]
    fn the_live_registry_holds_a_file_while_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let seen = std::cell::Cell::new(false);
        let render = |w: &mut dyn Write| {
            let registered = live().iter().any(|p| p.parent() == Some(dir.path()));
            seen.set(registered);
            w.write_all(b"new\n")
        };
        write_whole(target.to_str().unwrap(), &render, &[]).unwrap();
        assert!(seen.get(), "the temporary file was registered while written");
        assert!(!live().iter().any(|p| p.parent() == Some(dir.path())), "and unregistered after");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
    }

    #[test]
    fn a_file_written_back_while_written_is_whole() {
        // Three writebacks' worth and a bit, in odd-sized pieces.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("big.json");
        let piece: Vec<u8> = (0..=250u8).collect();
        let pieces = 3 * WRITEBACK / piece.len() + 7;
        let render = |w: &mut dyn Write| (0..pieces).try_for_each(|_| w.write_all(&piece));
        write_whole(target.to_str().unwrap(), &render, &[]).unwrap();
        let written = std::fs::read(&target).unwrap();
        assert_eq!(written.len(), pieces * piece.len());
        assert!(written.chunks(piece.len()).all(|c| c == piece.as_slice()));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
