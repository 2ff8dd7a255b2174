"""Gradient descent: update rule, regimes around 2 / L, derivatives, bowls."""

import numpy as np
import pytest

from lessons_lib import gradcheck
from lessons_lib import gradient_descent as gd

H = gd.bowl_hessian((1.0, 10.0), angle_deg=30.0)


# ------------------------------------------------------------------ run

def test_run_shapes_and_first_step():
    path = gd.run(lambda x: gd.parabola_grad(x, 4.0), 3.0, 0.1, 5)
    assert path.shape == (6,)
    assert path[0] == 3.0
    assert path[1] == pytest.approx(2.2)  # exercise 1.1: 3 - 0.1 * 8
    path2 = gd.run(lambda t: gd.quadratic_grad(t, H), [1.0, -1.0], 0.05, 7)
    assert path2.shape == (8, 2)


def test_run_keeps_its_behaviour():
    path = gd.run(lambda x: 2 * x, 1.0, 0.25, 3)  # factor 1 - 0.5 = 0.5
    np.testing.assert_allclose(path, [1.0, 0.5, 0.25, 0.125])
    assert gd.diverged_at(path, 3) is None
    assert gd.critical_learning_rate(4.0) == 0.5
    with pytest.raises(ValueError, match="L must be a number > 0"):
        gd.critical_learning_rate(0.0)


def test_run_bad_inputs():
    grad = lambda x: x  # noqa: E731
    with pytest.raises(ValueError, match="lr must be"):
        gd.run(grad, 1.0, -0.1, 3)
    with pytest.raises(ValueError, match="steps must be"):
        gd.run(grad, 1.0, 0.1, 2.5)
    with pytest.raises(ValueError, match=r"vector \(d,\)"):
        gd.run(grad, np.ones((2, 2)), 0.1, 3)
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        gd.run(lambda x: np.ones(3), [1.0, 2.0], 0.1, 3)


@pytest.mark.parametrize("lr", [0.51, 0.8, 5.0, 1e6])
def test_divergence_is_reported_and_silent(lr):
    # pytest runs with warnings as errors: an overflow would fail here
    path = gd.run(lambda x: gd.parabola_grad(x, 4.0), 3.0, lr, 10_000)
    k = gd.diverged_at(path, 10_000)
    assert k is not None and k == len(path) - 1
    assert np.all(np.isfinite(path))
    assert gd.regime(lr, 4.0, path, 10_000) == f"diverged at step {k}"


def test_divergence_step_matches_the_growth_factor():
    # distance from start after k steps is 2 * |(-1.8)**k - 1| for lr = 0.7
    path = gd.run(lambda x: gd.parabola_grad(x, 4.0), 3.0, 0.7, 100)
    k = gd.diverged_at(path, 100)
    distances = 2.0 * np.abs((-1.8) ** np.arange(1, 40) - 1.0)
    assert k == 1 + int(np.argmax(distances > gd.DIVERGED))


# ------------------------------------------------------------------ regimes

@pytest.mark.parametrize("lr, words", [
    (0.1, "converges"),
    (0.25, "converges in one step (lr = 1/L)"),
    (0.4, "converges, oscillating"),
    (0.5, "oscillates without shrinking (lr = 2/L)"),
    (0.01 + 49 * 0.01, "oscillates without shrinking (lr = 2/L)"),
    (0.6, "oscillates and grows"),
])
def test_regime_names(lr, words):
    assert gd.regime(lr, 4.0) == words


def test_regime_follows_the_path():
    grad = lambda x: gd.parabola_grad(x, 4.0)  # noqa: E731
    for lr in (0.1, 0.4):
        path = gd.run(grad, 3.0, lr, 40)
        assert abs(path[-1] - 1.0) < abs(path[0] - 1.0) * 1e-3
    at_limit = gd.run(grad, 3.0, 0.5, 41)
    np.testing.assert_allclose(np.abs(at_limit - 1.0), 2.0)
    assert gd.regime(0.5, 4.0, at_limit, 41).startswith("oscillates without")
    short = gd.run(grad, 3.0, 0.6, 5)
    assert gd.regime(0.6, 4.0, short, 5) == "oscillates and grows"


def test_critical_rate_of_the_bowl_is_set_by_the_largest_eigenvalue():
    L = gd.largest_curvature(H)
    assert L == pytest.approx(10.0)
    assert gd.critical_learning_rate(L) == pytest.approx(0.2)
    grad = lambda t: gd.quadratic_grad(t, H)  # noqa: E731
    below = gd.run(grad, [-2.5, 2.0], 0.19, 400)
    above = gd.run(grad, [-2.5, 2.0], 0.21, 400)
    assert np.linalg.norm(below[-1]) < 1e-6
    assert gd.diverged_at(above, 400) is not None
    # 2 / (largest diagonal entry) would wrongly allow lr = 0.25 here
    assert 2.0 / np.max(np.diag(H)) > 0.2


def test_contraction_factor():
    np.testing.assert_allclose(gd.contraction([0.0, 0.25, 0.5, 0.75], [4.0]),
                               [1.0, 0.0, 1.0, 2.0])
    assert gd.contraction(0.2, [1.0, 10.0]) == pytest.approx(1.0)
    assert gd.contraction(0.1, [1.0, 10.0]) == pytest.approx(0.9)
    assert gd.contraction(np.linspace(0, 1, 7), [1.0, 10.0]).shape == (7,)


# ------------------------------------------------------------------ derivatives

def test_two_valleys_derivative_matches_numerical():
    xs = np.linspace(-2.0, 2.0, 41)
    numeric = np.array([gradcheck.numerical_gradient(gd.two_valleys, x)
                        for x in xs])
    assert gradcheck.relative_error(gd.two_valleys_grad(xs), numeric) < 1e-7
    np.testing.assert_allclose(gd.derivative(gd.two_valleys, xs),
                               gd.two_valleys_grad(xs), atol=1e-8)
    assert gd.two_valleys_grad(1.5) == pytest.approx(0.675)


def test_derivative_error_grows_with_h():
    exact = gd.two_valleys_grad(1.5)
    assert gd.derivative(gd.two_valleys, 1.5, 0.5) == pytest.approx(1.05)
    assert abs(gd.derivative(gd.two_valleys, 1.5, 1e-3) - exact) < 1e-5
    with pytest.raises(ValueError, match="h must be a number > 0"):
        gd.derivative(gd.two_valleys, 1.0, 0.0)


def test_tangent_touches_the_curve():
    slope = gd.two_valleys_grad(0.7)
    xs = np.array([0.7, 1.7])
    line = gd.tangent(gd.two_valleys, slope, 0.7, xs)
    assert line[0] == pytest.approx(gd.two_valleys(0.7))
    assert line[1] - line[0] == pytest.approx(slope)


def test_parabola():
    assert gd.parabola(3.0, 4.0) == 8.0
    assert gd.parabola_grad(3.0, 4.0) == 8.0
    numeric = gradcheck.numerical_gradient(lambda x: gd.parabola(x, 4.0), 2.3)
    assert gradcheck.relative_error(gd.parabola_grad(2.3, 4.0), numeric) < 1e-7


# ------------------------------------------------------------------ bowl

def test_bowl_hessian_is_symmetric_with_the_given_curvatures():
    np.testing.assert_allclose(H, H.T)
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [1.0, 10.0])
    np.testing.assert_allclose(gd.bowl_hessian((2.0, 3.0), 0.0), np.diag([2, 3]))
    with pytest.raises(ValueError, match=r"\(2,\)"):
        gd.bowl_hessian((1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="> 0"):
        gd.bowl_hessian((1.0, -2.0))


def test_quadratic_gradient_matches_numerical():
    rng = np.random.default_rng(0)
    for theta in rng.normal(size=(5, 2)):
        numeric = gradcheck.numerical_gradient(lambda t: gd.quadratic(t, H), theta)
        assert gradcheck.relative_error(gd.quadratic_grad(theta, H), numeric) < 1e-7


def test_quadratic_shapes_and_values():
    points = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    D = np.diag([2.0, 3.0])
    np.testing.assert_allclose(gd.quadratic(points, D), [1.0, 6.0, 0.0])
    assert gd.quadratic_grad(points, D).shape == (3, 2)
    grid = np.zeros((4, 5, 2))
    assert gd.quadratic(grid, D).shape == (4, 5)
    with pytest.raises(ValueError, match=r"\(..., d\) with d = 2"):
        gd.quadratic(np.ones(3), D)
    with pytest.raises(ValueError, match=r"\(d, d\)"):
        gd.quadratic(np.ones(2), np.ones(2))


def test_largest_curvature_checks_its_input():
    assert gd.largest_curvature([[5.0, 2.0], [2.0, 2.0]]) == pytest.approx(6.0)
    with pytest.raises(ValueError, match="square"):
        gd.largest_curvature(np.ones((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        gd.largest_curvature([[1.0, 2.0], [0.0, 1.0]])


def test_gradient_is_the_steepest_direction():
    g = gd.quadratic_grad(np.array([1.5, 1.0]), H)
    angles = np.linspace(0.0, 2.0 * np.pi, 3600, endpoint=False)
    rates = np.stack([np.cos(angles), np.sin(angles)], axis=1) @ g
    assert rates.max() == pytest.approx(np.linalg.norm(g), rel=1e-5)


# ------------------------------------------------------------------ drawing

def test_clip_for_drawing_is_finite_and_silent():
    values = np.array([-1e300, -2.0, 0.5, 1e300, np.inf, -np.inf, np.nan])
    clipped = gd.clip_for_drawing(values, -3.0, 5.0)
    np.testing.assert_allclose(clipped, [-3.0, -2.0, 0.5, 5.0, 5.0, -3.0, 5.0])
    path = gd.run(lambda t: gd.quadratic_grad(t, H), [-2.5, 2.0], 0.25, 500)
    shown = gd.clip_for_drawing(path, -3.0, 3.0)
    assert shown.shape == path.shape and np.all(np.abs(shown) <= 3.0)
    loss = gd.clip_for_drawing(gd.quadratic(path, H), 1e-8, 1e13)
    assert np.all(np.isfinite(loss))


def test_describe_says_a_start_at_the_minimum_never_moves():
    path = gd.run(lambda x: gd.parabola_grad(x, 4.0), 1.0, 0.6, 10)
    on_it = gd.describe(0.6, 4.0, path, 10, abs(1.0000000000000004 - 1.0))
    assert on_it == "already at the minimum\n(from elsewhere: oscillates and grows)"
    assert gd.describe(0.1, 4.0, None, None, 0.5) == "converges"
    path = gd.run(lambda x: gd.parabola_grad(x, 4.0), 3.0, 0.8, 100)
    assert gd.describe(0.8, 4.0, path, 100, 2.0) == f"diverged at step {len(path) - 1}"

