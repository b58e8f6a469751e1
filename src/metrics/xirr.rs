//! XIRR: the annual rate `r` solving `Σ CF_k / (1 + r)^((d_k − d_0) / 365) = 0`.
//!
//! Same conventions as Excel's `XIRR` and `pyxirr`: ACT/365F year fractions from the
//! earliest date, annual compounding, flows on one date netted, input order
//! irrelevant, and no answer (`None`) when no rate solves the equation.
//!
//! Solver: Newton in `r` from 0.1 (pyxirr's default, so multi-root cases pick the
//! same root as pyxirr does in the common case). If Newton leaves `(-1, ∞)`, stalls
//! or blows up, a sign scan over `ln(1 + r)` from `1 + r ≈ 1e-13` up to `r ≈ 1e9`
//! finds a bracket and Brent's method finishes it. Working in `x = ln(1 + r)`
//! keeps full relative precision near -100% and lets every term be scaled so
//! the sum cannot overflow.

use chrono::{Datelike, NaiveDate};

/// pyxirr's and Excel's default starting guess.
const GUESS: f64 = 0.1;
const NEWTON_MAX_ITER: usize = 100;
/// Newton stops once a step is below this (relative above |r| = 1).
const RATE_TOL: f64 = 1e-10;
/// A converged Newton step is accepted only if |NPV| before it was this small
/// against Σ|PV|. A real root leaves ≲ 1e-8 there; a tiny step with a large
/// residual means the slope exploded (rates near -100%), not that a root was found.
const RESIDUAL_TOL: f64 = 1e-6;
/// Brent's tolerance on `x = ln(1 + r)`, i.e. roughly on the relative size of `1 + r`.
const X_TOL: f64 = 1e-15;
const BRENT_MAX_ITER: usize = 200;

/// Regular schedules (monthly, quarterly, business-day adjusted) have only a few
/// distinct gaps between flows; up to this many, discount factors come from a
/// running product instead of one `exp` per flow.
const MAX_GAPS: usize = 16;
/// Gaps this close (relative) share one factor. Year fractions computed as
/// `days / 365` differ in the last bits for equal day counts; the drift this
/// allows is ~1e-12 years per flow, far below anything the root can resolve.
const GAP_TOL: f64 = 1e-12;

/// IRR of dated cash flows (negative = paid out, positive = received).
///
/// Returns `None` when there is no sign change after netting same-day flows,
/// when no root is found (Newton from 10%, then a scan of `1 + r` from 1e-13 to
/// ~1e9), or when any amount is NaN/infinite. Never panics.
pub fn xirr(flows: &[(NaiveDate, f64)]) -> Option<f64> {
    if flows.iter().any(|(_, a)| !a.is_finite()) {
        return None;
    }
    // Day numbers once per flow; dates are then plain integers to sort and diff.
    let mut sorted: Vec<(i32, f64)> = flows
        .iter()
        .map(|&(d, a)| (d.num_days_from_ce(), a))
        .collect();
    if !sorted.is_sorted_by_key(|&(day, _)| day) {
        sorted.sort_by_key(|&(day, _)| day);
    }

    let netted = net_sorted(sorted);

    let day0 = netted.first()?.0;
    let years = |days: i32| f64::from(days) / 365.0;
    let times = netted.iter().map(|&(day, _)| years(day - day0)).collect();
    // Gaps from whole days, so equal day counts give bit-equal gaps.
    let gaps = netted.windows(2).map(|w| years(w[1].0 - w[0].0)).collect();
    let amounts = netted.into_iter().map(|(_, a)| a).collect();
    Flows::new(times, amounts, gaps)?.solve()
}

/// The XIRR solver on year fractions instead of dates, for callers that already
/// hold a time grid (e.g. a cash-flow engine's period ends).
///
/// `times[k]` is the year fraction of `amounts[k]`; they should be ascending and
/// start at 0, but unsorted or shifted input gives the same answer (the origin
/// does not change the root). Equal times are netted. `None` on mismatched
/// lengths, non-finite input, or when there is no root (see [`xirr`]).
pub fn xirr_sorted_fractions(times: &[f64], amounts: &[f64]) -> Option<f64> {
    if times.len() != amounts.len() || times.iter().chain(amounts).any(|v| !v.is_finite()) {
        return None;
    }
    let mut pairs: Vec<(f64, f64)> = times.iter().copied().zip(amounts.iter().copied()).collect();
    if !times.is_sorted() {
        pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
    }

    let netted = net_sorted(pairs);

    // Origin at the first remaining flow, so every discount exponent is ≤ 0 in
    // the bracketing phase.
    let t0 = netted.first()?.0;
    let (ts, amts): (Vec<f64>, Vec<f64>) = netted.into_iter().map(|(t, a)| (t - t0, a)).unzip();
    let gaps = ts.windows(2).map(|w| w[1] - w[0]).collect();
    Flows::new(ts, amts, gaps)?.solve()
}

/// Sums flows at the same time (input sorted by time), then drops times that net
/// to zero: they add nothing to the NPV and would otherwise move the origin and
/// hide a series that really sits on a single date.
fn net_sorted<K: PartialEq>(mut flows: Vec<(K, f64)>) -> Vec<(K, f64)> {
    flows.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
    flows.retain(|&(_, a)| a != 0.0);
    flows
}

/// Netted flows ready for the solver: distinct ascending times from 0, non-zero
/// amounts scaled so the largest is ±1 (same root; sums cannot overflow).
struct Flows {
    t: Vec<f64>,
    a: Vec<f64>,
    /// Distinct values of `t[k] − t[k−1]`, and which one applies to each `k ≥ 1`;
    /// empty `gap_of` when the schedule is too irregular for the running product.
    gaps: Vec<f64>,
    gap_of: Vec<u8>,
}

impl Flows {
    /// `None` on non-finite times or amounts (e.g. netting overflowed).
    fn new(t: Vec<f64>, mut a: Vec<f64>, steps: Vec<f64>) -> Option<Self> {
        let max = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if !max.is_finite() || max == 0.0 || t.iter().chain(&steps).any(|v| !v.is_finite()) {
            return None;
        }
        let inv = max.recip();
        for v in &mut a {
            *v *= inv;
        }
        let mut gaps: Vec<f64> = Vec::new();
        let mut gap_of = Vec::with_capacity(steps.len());
        for s in steps {
            let i = match gaps.iter().position(|&g| (g - s).abs() <= GAP_TOL * g) {
                Some(i) => i,
                None if gaps.len() < MAX_GAPS => {
                    gaps.push(s);
                    gaps.len() - 1
                }
                None => {
                    gap_of.clear();
                    break;
                }
            };
            gap_of.push(u8::try_from(i).ok()?);
        }
        Some(Self { t, a, gaps, gap_of })
    }

    fn solve(&self) -> Option<f64> {
        let has_pos = self.a.iter().any(|&v| v > 0.0);
        let has_neg = self.a.iter().any(|&v| v < 0.0);
        if !(has_pos && has_neg) {
            return None;
        }
        self.newton(GUESS)
            .or_else(|| bracket_and_brent(&self.t, &self.a))
    }

    /// NPV, its derivative in `r`, and Σ|PV| (the scale for the residual test),
    /// all in one pass.
    fn npv_slope_scale(&self, r: f64) -> (f64, f64, f64) {
        let ln1p = r.ln_1p();
        let (mut npv, mut tpv, mut scale) = (0.0, 0.0, 0.0);
        let mut add = |tk: f64, pv: f64| {
            npv += pv;
            tpv += tk * pv;
            scale += pv.abs();
        };
        if self.gap_of.len() + 1 == self.t.len() {
            // v_k = v_{k−1} · (1+r)^−gap_k: a few `exp`s plus one multiply per flow;
            // rounding grows only ~k ulps, far inside the tolerances.
            let mut factor = [0.0; MAX_GAPS];
            for (f, g) in factor.iter_mut().zip(&self.gaps) {
                *f = (-g * ln1p).exp();
            }
            let mut v = 1.0;
            let gap_of = std::iter::once(None).chain(self.gap_of.iter().map(Some));
            for ((&tk, &ak), g) in self.t.iter().zip(&self.a).zip(gap_of) {
                if let Some(&g) = g {
                    v *= factor[usize::from(g) % MAX_GAPS];
                }
                add(tk, ak * v);
            }
        } else {
            for (&tk, &ak) in self.t.iter().zip(&self.a) {
                add(tk, ak * (-tk * ln1p).exp());
            }
        }
        (npv, -tpv / (1.0 + r), scale)
    }

    fn newton(&self, guess: f64) -> Option<f64> {
        let mut r = guess;
        for _ in 0..NEWTON_MAX_ITER {
            let (f, df, scale) = self.npv_slope_scale(r);
            if !(f.is_finite() && df.is_finite() && scale.is_finite()) {
                return None;
            }
            if f == 0.0 {
                return Some(r);
            }
            let step = f / df;
            let next = r - step;
            // Also rejects NaN/∞ (zero slope) and jumps out of the domain.
            if !(next > -1.0 && next.is_finite()) {
                return None;
            }
            if step.abs() <= RATE_TOL * next.abs().max(1.0) {
                return (f.abs() <= RESIDUAL_TOL * scale).then_some(next);
            }
            r = next;
        }
        None
    }
}

/// NPV at `r = e^x − 1`, multiplied by the positive factor `e^{s·x}`. With
/// `s = t_max` for `x ≤ 0` and `s = 0` for `x ≥ 0` every exponent is ≤ 0, so
/// nothing overflows; the sign (and hence the root) is unaffected.
fn scaled_npv(t: &[f64], a: &[f64], x: f64, s: f64) -> f64 {
    t.iter()
        .zip(a)
        .map(|(&tk, &ak)| ak * ((s - tk) * x).exp())
        .sum()
}

/// Scan points in `x = ln(1 + r)`: decades down to `1 + r = 1e-13`, a fine grid
/// where real deals live (multiple roots usually sit there), then doublings of
/// `1 + r` up to `2^30 ≈ 1e9`. Contains 0 so no bracket straddles the switch
/// of scaling in [`scaled_npv`].
fn scan_grid() -> Vec<f64> {
    const MID: [f64; 21] = [
        -0.95, -0.9, -0.8, -0.7, -0.6, -0.5, -0.4, -0.3, -0.2, -0.15, -0.1, -0.05, 0.0, 0.05, 0.1,
        0.15, 0.2, 0.3, 0.4, 0.5, 0.75,
    ];
    let ln10 = std::f64::consts::LN_10;
    let ln2 = std::f64::consts::LN_2;
    (2..=13)
        .rev()
        .map(|k| -f64::from(k) * ln10)
        .chain(MID.iter().map(|r| r.ln_1p()))
        .chain((1..=30).map(|k| f64::from(k) * ln2))
        .collect()
}

fn bracket_and_brent(t: &[f64], a: &[f64]) -> Option<f64> {
    let t_max = *t.last()?;
    let scale_for = |hi: f64| if hi <= 0.0 { t_max } else { 0.0 };
    let x_guess = GUESS.ln_1p();

    // Among all sign changes, take the bracket nearest the guess, mirroring
    // Newton's preference for the root closest to 10%.
    let mut best: Option<(f64, f64, f64)> = None; // (distance to guess, lo, hi)
    let mut prev: Option<(f64, f64)> = None;
    for x in scan_grid() {
        let h = scaled_npv(t, a, x, scale_for(x));
        if h.is_nan() {
            prev = None;
            continue;
        }
        let candidate = if h == 0.0 {
            Some((x, x))
        } else {
            match prev {
                Some((xp, hp)) if hp != 0.0 && (hp < 0.0) != (h < 0.0) => Some((xp, x)),
                _ => None,
            }
        };
        if let Some((lo, hi)) = candidate {
            let dist = if x_guess < lo {
                lo - x_guess
            } else if x_guess > hi {
                x_guess - hi
            } else {
                0.0
            };
            if best.is_none_or(|(d, _, _)| dist < d) {
                best = Some((dist, lo, hi));
            }
        }
        prev = Some((x, h));
    }

    let (_, lo, hi) = best?;
    let s = scale_for(hi);
    let x = brent(|x| scaled_npv(t, a, x, s), lo, hi)?;
    let r = x.exp_m1();
    (r > -1.0 && r.is_finite()).then_some(r)
}

/// Brent's root finder (the scipy `brentq` variant) on a sign-changing bracket.
fn brent(f: impl Fn(f64) -> f64, xa: f64, xb: f64) -> Option<f64> {
    let (mut xpre, mut xcur) = (xa, xb);
    let (mut fpre, mut fcur) = (f(xpre), f(xcur));
    if fpre == 0.0 {
        return Some(xpre);
    }
    if fcur == 0.0 {
        return Some(xcur);
    }
    if !(fpre.is_finite() && fcur.is_finite()) || (fpre < 0.0) == (fcur < 0.0) {
        return None;
    }
    let (mut xblk, mut fblk) = (0.0, 0.0);
    let (mut spre, mut scur) = (0.0_f64, 0.0_f64);
    for _ in 0..BRENT_MAX_ITER {
        if fpre != 0.0 && fcur != 0.0 && (fpre < 0.0) != (fcur < 0.0) {
            xblk = xpre;
            fblk = fpre;
            spre = xcur - xpre;
            scur = spre;
        }
        if fblk.abs() < fcur.abs() {
            xpre = xcur;
            xcur = xblk;
            xblk = xpre;
            fpre = fcur;
            fcur = fblk;
            fblk = fpre;
        }
        let delta = (X_TOL + 4.0 * f64::EPSILON * xcur.abs()) / 2.0;
        let sbis = (xblk - xcur) / 2.0;
        if fcur == 0.0 || sbis.abs() < delta {
            return Some(xcur);
        }
        if spre.abs() > delta && fcur.abs() < fpre.abs() {
            let stry = if xpre == xblk {
                // secant
                -fcur * (xcur - xpre) / (fcur - fpre)
            } else {
                // inverse quadratic extrapolation
                let dpre = (fpre - fcur) / (xpre - xcur);
                let dblk = (fblk - fcur) / (xblk - xcur);
                -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            };
            if 2.0 * stry.abs() < spre.abs().min(3.0 * sbis.abs() - delta) {
                spre = scur;
                scur = stry;
            } else {
                spre = sbis;
                scur = sbis;
            }
        } else {
            spre = sbis;
            scur = sbis;
        }
        xpre = xcur;
        fpre = fcur;
        if scur.abs() > delta {
            xcur += scur;
        } else {
            xcur += if sbis > 0.0 { delta } else { -delta };
        }
        fcur = f(xcur);
        if !fcur.is_finite() {
            return None;
        }
    }
    Some(xcur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// `brent`'s answer and every point at which it evaluated `f`, in order.
    fn brent_calls(f: impl Fn(f64) -> f64, a: f64, b: f64) -> (Option<f64>, Vec<f64>) {
        let calls = RefCell::new(Vec::new());
        let root = brent(
            |x| {
                calls.borrow_mut().push(x);
                f(x)
            },
            a,
            b,
        );
        (root, calls.into_inner())
    }

    // The expected points are scipy 1.17.1's `brentq` (its C code, the same variant), called
    // with the same tolerances and a callback that records x (`scripts/brent_reference.py`):
    // `brentq(g, a, b, xtol=1e-15, rtol=4 * 2.220446049250313e-16, maxiter=200)`.
    // Equal to the last bit: both do the same operations in the same order. `powf`, not
    // `powi`, so that (x − 1)⁹ is C's `pow` as in Python.

    fn close(got: f64, want: f64) -> bool {
        (got - want).abs() <= 1e-14 * want.abs().max(1.0)
    }

    #[test]
    fn one_pass_gives_the_npv_its_slope_and_the_scale_by_hand() {
        // −100, +60, +60 at 0, 1, 2 years, scaled by the largest (100) to −1, 0.6, 0.6.
        // At r = 10%: PVs −1, 0.6 / 1.1 = 0.545454…, 0.6 / 1.21 = 0.495867…;
        //   NPV = 0.041322314049587; slope −(1 × 0.545454… + 2 × 0.495867…) / 1.1
        //   = −1.537190082644628 / 1.1 = −1.397445529676935; Σ|PV| = 2.041322314049587.
        let f = Flows::new(
            vec![0.0, 1.0, 2.0],
            vec![-100.0, 60.0, 60.0],
            vec![1.0, 1.0],
        )
        .unwrap();
        assert_eq!((f.gaps.clone(), f.gap_of.clone()), (vec![1.0], vec![0, 0]));
        let (npv, slope, scale) = f.npv_slope_scale(0.1);
        assert!(close(npv, 0.041_322_314_049_587), "{npv}");
        assert!(close(slope, -1.397_445_529_676_935), "{slope}");
        assert!(close(scale, 2.041_322_314_049_587), "{scale}");
        // A regular schedule's discount factors are a running product: the year's factor, then
        // its square, not one exp per flow (at 10% the square is an ulp below e^{−2 ln 1.1}).
        let year = (-0.1f64.ln_1p()).exp();
        assert_eq!(npv, -1.0 + 0.6 * year + 0.6 * (year * year));
        assert_ne!(year * year, (-2.0 * 0.1f64.ln_1p()).exp());
        // Gaps of 0.5 and 1.5 years (two factors): −1 at 0, +0.5 at 0.5, +0.7 at 2.
        //   1.1^−0.5 = 0.953462589245592, 1.1^−2 = 0.826446280991736;
        //   NPV = −1 + 0.476731294622796 + 0.578512396694215 = 0.055243691317011;
        //   slope = −(0.5 × 0.476731… + 2 × 0.578512…) / 1.1 = −1.268536764272570.
        let f = Flows::new(vec![0.0, 0.5, 2.0], vec![-1.0, 0.5, 0.7], vec![0.5, 1.5]).unwrap();
        assert_eq!(
            (f.gaps.clone(), f.gap_of.clone()),
            (vec![0.5, 1.5], vec![0, 1])
        );
        let (npv, slope, scale) = f.npv_slope_scale(0.1);
        assert!(close(npv, 0.055_243_691_317_011), "{npv}");
        assert!(close(slope, -1.268_536_764_272_57), "{slope}");
        assert!(close(scale, 2.055_243_691_317_011), "{scale}");
    }

    #[test]
    fn gaps_within_a_trillionth_share_a_factor_and_seventeen_gaps_take_an_exp_per_flow() {
        // Whole-day gaps from days / 365 differ in their last bits: they share one factor.
        let g = 30.0 / 365.0;
        let f = Flows::new(
            vec![0.0, g, 2.0 * g],
            vec![-1.0, 0.5, 0.6],
            vec![g, g * (1.0 + 1e-13)],
        )
        .unwrap();
        assert_eq!((f.gaps.len(), f.gap_of.clone()), (1, vec![0, 0]));
        let f = Flows::new(
            vec![0.0, g, 2.0 * g],
            vec![-1.0, 0.5, 0.6],
            vec![g, g * (1.0 + 1e-11)],
        )
        .unwrap();
        assert_eq!((f.gaps.len(), f.gap_of.clone()), (2, vec![0, 1]));
        // 18 flows 1, 2, …, 17 days apart: 17 distinct gaps, more than the 16 kept, so no
        // running product; each flow is discounted on its own time. The NPV at 5% is
        // Σ a_k · 1.05^−t_k, written out here term by term.
        let mut t = vec![0.0];
        for k in 1..=17 {
            t.push(t[k - 1] + f64::from(k as u32) / 365.0);
        }
        let a: Vec<f64> = (0..18).map(|k| if k == 0 { -1.0 } else { 0.06 }).collect();
        let steps = t.windows(2).map(|w| w[1] - w[0]).collect();
        let f = Flows::new(t.clone(), a.clone(), steps).unwrap();
        assert!(f.gap_of.is_empty());
        assert_eq!(f.gaps.len(), 16);
        let want: f64 = t
            .iter()
            .zip(&a)
            .map(|(tk, ak)| ak * 1.05f64.powf(-tk))
            .sum();
        let (npv, _, _) = f.npv_slope_scale(0.05);
        assert!(close(npv, want), "{npv} {want}");
        // 0.06 × 17 − 1 = 0.02 undiscounted; 153 days in all at most, so the NPV is a little less.
        assert!(want > 0.0 && want < 0.02, "{want}");
    }

    #[test]
    fn amounts_are_scaled_by_the_largest_and_bad_input_refused() {
        let f = Flows::new(vec![0.0, 1.0], vec![-250.0, 500.0], vec![1.0]).unwrap();
        assert_eq!(f.a, [-0.5, 1.0]);
        let f = Flows::new(vec![0.0, 1.0], vec![-500.0, 250.0], vec![1.0]).unwrap();
        assert_eq!(f.a, [-1.0, 0.5]);
        assert!(Flows::new(vec![0.0, 1.0], vec![0.0, 0.0], vec![1.0]).is_none());
        assert!(Flows::new(vec![0.0, 1.0], vec![-1.0, f64::INFINITY], vec![1.0]).is_none());
        assert!(Flows::new(vec![0.0, f64::NAN], vec![-1.0, 1.0], vec![1.0]).is_none());
        assert!(Flows::new(vec![0.0, 1.0], vec![-1.0, 1.0], vec![f64::INFINITY]).is_none());
    }

    #[test]
    fn the_scan_grid_runs_from_1e_minus_13_to_2_to_the_30() {
        let g = scan_grid();
        // 12 decades (1 + r = 1e-13 … 1e-2), 21 fine points, 30 doublings.
        assert_eq!(g.len(), 63);
        assert!(close(g[0], -13.0 * std::f64::consts::LN_10));
        assert!(close(g[11], -2.0 * std::f64::consts::LN_10));
        assert!(close(g[12], (-0.95f64).ln_1p()));
        assert_eq!(g[24], 0.0);
        assert!(close(g[32], 0.75f64.ln_1p()));
        assert!(close(g[33], std::f64::consts::LN_2));
        assert!(close(g[62], 30.0 * std::f64::consts::LN_2));
        assert!(g.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_scaled_npv_keeps_the_sign_and_never_overflows() {
        // −1 at 0 and +2 at 1: NPV(r) = −1 + 2 / (1 + r). At x = ln(1 + r) = ln 4 (r = 300%,
        // s = 0, no scaling) it is −0.5. At x = ln 0.5 (r = −50%) it is 3, and scaled by
        // e^{s·x} with s = 1 it is 3 × 0.5 = 1.5.
        let (t, a) = ([0.0, 1.0], [-1.0, 2.0]);
        assert!(close(scaled_npv(&t, &a, 4f64.ln(), 0.0), -0.5));
        assert!(close(scaled_npv(&t, &a, 0.5f64.ln(), 1.0), 1.5));
        // −1 at 0 and +2 at 2 years, at 1 + r = 1e-300: unscaled the second term is
        // 2 × 1e600, past the largest double; scaled by e^{2x} it is 2, and the first
        // −1e-600 underflows to 0: 2.
        let x = -300.0 * std::f64::consts::LN_10;
        assert!(close(scaled_npv(&[0.0, 2.0], &a, x, 2.0), 2.0));
    }

    #[test]
    fn newton_solves_from_ten_percent_or_gives_up_outside_the_domain() {
        // −1 then +1.44 two years later: (1 + r)² = 1.44, r = 20%.
        let f = Flows::new(vec![0.0, 2.0], vec![-1.0, 1.44], vec![2.0]).unwrap();
        let r = f.newton(GUESS).unwrap();
        assert!((r - 0.2).abs() < 1e-15, "{r}");
        // Above 100% the step is measured against the rate: −1 then +20 a year later
        // (1 + r = 20) stops on 19 exactly, after its first step below 1e-10 × 19.
        assert_eq!(
            xirr_sorted_fractions(&[0.0, 1.0], &[-1.0, 20.0]),
            Some(19.0)
        );
        // −100 then +0.0001 a year later (r = 1e-6 − 1): at 10% the NPV is −1 + 1e-6 / 1.1
        // and its slope −1e-6 / 1.21, so the first step, ≈ 1.21e6, lands far below −100%:
        // Newton gives up (the bracketing then finds the root).
        let f = Flows::new(vec![0.0, 1.0], vec![-100.0, 1e-4], vec![1.0]).unwrap();
        assert_eq!(f.newton(GUESS), None);
        let r = f.solve().unwrap();
        assert!(((1.0 + r) / 1e-6 - 1.0).abs() < 1e-9, "{r}");
    }

    #[test]
    fn the_bracket_nearest_ten_percent_is_solved() {
        // −1, +3.1, −2.2 at 0, 1, 2: with v = 1/(1+r), −2.2v² + 3.1v − 1 = 0 has v = 1/1.1 and
        // v = 0.5: roots 10% and 100%. The scan brackets both; the one holding the guess
        // (10%) is solved.
        let r = bracket_and_brent(&[0.0, 1.0, 2.0], &[-1.0, 3.1, -2.2]).unwrap();
        assert!(close(r, 0.1), "{r}");
        // −1, +2.5, −1.5 … roots where v = 1 and v = 2/3: 0% and 50%. In x = ln(1 + r) the
        // guess ln 1.1 = 0.0953 is 0.0953 from 0 and 0.3102 from ln 1.5: 0% is taken.
        let r = bracket_and_brent(&[0.0, 1.0, 2.0], &[-1.0, 2.5, -1.5]).unwrap();
        assert!(r.abs() < 1e-14, "{r}");
        // Roots −50% (v = 2) and +50% (v = 2/3): 4 − 8v + 3v² = (3v − 2)(v − 2), flows +4,
        // −8, +3. In x, |ln 0.5 − ln 1.1| = 0.788 and |ln 1.5 − ln 1.1| = 0.310: +50% is taken.
        let r = bracket_and_brent(&[0.0, 1.0, 2.0], &[4.0, -8.0, 3.0]).unwrap();
        assert!(close(r, 0.5), "{r}");
        // Roots −18% and +48%: −1 + 2.3v − 1.2136v² = −1.2136(v − 1/0.82)(v − 1/1.48). The
        // bracket below the guess, [ln 0.8, ln 0.85], ends 0.0953 + 0.1625 = 0.2578 from it;
        // the one above, [ln 1.4, ln 1.5], starts 0.3365 − 0.0953 = 0.2412 from it: +48%.
        let r = bracket_and_brent(&[0.0, 1.0, 2.0], &[-1.0, 2.3, -1.2136]).unwrap();
        assert!(close(r, 0.48), "{r}");
        // Roots 7% and 12%, on either side of the guess, which is a scan point: both
        // brackets, [ln 1.05, ln 1.1] and [ln 1.1, ln 1.15], hold it (distance 0); the first
        // found, the lower, is kept. −1 + 2.19v − 1.1984v² = −1.1984(v − 1/1.07)(v − 1/1.12).
        let r = bracket_and_brent(&[0.0, 1.0, 2.0], &[-1.0, 2.19, -1.1984]).unwrap();
        assert!(close(r, 0.07), "{r}");
        // One sign throughout: no bracket.
        assert_eq!(bracket_and_brent(&[0.0, 1.0], &[1.0, 1.0]), None);
        // A root below 0% is solved on the NPV scaled by e^{t_max·x}, every exponent ≤ 0:
        // −1, +0.2, +0.3 at 0, 2, 5 years gives −15.984089022638653% to the last bit, as
        // scipy's brentq on that function (`scripts/brent_reference.py`); unscaled, the
        // same search ends an ulp away.
        let r = bracket_and_brent(&[0.0, 2.0, 5.0], &[-1.0, 0.2, 0.3]);
        assert_eq!(r, Some(-0.159_840_890_226_386_53));
    }

    #[test]
    fn brent_takes_scipys_steps_on_the_classic_cubic() {
        // x³ − 2x − 5 on [2, 3] (Wallis): the first step is the secant through (2, −1) and
        // (3, 16), 2 + 1/17 = 2.0588235294117645; inverse quadratic steps follow.
        let f = |x: f64| x * x * x - 2.0 * x - 5.0;
        let scipy = [
            2.0,
            3.0,
            2.0588235294117645,
            2.0956589322913497,
            2.094528891117347,
            2.0945514674640098,
            2.094551481542327,
            2.0945514815423256,
        ];
        assert_eq!(
            brent_calls(f, 2.0, 3.0),
            (Some(2.094551481542327), scipy.to_vec())
        );
        // The ends given the other way round: the same points after the first two.
        let (root, calls) = brent_calls(f, 3.0, 2.0);
        assert_eq!(
            (root, &calls[..2], &calls[2..]),
            (Some(2.094551481542327), &[3.0, 2.0][..], &scipy[2..])
        );
    }

    #[test]
    fn brent_takes_scipys_steps_from_a_wide_bracket_and_a_flat_start() {
        // x³ − 2x − 5 on [−6, 3]: the secant from (−6, −209) and (3, 16) lands on 2.36; 11
        // evaluations in scipy.
        let f = |x: f64| x * x * x - 2.0 * x - 5.0;
        let scipy = [
            -6.0,
            3.0,
            2.36,
            2.1885432088110783,
            2.1074299420367066,
            2.0952394359421374,
            2.0945567090783364,
            2.094551483675403,
            2.094551481542333,
            2.0945514815423265,
            2.094551481542328,
        ];
        assert_eq!(
            brent_calls(f, -6.0, 3.0),
            (Some(2.0945514815423265), scipy.to_vec())
        );
        // −2 up to 0.25, then the line 4x − 3 (root 0.75), on [−1, 3]: the last two points,
        // −1 and −0.27, have equal values (−2), so nothing is interpolated between them and
        // the step halves.
        let kinked = |x: f64| {
            if x <= 0.25 {
                -2.0
            } else {
                -2.0 + (x - 0.25) / 0.25
            }
        };
        let scipy = [
            -1.0,
            3.0,
            -0.2727272727272727,
            1.3636363636363635,
            0.46196660482374774,
            0.9128014842300556,
            0.75,
        ];
        assert_eq!(brent_calls(kinked, -1.0, 3.0), (Some(0.75), scipy.to_vec()));
    }

    #[test]
    fn brent_takes_scipys_steps_on_an_exponential() {
        // eˣ − 2 on [−4, 4]: a secant, two halvings where the steps are refused, then
        // interpolation down to ln 2.
        let scipy = [
            -4.0,
            4.0,
            -3.709536038999805,
            0.14523198050009745,
            2.072615990250049,
            0.3847449176313963,
            0.7576879977300761,
            0.6828082123221654,
            0.6928165700079666,
            0.6931472531070896,
            0.6931471805479522,
            std::f64::consts::LN_2,
        ];
        let (root, calls) = brent_calls(|x| x.exp() - 2.0, -4.0, 4.0);
        assert_eq!(root, Some(std::f64::consts::LN_2));
        assert_eq!(calls, scipy);
    }

    #[test]
    fn brent_bisects_where_interpolation_is_refused() {
        // (x − 1)⁹ on [0, 1.5] is flat around its root: 137 evaluations in scipy, the root
        // found to 1 − 2⁻⁵³.
        let (root, calls) = brent_calls(|x| (x - 1.0).powf(9.0), 0.0, 1.5);
        assert_eq!(root, Some(0.9999999999999999));
        assert_eq!(calls.len(), 137);
        let scipy_first = [
            0.0,
            1.5,
            1.4970760233918128,
            1.4432319535323013,
            0.7216159767661506,
            0.7324270698735291,
            0.7574030240223273,
            1.1003174887773142,
            1.1001963024234749,
            1.0891210050684363,
            0.9232620145453818,
            0.9575056223499973,
        ];
        assert_eq!(calls[..12], scipy_first);
        // A step from −1 to 1 at 0.3: interpolation never helps, so plain halving,
        // 0.5, 0.25, 0.375, … (52 evaluations) to 0.2999999999999998, 3 ulps below 0.3.
        let (root, calls) = brent_calls(|x| if x < 0.3 { -1.0 } else { 1.0 }, 0.0, 1.0);
        assert_eq!(root, Some(0.2999999999999998));
        assert_eq!(calls.len(), 52);
        assert_eq!(calls[2..8], [0.5, 0.25, 0.375, 0.3125, 0.28125, 0.296875]);
        // A step from −7 to 7 at 0.123 on [0.05, 0.95]: each secant between values of equal
        // size is a midpoint up to rounding, and none is taken; scipy ends on
        // 0.12299999999999947 after 52 evaluations.
        let (root, calls) = brent_calls(|x| if x < 0.123 { -7.0 } else { 7.0 }, 0.05, 0.95);
        assert_eq!((root, calls.len()), (Some(0.12299999999999947), 52));
    }

    #[test]
    fn brent_stops_after_200_steps_at_the_point_it_reached() {
        // (x − 1)⁹ on [0, 10¹⁰]: scipy stops at its 200 iterations (202 evaluations,
        // "convergence error") at 0.9999999999961036; brent returns that point.
        let (root, calls) = brent_calls(|x| (x - 1.0).powf(9.0), 0.0, 1e10);
        assert_eq!(calls.len(), 202);
        assert_eq!(
            calls[..6],
            [
                0.0,
                1e10,
                5e-16,
                0.10007999171934437,
                5000000000.050039,
                0.10007999171934491
            ]
        );
        assert_eq!(root, Some(0.9999999999961036));
    }

    #[test]
    fn brent_answers_at_an_end_and_refuses_no_bracket_or_an_infinite_value() {
        let line = |x: f64| x - 1.0;
        // A root at either end is returned without a step.
        assert_eq!(brent_calls(line, 1.0, 3.0), (Some(1.0), vec![1.0, 3.0]));
        assert_eq!(brent_calls(line, -3.0, 1.0), (Some(1.0), vec![-3.0, 1.0]));
        // A line is solved by its first secant: −(−1)·(3 − 0)/(2 − (−1)) = 1 from 0.
        assert_eq!(
            brent_calls(line, 0.0, 3.0),
            (Some(1.0), vec![0.0, 3.0, 1.0])
        );
        // Ends of one sign, or not finite: no answer.
        assert_eq!(brent_calls(line, 2.0, 3.0).0, None);
        assert_eq!(brent_calls(line, -3.0, -2.0).0, None);
        assert_eq!(brent_calls(|x| 1.0 / x, 0.0, 1.0).0, None);
        assert_eq!(brent_calls(|x| -1.0 / x, -1.0, 0.0).0, None);
        // 1/(x − 0.5) changes sign by a pole: the values at the ends are −2 and 2, of equal
        // size, so the first step halves, to 0.5, where the value is infinite: no answer.
        let (root, calls) = brent_calls(|x| 1.0 / (x - 0.5), 0.0, 1.0);
        assert_eq!((root, calls), (None, vec![0.0, 1.0, 0.5]));
    }
}
