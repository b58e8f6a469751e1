//! The comparison tab: every scenario of the deal side by side, one row a figure and one
//! column a scenario (`engine::compare`, the same comparison as the CLI's `compare` and the
//! term sheet's scenario table). Computed by its own worker while the tab is shown.

use crate::app::compute::Compute;
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::engine::compare::{Comparison, Figure};
use egui::{RichText, Ui};

/// The figure's label (a security's figures carry its id first).
fn label(lang: Lang, security: Option<&str>, figure: &str) -> String {
    let key = match figure {
        "irr" => S::FigIrr,
        "wal" => S::FigWal,
        "principal_loss" => S::FigLoss,
        "interest_shortfall" => S::FigShortfall,
        "enhancement_draws" => S::FigDraws,
        "distribution_rate" => S::FigDistributionRate,
        "multiple" => S::FigMultiple,
        "min_dscr" => S::FigMinDscr,
        "nav_at_issue" => S::FigNav,
        "fees" => S::FigFees,
        "incentive_fee" => S::FigIncentive,
        "fee_cut" => S::FigFeeCut,
        "guarantee_payments" => S::FigGuarantee,
        "unpaid_at_exit" => S::FigUnpaid,
        "exit" => S::FigExit,
        _ => S::FigCdr,
    };
    match security {
        Some(s) => format!("{s} {}", lang.tr(key)),
        None => lang.tr(key).to_string(),
    }
}

/// A figure as the structurers read it: rates in %, years and ratios to 2 or 4 places,
/// money with separators, the exit in words.
fn value(lang: Lang, figure: &str, v: &Figure) -> String {
    match v {
        Figure::Money(d) => format::money(*d),
        Figure::Number(x) => match figure {
            "irr" | "distribution_rate" | "cumulative_default_rate" => format::opt_pct(*x, 3),
            "nav_at_issue" => x.map_or_else(|| "—".into(), |x| format!("{x:.4}")),
            _ => format::opt_years(*x),
        },
        Figure::Text(t) => t.as_deref().map_or_else(
            || "—".into(),
            |e| crate::export::summary::exit_name_words(e, crate::export::Lang::from(lang)),
        ),
    }
}

pub fn show(ui: &mut Ui, lang: Lang, compute: &Compute) {
    let Some(c) = compute.comparison() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(lang.tr(S::CompareComputing));
        });
        return;
    };
    table(ui, lang, c);
}

/// The table alone (for a comparison already computed).
pub fn table(ui: &mut Ui, lang: Lang, c: &Comparison) {
    egui::ScrollArea::both()
        .id_salt("compare-scroll")
        .show(ui, |ui| {
            egui::Grid::new("compare-grid")
                .striped(true)
                .num_columns(c.scenarios.len() + 1)
                .show(ui, |ui| {
                    ui.label(RichText::new(lang.tr(S::CompareFigure)).strong());
                    for s in &c.scenarios {
                        ui.label(RichText::new(&s.scenario).strong());
                    }
                    ui.end_row();
                    let Some(first) = c.scenarios.first() else {
                        return;
                    };
                    let rows: Vec<(Option<String>, &'static str)> = first
                        .figures(c.holding)
                        .into_iter()
                        .map(|(s, f, _)| (s.map(str::to_string), f))
                        .collect();
                    for (sec, fig) in rows {
                        ui.label(label(lang, sec.as_deref(), fig));
                        for s in &c.scenarios {
                            let v = s
                                .figures(c.holding)
                                .into_iter()
                                .find(|(x, f, _)| x.map(str::to_string) == sec && *f == fig)
                                .map_or_else(|| "—".into(), |(.., v)| value(lang, fig, &v));
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| ui.label(v),
                            );
                        }
                        ui.end_row();
                    }
                });
            for f in &c.failed {
                ui.label(format!("{} {f}", lang.tr(S::CompareNotRun)));
            }
        });
}
