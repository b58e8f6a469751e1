//! Scenario comparison: every named scenario of a deal side by side, and two versions of a
//! deal (what changed in the terms, field path by field path, and the outputs side by side).
//! The CLI's `compare`, the term sheet's scenario table and the GUI's comparison read these.

use crate::model::Asset;
use crate::results::DealResults;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Every scenario of one deal, in the deal's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub deal: String,
    /// Holding-type deal (unit classes, plan and project company figures).
    pub holding: bool,
    pub scenarios: Vec<ScenarioFigures>,
    /// Scenarios that did not run, each `name: error`.
    pub failed: Vec<String>,
}

/// One scenario's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioFigures {
    pub scenario: String,
    /// Tranches (tranched deals) or unit classes (holding-type deals), in the deal's order.
    pub securities: Vec<SecurityFigures>,
    /// Tranched deals: the pool's cumulative default rate.
    pub cumulative_default_rate: Option<f64>,
    /// Tranched deals: every draw on the reserve and the external enhancements, CNY.
    pub enhancement_draws: Option<Decimal>,
    /// Holding-type deals: the project company's lowest DSCR (None without bank debt).
    pub min_dscr: Option<f64>,
    /// Holding-type deals: NAV per unit at issue, CNY.
    pub nav_at_issue: Option<f64>,
    /// Holding-type deals: plan fees paid (manager, custodian, operator base fee), CNY.
    pub fees: Option<Decimal>,
    /// Holding-type deals: incentive fee paid, CNY.
    pub incentive_fee: Option<Decimal>,
    /// Holding-type deals: the operator's base fee cut, CNY.
    pub fee_cut: Option<Decimal>,
    /// Holding-type deals: performance-guarantee payments, CNY.
    pub guarantee_payments: Option<Decimal>,
    /// Holding-type deals: fees, hurdle, bank debt, shareholder loan and tax unpaid at the end.
    pub unpaid_at_exit: Option<Decimal>,
    /// Holding-type deals: how the deal ended (the engine's name: `Sale`, `HoldToEnd`, …).
    pub exit: Option<String>,
}

/// One security's figures in one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityFigures {
    pub id: String,
    pub irr: Option<f64>,
    /// Years.
    pub wal: Option<f64>,
    /// CNY.
    pub principal_loss: Decimal,
    /// CNY.
    pub interest_shortfall: Decimal,
    /// Draws on the security's behalf, CNY.
    pub enhancement_draws: Decimal,
    /// Holding-type deals: average cash distribution rate.
    pub distribution_rate: Option<f64>,
    /// Holding-type deals: cash multiple.
    pub multiple: Option<f64>,
}

/// A figure as text: exact for money (the `Decimal`), shortest round trip for a rate, empty
/// for none.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Money(Decimal),
    Number(Option<f64>),
    Text(Option<String>),
}

impl Figure {
    pub fn text(&self) -> String {
        match self {
            Figure::Money(d) => d.to_string(),
            Figure::Number(x) => x.map_or(String::new(), |x| x.to_string()),
            Figure::Text(t) => t.clone().unwrap_or_default(),
        }
    }
}

impl ScenarioFigures {
    pub fn of(r: &DealResults) -> ScenarioFigures {
        let holding = r.plan.is_some();
        let plan = r.plan.as_ref();
        let pc = r.project_company.as_ref();
        ScenarioFigures {
            scenario: r.scenario.clone(),
            securities: r
                .securities
                .iter()
                .map(|s| SecurityFigures {
                    id: s.id.clone(),
                    irr: s.irr,
                    wal: s.wal,
                    principal_loss: s.principal_loss,
                    interest_shortfall: s.interest_shortfall,
                    enhancement_draws: s.enhancement_draws,
                    distribution_rate: s.distribution_rate,
                    multiple: s.multiple,
                })
                .collect(),
            cumulative_default_rate: (!holding).then_some(r.pool.cumulative_default_rate),
            enhancement_draws: (!holding)
                .then(|| r.enhancements.iter().map(|e| e.total_drawn).sum()),
            min_dscr: pc.and_then(|c| c.min_dscr),
            nav_at_issue: plan.and_then(|p| p.nav_at_issue),
            fees: plan.map(|p| p.total_fees),
            incentive_fee: plan.map(|p| p.total_incentive_fee),
            fee_cut: plan.map(|p| p.periods.iter().map(|x| x.operator_fee_cut).sum()),
            guarantee_payments: plan.map(|p| p.total_guarantee_payments),
            unpaid_at_exit: holding.then(|| {
                let plan = plan.map_or(Decimal::ZERO, |p| {
                    p.unpaid_fees_at_exit + p.unpaid_hurdle_at_exit
                });
                let pc = pc.map_or(Decimal::ZERO, |c| {
                    c.bank_unpaid_at_exit
                        + c.shareholder_loan_unpaid_at_exit
                        + c.tax_unpaid_at_exit
                        + c.opex_unpaid_at_exit
                });
                plan + pc
            }),
            exit: plan.map(|p| p.exit.clone()),
        }
    }

    /// Every figure as (security id or none, figure name, value), securities first: the
    /// rows of the CSV and of the two-deal comparison. Holding-only figures are left out of
    /// a tranched deal and the other way round.
    pub fn figures(&self, holding: bool) -> Vec<(Option<&str>, &'static str, Figure)> {
        let mut out = Vec::new();
        for s in &self.securities {
            let id = Some(s.id.as_str());
            out.push((id, "irr", Figure::Number(s.irr)));
            if holding {
                out.push((id, "distribution_rate", Figure::Number(s.distribution_rate)));
                out.push((id, "multiple", Figure::Number(s.multiple)));
            } else {
                out.push((id, "wal", Figure::Number(s.wal)));
                out.push((id, "principal_loss", Figure::Money(s.principal_loss)));
                out.push((
                    id,
                    "interest_shortfall",
                    Figure::Money(s.interest_shortfall),
                ));
                out.push((id, "enhancement_draws", Figure::Money(s.enhancement_draws)));
            }
        }
        let money = |d: Option<Decimal>| Figure::Money(d.unwrap_or_default());
        if holding {
            out.push((None, "min_dscr", Figure::Number(self.min_dscr)));
            out.push((None, "nav_at_issue", Figure::Number(self.nav_at_issue)));
            out.push((None, "fees", money(self.fees)));
            out.push((None, "incentive_fee", money(self.incentive_fee)));
            out.push((None, "fee_cut", money(self.fee_cut)));
            out.push((None, "guarantee_payments", money(self.guarantee_payments)));
            out.push((None, "unpaid_at_exit", money(self.unpaid_at_exit)));
            out.push((None, "exit", Figure::Text(self.exit.clone())));
        } else {
            out.push((
                None,
                "cumulative_default_rate",
                Figure::Number(self.cumulative_default_rate),
            ));
            out.push((None, "enhancement_draws", money(self.enhancement_draws)));
        }
        out
    }
}

impl Comparison {
    /// The comparison of runs of one deal (`failed`: the scenarios that did not run).
    pub fn of(deal: &str, holding: bool, runs: &[DealResults], failed: Vec<String>) -> Comparison {
        Comparison {
            deal: deal.to_string(),
            holding,
            scenarios: runs.iter().map(ScenarioFigures::of).collect(),
            failed,
        }
    }

    pub fn scenario(&self, name: &str) -> Option<&ScenarioFigures> {
        self.scenarios.iter().find(|s| s.scenario == name)
    }
}

/// One difference between two versions of a deal's terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Field path as the validator writes it (`tranches[0].coupon`, `scenarios[1].cdr`).
    pub path: String,
    /// The value in A as RON-like JSON text; None when A has no such field.
    pub a: Option<String>,
    pub b: Option<String>,
}

/// Two versions of a deal: what changed in the terms and every scenario's figures of each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealDiff {
    pub changes: Vec<Change>,
    pub a: Comparison,
    pub b: Comparison,
}

/// What changed from deal A to deal B (with their tapes' rows), field path by field path.
/// Objects are compared by field, lists by position (a longer list adds or removes the
/// entries past the shorter one's end); the tapes' rows, which are not in the deal, are one
/// entry `pool.tape (rows)` giving the count and total balance when they differ.
pub fn changes(
    a: &crate::model::Deal,
    tape_a: &[Asset],
    b: &crate::model::Deal,
    tape_b: &[Asset],
) -> Vec<Change> {
    let (va, vb) = (serde_json::to_value(a), serde_json::to_value(b));
    let mut out = Vec::new();
    if let (Ok(va), Ok(vb)) = (va, vb) {
        diff(String::new(), Some(&va), Some(&vb), &mut out);
    }
    if tape_a != tape_b {
        let describe = |t: &[Asset]| {
            let total: crate::money::ExactSum = t.iter().map(|x| x.balance).collect();
            let total = total
                .total()
                .map_or("out of range".into(), |d| d.to_string());
            format!("{} rows, balance {total}", t.len())
        };
        out.push(Change {
            path: "pool.tape (rows)".into(),
            a: Some(describe(tape_a)),
            b: Some(describe(tape_b)),
        });
    }
    out
}

fn diff(
    path: String,
    a: Option<&serde_json::Value>,
    b: Option<&serde_json::Value>,
    out: &mut Vec<Change>,
) {
    use serde_json::Value;
    let join = |p: &str, k: &str| {
        if p.is_empty() {
            k.to_string()
        } else {
            format!("{p}.{k}")
        }
    };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut keys: Vec<&String> = x.keys().collect();
            keys.extend(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                diff(join(&path, k), x.get(k), y.get(k), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for i in 0..x.len().max(y.len()) {
                diff(format!("{path}[{i}]"), x.get(i), y.get(i), out);
            }
        }
        _ if a == b => {}
        _ => out.push(Change {
            path,
            a: a.map(|v| v.to_string()),
            b: b.map(|v| v.to_string()),
        }),
    }
}
