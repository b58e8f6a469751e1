//! What a structurer asks of a deal beyond its scenarios, saved with it: grids of one or two
//! drivers with any output as the cell value. The engine runs them (`engine::Session`).

use serde::{Deserialize, Serialize};

/// One input of a run that a grid, a sweep, a tornado or a solver moves. Scenario inputs
/// change the scenario being run; term inputs change a copy of the deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Driver {
    /// Flat annual default rate (the scenario's `cdr` as `Flat(x)`).
    Cdr,
    /// Flat annual prepayment rate (`cpr` as `Flat(x)`).
    Cpr,
    /// Share of a defaulted balance recovered.
    RecoveryRate,
    /// Payment periods between a default and its recovery (rounded to a whole number).
    RecoveryLag,
    /// The payment period (1-based, rounded) in which the named obligor defaults in full;
    /// 0 or less: the obligor does not default. Replaces the scenario's own entry for it.
    ObligorDefaultPeriod(String),
    /// The named tranche's annual coupon.
    TrancheCoupon(String),
    /// The named tranche's size, CNY (rounded to the fen); the deal's last (most junior)
    /// tranche takes the difference, so the tranches still add up to what they did.
    TrancheSize(String),
    /// Holding-type deals: annual revenue growth.
    RevenueGrowth,
    /// Holding-type deals: occupancy.
    Occupancy,
    /// Holding-type deals: the exit cap rate (the sale's `cap_rate` and `exit_cap_rate`).
    ExitCapRate,
    /// Holding-type deals: share of the plan's investment made as equity, 股债配比
    /// (`holding.spv.equity_ratio`).
    EquityRatio,
    /// Holding-type deals: the valuation spread over the CDB curve (`holding.valuation.spread`).
    ValuationSpread,
}

/// A driver over a range: `from`, `from + step`, … up to `to` (included when the range is a
/// whole number of steps, within 1e-9 of a step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    pub driver: Driver,
    pub from: f64,
    pub to: f64,
    pub step: f64,
}

/// A figure of the results, for a grid cell, a comparison or a solver's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Metric {
    /// The security's IRR (decimal).
    Irr,
    /// Weighted average life, years.
    Wal,
    /// Modified duration at the security's IRR, years.
    ModifiedDuration,
    /// Principal not repaid after the last date, CNY.
    PrincipalLoss,
    /// Interest unpaid after the last date, CNY.
    InterestShortfall,
    /// Enhancement draws on the security's behalf, CNY.
    EnhancementDraws,
    /// Holding-type deals: the unit class's average cash distribution rate.
    DistributionRate,
    /// Holding-type deals: the unit class's cash multiple.
    Multiple,
    /// Holding-type deals: the project company's lowest DSCR.
    MinDscr,
    /// Holding-type deals: the NAV per unit at issue.
    NavAtIssue,
    /// Holding-type deals: the plan's fees paid (manager, custodian, operator base fee).
    Fees,
    /// Holding-type deals: the incentive fee paid.
    IncentiveFee,
    /// Holding-type deals: the operator's base fee cut.
    FeeCut,
    /// Holding-type deals: performance-guarantee payments.
    GuaranteePayments,
    /// The pool's cumulative default rate.
    CumulativeDefaultRate,
}

impl Metric {
    pub const ALL: [Metric; 15] = [
        Metric::Irr,
        Metric::Wal,
        Metric::ModifiedDuration,
        Metric::PrincipalLoss,
        Metric::InterestShortfall,
        Metric::EnhancementDraws,
        Metric::DistributionRate,
        Metric::Multiple,
        Metric::MinDscr,
        Metric::NavAtIssue,
        Metric::Fees,
        Metric::IncentiveFee,
        Metric::FeeCut,
        Metric::GuaranteePayments,
        Metric::CumulativeDefaultRate,
    ];

    /// Whether the figure belongs to one security (the output then names it).
    pub fn per_security(self) -> bool {
        matches!(
            self,
            Metric::Irr
                | Metric::Wal
                | Metric::ModifiedDuration
                | Metric::PrincipalLoss
                | Metric::InterestShortfall
                | Metric::EnhancementDraws
                | Metric::DistributionRate
                | Metric::Multiple
        )
    }

    /// Whether the figure exists only for holding-type deals (true), only for tranched
    /// deals (false), or for both (None).
    pub fn holding_only(self) -> Option<bool> {
        match self {
            Metric::DistributionRate
            | Metric::Multiple
            | Metric::MinDscr
            | Metric::NavAtIssue
            | Metric::Fees
            | Metric::IncentiveFee
            | Metric::FeeCut
            | Metric::GuaranteePayments => Some(true),
            Metric::PrincipalLoss
            | Metric::InterestShortfall
            | Metric::EnhancementDraws
            | Metric::CumulativeDefaultRate => Some(false),
            Metric::Irr | Metric::Wal | Metric::ModifiedDuration => None,
        }
    }
}

/// One figure: a metric, of a security when the metric is per security.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    pub metric: Metric,
    /// The tranche id or unit class (`market`, `originator`, …) for a per-security metric.
    #[serde(default)]
    pub security: Option<String>,
}

/// A grid saved with the deal: one or two drivers, each over a range, and the output shown
/// in each cell, run on a scenario of the deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    pub name: String,
    /// The scenario the drivers change (the deal's default scenario when absent).
    #[serde(default)]
    pub scenario: Option<String>,
    /// Columns (a 1-D grid has only these).
    pub x: Axis,
    /// Rows, for a 2-D grid.
    #[serde(default)]
    pub y: Option<Axis>,
    pub output: Output,
}
