"""One way to build every interactive figure: controls above, plot below.

Build the figure once, then let :class:`Explorer` call your ``update``
with the controls' values on every move; ``update`` changes the drawn
artists in place (``set_data``, ``set_text``, ...) and the explorer
redraws the canvas. Nothing is rebuilt on a move.

In the notebook (``%matplotlib widget``) the explorer shows as a live
widget; its stored output also carries a PNG of the first state, so the
notebook still shows the plot on a website or on paper.
"""

import base64
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from lessons_lib._arrays import require

STYLE = {"description_width": "11em"}
LAYOUT = widgets.Layout(width="34em")


def new_figure(nrows=1, ncols=1, width=8.0, height=3.6, **kwargs):
    """A figure and its axes, not shown until an :class:`Explorer` shows it."""
    with plt.ioff():
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(width, height), layout="constrained", **kwargs
        )
    canvas = fig.canvas
    for name in ("header_visible", "footer_visible", "toolbar_visible"):
        if hasattr(canvas, name):
            setattr(canvas, name, False)
    if hasattr(canvas, "resizable"):
        canvas.resizable = False
    return fig, axes


def _on_grid(value, lo, step):
    steps = (value - lo) / step
    return abs(steps - round(steps)) < 1e-9


def slider(label, value, lo, hi, step, fmt=".2f"):
    """A float slider whose readout shows the live value.

    ``lo`` and ``value`` must lie on the grid lo + k * step, so the value
    the browser sends back is the one the kernel holds and a move does
    not trigger the callback twice.
    """
    require(lo < hi and step > 0, f"need lo < hi and step > 0 for '{label}'")
    require(lo <= value <= hi, f"'{label}' starts at {value}, outside [{lo}, {hi}]")
    require(_on_grid(value, lo, step), f"'{label}': {value} is not lo + k * step")
    return widgets.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=label,
        readout_format=fmt, continuous_update=True, style=STYLE, layout=LAYOUT,
    )


def int_slider(label, value, lo, hi, step=1):
    """An integer slider whose readout shows the live value."""
    require(lo <= value <= hi, f"'{label}' starts at {value}, outside [{lo}, {hi}]")
    return widgets.IntSlider(
        value=value, min=lo, max=hi, step=step, description=label,
        continuous_update=True, style=STYLE, layout=LAYOUT,
    )


def log_slider(label, value, lo_exp, hi_exp, step=0.05, fmt=".3g"):
    """A slider over 10**lo_exp .. 10**hi_exp, evenly spaced in log10."""
    exp = np.log10(value)
    require(lo_exp <= exp <= hi_exp, f"'{label}' starts outside its range")
    require(_on_grid(exp, lo_exp, step), f"'{label}': log10({value}) is off grid")
    return widgets.FloatLogSlider(
        value=value, base=10, min=lo_exp, max=hi_exp, step=step,
        description=label, readout_format=fmt, continuous_update=True,
        style=STYLE, layout=LAYOUT,
    )


def choice(label, options, value=None):
    """Toggle buttons for a few named options."""
    return widgets.ToggleButtons(
        options=options, value=value if value is not None else options[0],
        description=label, style={"description_width": "11em",
                                  "button_width": "6.5em"},
    )


def figure_png(fig, dpi=90):
    """The figure as PNG bytes, as it is drawn now."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


class Explorer:
    """Controls that drive a figure's artists in place.

    fig: the figure from :func:`new_figure`.
    controls: name -> widget; ``update(**values)`` is called with every
    control's current value, first once now and then after each move.
    caption: a line of text shown under the controls, or None.
    """

    def __init__(self, fig, controls, update, caption=None):
        self.fig = fig
        self.controls = dict(controls)
        self.update = update
        parts = list(self.controls.values())
        if caption:
            parts.append(widgets.HTML(f"<em>{caption}</em>"))
        if isinstance(fig.canvas, widgets.DOMWidget):
            parts.append(fig.canvas)
        self.widget = widgets.VBox(parts)
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.refresh()

    def values(self):
        """The controls' current values, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def refresh(self):
        """Run ``update`` with the current values and redraw."""
        self.update(**self.values())
        self.fig.canvas.draw_idle()

    def _changed(self, change):
        self.refresh()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle = dict(bundle or {})
        png = figure_png(self.fig)
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
        names = ", ".join(self.controls)
        bundle["text/plain"] = f"Interactive figure (controls: {names})"
        return bundle


class StaticFigure:
    """A figure shown as a PNG only: for plots with nothing to move."""

    def __init__(self, fig, title="Figure"):
        self.png = figure_png(fig)
        self.title = title
        plt.close(fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "image/png": base64.b64encode(self.png).decode("ascii"),
            "text/plain": self.title,
        }


def show_static(fig, title="Figure"):
    """Make a static figure the cell's output (end the cell with this)."""
    return StaticFigure(fig, title)
