//! Semantic checks of a deal, each located by the path of the field it concerns.
//! Errors stop a run; warnings (compliance red lines) are reported with the results.

use crate::error::{Issue, Severity};
use crate::model::*;
use crate::results::Warning;
use crate::time::payment_dates;
use rust_decimal::Decimal;
use rustc_hash::FxHashSet as HashSet;

/// Amounts above this are rejected, so sums and accruals stay far inside `Decimal`'s range.
const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

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
            if id.trim().is_empty() {
                self.error(path(i), format!("{what} id is empty"));
            } else if !seen.insert(id) {
                self.error(path(i), format!("duplicate {what} id {id:?}"));
            }
        }
    }
}

fn checked_sum(mut it: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    it.try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
}

/// All issues, errors first in field order, then warnings.
pub fn validate(deal: &Deal) -> Vec<Issue> {
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
    let periods = payment_dates(
        deal.first_payment_date,
        deal.frequency,
        deal.legal_final_date,
    )
    .len();
    if deal.collection_lag as usize >= periods.max(1) {
        c.error(
            "collection_lag",
            format!(
                "{} periods is not shorter than the deal ({periods} periods)",
                deal.collection_lag
            ),
        );
    }
    let months_to_final = {
        use chrono::Datelike;
        let (a, b) = (deal.closing_date, deal.legal_final_date);
        (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32
    };
    pool(&mut c, deal, periods, months_to_final);
    scenarios(&mut c, deal, periods);
    liabilities(&mut c, deal);
    waterfall(&mut c, deal);
    red_lines(&mut c, deal);
    c.issues.sort_by_key(|i| i.severity == Severity::Warning);
    c.issues
}

fn pool(c: &mut Checker, deal: &Deal, periods: usize, months_to_final: i32) {
    let assets = deal.pool.assets();
    if assets.is_empty() {
        c.error("pool", "the pool has no assets");
    }
    let n_inline = deal.pool.assets.len();
    let n_tape = deal.pool.tape_assets.len();
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
    for (i, a) in assets.iter().enumerate() {
        let plain = !matches!(a.amortisation, Amortisation::Schedule(_));
        let term_ok = a.remaining_term >= 1 && a.remaining_term as i32 <= months_to_final;
        let money_ok = a.balance >= Decimal::ZERO && a.balance <= Decimal::from(MAX_AMOUNT);
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
}

fn curve(c: &mut Checker, path: String, curve: &Curve) {
    if curve.values().is_empty() {
        c.error(path.clone(), "the vector is empty");
    }
    for (k, r) in curve.values().iter().enumerate() {
        c.rate(format!("{path}[{k}]"), *r, 0.0, 1.0);
    }
}

fn scenarios(c: &mut Checker, deal: &Deal, periods: usize) {
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
    let obligors: HashSet<String> = deal
        .pool
        .assets()
        .iter()
        .map(|a| a.obligor.clone())
        .collect();
    for (i, s) in deal.scenarios.iter().enumerate() {
        let p = format!("scenarios[{i}]");
        curve(c, format!("{p}.cdr"), &s.cdr);
        curve(c, format!("{p}.cpr"), &s.cpr);
        c.rate(format!("{p}.recovery_rate"), s.recovery_rate, 0.0, 1.0);
        for (j, o) in s.obligor_defaults.iter().enumerate() {
            if !obligors.contains(&o.obligor) {
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
        if let Cover::Interest(ids) | Cover::MaturityPrincipal(ids) = cv {
            tranche_refs(c, deal, format!("{path}.covers[{k}]"), ids);
        }
    }
}

fn liabilities(c: &mut Checker, deal: &Deal) {
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
        c.rate(format!("{p}.coupon"), t.coupon, 0.0, 1.0);
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
    let pool_total = checked_sum(deal.pool.assets().iter().map(|a| a.balance));
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
        }
    }
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
        }
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

fn waterfall(c: &mut Checker, deal: &Deal) {
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
fn red_lines(c: &mut Checker, deal: &Deal) {
    if deal.data_asset_label {
        let assets = deal.pool.assets();
        let total = checked_sum(assets.iter().map(|a| a.balance));
        let data = checked_sum(
            assets
                .iter()
                .filter(|a| a.data_asset_role == DataAssetRole::InPool)
                .map(|a| a.balance),
        );
        if let (Some(total), Some(data)) = (total, data)
            && total > Decimal::ZERO
        {
            let share = crate::money::to_f64(data) / crate::money::to_f64(total);
            if !(0.5..=0.7).contains(&share) {
                c.warn(
                    "RL-DATA-SHARE",
                    "pool",
                    format!("data assets are {:.1}% of the pool; a data-asset labelled deal needs 50–70%", share * 100.0),
                );
            }
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
