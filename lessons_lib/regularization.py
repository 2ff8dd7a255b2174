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


def total_loss(data_loss, W, lam):
    """L_total = L_data + lam * sum(W**2), a float."""
    return float(data_loss) + l2_penalty(W, lam)


def decay_factor(lr, lam):
    """1 - 2 * lr * lam: what one step of descent on the penalty alone
    multiplies every weight by, hence the name weight decay."""
    require(lr > 0, f"lr must be > 0, got {lr}")
    require(lam >= 0, f"lam must be >= 0, got {lam}")
    return 1.0 - 2.0 * lr * lam


def weight_decay_step(W, dW_data, lr, lam):
    """One descent step on L_data + lam * sum(W**2), same shape as W.

    W - lr * (dW_data + 2 * lam * W) = decay_factor(lr, lam) * W - lr * dW_data.
    """
    W = _check(W, lam)
    dW_data = as_array("dW_data", dW_data)
    require(
        dW_data.shape == W.shape,
        f"dW_data must have W's shape {W.shape}, got {dW_data.shape}",
    )
    return decay_factor(lr, lam) * W - lr * dW_data
