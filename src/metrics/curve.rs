//! The CDB (国开债) yield curve: key tenors and yields, read by linear interpolation. One curve
//! type serves the holding-type NAV and the spread of a priced security.

/// Linear interpolation on the CDB key-tenor curve, flat beyond its ends.
pub fn curve_yield(curve: &[(f64, f64)], tenor: f64) -> f64 {
    let Some(first) = curve.first() else {
        return 0.0;
    };
    if tenor <= first.0 {
        return first.1;
    }
    for w in curve.windows(2) {
        let ((t0, y0), (t1, y1)) = (w[0], w[1]);
        if tenor <= t1 {
            return if t1 > t0 {
                y0 + (y1 - y0) * (tenor - t0) / (t1 - t0)
            } else {
                y1
            };
        }
    }
    curve.last().map_or(0.0, |c| c.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_is_linear_between_tenors_and_flat_beyond() {
        let c = [(1.0, 0.02), (5.0, 0.03)];
        assert_eq!(curve_yield(&c, 0.5), 0.02);
        assert!((curve_yield(&c, 3.0) - 0.025).abs() < 1e-15);
        assert_eq!(curve_yield(&c, 10.0), 0.03);
    }
}
