//! Pool projection in `f64`, per asset and period, summed in a fixed order and rounded to
//! the fen as the amounts enter the ledger.

use super::schedule::Schedule;
use crate::model::{Amortisation, Asset, Deal, Scenario};
use crate::money::{fen, fen_from_f64};
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
    recoveries: Vec<f64>,
    closing: Vec<f64>,
    recoveries_lost: f64,
}

impl Sums {
    fn zero(n: usize) -> Sums {
        Sums {
            defaults: vec![0.0; n],
            interest: vec![0.0; n],
            scheduled: vec![0.0; n],
            prepay: vec![0.0; n],
            recoveries: vec![0.0; n],
            closing: vec![0.0; n],
            recoveries_lost: 0.0,
        }
    }

    fn add(&mut self, o: &Sums) {
        for (a, b) in [
            (&mut self.defaults, &o.defaults),
            (&mut self.interest, &o.interest),
            (&mut self.scheduled, &o.scheduled),
            (&mut self.prepay, &o.prepay),
            (&mut self.recoveries, &o.recoveries),
            (&mut self.closing, &o.closing),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.recoveries_lost += o.recoveries_lost;
    }
}

/// Per-period rates shared by every asset.
struct Rates<'a> {
    schedule: &'a Schedule,
    /// Accrual days / basis of each period.
    accrual: Vec<f64>,
    p_default: Vec<f64>,
    p_prepay: Vec<f64>,
    recovery_rate: f64,
    recovery_lag: usize,
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
        recovery_rate: scenario.recovery_rate.clamp(0.0, 1.0),
        recovery_lag: scenario.recovery_lag as usize,
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
    to_ledger(&assets, &total, deal.collection_lag as usize)
}

fn project_asset(asset: &Asset, forced_default: usize, r: &Rates, s: &mut Sums) {
    let n = r.schedule.len();
    let mut b = crate::money::to_f64(asset.balance);
    if b <= 0.0 || n == 0 {
        return;
    }
    let m = r.schedule.months_per_period;
    let term = asset.remaining_term.div_ceil(m).max(1) as usize;
    let j = asset.rate / r.schedule.periods_per_year as f64;
    let level = matches!(asset.amortisation, Amortisation::LevelPayment) && j != 0.0;
    // (1 + j)^remaining, divided by (1 + j) each period instead of a power per period.
    let mut growth = if level {
        (1.0 + j).powi(term as i32)
    } else {
        1.0
    };
    let shrink = 1.0 / (1.0 + j);
    // Scheduled (no-loss) balance, for scaling an explicit schedule.
    let mut scheduled_balance = b;
    for k in 0..n.min(term) {
        let p_def = if k == forced_default {
            1.0
        } else {
            r.p_default[k]
        };
        let remaining = term - k;
        // Scheduled principal as a fraction of the balance after defaults. Every quantity is
        // a fraction of the opening balance, so the balance recurrence is one multiplication
        // per period and the independent work of many assets overlaps (measured 2× faster).
        let fraction = if remaining == 1 {
            1.0
        } else {
            match &asset.amortisation {
                Amortisation::LevelPayment if level => j / (growth - 1.0),
                Amortisation::LevelPayment | Amortisation::EqualPrincipal => 1.0 / remaining as f64,
                Amortisation::Bullet => 0.0,
                Amortisation::Schedule(v) => {
                    let amount = v.get(k).map(|x| crate::money::to_f64(*x)).unwrap_or(0.0);
                    let due = amount.min(scheduled_balance).max(0.0);
                    let f = if scheduled_balance > 0.0 {
                        due / scheduled_balance
                    } else {
                        0.0
                    };
                    scheduled_balance -= due;
                    f
                }
            }
        };
        growth *= shrink;
        let survive = 1.0 - p_def;
        let keep = 1.0 - fraction;
        let p_pre = r.p_prepay[k];
        let d = b * p_def;
        let b1 = b * survive;
        let interest = b1 * (asset.rate * r.accrual[k]);
        let sched = b1 * fraction;
        let prepay = b1 * (keep * p_pre);
        b *= survive * keep * (1.0 - p_pre);
        s.defaults[k] += d;
        s.interest[k] += interest;
        s.scheduled[k] += sched;
        s.prepay[k] += prepay;
        s.closing[k] += b;
        if d > 0.0 {
            let rec = d * r.recovery_rate;
            match s.recoveries.get_mut(k + r.recovery_lag) {
                Some(x) => *x += rec,
                None => s.recoveries_lost += rec,
            }
        }
        if b <= 0.0 {
            break;
        }
    }
}

fn to_ledger(assets: &[&Asset], s: &Sums, lag: usize) -> PoolLedger {
    let n = s.closing.len();
    let initial: Decimal = assets.iter().map(|a| a.balance.max(Decimal::ZERO)).sum();
    let mut l = PoolLedger {
        initial_balance: initial,
        recoveries_lost: fen_from_f64(s.recoveries_lost),
        ..PoolLedger::default()
    };
    let mut opening = initial;
    let mut raw_collections = Vec::with_capacity(n);
    for k in 0..n {
        let defaults = fen_from_f64(s.defaults[k]).min(opening);
        let prepay = fen_from_f64(s.prepay[k]).min(opening - defaults);
        // The closing balance is rounded from its own sum; scheduled principal is the
        // remainder, so the ledger balance always reconciles to the fen.
        let closing = fen_from_f64(s.closing[k]).clamp(Decimal::ZERO, opening - defaults - prepay);
        let scheduled = opening - defaults - prepay - closing;
        l.opening_balance.push(opening);
        l.defaults.push(defaults);
        l.closing_balance.push(closing);
        raw_collections.push((
            fen_from_f64(s.interest[k]),
            scheduled,
            prepay,
            fen_from_f64(s.recoveries[k]),
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
    l.recoveries_lost = fen(l.recoveries_lost);
    l
}
