//! Deal files: round trip (Chinese names included), and arbitrary text never panics.

use proptest::prelude::*;
use tranche_studio::io::{load_deal, parse_deal, save_deal, to_ron};

const SAMPLE: &str = include_str!("../../sample_deals/data_asset_pledge_loans.ron");

#[test]
fn round_trip_keeps_everything() {
    let deal = parse_deal(SAMPLE, "sample").unwrap();
    let again = parse_deal(&to_ron(&deal), "again").unwrap();
    assert_eq!(deal, again);
    assert!(again.name.contains("鑫欣数据资产1期"));
    let dir = std::env::temp_dir().join(format!("ts-rt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("saved.ron");
    save_deal(&path, &deal).unwrap();
    assert_eq!(load_deal(&path).unwrap().deal, deal);
    // No temporary file is left beside the saved deal.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn decimals_keep_their_scale() {
    let deal = parse_deal(SAMPLE, "sample").unwrap();
    assert_eq!(deal.tranches[0].size.to_string(), "127000000.00");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]
    #[test]
    fn any_text_parses_or_errors(s in "\\PC{0,200}") {
        let _ = parse_deal(&s, "fuzz");
    }

    #[test]
    fn mutated_sample_parses_or_errors(pos in 0usize..6000, len in 0usize..40, junk in "[\\[\\](){}\":,0-9a-z.-]{0,8}") {
        let mut s = SAMPLE.to_string();
        let start = s.char_indices().map(|(i, _)| i).nth(pos % SAMPLE.chars().count()).unwrap_or(0);
        let end = s[start..].char_indices().map(|(i, _)| start + i).nth(len).unwrap_or(s.len());
        s.replace_range(start..end, &junk);
        if let Ok(deal) = parse_deal(&s, "mutated") {
            // A deal that parses either validates or reports issues; the engine never panics.
            let _ = tranche_studio::engine::run(&deal, None);
        }
    }
}

#[test]
fn the_documented_example_runs() {
    let doc = include_str!("../../docs/deal-format.md");
    let start = doc
        .find("```ron\n")
        .expect("an example in docs/deal-format.md")
        + 7;
    let end = start + doc[start..].find("```").unwrap();
    let deal =
        parse_deal(&doc[start..end], "docs/deal-format.md").unwrap_or_else(|e| panic!("{e}"));
    let r = tranche_studio::engine::run(&deal, None).unwrap();
    assert_eq!(r.securities.len(), 2);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn amounts_outside_zero_to_1e15_are_errors_at_their_path() {
    use std::str::FromStr;
    let errors = |balance: &str| -> Vec<String> {
        let mut deal = parse_deal(SAMPLE, "sample").unwrap();
        deal.pool.assets[1].balance = rust_decimal::Decimal::from_str(balance).unwrap();
        tranche_studio::validate::validate(&deal, &[])
            .into_iter()
            .filter(|i| i.path == "pool.assets[1].balance")
            .map(|i| i.message)
            .collect()
    };
    for ok in [
        "0",
        "0.00",
        "-0.00",
        "1000000000000000",
        "1000000000000000.0000",
        "0.0001",
    ] {
        assert_eq!(errors(ok), Vec::<String>::new(), "{ok}");
    }
    assert_eq!(errors("-0.01"), ["-0.01 is negative"]);
    for big in [
        "1000000000000000.01",
        "1000000000000000.0001",
        "79228162514264337593543950335",
    ] {
        assert_eq!(errors(big).len(), 1, "{big}");
        assert!(errors(big)[0].contains("above the largest amount"), "{big}");
    }
}

#[test]
fn a_newer_format_version_is_refused_for_its_version() {
    // A version-2 file with a field this build does not know: the version is what is reported.
    let newer = SAMPLE
        .replacen("format_version: 1,", "format_version: 2,", 1)
        .replacen(
            "currency: \"CNY\",",
            "currency: \"CNY\", settlement_lag: 2,",
            1,
        );
    assert_eq!(
        parse_deal(&newer, "newer").unwrap_err().to_string(),
        "error: format_version: 2 is newer than this build reads (1): open the deal with a newer tranche-studio"
    );
    let zero = SAMPLE.replacen("format_version: 1,", "format_version: 0,", 1);
    assert_eq!(
        parse_deal(&zero, "zero").unwrap_err().to_string(),
        "error: format_version: 0 was never written by tranche-studio (versions 1 to 1)"
    );
    // Version 1 (every sample) reads as it is.
    assert_eq!(parse_deal(SAMPLE, "v1").unwrap().format_version, 1);
}
