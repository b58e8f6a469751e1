//! Small deals computed by hand, the arithmetic written next to each figure.

use crate::common::small_deal;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn base_case_by_hand() {
    let r = run(&small_deal(), Some("base")).unwrap();
    assert_eq!(r.periods.len(), 2);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);

    // Period 1: 2025-01-01 → 2025-04-01, 90 days.
    // Pool interest 1,000,000 × 6% × 90/365 = 14,794.5205 → 14,794.52
    // Scheduled principal (equal principal, 2 payments left) 1,000,000 / 2 = 500,000.
    assert_eq!(p1.accrual_days, 90);
    assert_eq!(p1.pool.interest, d("14794.52"));
    assert_eq!(p1.pool.scheduled_principal, d("500000.00"));
    assert_eq!(p1.available, d("514794.52"));
    // Fee 1,000,000 × 0.1% × 90/365 = 246.5753 → 246.58
    assert_eq!(p1.fees[0].paid, d("246.58"));
    // A interest 900,000 × 3% × 90/365 = 6,657.5342 → 6,657.53
    assert_eq!(p1.tranches[0].interest_paid, d("6657.53"));
    // Reserve already at its 5,000 target: nothing deposited.
    assert_eq!(p1.reserve.deposit, Decimal::ZERO);
    // Pass-through: the 500,000 collected principal retires A to 400,000.
    assert_eq!(p1.tranches[0].principal_paid, d("500000.00"));
    assert_eq!(p1.tranches[0].closing_balance, d("400000.00"));
    // B's residual = 514,794.52 − 246.58 − 6,657.53 − 500,000 = 7,890.41
    assert_eq!(p1.tranches[1].residual_paid, d("7890.41"));
    assert_eq!(p1.paid, d("514794.52"));
    assert_eq!(p1.retained, Decimal::ZERO);

    // Period 2: 2025-04-01 → 2025-07-01, 91 days; the last date (pool repaid).
    // Pool interest 500,000 × 6% × 91/365 = 7,479.4521 → 7,479.45; principal 500,000.
    // The 5,000 reserve is released on the last date.
    assert_eq!(p2.pool.interest, d("7479.45"));
    assert_eq!(p2.reserve.release, d("5000.00"));
    assert_eq!(p2.available, d("512479.45"));
    // Fee 500,000 × 0.1% × 91/365 = 124.6575 → 124.66; A interest 400,000 × 3% × 91/365
    // = 2,991.7808 → 2,991.78; both tranches mature: A 400,000 and B 100,000.
    assert_eq!(p2.fees[0].paid, d("124.66"));
    assert_eq!(p2.tranches[0].interest_paid, d("2991.78"));
    assert_eq!(p2.tranches[0].principal_paid, d("400000.00"));
    assert_eq!(p2.tranches[1].principal_paid, d("100000.00"));
    // B's residual = 512,479.45 − 124.66 − 2,991.78 − 500,000 = 9,363.01
    assert_eq!(p2.tranches[1].residual_paid, d("9363.01"));
    assert_eq!(p2.available, p2.paid + p2.retained);

    let a = &r.securities[0];
    assert_eq!(a.principal_loss, Decimal::ZERO);
    assert_eq!(a.total_interest, d("9649.31")); // 6,657.53 + 2,991.78
    // WAL = (500,000 × 90 + 400,000 × 181) / 365 / 900,000 = 117,400,000 / 328,500,000
    assert!((a.wal.unwrap() - 117_400_000.0 / 328_500_000.0).abs() < 1e-12);
    assert_eq!(
        a.principal_window.map(|w| w.1.to_string()),
        Some("2025-07-01".into())
    );
    // A's IRR solves −900,000 + 506,657.53 v^(90/365) + 402,991.78 v^(181/365) = 0.
    let y = a.irr.unwrap();
    let npv = -900_000.0
        + 506_657.53 / (1.0 + y).powf(90.0 / 365.0)
        + 402_991.78 / (1.0 + y).powf(181.0 / 365.0);
    assert!(npv.abs() < 1e-4, "npv {npv}");
    // A 3% ACT/365 coupon paid quarterly compounds to about 3.03% a year.
    assert!((y - 0.0303).abs() < 0.0005, "irr {y}");
    // B: WAL 181/365; it is paid 100,000 + 7,890.41 + 9,363.01 against 100,000.
    let b = &r.securities[1];
    assert!((b.wal.unwrap() - 181.0 / 365.0).abs() < 1e-12);
    assert_eq!(b.total_residual, d("17253.42"));
}

#[test]
fn obligor_default_draws_reserve_and_capped_deficiency_payment() {
    let r = run(&small_deal(), Some("default")).unwrap();
    let p2 = &r.periods[1];
    // The only obligor defaults in period 2: nothing is collected.
    assert_eq!(p2.pool.defaults, d("500000.00"));
    assert_eq!(p2.collections, Decimal::ZERO);
    // The 5,000 reserve is released on the last date and pays the fee (124.66) and A's
    // interest (2,991.78) from available funds; 5,000 − 3,116.44 = 1,883.56 is left for A's
    // principal. A matures: 400,000 is due, the deficiency payment covers the rest up to its
    // 300,000 cap, so A receives 301,883.56 and loses 98,116.44; B loses its 100,000.
    assert_eq!(p2.fees[0].paid, d("124.66"));
    assert_eq!(p2.tranches[0].interest_paid, d("2991.78"));
    assert_eq!(p2.enhancement_draws, vec![d("300000.00")]);
    assert_eq!(p2.tranches[0].principal_paid, d("301883.56"));
    assert_eq!(r.securities[0].principal_loss, d("98116.44"));
    assert_eq!(r.securities[1].principal_loss, d("100000.00"));
    assert_eq!(r.securities[0].enhancement_draws, d("300000.00"));
    // available 5,000 + 300,000 = paid 124.66 + 2,991.78 + 301,883.56
    assert_eq!(p2.available, d("305000.00"));
    assert_eq!(p2.paid, d("305000.00"));
    assert_eq!(
        r.enhancements
            .iter()
            .find(|e| e.id == "dp")
            .unwrap()
            .total_drawn,
        d("300000.00")
    );
}

#[test]
fn reserve_draw_before_release() {
    // Without a release on the date (the deal runs on because a 12-month asset remains), the
    // reserve pays the fee and interest when collections fail.
    let mut deal = small_deal();
    let mut late = deal.pool.assets[0].clone();
    late.id = "L2".into();
    late.obligor = "乙公司".into();
    late.balance = d("10000.00");
    late.remaining_term = 12;
    late.rate = 0.0;
    late.amortisation = tranche_studio::model::Amortisation::Bullet;
    deal.pool.assets.push(late);
    let r = run(&deal, Some("default")).unwrap();
    let p2 = &r.periods[1];
    // Period 2 collects nothing (甲 defaults, 乙 is a zero-rate bullet). Fee on the opening
    // pool balance 510,000 × 0.1% × 91/365 = 127.1507 → 127.15; A interest 2,991.78.
    // Both are drawn from the reserve: 127.15 + 2,991.78 = 3,118.93.
    assert_eq!(p2.collections, Decimal::ZERO);
    assert_eq!(p2.reserve.draw, d("3118.93"));
    assert_eq!(p2.reserve.closing, d("1881.07"));
    assert_eq!(p2.tranches[0].interest_paid, d("2991.78"));
    assert_eq!(p2.available, p2.paid + p2.retained);
}

#[test]
fn projection_cache_gives_the_same_results_as_a_full_run() {
    use tranche_studio::engine::ProjectionCache;
    let json = |r: &tranche_studio::results::DealResults| serde_json::to_string(r).unwrap();
    let mut deal = small_deal();
    let mut cache = ProjectionCache::default();
    assert_eq!(
        json(&cache.results(&deal, &[], Some("base"), 1).unwrap()),
        json(&run(&deal, Some("base")).unwrap())
    );
    // A liabilities edit reuses the projection; the figures still follow the edit.
    deal.tranches[0].coupon = 0.05;
    let cached = cache.results(&deal, &[], Some("base"), 1).unwrap();
    assert_eq!(json(&cached), json(&run(&deal, Some("base")).unwrap()));
    // 900,000 × 5% × 90/365 = 11,095.890… → 11,095.89
    assert_eq!(cached.periods[0].tranches[0].interest_paid, d("11095.89"));
    // Another scenario, and a pool edit under a new pool version, reproject.
    assert_eq!(
        json(&cache.results(&deal, &[], Some("default"), 1).unwrap()),
        json(&run(&deal, Some("default")).unwrap())
    );
    deal.pool.assets[0].rate = 0.08;
    assert_eq!(
        json(&cache.results(&deal, &[], Some("default"), 2).unwrap()),
        json(&run(&deal, Some("default")).unwrap())
    );
    // Rate edits reuse the pool's no-loss schedule and only reapply the scenario; a named
    // default changes the schedule. Every step matches a full run.
    for edit in 0..4 {
        let sc = &mut deal.scenarios[1];
        match edit {
            0 => sc.cdr = tranche_studio::model::Curve::Flat(0.3),
            1 => sc.cpr = tranche_studio::model::Curve::Vector(vec![0.1, 0.0]),
            2 => sc.recovery_rate = 0.5,
            _ => sc.obligor_defaults[0].period = 1,
        }
        assert_eq!(
            json(&cache.results(&deal, &[], Some("default"), 2).unwrap()),
            json(&run(&deal, Some("default")).unwrap()),
            "edit {edit}"
        );
    }
    // An invalid edit is an error, not a stale result.
    deal.tranches[0].coupon = f64::NAN;
    assert!(cache.results(&deal, &[], Some("default"), 2).is_err());
}
