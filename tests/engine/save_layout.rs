//! Saving over a deal file edits it (issue 14, item 14): comments and layout stay, a change of
//! one field is a change of one line, new records are written one a line.

use std::path::{Path, PathBuf};
use tranche_studio::io::{edit_ron, parse_deal, save_deal, to_ron};

fn sample(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_deals")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

fn samples() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    names.sort();
    names.iter().map(|n| sample(n)).collect()
}

/// The lines of `after` that differ from `before`, as (removed, added), in order.
fn line_diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let removed = a[head..a.len() - tail]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let added = b[head..b.len() - tail]
        .iter()
        .map(|s| s.to_string())
        .collect();
    (removed, added)
}

#[test]
fn an_unchanged_deal_saves_to_the_same_bytes() {
    for (path, text) in samples() {
        let deal = parse_deal(&text, "").unwrap();
        assert_eq!(
            edit_ron(&text, &deal).as_deref(),
            Some(text.as_str()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn one_changed_rate_is_one_changed_line() {
    let (_, text) = sample("data_asset_pledge_loans.ron");
    let mut deal = parse_deal(&text, "").unwrap();
    let dl03 = deal
        .pool
        .assets
        .iter_mut()
        .find(|a| a.id == "DL03")
        .unwrap();
    dl03.rate = 0.06;
    let saved = edit_ron(&text, &deal).unwrap();
    // Everything else, the header comments and the other assets' "0.050" included, stays.
    assert_eq!(
        saved,
        text.replace(
            r#"obligor: "常州链数物流", asset_class: DataAssetPledgeLoan, data_asset_role: InPool, balance: "15000000.00", rate: 0.052"#,
            r#"obligor: "常州链数物流", asset_class: DataAssetPledgeLoan, data_asset_role: InPool, balance: "15000000.00", rate: 0.06"#
        )
    );
}

#[test]
fn an_added_asset_is_one_added_line_in_the_list_style() {
    let (_, text) = sample("data_asset_pledge_loans.ron");
    let mut deal = parse_deal(&text, "").unwrap();
    let mut new = deal.pool.assets[9].clone();
    new.id = "TR02".into();
    new.obligor = "鑫欣物流".into();
    deal.pool.assets.push(new);
    let saved = edit_ron(&text, &deal).unwrap();
    let (removed, added) = line_diff(&text, &saved);
    assert!(removed.is_empty(), "{removed:?}");
    // Written as serde writes the fields (every field, `r#None` for the variant named None),
    // on one line at the list's indentation, after TR01.
    assert_eq!(
        added,
        [
            r#"            Asset(id: "TR02", obligor: "鑫欣物流", asset_class: TradeReceivable, data_asset_role: r#None, balance: "15300000.00", rate: 0.04, remaining_term: 12, amortisation: Bullet),"#
        ]
    );
    assert!(saved.contains("DL09\", obligor: \"宿迁电商数据\""));
    assert_eq!(parse_deal(&saved, "").unwrap(), deal);
}

#[test]
fn a_removed_scenario_takes_its_lines_and_nothing_else() {
    let (_, text) = sample("data_asset_pledge_loans.ron");
    let mut deal = parse_deal(&text, "").unwrap();
    deal.scenarios
        .retain(|s| s.name != "largest-obligor-default");
    let saved = edit_ron(&text, &deal).unwrap();
    let (removed, added) = line_diff(&text, &saved);
    assert!(added.is_empty(), "{added:?}");
    assert_eq!(
        removed,
        [
            "        Scenario(",
            "            name: \"largest-obligor-default\",",
            "            cdr: Flat(0.01),",
            "            cpr: Flat(0.0),",
            "            recovery_rate: 0.3,",
            "            recovery_lag: 4,",
            "            obligor_defaults: [ObligorDefault(obligor: \"苏州数智科技\", period: 3)],",
            "        ),",
        ]
    );
}

#[test]
fn a_field_the_file_left_out_is_added_in_the_records_style() {
    let (_, text) = sample("data_asset_pledge_loans.ron");
    let mut deal = parse_deal(&text, "").unwrap();
    // The base scenario has no named defaults; give it one.
    let named = deal.scenarios[2].obligor_defaults.clone();
    deal.scenarios[0].obligor_defaults = named;
    let saved = edit_ron(&text, &deal).unwrap();
    let (removed, added) = line_diff(&text, &saved);
    assert_eq!(
        removed,
        [
            r#"        Scenario(name: "base", cdr: Flat(0.01), cpr: Flat(0.0), recovery_rate: 0.4, recovery_lag: 2),"#
        ]
    );
    assert_eq!(
        added,
        [
            r#"        Scenario(name: "base", cdr: Flat(0.01), cpr: Flat(0.0), recovery_rate: 0.4, recovery_lag: 2, obligor_defaults: [ObligorDefault(obligor: "苏州数智科技", period: 3)]),"#
        ]
    );
}

#[test]
fn a_new_file_has_one_record_a_line_and_reads_back() {
    let (_, text) = sample("data_asset_pledge_loans.ron");
    let deal = parse_deal(&text, "").unwrap();
    let written = to_ron(&deal);
    assert_eq!(parse_deal(&written, "").unwrap(), deal);
    // Ten assets, ten lines, each a whole record.
    let asset_lines: Vec<&str> = written
        .lines()
        .filter(|l| l.trim_start().starts_with("Asset("))
        .collect();
    assert_eq!(asset_lines.len(), 10);
    assert!(
        asset_lines.iter().all(|l| l.ends_with("),")),
        "{asset_lines:?}"
    );
}

#[test]
fn saving_over_a_file_keeps_its_comments_and_over_anything_else_its_header() {
    let dir = std::env::temp_dir().join(format!("ts-save-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (_, text) = sample("receivables_deficiency_guarantee.ron");
    let mut deal = parse_deal(&text, "").unwrap();
    deal.name = "改名 Renamed".into();
    let path = dir.join("deal.ron");
    std::fs::write(&path, &text).unwrap();
    save_deal(&path, &deal).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    let (removed, added) = line_diff(&text, &saved);
    assert_eq!((removed.len(), added.len()), (1, 1));
    assert_eq!(added[0].trim(), "name: \"改名 Renamed\",");
    // A file that is not a deal: the deal is written anew under the file's comment lines.
    std::fs::write(&path, "// 备注 kept\n// second line\nnot a deal (").unwrap();
    save_deal(&path, &deal).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.starts_with("// 备注 kept\n// second line\n#![enable(implicit_some)]\nDeal(\n"));
    assert_eq!(parse_deal(&saved, "").unwrap(), deal);
    std::fs::remove_dir_all(&dir).unwrap();
}
