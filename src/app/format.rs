//! Entry formats of the app's fields: amounts as typed (separators, 万 / 亿), rates in %,
//! dates, lists. Parsers return an i18n key on failure so the message next to the field
//! follows the UI language. The display forms are the crate's one set ([`crate::format`]),
//! re-exported here for the panels.

use super::i18n::S;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

pub use crate::format::{
    MoneyUnit as Unit, amount, date, group_thousands, money, opt_pct, opt_years, pct, wan,
};

/// Parse an amount as typed: separators and spaces are ignored, `万` / `亿` scale it, and a
/// trailing `元` is allowed. `"1.27亿"` → 127000000.
pub fn parse_money(s: &str) -> Result<Decimal, S> {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '_' | ' ' | '\u{3000}'))
        .collect();
    let cleaned = cleaned.strip_suffix('元').unwrap_or(&cleaned);
    let (number, scale) = if let Some(n) = cleaned.strip_suffix('亿') {
        (n, Decimal::from(100_000_000))
    } else if let Some(n) = cleaned.strip_suffix('万') {
        (n, Decimal::from(10_000))
    } else {
        (cleaned, Decimal::ONE)
    };
    let value = Decimal::from_str(number).map_err(|_| S::ErrAmount)?;
    let mut v = value.checked_mul(scale).ok_or(S::ErrAmount)?.round_dp(2);
    // Money is kept to the fen, as the deal files write it ("120000000.00").
    if v.abs() < Decimal::from(1_000_000_000_000_000_i64) {
        v.rescale(2);
    }
    Ok(v)
}

/// Parse a percentage typed with or without `%`: `"2.5"` and `"2.5%"` → 0.025. The result
/// is the double nearest the typed decimal over 100 (`2.95` → 0.0295, where `2.95 / 100.0`
/// would be 0.029500000000000002), so a rate typed in is exactly the rate the ledger uses;
/// forms `Decimal` does not read (`1e-3`) go through `f64`.
pub fn parse_pct(s: &str) -> Option<f64> {
    let t = s.trim().trim_end_matches(['%', '％']).trim();
    Decimal::from_str(t)
        .ok()
        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
        .and_then(|x| f64::from_str(&x.normalize().to_string()).ok())
        .or_else(|| {
            f64::from_str(t)
                .ok()
                .filter(|x| x.is_finite())
                .map(|x| x / 100.0)
        })
}

/// Parse a comma-separated list of percentages (a CDR/CPR vector): `"1, 2, 3"` → [0.01, 0.02, 0.03].
pub fn parse_pct_list(s: &str) -> Result<Vec<f64>, S> {
    let parts: Vec<&str> = s
        .split([',', '，', ';', ' '])
        .filter(|p| !p.trim().is_empty())
        .collect();
    if parts.is_empty() {
        return Err(S::ErrEmpty);
    }
    parts
        .into_iter()
        .map(|p| parse_pct(p).ok_or(S::ErrNumbers))
        .collect()
}

pub fn pct_list(v: &[f64]) -> String {
    v.iter()
        .map(|x| format!("{}", round_sig(x * 100.0)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parse a comma-separated list of amounts (a fixed amortisation schedule).
pub fn parse_money_list(s: &str) -> Result<Vec<Decimal>, S> {
    let parts: Vec<&str> = s
        .split([';', '；', '\n'])
        .flat_map(|p| p.split(", "))
        .filter(|p| !p.trim().is_empty())
        .collect();
    if parts.is_empty() {
        return Err(S::ErrEmpty);
    }
    parts.into_iter().map(parse_money).collect()
}

/// Parse 1-based period numbers: `"4, 8 12"` → `[4, 8, 12]`; empty text is an empty list.
pub fn parse_periods(s: &str) -> Result<Vec<u32>, S> {
    s.split([',', '，', ';', '；', ' '])
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.trim().parse::<u32>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(S::ErrNumbers),
        })
        .collect()
}

pub fn money_list(v: &[Decimal]) -> String {
    v.iter().map(|x| money(*x)).collect::<Vec<_>>().join("; ")
}

/// Drop float noise such as 2.0000000000000004 when showing a stored rate.
fn round_sig(x: f64) -> f64 {
    (x * 1e8).round() / 1e8
}

/// Parse `2025-04-18`, `2025/4/18`, `2025.04.18` or `20250418`.
pub fn parse_date(s: &str) -> Result<NaiveDate, S> {
    let t = s.trim();
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").map_err(|_| S::ErrDate);
    }
    let unified: String = t
        .chars()
        .map(|c| if matches!(c, '/' | '.') { '-' } else { c })
        .collect();
    NaiveDate::parse_from_str(&unified, "%Y-%m-%d").map_err(|_| S::ErrDate)
}

/// A rate path's levels: `"2025-12-22 3.0; 2026-09-21 2.95"` (percent) → dated rates.
pub fn parse_rate_levels(s: &str) -> Result<Vec<(NaiveDate, f64)>, S> {
    s.split([';', '；', '\n'])
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let mut parts = p.split_whitespace();
            match (parts.next(), parts.next(), parts.next()) {
                (Some(d), Some(r), None) => Ok((parse_date(d)?, exact_pct(r)?)),
                _ => Err(S::ErrRateLevels),
            }
        })
        .collect()
}

fn exact_pct(s: &str) -> Result<f64, S> {
    parse_pct(s).ok_or(S::ErrRateLevels)
}

pub fn rate_levels(v: &[(NaiveDate, f64)]) -> String {
    v.iter()
        .map(|(d, r)| format!("{} {}", date(*d), round_sig(r * 100.0)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Rating events: `"2026-11-15 中原信用增进 AA; …"`; the provider is everything between the
/// date and the last word (it may hold spaces). Empty text is no event.
pub fn parse_rating_events(s: &str) -> Result<Vec<crate::model::RatingEvent>, S> {
    s.split([';', '；', '\n'])
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let words: Vec<&str> = p.split_whitespace().collect();
            if words.len() < 3 {
                return Err(S::ErrRatingEvents);
            }
            Ok(crate::model::RatingEvent {
                date: parse_date(words[0])?,
                party: words[1..words.len() - 1].join(" "),
                rating: words[words.len() - 1].to_string(),
            })
        })
        .collect()
}

pub fn rating_events(v: &[crate::model::RatingEvent]) -> String {
    v.iter()
        .map(|e| format!("{} {} {}", date(e.date), e.party, e.rating))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An optional percentage: empty text is none.
pub fn parse_opt_pct(s: &str) -> Result<Option<f64>, S> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_pct(s).map(Some).ok_or(S::ErrNumber)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_round_trips() {
        let d = Decimal::from_str("127000000.5").unwrap();
        assert_eq!(money(d), "127,000,000.50");
        assert_eq!(parse_money(&money(d)).unwrap(), d);
    }

    #[test]
    fn chinese_units() {
        assert_eq!(parse_money("1.27亿").unwrap().to_string(), "127000000.00");
        assert_eq!(parse_money("500万元").unwrap(), Decimal::from(5_000_000));
        assert_eq!(parse_money("12，000").unwrap(), Decimal::from(12_000));
        assert!(parse_money("abc").is_err());
        assert!(parse_money("").is_err());
    }

    #[test]
    fn percentages_and_dates() {
        assert_eq!(parse_pct("2.5%"), Some(0.025));
        // The double nearest 0.0295, not 2.95 / 100.0 = 0.029500000000000002.
        assert_eq!(parse_pct("2.95"), Some(0.0295));
        assert_eq!(parse_pct("0.45％"), Some(0.0045));
        assert_eq!(parse_pct("1e-1"), Some(0.001));
        assert_eq!(parse_pct("x"), None);
        assert_eq!(parse_pct_list("1, 2，3").unwrap(), vec![0.01, 0.02, 0.03]);
        assert_eq!(pct_list(&[0.01, 0.025]), "1, 2.5");
        assert_eq!(parse_date("2025/4/18").unwrap().to_string(), "2025-04-18");
        assert_eq!(parse_date("20250418").unwrap().to_string(), "2025-04-18");
        assert!(parse_date("2025-02-30").is_err());
    }

    #[test]
    fn period_lists() {
        assert_eq!(parse_periods("4, 8，12 16").unwrap(), vec![4, 8, 12, 16]);
        assert_eq!(parse_periods(" ").unwrap(), Vec::<u32>::new());
        assert!(parse_periods("0").is_err());
        assert!(parse_periods("3.5").is_err());
    }

    #[test]
    fn rate_levels_and_rating_events_read_back_what_they_show() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let levels = parse_rate_levels("2025-12-22 3.0; 2026-09-21 2.95%").unwrap();
        assert_eq!(levels, [(d("2025-12-22"), 0.03), (d("2026-09-21"), 0.0295)]);
        assert_eq!(rate_levels(&levels), "2025-12-22 3; 2026-09-21 2.95");
        assert_eq!(parse_rate_levels("2025-12-22"), Err(S::ErrRateLevels));
        // A provider's name may hold spaces: it is everything between the date and the rating.
        let events =
            parse_rating_events("2026-11-15 Zhongyuan Credit AA；2027-01-01 中原信用增进 A+")
                .unwrap();
        assert_eq!(events[0].party, "Zhongyuan Credit");
        assert_eq!(events[1].rating, "A+");
        assert_eq!(
            parse_rating_events(&rating_events(&events)).unwrap(),
            events
        );
        assert_eq!(
            parse_rating_events("2026-11-15 AA"),
            Err(S::ErrRatingEvents)
        );
        assert_eq!(parse_rating_events(" ").unwrap(), []);
    }
}
