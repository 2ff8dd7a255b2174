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
