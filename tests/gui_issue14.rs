//! GUI tests of issue 14 (the app as a structurer sees it): every glyph, axis, table and
//! label right. Headless kittest harness; the compute thread is real.
#![cfg(feature = "gui")]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tranche_studio::app::{Lang, Options, ResultsTab, Section, Settings, Startup, TrancheApp};

// Shared by every GUI test file; each uses a part of it.
#[allow(dead_code)]
mod gui_common;
use gui_common::{TempDir, harness_with, sample, settle};

/// Company-name characters outside GB2312 level 1 (a GB2312 subset font draws boxes).
const RARE: &str = "璟堃昇珺琮瑄喆赟淼";

fn open_in(path: std::path::PathBuf, lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(path),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h
}

/// kittest panics on a missing glyph (`MissingGlyphPolicy::Panic`), and the harness draws
/// with the bundled font only: a deal and a tranche named with rare hanzi draw on every
/// screen.
#[test]
fn rare_name_characters_draw_with_the_bundled_font() {
    let dir = TempDir::new("rare-glyphs");
    let text = std::fs::read_to_string(sample("data_asset_pledge_loans.ron")).unwrap();
    let text = text
        .replace("鑫欣数据资产1期", &format!("{RARE}数据资产1期"))
        .replace("优先级 Senior", "瑄喆优先级");
    let path = dir.join("rare.ron");
    std::fs::write(&path, text).unwrap();
    let mut h = open_in(path, Lang::Zh);
    for section in Section::ALL {
        h.state_mut().show_section(section);
        for tab in ResultsTab::ALL {
            h.state_mut().show_tab(tab);
            h.run();
        }
    }
    h.state_mut().show_section(Section::Tranches);
    h.run();
    assert!(h.query_by_label_contains("瑄喆优先级").is_some());
    h.state_mut().show_section(Section::Terms);
    h.run();
    let named =
        |n: &egui_kittest::kittest::AccessKitNode<'_>| n.value().is_some_and(|v| v.contains(RARE));
    assert!(
        h.query_all_by(named).next().is_some(),
        "the deal name field"
    );
}
