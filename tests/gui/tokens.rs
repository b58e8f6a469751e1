//! GUI tests of the security-token section: the terms edited, and the per-unit schedule of a
//! strip shown in CNY and in the offshore currency.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tranche_studio::app::{Lang, Options, Section, Settings, Startup, TrancheApp};
use tranche_studio::model::StripPart;

#[allow(dead_code)] // the shared module; this file needs only some of it
use crate::common::{harness_with, sample, settle};

fn press(h: &mut Harness<'static, TrancheApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click_accesskit();
    h.run_steps(2);
}

fn token_sample(lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("token_income_strips.ron")),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h.state_mut().show_section(Section::Tokens);
    h.run_steps(3);
    h
}

#[test]
fn a_strip_schedule_is_shown_per_unit_in_cny_and_hkd() {
    let mut h = token_sample(Lang::En);
    press(&mut h, Role::ComboBox, "Token");
    press(&mut h, Role::Button, "A-Y1 第一年收益权");
    // The strips' cards above push the table down: scroll the editor (under the pointer).
    h.event(egui::Event::PointerMoved(egui::pos2(400.0, 400.0)));
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -400.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    // A's first interest: 300,000,000.00 × 2.4% × 91 / 365 = 1,795,068.49; over the strip's
    // 100,000 units 17.9506… → 17.95 each, and 1,795,068.49 − 1,795,000.00 = 68.49 carried.
    // 17.95 is the interest and the total per unit (the strip takes no principal).
    assert_eq!(h.query_all_by_label("17.95").count(), 2);
    h.get_by_label("68.49");
    // The strip's units with separators in the table (as every count on screen).
    assert!(h.query_all_by_label("100,000").count() >= 4);
    assert!(h.query_by_label("100000").is_none());
    // Its window ends on 2027-04-01 (4 dates); the record date is 2 days before payment.
    h.get_by_label("2027-04-01");
    h.get_by_label("2027-03-30");
    assert!(h.query_by_label("2027-07-01").is_none());
    // In HKD at 0.9210: 1,795,068.49 / 0.921 → 1,949,042.87 HKD (0.00673 CNY not
    // converted); / 100,000 → 19.49 each, 42.87 HKD carried.
    press(&mut h, Role::CheckBox, "In the second currency");
    assert_eq!(h.query_all_by_label("19.49").count(), 2);
    h.get_by_label("42.87");
    h.get_by_label("0.00673");
    assert!(!h.state().is_dirty(), "looking is not editing");
}

#[test]
fn the_token_terms_are_edited_in_the_section() {
    let mut h = token_sample(Lang::En);
    // S has no terms of its own: 50,000,000.00 / 100 = 500,000 units by default.
    press(&mut h, Role::ComboBox, "Security");
    press(&mut h, Role::Button, "S");
    h.get_by_label("Default: one unit per 100 CNY: 500,000");
    press(&mut h, Role::CheckBox, "Own token terms for this security");
    press(&mut h, Role::Button, "Split: interest by year + principal");
    settle(&mut h);
    let deal = h.state().deal();
    let s = &deal.tokens.as_ref().unwrap().securities[1];
    assert_eq!(s.security, "S");
    // Closing 2026-04-01, legal final 2028-10-01: interest strips to 2027-04-01, to
    // 2028-04-01 and after it, then the principal strip.
    let windows: Vec<_> = s
        .strips
        .iter()
        .map(|x| {
            (
                x.id.as_str(),
                x.part,
                x.from.map(|d| d.to_string()),
                x.to.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        windows,
        [
            ("S-Y1", StripPart::Interest, None, Some("2027-04-01".into())),
            (
                "S-Y2",
                StripPart::Interest,
                Some("2027-04-01".into()),
                Some("2028-04-01".into())
            ),
            ("S-Y3", StripPart::Interest, Some("2028-04-01".into()), None),
            ("S-P", StripPart::Principal, None, None),
        ]
    );
    // The split is valid and computed: the new strip tokens can be chosen.
    assert!(h.state().error_message().is_none());
    press(&mut h, Role::ComboBox, "Token");
    h.get_by_role_and_label(Role::Button, "S-Y3");
    // The base scenario's rate path, typed: 0.92 then 0.90.
    h.get_by_role_and_label(Role::TextInput, "Rate on each payment date")
        .focus();
    h.step();
    h.get_by_role_and_label(Role::TextInput, "Rate on each payment date")
        .type_text("0.92, 0.90");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let rates: Vec<String> = h.state().deal().scenarios[0]
        .fx_rates
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(rates, ["0.92", "0.90"]);
    // Removing the offshore currency leaves CNY only.
    press(&mut h, Role::CheckBox, "Also in a second currency");
    settle(&mut h);
    assert!(h.state().deal().tokens.as_ref().unwrap().offshore.is_none());
}

#[test]
fn the_token_section_speaks_chinese() {
    let h = token_sample(Lang::Zh);
    for label in [
        "资产支持证券代币",
        "收益权分拆（基于特定时间的收益权）",
        "境内资产境外发行",
        "每份分配表",
        "每份利息",
        "结转尾差",
    ] {
        assert!(h.query_all_by_label(label).count() >= 1, "{label}");
    }
}
