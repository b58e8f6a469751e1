//! Stage 4c, the holders' view: each unit class's cash flows (purchase, distributions, and
//! the sale or purchase of units in open periods), IRR, multiple, distribution rates.

use super::distribution::Class;
use super::operations::operating_year;
use crate::model::Deal;
use crate::money::to_f64;
use crate::results::{PeriodResult, SecurityMetrics, YearRate};
use chrono::NaiveDate;
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

/// Units moved from one class to another on a date, at a price per unit.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub k: usize,
    pub date: NaiveDate,
    pub from: usize,
    pub to: usize,
    pub units: Decimal,
    pub price: Decimal,
}

/// The metrics of class `c`. `issue` is the class's paid-in at issue (none for a class that
/// buys its units in open periods); `paid_in_at[k]` the class's paid-in on date k.
pub fn class_metrics(
    deal: &Deal,
    c: usize,
    class: &Class,
    issue: Option<Decimal>,
    periods: &[PeriodResult],
    paid_in_at: &[Vec<Decimal>],
    transfers: &[Transfer],
) -> SecurityMetrics {
    let closing = deal.closing_date;
    let mut flows: Vec<(NaiveDate, f64)> = Vec::new();
    let mut cost = issue.unwrap_or(ZERO);
    if let Some(p) = issue {
        flows.push((class.start, -to_f64(p)));
    }
    let mut received = ZERO;
    for t in transfers {
        let amount = t.units * t.price;
        if t.to == c {
            flows.push((t.date, -to_f64(amount)));
            cost += amount;
        }
        if t.from == c {
            flows.push((t.date, to_f64(amount)));
            received += amount;
        }
    }
    let (mut income, mut principal) = (ZERO, ZERO);
    let mut by_year: Vec<f64> = Vec::new();
    for (k, p) in periods.iter().enumerate() {
        let Some(t) = p.tranches.get(c) else { continue };
        income += t.residual_paid;
        principal += t.principal_paid;
        if t.cash() != ZERO {
            flows.push((p.date, to_f64(t.cash())));
        }
        let y = operating_year(closing, p.date.pred_opt().unwrap_or(p.date)) as usize;
        if by_year.len() <= y {
            by_year.resize(y + 1, 0.0);
        }
        let base = paid_in_at
            .get(k)
            .and_then(|v| v.get(c))
            .copied()
            .unwrap_or(ZERO);
        if base > ZERO {
            by_year[y] += to_f64(t.residual_paid) / to_f64(base);
        }
    }
    received += income + principal;
    let first = operating_year(closing, class.start) as usize;
    let rates: Vec<YearRate> = by_year
        .iter()
        .enumerate()
        .map(|(y, r)| YearRate {
            year: y as u32 + 1,
            rate: *r,
        })
        .collect();
    // The mean over full operating years held (the last, partial year is left out).
    let held = &rates[first.min(rates.len())..];
    let full = &held[..held.len().saturating_sub(1).max(1).min(held.len())];
    let avg =
        (!full.is_empty()).then(|| full.iter().map(|r| r.rate).sum::<f64>() / full.len() as f64);
    let cost_f = to_f64(cost);
    SecurityMetrics {
        id: class.id.clone(),
        name: class.name.clone(),
        holder: class.holder.into(),
        rating: None,
        size: cost,
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
        // For units: the money put in (issue price and purchases) not recovered by all the
        // cash received (distributions and sales).
        principal_loss: (cost - received).max(ZERO),
        interest_shortfall: ZERO,
        enhancement_draws: ZERO,
        interest_paid_in_full: true,
        multiple: (cost_f > 0.0).then(|| to_f64(received) / cost_f),
        distribution_rate: avg,
        distribution_rates: rates,
    }
}
