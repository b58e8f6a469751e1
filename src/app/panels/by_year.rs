//! A schedule by operating year (year 1, 2, …) of CNY amounts: 达标值, 预期值, the committed
//! NOI and capex. Each year's amount is typed as text and parsed when the edit is committed;
//! a year can be added at the end or the last one removed. Years the schedule does not cover
//! (all of them when it is empty) use the single value of the field above it.

use super::hold;
use crate::app::format;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, form_row};
use crate::model::Holding;
use egui::{Id, RichText, Ui};
use rust_decimal::Decimal;

/// Width of one (year label, amount field) pair in the grid, in points.
const PAIR_WIDTH: f32 = 190.0;

/// One form row: the years' amounts, then the add and remove buttons. `fallback` is the
/// amount a new year starts with when the schedule is empty; `get` reaches the schedule, if
/// the deal still has it when the edit runs.
pub fn row<G>(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    values: &[Decimal],
    fallback: Decimal,
    get: G,
) where
    G: Fn(&mut Holding) -> Option<&mut Vec<Decimal>> + Copy + 'static,
{
    let lang = cx.lang;
    let name = lang.tr(label);
    form_row(ui, lang, name, cx.issues, path, |ui| {
        // A grid of (year, amount) pairs, as many pairs a row as fit, so each label stays
        // next to its own amount.
        let per_row = ((ui.available_width() / PAIR_WIDTH).floor() as usize).max(1);
        egui::Grid::new(("by-year-grid", path))
            .num_columns(per_row * 2)
            .spacing([6.0, 4.0])
            .show(ui, |ui| {
                for (j, v) in values.iter().enumerate() {
                    let year = lang.year(j + 1);
                    ui.label(&year);
                    ui.vertical(|ui| {
                        if let Some(new) = widgets::parsed_text(
                            ui,
                            Id::unique(("by-year", path, j)),
                            &format::money(*v),
                            120.0,
                            &format!("{name} {year}"),
                            lang,
                            non_negative,
                        ) {
                            hold::edit(cx, move |h| {
                                if let Some(x) = get(h).and_then(|s| s.get_mut(j)) {
                                    *x = new;
                                }
                            });
                        }
                        widgets::field_issues(ui, cx.lang, cx.issues, &format!("{path}[{j}]"));
                    });
                    if (j + 1) % per_row == 0 {
                        ui.end_row();
                    }
                }
            });
        ui.horizontal(|ui| {
            let next = values.last().copied().unwrap_or(fallback);
            let add = ui
                .small_button(format!("+ {}", lang.tr(S::AddYear)))
                .accessible_name(format!("{} {name}", lang.tr(S::AddYear)));
            if add.clicked() {
                hold::edit(cx, move |h| {
                    if let Some(s) = get(h) {
                        s.push(next);
                    }
                });
            }
            let remove = ui
                .add_enabled(
                    !values.is_empty(),
                    egui::Button::new(format!("− {}", lang.tr(S::RemoveLastYear))).small(),
                )
                .accessible_name(format!("{} {name}", lang.tr(S::RemoveLastYear)));
            if remove.clicked() {
                hold::edit(cx, move |h| {
                    if let Some(s) = get(h) {
                        s.pop();
                    }
                });
            }
        });
        ui.label(RichText::new(lang.tr(S::YearsNotListed)).small());
    });
}

/// A threshold or capex amount: an amount of zero or more.
fn non_negative(s: &str) -> Result<Decimal, S> {
    format::parse_money(s).and_then(|v| {
        if v < Decimal::ZERO {
            Err(S::ErrNegative)
        } else {
            Ok(v)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_by_year_are_not_negative() {
        assert_eq!(non_negative("3.1亿"), Ok(Decimal::from(310_000_000)));
        assert_eq!(non_negative("0"), Ok(Decimal::ZERO));
        assert_eq!(non_negative("-5万"), Err(S::ErrNegative));
        assert_eq!(non_negative("x"), Err(S::ErrAmount));
    }
}
