//! Money helpers: every ledger amount is a `Decimal` rounded to the fen, half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

/// Round to 0.01 half away from zero (the `rust_decimal` default is banker's rounding).
pub fn fen(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Convert an `f64` projection amount to ledger money. Non-finite values become zero; the
/// validator rejects inputs that could produce them, so this is a last line of defence.
pub fn fen_from_f64(x: f64) -> Decimal {
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
        Some(p) => x.mantissa() as f64 / p,
        None => {
            use rust_decimal::prelude::ToPrimitive;
            x.to_f64().unwrap_or(0.0)
        }
    }
}

/// Accrual rounded once to the fen: `balance × rate × days / basis`.
pub fn accrue(balance: Decimal, rate: Decimal, days: i64, basis: i64) -> Decimal {
    fen(balance * rate * Decimal::from(days) / Decimal::from(basis))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(fen(Decimal::from_str("0.125").unwrap()).to_string(), "0.13");
        assert_eq!(
            fen(Decimal::from_str("-0.125").unwrap()).to_string(),
            "-0.13"
        );
        assert_eq!(fen(Decimal::from_str("0.135").unwrap()).to_string(), "0.14");
    }

    #[test]
    fn accrual_is_act_365() {
        // 1,000,000 × 2% × 92 / 365 = 5041.0958… → 5041.10
        let i = accrue(Decimal::from(1_000_000), dec(0.02), 92, 365);
        assert_eq!(i.to_string(), "5041.10");
    }
}
