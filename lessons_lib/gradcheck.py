"""Numerical gradients by centred differences, and how to compare them.

In float64 with h = 1e-5, a correct analytic gradient usually agrees
with the numerical one to a relative error near 1e-10 to 1e-8; above
1e-6 something is wrong.
"""

import numpy as np

from lessons_lib._arrays import as_array, float64_safe, number, require

HUGE = 1e150
"""Past this magnitude, :func:`relative_error` rescales before squaring."""


def _single_number(value):
    """f's value as a float, or a ValueError naming the shape it had."""
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raw = np.asarray(None)
    if raw.dtype.kind not in "biuf":
        raise ValueError(f"f must return a single real number, got {value!r}")
    if raw.size != 1:
        raise ValueError(f"f must return a single number, got shape {raw.shape}")
    return float(raw.reshape(()))


@float64_safe
def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of a scalar function ``f`` at ``x``.

    x: any shape (float64). f(x) must return a single number. Returns an
    array of the same shape with (f(x + h e_i) - f(x - h e_i)) / (2 h) in
    place i. h: a number > 0.
    """
    h = number("h", h, lo=0, lo_open=True)
    require(callable(f), f"f must be a function of x, got {f!r}")
    x = as_array("x", x).copy()
    grad = np.zeros_like(x)
    flat_x = x.reshape(-1)
    flat_grad = grad.reshape(-1)
    for i in range(flat_x.size):
        saved = flat_x[i]
        require(
            saved + h != saved - h,
            f"h = {h:g} is lost in x element {i} = {saved:g}: float64 cannot "
            "tell x + h from x - h there; use a larger h",
        )
        flat_x[i] = saved + h
        f_plus = _single_number(f(x))
        flat_x[i] = saved - h
        f_minus = _single_number(f(x))
        flat_x[i] = saved
        require(
            np.isfinite(f_plus) and np.isfinite(f_minus),
            f"f returned a value that is not finite (NaN or inf) near x element {i}",
        )
        flat_grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def _check_pair(a, b):
    a = as_array("a", a)
    b = as_array("b", b)
    require(
        a.shape == b.shape,
        f"a and b must have the same shape, got {a.shape} and {b.shape}",
    )
    return a, b


@float64_safe
def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), 0 when both are zero.

    a, b: finite arrays of the same shape. Norms over all elements, so
    one tiny entry cannot dominate. Huge values are rescaled first, so
    the ratio stays exact instead of overflowing.
    """
    a, b = _check_pair(a, b)
    top = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0))
    if top > HUGE:
        a, b = a / top, b / top
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if scale == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)


def _not_finite(array):
    words = []
    if np.any(np.isnan(array)):
        words.append("NaN")
    if np.any(np.isinf(array)):
        words.append("inf")
    return " and ".join(words)


def compare(name, analytic, numeric, tol=1e-7):
    """One line a learner can read: exact / close / max difference.

    analytic, numeric: arrays of the same shape. Returns the line;
    ``close`` means relative error below ``tol``. A gradient holding NaN
    or inf gives a line saying so (e.g. "dW: the analytic gradient
    contains NaN") instead of an error.
    """
    require(isinstance(name, str), f"name must be text, got {name!r}")
    tol = number("tol", tol, lo=0, lo_open=True)
    analytic = as_array(f"{name} (analytic)", analytic, finite=False)
    numeric = as_array(f"{name} (numerical)", numeric, finite=False)
    problems = [
        f"the {which} gradient contains {bad}"
        for which, array in (("analytic", analytic), ("numerical", numeric))
        if (bad := _not_finite(array))
    ]
    if problems:
        return f"{name}: " + "; ".join(problems)
    require(
        analytic.shape == numeric.shape,
        f"{name}: the analytic gradient has shape {analytic.shape} but the "
        f"numerical one has shape {numeric.shape}; they must match",
    )
    exact = bool(np.array_equal(analytic, numeric))
    rel = relative_error(analytic, numeric)
    close = rel < tol
    with np.errstate(over="ignore"):
        max_diff = float(np.max(np.abs(analytic - numeric), initial=0.0))
    return (
        f"{name:<8} exact: {exact!s:<5} close: {close!s:<5} "
        f"relative error {order_of(rel)}, max difference {order_of(max_diff)}"
    )


def order_of(value):
    """'below 1e-k' for the smallest such k, so printed checks do not
    change with the last bits of floating point: 3.2e-11 -> 'below 1e-10'.

    value: a number >= 0 (an error or a distance). 0 -> '0', NaN -> 'NaN',
    inf -> 'inf' (larger than float64 holds); a negative value raises a
    ``ValueError``.
    """
    if isinstance(value, float | np.floating) and np.isnan(value):
        return "NaN"
    value = number("value", value, lo=0, finite=False)
    if value == 0:
        return "0"
    if np.isinf(value):
        return "inf"
    exponent = int(np.ceil(np.log10(value)))
    if exponent > 0:
        return f"about {value:.1e}"
    return f"below 1e{exponent}"
