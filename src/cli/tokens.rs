//! `tokens`, `registry` and `verify-schedule`: the per-unit (per-token) schedules of a deal's
//! securities, the registry file and its check against the deal.

use super::{Format, load_and_run, read_limited};
use crate::i18n::{Lang, Term};
use crate::model::StripPart;
use crate::tokens::{self, SecurityTokens, registry};
use std::path::Path;

/// Exit code of `verify-schedule` when the file differs from the deal.
pub const MISMATCH: i32 = 3;

pub(super) fn tokens_cmd(path: &Path, scenario: Option<&str>, format: Format, lang: Lang) -> i32 {
    let Some((session, results)) = load_and_run(path, scenario, lang) else {
        return 1;
    };
    let all = match tokens::all(session.deal(), &results) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    match format {
        Format::Json => match serde_json::to_string_pretty(&all) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("cannot write JSON: {e}");
                return 1;
            }
        },
        Format::Table => print!("{}", table(&all, lang)),
    }
    0
}

fn opt(x: Option<f64>, scale: f64, dp: usize) -> String {
    x.map_or("-".into(), |v| format!("{:.dp$}", v * scale))
}

/// One line per token in `lang`: units, IRR, WAL, durations, the final residue; headers are
/// the shared vocabulary (`Term`).
fn table(all: &[SecurityTokens], lang: Lang) -> String {
    let t = |term| lang.term(term).to_string();
    let mut rows = vec![
        [
            Term::Security,
            Term::Token,
            Term::TokenPart,
            Term::Currency,
            Term::Units,
            Term::Irr,
            Term::Wal,
            Term::MacaulayDuration,
            Term::ModifiedDuration,
            Term::FinalResidue,
        ]
        .map(t)
        .to_vec(),
    ];
    for tok in all.iter().flat_map(|a| a.tokens.iter().chain(&a.offshore)) {
        let m = &tok.metrics;
        let part = match tok.part {
            StripPart::All => Term::PartAll,
            StripPart::Interest => Term::PartInterest,
            StripPart::Principal => Term::Principal,
        };
        rows.push(vec![
            tok.security.to_string(),
            tok.strip.clone().unwrap_or_else(|| t(Term::WholeSecurity)),
            t(part),
            tok.currency.to_string(),
            tok.units.to_string(),
            crate::format::opt_pct(m.irr, 4),
            opt(m.wal, 1.0, 3),
            opt(m.macaulay_duration, 1.0, 3),
            opt(m.modified_duration, 1.0, 3),
            tok.final_residue()
                .iter()
                .sum::<rust_decimal::Decimal>()
                .to_string(),
        ]);
    }
    super::columns(&rows, 4)
}

pub(super) fn registry_cmd(
    path: &Path,
    security: &str,
    scenario: Option<&str>,
    out: Option<&Path>,
    lang: Lang,
) -> i32 {
    let Some((session, results)) = load_and_run(path, scenario, lang) else {
        return 1;
    };
    let text = registry::for_security(session.deal(), &results, security)
        .map_err(|e| e.to_string())
        .and_then(|f| serde_json::to_string_pretty(&f).map_err(|e| e.to_string()));
    let text = match text {
        Ok(t) => t + "\n",
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    match out {
        Some(o) => match crate::io::write_atomic(o, text.as_bytes()) {
            Ok(()) => {
                println!("{}", o.display());
                0
            }
            Err(e) => {
                let shown = o.display().to_string();
                eprintln!(
                    "{}",
                    crate::export::file_messages::write_error(lang, &shown, &e)
                );
                1
            }
        },
        None => {
            print!("{text}");
            0
        }
    }
}

pub(super) fn verify_cmd(deal_path: &Path, schedule: &Path, lang: Lang) -> i32 {
    let origin = schedule.display().to_string();
    let found: registry::RegistryFile = match std::fs::File::open(schedule)
        .map_err(|e| format!("{origin}: {e}"))
        .and_then(|f| read_limited(f, &origin))
        .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("{origin}: {e}")))
    {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let Some((session, results)) = load_and_run(deal_path, Some(&found.scenario), lang) else {
        return 1;
    };
    let expected = match registry::for_security(session.deal(), &results, &found.security) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{}", super::failure(lang, deal_path, &e.to_string()));
            return 1;
        }
    };
    let mismatches = registry::compare(&expected, &found);
    for m in &mismatches {
        println!("{origin}: {m}");
    }
    if mismatches.is_empty() {
        println!(
            "{origin}: ok: {} token(s) of {} match the deal",
            found.tokens.len(),
            found.security
        );
        0
    } else {
        eprintln!("{origin}: {} mismatch(es)", mismatches.len());
        MISMATCH
    }
}
