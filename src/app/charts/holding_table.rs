//! The period tables of a holding-type deal (issue 14 item 3): the project company (NOI,
//! debt service and arrears, tax, dividends, trapped cash) and the plan (income, fees due,
//! paid and carried, support, distributions in all and to each unit class, NAV), in 万元
//! like the tranched table.

use crate::app::command::Commands;
use crate::app::i18n::{Lang, S};
use crate::app::row_select::{self, Rows};
use crate::export::tables::Cell;
use crate::results::{DealResults, PlanPeriod, ProjectCompanyPeriod};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// Both tables, the project company's first.
pub fn show(ui: &mut Ui, r: &DealResults, lang: Lang, cmds: &mut Commands) {
    let t = |k| lang.tr(k);
    let names = |keys: &[S]| -> Vec<String> { keys.iter().map(|k| t(*k).to_string()).collect() };
    ui.label(RichText::new(format!("{}: {}", t(S::Amount), t(S::UnitWan))).small());
    if let Some(pc) = &r.project_company {
        ui.strong(t(S::CompanyTable));
        let headers = names(&[
            S::Revenue,
            S::Noi,
            S::Capex,
            S::BankService,
            S::BankArrears,
            S::LoanService,
            S::LoanArrears,
            S::Tax,
            S::Dividends,
            S::TrappedCash,
        ]);
        let row = |k: usize| company_row(&pc.periods[k]);
        table(ui, "pc-table", lang, cmds, &headers, pc.periods.len(), row);
    }
    if let Some(plan) = &r.plan {
        ui.add_space(6.0);
        ui.strong(t(S::PlanTable));
        let mut headers = names(&[
            S::FromCompany,
            S::GuaranteePaid,
            S::CapitalReceived,
            S::ConversionProceeds,
            S::FeesDue,
            S::FeesPaidCol,
            S::FeesCarried,
            S::FeeCut,
            S::IncentivePaid,
            S::OriginatorSupport,
            S::Distributions,
        ]);
        // Each unit class's distributions, by its name.
        headers.extend(r.securities.iter().map(|s| s.name.clone()));
        headers.push(t(S::CnyPerUnit).to_string());
        let row = |k: usize| plan_row(r, &plan.periods[k]);
        table(
            ui,
            "plan-table",
            lang,
            cmds,
            &headers,
            plan.periods.len(),
            row,
        );
    }
}

fn company_row(p: &ProjectCompanyPeriod) -> (chrono::NaiveDate, Vec<Cell>) {
    let w = Cell::Money;
    let cells = vec![
        w(p.revenue),
        w(p.noi),
        w(p.capex),
        w(p.bank_interest + p.bank_principal),
        w(p.bank_interest_arrears + p.bank_principal_arrears),
        w(p.shareholder_loan_interest + p.shareholder_loan_principal),
        w(p.shareholder_loan_interest_arrears),
        w(p.tax),
        w(p.dividends),
        w(p.trapped_cash),
    ];
    (p.date, cells)
}

fn plan_row(r: &DealResults, p: &PlanPeriod) -> (chrono::NaiveDate, Vec<Cell>) {
    let w = Cell::Money;
    let classes = r.periods.iter().find(|x| x.date == p.date);
    let class_cash = r.securities.iter().map(|s| {
        classes
            .and_then(|x| x.tranches.iter().find(|c| *c.id == *s.id))
            .map_or(Cell::Empty, |c| w(c.cash()))
    });
    let mut cells = vec![
        w(p.from_project_company),
        w(p.guarantee_payment),
        w(p.capital_received),
        w(p.conversion_proceeds),
        w(p.fees_due),
        w(p.fees_due - p.fees_carried),
        w(p.fees_carried),
        w(p.operator_fee_cut),
        w(p.incentive_fee),
        w(p.originator_support),
        w(p.distributions),
    ];
    cells.extend(class_cash);
    cells.push(Cell::Number(Some(p.nav_per_unit), 4));
    (p.date, cells)
}

/// A virtualised table of `n` periods: period number, date, then `headers` filled by `row`;
/// its rows picked and copied as in a spreadsheet (`row_select`).
fn table(
    ui: &mut Ui,
    id: &str,
    lang: Lang,
    cmds: &mut Commands,
    headers: &[String],
    n: usize,
    row: impl Fn(usize) -> (chrono::NaiveDate, Vec<Cell>),
) {
    let cells = |k: usize| -> Vec<Cell> {
        let (date, cells) = row(k);
        [Cell::Int(k as i64 + 1), Cell::Date(date)]
            .into_iter()
            .chain(cells)
            .collect()
    };
    let header: Vec<String> = ["#", lang.tr(S::Date)]
        .into_iter()
        .map(String::from)
        .chain(headers.iter().cloned())
        .collect();
    let rows = Rows {
        header,
        n,
        row: &cells,
    };
    egui::ScrollArea::horizontal().id_salt(id).show(ui, |ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        row_select::table(ui, id, lang, cmds, &rows, |ui, picker| {
            TableBuilder::new(ui)
                .id_salt(id)
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .max_scroll_height(260.0)
                .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
                .column(Column::auto().at_least(28.0))
                .column(Column::auto().at_least(84.0))
                .columns(Column::auto().at_least(72.0), headers.len())
                .header(22.0, |mut h| {
                    for name in &rows.header {
                        h.col(|ui| {
                            ui.strong(name);
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, n, |mut r| {
                        let k = r.index();
                        r.set_selected(picker.selected(k));
                        for c in cells(k) {
                            r.col(|ui| {
                                ui.label(row_select::shown(&c));
                            });
                        }
                        picker.respond(k, &r.response());
                    });
                });
        });
    });
}
