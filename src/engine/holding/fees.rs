//! Stage 3a, the plan's income and expenses: the performance-guarantee payment, and the fees
//! (manager, custodian, operator base fee with its cut below 达标值, incentive fee above
//! 预期值). Every fee accrues; what cannot be paid is carried and paid first when cash allows.

use crate::model::{Holding, Incentive, PerformanceGuarantee};
use crate::money::{dec, fen, to_f64};
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

/// The plan fees, in their order of payment.
pub const FEE_IDS: [&str; 4] = ["manager", "custodian", "operator", "incentive"];

/// A per-year term: the value for operating year `y`, or the one value for every year.
pub fn for_year(by_year: &[Decimal], one: Decimal, y: u32) -> Decimal {
    by_year.get(y as usize).copied().unwrap_or(one)
}

/// What one date's performance test and fees come to.
#[derive(Debug, Clone, Default)]
pub struct FeesOut {
    pub due: [Decimal; 4],
    pub paid: [Decimal; 4],
    pub carried: [Decimal; 4],
    pub cut: Decimal,
    pub incentive_deferred: Decimal,
    /// Below 达标值 after the remediation period: the cut and the subordination apply.
    pub below_floor: bool,
    /// NOI / 预期值 of the period, for a dynamic tilt.
    pub performance: Option<f64>,
}

/// One date's inputs.
pub struct FeesIn {
    /// Operating year (0-based) of the period's start.
    pub year: u32,
    /// Period days / days of that operating year: prorates annual thresholds and caps.
    pub year_frac: Decimal,
    pub days: i64,
    pub revenue: Decimal,
    pub noi: Decimal,
    /// Paid-in capital of the units outstanding (the base of manager and custodian fees).
    pub paid_in: Decimal,
    pub is_exit: bool,
}

#[derive(Debug, Clone, Default)]
pub struct PlanFees {
    arrears: [Decimal; 4],
    deferred: Decimal,
    below_run: u32,
    guarantee_year: Option<(u32, Decimal)>,
    guarantee_total: Decimal,
}

impl PlanFees {
    /// 业绩对赌: the NOI shortfall below the committed target of the period, capped per
    /// operating year and in total.
    pub fn guarantee(&mut self, g: &PerformanceGuarantee, p: &FeesIn) -> Decimal {
        let target = fen(for_year(&g.target_by_year, g.target_noi, p.year) * p.year_frac);
        let so_far = match self.guarantee_year {
            Some((y, x)) if y == p.year => x,
            _ => ZERO,
        };
        let mut x = (target - p.noi).max(ZERO);
        if let Some(c) = g.cap_per_year {
            x = x.min((c - so_far).max(ZERO));
        }
        if let Some(c) = g.cap_total {
            x = x.min((c - self.guarantee_total).max(ZERO));
        }
        self.guarantee_year = Some((p.year, so_far + x));
        self.guarantee_total += x;
        x
    }

    /// Pay the fees out of `funds`, arrears first within each fee, in the fees' order.
    pub fn pay(&mut self, h: &Holding, p: &FeesIn, funds: &mut Decimal) -> FeesOut {
        let mut out = FeesOut::default();
        let accrue =
            |rate: f64| fen(p.paid_in * dec(rate) * Decimal::from(p.days) / Decimal::from(365));
        let base_fee = fen(p.revenue * dec(h.plan.operator_base_fee_rate));
        let mut earned = ZERO;
        if let Some(inc) = &h.incentive {
            let floor = fen(for_year(&inc.floor_by_year, inc.floor_noi, p.year) * p.year_frac);
            let expected =
                fen(for_year(&inc.expected_by_year, inc.expected_noi, p.year) * p.year_frac);
            if p.noi < floor && floor > ZERO {
                self.below_run += 1;
            } else {
                self.below_run = 0;
            }
            out.below_floor = self.below_run > inc.remediation_periods;
            if out.below_floor {
                let frac = (to_f64(floor - p.noi) / to_f64(floor) * inc.cut_multiple)
                    .min(inc.max_cut)
                    .max(0.0);
                out.cut = fen(base_fee * dec(frac));
            }
            if p.noi > expected && expected > ZERO {
                earned = incentive_fee(inc, p.noi - expected, expected, p.year_frac);
            }
            out.performance = (expected > ZERO).then(|| to_f64(p.noi) / to_f64(expected));
            out.incentive_deferred = fen(earned * dec(inc.deferred_share));
        }
        self.deferred += out.incentive_deferred;
        let mut incentive = earned - out.incentive_deferred;
        if p.is_exit {
            incentive += std::mem::take(&mut self.deferred);
        }
        let accrued = [
            accrue(h.plan.manager_fee_rate),
            accrue(h.plan.custodian_fee_rate),
            base_fee - out.cut,
            incentive,
        ];
        for (i, accrued) in accrued.into_iter().enumerate() {
            let due = accrued + self.arrears[i];
            let paid = due.min(*funds).max(ZERO);
            *funds -= paid;
            self.arrears[i] = due - paid;
            out.due[i] = due;
            out.paid[i] = paid;
            out.carried[i] = due - paid;
        }
        out
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
        Some(c) => fee.min(fen(c.max(ZERO) * year_frac)),
        None => fee,
    }
}
