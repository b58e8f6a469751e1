//! Checks of the scenarios' delinquency assumptions (逾期假设) and the delinquency triggers.

use super::Checker;
use crate::model::{Deal, TriggerTest};

/// Cure shares in [0, 1): a share of 1 would leave nothing to roll into default, so no
/// pipeline could lead to the scenario's defaults. Tranched deals only.
pub(super) fn scenarios(c: &mut Checker, deal: &Deal) {
    for (i, s) in deal.scenarios.iter().enumerate() {
        let Some(d) = &s.delinquency else { continue };
        let p = format!("scenarios[{i}].delinquency");
        if deal.holding.is_some() {
            c.error(
                p,
                "a delinquency assumption needs a pool (tranched deals only)",
            );
            continue;
        }
        for (name, x) in [
            ("cure_30", d.cure_30),
            ("cure_60", d.cure_60),
            ("cure_90", d.cure_90),
        ] {
            if !(0.0..1.0).contains(&x) {
                c.error(
                    format!("{p}.{name}"),
                    format!(
                        "{x} is outside [0, 1): a cure share is a fraction below 1 (1 would \
                         leave nothing to default)"
                    ),
                );
            }
        }
    }
}

/// A `Delinquency` trigger: level 0–1, at least one period, and a warning for each
/// scenario it cannot breach in (one without a delinquency assumption).
pub(super) fn trigger(c: &mut Checker, deal: &Deal, p: &str, test: &TriggerTest) {
    let TriggerTest::Delinquency { above, periods, .. } = test else {
        return;
    };
    c.rate(format!("{p}.above"), *above, 0.0, 1.0);
    if *periods == 0 {
        c.error(format!("{p}.periods"), "must be at least 1");
    }
    let without: Vec<&str> = deal
        .scenarios
        .iter()
        .filter(|s| s.delinquency.is_none())
        .map(|s| s.name.as_str())
        .collect();
    if !without.is_empty() {
        c.warn(
            "W-NO-DELINQUENCY",
            p,
            format!(
                "scenarios without a delinquency assumption, in which this trigger cannot \
                 breach: {}",
                without.join(", ")
            ),
        );
    }
}
