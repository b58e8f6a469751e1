//! Checks of the market terms: the business-day rule, the stress templates and the pricing
//! section.

use super::Checker;
use crate::model::{AccrualDates, Deal, Roll};
use crate::time::payment_dates;
use rustc_hash::FxHashSet as HashSet;

/// The largest CDR multiple a template may use.
const MAX_MULTIPLE: f64 = 100.0;

/// A CDB curve: finite, ascending tenors and yields in [−5%, 100%].
pub(super) fn cdb_curve(c: &mut Checker, path: &str, curve: &[(f64, f64)]) {
    let mut prev = f64::NEG_INFINITY;
    for (i, (t, y)) in curve.iter().enumerate() {
        c.rate(format!("{path}[{i}].1"), *y, -0.05, 1.0);
        if !t.is_finite() || *t <= prev {
            c.error(
                format!("{path}[{i}].0"),
                "tenors must be finite and ascending",
            );
        }
        prev = *t;
    }
}

/// Rolled payment dates stay in order after closing; the shipped calendar's end is warned.
pub(super) fn business_days(c: &mut Checker, deal: &Deal) {
    let rule = &deal.business_days;
    if rule.is_default() {
        return;
    }
    if deal.holding.is_some() && rule.accrual == AccrualDates::Unadjusted {
        c.error(
            "business_days.accrual",
            "holding-type deals accrue between the dates cash moves; use Adjusted",
        );
    }
    let scheduled = payment_dates(
        deal.first_payment_date,
        deal.frequency,
        deal.legal_final_date,
    );
    let mut prev = deal.closing_date;
    for d in &scheduled {
        let rolled = rule.adjust(*d);
        if rolled <= prev {
            c.error(
                "business_days.roll",
                format!("{d} rolls to {rolled}, not after the previous date {prev}"),
            );
            break;
        }
        prev = rolled;
    }
    // Past the list's end a rolled date may land on an unlisted holiday; unrolled dates
    // do not depend on the list.
    if let (Some(end), Some(last)) = (rule.calendar_last_day(), scheduled.last())
        && rule.roll != Roll::Unadjusted
        && *last > end
    {
        c.warn(
            "W-CALENDAR-END",
            "business_days.calendar",
            format!("holidays are listed to {end}; payment dates after it roll over weekends only"),
        );
    }
}

/// Templates name a written base scenario, a finite multiple and a haircut in [0, 1].
pub(super) fn stress_templates(c: &mut Checker, deal: &Deal) {
    let mut names: HashSet<&str> = deal.scenarios.iter().map(|s| s.name.as_str()).collect();
    for (i, t) in deal.stress_templates.iter().enumerate() {
        let p = format!("stress_templates[{i}]");
        if deal.holding.is_some() {
            c.error(
                p.clone(),
                "holding-type deals have no default rate to stress",
            );
        }
        if t.name.trim().is_empty() {
            c.error(format!("{p}.name"), "the template needs a name");
        } else if !names.insert(t.name.as_str()) {
            c.error(
                format!("{p}.name"),
                format!("{:?} is already the name of a scenario or template", t.name),
            );
        }
        if deal.stress_base(t).is_none() {
            c.error(
                format!("{p}.base"),
                format!(
                    "no scenario named {:?}",
                    t.base.as_deref().unwrap_or_default()
                ),
            );
        }
        c.rate(
            format!("{p}.cdr_multiple"),
            t.cdr_multiple,
            0.0,
            MAX_MULTIPLE,
        );
        c.rate(
            format!("{p}.recovery_haircut"),
            t.recovery_haircut,
            0.0,
            1.0,
        );
    }
}

/// Trade date on or before settlement, settlement after closing, a well-formed curve.
pub(super) fn pricing(c: &mut Checker, deal: &Deal) {
    let Some(p) = &deal.pricing else {
        return;
    };
    if let Some(s) = p.settlement_date {
        if s < deal.closing_date {
            c.error("pricing.settlement_date", "must not be before closing_date");
        }
        if p.trade_date.is_some_and(|t| t > s) {
            c.error("pricing.trade_date", "must not be after settlement_date");
        }
    }
    cdb_curve(c, "pricing.cdb_curve", &p.cdb_curve);
}
