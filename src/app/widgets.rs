//! Input widgets that turn user interaction into deal edits at the right moments.
//!
//! - Text fields keep a draft while focused and commit on Enter or when focus leaves; text
//!   that does not parse stays in the field with the reason next to it, and the deal is
//!   untouched. Escape abandons the draft.
//! - Drag values and sliders send grouped edits while dragging and close the undo step
//!   when the drag or the typing ends.
//!
//! Every input gets an accessible name, so screen readers and the AccessKit-driven tests
//! can find it.

use super::command::{Command, Commands};
use super::i18n::{Lang, S};
use super::theme::Tokens;
use crate::error::{Issue, Severity};
use crate::export::messages;
use crate::model::Deal;
use egui::{Id, Response, RichText, TextEdit, Ui};
use std::ops::RangeInclusive;

#[derive(Clone)]
struct Draft {
    text: String,
    error: Option<S>,
}

/// Parser for an id or name field: trimmed, not empty, and not one of `others` (the other rows' ids).
pub fn unique_id(others: &[String]) -> impl FnOnce(&str) -> Result<String, S> + '_ {
    move |s| {
        let s = s.trim();
        if s.is_empty() {
            Err(S::ErrEmpty)
        } else if others.iter().any(|o| o == s) {
            Err(S::ErrTaken)
        } else {
            Ok(s.to_string())
        }
    }
}

/// A single-line text field for a value shown as `shown`, at most `width` wide and no wider
/// than the room left on the line. Returns the parsed value when the user commits text
/// different from `shown`.
pub fn parsed_text<T>(
    ui: &mut Ui,
    id: Id,
    shown: &str,
    width: f32,
    name: &str,
    lang: Lang,
    parse: impl FnOnce(&str) -> Result<T, S>,
) -> Option<T> {
    parsed_text_editing(ui, id, (shown, shown), width, name, lang, parse)
}

/// [`parsed_text`] for a value shown rounded (`shown`, a grid column's fixed decimals) and
/// edited with every digit it has (`editing`, the text the field holds once focused).
pub fn parsed_text_editing<T>(
    ui: &mut Ui,
    id: Id,
    (shown, editing): (&str, &str),
    width: f32,
    name: &str,
    lang: Lang,
    parse: impl FnOnce(&str) -> Result<T, S>,
) -> Option<T> {
    let width = width.min(visible_room(ui).max(60.0));
    text_field(ui, id, (shown, editing), width, name, lang, parse)
}

/// A text field as wide as its text (at least `min_width`, at most the whole line), so a
/// long name or id shows whole instead of cut at a fixed width; in a wrapping layout a text
/// longer than the rest of the line moves to a line of its own.
pub fn fitted_text<T>(
    ui: &mut Ui,
    id: Id,
    shown: &str,
    min_width: f32,
    name: &str,
    lang: Lang,
    parse: impl FnOnce(&str) -> Result<T, S>,
) -> Option<T> {
    let now = ui
        .data(|d| d.get_temp::<Draft>(id))
        .map_or_else(|| shown.to_string(), |d| d.text);
    // The field's inner margin (4 points a side) and room for the cursor at the end.
    let need = text_width(ui, &now) + 20.0;
    let line = visible_room(ui) + (ui.cursor().left() - ui.max_rect().left());
    let width = need.max(min_width).min(line.max(60.0));
    text_field(ui, id, (shown, shown), width, name, lang, parse)
}

/// Parser for free text: trimmed, not empty.
pub fn not_empty(s: &str) -> Result<String, S> {
    let s = s.trim();
    if s.is_empty() {
        Err(S::ErrEmpty)
    } else {
        Ok(s.to_string())
    }
}

fn text_field<T>(
    ui: &mut Ui,
    id: Id,
    (shown, editing): (&str, &str),
    width: f32,
    name: &str,
    lang: Lang,
    parse: impl FnOnce(&str) -> Result<T, S>,
) -> Option<T> {
    let draft: Option<Draft> = ui.data(|d| d.get_temp(id));
    let fresh = draft.is_none();
    let mut text = draft
        .as_ref()
        .map_or_else(|| shown.to_string(), |d| d.text.clone());
    let error = draft.as_ref().and_then(|d| d.error);
    // A minimum size too: in a grid cell the available width starts out small.
    let mut edit = TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(width)
        .min_size(egui::vec2(width, 0.0));
    if error.is_some() {
        edit = edit.text_color(Tokens::of(ui.visuals()).error);
    }
    let resp = ui.add(edit).accessible_name(name);
    let mut out = None;
    if resp.has_focus() {
        if fresh && text == shown {
            // Editing starts from the full value; the field shows it from the next frame.
            text = editing.to_string();
            ui.ctx().request_repaint();
        }
        ui.data_mut(|d| d.insert_temp(id, Draft { text, error }));
    } else if resp.lost_focus() {
        let escaped = ui.input(|i| i.key_pressed(egui::Key::Escape));
        if escaped || text == shown || text == editing {
            ui.data_mut(|d| d.remove::<Draft>(id));
        } else {
            match parse(&text) {
                Ok(v) => {
                    ui.data_mut(|d| d.remove::<Draft>(id));
                    out = Some(v);
                }
                Err(e) => {
                    ui.data_mut(|d| {
                        d.insert_temp(
                            id,
                            Draft {
                                text,
                                error: Some(e),
                            },
                        )
                    });
                }
            }
        }
    }
    if let Some(e) = ui.data(|d| d.get_temp::<Draft>(id)).and_then(|d| d.error) {
        let tokens = Tokens::of(ui.visuals());
        ui.label(
            RichText::new(format!("⚠ {}", lang.tr(e)))
                .color(tokens.error)
                .small(),
        )
        .on_hover_text(lang.tr(e));
    }
    out
}

/// A free-text field (names, providers); empty text is refused.
pub fn text(
    ui: &mut Ui,
    id: Id,
    shown: &str,
    width: f32,
    name: &str,
    lang: Lang,
) -> Option<String> {
    parsed_text(ui, id, shown, width, name, lang, not_empty)
}

/// A percentage drag value over a rate stored as a fraction (0.025 shown as 2.500%).
pub fn pct_drag(
    ui: &mut Ui,
    value: f64,
    range: RangeInclusive<f64>,
    decimals: usize,
    name: &str,
) -> (Response, f64) {
    let mut v = value;
    let resp = ui
        .add(
            egui::DragValue::new(&mut v)
                .range(range)
                .clamp_existing_to_range(false)
                .speed(0.0001)
                .custom_formatter(move |x, _| format!("{:.*}%", decimals, x * 100.0))
                .custom_parser(super::format::parse_pct)
                .update_while_editing(false),
        )
        .accessible_name(name);
    (resp, v)
}

/// How far a slider moves for each point the pointer moves while Shift is held: 0.01
/// percentage point (a plain drag puts the value under the pointer, ~0.7 point a pixel on
/// a short track).
pub const FINE_STEP: f64 = 0.0001;

/// A percentage slider over a rate stored as a fraction, as wide as the line leaves room
/// for beside its value box (which takes a typed figure). Dragging with Shift held moves
/// the value by [`FINE_STEP`] a point from where it was instead of jumping to the pointer.
/// `clamping` says whether a typed figure outside the range is pulled in.
pub fn pct_slider(
    ui: &mut Ui,
    lang: Lang,
    value: f64,
    range: RangeInclusive<f64>,
    clamping: egui::SliderClamping,
    name: &str,
) -> (Response, f64) {
    let mut v = value;
    let (lo, hi) = (*range.start(), *range.end());
    let resp = ui
        .scope(|ui| {
            fit_slider(ui);
            ui.add(
                egui::Slider::new(&mut v, range)
                    // `Always` would re-round the stored value on every frame: an edit by looking.
                    .clamping(clamping)
                    .custom_formatter(|x, _| format!("{:.2}%", x * 100.0))
                    .custom_parser(super::format::parse_pct)
                    .step_by(0.0005),
            )
        })
        .inner
        .accessible_name(name)
        .on_hover_text(lang.tr(S::SliderFineHint));
    let (shift, dx) = ui.input(|i| (i.modifiers.shift, i.pointer.delta().x));
    // From the press to the release (the slider sets the value under the pointer on both),
    // and to the end of a drag that Shift started even if Shift is let go first.
    let fine_id = resp.id.with("fine");
    let active = resp.is_pointer_button_down_on() || resp.drag_stopped() || resp.clicked();
    let fine = active && (shift || ui.data(|d| d.get_temp::<bool>(fine_id)).unwrap_or(false));
    if fine && resp.is_pointer_button_down_on() {
        ui.data_mut(|d| d.insert_temp(fine_id, true));
    } else {
        ui.data_mut(|d| d.remove::<bool>(fine_id));
    }
    if fine {
        v = if dx == 0.0 {
            value
        } else {
            let fine = value + f64::from(dx) * FINE_STEP;
            // Whole hundredths of a percentage point, inside the slider's range.
            ((fine / FINE_STEP).round() * FINE_STEP).clamp(lo.min(value), hi.max(value))
        };
    }
    (resp, v)
}

/// Turn a drag value's or slider's response into grouped edits and the end of the group.
pub fn drag_edit<V: Copy + PartialEq + 'static>(
    cmds: &mut Commands,
    resp: &Response,
    old: V,
    new: V,
    apply: impl FnOnce(&mut Deal, V) + 'static,
) {
    if resp.changed() && new != old {
        cmds.edit(Some(resp.id), move |d| apply(d, new));
    }
    if resp.drag_stopped() || resp.lost_focus() {
        cmds.push(Command::EndEdit);
    }
}

/// A combo box over `options`; returns the new choice when the user picks another one.
pub fn choice<T: PartialEq + Copy>(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    current: T,
    options: &[(T, &str)],
    width: f32,
    name: &str,
) -> Option<T> {
    let shown = options
        .iter()
        .find(|(v, _)| *v == current)
        .map_or("", |(_, label)| label);
    let mut picked = None;
    // As wide as the longest choice with its padding and open icon, so no choice is cut
    // while the line has room ("% of pool balan…" in a card with room to spare), down to
    // the room left in view.
    let sp = ui.spacing();
    let frame = 2.0 * sp.button_padding.x + sp.icon_spacing + sp.icon_width;
    let longest = options
        .iter()
        .map(|(_, label)| text_width(ui, label) + frame)
        .fold(width, f32::max);
    let width = longest
        .min(visible_room(ui) - ui.spacing().icon_width - 8.0)
        .max(40.0);
    let resp = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .width(width)
        // A choice longer than the room left is cut with "…" (the full text is in the
        // list), not widened past the editor.
        .truncate()
        .show_ui(ui, |ui| {
            for (v, label) in options {
                if ui.selectable_label(*v == current, *label).clicked() && *v != current {
                    picked = Some(*v);
                }
            }
        });
    resp.response.accessible_name(name);
    picked
}

/// Toggle chips for a set of tranche ids; returns the new selection, in `all`'s order.
pub fn id_chips(ui: &mut Ui, all: &[&str], selected: &[String], name: &str) -> Option<Vec<String>> {
    let mut toggled = None;
    ui.horizontal_wrapped(|ui| {
        // A chip wraps as a whole, never one character per line.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        for id in all {
            let on = selected.iter().any(|s| s == id);
            let resp = ui
                .selectable_label(on, *id)
                .accessible_name(format!("{name} {id}"));
            if resp.clicked() {
                toggled = Some(*id);
            }
        }
        // References to ids that no longer exist stay visible so they can be removed.
        for s in selected.iter().filter(|s| !all.contains(&s.as_str())) {
            let resp = ui
                .selectable_label(true, RichText::new(s).strikethrough())
                .accessible_name(format!("{name} {s}"));
            if resp.clicked() {
                toggled = Some(s.as_str());
            }
        }
    });
    let t = toggled?;
    let mut next: Vec<String> = selected.iter().filter(|s| *s != t).cloned().collect();
    if next.len() == selected.len() {
        next.push(t.to_string());
        next.sort_by_key(|s| all.iter().position(|a| a == s).unwrap_or(usize::MAX));
    }
    Some(next)
}

/// The issues whose path is `path` or lies under it (`tranches[1]` covers `tranches[1].coupon`).
pub fn issues_under<'a>(
    issues: &'a [Issue],
    path: &'a str,
) -> impl Iterator<Item = &'a Issue> + 'a {
    issues.iter().filter(move |i| {
        i.path == path
            || i.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    })
}

/// The messages for `path`, shown under a form field in the UI's language; the check's
/// code and path on hover.
pub fn field_issues(ui: &mut Ui, lang: Lang, issues: &[Issue], path: &str) {
    let tokens = Tokens::of(ui.visuals());
    for i in issues.iter().filter(|i| i.path == path) {
        let color = match i.severity {
            Severity::Error => tokens.error,
            Severity::Warning => tokens.warning,
        };
        ui.label(
            RichText::new(format!("⚠ {}", messages::issue_sentence(lang, i)))
                .color(color)
                .small(),
        )
        .on_hover_text(messages::support_text(i));
    }
}

/// A warning sign with the messages on hover, for table cells: `field` names the field of
/// an issue's path (the row is known from where the mark is).
pub fn issue_mark(ui: &mut Ui, lang: Lang, issues: &[&Issue], field: impl Fn(&str) -> String) {
    if issues.is_empty() {
        return;
    }
    let tokens = Tokens::of(ui.visuals());
    let error = issues.iter().any(|i| i.severity == Severity::Error);
    let color = if error { tokens.error } else { tokens.warning };
    let text = issues
        .iter()
        .map(|i| format!("{}: {}", field(&i.path), messages::issue_sentence(lang, i)))
        .collect::<Vec<_>>()
        .join("\n");
    ui.label(RichText::new("⚠").color(color))
        .on_hover_text(text);
}

/// Small icon buttons for list rows: move up, move down, remove.
pub fn row_buttons(ui: &mut Ui, lang: Lang, what: &str, i: usize, n: usize) -> Option<RowAction> {
    let mut action = None;
    let up = ui
        .add_enabled(i > 0, egui::Button::new("↑").small())
        .on_hover_text(lang.tr(S::MoveUp))
        .accessible_name(format!("{} {what}", lang.tr(S::MoveUp)));
    if up.clicked() {
        action = Some(RowAction::Up);
    }
    let down = ui
        .add_enabled(i + 1 < n, egui::Button::new("↓").small())
        .on_hover_text(lang.tr(S::MoveDown))
        .accessible_name(format!("{} {what}", lang.tr(S::MoveDown)));
    if down.clicked() {
        action = Some(RowAction::Down);
    }
    let remove = ui
        .add(egui::Button::new("×").small())
        .on_hover_text(lang.tr(S::Remove))
        .accessible_name(format!("{} {what}", lang.tr(S::Remove)));
    if remove.clicked() {
        action = Some(RowAction::Remove);
    }
    action
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    Up,
    Down,
    Remove,
}

impl RowAction {
    pub fn delta(self) -> isize {
        match self {
            RowAction::Up => -1,
            RowAction::Down => 1,
            RowAction::Remove => 0,
        }
    }
}

/// A checkbox whose text wraps at the visible width (a long label in a form ran under the
/// results panel).
pub fn checkbox(ui: &mut Ui, on: &mut bool, text: &str) -> Response {
    ui.scope(|ui| {
        ui.set_max_width(visible_room(ui).max(120.0));
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        ui.checkbox(on, text)
    })
    .inner
}

/// Room for a slider's value box ("100.00%") and the gap before it.
pub const SLIDER_VALUE_BOX: f32 = 80.0;

/// The width from the next widget's place to the right edge of what is visible (the
/// editor scrolls sideways, so its available width alone does not bound it), less room
/// for the vertical scroll bar.
pub fn visible_room(ui: &Ui) -> f32 {
    let bar = ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin + 8.0;
    ui.clip_rect().right() - ui.cursor().left() - bar
}

/// Make the next slider in `ui` fit the width left on its line (down to a short track), so
/// its value box stays in view in a narrow editor.
fn fit_slider(ui: &mut Ui) {
    let room = visible_room(ui) - SLIDER_VALUE_BOX;
    let width = room.clamp(60.0, ui.spacing().slider_width.max(60.0));
    ui.spacing_mut().slider_width = width;
}

/// The width of `text` drawn on one line in the body font.
fn text_width(ui: &Ui, text: &str) -> f32 {
    egui::WidgetText::from(text)
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .x
}

/// The fields of one record (a tranche, a fee) as label–field pairs, as many pairs a line
/// as the width allows: the line wraps instead of running off the editor. `field` draws
/// field `k` (at most `field_width` wide).
pub fn record(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    labels: &[&str],
    field_width: f32,
    mut field: impl FnMut(&mut Ui, usize),
) {
    const GAP: f32 = 8.0;
    let label_width = labels.iter().map(|l| text_width(ui, l)).fold(0.0, f32::max);
    let pair = label_width + field_width + 2.0 * GAP;
    let width = ui.available_width().min(visible_room(ui));
    let per_line = (((width + GAP) / pair).floor() as usize).clamp(1, labels.len().max(1));
    egui::Grid::new(id_salt)
        .num_columns(2 * per_line)
        .spacing([GAP, 6.0])
        .show(ui, |ui| {
            for (k, label) in labels.iter().enumerate() {
                ui.label(*label);
                field(ui, k);
                if (k + 1) % per_line == 0 {
                    ui.end_row();
                }
            }
        });
}

/// One row of a two-column form grid: the label, then the field with its issues under it.
pub fn form_row(
    ui: &mut Ui,
    lang: Lang,
    label: &str,
    issues: &[Issue],
    path: &str,
    field: impl FnOnce(&mut Ui),
) {
    ui.label(label);
    ui.vertical(|ui| {
        field(ui);
        field_issues(ui, lang, issues, path);
    });
    ui.end_row();
}
