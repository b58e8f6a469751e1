//! A structurer's questions of a deal, answered by many runs of a [`Session`]: grids of one
//! or two drivers, the tornado, the solvers (break-evens, goal seek) and the obligor stress
//! presets. Each run is a lone run of a scenario with drivers set (see [`Trials`]); the runs
//! of a batch go in parallel and their results do not depend on the number of threads.

use super::drivers::{self, axis_values, current, name, read};
use super::session::{BatchError, Session, Trials, without_enhancement};
use crate::model::{Deal, Driver, Grid, Metric, Output};
use crate::results::DealResults;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// An axis as run: the driver's short name and its values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AxisValues {
    pub driver: String,
    pub values: Vec<f64>,
}

/// A grid's cells: `cells[row][col]`, the rows following `y` (one row for a 1-D grid), the
/// columns following `x`. A cell is None when the output has no value there (no IRR) or
/// the run was refused (listed in `errors`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridResult {
    pub name: String,
    pub scenario: String,
    /// The output, `METRIC` or `METRIC:SECURITY`.
    pub output: String,
    pub x: AxisValues,
    pub y: Option<AxisValues>,
    pub cells: Vec<Vec<Option<f64>>>,
    pub errors: Vec<CellError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellError {
    pub row: usize,
    pub col: usize,
    pub message: String,
}

/// Every driver moved one step down and up from the scenario's value; the outputs at each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tornado {
    pub scenario: String,
    /// `METRIC` or `METRIC:SECURITY`, the order of every value list below.
    pub outputs: Vec<String>,
    pub base: Vec<Option<f64>>,
    /// Largest swing of the first output first.
    pub rows: Vec<TornadoRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TornadoRow {
    pub driver: String,
    /// The scenario's (or the deal's) own value.
    pub value: f64,
    pub step: f64,
    /// `value − step` and `value + step`, kept within the driver's domain.
    pub low: f64,
    pub high: f64,
    pub at_low: Vec<Option<f64>>,
    pub at_high: Vec<Option<f64>>,
}

/// What a solver looks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Goal {
    /// The security repays all its principal (principal loss of 0.00).
    NoPrincipalLoss(String),
    /// The security's interest is paid in full every date (no shortfall at any date).
    NoInterestShortfall(String),
    /// Holding-type deals: an incentive fee is paid.
    IncentivePaid,
    /// Holding-type deals: the operator's base fee is cut.
    FeeCut,
    /// Holding-type deals: the performance guarantee pays.
    GuaranteePaid,
    /// An output equal to a value (a coupon for a target IRR at a price, an equity ratio
    /// for a target unit IRR).
    Value { output: Output, target: f64 },
}

impl Goal {
    pub fn describe(&self) -> String {
        match self {
            Goal::NoPrincipalLoss(s) => format!("no-loss:{s}"),
            Goal::NoInterestShortfall(s) => format!("no-shortfall:{s}"),
            Goal::IncentivePaid => "incentive".into(),
            Goal::FeeCut => "fee-cut".into(),
            Goal::GuaranteePaid => "guarantee".into(),
            Goal::Value { output, target } => {
                format!("{}={target}", drivers::output_name(output))
            }
        }
    }

    /// Parse `no-loss:A`, `no-shortfall:A`, `incentive`, `fee-cut`, `guarantee` or
    /// `OUTPUT=VALUE` (e.g. `irr:market=0.05`).
    pub fn parse(text: &str) -> Result<Goal, String> {
        if let Some((out, value)) = text.split_once('=') {
            let target: f64 = value
                .trim()
                .parse()
                .map_err(|_| format!("target {value:?} is not a number"))?;
            if !target.is_finite() {
                return Err(format!("target {value:?} is not finite"));
            }
            let output = drivers::parse_output(out.trim())?;
            return Ok(Goal::Value { output, target });
        }
        match text.split_once(':') {
            Some(("no-loss", s)) => Ok(Goal::NoPrincipalLoss(s.into())),
            Some(("no-shortfall", s)) => Ok(Goal::NoInterestShortfall(s.into())),
            None if text == "incentive" => Ok(Goal::IncentivePaid),
            None if text == "fee-cut" => Ok(Goal::FeeCut),
            None if text == "guarantee" => Ok(Goal::GuaranteePaid),
            _ => Err(format!(
                "unknown target {text:?} (no-loss:SECURITY, no-shortfall:SECURITY, incentive, \
                 fee-cut, guarantee, OUTPUT=VALUE)"
            )),
        }
    }

    /// For a condition: whether it holds in these results (None for a value goal).
    fn holds(&self, r: &DealResults) -> Result<Option<bool>, String> {
        let sec = |id: &str| {
            r.securities
                .iter()
                .find(|s| s.id == id)
                .ok_or_else(|| format!("no security {id:?}"))
        };
        let plan = || r.plan.as_ref().ok_or("a holding-type deal's goal");
        Ok(Some(match self {
            Goal::NoPrincipalLoss(s) => sec(s)?.principal_loss.is_zero(),
            Goal::NoInterestShortfall(s) => {
                let t = r
                    .securities
                    .iter()
                    .position(|x| &x.id == s)
                    .ok_or_else(|| format!("no security {s:?}"))?;
                let shortfall_any_date = r.periods.iter().any(|p| {
                    p.tranches
                        .get(t)
                        .is_some_and(|x| !x.interest_shortfall.is_zero())
                });
                !shortfall_any_date && sec(s)?.interest_shortfall.is_zero()
            }
            Goal::IncentivePaid => !plan()?.total_incentive_fee.is_zero(),
            Goal::FeeCut => plan()?
                .periods
                .iter()
                .any(|p| !p.operator_fee_cut.is_zero()),
            Goal::GuaranteePaid => !plan()?.total_guarantee_payments.is_zero(),
            Goal::Value { .. } => return Ok(None),
        }))
    }
}

/// A solve: move `driver` within `[lo, hi]` until `goal` is met, to `tolerance` (in the
/// driver's units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolveSpec {
    pub scenario: Option<String>,
    pub driver: Driver,
    pub lo: f64,
    pub hi: f64,
    pub tolerance: f64,
    pub goal: Goal,
    /// Solve on the deal without this enhancement (`reserve` or an enhancement's id).
    pub without: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SolveStatus {
    /// `value` meets the goal within the tolerance.
    Found,
    /// The goal is met at both ends or at neither: nothing to find in the range.
    NotBracketed,
    /// A run in the search was refused or the output had no value.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    pub goal: String,
    pub driver: String,
    pub scenario: String,
    pub without: Option<String>,
    pub status: SolveStatus,
    /// A condition: the value nearest the boundary at which it still holds (a break-even:
    /// the largest stress with no loss). A value goal: the root.
    pub value: Option<f64>,
    /// A condition: the nearest value at which it fails, within `tolerance` of `value`.
    pub fails_at: Option<f64>,
    pub iterations: u32,
    pub tolerance: f64,
    pub lo: f64,
    pub hi: f64,
    /// A condition: whether it holds at `lo` and at `hi`. A value goal: the output minus the
    /// target at `lo` and at `hi`.
    pub at_lo: Option<f64>,
    pub at_hi: Option<f64>,
    /// Holding-type deals: NOI of the first year of operation at `value`, CNY.
    pub first_year_noi: Option<Decimal>,
    pub message: String,
}

/// The most runs one solve makes (bisection to 1e-12 of a unit range needs about 40).
const MAX_ITERATIONS: u32 = 200;

impl Session {
    /// Run a grid of the deal (`grid.scenario`, else the default scenario).
    pub fn grid(&mut self, grid: &Grid, cancel: &AtomicBool) -> Result<GridResult, BatchError> {
        self.grid_counted(grid, cancel, &AtomicUsize::new(0))
    }

    /// [`Session::grid`], counting the cells run in `done` (of [`grid_cells`] in all).
    pub fn grid_counted(
        &mut self,
        grid: &Grid,
        cancel: &AtomicBool,
        done: &AtomicUsize,
    ) -> Result<GridResult, BatchError> {
        let trials = self.trials(grid.scenario.as_deref())?;
        trials.usable(&grid.x.driver)?;
        let xs = axis_values(&grid.x);
        if xs.is_empty() {
            return Err(BatchError::Unusable(format!(
                "grid {:?}: x has no value",
                grid.name
            )));
        }
        let read = |r: &DealResults| read(r, &grid.output);
        let (ys, cells) = match &grid.y {
            None => {
                let points: Vec<[f64; 1]> = xs.iter().map(|&x| [x]).collect();
                let row = trials.batch(&[&grid.x.driver], &points, cancel, done, read)?;
                (None, vec![row])
            }
            Some(y) => {
                trials.usable(&y.driver)?;
                let ys = axis_values(y);
                if ys.is_empty() {
                    return Err(BatchError::Unusable(format!(
                        "grid {:?}: y has no value",
                        grid.name
                    )));
                }
                let points: Vec<[f64; 2]> = ys
                    .iter()
                    .flat_map(|&y| xs.iter().map(move |&x| [x, y]))
                    .collect();
                let flat =
                    trials.batch(&[&grid.x.driver, &y.driver], &points, cancel, done, read)?;
                let mut rows = Vec::with_capacity(ys.len());
                let mut it = flat.into_iter();
                for _ in &ys {
                    rows.push(it.by_ref().take(xs.len()).collect());
                }
                (Some(ys), rows)
            }
        };
        let mut errors = Vec::new();
        let cells = cells
            .into_iter()
            .enumerate()
            .map(|(row, r): (usize, Vec<Result<Option<f64>, String>>)| {
                r.into_iter()
                    .enumerate()
                    .map(|(col, c)| match c {
                        Ok(v) => v,
                        Err(message) => {
                            errors.push(CellError { row, col, message });
                            None
                        }
                    })
                    .collect()
            })
            .collect();
        Ok(GridResult {
            name: grid.name.clone(),
            scenario: trials.scenario().name.clone(),
            output: drivers::output_name(&grid.output),
            x: AxisValues {
                driver: name(&grid.x.driver),
                values: xs,
            },
            y: grid.y.as_ref().zip(ys).map(|(a, values)| AxisValues {
                driver: name(&a.driver),
                values,
            }),
            cells,
            errors,
        })
    }

    /// The deal's grid named `name`.
    pub fn grid_named(
        &mut self,
        name: &str,
        cancel: &AtomicBool,
    ) -> Result<GridResult, BatchError> {
        let grid = self
            .deal()
            .grids
            .iter()
            .find(|g| g.name == name)
            .cloned()
            .ok_or_else(|| {
                let names: Vec<&str> = self.deal().grids.iter().map(|g| g.name.as_str()).collect();
                BatchError::Unusable(format!("no grid named {name:?} (the deal has {names:?})"))
            })?;
        self.grid(&grid, cancel)
    }

    /// Every output against one step down and up of each driver (`steps`: the driver and
    /// its step). A driver whose value is not one number (a CDR vector) is left out.
    pub fn tornado(
        &mut self,
        scenario: Option<&str>,
        steps: &[(Driver, f64)],
        outputs: &[Output],
        cancel: &AtomicBool,
    ) -> Result<Tornado, BatchError> {
        let trials = self.trials(scenario)?;
        let base = trials.base_results();
        let read_all = |r: &DealResults| outputs.iter().map(|o| read(r, o)).collect::<Vec<_>>();
        let mut plan = Vec::new();
        for (d, step) in steps {
            if trials.usable(d).is_err() {
                continue;
            }
            let Some(v) = current(d, trials.deal(), trials.scenario()) else {
                continue;
            };
            let (lo, hi) = drivers::domain(d);
            plan.push((
                d,
                v,
                *step,
                (v - step).clamp(lo, hi),
                (v + step).clamp(lo, hi),
            ));
        }
        let runs: Vec<Option<LowHigh>> = plan
            .par_iter()
            .map(|(d, _, _, low, high)| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let at = |x: f64| {
                    trials
                        .run(&[(d, x)])
                        .map_or_else(|_| vec![None; outputs.len()], |r| read_all(&r))
                };
                Some((at(*low), at(*high)))
            })
            .collect();
        if cancel.load(Ordering::Relaxed) {
            return Err(BatchError::Cancelled);
        }
        let mut rows: Vec<TornadoRow> = plan
            .iter()
            .zip(runs)
            .map(|((d, v, step, low, high), run)| {
                let (at_low, at_high) = run.expect("not cancelled");
                TornadoRow {
                    driver: name(d),
                    value: *v,
                    step: *step,
                    low: *low,
                    high: *high,
                    at_low,
                    at_high,
                }
            })
            .collect();
        let swing = |r: &TornadoRow| match (r.at_low.first(), r.at_high.first()) {
            (Some(Some(a)), Some(Some(b))) => (a - b).abs(),
            _ => 0.0,
        };
        rows.sort_by(|a, b| swing(b).total_cmp(&swing(a)));
        Ok(Tornado {
            scenario: trials.scenario().name.clone(),
            outputs: outputs.iter().map(drivers::output_name).collect(),
            base: read_all(&base),
            rows,
        })
    }

    /// Solve one goal (see [`SolveSpec`]).
    pub fn solve(&mut self, spec: &SolveSpec) -> Result<Solution, BatchError> {
        let trials = self.trials(spec.scenario.as_deref())?;
        solve_on(&trials, spec)
    }

    /// Break-even of `driver` for every tranche: no principal loss and no interest shortfall,
    /// with every enhancement and without each one in turn (`reserve` first).
    pub fn breakevens(
        &mut self,
        scenario: Option<&str>,
        driver: &Driver,
        lo: f64,
        hi: f64,
        tolerance: f64,
    ) -> Result<Vec<Solution>, BatchError> {
        let trials = self.trials(scenario)?;
        trials.usable(driver)?;
        let deal = trials.deal();
        let mut withouts: Vec<Option<String>> = vec![None];
        if deal.reserve.is_some() {
            withouts.push(Some("reserve".into()));
        }
        withouts.extend(deal.enhancements.iter().map(|e| Some(e.id.clone())));
        let mut specs = Vec::new();
        for t in &deal.tranches {
            for goal in [
                Goal::NoPrincipalLoss(t.id.clone()),
                Goal::NoInterestShortfall(t.id.clone()),
            ] {
                for w in &withouts {
                    specs.push(SolveSpec {
                        scenario: Some(trials.scenario().name.clone()),
                        driver: driver.clone(),
                        lo,
                        hi,
                        tolerance,
                        goal: goal.clone(),
                        without: w.clone(),
                    });
                }
            }
        }
        specs.par_iter().map(|s| solve_on(&trials, s)).collect()
    }

    /// Default each obligor in turn on `period` and rank them by `output` (worst first), and
    /// find the worst pair: every pair when the pool has at most [`PAIRS_EXHAUSTIVE`]
    /// obligors, else every pair among the [`PAIR_CANDIDATES`] worst single obligors.
    pub fn obligor_stress(
        &mut self,
        scenario: Option<&str>,
        period: u32,
        output: &Output,
        cancel: &AtomicBool,
    ) -> Result<ObligorStress, BatchError> {
        let trials = self.trials(scenario)?;
        if trials.deal().holding.is_some() {
            return Err(BatchError::Unusable(
                "obligor stresses apply to tranched deals only".into(),
            ));
        }
        let obligors = obligor_balances(&trials);
        let base = read(&trials.base_results(), output);
        let worse = |a: Option<f64>, b: Option<f64>| worse_first(output.metric, a, b);
        let run = |names: &[&str]| -> Option<ObligorRow> {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let ds: Vec<Driver> = names
                .iter()
                .map(|o| Driver::ObligorDefaultPeriod((*o).to_string()))
                .collect();
            let set: Vec<(&Driver, f64)> = ds.iter().map(|d| (d, f64::from(period))).collect();
            let (value, losses) = match trials.run(&set) {
                Ok(r) => (
                    read(&r, output),
                    r.securities
                        .iter()
                        .map(|s| (s.id.clone(), s.principal_loss))
                        .collect(),
                ),
                Err(_) => (None, Vec::new()),
            };
            let balance = names
                .iter()
                .filter_map(|n| obligors.iter().find(|(o, _)| o == n).map(|x| x.1))
                .sum();
            Some(ObligorRow {
                obligors: names.iter().map(|s| s.to_string()).collect(),
                balance,
                value,
                losses,
            })
        };
        let singles: Option<Vec<ObligorRow>> = obligors
            .par_iter()
            .map(|(o, _)| run(&[o.as_str()]))
            .collect();
        let mut singles = singles.ok_or(BatchError::Cancelled)?;
        singles.sort_by(|a, b| worse(a.value, b.value));
        let pool: Vec<&str> = if obligors.len() <= PAIRS_EXHAUSTIVE {
            obligors.iter().map(|(o, _)| o.as_str()).collect()
        } else {
            singles
                .iter()
                .take(PAIR_CANDIDATES)
                .map(|r| r.obligors[0].as_str())
                .collect()
        };
        let mut pairs = Vec::new();
        for i in 0..pool.len() {
            for j in i + 1..pool.len() {
                pairs.push([pool[i], pool[j]]);
            }
        }
        let pair_rows: Option<Vec<ObligorRow>> = pairs.par_iter().map(|p| run(p)).collect();
        let mut pair_rows = pair_rows.ok_or(BatchError::Cancelled)?;
        pair_rows.sort_by(|a, b| worse(a.value, b.value));
        Ok(ObligorStress {
            scenario: trials.scenario().name.clone(),
            period,
            output: drivers::output_name(output),
            base,
            pairs_searched: pairs.len(),
            singles,
            worst_pair: pair_rows.into_iter().next(),
        })
    }
}

/// How many cells a grid has (its runs, for a progress bar).
pub fn grid_cells(grid: &Grid) -> usize {
    axis_values(&grid.x).len() * grid.y.as_ref().map_or(1, |y| axis_values(y).len())
}

/// Pools with at most this many obligors have every pair tried.
pub const PAIRS_EXHAUSTIVE: usize = 30;
/// Otherwise, pairs among this many worst single obligors.
pub const PAIR_CANDIDATES: usize = 10;

/// The outputs at the low and the high value of one driver (a tornado bar).
type LowHigh = (Vec<Option<f64>>, Vec<Option<f64>>);

/// Each obligor with its balance, in the order of the pool's first asset of each.
fn obligor_balances(trials: &Trials<'_>) -> Vec<(String, Decimal)> {
    let mut out: Vec<(String, Decimal)> = Vec::new();
    let mut at = rustc_hash::FxHashMap::default();
    for a in trials.pool_assets().iter() {
        let i = *at.entry(a.obligor.clone()).or_insert_with(|| {
            out.push((a.obligor.clone(), Decimal::ZERO));
            out.len() - 1
        });
        out[i].1 = out[i].1.checked_add(a.balance).unwrap_or(out[i].1);
    }
    out
}

/// Order for "worst first": a loss, shortfall, draw or default rate is worse when higher; an
/// IRR, WAL, multiple, rate, DSCR or NAV when lower. None (no IRR) is worst of all.
fn worse_first(m: Metric, a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    let higher_is_worse = matches!(
        m,
        Metric::PrincipalLoss
            | Metric::InterestShortfall
            | Metric::EnhancementDraws
            | Metric::CumulativeDefaultRate
            | Metric::FeeCut
            | Metric::GuaranteePayments
    );
    match (a, b) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(a), Some(b)) if higher_is_worse => b.total_cmp(&a),
        (Some(a), Some(b)) => a.total_cmp(&b),
    }
}

/// Obligors defaulted in turn (worst first) and the worst pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObligorStress {
    pub scenario: String,
    /// The period in which the obligors default in full.
    pub period: u32,
    pub output: String,
    /// The output with no obligor defaulted on top of the scenario.
    pub base: Option<f64>,
    pub singles: Vec<ObligorRow>,
    pub pairs_searched: usize,
    pub worst_pair: Option<ObligorRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObligorRow {
    pub obligors: Vec<String>,
    /// Their balance at closing, CNY.
    pub balance: Decimal,
    pub value: Option<f64>,
    /// Every security's principal loss, CNY.
    pub losses: Vec<(String, Decimal)>,
}

/// Solve on prepared trials (one deal, one scenario).
fn solve_on(trials: &Trials<'_>, spec: &SolveSpec) -> Result<Solution, BatchError> {
    trials.usable(&spec.driver)?;
    let variant: Option<Deal> = match &spec.without {
        None => None,
        Some(id) => Some(without_enhancement(trials.deal(), id).ok_or_else(|| {
            BatchError::Unusable(format!(
                "no enhancement {id:?} (reserve or an enhancement id)"
            ))
        })?),
    };
    let deal = variant.as_ref().unwrap_or(trials.deal());
    let run = |x: f64| trials.run_with(deal, &[(&spec.driver, x)]);
    let mut sol = Solution {
        goal: spec.goal.describe(),
        driver: name(&spec.driver),
        scenario: trials.scenario().name.clone(),
        without: spec.without.clone(),
        status: SolveStatus::Failed,
        value: None,
        fails_at: None,
        iterations: 0,
        tolerance: spec.tolerance,
        lo: spec.lo,
        hi: spec.hi,
        at_lo: None,
        at_hi: None,
        first_year_noi: None,
        message: String::new(),
    };
    // A NaN tolerance passes `<= 0.0`, so it is refused by name; a NaN end is not finite.
    if spec.tolerance.is_nan()
        || spec.tolerance <= 0.0
        || !spec.lo.is_finite()
        || !spec.hi.is_finite()
        || spec.lo >= spec.hi
    {
        sol.message = format!(
            "needs lo < hi and a positive tolerance (lo {}, hi {}, tolerance {})",
            spec.lo, spec.hi, spec.tolerance
        );
        return Ok(sol);
    }
    let outcome = match &spec.goal {
        Goal::Value { output, target } => {
            let f = |x: f64| -> Result<f64, String> {
                let r = run(x)?;
                read(&r, output)
                    .map(|v| v - target)
                    .ok_or_else(|| format!("{} has no value at {x}", drivers::output_name(output)))
            };
            brent(&mut sol, f)
        }
        goal => {
            let holds = |x: f64| -> Result<bool, String> {
                let r = run(x)?;
                Ok(goal.holds(&r)?.unwrap_or(false))
            };
            bisect(&mut sol, holds)
        }
    };
    if let Err(e) = outcome {
        sol.status = SolveStatus::Failed;
        sol.message = e;
    }
    if let (Some(v), SolveStatus::Found) = (sol.value, sol.status)
        && let Ok(r) = run(v)
    {
        sol.first_year_noi = first_year_noi(&r);
    }
    Ok(sol)
}

/// NOI of the periods within a year of closing, for a holding-type deal.
fn first_year_noi(r: &DealResults) -> Option<Decimal> {
    let pc = r.project_company.as_ref()?;
    let end = crate::time::add_months(r.closing_date, 12)?;
    Some(
        pc.periods
            .iter()
            .filter(|p| p.date <= end)
            .map(|p| p.noi)
            .sum(),
    )
}

/// Bisection on a condition: `holds` must differ at the ends; halves the bracket until its
/// width is at most the tolerance. `value` is the end at which the condition holds.
fn bisect(
    sol: &mut Solution,
    mut holds: impl FnMut(f64) -> Result<bool, String>,
) -> Result<(), String> {
    let (at_lo, at_hi) = (holds(sol.lo)?, holds(sol.hi)?);
    sol.iterations = 2;
    sol.at_lo = Some(f64::from(u8::from(at_lo)));
    sol.at_hi = Some(f64::from(u8::from(at_hi)));
    if at_lo == at_hi {
        sol.status = SolveStatus::NotBracketed;
        sol.message = format!(
            "the goal {} at both ends of [{}, {}]: no boundary in the range",
            if at_lo { "holds" } else { "fails" },
            sol.lo,
            sol.hi
        );
        return Ok(());
    }
    let (mut good, mut bad) = if at_lo {
        (sol.lo, sol.hi)
    } else {
        (sol.hi, sol.lo)
    };
    while (bad - good).abs() > sol.tolerance && sol.iterations < MAX_ITERATIONS {
        let mid = 0.5 * (good + bad);
        if mid == good || mid == bad {
            break; // no float between them
        }
        if holds(mid)? {
            good = mid;
        } else {
            bad = mid;
        }
        sol.iterations += 1;
    }
    sol.status = SolveStatus::Found;
    sol.value = Some(good);
    sol.fails_at = Some(bad);
    sol.message = format!("holds at {good}, fails at {bad}");
    Ok(())
}

/// Brent's method (inverse quadratic interpolation, secant and bisection steps) on
/// `f(lo)`, `f(hi)` of opposite signs, to an interval of at most the tolerance.
fn brent(sol: &mut Solution, mut f: impl FnMut(f64) -> Result<f64, String>) -> Result<(), String> {
    let (mut a, mut b) = (sol.lo, sol.hi);
    let (mut fa, mut fb) = (f(a)?, f(b)?);
    sol.iterations = 2;
    sol.at_lo = Some(fa);
    sol.at_hi = Some(fb);
    if fa == 0.0 || fb == 0.0 {
        sol.status = SolveStatus::Found;
        sol.value = Some(if fa == 0.0 { a } else { b });
        sol.message = "the goal is met at an end of the range".into();
        return Ok(());
    }
    if fa.signum() == fb.signum() {
        sol.status = SolveStatus::NotBracketed;
        sol.message = format!(
            "output − target is {fa} at {a} and {fb} at {b}, of one sign: no root bracketed"
        );
        return Ok(());
    }
    let (mut c, mut fc) = (a, fa);
    let (mut d, mut e) = (b - a, b - a);
    while sol.iterations < MAX_ITERATIONS {
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 0.5 * sol.tolerance;
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            break;
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                let qq = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * m * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(m) };
        fb = f(b)?;
        sol.iterations += 1;
    }
    sol.status = SolveStatus::Found;
    sol.value = Some(b);
    sol.fails_at = Some(c);
    sol.message = format!("output − target is {fb} at {b}; the root lies between {b} and {c}");
    Ok(())
}

/// The default tornado: each driver that applies to the deal with its step. Tranched deals:
/// CDR and CPR ±1 point, recovery ±10 points, recovery lag ±1 period, every tranche's
/// coupon ±25 bp. Holding-type deals: revenue growth ±1 point, occupancy ±5 points, exit
/// cap rate ±50 bp, equity ratio ±10 points, valuation spread ±25 bp.
pub fn default_tornado(deal: &Deal) -> Vec<(Driver, f64)> {
    if deal.holding.is_some() {
        return vec![
            (Driver::RevenueGrowth, 0.01),
            (Driver::Occupancy, 0.05),
            (Driver::ExitCapRate, 0.005),
            (Driver::EquityRatio, 0.10),
            (Driver::ValuationSpread, 0.0025),
        ];
    }
    let mut v = vec![
        (Driver::Cdr, 0.01),
        (Driver::Cpr, 0.01),
        (Driver::RecoveryRate, 0.10),
        (Driver::RecoveryLag, 1.0),
    ];
    v.extend(
        deal.tranches
            .iter()
            .filter(|t| t.coupon > 0.0)
            .map(|t| (Driver::TrancheCoupon(t.id.clone()), 0.0025)),
    );
    v
}

/// Every output of the deal: each per-security metric of each security, then the deal's own.
pub fn all_outputs(deal: &Deal) -> Vec<Output> {
    let holding = deal.holding.is_some();
    let ids: Vec<String> = match &deal.holding {
        Some(h) => super::unit_class_ids(h),
        None => deal.tranches.iter().map(|t| t.id.clone()).collect(),
    };
    let fits = |m: Metric| m.holding_only().is_none_or(|h| h == holding);
    let mut out = Vec::new();
    for id in &ids {
        for m in Metric::ALL
            .into_iter()
            .filter(|m| m.per_security() && fits(*m))
        {
            out.push(Output {
                metric: m,
                security: Some(id.clone()),
            });
        }
    }
    for m in Metric::ALL
        .into_iter()
        .filter(|m| !m.per_security() && fits(*m))
    {
        out.push(Output {
            metric: m,
            security: None,
        });
    }
    out
}

/// The range a solver searches when none is given: the driver's domain, narrowed for a
/// tranche's size (1 yuan to the pool balance less 1 yuan) and coupon (0 to 30%), a recovery lag (0 to the
/// number of periods) and an obligor's default period (1 to the number of periods).
pub fn search_range(d: &Driver, pool_balance: Decimal, periods: usize) -> (f64, f64) {
    match d {
        Driver::TrancheSize(_) => (1.0, crate::money::to_f64(pool_balance) - 1.0),
        Driver::TrancheCoupon(_) => (0.0, 0.30),
        Driver::RecoveryLag => (0.0, periods as f64),
        Driver::ObligorDefaultPeriod(_) => (1.0, periods as f64),
        Driver::ExitCapRate => (0.01, 0.30),
        Driver::RevenueGrowth => (-0.5, 0.5),
        _ => drivers::domain(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `brent` on `f` over `[lo, hi]`: the solution and every point it ran, in order.
    fn brent_runs(
        f: impl Fn(f64) -> f64,
        lo: f64,
        hi: f64,
        tolerance: f64,
    ) -> (Solution, Vec<f64>) {
        let mut sol = Solution {
            goal: String::new(),
            driver: String::new(),
            scenario: String::new(),
            without: None,
            status: SolveStatus::Failed,
            value: None,
            fails_at: None,
            iterations: 0,
            tolerance,
            lo,
            hi,
            at_lo: None,
            at_hi: None,
            first_year_noi: None,
            message: String::new(),
        };
        let mut runs = Vec::new();
        brent(&mut sol, |x| {
            runs.push(x);
            Ok(f(x))
        })
        .unwrap();
        (sol, runs)
    }

    // The expected points come from `scripts/brent_reference.py`: Numerical Recipes' `zbrent`
    // (2nd ed., §9.3) transcribed in Python, with the goal seek's two departures: the
    // tolerance is 0.5 × `tolerance` without NR's 2·EPS·|b| term, and at most 200 runs in
    // all. Same operations in the same order, so equal to the last bit.

    #[test]
    fn brent_runs_the_textbook_points_on_the_classic_cubic() {
        // x³ − 2x − 5 on [2, 3]: the secant through (2, −1) and (3, 16) gives 2 + 1/17; then
        // inverse quadratic steps; the last run is the tolerance's half-step past the root.
        let (sol, runs) = brent_runs(|x| x * x * x - 2.0 * x - 5.0, 2.0, 3.0, 1e-10);
        let nr = [
            2.0,
            3.0,
            2.0588235294117645,
            2.0956589322913497,
            2.094528891117347,
            2.0945514674640098,
            2.094551481542327,
            2.094551481492327,
        ];
        assert_eq!(runs, nr);
        assert_eq!(sol.status, SolveStatus::Found);
        assert_eq!(
            (sol.value, sol.fails_at),
            (Some(2.094551481542327), Some(2.094551481492327))
        );
        assert_eq!(sol.iterations, 8);
        assert_eq!((sol.at_lo, sol.at_hi), (Some(-1.0), Some(16.0)));
    }

    #[test]
    fn brent_runs_the_textbook_points_on_an_exponential() {
        // eˣ − 2 on [−4, 4]: a secant, two halvings where the steps are refused, then
        // interpolation; the root ln 2 = 0.693147180559945… lies between the last two.
        let (sol, runs) = brent_runs(|x| x.exp() - 2.0, -4.0, 4.0, 1e-9);
        let nr = [
            -4.0,
            4.0,
            -3.709536038999805,
            0.14523198050009745,
            2.072615990250049,
            0.3847449176313963,
            0.7576879977300761,
            0.6828082123221654,
            0.6928165700079666,
            0.6931472531070896,
            0.6931471805479522,
            0.6931471810479523,
        ];
        assert_eq!(runs, nr);
        assert_eq!(
            (sol.value, sol.fails_at),
            (Some(0.6931471805479522), Some(0.6931471810479523))
        );
        assert_eq!(sol.iterations, 12);
    }

    #[test]
    fn brent_bisects_where_interpolation_is_refused() {
        // (x − 1)⁹ on [0, 1.5], flat around its root: 115 runs.
        let (sol, runs) = brent_runs(|x| (x - 1.0).powf(9.0), 0.0, 1.5, 1e-12);
        assert_eq!(runs.len(), 115);
        assert_eq!(
            runs[..10],
            [
                0.0,
                1.5,
                1.4970760233918128,
                1.4432319535323013,
                0.7216159767661506,
                0.7324270698735291,
                0.7574030240223273,
                1.1003174887773142,
                1.1001963024234749,
                1.0891210050684363,
            ]
        );
        assert_eq!(
            runs[112..],
            [1.0000000000007578, 1.0000000000002418, 0.9999999999997418]
        );
        assert_eq!(
            (sol.value, sol.fails_at),
            (Some(1.0000000000002418), Some(0.9999999999997418))
        );
        assert_eq!(sol.iterations, 115);
        // A step from −1 to 1 at 0.3: halving (0.5, 0.25, 0.375, …) until the bracket is
        // within 1e-6, 22 runs, the last ones tolerance-sized steps.
        let (sol, runs) = brent_runs(|x| if x < 0.3 { -1.0 } else { 1.0 }, 0.0, 1.0, 1e-6);
        assert_eq!(runs.len(), 22);
        assert_eq!(runs[2..8], [0.5, 0.25, 0.375, 0.3125, 0.28125, 0.296875]);
        assert_eq!(
            runs[19..],
            [0.2999992370605469, 0.3000011444091797, 0.3000001907348633]
        );
        assert_eq!(
            (sol.value, sol.fails_at),
            (Some(0.3000001907348633), Some(0.2999992370605469))
        );
    }

    #[test]
    fn brent_stops_at_two_hundred_runs() {
        // (x − 1)⁹ on [0, 10¹⁰] to 1e-300: the search alternates ends (1e-80, 5e9, 2.57e-78,
        // 2.5e9, …), reaches 1 + 2e-15, and steps of 5e-301 no longer move it; the 200th
        // run ends the search there.
        let (sol, runs) = brent_runs(|x| (x - 1.0).powf(9.0), 0.0, 1e10, 1e-300);
        assert_eq!(runs.len(), 200);
        assert_eq!(
            runs[..6],
            [
                0.0,
                1e10,
                1.0000000009000002e-80,
                5e9,
                2.570000004617e-78,
                2.5e9
            ]
        );
        assert_eq!(
            runs[197..],
            [0.9999999999999953, 1.000000000000002, 1.000000000000002]
        );
        assert_eq!(sol.iterations, 200);
        assert_eq!(
            (sol.value, sol.fails_at),
            (Some(1.000000000000002), Some(0.9999999999999953))
        );
    }

    #[test]
    fn brent_steps_depend_on_the_bracket_and_the_step_before() {
        // Cases where the first steps' sizes decide between interpolating and halving, so
        // a wrong starting step, or a wrong bound on the step, changes the points run.
        // (x − 1)³ on [−6, 4] to 1e-3: 35 runs, the root between the last two.
        let (sol, runs) = brent_runs(|x| (x - 1.0).powf(3.0), -6.0, 4.0, 1e-3);
        assert_eq!(runs.len(), 35);
        assert_eq!(runs[34], 0.9995849983166019);
        assert_eq!(
            (sol.value, sol.fails_at),
            (Some(1.0000849983166018), Some(0.9995849983166019))
        );
        // x³ − 2x − 5 on [−2, 3] to 1e-3: the secant from (−2, −9) and (3, 16) gives
        // 3 − 16 × 5 / 25 = −0.2; 8 runs.
        let (sol, runs) = brent_runs(|x| x * x * x - 2.0 * x - 5.0, -2.0, 3.0, 1e-3);
        let nr = [
            -2.0,
            3.0,
            -0.19999999999999996,
            1.2662457998167191,
            2.1331228999083596,
            2.068944798071186,
            2.0939983820770522,
            2.0945517766582005,
        ];
        assert_eq!(runs, nr);
        assert_eq!(
            (sol.value, sol.fails_at),
            (Some(2.0945517766582005), Some(2.0939983820770522))
        );
        // eˣ − 2 on [−1, 1.5] to 0.1: 5 runs.
        let (sol, runs) = brent_runs(|x| x.exp() - 2.0, -1.0, 1.5, 0.1);
        assert_eq!(
            runs,
            [
                -1.0,
                1.5,
                -0.008145304502584994,
                0.7459273477487075,
                0.6727184955073937
            ]
        );
        assert_eq!(
            (sol.value, sol.fails_at),
            (Some(0.6727184955073937), Some(0.7459273477487075))
        );
        // A V, (4/3)|x − 1| − 2 (written as its two lines), on [0, 3] to 0.125: −2/3 and 2/3
        // at the ends (|f(0)| the larger by rounding), so the secant's step is half the
        // bracket, to the last bit: it ties with the bound (half the step before) and is
        // refused; halving gives 1.5 (−4/3), and the secant from 1.5 to 3 lands on the root.
        let v = |x: f64| {
            if x <= 1.0 {
                -1.0 - (x - 0.25) / 0.75
            } else {
                -2.0 + (x - 1.0) / 0.75
            }
        };
        let (sol, runs) = brent_runs(v, 0.0, 3.0, 0.125);
        assert_eq!(runs, [0.0, 3.0, 1.5, 2.5]);
        assert_eq!((sol.value, sol.fails_at), (Some(2.5), Some(1.5)));
    }

    #[test]
    fn brent_on_a_line_stops_on_its_root_with_the_other_end_kept() {
        // x − 1 on [0, 3]: (0, −1) and (3, 2) swap so that b is the end nearer the root
        // (b = 0); the secant −(−1)·(3 − 0)/(2 − (−1)) lands on 1, where the value is 0.
        let (sol, runs) = brent_runs(|x| x - 1.0, 0.0, 3.0, 1e-9);
        assert_eq!(runs, [0.0, 3.0, 1.0]);
        assert_eq!(
            (sol.value, sol.fails_at, sol.iterations),
            (Some(1.0), Some(0.0), 3)
        );
        assert_eq!(
            sol.message,
            "output − target is 0 at 1; the root lies between 1 and 0"
        );
    }
}
