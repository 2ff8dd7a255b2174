"""Deep stacks: forward/backward against numerical gradients, merging
linear layers, and the depth-slider data for every activation."""

import numpy as np
import pytest

from lessons_lib import deep_gradients as dg
from lessons_lib import gradcheck

NAMES = ["relu", "sigmoid", "tanh", "gelu", "identity"]


@pytest.mark.parametrize("name", NAMES)
def test_backward_matches_numerical_gradients(name):
    X, G = dg.probe_data(batch=5, width=4, seed=3)
    layers = dg.init_layers(3, 4, dg.INIT_GAIN[name], seed=3)
    layers = [(W, np.linspace(-0.2, 0.2, 4)) for W, _ in layers]
    H, cache = dg.forward(X, layers, name)
    grads, dX = dg.backward(G / 5, layers, cache, name)

    for k in range(3):
        def loss_W(W, k=k):
            changed = list(layers)
            changed[k] = (W, layers[k][1])
            return dg.probe_loss(dg.forward(X, changed, name)[0], G)

        def loss_b(b, k=k):
            changed = list(layers)
            changed[k] = (layers[k][0], b)
            return dg.probe_loss(dg.forward(X, changed, name)[0], G)

        dZ, dW, db = grads[k]
        assert dZ.shape == (5, 4) and dW.shape == (4, 4) and db.shape == (4,)
        numeric_W = gradcheck.numerical_gradient(loss_W, layers[k][0])
        numeric_b = gradcheck.numerical_gradient(loss_b, layers[k][1])
        assert gradcheck.relative_error(dW, numeric_W) < 1e-7
        assert gradcheck.relative_error(db, numeric_b) < 1e-7
    numeric_X = gradcheck.numerical_gradient(
        lambda V: dg.probe_loss(dg.forward(V, layers, name)[0], G), X)
    assert gradcheck.relative_error(dX, numeric_X) < 1e-7


def test_init_is_seeded_and_prefix_consistent():
    deep = dg.init_layers(10, 8, 2.0, seed=0)
    shallow = dg.init_layers(4, 8, 2.0, seed=0)
    for (W1, _), (W2, _) in zip(shallow, deep[:4], strict=True):
        np.testing.assert_array_equal(W1, W2)
    lecun = dg.init_layers(4, 8, 1.0, seed=0)
    np.testing.assert_allclose(lecun[0][0] * np.sqrt(2.0), shallow[0][0])
    big = dg.init_layers(1, 400, 2.0, seed=1)[0][0]
    assert abs(big.var() - 2.0 / 400) < 0.05 * 2.0 / 400


def test_sigmoid_fades_and_relu_survives():
    relu = dg.norms_by_depth("relu", max_depth=50)
    sigmoid = dg.norms_by_depth("sigmoid", max_depth=50)
    assert len(relu) == 50 and relu[49].shape == (50,) and relu[0].shape == (1,)
    assert sigmoid[49][0] < 1e-25 * sigmoid[49][-1]
    assert 0.1 < relu[49][0] / relu[49][-1] < 10.0
    # each sigmoid step back shrinks the gradient by at most about 0.25
    ratios = sigmoid[49][:-1] / sigmoid[49][1:]
    assert np.all(ratios < 0.3)


def test_every_depth_is_finite_silent_and_drawable():
    for name in ["relu", "sigmoid", "tanh", "gelu"]:
        for values in dg.norms_by_depth(name, max_depth=50):
            assert np.all(np.isfinite(values))
            drawn = dg.for_drawing(values)
            assert np.all(drawn >= dg.DRAW_FLOOR)
            visible = values >= dg.DRAW_FLOOR
            assert np.all(drawn[visible] == values[visible])


def test_the_floor_lies_below_every_real_norm_of_the_notebook():
    lowest = min(
        float(values.min())
        for name in ["relu", "sigmoid", "tanh", "gelu"]
        for values in dg.norms_by_depth(name, max_depth=50)
    )
    assert dg.DRAW_FLOOR < lowest < 1e3 * dg.DRAW_FLOOR * 1e6


def test_for_drawing_lifts_exact_zeros():
    np.testing.assert_array_equal(dg.for_drawing([0.0, 1.0]), [dg.DRAW_FLOOR, 1.0])


def test_dead_relu_chain_gives_exact_zeros_that_draw():
    X = -np.ones((3, 2))
    layers = [(np.eye(2), np.zeros(2)), (np.eye(2), np.zeros(2))]
    norms = dg.gradient_norms(X, np.ones((3, 2)), layers, "relu")
    assert np.all(norms == 0.0)
    assert np.all(np.log10(dg.for_drawing(norms)) == np.log10(dg.DRAW_FLOOR))


def test_merge_linear_equals_the_stack():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((7, 3))
    W1, b1 = rng.standard_normal((5, 3)), rng.standard_normal(5)
    W2, b2 = rng.standard_normal((2, 5)), rng.standard_normal(2)
    W, b = dg.merge_linear(W1, b1, W2, b2)
    assert W.shape == (2, 3) and b.shape == (2,)
    np.testing.assert_allclose(X @ W.T + b, (X @ W1.T + b1) @ W2.T + b2, rtol=1e-12)


def test_best_linear_error():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((200, 3))
    W1, b1 = rng.standard_normal((5, 3)), rng.standard_normal(5)
    W2, b2 = rng.standard_normal((2, 5)), rng.standard_normal(2)
    linear = (X @ W1.T + b1) @ W2.T + b2
    bent = np.maximum(X @ W1.T + b1, 0.0) @ W2.T + b2
    assert dg.best_linear_error(X, linear) < 1e-20
    assert dg.best_linear_error(X, bent) > 0.01


def test_bad_inputs():
    with pytest.raises(ValueError, match=r"X must have shape \(B, d\)"):
        dg.forward(np.ones(3), dg.init_layers(1, 3, 1.0), "relu")
    with pytest.raises(ValueError, match=r"depth must be .* \[1, 1000\], got 0"):
        dg.init_layers(0, 3, 1.0)
    with pytest.raises(ValueError, match=r"W2 \(d_out, d_h\)"):
        dg.merge_linear(np.ones((4, 3)), np.ones(4), np.ones((2, 5)), np.ones(2))
    with pytest.raises(ValueError, match=r"G must have H's shape \(2, 3\)"):
        dg.probe_loss(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="unknown activation"):
        dg.forward(np.ones((2, 3)), dg.init_layers(1, 3, 1.0), "swish")


def test_huge_inputs_finite_and_silent():
    X = np.full((2, 4), 1e6)
    G = np.ones((2, 4))
    for name in ["relu", "sigmoid", "tanh", "gelu"]:
        layers = dg.init_layers(5, 4, dg.INIT_GAIN[name], seed=0)
        assert np.all(np.isfinite(dg.gradient_norms(X, G, layers, name)))


@pytest.mark.parametrize("kwargs, message", [
    ({"depth": None}, "depth must be a whole number"),
    ({"depth": "text"}, "depth must be a whole number"),
    ({"depth": True}, "depth must be a whole number"),
    ({"depth": 2.5}, r"depth must be a whole number in \[1, 1000\], got 2.5"),
    ({"depth": float("nan")}, "depth must be a whole number"),
    ({"depth": float("inf")}, "depth must be a whole number"),
    ({"depth": 1e308}, r"\[1, 1000\]"),
    ({"width": np.ones((2, 2))}, "width must be a whole number"),
    ({"gain": 0.0}, "gain must be a number > 0"),
])
def test_init_layers_names_what_it_expects(kwargs, message):
    args = {"depth": 3, "width": 4, "gain": 1.0, **kwargs}
    with pytest.raises(ValueError, match=message):
        dg.init_layers(**args)


@pytest.mark.parametrize("kwargs, message", [
    ({"max_depth": 10**6}, r"max_depth must be a whole number in \[1, 200\]"),
    ({"max_depth": None}, "max_depth must be a whole number"),
    ({"name": "softplus"}, "unknown activation"),
    ({"name": None}, "activation name"),
])
def test_norms_by_depth_refuses_bad_settings_at_once(kwargs, message):
    args = {"name": "relu", "max_depth": 3, **kwargs}
    with pytest.raises(ValueError, match=message):
        dg.norms_by_depth(**args)
