"""Input checks shared by every module: float64 arrays of a known shape."""

import numpy as np


def as_array(name, value, ndim=None, shape_text=None):
    """Return ``value`` as a float64 array, or raise a ``ValueError``.

    ``ndim`` is the number of axes expected (``None`` accepts any);
    ``shape_text`` is how the expected shape is written in the message,
    for example ``"(B, d_in)"``.
    """
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be an array of numbers: {err}") from None
    if ndim is not None and array.ndim != ndim:
        expected = shape_text or f"{ndim} axes"
        raise ValueError(
            f"{name} must have shape {expected}, got shape {array.shape}"
        )
    return array


def require(condition, message):
    """Raise ``ValueError(message)`` unless ``condition`` holds."""
    if not condition:
        raise ValueError(message)
