//! Atomic, durable file replacement: deal saves, settings, the autosave and exports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Temporary files (and export folders) being written end in this; a crash may leave one,
/// which the next save of that file (or the next export into that folder) removes.
pub const TEMP_SUFFIX: &str = ".ts-tmp";

/// A temporary file left by an interrupted write is removed once it is this old, so a write
/// running at the same moment in another process is left alone.
const STALE_AGE: Duration = Duration::from_secs(60);

/// Replace `path` with `bytes` so that a reader or a crash sees the old file or the new one,
/// never a mix: the bytes go to a new temporary file beside the target (created exclusively,
/// with an unpredictable name), which is flushed to disk, renamed over the target, and then
/// the directory is flushed too. The target keeps its permissions; a symbolic link is
/// followed, so the file it points to is replaced and the link stays. Temporary files of
/// this target that an interrupted write left (over a minute old) are then removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = resolve_links(path)?;
    let dir = parent(&target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    let new_mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666) // less the umask, as for any new file
    };
    #[cfg(unix)]
    builder.permissions(new_mode);
    let mut tmp = builder.tempfile_in(dir)?;
    if let Ok(meta) = std::fs::metadata(&target) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(dir)?;
    remove_stale(dir, &prefix);
    Ok(())
}

/// Remove stale temporary files named `PREFIX…TEMP_SUFFIX` in `dir` (best effort).
fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(prefix) && name.ends_with(TEMP_SUFFIX) && is_stale(&e.path()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether a leftover temporary file (not followed if a link) is older than [`STALE_AGE`].
pub(crate) fn is_stale(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| SystemTime::now().duration_since(t).unwrap_or_default() > STALE_AGE)
}

/// The file `path` finally names: symbolic links followed (relative ones from their own
/// folder), the last name kept even when it does not exist yet.
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p)?;
                p = parent(&p).join(link);
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Flush a directory's entries (the rename) to disk; a no-op where directories cannot be
/// opened as files.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
