//! The open deal: its data, where it lives on disk, and which revision of it is saved.
//!
//! The CSV tape's rows are held apart from the deal in an `Arc`: undo snapshots and compute
//! requests then share one copy of a 2,400-row tape instead of cloning it on every edit.
//! The deal's `pool.tape` path is kept absolute while open and made relative on save.

use crate::model::{Asset, Deal};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Document {
    /// The deal as its file says; the tape's rows are in `tape`.
    deal: Deal,
    tape: Arc<Vec<Asset>>,
    path: Option<PathBuf>,
    /// Names the content: every edit gets a fresh number, undo restores the old one, so the
    /// dirty marker clears when undo returns to the saved state.
    revision: u64,
    saved_revision: u64,
    next_revision: u64,
}

/// The content of a document at one revision (an undo step).
pub struct Snapshot {
    deal: Deal,
    tape: Arc<Vec<Asset>>,
    revision: u64,
}

impl Document {
    /// A document for `deal` and the rows of its tape as loaded from `path` (None: not yet
    /// saved anywhere).
    pub fn new(mut deal: Deal, tape: Vec<Asset>, path: Option<PathBuf>) -> Document {
        let tape = Arc::new(tape);
        if let (Some(tape_path), Some(dir)) =
            (&deal.pool.tape, path.as_deref().and_then(Path::parent))
        {
            deal.pool.tape = Some(absolute(dir, tape_path));
        }
        Document {
            deal,
            tape,
            path,
            revision: 0,
            saved_revision: 0,
            next_revision: 1,
        }
    }

    pub fn deal(&self) -> &Deal {
        &self.deal
    }

    pub fn tape(&self) -> &Arc<Vec<Asset>> {
        &self.tape
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Mark the content as different from what is on disk (a recovered autosave).
    pub fn mark_unsaved(&mut self) {
        self.bump();
    }

    fn bump(&mut self) {
        self.revision = self.next_revision;
        self.next_revision += 1;
    }

    /// Apply an edit to the deal. Callers record the undo point first (see `History`).
    pub fn apply(&mut self, edit: impl FnOnce(&mut Deal)) {
        edit(&mut self.deal);
        self.bump();
    }

    /// Replace the tape rows and the path they came from.
    pub fn set_tape(&mut self, rows: Vec<Asset>, path: Option<PathBuf>) {
        self.deal.pool.tape = path.map(|p| p.display().to_string());
        self.tape = Arc::new(rows);
        self.bump();
    }

    /// Make the tape's rows inline assets of the deal, after the ones it has, and drop the
    /// tape: the pool is the same, now edited in the app instead of the file.
    pub fn inline_tape(&mut self) {
        let rows = std::mem::take(&mut self.tape);
        self.deal.pool.assets.extend(rows.iter().cloned());
        self.set_tape(Vec::new(), None);
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            deal: self.deal.clone(),
            tape: Arc::clone(&self.tape),
            revision: self.revision,
        }
    }

    pub fn restore(&mut self, s: Snapshot) {
        self.deal = s.deal;
        self.tape = s.tape;
        self.revision = s.revision;
    }

    /// The deal as it should be written to `path`: the tape path relative to its directory.
    pub fn deal_for_file(&self, path: &Path) -> Deal {
        let mut deal = self.deal.clone();
        if let (Some(tape), Some(dir)) = (&deal.pool.tape, path.parent()) {
            deal.pool.tape = Some(relative(Path::new(tape), dir).display().to_string());
        }
        deal
    }

    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_revision = self.revision;
    }
}

fn absolute(dir: &Path, file: &str) -> String {
    let p = Path::new(file);
    if p.is_absolute() {
        return file.to_string();
    }
    let joined = dir.join(p);
    std::path::absolute(&joined)
        .unwrap_or(joined)
        .display()
        .to_string()
}

/// `target` relative to `base` when they share a root (`../tapes/x.csv`), else `target`.
fn relative(target: &Path, base: &Path) -> PathBuf {
    let (Ok(target), Ok(base)) = (std::path::absolute(target), std::path::absolute(base)) else {
        return target.to_path_buf();
    };
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // Sharing only the root (or drive) is no real relation: keep such paths absolute.
    let shares_a_directory = t[..common]
        .iter()
        .any(|c| matches!(c, std::path::Component::Normal(_)));
    if !shares_a_directory {
        return target;
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b/t.csv"), Path::new("/a/b")),
            PathBuf::from("t.csv")
        );
        assert_eq!(
            relative(Path::new("/a/t/t.csv"), Path::new("/a/b")),
            PathBuf::from("../t/t.csv")
        );
        assert_eq!(
            relative(Path::new("/x/t.csv"), Path::new("/a/b")),
            PathBuf::from("/x/t.csv")
        );
        assert_eq!(absolute(Path::new("/a/b"), "t.csv"), "/a/b/t.csv");
        assert_eq!(absolute(Path::new("/a/b"), "/x/t.csv"), "/x/t.csv");
    }
}
