//! Issue 14 item 12: a chart's legend covers no bar and no line point (headroom above the
//! data), and the IRR chart writes every security's name under its bar, inside the panel.

use egui::Rect;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use tranche_studio::app::{
    Lang, Options, ResultsTab, Settings, Startup, TrancheApp, last_plot_transform,
};
use tranche_studio::export::charts::{ChartKind, chart_spec};

use crate::common::{harness_with, sample, settle};

fn open(name: &str, lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample(name)),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h
}

/// The legend's box: its entries (AccessKit check boxes named as the series) with egui_plot's
/// frame margin of 8 × 4 points around them.
fn legend_rect(h: &Harness<'static, TrancheApp>, names: &[String]) -> Rect {
    let mut rect = Rect::NOTHING;
    for name in names {
        let entry = h
            .query_all_by_label(name)
            .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
            .unwrap_or_else(|| panic!("no legend entry {name:?}"));
        rect = rect.union(entry.rect());
    }
    rect.expand2(egui::vec2(8.0, 4.0))
}

/// The chart `salt` of `tab`: every point of `kind`'s series (stacked when `stack`) lies
/// outside the legend on screen.
fn legend_clear(
    h: &mut Harness<'static, TrancheApp>,
    tab: ResultsTab,
    kind: ChartKind,
    salt: &'static str,
    stack: bool,
    lang: Lang,
) {
    h.state_mut().show_tab(tab);
    settle(h);
    h.run();
    let r = h.state().results().unwrap().clone();
    let spec = chart_spec(&r, kind, lang);
    let names: Vec<String> = spec.series.iter().map(|s| s.name.clone()).collect();
    let legend = legend_rect(h, &names);
    let t = last_plot_transform(&h.ctx, salt).expect("the chart was drawn");
    let mut tops: Vec<(f64, f64)> = Vec::new();
    for s in &spec.series {
        for (k, &(x, y)) in s.points.iter().enumerate() {
            let Some(y) = y else { continue };
            if stack && y >= 0.0 {
                // A stacked bar's top: this series on the ones before it at the same date.
                match tops.get_mut(k) {
                    Some(top) => top.1 += y,
                    None => tops.push((x, y)),
                }
            } else {
                tops.push((x, y));
            }
        }
        if !stack {
            check(&t, legend, &tops, salt);
            tops.clear();
        }
    }
    check(&t, legend, &tops, salt);
}

fn check(t: &egui_plot::PlotTransform, legend: Rect, points: &[(f64, f64)], salt: &str) {
    for &(x, y) in points {
        let p = t.position_from_point(&egui_plot::PlotPoint::new(x, y));
        assert!(
            !legend.contains(p),
            "{salt}: the point ({x}, {y}) at {p:?} is under the legend {legend:?}"
        );
    }
}

#[test]
fn legends_cover_no_bar_and_no_line() {
    for lang in [Lang::Zh, Lang::En] {
        let mut h = open("revolving_receivables.ron", lang);
        legend_clear(
            &mut h,
            ResultsTab::Distributions,
            ChartKind::Distributions,
            "distributions",
            true,
            lang,
        );
        legend_clear(
            &mut h,
            ResultsTab::Pool,
            ChartKind::PoolFlows,
            "pool-flows",
            true,
            lang,
        );
        // The scenario comparison: one bar a scenario and security, IRR in percent; the
        // highest bar's top stays below the legend of the three scenarios.
        h.state_mut().show_tab(ResultsTab::Compare);
        settle(&mut h);
        // The comparison runs off the UI thread; then the frames its chart asks for.
        for _ in 0..5_000 {
            if h.state().comparison().is_some() {
                break;
            }
            h.step();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        h.run();
        let c = h.state().comparison().expect("compared").clone();
        let names: Vec<String> = c.scenarios.iter().map(|s| s.scenario.clone()).collect();
        let legend = legend_rect(&h, &names);
        let t = last_plot_transform(&h.ctx, "compare-chart").expect("the chart was drawn");
        let best = c
            .scenarios
            .iter()
            .flat_map(|s| s.securities.iter().filter_map(|x| x.irr))
            .fold(f64::MIN, f64::max);
        let top = t.position_from_point(&egui_plot::PlotPoint::new(0.0, best * 100.0));
        assert!(
            top.y > legend.bottom(),
            "{lang:?}: the highest bar ({best}) at {top:?} reaches the legend {legend:?} ({t:?})"
        );
    }
    for (deal, lang) in [
        ("data_centre.ron", Lang::Zh),
        ("highway_concession.ron", Lang::En),
    ] {
        let mut h = open(deal, lang);
        legend_clear(
            &mut h,
            ResultsTab::ProjectCompany,
            ChartKind::ProjectCompany,
            "project-company",
            false,
            lang,
        );
    }
}

/// Three holding securities: each name is on screen under the IRR chart, within the panel.
#[test]
fn irr_bars_are_all_named() {
    // The sample's unit classes, named in both languages at once by the engine.
    let names = [
        "市场化份额 Market units",
        "原始权益人自持份额 Originator units",
        "扩募份额 Expansion units",
    ];
    for lang in [Lang::Zh, Lang::En] {
        let mut h = open("rental_housing_expansion.ron", lang);
        h.state_mut().show_tab(ResultsTab::Irr);
        settle(&mut h);
        let t = last_plot_transform(&h.ctx, "irr").expect("the chart was drawn");
        let frame = *t.frame();
        for name in &names {
            // Under the plot (the results table above it names the classes too).
            let label = h
                .query_all_by_label(name)
                .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::Label)
                .find(|n| n.rect().top() >= frame.bottom())
                .unwrap_or_else(|| panic!("{lang:?}: no IRR bar label {name:?}"));
            let r = label.rect();
            assert!(
                r.left() >= frame.left() && r.right() <= frame.right(),
                "{lang:?}: {name:?} at {r:?} runs past the chart {frame:?}"
            );
        }
    }
}
