//! Stage 4b, the report of a run: NAV per unit (份额净值), the spread that prices the units at
//! face, the holders' metrics, the results and the warnings a structurer must not miss.

use super::company::Ending;
use super::fees;
use super::ledger::Sim;
use super::metrics::class_metrics;
use super::operations::operating_year;
use super::valuation;
use crate::model::*;
use crate::money::{dec, fen, to_f64};
use crate::results::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

/// The NAV path of the deal and the spread it was computed at.
pub struct Nav {
    pub path: Vec<f64>,
    pub spread: f64,
    pub calibrated: Option<f64>,
}

impl Sim {
    /// Distributions after date `k` to the classes issued by then, as (date, amount).
    fn flows_of(
        &self,
        member: impl Fn(usize) -> bool,
        after: Option<usize>,
    ) -> Vec<(NaiveDate, f64)> {
        let first = after.map_or(0, |k| k + 1);
        self.periods[first.min(self.periods.len())..]
            .iter()
            .map(|p| {
                let cash: Decimal = p
                    .tranches
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| member(*c))
                    .map(|(_, t)| t.cash())
                    .sum();
                (p.date, to_f64(cash))
            })
            .collect()
    }

    fn last_date(&self, closing: NaiveDate) -> NaiveDate {
        self.periods.last().map_or(closing, |p| p.date)
    }

    fn closing(&self) -> NaiveDate {
        self.classes[0].start
    }

    /// NAV per unit after each date: later distributions to the units that exist on that
    /// date, discounted at CDB(T) + spread, over those units.
    pub fn nav_path(&self, h: &Holding, spread: f64) -> Vec<f64> {
        let end = self.last_date(self.closing());
        (0..self.periods.len())
            .map(|k| {
                let member = |c: usize| self.issued[c] <= k;
                let flows = self.flows_of(member, Some(k));
                let pv = valuation::present_value(
                    &h.valuation.cdb_curve,
                    spread,
                    self.periods[k].date,
                    end,
                    &flows,
                );
                let units: Decimal = self.units_after[k]
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| member(*c))
                    .map(|(_, u)| *u)
                    .sum();
                if units > ZERO {
                    pv / to_f64(units)
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// The distributions to the units issued at closing, and those units.
    fn at_issue(&self) -> (Vec<(NaiveDate, f64)>, Decimal) {
        let flows = self.flows_of(|c| self.issued[c] == 0, None);
        let units = self
            .units_at_issue
            .iter()
            .zip(&self.issued)
            .filter(|(_, i)| **i == 0)
            .map(|(u, _)| *u)
            .sum();
        (flows, units)
    }

    /// NAV per unit at issue: all distributions to the units issued at closing.
    pub fn nav_at_issue(&self, h: &Holding, spread: f64) -> Option<f64> {
        let closing = self.closing();
        let (flows, units) = self.at_issue();
        let end = self.last_date(closing);
        let pv = valuation::present_value(&h.valuation.cdb_curve, spread, closing, end, &flows);
        (units > ZERO).then(|| pv / to_f64(units))
    }

    /// The spread at which the NAV per unit at issue equals the unit face.
    pub fn issue_spread(&self, h: &Holding, face: Decimal) -> Option<f64> {
        let closing = self.closing();
        let (flows, units) = self.at_issue();
        let end = self.last_date(closing);
        valuation::solve_spread(
            &h.valuation.cdb_curve,
            closing,
            end,
            &flows,
            to_f64(units * face),
        )
    }

    /// The deal's results: the run's ledgers, the NAV path, the holders and the warnings.
    pub fn finish(
        mut self,
        deal: &Deal,
        h: &Holding,
        sc: &Scenario,
        nav: Nav,
        mut warnings: Vec<Warning>,
    ) -> DealResults {
        let Nav {
            path: nav,
            spread,
            calibrated,
        } = nav;
        for (p, v) in self.plan.iter_mut().zip(&nav) {
            p.nav_per_unit = *v;
        }
        // Open-period sales are priced at the NAV per unit after the window's date.
        for t in &mut self.transfers {
            t.price = fen(dec(nav.get(t.k).copied().unwrap_or(0.0)));
        }
        let securities = self
            .classes
            .iter()
            .enumerate()
            .map(|(c, class)| {
                class_metrics(
                    deal,
                    c,
                    class,
                    self.issue_paid_in[c],
                    &self.periods,
                    &self.paid_in_at,
                    &self.transfers,
                )
            })
            .collect();
        warnings.append(&mut self.engine_warnings);
        warnings.extend(self.warnings(h, sc));
        let [bank_unpaid, loan_unpaid, tax_unpaid, opex_unpaid] = self.company_unpaid();
        let cap = &self.capital;
        let total_tax = self.pc.iter().map(|p| p.tax).sum();
        let min_dscr = self
            .pc
            .iter()
            .filter_map(|p| p.dscr)
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))));
        let total_fees = self
            .plan
            .iter()
            .map(|p| p.manager_fee + p.custodian_fee + p.operator_base_fee + p.incentive_fee)
            .sum();
        let closing = deal.closing_date;
        DealResults {
            deal: deal.name.clone(),
            scenario: sc.name.clone(),
            // Stress templates stress default rates, which holding-type deals do not have.
            stress: None,
            currency: deal.currency.clone(),
            closing_date: closing,
            securities,
            pool: PoolMetrics::default(),
            enhancements: Vec::new(),
            party_residual: PartyCash::default(),
            tax: TaxPeriod::default(),
            warnings,
            project_company: Some(ProjectCompany {
                purchase_price: cap.price,
                registered_capital: cap.registered,
                plan_equity: cap.plan_equity,
                shareholder_loan: cap.loan,
                bank_loan: cap.bank,
                debt_to_equity: if cap.registered > ZERO {
                    to_f64(cap.loan) / to_f64(cap.registered)
                } else {
                    0.0
                },
                total_tax,
                min_dscr,
                exit_debt_repayment: self
                    .pc
                    .iter()
                    .map(|p| (p.bank_principal - p.bank_scheduled_principal).max(ZERO))
                    .sum(),
                bank_unpaid_at_exit: bank_unpaid,
                shareholder_loan_unpaid_at_exit: loan_unpaid,
                tax_unpaid_at_exit: tax_unpaid,
                opex_unpaid_at_exit: opex_unpaid,
                periods: std::mem::take(&mut self.pc),
            }),
            plan: Some(PlanResults {
                paid_in: self.issue_paid_in.iter().flatten().sum(),
                units: self.plan.last().map_or(ZERO, |p| p.units),
                total_fees,
                unpaid_fees_at_exit: self.unpaid_fees,
                unpaid_hurdle_at_exit: self.unpaid_hurdle,
                total_incentive_fee: self.plan.iter().map(|p| p.incentive_fee).sum(),
                total_guarantee_payments: self.plan.iter().map(|p| p.guarantee_payment).sum(),
                exit_value: self.exit_value,
                exit: self.exit_name.into(),
                nav_at_issue: self.nav_at_issue(h, spread),
                valuation_spread: spread,
                calibrated_spread: calibrated,
                periods: std::mem::take(&mut self.plan),
            }),
            periods: std::mem::take(&mut self.periods),
        }
    }
}

impl Sim {
    /// What the project company still owes when it is liquidated at the end: bank debt,
    /// shareholder loan (each with its interest arrears), tax, and opex with capex. Nothing
    /// when the deal ends otherwise (a sale or a transfer settles the company's debts).
    fn company_unpaid(&self) -> [Decimal; 4] {
        let c = &self.company;
        if self.ending != Ending::Liquidation {
            return [ZERO; 4];
        }
        [
            c.bank + c.bank_interest_arrears,
            c.loan + c.loan_interest_arrears,
            c.tax_arrears,
            c.opex_arrears + c.capex_arrears,
        ]
    }

    /// What the run shows that a structurer must not miss.
    fn warnings(&self, h: &Holding, sc: &Scenario) -> Vec<Warning> {
        let mut w = Vec::new();
        let first = |f: &dyn Fn(&ProjectCompanyPeriod) -> bool| {
            self.pc.iter().find(|p| f(p)).map(|p| p.date)
        };
        if let Some(d) =
            first(&|p| p.bank_interest_arrears > ZERO || p.bank_principal_arrears > ZERO)
        {
            w.push(Warning::at("W-PC-DEFAULT", "holding.spv.bank_debt", &format!("the project company cannot pay its bank debt in full from {d}: the unpaid part is carried as arrears")));
        }
        if let Some(d) = first(&|p| p.shareholder_loan_interest_arrears > ZERO) {
            w.push(Warning::at("W-LOAN-ARREARS", "holding.spv.loan_rate", &format!("the project company cannot pay the shareholder-loan interest in full from {d}: the unpaid part is carried (a lower loan rate or equity ratio would match the cash)")));
        }
        if let Some(d) = first(&|p| p.opex_arrears > ZERO) {
            w.push(Warning::at("W-PC-DEFICIT", "holding.asset", &format!("revenue and cash do not cover operating expenses from {d}: the unpaid part is carried")));
        }
        if let Some(p) = self.plan.iter().find(|p| p.fees_carried > ZERO) {
            w.push(Warning::at(
                "W-FEE-ARREARS",
                "holding.plan",
                &format!("plan fees are carried unpaid from {}", p.date),
            ));
        }
        let company_unpaid = self.company_unpaid().iter().any(|x| *x > ZERO);
        if self.unpaid_fees > ZERO || self.unpaid_hurdle > ZERO || company_unpaid {
            w.push(Warning::at(
                "W-UNPAID-AT-EXIT",
                "holding",
                "amounts owed are still unpaid when the deal ends (see unpaid at exit)",
            ));
        }
        let alert = dec(h.plan.trapped_cash_alert);
        if let Some(p) = self.pc.iter().zip(&self.periods).find(|(p, r)| {
            let annual = p.noi * Decimal::from(365) / Decimal::from(r.accrual_days.max(1));
            annual > ZERO && p.trapped_cash > annual * alert
        }) {
            w.push(Warning::at("W-TRAPPED-CASH", "holding.spv", &format!("trapped cash {} on {} exceeds {}× the annual NOI: consider capital reduction or loan repayment", p.0.trapped_cash, p.0.date, h.plan.trapped_cash_alert)));
        }
        if let Some(inc) = &h.incentive {
            let (mut easy, mut hard) = (Vec::new(), Vec::new());
            let closing = self.closing();
            // The projected NOI of each operating year: its periods' booked NOI, a period in
            // the year its accrual starts in.
            let years = operating_year(closing, self.last_date(closing));
            let mut noi_by_year = vec![ZERO; years as usize];
            for (p, r) in self.pc.iter().zip(&self.periods) {
                let start = r.date - chrono::Duration::days(r.accrual_days);
                if let Some(n) = noi_by_year.get_mut(operating_year(closing, start) as usize) {
                    *n += p.noi;
                }
            }
            for (y, noi) in (0..years).zip(noi_by_year) {
                if fees::for_year(&inc.expected_by_year, inc.expected_noi, y) < noi {
                    easy.push(y + 1);
                }
                if fees::for_year(&inc.floor_by_year, inc.floor_noi, y) > noi {
                    hard.push(y + 1);
                }
            }
            let years = |v: &[u32]| {
                v.iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !easy.is_empty() {
                w.push(Warning::at("W-INCENTIVE-EASY", "holding.incentive.expected_noi", &format!("预期值 is below the projected NOI in operating years {} of scenario {}: the incentive fee is earned without outperformance", years(&easy), sc.name)));
            }
            if !hard.is_empty() {
                w.push(Warning::at("W-FLOOR-ABOVE-NOI", "holding.incentive.floor_noi", &format!("达标值 is above the projected NOI in operating years {} of scenario {}: the base fee is cut in the projection itself", years(&hard), sc.name)));
            }
        }
        w
    }
}
