//! Business-day calendars and rating-style stress templates, by hand.

use crate::common::SMALL_DEAL;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;
use tranche_studio::model::Deal;
use tranche_studio::validate::validate;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// The small deal moved to pay on 1 Oct 2025 and 1 Jan 2026, both exchange holidays, with the
/// business-day section `rule` (RON text, empty for none).
fn holiday_deal(rule: &str) -> Deal {
    let text = SMALL_DEAL
        .replace(
            r#"closing_date: "2025-01-01",
    first_payment_date: "2025-04-01","#,
            &format!(
                r#"closing_date: "2025-07-01",
    first_payment_date: "2025-10-01", {rule}"#
            ),
        )
        .replace(
            r#""2025-07-01", legal_maturity"#,
            r#""2026-01-01", legal_maturity"#,
        )
        .replace(
            r#"legal_final_date: "2026-01-01""#,
            r#"legal_final_date: "2026-07-01""#,
        )
        .replace(r#""2026-01-01")"#, r#""2026-07-01")"#);
    parse_deal(&text, "holiday").unwrap()
}

#[test]
fn payment_dates_roll_past_exchange_holidays_and_accrue_on_the_rolled_dates() {
    let deal = holiday_deal("business_days: BusinessDays(roll: Following, calendar: CnExchange),");
    let r = run(&deal, Some("base")).unwrap();
    // 1 Oct 2025 (国庆 1–8 Oct) → Thu 9 Oct; 1 Jan 2026 (元旦 1–3 Jan, Sun 4 Jan a make-up
    // day the exchanges keep closed) → Mon 5 Jan.
    assert_eq!(r.periods[0].date, date("2025-10-09"));
    assert_eq!(r.periods[1].date, date("2026-01-05"));
    // Accrual on the rolled dates: 1 Jul → 9 Oct = 30 + 31 + 30 + 9 = 100 days;
    // 9 Oct → 5 Jan = 22 + 30 + 31 + 5 = 88 days.
    assert_eq!(r.periods[0].accrual_days, 100);
    assert_eq!(r.periods[1].accrual_days, 88);
    // Pool 1,000,000 × 6% × 100/365 = 16,438.356 → 16,438.36; A 900,000 × 3% × 100/365
    // = 7,397.260 → 7,397.26.
    assert_eq!(r.periods[0].pool.interest, d("16438.36"));
    assert_eq!(r.periods[0].tranches[0].interest_paid, d("7397.26"));
    // Pool 500,000 × 6% × 88/365 = 7,232.877 → 7,232.88; A 400,000 × 3% × 88/365
    // = 2,893.151 → 2,893.15.
    assert_eq!(r.periods[1].pool.interest, d("7232.88"));
    assert_eq!(r.periods[1].tranches[0].interest_paid, d("2893.15"));
}

#[test]
fn unadjusted_accrual_pays_on_the_rolled_date_the_scheduled_days() {
    let deal = holiday_deal(
        "business_days: BusinessDays(roll: Following, accrual: Unadjusted, calendar: CnExchange),",
    );
    let r = run(&deal, Some("base")).unwrap();
    assert_eq!(r.periods[0].date, date("2025-10-09"));
    // 1 Jul → 1 Oct = 31 + 31 + 30 = 92 days: pool 1,000,000 × 6% × 92/365 = 15,123.288
    // → 15,123.29; A 900,000 × 3% × 92/365 = 6,805.479 → 6,805.48.
    assert_eq!(r.periods[0].accrual_days, 92);
    assert_eq!(r.periods[0].pool.interest, d("15123.29"));
    assert_eq!(r.periods[0].tranches[0].interest_paid, d("6805.48"));
}

#[test]
fn without_a_rule_the_dates_stay_on_holidays() {
    let r = run(&holiday_deal(""), Some("base")).unwrap();
    assert_eq!(r.periods[0].date, date("2025-10-01"));
    assert_eq!(r.periods[0].accrual_days, 92);
}

#[test]
fn a_deal_past_the_listed_holidays_is_warned_and_a_bad_roll_refused() {
    let mut deal =
        holiday_deal("business_days: BusinessDays(roll: Following, calendar: CnExchange),");
    assert!(
        !validate(&deal, &[])
            .iter()
            .any(|i| i.message.contains("W-CALENDAR-END"))
    );
    // Legal final in 2027: the 2027 dates would roll over weekends only.
    deal.legal_final_date = date("2027-07-01");
    let issues = validate(&deal, &[]);
    let w = issues
        .iter()
        .find(|i| i.message.contains("W-CALENDAR-END"))
        .unwrap();
    assert_eq!(w.path, "business_days.calendar");
    // Dates that do not roll do not depend on the list: no warning.
    deal.business_days.roll = tranche_studio::model::Roll::Unadjusted;
    assert!(
        !validate(&deal, &[])
            .iter()
            .any(|i| i.message.contains("W-CALENDAR-END"))
    );
    // Sat 31 May 2025 (端午 31 May – 2 Jun): Modified Following cannot go to June, so it
    // goes back to Fri 30 May, the closing date: refused at the roll.
    deal.closing_date = date("2025-05-30");
    deal.first_payment_date = date("2025-05-31");
    deal.business_days.roll = tranche_studio::model::Roll::ModifiedFollowing;
    let issues = validate(&deal, &[]);
    let e = issues
        .iter()
        .find(|i| i.path == "business_days.roll")
        .unwrap();
    assert!(
        e.message.contains("2025-05-31 rolls to 2025-05-30"),
        "{}",
        e.message
    );
}

/// The small deal with a 10% CDR and 40% recoveries in `base`, and stress templates.
fn stressed_deal() -> Deal {
    let text = SMALL_DEAL
        .replace(
            r#"Scenario(name: "base"),"#,
            r#"Scenario(name: "base", cdr: Flat(0.10), recovery_rate: 0.4),"#,
        )
        .replace(
            "    tranches: [",
            r#"    stress_templates: [
        StressTemplate(name: "AAA ×2 rec−50%", cdr_multiple: 2.0, recovery_haircut: 0.5),
        StressTemplate(name: "×20", base: "base", cdr_multiple: 20.0),
    ],
    tranches: ["#,
        );
    parse_deal(&text, "stressed").unwrap()
}

#[test]
fn a_times_two_template_doubles_the_cdr_and_halves_recoveries() {
    let deal = stressed_deal();
    assert!(
        validate(&deal, &[]).is_empty(),
        "{:?}",
        validate(&deal, &[])
    );
    let base = run(&deal, Some("base")).unwrap();
    let x2 = run(&deal, Some("AAA ×2 rec−50%")).unwrap();
    // Period 1, 90 days. Base: p = 1 − 0.9^(90/365) = 0.0256447 → defaults 1,000,000 × p
    // = 25,644.75; ×2: p = 1 − 0.8^(90/365) = 0.0535354 → 53,535.39 (not 2 × 25,644.75).
    assert_eq!(base.periods[0].pool.defaults, d("25644.75"));
    assert_eq!(x2.periods[0].pool.defaults, d("53535.39"));
    // Recoveries at 40% × (1 − 50%) = 20%, no lag: 0.2 × 53,535.388 = 10,707.08.
    assert_eq!(x2.periods[0].pool.recoveries, d("10707.08"));
    let stress = x2.stress.as_ref().unwrap();
    assert_eq!((stress.base.as_str(), stress.cdr_multiple), ("base", 2.0));
    assert!(base.stress.is_none());
    // ×20 of 10% is 200%, capped at 100%: the whole pool defaults in period 1.
    let x20 = run(&deal, Some("×20")).unwrap();
    assert_eq!(x20.periods[0].pool.defaults, d("1000000.00"));
    // The templates are listed after the written scenarios.
    let names: Vec<String> = deal
        .expanded_scenarios()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names, ["base", "default", "AAA ×2 rec−50%", "×20"]);
    // The term sheet's scenario table runs them all, templates after the written ones.
    let mut session = tranche_studio::engine::Session::new(deal, std::sync::Arc::new(Vec::new()));
    let (ran, failed) = session.scenario_runs();
    assert!(failed.is_empty(), "{failed:?}");
    let ran: Vec<&str> = ran.iter().map(|r| r.scenario.as_str()).collect();
    assert_eq!(ran, ["base", "default", "AAA ×2 rec−50%", "×20"]);
}

#[test]
fn templates_are_checked_at_their_paths() {
    let mut deal = stressed_deal();
    deal.stress_templates[0].base = Some("nowhere".into());
    deal.stress_templates[1].name = "default".into();
    deal.stress_templates[1].recovery_haircut = 1.5;
    let paths: Vec<String> = validate(&deal, &[]).into_iter().map(|i| i.path).collect();
    assert_eq!(
        paths,
        [
            "stress_templates[0].base",
            "stress_templates[1].name",
            "stress_templates[1].recovery_haircut"
        ]
    );
}

#[test]
fn a_last_date_on_the_calendar_s_last_day_is_not_past_it() {
    // Quarterly from 2025-12-31: the last date before a legal final date of 2026-12-31 is
    // 2026-12-31 itself, the last day the shipped list covers: no warning. To 2027-03-31 the
    // last date is past it: warned (validate/market.rs 60:18).
    let calendar_end = |deal: &Deal| {
        validate(deal, &[])
            .iter()
            .any(|i| i.message.contains("W-CALENDAR-END"))
    };
    let mut deal =
        holiday_deal("business_days: BusinessDays(roll: Following, calendar: CnExchange),");
    deal.first_payment_date = date("2025-12-31");
    deal.legal_final_date = date("2026-12-31");
    assert!(!calendar_end(&deal));
    deal.legal_final_date = date("2027-03-31");
    assert!(calendar_end(&deal));
}
