import numpy as np
import pytest

from lessons_lib import integral as ig
from lessons_lib import precompute


def test_nested_means_have_the_spread_of_a_mini_batch_mean():
    means = precompute.nested_minibatch_means(64, 4000)
    assert means.shape == (4000, 64)
    sigma = ig.loss_distribution().std()
    for B in [1, 4, 16, 64]:
        spread = means[:, B - 1].std()
        assert spread == pytest.approx(sigma / np.sqrt(B), rel=0.05)
        assert means[:, B - 1].mean() == pytest.approx(1.0, abs=0.05)


def test_column_B_is_the_mean_of_the_first_B_draws():
    means = precompute.nested_minibatch_means(5, 3, seed=2)
    draws = np.random.default_rng([2, 5, 1]).gamma(ig.LOSS_SHAPE, ig.LOSS_SCALE,
                                                   size=(3, 5))
    np.testing.assert_allclose(means[:, 2], draws[:, :3].mean(axis=1))
    np.testing.assert_array_equal(precompute.nested_minibatch_means(5, 3, seed=2),
                                  means)


@pytest.mark.parametrize("args, message", [
    ((0, 10), "max_B"), ((4, 1), "repeats"), ((4, 10, -1), "seed"),
    ((10**5, 10**4), r"max_B \* repeats must be <= 1e\+08"),
])
def test_bad_inputs_name_the_argument(args, message):
    with pytest.raises(ValueError, match=message):
        precompute.nested_minibatch_means(*args)
