"""Re-execute notebooks in place, so their stored outputs come from a
fresh kernel, top to bottom.

Usage: python tools/run_notebooks.py [NOTEBOOK_OR_FOLDER ...]
(default: every notebook under notebooks/). Widget state is stored in
the notebook, so JupyterLab can show the controls before a kernel runs.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600


def notebooks(args):
    targets = [Path(a) for a in args] or [ROOT / "notebooks"]
    for target in targets:
        if target.is_dir():
            yield from sorted(
                p for p in target.rglob("*.ipynb")
                if ".ipynb_checkpoints" not in p.parts
            )
        else:
            yield target


def execute(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=TIMEOUT, kernel_name="python3", store_widget_state=True,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    if not _has_widgets(nb):
        nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)", "language": "python",
        "name": "python3",
    }
    nb.metadata.get("language_info", {}).pop("version", None)
    nbformat.write(nb, path)


def _has_widgets(nb):
    state = nb.metadata.get("widgets", {})
    return bool(state.get("application/vnd.jupyter.widget-state+json", {}).get(
        "state"))


def main(args):
    for path in notebooks(args):
        print(f"running {path.name}")
        execute(path.resolve())


if __name__ == "__main__":
    main(sys.argv[1:])
