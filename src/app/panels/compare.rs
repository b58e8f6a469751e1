//! The comparison tab: every scenario of the deal side by side, one row a figure and one
//! column a scenario (`engine::compare`, the same comparison as the CLI's `compare` and the
//! term sheet's scenario table). Computed by its own worker while the tab is shown.

use crate::app::compute::Compute;
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::theme::{Tokens, series};
use crate::app::view::ViewState;
use crate::engine::compare::{Comparison, Figure, ScenarioFigures};
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
            |e| crate::export::summary::exit_name_words(e, lang),
        ),
    }
}

pub fn show(ui: &mut Ui, lang: Lang, compute: &Compute, view: &mut ViewState) {
    let Some(c) = compute.comparison() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(lang.tr(S::CompareComputing));
        });
        return;
    };
    ui.horizontal(|ui| {
        if ui.button(lang.tr(S::ComparePin)).clicked() {
            view.pinned = Some(c.clone());
        }
        if view.pinned.is_some() && ui.button(lang.tr(S::CompareUnpin)).clicked() {
            view.pinned = None;
        }
    });
    let columns = columns(lang, c, view.pinned.as_ref());
    chart(ui, lang, c, &columns, &mut view.compare_figure);
    table(ui, lang, c, &columns);
}

/// A column of the table: its title, its scenario's figures, whether they are pinned.
struct Column<'a> {
    title: String,
    figures: &'a ScenarioFigures,
    pinned: bool,
}

/// Each scenario of the comparison, after its pinned version when one is pinned (a pinned
/// scenario the deal no longer has comes last).
fn columns<'a>(lang: Lang, c: &'a Comparison, pinned: Option<&'a Comparison>) -> Vec<Column<'a>> {
    let pinned_of = |s: &'a ScenarioFigures| Column {
        title: format!("{} {}", s.scenario, lang.tr(S::ComparePinned)),
        figures: s,
        pinned: true,
    };
    let mut out = Vec::new();
    for s in &c.scenarios {
        if let Some(p) = pinned.and_then(|p| p.scenarios.iter().find(|x| x.scenario == s.scenario))
        {
            out.push(pinned_of(p));
        }
        out.push(Column {
            title: s.scenario.clone(),
            figures: s,
            pinned: false,
        });
    }
    for p in pinned.into_iter().flat_map(|p| &p.scenarios) {
        if !c.scenarios.iter().any(|s| s.scenario == p.scenario) {
            out.push(pinned_of(p));
        }
    }
    out
}

/// The figure the chart shows for each security.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartFigure {
    #[default]
    Irr,
    Wal,
    Loss,
}

/// Per security, one bar a column (scenario, pinned ones paler) of the figure chosen.
fn chart(
    ui: &mut Ui,
    lang: Lang,
    c: &Comparison,
    columns: &[Column<'_>],
    figure: &mut ChartFigure,
) {
    use egui_plot::{Bar, BarChart, Legend, Plot};
    let figures = [
        (ChartFigure::Irr, S::FigIrr),
        (ChartFigure::Wal, S::FigWal),
        (ChartFigure::Loss, S::FigLoss),
    ];
    ui.horizontal(|ui| {
        ui.label(RichText::new(lang.tr(S::CompareChart)).strong());
        for (f, label) in figures {
            ui.selectable_value(figure, f, lang.tr(label));
        }
    });
    let Some(first) = c.scenarios.first() else {
        return;
    };
    let ids: Vec<String> = first.securities.iter().map(|s| s.id.clone()).collect();
    let figure = *figure;
    let value = |s: &ScenarioFigures, id: &str| -> Option<f64> {
        let x = s.securities.iter().find(|x| x.id == id)?;
        match figure {
            ChartFigure::Irr => x.irr.map(|r| r * 100.0),
            ChartFigure::Wal => x.wal,
            ChartFigure::Loss => Some(crate::money::to_f64(x.principal_loss) / 1e4),
        }
    };
    let n = columns.len().max(1) as f64;
    let width = 0.8 / n;
    let names = ids.clone();
    let unit = match figure {
        ChartFigure::Irr => "%".to_string(),
        ChartFigure::Wal => lang.tr(S::UnitYears).to_string(),
        ChartFigure::Loss => lang.tr(S::UnitWan).to_string(),
    };
    Plot::new("compare-chart")
        .height(200.0)
        .legend(Legend::default())
        .y_axis_label(unit)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .show(ui, |p| {
            for (k, col) in columns.iter().enumerate() {
                let bars: Vec<Bar> = ids
                    .iter()
                    .enumerate()
                    .filter_map(|(i, id)| {
                        let v = value(col.figures, id)?;
                        let x = i as f64 - 0.4 + width * (k as f64 + 0.5);
                        Some(Bar::new(x, v).width(width * 0.9))
                    })
                    .collect();
                let colour = series(k);
                let colour = if col.pinned {
                    colour.gamma_multiply(0.45)
                } else {
                    colour
                };
                p.bar_chart(BarChart::new(col.title.clone(), bars).color(colour));
            }
        });
}

/// One row a figure, one column a
/// scenario (after its pinned version; a figure that moved since the pin in colour).
fn table(ui: &mut Ui, lang: Lang, c: &Comparison, columns: &[Column<'_>]) {
    let moved = Tokens::of(ui.visuals()).warning;
    egui::ScrollArea::both()
        .id_salt("compare-scroll")
        .show(ui, |ui| {
            egui::Grid::new("compare-grid")
                .striped(true)
                .num_columns(columns.len() + 1)
                .show(ui, |ui| {
                    ui.label(RichText::new(lang.tr(S::CompareFigure)).strong());
                    for col in columns {
                        ui.label(RichText::new(&col.title).strong());
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
                        let mut before: Option<String> = None;
                        for col in columns {
                            let v = col
                                .figures
                                .figures(c.holding)
                                .into_iter()
                                .find(|(x, f, _)| x.map(str::to_string) == sec && *f == fig)
                                .map_or_else(|| "—".into(), |(.., v)| value(lang, fig, &v));
                            let text = match (&before, col.pinned) {
                                (Some(b), false) if *b != v => RichText::new(&v).color(moved),
                                _ => RichText::new(&v),
                            };
                            before = col.pinned.then_some(v);
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| ui.label(text),
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
