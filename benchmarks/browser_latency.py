"""In the browser: from a key press on a slider to the plot's pixels
changing, ours (Explorer + ipympl) against interact + inline.

A JupyterLab of our own (tests/browser/harness.py) serves a copy of the
notebooks plus, for each, a baseline copy whose Explorer cells rebuild the
figure with ipywidgets.interact under ``%matplotlib inline``. In headless
Chromium every slider gets arrow-key presses; the page records the time
of the keydown and of the first paint that changes the plot's pixels
(ours: the ipympl canvas is painted with drawImage and its pixels hashed;
baseline: the output's new <img> has decoded).
Usage: python benchmarks/browser_latency.py [NOTEBOOK_NAME ...]
"""

import ast
import copy
import json
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import harness  # noqa: E402

PRESSES, WARMUP = 20, 2
BASELINE_PREFIX = "baseline_"
INLINE = "%matplotlib inline\nimport ipywidgets\nimport matplotlib.pyplot as plt"

RECORDER_JS = r"""
(() => {
  const bench = {t0: 0, events: []};
  window.__bench = bench;
  bench.hash = (canvas) => {
    const ctx = canvas.getContext('2d');
    const data = new Uint32Array(
      ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    let h = 2166136261 >>> 0;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 16777619) >>> 0;
    return String(h);
  };
  window.addEventListener('keydown', () => { bench.t0 = performance.now(); }, true);
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const result = drawImage.apply(this, args);
    const canvas = this.canvas;
    const id = canvas.dataset && canvas.dataset.benchId;
    if (id) bench.events.push({t: performance.now(), id, hash: bench.hash(canvas)});
    return result;
  };
  const watch = (img) => {
    const box = img.closest('[data-bench-id]');
    if (!box) return;
    const id = box.dataset.benchId;
    const record = () => bench.events.push(
      {t: performance.now(), id, hash: img.src.length + ':' + img.src.slice(-64)});
    img.decode().then(record, record);
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) for (const node of m.addedNodes) {
      if (node.tagName === 'IMG') watch(node);
      else if (node.querySelectorAll) node.querySelectorAll('img').forEach(watch);
    }
  }).observe(document, {childList: true, subtree: true});
})();
"""


def interact_source(source):
    """An Explorer cell rewritten the common way: a function that builds the
    figure from scratch, applies ``update`` and shows it inline, under
    ipywidgets.interact with the same controls."""
    body = ast.parse(source).body
    call = body[-1].value
    args = dict(zip(["fig", "controls", "update"], call.args, strict=False))
    args.update({kw.arg: kw.value for kw in call.keywords})
    first = next(i for i, node in enumerate(body)
                 if "new_figure" in ast.get_source_segment(source, node))
    segment = lambda node: ast.get_source_segment(source, node)  # noqa: E731
    before = "\n".join(segment(n) for n in body[:first])
    build = "\n".join(segment(n) for n in body[first:-1])
    build += f"\n{segment(args['update'])}(**_values)\nplt.show()"
    return (f"{before}\n\n\ndef _rebuild(**_values):\n"
            f"{textwrap.indent(build, '    ')}\n\n\n"
            f"ipywidgets.interact(_rebuild, **{segment(args['controls'])});")


def baseline_notebook(path):
    nb = nbformat.read(path, as_version=4)
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts = ["".join(o.get("data", {}).get("text/plain", ""))
                 for o in cell.get("outputs", [])]
        if "%matplotlib widget" in cell.source:
            cell.source = cell.source.replace("%matplotlib widget", INLINE)
        elif any(t.startswith(harness.EXPLORER_TEXT) for t in texts):
            cell.source = interact_source(cell.source)
        cell.outputs = []
        cell.execution_count = None
    return nb


def prepare(folder, names):
    en = Path(folder) / "en"
    en.mkdir(parents=True)
    for name in names:
        source = ROOT / "notebooks" / "en" / name
        (en / name).write_bytes(source.read_bytes())
        nbformat.write(baseline_notebook(source), en / (BASELINE_PREFIX + name))


def press_and_time(page, slider, bench_id, timeout=10.0):
    """Press the arrow key toward the slider's free side; return ms from the
    keydown to the first paint whose pixels differ, or None."""
    before = page.evaluate("""(id) => {
      const ev = window.__bench.events.filter(e => e.id === id);
      return ev.length ? ev[ev.length - 1].hash : null;
    }""", bench_id)
    count = page.evaluate("() => window.__bench.events.length")
    page.keyboard.press(harness.key_toward_room(slider))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = page.evaluate("""([id, count, before]) => {
          const b = window.__bench;
          const ev = b.events.slice(count).find(
            e => e.id === id && e.t >= b.t0 && e.hash !== before);
          return ev ? ev.t - b.t0 : null;
        }""", [bench_id, count, before])
        if found is not None:
            quiet(page, bench_id)
            return found
        page.wait_for_timeout(10)
    return None


def quiet(page, bench_id, gap=0.15, timeout=10.0):
    """Wait until no paint of this plot came for ``gap`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        age = page.evaluate("""(id) => {
          const ev = window.__bench.events.filter(e => e.id === id);
          return ev.length ? performance.now() - ev[ev.length - 1].t : 1e9;
        }""", bench_id)
        if age >= gap * 1000:
            return
        page.wait_for_timeout(int(gap * 1000 - age) + 5)


def measure_notebook(page, srv, name, baseline):
    notebook = (BASELINE_PREFIX if baseline else "") + name
    harness.open_in_lab(page, srv, notebook)
    assert harness.run_all(page), f"{notebook}: a cell failed"
    selector = (".widget-interact" if baseline
                else ".widget-vbox:has(> .jupyter-matplotlib)")
    boxes = page.locator(selector)
    expected = harness.explorer_count(ROOT / "notebooks" / "en" / name)
    deadline = time.monotonic() + 60
    while boxes.count() < expected and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    rows = []
    for i in range(boxes.count()):
        box = boxes.nth(i)
        bench_id = f"{'b' if baseline else 'o'}{i}"
        if baseline:
            box.evaluate("(el, id) => { el.dataset.benchId = id; }", bench_id)
            box.locator(".widget-output img").first.wait_for()
        else:
            canvas = harness.canvas_of(box)
            canvas.wait_for()
            canvas.evaluate("(c, id) => { c.dataset.benchId = id; }", bench_id)
        sliders = harness.sliders(box)
        for j in range(sliders.count()):
            slider = sliders.nth(j)
            label = slider.locator(".widget-label").first.inner_text()
            handle, _ = harness.handle_state(slider)
            handle.scroll_into_view_if_needed()
            handle.focus()
            times = [press_and_time(page, slider, bench_id)
                     for _ in range(WARMUP + PRESSES)][WARMUP:]
            got = [t for t in times if t is not None]
            rows.append({"notebook": name, "figure": i + 1, "slider": label,
                         "median": statistics.median(got) if got else None,
                         "p25": statistics.quantiles(got, n=4)[0] if len(got) > 1
                         else None,
                         "p75": statistics.quantiles(got, n=4)[2] if len(got) > 1
                         else None,
                         "n": len(got), "missed": len(times) - len(got)})
            print(f"browser {'baseline' if baseline else 'ours'} {name} "
                  f"figure {i + 1} {label}: {rows[-1]['median']}", file=sys.stderr)
    page.evaluate("() => window.jupyterapp.shell.currentWidget"
                  ".sessionContext.shutdown()")
    return rows


def main(names=None):
    from playwright.sync_api import sync_playwright

    reason = harness.chromium_missing()
    if reason:
        raise SystemExit(f"browser benchmark needs Chromium: {reason}")
    names = names or sorted(harness.explorer_notebooks())
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as folder:
        prepare(folder, names)
        with harness.server("lab", notebooks=folder) as srv, \
                sync_playwright() as pw, harness.chromium(pw) as context:
            context.add_init_script(RECORDER_JS)
            for name in names:
                for baseline in (False, True):
                    page = context.new_page()
                    try:
                        rows = measure_notebook(page, srv, name, baseline)
                    finally:
                        page.close()
                    for row in rows:
                        row["variant"] = "baseline" if baseline else "ours"
                    results.extend(rows)
    return results


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout, indent=1)
