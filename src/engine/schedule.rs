//! The deal's payment dates and period lengths.

use crate::model::{AccrualDates, Deal};
use crate::time::payment_dates;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub closing: NaiveDate,
    /// Payment dates, rolled to business days by the deal's rule.
    pub dates: Vec<NaiveDate>,
    /// Accrual days of each period under the deal's day count, between the rolled or the
    /// scheduled dates as the deal's `business_days.accrual` says.
    pub accrual_days: Vec<i64>,
    /// Day-count basis (365 or 360).
    pub basis: i64,
    /// Actual days / 365 of each accrual period, the exponent for CDR/CPR compounding.
    pub year_fraction: Vec<f64>,
    pub periods_per_year: u32,
    pub months_per_period: u32,
}

impl Schedule {
    pub fn new(deal: &Deal) -> Schedule {
        let scheduled = payment_dates(
            deal.first_payment_date,
            deal.frequency,
            deal.legal_final_date,
        );
        let rule = &deal.business_days;
        let dates: Vec<NaiveDate> = scheduled.iter().map(|&d| rule.adjust(d)).collect();
        let bounds = match rule.accrual {
            AccrualDates::Adjusted => &dates,
            AccrualDates::Unadjusted => &scheduled,
        };
        let mut accrual_days = Vec::with_capacity(dates.len());
        let mut year_fraction = Vec::with_capacity(dates.len());
        let mut prev = deal.closing_date;
        for &d in bounds {
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
