//! Calendar: payment schedules, day counts and date parsing. Dates carry no time of day.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    Monthly,
    Quarterly,
    SemiAnnual,
    Annual,
}

impl Frequency {
    pub fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::SemiAnnual => 6,
            Frequency::Annual => 12,
        }
    }

    pub fn per_year(self) -> u32 {
        12 / self.months()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DayCount {
    /// Actual days / 365 (exchange ABS practice, the default).
    #[default]
    Act365F,
    Act360,
    /// 30/360 US (bond basis).
    Thirty360,
}

impl DayCount {
    /// Days counted between two dates under this convention.
    pub fn days(self, from: NaiveDate, to: NaiveDate) -> i64 {
        match self {
            DayCount::Act365F | DayCount::Act360 => (to - from).num_days(),
            DayCount::Thirty360 => {
                let (y1, m1, mut d1) = (from.year(), from.month() as i64, from.day() as i64);
                let (y2, m2, mut d2) = (to.year(), to.month() as i64, to.day() as i64);
                if d1 == 31 {
                    d1 = 30;
                }
                if d2 == 31 && d1 == 30 {
                    d2 = 30;
                }
                360 * (y2 - y1) as i64 + 30 * (m2 - m1) + (d2 - d1)
            }
        }
    }

    /// Denominator of the accrual fraction.
    pub fn basis(self) -> i64 {
        match self {
            DayCount::Act365F => 365,
            DayCount::Act360 | DayCount::Thirty360 => 360,
        }
    }
}

/// `date` moved by `months`, the day clamped to the last day of the target month.
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    let total = date.year() as i64 * 12 + (date.month0() as i64) + months as i64;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = (total.rem_euclid(12) + 1) as u32;
    let last = last_day_of_month(year, month)?;
    NaiveDate::from_ymd_opt(year, month, date.day().min(last))
}

fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some(first_next.pred_opt()?.day())
}

/// The most payment periods a deal may have (`docs/deal-format.md`, Limits). The validator
/// refuses a deal with more ([`exceeds_max_periods`]); the schedule never holds more.
pub const MAX_PERIODS: u32 = 2_400;

/// Payment dates: date k = first + (k−1) × frequency, each counted from the first date,
/// up to and including `last`, at most [`MAX_PERIODS`] of them.
pub fn payment_dates(first: NaiveDate, freq: Frequency, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for k in 0..MAX_PERIODS {
        match add_months(first, k * freq.months()) {
            Some(d) if d <= last => out.push(d),
            _ => break,
        }
    }
    out
}

/// Whether payment dates from `first` to `last` number more than [`MAX_PERIODS`].
pub fn exceeds_max_periods(first: NaiveDate, freq: Frequency, last: NaiveDate) -> bool {
    add_months(first, MAX_PERIODS * freq.months()).is_some_and(|d| d <= last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn month_end_clamps_from_first_date() {
        let dates = payment_dates(d("2025-08-31"), Frequency::Monthly, d("2026-04-30"));
        assert_eq!(dates[6], d("2026-02-28"));
        assert_eq!(dates[7], d("2026-03-31"));
        assert_eq!(dates.len(), 9);
    }

    #[test]
    fn period_limit() {
        // Monthly from 2025-01-31: date 2,400 is 2224-12-31, date 2,401 is 2225-01-31.
        let dates = payment_dates(d("2025-01-31"), Frequency::Monthly, d("9999-12-31"));
        assert_eq!(dates.len(), 2_400);
        assert_eq!(dates[2_399], d("2224-12-31"));
        let (first, m) = (d("2025-01-31"), Frequency::Monthly);
        assert!(!exceeds_max_periods(first, m, d("2225-01-30")));
        assert!(exceeds_max_periods(first, m, d("2225-01-31")));
    }

    #[test]
    fn thirty_360() {
        assert_eq!(
            DayCount::Thirty360.days(d("2025-01-31"), d("2025-03-31")),
            60
        );
        assert_eq!(
            DayCount::Thirty360.days(d("2025-01-15"), d("2025-04-15")),
            90
        );
        assert_eq!(DayCount::Act365F.days(d("2025-01-15"), d("2025-04-15")), 90);
    }
}
