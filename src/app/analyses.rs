//! The structurer's questions, off the UI thread: the grid tab's grid and tornado, the
//! break-even CDR of every tranche, and the goal seek. Each has its own worker thread and
//! each request its own cancel flag and counter of runs done: the app raises the flag of the
//! running request when a newer one replaces it or the user cancels, and reads the counter
//! for the progress bar. Requests are sent only when the deal or the question changes.

use super::compute::{Request, Worker, session_for, spawn};
use crate::engine::analysis::{self, Goal, GridResult, Solution, SolveSpec, Tornado};
use crate::engine::{BatchError, EngineError, Session};
use crate::model::{Driver, Grid};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// One request to a worker: the deal, what to compute, and the flags the app watches.
pub struct Job<Q> {
    seq: u64,
    base: Request,
    query: Q,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
}

/// What came back: the figures, the engine's refusal, or None when cancelled.
pub struct Answer<T> {
    seq: u64,
    result: Option<Result<T, Failure>>,
}

/// Why a question has no answer, worded in the reader's language when shown.
#[derive(Debug)]
pub enum Failure {
    /// The deal's first error.
    Invalid(crate::error::Issue),
    /// The engine's refusal, in its English sentence.
    Refused(String),
}

impl Failure {
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::export::messages;
        match self {
            Failure::Invalid(issue) => messages::issue_line(lang, None, issue),
            Failure::Refused(e) => messages::error_sentence(lang, e),
        }
    }
}

/// A request in flight: its number, its cancel flag, its counter of runs and how many runs
/// it makes (0 when not known ahead).
struct Running {
    seq: u64,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    total: usize,
}

/// What a tab shows for one question.
pub enum Status<'a, T> {
    /// Nothing asked yet.
    Idle,
    /// Running: runs done and runs in all (0 of 0 when not known ahead).
    Running {
        done: usize,
        total: usize,
    },
    Cancelled,
    Failed(&'a Failure),
    Done(&'a T),
}

/// One worker and the last request sent to it.
struct Slot<Q, T> {
    worker: Worker<Job<Q>, Answer<T>>,
    running: Option<Running>,
    answer: Option<Answer<T>>,
}

impl<Q: Send + 'static, T: Send + 'static> Slot<Q, T> {
    fn start(
        name: &str,
        ctx: &egui::Context,
        run: fn(&mut Session, &Job<Q>) -> Result<T, BatchError>,
    ) -> std::io::Result<Self> {
        let mut session = None;
        let worker = spawn(name, ctx.clone(), move |job: Job<Q>, _| {
            let s = session_for(&mut session, &job.base);
            Some(answer(job.seq, run(s, &job)))
        })?;
        Ok(Slot {
            worker,
            running: None,
            answer: None,
        })
    }

    fn submit(&mut self, seq: u64, base: Request, query: Q, total: usize) -> bool {
        let running = Running {
            seq,
            cancel: Arc::new(AtomicBool::new(false)),
            done: Arc::new(AtomicUsize::new(0)),
            total,
        };
        let job = Job {
            seq,
            base,
            query,
            cancel: Arc::clone(&running.cancel),
            done: Arc::clone(&running.done),
        };
        if let Some(old) = self.running.replace(running) {
            old.cancel.store(true, Ordering::Relaxed);
        }
        self.worker.tx.send(job).is_ok()
    }

    fn poll(&mut self) {
        while let Ok(a) = self.worker.rx.try_recv() {
            if self.running.as_ref().is_some_and(|r| r.seq == a.seq) {
                self.answer = Some(a);
            }
        }
    }

    fn cancel(&self) {
        if let Some(r) = &self.running {
            r.cancel.store(true, Ordering::Relaxed);
        }
    }

    fn status(&self) -> Status<'_, T> {
        let Some(r) = &self.running else {
            return Status::Idle;
        };
        match self
            .answer
            .as_ref()
            .filter(|a| a.seq == r.seq)
            .map(|a| &a.result)
        {
            Some(Some(Ok(v))) => Status::Done(v),
            Some(Some(Err(e))) => Status::Failed(e),
            Some(None) => Status::Cancelled,
            None if r.cancel.load(Ordering::Relaxed) => Status::Cancelled,
            None => Status::Running {
                done: r.done.load(Ordering::Relaxed),
                total: r.total,
            },
        }
    }

    fn forget(&mut self) {
        self.cancel();
        self.answer = None;
    }
}

/// The answer to request `seq`: None when it was cancelled, the first error of an invalid
/// deal, or the engine's refusal.
fn answer<T>(seq: u64, r: Result<T, BatchError>) -> Answer<T> {
    let result = match r {
        Ok(v) => Some(Ok(v)),
        Err(BatchError::Cancelled) => None,
        Err(BatchError::Engine(EngineError::Invalid(issues))) => Some(Err(issues
            .first()
            .cloned()
            .map_or_else(|| Failure::Refused("invalid deal".into()), Failure::Invalid))),
        Err(e) => Some(Err(Failure::Refused(e.to_string()))),
    };
    Answer { seq, result }
}

fn run_grid(s: &mut Session, job: &Job<Grid>) -> Result<GridResult, BatchError> {
    s.grid_counted(&job.query, &job.cancel, &job.done)
}

fn run_tornado(s: &mut Session, job: &Job<()>) -> Result<Tornado, BatchError> {
    let steps = analysis::default_tornado(s.deal());
    let outputs = analysis::all_outputs(s.deal());
    let scenario = job.base.scenario.as_deref();
    s.tornado(scenario, &steps, &outputs, &job.cancel)
}

/// The CDR up to which each tranche repays all its principal, to 1 bp, in [0%, 100%].
fn run_breakevens(s: &mut Session, job: &Job<()>) -> Result<Vec<Solution>, BatchError> {
    let ids: Vec<String> = s.deal().tranches.iter().map(|t| t.id.clone()).collect();
    let scenario = job.base.scenario.clone();
    ids.into_iter()
        .map(|id| {
            if job.cancel.load(Ordering::Relaxed) {
                return Err(BatchError::Cancelled);
            }
            let sol = s.solve(&SolveSpec {
                scenario: scenario.clone(),
                driver: Driver::Cdr,
                lo: 0.0,
                hi: 1.0,
                tolerance: 1e-4,
                goal: Goal::NoPrincipalLoss(id),
                without: None,
            });
            job.done.fetch_add(1, Ordering::Relaxed);
            sol
        })
        .collect()
}

fn run_solve(s: &mut Session, job: &Job<SolveSpec>) -> Result<Solution, BatchError> {
    s.solve(&job.query)
}

struct Slots {
    grid: Slot<Grid, GridResult>,
    tornado: Slot<(), Tornado>,
    breakevens: Slot<(), Vec<Solution>>,
    solve: Slot<SolveSpec, Solution>,
}

#[derive(Default)]
pub struct Analyses {
    slots: Option<Slots>,
    start_error: Option<Failure>,
    next_seq: u64,
}

impl Analyses {
    /// Start the workers on first use (they need the egui context to request repaints).
    fn slots(&mut self, ctx: &egui::Context) -> Option<&mut Slots> {
        if self.slots.is_none() && self.start_error.is_none() {
            let started = (|| {
                Ok::<_, std::io::Error>(Slots {
                    grid: Slot::start("tranche-studio-grid", ctx, run_grid)?,
                    tornado: Slot::start("tranche-studio-tornado", ctx, run_tornado)?,
                    breakevens: Slot::start("tranche-studio-breakevens", ctx, run_breakevens)?,
                    solve: Slot::start("tranche-studio-solve", ctx, run_solve)?,
                })
            })();
            match started {
                Ok(s) => self.slots = Some(s),
                Err(e) => {
                    self.start_error = Some(Failure::Refused(format!(
                        "cannot start the analysis threads: {e}"
                    )))
                }
            }
        }
        self.slots.as_mut()
    }

    fn next(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    fn sent(&mut self, ok: bool) {
        if !ok {
            self.start_error = Some(Failure::Refused("an analysis thread stopped".into()));
        }
    }

    /// Run `grid` on the request's deal, cancelling the grid still running.
    pub fn submit_grid(&mut self, ctx: &egui::Context, base: Request, grid: Grid) {
        let total = analysis::grid_cells(&grid);
        let seq = self.next();
        let ok = self
            .slots(ctx)
            .is_none_or(|s| s.grid.submit(seq, base, grid, total));
        self.sent(ok);
    }

    /// Run the tornado of the request's deal and scenario.
    pub fn submit_tornado(&mut self, ctx: &egui::Context, base: Request) {
        let seq = self.next();
        let ok = self
            .slots(ctx)
            .is_none_or(|s| s.tornado.submit(seq, base, (), 0));
        self.sent(ok);
    }

    /// Solve the break-even CDR of every tranche of the request's deal and scenario.
    pub fn submit_breakevens(&mut self, ctx: &egui::Context, base: Request) {
        let seq = self.next();
        let n = base.deal.tranches.len();
        let ok = self
            .slots(ctx)
            .is_none_or(|s| s.breakevens.submit(seq, base, (), n));
        self.sent(ok);
    }

    /// Solve one goal (the goal seek).
    pub fn submit_solve(&mut self, ctx: &egui::Context, base: Request, spec: SolveSpec) {
        let seq = self.next();
        let ok = self
            .slots(ctx)
            .is_none_or(|s| s.solve.submit(seq, base, spec, 0));
        self.sent(ok);
    }

    /// Stop the grid and the tornado being computed (the grid tab's cancel button).
    pub fn cancel(&self) {
        if let Some(s) = &self.slots {
            s.grid.cancel();
            s.tornado.cancel();
        }
    }

    /// Take in finished work; answers to older requests are dropped.
    pub fn poll(&mut self) {
        if let Some(s) = &mut self.slots {
            s.grid.poll();
            s.tornado.poll();
            s.breakevens.poll();
            s.solve.poll();
        }
    }

    fn status<'a, T>(&'a self, slot: impl Fn(&'a Slots) -> Status<'a, T>) -> Status<'a, T> {
        match (&self.start_error, &self.slots) {
            (Some(e), _) => Status::Failed(e),
            (None, Some(s)) => slot(s),
            (None, None) => Status::Idle,
        }
    }

    pub fn grid(&self) -> Status<'_, GridResult> {
        self.status(|s| s.grid.status())
    }

    pub fn tornado(&self) -> Status<'_, Tornado> {
        self.status(|s| s.tornado.status())
    }

    pub fn breakevens(&self) -> Status<'_, Vec<Solution>> {
        self.status(|s| s.breakevens.status())
    }

    pub fn solution(&self) -> Status<'_, Solution> {
        self.status(|s| s.solve.status())
    }

    /// Whether the grid or tornado asked for last is still being computed.
    pub fn pending(&self) -> bool {
        matches!(self.grid(), Status::Running { .. })
            || matches!(self.tornado(), Status::Running { .. })
    }

    /// Forget the answers for a previous deal (a different file was opened).
    pub fn forget(&mut self) {
        if let Some(s) = &mut self.slots {
            s.grid.forget();
            s.tornado.forget();
            s.breakevens.forget();
            s.solve.forget();
        }
    }
}
