"""The project's promises about itself: Binder = CI, README = CI, nav fresh."""

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import nav  # noqa: E402


def requirement_lines(path):
    lines = path.read_text().splitlines()
    return sorted(line.strip() for line in lines if line.strip()
                  and not line.startswith("#"))


def test_binder_installs_exactly_what_ci_tests():
    assert requirement_lines(ROOT / "binder/requirements.txt") == requirement_lines(
        ROOT / "requirements.txt")


def test_every_requirement_is_pinned():
    for line in requirement_lines(ROOT / "requirements.txt"):
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.+]+", line), line


def test_binder_python_is_the_python_ci_runs():
    runtime = (ROOT / "binder/runtime.txt").read_text().strip()
    assert runtime == "python-{}.{}".format(*sys.version_info[:2])


def test_binder_installs_the_library():
    post_build = (ROOT / "binder/postBuild").read_text()
    assert "pip install --no-deps -e ." in post_build


def test_lab_settings_turn_off_news_fetching():
    import json

    overrides = json.loads((ROOT / "binder/overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false"
    assert "binder/overrides.json" in (ROOT / "binder/postBuild").read_text()
    assert "binder/overrides.json" in (ROOT / "Makefile").read_text()


def readme_command(name):
    text = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {name} -->\s*```(?:bash|sh)?\n(.+?)\n```", text, re.S)
    assert match, f"README.md has no '{name}' command block"
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command():
    command = readme_command("test")
    ci = (ROOT / ".ci/run").read_text()
    assert command in ci.splitlines()


def test_navigation_is_up_to_date():
    stale = [p.name for p, text in nav.build(ROOT / "notebooks/en").items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert stale == [], "run: python tools/nav.py"


def test_every_lesson_has_nav_at_top_and_bottom():
    lessons = sorted((ROOT / "notebooks/en").glob("0[1-9]_*.ipynb"))
    assert len(lessons) == 6
    for path in lessons:
        cells = nbformat.read(path, as_version=4).cells
        assert "nav" in cells[0].metadata.get("tags", []), path.name
        assert "nav" in cells[-1].metadata.get("tags", []), path.name
        assert cells[1].source.startswith(f"# {path.name[:2]} · "), path.name
