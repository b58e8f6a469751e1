//! The period cash-flow table, the view a structurer checks against the Excel model.
//! Virtualised: only visible rows are laid out, so monthly deals over decades stay quick.

use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::results::{DealResults, PeriodResult};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// One amount of a period, read for a column.
type Amount = fn(&PeriodResult) -> rust_decimal::Decimal;

pub fn cash_flows(ui: &mut Ui, r: &DealResults, lang: Lang) {
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
    egui::ScrollArea::horizontal()
        .id_salt("cash-flow-h")
        .show(ui, |ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            TableBuilder::new(ui)
                .id_salt("cash-flows")
                .striped(true)
                .resizable(true)
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
                        let p = &r.periods[row.index()];
                        let mut cell = |text: String| {
                            row.col(|ui| {
                                ui.label(text);
                            });
                        };
                        cell(p.period.to_string());
                        cell(format::date(p.date));
                        cell(format::wan(p.pool.opening_balance));
                        cell(format::wan(p.pool.interest));
                        cell(format::wan(p.pool.scheduled_principal));
                        cell(format::wan(p.pool.prepayments));
                        cell(format::wan(p.pool.defaults));
                        cell(format::wan(p.pool.recoveries));
                        cell(format::wan(p.available));
                        cell(format::wan(p.fees.iter().map(|f| f.paid).sum()));
                        // Exactly the header's columns, whatever the period carries.
                        for t in 0..r.securities.len() {
                            match p.tranches.get(t) {
                                Some(tp) => {
                                    cell(format::wan(tp.interest_paid));
                                    cell(format::wan(tp.principal_paid));
                                    cell(format::wan(tp.residual_paid));
                                    cell(format::wan(tp.closing_balance));
                                }
                                None => (0..4).for_each(|_| cell("—".into())),
                            }
                        }
                        for (_, f) in &extras {
                            cell(format::wan(f(p)));
                        }
                        if revolving {
                            let on = p.revolving.as_ref().is_some_and(|r| r.revolving);
                            cell(
                                t(if on {
                                    S::StateRevolving
                                } else {
                                    S::StateAmortising
                                })
                                .into(),
                            );
                        }
                        cell(format::wan(p.excess_spread));
                        cell(format::wan(p.reserve.closing));
                        cell(p.oc_ratio.map_or_else(|| "—".into(), |x| format!("{x:.3}")));
                        cell(if p.trigger_breached {
                            t(S::Yes).into()
                        } else {
                            String::new()
                        });
                        if let Some(dq) = delinquency {
                            match &p.delinquency {
                                Some(x) => {
                                    cell(format::wan(x.days_30_plus));
                                    cell(format::wan(x.days_60_plus));
                                    cell(format::wan(x.days_90_plus));
                                    for y in &x.ratios {
                                        cell(format::opt_pct(y.ratio, 2));
                                    }
                                }
                                None => (0..3 + dq.ratios.len()).for_each(|_| cell("—".into())),
                            }
                        }
                    });
                });
        });
}
