//! Incentives and support of a holding-type deal: the operating manager's base fee, cut and
//! incentive (with a chart of the fee against NOI), the performance guarantee and the
//! tilted distribution.

use super::{by_year, hold, results::caption};
use crate::app::charts::incentive;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, RowAction};
use crate::model::{
    Holding, Incentive, IncentiveTier, PerformanceGuarantee, TiltStep, TiltedDistribution,
};
use crate::money::{dec, fen};
use egui::Ui;
use rust_decimal::Decimal;

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let Some(h) = &cx.deal.holding else {
        hold::not_holding(ui, cx);
        return;
    };
    ui.spacing_mut().slider_width = 150.0;
    egui::Grid::new("operator-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            hold::pct_row(
                ui,
                cx,
                S::OperatorBaseFee,
                "holding.plan.operator_base_fee_rate",
                h.plan.operator_base_fee_rate,
                0.0..=0.3,
                |h, v| h.plan.operator_base_fee_rate = v,
            );
        });
    let noi = first_year_noi(h);
    hold::toggle(
        ui,
        cx,
        S::HasIncentive,
        h.incentive.is_some(),
        move |h| h.incentive = Some(default_incentive(noi)),
        |h| h.incentive = None,
    );
    if let Some(inc) = &h.incentive {
        incentive_fields(ui, cx, inc);
        ui.horizontal(|ui| {
            ui.label(cx.lang.tr(S::GoalIncentive));
            let ask = super::goal_seek::GoalAsk::IncentiveStart;
            super::goal_seek::button(ui, cx.lang, cx.view, ask, cx.lang.tr(S::HasIncentive));
        });
        tiers(ui, cx, inc);
        if let Some(curve) = incentive::fee_curve(&h.plan, h.asset.opex_ratio, inc) {
            ui.add_space(6.0);
            caption(ui, cx.tr(S::ChartOperatorFee));
            incentive::show(ui, &curve, cx.lang);
        }
    }
    // The checkboxes head their own parts.
    ui.separator();
    guarantee(ui, cx, h, noi);
    ui.separator();
    tilted(ui, cx, h);
}

/// NOI of the first operating year at full occupancy, to seed new thresholds.
fn first_year_noi(h: &Holding) -> Decimal {
    let a = &h.asset;
    let revenue = a
        .revenue_schedule
        .first()
        .copied()
        .unwrap_or(a.base_revenue);
    fen(revenue * (Decimal::ONE - dec(a.opex_ratio)) - a.fixed_opex).max(Decimal::ZERO)
}

fn default_incentive(noi: Decimal) -> Incentive {
    Incentive {
        floor_noi: fen(noi * dec(0.9)),
        cut_multiple: 1.0,
        max_cut: 1.0,
        originator_subordination: false,
        investor_return: None,
        floor_by_year: Vec::new(),
        remediation_periods: 0,
        expected_noi: fen(noi * dec(1.05)),
        expected_by_year: Vec::new(),
        tiers: vec![IncentiveTier {
            from: 0.0,
            share: 0.2,
        }],
        cap: None,
        deferred_share: 0.0,
    }
}

/// Edit the incentive, if the deal still has one.
fn on_inc<V>(set: impl FnOnce(&mut Incentive, V)) -> impl FnOnce(&mut Holding, V) {
    move |h, v| {
        if let Some(i) = h.incentive.as_mut() {
            set(i, v);
        }
    }
}

fn incentive_fields(ui: &mut Ui, cx: &mut Cx, inc: &Incentive) {
    egui::Grid::new("incentive-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let p = "holding.incentive";
            hold::money_row(
                ui,
                cx,
                S::FloorNoi,
                &format!("{p}.floor_noi"),
                inc.floor_noi,
                on_inc(|i, v| i.floor_noi = v),
            );
            by_year::row(
                ui,
                cx,
                S::FloorByYear,
                &format!("{p}.floor_by_year"),
                &inc.floor_by_year,
                inc.floor_noi,
                |h| h.incentive.as_mut().map(|i| &mut i.floor_by_year),
            );
            hold::money_row(
                ui,
                cx,
                S::ExpectedNoi,
                &format!("{p}.expected_noi"),
                inc.expected_noi,
                on_inc(|i, v| i.expected_noi = v),
            );
            by_year::row(
                ui,
                cx,
                S::ExpectedByYear,
                &format!("{p}.expected_by_year"),
                &inc.expected_by_year,
                inc.expected_noi,
                |h| h.incentive.as_mut().map(|i| &mut i.expected_by_year),
            );
            hold::number_row(
                ui,
                cx,
                S::RemediationPeriods,
                &format!("{p}.remediation_periods"),
                inc.remediation_periods,
                0..=40,
                0.05,
                on_inc(|i, v| i.remediation_periods = v),
            );
            hold::number_row(
                ui,
                cx,
                S::CutMultiple,
                &format!("{p}.cut_multiple"),
                inc.cut_multiple,
                0.0..=20.0,
                0.01,
                on_inc(|i, v| i.cut_multiple = v),
            );
            hold::slider_row(
                ui,
                cx,
                S::MaxCut,
                &format!("{p}.max_cut"),
                inc.max_cut,
                0.0..=1.0,
                on_inc(|i, v| i.max_cut = v),
            );
            ui.label("");
            let mut sub = inc.originator_subordination;
            if widgets::checkbox(ui, &mut sub, cx.tr(S::Subordination)).changed() {
                hold::edit(cx, move |h| {
                    if let Some(i) = h.incentive.as_mut() {
                        i.originator_subordination = sub;
                    }
                });
            }
            ui.end_row();
            hold::opt_pct_row(
                ui,
                cx,
                S::InvestorReturn,
                S::HasInvestorReturn,
                &format!("{p}.investor_return"),
                inc.investor_return,
                0.05,
                |h, v| {
                    if let Some(i) = h.incentive.as_mut() {
                        i.investor_return = v;
                    }
                },
            );
            hold::opt_money_row(
                ui,
                cx,
                S::IncentiveCap,
                &format!("{p}.cap"),
                inc.cap,
                on_inc(|i, v| i.cap = v),
            );
            hold::slider_row(
                ui,
                cx,
                S::DeferredShare,
                &format!("{p}.deferred_share"),
                inc.deferred_share,
                0.0..=1.0,
                on_inc(|i, v| i.deferred_share = v),
            );
        });
}

fn tiers(ui: &mut Ui, cx: &mut Cx, inc: &Incentive) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    caption(ui, t(S::IncentiveTiers));
    let n = inc.tiers.len();
    egui::Grid::new("incentive-tiers")
        .num_columns(5)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (j, tier) in inc.tiers.iter().enumerate() {
                let what = format!("{} {}", t(S::Tier), j + 1);
                ui.label(&what);
                ui.label(t(S::TierFrom));
                let (resp, v) = widgets::pct_drag(
                    ui,
                    tier.from,
                    0.0..=10.0,
                    1,
                    &format!("{what} {}", t(S::TierFrom)),
                );
                widgets::drag_edit(cx.cmds, &resp, tier.from, v, move |d, v| {
                    if let Some(x) = tier_mut(d, j) {
                        x.from = v;
                    }
                });
                ui.label(t(S::TierShare));
                ui.horizontal(|ui| {
                    let (resp, v) = widgets::pct_drag(
                        ui,
                        tier.share,
                        0.0..=1.0,
                        1,
                        &format!("{what} {}", t(S::TierShare)),
                    );
                    widgets::drag_edit(cx.cmds, &resp, tier.share, v, move |d, v| {
                        if let Some(x) = tier_mut(d, j) {
                            x.share = v;
                        }
                    });
                    match widgets::row_buttons(ui, lang, &what, j, n) {
                        Some(RowAction::Remove) => hold::edit(cx, move |h| {
                            if let Some(i) = h.incentive.as_mut()
                                && j < i.tiers.len()
                            {
                                i.tiers.remove(j);
                            }
                        }),
                        Some(a) => {
                            let delta = a.delta();
                            hold::edit(cx, move |h| {
                                if let Some(i) = h.incentive.as_mut() {
                                    crate::app::edits::move_item(&mut i.tiers, j, delta);
                                }
                            });
                        }
                        None => {}
                    }
                });
                ui.end_row();
            }
        });
    for issue in widgets::issues_under(cx.issues, "holding.incentive.tiers") {
        widgets::field_issues(ui, cx.lang, std::slice::from_ref(issue), &issue.path);
    }
    if ui.button(format!("+ {}", t(S::AddTier))).clicked() {
        let next = inc.tiers.last().map_or(
            IncentiveTier {
                from: 0.0,
                share: 0.2,
            },
            |l| IncentiveTier {
                from: l.from + 0.1,
                share: l.share,
            },
        );
        hold::edit(cx, move |h| {
            if let Some(i) = h.incentive.as_mut() {
                i.tiers.push(next);
            }
        });
    }
}

fn tier_mut(d: &mut crate::model::Deal, j: usize) -> Option<&mut IncentiveTier> {
    d.holding.as_mut()?.incentive.as_mut()?.tiers.get_mut(j)
}

fn guarantee(ui: &mut Ui, cx: &mut Cx, h: &Holding, noi: Decimal) {
    hold::toggle(
        ui,
        cx,
        S::HasGuarantee,
        h.performance_guarantee.is_some(),
        move |h| {
            h.performance_guarantee = Some(PerformanceGuarantee {
                guarantor: String::from("—"),
                target_noi: noi,
                target_by_year: Vec::new(),
                cap_per_year: None,
                cap_total: None,
            })
        },
        |h| h.performance_guarantee = None,
    );
    let Some(g) = &h.performance_guarantee else {
        return;
    };
    let on_g = |set: fn(&mut PerformanceGuarantee, Option<Decimal>)| {
        move |h: &mut Holding, v| {
            if let Some(g) = h.performance_guarantee.as_mut() {
                set(g, v);
            }
        }
    };
    egui::Grid::new("guarantee-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let p = "holding.performance_guarantee";
            hold::text_row(
                ui,
                cx,
                S::Guarantor,
                &format!("{p}.guarantor"),
                &g.guarantor,
                |h, v| {
                    if let Some(g) = h.performance_guarantee.as_mut() {
                        g.guarantor = v;
                    }
                },
            );
            hold::money_row(
                ui,
                cx,
                S::TargetNoi,
                &format!("{p}.target_noi"),
                g.target_noi,
                |h, v| {
                    if let Some(g) = h.performance_guarantee.as_mut() {
                        g.target_noi = v;
                    }
                },
            );
            hold::opt_money_row(
                ui,
                cx,
                S::CapPerYear,
                &format!("{p}.cap_per_year"),
                g.cap_per_year,
                on_g(|g, v| g.cap_per_year = v),
            );
            by_year::row(
                ui,
                cx,
                S::TargetByYear,
                &format!("{p}.target_by_year"),
                &g.target_by_year,
                g.target_noi,
                |h| {
                    h.performance_guarantee
                        .as_mut()
                        .map(|g| &mut g.target_by_year)
                },
            );
            hold::opt_money_row(
                ui,
                cx,
                S::CapTotalOpt,
                &format!("{p}.cap_total"),
                g.cap_total,
                on_g(|g, v| g.cap_total = v),
            );
        });
}

/// Sets one of the tilted distribution's hurdles.
type SetHurdle = fn(&mut TiltedDistribution, f64);

fn tilted(ui: &mut Ui, cx: &mut Cx, h: &Holding) {
    hold::toggle(
        ui,
        cx,
        S::HasTilted,
        h.tilted.is_some(),
        |h| {
            h.tilted = Some(TiltedDistribution {
                market_hurdle: 0.05,
                originator_hurdle: 0.03,
                disposal_hurdle: 0.06,
                steps: Vec::new(),
            })
        },
        |h| h.tilted = None,
    );
    let Some(td) = &h.tilted else {
        return;
    };
    let on_t = |set: fn(&mut TiltedDistribution, f64)| {
        move |h: &mut Holding, v| {
            if let Some(t) = h.tilted.as_mut() {
                set(t, v);
            }
        }
    };
    egui::Grid::new("tilted-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let rows: [(S, &str, f64, SetHurdle); 3] = [
                (
                    S::MarketHurdle,
                    "market_hurdle",
                    td.market_hurdle,
                    |t, v| t.market_hurdle = v,
                ),
                (
                    S::OriginatorHurdle,
                    "originator_hurdle",
                    td.originator_hurdle,
                    |t, v| t.originator_hurdle = v,
                ),
                (
                    S::DisposalHurdle,
                    "disposal_hurdle",
                    td.disposal_hurdle,
                    |t, v| t.disposal_hurdle = v,
                ),
            ];
            for (label, field, value, set) in rows {
                hold::pct_row(
                    ui,
                    cx,
                    label,
                    &format!("holding.tilted.{field}"),
                    value,
                    0.0..=0.3,
                    on_t(set),
                );
            }
        });
    tilt_steps(ui, cx, &td.steps);
}

fn step_mut(d: &mut crate::model::Deal, j: usize) -> Option<&mut TiltStep> {
    d.holding.as_mut()?.tilted.as_mut()?.steps.get_mut(j)
}

/// The dynamic tilt: rows of (performance below, market units' share).
fn tilt_steps(ui: &mut Ui, cx: &mut Cx, steps: &[TiltStep]) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    caption(ui, t(S::TiltSteps));
    let n = steps.len();
    egui::Grid::new("tilt-steps")
        .num_columns(5)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (j, st) in steps.iter().enumerate() {
                let what = format!("{} {}", t(S::TiltStep), j + 1);
                ui.label(&what);
                ui.label(t(S::TiltBelow));
                let name = format!("{what} {}", t(S::TiltBelow));
                let (resp, v) = widgets::pct_drag(ui, st.below, 0.0..=5.0, 1, &name);
                widgets::drag_edit(cx.cmds, &resp, st.below, v, move |d, v| {
                    if let Some(x) = step_mut(d, j) {
                        x.below = v;
                    }
                });
                ui.label(t(S::TiltMarketShare));
                ui.horizontal(|ui| {
                    let name = format!("{what} {}", t(S::TiltMarketShare));
                    let (resp, v) = widgets::pct_drag(ui, st.market_share, 0.0..=1.0, 1, &name);
                    widgets::drag_edit(cx.cmds, &resp, st.market_share, v, move |d, v| {
                        if let Some(x) = step_mut(d, j) {
                            x.market_share = v;
                        }
                    });
                    if let Some(a) = widgets::row_buttons(ui, lang, &what, j, n) {
                        hold::edit(cx, move |h| {
                            if let Some(td) = h.tilted.as_mut() {
                                if a == RowAction::Remove {
                                    if j < td.steps.len() {
                                        td.steps.remove(j);
                                    }
                                } else {
                                    crate::app::edits::move_item(&mut td.steps, j, a.delta());
                                }
                            }
                        });
                    }
                });
                ui.end_row();
            }
        });
    for issue in widgets::issues_under(cx.issues, "holding.tilted.steps") {
        widgets::field_issues(ui, cx.lang, std::slice::from_ref(issue), &issue.path);
    }
    if ui.button(format!("+ {}", t(S::AddTiltStep))).clicked() {
        let next = steps.last().map_or(
            TiltStep {
                below: 1.0,
                market_share: 0.7,
            },
            |l| TiltStep {
                below: l.below + 0.1,
                market_share: l.market_share,
            },
        );
        hold::edit(cx, move |h| {
            if let Some(td) = h.tilted.as_mut() {
                td.steps.push(next);
            }
        });
    }
}
