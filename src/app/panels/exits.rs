//! Exits and expansion of a holding-type deal: how each scenario ends the deal, the open
//! periods, the expansion rounds and the valuation of the units.

use super::{expansion, hold, open_periods, scenarios};
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, form_row};
use crate::model::{Deal, Exit, Holding, Scenario};
use egui::Ui;

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let d = cx.deal;
    let Some(h) = &d.holding else {
        hold::not_holding(ui, cx);
        return;
    };
    let Some(i) = scenarios::selected(cx) else {
        return;
    };
    scenarios::list(ui, cx, i);
    ui.separator();
    let s = &d.scenarios[i];
    egui::Grid::new("exit-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            exit_rows(ui, cx, i, s);
            exit_cap_row(ui, cx, i, s);
            open_periods::redemption_row(ui, cx, i, s);
        });
    ui.separator();
    open_periods::windows(ui, cx, h);
    ui.separator();
    expansion::show(ui, cx, h, d.closing_date);
    ui.separator();
    valuation(ui, cx, h);
}

/// The NAV's spread over the CDB curve, or the spread calibrated to the unit face.
fn valuation(ui: &mut Ui, cx: &mut Cx, h: &Holding) {
    super::subheading(ui, cx.tr(S::ValuationHeading));
    let v = &h.valuation;
    egui::Grid::new("valuation-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            hold::pct_row(
                ui,
                cx,
                S::ValuationSpread,
                "holding.valuation.spread",
                v.spread,
                -0.05..=0.2,
                |h, v| h.valuation.spread = v,
            );
        });
    let on = v.calibrate_spread;
    hold::toggle(
        ui,
        cx,
        S::CalibrateSpread,
        on,
        |h| h.valuation.calibrate_spread = true,
        |h| h.valuation.calibrate_spread = false,
    );
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    None,
    Sale,
    Rofp,
    Reit,
    Open,
    Hold,
}

fn kind_of(e: Option<&Exit>) -> Kind {
    match e {
        None => Kind::None,
        Some(Exit::Sale { .. }) => Kind::Sale,
        Some(Exit::RightOfFirstPurchase { .. }) => Kind::Rofp,
        Some(Exit::ReitConversion { .. }) => Kind::Reit,
        Some(Exit::OpenPeriod { .. }) => Kind::Open,
        Some(Exit::HoldToEnd) => Kind::Hold,
    }
}

/// The exit of that kind, keeping the year of the current one when it has one.
fn new_exit(k: Kind, year: u32) -> Option<Exit> {
    Some(match k {
        Kind::None => return None,
        Kind::Sale => Exit::Sale {
            year,
            cap_rate: 0.06,
            costs: 0.02,
        },
        Kind::Rofp => Exit::RightOfFirstPurchase {
            year,
            discount_rate: 0.07,
        },
        Kind::Reit => Exit::ReitConversion {
            year,
            distribution_yield: 0.065,
        },
        Kind::Open => Exit::OpenPeriod { year, share: 0.5 },
        Kind::Hold => Exit::HoldToEnd,
    })
}

fn year_of(e: Option<&Exit>) -> Option<u32> {
    match e? {
        Exit::Sale { year, .. }
        | Exit::RightOfFirstPurchase { year, .. }
        | Exit::ReitConversion { year, .. }
        | Exit::OpenPeriod { year, .. } => Some(*year),
        Exit::HoldToEnd => None,
    }
}

fn exit_mut<'a>(d: &'a mut Deal, i: usize, name: &str) -> Option<&'a mut Exit> {
    scenarios::scenario_mut(d, i, name)?.exit.as_mut()
}

fn exit_rows(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let p = format!("scenarios[{i}].exit");
    let current = kind_of(s.exit.as_ref());
    let year = year_of(s.exit.as_ref()).unwrap_or(5);
    form_row(
        ui,
        lang,
        &format!("{} · {}", t(S::ExitOf), s.name),
        cx.issues,
        &p,
        |ui| {
            let options = [
                (Kind::None, t(S::ExitNone)),
                (Kind::Sale, t(S::ExitSale)),
                (Kind::Rofp, t(S::ExitRofp)),
                (Kind::Reit, t(S::ExitReit)),
                (Kind::Open, t(S::ExitOpen)),
                (Kind::Hold, t(S::ExitHold)),
            ];
            if let Some(k) = widgets::choice(
                ui,
                ("exit-kind", i),
                current,
                &options,
                200.0,
                t(S::ExitKind),
            ) {
                let name = s.name.clone();
                cx.cmds.edit_now(move |d| {
                    if let Some(s) = scenarios::scenario_mut(d, i, &name) {
                        s.exit = new_exit(k, year);
                    }
                });
            }
        },
    );
    let Some(e) = &s.exit else {
        return;
    };
    if let Some(y) = year_of(Some(e)) {
        let name = s.name.clone();
        form_row(
            ui,
            lang,
            t(S::ExitYear),
            cx.issues,
            &format!("{p}.year"),
            |ui| {
                let mut v = y;
                let resp = ui
                    .add(
                        egui::DragValue::new(&mut v)
                            .range(1..=100)
                            .clamp_existing_to_range(false)
                            .speed(0.05),
                    )
                    .accessible_name(t(S::ExitYear));
                widgets::drag_edit(cx.cmds, &resp, y, v, move |d, v| {
                    match exit_mut(d, i, &name) {
                        Some(
                            Exit::Sale { year, .. }
                            | Exit::RightOfFirstPurchase { year, .. }
                            | Exit::ReitConversion { year, .. }
                            | Exit::OpenPeriod { year, .. },
                        ) => *year = v,
                        Some(Exit::HoldToEnd) | None => {}
                    }
                });
            },
        );
    }
    // The exit's rates: (label, field, value, setter).
    type SetRate = fn(&mut Exit, f64);
    let rates: Vec<(S, &str, f64, SetRate)> = match e {
        Exit::Sale {
            cap_rate, costs, ..
        } => vec![
            (S::SaleCapRate, "cap_rate", *cap_rate, |e, v| {
                if let Exit::Sale { cap_rate, .. } = e {
                    *cap_rate = v;
                }
            }),
            (S::SaleCosts, "costs", *costs, |e, v| {
                if let Exit::Sale { costs, .. } = e {
                    *costs = v;
                }
            }),
        ],
        Exit::RightOfFirstPurchase { discount_rate, .. } => {
            vec![(S::DiscountRate, "discount_rate", *discount_rate, |e, v| {
                if let Exit::RightOfFirstPurchase { discount_rate, .. } = e {
                    *discount_rate = v;
                }
            })]
        }
        Exit::ReitConversion {
            distribution_yield, ..
        } => vec![(
            S::DistributionYield,
            "distribution_yield",
            *distribution_yield,
            |e, v| {
                if let Exit::ReitConversion {
                    distribution_yield, ..
                } = e
                {
                    *distribution_yield = v;
                }
            },
        )],
        Exit::OpenPeriod { share, .. } => vec![(S::OpenShare, "share", *share, |e, v| {
            if let Exit::OpenPeriod { share, .. } = e {
                *share = v;
            }
        })],
        Exit::HoldToEnd => Vec::new(),
    };
    for (label, field, value, set) in rates {
        let name = s.name.clone();
        form_row(
            ui,
            lang,
            t(label),
            cx.issues,
            &format!("{p}.{field}"),
            |ui| {
                let (resp, v) = widgets::pct_drag(ui, value, 0.0..=1.0, 2, t(label));
                widgets::drag_edit(cx.cmds, &resp, value, v, move |d, v| {
                    if let Some(e) = exit_mut(d, i, &name) {
                        set(e, v);
                    }
                });
            },
        );
    }
}

/// The cap rate for a property's terminal value when the exit names none.
pub fn exit_cap_row(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let name = s.name.clone();
    form_row(
        ui,
        lang,
        t(S::ExitCapRate),
        cx.issues,
        &format!("scenarios[{i}].exit_cap_rate"),
        |ui| {
            ui.horizontal(|ui| {
                let mut on = s.exit_cap_rate.is_some();
                let resp = widgets::checkbox(ui, &mut on, "")
                    .accessible_name(t(S::HasExitCap))
                    .on_hover_text(t(S::HasExitCap));
                if resp.changed() {
                    let name = name.clone();
                    cx.cmds.edit_now(move |d| {
                        if let Some(s) = scenarios::scenario_mut(d, i, &name) {
                            s.exit_cap_rate = on.then_some(0.06);
                        }
                    });
                }
                if let Some(r) = s.exit_cap_rate {
                    let (resp, v) = widgets::pct_drag(ui, r, 0.001..=0.3, 2, t(S::ExitCapRate));
                    widgets::drag_edit(cx.cmds, &resp, r, v, move |d, v| {
                        if let Some(s) = scenarios::scenario_mut(d, i, &name) {
                            s.exit_cap_rate = Some(v);
                        }
                    });
                }
            });
        },
    );
}
