//! The one set of display forms, for the app, the exports and the CLI: money to the fen
//! with thousands separators, 万元 / 亿元, percentages, dates. (Entry parsers live with the
//! app's fields, `app::format`.)

use crate::i18n::{Lang, Term};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The exact decimal text of a ledger amount, with at least two decimals and no rounding
/// (CSV and JSON, which a reader checks to the last digit): `1000` → `"1000.00"`,
/// `1.234` → `"1.234"`.
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

/// An amount to the fen (half away from zero, as the ledger rounds) with separators:
/// `390000000` → `"390,000,000.00"`.
pub fn money(d: Decimal) -> String {
    let mut x = crate::money::fen(d);
    x.rescale(2);
    group_thousands(&x.to_string())
}

/// An amount in 万元, to the hundredth: `127000000` → `"12,700.00"`.
pub fn wan(d: Decimal) -> String {
    money(d / Decimal::from(10_000))
}

/// An amount with its unit: in 亿元 from 1 亿 up, else in 万元 (`"30.00 亿元"`,
/// `"500.00 万元"`).
pub fn amount(lang: Lang, d: Decimal) -> String {
    let yi = Decimal::from(100_000_000);
    if d.abs() >= yi {
        format!("{} {}", money(d / yi), lang.term(Term::UnitYi))
    } else {
        format!("{} {}", wan(d), lang.term(Term::UnitWan))
    }
}

/// An `f64` with `dp` decimals and separators (chart ticks and read-outs, display only).
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

/// A rate as a percentage: `0.0258` → `"2.58%"` with `dp` decimals; not a number → `"—"`.
pub fn pct(x: f64, dp: usize) -> String {
    if x.is_finite() {
        format!("{:.dp$}%", x * 100.0)
    } else {
        "—".into()
    }
}

/// [`pct`], `None` → `"—"`.
pub fn opt_pct(x: Option<f64>, dp: usize) -> String {
    x.map_or_else(|| "—".into(), |x| pct(x, dp))
}

/// Years with two decimals (WAL, duration), `None` → `"—"`.
pub fn opt_years(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |x| format!("{x:.2}"))
}

/// `2025-04-18`.
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
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
        lang.term(match self {
            MoneyUnit::Wan => Term::UnitWan,
            MoneyUnit::Yi => Term::UnitYi,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_to_the_fen_with_separators() {
        assert_eq!(money(Decimal::from(250_000_000)), "250,000,000.00");
        assert_eq!(money(d("-1234.5")), "-1,234.50");
        assert_eq!(money(d("999.999")), "1,000.00");
        // Half away from zero at the fen (banker's rounding would give 2.34 and -0.02).
        assert_eq!(money(d("2.345")), "2.35");
        assert_eq!(money(d("-0.025")), "-0.03");
        assert_eq!(money(d("2.3449")), "2.34");
        assert_eq!(money(Decimal::ZERO), "0.00");
    }

    #[test]
    fn exact_keeps_every_digit() {
        assert_eq!(exact(d("1000")), "1000.00");
        assert_eq!(exact(d("0.5")), "0.50");
        assert_eq!(exact(d("-12.34")), "-12.34");
        assert_eq!(exact(d("1.2345")), "1.2345");
    }

    #[test]
    fn wan_and_yi() {
        // 127,000,000 / 10,000 = 12,700 万元.
        assert_eq!(wan(Decimal::from(127_000_000)), "12,700.00");
        // 12,345 / 10,000 = 1.2345 → 1.23 (the 4 is below the half).
        assert_eq!(wan(Decimal::from(12_345)), "1.23");
        // 1.7e9 / 1e8 = 17 亿元; 5e6 / 1e4 = 500 万元; 1e8 is the first amount in 亿.
        assert_eq!(amount(Lang::Zh, Decimal::from(1_700_000_000)), "17.00 亿元");
        assert_eq!(
            amount(Lang::En, Decimal::from(1_700_000_000)),
            "17.00 CNY 100m"
        );
        assert_eq!(amount(Lang::Zh, Decimal::from(5_000_000)), "500.00 万元");
        assert_eq!(amount(Lang::Zh, Decimal::from(100_000_000)), "1.00 亿元");
        assert_eq!(amount(Lang::Zh, Decimal::from(-250_000_000)), "-2.50 亿元");
        assert_eq!(MoneyUnit::for_max(9.9e7), MoneyUnit::Wan);
        assert_eq!(MoneyUnit::for_max(4.1e8), MoneyUnit::Yi);
        assert_eq!(MoneyUnit::Yi.label(Lang::Zh), "亿元");
    }

    #[test]
    fn numbers_percentages_and_dates() {
        assert_eq!(number(-0.0001, 2), "0.00");
        assert_eq!(number(12345.678, 1), "12,345.7");
        assert_eq!(pct(0.0258, 2), "2.58%");
        assert_eq!(pct(-0.05, 0), "-5%");
        assert_eq!(pct(f64::NAN, 2), "—");
        assert_eq!(opt_pct(None, 2), "—");
        assert_eq!(opt_years(Some(2.456)), "2.46");
        let day = NaiveDate::from_ymd_opt(2025, 4, 18).unwrap();
        assert_eq!(date(day), "2025-04-18");
    }
}
