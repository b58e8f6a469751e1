//! The grid tab (issue 13): the deal's grids drawn cell by cell from the background worker,
//! its progress bar and cancel button, the tornado, and the stress templates in the
//! scenario picker.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;
use tranche_studio::app::{Command, Lang, Options, ResultsTab, Settings, Startup, TrancheApp};
use tranche_studio::engine::Session;
use tranche_studio::model::{Axis, Curve, Deal, Driver};

use crate::common::{harness_with, sample, settle};

fn pledge_loans(lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_asset_pledge_loans.ron")),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h
}

/// Step frames until the grid tab's grid or tornado has been computed.
fn grid_done(h: &mut Harness<'static, TrancheApp>) {
    for _ in 0..20_000 {
        h.step();
        let s = h.state();
        if !s.grid_pending() && (s.grid().is_some() || s.tornado().is_some()) {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("the grid never arrived");
}

/// The subordinate B's IRR from a lone run of the base scenario with CDR and CPR set.
fn irr_of_b(deal: &Deal, cdr: f64, cpr: f64) -> Option<f64> {
    let mut d = deal.clone();
    let base = d.scenarios.iter_mut().find(|s| s.name == "base").unwrap();
    base.cdr = Curve::Flat(cdr);
    base.cpr = Curve::Flat(cpr);
    let r = Session::new(d, Arc::new(Vec::new()))
        .run(Some("base"))
        .unwrap();
    r.securities.iter().find(|s| s.id == "B").unwrap().irr
}

/// The sample's grid `cdr-cpr`: CDR 0% to 20% by 5% (5 columns) × CPR 0% to 20% by 10%
/// (3 rows), each cell B's IRR. Every cell is named `CDR x, CPR y: IRR` and must show the
/// IRR of a lone run of that scenario, to the 0.01% shown.
fn cells_match(lang: Lang, tab: &str, cdr: &str, cpr: &str) {
    let mut h = pledge_loans(lang);
    h.get_by_label(tab).click();
    h.run_steps(2);
    grid_done(&mut h);
    let deal = h.state().deal().clone();
    let mut with_irr = 0;
    for (x, xs) in [0.0, 0.05, 0.10, 0.15, 0.20]
        .iter()
        .zip(["0.00%", "5.00%", "10.00%", "15.00%", "20.00%"])
    {
        for (y, ys) in [0.0, 0.10, 0.20].iter().zip(["0.00%", "10.00%", "20.00%"]) {
            // No IRR (B loses all it was paid for) shows as a dash.
            let irr = irr_of_b(&deal, *x, *y);
            with_irr += usize::from(irr.is_some());
            let shown = irr.map_or_else(|| "—".to_string(), |r| format!("{:.2}%", r * 100.0));
            h.get_by_label(&format!("{cdr} {xs}, {cpr} {ys}: {shown}"));
        }
    }
    assert!(with_irr >= 5, "{with_irr} cells with an IRR");
    // Nothing more: exactly 15 cells.
    let g = h.state().grid().unwrap();
    assert_eq!(g.cells.len(), 3);
    assert!(g.cells.iter().all(|r| r.len() == 5));
}

#[test]
fn the_grid_tab_shows_each_cell_of_a_lone_run_in_english() {
    cells_match(Lang::En, "Grids and tornado", "CDR", "CPR");
}

#[test]
fn the_grid_tab_shows_each_cell_of_a_lone_run_in_chinese() {
    cells_match(
        Lang::Zh,
        "敏感性网格与龙卷风图",
        "违约率 CDR",
        "提前还款率 CPR",
    );
}

/// A large grid shows a progress bar and a cancel button; cancelling stops it, and the
/// next edit runs the edited grid.
#[test]
fn a_grid_runs_with_progress_and_can_be_cancelled() {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_empowered_leases.ron")),
        ..Options::default()
    });
    settle(&mut h);
    h.state_mut().show_tab(ResultsTab::Grid);
    // 100 × 100 cells of the 10,000-lease deal: far longer than a few frames.
    let big = |d: &mut Deal| {
        d.grids = vec![tranche_studio::model::Grid {
            name: "big".into(),
            scenario: None,
            x: Axis {
                driver: Driver::Cdr,
                from: 0.0,
                to: 0.099,
                step: 0.001,
            },
            y: Some(Axis {
                driver: Driver::Cpr,
                from: 0.0,
                to: 0.099,
                step: 0.001,
            }),
            output: tranche_studio::model::Output {
                metric: tranche_studio::model::Metric::Irr,
                security: Some("S".into()),
            },
        }]
    };
    h.state_mut().queue(Command::edit(None, big));
    h.run_steps(3);
    assert!(h.state().grid_pending());
    h.get_by_role_and_label(
        egui::accesskit::Role::ProgressIndicator,
        "Computing the grid",
    );
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().grid_pending());
    assert!(h.state().grid().is_none());
    h.get_by_label("Cancelled.");
    // A smaller grid after the cancel: CDR 0% and 10%, one row.
    h.state_mut().queue(Command::edit(None, |d: &mut Deal| {
        let g = &mut d.grids[0];
        g.x.to = 0.1;
        g.x.step = 0.1;
        g.y = None;
    }));
    h.run_steps(2);
    grid_done(&mut h);
    let g = h.state().grid().unwrap();
    assert_eq!(g.x.values, vec![0.0, 0.1]);
    assert_eq!(g.cells.len(), 1);
}

/// "New grid" adds a grid to the deal as one undoable edit.
#[test]
fn a_new_grid_is_saved_in_the_deal_and_undoable() {
    let mut h = pledge_loans(Lang::En);
    h.state_mut().show_tab(ResultsTab::Grid);
    h.run_steps(2);
    h.get_by_label("New grid").click();
    h.run_steps(2);
    let grids = &h.state().deal().grids;
    assert_eq!(grids.len(), 3);
    // CDR × CPR of the most junior tranche's IRR, named after the first free number.
    assert_eq!(grids[2].name, "grid1");
    assert_eq!(grids[2].x.driver, Driver::Cdr);
    assert_eq!(grids[2].y.as_ref().unwrap().driver, Driver::Cpr);
    assert_eq!(grids[2].output.security.as_deref(), Some("B"));
    grid_done(&mut h);
    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    assert_eq!(h.state().deal().grids.len(), 2);
}

/// The tornado's CDR row: the senior A's IRR one point of CDR down and up from the base
/// scenario's 1%, i.e. lone runs at CDR 0% and 2%.
#[test]
fn the_tornado_shows_one_step_of_each_driver() {
    let mut h = pledge_loans(Lang::En);
    h.state_mut().show_tab(ResultsTab::Grid);
    h.run_steps(2);
    h.get_by_label("Tornado").click();
    h.run_steps(2);
    grid_done(&mut h);
    h.get_by_label("CDR ±1.00%");
    let deal = h.state().deal().clone();
    let irr_a = |cdr: f64| {
        let mut d = deal.clone();
        d.scenarios[0].cdr = Curve::Flat(cdr);
        let r = Session::new(d, Arc::new(Vec::new()))
            .run(Some("base"))
            .unwrap();
        r.securities[0].irr.unwrap()
    };
    // The first output is A's IRR (other rows may show the same figure).
    for cdr in [0.0, 0.02] {
        let shown = format!("{:.2}%", irr_a(cdr) * 100.0);
        assert!(h.query_all_by_label(&shown).next().is_some(), "{shown}");
    }
}

/// The scenario picker lists the stress templates under their own heading; picking one
/// shows its figures: the base scenario with the CDR doubled (1% → 2%).
fn templates_listed(lang: Lang, heading: &str) {
    let mut h = pledge_loans(lang);
    let picker = if lang == Lang::En {
        "Scenario"
    } else {
        "情景"
    };
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, picker)
        .click();
    h.run_steps(2);
    h.get_by_label(heading);
    h.get_by_label("AAA ×4 回收−50%");
    h.get_by_label("AA ×2").click();
    h.run_steps(2);
    settle(&mut h);
    let shown = h.state().results().unwrap().securities[1].irr;
    let mut d = h.state().deal().clone();
    d.scenarios[0].cdr = Curve::Flat(0.02);
    let expected = Session::new(d, Arc::new(Vec::new()))
        .run(Some("base"))
        .unwrap()
        .securities[1]
        .irr;
    assert_eq!(shown, expected);
}

#[test]
fn the_scenario_picker_lists_the_stress_templates_in_english() {
    templates_listed(Lang::En, "Stress templates");
}

#[test]
fn the_scenario_picker_lists_the_stress_templates_in_chinese() {
    templates_listed(Lang::Zh, "评级压力情景模板");
}
