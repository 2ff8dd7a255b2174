"""One policy for bad input, checked over every public function.

For each function the table below gives good arguments and, per argument,
what it must be. Each argument is then replaced, one at a time, by None,
text, a complex number, NaN, inf, a wrong shape, 1e308 and -1e308 (and,
for scalars, each out-of-range value). The call must raise a ValueError
whose message names what was expected, or (for huge values) return a
finite answer. pytest turns every warning into an error, so a numpy
warning fails the test too.
"""

import inspect
import re
from dataclasses import dataclass, field

import numpy as np
import pytest

from lessons_lib import (
    _arrays,
    activations,
    batchnorm,
    chain_rule,
    dense,
    gradcheck,
    gradient_descent,
    integral,
    losses,
    regularization,
)

MODULES = [
    activations, batchnorm, chain_rule, dense, gradcheck, gradient_descent,
    integral, losses, regularization,
]
TOO_LARGE = "too large for float64"


@dataclass
class Arr:
    """An array argument: its name in messages, a good value, the expected
    shape as a regex, a value of the wrong shape, and what 1e308 gives."""

    name: str
    good: object
    shape: str | None = None
    wrong: object = None
    huge: str | None = None  # regex of the error for 1e308, or None: finite/TOO_LARGE
    finite: bool = True  # False: NaN/inf are allowed (documented)


@dataclass
class Num:
    """A scalar argument: name in messages, good value, range text, and
    out-of-range values."""

    name: str
    good: object
    range: str
    bad: list = field(default_factory=list)
    huge: str | None = None
    infinite_ok: bool = False
    optional: bool = False  # None means "not given"
    nan_ok: bool = False  # NaN has a documented answer


@dataclass
class Any_:
    good: object


H = gradient_descent.bowl_hessian()
X3 = np.array([[1.0, 2.0], [0.5, -1.0], [0.0, 3.0]])
W2 = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
ONE_HOT = np.eye(3)[[0, 2, 1]]
_, CACHE = batchnorm.forward(X3, np.ones(2), np.zeros(2))
DATA = integral.overfit_data(n_train=5, n_test=5)
XP = integral.poly_features(DATA["x_train"], 2)
Z3 = np.array([0.5, -1.0, 2.0])

POS = r"a number > 0"
NONNEG = r"a number >= 0"
ELEMENTWISE = [
    "relu", "relu_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad",
    "gelu", "gelu_grad", "gelu_tanh", "gelu_tanh_grad", "identity",
    "identity_grad",
]

SPECS = {
    **{
        f"activations.{n}": (getattr(activations, n), [Arr("z", Z3)])
        for n in ELEMENTWISE
    },
    "activations.get": (activations.get, [Any_("relu")]),
    "activations.max_slope": (activations.max_slope, [
        Any_("sigmoid"), Num("lo", -10.0, "a number"), Num("hi", 10.0, "a number"),
        Num("points", 101, r"a whole number in \[3, 1e\+07\]", [2, 0, -5, 10.5]),
    ]),
    "activations.slope_product_bound": (activations.slope_product_bound, [
        Any_("gelu"), Num("depth", 3, "a whole number >= 0", [-1, 2.5],
                          huge=TOO_LARGE),
    ]),
    "batchnorm.forward": (batchnorm.forward, [
        Arr("x", X3, r"\(N, D\)", np.ones(3)),
        Arr("gamma", np.ones(2), r"\(D,\) = \(2,\)", np.ones((2, 2))),
        Arr("beta", np.zeros(2), r"\(D,\) = \(2,\)", np.ones((2, 1))),
        Num("eps", 1e-5, NONNEG, [-1e-5]),
    ]),
    "batchnorm.backward": (batchnorm.backward, [
        Arr("dy", np.ones((3, 2)), r"\(N, D\) = \(3, 2\)", np.ones(6)),
        Any_(CACHE),
    ]),
    "chain_rule.forward": (chain_rule.forward, [
        Arr("x", 0.7, huge=r"\|x\| <= 1e\+100")]),
    "chain_rule.local_derivatives": (chain_rule.local_derivatives, [
        Arr("x", 0.7, huge=r"\|x\| <= 1e\+100")]),
    "chain_rule.backward": (chain_rule.backward, [
        Arr("x", 0.7, huge=r"\|x\| <= 1e\+100")]),
    "chain_rule.derivative": (chain_rule.derivative, [
        Arr("x", 0.7, huge=r"\|x\| <= 1e\+100")]),
    "chain_rule.composite": (chain_rule.composite, [
        Arr("x", 0.7, huge=r"\|x\| <= 1e\+100")]),
    "chain_rule.tanh_layer": (chain_rule.tanh_layer, [
        Arr("x", np.ones(2), r"\(d_in,\)", np.ones((2, 2))),
        Arr("W", W2, r"\(d_out, d_in\)", np.ones(2)),
        Arr("b", np.zeros(3), r"\(d_out,\)", np.zeros((3, 1))),
    ]),
    "chain_rule.tanh_layer_jacobian": (chain_rule.tanh_layer_jacobian, [
        Arr("x", np.ones(2), r"\(d_in,\)", np.ones((2, 2))),
        Arr("W", W2, r"\(d_out, d_in\)", np.ones(2)),
        Arr("b", np.zeros(3), r"\(d_out,\)", np.zeros((3, 1))),
    ]),
    "chain_rule.vector_backward": (chain_rule.vector_backward, [
        Arr("J", W2, r"\(d_out, d_in\)", np.ones(3)),
        Arr("dy", np.ones(3), r"\(d_out,\)", np.ones((3, 1))),
    ]),
    "chain_rule.numerical_jacobian": (chain_rule.numerical_jacobian, [
        Any_(np.sin), Arr("x", np.ones(2), r"\(d_in,\)", np.ones((2, 2))),
        Num("h", 1e-5, POS, [0, -1e-5]),
    ]),
    "chain_rule.squared_error": (chain_rule.squared_error, [
        Arr("y", np.ones(3), r"\(d_out,\)", np.ones((3, 1))),
        Arr("t", np.zeros(3), r"\(d_out,\)", np.ones((3, 1))),
    ]),
    "dense.forward": (dense.forward, [
        Arr("X", X3, r"\(B, d_in\)", np.ones(2)),
        Arr("W", W2, r"\(d_out, d_in\)", np.ones(2)),
        Arr("b", np.zeros(3), r"\(d_out,\) = \(3,\)", np.zeros((3, 1))),
    ]),
    "dense.backward": (dense.backward, [
        Arr("dZ", np.ones((3, 3)), r"\(B, d_out\)", np.ones(3)),
        Arr("X", X3, r"\(B, d_in\)", np.ones(2)),
        Arr("W", W2, r"\(d_out, d_in\)", np.ones(2)),
    ]),
    "gradcheck.numerical_gradient": (gradcheck.numerical_gradient, [
        Any_(lambda v: float(np.sum(v**2))), Arr("x", np.ones(3)),
        Num("h", 1e-5, POS, [0, -1e-5]),
    ]),
    "gradcheck.relative_error": (gradcheck.relative_error, [
        Arr("a", np.ones(3), "same shape", np.ones(4)),
        Arr("b", np.ones(3), "same shape", np.ones(4)),
    ]),
    "gradcheck.compare": (gradcheck.compare, [
        Any_("dW"),
        Arr("dW \\(analytic\\)", np.ones(3),
            r"analytic gradient has shape \(4,\) but", np.ones(4), finite=False),
        Arr("dW \\(numerical\\)", np.ones(3),
            r"numerical one has shape \(4,\)", np.ones(4), finite=False),
        Num("tol", 1e-7, POS, [0, -1.0]),
    ]),
    "gradcheck.order_of": (gradcheck.order_of, [
        Num("value", 1e-9, NONNEG, [-1.0], infinite_ok=True, nan_ok=True)]),
    "gradient_descent.run": (gradient_descent.run, [
        Any_(lambda x: 2 * (x - 1)),
        Arr("x0", 3.0, r"a number or a vector \(d,\)", np.ones((2, 2))),
        Num("lr", 0.1, POS, [0, -0.1]),
        Num("steps", 5, r"a whole number in \[0, 1e\+07\]", [-1, 2.5, 10**7 + 1]),
        Num("limit", 1e6, POS, [0, -1.0]),
    ]),
    "gradient_descent.diverged_at": (gradient_descent.diverged_at, [
        Arr("path", np.ones(6), r"\(k \+ 1,\) or \(k \+ 1, d\)", np.ones((2, 2, 2))),
        Num("steps", 5, "a whole number >= 0", [-1, 2.5]),
    ]),
    "gradient_descent.critical_learning_rate": (
        gradient_descent.critical_learning_rate,
        [Num("the curvature L", 4.0, POS, [0, -1.0])],
    ),
    "gradient_descent.derivative": (gradient_descent.derivative, [
        Any_(np.sin), Arr("x", np.ones(3)), Num("h", 1e-5, POS, [0, -1e-5]),
    ]),
    "gradient_descent.tangent": (gradient_descent.tangent, [
        Any_(np.sin), Num("slope", 0.5, "a number"), Num("x0", 0.2, "a number"),
        Arr("xs", np.linspace(0, 1, 5)),
    ]),
    "gradient_descent.two_valleys": (gradient_descent.two_valleys, [
        Arr("x", Z3)]),
    "gradient_descent.two_valleys_grad": (gradient_descent.two_valleys_grad, [
        Arr("x", Z3)]),
    "gradient_descent.bowl_hessian": (gradient_descent.bowl_hessian, [
        Arr("curvatures", (1.0, 10.0), r"\(2,\)", np.ones(3)),
        Num("angle_deg", 30.0, "a number"),
    ]),
    "gradient_descent.quadratic": (gradient_descent.quadratic, [
        Arr("x", np.ones(2), r"\(\.\.\., d\) with d = 2", np.ones(3)),
        Arr("H", H, r"\(d, d\)", np.ones(2)),
    ]),
    "gradient_descent.quadratic_grad": (gradient_descent.quadratic_grad, [
        Arr("x", np.ones(2), r"\(\.\.\., d\) with d = 2", np.ones(3)),
        Arr("H", H, r"\(d, d\)", np.ones(2)),
    ]),
    "gradient_descent.largest_curvature": (gradient_descent.largest_curvature, [
        Arr("H", H, r"\(d, d\)", np.ones((2, 3)))]),
    "gradient_descent.contraction": (gradient_descent.contraction, [
        Arr("lr", 0.1), Arr("curvatures", [1.0, 10.0], r"\(d,\)", []),
    ]),
    "gradient_descent.parabola": (gradient_descent.parabola, [
        Arr("x", Z3), Num("the curvature L", 4.0, POS, [0, -1.0]),
        Num("center", 1.0, "a number"),
    ]),
    "gradient_descent.parabola_grad": (gradient_descent.parabola_grad, [
        Arr("x", Z3), Num("the curvature L", 4.0, POS, [0, -1.0]),
        Num("center", 1.0, "a number"),
    ]),
    "gradient_descent.regime": (gradient_descent.regime, [
        Num("lr", 0.1, POS, [0, -1.0]), Num("the curvature L", 4.0, POS, [0, -1.0]),
        Any_(None), Any_(None),
        Num("start_distance", 1.0, NONNEG, [-1.0], optional=True),
    ]),
    "gradient_descent.describe": (gradient_descent.describe, [
        Num("lr", 0.1, POS, [0, -1.0]), Num("the curvature L", 4.0, POS, [0, -1.0]),
        Any_(None), Any_(None), Num("start_distance", 1.0, NONNEG, [-1.0]),
    ]),
    "gradient_descent.clip_for_drawing": (gradient_descent.clip_for_drawing, [
        Arr("values", Z3, finite=False), Num("lo", -1.0, "a number"),
        Num("hi", 1.0, "a number"),
    ]),
    "integral.loss_distribution": (integral.loss_distribution, []),
    "integral.expectation_by_integral": (integral.expectation_by_integral, [
        Any_(integral.loss_distribution().pdf),
        Num("lo", 0.0, "a number", infinite_ok=True),
        Num("hi", 50.0, "a number", infinite_ok=True),
    ]),
    "integral.minibatch_means": (integral.minibatch_means, [
        Num("B", 4, "a whole number >= 1", [0, 2.5], huge=r"B \* repeats"),
        Num("repeats", 3, "a whole number >= 2", [1, 2.5], huge=r"B \* repeats"),
        Num("seed", 0, "a whole number >= 0", [-1, 0.5], huge=r".*"),
    ]),
    "integral.predicted_spread": (integral.predicted_spread, [
        Num("sigma", 0.7, NONNEG, [-1.0]), Arr("B", [1.0, 4.0]),
    ]),
    "integral.poly_features": (integral.poly_features, [
        Arr("x", DATA["x_train"], r"\(N,\)", np.ones((2, 2))),
        Num("degree", 3, r"a whole number in \[1, 1000\]", [0, 1.5, 1001]),
    ]),
    "integral.true_curve": (integral.true_curve, [Arr("x", Z3)]),
    "integral.overfit_data": (integral.overfit_data, [
        Num("n_train", 5, r"a whole number in \[1, 1e\+08\]", [0, 1.5]),
        Num("n_test", 5, r"a whole number in \[1, 1e\+08\]", [0, 1.5]),
        Num("noise", 0.25, NONNEG, [-0.1]),
        Num("seed", 0, "a whole number >= 0", [-1, 0.5], huge=r".*"),
    ]),
    "integral.predict": (integral.predict, [
        Arr("X", XP, r"\(N, d\)", np.ones(2)),
        Arr("W", np.ones((1, 2)), r"\(1, d\) = \(1, 2\)", np.ones((1, 3))),
        Arr("b", np.zeros(1), r"\(1,\)", np.zeros(2)),
    ]),
    **{
        f"integral.{n}": (getattr(integral, n), [
            Arr("X", XP, r"\(N, d\)", np.ones(2)),
            Arr("y", DATA["y_train"], r"\(N,\) = \(5,\)", np.ones(4)),
            Arr("W", np.ones((1, 2)), r"\(1, d\) = \(1, 2\)", np.ones((1, 3))),
            Arr("b", np.zeros(1), r"\(1,\)", np.zeros(2)),
            *([Num("lam", 0.1, NONNEG, [-1.0])] if n != "mse" else []),
        ])
        for n in ("mse", "ridge_loss", "ridge_grad")
    },
    "integral.fit_ridge": (integral.fit_ridge, [
        Arr("X", XP, r"\(N, d\)", np.ones(2)),
        Arr("y", DATA["y_train"], r"\(N,\) = \(5,\)", np.ones(4)),
        Num("lam", 0.1, NONNEG, [-1.0]),
    ]),
    "integral.ridge_errors": (integral.ridge_errors, [
        Any_(DATA), Num("degree", 2, r"a whole number in \[1, 1000\]", [0, 1.5]),
        Arr("lams", [0.0, 0.1]),
    ]),
    "integral.quadratic": (integral.quadratic, [Arr("H", H, r"\(d, d\)", np.ones(2))]),
    "integral.flow": (integral.flow, [
        Arr("H", H, r"\(d, d\)", np.ones(2)),
        Arr("x0", [1.0, 1.0], r"\(d,\) = \(2,\)", np.ones(3)),
        Arr("times", [0.0, 0.5], r"\(n,\)", np.ones((2, 2))),
    ]),
    **{
        f"integral.{n}": (getattr(integral, n), [
            Arr("H", H, r"\(d, d\)", np.ones(2)),
            Arr("x0", [1.0, 1.0], r"\(d,\) = \(2,\)", np.ones(3)),
            Num("lr", 0.1, POS, [0, -0.1], huge=r"lr must be < 2 \* t_end"),
            Num("t_end", 3.0, NONNEG, [-1.0], huge=r"t_end / lr must be <="),
        ])
        for n in ("descent", "gap_to_flow")
    },
    "integral.value": (integral.value, [
        Arr("H", H, r"\(d, d\)", np.ones(2)), Arr("X", [[1.0, 2.0]]),
    ]),
    "losses.log_softmax": (losses.log_softmax, [Arr("Z", ONE_HOT, r"\(B, K\)", [])]),
    "losses.softmax": (losses.softmax, [Arr("Z", ONE_HOT, r"\(B, K\)", [])]),
    "losses.one_hot_labels": (losses.one_hot_labels, [
        Arr("Y", ONE_HOT, r"\(B, K\) = \(3, 3\)", np.ones((3, 2)),
            huge=r"Y must hold probabilities in \[0, 1\]"),
        Num("B", 3, "a whole number >= 1", [0, 2.5], huge=".*"),
        Num("K", 3, "a whole number >= 1", [0, 2.5], huge=".*"),
    ]),
    "losses.cross_entropy": (losses.cross_entropy, [
        Arr("P", ONE_HOT * 0.8 + 0.2 / 3, r"\(B, K\)", np.ones(3),
            huge=r"P must hold probabilities in \[0, 1\]"),
        Arr("Y", ONE_HOT, r"\(B, K\) = \(3, 3\)", np.ones((3, 2)),
            huge=r"Y must hold probabilities in \[0, 1\]"),
    ]),
    "losses.softmax_cross_entropy": (losses.softmax_cross_entropy, [
        Arr("Z", ONE_HOT, r"\(B, K\)", np.ones(3)),
        Arr("Y", ONE_HOT, r"\(B, K\) = \(3, 3\)", np.ones((3, 2)),
            huge=r"Y must hold probabilities in \[0, 1\]"),
    ]),
    "regularization.l2_penalty": (regularization.l2_penalty, [
        Arr("W", W2), Num("lam", 0.1, NONNEG, [-1.0]),
    ]),
    "regularization.l2_grad": (regularization.l2_grad, [
        Arr("W", W2), Num("lam", 0.1, NONNEG, [-1.0]),
    ]),
    "regularization.total_loss": (regularization.total_loss, [
        Num("data_loss", 0.5, "a number"), Arr("W", W2),
        Num("lam", 0.1, NONNEG, [-1.0]),
    ]),
    "regularization.decay_factor": (regularization.decay_factor, [
        Num("lr", 0.1, POS, [0, -0.1]), Num("lam", 0.1, NONNEG, [-1.0]),
    ]),
    "regularization.weight_decay_step": (regularization.weight_decay_step, [
        Arr("W", W2), Arr("dW_data", W2, r"W's shape \(3, 2\)", np.ones(2)),
        Num("lr", 0.1, POS, [0, -0.1]), Num("lam", 0.1, NONNEG, [-1.0]),
    ]),
}


SPECS["integral.nested_minibatch_means"] = (integral.nested_minibatch_means, [
    Num("max_B", 4, "a whole number >= 1", [0, 2.5], huge=r"max_B \* repeats"),
    Num("repeats", 3, "a whole number >= 2", [1, 2.5], huge=r"max_B \* repeats"),
    Num("seed", 0, "a whole number >= 0", [-1, 0.5], huge=r".*"),
])


def _public_functions():
    names = set()
    for module in MODULES:
        short = module.__name__.rsplit(".", 1)[1]
        for name, obj in vars(module).items():
            if (
                not name.startswith("_")
                and inspect.isfunction(obj)
                and obj.__module__ == module.__name__
            ):
                names.add(f"{short}.{name}")
    return names


def test_every_public_function_is_in_the_table():
    assert _public_functions() == set(SPECS)


def _replace(args, i, value):
    values = [a.good for a in args]
    values[i] = value
    return values


def _cases():
    for key, (func, args) in SPECS.items():
        for i, arg in enumerate(args):
            if isinstance(arg, Arr):
                real = f"{arg.name} must be an array of real numbers"
                bad = [
                    ("None", None, real), ("text", "text", real),
                    ("complex", np.asarray(arg.good) + 1j, real),
                    ("object", [object()], real),
                ]
                if arg.finite:
                    bad += [
                        ("nan", np.full(np.shape(arg.good), np.nan),
                         f"{arg.name} contains NaN"),
                        ("inf", np.full(np.shape(arg.good), np.inf),
                         f"{arg.name} contains inf"),
                    ]
                if arg.shape is not None:
                    bad.append(("shape", arg.wrong, arg.shape))
            elif isinstance(arg, Num):
                expected = f"{arg.name} must be {arg.range}"
                bad = [
                    *([] if arg.optional else [("None", None, expected)]),
                    ("text", "0.1", expected),
                    ("complex", 1 + 1j, expected), ("bool", True, expected),
                    ("array", np.ones(2), expected),
                    *([] if arg.nan_ok else [("nan", np.nan, expected)]),
                ]
                if not arg.infinite_ok:
                    bad.append(("inf", np.inf, expected))
                bad += [(f"out{v!r}", v, expected) for v in arg.bad]
            else:
                continue
            label = getattr(arg, "name", str(i))
            for tag, value, message in bad:
                yield pytest.param(
                    func, _replace(args, i, value), message,
                    id=f"{key}-{label}-{tag}",
                )


@pytest.mark.parametrize(("func", "args", "message"), list(_cases()))
def test_bad_input_raises_value_error_naming_what_was_expected(func, args, message):
    with pytest.raises(ValueError, match=message):
        func(*args)


def _finite(result):
    if isinstance(result, tuple | list):
        return all(_finite(r) for r in result)
    if isinstance(result, dict):
        return all(_finite(r) for r in result.values())
    if isinstance(result, str) or result is None:
        return True
    if isinstance(result, np.ndarray | float | int | np.floating):
        return bool(np.all(np.isfinite(result)))
    return True  # frozen distributions, caches: nothing numeric at top level


def _huge_cases():
    for key, (func, args) in SPECS.items():
        for i, arg in enumerate(args):
            if isinstance(arg, Arr):
                shape = np.shape(arg.good)
                values = [np.full(shape, 1e308), np.full(shape, -1e308)]
                if len(shape) >= 1 and np.size(arg.good) > 1:
                    mixed = np.array(arg.good, dtype=float).copy()
                    mixed.reshape(-1)[0] = 1e308
                    values.append(mixed)
            elif isinstance(arg, Num):
                values = [1e308, -1e308]
            else:
                continue
            for j, value in enumerate(values):
                yield pytest.param(
                    func, _replace(args, i, value), arg,
                    id=f"{key}-{arg.name}-huge{j}",
                )


@pytest.mark.parametrize(("func", "args", "arg"), list(_huge_cases()))
def test_huge_values_give_a_finite_answer_or_say_too_large(func, args, arg):
    try:
        result = func(*args)
    except ValueError as err:
        text = str(err)
        allowed = [TOO_LARGE, f"{arg.name} must be", "need lo < hi"]
        if arg.huge is not None:
            allowed.append(arg.huge)
        if isinstance(arg, Arr):
            allowed += [
                "must all be > 0", "must all be >= 0", "must hold", "must be >= 0",
                "lr must", "positive definite", "symmetric", ">= 1", "probabilities",
                "is lost in x element",
            ]
        assert any(re.search(a, text) for a in allowed), text
    else:
        # gap_to_flow documents inf for a run that diverged
        assert _finite(result) or func is integral.gap_to_flow, result


# ----- specific answers the policy promises -----


def test_exact_answers_for_huge_finite_inputs():
    assert activations.sigmoid(1e308) == 1.0
    assert activations.relu(1e308) == 1e308
    assert activations.gelu(1e308) == 1e308
    assert activations.gelu(-1e308) == 0.0
    assert activations.gelu_tanh(1e308) == 1e308
    np.testing.assert_allclose(losses.softmax([[3000.0, 1.0]]), [[1.0, 0.0]])
    np.testing.assert_allclose(losses.softmax([[1e308, -1e308]]), [[1.0, 0.0]])
    np.testing.assert_array_equal(integral.flow(H, [1.0, 1.0], [1e308]), [[0, 0]])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dense.forward([[1e308, 1e308]], [[1e308, 1e308]], [0.0]),
         "forward: the values are too large for float64"),
        (lambda: regularization.l2_penalty([1e308], 1.0), TOO_LARGE),
        (lambda: regularization.l2_penalty([2.0], 1e308), TOO_LARGE),
        (lambda: regularization.decay_factor(1e308, 1.0), TOO_LARGE),
        (lambda: gradient_descent.critical_learning_rate(1e-320), TOO_LARGE),
        (lambda: gradient_descent.contraction(1e308, [1.0, 10.0]), TOO_LARGE),
        (lambda: gradient_descent.two_valleys(1e308), TOO_LARGE),
        (lambda: gradient_descent.run(lambda x: 2 * x, 1e308, 0.1, 3), TOO_LARGE),
        (lambda: integral.poly_features([1e308], 2), TOO_LARGE),
        (lambda: integral.flow(H, [1.0, 1.0], [-1e3]), "times must all be >= 0"),
        (lambda: activations.slope_product_bound("gelu", 10**7), TOO_LARGE),
    ],
)
def test_overflow_is_a_value_error_that_says_so(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_run_with_a_huge_step_stops_at_the_largest_float():
    path = gradient_descent.run(lambda x: 2 * x, 1.0, 1e308, 5)
    assert path.tolist() == [1.0, -np.finfo(float).max]
    assert gradient_descent.diverged_at(path, 5) == 1


def test_cross_entropy_needs_probabilities_and_valid_labels():
    with pytest.raises(ValueError, match=r"P must hold probabilities in \[0, 1\], "
                       r"got values from -0\.5 to 1\.5"):
        losses.cross_entropy([[-0.5, 1.5]], [1])
    with pytest.raises(ValueError, match=r"class indices in Y must lie in 0\.\.1"):
        losses.cross_entropy([[0.5, 0.5]], [2])
    with pytest.raises(ValueError, match=r"Y must hold probabilities"):
        losses.cross_entropy([[0.5, 0.5]], [[2.0, -1.0]])
    # rounding just outside [0, 1] is tolerated
    assert losses.cross_entropy([[1 + 1e-12, -1e-12]], [0]) == pytest.approx(0.0)


def test_regime_rejects_bad_lr_and_knows_the_start_at_the_minimum():
    with pytest.raises(ValueError, match="lr must be a number > 0, got 0"):
        gradient_descent.regime(0, 4)
    with pytest.raises(ValueError, match="lr must be a number > 0, got -1"):
        gradient_descent.regime(-1, 4)
    assert gradient_descent.regime(0.6, 4, start_distance=0) == "already at the minimum"
    assert gradient_descent.regime(0.6, 4, start_distance=0.5) == "oscillates and grows"
    assert gradient_descent.regime(0.6, 4) == "oscillates and grows"


def test_gap_to_flow_names_the_largest_step_that_fits():
    for lr in (6.0, 10.0, 1e308):
        with pytest.raises(ValueError, match=r"lr must be < 2 \* t_end = 6 so that "
                           r"at least one step fits in the time span, got lr = "):
            integral.gap_to_flow(H, [1.0, 1.0], lr, 3.0)
    assert integral.gap_to_flow(H, [1.0, 1.0], 5.0, 3.0) == pytest.approx(18.7518)
    assert integral.gap_to_flow(H, [1.0, 1.0], 1.0, 10.0) == float("inf")  # diverged
    assert integral.gap_to_flow(H, [1.0, 1.0], 0.1, 0.0) == 0.0


def test_scalar_messages_quote_the_value():
    with pytest.raises(ValueError, match=r"^lr must be a number > 0, got '0\.1'$"):
        gradient_descent.run(lambda x: x, 1.0, "0.1", 3)
    with pytest.raises(
        ValueError, match=r"^steps must be a whole number in \[0, 1e\+07\], got None$"
    ):
        gradient_descent.run(lambda x: x, 1.0, 0.1, None)
    with pytest.raises(ValueError, match=r"^the curvature L must be a number > 0, "
                       r"got '4'$"):
        gradient_descent.critical_learning_rate("4")
    with pytest.raises(ValueError, match=r"path holds 5 steps, more than steps = 4"):
        gradient_descent.diverged_at(np.ones(6), 4)


@pytest.mark.parametrize(
    ("analytic", "numeric", "line"),
    [
        ([np.nan, 1.0], [1.0, 1.0], "dW: the analytic gradient contains NaN"),
        ([np.inf, 1.0], [1.0, 1.0], "dW: the analytic gradient contains inf"),
        ([np.nan, -np.inf], [1.0, 1.0],
         "dW: the analytic gradient contains NaN and inf"),
        ([1.0, 1.0], [np.nan, 1.0], "dW: the numerical gradient contains NaN"),
        ([np.inf], [np.nan],
         "dW: the analytic gradient contains inf; "
         "the numerical gradient contains NaN"),
    ],
)
def test_compare_reports_a_broken_gradient_in_words(analytic, numeric, line):
    assert gradcheck.compare("dW", analytic, numeric) == line


def test_compare_normal_line_is_unchanged_and_huge_values_stay_silent():
    assert gradcheck.compare("dW", [1.0, 2.0], [1.0, 2.0]) == (
        "dW       exact: True  close: True  relative error 0, max difference 0"
    )
    assert gradcheck.compare("dW", [1e308], [-1e308]) == (
        "dW       exact: False close: False relative error below 1e0, "
        "max difference inf"
    )
    assert gradcheck.relative_error([1e308, 1e308], [1e308, 1e308]) == 0.0


def test_order_of_handles_nan_inf_and_negative():
    assert gradcheck.order_of(float("nan")) == "NaN"
    assert gradcheck.order_of(float("inf")) == "inf"
    assert gradcheck.order_of(3.2e-11) == "below 1e-10"
    with pytest.raises(ValueError, match=r"value must be a number >= 0, got -1"):
        gradcheck.order_of(-1)


def test_numerical_gradient_needs_a_single_number_from_f():
    with pytest.raises(
        ValueError, match=r"f must return a single number, got shape \(3,\)"
    ):
        gradcheck.numerical_gradient(lambda v: v * 2, np.ones(3))
    with pytest.raises(ValueError, match="f returned a value that is not finite"):
        gradcheck.numerical_gradient(lambda v: np.nan, np.ones(2))


def test_expectation_with_a_broken_density_says_so():
    with pytest.raises(ValueError, match=r"pdf\(0\.\d+\) contains NaN"):
        integral.expectation_by_integral(lambda x: np.nan, 0.0, 1.0)
    with pytest.raises(ValueError, match=r"pdf\(x\) must be >= 0"):
        integral.expectation_by_integral(lambda x: -1.0, 0.0, 1.0)


def test_number_helper_ranges_and_whole_numbers():
    assert _arrays.number("n", 3.0, lo=1, whole=True) == 3
    assert isinstance(_arrays.number("n", np.int64(3), whole=True), int)
    assert _arrays.number("p", np.float32(0.5), lo=0, hi=1) == 0.5
    with pytest.raises(ValueError, match=r"^p must be a number in \(0, 1\], got 0$"):
        _arrays.number("p", 0, lo=0, hi=1, lo_open=True)
    with pytest.raises(ValueError, match=r"^p must be a number < 1, got 1$"):
        _arrays.number("p", 1, hi=1, hi_open=True)
    with pytest.raises(ValueError, match=r"too large for float64"):
        _arrays.number("n", 10**400)


def test_float64_guard_converts_overflow_but_not_underflow():
    with pytest.raises(ValueError, match=r"^square: the values are too large"):
        with _arrays.float64_guard("square"):
            np.square(np.array([1e200]))
    with _arrays.float64_guard():
        assert np.exp(np.array([-1e4]))[0] == 0.0
