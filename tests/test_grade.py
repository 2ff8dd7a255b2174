"""The grader: a folder of synthetic submissions gives the right table.

The fixture notebooks (tests/fixtures/, rebuilt by build_fixtures.py)
import three small checks from tests/fixtures/fixture_checks.py; the
kernels find that module through PYTHONPATH.
"""

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SUBMISSIONS = FIXTURES / "submissions"
TEACHER = FIXTURES / "teacher"
sys.path.insert(0, str(ROOT / "tools"))

import grade  # noqa: E402

TIMEOUT = 12
FLOOD = 1_000_000


def digests(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def fixture_path():
    """Kernels started while this is active can import fixture_checks."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(FIXTURES)
    yield
    if old is None:
        del os.environ["PYTHONPATH"]
    else:
        os.environ["PYTHONPATH"] = old


@pytest.fixture(scope="module")
def graded(fixture_path, tmp_path_factory):
    """Grade every fixture submission once (three at a time)."""
    before = digests(SUBMISSIONS)
    out = tmp_path_factory.mktemp("grades") / "grades.csv"
    stream = io.StringIO()
    count = len(grade.submissions(SUBMISSIONS))
    rows = grade.grade(
        SUBMISSIONS, out, timeout=TIMEOUT, teachers_dir=TEACHER, jobs=3,
        flood=FLOOD, progress=grade.Progress(count, stream=stream),
    )
    return {"rows": rows, "out": out, "before": before,
            "progress": stream.getvalue()}


def by_file(rows):
    table = {}
    for row in rows:
        table.setdefault(row["file"], []).append(row)
    return table


def results(rows):
    return [(row["exercise"], row["result"]) for row in rows]


def test_every_submission_is_graded(graded):
    table = by_file(graded["rows"])
    assert sorted(table) == [
        "all_blank/90_fixture.ipynb",
        "all_correct/90_fixture.ipynb",
        "deletes_files/90_fixture.ipynb",
        "floods_output/90_fixture.ipynb",
        "kernel_dies/90_fixture.ipynb",
        "loops_forever/90_fixture.ipynb",
        "partly_wrong/partly_wrong_90_fixture.ipynb",
        "passes_then_scratch/90_fixture.ipynb",
        "raises_at_import/90_fixture.ipynb",
    ]
    for rows in table.values():
        assert [r["exercise"] for r in rows] == ["90.1", "90.2", "90.3"]
        assert [r["title"] for r in rows] == ["a value", "a function", "a choice"]
        assert {r["notebook"] for r in rows} == {"90_fixture.ipynb"}


def test_all_correct(graded):
    rows = by_file(graded["rows"])["all_correct/90_fixture.ipynb"]
    assert [(r["passed"], r["message"], r["run"]) for r in rows] == [
        (1, "passed.", "ok")] * 3


def test_all_blank_is_not_answered(graded):
    rows = by_file(graded["rows"])["all_blank/90_fixture.ipynb"]
    assert results(rows) == [("90.1", "not answered"), ("90.2", "not answered"),
                             ("90.3", "not answered")]
    assert [r["message"] for r in rows] == [
        "not answered yet.", "not answered yet (your function returns None).",
        "not answered yet.",
    ]
    assert {r["run"] for r in rows} == {"ok"}


def test_partly_wrong_gets_the_checks_messages(graded):
    rows = by_file(graded["rows"])["partly_wrong/partly_wrong_90_fixture.ipynb"]
    assert results(rows) == [("90.1", "wrong"), ("90.2", "wrong"),
                             ("90.3", "not answered")]
    assert rows[0]["message"] == (
        "not yet. answer is not right to 4 decimals. Hint: it is 0.6333.")
    assert rows[1]["message"] == (
        "not yet. double(x) has the right shape but wrong values. Hint: "
        "return 2 * x.")
    assert [r["passed"] for r in rows] == [0, 0, 0]


def test_raises_at_import_is_crashed_and_nothing_reached(graded):
    rows = by_file(graded["rows"])["raises_at_import/90_fixture.ipynb"]
    assert [r["result"] for r in rows] == ["not reached"] * 3
    assert rows[0]["run"].startswith(
        "crashed (the 1st code cell raised ImportError: cannot import name "
        "'no_such_module'")
    assert rows[0]["message"] == (
        "not reached: the 2nd code cell raised NameError: name 'check' is not "
        "defined.")


def test_loop_forever_is_cut_and_the_rest_not_reached(graded):
    rows = by_file(graded["rows"])["loops_forever/90_fixture.ipynb"]
    assert results(rows) == [("90.1", "passed"), ("90.2", "not reached"),
                             ("90.3", "not reached")]
    assert rows[0]["run"] == (
        f"timed out (the 3rd code cell was still running at the {TIMEOUT} s "
        "limit)")
    assert rows[1]["message"] == (
        "not reached: the notebook ran past the time limit in the 3rd code "
        "cell.")


def test_kernel_that_dies(graded):
    rows = by_file(graded["rows"])["kernel_dies/90_fixture.ipynb"]
    assert results(rows) == [("90.1", "passed"), ("90.2", "not reached"),
                             ("90.3", "not reached")]
    assert rows[0]["run"] == "kernel died (in the 3rd code cell)"
    assert rows[2]["message"] == (
        "not reached: the kernel died in the 3rd code cell.")


def test_a_check_run_again_keeps_its_best_result(graded):
    rows = by_file(graded["rows"])["passes_then_scratch/90_fixture.ipynb"]
    assert [(r["result"], r["message"]) for r in rows] == [
        ("passed", "passed."),
        ("passed", "passed."),
        ("wrong", "not yet. prediction: that is too large. Look again: it is b."),
    ]


def test_deleting_files_only_hits_the_sandbox(graded):
    rows = by_file(graded["rows"])["deletes_files/90_fixture.ipynb"]
    assert [(r["passed"], r["run"]) for r in rows] == [(1, "ok")] * 3
    assert (SUBMISSIONS / "deletes_files" / "notes.txt").read_text() == "keep me\n"


def test_originals_are_untouched(graded):
    assert digests(SUBMISSIONS) == graded["before"]


def test_flood_is_flagged_and_still_graded(graded):
    rows = by_file(graded["rows"])["floods_output/90_fixture.ipynb"]
    assert [r["passed"] for r in rows] == [1, 1, 1]
    run = rows[0]["run"]
    assert run.startswith("ok; output flood (")
    assert int(run.split("(")[1].split(" ")[0].replace(",", "")) > FLOOD


def test_csv_holds_the_rows(graded):
    with open(graded["out"], newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == grade.COLUMNS
        written = list(reader)
    expected = [{k: str(v) for k, v in row.items()} for row in graded["rows"]]
    assert written == expected
    assert len(written) == 9 * 3


def test_summary_table(graded):
    text = grade.summary(graded["rows"])
    lines = text.splitlines()
    assert lines[0].split() == ["file", "notebook", "score", "wrong", "not",
                                "answered", "not", "reached", "run"]
    row = next(line for line in lines if line.startswith("partly_wrong/"))
    assert row.split()[:6] == ["partly_wrong/partly_wrong_90_fixture.ipynb",
                               "90_fixture.ipynb", "0/3", "2", "1", "0"]
    row = next(line for line in lines if line.startswith("loops_forever/"))
    assert row.split()[2:7] == ["1/3", "0", "0", "2", "timed"]
    assert len(lines) == 2 + 9 + 1 + 2 + 9
    assert lines[12].split() == [
        "student", "score", "handed", "in", "runs", "not", "ok"]
    assert lines[14:17] == [
        "all_blank            0/3    1/1        0",
        "all_correct          3/3    1/1        0",
        "deletes_files        3/3    1/1        0",
    ]
    assert lines[17].split() == ["floods_output", "3/3", "1/1", "1"]


def test_summary_without_folders_has_one_table():
    rows = [{"file": "a.ipynb", "notebook": "", "exercise": "1.1", "title": "t",
             "passed": 1, "result": "passed", "message": "passed.", "run": "ok"}]
    lines = grade.summary(rows).splitlines()
    assert len(lines) == 3
    assert lines[2].split() == ["a.ipynb", "?", "1/1", "0", "0", "0", "ok"]


def test_progress_bar_counts_every_submission(graded):
    lines = graded["progress"].splitlines()
    assert len(lines) == 9
    assert lines[-1].startswith("[########################] 9/9 ")


def test_teacher_exercises_come_from_stored_outputs():
    teachers = grade.teacher_notebooks(TEACHER)
    teacher = teachers["90_fixture.ipynb"]
    assert [(e.exercise, e.title, e.call) for e in teacher.exercises] == [
        ("90.1", "a value", "fixture_value"),
        ("90.2", "a function", "fixture_function"),
        ("90.3", "a choice", "fixture_choice"),
    ]


def test_match_teacher():
    teachers = grade.teacher_notebooks(TEACHER)
    nb = nbformat.read(TEACHER / "90_fixture.ipynb", as_version=4)
    match = grade.match_teacher
    assert match(Path("x/90_fixture.ipynb"), None, teachers).name == "90_fixture.ipynb"
    assert match(Path("bob_90_fixture_v2.ipynb"), None, teachers) is not None
    assert match(Path("homework.ipynb"), nb, teachers).name == "90_fixture.ipynb"
    assert match(Path("homework.ipynb"), None, teachers) is None
    empty = nbformat.v4.new_notebook()
    assert match(Path("homework.ipynb"), empty, teachers) is None


def test_code_cells_are_named_by_their_place():
    names = [grade.code_cell(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)]
    assert names == [f"the {n} code cell" for n in (
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd",
        "101st", "111th")]


@pytest.mark.parametrize("order, best", [
    ([True, None], True),
    ([True, False], True),
    ([False, True, None], True),
    ([None, False], False),
    ([False, None], False),
    ([None, None], None),
])
def test_read_log_keeps_the_best_result(tmp_path, order, best):
    log = tmp_path / "checks.jsonl"
    log.write_text("".join(
        json.dumps({"exercise": "1.1", "title": "t", "passed": passed,
                    "message": f"run {n}"}) + "\n"
        for n, passed in enumerate(order)))
    found, _ = grade.read_log(log)
    runs = [n for n, passed in enumerate(order) if passed is best]
    assert found["1.1"] == {"title": "t", "passed": best,
                            "message": f"run {runs[-1]}"}


def test_read_log_keeps_the_last_valid_result(tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    lines = [
        {"exercise": "1.1", "title": "t", "passed": None,
         "message": "not answered yet."},
        "not json at all",
        {"exercise": 3, "passed": True},
        {"exercise": "1.2", "title": "u", "passed": "yes", "message": "x"},
        {"exercise": "1.1", "title": "t", "passed": True, "message": "passed."},
        ["a", "list"],
    ]
    log.write_text("\n".join(
        x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    found, cut = grade.read_log(log)
    assert found == {"1.1": {"title": "t", "passed": True, "message": "passed."}}
    assert cut is False
    monkeypatch.setattr(grade, "LOG_LIMIT", 100)
    found, cut = grade.read_log(log)
    assert cut is True
    assert found["1.1"]["passed"] is None
    assert grade.read_log(tmp_path / "missing.jsonl") == ({}, False)


def test_unreadable_submission_is_reported_without_a_kernel(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{ this is not json")
    run = grade.run_submission(bad, timeout=5)
    assert run.status == "unreadable"
    teacher = grade.teacher_notebooks(TEACHER)["90_fixture.ipynb"]
    rows = grade.rows_for("broken.ipynb", teacher, run)
    assert [r["result"] for r in rows] == ["not reached"] * 3
    assert rows[0]["message"].startswith("not reached: the notebook cannot be read")
    rows = grade.rows_for("broken.ipynb", None, run)
    assert len(rows) == 1
    assert rows[0]["message"] == (
        "no exercise reported a result and no teacher notebook matches this "
        "file.")


def test_unknown_notebook_lists_what_it_reported():
    run = grade.Run(results={
        "2.10": {"title": "b", "passed": False, "message": "not yet. x"},
        "2.9": {"title": "a", "passed": True, "message": "passed."},
    })
    rows = grade.rows_for("s.ipynb", None, run)
    assert [(r["exercise"], r["result"]) for r in rows] == [
        ("2.9", "passed"), ("2.10", "wrong")]


def test_removed_check_call_is_named():
    teacher = grade.teacher_notebooks(TEACHER)["90_fixture.ipynb"]
    run = grade.Run(cell_calls={"fixture_value": [2]})
    rows = grade.rows_for("s.ipynb", teacher, run)
    assert rows[1]["message"] == (
        "not reached: the notebook no longer calls check.fixture_function().")
    assert rows[0]["message"] == "not reached: the check gave no result."


def test_sandbox_copies_plain_files_but_not_other_notebooks(tmp_path):
    folder = tmp_path / "alice"
    folder.mkdir()
    for name in ("01.ipynb", "02.ipynb", "data.csv", ".hidden"):
        (folder / name).write_text(name)
    (folder / "sub").mkdir()
    work = tmp_path / "work"
    grade._sandbox(folder / "01.ipynb", work)
    assert sorted(p.name for p in work.iterdir()) == ["01.ipynb", "data.csv"]


def test_relative_pythonpath_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", "extra")
    env = grade.kernel_env(tmp_path / "log.jsonl")
    assert env["PYTHONPATH"] == str(tmp_path / "extra")
    assert env["LESSONS_CHECK_LOG"] == str(tmp_path / "log.jsonl")


def test_command_line(tmp_path):
    folder = tmp_path / "hand_in"
    folder.mkdir()
    shutil.copy(SUBMISSIONS / "all_correct" / "90_fixture.ipynb",
                folder / "ann_90_fixture.ipynb")
    (folder / "zed.ipynb").write_text("not a notebook")
    out = tmp_path / "out" / "grades.csv"
    env = dict(os.environ, PYTHONPATH=str(FIXTURES))
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "grade.py"), str(folder),
         "--out", str(out), "--timeout", "60", "--notebooks", str(TEACHER)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[2].split()[:3] == ["ann_90_fixture.ipynb", "90_fixture.ipynb", "3/3"]
    assert lines[3].split()[:3] == ["zed.ipynb", "?", "0/0"]
    assert "unreadable" in lines[3]
    assert lines[-1] == f"wrote 4 rows to {out}"
    assert "2/2" in done.stderr
    with open(out, newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 4


def test_csv_fields_are_never_formulas():
    assert grade._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert grade._cell("-1") == "'-1"
    assert grade._cell("not yet. x") == "not yet. x"
    assert grade._cell(1) == 1


@pytest.mark.parametrize("make", ["missing", "empty", "text file"])
def test_command_line_without_submissions(tmp_path, capsys, make):
    folder = tmp_path / "nothing"
    if make == "empty":
        folder.mkdir()
    if make == "text file":
        folder.write_text("not a notebook")
    assert grade.main([str(folder), "--out", str(tmp_path / "g.csv")]) == 2
    assert "grade:" in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists()


def two_lessons():
    teachers = dict(grade.teacher_notebooks(TEACHER))
    teachers["91_more.ipynb"] = grade.Teacher(
        "91_more.ipynb", [grade.Expected("91.1", "more", "fixture_more")],
        {"fixture_more"})
    return teachers


def row(file, notebook, exercise, result, run="ok"):
    return {"file": file, "notebook": notebook, "exercise": exercise,
            "title": "t", "passed": int(result == "passed"), "result": result,
            "message": "m", "run": run}


def test_lessons_not_handed_in_are_missing_rows():
    rows = [row("alice/90.ipynb", "90_fixture.ipynb", f"90.{k}", "passed")
            for k in (1, 2, 3)]
    rows += [row("bob/91.ipynb", "91_more.ipynb", "91.1", "wrong"),
             row("loose.ipynb", "90_fixture.ipynb", "90.1", "passed")]
    full = grade.missing_rows(rows, two_lessons())
    assert [(r["file"], r["exercise"], r["result"]) for r in full] == [
        ("alice/90.ipynb", "90.1", "passed"),
        ("alice/90.ipynb", "90.2", "passed"),
        ("alice/90.ipynb", "90.3", "passed"),
        ("alice/", "91.1", "missing"),
        ("bob/91.ipynb", "91.1", "wrong"),
        ("bob/", "90.1", "missing"),
        ("bob/", "90.2", "missing"),
        ("bob/", "90.3", "missing"),
        ("loose.ipynb", "90.1", "passed"),
    ]
    missing = full[3]
    assert missing["notebook"] == "91_more.ipynb"
    assert missing["passed"] == 0
    assert missing["run"] == "not handed in"
    assert missing["message"] == (
        "not handed in: no notebook in alice/ matches 91_more.ipynb.")
    assert grade.missing_rows(rows, {}) == rows


def test_student_total_is_out_of_every_lesson():
    rows = [row("alice/90.ipynb", "90_fixture.ipynb", f"90.{k}", "passed")
            for k in (1, 2, 3)]
    rows += [row("bob/90_a.ipynb", "90_fixture.ipynb", "90.1", "passed",
                 run="crashed (x)"),
             row("bob/90_a.ipynb", "90_fixture.ipynb", "90.2", "wrong",
                 run="crashed (x)"),
             row("bob/90_b.ipynb", "90_fixture.ipynb", "90.1", "wrong"),
             row("bob/91.ipynb", "91_more.ipynb", "91.1", "passed")]
    text = grade.summary(grade.missing_rows(rows, two_lessons()))
    lines = text.splitlines()
    assert lines[2:7] == [
        "alice/90.ipynb  90_fixture.ipynb  3/3    0      0             0"
        "            ok",
        "alice/          91_more.ipynb     0/1    0      0             0"
        "            not handed in",
        "bob/90_a.ipynb  90_fixture.ipynb  1/2    1      0             0"
        "            crashed (x)",
        "bob/90_b.ipynb  90_fixture.ipynb  0/1    1      0             0"
        "            ok",
        "bob/91.ipynb    91_more.ipynb     1/1    0      0             0"
        "            ok",
    ]
    assert [line.split() for line in lines[-2:]] == [
        ["alice", "3/4", "1/2", "0"],
        ["bob", "2/3", "2/2", "1"],
    ]


def test_single_notebook_and_missing_lessons_end_to_end(fixture_path, tmp_path):
    folder = tmp_path / "hand_in" / "carol"
    folder.mkdir(parents=True)
    shutil.copy(SUBMISSIONS / "passes_then_scratch" / "90_fixture.ipynb",
                folder / "90_fixture.ipynb")
    teachers = tmp_path / "teacher"
    teachers.mkdir()
    shutil.copy(TEACHER / "90_fixture.ipynb", teachers)
    nb = nbformat.read(TEACHER / "90_fixture.ipynb", as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                out["text"] = out["text"].replace("Exercise 90.", "Exercise 91.")
    nbformat.write(nb, teachers / "91_more.ipynb")
    progress = grade.Progress(1, stream=io.StringIO())
    rows = grade.grade(tmp_path / "hand_in", tmp_path / "g.csv", timeout=TIMEOUT,
                       teachers_dir=teachers, progress=progress)
    assert [(r["file"], r["exercise"], r["result"]) for r in rows] == [
        ("carol/90_fixture.ipynb", "90.1", "passed"),
        ("carol/90_fixture.ipynb", "90.2", "passed"),
        ("carol/90_fixture.ipynb", "90.3", "wrong"),
        ("carol/", "91.1", "missing"),
        ("carol/", "91.2", "missing"),
        ("carol/", "91.3", "missing"),
    ]
    assert grade.summary(rows).splitlines()[-1].split() == [
        "carol", "2/6", "1/2", "0"]
    single = folder / "90_fixture.ipynb"
    progress = grade.Progress(1, stream=io.StringIO())
    rows = grade.grade(single, tmp_path / "one.csv", timeout=TIMEOUT,
                       teachers_dir=teachers, progress=progress)
    assert [(r["file"], r["result"]) for r in rows] == [
        ("90_fixture.ipynb", "passed"), ("90_fixture.ipynb", "passed"),
        ("90_fixture.ipynb", "wrong")]
    assert len(grade.summary(rows).splitlines()) == 3
