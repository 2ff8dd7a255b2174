"""The lesson's section 5 by hand: one dense + softmax step, and batch norm.

Convention, as everywhere in this package: X: (B, d_in), W: (d_out, d_in),
Z = X @ W.T + b. The lesson's text writes that formula too, but the logits
it prints are X @ W; :func:`text_step` repeats what the text actually did,
so each printed number can be traced, and :func:`step` does it right.

``TEXT`` holds the numbers the lesson prints, quoted as data so the
errata can set them next to computed values. Nothing else is typed in.
"""

import numpy as np

from lessons_lib import batchnorm, dense
from lessons_lib.gradcheck import numerical_gradient
from lessons_lib.losses import cross_entropy, softmax, softmax_cross_entropy

TEXT = {
    "Z": [[0.20, 0.00], [0.05, 0.10]],
    "P": [[0.5498, 0.4502], [0.4875, 0.5125]],
    "loss": 0.3306,
    "dZ": [[-0.2251, 0.2251], [0.2438, -0.2438]],
    "dW": [[-0.2251, -0.2064], [0.2251, 0.2064]],
    "db": [0.0187, -0.0187],
    "dX": [[-0.0113, 0.0675], [0.0122, -0.0729]],
    "W_new": [[0.1225, -0.1794], [0.0275, 0.0794]],
    "bn_loss": 4.0,
    "bn_dx": [0.0, 0.0],
}
"""What the lesson's section 5 prints, rounded as it prints them."""

NOT_IN_TEXT = "—"
"""The errata's 'the text says' entry where the text gives no number."""

LESSON_CODE = """\
import numpy as np

lr = 0.1
B, d_in, d_out = 2, 2, 2

X = np.array([[1.0, 2.0],
              [0.0, 1.0]])
Y = np.array([[1.0, 0.0],
              [0.0, 1.0]])

W = np.array([[0.10, -0.20],
              [0.05,  0.10]])
b = np.zeros((d_out,))

def softmax(Z):
    Z_shift = Z - np.max(Z, axis=1, keepdims=True)
    expZ = np.exp(Z_shift)
    return expZ / np.sum(expZ, axis=1, keepdims=True)

Z = X @ W.T + b[None, :]
P = softmax(Z)
loss = -np.mean(np.sum(Y * np.log(P + 1e-12), axis=1))

dZ = (P - Y) / B
dW = dZ.T @ X
db = dZ.T @ np.ones((B,))

W -= lr * dW
b -= lr * db
"""
"""The lesson's section 10 code, with its comments left out."""


def setup():
    """The section 5 example: X: (2, 2), Y: (2, 2) one-hot, W: (2, 2)
    read as (d_out, d_in), b: (2,), learning rate lr = 0.1."""
    return {
        "X": np.array([[1.0, 2.0], [0.0, 1.0]]),
        "Y": np.array([[1.0, 0.0], [0.0, 1.0]]),
        "W": np.array([[0.10, -0.20], [0.05, 0.10]]),
        "b": np.zeros(2),
        "lr": 0.1,
    }


def step(X, Y, W, b, lr):
    """One training step with Z = X @ W.T + b, every value kept.

    X: (B, d_in), Y: (B, K), W: (K, d_in), b: (K,). Returns a dict with
    Z, P: (B, K), loss, dZ: (B, K), dW: (K, d_in), db: (K,),
    dX: (B, d_in), W_new, b_new.
    """
    Z = dense.forward(X, W, b)
    P = softmax(Z)
    loss, dZ = softmax_cross_entropy(Z, Y)

    dX, dW, db = dense.backward(dZ, X, W)

    return {"Z": Z, "P": P, "loss": loss, "dZ": dZ, "dW": dW, "db": db,
            "dX": dX, "W_new": W - lr * dW, "b_new": b - lr * db}


def text_step(X, Y, W, b, lr):
    """What section 5 computes: logits X @ W + b (W read as (d_in, d_out)),
    then dW = dZ.T @ X, db, dX = dZ @ W and W_new = W - lr * dW, the
    formulas of the (d_out, d_in) convention. Same keys as :func:`step`.
    """
    Z = X @ W + b
    P = softmax(Z)
    loss, dZ = softmax_cross_entropy(Z, Y)

    dW = dZ.T @ X
    db = dZ.sum(axis=0)
    dX = dZ @ W

    return {"Z": Z, "P": P, "loss": loss, "dZ": dZ, "dW": dW, "db": db,
            "dX": dX, "W_new": W - lr * dW, "b_new": b - lr * db}


def row_convention_step(X, Y, W, b, lr):
    """The text's logits Z = X @ W + b with W: (d_in, d_out), and the
    gradients that belong to them: dW = X.T @ dZ: (d_in, d_out),
    dX = dZ @ W.T. Same keys as :func:`step`."""
    Z = X @ W + b
    P = softmax(Z)
    loss, dZ = softmax_cross_entropy(Z, Y)

    dW = X.T @ dZ
    db = dZ.sum(axis=0)
    dX = dZ @ W.T

    return {"Z": Z, "P": P, "loss": loss, "dZ": dZ, "dW": dW, "db": db,
            "dX": dX, "W_new": W - lr * dW, "b_new": b - lr * db}


def text_dX_from_printed():
    """dX from the text's own printed dZ and W (both rounded): dZ @ W, (2, 2)."""
    return np.asarray(TEXT["dZ"]) @ setup()["W"]


def text_loss_from_printed():
    """Mean cross-entropy of the text's printed P for its labels."""
    return cross_entropy(np.asarray(TEXT["P"]), setup()["Y"])


def run_lesson_code():
    """Run :data:`LESSON_CODE` in a namespace of its own.

    Returns its Z, P, loss, dZ, dW, db and the updated W and b.
    """
    space = {}
    exec(LESSON_CODE, space)  # the lesson's own code, fixed text above
    return {key: space[key] for key in ("Z", "P", "loss", "dZ", "dW", "db", "W", "b")}


def numerical_grads(X, Y, W, b):
    """Centred-difference dW: (K, d_in), db: (K,), dX: (B, d_in) of the
    mean cross-entropy with Z = X @ W.T + b."""
    def loss(X_, W_, b_):
        return softmax_cross_entropy(dense.forward(X_, W_, b_), Y)[0]

    return {
        "dW": numerical_gradient(lambda W_: loss(X, W_, b), W),
        "db": numerical_gradient(lambda b_: loss(X, W, b_), b),
        "dX": numerical_gradient(lambda X_: loss(X_, W, b), X),
    }


def numerical_grads_text_logits(X, Y, W, b):
    """Centred-difference dW: (d_in, K) of the mean cross-entropy for the
    logits the text actually used, Z = X @ W + b."""
    return numerical_gradient(
        lambda W_: softmax_cross_entropy(X @ W_ + b, Y)[0], W)


# ---------------------------------------------------------------- batch norm

def bn_text_setup():
    """The batch-norm example of section 5: one feature, N = 2.

    x: (2, 1) = [1, 3] as a column, gamma = [2], beta = [0], eps = 0,
    loss 0.5 * sum(y**2) (squared error against a target of zeros).
    """
    return {"x": np.array([[1.0], [3.0]]), "gamma": np.array([2.0]),
            "beta": np.array([0.0]), "eps": 0.0, "target": np.zeros((2, 1))}


def bn_second_setup():
    """A batch-norm example whose dx is not zero: N = 3, one feature.

    x: (3, 1) = [1, 2, 4], gamma = [2], beta = [0], eps = 0, loss
    0.5 * sum((y - target)**2) with target = [1, 0, 0]. With three rows
    the normalized values are not fixed, and the target breaks the
    balance that made the loss constant.
    """
    return {"x": np.array([[1.0], [2.0], [4.0]]), "gamma": np.array([2.0]),
            "beta": np.array([0.0]), "eps": 0.0,
            "target": np.array([[1.0], [0.0], [0.0]])}


def bn_loss(x, gamma, beta, eps, target):
    """0.5 * sum((y - target)**2) for y = batch norm of x: (N, D)."""
    y, _ = batchnorm.forward(x, gamma, beta, eps)
    return 0.5 * float(((y - target) ** 2).sum())


def bn_example(x, gamma, beta, eps, target):
    """Every intermediate of the batch-norm example, by the library.

    x, target: (N, D); gamma, beta: (D,). Returns mu, var, s, x_hat, y,
    loss, dy = y - target, dgamma, dbeta, dx (all (D,) or (N, D)), and
    dx_numeric, the centred-difference gradient of the loss in x.
    """
    y, cache = batchnorm.forward(x, gamma, beta, eps)
    x_hat, _, s = cache
    dy = y - target
    dx, dgamma, dbeta = batchnorm.backward(dy, cache)
    return {
        "mu": x.mean(axis=0), "var": x.var(axis=0), "s": s, "x_hat": x_hat,
        "y": y, "loss": bn_loss(x, gamma, beta, eps, target), "dy": dy,
        "dgamma": dgamma, "dbeta": dbeta, "dx": dx,
        "dx_numeric": numerical_gradient(
            lambda x_: bn_loss(x_, gamma, beta, eps, target), x),
    }


def bn_dx_first_form(dy, x_hat, gamma, s):
    """The text's first dx formula, taken literally: gamma / s times
    (g - mean(g) - x_hat * mean(g * x_hat)) with g = dL/dx_hat = gamma * dy.

    dy, x_hat: (N, D); gamma, s: (D,). gamma enters twice, so this is
    gamma times the true dx.
    """
    g = gamma * dy
    return gamma / s * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))


def bn_dx_second_form(dy, x_hat, gamma, s):
    """The text's second dx formula: the same bracket with dy in place of
    dL/dx_hat, so gamma enters once. Shapes as :func:`bn_dx_first_form`."""
    return gamma / s * (dy - dy.mean(axis=0) - x_hat * (dy * x_hat).mean(axis=0))


def bn_loss_along(setup, row, values):
    """The loss of a batch-norm example as one input moves.

    setup: a dict like :func:`bn_second_setup`; row: which entry of x
    (one feature) takes each of ``values`` in turn. Returns (len(values),).
    Where all inputs are equal and eps = 0 the loss is undefined (nothing
    to divide by), and the result holds NaN there, a gap in a plot.
    """
    out = []
    for value in values:
        x = setup["x"].copy()
        x[row, 0] = value
        if setup["eps"] == 0 and np.ptp(x) == 0:
            out.append(np.nan)
            continue
        out.append(bn_loss(x, setup["gamma"], setup["beta"], setup["eps"],
                           setup["target"]))
    return np.array(out)


def bn_text_loss_at(xs, setup=None):
    """The text's batch-norm loss at each batch in ``xs``: (M, N) rows of
    N inputs for one feature. Returns (M,) losses; with eps = 0 and a
    zero target all of them equal 0.5 * gamma**2 * N."""
    setup = setup or bn_text_setup()
    out = []
    for row in np.asarray(xs, dtype=np.float64):
        out.append(bn_loss(row[:, None], setup["gamma"], setup["beta"],
                           setup["eps"], np.zeros((row.size, 1))))
    return np.array(out)


# ---------------------------------------------------------------- errata

def errata():
    """Rows (quantity, what the text says, computed value), all by the library.

    Values are numbers or arrays, or :data:`NOT_IN_TEXT` where the text
    states no number; :func:`errata_markdown` formats them.
    The reasons are prose and live in the notebook, keyed by row number.
    """
    s = setup()
    right = step(**s)
    text_way = text_step(**s)
    row_way = row_convention_step(**s)

    second = bn_second_setup()
    bn2 = bn_example(**second)
    first_form = bn_dx_first_form(bn2["dy"], bn2["x_hat"], second["gamma"],
                                  bn2["s"])
    random_x = np.random.default_rng(0).normal(0.0, 3.0, size=(5, 2))

    return [
        ("Z = X W^T + b", TEXT["Z"], right["Z"]),
        ("X W + b (what the text computed)", TEXT["Z"], text_way["Z"]),
        ("mean cross-entropy of the text's P", TEXT["loss"],
         text_loss_from_printed()),
        ("dW that belongs to logits X W", TEXT["dW"], row_way["dW"]),
        ("dX that belongs to logits X W", TEXT["dX"], row_way["dX"]),
        ("W_new that belongs to logits X W", TEXT["W_new"], row_way["W_new"]),
        ("dX[1, 1] from the text's own dZ and W", TEXT["dX"][1][1],
         text_dX_from_printed()[1, 1]),
        ("loss with Z = X W^T", TEXT["loss"], right["loss"]),
        ("dW with Z = X W^T", TEXT["dW"], right["dW"]),
        ("db with Z = X W^T", TEXT["db"], right["db"]),
        ("dX with Z = X W^T", TEXT["dX"], right["dX"]),
        ("W_new with Z = X W^T", TEXT["W_new"], right["W_new"]),
        ("batch-norm dx by the first form, divided by the true dx "
         "(second example, gamma = 2)", NOT_IN_TEXT,
         (first_form / bn2["dx"]).ravel()),
        ("batch-norm loss (text: at x = [1, 3]; computed: five random x)",
         TEXT["bn_loss"], bn_text_loss_at(random_x)),
    ]


def fmt(value):
    """A number or array as text, 4 decimals, rows separated by ';'.

    Text (such as :data:`NOT_IN_TEXT`) is returned as it is.
    """
    if isinstance(value, str):
        return value
    value = np.round(np.asarray(value, dtype=np.float64), 4) + 0.0
    if value.ndim == 0:
        return f"{value:.4f}"
    if value.ndim == 1:
        return "[" + ", ".join(f"{v:.4f}" for v in value) + "]"
    return "[" + "; ".join(fmt(row)[1:-1] for row in value) + "]"


def show(name, value):
    """``name = value`` with 4 decimals; a matrix starts on its own line."""
    value = np.round(np.asarray(value, dtype=np.float64), 4) + 0.0
    if value.ndim == 0:
        return f"{name} = {value:.4f}"
    text = np.array2string(value, precision=4, floatmode="fixed")
    return f"{name} =\n{text}" if value.ndim == 2 else f"{name} = {text}"


def errata_markdown(rows=None):
    """The errata as a Markdown table: row number, quantity, text, correct."""
    rows = errata() if rows is None else rows
    lines = ["| # | quantity | the text says | computed |", "|---|---|---|---|"]
    for k, (name, said, correct) in enumerate(rows, start=1):
        lines.append(f"| {k} | {name} | {fmt(said)} | {fmt(correct)} |")
    return "\n".join(lines)
