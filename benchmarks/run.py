"""Run both latency benchmarks in one go and write benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py [NOTEBOOK_NAME ...]

1. kernel_latency.py: kernel side, every control of every Explorer, ours
   against ipywidgets.interact + inline, over 32 moves after 2 warm-up.
2. browser_latency.py: key press to changed pixels in JupyterLab in
   headless Chromium, every slider, over 20 presses after 2 warm-up.
Raw numbers go to benchmarks/results.json.
"""

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import browser_latency  # noqa: E402
import kernel_latency  # noqa: E402

KERNEL_TARGET_MS, BROWSER_TARGET_MS, SPEEDUP_TARGET = 10.0, 60.0, 2.0


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                              text=True, check=False).stdout.strip()
    import ipympl
    import matplotlib
    return (f"{cpu}, {os.cpu_count()} logical CPUs{memory}; "
            f"{platform.system()} {platform.release()}; Python "
            f"{platform.python_version()}, matplotlib {matplotlib.__version__}, "
            f"ipympl {ipympl.__version__}; {chromium}")


def fmt(value):
    return "n/a" if value is None else f"{value:.1f}"


def verdict(ok):
    return "yes" if ok else "**no**"


def kernel_table(rows):
    lines = [
        "| notebook | figure | control | ours median (IQR) ms | p90 | update() ms "
        "| blitted | baseline median (IQR) ms | speed-up | <= 10 ms | >= 2x |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        o, b = r["ours"], r["baseline"]
        speedup = b["median"] / o["median"]
        lines.append(
            f"| {r['notebook']} | {r['figure']} | {r['control']} "
            f"| {fmt(o['median'])} ({fmt(o['p25'])}-{fmt(o['p75'])}) "
            f"| {fmt(o['p90'])} | {fmt(o['compute_median'])} "
            f"| {o['blitted']}/{o['n']} "
            f"| {fmt(b['median'])} ({fmt(b['p25'])}-{fmt(b['p75'])}) "
            f"| {speedup:.1f}x | {verdict(o['median'] <= KERNEL_TARGET_MS)} "
            f"| {verdict(speedup >= SPEEDUP_TARGET)} |")
    return "\n".join(lines)


def browser_table(rows):
    pairs = {}
    for r in rows:
        key = (r["notebook"], r["figure"], r["slider"])
        pairs.setdefault(key, {})[r["variant"]] = r
    lines = [
        "| notebook | figure | slider | ours median (IQR) ms | baseline median "
        "(IQR) ms | presses (missed) | speed-up | <= 60 ms | >= 2x |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (notebook, figure, slider), pair in pairs.items():
        o, b = pair.get("ours"), pair.get("baseline")
        if not o or not b:
            continue
        ok = o["median"] is not None and b["median"] is not None
        speedup = b["median"] / o["median"] if ok else None
        lines.append(
            f"| {notebook} | {figure} | {slider} "
            f"| {fmt(o['median'])} ({fmt(o['p25'])}-{fmt(o['p75'])}) "
            f"| {fmt(b['median'])} ({fmt(b['p25'])}-{fmt(b['p75'])}) "
            f"| {o['n']} ({o['missed']}) / {b['n']} ({b['missed']}) "
            f"| {fmt(speedup)}x "
            f"| {verdict(ok and o['median'] <= BROWSER_TARGET_MS)} "
            f"| {verdict(ok and speedup >= SPEEDUP_TARGET)} |")
    return "\n".join(lines)


def main(names):
    started = datetime.datetime.now(datetime.UTC)
    load_before = os.getloadavg()
    paths = [ROOT / "notebooks" / "en" / n for n in names]
    kernel_rows = kernel_latency.main([str(p) for p in paths])
    load_middle = os.getloadavg()
    browser_rows = browser_latency.main(names)
    load_after = os.getloadavg()
    (HERE / "results.json").write_text(json.dumps(
        {"kernel": kernel_rows, "browser": browser_rows}, indent=1) + "\n")
    loads = ", ".join(f"{a[0]:.1f}" for a in (load_before, load_middle, load_after))
    text = f"""# Slider latency: results

Run on {started:%Y-%m-%d %H:%M} UTC by `make bench`
(`.venv/bin/python benchmarks/run.py`).

Machine: {machine()}.
1-minute load average at the start, between the two parts and at the end:
{loads} (every time below is wall clock, so it includes any wait for a CPU).

Targets: kernel side median at most {KERNEL_TARGET_MS:.0f} ms for every control,
browser median at most {BROWSER_TARGET_MS:.0f} ms, and at least
{SPEEDUP_TARGET:.0f}x faster than the baseline in the same run.

## 1. Kernel side

Time from setting a control's value in the kernel to ipympl having sent
the image of the redrawn figure (update, blit or full draw, PNG, comm
message); when the canvas asks the browser for a draw, the benchmark
answers at once as the browser would. 32 moves after 2 warm-up moves,
walking across each control's range. "blitted" counts the moves redrawn
by blitting; the others needed a full draw (new axis limits). Baseline:
the same cell's figure rebuilt on every move by a function under
`ipywidgets.interactive` with `%matplotlib inline` (`plt.show()` renders
the PNG), same moves.

{kernel_table(kernel_rows)}

## 2. In the browser

JupyterLab in headless Chromium on this machine: from the keydown of an
arrow key on the slider to the first paint that changes the plot's pixels
(ours: the ipympl canvas; baseline: the new inline image has decoded),
20 presses after 2 warm-up presses, 150 ms apart at least.

{browser_table(browser_rows)}
"""
    (HERE / "RESULTS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
