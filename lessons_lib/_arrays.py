"""Input checks shared by every module, one policy for the whole library.

Bad input gets a ``ValueError`` that names what was expected, never a
silent wrong answer or a numpy warning:

* :func:`as_array` - every array input: real numbers only (no None,
  strings, objects or complex), finite unless asked otherwise, and the
  number of axes the docstring states, named in symbols like ``(B, d_in)``.
* :func:`number` - every scalar parameter (lr, steps, lam, h, eps, L, ...):
  a real, finite number in a stated range; whole for counts.
* :func:`float64_guard` / :func:`float64_safe` - a computation whose true
  result does not fit in float64 raises a ``ValueError`` saying so,
  instead of a numpy overflow warning and an inf or NaN. Underflow to 0
  stays silent.
"""

import functools
import math
import numbers
from contextlib import contextmanager

import numpy as np

TOO_LARGE = "the values are too large for float64"
"""The words every overflow error carries."""


def _describe(value):
    """A short description of a rejected value for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def as_array(name, value, ndim=None, shape_text=None, finite=True):
    """Return ``value`` as a float64 array, or raise a ``ValueError``.

    ``ndim`` is the number of axes expected (``None`` accepts any);
    ``shape_text`` is how the expected shape is written in the message,
    for example ``"(B, d_in)"``. With ``finite`` (the default) NaN and
    inf are refused; with ``finite=False`` they pass through.
    """
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"{name} must be an array of real numbers, got {_describe(value)}: {err}"
        ) from None
    if raw.dtype.kind not in "biuf":
        if raw.dtype.kind == "c":
            what = "complex numbers"
        elif raw.ndim == 0:
            what = _describe(value)
        else:
            what = f"an array of dtype {raw.dtype} (None, text or mixed items?)"
        raise ValueError(f"{name} must be an array of real numbers, got {what}")
    try:
        array = raw.astype(np.float64, copy=False)
    except OverflowError:  # pragma: no cover - ints always fit in float64
        raise ValueError(f"{name}: {TOO_LARGE}") from None
    if ndim is not None and array.ndim != ndim:
        expected = shape_text or f"{ndim} axes"
        raise ValueError(
            f"{name} must have shape {expected}, got shape {array.shape}"
        )
    if finite:
        require_finite(name, array)
    return array


def require_finite(name, array):
    """Raise ``ValueError("<name> contains NaN")`` (or inf) if needed."""
    array = np.asarray(array)
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        bad = "NaN" if np.any(np.isnan(array)) else "inf"
        raise ValueError(f"{name} contains {bad}; it must hold finite numbers")


def _range_text(lo, hi, lo_open, hi_open):
    if lo is not None and hi is not None:
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        return f"in {left}{lo:g}, {hi:g}{right}"
    if lo is not None:
        return f"{'>' if lo_open else '>='} {lo:g}"
    if hi is not None:
        return f"{'<' if hi_open else '<='} {hi:g}"
    return ""


def number(name, value, lo=None, hi=None, lo_open=False, hi_open=False,
           whole=False, finite=True):
    """Return the scalar parameter ``value`` as a float (int if ``whole``).

    Refuses, with a ``ValueError`` naming the range, anything that is not
    a real number (None, text, bool, complex, arrays of more than one
    value), NaN, inf (unless ``finite=False``), values outside the range
    (``lo``/``hi`` bounds, open or closed), and fractions when ``whole``.
    """
    kind = "a whole number" if whole else "a number"
    rng = _range_text(lo, hi, lo_open, hi_open)
    expected = f"{name} must be {kind}{' ' + rng if rng else ''}"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    is_real = isinstance(value, numbers.Real) and not isinstance(
        value, bool | np.bool_
    )
    if not is_real:
        raise ValueError(f"{expected}, got {value!r}")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"{expected}, got {value!r}: {TOO_LARGE}") from None
    if math.isnan(x) or (finite and math.isinf(x)):
        raise ValueError(f"{expected}, got {value!r}")
    if (
        (lo is not None and (x < lo or (lo_open and x == lo)))
        or (hi is not None and (x > hi or (hi_open and x == hi)))
        or (whole and not x.is_integer())
    ):
        raise ValueError(f"{expected}, got {value!r}")
    return int(x) if whole else x


def require(condition, message):
    """Raise ``ValueError(message)`` unless ``condition`` holds."""
    if not condition:
        raise ValueError(message)


@contextmanager
def float64_guard(what="the result"):
    """Run numpy code with overflow, invalid results and division by zero
    raised, and turn them into a ``ValueError`` that says the values are
    too large for float64. Underflow to 0 is silent. Python's own
    ``OverflowError`` (for example ``1.5 ** 10000``) is turned the same way.
    """
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise",
                         under="ignore"):
            yield
    except (FloatingPointError, OverflowError) as err:
        raise ValueError(
            f"{what}: {TOO_LARGE} (numpy said: {err})"
        ) from None


def _check_finite_result(name, result):
    if isinstance(result, tuple | list):
        for item in result:
            _check_finite_result(name, item)
    elif isinstance(result, np.ndarray | float | np.floating):
        if not np.all(np.isfinite(result)):
            raise ValueError(f"{name}: {TOO_LARGE} (the result is not finite)")


def float64_safe(func=None, *, check_result=True):
    """Decorator: run ``func`` inside :func:`float64_guard` and, with
    ``check_result``, refuse a result (a float, an array, or a tuple of
    them) that is not finite, which pure-Python arithmetic such as
    ``2.0 / 1e-320`` can produce without any warning.
    """
    if func is None:
        return functools.partial(float64_safe, check_result=check_result)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with float64_guard(func.__name__):
            result = func(*args, **kwargs)
        if check_result:
            _check_finite_result(func.__name__, result)
        return result

    return wrapper
