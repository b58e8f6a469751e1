//! 开放退出 windows of a holding-type deal (year, cap on the units redeemed, buyer) and the
//! share of the market units the selected scenario asks to redeem in each window.

use super::{hold, results::caption, scenarios};
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, RowAction, form_row};
use crate::model::{Buyer, Deal, Holding, OpenWindow, Scenario};
use egui::Ui;

fn window_mut(d: &mut Deal, j: usize) -> Option<&mut OpenWindow> {
    d.holding.as_mut()?.open_periods.get_mut(j)
}

/// The windows as rows, with add and remove.
pub fn windows(ui: &mut Ui, cx: &mut Cx, h: &Holding) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    caption(ui, t(S::OpenWindows));
    let n = h.open_periods.len();
    egui::Grid::new("open-windows")
        .num_columns(7)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (j, w) in h.open_periods.iter().enumerate() {
                let what = format!("{} {}", t(S::OpenWindow), j + 1);
                ui.label(&what);
                ui.label(t(S::WindowYear));
                let mut year = w.year;
                let resp = ui
                    .add(egui::DragValue::new(&mut year).range(1..=100).speed(0.05))
                    .accessible_name(format!("{what} {}", t(S::WindowYear)));
                widgets::drag_edit(cx.cmds, &resp, w.year, year, move |d, v| {
                    if let Some(w) = window_mut(d, j) {
                        w.year = v;
                    }
                });
                ui.label(t(S::WindowCap));
                let name = format!("{what} {}", t(S::WindowCap));
                let (resp, v) = widgets::pct_drag(ui, w.cap, 0.0..=1.0, 1, &name);
                widgets::drag_edit(cx.cmds, &resp, w.cap, v, move |d, v| {
                    if let Some(w) = window_mut(d, j) {
                        w.cap = v;
                    }
                });
                ui.label(t(S::Buyer));
                ui.horizontal(|ui| {
                    let options = [
                        (Buyer::Originator, t(S::BuyerOriginator)),
                        (Buyer::LiquiditySupport, t(S::BuyerLiquidity)),
                    ];
                    let name = format!("{what} {}", t(S::Buyer));
                    let picked =
                        widgets::choice(ui, ("window-buyer", j), w.buyer, &options, 180.0, &name);
                    if let Some(b) = picked {
                        hold::edit(cx, move |h| {
                            if let Some(w) = h.open_periods.get_mut(j) {
                                w.buyer = b;
                            }
                        });
                    }
                    if let Some(a) = widgets::row_buttons(ui, lang, &what, j, n) {
                        hold::edit(cx, move |h| {
                            let v = &mut h.open_periods;
                            if a == RowAction::Remove {
                                if j < v.len() {
                                    v.remove(j);
                                }
                            } else {
                                crate::app::edits::move_item(v, j, a.delta());
                            }
                        });
                    }
                });
                ui.end_row();
            }
        });
    for issue in widgets::issues_under(cx.issues, "holding.open_periods") {
        widgets::field_issues(ui, cx.lang, std::slice::from_ref(issue), &issue.path);
    }
    if ui.button(format!("+ {}", t(S::AddWindow))).clicked() {
        let year = h.open_periods.last().map_or(3, |w| w.year + 3);
        hold::edit(cx, move |h| {
            h.open_periods.push(OpenWindow {
                year,
                cap: 1.0,
                buyer: Buyer::Originator,
            })
        });
    }
}

/// The selected scenario's redemption requests, a form row of the exit grid.
pub fn redemption_row(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    let lang = cx.lang;
    let label = lang.tr(S::RedemptionShare);
    let path = format!("scenarios[{i}].redemption_share");
    let name = s.name.clone();
    form_row(ui, lang, label, cx.issues, &path, |ui| {
        let (resp, v) = widgets::pct_slider(
            ui,
            lang,
            s.redemption_share,
            0.0..=1.0,
            egui::SliderClamping::Edits,
            label,
        );
        widgets::drag_edit(cx.cmds, &resp, s.redemption_share, v, move |d, v| {
            if let Some(s) = scenarios::scenario_mut(d, i, &name) {
                s.redemption_share = v;
            }
        });
    });
}
