//! The engine, CLI and export tests (no egui): one test binary, so a build links it once.
//! Each module is one subject; `cargo test --test engine MODULE::` runs one.

mod common;

mod analysis;
mod analysis_hand;
mod cache;
mod cli;
mod conservation;
mod coupon_steps;
mod delinquency;
mod export;
mod export_set;
mod fuzz;
mod hand;
mod holding;
mod holding_cash;
mod holding_charts;
mod holding_hand;
mod holding_ops;
mod io_files;
mod lang;
mod market_terms;
mod metrics;
mod parse;
mod pdf;
mod pool_hand;
mod pool_run_hand;
mod pricing;
mod projection;
mod revolving;
mod revolving_buy;
mod revolving_runoff;
mod run_totals;
mod save_layout;
mod session;
mod stress;
mod terms;
mod terms2;
mod tokens;
mod validate_hand;
mod validate_limits;
