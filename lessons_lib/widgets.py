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
import struct
import time
import zlib

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axis import Axis

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
    blit: redraw only what ``update`` changed (default True), see below.

    Blitting: after a full draw the explorer keeps a copy of the pixels.
    On a move it finds the artists ``update`` changed (their ``stale``
    flag), and once it knows them it draws the figure without them,
    keeps that as the background, and from then on repaints only them
    (with every artist of their Axes drawn above them, so the stacking
    order stays as it was) on top of the background. Any change it
    cannot repaint that way (new axis limits, a changed axis, spine or
    figure-level artist, an artist added or removed, a new size) falls
    back to a full draw, so the picture is always the one a full draw
    gives.
    """

    def __init__(self, fig, controls, update, caption=None, *, blit=True):
        self.fig = fig
        self.controls = dict(controls)
        self.update = update
        self.blit = bool(blit)
        self.full_draws = 0
        self.blits = 0
        self._background = None
        self._background_key = None
        self._background_children = None
        self._axis_states = {}
        self._dynamic = set()
        parts = list(self.controls.values())
        if caption:
            parts.append(widgets.HTML(f"<em>{caption}</em>"))
        if isinstance(fig.canvas, widgets.DOMWidget):
            parts.append(fig.canvas)
        self.widget = widgets.VBox(parts)
        self._sent_at = -np.inf
        self._painted = None
        if self.blit:
            fig.canvas.mpl_connect("draw_event", self._on_draw)
            if _is_webagg(fig.canvas):
                fig.canvas.handle_draw = self._handle_draw_request
                fig.canvas.get_diff_image = lambda: _diff_image(fig.canvas)
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.refresh()

    def values(self):
        """The controls' current values, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def refresh(self):
        """Run ``update`` with the current values and redraw."""
        limits = _view_limits(self.fig)
        self.update(**self.values())
        if self.blit and self._can_blit(limits):
            self._blit_frame()
        else:
            self._background = None
            self.fig.canvas.draw_idle()

    def _changed(self, change):
        self.refresh()

    # -- blitting -------------------------------------------------------

    def _key(self):
        """What the stored background depends on: size, dpi and where the
        layout put each Axes (saving at another dpi re-runs the layout)."""
        return (self.fig.canvas.get_width_height(physical=True), self.fig.dpi,
                [tuple(ax.bbox.bounds) for ax in self.fig.axes])

    def _can_blit(self, limits_before):
        """Whether the change ``update`` just made can be repainted by
        drawing the dynamic artists on the stored background; if not,
        learn the changed artists (for the next move) and say no."""
        if self._background is None or self._background_key != self._key():
            return False
        if _view_limits(self.fig) != limits_before:
            return False
        if any(c.stale for c in _figure_level(self.fig)):
            return False
        changed = set()
        for ax in self.fig.axes:
            for child in ax.get_children():
                if not child.stale:
                    continue
                if isinstance(child, Axis):
                    if _axis_state(child) != self._axis_states.get(child):
                        return False
                elif child is ax.patch:
                    return False
                else:
                    changed.add(child)
        if (changed <= self._dynamic
                and _children(self.fig) == self._background_children):
            return True
        self._learn(changed)
        return False

    def _learn(self, changed):
        """Animate ``changed`` and every artist drawn above them."""
        dynamic = {a for a in self._dynamic | changed
                   if a.axes is not None and a in a.axes.get_children()}
        for ax in self.fig.axes:
            mine = [a for a in dynamic if a.axes is ax]
            if not mine:
                continue
            floor = min(a.get_zorder() for a in mine)
            dynamic.update(c for c in ax.get_children()
                           if c.get_zorder() >= floor and _can_animate(ax, c))
        for artist in self._dynamic - dynamic:
            artist.set_animated(False)
        for artist in dynamic:
            artist.set_animated(True)
        self._dynamic = dynamic

    def _ordered_dynamic(self):
        for ax in self.fig.axes:
            for child in sorted(ax.get_children(), key=lambda c: c.get_zorder()):
                if child in self._dynamic:
                    yield child

    def _paint_dynamic(self):
        renderer = self._painted = self.fig.canvas.get_renderer()
        _cache_text(renderer)
        for artist in self._ordered_dynamic():
            artist.draw(renderer)
        _mark_drawn(self.fig)

    def _on_draw(self, event):
        canvas = self.fig.canvas
        if canvas.is_saving() or event.renderer is not getattr(
                canvas, "renderer", None):
            return
        self.full_draws += 1
        self._background = canvas.copy_from_bbox(self.fig.bbox)
        self._background_key = self._key()
        self._background_children = _children(self.fig)
        self._axis_states = {axis: _axis_state(axis) for ax in self.fig.axes
                             for axis in ax.get_children() if isinstance(axis, Axis)}
        self._paint_dynamic()

    PUSH_GAP = 0.1
    """Seconds since the last image after which a blitted frame is sent
    at once; sooner, the browser is told to fetch it (see _blit_frame)."""

    def _blit_frame(self):
        """Repaint the dynamic artists on the background and show them.

        A plain canvas shows the result at once. A browser canvas (ipympl,
        webagg) gets it at once too when no image went out in the last
        PUSH_GAP seconds (a key press, a click). Sooner (a drag), it is
        told a new frame is ready and fetches it with its next draw
        request, as after a full draw: the browser then asks for one image
        at a time, so no diff image is lost while it still decodes the
        previous one, and moves that come faster than frames merge."""
        canvas = self.fig.canvas
        canvas.restore_region(self._background)
        self._paint_dynamic()
        self.blits += 1
        if not _is_webagg(canvas):
            canvas.blit(self.fig.bbox)
        elif time.monotonic() - self._sent_at >= self.PUSH_GAP:
            self._send_frame()
        else:
            canvas.draw_idle()

    def _send_frame(self):
        self.fig.canvas.blit(self.fig.bbox)
        self._sent_at = time.monotonic()

    def _handle_draw_request(self, event):
        """The browser asks for an image: if the canvas holds the current
        picture (blitted since the last full draw), send what changed
        since the last image, else draw in full as ipympl would."""
        canvas = self.fig.canvas
        current = (self._background is not None and not self.fig.stale
                   and self._background_key == self._key()
                   and getattr(canvas, "renderer", None) is self._painted)
        if current:
            self._send_frame()
        else:
            canvas.draw()
            self._sent_at = time.monotonic()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle = dict(bundle or {})
        png = figure_png(self.fig)
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
        names = ", ".join(self.controls)
        bundle["text/plain"] = f"Interactive figure (controls: {names})"
        return bundle


def _is_webagg(canvas):
    """A canvas that sends its images to a browser (ipympl, webagg)."""
    manager = getattr(canvas, "manager", None)
    return hasattr(canvas, "handle_draw") and hasattr(manager, "refresh_all")


def _diff_image(canvas):
    """matplotlib's FigureCanvasWebAggCore.get_diff_image (3.11), made
    cheap for a blitted frame: only the band of rows that changed is
    compared, checked for transparency and copied, and the diff image is
    PNG-encoded by :func:`fast_png` (a diff is mostly transparent zeros,
    and PIL's default encoder spends most of a frame filtering them)."""
    if not canvas._png_is_old:
        return None
    pixels = np.asarray(canvas.get_renderer().buffer_rgba())
    buff = pixels.view(np.uint32).squeeze(2)
    last = canvas._last_buff
    full = canvas._force_full or buff.shape != last.shape
    if not full:
        changed = np.flatnonzero((buff != last).any(axis=1))
        top, bottom = (changed[0], changed[-1] + 1) if changed.size else (0, 0)
        band = buff[top:bottom]
        full = bool((pixels[top:bottom, :, 3] != 255).any())
    canvas._force_full = False
    canvas._png_is_old = False
    if full:
        canvas.set_image_mode("full")
        canvas._last_buff = buff.copy()
        return _pil_png(pixels)
    canvas.set_image_mode("diff")
    diff = np.where(band != last[top:bottom], band, 0)
    last[top:bottom] = band
    return fast_png(diff.view(np.uint8).reshape((*diff.shape, 4)),
                    height=buff.shape[0], top=top)


def _pil_png(rgba):
    from PIL import Image

    with io.BytesIO() as png:
        Image.fromarray(rgba).save(png, format="png")
        return png.getvalue()


def fast_png(rgba, level=1, *, height=None, top=0):
    """PNG bytes of an (H, W, 4) uint8 RGBA array, fast when most rows are
    all zero (a diff image): rows are not filtered, runs of non-zero rows
    are deflated at ``level``, and each all-zero row is a ready-made
    deflate block (blocks end in a full flush, so they can be strung
    together), so the zeros cost no compression time.

    height, top: ``rgba`` (h, W, 4) is the band of rows top .. top + h of
    an image ``height`` rows tall whose other rows are all zero (default:
    the whole image)."""
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    require(rgba.ndim == 3 and rgba.shape[2] == 4,
            f"expected an (H, W, 4) RGBA array, got shape {rgba.shape}")
    band_height, width, _ = rgba.shape
    height = band_height if height is None else height
    require(0 <= top and top + band_height <= height,
            f"a band of {band_height} rows from row {top} must fit in "
            f"{height} rows")
    row_bytes = 4 * width + 1
    rows = np.zeros((band_height, row_bytes), dtype=np.uint8)
    rows[:, 1:] = rgba.reshape(band_height, 4 * width)
    busy = top + np.flatnonzero(
        np.diff(np.r_[0, rows.any(axis=1), 0].astype(np.int8)))
    zero_row = _deflated_zeros(row_bytes, level)
    pieces, adler, done = [b"\x78\x01"], 1, 0
    for start, stop in zip(busy[::2], busy[1::2], strict=True):
        pieces.append(zero_row * (start - done))
        adler = _adler_of_zeros(adler, (start - done) * row_bytes)
        band = rows[start - top:stop - top]
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        pieces.append(packer.compress(band) + packer.flush(zlib.Z_FULL_FLUSH))
        adler = zlib.adler32(band, adler)
        done = stop
    pieces.append(zero_row * (height - done))
    adler = _adler_of_zeros(adler, (height - done) * row_bytes)
    pieces.append(b"\x03\x00" + struct.pack(">I", adler))

    def chunk(tag, body):
        return (struct.pack(">I", len(body)) + tag + body
                + struct.pack(">I", zlib.crc32(tag + body)))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", b"".join(pieces)) + chunk(b"IEND", b""))


_ZERO_BLOCKS = {}


def _deflated_zeros(count, level):
    """Raw deflate of ``count`` zero bytes, ending in a full flush."""
    key = (count, level)
    if key not in _ZERO_BLOCKS:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        _ZERO_BLOCKS[key] = (packer.compress(bytes(count))
                             + packer.flush(zlib.Z_FULL_FLUSH))
    return _ZERO_BLOCKS[key]


def _adler_of_zeros(adler, count):
    """Adler-32 after ``count`` more zero bytes: the first sum stays, the
    second grows by count times the first."""
    low, high = adler & 0xFFFF, adler >> 16
    return (((high + count * low) % 65521) << 16) | low


_GLYPHS = {}
_LAYOUTS = {}
_EXTENTS = {}
_CACHE_SIZE = 20000


def _cache_text(renderer):
    """Make ``renderer`` (an Agg renderer) draw plain text with the same
    calls as matplotlib 3.11's RendererAgg.draw_text, but remember each
    line's glyph layout and each rendered glyph bitmap (by font, size,
    glyph and its exact 1/64-pixel position): a readout whose digits
    change is then redrawn without FreeType, pixel for pixel the same;
    text sizes (for the layout) are remembered too.
    Other matplotlib versions keep their own drawing."""
    if getattr(renderer, "_lessons_text_cache", False):
        return
    renderer._lessons_text_cache = True
    try:
        from matplotlib.backends import backend_agg
        from matplotlib.ft2font import RenderMode
    except ImportError:
        return
    if not (hasattr(renderer, "_draw_text_glyphs_and_boxes")
            and hasattr(backend_agg, "get_hinting_flag")):
        return
    draw_text = renderer.draw_text

    def cached_draw_text(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or angle % 360 != 0 or not gc.get_antialiased():
            return draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        font = renderer._prepare_font(prop)
        flags = backend_agg.get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        key = (id(font), font.fname, size, renderer.dpi, s, flags,
               None if features is None else tuple(features), language)
        items = _LAYOUTS.get(key)
        if items is None:
            items = [(item.ft_object, item.glyph_index, item.x, item.y)
                     for item in font._layout(s, flags=flags, features=features,
                                              language=language)]
            _remember(_LAYOUTS, key, items)
        height = renderer.height
        for ft, glyph, dx, dy in items:
            position = (round(0x40 * (x + dx)), round(0x40 * (height - y + dy)))
            gkey = (id(ft), ft.fname, size, renderer.dpi, glyph, flags, position)
            bitmap = _GLYPHS.get(gkey)
            if bitmap is None:
                ft.set_size(size, renderer.dpi)
                ft._set_transform([[0x10000, 0], [0, 0x10000]], list(position))
                rendered = ft._render_glyph(glyph, flags, RenderMode.NORMAL)
                bitmap = (np.array(rendered.buffer), rendered.left, rendered.top)
                _remember(_GLYPHS, gkey, bitmap)
            buffer, left, top = bitmap
            renderer._renderer.draw_text_image(
                buffer, left, int(height) - top + buffer.shape[0], 0, gc)

    measure = renderer.get_text_width_height_descent

    def cached_measure(s, prop, ismath):
        if ismath:
            return measure(s, prop, ismath)
        key = (s, hash(prop), prop.get_size_in_points(), renderer.dpi)
        size = _EXTENTS.get(key)
        if size is None:
            size = measure(s, prop, ismath)
            _remember(_EXTENTS, key, size)
        return size

    renderer.draw_text = cached_draw_text
    renderer.get_text_width_height_descent = cached_measure


def _remember(cache, key, value):
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _view_limits(fig):
    return [tuple(ax.viewLim.bounds) for ax in fig.axes]


def _children(fig):
    return [tuple(map(id, ax.get_children())) for ax in fig.axes]


def _figure_level(fig):
    return [c for c in fig.get_children() if c not in fig.axes]


def _can_animate(ax, artist):
    """Artists of ``ax`` that Axes.draw skips when animated and that are
    cheap to repaint: not the axes' background patch and not an Axis."""
    return artist is not ax.patch and not isinstance(artist, Axis)


def _axis_state(axis):
    """What an Axis draws, besides the view limits (compared apart):
    set_xlim with unchanged limits marks it stale but changes nothing."""
    label = axis.label
    return (axis.get_visible(), axis.get_scale(), label.get_text(),
            label.get_color(), label.get_fontsize(), axis.get_major_locator(),
            axis.get_major_formatter(), axis.get_minor_locator(),
            axis.get_minor_formatter(), axis.get_tick_params(which="major"),
            axis.get_tick_params(which="minor"))


def _mark_drawn(fig):
    """Clear the stale flags of the figure, its Axes and their children:
    the canvas now shows them as they are. Then the next ``update`` shows
    exactly which artists it changed (an empty title, for one, is never
    drawn and would otherwise stay stale), and pyplot, which redraws
    stale figures after every kernel message, finds nothing to redraw
    (drawing a legend marks its Axes stale, for one)."""
    for ax in fig.axes:
        for child in ax.get_children():
            child.stale = False
        ax.stale = False
    fig.stale = False


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
