//! One place that runs deals: a [`Session`] owns a loaded deal (the deal and its tape rows,
//! read once) and the engine's caches, keyed by what results depend on. The GUI worker, the
//! CLI and the exports all run deals through it; grids, sweeps, the tornado, the solvers and
//! the obligor stresses are its methods.

use super::drivers::{self, apply_to_deal, apply_to_scenario, is_term};
use super::{
    EngineError, PoolSchedule, ProjectionCache, Schedule, apply_scenario, run_liabilities_for,
    select_scenario,
};
use crate::error::{Issue, LoadError, Severity};
use crate::model::{Asset, Deal, Driver, Pool, RepLines, ReserveTarget, Scenario};
use crate::results::DealResults;
use crate::validate::PoolCheck;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A loaded deal and its caches. The tape's rows are held beside the deal (`tape`), never in
/// it: the deal is what the RON file says, the rows are what the CSV file it names says.
#[derive(Debug)]
pub struct Session {
    deal: Deal,
    tape: Arc<Vec<Asset>>,
    pool_key: Option<PoolKey>,
    /// Bumped whenever the pool or the dates change; the cache keys its pool work on it.
    pool_version: u64,
    cache: ProjectionCache,
}

/// What the pool's checks and no-loss schedule depend on. Built by destructuring `Pool` in
/// full, so a field added to the pool cannot be left out of the key.
#[derive(Debug)]
struct PoolKey {
    assets: Vec<Asset>,
    tape_path: Option<String>,
    rep_lines: Option<RepLines>,
    tape: Arc<Vec<Asset>>,
    dates: super::Dates,
    holding: bool,
}

impl PoolKey {
    fn of(deal: &Deal, tape: &Arc<Vec<Asset>>) -> PoolKey {
        let Pool {
            assets,
            tape: tape_path,
            rep_lines,
        } = &deal.pool;
        PoolKey {
            assets: assets.clone(),
            tape_path: tape_path.clone(),
            rep_lines: rep_lines.clone(),
            tape: Arc::clone(tape),
            dates: super::dates(deal),
            holding: deal.holding.is_some(),
        }
    }

    /// Same pool: equal inline rows, rep lines, tape path and dates, and the same tape rows
    /// (the same `Arc`: a tape is replaced, never edited in place).
    fn same(&self, deal: &Deal, tape: &Arc<Vec<Asset>>) -> bool {
        let Pool {
            assets,
            tape: tape_path,
            rep_lines,
        } = &deal.pool;
        self.assets == *assets
            && self.tape_path == *tape_path
            && self.rep_lines == *rep_lines
            && Arc::ptr_eq(&self.tape, tape)
            && self.dates == super::dates(deal)
            && self.holding == deal.holding.is_some()
    }
}

/// Why a batch of runs stopped early or could not start.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("{0}")]
    Unusable(String),
    #[error("cancelled")]
    Cancelled,
}

/// One point of a sweep: the driver's value and what was read from its run (or why it failed).
pub type SweepPoint<T> = (f64, Result<T, String>);
impl Session {
    /// A session for a deal and the rows of the tape it names (empty when it names none).
    pub fn new(deal: Deal, tape: Arc<Vec<Asset>>) -> Session {
        let mut s = Session {
            deal,
            tape,
            pool_key: None,
            pool_version: 0,
            cache: ProjectionCache::default(),
        };
        s.note_pool();
        s
    }

    /// Read a deal file and the tape it names.
    pub fn open(path: &Path) -> Result<Session, LoadError> {
        let loaded = crate::io::load_deal(path)?;
        Ok(Session::new(loaded.deal, Arc::new(loaded.tape)))
    }

    pub fn deal(&self) -> &Deal {
        &self.deal
    }

    pub fn tape(&self) -> &Arc<Vec<Asset>> {
        &self.tape
    }

    /// Changes whenever the pool (its rows, the tape, the rep lines) or the dates change.
    pub fn pool_version(&self) -> u64 {
        self.pool_version
    }

    /// Replace the deal and its tape rows (an edit). The pool's cached work is kept when
    /// the pool and dates are unchanged. Returns whether the pool changed.
    pub fn update(&mut self, deal: Deal, tape: Arc<Vec<Asset>>) -> bool {
        self.deal = deal;
        self.tape = tape;
        self.note_pool()
    }

    fn note_pool(&mut self) -> bool {
        if self
            .pool_key
            .as_ref()
            .is_some_and(|k| k.same(&self.deal, &self.tape))
        {
            return false;
        }
        self.pool_key = Some(PoolKey::of(&self.deal, &self.tape));
        self.pool_version += 1;
        true
    }

    /// Every issue of the deal, errors first.
    pub fn issues(&mut self) -> Vec<Issue> {
        self.cache
            .validate(&self.deal, &self.tape, self.pool_version)
    }

    /// Validate and run one scenario (the default one when `scenario` is None): every issue,
    /// and the results when there is no error.
    pub fn evaluate(
        &mut self,
        scenario: Option<&str>,
    ) -> (Vec<Issue>, Result<DealResults, EngineError>) {
        self.cache
            .evaluate(&self.deal, &self.tape, scenario, self.pool_version)
    }

    /// The results of one scenario.
    pub fn run(&mut self, scenario: Option<&str>) -> Result<DealResults, EngineError> {
        self.evaluate(scenario).1
    }

    /// Every scenario's name: the written ones, then each stress template's.
    pub fn scenario_names(&self) -> Vec<String> {
        let all = self.deal.expanded_scenarios();
        all.iter().map(|s| s.name.clone()).collect()
    }

    /// The results of every scenario of the deal (stress templates last), in the deal's order.
    pub fn all_scenarios(&mut self) -> Result<Vec<DealResults>, EngineError> {
        let names = self.scenario_names();
        if names.is_empty() {
            return Err(EngineError::NoScenario);
        }
        names.iter().map(|n| self.run(Some(n))).collect()
    }

    /// Every scenario that runs, in the deal's order, and the ones that do not, each named
    /// with its error (the term sheet's scenario table, the comparison).
    pub fn scenario_runs(&mut self) -> (Vec<DealResults>, Vec<String>) {
        let names = self.scenario_names();
        let (mut ok, mut failed) = (Vec::new(), Vec::new());
        for n in &names {
            match self.run(Some(n)) {
                Ok(r) => ok.push(r),
                Err(e) => failed.push(format!("{n}: {e}")),
            }
        }
        (ok, failed)
    }

    /// Every scenario side by side (those that do not run are listed with their error).
    pub fn compare(&mut self) -> super::compare::Comparison {
        let (runs, failed) = self.scenario_runs();
        super::compare::Comparison::of(&self.deal.name, self.deal.holding.is_some(), &runs, failed)
    }

    /// Checks the deal once and prepares runs of `scenario` with drivers set: the pool's
    /// no-loss schedule is summed once and shared by every trial.
    pub fn trials(&mut self, scenario: Option<&str>) -> Result<Trials<'_>, EngineError> {
        let issues = self.issues();
        let errors: Vec<Issue> = issues
            .into_iter()
            .filter(|i| i.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            return Err(EngineError::Invalid(errors));
        }
        let base = select_scenario(&self.deal, scenario)?.into_owned();
        self.cache.no_loss(
            &self.deal,
            &self.tape,
            &base.obligor_defaults,
            self.pool_version,
        );
        let Some((check, schedule, no_loss)) = self.cache.parts() else {
            unreachable!("validated and summed just above")
        };
        Ok(Trials {
            deal: &self.deal,
            tape: &self.tape,
            base,
            check,
            schedule,
            no_loss,
        })
    }

    /// One driver over `values`, each a run of `scenario` with the driver set; `read` takes
    /// what the caller needs from each run. Stops early (`Cancelled`) once `cancel` is set.
    pub fn sweep<T: Send>(
        &mut self,
        scenario: Option<&str>,
        driver: &Driver,
        values: &[f64],
        cancel: &AtomicBool,
        read: impl Fn(&DealResults) -> T + Sync,
    ) -> Result<Vec<SweepPoint<T>>, BatchError> {
        let trials = self.trials(scenario)?;
        trials.usable(driver)?;
        let points: Vec<[f64; 1]> = values.iter().map(|&x| [x]).collect();
        let out = trials.batch(&[driver], &points, cancel, &AtomicUsize::new(0), read)?;
        Ok(values.iter().copied().zip(out).collect())
    }
}

/// Runs of one scenario with drivers set, sharing the checked deal and the pool's no-loss
/// schedule. `Sync`: a grid runs its cells on several threads, each cell's result the same
/// as a lone run of that scenario.
pub struct Trials<'a> {
    deal: &'a Deal,
    tape: &'a [Asset],
    base: Scenario,
    check: &'a PoolCheck,
    schedule: &'a Schedule,
    no_loss: &'a PoolSchedule,
}

impl<'a> Trials<'a> {
    pub fn deal(&self) -> &Deal {
        self.deal
    }

    pub fn scenario(&self) -> &Scenario {
        &self.base
    }

    /// The pool's assets (inline, tape rows, rep lines).
    pub fn pool_assets(&self) -> crate::model::PoolAssets<'_> {
        self.deal.pool.assets(self.tape)
    }

    /// Whether an obligor is in the pool.
    pub fn has_obligor(&self, o: &str) -> bool {
        self.pool_assets().iter().any(|a| a.obligor == o)
    }

    /// An error when the driver cannot move this deal.
    pub fn usable(&self, d: &Driver) -> Result<(), BatchError> {
        match drivers::unusable(d, self.deal, &|o| self.has_obligor(o)) {
            Some(why) => Err(BatchError::Unusable(why)),
            None => Ok(()),
        }
    }

    /// The base scenario's results (no driver set).
    pub fn base_results(&self) -> DealResults {
        self.run_on(self.deal, &self.base)
    }

    /// One run with each driver set to its value. A term driver runs a copy of the deal,
    /// checked again (an error names the first issue); a scenario driver's value is clamped
    /// to its domain.
    pub fn run(&self, set: &[(&Driver, f64)]) -> Result<DealResults, String> {
        self.run_with(self.deal, set)
    }

    /// [`Trials::run`] on a variant of the deal (same pool and dates), e.g. one without an
    /// enhancement.
    pub fn run_with(&self, deal: &Deal, set: &[(&Driver, f64)]) -> Result<DealResults, String> {
        let mut deal = Cow::Borrowed(deal);
        let mut sc = self.base.clone();
        for &(d, x) in set {
            if !x.is_finite() {
                return Err(format!("{} = {x} is not a number", drivers::name(d)));
            }
            if is_term(d) {
                apply_to_deal(d, deal.to_mut(), x);
            } else {
                let (lo, hi) = drivers::domain(d);
                apply_to_scenario(d, &mut sc, x.clamp(lo, hi));
            }
        }
        if let Cow::Owned(changed) = &deal {
            let issues = crate::validate::validate_with(changed, self.tape, self.check);
            if let Some(e) = issues.iter().find(|i| i.severity == Severity::Error) {
                return Err(e.to_string());
            }
        }
        Ok(self.run_on(&deal, &sc))
    }

    fn run_on(&self, deal: &Deal, sc: &Scenario) -> DealResults {
        let projection = if sc.obligor_defaults == self.base.obligor_defaults {
            apply_scenario(deal, sc, self.schedule, self.no_loss)
        } else {
            // Other named defaults: the no-loss schedule is summed again for this run.
            let pool = if deal.holding.is_some() {
                PoolSchedule::default()
            } else {
                PoolSchedule::new(deal, self.tape, &sc.obligor_defaults, self.schedule)
            };
            apply_scenario(deal, sc, self.schedule, &pool)
        };
        run_liabilities_for(deal, sc, &projection)
    }

    /// Runs at every point (each point one value per driver), in parallel, in the points'
    /// order; the results do not depend on the number of threads. Stops with `Cancelled`
    /// once `cancel` is set; `done` counts the points run (a progress bar reads it).
    pub fn batch<T: Send, const N: usize>(
        &self,
        drivers: &[&Driver; N],
        points: &[[f64; N]],
        cancel: &AtomicBool,
        done: &AtomicUsize,
        read: impl Fn(&DealResults) -> T + Sync,
    ) -> Result<Vec<Result<T, String>>, BatchError> {
        use rayon::prelude::*;
        let out: Vec<Option<Result<T, String>>> = points
            .par_iter()
            .map(|p| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let set: Vec<(&Driver, f64)> =
                    drivers.iter().copied().zip(p.iter().copied()).collect();
                let out = self.run(&set).map(|r| read(&r));
                done.fetch_add(1, Ordering::Relaxed);
                Some(out)
            })
            .collect();
        if cancel.load(Ordering::Relaxed) {
            return Err(BatchError::Cancelled);
        }
        Ok(out.into_iter().map(|o| o.expect("not cancelled")).collect())
    }
}

/// A copy of the deal without one enhancement: `"reserve"` (no initial deposit, no target)
/// or an enhancement's id (a total cap of zero, so it never pays). None for an unknown id.
pub fn without_enhancement(deal: &Deal, id: &str) -> Option<Deal> {
    let mut d = deal.clone();
    if id == "reserve" {
        let r = d.reserve.as_mut()?;
        r.initial = Decimal::ZERO;
        r.target = ReserveTarget::Fixed(Decimal::ZERO);
        return Some(d);
    }
    let e = d.enhancements.iter_mut().find(|e| e.id == id)?;
    e.cap_total = Some(Decimal::ZERO);
    Some(d)
}
