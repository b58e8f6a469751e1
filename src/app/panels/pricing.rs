//! The price/yield calculator under the results: a tranche of the figures shown, priced at a
//! settlement date from a yield, a clean price or a spread over the CDB curve
//! (`crate::pricing`), with the deal's business-day rule beside it. Reads the deal; the
//! inputs are the calculator's own (egui memory), not edits of the deal.

use crate::app::command::Commands;
use crate::app::compute::Computed;
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::row_select::{self, Rows};
use crate::app::theme::Tokens;
use crate::app::widgets;
use crate::export::tables::Cell;
use crate::model::{Deal, HolidayCalendar, Roll};
use crate::pricing::{Pricing, PricingError, Quote, price};
use egui::{Id, RichText, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum QuoteKind {
    #[default]
    CleanPrice,
    Yield,
    Spread,
}

/// What the user typed; the last answer is kept with the inputs and figures it came from, so
/// a repaint does not reprice.
#[derive(Debug, Clone, Default)]
struct Form {
    security: usize,
    settle: Option<String>,
    kind: QuoteKind,
    value: Option<String>,
    last: Option<(Key, Result<Pricing, S>)>,
}

type Key = (usize, usize, String, QuoteKind, String);

pub fn show(ui: &mut Ui, lang: Lang, deal: &Deal, c: &Arc<Computed>, cmds: &mut Commands) {
    let t = |k| lang.tr(k);
    egui::CollapsingHeader::new(t(S::Pricing))
        .id_salt("pricing")
        .show(ui, |ui| calculator(ui, lang, deal, c, cmds));
}

fn calculator(ui: &mut Ui, lang: Lang, deal: &Deal, c: &Arc<Computed>, cmds: &mut Commands) {
    let t = |k| lang.tr(k);
    let id = Id::unique("pricing-form");
    let mut form: Form = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let names: Vec<(usize, &str)> = deal
        .tranches
        .iter()
        .enumerate()
        .map(|(i, tr)| (i, tr.name.as_str()))
        .collect();
    if names.is_empty() {
        return;
    }
    form.security = form.security.min(names.len() - 1);
    let default_settle = deal
        .pricing
        .as_ref()
        .and_then(|p| p.settlement_date)
        .unwrap_or(deal.closing_date);
    let settle = form
        .settle
        .get_or_insert_with(|| format::date(default_settle));
    let value = form.value.get_or_insert_with(|| "100".into());
    egui::Grid::new("pricing-inputs")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(t(S::Security));
            if let Some(i) = widgets::choice(
                ui,
                "pricing-security",
                form.security,
                &names,
                180.0,
                t(S::Security),
            ) {
                form.security = i;
            }
            ui.end_row();
            ui.label(t(S::SettlementDate));
            ui.add(TextEdit::singleline(settle).desired_width(110.0))
                .accessible_name(t(S::SettlementDate));
            ui.end_row();
            ui.label(t(S::PaymentDates));
            ui.label(business_days(lang, deal));
            ui.end_row();
            ui.label(t(S::QuoteBy));
            let kinds = [
                (QuoteKind::CleanPrice, t(S::CleanPrice)),
                (QuoteKind::Yield, t(S::QuoteYield)),
                (QuoteKind::Spread, t(S::QuoteSpread)),
            ];
            if let Some(k) =
                widgets::choice(ui, "pricing-kind", form.kind, &kinds, 180.0, t(S::QuoteBy))
            {
                form.kind = k;
            }
            ui.end_row();
            ui.label(t(S::QuoteValue));
            ui.add(TextEdit::singleline(value).desired_width(110.0))
                .accessible_name(t(S::QuoteValue));
            ui.end_row();
        });
    let key: Key = (
        Arc::as_ptr(c) as usize,
        form.security,
        settle.clone(),
        form.kind,
        value.clone(),
    );
    if form.last.as_ref().is_none_or(|(k, _)| *k != key) {
        let answer = solve(deal, c, &key);
        form.last = Some((key, answer));
    }
    match form.last.as_ref().map(|(_, a)| a) {
        Some(Ok(p)) => figures(ui, lang, p, cmds),
        Some(Err(e)) => {
            ui.label(RichText::new(format!("⚠ {}", t(*e))).color(Tokens::of(ui.visuals()).error));
        }
        None => {}
    }
    ui.data_mut(|d| d.insert_temp(id, form));
}

/// The deal's roll rule and calendar, in words.
fn business_days(lang: Lang, deal: &Deal) -> String {
    let rule = &deal.business_days;
    let roll = lang.tr(match rule.roll {
        Roll::Unadjusted => S::RollUnadjusted,
        Roll::Following => S::RollFollowing,
        Roll::ModifiedFollowing => S::RollModifiedFollowing,
    });
    let calendar = lang.tr(match rule.calendar {
        Some(HolidayCalendar::CnExchange) => S::CalendarExchange,
        None => S::WeekendsOnly,
    });
    if rule.roll == Roll::Unadjusted {
        roll.to_string()
    } else {
        format!("{roll} · {calendar}")
    }
}

fn solve(deal: &Deal, c: &Computed, key: &Key) -> Result<Pricing, S> {
    let (_, security, settle, kind, value) = key;
    let settle = format::parse_date(settle)?;
    let x: f64 = value
        .trim()
        .trim_end_matches(['%', '％'])
        .trim()
        .parse()
        .map_err(|_| S::ErrNumber)?;
    let quote = match kind {
        QuoteKind::CleanPrice => Quote::CleanPrice(x),
        QuoteKind::Yield => Quote::Yield(x / 100.0),
        QuoteKind::Spread => Quote::Spread(x / 10_000.0),
    };
    let id = &deal.tranches[*security].id;
    price(deal, &c.results, id, settle, quote).map_err(|e| match e {
        PricingError::BeforeClosing(..) => S::ErrSettleBeforeClosing,
        PricingError::NothingAfter(..) => S::ErrNothingToPrice,
        PricingError::NoCurve => S::ErrNoCurve,
        PricingError::NoYield(_) => S::ErrNoYield,
        PricingError::BadInput(..) => S::ErrNumber,
        // The calculator offers only this deal's tranches, and only for tranched deals.
        PricingError::UnknownSecurity(_) | PricingError::HoldingDeal => S::ErrNothingToPrice,
    })
}

/// The figures as a two-column table whose rows are picked and copied as a results
/// table's: shown as the calculator shows them, copied exact (amounts in yuan to the fen,
/// rates as fractions, the spread in basis points).
fn figures(ui: &mut Ui, lang: Lang, p: &Pricing, cmds: &mut Commands) {
    let t = |k| lang.tr(k);
    let years = |x: Option<f64>| (format::opt_years(x), Cell::Number(x, 2));
    let spread = p.spread.map(|s| s * 10_000.0);
    let rows: Vec<(S, (String, Cell))> = vec![
        (
            S::Outstanding,
            (format::money(p.outstanding), Cell::Money(p.outstanding)),
        ),
        (
            S::AccruedInterest,
            (
                format::money(p.accrued_interest),
                Cell::Money(p.accrued_interest),
            ),
        ),
        (
            S::AccruedPer100,
            (
                format!("{:.4}", p.accrued_per_100),
                Cell::Number(Some(p.accrued_per_100), 4),
            ),
        ),
        (
            S::AccruedDays,
            (p.accrued_days.to_string(), Cell::Int(p.accrued_days)),
        ),
        (
            S::CleanPrice,
            (
                format!("{:.4}", p.clean_price),
                Cell::Number(Some(p.clean_price), 4),
            ),
        ),
        (
            S::DirtyPrice,
            (
                format!("{:.4}", p.dirty_price),
                Cell::Number(Some(p.dirty_price), 4),
            ),
        ),
        (
            S::Yield,
            (format::pct(p.yield_, 4), Cell::Percent(Some(p.yield_), 4)),
        ),
        (
            S::CdbAtWal,
            (
                format::opt_pct(p.curve_yield, 4),
                Cell::Percent(p.curve_yield, 4),
            ),
        ),
        (
            S::SpreadBp,
            (
                spread.map_or_else(|| "—".into(), |s| format!("{s:.2}")),
                Cell::Number(spread, 2),
            ),
        ),
        (S::Wal, years(p.wal)),
        (S::Macaulay, years(p.macaulay_duration)),
        (S::Modified, years(p.modified_duration)),
        (S::Convexity, years(p.convexity)),
    ];
    let header = vec![
        t(S::CompareFigure).to_string(),
        t(S::PricingValue).to_string(),
    ];
    let copy_row = |i: usize| vec![Cell::Text(t(rows[i].0).to_string()), rows[i].1.1.clone()];
    let copy = Rows {
        header,
        n: rows.len(),
        row: &copy_row,
    };
    row_select::table(ui, "pricing-figures", lang, cmds, &copy, |ui, picker| {
        TableBuilder::new(ui)
            .id_salt("pricing-figures")
            .striped(true)
            .vscroll(false)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .columns(Column::auto().at_least(60.0), 2)
            .body(|mut body| {
                for (i, (k, (shown, _))) in rows.iter().enumerate() {
                    body.row(20.0, |mut row| {
                        row.set_selected(picker.selected(i));
                        row.col(|ui| {
                            // On one line: the column takes the widest name.
                            ui.add(egui::Label::new(RichText::new(t(*k)).small()).extend());
                        });
                        row.col(|ui| {
                            ui.label(RichText::new(shown).strong()).on_hover_text(t(*k));
                        });
                        picker.respond(i, &row.response());
                    });
                }
            });
    });
}
