//! The pool's editable grids: the deal's inline assets (the tape's rows after them,
//! read-only) and its representative lines. One row a record, one column a field; the id
//! column stays put while the other columns scroll sideways in their own area. Every
//! change is one undo step; rows copy to and paste from Excel (assets in the tape's columns,
//! rep lines in the same with a weight for the balance). Percentages show with the column's
//! fixed decimals ([`PCT_DECIMALS`]) and are edited with every digit they have.

use super::pool::{amortisation_name, class_name, role_name};
use crate::app::command::{Command, Commands};
use crate::app::edits::unique_id;
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::app::view::Cx;
use crate::app::widgets;
use crate::error::Issue;
use crate::io::{PasteError, PasteProblem, REP_LINE_COLUMNS, TAPE_COLUMNS};
use crate::model::{
    Amortisation, Asset, AssetClass, DataAssetRole, DataPledge, Deal, RepLine, RepLines,
};
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
    /// The paste box's grid and text while it is open.
    pub paste: Option<(Target, String)>,
    /// Why the last paste into a grid changed nothing.
    pub error: Option<(Target, PasteError)>,
}

/// One of the two grids, as rows are pasted into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Assets,
    Lines,
}

/// The decimals of every percentage column (rate, weight), as a formatted Excel column shows
/// them: `5.00%`, `4.85%`.
const PCT_DECIMALS: usize = 2;

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

    /// What a pasted cell of this field should hold, for the message when it does not read.
    fn expected(self) -> S {
        match self {
            Field::Class => S::ExpClass,
            Field::Role => S::ExpRole,
            Field::Balance => S::ExpBalance,
            Field::Weight => S::ExpWeight,
            Field::Rate => S::ExpRate,
            Field::Term => S::ExpTerm,
            Field::Amortisation => S::ExpAmortisation,
            _ => S::ExpId,
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
trait Record: Clone + Send + 'static {
    const FIELDS: &'static [Field];
    const TARGET: Target;
    /// The columns its rows copy and paste in, and the field of each.
    const COLUMNS: [&'static str; 8];
    const PASTED: [Field; 8];
    /// The messages for pasted text of the wrong shape and a wrong header row.
    const SHAPE: S;
    const HEADER: S;
    fn parse(text: &str) -> Result<Vec<Self>, PasteError>;
    fn write(rows: &[Self]) -> String;
    /// What the pasted columns do not hold, kept from the row pasted over (the same id).
    fn keep(&mut self, old: &Self);
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
    const TARGET: Target = Target::Assets;
    const COLUMNS: [&'static str; 8] = TAPE_COLUMNS;
    const PASTED: [Field; 8] = [
        Field::Id,
        Field::Obligor,
        Field::Class,
        Field::Role,
        Field::Balance,
        Field::Rate,
        Field::Term,
        Field::Amortisation,
    ];
    const SHAPE: S = S::PasteShape;
    const HEADER: S = S::PasteHeader;

    fn parse(text: &str) -> Result<Vec<Self>, PasteError> {
        crate::io::parse_rows(text)
    }

    fn write(rows: &[Self]) -> String {
        crate::io::write_rows(rows)
    }

    fn keep(&mut self, old: &Self) {
        self.industry.clone_from(&old.industry);
        self.pledge.clone_from(&old.pledge);
    }

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
    const TARGET: Target = Target::Lines;
    const COLUMNS: [&'static str; 8] = REP_LINE_COLUMNS;
    const PASTED: [Field; 8] = [
        Field::Id,
        Field::Obligor,
        Field::Class,
        Field::Role,
        Field::Weight,
        Field::Rate,
        Field::Term,
        Field::Amortisation,
    ];
    const SHAPE: S = S::PasteShapeLines;
    const HEADER: S = S::PasteHeaderLines;

    fn parse(text: &str) -> Result<Vec<Self>, PasteError> {
        crate::io::parse_lines(text)
    }

    fn write(rows: &[Self]) -> String {
        crate::io::write_lines(rows)
    }

    fn keep(&mut self, old: &Self) {
        self.industry.clone_from(&old.industry);
    }

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

/// A value as the grid shows it: percentages with the column's fixed decimals.
fn value_text(lang: Lang, v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Class(c) => lang.tr(class_name(*c)).to_string(),
        Value::Role(r) => lang.tr(role_name(*r)).to_string(),
        Value::Money(x) => format::money(*x),
        Value::Pct(x) => format::pct(*x, PCT_DECIMALS),
        Value::Months(n) => n.to_string(),
        Value::Am(k) => lang.tr(am_name(*k)).to_string(),
        Value::Schedule(v) => format::money_list(v),
        Value::OptMoney(x) => x.map(format::money).unwrap_or_default(),
    }
}

/// A value as its field holds it while edited: a percentage with every digit it has.
fn editing_text(lang: Lang, v: &Value) -> String {
    match v {
        Value::Pct(x) => pct_text(*x),
        _ => value_text(lang, v),
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
    ctrl_v(ui, cx);
    // The asset grid takes the room left, sharing it with the rep lines when there are any
    // (and leaving room for their paste box and its message when open).
    let room = ui.available_height();
    let state = &cx.view.pool_grid;
    let lines_box = match state.paste {
        Some((Target::Lines, _)) => 150.0,
        _ => 0.0,
    } + match state.error {
        Some((Target::Lines, _)) => 40.0,
        _ => 0.0,
    };
    let asset_height = if lines.is_some() {
        (room * 0.55 - lines_box).max(if lines_box > 0.0 { 60.0 } else { 120.0 })
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
        let state = &mut cx.view.pool_grid;
        ui.horizontal_wrapped(|ui| {
            row_tools(
                ui,
                lang,
                cx.cmds,
                &mut state.lines,
                &rep.lines,
                S::AddLine,
                |n| new_line(n, 0.0),
            );
            copy_paste_buttons(ui, lang, state, &rep.lines, &[]);
        });
        paste_box(ui, lang, cx.cmds, state, &rep.lines);
        let height = ui.available_height().max(60.0);
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

/// A new rep line: the defaults of a new asset, this share of the total.
fn new_line(id: String, weight: f64) -> RepLine {
    RepLine {
        id,
        obligor: String::new(),
        asset_class: AssetClass::TrustLoan,
        data_asset_role: DataAssetRole::None,
        industry: String::new(),
        weight,
        rate: 0.05,
        remaining_term: 12,
        amortisation: Amortisation::LevelPayment,
    }
}

/// Ctrl+V over the pool, when no field takes it, pastes rows: into the rep lines when some
/// are selected or the text has their header row, else into the assets.
fn ctrl_v(ui: &Ui, cx: &mut Cx) {
    let free = ui.ctx().memory(|m| m.focused().is_none());
    let state = &mut cx.view.pool_grid;
    if !free || state.paste.is_some() {
        return;
    }
    let Some(text) = ui.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) => Some(text.clone()),
            _ => None,
        })
    }) else {
        return;
    };
    let pool = &cx.deal.pool;
    let header = text
        .lines()
        .next()
        .and_then(|l| l.split('\t').nth(4))
        .is_some_and(|c| c.trim().eq_ignore_ascii_case(REP_LINE_COLUMNS[4]));
    match &pool.rep_lines {
        Some(rep) if !state.lines.is_empty() || header => {
            paste(cx.cmds, state, &rep.lines, &text);
        }
        _ => {
            paste(cx.cmds, state, &pool.assets, &text);
        }
    }
}

/// The asset grid's tools: add, duplicate, delete, copy and paste rows, start rep lines, and
/// the tape's note.
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
        copy_paste_buttons(ui, lang, state, assets, cx.tape);
        // Assets and rep lines may be in one pool (the validator takes both): starting
        // the lines keeps the assets.
        if cx.deal.pool.rep_lines.is_none()
            && ui
                .button(format!("+ {}", t(S::StartRepLines)))
                .on_hover_text(t(S::StartRepLinesHint))
                .clicked()
        {
            let id = unique_id("L", assets.iter().chain(cx.tape).map(|a| a.id.as_str()));
            cx.cmds.edit_now(move |d| {
                d.pool.rep_lines.get_or_insert_with(|| RepLines {
                    total_balance: Decimal::new(100_000_000, 2),
                    lines: vec![new_line(id, 1.0)],
                });
            });
        }
    });
    paste_box(ui, lang, cx.cmds, state, assets);
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

/// A grid's copy and paste buttons: the selected rows (all, with `fixed`, when none is
/// selected) to the clipboard; the paste box opened.
fn copy_paste_buttons<R: Record>(
    ui: &mut Ui,
    lang: Lang,
    state: &mut GridState,
    rows: &[R],
    fixed: &[R],
) {
    let t = |k| lang.tr(k);
    let (copy, copy_hint, paste, paste_hint) = match R::TARGET {
        Target::Assets => (S::CopyRows, S::CopyRowsHint, S::PasteRows, S::PasteRowsHint),
        Target::Lines => (
            S::CopyLines,
            S::CopyLinesHint,
            S::PasteLines,
            S::PasteLinesHint,
        ),
    };
    if ui.button(t(copy)).on_hover_text(t(copy_hint)).clicked() {
        let selected = match R::TARGET {
            Target::Assets => &state.assets,
            Target::Lines => &state.lines,
        };
        let picked: Vec<R> = if selected.is_empty() {
            rows.iter().chain(fixed).cloned().collect()
        } else {
            selected
                .iter()
                .filter_map(|&i| rows.get(i))
                .cloned()
                .collect()
        };
        ui.ctx().copy_text(R::write(&picked));
    }
    if ui.button(t(paste)).on_hover_text(t(paste_hint)).clicked() {
        let text = match state.paste.take() {
            Some((target, text)) if target == R::TARGET => text,
            _ => String::new(),
        };
        state.paste = Some((R::TARGET, text));
    }
}

/// The paste box of the grid of `R`, when it is open, and the last paste's error there.
fn paste_box<R: Record>(
    ui: &mut Ui,
    lang: Lang,
    cmds: &mut Commands,
    state: &mut GridState,
    rows: &[R],
) {
    let t = |k| lang.tr(k);
    let (hint, name) = match R::TARGET {
        Target::Assets => (S::PasteRowsHint, S::PasteBox),
        Target::Lines => (S::PasteLinesHint, S::PasteLinesBox),
    };
    if let Some((target, mut text)) = state.paste.take() {
        if target != R::TARGET {
            state.paste = Some((target, text));
        } else {
            ui.label(RichText::new(t(hint)).small());
            ui.add(
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(3)
                    .desired_width(widgets::visible_room(ui).max(200.0))
                    .font(egui::TextStyle::Monospace),
            )
            .accessible_name(t(name));
            let mut keep = true;
            ui.horizontal(|ui| {
                if ui.button(t(S::PasteApply)).clicked() && paste(cmds, state, rows, &text) {
                    keep = false;
                }
                if ui.button(t(S::Cancel)).clicked() {
                    keep = false;
                    state.error = None;
                }
            });
            if keep {
                state.paste = Some((target, text));
            }
        }
    }
    if let Some((target, e)) = &state.error
        && *target == R::TARGET
    {
        ui.label(
            RichText::new(format!("⚠ {}", paste_message::<R>(lang, e)))
                .color(Tokens::of(ui.visuals()).error),
        );
    }
}

/// Read pasted rows and queue them as one edit: they replace the selected rows (at the first
/// one's place) or follow the last row. A bad cell keeps the deal as it is and says where.
fn paste<R: Record>(cmds: &mut Commands, state: &mut GridState, rows: &[R], text: &str) -> bool {
    let new = match R::parse(text) {
        Ok(new) => new,
        Err(e) => {
            state.error = Some((R::TARGET, e));
            return false;
        }
    };
    state.error = None;
    if new.is_empty() {
        return true;
    }
    let selected = match R::TARGET {
        Target::Assets => &mut state.assets,
        Target::Lines => &mut state.lines,
    };
    let replaced: Vec<(usize, String)> = std::mem::take(selected)
        .into_iter()
        .filter_map(|i| rows.get(i).map(|r| (i, r.id().to_string())))
        .collect();
    cmds.edit_now(move |d| {
        let Some(list) = R::rows(d) else { return };
        let at = replaced.first().map_or(list.len(), |(i, _)| *i);
        let mut removed = Vec::new();
        for (i, id) in replaced.iter().rev() {
            if list.get(*i).is_some_and(|r| r.id() == id) {
                removed.push(list.remove(*i));
            }
        }
        let new = new.into_iter().map(|mut r| {
            if let Some(old) = removed.iter().find(|o| o.id() == r.id()) {
                r.keep(old);
            }
            r
        });
        let at = at.min(list.len());
        list.splice(at..at, new);
    });
    true
}

fn paste_message<R: Record>(lang: Lang, e: &PasteError) -> String {
    let field = e.column.and_then(|k| R::PASTED.get(k).copied());
    let column = e
        .column
        .zip(field)
        .map(|(k, f)| (R::COLUMNS[k], lang.tr(f.label())));
    let what = match (e.problem, field) {
        (PasteProblem::Header, _) => lang.tr(R::HEADER).to_string(),
        (PasteProblem::TooMany, _) => lang.tr(S::PasteTooMany).to_string(),
        (PasteProblem::Shape, _) | (PasteProblem::Cell, None) => lang.tr(R::SHAPE).to_string(),
        (PasteProblem::Cell, Some(f)) => format!(
            "“{}” {} {}",
            e.value,
            lang.tr(S::CannotRead),
            lang.tr(f.expected())
        ),
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
                        .min_scrolled_height(0.0)
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
                    .min_scrolled_height(0.0)
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
        let shown = (value_text(lang, value), editing_text(lang, value));
        widgets::parsed_text_editing(ui, id, (&shown.0, &shown.1), width, name, lang, parse)
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
