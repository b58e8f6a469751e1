//! Pricing benchmarks: `cargo bench --no-default-features --bench pricing`.
//! The senior of the default sample (11 quarterly flows after 2025-09-15) priced on one run.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tranche_studio::engine;
use tranche_studio::io::parse_deal;
use tranche_studio::pricing::{Quote, price};

fn pricing(c: &mut Criterion) {
    let deal = parse_deal(
        include_str!("../sample_deals/data_asset_pledge_loans.ron"),
        "bench",
    )
    .unwrap();
    let results = engine::run(&deal, None).unwrap();
    let settle = "2025-09-15".parse().unwrap();
    let mut g = c.benchmark_group("pricing");
    for (id, quote) in [
        ("yield_to_price_sample", Quote::Yield(0.02)),
        ("price_to_yield_sample", Quote::CleanPrice(100.0)),
        ("spread_to_price_sample", Quote::Spread(0.004)),
    ] {
        g.bench_function(id, |b| {
            b.iter(|| price(&deal, &results, "A", black_box(settle), black_box(quote)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, pricing);
criterion_main!(benches);
