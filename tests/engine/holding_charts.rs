//! The holding-type deals' own charts in the exports: the project company and the plan's NAV
//! per unit, written by "Export all" / `tranche-studio export` as PNG and SVG with the labels
//! the app's charts show; and the sensitivity chart's description drawn to SVG.

use std::path::Path;
use tranche_studio::engine::Session;
use tranche_studio::export::charts::{
    self, ChartKind, ChartOptions, SensitivityCurve, XAxis, YRange,
};
use tranche_studio::export::{self, ExportOptions, Lang};
use tranche_studio::i18n::Term;

/// The text of every `<text>` element of an SVG.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// The holding samples. Their project-company charts are in 亿元, the unit of a chart whose
/// largest value is at least 1 亿:
/// - data_centre's NOI: 260,000,000 × 92% × (1 − 45%) − 8,000,000 = 123,560,000;
/// - highway_concession's NOI: 420,000,000 × (1 − 30%) = 294,000,000;
/// - rental_housing_expansion: the sale on 2040-09-30 repays the shareholder loan's balance,
///   536,370,152.19 (project_company.csv).
const HOLDING: [&str; 3] = [
    "data_centre",
    "highway_concession",
    "rental_housing_expansion",
];

#[test]
fn holding_samples_export_project_company_and_nav_charts_with_their_labels() {
    for sample in HOLDING {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_deals")
            .join(format!("{sample}.ron"));
        let mut session = Session::open(&path).unwrap();
        let r = session.run(None).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let dir = std::env::temp_dir().join(format!(
                "ts-holding-charts-{}-{sample}-{lang:?}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            let opts = ExportOptions {
                tables: false,
                chart: ChartOptions {
                    dpi: 100,
                    ..ChartOptions::default()
                },
                lang,
                ..ExportOptions::default()
            };
            export::export_all_with(&mut session, &r, &dir, &opts).unwrap();
            // No pool chart: a holding-type deal has no pool.
            assert!(!dir.join("pool_flows.png").exists(), "{sample}");
            let (pc, nav): (Vec<&str>, Vec<&str>) = match lang {
                Lang::Zh => (
                    vec![
                        "项目公司各期现金流",
                        "净营运收入（NOI）",
                        "银行还本付息",
                        "股东借款还本付息",
                        "所得税",
                        "沉淀现金",
                        "兑付日",
                        "金额（亿元）",
                    ],
                    vec![
                        "专项计划份额净值",
                        "份额净值",
                        "份额净值（元/份）",
                        "兑付日",
                    ],
                ),
                Lang::En => (
                    vec![
                        "Project company per period",
                        "NOI",
                        "Bank debt service",
                        "Shareholder loan service",
                        "Tax",
                        "Trapped cash",
                        "Payment date",
                        "Amount (CNY 100m)",
                    ],
                    vec![
                        "Plan NAV per unit",
                        "NAV per unit",
                        "NAV per unit (CNY)",
                        "Payment date",
                    ],
                ),
            };
            for (stem, labels) in [("project_company", pc), ("nav", nav)] {
                let png = std::fs::read(dir.join(format!("{stem}.png")))
                    .unwrap_or_else(|e| panic!("{sample} {lang:?} {stem}.png: {e}"));
                assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{sample} {stem}");
                let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg"))).unwrap();
                let texts = svg_texts(&svg);
                for label in labels {
                    assert!(
                        texts.iter().any(|t| t == label),
                        "{sample} {lang:?} {stem}: no {label:?} in {texts:?}"
                    );
                }
                // Dates on the x axis: the project company pays on 31 December (the
                // rental housing deal on 31 March and 30 September).
                assert!(
                    texts
                        .iter()
                        .any(|t| t.ends_with("-12-31") || t.ends_with("-03-31")),
                    "{sample} {stem}: no payment date in {texts:?}"
                );
            }
            // The balances are the units' paid-in capital, titled as the app's caption.
            let capital = match lang {
                Lang::Zh => "未返还实缴资本",
                Lang::En => "Paid-in capital outstanding",
            };
            let svg = std::fs::read_to_string(dir.join("balances.svg")).unwrap();
            assert!(svg_texts(&svg).iter().any(|t| t == capital), "{sample}");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// A tranched deal has no project company and no plan: no such chart is written.
#[test]
fn tranched_deals_have_no_holding_charts() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals/receivables_senior_only_call.ron");
    let r = Session::open(&path).unwrap().run(None).unwrap();
    let kinds = export::available_charts(&r);
    assert!(!kinds.contains(&ChartKind::ProjectCompany) && !kinds.contains(&ChartKind::Nav));
}

/// The sensitivity chart's description: the driver's range in percent on x with labelled
/// ticks, a flat IRR line widened to a one-point axis, the runs that lose principal and the
/// scenario's value, drawn to SVG with the literal labels.
#[test]
fn the_sensitivity_chart_is_described_and_drawn_with_labelled_ticks() {
    // Revenue growth −5% to 8% in 13 steps of 1%; the IRR barely moves (2.3244005% to
    // 2.3244023%); the two lowest growths lose principal; the scenario grows at 2%.
    let points: Vec<(f64, Option<f64>, bool)> = (0..14)
        .map(|k| {
            let g = -0.05 + 0.01 * f64::from(k);
            (g, Some(0.023244005 + 1.8e-10 * f64::from(k)), k < 2)
        })
        .collect();
    let curve = SensitivityCurve {
        deal: "高速".into(),
        scenario: "base".into(),
        security: "A".into(),
        driver: Term::RevenueGrowth,
        range: (-0.05, 0.08),
        points,
        current: Some(0.02),
    };
    let spec = charts::sensitivity_spec(&curve, Lang::Zh);
    assert_eq!(spec.x, XAxis::Values { lo: -5.0, hi: 8.0 });
    assert_eq!(spec.y_range, YRange::Fit { min_span: 1.0 });
    let names: Vec<&str> = spec.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["内部收益率", "本金损失", "当前情景取值"]);
    assert_eq!(spec.series[1].points.len(), 2, "two runs lose principal");
    // The scenario's 2% as a vertical line at x = 2.
    assert_eq!(spec.series[2].points, [(2.0, None)]);

    let svg = charts::render_spec_svg(&spec, &ChartOptions::default()).unwrap();
    let texts = svg_texts(&svg);
    for label in [
        "内部收益率对驱动因素的敏感性",
        "收入年增长率（%）",
        "IRR（%）",
        "内部收益率",
        "本金损失",
        "当前情景取值",
        // About eight ticks over 13 points: a 2-point step from −4 to 8.
        "-4",
        "-2",
        "0",
        "2",
        "4",
        "6",
        "8",
    ] {
        assert!(
            texts.iter().any(|t| t == label),
            "no {label:?} in {texts:?}"
        );
    }
    // The flat line's axis spans at least 1 point, padded 8% each side: 1.8244014% to
    // 2.8244014% widened by 0.08 → about 1.74 to 2.90, so ticks at 1.8, 2.0, … with one
    // decimal, not the seventh decimal of the noise.
    assert!(texts.iter().any(|t| t == "2.0%"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.starts_with("2.32440")), "{texts:?}");

    let en = charts::sensitivity_spec(&curve, Lang::En);
    assert_eq!(en.x_label, "Revenue growth (%)");
    let names: Vec<&str> = en.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["IRR", "Principal loss", "Scenario value"]);
}

/// The font size and text of the SVG `<text>` element whose text starts with `prefix`.
fn text_node(svg: &str, prefix: &str) -> (f64, String) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let node = doc
        .descendants()
        .find(|n| {
            n.tag_name().name() == "text" && n.text().unwrap_or("").trim().starts_with(prefix)
        })
        .unwrap_or_else(|| panic!("no text {prefix:?}"));
    let size = node.attribute("font-size").unwrap().parse().unwrap();
    (size, node.text().unwrap().trim().to_string())
}

/// On the PDF page a holding deal's three charts are 87.24 mm wide: the deal's long name in
/// the subtitle is set smaller to fit (never below 60% of the legend's 8.5 pt, the
/// subtitle's own size), and a subtitle too long even then is cut with "…".
#[test]
fn a_subtitle_too_long_for_a_narrow_chart_is_set_smaller_or_cut() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals/highway_concession.ron");
    let r = Session::open(&path).unwrap().run(None).unwrap();
    let spec = charts::chart_spec(&r, ChartKind::Balances, Lang::Zh);
    let opts = ChartOptions {
        width_mm: 87.24,
        height_mm: 60.0,
        ..ChartOptions::default()
    };
    let svg = charts::render_spec_svg(&spec, &opts).unwrap();
    let (legend, _) = text_node(&svg, &r.securities[0].name);
    let (sub, text) = text_node(&svg, "中交某高速");
    assert_eq!(text, spec.subtitle, "the whole subtitle");
    assert!(
        sub < legend && sub >= legend * 0.6 - 0.01,
        "{sub} vs {legend}"
    );

    let mut long = spec.clone();
    long.subtitle = spec.subtitle.repeat(4);
    let svg = charts::render_spec_svg(&long, &opts).unwrap();
    let (sub, text) = text_node(&svg, "中交某高速");
    let cut = text.strip_suffix('…').expect("cut with …");
    assert!(long.subtitle.starts_with(cut) && cut.len() < long.subtitle.len());
    assert!(
        (sub - legend * 0.6).abs() < 0.02,
        "at 60%: {sub} vs {legend}"
    );
}
