//! The delinquency assumption (逾期假设) of a scenario and the delinquency trigger, edited
//! through AccessKit, and their columns in the cash-flow table.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tranche_studio::app::{Lang, Options, ResultsTab, Section, Settings, Startup, TrancheApp};
use tranche_studio::model::{DelinquencyBasis, DelinquencyBucket, TriggerTest};

use crate::common::{harness_with, sample, settle};

fn press(h: &mut Harness<'static, TrancheApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click_accesskit();
    h.run_steps(2);
}

#[test]
fn a_scenario_gets_a_delinquency_assumption_and_a_trigger_reads_it() {
    let mut h = harness_with(Options::default());
    settle(&mut h);
    let shown = h.state().results().unwrap().scenario.clone();
    assert!(
        h.state()
            .deal()
            .scenarios
            .iter()
            .all(|s| s.delinquency.is_none())
    );
    h.state_mut().show_section(Section::Scenarios);
    h.run_steps(2);
    // No cure sliders before the assumption is on.
    assert!(
        h.query_by_label("Cures at 30 days overdue (per month)")
            .is_none()
    );
    press(
        &mut h,
        Role::CheckBox,
        "Model overdue balances before default",
    );
    settle(&mut h);
    h.get_by_role_and_label(Role::Slider, "Cures at 30 days overdue (per month)")
        .set_value_accesskit(0.5);
    settle(&mut h);
    let deal = h.state().deal();
    let s = deal.scenarios.iter().find(|s| s.name == shown).unwrap();
    let dq = s
        .delinquency
        .expect("the shown scenario has the assumption");
    assert_eq!((dq.cure_30, dq.cure_60, dq.cure_90), (0.5, 0.0, 0.0));
    // The run reports overdue balances now, with no trigger ratio yet.
    let r = h.state().results().unwrap();
    assert!(
        r.periods
            .iter()
            .all(|p| p.delinquency.as_ref().is_some_and(|x| x.ratios.is_empty()))
    );

    h.state_mut().show_section(Section::Enhancements);
    h.run_steps(2);
    press(&mut h, Role::Button, "+ Add trigger");
    let id = h.state().deal().triggers.last().unwrap().id.clone();
    press(&mut h, Role::ComboBox, &format!("Test {id}"));
    press(&mut h, Role::Button, "Delinquency ratio above");
    settle(&mut h);
    assert_eq!(
        h.state().deal().triggers.last().unwrap().test,
        TriggerTest::Delinquency {
            bucket: DelinquencyBucket::Days90,
            basis: DelinquencyBasis::Current,
            above: 0.01,
            periods: 1
        }
    );
    press(&mut h, Role::ComboBox, &format!("Overdue bucket {id}"));
    press(&mut h, Role::Button, "60+ days overdue");
    settle(&mut h);
    press(&mut h, Role::ComboBox, &format!("Measured on {id}"));
    press(&mut h, Role::Button, "of the initial pool balance");
    settle(&mut h);
    assert!(matches!(
        h.state().deal().triggers.last().unwrap().test,
        TriggerTest::Delinquency {
            bucket: DelinquencyBucket::Days60,
            basis: DelinquencyBasis::Initial,
            periods: 1,
            ..
        }
    ));
    // Each period reports the new trigger's ratio: 60+ over the initial pool balance.
    let r = h.state().results().unwrap();
    let initial = r.pool.initial_balance;
    for p in &r.periods {
        let x = p.delinquency.as_ref().unwrap();
        assert_eq!(&*x.ratios[0].trigger, id.as_str());
        let expected =
            tranche_studio::money::to_f64(x.days_60_plus) / tranche_studio::money::to_f64(initial);
        assert_eq!(x.ratios[0].ratio, Some(expected), "date {}", p.date);
    }
    // The cash-flow table has the three balances and the trigger's ratio.
    h.state_mut().show_tab(ResultsTab::CashFlows);
    h.run_steps(3);
    h.get_by_label("30+ days overdue");
    h.get_by_label("60+ days overdue");
    h.get_by_label("90+ days overdue");
    h.get_by_label(&format!("{id} delinquency ratio"));
    // Switched off again: no overdue balances, and the trigger is warned about.
    h.state_mut().show_section(Section::Scenarios);
    h.run_steps(2);
    press(
        &mut h,
        Role::CheckBox,
        "Model overdue balances before default",
    );
    settle(&mut h);
    let r = h.state().results().unwrap();
    assert!(r.periods.iter().all(|p| p.delinquency.is_none()));
    assert!(r.warnings.iter().any(|w| w.code == "W-NO-DELINQUENCY"));
}

#[test]
fn the_lease_sample_shows_its_delinquency_terms_in_chinese() {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_empowered_leases.ron")),
        settings: Some(Settings {
            lang: Lang::Zh,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h.state_mut().show_section(Section::Scenarios);
    h.run_steps(2);
    h.get_by_label("逾期假设");
    h.get_by_role_and_label(Role::Slider, "逾期30天当月转回正常比例");
    h.get_by_role_and_label(Role::Slider, "逾期90天当月转回正常比例");
    h.state_mut().show_section(Section::Enhancements);
    h.run_steps(2);
    h.get_by_role_and_label(Role::ComboBox, "逾期档次 dq60");
    h.get_by_role_and_label(Role::SpinButton, "连续期数 dq60");
    h.state_mut().show_tab(ResultsTab::CashFlows);
    h.run_steps(3);
    h.get_by_label("逾期60天以上");
    h.get_by_label("dq60 逾期率");
}
