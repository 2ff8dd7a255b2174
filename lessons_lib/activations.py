"""Element-wise activations and their derivatives, for any array shape.

Each ``name_grad(z)`` is the derivative f'(z) at ``z``; multiply it
element-wise with the upstream gradient: ``dZ = dY * f_grad(Z)``.
All of them stay finite and silent for huge inputs such as z = -1000 or
z = 1e308; NaN, inf and non-numbers raise a ``ValueError``.
"""

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import erf, expit

from lessons_lib._arrays import as_array, float64_safe, number, require

SQRT_2 = np.sqrt(2.0)
SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)
LARGE = 1e6  # past this |z|, every curve here is flat to float64 precision


@float64_safe
def relu(z):
    """max(0, z)."""
    z = as_array("z", z)
    return np.maximum(z, 0.0)


@float64_safe
def relu_grad(z):
    """1 where z > 0, else 0 (the value at exactly 0 is taken as 0)."""
    z = as_array("z", z)
    return (z > 0).astype(np.float64)


@float64_safe
def sigmoid(z):
    """1 / (1 + exp(-z)), computed without overflow for any z."""
    z = as_array("z", z)
    return expit(z)


@float64_safe
def sigmoid_grad(z):
    """sigma(z) * (1 - sigma(z)); at most 1/4, reached at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)


@float64_safe
def tanh(z):
    """Hyperbolic tangent, values in (-1, 1)."""
    z = as_array("z", z)
    return np.tanh(z)


@float64_safe
def tanh_grad(z):
    """1 - tanh(z)**2; at most 1, reached at z = 0."""
    t = tanh(z)
    return 1.0 - t * t


def _normal_pdf(z):
    z = np.clip(z, -LARGE, LARGE)
    with np.errstate(under="ignore"):
        return np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)


def _normal_cdf(z):
    return 0.5 * (1.0 + erf(z / SQRT_2))


@float64_safe
def gelu(z):
    """Exact GELU: z * Phi(z), with Phi the standard normal CDF."""
    z = as_array("z", z)
    return z * _normal_cdf(z)


@float64_safe
def gelu_grad(z):
    """Derivative of the exact GELU: Phi(z) + z * phi(z)."""
    z = as_array("z", z)
    return _normal_cdf(z) + np.clip(z, -LARGE, LARGE) * _normal_pdf(z)


def _gelu_tanh_inner(z):
    zc = np.clip(z, -LARGE, LARGE)
    return SQRT_2_OVER_PI * (zc + 0.044715 * zc**3)


@float64_safe
def gelu_tanh(z):
    """The tanh approximation of GELU used by some models.

    0.5 z (1 + tanh(u)), u = sqrt(2/pi) (z + 0.044715 z**3).
    """
    z = as_array("z", z)
    u = _gelu_tanh_inner(z)
    return 0.5 * z * (1.0 + np.tanh(u))


@float64_safe
def gelu_tanh_grad(z):
    """Derivative of :func:`gelu_tanh` (of the approximation itself)."""
    z = as_array("z", z)
    t = np.tanh(_gelu_tanh_inner(z))
    zc = np.clip(z, -LARGE, LARGE)
    du = SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * zc**2)
    return 0.5 * (1.0 + t) + 0.5 * zc * (1.0 - t * t) * du


@float64_safe
def identity(z):
    """f(z) = z, the 'no activation' case."""
    return as_array("z", z).copy()


@float64_safe
def identity_grad(z):
    """f'(z) = 1."""
    return np.ones_like(as_array("z", z))


ACTIVATIONS = {
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "gelu": (gelu, gelu_grad),
    "identity": (identity, identity_grad),
}
"""Name -> (f, f') for every activation taught in lesson 05."""

GELU_TANH = (gelu_tanh, gelu_tanh_grad)
"""(f, f') of the tanh approximation of GELU, kept apart from
:data:`ACTIVATIONS` so that the approximation is never mistaken for GELU."""


def get(name):
    """(f, f') for a name in :data:`ACTIVATIONS` or ``"gelu_tanh"``."""
    require(
        isinstance(name, str),
        f"name must be an activation name (text), got {name!r}",
    )
    if name == "gelu_tanh":
        return GELU_TANH
    require(
        name in ACTIVATIONS,
        f"unknown activation {name!r}; choose from "
        f"{sorted([*ACTIVATIONS, 'gelu_tanh'])}",
    )
    return ACTIVATIONS[name]


@float64_safe
def max_slope(name, lo=-10.0, hi=10.0, points=2001):
    """Where f' is largest on [lo, hi], and its value there: (z, f'(z)).

    A grid of ``points`` values finds the best neighbourhood, then a
    bounded search refines it to about 1e-8 in z. For ReLU, whose slope
    is 1 everywhere right of 0, the z returned is just one such point.
    Sigmoid: (0, 0.25); tanh: (0, 1); GELU: (sqrt(2), about 1.1289).
    """
    _, f_grad = get(name)
    lo = number("lo", lo)
    hi = number("hi", hi)
    require(lo < hi, f"need lo < hi, got lo = {lo:g} and hi = {hi:g}")
    points = number("points", points, lo=3, hi=10**7, whole=True)
    z = np.linspace(lo, hi, points)
    slopes = f_grad(z)
    i = int(np.argmax(slopes))
    left, right = z[max(i - 1, 0)], z[min(i + 1, points - 1)]
    found = minimize_scalar(
        lambda t: -float(f_grad(t)), bounds=(left, right), method="bounded",
        options={"xatol": 1e-10},
    )
    if -found.fun >= slopes[i]:
        return float(found.x), float(-found.fun)
    return float(z[i]), float(slopes[i])


@float64_safe
def slope_product_bound(name, depth):
    """(largest f')**depth: the most that ``depth`` activation slopes in a
    row can multiply a gradient by, before the weights act. For sigmoid
    this is 0.25**depth, so ten layers give at most about 1e-6."""
    depth = number("depth", depth, lo=0, whole=True)
    return max_slope(name)[1] ** depth
