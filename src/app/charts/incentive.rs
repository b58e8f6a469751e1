//! The operating manager's annual fee against annual NOI, so a structurer sees where the
//! floor (达标值) cuts the base fee and where the expected value (预期值) starts the
//! incentive fee. The incentive part is the engine's own `incentive_fee`; the cut follows
//! docs/methodology.md ("Plan, each period") on a whole year.

use crate::app::format::{self, Unit};
use crate::app::i18n::{Lang, S};
use crate::app::theme::{Tokens, series};
use crate::model::{Incentive, PlanTerms};
use crate::money::{dec, fen, fen_from_f64, to_f64};
use egui::Ui;
use egui_plot::{Corner, Legend, Line, LineStyle, Plot, PlotPoints, VLine};
use rust_decimal::Decimal;

/// Samples of the curve between 0 and twice the expected value.
const STEPS: usize = 240;
/// Amounts above this are not plotted: `Decimal` arithmetic on them could overflow.
const LARGEST: f64 = 1e15;

/// The curve in CNY: x = annual NOI, y = base fee after the cut + incentive fee.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeCurve {
    pub points: Vec<[f64; 2]>,
    pub floor: f64,
    pub expected: f64,
}

/// The fee for one year at `noi`, revenue taken as NOI / (1 − opex ratio).
pub fn annual_fee(plan: &PlanTerms, opex_ratio: f64, inc: &Incentive, noi: Decimal) -> Decimal {
    let margin = 1.0 - opex_ratio;
    let revenue = if margin.is_finite() && margin > 0.01 {
        fen_from_f64(to_f64(noi) / margin)
    } else {
        noi
    };
    let base = fen(revenue * dec(plan.operator_base_fee_rate));
    let (floor, expected) = (inc.floor_noi, inc.expected_noi);
    let mut cut = Decimal::ZERO;
    if noi < floor && floor > Decimal::ZERO {
        let frac = (to_f64(floor - noi) / to_f64(floor) * inc.cut_multiple)
            .min(inc.max_cut)
            .max(0.0);
        cut = fen(base * dec(frac));
    }
    let incentive = if noi > expected && expected > Decimal::ZERO {
        crate::engine::incentive_fee(inc, noi - expected, expected, Decimal::ONE)
    } else {
        Decimal::ZERO
    };
    base - cut + incentive
}

/// The curve from 0 to about twice the expected value, with samples on both thresholds so
/// the kinks are drawn where they are. None when the inputs are out of any sensible range.
pub fn fee_curve(plan: &PlanTerms, opex_ratio: f64, inc: &Incentive) -> Option<FeeCurve> {
    let floor = to_f64(inc.floor_noi);
    let expected = to_f64(inc.expected_noi);
    let rates_ok = [plan.operator_base_fee_rate, inc.cut_multiple, inc.max_cut]
        .into_iter()
        .chain(inc.tiers.iter().flat_map(|t| [t.from, t.share]))
        .all(|r| r.is_finite() && r.abs() <= 100.0);
    let amounts_ok = [floor, expected, inc.cap.map_or(0.0, to_f64)]
        .into_iter()
        .all(|x| x.is_finite() && x.abs() < LARGEST);
    if !rates_ok || !amounts_ok {
        return None;
    }
    let top = 2.0 * expected.max(floor);
    if top <= 0.0 {
        return None;
    }
    let mut xs: Vec<f64> = (0..=STEPS)
        .map(|i| top * i as f64 / STEPS as f64)
        .chain([floor, expected].into_iter().filter(|x| *x > 0.0))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let points = xs
        .into_iter()
        .map(|x| {
            let fee = annual_fee(plan, opex_ratio, inc, fen_from_f64(x));
            [x, to_f64(fee)]
        })
        .collect();
    Some(FeeCurve {
        points,
        floor,
        expected,
    })
}

impl FeeCurve {
    /// The fee at a threshold (the curve has a sample there).
    fn at(&self, x: f64) -> f64 {
        self.points.iter().find(|p| p[0] == x).map_or(0.0, |p| p[1])
    }

    /// The thresholds and the fee at each, as text beside the chart.
    pub fn readout(&self, lang: Lang) -> String {
        let money = |x: f64| format::amount(lang, fen_from_f64(x));
        format!(
            "{} {} → {} {} · {} {} → {} {}",
            lang.tr(S::FloorLine),
            money(self.floor),
            lang.tr(S::OperatorFee),
            money(self.at(self.floor)),
            lang.tr(S::ExpectedLine),
            money(self.expected),
            lang.tr(S::OperatorFee),
            money(self.at(self.expected)),
        )
    }
}

/// Draw the curve with the floor and the expected value marked, and the read-out under it.
pub fn show(ui: &mut Ui, c: &FeeCurve, lang: Lang) -> egui::Response {
    let x_unit = Unit::for_max(c.expected.max(c.floor) * 2.0);
    let y_unit = Unit::for_max(c.points.iter().map(|p| p[1]).fold(0.0, f64::max));
    let (xd, yd) = (x_unit.divisor(), y_unit.divisor());
    let pts: Vec<[f64; 2]> = c.points.iter().map(|p| [p[0] / xd, p[1] / yd]).collect();
    let tokens = Tokens::of(ui.visuals());
    let fee_name = lang.tr(S::OperatorFee);
    let x_label = format!("{} ({})", lang.tr(S::AnnualNoi), x_unit.label(lang));
    let y_label = format!("{} ({})", fee_name, y_unit.label(lang));
    let resp = Plot::new("operator-fee")
        .legend(Legend::default().position(Corner::LeftTop))
        .x_axis_label(x_label)
        .y_axis_label(y_label)
        .include_y(0.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .height(240.0)
        .show(ui, |p| {
            p.line(
                Line::new(fee_name, PlotPoints::new(pts))
                    .id("operator-fee")
                    .color(series(0))
                    .width(2.0),
            );
            p.vline(
                VLine::new(lang.tr(S::FloorLine), c.floor / xd)
                    .id("fee-floor")
                    .color(tokens.error)
                    .style(LineStyle::dashed_dense()),
            );
            p.vline(
                VLine::new(lang.tr(S::ExpectedLine), c.expected / xd)
                    .id("fee-expected")
                    .color(tokens.ok)
                    .style(LineStyle::dashed_dense()),
            );
        })
        .response;
    ui.label(egui::RichText::new(c.readout(lang)).small());
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IncentiveTier;

    fn highway() -> crate::model::Holding {
        let text = include_str!("../../../sample_deals/highway_concession.ron");
        crate::io::parse_deal(text, "h").unwrap().holding.unwrap()
    }

    fn at(c: &FeeCurve, x: f64) -> f64 {
        c.points.iter().find(|p| p[0] == x).unwrap()[1]
    }

    #[test]
    fn the_curve_follows_the_rule() {
        let h = highway();
        let inc = h.incentive.as_ref().unwrap();
        let c = fee_curve(&h.plan, h.asset.opex_ratio, inc).unwrap();
        assert_eq!(c.floor, 250e6);
        assert_eq!(c.expected, 285e6);
        assert_eq!(c.points.last().unwrap()[0], 570e6);
        // At the expected value: the whole base fee, 3% of 285m / 0.7, no incentive.
        let base = (285e6_f64 / 0.7 * 0.03 * 100.0).round() / 100.0;
        assert!((at(&c, 285e6) - base).abs() < 0.01, "{}", at(&c, 285e6));
        // At zero NOI the cut is the whole (zero) base fee.
        assert_eq!(c.points[0], [0.0, 0.0]);
        // Above the expected value the fee rises faster than the base fee alone.
        let hi = c.points.iter().rev().nth(1).unwrap();
        assert!(hi[1] > hi[0] / 0.7 * 0.03 + 1e6, "{hi:?}");
    }

    #[test]
    fn moving_the_expected_value_moves_the_kink() {
        let h = highway();
        let mut inc = h.incentive.clone().unwrap();
        let before = fee_curve(&h.plan, 0.3, &inc).unwrap();
        inc.expected_noi = Decimal::from(300_000_000);
        let after = fee_curve(&h.plan, 0.3, &inc).unwrap();
        assert_eq!(after.expected, 300e6);
        assert_ne!(before.points, after.points);
        // Between the two expected values the old curve paid an incentive, the new does not.
        let x = 295e6;
        let fee = |c: &FeeCurve| {
            c.points
                .iter()
                .min_by(|a, b| (a[0] - x).abs().total_cmp(&(b[0] - x).abs()))
                .unwrap()[1]
        };
        assert!(fee(&before) > fee(&after));
    }

    #[test]
    fn nonsense_inputs_give_no_curve_and_no_panic() {
        let h = highway();
        let mut inc = h.incentive.clone().unwrap();
        inc.tiers.push(IncentiveTier {
            from: f64::NAN,
            share: 1.0,
        });
        assert!(fee_curve(&h.plan, 0.3, &inc).is_none());
        let mut inc = h.incentive.clone().unwrap();
        inc.expected_noi = Decimal::ZERO;
        inc.floor_noi = Decimal::ZERO;
        assert!(fee_curve(&h.plan, 0.3, &inc).is_none());
        assert!(fee_curve(&h.plan, 1.5, h.incentive.as_ref().unwrap()).is_some());
    }
}
