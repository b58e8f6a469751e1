//! Representative lines in the pool grid (issue 14, "Excel habits"): started on a deal that
//! has assets (which stay), pasted from Excel as tab-separated rows (one undo step), copied
//! back, a bad cell named by row and column in both languages; and the grid's one display
//! rule for percentages (fixed decimals per column, every digit while editing).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::app::{Command, Lang, Section, TrancheApp};
use tranche_studio::model::{AssetClass, DataAssetRole};

use crate::common::{TempDir, copied, opened, settle, type_into};

/// One 40,000,000 bullet loan at 5% for 12 months, no defaults or prepayments: the pool
/// repays exactly its balance, and so does every rep line added (bullets within the legal
/// final date).
const BULLET_DEAL: &str = r#"Deal(
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
        Scenario(name: "base", cdr: Flat(0.0), cpr: Flat(0.0), recovery_rate: 0.0, recovery_lag: 0),
    ],
    tranches: [
        Tranche(id: "A", name: "Senior", size: "36000000.00", coupon: 0.025,
            expected_maturity: "2028-06-30", legal_maturity: "2029-06-30"),
        Tranche(id: "B", name: "Sub", size: "4000000.00", coupon: 0.0,
            expected_maturity: "2028-06-30", legal_maturity: "2029-06-30", holder: Originator),
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
    let path = dir.join("bullet.ron");
    std::fs::write(&path, BULLET_DEAL).unwrap();
    let mut h = opened(path, lang);
    h.state_mut().show_section(Section::Pool);
    h.run();
    h
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The value a text field of the grid shows (brought into view first: out of view it is a
/// plain button until clicked).
fn shown(h: &mut Harness<'static, TrancheApp>, name: &str) -> String {
    if h.query_by_role_and_label(Role::TextInput, name).is_none() {
        h.get_by_label(name).click_accesskit();
        h.run();
    }
    h.get_by_role_and_label(Role::TextInput, name)
        .value()
        .unwrap_or_default()
}

/// Two lines as Excel copies them, under the lines' header row: weights as a percentage
/// and as a fraction.
const TWO_LINES: &str = "id\tobligor\tasset_class\tdata_asset_role\tweight\trate\tremaining_term\tamortisation\n\
R1\t甲公司\tTradeReceivable\t\t60%\t4%\t12\tBullet\n\
R2\t乙公司\tTradeReceivable\tInPool\t0.4\t0.05\t12\tBullet\n";

/// "Add rep lines" on a deal with an asset keeps the asset and adds one line of 100% of
/// 1,000,000.00; a total typed in and two lines pasted over the selected line are the
/// deal's lines and move the pool's figures by exactly their balances; each is one undo
/// step.
#[test]
fn pasted_rep_lines_are_the_deals_lines_and_move_the_figures() {
    let dir = TempDir::new("rep-lines-paste");
    let mut h = open(&dir, Lang::En);
    let before = h.state().deal().clone();
    assert!(before.pool.rep_lines.is_none());
    h.get_by_label("+ Add rep lines").click();
    settle(&mut h);
    let started = h.state().deal().clone();
    assert_eq!(started.pool.assets, before.pool.assets, "the asset stays");
    let rep = started.pool.rep_lines.as_ref().expect("rep lines started");
    assert_eq!(rep.total_balance, dec("1000000.00"));
    assert_eq!(rep.lines.len(), 1);
    assert_eq!((rep.lines[0].id.as_str(), rep.lines[0].weight), ("L1", 1.0));
    // 40,000,000 + 1,000,000 = 41,000,000 in the pool.
    let r = h.state().results().unwrap();
    assert_eq!(r.pool.initial_balance, dec("41000000.00"));
    // 1,000万 = 10,000,000.00.
    type_into(&mut h, "Total balance (CNY)", "1,000万");
    h.get_by_label("Select L1").click();
    h.run();
    // Ctrl+V over the pool with the lines' header: they replace the selected line.
    h.event(egui::Event::Paste(TWO_LINES.to_string()));
    settle(&mut h);
    let rep = h.state().deal().pool.rep_lines.clone().unwrap();
    assert_eq!(rep.total_balance, dec("10000000.00"));
    let ids: Vec<&str> = rep.lines.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R2"]);
    // 60% is the weight 0.6 exactly as written; 4% the rate 0.04.
    assert_eq!((rep.lines[0].weight, rep.lines[0].rate), (0.6, 0.04));
    assert_eq!(rep.lines[0].obligor, "甲公司");
    assert_eq!(rep.lines[0].data_asset_role, DataAssetRole::None);
    assert_eq!((rep.lines[1].weight, rep.lines[1].rate), (0.4, 0.05));
    assert_eq!(rep.lines[1].asset_class, AssetClass::TradeReceivable);
    assert_eq!(rep.lines[1].data_asset_role, DataAssetRole::InPool);
    // R1 = 10,000,000 × 0.6 = 6,000,000.00, R2 the rest 4,000,000.00: the pool opens at
    // 40,000,000 + 10,000,000 = 50,000,000.00 and, every loan a bullet inside the legal
    // final date with no defaults, repays exactly that.
    let r = h.state().results().unwrap();
    assert_eq!(r.pool.initial_balance, dec("50000000.00"));
    assert_eq!(r.pool.total_principal, dec("50000000.00"));
    assert_eq!(r.pool.assets, 3);
    // The grid shows them with the percentage columns' two decimals.
    assert_eq!(shown(&mut h, "Weight R1"), "60.00%");
    assert_eq!(shown(&mut h, "Weight R2"), "40.00%");
    assert_eq!(shown(&mut h, "Rate R1"), "4.00%");
    // One undo: the line L1 back, exactly as before the paste.
    h.state_mut().queue(Command::Undo);
    h.run();
    let rep = h.state().deal().pool.rep_lines.clone().unwrap();
    assert_eq!(rep.lines, started.pool.rep_lines.as_ref().unwrap().lines);
    assert_eq!(rep.total_balance, dec("10000000.00"));
    // Two more: the total, then the start of the lines.
    h.state_mut().queue(Command::Undo);
    h.state_mut().queue(Command::Undo);
    h.run();
    assert_eq!(*h.state().deal(), before);
}

/// The lines copied come out under the lines' header in exact values (weights and rates as
/// fractions), and pasting them over themselves changes nothing.
#[test]
fn copied_lines_paste_back_the_same() {
    let dir = TempDir::new("rep-lines-copy");
    let mut h = open(&dir, Lang::En);
    h.get_by_label("+ Add rep lines").click();
    h.run();
    h.get_by_label("Select L1").click();
    h.run();
    h.event(egui::Event::Paste(TWO_LINES.to_string()));
    h.run();
    let pasted = h.state().deal().clone();
    h.get_by_label("Copy lines").click();
    h.step();
    let text = copied(&h).expect("lines on the clipboard");
    assert_eq!(
        text,
        "id\tobligor\tasset_class\tdata_asset_role\tweight\trate\tremaining_term\tamortisation\n\
         R1\t甲公司\tTradeReceivable\tNone\t0.6\t0.04\t12\tBullet\n\
         R2\t乙公司\tTradeReceivable\tInPool\t0.4\t0.05\t12\tBullet\n"
    );
    // Both selected: the paste replaces them with themselves.
    h.get_by_label("Select R1").click();
    h.run();
    h.get_by_label("Select R2").click();
    h.run();
    h.event(egui::Event::Paste(text));
    h.run();
    assert_eq!(*h.state().deal(), pasted);
}

/// A bad weight names its row (the header is row 1) and column in the UI's language, and
/// changes nothing.
#[test]
fn a_bad_pasted_line_changes_nothing() {
    for (lang, labels, message) in [
        (
            Lang::En,
            ["+ Add rep lines", "Paste lines…", "Lines to paste", "Paste"],
            "row 3, column weight (Weight): “forty” cannot be read; expected a weight such as \
             0.25 or 25%. Nothing was pasted; the pool is unchanged.",
        ),
        (
            Lang::Zh,
            [
                "+ 添加代表性资产",
                "粘贴代表性资产行…",
                "待粘贴的代表性资产行",
                "粘贴",
            ],
            "第3行「weight（权重）」列：“forty” 无法读取，应为 权重，如 0.25 或 25%。\
             未粘贴任何行，资产池未改动。",
        ),
    ] {
        let dir = TempDir::new(&format!("rep-lines-bad-{lang:?}"));
        let mut h = open(&dir, lang);
        h.get_by_label(labels[0]).click();
        h.run();
        let before = h.state().deal().clone();
        h.get_by_label(labels[1]).click();
        h.run();
        h.get_by_label(labels[2]).focus();
        h.step();
        h.event(egui::Event::Paste(TWO_LINES.replace("0.4", "forty")));
        h.run();
        h.get_by_role_and_label(Role::Button, labels[3]).click();
        h.run();
        assert_eq!(*h.state().deal(), before, "{lang:?}");
        let found = h.query_by_label_contains(message);
        assert!(found.is_some(), "{lang:?}: no message {message:?}");
    }
}

/// The rate column shows every rate with two decimals, as a formatted Excel column does
/// (5% and 5.2% no longer side by side as "5%" and "5.2%"); a focused cell holds every
/// digit of the rate, and leaving it untouched changes nothing.
#[test]
fn the_rate_column_shows_two_decimals_and_edits_every_digit() {
    let dir = TempDir::new("rep-lines-pct");
    let mut h = open(&dir, Lang::En);
    // Three more assets at 5.2%, 4.85% and 4.8765%, pasted in the tape's columns.
    h.event(egui::Event::Paste(
        "P1\tO\tTrustLoan\t\t100\t0.052\t12\tBullet\n\
         P2\tO\tTrustLoan\t\t100\t4.85%\t12\tBullet\n\
         P3\tO\tTrustLoan\t\t100\t0.048765\t12\tBullet\n"
            .to_string(),
    ));
    h.run();
    let before = h.state().deal().clone();
    // 0.05 → 5.00%, 0.052 → 5.20%, 0.0485 → 4.85%, 0.048765 → 4.8765% → 4.88%.
    assert_eq!(shown(&mut h, "Rate L01"), "5.00%");
    assert_eq!(shown(&mut h, "Rate P1"), "5.20%");
    assert_eq!(shown(&mut h, "Rate P2"), "4.85%");
    assert_eq!(shown(&mut h, "Rate P3"), "4.88%");
    h.get_by_role_and_label(Role::TextInput, "Rate P3").focus();
    h.run();
    assert_eq!(shown(&mut h, "Rate P3"), "4.8765%");
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(shown(&mut h, "Rate P3"), "4.88%");
    assert_eq!(
        *h.state().deal(),
        before,
        "an untouched cell changes nothing"
    );
    // An edit keeps every digit typed.
    type_into(&mut h, "Rate P3", "4.87651");
    assert_eq!(h.state().deal().pool.assets[3].rate, 0.0487651);
    assert_eq!(shown(&mut h, "Rate P3"), "4.88%");
}
