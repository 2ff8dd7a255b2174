"""Numerical gradients by centred differences, and how to compare them.

In float64 with h = 1e-5, a correct analytic gradient usually agrees
with the numerical one to a relative error near 1e-10 to 1e-8; above
1e-6 something is wrong.
"""

import numpy as np

from lessons_lib._arrays import as_array, require


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of a scalar function ``f`` at ``x``.

    x: any shape (float64). Returns an array of the same shape with
    (f(x + h e_i) - f(x - h e_i)) / (2 h) in place i.
    """
    require(h > 0, f"h must be > 0, got {h}")
    x = as_array("x", x).copy()
    grad = np.zeros_like(x)
    flat_x = x.reshape(-1)
    flat_grad = grad.reshape(-1)
    for i in range(flat_x.size):
        saved = flat_x[i]
        flat_x[i] = saved + h
        f_plus = float(f(x))
        flat_x[i] = saved - h
        f_minus = float(f(x))
        flat_x[i] = saved
        flat_grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), 0 when both are zero.

    Norms over all elements, so one tiny entry cannot dominate.
    """
    a = as_array("a", a)
    b = as_array("b", b)
    require(a.shape == b.shape, f"a and b must match, got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if scale == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)


def compare(name, analytic, numeric, tol=1e-7):
    """One line a learner can read: exact / close / max difference.

    Returns the line; ``close`` means relative error below ``tol``.
    """
    analytic = as_array(name, analytic)
    numeric = as_array(name, numeric)
    exact = bool(np.array_equal(analytic, numeric))
    rel = relative_error(analytic, numeric)
    close = rel < tol
    max_diff = float(np.max(np.abs(analytic - numeric), initial=0.0))
    return (
        f"{name:<8} exact: {exact!s:<5} close: {close!s:<5} "
        f"relative error {order_of(rel)}, max difference {order_of(max_diff)}"
    )


def order_of(value):
    """'below 1e-k' for the smallest such k, so printed checks do not
    change with the last bits of floating point: 3.2e-11 -> 'below 1e-10'.
    """
    if value == 0:
        return "0"
    exponent = int(np.ceil(np.log10(value)))
    if exponent > 0:
        return f"about {value:.1e}"
    return f"below 1e{exponent}"
