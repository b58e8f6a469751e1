//! Stage 3b, the unit classes: hurdles (倾斜分配, pari passu within a rank), capital return,
//! the rest as income (by units, or a dynamic tilt), and the originator's support of the
//! market units below 达标值 (补足投资者收益缺口).

use crate::model::{HurdleBase, TiltedDistribution};
use crate::money::{dec, fen};
use chrono::NaiveDate;
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    /// Market units, expansion units and units bought in open periods.
    Market,
    /// The originator's own units (自持), paid after the market hurdle.
    Originator,
}

#[derive(Debug, Clone)]
pub struct Class {
    pub id: String,
    pub name: String,
    pub holder: &'static str,
    pub rank: Rank,
    /// The first payment date (index) on which the class takes part, and when it started.
    pub from: usize,
    pub start: NaiveDate,
    pub units: Decimal,
    pub paid_in: Decimal,
    /// Capital not yet returned.
    pub capital: Decimal,
    pub hurdle_arrears: Decimal,
}

impl Class {
    fn active(&self, k: usize) -> bool {
        self.from <= k && self.units > ZERO
    }

    /// Move `units` of this class to `to`, with their share of paid-in, capital and arrears.
    pub fn transfer(&mut self, to: &mut Class, units: Decimal) {
        if units <= ZERO || self.units <= ZERO {
            return;
        }
        let units = units.min(self.units);
        let part = |x: Decimal| fen(x * units / self.units);
        let (p, c, a) = (
            part(self.paid_in),
            part(self.capital),
            part(self.hurdle_arrears),
        );
        self.units -= units;
        self.paid_in -= p;
        self.capital -= c;
        self.hurdle_arrears -= a;
        to.units += units;
        to.paid_in += p;
        to.capital += c;
        to.hurdle_arrears += a;
    }
}

/// One date's inputs.
pub struct DistIn<'a> {
    pub k: usize,
    /// The period: hurdles accrue from `from` (or a class's start, if later) to `date`.
    pub from: NaiveDate,
    pub date: NaiveDate,
    pub is_exit: bool,
    pub tilt: Option<&'a TiltedDistribution>,
    pub base: HurdleBase,
    /// Capital the plan received on the date, returned to the classes before income.
    pub capital_receipts: Decimal,
    /// The originator's support applies: the market units' return it makes up.
    pub support: Option<f64>,
    /// NOI / 预期值, for a dynamic tilt.
    pub performance: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct DistOut {
    pub income: Vec<Decimal>,
    pub capital: Vec<Decimal>,
    pub hurdle_due: Decimal,
    pub hurdle_carried: Decimal,
    pub support: Decimal,
}

/// Split `amount` by `weights`, each `fen(amount × w / Σw)`, never above `caps` when given;
/// the rounding remainder goes to the classes in order, within their caps.
pub fn allocate(amount: Decimal, weights: &[Decimal], caps: Option<&[Decimal]>) -> Vec<Decimal> {
    let mut out = vec![ZERO; weights.len()];
    let total: Decimal = weights.iter().filter(|w| **w > ZERO).sum();
    if amount <= ZERO || total <= ZERO {
        return out;
    }
    let cap = |i: usize| caps.map_or(Decimal::MAX, |c| c[i]);
    for (i, w) in weights.iter().enumerate() {
        if *w > ZERO {
            // amount × w / Σw; near the top of the amounts handled the product leaves
            // Decimal's range, and w / Σw (at most 1) is taken first.
            let share = amount
                .checked_mul(*w)
                .map_or_else(|| amount * (*w / total), |x| x / total);
            out[i] = fen(share).min(cap(i));
        }
    }
    let mut left = amount - out.iter().sum::<Decimal>();
    for (i, w) in weights.iter().enumerate() {
        if left == ZERO {
            break;
        }
        if *w > ZERO {
            let x = if left > ZERO {
                left.min(cap(i) - out[i])
            } else {
                left.max(-out[i])
            };
            out[i] += x;
            left -= x;
        }
    }
    out
}

impl DistIn<'_> {
    /// `fen(base × rate × days / 365)` for a class, the days from the period start or the
    /// class's issue, if later.
    fn accrue(&self, c: &Class, rate: f64) -> Decimal {
        let base = match self.base {
            HurdleBase::PaidIn => c.paid_in,
            HurdleBase::Outstanding => c.capital,
        };
        let days = (self.date - self.from.max(c.start)).num_days().max(0);
        fen(base * dec(rate) * Decimal::from(days) / Decimal::from(365))
    }

    /// A value per class: `f` for the active classes of `rank` (any rank when none), else 0.
    fn per_class(
        &self,
        classes: &[Class],
        rank: Option<Rank>,
        f: impl Fn(usize, &Class) -> Decimal,
    ) -> Vec<Decimal> {
        classes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if c.active(self.k) && rank.is_none_or(|r| c.rank == r) {
                    f(i, c)
                } else {
                    ZERO
                }
            })
            .collect()
    }
}

/// Distribute `funds` to the classes on one date: hurdles, capital, income, support.
pub fn distribute(classes: &mut [Class], funds: Decimal, d: &DistIn) -> DistOut {
    let n = classes.len();
    let mut out = DistOut {
        income: vec![ZERO; n],
        capital: vec![ZERO; n],
        ..DistOut::default()
    };
    let mut left = funds.max(ZERO);
    if let Some(t) = d.tilt {
        left -= hurdles(classes, left, d, t, &mut out);
    }
    left -= return_capital(classes, left, d, &mut out);
    income(classes, left, d, &mut out);
    if let Some(ret) = d.support {
        support(classes, d, ret, &mut out);
    }
    out.hurdle_carried = classes.iter().map(|c| c.hurdle_arrears).sum();
    out
}

/// Hurdles: the market rank (pari passu, pro rata to what is due), then the originator's;
/// unpaid hurdle is carried. Returns what was paid.
fn hurdles(
    classes: &mut [Class],
    funds: Decimal,
    d: &DistIn,
    t: &TiltedDistribution,
    out: &mut DistOut,
) -> Decimal {
    let market = if d.is_exit {
        t.disposal_hurdle
    } else {
        t.market_hurdle
    };
    let mut left = funds;
    for (rank, rate) in [
        (Rank::Market, market),
        (Rank::Originator, t.originator_hurdle),
    ] {
        let due = d.per_class(classes, Some(rank), |_, c| {
            d.accrue(c, rate) + c.hurdle_arrears
        });
        let total: Decimal = due.iter().sum();
        let paid = allocate(total.min(left), &due, Some(&due));
        for (i, c) in classes.iter_mut().enumerate() {
            if c.active(d.k) && c.rank == rank {
                c.hurdle_arrears = due[i] - paid[i];
                out.income[i] += paid[i];
            }
        }
        left -= paid.iter().sum::<Decimal>();
        out.hurdle_due += total;
    }
    funds - left
}

/// Capital: what the plan received as capital, pro rata to capital outstanding; on the exit
/// date all that is left, the market rank first when distributions are tilted. Returns what
/// was paid.
fn return_capital(classes: &mut [Class], funds: Decimal, d: &DistIn, out: &mut DistOut) -> Decimal {
    let ranks: &[Option<Rank>] = if d.is_exit && d.tilt.is_some() {
        &[Some(Rank::Market), Some(Rank::Originator)]
    } else {
        &[None]
    };
    let mut to_return = if d.is_exit {
        funds
    } else {
        funds.min(d.capital_receipts)
    };
    let mut paid_total = ZERO;
    for r in ranks {
        let caps = d.per_class(classes, *r, |_, c| c.capital);
        let total: Decimal = caps.iter().sum();
        let paid = allocate(to_return.min(total), &caps, Some(&caps));
        for (i, c) in classes.iter_mut().enumerate() {
            c.capital -= paid[i];
            out.capital[i] += paid[i];
        }
        let sum: Decimal = paid.iter().sum();
        to_return -= sum;
        paid_total += sum;
    }
    paid_total
}

/// The rest is income: by units, or the dynamic tilt's market share.
fn income(classes: &[Class], left: Decimal, d: &DistIn, out: &mut DistOut) {
    let units = |r: Option<Rank>| d.per_class(classes, r, |_, c| c.units);
    let step = d.tilt.zip(d.performance).and_then(|(t, perf)| {
        t.steps
            .iter()
            .find(|s| perf < s.below)
            .map(|s| s.market_share)
    });
    let (market, originator) = (units(Some(Rank::Market)), units(Some(Rank::Originator)));
    let has = |u: &[Decimal]| u.iter().any(|x| *x > ZERO);
    let parts: Vec<(Decimal, Vec<Decimal>)> = match step {
        Some(share) if has(&market) && has(&originator) => {
            let m = fen(left * dec(share)).min(left);
            vec![(m, market), (left - m, originator)]
        }
        _ => vec![(left, units(None))],
    };
    for (amount, w) in parts {
        for (i, x) in allocate(amount, &w, None).into_iter().enumerate() {
            out.income[i] += x;
        }
    }
}

/// 补足投资者收益缺口: the originator's income of the date makes up the market units' return
/// at `ret`, no more than that income.
fn support(classes: &[Class], d: &DistIn, ret: f64, out: &mut DistOut) {
    let gaps = d.per_class(classes, Some(Rank::Market), |i, c| {
        (d.accrue(c, ret) - out.income[i]).max(ZERO)
    });
    let from = d.per_class(classes, Some(Rank::Originator), |i, _| out.income[i]);
    let x = gaps.iter().sum::<Decimal>().min(from.iter().sum());
    let take = allocate(x, &from, Some(&from));
    let give = allocate(x, &gaps, Some(&gaps));
    for (i, v) in out.income.iter_mut().enumerate() {
        *v += give[i] - take[i];
    }
    out.support = x;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn allocate_keeps_every_fen_and_the_caps() {
        // 100.00 by 1:1:1 → 33.33 each and the odd fen to the first.
        let w = [d("1"), d("1"), d("1")];
        assert_eq!(
            allocate(d("100"), &w, None),
            vec![d("33.34"), d("33.33"), d("33.33")]
        );
        // Capped at what is due: 10.00 over dues 0.01 and 9.99 pays exactly the dues.
        let due = [d("0.01"), d("9.99")];
        assert_eq!(
            allocate(d("10"), &due, Some(&due)),
            vec![d("0.01"), d("9.99")]
        );
        // Enough for both dues of 1.00 and 3.00: each paid; 2.00 short of 4.00: 0.50 and 1.50.
        let due = [d("1"), d("3")];
        assert_eq!(allocate(d("4"), &due, Some(&due)), vec![d("1"), d("3")]);
        assert_eq!(
            allocate(d("2"), &due, Some(&due)),
            vec![d("0.50"), d("1.50")]
        );
    }

    #[test]
    fn allocate_splits_nothing_that_is_not_positive() {
        // A shortfall (−1.00) is not handed out as negative shares of −0.50 each.
        let w = [d("1"), d("1")];
        assert_eq!(allocate(d("-1"), &w, None), vec![d("0"), d("0")]);
    }

    #[test]
    fn allocate_near_the_top_of_the_amounts_takes_the_share_first() {
        // 10^14 × a weight of 10^15 (10^29) is outside Decimal's range (about 7.9 × 10^28):
        // each of two equal weights takes 10^14 × (10^15 / 2 × 10^15) = 5 × 10^13.
        let w = [d("1000000000000000"), d("1000000000000000")];
        let half = d("50000000000000");
        assert_eq!(allocate(d("100000000000000"), &w, None), vec![half, half]);
    }

    #[test]
    fn allocate_gives_the_odd_fen_by_the_order_within_weights_and_caps() {
        // 1.00 by 0:1:1:1 → 0.33 each of the three and the odd fen to the first weighted one
        // (a class without units takes none).
        let w = [d("0"), d("1"), d("1"), d("1")];
        assert_eq!(
            allocate(d("1"), &w, None),
            vec![d("0"), d("0.34"), d("0.33"), d("0.33")]
        );
        // 2.00 by 1:1:1 → 0.67 each is a fen too many: the first gives it back, 0.66.
        let w = [d("1"), d("1"), d("1")];
        assert_eq!(
            allocate(d("2"), &w, None),
            vec![d("0.66"), d("0.67"), d("0.67")]
        );
        // 1.00 by 1:1:1 with the first capped at its 0.33: the odd fen goes to the second.
        let caps = [d("0.33"), d("1"), d("1")];
        assert_eq!(
            allocate(d("1"), &w, Some(&caps)),
            vec![d("0.33"), d("0.34"), d("0.33")]
        );
    }

    #[test]
    fn allocate_near_the_largest_amounts_handled() {
        // 999,999,999,999,999.99 over two dues that add up to it: amount × due leaves
        // Decimal's range (1e29 > 7.9e28); each due is still paid exactly.
        let due = [d("333333333333333.33"), d("666666666666666.66")];
        let paid = allocate(d("999999999999999.99"), &due, Some(&due));
        assert_eq!(paid, due.to_vec());
    }
}
