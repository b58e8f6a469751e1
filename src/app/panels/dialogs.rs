//! Modal dialogs: unsaved changes, errors, recovery of autosaved work.

use crate::app::Modal;
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::model::Deal;
use egui::{Context, Id, RichText};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Save,
    Discard,
    Cancel,
}

pub enum Answer {
    Close,
    Unsaved(Choice),
    /// Recover (true) or discard (false) the autosave.
    Recover(bool),
}

pub(crate) fn show(ctx: &Context, lang: Lang, modal: &Modal, deal: &Deal) -> Option<Answer> {
    let t = |k| lang.tr(k);
    let mut answer = None;
    let resp = egui::Modal::new(Id::unique("modal")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        match modal {
            Modal::Unsaved(_) => {
                ui.heading(t(S::UnsavedTitle));
                ui.label(format!("{}\n{}", t(S::UnsavedBody), deal.name));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button(t(S::Save)).clicked() {
                        answer = Some(Answer::Unsaved(Choice::Save));
                    }
                    if ui.button(t(S::Discard)).clicked() {
                        answer = Some(Answer::Unsaved(Choice::Discard));
                    }
                    if ui.button(t(S::Cancel)).clicked() {
                        answer = Some(Answer::Unsaved(Choice::Cancel));
                    }
                });
            }
            Modal::Error { title, message } => {
                ui.heading(RichText::new(t(*title)).color(Tokens::of(ui.visuals()).error));
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        ui.label(RichText::new(message).monospace());
                    });
                ui.add_space(8.0);
                if ui.button(t(S::Ok)).clicked() {
                    answer = Some(Answer::Close);
                }
            }
            // Drawn by `path_prompt`, which edits its text.
            Modal::Path(_) => {}
            Modal::Recover(a) => {
                ui.heading(t(S::RecoverTitle));
                ui.label(t(S::RecoverBody));
                ui.label(RichText::new(&a.deal.name).strong());
                if let Some(p) = &a.origin {
                    ui.label(RichText::new(p.display().to_string()).monospace());
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button(t(S::Recover)).clicked() {
                        answer = Some(Answer::Recover(true));
                    }
                    if ui.button(t(S::Discard)).clicked() {
                        answer = Some(Answer::Recover(false));
                    }
                });
            }
        }
    });
    // Escape or a click outside means "cancel" for the unsaved question, "OK" otherwise;
    // the autosave stays on disk until the user decides.
    if answer.is_none() && resp.should_close() {
        answer = match modal {
            Modal::Unsaved(_) => Some(Answer::Unsaved(Choice::Cancel)),
            Modal::Error { .. } => Some(Answer::Close),
            Modal::Recover(_) | Modal::Path(_) => None,
        };
    }
    answer
}
