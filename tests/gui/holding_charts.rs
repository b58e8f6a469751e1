//! One chart description (issue 14 item 8): a holding deal's project-company, NAV and
//! sensitivity charts show the series of the exported chart of the same kind, with the same
//! words, in both languages.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tranche_studio::app::{Lang, Options, ResultsTab, Settings, Startup, TrancheApp};
use tranche_studio::export::charts::{ChartKind, chart_spec};

use crate::common::{harness_with, sample, sensitivity_points, settle};

fn open_in(lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("highway_concession.ron")),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h
}

/// The exported chart's series names, and each one as a legend entry of the app's chart.
fn shown_as_exported(
    h: &mut Harness<'static, TrancheApp>,
    tab: ResultsTab,
    kind: ChartKind,
    lang: Lang,
) -> Vec<String> {
    h.state_mut().show_tab(tab);
    h.run();
    let r = h.state().results().unwrap().clone();
    let names: Vec<String> = chart_spec(&r, kind, lang)
        .series
        .into_iter()
        .map(|s| s.name)
        .collect();
    for name in &names {
        assert!(
            h.query_all_by_label(name).next().is_some(),
            "{lang:?} {kind:?}: no legend entry {name:?}"
        );
    }
    names
}

#[test]
fn holding_charts_show_the_exported_series_in_both_languages() {
    for (lang, pc, nav, titles, export) in [
        (
            Lang::Zh,
            [
                "净营运收入（NOI）",
                "银行还本付息",
                "股东借款还本付息",
                "所得税",
                "沉淀现金",
            ],
            "份额净值",
            ["项目公司各期现金流", "专项计划份额净值"],
            "导出…",
        ),
        (
            Lang::En,
            [
                "NOI",
                "Bank debt service",
                "Shareholder loan service",
                "Tax",
                "Trapped cash",
            ],
            "NAV per unit",
            ["Project company per period", "Plan NAV per unit"],
            "Export…",
        ),
    ] {
        let mut h = open_in(lang);
        let names = shown_as_exported(
            &mut h,
            ResultsTab::ProjectCompany,
            ChartKind::ProjectCompany,
            lang,
        );
        assert_eq!(
            names, pc,
            "{lang:?}: the exported project-company series, in order"
        );
        assert!(h.query_by_label(titles[0]).is_some(), "{lang:?}: caption");
        // The chart exports from its own tab, like the other charts.
        assert!(
            h.query_by_label(&format!("{export} project_company"))
                .is_some()
        );

        let names = shown_as_exported(&mut h, ResultsTab::Nav, ChartKind::Nav, lang);
        assert_eq!(names, [nav], "{lang:?}");
        assert!(h.query_by_label(titles[1]).is_some(), "{lang:?}: caption");
        assert!(h.query_by_label(&format!("{export} nav")).is_some());
    }
}

/// The sensitivity chart's legend: the IRR and the scenario's own revenue growth (2% in
/// the highway's base scenario), in the chosen language.
#[test]
fn the_sensitivity_legend_is_the_descriptions() {
    for (lang, irr, current, other) in [
        (Lang::Zh, "内部收益率", "当前情景取值", "Scenario value"),
        (Lang::En, "IRR", "Scenario value", "当前情景取值"),
    ] {
        let mut h = open_in(lang);
        h.state_mut().show_tab(ResultsTab::Sensitivity);
        sensitivity_points(&mut h);
        h.run();
        assert!(
            h.query_all_by_label(irr).next().is_some(),
            "{lang:?}: {irr}"
        );
        assert!(
            h.query_all_by_label(current).next().is_some(),
            "{lang:?}: {current}"
        );
        assert!(h.query_all_by_label(other).next().is_none(), "{lang:?}");
    }
}
