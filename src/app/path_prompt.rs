//! The in-app path entry used when the desktop has no file dialog (no xdg portal and no
//! zenity: rfd then answers "cancelled" at once and Ctrl+O seemed to do nothing). It says
//! why, takes a typed path and lists the directory's matching files to click.

use super::Command;
use super::i18n::{Lang, S};
use crate::export::charts::{ChartKind, ChartOptions};
use egui::{Context, Id, RichText};
use std::path::{Path, PathBuf};

/// What the path is for, and so which command it becomes.
#[derive(Debug, Clone)]
pub enum Purpose {
    OpenDeal,
    SaveDeal,
    ImportTape,
    ExportChart {
        kind: ChartKind,
        options: ChartOptions,
        svg: bool,
    },
    ExportAll,
    SavePdf,
    SaveCsv(super::row_select::Copied),
}

/// The path typed, with `ext` when it has no extension.
fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(ext)
    } else {
        path
    }
}

impl Purpose {
    fn title(&self) -> S {
        match self {
            Purpose::OpenDeal => S::Open,
            Purpose::SaveDeal => S::SaveAs,
            Purpose::ImportTape => S::ImportTape,
            Purpose::ExportChart { .. } => S::ExportChart,
            Purpose::ExportAll => S::ExportAll,
            Purpose::SavePdf => S::SavePdf,
            Purpose::SaveCsv(_) => S::SaveCsv,
        }
    }

    /// The extension of the files listed; None lists folders only.
    fn extension(&self) -> Option<&'static str> {
        match self {
            Purpose::OpenDeal | Purpose::SaveDeal => Some("ron"),
            Purpose::ImportTape => Some("csv"),
            Purpose::ExportChart { svg: true, .. } => Some("svg"),
            Purpose::ExportChart { svg: false, .. } => Some("png"),
            Purpose::ExportAll => None,
            Purpose::SavePdf => Some("pdf"),
            Purpose::SaveCsv(_) => Some("csv"),
        }
    }

    fn command(self, path: PathBuf) -> Command {
        match self {
            Purpose::OpenDeal => Command::OpenPath(path),
            Purpose::SaveDeal => Command::SaveAsPath(path),
            Purpose::ImportTape => Command::ImportTapePath(path),
            Purpose::ExportChart { kind, options, svg } => Command::ExportChartPath {
                kind,
                path: super::chart_export::with_extension(path, svg),
                options,
            },
            Purpose::ExportAll => Command::ExportAllPath(path),
            Purpose::SavePdf => Command::SavePdfPath(with_extension(path, "pdf")),
            Purpose::SaveCsv(table) => Command::SaveCsvPath {
                path: with_extension(path, "csv"),
                table,
            },
        }
    }
}

pub struct PathPrompt {
    pub purpose: Purpose,
    pub text: String,
}

impl PathPrompt {
    /// Start in `dir`, with `file_name` filled in when there is one to suggest.
    pub fn new(purpose: Purpose, dir: &Path, file_name: Option<&str>) -> PathPrompt {
        let start = file_name.map_or_else(|| dir.to_path_buf(), |f| dir.join(f));
        let mut text = start.display().to_string();
        if file_name.is_none() && purpose.extension().is_some() {
            text.push(std::path::MAIN_SEPARATOR);
        }
        PathPrompt { purpose, text }
    }
}

pub enum Answer {
    Cancel,
    Run(Command),
}

/// The prompt as a modal window; an answer closes it.
pub fn show(ctx: &Context, lang: Lang, p: &mut PathPrompt) -> Option<Answer> {
    let t = |k| lang.tr(k);
    let mut answer = None;
    let resp = egui::Modal::new(Id::unique("path-prompt")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(t(p.purpose.title()));
        ui.label(t(S::NoFileDialog));
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut p.text)
                    .desired_width(540.0)
                    .font(egui::TextStyle::Monospace),
            )
            .accessible_name(t(S::PathField));
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        listing(ui, lang, p);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let ok = ui.button(t(S::Ok)).clicked();
            if (ok || entered) && !p.text.trim().is_empty() {
                let path = PathBuf::from(p.text.trim());
                answer = Some(Answer::Run(p.purpose.clone().command(path)));
            }
            if ui.button(t(S::Cancel)).clicked() {
                answer = Some(Answer::Cancel);
            }
        });
    });
    if answer.is_none() && resp.should_close() {
        answer = Some(Answer::Cancel);
    }
    answer
}

/// The folders and matching files of the typed path's folder, each a button that fills it in.
fn listing(ui: &mut egui::Ui, lang: Lang, p: &mut PathPrompt) {
    let typed = PathBuf::from(p.text.trim());
    let dir = if p.text.ends_with(['/', '\\']) || typed.is_dir() {
        typed
    } else {
        typed.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let entries = entries(&dir, p.purpose.extension());
    ui.label(
        RichText::new(format!("{} {}", lang.tr(S::InFolder), dir.display()))
            .small()
            .weak(),
    );
    egui::ScrollArea::vertical()
        .max_height(200.0)
        .show(ui, |ui| {
            if let Some(up) = dir.parent().filter(|u| !u.as_os_str().is_empty())
                && ui.small_button("..").clicked()
            {
                p.text = format!("{}{}", up.display(), std::path::MAIN_SEPARATOR);
            }
            for (name, is_dir) in entries {
                let shown = if is_dir {
                    format!("{name}{}", std::path::MAIN_SEPARATOR)
                } else {
                    name.clone()
                };
                if ui.small_button(&shown).clicked() {
                    p.text = dir.join(&shown).display().to_string();
                }
            }
        });
}

/// Sub-folders, then files ending in `.ext`, sorted by name; at most 500 (a large folder
/// must not stall the frame). Hidden entries are left out.
fn entries(dir: &Path, ext: Option<&str>) -> Vec<(String, bool)> {
    let Ok(read) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return Vec::new();
    };
    let mut out: Vec<(String, bool)> = read
        .filter_map(Result::ok)
        .take(5_000)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.file_type().ok()?.is_dir();
            let wanted = is_dir
                || ext.is_some_and(|x| {
                    Path::new(&name)
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case(x))
                });
            (wanted && !name.starts_with('.')).then_some((name, is_dir))
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.truncate(500);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_shows_folders_then_matching_files() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.ron", "a.ron", "tape.csv", ".hidden.ron", "notes.txt"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("deals")).unwrap();
        let names = |ext| -> Vec<String> {
            entries(dir.path(), ext)
                .into_iter()
                .map(|(n, _)| n)
                .collect()
        };
        assert_eq!(names(Some("ron")), ["deals", "a.ron", "b.ron"]);
        assert_eq!(names(Some("csv")), ["deals", "tape.csv"]);
        assert_eq!(names(None), ["deals"]);
    }
}
