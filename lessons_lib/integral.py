"""The integral view of learning: expectations, penalties, continuous flow.

Three pieces, one per part of the lesson's section 7:

* An expectation E[x] = integral of x p(x) dx, and a mini-batch mean as
  its Monte-Carlo estimate, whose spread shrinks like sigma / sqrt(B).
* A polynomial model that overfits a few noisy points, and the L2
  penalty lam * sum(W**2) that tames it. Batch-first as everywhere:
  X: (N, d) features, W: (1, d), b: (1,), predictions X @ W.T + b.
* Gradient descent x <- x - lr * H x on f(x) = x @ H @ x / 2 as small
  steps along the flow dx/dt = -H x, whose exact solution is
  x(t) = expm(-H t) @ x0.
"""

import warnings

import numpy as np
from scipy import integrate, stats

from lessons_lib import gradient_descent, regularization
from lessons_lib._arrays import as_array, float64_safe, number, require

# ----- expectation and Monte-Carlo -----

LOSS_SHAPE = 2.0
LOSS_SCALE = 0.5
"""Per-example losses in the sampling demo follow a gamma distribution
with shape 2 and scale 0.5: positive, skewed, mean 1, sigma sqrt(2)/2."""


def loss_distribution():
    """The frozen scipy distribution of per-example losses (mean 1)."""
    return stats.gamma(a=LOSS_SHAPE, scale=LOSS_SCALE)


@float64_safe
def expectation_by_integral(pdf, lo, hi):
    """The integral of x * pdf(x) over [lo, hi], by adaptive quadrature.

    pdf: a function returning a finite number >= 0 for each x; lo < hi,
    either may be infinite. A pdf value that is NaN, inf or negative, or
    an integral that does not converge, raises a ``ValueError``.
    """
    require(callable(pdf), f"pdf must be a function of x, got {pdf!r}")
    lo = number("lo", lo, finite=False)
    hi = number("hi", hi, finite=False)
    require(lo < hi, f"need lo < hi, got lo = {lo:g} and hi = {hi:g}")

    def integrand(x):
        p = as_array(f"pdf({x:g})", pdf(x))
        require(p.size == 1, f"pdf(x) must be a single number, got shape {p.shape}")
        p = float(p.reshape(()))
        require(p >= 0, f"pdf(x) must be >= 0, got {p:g} at x = {x:g}")
        return x * p

    with warnings.catch_warnings():
        warnings.simplefilter("error", integrate.IntegrationWarning)
        try:
            value, _ = integrate.quad(integrand, lo, hi, limit=200)
        except integrate.IntegrationWarning as err:
            raise ValueError(
                f"the integral of x * pdf(x) over [{lo:g}, {hi:g}] did not "
                f"converge: {str(err).splitlines()[0]}"
            ) from None
    return float(value)


MAX_DRAWS = 1e8
"""The most samples :func:`minibatch_means` draws in one call."""


@float64_safe
def minibatch_means(B, repeats, seed=0):
    """``repeats`` mini-batch means, each over B fresh per-example losses.

    Returns (repeats,). The generator is seeded by (seed, B), so the same
    batch size always gives the same estimates.
    """
    B = number("B", B, lo=1, whole=True)
    repeats = number("repeats", repeats, lo=2, whole=True)
    seed = number("seed", seed, lo=0, whole=True)
    require(
        B * repeats <= MAX_DRAWS,
        f"B * repeats must be <= {MAX_DRAWS:g}, got {B * repeats:g}",
    )
    rng = np.random.default_rng([seed, B])
    draws = rng.gamma(LOSS_SHAPE, LOSS_SCALE, size=(repeats, B))
    return draws.mean(axis=1)


@float64_safe
def nested_minibatch_means(max_B, repeats, seed=0):
    """Mini-batch means for every batch size 1 .. max_B from one draw.

    Computed once when a figure is built, so a batch-size slider only
    looks its column up.

    Returns (repeats, max_B): column B - 1 holds ``repeats`` means, each
    over the first B of max_B fresh per-example losses (drawn as in
    :func:`minibatch_means`), so every batch size is
    ready at once; the batches of different sizes share their first
    examples.
    """
    max_B = number("max_B", max_B, lo=1, whole=True)
    repeats = number("repeats", repeats, lo=2, whole=True)
    seed = number("seed", seed, lo=0, whole=True)
    require(
        max_B * repeats <= MAX_DRAWS,
        f"max_B * repeats must be <= {MAX_DRAWS:g}, "
        f"got {max_B * repeats:g}",
    )
    rng = np.random.default_rng([seed, max_B, 1])
    draws = rng.gamma(LOSS_SHAPE, LOSS_SCALE,
                      size=(repeats, max_B))
    return np.cumsum(draws, axis=1) / np.arange(1, max_B + 1)


@float64_safe
def predicted_spread(sigma, B):
    """sigma / sqrt(B): the standard deviation of a mean of B samples.

    sigma: a number >= 0; B: a number or an array of batch sizes >= 1.
    """
    sigma = number("sigma", sigma, lo=0)
    B = as_array("B", B)
    require(np.all(B >= 1), "B must hold batch sizes >= 1")
    return sigma / np.sqrt(B)


# ----- an overfitting model and the L2 penalty -----


MAX_DEGREE = 1000


@float64_safe
def poly_features(x, degree):
    """Columns x, x**2, ..., x**degree: x (N,) -> X (N, degree), 1 <= degree
    <= 1000."""
    x = as_array("x", x, ndim=1, shape_text="(N,)")
    degree = number("degree", degree, lo=1, hi=MAX_DEGREE, whole=True)
    return x[:, None] ** np.arange(1, degree + 1)


@float64_safe
def true_curve(x):
    """The smooth function behind the noisy points: sin(pi x)."""
    return np.sin(np.pi * as_array("x", x))


@float64_safe
def overfit_data(n_train=12, n_test=200, noise=0.25, seed=0):
    """Noisy samples of :func:`true_curve` on [-1, 1].

    Returns a dict with x_train (n_train,), y_train (n_train,), and
    x_test (n_test,), y_test (n_test,) drawn the same way but separately.
    n_train, n_test: whole numbers >= 1; noise >= 0.
    """
    n_train = number("n_train", n_train, lo=1, hi=MAX_DRAWS, whole=True)
    n_test = number("n_test", n_test, lo=1, hi=MAX_DRAWS, whole=True)
    noise = number("noise", noise, lo=0)
    seed = number("seed", seed, lo=0, whole=True)
    rng = np.random.default_rng(seed)
    x_train = np.sort(rng.uniform(-1, 1, n_train))
    y_train = true_curve(x_train) + noise * rng.standard_normal(n_train)
    x_test = rng.uniform(-1, 1, n_test)
    y_test = true_curve(x_test) + noise * rng.standard_normal(n_test)
    return {"x_train": x_train, "y_train": y_train,
            "x_test": x_test, "y_test": y_test}


def _check_fit(X, y):
    X = as_array("X", X, ndim=2, shape_text="(N, d)")
    y = as_array("y", y, ndim=1, shape_text=f"(N,) = ({X.shape[0]},)")
    require(y.shape == (X.shape[0],), f"y must be (N,) = ({X.shape[0]},)")
    return X, y


@float64_safe
def predict(X, W, b):
    """X @ W.T + b as a vector: X (N, d), W (1, d), b (1,) -> (N,)."""
    X = as_array("X", X, ndim=2, shape_text="(N, d)")
    d = X.shape[1]
    W = as_array("W", W, ndim=2, shape_text=f"(1, d) = (1, {d})")
    require(W.shape == (1, d), f"W must have shape (1, d) = (1, {d}), got {W.shape}")
    b = as_array("b", b)
    require(b.shape in ((1,), ()), f"b must have shape (1,), got {b.shape}")
    return (X @ W.T + b).reshape(-1)


@float64_safe
def mse(X, y, W, b):
    """Mean squared error of the model on (X, y)."""
    X, y = _check_fit(X, y)
    return float(((predict(X, W, b) - y) ** 2).mean())


@float64_safe
def ridge_loss(X, y, W, b, lam):
    """mean((X @ W.T + b - y)**2) + lam * sum(W**2); b is not penalized."""
    return mse(X, y, W, b) + regularization.l2_penalty(W, lam)


@float64_safe
def ridge_grad(X, y, W, b, lam):
    """Gradient of :func:`ridge_loss`: (dW (1, d), db (1,)).

    dW = 2/N * r @ X + 2 * lam * W, db = 2/N * sum(r), r = residuals (N,).
    """
    X, y = _check_fit(X, y)
    r = predict(X, W, b) - y
    N = X.shape[0]
    dW = (2.0 / N) * (r @ X)[None, :] + regularization.l2_grad(W, lam)
    db = np.array([2.0 / N * r.sum()])
    return dW, db


@float64_safe
def fit_ridge(X, y, lam):
    """The W (1, d), b (1,) that minimize :func:`ridge_loss`, exactly.

    Solved as one least-squares problem: the data rows scaled by
    1/sqrt(N), plus d rows sqrt(lam) * I that carry the penalty (with a
    zero under b). lstsq copes with the badly scaled columns of a
    high-degree polynomial, even at lam = 0.
    """
    X, y = _check_fit(X, y)
    lam = number("lam", lam, lo=0)
    N, d = X.shape
    A = np.hstack([X, np.ones((N, 1))]) / np.sqrt(N)
    penalty = np.hstack([np.sqrt(lam) * np.eye(d), np.zeros((d, 1))])
    coef, *_ = np.linalg.lstsq(
        np.vstack([A, penalty]), np.concatenate([y / np.sqrt(N), np.zeros(d)]),
        rcond=None,
    )
    return coef[None, :d], coef[d:]


@float64_safe
def ridge_errors(data, degree, lams):
    """Train and test MSE of :func:`fit_ridge` for each lam: two (k,).

    data: the dict of :func:`overfit_data`; lams: (k,) values >= 0.
    """
    require(
        isinstance(data, dict)
        and {"x_train", "y_train", "x_test", "y_test"} <= set(data),
        "data must be the dict overfit_data returns "
        "(x_train, y_train, x_test, y_test)",
    )
    lams = as_array("lams", lams)
    require(np.all(lams >= 0), "lams must all be >= 0")
    X_train = poly_features(data["x_train"], degree)
    X_test = poly_features(data["x_test"], degree)
    train, test = [], []
    for lam in np.atleast_1d(lams):
        W, b = fit_ridge(X_train, data["y_train"], float(lam))
        train.append(mse(X_train, data["y_train"], W, b))
        test.append(mse(X_test, data["y_test"], W, b))
    return np.array(train), np.array(test)


# ----- gradient descent as steps along a continuous flow -----


@float64_safe
def quadratic(H):
    """H as a symmetric positive definite (d, d) array, checked."""
    H = as_array("H", H, ndim=2, shape_text="(d, d)")
    require(H.shape[0] == H.shape[1], f"H must be square (d, d), got {H.shape}")
    require(np.allclose(H, H.T), "H must be symmetric")
    require(np.all(np.linalg.eigvalsh(H) > 0), "H must be positive definite")
    return H


@float64_safe
def flow(H, x0, times):
    """Exact gradient flow of f(x) = x @ H @ x / 2: x(t) = expm(-H t) @ x0.

    H: (d, d), x0: (d,), times: (n,) -> (n, d).
    """
    H = quadratic(H)
    x0 = _start(H, x0)
    times = as_array("times", times, ndim=1, shape_text="(n,)")
    require(np.all(times >= 0), "times must all be >= 0 (the flow runs forward)")
    # H is symmetric: expm(-H t) x0 = V exp(-lam t) V^T x0 with H = V diag(lam)
    # V^T, for all times at once. A product lam * t beyond float64 is inf,
    # and exp(-inf) = 0 exactly, which is the flow's true value there.
    lam, V = np.linalg.eigh(H)
    with np.errstate(over="ignore"):
        rates = np.outer(times, lam)
    out = (np.exp(-rates) * (V.T @ x0)) @ V.T
    out[times == 0] = x0
    return out


def _start(H, x0):
    d = H.shape[0]
    x0 = as_array("x0", x0, ndim=1, shape_text=f"(d,) = ({d},)")
    require(x0.shape == (d,), f"x0 must have shape (d,) = ({d},), got {x0.shape}")
    return x0


MAX_STEPS = 1e6
"""The most steps :func:`descent` takes in one call."""


@float64_safe
def descent(H, x0, lr, t_end):
    """Gradient descent on the same f for time t_end: steps = t_end / lr.

    Returns (times (k + 1,), path (k + 1, d), diverged_at): step j sits at
    time j * lr, beside the flow at that time. ``diverged_at`` is the step
    where the path left the plot's world (see gradient_descent.run), else
    None. lr > 0 and t_end >= 0 are numbers; for t_end > 0 at least one
    step must fit, so lr < 2 * t_end (the steps are rounded).
    """
    H = quadratic(H)
    x0 = _start(H, x0)
    lr = number("lr", lr, lo=0, lo_open=True)
    t_end = number("t_end", t_end, lo=0)
    steps = int(round(t_end / lr))
    require(
        steps >= 1 or t_end == 0,
        f"lr must be < 2 * t_end = {2 * t_end:g} so that at least one step "
        f"fits in the time span, got lr = {lr:g}",
    )
    require(
        steps <= MAX_STEPS,
        f"t_end / lr must be <= {MAX_STEPS:g} steps, got {t_end / lr:g}",
    )
    path = _descent_path(H, x0, lr, steps)
    times = lr * np.arange(len(path))
    return times, path, gradient_descent.diverged_at(path, steps)


def _descent_path(H, x0, lr, steps):
    """gradient_descent.run(lambda x: H @ x, x0, lr, steps) in closed form:
    x_k = (I - lr H)^k x0 = V (1 - lr lam)^k V^T x0 with H = V diag(lam) V^T,
    all steps at once. As run does, the path ends at the first iterate
    farther than gradient_descent.DIVERGED from x0, and a value beyond
    float64 is recorded as +-BIGGEST."""
    lam, V = np.linalg.eigh(H)
    k = np.arange(steps + 1)[:, None]
    with np.errstate(over="ignore", invalid="ignore"):
        path = ((1.0 - lr * lam) ** k * (V.T @ x0)) @ V.T
        path = np.nan_to_num(path, nan=gradient_descent.BIGGEST,
                             posinf=gradient_descent.BIGGEST,
                             neginf=-gradient_descent.BIGGEST)
        gone = np.flatnonzero(np.max(np.abs(path[1:] - x0), axis=1)
                              > gradient_descent.DIVERGED)
    path[0] = x0
    return path[: gone[0] + 2] if gone.size else path


@float64_safe
def value(H, X):
    """f(x) = x @ H @ x / 2 for each row of X: (n, d) -> (n,)."""
    X = np.atleast_2d(as_array("X", X))
    return 0.5 * np.einsum("ni,ij,nj->n", X, quadratic(H), X)


@float64_safe(check_result=False)
def gap_to_flow(H, x0, lr, t_end):
    """Largest distance between descent and the flow at the same times.

    Returns inf if descent diverged (the one non-finite answer, on
    purpose). lr < 2 * t_end, see :func:`descent`. For small lr the gap is roughly
    proportional to lr: halve the step, halve the gap.
    """
    times, path, stopped = descent(H, x0, lr, t_end)
    if stopped is not None:
        return float("inf")
    exact = flow(H, x0, times)
    return float(np.max(np.linalg.norm(path - exact, axis=1)))
