"""L2 regularization (weight decay): penalty lam * sum(W**2)."""

from lessons_lib._arrays import as_array, require


def _check(W, lam):
    W = as_array("W", W)
    require(lam >= 0, f"lam must be >= 0, got {lam}")
    return W


def l2_penalty(W, lam):
    """lam * sum(W**2), a float. W: any shape, lam >= 0."""
    W = _check(W, lam)
    return float(lam * (W * W).sum())


def l2_grad(W, lam):
    """Gradient of :func:`l2_penalty`: 2 * lam * W, same shape as W."""
    W = _check(W, lam)
    return 2.0 * lam * W
