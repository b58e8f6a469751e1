//! Chart series built once per result on the compute thread, so drawing a frame only
//! borrows them (egui_plot `PlotPoints::Borrowed`).

use crate::app::i18n::Lang;
use crate::export::charts::{
    ChartKind, ChartSpec, Mark, SensitivityCurve, XAxis, YRange, YUnit, chart_spec, fit_span,
    sensitivity_spec,
};
use crate::results::DealResults;
use chrono::{Datelike, NaiveDate};
use egui::Color32;
use egui_plot::PlotPoint;

/// One series of a chart of the description (`export::charts::ChartSpec`): its legend
/// name in both languages, its colour and mark, and its points in the chart's unit.
pub struct Series {
    /// The legend name in Chinese and in English.
    pub names: [String; 2],
    pub color: Color32,
    pub mark: Mark,
    /// x: date as days from the common era; y: the amount in the chart's unit.
    pub points: Vec<PlotPoint>,
}

impl Series {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.names[0],
            Lang::En => &self.names[1],
        }
    }

    /// Stacked on the series before it; a series below the axis (defaults) starts from the
    /// axis, as the exported chart stacks negative values apart from the positive ones.
    pub fn stacked(&self) -> bool {
        self.mark == Mark::StackedBar && self.points.iter().all(|p| p.y >= 0.0)
    }
}

/// One chart as the exports describe it, in plot points: its axis labels and unit in both
/// languages, how its y axis fits the values, and its series in order.
pub struct Chart {
    pub y_unit: YUnit,
    pub y_range: YRange,
    /// The axis labels in Chinese and in English.
    x_labels: [String; 2],
    y_labels: [String; 2],
    /// The x axis (dates, categories or an input's range).
    pub x: XAxis,
    pub series: Vec<Series>,
    /// The label of a bar with no value (a security with no IRR), in both languages.
    no_value: [String; 2],
}

fn pick(lang: Lang, [zh, en]: &[String; 2]) -> &str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl Chart {
    /// The same chart described in Chinese and in English (they differ only in words).
    pub fn new(zh: ChartSpec, en: ChartSpec) -> Chart {
        let series = zh
            .series
            .into_iter()
            .zip(en.series)
            .map(|(z, e)| {
                let (r, g, b) = z.color.rgb();
                // A vertical line has an x and no y.
                let vline = z.mark == Mark::VLine;
                Series {
                    names: [z.name, e.name],
                    color: Color32::from_rgb(r, g, b),
                    mark: z.mark,
                    points: z
                        .points
                        .iter()
                        .filter_map(|&(x, y)| Some(PlotPoint::new(x, if vline { 0.0 } else { y? })))
                        .collect(),
                }
            })
            .collect();
        Chart {
            y_unit: zh.y_unit,
            y_range: zh.y_range,
            x_labels: [zh.x_label, en.x_label],
            y_labels: [zh.y_label, en.y_label],
            x: zh.x,
            series,
            no_value: [zh.no_value, en.no_value],
        }
    }

    fn of(r: &DealResults, kind: ChartKind) -> Chart {
        Chart::new(chart_spec(r, kind, Lang::Zh), chart_spec(r, kind, Lang::En))
    }

    /// The sensitivity sweep's chart (`export::charts::sensitivity_spec`).
    pub fn sensitivity(curve: &SensitivityCurve) -> Chart {
        Chart::new(
            sensitivity_spec(curve, Lang::Zh),
            sensitivity_spec(curve, Lang::En),
        )
    }

    pub fn x_label(&self, lang: Lang) -> &str {
        pick(lang, &self.x_labels)
    }

    /// Quantity and unit: `金额（万元）`.
    pub fn y_label(&self, lang: Lang) -> &str {
        pick(lang, &self.y_labels)
    }

    pub fn no_value(&self, lang: Lang) -> &str {
        pick(lang, &self.no_value)
    }

    /// The y range the values need: from zero, or fitted to them with the description's
    /// minimum span (vertical lines have no y).
    pub fn y_extent(&self) -> (f64, f64) {
        let ys = self
            .series
            .iter()
            .filter(|s| s.mark != Mark::VLine)
            .flat_map(|s| s.points.iter().map(|p| p.y));
        match self.y_range {
            YRange::FromZero => {
                ys.fold((0.0, 0.0), |(lo, hi): (f64, f64), y| (lo.min(y), hi.max(y)))
            }
            YRange::Fit { min_span } => fit_span(ys, min_span),
        }
    }
}

pub struct ChartData {
    /// Width of a period's bar in days.
    pub bar_width: f64,
    /// Cash paid to each security per payment date, stacked.
    pub distributions: Chart,
    /// Outstanding balance of each security from the closing date on, and the performing
    /// pool's (none for a holding-type deal, which has no pool).
    pub balances: Chart,
    /// Pool interest, scheduled principal, prepayments and recoveries per period, stacked,
    /// and defaults below the axis.
    pub pool_flows: Chart,
    /// IRR of each security, one bar each, in deal order.
    pub irr: Chart,
    /// Holding-type deals: the project company per period.
    pub project_company: Option<Chart>,
    /// Holding-type deals: the plan's NAV per unit.
    pub nav: Option<Chart>,
}

pub fn day_number(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

pub fn date_of(x: f64) -> Option<NaiveDate> {
    if !x.is_finite() || x.abs() > 1e7 {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
}

impl ChartData {
    pub fn new(r: &DealResults) -> ChartData {
        let distributions = Chart::of(r, ChartKind::Distributions);
        let bar_width = match distributions.x {
            XAxis::Dates { bar_days, .. } => bar_days,
            XAxis::Categories(_) | XAxis::Values { .. } => 20.0,
        };
        ChartData {
            bar_width,
            distributions,
            balances: Chart::of(r, ChartKind::Balances),
            pool_flows: Chart::of(r, ChartKind::PoolFlows),
            irr: Chart::of(r, ChartKind::Irr),
            project_company: r
                .project_company
                .is_some()
                .then(|| Chart::of(r, ChartKind::ProjectCompany)),
            nav: r.plan.is_some().then(|| Chart::of(r, ChartKind::Nav)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::MoneyUnit;
    use crate::money::to_f64;

    #[test]
    fn series_follow_the_results() {
        let deal = crate::io::parse_deal(crate::app::SAMPLE_DEAL, "s").unwrap();
        let r = crate::engine::run(&deal, None).unwrap();
        let c = ChartData::new(&r);
        assert_eq!(c.distributions.series.len(), 2);
        assert_eq!(c.distributions.series[0].points.len(), r.periods.len());
        let senior = &c.balances.series[0];
        assert_eq!(senior.points.len(), r.periods.len() + 1);
        assert_eq!(senior.points[0].y, 1.27, "127m in 亿元");
        assert_eq!(c.balances.y_unit, YUnit::Money(MoneyUnit::Yi));
        // The exported chart's names and colours: the pool line last, grey and dashed.
        let pool = c.balances.series.last().unwrap();
        assert_eq!(pool.name(Lang::Zh), "资产池余额");
        assert_eq!(pool.name(Lang::En), "Pool balance");
        assert_eq!(pool.color, Color32::from_rgb(0x80, 0x80, 0x80));
        assert_eq!(pool.mark, Mark::DashedLine);
        let names: Vec<&str> = c
            .pool_flows
            .series
            .iter()
            .map(|s| s.name(Lang::Zh))
            .collect();
        assert_eq!(
            names,
            ["利息回收", "计划本金", "提前还款", "违约回收", "违约金额"]
        );
        // Defaults lie below the axis, from it; the collections stack.
        assert!(c.pool_flows.series[2].stacked() && !c.pool_flows.series[4].stacked());
        assert_eq!(date_of(day_number(r.closing_date)), Some(r.closing_date));
        assert!(c.bar_width > 50.0 && c.bar_width < 70.0, "quarterly bars");
        assert!(c.project_company.is_none() && c.nav.is_none());
    }

    #[test]
    fn holding_series_follow_the_project_company() {
        let text = include_str!("../../../sample_deals/highway_concession.ron");
        let deal = crate::io::parse_deal(text, "h").unwrap();
        let r = crate::engine::run(&deal, None).unwrap();
        let c = ChartData::new(&r);
        let h = c.project_company.unwrap();
        let pc = r.project_company.as_ref().unwrap();
        assert_eq!(h.series[0].points.len(), pc.periods.len());
        assert_eq!(h.y_unit, YUnit::Money(MoneyUnit::Yi));
        assert!((h.series[0].points[0].y - to_f64(pc.periods[0].noi) / 1e8).abs() < 1e-9);
        // Dates on x: the first period's payment date.
        assert_eq!(date_of(h.series[0].points[0].x), Some(pc.periods[0].date));
        let nav = c.nav.unwrap();
        assert_eq!(
            nav.series[0].points.len(),
            r.plan.as_ref().unwrap().periods.len()
        );
    }

    /// The highway's market units are 24亿 paid in (30亿 × 80%): the balance axis is in
    /// 亿元 although the deal has no pool (whose zero balance chose 万元 and drew a line at
    /// 0), and no pool line is drawn.
    #[test]
    fn holding_balances_have_no_pool_line_and_their_own_unit() {
        let text = include_str!("../../../sample_deals/highway_concession.ron");
        let deal = crate::io::parse_deal(text, "h").unwrap();
        let r = crate::engine::run(&deal, None).unwrap();
        let c = ChartData::new(&r);
        assert_eq!(c.balances.series.len(), r.securities.len(), "no pool line");
        assert_eq!(c.balances.y_unit, YUnit::Money(MoneyUnit::Yi));
        assert_eq!(
            c.balances.series[0].points[0].y, 24.0,
            "3,000,000,000 × 0.8 / 1e8"
        );
    }
}
