//! The pool projection and the run around it, by hand, where issue 16's mutation run of
//! `src/engine/pool.rs` and `mod.rs` found them untested: the original assets' no-loss
//! balances a concentration limit counts (a named default's period left out), the projection
//! cache rebuilding them when a purchase line names another obligor, and a deal that ends
//! within its revolving period; a tranche paid its interest on every date reported as paid in
//! full.
//!
//! Annual dates 2026-01-01, 2027-01-01, 2028-01-01 after closing on 2025-01-01, no CDR or
//! CPR, purchases at par. The revolving period ends on 2026-01-01: only date 1 buys.

use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::{ProjectionCache, run};
use tranche_studio::io::parse_deal;
use tranche_studio::model::Deal;
use tranche_studio::results::{DealResults, RevolvingPeriod};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const DEAL: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "循环购买集中度手算",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [ASSETS]),
    scenarios: [SCENARIOS],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "SIZE", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01"),
    ],
    revolving: Revolving(end: "2026-01-01", purchases: [
        PurchaseLine(id: "new", obligor: "OBLIGOR", weight: 1.0, rate: 0.0, term: 12,
                     amortisation: Bullet),
    ], eligibility: Eligibility(max_obligor_share: SHARE)),
    waterfall: Waterfall(steps: [
        Principal(tranches: ["A"], allocation: Sequential, amount: Collections),
        ResidualTo(Originator),
    ]),
)
"#;

/// A 0% bullet of 100,000 over `term` months.
fn bullet(id: &str, obligor: &str, term: u32) -> String {
    format!(
        r#"Asset(id: "{id}", asset_class: TradeReceivable, obligor: "{obligor}",
            balance: "100000.00", rate: 0.0, remaining_term: {term}, amortisation: Bullet)"#
    )
}

fn deal(assets: &[String], size: &str, scenarios: &str, obligor: &str, share: &str) -> Deal {
    let text = DEAL
        .replace("ASSETS", &assets.join(", "))
        .replace("SIZE", size)
        .replace("SCENARIOS", scenarios)
        .replace("OBLIGOR", obligor)
        .replace("SHARE", share);
    parse_deal(&text, "concentration").expect("the deal parses")
}

/// Date 1's purchases, each date conserving money.
fn date1(r: &DealResults) -> &RevolvingPeriod {
    for p in &r.periods {
        assert_eq!(p.available, p.paid + p.retained, "date {}", p.date);
    }
    r.periods[0].revolving.as_ref().expect("revolving reported")
}

/// 甲's A1 of 200,000 in equal principal over 24 months (100,000 due on each of dates 1 and
/// 2) and 乙's 100,000 bullet due on date 2.
fn amortising_pool() -> Vec<String> {
    vec![
        r#"Asset(id: "A1", asset_class: TradeReceivable, obligor: "甲", balance: "200000.00",
            rate: 0.0, remaining_term: 24, amortisation: EqualPrincipal)"#
            .to_string(),
        bullet("A2", "乙", 24),
    ]
}

#[test]
fn the_obligor_limit_leaves_out_an_original_asset_from_its_named_default() {
    // 甲 defaults in full in period 1: A1 (甲, 100,000, due on date 2) is gone on date 1 and
    // 甲 holds nothing of the original pool. 乙's A2 pays 100,000 on date 1; the pool before
    // the purchase is 丙's A3, 100,000. A line of 甲 at most 50%: x ≤ 0.5 × (100,000 + x)
    // → x ≤ 100,000: all 100,000 bought. (Counting A1's 100,000 in its default period:
    // 100,000 + x ≤ 0.5 × (100,000 + x) has no room, nothing bought.)
    let assets = [
        bullet("A1", "甲", 24),
        bullet("A2", "乙", 12),
        bullet("A3", "丙", 24),
    ];
    let deal = deal(
        &assets,
        "300000.00",
        r#"Scenario(name: "base", obligor_defaults: [ObligorDefault(obligor: "甲", period: 1)])"#,
        "甲",
        "0.5",
    );
    let r = run(&deal, None).unwrap();
    assert_eq!(r.periods[0].pool.defaults, d("100000"));
    let rv = date1(&r);
    assert_eq!((rv.purchases, rv.capped), (d("100000"), Decimal::ZERO));
}

#[test]
fn the_cache_counts_the_obligor_a_purchase_line_names_after_an_edit() {
    // Date 1 collects A1's 100,000 of principal; the pool before the purchase is A1's
    // 200,000 − 100,000 = 100,000 and A2's 100,000: 200,000. A line of 丁, who holds nothing
    // of the original pool, at most 60% of the pool after the purchase x: x ≤ 0.6 ×
    // (200,000 + x) → x ≤ 300,000, so all 100,000 is bought. The line edited to name 甲,
    // the pool unchanged (one pool version): 甲 holds A1's 100,000, so 100,000 + x ≤ 0.6 ×
    // (200,000 + x) → 0.4 x ≤ 20,000 → 50,000 bought, not the 100,000 that a no-loss
    // schedule kept from before the edit (without 甲's balances) would allow.
    let mut cache = ProjectionCache::default();
    let scenario = r#"Scenario(name: "base")"#;
    let before = deal(&amortising_pool(), "300000.00", scenario, "丁", "0.6");
    let r = cache.results(&before, &[], None, 1).unwrap();
    assert_eq!(date1(&r).purchases, d("100000"));
    let after = deal(&amortising_pool(), "300000.00", scenario, "甲", "0.6");
    let r = cache.results(&after, &[], None, 1).unwrap();
    assert_eq!(date1(&r).purchases, d("50000"));
}

#[test]
fn a_deal_ending_within_its_revolving_period_reports_no_amortisation_date() {
    // 甲's A1 alone, repaid on date 1; a line of 甲 at most 50% of the pool after the
    // purchase: with nothing else left, x ≤ 0.5 × x allows nothing. The 100,000 is paid out
    // on date 1, the deal's last (nothing performs after it), so its revolving period never
    // reaches an amortising date (which would be date 2, 2027-01-01).
    let deal = deal(
        &[bullet("A1", "甲", 12)],
        "100000.00",
        r#"Scenario(name: "base")"#,
        "甲",
        "0.5",
    );
    let r = run(&deal, None).unwrap();
    assert_eq!(date1(&r).purchases, Decimal::ZERO);
    assert_eq!(r.periods.len(), 1);
    assert_eq!(r.periods[0].tranches[0].principal_paid, d("100000"));
    let m = r.pool.revolving.as_ref().expect("revolving totals");
    assert_eq!(m.total_purchases, Decimal::ZERO);
    assert_eq!(m.last_purchase_date, None);
    assert_eq!(m.amortisation_from, None);
    assert_eq!(m.ended_by, None);
}

#[test]
fn a_tranche_paid_its_interest_on_every_date_is_paid_in_full() {
    // The small deal's base case (hand.rs): A is due 900,000 × 3% × 90/365 = 6,657.53 on
    // date 1 and 400,000 × 3% × 91/365 = 2,991.78 on date 2, both paid from the pool's
    // interest (14,794.52 and 7,479.45) after the fee: no shortfall on any date, so its
    // interest is paid in full. B has no coupon: nothing due, nothing short.
    let r = run(&crate::common::small_deal(), Some("base")).unwrap();
    let a = &r.securities[0];
    assert_eq!(a.total_interest, d("9649.31"));
    assert_eq!(a.interest_shortfall, Decimal::ZERO);
    assert!(a.interest_paid_in_full);
    assert!(r.securities[1].interest_paid_in_full);
}
