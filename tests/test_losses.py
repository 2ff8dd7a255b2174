"""Softmax and cross-entropy: known values, gradients, shapes, extremes."""

import numpy as np
import pytest

from lessons_lib import losses
from lessons_lib.gradcheck import numerical_gradient, relative_error


def test_softmax_matches_the_lessons_rows():
    P = losses.softmax([[0.20, 0.00], [0.05, 0.10]])
    np.testing.assert_allclose(P, [[0.5498, 0.4502], [0.4875, 0.5125]], atol=5e-5)


def test_softmax_rows_sum_to_one_and_ignore_a_shift():
    Z = np.random.default_rng(0).normal(size=(4, 5))
    P = losses.softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_allclose(losses.softmax(Z + 100.0), P)


def test_softmax_of_huge_logits_is_finite_and_silent():
    P = losses.softmax([[1e308, 0.0, -1e308], [-1e4, -1e4, -1e4]])
    np.testing.assert_allclose(P, [[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]])


def test_log_softmax_is_exact_where_softmax_underflows():
    np.testing.assert_allclose(losses.log_softmax([[0.0, -1000.0]]),
                               [[0.0, -1000.0]])


def test_cross_entropy_of_the_lessons_probabilities_is_0_6333():
    P = [[0.5498, 0.4502], [0.4875, 0.5125]]
    loss = losses.cross_entropy(P, np.eye(2))
    assert round(loss, 4) == 0.6333
    assert loss == pytest.approx(-(np.log(0.5498) + np.log(0.5125)) / 2)


def test_class_indices_and_one_hot_give_the_same_loss():
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]])
    assert losses.cross_entropy(P, np.array([0, 2])) == pytest.approx(
        losses.cross_entropy(P, np.eye(3)[[0, 2]]))
    assert losses.cross_entropy(P, np.array([0, 2])) == pytest.approx(
        -(np.log(0.7) + np.log(0.3)) / 2)


def test_cross_entropy_of_a_zero_probability_is_finite():
    loss = losses.cross_entropy([[0.0, 1.0]], np.array([0]))
    assert np.isfinite(loss) and 700 < loss < 710


def test_softmax_cross_entropy_gradient_is_p_minus_y_over_b():
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(3, 4))
    Y = np.array([0, 3, 1])
    loss, dZ = losses.softmax_cross_entropy(Z, Y)
    np.testing.assert_allclose(dZ, (losses.softmax(Z) - np.eye(4)[Y]) / 3)
    numeric = numerical_gradient(lambda Z_: losses.softmax_cross_entropy(Z_, Y)[0], Z)
    assert relative_error(dZ, numeric) < 1e-7
    assert loss == pytest.approx(losses.cross_entropy(losses.softmax(Z), Y))


def test_softmax_cross_entropy_of_huge_logits_is_finite():
    loss, dZ = losses.softmax_cross_entropy([[1e6, -1e6]], np.array([1]))
    assert loss == pytest.approx(2e6)
    np.testing.assert_allclose(dZ, [[1.0, -1.0]])


@pytest.mark.parametrize("P, Y, text", [
    ([0.5, 0.5], np.array([0]), r"\(B, K\)"),
    ([[0.5, 0.5]], np.eye(3)[:1], r"\(B, K\) = \(1, 2\)"),
    ([[0.5, 0.5]], np.array([2]), r"0\.\.1"),
])
def test_bad_inputs_raise_value_errors_naming_shapes(P, Y, text):
    with pytest.raises(ValueError, match=text):
        losses.cross_entropy(P, Y)


def test_softmax_cross_entropy_rejects_a_vector_of_logits():
    with pytest.raises(ValueError, match=r"\(B, K\)"):
        losses.softmax_cross_entropy([0.2, 0.0], np.array([0]))


def test_a_gap_wider_than_the_largest_float_gives_no_nan():
    loss, dZ = losses.softmax_cross_entropy([[1e308, -1e308]], np.array([0]))
    assert loss == 0.0
    np.testing.assert_allclose(dZ, [[0.0, 0.0]])
    loss, _ = losses.softmax_cross_entropy([[1e308, -1e308]], np.array([1]))
    assert loss == pytest.approx(1e300)
    rows = [[1e308, -1e308]] * 4
    loss, _ = losses.softmax_cross_entropy(rows, np.array([1, 1, 1, 1]))
    assert loss == pytest.approx(1e300)
