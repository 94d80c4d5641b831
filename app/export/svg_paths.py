"""An SVG's long paths written on a worker thread (issue 16 item 6).

pyqtgraph writes an SVG by painting every item on the GUI thread and then re-reading its path data in
Python (app.export.svg): 16 runs × 100,000 steps took ~3.7 s of that at 8K, the rest ~0.4 s. So the paths
are swapped for tiny *placeholders* while the SVG is generated — each a known five-point polyline, which
gets the path's pen, clip path and place in the document — and restored at once; on a worker,
:func:`fill_placeholders` reads from each placeholder where its three corners landed (the affine map from
the path's data to SVG units) and writes the real points there.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from app.export.layers import connect_mask
from app.export.svg import _NUMBER

PLACEHOLDER_FRACTION = 0.125  # the placeholder's legs, as a fraction of the view's width and height
LONG_CURVE = 500  # points: a curve with more is written by the worker (paths, ghosts, the contours)
_D_ATTRIBUTE = re.compile(r'(\sd=")([^"]*)(")')


@dataclass(frozen=True)
class PathData:
    """A path's points in its own data coordinates, ``connect[i]``: point i joins i + 1; ``setting``: the
    item's own connect option, to put back."""

    x: np.ndarray
    y: np.ndarray
    connect: np.ndarray
    setting: object = "all"


def long_curves(scene) -> list:
    """The visible curves of ``scene`` with more than LONG_CURVE points, in stacking order."""
    import pyqtgraph as pg
    from PySide6.QtCore import Qt

    return [item for item in scene.items(Qt.SortOrder.AscendingOrder)
            if isinstance(item, pg.PlotCurveItem) and item.isVisible() and item.getData()[0] is not None
            and len(item.getData()[0]) > LONG_CURVE]



def placeholder(view_range) -> tuple[np.ndarray, np.ndarray]:
    """The placeholder polyline (x, y) for a view of ``view_range`` ((xmin, xmax), (ymin, ymax)): corners
    c, c + (a, 0), c + (0, b), then c and c + (a, 0) again — a shape no contour or marker draws."""
    (x0, x1), (y0, y1) = view_range
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    a, b = (x1 - x0) * PLACEHOLDER_FRACTION, (y1 - y0) * PLACEHOLDER_FRACTION
    return np.array([cx, cx + a, cx, cx, cx + a]), np.array([cy, cy, cy + b, cy, cy])


@contextmanager
def placeholders(items: list, view_range):
    """Swap each curve in ``items`` for the placeholder while an SVG is generated; yields the curves'
    own data (PathData, in the items' order) and puts it back after."""
    saved = []
    for item in items:
        x, y = item.getData()
        setting = item.opts.get("connect", "all")
        connect = connect_mask(setting, 0 if x is None else len(x))
        saved.append(PathData(np.array(x, np.float64), np.array(y, np.float64), connect, setting))
    px, py = placeholder(view_range)
    try:
        for item in items:
            item.setData(px, py, connect="all")
        yield saved
    finally:
        for item, data in zip(items, saved, strict=True):
            item.setData(data.x, data.y, connect=data.setting)


def _corners(d: str) -> np.ndarray | None:
    """The 5 points of a placeholder's path data, or None if ``d`` is not one."""
    if d.count("M") != 1 or "C" in d or "Z" in d:
        return None
    values = [float(v) for v in re.findall(_NUMBER, d)]
    if len(values) != 10:
        return None
    points = np.array(values).reshape(5, 2)
    size = max(np.ptp(points[:3, 0]), np.ptp(points[:3, 1]), 1e-9)
    repeats = np.abs(points[3:] - points[:2]).max() <= 1e-4 * size
    return points[:3] if repeats else None


def path_text(data: PathData, corners: np.ndarray, view_range) -> str:
    """``data`` mapped through the affine map that took the placeholder to ``corners``, as SVG path data
    (a move at the start of every piece)."""
    px, py = placeholder(view_range)
    a, b = px[1] - px[0], py[2] - py[0]
    column_x = (corners[1] - corners[0]) / a
    column_y = (corners[2] - corners[0]) / b
    origin = corners[0] - column_x * px[0] - column_y * py[0]
    finite = np.isfinite(data.x) & np.isfinite(data.y)
    x, y, connect = data.x[finite], data.y[finite], data.connect[finite]
    if x.size == 0:
        return ""
    sx = origin[0] + column_x[0] * x + column_y[0] * y
    sy = origin[1] + column_x[1] * x + column_y[1] * y
    starts = np.ones(x.size, bool)
    starts[1:] = ~connect[:-1]
    commands = np.where(starts, "M", "L")
    return " ".join(f"{c}{u:.7g},{v:.7g}" for c, u, v in zip(commands.tolist(), sx.tolist(), sy.tolist(),
                                                               strict=True))


def fill_placeholders(text: str, paths: list[PathData], view_range, cancelled=lambda: False) -> str:
    """The SVG ``text`` with its placeholders (in document order, one per path of ``paths`` in the order
    they were swapped) replaced by the paths' real data. Raises ValueError if they cannot be matched."""
    pieces = []
    position = 0
    count = 0
    for match in _D_ATTRIBUTE.finditer(text):
        corners = _corners(match.group(2))
        if corners is None:
            continue
        if count >= len(paths) or cancelled():
            break
        pieces += [text[position:match.start(2)], path_text(paths[count], corners, view_range)]
        position = match.end(2)
        count += 1
    if count != len(paths) and not cancelled():
        raise ValueError(f"the SVG held {count} of its {len(paths)} paths")
    return "".join(pieces) + text[position:]
