//! The left navigation: the deal's sections, each marked when it has issues.

use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::app::view::{Section, ViewState};
use crate::error::{Issue, Severity};
use egui::{RichText, Ui};

/// `holding`: list the sections of a holding-type deal instead of the tranched ones.
pub fn show(
    ui: &mut Ui,
    lang: Lang,
    holding: bool,
    issues: Option<&[Issue]>,
    view: &mut ViewState,
) {
    let tokens = Tokens::of(ui.visuals());
    ui.add_space(4.0);
    ui.label(
        RichText::new(lang.tr(S::Sections))
            .color(tokens.muted)
            .small(),
    );
    for &s in Section::for_deal(holding) {
        let here: Vec<&Issue> = issues
            .unwrap_or_default()
            .iter()
            .filter(|i| Section::of_path(&i.path) == s)
            .collect();
        let mut text = RichText::new(lang.tr(s.title()));
        if here.iter().any(|i| i.severity == Severity::Error) {
            text = text.color(tokens.error);
        }
        ui.horizontal(|ui| {
            let resp = ui.add_sized(
                [ui.available_width() - 18.0, 26.0],
                egui::Button::selectable(view.section == s, text),
            );
            if resp.clicked() {
                view.section = s;
            }
            if !here.is_empty() {
                crate::app::widgets::issue_mark(ui, lang, &here, |p| {
                    crate::export::messages::field_name(lang, None, p)
                });
            }
        });
    }
}
