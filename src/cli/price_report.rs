//! `tranche-studio price`: a tranche priced at settlement, as a table or JSON.

use super::{Format, load_and_run};
use crate::i18n::{Lang, Term};
use crate::pricing::{Pricing, Quote, price as price_security};
use chrono::NaiveDate;
use std::fmt::Write;
use std::path::Path;

pub(super) fn price(
    path: &Path,
    security: &str,
    settle: Option<NaiveDate>,
    quote: Quote,
    scenario: Option<&str>,
    format: Format,
    lang: Lang,
) -> i32 {
    let Some((session, results)) = load_and_run(path, scenario, lang) else {
        return 1;
    };
    let deal = session.deal();
    let Some(settle) = settle.or(deal.pricing.as_ref().and_then(|p| p.settlement_date)) else {
        let english = "no settlement date: give --settle or set pricing.settlement_date";
        eprintln!("{}", super::failure(lang, path, english));
        return 1;
    };
    let priced = match price_security(deal, &results, security, settle, quote) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    match format {
        Format::Json => match serde_json::to_string_pretty(&priced) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("cannot write JSON: {e}");
                return 1;
            }
        },
        Format::Table => print!("{}", table(&priced, lang)),
    }
    0
}

fn opt(x: Option<f64>, scale: f64, dp: usize) -> String {
    x.map_or("-".into(), |v| format!("{:.dp$}", v * scale))
}

/// The plain-text quote in `lang`: the figures, then the flows priced; labels are the
/// shared vocabulary (`Term`).
fn table(p: &Pricing, lang: Lang) -> String {
    let t = |term| lang.term(term);
    let mut s = String::new();
    let trade = p.trade_date.map_or(String::new(), |d| match lang {
        Lang::Zh => format!("（{} {d}）", t(Term::TradeDate)),
        Lang::En => format!(" ({} {d})", t(Term::TradeDate)),
    });
    let _ = writeln!(
        s,
        "{} — {} — {} {} — {} {}{trade}",
        p.deal,
        p.security,
        t(Term::Scenario),
        p.scenario,
        t(Term::SettlementDate),
        p.settlement_date,
    );
    let money = crate::format::money(p.accrued_interest);
    let (days, start, per_100) = (p.accrued_days, p.accrual_start, p.accrued_per_100);
    let accrued = match lang {
        Lang::Zh => format!("{money}（自 {start} 起计息 {days} 天；每百元 {per_100:.6}）"),
        Lang::En => format!("{money} ({days} days from {start}; {per_100:.6} per 100)"),
    };
    let rows = [
        (Term::Outstanding, crate::format::money(p.outstanding)),
        (Term::AccruedInterest, accrued),
        (Term::CleanPrice, format!("{:.6}", p.clean_price)),
        (Term::DirtyPrice, format!("{:.6}", p.dirty_price)),
        (
            Term::SettlementAmount,
            crate::format::number(p.settlement_amount, 2),
        ),
        (Term::Yield, crate::format::pct(p.yield_, 6)),
        (Term::CdbAtWal, crate::format::opt_pct(p.curve_yield, 4)),
        (Term::SpreadBp, opt(p.spread, 10_000.0, 2)),
        (Term::Wal, opt(p.wal, 1.0, 4)),
        (Term::MacaulayDuration, opt(p.macaulay_duration, 1.0, 4)),
        (Term::ModifiedDuration, opt(p.modified_duration, 1.0, 4)),
        (Term::Convexity, opt(p.convexity, 1.0, 4)),
    ]
    .map(|(k, v)| vec![t(k).to_string(), v]);
    s.push_str(&super::columns(&rows, 2));
    let mut flows = vec![
        [
            Term::Date,
            Term::Interest,
            Term::Principal,
            Term::Residual,
            Term::PresentValue,
        ]
        .map(|k| t(k).to_string())
        .to_vec(),
    ];
    for f in &p.flows {
        flows.push(vec![
            f.date.to_string(),
            crate::format::money(f.interest),
            crate::format::money(f.principal),
            crate::format::money(f.residual),
            crate::format::number(f.present_value, 2),
        ]);
    }
    s.push('\n');
    s.push_str(&super::columns(&flows, 1));
    s
}
