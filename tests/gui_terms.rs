//! GUI tests of the deal terms of issue 15, in the headless kittest harness (AccessKit only).
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use tranche_studio::app::{Options, Section, TrancheApp};
use tranche_studio::model::{Cover, Party, Step};

#[allow(dead_code)] // the shared module; this file needs only the harness
mod gui_common;
use gui_common::{harness_with, settle};

fn press(h: &mut Harness<'static, TrancheApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click_accesskit();
    h.run_steps(2);
}

#[test]
fn the_residual_step_can_pay_the_servicer() {
    // The built-in sample ends its waterfall with Residual("B") (step 7).
    let mut h = harness_with(Options::default());
    settle(&mut h);
    let before = h.state().results().unwrap().securities[1].total_residual;
    assert!(before > Decimal::ZERO);
    h.state_mut().show_section(Section::Waterfall);
    h.run_steps(2);
    press(&mut h, Role::ComboBox, "Steps 7");
    press(&mut h, Role::Button, "Residual to a party");
    settle(&mut h);
    assert_eq!(
        h.state().deal().waterfall.steps[6],
        Step::ResidualTo(Party::Originator)
    );
    press(&mut h, Role::ComboBox, "Steps 7 Residual to a party");
    press(&mut h, Role::Button, "Servicer");
    settle(&mut h);
    assert_eq!(
        h.state().deal().waterfall.steps[6],
        Step::ResidualTo(Party::Servicer)
    );
    // The same cash now reaches the servicer and B earns no residual: a step that dropped
    // the money, or paid it to the wrong holder, fails here.
    let r = h.state().results().unwrap();
    assert_eq!(r.party_residual.servicer, before);
    assert_eq!(r.party_residual.originator, Decimal::ZERO);
    assert_eq!(r.securities[1].total_residual, Decimal::ZERO);
}

#[test]
fn an_enhancement_can_cover_principal_on_the_maturity_date_only() {
    let mut h = harness_with(Options::default());
    settle(&mut h);
    h.state_mut().show_section(Section::Enhancements);
    h.run_steps(2);
    press(&mut h, Role::Button, "+ Add enhancement");
    press(
        &mut h,
        Role::Button,
        "enh1 Principal on the maturity date only, of A",
    );
    settle(&mut h);
    let covers = &h.state().deal().enhancements[0].covers;
    assert!(
        covers.contains(&Cover::MaturityDatePrincipal(vec!["A".into()])),
        "{covers:?}"
    );
    // The on-and-after cover the new enhancement started with is still there.
    assert!(covers.contains(&Cover::MaturityPrincipal(vec!["A".into()])));
}
