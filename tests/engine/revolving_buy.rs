//! 循环购买 by hand, how a date's purchases are found (issue 16's mutation run of
//! `src/engine/revolving.rs` from line 232): the search for the pool after the purchases
//! under a limit that binds by less than a yuan, the last line taking the odd fen of the
//! cash, and a trigger breached on the first amortising date leaving the period as it is.
//!
//! Annual dates 2026-01-01, 2027-01-01, 2028-01-01 after closing on 2025-01-01, no CDR or
//! CPR. The revolving period ends on 2026-01-01: only date 1 buys.

use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;
use tranche_studio::results::{DealResults, RevolvingEnd, RevolvingPeriod};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const DEAL: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "循环购买买入手算",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [ASSETS]),
    scenarios: [SCENARIO],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "SIZE", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01"),
    ],
    triggers: [Trigger(id: "cdr", name: "累计违约率", test: CumulativeDefaultRate(0.3))],
    revolving: Revolving(end: "2026-01-01", purchases: [LINES], REVOLVING),
    waterfall: Waterfall(steps: [
        Principal(tranches: ["A"], allocation: Sequential, amount: Collections),
        ResidualTo(Originator),
    ]),
)
"#;

/// A 0% bullet of `balance` over `term` months.
fn bullet(id: &str, obligor: &str, balance: &str, term: u32) -> String {
    format!(
        r#"Asset(id: "{id}", asset_class: TradeReceivable, obligor: "{obligor}",
            balance: "{balance}", rate: 0.0, remaining_term: {term}, amortisation: Bullet)"#
    )
}

/// A 0% bullet line over 12 months.
fn line(id: &str, obligor: &str, weight: f64) -> String {
    format!(
        r#"PurchaseLine(id: "{id}", obligor: "{obligor}", weight: {weight}, rate: 0.0,
            term: 12, amortisation: Bullet)"#
    )
}

/// The deal's results under its one scenario, each date conserving money.
fn results(
    assets: &[String],
    size: &str,
    scenario: &str,
    lines: &[String],
    rest: &str,
) -> DealResults {
    let text = DEAL
        .replace("ASSETS", &assets.join(", "))
        .replace("SIZE", size)
        .replace("SCENARIO", scenario)
        .replace("LINES", &lines.join(", "))
        .replace("REVOLVING", rest);
    let deal = parse_deal(&text, "buy").expect("the deal parses");
    let r = run(&deal, None).expect("the deal runs");
    for p in &r.periods {
        assert_eq!(p.available, p.paid + p.retained, "date {}", p.date);
    }
    r
}

fn revolving(r: &DealResults, k: usize) -> &RevolvingPeriod {
    r.periods[k].revolving.as_ref().expect("revolving reported")
}

#[test]
fn a_limit_binding_by_less_than_a_yuan_buys_to_the_last_fen_it_allows() {
    // 乙's 90,000.45 due on date 1 buys at 90 per 100: 90,000.45 / 0.9 = 100,000.50 of
    // balance in full. The pool before is 丙's 66,666.67; a line of 甲 (no original asset)
    // at most 60% of the pool after: x ≤ 0.6 × (66,666.67 + x) → 0.4 x ≤ 40,000.002 → x ≤
    // 100,000.005, so 100,000.00 (100,000.00 / 166,666.67 = 59.9999998%; 100,000.01 /
    // 166,666.68 is above 60%), for 0.9 × 100,000 = 90,000.00; 0.45 is capped.
    // 99,999.99 is the other fen where the pool after and the purchases agree
    // (0.6 × 166,666.66 = 99,999.996 → 99,999.99): the search comes down to 100,000.00 from
    // a pool with every line bought in full, and would stop a fen short coming up from
    // below it.
    let r = results(
        &[
            bullet("A2", "乙", "90000.45", 12),
            bullet("A3", "丙", "66666.67", 24),
        ],
        "156667.12",
        r#"Scenario(name: "base")"#,
        &[line("new", "甲", 1.0)],
        "price: 90.0, eligibility: Eligibility(max_obligor_share: 0.6)",
    );
    let rv = revolving(&r, 0);
    assert_eq!(
        (rv.purchased_balance, rv.purchases, rv.capped),
        (d("100000.00"), d("90000.00"), d("0.45"))
    );
    assert_eq!(r.periods[0].pool.closing_balance, d("166666.67"));
}

#[test]
fn the_last_line_takes_the_odd_fen_of_the_cash() {
    // A1's 100,000.01 due on date 1 split 30% / 30% / 40%: 0.3 × 100,000.01 = 30,000.003
    // → 30,000.00 for each of the first two lines, and the last takes what is left,
    // 40,000.01 (its own 40% would be 40,000.004 → 40,000.00, leaving a fen unspent).
    let lines = [line("x", "", 0.3), line("y", "", 0.3), line("z", "", 0.4)];
    let r = results(
        &[
            bullet("A1", "甲", "100000.01", 12),
            bullet("A2", "乙", "100000.00", 24),
        ],
        "200000.01",
        r#"Scenario(name: "base")"#,
        &lines,
        "",
    );
    let rv = revolving(&r, 0);
    assert_eq!(
        (rv.purchases, rv.uninvested),
        (d("100000.01"), Decimal::ZERO)
    );
}

#[test]
fn a_trigger_breached_on_the_first_amortising_date_leaves_the_period_as_it_ends() {
    // Date 1 buys A1's 100,000 (a bullet repaid on date 2). 乙 (A2, 100,000) defaults in
    // full in period 2: cumulative defaults 100,000 / 200,000 = 50% > 30% breach the
    // early-amortisation trigger on date 2, the first date without purchases anyway: the
    // period ends by its end date, and A gets the new asset's 100,000 on date 2.
    let r = results(
        &[
            bullet("A1", "甲", "100000.00", 12),
            bullet("A2", "乙", "100000.00", 24),
        ],
        "200000.00",
        r#"Scenario(name: "base", obligor_defaults: [ObligorDefault(obligor: "乙", period: 2)])"#,
        &[line("new", "", 1.0)],
        r#"early_amortisation: ["cdr"]"#,
    );
    assert_eq!(revolving(&r, 0).purchases, d("100000"));
    assert_eq!(r.periods[1].pool.defaults, d("100000"));
    assert_eq!(revolving(&r, 1).ended_by, Some(RevolvingEnd::EndDate));
    let principal: Vec<Decimal> = r
        .periods
        .iter()
        .map(|p| p.tranches[0].principal_paid)
        .collect();
    assert_eq!(principal[..2], [Decimal::ZERO, d("100000")]);
}

#[test]
fn a_pool_repaid_in_full_on_a_date_still_buys_up_to_its_limits() {
    // A1 (丙, 100,000.00) is the whole pool and is repaid on date 1: the pool before the
    // purchases is 0. Lines of 甲 and 乙 take 50,000.00 each at par; each is 50% of the pool
    // after them (100,000.00), within the 60% limit, so both are bought in full. Measured
    // against the empty pool before the purchases, every limit would be 0.
    let r = results(
        &[bullet("A1", "丙", "100000.00", 12)],
        "100000.00",
        r#"Scenario(name: "base")"#,
        &[line("x", "甲", 0.5), line("y", "乙", 0.5)],
        "eligibility: Eligibility(max_obligor_share: 0.6)",
    );
    let rv = revolving(&r, 0);
    assert_eq!(
        (rv.purchased_balance, rv.purchases, rv.capped),
        (d("100000.00"), d("100000.00"), Decimal::ZERO)
    );
    assert_eq!(r.periods[0].pool.closing_balance, d("100000.00"));
}

#[test]
fn a_limit_near_the_whole_pool_is_met_at_the_largest_pool_it_allows() {
    // 乙's 200,000.00 is repaid on date 1 and buys for 甲, who holds 1,000.00 of the
    // 2,000.00 left (with 丙). 甲 may hold a share s of the pool after: b ≤ s × (2,000 + b)
    // − 1,000, so b ≤ (2,000 s − 1,000) / (1 − s):
    //   s = 80%: 600 / 0.2 = 3,000.00;  s = 90%: 800 / 0.1 = 8,000.00 (pool 10,000.00,
    //   甲 9,000.00 = 90%);  s = 99%: 980 / 0.01 = 98,000.00 (pool 100,000.00).
    // Measuring again moves by (1 − s) of the gap a round: at 90% and 99% it has not
    // settled after 100 rounds, and the pool is then found by halving. (Against the pool
    // before the purchases it would be 800.00 and 980.00: less at 90% than at 80%.)
    for (share, bought) in [("0.8", "3000.00"), ("0.9", "8000.00"), ("0.99", "98000.00")] {
        let r = results(
            &[
                bullet("A1", "乙", "200000.00", 12),
                bullet("A2", "甲", "1000.00", 24),
                bullet("A3", "丙", "1000.00", 24),
            ],
            "202000.00",
            r#"Scenario(name: "base")"#,
            &[line("new", "甲", 1.0)],
            &format!("eligibility: Eligibility(max_obligor_share: {share})"),
        );
        let rv = revolving(&r, 0);
        assert_eq!(
            (rv.purchased_balance, rv.capped),
            (d(bought), d("200000.00") - d(bought)),
            "{share}"
        );
    }
    // With nothing left after 乙's repayment, 甲's line would be the whole pool: b ≤ 0.99 b
    // allows nothing. Measuring again shrinks 200,000 by 1% a round, and the halving then
    // comes down to 0.00.
    let r = results(
        &[bullet("A1", "乙", "200000.00", 12)],
        "200000.00",
        r#"Scenario(name: "base")"#,
        &[line("new", "甲", 1.0)],
        "eligibility: Eligibility(max_obligor_share: 0.99)",
    );
    let rv = revolving(&r, 0);
    assert_eq!(
        (rv.purchased_balance, rv.capped),
        (Decimal::ZERO, d("200000.00"))
    );
}
