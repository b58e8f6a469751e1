//! Holding-type deals (持有型不动产ABS), in the stages of the method: the operating asset
//! (`operations`) → the project company (`company`: tax, loans, dividends, trapped cash) →
//! the plan (`fees`: guarantee, fees, incentive; `distribution`: unit classes) → exits and
//! valuation (`valuation`, `metrics`). Every ledger amount is `Decimal` to the fen; each date
//! conserves money at the project company and at the plan, arrears included.

mod capital;
mod company;
mod distribution;
mod fees;
mod metrics;
mod operations;
mod valuation;

pub use capital::{Capital, capital};
pub use fees::{FEE_IDS, incentive_fee};
pub use valuation::curve_yield;

use super::schedule::Schedule;
use crate::model::*;
use crate::money::{dec, fen, to_f64};
use crate::results::*;
use chrono::NaiveDate;
use company::{Company, Ending, PeriodIn, Sale};
use distribution::{Class, DistIn, Rank, distribute};
use fees::{FeesIn, PlanFees};
use metrics::{Transfer, class_metrics};
use operations::*;
use rust_decimal::{Decimal, RoundingStrategy};
use std::sync::Arc;

const ZERO: Decimal = Decimal::ZERO;

/// The ids of the unit classes a deal can have (open-period buyers only when the deal has
/// open periods), in results order.
pub fn unit_class_ids(h: &Holding) -> Vec<String> {
    let mut ids = vec!["market".to_string(), "originator".to_string()];
    for r in 0..rounds(h).len() {
        ids.push(expansion_id(r));
    }
    ids
}

fn expansion_id(r: usize) -> String {
    if r == 0 {
        "expansion".into()
    } else {
        format!("expansion-{}", r + 1)
    }
}

/// The expansion rounds in date order.
fn rounds(h: &Holding) -> Vec<&Expansion> {
    let mut v: Vec<&Expansion> = h.expansion.iter().chain(&h.expansions).collect();
    v.sort_by_key(|x| x.date);
    v
}

fn whole(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::ToZero)
}

pub fn run_holding(deal: &Deal, h: &Holding, sc: &Scenario) -> DealResults {
    let schedule = Schedule::new(deal);
    let face = if h.plan.unit_face >= Decimal::new(1, 2) {
        fen(h.plan.unit_face)
    } else {
        Decimal::ONE_HUNDRED
    };
    let rounds = rounds(h);
    let mut warnings = Vec::new();
    // Run without expansions, then add the rounds one at a time, each priced at the NAV per
    // unit of the run without it on the last date before its issue.
    let mut sim = simulate(deal, h, sc, &schedule, face, &[]);
    let calibrated = sim.issue_spread(h, face);
    let spread = match (h.valuation.calibrate_spread, calibrated) {
        (true, Some(s)) => s,
        (true, None) => {
            warnings.push(warn(
                "W-SPREAD",
                "holding.valuation.spread",
                "no spread prices the units at their face; the deal's spread is used",
            ));
            h.valuation.spread
        }
        _ => h.valuation.spread,
    };
    let mut nav = sim.nav_path(h, spread);
    let mut priced: Vec<(&Expansion, Decimal)> = Vec::new();
    for (r, x) in rounds.iter().enumerate() {
        let k = schedule.dates.iter().position(|d| *d >= x.date);
        let before = k.and_then(|k| k.checked_sub(1));
        let price = match before {
            Some(b) => nav.get(b).copied(),
            None => sim.nav_at_issue(h, spread),
        }
        .map(|v| fen(dec(v)))
        .filter(|p| *p > ZERO);
        let Some(price) = price.filter(|_| k.is_some_and(|k| k <= sim.end)) else {
            warnings.push(warn("W-EXPANSION", format!("holding.expansions[{r}]"), "the expansion falls after the deal's end or has no NAV to price its units: left out"));
            continue;
        };
        priced.push((x, price));
        let next = simulate(deal, h, sc, &schedule, face, &priced);
        let next_nav = next.nav_path(h, spread);
        // Before this round's date the NAV is the one without it.
        let k = k.unwrap_or(0);
        nav = nav[..k.min(nav.len())]
            .iter()
            .chain(&next_nav[k.min(next_nav.len())..])
            .copied()
            .collect();
        sim = next;
    }
    sim.finish(deal, h, sc, nav, spread, calibrated, warnings)
}

fn warn(code: &str, path: impl Into<String>, message: &str) -> Warning {
    Warning {
        code: code.into(),
        message: format!("{}: {message}", path.into()),
    }
}

/// One run of the ledger.
struct Sim {
    end: usize,
    capital: Capital,
    classes: Vec<Class>,
    /// Index of the date on which each class's units were issued (0: at closing).
    issued: Vec<usize>,
    units_at_issue: Vec<Decimal>,
    issue_paid_in: Vec<Option<Decimal>>,
    paid_in_at: Vec<Vec<Decimal>>,
    units_after: Vec<Vec<Decimal>>,
    transfers: Vec<Transfer>,
    periods: Vec<PeriodResult>,
    pc: Vec<ProjectCompanyPeriod>,
    plan: Vec<PlanPeriod>,
    company: Company,
    ending: Ending,
    exit_value: Decimal,
    exit_name: &'static str,
    unpaid_fees: Decimal,
    unpaid_hurdle: Decimal,
    engine_warnings: Vec<Warning>,
}

/// Where the deal ends and how, and the open-period windows (date index, share redeemed,
/// buyer).
struct Ends {
    end: usize,
    ending: Ending,
    exit: Exit,
    windows: Vec<(usize, f64, Buyer)>,
    warnings: Vec<Warning>,
}

fn ends(deal: &Deal, h: &Holding, sc: &Scenario, schedule: &Schedule) -> Ends {
    let closing = deal.closing_date;
    let exit = sc.exit.clone().unwrap_or(Exit::HoldToEnd);
    let mut warnings = Vec::new();
    let limit = asset_end(&h.asset)
        .unwrap_or(deal.legal_final_date)
        .min(deal.legal_final_date);
    let hold_end = schedule
        .dates
        .iter()
        .rposition(|d| *d <= limit)
        .unwrap_or(0);
    let year_index = |y: u32| {
        schedule
            .dates
            .iter()
            .position(|d| *d >= year_start(closing, y))
    };
    let at = |y: u32, warnings: &mut Vec<Warning>| match year_index(y).filter(|k| *k <= hold_end) {
        Some(k) => k,
        None => {
            warnings.push(warn(
                "W-EXIT-LATE",
                "scenarios.exit.year",
                "the exit year falls after the asset's or the deal's end: the deal ends then",
            ));
            hold_end
        }
    };
    let (end, ending) = match &exit {
        Exit::Sale { year, .. } | Exit::RightOfFirstPurchase { year, .. } => {
            (at(*year, &mut warnings), Ending::Liquidation)
        }
        Exit::ReitConversion { year, .. } => (at(*year, &mut warnings), Ending::Transfer),
        Exit::OpenPeriod { .. } | Exit::HoldToEnd => (hold_end, Ending::Liquidation),
    };
    let end = end.min(schedule.len().saturating_sub(1));
    let mut windows: Vec<(usize, f64, Buyer)> = h
        .open_periods
        .iter()
        .filter_map(|w| {
            year_index(w.year).map(|k| (k, sc.redemption_share.min(w.cap).max(0.0), w.buyer))
        })
        .collect();
    if let Exit::OpenPeriod { year, share } = &exit
        && let Some(k) = year_index(*year)
    {
        windows.push((k, share.clamp(0.0, 1.0), Buyer::Originator));
    }
    // A window on the last date has nothing left to sell into.
    windows.retain(|w| w.0 < end && w.1 > 0.0);
    windows.sort_by_key(|w| w.0);
    Ends {
        end,
        ending,
        exit,
        windows,
        warnings,
    }
}

fn buyer_class(b: Buyer, from: usize, start: NaiveDate) -> Class {
    let (id, name, holder) = match b {
        Buyer::Originator => (
            "buyer-originator",
            "开放期受让份额（原始权益人）Units bought in open periods (originator)",
            "Originator",
        ),
        Buyer::LiquiditySupport => (
            "buyer-liquidity",
            "开放期受让份额（流动性支持机构）Units bought in open periods (liquidity support)",
            "Liquidity support",
        ),
    };
    Class {
        id: id.into(),
        name: name.into(),
        holder,
        rank: Rank::Market,
        from,
        start,
        units: ZERO,
        paid_in: ZERO,
        capital: ZERO,
        hurdle_arrears: ZERO,
    }
}

#[allow(clippy::too_many_lines)]
fn simulate(
    deal: &Deal,
    h: &Holding,
    sc: &Scenario,
    schedule: &Schedule,
    face: Decimal,
    priced: &[(&Expansion, Decimal)],
) -> Sim {
    let closing = deal.closing_date;
    let spv = &h.spv;
    let Ends {
        end,
        ending,
        exit,
        windows,
        warnings: engine_warnings,
    } = ends(deal, h, sc, schedule);
    let cap = capital(spv, spv.total_investment, face);
    let mut company = Company::new();
    company.buy(&cap, closing, life_end(&h.asset, closing));

    // Unit classes: market, originator, expansion rounds, open-period buyers.
    let originator_units = (cap.units * dec(h.plan.originator_unit_share))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let class =
        |id: String, name: &str, holder, rank, from, start, units: Decimal, price: Decimal| Class {
            id,
            name: name.into(),
            holder,
            rank,
            from,
            start,
            units,
            paid_in: units * price,
            capital: units * price,
            hurdle_arrears: ZERO,
        };
    let mut classes = vec![
        class(
            "market".into(),
            "市场化份额 Market units",
            "Market",
            Rank::Market,
            0,
            closing,
            cap.units - originator_units,
            face,
        ),
        class(
            "originator".into(),
            "原始权益人自持份额 Originator units",
            "Originator",
            Rank::Originator,
            0,
            closing,
            originator_units,
            face,
        ),
    ];
    let mut issued = vec![0, 0];
    let mut expansion_at: Vec<(usize, &OperatingAsset, Capital, NaiveDate)> = Vec::new();
    for (r, (x, price)) in priced.iter().enumerate() {
        let Some(k) = schedule
            .dates
            .iter()
            .position(|d| *d >= x.date)
            .filter(|k| *k <= end)
        else {
            continue;
        };
        let c = capital(spv, x.price, *price);
        let name = if r == 0 {
            "扩募份额 Expansion units".to_string()
        } else {
            format!("扩募份额（第{}轮）Expansion units, round {}", r + 1, r + 1)
        };
        classes.push(class(
            expansion_id(r),
            &name,
            "Market",
            Rank::Market,
            k,
            x.date,
            c.units,
            *price,
        ));
        issued.push(k);
        expansion_at.push((k, &x.asset, c, x.date));
    }
    // Buyers of open-period units, known before the run: the units redeemed depend only on
    // the market class's units, which only the windows change.
    let mut plan_transfers: Vec<(usize, usize, Decimal)> = Vec::new();
    let mut market_units = classes[0].units;
    for &(k, share, buyer) in &windows {
        let units = whole(market_units * dec(share));
        if units <= ZERO {
            continue;
        }
        market_units -= units;
        let to = match classes
            .iter()
            .position(|c| c.id == buyer_class(buyer, 0, closing).id)
        {
            Some(i) => i,
            None => {
                classes.push(buyer_class(buyer, k + 1, schedule.dates[k]));
                issued.push(0);
                classes.len() - 1
            }
        };
        plan_transfers.push((k, to, units));
    }
    let units_at_issue: Vec<Decimal> = classes.iter().map(|c| c.units).collect();
    // What each class paid at issue; units bought in open periods are paid at the NAV.
    let issue_paid_in: Vec<Option<Decimal>> = classes
        .iter()
        .map(|c| (c.paid_in > ZERO).then_some(c.paid_in))
        .collect();

    let mut fees = PlanFees::default();
    let mut plan_carried = ZERO;
    let (mut paid_in_at, mut units_after) = (Vec::new(), Vec::new());
    let mut transfers = Vec::new();
    let (mut periods, mut pc, mut plan) = (Vec::new(), Vec::new(), Vec::new());
    let mut exit_value = ZERO;
    let (mut unpaid_fees, mut unpaid_hurdle) = (ZERO, ZERO);
    let fee_ids: Vec<Arc<str>> = FEE_IDS.iter().map(|s| Arc::from(*s)).collect();
    let class_ids: Vec<Arc<str>> = classes.iter().map(|c| Arc::from(c.id.as_str())).collect();

    for k in 0..=end {
        let date = schedule.dates[k];
        let from = if k == 0 {
            closing
        } else {
            schedule.dates[k - 1]
        };
        let days = (date - from).num_days();
        let is_exit = k == end;
        let y = operating_year(closing, from);
        let year_frac = Decimal::from(days) / Decimal::from(year_days(closing, y));

        for (xk, _, c, start) in &expansion_at {
            if *xk == k {
                company.buy(
                    c,
                    *start,
                    life_end(expansion_asset(&expansion_at, *xk), *start),
                );
            }
        }
        let mut assets: Vec<(&OperatingAsset, NaiveDate)> = vec![(&h.asset, closing)];
        assets.extend(expansion_at.iter().filter(|e| e.0 <= k).map(|e| (e.1, e.3)));
        let mut ops = Operations::default();
        for (a, start) in &assets {
            ops += period_operations(a, *start, from, date, sc);
        }

        // Exit values: each asset in its own operating year.
        let value = |rate: f64, on_cash: bool| -> Decimal {
            let v: f64 = assets
                .iter()
                .map(|(a, start)| {
                    let ya = operating_year(*start, from);
                    let f = |yy: u32| {
                        if on_cash {
                            annual_cash(a, yy, sc)
                        } else {
                            annual_noi(a, yy, sc)
                        }
                    };
                    income_value(a, *start, ya, rate, &f)
                })
                .sum();
            fen(dec(v.max(0.0)))
        };
        let (sale, reit_value) = if !is_exit {
            (Sale::default(), ZERO)
        } else {
            match &exit {
                Exit::Sale {
                    cap_rate, costs, ..
                } => {
                    let gross = value(*cap_rate, false);
                    (
                        Sale {
                            gross,
                            costs: fen(gross * dec(*costs)),
                        },
                        ZERO,
                    )
                }
                Exit::RightOfFirstPurchase { discount_rate, .. } => (
                    Sale {
                        gross: value(*discount_rate, true),
                        costs: ZERO,
                    },
                    ZERO,
                ),
                Exit::ReitConversion {
                    distribution_yield, ..
                } => (Sale::default(), value(*distribution_yield, true)),
                Exit::OpenPeriod { .. } | Exit::HoldToEnd => {
                    let property = matches!(h.asset.right, AssetRight::Property { .. });
                    let gross = match sc.exit_cap_rate {
                        Some(c) if property => value(c, false),
                        _ => ZERO,
                    };
                    (Sale { gross, costs: ZERO }, ZERO)
                }
            }
        };
        let pc_in = PeriodIn {
            k,
            date,
            from,
            days,
            ops,
            ending: if is_exit { ending } else { Ending::No },
            sale,
        };
        let (pcp, to_plan) = company.step(spv, &pc_in);
        // REIT conversion: the plan's loan claim and its share of the company's net assets
        // at the valuation (asset value + cash − debts) are bought by the REIT.
        let conversion = if is_exit && ending == Ending::Transfer {
            let claim = company.loan + company.loan_interest_arrears;
            let equity = reit_value + company.cash - company.other_debts() - claim;
            claim + fen(equity.max(ZERO) * company.plan_share())
        } else {
            ZERO
        };
        exit_value = if is_exit {
            sale.gross - sale.costs + reit_value
        } else {
            exit_value
        };

        // The plan.
        let fin = FeesIn {
            year: y,
            year_frac,
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
            .map_or(ZERO, |g| fees.guarantee(g, &fin));
        let from_pc = to_plan.interest + to_plan.capital + to_plan.dividends;
        let carried_in = plan_carried;
        let available = carried_in + from_pc + guarantee + conversion;
        let mut funds = available;
        let f = fees.pay(h, &fin, &mut funds);
        let support = h
            .incentive
            .as_ref()
            .filter(|i| f.below_floor && i.originator_subordination)
            .and_then(|i| {
                i.investor_return
                    .or(h.tilted.as_ref().map(|t| t.market_hurdle))
            });
        let opening: Vec<Decimal> = classes.iter().map(|c| c.capital).collect();
        paid_in_at.push(classes.iter().map(|c| c.paid_in).collect());
        let d = distribute(
            &mut classes,
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
        plan_carried = funds - distributions;
        let tranches = classes
            .iter()
            .enumerate()
            .map(|(i, c)| TranchePeriod {
                id: class_ids[i].clone(),
                opening_balance: opening[i],
                principal_paid: d.capital[i],
                residual_paid: d.income[i],
                closing_balance: c.capital,
                units: Some(c.units),
                ..Default::default()
            })
            .collect();
        // Open periods: units redeemed move to their buyer after the date's distribution.
        for &(_, to, units) in plan_transfers.iter().filter(|t| t.0 == k) {
            let (market, rest) = classes.split_at_mut(1);
            market[0].transfer(&mut rest[to - 1], units);
            transfers.push(Transfer {
                k,
                date,
                from: 0,
                to,
                units,
                price: ZERO,
            });
        }
        units_after.push(classes.iter().map(|c| c.units).collect());
        let fees_paid: Decimal = f.paid.iter().sum();
        if is_exit {
            unpaid_fees = f.carried.iter().sum();
            unpaid_hurdle = d.hurdle_carried;
        }
        periods.push(PeriodResult {
            period: k + 1,
            date,
            accrual_days: days,
            available,
            paid: fees_paid + distributions,
            retained: plan_carried,
            pool: PoolPeriod::default(),
            collections: from_pc + guarantee + conversion,
            carried_in,
            carried_out: plan_carried,
            principal_account_release: ZERO,
            fees: (0..4)
                .map(|i| FeePeriod {
                    id: fee_ids[i].clone(),
                    due: f.due[i],
                    paid: f.paid[i],
                    shortfall: f.carried[i],
                })
                .collect(),
            tranches,
            reserve: ReservePeriod::default(),
            enhancement_draws: Vec::new(),
            excess_spread: ZERO,
            trigger_breached: f.below_floor,
            oc_ratio: None,
        });
        plan.push(PlanPeriod {
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
        pc.push(pcp);
    }
    Sim {
        end,
        capital: cap,
        classes,
        issued,
        units_at_issue,
        issue_paid_in,
        paid_in_at,
        units_after,
        transfers,
        periods,
        pc,
        plan,
        company,
        ending,
        exit_value,
        exit_name: exit_name(&exit),
        unpaid_fees,
        unpaid_hurdle,
        engine_warnings,
    }
}

fn expansion_asset<'a>(
    at: &[(usize, &'a OperatingAsset, Capital, NaiveDate)],
    k: usize,
) -> &'a OperatingAsset {
    at.iter()
        .find(|e| e.0 == k)
        .map(|e| e.1)
        .expect("an expansion bought on this date")
}

pub fn exit_name(e: &Exit) -> &'static str {
    match e {
        Exit::Sale { .. } => "Sale",
        Exit::RightOfFirstPurchase { .. } => "RightOfFirstPurchase",
        Exit::ReitConversion { .. } => "ReitConversion",
        Exit::OpenPeriod { .. } => "OpenPeriod",
        Exit::HoldToEnd => "HoldToEnd",
    }
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
    fn nav_path(&self, h: &Holding, spread: f64) -> Vec<f64> {
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

    /// NAV per unit at issue: all distributions to the units issued at closing.
    fn nav_at_issue(&self, h: &Holding, spread: f64) -> Option<f64> {
        let closing = self.closing();
        let flows = self.flows_of(|c| self.issued[c] == 0, None);
        let units: Decimal = self
            .units_at_issue
            .iter()
            .zip(&self.issued)
            .filter(|(_, i)| **i == 0)
            .map(|(u, _)| *u)
            .sum();
        let pv = valuation::present_value(
            &h.valuation.cdb_curve,
            spread,
            closing,
            self.last_date(closing),
            &flows,
        );
        (units > ZERO).then(|| pv / to_f64(units))
    }

    /// The spread at which the NAV per unit at issue equals the unit face.
    fn issue_spread(&self, h: &Holding, face: Decimal) -> Option<f64> {
        let closing = self.closing();
        let flows = self.flows_of(|c| self.issued[c] == 0, None);
        let units: Decimal = self
            .units_at_issue
            .iter()
            .zip(&self.issued)
            .filter(|(_, i)| **i == 0)
            .map(|(u, _)| *u)
            .sum();
        valuation::solve_spread(
            &h.valuation.cdb_curve,
            closing,
            self.last_date(closing),
            &flows,
            to_f64(units * face),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        mut self,
        deal: &Deal,
        h: &Holding,
        sc: &Scenario,
        nav: Vec<f64>,
        spread: f64,
        calibrated: Option<f64>,
        mut warnings: Vec<Warning>,
    ) -> DealResults {
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
        let liquidated = self.ending == Ending::Liquidation;
        let c = &self.company;
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
            currency: deal.currency.clone(),
            closing_date: closing,
            securities,
            pool: PoolMetrics::default(),
            enhancements: Vec::new(),
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
                bank_unpaid_at_exit: if liquidated {
                    c.bank + c.bank_interest_arrears
                } else {
                    ZERO
                },
                shareholder_loan_unpaid_at_exit: if liquidated {
                    c.loan + c.loan_interest_arrears
                } else {
                    ZERO
                },
                tax_unpaid_at_exit: if liquidated { c.tax_arrears } else { ZERO },
                opex_unpaid_at_exit: if liquidated {
                    c.opex_arrears + c.capex_arrears
                } else {
                    ZERO
                },
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
    /// What the run shows that a structurer must not miss.
    fn warnings(&self, h: &Holding, sc: &Scenario) -> Vec<Warning> {
        let mut w = Vec::new();
        let first = |f: &dyn Fn(&ProjectCompanyPeriod) -> bool| {
            self.pc.iter().find(|p| f(p)).map(|p| p.date)
        };
        if let Some(d) =
            first(&|p| p.bank_interest_arrears > ZERO || p.bank_principal_arrears > ZERO)
        {
            w.push(warn("W-PC-DEFAULT", "holding.spv.bank_debt", &format!("the project company cannot pay its bank debt in full from {d}: the unpaid part is carried as arrears")));
        }
        if let Some(d) = first(&|p| p.opex_arrears > ZERO) {
            w.push(warn("W-PC-DEFICIT", "holding.asset", &format!("revenue and cash do not cover operating expenses from {d}: the unpaid part is carried")));
        }
        if let Some(p) = self.plan.iter().find(|p| p.fees_carried > ZERO) {
            w.push(warn(
                "W-FEE-ARREARS",
                "holding.plan",
                &format!("plan fees are carried unpaid from {}", p.date),
            ));
        }
        let c = &self.company;
        let company_unpaid = self.ending == Ending::Liquidation
            && (c.bank
                + c.bank_interest_arrears
                + c.loan
                + c.loan_interest_arrears
                + c.tax_arrears
                + c.opex_arrears
                + c.capex_arrears)
                > ZERO;
        if self.unpaid_fees > ZERO || self.unpaid_hurdle > ZERO || company_unpaid {
            w.push(warn(
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
            w.push(warn("W-TRAPPED-CASH", "holding.spv", &format!("trapped cash {} on {} exceeds {}× the annual NOI: consider capital reduction or loan repayment", p.0.trapped_cash, p.0.date, h.plan.trapped_cash_alert)));
        }
        if let Some(inc) = &h.incentive {
            let (mut easy, mut hard) = (Vec::new(), Vec::new());
            let closing = self.closing();
            for y in 0..operating_year(closing, self.last_date(closing)) {
                // The projected NOI of operating year y (its periods' booked NOI).
                let noi: Decimal = self
                    .pc
                    .iter()
                    .zip(&self.periods)
                    .filter(|(_, r)| {
                        operating_year(closing, r.date - chrono::Duration::days(r.accrual_days))
                            == y
                    })
                    .map(|(p, _)| p.noi)
                    .sum();
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
                w.push(warn("W-INCENTIVE-EASY", "holding.incentive.expected_noi", &format!("预期值 is below the projected NOI in operating years {} of scenario {}: the incentive fee is earned without outperformance", years(&easy), sc.name)));
            }
            if !hard.is_empty() {
                w.push(warn("W-FLOOR-ABOVE-NOI", "holding.incentive.floor_noi", &format!("达标值 is above the projected NOI in operating years {} of scenario {}: the base fee is cut in the projection itself", years(&hard), sc.name)));
            }
        }
        w
    }
}
