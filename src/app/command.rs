//! Everything that changes the document or the files goes through a [`Command`]: panels
//! and shortcuts queue them while the frame is drawn and the app runs them once, at the end
//! of the frame, in `TrancheApp::run_command`. Undo, the dirty marker, autosave and the
//! recompute all hook into that one place.

use super::history::Group;
use super::i18n::Lang;
use super::theme::ThemeChoice;
use crate::export::charts::{ChartKind, ChartOptions};
use crate::model::Deal;
use std::fmt;
use std::path::PathBuf;

pub enum Command {
    /// Change the deal. `group` merges the edits of one interaction into one undo step.
    Edit {
        group: Option<Group>,
        apply: Box<dyn FnOnce(&mut Deal)>,
    },
    /// The interaction that made grouped edits ended.
    EndEdit,
    Undo,
    Redo,
    New,
    /// Ask for a deal file with the file dialog, then open it.
    Open,
    OpenPath(PathBuf),
    Save,
    /// Ask for a file name with the file dialog, then save there.
    SaveAs,
    SaveAsPath(PathBuf),
    ImportTape,
    ImportTapePath(PathBuf),
    /// Copy the tape's rows into the deal as inline assets and drop the tape (one undo step).
    InlineTape,
    /// Ask where to save with the file dialog, then write the chart of the figures shown.
    ExportChart {
        kind: ChartKind,
        options: ChartOptions,
        svg: bool,
    },
    /// Write the chart to this path (PNG or SVG by its extension).
    ExportChartPath {
        kind: ChartKind,
        path: PathBuf,
        options: ChartOptions,
    },
    /// Ask for a folder, then write every chart and table into it.
    ExportAll,
    ExportAllPath(PathBuf),
    /// Ask where to save, then write a table of the results as CSV.
    SaveCsv {
        file_name: String,
        table: super::row_select::Copied,
    },
    SaveCsvPath {
        path: PathBuf,
        table: super::row_select::Copied,
    },
    /// Ask where to save, then write the meeting page (PDF) of the figures shown.
    SavePdf,
    SavePdfPath(PathBuf),
    SetLanguage(Lang),
    SetTheme(ThemeChoice),
    Quit,
    RecoverAutosave,
    DiscardAutosave,
}

impl Command {
    pub fn edit(group: Option<Group>, apply: impl FnOnce(&mut Deal) + 'static) -> Command {
        Command::Edit {
            group,
            apply: Box::new(apply),
        }
    }
}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Edit { group, .. } => write!(f, "Edit({group:?})"),
            Command::EndEdit => write!(f, "EndEdit"),
            Command::Undo => write!(f, "Undo"),
            Command::Redo => write!(f, "Redo"),
            Command::New => write!(f, "New"),
            Command::Open => write!(f, "Open"),
            Command::OpenPath(p) => write!(f, "OpenPath({})", p.display()),
            Command::Save => write!(f, "Save"),
            Command::SaveAs => write!(f, "SaveAs"),
            Command::SaveAsPath(p) => write!(f, "SaveAsPath({})", p.display()),
            Command::ImportTape => write!(f, "ImportTape"),
            Command::ImportTapePath(p) => write!(f, "ImportTapePath({})", p.display()),
            Command::InlineTape => write!(f, "InlineTape"),
            Command::ExportChart { kind, svg, .. } => write!(f, "ExportChart({kind:?}, svg {svg})"),
            Command::ExportChartPath { kind, path, .. } => {
                write!(f, "ExportChartPath({kind:?}, {})", path.display())
            }
            Command::ExportAll => write!(f, "ExportAll"),
            Command::ExportAllPath(p) => write!(f, "ExportAllPath({})", p.display()),
            Command::SaveCsv { file_name, .. } => write!(f, "SaveCsv({file_name})"),
            Command::SaveCsvPath { path, .. } => write!(f, "SaveCsvPath({})", path.display()),
            Command::SavePdf => write!(f, "SavePdf"),
            Command::SavePdfPath(p) => write!(f, "SavePdfPath({})", p.display()),
            Command::SetLanguage(l) => write!(f, "SetLanguage({l:?})"),
            Command::SetTheme(t) => write!(f, "SetTheme({t:?})"),
            Command::Quit => write!(f, "Quit"),
            Command::RecoverAutosave => write!(f, "RecoverAutosave"),
            Command::DiscardAutosave => write!(f, "DiscardAutosave"),
        }
    }
}

/// The commands queued during one frame.
#[derive(Default)]
pub struct Commands(Vec<Command>);

impl Commands {
    pub fn push(&mut self, cmd: Command) {
        self.0.push(cmd);
    }

    /// Queue an edit of the deal.
    pub fn edit(&mut self, group: Option<Group>, apply: impl FnOnce(&mut Deal) + 'static) {
        self.push(Command::edit(group, apply));
    }

    /// Queue an edit of the deal that is one undo step by itself.
    pub fn edit_now(&mut self, apply: impl FnOnce(&mut Deal) + 'static) {
        self.edit(None, apply);
    }

    pub fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.0)
    }
}
