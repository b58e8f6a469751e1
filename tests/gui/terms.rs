//! GUI tests of the deal terms of issue 15, in the headless kittest harness (AccessKit only).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use tranche_studio::app::{Options, ResultsTab, Section, Startup, TrancheApp};
use tranche_studio::model::{Cover, Party, RateIndex, Step, TriggerTest};

use crate::common::{harness_with, sample, settle};

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

#[test]
fn a_tranche_switched_to_lpr_keeps_its_coupon_until_the_path_moves() {
    let mut h = harness_with(Options::default());
    settle(&mut h);
    let old = h.state().deal().tranches[0].coupon;
    let interest = h.state().results().unwrap().periods[0].tranches[0].interest_paid;
    h.state_mut().show_section(Section::Tranches);
    h.run_steps(2);
    press(&mut h, Role::ComboBox, "Coupon type A");
    press(&mut h, Role::Button, "1Y LPR + spread");
    settle(&mut h);
    let deal = h.state().deal();
    assert_eq!(
        deal.tranches[0].floating.as_ref().map(|f| f.index),
        Some(RateIndex::Lpr1Y)
    );
    // A zero spread over an LPR path held at the old coupon in every scenario: the deal
    // stays valid and A's first interest does not move.
    assert_eq!(deal.tranches[0].coupon, 0.0);
    assert!(deal.scenarios.iter().all(|s| s.rate_paths.len() == 1));
    let r = h.state().results().expect("valid with its paths");
    assert_eq!(r.periods[0].tranches[0].coupon_rate, Some(old));
    assert_eq!(r.periods[0].tranches[0].interest_paid, interest);
    // The scenario's path, edited as text: LPR at 1% from before closing.
    h.state_mut().show_section(Section::Scenarios);
    h.run_steps(2);
    let label = "Benchmark rate path 1Y LPR";
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text("2020-01-01 1");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let r = h.state().results().unwrap();
    assert_eq!(r.periods[0].tranches[0].coupon_rate, Some(0.01));
    assert!(r.periods[0].tranches[0].interest_paid < interest);
}

#[test]
fn a_trigger_can_test_the_providers_rating() {
    let mut h = harness_with(Options::default());
    settle(&mut h);
    h.state_mut().show_section(Section::Enhancements);
    h.run_steps(2);
    // A provider to test: the sample's first enhancement's, or a new one's.
    if h.state().deal().enhancements.is_empty() {
        press(&mut h, Role::Button, "+ Add enhancement");
    }
    press(&mut h, Role::Button, "+ Add trigger");
    let id = h.state().deal().triggers.last().unwrap().id.clone();
    press(&mut h, Role::ComboBox, &format!("Test {id}"));
    press(&mut h, Role::Button, "Provider's rating below");
    settle(&mut h);
    let deal = h.state().deal();
    let provider = deal.enhancements[0].provider.clone();
    assert_eq!(
        deal.triggers.last().unwrap().test,
        TriggerTest::ProviderRating {
            provider,
            below: "AA+".into()
        }
    );
    press(
        &mut h,
        Role::ComboBox,
        &format!("Provider's rating below {id}"),
    );
    press(&mut h, Role::Button, "AA-");
    settle(&mut h);
    assert!(matches!(
        &h.state().deal().triggers.last().unwrap().test,
        TriggerTest::ProviderRating { below, .. } if below == "AA-"
    ));
}

#[test]
fn a_pledges_appraised_value_is_edited_in_the_pool_grid_and_moves_the_ltv() {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_pledge_collateral.ron")),
        ..Options::default()
    });
    settle(&mut h);
    // Seven pledged loans, 108,000,000 against 202,000,000 of appraised data assets.
    let ltv = h.state().results().unwrap().pool.pledge_ltv.unwrap();
    assert!((ltv - 108.0 / 202.0).abs() < 1e-12, "{ltv}");
    h.state_mut().show_section(Section::Pool);
    h.run_steps(2);
    let label = "Appraised value (CNY) RG01";
    // Out of view in the grid it is a plain button; clicked, it scrolls in as an input.
    h.get_by_label(label).click_accesskit();
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text("14000000");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let pledge = h.state().deal().pool.assets[0].pledge.clone().unwrap();
    assert_eq!(pledge.appraised_value, Decimal::new(14_000_000, 0));
    // 108,000,000 / (202,000,000 − 48,000,000 + 14,000,000 = 168,000,000).
    let ltv = h.state().results().unwrap().pool.pledge_ltv.unwrap();
    assert!((ltv - 108.0 / 168.0).abs() < 1e-12, "{ltv}");
    // The scenario's value stress is edited with the other assumptions.
    h.state_mut().show_section(Section::Scenarios);
    h.run_steps(2);
    h.get_by_role_and_label(Role::Slider, "Pledge value stress");
}
