//! The delinquency assumption (逾期假设) and the `Delinquency` trigger, by hand.
//!
//! The deal: two bullet assets at 0% due in 6 months, 甲 600,000 and 乙 400,000, paid monthly
//! from 2025-02-01 to 2025-07-01 (6 dates); no CDR or CPR, 乙 defaults in full in period 5
//! (ledger defaults D5 = 400,000, all other periods 0) and recovers 50% on the same date.
//! A 700,000 and B 300,000 at 0% coupon, so every date pays principal only: date 5 collects
//! the 200,000 recovery, date 6 甲's 600,000. Before a breach principal goes pro rata, after
//! it sequentially.
//!
//! The pipeline (methodology "Delinquency"): a balance defaulting in month M was 90 days
//! overdue at the end of month M − 1, 60 at M − 2 and 30 at M − 3; each stage is what rolls
//! on from it over (1 − cure). With cure shares 0.2 / 0.2 / 0.2 (roll 0.8 each):
//! - end of period 2 (3 months before D5): 30 stage = 400,000 / (0.8 × 0.8 × 0.8)
//!   = 400,000 / 0.512 = 781,250.00 → 30+ 781,250, 60+ 0, 90+ 0;
//! - end of period 3: 60 stage = 400,000 / 0.64 = 625,000 → 30+ = 60+ = 625,000, 90+ 0;
//! - end of period 4: 90 stage = 400,000 / 0.8 = 500,000 → 30+ = 60+ = 90+ = 500,000;
//! - periods 1, 5, 6: nothing defaults 1–3 months later → 0.
//!
//! The performing balance is 1,000,000 at the end of periods 1–4 and 600,000 at the end of
//! period 5, so the 30+ ratio over it is 0, 0.78125, 0.625, 0.5, 0, 0.

use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::error::Severity;
use tranche_studio::io::parse_deal;
use tranche_studio::model::Deal;
use tranche_studio::results::DealResults;
use tranche_studio::validate::validate;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const DEAL: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "逾期手算",
    closing_date: "2025-01-01",
    first_payment_date: "2025-02-01",
    frequency: Monthly,
    legal_final_date: "2025-07-01",
    pool: Pool(assets: [
        Asset(id: "X", obligor: "甲", asset_class: TrustLoan, balance: "600000.00", rate: 0.0,
              remaining_term: 6, amortisation: Bullet),
        Asset(id: "Y", obligor: "乙", asset_class: TrustLoan, balance: "400000.00", rate: 0.0,
              remaining_term: 6, amortisation: Bullet),
    ]),
    scenarios: [
        Scenario(name: "base", recovery_rate: 0.5,
                 obligor_defaults: [ObligorDefault(obligor: "乙", period: 5)]
                 /*DELINQUENCY*/),
    ],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "700000.00", coupon: 0.0,
                expected_maturity: "2025-07-01", legal_maturity: "2025-07-01"),
        Tranche(id: "B", name: "次级", size: "300000.00", coupon: 0.0,
                expected_maturity: "2025-07-01", legal_maturity: "2025-07-01", holder: Originator),
    ],
    triggers: [/*TRIGGERS*/],
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

/// The deal with a delinquency assumption (the text inside `Delinquency(…)`, none when
/// `None`) and these triggers.
fn deal(delinquency: Option<&str>, triggers: &str) -> Deal {
    let assumption = delinquency.map_or(String::new(), |x| {
        format!(", delinquency: Delinquency({x})")
    });
    let text = DEAL
        .replace("/*DELINQUENCY*/", &assumption)
        .replace("/*TRIGGERS*/", triggers);
    parse_deal(&text, "delinquency").expect("the deal parses")
}

const CURES: &str = "cure_30: 0.2, cure_60: 0.2, cure_90: 0.2";

fn conserved(r: &DealResults) {
    for p in &r.periods {
        assert_eq!(p.available, p.paid + p.retained, "date {}", p.date);
    }
}

/// (30+, 60+, 90+) of each period.
fn buckets(r: &DealResults) -> Vec<(Decimal, Decimal, Decimal)> {
    r.periods
        .iter()
        .map(|p| {
            let x = p.delinquency.as_ref().expect("delinquency reported");
            (x.days_30_plus, x.days_60_plus, x.days_90_plus)
        })
        .collect()
}

fn principal(r: &DealResults, t: usize) -> Vec<Decimal> {
    r.periods
        .iter()
        .map(|p| p.tranches[t].principal_paid)
        .collect()
}

#[test]
fn cures_make_the_pipeline_larger_than_the_defaults_it_leads_to() {
    let r = run(&deal(Some(CURES), ""), None).unwrap();
    conserved(&r);
    let z = d("0");
    assert_eq!(
        buckets(&r),
        [
            (z, z, z),
            (d("781250.00"), z, z),
            (d("625000.00"), d("625000.00"), z),
            (d("500000.00"), d("500000.00"), d("500000.00")),
            (z, z, z),
            (z, z, z),
        ]
    );
    // Defaults stay the scenario's: 400,000 in period 5 only.
    let defaults: Vec<Decimal> = r.periods.iter().map(|p| p.pool.defaults).collect();
    assert_eq!(defaults, [z, z, z, z, d("400000.00"), z]);
}

#[test]
fn without_cures_the_buckets_are_the_defaults_to_come() {
    // No cure: every stage is D5 itself, 400,000 at 30 days (end of period 2), 60 (3) and
    // 90 (4).
    let r = run(&deal(Some(""), ""), None).unwrap();
    let (z, x) = (d("0"), d("400000.00"));
    assert_eq!(
        buckets(&r),
        [
            (z, z, z),
            (x, z, z),
            (x, x, z),
            (x, x, x),
            (z, z, z),
            (z, z, z)
        ]
    );
}

#[test]
fn a_deal_without_the_assumption_reports_no_delinquency_and_the_same_cash() {
    let with = run(&deal(Some(CURES), ""), None).unwrap();
    let without = run(&deal(None, ""), None).unwrap();
    assert!(without.periods.iter().all(|p| p.delinquency.is_none()));
    // The assumption only measures: no trigger, so the same cash on every date.
    for (a, b) in with.periods.iter().zip(&without.periods) {
        assert_eq!(a.available, b.available);
        assert_eq!(a.pool.defaults, b.pool.defaults);
        assert_eq!(a.tranches[0].principal_paid, b.tranches[0].principal_paid);
    }
    // And the JSON of a deal without it has no `delinquency` key.
    let json = serde_json::to_string(&without).unwrap();
    assert!(!json.contains("delinquency"));
}

const TRIGGER_30_TWICE: &str = r#"Trigger(id: "dq", name: "逾期30天以上超过50%",
    test: Delinquency(bucket: Days30, above: 0.5, periods: 2))"#;

#[test]
fn the_trigger_breaches_on_the_second_date_above_and_switches_to_sequential() {
    let r = run(&deal(Some(CURES), TRIGGER_30_TWICE), None).unwrap();
    conserved(&r);
    // 30+ / current balance: 0.78125 on date 2 (1st above 0.5), 0.625 on date 3 (2nd):
    // breached on date 3, and from then on. Date 6 ends with no balance: no ratio.
    let breached: Vec<bool> = r.periods.iter().map(|p| p.trigger_breached).collect();
    assert_eq!(breached, [false, false, true, true, true, true]);
    let ratios: Vec<Option<f64>> = r
        .periods
        .iter()
        .map(|p| p.delinquency.as_ref().unwrap().ratios[0].ratio)
        .collect();
    assert_eq!(
        ratios,
        [
            Some(0.0),
            Some(0.78125),
            Some(0.625),
            Some(0.5),
            Some(0.0),
            None
        ]
    );
    assert_eq!(
        &*r.periods[0].delinquency.as_ref().unwrap().ratios[0].trigger,
        "dq"
    );
    // Sequential: date 5's 200,000 recovery all to A (500,000 left); date 6's 600,000 pays
    // A's 500,000 and B 100,000, so B loses 200,000.
    let z = d("0");
    assert_eq!(
        principal(&r, 0),
        [z, z, z, z, d("200000.00"), d("500000.00")]
    );
    assert_eq!(principal(&r, 1), [z, z, z, z, z, d("100000.00")]);
    assert_eq!(r.securities[1].principal_loss, d("200000.00"));
}

#[test]
fn without_cures_the_ratio_stays_at_0_4_and_the_waterfall_stays_pro_rata() {
    // No cure: 30+ = 400,000 on dates 2–4, 0.4 of 1,000,000, never above 0.5. Pro rata
    // 700 : 300: date 5 pays A 140,000 and B 60,000; date 6's 600,000 on balances 560,000 and
    // 240,000 pays A 420,000 and B 180,000.
    let r = run(&deal(Some(""), TRIGGER_30_TWICE), None).unwrap();
    conserved(&r);
    assert!(r.periods.iter().all(|p| !p.trigger_breached));
    let z = d("0");
    assert_eq!(
        principal(&r, 0),
        [z, z, z, z, d("140000.00"), d("420000.00")]
    );
    assert_eq!(
        principal(&r, 1),
        [z, z, z, z, d("60000.00"), d("180000.00")]
    );
}

#[test]
fn a_ratio_back_at_the_level_restarts_the_count() {
    // 60+ / current: 0.625 on date 3 (above 0.5), exactly 0.5 on date 4 (not above: the
    // count restarts), 0 after: two consecutive dates never come.
    let trigger = r#"Trigger(id: "dq60", name: "60+",
        test: Delinquency(bucket: Days60, basis: Current, above: 0.5, periods: 2))"#;
    let r = run(&deal(Some(CURES), trigger), None).unwrap();
    assert!(r.periods.iter().all(|p| !p.trigger_breached));
    // Once is enough with `periods` left at 1: breached on date 3.
    let trigger = r#"Trigger(id: "dq60", name: "60+",
        test: Delinquency(bucket: Days60, above: 0.5))"#;
    let r = run(&deal(Some(CURES), trigger), None).unwrap();
    let breached: Vec<bool> = r.periods.iter().map(|p| p.trigger_breached).collect();
    assert_eq!(breached, [false, false, true, true, true, true]);
}

#[test]
fn ninety_plus_over_the_initial_balance() {
    // 90+ = 500,000 on date 4 only; over the initial 1,000,000 that is 0.5 > 0.49: breached
    // on date 4 (not 3: 90+ is 0 there).
    let trigger = r#"Trigger(id: "dq90", name: "严重拖欠",
        test: Delinquency(bucket: Days90, basis: Initial, above: 0.49))"#;
    let r = run(&deal(Some(CURES), trigger), None).unwrap();
    conserved(&r);
    let breached: Vec<bool> = r.periods.iter().map(|p| p.trigger_breached).collect();
    assert_eq!(breached, [false, false, false, true, true, true]);
    // Date 5: 90+ is 0 over the initial balance (the ratio keeps its basis of 1,000,000).
    assert_eq!(
        r.periods[4].delinquency.as_ref().unwrap().ratios[0].ratio,
        Some(0.0)
    );
    assert_eq!(
        r.periods[3].delinquency.as_ref().unwrap().ratios[0].ratio,
        Some(0.5)
    );
}

#[test]
fn a_quarterly_deal_spreads_a_period_s_defaults_over_its_three_months() {
    // Quarterly, 3 dates (2025-04-01, 07-01, 10-01); 乙 defaults in period 2: D2 = 400,000,
    // 400,000 / 3 a month. At the end of period 1 the months 1, 2 and 3 ahead all fall in
    // period 2. Cure 0.5 at 30 days only (roll 0.5, 1, 1):
    // 90 stage = 400,000 / 3 = 133,333.33; 60 stage = 133,333.33;
    // 30 stage = 400,000 / (3 × 0.5) = 266,666.67.
    // 30+ = 533,333.33, 60+ = 266,666.66, 90+ = 133,333.33; nothing at the end of periods 2, 3.
    let text = DEAL
        .replace(
            r#"first_payment_date: "2025-02-01""#,
            r#"first_payment_date: "2025-04-01""#,
        )
        .replace("frequency: Monthly", "frequency: Quarterly")
        .replace(
            r#"legal_final_date: "2025-07-01""#,
            r#"legal_final_date: "2025-10-01""#,
        )
        .replace(r#""2025-07-01""#, r#""2025-10-01""#)
        .replace("remaining_term: 6", "remaining_term: 9")
        .replace("period: 5", "period: 2")
        .replace(
            "/*DELINQUENCY*/",
            ", delinquency: Delinquency(cure_30: 0.5)",
        )
        .replace("/*TRIGGERS*/", "");
    let deal = parse_deal(&text, "quarterly").unwrap();
    let r = run(&deal, None).unwrap();
    conserved(&r);
    let z = d("0");
    assert_eq!(
        buckets(&r),
        [
            (d("533333.33"), d("266666.66"), d("133333.33")),
            (z, z, z),
            (z, z, z)
        ]
    );
}

/// Error paths of a deal.
fn errors(deal: &Deal) -> Vec<String> {
    validate(deal, &[])
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.path)
        .collect()
}

#[test]
fn bad_inputs_are_errors_at_their_paths() {
    let bad = deal(
        Some("cure_30: 1.0, cure_60: -0.1, cure_90: 0.5"),
        r#"Trigger(id: "dq", name: "x", test: Delinquency(bucket: Days30, above: 1.5, periods: 0))"#,
    );
    assert_eq!(
        errors(&bad),
        [
            "scenarios[0].delinquency.cure_30",
            "scenarios[0].delinquency.cure_60",
            "triggers[0].test.above",
            "triggers[0].test.periods",
        ]
    );
    // A trigger in a scenario without the assumption cannot breach: a warning says so.
    let warned = deal(None, TRIGGER_30_TWICE);
    assert!(errors(&warned).is_empty());
    let warnings: Vec<String> = validate(&warned, &[])
        .into_iter()
        .filter(|i| i.severity == Severity::Warning && i.message.contains("W-NO-DELINQUENCY"))
        .map(|i| format!("{}: {}", i.path, i.message))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("triggers[0].test: "),
        "{warnings:?}"
    );
    assert!(warnings[0].ends_with("base"), "{warnings:?}");
    // It runs, and never breaches.
    let r = run(&warned, None).unwrap();
    assert!(
        r.periods
            .iter()
            .all(|p| !p.trigger_breached && p.delinquency.is_none())
    );
}

#[test]
fn the_pipeline_never_holds_more_than_the_performing_balance() {
    // Cures of 50% at every stage (roll 0.5 each): the stages would be 400,000 / 0.125 =
    // 3,200,000 at 30 days (end of period 2), 400,000 / 0.25 = 1,600,000 at 60 (period 3),
    // 400,000 / 0.5 = 800,000 at 90 (period 4). The balance at the end of periods 2–4 is
    // 1,000,000, so the 30 and 60 stages are cut to it; 800,000 fits.
    let r = run(
        &deal(Some("cure_30: 0.5, cure_60: 0.5, cure_90: 0.5"), ""),
        None,
    )
    .unwrap();
    let (z, all) = (d("0"), d("1000000.00"));
    assert_eq!(
        buckets(&r)[1..4],
        [
            (all, z, z),
            (all, all, z),
            (d("800000.00"), d("800000.00"), d("800000.00"))
        ]
    );
}

#[test]
fn periods_csv_has_the_overdue_balances_and_the_trigger_ratio() {
    let r = run(&deal(Some(CURES), TRIGGER_30_TWICE), None).unwrap();
    let dir = std::env::temp_dir().join(format!("ts-delinquency-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    tranche_studio::export::tables::write_csv_dir(&r, &dir).unwrap();
    let mut rd = csv::Reader::from_path(dir.join("periods.csv")).unwrap();
    let header = rd.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    let col = |row: usize, k: &str| {
        let i = header
            .iter()
            .position(|h| h == k)
            .unwrap_or_else(|| panic!("{k}"));
        rows[row][i].to_string()
    };
    // Date 3 (see the module comment): 625,000 at 30+ and 60+, none at 90+; 0.625 of
    // 1,000,000; no ratio on date 6 (no balance left).
    assert_eq!(col(2, "days_30_plus"), "625000.00");
    assert_eq!(col(2, "days_60_plus"), "625000.00");
    assert_eq!(col(2, "days_90_plus"), "0.00");
    assert_eq!(
        col(2, "delinquency_ratio_dq").parse::<f64>().unwrap(),
        0.625
    );
    assert_eq!(col(5, "delinquency_ratio_dq"), "");
    let _ = std::fs::remove_dir_all(&dir);
    // Without the assumption the columns are not there.
    let r = run(&deal(None, ""), None).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    tranche_studio::export::tables::write_csv_dir(&r, &dir).unwrap();
    let mut rd = csv::Reader::from_path(dir.join("periods.csv")).unwrap();
    assert!(!rd.headers().unwrap().iter().any(|h| h.starts_with("days_")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_term_sheet_states_the_delinquency_trigger() {
    use tranche_studio::engine::compare::Comparison;
    use tranche_studio::export::{Lang, summary};
    let deal = deal(Some(CURES), TRIGGER_30_TWICE);
    let r = run(&deal, None).unwrap();
    let sheet = |lang| {
        summary::markdown(&summary::term_sheet(
            &deal,
            &r,
            &Comparison::of(&deal.name, false, std::slice::from_ref(&r), vec![]),
            lang,
        ))
    };
    let (en, zh) = (sheet(Lang::En), sheet(Lang::Zh));
    assert!(
        en.contains(
            "balance 30+ days overdue / current pool balance > 50.00% on 2 consecutive dates"
        ),
        "{en}"
    );
    assert!(
        zh.contains("逾期30天以上资产余额 / 当期末资产池余额 > 50.00%，连续 2 期"),
        "{zh}"
    );
}

#[test]
fn the_assumption_and_the_trigger_are_saved_and_read_back() {
    use tranche_studio::io::{edit_ron, to_ron};
    let with = deal(Some(CURES), TRIGGER_30_TWICE);
    assert_eq!(parse_deal(&to_ron(&with), "saved").unwrap(), with);
    // Switched on over a file without it: the file is edited, not rewritten, and reads back.
    let file = DEAL
        .replace("/*DELINQUENCY*/", "")
        .replace("/*TRIGGERS*/", "");
    let edited = edit_ron(&file, &with).expect("an edit of the file");
    assert!(
        edited.contains("逾期手算") && edited.contains("cure_30: 0.2"),
        "{edited}"
    );
    assert_eq!(parse_deal(&edited, "edited").unwrap(), with);
}

#[test]
fn on_the_call_date_the_called_balance_is_the_current_basis() {
    // A clean-up call below 61% of the initial 1,000,000: date 5 ends with 甲's 600,000
    // performing (0.6 < 0.61), so the pool is sold on date 5 and the deal ends there. The
    // balance measured on that date is the 600,000 sold: nothing is overdue (no default
    // comes after the sale), so the 30+ ratio over the current basis is 0 / 600,000 = 0,
    // not "no balance". Dates 1–4 as in the module comment.
    let text = DEAL
        .replace(
            "/*DELINQUENCY*/",
            &format!(", delinquency: Delinquency({CURES})"),
        )
        .replace("/*TRIGGERS*/", TRIGGER_30_TWICE)
        .replace(
            "    waterfall: Waterfall(",
            "    clean_up_call: CleanUpCall(below: 0.61),\n    waterfall: Waterfall(",
        );
    let r = run(&parse_deal(&text, "call").unwrap(), None).unwrap();
    conserved(&r);
    assert_eq!(r.periods.len(), 5);
    assert_eq!(r.periods[4].pool.called_balance, d("600000.00"));
    let z = d("0");
    assert_eq!(buckets(&r)[4], (z, z, z));
    let ratios: Vec<Option<f64>> = r
        .periods
        .iter()
        .map(|p| p.delinquency.as_ref().unwrap().ratios[0].ratio)
        .collect();
    assert_eq!(
        ratios,
        [Some(0.0), Some(0.78125), Some(0.625), Some(0.5), Some(0.0)]
    );
}

#[test]
fn a_stage_cut_to_the_balance_leaves_no_room_for_the_next() {
    // 甲 defaults in period 4 as well (D4 = 600,000, D5 = 400,000), cures of 50% at every
    // stage (roll 0.5 each). The 90 stage is filled first, then 60, then 30, each from what
    // the earlier ones left of the performing balance:
    // - end of period 1: 30 stage D4 / 0.125 = 4,800,000, cut to 1,000,000;
    // - end of period 2: 60 stage D4 / 0.25 = 2,400,000, cut to 1,000,000; 30 stage
    //   D5 / 0.125 = 3,200,000, but nothing is left: 0;
    // - end of period 3: 90 stage D4 / 0.5 = 1,200,000, cut to 1,000,000; 60 stage
    //   D5 / 0.25 = 1,600,000, nothing left: 0;
    // - end of period 4: only 乙's 400,000 performs; 90 stage D5 / 0.5 = 800,000, cut to it;
    // - period 5: nothing performs (the deal ends with 乙's recovery).
    let text = DEAL
        .replace(
            r#"obligor_defaults: [ObligorDefault(obligor: "乙", period: 5)]"#,
            r#"obligor_defaults: [ObligorDefault(obligor: "乙", period: 5),
                                  ObligorDefault(obligor: "甲", period: 4)]"#,
        )
        .replace(
            "/*DELINQUENCY*/",
            ", delinquency: Delinquency(cure_30: 0.5, cure_60: 0.5, cure_90: 0.5)",
        )
        .replace("/*TRIGGERS*/", "");
    let r = run(&parse_deal(&text, "two").unwrap(), None).unwrap();
    let (z, all, yi) = (d("0"), d("1000000.00"), d("400000.00"));
    assert_eq!(
        buckets(&r),
        [
            (all, z, z),
            (all, all, z),
            (all, all, all),
            (yi, yi, yi),
            (z, z, z)
        ]
    );
}
