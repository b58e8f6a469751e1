//! A file written on a thread of its own (the meeting page, a table saved as CSV), so a slow
//! disk never holds up a frame; the app asks each frame whether it is done.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

pub struct FileWrite {
    path: PathBuf,
    rx: Receiver<Result<(), String>>,
}

impl FileWrite {
    /// Run `write` on a thread named `name`, repainting when it is done.
    pub fn spawn(
        ctx: &egui::Context,
        name: &str,
        path: &Path,
        write: impl FnOnce() -> Result<(), String> + Send + 'static,
    ) -> std::io::Result<FileWrite> {
        let (tx, rx) = std::sync::mpsc::channel();
        let repaint = ctx.clone();
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let _ = tx.send(write());
                repaint.request_repaint();
            })?;
        Ok(FileWrite {
            path: path.to_path_buf(),
            rx,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// None while writing; then the outcome (`stopped` when the thread ended without one).
    pub fn poll(&self, stopped: &str) -> Option<Result<(), String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(stopped.to_string())),
        }
    }
}
