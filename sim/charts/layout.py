"""Checks of a drawn figure's text: no two labels overlap, none is too small to read.

Every chart is checked by the tests, and by ``experiments/gallery.py`` before
it saves an image: the figure is drawn, each visible text's box on the
canvas (``Text.get_window_extent``) is compared with every other's, and each
text's size with :data:`MIN_FONT_PT` on a figure at most :data:`MAX_WIDTH_IN`
wide (so that a chart shown at the width of a page keeps its text readable).
A turned text (a slanted tick label) is compared as the turned box it fills.
"""

from __future__ import annotations

from itertools import combinations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.text import Text

#: Smallest font a chart may use, in points (17.8 pixels at the 160 dpi of saved PNGs).
MIN_FONT_PT = 8.0
#: Widest figure, in inches: a page column shows it at no less than about 40% of its size.
MAX_WIDTH_IN = 14.0
#: Pixels two boxes may share before they count as overlapping (antialiased edges).
SLACK_PX = 1.0


def visible_texts(fig: plt.Figure) -> list[Text]:
    """Every text drawn on `fig` (titles, labels, ticks in view, legends, annotations)."""
    fig.canvas.draw()
    axes = [(ax.xaxis, ax.yaxis) for ax in fig.axes if ax.get_visible() and ax.axison]
    ticks = {
        id(label)
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in (*axis.majorTicks, *axis.minorTicks)
        for label in (tick.label1, tick.label2)
    }
    texts = [t for t in fig.findobj(Text) if id(t) not in ticks]
    texts += [t for pair in axes for axis in pair if axis.get_visible() for t in _in_view(axis)]
    return [t for t in texts if t.get_visible() and t.get_text().strip() and _drawn(t, fig)]


def _in_view(axis) -> list[Text]:
    """The labels of an axis's ticks inside its view (matplotlib keeps others, undrawn)."""
    low, high = sorted(axis.get_view_interval())
    margin = (high - low) * 1e-9
    return [
        label
        for tick in (*axis.get_major_ticks(), *axis.get_minor_ticks())
        if low - margin <= tick.get_loc() <= high + margin
        for label in (tick.label1, tick.label2)
    ]


def _drawn(text: Text, fig: plt.Figure) -> bool:
    box = text.get_window_extent()
    return box.width > 0 and box.height > 0 and box.overlaps(fig.bbox)


def corners(text: Text) -> np.ndarray:
    """The four corners of `text`'s box on the canvas, turned with the text, shape (4, 2).

    A turned box's axis-aligned extent shares its centre, so the box is its
    unturned width and height about that centre, turned by the text's angle.
    """
    box = text.get_window_extent()
    angle = text.get_rotation()
    if angle % 180:
        text.set_rotation(0)
        flat = text.get_window_extent()
        text.set_rotation(angle)
        width, height = flat.width, flat.height
    else:
        width, height = box.width, box.height
    half = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]) * [
        max(width / 2 - SLACK_PX, 0.0),
        max(height / 2 - SLACK_PX, 0.0),
    ]
    theta = np.radians(angle)
    turn = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
    return half @ turn.T + centre


def _apart(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two convex quadrilaterals are disjoint: some edge's normal separates them
    (the separating axis theorem)."""
    for quad in (a, b):
        for edge in np.diff(np.vstack([quad, quad[:1]]), axis=0):
            normal = np.array([-edge[1], edge[0]])
            pa, pb = a @ normal, b @ normal
            if pa.max() <= pb.min() or pb.max() <= pa.min():
                return True
    return False


def overlaps(fig: plt.Figure) -> list[tuple[str, str]]:
    """Pairs of texts of `fig` whose boxes (turned with the text) overlap on the canvas."""
    texts = visible_texts(fig)
    quads = [corners(t) for t in texts]
    return [
        (texts[i].get_text(), texts[j].get_text())
        for i, j in combinations(range(len(texts)), 2)
        if not _apart(quads[i], quads[j])
    ]


def small_texts(fig: plt.Figure, width: bool = True) -> list[str]:
    """Texts of `fig` below :data:`MIN_FONT_PT`, and (with `width`) the figure if it is
    wider than :data:`MAX_WIDTH_IN` (the rule for charts shown on a page)."""
    found = [
        f"{t.get_text()!r} at {t.get_fontsize():g} pt"
        for t in visible_texts(fig)
        if float(t.get_fontsize()) < MIN_FONT_PT
    ]
    wide = width and fig.get_figwidth() > MAX_WIDTH_IN
    return found + ([f"a figure {fig.get_figwidth():g} in wide"] if wide else [])


def overlap_problems(fig: plt.Figure) -> list[str]:
    return [f"{a!r} overlaps {b!r}" for a, b in overlaps(fig)]


def problems(fig: plt.Figure) -> list[str]:
    """What makes `fig` hard to read on a page: overlapping texts, texts too small, a
    figure too wide; [] if none."""
    return overlap_problems(fig) + small_texts(fig)
