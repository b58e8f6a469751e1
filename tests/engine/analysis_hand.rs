//! The analysis layer by hand (issue 16's mutation run of `engine::analysis`,
//! `engine::drivers`, `engine::session` and `engine::compare`): grids, solvers, the tornado
//! and the obligor stresses on a one-date deal whose every figure is a line of arithmetic.
//!
//! The deal: bullet assets at 0% repaid on the one annual date (2025-01-01 to 2026-01-01,
//! 365 days), a senior A of 800,000 and a subordinate B taking the rest, both at 0%, paid
//! sequentially from everything collected, no fees, reserve or enhancement. At CDR x the
//! year's default rate is 1 − (1 − x)^(365/365) = x, so a pool of 1,000,000 collects
//! (1 − x) × 1,000,000 and A loses max(0, 800,000 − (1 − x) × 1,000,000) =
//! max(0, 1,000,000 x − 200,000).

use rust_decimal::Decimal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use tranche_studio::engine::analysis::{
    self, Goal, SolveSpec, SolveStatus, grid_cells, search_range,
};
use tranche_studio::engine::{BatchError, Session};
use tranche_studio::io::parse_deal;
use tranche_studio::model::*;

/// The deal above with these bullet assets (obligor, balance in yuan) and A's size; B is
/// the rest of the pool.
fn deal_of(assets: &[(&str, i64)], senior: i64) -> Deal {
    let pool: i64 = assets.iter().map(|a| a.1).sum();
    let rows: String = assets
        .iter()
        .enumerate()
        .map(|(i, (o, b))| {
            format!(
                "Asset(id: \"L{i}\", obligor: \"{o}\", asset_class: TradeReceivable, \
                 balance: \"{b}.00\", rate: 0.0, remaining_term: 12, amortisation: Bullet),\n"
            )
        })
        .collect();
    let ron = format!(
        r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "手算",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2026-01-01",
    pool: Pool(assets: [{rows}]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "{senior}.00", coupon: 0.0,
                expected_maturity: "2026-01-01", legal_maturity: "2026-01-01"),
        Tranche(id: "B", name: "次级", size: "{junior}.00", coupon: 0.0,
                expected_maturity: "2026-01-01", legal_maturity: "2026-01-01", holder: Originator),
    ],
    waterfall: Waterfall(steps: [
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Available),
        Residual("B"),
    ]),
)
"#,
        junior = pool - senior
    );
    parse_deal(&ron, "hand").expect("the hand deal parses")
}

/// One asset of 1,000,000; A 800,000, B 200,000.
fn one_asset() -> Deal {
    deal_of(&[("甲", 1_000_000)], 800_000)
}

fn at_cdr(mut d: Deal, cdr: f64) -> Deal {
    d.scenarios[0].cdr = Curve::Flat(cdr);
    d
}

fn session(d: Deal) -> Session {
    let mut s = Session::new(d, Arc::default());
    let errors: Vec<_> = s
        .issues()
        .into_iter()
        .filter(|i| i.severity == tranche_studio::error::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    s
}

fn spec(goal: &str, driver: Driver, lo: f64, hi: f64, tolerance: f64) -> SolveSpec {
    SolveSpec {
        scenario: None,
        driver,
        lo,
        hi,
        tolerance,
        goal: Goal::parse(goal).unwrap(),
        without: None,
    }
}

fn out(text: &str) -> Output {
    tranche_studio::engine::drivers::parse_output(text).unwrap()
}

fn go() -> AtomicBool {
    AtomicBool::new(false)
}

/// A's loss is a straight line in the CDR above 20%: 1,000,000 x − 200,000. For the loss
/// of 100,000: at 25% the loss is 50,000 (−50,000 from the target), at 75% 550,000
/// (+450,000). Brent's first step from two points is the secant through them:
/// 0.25 + 0.5 × 50,000 / 500,000 = 0.30, where the loss is 100,000.00 to the fen, so the
/// search ends there after 3 runs (the two ends and the secant), the root bracketed by 0.25.
#[test]
fn a_value_goal_on_a_straight_line_is_found_by_one_secant_step() {
    let mut s = session(one_asset());
    let sol = s
        .solve(&spec("loss:A=100000", Driver::Cdr, 0.25, 0.75, 1e-9))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    assert_eq!((sol.at_lo, sol.at_hi), (Some(-50_000.0), Some(450_000.0)));
    let v = sol.value.unwrap();
    assert!((v - 0.3).abs() < 1e-12, "{v}");
    assert_eq!(sol.fails_at, Some(0.25));
    assert_eq!(sol.iterations, 3);
    assert_eq!(sol.goal, "loss:A=100000");
    assert_eq!(sol.driver, "cdr");
    // Tranched: no NOI.
    assert_eq!(sol.first_year_noi, None);
}

/// A target met exactly at an end is that end, after the two runs: 50,000 at 25%,
/// 550,000 at 75%. A target of 600,000 is above the loss at both ends (−550,000 and
/// −50,000): nothing bracketed.
#[test]
fn a_value_goal_met_at_an_end_or_not_bracketed() {
    let mut s = session(one_asset());
    for (target, end) in [("50000", 0.25), ("550000", 0.75)] {
        let sol = s
            .solve(&spec(
                &format!("loss:A={target}"),
                Driver::Cdr,
                0.25,
                0.75,
                1e-9,
            ))
            .unwrap();
        assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
        assert_eq!(sol.value, Some(end), "{target}");
        assert_eq!(sol.iterations, 2);
        assert_eq!(sol.message, "the goal is met at an end of the range");
    }
    let sol = s
        .solve(&spec("loss:A=600000", Driver::Cdr, 0.25, 0.75, 1e-9))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::NotBracketed);
    assert_eq!((sol.at_lo, sol.at_hi), (Some(-550_000.0), Some(-50_000.0)));
    assert_eq!(sol.value, None);
}

/// No loss for A up to 20%. Bisection of [0, 1] to a width of 0.25: 0.5 fails (loss
/// 300,000), 0.25 fails (50,000); the bracket [0, 0.25] is then 0.25 wide, not more than
/// the tolerance: 4 runs, holds at 0, fails at 0.25.
#[test]
fn bisection_stops_at_a_bracket_as_wide_as_the_tolerance() {
    let mut s = session(one_asset());
    let sol = s
        .solve(&spec("no-loss:A", Driver::Cdr, 0.0, 1.0, 0.25))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    assert_eq!((sol.at_lo, sol.at_hi), (Some(1.0), Some(0.0)));
    assert_eq!((sol.value, sol.fails_at), (Some(0.0), Some(0.25)));
    assert_eq!(sol.iterations, 4);
    assert_eq!(sol.message, "holds at 0, fails at 0.25");
}

/// A tolerance below the floats' spacing: the bracket closes on two neighbouring floats
/// and the search stops there. The boundary is half a fen above 20%: a default of
/// 200,000.004 rounds to 200,000.00 and A is still repaid, so no loss up to
/// x = 200,000.005 / 1,000,000 = 0.200000005. Halving [0, 1] reaches the spacing of floats
/// near 0.2 (2^-55) within 55 halvings, far below the cap of 200.
#[test]
fn bisection_stops_when_no_float_is_left_between_the_ends() {
    let mut s = session(one_asset());
    let sol = s
        .solve(&spec("no-loss:A", Driver::Cdr, 0.0, 1.0, 1e-300))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let (v, f) = (sol.value.unwrap(), sol.fails_at.unwrap());
    assert_eq!(f, f64::from_bits(v.to_bits() + 1), "{v} {f}: neighbours");
    assert!((v - 0.200000005).abs() < 1e-12, "{v}");
    assert!(sol.iterations <= 2 + 56, "{}", sol.iterations);
}

/// The cap on runs: CDR clamped to [0, 1], so over [−1e300, 1e300] the goal holds at the
/// low end (CDR 0) and fails at the high one (CDR 1). The first midpoint is 0 (holds);
/// every later one, 1e300 / 2^k for k ≤ 197, is still above 1 (2^197 ≈ 2e59) and fails,
/// so after 200 runs (the two ends and 198 halvings) it stops with the bracket
/// [0, 1e300 / 2^197].
#[test]
fn bisection_stops_at_two_hundred_runs() {
    let mut s = session(one_asset());
    let sol = s
        .solve(&spec("no-loss:A", Driver::Cdr, -1e300, 1e300, 1e-6))
        .unwrap();
    assert_eq!(sol.iterations, 200);
    assert_eq!(sol.value, Some(0.0));
    assert_eq!(sol.fails_at, Some(1e300 / 2f64.powi(197)));
}

/// A range or tolerance that cannot be searched is refused before any run, each alone.
#[test]
fn a_solve_needs_a_finite_range_and_a_positive_tolerance() {
    let mut s = session(one_asset());
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    for (lo, hi, tol) in [
        (0.0, 1.0, nan),
        (0.0, 1.0, 0.0),
        (0.0, 1.0, -1e-6),
        (nan, 1.0, 1e-6),
        (0.0, nan, 1e-6),
        (0.5, 0.5, 1e-6),
        (0.6, 0.5, 1e-6),
        (-inf, 1.0, 1e-6),
        (0.0, inf, 1e-6),
    ] {
        let sol = s
            .solve(&spec("no-loss:A", Driver::Cdr, lo, hi, tol))
            .unwrap();
        assert_eq!(sol.status, SolveStatus::Failed, "{lo} {hi} {tol}");
        assert_eq!(sol.iterations, 0, "{lo} {hi} {tol}: no run");
        assert!(
            sol.message.starts_with("needs lo < hi"),
            "{lo} {hi} {tol}: {}",
            sol.message
        );
    }
}

/// A with a 5% coupon paid before principal: 800,000 × 5% × 365/365 = 40,000 of interest,
/// paid in full while (1 − x) × 1,000,000 ≥ 40,000, that is x ≤ 0.96; the principal is
/// repaid in full only while (1 − x) × 1,000,000 ≥ 840,000, x ≤ 0.16. Each boundary is
/// half a fen above (the default is rounded to the fen): 0.960000005 and 0.160000005.
#[test]
fn the_interest_goal_breaks_where_collections_fall_below_the_coupon() {
    let mut d = one_asset();
    d.tranches[0].coupon = 0.05;
    d.waterfall
        .steps
        .insert(0, Step::Interest(vec!["A".into()]));
    let mut s = session(d);
    let sol = s
        .solve(&spec("no-shortfall:A", Driver::Cdr, 0.0, 1.0, 1e-9))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let (v, f) = (sol.value.unwrap(), sol.fails_at.unwrap());
    assert!(
        v < 0.960000005 + 1e-12 && 0.960000005 - v <= 1e-9 + 1e-12,
        "{v}"
    );
    assert!(f > v && f - v <= 1e-9, "{f}");
    let sol = s
        .solve(&spec("no-loss:A", Driver::Cdr, 0.0, 1.0, 1e-9))
        .unwrap();
    let v = sol.value.unwrap();
    assert!(
        v < 0.160000005 + 1e-12 && 0.160000005 - v <= 1e-9 + 1e-12,
        "{v}"
    );
    // The goals read back as they parse.
    assert_eq!(sol.goal, "no-loss:A");
    assert_eq!(
        Goal::parse("no-shortfall:A").unwrap().describe(),
        "no-shortfall:A"
    );
}

#[test]
fn goals_parse_and_describe_each_kind() {
    for text in [
        "incentive",
        "fee-cut",
        "guarantee",
        "no-loss:B",
        "no-shortfall:B",
    ] {
        assert_eq!(Goal::parse(text).unwrap().describe(), text);
    }
    assert_eq!(Goal::parse("incentive").unwrap(), Goal::IncentivePaid);
    assert_eq!(Goal::parse("fee-cut").unwrap(), Goal::FeeCut);
    assert_eq!(Goal::parse("guarantee").unwrap(), Goal::GuaranteePaid);
    assert_eq!(
        Goal::parse("irr:market = 0.05").unwrap(),
        Goal::Value {
            output: out("irr:market"),
            target: 0.05
        }
    );
    let err = |t: &str| Goal::parse(t).unwrap_err();
    assert!(
        err("irr:A=abc").contains("is not a number"),
        "{}",
        err("irr:A=abc")
    );
    assert!(
        err("irr:A=inf").contains("is not finite"),
        "{}",
        err("irr:A=inf")
    );
    assert!(err("incentives").starts_with("unknown target"));
    assert!(err("no-profit:A").starts_with("unknown target"));
}

/// A's loss by CDR: 0 at 10% and 20%, then 1,000,000 x − 200,000: 100,000 at 30%, 200,000
/// at 40%, 300,000 at 50%. Against A's size (B the rest): at 700,000 the pool's 700,000
/// (30%) repays A and 600,000 (40%) leaves 100,000 unpaid; at 800,000, 100,000 and 200,000.
#[test]
fn grid_cells_by_hand_in_one_and_two_dimensions() {
    let mut s = session(one_asset());
    let axis = |driver: Driver, from: f64, to: f64, step: f64| Axis {
        driver,
        from,
        to,
        step,
    };
    let grid = Grid {
        name: "loss".into(),
        scenario: None,
        x: axis(Driver::Cdr, 0.1, 0.5, 0.1),
        y: None,
        output: out("loss:A"),
    };
    assert_eq!(grid_cells(&grid), 5);
    let g = s.grid(&grid, &go()).unwrap();
    assert_eq!(g.x.values, [0.1, 0.2, 0.3, 0.4, 0.5]);
    assert_eq!(g.y, None);
    assert_eq!(
        g.cells,
        [[
            Some(0.0),
            Some(0.0),
            Some(100_000.0),
            Some(200_000.0),
            Some(300_000.0)
        ]]
    );
    let grid = Grid {
        y: Some(axis(
            Driver::TrancheSize("A".into()),
            700_000.0,
            800_000.0,
            100_000.0,
        )),
        x: axis(Driver::Cdr, 0.3, 0.4, 0.1),
        ..grid
    };
    assert_eq!(grid_cells(&grid), 4);
    let done = AtomicUsize::new(0);
    let g = s.grid_counted(&grid, &go(), &done).unwrap();
    assert_eq!(done.into_inner(), 4);
    assert_eq!(g.y.as_ref().unwrap().driver, "size:A");
    assert_eq!(
        g.cells,
        [
            [Some(0.0), Some(100_000.0)],
            [Some(100_000.0), Some(200_000.0)]
        ]
    );
    assert!(g.errors.is_empty());
}

/// The tornado's rows by the size of their swing, not of their sum. At CDR 30% A loses
/// 100,000. A's size ± 40,000: 760,000 loses 60,000, 840,000 loses 140,000 (swing 80,000,
/// sum 200,000). Recovery 0 ± 0.5: down is held at 0 (the driver's range), losing 100,000;
/// at 50% the 300,000 defaulted recover 150,000 on the date (no lag), the pool pays 850,000
/// and A loses nothing (swing 100,000, sum 100,000). CDR ± 6 points: 24% loses 40,000, 36%
/// 160,000 (swing 120,000, sum 200,000, ratio 1/4, against 100,000 / 0 for recovery and
/// 60,000 / 140,000 for the size). CDR first, recovery, then size.
#[test]
fn the_tornado_ranks_by_swing_and_keeps_each_driver_in_its_range() {
    let mut s = session(at_cdr(one_asset(), 0.3));
    let t = s
        .tornado(
            None,
            &[
                (Driver::TrancheSize("A".into()), 40_000.0),
                (Driver::RecoveryRate, 0.5),
                (Driver::Cdr, 0.06),
            ],
            &[out("loss:A")],
            &go(),
        )
        .unwrap();
    assert_eq!(t.base, [Some(100_000.0)]);
    let rows: Vec<_> = t
        .rows
        .iter()
        .map(|r| {
            (
                r.driver.as_str(),
                r.value,
                r.low,
                r.high,
                r.at_low[0],
                r.at_high[0],
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("cdr", 0.3, 0.24, 0.36, Some(40_000.0), Some(160_000.0)),
            ("recovery", 0.0, 0.0, 0.5, Some(100_000.0), Some(0.0)),
            (
                "size:A",
                800_000.0,
                760_000.0,
                840_000.0,
                Some(60_000.0),
                Some(140_000.0)
            ),
        ]
    );
}

/// Obligors in turn, defaulting in full on the one date with nothing recovered. 丙 200,000,
/// 乙 300,000 (two assets of 200,000 and 100,000) and 甲 500,000; A 800,000. 甲 alone
/// leaves 500,000 (A loses 300,000), 乙 700,000 (100,000), 丙 800,000 (0). Pairs: 甲乙 leave
/// 200,000 (A loses 600,000), 甲丙 300,000 (500,000), 乙丙 500,000 (300,000).
#[test]
fn obligors_in_turn_by_hand_worst_first() {
    let d = deal_of(
        &[
            ("丙", 200_000),
            ("乙", 200_000),
            ("甲", 500_000),
            ("乙", 100_000),
        ],
        800_000,
    );
    let mut s = session(d);
    let st = s.obligor_stress(None, 1, &out("loss:A"), &go()).unwrap();
    assert_eq!(st.base, Some(0.0));
    let singles: Vec<_> = st
        .singles
        .iter()
        .map(|r| (r.obligors.join("+"), r.balance, r.value))
        .collect();
    let yuan = Decimal::from;
    assert_eq!(
        singles,
        [
            ("甲".to_string(), yuan(500_000), Some(300_000.0)),
            ("乙".to_string(), yuan(300_000), Some(100_000.0)),
            ("丙".to_string(), yuan(200_000), Some(0.0)),
        ]
    );
    // 甲 leaves 500,000: A 500,000 of 800,000, B nothing of 200,000.
    assert_eq!(
        st.singles[0].losses,
        [
            ("A".to_string(), yuan(300_000)),
            ("B".to_string(), yuan(200_000))
        ]
    );
    assert_eq!(st.pairs_searched, 3);
    let pair = st.worst_pair.unwrap();
    assert_eq!(pair.obligors, ["乙", "甲"]);
    assert_eq!((pair.balance, pair.value), (yuan(800_000), Some(600_000.0)));

    // A's IRR (lower is worse): 800,000 paid, 500,000 back a year on is −37.5%; 700,000
    // back −12.5%; 800,000 back 0.
    let st = s.obligor_stress(None, 1, &out("irr:A"), &go()).unwrap();
    let irrs: Vec<_> = st
        .singles
        .iter()
        .map(|r| (r.obligors[0].as_str(), r.value.unwrap()))
        .collect();
    let want = [("甲", -0.375), ("乙", -0.125), ("丙", 0.0)];
    for ((o, irr), (wo, w)) in irrs.iter().zip(want) {
        assert_eq!(*o, wo);
        assert!((irr - w).abs() < 1e-9, "{o}: {irr}");
    }
}

/// With more than 30 obligors only the 10 worst singles are paired: 45 pairs, not the
/// 465 of all 31.
#[test]
fn a_pool_of_thirty_one_obligors_pairs_only_the_ten_worst() {
    let names: Vec<String> = (0..31).map(|i| format!("O{i:02}")).collect();
    let assets: Vec<(&str, i64)> = names.iter().map(|n| (n.as_str(), 100_000)).collect();
    let mut s = session(deal_of(&assets, 2_480_000));
    let st = s.obligor_stress(None, 1, &out("loss:A"), &go()).unwrap();
    assert_eq!(st.singles.len(), 31);
    assert_eq!(st.pairs_searched, 45);
    // Any two leave 2,900,000: A (2,480,000) is repaid.
    assert_eq!(st.worst_pair.unwrap().value, Some(0.0));
}

#[test]
fn obligor_stresses_refuse_a_holding_deal() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals/data_centre.ron");
    let mut s = Session::open(&path).unwrap();
    let e = s
        .obligor_stress(None, 1, &out("irr:market"), &go())
        .unwrap_err();
    assert!(
        matches!(&e, BatchError::Unusable(m) if m == "obligor stresses apply to tranched deals only"),
        "{e}"
    );
}

/// The default tornado: CDR and CPR ±1 point, recovery ±10 points, lag ±1 period and the
/// coupon of each tranche that has one ±25 bp (B at 0% has none to move).
#[test]
fn the_default_tornado_and_every_output_of_a_tranched_deal() {
    let mut d = one_asset();
    d.tranches[0].coupon = 0.05;
    assert_eq!(
        analysis::default_tornado(&d),
        [
            (Driver::Cdr, 0.01),
            (Driver::Cpr, 0.01),
            (Driver::RecoveryRate, 0.10),
            (Driver::RecoveryLag, 1.0),
            (Driver::TrancheCoupon("A".into()), 0.0025),
        ]
    );
    let names: Vec<String> = analysis::all_outputs(&d)
        .iter()
        .map(tranche_studio::engine::drivers::output_name)
        .collect();
    assert_eq!(
        names,
        [
            "irr:A",
            "wal:A",
            "modified-duration:A",
            "loss:A",
            "shortfall:A",
            "draws:A",
            "irr:B",
            "wal:B",
            "modified-duration:B",
            "loss:B",
            "shortfall:B",
            "draws:B",
            "cumulative-default-rate",
        ]
    );
}

#[test]
fn the_default_tornado_and_every_output_of_a_holding_deal() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals/data_centre.ron");
    let d = Session::open(&path).unwrap().deal().clone();
    assert_eq!(
        analysis::default_tornado(&d),
        [
            (Driver::RevenueGrowth, 0.01),
            (Driver::Occupancy, 0.05),
            (Driver::ExitCapRate, 0.005),
            (Driver::EquityRatio, 0.10),
            (Driver::ValuationSpread, 0.0025),
        ]
    );
    let names: Vec<String> = analysis::all_outputs(&d)
        .iter()
        .map(tranche_studio::engine::drivers::output_name)
        .collect();
    let classes = tranche_studio::engine::unit_class_ids(d.holding.as_ref().unwrap());
    let mut want = Vec::new();
    for c in &classes {
        for m in [
            "irr",
            "wal",
            "modified-duration",
            "distribution-rate",
            "multiple",
        ] {
            want.push(format!("{m}:{c}"));
        }
    }
    for m in [
        "min-dscr",
        "nav",
        "fees",
        "incentive-fee",
        "fee-cut",
        "guarantee",
    ] {
        want.push(m.to_string());
    }
    assert_eq!(names, want);
}

/// The ranges a solver searches when none is given, for a pool of 1,000,000 over 4 dates.
#[test]
fn search_ranges_by_driver() {
    let pool = Decimal::from(1_000_000);
    let r = |d: Driver| search_range(&d, pool, 4);
    assert_eq!(r(Driver::TrancheSize("A".into())), (1.0, 999_999.0));
    assert_eq!(r(Driver::TrancheCoupon("A".into())), (0.0, 0.30));
    assert_eq!(r(Driver::RecoveryLag), (0.0, 4.0));
    assert_eq!(r(Driver::ObligorDefaultPeriod("甲".into())), (1.0, 4.0));
    assert_eq!(r(Driver::ExitCapRate), (0.01, 0.30));
    assert_eq!(r(Driver::RevenueGrowth), (-0.5, 0.5));
    assert_eq!(r(Driver::Cdr), (0.0, 1.0));
    assert_eq!(r(Driver::ValuationSpread), (-1.0, 1.0));
}

fn data_centre() -> Deal {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals/data_centre.ron");
    Session::open(&path).unwrap().deal().clone()
}

/// Every driver's short name reads back as the driver, and the range its values are held
/// in (rates a share of 1, a lag to 600 periods, a default period to 1,200, a size to
/// 1e15 yuan, growth and the spread ±100%, an exit cap rate above 0).
#[test]
fn drivers_by_name_and_range() {
    use tranche_studio::engine::drivers::{domain, is_term, name, parse};
    let all = [
        (Driver::Cdr, "cdr", (0.0, 1.0), false),
        (Driver::Cpr, "cpr", (0.0, 1.0), false),
        (Driver::RecoveryRate, "recovery", (0.0, 1.0), false),
        (Driver::RecoveryLag, "recovery-lag", (0.0, 600.0), false),
        (
            Driver::ObligorDefaultPeriod("甲".into()),
            "default:甲",
            (0.0, 1200.0),
            false,
        ),
        (
            Driver::TrancheCoupon("A".into()),
            "coupon:A",
            (0.0, 1.0),
            true,
        ),
        (Driver::TrancheSize("A".into()), "size:A", (0.0, 1e15), true),
        (Driver::RevenueGrowth, "growth", (-1.0, 1.0), false),
        (Driver::Occupancy, "occupancy", (0.0, 1.0), false),
        (Driver::ExitCapRate, "exit-cap", (1e-6, 1.0), false),
        (Driver::EquityRatio, "equity-ratio", (0.0, 1.0), true),
        (
            Driver::ValuationSpread,
            "valuation-spread",
            (-1.0, 1.0),
            true,
        ),
    ];
    for (d, text, range, term) in all {
        assert_eq!(name(&d), text);
        assert_eq!(parse(text).unwrap(), d, "{text}");
        assert_eq!(domain(&d), range, "{text}");
        assert_eq!(is_term(&d), term, "{text}");
    }
    for bad in ["cdr:A", "default", "coupon", "speed"] {
        assert!(
            parse(bad).unwrap_err().starts_with("unknown driver"),
            "{bad}"
        );
    }
}

/// Why a driver cannot move a deal, in words.
#[test]
fn a_driver_that_does_not_apply_says_why() {
    use tranche_studio::engine::drivers::unusable;
    let (tranched, holding) = (one_asset(), data_centre());
    let pool = |o: &str| o == "甲";
    let u = |d: Driver, deal: &Deal| unusable(&d, deal, &pool);
    assert_eq!(u(Driver::Cdr, &tranched), None);
    assert_eq!(u(Driver::RecoveryLag, &tranched), None);
    assert_eq!(
        u(Driver::Cdr, &holding).as_deref(),
        Some("cdr applies to tranched deals only")
    );
    assert_eq!(
        u(Driver::ObligorDefaultPeriod("甲".into()), &tranched),
        None
    );
    assert_eq!(
        u(Driver::ObligorDefaultPeriod("乙".into()), &tranched).as_deref(),
        Some("no obligor \"乙\" in the pool")
    );
    assert_eq!(
        u(Driver::ObligorDefaultPeriod("甲".into()), &holding).as_deref(),
        Some("an obligor default applies to tranched deals only")
    );
    assert_eq!(u(Driver::TrancheSize("B".into()), &tranched), None);
    assert_eq!(
        u(Driver::TrancheCoupon("Z".into()), &tranched).as_deref(),
        Some("no tranche \"Z\"")
    );
    assert_eq!(
        u(Driver::Occupancy, &tranched).as_deref(),
        Some("occupancy applies to holding-type deals only")
    );
    assert_eq!(u(Driver::Occupancy, &holding), None);
    assert_eq!(u(Driver::ValuationSpread, &holding), None);
}

/// The value a driver has now, and setting it: a named default's earliest period (3 and 2
/// give 2; another obligor's 1 is not its own; none is 0), a CDR vector has no one value,
/// the exit cap rate from the sale (6%) or, without one, the scenario's own (7%).
#[test]
fn a_driver_s_current_value_and_setting_it() {
    use tranche_studio::engine::drivers::{apply_to_deal, apply_to_scenario, current};
    let d = one_asset();
    let mut sc = d.scenarios[0].clone();
    sc.obligor_defaults = vec![
        ObligorDefault {
            obligor: "乙".into(),
            period: 1,
        },
        ObligorDefault {
            obligor: "甲".into(),
            period: 3,
        },
        ObligorDefault {
            obligor: "甲".into(),
            period: 2,
        },
    ];
    let jia = Driver::ObligorDefaultPeriod("甲".into());
    assert_eq!(current(&jia, &d, &sc), Some(2.0));
    assert_eq!(
        current(&Driver::ObligorDefaultPeriod("丙".into()), &d, &sc),
        Some(0.0)
    );
    sc.cdr = Curve::Vector(vec![0.01, 0.02]);
    assert_eq!(current(&Driver::Cdr, &d, &sc), None);
    assert_eq!(
        current(&Driver::TrancheSize("A".into()), &d, &sc),
        Some(800_000.0)
    );
    assert_eq!(current(&Driver::TrancheCoupon("Z".into()), &d, &sc), None);

    // 甲 set to 2.6 periods: its entries replaced by one in period 3 (rounded), 乙's kept;
    // set to 0.4 (rounds to 0): 甲 does not default.
    apply_to_scenario(&jia, &mut sc, 2.6);
    let entries = |sc: &Scenario| {
        sc.obligor_defaults
            .iter()
            .map(|o| (o.obligor.clone(), o.period))
            .collect::<Vec<_>>()
    };
    assert_eq!(entries(&sc), [("乙".to_string(), 1), ("甲".to_string(), 3)]);
    apply_to_scenario(&jia, &mut sc, 0.4);
    assert_eq!(entries(&sc), [("乙".to_string(), 1)]);
    apply_to_scenario(&jia, &mut sc, 1.0);
    assert_eq!(entries(&sc), [("乙".to_string(), 1), ("甲".to_string(), 1)]);
    // A lag of 1.5 periods rounds to 2, 2.4 to 2, −3 to 0.
    for (x, lag) in [(1.5, 2), (2.4, 2), (-3.0, 0)] {
        apply_to_scenario(&Driver::RecoveryLag, &mut sc, x);
        assert_eq!(sc.recovery_lag, lag, "{x}");
    }
    // Term drivers leave the scenario alone.
    let before = sc.clone();
    apply_to_scenario(&Driver::TrancheCoupon("A".into()), &mut sc, 0.05);
    assert_eq!(sc, before);

    // A's size 700,000.004 → 700,000.00: B takes the 100,000 A gave up (300,000); the last
    // tranche's own size moves only itself.
    let mut deal = d.clone();
    apply_to_deal(&Driver::TrancheSize("A".into()), &mut deal, 700_000.004);
    let sizes = |deal: &Deal| (deal.tranches[0].size, deal.tranches[1].size);
    let yuan = Decimal::from;
    assert_eq!(sizes(&deal), (yuan(700_000), yuan(300_000)));
    apply_to_deal(&Driver::TrancheSize("B".into()), &mut deal, 150_000.0);
    assert_eq!(sizes(&deal), (yuan(700_000), yuan(150_000)));
    apply_to_deal(&Driver::TrancheCoupon("B".into()), &mut deal, 0.04);
    assert_eq!(
        (deal.tranches[0].coupon, deal.tranches[1].coupon),
        (0.0, 0.04)
    );
    // Scenario drivers leave the deal alone.
    let before = deal.clone();
    apply_to_deal(&Driver::Cdr, &mut deal, 0.5);
    assert_eq!(deal, before);

    // A holding deal's sale at 6%; without the sale, the scenario's exit cap rate.
    let mut h = data_centre();
    let sc = h.scenarios[0].clone();
    assert_eq!(current(&Driver::ExitCapRate, &h, &sc), Some(0.06));
    let mut sc2 = sc.clone();
    sc2.exit = Some(Exit::HoldToEnd);
    sc2.exit_cap_rate = Some(0.07);
    assert_eq!(current(&Driver::ExitCapRate, &h, &sc2), Some(0.07));
    assert_eq!(current(&Driver::EquityRatio, &h, &sc), Some(0.35));
    assert_eq!(current(&Driver::ValuationSpread, &h, &sc), Some(0.03));
    let mut sc3 = sc.clone();
    apply_to_scenario(&Driver::ExitCapRate, &mut sc3, 0.065);
    assert_eq!(sc3.exit_cap_rate, Some(0.065));
    assert!(matches!(sc3.exit, Some(Exit::Sale { cap_rate, .. }) if cap_rate == 0.065));
    apply_to_deal(&Driver::EquityRatio, &mut h, 0.5);
    apply_to_deal(&Driver::ValuationSpread, &mut h, 0.02);
    let v = &h.holding.as_ref().unwrap();
    assert_eq!(v.spv.equity_ratio, 0.5);
    assert_eq!(v.valuation.spread, 0.02);
    assert!(
        !v.valuation.calibrate_spread,
        "a set spread is not calibrated away"
    );
}

/// What an output reads from a run at CDR 30%: A repaid 700,000 of 800,000 a year on
/// (loss 100,000, IRR 700/800 − 1 = −12.5%, WAL 1 year), B nothing of 200,000 (loss
/// 200,000), no shortfall or draw, a cumulative default rate of 30%, no holding figure.
#[test]
fn outputs_read_by_hand_and_named() {
    use tranche_studio::engine::drivers::{output_name, read};
    let r = tranche_studio::engine::run(&at_cdr(one_asset(), 0.3), None).unwrap();
    let at = |t: &str| read(&r, &out(t));
    assert_eq!(at("loss:A"), Some(100_000.0));
    assert_eq!(at("loss:B"), Some(200_000.0));
    assert_eq!(at("shortfall:A"), Some(0.0));
    assert_eq!(at("draws:A"), Some(0.0));
    assert!(
        (at("irr:A").unwrap() + 0.125).abs() < 1e-9,
        "{:?}",
        at("irr:A")
    );
    assert_eq!(at("wal:A"), Some(1.0));
    assert_eq!(at("cumulative-default-rate"), Some(0.3));
    assert_eq!(at("loss:Z"), None);
    for t in [
        "nav",
        "fees",
        "incentive-fee",
        "fee-cut",
        "guarantee",
        "min-dscr",
    ] {
        assert_eq!(at(t), None, "{t}");
    }
    assert_eq!(at("multiple:A"), None);
    // Names both ways, and what is refused.
    assert_eq!(output_name(&out("min-dscr")), "min-dscr");
    assert_eq!(output_name(&out("irr:market")), "irr:market");
    let err = |t: &str| tranche_studio::engine::drivers::parse_output(t).unwrap_err();
    assert_eq!(err("loss"), "loss is per security: write loss:SECURITY");
    assert_eq!(err("nav:A"), "nav is not per security: write nav alone");
    assert!(err("profit:A").starts_with("unknown output \"profit\" (irr, wal,"));
}

fn axis(from: f64, to: f64, step: f64) -> Vec<f64> {
    tranche_studio::engine::drivers::axis_values(&Axis {
        driver: Driver::Cdr,
        from,
        to,
        step,
    })
}

/// An axis's values: from + k × step, to 12 decimal places (0.05 × 3 is 0.15), `to`
/// itself when within 1e-9 of a step of it, nothing for a range that cannot be stepped.
#[test]
fn axis_values_by_hand() {
    assert_eq!(axis(0.0, 0.2, 0.05), [0.0, 0.05, 0.1, 0.15, 0.2]);
    // 0.4 / 0.1 is 4.000000000000001: still 5 values.
    assert_eq!(axis(0.1, 0.5, 0.1), [0.1, 0.2, 0.3, 0.4, 0.5]);
    // 0.3 / 0.1 is 2.9999999999999996: the 1e-9 lets the last value in.
    assert_eq!(axis(0.0, 0.3, 0.1), [0.0, 0.1, 0.2, 0.3]);
    // 6.000000001 is 0.5e-9 of a step of 2 past 6: taken as `to` (rounding to 12 places
    // would give 6).
    assert_eq!(axis(0.0, 6.000000001, 2.0), [0.0, 2.0, 4.0, 6.000000001]);
    // Exactly 1e-9 of a step is not within it: 0 stays 0.
    assert_eq!(axis(0.0, 1e-9, 1.0), [0.0]);
    assert_eq!(axis(0.25, 0.25, 0.1), [0.25]);
    assert_eq!(axis(-0.02, 0.02, 0.02), [-0.02, 0.0, 0.02]);
    // 1,000 steps (1,001 values) is the most; 1,001 steps is refused.
    assert_eq!(axis(0.0, 1000.0, 1.0).len(), 1001);
    assert!(axis(0.0, 1001.0, 1.0).is_empty());
    for (from, to, step) in [
        (0.0, 1.0, 0.0),
        (0.0, 1.0, -0.1),
        (0.0, 1.0, f64::NAN),
        (f64::NAN, 1.0, 0.1),
        (0.0, f64::NAN, 0.1),
        (f64::NEG_INFINITY, 1.0, 0.1),
        (0.0, f64::INFINITY, 0.1),
        (0.5, 0.4, 0.1),
    ] {
        assert!(axis(from, to, step).is_empty(), "{from} {to} {step}");
    }
}

/// Interest short on the first date and caught up on the second is still a shortfall: the
/// goal asks for A's interest paid in full on every date. A at 5% on 800,000 is due 40,000
/// a year; the pool collects 30,000 on 2026-01-01 (10,000 carried) and 970,000 on
/// 2027-01-01 (40,000 + the 10,000 carried paid, then A's principal), so A ends with no
/// shortfall. No CDR pays the first date in full (at 0% it collects 30,000; at 100%
/// nothing): the goal fails at both ends.
#[test]
fn interest_caught_up_later_is_still_a_shortfall_on_its_date() {
    let mut d = deal_of(&[("甲", 30_000), ("乙", 970_000)], 800_000);
    d.legal_final_date = "2027-01-01".parse().unwrap();
    d.pool.assets[1].remaining_term = 24;
    for t in &mut d.tranches {
        t.expected_maturity = d.legal_final_date;
        t.legal_maturity = d.legal_final_date;
    }
    d.tranches[0].coupon = 0.05;
    d.waterfall
        .steps
        .insert(0, Step::Interest(vec!["A".into()]));
    let r = tranche_studio::engine::run(&d, None).unwrap();
    assert_eq!(
        r.periods[0].tranches[0].interest_shortfall,
        Decimal::from(10_000)
    );
    assert_eq!(r.securities[0].interest_shortfall, Decimal::ZERO);
    let mut s = session(d);
    let sol = s
        .solve(&spec("no-shortfall:A", Driver::Cdr, 0.0, 1.0, 1e-6))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::NotBracketed, "{}", sol.message);
    assert_eq!((sol.at_lo, sol.at_hi), (Some(0.0), Some(0.0)));
}

/// A holding deal by hand (`holding::small` with a flat 2,000,000 of revenue a year):
/// NOI = 2,000,000 × occupancy × (1 − 20%), 1,600,000 at full occupancy, the incentive
/// floor. The operator's fee is cut in a year whose NOI is below the floor, so at any
/// occupancy below 1 and not at 1: the search from [0.5, 1] ends just below 1, failing at 1.
/// A performance guarantee of 1,500,000 pays below 1,500,000 / 1,600,000 = 93.75%.
#[test]
fn holding_conditions_the_fee_cut_and_the_guarantee_by_occupancy() {
    let mut d = crate::holding::small();
    let h = d.holding.as_mut().unwrap();
    h.asset.revenue_schedule.clear();
    let mut s = session(d.clone());
    let sol = s
        .solve(&spec("fee-cut", Driver::Occupancy, 0.5, 1.0, 1e-6))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let (v, f) = (sol.value.unwrap(), sol.fails_at.unwrap());
    assert_eq!(f, 1.0);
    assert!(v < 1.0 && 1.0 - v <= 1e-6, "{v}");

    d.holding.as_mut().unwrap().performance_guarantee = Some(PerformanceGuarantee {
        guarantor: "原始权益人".into(),
        target_noi: Decimal::from(1_500_000),
        target_by_year: vec![],
        cap_per_year: None,
        cap_total: None,
    });
    let mut s = session(d);
    let sol = s
        .solve(&spec("guarantee", Driver::Occupancy, 0.5, 1.0, 1e-6))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let (v, f) = (sol.value.unwrap(), sol.fails_at.unwrap());
    assert!(v < 0.9375 + 1e-9 && 0.9375 - v <= 1e-6 + 1e-9, "{v}");
    assert!(f > v && f - v <= 1e-6, "{f}");
}

/// A solve on a holding deal reports the first year's NOI at the value found: the periods
/// dated within a year of closing, here the one of 2026-01-01 (1,600,000 at full
/// occupancy, whatever the valuation spread), not the later years.
#[test]
fn a_holding_solve_reports_the_first_year_s_noi() {
    let mut d = crate::holding::small();
    d.holding.as_mut().unwrap().asset.revenue_schedule.clear();
    let nav = |spread: f64| {
        let mut d = d.clone();
        d.holding.as_mut().unwrap().valuation.spread = spread;
        tranche_studio::engine::run(&d, None)
            .unwrap()
            .plan
            .unwrap()
            .nav_at_issue
            .unwrap()
    };
    // A NAV between the NAVs at spreads of 0 and 5%: some spread in between gives it.
    let target = 0.5 * (nav(0.0) + nav(0.05));
    let mut s = session(d);
    let sol = s
        .solve(&spec(
            &format!("nav={target}"),
            Driver::ValuationSpread,
            0.0,
            0.05,
            1e-9,
        ))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    assert_eq!(sol.first_year_noi, Some(Decimal::from(1_600_000)));
}

/// The one-asset deal with a deficiency payment for A's principal at maturity, capped at
/// 300,000 in all.
fn with_cover() -> Deal {
    let mut d = one_asset();
    d.enhancements = vec![Enhancement {
        cap_total: Some(Decimal::from(300_000)),
        ..crate::common::small_deal().enhancements[0].clone()
    }];
    d
}

/// Break-evens with every enhancement and without each one. With the cover A is repaid
/// while (1 − x) × 1,000,000 + 300,000 ≥ 800,000, x ≤ 50%; without it x ≤ 20% (each half a
/// fen above, the default being rounded). Two tranches, two goals, with and without `dp`:
/// eight solutions, A's no-loss first.
#[test]
fn break_evens_with_and_without_the_deficiency_payment() {
    let mut s = session(with_cover());
    let all = s.breakevens(None, &Driver::Cdr, 0.0, 1.0, 1e-9).unwrap();
    assert_eq!(all.len(), 8);
    let near = |v: Option<f64>, x: f64| {
        let v = v.unwrap();
        v < x + 1e-12 && x - v <= 1e-9 + 1e-12
    };
    assert_eq!(
        (all[0].goal.as_str(), all[0].without.as_deref()),
        ("no-loss:A", None)
    );
    assert!(near(all[0].value, 0.500000005), "{:?}", all[0].value);
    assert_eq!(all[1].without.as_deref(), Some("dp"));
    assert!(near(all[1].value, 0.200000005), "{:?}", all[1].value);
    assert_eq!(all[2].goal, "no-shortfall:A");
    // No enhancement called "reserve" here, nor "nope".
    for id in ["reserve", "nope"] {
        let mut sp = spec("no-loss:A", Driver::Cdr, 0.0, 1.0, 1e-6);
        sp.without = Some(id.into());
        let e = s.solve(&sp).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("no enhancement {id:?} (reserve or an enhancement id)")
        );
    }
    // A deal with a reserve: without it, the reserve holds nothing and targets nothing.
    let small = crate::common::small_deal();
    let bare = tranche_studio::engine::without_enhancement(&small, "reserve").unwrap();
    let r = bare.reserve.unwrap();
    assert_eq!(r.initial, Decimal::ZERO);
    assert_eq!(r.target, ReserveTarget::Fixed(Decimal::ZERO));
    assert_eq!(bare.enhancements, small.enhancements);
    let bare = tranche_studio::engine::without_enhancement(&small, "dp").unwrap();
    assert_eq!(bare.enhancements[0].cap_total, Some(Decimal::ZERO));
    assert_eq!(bare.reserve, small.reserve);
}

/// A term driver's run is checked again: a coupon of 150% is refused in its cell (at the
/// tranche's coupon), the 5% beside it runs. A named default of an obligor the pool does not
/// have cannot be a grid's driver.
#[test]
fn a_grid_cell_out_of_the_terms_range_is_an_error_in_its_cell() {
    let mut s = session(one_asset());
    let grid = Grid {
        name: "coupon".into(),
        scenario: None,
        x: Axis {
            driver: Driver::TrancheCoupon("A".into()),
            from: 0.05,
            to: 1.5,
            step: 1.45,
        },
        y: None,
        output: out("loss:A"),
    };
    let g = s.grid(&grid, &go()).unwrap();
    assert_eq!(g.x.values, [0.05, 1.5]);
    assert_eq!(g.cells, [[Some(0.0), None]]);
    assert_eq!(g.errors.len(), 1);
    assert_eq!((g.errors[0].row, g.errors[0].col), (0, 1));
    assert!(
        g.errors[0].message.contains("tranches[0].coupon"),
        "{}",
        g.errors[0].message
    );
    let grid = Grid {
        x: Axis {
            driver: Driver::ObligorDefaultPeriod("丁".into()),
            from: 1.0,
            to: 1.0,
            step: 1.0,
        },
        ..grid
    };
    let e = s.grid(&grid, &go()).unwrap_err();
    assert_eq!(e.to_string(), "no obligor \"丁\" in the pool");
}

/// A scenario's figures for the comparison. At CDR 30% with the cover: A is short 100,000
/// and the deficiency payment pays it (draws 100,000); 30% of the pool defaulted.
#[test]
fn a_tranched_scenario_s_figures_by_hand() {
    use tranche_studio::engine::compare::{Comparison, Figure, ScenarioFigures};
    let r = tranche_studio::engine::run(&at_cdr(with_cover(), 0.3), None).unwrap();
    let f = ScenarioFigures::of(&r);
    assert_eq!(f.enhancement_draws, Some(Decimal::from(100_000)));
    assert_eq!(f.cumulative_default_rate, Some(0.3));
    assert_eq!(f.securities[0].principal_loss, Decimal::ZERO);
    assert_eq!(f.securities[1].principal_loss, Decimal::from(200_000));
    assert_eq!(
        (f.nav_at_issue, f.fees, f.unpaid_at_exit),
        (None, None, None)
    );
    let rows: Vec<(Option<&str>, &str, String)> = f
        .figures(false)
        .into_iter()
        .map(|(s, n, v)| (s, n, v.text()))
        .collect();
    let row = |s: Option<&'static str>, n: &'static str, v: &str| (s, n, v.to_string());
    let irr = |i: usize| f.securities[i].irr.map_or(String::new(), |x| x.to_string());
    assert_eq!(
        rows,
        [
            row(Some("A"), "irr", &irr(0)),
            row(Some("A"), "wal", "1"),
            row(Some("A"), "principal_loss", "0.00"),
            row(Some("A"), "interest_shortfall", "0"),
            row(Some("A"), "enhancement_draws", "100000.00"),
            row(Some("B"), "irr", ""),
            row(Some("B"), "wal", ""),
            row(Some("B"), "principal_loss", "200000.00"),
            row(Some("B"), "interest_shortfall", "0"),
            row(Some("B"), "enhancement_draws", "0.00"),
            row(None, "cumulative_default_rate", "0.3"),
            row(None, "enhancement_draws", "100000.00"),
        ]
    );
    // A repaid in full a year on: IRR 0 (to the solver's precision); B, paid nothing, has
    // no IRR and no WAL.
    assert!(f.securities[0].irr.unwrap().abs() < 1e-12);
    assert_eq!(Figure::Number(None).text(), "");
    assert_eq!(Figure::Text(Some("Sale".into())).text(), "Sale");
    assert_eq!(Figure::Text(None).text(), "");
    let c = Comparison::of("手算", false, &[r], vec!["down: refused".into()]);
    assert_eq!(c.scenario("base"), Some(&f));
    assert_eq!(c.scenario("nope"), None);
    assert_eq!(c.failed, ["down: refused"]);
}

/// A holding scenario's "unpaid at exit" adds the plan's unpaid fees and hurdle and the
/// project company's unpaid bank debt, shareholder loan, tax and opex (with capex): set here
/// to 1, 2, 4, 8, 16 and 32 yuan, 63 in all.
#[test]
fn a_holding_scenario_s_unpaid_at_exit_adds_every_claim() {
    use tranche_studio::engine::compare::ScenarioFigures;
    let mut r = tranche_studio::engine::run(&crate::holding::small(), None).unwrap();
    let plan = r.plan.as_mut().unwrap();
    plan.unpaid_fees_at_exit = Decimal::from(1);
    plan.unpaid_hurdle_at_exit = Decimal::from(2);
    let pc = r.project_company.as_mut().unwrap();
    pc.bank_unpaid_at_exit = Decimal::from(4);
    pc.shareholder_loan_unpaid_at_exit = Decimal::from(8);
    pc.tax_unpaid_at_exit = Decimal::from(16);
    pc.opex_unpaid_at_exit = Decimal::from(32);
    let f = ScenarioFigures::of(&r);
    assert_eq!(f.unpaid_at_exit, Some(Decimal::from(63)));
    assert_eq!(
        (f.cumulative_default_rate, f.enhancement_draws),
        (None, None)
    );
    let names: Vec<(Option<&str>, &str)> = f
        .figures(true)
        .into_iter()
        .map(|(s, n, _)| (s, n))
        .collect();
    let mut want = Vec::new();
    for s in &f.securities {
        for n in ["irr", "distribution_rate", "multiple"] {
            want.push((Some(s.id.as_str()), n));
        }
    }
    for n in [
        "min_dscr",
        "nav_at_issue",
        "fees",
        "incentive_fee",
        "fee_cut",
        "guarantee_payments",
        "unpaid_at_exit",
        "exit",
    ] {
        want.push((None, n));
    }
    assert_eq!(names, want);
}

/// Two versions' changes: a CDR from flat to a vector is the flat value gone and the vector
/// come (one change each, not two); an added tape row is one entry with the rows' count and
/// balance.
#[test]
fn changes_between_versions_by_field_and_the_tape_s_rows() {
    use tranche_studio::engine::compare::changes;
    let a = one_asset();
    let mut b = a.clone();
    b.scenarios[0].cdr = Curve::Vector(vec![0.01, 0.02]);
    let c = changes(&a, &[], &b, &[]);
    let got: Vec<(&str, Option<&str>, Option<&str>)> = c
        .iter()
        .map(|c| (c.path.as_str(), c.a.as_deref(), c.b.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("scenarios[0].cdr.Flat", Some("0.0"), None),
            ("scenarios[0].cdr.Vector", None, Some("[0.01,0.02]")),
        ]
    );
    let row = a.pool.assets[0].clone();
    let rows = [
        row.clone(),
        Asset {
            balance: Decimal::new(5, 1),
            ..row
        },
    ];
    let c = changes(&a, &rows[..1], &a, &rows);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].path, "pool.tape (rows)");
    assert_eq!(c[0].a.as_deref(), Some("1 rows, balance 1000000.00"));
    assert_eq!(c[0].b.as_deref(), Some("2 rows, balance 1000000.50"));
}

/// A named default swept over its period: 甲, the whole pool, defaulting on the one date
/// leaves A 800,000 short; period 0 is no default (0); the scenario's own no-loss work is
/// not reused for another obligor's default.
#[test]
fn a_named_default_swept_over_its_period() {
    let mut s = session(one_asset());
    let jia = Driver::ObligorDefaultPeriod("甲".into());
    let points = s
        .sweep(None, &jia, &[0.0, 1.0], &go(), |r| {
            r.securities[0].principal_loss
        })
        .unwrap();
    let points: Vec<(f64, Decimal)> = points.into_iter().map(|(x, l)| (x, l.unwrap())).collect();
    assert_eq!(
        points,
        [(0.0, Decimal::ZERO), (1.0, Decimal::from(800_000))]
    );
}
