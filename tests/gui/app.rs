//! GUI behaviour tests: the whole app in a headless egui_kittest harness, driven through
//! AccessKit (no display, no GPU). The compute thread is real, so tests step frames until
//! the figures for the current deal have arrived.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tranche_studio::app::{
    Command, Driver, Lang, Options, ResultsTab, SENSITIVITY_POINTS, Section, Startup, Storage,
    TrancheApp,
};

use crate::common::{TempDir, harness_with, sample, sensitivity_points, settle};

fn harness() -> Harness<'static, TrancheApp> {
    harness_with(Options::default())
}

/// Scroll a button into view, then click it as a user would.
fn press(h: &mut Harness<'static, TrancheApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run_steps(3);
    h.get_by_label(label).click();
}

fn irr_of(h: &Harness<'static, TrancheApp>, id: &str) -> f64 {
    let r = h.state().results().expect("current results");
    r.securities
        .iter()
        .find(|s| s.id == id)
        .unwrap()
        .irr
        .unwrap()
}

#[test]
fn opens_on_the_sample_with_figures() {
    let mut h = harness();
    settle(&mut h);
    let irr = irr_of(&h, "A");
    assert!(irr > 0.015 && irr < 0.03, "{irr}");
    h.get_by_label(&format!("{:.3}%", irr * 100.0));
    assert!(!h.state().is_dirty());
}

#[test]
fn editing_a_coupon_changes_the_irr_and_undo_restores_it() {
    let mut h = harness();
    settle(&mut h);
    let before = irr_of(&h, "A");
    let coupon = h.get_by_role_and_label(Role::SpinButton, "Coupon A");
    coupon.scroll_to_me();
    h.run_steps(3);
    h.get_by_role_and_label(Role::SpinButton, "Coupon A")
        .click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::SpinButton, "Coupon A")
        .type_text("3.5");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().deal().tranches[0].coupon, 0.035);
    let after = irr_of(&h, "A");
    assert!(after > before + 0.01, "{before} -> {after}");
    h.get_by_label(&format!("{:.3}%", after * 100.0));
    assert!(h.state().is_dirty());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    assert_eq!(h.state().deal().tranches[0].coupon, 0.02);
    assert_eq!(irr_of(&h, "A"), before);
    h.get_by_label(&format!("{:.3}%", before * 100.0));
    assert!(
        !h.state().is_dirty(),
        "undo back to the opened deal clears the dirty marker"
    );

    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    settle(&mut h);
    assert_eq!(h.state().deal().tranches[0].coupon, 0.035, "redo");
}

#[test]
fn adding_a_tranche() {
    let mut h = harness();
    settle(&mut h);
    press(&mut h, "+ Add tranche");
    settle(&mut h);
    let deal = h.state().deal();
    assert_eq!(deal.tranches.len(), 3);
    assert_eq!(deal.tranches[2].id, "T1");
    h.get_by_role_and_label(Role::SpinButton, "Coupon T1");
    let results = h.state().results().expect("the deal stays valid");
    assert_eq!(results.securities.len(), 3);

    press(&mut h, "Remove T1");
    settle(&mut h);
    assert_eq!(h.state().deal().tranches.len(), 2);
}

#[test]
fn text_that_does_not_parse_shows_an_error_and_keeps_the_deal() {
    let mut h = harness();
    settle(&mut h);
    let size = h.state().deal().tranches[0].size;
    let field = h.get_by_role_and_label(Role::TextInput, "Size (CNY) A");
    field.focus();
    h.step();
    h.get_by_role_and_label(Role::TextInput, "Size (CNY) A")
        .type_text("x");
    h.step();
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("not an amount").is_some(),
        "the reason shows next to the field"
    );
    assert_eq!(h.state().deal().tranches[0].size, size);
    assert!(!h.state().is_dirty());

    // Chinese units are understood: 1.2亿 = 120,000,000.
    let field = h.get_by_role_and_label(Role::TextInput, "Size (CNY) A");
    field.focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Size (CNY) A")
        .type_text("1.2亿");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(
        h.state().deal().tranches[0].size.to_string(),
        "120000000.00"
    );
    assert!(h.query_by_label_contains("not an amount").is_none());
}

#[test]
fn save_and_reload_a_deal() {
    let dir = TempDir::new("save");
    let path = dir.join("saved.ron");
    let mut h = harness();
    settle(&mut h);
    h.state_mut().queue(Command::edit(None, |d| {
        d.name = "保存测试 Save test".into();
        d.tranches[0].coupon = 0.031;
    }));
    settle(&mut h);
    let irr = irr_of(&h, "A");
    assert!(h.state().is_dirty());
    h.state_mut().queue(Command::SaveAsPath(path.clone()));
    h.run_steps(2);
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert_eq!(h.state().settings().recent[0], path);

    let mut again = harness_with(Options {
        startup: Startup::Path(path.clone()),
        ..Options::default()
    });
    again.state_mut().show_section(Section::Terms);
    settle(&mut again);
    assert_eq!(again.state().deal().name, "保存测试 Save test");
    assert_eq!(again.state().deal().tranches[0].coupon, 0.031);
    assert_eq!(irr_of(&again, "A"), irr);
    again.get_by_role_and_label(Role::TextInput, "Deal name");
}

#[test]
fn a_bad_file_shows_its_error_and_keeps_the_deal() {
    let dir = TempDir::new("bad");
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, "Deal(\n    format_version: 1,\n    name: ,\n)\n").unwrap();
    let mut h = harness();
    settle(&mut h);
    let name = h.state().deal().name.clone();
    h.state_mut().queue(Command::OpenPath(bad.clone()));
    h.run_steps(4);
    let message = h
        .state()
        .error_message()
        .expect("an error dialog")
        .to_string();
    assert!(message.contains("bad.ron:3:"), "line and column: {message}");
    h.get_by_label("Could not open the file");
    assert_eq!(h.state().deal().name, name);
    assert!(h.state().path().is_none());
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().error_message().is_none());
    settle(&mut h);
    assert!(
        h.state().results().is_some(),
        "the figures of the kept deal stay"
    );
}

#[test]
fn unsaved_changes_are_asked_about() {
    let mut h = harness();
    settle(&mut h);
    h.state_mut()
        .queue(Command::edit(None, |d| d.tranches[0].coupon = 0.03));
    h.run_steps(2);
    h.state_mut().queue(Command::New);
    h.run_steps(4);
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(
        h.state().deal().tranches[0].coupon,
        0.03,
        "cancel keeps the work"
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_steps(4);
    h.get_by_label("Discard").click();
    settle(&mut h);
    assert_eq!(h.state().deal().name, "New deal");
    assert!(!h.state().is_dirty());
    assert!(h.state().results().is_some(), "the new deal computes");
}

#[test]
fn switching_the_language_to_chinese() {
    let mut h = harness();
    settle(&mut h);
    h.get_by_label("Language").click();
    h.run_steps(2);
    h.get_by_label("中文").click();
    settle(&mut h);
    assert_eq!(h.state().settings().lang, Lang::Zh);
    assert!(h.query_all_by_label("证券与费用").count() >= 1);
    h.get_by_role_and_label(Role::SpinButton, "票面利率 A");
}

#[test]
fn the_scenario_picker_drives_the_figures() {
    let mut h = harness();
    h.state_mut().show_section(Section::Scenarios);
    settle(&mut h);
    let base = irr_of(&h, "B");
    h.get_by_label("stress-cdr5").click();
    settle(&mut h);
    assert_eq!(h.state().results().unwrap().scenario, "stress-cdr5");
    assert_ne!(irr_of(&h, "B"), base);
    assert!(!h.state().is_dirty(), "choosing a scenario is not an edit");
}

#[test]
fn the_lease_tape_opens_in_a_virtualised_table() {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_empowered_leases.ron")),
        ..Options::default()
    });
    h.state_mut().show_section(Section::Pool);
    settle(&mut h);
    assert_eq!(h.state().tape_len(), 2_400);
    assert_eq!(h.state().results().unwrap().pool.assets, 2_400);
    h.get_by_label("TS00001");
    assert!(
        h.query_by_label("TS02400").is_none(),
        "only visible rows are laid out"
    );
}

#[test]
fn the_sensitivity_is_computed_off_the_ui_thread() {
    let mut h = harness();
    h.state_mut().show_tab(ResultsTab::Sensitivity);
    settle(&mut h);
    for _ in 0..5_000 {
        h.step();
        if h.query_by_label_contains("Highest CDR with no principal loss")
            .is_some()
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the sensitivity never arrived");
}

/// A deal made invalid while the sensitivity tab is open names its first error there, not a
/// bare "invalid deal" (the stale figures above stay on screen, dimmed).
#[test]
fn the_sensitivity_of_an_invalid_deal_names_its_first_error() {
    let mut h = harness();
    h.state_mut().show_tab(ResultsTab::Sensitivity);
    settle(&mut h);
    sensitivity_points(&mut h);
    h.state_mut()
        .queue(Command::edit(None, |d| d.tranches[0].coupon = -0.01));
    for _ in 0..5_000 {
        h.step();
        if h.state().sensitivity().is_some_and(|s| s.error.is_some()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    h.run_steps(2);
    // The validator's range check on the coupon, read in English with its figure, on the line
    // under the tab's driver picker (the issues list names it too, elsewhere).
    let driver = h.get_by_role_and_label(Role::ComboBox, "Driver").rect();
    assert!(
        h.query_all_by_label_contains("-0.01 is outside")
            .any(|n| (driver.bottom()..driver.bottom() + 30.0).contains(&n.rect().top())),
        "no reason under the driver picker"
    );
    assert!(h.query_by_label_contains("invalid deal").is_none());
}

#[test]
fn the_cpr_driver_sweeps_the_prepayment_rate_from_0_to_30_percent() {
    let mut h = harness();
    h.state_mut().show_tab(ResultsTab::Sensitivity);
    settle(&mut h);
    let cdr = sensitivity_points(&mut h);
    assert_eq!(cdr.len(), SENSITIVITY_POINTS);
    assert!((cdr.last().unwrap().0 - 0.20).abs() < 1e-12);
    // The driver picker is on the tab, named for assistive technology.
    h.get_by_role_and_label(Role::ComboBox, "Driver");
    h.state_mut().choose_sensitivity(Some(Driver::Cpr), None);
    let cpr = sensitivity_points(&mut h);
    assert_eq!(h.state().sensitivity().unwrap().driver, Driver::Cpr);
    assert_eq!(cpr.len(), SENSITIVITY_POINTS);
    assert!(cpr[0].0.abs() < 1e-12, "{cpr:?}");
    assert!((cpr.last().unwrap().0 - 0.30).abs() < 1e-12, "{cpr:?}");
    assert!(cpr.windows(2).all(|w| w[1].0 > w[0].0));
    assert!(cpr.iter().any(|p| p.1.is_some()));
    // The chart's x axis follows the driver.
    h.run_steps(2);
    assert!(h.query_by_label_contains("Highest CDR").is_none());
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_deal_file_opens_it() {
    let mut h = harness();
    settle(&mut h);
    let path = sample("receivables_deficiency_guarantee.ron");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    h.run_steps(2);
    assert_eq!(h.state().path(), Some(path.as_path()));
    settle(&mut h);
    assert!(h.state().results().is_some());
}

#[test]
fn unsaved_work_is_autosaved_and_offered_back() {
    let dir = TempDir::new("autosave");
    let options = || Options {
        storage: Some(Storage::at(dir.join("data"))),
        autosave_delay: Duration::ZERO,
        ..Options::default()
    };
    {
        let mut h = harness_with(options());
        settle(&mut h);
        h.state_mut()
            .queue(Command::edit(None, |d| d.name = "未保存 Unsaved".into()));
        h.run_steps(3);
        assert!(dir.join("data/autosave.ron").exists());
        // The app "crashes" here: dropped without saving.
    }
    let mut h = harness_with(options());
    h.run_steps(4);
    h.get_by_label("Recover unsaved work?");
    h.get_by_label("Recover").click();
    settle(&mut h);
    assert_eq!(h.state().deal().name, "未保存 Unsaved");
    assert!(h.state().is_dirty());
    h.state_mut()
        .queue(Command::SaveAsPath(dir.join("kept.ron")));
    h.run_steps(2);
    assert!(
        !dir.join("data/autosave.ron").exists(),
        "saving clears the autosave"
    );
}

#[test]
fn an_invalid_deal_keeps_the_last_figures_and_lists_the_errors() {
    let mut h = harness();
    settle(&mut h);
    let irr = irr_of(&h, "A");
    h.state_mut().queue(Command::edit(None, |d| {
        d.tranches[0].size = rust_decimal::Decimal::ZERO;
    }));
    settle(&mut h);
    assert!(
        h.state().results().is_none(),
        "no figures for an invalid deal"
    );
    assert!(h.state().issue_counts().0 >= 1);
    h.get_by_label_contains("The deal has errors");
    h.get_by_label(&format!("{:.3}%", irr * 100.0));
    assert!(h.query_all_by_label_contains("must be positive").count() >= 1);
}

/// Every sample deal opens, and every section and results tab draws without a panic, with
/// every input named for screen readers, and the app goes idle (no per-frame repaint).
#[test]
fn every_sample_deal_and_screen_draws_and_goes_idle() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let mut deals: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    deals.sort();
    assert!(deals.len() >= 3);
    for deal in deals {
        let mut h = harness_with(Options {
            startup: Startup::Path(deal.clone()),
            ..Options::default()
        });
        settle(&mut h);
        assert!(h.state().error_message().is_none(), "{}", deal.display());
        for section in Section::ALL {
            h.state_mut().show_section(section);
            for tab in ResultsTab::ALL {
                h.state_mut().show_tab(tab);
                if tab == ResultsTab::Sensitivity {
                    settle(&mut h);
                    for _ in 0..2_000 {
                        h.step();
                        if h.query_by_label_contains("Computing the sensitivity")
                            .is_none()
                        {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(2));
                    }
                }
                // `run` fails if frames keep being requested, and checks accessible names.
                h.run();
                let at = format!("{} {section:?} {tab:?}", deal.display());
                assert!(!h.state().is_dirty(), "looking is not editing: {at}");
            }
        }
    }
}

#[test]
fn ctrl_s_while_typing_saves_what_was_typed() {
    let dir = TempDir::new("ctrl-s");
    let path = dir.join("deal.ron");
    std::fs::copy(sample("data_asset_pledge_loans.ron"), &path).unwrap();
    let mut h = harness_with(Options {
        startup: Startup::Path(path.clone()),
        ..Options::default()
    });
    h.state_mut().show_section(Section::Terms);
    settle(&mut h);
    h.get_by_role_and_label(Role::TextInput, "Deal name")
        .focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Deal name")
        .type_text("改名 Renamed");
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(4);
    assert_eq!(h.state().deal().name, "改名 Renamed");
    assert!(!h.state().is_dirty());
    let saved = tranche_studio::io::load_deal(&path).unwrap().deal;
    assert_eq!(saved.name, "改名 Renamed");
}
