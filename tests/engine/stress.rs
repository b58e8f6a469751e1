//! Small tranched deals under stress, computed by hand: shortfalls carried and caught up in
//! the deal's priority, triggers switching the waterfall, lagged recoveries (some lost after
//! the last date), a deficiency payment with both caps binding, a reserve drawn, refilled
//! and released, principal carried to the next date, a bullet tranche's principal account,
//! short interest shared pro rata, a collection lag, a fixed-amortisation tranche, and
//! target-share principal with a pool-share reserve and an annual fee, a breach that stays
//! when the ratio recovers, a capped pro rata split, ACT/360, the reserve of a deal without a
//! rated tranche, interest paid after a principal step, the earliest of two named defaults,
//! the per-period excess spread and OC ratio, the pool's totals and the purchase price in a
//! tranche's IRR. Every expected value is a literal worked out from
//! `conventions.md` and `docs/methodology.md`, the arithmetic next to it; `docs/testing.md`
//! lists the wrong rule each test catches.
//!
//! The deals are annual with 1 January dates, so most periods have 365 days and an accrual
//! is balance × rate exactly (ACT/365F); the one period over 2028-02-29 has 366 days.

use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;
use tranche_studio::model::Deal;
use tranche_studio::results::{DealResults, PeriodResult};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn deal(ron: &str) -> Deal {
    parse_deal(ron, "stress").expect("the deal parses")
}

fn run_deal(ron: &str) -> DealResults {
    let r = run(&deal(ron), None).expect("the deal runs");
    for p in &r.periods {
        assert_eq!(p.available, p.paid + p.retained, "conserved on {}", p.date);
    }
    r
}

fn dates(r: &DealResults) -> Vec<String> {
    r.periods.iter().map(|p| p.date.to_string()).collect()
}

/// (interest due, interest paid, interest shortfall, principal paid) of tranche `t`.
fn tranche(p: &PeriodResult, t: usize) -> [Decimal; 4] {
    let x = &p.tranches[t];
    [
        x.interest_due,
        x.interest_paid,
        x.interest_shortfall,
        x.principal_paid,
    ]
}

/// Collections below fees plus senior interest. One 1,000,000 asset at 0.6% with an explicit
/// principal schedule (0, 44,000, then the rest); a 10,000 fee each date ahead of A's 5%
/// interest on 800,000 (40,000 a year). Period 1 cannot pay the fee in full, period 2 pays
/// the fee and its arrears but not all of A's interest, period 3 catches everything up.
const SHORT_CASH: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "现金不足",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.006,
              remaining_term: 36, amortisation: Schedule(["0", "44000", "956000"])),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "800000.00", coupon: 0.05,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "200000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", holder: Originator),
    ],
    fees: [Fee(id: "svc", name: "服务费", basis: PerPeriod("10000.00"))],
    waterfall: Waterfall(steps: [
        Fee("svc"),
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn fee_and_interest_shortfalls_are_carried_and_caught_up_in_priority_order() {
    let r = run_deal(SHORT_CASH);
    assert_eq!(dates(&r), ["2026-01-01", "2027-01-01", "2028-01-01"]);
    let (p1, p2, p3) = (&r.periods[0], &r.periods[1], &r.periods[2]);
    let fee = |p: &PeriodResult| [p.fees[0].due, p.fees[0].paid, p.fees[0].shortfall];

    // Period 1: pool interest 1,000,000 × 0.6% × 365/365 = 6,000; no principal scheduled.
    // The fee comes first: 6,000 of its 10,000 (4,000 short); nothing is left for A's
    // 800,000 × 5% = 40,000 (all short). Paying A first would pay A 6,000 and the fee 0.
    assert_eq!(p1.collections, d("6000.00"));
    assert_eq!(fee(p1), [d("10000.00"), d("6000.00"), d("4000.00")]);
    let zero = Decimal::ZERO;
    assert_eq!(tranche(p1, 0), [d("40000.00"), zero, d("40000.00"), zero]);

    // Period 2: interest 6,000 on the unchanged 1,000,000 + scheduled principal 44,000 =
    // 50,000. Fee due 10,000 + 4,000 carried = 14,000, paid; A due 40,000 + 40,000 carried
    // (no interest on the unpaid interest) = 80,000, paid 50,000 − 14,000 = 36,000, short
    // 44,000. Principal: 44,000 collected, no funds left: 44,000 carried to the next date.
    assert_eq!(p2.collections, d("50000.00"));
    assert_eq!(fee(p2), [d("14000.00"), d("14000.00"), zero]);
    assert_eq!(
        tranche(p2, 0),
        [d("80000.00"), d("36000.00"), d("44000.00"), zero]
    );

    // Period 3 (the last): interest 956,000 × 0.6% = 5,736 + principal 956,000 = 961,736.
    // Fee 10,000 (nothing carried); A due 800,000 × 5% + 44,000 = 84,000, paid in full;
    // both tranches mature: A 800,000, then B takes 961,736 − 10,000 − 84,000 − 800,000
    // = 67,736 of its 200,000.
    assert_eq!(p3.collections, d("961736.00"));
    assert_eq!(fee(p3), [d("10000.00"), d("10000.00"), zero]);
    assert_eq!(
        tranche(p3, 0),
        [d("84000.00"), d("84000.00"), zero, d("800000.00")]
    );
    assert_eq!(p3.tranches[1].principal_paid, d("67736.00"));
    assert_eq!(p3.tranches[1].residual_paid, zero);

    let (a, b) = (&r.securities[0], &r.securities[1]);
    // A receives 0 + 36,000 + 84,000 = 120,000 = three years of 40,000: all caught up.
    assert_eq!(a.total_interest, d("120000.00"));
    assert_eq!(a.interest_shortfall, zero);
    assert_eq!(a.principal_loss, zero);
    assert!(!a.interest_paid_in_full, "A was short on dates 1 and 2");
    // B loses 200,000 − 67,736 = 132,264.
    assert_eq!(b.principal_loss, d("132264.00"));
}

/// Pro rata principal until cumulative defaults pass 10% of the pool, then sequential with
/// every fen left after A's interest going to principal (excess spread trapped). Two 6%
/// equal-principal assets over three years: 甲 600,000 (200,000 a year), 乙 300,000
/// (100,000 a year); 乙 defaults in full in period 2 with nothing recovered.
const TRIGGER: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "触发事件",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: FinancialLease, balance: "600000.00", rate: 0.06,
              remaining_term: 36, amortisation: EqualPrincipal),
        Asset(id: "L2", obligor: "乙公司", asset_class: FinancialLease, balance: "300000.00", rate: 0.06,
              remaining_term: 36, amortisation: EqualPrincipal),
    ]),
    scenarios: [
        Scenario(name: "stress", obligor_defaults: [ObligorDefault(obligor: "乙公司", period: 2)]),
    ],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "600000.00", coupon: 0.04,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "300000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", holder: Originator),
    ],
    triggers: [Trigger(id: "cdr", name: "累计违约率超过 10%", test: CumulativeDefaultRate(0.10))],
    waterfall: Waterfall(
        steps: [
            Interest(["A"]),
            Principal(tranches: ["A", "B"], allocation: ProRata, amount: Collections),
            Residual("B"),
        ],
        post_trigger: [
            Interest(["A"]),
            Principal(tranches: ["A", "B"], allocation: Sequential, amount: Available),
            Residual("B"),
        ],
    ),
)
"#;

#[test]
fn trigger_switches_to_sequential_and_traps_excess_spread_from_the_breach_date() {
    let r = run_deal(TRIGGER);
    assert_eq!(dates(&r), ["2026-01-01", "2027-01-01", "2028-01-01"]);
    let (p1, p2, p3) = (&r.periods[0], &r.periods[1], &r.periods[2]);
    let zero = Decimal::ZERO;
    let paid = |p: &PeriodResult, t: usize| {
        let x = &p.tranches[t];
        [x.interest_paid, x.principal_paid, x.residual_paid]
    };

    // Period 1, no default: interest 900,000 × 6% = 54,000; principal 200,000 + 100,000.
    // A interest 600,000 × 4% = 24,000. Pro rata on opening balances 600,000 : 300,000:
    // A 200,000, B 100,000. B's residual 354,000 − 24,000 − 300,000 = 30,000.
    assert!(!p1.trigger_breached);
    assert_eq!(p1.available, d("354000.00"));
    assert_eq!(paid(p1, 0), [d("24000.00"), d("200000.00"), zero]);
    assert_eq!(paid(p1, 1), [zero, d("100000.00"), d("30000.00")]);

    // Period 2: 乙's 200,000 outstanding defaults; cumulative 200,000 / 900,000 = 22.2% >
    // 10%, tested before any payment, so this date already runs the post-trigger steps.
    // 甲: interest 400,000 × 6% = 24,000, principal 200,000; available 224,000.
    // A interest 400,000 × 4% = 16,000; the 208,000 left all go to A (sequential, turbo):
    // A 400,000 → 192,000; B nothing. (Pro rata would have paid A 133,333.33 and B
    // 66,666.67 and B a residual of 8,000.)
    assert!(p2.trigger_breached);
    assert_eq!(p2.pool.defaults, d("200000.00"));
    assert_eq!(p2.available, d("224000.00"));
    assert_eq!(paid(p2, 0), [d("16000.00"), d("208000.00"), zero]);
    assert_eq!(paid(p2, 1), [zero, zero, zero]);
    assert_eq!(p2.tranches[0].closing_balance, d("192000.00"));

    // Period 3 (the last; the breach sticks): 甲 interest 200,000 × 6% = 12,000 + principal
    // 200,000 = 212,000. A interest 192,000 × 4% = 7,680. Both tranches mature: A 192,000,
    // then B 212,000 − 7,680 − 192,000 = 12,320.
    assert!(p3.trigger_breached);
    assert_eq!(p3.available, d("212000.00"));
    assert_eq!(paid(p3, 0), [d("7680.00"), d("192000.00"), zero]);
    assert_eq!(paid(p3, 1), [zero, d("12320.00"), zero]);

    // A is repaid in full; B is paid 100,000 + 12,320 and loses 300,000 − 112,320 = 187,680.
    assert_eq!(r.securities[0].principal_loss, zero);
    assert_eq!(r.securities[1].principal_loss, d("187680.00"));
    assert_eq!(r.securities[1].total_residual, d("30000.00"));
}

#[test]
fn oc_trigger_compares_the_closing_pool_with_the_tranches_opening_balances() {
    // The same deal with an over-collateralisation test instead: breached when the period's
    // closing performing pool balance / A's opening balance < 1.0 (strictly).
    let ron = TRIGGER.replace(
        "test: CumulativeDefaultRate(0.10)",
        "test: OcRatio(tranches: [\"A\"], min: 1.0)",
    );
    assert_ne!(ron, TRIGGER);
    let r = run_deal(&ron);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1: closing pool 900,000 − 300,000 = 600,000 over A's opening 600,000 = 1.0, not
    // below 1.0: pro rata as before (A 200,000, B 100,000).
    assert!(!p1.trigger_breached);
    assert_eq!(p1.tranches[0].principal_paid, d("200000.00"));
    assert_eq!(p1.tranches[1].principal_paid, d("100000.00"));
    // Date 2: closing pool (甲 400,000 − 200,000; 乙 defaulted) 200,000 over A's opening
    // 400,000 = 0.5: breached; sequential and turbo, A takes all 208,000. (A's balance after
    // payments, 192,000, would give 1.04; the opening pool, 600,000, would give 1.5: neither
    // breaches.)
    assert!(p2.trigger_breached);
    assert_eq!(p2.tranches[0].principal_paid, d("208000.00"));
    assert_eq!(p2.tranches[1].residual_paid, Decimal::ZERO);
    assert!(r.periods[2].trigger_breached);
}

/// Two 500,000 zero-rate bullets due in three years; 甲 defaults in period 1 and 乙 in period
/// 3 (the legal final date), each recovering 40% one period later. A (600,000 at 5%) is paid
/// only from recoveries.
const RECOVERY_LAG: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "回收滞后",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TradeReceivable, balance: "500000.00", rate: 0.0,
              remaining_term: 36, amortisation: Bullet),
        Asset(id: "L2", obligor: "乙公司", asset_class: TradeReceivable, balance: "500000.00", rate: 0.0,
              remaining_term: 36, amortisation: Bullet),
    ]),
    scenarios: [
        Scenario(name: "lagged", recovery_rate: 0.4, recovery_lag: 1, obligor_defaults: [
            ObligorDefault(obligor: "甲公司", period: 1),
            ObligorDefault(obligor: "乙公司", period: 3),
        ]),
    ],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "600000.00", coupon: 0.05,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "400000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn recoveries_arrive_after_their_lag_and_are_lost_after_the_last_date() {
    let r = run_deal(RECOVERY_LAG);
    assert_eq!(dates(&r), ["2026-01-01", "2027-01-01", "2028-01-01"]);
    let (p1, p2, p3) = (&r.periods[0], &r.periods[1], &r.periods[2]);
    let zero = Decimal::ZERO;
    let pool = |p: &PeriodResult| [p.pool.defaults, p.pool.recoveries, p.collections];

    // Period 1: 甲 defaults (500,000); its 40% = 200,000 arrives one period later, so
    // nothing is collected now. A's 600,000 × 5% = 30,000 is all short.
    assert_eq!(pool(p1), [d("500000.00"), zero, zero]);
    assert_eq!(tranche(p1, 0), [d("30000.00"), zero, d("30000.00"), zero]);

    // Period 2: 甲's recovery 200,000. A interest due 30,000 + 30,000 carried = 60,000, paid;
    // principal (collections = the recovery, 200,000) gets the 140,000 left: A → 460,000.
    assert_eq!(pool(p2), [zero, d("200000.00"), d("200000.00")]);
    assert_eq!(
        tranche(p2, 0),
        [d("60000.00"), d("60000.00"), zero, d("140000.00")]
    );

    // Period 3, the legal final date: 乙 defaults (500,000); its 200,000 recovery would come
    // on 2029-01-01, after the last date: lost, and reported. Nothing is collected: A's
    // 460,000 × 5% = 23,000 is short and its 460,000 lost; B loses its 400,000.
    assert_eq!(pool(p3), [d("500000.00"), zero, zero]);
    assert_eq!(tranche(p3, 0), [d("23000.00"), zero, d("23000.00"), zero]);
    assert_eq!(r.pool.total_recoveries, d("200000.00"));
    assert_eq!(r.pool.recoveries_lost, d("200000.00"));
    // Pool totals: defaults 500,000 + 500,000 = the whole pool (rate 1.0); collections are
    // the one recovery; nothing performs after the last date.
    assert_eq!(r.pool.total_defaults, d("1000000.00"));
    assert_eq!(r.pool.cumulative_default_rate, 1.0);
    assert_eq!(r.pool.total_collections, d("200000.00"));
    assert_eq!(r.pool.balance_after_last_date, zero);
    assert_eq!(r.securities[0].principal_loss, d("460000.00"));
    assert_eq!(r.securities[0].interest_shortfall, d("23000.00"));
    assert_eq!(r.securities[1].principal_loss, d("400000.00"));
}

#[test]
fn a_recovery_inside_the_legal_final_date_extends_the_deal_to_its_date() {
    // The same deal with a legal final date a year later: 乙's recovery falls on 2029-01-01,
    // inside the schedule, so that date is the final payment date and nothing is lost.
    let ron = RECOVERY_LAG.replace(
        "legal_final_date: \"2028-01-01\"",
        "legal_final_date: \"2029-01-01\"",
    );
    let r = run_deal(&ron);
    assert_eq!(
        dates(&r),
        ["2026-01-01", "2027-01-01", "2028-01-01", "2029-01-01"]
    );
    assert_eq!(r.pool.recoveries_lost, Decimal::ZERO);
    let p4 = &r.periods[3];
    // Period 4: 2028-01-01 → 2029-01-01 is 366 days. Recovery 200,000. A interest due
    // 460,000 × 5% × 366/365 = 23,063.0137 → 23,063.01, + 23,000 carried = 46,063.01, paid.
    // A matures on the final date: 200,000 − 46,063.01 = 153,936.99 of its 460,000.
    assert_eq!(p4.accrual_days, 366);
    assert_eq!(p4.pool.recoveries, d("200000.00"));
    assert_eq!(
        tranche(p4, 0),
        [d("46063.01"), d("46063.01"), Decimal::ZERO, d("153936.99")]
    );
    // A loses 460,000 − 153,936.99 = 306,063.01.
    assert_eq!(r.securities[0].principal_loss, d("306063.01"));
}

/// A zero-rate 1,000,000 bullet due in four years: nothing is collected for three years. A
/// deficiency payment covers the fee and A's interest, at most 10,000 a date and 25,000 in
/// all.
const CAPPED_UNDERTAKING: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "差额支付上限",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2029-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: InfrastructureFee, balance: "1000000.00", rate: 0.0,
              remaining_term: 48, amortisation: Bullet),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "800000.00", coupon: 0.05,
                expected_maturity: "2029-01-01", legal_maturity: "2029-01-01", rating: "AA+"),
        Tranche(id: "B", name: "次级", size: "200000.00", coupon: 0.0,
                expected_maturity: "2029-01-01", legal_maturity: "2029-01-01", holder: Originator),
    ],
    fees: [Fee(id: "trustee", name: "受托费", basis: PerPeriod("2000.00"))],
    enhancements: [
        Enhancement(id: "dp", kind: DeficiencyPayment, provider: "原始权益人",
                    covers: [Fees, Interest(["A"])], cap_per_period: "10000.00", cap_total: "25000.00"),
    ],
    waterfall: Waterfall(steps: [
        Fee("trustee"),
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn deficiency_payment_is_held_to_its_per_date_and_total_caps() {
    let r = run_deal(CAPPED_UNDERTAKING);
    assert_eq!(r.periods.len(), 4);
    let draws: Vec<Decimal> = r.periods.iter().map(|p| p.enhancement_draws[0]).collect();
    let zero = Decimal::ZERO;

    // Each of periods 1-3 collects nothing. The 10,000 cap per date covers all items of the
    // date: the fee's 2,000 first, then 8,000 of A's interest.
    // Period 1: A due 800,000 × 5% = 40,000; paid 8,000, short 32,000.
    // Period 2: A due 40,000 + 32,000 = 72,000; paid 8,000, short 64,000. Drawn 20,000.
    // Period 3: 5,000 left under the 25,000 total: the fee's 2,000, then 3,000 of A's
    // 40,000 + 64,000 = 104,000; short 101,000.
    // Without the per-date cap period 1 would draw 42,000; without the total, period 3
    // 10,000.
    assert_eq!(draws, [d("10000.00"), d("10000.00"), d("5000.00"), zero]);
    for p in &r.periods[..3] {
        assert_eq!(p.fees[0].paid, d("2000.00"), "{}", p.date);
        assert_eq!(p.fees[0].shortfall, zero);
    }
    let a: Vec<[Decimal; 4]> = r.periods.iter().map(|p| tranche(p, 0)).collect();
    assert_eq!(a[0], [d("40000.00"), d("8000.00"), d("32000.00"), zero]);
    assert_eq!(a[1], [d("72000.00"), d("8000.00"), d("64000.00"), zero]);
    assert_eq!(a[2], [d("104000.00"), d("3000.00"), d("101000.00"), zero]);

    // Period 4 (2028-01-01 → 2029-01-01, 366 days): the bullet pays 1,000,000. Fee 2,000;
    // A due 800,000 × 5% × 366/365 = 40,109.589 → 40,109.59 + 101,000 = 141,109.59, paid;
    // A's 800,000, then B 1,000,000 − 2,000 − 141,109.59 − 800,000 = 56,890.41. No draw.
    assert_eq!(a[3], [d("141109.59"), d("141109.59"), zero, d("800000.00")]);
    assert_eq!(r.periods[3].tranches[1].principal_paid, d("56890.41"));

    let dp = r.enhancements.iter().find(|e| e.id == "dp").unwrap();
    assert_eq!(dp.total_drawn, d("25000.00"));
    assert_eq!(dp.periods_drawn, 3);
    // Drawn for A's interest: 8,000 + 8,000 + 3,000 (the fee's 6,000 is no tranche's).
    assert_eq!(r.securities[0].enhancement_draws, d("19000.00"));
}

/// A 20,000 reserve (target 20,000) covering A's interest, released once the rated A is
/// repaid. The zero-rate asset repays 600,000, 0, 300,000, 50,000 and 50,000; all funds left
/// after A's interest and the reserve top-up go to principal, A first.
const RESERVE: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "储备金",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2030-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.0,
              remaining_term: 60, amortisation: Schedule(["600000", "0", "300000", "50000", "50000"])),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "600000.00", coupon: 0.05,
                expected_maturity: "2030-01-01", legal_maturity: "2030-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "400000.00", coupon: 0.0,
                expected_maturity: "2030-01-01", legal_maturity: "2030-01-01", holder: Originator),
    ],
    reserve: Reserve(initial: "20000.00", target: Fixed("20000.00"), covers: [Interest(["A"])]),
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        ReserveTopUp,
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Available),
        Residual("B"),
    ]),
)
"#;

#[test]
fn reserve_is_drawn_refilled_and_released_once_the_rated_tranche_is_repaid() {
    let r = run_deal(RESERVE);
    assert_eq!(r.periods.len(), 5);
    let zero = Decimal::ZERO;
    // (opening, deposit, draw, release, closing) of the reserve.
    let res: Vec<[Decimal; 5]> = r
        .periods
        .iter()
        .map(|p| {
            let x = &p.reserve;
            [x.opening, x.deposit, x.draw, x.release, x.closing]
        })
        .collect();
    let principal = |t: usize| -> Vec<Decimal> {
        r.periods
            .iter()
            .map(|p| p.tranches[t].principal_paid)
            .collect()
    };
    let twenty = d("20000.00");

    // Period 1: 600,000 collected. A interest 600,000 × 5% = 30,000; the reserve is at its
    // target; 570,000 to A (600,000 → 30,000).
    assert_eq!(res[0], [twenty, zero, zero, zero, twenty]);
    // Period 2: nothing collected. A interest 30,000 × 5% = 1,500, drawn from the reserve
    // (20,000 → 18,500); no funds to refill it.
    assert_eq!(res[1], [twenty, zero, d("1500.00"), zero, d("18500.00")]);
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("1500.00"));
    // Period 3: 300,000 collected. A interest 1,500; top-up 20,000 − 18,500 = 1,500; then
    // 297,000 to principal: A's last 30,000, B 267,000 (400,000 → 133,000).
    assert_eq!(res[2], [d("18500.00"), d("1500.00"), zero, zero, twenty]);
    // Period 4: A's opening balance is zero, so the whole reserve is released at the start
    // (before the last date, 2030-01-01) and its target is zero from now on: 50,000 +
    // 20,000 = 70,000 to B (133,000 → 63,000).
    assert_eq!(res[3], [twenty, zero, zero, twenty, zero]);
    assert_eq!(r.periods[3].available, d("70000.00"));
    // Period 5: 50,000 to B, which loses 63,000 − 50,000 = 13,000.
    assert_eq!(res[4], [zero; 5]);
    assert_eq!(
        principal(0),
        [d("570000.00"), zero, d("30000.00"), zero, zero]
    );
    assert_eq!(
        principal(1),
        [zero, zero, d("267000.00"), d("70000.00"), d("50000.00")]
    );
    assert_eq!(r.securities[0].principal_loss, zero);
    assert_eq!(r.securities[0].total_interest, d("33000.00")); // 30,000 + 1,500 + 1,500
    assert_eq!(r.securities[1].principal_loss, d("13000.00"));
    let reserve = r.enhancements.iter().find(|e| e.id == "reserve").unwrap();
    assert_eq!(reserve.total_drawn, d("1500.00"));
    assert_eq!(reserve.periods_drawn, 1);
}

/// Principal by pool decline (defaults included), sequential: what the funds cannot pay is
/// carried to the next date and caught up from excess interest. 甲 900,000 at 10% repays
/// 300,000 a year; 乙 100,000 at 10% defaults in full in period 1, nothing recovered.
const POOL_DECLINE: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "本金按资产池减少额",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "900000.00", rate: 0.10,
              remaining_term: 36, amortisation: EqualPrincipal),
        Asset(id: "L2", obligor: "乙公司", asset_class: TrustLoan, balance: "100000.00", rate: 0.10,
              remaining_term: 36, amortisation: EqualPrincipal),
    ]),
    scenarios: [
        Scenario(name: "stress", obligor_defaults: [ObligorDefault(obligor: "乙公司", period: 1)]),
    ],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "800000.00", coupon: 0.05,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "200000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: PoolDecline),
        Residual("B"),
    ]),
)
"#;

#[test]
fn unpaid_principal_by_pool_decline_is_carried_and_caught_up_from_excess_interest() {
    let r = run_deal(POOL_DECLINE);
    assert_eq!(r.periods.len(), 3);
    let zero = Decimal::ZERO;
    // (A principal, B principal, B residual) per date.
    let flows: Vec<[Decimal; 3]> = r
        .periods
        .iter()
        .map(|p| {
            let (a, b) = (&p.tranches[0], &p.tranches[1]);
            [a.principal_paid, b.principal_paid, b.residual_paid]
        })
        .collect();
    // Period 1: 乙 defaults (100,000); 甲 pays 900,000 × 10% = 90,000 interest and 300,000
    // principal: 390,000. A interest 800,000 × 5% = 40,000. Pool decline 1,000,000 −
    // 600,000 = 400,000 is due as principal, 350,000 is paid to A, 50,000 carried.
    assert_eq!(r.periods[0].pool.defaults, d("100000.00"));
    assert_eq!(r.periods[0].available, d("390000.00"));
    assert_eq!(flows[0], [d("350000.00"), zero, zero]);
    // Period 2: 600,000 × 10% = 60,000 + 300,000 = 360,000. A interest 450,000 × 5% =
    // 22,500. Principal due 300,000 + 50,000 carried = 350,000; 337,500 left, all to A
    // (450,000 → 112,500), 12,500 carried. Without the carry A would get 300,000 and B a
    // residual of 37,500.
    assert_eq!(r.periods[1].available, d("360000.00"));
    assert_eq!(flows[1], [d("337500.00"), zero, zero]);
    // Period 3 (the last): 300,000 × 10% = 30,000 + 300,000 = 330,000. A interest 112,500 ×
    // 5% = 5,625. Both tranches mature: A 112,500, B 200,000; B's residual 330,000 − 5,625
    // − 312,500 = 11,875.
    assert_eq!(flows[2], [d("112500.00"), d("200000.00"), d("11875.00")]);
    assert_eq!(r.securities[0].principal_loss, zero);
    assert_eq!(r.securities[1].principal_loss, zero);
}

/// A bullet senior tranche (expected maturity on date 2) whose principal share is deposited
/// in its principal account, not paid, until it matures. The zero-rate pool repays 250,000 a
/// year for four years.
const BULLET: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "到期一次还本",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2029-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: FinancialLease, balance: "1000000.00", rate: 0.0,
              remaining_term: 48, amortisation: EqualPrincipal),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "500000.00", coupon: 0.04, principal_mode: Bullet,
                expected_maturity: "2027-01-01", legal_maturity: "2029-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "500000.00", coupon: 0.0,
                expected_maturity: "2029-01-01", legal_maturity: "2029-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn bullet_tranche_accumulates_principal_in_its_account_until_maturity() {
    let r = run_deal(BULLET);
    assert_eq!(r.periods.len(), 4);
    let (p1, p2, p3, p4) = (&r.periods[0], &r.periods[1], &r.periods[2], &r.periods[3]);
    let zero = Decimal::ZERO;
    // Period 1: 250,000 collected. A interest 500,000 × 4% = 20,000; A's 230,000 share of
    // principal goes to its account (retained), not to A: A still owes 500,000.
    assert_eq!(tranche(p1, 0), [d("20000.00"), d("20000.00"), zero, zero]);
    assert_eq!(p1.tranches[0].principal_account, d("230000.00"));
    assert_eq!(p1.tranches[0].closing_balance, d("500000.00"));
    assert_eq!(p1.retained, d("230000.00"));
    // Period 2: A matures. The account's 230,000 is released into the funds: 250,000 +
    // 230,000 = 480,000. A interest on the whole 500,000 = 20,000; A's 500,000 is due, the
    // 460,000 left are paid (A → 40,000); B nothing.
    assert_eq!(p2.principal_account_release, d("230000.00"));
    assert_eq!(p2.available, d("480000.00"));
    assert_eq!(
        tranche(p2, 0),
        [d("20000.00"), d("20000.00"), zero, d("460000.00")]
    );
    assert_eq!(p2.tranches[0].principal_account, zero);
    assert_eq!(p2.tranches[1].principal_paid, zero);
    // Period 3: A interest 40,000 × 4% = 1,600; principal 248,400: A 40,000, B 208,400.
    assert_eq!(
        tranche(p3, 0),
        [d("1600.00"), d("1600.00"), zero, d("40000.00")]
    );
    assert_eq!(p3.tranches[1].principal_paid, d("208400.00"));
    // Period 4: 250,000 to B, which loses 500,000 − 208,400 − 250,000 = 41,600.
    assert_eq!(p4.tranches[1].principal_paid, d("250000.00"));
    assert_eq!(r.securities[0].principal_loss, zero);
    assert_eq!(r.securities[0].total_interest, d("41600.00"));
    assert_eq!(r.securities[1].principal_loss, d("41600.00"));
}

/// Three pari passu senior tranches in one interest step, each due 250,000 × 4% = 10,000 a
/// year, and 10,000 of pool interest (1% on 1,000,000) in year 1.
const PARI_PASSU: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "同顺位利息",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2027-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.01,
              remaining_term: 24, amortisation: Bullet),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A1", name: "优先A1级", size: "250000.00", coupon: 0.04,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01"),
        Tranche(id: "A2", name: "优先A2级", size: "250000.00", coupon: 0.04,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01"),
        Tranche(id: "A3", name: "优先A3级", size: "250000.00", coupon: 0.04,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01"),
        Tranche(id: "B", name: "次级", size: "250000.00", coupon: 0.0,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A1", "A2", "A3"]),
        Principal(tranches: ["A1", "A2", "A3", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn short_interest_is_shared_pro_rata_to_the_amounts_due_the_odd_fen_in_step_order() {
    let r = run_deal(PARI_PASSU);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    let zero = Decimal::ZERO;
    // Period 1: 10,000 for 30,000 due: each share fen(10,000 × 10,000 / 30,000) =
    // 3,333.33, 9,999.99 in all; the odd fen goes to the first in step order (A1).
    assert_eq!(p1.available, d("10000.00"));
    let third = [d("10000.00"), d("3333.33"), d("6666.67"), zero];
    assert_eq!(
        tranche(p1, 0),
        [d("10000.00"), d("3333.34"), d("6666.66"), zero]
    );
    assert_eq!(tranche(p1, 1), third);
    assert_eq!(tranche(p1, 2), third);
    // Period 2 (the last): 10,000 + 1,000,000. Dues 10,000 + the shortfalls: 16,666.66,
    // 16,666.67, 16,666.67 (50,000), all paid; 750,000 to the seniors and B the remaining
    // 1,010,000 − 50,000 − 750,000 = 210,000 (a loss of 40,000).
    assert_eq!(p2.tranches[0].interest_paid, d("16666.66"));
    assert_eq!(p2.tranches[1].interest_paid, d("16666.67"));
    assert_eq!(p2.tranches[2].interest_paid, d("16666.67"));
    assert_eq!(p2.tranches[3].principal_paid, d("210000.00"));
    assert_eq!(r.securities[3].principal_loss, d("40000.00"));
    for s in &r.securities[..3] {
        assert_eq!(s.total_interest, d("20000.00"), "{}", s.id);
    }
}

/// Collections available one period later (`collection_lag: 1`). 甲 1,000,000 at 6%, equal
/// principal over two years: period 1 brings 60,000 + 500,000, period 2 30,000 + 500,000.
const LAGGED: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "归集滞后",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    collection_lag: 1,
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.06,
              remaining_term: 24, amortisation: EqualPrincipal),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "800000.00", coupon: 0.04,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "200000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn a_collection_lag_moves_collections_to_the_next_date_and_the_last_date_sweeps() {
    let r = run_deal(LAGGED);
    assert_eq!(dates(&r), ["2026-01-01", "2027-01-01", "2028-01-01"]);
    let (p1, p2, p3) = (&r.periods[0], &r.periods[1], &r.periods[2]);
    let zero = Decimal::ZERO;
    // Date 1: period 1's 560,000 waits a period; the balance still falls in period 1.
    // A's 800,000 × 4% = 32,000 is all short.
    assert_eq!(p1.collections, zero);
    assert_eq!(p1.pool.closing_balance, d("500000.00"));
    assert_eq!(tranche(p1, 0), [d("32000.00"), zero, d("32000.00"), zero]);
    // Date 2: 560,000. A due 32,000 + 32,000 = 64,000, paid; 496,000 of the 500,000
    // principal to A (800,000 → 304,000).
    assert_eq!(p2.collections, d("560000.00"));
    assert_eq!(
        tranche(p2, 0),
        [d("64000.00"), d("64000.00"), zero, d("496000.00")]
    );
    // Date 3, the last (the pool was repaid in period 2, its collections arrive now):
    // 530,000. A interest 304,000 × 4% = 12,160; A 304,000, B 200,000; residual 530,000 −
    // 12,160 − 504,000 = 13,840.
    assert_eq!(p3.pool.opening_balance, zero);
    assert_eq!(p3.collections, d("530000.00"));
    assert_eq!(
        tranche(p3, 0),
        [d("12160.00"), d("12160.00"), zero, d("304000.00")]
    );
    assert_eq!(p3.tranches[1].principal_paid, d("200000.00"));
    assert_eq!(p3.tranches[1].residual_paid, d("13840.00"));
}

#[test]
fn collections_lagged_past_the_last_date_are_swept_onto_it() {
    // Legal final date 2027-01-01: period 2's collections would fall on a date that does not
    // exist, so they come on the last date with period 1's: 560,000 + 530,000 = 1,090,000.
    // A due 64,000; A 800,000 and B 200,000; residual 1,090,000 − 64,000 − 1,000,000 = 26,000.
    let r = run_deal(&LAGGED.replace("2028-01-01", "2027-01-01"));
    assert_eq!(dates(&r), ["2026-01-01", "2027-01-01"]);
    let p2 = &r.periods[1];
    assert_eq!(p2.collections, d("1090000.00"));
    assert_eq!(
        tranche(p2, 0),
        [d("64000.00"), d("64000.00"), Decimal::ZERO, d("800000.00")]
    );
    assert_eq!(p2.tranches[1].principal_paid, d("200000.00"));
    assert_eq!(p2.tranches[1].residual_paid, d("26000.00"));
}

#[test]
fn the_purchase_price_enters_the_irr() {
    // The swept deal with A bought at 96: −768,000 on 2025-01-01 and 64,000 + 800,000 =
    // 864,000 on 2027-01-01, 730 days later: (1 + y)^2 = 864,000 / 768,000 = 1.125, y =
    // √1.125 − 1 = 0.0606601717798… (at par it would be √1.08 − 1 = 0.0392304845…).
    let ron = LAGGED
        .replace("2028-01-01", "2027-01-01")
        .replace("coupon: 0.04,", "coupon: 0.04, price: 96.0,");
    let r = run_deal(&ron);
    let a = &r.securities[0];
    assert_eq!(a.total_interest + a.total_principal, d("864000.00"));
    let y = a.irr.unwrap();
    assert!((y - (1.125f64.sqrt() - 1.0)).abs() < 1e-9, "{y}");
}

/// A fixed-amortisation senior (固定摊还: at most 250,000, 250,000, then the rest) ahead of B
/// on pass-through collections; the zero-rate pool repays 400,000, 400,000, 200,000.
const FIXED_SCHEDULE: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "固定摊还",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: FinancialLease, balance: "1000000.00", rate: 0.0,
              remaining_term: 36, amortisation: Schedule(["400000", "400000", "200000"])),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "600000.00", coupon: 0.05,
                principal_mode: Schedule(["250000", "250000", "100000"]),
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "400000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn a_schedule_tranche_takes_no_more_than_its_cumulative_schedule() {
    let r = run_deal(FIXED_SCHEDULE);
    let principal: Vec<[Decimal; 2]> = r
        .periods
        .iter()
        .map(|p| [p.tranches[0].principal_paid, p.tranches[1].principal_paid])
        .collect();
    // Date 1: 400,000; A interest 600,000 × 5% = 30,000; 370,000 for principal: A up to its
    // schedule, 250,000; B 120,000.
    // Date 2: 400,000; A interest 350,000 × 5% = 17,500; 382,500: A 500,000 − 250,000 =
    // 250,000; B 132,500.
    // Date 3 (the last, both mature): 200,000; A interest 100,000 × 5% = 5,000; A 100,000,
    // B 95,000 of its remaining 147,500 (a loss of 52,500).
    assert_eq!(
        principal,
        [
            [d("250000.00"), d("120000.00")],
            [d("250000.00"), d("132500.00")],
            [d("100000.00"), d("95000.00")],
        ]
    );
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("17500.00"));
    assert_eq!(r.securities[1].principal_loss, d("52500.00"));
}

/// Principal to a target share of the pool, a reserve sized on the pool and an annual fee
/// accrued on days. The pool (8%) repays 200,000, 300,000, 300,000, 200,000; the last period,
/// 2028-01-01 → 2029-01-01, has 366 days.
const TARGETS: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "目标余额",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2029-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.08,
              remaining_term: 48, amortisation: Schedule(["200000", "300000", "300000", "200000"])),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "800000.00", coupon: 0.03,
                expected_maturity: "2029-01-01", legal_maturity: "2029-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "200000.00", coupon: 0.0,
                expected_maturity: "2029-01-01", legal_maturity: "2029-01-01", holder: Originator),
    ],
    fees: [Fee(id: "trustee", name: "受托费", basis: Annual("36500.00"))],
    reserve: Reserve(initial: "0", target: PoolShare(0.02), covers: [Interest(["A"])]),
    waterfall: Waterfall(steps: [
        Fee("trustee"),
        Interest(["A"]),
        ReserveTopUp,
        Principal(tranches: ["A"], allocation: Sequential, amount: TargetShare(0.75)),
        Residual("B"),
    ]),
)
"#;

#[test]
fn target_share_principal_pool_share_reserve_and_annual_fee_by_hand() {
    let r = run_deal(TARGETS);
    assert_eq!(r.periods.len(), 4);
    let row = |p: &PeriodResult| {
        [
            p.fees[0].paid,
            p.tranches[0].interest_paid,
            p.reserve.deposit,
            p.tranches[0].principal_paid,
            p.tranches[1].residual_paid,
        ]
    };
    let zero = Decimal::ZERO;
    // Date 1: 80,000 + 200,000 = 280,000. Fee 36,500 × 365/365 = 36,500; A interest
    // 800,000 × 3% = 24,000; reserve to 2% of the closing pool 800,000 = 16,000; A down to
    // 75% of the closing pool, 600,000: 200,000; B the remaining 3,500.
    assert_eq!(
        row(&r.periods[0]),
        [
            d("36500.00"),
            d("24000.00"),
            d("16000.00"),
            d("200000.00"),
            d("3500.00")
        ]
    );
    // Date 2: 64,000 + 300,000 = 364,000. Fee 36,500; A 600,000 × 3% = 18,000; the reserve
    // (16,000) is above its 10,000 target: no deposit, nothing released; A to 75% × 500,000
    // = 375,000: 225,000; B 84,500.
    assert_eq!(
        row(&r.periods[1]),
        [
            d("36500.00"),
            d("18000.00"),
            zero,
            d("225000.00"),
            d("84500.00")
        ]
    );
    // Date 3: 40,000 + 300,000 = 340,000. Fee 36,500; A 375,000 × 3% = 11,250; A to 75% ×
    // 200,000 = 150,000: 225,000; B 67,250.
    assert_eq!(
        row(&r.periods[2]),
        [
            d("36500.00"),
            d("11250.00"),
            zero,
            d("225000.00"),
            d("67250.00")
        ]
    );
    // Date 4 (the last, 366 days): interest 200,000 × 8% × 366/365 = 16,043.8356 →
    // 16,043.84, principal 200,000, and the 16,000 reserve released: 232,043.84. Fee
    // 36,500 × 366/365 = 36,600; A 150,000 × 3% × 366/365 = 4,512.3288 → 4,512.33; A
    // matures: 150,000; B 232,043.84 − 36,600 − 4,512.33 − 150,000 = 40,931.51.
    // Excess spread = pool interest − fees paid − tranche interest paid: date 1 80,000 −
    // 36,500 − 24,000 = 19,500; date 2 64,000 − 36,500 − 18,000 = 9,500. OC ratio = closing
    // pool / the tranches' balances after payments: 800,000 / (600,000 + 200,000) = 1, then
    // 500,000 / (375,000 + 200,000).
    assert_eq!(r.periods[0].excess_spread, d("19500.00"));
    assert_eq!(r.periods[1].excess_spread, d("9500.00"));
    assert_eq!(r.periods[0].oc_ratio, Some(1.0));
    let oc2 = r.periods[1].oc_ratio.unwrap();
    assert!((oc2 - 500_000.0 / 575_000.0).abs() < 1e-12, "{oc2}");
    let p4 = &r.periods[3];
    assert_eq!(p4.reserve.release, d("16000.00"));
    assert_eq!(p4.available, d("232043.84"));
    assert_eq!(
        row(p4),
        [
            d("36600.00"),
            d("4512.33"),
            zero,
            d("150000.00"),
            d("40931.51")
        ]
    );
}

#[test]
fn act_360_accrues_actual_days_over_360() {
    // The pari passu deal on ACT/360: year 1 has 365 days, so every accrual is × 365/360.
    // Pool interest 1,000,000 × 1% × 365/360 = 10,138.888… → 10,138.89; each senior due
    // 250,000 × 4% × 365/360 = 10,138.888… → 10,138.89, 30,416.67 in all; each gets
    // fen(10,138.89 × 10,138.89 / 30,416.67) = 3,379.63 (three of them: 10,138.89).
    let ron = PARI_PASSU.replace(
        "frequency: Annual,",
        "frequency: Annual,\n    day_count: Act360,",
    );
    assert_ne!(ron, PARI_PASSU);
    let r = run_deal(&ron);
    let p1 = &r.periods[0];
    assert_eq!(p1.pool.interest, d("10138.89"));
    for t in 0..3 {
        assert_eq!(
            tranche(p1, t),
            [d("10138.89"), d("3379.63"), d("6759.26"), Decimal::ZERO]
        );
    }
}

/// Pro rata principal, then an OC trigger (pool closing balance / A's opening balance below
/// 0.8) switches to sequential. The zero-rate pool repays 100,000, 500,000, 100,000, 300,000;
/// zero coupons, so every fen collected is principal.
const CURING_OC: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "触发后恢复",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2029-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.0,
              remaining_term: 48, amortisation: Schedule(["100000", "500000", "100000", "300000"])),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "700000.00", coupon: 0.0,
                expected_maturity: "2029-01-01", legal_maturity: "2029-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "300000.00", coupon: 0.0,
                expected_maturity: "2029-01-01", legal_maturity: "2029-01-01", holder: Originator),
    ],
    triggers: [Trigger(id: "oc", name: "超额抵押低于 0.8", test: OcRatio(tranches: ["A"], min: 0.8))],
    waterfall: Waterfall(
        steps: [
            Principal(tranches: ["A", "B"], allocation: ProRata, amount: Collections),
            Residual("B"),
        ],
        post_trigger: [
            Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
            Residual("B"),
        ],
    ),
)
"#;

#[test]
fn a_breached_trigger_stays_breached_when_the_ratio_recovers() {
    let r = run_deal(CURING_OC);
    let breached: Vec<bool> = r.periods.iter().map(|p| p.trigger_breached).collect();
    let principal: Vec<[Decimal; 2]> = r
        .periods
        .iter()
        .map(|p| [p.tranches[0].principal_paid, p.tranches[1].principal_paid])
        .collect();
    // Date 1: 900,000 / 700,000 = 1.29: pro rata 7 : 3, A 70,000, B 30,000.
    // Date 2: 400,000 / 630,000 = 0.63 < 0.8: breached; sequential, A 500,000 (→ 130,000).
    // Date 3: 300,000 / 130,000 = 2.3, but a breach is permanent: still sequential, A
    // 100,000 (pro rata would give A 32,500 and B 67,500).
    // Date 4 (the last): 300,000: A 30,000, B 270,000.
    assert_eq!(breached, [false, true, true, true]);
    assert_eq!(
        principal,
        [
            [d("70000.00"), d("30000.00")],
            [d("500000.00"), Decimal::ZERO],
            [d("100000.00"), Decimal::ZERO],
            [d("30000.00"), d("270000.00")],
        ]
    );
}

/// Pro rata between a fixed-amortisation A (at most 100,000 by date 1) and a pass-through B.
const CAPPED_PRO_RATA: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "按比例分配受限",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2027-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.0,
              remaining_term: 24, amortisation: Schedule(["400000", "600000"])),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "500000.00", coupon: 0.0,
                principal_mode: Schedule(["100000", "400000"]),
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "500000.00", coupon: 0.0,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Principal(tranches: ["A", "B"], allocation: ProRata, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn pro_rata_places_what_a_cap_leaves_over_sequentially() {
    let r = run_deal(CAPPED_PRO_RATA);
    let p1 = &r.periods[0];
    // Date 1: 400,000 pro rata to 500,000 : 500,000 is 200,000 each; A is capped at its
    // schedule, 100,000; the other 100,000 goes on sequentially to B: 300,000 of principal
    // (not 200,000 and a 100,000 residual).
    assert_eq!(p1.tranches[0].principal_paid, d("100000.00"));
    assert_eq!(p1.tranches[1].principal_paid, d("300000.00"));
    assert_eq!(p1.tranches[1].residual_paid, Decimal::ZERO);
    // Date 2 (the last): 600,000 for A's 400,000 and B's 200,000.
    let p2 = &r.periods[1];
    assert_eq!(p2.tranches[0].principal_paid, d("400000.00"));
    assert_eq!(p2.tranches[1].principal_paid, d("200000.00"));
    assert_eq!(r.securities[1].principal_loss, Decimal::ZERO);
}

#[test]
fn without_a_rated_tranche_the_reserve_waits_for_the_last_date() {
    // The reserve deal with A unrated: "once the rated tranches are repaid" never applies,
    // so the reserve stays at 20,000 after A is repaid and is released on the last date.
    let ron = RESERVE.replace(", rating: \"AAA\"", "");
    assert_ne!(ron, RESERVE);
    let r = run_deal(&ron);
    let (p4, p5) = (&r.periods[3], &r.periods[4]);
    // Date 4: no release, the reserve stays at its 20,000 target; 50,000 to B (133,000 →
    // 83,000). Date 5: 50,000 + the 20,000 released = 70,000 to B, which loses 13,000.
    assert_eq!(p4.reserve.release, Decimal::ZERO);
    assert_eq!(p4.reserve.closing, d("20000.00"));
    assert_eq!(p4.tranches[1].principal_paid, d("50000.00"));
    assert_eq!(p5.reserve.release, d("20000.00"));
    assert_eq!(p5.tranches[1].principal_paid, d("70000.00"));
    assert_eq!(r.securities[1].principal_loss, d("13000.00"));
}

/// Principal paid before interest on the same date: interest still accrues on the opening
/// balance. 甲 1,000,000 at 10%, equal principal over two years.
const PRINCIPAL_FIRST: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "先本后息",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2027-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.10,
              remaining_term: 24, amortisation: EqualPrincipal),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "800000.00", coupon: 0.05,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "200000.00", coupon: 0.0,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Interest(["A"]),
        Residual("B"),
    ]),
)
"#;

#[test]
fn interest_accrues_on_the_opening_balance_even_after_a_principal_step() {
    let r = run_deal(PRINCIPAL_FIRST);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1: 100,000 + 500,000. Principal 500,000 to A (800,000 → 300,000), then A's
    // interest on its opening 800,000 × 5% = 40,000 (not on 300,000: 15,000); B 60,000.
    assert_eq!(
        tranche(p1, 0),
        [d("40000.00"), d("40000.00"), Decimal::ZERO, d("500000.00")]
    );
    assert_eq!(p1.tranches[1].residual_paid, d("60000.00"));
    // Date 2 (the last): 50,000 + 500,000. A 300,000 and B 200,000, then A's interest
    // 300,000 × 5% = 15,000; B 35,000.
    assert_eq!(
        tranche(p2, 0),
        [d("15000.00"), d("15000.00"), Decimal::ZERO, d("300000.00")]
    );
    assert_eq!(p2.tranches[1].residual_paid, d("35000.00"));
}

#[test]
fn the_earliest_named_default_of_an_obligor_applies() {
    // The lagged-recovery deal with a second, later entry for 甲 listed first: 甲 still
    // defaults in period 1 (500,000) and its 200,000 recovery still comes on date 2.
    let ron = RECOVERY_LAG.replace(
        "ObligorDefault(obligor: \"甲公司\", period: 1),",
        "ObligorDefault(obligor: \"甲公司\", period: 3),\n            ObligorDefault(obligor: \"甲公司\", period: 1),",
    );
    assert_ne!(ron, RECOVERY_LAG);
    let r = run_deal(&ron);
    let defaults: Vec<Decimal> = r.periods.iter().map(|p| p.pool.defaults).collect();
    let zero = Decimal::ZERO;
    assert_eq!(defaults, [d("500000.00"), zero, d("500000.00")]);
    assert_eq!(r.periods[1].pool.recoveries, d("200000.00"));
}

/// Prepayments are collections: one 1,000,000 equal-principal asset at 5% over two annual
/// payments with a 10% CPR; A 900,000 at 4% (rated), B 100,000 (originator).
const PREPAYING: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "提前还款",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2027-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.05,
              remaining_term: 24, amortisation: EqualPrincipal),
    ]),
    scenarios: [Scenario(name: "base", cpr: Flat(0.1))],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "900000.00", coupon: 0.04,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "100000.00", coupon: 0.0,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

#[test]
fn prepayments_are_collected_and_paid_as_principal() {
    let r = run_deal(PREPAYING);
    assert_eq!(dates(&r), ["2026-01-01", "2027-01-01"]);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1 (365 days, so p = 1 − 0.9^(365/365) = 10%): interest 1,000,000 × 5% = 50,000;
    // scheduled principal 1,000,000 / 2 = 500,000; prepayment 10% × (1,000,000 − 500,000)
    // = 50,000; closing 450,000. Collections 50,000 + 500,000 + 50,000 = 600,000 (not
    // 500,000 with the prepayment subtracted).
    assert_eq!(p1.pool.prepayments, d("50000.00"));
    assert_eq!(p1.pool.closing_balance, d("450000.00"));
    assert_eq!(p1.collections, d("600000.00"));
    // A's interest 900,000 × 4% = 36,000; principal by collections 500,000 + 50,000 =
    // 550,000, all to A; B's residual 600,000 − 36,000 − 550,000 = 14,000.
    let zero = Decimal::ZERO;
    assert_eq!(
        tranche(p1, 0),
        [d("36000.00"), d("36000.00"), zero, d("550000.00")]
    );
    assert_eq!(p1.tranches[1].residual_paid, d("14000.00"));
    // Date 2 (the last): interest 450,000 × 5% = 22,500 + principal 450,000 = 472,500. A's
    // interest 350,000 × 4% = 14,000; both mature: A 350,000, B 100,000; residual 472,500 −
    // 14,000 − 350,000 − 100,000 = 8,500.
    assert_eq!(p2.collections, d("472500.00"));
    assert_eq!(
        tranche(p2, 0),
        [d("14000.00"), d("14000.00"), zero, d("350000.00")]
    );
    assert_eq!(p2.tranches[1].principal_paid, d("100000.00"));
    assert_eq!(p2.tranches[1].residual_paid, d("8500.00"));
    // Periods are numbered from 1; the OC ratio is the closing pool over the tranches'
    // balances after the date's payments: 450,000 / (350,000 + 100,000) = 1.0 on date 1,
    // none on date 2 once both are repaid (not 0 / 0).
    assert_eq!(
        r.periods.iter().map(|p| p.period).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(p1.oc_ratio, Some(1.0));
    assert_eq!(p2.oc_ratio, None);
}

#[test]
fn post_trigger_steps_pay_the_tranches_they_name() {
    // The cumulative-default deal with post-trigger principal for A only: from date 2 the
    // principal step names A alone, so on the last date B is not paid principal by a step
    // and takes what is left as residual. (Running the post-trigger steps with the normal
    // steps' tranche lists, A and B, would pay B 12,320 of principal instead.)
    let ron = TRIGGER.replace(
        "Principal(tranches: [\"A\", \"B\"], allocation: Sequential, amount: Available)",
        "Principal(tranches: [\"A\"], allocation: Sequential, amount: Available)",
    );
    assert_ne!(ron, TRIGGER);
    let r = run_deal(&ron);
    let (p2, p3) = (&r.periods[1], &r.periods[2]);
    // Date 2 as in the trigger test: A takes all 224,000 − 16,000 = 208,000.
    assert!(p2.trigger_breached);
    assert_eq!(p2.tranches[0].principal_paid, d("208000.00"));
    // Date 3: 212,000 available; A interest 7,680 and principal 192,000; B's principal step
    // is gone, so the residual step pays B 212,000 − 7,680 − 192,000 = 12,320.
    assert_eq!(p3.tranches[0].principal_paid, d("192000.00"));
    assert_eq!(p3.tranches[1].principal_paid, Decimal::ZERO);
    assert_eq!(p3.tranches[1].residual_paid, d("12320.00"));
    // The cumulative default rate of each date: 0 on date 1, then 乙's 200,000 over the
    // initial 900,000 = 2/9 from date 2.
    let cdr: Vec<f64> = r
        .periods
        .iter()
        .map(|p| p.pool.cumulative_default_rate)
        .collect();
    assert_eq!(cdr, [0.0, 2.0 / 9.0, 2.0 / 9.0]);
    // The period results name their tranches.
    assert_eq!(&*p3.tranches[0].id, "A");
    assert_eq!(&*p3.tranches[1].id, "B");
}

#[test]
fn the_last_date_is_the_last_one_bringing_lagged_collections() {
    // The lagged deal with a 0% asset (no interest), and a scenario prepaying 100% in period
    // 1. The pool is repaid before the last dates, which still bring its lagged collections,
    // so they stay in the deal even with nothing outstanding on them.
    let ron = LAGGED.replace("rate: 0.06", "rate: 0.0").replace(
        "scenarios: [Scenario(name: \"base\")]",
        "scenarios: [Scenario(name: \"base\"), Scenario(name: \"prepaid\", cpr: Flat(1.0))]",
    );
    assert_ne!(ron, LAGGED);
    let r = run_deal(&ron);
    // Base: period 1 brings 500,000 of principal (date 2), period 2 the other 500,000
    // (date 3, when the pool's opening balance is already 0, and nothing but principal
    // arrives). Date 1: no funds, A short 800,000 × 4% = 32,000. Date 2: A due 64,000, paid;
    // principal 500,000 by collections, 436,000 paid to A (64,000 carried). Date 3: A
    // interest 364,000 × 4% = 14,560; A repaid 364,000, B 500,000 − 14,560 − 364,000 =
    // 121,440.
    assert_eq!(dates(&r), ["2026-01-01", "2027-01-01", "2028-01-01"]);
    let p3 = &r.periods[2];
    assert_eq!(p3.pool.opening_balance, Decimal::ZERO);
    assert_eq!(p3.collections, d("500000.00"));
    assert_eq!(p3.tranches[0].principal_paid, d("364000.00"));
    assert_eq!(p3.tranches[1].principal_paid, d("121440.00"));

    // 100% CPR (p = 1 − 0^(365/365) = 1): period 1 schedules 500,000 and prepays the other
    // 500,000, all collected on date 2 (opening balance 0, interest 0). Date 3 brings
    // nothing: the deal ends on date 2. There A is due 32,000 × 2 = 64,000, paid, then both
    // mature: A 800,000, B 1,000,000 − 64,000 − 800,000 = 136,000.
    let r = run(&deal(&ron), Some("prepaid")).expect("the deal runs");
    assert_eq!(dates(&r), ["2026-01-01", "2027-01-01"]);
    let p2 = &r.periods[1];
    assert_eq!(p2.pool.prepayments, d("500000.00"));
    assert_eq!(p2.collections, d("1000000.00"));
    assert_eq!(p2.tranches[0].principal_paid, d("800000.00"));
    assert_eq!(p2.tranches[1].principal_paid, d("136000.00"));
}

/// Principal by pool decline when the funds exceed it: the rest goes to the residual, not
/// to principal. 甲 900,000 at 10% repays 300,000 a year; A 700,000 at 5%, B 200,000.
const DECLINE_WITH_EXCESS: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "本金按资产池减少额（有超额利差）",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "900000.00", rate: 0.10,
              remaining_term: 36, amortisation: EqualPrincipal),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "700000.00", coupon: 0.05,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "200000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: PoolDecline),
        Residual("B"),
    ]),
)
"#;

#[test]
fn principal_by_pool_decline_pays_the_decline_and_leaves_the_excess_to_the_residual() {
    let r = run_deal(DECLINE_WITH_EXCESS);
    assert_eq!(r.periods.len(), 3);
    let zero = Decimal::ZERO;
    // (A principal, B principal, B residual) per date.
    let flows: Vec<[Decimal; 3]> = r
        .periods
        .iter()
        .map(|p| {
            let (a, b) = (&p.tranches[0], &p.tranches[1]);
            [a.principal_paid, b.principal_paid, b.residual_paid]
        })
        .collect();
    // Date 1: 900,000 × 10% = 90,000 + 300,000 = 390,000. A interest 700,000 × 5% = 35,000.
    // The pool declines 900,000 − 600,000 = 300,000: A 300,000 (→ 400,000), nothing carried;
    // B's residual 390,000 − 35,000 − 300,000 = 55,000. (Opening + closing, 1,500,000,
    // would pay A all 355,000.)
    assert_eq!(flows[0], [d("300000.00"), zero, d("55000.00")]);
    // Date 2: 60,000 + 300,000 = 360,000. A interest 400,000 × 5% = 20,000; decline 300,000
    // to A (→ 100,000); residual 360,000 − 20,000 − 300,000 = 40,000. (Carrying rule + paid,
    // 600,000, from date 1 would pay A all 340,000.)
    assert_eq!(flows[1], [d("300000.00"), zero, d("40000.00")]);
    // Date 3 (the last): 30,000 + 300,000 = 330,000. A interest 100,000 × 5% = 5,000; both
    // mature: A 100,000, B 200,000; residual 330,000 − 5,000 − 300,000 = 25,000.
    assert_eq!(flows[2], [d("100000.00"), d("200000.00"), d("25000.00")]);
}

#[test]
fn a_cumulative_default_rate_at_its_limit_does_not_breach() {
    // The cumulative-default deal with its limit at exactly 2/9: 乙's 200,000 over the
    // initial 900,000 is 2/9, not above it, so the deal stays pro rata. (Breaching at
    // equality, or a rate of defaults × initial or defaults % initial, would switch it.)
    let ron = TRIGGER.replace(
        "CumulativeDefaultRate(0.10)",
        "CumulativeDefaultRate(0.2222222222222222)",
    );
    assert_ne!(ron, TRIGGER);
    let r = run_deal(&ron);
    assert!(r.periods.iter().all(|p| !p.trigger_breached));
    // Date 2: 224,000 available; A interest 16,000; collections principal 200,000 pro rata
    // on 400,000 : 200,000: A 133,333.33, B 66,666.67; B's residual 224,000 − 16,000 −
    // 200,000 = 8,000.
    let p2 = &r.periods[1];
    assert_eq!(p2.tranches[0].principal_paid, d("133333.33"));
    assert_eq!(p2.tranches[1].principal_paid, d("66666.67"));
    assert_eq!(p2.tranches[1].residual_paid, d("8000.00"));
}

#[test]
fn an_oc_trigger_sums_every_tranche_it_names() {
    // OC over A and B: date 1's closing pool 600,000 / (600,000 + 300,000) = 0.67 < 1.0, so
    // the deal is sequential from date 1 (A alone, 600,000 / 600,000 = 1.0, would not
    // breach): A takes all 354,000 − 24,000 = 330,000 of principal, B nothing.
    let ron = TRIGGER.replace(
        "test: CumulativeDefaultRate(0.10)",
        "test: OcRatio(tranches: [\"A\", \"B\"], min: 1.0)",
    );
    assert_ne!(ron, TRIGGER);
    let r = run_deal(&ron);
    let p1 = &r.periods[0];
    assert!(p1.trigger_breached);
    assert_eq!(p1.tranches[0].principal_paid, d("330000.00"));
    assert_eq!(p1.tranches[1].principal_paid, Decimal::ZERO);
    assert_eq!(p1.tranches[1].residual_paid, Decimal::ZERO);
}

#[test]
fn a_bullet_account_fills_only_up_to_the_balance_then_the_next_tranche_is_paid() {
    // The bullet deal with A 300,000 maturing on date 3 and B 700,000.
    let ron = BULLET
        .replace(
            "size: \"500000.00\", coupon: 0.04",
            "size: \"300000.00\", coupon: 0.04",
        )
        .replace(
            "size: \"500000.00\", coupon: 0.0,",
            "size: \"700000.00\", coupon: 0.0,",
        )
        .replace(
            "expected_maturity: \"2027-01-01\", legal_maturity: \"2029-01-01\"",
            "expected_maturity: \"2028-01-01\", legal_maturity: \"2029-01-01\"",
        );
    assert_ne!(ron, BULLET);
    let r = run_deal(&ron);
    let (p1, p2, p3) = (&r.periods[0], &r.periods[1], &r.periods[2]);
    // Date 1: 250,000 collected; A interest 300,000 × 4% = 12,000; 238,000 of the 250,000
    // principal go to A's account; 12,000 carried.
    assert_eq!(p1.tranches[0].principal_account, d("238000.00"));
    // Date 2: 250,000; A interest 12,000; principal due 250,000 + 12,000 = 262,000, 238,000
    // paid: A's account takes only the 300,000 − 238,000 = 62,000 it lacks (not all
    // 238,000), B is paid the other 176,000; 24,000 carried.
    assert_eq!(p2.tranches[0].principal_account, d("300000.00"));
    assert_eq!(p2.tranches[1].principal_paid, d("176000.00"));
    // Date 3: A matures; its 300,000 account is released: 550,000. A interest 12,000; A's
    // 300,000 is due (more than the 250,000 + 24,000 by collections) and paid; B's residual
    // 550,000 − 12,000 − 300,000 = 238,000.
    assert_eq!(p3.principal_account_release, d("300000.00"));
    assert_eq!(p3.tranches[0].principal_paid, d("300000.00"));
    assert_eq!(p3.tranches[1].residual_paid, d("238000.00"));
}

/// Three tranches pro rata; A follows a fixed schedule that starts on date 2.
const PRO_RATA_WITH_SCHEDULE: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "按比例与固定摊还",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2028-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: FinancialLease, balance: "1000000.00", rate: 0.0,
              remaining_term: 36, amortisation: Schedule(["300000", "300000", "400000"])),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先A", size: "400000.00", coupon: 0.0,
                principal_mode: Schedule(["0", "200000", "200000"]),
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AAA"),
        Tranche(id: "B", name: "优先B", size: "300000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", rating: "AA"),
        Tranche(id: "C", name: "次级", size: "300000.00", coupon: 0.0,
                expected_maturity: "2028-01-01", legal_maturity: "2028-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Principal(tranches: ["A", "B", "C"], allocation: ProRata, amount: Collections),
        Residual("C"),
    ]),
)
"#;

#[test]
fn a_tranche_without_room_takes_no_weight_in_a_pro_rata_split() {
    let r = run_deal(PRO_RATA_WITH_SCHEDULE);
    let p1 = &r.periods[0];
    // Date 1: 300,000 of principal. A's schedule allows nothing yet, so it has no weight:
    // B and C share 300,000 on 300,000 : 300,000, 150,000 each. (Weighing A's 400,000 too
    // would give B 90,000 + A's 120,000 placed sequentially = 210,000, and C 90,000.)
    let paid: Vec<Decimal> = p1.tranches.iter().map(|t| t.principal_paid).collect();
    assert_eq!(paid, [Decimal::ZERO, d("150000.00"), d("150000.00")]);
}
