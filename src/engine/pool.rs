//! Pool projection in `f64`, summed in a fixed order and rounded to the fen as the amounts
//! enter the ledger.
//!
//! Two stages. [`PoolSchedule`] sums what the assets owe with no default and no prepayment
//! (it depends on the pool, the dates and the named-obligor defaults only); CDR and CPR are
//! the same for every asset, so every performing asset survives by the same fraction and the
//! scenario is applied to the period sums alone ([`PoolSchedule::apply`], linear in periods).

use super::call::{call_period, price};
use super::schedule::Schedule;
use crate::model::{Amortisation, Asset, CleanUpCall, Deal, ObligorDefault, Scenario};
use crate::money::{ExactSum, fen_from_f64, to_f64};
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
    /// 清仓回购 price received on each date (zero except on the call date).
    pub call_proceeds: Vec<Decimal>,
    /// Performing balance sold by the call on each date (the closing balance is then zero).
    pub called_balance: Vec<Decimal>,
    pub initial_balance: Decimal,
    /// Number of assets in the pool (inline, tape rows and rep lines).
    pub assets: usize,
    /// Loan-to-value of the assets with a pledged data asset: their balance at closing / the
    /// scenario's values of their pledges; none without pledges.
    pub pledge_ltv: Option<f64>,
    /// 循环购买 on each date; none without a revolving period. The purchases are in the
    /// balances above; the cash paid for them is not a collection.
    pub revolving: Option<super::revolving::RevolvingLedger>,
}

impl PoolLedger {
    pub fn periods(&self) -> usize {
        self.opening_balance.len()
    }
}

/// The pool's no-loss schedule: per period, sums over the assets that still perform.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PoolSchedule {
    /// Scheduled principal.
    due: Vec<f64>,
    /// Annual rate × opening scheduled balance (interest before the accrual fraction).
    rate_balance: Vec<f64>,
    /// Opening scheduled balance of the assets whose obligor defaults in full in the period.
    forced: Vec<f64>,
    /// Balance at closing, in `f64` and exactly.
    initial: f64,
    initial_balance: Decimal,
    /// Number of assets summed (inline, tape rows and rep lines).
    assets: usize,
    /// The assets with a pledged data asset, in pool order.
    pledged: Vec<Pledged>,
    /// A revolving deal: the original balances its concentration limits watch.
    pub(super) concentration: Option<super::revolving::Concentration>,
}

/// An asset with a pledged data asset: its recoveries depend on its own balance.
#[derive(Debug, Clone, PartialEq)]
struct Pledged {
    /// Appraised value of the pledge, CNY.
    value: f64,
    /// Balance at closing.
    balance: f64,
    /// The 0-based period of a named default (`usize::MAX`: none).
    forced_at: usize,
    /// No-loss opening balance in each period (0 once repaid).
    opening: Vec<f64>,
}

/// One asset's amortisation: opening balance, first scheduled principal, its growth per
/// period and the number of payments.
#[derive(Clone, Copy, Default)]
struct Terms {
    balance: f64,
    rate: f64,
    principal: f64,
    growth: f64,
    /// `gⁿ` for level payments (the annuity is `P₀ × gⁿ`).
    growth_n: f64,
    payments: usize,
}

impl Terms {
    fn of(asset: &Asset, schedule: &Schedule) -> Terms {
        let balance = to_f64(asset.balance).max(0.0);
        let payments = asset
            .remaining_term
            .div_ceil(schedule.months_per_period.max(1))
            .max(1) as usize;
        let j = asset.rate / f64::from(schedule.periods_per_year.max(1));
        // Level payment: principal = B × j / ((1 + j)^n − 1), growing by (1 + j) each period.
        let (principal, growth, growth_n) = match &asset.amortisation {
            Amortisation::LevelPayment if j != 0.0 => {
                let growth_n = powi(1.0 + j, payments);
                (balance * j / (growth_n - 1.0), 1.0 + j, growth_n)
            }
            Amortisation::LevelPayment | Amortisation::EqualPrincipal => {
                (balance / payments as f64, 1.0, 1.0)
            }
            Amortisation::Bullet | Amortisation::Schedule(_) => (0.0, 1.0, 1.0),
        };
        Terms {
            balance,
            rate: asset.rate,
            principal,
            growth,
            growth_n,
            payments,
        }
    }
}

/// One chunk's no-loss sums. Level-payment, equal-principal and bullet assets are added in
/// closed form: their principal and rate × balance are constant, linear or geometric in the
/// period, so the constant and linear parts go into difference arrays (an entry where a term
/// starts and one where it ends, `n + 1` long) and only the geometric level-payment principal
/// is added period by period. Other assets are followed period by period.
struct ChunkSums {
    /// Level-payment principal `P₀ × gᵏ` (`g = 1 + j`).
    level_due: Vec<f64>,
    /// Payments per year × annuity of the level-payment assets: with `j × balance = A − Pₖ`,
    /// their rate × balance is `ppy × A − ppy × Pₖ`.
    diff_annuity: Vec<f64>,
    /// Constant principal (equal principal).
    diff_due: Vec<f64>,
    /// Rate × opening balance (equal principal, bullets).
    diff_rate_balance: Vec<f64>,
    /// Rate × principal: an equal-principal asset's rate × balance falls by it each period.
    diff_slope: Vec<f64>,
    /// Direct sums: bullets' repayments, explicit schedules, named defaults.
    due: Vec<f64>,
    rate_balance: Vec<f64>,
    forced: Vec<f64>,
}

impl ChunkSums {
    fn zero(n: usize) -> ChunkSums {
        ChunkSums {
            level_due: vec![0.0; n],
            diff_annuity: vec![0.0; n + 1],
            diff_due: vec![0.0; n + 1],
            diff_rate_balance: vec![0.0; n + 1],
            diff_slope: vec![0.0; n + 1],
            due: vec![0.0; n],
            rate_balance: vec![0.0; n],
            forced: vec![0.0; n],
        }
    }

    fn periods(&self) -> usize {
        self.due.len()
    }

    /// An asset without a named default and without an explicit schedule.
    fn add_closed_form(&mut self, t: &Terms, ppy: f64) {
        let len = t.payments.min(self.periods());
        let (b, p) = (t.balance, t.principal);
        if t.growth != 1.0 {
            // Level payment: Pₖ = P₀ × gᵏ, four periods at a time as four independent
            // products (each stepped by g⁴), so the multiplications do not wait on each other.
            let g2 = t.growth * t.growth;
            let g4 = g2 * g2;
            let mut pk = [p, p * t.growth, p * g2, p * g2 * t.growth];
            let (quads, rest) = self.level_due[..len].as_chunks_mut::<4>();
            for q in quads {
                for i in 0..4 {
                    q[i] += pk[i];
                    pk[i] *= g4;
                }
            }
            for (x, pk) in rest.iter_mut().zip(pk) {
                *x += pk;
            }
            let annuity = ppy * p * t.growth_n;
            self.diff_annuity[0] += annuity;
            self.diff_annuity[len] -= annuity;
            return;
        }
        self.diff_rate_balance[0] += t.rate * b;
        self.diff_rate_balance[len] -= t.rate * b;
        if p > 0.0 {
            // Equal principal: P each period; rate × balance = rate × (B − k × P).
            self.diff_due[0] += p;
            self.diff_due[len] -= p;
            self.diff_slope[0] += t.rate * p;
            self.diff_slope[len] -= t.rate * p;
        } else if t.payments <= self.periods() {
            self.due[t.payments - 1] += b; // bullet
        }
    }

    /// Any asset period by period: an explicit schedule, or a named default in `forced_at`.
    fn add_one(&mut self, asset: &Asset, t: &Terms, forced_at: usize) {
        for (k, balance, d) in no_loss(asset, t, self.periods()) {
            if k == forced_at {
                self.forced[k] += balance;
                return;
            }
            self.rate_balance[k] += t.rate * balance;
            self.due[k] += d;
        }
    }

    /// Per-period principal and rate × balance: the difference arrays accumulated in
    /// period order, added to the direct sums.
    fn finish(mut self, ppy: f64, initial: f64, initial_balance: Decimal) -> PoolSchedule {
        let (mut annuity, mut due, mut rate_balance, mut slope) = (0.0, 0.0, 0.0, 0.0);
        for k in 0..self.periods() {
            annuity += self.diff_annuity[k];
            due += self.diff_due[k];
            rate_balance += self.diff_rate_balance[k];
            slope += self.diff_slope[k];
            let level = self.level_due[k];
            self.due[k] += level + due;
            self.rate_balance[k] += (annuity - ppy * level) + (rate_balance - k as f64 * slope);
        }
        PoolSchedule {
            due: self.due,
            rate_balance: self.rate_balance,
            forced: self.forced,
            initial,
            initial_balance,
            assets: 0,
            pledged: Vec::new(),
            concentration: None,
        }
    }
}

/// An asset's no-loss schedule: (period, opening balance, scheduled principal) for each of
/// its payments within `periods`.
fn no_loss<'a>(
    asset: &'a Asset,
    t: &Terms,
    periods: usize,
) -> impl Iterator<Item = (usize, f64, f64)> + use<'a> {
    let explicit = match &asset.amortisation {
        Amortisation::Schedule(v) => Some(v),
        _ => None,
    };
    let (payments, growth) = (t.payments, t.growth);
    let (mut balance, mut principal) = (t.balance, t.principal);
    (0..payments.min(periods)).map(move |k| {
        let d = if k + 1 >= payments {
            balance
        } else if let Some(v) = explicit {
            v.get(k).map_or(0.0, |x| to_f64(*x)).max(0.0).min(balance)
        } else {
            principal
        };
        let opening = balance;
        balance -= d;
        principal *= growth;
        (k, opening, d)
    })
}

/// An asset's no-loss balance after each period in which it performs (before its
/// obligor's named default, if any).
pub(super) fn no_loss_closing<'a>(
    asset: &'a Asset,
    named: &[ObligorDefault],
    schedule: &Schedule,
) -> impl Iterator<Item = (usize, f64)> + 'a {
    let forced = forced_period(asset, named);
    no_loss(asset, &Terms::of(asset, schedule), schedule.len())
        .take_while(move |(k, ..)| *k < forced)
        .map(|(k, opening, d)| (k, opening - d))
}

/// The 0-based period in which the asset's obligor defaults in full (`usize::MAX`: never).
fn forced_period(asset: &Asset, named: &[ObligorDefault]) -> usize {
    named
        .iter()
        .filter(|o| o.obligor == asset.obligor && o.period >= 1)
        .map(|o| o.period as usize - 1)
        .min()
        .unwrap_or(usize::MAX)
}

impl PoolSchedule {
    /// A revolving deal: the original balances its limits watch.
    pub(super) fn concentration(&self) -> Option<&super::revolving::Concentration> {
        self.concentration.as_ref()
    }

    /// Sums the pool's no-loss schedule: assets in pool order within chunks of `CHUNK`,
    /// chunk sums added in chunk order.
    pub fn new(
        deal: &Deal,
        tape: &[Asset],
        named: &[ObligorDefault],
        schedule: &Schedule,
    ) -> PoolSchedule {
        let n = schedule.len();
        let owned = deal.pool.assets(tape);
        let assets: Vec<&Asset> = owned.iter().collect();
        let ppy = f64::from(schedule.periods_per_year);
        let chunks: Vec<PoolSchedule> = assets
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut sums = ChunkSums::zero(n);
                let (mut initial, mut exact) = (0.0, ExactSum::default());
                for a in chunk {
                    if a.balance.is_sign_negative() || a.balance.is_zero() {
                        continue;
                    }
                    exact.add(a.balance);
                    let t = Terms::of(a, schedule);
                    initial += t.balance;
                    let forced_at = forced_period(a, named);
                    if forced_at < n || matches!(a.amortisation, Amortisation::Schedule(_)) {
                        sums.add_one(a, &t, forced_at);
                    } else {
                        sums.add_closed_form(&t, ppy);
                    }
                }
                sums.finish(ppy, initial, exact.total().unwrap_or_default())
            })
            .collect();
        let mut total = PoolSchedule {
            due: vec![0.0; n],
            rate_balance: vec![0.0; n],
            forced: vec![0.0; n],
            assets: assets.len(),
            pledged: pledged(&assets, named, schedule),
            concentration: deal
                .revolving
                .as_ref()
                .map(|r| super::revolving::Concentration::new(r, &assets, named, schedule)),
            ..PoolSchedule::default()
        };
        for chunk in chunks {
            for (sum, part) in [
                (&mut total.due, chunk.due),
                (&mut total.rate_balance, chunk.rate_balance),
                (&mut total.forced, chunk.forced),
            ] {
                for (x, y) in sum.iter_mut().zip(part) {
                    *x += y;
                }
            }
            total.initial += chunk.initial;
            total.initial_balance += chunk.initial_balance;
        }
        total
    }

    /// The scenario on the no-loss sums.
    /// Pledged assets: of a period's defaults, `A × share × S_i` are asset *i*'s (share =
    /// p_default, or 1 in its named-default period), recovering `A × share × min(S_i, V_i ×
    /// (1 − value stress) × (1 − haircut))` instead of the flat recovery rate. With *A* the surviving fraction at the start of
    /// period *k* (the product of (1 − p_default)(1 − p_prepay) so far) and *S* the no-loss
    /// balance of the performing assets: defaults `A × (p_default × (S − forced) + forced)`;
    /// then, with `A₁ = A × (1 − p_default)`, interest `A₁ × accrual × Σ rate × S`, scheduled
    /// principal `A₁ × due`, prepayments `A₁ × p_prepay × (S − forced − due)`.
    pub fn apply(
        &self,
        scenario: &Scenario,
        schedule: &Schedule,
        lag: usize,
        call: Option<&CleanUpCall>,
    ) -> PoolLedger {
        let n = self.due.len();
        let mut sums = Sums::zero(n);
        let (mut alive, mut balance) = (1.0, self.initial);
        // What the pledge fetches per yuan of appraised value.
        let cover = (1.0 - scenario.pledge_value_stress.clamp(0.0, 1.0))
            * (1.0 - scenario.pledge_haircut.clamp(0.0, 1.0));
        for k in 0..n {
            let year_fraction = schedule.year_fraction[k];
            let p_default = period_rate(scenario.cdr.at(k), year_fraction);
            let p_prepay = period_rate(scenario.cpr.at(k), year_fraction);
            let accrual = schedule.accrual_days[k] as f64 / schedule.basis as f64;
            let performing = (balance - self.forced[k]).max(0.0);
            sums.defaults[k] = alive * (p_default * performing + self.forced[k]);
            for p in &self.pledged {
                let share = match k.cmp(&p.forced_at) {
                    std::cmp::Ordering::Less => p_default,
                    std::cmp::Ordering::Equal => 1.0,
                    std::cmp::Ordering::Greater => 0.0,
                };
                let s = p.opening[k];
                sums.pledged_defaults[k] += alive * share * s;
                sums.pledged_recoveries[k] += alive * share * s.min(p.value * cover);
            }
            alive *= 1.0 - p_default;
            sums.interest[k] = alive * accrual * self.rate_balance[k];
            sums.scheduled[k] = alive * self.due[k];
            balance = (performing - self.due[k]).max(0.0);
            sums.prepay[k] = alive * p_prepay * balance;
            alive *= 1.0 - p_prepay;
        }
        to_ledger(self, &sums, lag, scenario, call)
    }
}

/// `x` to the power `n` by squaring: the products of `f64::powi` (compiler-rt's
/// `__powidf2`; a factor 1 is exact), but for terms below 512 periods a fixed nine steps
/// without a branch on the bits of `n`, which mispredicts when terms vary.
fn powi(mut x: f64, n: usize) -> f64 {
    if n >= 512 {
        return x.powi(i32::try_from(n).unwrap_or(i32::MAX));
    }
    let mut r = 1.0;
    for bit in 0..9 {
        r *= if (n >> bit) & 1 == 1 { x } else { 1.0 };
        x *= x;
    }
    r
}

/// Per-period sums in `f64`.
struct Sums {
    defaults: Vec<f64>,
    interest: Vec<f64>,
    scheduled: Vec<f64>,
    prepay: Vec<f64>,
    /// The part of `defaults` on assets with a pledge, and what their pledges recover.
    pledged_defaults: Vec<f64>,
    pledged_recoveries: Vec<f64>,
}

impl Sums {
    fn zero(n: usize) -> Sums {
        Sums {
            defaults: vec![0.0; n],
            interest: vec![0.0; n],
            scheduled: vec![0.0; n],
            prepay: vec![0.0; n],
            pledged_defaults: vec![0.0; n],
            pledged_recoveries: vec![0.0; n],
        }
    }
}

/// The pool's assets with a pledged data asset, with their no-loss balances.
fn pledged(assets: &[&Asset], named: &[ObligorDefault], schedule: &Schedule) -> Vec<Pledged> {
    let n = schedule.len();
    assets
        .iter()
        .filter(|a| a.balance > Decimal::ZERO)
        .filter_map(|a| {
            let pledge = a.pledge.as_ref()?;
            let t = Terms::of(a, schedule);
            let mut opening = vec![0.0; n];
            for (k, b, _) in no_loss(a, &t, n) {
                opening[k] = b;
            }
            Some(Pledged {
                value: to_f64(pledge.appraised_value),
                balance: t.balance,
                forced_at: forced_period(a, named),
                opening,
            })
        })
        .collect()
}

pub(super) fn period_rate(annual: f64, year_fraction: f64) -> f64 {
    let annual = annual.clamp(0.0, 1.0);
    1.0 - (1.0 - annual).powf(year_fraction)
}

fn to_ledger(
    pool: &PoolSchedule,
    s: &Sums,
    lag: usize,
    scenario: &Scenario,
    call: Option<&CleanUpCall>,
) -> PoolLedger {
    let n = s.defaults.len();
    let initial = pool.initial_balance;
    let mut closing_f64 = pool.initial;
    let mut l = PoolLedger {
        initial_balance: initial,
        call_proceeds: vec![Decimal::ZERO; n],
        called_balance: vec![Decimal::ZERO; n],
        assets: pool.assets,
        pledge_ltv: pledge_ltv(pool, scenario),
        ..PoolLedger::default()
    };
    let mut opening = initial;
    let mut raw_collections = Vec::with_capacity(n);
    for k in 0..n {
        closing_f64 -= s.defaults[k] + s.scheduled[k] + s.prepay[k];
        // The closing balance is rounded from its own sum, so rounding never accumulates in
        // the balance; defaults and prepayments give way to it by the odd fen, and scheduled
        // principal is the remainder, so the ledger balance always reconciles to the fen.
        let closing = fen_from_f64(closing_f64).clamp(Decimal::ZERO, opening);
        let defaults = fen_from_f64(s.defaults[k]).clamp(Decimal::ZERO, opening - closing);
        let prepay = fen_from_f64(s.prepay[k]).clamp(Decimal::ZERO, opening - closing - defaults);
        let scheduled = opening - defaults - prepay - closing;
        l.opening_balance.push(opening);
        l.defaults.push(defaults);
        l.closing_balance.push(closing);
        raw_collections.push((fen_from_f64(s.interest[k]), scheduled, prepay));
        opening = closing;
    }
    // A clean-up call ends the pool on its date: nothing performs or defaults after it.
    let called = call.and_then(|c| Some((c, call_period(c, initial, &l.closing_balance)?)));
    let last = called.map_or(n.saturating_sub(1), |(_, k)| k);
    let after = last + 1;
    for v in [
        &mut l.opening_balance,
        &mut l.defaults,
        &mut l.closing_balance,
    ] {
        v.iter_mut().skip(after).for_each(|x| *x = Decimal::ZERO);
    }
    raw_collections
        .iter_mut()
        .skip(after)
        .for_each(|c| *c = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO));
    // Recoveries follow from the period totals (the recovery rate is the pool's, and every
    // amount is a fraction of the balance), so assets need not carry them. Those due after
    // the call are sold with the pool; without a call, those after the last date are lost.
    // Pledged assets recover from their pledges, after their own lag.
    let rate = scenario.recovery_rate.clamp(0.0, 1.0);
    let recovery_lag = scenario.recovery_lag as usize;
    let pledge_lag = scenario.pledge_lag.map_or(recovery_lag, |x| x as usize);
    let mut recoveries = vec![0.0; n];
    let (mut after_call, mut lost) = (0.0, 0.0);
    for k in 0..n.min(last + 1) {
        let flat = (s.defaults[k] - s.pledged_defaults[k]).max(0.0) * rate;
        for (amount, lag) in [(flat, recovery_lag), (s.pledged_recoveries[k], pledge_lag)] {
            match recoveries.get_mut(k + lag) {
                Some(x) if k + lag <= last => *x += amount,
                _ if called.is_some() => after_call += amount,
                _ => lost += amount,
            }
        }
    }
    l.recoveries_lost = fen_from_f64(lost);
    if let Some((c, k)) = called {
        let balance = std::mem::take(&mut l.closing_balance[k]);
        l.called_balance[k] = balance;
        l.call_proceeds[k] = price(c, balance + fen_from_f64(after_call));
    }
    // Collections of period k are available on date k + lag; the last date (the call date
    // when there is one) sweeps the rest.
    l.interest = vec![Decimal::ZERO; n];
    l.scheduled_principal = vec![Decimal::ZERO; n];
    l.prepayments = vec![Decimal::ZERO; n];
    l.recoveries = vec![Decimal::ZERO; n];
    for (k, (i, sp, pp)) in raw_collections.into_iter().enumerate() {
        let t = (k + lag).min(last);
        l.interest[t] += i;
        l.scheduled_principal[t] += sp;
        l.prepayments[t] += pp;
        l.recoveries[t] += fen_from_f64(recoveries[k]);
    }
    l
}

/// Σ balance at closing / Σ appraised value × (1 − value stress) of the pledged assets.
fn pledge_ltv(pool: &PoolSchedule, scenario: &Scenario) -> Option<f64> {
    if pool.pledged.is_empty() {
        return None;
    }
    let balance: f64 = pool.pledged.iter().map(|p| p.balance).sum();
    let value: f64 = pool.pledged.iter().map(|p| p.value).sum::<f64>()
        * (1.0 - scenario.pledge_value_stress.clamp(0.0, 1.0));
    (value > 0.0).then(|| balance / value)
}
