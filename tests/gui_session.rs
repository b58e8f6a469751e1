//! The app runs deals through the engine's session: a deal with a CSV tape keeps its tape
//! in "Export all" (the term sheet's scenario table has every scenario).
#![cfg(feature = "gui")]

use tranche_studio::app::{Command, Options, Startup};

#[allow(dead_code)]
mod gui_common;
use gui_common::{TempDir, harness_with, sample, settle};

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
