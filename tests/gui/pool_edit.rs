//! Editing the pool in the app (issue 14, "what an Excel user expects"): assets edited in
//! place, rows added, duplicated and deleted, rows pasted from and copied to Excel as
//! tab-separated text, the tape's rows read-only until copied into the deal.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::app::{Command, Lang, Section, TrancheApp};
use tranche_studio::model::{Amortisation, AssetClass, DataAssetRole};

use crate::common::{TempDir, copied, opened, sample, settle, type_into};

fn open(path: std::path::PathBuf, lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = opened(path, lang);
    h.state_mut().show_section(Section::Pool);
    h.run();
    h
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// One bullet loan and no defaults or prepayments: the pool repays exactly its balance.
const BULLET_DEAL: &str = r#"Deal(
    format_version: 1,
    name: "bullet",
    currency: "CNY",
    data_asset_label: false,
    closing_date: "2026-06-30",
    first_payment_date: "2026-09-30",
    frequency: Quarterly,
    legal_final_date: "2029-06-30",
    day_count: Act365F,
    collection_lag: 0,
    pool: Pool(
        assets: [
            Asset(id: "L01", obligor: "债务人一", asset_class: TradeReceivable, data_asset_role: None, balance: "40000000.00", rate: 0.05, remaining_term: 12, amortisation: Bullet),
        ],
    ),
    scenarios: [
        Scenario(name: "base", cdr: Flat(0.0), cpr: Flat(0.0), recovery_rate: 0.0, recovery_lag: 0),
    ],
    default_scenario: "base",
    tranches: [
        Tranche(id: "A", name: "Senior", size: "36000000.00", coupon: 0.025, principal_mode: PassThrough,
            expected_maturity: "2028-06-30", legal_maturity: "2029-06-30", holder: Market),
        Tranche(id: "B", name: "Sub", size: "4000000.00", coupon: 0.0, principal_mode: PassThrough,
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

/// A balance typed into the grid is the asset's balance, the pool's total and the
/// principal the pool repays.
#[test]
fn an_edited_balance_moves_the_pool_and_the_figures() {
    let dir = TempDir::new("pool-edit");
    let path = dir.join("bullet.ron");
    std::fs::write(&path, BULLET_DEAL).unwrap();
    let mut h = open(path, Lang::En);
    let r = h.state().results().unwrap();
    assert_eq!(r.pool.total_principal, dec("40000000.00"));
    // The summary shows the pool in 万元: 40,000,000 / 10,000 = 4,000.00.
    h.get_by_label("Pool balance: 4,000.00 CNY 10k");
    // Typed with separators and 万: 4,100万 = 41,000,000.00.
    type_into(&mut h, "Balance L01", "4,100万");
    settle(&mut h);
    assert_eq!(h.state().deal().pool.assets[0].balance, dec("41000000.00"));
    h.get_by_label("Pool balance: 4,100.00 CNY 10k");
    // A bullet loan without defaults or prepayments repays its whole balance at maturity:
    // 41,000,000.00, up by exactly the 1,000,000.00 added.
    let r = h.state().results().unwrap();
    assert_eq!(r.pool.initial_balance, dec("41000000.00"));
    assert_eq!(r.pool.total_principal, dec("41000000.00"));
    // One edit, one undo step.
    h.state_mut().queue(Command::Undo);
    settle(&mut h);
    assert_eq!(h.state().deal().pool.assets[0].balance, dec("40000000.00"));
    // A rate typed as a percentage is the exact decimal (4.875% → 0.04875).
    type_into(&mut h, "Rate L01", "4.875");
    assert_eq!(h.state().deal().pool.assets[0].rate, 0.04875);
}

/// Adding a row, then deleting two selected rows, is one undo step each, and undo gives
/// back exactly the deal before.
#[test]
fn add_and_delete_rows_undo_exactly() {
    let mut h = open(sample("data_asset_pledge_loans.ron"), Lang::En);
    let before = h.state().deal().clone();
    assert_eq!(before.pool.assets.len(), 10);
    h.get_by_label("+ Add asset").click();
    h.run();
    let added = h.state().deal().clone();
    assert_eq!(added.pool.assets.len(), 11);
    // The first id of the form A<n> that no asset has.
    assert_eq!(added.pool.assets[10].id, "A1");
    h.get_by_label("Select DL02").click();
    h.get_by_label("Select A1").click();
    h.run();
    h.get_by_label("Delete selected").click();
    h.run();
    let ids: Vec<&str> = h
        .state()
        .deal()
        .pool
        .assets
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(ids.len(), 9);
    assert!(!ids.contains(&"DL02") && !ids.contains(&"A1"), "{ids:?}");
    h.state_mut().queue(Command::Undo);
    h.run();
    assert_eq!(*h.state().deal(), added);
    h.state_mut().queue(Command::Undo);
    h.run();
    assert_eq!(*h.state().deal(), before);
    assert!(!h.state().is_dirty());
    // Duplicate: a copy after the row, under a new id.
    h.get_by_label("Select DL03").click();
    h.run();
    h.get_by_label("Duplicate selected").click();
    h.run();
    let d = h.state().deal();
    assert_eq!(d.pool.assets[3].id, "DL03-1");
    assert_eq!(d.pool.assets[3].balance, d.pool.assets[2].balance);
}

const TWO_ROWS: &str = "N1\t杭州新数科技\tTrustLoan\tInPool\t1,234,567.89\t4.85%\t18\tLevelPayment\n\
                        N2\tNingbo Port Data\tTradeReceivable\t\t2000000\t0.0515\t6\tBullet\n";

/// Two rows pasted from Excel (Ctrl+V over the pool) become two assets holding the
/// literal values; one undo takes both away.
#[test]
fn pasted_rows_become_assets() {
    let mut h = open(sample("data_asset_pledge_loans.ron"), Lang::En);
    let before = h.state().deal().clone();
    h.event(egui::Event::Paste(TWO_ROWS.to_string()));
    h.run();
    let a = &h.state().deal().pool.assets;
    assert_eq!(a.len(), 12);
    assert_eq!(a[10].id, "N1");
    assert_eq!(a[10].obligor, "杭州新数科技");
    assert_eq!(a[10].asset_class, AssetClass::TrustLoan);
    assert_eq!(a[10].data_asset_role, DataAssetRole::InPool);
    assert_eq!(a[10].balance, dec("1234567.89"));
    // 4.85% is the rate 0.0485 exactly as written.
    assert_eq!(a[10].rate, 0.0485);
    assert_eq!(a[10].remaining_term, 18);
    assert_eq!(a[10].amortisation, Amortisation::LevelPayment);
    assert_eq!(a[11].id, "N2");
    assert_eq!(a[11].data_asset_role, DataAssetRole::None);
    assert_eq!(a[11].balance, dec("2000000"));
    assert_eq!(a[11].rate, 0.0515);
    assert_eq!(a[11].amortisation, Amortisation::Bullet);
    // The pasted rows are in the grid, editable.
    h.get_by_role_and_label(Role::TextInput, "ID N2");
    h.state_mut().queue(Command::Undo);
    h.run();
    assert_eq!(*h.state().deal(), before);
}

/// Rows selected and copied come out as tab-separated text in the tape's columns, and
/// pasting that text over the selection puts the same assets back (the Excel round trip).
#[test]
fn copied_rows_paste_back_the_same() {
    let mut h = open(sample("data_asset_pledge_loans.ron"), Lang::En);
    let before = h.state().deal().clone();
    h.get_by_label("Select DL04").click();
    h.get_by_label("Select DL05").click();
    h.run();
    h.get_by_label("Copy rows").click();
    h.step();
    let text = copied(&h).expect("rows on the clipboard");
    assert_eq!(
        text,
        "id\tobligor\tasset_class\tdata_asset_role\tbalance\trate\tremaining_term\tamortisation\n\
         DL04\t南通海数航运\tDataAssetPledgeLoan\tInPool\t12000000.00\t0.049\t36\tLevelPayment\n\
         DL05\t扬州智造数据\tDataAssetPledgeLoan\tInPool\t10000000.00\t0.055\t24\tLevelPayment\n"
    );
    // Still selected: the paste replaces the two rows with themselves.
    h.event(egui::Event::Paste(text));
    h.run();
    assert_eq!(*h.state().deal(), before);
}

/// The tape's columns have no industry: rows of the revolving sample (industries 建材, 钢铁)
/// copied and pasted over themselves keep their industries, so the deal is unchanged.
#[test]
fn rows_pasted_over_themselves_keep_their_industry() {
    let mut h = open(sample("revolving_receivables.ron"), Lang::En);
    let before = h.state().deal().clone();
    assert!(
        before.pool.assets[..2]
            .iter()
            .all(|a| !a.industry.is_empty())
    );
    h.get_by_label("Select R01").click();
    h.run();
    h.get_by_label("Select R02").click();
    h.run();
    h.get_by_label("Copy rows").click();
    h.step();
    let text = copied(&h).expect("rows on the clipboard");
    h.event(egui::Event::Paste(text));
    h.run();
    assert_eq!(*h.state().deal(), before);
}

/// A bad cell names its row and column, in the UI's language, and changes nothing.
#[test]
fn a_bad_pasted_cell_changes_nothing() {
    for (lang, message) in [
        (
            Lang::En,
            "row 2, column rate (Rate): “4.8x%” cannot be read",
        ),
        (Lang::Zh, "第2行「rate（利率）」列：“4.8x%” 无法读取"),
    ] {
        let mut h = open(sample("data_asset_pledge_loans.ron"), lang);
        let before = h.state().deal().clone();
        let rows = TWO_ROWS.replace("0.0515", "4.8x%");
        // Through the paste box this time.
        let paste = if lang == Lang::En {
            ("Paste rows…", "Rows to paste", "Paste")
        } else {
            ("粘贴行…", "待粘贴的行", "粘贴")
        };
        h.get_by_label(paste.0).click();
        h.run();
        h.get_by_label(paste.1).focus();
        h.step();
        h.event(egui::Event::Paste(rows));
        h.run();
        h.get_by_role_and_label(Role::Button, paste.2).click();
        h.run();
        assert_eq!(*h.state().deal(), before, "{lang:?}");
        assert!(!h.state().is_dirty());
        let shown = h.query_by_label_contains(message);
        assert!(shown.is_some(), "{lang:?}: no message {message:?}");
    }
}

/// The tape's rows are in the grid read-only; copying them into the deal makes them
/// editable inline assets and drops the tape, in one undo step.
#[test]
fn tape_rows_are_read_only_until_copied_into_the_deal() {
    let mut h = open(sample("data_empowered_leases.ron"), Lang::En);
    let inline = h.state().deal().pool.assets.len();
    assert_eq!(h.state().tape_len(), 2_400);
    let first_tape_id = "TS00001";
    h.get_by_label_contains("Rows from the tape file are read-only");
    assert!(
        h.query_by_label(&format!("Select {first_tape_id}"))
            .is_none(),
        "tape rows are not selectable for edits"
    );
    h.get_by_label("Copy tape into the deal").click();
    settle(&mut h);
    let d = h.state().deal();
    assert_eq!(d.pool.assets.len(), inline + 2_400);
    assert!(d.pool.tape.is_none());
    assert_eq!(h.state().tape_len(), 0);
    assert_eq!(h.state().results().unwrap().pool.assets, inline + 2_400);
    h.state_mut().queue(Command::Undo);
    settle(&mut h);
    assert_eq!(h.state().deal().pool.assets.len(), inline);
    assert_eq!(h.state().tape_len(), 2_400);
}
