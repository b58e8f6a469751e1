//! The Decimal ledger: runs the priority of payments on every payment date.
//! Every amount is rounded to the fen where it is booked, and each date conserves money:
//! available = paid + retained.

use super::coupon;
use super::delinquency::{self, Overdue};
use super::pool::PoolLedger;
use super::schedule::Schedule;
use crate::model::{
    Allocation, Cover, Deal, FeeBasis, PrincipalAmount, PrincipalMode, ReserveTarget, Scenario,
    Step, TriggerTest, rating_rank,
};
use crate::money::{accrue, dec, fen, to_f64};
use crate::results::{
    DelinquencyPeriod, FeePeriod, PartyCash, PeriodResult, PoolPeriod, ReservePeriod, TaxPeriod,
    TranchePeriod, TriggerRatio,
};
use rust_decimal::Decimal;
use std::sync::Arc;

const ZERO: Decimal = Decimal::ZERO;

/// What the ledger leaves for the metrics besides the period table.
#[derive(Debug, Clone)]
pub struct WaterfallOutput {
    pub periods: Vec<PeriodResult>,
    pub final_balance: Vec<Decimal>,
    pub final_interest_shortfall: Vec<Decimal>,
    /// Reserve and enhancement draws made at each tranche's steps.
    pub draws_by_tranche: Vec<Decimal>,
    pub reserve_drawn: Decimal,
    pub reserve_periods_drawn: usize,
    pub enhancement_drawn: Vec<Decimal>,
    pub enhancement_periods_drawn: Vec<usize>,
    /// The payment date (0-based) on which each trigger was first breached.
    pub breached_on: Vec<Option<usize>>,
}

/// Which item of a step a draw pays for.
#[derive(Clone, Copy)]
enum Item {
    Fee,
    Interest(usize),
    /// A matured tranche's principal; `true` on the first date it is due in full.
    Principal(usize, bool),
}

fn covers(list: &[Cover], deal: &Deal, item: Item) -> bool {
    let has = |ids: &[String], t: usize| {
        ids.iter()
            .any(|id| deal.tranches.get(t).is_some_and(|x| &x.id == id))
    };
    list.iter().any(|c| match (c, item) {
        (Cover::Fees, Item::Fee) => true,
        (Cover::Interest(ids), Item::Interest(t)) => has(ids, t),
        (Cover::MaturityPrincipal(ids), Item::Principal(t, _)) => has(ids, t),
        (Cover::MaturityDatePrincipal(ids), Item::Principal(t, true)) => has(ids, t),
        _ => false,
    })
}

struct Ledger<'a> {
    deal: &'a Deal,
    sc: &'a Scenario,
    fee_ids: Vec<Arc<str>>,
    tranche_ids: Vec<Arc<str>>,
    /// Rates as `Decimal`, converted once per run.
    coupon: Vec<Decimal>,
    fee_rate: Vec<Option<Decimal>>,
    /// Tranche indices of each step's ids, per step list (normal, post-trigger).
    resolved: [Vec<Vec<usize>>; 2],
    schedule: &'a Schedule,
    pool: &'a PoolLedger,
    balance: Vec<Decimal>,
    interest_shortfall: Vec<Decimal>,
    principal_account: Vec<Decimal>,
    scheduled_paid: Vec<Decimal>,
    /// Whether each tranche was due in full on an earlier date.
    was_matured: Vec<bool>,
    fee_shortfall: Vec<Decimal>,
    tax_arrears: Decimal,
    reserve: Decimal,
    enh_total: Vec<Decimal>,
    enh_periods: Vec<usize>,
    reserve_total: Decimal,
    reserve_periods: usize,
    draws_by_tranche: Vec<Decimal>,
    step_carry: Vec<Decimal>,
    carried_cash: Decimal,
    breached: bool,
    /// The payment date (0-based) on which each trigger was first breached.
    breached_on: Vec<Option<usize>>,
    /// Consecutive dates, up to the current one, on which each trigger's test held.
    held_for: Vec<u32>,
    /// The overdue balances of each period, with the scenario's delinquency assumption.
    overdue: Option<Vec<Overdue>>,
    /// The previous date's excess spread, opening performing pool balance and accrual days.
    last_excess: Option<(Decimal, Decimal, i64)>,
    cum_defaults: Decimal,
    // Per-date working state.
    funds: Decimal,
    enh_now: Vec<Decimal>,
    reserve_draw_now: Decimal,
    /// Buffers reused on every date (taken out while in use), so a date allocates only
    /// what its results keep.
    scratch: Scratch,
}

#[derive(Default)]
struct Scratch {
    opening: Vec<Decimal>,
    matured: Vec<bool>,
    dues: Vec<Decimal>,
    shares: Vec<Decimal>,
    caps: Vec<(Decimal, bool)>,
    weights: Vec<Decimal>,
    paid: Vec<Decimal>,
    accumulated: Vec<Decimal>,
}

pub fn run_waterfall(
    deal: &Deal,
    sc: &Scenario,
    schedule: &Schedule,
    pool: &PoolLedger,
) -> WaterfallOutput {
    let nt = deal.tranches.len();
    let ne = deal.enhancements.len();
    let steps_max =
        deal.waterfall.steps.len() + deal.waterfall.post_trigger.as_ref().map_or(0, Vec::len);
    let resolve = |steps: &[Step]| -> Vec<Vec<usize>> {
        steps
            .iter()
            .map(|s| match s {
                Step::Interest(ids) | Step::Principal { tranches: ids, .. } => {
                    ids.iter().filter_map(|id| deal.tranche_index(id)).collect()
                }
                _ => Vec::new(),
            })
            .collect()
    };
    let mut l = Ledger {
        deal,
        sc,
        fee_ids: deal.fees.iter().map(|f| Arc::from(f.id.as_str())).collect(),
        tranche_ids: deal
            .tranches
            .iter()
            .map(|t| Arc::from(t.id.as_str()))
            .collect(),
        coupon: deal.tranches.iter().map(|t| dec(t.coupon)).collect(),
        fee_rate: deal
            .fees
            .iter()
            .map(|f| match f.basis {
                FeeBasis::PoolBalance(r) | FeeBasis::TrancheBalance { rate: r, .. } => Some(dec(r)),
                _ => None,
            })
            .collect(),
        resolved: [
            resolve(&deal.waterfall.steps),
            resolve(deal.waterfall.post_trigger.as_deref().unwrap_or(&[])),
        ],
        schedule,
        pool,
        balance: deal.tranches.iter().map(|t| fen(t.size)).collect(),
        interest_shortfall: vec![ZERO; nt],
        principal_account: vec![ZERO; nt],
        scheduled_paid: vec![ZERO; nt],
        was_matured: vec![false; nt],
        fee_shortfall: vec![ZERO; deal.fees.len()],
        tax_arrears: ZERO,
        reserve: deal.reserve.as_ref().map_or(ZERO, |r| fen(r.initial)),
        enh_total: vec![ZERO; ne],
        enh_periods: vec![0; ne],
        reserve_total: ZERO,
        reserve_periods: 0,
        draws_by_tranche: vec![ZERO; nt],
        step_carry: vec![ZERO; steps_max],
        carried_cash: ZERO,
        breached: false,
        breached_on: vec![None; deal.triggers.len()],
        held_for: vec![0; deal.triggers.len()],
        overdue: sc
            .delinquency
            .as_ref()
            .map(|d| delinquency::pipeline(d, pool, schedule.months_per_period)),
        last_excess: None,
        cum_defaults: ZERO,
        funds: ZERO,
        enh_now: vec![ZERO; ne],
        reserve_draw_now: ZERO,
        scratch: Scratch::default(),
    };
    let last = last_period(pool);
    let periods = (0..=last).map(|k| l.period(k, k == last)).collect();
    WaterfallOutput {
        periods,
        final_balance: l.balance,
        final_interest_shortfall: l.interest_shortfall,
        draws_by_tranche: l.draws_by_tranche,
        reserve_drawn: l.reserve_total,
        reserve_periods_drawn: l.reserve_periods,
        enhancement_drawn: l.enh_total,
        enhancement_periods_drawn: l.enh_periods,
        breached_on: l.breached_on,
    }
}

/// The deal's final payment date: the last date on which the pool still performs at the
/// start or brings any collection, capped by the legal final date.
fn last_period(pool: &PoolLedger) -> usize {
    let n = pool.periods();
    (0..n)
        .rev()
        .find(|&k| {
            pool.opening_balance[k] > ZERO
                || pool.interest[k]
                    + pool.scheduled_principal[k]
                    + pool.prepayments[k]
                    + pool.recoveries[k]
                    > ZERO
        })
        .unwrap_or(0)
        .min(n.saturating_sub(1))
}

impl Ledger<'_> {
    fn period(&mut self, k: usize, is_last: bool) -> PeriodResult {
        let deal = self.deal;
        let date = self.schedule.dates[k];
        let days = self.schedule.accrual_days[k];
        let basis = self.schedule.basis;
        let pool = self.pool;
        self.enh_now.iter_mut().for_each(|x| *x = ZERO);
        self.reserve_draw_now = ZERO;
        self.cum_defaults += pool.defaults[k];

        let mut opening_balance = std::mem::take(&mut self.scratch.opening);
        opening_balance.clone_from(&self.balance);
        let mut matured = std::mem::take(&mut self.scratch.matured);
        matured.clear();
        matured.extend(
            deal.tranches
                .iter()
                .map(|t| is_last || t.expected_maturity <= date),
        );

        // Triggers are tested on the date's pool figures before any payment; a breach sticks.
        // A test that must hold on several consecutive dates breaches on the last of them.
        for i in 0..deal.triggers.len() {
            let test = &deal.triggers[i].test;
            if self.breached_on[i].is_some() {
                continue;
            }
            let held = self.breach(test, k, &opening_balance);
            self.held_for[i] = if held { self.held_for[i] + 1 } else { 0 };
            let needed = match test {
                TriggerTest::Delinquency { periods, .. } => (*periods).max(1),
                _ => 1,
            };
            if self.held_for[i] >= needed {
                self.breached_on[i] = Some(k);
            }
        }
        self.breached = self.breached_on.iter().any(Option::is_some);
        // Coupons of the period: fixed at its start, with the step-ups whose event came on
        // or before it (a trigger breached on an earlier date).
        let start = if k == 0 {
            self.schedule.closing
        } else {
            self.schedule.dates[k - 1]
        };
        let mut coupon_rate: Vec<Option<f64>> = vec![None; deal.tranches.len()];
        for (t, tranche) in deal.tranches.iter().enumerate() {
            if coupon::varies(tranche) {
                let rate = coupon::coupon(deal, self.sc, t, start, |id| {
                    deal.triggers
                        .iter()
                        .zip(&self.breached_on)
                        .any(|(x, on)| x.id == id && on.is_some_and(|j| j < k))
                });
                self.coupon[t] = rate;
                coupon_rate[t] = Some(to_f64(rate));
            }
        }

        // Funds at the start of the date.
        let collections = pool.interest[k]
            + pool.scheduled_principal[k]
            + pool.prepayments[k]
            + pool.recoveries[k]
            + pool.call_proceeds[k];
        let carried_in = self.carried_cash;
        let rated_repaid = deal
            .tranches
            .iter()
            .zip(&opening_balance)
            .all(|(t, b)| t.rating.is_none() || *b == ZERO);
        let reserve_opening = self.reserve;
        let reserve_release =
            if is_last || (rated_repaid && deal.tranches.iter().any(|t| t.rating.is_some())) {
                std::mem::take(&mut self.reserve)
            } else {
                ZERO
            };
        let mut account_release = ZERO;
        for (account, _) in self
            .principal_account
            .iter_mut()
            .zip(&matured)
            .filter(|(_, m)| **m)
        {
            account_release += std::mem::take(account);
        }
        // 循环购买: the account left from the last date comes in; the date's purchases are
        // paid and the cash left uninvested is kept, before any step.
        let revolving = pool.revolving.as_ref().and_then(|r| r.periods.get(k));
        let (revolving_in, purchases, uninvested) = revolving.map_or((ZERO, ZERO, ZERO), |r| {
            (r.account_in, r.purchases, r.uninvested)
        });
        self.funds = collections + carried_in + reserve_release + account_release + revolving_in;
        let start_funds = self.funds;
        self.funds -= purchases + uninvested;
        // What the revolving period takes from (or, when it ends, adds to) the principal
        // collections the principal steps see.
        let revolving_net = revolving_in - purchases - uninvested;

        let mut fees: Vec<FeePeriod> = self
            .fee_ids
            .iter()
            .map(|id| FeePeriod {
                id: Arc::clone(id),
                due: ZERO,
                paid: ZERO,
                shortfall: ZERO,
            })
            .collect();
        let mut tr: Vec<TranchePeriod> = self
            .tranche_ids
            .iter()
            .zip(&opening_balance)
            .zip(&coupon_rate)
            .map(|((id, b), rate)| TranchePeriod {
                id: Arc::clone(id),
                opening_balance: *b,
                coupon_rate: *rate,
                ..Default::default()
            })
            .collect();
        let mut reserve_deposit = ZERO;
        let mut account_deposit = ZERO;
        let mut party_residual = PartyCash::default();
        let mut tax = TaxPeriod::default();

        let steps = match (&deal.waterfall.post_trigger, self.breached) {
            (Some(post), true) => post,
            _ => &deal.waterfall.steps,
        };
        let carry_offset = if self.breached && deal.waterfall.post_trigger.is_some() {
            deal.waterfall.steps.len()
        } else {
            0
        };

        let variant = usize::from(carry_offset > 0);
        for (si, step) in steps.iter().enumerate() {
            // Taken for the step and put back after it, so no per-date allocation; steps
            // without tranches hold an empty list, so an early `continue` loses nothing.
            let idx = std::mem::take(&mut self.resolved[variant][si]);
            match step {
                Step::Fee(id) => {
                    let Some(fi) = deal.fees.iter().position(|f| &f.id == id) else {
                        continue;
                    };
                    let accrued = match &deal.fees[fi].basis {
                        FeeBasis::PoolBalance(r) => accrue(
                            pool.opening_balance[k],
                            self.fee_rate[fi].unwrap_or_else(|| dec(*r)),
                            days,
                            basis,
                        ),
                        FeeBasis::PerPeriod(a) => fen(*a),
                        FeeBasis::Annual(a) => fen(*a * Decimal::from(days) / Decimal::from(basis)),
                        FeeBasis::TrancheBalance { tranches, rate } => accrue(
                            tranches
                                .iter()
                                .filter_map(|id| deal.tranche_index(id))
                                .map(|t| opening_balance[t])
                                .sum(),
                            self.fee_rate[fi].unwrap_or_else(|| dec(*rate)),
                            days,
                            basis,
                        ),
                    };
                    let due = accrued + self.fee_shortfall[fi];
                    let mut paid = due.min(self.funds);
                    self.funds -= paid;
                    paid += self.top_up(Item::Fee, due - paid);
                    self.fee_shortfall[fi] = due - paid;
                    let f = &mut fees[fi];
                    f.due += due;
                    f.paid += paid;
                    f.shortfall = due - paid;
                }
                Step::Interest(_) => {
                    let mut dues = std::mem::take(&mut self.scratch.dues);
                    let mut pay = std::mem::take(&mut self.scratch.shares);
                    dues.clear();
                    dues.extend(idx.iter().map(|&t| {
                        accrue(opening_balance[t], self.coupon[t], days, basis)
                            + self.interest_shortfall[t]
                    }));
                    let total: Decimal = dues.iter().sum();
                    pro_rata(total.min(self.funds), &dues, &mut pay);
                    for ((&t, due), &paid) in idx.iter().zip(&dues).zip(&pay) {
                        self.funds -= paid;
                        let paid = paid + self.top_up(Item::Interest(t), due - paid);
                        self.interest_shortfall[t] = due - paid;
                        tr[t].interest_due += *due;
                        tr[t].interest_paid += paid;
                        tr[t].interest_shortfall = due - paid;
                    }
                    self.scratch.dues = dues;
                    self.scratch.shares = pay;
                }
                Step::ReserveTopUp => {
                    let Some(res) = &deal.reserve else { continue };
                    let target = if is_last
                        || (rated_repaid && deal.tranches.iter().any(|t| t.rating.is_some()))
                    {
                        ZERO
                    } else {
                        match &res.target {
                            ReserveTarget::Fixed(a) => fen(*a),
                            ReserveTarget::PoolShare(s) => fen(pool.closing_balance[k] * dec(*s)),
                        }
                    };
                    let dep = (target - self.reserve).max(ZERO).min(self.funds);
                    self.reserve += dep;
                    self.funds -= dep;
                    reserve_deposit += dep;
                }
                Step::Principal {
                    tranches: _,
                    allocation,
                    amount,
                } => {
                    let outstanding: Decimal = idx
                        .iter()
                        .map(|&t| self.balance[t] - self.principal_account[t])
                        .sum();
                    let carry = &mut self.step_carry[carry_offset + si];
                    let rule = match amount {
                        PrincipalAmount::Collections => {
                            pool.scheduled_principal[k]
                                + pool.prepayments[k]
                                + pool.recoveries[k]
                                + pool.call_proceeds[k]
                                + revolving_net
                                + *carry
                        }
                        // The revolving account counts as pool: its cash is not a decline.
                        PrincipalAmount::PoolDecline => {
                            (pool.opening_balance[k] - pool.closing_balance[k] + revolving_in
                                - uninvested
                                + *carry)
                                .max(ZERO)
                        }
                        PrincipalAmount::Available => self.funds,
                        PrincipalAmount::TargetShare(s) => {
                            let target = fen(pool.closing_balance[k] * dec(*s));
                            (idx.iter().map(|&t| self.balance[t]).sum::<Decimal>() - target)
                                .max(ZERO)
                        }
                    };
                    let matured_due: Decimal = idx
                        .iter()
                        .filter(|&&t| matured[t])
                        .map(|&t| self.balance[t])
                        .sum();
                    let due = rule.min(outstanding).max(matured_due);
                    let amount_now = due.min(self.funds);
                    let (mut paid, accumulated) =
                        self.allocate(&idx, *allocation, amount_now, &matured, k);
                    let used: Decimal = paid.iter().chain(&accumulated).sum();
                    // (`paid` and `accumulated` go back to the scratch below.)
                    self.funds -= used;
                    for (j, &t) in idx.iter().enumerate() {
                        if matured[t] {
                            let short = self.balance[t] - paid[j];
                            let first = !self.was_matured[t];
                            paid[j] += self.top_up(Item::Principal(t, first), short);
                        }
                        self.balance[t] -= paid[j];
                        self.principal_account[t] += accumulated[j];
                        account_deposit += accumulated[j];
                        tr[t].principal_paid += paid[j];
                    }
                    self.scratch.paid = paid;
                    self.scratch.accumulated = accumulated;
                    let carry = &mut self.step_carry[carry_offset + si];
                    *carry = match amount {
                        PrincipalAmount::Collections | PrincipalAmount::PoolDecline
                            if outstanding > used =>
                        {
                            (rule - used).max(ZERO)
                        }
                        _ => ZERO,
                    };
                }
                Step::Residual(id) => {
                    let Some(t) = deal.tranche_index(id) else {
                        continue;
                    };
                    let pay = self.funds;
                    self.funds = ZERO;
                    tr[t].residual_paid += pay;
                }
                Step::Tax => {
                    let Some(vat) = &deal.vat else { continue };
                    // Interest income is tax-inclusive: VAT = interest × rate / (1 + rate).
                    let rate = dec(vat.rate);
                    tax.vat = fen(pool.interest[k] * rate / (Decimal::ONE + rate));
                    tax.surcharges = fen(tax.vat * dec(vat.surcharge_rate));
                    tax.due = tax.vat + tax.surcharges + self.tax_arrears;
                    tax.paid = tax.due.min(self.funds);
                    self.funds -= tax.paid;
                    tax.shortfall = tax.due - tax.paid;
                    self.tax_arrears = tax.shortfall;
                }
                Step::ResidualTo(party) => {
                    *party_residual.get_mut(*party) += std::mem::take(&mut self.funds);
                }
            }
            self.resolved[variant][si] = idx;
        }

        self.carried_cash = self.funds;
        let draws: Decimal = self.reserve_draw_now + self.enh_now.iter().sum::<Decimal>();
        let available = start_funds + draws;
        let fees_paid: Decimal = fees.iter().map(|f| f.paid).sum();
        let tranche_paid: Decimal = tr.iter().map(TranchePeriod::cash).sum();
        let paid = fees_paid + tranche_paid + party_residual.total() + tax.paid + purchases;
        let retained = reserve_deposit + account_deposit + self.carried_cash + uninvested;
        debug_assert_eq!(available, paid + retained, "money not conserved on {date}");

        for (t, p) in tr.iter_mut().enumerate() {
            p.closing_balance = self.balance[t];
            p.principal_account = self.principal_account[t];
        }
        for (i, d) in self.enh_now.iter().enumerate() {
            if *d > ZERO {
                self.enh_periods[i] += 1;
            }
        }
        if self.reserve_draw_now > ZERO {
            self.reserve_periods += 1;
        }
        self.scratch.opening = opening_balance;
        self.was_matured.clone_from(&matured);
        self.scratch.matured = matured;
        let coupon_interest: Decimal = tr.iter().map(|t| t.interest_paid).sum();
        let excess_spread = pool.interest[k] - fees_paid - tax.paid - coupon_interest;
        self.last_excess = Some((excess_spread, pool.opening_balance[k], days));
        let total_balance: Decimal = self.balance.iter().sum();
        let init = pool.initial_balance;
        PeriodResult {
            period: k + 1,
            date,
            accrual_days: days,
            available,
            paid,
            retained,
            pool: PoolPeriod {
                opening_balance: pool.opening_balance[k],
                defaults: pool.defaults[k],
                interest: pool.interest[k],
                scheduled_principal: pool.scheduled_principal[k],
                prepayments: pool.prepayments[k],
                recoveries: pool.recoveries[k],
                closing_balance: pool.closing_balance[k],
                called_balance: pool.called_balance[k],
                call_proceeds: pool.call_proceeds[k],
                purchased_balance: revolving.map_or(ZERO, |r| r.purchased_balance),
                cumulative_default_rate: if init > ZERO {
                    to_f64(self.cum_defaults) / to_f64(init)
                } else {
                    0.0
                },
            },
            collections,
            carried_in,
            carried_out: self.carried_cash,
            principal_account_release: account_release,
            fees,
            tranches: tr,
            party_residual,
            tax,
            reserve: ReservePeriod {
                opening: reserve_opening,
                deposit: reserve_deposit,
                draw: self.reserve_draw_now,
                release: reserve_release,
                closing: self.reserve,
            },
            enhancement_draws: self.enh_now.clone(),
            excess_spread,
            trigger_breached: self.breached,
            oc_ratio: (total_balance > ZERO)
                .then(|| to_f64(pool.closing_balance[k]) / to_f64(total_balance)),
            revolving: revolving.cloned(),
            delinquency: self.delinquency_period(k),
        }
    }

    /// The period's overdue balances and each delinquency trigger's ratio.
    fn delinquency_period(&self, k: usize) -> Option<DelinquencyPeriod> {
        let o = self.overdue.as_ref()?.get(k)?;
        let ratios = self
            .deal
            .triggers
            .iter()
            .filter_map(|t| match t.test {
                TriggerTest::Delinquency { bucket, basis, .. } => {
                    let (over, base) = delinquency::ratio_parts(o, bucket, basis, self.pool, k);
                    Some(TriggerRatio {
                        trigger: Arc::from(t.id.as_str()),
                        ratio: (base > ZERO).then(|| to_f64(over) / to_f64(base)),
                    })
                }
                _ => None,
            })
            .collect();
        Some(DelinquencyPeriod {
            days_30_plus: o.days_30,
            days_60_plus: o.days_60,
            days_90_plus: o.days_90,
            ratios,
        })
    }

    fn indices(&self, ids: &[String]) -> Vec<usize> {
        ids.iter()
            .filter_map(|id| self.deal.tranche_index(id))
            .collect()
    }

    fn breach(&self, test: &TriggerTest, k: usize, opening: &[Decimal]) -> bool {
        match test {
            TriggerTest::CumulativeDefaultRate(max) => {
                let init = self.pool.initial_balance;
                init > ZERO && to_f64(self.cum_defaults) / to_f64(init) > *max
            }
            TriggerTest::OcRatio { tranches, min } => {
                let bal: Decimal = self.indices(tranches).iter().map(|&t| opening[t]).sum();
                // Tested on the balance before a clean-up call sells it.
                let pool = self.pool.closing_balance[k] + self.pool.called_balance[k];
                bal > ZERO && to_f64(pool) / to_f64(bal) < *min
            }
            // Annualised on the previous date's figures (this date's are not known before
            // its payments): excess × basis / days / opening pool < level, compared exactly.
            TriggerTest::ExcessSpreadBelow(level) => {
                self.last_excess.is_some_and(|(excess, opening, days)| {
                    opening > ZERO
                        && days > 0
                        && excess * Decimal::from(self.schedule.basis)
                            < dec(*level) * opening * Decimal::from(days)
                })
            }
            // Compared exactly: overdue > level × basis (never when the basis is zero or
            // without a delinquency assumption).
            TriggerTest::Delinquency {
                bucket,
                basis,
                above,
                ..
            } => self
                .overdue
                .as_ref()
                .and_then(|o| o.get(k))
                .is_some_and(|o| {
                    let (over, base) = delinquency::ratio_parts(o, *bucket, *basis, self.pool, k);
                    base > ZERO && over > dec(*above) * base
                }),
            TriggerTest::ProviderRating { provider, below } => {
                let date = self.schedule.dates[k];
                let latest = self
                    .sc
                    .rating_events
                    .iter()
                    .filter(|e| e.party == *provider && e.date <= date)
                    .max_by_key(|e| e.date);
                match (
                    latest.and_then(|e| rating_rank(&e.rating)),
                    rating_rank(below),
                ) {
                    (Some(now), Some(level)) => now > level,
                    _ => false,
                }
            }
        }
    }

    /// Draw the reserve, then each enhancement in deal order, for the unpaid part of one
    /// covered item, after the step's funds were allocated. The draw goes straight to that
    /// item, so it cannot leak to another item or a later step. Returns the amount drawn.
    fn top_up(&mut self, item: Item, shortfall: Decimal) -> Decimal {
        let mut need = shortfall.max(ZERO);
        let start = need;
        if need == ZERO {
            return ZERO;
        }
        if let Some(res) = &self.deal.reserve
            && covers(&res.covers, self.deal, item)
        {
            let draw = need.min(self.reserve);
            self.reserve -= draw;
            self.reserve_draw_now += draw;
            self.reserve_total += draw;
            need -= draw;
        }
        for (e, enh) in self.deal.enhancements.iter().enumerate() {
            if need == ZERO {
                break;
            }
            if !covers(&enh.covers, self.deal, item) {
                continue;
            }
            let mut draw = need;
            if let Some(cap) = enh.cap_per_period {
                draw = draw.min((cap - self.enh_now[e]).max(ZERO));
            }
            if let Some(cap) = enh.cap_total {
                draw = draw.min((cap - self.enh_total[e]).max(ZERO));
            }
            self.enh_now[e] += draw;
            self.enh_total[e] += draw;
            need -= draw;
        }
        let drawn = start - need;
        if let Item::Interest(t) | Item::Principal(t, _) = item {
            self.draws_by_tranche[t] += drawn;
        }
        drawn
    }

    /// Split `amount` over the step's tranches; returns (principal paid, accumulated in the
    /// principal account of bullet tranches).
    fn allocate(
        &mut self,
        idx: &[usize],
        allocation: Allocation,
        amount: Decimal,
        matured: &[bool],
        k: usize,
    ) -> (Vec<Decimal>, Vec<Decimal>) {
        let deal = self.deal;
        // How much each tranche can take now, and whether it is paid or accumulated.
        let mut caps = std::mem::take(&mut self.scratch.caps);
        caps.clear();
        caps.extend(idx.iter().map(|&t| {
            let room = self.balance[t] - self.principal_account[t];
            match &deal.tranches[t].principal_mode {
                _ if matured[t] => (room, false),
                PrincipalMode::PassThrough => (room, false),
                PrincipalMode::Bullet => (room, true),
                PrincipalMode::Schedule(v) => {
                    let to_date: Decimal = v.iter().take(k + 1).map(|x| fen(*x)).sum();
                    (
                        room.min((to_date - self.scheduled_paid[t]).max(ZERO)),
                        false,
                    )
                }
            }
        }));
        // What each tranche takes, split below into paid and accumulated.
        let mut paid = std::mem::take(&mut self.scratch.paid);
        let mut acc = std::mem::take(&mut self.scratch.accumulated);
        paid.clear();
        paid.resize(idx.len(), ZERO);
        acc.clear();
        acc.resize(idx.len(), ZERO);
        let mut left = amount;
        if allocation == Allocation::ProRata {
            let mut weights = std::mem::take(&mut self.scratch.weights);
            let mut shares = std::mem::take(&mut self.scratch.shares);
            weights.clear();
            weights.extend(
                idx.iter()
                    .zip(&caps)
                    .map(|(&t, c)| if c.0 > ZERO { self.balance[t] } else { ZERO }),
            );
            pro_rata(amount, &weights, &mut shares);
            for (j, s) in shares.iter().enumerate() {
                paid[j] = (*s).min(caps[j].0);
                left -= paid[j];
            }
            self.scratch.weights = weights;
            self.scratch.shares = shares;
        }
        // Sequential, or the remainder pro rata could not place because of caps.
        for (take, cap) in paid.iter_mut().zip(&caps) {
            let more = (cap.0 - *take).min(left);
            *take += more;
            left -= more;
        }
        for (j, &t) in idx.iter().enumerate() {
            if caps[j].1 {
                acc[j] = std::mem::take(&mut paid[j]);
            } else {
                self.scheduled_paid[t] += paid[j];
            }
        }
        self.scratch.caps = caps;
        (paid, acc)
    }
}

/// Split `amount` (≤ Σ weights when weights are dues) in proportion to `weights`, each
/// share rounded to the fen, the rounding difference placed a fen at a time in order, never
/// above a share's weight when the weights are dues.
fn pro_rata(amount: Decimal, weights: &[Decimal], shares: &mut Vec<Decimal>) {
    shares.clear();
    let total: Decimal = weights.iter().sum();
    if total <= ZERO || amount <= ZERO {
        shares.resize(weights.len(), ZERO);
        return;
    }
    shares.extend_from_slice(weights);
    if amount >= total {
        if let Some(last) = shares.last_mut() {
            *last += amount - total;
        }
        return;
    }
    for s in shares.iter_mut() {
        *s = fen(amount * *s / total).min(*s);
    }
    let cent = Decimal::new(1, 2);
    let mut diff = amount - shares.iter().sum::<Decimal>();
    while diff != ZERO {
        let before = diff;
        for (s, w) in shares.iter_mut().zip(weights) {
            if diff > ZERO && *s + cent <= *w {
                *s += cent;
                diff -= cent;
            } else if diff < ZERO && *s >= cent {
                *s -= cent;
                diff += cent;
            }
            if diff == ZERO {
                break;
            }
        }
        if diff == before {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pro_rata;
    use rust_decimal::Decimal;

    fn split(amount: &str, weights: &[&str]) -> Vec<String> {
        let w: Vec<Decimal> = weights.iter().map(|x| x.parse().unwrap()).collect();
        let mut shares = Vec::new();
        pro_rata(amount.parse().unwrap(), &w, &mut shares);
        shares.iter().map(|s| format!("{s:.2}")).collect()
    }

    #[test]
    fn pro_rata_places_the_odd_fen_in_order_both_ways() {
        // 1.00 over three equal weights: 0.3333 → 0.33 each, 0.99; the missing fen goes to
        // the first share.
        assert_eq!(split("1.00", &["3", "3", "3"]), ["0.34", "0.33", "0.33"]);
        // 2.00 over three equal weights: 0.6667 → 0.67 each, 2.01; the fen too many comes off
        // the first share.
        assert_eq!(split("2.00", &["1", "1", "1"]), ["0.66", "0.67", "0.67"]);
        // 0.01 over two equal weights: 0.005 → 0.01 each (half away from zero), 0.02; the
        // first share gives its fen back.
        assert_eq!(split("0.01", &["1", "1"]), ["0.00", "0.01"]);
    }

    #[test]
    fn pro_rata_of_more_than_the_weights_or_of_no_weight() {
        // 10 against weights 2 and 3 (total 5): each weight is paid, the 5 over goes to the last.
        assert_eq!(split("10", &["2", "3"]), ["2.00", "8.00"]);
        // Nothing is due: nobody is paid, whatever the amount.
        assert_eq!(split("5", &["0", "0"]), ["0.00", "0.00"]);
        assert_eq!(split("0", &["1", "2"]), ["0.00", "0.00"]);
    }

    #[test]
    fn pro_rata_skips_a_share_already_at_its_weight_and_places_two_fens() {
        // 1.82 over 0.01, 1, 1, 1 (total 3.01): 1.82 × 0.01 / 3.01 = 0.0060 → 0.01 (its whole
        // weight); 1.82 / 3.01 = 0.6047 → 0.60 three times; 0.01 + 1.80 = 1.81, a fen short.
        // The first share is at its weight, so the fen goes to the second.
        assert_eq!(
            split("1.82", &["0.01", "1", "1", "1"]),
            ["0.01", "0.61", "0.60", "0.60"]
        );
        // 1.00 over six equal weights: 0.1667 → 0.17 each, 1.02; the two fens too many come
        // off the first two shares, one each.
        assert_eq!(
            split("1.00", &["1", "1", "1", "1", "1", "1"]),
            ["0.16", "0.16", "0.17", "0.17", "0.17", "0.17"]
        );
    }
}
