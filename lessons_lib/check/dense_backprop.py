"""Checks for notebook 03 (dense layer and backprop): exercises 3.1 to 3.4."""

import numpy as np

from lessons_lib import dense
from lessons_lib.activations import relu, relu_grad
from lessons_lib.check._core import (
    Wrong,
    as_numbers,
    call,
    exercise,
    expect_array,
    expect_choice,
    expect_number,
    function,
    one_number,
)
from lessons_lib.losses import cross_entropy, softmax

__all__ = ["dense_loss_by_hand", "dense_backward", "dense_relu_backward",
           "dense_batch_copies", "LOSS_P", "LOSS_Y"]

LOSS_P = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]])
"""Exercise 3.1: probabilities P: (2, 3) of a batch of two."""
LOSS_Y = np.array([0, 2])
"""Exercise 3.1: the true classes, (2,)."""


@exercise("3.1", "cross-entropy by hand")
def dense_loss_by_hand(loss):
    """Mean cross-entropy of LOSS_P for classes LOSS_Y (natural log)."""
    value = one_number("loss", loss)
    expected = cross_entropy(LOSS_P, LOSS_Y)
    picked = LOSS_P[np.arange(2), LOSS_Y]
    if abs(value - 2 * expected) < 6e-4:
        raise Wrong("that is the sum over the batch. Hint: divide by B = 2.")
    if abs(value + expected) < 6e-4:
        raise Wrong("the sign is flipped. Hint: the loss is minus the mean log.")
    if abs(value + np.log10(picked).mean()) < 6e-4:
        raise Wrong("that uses log base 10. Hint: use the natural log, ln.")
    expect_number(
        "loss", value, expected,
        "take -ln of the probability of the true class in each row "
        "(0.7 and 0.3), then average.",
    )


def _backward_cases():
    rng = np.random.default_rng(3)
    B, d_in, K = 3, 4, 2
    X = rng.normal(size=(B, d_in))
    W = rng.normal(size=(K, d_in))
    P = softmax(dense.forward(X, W, rng.normal(size=K)))
    Y = np.eye(K)[[0, 1, 1]]
    lesson_X = np.array([[1.0, 2.0], [0.0, 1.0]])
    lesson_W = np.array([[0.10, -0.20], [0.05, 0.10]])
    lesson_P = softmax(dense.forward(lesson_X, lesson_W, np.zeros(2)))
    return [(P, Y, X, W), (lesson_P, np.eye(2), lesson_X, lesson_W)]


@exercise("3.2", "dense backward")
def dense_backward(fn):
    """fn(P, Y, X, W) must return (dX, dW, db) for softmax + cross-entropy.

    P, Y: (B, K), X: (B, d_in), W: (K, d_in); the loss is the batch mean.
    """
    function(fn)
    hint = ("dZ = (P - Y) / B, then dW = dZ.T @ X, db = dZ summed over "
            "the batch axis, dX = dZ @ W.")
    for P, Y, X, W in _backward_cases():
        result = call(fn, P, Y, X, W)
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise Wrong("return the three arrays as a tuple (dX, dW, db).")
        B = X.shape[0]
        dX, dW, db = dense.backward((P - Y) / B, X, W)
        got_dX, got_dW, got_db = result
        expect_array("dW", got_dW, dW, hint, batch=B)
        expect_array("db", got_db, db, hint, batch=B)
        expect_array("dX", got_dX, dX, hint, batch=B)


@exercise("3.3", "ReLU backward")
def dense_relu_backward(fn):
    """fn(dH, Z1) must return dZ1 = dH * f'(Z1) for f = ReLU, f'(0) = 0."""
    function(fn)
    rng = np.random.default_rng(4)
    Z1 = rng.normal(size=(4, 3))
    Z1[0, 0] = 0.0
    dH = rng.normal(size=(4, 3))
    expected = dH * relu_grad(Z1)
    got = as_numbers("dZ1", call(fn, dH, Z1))
    hint = "dZ1 = dH * (Z1 > 0): pass the gradient where Z1 > 0, block it elsewhere."
    if got.shape == expected.shape:
        if np.allclose(got, dH):
            raise Wrong(f"that is dH unchanged: the ReLU's slope is missing. "
                        f"Hint: {hint}")
        if np.allclose(got, dH * relu(Z1)):
            raise Wrong(f"that multiplies by ReLU(Z1), not by its slope. "
                        f"Hint: {hint}")
        if np.allclose(got, dH * (dH > 0)):
            raise Wrong(f"the mask should come from Z1, not from dH. Hint: {hint}")
        if np.allclose(got, dH * (Z1 >= 0)):
            raise Wrong(f"at Z1 = 0 exactly, take the slope as 0. Hint: {hint}")
    expect_array("dZ1", got, expected, hint)


@exercise("3.4", "copies of the batch")
def dense_batch_copies(answer):
    """'doubles', 'same' or 'halves': dW when the batch is stacked twice."""
    expect_choice(
        "answer", answer,
        {"doubles": "the sum over rows doubles, but so does B.",
         "same": "",
         "halves": "dividing by 2B is offset by twice as many rows in the sum."},
        "same",
        "dW = dZ.T @ X sums over the rows, and each dZ row carries 1 / B.",
    )
