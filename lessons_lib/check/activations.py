"""Checks for notebook 05 (activations and their derivatives)."""

import numpy as np

from lessons_lib import activations, deep_gradients
from lessons_lib.check._core import (
    Wrong,
    answered,
    as_numbers,
    call,
    exercise,
    expect_array,
    expect_choice,
    function,
)

__all__ = ["act_sigmoid_grad", "act_max_slope",
           "act_merge_layers", "act_depth_prediction"]

Z_TESTS = [
    np.array([0.0]),
    np.array([-2.0, -0.5, 0.5, 2.0]),
    np.array([[-1000.0, 1000.0], [30.0, -30.0]]),
]


@exercise("5.1", "sigmoid derivative")
def act_sigmoid_grad(fn):
    """``fn(z)`` must return sigma(z) * (1 - sigma(z)), shaped like z."""
    function(fn)
    hint = "sigma'(z) = sigma(z) * (1 - sigma(z)), element-wise."
    for z in Z_TESTS:
        got = as_numbers("sigmoid_grad(z)", call(fn, z))
        expected = activations.sigmoid_grad(z)
        if got.shape == z.shape and not np.allclose(got, expected):
            if np.allclose(got, activations.sigmoid(z)):
                raise Wrong(
                    "that is sigma(z) itself, not its slope. Hint: " + hint
                )
            if np.allclose(got, activations.tanh_grad(z)):
                raise Wrong(
                    "that is the slope of tanh, 1 - tanh(z)**2. Hint: " + hint
                )
            s = activations.sigmoid(z)
            if np.allclose(got, s * (1 + s)):
                raise Wrong("check the sign inside the bracket. Hint: " + hint)
        expect_array("sigmoid_grad(z)", got, expected, hint)


@exercise("5.2", "sigmoid's largest slope")
def act_max_slope(value):
    """The largest value of sigma'(z), as a number."""
    got = as_numbers("the largest slope", value)
    if got.size != 1:
        raise Wrong("enter one number.")
    got = float(got.reshape(()))
    z_best, best = activations.max_slope("sigmoid")
    hint = "the slope is largest at z = 0, where sigma(0) = 0.5."
    if abs(got - 0.5) < 1e-3:
        raise Wrong("0.5 is sigma(0), the value, not the slope. Hint: " + hint)
    if abs(got - 1.0) < 1e-3:
        raise Wrong("1 is the largest slope of tanh, not sigmoid. Hint: " + hint)
    if abs(got - best) > 0.6e-4:
        raise Wrong("not the largest slope. Hint: " + hint)


def _layers(rng, d_in, d_h, d_out):
    return (rng.standard_normal((d_h, d_in)), rng.standard_normal(d_h),
            rng.standard_normal((d_out, d_h)), rng.standard_normal(d_out))


@exercise("5.3", "two linear layers as one")
def act_merge_layers(fn):
    """``fn(W1, b1, W2, b2)`` must return (W, b) of the single layer."""
    function(fn)
    hint = ("expand (X @ W1.T + b1) @ W2.T + b2: W = W2 @ W1, "
            "b = W2 @ b1 + b2.")
    rng = np.random.default_rng(5)
    for dims in [(2, 2, 2), (3, 4, 2), (5, 1, 3)]:
        W1, b1, W2, b2 = _layers(rng, *dims)
        result = call(fn, W1, b1, W2, b2)
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise Wrong("return two things, (W, b). Hint: " + hint)
        W, b = (answered(part) for part in result)
        W_ok, b_ok = deep_gradients.merge_linear(W1, b1, W2, b2)
        W = as_numbers("W", W)
        if W.shape == (dims[0], dims[2]) and dims[0] != dims[2]:
            raise Wrong(
                f"W has shape {W.shape}; it should be (d_out, d_in) = "
                f"{W_ok.shape}, like every W here. Hint: {hint}"
            )
        if W.shape == W_ok.shape and not np.allclose(W, W_ok):
            if W1.shape == W2.shape and np.allclose(W, W1 @ W2):
                raise Wrong("the order of the product is swapped. Hint: " + hint)
        expect_array("W", W, W_ok, hint)
        b = as_numbers("b", b)
        if b.shape == b2.shape and np.allclose(b, b2) and not np.allclose(b, b_ok):
            raise Wrong(
                "b misses the first bias as it passes through W2. Hint: " + hint
            )
        if (b1.shape == b2.shape == b.shape and np.allclose(b, b1 + b2)
                and not np.allclose(b, b_ok)):
            raise Wrong("b1 must pass through W2 before it is added. Hint: " + hint)
        expect_array("b", b, b_ok, hint)


DEPTH_OPTIONS = {
    "a": "that would mean each sigmoid layer multiplies the gradient by "
         "more than 1.",
    "b": "that is what ReLU (with He init) does, not sigmoid.",
    "c": "right.",
}


@exercise("5.4", "predict the depth slider")
def act_depth_prediction(answer):
    """'a' grows, 'b' stays about the same, 'c' falls by many powers of ten."""
    expect_choice(
        "your prediction", answer, DEPTH_OPTIONS, "c",
        "each layer back multiplies by slopes of at most 0.25, so 40 layers "
        "give a factor far below 1e-10.",
    )
