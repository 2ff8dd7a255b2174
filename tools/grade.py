"""Grade a folder of submitted student notebooks.

Usage:
    python tools/grade.py SUBMISSIONS [--out grades.csv] [--timeout SECONDS]
                          [--notebooks notebooks/en] [--jobs N]

SUBMISSIONS is a folder or one ``.ipynb`` file. Every ``*.ipynb`` under the
folder (any depth) is one submission. Each
runs top to bottom in its own fresh Jupyter kernel, inside a fresh
temporary copy of its folder (so a notebook that deletes files hurts
neither the original nor the other submissions), with a time limit for the
whole notebook. The grader never imports a submission: the kernel is a
separate process, and what it reports comes back through the
``LESSONS_CHECK_LOG`` file that every exercise check appends to.

A cell that raises does not stop the run (later exercises are still
graded); a notebook past its time limit or whose kernel dies is stopped and
its remaining exercises are "not reached". Output is never kept: it is only
counted, and a notebook printing more than ``--flood`` characters is
flagged. The exercises expected from a submission are the ones its teacher
notebook (same file name, or the one whose checks it calls) reports in its
stored outputs, so an exercise a student deleted still shows up, as not
reached.

Writes a CSV with one row per submission and exercise (columns: file,
notebook, exercise, title, passed, result, message, run) and prints a
summary table; a progress bar goes to stderr.

Rules the table follows:

- A check that runs more than once in a notebook counts with its best
  result: passed beats wrong beats not answered (a pass followed by a
  scratch call with None stays a pass). The message is that best run's
  message (the latest one among equally good runs).
- With one sub-folder per student (``alice/01_gradient_descent.ipynb``),
  each student is graded against every lesson the teacher handed out
  (every teacher notebook with exercises in ``--notebooks``): a lesson
  with no matching file in the student's folder gets one row per exercise
  with result ``missing`` (file ``alice/``, run ``not handed in``), so a
  student's total always has the same denominator. When a student hands
  in two files for one lesson, the better one counts in the total.
- Cells are named by their place among the code cells, counted from the
  top and from 1 ("the 7th code cell"): Markdown cells are not counted,
  empty code cells are.

The kernel runs with the grader's rights: it is not a sandbox against a
submission written to do harm outside its folder. Grade untrusted work in a
throwaway container or account.
"""

import argparse
import csv
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parents[1]
TEACHER = ROOT / "notebooks" / "en"
TIMEOUT = 300.0
"""Default seconds one submission may run, start to end."""
FLOOD = 20_000_000
"""Default characters of output after which a submission counts as a flood."""
LOG_LIMIT = 5_000_000
"""Bytes of the check log read per submission; the rest is ignored."""
COPY_LIMIT = 50_000_000
"""Bytes of files next to a submission copied into its sandbox."""

FEEDBACK = re.compile(r"^Exercise (\S+) \((.*)\): (.*)$", re.MULTILINE)
CHECK_CALL = re.compile(r"\bcheck\.(\w+)\s*\(")
COLUMNS = ["file", "notebook", "exercise", "title", "passed", "result",
           "message", "run"]


@dataclass
class Expected:
    """One exercise a teacher notebook checks: id, title, check name."""

    exercise: str
    title: str
    call: str | None = None


@dataclass
class Teacher:
    """What a teacher notebook expects: its exercises and check names."""

    name: str
    exercises: list
    calls: set


@dataclass
class Run:
    """What happened when one submission ran.

    ``status`` is one of: ok, crashed (a cell raised; the run went on),
    timed out, kernel died, unreadable, could not run.
    """

    status: str = "ok"
    detail: str = ""
    stopped_at: int | None = None
    """Code-cell number (1-based) where the run stopped, if it stopped."""
    cell_errors: dict = field(default_factory=dict)
    """Code-cell number -> 'ErrorName: message' for every cell that raised."""
    cell_calls: dict = field(default_factory=dict)
    """Check name -> code-cell numbers that call it."""
    results: dict = field(default_factory=dict)
    """Exercise id -> the best result its check logged (see :func:`read_log`)."""
    output_chars: int = 0
    flood: bool = False
    log_cut: bool = False
    seconds: float = 0.0

    def label(self):
        """The run's status in a few words, for the table and the CSV."""
        words = [self.status]
        if self.detail:
            words[0] += f" ({self.detail})"
        if self.flood:
            words.append(f"output flood ({self.output_chars:,} characters)")
        if self.log_cut:
            words.append("check log cut")
        return "; ".join(words)


def teacher_notebooks(folder):
    """Teacher notebook file name -> :class:`Teacher`, from stored outputs."""
    teachers = {}
    folder = Path(folder)
    if not folder.is_dir():
        return teachers
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        exercises, calls, seen = [], set(), set()
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            names = sorted(set(CHECK_CALL.findall(cell.source)))
            calls.update(names)
            for exercise, title, _ in FEEDBACK.findall(_stored_text(cell)):
                if exercise not in seen:
                    seen.add(exercise)
                    call = names[0] if len(names) == 1 else None
                    exercises.append(Expected(exercise, title, call))
        if exercises:
            teachers[path.name] = Teacher(path.name, exercises, calls)
    return teachers


def _stored_text(cell):
    return "".join(
        out.get("text", "") for out in cell.get("outputs", [])
        if out.get("output_type") == "stream"
    )


def match_teacher(path, nb, teachers):
    """The teacher notebook a submission is a copy of, or None.

    Tried in order: the same file name; a teacher's name inside the file
    name (``alice_01_gradient_descent.ipynb``); the teacher whose check
    calls the submission shares most of.
    """
    path = Path(path)
    if path.name in teachers:
        return teachers[path.name]
    inside = [t for name, t in teachers.items() if Path(name).stem in path.stem]
    if inside:
        return max(inside, key=lambda t: len(t.name))
    calls = set()
    if nb is not None:
        for cell in nb.cells:
            if cell.cell_type == "code":
                calls.update(CHECK_CALL.findall(cell.source))
    best = max(teachers.values(), key=lambda t: len(t.calls & calls), default=None)
    if best is not None and best.calls & calls:
        return best
    return None


class _GradingClient(NotebookClient):
    """A notebook client that keeps no output, only counts it and errors."""

    def __init__(self, nb, flood, **kw):
        super().__init__(nb, **kw)
        self.flood_limit = flood
        self.output_chars = 0
        self.errors = {}
        self.code_numbers = {}

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(str(content.get("text", "")))
        size += sum(len(str(v)) for v in (content.get("data") or {}).values())
        self.output_chars += size
        if msg.get("msg_type") == "error":
            number = self.code_numbers.get(cell_index, cell_index + 1)
            if number not in self.errors:
                name = _short(content.get("ename", "Error"), 60)
                value = _short(content.get("evalue", ""), 160)
                self.errors[number] = f"{name}: {value}" if value else name
        return None

    def handle_comm_msg(self, outs, msg, cell_index):
        return None

    @property
    def flooded(self):
        return self.output_chars > self.flood_limit


def _short(text, limit):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _silent_log():
    log = logging.getLogger("lessons.grade.nbclient")
    log.addHandler(logging.NullHandler())
    log.propagate = False
    log.setLevel(logging.CRITICAL + 1)
    return log


def run_submission(path, timeout=TIMEOUT, flood=FLOOD):
    """Run one submission in a fresh kernel and sandbox; return a :class:`Run`."""
    path = Path(path)
    run = Run()
    started = time.monotonic()
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:
        run.status = "unreadable"
        run.detail = _short(f"{type(err).__name__}: {err}", 160)
        return run
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    numbers = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            numbers[index] = len(numbers) + 1
            for name in set(CHECK_CALL.findall(cell.source)):
                run.cell_calls.setdefault(name, []).append(numbers[index])

    sandbox = tempfile.TemporaryDirectory(prefix="grade-", ignore_cleanup_errors=True)
    with sandbox as tmp:
        work = Path(tmp) / "work"
        _sandbox(path, work)
        log = Path(tmp) / "checks.jsonl"
        env = kernel_env(log)
        client = _GradingClient(
            nb, flood, timeout=max(1, math.ceil(timeout)), kernel_name="python3",
            allow_errors=True, shutdown_kernel="immediate",
            startup_timeout=120, log=_silent_log(),
            resources={"metadata": {"path": str(work)}},
        )
        client.code_numbers = numbers
        try:
            with client.setup_kernel(env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL):
                deadline = time.monotonic() + timeout
                _run_cells(client, nb, numbers, deadline, run)
        except CellTimeoutError:
            run.status = "timed out"
            run.detail = (
                f"{code_cell(run.stopped_at)} was still running at the "
                f"{timeout:g} s limit"
            )
        except DeadKernelError:
            run.status = "kernel died"
            run.detail = f"in {code_cell(run.stopped_at)}"
        except Exception as err:
            run.status = "could not run"
            run.detail = _short(f"{type(err).__name__}: {err}", 160)
        run.cell_errors = dict(client.errors)
        run.output_chars = client.output_chars
        run.flood = client.flooded
        run.results, run.log_cut = read_log(log)
    if run.status == "ok" and run.cell_errors:
        first = min(run.cell_errors)
        run.status = "crashed"
        run.detail = f"{code_cell(first)} raised {run.cell_errors[first]}"
        if len(run.cell_errors) > 1:
            run.detail += f"; {len(run.cell_errors)} cells raised in all"
    run.seconds = time.monotonic() - started
    return run


def code_cell(number):
    """``7`` -> ``"the 7th code cell"``: counted from 1, code cells only."""
    if number is None:
        return "an unknown code cell"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"the {number}{suffix} code cell"


def kernel_env(log):
    """The grader's environment for a kernel, logging checks to ``log``.

    Relative PYTHONPATH entries are made absolute: the kernel starts in
    the sandbox, not in the grader's folder.
    """
    env = dict(os.environ, LESSONS_CHECK_LOG=str(log))
    env.pop("JPY_PARENT_PID", None)
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(
            str(Path(entry).resolve()) if entry else entry
            for entry in env["PYTHONPATH"].split(os.pathsep)
        )
    return env


def _run_cells(client, nb, numbers, deadline, run):
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        run.stopped_at = numbers[index]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CellTimeoutError(f"no time left before cell {index}")
        client.timeout = max(1, math.ceil(remaining))
        client.execute_cell(cell, index, execution_count=numbers[index])
        cell.outputs = []
    run.stopped_at = None


def _sandbox(path, work):
    """Copy the submission and the plain files next to it into ``work``.

    Other notebooks and sub-folders are left out (they are other
    submissions or unrelated), and so is anything past :data:`COPY_LIMIT`.
    """
    work.mkdir(parents=True)
    budget = COPY_LIMIT
    for item in sorted(path.parent.iterdir()):
        if item == path or not item.is_file() or item.is_symlink():
            continue
        if item.suffix == ".ipynb" or item.name.startswith("."):
            continue
        size = item.stat().st_size
        if size <= budget:
            shutil.copyfile(item, work / item.name)
            budget -= size
    shutil.copyfile(path, work / path.name)


RANK = {True: 2, False: 1, None: 0}
"""How good a logged result is: passed > wrong > not answered."""


def read_log(log):
    """Exercise id -> best logged result; and whether the log was cut.

    A check run several times counts with its best result (passed beats
    wrong beats not answered) and that run's message; among equally good
    runs the latest one's message is kept.
    """
    results = {}
    if not log.is_file():
        return results, False
    cut = log.stat().st_size > LOG_LIMIT
    with open(log, encoding="utf-8", errors="replace") as handle:
        text = handle.read(LOG_LIMIT)
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("exercise"), str):
            continue
        passed = entry.get("passed")
        if passed not in (True, False, None):
            continue
        best = results.get(entry["exercise"])
        if best is not None and RANK[best["passed"]] > RANK[passed]:
            continue
        results[entry["exercise"]] = {
            "title": _short(entry.get("title", ""), 80),
            "passed": passed,
            "message": _short(entry.get("message", ""), 400),
        }
    return results, cut


def rows_for(file, teacher, run):
    """CSV rows (dicts) for one graded submission."""
    expected = list(teacher.exercises) if teacher else []
    known = {e.exercise for e in expected}
    if not teacher:
        expected += [
            Expected(exercise, result["title"])
            for exercise, result in sorted(run.results.items(), key=_id_key)
            if exercise not in known
        ]
    notebook = teacher.name if teacher else ""
    rows = []
    for item in expected:
        result = run.results.get(item.exercise)
        if result is None:
            outcome, passed, message = "not reached", 0, _not_reached(item, run)
        elif result["passed"] is True:
            outcome, passed, message = "passed", 1, result["message"]
        elif result["passed"] is None:
            outcome, passed, message = "not answered", 0, result["message"]
        else:
            outcome, passed, message = "wrong", 0, result["message"]
        rows.append({
            "file": file, "notebook": notebook, "exercise": item.exercise,
            "title": item.title, "passed": passed, "result": outcome,
            "message": message, "run": run.label(),
        })
    if not rows:
        why = "no exercise reported a result"
        if not teacher:
            why += " and no teacher notebook matches this file"
        rows.append({
            "file": file, "notebook": notebook, "exercise": "", "title": "",
            "passed": 0, "result": "not reached", "message": why + ".",
            "run": run.label(),
        })
    return rows


def _id_key(item):
    parts = re.split(r"[.]", item[0])
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts]


def _not_reached(item, run):
    cells = run.cell_calls.get(item.call, []) if item.call else []
    if run.status == "unreadable":
        return f"not reached: the notebook cannot be read ({run.detail})."
    if run.status == "could not run":
        return f"not reached: the notebook could not run ({run.detail})."
    if item.call and not cells:
        return f"not reached: the notebook no longer calls check.{item.call}()."
    for number in cells:
        if number in run.cell_errors:
            return (
                f"not reached: {code_cell(number)} raised "
                f"{run.cell_errors[number]}."
            )
    if run.stopped_at is not None and (not cells or min(cells) >= run.stopped_at):
        why = (
            "the notebook ran past the time limit" if run.status == "timed out"
            else "the kernel died"
        )
        return f"not reached: {why} in {code_cell(run.stopped_at)}."
    if run.cell_errors:
        first = min(run.cell_errors)
        return (
            f"not reached: the check gave no result; {code_cell(first)} "
            f"raised {run.cell_errors[first]}."
        )
    return "not reached: the check gave no result."


def missing_rows(rows, teachers):
    """``rows`` plus a ``missing`` row per exercise of each lesson not handed in.

    Only submissions in a sub-folder belong to a student (the first folder
    of the file's path); each student is expected to hand in every lesson
    in ``teachers``. The added rows follow the student's own rows.
    """
    order, by_student = [], {}
    for row in rows:
        student = row["file"].split("/")[0] if "/" in row["file"] else None
        key = student if student is not None else ("", len(order))
        if key not in by_student:
            order.append(key)
            by_student[key] = []
        by_student[key].append(row)
    out = []
    for key in order:
        out += by_student[key]
        if isinstance(key, tuple):
            continue
        handed = {row["notebook"] for row in by_student[key]}
        for name, teacher in sorted(teachers.items()):
            if name in handed:
                continue
            out += [{
                "file": f"{key}/", "notebook": name, "exercise": item.exercise,
                "title": item.title, "passed": 0, "result": "missing",
                "message": (
                    f"not handed in: no notebook in {key}/ matches {name}."
                ),
                "run": "not handed in",
            } for item in teacher.exercises]
    return out


def _base(folder):
    """The folder submission names are relative to (a file's own folder)."""
    folder = Path(folder)
    return folder.parent if folder.is_file() else folder


def submissions(folder):
    """Every notebook under ``folder`` (or ``folder`` itself), stably ordered."""
    folder = Path(folder)
    if folder.is_file():
        return [folder] if folder.suffix == ".ipynb" else []
    return sorted(
        p for p in folder.rglob("*.ipynb")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _grade_one(path, timeout, flood):
    return run_submission(path, timeout, flood)


def grade(folder, out, timeout=TIMEOUT, teachers_dir=TEACHER, jobs=1,
          flood=FLOOD, progress=None):
    """Grade every submission in ``folder``; write ``out``; return the rows.

    ``folder`` may also be one ``.ipynb`` file. Lessons a student
    sub-folder lacks are added as ``missing`` rows (:func:`missing_rows`).
    """
    paths = submissions(folder)
    folder = _base(folder)
    teachers = teacher_notebooks(teachers_dir)
    progress = progress or Progress(len(paths))
    runs = {}
    if jobs > 1 and len(paths) > 1:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            futures = {
                path: pool.submit(_grade_one, path, timeout, flood)
                for path in paths
            }
            for path in paths:
                runs[path] = futures[path].result()
                progress.step(path.relative_to(folder).as_posix())
    else:
        for path in paths:
            progress.show(path.relative_to(folder).as_posix())
            runs[path] = run_submission(path, timeout, flood)
            progress.step(path.relative_to(folder).as_posix())
    progress.done()

    rows = []
    for path in paths:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            nb = None
        teacher = match_teacher(path, nb, teachers)
        rows += rows_for(path.relative_to(folder).as_posix(), teacher, runs[path])
    rows = missing_rows(rows, teachers)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return rows


def _cell(value):
    """A CSV field a spreadsheet will not read as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class Progress:
    """A one-line progress bar on stderr (one line per step when not a tty)."""

    def __init__(self, total, stream=None, width=24):
        self.total, self.count, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()

    def _bar(self, name):
        filled = self.width * self.count // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        seconds = time.monotonic() - self.started
        return f"[{bar}] {self.count}/{self.total} {seconds:5.0f} s  {name}"

    def show(self, name):
        if self.tty:
            self.stream.write("\r\033[K" + self._bar(f"running {name}"))
            self.stream.flush()

    def step(self, name):
        self.count += 1
        if self.tty:
            self.stream.write("\r\033[K" + self._bar(f"done {name}"))
        else:
            self.stream.write(self._bar(f"done {name}") + "\n")
        self.stream.flush()

    def done(self):
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def summary(rows):
    """The terminal table: one line per submission, then per student folder.

    The second table appears when submissions sit in folders (one folder per
    student). A student's score is out of every exercise of every lesson
    (lessons not handed in count, as ``missing`` rows, see
    :func:`missing_rows`); of two files for one lesson the better counts.
    "handed in" counts lessons handed in out of all lessons; "runs not ok"
    counts the student's notebooks whose run was not ok.
    """
    table = {}
    for row in rows:
        entry = table.setdefault((row["file"], row["notebook"]), {
            "run": row["run"], "passed": 0, "wrong": 0, "not answered": 0,
            "not reached": 0, "missing": 0, "total": 0,
        })
        if row["exercise"]:
            entry["total"] += 1
            entry[row["result"]] += 1
    lines = [["file", "notebook", "score", "wrong", "not answered", "not reached",
              "run"]]
    for (file, notebook), e in table.items():
        lines.append([
            file, notebook or "?", f"{e['passed']}/{e['total']}",
            str(e["wrong"]), str(e["not answered"]), str(e["not reached"]),
            e["run"],
        ])
    text = _columns(lines)

    students = {}
    for (file, notebook), e in table.items():
        if "/" not in file:
            continue
        student = students.setdefault(
            file.split("/")[0], {"lessons": {}, "other": [0, 0], "not ok": 0})
        handed = e["run"] != "not handed in"
        if not notebook:
            student["other"][0] += e["passed"]
            student["other"][1] += e["total"]
        else:
            best = student["lessons"].get(notebook)
            if best is None or (handed, e["passed"]) > (best[2], best[0]):
                student["lessons"][notebook] = (e["passed"], e["total"], handed)
        student["not ok"] += handed and e["run"] != "ok"
    if students:
        lines = [["student", "score", "handed in", "runs not ok"]]
        for name, t in students.items():
            lessons = t["lessons"].values()
            passed = sum(x[0] for x in lessons) + t["other"][0]
            total = sum(x[1] for x in lessons) + t["other"][1]
            handed = sum(x[2] for x in lessons)
            lines.append([name, f"{passed}/{total}", f"{handed}/{len(lessons)}",
                          str(t["not ok"])])
        text += "\n\n" + _columns(lines)
    return text


def _columns(lines):
    """Rows of strings as aligned columns under a dashed header rule."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    widths[-1] = len(lines[0][-1])
    text = []
    for n, line in enumerate(lines):
        text.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
                    .rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Grade a folder of submitted student notebooks."
    )
    parser.add_argument("folder",
                        help="folder of submitted .ipynb files, or one .ipynb")
    parser.add_argument("--out", default="grades.csv",
                        help="CSV to write (default: grades.csv)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help=f"seconds per submission (default: {TIMEOUT:g})")
    parser.add_argument("--notebooks", default=str(TEACHER),
                        help="teacher notebooks (default: notebooks/en)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="submissions graded at once (default: 1)")
    parser.add_argument("--flood", type=int, default=FLOOD,
                        help=f"output characters that count as a flood "
                             f"(default: {FLOOD})")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir() and not (folder.is_file() and folder.suffix == ".ipynb"):
        print(f"grade: no such folder or .ipynb file: {folder}", file=sys.stderr)
        return 2
    if not submissions(folder):
        print(f"grade: no .ipynb files under {folder}", file=sys.stderr)
        return 2
    if not teacher_notebooks(args.notebooks):
        print(f"grade: warning: no executed teacher notebooks in "
              f"{args.notebooks}; grading only what submissions report",
              file=sys.stderr)
    rows = grade(folder, args.out, timeout=args.timeout,
                 teachers_dir=args.notebooks, jobs=max(1, args.jobs),
                 flood=args.flood)
    print(summary(rows))
    print(f"\nwrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
