//! Chart series built once per result on the compute thread, so drawing a frame only
//! borrows them (egui_plot `PlotPoints::Borrowed`).

use crate::app::format::Unit;
use crate::money::to_f64;
use crate::results::DealResults;
use chrono::{Datelike, NaiveDate};
use egui_plot::PlotPoint;

pub struct Series {
    pub name: String,
    /// x: date as days from the common era; y: the amount in the chart's unit.
    pub points: Vec<PlotPoint>,
}

pub struct ChartData {
    /// Width of a period's bar in days.
    pub bar_width: f64,
    pub flow_unit: Unit,
    pub balance_unit: Unit,
    pub pool_unit: Unit,
    /// Cash paid to each security per payment date.
    pub distributions: Vec<Series>,
    /// Outstanding balance of each security, from the closing date on.
    pub balances: Vec<Series>,
    /// The performing pool's balance; none for a holding-type deal, which has no pool.
    pub pool_balance: Option<Series>,
    /// Pool interest, scheduled principal, prepayments and recoveries per period.
    pub pool_flows: [Series; 4],
    /// Defaults per period, drawn below the axis.
    pub defaults: Series,
    /// (security name, IRR) in deal order.
    pub irr: Vec<(String, Option<f64>)>,
    /// Holding-type deals: the project company and the plan's NAV.
    pub holding: Option<HoldingCharts>,
}

pub struct HoldingCharts {
    pub unit: Unit,
    /// Per period, in `unit`, in [`PC_NAMES`] order.
    pub pc: [Series; 5],
    /// The plan's NAV per unit, CNY.
    pub nav: Series,
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
        let pc = values.map(|v| Series {
            name: String::new(),
            points: xs
                .iter()
                .zip(&v)
                .map(|(&x, &y)| PlotPoint::new(x, y / unit.divisor()))
                .collect(),
        });
        let nav = Series {
            name: String::new(),
            points: r
                .plan
                .iter()
                .flat_map(|p| &p.periods)
                .map(|p| PlotPoint::new(day_number(p.date), p.nav_per_unit))
                .collect(),
        };
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

/// Names of the pool flow series, as i18n keys, in `pool_flows` order.
pub const POOL_FLOW_NAMES: [crate::app::i18n::S; 4] = [
    crate::app::i18n::S::Interest,
    crate::app::i18n::S::ScheduledPrincipal,
    crate::app::i18n::S::Prepayments,
    crate::app::i18n::S::Recoveries,
];

impl ChartData {
    pub fn new(r: &DealResults) -> ChartData {
        let xs: Vec<f64> = r.periods.iter().map(|p| day_number(p.date)).collect();
        let shortest = std::iter::once(day_number(r.closing_date))
            .chain(xs.iter().copied())
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| w[1] - w[0])
            .fold(f64::INFINITY, f64::min);
        let bar_width = if shortest.is_finite() && shortest > 0.0 {
            shortest * 0.7
        } else {
            20.0
        };

        let per_period = |f: &dyn Fn(&crate::results::PeriodResult) -> f64| -> Vec<f64> {
            r.periods.iter().map(f).collect()
        };
        let dist: Vec<(String, Vec<f64>)> = r
            .securities
            .iter()
            .enumerate()
            .map(|(t, s)| {
                let v = per_period(&|p| p.tranches.get(t).map_or(0.0, |tp| to_f64(tp.cash())));
                (s.name.clone(), v)
            })
            .collect();
        let period_total_max = (0..r.periods.len())
            .map(|i| dist.iter().map(|(_, v)| v[i]).sum::<f64>())
            .fold(0.0, f64::max);
        let flow_unit = Unit::for_max(period_total_max);

        let closing_x = day_number(r.closing_date);
        let bal: Vec<(String, Vec<f64>)> = r
            .securities
            .iter()
            .enumerate()
            .map(|(t, s)| {
                let mut v = vec![to_f64(s.size)];
                v.extend(per_period(&|p| {
                    p.tranches
                        .get(t)
                        .map_or(0.0, |tp| to_f64(tp.closing_balance))
                }));
                (s.name.clone(), v)
            })
            .collect();
        let mut pool_bal = vec![to_f64(r.pool.initial_balance)];
        pool_bal.extend(per_period(&|p| to_f64(p.pool.closing_balance)));
        // The unit follows the largest line drawn: a holding deal's units, not its empty pool.
        let balance_unit = Unit::for_max(
            pool_bal
                .iter()
                .chain(bal.iter().flat_map(|(_, v)| v))
                .copied()
                .fold(0.0, f64::max),
        );
        let has_pool = r.project_company.is_none();
        let bal_xs: Vec<f64> = std::iter::once(closing_x)
            .chain(xs.iter().copied())
            .collect();

        let flows = [
            per_period(&|p| to_f64(p.pool.interest)),
            per_period(&|p| to_f64(p.pool.scheduled_principal)),
            per_period(&|p| to_f64(p.pool.prepayments)),
            per_period(&|p| to_f64(p.pool.recoveries)),
        ];
        let defaults = per_period(&|p| -to_f64(p.pool.defaults));
        let pool_max = (0..r.periods.len())
            .map(|i| flows.iter().map(|f| f[i]).sum::<f64>().max(-defaults[i]))
            .fold(0.0, f64::max);
        let pool_unit = Unit::for_max(pool_max);

        let series = |name: String, x: &[f64], y: &[f64], unit: Unit| Series {
            name,
            points: x
                .iter()
                .zip(y)
                .map(|(&x, &y)| PlotPoint::new(x, y / unit.divisor()))
                .collect(),
        };
        ChartData {
            bar_width,
            flow_unit,
            balance_unit,
            pool_unit,
            distributions: dist
                .into_iter()
                .map(|(n, v)| series(n, &xs, &v, flow_unit))
                .collect(),
            balances: bal
                .into_iter()
                .map(|(n, v)| series(n, &bal_xs, &v, balance_unit))
                .collect(),
            pool_balance: has_pool.then(|| series(String::new(), &bal_xs, &pool_bal, balance_unit)),
            pool_flows: flows.map(|v| series(String::new(), &xs, &v, pool_unit)),
            defaults: series(String::new(), &xs, &defaults, pool_unit),
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
        assert_eq!(c.distributions.len(), 2);
        assert_eq!(c.distributions[0].points.len(), r.periods.len());
        assert_eq!(c.balances[0].points.len(), r.periods.len() + 1);
        assert_eq!(c.balances[0].points[0].y, 1.27, "127m in 亿元");
        assert_eq!(c.balance_unit, Unit::Yi);
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
        assert_eq!(h.pc[0].points.len(), pc.periods.len());
        assert_eq!(h.unit, Unit::Yi);
        assert!((h.pc[0].points[0].y - to_f64(pc.periods[0].noi) / 1e8).abs() < 1e-9);
        assert_eq!(h.nav.points.len(), r.plan.as_ref().unwrap().periods.len());
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
        assert!(c.pool_balance.is_none());
        assert_eq!(c.balance_unit, Unit::Yi);
        assert_eq!(c.balances[0].points[0].y, 24.0, "3,000,000,000 × 0.8 / 1e8");
    }
}
