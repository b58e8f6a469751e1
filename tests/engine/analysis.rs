//! Grids, the tornado, the solvers, the obligor stresses and the scenario comparison: each
//! figure checked against a lone run of the same scenario, or worked out by hand.

use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use tranche_studio::engine::analysis::{Goal, SolveSpec, SolveStatus};
use tranche_studio::engine::compare::{self, Comparison};
use tranche_studio::engine::{BatchError, Session, run};
use tranche_studio::io::parse_deal;
use tranche_studio::model::*;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_deals")
        .join(name)
}

fn pledge() -> Session {
    Session::open(&sample("data_asset_pledge_loans.ron")).unwrap()
}

fn go() -> AtomicBool {
    AtomicBool::new(false)
}

/// The deal with its default scenario's CDR and CPR set: what a lone run of a grid cell is.
fn with_rates(deal: &Deal, cdr: f64, cpr: f64) -> Deal {
    let mut d = deal.clone();
    d.scenarios[0].cdr = Curve::Flat(cdr);
    d.scenarios[0].cpr = Curve::Flat(cpr);
    d
}

#[test]
fn every_grid_cell_equals_the_lone_run_of_its_scenario() {
    let mut s = pledge();
    let deal = s.deal().clone();
    let g = s.grid_named("cdr-cpr", &go()).unwrap();
    assert_eq!(g.x.values, [0.0, 0.05, 0.1, 0.15, 0.2]);
    assert_eq!(g.y.as_ref().unwrap().values, [0.0, 0.1, 0.2]);
    assert_eq!(g.output, "irr:B");
    assert!(g.errors.is_empty());
    for (i, &y) in g.y.as_ref().unwrap().values.iter().enumerate() {
        for (j, &x) in g.x.values.iter().enumerate() {
            let r = run(&with_rates(&deal, x, y), Some("base")).unwrap();
            assert_eq!(g.cells[i][j], r.securities[1].irr, "cdr {x}, cpr {y}");
        }
    }
    // Money cells to the fen: the senior's loss by CDR.
    let g = s.grid_named("senior-loss-by-cdr", &go()).unwrap();
    assert_eq!(g.cells.len(), 1);
    for (j, &x) in g.x.values.iter().enumerate() {
        let mut d = deal.clone();
        d.scenarios[0].cdr = Curve::Flat(x);
        let loss = run(&d, Some("base")).unwrap().securities[0].principal_loss;
        assert_eq!(
            Decimal::try_from(g.cells[0][j].unwrap())
                .unwrap()
                .round_dp(2),
            loss,
            "cdr {x}"
        );
    }
    // 10% CDR already reaches the senior; none below it.
    assert_eq!(g.cells[0][0], Some(0.0));
    assert!(g.cells[0][2].unwrap() > 0.0);
}

#[test]
fn a_grid_is_the_same_on_one_thread_and_on_many() {
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut s = pledge();
            let a = s.grid_named("cdr-cpr", &go()).unwrap();
            let mut h = Session::open(&sample("data_centre.ron")).unwrap();
            (a, h.grid_named("growth-cap", &go()).unwrap())
        })
    };
    let one = on(1);
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&on(4)).unwrap()
    );
}

#[test]
fn a_holding_grid_cell_equals_the_lone_run() {
    let mut s = Session::open(&sample("data_centre.ron")).unwrap();
    let g = s.grid_named("growth-cap", &go()).unwrap();
    assert_eq!(g.x.values, [-0.02, 0.0, 0.02, 0.04, 0.06]);
    assert_eq!(g.y.as_ref().unwrap().values, [0.05, 0.06, 0.07, 0.08]);
    let mut d = s.deal().clone();
    d.scenarios[0].revenue_growth = 0.04;
    if let Some(Exit::Sale { cap_rate, .. }) = &mut d.scenarios[0].exit {
        *cap_rate = 0.07;
    }
    d.scenarios[0].exit_cap_rate = Some(0.07);
    let r = run(&d, Some("base")).unwrap();
    let market = r.securities.iter().find(|s| s.id == "market").unwrap();
    assert_eq!(g.cells[2][3], market.irr);
}

#[test]
fn a_cancelled_grid_stops_with_cancelled() {
    let mut s = pledge();
    let stop = AtomicBool::new(true);
    assert!(matches!(
        s.grid_named("cdr-cpr", &stop),
        Err(BatchError::Cancelled)
    ));
    assert!(matches!(
        s.grid_named("no-such-grid", &go()),
        Err(BatchError::Unusable(_))
    ));
}

/// A deal small enough to work by hand: one zero-rate bullet asset of 1,000,000 repaid at
/// the one annual payment date, a senior of 800,000 and a subordinate of 200,000 (both at
/// zero coupon), no fees, no reserve, recovery 0. At CDR x the period default rate is
/// 1 − (1 − x)^(365/365) = x, so the pool collects (1 − x) × 1,000,000; the senior is repaid
/// in full while (1 − x) × 1,000,000 ≥ 800,000, that is x ≤ 0.2. Break-even CDR: 20%.
fn hand_deal() -> Deal {
    let mut d = parse_deal(
        include_str!("../../sample_deals/data_asset_pledge_loans.ron"),
        "hand",
    )
    .unwrap();
    d.data_asset_label = false;
    d.frequency = Frequency::Annual;
    d.closing_date = "2025-01-01".parse().unwrap();
    d.first_payment_date = "2026-01-01".parse().unwrap();
    d.legal_final_date = "2026-01-01".parse().unwrap();
    d.collection_lag = 0;
    d.pool = Pool {
        assets: vec![Asset {
            id: "X".into(),
            obligor: "X".into(),
            asset_class: AssetClass::TradeReceivable,
            data_asset_role: DataAssetRole::None,
            balance: Decimal::from(1_000_000),
            rate: 0.0,
            remaining_term: 12,
            amortisation: Amortisation::Bullet,
            industry: String::new(),
            pledge: None,
        }],
        ..Pool::default()
    };
    let legal = d.legal_final_date;
    let tranche = |id: &str, size: i64| Tranche {
        id: id.into(),
        name: id.into(),
        size: Decimal::new(size * 100, 2),
        coupon: 0.0,
        principal_mode: PrincipalMode::PassThrough,
        expected_maturity: legal,
        legal_maturity: legal,
        holder: Holder::Market,
        rating: None,
        price: None,
        floating: None,
        step_ups: Vec::new(),
        retained_share: 0.0,
    };
    d.tranches = vec![tranche("A", 800_000), tranche("B", 200_000)];
    d.fees.clear();
    d.reserve = None;
    d.enhancements.clear();
    d.triggers.clear();
    d.grids.clear();
    d.waterfall = Waterfall {
        steps: vec![
            Step::Principal {
                tranches: vec!["A".into(), "B".into()],
                allocation: Allocation::Sequential,
                amount: PrincipalAmount::Available,
            },
            Step::Residual("B".into()),
        ],
        post_trigger: None,
    };
    d.scenarios = vec![Scenario {
        name: "base".into(),
        ..Scenario::default()
    }];
    d.default_scenario = None;
    d
}

fn no_loss(goal: &str, driver: Driver, lo: f64, hi: f64, tolerance: f64) -> SolveSpec {
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

#[test]
fn the_hand_worked_break_even_cdr_is_twenty_percent() {
    let mut s = Session::new(hand_deal(), Arc::default());
    assert!(
        s.issues()
            .iter()
            .all(|i| i.severity != tranche_studio::error::Severity::Error),
        "{:?}",
        s.issues()
    );
    let sol = s
        .solve(&no_loss("no-loss:A", Driver::Cdr, 0.0, 1.0, 1e-6))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let (v, f) = (sol.value.unwrap(), sol.fails_at.unwrap());
    assert!(v <= 0.2 + 1e-12 && 0.2 - v <= 1e-6, "{v}");
    assert!(f > v && f - v <= 1e-6, "{f}");
    // Bisection of [0, 1] to 1e-6: 20 halvings (2^-20 < 1e-6 < 2^-19) after the two ends.
    assert_eq!(sol.iterations, 22);
}

#[test]
fn a_break_even_holds_just_below_and_fails_just_above() {
    let mut s = pledge();
    let deal = s.deal().clone();
    let sol = s
        .solve(&no_loss("no-loss:A", Driver::Cdr, 0.0, 1.0, 1e-4))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found);
    let (v, f) = (sol.value.unwrap(), sol.fails_at.unwrap());
    assert!((f - v).abs() <= 1e-4);
    let loss = |x: f64| {
        let mut d = deal.clone();
        d.scenarios[0].cdr = Curve::Flat(x);
        run(&d, Some("base")).unwrap().securities[0].principal_loss
    };
    assert_eq!(loss(v), Decimal::ZERO);
    assert!(loss(f) > Decimal::ZERO);
    // Without the reserve the senior breaks at a lower CDR.
    let mut spec = no_loss("no-loss:A", Driver::Cdr, 0.0, 1.0, 1e-4);
    spec.without = Some("reserve".into());
    let bare = s.solve(&spec).unwrap();
    assert!(bare.value.unwrap() < v, "{} vs {v}", bare.value.unwrap());
    // Every tranche, both goals, with and without the reserve: 2 × 2 × 2 solutions.
    let all = s.breakevens(None, &Driver::Cdr, 0.0, 1.0, 1e-4).unwrap();
    assert_eq!(all.len(), 8);
    assert_eq!(all[0], sol);
}

#[test]
fn no_answer_in_the_range_says_so() {
    let mut s = pledge();
    let sol = s
        .solve(&no_loss("no-loss:A", Driver::Cdr, 0.0, 0.05, 1e-4))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::NotBracketed);
    assert_eq!(sol.value, None);
    assert!(
        sol.message.contains("holds at both ends"),
        "{}",
        sol.message
    );
    let sol = s
        .solve(&no_loss(
            "irr:A=0.5",
            Driver::TrancheCoupon("A".into()),
            0.0,
            0.1,
            1e-6,
        ))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::NotBracketed);
    assert!(sol.message.contains("no root bracketed"), "{}", sol.message);
}

#[test]
fn the_coupon_for_a_target_irr_at_a_price() {
    // Bought at 99.5, what coupon gives the senior a 3% IRR?
    let mut d = pledge().deal().clone();
    d.tranches[0].price = Some(99.5);
    let mut s = Session::new(d.clone(), Arc::default());
    let sol = s
        .solve(&no_loss(
            "irr:A=0.03",
            Driver::TrancheCoupon("A".into()),
            0.0,
            0.1,
            1e-7,
        ))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let c = sol.value.unwrap();
    // Below 3%: the discount adds yield.
    assert!(c > 0.02 && c < 0.03, "{c}");
    d.tranches[0].coupon = c;
    let irr = run(&d, None).unwrap().securities[0].irr.unwrap();
    assert!((irr - 0.03).abs() < 1e-6, "{irr}");
    assert!(sol.iterations < 20, "Brent: {} runs", sol.iterations);
}

#[test]
fn the_largest_senior_with_no_loss_at_a_stress() {
    let mut s = Session::new(hand_deal(), Arc::default());
    // At 10% CDR the pool collects 900,000: the senior may be 900,000 at most (the
    // subordinate, the last tranche, takes the rest of the 1,000,000).
    let mut d = hand_deal();
    d.scenarios[0].cdr = Curve::Flat(0.1);
    s.update(d, Arc::default());
    let sol = s
        .solve(&no_loss(
            "no-loss:A",
            Driver::TrancheSize("A".into()),
            1.0,
            999_999.0,
            1.0,
        ))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let v = sol.value.unwrap();
    assert!((899_999.0..=900_000.0).contains(&v), "{v}");
}

#[test]
fn the_tornado_moves_each_driver_one_step_each_way() {
    let mut s = pledge();
    let deal = s.deal().clone();
    let outputs = vec![Output {
        metric: Metric::Irr,
        security: Some("B".into()),
    }];
    let t = s
        .tornado(
            None,
            &[(Driver::Cdr, 0.01), (Driver::RecoveryRate, 0.1)],
            &outputs,
            &go(),
        )
        .unwrap();
    let cdr = t.rows.iter().find(|r| r.driver == "cdr").unwrap();
    // The base CDR is 1%: one step down is 0, up 2%.
    assert_eq!((cdr.value, cdr.low, cdr.high), (0.01, 0.0, 0.02));
    let at = |x: f64| {
        let mut d = deal.clone();
        d.scenarios[0].cdr = Curve::Flat(x);
        run(&d, Some("base")).unwrap().securities[1].irr
    };
    assert_eq!(cdr.at_low[0], at(0.0));
    assert_eq!(cdr.at_high[0], at(0.02));
    assert_eq!(t.base[0], at(0.01));
    // Largest swing first.
    let swing = |r: &tranche_studio::engine::analysis::TornadoRow| {
        (r.at_low[0].unwrap() - r.at_high[0].unwrap()).abs()
    };
    assert!(swing(&t.rows[0]) >= swing(&t.rows[1]));
}

#[test]
fn obligors_in_turn_and_the_worst_pair() {
    let mut s = pledge();
    let deal = s.deal().clone();
    let out = Output {
        metric: Metric::PrincipalLoss,
        security: Some("B".into()),
    };
    let st = s.obligor_stress(None, 1, &out, &go()).unwrap();
    assert_eq!(st.singles.len(), 10, "ten obligors");
    assert_eq!(st.pairs_searched, 45, "every pair of ten");
    // Ranked worst first; the largest obligor (25,000,000) hurts most.
    assert_eq!(st.singles[0].obligors, ["苏州数智科技"]);
    assert_eq!(st.singles[0].balance, Decimal::from(25_000_000));
    for w in st.singles.windows(2) {
        assert!(w[0].value >= w[1].value);
    }
    // A row equals the lone run with that obligor defaulting in period 1.
    let mut d = deal.clone();
    d.scenarios[0].obligor_defaults = vec![ObligorDefault {
        obligor: "苏州数智科技".into(),
        period: 1,
    }];
    let r = run(&d, Some("base")).unwrap();
    assert_eq!(st.singles[0].losses[1].1, r.securities[1].principal_loss);
    let pair = st.worst_pair.unwrap();
    assert_eq!(pair.obligors.len(), 2);
    assert!(pair.value >= st.singles[0].value);
}

#[test]
fn the_comparison_reads_back_from_json_and_matches_each_run() {
    let mut s = Session::open(&sample("data_empowered_leases.ron")).unwrap();
    let c = s.compare();
    assert!(c.failed.is_empty());
    assert_eq!(c.scenarios.len(), 3);
    let back: Comparison = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(back, c);
    let r = s.run(Some("stress-cdr6")).unwrap();
    let f = c.scenario("stress-cdr6").unwrap();
    assert_eq!(f.securities[0].irr, r.securities[0].irr);
    assert_eq!(
        f.securities[3].principal_loss,
        r.securities[3].principal_loss
    );
    assert_eq!(
        f.cumulative_default_rate,
        Some(r.pool.cumulative_default_rate)
    );
    // A holding deal: unit classes, NAV, fees.
    let mut h = Session::open(&sample("highway_concession.ron")).unwrap();
    let c = h.compare();
    assert!(c.holding);
    let r = h.run(Some("traffic-stress")).unwrap();
    let f = c.scenario("traffic-stress").unwrap();
    assert_eq!(f.fees, Some(r.plan.as_ref().unwrap().total_fees));
    assert_eq!(f.nav_at_issue, r.plan.as_ref().unwrap().nav_at_issue);
    assert_eq!(f.securities[0].id, "market");
    assert_eq!(
        f.securities[0].distribution_rate,
        r.securities[0].distribution_rate
    );
}

#[test]
fn two_versions_of_a_deal_name_each_changed_term() {
    let a = pledge();
    let mut b = a.deal().clone();
    b.tranches[0].coupon = 0.025;
    b.scenarios[1].cdr = Curve::Flat(0.06);
    b.fees.pop();
    let changes = compare::changes(a.deal(), a.tape(), &b, &[]);
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    assert!(paths.contains(&"tranches[0].coupon"), "{paths:?}");
    assert!(paths.contains(&"scenarios[1].cdr.Flat"), "{paths:?}");
    assert!(paths.contains(&"fees[2]"), "{paths:?}");
    let coupon = changes
        .iter()
        .find(|c| c.path == "tranches[0].coupon")
        .unwrap();
    assert_eq!(
        (coupon.a.as_deref(), coupon.b.as_deref()),
        (Some("0.02"), Some("0.025"))
    );
    let removed = changes.iter().find(|c| c.path == "fees[2]").unwrap();
    assert!(removed.b.is_none());
    assert_eq!(changes.len(), 3, "{changes:?}");
}

#[test]
fn grids_are_checked_with_field_paths() {
    let mut d = pledge().deal().clone();
    d.grids = vec![
        Grid {
            name: "bad".into(),
            scenario: Some("nope".into()),
            x: Axis {
                driver: Driver::Occupancy,
                from: 0.5,
                to: 0.4,
                step: 0.1,
            },
            y: Some(Axis {
                driver: Driver::Cdr,
                from: 0.0,
                to: 2.0,
                step: 0.0,
            }),
            output: Output {
                metric: Metric::Irr,
                security: None,
            },
        },
        Grid {
            name: "bad".into(),
            scenario: None,
            x: Axis {
                driver: Driver::TrancheCoupon("Z".into()),
                from: 0.0,
                to: 0.1,
                step: 0.01,
            },
            y: None,
            output: Output {
                metric: Metric::NavAtIssue,
                security: None,
            },
        },
    ];
    let issues = tranche_studio::validate::validate(&d, &[]);
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    for p in [
        "grids[1].name",
        "grids[0].scenario",
        "grids[0].x.driver",
        "grids[0].x.to",
        "grids[0].y.to",
        "grids[0].y.step",
        "grids[0].output.security",
        "grids[1].x.driver",
        "grids[1].output.metric",
    ] {
        assert!(paths.contains(&p), "{p} missing: {paths:?}");
    }
}

/// Holding-type goals: the occupancy at which the incentive fee starts, checked either side,
/// and the equity ratio (股债配比) for a target market-unit IRR, checked by a lone run.
#[test]
fn holding_goals_the_incentive_starts_and_the_equity_ratio_for_an_irr() {
    let mut s = Session::open(&sample("data_centre.ron")).unwrap();
    let deal = s.deal().clone();
    let sol = s
        .solve(&no_loss("incentive", Driver::Occupancy, 0.5, 1.0, 1e-4))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let (v, f) = (sol.value.unwrap(), sol.fails_at.unwrap());
    assert!(v > f && v - f <= 1e-4, "paid from {v} up, not at {f}");
    assert!(sol.first_year_noi.is_some());
    let incentive = |occupancy: f64| {
        let mut d = deal.clone();
        d.scenarios[0].occupancy = occupancy;
        run(&d, Some("base"))
            .unwrap()
            .plan
            .unwrap()
            .total_incentive_fee
    };
    assert!(incentive(v) > Decimal::ZERO);
    assert_eq!(incentive(f), Decimal::ZERO);

    let sol = s
        .solve(&no_loss(
            "irr:market=0.074",
            Driver::EquityRatio,
            0.05,
            0.95,
            1e-7,
        ))
        .unwrap();
    assert_eq!(sol.status, SolveStatus::Found, "{}", sol.message);
    let mut d = deal.clone();
    d.holding.as_mut().unwrap().spv.equity_ratio = sol.value.unwrap();
    let r = run(&d, Some("base")).unwrap();
    let irr = r
        .securities
        .iter()
        .find(|x| x.id == "market")
        .unwrap()
        .irr
        .unwrap();
    assert!((irr - 0.074).abs() < 1e-5, "{irr}");
}
