//! The result charts (egui_plot). Series come precomputed in [`data::ChartData`]; drawing
//! borrows them. Each plot has a stable id and is reset when a different deal or scenario
//! is shown (`epoch`), so a user's zoom never hides the new figures.

pub mod bars;
pub mod data;
pub mod holding_table;
pub mod incentive;
pub mod table;

use super::compute::Sensitivity;
use super::format;
use super::i18n::Lang;
use crate::export::charts::{Mark, XAxis};
use chrono::Datelike;
use data::{ChartData, date_of};
use egui::{RichText, Ui};
use egui_plot::{
    Bar, BarChart, Corner, GridInput, GridMark, HoverPosition, ItemId, Legend, Line, LineStyle,
    Plot, PlotPoint, PlotPoints, Points, Text, VLine,
};
use std::ops::RangeInclusive;

/// Date grid steps in months: the smallest whose labels do not overlap.
const MONTH_STEPS: [u32; 6] = [1, 3, 6, 12, 24, 60];

/// Months between date grid lines. `base_step` is egui_plot's smallest grid step (days per
/// its minimum grid spacing of 8 points); a tick label needs 80 points (egui_plot's full
/// strength label spacing), so a step of at least ten base steps.
fn month_step(base_step: f64) -> u32 {
    MONTH_STEPS
        .into_iter()
        .find(|m| f64::from(*m) * 30.0 >= base_step * 10.0)
        .unwrap_or(120)
}

/// Grid lines on month starts, every 1, 3, 6, 12, 24 or 60 months depending on the zoom.
/// Every mark carries the step, so egui_plot labels each one (it labels a mark only when
/// its step is wide enough on screen).
fn date_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let span = hi - lo;
    let (Some(start), Some(_)) = (date_of(lo), date_of(hi)) else {
        return Vec::new();
    };
    if span.is_nan() || span <= 0.0 || span > 365.0 * 200.0 {
        return Vec::new();
    }
    let step = month_step(input.base_step_size);
    let months = start.year() * 12 + start.month0() as i32;
    let first = months - months.rem_euclid(step as i32);
    let Some(mut d) =
        chrono::NaiveDate::from_ymd_opt(first.div_euclid(12), first.rem_euclid(12) as u32 + 1, 1)
    else {
        return Vec::new();
    };
    // A label is centred on its mark: none within half a "2029-06" (32 points, four base
    // steps) of either end, where it would run past the plot.
    let edge = input.base_step_size * 4.0;
    let mut marks = Vec::new();
    while data::day_number(d) <= hi - edge {
        let x = data::day_number(d);
        if x >= lo + edge {
            marks.push(GridMark {
                value: x,
                step_size: 30.0 * f64::from(step),
            });
        }
        match crate::time::add_months(d, step) {
            Some(next) => d = next,
            None => break,
        }
    }
    marks
}

fn date_label(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    date_of(mark.value).map_or_else(String::new, |d| {
        if mark.step_size >= 360.0 {
            d.format("%Y").to_string()
        } else {
            d.format("%Y-%m").to_string()
        }
    })
}

/// A money tick with thousands separators and as many decimals as the step needs
/// (200000 → "200,000"; 0.25 steps → "1.25").
fn money_tick(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    crate::format::number(mark.value, step_decimals(mark.step_size))
}

/// Grid lines every 1, 2 or 5 × 10ⁿ, the finest whose labels have room (ten of egui_plot's
/// base steps, 80 points): a −5% to 8% axis reads −4, −2, 0, 2, … rather than only 0.
fn labelled_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let min_step = input.base_step_size * 10.0;
    if !(lo.is_finite() && hi.is_finite() && min_step.is_finite() && min_step > 0.0 && hi > lo) {
        return Vec::new();
    }
    let decade = 10f64.powf(min_step.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * decade)
        .find(|s| *s >= min_step)
        .unwrap_or(10.0 * decade);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .take(1000)
        .map(|k| GridMark {
            value: k as f64 * step,
            step_size: step,
        })
        .collect()
}

/// The decimals that write a grid step exactly (50,000 → 0, 0.5 → 1, 0.25 → 2), at most 6.
fn step_decimals(step: f64) -> usize {
    (0..6)
        .find(|dp| {
            let scaled = step.abs() * 10f64.powi(*dp);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6) as usize
}

/// egui_plot's margin around the auto bounds, a fraction of the span on each side.
const PLOT_MARGIN: f64 = 0.05;

/// Where the last transform of the plot `salt` is kept between frames.
fn transform_key(salt: &'static str) -> egui::Id {
    egui::Id::unique((salt, "transform"))
}

/// Keep the plot's transform (its data frame and bounds) for the next frame's headroom,
/// and draw that frame at once when the height was not known (the first frame guesses it).
pub(crate) fn remember_transform(
    ui: &Ui,
    salt: &'static str,
    transform: &egui_plot::PlotTransform,
) {
    let key = transform_key(salt);
    let known = ui
        .data(|d| d.get_temp::<egui_plot::PlotTransform>(key))
        .is_some_and(|t| t.frame().height() == transform.frame().height());
    ui.data_mut(|d| d.insert_temp(key, *transform));
    if !known {
        ui.ctx().request_repaint();
    }
}

/// The value ↔ screen transform of the chart `salt` ("distributions", "pool-flows",
/// "project-company", "compare-chart", …) as last drawn.
pub fn last_plot_transform(
    ctx: &egui::Context,
    salt: &'static str,
) -> Option<egui_plot::PlotTransform> {
    ctx.data(|d| d.get_temp(transform_key(salt)))
}

/// The top of the y axis of the plot `salt` that keeps the data (`bottom` to `top`) below a
/// legend of `rows` entries in the upper corner, so the legend never covers a bar or a line.
/// The data height is the last frame's ([`remember_transform`]); on the first frame, the space
/// left less three rows for the x axis.
pub(crate) fn top_with_legend(
    ui: &Ui,
    salt: &'static str,
    bottom: f64,
    top: f64,
    rows: usize,
) -> f64 {
    let row = f64::from(ui.text_style_height(&egui::TextStyle::Body))
        + f64::from(ui.spacing().item_spacing.y);
    // egui_plot's legend sits 4 points inside the frame, with 4 points of margin above and
    // below its rows and a stroke; 4 more points of gap above the data.
    let legend = 4.0 + 8.0 + 2.0 + 4.0 + row * rows as f64;
    let height = ui
        .data(|d| d.get_temp::<egui_plot::PlotTransform>(transform_key(salt)))
        .map_or_else(
            || f64::from(ui.available_height()) - 3.0 * row,
            |t| f64::from(t.frame().height()),
        )
        .max(legend * 2.5);
    let f = legend / height;
    // With the margin m, a span s drawn from `bottom`: the data top is (s(1 + m) − d) /
    // (s(1 + 2m)) of the height below the frame's top, at least f when
    // s ≥ d / (1 + m − f(1 + 2m)).
    let d = top - bottom;
    bottom + d / (1.0 + PLOT_MARGIN - f * (1.0 + 2.0 * PLOT_MARGIN))
}

/// A plot of `chart` with a date x axis, the chart's axis labels, separated y ticks, a
/// legend of one entry per series above the values (`bottom` to `top`), and hover read-outs
/// in the chart's unit.
fn date_plot<'a>(
    ui: &Ui,
    id: &'static str,
    epoch: u64,
    chart: &data::Chart,
    lang: Lang,
    (bottom, top): (f64, f64),
) -> Plot<'a> {
    let id_salt = (id, "plot");
    let key = egui::Id::unique(id_salt).with("epoch");
    let last = ui.data(|d| d.get_temp::<u64>(key));
    ui.data_mut(|d| d.insert_temp(key, epoch));
    let y_unit = chart.y_unit.label(lang);
    let legend_rows = chart.series.len();
    let mut plot = Plot::new(id_salt)
        .legend(
            Legend::default()
                .position(Corner::RightTop)
                .follow_insertion_order(true),
        )
        .x_grid_spacer(date_grid)
        .x_axis_formatter(date_label)
        .y_axis_formatter(money_tick)
        .include_y(bottom)
        .include_y(top_with_legend(ui, id, bottom, top, legend_rows))
        .x_axis_label(chart.x_label(lang).to_string())
        .y_axis_label(chart.y_label(lang).to_string())
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
            let value = crate::format::number(p.y, 2);
            Some(
                format!("{name}\n{date}\n{value} {y_unit}")
                    .trim()
                    .to_string(),
            )
        });
    if last.is_some_and(|l| l != epoch) {
        plot = plot.reset();
    }
    plot
}

/// Draw stacked bars with the date tooltip (no egui_plot read-out, which runs off the
/// window at the right-most bar).
fn bar_plot(
    ui: &mut Ui,
    salt: &'static str,
    epoch: u64,
    chart: &data::Chart,
    lang: Lang,
    width: f64,
) -> egui::Response {
    let layers = layers(chart, lang, salt);
    let layers = &layers[..];
    let unit = chart.y_unit.label(lang);
    let (bottom, top) = bars::extent(layers);
    let charts = bars::charts(ui, salt, width, layers);
    let plot = date_plot(ui, salt, epoch, chart, lang, (bottom, top))
        .label_formatter(|_| None)
        .show(ui, |p| {
            for chart in charts {
                p.bar_chart(chart);
            }
        });
    remember_transform(ui, salt, &plot.transform);
    bars::tooltip(ui, salt, &plot, width, layers, unit);
    plot.response
}

/// The bar layers of a chart of the description, in its order, names and colours.
fn layers<'a>(c: &'a data::Chart, lang: Lang, salt: &'static str) -> Vec<bars::Layer<'a>> {
    c.series
        .iter()
        .enumerate()
        .map(|(i, s)| bars::Layer {
            name: s.name(lang).to_string(),
            id: ItemId::new((salt, i)),
            color: s.color,
            series: s,
            stacked: s.stacked(),
        })
        .collect()
}

/// Cash paid per payment date, stacked by security.
pub fn distributions(ui: &mut Ui, c: &ChartData, lang: Lang, epoch: u64) -> egui::Response {
    bar_plot(
        ui,
        "distributions",
        epoch,
        &c.distributions,
        lang,
        c.bar_width,
    )
}

/// A line chart of the description on a date axis (balances, the project company, the NAV):
/// its series in order, dashed where the description dashes them.
pub fn lines(
    ui: &mut Ui,
    salt: &'static str,
    chart: &data::Chart,
    lang: Lang,
    epoch: u64,
) -> egui::Response {
    let plot = date_plot(ui, salt, epoch, chart, lang, chart.y_extent()).show(ui, |p| {
        for (i, s) in chart.series.iter().enumerate() {
            let line = Line::new(s.name(lang), PlotPoints::from(&s.points[..]))
                .id((salt, i))
                .color(s.color);
            p.line(if s.mark == Mark::DashedLine {
                line.style(LineStyle::dashed_loose())
            } else {
                line.width(2.0)
            });
        }
    });
    remember_transform(ui, salt, &plot.transform);
    plot.response
}

/// Pool collections stacked above the axis and defaults below it.
pub fn pool_flows(ui: &mut Ui, c: &ChartData, lang: Lang, epoch: u64) -> egui::Response {
    bar_plot(ui, "pool-flows", epoch, &c.pool_flows, lang, c.bar_width)
}

/// IRR of each security as bars, names on the x axis.
pub fn irr(ui: &mut Ui, c: &ChartData, lang: Lang, epoch: u64) -> egui::Response {
    let chart = &c.irr;
    let names: Vec<String> = chart
        .series
        .iter()
        .map(|s| s.name(lang).to_string())
        .collect();
    // One bar per security, in percent; none where it has no IRR.
    let values: Vec<Option<f64>> = chart
        .series
        .iter()
        .map(|s| s.points.first().map(|p| p.y))
        .collect();
    let label = |v: Option<f64>| {
        v.map_or_else(
            || chart.no_value(lang).to_string(),
            |y| format!("{}%", crate::format::number(y, 3)),
        )
    };
    let labels: Vec<String> = values.iter().map(|v| label(*v)).collect();
    let top = values.iter().flatten().copied().fold(0.0, f64::max);
    let key = egui::Id::unique(("irr", "plot")).with("epoch");
    let reset = ui
        .data(|d| d.get_temp::<u64>(key))
        .is_some_and(|l| l != epoch);
    ui.data_mut(|d| d.insert_temp(key, epoch));
    let bars: Vec<Bar> = chart
        .series
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(i, (s, v))| {
            Bar::new(i as f64, v.unwrap_or(0.0))
                .name(s.name(lang))
                .width(0.6)
                .fill(s.color)
        })
        .collect();
    let bar_labels = labels.clone();
    let bar_chart = BarChart::new(lang.term(crate::i18n::Term::Irr), bars)
        .id("irr")
        .element_formatter(Box::new(move |bar, _| {
            let i = bar.argument.round() as usize;
            format!(
                "{}\n{}",
                bar.name,
                bar_labels.get(i).map_or("", String::as_str)
            )
        }));
    let n = names.len();
    // The names go in a row under the plot, wrapped to their bar's slot: egui_plot drops an
    // axis label wider than its step and lets the outer ones run past the frame.
    let slot_guess = (ui.available_width() - 60.0) / (n.max(1) as f32 * 1.1);
    let names_height = names
        .iter()
        .map(|name| name_galley(ui, name, slot_guess).size().y)
        .fold(0.0, f32::max)
        + 4.0;
    let mut plot = Plot::new(("irr", "plot"))
        .height((ui.available_height() - names_height).max(120.0))
        .y_axis_label(chart.y_label(lang).to_string())
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
        .x_axis_formatter(|_, _| String::new())
        // Half a slot each side of the outer bars, so their names fit under them.
        .include_x(-0.5)
        .include_x(n as f64 - 0.5)
        .include_y(0.0)
        // Headroom for the value labels over the bars.
        .include_y(top * 1.15);
    if reset {
        plot = plot.reset();
    }
    let tops: Vec<Text> = values
        .iter()
        .zip(labels)
        .enumerate()
        .map(|(i, (v, label))| {
            Text::new(
                label.clone(),
                PlotPoint::new(i as f64, v.unwrap_or(0.0)),
                RichText::new(label).strong().size(14.0),
            )
            .anchor(egui::Align2::CENTER_BOTTOM)
            .id(("irr-label", i))
        })
        .collect();
    let shown = plot.show(ui, |p| {
        p.bar_chart(bar_chart);
        for text in tops {
            p.text(text);
        }
    });
    let (row, _) = ui.allocate_exact_size(
        egui::vec2(shown.response.rect.width(), names_height),
        egui::Sense::hover(),
    );
    remember_transform(ui, "irr", &shown.transform);
    let slot = shown.transform.dpos_dvalue_x().abs() as f32;
    for (i, name) in names.iter().enumerate() {
        let x = shown.transform.position_from_point_x(i as f64);
        let rect = egui::Rect::from_center_size(
            egui::pos2(x, row.center().y),
            egui::vec2(slot, names_height),
        );
        // Centred lines, not `put`'s justified layout, which spreads a wrapped line's glyphs.
        let centred = egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Center));
        ui.scope_builder(centred, |ui| ui.add(egui::Label::new(name.as_str()).wrap()));
    }
    shown.response
}

/// A security's name wrapped to `width` points, as the IRR chart writes it under its bar.
fn name_galley(ui: &Ui, name: &str, width: f32) -> std::sync::Arc<egui::Galley> {
    let font = egui::TextStyle::Body.resolve(ui.style());
    ui.fonts_mut(|f| f.layout(name.to_string(), font, egui::Color32::PLACEHOLDER, width))
}

/// IRR of the chosen security against the chosen driver (the sweep's chart as the
/// description has it): the IRR line with a dot per run, the runs that lose principal, and
/// the scenario's value as a dashed vertical line.
pub fn sensitivity(ui: &mut Ui, chart: &data::Chart, lang: Lang, epoch: u64) {
    let key = egui::Id::unique(("sensitivity", "plot")).with("epoch");
    let reset = ui
        .data(|d| d.get_temp::<u64>(key))
        .is_some_and(|l| l != epoch);
    ui.data_mut(|d| d.insert_temp(key, epoch));
    let (y_lo, y_hi) = chart.y_extent();
    let rows = chart.series.len();
    let y_hi = top_with_legend(ui, "sensitivity", y_lo, y_hi, rows);
    let x_name = chart.x_label(lang).to_string();
    let irr_name = lang.term(crate::i18n::Term::Irr);
    let mut plot = Plot::new(("sensitivity", "plot"))
        .legend(
            Legend::default()
                .position(Corner::RightTop)
                .follow_insertion_order(true),
        )
        .x_axis_label(x_name.clone())
        .x_grid_spacer(labelled_grid)
        .y_grid_spacer(labelled_grid)
        .x_axis_formatter(pct_tick)
        .y_axis_formatter(pct_tick)
        .include_y(y_lo)
        .include_y(y_hi)
        .y_axis_label(chart.y_label(lang).to_string())
        .allow_scroll(false)
        .label_formatter(move |pos| {
            let p = match pos {
                HoverPosition::NearDataPoint { position, .. } => *position,
                HoverPosition::Elsewhere { position } => *position,
            };
            Some(format!("{x_name}: {:.1}%\n{irr_name} {:.3}%", p.x, p.y))
        });
    if let XAxis::Values { lo, hi } = chart.x {
        plot = plot.include_x(lo).include_x(hi);
    }
    if reset {
        plot = plot.reset();
    }
    let shown = plot.show(ui, |p| {
        for (i, s) in chart.series.iter().enumerate() {
            let name = s.name(lang);
            let pts = || PlotPoints::from(&s.points[..]);
            match s.mark {
                Mark::LinePoints | Mark::Line | Mark::DashedLine => {
                    p.line(
                        Line::new(name, pts())
                            .id(("sens", i))
                            .color(s.color)
                            .width(2.0),
                    );
                    if s.mark == Mark::LinePoints {
                        p.points(
                            Points::new(name, pts())
                                .id(("sens-points", i))
                                .color(s.color)
                                .radius(3.0),
                        );
                    }
                }
                Mark::Points | Mark::Bar | Mark::StackedBar => p.points(
                    Points::new(name, pts())
                        .id(("sens", i))
                        .color(s.color)
                        .radius(4.5),
                ),
                Mark::VLine => {
                    for (k, pt) in s.points.iter().enumerate() {
                        p.vline(
                            VLine::new(name, pt.x)
                                .id(("sens", i, k))
                                .color(s.color)
                                .style(LineStyle::dashed_dense()),
                        );
                    }
                }
            }
        }
    });
    remember_transform(ui, "sensitivity", &shown.transform);
}

/// A percent tick with as many decimals as the step needs: "-5", "2.5".
fn pct_tick(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    crate::format::number(mark.value, step_decimals(mark.step_size))
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
        // A base step of 15 days: labels need 150 days, so every 6 months (180 days).
        let marks = date_grid(GridInput {
            bounds: (lo, hi),
            base_step_size: 15.0,
        });
        let dates: Vec<String> = marks
            .iter()
            .map(|m| date_of(m.value).unwrap().to_string())
            .collect();
        assert_eq!(dates[0], "2025-07-01");
        assert_eq!(dates.len(), 8, "every 6 months over 4 years: {dates:?}");
        // 4 years on ~520 points: a base step of 1,461 / 520 × 8 ≈ 22.5 days; 225 days
        // between labels → every 12 months, on 1 January.
        let yearly = date_grid(GridInput {
            bounds: (lo, hi),
            base_step_size: 22.5,
        });
        let years: Vec<String> = yearly.iter().map(|m| date_label(*m, &(lo..=hi))).collect();
        assert_eq!(years, ["2026", "2027", "2028", "2029"]);
        // Ending on 2029-01-20, 19 days after the 2029 mark: with a base step of 22.5 days
        // a label needs 4 × 22.5 = 90 days each side, so "2029" is left out, not cut.
        let near_end = data::day_number("2029-01-20".parse().unwrap());
        let cut: Vec<String> = date_grid(GridInput {
            bounds: (lo, near_end),
            base_step_size: 22.5,
        })
        .iter()
        .map(|m| date_label(*m, &(lo..=near_end)))
        .collect();
        assert_eq!(cut, ["2026", "2027", "2028"]);
        assert!(
            date_grid(GridInput {
                bounds: (f64::NAN, 1.0),
                base_step_size: 1.0
            })
            .is_empty()
        );
    }

    #[test]
    fn ticks_have_separators_and_the_step_decimals() {
        let mark = |value, step_size| GridMark { value, step_size };
        assert_eq!(
            money_tick(mark(200_000.0, 50_000.0), &(0.0..=1.0)),
            "200,000"
        );
        assert_eq!(money_tick(mark(1.25, 0.25), &(0.0..=1.0)), "1.25");
        assert_eq!(pct_tick(mark(-5.0, 5.0), &(0.0..=1.0)), "-5");
        assert_eq!(pct_tick(mark(2.5, 0.5), &(0.0..=1.0)), "2.5");
    }

    #[test]
    fn the_growth_axis_is_labelled_every_two_points() {
        // −5% to 8% on ~540 points: base step 13 / 540 × 8 ≈ 0.193; labels need 1.93 →
        // steps of 2: −4, −2, 0, 2, 4, 6, 8 (egui_plot's own spacer labelled only 0).
        let marks = labelled_grid(GridInput {
            bounds: (-5.0, 8.0),
            base_step_size: 13.0 / 540.0 * 8.0,
        });
        let values: Vec<f64> = marks.iter().map(|m| m.value).collect();
        assert_eq!(values, [-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
        assert!(marks.iter().all(|m| m.step_size == 2.0));
    }

    #[test]
    fn the_date_step_leaves_room_for_a_label() {
        // A 20-year deal on a 520-point plot: 7,300 days, 8-point base step ≈ 112 days;
        // labels need ten base steps (1,120 days), so every 60 months (1,800 days): 24
        // months (720 days) would overlap.
        assert_eq!(month_step(7300.0 / 520.0 * 8.0), 60);
        // Two years on 520 points: base step ≈ 11 days, 110 days → every 6 months (180).
        assert_eq!(month_step(730.0 / 520.0 * 8.0), 6);
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
            chart: None,
            error: None,
        };
        assert_eq!(break_even(&s), Some(0.01));
    }
}
