//! GUI tests of holding-type deals (持有型不动产ABS) and of chart export, in the headless
//! kittest harness (no display, no GPU; the compute thread is real).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use tranche_studio::app::{
    Command, Dialogs, Driver, Lang, Options, ResultsTab, SENSITIVITY_POINTS, Section, Startup,
    TrancheApp,
};

use crate::common::{TempDir, harness_with, sample, sensitivity_points, settle};

fn highway() -> Harness<'static, TrancheApp> {
    harness_with(Options {
        startup: Startup::Path(sample("highway_concession.ron")),
        ..Options::default()
    })
}

fn shareholder_loan(h: &Harness<'static, TrancheApp>) -> rust_decimal::Decimal {
    let r = h.state().results().expect("current results");
    r.project_company.as_ref().unwrap().shareholder_loan
}

/// The read-out under the structure diagram, as the app formats it (亿元 with 2 decimals).
fn loan_label(x: rust_decimal::Decimal) -> String {
    let v: f64 = x.to_string().parse().unwrap();
    format!("shareholder loan: {:.2} CNY 100m", v / 1e8)
}

#[test]
fn holding_navigation_shows_the_double_spv_section() {
    let mut h = highway();
    settle(&mut h);
    assert!(
        h.query_by_role_and_label(Role::Button, "Double SPV")
            .is_some()
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "Operating asset")
            .is_some()
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "Incentives and support")
            .is_some()
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "Exits and expansion")
            .is_some()
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "Pool").is_none(),
        "no pool for a holding deal"
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "Tranches and fees")
            .is_none()
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "Priority of payments")
            .is_none()
    );
    // A holding deal opens on its double SPV, with the structure read-outs.
    h.get_by_role_and_label(Role::TextInput, "Total investment (CNY)");
    h.get_by_label(&loan_label(shareholder_loan(&h)));
    // The project company's tab is there, and the IRR sensitivity (on the asset's drivers).
    assert!(h.query_by_label("Project company").is_some());
    assert!(h.query_by_label("IRR sensitivity").is_some());
}

#[test]
fn the_equity_slider_changes_the_shareholder_loan_and_undo_restores_it() {
    let mut h = highway();
    h.state_mut().show_section(Section::Spv);
    settle(&mut h);
    let before = shareholder_loan(&h);
    let slider = || "Equity share of the plan's money";
    h.get_by_role_and_label(Role::Slider, slider())
        .set_value_accesskit(0.5);
    settle(&mut h);
    assert_eq!(
        h.state().deal().holding.as_ref().unwrap().spv.equity_ratio,
        0.5
    );
    let after = shareholder_loan(&h);
    assert!(
        after < before,
        "more equity, less loan: {before} -> {after}"
    );
    h.get_by_label(&loan_label(after));
    assert!(h.state().is_dirty());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    assert_eq!(
        h.state().deal().holding.as_ref().unwrap().spv.equity_ratio,
        0.34
    );
    assert_eq!(shareholder_loan(&h), before);
    h.get_by_label(&loan_label(before));
    assert!(!h.state().is_dirty());
}

#[test]
fn moving_the_expected_value_moves_the_incentive_chart() {
    let mut h = highway();
    h.state_mut().show_section(Section::Incentives);
    settle(&mut h);
    h.get_by_label_contains("Expected 2.85 CNY 100m");
    let field = "Expected NOI per year (CNY)";
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("3.2亿");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let inc = h.state().deal().holding.clone().unwrap().incentive.unwrap();
    assert_eq!(inc.expected_noi, rust_decimal::Decimal::from(320_000_000));
    // The chart's read-out moved with the threshold.
    assert!(
        h.query_by_label_contains("Expected 2.85 CNY 100m")
            .is_none()
    );
    h.get_by_label_contains("Expected 3.20 CNY 100m");
}

#[test]
fn every_holding_section_and_tab_draws_in_chinese_too() {
    for lang in [Lang::En, Lang::Zh] {
        let mut h = harness_with(Options {
            startup: Startup::Path(sample("rental_housing_expansion.ron")),
            ..Options::default()
        });
        h.state_mut().queue(Command::SetLanguage(lang));
        settle(&mut h);
        for &section in Section::for_deal(true) {
            h.state_mut().show_section(section);
            for &tab in ResultsTab::for_deal(true) {
                h.state_mut().show_tab(tab);
                h.run();
                assert!(!h.state().is_dirty(), "{section:?} {tab:?}");
            }
        }
    }
}

#[test]
fn market_units_irr_rises_with_occupancy() {
    let mut h = highway();
    h.state_mut().show_tab(ResultsTab::Sensitivity);
    settle(&mut h);
    // A holding deal sweeps its first driver, revenue growth, by default.
    let growth = sensitivity_points(&mut h);
    assert_eq!(
        h.state().sensitivity().unwrap().driver,
        Driver::RevenueGrowth
    );
    assert!((growth[0].0 + 0.05).abs() < 1e-12);
    assert!((growth.last().unwrap().0 - 0.08).abs() < 1e-12);
    h.state_mut()
        .choose_sensitivity(Some(Driver::Occupancy), Some("market"));
    let occ = sensitivity_points(&mut h);
    assert_eq!(h.state().sensitivity().unwrap().driver, Driver::Occupancy);
    assert_eq!(occ.len(), SENSITIVITY_POINTS);
    assert!((occ[0].0 - 0.5).abs() < 1e-12 && (occ.last().unwrap().0 - 1.0).abs() < 1e-12);
    let irr: Vec<f64> = occ
        .iter()
        .map(|p| p.1.expect("an IRR at every occupancy"))
        .collect();
    // Rising at every step. (The dip that an earlier engine showed between 82.5% and 87.5%
    // came from the originator's subordination handing the market units whole distributions
    // below 达标值; the support is now capped at the market units' return gap. Below 90% the
    // guarantee payment shrinks as NOI grows, but by less than the NOI gained.)
    assert!(irr.windows(2).all(|w| w[1] > w[0]), "not rising: {irr:?}");
    assert!(irr[20] > irr[0] + 0.01, "{irr:?}");
}

/// Answers the chart save dialog with a file in `dir`, named as the app suggests.
struct SaveInto(PathBuf);

impl Dialogs for SaveInto {
    fn save_chart(&mut self, file_name: &str, _svg: bool) -> Option<PathBuf> {
        Some(self.0.join(file_name))
    }
    fn pick_folder(&mut self) -> Option<PathBuf> {
        Some(self.0.join("all"))
    }
}

fn click(h: &mut Harness<'static, TrancheApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(3);
}

#[test]
fn a_chart_exports_to_png_and_svg_through_the_dialog() {
    let dir = TempDir::new("h-export");
    let mut h = harness_with(Options {
        dialogs: Box::new(SaveInto(dir.0.clone())),
        ..Options::default()
    });
    settle(&mut h);
    click(&mut h, "Export… distributions");
    h.get_by_role_and_label(Role::SpinButton, "Resolution (dpi)");
    click(&mut h, "Export");
    let png = std::fs::read(dir.join("distributions.png")).expect("the PNG was written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    h.get_by_label_contains("Exported");

    h.state_mut().show_tab(ResultsTab::Irr);
    h.run_steps(3);
    click(&mut h, "Export… irr");
    click(&mut h, "SVG");
    click(&mut h, "Export");
    let svg = std::fs::read_to_string(dir.join("irr.svg")).expect("the SVG was written");
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..40]
    );
}

#[test]
fn export_all_writes_into_the_picked_folder_and_errors_reach_the_status_bar() {
    let dir = TempDir::new("h-all");
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("highway_concession.ron")),
        dialogs: Box::new(SaveInto(dir.0.clone())),
        ..Options::default()
    });
    settle(&mut h);
    h.state_mut().queue(Command::ExportAll);
    // The frame that starts the export returns at once: the files are written off the UI
    // thread while the status bar counts them.
    h.step();
    assert!(h.state().exporting());
    crate::common::exported(&mut h);
    assert!(dir.join("all").join("distributions.png").exists());
    assert!(dir.join("all").join("term_sheet.md").exists());
    // A file where the folder should be: the error shows in the status bar.
    let blocked = dir.join("blocked");
    std::fs::write(&blocked, "x").unwrap();
    h.state_mut().queue(Command::ExportAllPath(blocked));
    h.run_steps(1);
    crate::common::exported(&mut h);
    h.get_by_label_contains("Export failed:");
}

/// Text that is Rust's names or debug output rather than words.
const DEBUG_TEXT: [&str; 12] = [
    "{",
    "}",
    "Some(",
    "HoldToEnd",
    "RightOfFirstPurchase",
    "ReitConversion",
    "OpenPeriod",
    "PaidIn",
    "EqualPrincipal",
    "CapitalReduction",
    "LiquiditySupport",
    "Concession(",
];

fn debug_text_on_screen(h: &Harness<'static, TrancheApp>) -> Vec<String> {
    h.query_all_by(|n| {
        [n.label(), n.value()]
            .into_iter()
            .flatten()
            .any(|s| DEBUG_TEXT.iter().any(|d| s.contains(d)))
    })
    .map(|n| format!("{n:?}"))
    .collect()
}

/// (section, role, English label, Chinese label) of each editor added for issue 11.
const EDITORS: [(Section, Role, &str, &str); 26] = [
    (
        Section::Asset,
        Role::Button,
        "Add a year Capex by operating year (CNY)",
        "增加一年 逐年资本性支出（元）",
    ),
    (
        Section::Incentives,
        Role::Button,
        "Add a year Floor NOI by operating year (CNY)",
        "增加一年 逐年达标值（元）",
    ),
    (
        Section::Incentives,
        Role::Button,
        "Add a year Expected NOI by operating year (CNY)",
        "增加一年 逐年预期值（元）",
    ),
    (
        Section::Incentives,
        Role::Button,
        "Add a year Committed NOI by operating year (CNY)",
        "增加一年 逐年承诺 NOI（元）",
    ),
    (
        Section::Incentives,
        Role::Button,
        "Remove the last year Floor NOI by operating year (CNY)",
        "删除最后一年 逐年达标值（元）",
    ),
    (
        Section::Incentives,
        Role::SpinButton,
        "Remediation periods before the cut",
        "整改期（低于达标值的连续期数）",
    ),
    (
        Section::Incentives,
        Role::CheckBox,
        "Own target (else the market hurdle)",
        "单独设定（否则为市场份额门槛收益率）",
    ),
    (
        Section::Incentives,
        Role::Button,
        "+ Add step",
        "+ 新增档位",
    ),
    (
        Section::Spv,
        Role::Button,
        "Hurdle accrues on Paid-in capital",
        "门槛收益计算基数 实缴本金",
    ),
    (
        Section::Spv,
        Role::Button,
        "Hurdle accrues on Capital not yet returned",
        "门槛收益计算基数 未返还本金",
    ),
    (
        Section::Spv,
        Role::SpinButton,
        "Trapped cash alert (× annual NOI)",
        "沉淀现金预警（年 NOI 倍数）",
    ),
    (
        Section::Spv,
        Role::CheckBox,
        "Limit deductible loan interest to it",
        "超出部分利息不得税前扣除",
    ),
    (
        Section::Spv,
        Role::Button,
        "Depreciation By years",
        "折旧方法 按年",
    ),
    (
        Section::Spv,
        Role::Button,
        "Depreciation By days",
        "折旧方法 按天",
    ),
    (
        Section::Spv,
        Role::CheckBox,
        "Return trapped cash to the plan",
        "沉淀现金返还专项计划",
    ),
    (
        Section::Spv,
        Role::Button,
        "Bank repayment Equal principal",
        "银行借款还款方式 等额本金",
    ),
    (
        Section::Spv,
        Role::Button,
        "Bank repayment Bullet",
        "银行借款还款方式 到期一次还本",
    ),
    (
        Section::Spv,
        Role::Button,
        "Bank repayment Schedule",
        "银行借款还款方式 计划还款",
    ),
    (
        Section::Spv,
        Role::CheckBox,
        "Refinance at maturity",
        "到期再融资",
    ),
    (
        Section::Exits,
        Role::Button,
        "+ Add window",
        "+ 新增开放窗口",
    ),
    (
        Section::Exits,
        Role::Slider,
        "Market units asking to redeem in each window",
        "每个开放窗口申请赎回比例",
    ),
    (
        Section::Exits,
        Role::Button,
        "+ Add round",
        "+ 新增扩募轮次",
    ),
    (
        Section::Exits,
        Role::SpinButton,
        "Spread over the CDB curve",
        "国开债收益率曲线之上的利差",
    ),
    (
        Section::Exits,
        Role::CheckBox,
        "Calibrate the spread: NAV at issue = unit face",
        "校准利差：发行时份额净值等于面值",
    ),
    (Section::Exits, Role::TextInput, "Expansion date", "扩募日"),
    (Section::Asset, Role::TextInput, "Asset name", "资产名称"),
];

fn rental_in(lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("rental_housing_expansion.ron")),
        ..Options::default()
    });
    h.state_mut().queue(Command::SetLanguage(lang));
    settle(&mut h);
    h
}

#[test]
fn every_new_holding_editor_is_found_by_its_label_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let mut h = rental_in(lang);
        // The rental sample has no guarantee: add one so its target schedule shows.
        h.state_mut().show_section(Section::Incentives);
        h.run_steps(2);
        let guarantee = if lang == Lang::En {
            "Performance guarantee"
        } else {
            "业绩对赌"
        };
        h.get_by_role_and_label(Role::CheckBox, guarantee)
            .click_accesskit();
        settle(&mut h);
        for (section, role, en, zh) in EDITORS {
            h.state_mut().show_section(section);
            h.run_steps(2);
            let label = if lang == Lang::En { en } else { zh };
            assert!(
                h.query_by_role_and_label(role, label).is_some(),
                "{lang:?} {section:?}: no {role:?} named {label:?}"
            );
            let debug = debug_text_on_screen(&h);
            assert!(debug.is_empty(), "{lang:?} {section:?}: {debug:?}");
        }
    }
}

fn operator_fee_cuts(h: &Harness<'static, TrancheApp>) -> Vec<rust_decimal::Decimal> {
    let r = h.state().results().expect("current results");
    let plan = r.plan.as_ref().expect("plan results");
    plan.periods.iter().map(|p| p.operator_fee_cut).collect()
}

fn fen(s: &str) -> rust_decimal::Decimal {
    s.parse().unwrap()
}

#[test]
fn a_per_year_floor_typed_in_chinese_cuts_the_operator_fee_of_that_year_only() {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("highway_concession.ron")),
        ..Options::default()
    });
    h.state_mut().queue(Command::SetLanguage(Lang::Zh));
    h.state_mut().show_section(Section::Incentives);
    settle(&mut h);
    // NOI of year 1 (4.2亿 × 70% = 2.94亿) is above the sample's floor of year 1, 2.64亿,
    // and each later year's NOI (growing 2% a year) above that year's floor: no cut.
    assert!(operator_fee_cuts(&h).iter().all(|c| c.is_zero()));
    let before = h.state().deal().holding.clone().unwrap().incentive.unwrap();
    assert_eq!(before.floor_by_year.len(), 25);

    // A floor above the year's expected value is an error, shown next to that year.
    type_into(&mut h, "逐年达标值（元） 第1年", "10亿");
    settle(&mut h);
    // In the UI's language (it was the engine's English sentence).
    h.get_by_label("⚠ 预期值不得低于达标值");
    assert!(h.state().results().is_none());
    type_into(&mut h, "逐年预期值（元） 第1年", "12亿");
    settle(&mut h);
    assert!(h.query_by_label_contains("预期值不得低于达标值").is_none());
    let inc = h.state().deal().holding.clone().unwrap().incentive.unwrap();
    assert_eq!(inc.expected_by_year[0], fen("1200000000.00"));
    assert_eq!(inc.floor_by_year[0], fen("1000000000.00"));
    assert_eq!(inc.floor_by_year[1..], before.floor_by_year[1..]);
    assert!(h.state().is_dirty());

    // Year 1 is two half-years: 2025-06-30 to 12-31 (184 days) and to 2026-06-30 (181).
    // Revenue 4.2亿 × 184/365 = 211,726,027.40 and × 181/365 = 208,273,972.60; the floor
    // prorated the same way is 5.04亿 against NOI of 1.48亿, so (floor − NOI) / floor × 2
    // is above the maximum cut (100%): the whole base fee of 3% is cut,
    // 6,351,780.82 and 6,248,219.18. Year 2 keeps its floor (2.693亿, NOI 2.9988亿): no cut.
    let cuts = operator_fee_cuts(&h);
    assert_eq!(cuts[0], fen("6351780.82"));
    assert_eq!(cuts[1], fen("6248219.18"));
    assert!(cuts[2..].iter().all(|c| c.is_zero()), "{cuts:?}");

    // The plan's period table shows the cut of period 1 in 万元.
    h.state_mut().show_tab(ResultsTab::CashFlows);
    h.run_steps(2);
    h.get_by_label("635.18");
    assert!(debug_text_on_screen(&h).is_empty());

    // Undo takes both years' values back, and the cut goes.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    let inc = h.state().deal().holding.clone().unwrap().incentive.unwrap();
    assert_eq!(inc, before);
    assert!(operator_fee_cuts(&h).iter().all(|c| c.is_zero()));
    assert!(!h.state().is_dirty());
}

#[test]
fn holding_results_show_the_valuation_the_arrears_and_their_own_period_tables() {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_centre.ron")),
        ..Options::default()
    });
    h.state_mut().show_section(Section::Exits);
    h.state_mut().show_tab(ResultsTab::CashFlows);
    settle(&mut h);
    // The exit in words, the valuation and what is left unpaid at the exit.
    h.get_by_label_contains("Exit Sale in year 8 (cap rate 6.0%, costs 1.5%): ");
    h.get_by_label_contains("NAV per unit at issue ");
    h.get_by_label_contains("Valuation spread ");
    h.get_by_label_contains("Calibrated spread ");
    // Nothing is left unpaid by the sale (the amounts, when any, in issue14_layout.rs).
    h.get_by_label("Unpaid at exit: nothing");
    h.get_by_label_contains("Min operating DSCR ");
    h.get_by_label_contains("Bank principal at maturity or exit ");
    // Units have no WAL or duration column; the period tables are the project company's
    // and the plan's, not the tranched pool's.
    assert!(h.query_by_label("WAL (years)").is_none());
    assert!(h.query_by_label("Modified duration").is_none());
    assert!(h.query_by_label("Pool balance").is_none());
    for header in [
        "Project company per period",
        "Plan per period",
        "Bank arrears",
        "Loan interest arrears",
        "Fees due",
        "Fees paid",
        "Fees carried",
        "Capital received",
        "Conversion proceeds",
        "Originator support",
    ] {
        h.get_by_role_and_label(Role::Label, header);
    }
    // Each unit class's distributions, headed by its name in the deal: the name shows in
    // the metrics table and as that header.
    for class in [
        "市场化份额 Market units",
        "原始权益人自持份额 Originator units",
    ] {
        let n = h.query_all_by_role_and_label(Role::Label, class).count();
        assert_eq!(n, 2, "{class}");
    }
    assert!(debug_text_on_screen(&h).is_empty());

    // The sample calibrates the spread, which prices the units at their face at issue:
    // NAV 100 per unit. Without calibration the deal's own spread, 3%, is used.
    h.get_by_label("NAV per unit at issue 100.0000");
    h.get_by_role_and_label(
        Role::CheckBox,
        "Calibrate the spread: NAV at issue = unit face",
    )
    .click_accesskit();
    settle(&mut h);
    assert!(
        !h.state()
            .deal()
            .holding
            .as_ref()
            .unwrap()
            .valuation
            .calibrate_spread
    );
    h.get_by_label("Valuation spread 3.000%");
    assert!(h.query_by_label("NAV per unit at issue 100.0000").is_none());
}

/// Press a button, checkbox or toggle through AccessKit (it may be scrolled out of view).
fn press(h: &mut Harness<'static, TrancheApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click_accesskit();
    h.run_steps(2);
}

/// Type `text` into the field named `label` and commit it with Enter.
fn type_into(h: &mut Harness<'static, TrancheApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.step();
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
}

fn holding(h: &Harness<'static, TrancheApp>) -> tranche_studio::model::Holding {
    h.state().deal().holding.clone().unwrap()
}

#[test]
fn the_new_editors_change_the_deal_and_undo_takes_every_change_back() {
    use tranche_studio::model::{
        BankRepayment, Buyer, CapitalReturnMethod, Depreciation, HurdleBase, Refinancing,
    };
    let mut h = rental_in(Lang::En);
    let original = h.state().deal().clone();
    let mut edits = 0;

    h.state_mut().show_section(Section::Spv);
    h.run_steps(2);
    for (role, label) in [
        (Role::Button, "Hurdle accrues on Capital not yet returned"),
        (Role::Button, "Depreciation By days"),
        (Role::Button, "Bank repayment Bullet"),
        (Role::CheckBox, "Refinance at maturity"),
        (Role::CheckBox, "Limit deductible loan interest to it"),
        (Role::CheckBox, "Return trapped cash to the plan"),
        (Role::Button, "Capital return by Loan prepayment"),
    ] {
        press(&mut h, role, label);
        edits += 1;
    }
    type_into(&mut h, "On periods (comma separated)", "4, 8");
    edits += 1;
    press(&mut h, Role::Button, "Bank repayment Schedule");
    type_into(
        &mut h,
        "Bank repayment Principal per period (CNY, comma separated)",
        "100万; 200万",
    );
    let bank = holding(&h).spv.bank_debt.unwrap();
    assert_eq!(
        bank.repayment,
        BankRepayment::Schedule(vec![fen("1000000.00"), fen("2000000.00")])
    );
    press(&mut h, Role::Button, "Bank repayment Bullet");
    edits += 3;
    let x = holding(&h);
    assert_eq!(x.plan.hurdle_base, HurdleBase::Outstanding);
    assert_eq!(x.spv.depreciation, Depreciation::Days);
    let bank = x.spv.bank_debt.unwrap();
    assert_eq!(bank.repayment, BankRepayment::Bullet);
    // Refinanced at the bank's own rate until it is changed.
    assert_eq!(bank.refinancing, Some(Refinancing { rate: 0.032 }));
    // A comparable rate starts at the lower of 4.5% and the loan rate (4% in this sample).
    assert_eq!(x.spv.related_party_rate, Some(0.04));
    let ret = x.spv.capital_return.unwrap();
    assert_eq!(ret.method, CapitalReturnMethod::LoanPrepayment);
    assert_eq!(ret.periods, vec![4, 8]);

    h.state_mut().show_section(Section::Incentives);
    h.run_steps(2);
    press(&mut h, Role::Button, "+ Add step");
    press(
        &mut h,
        Role::CheckBox,
        "Own target (else the market hurdle)",
    );
    edits += 2;
    let x = holding(&h);
    let step = &x.tilted.unwrap().steps[0];
    assert_eq!((step.below, step.market_share), (1.0, 0.7));
    assert_eq!(x.incentive.unwrap().investor_return, Some(0.05));

    h.state_mut().show_section(Section::Asset);
    h.run_steps(2);
    press(
        &mut h,
        Role::Button,
        "Add a year Capex by operating year (CNY)",
    );
    // A negative amount is refused next to the field and the deal keeps its value.
    type_into(&mut h, "Capex by operating year (CNY) year 1", "-5万");
    h.get_by_label("⚠ must not be negative");
    assert_eq!(holding(&h).asset.capex_schedule, vec![fen("0.00")]);
    type_into(&mut h, "Capex by operating year (CNY) year 1", "300万");
    press(
        &mut h,
        Role::Button,
        "Add a year Capex by operating year (CNY)",
    );
    edits += 3;
    // The new year starts at the last year's amount.
    assert_eq!(
        holding(&h).asset.capex_schedule,
        vec![fen("3000000.00"), fen("3000000.00")]
    );
    press(
        &mut h,
        Role::Button,
        "Remove the last year Capex by operating year (CNY)",
    );
    edits += 1;
    assert_eq!(holding(&h).asset.capex_schedule, vec![fen("3000000.00")]);

    h.state_mut().show_section(Section::Exits);
    h.run_steps(2);
    press(&mut h, Role::Button, "+ Add window");
    press(&mut h, Role::ComboBox, "Window 1 buyer");
    press(&mut h, Role::Button, "Liquidity support provider");
    press(&mut h, Role::Button, "+ Add round");
    press(
        &mut h,
        Role::CheckBox,
        "Calibrate the spread: NAV at issue = unit face",
    );
    edits += 4;
    let x = holding(&h);
    assert_eq!(x.open_periods.len(), 1);
    assert_eq!(x.open_periods[0].year, 3);
    assert_eq!(x.open_periods[0].cap, 1.0);
    assert_eq!(x.open_periods[0].buyer, Buyer::LiquiditySupport);
    // The next round: two years after the first (2027-09-30), at a quarter of the
    // 12亿 investment.
    assert_eq!(x.expansions.len(), 1);
    assert_eq!(x.expansions[0].date.to_string(), "2029-09-30");
    assert_eq!(x.expansions[0].price, fen("300000000.00"));
    assert!(x.valuation.calibrate_spread);
    settle(&mut h);
    assert!(h.state().is_dirty());
    assert!(debug_text_on_screen(&h).is_empty());

    for _ in 0..edits {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.step();
    }
    settle(&mut h);
    assert!(h.state().deal() == &original, "undo left changes");
    assert!(!h.state().is_dirty());
}

#[test]
fn no_scenario_of_a_holding_sample_shows_debug_text_in_either_language() {
    for file in [
        "highway_concession.ron",
        "rental_housing_expansion.ron",
        "data_centre.ron",
    ] {
        for lang in [Lang::En, Lang::Zh] {
            let mut h = harness_with(Options {
                startup: Startup::Path(sample(file)),
                ..Options::default()
            });
            h.state_mut().queue(Command::SetLanguage(lang));
            h.state_mut().show_section(Section::Exits);
            h.state_mut().show_tab(ResultsTab::CashFlows);
            settle(&mut h);
            let names: Vec<String> = h
                .state()
                .deal()
                .scenarios
                .iter()
                .map(|s| s.name.clone())
                .collect();
            for name in names {
                press(&mut h, Role::Button, &name);
                settle(&mut h);
                assert_eq!(h.state().results().unwrap().scenario, name);
                let debug = debug_text_on_screen(&h);
                assert!(debug.is_empty(), "{file} {lang:?} {name}: {debug:?}");
            }
        }
    }
}
