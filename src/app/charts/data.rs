//! Chart series built once per result on the compute thread, so drawing a frame only
//! borrows them (egui_plot `PlotPoints::Borrowed`).

use crate::app::format::Unit;
use crate::app::i18n::Lang;
use crate::export::charts::{ChartKind, ChartSpec, Mark, XAxis, YUnit, chart_spec};
use crate::money::to_f64;
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

/// One chart as the exports describe it, in plot points, with its money unit.
pub struct Chart {
    pub unit: Unit,
    pub series: Vec<Series>,
}

impl Chart {
    /// The same chart described in Chinese and in English (they differ only in words).
    fn new(zh: ChartSpec, en: ChartSpec) -> Chart {
        let unit = match zh.y_unit {
            YUnit::Money(u) => u,
            YUnit::Percent => Unit::Wan,
        };
        let series = zh
            .series
            .into_iter()
            .zip(en.series)
            .map(|(z, e)| {
                let (r, g, b) = z.color.rgb();
                Series {
                    names: [z.name, e.name],
                    color: Color32::from_rgb(r, g, b),
                    mark: z.mark,
                    points: z
                        .points
                        .iter()
                        .filter_map(|&(x, y)| Some(PlotPoint::new(x, y?)))
                        .collect(),
                }
            })
            .collect();
        Chart { unit, series }
    }

    fn of(r: &DealResults, kind: ChartKind) -> (Chart, XAxis) {
        let zh = chart_spec(r, kind, Lang::Zh);
        let en = chart_spec(r, kind, Lang::En);
        let x = zh.x.clone();
        (Chart::new(zh, en), x)
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
    /// (security name, IRR) in deal order.
    pub irr: Vec<(String, Option<f64>)>,
    /// Holding-type deals: the project company and the plan's NAV.
    pub holding: Option<HoldingCharts>,
}

pub struct HoldingCharts {
    pub unit: Unit,
    /// Per period, in `unit`, in [`PC_NAMES`] order.
    pub pc: [Vec<PlotPoint>; 5],
    /// The plan's NAV per unit, CNY.
    pub nav: Vec<PlotPoint>,
}

/// Names of the project-company series, as i18n keys, in `pc` order.
pub const PC_NAMES: [crate::app::i18n::S; 5] = [
    crate::app::i18n::S::Noi,
    crate::app::i18n::S::BankService,
    crate::app::i18n::S::LoanService,
    crate::app::i18n::S::Tax,
    crate::app::i18n::S::TrappedCash,
];

impl HoldingCharts {
    fn new(r: &DealResults) -> Option<HoldingCharts> {
        let pc = r.project_company.as_ref()?;
        let xs: Vec<f64> = pc.periods.iter().map(|p| day_number(p.date)).collect();
        let values: [Vec<f64>; 5] = [
            pc.periods.iter().map(|p| to_f64(p.noi)).collect(),
            pc.periods
                .iter()
                .map(|p| to_f64(p.bank_interest + p.bank_principal))
                .collect(),
            pc.periods
                .iter()
                .map(|p| to_f64(p.shareholder_loan_interest + p.shareholder_loan_principal))
                .collect(),
            pc.periods.iter().map(|p| to_f64(p.tax)).collect(),
            pc.periods.iter().map(|p| to_f64(p.trapped_cash)).collect(),
        ];
        // The exit period's loan repayment dwarfs the rest; the unit follows the NOI.
        let unit = Unit::for_max(values[0].iter().copied().fold(0.0, f64::max));
        let pc = values.map(|v| {
            xs.iter()
                .zip(&v)
                .map(|(&x, &y)| PlotPoint::new(x, y / unit.divisor()))
                .collect()
        });
        let nav = r
            .plan
            .iter()
            .flat_map(|p| &p.periods)
            .map(|p| PlotPoint::new(day_number(p.date), p.nav_per_unit))
            .collect();
        Some(HoldingCharts { unit, pc, nav })
    }
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
        let (distributions, x) = Chart::of(r, ChartKind::Distributions);
        let bar_width = match x {
            XAxis::Dates { bar_days, .. } => bar_days,
            XAxis::Categories(_) => 20.0,
        };
        ChartData {
            bar_width,
            distributions,
            balances: Chart::of(r, ChartKind::Balances).0,
            pool_flows: Chart::of(r, ChartKind::PoolFlows).0,
            irr: r
                .securities
                .iter()
                .map(|s| (s.name.clone(), s.irr))
                .collect(),
            holding: HoldingCharts::new(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(c.balances.unit, Unit::Yi);
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
        assert!(c.holding.is_none());
    }

    #[test]
    fn holding_series_follow_the_project_company() {
        let text = include_str!("../../../sample_deals/highway_concession.ron");
        let deal = crate::io::parse_deal(text, "h").unwrap();
        let r = crate::engine::run(&deal, None).unwrap();
        let h = ChartData::new(&r).holding.unwrap();
        let pc = r.project_company.as_ref().unwrap();
        assert_eq!(h.pc[0].len(), pc.periods.len());
        assert_eq!(h.unit, Unit::Yi);
        assert!((h.pc[0][0].y - to_f64(pc.periods[0].noi) / 1e8).abs() < 1e-9);
        assert_eq!(h.nav.len(), r.plan.as_ref().unwrap().periods.len());
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
        assert_eq!(c.balances.unit, Unit::Yi);
        assert_eq!(
            c.balances.series[0].points[0].y, 24.0,
            "3,000,000,000 × 0.8 / 1e8"
        );
    }
}
