//! Weighted average life and duration on ACT/365F year fractions from settlement,
//! the conventions used on ABS term sheets (and consistent with [`xirr`](super::xirr())).

use chrono::NaiveDate;

/// ACT/365F year fraction: actual days / 365, negative if `to` is before `from`.
/// Fixed 365 (not 365.25 or ACT/ACT) so it matches XIRR's exponent exactly.
pub fn year_fraction(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64 / 365.0
}

/// Weighted average life in years: `Σ t_k · P_k / Σ P_k`, `t_k` from `settle`.
///
/// Only principal counts (interest does not shorten a note's life). `None` when
/// the total principal is not positive or any amount is not finite.
pub fn wal(settle: NaiveDate, principal: &[(NaiveDate, f64)]) -> Option<f64> {
    let (mut weighted, mut total) = (0.0, 0.0);
    for &(d, p) in principal {
        weighted += year_fraction(settle, d) * p;
        total += p;
    }
    let wal = weighted / total;
    (total > 0.0 && total.is_finite() && wal.is_finite()).then_some(wal)
}

/// Macaulay duration in years at annual-compounded yield `yield_`: the
/// PV-weighted average time of the investor's receipts (exclude the purchase).
///
/// `None` when `yield_ ≤ -1` or not finite, or when the PV of the receipts is
/// not positive (the weights would be meaningless).
pub fn macaulay_duration(
    settle: NaiveDate,
    receipts: &[(NaiveDate, f64)],
    yield_: f64,
) -> Option<f64> {
    if !(yield_ > -1.0 && yield_.is_finite()) {
        return None;
    }
    let ln1p = yield_.ln_1p();
    let (mut tpv, mut pv) = (0.0, 0.0);
    for &(d, cf) in receipts {
        let t = year_fraction(settle, d);
        let v = cf * (-t * ln1p).exp();
        tpv += t * v;
        pv += v;
    }
    let d = tpv / pv;
    (pv > 0.0 && pv.is_finite() && d.is_finite()).then_some(d)
}

/// Modified duration, `Macaulay / (1 + y)`: the relative price change per unit
/// of yield, `-(dP/dy) / P`, under annual compounding.
pub fn modified_duration(
    settle: NaiveDate,
    receipts: &[(NaiveDate, f64)],
    yield_: f64,
) -> Option<f64> {
    macaulay_duration(settle, receipts, yield_).map(|d| d / (1.0 + yield_))
}

/// Convexity in years² at annual-compounded yield `yield_`:
/// `Σ CF_k · t_k (t_k + 1) / (1 + y)^(t_k + 2) / P`, the second derivative of the price in
/// `y` over the price, so `ΔP / P ≈ −D_mod · Δy + ½ · C · Δy²`. `None` as for Macaulay.
pub fn convexity(settle: NaiveDate, receipts: &[(NaiveDate, f64)], yield_: f64) -> Option<f64> {
    if !(yield_ > -1.0 && yield_.is_finite()) {
        return None;
    }
    let ln1p = yield_.ln_1p();
    let (mut c, mut pv) = (0.0, 0.0);
    for &(d, cf) in receipts {
        let t = year_fraction(settle, d);
        let v = cf * (-t * ln1p).exp();
        c += v * t * (t + 1.0);
        pv += v;
    }
    let conv = c / ((1.0 + yield_) * (1.0 + yield_) * pv);
    (pv > 0.0 && pv.is_finite() && conv.is_finite()).then_some(conv)
}
