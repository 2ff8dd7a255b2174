"""Checks for notebook 04 (the worked example): exercises 4.1 to 4.4."""

import numpy as np

from lessons_lib import batchnorm
from lessons_lib import worked_example as we
from lessons_lib.check._core import (
    Wrong,
    as_numbers,
    call,
    exercise,
    expect_array,
    expect_number,
    function,
    one_number,
)

__all__ = ["worked_loss", "worked_logits", "worked_bn_dx", "worked_bn_loss"]


@exercise("4.1", "the text's cross-entropy")
def worked_loss(loss):
    """Mean cross-entropy of the text's P (rows 0.5498 and 0.5125 true)."""
    value = one_number("loss", loss)
    expected = we.text_loss_from_printed()
    if abs(value - we.TEXT["loss"]) < 6e-5:
        raise Wrong("that is the number printed in the text, which is the one "
                    "in question. Hint: compute -(ln 0.5498 + ln 0.5125) / 2.")
    if abs(value - 2 * expected) < 6e-4:
        raise Wrong("that is the sum over the batch. Hint: divide by B = 2.")
    expect_number("loss", value, expected,
                  "-(ln 0.5498 + ln 0.5125) / 2, with the natural log.")


@exercise("4.2", "logits with Z = X W^T")
def worked_logits(Z):
    """Z: (2, 2) = X @ W.T + b for the section 5 numbers."""
    s = we.setup()
    expected = we.step(**s)["Z"]
    got = as_numbers("Z", Z)
    hint = "row i, column j of Z is row i of X dotted with row j of W."
    if got.shape == (2, 2) and np.allclose(got, s["X"] @ s["W"]):
        raise Wrong(f"that is X W, the product the text used. Hint: {hint}")
    expect_array("Z", got, expected, hint)


def _bn_cases():
    rng = np.random.default_rng(5)
    second = we.bn_second_setup()
    cases = []
    for x, gamma in ((second["x"], second["gamma"]),
                     (rng.normal(size=(5, 3)), np.array([0.5, 2.0, -1.5]))):
        _, (x_hat, _, s) = batchnorm.forward(x, gamma, np.zeros_like(gamma), 0.0)
        cases.append((rng.normal(size=x.shape), x_hat, gamma, s))
    return cases


@exercise("4.3", "batch-norm dx")
def worked_bn_dx(fn):
    """fn(dy, x_hat, gamma, s) must return dx: (N, D) through batch norm.

    dy, x_hat: (N, D); gamma, s: (D,).
    """
    function(fn)
    hint = ("dx = gamma / s * (dy - mean(dy) - x_hat * mean(dy * x_hat)), "
            "means over the batch axis (axis=0).")
    for dy, x_hat, gamma, s in _bn_cases():
        got = as_numbers("dx", call(fn, dy, x_hat, gamma, s))
        expected = we.bn_dx_second_form(dy, x_hat, gamma, s)
        if got.shape == expected.shape:
            twice = we.bn_dx_first_form(dy, x_hat, gamma, s)
            if np.allclose(got, twice):
                raise Wrong(f"gamma is counted twice (dL/dx_hat = gamma * dy "
                            f"already holds one). Hint: {hint}")
            if np.allclose(got, gamma / s * (dy - x_hat * (dy * x_hat).mean(0))):
                raise Wrong(f"the term - mean(dy) is missing. Hint: {hint}")
            if np.allclose(got, gamma / s * (dy - dy.mean(0))):
                raise Wrong(f"the term - x_hat * mean(dy * x_hat) is missing. "
                            f"Hint: {hint}")
            if np.allclose(got, expected * s):
                raise Wrong(f"the division by s is missing. Hint: {hint}")
        expect_array("dx", got, expected, hint)


@exercise("4.4", "batch-norm loss for another x")
def worked_bn_loss(loss):
    """The text's loss 0.5 * sum(y**2), gamma = 2, beta = 0, eps = 0, for
    x = [5, -7, 2] (three rows): always 0.5 * gamma**2 * N = 6."""
    value = one_number("loss", loss)
    x = np.array([[5.0], [-7.0], [2.0]])
    expected = we.bn_loss(x, np.array([2.0]), np.array([0.0]), 0.0,
                          np.zeros((3, 1)))
    if abs(value - 4.0) < 6e-5:
        raise Wrong("4 is the loss for the text's two rows; here there are "
                    "three. Hint: y has mean 0 and mean square gamma**2.")
    expect_number("loss", value, expected,
                  "with eps = 0, sum(x_hat**2) = N for any x, so "
                  "0.5 * sum(y**2) = 0.5 * gamma**2 * N.")
