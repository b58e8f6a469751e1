//! Secondary-market pricing of a tranche on the projected cash flows of a scenario: accrued
//! interest, clean and dirty price, yield, spread over the CDB curve, WAL, durations and
//! convexity at settlement. `docs/methodology.md` (Pricing) gives every rule. No egui here.

use crate::metrics;
use crate::model::Deal;
use crate::money::{accrue, dec, to_f64};
use crate::results::{DealResults, money};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// What the price is solved from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quote {
    /// Yield, annual compounding on ACT/365F from settlement (as XIRR).
    Yield(f64),
    /// Clean price per 100 of the balance outstanding at settlement.
    CleanPrice(f64),
    /// Spread over the CDB curve at the WAL from settlement.
    Spread(f64),
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PricingError {
    #[error("no tranche {0:?} in the deal")]
    UnknownSecurity(String),
    #[error("holding-type units are valued by their NAV per unit, not priced as tranches")]
    HoldingDeal,
    #[error("settlement {0} is before the closing date {1}")]
    BeforeClosing(NaiveDate, NaiveDate),
    #[error("tranche {0:?} has no balance outstanding or no cash flow after {1}")]
    NothingAfter(String, NaiveDate),
    #[error("the deal has no CDB curve (pricing.cdb_curve) to quote a spread on")]
    NoCurve,
    #[error("no yield in the range XIRR searches gives a clean price of {0}")]
    NoYield(f64),
    #[error("{0} is not a usable {1}")]
    BadInput(f64, &'static str),
}

/// One projected receipt after settlement.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PricedFlow {
    pub date: NaiveDate,
    #[serde(with = "money")]
    pub interest: Decimal,
    #[serde(with = "money")]
    pub principal: Decimal,
    /// Excess-spread income of a residual tranche.
    #[serde(with = "money")]
    pub residual: Decimal,
    /// The receipt discounted to settlement at the yield.
    pub present_value: f64,
}

/// A priced security (the `price` command's JSON document).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pricing {
    pub deal: String,
    pub scenario: String,
    pub security: String,
    pub trade_date: Option<NaiveDate>,
    pub settlement_date: NaiveDate,
    /// The tranche's balance after the last payment date on or before settlement.
    #[serde(with = "money")]
    pub outstanding: Decimal,
    /// Where accrued interest starts: that payment date, or closing.
    pub accrual_start: NaiveDate,
    pub accrued_days: i64,
    /// Coupon accrued on `outstanding` to settlement, to the fen.
    #[serde(with = "money")]
    pub accrued_interest: Decimal,
    /// Per 100 of `outstanding`.
    pub accrued_per_100: f64,
    pub clean_price: f64,
    pub dirty_price: f64,
    /// Money paid at settlement: dirty price × outstanding / 100.
    pub settlement_amount: f64,
    #[serde(rename = "yield")]
    pub yield_: f64,
    pub wal: Option<f64>,
    pub macaulay_duration: Option<f64>,
    pub modified_duration: Option<f64>,
    pub convexity: Option<f64>,
    /// CDB curve yield at the WAL, and the yield's spread over it.
    pub curve_yield: Option<f64>,
    pub spread: Option<f64>,
    pub flows: Vec<PricedFlow>,
}

/// Price tranche `security` at `settle` on the flows of `results` (a run of `deal`).
pub fn price(
    deal: &Deal,
    results: &DealResults,
    security: &str,
    settle: NaiveDate,
    quote: Quote,
) -> Result<Pricing, PricingError> {
    if deal.holding.is_some() {
        return Err(PricingError::HoldingDeal);
    }
    let t = deal
        .tranche_index(security)
        .ok_or_else(|| PricingError::UnknownSecurity(security.into()))?;
    if settle < deal.closing_date {
        return Err(PricingError::BeforeClosing(settle, deal.closing_date));
    }
    let tranche = &deal.tranches[t];
    // The seller keeps what is paid on the settlement date itself.
    let paid = results.periods.iter().rposition(|p| p.date <= settle);
    let (outstanding, accrual_start) = match paid {
        Some(k) => (
            results.periods[k].tranches[t].closing_balance,
            results.periods[k].date,
        ),
        None => (tranche.size, deal.closing_date),
    };
    let after = &results.periods[paid.map_or(0, |k| k + 1)..];
    let receipts: Vec<(NaiveDate, f64)> = after
        .iter()
        .map(|p| (p.date, to_f64(p.tranches[t].cash())))
        .filter(|(_, cash)| *cash != 0.0)
        .collect();
    if outstanding <= Decimal::ZERO || receipts.is_empty() {
        return Err(PricingError::NothingAfter(security.into(), settle));
    }
    let face = to_f64(outstanding);
    let accrued_days = deal.day_count.days(accrual_start, settle);
    // A floating or stepped-up coupon accrues at the rate of the period settlement falls in.
    let rate = after
        .first()
        .and_then(|p| p.tranches[t].coupon_rate)
        .map_or_else(|| dec(tranche.coupon), dec);
    let accrued_interest = accrue(outstanding, rate, accrued_days, deal.day_count.basis());
    let accrued_per_100 = to_f64(accrued_interest) / face * 100.0;
    let principal: Vec<(NaiveDate, f64)> = after
        .iter()
        .map(|p| (p.date, to_f64(p.tranches[t].principal_paid)))
        .filter(|(_, x)| *x > 0.0)
        .collect();
    let wal = metrics::wal(settle, &principal);
    let curve = deal
        .pricing
        .as_ref()
        .map(|p| p.cdb_curve.as_slice())
        .filter(|c| !c.is_empty());
    let curve_at_wal = curve.zip(wal).map(|(c, w)| metrics::curve_yield(c, w));
    let yield_ = match quote {
        Quote::Yield(y) if y > -1.0 && y.is_finite() => y,
        Quote::Yield(y) => return Err(PricingError::BadInput(y, "yield")),
        Quote::Spread(s) if s.is_finite() => curve_at_wal.ok_or(PricingError::NoCurve)? + s,
        Quote::Spread(s) => return Err(PricingError::BadInput(s, "spread")),
        Quote::CleanPrice(c) if c > 0.0 && c.is_finite() => {
            let dirty = c + accrued_per_100;
            let mut flows = Vec::with_capacity(receipts.len() + 1);
            flows.push((settle, -dirty * face / 100.0));
            flows.extend_from_slice(&receipts);
            metrics::xirr(&flows).ok_or(PricingError::NoYield(c))?
        }
        Quote::CleanPrice(c) => return Err(PricingError::BadInput(c, "clean price")),
    };
    let discount = |d: NaiveDate| (1.0 + yield_).powf(-metrics::year_fraction(settle, d));
    let flows: Vec<PricedFlow> = after
        .iter()
        .map(|p| {
            let tp = &p.tranches[t];
            PricedFlow {
                date: p.date,
                interest: tp.interest_paid,
                principal: tp.principal_paid,
                residual: tp.residual_paid,
                present_value: to_f64(tp.cash()) * discount(p.date),
            }
        })
        .filter(|f| f.interest + f.principal + f.residual != Decimal::ZERO)
        .collect();
    let pv: f64 = flows.iter().map(|f| f.present_value).sum();
    let dirty_price = match quote {
        // The quoted price itself, not its round trip through the solved yield.
        Quote::CleanPrice(c) => c + accrued_per_100,
        _ => pv / face * 100.0,
    };
    Ok(Pricing {
        deal: deal.name.clone(),
        scenario: results.scenario.clone(),
        security: security.into(),
        trade_date: deal.pricing.as_ref().and_then(|p| p.trade_date),
        settlement_date: settle,
        outstanding,
        accrual_start,
        accrued_days,
        accrued_interest,
        accrued_per_100,
        clean_price: dirty_price - accrued_per_100,
        dirty_price,
        settlement_amount: dirty_price * face / 100.0,
        yield_,
        wal,
        macaulay_duration: metrics::macaulay_duration(settle, &receipts, yield_),
        modified_duration: metrics::modified_duration(settle, &receipts, yield_),
        convexity: metrics::convexity(settle, &receipts, yield_),
        curve_yield: curve_at_wal,
        spread: curve_at_wal.map(|c| yield_ - c),
        flows,
    })
}
