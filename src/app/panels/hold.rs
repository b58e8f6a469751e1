//! Form rows for the fields of a holding-type deal. Each edit reaches `deal.holding` when it
//! runs and does nothing if the deal is no longer a holding deal by then (edits are queued).

use crate::app::format;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, form_row};
use crate::model::{Deal, Holding};
use chrono::NaiveDate;
use egui::{Id, Response, Ui};
use rust_decimal::Decimal;
use std::ops::RangeInclusive;

/// Run `set` on the deal's holding terms, if it still has them.
fn on_holding<V>(set: impl FnOnce(&mut Holding, V)) -> impl FnOnce(&mut Deal, V) {
    move |d, v| {
        if let Some(h) = d.holding.as_mut() {
            set(h, v);
        }
    }
}

/// Queue an edit of the holding terms that is one undo step by itself.
pub fn edit(cx: &mut Cx, set: impl FnOnce(&mut Holding) + 'static) {
    cx.cmds.edit_now(move |d| {
        if let Some(h) = d.holding.as_mut() {
            set(h);
        }
    });
}

fn field_id(path: &str) -> Id {
    Id::unique(("holding-field", path))
}

/// A field typed as text: `shown` is the value as text, `parse` reads the user's text back.
#[allow(clippy::too_many_arguments)]
fn parsed_row<V: 'static>(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    shown: &str,
    width: f32,
    parse: impl FnOnce(&str) -> Result<V, S>,
    set: impl FnOnce(&mut Holding, V) + 'static,
) {
    let lang = cx.lang;
    form_row(ui, lang, lang.tr(label), cx.issues, path, |ui| {
        if let Some(v) = widgets::parsed_text(
            ui,
            field_id(path),
            shown,
            width,
            lang.tr(label),
            lang,
            parse,
        ) {
            cx.cmds.edit_now(move |d| on_holding(set)(d, v));
        }
    });
}

/// An amount in CNY, typed as the other money fields (`1.2亿`, `3,000,000.00`).
pub fn money_row(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: Decimal,
    set: impl FnOnce(&mut Holding, Decimal) + 'static,
) {
    let shown = format::money(value);
    parsed_row(ui, cx, label, path, &shown, 180.0, format::parse_money, set);
}

/// An optional amount: empty text means none (no cap).
pub fn opt_money_row(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: Option<Decimal>,
    set: impl FnOnce(&mut Holding, Option<Decimal>) + 'static,
) {
    let shown = value.map_or_else(String::new, format::money);
    let parse = |s: &str| {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            format::parse_money(s).map(Some)
        }
    };
    parsed_row(ui, cx, label, path, &shown, 180.0, parse, set);
}

/// A free-text field (a name).
pub fn text_row(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: &str,
    set: impl FnOnce(&mut Holding, String) + 'static,
) {
    let lang = cx.lang;
    form_row(ui, lang, lang.tr(label), cx.issues, path, |ui| {
        if let Some(v) = widgets::text(ui, field_id(path), value, 260.0, lang.tr(label), lang) {
            cx.cmds.edit_now(move |d| on_holding(set)(d, v));
        }
    });
}

pub fn date_row(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: NaiveDate,
    set: impl FnOnce(&mut Holding, NaiveDate) + 'static,
) {
    let shown = format::date(value);
    parsed_row(ui, cx, label, path, &shown, 110.0, format::parse_date, set);
}

/// A dragged field: `widget` draws it under the accessible name it is given and returns
/// its response and new value.
fn drag_row<V: Copy + PartialEq + 'static>(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: V,
    widget: impl FnOnce(&mut Ui, &str) -> (Response, V),
    set: impl FnOnce(&mut Holding, V) + 'static,
) {
    let lang = cx.lang;
    form_row(ui, lang, lang.tr(label), cx.issues, path, |ui| {
        let (resp, v) = widget(ui, lang.tr(label));
        widgets::drag_edit(cx.cmds, &resp, value, v, on_holding(set));
    });
}

/// A rate shown in percent, dragged or typed.
pub fn pct_row(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: f64,
    range: RangeInclusive<f64>,
    set: impl FnOnce(&mut Holding, f64) + 'static,
) {
    let widget = |ui: &mut Ui, name: &str| widgets::pct_drag(ui, value, range, 2, name);
    drag_row(ui, cx, label, path, value, widget, set);
}

/// An optional rate: a checkbox named `toggle` turns it on (at `default`) or off (none).
#[allow(clippy::too_many_arguments)]
pub fn opt_pct_row(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    toggle: S,
    path: &str,
    value: Option<f64>,
    default: f64,
    set: fn(&mut Holding, Option<f64>),
) {
    let lang = cx.lang;
    form_row(ui, lang, lang.tr(label), cx.issues, path, |ui| {
        ui.horizontal(|ui| {
            let mut on = value.is_some();
            if widgets::checkbox(ui, &mut on, lang.tr(toggle)).changed() {
                edit(cx, move |h| set(h, on.then_some(default)));
            }
            if let Some(r) = value {
                let (resp, v) = widgets::pct_drag(ui, r, 0.0..=0.3, 2, lang.tr(label));
                widgets::drag_edit(
                    cx.cmds,
                    &resp,
                    r,
                    v,
                    on_holding(move |h, v| set(h, Some(v))),
                );
            }
        });
    });
}

/// A choice among a few values shown as words, as a row of toggles named
/// "<label> <word>".
pub fn words_row<T: Copy + PartialEq + 'static>(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    current: T,
    options: &[(T, S)],
    set: fn(&mut Holding, T),
) {
    let lang = cx.lang;
    form_row(ui, lang, lang.tr(label), cx.issues, path, |ui| {
        // The words wrap at the editor's visible edge ("Loan prepayment" ran off it).
        let room = widgets::visible_room(ui);
        ui.horizontal_wrapped(|ui| {
            ui.set_max_width(room);
            for &(v, key) in options {
                let resp = ui
                    .selectable_label(current == v, lang.tr(key))
                    .accessible_name(format!("{} {}", lang.tr(label), lang.tr(key)));
                if resp.clicked() && current != v {
                    edit(cx, move |h| set(h, v));
                }
            }
        });
    });
}

/// A share shown in percent on a slider.
pub fn slider_row(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: f64,
    range: RangeInclusive<f64>,
    set: impl FnOnce(&mut Holding, f64) + 'static,
) {
    slider_row_with(ui, cx, label, path, value, range, set, 0.0, |_| {});
}

/// A share on a slider with `after` (`after_width` points wide) on its line: the slider
/// shortens to leave it room, so the value stays in view.
#[allow(clippy::too_many_arguments)]
pub fn slider_row_with(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: f64,
    range: RangeInclusive<f64>,
    set: impl FnOnce(&mut Holding, f64) + 'static,
    after_width: f32,
    after: impl FnOnce(&mut Ui),
) {
    let lang = cx.lang;
    let widget = |ui: &mut Ui, name: &str| {
        ui.horizontal(|ui| {
            if after_width > 0.0 {
                let room = widgets::visible_room(ui)
                    - widgets::SLIDER_VALUE_BOX
                    - after_width
                    - ui.spacing().item_spacing.x;
                let s = ui.spacing_mut();
                s.slider_width = s.slider_width.min(room);
            }
            let out =
                widgets::pct_slider(ui, lang, value, range, egui::SliderClamping::Edits, name);
            after(ui);
            out
        })
        .inner
    };
    drag_row(ui, cx, label, path, value, widget, set);
}

/// A plain number (a multiple, a count of years or periods).
#[allow(clippy::too_many_arguments)]
pub fn number_row<N: egui::emath::Numeric + 'static>(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    path: &str,
    value: N,
    range: RangeInclusive<N>,
    speed: f64,
    set: impl FnOnce(&mut Holding, N) + 'static,
) {
    let widget = |ui: &mut Ui, name: &str| {
        let mut v = value;
        let resp = ui
            .add(
                egui::DragValue::new(&mut v)
                    .range(range)
                    .clamp_existing_to_range(false)
                    .speed(speed),
            )
            .accessible_name(name);
        (resp, v)
    };
    drag_row(ui, cx, label, path, value, widget, set);
}

/// A checkbox that adds or removes an optional part of the terms.
pub fn toggle(
    ui: &mut Ui,
    cx: &mut Cx,
    label: S,
    on: bool,
    turn_on: impl FnOnce(&mut Holding) + 'static,
    turn_off: impl FnOnce(&mut Holding) + 'static,
) {
    let mut v = on;
    if widgets::checkbox(ui, &mut v, cx.tr(label)).changed() {
        if v {
            edit(cx, turn_on);
        } else {
            edit(cx, turn_off);
        }
    }
}

/// The note shown instead of a holding section's fields for a tranched deal.
pub fn not_holding(ui: &mut Ui, cx: &Cx) {
    ui.label(cx.tr(S::NotHolding));
}
