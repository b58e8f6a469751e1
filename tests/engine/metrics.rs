//! Hand-worked checks for `tranche_studio::metrics`; the arithmetic behind every
//! expected value is in the comments.

use chrono::NaiveDate;
use proptest::prelude::*;
use tranche_studio::metrics::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol
}

#[track_caller]
fn assert_rate(got: Option<f64>, want: f64, tol: f64) {
    let got = got.unwrap_or_else(|| panic!("expected a rate ≈ {want}, got None"));
    assert!(close(got, want, tol), "got {got}, want {want} ± {tol}");
}

/// NPV at `r` with XIRR's own convention (ACT/365F from the earliest date).
fn npv(flows: &[(NaiveDate, f64)], r: f64) -> (f64, f64) {
    let d0 = flows.iter().map(|f| f.0).min().expect("non-empty");
    flows.iter().fold((0.0, 0.0), |(npv, scale), &(d, a)| {
        let pv = a * (1.0 + r).powf(-((d - d0).num_days() as f64) / 365.0);
        (npv + pv, scale + pv.abs())
    })
}

/// `r` is a root if the NPV is ≈ 0 against Σ|PV|, or — when 1 + r is so small that
/// one f64 step in `r` is a big relative step in 1 + r — if the NPV changes sign
/// within a few ulps of `r`, i.e. `r` is the best f64 there is.
fn is_root(flows: &[(NaiveDate, f64)], r: f64) -> bool {
    let (v, scale) = npv(flows, r);
    if v.abs() <= 1e-8 * scale {
        return true;
    }
    let e = 4.0 * f64::EPSILON * r.abs().max(1.0);
    let (lo, hi) = (
        npv(flows, (r - e).max(-1.0 + f64::EPSILON)).0,
        npv(flows, r + e).0,
    );
    lo == 0.0 || hi == 0.0 || (lo < 0.0) != (hi < 0.0)
}

// ---------------------------------------------------------------- XIRR: closed forms

#[test]
fn xirr_two_flows_across_a_leap_year() {
    // 2020 is a leap year: 2020-01-01 → 2021-01-01 is 366 days, t = 366/365.
    // -100 + 110 / (1+r)^(366/365) = 0  ⇒  r = 1.1^(365/366) − 1
    //   = exp(ln 1.1 × 365/366) − 1 = exp(0.0953101798 × 0.9972677596) − 1
    //   = exp(0.0950497689) − 1 = 0.0997135859341412 (40-digit decimal check)
    let r = xirr(&[(d(2020, 1, 1), -100.0), (d(2021, 1, 1), 110.0)]);
    assert_rate(r, 0.099_713_585_934_141_24, 1e-12);
    // and it is not the naive 10%
    assert!((r.unwrap() - 0.1).abs() > 2e-4);
}

#[test]
fn xirr_excel_documentation_example() {
    // Microsoft's XIRR help page: result 0.373362535 (37.34%).
    // Day offsets from 2008-01-01: 60, 303, 411, 456; solving
    // -10000 + 2750 v^(60/365) + 4250 v^(303/365) + 3250 v^(411/365) + 2750 v^(456/365) = 0
    // with v = 1/(1+r) to 30 digits (mpmath) gives r = 0.3733625335188315.
    let flows = [
        (d(2008, 1, 1), -10_000.0),
        (d(2008, 3, 1), 2_750.0),
        (d(2008, 10, 30), 4_250.0),
        (d(2009, 2, 15), 3_250.0),
        (d(2009, 4, 1), 2_750.0),
    ];
    assert_rate(xirr(&flows), 0.373_362_535, 1e-6);
    assert_rate(xirr(&flows), 0.373_362_533_518_831_5, 1e-11);
}

#[test]
fn xirr_of_par_bond_is_its_coupon() {
    // 2021→2022→2023→2024 are all 365-day years (2024-02-29 comes after 2024-01-01),
    // so t = 1, 2, 3 exactly and 100 = 5/1.05 + 5/1.05² + 105/1.05³ ⇒ r = 5%.
    let flows = [
        (d(2021, 1, 1), -100.0),
        (d(2022, 1, 1), 5.0),
        (d(2023, 1, 1), 5.0),
        (d(2024, 1, 1), 105.0),
    ];
    assert_rate(xirr(&flows), 0.05, 1e-12);
}

#[test]
fn xirr_sorted_fractions_matches_dates_and_ignores_origin_and_order() {
    // Same par bond on year fractions 0, 1, 2, 3 ⇒ 5%.
    assert_rate(
        xirr_sorted_fractions(&[0.0, 1.0, 2.0, 3.0], &[-100.0, 5.0, 5.0, 105.0]),
        0.05,
        1e-12,
    );
    // Shifting every time by 0.5 multiplies the NPV by (1+r)^-0.5: same root.
    assert_rate(
        xirr_sorted_fractions(&[0.5, 1.5, 2.5, 3.5], &[-100.0, 5.0, 5.0, 105.0]),
        0.05,
        1e-12,
    );
    // Unsorted, and the 105 split as 100 + 5 at t = 3.
    assert_rate(
        xirr_sorted_fractions(&[3.0, 1.0, 0.0, 3.0, 2.0], &[100.0, 5.0, -100.0, 5.0, 5.0]),
        0.05,
        1e-12,
    );
    // Bad shapes.
    assert_eq!(xirr_sorted_fractions(&[0.0, 1.0], &[-1.0]), None);
    assert_eq!(xirr_sorted_fractions(&[0.0, f64::NAN], &[-1.0, 2.0]), None);
    assert_eq!(xirr_sorted_fractions(&[], &[]), None);
}

// ---------------------------------------------------------------- XIRR: no answer

#[test]
fn xirr_none_without_sign_change() {
    let (a, b, c) = (d(2021, 1, 1), d(2022, 1, 1), d(2023, 1, 1));
    assert_eq!(
        xirr(&[(a, 10.0), (b, 20.0), (c, 30.0)]),
        None,
        "all positive"
    );
    assert_eq!(xirr(&[(a, -10.0), (b, -20.0)]), None, "all negative");
    assert_eq!(xirr(&[(a, 0.0), (b, 0.0)]), None, "all zero");
    assert_eq!(xirr(&[]), None, "empty");
    assert_eq!(xirr(&[(a, -100.0)]), None, "single flow");
    // Zeros do not count as a sign: -100 then 0 is still one-signed.
    assert_eq!(xirr(&[(a, -100.0), (b, 0.0)]), None, "negative then zero");
    // A single date: NPV is a constant, so no rate (or every rate) solves it.
    assert_eq!(
        xirr(&[(a, -100.0), (a, 50.0)]),
        None,
        "single date, net -50"
    );
    assert_eq!(xirr(&[(a, -100.0), (a, 100.0)]), None, "single date, net 0");
}

#[test]
fn xirr_none_when_no_real_root() {
    // +100, -230, +133 at t = 0, 1, 2: with v = 1/(1+r), 133v² − 230v + 100 = 0 has
    // discriminant 230² − 4·133·100 = 52 900 − 53 200 < 0: signs change, no root.
    let flows = [
        (d(2021, 1, 1), 100.0),
        (d(2022, 1, 1), -230.0),
        (d(2023, 1, 1), 133.0),
    ];
    assert_eq!(xirr(&flows), None);
}

#[test]
fn xirr_none_on_non_finite_amounts() {
    let (a, b) = (d(2021, 1, 1), d(2022, 1, 1));
    assert_eq!(xirr(&[(a, -100.0), (b, f64::NAN)]), None);
    assert_eq!(xirr(&[(a, f64::NEG_INFINITY), (b, 110.0)]), None);
    // Netting two finite flows to infinity is caught too.
    assert_eq!(xirr(&[(a, -1e308), (a, -1e308), (b, 1.0)]), None);
}

// ---------------------------------------------------------------- XIRR: aggregation, order

#[test]
fn xirr_same_day_flows_add_up() {
    let (a, b, c) = (d(2021, 1, 1), d(2022, 1, 1), d(2023, 1, 1));
    let whole = xirr(&[(a, -100.0), (b, 5.0), (c, 105.0)]);
    // 105 = 60 + 45 on the same date: identical NPV function, identical rate.
    let split = xirr(&[(a, -100.0), (b, 5.0), (c, 60.0), (c, 45.0)]);
    assert_rate(whole, 0.05, 1e-12);
    assert_eq!(whole, split);
    // +50 and -50 on 2022-01-01 cancel: back to -100 → +110 over 730 days,
    // r = 1.1^(365/730) − 1 = √1.1 − 1 = 0.04880884817015154.
    let cancel = xirr(&[(a, -100.0), (b, 50.0), (b, -50.0), (c, 110.0)]);
    assert_rate(cancel, 1.1_f64.sqrt() - 1.0, 1e-12);
    // A date that nets to zero before the first real flow changes nothing: the
    // root is the same whatever d_0 is.
    let early = xirr(&[(d(2019, 6, 1), 0.0), (a, -100.0), (b, 5.0), (c, 105.0)]);
    assert_rate(early, 0.05, 1e-12);
    // Cancelling can remove the sign change altogether.
    assert_eq!(xirr(&[(a, -100.0), (a, 100.0), (b, 5.0)]), None);
}

#[test]
fn xirr_input_order_does_not_matter() {
    let sorted = [
        (d(2008, 1, 1), -10_000.0),
        (d(2008, 3, 1), 2_750.0),
        (d(2008, 10, 30), 4_250.0),
        (d(2009, 2, 15), 3_250.0),
        (d(2009, 4, 1), 2_750.0),
    ];
    let shuffled = [sorted[3], sorted[0], sorted[4], sorted[2], sorted[1]];
    let (x, y) = (xirr(&sorted).unwrap(), xirr(&shuffled).unwrap());
    assert!(close(x, y, 1e-14), "{x} vs {y}");
}

#[test]
fn xirr_multiple_roots_returns_the_one_near_the_guess() {
    // -100, +230, -132 at t = 0, 1, 2 ⇒ -100 + 230v − 132v² = 0 ⇒ v = 1/1.1 or 1/1.2:
    // roots 10% and 20%. Like Excel/pyxirr (Newton from 0.1) we get 10%.
    let flows = [
        (d(2021, 1, 1), -100.0),
        (d(2022, 1, 1), 230.0),
        (d(2023, 1, 1), -132.0),
    ];
    assert_rate(xirr(&flows), 0.1, 1e-10);
}

// ---------------------------------------------------------------- XIRR: extremes

#[test]
fn xirr_near_minus_100_percent() {
    // -100 then +1e-4 365 days later: 1 + r = 1e-4 / 100 = 1e-6 ⇒ r = 1e-6 − 1.
    let r = xirr(&[(d(2021, 1, 1), -100.0), (d(2022, 1, 1), 1e-4)]);
    assert_rate(r, 1e-6 - 1.0, 1e-15);
    // 1 + r itself to ~1e-9 relative (limited by f64 spacing of r near -1).
    assert!(close((1.0 + r.unwrap()) / 1e-6, 1.0, 1e-9));

    // Over 730 days: (1+r)² = 1e-6 ⇒ r = 1e-3 − 1.
    let r2 = xirr(&[(d(2021, 1, 1), -100.0), (d(2023, 1, 1), 1e-4)]);
    assert_rate(r2, 1e-3 - 1.0, 1e-14);
}

#[test]
fn xirr_above_1000_percent() {
    // -1 then +20 after 365 days: 1 + r = 20 ⇒ r = 19 (1900%).
    assert_rate(
        xirr(&[(d(2021, 1, 1), -1.0), (d(2022, 1, 1), 20.0)]),
        19.0,
        1e-10,
    );
    // -1 then +2 after 30 days: 1 + r = 2^(365/30) = 2^12.1666… = 4096 · 2^(1/6)
    //   = 4096 × 1.122462048309373 = 4597.604549875192 ⇒ r = 4596.604549875192.
    let r = xirr(&[(d(2021, 1, 1), -1.0), (d(2021, 1, 31), 2.0)]);
    assert_rate(r, 4_596.604_549_875_192, 1e-8);
}

/// Plain bisection on NPV(r) = Σ a·(1+r)^−t over [lo, hi], independent of the crate.
fn bisect(flows: &[(NaiveDate, f64)], mut lo: f64, mut hi: f64) -> f64 {
    let f = |r| npv(flows, r).0;
    assert!(f(lo) * f(hi) < 0.0, "test bracket must straddle the root");
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) * f(lo) > 0.0 {
            lo = mid
        } else {
            hi = mid
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn xirr_matches_independent_bisection_on_long_series() {
    // 121 monthly flows (few distinct gaps: 28–31 days) and 40 flows with 40
    // distinct gaps (1, 2, …, 40 days): both evaluation paths of the solver.
    let start = d(2024, 1, 31);
    let monthly: Vec<_> = std::iter::once((start, -10_000.0))
        .chain((1..=120).map(|m| (start + chrono::Months::new(m), 111.0)))
        .collect();
    let mut day = 0;
    let irregular: Vec<_> = (0..40u64)
        .map(|k| {
            day += k + 1;
            let a = if k < 3 { -300.0 } else { 30.0 + k as f64 };
            (start + chrono::Days::new(day), a)
        })
        .collect();
    for flows in [&monthly, &irregular] {
        let want = bisect(flows, -0.99, 10.0);
        assert_rate(xirr(flows), want, 1e-10);
    }
}

// ---------------------------------------------------------------- WAL

#[test]
fn wal_of_a_bullet() {
    // 100 repaid 730 days after settlement: 730/365 = 2.0 years.
    assert_eq!(wal(d(2021, 1, 1), &[(d(2023, 1, 1), 100.0)]), Some(2.0));
}

#[test]
fn wal_of_a_four_period_amortiser() {
    // Settle 2021-01-01; principal 40, 30, 20, 10 on 04-01, 07-01, 10-01, 2022-01-01,
    // i.e. 90, 181, 273, 365 days out.
    // WAL = (40·90 + 30·181 + 20·273 + 10·365) / (365 · 100)
    //     = (3600 + 5430 + 5460 + 3650) / 36500 = 18140 / 36500 = 0.4969863013698630
    let settle = d(2021, 1, 1);
    let principal = [
        (d(2021, 4, 1), 40.0),
        (d(2021, 7, 1), 30.0),
        (d(2021, 10, 1), 20.0),
        (d(2022, 1, 1), 10.0),
    ];
    assert_rate(wal(settle, &principal), 18_140.0 / 36_500.0, 1e-15);
    assert_rate(wal(settle, &principal), 0.496_986_301_369_863, 1e-15);
}

#[test]
fn wal_none_without_principal() {
    let settle = d(2021, 1, 1);
    assert_eq!(wal(settle, &[]), None);
    assert_eq!(wal(settle, &[(d(2022, 1, 1), 0.0)]), None);
    assert_eq!(wal(settle, &[(d(2022, 1, 1), f64::NAN)]), None);
}

#[test]
fn year_fraction_is_act_365_fixed() {
    assert_eq!(year_fraction(d(2020, 1, 1), d(2021, 1, 1)), 366.0 / 365.0);
    assert_eq!(year_fraction(d(2021, 1, 1), d(2022, 1, 1)), 1.0);
    assert_eq!(year_fraction(d(2022, 1, 1), d(2021, 1, 1)), -1.0);
}

// ---------------------------------------------------------------- duration

#[test]
fn macaulay_of_zero_coupon_is_its_maturity() {
    // One receipt: weight 1 on t, whatever the yield. 2021-01-01 → 2026-06-30 is
    // 2006 days, t = 2006/365 = 5.495890410958904.
    let settle = d(2021, 1, 1);
    let receipts = [(d(2026, 6, 30), 100.0)];
    for y in [-0.5, 0.0, 0.05, 0.5, 3.0] {
        assert_rate(
            macaulay_duration(settle, &receipts, y),
            2006.0 / 365.0,
            1e-12,
        );
    }
}

#[test]
fn macaulay_and_modified_of_three_year_par_bond() {
    // 5% annual coupon, 3 years, at 5% yield; t = 1, 2, 3 exactly (365-day years,
    // see xirr_of_par_bond_is_its_coupon). Price = 5/1.05 + 5/1.05² + 105/1.05³ = 100.
    // Macaulay = (1·5/1.05 + 2·5/1.05² + 3·105/1.05³) / 100
    //          = (4.7619048 + 9.0702948 + 272.1088435) / 100 = 2.859410430839002
    // Modified = 2.859410430839002 / 1.05 = 2.723248029370478
    let settle = d(2021, 1, 1);
    let receipts = [
        (d(2022, 1, 1), 5.0),
        (d(2023, 1, 1), 5.0),
        (d(2024, 1, 1), 105.0),
    ];
    let mac = macaulay_duration(settle, &receipts, 0.05);
    assert_rate(mac, 2.859_410_430_839_002, 1e-12);
    assert_rate(mac, 2.85941, 1e-5);
    let modi = modified_duration(settle, &receipts, 0.05);
    assert_rate(modi, 2.723_248_029_370_478, 1e-12);

    // Modified duration is -P'(y)/P(y): check with a central difference.
    let price = |y: f64| -> f64 {
        receipts
            .iter()
            .map(|&(dt, cf)| cf * (1.0 + y).powf(-year_fraction(settle, dt)))
            .sum()
    };
    let h = 1e-6;
    let numeric = -(price(0.05 + h) - price(0.05 - h)) / (2.0 * h) / price(0.05);
    assert!(close(modi.unwrap(), numeric, 1e-7), "{modi:?} vs {numeric}");
}

#[test]
fn duration_none_on_bad_yield_or_value() {
    let settle = d(2021, 1, 1);
    let receipts = [(d(2022, 1, 1), 100.0)];
    assert_eq!(macaulay_duration(settle, &receipts, -1.0), None);
    assert_eq!(macaulay_duration(settle, &receipts, -2.0), None);
    assert_eq!(macaulay_duration(settle, &receipts, f64::NAN), None);
    assert_eq!(macaulay_duration(settle, &receipts, f64::INFINITY), None);
    assert_eq!(macaulay_duration(settle, &[], 0.05), None);
    assert_eq!(
        macaulay_duration(settle, &[(d(2022, 1, 1), -5.0)], 0.05),
        None
    );
    assert_eq!(modified_duration(settle, &receipts, -1.0), None);
}

// ---------------------------------------------------------------- properties

fn base() -> NaiveDate {
    d(2020, 1, 1)
}

proptest! {
    #[test]
    fn two_flow_deals_match_closed_form(
        ln_p in -5.0..14.0_f64,
        ln_q in -5.0..14.0_f64,
        start in 0i64..5_000,
        days in 1i64..20_000,
    ) {
        // -P at t0, +Q at t0 + days ⇒ (1+r)^(days/365) = Q/P ⇒ r = (Q/P)^(365/days) − 1.
        let (p, q) = (ln_p.exp(), ln_q.exp());
        let want = (q / p).powf(365.0 / days as f64) - 1.0;
        prop_assume!(want > -0.999 && want < 1e6);
        let t0 = base() + chrono::Days::new(start as u64);
        let t1 = t0 + chrono::Days::new(days as u64);
        let got = xirr(&[(t1, q), (t0, -p)]);
        prop_assert!(got.is_some(), "None for P={p} Q={q} days={days}, want {want}");
        // Relative 1e-8 on the growth factor 1 + r (= on r itself once |r| ≳ 1).
        let got = got.unwrap();
        prop_assert!(
            ((1.0 + got) / (1.0 + want) - 1.0).abs() <= 1e-8,
            "got {got}, want {want} (P={p} Q={q} days={days})"
        );
    }

    #[test]
    fn one_sign_change_series_solve_npv(
        negs in prop::collection::vec((0i64..120, 0.0..9.0_f64), 1..5),
        gap in 30i64..400,
        poss in prop::collection::vec((1i64..120, 0.0..9.0_f64), 1..40),
        ln_multiple in (0.2_f64).ln()..(5.0_f64).ln(),
        reverse in any::<bool>(),
    ) {
        // Outflows, then at least 30 days later inflows totalling m × outflows with
        // m ∈ [0.2, 5]. One sign change ⇒ exactly one root, and with m and the gap
        // bounded it lies in 1 + r ∈ [5^(-365/30), 5^(365/30)] ≈ [3e-9, 3e8].
        let mut day = 0i64;
        let mut flows = Vec::new();
        for &(g, ln_a) in &negs {
            day += g;
            flows.push((base() + chrono::Days::new(day as u64), -ln_a.exp()));
        }
        day += gap;
        let out: f64 = negs.iter().map(|&(_, l)| l.exp()).sum();
        let inn: f64 = poss.iter().map(|&(_, l)| l.exp()).sum();
        let k = ln_multiple.exp() * out / inn;
        for (i, &(g, ln_a)) in poss.iter().enumerate() {
            if i > 0 {
                day += g;
            }
            flows.push((base() + chrono::Days::new(day as u64), k * ln_a.exp()));
        }
        if reverse {
            flows.reverse();
        }
        let r = xirr(&flows);
        prop_assert!(r.is_some(), "no rate for {flows:?}");
        let r = r.unwrap();
        prop_assert!(is_root(&flows, r), "NPV {:?} at r = {r}", npv(&flows, r));
    }

    #[test]
    fn any_returned_rate_is_a_root(
        flows in prop::collection::vec((0u64..3_000, -1e6..1e6_f64), 0..30),
    ) {
        // Arbitrary sign patterns: None is allowed, but a Some must zero the NPV.
        let flows: Vec<_> = flows
            .into_iter()
            .map(|(dd, a)| (base() + chrono::Days::new(dd), a))
            .collect();
        if let Some(r) = xirr(&flows) {
            prop_assert!(r > -1.0 && r.is_finite());
            prop_assert!(is_root(&flows, r), "NPV {:?} at r = {r}", npv(&flows, r));
        }
    }

    #[test]
    fn never_panics_on_garbage(
        times in prop::collection::vec(any::<f64>(), 0..12),
        amounts in prop::collection::vec(any::<f64>(), 0..12),
        dated in prop::collection::vec((0u64..100_000, any::<f64>()), 0..12),
        y in any::<f64>(),
    ) {
        let _ = xirr_sorted_fractions(&times, &amounts);
        let n = times.len().min(amounts.len());
        let _ = xirr_sorted_fractions(&times[..n], &amounts[..n]);
        let dated: Vec<_> = dated
            .into_iter()
            .map(|(dd, a)| (base() + chrono::Days::new(dd), a))
            .collect();
        let _ = xirr(&dated);
        let _ = wal(base(), &dated);
        let _ = macaulay_duration(base(), &dated, y);
        let _ = modified_duration(base(), &dated, y);
    }
}

#[test]
fn wal_none_on_a_negative_total() {
    // −100 "repaid" a year out: (1 × −100) / −100 = 1.0 is finite, but a negative total
    // principal has no life.
    assert_eq!(wal(d(2021, 1, 1), &[(d(2022, 1, 1), -100.0)]), None);
}

#[test]
fn convexity_of_a_zero_coupon_by_hand() {
    // One receipt at t = 730/365 = 2 years, at 5%: C = t (t + 1) / (1 + y)²
    //   = 2 × 3 / 1.1025 = 5.442176870748299.
    let conv = convexity(d(2021, 1, 1), &[(d(2023, 1, 1), 100.0)], 0.05);
    assert_rate(conv, 5.442_176_870_748_299, 1e-12);
}

#[test]
fn convexity_none_on_a_negative_value() {
    // −5 received a year out at 5%: t (t + 1) v / ((1 + y)² v) = 2 / 1.1025 is finite, but a
    // negative present value makes the weights meaningless.
    assert_eq!(
        convexity(d(2021, 1, 1), &[(d(2022, 1, 1), -5.0)], 0.05),
        None
    );
}

#[test]
fn xirr_sorted_fractions_refuses_more_times_than_amounts() {
    // Three times for two amounts: zipped, −100 at 0 and 110 at 1 would give 10%, but the
    // third time has no amount, so there is no answer.
    assert_eq!(
        xirr_sorted_fractions(&[0.0, 1.0, 2.0], &[-100.0, 110.0]),
        None
    );
}

#[test]
fn xirr_sorted_fractions_moves_the_origin_to_the_first_time() {
    // −1 at t = −1000 and +2 at t = −999: one year apart, 1 + r = 2 ⇒ r = 100%, wherever
    // the origin is (the times are taken from the first, so no exponent overflows).
    assert_rate(
        xirr_sorted_fractions(&[-1000.0, -999.0], &[-1.0, 2.0]),
        1.0,
        1e-12,
    );
}
