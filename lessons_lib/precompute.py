"""Values an interactive figure needs for every slider position, computed
once when the figure is built, so that a move only looks them up."""

import numpy as np

from lessons_lib import integral
from lessons_lib._arrays import float64_safe, number, require


@float64_safe
def nested_minibatch_means(max_B, repeats, seed=0):
    """Mini-batch means for every batch size 1 .. max_B from one draw.

    Returns (repeats, max_B): column B - 1 holds ``repeats`` means, each
    over the first B of max_B fresh per-example losses (drawn as in
    :func:`lessons_lib.integral.minibatch_means`), so every batch size is
    ready at once; the batches of different sizes share their first
    examples.
    """
    max_B = number("max_B", max_B, lo=1, whole=True)
    repeats = number("repeats", repeats, lo=2, whole=True)
    seed = number("seed", seed, lo=0, whole=True)
    require(
        max_B * repeats <= integral.MAX_DRAWS,
        f"max_B * repeats must be <= {integral.MAX_DRAWS:g}, "
        f"got {max_B * repeats:g}",
    )
    rng = np.random.default_rng([seed, max_B, 1])
    draws = rng.gamma(integral.LOSS_SHAPE, integral.LOSS_SCALE,
                      size=(repeats, max_B))
    return np.cumsum(draws, axis=1) / np.arange(1, max_B + 1)
