//! The meeting page (issue 14): one A4 landscape PDF page with the deal's name, the scenario,
//! the securities' figures as text and the two main charts, read back with lopdf (an
//! independent parser: page tree, page size, text through the embedded fonts' ToUnicode maps).

use crate::common::small_deal;
use lopdf::{Document, Object};
use tranche_studio::engine::run;
use tranche_studio::export::Lang;
use tranche_studio::export::pdf::render_pdf;

fn read(bytes: &[u8]) -> Document {
    assert!(bytes.starts_with(b"%PDF-"), "a PDF header");
    Document::load_mem(bytes).expect("lopdf reads the page")
}

fn number(o: &Object) -> f32 {
    o.as_float()
        .or_else(|_| o.as_i64().map(|i| i as f32))
        .unwrap()
}

/// Every image on the page: (width, height) in pixels.
fn images(doc: &Document) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .map(|s| {
            let w = s.dict.get(b"Width").unwrap().as_i64().unwrap();
            let h = s.dict.get(b"Height").unwrap().as_i64().unwrap();
            (w, h)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_meeting_page_is_one_a4_landscape_page_with_the_figures_as_text() {
    let r = run(&small_deal(), Some("base")).unwrap();
    let doc = read(&render_pdf(&r, Lang::En).unwrap());
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1, "two securities fit on one page");
    let page = doc.get_dictionary(pages[&1]).unwrap();
    let media: Vec<f32> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(number)
        .collect();
    // A4 landscape: 297 mm × 72 / 25.4 = 841.89 pt wide, 210 mm = 595.28 pt high.
    assert_eq!(media.len(), 4);
    assert!(media[0] == 0.0 && media[1] == 0.0);
    assert!((media[2] - 841.89).abs() < 0.01, "{media:?}");
    assert!((media[3] - 595.28).abs() < 0.01, "{media:?}");

    let text = doc.extract_text(&[1]).unwrap();
    for expected in [
        // The deal's name (CJK glyphs mapped back to text) and the scenario.
        "小型手算交易",
        "Scenario: base",
        // A: 900,000 = 90.00 万元 at 3.00%; B 100,000 = 10.00 万元.
        "优先级",
        "90.00",
        "3.00%",
        "次级",
        "10.00",
        // A's interest 6,657.53 + 2,991.78 = 9,649.31 = 0.96 万元; its WAL
        // (500,000 × 90 + 400,000 × 181) / 365 / 900,000 = 0.357 years; last principal on
        // the second payment date.
        "0.96",
        "0.36",
        "2025-07-01",
        "Principal loss",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
    // Distributions and balances side by side: each (841.89 − 2 × 34 − 16) / 2 = 378.945 pt
    // = 133.69 mm wide, drawn at 300 dpi: 133.69 / 25.4 × 300 = 1,579 pixels (≥ 200 dpi).
    let imgs = images(&doc);
    assert_eq!(imgs.len(), 2, "{imgs:?}");
    assert!(imgs.iter().all(|(w, _)| *w == 1579), "{imgs:?}");
}

#[test]
fn the_page_speaks_the_chosen_language() {
    let r = run(&small_deal(), Some("base")).unwrap();
    let doc = read(&render_pdf(&r, Lang::Zh).unwrap());
    let text = doc.extract_text(&[1]).unwrap();
    for expected in [
        "情景：base",
        "加权平均期限（年）",
        "本金损失",
        "金额单位：万元",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
    assert!(!text.contains("Principal loss"), "no English in Chinese");
}

/// A holding-type deal's unit classes: their multiple and distribution rate, no coupon.
#[test]
fn a_holding_deal_shows_its_unit_classes() {
    let path = format!(
        "{}/sample_deals/highway_concession.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let deal = tranche_studio::io::load_deal(std::path::Path::new(&path))
        .unwrap()
        .deal;
    let r = run(&deal, None).unwrap();
    let doc = read(&render_pdf(&r, Lang::En).unwrap());
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("Multiple") && text.contains("Distribution rate"));
    assert!(!text.contains("Coupon"), "{text}");
    assert!(text.contains(&r.securities[0].name), "{text}");
    // Distributions, balances and the project company side by side: each
    // (841.89 − 2 × 34 − 2 × 16) / 3 = 247.297 pt = 87.241 mm wide, at 300 dpi
    // 87.241 / 25.4 × 300 = 1,030.4 → 1,030 pixels.
    let imgs = images(&doc);
    assert_eq!(imgs.len(), 3, "{imgs:?}");
    assert!(imgs.iter().all(|(w, _)| *w == 1030), "{imgs:?}");
}

/// `tranche-studio pdf DEAL --out FILE` writes the page and prints its path.
#[test]
fn the_cli_writes_the_page() {
    let dir = std::env::temp_dir().join(format!("ts-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("page.pdf");
    let sample = format!(
        "{}/sample_deals/data_empowered_leases.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_tranche-studio"))
        .args([
            "pdf",
            &sample,
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        out.display().to_string()
    );
    let doc = read(&std::fs::read(&out).unwrap());
    assert_eq!(doc.get_pages().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The charts keep at least 55 mm of height on the first page, else they go to a second. The
/// table's header baseline is at 595.28 − 34 − 18 − 18 − 22 = 503.28 pt, each row 15 pt, and
/// the charts start 10 pt under the row after the last: with n securities the charts have
/// (503.28 − 15 (n + 1) − 10 − 34) / 2.83465 mm above the bottom margin, ≥ 55 mm up to
/// n = 19 (56.2 mm) and not at n = 20 (50.9 mm).
#[test]
fn many_securities_put_the_charts_on_a_second_page() {
    let r = run(&small_deal(), Some("base")).unwrap();
    let pages = |n: usize| {
        let mut many = r.clone();
        many.securities = (0..n)
            .map(|k| {
                let mut s = r.securities[k % 2].clone();
                s.name = format!("T{k}");
                s
            })
            .collect();
        read(&render_pdf(&many, Lang::En).unwrap())
            .get_pages()
            .len()
    };
    assert_eq!(pages(19), 1);
    assert_eq!(pages(20), 2);
}
