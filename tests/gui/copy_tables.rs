//! Issue 14's Excel habits beyond the results tables: the grid tab's heatmap and the
//! pricing calculator's figures picked by row and copied (Ctrl+C, the right-click menu) as
//! tab-separated text in exact values.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tranche_studio::app::{Lang, Options, ResultsTab, TrancheApp};

use crate::common::{TempDir, copied, harness_with, opened, settle};

/// One 40,000,000 bullet loan of obligor 债务人一 at 5% for 12 months, recovered in full
/// in the period it defaults; A 36,000,000 and B 4,000,000 paid from the pool's decline.
/// The grid: 债务人一 defaulting in period 0 (never) or 2, by A's coupon 2% or 4%, each
/// cell A's WAL.
const WAL_GRID_DEAL: &str = r#"Deal(
    format_version: 1,
    name: "bullet",
    closing_date: "2026-06-30",
    first_payment_date: "2026-09-30",
    frequency: Quarterly,
    legal_final_date: "2029-06-30",
    pool: Pool(
        assets: [
            Asset(id: "L01", obligor: "债务人一", asset_class: TradeReceivable, balance: "40000000.00", rate: 0.05, remaining_term: 12, amortisation: Bullet),
        ],
    ),
    scenarios: [
        Scenario(name: "base", cdr: Flat(0.0), cpr: Flat(0.0), recovery_rate: 1.0, recovery_lag: 0),
    ],
    tranches: [
        Tranche(id: "A", name: "Senior", size: "36000000.00", coupon: 0.025,
            expected_maturity: "2028-06-30", legal_maturity: "2029-06-30"),
        Tranche(id: "B", name: "Sub", size: "4000000.00", coupon: 0.0,
            expected_maturity: "2028-06-30", legal_maturity: "2029-06-30", holder: Originator),
    ],
    grids: [
        Grid(name: "wal", x: Axis(driver: ObligorDefaultPeriod("债务人一"), from: 0.0, to: 2.0, step: 2.0),
             y: Axis(driver: TrancheCoupon("A"), from: 0.02, to: 0.04, step: 0.02),
             output: Output(metric: Wal, security: "A")),
    ],
    waterfall: Waterfall(
        steps: [
            Interest(["A"]),
            Principal(tranches: ["A", "B"], allocation: Sequential, amount: PoolDecline),
            Residual("B"),
        ],
    ),
)"#;

fn open(dir: &TempDir, lang: Lang) -> Harness<'static, TrancheApp> {
    let path = dir.join("wal-grid.ron");
    std::fs::write(&path, WAL_GRID_DEAL).unwrap();
    let mut h = opened(path, lang);
    h.state_mut().show_tab(ResultsTab::Grid);
    h.run();
    for _ in 0..20_000 {
        h.step();
        if !h.state().grid_pending() && h.state().grid().is_some() {
            h.run_steps(2);
            return h;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("the grid never arrived");
}

/// Ctrl+C as the desktop sends it, in a step of its own.
fn ctrl_c(h: &mut Harness<'static, TrancheApp>) {
    h.event(egui::Event::Key {
        key: egui::Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND,
    });
    h.step();
}

/// The header row: the figure and the two drivers in the corner, then the columns' default
/// periods (whole numbers).
const HEATMAP_HEADER: &str = "A WAL (years): A coupon \\ 债务人一 default period\t0\t2\n";

/// A's WAL, in years from closing (2026-06-30) of its principal dates, whatever its coupon:
/// no default (period 0): all 36,000,000 at the loan's maturity 2027-06-30, 365 days → 1;
/// a default in period 2, recovered in full at once: all 36,000,000 on 2026-12-30,
/// 30 + 31 + 31 + 30 + 31 + 30 = 183 days → 183 / 365 = 0.5013698630136987. The coupon
/// (the first column) as a fraction.
const ROW_2PCT: &str = "0.02\t1\t0.5013698630136987\n";
const ROW_4PCT: &str = "0.04\t1\t0.5013698630136987\n";

/// A click on a heatmap cell picks its row; Ctrl+C copies it under the header row, and the
/// right-click menu copies the whole heatmap, in exact values.
#[test]
fn heatmap_rows_copy_as_tab_separated_text() {
    let dir = TempDir::new("heatmap-copy");
    let mut h = open(&dir, Lang::En);
    // The cells as shown: 1.00 and 0.50 in each row.
    h.get_by_label("债务人一 default period 0, A coupon 2.00%: 1.00");
    h.get_by_label("债务人一 default period 2, A coupon 4.00%: 0.50")
        .click();
    h.run();
    assert_eq!(copied(&h), None, "a click alone copies nothing");
    ctrl_c(&mut h);
    assert_eq!(
        copied(&h).as_deref(),
        Some(format!("{HEATMAP_HEADER}{ROW_4PCT}").as_str())
    );
    h.get_by_label("债务人一 default period 0, A coupon 2.00%: 1.00")
        .click_secondary();
    h.run();
    h.get_by_label("Copy table").click();
    h.step();
    assert_eq!(
        copied(&h).as_deref(),
        Some(format!("{HEATMAP_HEADER}{ROW_2PCT}{ROW_4PCT}").as_str())
    );
}

/// The calculator's figures are rows too: settled at closing (2025-04-18) the senior
/// (127,000,000.00 at par) has accrued nothing, and a click on the first figure and a
/// Shift-click on the dirty price copy them exact: the amount to the fen, prices per 100.
#[test]
fn pricing_figures_copy_as_tab_separated_text() {
    let mut h = harness_with(Options::default());
    settle(&mut h);
    h.get_by_label("Pricing at settlement").scroll_to_me();
    h.run_steps(3);
    h.get_by_label("Pricing at settlement").click();
    h.run_steps(3);
    let field = "Settlement date";
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("2025-04-18");
    h.run_steps(3);
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    h.get_by_label("Outstanding principal").click();
    h.run();
    h.get_by_label("Dirty price")
        .click_modifiers(egui::Modifiers::SHIFT);
    h.run();
    ctrl_c(&mut h);
    assert_eq!(
        copied(&h).as_deref(),
        Some(
            "Figure\tValue\n\
             Outstanding principal\t127000000.00\n\
             Accrued interest\t0.00\n\
             Accrued interest per 100\t0\n\
             Accrued days\t0\n\
             Clean price\t100\n\
             Dirty price\t100\n"
        )
    );
}
