//! Money helpers: every ledger amount is a `Decimal` rounded to the fen, half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

/// Round to 0.01 half away from zero (the `rust_decimal` default is banker's rounding).
pub fn fen(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Convert an `f64` projection amount to ledger money. Non-finite values become zero; the
/// validator rejects inputs that could produce them, so this is a last line of defence.
pub fn fen_from_f64(x: f64) -> Decimal {
    // Fast path: x × 100 rounded in f64. The product is within one rounding (≤ |x × 100| ×
    // 2⁻⁵³) of the exact value, so when it is further than twice that from a midpoint both
    // round to the same fen; near a midpoint, or for huge amounts, the exact conversion.
    let cents = x * 100.0;
    if cents.abs() < 4e15 {
        let rounded = cents.round();
        if ((cents - rounded).abs() - 0.5).abs() > cents.abs() * 2.3e-16 {
            return Decimal::new(rounded as i64, 2);
        }
    }
    Decimal::from_f64_retain(x)
        .map(fen)
        .unwrap_or(Decimal::ZERO)
}

/// Convert a rate written in a deal file (an `f64` such as 0.02) to `Decimal` through its
/// shortest decimal form, so 0.02 is exactly 0.02 in the ledger, not 0.0200000000000000004.
pub fn dec(x: f64) -> Decimal {
    use std::str::FromStr;
    if !x.is_finite() {
        return Decimal::ZERO;
    }
    Decimal::from_str(&x.to_string())
        .or_else(|_| Decimal::from_str_exact(&format!("{x:e}")))
        .ok()
        .or_else(|| Decimal::from_f64_retain(x))
        .unwrap_or(Decimal::ZERO)
}

/// `Decimal` → `f64`, the nearest double for amounts with up to 15 significant digits
/// (mantissa and power of ten are both exact, and one division rounds once); faster than
/// `ToPrimitive::to_f64`, which matters for pools of 100,000 assets.
pub fn to_f64(x: Decimal) -> f64 {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    match POW10.get(x.scale() as usize) {
        // i64 → f64 is one instruction, i128 → f64 a library call; both round the same.
        Some(p) => match i64::try_from(x.mantissa()) {
            Ok(m) => m as f64 / p,
            Err(_) => x.mantissa() as f64 / p,
        },
        None => {
            use rust_decimal::prelude::ToPrimitive;
            x.to_f64().unwrap_or(0.0)
        }
    }
}

/// An exact sum of amounts. Amounts in fen (two decimals) add as integers, which is several
/// times cheaper than `Decimal` additions over a pool of 100,000 assets; others add as
/// `Decimal`. `None` once the sum leaves `Decimal`'s range.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExactSum {
    cents: i128,
    other: Option<Decimal>,
    overflow: bool,
}

impl ExactSum {
    pub fn add(&mut self, x: Decimal) {
        match i64::try_from(x.mantissa()) {
            // i64 amounts cannot overflow the i128 before 2⁶³ of them.
            Ok(m) if x.scale() == 2 => self.cents += i128::from(m),
            _ => match self.other.unwrap_or_default().checked_add(x) {
                Some(s) => self.other = Some(s),
                None => self.overflow = true,
            },
        }
    }

    pub fn total(&self) -> Option<Decimal> {
        let cents = Decimal::try_from_i128_with_scale(self.cents, 2).ok()?;
        if self.overflow {
            return None;
        }
        cents.checked_add(self.other.unwrap_or_default())
    }
}

impl FromIterator<Decimal> for ExactSum {
    fn from_iter<I: IntoIterator<Item = Decimal>>(it: I) -> ExactSum {
        let mut s = ExactSum::default();
        it.into_iter().for_each(|x| s.add(x));
        s
    }
}

/// Accrual rounded once to the fen: `balance × rate × days / basis`.
pub fn accrue(balance: Decimal, rate: Decimal, days: i64, basis: i64) -> Decimal {
    accrue_exact(balance, rate, days, basis)
        .unwrap_or_else(|| fen(balance * rate * Decimal::from(days) / Decimal::from(basis)))
}

/// The accrual in integers, when they fit in an `i128`: the product of the mantissas over
/// `10^scale × basis`, rounded half away from zero to the fen by the remainder, with no
/// intermediate rounding (and several times faster than the `Decimal` division).
fn accrue_exact(balance: Decimal, rate: Decimal, days: i64, basis: i64) -> Option<Decimal> {
    let product = balance
        .mantissa()
        .checked_mul(rate.mantissa())?
        .checked_mul(i128::from(days))?;
    let scale = balance.scale() + rate.scale();
    // fen = product × 100 / (10^scale × basis)
    let (num, den) = match scale.checked_sub(2) {
        Some(s) => (
            product,
            10i128.checked_pow(s)?.checked_mul(i128::from(basis))?,
        ),
        None => (
            product.checked_mul(10i128.pow(2 - scale))?,
            i128::from(basis),
        ),
    };
    if den <= 0 {
        return None;
    }
    let (q, r) = (num / den, num % den);
    let q = if r.abs() >= den - r.abs() {
        q + num.signum()
    } else {
        q
    };
    Decimal::try_from_i128_with_scale(q, 2).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn rounds_half_away_from_zero() {
        // Literal results of half away from zero; banker's rounding (the `rust_decimal`
        // default) gives the second column where it differs.
        for (x, away, bankers) in [
            ("0.125", "0.13", "0.12"),
            ("-0.125", "-0.13", "-0.12"),
            ("0.135", "0.14", "0.14"),
            ("2.675", "2.68", "2.68"),
            ("2.665", "2.67", "2.66"),
            ("-2.665", "-2.67", "-2.66"),
            ("1.005", "1.01", "1.00"),
            ("0.005", "0.01", "0.00"),
            ("1.0049999", "1.00", "1.00"),
            ("7.125000001", "7.13", "7.13"),
            (
                "12345678901234.565",
                "12345678901234.57",
                "12345678901234.56",
            ),
            ("3", "3", "3"),
        ] {
            let x = Decimal::from_str(x).unwrap();
            assert_eq!(fen(x).to_string(), away, "{x}");
            assert_eq!(x.round_dp(2).to_string(), bankers, "{x}: banker's");
        }
    }

    #[test]
    fn fen_from_f64_rounds_the_exact_value() {
        let exact = |x: f64| fen(Decimal::from_f64_retain(x).unwrap());
        // Literal results: the f64 nearest each literal, rounded half away from zero.
        // 1.005 is 1.00499999999999989… in binary: down; 0.125 is exact: away from zero;
        // 2.675 is 2.67499999999999982…: down; 2.665 is 2.66500000000000003…: up;
        // 1e12 + 0.005 is 1000000000000.0050048828125: up; 123456789.015 is
        // 123456789.01500000059…: up; −0.0075 is −0.00749999999999999972…: −0.01.
        for (x, expected) in [
            (1.005, "1.00"),
            (0.125, "0.13"),
            (-0.125, "-0.13"),
            (2.675, "2.67"),
            (2.665, "2.67"),
            (1e12 + 0.005, "1000000000000.01"),
            (123_456_789.015, "123456789.02"),
            (-7.5e-3, "-0.01"),
            (0.0, "0.00"),
            (3e13, "30000000000000.00"),
            (0.1 + 0.2, "0.30"),
        ] {
            assert_eq!(fen_from_f64(x), Decimal::from_str(expected).unwrap(), "{x}");
        }
        // The fast path (× 100 in f64) against the exact conversion near many midpoints.
        let mut state = 1u64;
        for _ in 0..100_000 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            let x = (state >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((state % 14) as i32);
            let x = (x * 1000.0).round() / 1000.0 + 0.005; // many near-midpoints
            assert_eq!(fen_from_f64(x), exact(x), "{x}");
        }
        assert_eq!(fen_from_f64(f64::NAN), Decimal::ZERO);
    }

    #[test]
    fn exact_sum_adds_fen_and_other_scales() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let sum: ExactSum = ["0.10", "0.20", "1.005", "-3.00", "7", "12345678901234.56"]
            .map(d)
            .into_iter()
            .collect();
        assert_eq!(sum.total(), Some(d("12345678901239.865")));
        let huge: ExactSum = [Decimal::MAX, Decimal::MAX].into_iter().collect();
        assert_eq!(huge.total(), None);
    }

    #[test]
    fn accrual_in_integers_matches_decimal_arithmetic() {
        let mut state = 3u64;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 20) % m
        };
        for _ in 0..50_000 {
            let balance = Decimal::new(next(1_000_000_000_000) as i64, next(3) as u32 + 1);
            let rate = dec(next(200_000) as f64 / 10f64.powi(next(4) as i32 + 4));
            let (days, basis) = (next(400) as i64, [360, 365][next(2) as usize]);
            let decimal = fen(balance * rate * Decimal::from(days) / Decimal::from(basis));
            assert_eq!(accrue(balance, rate, days, basis), decimal);
            assert_eq!(accrue(-balance, rate, days, basis), -decimal);
        }
        let d = |s: &str| Decimal::from_str(s).unwrap();
        // Literal accruals: 1,000,000 × 3% × 92 / 365 = 7,561.6438… → 7,561.64;
        // 2,500,000.55 × 2.58% × 91 / 365 = 16,080.8255… → 16,080.83; 1,234.56 × 4.35% ×
        // 30 / 360 = 4.47528 → 4.48; the same negative → −4.48.
        assert_eq!(accrue(d("1000000"), d("0.03"), 92, 365), d("7561.64"));
        assert_eq!(accrue(d("2500000.55"), d("0.0258"), 91, 365), d("16080.83"));
        assert_eq!(accrue(d("1234.56"), d("0.0435"), 30, 360), d("4.48"));
        assert_eq!(accrue(d("-1234.56"), d("0.0435"), 30, 360), d("-4.48"));
        // Midpoints: 1 × 0.0365 × 5 / 365 = 0.0005 → 0.00; 73 × 0.05 × 1 / 365 = 0.01 exactly;
        // 36.5 × 0.1 × 1 / 365 = 0.01; 0.5 fen rounds away from zero.
        assert_eq!(accrue(d("1"), d("0.0365"), 5, 365), d("0.00"));
        assert_eq!(accrue(d("73"), d("0.05"), 1, 365), d("0.01"));
        assert_eq!(accrue(d("18.25"), d("0.1"), 1, 365), d("0.01")); // 0.005 → 0.01
        assert_eq!(accrue(d("-18.25"), d("0.1"), 1, 365), d("-0.01"));
        // Too large for i128: the Decimal path.
        let big = Decimal::from_str("79228162514264.337593543950335").unwrap();
        // 79,228,162,514,264.337… × 0.0312345678901234 × 92 / 365 = 623,749,267,723.9994…
        assert_eq!(
            accrue(big, d("0.0312345678901234"), 92, 365),
            d("623749267724.00")
        );
    }

    #[test]
    fn accrual_is_act_365() {
        // 1,000,000 × 2% × 92 / 365 = 5041.0958… → 5041.10
        let i = accrue(Decimal::from(1_000_000), dec(0.02), 92, 365);
        assert_eq!(i.to_string(), "5041.10");
    }

    #[test]
    fn to_f64_of_a_mantissa_beyond_i64() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        // Mantissa 2⁷⁰ = 1,180,591,620,717,411,303,424 (beyond i64::MAX ≈ 9.22e18), scale 2:
        // 2⁷⁰ is exact in f64 and one division by 100 rounds once, so the result is the double
        // nearest 11,805,916,207,174,113,034.24 (× 100 would give 1.18e23, % 100 gives 24).
        assert_eq!(
            to_f64(d("11805916207174113034.24")),
            11_805_916_207_174_113_034.24
        );
        // In the i64 range: 123,456.78 = 12,345,678 / 100.
        assert_eq!(to_f64(d("123456.78")), 123_456.78);
    }

    #[test]
    fn accrual_without_the_decimal_divisions_intermediate_rounding() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        // 96,029,056,697,999.09 × 3.123456789011% = 2,999,426,090,856.8749999999999999 exactly
        // (30 significant digits); × 1 / 365 = 8,217,605,728.3749999999999999997… → .37.
        // `Decimal` keeps 28 digits, so its product is …856.875, ÷ 365 = …728.375 → .38.
        assert_eq!(
            accrue(d("96029056697999.09"), d("0.03123456789011"), 1, 365),
            d("8217605728.37")
        );
        // Balance and rate with fewer than two decimals in all (scale 0 + 1):
        // 1,000 × 0.1 × 73 / 365 = 20 exactly (not 2,000 or 200 from a wrong power of ten).
        assert_eq!(accrue(d("1000"), d("0.1"), 73, 365), d("20.00"));
    }
}
