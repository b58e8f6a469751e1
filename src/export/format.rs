//! Text forms shared by the exports: exact money, thousands separators, 万元 / 亿元, percent.

use super::Lang;
use rust_decimal::Decimal;

/// The exact decimal text of a ledger amount, with at least two decimals and no rounding:
/// `1000` → `"1000.00"`, `0.5` → `"0.50"`, `1.234` → `"1.234"`.
pub fn exact(d: Decimal) -> String {
    if d.scale() < 2 {
        let mut x = d;
        x.rescale(2); // only pads with zeros: exact
        x.to_string()
    } else {
        d.to_string()
    }
}

/// `"-1234567.50"` → `"-1,234,567.50"`.
pub fn group_thousands(s: &str) -> String {
    let (sign, digits) = s.strip_prefix('-').map_or(("", s), |d| ("-", d));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A ledger amount with separators and its exact decimals: `"390,000,000.00"`.
pub fn money(d: Decimal) -> String {
    group_thousands(&exact(d))
}

/// An `f64` with `dp` decimals and separators (chart ticks, display only).
pub fn number(x: f64, dp: usize) -> String {
    let s = format!("{x:.dp$}");
    // "-0.00" reads badly on an axis.
    let s = if s
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    };
    group_thousands(&s)
}

/// `0.0258` → `"2.58%"`; `None` → `"—"`.
pub fn pct(x: Option<f64>, dp: usize) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{:.dp$}%", v * 100.0),
        _ => "—".into(),
    }
}

/// The unit of money on a chart axis: 万元 below 1 亿元, 亿元 from there on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Wan,
    Yi,
}

impl MoneyUnit {
    /// The unit for a chart whose largest absolute amount (CNY) is `max`.
    pub fn for_max(max: f64) -> MoneyUnit {
        if max.abs() >= 1e8 {
            MoneyUnit::Yi
        } else {
            MoneyUnit::Wan
        }
    }

    pub fn divisor(self) -> f64 {
        match self {
            MoneyUnit::Wan => 1e4,
            MoneyUnit::Yi => 1e8,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MoneyUnit::Wan, Lang::Zh) => "万元",
            (MoneyUnit::Yi, Lang::Zh) => "亿元",
            (MoneyUnit::Wan, Lang::En) => "CNY 10k",
            (MoneyUnit::Yi, Lang::En) => "CNY 100m",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn exact_keeps_every_digit() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(exact(d("1000")), "1000.00");
        assert_eq!(exact(d("0.5")), "0.50");
        assert_eq!(exact(d("-12.34")), "-12.34");
        assert_eq!(exact(d("1.2345")), "1.2345");
        assert_eq!(money(d("390000000.00")), "390,000,000.00");
        assert_eq!(number(-0.0001, 2), "0.00");
        assert_eq!(number(12345.678, 1), "12,345.7");
    }

    #[test]
    fn unit_by_magnitude() {
        assert_eq!(MoneyUnit::for_max(9.9e7), MoneyUnit::Wan);
        assert_eq!(MoneyUnit::for_max(4.1e8), MoneyUnit::Yi);
    }
}
