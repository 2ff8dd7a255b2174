"""Gradient descent, the update rule x <- x - lr * grad(x).

Descent on a quadratic with largest curvature L (the largest eigenvalue
of its Hessian) converges for 0 < lr < 2 / L, oscillates without
shrinking at lr = 2 / L, and diverges beyond it.
"""

import numpy as np

from lessons_lib._arrays import (
    as_array,
    float64_guard,
    float64_safe,
    number,
    require,
)

DIVERGED = 1e6
"""An iterate farther than this from the start counts as diverged."""


BIGGEST = float(np.finfo(np.float64).max)
MAX_STEPS = 10**7
"""The most updates :func:`run` takes in one call."""


@float64_safe
def run(grad, x0, lr, steps, limit=DIVERGED):
    """Iterates x_0, x_1, ..., x_steps of gradient descent, as an array.

    grad: function of x returning an array shaped like x.
    x0: a number (result shape (k + 1,)) or a vector (result (k + 1, d)).
    lr: learning rate, > 0. steps: number of updates, 0 to 1e7.
    Stops early, after the first iterate farther than ``limit`` (> 0) from
    x0, so nothing overflows; then k < steps. An update too large for
    float64 is recorded as +-1.8e308 (the largest float64) and ends the
    run the same way. A grad(x) that is not finite raises a ``ValueError``.
    """
    x = as_array("x0", x0)
    require(x.ndim <= 1, f"x0 must be a number or a vector (d,), got shape {x.shape}")
    lr = number("lr", lr, lo=0, lo_open=True)
    steps = number("steps", steps, lo=0, hi=MAX_STEPS, whole=True)
    limit = number("limit", limit, lo=0, lo_open=True)
    require(callable(grad), f"grad must be a function of x, got {grad!r}")
    start = x.copy()
    path = [x.copy()]
    for _ in range(steps):
        g = as_array("grad(x)", grad(x))
        require(
            g.shape == x.shape,
            f"grad(x) must have shape {x.shape} (that of x0), got {g.shape}",
        )
        with np.errstate(over="ignore", invalid="ignore"):
            x = x - lr * g
        x = np.nan_to_num(x, nan=BIGGEST, posinf=BIGGEST, neginf=-BIGGEST)
        path.append(x)
        with np.errstate(over="ignore"):
            gone = np.max(np.abs(x - start)) > limit
        if gone:
            break
    return np.array(path)


def diverged_at(path, steps):
    """The step at which :func:`run` stopped early, or ``None``.

    path: the array :func:`run` returned for ``steps`` updates,
    (k + 1,) or (k + 1, d).
    """
    path = as_array("path", path, shape_text="(k + 1,) or (k + 1, d)")
    require(
        path.ndim in (1, 2) and len(path) >= 1,
        f"path must have shape (k + 1,) or (k + 1, d), got shape {path.shape}",
    )
    steps = number("steps", steps, lo=0, whole=True)
    taken = len(path) - 1
    require(taken <= steps, f"path holds {taken} steps, more than steps = {steps}")
    return taken if taken < steps else None


@float64_safe
def critical_learning_rate(L):
    """2 / L: the learning rate where descent on a quadratic with
    largest curvature ``L`` > 0 stops converging."""
    L = number("the curvature L", L, lo=0, lo_open=True)
    return 2.0 / L


# ---------------------------------------------------------------------------
# Derivatives and tangent lines


@float64_safe
def derivative(f, x, h=1e-5):
    """Centred difference (f(x + h) - f(x - h)) / (2 h) of a scalar function.

    x: a number or an array of any shape (every element is its own point).
    Returns an array shaped like ``x``. h: a number > 0.
    """
    h = number("h", h, lo=0, lo_open=True)
    x = as_array("x", x)
    require(callable(f), f"f must be a function of x, got {f!r}")
    plus = as_array("f(x + h)", f(x + h))
    minus = as_array("f(x - h)", f(x - h))
    require(
        plus.shape == x.shape and minus.shape == x.shape,
        f"f must return an array shaped like x, {x.shape}, got {plus.shape}",
    )
    return (plus - minus) / (2.0 * h)


@float64_safe
def tangent(f, slope, x0, xs):
    """The tangent line of ``f`` at ``x0`` with the given slope, at ``xs``.

    x0, slope: numbers. xs: any shape. Returns f(x0) + slope * (xs - x0).
    """
    xs = as_array("xs", xs)
    slope = number("slope", slope)
    x0 = number("x0", x0)
    fx0 = as_array("f(x0)", f(x0))
    require(fx0.size == 1, f"f(x0) must be a single number, got shape {fx0.shape}")
    return float(fx0.reshape(())) + slope * (xs - x0)


@float64_safe
def two_valleys(x):
    """A 1-D example loss with two valleys: x**4 / 4 - x**2 + 0.3 x.

    x: any shape; returns an array of the same shape.
    """
    x = as_array("x", x)
    return x**4 / 4.0 - x**2 + 0.3 * x


@float64_safe
def two_valleys_grad(x):
    """The derivative x**3 - 2 x + 0.3 of :func:`two_valleys`, same shape as x."""
    x = as_array("x", x)
    return x**3 - 2.0 * x + 0.3


# ---------------------------------------------------------------------------
# Quadratic losses: 1-D parabola and the 2-D bowl


@float64_safe
def bowl_hessian(curvatures=(1.0, 10.0), angle_deg=30.0):
    """Hessian H = R diag(curvatures) R^T of a bowl rotated by ``angle_deg``.

    curvatures: (d,) with d = 2, all > 0. Returns H: (2, 2), symmetric.
    """
    c = as_array("curvatures", curvatures, ndim=1, shape_text="(2,)")
    require(c.shape == (2,), f"curvatures must have shape (2,), got {c.shape}")
    require(np.all(c > 0), f"curvatures must all be > 0, got {c.tolist()}")
    t = np.deg2rad(number("angle_deg", angle_deg))
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return R @ np.diag(c) @ R.T


def _check_quadratic(x, H):
    x = as_array("x", x)
    H = as_array("H", H, ndim=2, shape_text="(d, d)")
    d = H.shape[0]
    require(H.shape == (d, d), f"H must have shape (d, d), got {H.shape}")
    require(
        x.ndim >= 1 and x.shape[-1:] == (d,),
        f"x must have shape (..., d) with d = {d}, got {x.shape}",
    )
    return x, H


@float64_safe
def quadratic(x, H):
    """Loss 0.5 * x^T H x of a bowl with its minimum at 0.

    x: (d,), (n, d) or (..., d) for many points. H: (d, d). Returns x.shape[:-1].
    """
    x, H = _check_quadratic(x, H)
    return 0.5 * np.einsum("...i,ij,...j->...", x, H, x)


@float64_safe
def quadratic_grad(x, H):
    """Gradient H x of :func:`quadratic`. x: (d,) or (n, d); same shape out."""
    x, H = _check_quadratic(x, H)
    return x @ H.T


@float64_safe
def largest_curvature(H):
    """L: the largest eigenvalue of a symmetric Hessian H: (d, d)."""
    H = as_array("H", H, ndim=2, shape_text="(d, d)")
    require(H.shape[0] == H.shape[1], f"H must be square (d, d), got {H.shape}")
    require(np.allclose(H, H.T), "H must be symmetric")
    return float(np.linalg.eigvalsh(H)[-1])


@float64_safe
def contraction(lr, curvatures):
    """max_i |1 - lr * lambda_i|: how much one step shrinks (< 1) or
    grows (> 1) the distance to the minimum along the worst direction.

    lr: a number or an array of learning rates >= 0, shape (m,).
    curvatures: the Hessian's eigenvalues, (d,) with d >= 1. Returns
    lr's shape.
    """
    lam = as_array("curvatures", curvatures).reshape(-1)
    require(lam.size >= 1, "curvatures must hold at least one value, shape (d,)")
    lr = as_array("lr", lr)
    require(np.all(lr >= 0), "lr must hold learning rates >= 0")
    return np.max(np.abs(1.0 - lr[..., None] * lam), axis=-1)


@float64_safe
def parabola(x, L, center=1.0):
    """0.5 * L * (x - center)**2: a 1-D quadratic with curvature L.

    x: any shape; L > 0 and center: numbers. Returns x's shape.
    """
    x = as_array("x", x)
    L = number("the curvature L", L, lo=0, lo_open=True)
    center = number("center", center)
    return 0.5 * L * (x - center) ** 2


@float64_safe
def parabola_grad(x, L, center=1.0):
    """L * (x - center), the derivative of :func:`parabola`; x's shape."""
    x = as_array("x", x)
    L = number("the curvature L", L, lo=0, lo_open=True)
    center = number("center", center)
    return L * (x - center)


# ---------------------------------------------------------------------------
# What a run did, in words, and paths that are safe to draw


MINIMUM_PHRASE = "already at the minimum"


def regime(lr, L, path=None, steps=None, start_distance=None):
    """One phrase for what descent with ``lr`` > 0 does on a quadratic with
    largest curvature ``L`` > 0, judged by the factor 1 - lr * L.

    With ``path`` and ``steps`` from :func:`run`, a run that stopped
    early is reported as 'diverged at step k'. With ``start_distance``
    (the distance from the start to the minimum, >= 0) equal to 0 the
    phrase is 'already at the minimum': no step moves the point.
    """
    lr = number("lr", lr, lo=0, lo_open=True)
    L = number("the curvature L", L, lo=0, lo_open=True)
    if start_distance is not None:
        start_distance = number("start_distance", start_distance, lo=0)
        if start_distance == 0:
            return MINIMUM_PHRASE
    if path is not None and steps is not None:
        k = diverged_at(path, steps)
        if k is not None:
            return f"diverged at step {k}"
    with float64_guard("regime"):
        ratio = np.float64(lr) * np.float64(L)
    if abs(ratio - 2.0) < 1e-9:
        return "oscillates without shrinking (lr = 2/L)"
    if ratio > 2.0:
        return "oscillates and grows"
    if abs(ratio - 1.0) < 1e-9:
        return "converges in one step (lr = 1/L)"
    if ratio > 1.0:
        return "converges, oscillating"
    return "converges"


AT_MINIMUM = 1e-9
"""A start closer than this to the minimum counts as on it (a slider's
value can be off the grid by a rounding error)."""


def describe(lr, L, path, steps, start_distance):
    """The words an explorer shows for a run of :func:`run`.

    Same as :func:`regime`, except for a start (almost) at the minimum,
    ``start_distance`` < ``AT_MINIMUM``: there no step moves the point, so
    the label says so and adds, on a second line, what lr would do from
    anywhere else.
    """
    start_distance = number("start_distance", start_distance, lo=0)
    status = regime(lr, L, path, steps)
    if start_distance < AT_MINIMUM:
        return f"{MINIMUM_PHRASE}\n(from elsewhere: {status})"
    return status


def clip_for_drawing(values, lo, hi):
    """``values`` clipped into [lo, hi] so a diverging path stays on the axes.

    Any shape; non-finite entries are sent to the nearest bound (NaN to
    hi). lo < hi: finite numbers.
    """
    values = as_array("values", values, finite=False)
    lo = number("lo", lo)
    hi = number("hi", hi)
    require(lo < hi, f"need lo < hi, got lo = {lo:g} and hi = {hi:g}")
    return np.clip(np.nan_to_num(values, nan=hi, posinf=hi, neginf=lo), lo, hi)
