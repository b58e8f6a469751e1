use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// Annual constant default rate.
    #[serde(default)]
    pub cdr: Curve,
    /// Annual constant prepayment rate.
    #[serde(default)]
    pub cpr: Curve,
    /// Share of a defaulted balance recovered.
    #[serde(default)]
    pub recovery_rate: f64,
    /// Payment periods between a default and its recovery.
    #[serde(default)]
    pub recovery_lag: u32,
    /// Obligors that default in full on a given period, on top of the rates.
    #[serde(default)]
    pub obligor_defaults: Vec<ObligorDefault>,
    /// Holding-type deals: annual revenue growth.
    #[serde(default)]
    pub revenue_growth: f64,
    /// Holding-type deals: occupancy (or traffic) as a share of capacity.
    #[serde(default = "full")]
    pub occupancy: f64,
    /// Holding-type deals: how the deal ends.
    #[serde(default)]
    pub exit: Option<super::Exit>,
    /// Holding-type deals: cap rate for a property's terminal value when the exit names none.
    #[serde(default)]
    pub exit_cap_rate: Option<f64>,
    /// Holding-type deals: share of the market units asking to redeem in each open window.
    #[serde(default)]
    pub redemption_share: f64,
    /// Pledged data assets: share of the appraised value lost when the pledge is enforced
    /// (处置折扣).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pledge_haircut: f64,
    /// Pledged data assets: fall of the appraised values in this scenario (价值压力).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pledge_value_stress: f64,
    /// Pledged data assets: periods from default to the recovery from the pledge; the
    /// scenario's `recovery_lag` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pledge_lag: Option<u32>,
    /// Levels of the benchmark rates that floating coupons are set on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rate_paths: Vec<RatePath>,
    /// Ratings given to enhancement providers during the deal (downgrades, upgrades).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rating_events: Vec<RatingEvent>,
    /// Token deals with an offshore currency: CNY per one unit of it on each payment date
    /// (the last value repeats); `tokens.offshore.rate` when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fx_rates: Vec<rust_decimal::Decimal>,
    /// 逾期假设: the balances that default pass through 30, 60 and 90 days overdue first;
    /// none: delinquency is not modelled (no buckets, delinquency triggers cannot breach).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delinquency: Option<Delinquency>,
}

/// The delinquency pipeline in front of the scenario's defaults (roll-rate style): a
/// balance that defaults in month M was 90 days overdue at the end of month M − 1, 60 at
/// M − 2 and 30 at M − 3. Each stage is larger than what rolls on from it by the share that
/// cures (pays its arrears and returns to current) within the next month. Reporting only:
/// delinquent balances keep paying as the scenario's CDR/CPR say until they default.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delinquency {
    /// Share of the 30-days-overdue balance that cures within a month (the rest rolls to 60).
    #[serde(default)]
    pub cure_30: f64,
    /// Share of the 60-days-overdue balance that cures within a month (the rest rolls to 90).
    #[serde(default)]
    pub cure_60: f64,
    /// Share of the 90-days-overdue balance that cures within a month (the rest defaults).
    #[serde(default)]
    pub cure_90: f64,
}

/// An index's level from each date on: `(date, level)` in date order, the level holding
/// until the next date; the first date must not be after the closing date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatePath {
    pub index: super::RateIndex,
    pub levels: Vec<(NaiveDate, f64)>,
}

impl RatePath {
    /// The level in force on `date`: the last entry on or before it.
    pub fn level_on(&self, date: NaiveDate) -> Option<f64> {
        self.levels
            .iter()
            .take_while(|(d, _)| *d <= date)
            .last()
            .map(|(_, r)| *r)
    }
}

/// A provider's rating from `date` on (e.g. a downgrade of the 差额支付 provider).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingEvent {
    pub date: NaiveDate,
    /// The enhancement provider, as written in `enhancements[].provider`.
    pub party: String,
    /// A rating of the Chinese scale (`AAA`, `AA+`, … `C`).
    pub rating: String,
}

/// The Chinese long-term rating scale, best first (中债资信/中诚信 etc. use the same
/// symbols).
pub const RATING_SCALE: [&str; 19] = [
    "AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB", "BB-", "B+",
    "B", "B-", "CCC", "CC", "C",
];

/// Position on [`RATING_SCALE`] (0 = AAA); none for a symbol not on it.
pub fn rating_rank(rating: &str) -> Option<usize> {
    RATING_SCALE.iter().position(|r| *r == rating.trim())
}

fn full() -> f64 {
    1.0
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "base".into(),
            cdr: Curve::default(),
            cpr: Curve::default(),
            recovery_rate: 0.0,
            recovery_lag: 0,
            obligor_defaults: Vec::new(),
            revenue_growth: 0.0,
            occupancy: 1.0,
            exit: None,
            exit_cap_rate: None,
            redemption_share: 0.0,
            pledge_haircut: 0.0,
            pledge_value_stress: 0.0,
            pledge_lag: None,
            rate_paths: Vec::new(),
            rating_events: Vec::new(),
            fx_rates: Vec::new(),
            delinquency: None,
        }
    }
}

/// An annual rate, flat or one value per payment period (the last value repeats).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Curve {
    Flat(f64),
    Vector(Vec<f64>),
}

impl Default for Curve {
    fn default() -> Self {
        Curve::Flat(0.0)
    }
}

impl Curve {
    /// Annual rate in period `i` (0-based).
    pub fn at(&self, i: usize) -> f64 {
        match self {
            Curve::Flat(r) => *r,
            Curve::Vector(v) => v.get(i).or(v.last()).copied().unwrap_or(0.0),
        }
    }

    pub fn values(&self) -> &[f64] {
        match self {
            Curve::Flat(r) => std::slice::from_ref(r),
            Curve::Vector(v) => v,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObligorDefault {
    pub obligor: String,
    /// 1-based payment period in which all the obligor's assets default.
    pub period: u32,
}
