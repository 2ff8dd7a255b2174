"""Activations: known values, derivatives against centred differences,
largest slopes, shapes, bad input, and silence for huge inputs."""

import numpy as np
import pytest
from scipy.stats import norm

from lessons_lib import activations as act
from lessons_lib import gradcheck

NAMES = ["relu", "sigmoid", "tanh", "gelu", "gelu_tanh", "identity"]
Z = np.linspace(-4.0, 4.0, 40)  # even count: no point sits on ReLU's kink


def test_known_values():
    assert act.relu(np.array([-2.0, 0.0, 3.0])).tolist() == [0.0, 0.0, 3.0]
    assert act.relu_grad(np.array([-2.0, 0.0, 3.0])).tolist() == [0.0, 0.0, 1.0]
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid_grad(0.0) == 0.25
    assert act.tanh_grad(0.0) == 1.0
    assert act.gelu(0.0) == 0.0 and act.gelu_grad(0.0) == 0.5
    z = np.array([-1.5, 0.3, 2.0])
    np.testing.assert_allclose(act.gelu(z), z * norm.cdf(z), rtol=1e-14)
    np.testing.assert_allclose(act.gelu_grad(z), norm.cdf(z) + z * norm.pdf(z),
                               rtol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_centred_difference(name):
    f, f_grad = act.get(name)
    numeric = gradcheck.numerical_gradient(lambda v: f(v).sum(), Z)
    assert gradcheck.relative_error(f_grad(Z), numeric) < 1e-7


def test_gelu_tanh_derivative_is_of_the_approximation():
    z = np.linspace(-3.0, 3.0, 31)
    numeric = gradcheck.numerical_gradient(lambda v: act.gelu_tanh(v).sum(), z)
    assert gradcheck.relative_error(act.gelu_tanh_grad(z), numeric) < 1e-7
    # the exact GELU's derivative is close to, but measurably not, the same
    gap = np.max(np.abs(act.gelu_grad(z) - act.gelu_tanh_grad(z)))
    assert 1e-5 < gap < 1e-2


@pytest.mark.parametrize("name", NAMES)
def test_shapes_are_kept(name):
    f, f_grad = act.get(name)
    z = np.ones((2, 3, 4))
    assert f(z).shape == z.shape and f_grad(z).shape == z.shape


@pytest.mark.parametrize("name", NAMES)
def test_huge_inputs_stay_finite_and_silent(name):
    f, f_grad = act.get(name)
    z = np.array([-1e300, -1000.0, 1000.0, 1e300])
    assert np.all(np.isfinite(f_grad(z)))
    with np.errstate(all="raise", under="ignore"):
        f_grad(z)
        f(np.array([-1000.0, 1000.0]))


def test_max_slopes():
    z_s, s = act.max_slope("sigmoid")
    assert abs(z_s) < 1e-6 and abs(s - 0.25) < 1e-12
    z_t, t = act.max_slope("tanh")
    assert abs(z_t) < 1e-6 and abs(t - 1.0) < 1e-12
    z_g, g = act.max_slope("gelu")
    assert abs(z_g - np.sqrt(2.0)) < 1e-6
    exact = norm.cdf(np.sqrt(2.0)) + np.sqrt(2.0) * norm.pdf(np.sqrt(2.0))
    assert abs(g - exact) < 1e-12
    z_r, r = act.max_slope("relu")
    assert r == 1.0 and z_r > 0


def test_slope_product_bound():
    assert act.slope_product_bound("sigmoid", 0) == 1.0
    assert act.slope_product_bound("sigmoid", 10) == pytest.approx(0.25**10)
    with pytest.raises(ValueError, match="depth"):
        act.slope_product_bound("sigmoid", -1)


def test_bad_inputs_raise_value_error():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        act.get("swish")
    with pytest.raises(ValueError, match="array of real numbers"):
        act.sigmoid("abc")
    with pytest.raises(ValueError, match="lo < hi"):
        act.max_slope("sigmoid", lo=1.0, hi=0.0)


def test_registry_is_unchanged_and_gelu_tanh_is_separate():
    assert list(act.ACTIVATIONS) == ["relu", "sigmoid", "tanh", "gelu", "identity"]
    assert act.get("gelu_tanh") == (act.gelu_tanh, act.gelu_tanh_grad)
