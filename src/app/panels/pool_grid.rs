//! The pool's editable grids: the deal's inline assets (the tape's rows after them,
//! read-only) and its representative lines. One row a record, one column a field; the id
//! column stays put while the other columns scroll sideways in their own area. Every
//! change is one undo step; asset rows copy to and paste from Excel in the tape's columns.

use super::pool::{amortisation_name, class_name, role_name};
use crate::app::command::{Command, Commands};
use crate::app::edits::unique_id;
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::app::view::Cx;
use crate::app::widgets;
use crate::error::Issue;
use crate::io::{PasteError, PasteProblem, TAPE_COLUMNS};
use crate::model::{Amortisation, Asset, AssetClass, DataAssetRole, DataPledge, Deal, RepLine};
use egui::{Id, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What the grids keep between frames: UI state, never part of the deal.
#[derive(Default)]
pub struct GridState {
    /// Selected rows of the asset grid and of the rep-line grid (indices into the deal's lists).
    pub assets: BTreeSet<usize>,
    pub lines: BTreeSet<usize>,
    /// The paste box's text while it is open.
    pub paste: Option<String>,
    /// Why the last paste changed nothing.
    pub error: Option<PasteError>,
}

/// A column: one field of an asset or a rep line. A new field of the model is a new
/// variant here (label, width, validation path) and a line in `get`/`set` of its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Obligor,
    Industry,
    Class,
    Role,
    Balance,
    Weight,
    Rate,
    Term,
    Amortisation,
    Schedule,
    PledgeName,
    PledgeValue,
}

impl Field {
    fn label(self) -> S {
        match self {
            Field::Id => S::Id,
            Field::Obligor => S::Obligor,
            Field::Industry => S::Industry,
            Field::Class => S::AssetClass,
            Field::Role => S::DataRole,
            Field::Balance => S::Balance,
            Field::Weight => S::Weight,
            Field::Rate => S::Rate,
            Field::Term => S::Term,
            Field::Amortisation => S::Amortisation,
            Field::Schedule => S::ScheduleAmounts,
            Field::PledgeName => S::PledgeName,
            Field::PledgeValue => S::AppraisedValue,
        }
    }

    /// The field's path under its row in validation issues (`pool.assets[3].rate`).
    fn path(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Obligor => "obligor",
            Field::Industry => "industry",
            Field::Class => "asset_class",
            Field::Role => "data_asset_role",
            Field::Balance => "balance",
            Field::Weight => "weight",
            Field::Rate => "rate",
            Field::Term => "remaining_term",
            Field::Amortisation => "amortisation",
            Field::Schedule => "amortisation.Schedule",
            Field::PledgeName => "pledge.name",
            Field::PledgeValue => "pledge.appraised_value",
        }
    }

    fn width(self) -> f32 {
        match self {
            Field::Id => 96.0,
            Field::Obligor => 140.0,
            Field::Class | Field::PledgeName => 150.0,
            Field::Role | Field::Weight | Field::Rate | Field::Term => 90.0,
            Field::Balance | Field::PledgeValue => 140.0,
            Field::Amortisation | Field::Industry => 120.0,
            Field::Schedule => 180.0,
        }
    }
}

/// The fields of the tape's columns ([`TAPE_COLUMNS`]), in their order.
const TAPE_FIELDS: [Field; 8] = [
    Field::Id,
    Field::Obligor,
    Field::Class,
    Field::Role,
    Field::Balance,
    Field::Rate,
    Field::Term,
    Field::Amortisation,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AmKind {
    Level,
    Equal,
    Bullet,
    Schedule,
}

/// A field's value, by the kind of widget that edits it.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Class(AssetClass),
    Role(DataAssetRole),
    Money(Decimal),
    Pct(f64),
    Months(u32),
    Am(AmKind),
    Schedule(Vec<Decimal>),
    /// An optional amount (a pledge's value: empty is no pledge).
    OptMoney(Option<Decimal>),
}

/// A row type of a grid.
trait Record: Clone + 'static {
    const FIELDS: &'static [Field];
    /// The rows in the deal (None: a deal without rep lines).
    fn rows(d: &mut Deal) -> Option<&mut Vec<Self>>;
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
    /// The field's value; None where it does not apply (a schedule under another method).
    fn get(&self, f: Field) -> Option<Value>;
    fn set(&mut self, f: Field, v: Value);
}

fn am_kind(a: &Amortisation) -> AmKind {
    match a {
        Amortisation::LevelPayment => AmKind::Level,
        Amortisation::EqualPrincipal => AmKind::Equal,
        Amortisation::Bullet => AmKind::Bullet,
        Amortisation::Schedule(_) => AmKind::Schedule,
    }
}

fn amortisation_of(k: AmKind, old: &Amortisation) -> Amortisation {
    match (k, old) {
        (AmKind::Level, _) => Amortisation::LevelPayment,
        (AmKind::Equal, _) => Amortisation::EqualPrincipal,
        (AmKind::Bullet, _) => Amortisation::Bullet,
        (AmKind::Schedule, Amortisation::Schedule(v)) => Amortisation::Schedule(v.clone()),
        (AmKind::Schedule, _) => Amortisation::Schedule(Vec::new()),
    }
}

/// The fields assets and rep lines share, read and written the same way.
macro_rules! shared_fields {
    (get $r:expr, $f:expr) => {
        match $f {
            Field::Id => Some(Value::Text($r.id.clone())),
            Field::Obligor => Some(Value::Text($r.obligor.clone())),
            Field::Industry => Some(Value::Text($r.industry.clone())),
            Field::Class => Some(Value::Class($r.asset_class)),
            Field::Role => Some(Value::Role($r.data_asset_role)),
            Field::Rate => Some(Value::Pct($r.rate)),
            Field::Term => Some(Value::Months($r.remaining_term)),
            Field::Amortisation => Some(Value::Am(am_kind(&$r.amortisation))),
            Field::Schedule => match &$r.amortisation {
                Amortisation::Schedule(v) => Some(Value::Schedule(v.clone())),
                _ => None,
            },
            _ => None,
        }
    };
    (set $r:expr, $f:expr, $v:expr) => {
        match ($f, $v) {
            (Field::Id, Value::Text(s)) => $r.id = s,
            (Field::Obligor, Value::Text(s)) => $r.obligor = s,
            (Field::Industry, Value::Text(s)) => $r.industry = s,
            (Field::Class, Value::Class(c)) => $r.asset_class = c,
            (Field::Role, Value::Role(x)) => $r.data_asset_role = x,
            (Field::Rate, Value::Pct(x)) => $r.rate = x,
            (Field::Term, Value::Months(x)) => $r.remaining_term = x,
            (Field::Amortisation, Value::Am(k)) => {
                $r.amortisation = amortisation_of(k, &$r.amortisation)
            }
            (Field::Schedule, Value::Schedule(v)) => $r.amortisation = Amortisation::Schedule(v),
            _ => {}
        }
    };
}

impl Record for Asset {
    // The figures first, so the balance and the rate are in view in a narrow editor.
    const FIELDS: &'static [Field] = &[
        Field::Id,
        Field::Obligor,
        Field::Balance,
        Field::Rate,
        Field::Term,
        Field::Amortisation,
        Field::Industry,
        Field::Class,
        Field::Role,
        Field::Schedule,
        Field::PledgeName,
        Field::PledgeValue,
    ];

    fn rows(d: &mut Deal) -> Option<&mut Vec<Self>> {
        Some(&mut d.pool.assets)
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn set_id(&mut self, id: String) {
        self.id = id;
    }

    fn get(&self, f: Field) -> Option<Value> {
        match f {
            Field::Balance => Some(Value::Money(self.balance)),
            Field::PledgeName => self.pledge.as_ref().map(|p| Value::Text(p.name.clone())),
            Field::PledgeValue => Some(Value::OptMoney(
                self.pledge.as_ref().map(|p| p.appraised_value),
            )),
            _ => shared_fields!(get self, f),
        }
    }

    fn set(&mut self, f: Field, v: Value) {
        match (f, v) {
            (Field::Balance, Value::Money(x)) => self.balance = x,
            (Field::PledgeName, Value::Text(s)) => {
                if let Some(p) = &mut self.pledge {
                    p.name = s;
                }
            }
            (Field::PledgeValue, Value::OptMoney(x)) => {
                self.pledge = x.map(|appraised_value| DataPledge {
                    name: self.pledge.take().map(|p| p.name).unwrap_or_default(),
                    appraised_value,
                });
            }
            (f, v) => shared_fields!(set self, f, v),
        }
    }
}

impl Record for RepLine {
    const FIELDS: &'static [Field] = &[
        Field::Id,
        Field::Obligor,
        Field::Weight,
        Field::Rate,
        Field::Term,
        Field::Amortisation,
        Field::Industry,
        Field::Class,
        Field::Role,
        Field::Schedule,
    ];

    fn rows(d: &mut Deal) -> Option<&mut Vec<Self>> {
        d.pool.rep_lines.as_mut().map(|r| &mut r.lines)
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn set_id(&mut self, id: String) {
        self.id = id;
    }

    fn get(&self, f: Field) -> Option<Value> {
        match f {
            Field::Weight => Some(Value::Pct(self.weight)),
            _ => shared_fields!(get self, f),
        }
    }

    fn set(&mut self, f: Field, v: Value) {
        match (f, v) {
            (Field::Weight, Value::Pct(x)) => self.weight = x,
            (f, v) => shared_fields!(set self, f, v),
        }
    }
}

/// A rate as typed back: every digit it has (`4.875%`), not rounded to two places.
fn pct_text(x: f64) -> String {
    format!("{}%", format::pct_list(&[x]))
}

fn value_text(lang: Lang, v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Class(c) => lang.tr(class_name(*c)).to_string(),
        Value::Role(r) => lang.tr(role_name(*r)).to_string(),
        Value::Money(x) => format::money(*x),
        Value::Pct(x) => pct_text(*x),
        Value::Months(n) => n.to_string(),
        Value::Am(k) => lang.tr(am_name(*k)).to_string(),
        Value::Schedule(v) => format::money_list(v),
        Value::OptMoney(x) => x.map(format::money).unwrap_or_default(),
    }
}

fn am_name(k: AmKind) -> S {
    amortisation_name(&match k {
        AmKind::Level => Amortisation::LevelPayment,
        AmKind::Equal => Amortisation::EqualPrincipal,
        AmKind::Bullet => Amortisation::Bullet,
        AmKind::Schedule => Amortisation::Schedule(Vec::new()),
    })
}

const ROW: f32 = 26.0;
const HEADER: f32 = 24.0;
const CHECK: f32 = 24.0;

/// One grid: `rows` editable, `fixed` after them read-only (the tape's rows).
struct Grid<'a, R> {
    salt: &'static str,
    /// The rows' path in validation issues (`pool.assets`).
    prefix: &'static str,
    rows: &'a [R],
    fixed: &'a [R],
    height: f32,
}

/// The inline assets, with the tape's rows read-only after them, and the rep lines.
pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let deal = cx.deal;
    asset_tools(ui, cx);
    let lines = deal.pool.rep_lines.as_ref();
    // The asset grid takes the room left, sharing it with the rep lines when there are any.
    let room = ui.available_height();
    let asset_height = if lines.is_some() {
        (room * 0.55).max(120.0)
    } else {
        room.max(120.0)
    };
    grid(
        ui,
        lang,
        cx.issues,
        cx.cmds,
        &mut cx.view.pool_grid.assets,
        Grid {
            salt: "assets",
            prefix: "pool.assets",
            rows: &deal.pool.assets,
            fixed: cx.tape,
            height: asset_height,
        },
    );
    if let Some(rep) = lines {
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t(S::RepLines)).strong());
            ui.label(t(S::RepTotal));
            if let Some(v) = widgets::parsed_text(
                ui,
                Id::unique("rep-total"),
                &format::money(rep.total_balance),
                140.0,
                t(S::RepTotal),
                lang,
                format::parse_money,
            ) {
                cx.cmds.edit_now(move |d| {
                    if let Some(r) = &mut d.pool.rep_lines {
                        r.total_balance = v;
                    }
                });
            }
            widgets::field_issues(ui, lang, cx.issues, "pool.rep_lines.total_balance");
        });
        widgets::field_issues(ui, lang, cx.issues, "pool.rep_lines.lines");
        let selected = &mut cx.view.pool_grid.lines;
        row_tools(ui, lang, cx.cmds, selected, &rep.lines, S::AddLine, |n| {
            RepLine {
                id: n,
                obligor: String::new(),
                asset_class: AssetClass::Other,
                data_asset_role: DataAssetRole::None,
                industry: String::new(),
                weight: 0.0,
                rate: 0.0,
                remaining_term: 12,
                amortisation: Amortisation::LevelPayment,
            }
        });
        let height = ui.available_height().max(100.0);
        grid(
            ui,
            lang,
            cx.issues,
            cx.cmds,
            &mut cx.view.pool_grid.lines,
            Grid {
                salt: "lines",
                prefix: "pool.rep_lines.lines",
                rows: &rep.lines,
                fixed: &[],
                height,
            },
        );
    }
}

/// The asset grid's tools: add, duplicate, delete, copy and paste rows, and the tape's note.
fn asset_tools(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let assets = &cx.deal.pool.assets;
    let state = &mut cx.view.pool_grid;
    ui.horizontal_wrapped(|ui| {
        row_tools(
            ui,
            lang,
            cx.cmds,
            &mut state.assets,
            assets,
            S::AddAsset,
            |id| Asset {
                id,
                obligor: String::new(),
                asset_class: AssetClass::TrustLoan,
                data_asset_role: DataAssetRole::None,
                industry: String::new(),
                balance: Decimal::new(100_000_000, 2),
                rate: 0.05,
                remaining_term: 12,
                amortisation: Amortisation::LevelPayment,
                pledge: None,
            },
        );
        if ui
            .button(t(S::CopyRows))
            .on_hover_text(t(S::CopyRowsHint))
            .clicked()
        {
            let rows: Vec<Asset> = if state.assets.is_empty() {
                assets.iter().chain(cx.tape).cloned().collect()
            } else {
                state
                    .assets
                    .iter()
                    .filter_map(|&i| assets.get(i))
                    .cloned()
                    .collect()
            };
            ui.ctx().copy_text(crate::io::write_rows(&rows));
        }
        if ui
            .button(t(S::PasteRows))
            .on_hover_text(t(S::PasteRowsHint))
            .clicked()
        {
            state.paste = Some(state.paste.take().unwrap_or_default());
        }
    });
    // Ctrl+V over the pool, when no field takes it, pastes rows.
    let free = ui.ctx().memory(|m| m.focused().is_none());
    let pasted = ui.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) => Some(text.clone()),
            _ => None,
        })
    });
    if let (true, Some(text)) = (free && state.paste.is_none(), pasted) {
        paste(cx.cmds, state, assets, &text);
    }
    if let Some(mut text) = state.paste.take() {
        ui.label(RichText::new(t(S::PasteRowsHint)).small());
        ui.add(
            egui::TextEdit::multiline(&mut text)
                .desired_rows(3)
                .desired_width(widgets::visible_room(ui).max(200.0))
                .font(egui::TextStyle::Monospace),
        )
        .accessible_name(t(S::PasteBox));
        let mut keep = true;
        ui.horizontal(|ui| {
            if ui.button(t(S::PasteApply)).clicked() && paste(cx.cmds, state, assets, &text) {
                keep = false;
            }
            if ui.button(t(S::Cancel)).clicked() {
                keep = false;
                state.error = None;
            }
        });
        if keep {
            state.paste = Some(text);
        }
    }
    if let Some(e) = &state.error {
        ui.label(
            RichText::new(format!("⚠ {}", paste_message(lang, e)))
                .color(Tokens::of(ui.visuals()).error),
        );
    }
    if let Some(file) = &cx.deal.pool.tape {
        let muted = Tokens::of(ui.visuals()).muted;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t(S::TapeRowsNote)).small().color(muted))
                .on_hover_text(file);
            if ui
                .button(t(S::InlineTape))
                .on_hover_text(t(S::InlineTapeHint))
                .clicked()
            {
                cx.cmds.push(Command::InlineTape);
            }
        });
    }
}

/// Read pasted rows and queue them as one edit: they replace the selected rows (at the first
/// one's place) or follow the last row. A bad cell keeps the deal as it is and says where.
fn paste(cmds: &mut Commands, state: &mut GridState, assets: &[Asset], text: &str) -> bool {
    let rows = match crate::io::parse_rows(text) {
        Ok(rows) => rows,
        Err(e) => {
            state.error = Some(e);
            return false;
        }
    };
    state.error = None;
    if rows.is_empty() {
        return true;
    }
    let replaced: Vec<(usize, String)> = std::mem::take(&mut state.assets)
        .into_iter()
        .filter_map(|i| assets.get(i).map(|a| (i, a.id.clone())))
        .collect();
    cmds.edit_now(move |d| {
        let list = &mut d.pool.assets;
        let at = replaced.first().map_or(list.len(), |(i, _)| *i);
        let mut removed = Vec::new();
        for (i, id) in replaced.iter().rev() {
            if list.get(*i).is_some_and(|a| &a.id == id) {
                removed.push(list.remove(*i));
            }
        }
        // The tape's columns hold no industry or pledge: a row pasted over the same asset
        // keeps them.
        let rows = rows.into_iter().map(|mut a| {
            if let Some(old) = removed.iter().find(|o| o.id == a.id) {
                a.industry.clone_from(&old.industry);
                a.pledge.clone_from(&old.pledge);
            }
            a
        });
        let at = at.min(list.len());
        list.splice(at..at, rows);
    });
    true
}

fn paste_message(lang: Lang, e: &PasteError) -> String {
    let column = e.column.map(|k| {
        let label = TAPE_FIELDS.get(k).map_or(S::Id, |f| f.label());
        (TAPE_COLUMNS.get(k).copied().unwrap_or(""), lang.tr(label))
    });
    let what = match (e.problem, e.column) {
        (PasteProblem::Header, _) => lang.tr(S::PasteHeader).to_string(),
        (PasteProblem::TooMany, _) => lang.tr(S::PasteTooMany).to_string(),
        (PasteProblem::Shape, _) | (PasteProblem::Cell, None) => lang.tr(S::PasteShape).to_string(),
        (PasteProblem::Cell, Some(k)) => {
            let expected = [
                S::ExpId,
                S::ExpId,
                S::ExpClass,
                S::ExpRole,
                S::ExpBalance,
                S::ExpRate,
                S::ExpTerm,
                S::ExpAmortisation,
            ];
            format!(
                "“{}” {} {}",
                e.value,
                lang.tr(S::CannotRead),
                lang.tr(expected.get(k).copied().unwrap_or(S::ExpId))
            )
        }
    };
    let cell = lang.cell(e.row, column);
    let failed = lang.tr(S::PasteFailed);
    match lang {
        Lang::Zh => format!("{cell}：{what}。{failed}"),
        Lang::En => format!("{cell}: {what}. {failed}"),
    }
}

/// Add a row, duplicate and delete the selected rows: each one undo step.
fn row_tools<R: Record>(
    ui: &mut Ui,
    lang: Lang,
    cmds: &mut Commands,
    selected: &mut BTreeSet<usize>,
    rows: &[R],
    add: S,
    blank: impl FnOnce(String) -> R,
) {
    let t = |k| lang.tr(k);
    let ids = || rows.iter().map(|r| r.id());
    let prefix = if R::FIELDS.contains(&Field::Balance) {
        "A"
    } else {
        "L"
    };
    if ui.button(format!("+ {}", t(add))).clicked() {
        let row = blank(unique_id(prefix, ids()));
        cmds.edit_now(move |d| {
            if let Some(v) = R::rows(d) {
                v.push(row);
            }
        });
    }
    // The rows still there, as (index, id): the edit checks them again when it runs.
    let picked: Vec<(usize, String)> = selected
        .iter()
        .filter_map(|&i| rows.get(i).map(|r| (i, r.id().to_string())))
        .collect();
    let count = picked.len();
    let any = count > 0;
    if ui
        .add_enabled(any, egui::Button::new(t(S::DuplicateRows)))
        .clicked()
    {
        let mut taken: Vec<String> = ids().map(str::to_string).collect();
        let copies: Vec<(usize, R)> = picked
            .iter()
            .map(|(i, _)| {
                let mut copy = rows[*i].clone();
                let id = unique_id(&format!("{}-", copy.id()), taken.iter().map(String::as_str));
                taken.push(id.clone());
                copy.set_id(id);
                (*i, copy)
            })
            .collect();
        let picked = picked.clone();
        cmds.edit_now(move |d| {
            let Some(v) = R::rows(d) else { return };
            if picked
                .iter()
                .any(|(i, id)| v.get(*i).is_none_or(|r| r.id() != id))
            {
                return;
            }
            // From the last, so the earlier places stay where they were.
            for (i, copy) in copies.into_iter().rev() {
                v.insert(i + 1, copy);
            }
        });
        selected.clear();
    }
    if ui
        .add_enabled(any, egui::Button::new(t(S::DeleteRows)))
        .clicked()
    {
        cmds.edit_now(move |d| {
            let Some(v) = R::rows(d) else { return };
            for (i, id) in picked.iter().rev() {
                if v.get(*i).is_some_and(|r| r.id() == id) {
                    v.remove(*i);
                }
            }
        });
        selected.clear();
    }
    if any {
        ui.label(format!("{count} {}", t(S::SelectedRows)));
    }
}

/// The issues of one field of one row: at its path or an element under it.
fn field_issues<'a>(issues: &'a [Issue], path: &str) -> Vec<&'a Issue> {
    issues
        .iter()
        .filter(|i| {
            i.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
        })
        .collect()
}

/// Whether the cell is drawn whole in view: the others show their value as a plain button
/// (clicking brings the cell into view), so no input sits under the grid's edges.
fn in_view(ui: &Ui) -> bool {
    let (clip, cell) = (ui.clip_rect(), ui.max_rect());
    clip.min.x <= cell.min.x + 0.5 && clip.max.x >= cell.max.x - 0.5
}

fn grid<R: Record>(
    ui: &mut Ui,
    lang: Lang,
    issues: &[Issue],
    cmds: &mut Commands,
    selected: &mut BTreeSet<usize>,
    g: Grid<'_, R>,
) {
    let t = |k| lang.tr(k);
    let n = g.rows.len() + g.fixed.len();
    let y_key = Id::unique(("pool-grid-y", g.salt));
    let y: f32 = ui.data(|d| d.get_temp(y_key)).unwrap_or(0.0);
    let fields = &R::FIELDS[1..];
    let muted = Tokens::of(ui.visuals()).muted;
    // A cell out of view that was clicked: the sideways area scrolls to it. (The table's
    // own vertical scroll area would swallow a `scroll_to_me` sideways.)
    let x_key = Id::unique(("pool-grid-x", g.salt));
    let scroll_x: Option<f32> = ui.data_mut(|d| d.remove_temp(x_key));
    let mut reveal: Option<egui::Rect> = None;
    let mut cell = |ui: &mut Ui, i: usize, f: Field| {
        let editable = i < g.rows.len();
        let row = if editable {
            &g.rows[i]
        } else {
            &g.fixed[i - g.rows.len()]
        };
        let Some(value) = row.get(f) else {
            ui.label(RichText::new("—").color(muted));
            return;
        };
        if !editable {
            ui.label(RichText::new(value_text(lang, &value)).color(muted))
                .on_hover_text(t(S::FromTape));
            return;
        }
        let name = format!("{} {}", t(f.label()), row.id());
        let path = format!("{}[{i}].{}", g.prefix, f.path());
        ui.horizontal(|ui| {
            let new = if in_view(ui) {
                let mark = field_issues(issues, &path);
                let room = ui.available_width() - if mark.is_empty() { 0.0 } else { 18.0 };
                let new = edit(ui, lang, (g.salt, i, f), &name, room, &value, g.rows, i);
                widgets::issue_mark(ui, lang, &mark, |_| t(f.label()).to_string());
                new
            } else {
                let resp = ui
                    .add(
                        egui::Button::new(value_text(lang, &value))
                            .frame(false)
                            .truncate(),
                    )
                    .accessible_name(&name);
                if resp.clicked() {
                    reveal = Some(ui.max_rect());
                }
                None
            };
            if let Some(v) = new {
                let id = row.id().to_string();
                cmds.edit_now(move |d| {
                    if let Some(r) = R::rows(d)
                        .and_then(|v| v.get_mut(i))
                        .filter(|r| r.id() == id)
                    {
                        r.set(f, v);
                    }
                });
            }
        });
    };
    // Two tables side by side in fixed places: the frozen one as wide as its columns (a
    // table takes all the width it is given), the other the rest, scrolling sideways.
    let frozen = CHECK + Field::Id.width() + 2.0 * ui.spacing().item_spacing.x;
    let mut area = ui.available_rect_before_wrap();
    area.set_height(g.height);
    let (left_rect, right_rect) = area.split_left_right_at_x(area.left() + frozen);
    ui.allocate_rect(area, egui::Sense::hover());
    let outputs = {
        let left = ui
            .scope_builder(
                egui::UiBuilder::new()
                    .max_rect(left_rect)
                    .layout(egui::Layout::top_down(egui::Align::Min)),
                |ui| {
                    TableBuilder::new(ui)
                        .id_salt((g.salt, "frozen"))
                        .striped(true)
                        .vertical_scroll_offset(y)
                        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysHidden)
                        .auto_shrink([true, false])
                        .max_scroll_height(g.height)
                        .column(Column::exact(CHECK))
                        .column(Column::exact(Field::Id.width()).clip(true))
                        .header(HEADER, |mut h| {
                            h.col(|_| {});
                            h.col(|ui| {
                                ui.strong(t(S::Id));
                            });
                        })
                        .body(|body| {
                            body.rows(ROW, n, |mut r| {
                                let i = r.index();
                                let editable = i < g.rows.len();
                                r.col(|ui| {
                                    if editable {
                                        let mut on = selected.contains(&i);
                                        let resp = ui.checkbox(&mut on, "").accessible_name(
                                            format!("{} {}", t(S::SelectRow), g.rows[i].id()),
                                        );
                                        if resp.changed() {
                                            if on {
                                                selected.insert(i);
                                            } else {
                                                selected.remove(&i);
                                            }
                                        }
                                    }
                                });
                                r.col(|ui| {
                                    cell(ui, i, Field::Id);
                                    // A row's own issues (a duplicate id, a missing pledge) on its id.
                                    if editable {
                                        let own: Vec<&Issue> = issues
                                            .iter()
                                            .filter(|x| x.path == format!("{}[{i}]", g.prefix))
                                            .collect();
                                        widgets::issue_mark(ui, lang, &own, |_| String::new());
                                    }
                                });
                            });
                        })
                },
            )
            .inner;
        let mut right_ui = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(right_rect)
                .layout(egui::Layout::top_down(egui::Align::Min)),
        );
        let mut sideways = egui::ScrollArea::horizontal()
            .id_salt((g.salt, "sideways"))
            .auto_shrink([false, true]);
        if let Some(x) = scroll_x {
            sideways = sideways.horizontal_scroll_offset(x);
        }
        let right = sideways
            .show(&mut right_ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .id_salt((g.salt, "fields"))
                    .striped(true)
                    .resizable(true)
                    .vertical_scroll_offset(y)
                    .auto_shrink([true, false])
                    .max_scroll_height(g.height);
                for f in fields {
                    table = table.column(Column::initial(f.width()).at_least(48.0).clip(true));
                }
                table
                    .header(HEADER, |mut h| {
                        for f in fields {
                            h.col(|ui| {
                                ui.add(
                                    egui::Label::new(RichText::new(t(f.label())).strong())
                                        .truncate(),
                                );
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(ROW, n, |mut r| {
                            let i = r.index();
                            for f in fields {
                                r.col(|ui| cell(ui, i, *f));
                            }
                        });
                    })
            })
            .inner;
        (left, right)
    };
    let (left, right) = outputs;
    if let Some(cell) = reveal {
        // The cell's left edge to the left of the visible fields.
        let x = right.state.clamped_offset().x + cell.min.x - right.inner_rect.min.x;
        ui.data_mut(|d| d.insert_temp(x_key, x.max(0.0)));
        ui.ctx().request_repaint();
    }
    // The two halves scroll together: whichever moved this frame leads.
    let (ly, ry) = (
        left.state.clamped_offset().y,
        right.state.clamped_offset().y,
    );
    let next = if (ly - y).abs() > 0.5 { ly } else { ry };
    if next != y {
        ui.data_mut(|d| d.insert_temp(y_key, next));
        ui.ctx().request_repaint();
    }
}

/// The widget for a field's value; the new value when the user commits one.
#[allow(clippy::too_many_arguments)]
fn edit<R: Record>(
    ui: &mut Ui,
    lang: Lang,
    salt: (&str, usize, Field),
    name: &str,
    width: f32,
    value: &Value,
    rows: &[R],
    i: usize,
) -> Option<Value> {
    let id = Id::unique(("pool-cell", salt.0, salt.1, salt.2 as u8));
    let text = |ui: &mut Ui, parse: &dyn Fn(&str) -> Result<Value, S>| {
        widgets::parsed_text(ui, id, &value_text(lang, value), width, name, lang, parse)
    };
    match value {
        Value::Text(_) if salt.2 == Field::Id => text(ui, &|s| {
            let s = s.trim();
            if s.is_empty() {
                Err(S::ErrEmpty)
            } else if rows.iter().enumerate().any(|(k, r)| k != i && r.id() == s) {
                Err(S::ErrTaken)
            } else {
                Ok(Value::Text(s.to_string()))
            }
        }),
        Value::Text(_) => text(ui, &|s| Ok(Value::Text(s.trim().to_string()))),
        Value::Money(_) => text(ui, &|s| format::parse_money(s).map(Value::Money)),
        Value::OptMoney(_) => text(ui, &|s| {
            if s.trim().is_empty() {
                Ok(Value::OptMoney(None))
            } else {
                format::parse_money(s).map(|x| Value::OptMoney(Some(x)))
            }
        }),
        Value::Pct(_) => text(ui, &|s| {
            format::parse_pct(s).map(Value::Pct).ok_or(S::ErrNumber)
        }),
        Value::Months(_) => text(ui, &|s| {
            s.trim()
                .parse()
                .map(Value::Months)
                .map_err(|_| S::ErrNumber)
        }),
        Value::Schedule(_) => text(ui, &|s| format::parse_money_list(s).map(Value::Schedule)),
        Value::Class(c) => {
            let choose = |x| lang.tr(class_name(x));
            pick(ui, id, *c, &AssetClass::ALL, choose, width, name).map(Value::Class)
        }
        Value::Role(r) => {
            let all = [
                DataAssetRole::None,
                DataAssetRole::InPool,
                DataAssetRole::Empowering,
            ];
            let choose = |x| lang.tr(role_name(x));
            pick(ui, id, *r, &all, choose, width, name).map(Value::Role)
        }
        Value::Am(k) => {
            let all = [
                AmKind::Level,
                AmKind::Equal,
                AmKind::Bullet,
                AmKind::Schedule,
            ];
            let choose = |x| lang.tr(am_name(x));
            pick(ui, id, *k, &all, choose, width, name).map(Value::Am)
        }
    }
}

/// A drop-down of `all`, each named by `label`.
fn pick<T: PartialEq + Copy>(
    ui: &mut Ui,
    id: Id,
    current: T,
    all: &[T],
    label: impl Fn(T) -> &'static str,
    width: f32,
    name: &str,
) -> Option<T> {
    let options: Vec<(T, &str)> = all.iter().map(|x| (*x, label(*x))).collect();
    widgets::choice(ui, id, current, &options, width, name)
}
