//! tranche-studio: structuring Chinese asset-backed securities.
//!
//! The engine (`model`, `io`, `validate`, `engine`, `metrics`, `results`) never imports
//! egui; the desktop app sits on top of it behind the `gui` feature.

pub mod business_days;
pub mod cli;
pub mod engine;
pub mod error;
pub mod export;
pub mod fonts;
pub mod format;
pub mod i18n;
pub mod io;
pub mod metrics;
pub mod model;
pub mod money;
pub mod pricing;
pub mod results;
pub mod time;
pub mod tokens;
pub mod validate;

#[cfg(feature = "gui")]
pub mod app;
