"""Checks for notebook 02 (chain rule): exercises 2.1 to 2.4."""

import numpy as np

from lessons_lib import chain_rule as cr
from lessons_lib.check._core import (
    Wrong,
    as_numbers,
    call,
    exercise,
    expect_array,
    expect_choice,
    expect_number,
    function,
    near,
    one_number,
)

__all__ = ["chain_by_hand", "chain_derivative", "chain_tanh_backward",
           "chain_zero_local"]

HAND_STAGES = (
    cr.Stage("u", "3 x + 1", lambda x: 3.0 * x + 1.0, lambda x: 3.0 + 0.0 * x),
    cr.Stage("y", "u**2", np.square, lambda u: 2.0 * u),
)
"""Exercise 2.1: y = (3 x + 1)**2."""
HAND_X = 1.0


@exercise("2.1", "chain rule by hand")
def chain_by_hand(dydx):
    """dy/dx of y = (3 x + 1)**2 at x = 1."""
    value = one_number("dydx", dydx)
    inner, outer = (float(d) for d in cr.local_derivatives(HAND_X, HAND_STAGES))
    if near(value, outer):
        raise Wrong(
            "that is only the outer derivative dy/du. Hint: multiply by the "
            "inner one, du/dx = 3."
        )
    if near(value, float(cr.composite(HAND_X, HAND_STAGES))):
        raise Wrong("that is y itself, not its slope. Hint: dy/dx = dy/du * du/dx.")
    expect_number(
        "dydx", value, inner * outer,
        "u = 3 x + 1 = 4 at x = 1; dy/du = 2 u and du/dx = 3.",
    )


def _without(x, factor):
    """exp(sin(x**2)) * cos(x**2) * 2 x with one factor left out."""
    u = x**2
    parts = {"exp": np.exp(np.sin(u)), "cos": np.cos(u), "2x": 2.0 * x}
    parts.pop(factor)
    return np.prod(list(parts.values()), axis=0)


@exercise("2.2", "derivative of exp(sin(x**2))")
def chain_derivative(fn):
    """fn(x) must return dy/dx of y = exp(sin(x**2)) for a number x."""
    function(fn)
    points = np.array([0.3, 1.0, -1.7, 2.5])
    got = np.array([
        float(as_numbers("dydx", call(fn, float(x))).reshape(-1)[0])
        for x in points
    ])
    expected = cr.derivative(points)
    if not np.allclose(got, expected, rtol=1e-6, atol=1e-9):
        missing = {
            "2x": "the inner factor 2 x (from u = x**2) is missing",
            "cos": "the middle factor cos(u) (from v = sin(u)) is missing",
            "exp": "the outer factor exp(v) (from y = exp(v)) is missing",
        }
        for factor, message in missing.items():
            if np.allclose(got, _without(points, factor), rtol=1e-6):
                raise Wrong(f"{message}. Hint: multiply all three local derivatives.")
    expect_array(
        "dydx at x = 0.3, 1.0, -1.7, 2.5", got, expected,
        "dy/dx = exp(sin(x**2)) * cos(x**2) * 2 x.",
    )


TANH_X = np.array([0.5, -1.0, 2.0])
TANH_W = np.array([[0.3, -0.2, 0.1], [0.4, 0.5, -0.3]])
TANH_B = np.array([0.1, -0.2])
TANH_DY = np.array([1.0, -2.0])


@exercise("2.3", "backward through y = tanh(W x + b)")
def chain_tanh_backward(fn):
    """fn(x, W, b, dy) must return dL/dx = J^T dy, shape (d_in,)."""
    function(fn)
    cases = [
        (TANH_X[:2], TANH_W[:, :2].T @ TANH_W[:, :2], TANH_B, TANH_DY),
        (TANH_X, TANH_W, TANH_B, TANH_DY),
    ]
    hint = "J = (1 - y**2)[:, None] * W has shape (d_out, d_in); dx = J.T @ dy."
    for x, W, b, dy in cases:
        got = as_numbers("dx", call(fn, x, W, b, dy))
        J = cr.tanh_layer_jacobian(x, W, b)
        expected = cr.vector_backward(J, dy)
        if got.shape == expected.shape and np.allclose(got, W.T @ dy):
            raise Wrong(
                "the tanh derivative 1 - y**2 is missing. Hint: " + hint
            )
        square = J.shape[0] == J.shape[1]
        if square and got.shape == expected.shape and np.allclose(got, J @ dy):
            raise Wrong("you used J instead of J^T. Hint: " + hint)
        expect_array("dx", got, expected, hint)


ZERO_LOCAL = {
    "a": "(a) is right.",
    "b": "(b) says the zero factor is skipped; but a product with a zero "
         "factor is zero.",
    "c": "(c) says it is undefined; every local derivative is an ordinary "
         "number there.",
    "d": "(d) says it is 1; nothing makes it 1.",
}


@exercise("2.4", "a flat stage in the chain")
def chain_zero_local(prediction):
    """Which of a-d is dy/dx where one local derivative is zero."""
    expect_choice(
        "your prediction", prediction, ZERO_LOCAL, "a",
        "dy/dx is the product of all local derivatives.",
    )
