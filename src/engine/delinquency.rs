//! 逾期: the delinquency pipeline in front of the scenario's defaults and the ratio a
//! `Delinquency` trigger tests. It moves no cash: the CDR path alone says when a balance
//! stops paying (docs/methodology.md, "Delinquency").

use super::pool::PoolLedger;
use crate::model::{Delinquency, DelinquencyBasis, DelinquencyBucket};
use crate::money::{dec, fen};
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

/// Balances overdue at a period's end, to the fen: at least 30, 60 and 90 days (so
/// `days_30 ≥ days_60 ≥ days_90`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Overdue {
    pub days_30: Decimal,
    pub days_60: Decimal,
    pub days_90: Decimal,
}

impl Overdue {
    pub fn at_least(&self, bucket: DelinquencyBucket) -> Decimal {
        match bucket {
            DelinquencyBucket::Days30 => self.days_30,
            DelinquencyBucket::Days60 => self.days_60,
            DelinquencyBucket::Days90 => self.days_90,
        }
    }
}

/// The overdue balances at the end of each period. A balance defaulting in month M was 90
/// days overdue at the end of month M − 1, 60 at M − 2, 30 at M − 3; a period's ledger
/// defaults fall evenly on its `m` months, so month L (1, 2, 3) after the end of period k
/// holds `D[k + ⌈L/m⌉] / m`. Each stage is that amount divided by the shares rolling on
/// from it to default (`1 − cure`), rounded to the fen, and capped, 90 days first, by the
/// performing balance at the period's end not already in a later stage.
pub fn pipeline(d: &Delinquency, pool: &PoolLedger, months_per_period: u32) -> Vec<Overdue> {
    let m = months_per_period.max(1) as usize;
    let rolls = [d.cure_90, d.cure_60, d.cure_30].map(|c| Decimal::ONE - dec(c));
    (0..pool.periods())
        .map(|k| {
            let mut room = pool.closing_balance[k] + pool.called_balance[k];
            let mut factor = Decimal::from(m as u64);
            let mut stages = [ZERO; 3];
            for (l, (stage, roll)) in stages.iter_mut().zip(rolls).enumerate() {
                factor *= roll;
                let defaults = pool
                    .defaults
                    .get(k + (l + 1).div_ceil(m))
                    .copied()
                    .unwrap_or(ZERO);
                // A quotient too large for `Decimal` is above any balance: the cap holds.
                *stage = defaults
                    .checked_div(factor)
                    .map_or(room, fen)
                    .clamp(ZERO, room);
                room -= *stage;
            }
            let [s90, s60, s30] = stages;
            Overdue {
                days_30: s90 + s60 + s30,
                days_60: s90 + s60,
                days_90: s90,
            }
        })
        .collect()
}

/// The trigger's ratio on date `k` as (numerator, denominator): the overdue balance and the
/// basis it is measured on.
pub fn ratio_parts(
    overdue: &Overdue,
    bucket: DelinquencyBucket,
    basis: DelinquencyBasis,
    pool: &PoolLedger,
    k: usize,
) -> (Decimal, Decimal) {
    let base = match basis {
        DelinquencyBasis::Current => pool.closing_balance[k] + pool.called_balance[k],
        DelinquencyBasis::Initial => pool.initial_balance,
    };
    (overdue.at_least(bucket), base)
}
