//! Holding-type deals (持有型不动产ABS): operating asset → project company (tax, thin
//! capitalisation, dividend limit, trapped cash) → plan (fees, incentives, performance
//! guarantee, tilted distribution) → unit classes, with exits, expansion and NAV.
//! Every ledger amount is `Decimal` to the fen; each date conserves money at both levels.

use super::schedule::Schedule;
use crate::model::*;
use crate::money::{dec, fen, to_f64};
use crate::results::*;
use crate::time::add_months;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

/// The unit classes, in `securities` order.
pub const MARKET: usize = 0;
pub const ORIGINATOR: usize = 1;
pub const EXPANSION: usize = 2;

fn year_start(closing: NaiveDate, y: u32) -> NaiveDate {
    add_months(closing, 12 * y).unwrap_or(closing)
}

/// Whole operating years from closing to `d`.
fn operating_year(closing: NaiveDate, d: NaiveDate) -> u32 {
    let mut y = 0;
    while y < 1000 && year_start(closing, y + 1) <= d {
        y += 1;
    }
    y
}

/// Amounts of one operating asset for one period.
#[derive(Default, Clone, Copy)]
struct Operations {
    revenue: Decimal,
    opex: Decimal,
    capex: Decimal,
}

impl Operations {
    fn noi(&self) -> Decimal {
        self.revenue - self.opex
    }
}

/// Annual revenue of operating year `y` (0-based) at the scenario's growth and occupancy.
fn annual_revenue(a: &OperatingAsset, y: u32, sc: &Scenario) -> f64 {
    let base = match a.revenue_schedule.get(y as usize) {
        Some(r) => to_f64(*r),
        None => to_f64(a.base_revenue) * (1.0 + sc.revenue_growth).powi(y as i32),
    };
    base * sc.occupancy
}

fn asset_end(a: &OperatingAsset) -> Option<NaiveDate> {
    match a.right {
        AssetRight::Concession { expiry } => Some(expiry),
        AssetRight::Property { .. } => None,
    }
}

/// Period amounts: the operating year's amounts × days in the period / days in that year
/// (the year of the period's start), a concession earning only up to its expiry.
fn operations(
    a: &OperatingAsset,
    closing: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    sc: &Scenario,
) -> Operations {
    let to = asset_end(a).map_or(to, |e| to.min(e));
    if to <= from {
        return Operations::default();
    }
    let y = operating_year(closing, from);
    let year_days = (year_start(closing, y + 1) - year_start(closing, y))
        .num_days()
        .max(1);
    let frac = Decimal::from((to - from).num_days()) / Decimal::from(year_days);
    let revenue = fen(dec(annual_revenue(a, y, sc)) * frac);
    let opex = fen(revenue * dec(a.opex_ratio) + a.fixed_opex * frac);
    let capex = fen(revenue * dec(a.capex_ratio));
    Operations {
        revenue,
        opex,
        capex,
    }
}

/// Annual NOI − capex of operating year `y`, for exit valuations.
fn annual_cash(a: &OperatingAsset, y: u32, sc: &Scenario) -> f64 {
    let r = annual_revenue(a, y, sc);
    r - r * a.opex_ratio - to_f64(a.fixed_opex) - r * a.capex_ratio
}

fn annual_noi(a: &OperatingAsset, y: u32, sc: &Scenario) -> f64 {
    let r = annual_revenue(a, y, sc);
    r - r * a.opex_ratio - to_f64(a.fixed_opex)
}

/// Years of operation left after operating year `y` (concession), or `None` (property).
fn years_left(a: &OperatingAsset, closing: NaiveDate, y: u32) -> Option<u32> {
    asset_end(a).map(|e| operating_year(closing, e).saturating_sub(y))
}

/// Gross value of the asset at an exit in operating year `y` (before selling costs).
fn exit_value(a: &OperatingAsset, closing: NaiveDate, y: u32, sc: &Scenario, exit: &Exit) -> f64 {
    // A concession is valued on its remaining years, a property in perpetuity at the rate.
    let income_value = |rate: f64, cash: &dyn Fn(u32) -> f64| -> f64 {
        if rate <= 0.0 {
            return 0.0;
        }
        match years_left(a, closing, y) {
            Some(n) => (1..=n)
                .map(|i| cash(y + i) / (1.0 + rate).powi(i as i32))
                .sum(),
            None => cash(y + 1) / rate,
        }
    };
    let noi = |yy: u32| annual_noi(a, yy, sc);
    let cash = |yy: u32| annual_cash(a, yy, sc);
    match exit {
        Exit::Sale {
            cap_rate, costs, ..
        } => income_value(*cap_rate, &noi) * (1.0 - costs),
        Exit::RightOfFirstPurchase { discount_rate, .. } => income_value(*discount_rate, &cash),
        Exit::ReitConversion {
            distribution_yield, ..
        } => income_value(*distribution_yield, &cash),
        Exit::OpenPeriod { .. } | Exit::HoldToEnd => match (asset_end(a), sc.exit_cap_rate) {
            (None, Some(cap)) => income_value(cap, &noi),
            _ => 0.0,
        },
    }
}

/// Linear interpolation on the CDB key-tenor curve, flat beyond its ends.
pub fn curve_yield(curve: &[(f64, f64)], tenor: f64) -> f64 {
    let Some(first) = curve.first() else {
        return 0.0;
    };
    if tenor <= first.0 {
        return first.1;
    }
    for w in curve.windows(2) {
        let ((t0, y0), (t1, y1)) = (w[0], w[1]);
        if tenor <= t1 {
            return if t1 > t0 {
                y0 + (y1 - y0) * (tenor - t0) / (t1 - t0)
            } else {
                y1
            };
        }
    }
    curve.last().map_or(0.0, |c| c.1)
}

/// How the deal's plan cash is raised at closing (and at an expansion).
struct Capital {
    price: Decimal,
    bank: Decimal,
    plan_cash: Decimal,
    plan_equity: Decimal,
    loan: Decimal,
    registered: Decimal,
}

fn capital(spv: &DoubleSpv, price: Decimal) -> Capital {
    let bank = spv
        .bank_debt
        .as_ref()
        .map_or(ZERO, |b| fen(price * dec(b.ltv)));
    let (er, share) = (spv.equity_ratio, spv.plan_equity_share);
    // P − bank = plan equity / share + loan, with plan equity = er × plan cash.
    let denom = er / share + 1.0 - er;
    let plan_cash = fen((price - bank) / dec(denom));
    let plan_equity = fen(plan_cash * dec(er));
    let loan = plan_cash - plan_equity;
    // The originator's equity takes the rounding so price = equity + loan + bank exactly.
    let registered = price - bank - loan;
    Capital {
        price,
        bank,
        plan_cash,
        plan_equity,
        loan,
        registered,
    }
}

pub fn run_holding(deal: &Deal, h: &Holding, sc: &Scenario) -> DealResults {
    let schedule = Schedule::new(deal);
    let base = simulate(deal, h, sc, &schedule, None);
    match &h.expansion {
        // Expansion units are priced at the NAV per unit the deal had without the expansion.
        Some(x) => {
            let k = schedule.dates.iter().position(|d| *d >= x.date);
            let nav = k.and_then(|k| {
                base.plan
                    .as_ref()
                    .and_then(|p| p.periods.get(k))
                    .map(|p| p.nav_per_unit)
            });
            match (k, nav) {
                (Some(k), Some(nav)) if nav > 0.0 => {
                    simulate(deal, h, sc, &schedule, Some((k, nav)))
                }
                _ => base,
            }
        }
        None => base,
    }
}

#[allow(clippy::too_many_lines)]
fn simulate(
    deal: &Deal,
    h: &Holding,
    sc: &Scenario,
    schedule: &Schedule,
    expansion: Option<(usize, f64)>,
) -> DealResults {
    let closing = deal.closing_date;
    let n = schedule.len();
    let exit = sc.exit.clone().unwrap_or(Exit::HoldToEnd);
    // The last date: the exit, the concession's expiry, or the legal final date.
    let hold_end = {
        let limit = asset_end(&h.asset).unwrap_or(deal.legal_final_date);
        schedule
            .dates
            .iter()
            .rposition(|d| *d <= limit)
            .unwrap_or(0)
    };
    let year_index = |y: u32| {
        schedule
            .dates
            .iter()
            .position(|d| *d >= year_start(closing, y))
    };
    let (end, open) = match &exit {
        Exit::Sale { year, .. }
        | Exit::RightOfFirstPurchase { year, .. }
        | Exit::ReitConversion { year, .. } => {
            (year_index(*year).unwrap_or(hold_end).min(hold_end), None)
        }
        Exit::OpenPeriod { year, share } => (hold_end, year_index(*year).map(|k| (k, *share))),
        Exit::HoldToEnd => (hold_end, None),
    };
    let end = end.min(n.saturating_sub(1));
    let spv = &h.spv;
    let cap = capital(spv, fen(spv.total_investment));
    let face = if h.plan.unit_face > ZERO {
        h.plan.unit_face
    } else {
        Decimal::from(100)
    };
    let units_total = to_f64(cap.plan_cash / face);
    let mut units = [
        units_total * (1.0 - h.plan.originator_unit_share),
        units_total * h.plan.originator_unit_share,
        0.0,
    ];
    let mut paid_in = [
        fen(cap.plan_cash * dec(1.0 - h.plan.originator_unit_share)),
        ZERO,
        ZERO,
    ];
    paid_in[ORIGINATOR] = cap.plan_cash - paid_in[MARKET];
    let mut capital_left = paid_in;

    // Project company state.
    let mut registered = cap.registered;
    let mut plan_equity = cap.plan_equity;
    let mut loan = cap.loan;
    let mut bank = cap.bank;
    let mut book = cap.price;
    let life_end = match h.asset.right {
        AssetRight::Concession { expiry } => expiry,
        AssetRight::Property { useful_life_years } => year_start(closing, useful_life_years),
    };
    let mut second: Option<(&OperatingAsset, NaiveDate)> = None;
    let mut carried = ZERO;
    let mut interest_unpaid = ZERO;
    let mut tax_unpaid = ZERO;
    let mut losses: Vec<(i32, Decimal)> = Vec::new();
    let mut retained_earnings = ZERO;
    let mut reserve = ZERO;
    let mut sched_unpaid = ZERO;
    // Plan state.
    let mut plan_carried = ZERO;
    let mut fee_unpaid = ZERO;
    let mut hurdle_unpaid = [ZERO; 3];
    let mut deferred = ZERO;
    let mut guarantee_total = ZERO;
    let mut guarantee_year: (u32, Decimal) = (u32::MAX, ZERO);
    let mut totals = (ZERO, ZERO, ZERO); // fees, incentive, guarantee
    let mut exit_value_paid = ZERO;

    let mut pc_periods = Vec::new();
    let mut plan_periods = Vec::new();
    let mut periods = Vec::new();
    let mut investor_extra: Vec<(usize, NaiveDate, f64)> = Vec::new();
    let bank_n = spv
        .bank_debt
        .as_ref()
        .map_or(1, |b| b.amortisation_periods.max(1));

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
        let year_days = (year_start(closing, y + 1) - year_start(closing, y))
            .num_days()
            .max(1);
        let year_frac = Decimal::from(days) / Decimal::from(year_days);

        // Expansion: the project company buys a second asset, paid by new units at NAV.
        if let (Some((xk, nav)), Some(x)) = (expansion, &h.expansion)
            && k == xk
        {
            let c = capital(spv, fen(x.price));
            let new_units = to_f64(c.plan_cash) / nav;
            units[EXPANSION] = new_units;
            paid_in[EXPANSION] = c.plan_cash;
            capital_left[EXPANSION] = c.plan_cash;
            registered += c.registered;
            plan_equity += c.plan_equity;
            loan += c.loan;
            bank += c.bank;
            book += c.price;
            second = Some((&x.asset, from));
        }

        let mut ops = operations(&h.asset, closing, from, date, sc);
        if let Some((a, since)) = second {
            let o2 = operations(a, since, from, date, sc);
            ops = Operations {
                revenue: ops.revenue + o2.revenue,
                opex: ops.opex + o2.opex,
                capex: ops.capex + o2.capex,
            };
        }
        let noi = ops.noi();

        // Depreciation: straight line on days over the remaining life, the rest at its end.
        let life_days = (life_end - from).num_days();
        let depreciation = if life_days <= days || is_exit && life_days <= 0 {
            book.max(ZERO)
        } else if life_days > 0 {
            fen(book * Decimal::from(days) / Decimal::from(life_days)).min(book)
        } else {
            ZERO
        };
        book -= depreciation;

        let sale = if is_exit {
            let mut v = exit_value(&h.asset, closing, y, sc, &exit);
            if let Some((a, _)) = second {
                v += exit_value(a, closing, y, sc, &exit);
            }
            fen(dec(v.max(0.0)))
        } else {
            ZERO
        };
        let gain = if is_exit { sale - book } else { ZERO };
        if is_exit {
            book = ZERO;
        }

        let bank_rate = spv.bank_debt.as_ref().map_or(0.0, |b| b.rate);
        let bank_interest_due =
            fen(bank * dec(bank_rate) * Decimal::from(days) / Decimal::from(365));
        let bank_principal_due = if is_exit || k + 1 >= bank_n as usize {
            bank
        } else {
            fen(cap.bank / Decimal::from(bank_n)).min(bank)
        };
        let accrued = fen(loan * dec(spv.loan_rate) * Decimal::from(days) / Decimal::from(365));
        let deductible = fen(loan.min(registered * Decimal::from(2))
            * dec(spv.loan_rate)
            * Decimal::from(days)
            / Decimal::from(365));

        // Tax: 25% of taxable income after losses of the last five years, oldest first.
        let taxable = noi - bank_interest_due - deductible - depreciation + gain;
        let year = date.year();
        losses.retain(|(ly, _)| *ly >= year - 5);
        let mut losses_used = ZERO;
        let mut base = taxable;
        if taxable < ZERO {
            match losses.iter_mut().find(|(ly, _)| *ly == year) {
                Some((_, l)) => *l += -taxable,
                None => losses.push((year, -taxable)),
            }
            base = ZERO;
        } else {
            for (_, l) in losses.iter_mut() {
                let used = (*l).min(base);
                *l -= used;
                base -= used;
                losses_used += used;
            }
            losses.retain(|(_, l)| *l > ZERO);
        }
        let tax_now = fen(base * dec(spv.tax_rate));
        let net_profit = noi - bank_interest_due - accrued - depreciation + gain - tax_now;

        // Cash, paid in order: capex, bank interest and principal, loan interest, tax, loan
        // principal, dividends; what is left is trapped.
        let carried_in = carried;
        let available = noi + carried_in + sale;
        let mut funds = available;
        let mut pay = |due: Decimal| {
            let p = due.min(funds.max(ZERO)).max(ZERO);
            funds -= p;
            p
        };
        let capex = pay(ops.capex);
        let bank_interest = pay(bank_interest_due);
        let bank_principal = pay(bank_principal_due);
        bank -= bank_principal;
        let interest_due = accrued + interest_unpaid;
        let loan_interest = pay(interest_due);
        interest_unpaid = interest_due - loan_interest;
        let tax_due = tax_now + tax_unpaid;
        let tax = pay(tax_due);
        tax_unpaid = tax_due - tax;
        let principal_due = if is_exit {
            loan
        } else {
            match &spv.loan_repayment {
                LoanRepayment::Sweep => loan,
                LoanRepayment::Schedule(v) => {
                    (v.get(k).copied().unwrap_or(ZERO) + sched_unpaid).min(loan)
                }
            }
        };
        let loan_principal = pay(principal_due);
        if let LoanRepayment::Schedule(_) = spv.loan_repayment {
            sched_unpaid = principal_due - loan_principal;
        }
        loan -= loan_principal;
        // Dividends: out of accumulated distributable profit after the statutory reserve
        // (10% of profit after prior deficits, up to 50% of registered capital); at the exit
        // everything left is paid out (liquidation).
        let reserve_room = (registered * Decimal::new(5, 1) - reserve).max(ZERO);
        let make_up = net_profit + retained_earnings.min(ZERO);
        let reserve_add = if make_up > ZERO {
            fen(make_up * Decimal::new(1, 1)).min(reserve_room)
        } else {
            ZERO
        };
        reserve += reserve_add;
        let distributable = (retained_earnings + net_profit - reserve_add).max(ZERO);
        let dividends = pay(if is_exit { Decimal::MAX } else { distributable });
        retained_earnings += net_profit - reserve_add - dividends;
        carried = funds;
        let pc_paid = capex
            + bank_interest
            + bank_principal
            + loan_interest
            + tax
            + loan_principal
            + dividends;
        let debt_service = bank_interest_due + bank_principal_due;
        let value = to_f64(cap.price);
        pc_periods.push(ProjectCompanyPeriod {
            date,
            revenue: ops.revenue,
            opex: ops.opex,
            noi,
            capex: ops.capex,
            sale_proceeds: sale,
            bank_interest,
            bank_principal,
            shareholder_loan_interest: loan_interest,
            deductible_interest: deductible,
            shareholder_loan_principal: loan_principal,
            depreciation,
            taxable_income: taxable,
            losses_used,
            tax,
            net_profit,
            statutory_reserve: reserve_add,
            dividends,
            trapped_cash: carried,
            shareholder_loan_balance: loan,
            bank_balance: bank,
            dscr: (debt_service > ZERO).then(|| to_f64(noi - ops.capex) / to_f64(debt_service)),
            ltv: if value > 0.0 {
                to_f64(bank) / value
            } else {
                0.0
            },
            available,
            paid: pc_paid,
            retained: carried,
        });

        // Plan level.
        let share = if registered > ZERO {
            plan_equity / registered
        } else {
            ZERO
        };
        let from_pc = loan_interest + loan_principal + fen(dividends * share);
        let days_frac = |annual: Decimal| fen(annual * year_frac);
        let guarantee = match &h.performance_guarantee {
            Some(g) => {
                if guarantee_year.0 != y {
                    guarantee_year = (y, ZERO);
                }
                let mut p = (days_frac(g.target_noi) - noi).max(ZERO);
                if let Some(c) = g.cap_per_year {
                    p = p.min((c - guarantee_year.1).max(ZERO));
                }
                if let Some(c) = g.cap_total {
                    p = p.min((c - guarantee_total).max(ZERO));
                }
                guarantee_year.1 += p;
                guarantee_total += p;
                p
            }
            None => ZERO,
        };
        let plan_available = from_pc + guarantee + plan_carried;
        let mut funds = plan_available;
        let mut pay = |due: Decimal| {
            let p = due.min(funds).max(ZERO);
            funds -= p;
            p
        };
        let accrue =
            |rate: f64| fen(cap.plan_cash * dec(rate) * Decimal::from(days) / Decimal::from(365));
        let manager_due = accrue(h.plan.manager_fee_rate) + fee_unpaid;
        let manager = pay(manager_due);
        fee_unpaid = manager_due - manager;
        let custodian = pay(accrue(h.plan.custodian_fee_rate));
        let base_fee = fen(ops.revenue * dec(h.plan.operator_base_fee_rate));
        let (mut cut, mut incentive_earned, mut below_floor) = (ZERO, ZERO, false);
        if let Some(inc) = &h.incentive {
            let (floor, expected) = (days_frac(inc.floor_noi), days_frac(inc.expected_noi));
            if noi < floor && floor > ZERO {
                below_floor = true;
                let frac = (to_f64(floor - noi) / to_f64(floor) * inc.cut_multiple)
                    .min(inc.max_cut)
                    .max(0.0);
                cut = fen(base_fee * dec(frac));
            }
            if noi > expected && expected > ZERO {
                incentive_earned = incentive_fee(inc, noi - expected, expected, year_frac);
            }
        }
        let operator = pay(base_fee - cut);
        let deferred_now = h
            .incentive
            .as_ref()
            .map_or(ZERO, |i| fen(incentive_earned * dec(i.deferred_share)));
        deferred += deferred_now;
        let mut incentive = pay(incentive_earned - deferred_now);
        if is_exit {
            let d = std::mem::take(&mut deferred);
            incentive += pay(d);
        }
        let fees_paid = manager + custodian + operator + incentive;
        totals.0 += fees_paid;
        totals.1 += incentive;
        totals.2 += guarantee;

        // Distributions to the unit classes.
        let distributable = funds;
        let tilt = h.tilted.as_ref();
        let subordinate = below_floor
            && h.incentive
                .as_ref()
                .is_some_and(|i| i.originator_subordination);
        let mut income = [ZERO; 3];
        let mut capital_back = [ZERO; 3];
        let mut left = distributable;
        let groups: [&[usize]; 2] = [&[MARKET, EXPANSION], &[ORIGINATOR]];
        if subordinate {
            // The originator gives up this date's distribution to the market units.
            for (c, v) in split(left, &[MARKET, EXPANSION], &units) {
                income[c] += v;
            }
            left = ZERO;
        } else if let Some(t) = tilt {
            let rates = [
                if is_exit {
                    t.disposal_hurdle
                } else {
                    t.market_hurdle
                },
                t.originator_hurdle,
            ];
            for (g, classes) in groups.iter().enumerate() {
                for &c in *classes {
                    let due =
                        fen(capital_left[c] * dec(rates[g]) * Decimal::from(days)
                            / Decimal::from(365))
                            + hurdle_unpaid[c];
                    let p = due.min(left);
                    left -= p;
                    income[c] += p;
                    hurdle_unpaid[c] = due - p;
                }
            }
            if is_exit {
                for classes in groups {
                    for &c in classes {
                        let p = capital_left[c].min(left);
                        left -= p;
                        capital_back[c] += p;
                    }
                }
            }
        }
        if is_exit && tilt.is_none() {
            // Pro rata, capital first in each class's share.
            for (c, v) in split(left, &[MARKET, ORIGINATOR, EXPANSION], &units) {
                let p = v.min(capital_left[c]);
                capital_back[c] += p;
                income[c] += v - p;
            }
            left = ZERO;
        }
        for (c, v) in split(left, &[MARKET, ORIGINATOR, EXPANSION], &units) {
            income[c] += v;
        }
        let distributions: Decimal = income.iter().chain(&capital_back).sum();
        plan_carried = distributable - distributions;
        let mut tranches = Vec::new();
        for c in 0..3 {
            let opening = capital_left[c];
            capital_left[c] -= capital_back[c];
            tranches.push(TranchePeriod {
                id: CLASS_IDS[c].into(),
                opening_balance: opening,
                principal_paid: capital_back[c],
                residual_paid: income[c],
                closing_balance: capital_left[c],
                ..Default::default()
            });
        }
        if is_exit {
            exit_value_paid = sale;
        }
        // Open period: a share of the market units is sold to the originator at NAV (filled
        // in after the NAV path is known).
        if let Some((ok, s)) = open
            && ok == k
        {
            investor_extra.push((k, date, s));
        }
        let fee = |id: &str, paid: Decimal| FeePeriod {
            id: id.into(),
            due: paid,
            paid,
            shortfall: ZERO,
        };
        periods.push(PeriodResult {
            period: k + 1,
            date,
            accrual_days: days,
            available: plan_available,
            paid: fees_paid + distributions,
            retained: plan_carried,
            pool: PoolPeriod::default(),
            collections: from_pc + guarantee,
            carried_in: plan_available - from_pc - guarantee,
            carried_out: plan_carried,
            principal_account_release: ZERO,
            fees: vec![
                fee("manager", manager),
                fee("custodian", custodian),
                fee("operator", operator),
                fee("incentive", incentive),
            ],
            tranches,
            reserve: ReservePeriod::default(),
            enhancement_draws: Vec::new(),
            excess_spread: ZERO,
            trigger_breached: below_floor,
            oc_ratio: None,
        });
        plan_periods.push(PlanPeriod {
            date,
            from_project_company: from_pc,
            guarantee_payment: guarantee,
            manager_fee: manager,
            custodian_fee: custodian,
            operator_base_fee: operator,
            operator_fee_cut: cut,
            incentive_fee: incentive,
            incentive_deferred: deferred_now,
            distributions,
            nav_per_unit: 0.0,
        });
    }

    // NAV per unit after each date: remaining distributions discounted at the CDB yield of
    // the remaining tenor + spread, per unit outstanding.
    let units_now = |k: usize| {
        let expansion_on = expansion.is_some_and(|(xk, _)| k >= xk);
        units[MARKET] + units[ORIGINATOR] + if expansion_on { units[EXPANSION] } else { 0.0 }
    };
    let last_date = periods.last().map_or(closing, |p| p.date);
    for k in 0..plan_periods.len() {
        let d0 = plan_periods[k].date;
        let tenor = (last_date - d0).num_days() as f64 / 365.0;
        let y = curve_yield(&h.valuation.cdb_curve, tenor) + h.valuation.spread;
        let pv: f64 = plan_periods[k + 1..]
            .iter()
            .map(|p| {
                to_f64(p.distributions) / (1.0 + y).powf((p.date - d0).num_days() as f64 / 365.0)
            })
            .sum();
        let u = units_now(k);
        plan_periods[k].nav_per_unit = if u > 0.0 { pv / u } else { 0.0 };
    }

    let securities = unit_metrics(
        deal,
        &periods,
        &paid_in,
        &units,
        &investor_extra,
        &plan_periods,
        expansion,
    );
    let total_tax = pc_periods.iter().map(|p| p.tax).sum();
    let min_dscr = pc_periods
        .iter()
        .filter_map(|p| p.dscr)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))));
    DealResults {
        deal: deal.name.clone(),
        scenario: sc.name.clone(),
        currency: deal.currency.clone(),
        closing_date: closing,
        securities,
        pool: PoolMetrics::default(),
        enhancements: Vec::new(),
        periods,
        warnings: Vec::new(),
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
            periods: pc_periods,
        }),
        plan: Some(PlanResults {
            paid_in: cap.plan_cash,
            units: units_total,
            total_fees: totals.0,
            total_incentive_fee: totals.1,
            total_guarantee_payments: totals.2,
            exit_value: exit_value_paid,
            exit: exit_name(&exit).into(),
            periods: plan_periods,
        }),
    }
}

pub const CLASS_IDS: [&str; 3] = ["market", "originator", "expansion"];
const CLASS_NAMES: [&str; 3] = [
    "市场化份额 Market units",
    "原始权益人自持份额 Originator units",
    "扩募份额 Expansion units",
];

fn exit_name(e: &Exit) -> &'static str {
    match e {
        Exit::Sale { .. } => "Sale",
        Exit::RightOfFirstPurchase { .. } => "RightOfFirstPurchase",
        Exit::ReitConversion { .. } => "ReitConversion",
        Exit::OpenPeriod { .. } => "OpenPeriod",
        Exit::HoldToEnd => "HoldToEnd",
    }
}

/// Incentive fee on `excess` over the expected value: tiers are bands of the excess measured
/// as fractions of the expected value; the annual cap is prorated to the period.
pub fn incentive_fee(
    inc: &Incentive,
    excess: Decimal,
    expected: Decimal,
    year_frac: Decimal,
) -> Decimal {
    let mut fee = ZERO;
    for (i, t) in inc.tiers.iter().enumerate() {
        let lo = expected * dec(t.from);
        let hi = inc.tiers.get(i + 1).map(|n| expected * dec(n.from));
        let band = match hi {
            Some(hi) => excess.min(hi) - lo,
            None => excess - lo,
        };
        if band > ZERO {
            fee += band * dec(t.share);
        }
    }
    let fee = fen(fee);
    match inc.cap {
        Some(c) => fee.min(fen(c * year_frac)),
        None => fee,
    }
}

/// Split `amount` over `classes` in proportion to their units; the rounding difference goes to
/// the first class with units.
fn split(amount: Decimal, classes: &[usize], units: &[f64; 3]) -> Vec<(usize, Decimal)> {
    let total: f64 = classes.iter().map(|&c| units[c]).sum();
    if amount <= ZERO || total <= 0.0 {
        return Vec::new();
    }
    let mut out: Vec<(usize, Decimal)> = classes
        .iter()
        .filter(|&&c| units[c] > 0.0)
        .map(|&c| (c, fen(amount * dec(units[c] / total))))
        .collect();
    let diff = amount - out.iter().map(|x| x.1).sum::<Decimal>();
    if let Some(first) = out.first_mut() {
        first.1 += diff;
    }
    out
}

fn unit_metrics(
    deal: &Deal,
    periods: &[PeriodResult],
    paid_in: &[Decimal; 3],
    units: &[f64; 3],
    open: &[(usize, NaiveDate, f64)],
    plan: &[PlanPeriod],
    expansion: Option<(usize, f64)>,
) -> Vec<SecurityMetrics> {
    let closing = deal.closing_date;
    let classes = if expansion.is_some() { 3 } else { 2 };
    (0..classes)
        .map(|c| {
            let start = match (c, expansion) {
                (EXPANSION, Some((xk, _))) => periods.get(xk).map_or(closing, |p| p.date),
                _ => closing,
            };
            let mut flows = vec![(start, -to_f64(paid_in[c]))];
            let (mut income, mut principal) = (ZERO, ZERO);
            let mut by_year: Vec<Decimal> = Vec::new();
            for p in periods {
                let t = &p.tranches[c];
                let cash = t.principal_paid + t.residual_paid;
                income += t.residual_paid;
                principal += t.principal_paid;
                if cash != ZERO {
                    flows.push((p.date, to_f64(cash)));
                }
                let y = operating_year(start, p.date.pred_opt().unwrap_or(p.date)) as usize;
                if by_year.len() <= y {
                    by_year.resize(y + 1, ZERO);
                }
                by_year[y] += t.residual_paid;
            }
            // Open period: market units sold to the originator at the NAV per unit.
            for &(k, date, share) in open {
                let nav = plan.get(k).map_or(0.0, |p| p.nav_per_unit);
                let amount = share * units[MARKET] * nav;
                match c {
                    MARKET => flows.push((date, amount)),
                    ORIGINATOR => flows.push((date, -amount)),
                    _ => {}
                }
            }
            let base = to_f64(paid_in[c]);
            let rates: Vec<YearRate> = by_year
                .iter()
                .enumerate()
                .map(|(y, d)| YearRate {
                    year: y as u32 + 1,
                    rate: if base > 0.0 { to_f64(*d) / base } else { 0.0 },
                })
                .collect();
            // The average over full operating years (the last, partial year is left out).
            let full = &rates[..rates.len().saturating_sub(1).max(1).min(rates.len())];
            let avg = (!full.is_empty())
                .then(|| full.iter().map(|r| r.rate).sum::<f64>() / full.len() as f64);
            let received: f64 = flows.iter().skip(1).map(|f| f.1).sum();
            SecurityMetrics {
                id: CLASS_IDS[c].into(),
                name: CLASS_NAMES[c].into(),
                holder: if c == ORIGINATOR {
                    "Originator"
                } else {
                    "Market"
                }
                .into(),
                rating: None,
                size: paid_in[c],
                coupon: 0.0,
                irr: crate::metrics::xirr(&flows),
                wal: None,
                macaulay_duration: None,
                modified_duration: None,
                principal_window: None,
                expected_maturity: periods.last().map_or(closing, |p| p.date),
                legal_maturity: deal.legal_final_date,
                total_interest: ZERO,
                total_principal: principal,
                total_residual: income,
                // For units: paid-in capital not recovered by all distributions together.
                principal_loss: (paid_in[c] - principal - income).max(ZERO),
                interest_shortfall: ZERO,
                enhancement_draws: ZERO,
                interest_paid_in_full: true,
                multiple: (base > 0.0).then(|| received / base),
                distribution_rate: avg,
                distribution_rates: rates,
            }
        })
        .collect()
}
