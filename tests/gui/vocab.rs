//! One vocabulary (issue 14 item 8): the app's cash-flow table, its charts and the exported
//! tables and charts name the same concept with the same words, in both languages.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tranche_studio::app::{Lang, Options, ResultsTab, Settings, Startup, TrancheApp};
use tranche_studio::export::charts::{ChartKind, chart_spec};
use tranche_studio::export::tables::{Part, table};

#[allow(dead_code)]
use crate::common::{harness_with, sample, settle};

fn open_in(lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(sample("data_empowered_leases.ron")),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h
}

/// (table, CSV key, Chinese, English): the columns the app's cash-flow table and the
/// exported tables share, with the words both must show.
const SHARED: [(Part, &str, &str, &str); 12] = [
    (Part::Pool, "date", "兑付日", "Payment date"),
    (Part::Pool, "opening_balance", "期初余额", "Opening balance"),
    (Part::Pool, "interest", "利息回收", "Interest"),
    (
        Part::Pool,
        "scheduled_principal",
        "计划本金",
        "Scheduled principal",
    ),
    (Part::Pool, "prepayments", "提前还款", "Prepayments"),
    (Part::Pool, "defaults", "违约金额", "Defaults"),
    (Part::Pool, "recoveries", "违约回收", "Recoveries"),
    (
        Part::Waterfall,
        "available",
        "可分配资金",
        "Available funds",
    ),
    (
        Part::Waterfall,
        "excess_spread",
        "超额利差",
        "Excess spread",
    ),
    (
        Part::Waterfall,
        "reserve_closing",
        "储备金余额",
        "Reserve balance",
    ),
    (Part::Waterfall, "oc_ratio", "超额抵押比率", "OC ratio"),
    (
        Part::Waterfall,
        "trigger_breached",
        "触发事件",
        "Trigger breached",
    ),
];

/// The cash-flow table's headers are the exported sheets' headers for the same columns
/// (早偿 in one and 提前还款 in the other was the bug), and no other word for prepayments
/// appears anywhere in the app.
#[test]
fn the_cash_flow_table_and_the_exported_sheets_say_the_same() {
    for lang in [Lang::Zh, Lang::En] {
        let mut h = open_in(lang);
        h.state_mut().show_tab(ResultsTab::CashFlows);
        h.run();
        let r = h.state().results().unwrap().clone();
        for (part, key, zh, en) in SHARED {
            let t = table(&r, part).unwrap();
            let col = &t.columns[t.column(key).unwrap()];
            assert_eq!((col.zh.as_str(), col.en.as_str()), (zh, en), "{key}");
            let word = if lang == Lang::Zh { zh } else { en };
            assert!(
                h.query_all_by_label(word).next().is_some(),
                "{lang:?}: the app's table has no column {word:?}"
            );
        }
        assert!(h.query_by_label_contains("早偿").is_none());
    }
}

/// The pool chart's legend and the exported pool chart name the series alike.
#[test]
fn the_pool_chart_and_the_exported_chart_name_the_series_alike() {
    let mut h = open_in(Lang::Zh);
    h.state_mut().show_tab(ResultsTab::Pool);
    h.run();
    let r = h.state().results().unwrap().clone();
    let spec = chart_spec(&r, ChartKind::PoolFlows, Lang::Zh);
    let names: Vec<&str> = spec.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["利息回收", "计划本金", "提前还款", "违约回收", "违约金额"]
    );
    for name in names {
        assert!(
            h.query_all_by_label(name).next().is_some(),
            "no legend entry {name:?}"
        );
    }
    assert_eq!(spec.title, "资产池回收与违约");
    assert!(h.query_all_by_label("资产池回收与违约").next().is_some());
}
