//! The result charts (egui_plot). Series come precomputed in [`data::ChartData`]; drawing
//! borrows them. Each plot has a stable id and is reset when a different deal or scenario
//! is shown (`epoch`), so a user's zoom never hides the new figures.

pub mod data;
pub mod holding;
pub mod holding_table;
pub mod incentive;
pub mod table;

use super::compute::Sensitivity;
use super::format::{self, Unit};
use super::i18n::{Lang, S};
use super::theme::{Tokens, series};
use chrono::Datelike;
use data::{ChartData, POOL_FLOW_NAMES, date_of};
use egui::{RichText, Ui};
use egui_plot::{
    Bar, BarChart, Corner, GridInput, GridMark, HoverPosition, Legend, Line, LineStyle, Plot,
    PlotPoint, PlotPoints, Points, Text, VLine,
};
use std::ops::RangeInclusive;

/// Months between date grid lines for an axis spanning `span` days.
fn month_step(span: f64) -> u32 {
    match span {
        s if s < 200.0 => 1,
        s if s < 800.0 => 3,
        s if s < 1600.0 => 6,
        _ => 12,
    }
}

/// Grid lines on month starts, every 1, 3, 6 or 12 months depending on the zoom.
fn date_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let span = hi - lo;
    let (Some(start), Some(_)) = (date_of(lo), date_of(hi)) else {
        return Vec::new();
    };
    if span.is_nan() || span <= 0.0 || span > 365.0 * 100.0 {
        return Vec::new();
    }
    let step = month_step(span);
    let month0 = start.month0() - start.month0() % step;
    let Some(mut d) = chrono::NaiveDate::from_ymd_opt(start.year(), month0 + 1, 1) else {
        return Vec::new();
    };
    let mut marks = Vec::new();
    while data::day_number(d) <= hi {
        let x = data::day_number(d);
        if x >= lo {
            let size = if d.month() == 1 {
                365.0
            } else {
                30.0 * f64::from(step)
            };
            marks.push(GridMark {
                value: x,
                step_size: size,
            });
        }
        match crate::time::add_months(d, step) {
            Some(next) => d = next,
            None => break,
        }
    }
    marks
}

fn date_label(mark: GridMark, range: &RangeInclusive<f64>) -> String {
    let step = month_step(range.end() - range.start());
    date_of(mark.value).map_or_else(String::new, |d| {
        if step == 12 {
            d.format("%Y").to_string()
        } else {
            d.format("%Y-%m").to_string()
        }
    })
}

/// A plot with a date x axis, a y axis in `unit`, a legend and hover read-outs.
fn date_plot<'a>(ui: &Ui, id: &'static str, epoch: u64, y_label: String) -> Plot<'a> {
    let id_salt = (id, "plot");
    let key = egui::Id::unique(id_salt).with("epoch");
    let last = ui.data(|d| d.get_temp::<u64>(key));
    ui.data_mut(|d| d.insert_temp(key, epoch));
    let y_unit = y_label.clone();
    let mut plot = Plot::new(id_salt)
        .legend(
            Legend::default()
                .position(Corner::RightTop)
                .follow_insertion_order(true),
        )
        .x_grid_spacer(date_grid)
        .x_axis_formatter(date_label)
        .y_axis_label(y_label)
        .allow_scroll(false)
        .label_formatter(move |pos| {
            let (name, p) = match pos {
                HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (*plot_name, *position),
                HoverPosition::Elsewhere { position } => ("", *position),
            };
            let date = date_of(p.x).map_or_else(String::new, format::date);
            Some(
                format!("{name}\n{date}\n{:.2} {y_unit}", p.y)
                    .trim()
                    .to_string(),
            )
        });
    if last.is_some_and(|l| l != epoch) {
        plot = plot.reset();
    }
    plot
}

/// Formats a bar's hover read-out.
type BarFormatter = Box<dyn Fn(&Bar, &BarChart) -> String>;

fn bar_formatter(name: String, unit: &'static str) -> BarFormatter {
    Box::new(move |bar, _| {
        let date = date_of(bar.argument).map_or_else(String::new, format::date);
        format!("{name}\n{date}\n{:.2} {unit}", bar.value)
    })
}

fn unit_label(lang: Lang, unit: Unit) -> &'static str {
    unit.label(crate::app::chart_export::export_lang(lang))
}

/// Cash paid per payment date, stacked by security.
pub fn distributions(ui: &mut Ui, c: &ChartData, lang: Lang, epoch: u64) -> egui::Response {
    let unit = unit_label(lang, c.flow_unit);
    let mut charts: Vec<BarChart> = Vec::with_capacity(c.distributions.len());
    for (i, s) in c.distributions.iter().enumerate() {
        let bars = s
            .points
            .iter()
            .map(|p| Bar::new(p.x, p.y).width(c.bar_width).fill(series(i)))
            .collect();
        let below: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(s.name.clone(), bars)
            .id(("distribution", i))
            .color(series(i))
            .element_formatter(bar_formatter(s.name.clone(), unit))
            .stack_on(&below);
        charts.push(chart);
    }
    date_plot(ui, "distributions", epoch, unit.to_string())
        .show(ui, |p| {
            for chart in charts {
                p.bar_chart(chart);
            }
        })
        .response
}

/// Outstanding balance of each security and of the pool.
pub fn balances(ui: &mut Ui, c: &ChartData, lang: Lang, epoch: u64) -> egui::Response {
    let unit = unit_label(lang, c.balance_unit);
    let pool_name = lang.tr(S::PoolBalanceLine);
    let muted = Tokens::of(ui.visuals()).muted;
    date_plot(ui, "balances", epoch, unit.to_string())
        .show(ui, |p| {
            p.line(
                Line::new(pool_name, PlotPoints::from(&c.pool_balance.points[..]))
                    .id("pool-balance")
                    .color(muted)
                    .style(LineStyle::dashed_loose()),
            );
            for (i, s) in c.balances.iter().enumerate() {
                p.line(
                    Line::new(s.name.as_str(), PlotPoints::from(&s.points[..]))
                        .id(("balance", i))
                        .color(series(i))
                        .width(2.0),
                );
            }
        })
        .response
}

/// Pool collections stacked above the axis and defaults below it.
pub fn pool_flows(ui: &mut Ui, c: &ChartData, lang: Lang, epoch: u64) -> egui::Response {
    let unit = unit_label(lang, c.pool_unit);
    let tokens = Tokens::of(ui.visuals());
    let colors = [series(0), series(1), series(5), series(2)];
    let mut charts: Vec<BarChart> = Vec::with_capacity(5);
    for (k, s) in c.pool_flows.iter().enumerate() {
        let name = lang.tr(POOL_FLOW_NAMES[k]);
        let bars = s
            .points
            .iter()
            .map(|p| Bar::new(p.x, p.y).width(c.bar_width).fill(colors[k]))
            .collect();
        let below: Vec<&BarChart> = charts.iter().collect();
        charts.push(
            BarChart::new(name, bars)
                .id(("pool-flow", k))
                .color(colors[k])
                .element_formatter(bar_formatter(name.to_string(), unit))
                .stack_on(&below),
        );
    }
    let name = lang.tr(S::Defaults);
    let bars = c
        .defaults
        .points
        .iter()
        .map(|p| Bar::new(p.x, p.y).width(c.bar_width).fill(tokens.error))
        .collect();
    charts.push(
        BarChart::new(name, bars)
            .id("defaults")
            .color(tokens.error)
            .element_formatter(bar_formatter(name.to_string(), unit)),
    );
    date_plot(ui, "pool-flows", epoch, unit.to_string())
        .show(ui, |p| {
            for chart in charts {
                p.bar_chart(chart);
            }
        })
        .response
}

/// IRR of each security as bars, names on the x axis.
pub fn irr(ui: &mut Ui, c: &ChartData, lang: Lang, epoch: u64) -> egui::Response {
    let names: Vec<String> = c.irr.iter().map(|(n, _)| n.clone()).collect();
    let no_irr = lang.tr(S::NoIrr);
    let top = c.irr.iter().filter_map(|(_, r)| *r).fold(0.0, f64::max) * 100.0;
    let key = egui::Id::unique(("irr", "plot")).with("epoch");
    let reset = ui
        .data(|d| d.get_temp::<u64>(key))
        .is_some_and(|l| l != epoch);
    ui.data_mut(|d| d.insert_temp(key, epoch));
    let bars: Vec<Bar> = c
        .irr
        .iter()
        .enumerate()
        .map(|(i, (name, irr))| {
            Bar::new(i as f64, irr.map_or(0.0, |r| r * 100.0))
                .name(name)
                .width(0.6)
                .fill(series(i))
        })
        .collect();
    let labels: Vec<String> = c
        .irr
        .iter()
        .map(|(_, r)| r.map_or_else(|| no_irr.to_string(), |r| format::pct(r, 3)))
        .collect();
    let chart = BarChart::new(lang.tr(S::Irr), bars)
        .id("irr")
        .element_formatter(Box::new(move |bar, _| {
            let i = bar.argument.round() as usize;
            format!("{}\n{}", bar.name, labels.get(i).map_or("", String::as_str))
        }));
    let mut plot = Plot::new(("irr", "plot"))
        .y_axis_label("%")
        .allow_scroll(false)
        .x_grid_spacer(|input| {
            let (lo, hi) = input.bounds;
            (lo.ceil().max(0.0) as usize..=hi.floor().max(0.0) as usize)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            names.get(i as usize).cloned().unwrap_or_default()
        })
        .include_y(0.0)
        // Headroom for the value labels over the bars.
        .include_y(top * 1.15);
    if reset {
        plot = plot.reset();
    }
    let tops: Vec<Text> = c
        .irr
        .iter()
        .enumerate()
        .map(|(i, (_, irr))| {
            let y = irr.map_or(0.0, |r| r * 100.0);
            let label = irr.map_or_else(|| no_irr.to_string(), |r| format::pct(r, 3));
            Text::new(
                label.clone(),
                PlotPoint::new(i as f64, y),
                RichText::new(label).strong().size(14.0),
            )
            .anchor(egui::Align2::CENTER_BOTTOM)
            .id(("irr-label", i))
        })
        .collect();
    plot.show(ui, |p| {
        p.bar_chart(chart);
        for text in tops {
            p.text(text);
        }
    })
    .response
}

/// IRR of the chosen security against the chosen driver, with the scenario's value marked.
pub fn sensitivity(ui: &mut Ui, s: &Sensitivity, lang: Lang, epoch: u64) {
    let key = egui::Id::unique(("sensitivity", "plot")).with("epoch");
    let reset = ui
        .data(|d| d.get_temp::<u64>(key))
        .is_some_and(|l| l != epoch);
    ui.data_mut(|d| d.insert_temp(key, epoch));
    let tokens = Tokens::of(ui.visuals());
    let pts: Vec<[f64; 2]> = s
        .points
        .iter()
        .filter_map(|(x, irr, _)| irr.map(|r| [x * 100.0, r * 100.0]))
        .collect();
    let losses: Vec<[f64; 2]> = s
        .points
        .iter()
        .filter(|(_, _, loss)| *loss)
        .filter_map(|(x, irr, _)| irr.map(|r| [x * 100.0, r * 100.0]))
        .collect();
    let irr_name = lang.tr(S::Irr);
    let loss_name = lang.tr(S::Loss);
    let current_name = lang.tr(S::CurrentValue);
    let x_name = lang.tr(s.driver.title());
    let (lo, hi) = s.driver.range();
    let mut plot = Plot::new(("sensitivity", "plot"))
        .legend(
            Legend::default()
                .position(Corner::RightTop)
                .follow_insertion_order(true),
        )
        .x_axis_label(format!("{x_name} %"))
        .include_x(lo * 100.0)
        .include_x(hi * 100.0)
        .y_axis_label(format!("{irr_name} %"))
        .allow_scroll(false)
        .label_formatter(|pos| {
            let p = match pos {
                HoverPosition::NearDataPoint { position, .. } => *position,
                HoverPosition::Elsewhere { position } => *position,
            };
            Some(format!("{x_name} {:.1}%\nIRR {:.3}%", p.x, p.y))
        });
    if reset {
        plot = plot.reset();
    }
    plot.show(ui, |p| {
        p.line(
            Line::new(irr_name, PlotPoints::new(pts.clone()))
                .id("sens-irr")
                .color(series(0))
                .width(2.0),
        );
        p.points(
            Points::new(irr_name, PlotPoints::new(pts))
                .id("sens-irr-points")
                .color(series(0))
                .radius(3.0),
        );
        if !losses.is_empty() {
            p.points(
                Points::new(loss_name, PlotPoints::new(losses))
                    .id("sens-loss")
                    .color(tokens.error)
                    .radius(4.5),
            );
        }
        if let Some(c) = s.current {
            p.vline(
                VLine::new(current_name, c * 100.0)
                    .id("sens-current")
                    .color(tokens.warning)
                    .style(LineStyle::dashed_dense()),
            );
        }
    });
}

/// The highest grid CDR at which the security still loses no principal.
pub fn break_even(s: &Sensitivity) -> Option<f64> {
    s.points
        .iter()
        .take_while(|(_, _, loss)| !loss)
        .last()
        .map(|(cdr, _, _)| *cdr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_grid_on_month_starts() {
        let lo = data::day_number("2025-04-18".parse().unwrap());
        let hi = data::day_number("2029-04-18".parse().unwrap());
        let marks = date_grid(GridInput {
            bounds: (lo, hi),
            base_step_size: 1.0,
        });
        let dates: Vec<String> = marks
            .iter()
            .map(|m| date_of(m.value).unwrap().to_string())
            .collect();
        assert_eq!(dates[0], "2025-07-01");
        assert_eq!(dates.len(), 8, "every 6 months over 4 years: {dates:?}");
        assert!(
            date_grid(GridInput {
                bounds: (f64::NAN, 1.0),
                base_step_size: 1.0
            })
            .is_empty()
        );
    }

    #[test]
    fn break_even_is_the_last_cdr_without_loss() {
        let s = Sensitivity {
            seq: 1,
            points: vec![
                (0.0, Some(0.02), false),
                (0.01, Some(0.02), false),
                (0.02, Some(0.01), true),
            ],
            driver: crate::app::compute::Driver::Cdr,
            current: None,
            error: None,
        };
        assert_eq!(break_even(&s), Some(0.01));
    }
}
