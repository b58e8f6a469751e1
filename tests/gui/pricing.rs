//! The price/yield calculator under the results, through AccessKit, in both languages. The
//! default sample (鑫欣数据资产1期) settles on 2025-09-15 (its `pricing` section).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tranche_studio::app::{Lang, Options, Settings, TrancheApp};

// The shared helpers this file does not use are used by the other GUI tests.
#[allow(dead_code)]
use crate::common::{harness_with, settle};

fn open_calculator(h: &mut Harness<'static, TrancheApp>, title: &str) {
    settle(h);
    h.get_by_label(title).scroll_to_me();
    h.run_steps(3);
    h.get_by_label(title).click();
    h.run_steps(3);
}

fn retype(h: &mut Harness<'static, TrancheApp>, field: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, field)
        .scroll_to_me();
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    h.run_steps(3);
}

#[test]
fn the_calculator_prices_the_senior_at_settlement() {
    let mut h = harness_with(Options::default());
    open_calculator(&mut h, "Pricing at settlement");
    let settle_field = h.get_by_role_and_label(Role::TextInput, "Settlement date");
    assert_eq!(settle_field.value().as_deref(), Some("2025-09-15"));
    // The senior at a clean price of 100 (the default quote), last paid 2025-07-18:
    // 18 Jul → 15 Sep = 13 + 31 + 15 = 59 days accrued.
    assert!(
        h.query_by_label("100.0000").is_some(),
        "the clean price quoted"
    );
    assert!(h.query_all_by_label("59").count() >= 1, "59 days accrued");

    // Bought at par on the closing date nothing has accrued and the yield is the senior's
    // own IRR at par (the same flows from the same date).
    retype(&mut h, "Settlement date", "2025-04-18");
    let irr = h.state().results().unwrap().securities[0].irr.unwrap();
    // Nothing accrued: 0.0000 per 100 (and 0.00 of interest).
    assert_eq!(h.query_all_by_label("0.0000").count(), 1);
    assert!(
        h.query_by_label(&format!("{:.4}%", irr * 100.0)).is_some(),
        "yield {:.4}%",
        irr * 100.0
    );
    assert_eq!(
        h.query_all_by_label("100.0000").count(),
        2,
        "clean = dirty = 100"
    );

    // A quote that is not a number says so; a settlement before closing too.
    retype(&mut h, "Quote", "abc");
    assert!(h.query_by_label_contains("not a number").is_some());
    retype(&mut h, "Quote", "100");
    retype(&mut h, "Settlement date", "2025-04-17");
    assert!(
        h.query_by_label_contains("before the closing date")
            .is_some()
    );
    assert!(
        !h.state().is_dirty(),
        "the calculator does not edit the deal"
    );
}

#[test]
fn the_calculator_speaks_chinese() {
    let mut h = harness_with(Options {
        settings: Some(Settings {
            lang: Lang::Zh,
            ..Settings::default()
        }),
        ..Options::default()
    });
    open_calculator(&mut h, "结算定价");
    for label in [
        "结算日",
        "兑付日调整",
        "报价方式",
        "净价",
        "全价",
        "应计利息",
        "计息天数",
        "到期收益率",
        "凸性",
    ] {
        assert!(h.query_all_by_label(label).count() >= 1, "{label}");
    }
    // The sample pays on scheduled dates: no business-day adjustment.
    assert!(h.query_by_label("不调整").is_some());
    retype(&mut h, "结算日", "2025-04-17");
    assert!(h.query_by_label_contains("结算日早于设立日").is_some());
}
