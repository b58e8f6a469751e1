//! Charts of a holding-type deal: the project company per period and the NAV per unit.

use super::data::{HoldingCharts, PC_NAMES};
use super::{date_plot, unit_label};
use crate::app::i18n::{Lang, S};
use crate::app::theme::{Tokens, series};
use egui::Ui;
use egui_plot::{Line, LineStyle, PlotPoints};

/// NOI, bank and shareholder-loan debt service, tax and trapped cash per period.
pub fn project_company(ui: &mut Ui, h: &HoldingCharts, lang: Lang, epoch: u64) -> egui::Response {
    let unit = unit_label(lang, h.unit);
    let tokens = Tokens::of(ui.visuals());
    let colors = [series(0), series(2), series(4), tokens.error, tokens.muted];
    let (bottom, top) =
        h.pc.iter()
            .flat_map(|s| s.iter().map(|p| p.y))
            .fold((0.0, 0.0), |(lo, hi): (f64, f64), y| (lo.min(y), hi.max(y)));
    date_plot(
        ui,
        "project-company",
        epoch,
        unit.to_string(),
        (bottom, top),
        h.pc.len(),
    )
    .show(ui, |p| {
        for (k, s) in h.pc.iter().enumerate() {
            let mut line = Line::new(lang.tr(PC_NAMES[k]), PlotPoints::from(&s[..]))
                .id(("pc", k))
                .color(colors[k])
                .width(if k == 0 { 2.5 } else { 1.5 });
            if k == 4 {
                line = line.style(LineStyle::dashed_loose());
            }
            p.line(line);
        }
    })
    .response
}

/// The plan's NAV per unit over the deal's life.
pub fn nav(ui: &mut Ui, h: &HoldingCharts, lang: Lang, epoch: u64) -> egui::Response {
    // The NAV is a level near the issue price: its axis starts near the lowest value, not 0.
    let (bottom, top) = h
        .nav
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.y), hi.max(p.y))
        });
    let (bottom, top) = if bottom.is_finite() {
        (bottom, top)
    } else {
        (0.0, 0.0)
    };
    let unit = lang.tr(S::CnyPerUnit).to_string();
    date_plot(ui, "nav", epoch, unit, (bottom, top), 1)
        .show(ui, |p| {
            p.line(
                Line::new(lang.tr(S::ChartNav), PlotPoints::from(&h.nav[..]))
                    .id("nav")
                    .color(series(0))
                    .width(2.0),
            );
        })
        .response
}
