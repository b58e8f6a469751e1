//! 循环购买 by hand: a three-asset deal whose principal collections buy new assets for two
//! dates, an obligor or industry limit that leaves cash uninvested, early amortisation by a
//! trigger and by uninvested cash, and the errors of bad revolving terms.
//!
//! Rates, coupons, CDR and CPR are zero, so every amount is principal:
//! - A1 100,000 bullet, 3 months: 100,000 on date 1 (2025-04-01).
//! - A2 200,000 equal principal, 6 months: 100,000 on dates 1 and 2.
//! - A3 300,000 equal principal, 12 months: 75,000 on dates 1 to 4.
//!
//! A (600,000) takes the principal collections; the revolving period ends on 2025-07-01, so
//! dates 1 and 2 buy and date 3 (2025-10-01) is the first to amortise.

use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;
use tranche_studio::model::Deal;
use tranche_studio::results::{DealResults, RevolvingEnd};
use tranche_studio::validate::validate;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const DEAL: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "循环购买手算",
    closing_date: "2025-01-01",
    first_payment_date: "2025-04-01",
    frequency: Quarterly,
    legal_final_date: "2026-04-01",
    pool: Pool(assets: [
        Asset(id: "A1", obligor: "甲", industry: "制造", asset_class: TradeReceivable,
              balance: "100000.00", rate: 0.0, remaining_term: 3, amortisation: Bullet),
        Asset(id: "A2", obligor: "乙", industry: "物流", asset_class: TradeReceivable,
              balance: "200000.00", rate: 0.0, remaining_term: 6, amortisation: EqualPrincipal),
        Asset(id: "A3", obligor: "丙", industry: "建筑", asset_class: TradeReceivable,
              balance: "300000.00", rate: 0.0, remaining_term: 12, amortisation: EqualPrincipal),
    ]),
    scenarios: [
        Scenario(name: "base"),
        Scenario(name: "default", obligor_defaults: [ObligorDefault(obligor: "丙", period: 2)]),
    ],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "600000.00", coupon: 0.0,
                expected_maturity: "2026-04-01", legal_maturity: "2026-04-01"),
    ],
    triggers: [Trigger(id: "cdr", name: "累计违约率", test: CumulativeDefaultRate(0.3))],
    revolving: Revolving(
        end: "2025-07-01",
        purchases: [LINE],
        ELIGIBILITY
        early_amortisation: ["cdr"],
    ),
    waterfall: Waterfall(steps: [
        Principal(tranches: ["A"], allocation: Sequential, amount: Collections),
        ResidualTo(Originator),
    ]),
)
"#;

/// New assets: equal principal over 6 months (two quarterly payments).
const EQUAL: &str = r#"PurchaseLine(id: "new", weight: 1.0, rate: 0.0, term: 6,
    amortisation: EqualPrincipal)"#;
/// New assets of obligor 甲 (industry 制造), repaid in full after 6 months.
const BULLET_OF_A1: &str = r#"PurchaseLine(id: "new", obligor: "甲", industry: "制造",
    weight: 1.0, rate: 0.0, term: 6, amortisation: Bullet)"#;

fn deal(line: &str, eligibility: &str) -> Deal {
    let text = DEAL
        .replace("LINE", line)
        .replace("ELIGIBILITY", eligibility);
    parse_deal(&text, "revolving").expect("the revolving deal parses")
}

fn conserved(r: &DealResults) {
    for p in &r.periods {
        assert_eq!(p.available, p.paid + p.retained, "date {}", p.date);
    }
}

/// Per date: (purchases, uninvested, A's principal).
fn flows(r: &DealResults) -> Vec<(Decimal, Decimal, Decimal)> {
    r.periods
        .iter()
        .map(|p| {
            let rv = p
                .revolving
                .as_ref()
                .expect("a revolving deal reports each date");
            (rv.purchases, rv.uninvested, p.tranches[0].principal_paid)
        })
        .collect()
}

#[test]
fn collections_buy_new_assets_until_the_end_date_then_repay_the_securities() {
    let r = run(&deal(EQUAL, ""), Some("base")).unwrap();
    conserved(&r);
    // Date 1: 100,000 (A1) + 100,000 (A2) + 75,000 (A3) = 275,000, all bought.
    // Date 2: 100,000 (A2) + 75,000 (A3) + 275,000 / 2 (first purchase) = 312,500, all bought.
    // Date 3: 75,000 (A3) + 137,500 + 312,500 / 2 = 368,750 repays A.
    // Date 4: 75,000 (A3) + 156,250 = 231,250; A is repaid: 368,750 + 231,250 = 600,000.
    let z = Decimal::ZERO;
    assert_eq!(
        flows(&r),
        [
            (d("275000"), z, z),
            (d("312500"), z, z),
            (z, z, d("368750")),
            (z, z, d("231250")),
        ]
    );
    // The pool stays at 600,000 while it revolves: 600,000 − 275,000 + 275,000.
    assert_eq!(r.periods[0].pool.closing_balance, d("600000"));
    assert_eq!(r.periods[1].pool.purchased_balance, d("312500"));
    assert_eq!(r.periods[1].pool.closing_balance, d("600000"));
    // Date 3: 75,000 (A3) + 156,250 (second purchase) left.
    assert_eq!(r.periods[2].pool.closing_balance, d("231250"));
    let rv = r.periods[2].revolving.as_ref().unwrap();
    assert!(!rv.revolving);
    assert_eq!(rv.ended_by, Some(RevolvingEnd::EndDate));
    let m = r.pool.revolving.as_ref().unwrap();
    assert_eq!(m.total_purchases, d("587500"));
    assert_eq!(m.amortisation_from, Some(r.periods[2].date));
    assert_eq!(r.securities[0].principal_loss, z);
}

#[test]
fn a_discounted_price_buys_more_balance_for_the_same_cash() {
    // At 98 per 100, date 1's 275,000 buys 275,000 / 0.98 = 280,612.244… → 280,612.24 of
    // balance, and the pool grows to 325,000 + 280,612.24 = 605,612.24.
    let r = run(&deal(EQUAL, "price: 98.0,"), Some("base")).unwrap();
    conserved(&r);
    let p = &r.periods[0];
    let rv = p.revolving.as_ref().unwrap();
    assert_eq!(rv.purchases, d("275000"));
    assert_eq!(rv.purchased_balance, d("280612.24"));
    assert_eq!(p.pool.purchased_balance, d("280612.24"));
    assert_eq!(p.pool.closing_balance, d("605612.24"));
}

#[test]
fn an_obligor_or_industry_limit_keeps_the_cash_it_cannot_invest() {
    // 甲 (industry 制造) may hold 30% of the pool after the purchase. Date 1: the pool
    // before it is 600,000 − 275,000 = 325,000 and 甲's A1 is repaid, so x ≤ 0.3 × (325,000
    // + x): x ≤ 97,500 / 0.7 = 139,285.714…, 139,285.71 to the fen below; the other
    // 275,000 − 139,285.71 = 135,714.29 stays in the account.
    // Date 2: 甲 holds 139,285.71 already, above 0.3 × (150,000 + 139,285.71) = 86,785.71,
    // so nothing is bought: 135,714.29 + 100,000 + 75,000 = 310,714.29 is kept.
    // Date 3 releases it with 75,000 (A3) + 139,285.71 (the bullet): 525,000 to A; date 4
    // 75,000 (A3). 525,000 + 75,000 = 600,000.
    for limit in ["max_obligor_share", "max_industry_share"] {
        let r = run(
            &deal(
                BULLET_OF_A1,
                &format!("eligibility: Eligibility({limit}: 0.3),"),
            ),
            Some("base"),
        )
        .unwrap();
        conserved(&r);
        let z = Decimal::ZERO;
        assert_eq!(
            flows(&r),
            [
                (d("139285.71"), d("135714.29"), z),
                (z, d("310714.29"), z),
                (z, z, d("525000")),
                (z, z, d("75000")),
            ],
            "{limit}"
        );
        let rv = r.periods[0].revolving.as_ref().unwrap();
        assert_eq!(rv.capped, d("135714.29"));
        assert_eq!(
            r.periods[1].revolving.as_ref().unwrap().account_in,
            d("135714.29")
        );
        // 139,285.71 / 464,285.71 = 0.29999999…: within the limit.
        let after = r.periods[0].pool.closing_balance;
        assert_eq!(after, d("464285.71"));
        // Date 1: 275,000 available = 139,285.71 paid for assets + 135,714.29 kept.
        assert_eq!(r.periods[0].paid, d("139285.71"));
        assert_eq!(r.periods[0].retained, d("135714.29"));
    }
}

#[test]
fn a_line_below_the_minimum_rate_is_not_bought() {
    // The line's 0% is below the 1% minimum: date 1's 275,000 is ineligible and kept; it is
    // still kept on date 2 (with 100,000 + 75,000: 450,000) and released on date 3 with A3's
    // 75,000: 525,000 to A.
    let r = run(
        &deal(EQUAL, "eligibility: Eligibility(min_rate: 0.01),"),
        Some("base"),
    )
    .unwrap();
    conserved(&r);
    let z = Decimal::ZERO;
    assert_eq!(
        flows(&r),
        [
            (z, d("275000"), z),
            (z, d("450000"), z),
            (z, z, d("525000")),
            (z, z, d("75000")),
        ]
    );
    assert_eq!(
        r.periods[1].revolving.as_ref().unwrap().ineligible,
        d("450000")
    );
}

#[test]
fn too_much_uninvested_cash_ends_the_revolving_period_on_the_next_date() {
    // As the limit test, with at most 25% uninvested: date 1 keeps 135,714.29, above 25% of
    // the 464,285.71 pool (116,071.43), so date 2 amortises: it releases 135,714.29 with
    // 100,000 + 75,000: 310,714.29 to A; date 3: 75,000 + 139,285.71 = 214,285.71; date 4:
    // 75,000. 310,714.29 + 214,285.71 + 75,000 = 600,000.
    let text = DEAL.replace("LINE", BULLET_OF_A1).replace(
        "ELIGIBILITY",
        "eligibility: Eligibility(max_obligor_share: 0.3), max_uninvested_share: 0.25,",
    );
    let r = run(&parse_deal(&text, "x").unwrap(), Some("base")).unwrap();
    conserved(&r);
    let z = Decimal::ZERO;
    assert_eq!(
        flows(&r),
        [
            (d("139285.71"), d("135714.29"), z),
            (z, z, d("310714.29")),
            (z, z, d("214285.71")),
            (z, z, d("75000")),
        ]
    );
    let rv = r.periods[1].revolving.as_ref().unwrap();
    assert_eq!(rv.ended_by, Some(RevolvingEnd::Uninvested));
}

#[test]
fn an_early_amortisation_trigger_stops_purchases_from_its_date() {
    // 丙 (A3) defaults in full in period 2: its 225,000 after date 1 is lost, 225,000 /
    // 600,000 = 37.5% > 30%, so the trigger is breached on date 2 and date 2 buys nothing.
    // Date 1 bought 275,000 (as in the base). Date 2: 100,000 (A2) + 137,500 (half the
    // purchase) = 237,500 to A; date 3: 137,500. A loses 600,000 − 375,000 = 225,000.
    let r = run(&deal(EQUAL, ""), Some("default")).unwrap();
    conserved(&r);
    let z = Decimal::ZERO;
    assert_eq!(
        flows(&r),
        [
            (d("275000"), z, z),
            (z, z, d("237500")),
            (z, z, d("137500")),
        ]
    );
    let rv = r.periods[1].revolving.as_ref().unwrap();
    assert!(!rv.revolving);
    assert_eq!(rv.ended_by, Some(RevolvingEnd::Trigger("cdr".into())));
    assert_eq!(r.periods[1].pool.defaults, d("225000"));
    assert_eq!(r.securities[0].principal_loss, d("225000"));
    let m = r.pool.revolving.as_ref().unwrap();
    assert_eq!(m.ended_by, Some(RevolvingEnd::Trigger("cdr".into())));
    assert_eq!(m.last_purchase_date, Some(r.periods[0].date));
}

#[test]
fn bad_revolving_terms_are_errors_at_their_fields() {
    let text = DEAL
        .replace(
            "LINE",
            r#"PurchaseLine(id: "x", weight: 0.5, rate: 0.0, term: 0, amortisation: Schedule([]))"#,
        )
        .replace(
            "ELIGIBILITY",
            "eligibility: Eligibility(max_obligor_share: 1.5), price: 0.0,",
        )
        .replace(
            r#"early_amortisation: ["cdr"]"#,
            r#"early_amortisation: ["nope"]"#,
        )
        .replace(r#"end: "2025-07-01""#, r#"end: "2026-04-01""#);
    let deal = parse_deal(&text, "bad").unwrap();
    let paths: Vec<String> = validate(&deal, &[])
        .into_iter()
        .filter(|i| i.severity == tranche_studio::error::Severity::Error)
        .map(|i| i.path)
        .collect();
    for want in [
        "revolving.end",
        "revolving.price",
        "revolving.purchases",
        "revolving.purchases[0].term",
        "revolving.purchases[0].amortisation",
        "revolving.eligibility.max_obligor_share",
        "revolving.early_amortisation[0]",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want} not in {paths:?}");
    }
    // A clean-up call and a collection lag are not modelled with a revolving period.
    let mut deal = deal;
    deal.revolving.as_mut().unwrap().end = deal.first_payment_date;
    deal.collection_lag = 1;
    let issues = validate(&deal, &[]);
    assert!(
        issues
            .iter()
            .any(|i| i.path == "revolving" && i.message.contains("collection_lag"))
    );
}

mod generated {
    use super::*;
    use proptest::prelude::*;
    use tranche_studio::model::{Amortisation, Curve};

    const SAMPLE: &str = include_str!("../../sample_deals/revolving_receivables.ron");

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

        /// The revolving sample with generated assumptions, lines and limits: every date
        /// conserves money, and the deal pays out what came in (nothing is left in the
        /// revolving account after the last date).
        #[test]
        fn generated_revolving_deals_conserve_money(
            cdr in 0.0f64..0.3, cpr in 0.0f64..0.3, recovery in 0.0f64..1.0, lag in 0u32..3,
            end in 0usize..10, price in 90.0f64..110.0, weight in 0.05f64..0.95,
            obligor in 0.05f64..1.0, industry in 0.2f64..1.0, min_rate in 0.0f64..0.06,
            max_term in 3u32..24, uninvested in 0.0f64..0.6, trigger in 0.0f64..0.06,
            terms in prop::collection::vec((3u32..24, 0u8..3, 0.0f64..0.08), 3),
        ) {
            let mut deal = parse_deal(SAMPLE, "gen").unwrap();
            deal.scenarios[0].cdr = Curve::Flat(cdr);
            deal.scenarios[0].cpr = Curve::Flat(cpr);
            deal.scenarios[0].recovery_rate = recovery;
            deal.scenarios[0].recovery_lag = lag;
            deal.triggers[0].test = tranche_studio::model::TriggerTest::CumulativeDefaultRate(trigger);
            let first = deal.first_payment_date;
            let rev = deal.revolving.as_mut().unwrap();
            rev.end = tranche_studio::time::add_months(first, 3 * end as u32).unwrap();
            rev.price = price;
            rev.eligibility.max_obligor_share = Some(obligor);
            rev.eligibility.max_industry_share = Some(industry);
            rev.eligibility.min_rate = Some(min_rate);
            rev.eligibility.max_term = Some(max_term);
            rev.max_uninvested_share = (uninvested < 0.5).then_some(uninvested);
            let ws = [weight * 0.7, weight * 0.3, 1.0 - weight];
            for ((line, (term, a, rate)), w) in rev.purchases.iter_mut().zip(&terms).zip(ws) {
                line.term = *term;
                line.rate = *rate;
                line.weight = w;
                line.amortisation = [Amortisation::LevelPayment, Amortisation::EqualPrincipal, Amortisation::Bullet][*a as usize].clone();
            }
            let r = run(&deal, Some("base")).unwrap_or_else(|e| panic!("{e}"));
            crate::conservation::assert_conserved(&r);
            let paid: Decimal = r.periods.iter().map(|p| p.paid).sum();
            let collections: Decimal = r.periods.iter().map(|p| p.collections).sum();
            let last = r.periods.last().unwrap();
            prop_assert_eq!(last.revolving.as_ref().unwrap().uninvested, Decimal::ZERO);
            prop_assert_eq!(collections, paid + last.carried_out);
            for p in &r.periods {
                let rv = p.revolving.as_ref().unwrap();
                prop_assert!(rv.revolving || rv.purchases == Decimal::ZERO);
                // Kept cash is exactly what the criteria and limits left unspent.
                if rv.revolving && rv.uninvested > Decimal::ZERO {
                    prop_assert_eq!(rv.uninvested, rv.ineligible + rv.capped);
                }
            }
        }
    }
}

/// Below par each purchase date buys up to 100 / price of balance per yuan collected, so the
/// sample's 400,000,000 pool over its 4 purchase dates (2026-06-30 to 2027-03-31, quarterly) is
/// bounded by 4e8 × (100 / price)^4, which must stay within 1e15: at 2.5 the bound is
/// 4e8 × 40^4 = 1.024e15 (refused), at 2.6 it is 4e8 × 38.46^4 = 8.75e14 (accepted and run). A
/// price of 1e-7 per 100 used to panic the engine with a Decimal overflow.
#[test]
fn a_price_that_could_grow_the_pool_past_the_amounts_handled_is_refused() {
    let sample = include_str!("../../sample_deals/revolving_receivables.ron");
    let price_errors = |price: &str| {
        let deal = parse_deal(
            &sample.replace("price: 100.0,", &format!("price: {price},")),
            "price",
        )
        .unwrap();
        let errors: Vec<String> = validate(&deal, &[])
            .into_iter()
            .filter(|i| i.severity == tranche_studio::error::Severity::Error)
            .map(|i| format!("{}: {}", i.path, i.message))
            .collect();
        (deal, errors)
    };
    let (_, errors) = price_errors("2.5");
    assert_eq!(
        errors,
        [
            "revolving.price: at 2.5 per 100 over 4 purchase dates the pool could grow past the \
          largest amount handled; raise the price or end the revolving period earlier"
        ]
    );
    let (_, errors) = price_errors("0.0000001");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(tranche_studio::engine::run(&price_errors("0.0000001").0, None).is_err());
    let (deal, errors) = price_errors("2.6");
    assert!(errors.is_empty(), "{errors:?}");
    let r = run(&deal, Some("base")).unwrap();
    crate::conservation::assert_conserved(&r);
}

#[test]
fn a_purchase_line_s_term_reaches_the_legal_final_date_at_most() {
    // Closing 2025-01 to the legal final date 2026-04: 15 months. A term of 15 is accepted,
    // 16 refused at the line's path (validate/revolving.rs 81:41).
    let term_errors = |term: u32| -> Vec<String> {
        let mut deal = deal(EQUAL, "");
        deal.revolving.as_mut().unwrap().purchases[0].term = term;
        validate(&deal, &[])
            .into_iter()
            .filter(|i| i.path == "revolving.purchases[0].term")
            .map(|i| i.message)
            .collect()
    };
    assert_eq!(term_errors(15), Vec::<String>::new());
    assert_eq!(term_errors(16), vec!["16 months is outside [1, 15]"]);
    assert_eq!(term_errors(0), vec!["0 months is outside [1, 15]"]);
}

#[test]
fn a_price_whose_growth_bound_is_exactly_the_largest_amount_is_accepted() {
    // Pool 250,000,000,000,000.00 (A1 249,999,999,500,000 + 200,000 + 300,000); two purchase
    // dates (2025-04-01, 2025-07-01) at 50 per 100: the pool could grow to 2.5e14 × 2² =
    // 1e15, the largest amount handled: accepted. At 49.99 it could pass it: refused
    // (validate/revolving.rs 51:22).
    let price_errors = |price: f64| -> usize {
        let mut deal = deal(EQUAL, "");
        deal.pool.assets[0].balance = d("249999999500000");
        deal.revolving.as_mut().unwrap().price = price;
        validate(&deal, &[])
            .into_iter()
            .filter(|i| i.path == "revolving.price")
            .count()
    };
    assert_eq!(price_errors(50.0), 0);
    assert_eq!(price_errors(49.99), 1);
}
