//! A small fuzz run in every `cargo test`: each sample deal with its numbers and dates replaced
//! by extremes, one to three at a time. Parsing, validation, the run, the JSON and the text
//! table must never panic, and a deal that runs conserves money on every date. Also the CSV
//! tape reader (bytes truncated, inserted, replaced) and the `xirr` input and solver.
//! `TS_FUZZ_CASES=100000 cargo test --release --test fuzz` runs more cases per sample.

use std::panic::{AssertUnwindSafe, catch_unwind};
use tranche_studio::model::Deal;

const SAMPLES: [&str; 6] = [
    "data_asset_pledge_loans.ron",
    "data_empowered_leases.ron",
    "receivables_deficiency_guarantee.ron",
    "highway_concession.ron",
    "rental_housing_expansion.ron",
    "data_centre.ron",
];

const NUMBERS: [&str; 12] = [
    "0",
    "-1",
    "0.0000000000000000000000000001",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "1e308",
    "-1e-308",
    "999999999999999.99",
    "1000000000000000.01",
];

const DATES: [&str; 5] = [
    "0001-01-01",
    "1900-01-01",
    "9999-12-31",
    "2100-02-29",
    "+262143-12-31",
];

/// Byte ranges of the numbers and dates in `text` (not parts of names such as `DL01`).
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts =
            b[i].is_ascii_digit() || (b[i] == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        let after_name = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if starts && !after_name {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_digit() || b"._-eE".contains(&b[j])) {
                j += 1;
            }
            out.push((i, j));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A small deterministic generator (64-bit LCG), so every run tries the same cases.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// How far a case got: not parsed, refused by the validator, or run (every scenario).
#[derive(Default, Debug)]
struct Counts {
    unparsed: usize,
    refused: usize,
    ran: usize,
}

/// Parse, validate, run, write: `Err` describes a failure (a panic or money not conserved).
fn exercise(
    text: &str,
    tape: &[tranche_studio::model::Asset],
    counts: &mut Counts,
) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let Ok(deal) = tranche_studio::io::parse_deal(text, "fuzz") else {
            counts.unparsed += 1;
            return Ok(());
        };
        // Saving over the file: an unchanged deal keeps the file's bytes (or, for RON this
        // build's layout reader does not follow, is written anew); an edit never panics.
        if tranche_studio::io::edit_ron(text, &deal).is_some_and(|t| t != text) {
            return Err("an unchanged deal saved as different text".into());
        }
        let mut renamed = deal.clone();
        renamed.name.push('改');
        tranche_studio::io::edit_ron(text, &renamed);
        let rows = if deal.pool.tape.is_some() {
            tape.to_vec()
        } else {
            Vec::new()
        };
        let mut session = tranche_studio::engine::Session::new(deal.clone(), rows.into());
        let issues = session.issues();
        if issues
            .iter()
            .any(|i| i.severity == tranche_studio::error::Severity::Error)
        {
            counts.refused += 1;
        } else {
            counts.ran += 1;
        }
        for s in 0..deal.scenarios.len() {
            let name = deal.scenarios[s].name.clone();
            if let Ok(r) = session.run(Some(&name)) {
                serde_json::to_string(&r).map_err(|e| e.to_string())?;
                for lang in [
                    tranche_studio::i18n::Lang::Zh,
                    tranche_studio::i18n::Lang::En,
                ] {
                    tranche_studio::cli::table(&r, lang);
                }
                conserved(&deal, &r)?;
            }
        }
        Ok(())
    }));
    outcome.unwrap_or_else(|p| Err(message(p)))
}

fn conserved(deal: &Deal, r: &tranche_studio::results::DealResults) -> Result<(), String> {
    for p in &r.periods {
        if p.available != p.paid + p.retained {
            return Err(format!(
                "{}: period {}: available {} ≠ paid {} + retained {}",
                deal.name, p.period, p.available, p.paid, p.retained
            ));
        }
    }
    Ok(())
}

#[test]
fn mutated_samples_never_panic() {
    let cases: usize = std::env::var("TS_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_deals");
    let tape =
        tranche_studio::io::read_tape(format!("{dir}/data_empowered_leases_tape.csv").as_ref())
            .unwrap();
    let mut rng = Lcg(12);
    let mut failures = Vec::new();
    let mut counts = Counts::default();
    for name in SAMPLES {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let toks = tokens(&text);
        for _ in 0..cases {
            let mut picks: Vec<(usize, usize, &str)> = (0..1 + rng.below(3))
                .map(|_| {
                    let (a, b) = toks[rng.below(toks.len())];
                    let date = text[a..b].matches('-').count() == 2 && !text[a..b].starts_with('-');
                    let r = if date {
                        DATES[rng.below(DATES.len())]
                    } else {
                        NUMBERS[rng.below(NUMBERS.len())]
                    };
                    (a, b, r)
                })
                .collect();
            picks.sort_by_key(|p| std::cmp::Reverse(p.0));
            picks.dedup_by_key(|p| p.0);
            let mut mutated = text.clone();
            for (a, b, r) in &picks {
                mutated.replace_range(a..b, r);
            }
            if let Err(e) = exercise(&mutated, &tape, &mut counts) {
                let what: Vec<String> = picks
                    .iter()
                    .map(|(a, b, r)| format!("{} → {r} at byte {a}", &text[*a..*b]))
                    .collect();
                failures.push(format!("{name}: {}: {e}", what.join(", ")));
            }
        }
    }
    eprintln!("fuzz: {cases} cases per sample: {counts:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The panic message of a caught panic.
fn message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}

#[test]
fn mutated_tapes_and_cash_flows_never_panic() {
    let cases: usize = std::env::var("TS_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_deals");
    let full = std::fs::read(format!("{dir}/data_empowered_leases_tape.csv")).unwrap();
    // The header and the first 40 rows.
    let end = full
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(40)
        .map_or(full.len(), |(i, _)| i + 1);
    let tape = &full[..end];
    let path = std::env::temp_dir().join(format!("ts-fuzz-tape-{}.csv", std::process::id()));
    let mut rng = Lcg(34);
    let mut failures = Vec::new();
    for _ in 0..cases {
        let mut bytes = tape.to_vec();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(bytes.len().max(1));
            match rng.below(4) {
                0 => bytes.truncate(at),
                1 => bytes.insert(at, [0xff, b'"', b',', b'\n', b'\r', 0][rng.below(6)]),
                _ => {
                    let n = NUMBERS[rng.below(NUMBERS.len())].as_bytes();
                    let stop = (at + 1 + rng.below(8)).min(bytes.len());
                    bytes.splice(at..stop, n.iter().copied());
                }
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        if let Err(p) = catch_unwind(|| tranche_studio::io::read_tape(&path)) {
            failures.push(format!(
                "tape {:?}: {}",
                String::from_utf8_lossy(&bytes),
                message(p)
            ));
        }
    }
    const AMOUNTS: [&str; 8] = [
        "-100", "110", "0", "-1e308", "1e308", "1e-308", "-0", "5e15",
    ];
    for _ in 0..cases {
        let text: String = (0..rng.below(6))
            .map(|_| {
                let date = ["2020-01-01", "1900-01-01", "9999-12-31", "2021-06-30"][rng.below(4)];
                format!("{date},{}\n", AMOUNTS[rng.below(AMOUNTS.len())])
            })
            .collect();
        match catch_unwind(|| {
            tranche_studio::cli::parse_flows(&text)
                .ok()
                .and_then(|f| tranche_studio::metrics::xirr(&f))
        }) {
            Ok(Some(r)) if !r.is_finite() => failures.push(format!("xirr {text:?}: {r}")),
            Ok(_) => {}
            Err(p) => failures.push(format!("xirr {text:?}: {}", message(p))),
        }
    }
    let _ = std::fs::remove_file(&path);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
