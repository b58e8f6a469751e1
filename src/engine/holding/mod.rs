//! Holding-type deals (持有型不动产ABS), in the stages of the method: the operating asset
//! (`operations`) → the project company (`company`: tax, loans, dividends, trapped cash) →
//! the plan (`fees`: guarantee, fees, incentive; `distribution`: unit classes) → exits and
//! valuation (`exit`, `valuation`, `report`, `metrics`); `timeline` sets out the classes and
//! what happens when, `ledger` runs the dates. Every ledger amount is `Decimal` to the fen; each date
//! conserves money at the project company and at the plan, arrears included.

mod company;
mod distribution;
mod exit;
mod fees;
mod ledger;
mod metrics;
mod operations;
mod report;
mod timeline;
mod valuation;

pub use fees::incentive_fee;
pub use timeline::unit_class_ids;

use super::schedule::Schedule;
use crate::model::*;
use crate::money::{dec, fen};
use crate::results::*;
use ledger::simulate;
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

pub fn run_holding(deal: &Deal, h: &Holding, sc: &Scenario) -> DealResults {
    let schedule = Schedule::new(deal);
    let face = if h.plan.unit_face >= Decimal::new(1, 2) {
        fen(h.plan.unit_face)
    } else {
        Decimal::ONE_HUNDRED
    };
    let rounds = timeline::rounds(h);
    let mut warnings = Vec::new();
    // Run without expansions, then add the rounds one at a time, each priced at the NAV per
    // unit of the run without it on the last date before its issue.
    let mut sim = simulate(deal, h, sc, &schedule, face, &[]);
    let calibrated = sim.issue_spread(h, face);
    let spread = match (h.valuation.calibrate_spread, calibrated) {
        (true, Some(s)) => s,
        (true, None) => {
            warnings.push(Warning::at(
                "W-SPREAD",
                "holding.valuation.spread",
                "no spread prices the units at their face; the deal's spread is used",
            ));
            h.valuation.spread
        }
        _ => h.valuation.spread,
    };
    let mut nav = sim.nav_path(h, spread);
    let mut priced: Vec<(&Expansion, Decimal)> = Vec::new();
    for x in &rounds {
        let k = schedule.dates.iter().position(|d| *d >= x.date);
        let before = k.and_then(|k| k.checked_sub(1));
        let price = match before {
            Some(b) => nav.get(b).copied(),
            None => sim.nav_at_issue(h, spread),
        }
        .map(|v| fen(dec(v)))
        .filter(|p| *p > ZERO);
        let Some(price) = price.filter(|_| k.is_some_and(|k| k <= sim.end)) else {
            warnings.push(Warning::at("W-EXPANSION", round_path(h, x), "the expansion falls after the deal's end or has no NAV to price its units: left out"));
            continue;
        };
        priced.push((x, price));
        let next = simulate(deal, h, sc, &schedule, face, &priced);
        let next_nav = next.nav_path(h, spread);
        // Before this round's date the NAV is the one without it.
        let k = k.unwrap_or(0);
        nav = nav[..k.min(nav.len())]
            .iter()
            .chain(&next_nav[k.min(next_nav.len())..])
            .copied()
            .collect();
        sim = next;
    }
    let nav = report::Nav {
        path: nav,
        spread,
        calibrated,
    };
    sim.finish(deal, h, sc, nav, warnings)
}

/// The field of a round: `holding.expansion` (the first round's own field) or its place in
/// `holding.expansions` (the rounds run in date order, which need not be the file's).
fn round_path(h: &Holding, x: &Expansion) -> String {
    match h.expansions.iter().position(|e| std::ptr::eq(e, x)) {
        Some(i) => format!("holding.expansions[{i}]"),
        None => "holding.expansion".into(),
    }
}
