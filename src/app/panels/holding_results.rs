//! Results of a holding-type deal: the unit classes' returns (IRR, multiple, distribution
//! rate) and the project company's key figures.

use crate::app::compute::Computed;
use crate::app::format::{self, amount};
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::export::tables::Cell;
use crate::model::Deal;
use crate::results::{DealResults, ProjectCompany, SecurityMetrics};
use egui::{RichText, Ui};
use rust_decimal::Decimal;

/// The thin-capitalisation limit on related-party debt (债资比 2:1).
pub const THIN_CAP: f64 = 2.0;

pub fn metrics(ui: &mut Ui, lang: Lang, c: &Computed, cmds: &mut crate::app::command::Commands) {
    // Units have no WAL or duration: their capital comes back with the exit. Nor a principal
    // loss: what is left of their paid-in capital at the end (a concession has no terminal
    // value) is shown as such, the same figure the balance chart ends on.
    let headers = [
        S::Security,
        S::Irr,
        S::Multiple,
        S::DistRate,
        S::CapitalLeft,
    ];
    let r = &c.results;
    let draw = |ui: &mut Ui, s: &SecurityMetrics, k: usize| {
        match k {
            0 => ui.label(RichText::new(format::opt_pct(s.irr, 3)).strong()),
            1 => ui.label(
                s.multiple
                    .map_or_else(|| "—".into(), |m| format!("{m:.2}x")),
            ),
            2 => ui.label(format::opt_pct(s.distribution_rate, 2)),
            _ => ui.label(format::wan(capital_left(r, &s.id))),
        };
    };
    let copy = |s: &SecurityMetrics| {
        vec![
            Cell::Percent(s.irr, 3),
            Cell::Number(s.multiple, 2),
            Cell::Percent(s.distribution_rate, 2),
            Cell::Money(capital_left(r, &s.id)),
        ]
    };
    super::results::metrics_table(
        ui,
        lang,
        ("holding-metrics", &headers),
        c,
        cmds,
        (draw, copy),
    );
}

/// A unit class's paid-in capital not returned by its last payment date.
fn capital_left(r: &DealResults, id: &str) -> Decimal {
    r.periods
        .last()
        .and_then(|p| p.tranches.iter().find(|t| *t.id == *id))
        .map_or(Decimal::ZERO, |t| t.closing_balance)
}

/// Trapped cash left in the project company on the exit date.
pub fn trapped_at_exit(pc: &ProjectCompany) -> rust_decimal::Decimal {
    pc.periods
        .last()
        .map_or(rust_decimal::Decimal::ZERO, |p| p.trapped_cash)
}

/// D/E against the 2:1 limit, min DSCR and total tax, then the bank principal repaid at
/// the end and the trapped cash at exit: wrapped if `wrap`, else on two fixed lines (the
/// results header keeps its height whatever the figures; on one line the last figures ran
/// off the panel at 1280 × 800).
pub fn company_figures(ui: &mut Ui, lang: Lang, pc: &ProjectCompany, wrap: bool) {
    let t = |k| lang.tr(k);
    let tokens = Tokens::of(ui.visuals());
    let ratios = |ui: &mut Ui| {
        let de = format!("{} {:.2} : 1", t(S::DebtToEquity), pc.debt_to_equity);
        if pc.debt_to_equity > THIN_CAP {
            ui.label(RichText::new(format!("⚠ {de}")).color(tokens.warning))
                .on_hover_text(t(S::OverThinCap));
        } else {
            ui.label(de);
        }
        ui.separator();
        let dscr = pc
            .min_dscr
            .map_or_else(|| "—".into(), |d| format!("{d:.2}x"));
        ui.label(format!("{} {dscr}", t(S::MinDscr)));
        ui.separator();
        ui.label(format!("{} {}", t(S::TotalTax), amount(lang, pc.total_tax)));
    };
    let at_exit = |ui: &mut Ui| {
        if pc.bank_loan > Decimal::ZERO {
            ui.label(format!(
                "{} {}",
                t(S::ExitDebtRepayment),
                amount(lang, pc.exit_debt_repayment)
            ));
            ui.separator();
        }
        ui.label(format!(
            "{} {}",
            t(S::TrappedAtExit),
            amount(lang, trapped_at_exit(pc))
        ));
    };
    // `horizontal`, not `with_layout`: a layout takes the whole height left in the panel.
    if wrap {
        ui.horizontal_wrapped(|ui| {
            ratios(ui);
            ui.separator();
            at_exit(ui);
        });
    } else {
        ui.horizontal(ratios);
        ui.horizontal(at_exit);
    }
}

/// The project company's figures, then the plan's exit, fees, valuation and what is left
/// unpaid at the exit.
pub fn company_line(ui: &mut Ui, lang: Lang, deal: &Deal, c: &Computed) {
    let r: &DealResults = &c.results;
    let t = |k| lang.tr(k);
    if let Some(pc) = &r.project_company {
        company_figures(ui, lang, pc, false);
    }
    let Some(plan) = &r.plan else {
        return;
    };
    // The exit in the words of the term sheet on a line of its own, then the plan's fees
    // on the next: fixed lines whatever the figures, as the tranched deal's pool line (on
    // one line the incentive fees ran off the panel at 1280 × 800).
    let exit = crate::export::summary::exit_of(deal, r, lang);
    ui.label(format!(
        "{} {}{}",
        t(S::ExitKind),
        lang.colon(&exit),
        amount(lang, plan.exit_value)
    ));
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} {}",
            t(S::IncentivePaid),
            amount(lang, plan.total_incentive_fee)
        ));
        if plan.total_guarantee_payments > Decimal::ZERO {
            ui.separator();
            ui.label(format!(
                "{} {}",
                t(S::GuaranteePaid),
                amount(lang, plan.total_guarantee_payments)
            ));
        }
    });
    ui.horizontal_wrapped(|ui| {
        let nav = plan
            .nav_at_issue
            .map_or_else(|| "—".into(), |x| format!("{x:.4}"));
        ui.label(format!("{} {nav}", t(S::NavAtIssue)));
        ui.separator();
        ui.label(format!(
            "{} {}",
            t(S::SpreadUsed),
            format::pct(plan.valuation_spread, 3)
        ));
        ui.separator();
        ui.label(format!(
            "{} {}",
            t(S::CalibratedSpread),
            format::opt_pct(plan.calibrated_spread, 3)
        ));
    });
    unpaid_line(ui, lang, r);
}

/// What the deal owes and has not paid when it ends, warned when any is left: only the
/// amounts left (five zeros ran off the right of the header at 1280 × 800), on one line.
fn unpaid_line(ui: &mut Ui, lang: Lang, r: &DealResults) {
    let t = |k| lang.tr(k);
    let zero = Decimal::ZERO;
    let plan = r.plan.as_ref();
    let pc = r.project_company.as_ref();
    let parts = [
        (S::UnpaidFees, plan.map_or(zero, |p| p.unpaid_fees_at_exit)),
        (
            S::UnpaidHurdle,
            plan.map_or(zero, |p| p.unpaid_hurdle_at_exit),
        ),
        (S::UnpaidBank, pc.map_or(zero, |c| c.bank_unpaid_at_exit)),
        (
            S::UnpaidLoan,
            pc.map_or(zero, |c| c.shareholder_loan_unpaid_at_exit),
        ),
        (S::UnpaidTax, pc.map_or(zero, |c| c.tax_unpaid_at_exit)),
        (S::UnpaidOpex, pc.map_or(zero, |c| c.opex_unpaid_at_exit)),
    ];
    let left: Vec<String> = parts
        .iter()
        .filter(|(_, x)| *x != zero)
        .map(|(k, x)| format!("{} {}", t(*k), amount(lang, *x)))
        .collect();
    let tokens = Tokens::of(ui.visuals());
    ui.horizontal(|ui| {
        let head = lang.colon(t(S::UnpaidAtExit));
        if left.is_empty() {
            ui.label(format!("{head}{}", t(S::UnpaidNothing)));
        } else {
            ui.label(RichText::new(head.trim_end()).color(tokens.warning));
            for part in left {
                ui.label(part);
            }
        }
    });
}
