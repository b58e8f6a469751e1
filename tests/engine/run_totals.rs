//! What `engine::run` adds up from the waterfall for each security and the pool
//! (`security_metrics`, `pool_metrics`), on the small deal by hand.

use crate::common::small_deal;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::{project, run, run_liabilities};
use tranche_studio::model::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn the_principal_window_spans_the_dates_that_pay_principal() {
    // Base case (hand.rs): A is paid 500,000 on 2025-04-01 and 400,000 on 2025-07-01; B its
    // 100,000 on 2025-07-01 only, so B's window opens on 2025-07-01, not on the first date.
    let r = run(&small_deal(), Some("base")).unwrap();
    let window = |t: usize| {
        r.securities[t]
            .principal_window
            .map(|(a, b)| (a.to_string(), b.to_string()))
    };
    assert_eq!(window(0), Some(("2025-04-01".into(), "2025-07-01".into())));
    assert_eq!(window(1), Some(("2025-07-01".into(), "2025-07-01".into())));
}

#[test]
fn a_pool_without_balance_has_a_default_rate_of_zero() {
    // Every asset at 0.00 (validation refuses it; the liabilities run on the projection as
    // given): defaults 0 over an initial balance of 0 is reported as 0, not 0 / 0 = NaN.
    let mut deal = small_deal();
    deal.pool.assets[0].balance = Decimal::ZERO;
    let projection = project(&deal, Some("base")).unwrap();
    let r = run_liabilities(&deal, &projection);
    assert_eq!(r.pool.initial_balance, Decimal::ZERO);
    assert_eq!(r.pool.cumulative_default_rate, 0.0);
}

#[test]
fn the_pool_totals_add_every_kind_of_collection() {
    // The small deal's "default" scenario (甲公司 defaults in full in period 2) with a 50%
    // recovery and, in period 1 only, a CPR whose 90-day rate is 10%:
    // period 1: interest 1,000,000 × 6% × 90/365 = 14,794.52, scheduled 500,000, prepaid
    // 10% × 500,000 = 50,000; period 2: the 90% left, 0.9 × 500,000 = 450,000, defaults
    // and recovers 225,000.
    // Totals: interest 14,794.52; principal 500,000 + 50,000 = 550,000; recoveries 225,000;
    // collections 14,794.52 + 550,000 + 225,000 = 789,794.52; default rate 450,000 /
    // 1,000,000 = 0.45.
    let mut deal = small_deal();
    let sc = &mut deal.scenarios[1];
    sc.recovery_rate = 0.5;
    sc.cpr = Curve::Vector(vec![1.0 - 0.9f64.powf(365.0 / 90.0), 0.0]);
    let r = run(&deal, Some("default")).unwrap();
    assert_eq!(r.periods[0].pool.prepayments, d("50000.00"));
    let p = &r.pool;
    assert_eq!(p.total_defaults, d("450000.00"));
    assert_eq!(p.total_interest, d("14794.52"));
    assert_eq!(p.total_principal, d("550000.00"));
    assert_eq!(p.total_recoveries, d("225000.00"));
    assert_eq!(p.total_collections, d("789794.52"));
    assert_eq!(p.cumulative_default_rate, 0.45);
}

#[test]
fn the_deal_totals_add_each_dates_vat_and_surcharges() {
    // VAT at 3% with 12% surcharges (terms.rs works the dates): VAT 430.91 + 217.85
    // = 648.76, surcharges 51.71 + 26.14 = 77.85, due 648.76 + 77.85 = 726.61.
    let mut deal = small_deal();
    deal.vat = Some(Vat {
        rate: 0.03,
        surcharge_rate: 0.12,
    });
    deal.waterfall.steps.insert(1, Step::Tax);
    let r = run(&deal, Some("base")).unwrap();
    assert_eq!(r.periods[0].tax.vat, d("430.91"));
    assert_eq!(r.tax.vat, d("648.76"));
    assert_eq!(r.tax.surcharges, d("77.85"));
    assert_eq!(r.tax.due, d("726.61"));
}
