//! Recompute benchmarks: `cargo bench --bench recompute`.
//! `recompute/lease_10k_120` is the yardstick: 10,000 level-payment leases over 120
//! monthly periods, a three-tranche turbo waterfall, projection + waterfall + metrics.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;
use tranche_studio::engine;
use tranche_studio::io::parse_deal;
use tranche_studio::model::*;

/// A deterministic synthetic lease deal: `n` leases, `months` monthly payment dates.
fn lease_deal(n: usize, months: u32) -> Deal {
    let mut deal = parse_deal(
        include_str!("../sample_deals/data_asset_pledge_loans.ron"),
        "bench",
    )
    .unwrap();
    deal.frequency = Frequency::Monthly;
    deal.closing_date = "2026-01-01".parse().unwrap();
    deal.first_payment_date = "2026-02-01".parse().unwrap();
    deal.legal_final_date =
        tranche_studio::time::add_months(deal.first_payment_date, months - 1).unwrap();
    // The sample's secondary-market terms and stress templates belong to its own dates and
    // scenario list: the benched deal keeps the same work as before they were added.
    deal.pricing = None;
    deal.stress_templates.clear();
    let mut state: u64 = 7;
    let mut rnd = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    deal.pool.assets = (0..n)
        .map(|i| Asset {
            id: format!("L{i:06}"),
            obligor: format!("O{i:06}"),
            asset_class: AssetClass::FinancialLease,
            data_asset_role: DataAssetRole::Empowering,
            balance: Decimal::new((5_000_000.0 + rnd() * 45_000_000.0) as i64, 2),
            rate: 0.06 + rnd() * 0.06,
            remaining_term: 12 + (rnd() * (months - 12) as f64) as u32,
            amortisation: Amortisation::LevelPayment,
            industry: String::new(),
            pledge: None,
        })
        .collect();
    let pool: Decimal = deal.pool.assets.iter().map(|a| a.balance).sum();
    let legal = deal.legal_final_date;
    let tranche = |id: &str, share: i64, coupon: f64| Tranche {
        id: id.into(),
        name: id.into(),
        size: (pool * Decimal::new(share, 2)).round_dp(2),
        coupon,
        principal_mode: PrincipalMode::PassThrough,
        expected_maturity: legal,
        legal_maturity: legal,
        holder: Holder::Market,
        rating: Some("AAA".into()),
        price: None,
        floating: None,
        step_ups: Vec::new(),
        retained_share: 0.0,
    };
    deal.tranches = vec![
        tranche("A", 80, 0.025),
        tranche("B", 10, 0.035),
        tranche("C", 8, 0.0),
    ];
    let ids: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
    deal.waterfall = Waterfall {
        steps: vec![
            Step::Fee("mgmt".into()),
            Step::Fee("custody".into()),
            Step::Fee("rating".into()),
            Step::Interest(vec!["A".into()]),
            Step::Interest(vec!["B".into()]),
            Step::ReserveTopUp,
            Step::Principal {
                tranches: ids,
                allocation: Allocation::Sequential,
                amount: PrincipalAmount::Available,
            },
            Step::Residual("C".into()),
        ],
        post_trigger: None,
    };
    deal.triggers.clear();
    deal.scenarios = vec![Scenario {
        name: "base".into(),
        cdr: Curve::Flat(0.02),
        cpr: Curve::Flat(0.05),
        recovery_rate: 0.4,
        recovery_lag: 3,
        ..Default::default()
    }];
    deal.default_scenario = None;
    deal
}

fn recompute(c: &mut Criterion) {
    let big = lease_deal(10_000, 120);
    assert!(engine::run(&big, None).is_ok());
    let sample = parse_deal(
        include_str!("../sample_deals/data_asset_pledge_loans.ron"),
        "sample",
    )
    .unwrap();
    let mut g = c.benchmark_group("recompute");
    g.bench_function("lease_10k_120", |b| {
        b.iter(|| engine::run(black_box(&big), None).unwrap())
    });
    // A coupon edit: the cached projection is reused, only waterfall + metrics run.
    let mut cache = engine::ProjectionCache::default();
    let mut edited = big.clone();
    cache.results(&edited, &[], None, 0).unwrap();
    let mut bump = 0u32;
    g.bench_function("tranche_edit_10k", |b| {
        b.iter(|| {
            bump = (bump + 1) % 10;
            edited.tranches[0].coupon = 0.025 + f64::from(bump) * 0.0001;
            cache.results(black_box(&edited), &[], None, 0).unwrap()
        })
    });
    // A CDR edit: the pool's no-loss schedule is reused, the scenario reapplied to its sums.
    let mut cdr = 0u32;
    g.bench_function("cdr_edit_10k", |b| {
        b.iter(|| {
            cdr = (cdr + 1) % 10;
            edited.scenarios[0].cdr = Curve::Flat(0.02 + f64::from(cdr) * 0.001);
            cache.results(black_box(&edited), &[], None, 0).unwrap()
        })
    });
    g.bench_function("sample_pledge_loans", |b| {
        b.iter(|| engine::run(black_box(&sample), None).unwrap())
    });
    let huge = lease_deal(100_000, 360);
    g.sample_size(10);
    g.bench_function("lease_100k_360", |b| {
        b.iter(|| engine::run(black_box(&huge), None).unwrap())
    });
    g.finish();
}

/// How the time grows with the pool and the horizon, and where it goes: the pool checks,
/// the projection, the waterfall (ledger) and the whole liabilities side (waterfall +
/// metrics), next to the full recompute.
fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    for assets in [1_000, 10_000, 100_000] {
        for months in [120, 360] {
            let deal = lease_deal(assets, months);
            let id = format!("{assets}x{months}");
            g.sample_size(if assets >= 100_000 { 10 } else { 50 });
            g.bench_with_input(BenchmarkId::new("full", &id), &deal, |b, d| {
                b.iter(|| engine::run(d, None).unwrap())
            });
            g.bench_with_input(BenchmarkId::new("check_pool", &id), &deal, |b, d| {
                b.iter(|| tranche_studio::validate::check_pool(d, &[]))
            });
            g.bench_with_input(BenchmarkId::new("project", &id), &deal, |b, d| {
                b.iter(|| engine::project(d, None).unwrap())
            });
            let p = engine::project(&deal, None).unwrap();
            g.bench_with_input(BenchmarkId::new("waterfall", &id), &deal, |b, d| {
                b.iter(|| engine::run_waterfall(d, &Default::default(), &p.schedule, &p.pool))
            });
            g.bench_with_input(BenchmarkId::new("liabilities", &id), &deal, |b, d| {
                b.iter(|| engine::run_liabilities(d, &p))
            });
        }
    }
    g.finish();
}

fn metrics(c: &mut Criterion) {
    let start: chrono::NaiveDate = "2026-01-01".parse().unwrap();
    let flows: Vec<(chrono::NaiveDate, f64)> = std::iter::once((start, -1_000_000.0))
        .chain((1..=120).map(|m| {
            (
                tranche_studio::time::add_months(start, m).unwrap(),
                11_000.0,
            )
        }))
        .collect();
    assert!(tranche_studio::metrics::xirr(&flows).is_some());
    c.benchmark_group("metrics")
        .bench_function("xirr_121", |b| {
            b.iter(|| tranche_studio::metrics::xirr(black_box(&flows)))
        });
}

/// Holding-type deals: the whole double-SPV run of a sample (an expansion reruns the deal once
/// per round to price its units at the NAV).
fn holding(c: &mut Criterion) {
    let mut g = c.benchmark_group("holding");
    for (name, text) in [
        (
            "highway_20y",
            include_str!("../sample_deals/highway_concession.ron"),
        ),
        (
            "rental_expansion",
            include_str!("../sample_deals/rental_housing_expansion.ron"),
        ),
        (
            "data_centre_calibrated",
            include_str!("../sample_deals/data_centre.ron"),
        ),
    ] {
        let deal = parse_deal(text, name).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| engine::run(black_box(&deal), None).unwrap())
        });
    }
    g.finish();
}

/// A grid of two drivers 0..0.2 in 21 steps each, any output.
fn grid_of(
    x: Driver,
    y: Driver,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    output: Output,
) -> Grid {
    let axis = |driver, from: f64, to: f64| Axis {
        driver,
        from,
        to,
        step: (to - from) / 20.0,
    };
    Grid {
        name: "bench".into(),
        scenario: None,
        x: axis(x, x0, x1),
        y: Some(axis(y, y0, y1)),
        output,
    }
}

/// The structurer's questions (issue 13): grids and solvers through `engine::Session`, the
/// pool's no-loss schedule summed once for the whole grid or solve.
fn questions(c: &mut Criterion) {
    use std::sync::atomic::AtomicBool;
    use tranche_studio::engine::Session;
    use tranche_studio::engine::analysis::{Goal, SolveSpec, SolveStatus};
    let go = AtomicBool::new(false);
    let mut g = c.benchmark_group("grid");
    g.sample_size(20);
    let mut lease = Session::new(lease_deal(10_000, 120), Default::default());
    let cdr_cpr = grid_of(
        Driver::Cdr,
        Driver::Cpr,
        (0.0, 0.2),
        (0.0, 0.2),
        Output {
            metric: Metric::Irr,
            security: Some("C".into()),
        },
    );
    let cells = lease.grid(&cdr_cpr, &go).unwrap();
    assert_eq!((cells.cells.len(), cells.cells[0].len()), (21, 21));
    g.bench_function("cdr_cpr_21x21_10k", |b| {
        b.iter(|| lease.grid(black_box(&cdr_cpr), &go).unwrap())
    });
    let highway = parse_deal(
        include_str!("../sample_deals/highway_concession.ron"),
        "highway",
    )
    .unwrap();
    let mut highway = Session::new(highway, Default::default());
    let growth_cap = grid_of(
        Driver::RevenueGrowth,
        Driver::ExitCapRate,
        (-0.05, 0.05),
        (0.03, 0.08),
        Output {
            metric: Metric::Irr,
            security: Some("market".into()),
        },
    );
    g.bench_function("holding_growth_cap_21x21", |b| {
        b.iter(|| highway.grid(black_box(&growth_cap), &go).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("solve");
    let spec = SolveSpec {
        scenario: None,
        driver: Driver::Cdr,
        lo: 0.0,
        hi: 1.0,
        tolerance: 1e-4,
        goal: Goal::NoPrincipalLoss("A".into()),
        without: None,
    };
    assert_eq!(lease.solve(&spec).unwrap().status, SolveStatus::Found);
    g.bench_function("breakeven_cdr_10k", |b| {
        b.iter(|| lease.solve(black_box(&spec)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, recompute, metrics, scaling, holding, questions);
criterion_main!(benches);
