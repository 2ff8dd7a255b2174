"""The exercise-check machinery: every kind of answer gets one line, no raise."""

import json
import time

import numpy as np
import pytest

from lessons_lib.check import _core
from lessons_lib.check._core import (
    Wrong,
    call,
    exercise,
    expect_array,
    expect_choice,
    expect_number,
    function,
)

EXPECTED = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]])


@pytest.fixture
def demo_checks():
    """Checks registered under ids no lesson uses; removed again afterwards."""

    @exercise("0.1", "a number")
    def number(value):
        expect_number("loss", value, 0.6333, "average over the batch.")

    @exercise("0.2", "a function")
    def double(fn):
        function(fn)
        for X in (np.arange(6.0).reshape(2, 3), np.zeros((1, 3))):
            expect_array("out", call(fn, X), 2 * X, "multiply by 2.", batch=len(X))

    @exercise("0.3", "a choice")
    def choice(value):
        expect_choice(
            "prediction", value,
            {"a": "it converges.", "b": "it oscillates.", "c": "it diverges."},
            "c", "past 2/L every step overshoots.",
        )

    @exercise("0.4", "an array")
    def array(value):
        expect_array("dW", value, EXPECTED, "dW = dZ.T @ X.", batch=2)

    yield {"number": number, "double": double, "choice": choice, "array": array}
    for key in ("0.1", "0.2", "0.3", "0.4"):
        _core.REGISTRY.pop(key, None)


def outcome(check_fn, *args):
    """Run a check; it returns None and keeps its result in ``.passed``."""
    assert check_fn(*args) is None
    return check_fn.passed


def line(capsys):
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert lines, "the check printed nothing"
    return lines[-1]


def test_right_answers_pass(demo_checks, capsys):
    assert outcome(demo_checks["number"], 0.63329) is True
    assert line(capsys) == "Exercise 0.1 (a number): passed."
    assert outcome(demo_checks["double"], lambda X: 2 * X) is True
    assert outcome(demo_checks["choice"], " C ") is True
    assert outcome(demo_checks["array"], EXPECTED.copy()) is True
    assert line(capsys) == "Exercise 0.4 (an array): passed."


@pytest.mark.parametrize("stub", [None, ...])
def test_stub_values_are_not_answered(demo_checks, capsys, stub):
    for name in ("number", "double", "choice", "array"):
        assert outcome(demo_checks[name], stub) is None
        assert line(capsys).endswith("): not answered yet.")


def test_stub_function_is_not_answered(demo_checks, capsys):
    def stub(X):
        ...

    assert outcome(demo_checks["double"], stub) is None
    assert line(capsys) == (
        "Exercise 0.2 (a function): not answered yet "
        "(your function returns None)."
    )


@pytest.mark.parametrize(
    "answer, message",
    [
        ("abc", "loss should be a number, got the text 'abc'."),
        ("2.2", "loss is text ('2.2'): enter a number, not text: remove the "
                "quotes."),
        (" 0.6333 ", "loss is text (' 0.6333 '): enter a number, not text: "
                     "remove the quotes."),
        (b"0.6333", "loss is text (b'0.6333'): enter a number, not text: "
                    "remove the quotes."),
        ([1.0, 2.0], "loss should be one number, got shape (2,)."),
        (float("nan"), "loss contains NaN or infinity."),
        (np.inf, "loss contains NaN or infinity."),
        ({"a": 1}, "loss should be a number or an array of numbers, got dict."),
        (0.7, "loss is not right to 4 decimals. Hint: average over the batch."),
    ],
)
def test_wrong_values_get_specific_messages(demo_checks, capsys, answer, message):
    assert outcome(demo_checks["number"], answer) is False
    assert line(capsys) == f"Exercise 0.1 (a number): not yet. {message}"


@pytest.mark.parametrize(
    "answer, detail",
    [
        (EXPECTED.T, "dW has shape (3, 2); looks transposed."),
        (np.stack([EXPECTED, EXPECTED]),
         "dW has shape (2, 2, 3); still has the batch axis: sum over the batch."),
        (-EXPECTED, "dW has the wrong sign."),
        (2 * EXPECTED, "dW is B = 2 times too large: average over the batch."),
        (EXPECTED / 2, "dW is B = 2 times too small: divide by B once, not twice."),
        (np.ones((2, 3)), "dW has the right shape but wrong values."),
        (np.full((2, 3), np.nan), "dW contains NaN or infinity."),
        ([[1, 2], [3]], "dW should be a number or an array of numbers, got list."),
        (1 + 2j, "dW should be a number or an array of numbers, got complex."),
        ([[1, "2", 3], [0.5, 0, -1.5]],
         "dW is text ('2'): enter a number, not text: remove the quotes."),
        (EXPECTED.astype(str),
         "dW is text ('1.0'): enter a number, not text: remove the quotes."),
    ],
)
def test_array_mistakes_are_named(demo_checks, capsys, answer, detail):
    assert outcome(demo_checks["array"], answer) is False
    got = line(capsys)
    assert got.startswith(f"Exercise 0.4 (an array): not yet. {detail}")


def test_wrong_type_for_a_function(demo_checks, capsys):
    assert outcome(demo_checks["double"], 3.0) is False
    assert line(capsys) == (
        "Exercise 0.2 (a function): not yet. your function should be a "
        "function, got float."
    )


def test_function_that_raises(demo_checks, capsys):
    def broken(X):
        return X @ np.ones((4, 4))

    assert outcome(demo_checks["double"], broken) is False
    got = line(capsys)
    assert got.startswith(
        "Exercise 0.2 (a function): not yet. your function raised ValueError: "
    )


def test_function_that_loops_is_cut_by_the_time_limit(
    demo_checks, capsys, monkeypatch
):
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.3)

    def forever(X):
        while True:
            pass

    start = time.monotonic()
    assert outcome(demo_checks["double"], forever) is False
    assert time.monotonic() - start < 3.0
    assert line(capsys) == (
        "Exercise 0.2 (a function): not yet. your function ran for more than "
        "0.3 s; look for a loop that never ends."
    )


def test_whole_check_has_a_time_limit(capsys, monkeypatch):
    monkeypatch.setattr(_core, "CHECK_TIME_LIMIT", 0.3)

    @exercise("0.9", "slow check")
    def slow(value):
        while True:
            np.asarray(value)

    try:
        start = time.monotonic()
        assert outcome(slow, 1.0) is False
        assert time.monotonic() - start < 3.0
    finally:
        _core.REGISTRY.pop("0.9")
    assert line(capsys) == (
        "Exercise 0.9 (slow check): not yet. Checking the answer took more "
        "than 0.3 s; make your code faster or look for a loop that never ends."
    )


def test_inner_limit_restores_the_outer_one():
    with _core._time_limit(5.0):
        with _core._time_limit(0.1):
            pass
        remaining, _ = _core.signal.getitimer(_core.signal.ITIMER_REAL)
        assert 4.0 < remaining <= 5.0
    remaining, _ = _core.signal.getitimer(_core.signal.ITIMER_REAL)
    assert remaining == 0.0


def test_flood_of_output_is_cut(demo_checks, capsys):
    def chatty(X):
        for i in range(100_000):
            print("debug line", i)
        return 2 * X

    assert outcome(demo_checks["double"], chatty) is True
    out = capsys.readouterr().out
    assert len(out) < _core.PRINT_LIMIT + 500
    assert "[what your function printed was cut after 2000 characters]" in out
    assert out.strip().splitlines()[-1] == "Exercise 0.2 (a function): passed."


def test_short_prints_pass_through(demo_checks, capsys):
    def tells(X):
        print("shape", X.shape)
        return 2 * X

    demo_checks["double"](tells)
    out = capsys.readouterr().out
    assert "shape (2, 3)" in out
    assert "cut after" not in out


def test_huge_error_message_stays_one_short_line(demo_checks, capsys):
    def shouts(X):
        raise ValueError("no\n" * 10_000)

    assert outcome(demo_checks["double"], shouts) is False
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1
    assert len(out) < 400


def test_answer_whose_conversion_raises(demo_checks, capsys):
    class Odd:
        def __array__(self, dtype=None, copy=None):
            raise RuntimeError("nope")

        def __repr__(self):
            raise RuntimeError("no repr either")

    assert outcome(demo_checks["array"], Odd()) is False
    assert line(capsys).startswith(
        "Exercise 0.4 (an array): not yet. Checking the answer failed with "
        "RuntimeError: nope"
    )
    assert outcome(demo_checks["choice"], Odd()) is False
    assert line(capsys).startswith("Exercise 0.3 (a choice): not yet.")


def test_choice_messages(demo_checks, capsys):
    assert outcome(demo_checks["choice"], "a") is False
    assert line(capsys) == (
        "Exercise 0.3 (a choice): not yet. prediction: it converges. Look "
        "again: past 2/L every step overshoots."
    )
    assert outcome(demo_checks["choice"], "z" * 1000) is False
    got = line(capsys)
    assert got.startswith(
        "Exercise 0.3 (a choice): not yet. prediction should be one of "
        "['a', 'b', 'c'], got 'zzz"
    )
    assert len(got) < 300


def test_check_that_raises_by_mistake_never_raises(capsys):
    @exercise("0.8", "buggy check")
    def buggy(value):
        raise KeyError("oops")

    try:
        assert outcome(buggy, 1) is False
    finally:
        _core.REGISTRY.pop("0.8")
    assert line(capsys) == (
        "Exercise 0.8 (buggy check): not yet. Checking the answer failed with "
        "KeyError: 'oops'"
    )


def test_numpy_warnings_stay_silent(demo_checks, capsys):
    def overflows(X):
        return np.exp(X * 1e6) * 0 + 2 * X

    assert outcome(demo_checks["double"], overflows) is False
    assert "not yet." in line(capsys)


def test_results_are_logged_for_the_grader(demo_checks, capsys, tmp_path,
                                           monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv("LESSONS_CHECK_LOG", str(log))
    demo_checks["number"](0.6333)
    demo_checks["number"](None)
    demo_checks["number"](0.5)
    entries = [json.loads(x) for x in log.read_text().splitlines()]
    assert [e["passed"] for e in entries] == [True, None, False]
    assert entries[0] == {"exercise": "0.1", "title": "a number",
                          "passed": True, "message": "passed."}
    assert entries[2]["message"].startswith("not yet. loss is not right")


def test_unwritable_log_does_not_raise(demo_checks, capsys, tmp_path,
                                       monkeypatch):
    monkeypatch.setenv("LESSONS_CHECK_LOG", str(tmp_path / "gone" / "log.jsonl"))
    assert outcome(demo_checks["number"], 0.6333) is True
    assert line(capsys) == "Exercise 0.1 (a number): passed."


def test_wrong_is_an_exception_with_its_text():
    assert str(Wrong("x")) == "x"


@pytest.mark.parametrize(
    "stop, detail",
    [
        ("exit", "your function called sys.exit() (SystemExit: 3); a function "
                 "should return its result, not stop the program."),
        ("interrupt", "your function was interrupted (KeyboardInterrupt); run "
                      "the cell again and let it finish."),
        ("generator", "your function stopped with GeneratorExit: bye"),
    ],
)
def test_function_that_stops_the_program_is_wrong(demo_checks, capsys, stop, detail):
    import sys

    def stops(X):
        if stop == "exit":
            sys.exit(3)
        if stop == "interrupt":
            raise KeyboardInterrupt
        raise GeneratorExit("bye")

    assert outcome(demo_checks["double"], stops) is False
    assert line(capsys) == f"Exercise 0.2 (a function): not yet. {detail}"
    assert outcome(demo_checks["double"], lambda X: 2 * X) is True


def test_answer_that_exits_while_being_read(demo_checks, capsys):
    class Exits:
        def __array__(self, dtype=None, copy=None):
            raise SystemExit("bye")

    assert outcome(demo_checks["array"], Exits()) is False
    assert line(capsys) == (
        "Exercise 0.4 (an array): not yet. Checking the answer called "
        "sys.exit() (SystemExit: bye); a function should return its result, "
        "not stop the program."
    )


def test_choices_stay_text(demo_checks, capsys):
    assert outcome(demo_checks["choice"], "c") is True
    assert outcome(demo_checks["choice"], np.str_("c")) is True


@pytest.mark.parametrize("answer, words", [
    (True, "should be a number, got True (True/False)"),
    (np.bool_(False), "(True/False)"),
    ([0.6333], "should be one number, got shape (1,)"),
    (np.array([[0.6333]]), "should be one number, got shape (1, 1)"),
])
def test_one_number_wants_exactly_one_real_number(demo_checks, capsys, answer,
                                                  words):
    assert outcome(demo_checks["number"], answer) is False
    assert words in line(capsys)
