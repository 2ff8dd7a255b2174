"""L2 regularization: penalty, gradient, weight decay."""

import numpy as np
import pytest

from lessons_lib import gradcheck
from lessons_lib import regularization as reg

W = np.array([[0.5, -1.0], [2.0, 0.0]])


def test_known_penalty():
    assert reg.l2_penalty(W, 0.01) == pytest.approx(0.0525, abs=1e-15)
    assert reg.l2_penalty(W, 0.0) == 0.0
    assert reg.total_loss(1.0, W, 0.01) == pytest.approx(1.0525)


def test_gradient_is_two_lam_w_and_matches_numerics():
    rng = np.random.default_rng(0)
    V = rng.standard_normal((3, 4))
    np.testing.assert_array_equal(reg.l2_grad(V, 0.3), 0.6 * V)
    numeric = gradcheck.numerical_gradient(lambda U: reg.l2_penalty(U, 0.3), V)
    assert gradcheck.relative_error(reg.l2_grad(V, 0.3), numeric) < 1e-7


def test_weight_decay_step():
    dW = np.array([[0.1, 0.2], [0.3, 0.4]])
    step = reg.weight_decay_step(W, dW, lr=0.1, lam=0.5)
    np.testing.assert_allclose(step, W - 0.1 * (dW + reg.l2_grad(W, 0.5)))
    np.testing.assert_allclose(step, 0.9 * W - 0.1 * dW)
    assert reg.decay_factor(0.1, 0.01) == pytest.approx(0.998)


def test_bad_inputs():
    with pytest.raises(ValueError, match="lam must be a number >= 0"):
        reg.l2_penalty(W, -1.0)
    with pytest.raises(ValueError, match=r"dW_data must have W's shape \(2, 2\)"):
        reg.weight_decay_step(W, np.ones(3), 0.1, 0.1)
    with pytest.raises(ValueError, match="lr must be a number > 0"):
        reg.decay_factor(0.0, 0.1)


def test_huge_weights_finite_and_silent():
    big = np.full((2, 2), 1e150)
    assert np.isfinite(reg.l2_penalty(big, 1e-10))
    assert np.all(np.isfinite(reg.l2_grad(big, 1.0)))
