//! More deal terms of issue 15 on the small deal, by hand: floating coupons and step-ups,
//! the excess-spread and provider-rating triggers, and the risk-retention and data-share
//! red lines. The base is `common::SMALL_DEAL` (its figures are worked in `hand.rs`): date 1
//! (2025-04-01, 90 days) collects 14,794.52 interest + 500,000 principal, date 2
//! (2025-07-01, 91 days) 7,479.45 + 500,000 and releases the 5,000 reserve.

use crate::common::SMALL_DEAL;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;
use tranche_studio::model::{Deal, ObligorDefault};
use tranche_studio::results::DealResults;
use tranche_studio::validate::validate;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The small deal with each `(from, to)` text replaced (each must occur).
fn variant(edits: &[(&str, &str)]) -> Deal {
    let mut text = SMALL_DEAL.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} not in the small deal");
        text = text.replacen(from, to, 1);
    }
    parse_deal(&text, "variant").expect("the variant parses")
}

fn conserved(r: &DealResults) {
    for p in &r.periods {
        assert_eq!(p.available, p.paid + p.retained, "date {}", p.date);
    }
}

const A_COUPON: &str = r#"coupon: 0.03,
                expected_maturity: "2025-07-01""#;

/// A floats on 1Y LPR + `spread` with `terms`; both scenarios follow `levels`.
fn floating(spread: &str, terms: &str, levels: &str) -> Deal {
    let path = format!("rate_paths: [RatePath(index: Lpr1Y, levels: [{levels}])]");
    variant(&[
        (
            A_COUPON,
            &format!(
                "coupon: {spread}, floating: Floating(index: Lpr1Y{terms}),
                expected_maturity: \"2025-07-01\""
            ),
        ),
        (
            r#"Scenario(name: "base"),"#,
            &format!(r#"Scenario(name: "base", {path}),"#),
        ),
        (
            r#"Scenario(name: "default", "#,
            &format!(r#"Scenario(name: "default", {path}, "#),
        ),
    ])
}

#[test]
fn a_floating_coupon_is_fixed_at_the_start_of_each_period() {
    // LPR 3.10% from 2024-12-20, 2.90% from 2025-02-01, 3.00% from 2025-03-20, 2.50% from
    // 2025-06-01. Period 1 starts on the closing date 2025-01-01: 3.10% + 0.60% = 3.70%
    // (the February cut comes after the fixing). Period 2 starts on 2025-04-01: 3.00%
    // + 0.60% = 3.60% (the June cut comes after the fixing).
    let deal = floating(
        "0.006",
        "",
        r#"("2024-12-20", 0.031), ("2025-02-01", 0.029), ("2025-03-20", 0.030), ("2025-06-01", 0.025)"#,
    );
    let r = run(&deal, Some("base")).unwrap();
    conserved(&r);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1: 900,000 × 3.70% × 90/365 = 8,210.9589 → 8,210.96.
    assert_eq!(p1.tranches[0].interest_paid, d("8210.96"));
    assert_eq!(p1.tranches[0].coupon_rate, Some(0.037));
    // B's residual 514,794.52 − fee 246.58 − 8,210.96 − principal 500,000 = 6,336.98.
    assert_eq!(p1.tranches[1].residual_paid, d("6336.98"));
    // Date 2: 400,000 × 3.60% × 91/365 = 3,590.1370 → 3,590.14.
    assert_eq!(p2.tranches[0].interest_paid, d("3590.14"));
    assert_eq!(p2.tranches[0].coupon_rate, Some(0.036));
    // B: 512,479.45 − 124.66 − 3,590.14 − A's 400,000 − B's 100,000 = 8,764.65.
    assert_eq!(p2.tranches[1].residual_paid, d("8764.65"));
    // B keeps its fixed coupon: no period rate is reported for it.
    assert_eq!(p1.tranches[1].coupon_rate, None);
}

#[test]
fn a_floating_coupon_stays_within_its_floor_and_cap() {
    // LPR 1.50% at closing, 5.00% from 2025-04-01 (on the fixing date itself, so it
    // applies). Period 1: 1.50% + 0.60% = 2.10% → floor 2.50%; period 2: 5.60% → cap 4.50%.
    let deal = floating(
        "0.006",
        ", floor: 0.025, cap: 0.045",
        r#"("2025-01-01", 0.015), ("2025-04-01", 0.05)"#,
    );
    let r = run(&deal, Some("base")).unwrap();
    conserved(&r);
    // 900,000 × 2.50% × 90/365 = 5,547.9452 → 5,547.95.
    assert_eq!(r.periods[0].tranches[0].interest_paid, d("5547.95"));
    // 400,000 × 4.50% × 91/365 = 4,487.6712 → 4,487.67.
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("4487.67"));
}

#[test]
fn a_step_up_after_a_date_raises_the_periods_that_begin_on_it() {
    let deal = variant(&[(
        A_COUPON,
        r#"coupon: 0.03, step_ups: [StepUp(after: Date("2025-04-01"), add: 0.01)],
                expected_maturity: "2025-07-01""#,
    )]);
    let r = run(&deal, Some("base")).unwrap();
    conserved(&r);
    // Period 1 (from 2025-01-01) at 3%: 6,657.53 as without the step-up.
    assert_eq!(r.periods[0].tranches[0].interest_paid, d("6657.53"));
    assert_eq!(r.periods[0].tranches[0].coupon_rate, Some(0.03));
    // Period 2 begins on 2025-04-01: 4%, 400,000 × 4% × 91/365 = 3,989.0411 → 3,989.04.
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("3989.04"));
    assert_eq!(r.periods[1].tranches[0].coupon_rate, Some(0.04));
}

/// A steps up by 1% after trigger `oc`, an OC test on A at `min`.
fn step_up_on_trigger(min: &str) -> Deal {
    variant(&[
        (
            A_COUPON,
            r#"coupon: 0.03, step_ups: [StepUp(after: Trigger("oc"), add: 0.01)],
                expected_maturity: "2025-07-01""#,
        ),
        (
            "    waterfall: Waterfall(",
            &format!(
                "    triggers: [Trigger(id: \"oc\", name: \"超额抵押\", test: OcRatio(tranches: [\"A\"], min: {min}))],\n    waterfall: Waterfall("
            ),
        ),
    ])
}

#[test]
fn a_step_up_after_a_trigger_starts_with_the_next_period() {
    // Date 1: closing pool 500,000 / A's opening 900,000 = 0.556 < 2.0: breached on date 1.
    let r = run(&step_up_on_trigger("2.0"), Some("base")).unwrap();
    conserved(&r);
    assert!(r.periods[0].trigger_breached);
    // The interest of date 1 accrued before the breach: still 3%, 6,657.53.
    assert_eq!(r.periods[0].tranches[0].interest_paid, d("6657.53"));
    // Period 2 begins on the breach date: 4%, 3,989.04 (as in the dated step-up).
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("3989.04"));
    // At 0.5: 0.556 passes on date 1; date 2's closing pool 0 / A's opening 400,000 = 0
    // breaches on date 2, whose interest accrued before it: 3%, 2,991.78.
    let r = run(&step_up_on_trigger("0.5"), Some("base")).unwrap();
    assert!(!r.periods[0].trigger_breached);
    assert!(r.periods[1].trigger_breached);
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("2991.78"));
}

fn excess_spread_trigger(level: &str) -> Deal {
    variant(&[(
        "    waterfall: Waterfall(",
        &format!(
            "    triggers: [Trigger(id: \"xs\", name: \"超额利差\", test: ExcessSpreadBelow({level}))],\n    waterfall: Waterfall("
        ),
    )])
}

#[test]
fn the_excess_spread_trigger_reads_the_previous_date_annualised() {
    // Date 1's excess spread: interest 14,794.52 − fee 246.58 − A's interest 6,657.53
    // = 7,890.41; annualised on the opening pool 1,000,000 over 90 days:
    // 7,890.41 × 365 / 90 / 1,000,000 = 2,879,999.65 / 90,000,000 = 3.1999996%.
    let r = run(&excess_spread_trigger("0.032"), Some("base")).unwrap();
    conserved(&r);
    assert_eq!(r.periods[0].excess_spread, d("7890.41"));
    // Date 1 has no previous date: not tested. Date 2: 3.1999996% < 3.2%: breached.
    assert!(!r.periods[0].trigger_breached);
    assert!(r.periods[1].trigger_breached);
    // 3.1999996% is not below 3.19999%: no breach (a per-period, not annualised, reading
    // of 0.79% would breach here).
    let r = run(&excess_spread_trigger("0.0319999"), Some("base")).unwrap();
    assert!(!r.periods[1].trigger_breached);
    let r = run(&excess_spread_trigger("0.01"), Some("base")).unwrap();
    assert!(!r.periods[1].trigger_breached);
}

#[test]
fn an_excess_spread_exactly_at_its_level_is_not_below_it() {
    // A at 2.499997%: date 1's interest 900,000 × 0.02499997 × 90 / 365 = 5,547.938 →
    // 5,547.94; the excess spread 14,794.52 − fee 246.58 − 5,547.94 = 9,000.00, annualised
    // 9,000 × 365 / (1,000,000 × 90) = 3.65% exactly: not below a level of 3.65%, below
    // 3.6500001%.
    let at = |level: &str| {
        let mut deal = excess_spread_trigger(level);
        deal.tranches[0].coupon = 0.02499997;
        run(&deal, Some("base")).unwrap()
    };
    let r = at("0.0365");
    assert_eq!(r.periods[0].excess_spread, d("9000.00"));
    assert!(!r.periods[1].trigger_breached);
    assert!(at("0.036500001").periods[1].trigger_breached);
}

/// A trigger on the deficiency-payment provider's rating below AA+, a rating event in the
/// base scenario, and a step-up of A on the trigger.
fn rating_trigger(event: &str) -> Deal {
    variant(&[
        (
            A_COUPON,
            r#"coupon: 0.03, step_ups: [StepUp(after: Trigger("rating"), add: 0.01)],
                expected_maturity: "2025-07-01""#,
        ),
        (
            r#"Scenario(name: "base"),"#,
            &format!(r#"Scenario(name: "base", rating_events: [{event}]),"#),
        ),
        (
            "    waterfall: Waterfall(",
            "    triggers: [Trigger(id: \"rating\", name: \"差额支付承诺人评级下调\",
                          test: ProviderRating(provider: \"增信公司\", below: \"AA+\"))],
    waterfall: Waterfall(",
        ),
    ])
}

#[test]
fn a_provider_downgrade_in_the_scenario_breaches_its_trigger() {
    // Downgraded to AA on 2025-03-01, before date 1: breached on date 1, A steps up for
    // period 2 (3,989.04 as above).
    let r = run(
        &rating_trigger(r#"RatingEvent(date: "2025-03-01", party: "增信公司", rating: "AA")"#),
        Some("base"),
    )
    .unwrap();
    conserved(&r);
    assert!(r.periods[0].trigger_breached);
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("3989.04"));
    // Downgraded on 2025-05-01: breached on date 2 only; the step-up comes too late.
    let r = run(
        &rating_trigger(r#"RatingEvent(date: "2025-05-01", party: "增信公司", rating: "AA")"#),
        Some("base"),
    )
    .unwrap();
    assert!(!r.periods[0].trigger_breached);
    assert!(r.periods[1].trigger_breached);
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("2991.78"));
    // AA+ is not below AA+; and the other scenario has no event.
    let r = run(
        &rating_trigger(r#"RatingEvent(date: "2025-03-01", party: "增信公司", rating: "AA+")"#),
        Some("base"),
    )
    .unwrap();
    assert!(!r.periods[1].trigger_breached);
}

fn errors_at(deal: &Deal) -> Vec<String> {
    validate(deal, &[])
        .into_iter()
        .filter(|i| i.severity == tranche_studio::error::Severity::Error)
        .map(|i| i.path)
        .collect()
}

#[test]
fn floating_terms_are_checked_at_their_paths() {
    // The default scenario has no LPR path.
    let deal = variant(&[
        (
            A_COUPON,
            r#"coupon: 0.006, floating: Floating(index: Lpr1Y, floor: 0.05, cap: 0.04),
                step_ups: [StepUp(after: Trigger("none"), add: 0.01)],
                expected_maturity: "2025-07-01""#,
        ),
        (
            r#"Scenario(name: "base"),"#,
            r#"Scenario(name: "base", rate_paths: [RatePath(index: Lpr1Y, levels: [("2025-02-01", 0.03)])],
                rating_events: [RatingEvent(date: "2025-02-01", party: "谁", rating: "AAA+")]),"#,
        ),
    ]);
    let errors = errors_at(&deal);
    for path in [
        "tranches[0].floating.cap",
        "tranches[0].step_ups[0].after",
        "scenarios[0].rate_paths[0].levels[0]",
        "scenarios[0].rating_events[0].party",
        "scenarios[0].rating_events[0].rating",
        "scenarios[1].rate_paths",
    ] {
        assert!(errors.iter().any(|e| e == path), "{path} in {errors:?}");
    }
}

#[test]
fn floating_terms_at_their_limits() {
    // A on 1Y LPR + `spread` within [floor, cap], both scenarios with `paths`.
    let floating = |spread: &str, floor: &str, cap: &str, paths: &str| {
        let paths = format!("rate_paths: [{paths}]");
        variant(&[
            (
                A_COUPON,
                &format!(
                    r#"coupon: {spread}, floating: Floating(index: Lpr1Y, floor: {floor}, cap: {cap}),
                expected_maturity: "2025-07-01""#
                ),
            ),
            (
                r#"Scenario(name: "base"),"#,
                &format!(r#"Scenario(name: "base", {paths}),"#),
            ),
            (
                r#"Scenario(name: "default", "#,
                &format!(r#"Scenario(name: "default", {paths}, "#),
            ),
        ])
    };
    let lpr = r#"RatePath(index: Lpr1Y, levels: [("2025-01-01", 0.03)])"#;
    let shibor = r#"RatePath(index: Shibor3M, levels: [("2025-01-01", 0.02)])"#;
    // A floor equal to the cap (a fixed rate of 4% in effect) and a spread of −0.5% (a
    // floating spread may be negative, a fixed coupon may not): accepted.
    assert_eq!(
        errors_at(&floating("-0.005", "0.04", "0.04", lpr)),
        Vec::<String>::new()
    );
    // A floor a basis point above the cap is refused at the cap (validate/terms.rs 37:26).
    assert_eq!(
        errors_at(&floating("-0.005", "0.0401", "0.04", lpr)),
        ["tranches[0].floating.cap"]
    );
    // A second path for the same index is refused; a path for another index is not
    // (terms.rs 89:57).
    assert_eq!(
        errors_at(&floating(
            "0.006",
            "0.0",
            "0.1",
            &format!("{lpr}, {shibor}")
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        errors_at(&floating("0.006", "0.0", "0.1", &format!("{lpr}, {lpr}"))),
        [
            "scenarios[0].rate_paths[1].index",
            "scenarios[1].rate_paths[1].index"
        ]
    );
    // A path's dates must ascend (terms.rs 109:22).
    let back = r#"RatePath(index: Lpr1Y, levels: [("2025-01-01", 0.03), ("2025-01-01", 0.031)])"#;
    assert_eq!(
        errors_at(&floating("0.006", "0.0", "0.1", back)),
        [
            "scenarios[0].rate_paths[0].levels[1].0",
            "scenarios[1].rate_paths[0].levels[1].0"
        ]
    );
    // A fixed coupon of −0.5% is refused (terms.rs 59:5: the range is [−100%, 100%] only
    // for a floating spread).
    assert_eq!(
        errors_at(&variant(&[(
            A_COUPON,
            r#"coupon: -0.005,
                expected_maturity: "2025-07-01""#
        )])),
        ["tranches[0].coupon"]
    );
}

#[test]
fn the_new_triggers_are_checked_at_their_paths() {
    // terms.rs `trigger` (129:5): an excess-spread level within [−100%, 100%], a rating
    // trigger on a provider the deal names.
    let with = |test: &str| {
        variant(&[(
            "    waterfall: Waterfall(",
            &format!(
                "    triggers: [Trigger(id: \"t\", name: \"触发\", test: {test})],\n    waterfall: Waterfall("
            ),
        )])
    };
    assert_eq!(
        errors_at(&with("ExcessSpreadBelow(-1.0)")),
        Vec::<String>::new()
    );
    assert_eq!(
        errors_at(&with("ExcessSpreadBelow(1.01)")),
        ["triggers[0].test"]
    );
    let rating = |provider: &str| {
        with(&format!(
            r#"ProviderRating(provider: "{provider}", below: "AA+")"#
        ))
    };
    assert_eq!(errors_at(&rating("增信公司")), Vec::<String>::new());
    assert_eq!(errors_at(&rating("谁")), ["triggers[0].test.provider"]);
}

fn warning(deal: &Deal, code: &str) -> Option<tranche_studio::error::Issue> {
    validate(deal, &[])
        .into_iter()
        .find(|i| i.message.contains(&format!("[{code}]")))
}

const B_ORIGINATOR: &str = r#"legal_maturity: "2026-01-01", holder: Originator),"#;

#[test]
fn risk_retention_takes_the_junior_tranche_or_a_vertical_slice() {
    // B, held by the originator, is 100,000 of 1,000,000 = 10% ≥ 5%: no warning.
    assert!(warning(&variant(&[]), "RL-RISK-RETENTION").is_none());
    // Sold to the market, B keeps nothing: warned, with the figures.
    let sold = variant(&[(B_ORIGINATOR, r#"legal_maturity: "2026-01-01"),"#)]);
    let w = warning(&sold, "RL-RISK-RETENTION").expect("warned");
    assert_eq!(w.path, "tranches");
    assert!(w.message.contains("0.00% of the issue"), "{}", w.message);
    // Half of B kept: 50,000 = exactly 5% of 1,000,000: enough.
    let half = variant(&[(
        B_ORIGINATOR,
        r#"legal_maturity: "2026-01-01", retained_share: 0.5),"#,
    )]);
    assert!(warning(&half, "RL-RISK-RETENTION").is_none());
    // 49.99% of B: 49,990 < 50,000, and A keeps nothing (no vertical slice): warned.
    let less = variant(&[(
        B_ORIGINATOR,
        r#"legal_maturity: "2026-01-01", retained_share: 0.4999),"#,
    )]);
    // The warning states the share kept: 49,990 / 1,000,000 = 4.999% → "5.00%" at two
    // decimals (terms.rs 173:54).
    let w = warning(&less, "RL-RISK-RETENTION").expect("warned");
    assert!(w.message.contains("49990.00"), "{}", w.message);
    assert!(w.message.contains("(5.00% of the issue"), "{}", w.message);
    // 4% of each tranche kept (36,000 of A, 4,000 of B): neither slice is enough; the
    // warning names the least share of a tranche, 36,000 / 900,000 = 4.00% (terms.rs 184:51).
    let four = variant(&[
        (
            A_COUPON,
            r#"coupon: 0.03, retained_share: 0.04,
                expected_maturity: "2025-07-01""#,
        ),
        (
            B_ORIGINATOR,
            r#"legal_maturity: "2026-01-01", retained_share: 0.04),"#,
        ),
    ]);
    let w = warning(&four, "RL-RISK-RETENTION").expect("warned");
    assert!(
        w.message
            .contains("at least 4.00% of every tranche (least: A)"),
        "{}",
        w.message
    );
    // A vertical 5% of both tranches: 45,000 of A and 5,000 of B.
    let vertical = variant(&[
        (
            B_ORIGINATOR,
            r#"legal_maturity: "2026-01-01", retained_share: 0.05),"#,
        ),
        (
            r#"rating: "AAA"),"#,
            r#"rating: "AAA", retained_share: 0.05),"#,
        ),
    ]);
    assert!(warning(&vertical, "RL-RISK-RETENTION").is_none());
}

#[test]
fn risk_retention_must_last_as_long_as_the_securities() {
    // The tranches' legal maturity is 2026-01-01; a retention stated to end a day earlier
    // is too short, one ending on it is not.
    let until = |date: &str| {
        variant(&[(
            "    waterfall: Waterfall(",
            &format!(
                "    risk_retention: RiskRetention(until: \"{date}\"),\n    waterfall: Waterfall("
            ),
        )])
    };
    let w = warning(&until("2025-12-31"), "RL-RISK-RETENTION").expect("warned");
    assert_eq!(w.path, "risk_retention.until");
    assert!(warning(&until("2026-01-01"), "RL-RISK-RETENTION").is_none());
}

#[test]
fn the_data_asset_share_says_what_it_counted() {
    // L1 400,000 is a data-asset pledge loan in the pool, L2 600,000 is data-empowered:
    // 400,000 / 1,000,000 = 40.00%, below 50%.
    let deal = variant(&[
        (
            r#"name: "小型手算交易","#,
            r#"name: "小型手算交易", data_asset_label: true,"#,
        ),
        (
            r#"Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.06,"#,
            r#"Asset(id: "L1", obligor: "甲公司", asset_class: DataAssetPledgeLoan, data_asset_role: InPool,
              balance: "400000.00", rate: 0.06, remaining_term: 6, amortisation: EqualPrincipal),
        Asset(id: "L2", obligor: "乙公司", asset_class: FinancialLease, data_asset_role: Empowering,
              balance: "600000.00", rate: 0.06,"#,
        ),
    ]);
    let w = warning(&deal, "RL-DATA-SHARE").expect("warned");
    for part in [
        "400000.00",
        "1000000.00",
        "40.00%",
        "50%–70%",
        "InPool (L1)",
        "Empowering",
    ] {
        assert!(w.message.contains(part), "{part:?} in {}", w.message);
    }
}

/// L1 carries a pledged data asset appraised at `value`; the default scenario (甲公司
/// defaults in full in period 2) adds `assumptions`, with a flat recovery rate of 90% that
/// the pledged loan must not use.
fn pledged(value: &str, assumptions: &str) -> Deal {
    variant(&[
        (
            "remaining_term: 6, amortisation: EqualPrincipal),",
            &format!(
                "remaining_term: 6, amortisation: EqualPrincipal,
              pledge: DataPledge(name: \"交通出行数据集\", appraised_value: \"{value}\")),"
            ),
        ),
        (
            r#"Scenario(name: "default", "#,
            &format!(r#"Scenario(name: "default", recovery_rate: 0.9, {assumptions}"#),
        ),
    ])
}

#[test]
fn a_pledged_loan_recovers_its_pledges_value_after_haircut_and_stress() {
    // 600,000 appraised, stressed −20% and enforced at a 50% haircut: 600,000 × 0.8 × 0.5
    // = 240,000 against the 500,000 defaulted in period 2 (the flat 90% would give 450,000).
    let deal = pledged(
        "600000.00",
        "pledge_haircut: 0.5, pledge_value_stress: 0.2, ",
    );
    let r = run(&deal, Some("default")).unwrap();
    conserved(&r);
    let p2 = &r.periods[1];
    assert_eq!(p2.pool.defaults, d("500000.00"));
    assert_eq!(p2.pool.recoveries, d("240000.00"));
    // Date 2: 240,000 + the 5,000 reserve released − fee 124.66 − A's interest 2,991.78
    // = 241,883.56 to A's 400,000, due at maturity: the deficiency payment draws the
    // 158,116.44 short.
    assert_eq!(p2.enhancement_draws, vec![d("158116.44")]);
    // LTV: 1,000,000 / (600,000 × 0.8) = 2.083333.
    let ltv = r.pool.pledge_ltv.unwrap();
    assert!((ltv - 1_000_000.0 / 480_000.0).abs() < 1e-12, "{ltv}");
}

#[test]
fn a_pledge_recovers_at_most_the_defaulted_balance_and_after_its_own_lag() {
    // 2,000,000 × 0.5 = 1,000,000 covers the 500,000 defaulted: 500,000, not more; with
    // `pledge_lag: 1` it comes on date 3, which becomes the final date.
    let deal = pledged("2000000.00", "pledge_haircut: 0.5, pledge_lag: 1, ");
    let r = run(&deal, Some("default")).unwrap();
    conserved(&r);
    assert_eq!(r.periods[1].pool.recoveries, Decimal::ZERO);
    assert_eq!(r.periods[2].pool.recoveries, d("500000.00"));
    assert_eq!(r.pool.total_recoveries, d("500000.00"));
    // The base scenario has neither haircut nor stress: LTV 1,000,000 / 2,000,000.
    assert_eq!(run(&deal, Some("base")).unwrap().pool.pledge_ltv, Some(0.5));
}

#[test]
fn a_pledged_loan_under_a_default_rate_recovers_its_cover_share() {
    // 20% CDR: period 1 defaults 1 − 0.8^(90/365) = 5.3535388% of 1,000,000 = 53,535.39;
    // the pledge covers 480,000 (600,000 × 0.8) of the 1,000,000 outstanding, so the
    // defaulted part recovers 48% of itself: 25,696.99 (the flat 90% would be 48,181.85).
    let deal = variant(&[
        (
            "remaining_term: 6, amortisation: EqualPrincipal),",
            "remaining_term: 6, amortisation: EqualPrincipal,
              pledge: DataPledge(appraised_value: \"600000.00\")),",
        ),
        (
            r#"Scenario(name: "base"),"#,
            r#"Scenario(name: "base", cdr: Flat(0.2), recovery_rate: 0.9, pledge_value_stress: 0.2),"#,
        ),
    ]);
    let r = run(&deal, Some("base")).unwrap();
    conserved(&r);
    assert_eq!(r.periods[0].pool.defaults, d("53535.39"));
    assert_eq!(r.periods[0].pool.recoveries, d("25696.99"));
}

#[test]
fn pledge_terms_are_checked_at_their_paths() {
    let deal = pledged("0.00", "pledge_haircut: 1.5, pledge_value_stress: -0.1, ");
    let errors = errors_at(&deal);
    for path in [
        "pool.assets[0].pledge.appraised_value",
        "scenarios[1].pledge_haircut",
        "scenarios[1].pledge_value_stress",
    ] {
        assert!(errors.iter().any(|e| e == path), "{path} in {errors:?}");
    }
}

#[test]
fn the_term_sheet_writes_a_floating_coupon_as_index_plus_spread() {
    use tranche_studio::export::{Lang, summary};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_deals/floating_rate_leases.ron");
    let deal = tranche_studio::io::load_deal(&path).unwrap().deal;
    let r = run(&deal, None).unwrap();
    conserved(&r);
    let scenarios =
        tranche_studio::engine::Session::new(deal.clone(), Default::default()).compare();
    let zh = summary::markdown(&summary::term_sheet(&deal, &r, &scenarios, Lang::Zh));
    let en = summary::markdown(&summary::term_sheet(&deal, &r, &scenarios, Lang::En));
    // A1: 1-year LPR + 0.45% (its `coupon` is the spread, never shown as a 0.45% coupon);
    // A2 fixed at 2.90%.
    assert!(zh.contains("1年期LPR+0.45%"), "{zh}");
    assert!(en.contains("1Y LPR+0.45%"), "{en}");
    assert!(zh.contains("2.90%"), "{zh}");
    assert!(zh.contains("差额支付承诺人评级低于AA+"), "{zh}");
}

#[test]
fn an_excess_spread_on_an_empty_pool_is_not_tested() {
    // The whole pool (term 9 months) defaults in period 1; half is recovered two dates later;
    // the reserve is 50,000. Trigger: excess spread below −5% a year.
    let mut deal = excess_spread_trigger("-0.05");
    deal.pool.assets[0].remaining_term = 9;
    deal.reserve.as_mut().unwrap().initial = d("50000");
    let base = &mut deal.scenarios[0];
    (base.recovery_rate, base.recovery_lag) = (0.5, 2);
    base.obligor_defaults = vec![ObligorDefault {
        obligor: "甲公司".into(),
        period: 1,
    }];
    let r = run(&deal, Some("base")).unwrap();
    conserved(&r);
    let xs: Vec<Decimal> = r.periods.iter().map(|p| p.excess_spread).collect();
    // Date 1: nothing collected; the reserve pays the fee 1,000,000 × 0.1% × 90 / 365 =
    // 246.58 and A's 900,000 × 3% × 90 / 365 = 6,657.53: −6,904.11, annualised on the
    // opening pool −6,904.11 × 365 / (1,000,000 × 90) = −2.8%, not below −5%.
    // Date 2: the pool is empty (opening 0); A's 900,000 × 3% × 91 / 365 = 6,731.51 from the
    // reserve: −6,731.51, with no pool to annualise it on: not tested on date 3, when the
    // recoveries (500,000) arrive.
    assert_eq!(xs, vec![d("-6904.11"), d("-6731.51"), d("-4536.99")]);
    assert_eq!(r.periods[1].pool.opening_balance, Decimal::ZERO);
    assert_eq!(r.periods[2].pool.recoveries, d("500000.00"));
    assert!(r.periods.iter().all(|p| !p.trigger_breached));
}
