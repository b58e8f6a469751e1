//! `DealResults`: the one structure the CLI JSON, the GUI and the exports read.
//! Money is `Decimal` (exact, to the fen) and serialises as a JSON number whose text is
//! that exact amount.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// Serialise `Decimal` money as a JSON number. Amounts below 9e13 CNY print exactly
/// (the shortest `f64` text of a two-place decimal is that decimal).
pub mod money {
    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(crate::money::to_f64(*d))
    }

    pub mod vec {
        use rust_decimal::Decimal;
        use serde::ser::{SerializeSeq, Serializer};

        pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(v.len()))?;
            for d in v {
                seq.serialize_element(&crate::money::to_f64(*d))?;
            }
            seq.end()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DealResults {
    pub deal: String,
    pub scenario: String,
    pub currency: String,
    pub closing_date: NaiveDate,
    pub securities: Vec<SecurityMetrics>,
    pub pool: PoolMetrics,
    pub enhancements: Vec<EnhancementMetrics>,
    pub periods: Vec<PeriodResult>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityMetrics {
    pub id: String,
    pub name: String,
    pub holder: String,
    pub rating: Option<String>,
    #[serde(with = "money")]
    pub size: Decimal,
    pub coupon: f64,
    /// XIRR of the investor's flows (purchase at closing included); null when none exists.
    pub irr: Option<f64>,
    /// Years from closing, ACT/365F.
    pub wal: Option<f64>,
    pub macaulay_duration: Option<f64>,
    pub modified_duration: Option<f64>,
    pub principal_window: Option<(NaiveDate, NaiveDate)>,
    pub expected_maturity: NaiveDate,
    pub legal_maturity: NaiveDate,
    #[serde(with = "money")]
    pub total_interest: Decimal,
    #[serde(with = "money")]
    pub total_principal: Decimal,
    /// Excess-spread income paid by `Residual` steps.
    #[serde(with = "money")]
    pub total_residual: Decimal,
    /// Balance left unpaid after the last payment date.
    #[serde(with = "money")]
    pub principal_loss: Decimal,
    /// Interest due but never paid by the last payment date.
    #[serde(with = "money")]
    pub interest_shortfall: Decimal,
    /// Draws of the reserve and each enhancement at this security's steps.
    #[serde(with = "money")]
    pub enhancement_draws: Decimal,
    /// Whether every payment date paid the interest due in full.
    pub interest_paid_in_full: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PoolMetrics {
    #[serde(with = "money")]
    pub initial_balance: Decimal,
    pub assets: usize,
    pub cumulative_default_rate: f64,
    #[serde(with = "money")]
    pub total_defaults: Decimal,
    #[serde(with = "money")]
    pub total_interest: Decimal,
    #[serde(with = "money")]
    pub total_principal: Decimal,
    #[serde(with = "money")]
    pub total_recoveries: Decimal,
    #[serde(with = "money")]
    pub recoveries_lost: Decimal,
    #[serde(with = "money")]
    pub total_collections: Decimal,
    #[serde(with = "money")]
    pub total_excess_spread: Decimal,
    /// Balance still performing after the last payment date (pool not run off).
    #[serde(with = "money")]
    pub balance_after_last_date: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnhancementMetrics {
    pub id: String,
    /// `Reserve`, `DeficiencyPayment`, `Guarantee` or `BankGuarantee`.
    pub kind: String,
    pub provider: String,
    #[serde(with = "money")]
    pub total_drawn: Decimal,
    pub periods_drawn: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodResult {
    pub period: usize,
    pub date: NaiveDate,
    pub accrual_days: i64,
    /// Collections + cash carried in + reserve and principal-account releases + draws.
    #[serde(with = "money")]
    pub available: Decimal,
    /// Fees, interest, principal and residual paid out.
    #[serde(with = "money")]
    pub paid: Decimal,
    /// Reserve and principal-account deposits plus cash carried to the next date.
    #[serde(with = "money")]
    pub retained: Decimal,
    pub pool: PoolPeriod,
    #[serde(with = "money")]
    pub collections: Decimal,
    #[serde(with = "money")]
    pub carried_in: Decimal,
    #[serde(with = "money")]
    pub carried_out: Decimal,
    /// Principal accumulated for bullet tranches, released on their expected maturity.
    #[serde(with = "money")]
    pub principal_account_release: Decimal,
    pub fees: Vec<FeePeriod>,
    pub tranches: Vec<TranchePeriod>,
    pub reserve: ReservePeriod,
    /// Draw of each enhancement, in deal order.
    #[serde(with = "money::vec")]
    pub enhancement_draws: Vec<Decimal>,
    /// Pool interest less fees and coupon interest paid.
    #[serde(with = "money")]
    pub excess_spread: Decimal,
    pub trigger_breached: bool,
    /// Closing performing pool balance / total tranche balance after payments.
    pub oc_ratio: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct PoolPeriod {
    #[serde(with = "money")]
    pub opening_balance: Decimal,
    #[serde(with = "money")]
    pub defaults: Decimal,
    #[serde(with = "money")]
    pub interest: Decimal,
    #[serde(with = "money")]
    pub scheduled_principal: Decimal,
    #[serde(with = "money")]
    pub prepayments: Decimal,
    #[serde(with = "money")]
    pub recoveries: Decimal,
    #[serde(with = "money")]
    pub closing_balance: Decimal,
    pub cumulative_default_rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeePeriod {
    pub id: String,
    #[serde(with = "money")]
    pub due: Decimal,
    #[serde(with = "money")]
    pub paid: Decimal,
    #[serde(with = "money")]
    pub shortfall: Decimal,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct TranchePeriod {
    pub id: String,
    #[serde(with = "money")]
    pub opening_balance: Decimal,
    #[serde(with = "money")]
    pub interest_due: Decimal,
    #[serde(with = "money")]
    pub interest_paid: Decimal,
    /// Unpaid interest carried to the next date.
    #[serde(with = "money")]
    pub interest_shortfall: Decimal,
    #[serde(with = "money")]
    pub principal_paid: Decimal,
    #[serde(with = "money")]
    pub residual_paid: Decimal,
    #[serde(with = "money")]
    pub closing_balance: Decimal,
    /// Principal accumulated for a bullet tranche, held until its expected maturity.
    #[serde(with = "money")]
    pub principal_account: Decimal,
}

impl TranchePeriod {
    pub fn cash(&self) -> Decimal {
        self.interest_paid + self.principal_paid + self.residual_paid
    }
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ReservePeriod {
    #[serde(with = "money")]
    pub opening: Decimal,
    #[serde(with = "money")]
    pub deposit: Decimal,
    #[serde(with = "money")]
    pub draw: Decimal,
    #[serde(with = "money")]
    pub release: Decimal,
    #[serde(with = "money")]
    pub closing: Decimal,
}
