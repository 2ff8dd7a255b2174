"""L2 regularization (weight decay): penalty lam * sum(W**2)."""

from lessons_lib._arrays import as_array, float64_safe, number, require


def _check(W, lam):
    W = as_array("W", W)
    return W, number("lam", lam, lo=0)


@float64_safe
def l2_penalty(W, lam):
    """lam * sum(W**2), a float. W: any shape, lam >= 0."""
    W, lam = _check(W, lam)
    return float(lam * (W * W).sum())


@float64_safe
def l2_grad(W, lam):
    """Gradient of :func:`l2_penalty`: 2 * lam * W, same shape as W."""
    W, lam = _check(W, lam)
    return 2.0 * lam * W


@float64_safe
def total_loss(data_loss, W, lam):
    """L_total = L_data + lam * sum(W**2), a float; data_loss: a number."""
    return number("data_loss", data_loss) + l2_penalty(W, lam)


@float64_safe
def decay_factor(lr, lam):
    """1 - 2 * lr * lam: what one step of descent on the penalty alone
    multiplies every weight by, hence the name weight decay."""
    lr = number("lr", lr, lo=0, lo_open=True)
    lam = number("lam", lam, lo=0)
    return 1.0 - 2.0 * lr * lam


@float64_safe
def weight_decay_step(W, dW_data, lr, lam):
    """One descent step on L_data + lam * sum(W**2), same shape as W.

    W - lr * (dW_data + 2 * lam * W) = decay_factor(lr, lam) * W - lr * dW_data.
    """
    W, lam = _check(W, lam)
    dW_data = as_array("dW_data", dW_data)
    require(
        dW_data.shape == W.shape,
        f"dW_data must have W's shape {W.shape}, got {dW_data.shape}",
    )
    return decay_factor(lr, lam) * W - lr * dW_data
