//! The double SPV: how the project company is paid for (plan equity, shareholder loan,
//! bank loan), the plan's terms, and the structure diagram with the computed amounts.

use super::{goal_seek, hold, holding_results, structure, subheading};
use crate::app::format;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, form_row};
use crate::model::{
    BankDebt, BankRepayment, CapitalReturn, CapitalReturnMethod, Depreciation, Holding, HurdleBase,
    LoanRepayment, Refinancing,
};
use egui::{Id, Ui};

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let Some(h) = &cx.deal.holding else {
        hold::not_holding(ui, cx);
        return;
    };
    ui.spacing_mut().slider_width = 150.0;
    egui::Grid::new("spv-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| capital(ui, cx, h));
    subheading(ui, cx.tr(S::Structure));
    let amounts = cx
        .figures
        .and_then(|r| structure::Amounts::of(r, h.plan.originator_unit_share));
    structure::show(ui, cx.lang, &h.asset.name, amounts.as_ref());
    if let Some(pc) = cx.figures.and_then(|r| r.project_company.as_ref()) {
        holding_results::company_figures(ui, cx.lang, pc, true);
    }
    subheading(ui, cx.tr(S::PlanHeading));
    egui::Grid::new("plan-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| plan(ui, cx, h));
}

fn capital(ui: &mut Ui, cx: &mut Cx, h: &Holding) {
    let spv = &h.spv;
    hold::money_row(
        ui,
        cx,
        S::TotalInvestment,
        "holding.spv.total_investment",
        spv.total_investment,
        |h, v| h.spv.total_investment = v,
    );
    // Goal seek on the slider's line: the equity ratio for a target IRR of the market units
    // (the IRR shown).
    let irr = cx
        .figures
        .and_then(|r| r.securities.iter().find(|s| s.id == "market"))
        .and_then(|s| s.irr)
        .unwrap_or(0.05);
    let ask = goal_seek::GoalAsk::EquityRatio { target: irr };
    let lang = cx.lang;
    let width = goal_seek::labelled_width(ui, lang);
    let mut seek = false;
    hold::slider_row_with(
        ui,
        cx,
        S::EquityRatio,
        "holding.spv.equity_ratio",
        spv.equity_ratio,
        0.01..=1.0,
        |h, v| h.spv.equity_ratio = v,
        width,
        |ui| seek = goal_seek::labelled_button(ui, lang, &ask, lang.tr(S::EquityRatio)),
    );
    if seek {
        cx.view.goal = Some(ask);
    }
    hold::slider_row(
        ui,
        cx,
        S::PlanEquityShare,
        "holding.spv.plan_equity_share",
        spv.plan_equity_share,
        0.01..=1.0,
        |h, v| h.spv.plan_equity_share = v,
    );
    hold::pct_row(
        ui,
        cx,
        S::LoanRate,
        "holding.spv.loan_rate",
        spv.loan_rate,
        0.0..=0.3,
        |h, v| h.spv.loan_rate = v,
    );
    repayment(ui, cx, &spv.loan_repayment);
    ui.label("");
    ui.horizontal(|ui| {
        hold::toggle(
            ui,
            cx,
            S::HasBankDebt,
            spv.bank_debt.is_some(),
            |h| {
                h.spv.bank_debt = Some(BankDebt {
                    ltv: 0.3,
                    rate: 0.035,
                    amortisation_periods: 20,
                    repayment: BankRepayment::EqualPrincipal,
                    refinancing: None,
                })
            },
            |h| h.spv.bank_debt = None,
        );
    });
    ui.end_row();
    if let Some(b) = &spv.bank_debt {
        hold::slider_row(
            ui,
            cx,
            S::Ltv,
            "holding.spv.bank_debt.ltv",
            b.ltv,
            0.0..=0.95,
            on_bank_debt(|b, v| b.ltv = v),
        );
        hold::pct_row(
            ui,
            cx,
            S::BankRate,
            "holding.spv.bank_debt.rate",
            b.rate,
            0.0..=0.3,
            on_bank_debt(|b, v| b.rate = v),
        );
        hold::number_row(
            ui,
            cx,
            S::AmortPeriods,
            "holding.spv.bank_debt.amortisation_periods",
            b.amortisation_periods,
            1..=400,
            0.05,
            on_bank_debt(|b, v| b.amortisation_periods = v),
        );
        bank_repayment(ui, cx, b);
        hold::opt_pct_row(
            ui,
            cx,
            S::RefinancingRate,
            S::HasRefinancing,
            "holding.spv.bank_debt.refinancing",
            b.refinancing.as_ref().map(|r| r.rate),
            b.rate,
            |h, v| {
                if let Some(b) = &mut h.spv.bank_debt {
                    b.refinancing = v.map(|rate| Refinancing { rate });
                }
            },
        );
    }
    hold::pct_row(
        ui,
        cx,
        S::TaxRate,
        "holding.spv.tax_rate",
        spv.tax_rate,
        0.0..=0.5,
        |h, v| h.spv.tax_rate = v,
    );
    hold::opt_pct_row(
        ui,
        cx,
        S::RelatedPartyRate,
        S::HasRelatedPartyRate,
        "holding.spv.related_party_rate",
        spv.related_party_rate,
        spv.loan_rate.min(0.045),
        |h, v| h.spv.related_party_rate = v,
    );
    hold::words_row(
        ui,
        cx,
        S::Depreciation,
        "holding.spv.depreciation",
        spv.depreciation,
        &[
            (Depreciation::Years, S::DepYears),
            (Depreciation::Days, S::DepDays),
        ],
        |h, v| h.spv.depreciation = v,
    );
    capital_return(ui, cx, spv.capital_return.as_ref());
}

/// Equal principal, bullet, or a schedule of principal per period.
fn bank_repayment(ui: &mut Ui, cx: &mut Cx, b: &BankDebt) {
    let lang = cx.lang;
    let label = lang.tr(S::BankRepayment);
    let path = "holding.spv.bank_debt.repayment";
    form_row(ui, lang, label, cx.issues, path, |ui| {
        ui.horizontal(|ui| {
            let kinds: [(S, fn() -> BankRepayment); 3] = [
                (S::EqualPrincipal, || BankRepayment::EqualPrincipal),
                (S::Bullet, || BankRepayment::Bullet),
                (S::LoanSchedule, || BankRepayment::Schedule(Vec::new())),
            ];
            let now = std::mem::discriminant(&b.repayment);
            for (key, make) in kinds {
                let on = std::mem::discriminant(&make()) == now;
                let resp = ui
                    .selectable_label(on, lang.tr(key))
                    .accessible_name(format!("{label} {}", lang.tr(key)));
                if resp.clicked() && !on {
                    hold::edit(cx, move |h| {
                        if let Some(b) = &mut h.spv.bank_debt {
                            b.repayment = make();
                        }
                    });
                }
            }
        });
        if let BankRepayment::Schedule(v) = &b.repayment {
            let name = format!("{label} {}", lang.tr(S::LoanScheduleAmounts));
            if let Some(new) = widgets::parsed_text(
                ui,
                Id::unique("bank-schedule"),
                &format::money_list(v),
                320.0,
                &name,
                lang,
                format::parse_money_list,
            ) {
                hold::edit(cx, move |h| {
                    if let Some(b) = &mut h.spv.bank_debt {
                        b.repayment = BankRepayment::Schedule(new);
                    }
                });
            }
            ui.label(egui::RichText::new(lang.tr(S::LoanScheduleAmounts)).small());
        }
        // The schedule's amounts are checked one by one, below the row.
        for issue in widgets::issues_under(cx.issues, path).filter(|i| i.path != path) {
            widgets::field_issues(ui, cx.lang, std::slice::from_ref(issue), &issue.path);
        }
    });
}

/// Set a capital-return term, if the deal still has one when the edit runs.
fn on_return<V>(set: impl FnOnce(&mut CapitalReturn, V)) -> impl FnOnce(&mut Holding, V) {
    move |h, v| {
        if let Some(c) = &mut h.spv.capital_return {
            set(c, v);
        }
    }
}

/// 减资 or loan prepayment out of trapped cash, on given periods or above a threshold.
fn capital_return(ui: &mut Ui, cx: &mut Cx, c: Option<&CapitalReturn>) {
    ui.label("");
    ui.horizontal(|ui| {
        hold::toggle(
            ui,
            cx,
            S::HasCapitalReturn,
            c.is_some(),
            |h| {
                h.spv.capital_return = Some(CapitalReturn {
                    method: CapitalReturnMethod::CapitalReduction,
                    periods: Vec::new(),
                    threshold: None,
                })
            },
            |h| h.spv.capital_return = None,
        );
    });
    ui.end_row();
    let Some(c) = c else {
        return;
    };
    let p = "holding.spv.capital_return";
    hold::words_row(
        ui,
        cx,
        S::CapitalReturnMethod,
        &format!("{p}.method"),
        c.method,
        &[
            (CapitalReturnMethod::CapitalReduction, S::CapitalReduction),
            (CapitalReturnMethod::LoanPrepayment, S::LoanPrepayment),
        ],
        |h, v| {
            if let Some(c) = &mut h.spv.capital_return {
                c.method = v;
            }
        },
    );
    let lang = cx.lang;
    let label = lang.tr(S::CapitalReturnPeriods);
    form_row(ui, lang, label, cx.issues, &format!("{p}.periods"), |ui| {
        let shown = c
            .periods
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(v) = widgets::parsed_text(
            ui,
            Id::unique("capital-return-periods"),
            &shown,
            200.0,
            label,
            lang,
            format::parse_periods,
        ) {
            hold::edit(cx, move |h| on_return(|c, v| c.periods = v)(h, v));
        }
    });
    hold::opt_money_row(
        ui,
        cx,
        S::CapitalReturnThreshold,
        &format!("{p}.threshold"),
        c.threshold,
        on_return(|c, v| c.threshold = v),
    );
}

/// Set a bank-loan term, if the deal still has a bank loan when the edit runs.
fn on_bank_debt<V>(set: impl FnOnce(&mut BankDebt, V)) -> impl FnOnce(&mut Holding, V) {
    move |h, v| {
        if let Some(b) = &mut h.spv.bank_debt {
            set(b, v);
        }
    }
}

/// Sweep or a schedule of principal per period.
fn repayment(ui: &mut Ui, cx: &mut Cx, r: &LoanRepayment) {
    let lang = cx.lang;
    let path = "holding.spv.loan_repayment";
    form_row(ui, lang, lang.tr(S::LoanRepayment), cx.issues, path, |ui| {
        let sweep = matches!(r, LoanRepayment::Sweep);
        ui.horizontal(|ui| {
            for (is_sweep, key) in [(true, S::Sweep), (false, S::LoanSchedule)] {
                let resp = ui
                    .selectable_label(sweep == is_sweep, lang.tr(key))
                    .accessible_name(format!("{} {}", lang.tr(S::LoanRepayment), lang.tr(key)));
                if resp.clicked() && sweep != is_sweep {
                    hold::edit(cx, move |h| {
                        h.spv.loan_repayment = if is_sweep {
                            LoanRepayment::Sweep
                        } else {
                            LoanRepayment::Schedule(Vec::new())
                        };
                    });
                }
            }
        });
        if let LoanRepayment::Schedule(v) = r {
            if let Some(new) = widgets::parsed_text(
                ui,
                Id::unique("loan-schedule"),
                &format::money_list(v),
                320.0,
                lang.tr(S::LoanScheduleAmounts),
                lang,
                format::parse_money_list,
            ) {
                hold::edit(cx, move |h| {
                    h.spv.loan_repayment = LoanRepayment::Schedule(new)
                });
            }
            ui.label(egui::RichText::new(lang.tr(S::LoanScheduleAmounts)).small());
        }
    });
}

fn plan(ui: &mut Ui, cx: &mut Cx, h: &Holding) {
    let p = &h.plan;
    hold::slider_row(
        ui,
        cx,
        S::OriginatorUnitShare,
        "holding.plan.originator_unit_share",
        p.originator_unit_share,
        0.0..=1.0,
        |h, v| h.plan.originator_unit_share = v,
    );
    hold::pct_row(
        ui,
        cx,
        S::MinOriginatorShare,
        "holding.plan.min_originator_share",
        p.min_originator_share,
        0.0..=1.0,
        |h, v| h.plan.min_originator_share = v,
    );
    hold::money_row(
        ui,
        cx,
        S::UnitFace,
        "holding.plan.unit_face",
        p.unit_face,
        |h, v| h.plan.unit_face = v,
    );
    hold::pct_row(
        ui,
        cx,
        S::ManagerFee,
        "holding.plan.manager_fee_rate",
        p.manager_fee_rate,
        0.0..=0.05,
        |h, v| h.plan.manager_fee_rate = v,
    );
    hold::pct_row(
        ui,
        cx,
        S::CustodianFee,
        "holding.plan.custodian_fee_rate",
        p.custodian_fee_rate,
        0.0..=0.05,
        |h, v| h.plan.custodian_fee_rate = v,
    );
    hold::words_row(
        ui,
        cx,
        S::HurdleBase,
        "holding.plan.hurdle_base",
        p.hurdle_base,
        &[
            (HurdleBase::PaidIn, S::HurdlePaidIn),
            (HurdleBase::Outstanding, S::HurdleOutstanding),
        ],
        |h, v| h.plan.hurdle_base = v,
    );
    hold::number_row(
        ui,
        cx,
        S::TrappedCashAlert,
        "holding.plan.trapped_cash_alert",
        p.trapped_cash_alert,
        0.0..=10.0,
        0.01,
        |h, v| h.plan.trapped_cash_alert = v,
    );
}
