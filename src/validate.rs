//! Semantic checks of a deal, each located by the path of the field it concerns.
//! Errors stop a run; warnings (compliance red lines) are reported with the results.

use crate::error::{Issue, Severity};
use crate::model::*;
use crate::money::ExactSum;
use crate::results::Warning;
use crate::time::{MAX_PERIODS, add_months, exceeds_max_periods, payment_dates};
use chrono::Datelike;

mod delinquency;
mod market;
mod revolving;
mod terms;
mod tokens;
use rust_decimal::Decimal;
use rustc_hash::FxHashSet as HashSet;
pub use tokens::MAX_UNITS;

/// Amounts above this are rejected, so sums and accruals stay far inside `Decimal`'s range.
const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Holding-type deals: the longest horizon, exit year and useful life, in years.
const MAX_YEARS: u32 = 100;

/// Deal dates fall in these years, so every date the engine derives from them exists.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

struct Checker {
    issues: Vec<Issue>,
}

impl Checker {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue {
            path: path.into(),
            severity: Severity::Error,
            message: message.into(),
        });
    }

    fn warn(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue {
            path: path.into(),
            severity: Severity::Warning,
            message: format!("[{code}] {}", message.into()),
        });
    }

    fn rate(&mut self, path: String, r: f64, lo: f64, hi: f64) {
        if !r.is_finite() {
            self.error(path, "must be a finite number");
        } else if r < lo || r > hi {
            self.error(path, format!("{r} is outside [{lo}, {hi}]"));
        }
    }

    fn money(&mut self, path: String, a: Decimal) {
        if within_limits(a) {
            return;
        }
        if a < Decimal::ZERO {
            self.error(path, format!("{a} is negative"));
        } else if a > Decimal::from(MAX_AMOUNT) {
            self.error(
                path,
                format!("{a} is above the largest amount handled (1e15 CNY)"),
            );
        }
    }

    /// Ids must be unique and non-empty; paths are formatted only for the faulty ones.
    fn unique<'a>(
        &mut self,
        what: &str,
        ids: impl Iterator<Item = (usize, &'a str)>,
        path: impl Fn(usize) -> String,
    ) {
        let mut seen = HashSet::with_capacity_and_hasher(ids.size_hint().0, Default::default());
        for (i, id) in ids {
            if id.chars().all(char::is_whitespace) {
                self.error(path(i), format!("{what} id is empty"));
            } else if !seen.insert(id) {
                self.error(path(i), format!("duplicate {what} id {id:?}"));
            }
        }
    }
}

/// `0 ≤ a ≤ MAX_AMOUNT`, from the mantissa and scale (comparing `Decimal`s rescales them).
fn within_limits(a: Decimal) -> bool {
    let limit = 10i128
        .checked_pow(a.scale())
        .and_then(|p| p.checked_mul(i128::from(MAX_AMOUNT)));
    !a.is_sign_negative() && limit.is_none_or(|l| a.mantissa() <= l) || a.is_zero()
}

/// Payment periods and months from closing to the legal final date.
fn horizon(deal: &Deal) -> (usize, i32) {
    let periods = payment_dates(
        deal.first_payment_date,
        deal.frequency,
        deal.legal_final_date,
    )
    .len();
    let (a, b) = (deal.closing_date, deal.legal_final_date);
    (
        periods,
        (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32,
    )
}

/// The checks of the pool's rows and its totals: the costly part for a large pool, kept by
/// `engine::ProjectionCache` while the pool and the dates are unchanged.
#[derive(Debug, Clone, Default)]
pub struct PoolCheck {
    issues: Vec<Issue>,
    total: Option<Decimal>,
    data_assets: Option<Decimal>,
    /// How many assets count as data assets (`InPool`), and the first few of their ids.
    data_asset_count: usize,
    data_asset_ids: Vec<String>,
}

/// How many data-asset ids the red line's message names.
const DATA_IDS_SHOWN: usize = 5;

/// `tape`: the rows of the tape the deal names (`pool.tape`), read with it.
pub fn check_pool(deal: &Deal, tape: &[Asset]) -> PoolCheck {
    let mut c = Checker { issues: Vec::new() };
    if deal.holding.is_some() {
        return PoolCheck::default();
    }
    let (periods, months_to_final) = horizon(deal);
    let (total, data_assets) = pool(&mut c, deal, tape, periods, months_to_final);
    let assets = deal.pool.assets(tape);
    let data = || {
        assets
            .iter()
            .filter(|a| a.data_asset_role == DataAssetRole::InPool)
    };
    PoolCheck {
        issues: c.issues,
        total,
        data_assets,
        data_asset_count: data().count(),
        data_asset_ids: data().take(DATA_IDS_SHOWN).map(|a| a.id.clone()).collect(),
    }
}

/// All issues, errors first in field order, then warnings.
/// `tape`: the rows of the tape the deal names (empty when it names none).
pub fn validate(deal: &Deal, tape: &[Asset]) -> Vec<Issue> {
    validate_with(deal, tape, &check_pool(deal, tape))
}

/// All issues, with the pool's own checks already made.
pub fn validate_with(deal: &Deal, tape: &[Asset], pool: &PoolCheck) -> Vec<Issue> {
    let mut c = Checker { issues: Vec::new() };
    if deal.name.trim().is_empty() {
        c.error("name", "the deal needs a name");
    }
    if deal.first_payment_date <= deal.closing_date {
        c.error("first_payment_date", "must be after closing_date");
    }
    if deal.legal_final_date < deal.first_payment_date {
        c.error("legal_final_date", "must not be before first_payment_date");
    }
    dates(&mut c, deal);
    let (periods, _) = horizon(deal);
    if deal.collection_lag as usize >= periods.max(1) {
        c.error(
            "collection_lag",
            format!(
                "{} periods is not shorter than the deal ({periods} periods)",
                deal.collection_lag
            ),
        );
    }
    scenarios(&mut c, deal, tape, periods);
    grids(&mut c, deal, tape);
    clean_up_call(&mut c, deal);
    revolving::revolving(&mut c, deal, pool.total);
    market::business_days(&mut c, deal);
    market::stress_templates(&mut c, deal);
    delinquency::scenarios(&mut c, deal);
    market::pricing(&mut c, deal);
    tokens::tokens(&mut c, deal);
    match &deal.holding {
        Some(h) => {
            holding(&mut c, deal, h, periods);
            holding_ranges(&mut c, deal, h);
        }
        None => {
            c.issues.extend(pool.issues.iter().cloned());
            liabilities(&mut c, deal, pool.total);
            terms::scenario_terms(&mut c, deal);
            waterfall(&mut c, deal);
            red_lines(&mut c, deal, pool);
        }
    }
    c.issues.sort_by_key(|i| i.severity == Severity::Warning);
    c.issues
}

/// The most cells a saved grid may have.
pub const MAX_GRID_CELLS: usize = 10_000;

/// Saved grids: unique names, a known scenario, drivers that apply to the deal over ranges
/// within their domains, an output the deal has.
fn grids(c: &mut Checker, deal: &Deal, tape: &[Asset]) {
    use crate::engine::drivers;
    let named = deal.grids.iter().any(|g| {
        [Some(&g.x), g.y.as_ref()]
            .into_iter()
            .flatten()
            .any(|a| matches!(a.driver, Driver::ObligorDefaultPeriod(_)))
    });
    let obligors: HashSet<&str> = if named {
        let assets = deal.pool.assets.iter().chain(tape);
        assets.map(|x| x.obligor.as_str()).collect()
    } else {
        HashSet::default()
    };
    let has = |o: &str| obligors.contains(o);
    c.unique(
        "grid",
        deal.grids
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.name.as_str())),
        |i| format!("grids[{i}].name"),
    );
    for (i, g) in deal.grids.iter().enumerate() {
        let p = format!("grids[{i}]");
        if let Some(s) = &g.scenario
            && !deal.scenarios.iter().any(|x| &x.name == s)
        {
            c.error(format!("{p}.scenario"), format!("no scenario named {s:?}"));
        }
        let mut cells = 1usize;
        for (axis, a) in [("x", Some(&g.x)), ("y", g.y.as_ref())] {
            let Some(a) = a else { continue };
            let ap = format!("{p}.{axis}");
            let why = drivers::unusable(&a.driver, deal, &has);
            if let Some(why) = why {
                c.error(format!("{ap}.driver"), why);
            }
            let (lo, hi) = drivers::domain(&a.driver);
            c.rate(format!("{ap}.from"), a.from, lo, hi);
            c.rate(format!("{ap}.to"), a.to, lo, hi);
            if a.step.is_nan() || a.step <= 0.0 || !a.step.is_finite() {
                c.error(
                    format!("{ap}.step"),
                    format!("{} is not a positive number", a.step),
                );
            } else if a.to < a.from {
                c.error(
                    format!("{ap}.to"),
                    format!("{} is below from ({})", a.to, a.from),
                );
            } else {
                let n = drivers::axis_values(a).len();
                if n == 0 {
                    c.error(
                        format!("{ap}.step"),
                        format!("more than {} values", drivers::MAX_AXIS_POINTS),
                    );
                }
                cells = cells.saturating_mul(n.max(1));
            }
        }
        if cells > MAX_GRID_CELLS {
            c.error(
                p.clone(),
                format!("{cells} cells; the limit is {MAX_GRID_CELLS}"),
            );
        }
        if g.y.as_ref().is_some_and(|y| y.driver == g.x.driver) {
            c.error(format!("{p}.y.driver"), "the same driver as x");
        }
        let o = &g.output;
        let holding = deal.holding.is_some();
        if o.metric.holding_only().is_some_and(|h| h != holding) {
            c.error(
                format!("{p}.output.metric"),
                format!(
                    "{} applies to {} deals only",
                    drivers::metric_name(o.metric),
                    if holding { "tranched" } else { "holding-type" }
                ),
            );
        }
        match (&o.security, o.metric.per_security()) {
            (None, true) => c.error(
                format!("{p}.output.security"),
                format!(
                    "{} is per security: name one",
                    drivers::metric_name(o.metric)
                ),
            ),
            (Some(_), false) => c.error(
                format!("{p}.output.security"),
                format!("{} is not per security", drivers::metric_name(o.metric)),
            ),
            (Some(s), true) => {
                let known = match &deal.holding {
                    Some(h) => crate::engine::unit_class_ids(h).contains(s),
                    None => deal.tranche_index(s).is_some(),
                };
                if !known {
                    c.error(format!("{p}.output.security"), format!("no security {s:?}"));
                }
            }
            (None, false) => {}
        }
    }
}

/// Dates within [`YEARS`] and no more than [`MAX_PERIODS`] payment periods.
fn dates(c: &mut Checker, deal: &Deal) {
    for (name, d) in [
        ("closing_date", deal.closing_date),
        ("first_payment_date", deal.first_payment_date),
        ("legal_final_date", deal.legal_final_date),
    ] {
        if !YEARS.contains(&d.year()) {
            c.error(
                name,
                format!("{d} is not between 1900-01-01 and 9999-12-31"),
            );
        }
    }
    if exceeds_max_periods(
        deal.first_payment_date,
        deal.frequency,
        deal.legal_final_date,
    ) {
        c.error(
            "legal_final_date",
            format!(
                "more than {MAX_PERIODS} payment periods ({:?} from {} to {}); the limit is {MAX_PERIODS}",
                deal.frequency, deal.first_payment_date, deal.legal_final_date
            ),
        );
    }
}

/// The pool's checks; returns the pool balance and the data assets' balance.
fn pool(
    c: &mut Checker,
    deal: &Deal,
    tape: &[Asset],
    periods: usize,
    months_to_final: i32,
) -> (Option<Decimal>, Option<Decimal>) {
    let assets = deal.pool.assets(tape);
    if deal.pool.tape.is_some() && tape.is_empty() {
        // A deal run without the rows of the tape it names would silently lose its pool.
        c.error(
            "pool.tape",
            "the tape's rows are not loaded (or the tape has no rows)",
        );
    } else if deal.pool.tape.is_none() && !tape.is_empty() {
        c.error(
            "pool.tape",
            "tape rows are given but the deal names no tape",
        );
    }
    if assets.is_empty() {
        c.error("pool", "the pool has no assets");
    }
    let n_inline = deal.pool.assets.len();
    let n_tape = tape.len();
    let path = |i: usize| {
        if i < n_inline {
            format!("pool.assets[{i}]")
        } else if i < n_inline + n_tape {
            format!("pool.tape[row {}]", i - n_inline + 2)
        } else {
            format!("pool.rep_lines.lines[{}]", i - n_inline - n_tape)
        }
    };
    c.unique(
        "asset",
        assets.iter().enumerate().map(|(i, a)| (i, a.id.as_str())),
        |i| format!("{}.id", path(i)),
    );
    let (mut total, mut data) = (ExactSum::default(), ExactSum::default());
    for (i, a) in assets.iter().enumerate() {
        total.add(a.balance);
        if a.data_asset_role == DataAssetRole::InPool {
            data.add(a.balance);
        }
        if let Some(pledge) = &a.pledge {
            let v = pledge.appraised_value;
            if !within_limits(v) || v <= Decimal::ZERO {
                c.error(
                    format!("{}.pledge.appraised_value", path(i)),
                    format!("{v} is not an appraised value from 0.01 to 1e15 CNY"),
                );
            }
        }
        let plain = !matches!(a.amortisation, Amortisation::Schedule(_));
        let term_ok = a.remaining_term >= 1 && a.remaining_term as i32 <= months_to_final;
        let money_ok = within_limits(a.balance);
        if plain && term_ok && money_ok && a.rate.is_finite() && (0.0..=1.0).contains(&a.rate) {
            continue; // the common case, without formatting a path per asset
        }
        let p = path(i);
        c.money(format!("{p}.balance"), a.balance);
        c.rate(format!("{p}.rate"), a.rate, 0.0, 1.0);
        if a.remaining_term == 0 {
            c.error(format!("{p}.remaining_term"), "must be at least 1 month");
        } else if a.remaining_term as i32 > months_to_final {
            c.error(
                format!("{p}.remaining_term"),
                format!("{} months runs past the legal final date ({months_to_final} months after closing)", a.remaining_term),
            );
        }
        if let Amortisation::Schedule(v) = &a.amortisation {
            for (k, x) in v.iter().enumerate() {
                c.money(format!("{p}.amortisation.Schedule[{k}]"), *x);
            }
            if v.len() > periods {
                c.error(
                    format!("{p}.amortisation"),
                    format!("{} amounts for {periods} payment periods", v.len()),
                );
            }
        }
    }
    if let Some(rep) = &deal.pool.rep_lines {
        c.money("pool.rep_lines.total_balance".into(), rep.total_balance);
        let mut total = 0.0;
        for (i, l) in rep.lines.iter().enumerate() {
            c.rate(
                format!("pool.rep_lines.lines[{i}].weight"),
                l.weight,
                0.0,
                1.0,
            );
            total += l.weight;
        }
        if rep.lines.is_empty() {
            c.error("pool.rep_lines.lines", "no lines");
        } else if (total - 1.0).abs() > 1e-9 {
            c.error(
                "pool.rep_lines.lines",
                format!("weights add up to {total}, not 1"),
            );
        }
    }
    let (total, data) = (total.total(), data.total());
    if total.is_none_or(|t| !within_limits(t)) {
        c.error(
            "pool",
            "the pool's balance is above the largest amount handled (1e15 CNY)",
        );
    }
    (total, data)
}

fn rep_line_obligor(deal: &Deal, obligor: &str) -> bool {
    deal.pool
        .rep_lines
        .as_ref()
        .is_some_and(|r| r.lines.iter().any(|l| l.obligor == obligor))
}

fn curve(c: &mut Checker, path: String, curve: &Curve) {
    if curve.values().is_empty() {
        c.error(path.clone(), "the vector is empty");
    }
    for (k, r) in curve.values().iter().enumerate() {
        c.rate(format!("{path}[{k}]"), *r, 0.0, 1.0);
    }
}

fn scenarios(c: &mut Checker, deal: &Deal, tape: &[Asset], periods: usize) {
    if deal.scenarios.is_empty() {
        c.error("scenarios", "at least one scenario is needed");
    }
    c.unique(
        "scenario",
        deal.scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| (i, s.name.as_str())),
        |i| format!("scenarios[{i}].name"),
    );
    if let Some(d) = &deal.default_scenario
        && !deal.scenarios.iter().any(|s| &s.name == d)
    {
        c.error("default_scenario", format!("no scenario named {d:?}"));
    }
    // Only scenarios with named-obligor defaults need the pool's obligors.
    let named = deal
        .scenarios
        .iter()
        .any(|s| !s.obligor_defaults.is_empty());
    let obligors: HashSet<&str> = if named {
        deal.pool
            .assets
            .iter()
            .chain(tape)
            .map(|a| a.obligor.as_str())
            .collect()
    } else {
        HashSet::default()
    };
    for (i, s) in deal.scenarios.iter().enumerate() {
        let p = format!("scenarios[{i}]");
        curve(c, format!("{p}.cdr"), &s.cdr);
        curve(c, format!("{p}.cpr"), &s.cpr);
        c.rate(format!("{p}.recovery_rate"), s.recovery_rate, 0.0, 1.0);
        c.rate(format!("{p}.pledge_haircut"), s.pledge_haircut, 0.0, 1.0);
        c.rate(
            format!("{p}.pledge_value_stress"),
            s.pledge_value_stress,
            0.0,
            1.0,
        );
        for (j, o) in s.obligor_defaults.iter().enumerate() {
            if !obligors.contains(o.obligor.as_str()) && !rep_line_obligor(deal, &o.obligor) {
                c.error(
                    format!("{p}.obligor_defaults[{j}].obligor"),
                    format!("no asset of obligor {:?}", o.obligor),
                );
            }
            if o.period == 0 || o.period as usize > periods {
                c.error(
                    format!("{p}.obligor_defaults[{j}].period"),
                    format!("must be from 1 to {periods}"),
                );
            }
        }
    }
}

fn tranche_refs(c: &mut Checker, deal: &Deal, path: String, ids: &[String]) {
    if ids.is_empty() {
        c.error(path.clone(), "names no tranche");
    }
    for (k, id) in ids.iter().enumerate() {
        if deal.tranche_index(id).is_none() {
            c.error(format!("{path}[{k}]"), format!("no tranche with id {id:?}"));
        }
    }
}

fn cover_refs(c: &mut Checker, deal: &Deal, path: &str, covers: &[Cover]) {
    if covers.is_empty() {
        c.error(format!("{path}.covers"), "covers nothing");
    }
    for (k, cv) in covers.iter().enumerate() {
        if let Cover::Interest(ids)
        | Cover::MaturityPrincipal(ids)
        | Cover::MaturityDatePrincipal(ids) = cv
        {
            tranche_refs(c, deal, format!("{path}.covers[{k}]"), ids);
        }
    }
}

fn liabilities(c: &mut Checker, deal: &Deal, pool_total: Option<Decimal>) {
    if deal.tranches.is_empty() {
        c.error("tranches", "at least one tranche is needed");
    }
    c.unique(
        "tranche",
        deal.tranches
            .iter()
            .enumerate()
            .map(|(i, t)| (i, t.id.as_str())),
        |i| format!("tranches[{i}].id"),
    );
    let mut total = Some(Decimal::ZERO);
    for (i, t) in deal.tranches.iter().enumerate() {
        let p = format!("tranches[{i}]");
        if t.size <= Decimal::ZERO {
            c.error(format!("{p}.size"), format!("{} must be positive", t.size));
        }
        c.money(format!("{p}.size"), t.size);
        total = total.and_then(|x| x.checked_add(t.size));
        let (lo, hi) = terms::coupon_range(t);
        c.rate(format!("{p}.coupon"), t.coupon, lo, hi);
        if let Some(price) = t.price
            && !(price.is_finite() && price > 0.0 && price < 1000.0)
        {
            c.error(
                format!("{p}.price"),
                format!("{price} is not a price per 100 of face"),
            );
        }
        if t.expected_maturity <= deal.closing_date {
            c.error(
                format!("{p}.expected_maturity"),
                "must be after closing_date",
            );
        }
        if t.legal_maturity < t.expected_maturity {
            c.error(
                format!("{p}.legal_maturity"),
                "must not be before expected_maturity",
            );
        }
        if t.legal_maturity > deal.legal_final_date {
            c.error(
                format!("{p}.legal_maturity"),
                "must not be after the deal's legal_final_date",
            );
        }
        if let PrincipalMode::Schedule(v) = &t.principal_mode {
            for (k, x) in v.iter().enumerate() {
                c.money(format!("{p}.principal_mode.Schedule[{k}]"), *x);
            }
        }
    }
    // Sums are checked: an out-of-range amount is reported on its own field instead.
    if let (Some(total), Some(pool_total)) = (total, pool_total)
        && total > pool_total
    {
        c.error(
            "tranches",
            format!("tranches total {total} is above the pool balance {pool_total}"),
        );
    }
    c.unique(
        "fee",
        deal.fees
            .iter()
            .enumerate()
            .map(|(i, f)| (i, f.id.as_str())),
        |i| format!("fees[{i}].id"),
    );
    for (i, f) in deal.fees.iter().enumerate() {
        let p = format!("fees[{i}].basis");
        match &f.basis {
            FeeBasis::PoolBalance(r) => c.rate(p, *r, 0.0, 1.0),
            FeeBasis::PerPeriod(a) | FeeBasis::Annual(a) => c.money(p, *a),
            FeeBasis::TrancheBalance { tranches, rate } => {
                tranche_refs(c, deal, format!("{p}.tranches"), tranches);
                c.rate(format!("{p}.rate"), *rate, 0.0, 1.0);
            }
        }
    }
    if let Some(r) = &deal.reserve {
        c.money("reserve.initial".into(), r.initial);
        match &r.target {
            ReserveTarget::Fixed(a) => c.money("reserve.target".into(), *a),
            ReserveTarget::PoolShare(s) => c.rate("reserve.target".into(), *s, 0.0, 1.0),
        }
        cover_refs(c, deal, "reserve", &r.covers);
    }
    c.unique(
        "enhancement",
        deal.enhancements
            .iter()
            .enumerate()
            .map(|(i, e)| (i, e.id.as_str())),
        |i| format!("enhancements[{i}].id"),
    );
    for (i, e) in deal.enhancements.iter().enumerate() {
        let p = format!("enhancements[{i}]");
        cover_refs(c, deal, &p, &e.covers);
        for (name, cap) in [
            ("cap_per_period", e.cap_per_period),
            ("cap_total", e.cap_total),
        ] {
            if let Some(cap) = cap {
                c.money(format!("{p}.{name}"), cap);
            }
        }
    }
    c.unique(
        "trigger",
        deal.triggers
            .iter()
            .enumerate()
            .map(|(i, t)| (i, t.id.as_str())),
        |i| format!("triggers[{i}].id"),
    );
    for (i, t) in deal.triggers.iter().enumerate() {
        let p = format!("triggers[{i}].test");
        match &t.test {
            TriggerTest::CumulativeDefaultRate(x) => c.rate(p, *x, 0.0, 1.0),
            TriggerTest::OcRatio { tranches, min } => {
                tranche_refs(c, deal, format!("{p}.tranches"), tranches);
                c.rate(format!("{p}.min"), *min, 0.0, 100.0);
            }
            TriggerTest::Delinquency { .. } => delinquency::trigger(c, deal, &p, &t.test),
            other => terms::trigger(c, deal, &p, other),
        }
    }
    terms::coupons(c, deal);
}

fn steps(c: &mut Checker, deal: &Deal, path: &str, steps: &[Step]) {
    if steps.is_empty() {
        c.error(path, "the priority of payments has no step");
    }
    for (i, s) in steps.iter().enumerate() {
        let p = format!("{path}[{i}]");
        match s {
            Step::Fee(id) => {
                if !deal.fees.iter().any(|f| &f.id == id) {
                    c.error(p, format!("no fee with id {id:?}"));
                }
            }
            Step::Interest(ids) => tranche_refs(c, deal, format!("{p}.Interest"), ids),
            Step::ReserveTopUp => {
                if deal.reserve.is_none() {
                    c.error(p, "ReserveTopUp but the deal has no reserve");
                }
            }
            Step::Principal {
                tranches, amount, ..
            } => {
                tranche_refs(c, deal, format!("{p}.tranches"), tranches);
                if let PrincipalAmount::TargetShare(s) = amount {
                    c.rate(format!("{p}.amount"), *s, 0.0, 1.0);
                }
            }
            Step::Residual(id) => {
                if deal.tranche_index(id).is_none() {
                    c.error(p, format!("no tranche with id {id:?}"));
                }
            }
            Step::ResidualTo(_) => {}
            Step::Tax => {
                if deal.vat.is_none() {
                    c.error(p, "a Tax step but the deal has no vat");
                }
            }
        }
    }
    let taxes = steps.iter().filter(|s| matches!(s, Step::Tax)).count();
    if deal.vat.is_some() && taxes != 1 {
        c.error(
            path,
            format!("the deal has vat: exactly one Tax step pays it ({taxes} here)"),
        );
    }
    for (t, tranche) in deal.tranches.iter().enumerate() {
        let paid = steps.iter().any(
            |s| matches!(s, Step::Principal { tranches, .. } if tranches.contains(&tranche.id)),
        );
        if !paid {
            c.warn(
                "W-NO-PRINCIPAL",
                path.to_string(),
                format!("no principal step pays tranches[{t}] ({})", tranche.id),
            );
        }
    }
}

fn vat(c: &mut Checker, deal: &Deal) {
    let Some(v) = &deal.vat else { return };
    c.rate("vat.rate".into(), v.rate, 0.0, 1.0);
    c.rate("vat.surcharge_rate".into(), v.surcharge_rate, 0.0, 1.0);
}

fn clean_up_call(c: &mut Checker, deal: &Deal) {
    let Some(call) = &deal.clean_up_call else {
        return;
    };
    c.rate("clean_up_call.below".into(), call.below, 0.0, 1.0);
    if let CallPrice::PerHundred(p) = call.price {
        c.rate("clean_up_call.price".into(), p, 0.0, 200.0);
    }
    if deal.holding.is_some() {
        c.error("clean_up_call", "a holding-type deal has no pool to call");
    }
}

fn waterfall(c: &mut Checker, deal: &Deal) {
    vat(c, deal);
    steps(c, deal, "waterfall.steps", &deal.waterfall.steps);
    if let Some(post) = &deal.waterfall.post_trigger {
        steps(c, deal, "waterfall.post_trigger", post);
    }
    if deal.waterfall.post_trigger.is_some() && deal.triggers.is_empty() {
        c.warn(
            "W-NO-TRIGGER",
            "waterfall.post_trigger",
            "a post-trigger waterfall but no trigger",
        );
    }
}

/// Compliance red lines (合规红线).
fn red_lines(c: &mut Checker, deal: &Deal, pool: &PoolCheck) {
    if deal.data_asset_label {
        let (total, data) = (pool.total, pool.data_assets);
        if let (Some(total), Some(data)) = (total, data)
            && total > Decimal::ZERO
        {
            let share = crate::money::to_f64(data) / crate::money::to_f64(total);
            if !(0.5..=0.7).contains(&share) {
                let n = pool.data_asset_count;
                let more = if n > pool.data_asset_ids.len() {
                    format!(" and {} more", n - pool.data_asset_ids.len())
                } else {
                    String::new()
                };
                let ids = if n == 0 {
                    "none".to_string()
                } else {
                    format!("{}{more}", pool.data_asset_ids.join(", "))
                };
                c.warn(
                    "RL-DATA-SHARE",
                    "pool",
                    format!(
                        "data assets are {data} of the pool's {total} = {:.2}%; a data-asset \
                         labelled deal needs 50%–70% (both ends allowed). Counted: the {n} \
                         assets whose data_asset_role is InPool ({ids}); Empowering assets \
                         (数据资产赋能) do not count",
                        share * 100.0
                    ),
                );
            }
        }
    }
    terms::retention(c, deal);
}

fn asset(c: &mut Checker, deal: &Deal, p: &str, a: &OperatingAsset) {
    c.money(format!("{p}.base_revenue"), a.base_revenue);
    c.money(format!("{p}.fixed_opex"), a.fixed_opex);
    for (i, r) in a.revenue_schedule.iter().enumerate() {
        c.money(format!("{p}.revenue_schedule[{i}]"), *r);
    }
    c.rate(format!("{p}.opex_ratio"), a.opex_ratio, 0.0, 1.0);
    c.rate(format!("{p}.capex_ratio"), a.capex_ratio, 0.0, 1.0);
    match a.right {
        AssetRight::Concession { expiry } if expiry <= deal.closing_date => {
            c.error(
                format!("{p}.right.expiry"),
                "the concession must expire after closing_date",
            );
        }
        AssetRight::Property {
            useful_life_years: 0,
        } => {
            c.error(format!("{p}.right.useful_life_years"), "must be at least 1");
        }
        _ => {}
    }
}

/// Holding-type deals: checks and compliance red lines (合规红线).
fn holding(c: &mut Checker, deal: &Deal, h: &Holding, periods: usize) {
    if periods == 0 {
        c.error(
            "first_payment_date",
            "no payment date before the legal final date",
        );
    }
    if !deal.tranches.is_empty() || deal.pool.len(0) > 0 || deal.pool.tape.is_some() {
        c.error(
            "holding",
            "a holding-type deal has units, not a pool and tranches: remove pool and tranches",
        );
    }
    asset(c, deal, "holding.asset", &h.asset);
    let spv = &h.spv;
    c.money("holding.spv.total_investment".into(), spv.total_investment);
    if spv.total_investment <= Decimal::ZERO {
        c.error("holding.spv.total_investment", "must be positive");
    }
    for (name, v, lo) in [
        ("equity_ratio", spv.equity_ratio, 0.01),
        ("plan_equity_share", spv.plan_equity_share, 0.01),
    ] {
        c.rate(format!("holding.spv.{name}"), v, lo, 1.0);
    }
    c.rate("holding.spv.loan_rate".into(), spv.loan_rate, 0.0, 1.0);
    c.rate("holding.spv.tax_rate".into(), spv.tax_rate, 0.0, 1.0);
    if let LoanRepayment::Schedule(v) = &spv.loan_repayment {
        for (i, x) in v.iter().enumerate() {
            c.money(format!("holding.spv.loan_repayment.Schedule[{i}]"), *x);
        }
    }
    if let Some(b) = &spv.bank_debt {
        c.rate("holding.spv.bank_debt.ltv".into(), b.ltv, 0.0, 0.95);
        c.rate("holding.spv.bank_debt.rate".into(), b.rate, 0.0, 1.0);
    }
    let plan = &h.plan;
    c.rate(
        "holding.plan.originator_unit_share".into(),
        plan.originator_unit_share,
        0.0,
        1.0,
    );
    c.rate(
        "holding.plan.min_originator_share".into(),
        plan.min_originator_share,
        0.0,
        1.0,
    );
    for (name, v) in [
        ("manager_fee_rate", plan.manager_fee_rate),
        ("custodian_fee_rate", plan.custodian_fee_rate),
        ("operator_base_fee_rate", plan.operator_base_fee_rate),
    ] {
        c.rate(format!("holding.plan.{name}"), v, 0.0, 1.0);
    }
    if plan.unit_face <= Decimal::ZERO {
        c.error("holding.plan.unit_face", "must be positive");
    }
    if let Some(inc) = &h.incentive {
        c.money("holding.incentive.floor_noi".into(), inc.floor_noi);
        c.money("holding.incentive.expected_noi".into(), inc.expected_noi);
        if inc.expected_noi < inc.floor_noi {
            c.error(
                "holding.incentive.expected_noi",
                "the expected value (预期值) must not be below the floor value (达标值)",
            );
        }
        c.rate("holding.incentive.max_cut".into(), inc.max_cut, 0.0, 1.0);
        c.rate(
            "holding.incentive.cut_multiple".into(),
            inc.cut_multiple,
            0.0,
            100.0,
        );
        c.rate(
            "holding.incentive.deferred_share".into(),
            inc.deferred_share,
            0.0,
            1.0,
        );
        let mut prev = -1.0;
        for (i, t) in inc.tiers.iter().enumerate() {
            c.rate(
                format!("holding.incentive.tiers[{i}].share"),
                t.share,
                0.0,
                1.0,
            );
            c.rate(
                format!("holding.incentive.tiers[{i}].from"),
                t.from,
                0.0,
                100.0,
            );
            if t.from <= prev {
                c.error(
                    format!("holding.incentive.tiers[{i}].from"),
                    "tiers must be in ascending order",
                );
            }
            prev = t.from;
        }
    }
    if let Some(t) = &h.tilted {
        for (name, v) in [
            ("market_hurdle", t.market_hurdle),
            ("originator_hurdle", t.originator_hurdle),
            ("disposal_hurdle", t.disposal_hurdle),
        ] {
            c.rate(format!("holding.tilted.{name}"), v, 0.0, 1.0);
        }
    }
    if let Some(x) = &h.expansion {
        asset(c, deal, "holding.expansion.asset", &x.asset);
        c.money("holding.expansion.price".into(), x.price);
        if x.date <= deal.closing_date || x.date > deal.legal_final_date {
            c.error(
                "holding.expansion.date",
                "must fall between closing_date and legal_final_date",
            );
        }
    }
    if h.valuation.cdb_curve.is_empty() {
        c.error(
            "holding.valuation.cdb_curve",
            "needs at least one (tenor, yield) point",
        );
    }
    market::cdb_curve(c, "holding.valuation.cdb_curve", &h.valuation.cdb_curve);
    c.rate(
        "holding.valuation.spread".into(),
        h.valuation.spread,
        -0.05,
        1.0,
    );
    for (i, s) in deal.scenarios.iter().enumerate() {
        let p = format!("scenarios[{i}]");
        c.rate(format!("{p}.revenue_growth"), s.revenue_growth, -0.5, 1.0);
        c.rate(format!("{p}.occupancy"), s.occupancy, 0.0, 1.0);
        if let Some(r) = s.exit_cap_rate {
            c.rate(format!("{p}.exit_cap_rate"), r, 0.001, 1.0);
        }
        match &s.exit {
            Some(Exit::Sale {
                cap_rate, costs, ..
            }) => {
                c.rate(format!("{p}.exit.cap_rate"), *cap_rate, 0.001, 1.0);
                c.rate(format!("{p}.exit.costs"), *costs, 0.0, 1.0);
            }
            Some(Exit::RightOfFirstPurchase {
                discount_rate: r, ..
            })
            | Some(Exit::ReitConversion {
                distribution_yield: r,
                ..
            }) => {
                c.rate(format!("{p}.exit"), *r, 0.001, 1.0);
            }
            Some(Exit::OpenPeriod { share, .. }) => {
                c.rate(format!("{p}.exit.share"), *share, 0.0, 1.0)
            }
            _ => {}
        }
    }
    holding_terms(c, deal, h);
    // Red lines.
    if !deal.enhancements.is_empty() || deal.reserve.is_some() {
        c.warn("RL-RIGID-ENHANCEMENT", "enhancements", "a holding-type deal must carry no rigid credit enhancement (差额支付, guarantee, reserve)");
    }
    if spv.plan_equity_share < 0.7 {
        c.warn(
            "RL-PLAN-EQUITY",
            "holding.spv.plan_equity_share",
            format!(
                "the plan holds {:.1}% of the project company; at least 70% is expected",
                spv.plan_equity_share * 100.0
            ),
        );
    }
    if let Some(b) = &spv.bank_debt
        && b.ltv > 0.5
    {
        c.warn(
            "RL-LEVERAGE",
            "holding.spv.bank_debt.ltv",
            format!(
                "project-company leverage {:.1}% is above 50%",
                b.ltv * 100.0
            ),
        );
    }
    // Thin cap on the amounts the engine books, compared exactly.
    if spv.equity_ratio > 0.0 && spv.plan_equity_share > 0.0 && h.plan.unit_face > Decimal::ZERO {
        let cap = crate::model::capital(spv, spv.total_investment, h.plan.unit_face);
        if cap
            .registered
            .checked_mul(Decimal::TWO)
            .is_some_and(|r| cap.loan > r)
        {
            let ratio = crate::money::to_f64(cap.loan) / crate::money::to_f64(cap.registered);
            c.warn("RL-THIN-CAP", "holding.spv.equity_ratio", format!("shareholder loan is {ratio:.2}× the project company's equity; interest above 2:1 is not deductible"));
        }
    }
    if plan.originator_unit_share < plan.min_originator_share {
        c.warn(
            "RL-RETENTION",
            "holding.plan.originator_unit_share",
            format!(
                "originator retention {:.1}% is below the stated minimum {:.1}%",
                plan.originator_unit_share * 100.0,
                plan.min_originator_share * 100.0
            ),
        );
    }
}

/// The per-year schedules, capital return, bank repayment, open periods and further
/// expansion rounds of a holding-type deal.
fn holding_terms(c: &mut Checker, deal: &Deal, h: &Holding) {
    let money_list = |c: &mut Checker, path: &str, v: &[Decimal]| {
        for (i, x) in v.iter().enumerate() {
            c.money(format!("{path}[{i}]"), *x);
        }
    };
    money_list(c, "holding.asset.capex_schedule", &h.asset.capex_schedule);
    if let Some(inc) = &h.incentive {
        money_list(c, "holding.incentive.floor_by_year", &inc.floor_by_year);
        money_list(
            c,
            "holding.incentive.expected_by_year",
            &inc.expected_by_year,
        );
        for (y, (f, e)) in inc
            .floor_by_year
            .iter()
            .zip(&inc.expected_by_year)
            .enumerate()
        {
            if e < f {
                c.error(
                    format!("holding.incentive.expected_by_year[{y}]"),
                    "the expected value (预期值) must not be below the floor value (达标值)",
                );
            }
        }
        if let Some(r) = inc.investor_return {
            c.rate("holding.incentive.investor_return".into(), r, 0.0, 1.0);
        }
        if inc.remediation_periods > 1200 {
            c.error(
                "holding.incentive.remediation_periods",
                "must be at most 1200",
            );
        }
    }
    if let Some(g) = &h.performance_guarantee {
        money_list(
            c,
            "holding.performance_guarantee.target_by_year",
            &g.target_by_year,
        );
    }
    if let Some(t) = &h.tilted {
        let mut prev = f64::NEG_INFINITY;
        for (i, st) in t.steps.iter().enumerate() {
            let p = format!("holding.tilted.steps[{i}]");
            c.rate(format!("{p}.below"), st.below, 0.0, 100.0);
            c.rate(format!("{p}.market_share"), st.market_share, 0.0, 1.0);
            if st.below <= prev {
                c.error(format!("{p}.below"), "steps must be in ascending order");
            }
            prev = st.below;
        }
    }
    let spv = &h.spv;
    if let Some(r) = spv.related_party_rate {
        c.rate("holding.spv.related_party_rate".into(), r, 0.0, 1.0);
    }
    if let Some(cr) = &spv.capital_return {
        if let Some(t) = cr.threshold {
            c.money("holding.spv.capital_return.threshold".into(), t);
        }
        if cr.periods.contains(&0) {
            c.error(
                "holding.spv.capital_return.periods",
                "periods are numbered from 1",
            );
        }
    }
    if let Some(b) = &spv.bank_debt {
        if let BankRepayment::Schedule(v) = &b.repayment {
            money_list(c, "holding.spv.bank_debt.repayment.Schedule", v);
        }
        if let Some(r) = &b.refinancing {
            c.rate(
                "holding.spv.bank_debt.refinancing.rate".into(),
                r.rate,
                0.0,
                1.0,
            );
        }
    }
    c.rate(
        "holding.plan.trapped_cash_alert".into(),
        h.plan.trapped_cash_alert,
        0.0,
        1000.0,
    );
    for (i, w) in h.open_periods.iter().enumerate() {
        c.rate(format!("holding.open_periods[{i}].cap"), w.cap, 0.0, 1.0);
        if w.year == 0 || w.year > 100 {
            c.error(
                format!("holding.open_periods[{i}].year"),
                "must be between 1 and 100",
            );
        }
    }
    for (i, x) in h.expansions.iter().enumerate() {
        let p = format!("holding.expansions[{i}]");
        asset(c, deal, &format!("{p}.asset"), &x.asset);
        c.money(format!("{p}.price"), x.price);
        if x.date <= deal.closing_date || x.date > deal.legal_final_date {
            c.error(
                format!("{p}.date"),
                "must fall between closing_date and legal_final_date",
            );
        }
    }
    for (i, s) in deal.scenarios.iter().enumerate() {
        c.rate(
            format!("scenarios[{i}].redemption_share"),
            s.redemption_share,
            0.0,
            1.0,
        );
        // Growth compounds: the last year's revenue must stay within the amounts handled.
        let years = (deal.legal_final_date - deal.closing_date).num_days() / 365 + 1;
        let rounds = h.expansion.iter().chain(&h.expansions).map(|x| &x.asset);
        for a in std::iter::once(&h.asset).chain(rounds) {
            let base = crate::money::to_f64(a.base_revenue).max(0.0);
            let last = base * (1.0 + s.revenue_growth.max(0.0)).powf(years as f64);
            if last > MAX_AMOUNT as f64 {
                c.error(
                    format!("scenarios[{i}].revenue_growth"),
                    format!("revenue would reach {last:.3e} CNY a year within {years} years, above the largest amount handled (1e15 CNY)"),
                );
                break;
            }
        }
    }
}

/// Holding-type deals: the ranges that keep every derived amount, date and count in range.
fn holding_ranges(c: &mut Checker, deal: &Deal, h: &Holding) {
    let horizon_end = add_months(deal.closing_date, 12 * MAX_YEARS);
    if horizon_end.is_some_and(|e| deal.legal_final_date > e) {
        c.error(
            "legal_final_date",
            format!("a holding-type deal runs at most {MAX_YEARS} years after closing_date"),
        );
    }
    let mut assets = vec![("holding.asset".to_string(), &h.asset)];
    if let Some(x) = &h.expansion {
        assets.push(("holding.expansion.asset".into(), &x.asset));
    }
    for (i, x) in h.expansions.iter().enumerate() {
        assets.push((format!("holding.expansions[{i}].asset"), &x.asset));
    }
    for (p, a) in &assets {
        match a.right {
            AssetRight::Property { useful_life_years } if useful_life_years > MAX_YEARS => {
                c.error(
                    format!("{p}.right.useful_life_years"),
                    format!("{useful_life_years} is above the limit of {MAX_YEARS} years"),
                );
            }
            AssetRight::Concession { expiry } if !YEARS.contains(&expiry.year()) => {
                c.error(
                    format!("{p}.right.expiry"),
                    format!("{expiry} is not between 1900-01-01 and 9999-12-31"),
                );
            }
            _ => {}
        }
    }
    let face = h.plan.unit_face;
    if face > Decimal::ZERO && face < Decimal::new(1, 2) {
        c.error(
            "holding.plan.unit_face",
            format!("{face} is below 0.01 CNY"),
        );
    } else if face > h.spv.total_investment {
        c.error(
            "holding.plan.unit_face",
            format!("{face} is above total_investment: less than one unit would be issued"),
        );
    } else if face > Decimal::ZERO {
        // The plan's money is the price less the bank loan, over the equity split: a fen
        // unit price buys all of it. A price of 0 means equity terms refused elsewhere.
        let cap = crate::model::capital(&h.spv, h.spv.total_investment, Decimal::new(1, 2));
        let money = cap.plan_cash;
        if cap.price > Decimal::ZERO && money < crate::money::fen(face) {
            c.error(
                "holding.plan.unit_face",
                format!(
                    "{face} is above the plan's money, {money:.2} CNY: no unit would be issued"
                ),
            );
        }
    }
    if let Some(b) = &h.spv.bank_debt
        && b.amortisation_periods > MAX_PERIODS
    {
        c.error(
            "holding.spv.bank_debt.amortisation_periods",
            format!(
                "{} is above the limit of {MAX_PERIODS} periods",
                b.amortisation_periods
            ),
        );
    }
    if let Some(cap) = h.incentive.as_ref().and_then(|i| i.cap) {
        c.money("holding.incentive.cap".into(), cap);
    }
    if let Some(g) = &h.performance_guarantee {
        let p = "holding.performance_guarantee";
        c.money(format!("{p}.target_noi"), g.target_noi);
        for (name, cap) in [("cap_per_year", g.cap_per_year), ("cap_total", g.cap_total)] {
            if let Some(cap) = cap {
                c.money(format!("{p}.{name}"), cap);
            }
        }
    }
    for (i, s) in deal.scenarios.iter().enumerate() {
        if let Some(Exit::Sale { year, .. })
        | Some(Exit::RightOfFirstPurchase { year, .. })
        | Some(Exit::ReitConversion { year, .. })
        | Some(Exit::OpenPeriod { year, .. }) = &s.exit
            && *year > MAX_YEARS
        {
            c.error(
                format!("scenarios[{i}].exit.year"),
                format!("{year} is above the limit of {MAX_YEARS} years"),
            );
        }
    }
}

/// Warnings as results carry them: the code, and the message with the field path.
pub fn warnings(issues: &[Issue]) -> Vec<Warning> {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| {
            let (code, msg) = match i.message.strip_prefix('[').and_then(|m| m.split_once("] ")) {
                Some((code, msg)) => (code.to_string(), msg.to_string()),
                None => ("W".to_string(), i.message.clone()),
            };
            Warning {
                code,
                message: format!("{}: {msg}", i.path),
            }
        })
        .collect()
}
