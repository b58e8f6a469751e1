//! Checks of the token terms (`tokens`) and the scenarios' exchange-rate paths.

use super::Checker;
use crate::model::{Deal, Strip, TokenSecurity};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashSet as HashSet;

/// The most units of one token (10^12: a fen per unit stays exact below 1e15 CNY).
pub const MAX_UNITS: u64 = 1_000_000_000_000;

/// The highest exchange rate accepted, CNY per unit of the currency.
const MAX_RATE: i64 = 1_000_000;

pub(super) fn tokens(c: &mut Checker, deal: &Deal) {
    for (i, s) in deal.scenarios.iter().enumerate() {
        for (j, r) in s.fx_rates.iter().enumerate() {
            rate(c, format!("scenarios[{i}].fx_rates[{j}]"), *r);
        }
        let offshore = deal.tokens.as_ref().is_some_and(|t| t.offshore.is_some());
        if !s.fx_rates.is_empty() && !offshore {
            c.error(
                format!("scenarios[{i}].fx_rates"),
                "exchange rates need tokens.offshore (the currency they convert to)",
            );
        }
    }
    let Some(t) = &deal.tokens else {
        return;
    };
    let known: Vec<&str> = match deal.holding {
        Some(_) => vec!["market", "originator", "expansion"],
        None => deal.tranches.iter().map(|t| t.id.as_str()).collect(),
    };
    let mut seen = HashSet::default();
    for (i, s) in t.securities.iter().enumerate() {
        let p = format!("tokens.securities[{i}]");
        if !known.contains(&s.security.as_str()) {
            c.error(
                format!("{p}.security"),
                format!("no security {:?} in the deal", s.security),
            );
        } else if !seen.insert(s.security.as_str()) {
            c.error(
                format!("{p}.security"),
                format!("{:?} has token terms twice", s.security),
            );
        }
        if let Some(u) = s.units {
            units(c, format!("{p}.units"), u);
        }
        if s.record_days > 31 {
            c.error(format!("{p}.record_days"), "must be from 0 to 31");
        }
        strips(c, &p, s);
    }
    if let Some(o) = &t.offshore {
        let code_ok = o.currency.len() == 3 && o.currency.chars().all(|ch| ch.is_ascii_uppercase());
        if !code_ok {
            c.error(
                "tokens.offshore.currency",
                format!("{:?} is not a three-letter ISO 4217 code", o.currency),
            );
        } else if o.currency == deal.currency {
            c.error(
                "tokens.offshore.currency",
                "must differ from the deal's currency",
            );
        }
        if o.decimals > 4 {
            c.error("tokens.offshore.decimals", "must be from 0 to 4");
        }
        rate(c, "tokens.offshore.rate".into(), o.rate);
    }
}

fn units(c: &mut Checker, path: String, u: u64) {
    if u == 0 || u > MAX_UNITS {
        c.error(path, format!("{u} is outside [1, {MAX_UNITS}]"));
    }
}

fn rate(c: &mut Checker, path: String, r: Decimal) {
    if r <= Decimal::ZERO || r > Decimal::from(MAX_RATE) {
        c.error(path, format!("{r} is outside (0, {MAX_RATE}]"));
    }
}

/// A window's end: before every date, a date, after every date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Bound {
    Start,
    On(NaiveDate),
    End,
}

fn strips(c: &mut Checker, p: &str, s: &TokenSecurity) {
    c.unique(
        "strip",
        s.strips.iter().enumerate().map(|(k, x)| (k, x.id.as_str())),
        |k| format!("{p}.strips[{k}].id"),
    );
    for (k, x) in s.strips.iter().enumerate() {
        units(c, format!("{p}.strips[{k}].units"), x.units);
        if let Some(price) = x.price {
            c.money(format!("{p}.strips[{k}].price"), price);
        }
        if let (Some(f), Some(t)) = (x.from, x.to)
            && f >= t
        {
            c.error(format!("{p}.strips[{k}].to"), "must be after from");
            return;
        }
    }
    if s.strips.is_empty() {
        return;
    }
    // Each date's interest and principal must fall in exactly one strip.
    for (what, income) in [("interest", true), ("principal", false)] {
        let mut w: Vec<(Bound, Bound, usize)> = s
            .strips
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                let (i, pr) = x.part.takes();
                if income { i } else { pr }
            })
            .map(|(k, x): (usize, &Strip)| {
                (
                    x.from.map_or(Bound::Start, Bound::On),
                    x.to.map_or(Bound::End, Bound::On),
                    k,
                )
            })
            .collect();
        w.sort();
        let mut next = Bound::Start;
        for (from, to, k) in w {
            if from > next {
                c.error(
                    format!("{p}.strips"),
                    format!("the {what} of dates {} is in no strip", span(next, from)),
                );
            } else if from < next {
                c.error(
                    format!("{p}.strips[{k}].from"),
                    format!("the {what} of this window is already in another strip"),
                );
            }
            next = next.max(to);
        }
        if next != Bound::End {
            c.error(
                format!("{p}.strips"),
                format!(
                    "the {what} of dates {} is in no strip",
                    span(next, Bound::End)
                ),
            );
        }
    }
}

fn span(from: Bound, to: Bound) -> String {
    match (from, to) {
        (Bound::On(f), Bound::On(t)) => format!("after {f} up to {t}"),
        (Bound::On(f), _) => format!("after {f}"),
        (_, Bound::On(t)) => format!("up to {t}"),
        _ => "at any date".into(),
    }
}
