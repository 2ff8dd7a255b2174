"""Build the student edition: the teacher's notebooks without their solutions.

Usage: python tools/student_edition.py [SOURCE_DIR [OUT_DIR]]
(default: notebooks/en -> student/en, relative to the repository).

In a teacher's code cell, a solution sits between two marker lines (the
markers nbgrader reads too)::

    x1 = None
    ### BEGIN SOLUTION
    x1 = 2.2
    ### END SOLUTION
    check.gd_one_step(x1)

Each such region becomes one line ``...`` at the indentation of its BEGIN
line, so a value keeps the stub it had before the region (None) and a
function body returns None: the notebook still runs top to bottom and
every check says "not answered yet". A cell that held a solution loses its
outputs and execution count (they would give the answer away); every other
cell, the notebook metadata and every other file in SOURCE_DIR are copied
unchanged. Files in OUT_DIR that no longer have a source are removed, so
OUT_DIR always equals what this command builds from SOURCE_DIR. Running it
twice gives identical files.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "notebooks" / "en"
OUT = ROOT / "student" / "en"
BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "..."
SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__"}


class MarkerError(ValueError):
    """Solution markers that do not pair up, or sit where they cannot be cut."""


def strip_solutions(source):
    """``source`` (str) with every solution region replaced by a stub line.

    Returns ``(new_source, regions)``; ``regions`` counts the regions cut.
    Raises :class:`MarkerError` for a marker that is not alone on its line,
    a region inside a region, an END without BEGIN or a BEGIN without END.
    """
    lines = source.splitlines(keepends=True)
    kept = []
    indent = None
    regions = 0
    for number, line in enumerate(lines, start=1):
        marker = _marker(line, number)
        if marker == BEGIN:
            if indent is not None:
                raise MarkerError(f"line {number}: BEGIN SOLUTION inside a region")
            indent = line[: len(line) - len(line.lstrip())]
            kept.append(indent + STUB + "\n")
            regions += 1
        elif marker == END:
            if indent is None:
                raise MarkerError(f"line {number}: END SOLUTION without BEGIN")
            indent = None
            if number == len(lines) and not line.endswith("\n"):
                kept[-1] = kept[-1].rstrip("\n")
        elif indent is None:
            kept.append(line)
    if indent is not None:
        raise MarkerError("BEGIN SOLUTION without END SOLUTION")
    return "".join(kept), regions


def _marker(line, number):
    text = line.strip()
    for marker in (BEGIN, END):
        if marker[4:] in line:
            if text != marker:
                raise MarkerError(
                    f"line {number}: the marker must be alone on its line as "
                    f"{marker!r}, found {text!r}"
                )
            return marker
    return None


def student_notebook(notebook):
    """The student version of a notebook given as parsed JSON (a dict).

    Returns ``(notebook, regions)``; the input is not modified.
    """
    notebook = json.loads(json.dumps(notebook))
    total = 0
    for index, cell in enumerate(notebook.get("cells", [])):
        source = _text(cell.get("source", ""))
        if cell.get("cell_type") != "code":
            lines = [line.strip() for line in source.splitlines()]
            if BEGIN in lines or END in lines:
                raise MarkerError(
                    f"cell {index}: solution markers in a {cell.get('cell_type')} "
                    "cell; only code cells may hold solutions"
                )
            continue
        try:
            new_source, regions = strip_solutions(source)
        except MarkerError as err:
            raise MarkerError(f"cell {index}: {err}") from None
        if not regions:
            continue
        cell["source"] = new_source.splitlines(keepends=True)
        cell["outputs"] = []
        cell["execution_count"] = None
        total += regions
    return notebook, total


def _text(source):
    return "".join(source) if isinstance(source, list) else source


def dumps(notebook):
    """Notebook JSON text laid out exactly as nbformat writes it."""
    text = json.dumps(
        notebook, sort_keys=True, indent=1, ensure_ascii=False,
        separators=(",", ": "),
    )
    return text + "\n"


def edition_files(source_dir):
    """Map relative path -> bytes of every file of the student edition."""
    source_dir = Path(source_dir)
    files = {}
    for path in sorted(source_dir.rglob("*")):
        relative = path.relative_to(source_dir)
        if not path.is_file() or _skipped(relative):
            continue
        if path.suffix == ".ipynb":
            notebook = json.loads(path.read_text(encoding="utf-8"))
            try:
                notebook, _ = student_notebook(notebook)
            except MarkerError as err:
                raise MarkerError(f"{relative}: {err}") from None
            files[relative] = dumps(notebook).encode("utf-8")
        else:
            files[relative] = path.read_bytes()
    return files


def _skipped(relative):
    return any(
        part in SKIPPED_PARTS or part.startswith(".") for part in relative.parts
    )


def build(source_dir=SOURCE, out_dir=OUT):
    """Write the student edition of ``source_dir`` into ``out_dir``.

    Returns the list of relative paths written. Files in ``out_dir`` that
    the edition does not contain are deleted, empty folders too.
    """
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    if not source_dir.is_dir():
        raise FileNotFoundError(f"no such folder: {source_dir}")
    files = edition_files(source_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        relative = path.relative_to(out_dir)
        if path.is_file() and relative not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for relative, content in files.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != content:
            target.write_bytes(content)
    return sorted(files)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Build the student edition (solutions removed)."
    )
    parser.add_argument("source", nargs="?", default=str(SOURCE),
                        help="teacher notebooks (default: notebooks/en)")
    parser.add_argument("out", nargs="?", default=str(OUT),
                        help="student edition (default: student/en)")
    args = parser.parse_args(argv)
    try:
        written = build(args.source, args.out)
    except (MarkerError, FileNotFoundError) as err:
        print(f"student_edition: {err}", file=sys.stderr)
        return 1
    notebooks = [p for p in written if p.suffix == ".ipynb"]
    print(f"student edition: {len(notebooks)} notebooks in {_shown(args.out)}")
    return 0


def _shown(path):
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())

