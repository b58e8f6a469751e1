//! Business days: which dates the market settles on, and how a payment date that falls on a
//! closed day moves. The shipped SSE/SZSE calendar is data (`assets/calendars/cn_exchange.ron`).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// How a payment date on a closed day moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Roll {
    /// Dates stay as scheduled (no business-day adjustment).
    #[default]
    Unadjusted,
    /// The next business day.
    Following,
    /// The next business day, unless it is in the next month: then the previous one.
    ModifiedFollowing,
}

/// Which dates bound the accrual periods once payment dates roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AccrualDates {
    /// The rolled (actual) payment dates: a later payment accrues the extra days.
    #[default]
    Adjusted,
    /// The scheduled dates, whatever day the money moves.
    Unadjusted,
}

/// A holiday list shipped with the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HolidayCalendar {
    /// Shanghai and Shenzhen Stock Exchanges: closed on weekends (make-up working days
    /// included) and on the State Council's holidays.
    CnExchange,
}

/// The deal's business-day rule (`business_days` in the deal file).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessDays {
    #[serde(default)]
    pub roll: Roll,
    #[serde(default)]
    pub accrual: AccrualDates,
    /// A shipped holiday list; none: only weekends and `holidays` are closed.
    #[serde(default)]
    pub calendar: Option<HolidayCalendar>,
    /// Further closed days, on top of the calendar's.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

impl BusinessDays {
    pub fn is_default(&self) -> bool {
        *self == BusinessDays::default()
    }

    /// Whether the market is open on `d`: a weekday that no holiday list closes.
    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.holidays.contains(&d)
            && self
                .calendar
                .is_none_or(|c| c.list().holidays.binary_search(&d).is_err())
    }

    /// `d` moved by the roll rule. A date past the calendar's range (9999-12-31) stays.
    pub fn adjust(&self, d: NaiveDate) -> NaiveDate {
        match self.roll {
            Roll::Unadjusted => d,
            Roll::Following => self.step(d, NaiveDate::succ_opt),
            Roll::ModifiedFollowing => {
                let next = self.step(d, NaiveDate::succ_opt);
                if next.month() == d.month() {
                    next
                } else {
                    self.step(d, NaiveDate::pred_opt)
                }
            }
        }
    }

    /// The first business day from `d` on, moving by `next`. Terminates: only the listed
    /// holidays and weekends are closed, so at most that many weekdays are skipped.
    fn step(&self, mut d: NaiveDate, next: fn(&NaiveDate) -> Option<NaiveDate>) -> NaiveDate {
        while !self.is_business_day(d) {
            match next(&d) {
                Some(n) => d = n,
                None => break,
            }
        }
        d
    }

    /// The last day the shipped calendar lists holidays for, if one is used.
    pub fn calendar_last_day(&self) -> Option<NaiveDate> {
        self.calendar.map(|c| c.list().last_day)
    }
}

/// A holiday list as written in `assets/calendars/*.ron`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayList {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Closed days (sorted when read), weekend days of a holiday span included.
    pub holidays: Vec<NaiveDate>,
    /// Weekend make-up working days (调休上班日): listed for reference, closed for trading.
    pub makeup_working_days: Vec<NaiveDate>,
}

impl HolidayCalendar {
    /// The calendar's list, parsed once from the text compiled into the program.
    pub fn list(self) -> &'static HolidayList {
        static CN_EXCHANGE: OnceLock<HolidayList> = OnceLock::new();
        match self {
            HolidayCalendar::CnExchange => CN_EXCHANGE.get_or_init(|| {
                parse_list(include_str!("../assets/calendars/cn_exchange.ron"))
                    .expect("the shipped calendar parses (tested in business_days::tests)")
            }),
        }
    }
}

fn parse_list(text: &str) -> Result<HolidayList, ron::error::SpannedError> {
    let mut list: HolidayList = ron::from_str(text)?;
    list.holidays.sort_unstable();
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn exchange(roll: Roll) -> BusinessDays {
        BusinessDays {
            roll,
            calendar: Some(HolidayCalendar::CnExchange),
            ..BusinessDays::default()
        }
    }

    #[test]
    fn shipped_calendar_parses_and_covers_2025_and_2026() {
        let list = parse_list(include_str!("../assets/calendars/cn_exchange.ron")).unwrap();
        assert_eq!(list.first_day, d("2025-01-01"));
        assert_eq!(list.last_day, d("2026-12-31"));
        // 2025: 1 + 8 + 3 + 5 + 3 + 8 = 28 holiday dates; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 = 33.
        assert_eq!(list.holidays.len(), 61);
        assert_eq!(list.makeup_working_days.len(), 11);
    }

    #[test]
    fn national_day_2025_is_closed_and_make_up_weekends_stay_closed() {
        let x = exchange(Roll::Following);
        // 1–8 Oct 2025 (Wed to Wed) closed, 30 Sep (Tue) and 9 Oct (Thu) open.
        for day in 1..=8 {
            assert!(!x.is_business_day(NaiveDate::from_ymd_opt(2025, 10, day).unwrap()));
        }
        assert!(x.is_business_day(d("2025-09-30")));
        assert!(x.is_business_day(d("2025-10-09")));
        // 28 Sep (Sun) and 11 Oct (Sat) are make-up working days: the exchanges stay closed.
        assert!(!x.is_business_day(d("2025-09-28")));
        assert!(!x.is_business_day(d("2025-10-11")));
        // Spring Festival 2026: 15–23 Feb closed, 24 Feb (Tue) open; 14 and 28 Feb closed.
        assert!(!x.is_business_day(d("2026-02-23")));
        assert!(x.is_business_day(d("2026-02-24")));
        assert!(!x.is_business_day(d("2026-02-28")));
        // A weekday outside any holiday is open; 2027 has no holidays listed.
        assert!(x.is_business_day(d("2025-03-17")));
        assert!(x.is_business_day(d("2027-02-08")));
    }

    #[test]
    fn following_and_modified_following_roll_by_hand() {
        // 1 Oct 2025 → 9 Oct (Thu), the first open day after National Day.
        assert_eq!(
            exchange(Roll::Following).adjust(d("2025-10-01")),
            d("2025-10-09")
        );
        // 31 May 2025 (Sat, 端午) → Following 3 Jun (Tue), next month: Modified → 30 May (Fri).
        assert_eq!(
            exchange(Roll::Following).adjust(d("2025-05-31")),
            d("2025-06-03")
        );
        assert_eq!(
            exchange(Roll::ModifiedFollowing).adjust(d("2025-05-31")),
            d("2025-05-30")
        );
        // A business day does not move; no roll leaves a holiday where it is.
        assert_eq!(
            exchange(Roll::Following).adjust(d("2025-10-09")),
            d("2025-10-09")
        );
        assert_eq!(
            exchange(Roll::Unadjusted).adjust(d("2025-10-01")),
            d("2025-10-01")
        );
        // Without the shipped calendar only weekends and the deal's own holidays close.
        let own = BusinessDays {
            roll: Roll::Following,
            holidays: vec![d("2025-10-01"), d("2025-10-02")],
            ..BusinessDays::default()
        };
        assert_eq!(own.adjust(d("2025-10-01")), d("2025-10-03"));
        assert_eq!(own.adjust(d("2025-10-04")), d("2025-10-06"));
    }
}
