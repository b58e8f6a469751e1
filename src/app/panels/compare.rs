//! The comparison tab: every scenario of the deal side by side, one row a figure and one
//! column a scenario (`engine::compare`, the same comparison as the CLI's `compare` and the
//! term sheet's scenario table). Computed by its own worker while the tab is shown.

use crate::app::compute::Compute;
use crate::app::i18n::{Lang, S};
use crate::app::row_select::{self, Rows};
use crate::app::theme::{Tokens, series};
use crate::app::view::ViewState;
use crate::engine::compare::{Comparison, Figure, ScenarioFigures};
use crate::export::summary::{figure_label as label, figure_value as value};
use crate::export::tables::Cell;
use egui::{RichText, Ui};
use egui_extras::TableBuilder;

pub fn show(
    ui: &mut Ui,
    lang: Lang,
    compute: &Compute,
    view: &mut ViewState,
    cmds: &mut crate::app::command::Commands,
) {
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
    table(ui, lang, c, &columns, cmds);
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
    // The legend sits above the tallest bar (headroom for its rows), never over a bar.
    let values = columns
        .iter()
        .flat_map(|col| ids.iter().filter_map(|id| value(col.figures, id)));
    let (bottom, top) = values.fold((0f64, 0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let top = crate::app::charts::top_with_legend(ui, "compare-chart", bottom, top, columns.len());
    let shown = Plot::new("compare-chart")
        .height(240.0)
        .legend(Legend::default())
        .include_y(bottom)
        .include_y(top)
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
    crate::app::charts::remember_transform(ui, "compare-chart", &shown.transform);
}

/// A figure as a cell to copy: exact money, rates as fractions, the exit in words.
fn cell(lang: Lang, figure: &str, v: &Figure) -> Cell {
    match v {
        Figure::Money(d) => Cell::Money(*d),
        Figure::Number(x) => match figure {
            "irr" | "distribution_rate" | "cumulative_default_rate" => Cell::Percent(*x, 3),
            "nav_at_issue" => Cell::Number(*x, 4),
            _ => Cell::Number(*x, 2),
        },
        Figure::Text(_) => Cell::Text(value(lang, figure, v)),
    }
}

/// One row a figure, one column a scenario (after its pinned version; a figure that moved
/// since the pin in colour); rows picked and copied as in a spreadsheet (`row_select`).
fn table(
    ui: &mut Ui,
    lang: Lang,
    c: &Comparison,
    columns: &[Column<'_>],
    cmds: &mut crate::app::command::Commands,
) {
    let moved = Tokens::of(ui.visuals()).warning;
    let Some(first) = c.scenarios.first() else {
        return;
    };
    let rows: Vec<(Option<String>, &'static str)> = first
        .figures(c.holding)
        .into_iter()
        .map(|(s, f, _)| (s.map(str::to_string), f))
        .collect();
    // Each column's figure of row `i`, if it has it.
    let figure = |col: &Column<'_>, i: usize| -> Option<Figure> {
        let (sec, fig) = &rows[i];
        col.figures
            .figures(c.holding)
            .into_iter()
            .find(|(x, f, _)| x.map(str::to_string) == *sec && f == fig)
            .map(|(.., v)| v)
    };
    let copy_row = |i: usize| -> Vec<Cell> {
        let (sec, fig) = &rows[i];
        std::iter::once(Cell::Text(label(lang, sec.as_deref(), fig)))
            .chain(
                columns
                    .iter()
                    .map(|col| figure(col, i).map_or(Cell::Empty, |v| cell(lang, fig, &v))),
            )
            .collect()
    };
    let copy = Rows {
        header: std::iter::once(lang.tr(S::CompareFigure).to_string())
            .chain(columns.iter().map(|col| col.title.clone()))
            .collect(),
        n: rows.len(),
        row: &copy_row,
    };
    egui::ScrollArea::both()
        .id_salt("compare-scroll")
        .show(ui, |ui| {
            row_select::table(ui, "compare-table", lang, cmds, &copy, |ui, picker| {
                TableBuilder::new(ui)
                    .id_salt("compare-table")
                    .striped(true)
                    .vscroll(false)
                    .sense(egui::Sense::click())
                    .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
                    .column(egui_extras::Column::auto())
                    .columns(egui_extras::Column::auto().at_least(60.0), columns.len())
                    .header(20.0, |mut h| {
                        for title in &copy.header {
                            h.col(|ui| {
                                ui.label(RichText::new(title).strong());
                            });
                        }
                    })
                    .body(|mut body| {
                        for (i, (sec, fig)) in rows.iter().enumerate() {
                            body.row(20.0, |mut row| {
                                row.set_selected(picker.selected(i));
                                row.col(|ui| {
                                    ui.with_layout(
                                        egui::Layout::left_to_right(egui::Align::Center),
                                        |ui| ui.label(label(lang, sec.as_deref(), fig)),
                                    );
                                });
                                let mut before: Option<String> = None;
                                for col in columns {
                                    let v = figure(col, i)
                                        .map_or_else(|| "—".into(), |v| value(lang, fig, &v));
                                    let text = match (&before, col.pinned) {
                                        (Some(b), false) if *b != v => {
                                            RichText::new(&v).color(moved)
                                        }
                                        _ => RichText::new(&v),
                                    };
                                    before = col.pinned.then_some(v);
                                    row.col(|ui| {
                                        ui.label(text);
                                    });
                                }
                                picker.respond(i, &row.response());
                            });
                        }
                    });
            });
            for f in &c.failed {
                ui.label(format!("{} {f}", lang.tr(S::CompareNotRun)));
            }
        });
}
