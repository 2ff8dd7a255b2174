"""Kernel side: time from setting a control's value to the image ipympl
sends, for every control of every Explorer, against interact + inline.

Each notebook runs top to bottom in a fresh kernel (nbclient), then one
more cell hands its Explorers to _kernel_probe.run, which prints the
timings as JSON. Usage: python benchmarks/kernel_latency.py [NOTEBOOK ...]
"""

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXPLORER_TEXT = "Interactive figure (controls:"


def explorer_cells(nb):
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "")
            if text.startswith(EXPLORER_TEXT):
                cells.append(cell)
    return cells


def measure(path, moves=32, warmup=2):
    nb = nbformat.read(path, as_version=4)
    if not explorer_cells(nb):
        return []
    probe = nbformat.v4.new_code_cell("")
    nb.cells.append(probe)
    client = NotebookClient(nb, timeout=1200, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells[:-1]):
            client.execute_cell(cell, index)
        cells = [{"count": c.execution_count, "source": c.source}
                 for c in explorer_cells(nb)]
        probe.source = (
            f"import sys\nsys.path.insert(0, {str(HERE)!r})\n"
            "import _kernel_probe\n"
            f"_kernel_probe.run(Out, {json.dumps(cells)}, moves={moves}, "
            f"warmup={warmup})")
        client.execute_cell(probe, len(nb.cells) - 1)
    text = "".join(o.get("text", "") for o in probe.outputs
                   if o.get("output_type") == "stream")
    line = next(ln for ln in text.splitlines() if ln.startswith("BENCH "))
    rows = json.loads(line.removeprefix("BENCH "))
    for row in rows:
        row["notebook"] = path.name
    return rows


def main(args):
    paths = [Path(a) for a in args] or sorted((ROOT / "notebooks" / "en").glob(
        "*.ipynb"))
    rows = []
    for path in paths:
        print(f"kernel: {path.name}", file=sys.stderr)
        rows.extend(measure(path.resolve()))
    return rows


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout, indent=1)
