//! Results of a holding-type deal: the unit classes' returns (IRR, multiple, distribution
//! rate) and the project company's key figures.

use crate::app::compute::Computed;
use crate::app::format::{self, amount};
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::results::{DealResults, ProjectCompany};
use egui::{RichText, Ui};

/// The thin-capitalisation limit on related-party debt (债资比 2:1).
pub const THIN_CAP: f64 = 2.0;

pub fn metrics(ui: &mut Ui, lang: Lang, c: &Computed) {
    let headers = [
        S::Security,
        S::Irr,
        S::Multiple,
        S::DistRate,
        S::Wal,
        S::Modified,
        S::Loss,
    ];
    super::results::metrics_table(ui, lang, "holding-metrics", &headers, c, |ui, s| {
        ui.label(RichText::new(format::opt_pct(s.irr, 3)).strong());
        ui.label(
            s.multiple
                .map_or_else(|| "—".into(), |m| format!("{m:.2}x")),
        );
        ui.label(format::opt_pct(s.distribution_rate, 2));
        ui.label(format::opt_years(s.wal));
        ui.label(format::opt_years(s.modified_duration));
        super::results::loss_label(ui, s.principal_loss);
    });
}

/// Trapped cash left in the project company on the exit date.
pub fn trapped_at_exit(pc: &ProjectCompany) -> rust_decimal::Decimal {
    pc.periods
        .last()
        .map_or(rust_decimal::Decimal::ZERO, |p| p.trapped_cash)
}

/// D/E against the 2:1 limit, min DSCR, total tax and trapped cash at exit.
pub fn company_figures(ui: &mut Ui, lang: Lang, pc: &ProjectCompany) {
    let t = |k| lang.tr(k);
    let tokens = Tokens::of(ui.visuals());
    ui.horizontal_wrapped(|ui| {
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
        ui.separator();
        ui.label(format!(
            "{} {}",
            t(S::TrappedAtExit),
            amount(lang, trapped_at_exit(pc))
        ));
    });
}

/// The project company's figures, then the plan's exit and fees.
pub fn company_line(ui: &mut Ui, lang: Lang, c: &Computed) {
    let r: &DealResults = &c.results;
    let t = |k| lang.tr(k);
    if let Some(pc) = &r.project_company {
        company_figures(ui, lang, pc);
    }
    if let Some(plan) = &r.plan {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} {}: {}",
                t(S::ExitKind),
                plan.exit,
                amount(lang, plan.exit_value)
            ));
            ui.separator();
            ui.label(format!(
                "{} {}",
                t(S::IncentivePaid),
                amount(lang, plan.total_incentive_fee)
            ));
            if plan.total_guarantee_payments > rust_decimal::Decimal::ZERO {
                ui.separator();
                ui.label(format!(
                    "{} {}",
                    t(S::GuaranteePaid),
                    amount(lang, plan.total_guarantee_payments)
                ));
            }
        });
    }
}
