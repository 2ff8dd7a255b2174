"""The machinery behind every exercise check: never raise at a student.

A check is a function decorated with :func:`exercise`. Inside it, use
:func:`answered`, :func:`call` and :func:`expect_array` (or raise
:class:`Wrong` yourself); the decorator turns the outcome into one fixed
line of feedback, prints it and records it:

    Exercise 3.2 (dense backward): passed.
    Exercise 3.2 (dense backward): not answered yet.
    Exercise 3.2 (dense backward): not yet. dW is off by a factor of B = 2. Hint: ...

When the environment variable ``LESSONS_CHECK_LOG`` names a file, every
result is also appended to it as one JSON line
``{"exercise": "3.2", "title": ..., "passed": true|false|null, "message": ...}``
(``passed`` is null when not answered); the grader reads that file.

Whatever the answer does, the check ends with its line: a student's
function runs with a time limit (:data:`TIME_LIMIT`), the whole check with
a longer one (:data:`CHECK_TIME_LIMIT`), what the function prints is cut
after :data:`PRINT_LIMIT` characters, and text taken from the answer (an
error message, a repr) is shortened so one line stays one line.
"""

import contextlib
import functools
import json
import os
import signal
import sys
import threading
import time
import warnings

import numpy as np

REGISTRY = {}
"""Exercise id -> check function, for every check defined."""

TIME_LIMIT = 2.0
"""Seconds a student's function may run before the check gives up."""

CHECK_TIME_LIMIT = 10.0
"""Seconds a whole check may run (all its calls of the student's code)."""

PRINT_LIMIT = 2000
"""Characters a student's function may print during a check; the rest is cut."""

TEXT_LIMIT = 200
"""Characters of the answer's own text (error message, repr) in feedback."""


class NotAnswered(Exception):
    """The answer is still the stub (None, ... or a function returning None)."""


class Wrong(Exception):
    """The answer is wrong; the message says what and where to look."""


class _TookTooLong(BaseException):
    pass


def exercise(exercise_id, title):
    """Decorator: make ``check(answer)`` print one line and never raise.

    The decorated function returns nothing when the answer is right and
    raises :class:`NotAnswered` or :class:`Wrong` otherwise. Anything else
    it raises is reported as a problem with the answer, not a traceback.
    Returns None, so a notebook cell ending in a check shows only the
    feedback line; the outcome is kept in ``check.passed``: True (passed),
    False (wrong) or None (not answered).
    """

    def decorate(check):
        @functools.wraps(check)
        def run(*args, **kwargs):
            try:
                with _quiet(), _time_limit(CHECK_TIME_LIMIT), _capped_stdout():
                    check(*args, **kwargs)
                passed, message = True, "passed."
            except NotAnswered as note:
                passed, message = None, str(note) or "not answered yet."
            except Wrong as note:
                passed, message = False, f"not yet. {note}"
            except _TookTooLong:
                passed = False
                message = (
                    f"not yet. Checking the answer took more than "
                    f"{CHECK_TIME_LIMIT:g} s; make your code faster or look for "
                    "a loop that never ends."
                )
            except Exception as err:  # a check must never raise at a student
                passed = False
                message = (
                    f"not yet. Checking the answer failed with "
                    f"{type(err).__name__}: {_short(err)}"
                )
            except BaseException as err:  # sys.exit(), KeyboardInterrupt, ...
                passed = False
                message = f"not yet. Checking the answer {_stopped(err)}"
            record(exercise_id, title, passed, message)
            run.passed = passed

        run.exercise_id = exercise_id
        run.title = title
        run.passed = None
        REGISTRY[exercise_id] = run
        return run

    return decorate


def record(exercise_id, title, passed, message):
    """Print the feedback line and, when asked, log it for the grader.

    A log file that cannot be written is skipped silently: the student
    still gets the printed line.
    """
    message = " ".join(str(message).split())
    print(f"Exercise {exercise_id} ({title}): {message}")
    log = os.environ.get("LESSONS_CHECK_LOG")
    if log:
        entry = {"exercise": exercise_id, "title": title,
                 "passed": passed, "message": message}
        try:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry) + "\n")
        except OSError:
            pass


def _stopped(err):
    """What a BaseException that is not an Exception means, after "... ".

    ``SystemExit`` (``sys.exit()``, ``exit()``) and ``KeyboardInterrupt``
    would otherwise end the check, or the whole run, without a result.
    """
    if isinstance(err, SystemExit):
        return (
            f"called sys.exit() (SystemExit: {_short(err.code)}); a function "
            "should return its result, not stop the program."
        )
    if isinstance(err, KeyboardInterrupt):
        return (
            "was interrupted (KeyboardInterrupt); run the cell again and let "
            "it finish."
        )
    return f"stopped with {type(err).__name__}: {_short(err)}"


def _short(value, limit=TEXT_LIMIT):
    """``str(value)`` on one line, cut to ``limit`` characters."""
    try:
        text = " ".join(str(value).split())
    except Exception:  # a student's object whose __str__ fails
        text = f"<{type(value).__name__} that cannot be shown>"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _repr(value, limit=TEXT_LIMIT):
    """``repr(value)`` on one line, cut to ``limit`` characters."""
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__} that cannot be shown>"
    return _short(text, limit)


@contextlib.contextmanager
def _quiet():
    """No numpy or Python warnings while a check runs: it prints one line."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


class _CappedOutput:
    """A stdout that forwards the first ``limit`` characters, then one note."""

    def __init__(self, target, limit):
        self.target, self.left, self.cut = target, limit, False

    def write(self, text):
        text = str(text)
        if len(text) <= self.left:
            self.target.write(text)
            self.left -= len(text)
        elif not self.cut:
            self.target.write(text[: self.left])
            self.left, self.cut = 0, True
            self.target.write(
                f"\n[what your function printed was cut after {PRINT_LIMIT} "
                "characters]\n"
            )
        return len(text)

    def flush(self):
        with contextlib.suppress(Exception):
            self.target.flush()


def _capped_stdout():
    """Cap what is printed from here on, unless a cap is already in place."""
    if isinstance(sys.stdout, _CappedOutput):
        return contextlib.nullcontext()
    return contextlib.redirect_stdout(_CappedOutput(sys.stdout, PRINT_LIMIT))


def answered(answer, what="the answer"):
    """Raise :class:`NotAnswered` while ``answer`` is still a stub."""
    if answer is None or answer is Ellipsis:
        raise NotAnswered("not answered yet.")
    return answer


def function(fn, what="your function"):
    """Check that ``fn`` is a function (or a stub, which is not answered)."""
    answered(fn)
    if not callable(fn):
        raise Wrong(f"{what} should be a function, got {type(fn).__name__}.")
    return fn


def call(fn, *args, limit=None):
    """Call a student's function on copies of ``args`` with a time limit.

    A function still running after ``limit`` seconds (default
    :data:`TIME_LIMIT`), or one that raises, becomes :class:`Wrong`; a
    function returning None (the stub's body) becomes :class:`NotAnswered`.
    """
    limit = TIME_LIMIT if limit is None else limit
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        with _time_limit(limit), _capped_stdout():
            with np.errstate(all="ignore"):
                result = fn(*args)
    except _TookTooLong:
        raise Wrong(
            f"your function ran for more than {limit:g} s; look for a loop "
            "that never ends."
        ) from None
    except (NotAnswered, Wrong):
        raise
    except Exception as err:
        raise Wrong(
            f"your function raised {type(err).__name__}: {_short(err)}"
        ) from None
    except BaseException as err:  # sys.exit(), KeyboardInterrupt, ...
        raise Wrong(f"your function {_stopped(err)}") from None
    if result is None:
        raise NotAnswered("not answered yet (your function returns None).")
    return result


class _time_limit:
    """SIGALRM-based limit; only in the main thread (where kernels run).

    Limits nest: an inner limit never outlasts the outer one, and the outer
    one is re-armed with its remaining time when the inner one ends.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.armed = False
        self.active = (
            hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def __enter__(self):
        if self.active:
            self.started = time.monotonic()
            self.previous = signal.signal(signal.SIGALRM, self._expire)
            self.outer, _ = signal.setitimer(signal.ITIMER_REAL, 0)
            seconds = min(self.seconds, self.outer) if self.outer else self.seconds
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, seconds)
        return self

    def __exit__(self, *exc):
        if self.active:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            if self.outer:
                left = self.outer - (time.monotonic() - self.started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
        return False

    def _expire(self, signum, frame):
        if self.armed:
            raise _TookTooLong()


def as_numbers(name, value):
    """``value`` as a float64 array, or :class:`Wrong` saying why not.

    Text is refused even when it reads as a number (``"2.2"``): the
    student is told to remove the quotes. Multiple-choice answers, which
    are text, go through :func:`expect_choice` instead.
    """
    answered(value)
    if isinstance(value, bool | np.bool_) or (
        isinstance(value, np.ndarray) and value.dtype == bool
    ):
        raise Wrong(f"{name} should be a number, got {value!r} (True/False).")
    text = _text_in(value)
    if text is not None:
        if _reads_as_number(text):
            raise Wrong(
                f"{name} is text ({_repr(text)}): enter a number, not text: "
                "remove the quotes."
            )
        raise Wrong(f"{name} should be a number, got the text {_repr(text)}.")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Wrong(
            f"{name} should be a number or an array of numbers, "
            f"got {type(value).__name__}."
        ) from None
    if not np.all(np.isfinite(array)):
        raise Wrong(f"{name} contains NaN or infinity.")
    return array


def _text_in(value, depth=0):
    """The first str/bytes in ``value`` (itself, or inside lists), else None."""
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "SU" and value.size:
            return value.reshape(-1)[0].item()
        return None
    if isinstance(value, (list, tuple)) and depth < 8:
        for item in value[:10_000]:
            found = _text_in(item, depth + 1)
            if found is not None:
                return found
    return None


def _reads_as_number(text):
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def one_number(name, value):
    """The answer as one float, or :class:`Wrong` saying why not."""
    got = as_numbers(name, value)
    if got.ndim != 0:
        raise Wrong(f"{name} should be one number, got shape {got.shape}.")
    return float(got)


def near(value, target, decimals=4):
    """True when ``value`` rounds to ``target`` at ``decimals`` places
    (either way: the tolerance is 0.6 units of the last place)."""
    return abs(value - target) <= 0.6 * 10.0 ** (-decimals) + 1e-9 * abs(target)


def expect_number(name, got, expected, hint, decimals=4):
    """A single number, right to ``decimals`` places (rounded either way)."""
    if not near(one_number(name, got), expected, decimals):
        raise Wrong(f"{name} is not right to {decimals} decimals. Hint: {hint}")


def expect_array(name, got, expected, hint, batch=None, rtol=1e-6, atol=1e-9):
    """Compare an array answer and say what kind of mistake it looks like.

    Diagnoses, in order: not an array, wrong shape (transposed or missing
    a sum over the batch), NaN, a flipped sign, a factor of ``batch``.
    ``hint`` points back to the formula and ends every message.
    """
    got = as_numbers(name, got)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        if got.shape == expected.shape[::-1] and got.ndim == 2:
            detail = "looks transposed"
        elif batch and got.shape == (batch, *expected.shape):
            detail = "still has the batch axis: sum over the batch"
        else:
            detail = f"should have shape {expected.shape}"
        raise Wrong(f"{name} has shape {got.shape}; {detail}. Hint: {hint}")

    def close(a):
        return np.allclose(a, expected, rtol=rtol, atol=atol)

    if close(got):
        return
    if close(-got):
        raise Wrong(f"{name} has the wrong sign. Hint: {hint}")
    if batch and batch > 1:
        if close(got / batch):
            raise Wrong(
                f"{name} is B = {batch} times too large: average over the "
                f"batch. Hint: {hint}"
            )
        if close(got * batch):
            raise Wrong(
                f"{name} is B = {batch} times too small: divide by B once, "
                f"not twice. Hint: {hint}"
            )
    if got.ndim == 2 and got.shape[0] == got.shape[1] and close(got.T):
        raise Wrong(f"{name} is transposed. Hint: {hint}")
    raise Wrong(f"{name} has the right shape but wrong values. Hint: {hint}")


def expect_choice(name, got, options, correct, explanation):
    """A multiple-choice prediction: ``got`` must be one of ``options``."""
    answered(got)
    key = str(got).strip().lower()
    if key not in options:
        raise Wrong(
            f"{name} should be one of {sorted(options)}, got {_repr(got)}."
        )
    if key != correct:
        raise Wrong(f"{name}: {options[key]} Look again: {explanation}")
