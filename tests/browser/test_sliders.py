"""Every slider of every notebook moves and redraws its plot in a browser.

For each notebook with interactive figures: open it in JupyterLab, check
the stored outputs show no widget error, wait until the kernel truly
answers, run all cells, then move every slider with the keyboard and
with the pointer (and click every option of a choice) and require that
the value readout and the plot's pixels change and that no cell shows an
error. The same runs under Voila, the classroom presentation mode.
Screenshots of each figure before and after go to screenshots/.
"""

import json
import time

import harness
import pytest

NOTEBOOKS = harness.explorer_notebooks()
SLIDER_MODELS = {"FloatSliderModel", "IntSliderModel", "FloatLogSliderModel"}
CHOICE_MODELS = {"ToggleButtonsModel"}


def stored_controls(name):
    """How many sliders and choices the notebook's stored widget state holds."""
    nb = json.loads((harness.ROOT / "notebooks" / "en" / name).read_text())
    state = nb["metadata"].get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    models = [m["model_name"] for m in state.values()]
    return (sum(m in SLIDER_MODELS for m in models),
            sum(m in CHOICE_MODELS for m in models))


def test_some_notebooks_have_interactive_figures():
    assert NOTEBOOKS, "no notebook in notebooks/en has an Explorer output"


def wait_for_explorers(page, expected, timeout=90.0):
    deadline = time.monotonic() + timeout
    found = harness.explorers(page)
    while time.monotonic() < deadline:
        if found.count() >= expected and all(
                harness.canvas_of(found.nth(i)).bounding_box()
                for i in range(found.count())):
            break
        page.wait_for_timeout(250)
    return found


def settle(page, explorer, timeout=15.0):
    """Wait until the figure stops changing; return its pixels."""
    canvas = harness.canvas_of(explorer)
    previous = harness.pixels(canvas)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        now = harness.pixels(canvas)
        if harness.same_pixels(now, previous):
            return now
        previous = now
    return previous


def expect_redraw(explorer, slider, before_pixels, before_text, how):
    readout = slider.locator(".widget-readout")
    text = harness.wait_changed(readout.inner_text, before_text)
    assert text is not None, f"{how}: the readout stayed at {before_text!r}"
    canvas = harness.canvas_of(explorer)
    after = harness.wait_changed(lambda: harness.pixels(canvas), before_pixels,
                                 same=harness.same_pixels)
    assert after is not None, f"{how} to {text}: the plot did not change"


def move_slider(page, explorer, slider, label):
    handle, _ = harness.handle_state(slider)
    readout = slider.locator(".widget-readout")
    handle.scroll_into_view_if_needed()
    before = settle(page, explorer)
    text = readout.inner_text()
    key = harness.key_toward_room(slider)
    handle.focus()
    for _ in range(3):
        page.keyboard.press(key)
    expect_redraw(explorer, slider, before, text, f"{label}: {key} x3")

    before = settle(page, explorer)
    text = readout.inner_text()
    box = handle.bounding_box()
    track = slider.locator(".noUi-target").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    room_right = track["x"] + track["width"] - x
    target = x + 0.4 * room_right if room_right >= x - track["x"] else (
        x - 0.4 * (x - track["x"]))
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(target, y, steps=8)
    page.mouse.up()
    expect_redraw(explorer, slider, before, text, f"{label}: dragged")


def click_choices(page, explorer, choice, label):
    buttons = choice.locator("button")
    for k in range(buttons.count()):
        button = buttons.nth(k)
        if "mod-active" in (button.get_attribute("class") or ""):
            continue
        before = settle(page, explorer)
        button.click()
        canvas = harness.canvas_of(explorer)
        after = harness.wait_changed(lambda c=canvas: harness.pixels(c), before,
                                     same=harness.same_pixels)
        assert after is not None, (
            f"{label}: option {button.inner_text()!r} did not change the plot")


def expect_kernel_frame(page, explorer, index, label):
    """The browser shows exactly the figure the kernel holds: no image
    was lost on the way (a lost diff image would leave a ghost)."""
    shown = settle(page, explorer)
    held = harness.kernel_frame(page, index)
    assert shown.shape == held.shape, f"{label}: {shown.shape} != {held.shape}"
    differ = int((shown != held).any(axis=2).sum())
    assert differ == 0, f"{label}: {differ} pixels differ from the kernel's figure"


def exercise_explorers(page, name, prefix, screenshots, in_lab=False):
    expected = NOTEBOOKS[name]
    sliders_expected, choices_expected = stored_controls(name)
    found = wait_for_explorers(page, expected)
    assert found.count() == expected, (
        f"{name}: {found.count()} interactive figures in the page, "
        f"{expected} in the notebook")
    total_sliders = total_choices = 0
    stem = name.removesuffix(".ipynb")
    for i in range(found.count()):
        explorer = found.nth(i)
        explorer.scroll_into_view_if_needed()
        settle(page, explorer)
        explorer.screenshot(path=screenshots / f"{prefix}-{stem}-{i + 1}-before.png")
        sliders = harness.sliders(explorer)
        choices = explorer.locator(":scope > .widget-toggle-buttons")
        assert sliders.count() + choices.count() > 0, (
            f"{name}: figure {i + 1} shows no controls")
        for j in range(sliders.count()):
            label = f"{name} figure {i + 1} slider {j + 1}"
            move_slider(page, explorer, sliders.nth(j), label)
            if in_lab:
                expect_kernel_frame(page, explorer, i, label)
        for j in range(choices.count()):
            label = f"{name} figure {i + 1} choice {j + 1}"
            click_choices(page, explorer, choices.nth(j), label)
            if in_lab:
                expect_kernel_frame(page, explorer, i, label)
        total_sliders += sliders.count()
        total_choices += choices.count()
        settle(page, explorer)
        explorer.screenshot(path=screenshots / f"{prefix}-{stem}-{i + 1}-after.png")
    assert (total_sliders, total_choices) == (sliders_expected, choices_expected), (
        f"{name}: found {total_sliders} sliders and {total_choices} choices, the "
        f"notebook stores {sliders_expected} and {choices_expected}")
    assert sliders_expected + choices_expected > 0


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_sliders_redraw_in_jupyterlab(name, lab, page, screenshots):
    harness.open_in_lab(page, lab, name)
    stem = name.removesuffix(".ipynb")
    page.screenshot(path=screenshots / f"lab-{stem}-0-opened.png")
    assert harness.problems(page) == [], "stored outputs show errors"
    stored = harness.stored_figures(page)
    assert stored >= NOTEBOOKS[name], (
        f"{stored} stored figures shown before running, the notebook has "
        f"{NOTEBOOKS[name]} interactive ones")
    assert harness.run_all(page), f"{name}: a cell failed"
    exercise_explorers(page, name, "lab", screenshots, in_lab=True)
    assert harness.problems(page) == []


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_sliders_redraw_in_voila(name, voila, page, screenshots):
    page.goto(voila.voila_url(name), timeout=300_000)
    exercise_explorers(page, name, "voila", screenshots)
    assert harness.problems(page) == []
