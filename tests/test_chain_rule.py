"""Chain rule: stages, backward pass, Jacobian and J^T dL/dy."""

import numpy as np
import pytest

from lessons_lib import chain_rule as cr
from lessons_lib import gradcheck


def exact_dydx(x):
    return np.exp(np.sin(x**2)) * np.cos(x**2) * 2 * x


# ------------------------------------------------------------------ scalar

def test_forward_values_at_the_notebook_point():
    x, u, v, y = cr.forward(1.2)
    assert u == pytest.approx(1.44)
    assert v == pytest.approx(np.sin(1.44))
    assert y == pytest.approx(np.exp(np.sin(1.44)))
    assert float(y) == pytest.approx(2.6952, abs=5e-5)


def test_local_derivatives_and_their_product():
    local = cr.local_derivatives(1.2)
    np.testing.assert_allclose(
        local, [2.4, np.cos(1.44), np.exp(np.sin(1.44))])
    assert cr.derivative(1.2) == pytest.approx(np.prod(local))
    assert float(cr.derivative(1.2)) == pytest.approx(0.8436, abs=5e-5)


def test_derivative_matches_numerical_everywhere():
    xs = np.linspace(-2.0, 2.0, 81)
    numeric = np.array([gradcheck.numerical_gradient(cr.composite, x) for x in xs])
    assert gradcheck.relative_error(cr.derivative(xs), numeric) < 1e-7
    np.testing.assert_allclose(cr.derivative(xs), exact_dydx(xs), rtol=1e-12)


def test_backward_passes_gradients_from_the_output():
    x = 0.9
    grads = cr.backward(x)
    values = cr.forward(x)
    assert len(grads) == len(values) == 4
    assert grads[-1] == 1.0
    for k in range(3):
        rest = cr.STAGES[k:]
        numeric = gradcheck.numerical_gradient(
            lambda z, r=rest: cr.composite(z, r), values[k])
        assert gradcheck.relative_error(grads[k], numeric) < 1e-7


def test_backward_keeps_shapes():
    x = np.linspace(-1, 1, 12).reshape(3, 4)
    assert all(g.shape == (3, 4) for g in cr.backward(x))
    assert cr.derivative(x).shape == (3, 4)


def test_a_flat_stage_makes_the_chain_flat():
    x = np.sqrt(np.pi / 2)  # cos(x**2) = 0
    local = cr.local_derivatives(x)
    assert abs(local[1]) < 1e-15
    assert abs(local[0]) > 1 and abs(local[2]) > 1
    assert abs(cr.derivative(x)) < 1e-14
    assert cr.derivative(0.0) == 0.0


def test_other_chains():
    stages = (
        cr.Stage("u", "3 x + 1", lambda x: 3.0 * x + 1.0, lambda x: 3.0 + 0.0 * x),
        cr.Stage("y", "u**2", np.square, lambda u: 2.0 * u),
    )
    assert cr.derivative(1.0, stages) == pytest.approx(24.0)
    assert cr.composite(1.0, stages) == pytest.approx(16.0)
    assert "u = 3 x + 1" in repr(stages[0])


def test_bad_and_huge_inputs():
    with pytest.raises(ValueError, match="finite"):
        cr.forward(np.nan)
    with pytest.raises(ValueError, match="finite"):
        cr.forward(1e200)
    with pytest.raises(ValueError, match="numbers"):
        cr.forward("abc")
    # big but allowed inputs stay finite and silent (warnings are errors)
    values = cr.forward(np.array([1e6, -1e50, 1e100]))
    assert all(np.all(np.isfinite(v)) for v in values)
    assert np.all(np.isfinite(cr.derivative(np.array([1e6, 1e100]))))


# ------------------------------------------------------------------ vector

@pytest.fixture
def layer():
    rng = np.random.default_rng(0)
    return rng.normal(size=3), rng.normal(scale=0.5, size=(2, 3)), \
        rng.normal(scale=0.1, size=2)


def test_tanh_layer_shapes(layer):
    x, W, b = layer
    assert cr.tanh_layer(x, W, b).shape == (2,)
    assert cr.tanh_layer_jacobian(x, W, b).shape == (2, 3)
    assert cr.tanh_layer(np.zeros(3), W, np.zeros(2)).tolist() == [0.0, 0.0]


def test_jacobian_matches_numerical(layer):
    x, W, b = layer
    J = cr.tanh_layer_jacobian(x, W, b)
    J_num = cr.numerical_jacobian(lambda z: cr.tanh_layer(z, W, b), x)
    assert J_num.shape == (2, 3)
    assert gradcheck.relative_error(J, J_num) < 1e-7


def test_vector_backward_is_J_transpose_times_dy(layer):
    x, W, b = layer
    t = np.array([0.5, -0.5])
    y = cr.tanh_layer(x, W, b)
    loss, dy = cr.squared_error(y, t)
    assert loss == pytest.approx(0.5 * np.sum((y - t) ** 2))
    dx = cr.vector_backward(cr.tanh_layer_jacobian(x, W, b), dy)
    assert dx.shape == (3,)

    def loss_of_x(z):
        return cr.squared_error(cr.tanh_layer(z, W, b), t)[0]

    numeric = gradcheck.numerical_gradient(loss_of_x, x)
    assert gradcheck.relative_error(dx, numeric) < 1e-7
    np.testing.assert_allclose(cr.vector_backward(np.eye(2), dy), dy)


def test_vector_shapes_are_checked(layer):
    x, W, b = layer
    with pytest.raises(ValueError, match=r"\(d_out, d_in\) with d_in = 3"):
        cr.tanh_layer(x, W.T, b)
    with pytest.raises(ValueError, match=r"\(d_in,\)"):
        cr.tanh_layer(x[None, :], W, b)
    with pytest.raises(ValueError, match=r"b must have shape \(d_out,\)"):
        cr.tanh_layer(x, W, np.zeros(3))
    with pytest.raises(ValueError, match=r"dy must have shape \(d_out,\)"):
        cr.vector_backward(np.ones((2, 3)), np.ones(3))
    with pytest.raises(ValueError, match=r"t must have shape"):
        cr.squared_error(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="h must be a number > 0"):
        cr.numerical_jacobian(np.sin, x, h=0.0)


def test_huge_layer_inputs_stay_finite(layer):
    _, W, b = layer
    x = np.array([1e6, -1e6, 1e8])
    J = cr.tanh_layer_jacobian(x, W, b)
    assert np.all(np.isfinite(J))
    assert np.all(np.isfinite(cr.vector_backward(J, np.ones(2))))
