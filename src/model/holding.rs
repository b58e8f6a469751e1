//! Holding-type real-estate ABS (持有型不动产ABS): an operating asset owned by a project
//! company, held by the plan through equity plus a shareholder loan (double SPV).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holding {
    pub asset: OperatingAsset,
    pub spv: DoubleSpv,
    pub plan: PlanTerms,
    #[serde(default)]
    pub incentive: Option<Incentive>,
    /// 业绩对赌: the guarantor pays the NOI shortfall below a committed target.
    #[serde(default)]
    pub performance_guarantee: Option<PerformanceGuarantee>,
    /// 倾斜分配: market units first up to a hurdle, then the originator's units.
    #[serde(default)]
    pub tilted: Option<TiltedDistribution>,
    #[serde(default)]
    pub expansion: Option<Expansion>,
    /// CDB (国开债) key-tenor curve for the NAV.
    pub valuation: Valuation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatingAsset {
    pub name: String,
    pub right: AssetRight,
    /// Revenue of the first operating year at full occupancy, CNY.
    pub base_revenue: Decimal,
    /// Or an explicit revenue per operating year (CNY, before occupancy); overrides growth.
    #[serde(default)]
    pub revenue_schedule: Vec<Decimal>,
    /// Operating expenses as a share of revenue.
    pub opex_ratio: f64,
    /// Fixed operating expenses per year, CNY.
    #[serde(default)]
    pub fixed_opex: Decimal,
    /// Capital expenditure as a share of revenue (a cash item, not depreciated).
    #[serde(default)]
    pub capex_ratio: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AssetRight {
    /// 经营权: a concession ending on `expiry`, no terminal value.
    Concession { expiry: NaiveDate },
    /// 产权: depreciated over `useful_life_years`; a terminal value at exit.
    Property { useful_life_years: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoubleSpv {
    /// Price the project company pays for the asset = equity + shareholder loan + bank loan.
    pub total_investment: Decimal,
    /// Share of the plan's investment made as equity (股债配比); the rest is the loan.
    pub equity_ratio: f64,
    /// Plan's share of the project company's equity (the originator keeps the rest).
    pub plan_equity_share: f64,
    pub loan_rate: f64,
    pub loan_repayment: LoanRepayment,
    #[serde(default)]
    pub bank_debt: Option<BankDebt>,
    #[serde(default = "default_tax_rate")]
    pub tax_rate: f64,
}

fn default_tax_rate() -> f64 {
    0.25
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LoanRepayment {
    /// Principal per payment period, CNY (the rest at exit).
    Schedule(Vec<Decimal>),
    /// Every fen left after tax repays the loan before any dividend.
    Sweep,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankDebt {
    /// Share of `total_investment` borrowed from the bank (LTV at purchase).
    pub ltv: f64,
    pub rate: f64,
    /// Equal principal over this many payment periods (the rest at exit).
    pub amortisation_periods: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTerms {
    /// Units held by the originator (自持), as a share of all units.
    pub originator_unit_share: f64,
    /// Minimum originator retention the deal promises (public REIT practice: 20%).
    #[serde(default)]
    pub min_originator_share: f64,
    /// Unit face, CNY (units issued = plan investment / face).
    #[serde(default = "default_face")]
    pub unit_face: Decimal,
    /// Plan manager fee, a year, on the plan's paid-in capital.
    #[serde(default)]
    pub manager_fee_rate: f64,
    #[serde(default)]
    pub custodian_fee_rate: f64,
    /// Operating manager's base fee as a share of revenue.
    #[serde(default)]
    pub operator_base_fee_rate: f64,
}

fn default_face() -> Decimal {
    Decimal::from(100)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incentive {
    /// 达标值: annual NOI below which the base fee is cut.
    pub floor_noi: Decimal,
    /// Cut = shortfall / floor × `cut_multiple`, at most `max_cut`, of the base fee.
    #[serde(default = "one")]
    pub cut_multiple: f64,
    #[serde(default = "one")]
    pub max_cut: f64,
    /// Below the floor, the originator's units give up distributions to the market units.
    #[serde(default)]
    pub originator_subordination: bool,
    /// 预期值: annual NOI above which the incentive fee is earned.
    pub expected_noi: Decimal,
    /// Bands of the excess over the expected value, measured as fractions of it.
    pub tiers: Vec<IncentiveTier>,
    /// Annual cap on the incentive fee, CNY.
    #[serde(default)]
    pub cap: Option<Decimal>,
    /// Share of each incentive fee deferred to the exit.
    #[serde(default)]
    pub deferred_share: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncentiveTier {
    /// Lower edge of the band, as a fraction of the expected value (0.0 = at expected).
    pub from: f64,
    /// Share of the excess in this band paid as the fee.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceGuarantee {
    pub guarantor: String,
    /// Committed annual NOI.
    pub target_noi: Decimal,
    #[serde(default)]
    pub cap_per_year: Option<Decimal>,
    #[serde(default)]
    pub cap_total: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiltedDistribution {
    /// Market units' annual hurdle in the operating period.
    pub market_hurdle: f64,
    /// Originator units' annual hurdle, paid after the market hurdle.
    pub originator_hurdle: f64,
    /// Market hurdle on the exit date (处置期).
    pub disposal_hurdle: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expansion {
    pub date: NaiveDate,
    pub asset: OperatingAsset,
    /// Price of the new asset, paid by new units issued at the NAV per unit.
    pub price: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Valuation {
    /// (tenor in years, yield) pairs, ascending tenor.
    pub cdb_curve: Vec<(f64, f64)>,
    pub spread: f64,
}

/// How the scenario ends the deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Exit {
    /// Market disposal after `year` years at forward NOI / `cap_rate`, less `costs` (share).
    Sale {
        year: u32,
        cap_rate: f64,
        costs: f64,
    },
    /// 优先收购权: the originator buys at the income-approach value (remaining NOI discounted).
    RightOfFirstPurchase { year: u32, discount_rate: f64 },
    /// Conversion to a public REIT priced at forward distributable cash / `distribution_yield`.
    ReitConversion { year: u32, distribution_yield: f64 },
    /// 开放退出 after `year` years: `share` of the market units is redeemed at NAV (bought by
    /// the originator); the deal then runs to the end of the concession or the legal final date.
    OpenPeriod { year: u32, share: f64 },
    /// Run to the concession expiry or the legal final date; a property is sold then at the
    /// scenario's exit cap rate.
    HoldToEnd,
}
