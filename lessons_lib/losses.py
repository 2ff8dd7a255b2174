"""Softmax and cross-entropy for a batch of logits.

Shapes: logits ``Z`` and probabilities ``P`` are ``(B, K)``; labels ``Y``
are one-hot (or any probability rows) of shape ``(B, K)``, or class
indices of shape ``(B,)``. The loss is the mean over the batch.
"""

import numpy as np

from lessons_lib._arrays import as_array, float64_safe, number, require

TINY = np.finfo(np.float64).tiny
LOG_FLOOR = -1e300
"""The smallest log-probability :func:`log_softmax` returns."""


@float64_safe
def log_softmax(Z):
    """Log of the softmax along the last axis, exact for huge logits.

    Z: (..., K). Subtracting the row maximum before ``exp`` keeps every
    exponent at most 0, so nothing overflows. A log-probability below
    ``LOG_FLOOR`` (a gap between logits of more than 1e300) is cut to it,
    so it stays finite: never -inf, and a loss is never NaN.
    """
    Z = as_array("Z", Z)
    require(
        Z.ndim >= 1 and Z.shape[-1] > 0,
        f"Z must have shape (B, K) with K >= 1, got shape {Z.shape}",
    )
    with np.errstate(over="ignore"):
        shifted = Z - Z.max(axis=-1, keepdims=True)
    shifted = np.maximum(shifted, LOG_FLOOR)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


@float64_safe
def softmax(Z):
    """Probabilities along the last axis. Z: (..., K) -> P: (..., K)."""
    return np.exp(log_softmax(Z))


PROB_TOL = 1e-9
"""How far outside [0, 1] a probability may stray by rounding."""


def _require_probabilities(name, A):
    require(
        A.size == 0 or (A.min() >= -PROB_TOL and A.max() <= 1 + PROB_TOL),
        f"{name} must hold probabilities in [0, 1], got values from "
        f"{A.min():.4g} to {A.max():.4g}",
    )


def one_hot_labels(Y, B, K):
    """Return labels as a float64 ``(B, K)`` array.

    Y: class indices ``(B,)`` with values in ``0..K-1``, or rows ``(B, K)``
    of one-hot or probability values in [0, 1].
    """
    B = number("B", B, lo=1, whole=True)
    K = number("K", K, lo=1, whole=True)
    raw = np.asarray(Y) if isinstance(Y, np.ndarray | list | tuple) else Y
    if isinstance(raw, np.ndarray) and raw.ndim == 1 and np.issubdtype(
        raw.dtype, np.integer
    ):
        require(
            raw.shape == (B,),
            f"Y must be one-hot of shape (B, K) = {(B, K)} or integer "
            f"indices of shape ({B},), got shape {raw.shape}",
        )
        require(
            raw.min(initial=0) >= 0 and raw.max(initial=0) < K,
            f"class indices in Y must lie in 0..{K - 1}, got values from "
            f"{raw.min()} to {raw.max()}",
        )
        return np.eye(K)[raw]
    Y = as_array("Y", Y)
    require(
        Y.shape == (B, K),
        f"Y must be one-hot of shape (B, K) = {(B, K)} or integer "
        f"indices of shape ({B},), got shape {Y.shape}",
    )
    _require_probabilities("Y", Y)
    return Y


@float64_safe
def cross_entropy(P, Y):
    """Mean cross-entropy ``-1/B sum_i sum_k Y_ik log P_ik``.

    P: (B, K) probabilities in [0, 1]; Y: (B, K) one-hot or (B,) class
    indices. A probability of exactly 0 is read as the smallest positive float, so
    the loss stays finite (at most about 708 per sample).
    """
    P = as_array("P", P, ndim=2, shape_text="(B, K)")
    B, K = P.shape
    require(B > 0 and K > 0, f"P must have shape (B, K) with B, K >= 1, got {P.shape}")
    _require_probabilities("P", P)
    Y = one_hot_labels(Y, B, K)
    log_P = np.log(np.clip(P, TINY, 1.0))
    return float(-(Y * log_P).sum() / B)


@float64_safe
def softmax_cross_entropy(Z, Y):
    """Loss and its gradient for logits ``Z``: returns ``(loss, dZ)``.

    Z: (B, K); Y: (B, K) one-hot or (B,) class indices.
    loss = mean cross-entropy of softmax(Z); dZ = (P - Y) / B, shape (B, K).
    """
    Z = as_array("Z", Z, ndim=2, shape_text="(B, K)")
    B, K = Z.shape
    require(B > 0 and K > 0, f"Z must have shape (B, K) with B, K >= 1, got {Z.shape}")
    Y = one_hot_labels(Y, B, K)

    log_P = log_softmax(Z)
    loss = float(-(Y * log_P).sum() / B)

    dZ = (np.exp(log_P) - Y) / B
    return loss, dZ
