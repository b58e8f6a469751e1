//! The status bar: validation messages (click one to go to its section), the file, and
//! whether the figures are being computed.

use crate::app::compute::Compute;
use crate::app::document::Document;
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::app::view::{Section, ViewState};
use crate::error::Severity;
use crate::export::messages;
use egui::{RichText, Ui};

pub fn show(
    ui: &mut Ui,
    lang: Lang,
    doc: &Document,
    compute: &Compute,
    notice: Option<(&str, bool)>,
    exporting: Option<usize>,
    view: &mut ViewState,
) {
    let tokens = Tokens::of(ui.visuals());
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if let Some(n) = exporting {
            ui.label(format!(
                "{} {n} {}",
                lang.tr(S::Exporting),
                lang.tr(S::ExportFiles)
            ));
            ui.spinner();
            ui.separator();
        }
        if let Some(e) = &compute.start_error {
            let e = crate::export::messages::error_sentence(lang, e);
            ui.label(RichText::new(e).color(tokens.error));
        } else if !compute.is_current() {
            ui.spinner();
            ui.label(lang.tr(S::Computing));
        } else if let Some(o) = compute.latest() {
            ui.label(
                RichText::new(format!("{:.0} ms", o.elapsed.as_secs_f64() * 1000.0))
                    .color(tokens.muted),
            );
        }
        ui.separator();
        let file = doc.path().map_or_else(
            || lang.tr(S::Untitled).to_string(),
            |p| p.display().to_string(),
        );
        let dirty = if doc.is_dirty() { "*" } else { "" };
        ui.label(RichText::new(format!("{dirty}{file}")).color(tokens.muted));
        if let Some((n, error)) = notice {
            ui.separator();
            let color = if error { tokens.error } else { tokens.ok };
            ui.add(egui::Label::new(RichText::new(n).color(color)).truncate());
        }
        ui.separator();
        // The issues take the rest of the bar, on the left.
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            issues_ui(ui, lang, doc.deal(), &tokens, compute, view);
        });
    });
}

fn issues_ui(
    ui: &mut Ui,
    lang: Lang,
    deal: &crate::model::Deal,
    tokens: &Tokens,
    compute: &Compute,
    view: &mut ViewState,
) {
    let issues = compute.latest().map_or(&[][..], |o| &o.issues[..]);
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let warnings = issues.len() - errors;
    if issues.is_empty() {
        ui.label(RichText::new(format!("✓ {}", lang.tr(S::Valid))).color(tokens.ok));
        return;
    }
    let color = if errors > 0 {
        tokens.error
    } else {
        tokens.warning
    };
    let summary = format!(
        "⚠ {errors} {} · {warnings} {}",
        lang.tr(S::Errors),
        lang.tr(S::WarningsCount)
    );
    ui.menu_button(RichText::new(summary).color(color), |ui| {
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for i in issues {
                    let color = match i.severity {
                        Severity::Error => tokens.error,
                        Severity::Warning => tokens.warning,
                    };
                    let text =
                        RichText::new(messages::issue_line(lang, Some(deal), i)).color(color);
                    if ui
                        .button(text)
                        .on_hover_text(messages::support_text(i))
                        .clicked()
                    {
                        view.section = Section::of_path(&i.path);
                        ui.close();
                    }
                }
            });
    });
    // The first message stays visible without opening the list; a click goes to its field.
    let first = &issues[0];
    let text = RichText::new(messages::issue_line(lang, Some(deal), first)).color(color);
    if ui
        .add(
            egui::Label::new(text)
                .truncate()
                .sense(egui::Sense::click()),
        )
        .on_hover_text(messages::support_text(first))
        .clicked()
    {
        view.section = Section::of_path(&first.path);
    }
}
