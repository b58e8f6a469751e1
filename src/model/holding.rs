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
    /// 扩募: the first expansion round (files of format 1 name one round here).
    #[serde(default)]
    pub expansion: Option<Expansion>,
    /// Further expansion rounds, in date order after `expansion`.
    #[serde(default)]
    pub expansions: Vec<Expansion>,
    /// 开放退出 windows: market unit holders may redeem at NAV, bought by a buyer.
    #[serde(default)]
    pub open_periods: Vec<OpenWindow>,
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
    /// Or fixed capex per operating year, CNY; overrides the ratio for the years it covers.
    #[serde(default)]
    pub capex_schedule: Vec<Decimal>,
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
    /// A comparable commercial rate: shareholder-loan interest above it is not deductible
    /// (related-party rule), on top of the 2:1 thin cap. None: the whole rate is deductible.
    #[serde(default)]
    pub related_party_rate: Option<f64>,
    #[serde(default)]
    pub depreciation: Depreciation,
    /// Returning trapped cash to the plan before the exit (减资 or loan prepayment).
    #[serde(default)]
    pub capital_return: Option<CapitalReturn>,
}

/// How the asset's book value is written off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Depreciation {
    /// `round(price / years)` a year (prorated by days within a year), the rest at the end.
    #[default]
    Years,
    /// Straight line on days: `book × days / days to the end of life` each period.
    Days,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapitalReturn {
    pub method: CapitalReturnMethod,
    /// 1-based payment periods on which all trapped cash is returned.
    #[serde(default)]
    pub periods: Vec<u32>,
    /// Or whenever trapped cash exceeds this amount (CNY), the excess is returned.
    #[serde(default)]
    pub threshold: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CapitalReturnMethod {
    /// 减资: registered capital is reduced and paid back to the equity holders pro rata.
    CapitalReduction,
    /// The shareholder loan is prepaid (up to its balance).
    LoanPrepayment,
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
    #[serde(default)]
    pub repayment: BankRepayment,
    /// At this 1-based payment period the balance then due is refinanced at `rate` (a new
    /// bullet loan repaid at the exit) instead of repaid.
    #[serde(default)]
    pub refinancing: Option<Refinancing>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum BankRepayment {
    /// `fen(loan / amortisation_periods)` a period, the rest on the last one.
    #[default]
    EqualPrincipal,
    /// All principal on period `amortisation_periods` (or at the exit, if earlier).
    Bullet,
    /// Principal per payment period, CNY; the rest on period `amortisation_periods`.
    Schedule(Vec<Decimal>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refinancing {
    pub rate: f64,
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
    /// Capital on which hurdles accrue.
    #[serde(default)]
    pub hurdle_base: HurdleBase,
    /// Warn when trapped cash exceeds this multiple of the year's NOI.
    #[serde(default = "half")]
    pub trapped_cash_alert: f64,
}

fn half() -> f64 {
    0.5
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum HurdleBase {
    /// On the paid-in capital for the whole life (conventions).
    #[default]
    PaidIn,
    /// On the capital not yet returned.
    Outstanding,
}

fn default_face() -> Decimal {
    Decimal::from(100)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incentive {
    /// 达标值: annual NOI below which the base fee is cut.
    pub floor_noi: Decimal,
    /// 达标值 per operating year (CNY); `floor_noi` for the years it does not cover.
    #[serde(default)]
    pub floor_by_year: Vec<Decimal>,
    /// 整改期: periods in a row below the floor before the cut (and subordination) applies.
    #[serde(default)]
    pub remediation_periods: u32,
    /// Cut = shortfall / floor × `cut_multiple`, at most `max_cut`, of the base fee.
    #[serde(default = "one")]
    pub cut_multiple: f64,
    #[serde(default = "one")]
    pub max_cut: f64,
    /// Below the floor, the originator's units give up distributions to the market units.
    #[serde(default)]
    pub originator_subordination: bool,
    /// The market units' annual return the originator's subordination makes up (补足投资者
    /// 收益缺口); default: the tilted market hurdle.
    #[serde(default)]
    pub investor_return: Option<f64>,
    /// 预期值: annual NOI above which the incentive fee is earned.
    pub expected_noi: Decimal,
    /// 预期值 per operating year (CNY); `expected_noi` for the years it does not cover.
    #[serde(default)]
    pub expected_by_year: Vec<Decimal>,
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
    /// Committed NOI per operating year (CNY); `target_noi` for the years it does not cover.
    #[serde(default)]
    pub target_by_year: Vec<Decimal>,
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
    /// Dynamic tilt: after the hurdles, the market units' share of what is left steps with
    /// performance (NOI / 预期值 of the period); the first step whose `below` exceeds the
    /// performance applies; none applies: shared by units.
    #[serde(default)]
    pub steps: Vec<TiltStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiltStep {
    pub below: f64,
    pub market_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenWindow {
    /// The first payment date on or after closing + `year` years.
    pub year: u32,
    /// Most of the market units that may be redeemed in the window (share).
    #[serde(default = "one")]
    pub cap: f64,
    #[serde(default)]
    pub buyer: Buyer,
}

/// Who buys the units redeemed in an open period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Buyer {
    #[default]
    Originator,
    /// A liquidity-support provider (流动性支持机构).
    LiquiditySupport,
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
    /// Use the spread solved so that the NAV per unit at issue equals the unit face.
    #[serde(default)]
    pub calibrate_spread: bool,
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
    /// Conversion to a public REIT: the plan's loan claim and equity are transferred at the
    /// asset valued on NOI − capex at `distribution_yield`; the project company keeps the
    /// asset (no sale, no tax on a sale).
    ReitConversion { year: u32, distribution_yield: f64 },
    /// 开放退出 after `year` years: `share` of the market units is redeemed at NAV (bought by
    /// the originator); the deal then runs to the end of the concession or the legal final date.
    OpenPeriod { year: u32, share: f64 },
    /// Run to the concession expiry or the legal final date; a property is sold then at the
    /// scenario's exit cap rate.
    HoldToEnd,
}
