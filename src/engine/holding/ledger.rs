//! One run of the ledger over the payment dates: operations → project company → plan fees →
//! distributions, date by date, with the open-period transfers.

use super::company::{Company, Ending, PeriodIn, Sale};
use super::distribution::{Class, DistIn, distribute};
use super::exit::{exit_amounts, exit_name};
use super::fees::{FEE_IDS, FeesIn, PlanFees};
use super::metrics::Transfer;
use super::operations::*;
use super::timeline::{Shape, shape};
use crate::engine::schedule::Schedule;
use crate::model::Capital;
use crate::model::*;
use crate::money::fen;
use crate::results::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::sync::Arc;

const ZERO: Decimal = Decimal::ZERO;

/// One run of the ledger.
pub struct Sim {
    pub(super) end: usize,
    pub(super) capital: Capital,
    pub(super) classes: Vec<Class>,
    /// Index of the date on which each class's units were issued (0: at closing).
    pub(super) issued: Vec<usize>,
    pub(super) units_at_issue: Vec<Decimal>,
    pub(super) issue_paid_in: Vec<Option<Decimal>>,
    pub(super) paid_in_at: Vec<Vec<Decimal>>,
    pub(super) units_after: Vec<Vec<Decimal>>,
    pub(super) transfers: Vec<Transfer>,
    pub(super) periods: Vec<PeriodResult>,
    pub(super) pc: Vec<ProjectCompanyPeriod>,
    pub(super) plan: Vec<PlanPeriod>,
    pub(super) company: Company,
    pub(super) ending: Ending,
    pub(super) exit_value: Decimal,
    pub(super) exit_name: &'static str,
    pub(super) unpaid_fees: Decimal,
    pub(super) unpaid_hurdle: Decimal,
    pub(super) engine_warnings: Vec<Warning>,
}

/// The state carried from date to date.
struct Run<'a> {
    deal: &'a Deal,
    h: &'a Holding,
    sc: &'a Scenario,
    schedule: &'a Schedule,
    shape: Shape<'a>,
    company: Company,
    fees: PlanFees,
    plan_carried: Decimal,
    fee_ids: Vec<Arc<str>>,
    class_ids: Vec<Arc<str>>,
    sim: Sim,
}

pub fn simulate(
    deal: &Deal,
    h: &Holding,
    sc: &Scenario,
    schedule: &Schedule,
    face: Decimal,
    priced: &[(&Expansion, Decimal)],
) -> Sim {
    let shape = shape(deal, h, sc, schedule, face, priced);
    let mut company = Company::new();
    company.buy(
        &shape.capital,
        deal.closing_date,
        life_end(&h.asset, deal.closing_date),
    );
    let sim = Sim {
        end: shape.ends.end,
        capital: shape.capital.clone(),
        classes: Vec::new(),
        issued: shape.issued.clone(),
        units_at_issue: shape.classes.iter().map(|c| c.units).collect(),
        // What each class paid at issue; units bought in open periods are paid at the NAV.
        issue_paid_in: shape
            .classes
            .iter()
            .map(|c| (c.paid_in > ZERO).then_some(c.paid_in))
            .collect(),
        paid_in_at: Vec::new(),
        units_after: Vec::new(),
        transfers: Vec::new(),
        periods: Vec::new(),
        pc: Vec::new(),
        plan: Vec::new(),
        company: Company::new(),
        ending: shape.ends.ending,
        exit_value: ZERO,
        exit_name: exit_name(&shape.ends.exit),
        unpaid_fees: ZERO,
        unpaid_hurdle: ZERO,
        engine_warnings: shape.ends.warnings.clone(),
    };
    let mut run = Run {
        deal,
        h,
        sc,
        schedule,
        fee_ids: FEE_IDS.iter().map(|s| Arc::from(*s)).collect(),
        class_ids: shape
            .classes
            .iter()
            .map(|c| Arc::from(c.id.as_str()))
            .collect(),
        shape,
        company,
        fees: PlanFees::default(),
        plan_carried: ZERO,
        sim,
    };
    for k in 0..=run.sim.end {
        run.date(k);
    }
    let Run {
        shape,
        company,
        mut sim,
        ..
    } = run;
    sim.classes = shape.classes;
    sim.company = company;
    sim
}

impl Run<'_> {
    /// The assets operating in period k and when each started.
    fn assets(&self, k: usize) -> Vec<(&OperatingAsset, NaiveDate)> {
        let mut assets = vec![(&self.h.asset, self.deal.closing_date)];
        assets.extend(
            self.shape
                .rounds
                .iter()
                .filter(|r| r.k <= k)
                .map(|r| (r.asset, r.date)),
        );
        assets
    }

    /// The project company's date: expansions bought, operations, the exit, the ledger; what
    /// the plan receives (with a REIT conversion's proceeds).
    fn company_date(
        &mut self,
        k: usize,
        from: NaiveDate,
        date: NaiveDate,
    ) -> (Operations, super::company::ToPlan, Decimal) {
        for r in self.shape.rounds.iter().filter(|r| r.k == k) {
            self.company
                .buy(&r.capital, r.date, life_end(r.asset, r.date));
        }
        let assets = self.assets(k);
        let mut ops = Operations::default();
        for (a, start) in &assets {
            ops += period_operations(a, *start, from, date, self.sc);
        }
        let is_exit = k == self.sim.end;
        let ending = self.shape.ends.ending;
        let (sale, reit_value) = if is_exit {
            exit_amounts(&self.shape.ends.exit, &assets, from, self.sc)
        } else {
            (Sale::default(), ZERO)
        };
        let pc_in = PeriodIn {
            k,
            date,
            from,
            days: (date - from).num_days(),
            ops,
            ending: if is_exit { ending } else { Ending::No },
            sale,
        };
        let (period, to_plan) = self.company.step(&self.h.spv, &pc_in);
        self.sim.pc.push(period);
        // REIT conversion: the plan's loan claim and its share of the company's net assets
        // at the valuation (asset value + cash − debts) are bought by the REIT.
        let c = &self.company;
        let conversion = if is_exit && ending == Ending::Transfer {
            let claim = c.loan + c.loan_interest_arrears;
            let equity = reit_value + c.cash - c.other_debts() - claim;
            claim + fen(equity.max(ZERO) * c.plan_share())
        } else {
            ZERO
        };
        if is_exit {
            self.sim.exit_value = sale.gross - sale.costs + reit_value;
        }
        (ops, to_plan, conversion)
    }

    fn date(&mut self, k: usize) {
        let closing = self.deal.closing_date;
        let date = self.schedule.dates[k];
        let from = if k == 0 {
            closing
        } else {
            self.schedule.dates[k - 1]
        };
        let days = (date - from).num_days();
        let is_exit = k == self.sim.end;
        let y = operating_year(closing, from);
        let (ops, to_plan, conversion) = self.company_date(k, from, date);

        // The plan: guarantee and fees, then the unit classes.
        let h = self.h;
        let classes = &mut self.shape.classes;
        let fin = FeesIn {
            year: y,
            year_frac: Decimal::from(days) / Decimal::from(year_days(closing, y)),
            days,
            revenue: ops.revenue,
            noi: ops.noi(),
            paid_in: classes
                .iter()
                .filter(|c| c.from <= k)
                .map(|c| c.paid_in)
                .sum(),
            is_exit,
        };
        let guarantee = h
            .performance_guarantee
            .as_ref()
            .map_or(ZERO, |g| self.fees.guarantee(g, &fin));
        let from_pc = to_plan.interest + to_plan.capital + to_plan.dividends;
        let carried_in = self.plan_carried;
        let available = carried_in + from_pc + guarantee + conversion;
        let mut funds = available;
        let f = self.fees.pay(h, &fin, &mut funds);
        let support = h
            .incentive
            .as_ref()
            .filter(|i| f.below_floor && i.originator_subordination)
            .and_then(|i| {
                i.investor_return
                    .or(h.tilted.as_ref().map(|t| t.market_hurdle))
            });
        let opening: Vec<Decimal> = classes.iter().map(|c| c.capital).collect();
        self.sim
            .paid_in_at
            .push(classes.iter().map(|c| c.paid_in).collect());
        let d = distribute(
            classes,
            funds,
            &DistIn {
                k,
                from,
                date,
                is_exit,
                tilt: h.tilted.as_ref(),
                base: h.plan.hurdle_base,
                capital_receipts: to_plan.capital + conversion,
                support,
                performance: f.performance,
            },
        );
        let distributions: Decimal = d.income.iter().chain(&d.capital).sum();
        self.plan_carried = funds - distributions;
        let tranches = classes
            .iter()
            .enumerate()
            .map(|(i, c)| TranchePeriod {
                id: self.class_ids[i].clone(),
                opening_balance: opening[i],
                principal_paid: d.capital[i],
                residual_paid: d.income[i],
                closing_balance: c.capital,
                units: Some(c.units),
                ..Default::default()
            })
            .collect();
        // Open periods: units redeemed move to their buyer after the date's distribution.
        for &(_, to, units) in self.shape.transfers.iter().filter(|t| t.0 == k) {
            let (market, rest) = classes.split_at_mut(1);
            market[0].transfer(&mut rest[to - 1], units);
            self.sim.transfers.push(Transfer {
                k,
                date,
                from: 0,
                to,
                units,
                price: ZERO,
            });
        }
        self.sim
            .units_after
            .push(classes.iter().map(|c| c.units).collect());
        if is_exit {
            self.sim.unpaid_fees = f.carried.iter().sum();
            self.sim.unpaid_hurdle = d.hurdle_carried;
        }
        let fees_paid: Decimal = f.paid.iter().sum();
        self.sim.periods.push(PeriodResult {
            period: k + 1,
            date,
            accrual_days: days,
            available,
            paid: fees_paid + distributions,
            retained: self.plan_carried,
            pool: PoolPeriod::default(),
            collections: from_pc + guarantee + conversion,
            carried_in,
            carried_out: self.plan_carried,
            principal_account_release: ZERO,
            fees: (0..4)
                .map(|i| FeePeriod {
                    id: self.fee_ids[i].clone(),
                    due: f.due[i],
                    paid: f.paid[i],
                    shortfall: f.carried[i],
                })
                .collect(),
            tranches,
            party_residual: PartyCash::default(),
            tax: TaxPeriod::default(),
            reserve: ReservePeriod::default(),
            enhancement_draws: Vec::new(),
            excess_spread: ZERO,
            trigger_breached: f.below_floor,
            oc_ratio: None,
            revolving: None,
            delinquency: None,
        });
        self.sim.plan.push(PlanPeriod {
            date,
            from_project_company: from_pc,
            guarantee_payment: guarantee,
            capital_received: to_plan.capital + conversion,
            conversion_proceeds: conversion,
            fees_due: f.due.iter().sum(),
            fees_carried: f.carried.iter().sum(),
            manager_fee: f.paid[0],
            custodian_fee: f.paid[1],
            operator_base_fee: f.paid[2],
            operator_fee_cut: f.cut,
            incentive_fee: f.paid[3],
            incentive_deferred: f.incentive_deferred,
            distributions,
            hurdle_due: d.hurdle_due,
            hurdle_carried: d.hurdle_carried,
            originator_support: d.support,
            units: classes.iter().map(|c| c.units).sum(),
            nav_per_unit: 0.0,
        });
    }
}
