"""Exercise checks of notebooks 03 and 04: right, stub and typical mistakes."""

import numpy as np
import pytest

from lessons_lib import check
from lessons_lib import worked_example as we


def outcome(capsys, check_fn, answer):
    assert check_fn(answer) is None
    return check_fn.passed, capsys.readouterr().out


def assert_says(capsys, check_fn, answer, passed, *words):
    result, out = outcome(capsys, check_fn, answer)
    assert result is passed, out
    for word in words:
        assert word in out, out


# ------------------------------------------------------------------ 3.1

def test_3_1_loss_by_hand(capsys):
    right = -(np.log(0.7) + np.log(0.3)) / 2
    assert_says(capsys, check.dense_loss_by_hand, round(right, 4), True, "passed")
    assert_says(capsys, check.dense_loss_by_hand, None, None, "not answered")
    assert_says(capsys, check.dense_loss_by_hand, 2 * right, False, "sum over")
    assert_says(capsys, check.dense_loss_by_hand, -right, False, "sign")
    log10 = -(np.log10(0.7) + np.log10(0.3)) / 2
    assert_says(capsys, check.dense_loss_by_hand, log10, False, "base 10")
    assert_says(capsys, check.dense_loss_by_hand, 0.5, False, "4 decimals")
    assert_says(capsys, check.dense_loss_by_hand, "abc", False, "number")
    assert_says(capsys, check.dense_loss_by_hand, [0.7, 0.3], False, "one number")


# ------------------------------------------------------------------ 3.2

def backward_solution(P, Y, X, W):
    dZ = (P - Y) / X.shape[0]
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)


def backward_variant(kind):
    def fn(P, Y, X, W):
        B = X.shape[0]
        dZ = {"no_mean": P - Y, "double_mean": (P - Y) / B / B,
              "sign": (Y - P) / B}.get(kind, (P - Y) / B)
        dX, dW, db = dZ @ W, dZ.T @ X, dZ.sum(axis=0)
        if kind == "db_not_summed":
            db = dZ
        if kind == "transposed":
            dW = X.T @ dZ
        return dX, dW, db
    return fn


@pytest.mark.parametrize("kind, words", [
    ("no_mean", ["B = 3 times too large"]),
    ("double_mean", ["B = 3 times too small"]),
    ("db_not_summed", ["db has shape (3, 2)", "sum over the batch"]),
    ("transposed", ["dW has shape (4, 2)", "transposed"]),
    ("sign", ["wrong sign"]),
])
def test_3_2_dense_backward_names_the_mistake(capsys, kind, words):
    assert_says(capsys, check.dense_backward, backward_variant(kind), False, *words)


def test_3_2_dense_backward_right_stub_and_broken(capsys):
    assert_says(capsys, check.dense_backward, backward_solution, True, "passed")
    assert_says(capsys, check.dense_backward, backward_variant("none"), True)
    assert_says(capsys, check.dense_backward, lambda P, Y, X, W: None, None,
                "not answered")
    assert_says(capsys, check.dense_backward, None, None, "not answered")
    assert_says(capsys, check.dense_backward, lambda P, Y, X, W: 1 / 0, False,
                "ZeroDivisionError")
    assert_says(capsys, check.dense_backward, lambda P, Y, X, W: (P, Y), False,
                "tuple (dX, dW, db)")
    assert_says(capsys, check.dense_backward, 3, False, "should be a function")


def test_3_2_a_function_that_never_returns_is_stopped(capsys):
    def forever(P, Y, X, W):
        while True:
            pass

    assert_says(capsys, check.dense_backward, forever, False, "more than 2 s")


# ------------------------------------------------------------------ 3.3

@pytest.mark.parametrize("fn, passed, words", [
    (lambda dH, Z1: dH * (Z1 > 0), True, ["passed"]),
    (lambda dH, Z1: dH, False, ["slope is missing"]),
    (lambda dH, Z1: dH * np.maximum(Z1, 0), False, ["ReLU(Z1)"]),
    (lambda dH, Z1: dH * (dH > 0), False, ["from Z1, not from dH"]),
    (lambda dH, Z1: dH * (Z1 >= 0), False, ["Z1 = 0 exactly"]),
    (lambda dH, Z1: -dH * (Z1 > 0), False, ["wrong sign"]),
    (lambda dH, Z1: (dH * (Z1 > 0)).T, False, ["transposed"]),
    (lambda dH, Z1: None, None, ["not answered"]),
])
def test_3_3_relu_backward(capsys, fn, passed, words):
    assert_says(capsys, check.dense_relu_backward, fn, passed, *words)


# ------------------------------------------------------------------ 3.4

def test_3_4_batch_copies(capsys):
    assert_says(capsys, check.dense_batch_copies, "same", True, "passed")
    assert_says(capsys, check.dense_batch_copies, " Same ", True)
    assert_says(capsys, check.dense_batch_copies, "doubles", False, "so does B")
    assert_says(capsys, check.dense_batch_copies, "halves", False, "offset")
    assert_says(capsys, check.dense_batch_copies, "maybe", False, "one of")
    assert_says(capsys, check.dense_batch_copies, ..., None, "not answered")


# ------------------------------------------------------------------ 4.1 - 4.4

def test_4_1_worked_loss(capsys):
    assert_says(capsys, check.worked_loss, 0.6333, True, "passed")
    assert_says(capsys, check.worked_loss, 0.3306, False, "printed in the text")
    assert_says(capsys, check.worked_loss, 1.2667, False, "sum over the batch")
    assert_says(capsys, check.worked_loss, 0.7799, False, "natural log")
    assert_says(capsys, check.worked_loss, None, None, "not answered")


def test_4_2_worked_logits(capsys):
    s = we.setup()
    right = [[-0.30, 0.25], [-0.20, 0.10]]
    assert_says(capsys, check.worked_logits, right, True, "passed")
    assert_says(capsys, check.worked_logits, s["X"] @ s["W"], False, "X W")
    assert_says(capsys, check.worked_logits, np.transpose(right), False,
                "transposed")
    assert_says(capsys, check.worked_logits, [-0.3, 0.25], False, "shape")
    assert_says(capsys, check.worked_logits, None, None, "not answered")


def bn_solution(dy, x_hat, gamma, s):
    return gamma / s * (dy - dy.mean(0) - x_hat * (dy * x_hat).mean(0))


@pytest.mark.parametrize("fn, passed, words", [
    (bn_solution, True, ["passed"]),
    (lambda dy, x_hat, gamma, s: bn_solution(gamma * dy, x_hat, gamma, s), False,
     ["gamma is counted twice"]),
    (lambda dy, x_hat, gamma, s: gamma / s * (dy - x_hat * (dy * x_hat).mean(0)),
     False, ["- mean(dy) is missing"]),
    (lambda dy, x_hat, gamma, s: gamma / s * (dy - dy.mean(0)), False,
     ["x_hat * mean(dy * x_hat) is missing"]),
    (lambda dy, x_hat, gamma, s: bn_solution(dy, x_hat, gamma, s) * s, False,
     ["division by s"]),
    (lambda dy, x_hat, gamma, s: -bn_solution(dy, x_hat, gamma, s), False,
     ["wrong sign"]),
    (lambda dy, x_hat, gamma, s: gamma / s * (dy - dy.mean(1, keepdims=True)),
     False, ["wrong values"]),
    (lambda dy, x_hat, gamma, s: None, None, ["not answered"]),
    (lambda dy, x_hat, gamma, s: [][1], False, ["IndexError"]),
])
def test_4_3_batch_norm_dx(capsys, fn, passed, words):
    assert_says(capsys, check.worked_bn_dx, fn, passed, *words)


def test_4_4_batch_norm_loss(capsys):
    assert_says(capsys, check.worked_bn_loss, 6, True, "passed")
    assert_says(capsys, check.worked_bn_loss, 4.0, False, "three")
    assert_says(capsys, check.worked_bn_loss, 12.0, False, "gamma**2 * N")
    assert_says(capsys, check.worked_bn_loss, None, None, "not answered")


def test_every_exercise_is_registered():
    for key in ("3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4"):
        assert key in check.REGISTRY
