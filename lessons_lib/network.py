"""A two-layer classifier: dense -> activation -> dense -> softmax cross-entropy.

Shapes, batch-first as everywhere in this package:

* X: (B, d_in), Y: (B,) class indices or (B, K) one-hot;
* W1: (d_hidden, d_in), b1: (d_hidden,), Z1 = X @ W1.T + b1: (B, d_hidden);
* H = f(Z1): (B, d_hidden);
* W2: (K, d_hidden), b2: (K,), Z2 = H @ W2.T + b2: (B, K);
* loss = mean cross-entropy of softmax(Z2), so dZ2 = (P - Y) / B.

The backward pass repeats one pattern per layer (lesson section 12):
dense backward gives dW, db and the gradient for the layer's input, and
the activation multiplies that gradient element-wise by f'(Z).

Parameters live in a dict ``{"W1", "b1", "W2", "b2"}``; gradients come
back in a dict with the same keys prefixed by ``d``.
"""

import numpy as np

from lessons_lib import dense
from lessons_lib._arrays import as_array, require
from lessons_lib.activations import ACTIVATIONS
from lessons_lib.losses import softmax, softmax_cross_entropy

PARAMS = ("W1", "b1", "W2", "b2")


def init_params(d_in, d_hidden, d_out, rng):
    """Small random weights, zero biases.

    W1: (d_hidden, d_in) and W2: (d_out, d_hidden) are normal with
    standard deviation 1 / sqrt(fan-in), so Z1 and Z2 start with a spread
    near 1 when the inputs are standardized (lesson section 9.2).
    rng: a ``numpy.random.Generator``, so the start is reproducible.
    """
    for name, size in (("d_in", d_in), ("d_hidden", d_hidden), ("d_out", d_out)):
        require(int(size) == size and size > 0, f"{name} must be >= 1, got {size}")
    return {
        "W1": rng.normal(0.0, 1.0 / np.sqrt(d_in), size=(d_hidden, d_in)),
        "b1": np.zeros(d_hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(d_hidden), size=(d_out, d_hidden)),
        "b2": np.zeros(d_out),
    }


def _activation(name):
    require(name in ACTIVATIONS, f"activation must be one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def forward(params, X, Y, activation="relu"):
    """Loss of the batch, and the cache the backward pass needs.

    X: (B, d_in); Y: (B,) class indices or (B, K) one-hot.
    Returns ``(loss, cache)``; cache holds X, Z1, H and dZ2: (B, K).
    """
    f, _ = _activation(activation)
    X = as_array("X", X, ndim=2, shape_text="(B, d_in)")

    Z1 = dense.forward(X, params["W1"], params["b1"])
    H = f(Z1)
    Z2 = dense.forward(H, params["W2"], params["b2"])
    loss, dZ2 = softmax_cross_entropy(Z2, Y)

    cache = {"X": X, "Z1": Z1, "H": H, "dZ2": dZ2, "activation": activation}
    return loss, cache


def backward(params, cache):
    """Gradients of the loss for every parameter, from :func:`forward`.

    Returns ``{"dW1": (d_hidden, d_in), "db1": (d_hidden,),
    "dW2": (K, d_hidden), "db2": (K,)}``.
    """
    _, f_grad = _activation(cache["activation"])

    dH, dW2, db2 = dense.backward(cache["dZ2"], cache["H"], params["W2"])
    dZ1 = dH * f_grad(cache["Z1"])
    _, dW1, db1 = dense.backward(dZ1, cache["X"], params["W1"])

    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def loss_and_grads(params, X, Y, activation="relu"):
    """``(loss, grads)`` for one batch: :func:`forward` then :func:`backward`."""
    loss, cache = forward(params, X, Y, activation)
    return loss, backward(params, cache)


def probabilities(params, X, activation="relu"):
    """Class probabilities P: (B, K) for inputs X: (B, d_in)."""
    f, _ = _activation(activation)
    H = f(dense.forward(X, params["W1"], params["b1"]))
    return softmax(dense.forward(H, params["W2"], params["b2"]))


def accuracy(params, X, y, activation="relu"):
    """Fraction of rows of X: (B, d_in) whose most likely class is y: (B,)."""
    y = np.asarray(y)
    P = probabilities(params, X, activation)
    require(y.shape == (P.shape[0],), f"y must be ({P.shape[0]},), got {y.shape}")
    return float(np.mean(P.argmax(axis=1) == y))


def sgd_step(params, grads, lr):
    """A new parameter dict: every p becomes p - lr * dp."""
    require(lr > 0, f"lr must be > 0, got {lr}")
    return {name: params[name] - lr * grads["d" + name] for name in PARAMS}


def train(params, X, y, lr, num_epochs, batch_size, rng, activation="relu",
          X_val=None, y_val=None):
    """Mini-batch gradient descent; returns ``(params, history)``.

    X: (N, d_in), y: (N,) class indices. Each epoch visits the rows in a
    new order drawn from ``rng`` and takes one step per batch of
    ``batch_size`` rows (the last batch may be smaller).
    history: {"loss": (num_epochs + 1,)} mean training loss over the whole
    set, before training and after each epoch, plus "val_loss" and
    "val_accuracy" of the same length when X_val, y_val are given.
    """
    X = as_array("X", X, ndim=2, shape_text="(N, d_in)")
    y = np.asarray(y)
    require(y.shape == (X.shape[0],), f"y must be (N,) = ({X.shape[0]},)")
    require(int(batch_size) == batch_size and batch_size >= 1,
            f"batch_size must be a whole number >= 1, got {batch_size}")
    validate = X_val is not None
    history = {"loss": []}
    if validate:
        history.update(val_loss=[], val_accuracy=[])

    def record(current):
        history["loss"].append(forward(current, X, y, activation)[0])
        if validate:
            history["val_loss"].append(forward(current, X_val, y_val, activation)[0])
            history["val_accuracy"].append(accuracy(current, X_val, y_val, activation))

    record(params)
    for _ in range(int(num_epochs)):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], int(batch_size)):
            rows = order[start:start + int(batch_size)]
            _, grads = loss_and_grads(params, X[rows], y[rows], activation)
            params = sgd_step(params, grads, lr)
        record(params)
    return params, {k: np.array(v) for k, v in history.items()}


def load_dataset(name="digits"):
    """A small labelled dataset shipped inside scikit-learn (no download).

    "digits": 1797 images of 8 x 8 pixels, X: (1797, 64), 10 classes;
    "iris": 150 flowers, X: (150, 4), 3 classes. Returns ``(X, y)`` with
    y: (N,) class indices.
    """
    from sklearn.datasets import load_digits, load_iris

    loaders = {"digits": load_digits, "iris": load_iris}
    require(name in loaders, f"name must be one of {sorted(loaders)}, got {name!r}")
    data = loaders[name]()
    return data.data.astype(np.float64), data.target.astype(np.int64)


def split(X, y, test_fraction, rng):
    """Shuffle the rows and cut off a test set.

    X: (N, d), y: (N,) -> X_train, X_test, y_train, y_test, with
    round(test_fraction * N) rows in the test part.
    """
    X = as_array("X", X, ndim=2, shape_text="(N, d)")
    y = np.asarray(y)
    require(y.shape == (X.shape[0],), f"y must be (N,) = ({X.shape[0]},)")
    require(0 < test_fraction < 1, f"test_fraction must be in (0, 1), got "
            f"{test_fraction}")
    order = rng.permutation(X.shape[0])
    n_test = int(round(test_fraction * X.shape[0]))
    require(0 < n_test < X.shape[0], "both parts must hold at least one row")
    test, train_rows = order[:n_test], order[n_test:]
    return X[train_rows], X[test], y[train_rows], y[test]


def standardize(X_train, X_test):
    """Scale every column to mean 0 and spread 1, using training rows only.

    X_train: (N, d), X_test: (M, d) -> both rescaled. A column that is
    constant in the training set (a pixel that is always blank) is only
    shifted, since it has no spread to divide by.
    """
    X_train = as_array("X_train", X_train, ndim=2, shape_text="(N, d)")
    X_test = as_array("X_test", X_test, ndim=2, shape_text="(M, d)")
    require(X_test.shape[1] == X_train.shape[1],
            f"X_test must have {X_train.shape[1]} columns, got {X_test.shape[1]}")
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def batch_gradient_norms(X, y, W, b, sizes):
    """Size of dW for the first n rows, with the loss averaged or summed.

    X: (N, d_in), y: (N,) class indices, W: (K, d_in), b: (K,) of a single
    softmax layer; sizes: batch sizes n <= N. Returns two arrays (len(sizes),):
    the norm ||dW|| for the mean loss and for the summed loss (B times it).
    """
    mean_norms, sum_norms = [], []
    for n in sizes:
        require(1 <= n <= len(X), f"every batch size must be in 1..{len(X)}")
        _, dZ = softmax_cross_entropy(dense.forward(X[:n], W, b), y[:n])
        _, dW, _ = dense.backward(dZ, X[:n], W)
        mean_norms.append(np.linalg.norm(dW))
        sum_norms.append(n * np.linalg.norm(dW))
    return np.array(mean_norms), np.array(sum_norms)


def average_gradient_norms(W, b, sizes, draws=100, seed=0):
    """:func:`batch_gradient_norms` averaged over ``draws`` random data sets.

    W: (K, d_in), b: (K,) of a single softmax layer; sizes: batch sizes.
    Each draw takes X: (max(sizes), d_in) standard normal and labels
    uniform in 0..K-1 from one seeded generator, so the result is
    reproducible. Returns two arrays (len(sizes),): the average ||dW||
    for the mean loss and for the summed loss. One draw alone is noisy
    at small batch sizes; the average shows the trend.
    """
    W = as_array("W", W, ndim=2, shape_text="(K, d_in)")
    require(int(draws) == draws and draws >= 1, f"draws must be >= 1, got {draws}")
    require(len(sizes) >= 1, "sizes must hold at least one batch size")
    rng = np.random.default_rng(seed)
    n_max = int(max(sizes))
    require(n_max >= 1, f"every batch size must be >= 1, got {n_max}")
    mean_total = np.zeros(len(sizes))
    sum_total = np.zeros(len(sizes))
    for _ in range(int(draws)):
        X = rng.standard_normal((n_max, W.shape[1]))
        y = rng.integers(0, W.shape[0], size=n_max)
        mean_norms, sum_norms = batch_gradient_norms(X, y, W, b, sizes)
        mean_total += mean_norms
        sum_total += sum_norms
    return mean_total / draws, sum_total / draws
