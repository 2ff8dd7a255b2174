"""The gradient checker itself: it must pass right gradients and catch
wrong ones, or every check in the notebooks means nothing."""

import numpy as np
import pytest

from lessons_lib import gradcheck


def f(x):
    return float((x**3).sum() + 2.0 * x[0] * x[-1])


def f_grad(x):
    g = 3.0 * x**2
    g[0] += 2.0 * x[-1]
    g[-1] += 2.0 * x[0]
    return g


def test_numerical_gradient_of_a_known_function():
    x = np.array([0.5, -1.0, 2.0])
    numeric = gradcheck.numerical_gradient(f, x)
    assert gradcheck.relative_error(f_grad(x), numeric) < 1e-9


def test_numerical_gradient_keeps_shape_and_input():
    x = np.arange(6.0).reshape(2, 3)
    kept = x.copy()
    g = gradcheck.numerical_gradient(lambda v: (v**2).sum(), x)
    assert g.shape == (2, 3)
    np.testing.assert_array_equal(x, kept)
    np.testing.assert_allclose(g, 2 * x, atol=1e-8)


def test_compare_says_close_for_right_and_not_for_wrong():
    x = np.array([0.5, -1.0, 2.0])
    numeric = gradcheck.numerical_gradient(f, x)
    assert "close: True" in gradcheck.compare("g", f_grad(x), numeric)
    wrong = f_grad(x) * 1.01
    assert "close: False" in gradcheck.compare("g", wrong, numeric)
    assert "exact: True" in gradcheck.compare("g", numeric, numeric)


def test_relative_error_and_order_of():
    assert gradcheck.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gradcheck.relative_error([1.0], [-1.0]) == 1.0
    assert gradcheck.order_of(3.2e-11) == "below 1e-10"
    assert gradcheck.order_of(0.0) == "0"
    assert gradcheck.order_of(25.0) == "about 2.5e+01"


def test_bad_inputs():
    with pytest.raises(ValueError, match="h must be a number > 0"):
        gradcheck.numerical_gradient(f, np.ones(2), h=0.0)
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        gradcheck.relative_error(np.ones(2), np.ones(3))


def test_numerical_gradient_refuses_a_step_lost_in_rounding():
    lost = r"h = 1e-05 is lost in x element 0 = 1e\+308"
    with pytest.raises(ValueError, match=lost):
        gradcheck.numerical_gradient(lambda v: float(np.sum(v)), 1e308)
    step = gradcheck.numerical_gradient(lambda v: float(np.sum(v)), 1e300, h=1e295)
    assert step == pytest.approx(1.0, rel=1e-9)
