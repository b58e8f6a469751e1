use serde::{Deserialize, Serialize};

/// 清仓回购: the originator buys the remaining pool once it is small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanUpCall {
    /// Exercised on the first payment date whose closing performing pool balance is below
    /// this share of the initial pool balance (and above zero).
    pub below: f64,
    #[serde(default)]
    pub price: CallPrice,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum CallPrice {
    /// The performing balance plus the defaulted assets' recoveries still to come, at their
    /// projected amounts (interest to the date is already in the date's collections).
    #[default]
    ParPlusAccrued,
    /// This much per 100 of that amount.
    PerHundred(f64),
}
