//! An export is a set: its files are written into a fresh staging folder inside the output
//! folder, and only once every file is written are they moved into place. A failure part-way
//! leaves the output folder as it was; a crash part-way is finished or undone by the next
//! export into that folder, which also removes stray temporary files.
//!
//! A staging folder is `.export.XXXXXX.ts-tmp` (random), holding `.lock` (locked by the
//! exporting process while it runs) and, once every file is written and flushed, `.complete`.

use super::ExportError;
use crate::io::TEMP_SUFFIX;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

const PREFIX: &str = ".export.";
const LOCK: &str = ".lock";
const COMPLETE: &str = ".complete";

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A staging folder being filled; dropped without [`Stage::commit`], it is removed.
pub(crate) struct Stage {
    dir: tempfile::TempDir,
    out: PathBuf,
    _lock: File,
}

impl Stage {
    pub fn new(out: &Path) -> Result<Stage, ExportError> {
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempdir_in(out)
            .map_err(io_err(out))?;
        let lock_path = dir.path().join(LOCK);
        let lock = File::create(&lock_path).map_err(io_err(&lock_path))?;
        lock.lock().map_err(io_err(&lock_path))?;
        Ok(Stage {
            dir,
            out: out.to_path_buf(),
            _lock: lock,
        })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Stage the file `name` (flushed to disk); returns its staged path. Errors name the
    /// file's place in the output folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, ExportError> {
        use std::io::Write;
        let path = self.path().join(name);
        File::create_new(&path)
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.sync_all()
            })
            .map_err(io_err(&self.out.join(name)))?;
        Ok(path)
    }

    /// Move the staged files (written and flushed) into the output folder; returns their
    /// final paths, in the order given.
    pub fn commit(self, staged: &[PathBuf]) -> Result<Vec<PathBuf>, ExportError> {
        let targets: Vec<PathBuf> = staged
            .iter()
            .map(|p| self.out.join(p.file_name().unwrap_or_default()))
            .collect();
        // A folder in a file's place would stop the moves half-way: refuse before the first.
        if let Some(t) = targets.iter().find(|t| t.is_dir()) {
            return Err(ExportError::Io {
                path: t.display().to_string(),
                source: std::io::Error::other("a folder is in the way of this file"),
            });
        }
        let complete = self.path().join(COMPLETE);
        File::create(&complete)
            .and_then(|f| f.sync_all())
            .and_then(|()| crate::io::sync_dir(self.path()))
            .map_err(io_err(&complete))?;
        for (p, target) in staged.iter().zip(&targets) {
            std::fs::rename(p, target).map_err(io_err(target))?;
        }
        crate::io::sync_dir(&self.out).map_err(io_err(&self.out))?;
        // Removing the emptied staging folder cannot lose anything any more.
        let _ = self.dir.close();
        Ok(targets)
    }
}

/// Finish or undo what an interrupted export left in `out`, and remove stray temporary files
/// of interrupted saves. Returns a note for each thing done.
pub fn clean_stale(out: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(entries) = std::fs::read_dir(out) else {
        return notes;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(kind) = e.file_type() else { continue };
        let path = e.path();
        if kind.is_dir() && name.starts_with(PREFIX) && name.ends_with(TEMP_SUFFIX) {
            if let Some(note) = recover(&path, out) {
                notes.push(note);
            }
        } else if !kind.is_dir()
            && loose_temporary(&name)
            && crate::io::is_stale(&path)
            && std::fs::remove_file(&path).is_ok()
        {
            notes.push(format!("removed a stray temporary file {}", path.display()));
        }
    }
    notes
}

/// `.NAME.XXXXXX.ts-tmp` (a save), or `.NAME.PID.tmp` (a save by an earlier version).
fn loose_temporary(name: &str) -> bool {
    let legacy = name
        .strip_suffix(".tmp")
        .and_then(|s| s.rsplit_once('.'))
        .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
    name.starts_with('.') && (name.ends_with(TEMP_SUFFIX) || legacy)
}

/// A staging folder whose exporter is gone (its lock is free): moved into place when it was
/// complete, removed otherwise. One in use by a running export is left alone.
fn recover(stage: &Path, out: &Path) -> Option<String> {
    let lock = File::open(stage.join(LOCK)).ok();
    if let Some(l) = &lock {
        match l.try_lock() {
            Err(TryLockError::WouldBlock) => return None,
            Err(TryLockError::Error(_)) | Ok(()) => {}
        }
    }
    let note = if stage.join(COMPLETE).exists() {
        let mut moved = 0;
        for e in std::fs::read_dir(stage).ok()?.flatten() {
            let name = e.file_name();
            if name != LOCK
                && name != COMPLETE
                && std::fs::rename(e.path(), out.join(&name)).is_ok()
            {
                moved += 1;
            }
        }
        let _ = crate::io::sync_dir(out);
        format!("finished an interrupted export: {moved} file(s) moved into place")
    } else {
        format!(
            "removed an interrupted export's files ({})",
            stage.display()
        )
    };
    drop(lock);
    std::fs::remove_dir_all(stage).ok()?;
    Some(note)
}
