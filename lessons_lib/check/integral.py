"""Checks for notebook 06 (the integral view and L2 regularization)."""

import numpy as np

from lessons_lib import regularization
from lessons_lib.check._core import (
    Wrong,
    as_numbers,
    call,
    exercise,
    expect_array,
    expect_choice,
    function,
    near,
    one_number,
)

__all__ = ["l2_penalty_by_hand", "l2_grad_rule", "PENALTY_W", "PENALTY_LAM",
           "mc_spread_ratio", "l2_lambda_prediction"]

PENALTY_W = np.array([[0.5, -1.0], [2.0, 0.0]])
PENALTY_LAM = 0.01
"""The weights and lam of exercise 6.1 (the notebook prints them)."""


@exercise("6.1", "an L2 penalty by hand")
def l2_penalty_by_hand(value):
    """lam * sum(W**2) for PENALTY_W and PENALTY_LAM."""
    got = one_number("the penalty", value)
    W, lam = PENALTY_W, PENALTY_LAM
    hint = "square every entry of W, add the squares, multiply by lam."
    mistakes = [
        (lam * W.sum(), "the entries must be squared before adding."),
        (lam * np.abs(W).sum(), "the entries must be squared, not taken as |w|."),
        (lam * np.linalg.norm(W), "that is lam times the norm; the penalty "
                                  "uses the squared norm."),
        ((W**2).sum(), "you forgot to multiply by lam."),
        (2 * lam * (W**2).sum(), "the factor 2 belongs to the gradient, "
                                 "not the penalty."),
    ]
    if near(got, regularization.l2_penalty(W, lam)):
        return
    for wrong, why in mistakes:
        if near(got, wrong):
            raise Wrong(f"{why} Hint: {hint}")
    raise Wrong(f"the penalty is not right to 4 decimals. Hint: {hint}")


@exercise("6.2", "the gradient of the L2 penalty")
def l2_grad_rule(fn):
    """``fn(W, lam)`` must return 2 * lam * W, shaped like W."""
    function(fn)
    hint = "d/dw of lam * w**2 is 2 * lam * w, for every entry of W."
    rng = np.random.default_rng(6)
    cases = [(PENALTY_W, PENALTY_LAM), (rng.standard_normal((3, 4)), 0.5),
             (rng.standard_normal((2, 5)), 0.0)]
    for W, lam in cases:
        got = as_numbers("l2_grad(W, lam)", call(fn, W, lam))
        expected = regularization.l2_grad(W, lam)
        if got.shape == W.shape and lam > 0:
            if np.allclose(got, lam * W):
                raise Wrong("the factor 2 from the square is missing. Hint: " + hint)
            if np.allclose(got, lam * W**2):
                raise Wrong("that is the penalty per entry, not its slope. "
                            "Hint: " + hint)
        if got.size == 1 and W.size > 1:
            raise Wrong(
                f"the gradient has one entry per weight: shape {W.shape}, "
                f"not one number. Hint: {hint}"
            )
        expect_array("l2_grad(W, lam)", got, expected, hint)


@exercise("6.3", "how the spread shrinks")
def mc_spread_ratio(value):
    """spread at B = 64 divided by spread at B = 16: 1 / sqrt(4) = 0.5."""
    got = one_number("the ratio", value)
    hint = "the spread is sigma / sqrt(B), and B grows 4 times."
    if near(got, 0.5):
        return
    if near(got, 0.25):
        raise Wrong("the spread follows 1 / sqrt(B), not 1 / B. Hint: " + hint)
    if near(got, 2.0) or near(got, 4.0):
        raise Wrong("a bigger batch makes the spread smaller, so the ratio is "
                    "below 1. Hint: " + hint)
    raise Wrong(f"not the ratio. Hint: {hint}")


LAMBDA_OPTIONS = {
    "a": "a larger penalty never helps the test error on this model.",
    "b": "a larger penalty keeps pulling the weights toward 0, and at some "
         "point the curve is too flat to follow the data.",
    "c": "right.",
}


@exercise("6.4", "predict the lambda slider")
def l2_lambda_prediction(answer):
    """'a' test error only rises, 'b' only falls, 'c' falls then rises."""
    expect_choice(
        "your prediction", answer, LAMBDA_OPTIONS, "c",
        "a tiny lam leaves the wild curve, a huge lam flattens it; the test "
        "error is lowest in between.",
    )
