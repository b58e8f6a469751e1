use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tranche {
    /// Stable id used by waterfall steps, enhancements and triggers.
    pub id: String,
    pub name: String,
    /// Face amount at closing, CNY.
    pub size: Decimal,
    /// Annual coupon, decimal. A subordinate tranche usually has 0 and takes the residual.
    /// With `floating`, the spread over the index.
    pub coupon: f64,
    /// A floating coupon: the index (fixed at the start of each accrual period from the
    /// scenario's rate path) plus `coupon`, within an optional floor and cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floating: Option<Floating>,
    /// Coupon step-ups (利率跳升), each adding to the coupon from the accrual periods that
    /// begin on or after its event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_ups: Vec<StepUp>,
    #[serde(default)]
    pub principal_mode: PrincipalMode,
    pub expected_maturity: NaiveDate,
    pub legal_maturity: NaiveDate,
    #[serde(default)]
    pub holder: Holder,
    #[serde(default)]
    pub rating: Option<String>,
    /// Purchase price per 100 of face at closing; par when absent.
    #[serde(default)]
    pub price: Option<f64>,
    /// Share of this tranche the originator keeps as a vertical slice (风险自留); a tranche
    /// with `holder: Originator` is kept whole whatever this says.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retained_share: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// A benchmark rate a floating coupon is set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RateIndex {
    /// 1-year loan prime rate (贷款市场报价利率 1年期).
    Lpr1Y,
    /// 5-year-and-over loan prime rate (LPR 5年期以上).
    Lpr5Y,
    /// 3-month Shibor.
    Shibor3M,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Floating {
    pub index: RateIndex,
    /// Lowest coupon (利率下限), decimal p.a.
    #[serde(default)]
    pub floor: Option<f64>,
    /// Highest coupon (利率上限), decimal p.a.
    #[serde(default)]
    pub cap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepUp {
    pub after: StepUpEvent,
    /// Added to the coupon (or to the spread of a floating coupon), decimal p.a.
    pub add: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StepUpEvent {
    /// From the accrual periods that begin on or after this date.
    Date(NaiveDate),
    /// From the accrual periods that begin on or after the payment date on which this
    /// trigger is first breached.
    Trigger(String),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum PrincipalMode {
    /// 过手摊还: takes whatever its principal steps allocate.
    #[default]
    PassThrough,
    /// 到期一次还本: repaid at expected maturity; principal allocated to it earlier is
    /// accumulated in the principal account until then.
    Bullet,
    /// 固定摊还: at most the scheduled amount per period (CNY, cumulative shortfalls catch up).
    Schedule(Vec<Decimal>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Holder {
    #[default]
    Market,
    /// Retained by the originator (risk retention).
    Originator,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub id: String,
    pub name: String,
    pub basis: FeeBasis,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeeBasis {
    /// Annual rate on the period's opening performing pool balance, accrued on days.
    PoolBalance(f64),
    /// Fixed amount each payment date, CNY.
    PerPeriod(Decimal),
    /// Fixed annual amount accrued on days, CNY.
    Annual(Decimal),
    /// Annual rate on the opening balance of these tranches, accrued on days (e.g. a
    /// trustee or paying-agent fee on the securities outstanding).
    TrancheBalance { tranches: Vec<String>, rate: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reserve {
    /// Funded at closing from issue proceeds, CNY.
    pub initial: Decimal,
    pub target: ReserveTarget,
    /// Steps the reserve is drawn for, before any external enhancement.
    pub covers: Vec<Cover>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReserveTarget {
    Fixed(Decimal),
    /// A share of the period's closing performing pool balance.
    PoolShare(f64),
}

/// What a reserve, a deficiency-payment undertaking or a guarantee pays for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cover {
    /// Every `Fee` step.
    Fees,
    /// Interest due on these tranches.
    Interest(Vec<String>),
    /// Principal due on these tranches on and after their expected maturity.
    MaturityPrincipal(Vec<String>),
    /// Principal due on these tranches on their expected-maturity date only (the first
    /// payment date on which each is due in full); a shortfall after it is not covered.
    MaturityDatePrincipal(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enhancement {
    pub id: String,
    pub kind: EnhancementKind,
    /// Who gives it, e.g. 中豫信用增进.
    pub provider: String,
    pub covers: Vec<Cover>,
    #[serde(default)]
    pub cap_per_period: Option<Decimal>,
    #[serde(default)]
    pub cap_total: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnhancementKind {
    /// 差额支付承诺 / 差额补足
    DeficiencyPayment,
    /// 担保
    Guarantee,
    /// 银行保函
    BankGuarantee,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    pub id: String,
    pub name: String,
    pub test: TriggerTest,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TriggerTest {
    /// Breached when cumulative defaults / initial pool balance exceeds this.
    CumulativeDefaultRate(f64),
    /// Breached when closing performing pool balance / opening balance of the tranches
    /// falls below `min`.
    OcRatio { tranches: Vec<String>, min: f64 },
    /// Breached when the previous date's excess spread, annualised over the previous
    /// period's opening performing pool balance, is below this rate.
    ExcessSpreadBelow(f64),
    /// Breached when the latest rating of an enhancement's provider (the scenario's
    /// `rating_events` on or before the date) is below `below`.
    ProviderRating { provider: String, below: String },
    /// Breached on the `periods`-th consecutive payment date on which the balance at least
    /// `bucket` days overdue at the period's end (the scenario's `delinquency` pipeline) over
    /// `basis` is above `above`.
    Delinquency {
        bucket: DelinquencyBucket,
        #[serde(default)]
        basis: DelinquencyBasis,
        above: f64,
        #[serde(default = "one")]
        periods: u32,
    },
}

/// Which delinquent balance a trigger measures: overdue at least 30, 60 or 90 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DelinquencyBucket {
    Days30,
    Days60,
    Days90,
}

/// What a delinquency ratio divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DelinquencyBasis {
    /// The period's closing performing pool balance (before a clean-up call sells it).
    #[default]
    Current,
    /// The pool balance at closing.
    Initial,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waterfall {
    /// The priority of payments, in order.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Used from the payment date on which any trigger is first breached, if given.
    #[serde(default)]
    pub post_trigger: Option<Vec<Step>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Step {
    /// Pay the fee with this id (accrued amount plus unpaid carried).
    Fee(String),
    /// Pay interest on these tranches, pro rata to amounts due when short.
    Interest(Vec<String>),
    /// Deposit into the reserve account up to its target.
    ReserveTopUp,
    Principal {
        tranches: Vec<String>,
        allocation: Allocation,
        amount: PrincipalAmount,
    },
    /// Everything left goes to this tranche as excess-spread income (次级期间收益).
    Residual(String),
    /// 增值税及附加: VAT and surcharges on the date's pool interest (needs `Deal::vat`).
    Tax,
    /// Everything left goes to a holder that is not a tranche (剩余收益归原始权益人/服务机构):
    /// a deal with no subordinate tranche, or one whose excess spread the originator keeps.
    ResidualTo(Party),
}

/// 增值税及附加: the plan's VAT on its interest income, paid by the waterfall's `Tax` step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vat {
    /// VAT rate on interest income, which is taken as tax-inclusive (3% simplified method
    /// for asset-management products: 0.03).
    pub rate: f64,
    /// Surcharges as a share of the VAT (urban maintenance 7% + education 3% + local
    /// education 2% = 0.12).
    pub surcharge_rate: f64,
}

/// A receiver of cash that is not a security of the deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    /// 原始权益人
    Originator,
    /// 资产服务机构
    Servicer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Allocation {
    Sequential,
    /// In proportion to the tranches' opening balances.
    ProRata,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PrincipalAmount {
    /// Pass-through: the date's principal collections (scheduled, prepaid, recovered).
    Collections,
    /// The fall in the performing pool balance, defaults included (excess spread cures losses).
    PoolDecline,
    /// Turbo: all funds left.
    Available,
    /// Down to a target: the tranches' balance may be at most this share of the closing
    /// performing pool balance.
    TargetShare(f64),
}

/// 风险自留: the originator keeps at least `min_share` of the issue, in the most junior
/// tranche (horizontal) or as a slice of every tranche (vertical), until `until`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRetention {
    #[serde(default = "five_percent")]
    pub min_share: f64,
    /// The end of the holding period the deal states; none: to the end of the deal.
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

fn five_percent() -> f64 {
    0.05
}
