//! The revolving-period editor (循环购买) through AccessKit: switched on under the waterfall,
//! its criteria edited, its columns in the cash-flow table, in English and Chinese.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use tranche_studio::app::{Lang, Options, ResultsTab, Section, Settings, Startup, TrancheApp};

use crate::common::{harness_with, sample, settle};

fn type_into(h: &mut Harness<'static, TrancheApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label)
        .scroll_to_me();
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.step();
    h.key_press(egui::Key::Enter);
    settle(h);
}

#[test]
fn a_revolving_period_buys_with_the_principal_collections_until_a_criterion_refuses() {
    // The built-in sample (quarterly from 2025-07-18) with a revolving period switched on:
    // one asset type at 5%, 6 months, bought to the date nine months after the first.
    let mut h = harness_with(Options::default());
    settle(&mut h);
    h.state_mut().show_section(Section::Waterfall);
    h.run_steps(2);
    let on = "Principal collections buy new assets during a revolving period";
    h.get_by_role_and_label(Role::CheckBox, on).scroll_to_me();
    h.run_steps(2);
    h.get_by_role_and_label(Role::CheckBox, on)
        .click_accesskit();
    h.run_steps(2);
    settle(&mut h);
    let rev = h.state().deal().revolving.clone().expect("switched on");
    assert_eq!(rev.end.to_string(), "2026-04-18");
    let r = h.state().results().expect("valid with a revolving period");
    // Date 1: every fen of principal collected buys new assets. The sample pays principal
    // by the pool's decline, which the purchases offset: only the defaults net of
    // recoveries are repaid (from the excess spread).
    let p = &r.periods[0];
    let principal = p.pool.scheduled_principal + p.pool.prepayments + p.pool.recoveries;
    assert!(principal > Decimal::ZERO);
    let rv = p.revolving.as_ref().unwrap();
    assert_eq!(rv.purchases, principal);
    assert_eq!(rv.uninvested, Decimal::ZERO);
    let repaid: Decimal = p.tranches.iter().map(|t| t.principal_paid).sum();
    assert_eq!(
        repaid,
        (p.pool.defaults - p.pool.recoveries).max(Decimal::ZERO)
    );
    // Dates 1 to 4 (to 2026-04-18) revolve; date 5 amortises.
    let states: Vec<bool> = r.periods[..5]
        .iter()
        .map(|p| p.revolving.as_ref().unwrap().revolving)
        .collect();
    assert_eq!(states, [true, true, true, true, false]);

    // A 6% minimum rate refuses the 5% asset type: the same cash is kept, not spent.
    type_into(&mut h, "Lowest rate", "6");
    assert_eq!(
        h.state()
            .deal()
            .revolving
            .as_ref()
            .unwrap()
            .eligibility
            .min_rate,
        Some(0.06)
    );
    let r = h.state().results().unwrap();
    let p = &r.periods[0];
    let rv = p.revolving.as_ref().unwrap();
    assert_eq!(rv.purchases, Decimal::ZERO);
    // The cash kept is still pool: the decline the securities see is unchanged.
    let repaid: Decimal = p.tranches.iter().map(|t| t.principal_paid).sum();
    assert_eq!(
        repaid,
        (p.pool.defaults - p.pool.recoveries).max(Decimal::ZERO)
    );
    assert_eq!(rv.ineligible, principal);
    assert_eq!(rv.uninvested, principal);

    // The cash-flow table shows the purchases, the cash kept and each date's state.
    h.state_mut().show_tab(ResultsTab::CashFlows);
    h.run_steps(3);
    h.get_by_label("Uninvested cash kept");
    h.get_by_label("Revolving or amortising");
    assert!(h.query_all_by_label("Revolving").count() >= 1);
}

#[test]
fn the_revolving_sample_reads_in_chinese() {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("revolving_receivables.ron")),
        settings: Some(Settings {
            lang: Lang::Zh,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h.state_mut().show_section(Section::Waterfall);
    h.run_steps(3);
    for label in [
        "合格标准",
        "单一债务人占比上限",
        "单一行业占比上限",
        "提前摊还事件",
    ] {
        assert!(
            h.query_all_by_label(label).next().is_some(),
            "{label} is not on the waterfall section"
        );
    }
    h.get_by_role_and_label(Role::TextInput, "单一债务人占比上限");
    // The sample's base case revolves four dates, then amortises at the end date.
    let r = h.state().results().unwrap();
    let m = r.pool.revolving.as_ref().unwrap();
    assert_eq!(
        m.ended_by,
        Some(tranche_studio::results::RevolvingEnd::EndDate)
    );
    h.state_mut().show_tab(ResultsTab::CashFlows);
    h.run_steps(3);
    h.get_by_label("未投资留存");
    assert!(h.query_all_by_label("循环期").count() >= 4);
    assert!(h.query_all_by_label("摊还期").count() >= 1);
}
