//! File errors in the chosen language (issue 14 item 7): a tape that does not read, shown
//! in the Chinese UI as a Chinese sentence with its row and column, the open deal kept.

use egui_kittest::kittest::Queryable;
use tranche_studio::app::{Command, Lang, Options, Settings, Startup};

use crate::common::{TempDir, harness_with, sample, settle};

#[test]
fn a_bad_tape_reads_in_chinese_and_keeps_the_deal() {
    let dir = TempDir::new("bad-tape");
    let tape = dir.join("bad.csv");
    // The header is row 1: the second asset, on row 3, has the rate "五厘".
    std::fs::write(
        &tape,
        "id,obligor,asset_class,data_asset_role,balance,rate,remaining_term,amortisation\n\
         A1,甲,TrustLoan,,100.00,0.05,12,Bullet\n\
         A2,乙,TrustLoan,,100.00,五厘,12,Bullet\n",
    )
    .unwrap();
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_empowered_leases.ron")),
        settings: Some(Settings {
            lang: Lang::Zh,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    let (deal, rows) = (h.state().deal().clone(), h.state().tape_len());
    h.state_mut().queue(Command::ImportTapePath(tape.clone()));
    h.run_steps(4);
    let expected = format!(
        "{}：第3行「rate（利率）」列：“五厘” 不是利率（如 0.048 或 4.8%）",
        tape.display()
    );
    assert_eq!(h.state().error_message(), Some(expected.as_str()));
    // On screen under the dialog's Chinese title.
    h.get_by_label("无法导入资产清单");
    h.get_by_label(&expected);
    // The open deal and its tape rows are as they were.
    assert_eq!(h.state().deal(), &deal);
    assert_eq!(h.state().tape_len(), rows);
    assert!(!h.state().is_dirty());
}
