"""The dense (fully connected) layer, batch-first.

Convention, fixed everywhere: ``X: (B, d_in)``, ``W: (d_out, d_in)``,
``b: (d_out,)`` and ``Z = X @ W.T + b`` of shape ``(B, d_out)``.
"""

from lessons_lib._arrays import as_array, float64_safe, require


def _check_layer(X, W):
    X = as_array("X", X, ndim=2, shape_text="(B, d_in)")
    W = as_array("W", W, ndim=2, shape_text="(d_out, d_in)")
    require(
        X.shape[1] == W.shape[1],
        f"X is (B, d_in) = {X.shape} so W must be (d_out, {X.shape[1]}), "
        f"got W of shape {W.shape}",
    )
    return X, W


@float64_safe
def forward(X, W, b):
    """Z = X @ W.T + b.

    X: (B, d_in), W: (d_out, d_in), b: (d_out,) -> Z: (B, d_out).
    The bias is broadcast over the batch. Values whose product does not
    fit in float64 raise a ``ValueError`` (see ``_arrays.float64_safe``).
    """
    X, W = _check_layer(X, W)
    b = as_array("b", b, ndim=1, shape_text=f"(d_out,) = ({W.shape[0]},)")
    require(
        b.shape == (W.shape[0],),
        f"b must have shape (d_out,) = ({W.shape[0]},), got {b.shape}",
    )
    return X @ W.T + b


@float64_safe
def backward(dZ, X, W):
    """Gradients of the loss through ``Z = X @ W.T + b``.

    dZ: (B, d_out), X: (B, d_in), W: (d_out, d_in) ->
    dX: (B, d_in) = dZ @ W, dW: (d_out, d_in) = dZ.T @ X,
    db: (d_out,) = dZ summed over the batch.
    """
    X, W = _check_layer(X, W)
    dZ = as_array("dZ", dZ, ndim=2, shape_text="(B, d_out)")
    require(
        dZ.shape == (X.shape[0], W.shape[0]),
        f"dZ must be (B, d_out) = {(X.shape[0], W.shape[0])}, got {dZ.shape}",
    )
    dX = dZ @ W
    dW = dZ.T @ X
    db = dZ.sum(axis=0)
    return dX, dW, db
