//! The deal's payment dates and period lengths.

use crate::model::Deal;
use crate::time::payment_dates;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub closing: NaiveDate,
    pub dates: Vec<NaiveDate>,
    /// Accrual days of each period under the deal's day count.
    pub accrual_days: Vec<i64>,
    /// Day-count basis (365 or 360).
    pub basis: i64,
    /// Actual days / 365 of each period, the exponent for CDR/CPR compounding.
    pub year_fraction: Vec<f64>,
    pub periods_per_year: u32,
    pub months_per_period: u32,
}

impl Schedule {
    pub fn new(deal: &Deal) -> Schedule {
        let dates = payment_dates(
            deal.first_payment_date,
            deal.frequency,
            deal.legal_final_date,
        );
        let mut accrual_days = Vec::with_capacity(dates.len());
        let mut year_fraction = Vec::with_capacity(dates.len());
        let mut prev = deal.closing_date;
        for &d in &dates {
            accrual_days.push(deal.day_count.days(prev, d));
            year_fraction.push((d - prev).num_days() as f64 / 365.0);
            prev = d;
        }
        Schedule {
            closing: deal.closing_date,
            dates,
            accrual_days,
            basis: deal.day_count.basis(),
            year_fraction,
            periods_per_year: deal.frequency.per_year(),
            months_per_period: deal.frequency.months(),
        }
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }
}
