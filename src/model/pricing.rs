use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Secondary-market pricing terms (`pricing` in the deal file); `docs/methodology.md`
/// (Pricing) says how each figure is computed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingTerms {
    /// The day the trade is agreed (成交日); recorded with the quote.
    #[serde(default)]
    pub trade_date: Option<NaiveDate>,
    /// The day cash and securities change hands (结算日): accrued interest and discounting
    /// run from it. The default of `price` when no `--settle` is given.
    #[serde(default)]
    pub settlement_date: Option<NaiveDate>,
    /// CDB (国开债) curve, (tenor in years, yield) ascending, for spreads; empty: the
    /// holding-type valuation curve, else no spread.
    #[serde(default)]
    pub cdb_curve: Vec<(f64, f64)>,
}
