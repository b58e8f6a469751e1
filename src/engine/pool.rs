//! Pool projection in `f64`, per asset and period, summed in a fixed order and rounded to
//! the fen as the amounts enter the ledger.

use super::schedule::Schedule;
use crate::model::{Amortisation, Asset, Deal, Scenario};
use crate::money::fen_from_f64;
use rayon::prelude::*;
use rust_decimal::Decimal;

/// Assets per chunk. Chunk subtotals are added in chunk order, so totals never depend on
/// the number of threads.
const CHUNK: usize = 512;

/// Ledger amounts of the pool for each period (index 0 = first payment date).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PoolLedger {
    pub opening_balance: Vec<Decimal>,
    pub defaults: Vec<Decimal>,
    pub interest: Vec<Decimal>,
    pub scheduled_principal: Vec<Decimal>,
    pub prepayments: Vec<Decimal>,
    pub recoveries: Vec<Decimal>,
    pub closing_balance: Vec<Decimal>,
    /// Recoveries that would arrive after the last payment date.
    pub recoveries_lost: Decimal,
    pub initial_balance: Decimal,
}

impl PoolLedger {
    pub fn periods(&self) -> usize {
        self.opening_balance.len()
    }
}

/// Per-period sums in `f64` (one array per quantity, periods + lag overflow slot).
#[derive(Clone)]
struct Sums {
    defaults: Vec<f64>,
    interest: Vec<f64>,
    scheduled: Vec<f64>,
    prepay: Vec<f64>,
}

impl Sums {
    fn zero(n: usize) -> Sums {
        Sums {
            defaults: vec![0.0; n],
            interest: vec![0.0; n],
            scheduled: vec![0.0; n],
            prepay: vec![0.0; n],
        }
    }

    fn add(&mut self, o: &Sums) {
        for (a, b) in [
            (&mut self.defaults, &o.defaults),
            (&mut self.interest, &o.interest),
            (&mut self.scheduled, &o.scheduled),
            (&mut self.prepay, &o.prepay),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }
}

/// Per-period rates shared by every asset.
struct Rates<'a> {
    schedule: &'a Schedule,
    /// Accrual days / basis of each period.
    accrual: Vec<f64>,
    p_default: Vec<f64>,
    p_prepay: Vec<f64>,
}

fn period_rate(annual: f64, year_fraction: f64) -> f64 {
    let annual = annual.clamp(0.0, 1.0);
    1.0 - (1.0 - annual).powf(year_fraction)
}

pub fn project_pool(deal: &Deal, scenario: &Scenario, schedule: &Schedule) -> PoolLedger {
    let n = schedule.len();
    let rates = Rates {
        schedule,
        accrual: schedule
            .accrual_days
            .iter()
            .map(|&d| d as f64 / schedule.basis as f64)
            .collect(),
        p_default: (0..n)
            .map(|i| period_rate(scenario.cdr.at(i), schedule.year_fraction[i]))
            .collect(),
        p_prepay: (0..n)
            .map(|i| period_rate(scenario.cpr.at(i), schedule.year_fraction[i]))
            .collect(),
    };
    let owned = deal.pool.assets();
    let assets: Vec<&Asset> = owned.iter().map(|a| a.as_ref()).collect();
    // Named-obligor defaults: the 0-based period in which each asset defaults in full.
    let forced: Vec<usize> = assets
        .iter()
        .map(|a| {
            scenario
                .obligor_defaults
                .iter()
                .filter(|o| o.obligor == a.obligor && o.period >= 1)
                .map(|o| o.period as usize - 1)
                .min()
                .unwrap_or(usize::MAX)
        })
        .collect();
    let chunk_sums: Vec<Sums> = assets
        .par_chunks(CHUNK)
        .zip(forced.par_chunks(CHUNK))
        .map(|(chunk, forced)| {
            let mut s = Sums::zero(n);
            for (a, &f) in chunk.iter().zip(forced) {
                project_asset(a, f, &rates, &mut s);
            }
            s
        })
        .collect();
    let mut total = Sums::zero(n);
    for c in &chunk_sums {
        total.add(c);
    }
    to_ledger(&assets, &total, deal.collection_lag as usize, scenario)
}

/// One asset's flows, added to the period sums. The asset is followed as its no-loss
/// amortisation schedule (balance `sched_balance`, next principal `principal`) times the
/// surviving fraction `alive`: re-amortising the balance left after proportional defaults and
/// prepayments over the remaining payments gives exactly the no-loss principal × the surviving
/// fraction, so each period needs only multiplications (no division, no power), and the
/// independent work of consecutive assets overlaps.
fn project_asset(asset: &Asset, forced_default: usize, r: &Rates, s: &mut Sums) {
    let n = r.schedule.len();
    let balance = crate::money::to_f64(asset.balance);
    if balance <= 0.0 || n == 0 {
        return;
    }
    let term = asset
        .remaining_term
        .div_ceil(r.schedule.months_per_period)
        .max(1) as usize;
    let j = asset.rate / r.schedule.periods_per_year as f64;
    let mut sched_balance = balance;
    // Level payment: principal = B × j / ((1 + j)^n − 1), growing by (1 + j) each period.
    let (mut principal, growth) = match &asset.amortisation {
        Amortisation::LevelPayment if j != 0.0 => {
            (balance * j / ((1.0 + j).powi(term as i32) - 1.0), 1.0 + j)
        }
        Amortisation::LevelPayment | Amortisation::EqualPrincipal => (balance / term as f64, 1.0),
        Amortisation::Bullet | Amortisation::Schedule(_) => (0.0, 1.0),
    };
    let explicit = match &asset.amortisation {
        Amortisation::Schedule(v) => Some(v),
        _ => None,
    };
    let mut alive = 1.0;
    // Separate slices of the period length: the sums' pointers stay in registers (a store
    // through a `Vec` field could otherwise alias the `Vec` itself) and bounds checks go away.
    let len = n.min(term);
    let (defaults, interest, scheduled, prepaid) = (
        &mut s.defaults[..len],
        &mut s.interest[..len],
        &mut s.scheduled[..len],
        &mut s.prepay[..len],
    );
    let (p_default, p_prepay, accrual) =
        (&r.p_default[..len], &r.p_prepay[..len], &r.accrual[..len]);
    for k in 0..len {
        let p_def = if k == forced_default {
            1.0
        } else {
            p_default[k]
        };
        let due = if k + 1 == term {
            sched_balance
        } else if let Some(v) = explicit {
            v.get(k)
                .map_or(0.0, |x| crate::money::to_f64(*x))
                .clamp(0.0, sched_balance)
        } else {
            principal
        };
        principal *= growth;
        let opening = sched_balance * alive;
        alive *= 1.0 - p_def;
        sched_balance -= due;
        let p_pre = p_prepay[k];
        defaults[k] += opening * p_def;
        interest[k] += (sched_balance + due) * alive * (asset.rate * accrual[k]);
        scheduled[k] += due * alive;
        prepaid[k] += sched_balance * alive * p_pre;
        alive *= 1.0 - p_pre;
        if alive <= 0.0 || sched_balance <= 0.0 {
            break;
        }
    }
}

fn to_ledger(assets: &[&Asset], s: &Sums, lag: usize, scenario: &Scenario) -> PoolLedger {
    let n = s.defaults.len();
    let initial: Decimal = assets.iter().map(|a| a.balance.max(Decimal::ZERO)).sum();
    // Recoveries and closing balances follow from the period totals (the recovery rate is the
    // pool's, and every amount is a fraction of the balance), so assets need not carry them.
    let rate = scenario.recovery_rate.clamp(0.0, 1.0);
    let recovery_lag = scenario.recovery_lag as usize;
    let mut recoveries = vec![0.0; n];
    let mut lost = 0.0;
    for (k, d) in s.defaults.iter().enumerate() {
        match recoveries.get_mut(k + recovery_lag) {
            Some(x) => *x += d * rate,
            None => lost += d * rate,
        }
    }
    let mut closing_f64: f64 = assets
        .iter()
        .map(|a| crate::money::to_f64(a.balance).max(0.0))
        .sum();
    let mut l = PoolLedger {
        initial_balance: initial,
        recoveries_lost: fen_from_f64(lost),
        ..PoolLedger::default()
    };
    let mut opening = initial;
    let mut raw_collections = Vec::with_capacity(n);
    for (k, recovered) in recoveries.iter().enumerate() {
        closing_f64 -= s.defaults[k] + s.scheduled[k] + s.prepay[k];
        let defaults = fen_from_f64(s.defaults[k]).min(opening);
        let prepay = fen_from_f64(s.prepay[k]).min(opening - defaults);
        // The closing balance is rounded from its own sum; scheduled principal is the
        // remainder, so the ledger balance always reconciles to the fen.
        let closing = fen_from_f64(closing_f64).clamp(Decimal::ZERO, opening - defaults - prepay);
        let scheduled = opening - defaults - prepay - closing;
        l.opening_balance.push(opening);
        l.defaults.push(defaults);
        l.closing_balance.push(closing);
        raw_collections.push((
            fen_from_f64(s.interest[k]),
            scheduled,
            prepay,
            fen_from_f64(*recovered),
        ));
        opening = closing;
    }
    // Collections of period k are available on date k + lag; the last date sweeps the rest.
    l.interest = vec![Decimal::ZERO; n];
    l.scheduled_principal = vec![Decimal::ZERO; n];
    l.prepayments = vec![Decimal::ZERO; n];
    l.recoveries = vec![Decimal::ZERO; n];
    for (k, (i, sp, pp, rc)) in raw_collections.into_iter().enumerate() {
        let t = (k + lag).min(n.saturating_sub(1));
        l.interest[t] += i;
        l.scheduled_principal[t] += sp;
        l.prepayments[t] += pp;
        l.recoveries[t] += rc;
    }
    l
}
