//! GUI tests of the deal terms of issue 15, in the headless kittest harness (AccessKit only).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use tranche_studio::app::{Options, ResultsTab, Section, TrancheApp};
use tranche_studio::model::{Cover, Party, Step};

#[allow(dead_code)] // the shared module; this file needs only the harness
use crate::common::{harness_with, settle};

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
    // The cash-flow table gains the servicer's column (and only it: nothing to the originator).
    h.state_mut().show_tab(ResultsTab::CashFlows);
    h.run_steps(3);
    h.get_by_label("Residual to the servicer");
    assert!(h.query_by_label("Residual to the originator").is_none());
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

#[test]
fn the_clean_up_call_is_edited_under_the_waterfall() {
    let mut h = harness_with(Options::default());
    settle(&mut h);
    // Without a call: the first date whose closing pool balance is below 15% of the initial.
    let r = h.state().results().unwrap();
    let level = r.pool.initial_balance * Decimal::new(15, 2);
    let expected = r
        .periods
        .iter()
        .find(|p| p.pool.closing_balance > Decimal::ZERO && p.pool.closing_balance < level)
        .map(|p| p.date);
    assert!(expected.is_some());
    h.state_mut().show_section(Section::Waterfall);
    h.run_steps(2);
    press(
        &mut h,
        Role::CheckBox,
        "The originator may buy the remaining pool",
    );
    settle(&mut h);
    let below = "Exercised below this share of the initial pool";
    h.get_by_role_and_label(Role::SpinButton, below)
        .scroll_to_me();
    h.run_steps(3);
    h.get_by_role_and_label(Role::SpinButton, below).click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::SpinButton, below)
        .type_text("15");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().deal().clean_up_call.as_ref().unwrap().below, 0.15);
    let r = h.state().results().unwrap();
    assert_eq!(r.pool.call_date, expected);
    assert_eq!(
        r.periods.last().map(|p| p.date),
        expected,
        "the call date is final"
    );
    press(&mut h, Role::ComboBox, "Call price");
    press(&mut h, Role::Button, "Stated price per 100");
    settle(&mut h);
    assert_eq!(
        h.state().deal().clean_up_call.as_ref().unwrap().price,
        tranche_studio::model::CallPrice::PerHundred(100.0)
    );
    h.get_by_role_and_label(Role::SpinButton, "Stated price per 100");
}

#[test]
fn vat_is_switched_on_with_its_tax_step() {
    let mut h = harness_with(Options::default());
    settle(&mut h);
    h.state_mut().show_section(Section::Waterfall);
    h.run_steps(2);
    let label = "The plan pays VAT and surcharges on its interest income";
    press(&mut h, Role::CheckBox, label);
    settle(&mut h);
    let deal = h.state().deal();
    assert_eq!(
        deal.vat.as_ref().map(|v| (v.rate, v.surcharge_rate)),
        Some((0.03, 0.12))
    );
    assert_eq!(deal.waterfall.steps[0], Step::Tax);
    assert_eq!(deal.waterfall.post_trigger.as_ref().unwrap()[0], Step::Tax);
    // The deal stays valid and the first date pays interest × 3 / 103 of VAT.
    let r = h.state().results().expect("valid with its Tax steps");
    let p1 = &r.periods[0];
    let vat = (p1.pool.interest * Decimal::new(3, 0) / Decimal::new(103, 0))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(p1.tax.vat, vat);
    h.get_by_role_and_label(Role::SpinButton, "Surcharges as a share of the VAT");
    // Switching it off takes the steps out again.
    press(&mut h, Role::CheckBox, label);
    settle(&mut h);
    assert!(h.state().deal().vat.is_none());
    assert!(!h.state().deal().waterfall.steps.contains(&Step::Tax));
}
