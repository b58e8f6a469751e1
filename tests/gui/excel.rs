//! The Excel habits of issue 14: rows of a results table picked with the mouse (click,
//! Shift-click) and copied with Ctrl+C or the table's right-click menu as tab-separated text.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use tranche_studio::app::{
    Dialogs, Lang, NoDialogs, Options, ResultsTab, Settings, Startup, TrancheApp,
};

use crate::common::{TempDir, copied, harness_with, settle};

/// The engine tests' hand-worked deal (tests/engine/common.rs, figures in tests/engine/hand.rs):
/// one 1,000,000 asset at 6% repaid in two quarters, A 900,000 at 3%, B 100,000 taking the
/// residual, a 0.1% fee and a 5,000 reserve.
const SMALL_DEAL: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "小型手算交易",
    closing_date: "2025-01-01",
    first_payment_date: "2025-04-01",
    frequency: Quarterly,
    legal_final_date: "2026-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.06,
              remaining_term: 6, amortisation: EqualPrincipal),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "900000.00", coupon: 0.03,
                expected_maturity: "2025-07-01", legal_maturity: "2026-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "100000.00", coupon: 0.0,
                expected_maturity: "2025-07-01", legal_maturity: "2026-01-01", holder: Originator),
    ],
    fees: [Fee(id: "mgmt", name: "管理费", basis: PoolBalance(0.001))],
    reserve: Reserve(initial: "5000.00", target: Fixed("5000.00"), covers: [Fees, Interest(["A"])]),
    waterfall: Waterfall(steps: [
        Fee("mgmt"),
        Interest(["A"]),
        ReserveTopUp,
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

fn small_deal(dir: &TempDir) -> Harness<'static, TrancheApp> {
    small_deal_with(dir, Lang::En, Box::new(NoDialogs))
}

fn small_deal_with(
    dir: &TempDir,
    lang: Lang,
    dialogs: Box<dyn Dialogs>,
) -> Harness<'static, TrancheApp> {
    let path = dir.join("small.ron");
    std::fs::write(&path, SMALL_DEAL).unwrap();
    let mut h = harness_with(Options {
        startup: Startup::Path(path),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        dialogs,
        ..Options::default()
    });
    settle(&mut h);
    h.state_mut().show_tab(ResultsTab::CashFlows);
    h.run();
    h
}

/// The header row of the cash-flow table as copied: money columns named in yuan (the copy
/// is exact to the fen; the table shows 万元).
const HEADER: &str = "#\tPayment date\tOpening balance (CNY)\tInterest (CNY)\t\
Scheduled principal (CNY)\tPrepayments (CNY)\tDefaults (CNY)\tRecoveries (CNY)\t\
Available funds (CNY)\tFees (CNY)\t\
A interest (CNY)\tA principal (CNY)\tA residual (CNY)\tA Balance (CNY)\t\
B interest (CNY)\tB principal (CNY)\tB residual (CNY)\tB Balance (CNY)\t\
Excess spread (CNY)\tReserve balance (CNY)\tOC ratio\tTrigger breached\n";

/// Period 1, 2025-01-01 → 2025-04-01 (90 days): pool interest 1,000,000 × 6% × 90/365 =
/// 14,794.52, principal 1,000,000 / 2 = 500,000, available 514,794.52; fee 1,000,000 × 0.1%
/// × 90/365 = 246.58; A interest 900,000 × 3% × 90/365 = 6,657.53 and principal 500,000
/// (balance 400,000); B's residual 514,794.52 − 246.58 − 6,657.53 − 500,000 = 7,890.41;
/// excess spread 14,794.52 − 246.58 − 6,657.53 = 7,890.41; the reserve stays at 5,000; OC =
/// pool 500,000 / tranches (400,000 + 100,000) = 1.
const ROW1: &str = "1\t2025-04-01\t1000000.00\t14794.52\t500000.00\t0.00\t0.00\t0.00\t\
514794.52\t246.58\t6657.53\t500000.00\t0.00\t400000.00\t0.00\t0.00\t7890.41\t100000.00\t\
7890.41\t5000.00\t1\t\n";

/// Period 2, → 2025-07-01 (91 days): interest 500,000 × 6% × 91/365 = 7,479.45, principal
/// 500,000, the 5,000 reserve released: available 512,479.45; fee 500,000 × 0.1% × 91/365 =
/// 124.66; A interest 400,000 × 3% × 91/365 = 2,991.78 and its last 400,000; B 100,000 and
/// residual 512,479.45 − 124.66 − 2,991.78 − 500,000 = 9,363.01; excess spread 7,479.45 −
/// 124.66 − 2,991.78 = 4,363.01; reserve 0; no OC with nothing outstanding (empty).
const ROW2: &str = "2\t2025-07-01\t500000.00\t7479.45\t500000.00\t0.00\t0.00\t0.00\t\
512479.45\t124.66\t2991.78\t400000.00\t0.00\t0.00\t0.00\t100000.00\t9363.01\t0.00\t\
4363.01\t0.00\t\t\n";

/// Click the first period, Shift-click the second, Ctrl+C: both rows under the header, plain
/// digits with the fen, nothing copied before the copy.
#[test]
fn two_rows_picked_with_shift_copy_as_tab_separated_text() {
    let dir = TempDir::new("excel-copy");
    let mut h = small_deal(&dir);
    h.get_by_label("2025-04-01").click();
    h.run();
    h.get_by_label("2025-07-01")
        .click_modifiers(egui::Modifiers::SHIFT);
    h.run();
    assert_eq!(copied(&h), None, "a click alone copies nothing");
    // What the desktop sends for Ctrl+C.
    h.event(egui::Event::Copy);
    h.step();
    assert_eq!(
        copied(&h).as_deref(),
        Some(format!("{HEADER}{ROW1}{ROW2}").as_str())
    );
    // The key itself does the same; a plain click then picks the first row alone.
    h.get_by_label("2025-04-01").click();
    h.run();
    // One event a step (kittest's key_press would run the copy in a frame before the last).
    h.event(egui::Event::Key {
        key: egui::Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND,
    });
    h.step();
    assert_eq!(
        copied(&h).as_deref(),
        Some(format!("{HEADER}{ROW1}").as_str())
    );
}

/// A right-click on a row outside the selection picks it and opens the table's menu; its
/// "Copy selected rows" copies that row, "Copy table" every row.
#[test]
fn the_tables_right_click_menu_copies() {
    let dir = TempDir::new("excel-menu");
    let mut h = small_deal(&dir);
    h.get_by_label("2025-04-01").click();
    h.run();
    h.get_by_label("2025-07-01").click_secondary();
    h.run();
    h.get_by_label("Copy selected rows Ctrl+C").click();
    h.step();
    assert_eq!(
        copied(&h).as_deref(),
        Some(format!("{HEADER}{ROW2}").as_str())
    );
    h.run();
    assert!(
        h.query_by_label("Copy table").is_none(),
        "the menu closes after a copy"
    );
    h.get_by_label("2025-07-01").click_secondary();
    h.run();
    h.get_by_label("Copy table").click();
    h.step();
    assert_eq!(
        copied(&h).as_deref(),
        Some(format!("{HEADER}{ROW1}{ROW2}").as_str())
    );
}

/// A save dialog that answers with the suggested name in a folder.
struct SaveInto(PathBuf);

impl Dialogs for SaveInto {
    fn save_pdf(&mut self, file_name: &str) -> Option<PathBuf> {
        Some(self.0.join(file_name))
    }
    fn save_csv(&mut self, file_name: &str) -> Option<PathBuf> {
        Some(self.0.join(file_name))
    }
}

/// The table's right-click menu saves the whole table as CSV, off the UI thread: the
/// clipboard's header and cells, comma-separated.
#[test]
fn the_tables_menu_saves_it_as_csv() {
    let dir = TempDir::new("excel-csv");
    let mut h = small_deal_with(&dir, Lang::En, Box::new(SaveInto(dir.0.clone())));
    h.get_by_label("2025-04-01").click_secondary();
    h.run();
    h.get_by_label("Save table as CSV…").click();
    h.run();
    // Written on a thread of its own: the frames go on until it is done.
    for _ in 0..5_000 {
        if !h.state().saving_csv() {
            break;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(!h.state().saving_csv(), "the CSV is still being written");
    let text = std::fs::read_to_string(dir.join("cash-flows.csv")).expect("the CSV is written");
    assert_eq!(text, format!("{HEADER}{ROW1}{ROW2}").replace('\t', ","));
}

/// File → 保存为 PDF… writes the meeting page under the deal's name, off the UI thread: one
/// A4 landscape page whose text has the deal's name and scenario in Chinese.
#[test]
fn save_as_pdf_writes_the_meeting_page() {
    let dir = TempDir::new("excel-pdf");
    let mut h = small_deal_with(&dir, Lang::Zh, Box::new(SaveInto(dir.0.clone())));
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("保存为 PDF…").click();
    h.run();
    let path = dir.join("小型手算交易.pdf");
    for _ in 0..5_000 {
        if !h.state().saving_pdf() {
            break;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let bytes = std::fs::read(&path).expect("the page is written");
    assert!(bytes.starts_with(b"%PDF-"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let text = doc.extract_text(&[1]).unwrap();
    assert!(
        text.contains("小型手算交易") && text.contains("情景：base"),
        "{text}"
    );
}
