//! The pool projection's edges, by hand: the odd fen when rounded defaults and prepayments
//! exceed what the rounded balance lets go, a level payment over more than 511 periods, and
//! the pledge loan-to-value at its edges. Each case is one that the mutation run of issue 16
//! found untested (docs/testing.md, "Mutation testing").
//!
//! The annual deals run from 2025-01-01 with 1 January dates: every period before 2028 has
//! 365 days, a year fraction of exactly 1, so a period's default or prepayment rate is the
//! annual one.

use crate::common;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::{PoolLedger, project};
use tranche_studio::model::*;
use tranche_studio::time::Frequency;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn asset(id: &str, balance: &str, rate: f64, term: u32, amortisation: Amortisation) -> Asset {
    Asset {
        id: id.into(),
        obligor: format!("{id}的债务人"),
        asset_class: AssetClass::TrustLoan,
        data_asset_role: DataAssetRole::None,
        industry: String::new(),
        balance: d(balance),
        rate,
        remaining_term: term,
        amortisation,
        pledge: None,
    }
}

fn pledged(mut a: Asset, value: &str) -> Asset {
    a.pledge = Some(DataPledge {
        name: "数据集".into(),
        appraised_value: d(value),
    });
    a
}

/// The small deal's liabilities over `assets`, annual dates 2026-01-01 … 2028-01-01, no
/// collection lag, the one scenario `sc`.
fn annual(assets: Vec<Asset>, sc: Scenario) -> Deal {
    let mut deal = common::small_deal();
    deal.frequency = Frequency::Annual;
    deal.first_payment_date = "2026-01-01".parse().unwrap();
    deal.legal_final_date = "2028-01-01".parse().unwrap();
    deal.collection_lag = 0;
    deal.pool.assets = assets;
    deal.scenarios = vec![sc];
    deal
}

fn pool(deal: &Deal) -> PoolLedger {
    let name = deal.scenarios[0].name.clone();
    project(deal, Some(&name)).expect("the deal projects").pool
}

fn rates(cdr: &[f64], cpr: &[f64]) -> Scenario {
    Scenario {
        name: "s".into(),
        cdr: Curve::Vector(cdr.to_vec()),
        cpr: Curve::Vector(cpr.to_vec()),
        ..Scenario::default()
    }
}

/// One 100.00 bullet over 3 years (no scheduled principal before year 3).
fn bullet_100() -> Vec<Asset> {
    vec![asset("L1", "100.00", 0.0, 36, Amortisation::Bullet)]
}

#[test]
fn rounded_prepayments_give_way_to_the_rounded_balance() {
    // Year 1, CDR 10.006%, CPR 50%: defaults 100 × 0.10006 = 10.006; prepayments
    // 50% × (100 − 10.006) = 44.997; the closing balance 100 − 10.006 − 44.997 = 44.997
    // → 45.00. Rounded, defaults 10.01 and prepayments 45.00 would leave 100 − 45.00 − 10.01
    // − 45.00 = −0.01 of scheduled principal: the prepayments give way by the fen, 44.99,
    // and scheduled principal is 0.00.
    let p = pool(&annual(bullet_100(), rates(&[0.10006, 0.0], &[0.5, 0.0])));
    assert_eq!(p.opening_balance[0], d("100.00"));
    assert_eq!(p.defaults[0], d("10.01"));
    assert_eq!(p.prepayments[0], d("44.99"));
    assert_eq!(p.scheduled_principal[0], d("0.00"));
    assert_eq!(p.closing_balance[0], d("45.00"));
}

#[test]
fn rounded_defaults_give_way_to_the_rounded_balance() {
    // Year 1, CPR 10.006%: prepayments 100 × 0.10006 = 10.006 → 10.01, the closing balance
    // 89.994 → 89.99 (0.004 below the unrounded one). Year 2, CDR 50%: defaults 50% × 89.994
    // = 44.997; the closing balance 89.994 − 44.997 = 44.997 → 45.00, so the balance lets
    // 89.99 − 45.00 = 44.99 go: the defaults (45.00 rounded) give way by the fen to 44.99,
    // and nothing is scheduled or prepaid.
    let p = pool(&annual(bullet_100(), rates(&[0.0, 0.5], &[0.10006, 0.0])));
    assert_eq!(p.prepayments[0], d("10.01"));
    assert_eq!(p.closing_balance[0], d("89.99"));
    assert_eq!(p.opening_balance[1], d("89.99"));
    assert_eq!(p.defaults[1], d("44.99"));
    assert_eq!(p.prepayments[1], d("0.00"));
    assert_eq!(p.scheduled_principal[1], d("0.00"));
    assert_eq!(p.closing_balance[1], d("45.00"));
}

#[test]
fn a_level_payment_over_520_months_compounds_every_month() {
    // 1,000,000 at 12%, level payment over 520 monthly payments: j = 1%, the first
    // principal B × j / ((1 + j)^520 − 1) = 10,000 / (176.650295 − 1) = 56.9313 → 56.93
    // ((1.01)^520 = e^(520 × 0.00995033085) = e^5.17417204 = 176.650295). Keeping only the
    // low nine bits of 520 (= 512 + 8) would give 10,000 / (1.01^8 − 1) = 120,690.29.
    let mut deal = annual(
        vec![asset(
            "L1",
            "1000000.00",
            0.12,
            520,
            Amortisation::LevelPayment,
        )],
        rates(&[0.0], &[0.0]),
    );
    deal.frequency = Frequency::Monthly;
    deal.first_payment_date = "2025-02-01".parse().unwrap();
    deal.legal_final_date = "2069-01-01".parse().unwrap();
    let p = pool(&deal);
    assert_eq!(p.scheduled_principal[0], d("56.93"));
    assert_eq!(p.closing_balance[0], d("999943.07"));
}

#[test]
fn a_pledge_stressed_to_nothing_gives_no_loan_to_value() {
    // A value stress of 100% leaves the pledges worth 0: balance / 0 is no ratio, so the
    // LTV is none (not infinite); at 50% it is 100 / (400 × 0.5) = 0.5.
    let assets = vec![pledged(
        asset("L1", "100.00", 0.0, 36, Amortisation::Bullet),
        "400.00",
    )];
    let mut sc = rates(&[0.0], &[0.0]);
    sc.pledge_value_stress = 1.0;
    assert_eq!(pool(&annual(assets.clone(), sc.clone())).pledge_ltv, None);
    sc.pledge_value_stress = 0.5;
    assert_eq!(pool(&annual(assets, sc)).pledge_ltv, Some(0.5));
}

#[test]
fn a_repaid_loans_pledge_secures_nothing_in_the_loan_to_value() {
    // L2 has a balance of 0.00: its 1,000 pledge secures nothing, so the LTV is L1's alone,
    // 100 / 200 = 0.5 (counting L2's pledge would give 100 / 1,200).
    let assets = vec![
        pledged(
            asset("L1", "100.00", 0.0, 36, Amortisation::Bullet),
            "200.00",
        ),
        pledged(
            asset("L2", "0.00", 0.0, 36, Amortisation::Bullet),
            "1000.00",
        ),
    ];
    let p = pool(&annual(assets, rates(&[0.0], &[0.0])));
    assert_eq!(p.pledge_ltv, Some(0.5));
    assert_eq!(p.initial_balance, d("100.00"));
}

#[test]
fn pledged_and_unpledged_loans_each_recover_their_own_way() {
    // L1 1,000,000 with a pledge appraised at 600,000 (stressed −20%: 480,000 of cover),
    // L2 1,000,000 without; both bullets; CDR 20%, flat recovery 90%, no lag.
    // Year 1: defaults 20% × 2,000,000 = 400,000, of which L1's 200,000 recover from the
    // pledge, 20% × min(1,000,000, 480,000) = 96,000, and L2's 200,000 at the flat 90%,
    // 180,000: 276,000.
    // Year 2: 80% survive: defaults 0.8 × 400,000 = 320,000; recoveries 0.8 × 96,000
    // = 76,800 + 0.9 × 160,000 = 144,000: 220,800.
    let assets = vec![
        pledged(
            asset("L1", "1000000.00", 0.0, 36, Amortisation::Bullet),
            "600000.00",
        ),
        asset("L2", "1000000.00", 0.0, 36, Amortisation::Bullet),
    ];
    let mut sc = rates(&[0.2], &[0.0]);
    sc.recovery_rate = 0.9;
    sc.pledge_value_stress = 0.2;
    let p = pool(&annual(assets, sc));
    assert_eq!(p.defaults[0], d("400000.00"));
    assert_eq!(p.recoveries[0], d("276000.00"));
    assert_eq!(p.defaults[1], d("320000.00"));
    assert_eq!(p.recoveries[1], d("220800.00"));
}
