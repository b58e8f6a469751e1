//! The desktop app (feature `gui`): eframe + egui + egui_plot on top of the engine.
//!
//! Each frame: take in finished computations, turn shortcuts and dropped files into
//! commands, draw the panels (which queue more commands), then run the commands in one
//! place ([`TrancheApp::run_command`]) and, if the deal or the scenario changed, send one
//! request to the compute thread. Nothing is recomputed on a frame where nothing changed.

mod analyses;
mod chart_export;
mod charts;
mod command;
mod compute;
mod document;
mod edits;
mod file_write;
mod files;
mod format;
mod history;
mod i18n;
mod panels;
mod path_prompt;
mod pool_stats;
mod row_select;
mod screenshot;
mod settings;
mod shortcuts;
mod theme;
mod view;
mod widgets;

pub use charts::last_plot_transform;
pub use command::Command;
pub use compute::{Driver, SENSITIVITY_POINTS, Sensitivity};
pub use files::{Dialogs, NativeDialogs, NoDesktopDialogs, NoDialogs};
pub use i18n::Lang;
pub use screenshot::ScreenshotPlan;
pub use settings::{Settings, Storage};
pub use theme::{CJK_FONT, ThemeChoice, install_fonts, install_system_fallback};
pub use view::{ResultsTab, Section};

use crate::error::Severity;
use crate::model::Deal;
use compute::{Compute, Request};
use document::Document;
use history::History;
use i18n::S;
use settings::Autosave;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use view::ViewState;

/// The deal the app opens when no file is given.
pub const SAMPLE_DEAL: &str = include_str!("../../sample_deals/data_asset_pledge_loans.ron");

/// Unsaved work is written to the data directory this long after the last edit.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(3);

/// The smallest window the app allows, in points: the editor keeps [`MIN_EDITOR`] beside
/// the section list and the narrowest results panel.
pub const MIN_WINDOW: [f32; 2] = [1024.0, 640.0];

/// The editor's least width: the results panel is never dragged wider than leaves this.
const MIN_EDITOR: f32 = 440.0;

/// Width of the section list on the left.
const NAV_WIDTH: f32 = 184.0;

/// How long a status-bar notice (saved, opened) stays.
const NOTICE_FOR: Duration = Duration::from_secs(8);

/// Open the window on `deal` (the default sample deal when absent); returns the exit code.
pub fn run(deal: Option<PathBuf>) -> i32 {
    let storage = Storage::default_location();
    let screenshot = ScreenshotPlan::from_env();
    let settings = storage.as_ref().map(|st| {
        let (s, err) = st.load_settings();
        if let Some(e) = err {
            eprintln!("tranche-studio: {e}");
        }
        s
    });
    let window = settings
        .as_ref()
        .and_then(|s| s.window)
        .filter(|[w, h]| *w >= 400.0 && *h >= 300.0 && screenshot.is_none())
        .unwrap_or([1280.0, 800.0]);
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(Lang::Zh.tr(S::AppName))
            .with_app_id("tranche-studio")
            .with_inner_size(window)
            .with_min_inner_size(MIN_WINDOW)
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let options = Options {
        startup: deal.map_or(Startup::Sample, Startup::Path),
        storage,
        dialogs: Box::new(NativeDialogs),
        settings,
        screenshot,
        autosave_delay: AUTOSAVE_DELAY,
    };
    let result = eframe::run_native(
        "tranche-studio",
        native,
        Box::new(|cc| {
            install_fonts(&cc.egui_ctx);
            install_system_fallback(&cc.egui_ctx);
            Ok(Box::new(TrancheApp::new(options)))
        }),
    );
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("tranche-studio: cannot open the window: {e}");
            1
        }
    }
}

/// Which deal to open at start.
pub enum Startup {
    Sample,
    Path(PathBuf),
}

pub struct Options {
    pub startup: Startup,
    /// Where settings and autosaves live; None keeps nothing between sessions (tests).
    pub storage: Option<Storage>,
    pub dialogs: Box<dyn Dialogs>,
    /// Settings to use instead of the stored ones.
    pub settings: Option<Settings>,
    pub screenshot: Option<ScreenshotPlan>,
    /// How long after the last edit unsaved work is autosaved.
    pub autosave_delay: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            startup: Startup::Sample,
            storage: None,
            dialogs: Box::new(NoDialogs),
            settings: None,
            screenshot: None,
            autosave_delay: AUTOSAVE_DELAY,
        }
    }
}

/// What to do once the user has answered the unsaved-changes question.
#[derive(Debug, Clone)]
enum Pending {
    New,
    /// Open this file, or ask for one.
    Open(Option<PathBuf>),
    Quit,
}

enum Modal {
    Unsaved(Pending),
    /// No desktop file dialog: the path is typed in the app.
    Path(path_prompt::PathPrompt),
    Error {
        title: S,
        message: String,
    },
    Recover(Box<Autosave>),
}

pub struct TrancheApp {
    doc: Document,
    /// Bumped for every document opened, so compute keys never match across documents.
    doc_epoch: u64,
    history: History,
    compute: Compute,
    view: ViewState,
    settings: Settings,
    storage: Option<Storage>,
    dialogs: Box<dyn Dialogs>,
    cmds: command::Commands,
    /// Commands held back one frame so a focused text field can commit first.
    deferred: Vec<Command>,
    modal: Option<Modal>,
    /// A short message for the status bar (saved, opened, an export failed): the text,
    /// whether it reports an error, and when it was set.
    notice: Option<(String, bool, Instant)>,
    /// (document epoch, revision, scenario) of the last compute request.
    asked: Option<(u64, u64, Option<String>)>,
    /// The same plus the security and the driver, for the last sensitivity sweep.
    sens_asked: Option<(u64, u64, Option<String>, String, compute::Driver)>,
    /// The document epoch and revision the comparison was last asked for.
    cmp_asked: Option<(u64, u64)>,
    /// The same, the grid's name and the "run again" count, for the grid tab's grid.
    grid_asked: Option<(u64, u64, String, u64)>,
    /// The same and the scenario, for the tornado.
    tornado_asked: Option<(u64, u64, Option<String>, u64)>,
    /// The document epoch, revision and scenario of the last break-even request.
    breakevens_asked: Option<(u64, u64, Option<String>)>,
    /// The same and the question, for the goal seek.
    goal_asked: Option<(u64, u64, Option<String>, panels::goal_seek::GoalAsk)>,
    title: String,
    theme_applied: Option<ThemeChoice>,
    last_edit: Instant,
    autosave_delay: Duration,
    autosaved: Option<u64>,
    /// The user chose to quit; let the close request through.
    quitting: bool,
    /// The current frame number, for the undo history's per-frame guard.
    frame: u64,
    screenshot: Option<screenshot::Screenshotter>,
    /// "Export all" running on its own thread.
    exporting: Option<chart_export::Exporting>,
    /// The meeting page being written on its thread.
    saving_pdf: Option<file_write::FileWrite>,
    /// Tables being saved as CSV, each on its thread.
    saving_csv: Vec<file_write::FileWrite>,
}

impl TrancheApp {
    pub fn new(options: Options) -> TrancheApp {
        let Options {
            startup,
            storage,
            dialogs,
            settings,
            screenshot,
            autosave_delay,
        } = options;
        let mut modal = None;
        let settings = settings.unwrap_or_else(|| match &storage {
            Some(st) => {
                let (s, err) = st.load_settings();
                if let Some(e) = err {
                    eprintln!("tranche-studio: {e}");
                }
                s
            }
            None => Settings::default(),
        });
        let sample = || {
            let deal = io_parse(SAMPLE_DEAL);
            Document::new(deal, Vec::new(), None)
        };
        let doc = match startup {
            Startup::Sample => sample(),
            Startup::Path(p) => match crate::io::load_deal(&p) {
                Ok(l) => Document::new(l.deal, l.tape, Some(p)),
                Err(e) => {
                    modal = Some(Modal::Error {
                        title: S::LoadFailed,
                        message: crate::export::messages::load_error(settings.lang, &e),
                    });
                    sample()
                }
            },
        };
        if modal.is_none()
            && let Some(st) = &storage
            && let Some(found) = st.read_autosave()
        {
            match found {
                Ok(a) => modal = Some(Modal::Recover(Box::new(a))),
                Err(e) => {
                    eprintln!("tranche-studio: ignoring an unreadable autosave: {e}");
                    st.remove_autosave();
                }
            }
        }
        let mut view = ViewState::default();
        let mut settings = settings;
        if let Some(plan) = &screenshot {
            plan.apply(&mut view, &mut settings);
        }
        if let Some(p) = doc.path() {
            settings.add_recent(p);
        }
        TrancheApp {
            doc,
            doc_epoch: 0,
            history: History::default(),
            compute: Compute::default(),
            view,
            settings,
            storage,
            dialogs,
            cmds: command::Commands::default(),
            deferred: Vec::new(),
            modal,
            notice: None,
            asked: None,
            sens_asked: None,
            cmp_asked: None,
            grid_asked: None,
            tornado_asked: None,
            breakevens_asked: None,
            goal_asked: None,
            title: String::new(),
            theme_applied: None,
            last_edit: Instant::now(),
            autosave_delay,
            autosaved: None,
            quitting: false,
            frame: 0,
            screenshot: screenshot.map(screenshot::Screenshotter::new),
            exporting: None,
            saving_pdf: None,
            saving_csv: Vec::new(),
        }
    }

    /// The deal being edited (without its tape rows, see [`TrancheApp::tape_len`]).
    pub fn deal(&self) -> &Deal {
        self.doc.deal()
    }

    pub fn tape_len(&self) -> usize {
        self.doc.tape().len()
    }

    pub fn path(&self) -> Option<&Path> {
        self.doc.path()
    }

    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
    }

    /// Whether the figures shown are for the current deal and scenario.
    pub fn figures_current(&self) -> bool {
        self.asked.is_some() && self.compute.is_current()
    }

    /// The figures shown, if the current deal is valid and they are current.
    pub fn results(&self) -> Option<&crate::results::DealResults> {
        match self.compute.figures() {
            Some((c, true)) if self.figures_current() => Some(&c.results),
            _ => None,
        }
    }

    /// The error dialog's message, if one is open.
    pub fn error_message(&self) -> Option<&str> {
        match &self.modal {
            Some(Modal::Error { message, .. }) => Some(message),
            _ => None,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Show an editor section, as a click in the navigation would.
    pub fn show_section(&mut self, section: Section) {
        self.view.section = section;
    }

    /// Show a results tab, as a click on the tab would.
    pub fn show_tab(&mut self, tab: ResultsTab) {
        self.view.tab = tab;
    }

    /// Choose the sensitivity's driver and security, as the pickers on its tab would (None
    /// keeps the current choice).
    pub fn choose_sensitivity(&mut self, driver: Option<Driver>, security: Option<&str>) {
        if let Some(d) = driver {
            self.view.sensitivity_driver = Some(d);
        }
        if let Some(s) = security {
            self.view.sensitivity_of = Some(s.to_string());
        }
    }

    /// The sensitivity sweep for the last request, once it has arrived.
    pub fn sensitivity(&self) -> Option<&Sensitivity> {
        self.compute.sensitivity()
    }

    /// Every scenario side by side, once the comparison tab's request has been answered.
    pub fn comparison(&self) -> Option<&crate::engine::compare::Comparison> {
        self.compute.comparison()
    }

    /// The grid tab's grid, once computed for the current deal.
    pub fn grid(&self) -> Option<&crate::engine::analysis::GridResult> {
        match self.compute.analyses.grid() {
            analyses::Status::Done(g) => Some(g),
            _ => None,
        }
    }

    /// The grid tab's tornado, once computed for the current deal and scenario.
    pub fn tornado(&self) -> Option<&crate::engine::analysis::Tornado> {
        match self.compute.analyses.tornado() {
            analyses::Status::Done(t) => Some(t),
            _ => None,
        }
    }

    /// The goal seek's answer, once solved for the current deal and question.
    pub fn solution(&self) -> Option<&crate::engine::analysis::Solution> {
        match self.compute.analyses.solution() {
            analyses::Status::Done(s) => Some(s),
            _ => None,
        }
    }

    /// The break-even CDR of every tranche, once solved for the current deal and scenario.
    pub fn breakevens(&self) -> Option<&[crate::engine::analysis::Solution]> {
        match self.compute.analyses.breakevens() {
            analyses::Status::Done(s) => Some(s),
            _ => None,
        }
    }

    /// Whether "Export all" is still writing.
    pub fn exporting(&self) -> bool {
        self.exporting.is_some()
    }

    /// Whether the meeting page (PDF) is being written.
    pub fn saving_pdf(&self) -> bool {
        self.saving_pdf.is_some()
    }

    /// Whether a table is being saved as CSV.
    pub fn saving_csv(&self) -> bool {
        !self.saving_csv.is_empty()
    }

    /// Whether the grid tab's grid or tornado is still being computed.
    pub fn grid_pending(&self) -> bool {
        self.compute.analyses.pending()
    }

    /// Queue a command as if a menu item had been chosen.
    pub fn queue(&mut self, cmd: Command) {
        self.cmds.push(cmd);
    }

    /// Draw one frame and run what it asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.frame = ctx.cumulative_frame_nr();
        if self.theme_applied != Some(self.settings.theme) {
            self.settings.theme.apply(&ctx);
            self.theme_applied = Some(self.settings.theme);
        }
        self.compute.poll();
        self.poll_export();
        self.poll_writes();
        self.handle_input(&ctx);
        self.draw(ui);
        let mut cmds = std::mem::take(&mut self.deferred);
        cmds.splice(0..0, self.cmds.take());
        let ran = !cmds.is_empty();
        for cmd in cmds {
            self.run_command(&ctx, cmd);
        }
        if ran {
            ctx.request_repaint();
        }
        self.sync_compute(&ctx);
        self.sync_title(&ctx);
        self.autosave(&ctx);
        if let Some(s) = &mut self.screenshot {
            let ready = self.asked.is_some()
                && self.compute.is_current()
                && (self.view.tab != ResultsTab::Sensitivity
                    || !self.compute.sensitivity_pending())
                && (self.view.tab != ResultsTab::Compare || !self.compute.comparison_pending())
                && (self.view.tab != ResultsTab::Grid || !self.compute.analyses.pending());
            s.tick(&ctx, ready);
        }
    }

    fn handle_input(&mut self, ctx: &egui::Context) {
        let text_focused = ctx.text_edit_focused();
        // While a dialog asks something, the deal behind it stays as it is.
        let modal = self.modal.is_some();
        let (fired, dropped) = ctx.input_mut(|i| {
            let fired = if modal {
                Vec::new()
            } else {
                shortcuts::consume(i, text_focused)
            };
            (fired, std::mem::take(&mut i.raw.dropped_files))
        });
        for cmd in fired {
            // File commands wait a frame while a text field has focus, so what is typed
            // there is committed before saving or leaving the deal.
            if text_focused && !matches!(cmd, Command::Undo | Command::Redo) {
                ctx.memory_mut(|m| m.stop_text_input());
                self.deferred.push(cmd);
            } else {
                self.cmds.push(cmd);
            }
        }
        for f in dropped {
            let path = f.path().to_path_buf();
            let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
            match ext.as_deref() {
                Some("csv") => self.cmds.push(Command::ImportTapePath(path)),
                _ => self.cmds.push(Command::OpenPath(path)),
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            if self.doc.is_dirty() && !self.quitting {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved(Pending::Quit));
            } else {
                self.on_close(ctx);
            }
        }
    }

    fn draw(&mut self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        let holding = self.doc.deal().holding.is_some();
        self.view.fit_to(holding);
        egui::Panel::top("menu").show(ui, |ui| {
            panels::menu::show(
                ui,
                lang,
                &self.settings,
                self.history.can_undo(),
                self.history.can_redo(),
                &mut self.cmds,
            );
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            panels::status::show(
                ui,
                lang,
                &self.doc,
                &self.compute,
                self.notice
                    .as_ref()
                    .filter(|(_, _, at)| at.elapsed() < NOTICE_FOR)
                    .map(|(n, error, _)| (n.as_str(), *error)),
                self.exporting
                    .as_ref()
                    .map(|x| x.written.load(std::sync::atomic::Ordering::Relaxed)),
                &mut self.view,
            );
        });
        egui::Panel::left("sections")
            .resizable(false)
            .exact_size(NAV_WIDTH)
            .show(ui, |ui| {
                panels::nav::show(
                    ui,
                    lang,
                    holding,
                    self.compute.latest().map(|o| &o.issues[..]),
                    &mut self.view,
                );
            });
        // What the section list leaves, less the editor's least width.
        let widest_results = (ui.available_width() - MIN_EDITOR).clamp(380.0, 1400.0);
        egui::Panel::right("results")
            .resizable(true)
            .default_size(560.0)
            .size_range(380.0..=widest_results)
            .show(ui, |ui| {
                // Wide tables scroll inside their own areas (panels::results), so the panel's
                // content never overflows: an overflowing right panel reports a narrower rect
                // and the editor would run under it.
                panels::results::show(
                    ui,
                    lang,
                    self.doc.deal(),
                    &self.compute,
                    &mut self.view,
                    &mut self.cmds,
                );
            });
        egui::CentralPanel::default().show(ui, |ui| {
            let issues = self.compute.latest().map_or(&[][..], |o| &o.issues[..]);
            let pool = self.compute.latest().map(|o| &*o.pool);
            let computed = match self.compute.figures() {
                Some((c, true)) if self.asked.is_some() && self.compute.is_current() => Some(c),
                _ => None,
            };
            let mut cx = view::Cx {
                lang,
                deal: self.doc.deal(),
                tape: self.doc.tape(),
                issues,
                pool,
                figures: computed.map(|c| &c.results),
                tokens: computed.map(|c| &c.tokens),
                view: &mut self.view,
                cmds: &mut self.cmds,
            };
            panels::editor(ui, &mut cx);
        });
        chart_export::dialog(ui.ctx(), lang, &mut self.view.export, &mut self.cmds);
        panels::goal_seek::window(
            ui.ctx(),
            lang,
            self.doc.deal(),
            &self.compute.analyses,
            &mut self.view,
            &mut self.cmds,
        );
        self.draw_modal(ui.ctx());
        panels::drop_overlay(ui.ctx(), lang);
    }

    fn draw_modal(&mut self, ctx: &egui::Context) {
        let lang = self.settings.lang;
        if let Some(Modal::Path(prompt)) = &mut self.modal {
            match path_prompt::show(ctx, lang, prompt) {
                None => {}
                Some(path_prompt::Answer::Cancel) => self.modal = None,
                Some(path_prompt::Answer::Run(cmd)) => {
                    self.modal = None;
                    self.cmds.push(cmd);
                }
            }
            return;
        }
        let Some(modal) = &self.modal else {
            return;
        };
        match panels::dialogs::show(ctx, lang, modal, self.doc.deal()) {
            None => {}
            Some(panels::dialogs::Answer::Close) => self.modal = None,
            Some(panels::dialogs::Answer::Unsaved(choice)) => {
                let Some(Modal::Unsaved(pending)) = self.modal.take() else {
                    return;
                };
                self.resolve_unsaved(ctx, choice, pending);
            }
            Some(panels::dialogs::Answer::Recover(yes)) => {
                self.cmds.push(if yes {
                    Command::RecoverAutosave
                } else {
                    Command::DiscardAutosave
                });
            }
        }
    }

    /// Run one command. This is the only place the document changes.
    pub fn run_command(&mut self, ctx: &egui::Context, cmd: Command) {
        match cmd {
            Command::Edit { group, apply } => {
                self.history.before_edit(&self.doc, group, self.frame);
                self.doc.apply(apply);
                self.last_edit = Instant::now();
            }
            Command::EndEdit => self.history.end_group(),
            Command::Undo => {
                self.history.undo(&mut self.doc);
            }
            Command::Redo => {
                self.history.redo(&mut self.doc);
            }
            Command::New => self.guard_unsaved(ctx, Pending::New),
            Command::Open => self.guard_unsaved(ctx, Pending::Open(None)),
            Command::OpenPath(p) => self.guard_unsaved(ctx, Pending::Open(Some(p))),
            Command::Save => {
                self.save(None);
            }
            Command::SaveAs => {
                self.save_as_dialog();
            }
            Command::SaveAsPath(p) => {
                self.save(Some(p));
            }
            Command::ImportTape => {
                if !self.dialogs.available() {
                    self.ask_path(path_prompt::Purpose::ImportTape, None);
                } else if let Some(p) = self.dialogs.pick_tape() {
                    self.import_tape(&p);
                }
            }
            Command::ImportTapePath(p) => self.import_tape(&p),
            Command::InlineTape => {
                if self.doc.deal().pool.tape.is_some() {
                    self.history.before_edit(&self.doc, None, self.frame);
                    self.doc.inline_tape();
                    self.last_edit = Instant::now();
                }
            }
            Command::SetLanguage(l) => {
                self.settings.lang = l;
                self.store_settings();
            }
            Command::SetTheme(t) => {
                self.settings.theme = t;
                self.store_settings();
            }
            Command::ExportChart { kind, options, svg } => {
                let ext = if svg { "svg" } else { "png" };
                let name = format!("{}.{ext}", kind.file_stem());
                if !self.dialogs.available() {
                    let purpose = path_prompt::Purpose::ExportChart { kind, options, svg };
                    self.ask_path(purpose, Some(&name));
                } else if let Some(p) = self.dialogs.save_chart(&name, svg) {
                    self.export_chart(kind, &chart_export::with_extension(p, svg), &options);
                }
            }
            Command::ExportChartPath {
                kind,
                path,
                options,
            } => self.export_chart(kind, &path, &options),
            Command::ExportAll => {
                if !self.dialogs.available() {
                    self.ask_path(path_prompt::Purpose::ExportAll, None);
                } else if let Some(dir) = self.dialogs.pick_folder() {
                    self.export_all(ctx, &dir);
                }
            }
            Command::ExportAllPath(dir) => self.export_all(ctx, &dir),
            Command::SavePdf => {
                let deal = files::suggested_file_name(&self.doc.deal().name);
                let name = format!("{}.pdf", deal.strip_suffix(".ron").unwrap_or(&deal));
                if !self.dialogs.available() {
                    self.ask_path(path_prompt::Purpose::SavePdf, Some(&name));
                } else if let Some(p) = self.dialogs.save_pdf(&name) {
                    self.save_pdf(ctx, &p);
                }
            }
            Command::SavePdfPath(p) => self.save_pdf(ctx, &p),
            Command::SaveCsv { file_name, table } => {
                if !self.dialogs.available() {
                    self.ask_path(path_prompt::Purpose::SaveCsv(table), Some(&file_name));
                } else if let Some(p) = self.dialogs.save_csv(&file_name) {
                    self.save_csv(ctx, &p, table);
                }
            }
            Command::SaveCsvPath { path, table } => self.save_csv(ctx, &path, table),
            Command::Quit => self.guard_unsaved(ctx, Pending::Quit),
            Command::RecoverAutosave => self.recover(),
            Command::DiscardAutosave => {
                if let Some(st) = &self.storage {
                    st.remove_autosave();
                }
                if matches!(self.modal, Some(Modal::Recover(_))) {
                    self.modal = None;
                }
            }
        }
    }

    /// Run `pending` now, or ask first when it would lose unsaved changes.
    fn guard_unsaved(&mut self, ctx: &egui::Context, pending: Pending) {
        if self.doc.is_dirty() {
            self.modal = Some(Modal::Unsaved(pending));
        } else {
            self.proceed(ctx, pending);
        }
    }

    fn resolve_unsaved(
        &mut self,
        ctx: &egui::Context,
        choice: panels::dialogs::Choice,
        pending: Pending,
    ) {
        use panels::dialogs::Choice;
        match choice {
            Choice::Save => {
                let saved = if self.doc.path().is_some() {
                    self.save(None)
                } else {
                    self.save_as_dialog()
                };
                if saved {
                    self.proceed(ctx, pending);
                }
            }
            Choice::Discard => {
                if let Some(st) = &self.storage {
                    st.remove_autosave();
                }
                self.autosaved = None;
                self.proceed(ctx, pending);
            }
            Choice::Cancel => {}
        }
    }

    fn proceed(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::New => {
                let deal = edits::blank_deal(self.settings.lang.tr(S::NewDealName));
                self.replace_document(Document::new(deal, Vec::new(), None));
            }
            Pending::Open(Some(p)) => self.open(&p),
            Pending::Open(None) => {
                if !self.dialogs.available() {
                    self.ask_path(path_prompt::Purpose::OpenDeal, None);
                } else if let Some(p) = self.dialogs.pick_deal() {
                    self.open(&p);
                }
            }
            Pending::Quit => {
                self.quitting = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn open(&mut self, path: &Path) {
        match crate::io::load_deal(path) {
            Ok(l) => {
                self.replace_document(Document::new(l.deal, l.tape, Some(path.to_path_buf())));
                self.settings.add_recent(path);
                self.store_settings();
                self.notify(format!(
                    "{} {}",
                    self.settings.lang.tr(S::Opened),
                    path.display()
                ));
            }
            // The current deal stays as it is.
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: S::LoadFailed,
                    message: crate::export::messages::load_error(self.settings.lang, &e),
                })
            }
        }
    }

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.doc_epoch += 1;
        self.history.clear();
        self.compute.forget();
        self.view.scenario = None;
        self.view.sensitivity_of = None;
        self.view.sensitivity_driver = None;
        self.view.plot_epoch += 1;
        self.autosaved = None;
        if let Some(st) = &self.storage {
            st.remove_autosave();
        }
    }

    /// Save to `path`, or to the document's own path; asks for a name when it has none.
    /// Returns whether the deal was saved.
    fn save(&mut self, path: Option<PathBuf>) -> bool {
        let Some(path) = path.or_else(|| self.doc.path().map(Path::to_path_buf)) else {
            return self.save_as_dialog();
        };
        let deal = self.doc.deal_for_file(&path);
        match crate::io::save_deal(&path, &deal) {
            Ok(()) => {
                self.doc.mark_saved(path.clone());
                self.settings.add_recent(&path);
                self.store_settings();
                if let Some(st) = &self.storage {
                    st.remove_autosave();
                }
                self.autosaved = None;
                self.notify(format!(
                    "{} {}",
                    self.settings.lang.tr(S::Saved),
                    path.display()
                ));
                true
            }
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: S::SaveFailed,
                    message: crate::export::file_messages::save_error(self.settings.lang, &e),
                });
                false
            }
        }
    }

    /// Ask for a path in the app (the desktop has no file dialog), starting in the open
    /// deal's folder or the working directory.
    fn ask_path(&mut self, purpose: path_prompt::Purpose, file_name: Option<&str>) {
        let dir = self
            .doc
            .path()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        self.modal = Some(Modal::Path(path_prompt::PathPrompt::new(
            purpose, &dir, file_name,
        )));
    }

    /// Save under a new name. False when nothing was saved yet: cancelled, failed, or asked
    /// for in the app's path entry (which saves when answered).
    fn save_as_dialog(&mut self) -> bool {
        let name = files::suggested_file_name(&self.doc.deal().name);
        if !self.dialogs.available() {
            self.ask_path(path_prompt::Purpose::SaveDeal, Some(&name));
            return false;
        }
        match self.dialogs.save_deal(&name) {
            Some(p) => self.save(Some(p)),
            None => false,
        }
    }

    fn import_tape(&mut self, path: &Path) {
        match crate::io::read_tape(path) {
            Ok(rows) => {
                let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                self.history.before_edit(&self.doc, None, self.frame);
                self.doc.set_tape(rows, Some(abs));
                self.last_edit = Instant::now();
            }
            // The open deal stays as it is.
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: S::TapeFailed,
                    message: crate::export::messages::load_error(self.settings.lang, &e),
                })
            }
        }
    }

    fn recover(&mut self) {
        let Some(Modal::Recover(a)) = self.modal.take() else {
            return;
        };
        let Autosave { origin, deal } = *a;
        let mut tape_error = None;
        let mut rows = Vec::new();
        if let Some(tape) = &deal.pool.tape {
            match crate::io::read_tape(Path::new(tape)) {
                Ok(r) => rows = r,
                Err(e) => {
                    tape_error = Some(crate::export::messages::load_error(self.settings.lang, &e))
                }
            }
        }
        // The autosave's tape path is absolute, so the document keeps it as is.
        let mut doc = Document::new(deal, rows, None);
        if let Some(p) = origin {
            doc.mark_saved(p);
        }
        doc.mark_unsaved();
        self.replace_document(doc);
        if let Some(message) = tape_error {
            self.modal = Some(Modal::Error {
                title: S::TapeFailed,
                message,
            });
        }
    }

    fn notify(&mut self, text: String) {
        self.notice = Some((text, false, Instant::now()));
    }

    fn notify_error(&mut self, text: String) {
        self.notice = Some((text, true, Instant::now()));
    }

    fn store_settings(&self) {
        if let Some(st) = &self.storage
            && self.screenshot.is_none()
            && let Err(e) = st.save_settings(&self.settings)
        {
            eprintln!(
                "tranche-studio: cannot save settings in {}: {e}",
                st.dir().display()
            );
        }
    }

    fn on_close(&mut self, ctx: &egui::Context) {
        if let Some(r) = ctx.input(|i| i.viewport().inner_rect) {
            self.settings.window = Some([r.width(), r.height()]);
        }
        self.store_settings();
    }

    /// Send a compute request when the deal or the scenario differs from the last one.
    fn sync_compute(&mut self, ctx: &egui::Context) {
        let deal = self.doc.deal();
        let scenario = self.view.scenario_name(deal).map(str::to_string);
        let key = (self.doc_epoch, self.doc.revision(), scenario.clone());
        let request = || Request {
            seq: 0,
            deal: Arc::new(deal.clone()),
            tape: Arc::clone(self.doc.tape()),
            scenario: scenario.clone(),
        };
        if self.asked.as_ref() != Some(&key) {
            if self.asked.as_ref().is_none_or(|a| a.2 != key.2) {
                self.view.plot_epoch += 1;
            }
            self.compute.submit(ctx, request());
            self.asked = Some(key.clone());
        }
        // The comparison runs every scenario, so only while its tab is shown.
        if self.view.tab == ResultsTab::Compare && self.cmp_asked != Some((key.0, key.1)) {
            self.compute.submit_compare(ctx, request());
            self.cmp_asked = Some((key.0, key.1));
        }
        // The break-even CDR of every tranche, shown beside its figures.
        if deal.holding.is_none() && self.breakevens_asked.as_ref() != Some(&key) {
            self.compute.analyses.submit_breakevens(ctx, request());
            self.breakevens_asked = Some(key.clone());
        }
        if let Some(ask) = &self.view.goal {
            let gkey = (key.0, key.1, key.2.clone(), ask.clone());
            if self.goal_asked.as_ref() != Some(&gkey) {
                let spec = ask.spec(deal, key.2.clone());
                self.compute.analyses.submit_solve(ctx, request(), spec);
                self.goal_asked = Some(gkey);
            }
        }
        if self.view.tab == ResultsTab::Sensitivity
            && let Some(security) = self.view.sensitivity_security(deal)
        {
            let driver = self.view.sensitivity_driver(deal);
            let skey = (key.0, key.1, key.2.clone(), security.to_string(), driver);
            if self.sens_asked.as_ref() != Some(&skey) {
                self.compute
                    .submit_sensitivity(ctx, request(), security.to_string(), driver);
                self.sens_asked = Some(skey);
            }
        }
        if self.view.tab == ResultsTab::Grid {
            self.sync_grid(ctx, &key);
        }
    }

    /// Ask for the grid tab's grid or tornado when the deal, the grid or the scenario
    /// changed since it was last asked for.
    fn sync_grid(&mut self, ctx: &egui::Context, key: &(u64, u64, Option<String>)) {
        let deal = self.doc.deal();
        let request = || Request {
            seq: 0,
            deal: Arc::new(deal.clone()),
            tape: Arc::clone(self.doc.tape()),
            scenario: key.2.clone(),
        };
        let runs = self.view.grid_runs;
        match self.view.grid_view {
            view::GridView::Grid => {
                let Some(grid) = self
                    .view
                    .grid_name(deal)
                    .and_then(|n| deal.grids.iter().find(|g| g.name == n))
                else {
                    return;
                };
                let gkey = (key.0, key.1, grid.name.clone(), runs);
                if self.grid_asked.as_ref() != Some(&gkey) {
                    self.compute
                        .analyses
                        .submit_grid(ctx, request(), grid.clone());
                    self.grid_asked = Some(gkey);
                }
            }
            view::GridView::Tornado => {
                let tkey = (key.0, key.1, key.2.clone(), runs);
                if self.tornado_asked.as_ref() != Some(&tkey) {
                    self.compute.analyses.submit_tornado(ctx, request());
                    self.tornado_asked = Some(tkey);
                }
            }
        }
    }

    fn sync_title(&mut self, ctx: &egui::Context) {
        let file = self
            .doc
            .path()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.settings.lang.tr(S::Untitled).to_string());
        let title = format!(
            "{}{} — {} — {}",
            if self.doc.is_dirty() { "*" } else { "" },
            self.doc.deal().name,
            file,
            self.settings.lang.tr(S::AppName)
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Write unsaved work to the data directory a little after the last edit.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(st) = &self.storage else {
            return;
        };
        if !self.doc.is_dirty() {
            if self.autosaved.take().is_some() {
                st.remove_autosave();
            }
            return;
        }
        if self.autosaved == Some(self.doc.revision()) || self.screenshot.is_some() {
            return;
        }
        let waited = self.last_edit.elapsed();
        if waited < self.autosave_delay {
            ctx.request_repaint_after(self.autosave_delay - waited);
            return;
        }
        let a = Autosave {
            origin: self.doc.path().map(Path::to_path_buf),
            deal: self.doc.deal().clone(),
        };
        match st.write_autosave(&a) {
            Ok(()) => self.autosaved = Some(self.doc.revision()),
            Err(e) => {
                eprintln!(
                    "tranche-studio: autosave to {} failed: {e}",
                    st.dir().display()
                );
                // Try again after the next edit rather than on every frame.
                self.autosaved = Some(self.doc.revision());
            }
        }
    }

    /// Error and warning counts of the figures shown (for tests and the status bar).
    pub fn issue_counts(&self) -> (usize, usize) {
        self.compute.latest().map_or((0, 0), |o| {
            let e = o
                .issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .count();
            (e, o.issues.len() - e)
        })
    }
}

fn io_parse(text: &str) -> Deal {
    crate::io::parse_deal(text, "sample_deals/data_asset_pledge_loans.ron")
        .expect("the bundled sample deal parses (tested)")
}

impl eframe::App for TrancheApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
