//! The validator at its boundaries (issue 16, mutation testing of `src/validate.rs`): each
//! check's limit accepted and one step past it refused, with the field path and the message
//! written out. The small deal (`common::SMALL_DEAL`): closing 2025-01-01, quarterly from
//! 2025-04-01 to the legal final date 2026-01-01 (4 payment dates, 12 months), one asset L1
//! of 1,000,000.00, tranches A 900,000.00 and B 100,000.00.

use crate::common;

use rust_decimal::Decimal;
use tranche_studio::error::Severity;
use tranche_studio::io::{load_deal, parse_deal};
use tranche_studio::model::*;
use tranche_studio::validate::{validate, warnings};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn sample(name: &str) -> Deal {
    let path = format!("{}/sample_deals/{name}", env!("CARGO_MANIFEST_DIR"));
    load_deal(std::path::Path::new(&path)).unwrap().deal
}

/// The small deal with `from` replaced by `to` in its text.
fn small_with(from: &str, to: &str) -> Deal {
    assert!(common::SMALL_DEAL.contains(from), "{from}");
    parse_deal(&common::SMALL_DEAL.replace(from, to), "small").unwrap()
}

/// The errors as (path, message), with the tape's rows.
fn errors_with(deal: &Deal, tape: &[Asset]) -> Vec<(String, String)> {
    validate(deal, tape)
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| (i.path, i.message))
        .collect()
}

fn errors(deal: &Deal) -> Vec<(String, String)> {
    errors_with(deal, &[])
}

/// The warnings as (path, message with its code).
fn warns(deal: &Deal) -> Vec<(String, String)> {
    validate(deal, &[])
        .into_iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| (i.path, i.message))
        .collect()
}

/// Every issue (errors and warnings) at one path, its messages.
fn at(deal: &Deal, path: &str) -> Vec<String> {
    validate(deal, &[])
        .into_iter()
        .filter(|i| i.path == path)
        .map(|i| i.message)
        .collect()
}

fn one(path: &str, message: &str) -> Vec<(String, String)> {
    vec![(path.to_string(), message.to_string())]
}

const NONE: Vec<(String, String)> = Vec::new();

#[test]
fn the_small_deal_has_no_issue() {
    assert_eq!(validate(&common::small_deal(), &[]), vec![]);
}

#[test]
fn an_assets_term_may_run_to_the_legal_final_date_and_not_past() {
    // Closing 2025-01-01 to 2026-01-01: (2026 − 2025) × 12 + 1 − 1 = 12 months.
    let mut deal = common::small_deal();
    deal.pool.assets[0].remaining_term = 12;
    assert_eq!(errors(&deal), NONE);
    deal.pool.assets[0].remaining_term = 13;
    assert_eq!(
        errors(&deal),
        one(
            "pool.assets[0].remaining_term",
            "13 months runs past the legal final date (12 months after closing)"
        )
    );
    deal.pool.assets[0].remaining_term = 0;
    assert_eq!(
        errors(&deal),
        one("pool.assets[0].remaining_term", "must be at least 1 month")
    );
    // Closing 2024-11-15 to 2026-01-01: (2026 − 2024) × 12 + 1 − 11 = 14 months.
    let mut deal = small_with(
        r#"closing_date: "2025-01-01""#,
        r#"closing_date: "2024-11-15""#,
    );
    deal.pool.assets[0].remaining_term = 14;
    assert_eq!(errors(&deal), NONE);
    deal.pool.assets[0].remaining_term = 15;
    assert_eq!(
        errors(&deal),
        one(
            "pool.assets[0].remaining_term",
            "15 months runs past the legal final date (14 months after closing)"
        )
    );
}

#[test]
fn a_schedule_has_at_most_one_amount_a_payment_period() {
    // 4 payment dates: 4 amounts are accepted, 5 are not.
    let mut deal = common::small_deal();
    let quarter = d("250000.00");
    deal.pool.assets[0].amortisation = Amortisation::Schedule(vec![quarter; 4]);
    assert_eq!(errors(&deal), NONE);
    deal.pool.assets[0].amortisation = Amortisation::Schedule(vec![quarter; 5]);
    assert_eq!(
        errors(&deal),
        one(
            "pool.assets[0].amortisation",
            "5 amounts for 4 payment periods"
        )
    );
    deal.pool.assets[0].amortisation =
        Amortisation::Schedule(vec![quarter, d("-0.01"), quarter, quarter]);
    assert_eq!(
        errors(&deal),
        one(
            "pool.assets[0].amortisation.Schedule[1]",
            "-0.01 is negative"
        )
    );
}

#[test]
fn an_assets_rate_is_from_0_to_1_and_finite() {
    let mut deal = common::small_deal();
    for ok in [0.0, 1.0] {
        deal.pool.assets[0].rate = ok;
        assert_eq!(errors(&deal), NONE, "{ok}");
    }
    deal.pool.assets[0].rate = 1.0001;
    assert_eq!(
        errors(&deal),
        one("pool.assets[0].rate", "1.0001 is outside [0, 1]")
    );
    deal.pool.assets[0].rate = -0.0001;
    assert_eq!(
        errors(&deal),
        one("pool.assets[0].rate", "-0.0001 is outside [0, 1]")
    );
    deal.pool.assets[0].rate = f64::NAN;
    assert_eq!(
        errors(&deal),
        one("pool.assets[0].rate", "must be a finite number")
    );
    deal.pool.assets[0].rate = 0.06;
    deal.pool.assets[0].balance = d("-0.01");
    let e = errors(&deal);
    assert_eq!(e[0], one("pool.assets[0].balance", "-0.01 is negative")[0]);
}

#[test]
fn the_collection_lag_is_shorter_than_the_deal() {
    // 4 payment periods: a lag of 3 passes (validate_limits), 4 and 5 do not.
    let mut deal = common::small_deal();
    deal.collection_lag = 5;
    assert_eq!(
        errors(&deal),
        one(
            "collection_lag",
            "5 periods is not shorter than the deal (4 periods)"
        )
    );
}

#[test]
fn the_legal_final_date_may_be_the_first_payment_date_but_not_before() {
    let mut deal = common::small_deal();
    deal.legal_final_date = date("2025-04-01");
    assert_eq!(at(&deal, "legal_final_date"), Vec::<String>::new());
    deal.legal_final_date = date("2025-03-31");
    assert_eq!(
        at(&deal, "legal_final_date"),
        ["must not be before first_payment_date"]
    );
}

#[test]
fn errors_come_before_warnings_and_warnings_carry_their_code() {
    // No principal step names B: a warning; no name: an error, reported first.
    let mut deal = small_with(r#"tranches: ["A", "B"]"#, r#"tranches: ["A"]"#);
    deal.name = " ".into();
    let issues = validate(&deal, &[]);
    let got: Vec<(Severity, &str, &str)> = issues
        .iter()
        .map(|i| (i.severity, i.path.as_str(), i.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Severity::Error, "name", "the deal needs a name"),
            (
                Severity::Warning,
                "waterfall.steps",
                "[W-NO-PRINCIPAL] no principal step pays tranches[1] (B)"
            ),
        ]
    );
    let w = warnings(&issues);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "W-NO-PRINCIPAL");
    assert_eq!(
        w[0].message,
        "waterfall.steps: no principal step pays tranches[1] (B)"
    );
}

/// A copy of L1 with another id (the tape's rows are assets read from the CSV).
fn row(deal: &Deal, id: &str) -> Asset {
    let mut a = deal.pool.assets[0].clone();
    a.id = id.into();
    a
}

#[test]
fn inline_assets_tape_rows_and_rep_lines_are_named_by_their_own_paths() {
    // One inline asset (index 0), two tape rows (indexes 1 and 2: CSV rows 2 and 3 below the
    // header) and two rep lines (indexes 3 and 4: lines 0 and 1).
    let mut deal = common::small_deal();
    deal.pool.tape = Some("tape.csv".into());
    deal.pool.rep_lines = Some(RepLines {
        total_balance: d("1000.00"),
        lines: ["R1", "R2"]
            .map(|id| RepLine {
                id: id.into(),
                obligor: "丙公司".into(),
                asset_class: AssetClass::TrustLoan,
                data_asset_role: DataAssetRole::None,
                industry: String::new(),
                weight: 0.5,
                rate: 0.05,
                remaining_term: 6,
                amortisation: Amortisation::Bullet,
            })
            .to_vec(),
    });
    let mut tape = vec![row(&deal, "T1"), row(&deal, "T2")];
    assert_eq!(errors_with(&deal, &tape), NONE);
    deal.pool.assets[0].rate = 1.5;
    tape[0].remaining_term = 0;
    tape[1].rate = -0.01;
    deal.pool.rep_lines.as_mut().unwrap().lines[0].remaining_term = 13;
    assert_eq!(
        errors_with(&deal, &tape),
        vec![
            ("pool.assets[0].rate".into(), "1.5 is outside [0, 1]".into()),
            (
                "pool.tape[row 2].remaining_term".into(),
                "must be at least 1 month".into()
            ),
            (
                "pool.tape[row 3].rate".into(),
                "-0.01 is outside [0, 1]".into()
            ),
            (
                "pool.rep_lines.lines[0].remaining_term".into(),
                "13 months runs past the legal final date (12 months after closing)".into()
            ),
        ]
    );
    // A duplicate id across the parts is named where it is repeated.
    deal.pool.assets[0].rate = 0.06;
    let tape = vec![row(&deal, "T1"), row(&deal, "L1")];
    deal.pool.rep_lines.as_mut().unwrap().lines[0].remaining_term = 6;
    assert_eq!(
        errors_with(&deal, &tape),
        one("pool.tape[row 3].id", "duplicate asset id \"L1\"")
    );
    // The tape's rows without the tape named, and the tape named without its rows.
    assert_eq!(
        errors_with(&deal, &[]),
        one(
            "pool.tape",
            "the tape's rows are not loaded (or the tape has no rows)"
        )
    );
    deal.pool.tape = None;
    assert_eq!(
        errors_with(&deal, &tape[..1]),
        one(
            "pool.tape",
            "tape rows are given but the deal names no tape"
        )
    );
}

#[test]
fn rep_line_weights_add_up_to_one() {
    let line = |w: f64| RepLine {
        id: format!("R{w}"),
        obligor: "丙公司".into(),
        asset_class: AssetClass::TrustLoan,
        data_asset_role: DataAssetRole::None,
        industry: String::new(),
        weight: w,
        rate: 0.05,
        remaining_term: 6,
        amortisation: Amortisation::Bullet,
    };
    let mut deal = common::small_deal();
    let rep = |lines| {
        Some(RepLines {
            total_balance: d("1000.00"),
            lines,
        })
    };
    deal.pool.rep_lines = rep(vec![line(0.75), line(0.25)]);
    assert_eq!(errors(&deal), NONE);
    // 0.75 + 0.5 = 1.25, exact in binary.
    deal.pool.rep_lines = rep(vec![line(0.75), line(0.5)]);
    assert_eq!(
        errors(&deal),
        one("pool.rep_lines.lines", "weights add up to 1.25, not 1")
    );
    deal.pool.rep_lines = rep(vec![]);
    assert_eq!(errors(&deal), one("pool.rep_lines.lines", "no lines"));
}

#[test]
fn an_appraised_value_is_from_a_fen_to_1e15() {
    let mut deal = common::small_deal();
    let pledge = |v: &str| {
        Some(DataPledge {
            name: "数据集".into(),
            appraised_value: d(v),
        })
    };
    for ok in ["0.01", "1000000000000000"] {
        deal.pool.assets[0].pledge = pledge(ok);
        assert_eq!(errors(&deal), NONE, "{ok}");
    }
    for bad in ["0.00", "-5.00", "1000000000000000.01"] {
        deal.pool.assets[0].pledge = pledge(bad);
        assert_eq!(
            errors(&deal),
            one(
                "pool.assets[0].pledge.appraised_value",
                &format!("{bad} is not an appraised value from 0.01 to 1e15 CNY")
            ),
            "{bad}"
        );
    }
}

#[test]
fn obligor_defaults_name_a_pool_obligor_in_a_payment_period() {
    // Scenario 1 defaults 甲公司 in period 2; the deal has 4 payment periods.
    let mut deal = common::small_deal();
    let p = "scenarios[1].obligor_defaults[0]";
    for ok in [1, 4] {
        deal.scenarios[1].obligor_defaults[0].period = ok;
        assert_eq!(errors(&deal), NONE, "{ok}");
    }
    for bad in [0, 5] {
        deal.scenarios[1].obligor_defaults[0].period = bad;
        assert_eq!(
            errors(&deal),
            one(&format!("{p}.period"), "must be from 1 to 4"),
            "{bad}"
        );
    }
    deal.scenarios[1].obligor_defaults[0].period = 2;
    deal.scenarios[1].obligor_defaults[0].obligor = "乙公司".into();
    assert_eq!(
        errors(&deal),
        one(&format!("{p}.obligor"), "no asset of obligor \"乙公司\"")
    );
    // 乙公司 as a tape row's obligor, or as a rep line's, is in the pool.
    let mut tape = row(&deal, "T1");
    tape.obligor = "乙公司".into();
    deal.pool.tape = Some("tape.csv".into());
    assert_eq!(errors_with(&deal, &[tape]), NONE);
    deal.pool.tape = None;
    deal.pool.rep_lines = Some(RepLines {
        total_balance: d("1000.00"),
        lines: vec![RepLine {
            id: "R1".into(),
            obligor: "乙公司".into(),
            asset_class: AssetClass::TrustLoan,
            data_asset_role: DataAssetRole::None,
            industry: String::new(),
            weight: 1.0,
            rate: 0.05,
            remaining_term: 6,
            amortisation: Amortisation::Bullet,
        }],
    });
    assert_eq!(errors(&deal), NONE);
}

#[test]
fn the_default_scenario_is_one_of_the_deals() {
    let mut deal = common::small_deal();
    deal.default_scenario = Some("default".into());
    assert_eq!(errors(&deal), NONE);
    deal.default_scenario = Some("nope".into());
    assert_eq!(
        errors(&deal),
        one("default_scenario", "no scenario named \"nope\"")
    );
}

#[test]
fn tranche_sizes_prices_and_maturities_at_their_limits() {
    let mut deal = common::small_deal();
    deal.tranches[1].size = d("0.00");
    assert_eq!(
        errors(&deal),
        one("tranches[1].size", "0.00 must be positive")
    );
    // A 900,000.00 + B 100,000.01 is a fen above the pool's 1,000,000.00.
    deal.tranches[1].size = d("100000.01");
    assert_eq!(
        errors(&deal),
        one(
            "tranches",
            "tranches total 1000000.01 is above the pool balance 1000000.00"
        )
    );
    let mut deal = common::small_deal();
    for ok in [0.0001, 100.0, 999.99] {
        deal.tranches[0].price = Some(ok);
        assert_eq!(errors(&deal), NONE, "{ok}");
    }
    for bad in [0.0, -1.0, 1000.0, f64::NAN, f64::INFINITY] {
        deal.tranches[0].price = Some(bad);
        assert_eq!(
            errors(&deal),
            one(
                "tranches[0].price",
                &format!("{bad} is not a price per 100 of face")
            ),
            "{bad}"
        );
    }
    // Expected maturity after closing (2025-01-01); legal maturity from the expected
    // maturity (2025-07-01) to the deal's legal final date (2026-01-01).
    let mut deal = common::small_deal();
    deal.tranches[0].expected_maturity = date("2025-01-02");
    deal.tranches[0].legal_maturity = date("2025-01-02");
    assert_eq!(errors(&deal), NONE);
    deal.tranches[0].expected_maturity = date("2025-01-01");
    assert_eq!(
        errors(&deal),
        one(
            "tranches[0].expected_maturity",
            "must be after closing_date"
        )
    );
    deal.tranches[0].expected_maturity = date("2025-07-01");
    deal.tranches[0].legal_maturity = date("2025-06-30");
    assert_eq!(
        errors(&deal),
        one(
            "tranches[0].legal_maturity",
            "must not be before expected_maturity"
        )
    );
    deal.tranches[0].legal_maturity = date("2026-01-02");
    assert_eq!(
        errors(&deal),
        one(
            "tranches[0].legal_maturity",
            "must not be after the deal's legal_final_date"
        )
    );
}

#[test]
fn waterfall_steps_name_what_the_deal_has() {
    let deal = small_with(r#"Fee("mgmt")"#, r#"Fee("audit")"#);
    assert_eq!(
        errors(&deal),
        one("waterfall.steps[0]", "no fee with id \"audit\"")
    );
    let deal = small_with("ReserveTopUp,", "Tax,");
    assert_eq!(
        errors(&deal),
        one("waterfall.steps[2]", "a Tax step but the deal has no vat")
    );
    // With VAT: exactly one Tax step.
    let vat = Some(Vat {
        rate: 0.0326,
        surcharge_rate: 0.12,
    });
    let mut deal = small_with("ReserveTopUp,", "ReserveTopUp, Tax,");
    deal.vat = vat.clone();
    assert_eq!(errors(&deal), NONE);
    let mut deal = common::small_deal();
    deal.vat = vat.clone();
    assert_eq!(
        errors(&deal),
        one(
            "waterfall.steps",
            "the deal has vat: exactly one Tax step pays it (0 here)"
        )
    );
    let mut deal = small_with("ReserveTopUp,", "Tax, ReserveTopUp, Tax,");
    deal.vat = vat;
    assert_eq!(
        errors(&deal),
        one(
            "waterfall.steps",
            "the deal has vat: exactly one Tax step pays it (2 here)"
        )
    );
}

#[test]
fn a_post_trigger_waterfall_without_a_trigger_is_warned() {
    let mut deal = common::small_deal();
    deal.waterfall.post_trigger = Some(deal.waterfall.steps.clone());
    assert_eq!(
        warns(&deal),
        one(
            "waterfall.post_trigger",
            "[W-NO-TRIGGER] a post-trigger waterfall but no trigger"
        )
    );
    deal.triggers = vec![Trigger {
        id: "cdr".into(),
        name: "累计违约率".into(),
        test: TriggerTest::CumulativeDefaultRate(0.1),
    }];
    assert_eq!(warns(&deal), NONE);
    // Without a post-trigger waterfall the trigger needs none.
    deal.waterfall.post_trigger = None;
    assert_eq!(warns(&deal), NONE);
}

/// The small deal labelled as a data-asset deal, its pool `data` assets D1, D2, … of
/// 100,000.00 counted as data assets and one X1 of `other` that is not.
fn labelled(data: usize, other: &str, role: DataAssetRole) -> Deal {
    let mut deal = common::small_deal();
    deal.data_asset_label = true;
    let l1 = deal.pool.assets[0].clone();
    let asset = |id: String, balance: Decimal, role| Asset {
        id,
        balance,
        data_asset_role: role,
        ..l1.clone()
    };
    deal.pool.assets = (1..=data)
        .map(|k| asset(format!("D{k}"), d("100000.00"), DataAssetRole::InPool))
        .chain([asset("X1".into(), d(other), role)])
        .collect();
    deal
}

#[test]
fn a_data_asset_label_needs_50_to_70_percent_of_data_assets() {
    let share = |deal: &Deal| at(deal, "pool");
    // 700,000 of 1,000,000 = 70% and 700,000 of 1,400,000 = 50%: both ends allowed. An
    // Empowering asset is not counted.
    assert_eq!(
        share(&labelled(7, "300000.00", DataAssetRole::Empowering)),
        Vec::<String>::new()
    );
    assert_eq!(
        share(&labelled(7, "700000.00", DataAssetRole::None)),
        Vec::<String>::new()
    );
    // 700,000 of 1,500,000 = 46.67%, seven assets: five named and "2 more".
    assert_eq!(
        share(&labelled(7, "800000.00", DataAssetRole::Empowering)),
        [
            "[RL-DATA-SHARE] data assets are 700000.00 of the pool's 1500000.00 = 46.67%; a \
          data-asset labelled deal needs 50%–70% (both ends allowed). Counted: the 7 assets \
          whose data_asset_role is InPool (D1, D2, D3, D4, D5 and 2 more); Empowering assets \
          (数据资产赋能) do not count"
        ]
    );
    // 500,000 of 1,100,000 = 45.45%, five assets: all named.
    assert_eq!(
        share(&labelled(5, "600000.00", DataAssetRole::None)),
        [
            "[RL-DATA-SHARE] data assets are 500000.00 of the pool's 1100000.00 = 45.45%; a \
          data-asset labelled deal needs 50%–70% (both ends allowed). Counted: the 5 assets \
          whose data_asset_role is InPool (D1, D2, D3, D4, D5); Empowering assets \
          (数据资产赋能) do not count"
        ]
    );
    // 700,000 of 999,999.99 = 70.0000007%: above 70%, shown rounded.
    assert_eq!(
        share(&labelled(7, "299999.99", DataAssetRole::None)),
        [
            "[RL-DATA-SHARE] data assets are 700000.00 of the pool's 999999.99 = 70.00%; a \
          data-asset labelled deal needs 50%–70% (both ends allowed). Counted: the 7 assets \
          whose data_asset_role is InPool (D1, D2, D3, D4, D5 and 2 more); Empowering assets \
          (数据资产赋能) do not count"
        ]
    );
    // No data asset: 0 of 1,000,000.00.
    assert_eq!(
        share(&labelled(0, "1000000.00", DataAssetRole::Empowering)),
        [
            "[RL-DATA-SHARE] data assets are 0 of the pool's 1000000.00 = 0.00%; a \
          data-asset labelled deal needs 50%–70% (both ends allowed). Counted: the 0 assets \
          whose data_asset_role is InPool (none); Empowering assets \
          (数据资产赋能) do not count"
        ]
    );
    // A pool without balance has no share to warn about (the tranches are refused instead).
    let mut deal = labelled(1, "0.00", DataAssetRole::None);
    deal.pool.assets[0].balance = d("0.00");
    assert_eq!(share(&deal), Vec::<String>::new());
}

/// A grid of the small deal with this x axis, no y axis, and A's IRR as output.
fn grid(x: Axis) -> Grid {
    Grid {
        name: "g".into(),
        scenario: None,
        x,
        y: None,
        output: Output {
            metric: Metric::Irr,
            security: Some("A".into()),
        },
    }
}

fn axis(driver: Driver, from: f64, to: f64, step: f64) -> Axis {
    Axis {
        driver,
        from,
        to,
        step,
    }
}

fn with_grid(g: Grid) -> Deal {
    let mut deal = common::small_deal();
    deal.grids = vec![g];
    deal
}

#[test]
fn a_grid_names_a_scenario_of_the_deal() {
    let mut g = grid(axis(Driver::Cdr, 0.0, 0.1, 0.05));
    g.scenario = Some("default".into());
    assert_eq!(errors(&with_grid(g.clone())), NONE);
    g.scenario = Some("nope".into());
    assert_eq!(
        errors(&with_grid(g)),
        one("grids[0].scenario", "no scenario named \"nope\"")
    );
}

#[test]
fn a_grid_step_is_a_positive_finite_number() {
    for ok in [0.05, 0.2] {
        assert_eq!(
            errors(&with_grid(grid(axis(Driver::Cdr, 0.0, 0.1, ok)))),
            NONE
        );
    }
    for bad in [0.0, -0.05, f64::NAN, f64::INFINITY] {
        assert_eq!(
            errors(&with_grid(grid(axis(Driver::Cdr, 0.0, 0.1, bad)))),
            one(
                "grids[0].x.step",
                &format!("{bad} is not a positive number")
            ),
            "{bad}"
        );
    }
    // One value (to = from) is a grid; to below from is not.
    assert_eq!(
        errors(&with_grid(grid(axis(Driver::Cdr, 0.1, 0.1, 0.05)))),
        NONE
    );
    assert_eq!(
        errors(&with_grid(grid(axis(Driver::Cdr, 0.1, 0.05, 0.05)))),
        one("grids[0].x.to", "0.05 is below from (0.1)")
    );
    // 0 to 1 by 0.0001: 10,001 values, above the 1,000 an axis may have.
    assert_eq!(
        errors(&with_grid(grid(axis(Driver::Cdr, 0.0, 1.0, 0.0001)))),
        one("grids[0].x.step", "more than 1000 values")
    );
    // The driver's domain: a CDR from 0 to 1.
    assert_eq!(
        errors(&with_grid(grid(axis(Driver::Cdr, -0.1, 0.1, 0.05)))),
        one("grids[0].x.from", "-0.1 is outside [0, 1]")
    );
}

#[test]
fn a_grid_has_at_most_10000_cells() {
    // Recovery lag 0 to 99 by 1 (100 values) × 甲公司's default period 0 to 99 (100 values):
    // 10,000 cells; to 100: 101 × 100 = 10,100.
    let mut g = grid(axis(Driver::RecoveryLag, 0.0, 99.0, 1.0));
    g.y = Some(axis(
        Driver::ObligorDefaultPeriod("甲公司".into()),
        0.0,
        99.0,
        1.0,
    ));
    assert_eq!(errors(&with_grid(g.clone())), NONE);
    g.x.to = 100.0;
    assert_eq!(
        errors(&with_grid(g.clone())),
        one("grids[0]", "10100 cells; the limit is 10000")
    );
    // The same driver on both axes.
    g.y = Some(axis(Driver::RecoveryLag, 0.0, 1.0, 1.0));
    assert_eq!(
        errors(&with_grid(g)),
        one("grids[0].y.driver", "the same driver as x")
    );
}

#[test]
fn a_grid_output_is_a_figure_the_deal_has() {
    let cdr = || axis(Driver::Cdr, 0.0, 0.1, 0.05);
    let out = |metric, security: Option<&str>| {
        let mut g = grid(cdr());
        g.output = Output {
            metric,
            security: security.map(str::to_string),
        };
        with_grid(g)
    };
    assert_eq!(errors(&out(Metric::PrincipalLoss, Some("B"))), NONE);
    assert_eq!(errors(&out(Metric::CumulativeDefaultRate, None)), NONE);
    assert_eq!(
        errors(&out(Metric::Multiple, Some("A"))),
        one(
            "grids[0].output.metric",
            "multiple applies to holding-type deals only"
        )
    );
    assert_eq!(
        errors(&out(Metric::Wal, Some("C"))),
        one("grids[0].output.security", "no security \"C\"")
    );
    assert_eq!(
        errors(&out(Metric::Wal, None)),
        one("grids[0].output.security", "wal is per security: name one")
    );
    assert_eq!(
        errors(&out(Metric::CumulativeDefaultRate, Some("A"))),
        one(
            "grids[0].output.security",
            "cumulative-default-rate is not per security"
        )
    );
}

fn holding(deal: &mut Deal) -> &mut Holding {
    deal.holding.as_mut().unwrap()
}

#[test]
fn a_holding_deal_has_neither_pool_nor_tranches() {
    let msg = "a holding-type deal has units, not a pool and tranches: remove pool and tranches";
    let small = common::small_deal();
    let mut deal = sample("highway_concession.ron");
    deal.tranches = small.tranches.clone();
    assert_eq!(at(&deal, "holding"), [msg]);
    let mut deal = sample("highway_concession.ron");
    deal.pool.assets = small.pool.assets.clone();
    assert_eq!(at(&deal, "holding"), [msg]);
    let mut deal = sample("highway_concession.ron");
    deal.pool.tape = Some("tape.csv".into());
    assert_eq!(at(&deal, "holding"), [msg]);
}

#[test]
fn a_concession_expires_after_closing_and_a_property_lives_a_year() {
    // The highway: closing 2025-06-30.
    let mut deal = sample("highway_concession.ron");
    let p = "holding.asset.right.expiry";
    holding(&mut deal).asset.right = AssetRight::Concession {
        expiry: date("2025-07-01"),
    };
    assert_eq!(errors(&deal), NONE);
    holding(&mut deal).asset.right = AssetRight::Concession {
        expiry: date("2025-06-30"),
    };
    assert_eq!(
        errors(&deal),
        one(p, "the concession must expire after closing_date")
    );
    holding(&mut deal).asset.right = AssetRight::Concession {
        expiry: date("9999-12-31"),
    };
    assert_eq!(errors(&deal), NONE);
    holding(&mut deal).asset.right = AssetRight::Concession {
        expiry: date("+10000-01-01"),
    };
    assert_eq!(
        errors(&deal),
        one(p, "+10000-01-01 is not between 1900-01-01 and 9999-12-31")
    );
    let mut deal = sample("data_centre.ron");
    holding(&mut deal).asset.right = AssetRight::Property {
        useful_life_years: 1,
    };
    assert_eq!(errors(&deal), NONE);
    holding(&mut deal).asset.right = AssetRight::Property {
        useful_life_years: 0,
    };
    assert_eq!(
        errors(&deal),
        one(
            "holding.asset.right.useful_life_years",
            "must be at least 1"
        )
    );
}

#[test]
fn incentive_values_and_tiers_in_order() {
    let mut deal = sample("highway_concession.ron");
    let inc = holding(&mut deal).incentive.as_mut().unwrap();
    inc.expected_noi = inc.floor_noi;
    inc.expected_by_year[0] = inc.floor_by_year[0];
    inc.remediation_periods = 1200;
    // The first tier starts at 0 (the sample's tiers are from 0 and from 0.10).
    assert_eq!(inc.tiers[0].from, 0.0);
    assert_eq!(errors(&deal), NONE);
    let inc = holding(&mut deal).incentive.as_mut().unwrap();
    inc.expected_noi -= d("0.01");
    inc.expected_by_year[0] -= d("0.01");
    inc.remediation_periods = 1201;
    inc.tiers[1].from = 0.0;
    let below = "the expected value (预期值) must not be below the floor value (达标值)";
    assert_eq!(
        errors(&deal),
        vec![
            ("holding.incentive.expected_noi".into(), below.into()),
            (
                "holding.incentive.tiers[1].from".into(),
                "tiers must be in ascending order".into()
            ),
            ("holding.incentive.expected_by_year[0]".into(), below.into()),
            (
                "holding.incentive.remediation_periods".into(),
                "must be at most 1200".into()
            ),
        ]
    );
}

#[test]
fn tilted_steps_rise() {
    let mut deal = sample("highway_concession.ron");
    let step = |below| TiltStep {
        below,
        market_share: 0.5,
    };
    holding(&mut deal).tilted.as_mut().unwrap().steps = vec![step(0.0), step(1.5)];
    assert_eq!(errors(&deal), NONE);
    holding(&mut deal).tilted.as_mut().unwrap().steps = vec![step(1.5), step(1.5)];
    assert_eq!(
        errors(&deal),
        one(
            "holding.tilted.steps[1].below",
            "steps must be in ascending order"
        )
    );
}

#[test]
fn an_expansion_is_bought_after_closing_and_by_the_legal_final_date() {
    // Rental housing: closing 2025-09-30, legal final 2045-09-30.
    for (ok, bad) in [("2025-10-01", "2025-09-30"), ("2045-09-30", "2045-10-01")] {
        let mut deal = sample("rental_housing_expansion.ron");
        let h = holding(&mut deal);
        h.expansion.as_mut().unwrap().date = date(ok);
        h.expansions = vec![h.expansion.clone().unwrap()];
        assert_eq!(errors(&deal), NONE, "{ok}");
        let h = holding(&mut deal);
        h.expansion.as_mut().unwrap().date = date(bad);
        h.expansions[0].date = date(bad);
        let msg = "must fall between closing_date and legal_final_date";
        assert_eq!(
            errors(&deal),
            vec![
                ("holding.expansion.date".into(), msg.into()),
                ("holding.expansions[0].date".into(), msg.into()),
            ],
            "{bad}"
        );
    }
}

#[test]
fn the_valuation_spread_is_from_minus_5_percent() {
    let mut deal = sample("highway_concession.ron");
    holding(&mut deal).valuation.spread = -0.05;
    assert_eq!(errors(&deal), NONE);
    holding(&mut deal).valuation.spread = -0.0501;
    assert_eq!(
        errors(&deal),
        one("holding.valuation.spread", "-0.0501 is outside [-0.05, 1]")
    );
}

#[test]
fn every_exits_rates_are_checked() {
    let sale = |cap_rate, costs| Exit::Sale {
        year: 8,
        cap_rate,
        costs,
    };
    let mut deal = sample("data_centre.ron");
    deal.scenarios[0].exit = Some(sale(0.001, 1.0));
    assert_eq!(errors(&deal), NONE);
    deal.scenarios[0].exit = Some(sale(0.0, 1.01));
    assert_eq!(
        errors(&deal),
        vec![
            (
                "scenarios[0].exit.cap_rate".into(),
                "0 is outside [0.001, 1]".into()
            ),
            (
                "scenarios[0].exit.costs".into(),
                "1.01 is outside [0, 1]".into()
            ),
        ]
    );
    // The highway's scenario 2 buys at year 10, scenario 3 converts at year 5.
    let mut deal = sample("highway_concession.ron");
    deal.scenarios[2].exit = Some(Exit::RightOfFirstPurchase {
        year: 10,
        discount_rate: 0.0,
    });
    deal.scenarios[3].exit = Some(Exit::ReitConversion {
        year: 5,
        distribution_yield: 1.5,
    });
    assert_eq!(
        errors(&deal),
        vec![
            ("scenarios[2].exit".into(), "0 is outside [0.001, 1]".into()),
            (
                "scenarios[3].exit".into(),
                "1.5 is outside [0.001, 1]".into()
            ),
        ]
    );
    // Rental housing's scenario 2 opens at year 5 for 30%.
    let mut deal = sample("rental_housing_expansion.ron");
    let open = |year, share| Exit::OpenPeriod { year, share };
    deal.scenarios[2].exit = Some(open(100, 1.0));
    assert_eq!(errors(&deal), NONE);
    deal.scenarios[2].exit = Some(open(101, 1.1));
    assert_eq!(
        errors(&deal),
        vec![
            (
                "scenarios[2].exit.share".into(),
                "1.1 is outside [0, 1]".into()
            ),
            (
                "scenarios[2].exit.year".into(),
                "101 is above the limit of 100 years".into()
            ),
        ]
    );
}

#[test]
fn open_periods_fall_in_years_1_to_100() {
    let mut deal = sample("rental_housing_expansion.ron");
    let window = |year| OpenWindow {
        year,
        cap: 0.5,
        buyer: Buyer::Originator,
    };
    holding(&mut deal).open_periods = vec![window(1), window(100)];
    assert_eq!(errors(&deal), NONE);
    holding(&mut deal).open_periods = vec![window(0), window(101)];
    let msg = "must be between 1 and 100";
    assert_eq!(
        errors(&deal),
        vec![
            ("holding.open_periods[0].year".into(), msg.into()),
            ("holding.open_periods[1].year".into(), msg.into()),
        ]
    );
}

#[test]
fn a_bank_loan_amortises_over_at_most_2400_periods() {
    let mut deal = sample("data_centre.ron");
    let bank = |deal: &mut Deal, n| {
        holding(deal)
            .spv
            .bank_debt
            .as_mut()
            .unwrap()
            .amortisation_periods = n
    };
    bank(&mut deal, 2400);
    assert_eq!(errors(&deal), NONE);
    bank(&mut deal, 2401);
    assert_eq!(
        errors(&deal),
        one(
            "holding.spv.bank_debt.amortisation_periods",
            "2401 is above the limit of 2400 periods"
        )
    );
}

#[test]
fn a_unit_face_may_be_the_whole_investment_and_a_zero_face_is_only_not_positive() {
    // The highway's total_investment is 3,000,000,000.00.
    let mut deal = sample("highway_concession.ron");
    holding(&mut deal).plan.unit_face = d("3000000000.00");
    assert_eq!(errors(&deal), NONE);
    holding(&mut deal).plan.unit_face = d("0");
    assert_eq!(
        errors(&deal),
        one("holding.plan.unit_face", "must be positive")
    );
}

#[test]
fn a_holding_deal_pays_on_some_date() {
    let mut deal = sample("highway_concession.ron");
    deal.first_payment_date = deal.legal_final_date + chrono::Days::new(1);
    assert_eq!(
        at(&deal, "first_payment_date"),
        ["no payment date before the legal final date"]
    );
}

#[test]
fn holding_red_lines_at_their_limits() {
    // Rigid enhancement: a reserve alone, or an enhancement alone.
    let small = common::small_deal();
    let rigid = "[RL-RIGID-ENHANCEMENT] a holding-type deal must carry no rigid credit \
                 enhancement (差额支付, guarantee, reserve)";
    let mut deal = sample("highway_concession.ron");
    assert_eq!(warns(&deal), NONE);
    deal.reserve = small.reserve.clone();
    assert_eq!(at(&deal, "enhancements"), [rigid]);
    let mut deal = sample("highway_concession.ron");
    deal.enhancements = small.enhancements.clone();
    assert_eq!(at(&deal, "enhancements"), [rigid]);

    // The plan's share of the project company: 70% passes, 69% is warned.
    let mut deal = sample("highway_concession.ron");
    holding(&mut deal).spv.plan_equity_share = 0.7;
    assert_eq!(warns(&deal), NONE);
    holding(&mut deal).spv.plan_equity_share = 0.69;
    assert_eq!(
        warns(&deal),
        one(
            "holding.spv.plan_equity_share",
            "[RL-PLAN-EQUITY] the plan holds 69.0% of the project company; at least 70% is \
             expected"
        )
    );

    // Retention: the highway's minimum is 20%.
    let mut deal = sample("highway_concession.ron");
    holding(&mut deal).plan.originator_unit_share = 0.19;
    assert_eq!(
        warns(&deal),
        one(
            "holding.plan.originator_unit_share",
            "[RL-RETENTION] originator retention 19.0% is below the stated minimum 20.0%"
        )
    );

    // Bank leverage: 50% passes, 51% is warned.
    let mut deal = sample("data_centre.ron");
    holding(&mut deal).spv.bank_debt.as_mut().unwrap().ltv = 0.5;
    assert_eq!(warns(&deal), NONE);
    holding(&mut deal).spv.bank_debt.as_mut().unwrap().ltv = 0.51;
    assert_eq!(
        warns(&deal),
        one(
            "holding.spv.bank_debt.ltv",
            "[RL-LEVERAGE] project-company leverage 51.0% is above 50%"
        )
    );
}

#[test]
fn thin_capitalisation_is_warned_above_two_to_one_only() {
    // Rental housing: price 1,200,000,000.00, bank 20% = 240,000,000.00, unit face 100. With
    // equity ratio er and the plan's share s the plan invests c = (price − bank) /
    // (er / s + 1 − er), in whole units.
    // er 0.2, s 0.5: c = 960,000,000 / 1.2 = 800,000,000.00 (8,000,000 units); plan equity
    // 160,000,000.00, loan 640,000,000.00; registered capital 1,200,000,000 − 240,000,000 −
    // 640,000,000 = 320,000,000.00: the loan is exactly 2× the equity, not above.
    let mut deal = sample("rental_housing_expansion.ron");
    holding(&mut deal).spv.plan_equity_share = 0.5;
    holding(&mut deal).spv.equity_ratio = 0.2;
    let p = "holding.spv.equity_ratio";
    assert_eq!(at(&deal, p), Vec::<String>::new());
    // er 0.19: c = 960,000,000 / 1.19 = 806,722,689.08, 8,067,226 units = 806,722,600.00;
    // plan equity 153,277,294.00, loan 653,445,306.00; registered 1,200,000,000 −
    // 240,000,000 − 653,445,306 = 306,554,694.00; 653,445,306 / 306,554,694 = 2.1316.
    holding(&mut deal).spv.equity_ratio = 0.19;
    assert_eq!(
        at(&deal, p),
        [
            "[RL-THIN-CAP] shareholder loan is 2.13× the project company's equity; interest \
          above 2:1 is not deductible"
        ]
    );
    // No equity at all is refused, not warned: the ratio has no equity to divide by.
    holding(&mut deal).spv.equity_ratio = 0.0;
    assert_eq!(at(&deal, p), ["0 is outside [0.01, 1]"]);
}

#[test]
fn an_asset_with_another_fault_may_still_run_to_the_legal_final_date() {
    // A bad rate sends L1 through every check: its 12-month term is still within the 12
    // months to the legal final date.
    let mut deal = common::small_deal();
    deal.pool.assets[0].remaining_term = 12;
    deal.pool.assets[0].rate = 1.5;
    assert_eq!(
        errors(&deal),
        one("pool.assets[0].rate", "1.5 is outside [0, 1]")
    );
}

#[test]
fn default_and_prepayment_vectors_are_rates_and_not_empty() {
    let mut deal = common::small_deal();
    deal.scenarios[0].cdr = Curve::Vector(vec![0.0, 1.0]);
    assert_eq!(errors(&deal), NONE);
    deal.scenarios[0].cdr = Curve::Vector(vec![]);
    deal.scenarios[0].cpr = Curve::Vector(vec![0.1, 1.5]);
    assert_eq!(
        errors(&deal),
        vec![
            ("scenarios[0].cdr".into(), "the vector is empty".into()),
            ("scenarios[0].cpr[1]".into(), "1.5 is outside [0, 1]".into()),
        ]
    );
}

#[test]
fn obligors_are_known_when_every_scenario_names_one() {
    // Only the scenario defaulting 甲公司 (an obligor of L1) is left.
    let mut deal = common::small_deal();
    deal.scenarios.remove(0);
    assert_eq!(errors(&deal), NONE);
}

#[test]
fn steps_and_covers_name_tranches_of_the_deal() {
    let deal = small_with(r#"Interest(["A"]),"#, r#"Interest(["C"]),"#);
    assert_eq!(
        errors(&deal),
        one("waterfall.steps[1].Interest[0]", "no tranche with id \"C\"")
    );
    let deal = small_with(r#"Interest(["A"]),"#, "Interest([]),");
    assert_eq!(
        errors(&deal),
        one("waterfall.steps[1].Interest", "names no tranche")
    );
    let deal = small_with(r#"covers: [Fees, Interest(["A"])]"#, "covers: []");
    assert_eq!(errors(&deal), one("reserve.covers", "covers nothing"));
    let deal = small_with(r#"Interest(["A"])]"#, r#"Interest(["C"])]"#);
    assert_eq!(
        errors(&deal),
        one("reserve.covers[1][0]", "no tranche with id \"C\"")
    );
    let deal = small_with(r#"MaturityPrincipal(["A"])"#, r#"MaturityPrincipal(["C"])"#);
    assert_eq!(
        errors(&deal),
        one("enhancements[0].covers[0][0]", "no tranche with id \"C\"")
    );
}

#[test]
fn vat_rates_and_the_call_are_checked() {
    let mut deal = small_with("ReserveTopUp,", "ReserveTopUp, Tax,");
    deal.vat = Some(Vat {
        rate: 1.5,
        surcharge_rate: -0.1,
    });
    assert_eq!(
        errors(&deal),
        vec![
            ("vat.rate".into(), "1.5 is outside [0, 1]".into()),
            ("vat.surcharge_rate".into(), "-0.1 is outside [0, 1]".into()),
        ]
    );
    let mut deal = common::small_deal();
    let call = |price| {
        Some(CleanUpCall {
            below: 0.1,
            price: CallPrice::PerHundred(price),
        })
    };
    deal.clean_up_call = call(200.0);
    assert_eq!(errors(&deal), NONE);
    deal.clean_up_call = call(200.5);
    assert_eq!(
        errors(&deal),
        one("clean_up_call.price", "200.5 is outside [0, 200]")
    );
    let mut deal = sample("highway_concession.ron");
    deal.clean_up_call = call(100.0);
    assert_eq!(
        errors(&deal),
        one("clean_up_call", "a holding-type deal has no pool to call")
    );
}

#[test]
fn revenue_reaching_exactly_1e15_is_within_the_amounts_handled() {
    // Base revenue 1e15 without growth: the last year's revenue is 1e15 × 1.0^n = 1e15, the
    // largest amount handled, not above it.
    let mut deal = sample("data_centre.ron");
    for s in &mut deal.scenarios {
        s.revenue_growth = 0.0;
    }
    holding(&mut deal).asset.base_revenue = d("1000000000000000");
    assert_eq!(
        at(&deal, "scenarios[0].revenue_growth"),
        Vec::<String>::new()
    );
    holding(&mut deal).asset.base_revenue = d("1000000000000000.01");
    assert_eq!(
        at(&deal, "holding.asset.base_revenue"),
        ["1000000000000000.01 is above the largest amount handled (1e15 CNY)"]
    );
}

#[test]
fn a_cdb_curve_needs_finite_ascending_tenors_and_yields_in_range() {
    // validate/market.rs `cdb_curve`, on the holding deal's valuation curve.
    let path = "holding.valuation.cdb_curve";
    let with = |curve: Vec<(f64, f64)>| {
        let mut deal = crate::holding::small();
        holding(&mut deal).valuation.cdb_curve = curve;
        errors(&deal)
    };
    let tenors = "tenors must be finite and ascending";
    assert_eq!(with(vec![(1.0, 0.02), (5.0, 0.025)]), NONE);
    // 5 years then 1: the second tenor is not after the first; 5 then 5 neither.
    assert_eq!(
        with(vec![(5.0, 0.02), (1.0, 0.025)]),
        one(&format!("{path}[1].0"), tenors)
    );
    assert_eq!(
        with(vec![(5.0, 0.02), (5.0, 0.025)]),
        one(&format!("{path}[1].0"), tenors)
    );
    // An infinite tenor is refused though it comes after 1 year.
    assert_eq!(
        with(vec![(1.0, 0.02), (f64::INFINITY, 0.025)]),
        one(&format!("{path}[1].0"), tenors)
    );
    // Yields from −5% to 100%: 101% is refused at the yield's path.
    assert_eq!(with(vec![(1.0, 1.0)]), NONE);
    let e = with(vec![(1.0, 1.01)]);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, format!("{path}[0].1"));
}

#[test]
fn a_holding_deal_accrues_between_the_dates_cash_moves() {
    // validate/market.rs: a holding deal's rolled dates must also be its accrual dates.
    let mut deal = crate::holding::small();
    deal.business_days.roll = Roll::Following;
    deal.business_days.accrual = AccrualDates::Adjusted;
    assert_eq!(errors(&deal), NONE);
    deal.business_days.accrual = AccrualDates::Unadjusted;
    assert_eq!(
        errors(&deal),
        one(
            "business_days.accrual",
            "holding-type deals accrue between the dates cash moves; use Adjusted"
        )
    );
}
