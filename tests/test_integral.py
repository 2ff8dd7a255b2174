"""The integral view: expectation by quadrature and by sampling, the
overfitting model with its L2 penalty, and descent against the flow."""

import numpy as np
import pytest

from lessons_lib import gradcheck
from lessons_lib import gradient_descent as gd
from lessons_lib import integral as ig

H = gd.bowl_hessian((1.0, 10.0), angle_deg=30.0)
X0 = np.array([0.0, 1.5])


# ----- expectation and Monte-Carlo -----

def test_expectation_by_integral():
    p = ig.loss_distribution()
    mean = ig.expectation_by_integral(p.pdf, 0.0, np.inf)
    assert mean == pytest.approx(1.0, abs=1e-10)
    assert p.std() == pytest.approx(np.sqrt(2.0) / 2.0)
    uniform = ig.expectation_by_integral(lambda x: np.ones_like(x) / 2.0, 0.0, 2.0)
    assert uniform == pytest.approx(1.0)


def test_minibatch_means_are_seeded_unbiased_and_shrink_like_sqrt_b():
    np.testing.assert_array_equal(ig.minibatch_means(8, 50), ig.minibatch_means(8, 50))
    sigma = ig.loss_distribution().std()
    for B in [1, 4, 16, 64, 256]:
        m = ig.minibatch_means(B, 4000)
        assert m.shape == (4000,)
        assert abs(m.mean() - 1.0) < 4 * sigma / np.sqrt(B * 4000)
        assert m.std() == pytest.approx(sigma / np.sqrt(B), rel=0.05)
    assert ig.predicted_spread(sigma, 64) / ig.predicted_spread(sigma, 16) == 0.5


def test_monte_carlo_bad_inputs():
    with pytest.raises(ValueError, match="B must be a whole number >= 1"):
        ig.minibatch_means(0, 10)
    with pytest.raises(ValueError, match="repeats must be a whole number >= 2"):
        ig.minibatch_means(4, 1)
    with pytest.raises(ValueError, match="lo < hi"):
        ig.expectation_by_integral(np.exp, 1.0, 0.0)


# ----- the overfitting model -----

@pytest.fixture(scope="module")
def model():
    data = ig.overfit_data()
    return data, ig.poly_features(data["x_train"], 11)


def test_features_and_data_shapes(model):
    data, X = model
    assert X.shape == (12, 11)
    np.testing.assert_allclose(X[:, 2], data["x_train"] ** 3)
    assert data["x_test"].shape == (200,)
    np.testing.assert_array_equal(ig.overfit_data()["y_train"], data["y_train"])


def test_ridge_gradient_matches_numerics(model):
    data, X = model
    rng = np.random.default_rng(2)
    W, b = rng.standard_normal((1, 11)), rng.standard_normal(1)
    y = data["y_train"]
    for lam in [0.0, 1e-3, 1.0]:
        dW, db = ig.ridge_grad(X, y, W, b, lam)
        assert dW.shape == (1, 11) and db.shape == (1,)
        nW = gradcheck.numerical_gradient(
            lambda V, lam=lam: ig.ridge_loss(X, y, V, b, lam), W)
        nb = gradcheck.numerical_gradient(
            lambda v, lam=lam: ig.ridge_loss(X, y, W, v, lam), b)
        assert gradcheck.relative_error(dW, nW) < 1e-7
        assert gradcheck.relative_error(db, nb) < 1e-7


def test_fit_is_a_minimum_and_lambda_tames_overfitting(model):
    data, X = model
    y = data["y_train"]
    for lam in [1e-6, 1e-3, 1.0]:
        W, b = ig.fit_ridge(X, y, lam)
        dW, db = ig.ridge_grad(X, y, W, b, lam)
        assert np.linalg.norm(dW) < 1e-8 and abs(db[0]) < 1e-8
    lams = np.array([0.0, 1e-3, 1.0])
    train, test = ig.ridge_errors(data, 11, lams)
    assert train[0] < 1e-12  # 12 coefficients through 12 points
    assert test[0] > 100.0
    assert train[0] < train[1] < train[2]
    assert test[1] < 0.15 and test[1] < test[0] and test[1] < test[2]


def test_sweep_of_the_lambda_slider_is_finite_and_silent(model):
    data, X = model
    lams = np.r_[0.0, 10.0 ** np.arange(-8.0, 0.01, 0.25)]
    train, test = ig.ridge_errors(data, 11, lams)
    assert np.all(np.isfinite(train)) and np.all(np.isfinite(test))
    assert np.all(np.diff(train) > -1e-12)  # more penalty never fits better


def test_model_bad_inputs(model):
    data, X = model
    with pytest.raises(ValueError, match=r"y must be \(N,\) = \(12,\)"):
        ig.fit_ridge(X, np.ones(5), 0.1)
    with pytest.raises(ValueError, match="lam must be a number >= 0"):
        ig.fit_ridge(X, data["y_train"], -1.0)
    with pytest.raises(ValueError, match=r"X must have shape \(N, d\)"):
        ig.mse(np.ones(3), np.ones(3), np.ones((1, 1)), np.ones(1))


# ----- gradient flow -----

def test_flow_solves_the_ode_and_matches_eigen_solution():
    t = np.array([0.0, 0.3, 2.0])
    path = ig.flow(H, X0, t)
    np.testing.assert_allclose(path[0], X0)
    vals, vecs = np.linalg.eigh(H)
    exact = vecs @ (np.exp(-vals * 2.0) * (vecs.T @ X0))
    np.testing.assert_allclose(path[2], exact, rtol=1e-10)
    for i in range(2):
        numeric = gradcheck.numerical_gradient(lambda s, i=i: ig.flow(H, X0, s)[0, i],
                                               np.array([0.3]))
        assert numeric[0] == pytest.approx((-H @ path[1])[i], rel=1e-7)


def test_descent_is_euler_and_gap_shrinks_like_lr():
    times, path, stopped = ig.descent(H, X0, 0.05, 3.0)
    assert stopped is None and len(path) == 61 and times[-1] == pytest.approx(3.0)
    np.testing.assert_allclose(path[1], X0 - 0.05 * H @ X0)
    twenty = np.linalg.matrix_power(np.eye(2) - 0.05 * H, 20) @ X0
    np.testing.assert_allclose(path[20], twenty)
    gaps = [ig.gap_to_flow(H, X0, lr, 3.0) for lr in [0.025, 0.0125, 0.00625]]
    assert 1.8 < gaps[0] / gaps[1] < 2.3 and 1.8 < gaps[1] / gaps[2] < 2.3


def test_sweep_of_the_step_slider_is_finite_and_silent():
    for exponent in np.arange(-2.5, -0.5 + 1e-9, 0.05):
        lr = 10.0**exponent
        times, path, _ = ig.descent(H, X0, lr, 3.0)
        assert np.all(np.isfinite(ig.value(H, path)))
        ig.gap_to_flow(H, X0, lr, 3.0)
    assert ig.gap_to_flow(H, X0, 0.3, 3.0) > 100.0


def test_divergence_is_reported_not_overflowed():
    times, path, stopped = ig.descent(H, X0, 1.0, 200.0)
    assert stopped is not None and np.all(np.isfinite(path))
    assert ig.gap_to_flow(H, X0, 1.0, 200.0) == float("inf")


def test_flow_bad_inputs():
    with pytest.raises(ValueError, match="positive definite"):
        ig.flow(-H, X0, [1.0])
    with pytest.raises(ValueError, match=r"square \(d, d\)"):
        ig.flow(np.ones((2, 3)), X0, [1.0])
    with pytest.raises(ValueError, match="symmetric"):
        ig.flow(np.array([[1.0, 2.0], [0.0, 1.0]]), X0, [1.0])
    with pytest.raises(ValueError, match=r"x0 must have shape \(d,\) = \(2,\)"):
        ig.flow(H, np.ones(3), [1.0])


def test_nested_means_have_the_spread_of_a_mini_batch_mean():
    means = ig.nested_minibatch_means(64, 4000)
    assert means.shape == (4000, 64)
    sigma = ig.loss_distribution().std()
    for B in [1, 4, 16, 64]:
        spread = means[:, B - 1].std()
        assert spread == pytest.approx(sigma / np.sqrt(B), rel=0.05)
        assert means[:, B - 1].mean() == pytest.approx(1.0, abs=0.05)


def test_column_B_is_the_mean_of_the_first_B_draws():
    means = ig.nested_minibatch_means(5, 3, seed=2)
    draws = np.random.default_rng([2, 5, 1]).gamma(ig.LOSS_SHAPE, ig.LOSS_SCALE,
                                                   size=(3, 5))
    np.testing.assert_allclose(means[:, 2], draws[:, :3].mean(axis=1))
    np.testing.assert_array_equal(ig.nested_minibatch_means(5, 3, seed=2),
                                  means)


@pytest.mark.parametrize("args, message", [
    ((0, 10), "max_B"), ((4, 1), "repeats"), ((4, 10, -1), "seed"),
    ((10**5, 10**4), r"max_B \* repeats must be <= 1e\+08"),
])
def test_bad_inputs_name_the_argument(args, message):
    with pytest.raises(ValueError, match=message):
        ig.nested_minibatch_means(*args)
