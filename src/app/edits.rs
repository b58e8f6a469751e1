//! Edits that touch more than one field: renaming or removing a tranche or a fee keeps the
//! waterfall, reserve, enhancements and triggers pointing at it, the way a spreadsheet
//! user expects a rename to follow through. Indices are checked, never trusted: a queued
//! edit may run after another one that changed the list.

use crate::model::*;
use rust_decimal::Decimal;

/// Move element `i` by `delta` places (−1 up, +1 down) if both places exist.
pub fn move_item<T>(v: &mut [T], i: usize, delta: isize) {
    if let Some(j) = i.checked_add_signed(delta)
        && i < v.len()
        && j < v.len()
    {
        v.swap(i, j);
    }
}

/// `prefix` followed by the smallest number not yet used by `taken`.
pub fn unique_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .unwrap_or_else(|| prefix.to_string())
}

fn for_each_tranche_list(deal: &mut Deal, mut f: impl FnMut(&mut Vec<String>)) {
    let mut steps: Vec<&mut Step> = deal.waterfall.steps.iter_mut().collect();
    if let Some(post) = &mut deal.waterfall.post_trigger {
        steps.extend(post.iter_mut());
    }
    for s in steps {
        match s {
            Step::Interest(ids) | Step::Principal { tranches: ids, .. } => f(ids),
            Step::Fee(_)
            | Step::ReserveTopUp
            | Step::Residual(_)
            | Step::ResidualTo(_)
            | Step::Tax => {}
        }
    }
    let covers = deal
        .reserve
        .iter_mut()
        .flat_map(|r| r.covers.iter_mut())
        .chain(
            deal.enhancements
                .iter_mut()
                .flat_map(|e| e.covers.iter_mut()),
        );
    for c in covers {
        match c {
            Cover::Interest(ids)
            | Cover::MaturityPrincipal(ids)
            | Cover::MaturityDatePrincipal(ids) => f(ids),
            Cover::Fees => {}
        }
    }
    for t in &mut deal.triggers {
        if let TriggerTest::OcRatio { tranches, .. } = &mut t.test {
            f(tranches);
        }
    }
    for fee in &mut deal.fees {
        if let FeeBasis::TrancheBalance { tranches, .. } = &mut fee.basis {
            f(tranches);
        }
    }
}

fn for_each_step_list(deal: &mut Deal, mut f: impl FnMut(&mut Vec<Step>)) {
    f(&mut deal.waterfall.steps);
    if let Some(post) = &mut deal.waterfall.post_trigger {
        f(post);
    }
}

/// Rename tranche `i` (expected to have id `old`) and every reference to it.
pub fn rename_tranche(deal: &mut Deal, i: usize, old: &str, new: &str) {
    let Some(t) = deal.tranches.get_mut(i).filter(|t| t.id == old) else {
        return;
    };
    t.id = new.to_string();
    for_each_tranche_list(deal, |ids| {
        for id in ids.iter_mut().filter(|id| *id == old) {
            *id = new.to_string();
        }
    });
    for g in &mut deal.grids {
        g.rename_tranche(old, new);
    }
    for_each_step_list(deal, |steps| {
        for s in steps {
            if let Step::Residual(id) = s
                && id == old
            {
                *id = new.to_string();
            }
        }
    });
}

/// Remove tranche `i` (expected id `id`), its references, and the steps left empty.
pub fn remove_tranche(deal: &mut Deal, i: usize, id: &str) {
    if deal.tranches.get(i).is_none_or(|t| t.id != id) {
        return;
    }
    deal.tranches.remove(i);
    // A grid of the tranche's coupon, size or figures goes with it.
    deal.grids.retain(|g| !g.mentions_tranche(id));
    for_each_tranche_list(deal, |ids| ids.retain(|x| x != id));
    for_each_step_list(deal, |steps| {
        steps.retain(|s| match s {
            Step::Interest(ids) | Step::Principal { tranches: ids, .. } => !ids.is_empty(),
            Step::Residual(r) => r != id,
            Step::Fee(_) | Step::ReserveTopUp | Step::ResidualTo(_) | Step::Tax => true,
        })
    });
    if let Some(r) = &mut deal.reserve {
        r.covers.retain(
            |c| !matches!(c, Cover::Interest(v) | Cover::MaturityPrincipal(v) | Cover::MaturityDatePrincipal(v) if v.is_empty()),
        );
    }
    for e in &mut deal.enhancements {
        e.covers.retain(
            |c| !matches!(c, Cover::Interest(v) | Cover::MaturityPrincipal(v) | Cover::MaturityDatePrincipal(v) if v.is_empty()),
        );
    }
}

/// A new tranche sized to the pool balance not yet tranched (so the deal stays valid),
/// maturing with the deal.
pub fn new_tranche(deal: &Deal, pool_balance: Decimal, name: &str) -> Tranche {
    let tranched: Decimal = deal.tranches.iter().map(|t| t.size).sum();
    let headroom = pool_balance - tranched;
    let size = if headroom > Decimal::ZERO {
        headroom.min(Decimal::from(10_000_000))
    } else {
        Decimal::from(1_000_000)
    };
    let id = unique_id("T", deal.tranches.iter().map(|t| t.id.as_str()));
    let last = deal.tranches.last();
    Tranche {
        name: format!("{name} {id}"),
        id,
        size: crate::money::fen(size),
        coupon: 0.03,
        principal_mode: PrincipalMode::PassThrough,
        expected_maturity: last.map_or(deal.legal_final_date, |t| t.expected_maturity),
        legal_maturity: deal.legal_final_date,
        holder: Holder::Market,
        rating: None,
        price: None,
        floating: None,
        step_ups: Vec::new(),
        retained_share: 0.0,
    }
}

/// Rename fee `i` (expected id `old`) and its `Fee` steps.
pub fn rename_fee(deal: &mut Deal, i: usize, old: &str, new: &str) {
    let Some(f) = deal.fees.get_mut(i).filter(|f| f.id == old) else {
        return;
    };
    f.id = new.to_string();
    for_each_step_list(deal, |steps| {
        for s in steps {
            if let Step::Fee(id) = s
                && id == old
            {
                *id = new.to_string();
            }
        }
    });
}

/// Remove fee `i` (expected id `id`) and its `Fee` steps.
pub fn remove_fee(deal: &mut Deal, i: usize, id: &str) {
    if deal.fees.get(i).is_none_or(|f| f.id != id) {
        return;
    }
    deal.fees.remove(i);
    for_each_step_list(deal, |steps| {
        steps.retain(|s| !matches!(s, Step::Fee(f) if f == id))
    });
}

/// Rename scenario `i` and the default-scenario reference.
pub fn rename_scenario(deal: &mut Deal, i: usize, old: &str, new: &str) {
    let Some(s) = deal.scenarios.get_mut(i).filter(|s| s.name == old) else {
        return;
    };
    s.name = new.to_string();
    if deal.default_scenario.as_deref() == Some(old) {
        deal.default_scenario = Some(new.to_string());
    }
}

/// Remove scenario `i` (expected name `name`); the default falls back to the first.
pub fn remove_scenario(deal: &mut Deal, i: usize, name: &str) {
    if deal.scenarios.len() <= 1 || deal.scenarios.get(i).is_none_or(|s| s.name != name) {
        return;
    }
    deal.scenarios.remove(i);
    if deal.default_scenario.as_deref() == Some(name) {
        deal.default_scenario = None;
    }
}

/// The name a copy of scenario `i` gets: its name with the first free `-n` suffix.
pub fn duplicate_name(deal: &Deal, i: usize) -> Option<String> {
    let base = format!("{}-", deal.scenarios.get(i)?.name);
    Some(unique_id(
        &base,
        deal.scenarios.iter().map(|s| s.name.as_str()),
    ))
}

/// Insert a copy of scenario `i` after it, named by [`duplicate_name`].
pub fn duplicate_scenario(deal: &mut Deal, i: usize) {
    let (Some(name), Some(s)) = (duplicate_name(deal, i), deal.scenarios.get(i)) else {
        return;
    };
    let copy = Scenario { name, ..s.clone() };
    deal.scenarios.insert(i + 1, copy);
}

/// An empty deal to start from: one obligor line, one senior and one subordinate tranche.
pub fn blank_deal(name: &str) -> Deal {
    let text = include_str!("blank_deal.ron");
    let mut deal = crate::io::parse_deal(text, "blank").unwrap_or_else(|_| {
        // The template ships with the binary and is covered by a test; fall back to the
        // sample rather than panic if it were ever broken.
        crate::io::parse_deal(super::SAMPLE_DEAL, "sample").expect("bundled sample deal parses")
    });
    deal.name = name.to_string();
    deal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Deal {
        crate::io::parse_deal(super::super::SAMPLE_DEAL, "sample").unwrap()
    }

    #[test]
    fn rename_follows_references() {
        let mut d = sample();
        rename_tranche(&mut d, 0, "A", "A1");
        assert_eq!(d.tranches[0].id, "A1");
        assert!(matches!(&d.waterfall.steps[3], Step::Interest(v) if v == &["A1"]));
        assert!(
            crate::validate::validate(&d, &[])
                .iter()
                .all(|i| i.severity != crate::error::Severity::Error)
        );
        // A stale index does nothing.
        rename_tranche(&mut d, 0, "A", "Z");
        assert_eq!(d.tranches[0].id, "A1");
    }

    #[test]
    fn remove_drops_empty_steps() {
        let mut d = sample();
        remove_tranche(&mut d, 1, "B");
        assert_eq!(d.tranches.len(), 1);
        assert!(
            !d.waterfall
                .steps
                .iter()
                .any(|s| matches!(s, Step::Residual(_)))
        );
        remove_fee(&mut d, 0, "mgmt");
        assert!(
            !d.waterfall
                .steps
                .iter()
                .any(|s| matches!(s, Step::Fee(f) if f == "mgmt"))
        );
    }

    #[test]
    fn new_tranche_keeps_the_deal_valid() {
        let mut d = sample();
        let pool: Decimal = d.pool.assets(&[]).iter().map(|a| a.balance).sum();
        let t = new_tranche(&d, pool, "New");
        assert_eq!(t.id, "T1");
        d.tranches.push(t);
        assert!(
            crate::validate::validate(&d, &[])
                .iter()
                .all(|i| i.severity != crate::error::Severity::Error)
        );
    }

    #[test]
    fn blank_deal_is_valid() {
        let d = blank_deal("x");
        let errors: Vec<_> = crate::validate::validate(&d, &[])
            .into_iter()
            .filter(|i| i.severity == crate::error::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(crate::engine::run(&d, None).is_ok());
    }

    #[test]
    fn moves_stay_in_bounds() {
        let mut v = vec![1, 2, 3];
        move_item(&mut v, 0, -1);
        move_item(&mut v, 2, 1);
        move_item(&mut v, 9, 1);
        assert_eq!(v, [1, 2, 3]);
        move_item(&mut v, 1, -1);
        assert_eq!(v, [2, 1, 3]);
    }
}
