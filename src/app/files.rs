//! File dialogs behind a trait: rfd blocks, and tests cannot click a native dialog, so they
//! use [`NoDialogs`] and send `OpenPath` / `SaveAsPath` commands instead.

use std::path::PathBuf;

/// Every question defaults to "cancelled" (None), so a test answers only the ones it needs.
pub trait Dialogs {
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
}

/// The desktop's file dialogs (xdg portal or zenity on Linux).
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
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
