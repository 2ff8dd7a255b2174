"""Runs inside a notebook's kernel, after the notebook ran: times slider moves.

Ours: set a control's value and time until ipympl has produced the image
it sends (update, draw or blit, PNG of the changed pixels, comm message).
The browser's side of the exchange is played here: when the canvas asks
the browser for a draw, the probe answers at once, as the browser would.

Baseline: the same figure rebuilt from scratch on every move by a
function under ipywidgets.interactive with the inline backend, the way
most teaching notebooks do it: the cell's figure-building statements run
again, ``update`` is applied, and ``plt.show()`` renders the PNG.
"""

import ast
import json
import statistics
import time

import ipywidgets as widgets


def values_for(control, count):
    """``count`` values for ``control``: a walk across its range, back and
    forth, in strides that cover it in about 16 moves."""
    if isinstance(control, widgets.ToggleButtons):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        start = options.index(control.value)
        return [options[(start + 1 + k) % len(options)] for k in range(count)]
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi, step = control.min, control.max, control.step
        import math
        now = math.log10(control.value)
        grid = [control.base ** (lo + k * step)
                for k in range(int(round((hi - lo) / step)) + 1)]
        position = int(round((now - lo) / step))
    else:
        lo, hi, step = control.min, control.max, control.step
        grid = [lo + k * step for k in range(int(round((hi - lo) / step)) + 1)]
        if isinstance(control, widgets.IntSlider):
            grid = [int(v) for v in grid]
        position = int(round((control.value - lo) / step))
    stride = max(1, len(grid) // 16)
    direction = 1
    out = []
    for _ in range(count):
        nxt = position + direction * stride
        if not 0 <= nxt < len(grid):
            direction = -direction
            nxt = position + direction * stride
        position = min(max(nxt, 0), len(grid) - 1)
        out.append(grid[position])
    return out


def summary(times):
    ms = sorted(t * 1000 for t in times)
    q = statistics.quantiles(ms, n=20)
    return {"median": statistics.median(ms), "p25": statistics.quantiles(ms, n=4)[0],
            "p75": statistics.quantiles(ms, n=4)[2], "p90": q[17], "n": len(ms)}


def time_ours(explorer, name, values, warmup):
    canvas = explorer.fig.canvas
    asked = []
    canvas.draw_idle = lambda *a, **k: asked.append(1)
    compute = []
    update = explorer.update

    def timed_update(**kw):
        t = time.perf_counter()
        update(**kw)
        compute.append(time.perf_counter() - t)

    explorer.update = timed_update
    control = explorer.controls[name]
    times = []
    blits = explorer.blits
    for k, value in enumerate(values):
        if k == warmup:
            blits = explorer.blits
            compute.clear()
        asked.clear()
        start = time.perf_counter()
        control.value = value
        if asked:
            canvas.handle_event({"type": "draw"})
        elapsed = time.perf_counter() - start
        if k >= warmup:
            times.append(elapsed)
    explorer.update = update
    del canvas.draw_idle
    result = summary(times)
    result["compute_median"] = statistics.median(compute) * 1000
    result["blitted"] = explorer.blits - blits
    return result


def rebuild_function(source, namespace):
    """From an Explorer cell, a function that builds the figure anew and
    shows it inline, plus the name -> control mapping expression."""
    import matplotlib.pyplot as plt

    body = ast.parse(source).body
    call = body[-1].value
    first = next(i for i, node in enumerate(body)
                 if "new_figure" in ast.get_source_segment(source, node))
    before = ast.Module(body=body[:first], type_ignores=[])
    build = compile(ast.Module(body=body[first:-1], type_ignores=[]), "build", "exec")
    args = dict(zip(["fig", "controls", "update"], call.args, strict=False))
    args.update({kw.arg: kw.value for kw in call.keywords})
    update_expr = compile(ast.Expression(args["update"]), "update", "eval")
    base = dict(namespace)
    exec(compile(before, "before", "exec"), base)

    def rebuild(**values):
        ns = dict(base)
        exec(build, ns)
        eval(update_expr, ns)(**values)
        plt.show()

    return rebuild


def clone(control):
    kind = type(control)
    if isinstance(control, widgets.ToggleButtons):
        return kind(options=control.options, value=control.value)
    keys = ["min", "max", "step", "value", "base"]
    return kind(**{k: getattr(control, k) for k in keys if hasattr(control, k)})


def time_baseline(source, namespace, explorer, name, values, warmup):
    rebuild = rebuild_function(source, namespace)
    controls = {n: clone(c) for n, c in explorer.controls.items()}
    widgets.interactive(rebuild, **controls)
    times = []
    for k, value in enumerate(values):
        start = time.perf_counter()
        controls[name].value = value
        elapsed = time.perf_counter() - start
        if k >= warmup:
            times.append(elapsed)
    return summary(times)


def run(out, cells, moves=32, warmup=2):
    """cells: [{"count": execution count, "source": cell source}]."""
    from IPython import get_ipython

    shell = get_ipython()
    plan = []
    for index, cell in enumerate(cells):
        explorer = out[cell["count"]]
        canvas = explorer.fig.canvas
        canvas.syncing_data_url = False
        canvas.draw()
        for name, control in explorer.controls.items():
            plan.append((index, cell, explorer, name,
                         values_for(control, warmup + moves)))
    rows = []
    for index, _cell, explorer, name, values in plan:
        start_value = explorer.controls[name].value
        ours = time_ours(explorer, name, values, warmup)
        explorer.controls[name].value = start_value
        rows.append({"figure": index + 1, "control": name,
                     "kind": type(explorer.controls[name]).__name__,
                     "ours": ours})
    shell.run_line_magic("matplotlib", "inline")
    for row, (_, cell, explorer, name, values) in zip(rows, plan, strict=True):
        row["baseline"] = time_baseline(cell["source"], shell.user_ns, explorer,
                                        name, values, warmup)
    print("BENCH " + json.dumps(rows))
