"""Write the navigation cells of every lesson notebook and the contents page.

Each lesson notebook notebooks/<lang>/NN_name.ipynb (NN from 01) gets a
Markdown cell tagged "nav" at its top and bottom: previous / contents /
next. notebooks/<lang>/00_contents.ipynb lists every lesson by its title
(the first '# ' line of its first cell).

Usage: python tools/nav.py [--check] [FOLDER ...]   (default notebooks/en)
--check changes nothing and exits 1 when a file would change.
"""

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LESSON = re.compile(r"^(\d\d)_\w+\.ipynb$")
CONTENTS = "00_contents.ipynb"
TAG = "nav"

INTRO = {
    "en": (
        "# How a neural network learns: contents\n\n"
        "Six notebooks, each a runnable chapter: read the text, run the cells "
        "from the top, drag the sliders, then try the exercises at the end.\n"
        "Open a chapter, then use **Run > Run All Cells**.\n\n"
        "The chapters follow a Korean lesson text, *AI 입문 2편: 미분·적분·"
        "Dense Layer* (an introduction to AI, part 2: derivatives, integrals "
        "and the dense layer); a § number in a notebook names a section of "
        "that text. The notebooks recompute every number it gives, and "
        "chapter 04 lists the places where it is wrong."
    ),
}


def title_of(nb):
    """The first '# ' heading of the first cell after the nav cell."""
    first = next(c for c in nb.cells if TAG not in c.metadata.get("tags", []))
    for line in first.source.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError("the first cell must start with a '# ' title")


def nav_text(lessons, i):
    parts = []
    if i > 0:
        parts.append(f"[← {lessons[i - 1][1]}]({lessons[i - 1][0].name})")
    parts.append(f"[Contents]({CONTENTS})")
    if i < len(lessons) - 1:
        parts.append(f"[{lessons[i + 1][1]} →]({lessons[i + 1][0].name})")
    return " · ".join(parts)


def nav_cell(text, cell_id):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = cell_id
    cell.metadata = {"tags": [TAG]}
    return cell


def with_nav(nb, text):
    body = [c for c in nb.cells if TAG not in c.get("metadata", {}).get("tags", [])]
    nb.cells = [nav_cell(text, "nav-top"), *body, nav_cell(text, "nav-bottom")]
    return nb


def contents(folder, lessons):
    lines = [INTRO.get(folder.name, INTRO["en"]), ""]
    lines += [f"{i + 1}. [{title}]({path.name})" for i, (path, title) in
              enumerate(lessons)]
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell("\n".join(lines))
    cell.id = "contents"
    nb.cells = [cell]
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)",
                       "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def build(folder):
    """Return {path: new text} for every file of ``folder`` that nav owns."""
    paths = sorted(p for p in folder.iterdir() if LESSON.match(p.name)
                   and p.name != CONTENTS)
    notebooks = [nbformat.read(p, as_version=4) for p in paths]
    lessons = [(p, title_of(nb)) for p, nb in zip(paths, notebooks, strict=True)]
    out = {}
    for i, (path, nb) in enumerate(zip(paths, notebooks, strict=True)):
        out[path] = nbformat.writes(with_nav(nb, nav_text(lessons, i))) + "\n"
    out[folder / CONTENTS] = nbformat.writes(contents(folder, lessons)) + "\n"
    return out


def main(args):
    check = "--check" in args
    folders = [Path(a) for a in args if a != "--check"] or [ROOT / "notebooks/en"]
    stale = []
    for folder in folders:
        for path, text in build(folder).items():
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != text:
                stale.append(path.name)
                if not check:
                    path.write_text(text, encoding="utf-8")
    if check and stale:
        print("navigation out of date in: " + ", ".join(stale))
        print("run: python tools/nav.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
