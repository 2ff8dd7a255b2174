"""The chain rule, scalar and vector, and backpropagation as passing a
gradient backwards through a chain of stages.

Scalar: a composite y = f(g(h(x))) is a list of stages, each a function
with its local derivative. The derivative dy/dx is the product of the
local derivatives, each taken at that stage's own input.

Vector: for y = y(x) with Jacobian J = dy/dx of shape (d_out, d_in), a
loss gradient dL/dy of shape (d_out,) becomes dL/dx = J^T dL/dy, shape
(d_in,). The layer here is y = tanh(W x + b) with W: (d_out, d_in), the
one-sample case of Z = X @ W.T + b.
"""

import numpy as np

from lessons_lib._arrays import as_array, float64_safe, number, require

LIMIT = 1e100
"""Inputs with |x| beyond this are refused: x**2 in the example would
overflow float64 near 1e154."""


class Stage:
    """One step of a composite: ``fn`` and its derivative ``grad``.

    name: the stage's output symbol; formula: how it is computed, as text.
    fn, grad: element-wise functions of an array of any shape.
    """

    def __init__(self, name, formula, fn, grad):
        self.name = name
        self.formula = formula
        self.fn = fn
        self.grad = grad

    def __repr__(self):
        return f"Stage({self.name} = {self.formula})"


STAGES = (
    Stage("u", "x**2", np.square, lambda x: 2.0 * x),
    Stage("v", "sin(u)", np.sin, np.cos),
    Stage("y", "exp(v)", np.exp, np.exp),
)
"""The example composite y = exp(sin(x**2)): x -> u -> v -> y."""


@float64_safe
def forward(x, stages=STAGES):
    """Every intermediate value [x, u, v, ..., y], each shaped like ``x``.

    x: a number or an array of any shape (each element its own point).
    """
    x = as_array("x", x)
    require(
        np.all(np.abs(x) <= LIMIT),
        f"x must be finite with |x| <= {LIMIT:g}",
    )
    values = [x]
    for stage in stages:
        values.append(np.asarray(stage.fn(values[-1]), dtype=np.float64))
    return values


@float64_safe
def local_derivatives(x, stages=STAGES):
    """The local derivative of each stage at its own input:
    [du/dx, dv/du, dy/dv, ...], each shaped like ``x``.
    """
    values = forward(x, stages)
    return [
        np.asarray(stage.grad(value), dtype=np.float64)
        for stage, value in zip(stages, values[:-1], strict=True)
    ]


@float64_safe
def backward(x, stages=STAGES):
    """Pass dy/dy = 1 backwards through the stages.

    Returns the upstream gradients [dy/dx, dy/du, dy/dv, ..., dy/dy],
    in the order of the values from :func:`forward`, each shaped like x.
    Each one is the next one times that stage's local derivative.
    """
    locals_ = local_derivatives(x, stages)
    grads = [np.ones_like(locals_[0])]
    for local in reversed(locals_):
        grads.append(grads[-1] * local)
    return grads[::-1]


@float64_safe
def derivative(x, stages=STAGES):
    """dy/dx of the whole composite: the product of the local derivatives."""
    return backward(x, stages)[0]


@float64_safe
def composite(x, stages=STAGES):
    """y of the whole composite at ``x`` (any shape)."""
    return forward(x, stages)[-1]


# ---------------------------------------------------------------------------
# Vector form


def _check_layer(x, W, b):
    x = as_array("x", x, ndim=1, shape_text="(d_in,)")
    W = as_array("W", W, ndim=2, shape_text="(d_out, d_in)")
    b = as_array("b", b, ndim=1, shape_text="(d_out,)")
    require(
        W.shape[1] == x.shape[0],
        f"W must have shape (d_out, d_in) with d_in = {x.shape[0]}, got {W.shape}",
    )
    require(
        b.shape == (W.shape[0],),
        f"b must have shape (d_out,) = ({W.shape[0]},), got {b.shape}",
    )
    return x, W, b


@float64_safe
def tanh_layer(x, W, b):
    """y = tanh(W x + b). x: (d_in,), W: (d_out, d_in), b: (d_out,) -> (d_out,)."""
    x, W, b = _check_layer(x, W, b)
    return np.tanh(W @ x + b)


@float64_safe
def tanh_layer_jacobian(x, W, b):
    """J = dy/dx = diag(1 - y**2) W of :func:`tanh_layer`: (d_out, d_in)."""
    y = tanh_layer(x, W, b)
    return (1.0 - y**2)[:, None] * as_array("W", W)


@float64_safe
def vector_backward(J, dy):
    """dL/dx = J^T dL/dy. J: (d_out, d_in), dy: (d_out,) -> (d_in,)."""
    J = as_array("J", J, ndim=2, shape_text="(d_out, d_in)")
    dy = as_array("dy", dy, ndim=1, shape_text="(d_out,)")
    require(
        dy.shape[0] == J.shape[0],
        f"dy must have shape (d_out,) = ({J.shape[0]},), got {dy.shape}",
    )
    return J.T @ dy


@float64_safe
def numerical_jacobian(f, x, h=1e-5):
    """Centred-difference Jacobian of a vector function f: (d_in,) -> (d_out,).

    Column j is (f(x + h e_j) - f(x - h e_j)) / (2 h). Returns (d_out, d_in).
    """
    h = number("h", h, lo=0, lo_open=True)
    require(callable(f), f"f must be a function of x, got {f!r}")
    x = as_array("x", x, ndim=1, shape_text="(d_in,)")
    columns = []
    for j in range(x.shape[0]):
        step = np.zeros_like(x)
        step[j] = h
        plus = as_array("f(x)", f(x + step))
        minus = as_array("f(x)", f(x - step))
        columns.append((plus - minus) / (2.0 * h))
    return np.stack(columns, axis=-1)


@float64_safe
def squared_error(y, t):
    """L = 0.5 * sum((y - t)**2) for y, t: (d_out,); returns (L, dL/dy)."""
    y = as_array("y", y, ndim=1, shape_text="(d_out,)")
    t = as_array("t", t, ndim=1, shape_text="(d_out,)")
    require(y.shape == t.shape, f"t must have shape {y.shape}, got {t.shape}")
    diff = y - t
    return 0.5 * float(diff @ diff), diff
