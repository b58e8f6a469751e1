#!/usr/bin/env python3
"""Reference points for the unit tests of the two Brent root finders.

- `src/metrics/xirr.rs` `brent` is scipy's `brentq` variant: the points scipy's own C code
  evaluates (scipy 1.17.1, `pip install scipy`), with xirr's tolerances.
- `src/engine/analysis.rs` `brent` (the goal seek) is Numerical Recipes' `zbrent` (in C,
  2nd ed., section 9.3), transcribed below with the goal seek's two departures: the
  tolerance is 0.5 * tol without NR's 2*EPS*|b| term, and 200 runs in all at most.

Run: python3 scripts/brent_reference.py
"""
import math

from scipy.optimize import brentq

EPS = 2.220446049250313e-16


def scipy_points(f, a, b):
    points = []

    def g(x):
        points.append(x)
        return f(x)

    root, info = brentq(g, a, b, xtol=1e-15, rtol=4 * EPS, maxiter=200, full_output=True, disp=False)
    return root, info.flag, points


def zbrent(func, x1, x2, tol, max_runs=200):
    """(root b, other end c, points run)."""
    points = []

    def f(x):
        points.append(x)
        return func(x)

    a, b = x1, x2
    fa, fb = f(a), f(b)
    c, fc = a, fa
    d = e = b - a
    while len(points) < max_runs:
        # Same sign, 0 counting as positive (Rust's f64::signum).
        if math.copysign(1.0, fb) == math.copysign(1.0, fc):
            c, fc = a, fa
            e = d = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol1 = 0.5 * tol
        xm = 0.5 * (c - b)
        if abs(xm) <= tol1 or fb == 0.0:
            break
        if abs(e) >= tol1 and abs(fa) > abs(fb):
            s = fb / fa
            if a == c:
                p = 2.0 * xm * s
                q = 1.0 - s
            else:
                q = fa / fc
                r = fb / fc
                p = s * (2.0 * xm * q * (q - r) - (b - a) * (r - 1.0))
                q = (q - 1.0) * (r - 1.0) * (s - 1.0)
            if p > 0.0:
                q = -q
            p = abs(p)
            min1 = 3.0 * xm * q - abs(tol1 * q)
            min2 = abs(e * q)
            if 2.0 * p < min(min1, min2):
                e = d
                d = p / q
            else:
                d = xm
                e = d
        else:
            d = xm
            e = d
        a, fa = b, fb
        b += d if abs(d) > tol1 else math.copysign(tol1, xm)
        fb = f(b)
    return b, c, points


cubic = lambda x: x**3 - 2 * x - 5
exp2 = lambda x: math.exp(x) - 2.0
ninth = lambda x: (x - 1.0) ** 9  # C's pow, as Rust's powf
step = lambda x: -1.0 if x < 0.3 else 1.0
# (4/3)|x - 1| - 2 as its two lines, with the same operations as the Rust test.
vee = lambda x: -1.0 - (x - 0.25) / 0.75 if x <= 1.0 else -2.0 + (x - 1.0) / 0.75

print("xirr.rs (scipy brentq)")
for name, f, a, b in [
    ("cubic", cubic, 2.0, 3.0),
    ("exp", exp2, -4.0, 4.0),
    ("ninth", ninth, 0.0, 1.5),
    ("step", step, 0.0, 1.0),
    ("ninth, 200 steps", ninth, 0.0, 1e10),
    ("cubic, wide", cubic, -6.0, 3.0),
    ("step of 7 at 0.123", lambda x: -7.0 if x < 0.123 else 7.0, 0.05, 0.95),
    ("flat, then 4x - 3", lambda x: -2.0 if x <= 0.25 else -2.0 + (x - 0.25) / 0.25, -1.0, 3.0),
]:
    root, flag, points = scipy_points(f, a, b)
    print(f"  {name}: root {root!r} ({flag}), {len(points)} points: {points[:12]!r} … {points[-3:]!r}")

# xirr.rs bracket_and_brent's last step for -1, +0.2, +0.3 at 0, 2, 5 years: the root lies
# between the scan points ln(1 - 0.2) and ln(1 - 0.15), where the NPV is scaled by e^(5x).
t, a = [0.0, 2.0, 5.0], [-1.0, 0.2, 0.3]
scaled = lambda x: sum(ak * math.exp((5.0 - tk) * x) for tk, ak in zip(t, a))
x = brentq(scaled, math.log1p(-0.2), math.log1p(-0.15), xtol=1e-15, rtol=4 * EPS, maxiter=200)
print(f"  bracket, scaled: rate {math.expm1(x)!r}")

print("analysis.rs (NR zbrent)")
for name, f, a, b, tol in [
    ("cubic", cubic, 2.0, 3.0, 1e-10),
    ("exp", exp2, -4.0, 4.0, 1e-9),
    ("ninth", ninth, 0.0, 1.5, 1e-12),
    ("step", step, 0.0, 1.0, 1e-6),
    ("ninth, 200 runs", ninth, 0.0, 1e10, 1e-300),
    ("line", lambda x: x - 1.0, 0.0, 3.0, 1e-9),
    ("(x - 1)^3", lambda x: (x - 1.0) ** 3, -6.0, 4.0, 1e-3),
    ("cubic, wide", cubic, -2.0, 3.0, 1e-3),
    ("exp, coarse", exp2, -1.0, 1.5, 0.1),
    ("V", vee, 0.0, 3.0, 0.125),
]:
    root, other, points = zbrent(f, a, b, tol)
    print(f"  {name}: root {root!r}, other end {other!r}, {len(points)} runs: {points[:12]!r} … {points[-3:]!r}")
