//! Tranches and fees, as tables: add, remove, reorder, edit in place.

use super::goal_seek::{self, GoalAsk};
use crate::app::edits::{self, move_item};
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::app::view::Cx;
use crate::app::widgets::{self, RowAction, issues_under};
use crate::error::Issue;
use crate::export::messages;
use crate::model::{Deal, Fee, FeeBasis, Holder, PrincipalMode, Tranche};
use chrono::NaiveDate;
use egui::{Id, RichText, Ui};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    PassThrough,
    Bullet,
    Schedule,
}

fn mode_of(m: &PrincipalMode) -> Mode {
    match m {
        PrincipalMode::PassThrough => Mode::PassThrough,
        PrincipalMode::Bullet => Mode::Bullet,
        PrincipalMode::Schedule(_) => Mode::Schedule,
    }
}

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    super::subheading(ui, cx.tr(S::Tranches));
    tranches(ui, cx);
    if cx.deal.holding.is_none() {
        ui.add_space(8.0);
        super::coupons::show(ui, cx);
    }
    ui.add_space(12.0);
    super::subheading(ui, cx.tr(S::Fees));
    fees(ui, cx);
}

fn tranches(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let d = cx.deal;
    let n = d.tranches.len();
    let ids: Vec<&str> = d.tranches.iter().map(|t| t.id.as_str()).collect();
    // One card a tranche: its id and name head the card (they never scroll away), its
    // figures wrap to as many lines as the editor's width needs.
    for (i, tr) in d.tranches.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(widgets::visible_room(ui).max(200.0));
            tranche_card(ui, cx, i, n, tr, &ids);
        });
    }
    row_issues(ui, cx, "tranches");
    let total: Decimal = d.tranches.iter().map(|t| t.size).sum();
    let pool_total = pool_balance(cx);
    ui.horizontal_wrapped(|ui| {
        if ui.button(format!("+ {}", t(S::AddTranche))).clicked() {
            let name = t(S::NewTrancheName);
            cx.cmds.edit_now(move |d| {
                let tr = edits::new_tranche(d, pool_total, name);
                d.tranches.push(tr);
            });
        }
        let share = if pool_total > Decimal::ZERO {
            format!(
                " ({} {})",
                t(S::OfPool),
                format::pct(
                    crate::money::to_f64(total) / crate::money::to_f64(pool_total),
                    2
                )
            )
        } else {
            String::new()
        };
        ui.label(format!(
            "{}: {} {}{share}",
            t(S::TrancheTotal),
            format::wan(total),
            t(S::UnitWan)
        ));
    });
    // ↑↓ order the list (and the charts' colours); who is paid first is the waterfall's.
    ui.label(
        RichText::new(t(S::TrancheOrderNote))
            .small()
            .color(Tokens::of(ui.visuals()).muted),
    );
    widgets::field_issues(ui, cx.lang, cx.issues, "tranches");
}

fn pool_balance(cx: &Cx) -> Decimal {
    match cx.pool {
        Some(p) => p.total,
        None => cx
            .deal
            .pool
            .assets
            .iter()
            .chain(cx.tape)
            .map(|a| a.balance)
            .sum(),
    }
}

/// Finds row `i` of a table if it still has id `id` (a queued edit may follow another edit).
type RowMut<T> = for<'a> fn(&'a mut Deal, usize, &str) -> Option<&'a mut T>;

/// Run `set` on a table's row when the edit runs, if the row is still there.
fn on_row<T, V, F: FnOnce(&mut T, V)>(
    row: RowMut<T>,
    i: usize,
    id: &str,
    set: F,
) -> impl FnOnce(&mut Deal, V) + use<T, V, F> {
    let id = id.to_string();
    move |d, v| {
        if let Some(x) = row(d, i, &id) {
            set(x, v);
        }
    }
}

/// Queue an edit of a table's row that is one undo step by itself.
fn edit_row<T: 'static>(
    cx: &mut Cx,
    row: RowMut<T>,
    i: usize,
    id: &str,
    set: impl FnOnce(&mut T) + 'static,
) {
    let apply = on_row(row, i, id, |x, ()| set(x));
    cx.cmds.edit_now(move |d| apply(d, ()));
}

/// The tranche at `i` if it still has id `id`.
fn tranche_mut<'a>(d: &'a mut Deal, i: usize, id: &str) -> Option<&'a mut Tranche> {
    d.tranches.get_mut(i).filter(|t| t.id == id)
}

/// The fields of a tranche card after its head, in the order they are drawn.
#[derive(Debug, Clone, Copy)]
enum TrancheField {
    Size,
    Coupon,
    Mode,
    Expected,
    Legal,
    Holder,
    Rating,
    Price,
}

impl TrancheField {
    const ALL: [TrancheField; 8] = [
        TrancheField::Size,
        TrancheField::Coupon,
        TrancheField::Mode,
        TrancheField::Expected,
        TrancheField::Legal,
        TrancheField::Holder,
        TrancheField::Rating,
        TrancheField::Price,
    ];

    fn label(self) -> S {
        match self {
            TrancheField::Size => S::Size,
            TrancheField::Coupon => S::Coupon,
            TrancheField::Mode => S::PrincipalMode,
            TrancheField::Expected => S::ExpectedMaturity,
            TrancheField::Legal => S::LegalMaturity,
            TrancheField::Holder => S::Holder,
            TrancheField::Rating => S::Rating,
            TrancheField::Price => S::Price,
        }
    }
}

/// The widest field of a record card.
const FIELD_WIDTH: f32 = 120.0;

/// The width of a card's name field: what the line leaves beside the id and the row tools.
fn name_width(ui: &Ui) -> f32 {
    (ui.available_width() - 120.0).clamp(80.0, 260.0)
}

fn tranche_card(ui: &mut Ui, cx: &mut Cx, i: usize, n: usize, tr: &Tranche, ids: &[&str]) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let name_of = |k: S| format!("{} {}", t(k), tr.id);
    let tid = tr.id.clone();
    let rid = Id::unique(("tranche-row", i));
    ui.horizontal(|ui| {
        id_cell(
            ui,
            cx,
            rid,
            i,
            ids,
            52.0,
            &name_of(S::Id),
            edits::rename_tranche,
        );
        if let Some(v) = widgets::text(
            ui,
            rid.with("name"),
            &tr.name,
            name_width(ui),
            &name_of(S::Name),
            lang,
        ) {
            edit_row(cx, tranche_mut, i, &tid, move |x| x.name = v);
        }
        row_tools(ui, cx, "tranches", &tid, i, n, edits::remove_tranche, |d| {
            &mut d.tranches
        });
    });
    let labels: Vec<&str> = TrancheField::ALL.iter().map(|f| t(f.label())).collect();
    widgets::record(ui, rid.with("fields"), &labels, FIELD_WIDTH, |ui, k| {
        tranche_field(ui, cx, i, tr, TrancheField::ALL[k]);
    });
    if let PrincipalMode::Schedule(v) = &tr.principal_mode {
        ui.label(t(S::ScheduleAmounts));
        if let Some(v) = widgets::parsed_text(
            ui,
            Id::unique(("schedule", i)),
            &format::money_list(v),
            (ui.available_width() - 8.0).min(480.0),
            &format!("{} {}", t(S::ScheduleAmounts), tr.id),
            lang,
            format::parse_money_list,
        ) {
            edit_row(cx, tranche_mut, i, &tid, move |x| {
                x.principal_mode = PrincipalMode::Schedule(v)
            });
        }
    }
}

fn tranche_field(ui: &mut Ui, cx: &mut Cx, i: usize, tr: &Tranche, field: TrancheField) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let name_of = |k: S| format!("{} {}", t(k), tr.id);
    let tid = tr.id.clone();
    let rid = Id::unique(("tranche-row", i));
    type SetDate = fn(&mut Tranche, NaiveDate);
    let date = |ui: &mut Ui, cx: &mut Cx, salt: &str, label: S, value: NaiveDate, set: SetDate| {
        if let Some(v) = widgets::parsed_text(
            ui,
            rid.with(salt),
            &format::date(value),
            90.0,
            &name_of(label),
            lang,
            format::parse_date,
        ) {
            edit_row(cx, tranche_mut, i, &tid, move |x| set(x, v));
        }
    };
    match field {
        // Each with its goal seek beside it: the largest size with no loss, the coupon for
        // a target yield.
        TrancheField::Size => {
            let size = ui.horizontal(|ui| {
                let v = widgets::parsed_text(
                    ui,
                    rid.with("size"),
                    &format::money(tr.size),
                    // 2,500,000,000.00 in full (the goal seek beside it is one glyph).
                    FIELD_WIDTH,
                    &name_of(S::Size),
                    lang,
                    format::parse_money,
                );
                let ask = GoalAsk::MaxSize(tid.clone());
                goal_seek::button(ui, lang, cx.view, ask, &name_of(S::Size));
                v
            });
            if let Some(v) = size.inner {
                edit_row(cx, tranche_mut, i, &tid, move |x| x.size = v);
            }
        }
        TrancheField::Coupon => {
            let coupon = ui.horizontal(|ui| {
                let drag = widgets::pct_drag(ui, tr.coupon, 0.0..=1.0, 3, &name_of(S::Coupon));
                let ask = GoalAsk::Coupon {
                    tranche: tid.clone(),
                    target: tr.coupon,
                };
                goal_seek::button(ui, lang, cx.view, ask, &name_of(S::Coupon));
                drag
            });
            let (resp, v) = coupon.inner;
            let set = on_row(tranche_mut, i, &tid, |x, v| x.coupon = v);
            widgets::drag_edit(cx.cmds, &resp, tr.coupon, v, set);
        }
        TrancheField::Mode => {
            let modes = [
                (Mode::PassThrough, t(S::PassThrough)),
                (Mode::Bullet, t(S::BulletMode)),
                (Mode::Schedule, t(S::ScheduleMode)),
            ];
            if let Some(m) = widgets::choice(
                ui,
                rid.with("mode"),
                mode_of(&tr.principal_mode),
                &modes,
                100.0,
                &name_of(S::PrincipalMode),
            ) {
                edit_row(cx, tranche_mut, i, &tid, move |x| {
                    x.principal_mode = match m {
                        Mode::PassThrough => PrincipalMode::PassThrough,
                        Mode::Bullet => PrincipalMode::Bullet,
                        Mode::Schedule => PrincipalMode::Schedule(vec![x.size]),
                    };
                });
            }
        }
        TrancheField::Expected => date(
            ui,
            cx,
            "expected",
            S::ExpectedMaturity,
            tr.expected_maturity,
            |x, v| x.expected_maturity = v,
        ),
        TrancheField::Legal => date(
            ui,
            cx,
            "legal",
            S::LegalMaturity,
            tr.legal_maturity,
            |x, v| x.legal_maturity = v,
        ),
        TrancheField::Holder => {
            let holders = [
                (Holder::Market, t(S::Market)),
                (Holder::Originator, t(S::Originator)),
            ];
            if let Some(h) = widgets::choice(
                ui,
                rid.with("holder"),
                tr.holder,
                &holders,
                100.0,
                &name_of(S::Holder),
            ) {
                edit_row(cx, tranche_mut, i, &tid, move |x| x.holder = h);
            }
        }
        TrancheField::Rating => {
            let rating = tr.rating.clone().unwrap_or_default();
            if let Some(v) = widgets::parsed_text(
                ui,
                rid.with("rating"),
                &rating,
                60.0,
                &name_of(S::Rating),
                lang,
                |s| Ok::<_, S>(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            ) {
                edit_row(cx, tranche_mut, i, &tid, move |x| x.rating = v);
            }
        }
        TrancheField::Price => {
            let price = tr.price.map_or_else(String::new, |p| p.to_string());
            if let Some(v) = widgets::parsed_text(
                ui,
                rid.with("price"),
                &price,
                60.0,
                &name_of(S::Price),
                lang,
                |s| {
                    let s = s.trim();
                    if s.is_empty() {
                        return Ok(None);
                    }
                    s.parse::<f64>()
                        .ok()
                        .filter(|p| p.is_finite())
                        .map(Some)
                        .ok_or(S::ErrNumbers)
                },
            ) {
                edit_row(cx, tranche_mut, i, &tid, move |x| x.price = v);
            }
        }
    }
}

/// The id cell of row `i`, at least `width` wide: an id no other row in `ids` has, once
/// typed, goes to `rename` (which renames it everywhere it is referenced).
#[allow(clippy::too_many_arguments)]
fn id_cell(
    ui: &mut Ui,
    cx: &mut Cx,
    rid: Id,
    i: usize,
    ids: &[&str],
    width: f32,
    name: &str,
    rename: fn(&mut Deal, usize, &str, &str),
) {
    let others: Vec<String> = ids
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, s)| s.to_string())
        .collect();
    let old = ids[i].to_string();
    // As wide as the id (at least `width`): "guarantee" was cut to "guarante".
    if let Some(new) = widgets::fitted_text(
        ui,
        rid.with("id"),
        &old,
        width,
        name,
        cx.lang,
        widgets::unique_id(&others),
    ) {
        cx.cmds.edit_now(move |d| rename(d, i, &old, &new));
    }
}

/// The move and remove buttons of row `i` of `n` in `list`, then a mark if a check flagged
/// anything in the row. Last in a row, so the figures come first on a narrow screen.
#[allow(clippy::too_many_arguments)]
fn row_tools<T: 'static>(
    ui: &mut Ui,
    cx: &mut Cx,
    list: &str,
    id: &str,
    i: usize,
    n: usize,
    remove: fn(&mut Deal, usize, &str),
    rows: fn(&mut Deal) -> &mut Vec<T>,
) {
    ui.horizontal(|ui| match widgets::row_buttons(ui, cx.lang, id, i, n) {
        Some(RowAction::Remove) => {
            let id = id.to_string();
            cx.cmds.edit_now(move |d| remove(d, i, &id));
        }
        Some(a) => {
            let delta = a.delta();
            cx.cmds.edit_now(move |d| move_item(rows(d), i, delta));
        }
        None => {}
    });
    let path = format!("{list}[{i}]");
    let here: Vec<&Issue> = issues_under(cx.issues, &path).collect();
    let deal = cx.deal;
    widgets::issue_mark(ui, cx.lang, &here, |p| {
        crate::export::messages::field_name(cx.lang, Some(deal), p)
    });
}

/// The messages of a list's rows under it, each named by its row ("tranche 3 (B) · Coupon").
fn row_issues(ui: &mut Ui, cx: &Cx, list: &str) {
    let tokens = Tokens::of(ui.visuals());
    let prefix = format!("{list}[");
    for i in cx.issues.iter().filter(|i| i.path.starts_with(&prefix)) {
        let color = match i.severity {
            crate::error::Severity::Error => tokens.error,
            crate::error::Severity::Warning => tokens.warning,
        };
        ui.label(
            RichText::new(format!(
                "⚠ {}",
                messages::issue_line(cx.lang, Some(cx.deal), i)
            ))
            .color(color)
            .small(),
        )
        .on_hover_text(messages::support_text(i));
    }
}

fn fees(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let d = cx.deal;
    let n = d.fees.len();
    let ids: Vec<&str> = d.fees.iter().map(|f| f.id.as_str()).collect();
    for (i, f) in d.fees.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(widgets::visible_room(ui).max(200.0));
            fee_card(ui, cx, i, n, f, &ids);
        });
    }
    row_issues(ui, cx, "fees");
    if ui.button(format!("+ {}", t(S::AddFee))).clicked() {
        let name = t(S::NewFeeName);
        cx.cmds.edit_now(move |d| {
            let id = edits::unique_id("fee", d.fees.iter().map(|f| f.id.as_str()));
            d.fees.push(Fee {
                id,
                name: name.to_string(),
                basis: FeeBasis::PoolBalance(0.001),
            });
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BasisKind {
    PoolBalance,
    PerPeriod,
    Annual,
    TrancheBalance,
}

fn fee_mut<'a>(d: &'a mut Deal, i: usize, id: &str) -> Option<&'a mut Fee> {
    d.fees.get_mut(i).filter(|f| f.id == id)
}

fn fee_card(ui: &mut Ui, cx: &mut Cx, i: usize, n: usize, f: &Fee, ids: &[&str]) {
    let lang: Lang = cx.lang;
    let t = |k| lang.tr(k);
    let rid = Id::unique(("fee-row", i));
    let fid = f.id.clone();
    ui.horizontal(|ui| {
        id_cell(
            ui,
            cx,
            rid,
            i,
            ids,
            70.0,
            &format!("{} {}", t(S::Id), f.id),
            edits::rename_fee,
        );
        if let Some(v) = widgets::text(
            ui,
            rid.with("name"),
            &f.name,
            name_width(ui),
            &format!("{} {}", t(S::Name), f.id),
            lang,
        ) {
            edit_row(cx, fee_mut, i, &fid, move |x| x.name = v);
        }
        row_tools(ui, cx, "fees", &fid, i, n, edits::remove_fee, |d| {
            &mut d.fees
        });
    });
    let labels = [t(S::FeeBasis), t(S::Amount)];
    widgets::record(ui, rid.with("fields"), &labels, 150.0, |ui, k| {
        if k == 0 {
            fee_basis(ui, cx, i, f);
        } else {
            fee_amount(ui, cx, i, f);
        }
    });
}

fn fee_basis(ui: &mut Ui, cx: &mut Cx, i: usize, f: &Fee) {
    let lang: Lang = cx.lang;
    let t = |k| lang.tr(k);
    let name_of = |k: S| format!("{} {}", t(k), f.id);
    let fid = f.id.clone();
    let rid = Id::unique(("fee-row", i));
    let kind = match f.basis {
        FeeBasis::PoolBalance(_) => BasisKind::PoolBalance,
        FeeBasis::PerPeriod(_) => BasisKind::PerPeriod,
        FeeBasis::Annual(_) => BasisKind::Annual,
        FeeBasis::TrancheBalance { .. } => BasisKind::TrancheBalance,
    };
    let kinds = [
        (BasisKind::PoolBalance, t(S::FeePoolBalance)),
        (BasisKind::PerPeriod, t(S::FeePerPeriod)),
        (BasisKind::Annual, t(S::FeeAnnual)),
        (BasisKind::TrancheBalance, t(S::FeeTrancheBalance)),
    ];
    let first_tranche: Vec<String> = cx
        .deal
        .tranches
        .iter()
        .take(1)
        .map(|t| t.id.clone())
        .collect();
    if let Some(k) = widgets::choice(
        ui,
        rid.with("basis"),
        kind,
        &kinds,
        140.0,
        &name_of(S::FeeBasis),
    ) {
        edit_row(cx, fee_mut, i, &fid, move |x| {
            x.basis = match k {
                BasisKind::PoolBalance => FeeBasis::PoolBalance(0.001),
                BasisKind::PerPeriod => FeeBasis::PerPeriod(Decimal::from(100_000)),
                BasisKind::Annual => FeeBasis::Annual(Decimal::from(100_000)),
                BasisKind::TrancheBalance => FeeBasis::TrancheBalance {
                    tranches: first_tranche,
                    rate: 0.0005,
                },
            };
        });
    }
}

fn fee_amount(ui: &mut Ui, cx: &mut Cx, i: usize, f: &Fee) {
    let lang: Lang = cx.lang;
    let t = |k| lang.tr(k);
    let name_of = |k: S| format!("{} {}", t(k), f.id);
    let fid = f.id.clone();
    let rid = Id::unique(("fee-row", i));
    match &f.basis {
        FeeBasis::PoolBalance(r) => {
            let (resp, v) = widgets::pct_drag(ui, *r, 0.0..=1.0, 4, &name_of(S::Amount));
            let set = on_row(fee_mut, i, &fid, |x, v| x.basis = FeeBasis::PoolBalance(v));
            widgets::drag_edit(cx.cmds, &resp, *r, v, set);
        }
        FeeBasis::TrancheBalance { tranches, rate } => {
            let current = tranches.clone();
            // The rate, then the tranches it is charged on, under it.
            ui.vertical(|ui| {
                let (resp, v) = widgets::pct_drag(ui, *rate, 0.0..=1.0, 4, &name_of(S::Amount));
                let set = on_row(fee_mut, i, &fid, move |x, v| {
                    x.basis = FeeBasis::TrancheBalance {
                        tranches: current,
                        rate: v,
                    }
                });
                widgets::drag_edit(cx.cmds, &resp, *rate, v, set);
                let ids: Vec<&str> = cx.deal.tranches.iter().map(|t| t.id.as_str()).collect();
                if let Some(sel) =
                    widgets::id_chips(ui, &ids, tranches, &name_of(S::FeeTrancheBalance))
                {
                    let rate = *rate;
                    edit_row(cx, fee_mut, i, &fid, move |x| {
                        x.basis = FeeBasis::TrancheBalance {
                            tranches: sel,
                            rate,
                        }
                    });
                }
            });
        }
        FeeBasis::PerPeriod(a) | FeeBasis::Annual(a) => {
            let per_period = matches!(f.basis, FeeBasis::PerPeriod(_));
            if let Some(v) = widgets::parsed_text(
                ui,
                rid.with("amount"),
                &format::money(*a),
                120.0,
                &name_of(S::Amount),
                lang,
                format::parse_money,
            ) {
                edit_row(cx, fee_mut, i, &fid, move |x| {
                    x.basis = if per_period {
                        FeeBasis::PerPeriod(v)
                    } else {
                        FeeBasis::Annual(v)
                    };
                });
            }
        }
    }
}
