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
    /// Holding-type deals: the project company (second SPV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_company: Option<ProjectCompany>,
    /// Holding-type deals: plan-level fees, incentives, guarantee and NAV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanResults>,
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
    /// Unit classes: total distributions / paid-in capital.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple: Option<f64>,
    /// Unit classes: average annual cash distribution rate (现金分派率) over full years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution_rate: Option<f64>,
    /// Unit classes: cash distribution rate of each operating year.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub distribution_rates: Vec<YearRate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearRate {
    /// Operating year, 1-based from the closing date.
    pub year: u32,
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectCompany {
    #[serde(with = "money")]
    pub purchase_price: Decimal,
    #[serde(with = "money")]
    pub registered_capital: Decimal,
    #[serde(with = "money")]
    pub plan_equity: Decimal,
    #[serde(with = "money")]
    pub shareholder_loan: Decimal,
    #[serde(with = "money")]
    pub bank_loan: Decimal,
    /// Shareholder loan / registered capital (deductible up to 2).
    pub debt_to_equity: f64,
    #[serde(with = "money")]
    pub total_tax: Decimal,
    pub min_dscr: Option<f64>,
    pub periods: Vec<ProjectCompanyPeriod>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ProjectCompanyPeriod {
    pub date: NaiveDate,
    #[serde(with = "money")]
    pub revenue: Decimal,
    #[serde(with = "money")]
    pub opex: Decimal,
    #[serde(with = "money")]
    pub noi: Decimal,
    #[serde(with = "money")]
    pub capex: Decimal,
    /// Net sale price of the asset on the exit date.
    #[serde(with = "money")]
    pub sale_proceeds: Decimal,
    #[serde(with = "money")]
    pub bank_interest: Decimal,
    #[serde(with = "money")]
    pub bank_principal: Decimal,
    #[serde(with = "money")]
    pub shareholder_loan_interest: Decimal,
    /// Part of the accrued loan interest deductible under the 2:1 thin-capitalisation rule.
    #[serde(with = "money")]
    pub deductible_interest: Decimal,
    #[serde(with = "money")]
    pub shareholder_loan_principal: Decimal,
    #[serde(with = "money")]
    pub depreciation: Decimal,
    #[serde(with = "money")]
    pub taxable_income: Decimal,
    #[serde(with = "money")]
    pub losses_used: Decimal,
    #[serde(with = "money")]
    pub tax: Decimal,
    #[serde(with = "money")]
    pub net_profit: Decimal,
    #[serde(with = "money")]
    pub statutory_reserve: Decimal,
    #[serde(with = "money")]
    pub dividends: Decimal,
    #[serde(with = "money")]
    pub trapped_cash: Decimal,
    #[serde(with = "money")]
    pub shareholder_loan_balance: Decimal,
    #[serde(with = "money")]
    pub bank_balance: Decimal,
    /// (NOI − capex) / bank debt service.
    pub dscr: Option<f64>,
    /// Bank debt / asset value (the purchase price).
    pub ltv: f64,
    #[serde(with = "money")]
    pub available: Decimal,
    #[serde(with = "money")]
    pub paid: Decimal,
    #[serde(with = "money")]
    pub retained: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanResults {
    #[serde(with = "money")]
    pub paid_in: Decimal,
    pub units: f64,
    #[serde(with = "money")]
    pub total_fees: Decimal,
    #[serde(with = "money")]
    pub total_incentive_fee: Decimal,
    #[serde(with = "money")]
    pub total_guarantee_payments: Decimal,
    #[serde(with = "money")]
    pub exit_value: Decimal,
    pub exit: String,
    pub periods: Vec<PlanPeriod>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct PlanPeriod {
    pub date: NaiveDate,
    #[serde(with = "money")]
    pub from_project_company: Decimal,
    #[serde(with = "money")]
    pub guarantee_payment: Decimal,
    #[serde(with = "money")]
    pub manager_fee: Decimal,
    #[serde(with = "money")]
    pub custodian_fee: Decimal,
    #[serde(with = "money")]
    pub operator_base_fee: Decimal,
    /// Cut from the base fee because NOI was below the floor value (达标值).
    #[serde(with = "money")]
    pub operator_fee_cut: Decimal,
    #[serde(with = "money")]
    pub incentive_fee: Decimal,
    #[serde(with = "money")]
    pub incentive_deferred: Decimal,
    #[serde(with = "money")]
    pub distributions: Decimal,
    /// NAV per unit after the date's distribution (份额净值).
    pub nav_per_unit: f64,
}

#[derive(Debug, Clone, Serialize, Default)]
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
    /// Shared with every date's entry (an `Arc`, so a date does not copy the text).
    pub id: std::sync::Arc<str>,
    #[serde(with = "money")]
    pub due: Decimal,
    #[serde(with = "money")]
    pub paid: Decimal,
    #[serde(with = "money")]
    pub shortfall: Decimal,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct TranchePeriod {
    /// Shared with every date's entry (an `Arc`, so a date does not copy the text).
    pub id: std::sync::Arc<str>,
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
