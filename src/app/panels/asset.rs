//! The operating asset of a holding-type deal (and the expansion's asset, same fields).

use super::{by_year, hold};
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets;
use crate::model::{AssetRight, Holding, OperatingAsset};
use egui::{RichText, Ui};
use rust_decimal::Decimal;

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let Some(h) = &cx.deal.holding else {
        hold::not_holding(ui, cx);
        return;
    };
    fields(ui, cx, "holding.asset", &h.asset, |h| Some(&mut h.asset));
}

/// Reaches the asset being edited inside the holding terms, if it is still there.
pub trait Get: Fn(&mut Holding) -> Option<&mut OperatingAsset> + Copy + 'static {}
impl<G: Fn(&mut Holding) -> Option<&mut OperatingAsset> + Copy + 'static> Get for G {}

/// The asset's fields in a grid; `path` is its validation path, `get` where edits go.
pub fn fields(ui: &mut Ui, cx: &mut Cx, path: &str, a: &OperatingAsset, get: impl Get) {
    let p = |f: &str| format!("{path}.{f}");
    egui::Grid::new(("asset-grid", path))
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            hold::text_row(ui, cx, S::AssetName, &p("name"), &a.name, move |h, v| {
                if let Some(a) = get(h) {
                    a.name = v;
                }
            });
            right(ui, cx, &p("right"), a, get);
            hold::money_row(
                ui,
                cx,
                S::BaseRevenue,
                &p("base_revenue"),
                a.base_revenue,
                move |h, v| {
                    if let Some(a) = get(h) {
                        a.base_revenue = v;
                    }
                },
            );
            if !a.revenue_schedule.is_empty() {
                ui.label("");
                ui.label(RichText::new(cx.tr(S::RevenueScheduleSet)).small());
                ui.end_row();
            }
            hold::slider_row(
                ui,
                cx,
                S::OpexRatio,
                &p("opex_ratio"),
                a.opex_ratio,
                0.0..=0.95,
                move |h, v| {
                    if let Some(a) = get(h) {
                        a.opex_ratio = v;
                    }
                },
            );
            hold::money_row(
                ui,
                cx,
                S::FixedOpex,
                &p("fixed_opex"),
                a.fixed_opex,
                move |h, v| {
                    if let Some(a) = get(h) {
                        a.fixed_opex = v;
                    }
                },
            );
            hold::slider_row(
                ui,
                cx,
                S::CapexRatio,
                &p("capex_ratio"),
                a.capex_ratio,
                0.0..=0.5,
                move |h, v| {
                    if let Some(a) = get(h) {
                        a.capex_ratio = v;
                    }
                },
            );
            by_year::row(
                ui,
                cx,
                S::CapexSchedule,
                &p("capex_schedule"),
                &a.capex_schedule,
                Decimal::ZERO,
                move |h: &mut Holding| get(h).map(|a| &mut a.capex_schedule),
            );
        });
}

/// Concession (with its expiry) or property (with its useful life).
fn right(ui: &mut Ui, cx: &mut Cx, path: &str, a: &OperatingAsset, get: impl Get) {
    let lang = cx.lang;
    let concession = matches!(a.right, AssetRight::Concession { .. });
    let legal_final = cx.deal.legal_final_date;
    widgets::form_row(ui, lang, lang.tr(S::AssetRight), cx.issues, path, |ui| {
        ui.horizontal(|ui| {
            for (is_concession, key) in [(true, S::Concession), (false, S::Property)] {
                let resp = ui
                    .selectable_label(concession == is_concession, lang.tr(key))
                    .accessible_name(format!("{} {}", lang.tr(S::AssetRight), lang.tr(key)));
                if resp.clicked() && concession != is_concession {
                    hold::edit(cx, move |h| {
                        if let Some(a) = get(h) {
                            a.right = if is_concession {
                                AssetRight::Concession {
                                    expiry: legal_final,
                                }
                            } else {
                                AssetRight::Property {
                                    useful_life_years: 30,
                                }
                            };
                        }
                    });
                }
            }
        });
    });
    match a.right {
        AssetRight::Concession { expiry } => hold::date_row(
            ui,
            cx,
            S::ConcessionExpiry,
            &format!("{path}.expiry"),
            expiry,
            move |h, v| {
                if let Some(a) = get(h) {
                    a.right = AssetRight::Concession { expiry: v };
                }
            },
        ),
        AssetRight::Property { useful_life_years } => hold::number_row(
            ui,
            cx,
            S::UsefulLife,
            &format!("{path}.useful_life_years"),
            useful_life_years,
            1..=100,
            0.05,
            move |h, v| {
                if let Some(a) = get(h) {
                    a.right = AssetRight::Property {
                        useful_life_years: v,
                    };
                }
            },
        ),
    }
}
