"""The student edition: solutions cut, everything else kept, runs clean.

The edition on disk (student/en) must be exactly what
``tools/student_edition.py`` builds from notebooks/en, and every student
notebook must run top to bottom and report each exercise as not answered.
"""

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TEACHER = ROOT / "notebooks" / "en"
STUDENT = ROOT / "student" / "en"
FIXTURE = ROOT / "tests" / "fixtures" / "teacher" / "90_fixture.ipynb"
sys.path.insert(0, str(ROOT / "tools"))

import student_edition as se  # noqa: E402

FEEDBACK = re.compile(r"^Exercise (\S+) \((.*)\): (.*)$", re.MULTILINE)
LESSONS = sorted(p.name for p in TEACHER.glob("[0-9][0-9]_*.ipynb")
                 if not p.name.startswith("00_"))


def stored_feedback(path):
    """(exercise, message) for every feedback line in stored outputs."""
    nb = nbformat.read(path, as_version=4)
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                found += [(e, m) for e, _, m in FEEDBACK.findall(out["text"])]
    return found


# ---- cutting solutions ----------------------------------------------------

def test_value_region_becomes_a_stub_line():
    source = (
        "x1 = None\n### BEGIN SOLUTION\nx1 = 2.2\n### END SOLUTION\n"
        "check.gd_one_step(x1)"
    )
    assert se.strip_solutions(source) == (
        "x1 = None\n...\ncheck.gd_one_step(x1)", 1)


def test_function_region_keeps_its_indent():
    source = (
        "def f(x, grad, lr):\n    ### BEGIN SOLUTION\n    y = x - lr * grad\n"
        "    return y\n    ### END SOLUTION\n\n\ncheck.rule(f)"
    )
    new, regions = se.strip_solutions(source)
    assert new == "def f(x, grad, lr):\n    ...\n\n\ncheck.rule(f)"
    assert regions == 1
    namespace = {}
    exec(new.replace("check.rule(f)", ""), namespace)
    assert namespace["f"](1.0, 2.0, 0.1) is None


def test_several_regions_and_a_region_at_the_end():
    source = (
        "a = None\n### BEGIN SOLUTION\na = 1\n### END SOLUTION\n"
        "b = None\n  ### BEGIN SOLUTION\nb = 2\n  ### END SOLUTION"
    )
    assert se.strip_solutions(source) == ("a = None\n...\nb = None\n  ...", 2)


def test_source_without_markers_is_unchanged():
    source = "x = 1\nprint(x)\n"
    assert se.strip_solutions(source) == (source, 0)


@pytest.mark.parametrize(
    "source, message",
    [
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
         "line 2: BEGIN SOLUTION inside a region"),
        ("x = 1\n### END SOLUTION\n", "line 2: END SOLUTION without BEGIN"),
        ("### BEGIN SOLUTION\nx = 1\n", "BEGIN SOLUTION without END SOLUTION"),
        ("x = 1  ### BEGIN SOLUTION\n### END SOLUTION",
         "line 1: the marker must be alone on its line"),
        ("## BEGIN SOLUTION\nx\n### END SOLUTION",
         "line 1: the marker must be alone on its line"),
    ],
)
def test_bad_markers_are_refused(source, message):
    with pytest.raises(se.MarkerError, match=re.escape(message)):
        se.strip_solutions(source)


def test_notebook_cells_with_solutions_lose_outputs_only():
    teacher = json.loads(FIXTURE.read_text(encoding="utf-8"))
    before = json.dumps(teacher, sort_keys=True)
    student, regions = se.student_notebook(teacher)
    assert json.dumps(teacher, sort_keys=True) == before
    assert regions == 3
    assert student["metadata"] == teacher["metadata"]
    assert len(student["cells"]) == len(teacher["cells"])
    for old, new in zip(teacher["cells"], student["cells"], strict=True):
        if "### BEGIN SOLUTION" in "".join(old["source"]):
            assert old["outputs"] and old["execution_count"]
            assert new["outputs"] == [] and new["execution_count"] is None
            assert new["id"] == old["id"] and new["metadata"] == old["metadata"]
            assert "SOLUTION" not in "".join(new["source"])
            assert "...\n" in new["source"] or "    ...\n" in new["source"]
        else:
            assert new == old


def test_markers_in_markdown_are_refused():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("### BEGIN SOLUTION\nanswer\n"
                                              "### END SOLUTION")]
    with pytest.raises(se.MarkerError, match="only code cells may hold"):
        se.student_notebook(json.loads(nbformat.writes(nb)))
    nb.cells = [nbformat.v4.new_markdown_cell(
        "Solutions sit between `### BEGIN SOLUTION` and `### END SOLUTION`.")]
    se.student_notebook(json.loads(nbformat.writes(nb)))


def test_layout_matches_nbformat_byte_for_byte():
    raw = FIXTURE.read_text(encoding="utf-8")
    assert se.dumps(json.loads(raw)) == raw
    for path in sorted(TEACHER.glob("*.ipynb")):
        raw = path.read_text(encoding="utf-8")
        assert se.dumps(json.loads(raw)) == raw, path.name


def test_build_is_deterministic_and_removes_stale_files(tmp_path):
    source = tmp_path / "teacher"
    (source / "img").mkdir(parents=True)
    (source / "90_fixture.ipynb").write_bytes(FIXTURE.read_bytes())
    (source / "img" / "plot.png").write_bytes(b"\x89PNG fake")
    (source / ".ipynb_checkpoints").mkdir()
    (source / ".ipynb_checkpoints" / "x.ipynb").write_text("{}")
    out = tmp_path / "student"
    (out / "old").mkdir(parents=True)
    (out / "old" / "gone.ipynb").write_text("{}")

    assert se.build(source, out) == [Path("90_fixture.ipynb"), Path("img/plot.png")]
    first = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert sorted(p.relative_to(out).as_posix() for p in first) == [
        "90_fixture.ipynb", "img/plot.png"]
    assert not (out / "old").exists()
    assert (out / "img" / "plot.png").read_bytes() == b"\x89PNG fake"
    se.build(source, out)
    second = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert first == second
    text = (out / "90_fixture.ipynb").read_text(encoding="utf-8")
    assert "SOLUTION" not in text and "0.6333" not in text


def test_command_reports_bad_markers(tmp_path, capsys):
    source = tmp_path / "teacher"
    source.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n")]
    nbformat.write(nb, source / "01_bad.ipynb")
    assert se.main([str(source), str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("student_edition: 01_bad.ipynb: cell 0: ")


def test_command_writes_the_edition(tmp_path, capsys):
    source = tmp_path / "teacher"
    source.mkdir()
    (source / "90_fixture.ipynb").write_bytes(FIXTURE.read_bytes())
    assert se.main([str(source), str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.startswith("student edition: 1 notebooks in ")
    assert (tmp_path / "out" / "90_fixture.ipynb").is_file()


# ---- the real edition ---------------------------------------------------------

def test_edition_on_disk_is_what_the_command_builds():
    built = se.edition_files(TEACHER)
    on_disk = {
        p.relative_to(STUDENT): p.read_bytes()
        for p in sorted(STUDENT.rglob("*")) if p.is_file()
    } if STUDENT.is_dir() else {}
    assert sorted(on_disk) == sorted(built), (
        "student/en is out of date: run .venv/bin/python tools/student_edition.py")
    for relative, content in built.items():
        assert on_disk[relative] == content, (
            f"student/en/{relative} is out of date: run "
            ".venv/bin/python tools/student_edition.py")


def test_no_solution_text_in_the_edition():
    for path in sorted(STUDENT.rglob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, path


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_has_at_least_three_exercises_that_pass(name):
    feedback = stored_feedback(TEACHER / name)
    exercises = [e for e, _ in feedback]
    assert len(set(exercises)) >= 3, f"{name} has exercises {exercises}"
    assert len(exercises) == len(set(exercises)), f"{name} checks twice: {exercises}"
    number = int(name[:2])
    assert all(e.startswith(f"{number}.") for e in exercises), exercises
    assert all(m == "passed." for _, m in feedback), feedback
    _, regions = se.student_notebook(
        json.loads((TEACHER / name).read_text(encoding="utf-8")))
    assert regions >= len(exercises)


@pytest.mark.parametrize("name", LESSONS)
def test_student_notebook_runs_and_nothing_is_answered(name):
    expected = [e for e, _ in stored_feedback(TEACHER / name)]
    nb = nbformat.read(STUDENT / name, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(STUDENT)}},
    )
    client.execute()
    reported = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out
            if out.get("output_type") == "stream":
                assert out["name"] == "stdout", out["text"]
                reported += FEEDBACK.findall(out["text"])
    assert [e for e, _, _ in reported] == expected
    for exercise, _, message in reported:
        assert message.startswith("not answered yet"), (exercise, message)
