//! `tranche-studio price`: a tranche priced at settlement, as a table or JSON.

use super::{Format, load_and_run};
use crate::i18n::Lang;
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
        eprintln!(
            "{}: no settlement date: give --settle or set pricing.settlement_date",
            path.display()
        );
        return 1;
    };
    let priced = match price_security(deal, &results, security, settle, quote) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
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
        Format::Table => print!("{}", table(&priced)),
    }
    0
}

fn opt(x: Option<f64>, scale: f64, dp: usize) -> String {
    x.map_or("-".into(), |v| format!("{:.dp$}", v * scale))
}

/// The plain-text quote: the figures, then the flows priced.
fn table(p: &Pricing) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} — scenario {} — settlement {}{}",
        p.deal,
        p.security,
        p.scenario,
        p.settlement_date,
        p.trade_date
            .map_or(String::new(), |t| format!(" (trade {t})"))
    );
    let rows = [
        ("outstanding", crate::format::money(p.outstanding)),
        (
            "accrued",
            format!(
                "{} ({} days from {}; {:.6} per 100)",
                crate::format::money(p.accrued_interest),
                p.accrued_days,
                p.accrual_start,
                p.accrued_per_100
            ),
        ),
        ("clean price", format!("{:.6}", p.clean_price)),
        ("dirty price", format!("{:.6}", p.dirty_price)),
        ("amount", crate::format::number(p.settlement_amount, 2)),
        ("yield %", format!("{:.6}", p.yield_ * 100.0)),
        ("CDB at WAL %", opt(p.curve_yield, 100.0, 4)),
        ("spread bp", opt(p.spread, 10_000.0, 2)),
        ("WAL", opt(p.wal, 1.0, 4)),
        ("Macaulay", opt(p.macaulay_duration, 1.0, 4)),
        ("modified", opt(p.modified_duration, 1.0, 4)),
        ("convexity", opt(p.convexity, 1.0, 4)),
    ];
    for (k, v) in rows {
        let _ = writeln!(s, "{k:<14} {v}");
    }
    let _ = writeln!(
        s,
        "\n{:<10} {:>15} {:>15} {:>15} {:>15}",
        "date", "interest", "principal", "residual", "PV"
    );
    for f in &p.flows {
        let _ = writeln!(
            s,
            "{:<10} {:>15.2} {:>15.2} {:>15.2} {:>15.2}",
            f.date, f.interest, f.principal, f.residual, f.present_value
        );
    }
    s
}
