//! The desktop app (feature `gui`): eframe + egui + egui_plot on top of the engine.

use std::path::PathBuf;

/// Open the window on `deal` (the default sample deal when absent); returns the exit code.
pub fn run(deal: Option<PathBuf>) -> i32 {
    let _ = deal;
    eprintln!("the desktop app is not built yet");
    2
}
