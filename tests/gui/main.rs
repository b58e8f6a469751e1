//! The headless GUI tests (egui_kittest through AccessKit): one test binary, so a build links
//! the GUI stack once. `cargo test --test gui MODULE::` runs one file.
#![cfg(feature = "gui")]

mod common;

mod app;
mod copy_tables;
mod delinquency;
mod excel;
mod file_errors;
mod goal_seek;
mod grids;
mod holding;
mod holding_charts;
mod issue14;
mod issue14_layout;
mod legends;
mod pool_edit;
mod pricing;
mod rep_lines;
mod revolving;
mod session;
mod terms;
mod tokens;
mod vocab;
