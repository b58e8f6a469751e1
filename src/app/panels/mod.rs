//! The panels. Each takes `&mut Ui` and what it reads, and queues commands instead of
//! changing the deal, so each can be drawn and tested alone.

pub mod asset;
mod by_year;
mod call;
pub mod compare;
mod coupons;
mod delinquency;
pub mod dialogs;
pub mod enhancements;
pub mod exits;
mod expansion;
pub mod goal_seek;
pub mod grids;
mod hold;
pub mod holding_results;
pub mod incentives;
pub mod menu;
pub mod nav;
mod open_periods;
mod pledges;
pub mod pool;
pub mod pool_grid;
pub mod pricing;
pub mod results;
mod revolving;
pub mod scenarios;
pub mod spv;
pub mod status;
pub mod structure;
mod tax;
pub mod terms;
pub mod tokens;
pub mod tranches;
pub mod waterfall;

use super::i18n::{Lang, S};
use super::view::{Cx, Section};

/// The editor of the selected section, scrollable both ways.
pub fn editor(ui: &mut egui::Ui, cx: &mut Cx) {
    ui.heading(cx.tr(cx.view.section.title()));
    ui.separator();
    // The pool's asset table scrolls itself (it is virtualised); the others scroll here.
    if cx.view.section == Section::Pool {
        pool::show(ui, cx);
        return;
    }
    egui::ScrollArea::both()
        .id_salt("editor")
        .auto_shrink([false, false])
        .show(ui, |ui| match cx.view.section {
            Section::Terms => terms::show(ui, cx),
            Section::Tranches => tranches::show(ui, cx),
            Section::Enhancements => enhancements::show(ui, cx),
            Section::Waterfall => waterfall::show(ui, cx),
            Section::Scenarios => scenarios::show(ui, cx),
            Section::Asset => asset::show(ui, cx),
            Section::Spv => spv::show(ui, cx),
            Section::Incentives => incentives::show(ui, cx),
            Section::Exits => exits::show(ui, cx),
            Section::Tokens => tokens::show(ui, cx),
            Section::Pool => {}
        });
}

/// A hint over the window while files are dragged over it.
pub fn drop_overlay(ctx: &egui::Context, lang: Lang) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop-overlay"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        lang.tr(S::DropHint),
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
}

/// A section heading inside an editor.
pub fn subheading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(text).strong().size(15.0));
    ui.add_space(2.0);
}
