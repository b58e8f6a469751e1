//! File dialogs behind a trait: rfd blocks, and tests cannot click a native dialog, so they
//! use [`NoDialogs`] and send `OpenPath` / `SaveAsPath` commands instead.

use std::path::PathBuf;

/// Every question defaults to "cancelled" (None), so a test answers only the ones it needs.
pub trait Dialogs {
    /// Whether these dialogs can be shown at all; when not, the app asks for a typed path.
    fn available(&self) -> bool {
        true
    }
    fn pick_deal(&mut self) -> Option<PathBuf> {
        None
    }
    /// `file_name` is the suggested name; the answer ends in `.ron`.
    fn save_deal(&mut self, _file_name: &str) -> Option<PathBuf> {
        None
    }
    fn pick_tape(&mut self) -> Option<PathBuf> {
        None
    }
    /// Where to write an exported chart; `file_name` is the suggestion. None: cancelled.
    fn save_chart(&mut self, _file_name: &str, _svg: bool) -> Option<PathBuf> {
        None
    }
    /// A folder to export everything into. None: cancelled.
    fn pick_folder(&mut self) -> Option<PathBuf> {
        None
    }
    /// Where to write the meeting page (PDF); `file_name` is the suggestion.
    fn save_pdf(&mut self, _file_name: &str) -> Option<PathBuf> {
        None
    }
    /// Where to write a table as CSV; `file_name` is the suggestion.
    fn save_csv(&mut self, _file_name: &str) -> Option<PathBuf> {
        None
    }
}

/// The desktop's file dialogs (xdg portal or zenity on Linux).
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    /// On Linux and the BSDs rfd asks the desktop portal over the D-Bus session bus, then
    /// zenity; with neither it answers "cancelled" at once and nothing seems to happen.
    fn available(&self) -> bool {
        if cfg!(any(target_os = "windows", target_os = "macos")) {
            return true;
        }
        let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
        bus || on_path("zenity")
    }

    fn pick_deal(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Deal (RON)", &["ron"])
            .pick_file()
    }

    fn save_deal(&mut self, file_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Deal (RON)", &["ron"])
            .set_file_name(file_name)
            .save_file()
            .map(|p| {
                if p.extension().is_none() {
                    p.with_extension("ron")
                } else {
                    p
                }
            })
    }

    fn pick_tape(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Asset tape (CSV)", &["csv"])
            .pick_file()
    }

    fn save_chart(&mut self, file_name: &str, svg: bool) -> Option<PathBuf> {
        let (name, ext) = if svg { ("SVG", "svg") } else { ("PNG", "png") };
        rfd::FileDialog::new()
            .add_filter(name, &[ext])
            .set_file_name(file_name)
            .save_file()
    }

    fn pick_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new().pick_folder()
    }

    fn save_pdf(&mut self, file_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("PDF", &["pdf"])
            .set_file_name(file_name)
            .save_file()
    }

    fn save_csv(&mut self, file_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("CSV", &["csv"])
            .set_file_name(file_name)
            .save_file()
    }
}

/// Whether an executable named `name` is in one of the `PATH` directories.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
}

/// The desktop's dialogs cannot be shown (no portal, no zenity): the app's typed path entry
/// is used instead.
pub struct NoDesktopDialogs;

impl Dialogs for NoDesktopDialogs {
    fn available(&self) -> bool {
        false
    }
}

/// No dialogs: every question is answered "cancel".
pub struct NoDialogs;

impl Dialogs for NoDialogs {}

/// A file name for a deal: its name with characters that file systems reject replaced.
pub fn suggested_file_name(deal_name: &str) -> String {
    let stem: String = deal_name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let stem = stem.trim();
    format!("{}.ron", if stem.is_empty() { "deal" } else { stem })
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names() {
        assert_eq!(super::suggested_file_name("A/B: 1"), "A_B_ 1.ron");
        assert_eq!(super::suggested_file_name("  "), "deal.ron");
        assert_eq!(super::suggested_file_name("鑫欣1期"), "鑫欣1期.ron");
    }
}
