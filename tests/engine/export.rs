//! Term-sheet exports read back: PNG size and pHYs, SVG labels and series, XLSX and CSV
//! numbers equal to the engine's, per-unit schedules that reproduce the cash to the fen, the
//! files `export` writes, and no panic on odd input.

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use tranche_studio::engine::Session;
use tranche_studio::engine::compare::Comparison;
use tranche_studio::export::charts::{self, ChartKind, ChartOptions};
use tranche_studio::export::{self, Lang, per_unit, summary, tables};
use tranche_studio::model::Deal;
use tranche_studio::money::{fen, to_f64};
use tranche_studio::results::DealResults;

/// Every sample deal with its default-scenario results.
fn samples() -> Vec<(String, Deal, DealResults)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "sample deals in {}", dir.display());
    paths
        .iter()
        .map(|p| {
            let mut session = Session::open(p).unwrap();
            let r = session
                .run(None)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, session.deal().clone(), r)
        })
        .collect()
}

/// A session for a deal that names no tape.
fn session_of(deal: &Deal) -> Session {
    Session::new(deal.clone(), Default::default())
}

fn tranched() -> (Deal, DealResults) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_deals/receivables_deficiency_guarantee.ron");
    let deal = tranche_studio::io::load_deal(&p).unwrap().deal;
    let r = tranche_studio::engine::run(&deal, None).unwrap();
    (deal, r)
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ts-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn png_info(bytes: &[u8]) -> (u32, u32, Option<png::PixelDimensions>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    (info.width, info.height, info.pixel_dims)
}

#[test]
fn png_has_the_asked_pixel_size_and_its_resolution() {
    let (_, r) = tranched();
    for (width_mm, height_mm, dpi) in [(160.0, 100.0, 300), (85.0, 60.0, 600), (100.0, 70.0, 96)] {
        let opts = ChartOptions {
            width_mm,
            height_mm,
            dpi,
            lang: Lang::Zh,
        };
        let bytes = charts::render_png(&r, ChartKind::Distributions, &opts).unwrap();
        let (w, h, phys) = png_info(&bytes);
        assert_eq!(w, (width_mm / 25.4 * f64::from(dpi)).round() as u32);
        assert_eq!(h, (height_mm / 25.4 * f64::from(dpi)).round() as u32);
        let phys = phys.expect("pHYs chunk");
        assert_eq!(phys.unit, png::Unit::Meter);
        assert_eq!(phys.xppu, phys.yppu);
        assert_eq!(phys.xppu, (f64::from(dpi) / 0.0254).round() as u32);
        if dpi == 300 {
            assert_eq!((w, h), (1890, 1181));
            assert_eq!(phys.xppu, 11811, "300 dpi is 11811 px/m");
        }
    }
}

#[test]
fn save_chart_picks_the_format_from_the_extension() {
    let (_, r) = tranched();
    let dir = temp_dir("save");
    std::fs::create_dir_all(&dir).unwrap();
    let opts = ChartOptions {
        dpi: 72,
        ..ChartOptions::default()
    };
    charts::save_chart(&r, ChartKind::Irr, &dir.join("irr.SVG"), &opts).unwrap();
    charts::save_chart(&r, ChartKind::Irr, &dir.join("irr.png"), &opts).unwrap();
    let svg = std::fs::read_to_string(dir.join("irr.SVG")).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
    let (w, _, _) = png_info(&std::fs::read(dir.join("irr.png")).unwrap());
    assert_eq!(w, (160.0 / 25.4 * 72.0_f64).round() as u32);
    let err = charts::save_chart(&r, ChartKind::Irr, &dir.join("no/such/dir/x.png"), &opts);
    assert!(
        err.unwrap_err().to_string().contains("no/such/dir"),
        "the path in the error"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_chart_of_every_sample_renders_to_png_on_a_light_background() {
    let opts = ChartOptions {
        dpi: 100,
        ..ChartOptions::default()
    };
    for (name, _, r) in samples() {
        for kind in export::available_charts(&r) {
            let bytes = charts::render_png(&r, kind, &opts).unwrap();
            let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
            let mut reader = decoder.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let frame = reader.next_frame(&mut buf).unwrap();
            let px = &buf[..frame.buffer_size()];
            assert_eq!(&px[..3], &[255, 255, 255], "{name} {kind:?}: white corner");
            let white = px.chunks(3).filter(|p| p == &[255, 255, 255]).count();
            let total = px.len() / 3;
            assert!(white * 2 > total, "{name} {kind:?}: mostly white paper");
            assert!(white < total, "{name} {kind:?}: something is drawn");
        }
    }
}

/// The text content of every `<text>` and `<title>` element.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| matches!(n.tag_name().name(), "text" | "title" | "desc"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .map(|d| d.text().unwrap_or(""))
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn svg_parses_and_has_titles_axis_labels_and_every_series() {
    for (name, _, r) in samples() {
        for lang in [Lang::Zh, Lang::En] {
            let opts = ChartOptions {
                lang,
                ..ChartOptions::default()
            };
            for kind in export::available_charts(&r) {
                let spec = charts::chart_spec(&r, kind, lang);
                let svg = charts::render_spec_svg(&spec, &opts).unwrap();
                let doc = roxmltree::Document::parse(&svg).unwrap();
                let root = doc.root_element();
                assert_eq!(root.attribute("width"), Some("160mm"), "{name} {kind:?}");
                assert_eq!(root.attribute("height"), Some("100mm"));
                assert_eq!(root.attribute("viewBox"), Some("0 0 1890 1181"));
                let texts = svg_texts(&svg);
                for label in charts::expected_labels(&spec) {
                    assert!(
                        texts.iter().any(|t| t == &label),
                        "{name} {kind:?} {lang:?}: no text {label:?} in {texts:?}"
                    );
                }
                // Each series is drawn in its colour: in the legend and, when it has
                // values, in the plot.
                for s in &spec.series {
                    let hex = format!("#{:02X}{:02X}{:02X}", s.color.0, s.color.1, s.color.2);
                    let uses = svg.matches(&hex).count();
                    let has_values = s.points.iter().any(|p| p.1.is_some_and(|y| y != 0.0));
                    assert!(
                        uses > usize::from(has_values),
                        "{name} {kind:?}: series {} ({hex}) drawn {uses} times",
                        s.name
                    );
                }
            }
        }
    }
    // The Chinese labels themselves.
    let (_, r) = tranched();
    let svg = charts::render_svg(&r, ChartKind::Balances, &ChartOptions::default()).unwrap();
    let texts = svg_texts(&svg);
    for label in [
        "未偿本金余额",
        "余额（亿元）",
        "日期",
        "优先级",
        "次级",
        "资产池余额",
    ] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    let svg = charts::render_svg(&r, ChartKind::Distributions, &ChartOptions::default()).unwrap();
    assert!(
        svg_texts(&svg).iter().any(|t| t == "2028-01-09"),
        "dates on the x axis"
    );
}

/// The labels of every chart of the tranched sample, written out (not taken from
/// `expected_labels`): title, subtitle, x label, y label, then the series in legend order.
/// Each must be what `chart_spec` gives and appear as a text of the SVG.
#[test]
fn chart_labels_are_the_literal_titles_units_and_series() {
    let (_, r) = tranched();
    let deal = "豫数启航数据资产1期（示例）Receivables with deficiency payment — illustrative";
    // The pool-flow axis is in 亿元 when some date's stacked collections (or its defaults)
    // reach 1 亿元, in 万元 otherwise (docs/export.md, "Units").
    let pool_max = r
        .periods
        .iter()
        .map(|p| {
            let up = p.pool.interest + p.pool.scheduled_principal + p.pool.prepayments;
            (up + p.pool.recoveries).max(p.pool.defaults)
        })
        .max()
        .unwrap();
    let yi = pool_max >= Decimal::from(100_000_000);
    let (flows_zh, flows_en) = if yi {
        ("金额（亿元）", "Amount (CNY 100m)")
    } else {
        ("金额（万元）", "Amount (CNY 10k)")
    };
    let zh_sub = format!("{deal} · 情景：base");
    let en_sub = format!("{deal} · scenario: base");
    let pool_zh = ["利息回收", "计划本金", "提前还款", "违约回收", "违约金额"];
    let pool_en = [
        "Interest",
        "Scheduled principal",
        "Prepayments",
        "Recoveries",
        "Defaults",
    ];
    let securities = ["优先级", "次级"];
    // Title, subtitle, x label and y label, then the series.
    let l = |head: [&str; 4], series: &[&str]| -> Vec<String> {
        head.iter().chain(series).map(|x| x.to_string()).collect()
    };
    let (zh, en) = (zh_sub.as_str(), en_sub.as_str());
    let cases = [
        (
            ChartKind::Distributions,
            Lang::Zh,
            l(
                ["各期分配（按证券）", zh, "兑付日", "分配金额（亿元）"],
                &securities,
            ),
        ),
        (
            ChartKind::Distributions,
            Lang::En,
            l(
                [
                    "Distributions by security",
                    en,
                    "Payment date",
                    "Distributions (CNY 100m)",
                ],
                &securities,
            ),
        ),
        (
            ChartKind::Balances,
            Lang::Zh,
            l(
                ["未偿本金余额", zh, "日期", "余额（亿元）"],
                &["优先级", "次级", "资产池余额"],
            ),
        ),
        (
            ChartKind::Balances,
            Lang::En,
            l(
                ["Outstanding balances", en, "Date", "Balance (CNY 100m)"],
                &["优先级", "次级", "Pool balance"],
            ),
        ),
        (
            ChartKind::PoolFlows,
            Lang::Zh,
            l(["资产池回收与违约", zh, "兑付日", flows_zh], &pool_zh),
        ),
        (
            ChartKind::PoolFlows,
            Lang::En,
            l(
                [
                    "Pool collections, defaults and recoveries",
                    en,
                    "Payment date",
                    flows_en,
                ],
                &pool_en,
            ),
        ),
        (
            ChartKind::Irr,
            Lang::Zh,
            l(
                ["各证券内部收益率（IRR）", zh, "证券", "IRR（%）"],
                &securities,
            ),
        ),
        (
            ChartKind::Irr,
            Lang::En,
            l(["IRR by security", en, "Security", "IRR (%)"], &securities),
        ),
    ];
    for (kind, lang, labels) in cases {
        let spec = charts::chart_spec(&r, kind, lang);
        assert_eq!(charts::expected_labels(&spec), labels, "{kind:?} {lang:?}");
        let opts = ChartOptions {
            lang,
            ..ChartOptions::default()
        };
        let texts = svg_texts(&charts::render_svg(&r, kind, &opts).unwrap());
        for label in &labels {
            assert!(
                texts.iter().any(|t| t == label),
                "{kind:?} {lang:?}: no text {label:?} in {texts:?}"
            );
        }
        let missing = charts::missing_glyphs(&labels.concat()).unwrap();
        assert!(
            missing.is_empty(),
            "{kind:?} {lang:?}: no glyph for {missing:?}"
        );
    }
}

#[test]
fn axis_units_follow_the_magnitude() {
    let (_, r) = tranched();
    let spec = charts::chart_spec(&r, ChartKind::Balances, Lang::Zh);
    assert_eq!(spec.y_label, "余额（亿元）", "4.2亿 pool");
    let spec = charts::chart_spec(&r, ChartKind::Distributions, Lang::En);
    assert_eq!(spec.y_label, "Distributions (CNY 100m)");
    // Scale the results down a thousandfold: 万元.
    let mut small = r.clone();
    for p in &mut small.periods {
        for t in &mut p.tranches {
            t.interest_paid /= Decimal::from(1000);
            t.principal_paid /= Decimal::from(1000);
            t.residual_paid /= Decimal::from(1000);
        }
    }
    let spec = charts::chart_spec(&small, ChartKind::Distributions, Lang::Zh);
    assert_eq!(spec.y_label, "分配金额（万元）");
    let first = spec.series[0].points.iter().find_map(|p| p.1).unwrap();
    let cash = to_f64(small.periods[0].tranches[0].cash()) / 1e4;
    assert!((first - cash).abs() < 1e-9);
}

#[test]
fn the_bundled_font_draws_every_chart_label() {
    for (name, _, r) in samples() {
        for lang in [Lang::Zh, Lang::En] {
            for kind in ChartKind::ALL {
                let spec = charts::chart_spec(&r, kind, lang);
                let text: String = charts::expected_labels(&spec).concat();
                let missing = charts::missing_glyphs(&text).unwrap();
                assert!(
                    missing.is_empty(),
                    "{name} {kind:?}: no glyph for {missing:?}"
                );
            }
        }
    }
    assert_eq!(
        charts::missing_glyphs("\u{E000}").unwrap(),
        vec!['\u{E000}']
    );
}

/// Company-name characters outside GB2312 level 1 (璟 堃 昇 珺 琮 瑄 喆 赟 淼), an Extension
/// A one (䶮) and an Extension B one (𠮷): a GB2312 subset font has none of them, and the PNG
/// then showed a gap in the subtitle.
#[test]
fn rare_name_characters_are_drawn_in_png_and_written_in_svg() {
    const RARE: &str = "璟堃昇珺琮瑄喆赟淼䶮𠮷";
    assert_eq!(charts::missing_glyphs(RARE).unwrap(), Vec::<char>::new());
    let (_, r) = tranched();
    let opts = ChartOptions {
        dpi: 100,
        ..ChartOptions::default()
    };
    let mut spec = charts::chart_spec(&r, ChartKind::Balances, Lang::Zh);
    spec.subtitle = RARE.into();
    let svg = charts::render_spec_svg(&spec, &opts).unwrap();
    assert!(svg_texts(&svg).iter().any(|t| t == RARE));
    // Each character leaves ink: the PNG differs from the one with a blank subtitle.
    let blank = {
        let mut s = spec.clone();
        s.subtitle = String::new();
        charts::render_spec_png(&s, &opts).unwrap()
    };
    for c in RARE.chars() {
        spec.subtitle = c.to_string();
        assert_ne!(charts::render_spec_png(&spec, &opts).unwrap(), blank, "{c}");
    }
}

fn cell_f64(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::DateTime(x) => x.as_f64(),
        other => panic!("not a number: {other:?}"),
    }
}

fn excel_serial(d: NaiveDate) -> f64 {
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

/// A money cell equals the engine's Decimal, as the f64 the writer converts it to and to the fen.
fn assert_money(cell: &Data, expected: Decimal, what: &str) {
    let v = cell_f64(cell);
    assert_eq!(v, to_f64(expected), "{what}");
    assert_eq!(
        Decimal::from_f64_retain(v * 100.0).map(|x| x.round()),
        Some(expected * Decimal::ONE_HUNDRED),
        "{what}: to the fen"
    );
}

#[test]
fn xlsx_opens_and_its_numbers_equal_the_engine() {
    for (name, deal, r) in samples() {
        let dir = temp_dir(&format!("xlsx-{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cashflows.xlsx");
        let ts = summary::term_sheet(
            &deal,
            &r,
            &Comparison::of(
                &deal.name,
                deal.holding.is_some(),
                std::slice::from_ref(&r),
                vec![],
            ),
            Lang::Zh,
        );
        tables::write_xlsx(&r, Some(&ts), Lang::Zh, &path).unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let names = wb.sheet_names();
        let mut expected = vec!["产品要素"];
        expected.extend(
            tables::tables(&r)
                .iter()
                .map(|t| t.part.sheet_name(Lang::Zh)),
        );
        assert_eq!(names, expected, "{name}");
        if tables::has_pool(&r) {
            assert!(names.contains(&"资产池".to_string()));
        }
        assert!(names.contains(&"偿付顺序".to_string()) && names.contains(&"证券".to_string()));

        // Securities: one row per date and security, every amount equal to the engine's.
        let sec = wb.worksheet_range("证券").unwrap();
        let rows: Vec<_> = sec.rows().collect();
        assert_eq!(rows[0][0], Data::String("期数".into()));
        let mut i = 1;
        for p in &r.periods {
            for s in &r.securities {
                let tp = p.tranches.iter().find(|tp| *tp.id == *s.id).unwrap();
                let row = rows[i];
                i += 1;
                assert_eq!(cell_f64(&row[0]), p.period as f64);
                assert_eq!(cell_f64(&row[1]), excel_serial(p.date), "{name}: date cell");
                assert_eq!(row[2], Data::String(s.id.clone()));
                let what = format!("{name} {} {}", p.date, s.id);
                assert_money(&row[4], tp.opening_balance, &what);
                assert_money(&row[6], tp.interest_paid, &what);
                assert_money(&row[8], tp.principal_paid, &what);
                assert_money(&row[9], tp.residual_paid, &what);
                assert_money(&row[10], tp.cash(), &what);
                assert_money(&row[11], tp.closing_balance, &what);
            }
        }
        assert_eq!(rows.len(), i, "{name}: no extra rows");

        // Waterfall: available, fees and paid per date.
        let wf = wb.worksheet_range("偿付顺序").unwrap();
        let t = tables::table(&r, tables::Part::Waterfall).unwrap();
        let col = |key: &str| t.column(key).unwrap();
        for (k, p) in r.periods.iter().enumerate() {
            let row = wf.rows().nth(k + 1).unwrap();
            assert_money(&row[col("available")], p.available, "available");
            assert_money(&row[col("paid")], p.paid, "paid");
            assert_money(&row[col("retained")], p.retained, "retained");
            for f in &p.fees {
                assert_money(&row[col(&format!("fee_{}_paid", f.id))], f.paid, "fee");
            }
        }

        if tables::has_pool(&r) {
            let pool = wb.worksheet_range("资产池").unwrap();
            for (k, p) in r.periods.iter().enumerate() {
                let row = pool.rows().nth(k + 1).unwrap();
                assert_money(&row[3], p.pool.defaults, "defaults");
                assert_money(&row[4], p.pool.interest, "interest");
                assert_money(&row[8], p.pool.closing_balance, "closing");
            }
        }
        if let Some(pc) = &r.project_company {
            let sheet = wb.worksheet_range("项目公司").unwrap();
            for (k, p) in pc.periods.iter().enumerate() {
                let row = sheet.rows().nth(k + 1).unwrap();
                assert_money(&row[4], p.noi, "noi");
                assert_money(&row[15], p.tax, "tax");
                assert_money(&row[18], p.dividends, "dividends");
            }
        }

        // Term sheet: each security's size, in the column headed 规模（元）.
        let ts_sheet = wb.worksheet_range("产品要素").unwrap();
        let size_col = ts_sheet
            .rows()
            .find_map(|row| {
                row.iter()
                    .position(|c| c == &Data::String("规模（元）".into()))
            })
            .expect("a size column");
        for s in &r.securities {
            let found = ts_sheet.rows().any(|row| {
                row.first() == Some(&Data::String(s.id.clone()))
                    && row
                        .get(size_col)
                        .is_some_and(|c| cell_f64(c) == to_f64(s.size))
            });
            assert!(found, "{name}: {} in the term sheet", s.id);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn csv_holds_the_exact_engine_decimals() {
    for (name, _, r) in samples() {
        let dir = temp_dir(&format!("csv-{name}"));
        let written = tables::write_csv_dir(&r, &dir).unwrap();
        let names: Vec<String> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(names.contains(&"periods.csv".into()) && names.contains(&"securities.csv".into()));
        assert_eq!(names.contains(&"pool.csv".into()), tables::has_pool(&r));
        let dec = |s: &str| Decimal::from_str(s).unwrap();

        let mut rd = csv::Reader::from_path(dir.join("securities.csv")).unwrap();
        let header = rd.headers().unwrap().clone();
        let idx = |k: &str| header.iter().position(|h| h == k).unwrap();
        let recs: Vec<csv::StringRecord> = rd.records().map(|x| x.unwrap()).collect();
        let mut i = 0;
        for p in &r.periods {
            for s in &r.securities {
                let tp = p.tranches.iter().find(|tp| *tp.id == *s.id).unwrap();
                let rec = &recs[i];
                i += 1;
                assert_eq!(&rec[idx("date")], p.date.to_string());
                assert_eq!(&rec[idx("security")], &*tp.id);
                assert_eq!(dec(&rec[idx("interest_paid")]), tp.interest_paid);
                assert_eq!(dec(&rec[idx("principal_paid")]), tp.principal_paid);
                assert_eq!(dec(&rec[idx("residual_paid")]), tp.residual_paid);
                assert_eq!(dec(&rec[idx("closing_balance")]), tp.closing_balance);
                // Two decimals at least, never an exponent.
                assert!(rec[idx("cash")].contains('.') && !rec[idx("cash")].contains('e'));
            }
        }
        assert_eq!(recs.len(), i, "{name}");

        let mut rd = csv::Reader::from_path(dir.join("periods.csv")).unwrap();
        let header = rd.headers().unwrap().clone();
        let idx = |k: &str| header.iter().position(|h| h == k).unwrap();
        for (rec, p) in rd.records().map(|x| x.unwrap()).zip(&r.periods) {
            assert_eq!(dec(&rec[idx("available")]), p.available);
            assert_eq!(dec(&rec[idx("paid")]), p.paid);
            assert_eq!(dec(&rec[idx("retained")]), p.retained);
            assert_eq!(
                dec(&rec[idx("available")]),
                dec(&rec[idx("paid")]) + dec(&rec[idx("retained")]),
                "{name}: money conserved in the file"
            );
        }
        if tables::has_pool(&r) {
            let mut rd = csv::Reader::from_path(dir.join("pool.csv")).unwrap();
            for (rec, p) in rd.records().map(|x| x.unwrap()).zip(&r.periods) {
                assert_eq!(dec(&rec[3]), p.pool.defaults);
                assert_eq!(dec(&rec[8]), p.pool.closing_balance);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `round(per_unit × units, 2)` is the engine's amount, for the in-memory schedule and for
/// the numbers read back from its CSV and JSON.
#[test]
fn per_unit_schedule_times_the_units_is_the_security_cash_to_the_fen() {
    let dec = |s: &str| Decimal::from_str(s).unwrap();
    let mut checked = 0;
    for (name, deal, _) in samples() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
        let mut session = Session::open(&dir.join(format!("{name}.ron"))).unwrap();
        for sc in &deal.scenarios {
            let r = session.run(Some(&sc.name)).unwrap();
            for s in &r.securities {
                let sched = match per_unit::schedule(&r, &s.id, per_unit::default_face()) {
                    Ok(x) => x,
                    // Only a tranche whose size is not a whole number of units may be refused;
                    // a holding deal's unit classes are whole units.
                    Err(e) => {
                        assert!(r.plan.is_none(), "{e}");
                        assert!(!(s.size / Decimal::ONE_HUNDRED).fract().is_zero(), "{e}");
                        continue;
                    }
                };
                // Classes issued at 100 at closing; expansion units are issued at the NAV and
                // open-period buyers hold units only from their window.
                if r.plan.is_some() && s.id != "market" && s.id != "originator" {
                    continue;
                }
                assert_eq!(
                    sched.units,
                    s.size / Decimal::ONE_HUNDRED,
                    "units = size / 100"
                );
                let csv_text = per_unit::to_csv(&sched).unwrap();
                let json: serde_json::Value =
                    serde_json::from_str(&per_unit::to_json(&sched).unwrap()).unwrap();
                assert_eq!(json["face"], "100");
                assert_eq!(json["decimals"], 12);
                let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
                let csv_rows: Vec<csv::StringRecord> = rd.records().map(|x| x.unwrap()).collect();
                assert_eq!(csv_rows.len(), r.periods.len());
                let (mut principal, mut face) = (Decimal::ZERO, Decimal::ONE_HUNDRED);
                for (k, p) in r.periods.iter().enumerate() {
                    let tp = p.tranches.iter().find(|tp| *tp.id == *s.id).unwrap();
                    let row = &sched.rows[k];
                    // Units held on the date (market units leave in open periods).
                    let units = tp.units.unwrap_or(sched.units);
                    let what = format!("{name}/{}/{} {}", sc.name, s.id, p.date);
                    assert_eq!(row.date, p.date);
                    assert_eq!(fen(row.interest * units), tp.interest_paid, "{what}");
                    assert_eq!(fen(row.principal * units), tp.principal_paid, "{what}");
                    assert_eq!(fen(row.other * units), tp.residual_paid, "{what}");
                    assert_eq!(fen(row.total * units), tp.cash(), "{what}");
                    assert_eq!(
                        fen(row.face_outstanding * units),
                        tp.closing_balance,
                        "{what}"
                    );
                    // The same from the files' text.
                    let c = &csv_rows[k];
                    assert_eq!(fen(dec(&c[2]) * units), tp.interest_paid, "{what} csv");
                    assert_eq!(fen(dec(&c[3]) * units), tp.principal_paid, "{what} csv");
                    assert_eq!(fen(dec(&c[4]) * units), tp.residual_paid, "{what} csv");
                    assert_eq!(c[2].split('.').nth(1).map(str::len), Some(12));
                    let j = &json["rows"][k];
                    assert_eq!(j["date"], p.date.to_string());
                    assert_eq!(
                        fen(dec(j["total"].as_str().unwrap()) * units),
                        tp.cash(),
                        "{what} json"
                    );
                    principal += row.principal;
                    face -= row.principal;
                    checked += 1;
                }
                // A token's principal is a share of its 100 face.
                if r.plan.is_none() {
                    assert_eq!(
                        fen(principal * sched.units),
                        s.total_principal,
                        "{name} {}",
                        s.id
                    );
                }
                assert!(
                    (face - sched.rows.last().unwrap().face_outstanding).abs() < Decimal::new(1, 8)
                );
            }
        }
    }
    assert!(checked > 100, "{checked} amounts checked");
}

#[test]
fn per_unit_refuses_what_it_cannot_do_exactly() {
    let (_, r) = tranched();
    assert!(matches!(
        per_unit::schedule(&r, "nope", per_unit::default_face()),
        Err(export::ExportError::UnknownSecurity(_))
    ));
    assert!(per_unit::schedule(&r, "A", Decimal::ZERO).is_err());
    assert!(per_unit::schedule(&r, "A", Decimal::from(-100)).is_err());
    // 390,000,000 is not a whole number of 70-CNY units.
    assert!(per_unit::schedule(&r, "A", Decimal::from(70)).is_err());
    // A face of 1 CNY: 390 million units, still exact.
    let s = per_unit::schedule(&r, "A", Decimal::ONE).unwrap();
    assert_eq!(s.units, Decimal::from(390_000_000));
    for (row, p) in s.rows.iter().zip(&r.periods) {
        assert_eq!(fen(row.total * s.units), p.tranches[0].cash());
    }
}

#[test]
fn term_sheet_markdown_has_terms_structure_enhancements_and_scenarios() {
    let (deal, r) = tranched();
    let scenarios = session_of(&deal).compare();
    let failed = &scenarios.failed;
    assert!(failed.is_empty(), "{failed:?}");
    let md = summary::markdown(&summary::term_sheet(&deal, &r, &scenarios, Lang::Zh));
    for needle in [
        "产品要素表",
        "## 基本要素",
        "## 证券要素",
        "## 偿付顺序",
        "## 信用增级",
        "## 主要情景",
        "390,000,000.00",
        "差额支付承诺",
        "河南中豫信用增进",
        "银行保函",
        "largest-obligor-default",
        "本金：A → S",
    ] {
        assert!(md.contains(needle), "{needle} in\n{md}");
    }
    let en = summary::markdown(&summary::term_sheet(&deal, &r, &scenarios, Lang::En));
    assert!(en.contains("## Priority of payments") && en.contains("Deficiency payment"));
    // Every table row has as many cells as its header.
    for block in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let widths: Vec<usize> = block
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{block}");
    }
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn export_all_writes_the_named_files() {
    let (deal, r) = tranched();
    let dir = temp_dir("all");
    let opts = export::ExportOptions {
        chart: ChartOptions {
            dpi: 100,
            ..ChartOptions::default()
        },
        ..export::ExportOptions::default()
    };
    let report = export::export_all_with(&mut session_of(&deal), &r, &dir, &opts).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let names = file_names(&dir);
    let mut expected: Vec<String> = ["distributions", "balances", "pool_flows", "irr"]
        .iter()
        .flat_map(|c| [format!("{c}.png"), format!("{c}.svg")])
        .chain(
            [
                "periods.csv",
                "securities.csv",
                "pool.csv",
                "cashflows.xlsx",
                "term_sheet.md",
                "per_unit_A.csv",
                "per_unit_A.json",
                "per_unit_S.csv",
                "per_unit_S.json",
            ]
            .map(String::from),
        )
        .collect();
    expected.sort();
    assert_eq!(names, expected, "no temporary files left");
    assert_eq!(report.written.len(), expected.len());
    assert!(report.written.iter().all(|p| p.exists()));

    // Charts only, then tables only.
    let dir2 = temp_dir("charts");
    export::export_all(&mut session_of(&deal), &r, &dir2, true, false).unwrap();
    assert!(
        file_names(&dir2)
            .iter()
            .all(|n| n.ends_with(".png") || n.ends_with(".svg"))
    );
    let dir3 = temp_dir("tables");
    export::export_all(&mut session_of(&deal), &r, &dir3, false, true).unwrap();
    let n3 = file_names(&dir3);
    assert!(
        n3.iter()
            .all(|n| !n.ends_with(".png") && !n.ends_with(".svg"))
    );
    assert_eq!(n3.iter().filter(|n| n.contains("per_unit")).count(), 4);
    for d in [dir, dir2, dir3] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn cli_export_prints_the_paths_it_writes() {
    let bin = env!("CARGO_BIN_EXE_tranche-studio");
    let deal = format!(
        "{}/sample_deals/receivables_deficiency_guarantee.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let dir = temp_dir("cli");
    let out = Command::new(bin)
        .args(["export", &deal, "--out"])
        .arg(&dir)
        .args(["--scenario", "largest-obligor-default", "--dpi", "72"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let printed: Vec<&str> = stdout.lines().collect();
    assert!(printed.iter().all(|p| Path::new(p).exists()));
    // Neither flag: both charts and tables.
    assert!(printed.iter().any(|p| p.ends_with("balances.svg")));
    assert!(printed.iter().any(|p| p.ends_with("cashflows.xlsx")));
    assert!(printed.iter().any(|p| p.ends_with("per_unit_A.json")));
    assert_eq!(printed.len(), file_names(&dir).len());
    let md = std::fs::read_to_string(dir.join("term_sheet.md")).unwrap();
    assert!(md.contains("| 情景 | largest-obligor-default |"));

    let only = temp_dir("cli-tables");
    let out = Command::new(bin)
        .args(["export", &deal, "--tables", "--out"])
        .arg(&only)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(file_names(&only).iter().all(|n| !n.ends_with(".png")));

    // Bad input: exit 1 with a message, never a panic.
    for args in [
        vec!["--dpi", "10"],
        vec!["--width-mm", "NaN"],
        vec!["--unit-face", "0"],
        vec!["--scenario", "nope"],
    ] {
        let out = Command::new(bin)
            .args(["export", &deal, "--out"])
            .arg(&only)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let out = Command::new(bin)
        .args(["export", "/nonexistent/deal.ron", "--out"])
        .arg(&only)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    for d in [dir, only] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn odd_inputs_are_errors_or_empty_charts_never_panics() {
    let (_, r) = tranched();
    for (w, h, dpi) in [
        (f64::NAN, 100.0, 300),
        (160.0, f64::INFINITY, 300),
        (0.0, 100.0, 300),
        (-5.0, 100.0, 300),
        (160.0, 100.0, 0),
        (160.0, 100.0, 100_000),
        (2000.0, 2000.0, 2400),
    ] {
        let opts = ChartOptions {
            width_mm: w,
            height_mm: h,
            dpi,
            lang: Lang::Zh,
        };
        assert!(charts::render_png(&r, ChartKind::Irr, &opts).is_err());
        assert!(charts::render_svg(&r, ChartKind::Irr, &opts).is_err());
    }
    // The smallest chart still renders.
    let tiny = ChartOptions {
        width_mm: charts::MIN_WIDTH_MM,
        height_mm: charts::MIN_HEIGHT_MM,
        dpi: charts::MIN_DPI,
        lang: Lang::En,
    };
    for kind in ChartKind::ALL {
        let _ = charts::render_png(&r, kind, &tiny).unwrap();
    }

    let opts = ChartOptions {
        dpi: 72,
        ..ChartOptions::default()
    };
    // No payment dates, no securities, no IRR, a NaN.
    let mut empty = r.clone();
    empty.periods.clear();
    let mut none = r.clone();
    none.securities.clear();
    for p in &mut none.periods {
        p.tranches.clear();
    }
    let mut no_irr = r.clone();
    for s in &mut no_irr.securities {
        s.irr = None;
    }
    no_irr.securities[0].irr = Some(f64::NAN);
    for results in [&empty, &none, &no_irr] {
        for kind in ChartKind::ALL {
            charts::render_png(results, kind, &opts).unwrap();
            let svg = charts::render_svg(results, kind, &opts).unwrap();
            roxmltree::Document::parse(&svg).unwrap();
        }
        for t in tables::tables(results) {
            tables::to_csv(&t).unwrap();
        }
        tables::xlsx_bytes(results, None, Lang::Zh).unwrap();
    }
    // Names that need escaping in XML, Markdown and file names.
    let mut odd = r.clone();
    odd.deal = "A & B <deal> \"x\" | y".into();
    odd.securities[0].name = "<A&B>".into();
    odd.securities[0].id = "A/../x".into();
    let svg = charts::render_svg(&odd, ChartKind::Distributions, &opts).unwrap();
    let texts = svg_texts(&svg);
    assert!(texts.iter().any(|t| t == "<A&B>"));
    assert_eq!(per_unit::file_id("A/../x"), "A____x");
    assert_eq!(per_unit::file_id("优先A"), "优先A");
    // Too many series for the legend on a short chart: an error, not a panic.
    let mut crowded = r.clone();
    for i in 0..200 {
        let mut s = crowded.securities[0].clone();
        s.name = format!("一个很长的证券名称 number {i}");
        crowded.securities.push(s);
    }
    let short = ChartOptions {
        height_mm: charts::MIN_HEIGHT_MM,
        ..opts
    };
    assert!(charts::render_png(&crowded, ChartKind::Irr, &short).is_err());
}

/// The columns of a Markdown table block whose body cells are all "—".
fn empty_columns(block: &str) -> Vec<String> {
    let rows: Vec<Vec<String>> = block
        .lines()
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    let (header, body) = (&rows[0], &rows[2..]);
    (0..header.len())
        .filter(|&c| !body.is_empty() && body.iter().all(|r| r.get(c).is_some_and(|x| x == "—")))
        .map(|c| header[c].clone())
        .collect()
}

#[test]
fn holding_term_sheets_say_the_exit_in_words_with_no_debug_text_or_empty_columns() {
    let mut seen = Vec::new();
    for (name, deal, r) in samples().into_iter().filter(|s| s.2.plan.is_some()) {
        let scenarios = session_of(&deal).compare();
        let failed = &scenarios.failed;
        assert!(failed.is_empty(), "{failed:?}");
        for lang in [Lang::Zh, Lang::En] {
            let md = summary::markdown(&summary::term_sheet(&deal, &r, &scenarios, lang));
            assert!(!md.contains('{') && !md.contains('}'), "{name}\n{md}");
            for raw in [
                "HoldToEnd",
                "Sale(",
                "ReitConversion",
                "OpenPeriod",
                "Some(",
            ] {
                assert!(!md.contains(raw), "{name}: {raw}\n{md}");
            }
            for wal in ["WAL", "期限（年）", "久期"] {
                assert!(!md.contains(wal), "{name}: {wal}\n{md}");
            }
            for block in md.split("\n\n").filter(|b| b.starts_with('|')) {
                let empty = empty_columns(block);
                assert!(
                    empty.is_empty(),
                    "{name} {lang:?}: empty {empty:?} in\n{block}"
                );
            }
            seen.push(md);
        }
    }
    let all = seen.join("\n");
    for words in [
        // data_centre.ron: base, Sale(year: 8, cap_rate: 0.06, costs: 0.015)
        "第8年出售（资本化率6.0%，费用1.5%）",
        "Sale in year 8 (cap rate 6.0%, costs 1.5%)",
        // rental_housing_expansion.ron: OpenPeriod(year: 5, share: 0.3)
        "第5年开放退出（赎回30.0%）",
        "Open period in year 5 (30.0% redeemed)",
        // highway_concession.ron: the REIT conversion at 6.5% and HoldToEnd
        "第5年转公募REITs（分派率6.5%）",
        "Public REIT conversion in year 5 (distribution yield 6.5%)",
        "Right of first purchase in year 10 (discount rate 7.0%)",
        "持有至到期",
        "Hold to the end",
        "发行时份额净值（元）",
        "Minimum operating DSCR",
        "Unpaid at exit (CNY)",
        "market multiple",
    ] {
        assert!(all.contains(words), "{words}");
    }
}

/// Issue 14 item 7: the term sheet's warnings are in the sheet's language with the field
/// named in words; the code stays beside them (it read `[RL-THIN-CAP] holding.spv.equity_ratio:
/// shareholder loan is …` in the Chinese sheet).
#[test]
fn term_sheet_warnings_are_in_the_sheet_language() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals/highway_concession.ron");
    let mut deal = tranche_studio::io::load_deal(&p).unwrap().deal;
    // Equity 20% of the plan's money: the loan is 4× the equity, above the 2:1 thin cap.
    deal.holding.as_mut().unwrap().spv.equity_ratio = 0.2;
    let r = tranche_studio::engine::run(&deal, None).unwrap();
    assert!(r.warnings.iter().any(|w| w.code == "RL-THIN-CAP"));
    let scenarios = session_of(&deal).compare();
    let zh = summary::markdown(&summary::term_sheet(&deal, &r, &scenarios, Lang::Zh));
    assert!(
        zh.contains("项目公司 · 股债配比（权益占比）: 股东借款为项目公司权益的"),
        "{zh}"
    );
    assert!(zh.contains("不得税前扣除 (RL-THIN-CAP)"), "{zh}");
    assert!(!zh.contains("shareholder loan is"), "{zh}");
    let en = summary::markdown(&summary::term_sheet(&deal, &r, &scenarios, Lang::En));
    assert!(
        en.contains("Project company · Equity share of the plan's money: shareholder loan is"),
        "{en}"
    );
}
