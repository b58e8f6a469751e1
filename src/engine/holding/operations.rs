//! Stage 1, the operating asset: revenue, opex, NOI and capex of a period, and the annual
//! figures that exit valuations and the incentive tests read.

use crate::model::{AssetRight, OperatingAsset, Scenario};
use crate::money::{dec, fen, to_f64};
use crate::time::add_months;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Start of operating year `y` (0-based) counted from `start`; `NaiveDate::MAX` past the
/// calendar (a year that never begins).
pub fn year_start(start: NaiveDate, y: u32) -> NaiveDate {
    y.checked_mul(12)
        .and_then(|m| add_months(start, m))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole operating years from `start` to `d` (0 before the first anniversary).
pub fn operating_year(start: NaiveDate, d: NaiveDate) -> u32 {
    if d <= start {
        return 0;
    }
    let guess = u32::try_from(d.year() - start.year()).unwrap_or(0);
    let mut y = guess.saturating_sub(1);
    while year_start(start, y + 1) <= d {
        y += 1;
    }
    y
}

/// Days in operating year `y` (at least 1).
pub fn year_days(start: NaiveDate, y: u32) -> i64 {
    (year_start(start, y + 1) - year_start(start, y))
        .num_days()
        .max(1)
}

/// Years from `start` to `d` as whole operating years plus the day fraction of the next one.
pub fn years_between(start: NaiveDate, d: NaiveDate) -> Decimal {
    if d <= start {
        return Decimal::ZERO;
    }
    let y = operating_year(start, d);
    let into = (d - year_start(start, y)).num_days();
    Decimal::from(y) + Decimal::from(into) / Decimal::from(year_days(start, y))
}

/// Amounts of the operating assets for one period.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Operations {
    pub revenue: Decimal,
    pub opex: Decimal,
    pub capex: Decimal,
}

impl Operations {
    pub fn noi(&self) -> Decimal {
        self.revenue - self.opex
    }
}

impl std::ops::AddAssign for Operations {
    fn add_assign(&mut self, o: Operations) {
        self.revenue += o.revenue;
        self.opex += o.opex;
        self.capex += o.capex;
    }
}

/// Annual revenue of operating year `y` (0-based) at the scenario's growth and occupancy.
pub fn annual_revenue(a: &OperatingAsset, y: u32, sc: &Scenario) -> f64 {
    let base = match a.revenue_schedule.get(y as usize) {
        Some(r) => to_f64(*r),
        None => to_f64(a.base_revenue) * (1.0 + sc.revenue_growth).powi(y.min(10_000) as i32),
    };
    base * sc.occupancy
}

pub fn annual_noi(a: &OperatingAsset, y: u32, sc: &Scenario) -> f64 {
    let r = annual_revenue(a, y, sc);
    r - r * a.opex_ratio - to_f64(a.fixed_opex)
}

/// NOI − capex of operating year `y`.
pub fn annual_cash(a: &OperatingAsset, y: u32, sc: &Scenario) -> f64 {
    let r = annual_revenue(a, y, sc);
    let capex = match a.capex_schedule.get(y as usize) {
        Some(c) => to_f64(*c),
        None => r * a.capex_ratio,
    };
    annual_noi(a, y, sc) - capex
}

/// The concession's expiry; a property has none.
pub fn asset_end(a: &OperatingAsset) -> Option<NaiveDate> {
    match a.right {
        AssetRight::Concession { expiry } => Some(expiry),
        AssetRight::Property { .. } => None,
    }
}

/// The end of the asset's depreciable life, for an asset bought on `start`.
pub fn life_end(a: &OperatingAsset, start: NaiveDate) -> NaiveDate {
    match a.right {
        AssetRight::Concession { expiry } => expiry,
        AssetRight::Property { useful_life_years } => year_start(start, useful_life_years),
    }
}

/// Period amounts of an asset operated since `start`: the operating year's amounts × days in
/// the period / days in that year (the year of the period's start), a concession earning only
/// up to its expiry. Opex and capex ratios apply to the booked revenue.
pub fn period_operations(
    a: &OperatingAsset,
    start: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    sc: &Scenario,
) -> Operations {
    let from = from.max(start);
    let to = asset_end(a).map_or(to, |e| to.min(e));
    if to <= from {
        return Operations::default();
    }
    let y = operating_year(start, from);
    let frac = Decimal::from((to - from).num_days()) / Decimal::from(year_days(start, y));
    let revenue = fen(dec(annual_revenue(a, y, sc)) * frac);
    let opex = fen(revenue * dec(a.opex_ratio) + a.fixed_opex * frac);
    let capex = match a.capex_schedule.get(y as usize) {
        Some(c) => fen(*c * frac),
        None => fen(revenue * dec(a.capex_ratio)),
    };
    Operations {
        revenue,
        opex,
        capex,
    }
}

/// The income value of an asset in operating year `y` at `rate`: a property's next-year figure
/// in perpetuity; a concession's figures of the years after `y` up to its expiry, discounted,
/// the year the expiry falls in by the share of its days before the expiry (nothing after it,
/// and no jump when the expiry moves by a day).
pub fn income_value(
    a: &OperatingAsset,
    start: NaiveDate,
    y: u32,
    rate: f64,
    cash: &dyn Fn(u32) -> f64,
) -> f64 {
    if rate <= 0.0 {
        return 0.0;
    }
    let Some(expiry) = asset_end(a) else {
        return cash(y + 1) / rate;
    };
    let last = operating_year(start, expiry);
    let part = (expiry - year_start(start, last)).num_days() as f64 / year_days(start, last) as f64;
    (y + 1..=last)
        .map(|t| {
            let share = if t == last { part } else { 1.0 };
            share * cash(t) / (1.0 + rate).powi((t - y).min(10_000) as i32)
        })
        .sum()
}
