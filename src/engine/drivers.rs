//! Drivers and outputs: how a grid, a sweep, a tornado or a solver sets one input of a run,
//! and reads one figure of its results.

use crate::model::{Curve, Deal, Driver, Exit, Metric, ObligorDefault, Output, Scenario};
use crate::money::{fen_from_f64, to_f64};
use crate::results::DealResults;
use rust_decimal::Decimal;

/// Whether the driver changes the deal's terms (a copy of the deal) rather than the scenario.
pub fn is_term(d: &Driver) -> bool {
    matches!(
        d,
        Driver::TrancheCoupon(_)
            | Driver::TrancheSize(_)
            | Driver::EquityRatio
            | Driver::ValuationSpread
    )
}

/// Why the driver cannot move this deal (a tranched driver on a holding deal, an unknown
/// tranche), or None when it can. `pool_obligors` answers whether an obligor is in the pool.
pub fn unusable(d: &Driver, deal: &Deal, has_obligor: &dyn Fn(&str) -> bool) -> Option<String> {
    let holding = deal.holding.is_some();
    match d {
        Driver::Cdr | Driver::Cpr | Driver::RecoveryRate | Driver::RecoveryLag if holding => {
            Some(format!("{} applies to tranched deals only", name(d)))
        }
        Driver::ObligorDefaultPeriod(o) => {
            if holding {
                Some("an obligor default applies to tranched deals only".into())
            } else if !has_obligor(o) {
                Some(format!("no obligor {o:?} in the pool"))
            } else {
                None
            }
        }
        Driver::TrancheCoupon(t) | Driver::TrancheSize(t) => deal
            .tranche_index(t)
            .is_none()
            .then(|| format!("no tranche {t:?}")),
        Driver::RevenueGrowth
        | Driver::Occupancy
        | Driver::ExitCapRate
        | Driver::EquityRatio
        | Driver::ValuationSpread
            if !holding =>
        {
            Some(format!("{} applies to holding-type deals only", name(d)))
        }
        _ => None,
    }
}

/// The driver's short name (CLI, JSON, error messages).
pub fn name(d: &Driver) -> String {
    match d {
        Driver::Cdr => "cdr".into(),
        Driver::Cpr => "cpr".into(),
        Driver::RecoveryRate => "recovery".into(),
        Driver::RecoveryLag => "recovery-lag".into(),
        Driver::ObligorDefaultPeriod(o) => format!("default:{o}"),
        Driver::TrancheCoupon(t) => format!("coupon:{t}"),
        Driver::TrancheSize(t) => format!("size:{t}"),
        Driver::RevenueGrowth => "growth".into(),
        Driver::Occupancy => "occupancy".into(),
        Driver::ExitCapRate => "exit-cap".into(),
        Driver::EquityRatio => "equity-ratio".into(),
        Driver::ValuationSpread => "valuation-spread".into(),
    }
}

/// Parse a driver's short name (the inverse of [`name`]).
pub fn parse(text: &str) -> Result<Driver, String> {
    let (head, arg) = match text.split_once(':') {
        Some((h, a)) => (h, Some(a.to_string())),
        None => (text, None),
    };
    let d = match (head, arg) {
        ("cdr", None) => Driver::Cdr,
        ("cpr", None) => Driver::Cpr,
        ("recovery", None) => Driver::RecoveryRate,
        ("recovery-lag", None) => Driver::RecoveryLag,
        ("default", Some(o)) => Driver::ObligorDefaultPeriod(o),
        ("coupon", Some(t)) => Driver::TrancheCoupon(t),
        ("size", Some(t)) => Driver::TrancheSize(t),
        ("growth", None) => Driver::RevenueGrowth,
        ("occupancy", None) => Driver::Occupancy,
        ("exit-cap", None) => Driver::ExitCapRate,
        ("equity-ratio", None) => Driver::EquityRatio,
        ("valuation-spread", None) => Driver::ValuationSpread,
        _ => {
            return Err(format!(
                "unknown driver {text:?} (cdr, cpr, recovery, recovery-lag, default:OBLIGOR, \
                 coupon:TRANCHE, size:TRANCHE, growth, occupancy, exit-cap, equity-ratio, \
                 valuation-spread)"
            ));
        }
    };
    Ok(d)
}

/// The range a driver's values must stay in (the validator's, for rates a share of 1).
pub fn domain(d: &Driver) -> (f64, f64) {
    match d {
        Driver::Cdr | Driver::Cpr | Driver::RecoveryRate | Driver::Occupancy => (0.0, 1.0),
        Driver::EquityRatio => (0.0, 1.0),
        Driver::RecoveryLag => (0.0, 600.0),
        Driver::ObligorDefaultPeriod(_) => (0.0, 1200.0),
        Driver::TrancheCoupon(_) => (0.0, 1.0),
        Driver::TrancheSize(_) => (0.0, 1e15),
        Driver::RevenueGrowth => (-1.0, 1.0),
        Driver::ExitCapRate => (1e-6, 1.0),
        Driver::ValuationSpread => (-1.0, 1.0),
    }
}

/// The value the deal and scenario have now, when it is one number.
pub fn current(d: &Driver, deal: &Deal, sc: &Scenario) -> Option<f64> {
    let flat = |c: &Curve| match c {
        Curve::Flat(x) => Some(*x),
        Curve::Vector(_) => None,
    };
    let tranche = |t: &str| deal.tranche_index(t).map(|i| &deal.tranches[i]);
    let holding = deal.holding.as_ref();
    match d {
        Driver::Cdr => flat(&sc.cdr),
        Driver::Cpr => flat(&sc.cpr),
        Driver::RecoveryRate => Some(sc.recovery_rate),
        Driver::RecoveryLag => Some(f64::from(sc.recovery_lag)),
        Driver::ObligorDefaultPeriod(o) => Some(
            sc.obligor_defaults
                .iter()
                .filter(|x| &x.obligor == o)
                .map(|x| f64::from(x.period))
                .fold(0.0, |a: f64, b| if a == 0.0 { b } else { a.min(b) }),
        ),
        Driver::TrancheCoupon(t) => tranche(t).map(|t| t.coupon),
        Driver::TrancheSize(t) => tranche(t).map(|t| to_f64(t.size)),
        Driver::RevenueGrowth => Some(sc.revenue_growth),
        Driver::Occupancy => Some(sc.occupancy),
        Driver::ExitCapRate => match &sc.exit {
            Some(Exit::Sale { cap_rate, .. }) => Some(*cap_rate),
            _ => sc.exit_cap_rate,
        },
        Driver::EquityRatio => holding.map(|h| h.spv.equity_ratio),
        Driver::ValuationSpread => holding.map(|h| h.valuation.spread),
    }
}

/// Set a scenario input to `x` (term drivers leave the scenario as it is).
pub fn apply_to_scenario(d: &Driver, sc: &mut Scenario, x: f64) {
    match d {
        Driver::Cdr => sc.cdr = Curve::Flat(x),
        Driver::Cpr => sc.cpr = Curve::Flat(x),
        Driver::RecoveryRate => sc.recovery_rate = x,
        Driver::RecoveryLag => sc.recovery_lag = whole(x),
        Driver::ObligorDefaultPeriod(o) => {
            sc.obligor_defaults.retain(|x| &x.obligor != o);
            let period = whole(x);
            if period >= 1 {
                sc.obligor_defaults.push(ObligorDefault {
                    obligor: o.clone(),
                    period,
                });
            }
        }
        Driver::RevenueGrowth => sc.revenue_growth = x,
        Driver::Occupancy => sc.occupancy = x,
        Driver::ExitCapRate => {
            sc.exit_cap_rate = Some(x);
            if let Some(Exit::Sale { cap_rate, .. }) = &mut sc.exit {
                *cap_rate = x;
            }
        }
        Driver::TrancheCoupon(_)
        | Driver::TrancheSize(_)
        | Driver::EquityRatio
        | Driver::ValuationSpread => {}
    }
}

/// Set a term of the deal to `x` (scenario drivers leave the deal as it is).
pub fn apply_to_deal(d: &Driver, deal: &mut Deal, x: f64) {
    let tranche = |deal: &mut Deal, t: &str| deal.tranche_index(t);
    match d {
        Driver::TrancheCoupon(t) => {
            if let Some(i) = tranche(deal, t) {
                deal.tranches[i].coupon = x;
            }
        }
        Driver::TrancheSize(t) => {
            if let Some(i) = tranche(deal, t) {
                // The most junior tranche takes the difference: the same pool, tranched again.
                let new = fen_from_f64(x);
                let last = deal.tranches.len() - 1;
                if i != last {
                    let diff = deal.tranches[i].size - new;
                    deal.tranches[last].size = deal.tranches[last]
                        .size
                        .checked_add(diff)
                        .unwrap_or(Decimal::ZERO);
                }
                deal.tranches[i].size = new;
            }
        }
        Driver::EquityRatio => {
            if let Some(h) = &mut deal.holding {
                h.spv.equity_ratio = x;
            }
        }
        Driver::ValuationSpread => {
            if let Some(h) = &mut deal.holding {
                h.valuation.spread = x;
                // A calibrated spread would replace the one set here.
                h.valuation.calibrate_spread = false;
            }
        }
        _ => {}
    }
}

/// A count driver's value: rounded to the nearest whole number, at least 0.
fn whole(x: f64) -> u32 {
    x.round().clamp(0.0, f64::from(u32::MAX)) as u32
}

/// Read one figure of the results; None when the deal has no such figure (no IRR, no such
/// security, a holding figure of a tranched deal).
pub fn read(r: &DealResults, out: &Output) -> Option<f64> {
    let sec = || {
        out.security
            .as_deref()
            .and_then(|id| r.securities.iter().find(|s| s.id == id))
    };
    let plan = r.plan.as_ref();
    match out.metric {
        Metric::Irr => sec()?.irr,
        Metric::Wal => sec()?.wal,
        Metric::ModifiedDuration => sec()?.modified_duration,
        Metric::PrincipalLoss => Some(to_f64(sec()?.principal_loss)),
        Metric::InterestShortfall => Some(to_f64(sec()?.interest_shortfall)),
        Metric::EnhancementDraws => Some(to_f64(sec()?.enhancement_draws)),
        Metric::DistributionRate => sec()?.distribution_rate,
        Metric::Multiple => sec()?.multiple,
        Metric::MinDscr => r.project_company.as_ref()?.min_dscr,
        Metric::NavAtIssue => plan?.nav_at_issue,
        Metric::Fees => Some(to_f64(plan?.total_fees)),
        Metric::IncentiveFee => Some(to_f64(plan?.total_incentive_fee)),
        Metric::FeeCut => Some(to_f64(
            plan?.periods.iter().map(|p| p.operator_fee_cut).sum(),
        )),
        Metric::GuaranteePayments => Some(to_f64(plan?.total_guarantee_payments)),
        Metric::CumulativeDefaultRate => r.plan.is_none().then_some(r.pool.cumulative_default_rate),
    }
}

/// The metric's short name (CLI, JSON).
pub fn metric_name(m: Metric) -> &'static str {
    match m {
        Metric::Irr => "irr",
        Metric::Wal => "wal",
        Metric::ModifiedDuration => "modified-duration",
        Metric::PrincipalLoss => "loss",
        Metric::InterestShortfall => "shortfall",
        Metric::EnhancementDraws => "draws",
        Metric::DistributionRate => "distribution-rate",
        Metric::Multiple => "multiple",
        Metric::MinDscr => "min-dscr",
        Metric::NavAtIssue => "nav",
        Metric::Fees => "fees",
        Metric::IncentiveFee => "incentive-fee",
        Metric::FeeCut => "fee-cut",
        Metric::GuaranteePayments => "guarantee",
        Metric::CumulativeDefaultRate => "cumulative-default-rate",
    }
}

/// Parse `METRIC` or `METRIC:SECURITY` (e.g. `irr:B`, `min-dscr`).
pub fn parse_output(text: &str) -> Result<Output, String> {
    let (head, security) = match text.split_once(':') {
        Some((h, s)) => (h, Some(s.to_string())),
        None => (text, None),
    };
    let metric = Metric::ALL
        .into_iter()
        .find(|m| metric_name(*m) == head)
        .ok_or_else(|| {
            let names: Vec<&str> = Metric::ALL.into_iter().map(metric_name).collect();
            format!("unknown output {head:?} ({})", names.join(", "))
        })?;
    if metric.per_security() != security.is_some() {
        return Err(if metric.per_security() {
            format!("{head} is per security: write {head}:SECURITY")
        } else {
            format!("{head} is not per security: write {head} alone")
        });
    }
    Ok(Output { metric, security })
}

/// `METRIC` or `METRIC:SECURITY`, the inverse of [`parse_output`].
pub fn output_name(o: &Output) -> String {
    match &o.security {
        Some(s) => format!("{}:{s}", metric_name(o.metric)),
        None => metric_name(o.metric).into(),
    }
}

/// The axis's values: `from + k × step` for k = 0, 1, … while within `to` (a last value
/// within 1e-9 of a step past `to` is taken as `to`), each rounded to 12 decimal places so
/// that 0.05 × 3 is 0.15, not 0.15000000000000002. Computed from `from` and k, not by adding
/// steps, so a value does not drift. Empty for a step that is not positive.
pub fn axis_values(a: &crate::model::Axis) -> Vec<f64> {
    if a.step.is_nan() || a.step <= 0.0 || !a.from.is_finite() || !a.to.is_finite() || a.to < a.from
    {
        return Vec::new();
    }
    let n = ((a.to - a.from) / a.step + 1e-9).floor();
    if n > MAX_AXIS_POINTS as f64 {
        return Vec::new();
    }
    (0..=n as usize)
        .map(|k| {
            let x = a.from + k as f64 * a.step;
            if (x - a.to).abs() < 1e-9 * a.step {
                a.to
            } else {
                (x * 1e12).round() / 1e12
            }
        })
        .collect()
}

/// The most points an axis may have (the validator refuses more).
pub const MAX_AXIS_POINTS: usize = 1000;
