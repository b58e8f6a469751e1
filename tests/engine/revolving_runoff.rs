//! 循环购买 by hand, the new assets' side: how a purchase runs off under the scenario
//! (defaults, interest, level payments, bullets, prepayments, recoveries with a lag and
//! after the last date, a named default of a line's obligor), the concentration limit
//! against original assets that default and prepay, the term criterion, weighted lines, and
//! cash with no pool left to buy into.
//!
//! Annual dates 2026-01-01, 2027-01-01, 2028-01-01 after closing on 2025-01-01: each period
//! is 365 days, so a period's default and prepayment rates are the annual CDR and CPR
//! (1 − (1 − CDR)^(365/365)) and its accrual fraction is 1 (Act/365). The revolving period
//! ends on 2026-01-01: date 1 buys, dates 2 and 3 amortise. Purchases are at par. A takes
//! the principal collections, the rest goes to the originator.

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
    name: "循环购买新资产手算",
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
    revolving: Revolving(end: "2026-01-01", purchases: [LINES], REVOLVING),
    waterfall: Waterfall(steps: [
        Principal(tranches: ["A"], allocation: Sequential, amount: Collections),
        ResidualTo(Originator),
    ]),
)
"#;

/// A 100,000 bullet of obligor 甲 (industry 制造) at 0%, due on date 1.
const A1: &str = r#"Asset(id: "A1", asset_class: TradeReceivable, obligor: "甲", industry: "制造", balance: "100000.00",
    rate: 0.0, remaining_term: 12, amortisation: Bullet)"#;

/// The deal with these assets, A's size, scenarios, purchase lines, further revolving terms
/// and revolving end date; its results under the first scenario, each date conserving money.
fn results(
    assets: &str,
    size: &str,
    scenarios: &str,
    lines: &str,
    rest: &str,
    end: &str,
) -> DealResults {
    let text = DEAL
        .replace(r#"end: "2026-01-01""#, &format!(r#"end: "{end}""#))
        .replace("ASSETS", assets)
        .replace("SIZE", size)
        .replace("SCENARIOS", scenarios)
        .replace("LINES", lines)
        .replace("REVOLVING", rest);
    let deal = parse_deal(&text, "runoff").expect("the deal parses");
    let r = run(&deal, None).expect("the deal runs");
    for p in &r.periods {
        assert_eq!(p.available, p.paid + p.retained, "date {}", p.date);
    }
    r
}

/// Per date: (defaults, interest, scheduled principal, prepayments, recoveries, closing).
type Pool = (Decimal, Decimal, Decimal, Decimal, Decimal, Decimal);

fn pool(r: &DealResults) -> Vec<Pool> {
    r.periods
        .iter()
        .map(|p| {
            let x = &p.pool;
            let row = [
                x.defaults,
                x.interest,
                x.scheduled_principal,
                x.prepayments,
                x.recoveries,
                x.closing_balance,
            ];
            (row[0], row[1], row[2], row[3], row[4], row[5])
        })
        .collect()
}

fn revolving(r: &DealResults, k: usize) -> &RevolvingPeriod {
    r.periods[k].revolving.as_ref().expect("revolving reported")
}

fn principal(r: &DealResults) -> Vec<Decimal> {
    r.periods
        .iter()
        .map(|p| p.tranches[0].principal_paid)
        .collect()
}

#[test]
fn a_level_payment_purchase_defaults_pays_interest_amortises_and_prepays() {
    // CDR 10%, CPR 20%, recovery 50% one date later. Date 1: A1 defaults 10,000 and pays
    // 90,000, which buys 90,000 of a 10% level-payment line over 24 months (2 payments).
    // Date 2, the new assets: defaults 0.1 × 90,000 = 9,000; interest 0.1 × 81,000 = 8,100;
    // principal 81,000 × 0.1 / (1.1² − 1) = 8,100 / 0.21 = 38,571.428…; prepayment
    // 0.2 × (81,000 − 38,571.428…) = 0.2 × 42,428.571… = 8,485.714…; closing 33,942.857…
    // → 33,942.86; prepayments 8,485.71; scheduled 90,000 − 9,000 − 8,485.71 − 33,942.86 =
    // 38,571.43. Recoveries: A1's 5,000.
    // Date 3, the last payment: defaults 3,394.2857… → 3,394.29, interest 0.1 × 30,548.571…
    // = 3,054.86, scheduled 33,942.86 − 3,394.29 = 30,548.57; recoveries 4,500 (date 2's
    // default); date 3's 1,697.14 would come after the last date: lost.
    let scenario = r#"Scenario(name: "base", cdr: Flat(0.1), cpr: Flat(0.2),
        recovery_rate: 0.5, recovery_lag: 1)"#;
    let line = r#"PurchaseLine(id: "new", weight: 1.0, rate: 0.1, term: 24,
        amortisation: LevelPayment)"#;
    let r = results(A1, "100000.00", scenario, line, "", "2026-01-01");
    let z = Decimal::ZERO;
    assert_eq!(
        pool(&r),
        [
            (d("10000"), z, d("90000"), z, z, d("90000")),
            (
                d("9000"),
                d("8100"),
                d("38571.43"),
                d("8485.71"),
                d("5000"),
                d("33942.86")
            ),
            (d("3394.29"), d("3054.86"), d("30548.57"), z, d("4500"), z),
        ]
    );
    assert_eq!(r.pool.recoveries_lost, d("1697.14"));
    // A: 38,571.43 + 8,485.71 + 5,000 = 52,057.14 on date 2. Date 3 is its maturity, when
    // the principal step takes every fund: 30,548.57 + 4,500 + 3,054.86 of interest =
    // 38,103.43. It loses 100,000 − 52,057.14 − 38,103.43 = 9,839.43.
    assert_eq!(principal(&r), [z, d("52057.14"), d("38103.43")]);
    assert_eq!(r.securities[0].principal_loss, d("9839.43"));
}

#[test]
fn a_bullet_purchase_pays_interest_then_its_balance_unless_its_obligor_defaults() {
    // No CDR or CPR. Date 1 buys A1's 100,000 of a 5% bullet of obligor 甲 over 24 months:
    // date 2 pays interest 5,000 and no principal, date 3 5,000 and the 100,000 (A, due
    // then, takes 100,000 of the 105,000). Scenario "named": 甲 (A1 is repaid) defaults in full in period 3 (recovery 50% on the same date): date
    // 2 as before; on date 3 the 100,000 defaults, no interest, 50,000 recovered.
    let scenarios = r#"Scenario(name: "base"),
        Scenario(name: "named", recovery_rate: 0.5,
                 obligor_defaults: [ObligorDefault(obligor: "甲", period: 3)])"#;
    let line = r#"PurchaseLine(id: "new", obligor: "甲", weight: 1.0, rate: 0.05, term: 24,
        amortisation: Bullet)"#;
    let text = DEAL
        .replace("ASSETS", A1)
        .replace("SIZE", "100000.00")
        .replace("SCENARIOS", scenarios)
        .replace("LINES", line)
        .replace("REVOLVING", "");
    let deal = parse_deal(&text, "bullet").unwrap();
    let z = Decimal::ZERO;
    let (h, all) = (d("100000"), d("100000"));
    let base = run(&deal, Some("base")).unwrap();
    assert_eq!(
        pool(&base),
        [
            (z, z, h, z, z, all),
            (z, d("5000"), z, z, z, all),
            (z, d("5000"), all, z, z, z),
        ]
    );
    assert_eq!(principal(&base), [z, z, all]);
    let named = run(&deal, Some("named")).unwrap();
    assert_eq!(
        pool(&named),
        [
            (z, z, h, z, z, all),
            (z, d("5000"), z, z, z, all),
            (all, z, z, z, d("50000"), z),
        ]
    );
    assert_eq!(principal(&named), [z, z, d("50000")]);
    assert_eq!(named.securities[0].principal_loss, d("50000"));
}

/// 甲's A1 over 24 months instead of 12 (a bullet, still performing after date 1), 乙's A2
/// due on date 1, 丙's A3 over 24 months: 100,000 each.
const THREE: &str = r#"
    Asset(id: "A1", asset_class: TradeReceivable, obligor: "甲", industry: "制造", balance: "100000.00", rate: 0.0,
          remaining_term: 24, amortisation: Bullet),
    Asset(id: "A2", asset_class: TradeReceivable, obligor: "乙", industry: "物流", balance: "100000.00", rate: 0.0,
          remaining_term: 12, amortisation: Bullet),
    Asset(id: "A3", asset_class: TradeReceivable, obligor: "丙", industry: "建筑", balance: "100000.00", rate: 0.0,
          remaining_term: 24, amortisation: Bullet)"#;

#[test]
fn the_obligor_limit_counts_the_original_assets_after_defaults_and_prepayments() {
    // CDR 10%, CPR 20%, no recovery; purchases at 90 per 100, dates 1 and 2 buy. Date 1:
    // each asset defaults 10,000; A2 pays 90,000, A1 and A3 prepay 0.2 × 90,000 = 18,000
    // each and keep 72,000: collections 126,000 (140,000 of balance at 90), pool before the
    // purchase 144,000, of which 甲 holds 0.9 × 0.8 × 100,000 = 72,000.
    // A line of 甲 at most 60% of the pool after the purchase x:
    // 72,000 + x ≤ 0.6 × (144,000 + x) → 0.4 x ≤ 14,400 → x = 36,000 of balance, bought for
    // 0.9 × 36,000 = 32,400; 126,000 − 32,400 = 93,600 is capped and kept. Pool after:
    // 180,000, 甲 108,000 = 60%. Kept cash may be 52% of it, 93,600: not above, so date 2
    // still revolves.
    let scenario = r#"Scenario(name: "base", cdr: Flat(0.1), cpr: Flat(0.2))"#;
    let line = r#"PurchaseLine(id: "new", obligor: "甲", weight: 1.0, rate: 0.0, term: 12,
        amortisation: Bullet)"#;
    let r = results(
        THREE,
        "300000.00",
        scenario,
        line,
        "price: 90.0, eligibility: Eligibility(max_obligor_share: 0.6), \
         max_uninvested_share: 0.52",
        "2027-01-01",
    );
    let rv = revolving(&r, 0);
    assert_eq!(rv.purchased_balance, d("36000"));
    assert_eq!(rv.purchases, d("32400"));
    assert_eq!(rv.capped, d("93600"));
    assert_eq!(rv.uninvested, d("93600"));
    assert_eq!(r.periods[0].pool.closing_balance, d("180000"));
    let date2 = revolving(&r, 1);
    assert!(date2.revolving);
    assert_eq!(date2.ended_by, None);
}

#[test]
fn two_lines_of_one_obligor_share_its_limit() {
    // 乙's A2 pays 100,000 on date 1, 丙's A3 (100,000) performs: two lines of 甲, half the
    // cash each (50,000), 甲 at most 40% of the pool after the purchase X:
    // X ≤ 0.4 × (100,000 + X) → X ≤ 66,666.66 (to the fen below). The first line buys its
    // 50,000; the second only what is left, 16,666.66; 33,333.34 is capped.
    let lines = r#"PurchaseLine(id: "x", obligor: "甲", weight: 0.5, rate: 0.0, term: 12,
            amortisation: Bullet),
        PurchaseLine(id: "y", obligor: "甲", weight: 0.5, rate: 0.0, term: 12,
            amortisation: Bullet)"#;
    let assets = r#"
        Asset(id: "A2", asset_class: TradeReceivable, obligor: "乙", balance: "100000.00",
              rate: 0.0, remaining_term: 12, amortisation: Bullet),
        Asset(id: "A3", asset_class: TradeReceivable, obligor: "丙", balance: "100000.00",
              rate: 0.0, remaining_term: 24, amortisation: Bullet)"#;
    let r = results(
        assets,
        "200000.00",
        r#"Scenario(name: "base")"#,
        lines,
        "eligibility: Eligibility(max_obligor_share: 0.4)",
        "2026-01-01",
    );
    let rv = revolving(&r, 0);
    assert_eq!((rv.purchases, rv.capped), (d("66666.66"), d("33333.34")));
    assert_eq!(r.periods[0].pool.closing_balance, d("166666.66"));
}

#[test]
fn a_level_payment_purchase_in_half_years_amortises_at_the_half_year_rate() {
    // Semi-annual dates 2025-07-01, 2026-01-01, 2026-07-01 (181, 184, 181 days). A1 over 6
    // months pays 100,000 on date 1, which buys a 10% level-payment line over 12 months:
    // two payments at j = 0.1 / 2 = 0.05. Date 2: principal 100,000 × 0.05 / (1.05² − 1) =
    // 5,000 / 0.1025 = 48,780.49; interest 100,000 × 0.1 × 184 / 365 = 5,041.10. Date 3:
    // principal 51,219.51; interest 51,219.512… × 0.1 × 181 / 365 = 2,539.93.
    let text = DEAL
        .replace("frequency: Annual", "frequency: SemiAnnual")
        .replace(
            r#"first_payment_date: "2026-01-01""#,
            r#"first_payment_date: "2025-07-01""#,
        )
        .replace("2028-01-01", "2026-07-01")
        .replace(
            "ASSETS",
            &A1.replace("remaining_term: 12", "remaining_term: 6"),
        )
        .replace("SIZE", "100000.00")
        .replace("SCENARIOS", r#"Scenario(name: "base")"#)
        .replace(
            "LINES",
            r#"PurchaseLine(id: "new", weight: 1.0, rate: 0.1, term: 12,
                amortisation: LevelPayment)"#,
        )
        .replace("REVOLVING", "")
        .replace(r#"end: "2026-01-01""#, r#"end: "2025-07-01""#);
    let r = run(&parse_deal(&text, "semi").unwrap(), None).unwrap();
    let rows: Vec<(Decimal, Decimal)> = r
        .periods
        .iter()
        .map(|p| (p.pool.scheduled_principal, p.pool.interest))
        .collect();
    assert_eq!(
        rows,
        [
            (d("100000"), Decimal::ZERO),
            (d("48780.49"), d("5041.10")),
            (d("51219.51"), d("2539.93")),
        ]
    );
}

#[test]
fn a_level_payment_purchase_at_zero_rate_repays_in_equal_parts() {
    // 100,000 bought on date 1, 0% over 24 months: 50,000 on dates 2 and 3.
    let line = r#"PurchaseLine(id: "new", weight: 1.0, rate: 0.0, term: 24,
        amortisation: LevelPayment)"#;
    let r = results(
        A1,
        "100000.00",
        r#"Scenario(name: "base")"#,
        line,
        "",
        "2026-01-01",
    );
    let due: Vec<Decimal> = r
        .periods
        .iter()
        .map(|p| p.pool.scheduled_principal)
        .collect();
    assert_eq!(due, [d("100000"), d("50000"), d("50000")]);
}

#[test]
fn a_line_above_the_maximum_term_is_kept_and_released_on_the_first_amortising_date() {
    // The line's 24 months are above the 12-month maximum: date 1's 100,000 from A1 is
    // ineligible and kept (丙's A2, due on date 2, still performs, so there is a pool to buy
    // into); date 2 releases it with A2's 100,000: 200,000 to A, and the deal ends. Kept cash above 10% of the pool
    // would end the period on the next date, but date 2 amortises anyway: the end date is
    // the cause.
    let assets = format!(
        r#"{A1}, Asset(id: "A2", asset_class: TradeReceivable, obligor: "丙", balance: "100000.00", rate: 0.0,
            remaining_term: 24, amortisation: Bullet)"#
    );
    let line = r#"PurchaseLine(id: "new", weight: 1.0, rate: 0.0, term: 24,
        amortisation: Bullet)"#;
    let r = results(
        &assets,
        "200000.00",
        r#"Scenario(name: "base")"#,
        line,
        "eligibility: Eligibility(max_term: 12), max_uninvested_share: 0.1",
        "2026-01-01",
    );
    let z = Decimal::ZERO;
    let rv = revolving(&r, 0);
    assert_eq!(
        (rv.purchases, rv.ineligible, rv.uninvested),
        (z, d("100000"), d("100000"))
    );
    assert_eq!(revolving(&r, 1).ended_by, Some(RevolvingEnd::EndDate));
    assert_eq!(principal(&r), [z, d("200000")]);
    // At most 24 months, the line is bought: 100,000 on date 1, repaid on date 3 (24 months
    // after the purchase).
    let r = results(
        &assets,
        "200000.00",
        r#"Scenario(name: "base")"#,
        line,
        "eligibility: Eligibility(max_term: 24)",
        "2026-01-01",
    );
    assert_eq!(revolving(&r, 0).purchases, d("100000"));
    assert_eq!(principal(&r), [z, d("100000"), d("100000")]);
}

#[test]
fn cash_with_no_pool_left_to_buy_into_is_paid_out() {
    // A1 alone, a line below the 1% minimum rate: nothing is bought and the pool after
    // date 1 is empty, so the 100,000 is not kept but repays A on date 1, the last.
    let line = r#"PurchaseLine(id: "new", weight: 1.0, rate: 0.0, term: 12,
        amortisation: Bullet)"#;
    let r = results(
        A1,
        "100000.00",
        r#"Scenario(name: "base")"#,
        line,
        "eligibility: Eligibility(min_rate: 0.01)",
        "2026-01-01",
    );
    let z = Decimal::ZERO;
    let rv = revolving(&r, 0);
    assert_eq!(
        (rv.purchases, rv.ineligible, rv.uninvested),
        (z, d("100000"), z)
    );
    assert_eq!(principal(&r), [d("100000")]);
}

#[test]
fn each_line_gets_its_weight_of_the_cash() {
    // Lines of 30% (a 0% rate, below the 1% minimum) and 70% (2%): of date 1's 100,000,
    // 30,000 is ineligible and 70,000 buys the second line, a bullet over 12 months repaid
    // on date 2 with 2% interest (1,400). Date 2, the last: the 30,000 released, the 70,000
    // and A2's 100,000 repay A's 200,000.
    let lines = r#"PurchaseLine(id: "low", weight: 0.3, rate: 0.0, term: 12,
            amortisation: Bullet),
        PurchaseLine(id: "ok", weight: 0.7, rate: 0.02, term: 12, amortisation: Bullet)"#;
    let assets = format!(
        r#"{A1}, Asset(id: "A2", asset_class: TradeReceivable, obligor: "丙", balance: "100000.00", rate: 0.0,
            remaining_term: 24, amortisation: Bullet)"#
    );
    let r = results(
        &assets,
        "200000.00",
        r#"Scenario(name: "base")"#,
        lines,
        "eligibility: Eligibility(min_rate: 0.01)",
        "2026-01-01",
    );
    let rv = revolving(&r, 0);
    assert_eq!(
        (rv.purchases, rv.ineligible, rv.uninvested),
        (d("70000"), d("30000"), d("30000"))
    );
    assert_eq!(r.periods[1].pool.interest, d("1400"));
    assert_eq!(principal(&r), [Decimal::ZERO, d("200000")]);
}

#[test]
fn every_collection_of_a_revolving_date_buys_new_assets() {
    // CDR 10%, CPR 20%, recovery 50% on the same date, dates 1 and 2 buy. Date 1 collects
    // A1's 90,000 (a bullet: nothing to prepay) and the 5,000 recovered from its 10,000
    // default: 95,000 buys equal-principal assets over 24 months. Date 2, the new assets:
    // default 9,500 (4,750 recovered), pay 85,500 / 2 = 42,750 and prepay 0.2 × 42,750 =
    // 8,550; 42,750 + 8,550 + 4,750 = 56,050 buys again.
    let scenario = r#"Scenario(name: "base", cdr: Flat(0.1), cpr: Flat(0.2), recovery_rate: 0.5)"#;
    let line = r#"PurchaseLine(id: "new", weight: 1.0, rate: 0.0, term: 24,
        amortisation: EqualPrincipal)"#;
    let r = results(A1, "100000.00", scenario, line, "", "2027-01-01");
    assert_eq!(r.periods[0].pool.recoveries, d("5000"));
    let rv = revolving(&r, 0);
    assert_eq!(
        (rv.purchases, rv.purchased_balance),
        (d("95000"), d("95000"))
    );
    let p = &r.periods[1].pool;
    assert_eq!(
        (p.scheduled_principal, p.prepayments, p.recoveries),
        (d("42750"), d("8550"), d("4750"))
    );
    assert_eq!(revolving(&r, 1).purchases, d("56050"));
}

#[test]
fn the_new_assets_rounded_defaults_give_way_to_their_rounded_closing_balance() {
    // CDR 50%. A1 of 100,000.02 defaults 50,000.01 and pays 50,000.01 on date 1, which buys
    // 50,000.01 of a bullet over 24 months. Date 2: half of it defaults and half performs,
    // 25,000.005 each (in binary a hair above), both 25,000.01 to the fen: one fen more than
    // the balance. The closing balance keeps its 25,000.01 and the defaults take the rest,
    // 25,000.00; nothing is left for prepayments or scheduled principal.
    let scenario = r#"Scenario(name: "base", cdr: Flat(0.5))"#;
    let line = r#"PurchaseLine(id: "new", weight: 1.0, rate: 0.0, term: 24,
        amortisation: Bullet)"#;
    let a1 = A1.replace("100000.00", "100000.02");
    let r = results(&a1, "100000.02", scenario, line, "", "2026-01-01");
    assert_eq!(revolving(&r, 0).purchased_balance, d("50000.01"));
    let p = &r.periods[1].pool;
    let z = Decimal::ZERO;
    assert_eq!(
        (
            p.defaults,
            p.prepayments,
            p.scheduled_principal,
            p.closing_balance
        ),
        (d("25000.00"), z, z, d("25000.01"))
    );
}

#[test]
fn the_limit_counts_the_new_assets_in_the_pool_before_a_purchase() {
    // Quarterly, dates 2025-04-01 to 2026-01-01, dates 1 and 2 buy; bullets of 乙, 丙 and 丁
    // (100,000 each) due on dates 1, 2 and 4; a line of 甲 over 6 months, 甲 at most 60%.
    // Date 1: 乙's 100,000, pool before 200,000: x ≤ 0.6 × (200,000 + x) allows 300,000,
    // so all 100,000 is bought. Date 2: 丙's 100,000; the pool before is 丁's 100,000 + the
    // 100,000 bought on date 1, of which 甲 holds 100,000: 100,000 + x ≤ 0.6 × (200,000 + x)
    // → 0.4 x ≤ 20,000 → 50,000 bought, 50,000 kept.
    let assets = r#"
        Asset(id: "A2", asset_class: TradeReceivable, obligor: "乙", balance: "100000.00",
              rate: 0.0, remaining_term: 3, amortisation: Bullet),
        Asset(id: "A3", asset_class: TradeReceivable, obligor: "丙", balance: "100000.00",
              rate: 0.0, remaining_term: 6, amortisation: Bullet),
        Asset(id: "A4", asset_class: TradeReceivable, obligor: "丁", balance: "100000.00",
              rate: 0.0, remaining_term: 12, amortisation: Bullet)"#;
    let text = DEAL
        .replace("frequency: Annual", "frequency: Quarterly")
        .replace(
            r#"first_payment_date: "2026-01-01""#,
            r#"first_payment_date: "2025-04-01""#,
        )
        .replace("2028-01-01", "2026-01-01")
        .replace(r#"end: "2026-01-01""#, r#"end: "2025-07-01""#)
        .replace("ASSETS", assets)
        .replace("SIZE", "300000.00")
        .replace("SCENARIOS", r#"Scenario(name: "base")"#)
        .replace(
            "LINES",
            r#"PurchaseLine(id: "new", obligor: "甲", weight: 1.0, rate: 0.0, term: 6,
                amortisation: Bullet)"#,
        )
        .replace(
            "REVOLVING",
            "eligibility: Eligibility(max_obligor_share: 0.6)",
        );
    let r = run(&parse_deal(&text, "quarterly").unwrap(), None).unwrap();
    assert_eq!(revolving(&r, 0).purchases, d("100000"));
    let rv = revolving(&r, 1);
    assert_eq!(
        (rv.purchases, rv.capped, rv.uninvested),
        (d("50000"), d("50000"), d("50000"))
    );
    assert_eq!(r.periods[1].pool.closing_balance, d("250000"));
}
