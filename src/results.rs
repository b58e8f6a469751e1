//! `DealResults`: the one structure the CLI JSON, the GUI and the exports read.
//! Money is `Decimal` (exact, to the fen) and serialises as a JSON number whose text is
//! that exact amount ([`money`]).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// Serialise `Decimal` money as a JSON number whose text is the amount's exact decimal text
/// (`352292242621313.41`, any size; never through `f64`).
pub mod money {
    use rust_decimal::Decimal;
    use serde::{Serialize, Serializer, ser::Error};
    use serde_json::value::RawValue;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        number(*d).map_err(S::Error::custom)?.serialize(s)
    }

    /// The JSON number text of an amount; a negative zero is written without its sign.
    pub(crate) fn number(mut d: Decimal) -> Result<Box<RawValue>, serde_json::Error> {
        if d.is_zero() {
            d.set_sign_positive(true);
        }
        RawValue::from_string(d.to_string())
    }

    pub mod vec {
        use rust_decimal::Decimal;
        use serde::ser::{Error, SerializeSeq, Serializer};

        pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(v.len()))?;
            for d in v {
                seq.serialize_element(&super::number(*d).map_err(S::Error::custom)?)?;
            }
            seq.end()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DealResults {
    pub deal: String,
    pub scenario: String,
    /// The stress template the scenario comes from, when it is not a written one.
    pub stress: Option<AppliedStress>,
    pub currency: String,
    pub closing_date: NaiveDate,
    pub securities: Vec<SecurityMetrics>,
    pub pool: PoolMetrics,
    pub enhancements: Vec<EnhancementMetrics>,
    /// Residual paid over the deal to holders that are not tranches (`ResidualTo` steps).
    pub party_residual: PartyCash,
    /// VAT and surcharges over the deal; `shortfall` is what is unpaid after the last date.
    pub tax: TaxPeriod,
    pub periods: Vec<PeriodResult>,
    pub warnings: Vec<Warning>,
    /// Holding-type deals: the project company (second SPV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_company: Option<ProjectCompany>,
    /// Holding-type deals: plan-level fees, incentives, guarantee and NAV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanResults>,
}

/// A rating-style stress as run: its base scenario, CDR multiple and recovery haircut.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AppliedStress {
    pub base: String,
    pub cdr_multiple: f64,
    pub recovery_haircut: f64,
}

impl AppliedStress {
    /// The template behind the scenario `name` of `deal`, if a template makes it.
    pub fn of(deal: &crate::model::Deal, name: &str) -> Option<AppliedStress> {
        if deal.scenarios.iter().any(|s| s.name == name) {
            return None;
        }
        let t = deal.stress_templates.iter().find(|t| t.name == name)?;
        Some(AppliedStress {
            base: deal.stress_base(t)?.name.clone(),
            cdr_multiple: t.cdr_multiple,
            recovery_haircut: t.recovery_haircut,
        })
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

impl Warning {
    /// A warning about the field at `path`.
    pub fn at(code: &str, path: impl Into<String>, message: &str) -> Warning {
        Warning {
            code: code.into(),
            message: format!("{}: {message}", path.into()),
        }
    }
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
    /// Lowest operating DSCR (scheduled debt service, without maturity or exit repayments).
    pub min_dscr: Option<f64>,
    /// Bank principal repaid at its maturity or at the exit beyond the regular instalments.
    #[serde(with = "money")]
    pub exit_debt_repayment: Decimal,
    /// Owed and not paid when the deal ends (the creditor's loss).
    #[serde(with = "money")]
    pub bank_unpaid_at_exit: Decimal,
    #[serde(with = "money")]
    pub shareholder_loan_unpaid_at_exit: Decimal,
    #[serde(with = "money")]
    pub tax_unpaid_at_exit: Decimal,
    #[serde(with = "money")]
    pub opex_unpaid_at_exit: Decimal,
    pub periods: Vec<ProjectCompanyPeriod>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ProjectCompanyPeriod {
    pub date: NaiveDate,
    #[serde(with = "money")]
    pub revenue: Decimal,
    /// Operating expenses of the period (accrued).
    #[serde(with = "money")]
    pub opex: Decimal,
    /// Opex paid: the period's and any unpaid from earlier dates.
    #[serde(with = "money")]
    pub opex_paid: Decimal,
    /// Opex owed and carried to the next date.
    #[serde(with = "money")]
    pub opex_arrears: Decimal,
    #[serde(with = "money")]
    pub noi: Decimal,
    #[serde(with = "money")]
    pub capex: Decimal,
    /// Gross sale price on the exit date: forward NOI / cap rate, rounded to the fen.
    #[serde(with = "money")]
    pub gross_sale_price: Decimal,
    #[serde(with = "money")]
    pub selling_costs: Decimal,
    /// Net sale price of the asset on the exit date (gross − costs).
    #[serde(with = "money")]
    pub sale_proceeds: Decimal,
    /// Book value derecognised on the sale.
    #[serde(with = "money")]
    pub book_value_sold: Decimal,
    #[serde(with = "money")]
    pub gain_on_sale: Decimal,
    /// The part of the period's tax due to the gain (tax with it − tax without it).
    #[serde(with = "money")]
    pub tax_on_gain: Decimal,
    /// Bank interest due: the period's accrual plus unpaid interest carried.
    #[serde(with = "money")]
    pub bank_interest_due: Decimal,
    #[serde(with = "money")]
    pub bank_interest: Decimal,
    #[serde(with = "money")]
    pub bank_interest_arrears: Decimal,
    /// Bank principal due: instalment, unpaid instalments, and maturity or exit repayment.
    #[serde(with = "money")]
    pub bank_principal_due: Decimal,
    #[serde(with = "money")]
    pub bank_principal: Decimal,
    #[serde(with = "money")]
    pub bank_principal_arrears: Decimal,
    /// The regular instalment of the period (what the operating DSCR counts).
    #[serde(with = "money")]
    pub bank_scheduled_principal: Decimal,
    /// Shareholder-loan interest due: the period's accrual plus unpaid interest carried.
    #[serde(with = "money")]
    pub shareholder_loan_interest_due: Decimal,
    #[serde(with = "money")]
    pub shareholder_loan_interest: Decimal,
    #[serde(with = "money")]
    pub shareholder_loan_interest_arrears: Decimal,
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
    /// Losses that reached the end of their five years unused.
    #[serde(with = "money")]
    pub losses_expired: Decimal,
    /// Tax assessed on the period's income.
    #[serde(with = "money")]
    pub tax_assessed: Decimal,
    #[serde(with = "money")]
    pub tax: Decimal,
    #[serde(with = "money")]
    pub tax_arrears: Decimal,
    #[serde(with = "money")]
    pub net_profit: Decimal,
    #[serde(with = "money")]
    pub statutory_reserve: Decimal,
    #[serde(with = "money")]
    pub dividends: Decimal,
    /// 减资: registered capital paid back to the equity holders.
    #[serde(with = "money")]
    pub capital_reduction: Decimal,
    /// Shareholder loan prepaid out of trapped cash.
    #[serde(with = "money")]
    pub loan_prepayment: Decimal,
    #[serde(with = "money")]
    pub trapped_cash: Decimal,
    #[serde(with = "money")]
    pub shareholder_loan_balance: Decimal,
    #[serde(with = "money")]
    pub bank_balance: Decimal,
    /// Operating DSCR: (NOI − capex) / (bank interest accrued + regular instalment).
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
    /// Whole units issued (all classes, expansions included).
    #[serde(with = "money")]
    pub units: Decimal,
    #[serde(with = "money")]
    pub total_fees: Decimal,
    /// Fees accrued and still unpaid when the deal ends.
    #[serde(with = "money")]
    pub unpaid_fees_at_exit: Decimal,
    /// Hurdle return accrued and still unpaid when the deal ends.
    #[serde(with = "money")]
    pub unpaid_hurdle_at_exit: Decimal,
    #[serde(with = "money")]
    pub total_incentive_fee: Decimal,
    #[serde(with = "money")]
    pub total_guarantee_payments: Decimal,
    #[serde(with = "money")]
    pub exit_value: Decimal,
    pub exit: String,
    /// NAV per unit at issue, at the spread used.
    pub nav_at_issue: Option<f64>,
    /// The valuation spread used for the NAV.
    pub valuation_spread: f64,
    /// The spread at which the NAV per unit at issue equals the unit face.
    pub calibrated_spread: Option<f64>,
    pub periods: Vec<PlanPeriod>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct PlanPeriod {
    pub date: NaiveDate,
    #[serde(with = "money")]
    pub from_project_company: Decimal,
    #[serde(with = "money")]
    pub guarantee_payment: Decimal,
    /// Capital received: shareholder-loan principal, capital reduction, REIT conversion.
    #[serde(with = "money")]
    pub capital_received: Decimal,
    /// REIT conversion: the plan's loan claim and equity transferred at the valuation.
    #[serde(with = "money")]
    pub conversion_proceeds: Decimal,
    /// Fees due (accrued + unpaid carried) and fees carried unpaid to the next date.
    #[serde(with = "money")]
    pub fees_due: Decimal,
    #[serde(with = "money")]
    pub fees_carried: Decimal,
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
    /// Hurdle due (accrued + carried) and carried unpaid, all classes.
    #[serde(with = "money")]
    pub hurdle_due: Decimal,
    #[serde(with = "money")]
    pub hurdle_carried: Decimal,
    /// Moved from the originator's units to the market units (补足投资者收益缺口).
    #[serde(with = "money")]
    pub originator_support: Decimal,
    /// Units outstanding after the date (all classes).
    #[serde(with = "money")]
    pub units: Decimal,
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
    /// The clean-up call's date, when it is exercised.
    pub call_date: Option<NaiveDate>,
    #[serde(with = "money")]
    pub call_proceeds: Decimal,
    /// Loan-to-value of the assets with a pledged data asset: their balance at closing /
    /// their pledges' appraised values after the scenario's value stress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pledge_ltv: Option<f64>,
    /// 循环购买 over the deal; none without a revolving period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revolving: Option<RevolvingMetrics>,
}

/// A revolving period over the deal.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RevolvingMetrics {
    /// Cash paid for new assets.
    #[serde(with = "money")]
    pub total_purchases: Decimal,
    /// Balance of the new assets bought.
    #[serde(with = "money")]
    pub total_purchased_balance: Decimal,
    pub last_purchase_date: Option<NaiveDate>,
    /// The first payment date without purchases (none: the deal ends revolving).
    pub amortisation_from: Option<NaiveDate>,
    /// Why the revolving period ended (none while it has not).
    pub ended_by: Option<RevolvingEnd>,
}

/// Why a revolving period ended.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub enum RevolvingEnd {
    /// Its stated end date passed (or the deal reached its last date).
    EndDate,
    /// This early-amortisation trigger was breached (提前摊还事件).
    Trigger(String),
    /// The cash left uninvested exceeded `max_uninvested_share` of the pool.
    Uninvested,
}

/// 循环购买 on one payment date.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct RevolvingPeriod {
    /// Whether collections could buy new assets on this date (the revolving period).
    pub revolving: bool,
    /// Cash left uninvested on the previous date, released into this date's funds.
    #[serde(with = "money")]
    pub account_in: Decimal,
    /// Cash paid for new assets (from principal collections and `account_in`).
    #[serde(with = "money")]
    pub purchases: Decimal,
    /// Balance of the new assets bought (`purchases` × 100 / price).
    #[serde(with = "money")]
    pub purchased_balance: Decimal,
    /// Cash of purchase lines that fail the rate or term criteria.
    #[serde(with = "money")]
    pub ineligible: Decimal,
    /// Cash not spent because an obligor or industry limit binds.
    #[serde(with = "money")]
    pub capped: Decimal,
    /// Cash kept in the account to the next date (`ineligible` + `capped` while revolving).
    #[serde(with = "money")]
    pub uninvested: Decimal,
    /// On the first date without purchases: why the revolving period ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_by: Option<RevolvingEnd>,
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
    /// Residual paid on the date to holders that are not tranches.
    pub party_residual: PartyCash,
    /// VAT and surcharges assessed and paid on the date (`Tax` step).
    pub tax: TaxPeriod,
    pub reserve: ReservePeriod,
    /// Draw of each enhancement, in deal order.
    #[serde(with = "money::vec")]
    pub enhancement_draws: Vec<Decimal>,
    /// Pool interest less fees, tax and coupon interest paid.
    #[serde(with = "money")]
    pub excess_spread: Decimal,
    pub trigger_breached: bool,
    /// Closing performing pool balance / total tranche balance after payments.
    pub oc_ratio: Option<f64>,
    /// 循环购买 on the date: purchases are paid out of `available` and the uninvested cash
    /// is retained; none without a revolving period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revolving: Option<RevolvingPeriod>,
    /// 逾期: the overdue balances at the period's end, with the scenario's `delinquency`
    /// assumption (absent without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delinquency: Option<DelinquencyPeriod>,
}

#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct DelinquencyPeriod {
    /// Balance at least 30 days overdue (30, 60 and 90 days stages).
    #[serde(with = "money")]
    pub days_30_plus: Decimal,
    #[serde(with = "money")]
    pub days_60_plus: Decimal,
    #[serde(with = "money")]
    pub days_90_plus: Decimal,
    /// The ratio each `Delinquency` trigger tests on the date, in deal order.
    pub ratios: Vec<TriggerRatio>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TriggerRatio {
    pub trigger: std::sync::Arc<str>,
    /// Overdue balance / its basis; none when the basis is zero.
    pub ratio: Option<f64>,
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
    /// Performing balance sold by the clean-up call (清仓回购) on this date.
    #[serde(with = "money")]
    pub called_balance: Decimal,
    /// Price the call's buyer paid on this date (a principal collection).
    #[serde(with = "money")]
    pub call_proceeds: Decimal,
    /// Balance of the new assets bought on this date (循环购买), in `closing_balance`.
    #[serde(with = "money")]
    pub purchased_balance: Decimal,
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
    /// The period's coupon when it is not the tranche's fixed `coupon` (a floating coupon,
    /// or a step-up in force); none otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon_rate: Option<f64>,
    /// Units of a holding deal's class on the date (they change in open periods); none for
    /// tranches, whose units are size / face.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<Decimal>,
}

impl TranchePeriod {
    pub fn cash(&self) -> Decimal {
        self.interest_paid + self.principal_paid + self.residual_paid
    }
}

/// 增值税及附加 on a date: assessed on the date's pool interest, due with arrears.
#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq, Eq)]
pub struct TaxPeriod {
    #[serde(with = "money")]
    pub vat: Decimal,
    #[serde(with = "money")]
    pub surcharges: Decimal,
    /// VAT + surcharges + arrears carried in.
    #[serde(with = "money")]
    pub due: Decimal,
    #[serde(with = "money")]
    pub paid: Decimal,
    /// Arrears carried to the next date.
    #[serde(with = "money")]
    pub shortfall: Decimal,
}

/// Cash paid to holders that are not securities of the deal.
#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq, Eq)]
pub struct PartyCash {
    #[serde(with = "money")]
    pub originator: Decimal,
    #[serde(with = "money")]
    pub servicer: Decimal,
}

impl PartyCash {
    pub fn total(&self) -> Decimal {
        self.originator + self.servicer
    }

    pub fn get_mut(&mut self, party: crate::model::Party) -> &mut Decimal {
        match party {
            crate::model::Party::Originator => &mut self.originator,
            crate::model::Party::Servicer => &mut self.servicer,
        }
    }
}

impl std::ops::AddAssign for PartyCash {
    fn add_assign(&mut self, o: PartyCash) {
        self.originator += o.originator;
        self.servicer += o.servicer;
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

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    #[derive(serde::Serialize)]
    struct Amounts {
        #[serde(with = "super::money")]
        one: Decimal,
        #[serde(with = "super::money::vec")]
        many: Vec<Decimal>,
    }

    #[test]
    fn money_is_written_exactly() {
        let mut minus_zero = Decimal::new(0, 2);
        minus_zero.set_sign_negative(true);
        let a = Amounts {
            one: "352292242621313.41".parse().unwrap(),
            many: vec![
                minus_zero,
                "-0.05".parse().unwrap(),
                "79228162514264337593543950335".parse().unwrap(),
                "1000000.00".parse().unwrap(),
            ],
        };
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"one":352292242621313.41,"many":[0.00,-0.05,79228162514264337593543950335,1000000.00]}"#
        );
    }
}
