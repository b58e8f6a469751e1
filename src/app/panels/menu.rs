//! The menu bar: File, Edit, View, Language.

use crate::app::command::{Command, Commands};
use crate::app::i18n::{Lang, S};
use crate::app::settings::Settings;
use crate::app::shortcuts;
use crate::app::theme::ThemeChoice;
use egui::{Button, KeyboardShortcut, Ui};

fn item(ui: &mut Ui, text: &str, shortcut: Option<KeyboardShortcut>, enabled: bool) -> bool {
    let mut b = Button::new(text);
    if let Some(s) = shortcut {
        b = b.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    ui.add_enabled(enabled, b).clicked()
}

pub fn show(
    ui: &mut Ui,
    lang: Lang,
    settings: &Settings,
    can_undo: bool,
    can_redo: bool,
    cmds: &mut Commands,
) {
    let t = |k| lang.tr(k);
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(t(S::File), |ui| {
            if item(ui, t(S::New), Some(shortcuts::NEW), true) {
                cmds.push(Command::New);
            }
            if item(ui, t(S::Open), Some(shortcuts::OPEN), true) {
                cmds.push(Command::Open);
            }
            ui.menu_button(t(S::OpenRecent), |ui| {
                if settings.recent.is_empty() {
                    ui.add_enabled(false, Button::new(t(S::NoRecent)));
                }
                for p in &settings.recent {
                    if ui.button(p.display().to_string()).clicked() {
                        cmds.push(Command::OpenPath(p.clone()));
                    }
                }
            });
            ui.separator();
            if item(ui, t(S::Save), Some(shortcuts::SAVE), true) {
                cmds.push(Command::Save);
            }
            if item(ui, t(S::SaveAs), Some(shortcuts::SAVE_AS), true) {
                cmds.push(Command::SaveAs);
            }
            ui.separator();
            if item(ui, t(S::ImportTape), None, true) {
                cmds.push(Command::ImportTape);
            }
            if item(ui, t(S::ExportAll), None, true) {
                cmds.push(Command::ExportAll);
            }
            if item(ui, t(S::SavePdf), None, true) {
                cmds.push(Command::SavePdf);
            }
            ui.separator();
            if item(ui, t(S::Quit), None, true) {
                cmds.push(Command::Quit);
            }
        });
        ui.menu_button(t(S::Edit), |ui| {
            if item(ui, t(S::Undo), Some(shortcuts::UNDO), can_undo) {
                cmds.push(Command::Undo);
            }
            if item(ui, t(S::Redo), Some(shortcuts::REDO), can_redo) {
                cmds.push(Command::Redo);
            }
        });
        ui.menu_button(t(S::View), |ui| {
            for (choice, key) in [(ThemeChoice::Light, S::Light), (ThemeChoice::Dark, S::Dark)] {
                if ui.radio(settings.theme == choice, t(key)).clicked() {
                    cmds.push(Command::SetTheme(choice));
                }
            }
        });
        ui.menu_button(t(S::Language), |ui| {
            for (l, name) in [(Lang::Zh, "中文"), (Lang::En, "English")] {
                if ui.radio(lang == l, name).clicked() {
                    cmds.push(Command::SetLanguage(l));
                }
            }
        });
    });
}
