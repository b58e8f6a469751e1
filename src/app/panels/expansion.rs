//! 扩募: the first expansion round and further rounds, each a date, a price and the asset
//! bought with the new units.

use super::{asset, hold, subheading};
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::model::{Expansion, Holding};
use chrono::NaiveDate;
use egui::Ui;
use rust_decimal::Decimal;

/// The first round's toggle and fields, then the further rounds.
pub fn show(ui: &mut Ui, cx: &mut Cx, h: &Holding, closing: NaiveDate) {
    let first = new_round(h, crate::time::add_months(closing, 36).unwrap_or(closing));
    hold::toggle(
        ui,
        cx,
        S::HasExpansion,
        h.expansion.is_some(),
        move |h| h.expansion = Some(first),
        |h| h.expansion = None,
    );
    let Some(x) = &h.expansion else {
        return;
    };
    round(ui, cx, "holding.expansion", x, |h| h.expansion.as_mut());
    subheading(ui, cx.tr(S::ExpansionRounds));
    for (j, x) in h.expansions.iter().enumerate() {
        ui.push_id(("expansion-round", j), |ui| {
            ui.horizontal(|ui| {
                let what = format!("{} {}", cx.tr(S::Round), j + 2);
                ui.strong(&what);
                let remove = ui
                    .small_button("×")
                    .on_hover_text(cx.tr(S::Remove))
                    .accessible_name(format!("{} {what}", cx.tr(S::Remove)));
                if remove.clicked() {
                    hold::edit(cx, move |h| {
                        if j < h.expansions.len() {
                            h.expansions.remove(j);
                        }
                    });
                }
            });
            let path = format!("holding.expansions[{j}]");
            round(ui, cx, &path, x, move |h| h.expansions.get_mut(j));
        });
    }
    let last = h.expansions.last().unwrap_or(x).date;
    let next = new_round(h, crate::time::add_months(last, 24).unwrap_or(last));
    if ui.button(format!("+ {}", cx.tr(S::AddRound))).clicked() {
        hold::edit(cx, move |h| h.expansions.push(next));
    }
}

/// A new round on `date`: a copy of the deal's asset at a quarter of its price.
fn new_round(h: &Holding, date: NaiveDate) -> Expansion {
    Expansion {
        date,
        price: crate::money::fen(h.spv.total_investment / Decimal::from(4)),
        asset: h.asset.clone(),
    }
}

/// One round's date, price and asset; `get` reaches it when the edit runs.
fn round<G>(ui: &mut Ui, cx: &mut Cx, path: &str, x: &Expansion, get: G)
where
    G: Fn(&mut Holding) -> Option<&mut Expansion> + Copy + 'static,
{
    egui::Grid::new(("expansion-grid", path))
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            hold::date_row(
                ui,
                cx,
                S::ExpansionDate,
                &format!("{path}.date"),
                x.date,
                move |h, v| {
                    if let Some(x) = get(h) {
                        x.date = v;
                    }
                },
            );
            hold::money_row(
                ui,
                cx,
                S::ExpansionPrice,
                &format!("{path}.price"),
                x.price,
                move |h, v| {
                    if let Some(x) = get(h) {
                        x.price = v;
                    }
                },
            );
        });
    let apath = format!("{path}.asset");
    asset::fields(ui, cx, &apath, &x.asset, move |h: &mut Holding| {
        get(h).map(|x| &mut x.asset)
    });
}
