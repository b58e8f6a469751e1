//! The coupon of each tranche in each accrual period: fixed, or an index from the
//! scenario's rate path plus a spread within a floor and a cap, plus the step-ups in force.
//! Rates are added in `Decimal` from their decimal text, so 3.10% + 0.60% is exactly 3.70%.

use crate::model::{Deal, Scenario, StepUpEvent, Tranche};
use crate::money::dec;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Whether a tranche's coupon can change from period to period.
pub fn varies(t: &Tranche) -> bool {
    t.floating.is_some() || !t.step_ups.is_empty()
}

/// The coupon of tranche `t` for the accrual period that starts on `start` (the closing
/// date or the previous payment date). `breached_before(id)`: whether trigger `id` was
/// breached on a payment date on or before `start`.
pub fn coupon(
    deal: &Deal,
    sc: &Scenario,
    t: usize,
    start: NaiveDate,
    breached_before: impl Fn(&str) -> bool,
) -> Decimal {
    let tranche = &deal.tranches[t];
    let steps: Decimal = tranche
        .step_ups
        .iter()
        .filter(|s| match &s.after {
            StepUpEvent::Date(d) => start >= *d,
            StepUpEvent::Trigger(id) => breached_before(id),
        })
        .map(|s| dec(s.add))
        .sum();
    let Some(f) = &tranche.floating else {
        return dec(tranche.coupon) + steps;
    };
    // Fixed at the start of the period; validation makes sure a level exists.
    let index = sc
        .rate_paths
        .iter()
        .find(|p| p.index == f.index)
        .and_then(|p| p.level_on(start))
        .map_or(Decimal::ZERO, dec);
    let mut rate = index + dec(tranche.coupon) + steps;
    if let Some(floor) = f.floor {
        rate = rate.max(dec(floor));
    }
    if let Some(cap) = f.cap {
        rate = rate.min(dec(cap));
    }
    rate.max(Decimal::ZERO)
}
