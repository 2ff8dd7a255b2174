"""Section 5 of the lesson: its numbers, and every erratum, recomputed."""

import numpy as np
import pytest

from lessons_lib import worked_example as we
from lessons_lib.gradcheck import relative_error

TEXT = {key: np.asarray(value) for key, value in we.TEXT.items()}


@pytest.fixture
def right():
    return we.step(**we.setup())


@pytest.fixture
def text_way():
    return we.text_step(**we.setup())


def test_the_texts_logits_are_x_times_w(text_way, right):
    np.testing.assert_allclose(text_way["Z"], TEXT["Z"], atol=1e-12)
    np.testing.assert_allclose(right["Z"], [[-0.30, 0.25], [-0.20, 0.10]])


def test_the_texts_other_numbers_follow_from_its_logits(text_way):
    for key in ("P", "dZ", "dW", "db", "W_new"):
        np.testing.assert_allclose(text_way[key], TEXT[key], atol=5.1e-5,
                                   err_msg=key)
    np.testing.assert_allclose(text_way["db"], [0.0187, -0.0187], atol=5e-5)


def test_the_texts_loss_is_0_6333_not_0_3306(text_way):
    assert round(we.text_loss_from_printed(), 4) == 0.6333
    assert round(text_way["loss"], 4) == 0.6333
    assert TEXT["loss"] == 0.3306


def test_the_texts_dx_has_one_rounding_slip(text_way):
    from_printed = we.text_dX_from_printed()
    assert round(from_printed[1, 1], 4) == -0.0731
    assert round(text_way["dX"][1, 1], 4) == -0.0731
    assert TEXT["dX"][1, 1] == -0.0729
    mask = np.ones((2, 2), bool)
    mask[1, 1] = False
    np.testing.assert_allclose(np.round(from_printed, 4)[mask], TEXT["dX"][mask])


def test_the_right_step_with_z_equal_x_w_transposed(right):
    assert round(right["loss"], 4) == 0.7799
    np.testing.assert_allclose(np.round(right["dW"], 4),
                               [[-0.3171, -0.4214], [0.3171, 0.4214]])
    np.testing.assert_allclose(np.round(right["db"], 4), [-0.1043, 0.1043])
    np.testing.assert_allclose(np.round(right["W_new"], 4),
                               [[0.1317, -0.1579], [0.0183, 0.0579]])
    numeric = we.numerical_grads(*(we.setup()[k] for k in ("X", "Y", "W", "b")))
    for key in ("dW", "db", "dX"):
        assert relative_error(right[key], numeric[key]) < 1e-7


def test_for_the_texts_logits_dw_is_the_transpose():
    row_way = we.row_convention_step(**we.setup())
    np.testing.assert_allclose(row_way["dW"], TEXT["dW"].T, atol=5e-5)
    np.testing.assert_allclose(np.round(row_way["W_new"], 4),
                               [[0.1225, -0.2225], [0.0706, 0.0794]])
    s = we.setup()
    Z = lambda W: s["X"] @ W  # noqa: E731
    from lessons_lib.gradcheck import numerical_gradient
    from lessons_lib.losses import softmax_cross_entropy
    numeric = numerical_gradient(lambda W: softmax_cross_entropy(Z(W), s["Y"])[0],
                                 s["W"])
    assert relative_error(row_way["dW"], numeric) < 1e-7
    assert relative_error(we.text_step(**s)["dW"], numeric) > 0.1


def test_the_lessons_own_code_prints_the_right_step(right):
    ran = we.run_lesson_code()
    for key in ("Z", "P", "dZ", "dW", "db"):
        np.testing.assert_allclose(ran[key], right[key], err_msg=key)
    np.testing.assert_allclose(ran["W"], right["W_new"])
    np.testing.assert_allclose(ran["b"], right["b_new"])
    assert ran["loss"] == pytest.approx(right["loss"])


def test_batch_norm_text_example():
    e = we.bn_example(**we.bn_text_setup())
    np.testing.assert_allclose(e["y"].ravel(), [-2.0, 2.0])
    assert e["loss"] == 4.0
    np.testing.assert_allclose(e["dgamma"], [4.0])
    np.testing.assert_allclose(e["dbeta"], [0.0])
    np.testing.assert_allclose(e["dx"], 0.0, atol=1e-12)
    np.testing.assert_allclose(e["dx_numeric"], 0.0, atol=1e-9)


def test_the_texts_batch_norm_loss_does_not_depend_on_x():
    xs = np.random.default_rng(1).normal(0.0, 10.0, size=(20, 2))
    np.testing.assert_allclose(we.bn_text_loss_at(xs), 4.0)


def test_text_batch_norm_numbers_are_what_the_library_gives():
    e = we.bn_example(**we.bn_text_setup())
    assert e["loss"] == TEXT["bn_loss"]
    np.testing.assert_allclose(e["dx"].ravel(), TEXT["bn_dx"], atol=1e-12)


def test_second_batch_norm_example_has_a_nonzero_checked_dx():
    setup = we.bn_second_setup()
    e = we.bn_example(**setup)
    assert np.abs(e["dx"]).max() > 0.1
    assert relative_error(e["dx"], e["dx_numeric"]) < 1e-7
    np.testing.assert_allclose(np.round(e["dx"].ravel(), 4),
                               [-0.4582, 0.6872, -0.2291])
    first = we.bn_dx_first_form(e["dy"], e["x_hat"], setup["gamma"], e["s"])
    second = we.bn_dx_second_form(e["dy"], e["x_hat"], setup["gamma"], e["s"])
    np.testing.assert_allclose(second, e["dx"])
    np.testing.assert_allclose(first, setup["gamma"] * e["dx"])


def test_errata_table_rows_and_format():
    rows = we.errata()
    table = we.errata_markdown(rows)
    assert table.count("\n") == len(rows) + 1
    assert "| 3 | mean cross-entropy of the text's P | 0.3306 | 0.6333 |" in table
    assert "[-0.3000, 0.2500; -0.2000, 0.1000]" in table
    assert we.fmt(-0.00001) == "0.0000"
    for _, said, computed in rows:
        assert np.all(np.isfinite(np.asarray(computed, dtype=float)))
        if said is not we.NOT_IN_TEXT:
            assert np.all(np.isfinite(np.asarray(said, dtype=float)))


def test_errata_quotes_only_what_the_text_says():
    rows = we.errata()
    quoted = [np.asarray(value, dtype=float).ravel() for value in we.TEXT.values()]
    for name, said, _ in rows:
        if said is we.NOT_IN_TEXT:
            continue
        said = np.asarray(said, dtype=float).ravel()
        assert any(np.all(np.isin(said, q)) for q in quoted), name
    first_form = rows[12]
    assert first_form[1] == we.NOT_IN_TEXT
    np.testing.assert_allclose(first_form[2], [2.0, 2.0, 2.0])
    assert "| 13 | batch-norm dx by the first form" in we.errata_markdown(rows)
    assert "| — | [2.0000, 2.0000, 2.0000] |" in we.errata_markdown(rows)
    assert we.fmt(we.NOT_IN_TEXT) == "—"


def test_loss_along_one_input():
    flat = we.bn_loss_along(we.bn_text_setup(), 1, [-3.0, 1.0, 7.0])
    assert flat[0] == flat[2] == 4.0 and np.isnan(flat[1])
    values = np.array([3.99, 4.0, 4.01])
    curve = we.bn_loss_along(we.bn_second_setup(), 2, values)
    e = we.bn_example(**we.bn_second_setup())
    assert curve[1] == pytest.approx(e["loss"])
    assert (curve[2] - curve[0]) / 0.02 == pytest.approx(e["dx"][2, 0], rel=1e-3)


def test_show_formats_four_decimals():
    assert we.show("L", 4) == "L = 4.0000"
    assert we.show("db", [1e-17, -1e-17]) == "db = [0.0000 0.0000]"
    assert we.show("Z", [[-0.3, 0.25], [1, 2]]).startswith("Z =\n[[-0.3000")
