"""Exercise checks of notebooks 01 and 02: right, stub and typical mistakes."""

import numpy as np
import pytest
from student_answers import loops, raises, stub

from lessons_lib import check


def assert_says(capsys, check_fn, answer, passed, *words):
    assert check_fn(answer) is None
    result = check_fn.passed
    out = capsys.readouterr().out
    assert result is passed, out
    assert out.count("\n") == 1, out
    for word in words:
        assert word in out, out


def test_ids_are_registered():
    for exercise_id in ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"):
        assert exercise_id in check.REGISTRY


# ------------------------------------------------------------------ 1.1

@pytest.mark.parametrize("answer, passed, words", [
    (2.2, True, ["passed"]),
    (2.20004, True, ["passed"]),
    (None, None, ["not answered"]),
    (3.8, False, ["uphill"]),
    (-5.0, False, ["not scaled"]),
    (2.6, False, ["4 (x - 1)"]),
    (-0.8, False, ["the step, not the new x"]),
    (2.0, False, ["4 decimals"]),
    ([2.2, 2.2], False, ["one number"]),
    ("x", False, ["number"]),
    ("2.2", False, ["not text: remove the quotes"]),
])
def test_1_1_one_step(capsys, answer, passed, words):
    assert_says(capsys, check.gd_one_step, answer, passed, "Exercise 1.1", *words)


# ------------------------------------------------------------------ 1.2

@pytest.mark.parametrize("fn, passed, words", [
    (lambda x, g, lr: x - lr * g, True, ["passed"]),
    (None, None, ["not answered"]),
    (stub, None, ["not answered"]),
    (lambda x, g, lr: x + lr * g, False, ["uphill"]),
    (lambda x, g, lr: x - g, False, ["lr is not used"]),
    (lambda x, g, lr: -lr * g, False, ["returned the step"]),
    (lambda x, g, lr: np.sum(x - lr * g), False, ["shape"]),
    (lambda x, g, lr: x - lr * g * 2, False, ["wrong values"]),
    (raises, False, ["RuntimeError"]),
    (3.0, False, ["should be a function"]),
])
def test_1_2_update_rule(capsys, fn, passed, words):
    assert_says(capsys, check.gd_update_rule, fn, passed, "Exercise 1.2", *words)


def exits(*args):
    import sys

    sys.exit()


def interrupted(*args):
    raise KeyboardInterrupt


@pytest.mark.parametrize("fn, words", [
    (exits, ["called sys.exit()"]),
    (interrupted, ["KeyboardInterrupt"]),
])
def test_1_2_a_function_that_stops_the_program_is_wrong(capsys, fn, words):
    assert_says(capsys, check.gd_update_rule, fn, False, "not yet", *words)


def test_1_2_a_loop_does_not_hang(capsys, short_limit):
    assert_says(capsys, check.gd_update_rule, loops, False, "never ends")


# ------------------------------------------------------------------ 1.3

@pytest.mark.parametrize("answer, passed, words", [
    (1 / 3, True, ["passed"]),
    (0.3333, True, ["passed"]),
    (None, None, ["not answered"]),
    (2.0, False, ["smallest eigenvalue"]),
    (0.4, False, ["largest diagonal entry"]),
    (1 / 6, False, ["1 / L"]),
    (0.5, False, ["4 decimals"]),
])
def test_1_3_critical_lr(capsys, answer, passed, words):
    assert_says(capsys, check.gd_critical_lr, answer, passed, "Exercise 1.3", *words)


# ------------------------------------------------------------------ 1.4

@pytest.mark.parametrize("answer, passed, words", [
    ("c", True, ["passed"]),
    (" C ", True, ["passed"]),
    (None, None, ["not answered"]),
    ("a", False, ["(a)", "|1 - lr * L|"]),
    ("b", False, ["exactly lr = 2/L"]),
    ("d", False, ["lr = 1/L"]),
    ("e", False, ["one of"]),
])
def test_1_4_past_critical(capsys, answer, passed, words):
    assert_says(capsys, check.gd_past_critical, answer, passed, "Exercise 1.4",
                *words)


# ------------------------------------------------------------------ 2.1

@pytest.mark.parametrize("answer, passed, words", [
    (24, True, ["passed"]),
    (None, None, ["not answered"]),
    (8.0, False, ["outer derivative"]),
    (16.0, False, ["y itself"]),
    (6.0, False, ["4 decimals"]),
])
def test_2_1_by_hand(capsys, answer, passed, words):
    assert_says(capsys, check.chain_by_hand, answer, passed, "Exercise 2.1", *words)


# ------------------------------------------------------------------ 2.2

def dydx(x):
    return np.exp(np.sin(x**2)) * np.cos(x**2) * 2 * x


@pytest.mark.parametrize("fn, passed, words", [
    (dydx, True, ["passed"]),
    (lambda x: np.array([dydx(x)]), True, ["passed"]),
    (None, None, ["not answered"]),
    (stub, None, ["not answered"]),
    (lambda x: np.exp(np.sin(x**2)) * np.cos(x**2), False, ["2 x"]),
    (lambda x: np.exp(np.sin(x**2)) * 2 * x, False, ["cos(u)"]),
    (lambda x: np.cos(x**2) * 2 * x, False, ["exp(v)"]),
    (lambda x: -dydx(x), False, ["sign"]),
    (lambda x: np.exp(np.sin(x**2)) * np.cos(x) * 2 * x, False, ["wrong values"]),
    (raises, False, ["RuntimeError"]),
])
def test_2_2_derivative(capsys, fn, passed, words):
    assert_says(capsys, check.chain_derivative, fn, passed, "Exercise 2.2", *words)


def test_2_2_a_loop_does_not_hang(capsys, short_limit):
    assert_says(capsys, check.chain_derivative, loops, False, "never ends")


# ------------------------------------------------------------------ 2.3

def backward(x, W, b, dy):
    y = np.tanh(W @ x + b)
    return W.T @ ((1 - y**2) * dy)


@pytest.mark.parametrize("fn, passed, words", [
    (backward, True, ["passed"]),
    (None, None, ["not answered"]),
    (stub, None, ["not answered"]),
    (lambda x, W, b, dy: W.T @ dy, False, ["1 - y**2 is missing"]),
    (lambda x, W, b, dy: ((1 - np.tanh(W @ x + b) ** 2)[:, None] * W) @ dy,
     False, ["J instead of J^T"]),
    (lambda x, W, b, dy: -backward(x, W, b, dy), False, ["sign"]),
    (lambda x, W, b, dy: backward(x, W, b, dy)[:1], False, ["shape"]),
    (raises, False, ["RuntimeError"]),
])
def test_2_3_tanh_backward(capsys, fn, passed, words):
    assert_says(capsys, check.chain_tanh_backward, fn, passed, "Exercise 2.3",
                *words)


def test_2_3_does_not_let_the_student_change_the_data(capsys):
    def in_place(x, W, b, dy):
        W *= 0.0
        return backward(x, W, b, dy)

    check.chain_tanh_backward(in_place)
    capsys.readouterr()
    assert_says(capsys, check.chain_tanh_backward, backward, True, "passed")


# ------------------------------------------------------------------ 2.4

@pytest.mark.parametrize("answer, passed, words", [
    ("a", True, ["passed"]),
    (None, None, ["not answered"]),
    ("b", False, ["product with a zero"]),
    ("c", False, ["undefined"]),
    ("d", False, ["(d)"]),
    (3, False, ["one of"]),
])
def test_2_4_zero_local(capsys, answer, passed, words):
    assert_says(capsys, check.chain_zero_local, answer, passed, "Exercise 2.4",
                *words)
