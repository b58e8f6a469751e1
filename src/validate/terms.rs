//! Checks of the coupon terms (floating coupons, step-ups), the scenario's rate paths and
//! rating events, the newer triggers, and the risk-retention red line.

use super::Checker;
use crate::model::{Deal, Holder, RATING_SCALE, RateIndex, StepUpEvent, TriggerTest, rating_rank};
use crate::money::{dec, fen};
use rust_decimal::Decimal;

fn providers(deal: &Deal) -> impl Iterator<Item = &str> {
    deal.enhancements.iter().map(|e| e.provider.as_str())
}

fn rating(c: &mut Checker, path: String, r: &str) {
    if rating_rank(r).is_none() {
        c.error(
            path,
            format!(
                "{r:?} is not a rating of the scale {}",
                RATING_SCALE.join(" ")
            ),
        );
    }
}

/// Floating coupons, step-ups and vertical retention shares of the tranches.
pub(super) fn coupons(c: &mut Checker, deal: &Deal) {
    for (i, t) in deal.tranches.iter().enumerate() {
        let p = format!("tranches[{i}]");
        c.rate(format!("{p}.retained_share"), t.retained_share, 0.0, 1.0);
        if let Some(f) = &t.floating {
            for (name, r) in [("floor", f.floor), ("cap", f.cap)] {
                if let Some(r) = r {
                    c.rate(format!("{p}.floating.{name}"), r, 0.0, 1.0);
                }
            }
            if let (Some(floor), Some(cap)) = (f.floor, f.cap)
                && floor > cap
            {
                c.error(
                    format!("{p}.floating.cap"),
                    format!("the cap {cap} is below the floor {floor}"),
                );
            }
        }
        for (j, s) in t.step_ups.iter().enumerate() {
            let q = format!("{p}.step_ups[{j}]");
            c.rate(format!("{q}.add"), s.add, 0.0, 1.0);
            if let StepUpEvent::Trigger(id) = &s.after
                && !deal.triggers.iter().any(|x| &x.id == id)
            {
                c.error(format!("{q}.after"), format!("no trigger with id {id:?}"));
            }
        }
    }
}

/// The spread of a floating tranche may be negative; a fixed coupon may not.
pub(super) fn coupon_range(t: &crate::model::Tranche) -> (f64, f64) {
    if t.floating.is_some() {
        (-1.0, 1.0)
    } else {
        (0.0, 1.0)
    }
}

/// Rate paths for every index a tranche floats on, and rating events of known providers.
pub(super) fn scenario_terms(c: &mut Checker, deal: &Deal) {
    let indices: Vec<(usize, RateIndex)> = deal
        .tranches
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.floating.as_ref().map(|f| (i, f.index)))
        .collect();
    for (i, s) in deal.scenarios.iter().enumerate() {
        let p = format!("scenarios[{i}]");
        for (t, index) in &indices {
            if !s.rate_paths.iter().any(|r| r.index == *index) {
                c.error(
                    format!("{p}.rate_paths"),
                    format!(
                        "no rate path for {index:?}, on which tranches[{t}] ({}) floats",
                        deal.tranches[*t].id
                    ),
                );
            }
        }
        for (j, path) in s.rate_paths.iter().enumerate() {
            let q = format!("{p}.rate_paths[{j}]");
            if s.rate_paths[..j].iter().any(|r| r.index == path.index) {
                c.error(
                    format!("{q}.index"),
                    format!("a second path for {:?}", path.index),
                );
            }
            match path.levels.first() {
                None => c.error(format!("{q}.levels"), "the path has no level"),
                Some((d, _)) if *d > deal.closing_date => c.error(
                    format!("{q}.levels[0]"),
                    format!(
                        "starts on {d}, after the closing date {}: the first period's rate \
                         is fixed on the closing date",
                        deal.closing_date
                    ),
                ),
                Some(_) => {}
            }
            for (k, (d, r)) in path.levels.iter().enumerate() {
                c.rate(format!("{q}.levels[{k}].1"), *r, 0.0, 1.0);
                if k > 0 && *d <= path.levels[k - 1].0 {
                    c.error(format!("{q}.levels[{k}].0"), "dates must be ascending");
                }
            }
        }
        for (j, e) in s.rating_events.iter().enumerate() {
            let q = format!("{p}.rating_events[{j}]");
            if !providers(deal).any(|x| x == e.party) {
                c.error(
                    format!("{q}.party"),
                    format!("no enhancement provider {:?}", e.party),
                );
            }
            rating(c, format!("{q}.rating"), &e.rating);
        }
    }
}

/// The triggers added with the floating coupons: excess spread and provider rating.
pub(super) fn trigger(c: &mut Checker, deal: &Deal, p: &str, test: &TriggerTest) {
    match test {
        TriggerTest::ExcessSpreadBelow(x) => c.rate(p.to_string(), *x, -1.0, 1.0),
        TriggerTest::ProviderRating { provider, below } => {
            if !providers(deal).any(|x| x == provider) {
                c.error(
                    format!("{p}.provider"),
                    format!("no enhancement provider {provider:?}"),
                );
            }
            rating(c, format!("{p}.below"), below);
        }
        TriggerTest::CumulativeDefaultRate(_)
        | TriggerTest::OcRatio { .. }
        | TriggerTest::Delinquency { .. } => {}
    }
}

/// 风险自留 (red line `RL-RISK-RETENTION`): the originator keeps at least the minimum share
/// of the issue in the most junior tranche (horizontal), or of every tranche (vertical),
/// until the last legal maturity of the securities.
pub(super) fn retention(c: &mut Checker, deal: &Deal) {
    let (min, until) = match &deal.risk_retention {
        Some(r) => {
            c.rate("risk_retention.min_share".into(), r.min_share, 0.0, 1.0);
            (r.min_share, r.until)
        }
        None => (0.05, None),
    };
    // Out-of-range sizes and shares are errors of their own; the sums below stay in range.
    let sizes_ok = deal.tranches.iter().all(|t| super::within_limits(t.size));
    let Some(junior) = deal.tranches.last().filter(|_| sizes_ok) else {
        return;
    };
    if !(0.0..=1.0).contains(&min) {
        return;
    }
    let kept = |t: &crate::model::Tranche| match t.holder {
        Holder::Originator => t.size,
        Holder::Market => fen(t.size * dec(t.retained_share.clamp(0.0, 1.0))),
    };
    let total: Decimal = deal.tranches.iter().map(|t| t.size).sum();
    if total <= Decimal::ZERO {
        return;
    }
    let share = |a: Decimal| crate::money::to_f64(a) / crate::money::to_f64(total);
    let min_dec = dec(min);
    let horizontal = kept(junior) >= total * min_dec;
    let vertical = deal.tranches.iter().all(|t| kept(t) >= t.size * min_dec);
    if !(horizontal || vertical) {
        let thinnest = deal
            .tranches
            .iter()
            .map(|t| {
                (
                    t,
                    crate::money::to_f64(kept(t)) / crate::money::to_f64(t.size),
                )
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        let (thin, thin_share) = thinnest.map_or(("", 0.0), |(t, s)| (t.id.as_str(), s));
        c.warn(
            "RL-RISK-RETENTION",
            "tranches",
            format!(
                "the originator keeps {} of the most junior tranche {} ({:.2}% of the issue \
                 {total}) and at least {:.2}% of every tranche (least: {thin}); it must keep \
                 {:.2}% of the issue in the most junior tranche or of every tranche \
                 (holder: Originator, or retained_share)",
                kept(junior),
                junior.id,
                share(kept(junior)) * 100.0,
                thin_share * 100.0,
                min * 100.0
            ),
        );
    }
    let last = deal.tranches.iter().map(|t| t.legal_maturity).max();
    if let (Some(until), Some(last)) = (until, last)
        && until < last
    {
        c.warn(
            "RL-RISK-RETENTION",
            "risk_retention.until",
            format!(
                "the retention ends on {until}, before the securities' last legal maturity \
                 {last}; it must last as long as the securities"
            ),
        );
    }
}
