//! Range checks: every amount, rate, count and date the engine would misread is refused at its
//! field path before the engine runs (issue 12: the reproductions of a fuzz run).

use crate::common;

use rust_decimal::Decimal;
use tranche_studio::error::Severity;
use tranche_studio::io::load_deal;
use tranche_studio::model::{AssetRight, Deal, Exit};

fn sample(name: &str) -> Deal {
    let path = format!("{}/sample_deals/{name}", env!("CARGO_MANIFEST_DIR"));
    load_deal(std::path::Path::new(&path)).unwrap().deal
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The errors, as (path, message), and the engine refuses the deal without a panic.
fn errors(deal: &Deal) -> Vec<(String, String)> {
    let errors: Vec<_> = tranche_studio::validate::validate(deal, &[])
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| (i.path, i.message))
        .collect();
    assert_eq!(
        tranche_studio::engine::run(deal, None).is_err(),
        !errors.is_empty()
    );
    errors
}

fn one(path: &str, message: &str) -> Vec<(String, String)> {
    vec![(path.to_string(), message.to_string())]
}

#[test]
fn the_samples_are_within_the_limits() {
    for name in [
        "highway_concession.ron",
        "data_centre.ron",
        "rental_housing_expansion.ron",
        "data_asset_pledge_loans.ron",
    ] {
        assert_eq!(errors(&sample(name)), vec![], "{name}");
    }
}

#[test]
fn incentive_and_guarantee_caps_are_not_negative() {
    let mut deal = sample("highway_concession.ron");
    let h = deal.holding.as_mut().unwrap();
    h.incentive.as_mut().unwrap().cap = Some(d("-79228162514264337593543950335"));
    assert_eq!(
        errors(&deal),
        one(
            "holding.incentive.cap",
            "-79228162514264337593543950335 is negative"
        )
    );
    let h = deal.holding.as_mut().unwrap();
    h.incentive.as_mut().unwrap().cap = Some(d("-1.00"));
    let g = h.performance_guarantee.as_mut().unwrap();
    g.cap_per_year = Some(d("-1.00"));
    g.cap_total = Some(d("1000000000000000.01"));
    g.target_noi = d("-0.01");
    assert_eq!(
        errors(&deal),
        vec![
            ("holding.incentive.cap".into(), "-1.00 is negative".into()),
            (
                "holding.performance_guarantee.target_noi".into(),
                "-0.01 is negative".into()
            ),
            (
                "holding.performance_guarantee.cap_per_year".into(),
                "-1.00 is negative".into()
            ),
            (
                "holding.performance_guarantee.cap_total".into(),
                "1000000000000000.01 is above the largest amount handled (1e15 CNY)".into()
            ),
        ]
    );
}

#[test]
fn unit_face_is_from_a_fen_to_the_investment() {
    let mut deal = sample("highway_concession.ron");
    let face = |deal: &mut Deal, s: &str| deal.holding.as_mut().unwrap().plan.unit_face = d(s);
    face(&mut deal, "0.0000000000000000000000000001");
    assert_eq!(
        errors(&deal),
        one(
            "holding.plan.unit_face",
            "0.0000000000000000000000000001 is below 0.01 CNY"
        )
    );
    face(&mut deal, "0.01");
    assert_eq!(errors(&deal), vec![]);
    // total_investment is 3,000,000,000.00.
    face(&mut deal, "3000000000.01");
    assert_eq!(
        errors(&deal),
        one(
            "holding.plan.unit_face",
            "3000000000.01 is above total_investment: less than one unit would be issued"
        )
    );
    // With a bank loan and a plan holding part of the equity, the plan's money is below the
    // price: (2,000,000,000 − 30% bank) / (0.35 / 0.80 + 1 − 0.35) = 1,400,000,000 / 1.0875
    // = 1,287,356,321.839… → 1,287,356,321.84. A face above it would issue no unit.
    let mut deal = sample("data_centre.ron");
    face(&mut deal, "1287356321.84");
    assert_eq!(errors(&deal), vec![]);
    face(&mut deal, "1287356321.85");
    assert_eq!(
        errors(&deal),
        one(
            "holding.plan.unit_face",
            "1287356321.85 is above the plan's money, 1287356321.84 CNY: no unit would be issued"
        )
    );
    // A price of a fen with a 95% bank loan: the loan is fen(0.0095) = 0.01, the whole
    // price, and the plan has nothing to buy a unit with.
    let h = deal.holding.as_mut().unwrap();
    h.spv.total_investment = d("0.01");
    h.spv.bank_debt.as_mut().unwrap().ltv = 0.95;
    face(&mut deal, "0.01");
    let found = errors(&deal);
    assert!(
        found.contains(&(
            "holding.plan.unit_face".into(),
            "0.01 is above the plan's money, 0.00 CNY: no unit would be issued".into()
        )),
        "{found:?}"
    );
    // Equity terms out of range (2 / 4 + 1 − 2 < 0: no equity split) are refused at their own
    // fields; the face is not blamed for the money they cannot give.
    let mut deal = sample("data_centre.ron");
    let spv = &mut deal.holding.as_mut().unwrap().spv;
    (spv.equity_ratio, spv.plan_equity_share) = (2.0, 4.0);
    let found = errors(&deal);
    assert!(
        found.iter().any(|(p, _)| p == "holding.spv.equity_ratio"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(p, _)| p == "holding.plan.unit_face"),
        "{found:?}"
    );
}

#[test]
fn exit_years_and_useful_lives_are_at_most_100() {
    let mut deal = sample("highway_concession.ron");
    deal.scenarios[2].exit = Some(Exit::RightOfFirstPurchase {
        year: 357_913_942,
        discount_rate: 0.07,
    });
    assert_eq!(
        errors(&deal),
        one(
            "scenarios[2].exit.year",
            "357913942 is above the limit of 100 years"
        )
    );
    let mut deal = sample("data_centre.ron");
    deal.holding.as_mut().unwrap().asset.right = AssetRight::Property {
        useful_life_years: 300_000,
    };
    assert_eq!(
        errors(&deal),
        one(
            "holding.asset.right.useful_life_years",
            "300000 is above the limit of 100 years"
        )
    );
    deal.holding.as_mut().unwrap().asset.right = AssetRight::Property {
        useful_life_years: 100,
    };
    assert_eq!(errors(&deal), vec![]);
}

#[test]
fn a_holding_deal_runs_at_most_100_years_and_its_revenue_stays_in_range() {
    // data_centre: closing 2025-12-31, annual, base revenue 260,000,000.00.
    let mut deal = sample("data_centre.ron");
    deal.legal_final_date = "2126-01-01".parse().unwrap();
    assert_eq!(
        errors(&deal),
        one(
            "legal_final_date",
            "a holding-type deal runs at most 100 years after closing_date"
        )
    );
    deal.legal_final_date = "2125-12-31".parse().unwrap();
    assert_eq!(errors(&deal), vec![]);
    // 100% growth over 36,524 days (36,524 / 365 + 1 = 101 years): 260e6 × 2^101 = 6.592e38.
    deal.scenarios[0].revenue_growth = 1.0;
    assert_eq!(
        errors(&deal),
        one(
            "scenarios[0].revenue_growth",
            "revenue would reach 6.592e38 CNY a year within 101 years, above the largest \
             amount handled (1e15 CNY)"
        )
    );
    // 8%: 260e6 × 1.08^101 = 6.2e11, well inside.
    deal.scenarios[0].revenue_growth = 0.08;
    assert_eq!(errors(&deal), vec![]);
}

#[test]
fn more_than_2400_periods_is_refused_not_cut() {
    // Quarterly from 2025-07-18: date 2,401 is 2625-07-18.
    let mut deal = sample("data_asset_pledge_loans.ron");
    deal.legal_final_date = "2625-07-17".parse().unwrap();
    assert_eq!(errors(&deal), vec![]);
    deal.legal_final_date = "2625-07-18".parse().unwrap();
    assert_eq!(
        errors(&deal),
        one(
            "legal_final_date",
            "more than 2400 payment periods (Quarterly from 2025-07-18 to 2625-07-18); \
             the limit is 2400"
        )
    );
}

#[test]
fn dates_are_between_1900_and_9999() {
    let mut deal = sample("data_asset_pledge_loans.ron");
    deal.closing_date = "1899-12-31".parse().unwrap();
    assert_eq!(
        errors(&deal),
        one(
            "closing_date",
            "1899-12-31 is not between 1900-01-01 and 9999-12-31"
        )
    );
}

#[test]
fn the_pool_balance_is_within_the_amount_limit() {
    let mut deal = sample("data_asset_pledge_loans.ron");
    for a in &mut deal.pool.assets {
        a.balance = d("900000000000000.00");
    }
    assert_eq!(
        errors(&deal),
        one(
            "pool",
            "the pool's balance is above the largest amount handled (1e15 CNY)"
        )
    );
}

#[test]
fn date_and_lag_boundaries() {
    // The small deal pays quarterly from 2025-04-01 to 2026-01-01: 4 dates. A collection lag
    // of 3 periods is shorter than the deal; 4 is not.
    let mut deal = common::small_deal();
    deal.collection_lag = 3;
    assert_eq!(errors(&deal), vec![]);
    deal.collection_lag = 4;
    assert_eq!(
        errors(&deal),
        one(
            "collection_lag",
            "4 periods is not shorter than the deal (4 periods)"
        )
    );
    // The first payment must come after closing: on the closing date is an error.
    let mut deal = common::small_deal();
    deal.first_payment_date = deal.closing_date;
    assert_eq!(
        errors(&deal),
        one("first_payment_date", "must be after closing_date")
    );
}
