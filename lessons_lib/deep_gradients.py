"""A gradient travelling back through a deep stack of dense layers.

Layer l (l = 1 .. depth) computes, batch-first with ``W_l: (d, d)``:

    Z_l = H_{l-1} @ W_l.T + b_l,    H_l = f(Z_l),    H_0 = X: (B, d).

Backward, from dH_depth down to the input:

    dZ_l = dH_l * f'(Z_l),  dW_l = dZ_l.T @ H_{l-1},  db_l = sum of dZ_l,
    dH_{l-1} = dZ_l @ W_l.

Every step back multiplies the gradient by the slopes f'(Z_l) and by
W_l, so over many layers it shrinks or grows like a product of many
factors. The module also shows why two linear layers with nothing in
between are one linear layer.
"""

import numpy as np

from lessons_lib import activations, dense
from lessons_lib._arrays import as_array, number, require

INIT_GAIN = {"relu": 2.0, "gelu": 2.0, "sigmoid": 1.0, "tanh": 1.0,
             "identity": 1.0, "gelu_tanh": 2.0}
"""Weight variance is gain / d_in: 2 (He) before ReLU-like activations,
1 (LeCun/Xavier for square layers) before sigmoid, tanh and identity."""

MAX_DEPTH = 1000
MAX_WIDTH = 4096
MAX_STACK = 200
"""Largest max_depth of :func:`norms_by_depth`: its cost grows like
max_depth**2 forward and backward passes."""

DRAW_FLOOR = 1e-35
"""Norms below this (a ReLU chain can give exact zeros) are drawn here
on a log axis. A plot should start its y axis at this value, so such
points sit on the bottom edge, and say so. The stacks of
:func:`norms_by_depth` (up to 50 layers) stay above it."""


def init_layers(depth, width, gain, seed=0):
    """``depth`` layers (W: (width, width), b: (width,) zeros), as a list.

    W has entries drawn from N(0, gain / width). The same ``seed`` gives
    the same underlying random numbers for every gain, and the first k
    layers of a deep stack are the layers of the stack of depth k.
    """
    depth = number("depth", depth, lo=1, hi=MAX_DEPTH, whole=True)
    width = number("width", width, lo=1, hi=MAX_WIDTH, whole=True)
    gain = number("gain", gain, lo=0, lo_open=True)
    seed = number("seed", seed, lo=0, whole=True)
    rng = np.random.default_rng(seed)
    scale = np.sqrt(gain / width)
    return [
        (scale * rng.standard_normal((width, width)), np.zeros(width))
        for _ in range(int(depth))
    ]


def forward(X, layers, name):
    """Run X: (B, d) through every layer with activation ``name``.

    Returns (H, cache): H: (B, d) the last output, and cache a list of
    (H_prev, Z) per layer, which :func:`backward` needs.
    """
    f, _ = activations.get(name)
    H = as_array("X", X, ndim=2, shape_text="(B, d)")
    cache = []
    for W, b in layers:
        Z = dense.forward(H, W, b)
        cache.append((H, Z))
        H = f(Z)
    return H, cache


def backward(dH, layers, cache, name):
    """Gradients of the loss for every layer, from dH: (B, d) at the top.

    Returns (grads, dX): grads a list of (dZ: (B, d), dW: (d, d),
    db: (d,)) in layer order (first layer first), and dX: (B, d) the
    gradient at the input.
    """
    _, f_grad = activations.get(name)
    dH = as_array("dH", dH, ndim=2, shape_text="(B, d)")
    grads = []
    for (W, _), (H_prev, Z) in zip(reversed(layers), reversed(cache), strict=True):
        dZ = dH * f_grad(Z)
        dH, dW, db = dense.backward(dZ, H_prev, W)
        grads.append((dZ, dW, db))
    return grads[::-1], dH


def probe_loss(H, G):
    """The loss sum(H * G) / B, whose gradient dH is simply G / B.

    A fixed random G: (B, d) stands for whatever loss sits on top; what
    matters here is how its gradient changes on the way down.
    """
    H = as_array("H", H, ndim=2, shape_text="(B, d)")
    G = as_array("G", G, ndim=2, shape_text="(B, d)")
    require(H.shape == G.shape, f"G must have H's shape {H.shape}, got {G.shape}")
    return float((H * G).sum() / H.shape[0])


def probe_data(batch, width, seed=0):
    """X: (B, d) and G: (B, d), standard normal, from a seeded generator."""
    batch = number("batch", batch, lo=1, hi=MAX_WIDTH, whole=True)
    width = number("width", width, lo=1, hi=MAX_WIDTH, whole=True)
    seed = number("seed", seed, lo=0, whole=True)
    rng = np.random.default_rng([seed, 1])
    return rng.standard_normal((batch, width)), rng.standard_normal((batch, width))


def gradient_norms(X, G, layers, name):
    """||dZ_l|| for every layer l = 1 .. depth: (depth,), for the loss
    :func:`probe_loss`. dZ_l is the gradient arriving at layer l; its
    dW_l and db_l are made from it, so when it fades they fade too.
    """
    X = as_array("X", X, ndim=2, shape_text="(B, d)")
    H, cache = forward(X, layers, name)
    grads, _ = backward(G / X.shape[0], layers, cache, name)
    return np.array([np.linalg.norm(dZ) for dZ, _, _ in grads])


def norms_by_depth(name, max_depth=50, width=64, batch=32, seed=0):
    """For every depth D = 1 .. max_depth, the norms ||dZ_l||, l = 1 .. D.

    Returns a list whose entry D - 1 has shape (D,). Weights use
    ``INIT_GAIN[name]`` and the same seed for every activation, so the
    curves differ only by the activation (and its usual init).
    """
    activations.get(name)
    max_depth = number("max_depth", max_depth, lo=1, hi=MAX_STACK, whole=True)
    layers = init_layers(max_depth, width, INIT_GAIN[name], seed)
    X, G = probe_data(batch, width, seed)
    return [gradient_norms(X, G, layers[:D], name) for D in range(1, max_depth + 1)]


def for_drawing(norms, floor=DRAW_FLOOR):
    """Norms clipped up to ``floor`` so a log axis can draw exact zeros."""
    return np.maximum(as_array("norms", norms), floor)


def merge_linear(W1, b1, W2, b2):
    """One dense layer equal to layer 1 followed by layer 2, no activation.

    W1: (d_h, d_in), b1: (d_h,), W2: (d_out, d_h), b2: (d_out,) ->
    W: (d_out, d_in) = W2 @ W1 and b: (d_out,) = W2 @ b1 + b2, because
    (X @ W1.T + b1) @ W2.T + b2 = X @ (W2 @ W1).T + (W2 @ b1 + b2).
    """
    W1 = as_array("W1", W1, ndim=2, shape_text="(d_h, d_in)")
    W2 = as_array("W2", W2, ndim=2, shape_text="(d_out, d_h)")
    b1 = as_array("b1", b1, ndim=1, shape_text="(d_h,)")
    b2 = as_array("b2", b2, ndim=1, shape_text="(d_out,)")
    require(
        W2.shape[1] == W1.shape[0] and b1.shape == (W1.shape[0],)
        and b2.shape == (W2.shape[0],),
        f"need W1 (d_h, d_in), b1 (d_h,), W2 (d_out, d_h), b2 (d_out,); got "
        f"{W1.shape}, {b1.shape}, {W2.shape}, {b2.shape}",
    )
    return W2 @ W1, W2 @ b1 + b2


def best_linear_error(X, Y):
    """Smallest mean squared error any single dense layer reaches on (X, Y).

    X: (B, d_in), Y: (B, d_out). Least squares over W and b together.
    It is 0 (to rounding) when Y came from a stack of linear layers, and
    clearly above 0 when an activation bent the map in between.
    """
    X = as_array("X", X, ndim=2, shape_text="(B, d_in)")
    Y = as_array("Y", Y, ndim=2, shape_text="(B, d_out)")
    require(X.shape[0] == Y.shape[0], "X and Y must have the same batch size B")
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    coef, *_ = np.linalg.lstsq(A, Y, rcond=None)
    return float(((A @ coef - Y) ** 2).mean())
