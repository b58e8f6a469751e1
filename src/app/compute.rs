//! The recompute, off the UI thread.
//!
//! The app submits a request whenever the deal's revision or the scenario changes (never
//! per frame). A named worker thread takes the newest request, drops the older ones,
//! validates and runs through its `engine::Session` (the pool's checks and projection are
//! reused when only the liabilities or the scenario's rates changed), runs the
//! waterfall and builds the chart series, then sends the outcome back and asks egui for a
//! repaint. Outcomes for a stale request are dropped on arrival.
//!
//! A third worker runs every scenario side by side for the comparison tab, when it is shown.
//!
//! A second worker computes the IRR sensitivity of one security against a chosen driver
//! (CDR, CPR, recovery; revenue growth, occupancy, exit cap rate for holding-type deals),
//! abandoning a sweep as soon as a newer request arrives so typing never waits for it.

use super::analyses::Failure;
use super::charts::data::{Chart, ChartData};
use super::pool_stats::PoolStats;
use crate::engine::{self, Session};
use crate::error::Issue;
use crate::export::charts::SensitivityCurve;
use crate::model::{Asset, Deal};
use crate::results::DealResults;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What to compute: the deal (without tape rows), the tape rows, and the scenario.
#[derive(Clone)]
pub struct Request {
    pub seq: u64,
    pub deal: Arc<Deal>,
    pub tape: Arc<Vec<Asset>>,
    pub scenario: Option<String>,
}

/// Everything the results panel shows for one request.
pub struct Computed {
    pub results: DealResults,
    pub charts: ChartData,
    /// Per-unit (token) schedules of every security.
    pub tokens: Result<Vec<crate::tokens::SecurityTokens>, String>,
}

pub struct Outcome {
    pub seq: u64,
    pub issues: Vec<Issue>,
    /// None when the deal has errors or the engine refused it (`error` says why).
    pub computed: Option<Arc<Computed>>,
    pub error: Option<String>,
    /// Pool statistics are computed even when the deal has errors.
    pub pool: Arc<PoolStats>,
    pub elapsed: Duration,
}

pub struct SensitivityRequest {
    pub seq: u64,
    pub base: Request,
    pub security: String,
    pub driver: Driver,
}

/// What the sensitivity sweeps: a scenario input set to the same value over the whole deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Driver {
    /// Flat annual default rate, 0% to 20%.
    #[default]
    Cdr,
    /// Flat annual prepayment rate, 0% to 30%.
    Cpr,
    /// Share of a defaulted balance recovered, 0% to 100%.
    Recovery,
    /// Holding-type deals: annual revenue growth, −5% to +8%.
    RevenueGrowth,
    /// Holding-type deals: occupancy, 50% to 100%.
    Occupancy,
    /// Holding-type deals: exit cap rate, 3% to 10%.
    ExitCap,
}

impl Driver {
    const TRANCHED: [Driver; 3] = [Driver::Cdr, Driver::Cpr, Driver::Recovery];
    const HOLDING: [Driver; 3] = [Driver::RevenueGrowth, Driver::Occupancy, Driver::ExitCap];

    /// The drivers that apply to a deal of this kind, the default first.
    pub fn for_deal(holding: bool) -> &'static [Driver] {
        if holding {
            &Self::HOLDING
        } else {
            &Self::TRANCHED
        }
    }

    /// Lowest and highest value of the sweep.
    pub fn range(self) -> (f64, f64) {
        match self {
            Driver::Cdr => (0.0, 0.20),
            Driver::Cpr => (0.0, 0.30),
            Driver::Recovery => (0.0, 1.0),
            Driver::RevenueGrowth => (-0.05, 0.08),
            Driver::Occupancy => (0.50, 1.0),
            Driver::ExitCap => (0.03, 0.10),
        }
    }

    /// The `k`-th of the [`SENSITIVITY_POINTS`] evenly spaced values.
    pub fn value(self, k: usize) -> f64 {
        let (lo, hi) = self.range();
        let n = (SENSITIVITY_POINTS - 1) as f64;
        // Computed from both ends so the grid hits them (and whole percents) exactly.
        (lo * (n - k as f64) + hi * k as f64) / n
    }

    /// The engine's driver this one sets.
    pub fn engine(self) -> crate::model::Driver {
        use crate::model::Driver as D;
        match self {
            Driver::Cdr => D::Cdr,
            Driver::Cpr => D::Cpr,
            Driver::Recovery => D::RecoveryRate,
            Driver::RevenueGrowth => D::RevenueGrowth,
            Driver::Occupancy => D::Occupancy,
            Driver::ExitCap => D::ExitCapRate,
        }
    }

    /// The driver's name in the picker and on the chart's x axis.
    /// The driver in the shared vocabulary (the chart's x axis).
    pub fn term(self) -> crate::i18n::Term {
        use crate::i18n::Term;
        match self {
            Driver::Cdr => Term::DriverCdr,
            Driver::Cpr => Term::DriverCpr,
            Driver::Recovery => Term::DriverRecovery,
            Driver::RevenueGrowth => Term::RevenueGrowth,
            Driver::Occupancy => Term::Occupancy,
            Driver::ExitCap => Term::DriverExitCap,
        }
    }
}

/// IRR and principal loss of one security over a grid of values of one driver.
pub struct Sensitivity {
    pub seq: u64,
    pub driver: Driver,
    /// (driver value, IRR, principal loss > 0)
    pub points: Vec<(f64, Option<f64>, bool)>,
    /// The scenario's own value of the driver, when it is one number.
    pub current: Option<f64>,
    /// The sweep as the chart description has it (none when it failed).
    pub chart: Option<Chart>,
    /// Why there is no sweep: the deal's first error or the engine's refusal.
    pub error: Option<Failure>,
}

/// Points per sweep: the driver's range in 20 equal steps (CDR: 0% to 20% in 1% steps).
pub const SENSITIVITY_POINTS: usize = 21;

pub(super) struct Worker<Req, Out> {
    pub(super) tx: Sender<Req>,
    pub(super) rx: Receiver<Out>,
}

/// Spawn a named worker. `job` gets each newest request and a `superseded` check it may
/// call to abandon work when a newer request is waiting.
pub(super) fn spawn<Req: Send + 'static, Out: Send + 'static>(
    name: &str,
    ctx: egui::Context,
    mut job: impl FnMut(Req, &mut dyn FnMut() -> bool) -> Option<Out> + Send + 'static,
) -> std::io::Result<Worker<Req, Out>> {
    let (req_tx, req_rx) = channel::<Req>();
    let (out_tx, out_rx) = channel::<Out>();
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let mut next: Option<Req> = None;
            loop {
                let mut req = match next.take() {
                    Some(r) => r,
                    None => match req_rx.recv() {
                        Ok(r) => r,
                        Err(_) => return, // the app is gone
                    },
                };
                while let Ok(newer) = req_rx.try_recv() {
                    req = newer;
                }
                let mut newer: Option<Req> = None;
                let mut disconnected = false;
                let out = job(req, &mut || {
                    loop {
                        match req_rx.try_recv() {
                            Ok(r) => newer = Some(r),
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => {
                                disconnected = true;
                                break;
                            }
                        }
                    }
                    newer.is_some() || disconnected
                });
                if disconnected {
                    return;
                }
                next = newer;
                if let Some(out) = out {
                    if out_tx.send(out).is_err() {
                        return;
                    }
                    ctx.request_repaint();
                }
            }
        })?;
    Ok(Worker {
        tx: req_tx,
        rx: out_rx,
    })
}

/// The worker's session: the request's deal and tape replace the previous ones, so the
/// engine's caches (pool checks, no-loss schedule) carry over while the pool is unchanged.
pub(super) fn session_for<'a>(slot: &'a mut Option<Session>, req: &Request) -> &'a mut Session {
    let deal = (*req.deal).clone();
    let tape = Arc::clone(&req.tape);
    match slot {
        Some(s) => {
            s.update(deal, tape);
            s
        }
        None => slot.insert(Session::new(deal, tape)),
    }
}

#[derive(Default)]
struct MainCache {
    session: Option<Session>,
    /// Pool statistics and the session's pool version they were computed for.
    pool: Option<(u64, Arc<PoolStats>)>,
}

fn compute(req: Request, cache: &mut MainCache) -> Outcome {
    let started = Instant::now();
    let session = session_for(&mut cache.session, &req);
    let version = session.pool_version();
    let pool = match &cache.pool {
        Some((v, stats)) if *v == version => Arc::clone(stats),
        _ => {
            let stats = Arc::new(PoolStats::of(session.deal(), session.tape()));
            cache.pool = Some((version, Arc::clone(&stats)));
            stats
        }
    };
    let (issues, results) = session.evaluate(req.scenario.as_deref());
    let mut outcome = Outcome {
        seq: req.seq,
        computed: None,
        error: None,
        pool,
        elapsed: Duration::ZERO,
        issues,
    };
    match results {
        Ok(results) => {
            let charts = ChartData::new(&results);
            let tokens = crate::tokens::all(session.deal(), &results).map_err(|e| e.to_string());
            outcome.computed = Some(Arc::new(Computed {
                results,
                charts,
                tokens,
            }));
        }
        // The issues list shows the errors.
        Err(engine::EngineError::Invalid(_)) => {}
        Err(e) => outcome.error = Some(e.to_string()),
    }
    outcome.elapsed = started.elapsed();
    outcome
}

fn sensitivity(
    req: SensitivityRequest,
    slot: &mut Option<Session>,
    superseded: &mut dyn FnMut() -> bool,
) -> Option<Sensitivity> {
    let session = session_for(slot, &req.base);
    let driver = req.driver;
    let mut out = Sensitivity {
        seq: req.seq,
        driver,
        points: Vec::with_capacity(SENSITIVITY_POINTS),
        current: None,
        chart: None,
        error: None,
    };
    // Err(None): abandoned for a newer request.
    let result = (|| -> Result<(), Option<Failure>> {
        let refused = |e: String| Some(Failure::Refused(e));
        let holding = session.deal().holding.is_some();
        if !Driver::for_deal(holding).contains(&driver) {
            return Err(refused("the driver does not apply to this deal".into()));
        }
        let known = match &session.deal().holding {
            Some(h) => engine::unit_class_ids(h).contains(&req.security),
            None => session.deal().tranche_index(&req.security).is_some(),
        };
        if !known {
            return Err(refused(format!("no security {}", req.security)));
        }
        // The pool's no-loss schedule is summed once; each point applies its rates.
        let trials = session
            .trials(req.base.scenario.as_deref())
            .map_err(|e| match e {
                engine::EngineError::Invalid(issues) => {
                    issues.into_iter().next().map(Failure::Invalid)
                }
                e => refused(e.to_string()),
            })?;
        let d = driver.engine();
        out.current = engine::drivers::current(&d, trials.deal(), trials.scenario());
        let mut names = None;
        for k in 0..SENSITIVITY_POINTS {
            if superseded() {
                return Err(None);
            }
            let x = driver.value(k);
            let r = trials.run(&[(&d, x)]).map_err(refused)?;
            let Some(s) = r.securities.iter().find(|s| s.id == req.security) else {
                return Err(refused(format!("no security {}", req.security)));
            };
            out.points
                .push((x, s.irr, s.principal_loss > rust_decimal::Decimal::ZERO));
            names = Some((r.deal.clone(), r.scenario.clone(), s.name.clone()));
        }
        // Described here, off the UI thread, in both languages.
        let (deal, scenario, security) = names.unwrap_or_default();
        out.chart = Some(Chart::sensitivity(&SensitivityCurve {
            deal,
            scenario,
            security,
            driver: driver.term(),
            range: driver.range(),
            points: out.points.clone(),
            current: out.current,
        }));
        Ok(())
    })();
    match result {
        Ok(()) => Some(out),
        Err(None) => None,
        Err(e) => {
            out.error = e;
            Some(out)
        }
    }
}

/// Every scenario of the deal side by side (the comparison tab), for one request.
pub struct CompareOutcome {
    pub seq: u64,
    pub comparison: crate::engine::compare::Comparison,
}

fn compare(req: Request, slot: &mut Option<Session>) -> CompareOutcome {
    let session = session_for(slot, &req);
    CompareOutcome {
        seq: req.seq,
        comparison: session.compare(),
    }
}

/// The app's side of the workers: what was asked last and what came back.
#[derive(Default)]
pub struct Compute {
    /// The grid tab's grid and tornado.
    pub analyses: super::analyses::Analyses,
    main: Option<Worker<Request, Outcome>>,
    sens: Option<Worker<SensitivityRequest, Sensitivity>>,
    cmp: Option<Worker<Request, CompareOutcome>>,
    cmp_asked: u64,
    comparison: Option<CompareOutcome>,
    /// A worker that could not be started; shown in the status bar.
    pub start_error: Option<String>,
    next_seq: u64,
    asked: u64,
    latest: Option<Outcome>,
    /// Figures of the last valid deal, shown dimmed while the deal has errors.
    last_good: Option<Arc<Computed>>,
    sens_asked: u64,
    sensitivity: Option<Sensitivity>,
}

impl Compute {
    /// Start the workers on first use (they need the egui context to request repaints).
    fn ensure_started(&mut self, ctx: &egui::Context) {
        if self.main.is_some() || self.start_error.is_some() {
            return;
        }
        let mut cache = MainCache::default();
        let main = spawn("tranche-studio-compute", ctx.clone(), move |req, _| {
            Some(compute(req, &mut cache))
        });
        let mut session = None;
        let sens = spawn(
            "tranche-studio-sensitivity",
            ctx.clone(),
            move |req, superseded| sensitivity(req, &mut session, superseded),
        );
        let mut cmp_session = None;
        let cmp = spawn("tranche-studio-compare", ctx.clone(), move |req, _| {
            Some(compare(req, &mut cmp_session))
        });
        match (main, sens, cmp) {
            (Ok(m), Ok(s), Ok(c)) => {
                self.main = Some(m);
                self.sens = Some(s);
                self.cmp = Some(c);
            }
            (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => {
                self.start_error = Some(format!("cannot start the compute thread: {e}"))
            }
        }
    }

    pub fn submit(&mut self, ctx: &egui::Context, mut req: Request) {
        self.ensure_started(ctx);
        self.next_seq += 1;
        req.seq = self.next_seq;
        self.asked = req.seq;
        if let Some(w) = &self.main
            && w.tx.send(req).is_err()
        {
            self.start_error = Some("the compute thread stopped".into());
        }
    }

    pub fn submit_sensitivity(
        &mut self,
        ctx: &egui::Context,
        base: Request,
        security: String,
        driver: Driver,
    ) {
        self.ensure_started(ctx);
        self.next_seq += 1;
        let seq = self.next_seq;
        self.sens_asked = seq;
        if let Some(w) = &self.sens
            && w.tx
                .send(SensitivityRequest {
                    seq,
                    base,
                    security,
                    driver,
                })
                .is_err()
        {
            self.start_error = Some("the sensitivity thread stopped".into());
        }
    }

    /// Ask for every scenario side by side (the comparison tab).
    pub fn submit_compare(&mut self, ctx: &egui::Context, mut req: Request) {
        self.ensure_started(ctx);
        self.next_seq += 1;
        req.seq = self.next_seq;
        self.cmp_asked = req.seq;
        if let Some(w) = &self.cmp
            && w.tx.send(req).is_err()
        {
            self.start_error = Some("the comparison thread stopped".into());
        }
    }

    /// The comparison for the last request, once it has arrived.
    pub fn comparison(&self) -> Option<&crate::engine::compare::Comparison> {
        self.comparison
            .as_ref()
            .filter(|c| c.seq == self.cmp_asked)
            .map(|c| &c.comparison)
    }

    pub fn comparison_pending(&self) -> bool {
        self.cmp_asked != 0 && self.comparison().is_none()
    }

    /// Take in finished work; stale outcomes are dropped. Cheap when nothing arrived.
    pub fn poll(&mut self) {
        self.analyses.poll();
        if let Some(w) = &self.cmp {
            while let Ok(c) = w.rx.try_recv() {
                if c.seq == self.cmp_asked {
                    self.comparison = Some(c);
                }
            }
        }
        if let Some(w) = &self.main {
            while let Ok(o) = w.rx.try_recv() {
                if o.seq == self.asked {
                    if let Some(c) = &o.computed {
                        self.last_good = Some(Arc::clone(c));
                    }
                    self.latest = Some(o);
                }
            }
        }
        if let Some(w) = &self.sens {
            while let Ok(s) = w.rx.try_recv() {
                if s.seq == self.sens_asked {
                    self.sensitivity = Some(s);
                }
            }
        }
    }

    /// Whether the figures shown belong to the last request.
    pub fn is_current(&self) -> bool {
        self.latest.as_ref().is_some_and(|o| o.seq == self.asked)
    }

    pub fn latest(&self) -> Option<&Outcome> {
        self.latest.as_ref()
    }

    /// The figures to show, and whether they are for the current deal (false: the deal has
    /// errors and these are from its last valid version).
    pub fn figures(&self) -> Option<(&Arc<Computed>, bool)> {
        match self.latest.as_ref().and_then(|o| o.computed.as_ref()) {
            Some(c) => Some((c, true)),
            None => self.last_good.as_ref().map(|c| (c, false)),
        }
    }

    pub fn sensitivity(&self) -> Option<&Sensitivity> {
        self.sensitivity
            .as_ref()
            .filter(|s| s.seq == self.sens_asked)
    }

    pub fn sensitivity_pending(&self) -> bool {
        self.sens_asked != 0 && self.sensitivity().is_none()
    }

    /// Forget the figures of a previous deal (a different file was opened).
    pub fn forget(&mut self) {
        self.latest = None;
        self.last_good = None;
        self.sensitivity = None;
        self.comparison = None;
        self.analyses.forget();
    }
}
