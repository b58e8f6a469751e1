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

use chrono::NaiveDate;

/// pyxirr's and Excel's default starting guess.
const GUESS: f64 = 0.1;
const NEWTON_MAX_ITER: usize = 100;
/// Newton stops once a step is below this (relative above |r| = 1).
const RATE_TOL: f64 = 1e-10;
/// A Newton "root" is accepted only if |NPV| is this small against Σ|PV|; guards
/// against the iteration creeping toward -100% where the slope explodes.
const RESIDUAL_TOL: f64 = 1e-8;
/// Brent's tolerance on `x = ln(1 + r)`, i.e. roughly on the relative size of `1 + r`.
const X_TOL: f64 = 1e-15;
const BRENT_MAX_ITER: usize = 200;

/// IRR of dated cash flows (negative = paid out, positive = received).
///
/// Returns `None` when there is no sign change after netting same-day flows,
/// when no rate in roughly `(-1 + 1e-13, 1e9]` solves the equation, or when
/// any amount is NaN/infinite. Never panics.
pub fn xirr(flows: &[(NaiveDate, f64)]) -> Option<f64> {
    if flows.iter().any(|(_, a)| !a.is_finite()) {
        return None;
    }
    let mut sorted = flows.to_vec();
    sorted.sort_by_key(|&(d, _)| d);

    // Net same-day flows, then drop dates that net to zero: they add nothing to
    // the NPV and would otherwise move d_0 and hide a single-date series.
    let mut netted: Vec<(NaiveDate, f64)> = Vec::with_capacity(sorted.len());
    for (d, a) in sorted {
        match netted.last_mut() {
            Some(last) if last.0 == d => last.1 += a,
            _ => netted.push((d, a)),
        }
    }
    netted.retain(|&(_, a)| a != 0.0);

    let d0 = netted.first()?.0;
    let mut times = Vec::with_capacity(netted.len());
    let mut amounts = Vec::with_capacity(netted.len());
    for (d, a) in netted {
        times.push((d - d0).num_days() as f64 / 365.0);
        amounts.push(a);
    }
    normalise(&mut amounts)?;
    solve(&times, &amounts)
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

    let mut netted: Vec<(f64, f64)> = Vec::with_capacity(pairs.len());
    for (t, a) in pairs {
        match netted.last_mut() {
            Some(last) if last.0 == t => last.1 += a,
            _ => netted.push((t, a)),
        }
    }
    netted.retain(|&(_, a)| a != 0.0);

    // Origin at the first remaining flow, so every discount exponent is ≤ 0 in
    // the bracketing phase.
    let t0 = netted.first()?.0;
    let (ts, mut amts): (Vec<f64>, Vec<f64>) = netted.into_iter().map(|(t, a)| (t - t0, a)).unzip();
    if ts.iter().any(|t| !t.is_finite()) {
        return None;
    }
    normalise(&mut amts)?;
    solve(&ts, &amts)
}

/// Scales amounts so the largest is ±1: the root is unchanged and sums of
/// discounted terms cannot overflow. `None` if netting produced a non-finite value.
fn normalise(amounts: &mut [f64]) -> Option<()> {
    let max = amounts.iter().fold(0.0_f64, |m, a| m.max(a.abs()));
    if !max.is_finite() || max == 0.0 {
        return None;
    }
    for a in amounts.iter_mut() {
        *a /= max;
    }
    Some(())
}

/// Core solver. Expects distinct ascending `t` starting at 0 and non-zero amounts.
fn solve(t: &[f64], a: &[f64]) -> Option<f64> {
    let has_pos = a.iter().any(|&v| v > 0.0);
    let has_neg = a.iter().any(|&v| v < 0.0);
    if !(has_pos && has_neg) {
        return None;
    }
    newton(t, a, GUESS).or_else(|| bracket_and_brent(t, a))
}

/// NPV, its derivative in `r`, and Σ|PV| (the scale for the residual test),
/// all in one pass with one `exp` per flow.
fn npv_slope_scale(t: &[f64], a: &[f64], r: f64) -> (f64, f64, f64) {
    let ln1p = r.ln_1p();
    let (mut npv, mut tpv, mut scale) = (0.0, 0.0, 0.0);
    for (&tk, &ak) in t.iter().zip(a) {
        let pv = ak * (-tk * ln1p).exp();
        npv += pv;
        tpv += tk * pv;
        scale += pv.abs();
    }
    (npv, -tpv / (1.0 + r), scale)
}

fn newton(t: &[f64], a: &[f64], guess: f64) -> Option<f64> {
    let mut r = guess;
    let mut converged = false;
    for _ in 0..NEWTON_MAX_ITER {
        let (f, df, scale) = npv_slope_scale(t, a, r);
        if !(f.is_finite() && df.is_finite() && scale.is_finite()) {
            return None;
        }
        if converged || f == 0.0 {
            return (f.abs() <= RESIDUAL_TOL * scale).then_some(r);
        }
        let step = f / df;
        let next = r - step;
        // Also rejects NaN (zero slope) and jumps out of the domain.
        if !(next > -1.0 && next.is_finite()) {
            return None;
        }
        converged = step.abs() <= RATE_TOL * next.abs().max(1.0);
        r = next;
    }
    None
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
