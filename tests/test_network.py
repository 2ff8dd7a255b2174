"""The two-layer classifier: shapes, gradients, training, data handling."""

import numpy as np
import pytest

from lessons_lib import network as net
from lessons_lib.gradcheck import numerical_gradient, relative_error


def small_problem(seed=0, B=6, d_in=4, d_hidden=5, K=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, d_in))
    y = rng.integers(0, K, size=B)
    return net.init_params(d_in, d_hidden, K, rng), X, y


def test_parameter_and_gradient_shapes():
    params, X, y = small_problem()
    assert params["W1"].shape == (5, 4) and params["b1"].shape == (5,)
    assert params["W2"].shape == (3, 5) and params["b2"].shape == (3,)
    loss, grads = net.loss_and_grads(params, X, y)
    assert np.isfinite(loss)
    for name in net.PARAMS:
        assert grads["d" + name].shape == params[name].shape


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "gelu"])
def test_every_gradient_matches_a_numerical_one(activation):
    params, X, y = small_problem(seed=2)
    _, grads = net.loss_and_grads(params, X, y, activation)
    for name in net.PARAMS:
        def loss(value, name=name):
            return net.forward({**params, name: value}, X, y, activation)[0]

        numeric = numerical_gradient(loss, params[name])
        assert relative_error(grads["d" + name], numeric) < 1e-7, name


def test_a_wrong_backward_would_be_caught():
    params, X, y = small_problem(seed=2)
    _, grads = net.loss_and_grads(params, X, y)
    numeric = numerical_gradient(
        lambda W: net.forward({**params, "W1": W}, X, y)[0], params["W1"])
    assert relative_error(2 * grads["dW1"], numeric) > 0.1


def test_probabilities_and_accuracy():
    params, X, y = small_problem()
    P = net.probabilities(params, X)
    assert P.shape == (6, 3)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    assert net.accuracy(params, X, P.argmax(axis=1)) == 1.0


def test_training_on_iris_lowers_the_loss_and_is_reproducible():
    def run():
        rng = np.random.default_rng(0)
        X, y = net.load_dataset("iris")
        X_train, X_test, y_train, y_test = net.split(X, y, 0.2, rng)
        X_train, X_test = net.standardize(X_train, X_test)
        params = net.init_params(4, 8, 3, rng)
        return net.train(params, X_train, y_train, lr=0.1, num_epochs=15,
                         batch_size=16, rng=rng, X_val=X_test, y_val=y_test)

    params, history = run()
    assert history["loss"].shape == (16,)
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["val_accuracy"][-1] > 0.8
    np.testing.assert_array_equal(history["loss"], run()[1]["loss"])


def test_one_sgd_step_moves_against_the_gradient():
    params, X, y = small_problem()
    loss, grads = net.loss_and_grads(params, X, y)
    new = net.sgd_step(params, grads, lr=1e-3)
    np.testing.assert_allclose(new["W1"], params["W1"] - 1e-3 * grads["dW1"])
    assert net.forward(new, X, y)[0] < loss


def test_datasets_ship_with_scikit_learn():
    X, y = net.load_dataset("digits")
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert set(np.unique(y)) == set(range(10))
    with pytest.raises(ValueError, match="digits"):
        net.load_dataset("mnist")


def test_split_and_standardize():
    rng = np.random.default_rng(0)
    X = np.column_stack([np.arange(10.0), np.zeros(10)])
    y = np.arange(10)
    X_train, X_test, y_train, y_test = net.split(X, y, 0.3, rng)
    assert X_train.shape == (7, 2) and X_test.shape == (3, 2)
    assert sorted(np.concatenate([y_train, y_test])) == list(range(10))
    np.testing.assert_array_equal(X_train[:, 0], y_train)
    S_train, S_test = net.standardize(X_train, X_test)
    np.testing.assert_allclose(S_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(S_train[:, 0].std(), 1.0)
    np.testing.assert_allclose(S_train[:, 1], 0.0)
    assert np.all(np.isfinite(S_test))


@pytest.mark.parametrize("call, text", [
    (lambda p, X, y: net.forward(p, X[0], y), r"X must have shape \(B, d_in\)"),
    (lambda p, X, y: net.forward(p, X[:, :3], y), r"W must be \(d_out, 3\)"),
    (lambda p, X, y: net.forward(p, X, y[:4]), r"\(B, K\) = \(6, 3\)"),
    (lambda p, X, y: net.forward(p, X, y, "swish"), "activation must be one of"),
    (lambda p, X, y: net.train(p, X, y[:3], 0.1, 1, 2, None), r"\(N,\) = \(6,\)"),
    (lambda p, X, y: net.split(X, y, 1.5, None), r"test_fraction must be in"),
    (lambda p, X, y: net.init_params(0, 2, 2, None), "d_in must be >= 1"),
])
def test_bad_inputs_raise_value_errors(call, text):
    params, X, y = small_problem()
    with pytest.raises(ValueError, match=text):
        call(params, X, y)


def test_huge_inputs_stay_finite_and_silent():
    params, X, y = small_problem()
    loss, grads = net.loss_and_grads(params, X * 1e6, y)
    assert np.isfinite(loss)
    assert all(np.all(np.isfinite(g)) for g in grads.values())


def test_mean_loss_keeps_the_gradient_size_while_the_sum_grows():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(256, 3))
    y = rng.integers(0, 2, size=256)
    W = rng.normal(size=(2, 3))
    mean, total = net.batch_gradient_norms(X, y, W, np.zeros(2), [1, 16, 256])
    np.testing.assert_allclose(total, mean * [1, 16, 256])
    assert total[-1] > 50 * mean[-1]
    assert mean[-1] < 2 * mean[0]
    with pytest.raises(ValueError, match="1..256"):
        net.batch_gradient_norms(X, y, W, np.zeros(2), [300])


def test_average_gradient_norms_is_smooth_and_reproducible():
    rng = np.random.default_rng(0)
    rng.normal(size=(4, 3))
    W = rng.normal(size=(2, 3))  # the layer of notebook 03
    b = np.array([0.5, -1.0])
    sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256]
    mean, total = net.average_gradient_norms(W, b, sizes, draws=100)
    again, _ = net.average_gradient_norms(W, b, sizes, draws=100)
    np.testing.assert_array_equal(mean, again)
    np.testing.assert_allclose(total, mean * sizes)
    # the summed size grows with every doubling, by a factor near 2 at the end
    growth = total[1:] / total[:-1]
    assert np.all(growth > 1.4) and 1.8 < growth[-1] < 2.1
    # the mean size settles: the last doublings change it by a few percent
    assert abs(mean[-1] / mean[-2] - 1.0) < 0.05
    with pytest.raises(ValueError, match="draws"):
        net.average_gradient_norms(W, b, sizes, draws=0)
    with pytest.raises(ValueError, match="K, d_in"):
        net.average_gradient_norms(W[0], b, sizes)
