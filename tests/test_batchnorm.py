"""Batch norm over the batch axis: the lesson's example, gradients, extremes."""

import numpy as np
import pytest

from lessons_lib import batchnorm
from lessons_lib.gradcheck import numerical_gradient, relative_error


def test_the_lessons_example_forward_and_backward():
    x = np.array([[1.0], [3.0]])
    y, cache = batchnorm.forward(x, np.array([2.0]), np.array([0.0]), eps=0.0)
    x_hat, _, s = cache
    np.testing.assert_allclose(x_hat.ravel(), [-1.0, 1.0])
    np.testing.assert_allclose(s, [1.0])
    np.testing.assert_allclose(y.ravel(), [-2.0, 2.0])
    dx, dgamma, dbeta = batchnorm.backward(y, cache)  # loss 0.5 * sum(y**2)
    np.testing.assert_allclose(dgamma, [4.0])
    np.testing.assert_allclose(dbeta, [0.0])
    np.testing.assert_allclose(dx.ravel(), [0.0, 0.0], atol=1e-12)


def test_output_has_mean_beta_and_spread_gamma():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 5.0, size=(8, 3))
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 4.0])
    y, _ = batchnorm.forward(x, gamma, beta, eps=0.0)
    np.testing.assert_allclose(y.mean(axis=0), beta, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=0), np.abs(gamma))


@pytest.mark.parametrize("eps", [0.0, 1e-5, 0.3])
def test_backward_matches_numerical_gradients(eps):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(5, 3))
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    G = rng.normal(size=(5, 3))  # loss = sum(G * y)

    def loss(x_, g_, b_):
        return float((G * batchnorm.forward(x_, g_, b_, eps)[0]).sum())

    _, cache = batchnorm.forward(x, gamma, beta, eps)
    dx, dgamma, dbeta = batchnorm.backward(G, cache)
    num = numerical_gradient
    assert relative_error(dx, num(lambda v: loss(v, gamma, beta), x)) < 1e-7
    assert relative_error(dgamma, num(lambda v: loss(x, v, beta), gamma)) < 1e-7
    assert relative_error(dbeta, num(lambda v: loss(x, gamma, v), beta)) < 1e-7


def test_a_constant_column_with_eps_zero_is_refused_by_name():
    x = np.array([[1.0, 2.0], [1.0, 5.0]])
    with pytest.raises(ValueError, match=r"column \[0\].*zero variance"):
        batchnorm.forward(x, np.ones(2), np.zeros(2), eps=0.0)
    y, _ = batchnorm.forward(x, np.ones(2), np.zeros(2), eps=1e-5)
    np.testing.assert_allclose(y[:, 0], 0.0)


@pytest.mark.parametrize("args, text", [
    ((np.ones(3), np.ones(1), np.zeros(1)), r"x must have shape \(N, D\)"),
    ((np.ones((3, 2)), np.ones(3), np.zeros(2)), r"gamma must be \(D,\) = \(2,\)"),
    ((np.ones((3, 2)), np.ones(2), np.zeros((2, 1))), r"\(D,\) = \(2,\)"),
])
def test_bad_shapes_raise_value_errors(args, text):
    with pytest.raises(ValueError, match=text):
        batchnorm.forward(*args)


def test_backward_rejects_a_dy_of_the_wrong_shape():
    _, cache = batchnorm.forward(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1))
    with pytest.raises(ValueError, match=r"dy must be \(2, 1\)"):
        batchnorm.backward(np.ones((3, 1)), cache)


def test_huge_inputs_stay_finite_and_silent():
    x = np.array([[1e200], [-1e200], [3e199]])
    y, cache = batchnorm.forward(x, np.ones(1), np.zeros(1))
    small, _ = batchnorm.forward(x / 1e200, np.ones(1), np.zeros(1), eps=0.0)
    np.testing.assert_allclose(y, small)
    dx, _, _ = batchnorm.backward(np.ones((3, 1)), cache)
    assert np.all(np.isfinite(dx))
