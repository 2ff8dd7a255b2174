"""Exercise checks of notebooks 05 and 06: right answers pass, stubs are
'not answered', typical mistakes get their own message, and a student
function that raises or never returns is reported, not raised."""

import numpy as np
import pytest
from student_answers import loops, raises, stub

from lessons_lib import activations as act
from lessons_lib import check


def assert_says(capsys, check_fn, answer, passed, *words):
    assert check_fn(answer) is None
    result = check_fn.passed
    out = capsys.readouterr().out
    assert result is passed, out
    for word in words:
        assert word in out, out


def test_checks_are_registered_and_exported():
    for eid in ["5.1", "5.2", "5.3", "5.4", "6.1", "6.2", "6.3", "6.4"]:
        assert eid in check.REGISTRY
    for name in ["act_sigmoid_grad", "act_max_slope", "act_merge_layers",
                 "act_depth_prediction", "l2_penalty_by_hand", "l2_grad_rule",
                 "mc_spread_ratio", "l2_lambda_prediction", "PENALTY_W"]:
        assert name in check.__all__


# ------------------------------------------------------------------ 5.1

def sigmoid_grad_solution(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


@pytest.mark.parametrize("fn, words", [
    (act.sigmoid, ["sigma(z) itself"]),
    (act.tanh_grad, ["slope of tanh"]),
    (lambda z: act.sigmoid(z) * (1 + act.sigmoid(z)), ["sign inside the bracket"]),
    (lambda z: 0.25 * np.ones(z.shape), ["wrong values"]),
    (lambda z: act.sigmoid_grad(z).ravel()[:1], ["shape"]),
])
def test_5_1_mistakes(capsys, fn, words):
    assert_says(capsys, check.act_sigmoid_grad, fn, False, *words)


def test_5_1_right_stub_and_broken(capsys, short_limit):
    assert_says(capsys, check.act_sigmoid_grad, sigmoid_grad_solution, True, "passed")
    assert_says(capsys, check.act_sigmoid_grad, act.sigmoid_grad, True, "passed")
    assert_says(capsys, check.act_sigmoid_grad, stub, None, "not answered")
    assert_says(capsys, check.act_sigmoid_grad, None, None, "not answered")
    assert_says(capsys, check.act_sigmoid_grad, raises, False, "RuntimeError")
    assert_says(capsys, check.act_sigmoid_grad, loops, False, "more than")
    assert_says(capsys, check.act_sigmoid_grad, 0.25, False, "should be a function")


# ------------------------------------------------------------------ 5.2

def test_5_2_max_slope(capsys):
    assert_says(capsys, check.act_max_slope, 0.25, True, "passed")
    assert_says(capsys, check.act_max_slope, 1 / 4, True, "passed")
    assert_says(capsys, check.act_max_slope, None, None, "not answered")
    assert_says(capsys, check.act_max_slope, 0.5, False, "value, not the slope")
    assert_says(capsys, check.act_max_slope, 1.0, False, "tanh")
    assert_says(capsys, check.act_max_slope, 0.2, False, "not the largest slope")
    assert_says(capsys, check.act_max_slope, [0.25, 0.25], False, "one number")
    assert_says(capsys, check.act_max_slope, "a quarter", False, "number")


# ------------------------------------------------------------------ 5.3

@pytest.mark.parametrize("fn, words", [
    (lambda W1, b1, W2, b2: (W1 @ W2, W2 @ b1 + b2), ["order of the product"]),
    (lambda W1, b1, W2, b2: (W2 @ W1, b2), ["misses the first bias"]),
    (lambda W1, b1, W2, b2: (W2 @ W1, b1 + b2), ["pass through W2"]),
    (lambda W1, b1, W2, b2: (W2 @ W1,), ["two things"]),
    (lambda W1, b1, W2, b2: (W2 @ W1, W2 @ b1 - b2), ["wrong values"]),
])
def test_5_3_mistakes(capsys, fn, words):
    assert_says(capsys, check.act_merge_layers, fn, False, *words)


def test_5_3_transposed_shape_is_named(capsys):
    def transposed(W1, b1, W2, b2):
        return (W2 @ W1).T, W2 @ b1 + b2

    # the square case passes through the value check first: transposed there
    assert_says(capsys, check.act_merge_layers, transposed, False, "transposed")


def test_5_3_right_stub_and_broken(capsys, short_limit):
    def merge(W1, b1, W2, b2):
        return W2 @ W1, W2 @ b1 + b2

    assert_says(capsys, check.act_merge_layers, merge, True, "passed")
    assert_says(capsys, check.act_merge_layers, stub, None, "not answered")
    assert_says(capsys, check.act_merge_layers,
                lambda *a: (None, None), None, "not answered")
    assert_says(capsys, check.act_merge_layers, raises, False, "RuntimeError")
    assert_says(capsys, check.act_merge_layers, loops, False, "more than")


# ------------------------------------------------------------------ 5.4

def test_5_4_prediction(capsys):
    assert_says(capsys, check.act_depth_prediction, "c", True, "passed")
    assert_says(capsys, check.act_depth_prediction, " C ", True, "passed")
    assert_says(capsys, check.act_depth_prediction, None, None, "not answered")
    assert_says(capsys, check.act_depth_prediction, "b", False, "ReLU")
    assert_says(capsys, check.act_depth_prediction, "a", False, "more than 1")
    assert_says(capsys, check.act_depth_prediction, "d", False, "one of")


# ------------------------------------------------------------------ 6.1

def test_6_1_penalty_by_hand(capsys):
    assert_says(capsys, check.l2_penalty_by_hand, 0.0525, True, "passed")
    assert_says(capsys, check.l2_penalty_by_hand, None, None, "not answered")
    assert_says(capsys, check.l2_penalty_by_hand, 0.105, False, "factor 2")
    assert_says(capsys, check.l2_penalty_by_hand, 0.015, False, "squared before")
    assert_says(capsys, check.l2_penalty_by_hand, 0.035, False, "not taken as |w|")
    norm = 0.01 * np.sqrt(5.25)
    assert_says(capsys, check.l2_penalty_by_hand, norm, False, "squared norm")
    assert_says(capsys, check.l2_penalty_by_hand, 5.25, False, "multiply by lam")
    assert_says(capsys, check.l2_penalty_by_hand, 0.06, False, "4 decimals")
    assert_says(capsys, check.l2_penalty_by_hand, [1, 2], False, "one number")


# ------------------------------------------------------------------ 6.2

@pytest.mark.parametrize("fn, words", [
    (lambda W, lam: lam * W, ["factor 2"]),
    (lambda W, lam: lam * W**2, ["penalty per entry"]),
    (lambda W, lam: 2 * lam * W.sum(), ["one entry per weight"]),
    (lambda W, lam: -2 * lam * W, ["wrong sign"]),
    (lambda W, lam: 2 * lam * W.T, ["transposed"]),
])
def test_6_2_mistakes(capsys, fn, words):
    assert_says(capsys, check.l2_grad_rule, fn, False, *words)


def test_6_2_right_stub_and_broken(capsys, short_limit):
    assert_says(capsys, check.l2_grad_rule, lambda W, lam: 2 * lam * W, True,
                "passed")
    assert_says(capsys, check.l2_grad_rule, stub, None, "not answered")
    assert_says(capsys, check.l2_grad_rule, raises, False, "RuntimeError")
    assert_says(capsys, check.l2_grad_rule, loops, False, "more than")


# ------------------------------------------------------------------ 6.3

def test_6_3_spread_ratio(capsys):
    assert_says(capsys, check.mc_spread_ratio, 0.5, True, "passed")
    assert_says(capsys, check.mc_spread_ratio, 1 / np.sqrt(4), True, "passed")
    assert_says(capsys, check.mc_spread_ratio, None, None, "not answered")
    assert_says(capsys, check.mc_spread_ratio, 0.25, False, "not 1 / B")
    assert_says(capsys, check.mc_spread_ratio, 2.0, False, "below 1")
    assert_says(capsys, check.mc_spread_ratio, 4, False, "below 1")
    assert_says(capsys, check.mc_spread_ratio, 0.7, False, "not the ratio")


# ------------------------------------------------------------------ 6.4

def test_6_4_prediction(capsys):
    assert_says(capsys, check.l2_lambda_prediction, "c", True, "passed")
    assert_says(capsys, check.l2_lambda_prediction, None, None, "not answered")
    assert_says(capsys, check.l2_lambda_prediction, "a", False, "never helps")
    assert_says(capsys, check.l2_lambda_prediction, "b", False, "too flat")
    assert_says(capsys, check.l2_lambda_prediction, 3, False, "one of")
