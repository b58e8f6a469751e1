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
    h.run_steps(1);
    crate::common::exported(&mut h);
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
    // The table's column titles (the chart's legend names them too).
    for s in ["base", "stress-cdr5", "largest-obligor-default", "AA ×2"] {
        h.get_by_role_and_label(egui::accesskit::Role::Label, s);
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

/// Pinned results stay beside the current ones after an edit: A's IRR at its 2% coupon
/// (pinned) and at 3% (current), each that of a lone run of the base scenario.
#[test]
fn pinned_results_show_before_and_after_an_edit() {
    use egui_kittest::kittest::Queryable;
    use tranche_studio::engine::Session;
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_asset_pledge_loans.ron")),
        ..Options::default()
    });
    settle(&mut h);
    h.get_by_label("Scenario comparison").click();
    h.run_steps(2);
    comparison_shown(&mut h);
    h.get_by_label("Pin these results").click();
    h.run_steps(2);
    let before = h.state().deal().clone();
    h.state_mut().queue(Command::edit(
        None,
        |d: &mut tranche_studio::model::Deal| d.tranches[0].coupon = 0.03,
    ));
    h.run_steps(2);
    comparison_shown(&mut h);
    let mut after = before.clone();
    after.tranches[0].coupon = 0.03;
    let irr_a = |d: &tranche_studio::model::Deal| {
        let r = Session::new(d.clone(), std::sync::Arc::new(Vec::new()))
            .run(Some("base"))
            .unwrap();
        format!("{:.3}%", r.securities[0].irr.unwrap() * 100.0)
    };
    let (was, now) = (irr_a(&before), irr_a(&after));
    assert_ne!(was, now);
    h.get_by_role_and_label(egui::accesskit::Role::Label, "base (pinned)");
    for shown in [&was, &now] {
        assert!(h.query_all_by_label(shown).next().is_some(), "{shown}");
    }
    h.get_by_label("Unpin").click();
    h.run_steps(2);
    assert!(h.query_by_label("base (pinned)").is_none());
    assert!(h.query_all_by_label(&was).next().is_none());
}
