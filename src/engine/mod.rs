//! The calculation: schedule → pool projection → waterfall → metrics. No egui here.

pub mod analysis;
mod call;
pub mod compare;
mod coupon;
mod delinquency;
pub mod drivers;
mod holding;
mod pool;
mod revolving;
mod schedule;
mod session;
mod waterfall;

pub use holding::{incentive_fee, run_holding, unit_class_ids};
pub use pool::{PoolLedger, PoolSchedule};
pub use schedule::Schedule;
pub use session::{BatchError, Session, Trials, without_enhancement};
pub use waterfall::{WaterfallOutput, run_waterfall};

use crate::error::{Issue, Severity};
use crate::metrics;
use crate::model::{
    Asset, CleanUpCall, Deal, EnhancementKind, Holder, ObligorDefault, Revolving, Scenario,
};
use crate::money::to_f64;
use crate::results::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("no scenario named {0:?} in the deal")]
    UnknownScenario(String),
    #[error("the deal has no scenario")]
    NoScenario,
    #[error("the deal is not valid:\n{}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Issue>),
}

/// The pool side of a run, reusable while the pool, assumptions and dates are unchanged.
#[derive(Debug, Clone)]
pub struct Projection {
    pub scenario: String,
    pub schedule: Schedule,
    pub pool: PoolLedger,
    /// A revolving deal: the original pool's ledger, from which the pool is projected again
    /// when a trigger ends the revolving period early.
    revolving: Option<std::sync::Arc<revolving::Base>>,
}

/// A written scenario or a stress template's, by name (the default when none is named).
pub fn select_scenario<'a>(
    deal: &'a Deal,
    name: Option<&str>,
) -> Result<std::borrow::Cow<'a, Scenario>, EngineError> {
    match deal.find_scenario(name) {
        Some(s) => Ok(s),
        None => match name.or(deal.default_scenario.as_deref()) {
            Some(n) => Err(EngineError::UnknownScenario(n.to_string())),
            None => Err(EngineError::NoScenario),
        },
    }
}

/// Validate, project and run the waterfall for one scenario of a deal that names no tape
/// (a deal with a tape runs through a [`Session`], which holds its rows).
pub fn run(deal: &Deal, scenario: Option<&str>) -> Result<DealResults, EngineError> {
    // A one-shot run is a cache that has seen nothing yet: CLI and GUI share one path.
    ProjectionCache::default().results(deal, &[], scenario, 0)
}

/// The pool projection of a deal that names no tape.
pub fn project(deal: &Deal, scenario: Option<&str>) -> Result<Projection, EngineError> {
    ProjectionCache::default()
        .projection(deal, &[], scenario, 0)
        .cloned()
}

/// The dates and frequency a projection and the pool checks depend on.
type Dates = (
    NaiveDate,
    NaiveDate,
    NaiveDate,
    crate::time::Frequency,
    crate::time::DayCount,
    u32,
);

fn dates(deal: &Deal) -> Dates {
    (
        deal.closing_date,
        deal.first_payment_date,
        deal.legal_final_date,
        deal.frequency,
        deal.day_count,
        deal.collection_lag,
    )
}

/// What the pool's no-loss schedule depends on besides the pool itself.
#[derive(Debug, Clone, PartialEq)]
struct ScheduleKey {
    pool_version: u64,
    dates: Dates,
    holding: bool,
    named_defaults: Vec<ObligorDefault>,
    /// A revolving deal: the obligor and industry of each purchase line (the groups whose
    /// original balances the schedule keeps).
    revolving: Option<Vec<(String, String)>>,
}

fn revolving_groups(deal: &Deal) -> Option<Vec<(String, String)>> {
    let lines = &deal.revolving.as_ref()?.purchases;
    Some(
        lines
            .iter()
            .map(|l| (l.obligor.clone(), l.industry.clone()))
            .collect(),
    )
}

/// What the last projection was made for: the schedule's key, the scenario, the clean-up
/// call and the revolving terms.
type LastKey = (
    ScheduleKey,
    Scenario,
    Option<CleanUpCall>,
    Option<Revolving>,
);

/// Keeps the pool's checks, its no-loss schedule and the last projection, and reuses each
/// while what it depends on is unchanged: an edit of the liabilities reruns only the
/// waterfall and metrics; an edit of CDR, CPR or recoveries only applies the scenario to the
/// period sums (linear in periods, not assets). The pool is versioned by its owner
/// (`pool_version` changes whenever the pool does: the GUI bumps it on pool edits; a one-shot
/// run passes any constant); the small inputs are compared by value.
#[derive(Debug, Default)]
pub struct ProjectionCache {
    pool_check: Option<(u64, Dates, crate::validate::PoolCheck)>,
    schedule: Option<(ScheduleKey, Schedule, PoolSchedule)>,
    /// The last projection, with what it was made for.
    last: Option<(LastKey, Projection)>,
}

impl ProjectionCache {
    /// Every issue of the deal, errors first; the pool's own checks are reused.
    pub fn validate(&mut self, deal: &Deal, tape: &[Asset], pool_version: u64) -> Vec<Issue> {
        let dates = dates(deal);
        let check = match self.pool_check.take() {
            Some((v, d, check)) if v == pool_version && d == dates => check,
            _ => crate::validate::check_pool(deal, tape),
        };
        let issues = crate::validate::validate_with(deal, tape, &check);
        self.pool_check = Some((pool_version, dates, check));
        issues
    }

    /// The pool's no-loss schedule for these named-obligor defaults (summed once per pool
    /// version, dates and named defaults): what every scenario with the same named defaults
    /// shares. No validation: for a deal already checked.
    pub fn no_loss(
        &mut self,
        deal: &Deal,
        tape: &[Asset],
        named: &[ObligorDefault],
        pool_version: u64,
    ) -> (&Schedule, &PoolSchedule) {
        let key = ScheduleKey {
            pool_version,
            dates: dates(deal),
            holding: deal.holding.is_some(),
            named_defaults: named.to_vec(),
            revolving: revolving_groups(deal),
        };
        if !matches!(&self.schedule, Some((k, ..)) if *k == key) {
            self.schedule = None;
        }
        let (_, schedule, pool) = self.schedule.get_or_insert_with(|| {
            let schedule = Schedule::new(deal);
            // A holding-type deal has no pool: its projection is the schedule alone.
            let pool = if key.holding {
                PoolSchedule::default()
            } else {
                PoolSchedule::new(deal, tape, named, &schedule)
            };
            (key, schedule, pool)
        });
        (schedule, pool)
    }

    /// The pool's checks and the last no-loss schedule, once [`validate`](Self::validate) and
    /// [`no_loss`](Self::no_loss) have run.
    pub fn parts(&self) -> Option<(&crate::validate::PoolCheck, &Schedule, &PoolSchedule)> {
        let (.., check) = self.pool_check.as_ref()?;
        let (_, schedule, pool) = self.schedule.as_ref()?;
        Some((check, schedule, pool))
    }

    /// The pool projection for a scenario given by value (it need not be one of the deal's:
    /// a grid cell or a solver's trial). No validation: for a deal already checked.
    pub fn projection_of(
        &mut self,
        deal: &Deal,
        tape: &[Asset],
        sc: &Scenario,
        pool_version: u64,
    ) -> &Projection {
        let key = ScheduleKey {
            pool_version,
            dates: dates(deal),
            holding: deal.holding.is_some(),
            named_defaults: sc.obligor_defaults.clone(),
            revolving: revolving_groups(deal),
        };
        let call = deal.clean_up_call.as_ref();
        let rev = deal.revolving.as_ref();
        if !matches!(&self.last, Some(((k, s, c, r), _))
            if *k == key && *s == *sc && c.as_ref() == call && r.as_ref() == rev)
        {
            self.last = None;
        }
        if self.last.is_none() {
            let (schedule, pool) = self.no_loss(deal, tape, &sc.obligor_defaults, pool_version);
            let projection = apply_scenario(deal, sc, schedule, pool);
            self.last = Some(((key, sc.clone(), call.cloned(), rev.cloned()), projection));
        }
        match &self.last {
            Some((_, p)) => p,
            None => unreachable!("set just above"),
        }
    }

    /// The pool projection for a named scenario (no validation: for a deal already checked).
    pub fn projection(
        &mut self,
        deal: &Deal,
        tape: &[Asset],
        scenario: Option<&str>,
        pool_version: u64,
    ) -> Result<&Projection, EngineError> {
        let sc = select_scenario(deal, scenario)?;
        Ok(self.projection_of(deal, tape, &sc, pool_version))
    }

    /// Validate, project (reusing what it can) and run the liabilities: every issue, and
    /// the results when there is no error.
    pub fn evaluate(
        &mut self,
        deal: &Deal,
        tape: &[Asset],
        scenario: Option<&str>,
        pool_version: u64,
    ) -> (Vec<Issue>, Result<DealResults, EngineError>) {
        let issues = self.validate(deal, tape, pool_version);
        let errors: Vec<Issue> = issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            return (issues, Err(EngineError::Invalid(errors)));
        }
        let results = self
            .projection(deal, tape, scenario, pool_version)
            .map(|projection| {
                let mut results = run_liabilities(deal, projection);
                let engine_warnings = std::mem::take(&mut results.warnings);
                results.warnings = crate::validate::warnings(&issues);
                results.warnings.extend(engine_warnings);
                results
            });
        (issues, results)
    }

    pub fn results(
        &mut self,
        deal: &Deal,
        tape: &[Asset],
        scenario: Option<&str>,
        pool_version: u64,
    ) -> Result<DealResults, EngineError> {
        self.evaluate(deal, tape, scenario, pool_version).1
    }
}

/// A scenario applied to the pool's no-loss schedule (linear in periods, not assets), and
/// a revolving period's purchases on it.
pub fn apply_scenario(
    deal: &Deal,
    sc: &Scenario,
    schedule: &Schedule,
    pool: &PoolSchedule,
) -> Projection {
    let ledger = pool.apply(
        sc,
        schedule,
        deal.collection_lag as usize,
        deal.clean_up_call.as_ref(),
    );
    let (pool, base) = match (&deal.revolving, pool.concentration()) {
        (Some(rev), Some(concentration)) => {
            let base = revolving::Base {
                pool: ledger,
                concentration: concentration.clone(),
            };
            let pool = revolving::project(rev, sc, schedule, &base, None);
            (pool, Some(std::sync::Arc::new(base)))
        }
        _ => (ledger, None),
    };
    Projection {
        scenario: sc.name.clone(),
        schedule: schedule.clone(),
        pool,
        revolving: base,
    }
}

/// Waterfall and metrics on a projection (the part an edit of the liabilities reruns).
/// A holding-type deal has no pool projection: its whole double-SPV model runs here.
pub fn run_liabilities(deal: &Deal, projection: &Projection) -> DealResults {
    let sc = deal.find_scenario(Some(&projection.scenario));
    run_liabilities_for(
        deal,
        sc.as_deref().unwrap_or(&Scenario::default()),
        projection,
    )
}

/// [`run_liabilities`] for a scenario given by value (the one `projection` was made for).
pub fn run_liabilities_for(deal: &Deal, sc: &Scenario, projection: &Projection) -> DealResults {
    if let Some(h) = &deal.holding {
        return run_holding(deal, h, sc);
    }
    let (out, pool) = revolving::run(
        deal,
        sc,
        &projection.schedule,
        &projection.pool,
        projection.revolving.as_deref(),
    );
    let securities = deal
        .tranches
        .iter()
        .enumerate()
        .map(|(t, tranche)| security_metrics(deal, t, tranche, &out))
        .collect();
    let pool = pool_metrics(deal, &projection.schedule, &pool, &out);
    let mut enhancements = Vec::new();
    if deal.reserve.is_some() {
        enhancements.push(EnhancementMetrics {
            id: "reserve".into(),
            kind: "Reserve".into(),
            provider: "plan".into(),
            total_drawn: out.reserve_drawn,
            periods_drawn: out.reserve_periods_drawn,
        });
    }
    for (e, enh) in deal.enhancements.iter().enumerate() {
        enhancements.push(EnhancementMetrics {
            id: enh.id.clone(),
            kind: match enh.kind {
                EnhancementKind::DeficiencyPayment => "DeficiencyPayment",
                EnhancementKind::Guarantee => "Guarantee",
                EnhancementKind::BankGuarantee => "BankGuarantee",
            }
            .into(),
            provider: enh.provider.clone(),
            total_drawn: out.enhancement_drawn[e],
            periods_drawn: out.enhancement_periods_drawn[e],
        });
    }
    let mut party_residual = PartyCash::default();
    let mut tax = TaxPeriod::default();
    for p in &out.periods {
        party_residual += p.party_residual;
        tax.vat += p.tax.vat;
        tax.surcharges += p.tax.surcharges;
        tax.due += p.tax.vat + p.tax.surcharges;
        tax.paid += p.tax.paid;
        tax.shortfall = p.tax.shortfall;
    }
    DealResults {
        deal: deal.name.clone(),
        scenario: projection.scenario.clone(),
        stress: AppliedStress::of(deal, &projection.scenario),
        currency: deal.currency.clone(),
        closing_date: deal.closing_date,
        securities,
        pool,
        enhancements,
        party_residual,
        tax,
        warnings: cash_left_warning(&out.periods).into_iter().collect(),
        periods: out.periods,
        project_company: None,
        plan: None,
    }
}

/// Cash still held after the final payment date has no one to receive it: the waterfall
/// lacks a residual step (or its residual step is not reached). Said, never hidden.
fn cash_left_warning(periods: &[PeriodResult]) -> Option<Warning> {
    let left = periods.last()?.carried_out;
    (left > Decimal::ZERO).then(|| {
        Warning::at(
            "W-CASH-LEFT",
            "waterfall.steps",
            &format!(
                "{left} is left after the final payment date with no holder to receive it; \
                 end the waterfall with Residual(tranche) or ResidualTo(Originator | Servicer)"
            ),
        )
    })
}

fn security_metrics(
    deal: &Deal,
    t: usize,
    tranche: &crate::model::Tranche,
    out: &WaterfallOutput,
) -> SecurityMetrics {
    let price = tranche.price.unwrap_or(100.0) / 100.0;
    let mut flows: Vec<(NaiveDate, f64)> = Vec::with_capacity(out.periods.len() + 1);
    flows.push((deal.closing_date, -to_f64(tranche.size) * price));
    let mut principal: Vec<(NaiveDate, f64)> = Vec::with_capacity(out.periods.len());
    let (mut interest, mut prin, mut residual) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut window: Option<(NaiveDate, NaiveDate)> = None;
    let mut in_full = true;
    for p in &out.periods {
        let tp = &p.tranches[t];
        interest += tp.interest_paid;
        prin += tp.principal_paid;
        residual += tp.residual_paid;
        in_full &= tp.interest_shortfall == Decimal::ZERO;
        let cash = tp.cash();
        if cash != Decimal::ZERO {
            flows.push((p.date, to_f64(cash)));
        }
        if tp.principal_paid > Decimal::ZERO {
            principal.push((p.date, to_f64(tp.principal_paid)));
            window = Some((window.map_or(p.date, |w| w.0), p.date));
        }
    }
    let irr = metrics::xirr(&flows);
    let receipts = &flows[1..];
    let mac = irr.and_then(|y| metrics::macaulay_duration(deal.closing_date, receipts, y));
    let modified = irr.and_then(|y| metrics::modified_duration(deal.closing_date, receipts, y));
    SecurityMetrics {
        id: tranche.id.clone(),
        name: tranche.name.clone(),
        holder: match tranche.holder {
            Holder::Market => "Market",
            Holder::Originator => "Originator",
        }
        .into(),
        rating: tranche.rating.clone(),
        size: tranche.size,
        coupon: tranche.coupon,
        irr,
        wal: metrics::wal(deal.closing_date, &principal),
        macaulay_duration: mac,
        modified_duration: modified,
        principal_window: window,
        expected_maturity: tranche.expected_maturity,
        legal_maturity: tranche.legal_maturity,
        total_interest: interest,
        total_principal: prin,
        total_residual: residual,
        principal_loss: out.final_balance[t],
        interest_shortfall: out.final_interest_shortfall[t],
        enhancement_draws: out.draws_by_tranche[t],
        interest_paid_in_full: in_full,
        multiple: None,
        distribution_rate: None,
        distribution_rates: Vec::new(),
    }
}

fn pool_metrics(
    deal: &Deal,
    schedule: &Schedule,
    pool: &PoolLedger,
    out: &WaterfallOutput,
) -> PoolMetrics {
    let n = out.periods.len();
    let sum = |v: &[Decimal]| v.iter().take(n).sum::<Decimal>();
    let defaults = sum(&pool.defaults);
    let interest = sum(&pool.interest);
    let principal = sum(&pool.scheduled_principal) + sum(&pool.prepayments);
    let recoveries = sum(&pool.recoveries);
    let init = pool.initial_balance;
    PoolMetrics {
        initial_balance: init,
        assets: pool.assets,
        cumulative_default_rate: if init > Decimal::ZERO {
            to_f64(defaults) / to_f64(init)
        } else {
            0.0
        },
        total_defaults: defaults,
        total_interest: interest,
        total_principal: principal,
        total_recoveries: recoveries,
        recoveries_lost: pool.recoveries_lost,
        total_collections: interest + principal + recoveries,
        total_excess_spread: out.periods.iter().map(|p| p.excess_spread).sum(),
        balance_after_last_date: pool
            .closing_balance
            .get(n.wrapping_sub(1))
            .copied()
            .unwrap_or_default(),
        call_date: out
            .periods
            .iter()
            .find(|p| p.pool.called_balance > Decimal::ZERO)
            .map(|p| p.date),
        call_proceeds: sum(&pool.call_proceeds),
        pledge_ltv: pool.pledge_ltv,
        revolving: deal
            .revolving
            .as_ref()
            .and(pool.revolving.as_ref())
            .map(|r| revolving_metrics(r, schedule, n)),
    }
}

fn revolving_metrics(
    r: &revolving::RevolvingLedger,
    schedule: &Schedule,
    n: usize,
) -> RevolvingMetrics {
    let periods = &r.periods[..n.min(r.periods.len())];
    let date = |k: usize| schedule.dates.get(k).copied();
    let ends = r.amortising_from < n;
    RevolvingMetrics {
        total_purchases: periods.iter().map(|p| p.purchases).sum(),
        total_purchased_balance: periods.iter().map(|p| p.purchased_balance).sum(),
        last_purchase_date: periods
            .iter()
            .rposition(|p| p.purchases > Decimal::ZERO)
            .and_then(date),
        amortisation_from: if ends { date(r.amortising_from) } else { None },
        ended_by: if ends {
            periods
                .get(r.amortising_from)
                .and_then(|p| p.ended_by.clone())
        } else {
            None
        },
    }
}
