//! Stacked bars per payment date (distributions, pool flows): the stack leaves out the
//! series hidden in the legend, and the hover read-out lists every shown series of the date
//! in an egui tooltip (which stays inside the window, unlike egui_plot's bar text).

use super::data::{Series, date_of};
use crate::app::format;
use crate::format::number;
use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, ItemId, PlotMemory, PlotResponse};

/// One series of a bar chart.
pub struct Layer<'a> {
    pub name: String,
    pub id: ItemId,
    pub color: Color32,
    pub series: &'a Series,
    /// Stacked on the layers before it (false: drawn from the axis, e.g. defaults below it).
    pub stacked: bool,
}

/// The items the user hid by clicking the legend of the plot `salt` (as `date_plot` names
/// it), as of the last frame.
fn hidden(ui: &Ui, salt: &'static str) -> Vec<ItemId> {
    PlotMemory::load(ui.ctx(), ui.make_persistent_id((salt, "plot")))
        .map(|m| m.hidden_items.into_iter().collect())
        .unwrap_or_default()
}

/// The bar charts of `layers`, each stacked layer on the visible stacked layers before it,
/// so hiding one restacks the rest on the axis instead of leaving them floating.
pub fn charts(ui: &Ui, salt: &'static str, width: f64, layers: &[Layer<'_>]) -> Vec<BarChart> {
    let hidden = hidden(ui, salt);
    let mut out: Vec<BarChart> = Vec::with_capacity(layers.len());
    let mut stack: Vec<usize> = Vec::new();
    for layer in layers {
        let bars = layer
            .series
            .points
            .iter()
            .map(|p| Bar::new(p.x, p.y).width(width).fill(layer.color))
            .collect();
        // The read-out is the date tooltip; egui_plot's own bar text would run off the window.
        let mut chart = BarChart::new(layer.name.as_str(), bars)
            .id(layer.id)
            .color(layer.color)
            .element_formatter(Box::new(|_, _| String::new()));
        if layer.stacked {
            let below: Vec<&BarChart> = stack.iter().map(|&k| &out[k]).collect();
            chart = chart.stack_on(&below);
            if !hidden.contains(&layer.id) {
                stack.push(out.len());
            }
        }
        out.push(chart);
    }
    out
}

/// Under the pointer: the payment date of the nearest bar and each visible layer's amount.
pub fn tooltip(
    ui: &Ui,
    salt: &'static str,
    plot: &PlotResponse<()>,
    width: f64,
    layers: &[Layer<'_>],
    unit: &str,
) {
    let Some(pos) = plot.response.hover_pos() else {
        return;
    };
    let x = plot.transform.value_from_position(pos).x;
    let Some(first) = layers.first() else {
        return;
    };
    let Some(k) = nearest(&first.series.points, x, width) else {
        return;
    };
    let hidden = hidden(ui, salt);
    let date = date_of(first.series.points[k].x).map_or_else(String::new, format::date);
    plot.response.clone().on_hover_ui_at_pointer(|ui| {
        ui.strong(date);
        for layer in layers.iter().filter(|l| !hidden.contains(&l.id)) {
            if let Some(p) = layer.series.points.get(k) {
                ui.label(format!("{}: {} {unit}", layer.name, number(p.y, 2)));
            }
        }
    });
}

/// The bar whose date is within half a bar width of `x`.
fn nearest(points: &[egui_plot::PlotPoint], x: f64, width: f64) -> Option<usize> {
    points
        .iter()
        .enumerate()
        .map(|(k, p)| (k, (p.x - x).abs()))
        .filter(|(_, d)| *d <= width / 2.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

/// The highest stack and the lowest bar below the axis, for the y range.
pub fn extent(layers: &[Layer<'_>]) -> (f64, f64) {
    let n = layers
        .iter()
        .map(|l| l.series.points.len())
        .max()
        .unwrap_or(0);
    let mut top = 0f64;
    let mut bottom = 0f64;
    for k in 0..n {
        let stacked: f64 = layers
            .iter()
            .filter(|l| l.stacked)
            .filter_map(|l| l.series.points.get(k))
            .map(|p| p.y)
            .sum();
        top = top.max(stacked);
        for l in layers.iter().filter(|l| !l.stacked) {
            if let Some(p) = l.series.points.get(k) {
                bottom = bottom.min(p.y);
                top = top.max(p.y);
            }
        }
    }
    (bottom, top)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_plot::PlotPoint;

    #[test]
    fn a_bar_is_found_within_half_its_width() {
        let pts = [PlotPoint::new(100.0, 1.0), PlotPoint::new(130.0, 2.0)];
        assert_eq!(nearest(&pts, 110.0, 21.0), Some(0), "10 ≤ 10.5 days away");
        assert_eq!(
            nearest(&pts, 111.0, 21.0),
            None,
            "11 > 10.5 from 100, 19 from 130"
        );
        assert_eq!(nearest(&pts, 125.0, 21.0), Some(1));
    }

    #[test]
    fn the_extent_stacks_positive_layers_and_keeps_negatives_apart() {
        let series = |points| Series {
            names: Default::default(),
            color: Color32::RED,
            mark: crate::export::charts::Mark::StackedBar,
            points,
        };
        let a = series(vec![PlotPoint::new(0.0, 2.0), PlotPoint::new(1.0, 5.0)]);
        let b = series(vec![PlotPoint::new(0.0, 4.0), PlotPoint::new(1.0, 0.5)]);
        let d = series(vec![PlotPoint::new(0.0, -3.0), PlotPoint::new(1.0, 0.0)]);
        let layer = |s, stacked| Layer {
            name: String::new(),
            id: ItemId::new(0),
            color: Color32::RED,
            series: s,
            stacked,
        };
        // Stacks 2 + 4 = 6 and 5 + 0.5 = 5.5; the defaults go down to −3.
        let e = extent(&[layer(&a, true), layer(&b, true), layer(&d, false)]);
        assert_eq!(e, (-3.0, 6.0));
    }
}
