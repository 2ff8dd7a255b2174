"""The dense layer Z = X @ W.T + b: values, shapes, gradients."""

import numpy as np
import pytest

from lessons_lib import dense
from lessons_lib.gradcheck import numerical_gradient, relative_error

X = np.array([[1.0, 2.0], [0.0, 1.0]])
W = np.array([[0.10, -0.20], [0.05, 0.10]])


def test_forward_of_the_lessons_numbers_uses_w_transposed():
    Z = dense.forward(X, W, np.zeros(2))
    np.testing.assert_allclose(Z, [[-0.30, 0.25], [-0.20, 0.10]])
    assert not np.allclose(Z, X @ W)


def test_bias_is_broadcast_over_the_batch():
    Z = dense.forward(np.zeros((3, 2)), W, np.array([1.0, -2.0]))
    np.testing.assert_allclose(Z, [[1.0, -2.0]] * 3)


def test_shapes_of_forward_and_backward():
    rng = np.random.default_rng(0)
    B, d_in, d_out = 5, 3, 4
    X_ = rng.normal(size=(B, d_in))
    W_ = rng.normal(size=(d_out, d_in))
    assert dense.forward(X_, W_, np.zeros(d_out)).shape == (B, d_out)
    dX, dW, db = dense.backward(np.ones((B, d_out)), X_, W_)
    assert (dX.shape, dW.shape, db.shape) == ((B, d_in), (d_out, d_in), (d_out,))


def test_backward_matches_numerical_gradients():
    rng = np.random.default_rng(1)
    X_ = rng.normal(size=(4, 3))
    W_ = rng.normal(size=(2, 3))
    b_ = rng.normal(size=2)
    G = rng.normal(size=(4, 2))  # loss = sum(G * Z), so dZ = G

    def loss(X__, W__, b__):
        return float((G * dense.forward(X__, W__, b__)).sum())

    dX, dW, db = dense.backward(G, X_, W_)
    assert relative_error(dW, numerical_gradient(lambda w: loss(X_, w, b_), W_)) < 1e-7
    assert relative_error(db, numerical_gradient(lambda c: loss(X_, W_, c), b_)) < 1e-7
    assert relative_error(dX, numerical_gradient(lambda x: loss(x, W_, b_), X_)) < 1e-7


def test_db_sums_over_the_batch():
    _, _, db = dense.backward(np.array([[1.0, 2.0], [3.0, 4.0]]), X, W)
    np.testing.assert_allclose(db, [4.0, 6.0])


@pytest.mark.parametrize("args, text", [
    ((np.ones(2), W, np.zeros(2)), r"X must have shape \(B, d_in\)"),
    ((X, np.ones((2, 3)), np.zeros(2)), r"W must be \(d_out, 2\)"),
    ((X, W, np.zeros(3)), r"b must have shape \(d_out,\) = \(2,\)"),
    ((X, W, np.zeros((1, 2))), r"\(d_out,\) = \(2,\)"),
])
def test_forward_rejects_bad_shapes(args, text):
    with pytest.raises(ValueError, match=text):
        dense.forward(*args)


def test_backward_rejects_a_dz_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"dZ must be \(B, d_out\) = \(2, 2\)"):
        dense.backward(np.ones((2, 3)), X, W)


def test_huge_inputs_stay_finite():
    Z = dense.forward(np.full((2, 2), 1e150), W, np.zeros(2))
    assert np.all(np.isfinite(Z))
