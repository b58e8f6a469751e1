//! The period cash-flow table, the view a structurer checks against the Excel model.
//! Virtualised: only visible rows are laid out, so monthly deals over decades stay quick.

use crate::app::command::Commands;
use crate::app::i18n::{Lang, S};
use crate::app::row_select::{self, Rows};
use crate::export::tables::Cell;
use crate::results::{DealResults, PeriodResult};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// One amount of a period, read for a column.
type Amount = fn(&PeriodResult) -> rust_decimal::Decimal;

pub fn cash_flows(ui: &mut Ui, r: &DealResults, lang: Lang, cmds: &mut Commands) {
    let t = |k| lang.tr(k);
    let mut headers: Vec<String> = [
        "#",
        t(S::Date),
        t(S::OpeningBalance),
        t(S::Interest),
        t(S::ScheduledPrincipal),
        t(S::Prepayments),
        t(S::Defaults),
        t(S::Recoveries),
        t(S::Available),
        t(S::FeesPaid),
    ]
    .map(String::from)
    .to_vec();
    for s in &r.securities {
        headers.push(format!("{} {}", s.id, t(S::InterestPaid)));
        headers.push(format!("{} {}", s.id, t(S::PrincipalPaid)));
        headers.push(format!("{} {}", s.id, t(S::ResidualPaid)));
        headers.push(format!("{} {}", s.id, t(S::Balance)));
    }
    // Columns of the terms the deal uses: the clean-up call, residual to parties, VAT,
    // revolving purchases.
    let extras: Vec<(S, Amount)> = [
        (
            S::CleanUpCall,
            (|p: &PeriodResult| p.pool.call_proceeds) as Amount,
        ),
        (S::ResidualToOriginator, |p| p.party_residual.originator),
        (S::ResidualToServicer, |p| p.party_residual.servicer),
        (S::StepTax, |p| p.tax.paid),
        (S::Purchases, |p| {
            p.revolving
                .as_ref()
                .map_or(Default::default(), |r| r.purchases)
        }),
        (S::Uninvested, |p| {
            p.revolving
                .as_ref()
                .map_or(Default::default(), |r| r.uninvested)
        }),
    ]
    .into_iter()
    .filter(|(_, f)| r.periods.iter().any(|p| !f(p).is_zero()))
    .collect();
    headers.extend(extras.iter().map(|(k, _)| t(*k).to_string()));
    // A revolving deal: whether each date revolves or amortises.
    let revolving = r.pool.revolving.is_some();
    if revolving {
        headers.push(t(S::RevolvingState).to_string());
    }
    headers.extend(
        [
            t(S::ExcessSpread),
            t(S::ReserveBalance),
            t(S::Oc),
            t(S::TriggerCol),
        ]
        .map(String::from),
    );
    // With the scenario's delinquency assumption: the overdue balances and each delinquency
    // trigger's ratio.
    let delinquency = r.periods.iter().find_map(|p| p.delinquency.as_ref());
    if let Some(dq) = delinquency {
        headers.extend([S::Overdue30, S::Overdue60, S::Overdue90].map(|k| t(k).to_string()));
        for x in &dq.ratios {
            headers.push(format!("{} {}", x.trigger, t(S::DelinquencyRatioCol)));
        }
    }
    ui.label(RichText::new(format!("{}: {}", t(S::Amount), t(S::UnitWan))).small());
    let yes = t(S::Yes);
    let cells = |i: usize| -> Vec<Cell> {
        let p = &r.periods[i];
        let mut c = vec![
            Cell::Int(p.period as i64),
            Cell::Date(p.date),
            Cell::Money(p.pool.opening_balance),
            Cell::Money(p.pool.interest),
            Cell::Money(p.pool.scheduled_principal),
            Cell::Money(p.pool.prepayments),
            Cell::Money(p.pool.defaults),
            Cell::Money(p.pool.recoveries),
            Cell::Money(p.available),
            Cell::Money(p.fees.iter().map(|f| f.paid).sum()),
        ];
        // Exactly the header's columns, whatever the period carries.
        for k in 0..r.securities.len() {
            match p.tranches.get(k) {
                Some(tp) => c.extend([
                    Cell::Money(tp.interest_paid),
                    Cell::Money(tp.principal_paid),
                    Cell::Money(tp.residual_paid),
                    Cell::Money(tp.closing_balance),
                ]),
                None => c.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
            }
        }
        c.extend(extras.iter().map(|(_, f)| Cell::Money(f(p))));
        if revolving {
            let on = p.revolving.as_ref().is_some_and(|r| r.revolving);
            let state = if on {
                S::StateRevolving
            } else {
                S::StateAmortising
            };
            c.push(Cell::Text(t(state).into()));
        }
        c.extend([
            Cell::Money(p.excess_spread),
            Cell::Money(p.reserve.closing),
            Cell::Number(p.oc_ratio, 3),
            Cell::Text(if p.trigger_breached { yes } else { "" }.into()),
        ]);
        if let Some(dq) = delinquency {
            match &p.delinquency {
                Some(x) => {
                    c.extend([
                        Cell::Money(x.days_30_plus),
                        Cell::Money(x.days_60_plus),
                        Cell::Money(x.days_90_plus),
                    ]);
                    c.extend(x.ratios.iter().map(|y| Cell::Percent(y.ratio, 2)));
                }
                None => c.extend((0..3 + dq.ratios.len()).map(|_| Cell::Empty)),
            }
        }
        c
    };
    let rows = Rows {
        header: headers.clone(),
        n: r.periods.len(),
        row: &cells,
    };
    egui::ScrollArea::horizontal()
        .id_salt("cash-flow-h")
        .show(ui, |ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            row_select::table(ui, "cash-flows", lang, cmds, &rows, |ui, picker| {
                TableBuilder::new(ui)
                    .id_salt("cash-flows")
                    .striped(true)
                    .resizable(true)
                    .sense(egui::Sense::click())
                    .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
                    .column(Column::auto().at_least(28.0))
                    .column(Column::auto().at_least(84.0))
                    .columns(Column::auto().at_least(72.0), headers.len() - 2)
                    .header(22.0, |mut row| {
                        for h in &headers {
                            row.col(|ui| {
                                ui.strong(h);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(20.0, r.periods.len(), |mut row| {
                            let i = row.index();
                            row.set_selected(picker.selected(i));
                            for c in cells(i) {
                                row.col(|ui| {
                                    ui.label(row_select::shown(&c));
                                });
                            }
                            picker.respond(i, &row.response());
                        });
                    });
            });
        });
}
