//! The grid tab: the deal's grids (one or two drivers, each a range and a step, and the
//! figure in each cell), edited here and saved with the deal, drawn as a line (one driver)
//! or a heatmap (two); and the tornado of every output against one step of each driver.
//! Both are computed by the grid worker (`app::analyses`) after every edit.

use crate::app::analyses::Status;
use crate::app::command::Commands;
use crate::app::compute::Compute;
use crate::app::edits::unique_id;
use crate::app::i18n::{Lang, S};
use crate::app::row_select::{self, Rows};
use crate::app::theme::{Tokens, series};
use crate::app::view::{GridView, ViewState, sensitivity_securities};
use crate::app::widgets;
use crate::engine::analysis::{GridResult, Tornado, all_outputs};
use crate::engine::drivers;
use crate::export::tables::Cell;
use crate::model::{Axis, Deal, Driver, Grid, Metric, Output};
use egui::{Color32, Id, RichText, Ui};
use egui_extras::{Column, TableBuilder};

pub fn show(
    ui: &mut Ui,
    lang: Lang,
    deal: &Deal,
    compute: &Compute,
    view: &mut ViewState,
    cmds: &mut Commands,
) {
    let t = |k| lang.tr(k);
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.grid_view, GridView::Grid, t(S::GridMode));
        ui.selectable_value(&mut view.grid_view, GridView::Tornado, t(S::TornadoMode));
    });
    match view.grid_view {
        GridView::Grid => grid_view(ui, lang, deal, compute, view, cmds),
        GridView::Tornado => tornado_view(ui, lang, deal, compute, view, cmds),
    }
}

fn grid_view(
    ui: &mut Ui,
    lang: Lang,
    deal: &Deal,
    compute: &Compute,
    view: &mut ViewState,
    cmds: &mut Commands,
) {
    let t = |k| lang.tr(k);
    let current = view.grid_name(deal).map(str::to_string);
    ui.horizontal(|ui| {
        ui.label(t(S::GridPick));
        let resp = egui::ComboBox::from_id_salt("grid-pick")
            .selected_text(current.as_deref().unwrap_or(""))
            .width(160.0)
            .show_ui(ui, |ui| {
                for g in &deal.grids {
                    if ui
                        .selectable_label(current.as_deref() == Some(&g.name), &g.name)
                        .clicked()
                    {
                        view.grid = Some(g.name.clone());
                    }
                }
            });
        resp.response.accessible_name(t(S::GridPick));
        if ui.button(t(S::GridNew)).clicked() {
            let name = unique_id("grid", deal.grids.iter().map(|g| g.name.as_str()));
            let grid = new_grid(deal, name.clone());
            cmds.edit_now(move |d| d.grids.push(grid));
            view.grid = Some(name);
        }
        if let Some(name) = current.clone()
            && ui.button(t(S::GridDelete)).clicked()
        {
            cmds.edit_now(move |d| d.grids.retain(|g| g.name != name));
            view.grid = None;
        }
    });
    let Some(grid) = current
        .as_deref()
        .and_then(|n| deal.grids.iter().find(|g| g.name == n))
    else {
        ui.label(t(S::GridNone));
        return;
    };
    egui::CollapsingHeader::new(RichText::new(t(S::GridEdit)).strong())
        .id_salt("grid-editor")
        .default_open(true)
        .show(ui, |ui| editor(ui, lang, deal, grid, view, cmds));
    ui.separator();

    match compute.analyses.grid() {
        Status::Done(r) => {
            chart(ui, lang, r, cmds);
        }
        status => progress(ui, lang, compute, &status, S::GridRunning, view),
    }
}

/// The progress bar and cancel button while running; the error or the cancellation after.
fn progress<T>(
    ui: &mut Ui,
    lang: Lang,
    compute: &Compute,
    status: &Status<'_, T>,
    running: S,
    view: &mut ViewState,
) {
    let t = |k| lang.tr(k);
    match status {
        Status::Idle | Status::Done(_) => {}
        Status::Running { done, total } => {
            ui.horizontal(|ui| {
                ui.label(t(running));
                let bar = if *total > 0 {
                    egui::ProgressBar::new(*done as f32 / *total as f32)
                        .text(format!("{done} / {total}"))
                } else {
                    egui::ProgressBar::new(0.0).animate(true)
                };
                ui.add(bar.desired_width(200.0)).accessible_name(t(running));
                if ui.button(t(S::Cancel)).clicked() {
                    compute.analyses.cancel();
                }
            });
        }
        Status::Cancelled => {
            ui.horizontal(|ui| {
                ui.label(t(S::GridCancelled));
                if ui.button(t(S::GridRunAgain)).clicked() {
                    view.grid_runs += 1;
                }
            });
        }
        Status::Failed(e) => {
            ui.label(RichText::new(e.text(lang)).color(Tokens::of(ui.visuals()).error));
        }
    }
}

/// A new grid for the deal: CDR × CPR of the most junior tranche's IRR, or revenue growth
/// × exit cap rate of the first unit class's IRR.
fn new_grid(deal: &Deal, name: String) -> Grid {
    let (x, y) = if deal.holding.is_some() {
        (Driver::RevenueGrowth, Driver::ExitCapRate)
    } else {
        (Driver::Cdr, Driver::Cpr)
    };
    let ids = sensitivity_securities(deal);
    let security = if deal.holding.is_some() {
        ids.first().cloned()
    } else {
        ids.last().cloned()
    };
    Grid {
        name,
        scenario: None,
        x: default_axis(deal, x),
        y: Some(default_axis(deal, y)),
        output: Output {
            metric: Metric::Irr,
            security,
        },
    }
}

/// A range that suits the driver: around the deal's value for a term, else a typical one.
fn default_axis(deal: &Deal, driver: Driver) -> Axis {
    let term = |d: &Driver| {
        deal.scenario(None)
            .and_then(|sc| drivers::current(d, deal, sc))
    };
    let (from, to, step) = match &driver {
        Driver::Cdr | Driver::Cpr => (0.0, 0.20, 0.05),
        Driver::RecoveryRate => (0.0, 1.0, 0.25),
        Driver::RecoveryLag => (0.0, 8.0, 2.0),
        Driver::ObligorDefaultPeriod(_) => (1.0, 8.0, 1.0),
        Driver::TrancheCoupon(_) => {
            let c = term(&driver).unwrap_or(0.03);
            ((c - 0.01).max(0.0), c + 0.01, 0.0025)
        }
        Driver::TrancheSize(_) => {
            let s = term(&driver).unwrap_or(1e8);
            ((s * 0.8).round(), s.round(), (s * 0.05).round().max(1.0))
        }
        Driver::RevenueGrowth => (-0.02, 0.06, 0.02),
        Driver::Occupancy => (0.70, 1.0, 0.10),
        Driver::ExitCapRate => (0.05, 0.08, 0.01),
        Driver::EquityRatio => (0.20, 1.0, 0.20),
        Driver::ValuationSpread => (0.01, 0.05, 0.01),
    };
    Axis {
        driver,
        from,
        to,
        step,
    }
}

/// The drivers the pickers offer for the deal.
fn drivers_for(deal: &Deal) -> Vec<Driver> {
    if deal.holding.is_some() {
        return vec![
            Driver::RevenueGrowth,
            Driver::Occupancy,
            Driver::ExitCapRate,
            Driver::EquityRatio,
            Driver::ValuationSpread,
        ];
    }
    let mut v = vec![
        Driver::Cdr,
        Driver::Cpr,
        Driver::RecoveryRate,
        Driver::RecoveryLag,
    ];
    for tr in &deal.tranches {
        v.push(Driver::TrancheCoupon(tr.id.clone()));
        v.push(Driver::TrancheSize(tr.id.clone()));
    }
    let mut obligors: Vec<&str> = Vec::new();
    for a in &deal.pool.assets {
        if !obligors.contains(&a.obligor.as_str()) {
            obligors.push(&a.obligor);
        }
    }
    v.extend(
        obligors
            .into_iter()
            .map(|o| Driver::ObligorDefaultPeriod(o.to_string())),
    );
    v
}

/// How a driver's values are shown and typed.
#[derive(Clone, Copy, PartialEq)]
enum Unit {
    /// A rate stored as a fraction, shown in percent.
    Pct,
    /// Whole payment periods.
    Periods,
    /// CNY, shown in 10k (万元).
    Wan,
}

fn unit(d: &Driver) -> Unit {
    match d {
        Driver::RecoveryLag | Driver::ObligorDefaultPeriod(_) => Unit::Periods,
        Driver::TrancheSize(_) => Unit::Wan,
        _ => Unit::Pct,
    }
}

pub fn driver_label(lang: Lang, d: &Driver) -> String {
    let t = |k| lang.tr(k);
    match d {
        Driver::Cdr => t(S::DriverCdr).into(),
        Driver::Cpr => t(S::DriverCpr).into(),
        Driver::RecoveryRate => t(S::DriverRecovery).into(),
        Driver::RecoveryLag => t(S::DriverRecoveryLag).into(),
        Driver::ObligorDefaultPeriod(o) => format!("{o} {}", t(S::DriverObligorDefault)),
        Driver::TrancheCoupon(id) => format!("{id} {}", t(S::DriverCoupon)),
        Driver::TrancheSize(id) => format!("{id} {}", t(S::DriverSize)),
        Driver::RevenueGrowth => t(S::DriverRevenueGrowth).into(),
        Driver::Occupancy => t(S::DriverOccupancy).into(),
        Driver::ExitCapRate => t(S::DriverExitCap).into(),
        Driver::EquityRatio => t(S::DriverEquityRatio).into(),
        Driver::ValuationSpread => t(S::DriverValuationSpread).into(),
    }
}

/// A driver's value in its unit: `5.00%`, `3` periods, `12,700.00` (万元).
fn driver_value(d: &Driver, x: f64) -> String {
    match unit(d) {
        Unit::Pct => format!("{:.2}%", x * 100.0),
        Unit::Periods => format!("{x:.0}"),
        Unit::Wan => crate::app::format::wan(crate::money::fen_from_f64(x)),
    }
}

/// The unit named after an axis title.
fn unit_suffix(lang: Lang, d: &Driver) -> String {
    match unit(d) {
        Unit::Pct => " (%)".into(),
        Unit::Periods => String::new(),
        Unit::Wan => format!(" ({})", lang.tr(S::UnitWan)),
    }
}

fn parse_driver_value(d: &Driver, text: &str) -> Result<f64, S> {
    match unit(d) {
        Unit::Pct => crate::app::format::parse_pct(text).ok_or(S::ErrNumber),
        Unit::Periods => text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or(S::ErrNumber),
        Unit::Wan => crate::app::format::parse_money(text).map(|m| {
            // Typed in 万元 like it is shown.
            crate::money::to_f64(m) * 1e4
        }),
    }
}

fn metric_label(lang: Lang, m: Metric) -> &'static str {
    lang.tr(match m {
        Metric::Irr => S::FigIrr,
        Metric::Wal => S::FigWal,
        Metric::ModifiedDuration => S::Modified,
        Metric::PrincipalLoss => S::FigLoss,
        Metric::InterestShortfall => S::FigShortfall,
        Metric::EnhancementDraws => S::FigDraws,
        Metric::DistributionRate => S::FigDistributionRate,
        Metric::Multiple => S::FigMultiple,
        Metric::MinDscr => S::FigMinDscr,
        Metric::NavAtIssue => S::FigNav,
        Metric::Fees => S::FigFees,
        Metric::IncentiveFee => S::FigIncentive,
        Metric::FeeCut => S::FigFeeCut,
        Metric::GuaranteePayments => S::FigGuarantee,
        Metric::CumulativeDefaultRate => S::FigCdr,
    })
}

fn output_label(lang: Lang, o: &Output) -> String {
    match &o.security {
        Some(s) => format!("{s} {}", metric_label(lang, o.metric)),
        None => metric_label(lang, o.metric).to_string(),
    }
}

fn is_money(m: Metric) -> bool {
    matches!(
        m,
        Metric::PrincipalLoss
            | Metric::InterestShortfall
            | Metric::EnhancementDraws
            | Metric::Fees
            | Metric::IncentiveFee
            | Metric::FeeCut
            | Metric::GuaranteePayments
    )
}

/// A figure as the cells show it: rates in %, money in 万元, years and ratios to 2 places.
pub fn metric_value(m: Metric, v: Option<f64>) -> String {
    let Some(v) = v else {
        return "—".into();
    };
    match m {
        Metric::Irr | Metric::DistributionRate | Metric::CumulativeDefaultRate => {
            format!("{:.2}%", v * 100.0)
        }
        Metric::NavAtIssue => format!("{v:.4}"),
        Metric::Multiple => format!("{v:.2}×"),
        _ if is_money(m) => crate::app::format::wan(crate::money::fen_from_f64(v)),
        _ => format!("{v:.2}"),
    }
}

/// The unit of a figure, for the legend.
fn metric_unit(lang: Lang, m: Metric) -> &'static str {
    match m {
        // WAL's name carries its unit ("WAL (years)"); the duration's does not.
        Metric::ModifiedDuration => lang.tr(S::UnitYears),
        _ if is_money(m) => lang.tr(S::UnitWan),
        _ => "",
    }
}

/// A change to one grid, queued as an edit of the deal.
type GridEdit = Box<dyn FnOnce(&mut Grid)>;

/// A tornado bar: the driver's label and the output one step down and one step up.
type TornadoBar = (String, Option<f64>, Option<f64>);

/// The grid's name, scenario, output and axes; every change is one undoable edit of the deal.
fn editor(
    ui: &mut Ui,
    lang: Lang,
    deal: &Deal,
    grid: &Grid,
    view: &mut ViewState,
    cmds: &mut Commands,
) {
    let t = |k| lang.tr(k);
    let name = grid.name.clone();
    // Edit the grid still named `name` (a queued edit may run after a rename).
    let edit = move |cmds: &mut Commands, f: GridEdit| {
        let name = name.clone();
        cmds.edit_now(move |d| {
            if let Some(g) = d.grids.iter_mut().find(|g| g.name == name) {
                f(g);
            }
        });
    };
    egui::Grid::new("grid-editor-fields")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            ui.label(t(S::GridName));
            let others: Vec<String> = deal
                .grids
                .iter()
                .filter(|g| g.name != grid.name)
                .map(|g| g.name.clone())
                .collect();
            let id = Id::unique(("grid-name", &grid.name));
            if let Some(new) = widgets::parsed_text(
                ui,
                id,
                &grid.name,
                160.0,
                t(S::GridName),
                lang,
                widgets::unique_id(&others),
            ) {
                view.grid = Some(new.clone());
                edit(cmds, Box::new(move |g| g.name = new));
            }
            ui.end_row();

            ui.label(t(S::GridScenario));
            let shown = grid
                .scenario
                .clone()
                .unwrap_or_else(|| t(S::GridDefaultScenario).to_string());
            let resp = egui::ComboBox::from_id_salt("grid-scenario")
                .selected_text(shown)
                .width(160.0)
                .show_ui(ui, |ui| {
                    let mut pick = |ui: &mut Ui, value: Option<String>, label: &str| {
                        if ui.selectable_label(grid.scenario == value, label).clicked()
                            && grid.scenario != value
                        {
                            edit(cmds, Box::new(move |g| g.scenario = value));
                        }
                    };
                    pick(ui, None, t(S::GridDefaultScenario));
                    // A grid stresses a written scenario (not a stress template's).
                    for s in &deal.scenarios {
                        pick(ui, Some(s.name.clone()), &s.name);
                    }
                });
            resp.response.accessible_name(t(S::GridScenario));
            ui.end_row();

            ui.label(t(S::GridOutput));
            ui.horizontal(|ui| output_picker(ui, lang, deal, &grid.output, &edit, cmds));
            ui.end_row();

            ui.label(t(S::GridX));
            ui.horizontal(|ui| {
                if let Some(a) = axis_editor(ui, lang, deal, &grid.x, "x") {
                    edit(cmds, Box::new(move |g| g.x = a));
                }
            });
            ui.end_row();

            let mut two = grid.y.is_some();
            if widgets::checkbox(ui, &mut two, t(S::GridTwoDrivers)).changed() {
                let y = two.then(|| {
                    let used = &grid.x.driver;
                    let other = drivers_for(deal)
                        .into_iter()
                        .find(|d| d != used)
                        .unwrap_or(Driver::Cpr);
                    default_axis(deal, other)
                });
                edit(cmds, Box::new(move |g| g.y = y));
            }
            ui.horizontal(|ui| {
                if let Some(y) = &grid.y
                    && let Some(a) = axis_editor(ui, lang, deal, y, "y")
                {
                    edit(cmds, Box::new(move |g| g.y = Some(a)));
                }
            });
            ui.end_row();
        });
}

fn output_picker(
    ui: &mut Ui,
    lang: Lang,
    deal: &Deal,
    output: &Output,
    edit: &dyn Fn(&mut Commands, GridEdit),
    cmds: &mut Commands,
) {
    let t = |k| lang.tr(k);
    let holding = deal.holding.is_some();
    let ids = sensitivity_securities(deal);
    let metrics: Vec<Metric> = Metric::ALL
        .into_iter()
        .filter(|m| m.holding_only().is_none_or(|h| h == holding))
        .collect();
    let resp = egui::ComboBox::from_id_salt("grid-metric")
        .selected_text(metric_label(lang, output.metric))
        .width(170.0)
        .show_ui(ui, |ui| {
            for &m in &metrics {
                if ui
                    .selectable_label(m == output.metric, metric_label(lang, m))
                    .clicked()
                    && m != output.metric
                {
                    let security = if m.per_security() {
                        output.security.clone().or_else(|| ids.first().cloned())
                    } else {
                        None
                    };
                    edit(
                        cmds,
                        Box::new(move |g| {
                            g.output = Output {
                                metric: m,
                                security,
                            }
                        }),
                    );
                }
            }
        });
    resp.response.accessible_name(t(S::GridOutput));
    if let Some(current) = &output.security {
        ui.label(t(S::GridOutputOf));
        let resp = egui::ComboBox::from_id_salt("grid-security")
            .selected_text(current)
            .width(90.0)
            .show_ui(ui, |ui| {
                for id in &ids {
                    if ui.selectable_label(id == current, id).clicked() && id != current {
                        let id = id.clone();
                        edit(cmds, Box::new(move |g| g.output.security = Some(id)));
                    }
                }
            });
        resp.response.accessible_name(t(S::GridOutputOf));
    }
}

/// A driver picker and its range; the new axis when the user changed it.
fn axis_editor(ui: &mut Ui, lang: Lang, deal: &Deal, axis: &Axis, which: &str) -> Option<Axis> {
    let t = |k| lang.tr(k);
    let mut out = None;
    let resp = egui::ComboBox::from_id_salt(("grid-driver", which))
        .selected_text(driver_label(lang, &axis.driver))
        .width(150.0)
        .show_ui(ui, |ui| {
            for d in drivers_for(deal) {
                if ui
                    .selectable_label(d == axis.driver, driver_label(lang, &d))
                    .clicked()
                    && d != axis.driver
                {
                    out = Some(default_axis(deal, d));
                }
            }
        });
    let axis_name = |k| {
        format!(
            "{} {}",
            t(if which == "x" { S::GridX } else { S::GridY }),
            t(k)
        )
    };
    resp.response
        .accessible_name(axis_name(S::SensitivityDriver));
    let fields = [
        (S::GridFrom, axis.from),
        (S::GridTo, axis.to),
        (S::GridStep, axis.step),
    ];
    for (k, (label, value)) in fields.into_iter().enumerate() {
        ui.label(t(label));
        let id = Id::unique(("grid-axis", which, k, drivers::name(&axis.driver)));
        let d = axis.driver.clone();
        if let Some(v) = widgets::parsed_text(
            ui,
            id,
            &driver_value(&axis.driver, value),
            70.0,
            &axis_name(label),
            lang,
            |s| parse_driver_value(&d, s),
        ) {
            let mut a = axis.clone();
            match k {
                0 => a.from = v,
                1 => a.to = v,
                _ => a.step = v,
            }
            out = Some(a);
        }
    }
    out
}

/// The grid's cells: a line for one driver, a heatmap for two; both with every cell listed
/// as a coloured box with its value.
fn chart(ui: &mut Ui, lang: Lang, r: &GridResult, cmds: &mut Commands) {
    let (Ok(xd), Ok(output)) = (
        drivers::parse(&r.x.driver),
        drivers::parse_output(&r.output),
    ) else {
        return;
    };
    let yd = r.y.as_ref().and_then(|y| drivers::parse(&y.driver).ok());
    let title = output_label(lang, &output);
    let unit = metric_unit(lang, output.metric);
    ui.label(
        RichText::new(format!(
            "{title}{} · {} {}",
            if unit.is_empty() {
                String::new()
            } else {
                format!(" ({unit})")
            },
            lang.tr(S::GridScenario),
            r.scenario
        ))
        .strong(),
    );
    if r.y.is_none() {
        line(ui, lang, &xd, output.metric, r, &title);
    }
    heatmap(ui, lang, &xd, yd.as_ref(), &title, output.metric, r, cmds);
    if r.cells.iter().flatten().any(Option::is_none) {
        ui.label(RichText::new(lang.tr(S::GridNoValue)).small());
    }
    for e in r.errors.iter().take(3) {
        ui.label(
            RichText::new(format!(
                "{}: {}",
                driver_value(&xd, r.x.values[e.col]),
                e.message
            ))
            .small()
            .color(Tokens::of(ui.visuals()).error),
        );
    }
}

/// Scale a figure for the line's y axis: rates in %, money in 万元.
fn plotted(m: Metric, v: f64) -> f64 {
    match m {
        Metric::Irr | Metric::DistributionRate | Metric::CumulativeDefaultRate => v * 100.0,
        _ if is_money(m) => v / 1e4,
        _ => v,
    }
}

fn line(ui: &mut Ui, lang: Lang, xd: &Driver, m: Metric, r: &GridResult, title: &str) {
    use egui_plot::{Line, Plot, PlotPoints, Points};
    let scale_x = |x: f64| match unit(xd) {
        Unit::Pct => x * 100.0,
        Unit::Periods => x,
        Unit::Wan => x / 1e4,
    };
    let pts: Vec<[f64; 2]> =
        r.x.values
            .iter()
            .zip(&r.cells[0])
            .filter_map(|(x, v)| v.map(|v| [scale_x(*x), plotted(m, v)]))
            .collect();
    let y_unit = match m {
        Metric::Irr | Metric::DistributionRate | Metric::CumulativeDefaultRate => " (%)".into(),
        _ if !metric_unit(lang, m).is_empty() => format!(" ({})", metric_unit(lang, m)),
        _ => String::new(),
    };
    Plot::new(("grid-line", &r.name))
        .height(220.0)
        .x_axis_label(format!(
            "{}{}",
            driver_label(lang, xd),
            unit_suffix(lang, xd)
        ))
        .y_axis_label(format!("{title}{y_unit}"))
        .allow_scroll(false)
        .show(ui, |p| {
            p.line(
                Line::new(title, PlotPoints::new(pts.clone()))
                    .color(series(0))
                    .width(2.0),
            );
            p.points(
                Points::new(title, PlotPoints::new(pts))
                    .radius(3.0)
                    .color(series(0)),
            );
        });
}

/// The colour of a value at `t` in [0, 1] of the scale: pale yellow through green to blue.
fn scale_colour(t: f32) -> Color32 {
    const STOPS: [(f32, [u8; 3]); 3] = [
        (0.0, [255, 247, 188]),
        (0.5, [65, 182, 160]),
        (1.0, [34, 64, 148]),
    ];
    let t = t.clamp(0.0, 1.0);
    let (a, b) = if t <= 0.5 {
        (STOPS[0], STOPS[1])
    } else {
        (STOPS[1], STOPS[2])
    };
    let u = (t - a.0) / (b.0 - a.0);
    let mix =
        |i: usize| (f32::from(a.1[i]) + (f32::from(b.1[i]) - f32::from(a.1[i])) * u).round() as u8;
    Color32::from_rgb(mix(0), mix(1), mix(2))
}

/// A driver's value to copy: rates as fractions, periods whole, sizes exact in yuan.
fn driver_cell(d: &Driver, x: f64) -> Cell {
    match unit(d) {
        Unit::Pct => Cell::Percent(Some(x), 2),
        Unit::Periods => Cell::Int(x.round() as i64),
        Unit::Wan => Cell::Money(crate::money::fen_from_f64(x)),
    }
}

/// Every cell as a coloured box with its value (rows: the second driver, top to bottom
/// ascending; columns: the first driver), the axes in the drivers' units, and the scale.
/// Each cell is named for screen readers: `CDR 5.00%, CPR 10.00%: 8.12%`. Its rows are
/// picked and copied as a results table's: the first driver's values across the header, the
/// second's down the first column, the figures exact.
#[allow(clippy::too_many_arguments)]
fn heatmap(
    ui: &mut Ui,
    lang: Lang,
    xd: &Driver,
    yd: Option<&Driver>,
    title: &str,
    m: Metric,
    r: &GridResult,
    cmds: &mut Commands,
) {
    let values: Vec<f64> = r.cells.iter().flatten().flatten().copied().collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let at = |v: f64| {
        if hi > lo {
            ((v - lo) / (hi - lo)) as f32
        } else {
            0.5
        }
    };
    let nx = r.x.values.len();
    let label_w = 72.0;
    let cell_w = ((ui.available_width() - label_w - 8.0) / nx as f32).clamp(14.0, 90.0);
    let cell_h = 22.0;
    let font = egui::FontId::proportional(11.0);
    let text_fits = |s: &str| s.chars().count() as f32 * 6.2 + 4.0 <= cell_w;
    let muted = Tokens::of(ui.visuals()).muted;
    let x_title = format!("{}{}", driver_label(lang, xd), unit_suffix(lang, xd));
    let y_title = yd.map(|d| format!("{}{}", driver_label(lang, d), unit_suffix(lang, d)));
    let title = if is_money(m) {
        format!("{title}{}", lang.tr(S::InYuan))
    } else {
        title.to_string()
    };
    let corner = match yd {
        Some(d) => format!(
            "{title}: {} \\ {}",
            driver_label(lang, d),
            driver_label(lang, xd)
        ),
        None => driver_label(lang, xd),
    };
    let header: Vec<String> = std::iter::once(corner)
        .chain(r.x.values.iter().map(|x| driver_cell(xd, *x).csv_text()))
        .collect();
    let copy_row = |i: usize| -> Vec<Cell> {
        let first = match (&r.y, yd) {
            (Some(y), Some(d)) => driver_cell(d, y.values[i]),
            _ => Cell::Text(title.clone()),
        };
        std::iter::once(first)
            .chain(r.cells[i].iter().map(|v| metric_cell(m, *v)))
            .collect()
    };
    let copy = Rows {
        header,
        n: r.cells.len(),
        row: &copy_row,
    };
    let selected_ink = ui.visuals().selection.stroke;
    row_select::table(ui, "grid-heatmap", lang, cmds, &copy, |ui, picker| {
        egui::ScrollArea::vertical()
            .id_salt("grid-heatmap")
            .max_height(ui.available_height() - 60.0)
            .show(ui, |ui| {
                if let Some(yt) = &y_title {
                    ui.label(
                        RichText::new(format!("↓ {yt}   → {x_title}"))
                            .small()
                            .color(muted),
                    );
                }
                let rows: Vec<(Option<f64>, &Vec<Option<f64>>)> = match &r.y {
                    Some(y) => y.values.iter().map(|v| Some(*v)).zip(&r.cells).collect(),
                    None => vec![(None, &r.cells[0])],
                };
                for (row, (yv, cells)) in rows.into_iter().enumerate() {
                    let picked = picker.selected(row);
                    ui.horizontal(|ui| {
                        ui.spacing_mut().item_spacing.x = 0.0;
                        let (rect, resp) = ui
                            .allocate_exact_size(egui::vec2(label_w, cell_h), egui::Sense::click());
                        if picked {
                            ui.painter()
                                .rect_filled(rect, 1.0, ui.visuals().selection.bg_fill);
                        }
                        picker.respond(row, &resp);
                        if let (Some(v), Some(d)) = (yv, yd) {
                            ui.painter().text(
                                rect.right_center() - egui::vec2(6.0, 0.0),
                                egui::Align2::RIGHT_CENTER,
                                driver_value(d, v),
                                font.clone(),
                                ui.visuals().text_color(),
                            );
                        }
                        for (col, v) in cells.iter().enumerate() {
                            let (rect, resp) = ui.allocate_exact_size(
                                egui::vec2(cell_w, cell_h),
                                egui::Sense::click(),
                            );
                            let text = metric_value(m, *v);
                            let fill =
                                v.map_or(ui.visuals().faint_bg_color, |v| scale_colour(at(v)));
                            ui.painter().rect_filled(rect.shrink(0.5), 1.0, fill);
                            if picked {
                                ui.painter().rect_stroke(
                                    rect.shrink(1.0),
                                    1.0,
                                    selected_ink,
                                    egui::StrokeKind::Inside,
                                );
                            }
                            picker.respond(row, &resp);
                            if text_fits(&text) {
                                let ink = if v.is_some_and(|v| at(v) > 0.45) {
                                    Color32::WHITE
                                } else {
                                    Color32::from_gray(20)
                                };
                                let ink = if v.is_none() { muted } else { ink };
                                ui.painter().text(
                                    rect.center(),
                                    egui::Align2::CENTER_CENTER,
                                    &text,
                                    font.clone(),
                                    ink,
                                );
                            }
                            let mut name = format!(
                                "{} {}",
                                driver_label(lang, xd),
                                driver_value(xd, r.x.values[col])
                            );
                            if let (Some(yv), Some(d)) = (yv, yd) {
                                name.push_str(&format!(
                                    ", {} {}",
                                    driver_label(lang, d),
                                    driver_value(d, yv)
                                ));
                            }
                            name.push_str(&format!(": {text}"));
                            resp.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Label, true, &name)
                            });
                            resp.on_hover_text(&name);
                        }
                    });
                }
                // The first driver's values under the columns (every other one when crowded).
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    ui.allocate_exact_size(egui::vec2(label_w, cell_h), egui::Sense::hover());
                    let every = ((60.0 / cell_w).ceil() as usize).max(1);
                    for (col, x) in r.x.values.iter().enumerate() {
                        let (rect, _) = ui
                            .allocate_exact_size(egui::vec2(cell_w, cell_h), egui::Sense::hover());
                        if col % every == 0 {
                            ui.painter().text(
                                rect.center_top() + egui::vec2(0.0, 3.0),
                                egui::Align2::CENTER_TOP,
                                driver_value(xd, *x),
                                font.clone(),
                                ui.visuals().text_color(),
                            );
                        }
                    }
                });
                if y_title.is_none() {
                    ui.label(RichText::new(format!("→ {x_title}")).small().color(muted));
                }
            });
    });
    legend(ui, lang, m, lo, hi);
}

/// The colour scale from the lowest to the highest value.
fn legend(ui: &mut Ui, lang: Lang, m: Metric, lo: f64, hi: f64) {
    if !lo.is_finite() {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new(lang.tr(S::GridScale)).small());
        ui.label(RichText::new(metric_value(m, Some(lo))).small());
        let (rect, _) = ui.allocate_exact_size(egui::vec2(160.0, 12.0), egui::Sense::hover());
        let n = 32;
        for i in 0..n {
            let w = rect.width() / n as f32;
            let r = egui::Rect::from_min_size(
                rect.min + egui::vec2(i as f32 * w, 0.0),
                egui::vec2(w + 0.5, rect.height()),
            );
            ui.painter()
                .rect_filled(r, 0.0, scale_colour(i as f32 / (n - 1) as f32));
        }
        ui.label(RichText::new(metric_value(m, Some(hi))).small());
    });
}

fn tornado_view(
    ui: &mut Ui,
    lang: Lang,
    deal: &Deal,
    compute: &Compute,
    view: &mut ViewState,
    cmds: &mut Commands,
) {
    let t = |k| lang.tr(k);
    let outputs = all_outputs(deal);
    if outputs.is_empty() {
        return;
    }
    let chosen = view.tornado_output.min(outputs.len() - 1);
    ui.horizontal(|ui| {
        ui.label(t(S::TornadoOutput));
        let resp = egui::ComboBox::from_id_salt("tornado-output")
            .selected_text(output_label(lang, &outputs[chosen]))
            .width(220.0)
            .show_ui(ui, |ui| {
                for (i, o) in outputs.iter().enumerate() {
                    ui.selectable_value(&mut view.tornado_output, i, output_label(lang, o));
                }
            });
        resp.response.accessible_name(t(S::TornadoOutput));
    });
    match compute.analyses.tornado() {
        Status::Done(tor) => tornado_chart(ui, lang, tor, &outputs[chosen], cmds),
        status => progress(ui, lang, compute, &status, S::TornadoRunning, view),
    }
}

/// Horizontal bars from the scenario's value of the output to its value one step down and
/// one step up of each driver, the widest swing at the top.
fn tornado_chart(ui: &mut Ui, lang: Lang, tor: &Tornado, output: &Output, cmds: &mut Commands) {
    use egui_plot::{Bar, BarChart, Legend, Plot};
    let key = drivers::output_name(output);
    let Some(k) = tor.outputs.iter().position(|o| *o == key) else {
        return;
    };
    let m = output.metric;
    let Some(base) = tor.base.get(k).copied().flatten() else {
        ui.label(metric_value(m, None));
        return;
    };
    let mut rows: Vec<TornadoBar> = tor
        .rows
        .iter()
        .filter_map(|r| {
            let d = drivers::parse(&r.driver).ok()?;
            let step = driver_value(&d, r.step);
            let label = format!("{} ±{step}", driver_label(lang, &d));
            Some((label, r.at_low[k], r.at_high[k]))
        })
        .collect();
    let swing =
        |r: &(String, Option<f64>, Option<f64>)| (r.1.unwrap_or(base) - r.2.unwrap_or(base)).abs();
    rows.sort_by(|a, b| swing(a).total_cmp(&swing(b)));
    let b0 = plotted(m, base);
    let bars = |pick: fn(&TornadoBar) -> Option<f64>| -> Vec<Bar> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| {
                let v = pick(r).map_or(b0, |v| plotted(m, v));
                Bar::new(i as f64, v - b0)
                    .base_offset(b0)
                    .width(0.6)
                    .name(format!("{}: {}", r.0, metric_value(m, pick(r))))
            })
            .collect()
    };
    let labels: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let names = labels.clone();
    Plot::new("tornado")
        .height((rows.len() as f32 * 34.0 + 60.0).max(160.0))
        .legend(Legend::default())
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_axis_label(format!(
            "{} · {} {}",
            output_label(lang, output),
            lang.tr(S::TornadoBase),
            metric_value(m, Some(base))
        ))
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .show(ui, |p| {
            p.bar_chart(
                BarChart::new(lang.tr(S::TornadoLow), bars(|r| r.1))
                    .horizontal()
                    .color(series(0)),
            );
            p.bar_chart(
                BarChart::new(lang.tr(S::TornadoHigh), bars(|r| r.2))
                    .horizontal()
                    .color(series(1)),
            );
        });
    // The bars' values, readable without hovering (and by screen readers), the largest
    // swing first; rows picked and copied as in a spreadsheet.
    let shown: Vec<&TornadoBar> = rows.iter().rev().collect();
    let header: Vec<String> = [S::SensitivityDriver, S::TornadoLow, S::TornadoHigh]
        .map(|k| lang.tr(k).to_string())
        .to_vec();
    let copy_row = |i: usize| {
        let r = shown[i];
        vec![
            Cell::Text(r.0.clone()),
            metric_cell(m, r.1),
            metric_cell(m, r.2),
        ]
    };
    let copy = Rows {
        header: header.clone(),
        n: shown.len(),
        row: &copy_row,
    };
    row_select::table(ui, "tornado-values", lang, cmds, &copy, |ui, picker| {
        TableBuilder::new(ui)
            .id_salt("tornado-values")
            .striped(true)
            .vscroll(false)
            .sense(egui::Sense::click())
            .columns(Column::auto().at_least(60.0), 3)
            .header(18.0, |mut h| {
                for name in &header {
                    h.col(|ui| {
                        ui.label(RichText::new(name).strong().small());
                    });
                }
            })
            .body(|mut body| {
                for (i, r) in shown.iter().enumerate() {
                    body.row(20.0, |mut row| {
                        row.set_selected(picker.selected(i));
                        for text in [r.0.clone(), metric_value(m, r.1), metric_value(m, r.2)] {
                            row.col(|ui| {
                                ui.label(text);
                            });
                        }
                        picker.respond(i, &row.response());
                    });
                }
            });
    });
}

/// A figure to copy: rates as fractions, money exact in yuan, the rest as plain numbers.
fn metric_cell(m: Metric, v: Option<f64>) -> Cell {
    match m {
        Metric::Irr | Metric::DistributionRate | Metric::CumulativeDefaultRate => {
            Cell::Percent(v, 2)
        }
        Metric::NavAtIssue => Cell::Number(v, 4),
        _ if is_money(m) => v.map_or(Cell::Empty, |v| Cell::Money(crate::money::fen_from_f64(v))),
        _ => Cell::Number(v, 2),
    }
}
