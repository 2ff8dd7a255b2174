"""Batch normalization over the batch axis, forward and backward.

x: (N, D), one column per feature. For each column,
mu = mean(x), var = mean((x - mu)**2), s = sqrt(var + eps),
x_hat = (x - mu) / s and y = gamma * x_hat + beta.
"""

import numpy as np

from lessons_lib._arrays import as_array, float64_safe, number, require


@float64_safe
def forward(x, gamma, beta, eps=1e-5):
    """Normalize each column of ``x``; returns ``(y, cache)``.

    x: (N, D), gamma: (D,), beta: (D,) -> y: (N, D).
    With eps = 0 a column whose values are all equal has no spread to
    divide by, and a ``ValueError`` says which column.
    """
    x = as_array("x", x, ndim=2, shape_text="(N, D)")
    N, D = x.shape
    require(N > 0 and D > 0, f"x must have shape (N, D) with N, D >= 1, got {x.shape}")
    gamma = as_array("gamma", gamma, ndim=1, shape_text=f"(D,) = ({D},)")
    beta = as_array("beta", beta, ndim=1, shape_text=f"(D,) = ({D},)")
    require(gamma.shape == (D,), f"gamma must be (D,) = ({D},), got {gamma.shape}")
    require(beta.shape == (D,), f"beta must be (D,) = ({D},), got {beta.shape}")
    eps = number("eps", eps, lo=0)

    mu = x.mean(axis=0)
    centred = x - mu
    # s = sqrt(var + eps), with the deviations scaled to at most 1 first,
    # so squaring values such as 1e200 cannot overflow.
    scale = np.abs(centred).max(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    var_scaled = ((centred / scale) ** 2).mean(axis=0)
    s = scale * np.sqrt(var_scaled + eps / scale / scale)
    flat = np.flatnonzero(s == 0)
    require(
        flat.size == 0,
        f"column {flat[:1].tolist()} of x has zero variance and eps = 0: "
        "nothing to divide by; use eps > 0",
    )
    x_hat = centred / s
    y = gamma * x_hat + beta
    return y, (x_hat, gamma, s)


@float64_safe
def backward(dy, cache):
    """Gradients through :func:`forward`; returns ``(dx, dgamma, dbeta)``.

    dy: (N, D) -> dx: (N, D), dgamma: (D,), dbeta: (D,).
    dx = gamma / s * (dy - mean(dy) - x_hat * mean(dy * x_hat)),
    the means taken over the batch axis. Note gamma appears once: the
    form written with dL/dx_hat = gamma * dy already contains it.
    """
    require(
        isinstance(cache, tuple) and len(cache) == 3,
        "cache must be the (x_hat, gamma, s) tuple that forward returned",
    )
    x_hat, gamma, s = (as_array(n, v) for n, v in zip(
        ("cache x_hat", "cache gamma", "cache s"), cache, strict=True))
    dy = as_array("dy", dy, ndim=2, shape_text=f"(N, D) = {x_hat.shape}")
    require(dy.shape == x_hat.shape, f"dy must be {x_hat.shape}, got {dy.shape}")

    dbeta = dy.sum(axis=0)
    dgamma = (dy * x_hat).sum(axis=0)

    dx = gamma / s * (
        dy - dy.mean(axis=0) - x_hat * (dy * x_hat).mean(axis=0)
    )
    return dx, dgamma, dbeta
