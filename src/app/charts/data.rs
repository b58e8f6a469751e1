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
    pub pool_balance: Series,
    /// Pool interest, scheduled principal, prepayments and recoveries per period.
    pub pool_flows: [Series; 4],
    /// Defaults per period, drawn below the axis.
    pub defaults: Series,
    /// (security name, IRR) in deal order.
    pub irr: Vec<(String, Option<f64>)>,
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
        let balance_unit = Unit::for_max(pool_bal.iter().copied().fold(0.0, f64::max));
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
            pool_balance: series(String::new(), &bal_xs, &pool_bal, balance_unit),
            pool_flows: flows.map(|v| series(String::new(), &xs, &v, pool_unit)),
            defaults: series(String::new(), &xs, &defaults, pool_unit),
            irr: r
                .securities
                .iter()
                .map(|s| (s.name.clone(), s.irr))
                .collect(),
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
    }
}
