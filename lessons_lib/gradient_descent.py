"""Gradient descent, the update rule x <- x - lr * grad(x).

Descent on a quadratic with largest curvature L (the largest eigenvalue
of its Hessian) converges for 0 < lr < 2 / L, oscillates without
shrinking at lr = 2 / L, and diverges beyond it.
"""

import numpy as np

from lessons_lib._arrays import as_array, require

DIVERGED = 1e6
"""An iterate farther than this from the start counts as diverged."""


def run(grad, x0, lr, steps, limit=DIVERGED):
    """Iterates x_0, x_1, ..., x_steps of gradient descent, as an array.

    grad: function of x returning an array shaped like x.
    x0: a number (result shape (k + 1,)) or a vector (result (k + 1, d)).
    lr: learning rate, > 0. steps: number of updates, >= 0.
    Stops early, after the first iterate farther than ``limit`` from x0
    or not finite, so nothing overflows; then k < steps.
    """
    x = as_array("x0", x0)
    require(x.ndim <= 1, f"x0 must be a number or a vector (d,), got {x.shape}")
    require(np.all(np.isfinite(x)), "x0 must be finite")
    require(np.isfinite(lr) and lr > 0, f"lr must be a number > 0, got {lr}")
    require(
        int(steps) == steps and steps >= 0,
        f"steps must be a whole number >= 0, got {steps}",
    )
    start = x.copy()
    path = [x.copy()]
    for _ in range(int(steps)):
        g = as_array("grad(x)", grad(x))
        require(g.shape == x.shape, f"grad(x) must have shape {x.shape}")
        x = x - lr * g
        path.append(x)
        if not np.all(np.isfinite(x)) or np.max(np.abs(x - start)) > limit:
            break
    return np.array(path)


def diverged_at(path, steps):
    """The step at which :func:`run` stopped early, or ``None``.

    path: the array :func:`run` returned for ``steps`` updates.
    """
    taken = len(path) - 1
    return taken if taken < steps else None


def critical_learning_rate(L):
    """2 / L: the learning rate where descent on a quadratic with
    largest curvature ``L`` > 0 stops converging."""
    require(L > 0, f"the curvature L must be > 0, got {L}")
    return 2.0 / L


# ---------------------------------------------------------------------------
# Derivatives and tangent lines


def derivative(f, x, h=1e-5):
    """Centred difference (f(x + h) - f(x - h)) / (2 h) of a scalar function.

    x: a number or an array of any shape (every element is its own point).
    Returns an array shaped like ``x``.
    """
    require(h > 0, f"h must be > 0, got {h}")
    x = as_array("x", x)
    return (as_array("f", f(x + h)) - as_array("f", f(x - h))) / (2.0 * h)


def tangent(f, slope, x0, xs):
    """The tangent line of ``f`` at ``x0`` with the given slope, at ``xs``.

    x0, slope: numbers. xs: any shape. Returns f(x0) + slope * (xs - x0).
    """
    xs = as_array("xs", xs)
    return float(f(x0)) + float(slope) * (xs - float(x0))


def two_valleys(x):
    """A 1-D example loss with two valleys: x**4 / 4 - x**2 + 0.3 x.

    x: any shape; returns an array of the same shape.
    """
    x = as_array("x", x)
    return x**4 / 4.0 - x**2 + 0.3 * x


def two_valleys_grad(x):
    """The derivative x**3 - 2 x + 0.3 of :func:`two_valleys`, same shape as x."""
    x = as_array("x", x)
    return x**3 - 2.0 * x + 0.3


# ---------------------------------------------------------------------------
# Quadratic losses: 1-D parabola and the 2-D bowl


def bowl_hessian(curvatures=(1.0, 10.0), angle_deg=30.0):
    """Hessian H = R diag(curvatures) R^T of a bowl rotated by ``angle_deg``.

    curvatures: (d,) with d = 2, all > 0. Returns H: (2, 2), symmetric.
    """
    c = as_array("curvatures", curvatures, ndim=1, shape_text="(2,)")
    require(c.shape == (2,), f"curvatures must have shape (2,), got {c.shape}")
    require(np.all(c > 0), "curvatures must all be > 0")
    t = np.deg2rad(angle_deg)
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return R @ np.diag(c) @ R.T


def _check_quadratic(x, H):
    x = as_array("x", x)
    H = as_array("H", H, ndim=2, shape_text="(d, d)")
    d = H.shape[0]
    require(H.shape == (d, d), f"H must have shape (d, d), got {H.shape}")
    require(
        x.shape[-1:] == (d,),
        f"x must have shape (d,) or (n, d) with d = {d}, got {x.shape}",
    )
    return x, H


def quadratic(x, H):
    """Loss 0.5 * x^T H x of a bowl with its minimum at 0.

    x: (d,) or (n, d) for n points. H: (d, d). Returns () or (n,).
    """
    x, H = _check_quadratic(x, H)
    return 0.5 * np.einsum("...i,ij,...j->...", x, H, x)


def quadratic_grad(x, H):
    """Gradient H x of :func:`quadratic`. x: (d,) or (n, d); same shape out."""
    x, H = _check_quadratic(x, H)
    return x @ H.T


def largest_curvature(H):
    """L: the largest eigenvalue of a symmetric Hessian H: (d, d)."""
    H = as_array("H", H, ndim=2, shape_text="(d, d)")
    require(H.shape[0] == H.shape[1], f"H must be square (d, d), got {H.shape}")
    require(np.allclose(H, H.T), "H must be symmetric")
    return float(np.linalg.eigvalsh(H)[-1])


def contraction(lr, curvatures):
    """max_i |1 - lr * lambda_i|: how much one step shrinks (< 1) or
    grows (> 1) the distance to the minimum along the worst direction.

    lr: a number or an array of learning rates, shape (m,).
    curvatures: the Hessian's eigenvalues, (d,). Returns lr's shape.
    """
    lam = as_array("curvatures", curvatures).reshape(-1)
    lr = as_array("lr", lr)
    return np.max(np.abs(1.0 - lr[..., None] * lam), axis=-1)


def parabola(x, L, center=1.0):
    """0.5 * L * (x - center)**2: a 1-D quadratic with curvature L.

    x: any shape; returns the same shape.
    """
    x = as_array("x", x)
    return 0.5 * L * (x - center) ** 2


def parabola_grad(x, L, center=1.0):
    """L * (x - center), the derivative of :func:`parabola`."""
    x = as_array("x", x)
    return L * (x - center)


# ---------------------------------------------------------------------------
# What a run did, in words, and paths that are safe to draw


def regime(lr, L, path=None, steps=None):
    """One phrase for what descent with ``lr`` does on a quadratic with
    largest curvature ``L``, judged by the factor 1 - lr * L.

    With ``path`` and ``steps`` from :func:`run`, a run that stopped
    early is reported as 'diverged at step k'.
    """
    require(L > 0, f"the curvature L must be > 0, got {L}")
    if path is not None and steps is not None:
        k = diverged_at(path, steps)
        if k is not None:
            return f"diverged at step {k}"
    ratio = lr * L
    if abs(ratio - 2.0) < 1e-9:
        return "oscillates without shrinking (lr = 2/L)"
    if ratio > 2.0:
        return "oscillates and grows"
    if abs(ratio - 1.0) < 1e-9:
        return "converges in one step (lr = 1/L)"
    if ratio > 1.0:
        return "converges, oscillating"
    return "converges"


def clip_for_drawing(values, lo, hi):
    """``values`` clipped into [lo, hi] so a diverging path stays on the axes.

    Any shape; non-finite entries are sent to the nearest bound.
    """
    values = as_array("values", values)
    return np.clip(np.nan_to_num(values, nan=hi, posinf=hi, neginf=lo), lo, hi)
