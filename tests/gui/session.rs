//! The app runs deals through the engine's session: a deal with a CSV tape keeps its tape
//! in "Export all" (the term sheet's scenario table has every scenario).

use tranche_studio::app::{Command, Options, Startup};

#[allow(dead_code)]
use crate::common::{TempDir, harness_with, sample, settle};

#[test]
fn export_all_of_a_deal_with_a_tape_has_every_scenario_in_the_term_sheet() {
    let dir = TempDir::new("tape-all");
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_empowered_leases.ron")),
        ..Options::default()
    });
    settle(&mut h);
    let out = dir.join("all");
    h.state_mut().queue(Command::ExportAllPath(out.clone()));
    h.run_steps(3);
    let md = std::fs::read_to_string(out.join("term_sheet.md")).unwrap();
    let table = md.split("## 主要情景").nth(1).expect("a scenario section");
    for name in ["base", "stress-cdr6", "ramp"] {
        assert!(
            table.lines().any(|l| l.starts_with(&format!("| {name} |"))),
            "{name} row missing:\n{table}"
        );
    }
}

/// Step frames until the comparison has arrived.
fn comparison_shown(h: &mut egui_kittest::Harness<'static, tranche_studio::app::TrancheApp>) {
    for _ in 0..5_000 {
        h.step();
        if h.state().comparison().is_some() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("the comparison never arrived");
}

fn compare_tab(lang: tranche_studio::app::Lang, tab: &str, loss_row: &str) {
    use egui_kittest::kittest::Queryable;
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_asset_pledge_loans.ron")),
        settings: Some(tranche_studio::app::Settings {
            lang,
            ..Default::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h.get_by_label(tab).click();
    h.run_steps(2);
    comparison_shown(&mut h);
    let c = h.state().comparison().unwrap().clone();
    // The written scenarios and the stress templates.
    assert_eq!(c.scenarios.len(), 6);
    // One column a scenario, one row a figure; the subordinate's loss when the largest
    // obligor defaults (the CLI's `compare` gives 6163422.66).
    for s in ["base", "stress-cdr5", "largest-obligor-default", "AA ×2"] {
        h.get_by_label(s);
    }
    h.get_by_label(loss_row);
    h.get_by_label("6,163,422.66");
}

#[test]
fn the_comparison_tab_shows_every_scenario_in_english() {
    compare_tab(
        tranche_studio::app::Lang::En,
        "Scenario comparison",
        "B Principal loss",
    );
}

#[test]
fn the_comparison_tab_shows_every_scenario_in_chinese() {
    compare_tab(tranche_studio::app::Lang::Zh, "情景对比", "B 本金损失");
}
