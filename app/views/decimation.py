"""Paths drawn with fewer points than they have, where the dropped ones cannot be seen: a point that stays
in the same cell (a fraction of a device pixel, or of the pen's width under a wide pen) as the point before
it is merged into it. The map's paths (app.views.landscape), the loss curves under a wide pen
(app.views.loss_plot) and the pictures (app.export.offscreen) use the same rule."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from app.themes import Theme

DECIMATE_ABOVE = 2000  # map paths with more points are always drawn decimated
PEN_FRACTION = 0.25  # path points closer than this many pen widths are merged (invisible under the pen)


def cell_pixels(theme: Theme) -> float:
    """The decimation cell in device pixels: half a pixel, or a quarter of the pen's width where that is
    more. Under a pen that wide (2 device pixels or more: the slide theme's 3 px, a picture's pen at twice
    the screen's scale) every path is decimated, whatever its length: stroking seven antialiased 1,000-point
    paths cost ~18 ms of every slider move, ~10 ms decimated."""
    return max(0.5, theme.path_width * PEN_FRACTION)


def wide_pen_cell(theme: Theme, view_box: pg.ViewBox) -> tuple[float, float] | None:
    """Under a wide pen (a cell over half a pixel), the cell a curve drawn in ``view_box`` on screen is
    decimated to; else None: it is drawn whole."""
    pixels = cell_pixels(theme)
    return pixel_cell(view_box, 1.0, pixels) if pixels > 0.5 else None


def decimate_row(row: np.ndarray, cell: tuple[float, float] | None, every: bool = False):
    """(kept points, their indices in ``row``) with the points that stay in the same ``cell`` as the point
    before them dropped (first and last kept), or None when there is no cell yet or ``row`` is short
    (DECIMATE_ABOVE points or fewer) and not ``every`` row is decimated."""
    if cell is None or (row.shape[0] <= DECIMATE_ABOVE and not every):
        return None
    n = row.shape[0]
    x, y = row[:, 0], row[:, 1]
    with np.errstate(invalid="ignore", over="ignore"):
        qx, qy = np.floor(x / cell[0]), np.floor(y / cell[1])
    keep = np.ones(n, bool)
    keep[1:] = (qx[1:] != qx[:-1]) | (qy[1:] != qy[:-1])
    keep[-1] = True
    index = np.flatnonzero(keep)
    return np.ascontiguousarray(row[index]), index


def decimate_xy(x: np.ndarray, y: np.ndarray, cell: tuple[float, float] | None) -> tuple[np.ndarray, np.ndarray]:
    """The curve (x, y) without the points :func:`decimate_row` drops from it; whole when ``cell`` is None."""
    if cell is None or x.shape[0] < 3:
        return x, y
    kept, _index = decimate_row(np.column_stack((x, y)), cell, every=True)
    return kept[:, 0], kept[:, 1]


def same_cell(cell, old) -> bool:
    """Whether two cells are about the same size (within 25 % each way): paths decimated to one need not be
    decimated again to the other."""
    return cell is not None and old is not None and 0.8 < cell[0] / old[0] < 1.25 and 0.8 < cell[1] / old[1] < 1.25


def stale_cell(cell, old, decimated: list) -> bool:
    """Whether the paths, ``decimated`` to cell ``old``, are decimated again to ``cell`` after a zoom: not
    to a cell about the same size, nor where no path is decimated."""
    if cell is None or old is None:
        return cell is not None
    return not same_cell(cell, old) and any(d is not None for d in decimated)


def pixel_cell(view_box: pg.ViewBox, pixel_scale: float, pixels: float = 0.5) -> tuple[float, float] | None:
    """``pixels`` device pixels of ``view_box`` in data units along x and y (None before it is laid out)."""
    try:
        px, py = view_box.viewPixelSize()
    except Exception:  # noqa: BLE001 — no geometry yet
        return None
    if not (np.isfinite(px) and np.isfinite(py) and px > 0 and py > 0) or view_box.width() < 2:
        return None
    return px * pixels / pixel_scale, py * pixels / pixel_scale
