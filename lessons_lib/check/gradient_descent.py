"""Checks for notebook 01 (gradient descent): exercises 1.1 to 1.4."""

import numpy as np

from lessons_lib import gradient_descent as gd
from lessons_lib.check._core import (
    Wrong,
    answered,
    as_numbers,
    call,
    exercise,
    expect_array,
    expect_choice,
    expect_number,
    function,
    near,
    one_number,
)

__all__ = ["gd_one_step", "gd_update_rule", "gd_critical_lr", "gd_past_critical"]

STEP_CURVATURE = 4.0
"""Exercise 1.1: f(x) = 0.5 * 4 * (x - 1)**2 = 2 (x - 1)**2."""
STEP_X0 = 3.0
STEP_LR = 0.1

CRITICAL_H = np.array([[5.0, 2.0], [2.0, 2.0]])
"""Exercise 1.3: the Hessian whose critical learning rate is asked for."""


@exercise("1.1", "one step by hand")
def gd_one_step(x1):
    """x1 after one step from x0 = 3 with lr = 0.1 on f(x) = 2 (x - 1)**2."""
    value = one_number("x1", x1)
    x0, lr = STEP_X0, STEP_LR
    grad = float(gd.parabola_grad(x0, STEP_CURVATURE))
    if near(value, x0 + lr * grad):
        raise Wrong("you stepped uphill. Hint: the update subtracts lr * f'(x).")
    if near(value, x0 - grad):
        raise Wrong("the step is not scaled. Hint: multiply f'(x0) by lr first.")
    if near(value, x0 - lr * grad / 2.0):
        raise Wrong(
            "the step is half as long as it should be. Hint: the derivative "
            "of 2 (x - 1)**2 is 4 (x - 1)."
        )
    if near(value, -lr * grad):
        raise Wrong("that is the step, not the new x. Hint: x1 = x0 - lr * f'(x0).")
    expect_number(
        "x1", value, x0 - lr * grad,
        "f'(x) = 4 (x - 1), so f'(3) = 8; then x1 = x0 - lr * f'(x0).",
    )


@exercise("1.2", "the update rule")
def gd_update_rule(fn):
    """fn(x, grad, lr) must return x - lr * grad for numbers and vectors."""
    function(fn)
    cases = [
        (3.0, 8.0, 0.1),
        (np.array([1.0, -2.0]), np.array([0.5, 4.0]), 0.05),
        (np.array([0.0, 0.0, 0.0]), np.array([1.0, -1.0, 2.0]), 0.5),
    ]
    hint = "the new x is x - lr * grad, with the same shape as x."
    for x, grad, lr in cases:
        got = as_numbers("the new x", call(fn, x, grad, lr))
        expected = x - lr * grad
        if got.shape == np.shape(expected) and np.allclose(got, expected):
            continue
        if got.shape == np.shape(expected) and np.allclose(got, x + lr * grad):
            raise Wrong(f"x moved uphill (along +grad). Hint: {hint}")
        if got.shape == np.shape(expected) and np.allclose(got, x - grad):
            raise Wrong(f"lr is not used: the step is the whole gradient. Hint: {hint}")
        if got.shape == np.shape(expected) and np.allclose(got, -lr * grad):
            raise Wrong(f"you returned the step, not the new x. Hint: {hint}")
        expect_array("the new x", got, expected, hint)


@exercise("1.3", "critical learning rate")
def gd_critical_lr(lr_critical):
    """2 / L for the Hessian CRITICAL_H, L its largest eigenvalue."""
    value = one_number("lr_critical", answered(lr_critical))
    eig = np.linalg.eigvalsh(CRITICAL_H)
    L = float(eig[-1])
    if near(value, 2.0 / eig[0]):
        raise Wrong(
            "that uses the smallest eigenvalue. Hint: the steepest direction "
            "(largest eigenvalue) is the first to blow up."
        )
    if near(value, 2.0 / np.max(np.diag(CRITICAL_H))):
        raise Wrong(
            "that uses the largest diagonal entry. Hint: H is not diagonal; "
            "use its largest eigenvalue, np.linalg.eigvalsh(H)."
        )
    if near(value, 1.0 / L):
        raise Wrong("that is 1 / L. Hint: the limit is 2 / L.")
    expect_number(
        "lr_critical", value, gd.critical_learning_rate(L),
        "L is the largest eigenvalue of H; the answer is 2 / L.",
    )


PAST_CRITICAL = {
    "a": "(a) says descent still converges, only more slowly.",
    "b": "(b) says it keeps oscillating with a constant width; that happens "
         "only at exactly lr = 2/L.",
    "c": "(c) is right.",
    "d": "(d) says it lands on the minimum in one step; that happens at "
         "lr = 1/L.",
}


@exercise("1.4", "past the critical learning rate")
def gd_past_critical(prediction):
    """Which of a-d happens for lr above 2 / L (0.65 against 0.5)."""
    expect_choice(
        "your prediction", prediction, PAST_CRITICAL, "c",
        "past 2/L the factor |1 - lr * L| is above 1, so every step "
        "overshoots by more than the last.",
    )
