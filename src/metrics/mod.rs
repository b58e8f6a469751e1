//! Investor return and risk metrics: XIRR, weighted average life and duration.
//!
//! Plain `f64` maths on dated cash flows; day count is ACT/365F throughout so the
//! figures line up with Excel's `XIRR` and with the usual Chinese ABS term sheets.

mod bond;
mod curve;
mod xirr;

pub use bond::{convexity, macaulay_duration, modified_duration, wal, year_fraction};
pub use curve::curve_yield;
pub use xirr::{xirr, xirr_sorted_fractions};
