"""Explorer's blitting gives the very pixels a full draw gives, only faster.

Every test builds the same figure twice, once driven by an Explorer that
blits and once by one that always draws in full, moves both the same way
and compares the canvases pixel by pixel (Agg backend, no browser).
"""

import io
import time

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_webagg_core import (
    FigureCanvasWebAggCore,
    FigureManagerWebAgg,
)
from matplotlib.figure import Figure
from PIL import Image

from lessons_lib import widgets as lw

matplotlib.use("agg")

X = np.linspace(-3.0, 3.0, 200)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def pixels(fig):
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def curves_figure(make=lw.new_figure):
    """Two Axes: curves, a legend over them, a title, scatter and text."""
    fig, (left, right) = make(1, 2)
    (curve,) = left.plot(X, np.tanh(X), label="f(x)")
    left.plot(X, 0.5 * X, label="slope", zorder=3)
    left.legend(loc="upper left")
    left.set_ylim(-3.2, 3.2)
    points = right.scatter(X[::20], np.sin(X[::20]))
    note = right.text(0.05, 0.9, "", transform=right.transAxes)
    right.set_ylim(-3.2, 3.2)

    def update(w, shift):
        curve.set_ydata(np.tanh(w * X) + shift)
        left.set_title(f"w = {w:.2f}")
        points.set_offsets(np.c_[X[::20], np.sin(w * X[::20]) + shift])
        note.set_text(f"shift {shift:+.1f}")

    controls = {"w": lw.slider("w", 1.0, 0.0, 3.0, 0.25),
                "shift": lw.slider("shift", 0.0, -1.0, 1.0, 0.5)}
    return fig, controls, update


def explorers(build):
    fig_a, controls_a, update_a = build()
    fig_b, controls_b, update_b = build()
    fast = lw.Explorer(fig_a, controls_a, update_a)
    full = lw.Explorer(fig_b, controls_b, update_b, blit=False)
    return fast, full


def move_both(fast, full, name, value):
    fast.controls[name].value = value
    full.controls[name].value = value
    np.testing.assert_array_equal(pixels(fast.fig), pixels(full.fig))


def test_blitted_frames_equal_full_draws():
    fast, full = explorers(curves_figure)
    moves = [("w", 1.5), ("w", 2.0), ("shift", 0.5), ("w", 0.25), ("shift", -1.0),
             ("w", 3.0), ("w", 0.0)]
    for name, value in moves:
        move_both(fast, full, name, value)
    assert fast.blits >= len(moves) - 2
    assert full.blits == 0
    assert full.full_draws == 0


def test_a_move_repaints_only_after_learning_what_changes():
    fast, _ = explorers(curves_figure)
    draws = fast.full_draws
    fast.controls["w"].value = 1.5
    assert (fast.full_draws, fast.blits) == (draws + 1, 0)
    fast.controls["w"].value = 1.75
    fast.controls["shift"].value = 0.5
    assert (fast.full_draws, fast.blits) == (draws + 1, 2)


def test_a_blit_leaves_nothing_for_pyplot_to_redraw():
    """After each comm message the kernel asks pyplot to redraw stale
    figures; a blitted figure must not be stale, or every move would
    also cost a full draw."""
    fast, _ = explorers(curves_figure)
    for value in (1.5, 1.75, 2.0):
        fast.controls["w"].value = value
    assert fast.blits == 2
    assert not fast.fig.stale


def test_artists_above_a_changed_one_are_repainted_in_order():
    fast, _ = explorers(curves_figure)
    fast.controls["w"].value = 1.5
    left = fast.fig.axes[0]
    legend = left.get_legend()
    assert legend in fast._dynamic
    assert left.lines[1] in fast._dynamic
    assert all(s not in fast._dynamic for s in left.spines.values()
               if s.get_zorder() < 2)


def test_saved_png_shows_every_artist():
    fast, full = explorers(curves_figure)
    for value in (1.5, 2.0, 2.5):
        move_both(fast, full, "w", value)
    assert lw.figure_png(fast.fig) == lw.figure_png(full.fig)
    assert fast.blits > 0
    move_both(fast, full, "w", 0.5)


def limits_figure():
    fig, ax = lw.new_figure()
    (curve,) = ax.plot(X, X)

    def update(a):
        curve.set_ydata(a * X)
        ax.set_ylim(-3 * a - 0.1, 3 * a + 0.1)

    return fig, {"a": lw.slider("a", 1.0, 0.5, 2.0, 0.25)}, update


def label_figure():
    fig, ax = lw.new_figure()
    (curve,) = ax.plot(X, X)

    def update(a):
        curve.set_ydata(a * X)
        ax.set_xlabel(f"a = {a:.2f}")

    return fig, {"a": lw.slider("a", 1.0, 0.5, 2.0, 0.25)}, update


def growing_figure():
    fig, ax = lw.new_figure()
    ax.set_ylim(-7, 7)
    (curve,) = ax.plot(X, X)
    marks = []

    def update(a):
        curve.set_ydata(a * X)
        if marks:
            marks.pop().remove()
        if a > 1.0:
            marks.append(ax.axhline(a, color="red"))

    return fig, {"a": lw.slider("a", 1.0, 0.5, 2.0, 0.25)}, update


def test_artists_added_or_removed_are_drawn_or_gone():
    fast, full = explorers(growing_figure)
    for value in (1.25, 1.5, 0.75, 0.5, 2.0, 1.0, 0.75):
        move_both(fast, full, "a", value)


def figure_text_figure():
    fig, ax = lw.new_figure()
    ax.set_ylim(-7, 7)
    (curve,) = ax.plot(X, X)
    label = fig.text(0.5, 0.02, "")

    def update(a):
        curve.set_ydata(a * X)
        label.set_text(f"a = {a:.2f}")

    return fig, {"a": lw.slider("a", 1.0, 0.5, 2.0, 0.25)}, update


@pytest.mark.parametrize("build", [limits_figure, label_figure, figure_text_figure],
                         ids=["new axis limits", "changed axis label",
                              "figure-level text"])
def test_changes_outside_an_axes_force_a_full_draw(build):
    fast, full = explorers(build)
    for value in (1.25, 1.5, 2.0, 0.5):
        move_both(fast, full, "a", value)
    assert fast.blits == 0


def test_a_new_size_forces_a_full_draw():
    fast, full = explorers(curves_figure)
    move_both(fast, full, "w", 1.5)
    move_both(fast, full, "w", 2.0)
    blits = fast.blits
    for explorer in (fast, full):
        explorer.fig.set_size_inches(6.0, 3.0)
    move_both(fast, full, "w", 2.5)
    assert fast.blits == blits
    move_both(fast, full, "w", 2.75)
    assert fast.blits == blits + 1


def test_saving_in_between_moves_keeps_frames_right():
    fast, full = explorers(curves_figure)
    for value in (1.5, 2.0, 2.5, 0.5):
        fast.fig.savefig(io.BytesIO(), format="png", dpi=40)
        move_both(fast, full, "w", value)


def test_choice_control_blits_too():
    fig, ax = lw.new_figure()
    ax.set_ylim(-1.1, 3.1)
    (curve,) = ax.plot(X, np.tanh(X))
    functions = {"tanh": np.tanh, "relu": lambda x: np.maximum(x, 0.0),
                 "sigmoid": lambda x: 1 / (1 + np.exp(-x))}

    def update(name):
        curve.set_ydata(functions[name](X))

    explorer = lw.Explorer(fig, {"name": lw.choice("f", list(functions))}, update)
    for name in ("relu", "sigmoid", "tanh", "relu"):
        explorer.controls["name"].value = name
    assert explorer.blits == 3


def test_stored_output_text_is_unchanged():
    fast, full = explorers(curves_figure)
    for explorer in (fast, full):
        bundle = explorer._repr_mimebundle_()
        assert bundle["text/plain"] == "Interactive figure (controls: w, shift)"
        assert "image/png" in bundle


@pytest.mark.parametrize("blit", [True, False])
def test_update_is_called_with_every_value(blit):
    calls = []
    fig, ax = lw.new_figure()
    ax.plot(X, X)
    controls = {"a": lw.slider("a", 1.0, 0.5, 2.0, 0.25),
                "n": lw.int_slider("n", 3, 1, 9)}
    lw.Explorer(fig, controls, lambda **v: calls.append(v), blit=blit)
    controls["n"].value = 5
    assert calls == [{"a": 1.0, "n": 3}, {"a": 1.0, "n": 5}]


class Browser:
    """Stands in for the browser end of a webagg/ipympl canvas: keeps the
    picture it would show, laying each diff image over the last one."""

    def __init__(self):
        self.events = []
        self.images = []
        self.mode = "full"
        self.screen = None

    def send_json(self, content):
        self.events.append(content["type"])
        if content["type"] == "image_mode":
            self.mode = content["mode"]

    def send_binary(self, data):
        self.images.append(data)
        image = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))
        if self.mode == "full" or self.screen is None:
            self.screen = image.copy()
        else:
            drawn = image[:, :, 3] > 0
            self.screen[drawn] = image[drawn]


def browser_figure(nrows, ncols):
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    canvas = FigureCanvasWebAggCore(fig)
    manager = FigureManagerWebAgg(canvas, 1)
    browser = Browser()
    manager.add_web_socket(browser)
    browser_figure.browser = browser
    return fig, fig.subplots(nrows, ncols)


def test_a_browser_canvas_fetches_blitted_frames_with_its_draw_request():
    fig, controls, update = curves_figure(browser_figure)
    browser = browser_figure.browser
    fast = lw.Explorer(fig, controls, update)
    _, full = explorers(curves_figure)
    canvas = fig.canvas
    canvas.handle_event({"type": "draw"})
    fast.controls["w"].value = full.controls["w"].value = 1.5
    canvas.handle_event({"type": "draw"})
    draws, images = fast.full_draws, len(browser.images)
    for value in (1.75, 2.0):
        browser.events.clear()
        fast.controls["w"].value = full.controls["w"].value = value
        assert browser.events == ["draw"]
        assert len(browser.images) == images
        canvas.handle_event({"type": "draw"})
        images += 1
        assert len(browser.images) == images
        assert fast.full_draws == draws
        np.testing.assert_array_equal(pixels(fig), pixels(full.fig))
    assert fast.blits == 2
    assert canvas._current_image_mode == "diff"


def test_moves_faster_than_frames_make_one_frame():
    fig, controls, update = curves_figure(browser_figure)
    browser = browser_figure.browser
    fast = lw.Explorer(fig, controls, update)
    fig.canvas.handle_event({"type": "draw"})
    fast.controls["w"].value = 1.5
    fig.canvas.handle_event({"type": "draw"})
    images = len(browser.images)
    for value in (1.75, 2.0, 2.25):
        fast.controls["w"].value = value
    fig.canvas.handle_event({"type": "draw"})
    assert len(browser.images) == images + 1
    _, full = explorers(curves_figure)
    full.controls["w"].value = 2.25
    np.testing.assert_array_equal(pixels(fig), pixels(full.fig))


def test_the_browser_picture_equals_the_kernel_figure_after_every_frame():
    fig, controls, update = curves_figure(browser_figure)
    browser = browser_figure.browser
    fast = lw.Explorer(fig, controls, update)
    fig.canvas.handle_event({"type": "draw"})
    for name, value in [("w", 1.5), ("w", 2.0), ("shift", 0.5), ("w", 0.25),
                        ("shift", -1.0), ("w", 3.0)]:
        fast.controls[name].value = value
        fig.canvas.handle_event({"type": "draw"})
        np.testing.assert_array_equal(browser.screen, pixels(fig))
    assert fast.blits >= 4
    assert browser.mode == "diff"


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (60, 90)])
def test_fast_png_is_a_lossless_png(shape):
    rng = np.random.default_rng(0)
    mostly_zero = np.zeros((*shape, 4), dtype=np.uint8)
    mostly_zero[shape[0] // 2, : shape[1] // 2] = 200
    mostly_zero[-1, -1] = 7
    for rgba in (mostly_zero, np.zeros_like(mostly_zero),
                 rng.integers(0, 256, (*shape, 4), dtype=np.uint8)):
        decoded = np.asarray(Image.open(io.BytesIO(lw.fast_png(rgba))))
        np.testing.assert_array_equal(decoded, rgba)


def test_fast_png_is_small_for_a_diff_image():
    rgba = np.zeros((600, 900, 4), dtype=np.uint8)
    rgba[100:140, 200:500] = 90
    assert len(lw.fast_png(rgba)) < 40_000  # of 2_160_600 raw bytes


def test_fast_png_names_the_shape_it_needs():
    with pytest.raises(ValueError, match=r"\(H, W, 4\)"):
        lw.fast_png(np.zeros((4, 4, 3), dtype=np.uint8))


def test_a_move_after_a_pause_is_sent_at_once_and_a_burst_is_fetched():
    fig, controls, update = curves_figure(browser_figure)
    browser = browser_figure.browser
    fast = lw.Explorer(fig, controls, update)
    fig.canvas.handle_event({"type": "draw"})
    fast.controls["w"].value = 1.5
    fig.canvas.handle_event({"type": "draw"})
    draws, images = fast.full_draws, len(browser.images)
    time.sleep(fast.PUSH_GAP)
    browser.events.clear()
    fast.controls["w"].value = 1.75
    assert len(browser.images) == images + 1
    assert "draw" not in browser.events
    fast.controls["w"].value = 2.0
    assert len(browser.images) == images + 1
    assert browser.events[-1] == "draw"
    fig.canvas.handle_event({"type": "draw"})
    assert len(browser.images) == images + 2
    fig.canvas.handle_event({"type": "draw"})
    assert len(browser.images) == images + 3
    assert fast.full_draws == draws
    np.testing.assert_array_equal(browser.screen, pixels(fig))


def test_a_draw_request_after_saving_draws_in_full():
    fig, controls, update = curves_figure(browser_figure)
    fast = lw.Explorer(fig, controls, update)
    fig.canvas.handle_event({"type": "draw"})
    fast.controls["w"].value = 1.5
    fig.canvas.handle_event({"type": "draw"})
    fast.controls["w"].value = 1.75
    fig.canvas.handle_event({"type": "draw"})
    draws = fast.full_draws
    lw.figure_png(fig)
    fig.canvas.handle_event({"type": "draw"})
    assert fast.full_draws == draws + 1
    np.testing.assert_array_equal(browser_figure.browser.screen, pixels(fig))


def axis_figure(change):
    fig, ax = lw.new_figure()
    (curve,) = ax.plot(X, X)
    ax.set_ylim(-7, 7)

    def update(a):
        curve.set_ydata(a * X)
        change(ax, a)

    return fig, {"a": lw.slider("a", 1.0, 0.5, 2.0, 0.25)}, update


def test_setting_the_same_limits_again_still_blits():
    def same_limits(ax, a):
        ax.set_xlim(-3.0, 3.0)
        ax.set_ylim(-7, 7)

    fast, full = explorers(lambda: axis_figure(same_limits))
    for value in (1.25, 1.5, 2.0, 0.5):
        move_both(fast, full, "a", value)
    assert fast.blits == 3


@pytest.mark.parametrize("change", [
    lambda ax, a: ax.tick_params(labelsize=6 + 4 * a),
    lambda ax, a: ax.set_yscale("symlog" if a > 1 else "linear"),
    lambda ax, a: ax.xaxis.label.set_color("red" if a > 1 else "black"),
])
def test_a_changed_axis_forces_a_full_draw(change):
    fast, full = explorers(lambda: axis_figure(change))
    for value in (1.25, 1.5, 0.5, 0.75):
        move_both(fast, full, "a", value)


@pytest.mark.parametrize("top, rows", [(0, 0), (0, 5), (7, 3), (17, 3)])
def test_fast_png_of_a_band_is_the_whole_image(top, rows):
    rng = np.random.default_rng(1)
    whole = np.zeros((20, 6, 4), dtype=np.uint8)
    whole[top:top + rows] = rng.integers(0, 256, (rows, 6, 4), dtype=np.uint8)
    png = lw.fast_png(whole[top:top + rows], height=20, top=top)
    decoded = np.asarray(Image.open(io.BytesIO(png)))
    np.testing.assert_array_equal(decoded, whole)
    with pytest.raises(ValueError, match="must fit in 20 rows"):
        lw.fast_png(whole[:5], height=20, top=16)


def test_cached_text_draws_the_same_pixels_as_matplotlib():
    def build():
        fig, ax = lw.new_figure(width=4.0, height=3.0)
        (line,) = ax.plot([0, 1], [0, 1])
        ax.set(xlim=(-1.0, 2.0), ylim=(-2.0, 2.0))
        note = ax.text(0.05, 0.9, "", transform=ax.transAxes, family="monospace")
        box = ax.text(0.9, 0.1, "", ha="right", bbox={"facecolor": "w"})

        def update(a):
            line.set_ydata([0, a])
            note.set_text(f"value {a:+.4f}\nsquare {a * a:.4f}")
            box.set_text(f"a = {a:.2f}")

        return fig, {"a": lw.slider("a", 0.5, -1.0, 1.0, 0.05)}, update

    fast, full = explorers(build)
    for value in [0.55, 0.6, 0.55, -0.35, 0.6]:
        move_both(fast, full, "a", value)
    assert fast.blits >= 4
    assert fast.fig.canvas.get_renderer()._lessons_text_cache
