//! 清仓回购: the originator's clean-up call, its level and its price.

use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, form_row};
use crate::model::{CallPrice, CleanUpCall};
use egui::Ui;

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::CleanUpCall));
    let mut has = cx.deal.clean_up_call.is_some();
    if widgets::checkbox(ui, &mut has, t(S::HasCleanUpCall)).changed() {
        cx.cmds.edit_now(move |d| {
            d.clean_up_call = has.then_some(CleanUpCall {
                below: 0.1,
                price: CallPrice::ParPlusAccrued,
            });
        });
    }
    let Some(call) = &cx.deal.clean_up_call else {
        return;
    };
    let (below, price) = (call.below, call.price);
    let issues = cx.issues;
    egui::Grid::new("clean-up-call")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form_row(
                ui,
                lang,
                t(S::CallBelow),
                issues,
                "clean_up_call.below",
                |ui| {
                    let (resp, v) = widgets::pct_drag(ui, below, 0.0..=1.0, 2, t(S::CallBelow));
                    widgets::drag_edit(cx.cmds, &resp, below, v, |d, v| {
                        if let Some(c) = &mut d.clean_up_call {
                            c.below = v;
                        }
                    });
                },
            );
            form_row(
                ui,
                lang,
                t(S::CallPrice),
                issues,
                "clean_up_call.price",
                |ui| {
                    ui.horizontal(|ui| {
                        let stated = matches!(price, CallPrice::PerHundred(_));
                        let kinds = [(false, t(S::ParPlusAccrued)), (true, t(S::CallPerHundred))];
                        if let Some(k) = widgets::choice(
                            ui,
                            "call-price",
                            stated,
                            &kinds,
                            200.0,
                            t(S::CallPrice),
                        ) {
                            cx.cmds.edit_now(move |d| {
                                if let Some(c) = &mut d.clean_up_call {
                                    c.price = if k {
                                        CallPrice::PerHundred(100.0)
                                    } else {
                                        CallPrice::ParPlusAccrued
                                    };
                                }
                            });
                        }
                        if let CallPrice::PerHundred(p) = price {
                            let mut v = p;
                            let resp = ui
                                .add(
                                    egui::DragValue::new(&mut v)
                                        .range(0.0..=200.0)
                                        .clamp_existing_to_range(false)
                                        .speed(0.05)
                                        .fixed_decimals(2),
                                )
                                .accessible_name(t(S::CallPerHundred));
                            widgets::drag_edit(cx.cmds, &resp, p, v, |d, v| {
                                if let Some(c) = &mut d.clean_up_call {
                                    c.price = CallPrice::PerHundred(v);
                                }
                            });
                        }
                    });
                },
            );
        });
}
