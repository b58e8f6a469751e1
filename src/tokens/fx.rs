//! 境内资产境外发行: a token's schedule in a second currency.
//!
//! On each date each component's CNY cash, plus the CNY left unconverted on the token's
//! previous date, is converted at the date's rate (CNY per unit of the currency) and rounded
//! *down* to the currency's minor unit; the CNY not converted (less than one minor unit's
//! worth) is carried to the next date. The converted amount is then split over the units as
//! in CNY ([`Leg::split`]).

use super::{Leg, TokenError, TokenRow, TokenSchedule, metrics, overflow};
use crate::model::Offshore;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// One component's conversion on one date.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Conversion {
    /// The token's CNY cash of the date.
    pub cny: Decimal,
    /// CNY left unconverted on the token's previous date.
    pub carried_in: Decimal,
    /// CNY per one unit of the currency.
    pub rate: Decimal,
    /// `floor((cny + carried_in) / rate)` to the currency's minor unit.
    pub converted: Decimal,
    /// CNY left unconverted: `cny + carried_in − converted × rate` (exact, may hold fractions
    /// of a fen).
    pub carried_out: Decimal,
}

impl Conversion {
    pub fn of(
        cny: Decimal,
        carried_in: Decimal,
        rate: Decimal,
        decimals: u32,
    ) -> Result<Conversion, TokenError> {
        let total = cny
            .checked_add(carried_in)
            .ok_or_else(|| overflow("CNY + carried"))?;
        let mut converted = total
            .checked_div(rate)
            .ok_or_else(|| overflow("CNY / rate"))?
            .round_dp_with_strategy(decimals, RoundingStrategy::ToZero);
        let step = Decimal::new(1, decimals);
        let value = |c: Decimal| c.checked_mul(rate).ok_or_else(|| overflow("amount × rate"));
        // Guard the floor against a quotient rounded up in its 28th digit.
        while converted > Decimal::ZERO && value(converted)? > total {
            converted -= step;
        }
        Ok(Conversion {
            cny,
            carried_in,
            rate,
            converted,
            carried_out: total - value(converted)?,
        })
    }
}

/// The rate of payment period `period` (1-based): the scenario's path (the last value
/// repeats) or the stated rate.
pub fn rate_for(o: &Offshore, path: &[Decimal], period: usize) -> Decimal {
    path.get(period.saturating_sub(1))
        .or(path.last())
        .copied()
        .unwrap_or(o.rate)
}

/// The CNY schedule `t` in the offshore currency `o`, at the scenario's rate path `path`.
pub fn offshore(
    t: &TokenSchedule,
    o: &Offshore,
    path: &[Decimal],
    closing: NaiveDate,
) -> Result<TokenSchedule, TokenError> {
    if o.rate <= Decimal::ZERO || path.iter().any(|r| *r <= Decimal::ZERO) {
        return Err(TokenError::Arithmetic(
            "an exchange rate is not positive".into(),
        ));
    }
    let mut rows: Vec<TokenRow> = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let rate = rate_for(o, path, row.period);
        let prev = rows.last();
        let mut conv = [Conversion::default(); 3];
        let mut legs = [Leg::default(); 3];
        for (k, leg) in row.legs().into_iter().enumerate() {
            let carried = prev
                .and_then(|p| p.conversion)
                .map_or(Decimal::ZERO, |c| c[k].carried_out);
            conv[k] = Conversion::of(leg.cash, carried, rate, o.decimals)?;
            let unit_carry = prev.map_or(Decimal::ZERO, |p| p.legs()[k].carried_out);
            legs[k] = Leg::split(conv[k].converted, unit_carry, row.units, o.decimals)?;
        }
        rows.push(TokenRow {
            interest: legs[0],
            principal: legs[1],
            other: legs[2],
            conversion: Some(conv),
            ..row.clone()
        });
    }
    // The holder's price in the currency at the stated rate.
    let price = t.metrics.price.and_then(|p| p.checked_div(o.rate));
    Ok(TokenSchedule {
        currency: o.currency.clone(),
        decimals: o.decimals,
        metrics: metrics(closing, price, &rows),
        rows,
        ..t.clone()
    })
}
