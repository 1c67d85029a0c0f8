//! Writing results whole or not at all.
//!
//! A result goes to a temporary file in the target's folder, which replaces the target
//! by a rename only once everything was written and synced: a reader sees the old file
//! or the whole new one, never half of one, and a failure leaves no file behind. The
//! replaced file's permissions are kept; through a symbolic link, the file it points to
//! is replaced; a run's own input files are never overwritten.

use std::io::Write;
use std::path::Path;

use crate::diag::{Code, Diagnostic};

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Writes `contents` to `path` through a temporary file in the same folder and a rename,
/// so the file is either the old one or the whole new one.
pub fn write_whole(path: &str, render: &Render, inputs: &[&str]) -> Result<(), Diagnostic> {
    // Through a symbolic link, the file it points to is the one replaced.
    let resolved = std::fs::canonicalize(path).ok().filter(|_| Path::new(path).is_symlink());
    let target = resolved.as_deref().unwrap_or(Path::new(path));
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(t) = canon(target) {
        if inputs.iter().any(|i| canon(Path::new(i)).as_ref() == Some(&t)) {
            return Err(Diagnostic::error(
                Code::Io,
                format!("refusing to write over `{path}`, one of this run's inputs"),
            )
            .in_file(path)
            .with_help("choose another `--output` file"));
        }
    }
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            Code::Io,
            format!("cannot write `{path}`: the folder `{}` does not exist", dir.display()),
        )
        .in_file(path)
        .with_help("create the folder first, or choose another `--output` path"));
    }
    let fail = |e: std::io::Error| {
        Diagnostic::error(Code::Io, format!("cannot write `{path}`: {}", io_reason(&e)))
            .in_file(path)
            .with_help("nothing was written")
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        render(&mut w).and_then(|()| w.flush()).map_err(fail)?;
    }
    // The new file keeps the old one's permissions; a new file gets the usual ones.
    let permissions = match std::fs::metadata(target) {
        Ok(m) => Some(m.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(target).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Writes a result into a writer (a file, stdout).
pub type Render<'a> = dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a;

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
}
