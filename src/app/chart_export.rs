//! Chart export from the app (issue 6): an "Export…" button and a context-menu entry on each
//! chart that the export engine can draw, a small dialog for the print size, then the save
//! dialog. The file is written by `export::charts::save_chart`, the same code the CLI uses,
//! so what the app exports is what `tranche-studio export` writes.

use super::TrancheApp;
use super::command::{Command, Commands};
use super::file_write::FileWrite;
use super::i18n::{Lang, S};
use super::row_select;
use super::view::ResultsTab;
use crate::export::charts::{ChartKind, ChartOptions};
use crate::export::file_messages::export_error;
use egui::{Context, Id, Response, Ui};
use std::path::Path;

/// What the export dialog asks; the defaults are the engine's (160 × 100 mm, 300 dpi).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportDialog {
    pub kind: ChartKind,
    pub width_mm: f64,
    pub height_mm: f64,
    pub dpi: u32,
    pub svg: bool,
}

impl ExportDialog {
    pub fn new(kind: ChartKind) -> ExportDialog {
        let d = ChartOptions::default();
        ExportDialog {
            kind,
            width_mm: d.width_mm,
            height_mm: d.height_mm,
            dpi: d.dpi,
            svg: false,
        }
    }

    pub fn options(&self, lang: Lang) -> ChartOptions {
        ChartOptions {
            width_mm: self.width_mm,
            height_mm: self.height_mm,
            dpi: self.dpi,
            lang,
        }
    }
}

/// The export chart drawing the same figures as a results tab, if there is one.
pub fn kind_of(tab: ResultsTab) -> Option<ChartKind> {
    match tab {
        ResultsTab::Distributions => Some(ChartKind::Distributions),
        ResultsTab::Balances => Some(ChartKind::Balances),
        ResultsTab::Pool => Some(ChartKind::PoolFlows),
        ResultsTab::Irr => Some(ChartKind::Irr),
        ResultsTab::ProjectCompany => Some(ChartKind::ProjectCompany),
        ResultsTab::Nav => Some(ChartKind::Nav),
        ResultsTab::Sensitivity
        | ResultsTab::CashFlows
        | ResultsTab::Compare
        | ResultsTab::Grid => None,
    }
}

/// The "Export…" button beside a chart's caption.
pub fn button(ui: &mut Ui, lang: Lang, kind: ChartKind, export: &mut Option<ExportDialog>) {
    let resp = ui
        .button(lang.tr(S::ExportChart))
        .on_hover_text(lang.tr(S::ExportTitle))
        .accessible_name(format!("{} {}", lang.tr(S::ExportChart), kind.file_stem()));
    if resp.clicked() {
        *export = Some(ExportDialog::new(kind));
    }
}

/// The same entry in the chart's right-click menu.
pub fn context_menu(
    resp: &Response,
    lang: Lang,
    kind: ChartKind,
    r: &crate::results::DealResults,
    export: &mut Option<ExportDialog>,
) {
    resp.context_menu(|ui| {
        if ui.button(lang.tr(S::CopyData)).clicked() {
            let spec = crate::export::charts::chart_spec(r, kind, lang);
            ui.ctx().copy_text(crate::export::tsv::chart(&spec));
            ui.close();
        }
        if ui.button(lang.tr(S::ExportChart)).clicked() {
            *export = Some(ExportDialog::new(kind));
            ui.close();
        }
    });
}

/// One "Copy …" button per cash-flow table of the results: the table as tab-separated text
/// (labels in the chosen language, exact amounts) that pastes into Excel as cells.
pub fn copy_tables(ui: &mut Ui, lang: Lang, r: &crate::results::DealResults) {
    ui.horizontal_wrapped(|ui| {
        for table in crate::export::tables::tables(r) {
            let name = table.part.sheet_name(lang);
            let label = format!("{} {name}", lang.tr(S::CopyTable));
            if ui
                .button(label)
                .on_hover_text(lang.tr(S::CopyTableHint))
                .clicked()
            {
                ui.ctx().copy_text(crate::export::tsv::table(&table, lang));
            }
        }
    });
}

/// The size dialog; on "Export" it queues the command that asks where to save.
pub fn dialog(ctx: &Context, lang: Lang, export: &mut Option<ExportDialog>, cmds: &mut Commands) {
    let Some(d) = export else {
        return;
    };
    let t = |k| lang.tr(k);
    let mut close = false;
    let resp = egui::Modal::new(Id::unique("chart-export")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(format!("{} · {}", t(S::ExportTitle), d.kind.title(lang)));
        ui.add_space(6.0);
        egui::Grid::new("chart-export-grid")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label(t(S::WidthMm));
                ui.add(
                    egui::DragValue::new(&mut d.width_mm)
                        .range(60.0..=2000.0)
                        .speed(1.0),
                )
                .accessible_name(t(S::WidthMm));
                ui.end_row();
                ui.label(t(S::HeightMm));
                ui.add(
                    egui::DragValue::new(&mut d.height_mm)
                        .range(50.0..=2000.0)
                        .speed(1.0),
                )
                .accessible_name(t(S::HeightMm));
                ui.end_row();
                ui.label(t(S::Dpi));
                ui.add(egui::DragValue::new(&mut d.dpi).range(50..=2400).speed(1.0))
                    .accessible_name(t(S::Dpi));
                ui.end_row();
                ui.label(t(S::ExportFormat));
                ui.horizontal(|ui| {
                    ui.radio_value(&mut d.svg, false, "PNG");
                    ui.radio_value(&mut d.svg, true, "SVG");
                });
                ui.end_row();
            });
        let options = d.options(lang);
        let size = options.pixel_size();
        match &size {
            Ok((w, h)) => ui.label(format!("{w} × {h} px")),
            Err(e) => ui.colored_label(
                super::theme::Tokens::of(ui.visuals()).error,
                export_error(lang, e),
            ),
        };
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(size.is_ok(), egui::Button::new(t(S::ExportDo)))
                .clicked()
            {
                cmds.push(Command::ExportChart {
                    kind: d.kind,
                    options,
                    svg: d.svg,
                });
                close = true;
            }
            if ui.button(t(S::Cancel)).clicked() {
                close = true;
            }
        });
    });
    if close || resp.should_close() {
        *export = None;
    }
}

impl TrancheApp {
    /// Write one chart of the figures shown to `path` (PNG or SVG by its extension).
    pub(super) fn export_chart(&mut self, kind: ChartKind, path: &Path, options: &ChartOptions) {
        let Some(results) = self.results() else {
            self.notify_error(self.settings.lang.tr(S::NothingToExport).to_string());
            return;
        };
        match crate::export::charts::save_chart(results, kind, path, options) {
            Ok(()) => self.notify(format!(
                "{} {}",
                self.settings.lang.tr(S::Exported),
                path.display()
            )),
            Err(e) => {
                let lang = self.settings.lang;
                self.notify_error(format!(
                    "{} {}",
                    lang.tr(S::ExportFailed),
                    export_error(lang, &e)
                ))
            }
        }
    }

    /// Write every chart and table of the figures shown into `dir`, on a thread of its own
    /// (the term sheet reruns every scenario); the status bar counts the files meanwhile.
    pub(super) fn export_all(&mut self, ctx: &egui::Context, dir: &Path) {
        if self.exporting.is_some() {
            self.notify_error(self.settings.lang.tr(S::ExportBusy).to_string());
            return;
        }
        let Some(results) = self.results().cloned() else {
            self.notify_error(self.settings.lang.tr(S::NothingToExport).to_string());
            return;
        };
        // The deal with its tape's rows: the term sheet's scenario table reruns every scenario.
        let deal = self.doc.deal().clone();
        let tape = std::sync::Arc::clone(self.doc.tape());
        let written = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (tx, rx) = std::sync::mpsc::channel();
        let dir = dir.to_path_buf();
        let count = std::sync::Arc::clone(&written);
        let repaint = ctx.clone();
        let out = dir.clone();
        let spawned = std::thread::Builder::new()
            .name("tranche-studio-export".into())
            .spawn(move || {
                let mut session = crate::engine::Session::new(deal, tape);
                let opts = crate::export::ExportOptions::default();
                let r =
                    crate::export::export_all_counted(&mut session, &results, &out, &opts, &count);
                let _ = tx.send(r);
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => self.exporting = Some(Exporting { dir, written, rx }),
            Err(e) => self.notify_error(format!("{} {e}", self.settings.lang.tr(S::ExportFailed))),
        }
    }

    /// Report the export once its thread is done.
    pub(super) fn poll_export(&mut self) {
        let Some(x) = &self.exporting else {
            return;
        };
        let result = match x.rx.try_recv() {
            Ok(r) => Ok(r),
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(()),
        };
        let dir = x.dir.clone();
        self.exporting = None;
        let lang = self.settings.lang;
        match result {
            Err(()) => self.notify_error(format!(
                "{} {}",
                lang.tr(S::ExportFailed),
                lang.tr(S::ExportStopped)
            )),
            Ok(result) => self.report_export(&dir, result),
        }
    }

    fn report_export(
        &mut self,
        dir: &Path,
        result: Result<crate::export::ExportReport, crate::export::ExportError>,
    ) {
        match result {
            Ok(report) => {
                let mut text = format!(
                    "{} {} ({})",
                    self.settings.lang.tr(S::Exported),
                    dir.display(),
                    report.written.len()
                );
                for w in &report.warnings {
                    let w = crate::export::file_messages::export_warning(self.settings.lang, w);
                    text.push_str(&format!(" · {w}"));
                }
                self.notify(text);
            }
            Err(e) => {
                let lang = self.settings.lang;
                self.notify_error(format!(
                    "{} {}",
                    lang.tr(S::ExportFailed),
                    export_error(lang, &e)
                ))
            }
        }
    }
}

impl TrancheApp {
    /// Write the meeting page of the figures shown to `path` (`export::pdf`) on a thread of
    /// its own: the charts are drawn at 300 dpi.
    pub(super) fn save_pdf(&mut self, ctx: &egui::Context, path: &Path) {
        let lang = self.settings.lang;
        if self.saving_pdf.is_some() {
            self.notify_error(lang.tr(S::PdfBusy).to_string());
            return;
        }
        let Some(results) = self.results().cloned() else {
            self.notify_error(lang.tr(S::NothingToExport).to_string());
            return;
        };
        let out = path.to_path_buf();
        let write = move || {
            crate::export::pdf::save_pdf(&results, &out, lang).map_err(|e| export_error(lang, &e))
        };
        match FileWrite::spawn(ctx, "tranche-studio-pdf", path, write) {
            Ok(w) => self.saving_pdf = Some(w),
            Err(e) => {
                let why = crate::export::file_messages::write_error(
                    lang,
                    &path.display().to_string(),
                    &e,
                );
                self.notify_error(format!("{} {why}", lang.tr(S::ExportFailed)));
            }
        }
    }

    /// Write a table as CSV (the clipboard's header and cells, comma-separated) on a thread
    /// of its own, atomically (`io::write_atomic`).
    pub(super) fn save_csv(&mut self, ctx: &egui::Context, path: &Path, table: row_select::Copied) {
        let lang = self.settings.lang;
        let out = path.to_path_buf();
        let write = move || {
            let shown = out.display().to_string();
            let text = table.csv(&shown).map_err(|e| export_error(lang, &e))?;
            crate::io::write_atomic(&out, text.as_bytes())
                .map_err(|e| crate::export::file_messages::write_error(lang, &shown, &e))
        };
        match FileWrite::spawn(ctx, "tranche-studio-csv", path, write) {
            Ok(w) => self.saving_csv.push(w),
            Err(e) => {
                let failed = lang.tr(S::ExportFailed);
                let why = crate::export::file_messages::write_error(
                    lang,
                    &path.display().to_string(),
                    &e,
                );
                self.notify_error(format!("{failed} {why}"));
            }
        }
    }

    /// Report each file written on its thread once it is done.
    pub(super) fn poll_writes(&mut self) {
        let lang = self.settings.lang;
        let stopped = lang.tr(S::ExportStopped);
        let mut done = Vec::new();
        if let Some(w) = self.saving_pdf.take() {
            match w.poll(stopped) {
                Some(r) => done.push((w.path().to_path_buf(), r)),
                None => self.saving_pdf = Some(w),
            }
        }
        for w in std::mem::take(&mut self.saving_csv) {
            match w.poll(stopped) {
                Some(r) => done.push((w.path().to_path_buf(), r)),
                None => self.saving_csv.push(w),
            }
        }
        for (path, r) in done {
            match r {
                Ok(()) => self.notify(format!("{} {}", lang.tr(S::Exported), path.display())),
                Err(e) => self.notify_error(format!("{} {e}", lang.tr(S::ExportFailed))),
            }
        }
    }
}

/// "Export all" running on its thread: where to, the files staged so far, the outcome.
pub struct Exporting {
    dir: std::path::PathBuf,
    pub written: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    rx: std::sync::mpsc::Receiver<Result<crate::export::ExportReport, crate::export::ExportError>>,
}

/// The path the user picked, with the format's extension when it has none.
pub fn with_extension(p: std::path::PathBuf, svg: bool) -> std::path::PathBuf {
    if p.extension().is_none() {
        p.with_extension(if svg { "svg" } else { "png" })
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_engines() {
        let d = ExportDialog::new(ChartKind::Irr);
        assert_eq!(d.options(Lang::Zh), ChartOptions::default());
        assert_eq!(d.options(Lang::Zh).pixel_size().unwrap(), (1890, 1181));
        assert_eq!(kind_of(ResultsTab::Pool), Some(ChartKind::PoolFlows));
        assert_eq!(kind_of(ResultsTab::Nav), Some(ChartKind::Nav));
        assert_eq!(kind_of(ResultsTab::Sensitivity), None);
        assert_eq!(
            with_extension("a/b".into(), true),
            std::path::PathBuf::from("a/b.svg")
        );
    }
}
