//! Stage 4b, valuation: the NAV per unit after each date (份额净值), and the
//! spread that makes the NAV at issue equal the issue price.

use crate::metrics::curve_yield;
use chrono::NaiveDate;

/// Present value on `d0` of `flows` after `d0`, at `CDB(T) + spread`, `T` = years from `d0`
/// to `end`, annual compounding on days / 365.
pub fn present_value(
    curve: &[(f64, f64)],
    spread: f64,
    d0: NaiveDate,
    end: NaiveDate,
    flows: &[(NaiveDate, f64)],
) -> f64 {
    let tenor = (end - d0).num_days() as f64 / 365.0;
    let y = curve_yield(curve, tenor) + spread;
    flows
        .iter()
        .filter(|(d, _)| *d > d0)
        .map(|(d, x)| x / (1.0 + y).powf((*d - d0).num_days() as f64 / 365.0))
        .sum()
}

/// The spread at which the present value at issue of `flows` equals `price`, by bisection to
/// 1e-10 on [−(lowest curve yield) + 1e-6, 1]; none when no spread in the range gets there.
pub fn solve_spread(
    curve: &[(f64, f64)],
    d0: NaiveDate,
    end: NaiveDate,
    flows: &[(NaiveDate, f64)],
    price: f64,
) -> Option<f64> {
    let min_y = curve.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
    let (mut lo, mut hi) = (-min_y.min(0.99) + 1e-6, 1.0);
    let f = |s: f64| present_value(curve, s, d0, end, flows) - price;
    if price.is_nan() || price <= 0.0 || f(lo) < 0.0 || f(hi) > 0.0 {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-10 {
            break;
        }
    }
    Some(0.5 * (lo + hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn present_value_reads_the_curve_at_the_remaining_tenor() {
        // End two years (730 days) out: the curve (1y 2%, 3y 4%) gives 3% at the 2-year tenor;
        // 105 in 365 days is worth 105 / 1.03 = 101.941747…; at a spread of 1%, 105 / 1.04.
        let c = [(1.0, 0.02), (3.0, 0.04)];
        // Flows on or before the valuation date are not counted.
        let flows = [
            (date("2026-01-01"), 105.0),
            (date("2025-01-01"), 1e9),
            (date("2024-06-30"), 1e9),
        ];
        let pv = |s| present_value(&c, s, date("2025-01-01"), date("2027-01-01"), &flows);
        assert!((pv(0.0) - 105.0 / 1.03).abs() < 1e-9, "{}", pv(0.0));
        assert!((pv(0.01) - 105.0 / 1.04).abs() < 1e-9, "{}", pv(0.01));
    }

    #[test]
    fn spread_prices_one_flow_at_par() {
        // 105 in exactly one year (365 days) against a price of 100: yield 5%; the curve
        // gives 2% at a 1-year tenor, so the spread is 3%.
        let flows = [(date("2026-01-01"), 105.0)];
        let s = solve_spread(
            &[(1.0, 0.02)],
            date("2025-01-01"),
            date("2026-01-01"),
            &flows,
            100.0,
        )
        .unwrap();
        assert!((s - 0.03).abs() < 1e-9, "{s}");
        // No spread up to 100% brings 105 below 50.
        assert_eq!(
            solve_spread(
                &[(1.0, 0.02)],
                date("2025-01-01"),
                date("2026-01-01"),
                &flows,
                50.0
            ),
            None
        );
    }
}
