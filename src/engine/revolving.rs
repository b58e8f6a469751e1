//! 循环购买: the revolving period. The original pool is projected as usual
//! ([`super::pool`]); on each date of the revolving period its principal collections (and
//! the cash left from the previous date) buy new assets under the eligibility criteria, and
//! the new assets run off under the scenario like the pool. Purchases depend on pool figures
//! only; a waterfall trigger that ends the period early is found by running the waterfall
//! and projecting again with purchases stopped from its date ([`run`]).

use super::pool::{PoolLedger, no_loss_closing, period_rate};
use super::schedule::Schedule;
use super::waterfall::{WaterfallOutput, run_waterfall};
use crate::model::{Amortisation, Asset, Deal, ObligorDefault, Revolving, Scenario};
use crate::money::{dec, fen, fen_from_f64, to_f64};
use crate::results::{RevolvingEnd, RevolvingPeriod};
use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy::ToZero;
use std::borrow::Cow;

const ZERO: Decimal = Decimal::ZERO;

/// The no-loss closing balances (after each period) of the original assets of each obligor
/// and industry a purchase line names: what the concentration limits add the new assets to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Concentration {
    obligors: Vec<(String, Vec<f64>)>,
    industries: Vec<(String, Vec<f64>)>,
}

impl Concentration {
    pub fn new(
        rev: &Revolving,
        assets: &[&Asset],
        named: &[ObligorDefault],
        schedule: &Schedule,
    ) -> Concentration {
        let n = schedule.len();
        let group = |names: Vec<&str>, key: fn(&Asset) -> &str| {
            let mut names = names;
            names.retain(|s| !s.is_empty());
            names.sort_unstable();
            names.dedup();
            names
                .into_iter()
                .map(|name| {
                    let mut sum = vec![0.0; n];
                    for a in assets.iter().filter(|a| key(a) == name) {
                        for (k, closing) in no_loss_closing(a, named, schedule) {
                            sum[k] += closing;
                        }
                    }
                    (name.to_string(), sum)
                })
                .collect()
        };
        Concentration {
            obligors: group(
                rev.purchases.iter().map(|l| l.obligor.as_str()).collect(),
                |a| &a.obligor,
            ),
            industries: group(
                rev.purchases.iter().map(|l| l.industry.as_str()).collect(),
                |a| &a.industry,
            ),
        }
    }
}

/// What a revolving projection starts from: the original pool's ledger and the balances
/// the limits watch.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    pub pool: PoolLedger,
    pub concentration: Concentration,
}

/// The revolving part of the pool ledger, per payment date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RevolvingLedger {
    pub periods: Vec<RevolvingPeriod>,
    /// The first date (0-based) without purchases; the number of dates when every date
    /// may buy.
    pub amortising_from: usize,
}

/// Rounds of the search for the pool after a date's purchases.
const ROUNDS: usize = 100;

/// A pool at which the purchases agree with the limits, when measuring again has not settled
/// in `ROUNDS` rounds (a limit near 100% of a pool the line's group already dominates moves a
/// little each round). `pool_after(x)`, the pool the purchases make when the limits are
/// measured on `x`, never falls as `x` grows; it is at least `lo` at `lo` and below `hi` at
/// `hi`. Halving in fens keeps both, and ends on `lo` with `hi = lo + 0.01`: then
/// `lo ≤ pool_after(lo) ≤ pool_after(hi) < lo + 0.01`, so the two agree at `lo`. Pools are
/// at most 1e15 CNY, 1e17 fens: 57 halvings at most.
fn settle(mut lo: Decimal, mut hi: Decimal, pool_after: impl Fn(Decimal) -> Decimal) -> Decimal {
    let fen_step = Decimal::new(1, 2);
    for _ in 0..64 {
        if hi - lo <= fen_step {
            break;
        }
        let mid = lo + ((hi - lo) / Decimal::TWO).round_dp_with_strategy(2, ToZero);
        if pool_after(mid) >= mid {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// One date's purchases: balance bought per line, and where the cash went.
#[derive(Default)]
struct Buy {
    lines: Vec<(usize, Decimal)>,
    spent: Decimal,
    balance: Decimal,
    ineligible: Decimal,
    capped: Decimal,
}

/// New assets bought on one date under one purchase line.
struct Vintage {
    line: usize,
    balance: f64,
    payments_left: usize,
}

/// The pool with its revolving period: purchases on each date of the period, stopped from
/// `stop` (a date and its cause) when given.
pub fn project(
    rev: &Revolving,
    sc: &Scenario,
    schedule: &Schedule,
    base: &Base,
    stop: Option<(usize, RevolvingEnd)>,
) -> PoolLedger {
    let n = schedule.len();
    let b = &base.pool;
    let mut l = b.clone();
    // The last date may not buy: what is left in the account is paid out on it.
    let end = schedule
        .dates
        .iter()
        .rposition(|d| *d <= rev.end)
        .map_or(0, |k| (k + 1).min(n.saturating_sub(1)));
    let (mut amortising_from, mut cause) = (end, RevolvingEnd::EndDate);
    if let Some((k, why)) = stop
        && k < amortising_from
    {
        (amortising_from, cause) = (k, why);
    }
    let price = dec(rev.price) / Decimal::ONE_HUNDRED;
    let ppy = f64::from(schedule.periods_per_year.max(1));
    let months = schedule.months_per_period.max(1);
    let rate = sc.recovery_rate.clamp(0.0, 1.0);
    let lag = sc.recovery_lag as usize;
    let weights: Vec<Decimal> = rev.purchases.iter().map(|p| dec(p.weight)).collect();
    let mut vintages: Vec<Vintage> = Vec::new();
    let mut recoveries = vec![0.0; n];
    let (mut lost, mut alive) = (0.0, 1.0);
    let (mut opening, mut account) = (ZERO, ZERO);
    let mut periods = Vec::with_capacity(n);
    for k in 0..n {
        let p_default = period_rate(sc.cdr.at(k), schedule.year_fraction[k]);
        let p_prepay = period_rate(sc.cpr.at(k), schedule.year_fraction[k]);
        let accrual = schedule.accrual_days[k] as f64 / schedule.basis as f64;
        alive *= (1.0 - p_default) * (1.0 - p_prepay);
        // The new assets' period, in the order of the conventions: defaults, interest on
        // the balance after them, scheduled principal, prepayment.
        let (mut defaults, mut interest, mut prepay, mut closing) = (0.0, 0.0, 0.0, 0.0);
        for v in vintages.iter_mut().filter(|v| v.balance > 0.0) {
            let line = &rev.purchases[v.line];
            let named = !line.obligor.is_empty()
                && sc
                    .obligor_defaults
                    .iter()
                    .any(|o| o.obligor == line.obligor && o.period as usize == k + 1);
            let d = if named {
                v.balance
            } else {
                p_default * v.balance
            };
            let mut bal = v.balance - d;
            interest += bal * line.rate * accrual;
            let j = line.rate / ppy;
            let m = v.payments_left;
            let due = match line.amortisation {
                _ if m <= 1 => bal,
                Amortisation::LevelPayment if j != 0.0 => {
                    bal * j / ((1.0 + j).powi(m as i32) - 1.0)
                }
                Amortisation::Bullet => 0.0,
                _ => bal / m as f64,
            };
            bal -= due;
            let pp = p_prepay * bal;
            bal -= pp;
            match recoveries.get_mut(k + lag) {
                Some(r) => *r += rate * d,
                None => lost += rate * d,
            }
            defaults += d;
            prepay += pp;
            closing += bal;
            v.balance = bal;
            v.payments_left = m.saturating_sub(1);
        }
        // Rounded as the pool's sums are: the closing balance from its own sum, defaults and
        // prepayments within it, scheduled principal the remainder.
        let closing_dec = fen_from_f64(closing).clamp(ZERO, opening);
        let defaults_dec = fen_from_f64(defaults).clamp(ZERO, opening - closing_dec);
        let prepay_dec = fen_from_f64(prepay).clamp(ZERO, opening - closing_dec - defaults_dec);
        let scheduled_dec = opening - defaults_dec - prepay_dec - closing_dec;
        let recovered = fen_from_f64(recoveries[k]);
        l.opening_balance[k] += opening;
        l.defaults[k] += defaults_dec;
        l.interest[k] += fen_from_f64(interest);
        l.scheduled_principal[k] += scheduled_dec;
        l.prepayments[k] += prepay_dec;
        l.recoveries[k] += recovered;

        let collections = b.scheduled_principal[k] + b.prepayments[k] + b.recoveries[k];
        let cash = collections + scheduled_dec + prepay_dec + recovered + account;
        let before = b.closing_balance[k] + closing_dec;
        let mut p = RevolvingPeriod {
            revolving: k < amortising_from,
            account_in: account,
            ended_by: (k == amortising_from).then(|| cause.clone()),
            ..RevolvingPeriod::default()
        };
        if p.revolving {
            // What each line's obligor and industry hold before the date's purchases.
            let key = |l: usize, industry: bool| {
                let x = &rev.purchases[l];
                if industry { &x.industry } else { &x.obligor }
            };
            let held: Vec<[Decimal; 2]> = (0..rev.purchases.len())
                .map(|i| {
                    [false, true].map(|industry| {
                        let name = key(i, industry);
                        let groups = if industry {
                            &base.concentration.industries
                        } else {
                            &base.concentration.obligors
                        };
                        let original = groups
                            .iter()
                            .find(|(g, _)| g == name)
                            .map_or(0.0, |(_, v)| alive * v[k]);
                        let new: f64 = vintages
                            .iter()
                            .filter(|v| key(v.line, industry) == name)
                            .map(|v| v.balance)
                            .sum();
                        fen_from_f64(original + new)
                    })
                })
                .collect();
            let shares = [
                rev.eligibility.max_obligor_share,
                rev.eligibility.max_industry_share,
            ];
            // Each line's cash, and the balance it buys in full if it is eligible: neither
            // depends on the limits.
            let mut left = cash;
            let offers: Vec<(Decimal, Option<Decimal>)> = rev
                .purchases
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    let share = if i + 1 == rev.purchases.len() {
                        left
                    } else {
                        fen(cash * weights[i]).min(left)
                    };
                    left -= share;
                    let eligible = rev.eligibility.min_rate.is_none_or(|r| line.rate >= r)
                        && rev.eligibility.max_term.is_none_or(|t| line.term <= t);
                    let want = if price > ZERO {
                        fen(share / price)
                    } else {
                        ZERO
                    };
                    (share, eligible.then_some(want))
                })
                .collect();
            // The purchases when the limits are measured against a pool of `after`.
            let buy = |after: Decimal| {
                let mut b = Buy::default();
                for (i, &(share, offer)) in offers.iter().enumerate() {
                    let Some(want) = offer else {
                        b.ineligible += share;
                        continue;
                    };
                    let mut room = want;
                    for (g, industry) in [false, true].into_iter().enumerate() {
                        let name = key(i, industry);
                        let Some(s) = shares[g].filter(|_| !name.is_empty()) else {
                            continue;
                        };
                        let today: Decimal = b
                            .lines
                            .iter()
                            .filter(|(l, _)| key(*l, industry) == name)
                            .map(|(_, x)| *x)
                            .sum();
                        // Rounded down to the fen, so the share is never above the limit.
                        let cap = (after * dec(s)).round_dp_with_strategy(2, ToZero);
                        room = room.min((cap - held[i][g] - today).max(ZERO));
                    }
                    let spent = if room == want {
                        share
                    } else {
                        fen(room * price).min(share)
                    };
                    b.capped += share - spent;
                    b.spent += spent;
                    b.balance += room;
                    if room > ZERO {
                        b.lines.push((i, room));
                    }
                }
                b
            };
            // The limits hold on the pool after the date's purchases, which depends on them:
            // start from the pool with every eligible line bought in full, the most it can
            // be, and measure again against the pool the purchases make, until the two agree
            // (the pool only falls, so they meet at the largest pool that agrees).
            let mut after = before + offers.iter().filter_map(|o| o.1).sum::<Decimal>();
            let mut bought = buy(after);
            let mut rounds = 0;
            while before + bought.balance != after {
                if rounds == ROUNDS {
                    bought = buy(settle(before, after, |x| before + buy(x).balance));
                    break;
                }
                after = before + bought.balance;
                bought = buy(after);
                rounds += 1;
            }
            p.ineligible = bought.ineligible;
            p.capped = bought.capped;
            p.purchases = bought.spent;
            p.purchased_balance = bought.balance;
            for (line, balance) in bought.lines {
                vintages.push(Vintage {
                    line,
                    balance: to_f64(balance),
                    payments_left: rev.purchases[line].term.div_ceil(months).max(1) as usize,
                });
            }
            let after = before + p.purchased_balance;
            // Cash with no pool left to buy into is paid out, not kept.
            p.uninvested = if after > ZERO {
                cash - p.purchases
            } else {
                ZERO
            };
            if let Some(s) = rev.max_uninvested_share
                && p.uninvested > fen(after * dec(s))
                && k + 1 < amortising_from
            {
                (amortising_from, cause) = (k + 1, RevolvingEnd::Uninvested);
            }
        }
        account = p.uninvested;
        l.closing_balance[k] += closing_dec + p.purchased_balance;
        opening = closing_dec + p.purchased_balance;
        periods.push(p);
    }
    l.recoveries_lost += fen_from_f64(lost);
    l.revolving = Some(RevolvingLedger {
        periods,
        amortising_from,
    });
    l
}

/// The waterfall on the projection, with the revolving period ended on the first date an
/// early-amortisation trigger is breached: purchases before that date do not depend on it,
/// so the waterfall is run again on the pool projected with purchases stopped there, until
/// no trigger in the list is breached before the revolving period ends.
pub fn run<'a>(
    deal: &Deal,
    sc: &Scenario,
    schedule: &Schedule,
    pool: &'a PoolLedger,
    base: Option<&Base>,
) -> (WaterfallOutput, Cow<'a, PoolLedger>) {
    let mut pool = Cow::Borrowed(pool);
    let mut out = run_waterfall(deal, sc, schedule, &pool);
    let (Some(rev), Some(base)) = (&deal.revolving, base) else {
        return (out, pool);
    };
    loop {
        let from = pool.revolving.as_ref().map_or(0, |r| r.amortising_from);
        let first = deal
            .triggers
            .iter()
            .zip(&out.breached_on)
            .filter(|(t, _)| rev.early_amortisation.contains(&t.id))
            .filter_map(|(t, on)| Some((((*on)?), t.id.clone())))
            .filter(|(k, _)| *k < from)
            .min_by_key(|(k, _)| *k);
        let Some((k, id)) = first else {
            return (out, pool);
        };
        pool = Cow::Owned(project(
            rev,
            sc,
            schedule,
            base,
            Some((k, RevolvingEnd::Trigger(id))),
        ));
        out = run_waterfall(deal, sc, schedule, &pool);
    }
}
