"""Which points of a path are drawn. A path is drawn with fewer points than it has where the dropped ones
cannot be seen:

- **Clipped** to a box around the view (the view and a twentieth of its size on every side): a run escaping
  a saddle or diverging reaches |θ| ~ 1e8 before it counts as diverged, and Qt's stroker pays for the whole
  length of such a path: in the stability-limit lesson, a diverging run's 3-px path (out to 3e7) took up to
  0.9 s to paint, every frame of its playback, and 0.15 s clipped (the rest: app.views.long_segments); a
  picture took tens of seconds. Each segment keeps the exact direction of its visible part (Liang–Barsky),
  and the parts outside the box are left out (a ``connect`` mask joins the pieces).
- **Decimated**: a point that stays in the same cell (a fraction of a device pixel, or of the pen's width
  under a wide pen) as the point before it is merged into it.

The map's paths (app.views.landscape, through :class:`DrawnPaths`), the loss curves under a wide pen
(app.views.loss_plot) and the pictures (app.export.offscreen) use the same rules."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from app.themes import Theme

DECIMATE_ABOVE = 2000  # map paths with more points are always drawn decimated
PEN_FRACTION = 0.25  # path points closer than this many pen widths are merged (invisible under the pen)
CLIP_MARGIN = 0.05  # the clipping box: the view and this fraction of its size on every side


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


# ---------------------------------------------------------------------- clipping
def view_range(view_box: pg.ViewBox) -> tuple[float, float, float, float] | None:
    """(xmin, xmax, ymin, ymax) visible in ``view_box`` (None before it has a finite, non-empty range)."""
    (xmin, xmax), (ymin, ymax) = view_box.viewRange()
    if not (np.isfinite([xmin, xmax, ymin, ymax]).all() and xmax > xmin and ymax > ymin):
        return None
    return float(xmin), float(xmax), float(ymin), float(ymax)


def around(view: tuple[float, float, float, float], margin: float) -> tuple[float, float, float, float]:
    """``view`` grown by ``margin`` times its size on every side."""
    w, h = (view[1] - view[0]) * margin, (view[3] - view[2]) * margin
    return view[0] - w, view[1] + w, view[2] - h, view[3] + h


def in_box(x: np.ndarray, y: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Per point, whether it lies in ``box`` = (xmin, xmax, ymin, ymax), edges included."""
    return (x >= box[0]) & (x <= box[1]) & (y >= box[2]) & (y <= box[3])


def clip_pieces(x: np.ndarray, y: np.ndarray, box: tuple[float, float, float, float],
                connect: np.ndarray | None = None):
    """(x, y, connect, index): the parts of the polyline inside ``box`` = (xmin, xmax, ymin, ymax).
    ``connect[i]`` says whether point i joins point i + 1 (given: only joined points are segments);
    ``index[i]`` is the first point of the input whose drawing shows output point i (a point's own index,
    or k + 1 for a cut on the segment from k to k + 1), non-decreasing. The input comes back (connect all,
    index 0..n−1) when nothing is out."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    joined = np.ones(x.size, bool) if connect is None else np.asarray(connect, bool)
    xmin, xmax, ymin, ymax = box
    inside = in_box(x, y, box)
    if inside.all():
        return x, y, joined, np.arange(x.size)
    if x.size < 2:
        return x[inside], y[inside], joined[inside], np.flatnonzero(inside)
    x0, y0, dx, dy = x[:-1], y[:-1], np.diff(x), np.diff(y)
    t0, t1 = np.zeros(dx.size), np.ones(dx.size)
    visible = joined[:-1].copy()
    # q / p overflows to ±inf for a nearly parallel segment (p subnormal): the right answer here, as
    # max/min with 0 and 1 then take it (lesson 3 printed a RuntimeWarning for it on stderr)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for p, q in ((-dx, x0 - xmin), (dx, xmax - x0), (-dy, y0 - ymin), (dy, ymax - y0)):
            parallel = p == 0
            visible &= ~(parallel & (q < 0))
            ratio = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
            t0 = np.where(~parallel & (p < 0), np.maximum(t0, ratio), t0)
            t1 = np.where(~parallel & (p > 0), np.minimum(t1, ratio), t1)
    visible &= t0 <= t1
    follows = np.zeros(dx.size, bool)  # segment k continues the piece drawn by segment k − 1
    follows[1:] = visible[:-1] & (t1[:-1] >= 1.0) & (t0[1:] <= 0.0)
    follows &= visible
    start = np.stack([x0 + t0 * dx, y0 + t0 * dy], axis=1)
    end = np.stack([x0 + t1 * dx, y0 + t1 * dy], axis=1)
    slots = np.stack([start, end], axis=1)  # (segments, 2, 2)
    k = np.arange(dx.size)
    slot_index = np.stack([np.where(t0 <= 0.0, k, k + 1), k + 1], axis=1)
    used = np.stack([visible & ~follows, visible], axis=1)
    points, index = slots[used], slot_index[used]
    # A piece ends where the next used point is the start of a new piece.
    starts_piece = np.stack([visible & ~follows, np.zeros(dx.size, bool)], axis=1)[used]
    out = np.ones(points.shape[0], bool)
    out[:-1] = ~starts_piece[1:]
    if points.shape[0]:
        out[-1] = False
    return points[:, 0], points[:, 1], out, index


def clip_polyline(x: np.ndarray, y: np.ndarray, box: tuple[float, float, float, float],
                  connect: np.ndarray | None = None):
    """(x, y, connect) of :func:`clip_pieces`."""
    return clip_pieces(x, y, box, connect)[:3]


# ---------------------------------------------------------------------- decimation
def thin_mask(x: np.ndarray, y: np.ndarray, connect: np.ndarray | None, cell: tuple[float, float]) -> np.ndarray:
    """Which points to keep: not those in the same ``cell`` = (width, height) grid cell as the point before
    them and joined to it (``connect``; None: all joined); the first and last point of every piece stay."""
    keep = np.ones(x.size, bool)
    if x.size < 3:
        return keep
    with np.errstate(invalid="ignore", over="ignore"):
        qx, qy = np.floor(x / cell[0]), np.floor(y / cell[1])
    drop = (qx[1:] == qx[:-1]) & (qy[1:] == qy[:-1])
    if connect is not None:
        drop &= connect[:-1] & connect[1:]  # joined to an alike point before, and not the end of its piece
    keep[1:-1] = ~drop[:-1]
    return keep


def thin_polyline(x: np.ndarray, y: np.ndarray, connect: np.ndarray, cell: tuple[float, float]):
    """(x, y, connect) without the points :func:`thin_mask` drops (the very arrays when it drops none)."""
    keep = thin_mask(x, y, connect, cell)
    if keep.all():
        return x, y, connect
    return x[keep], y[keep], connect[keep]


def decimated(row: np.ndarray, cell: tuple[float, float] | None, every: bool) -> bool:
    """Whether ``row`` is drawn decimated: there is a cell, and ``every`` row is, or it is long (over
    DECIMATE_ABOVE points)."""
    return cell is not None and (every or row.shape[0] > DECIMATE_ABOVE)


def decimate_row(row: np.ndarray, cell: tuple[float, float] | None, every: bool = False):
    """(kept points, their indices in ``row``) with the points that stay in the same ``cell`` as the point
    before them dropped (first and last kept), or None where ``row`` is not :func:`decimated`."""
    if not decimated(row, cell, every):
        return None
    index = np.flatnonzero(thin_mask(row[:, 0], row[:, 1], None, cell))
    return np.ascontiguousarray(row[index]), index


def decimate_xy(x: np.ndarray, y: np.ndarray, cell: tuple[float, float] | None) -> tuple[np.ndarray, np.ndarray]:
    """The curve (x, y) without the points :func:`decimate_row` drops from it; whole when ``cell`` is None."""
    if cell is None or x.shape[0] < 3:
        return x, y
    keep = thin_mask(x, y, None, cell)
    return x[keep], y[keep]


def same_cell(cell, old) -> bool:
    """Whether two cells are about the same size (within 25 % each way): paths decimated to one need not be
    decimated again to the other."""
    return cell is not None and old is not None and 0.8 < cell[0] / old[0] < 1.25 and 0.8 < cell[1] / old[1] < 1.25


def stale_cell(cell, old, decimated: bool) -> bool:
    """Whether paths made for cell ``old`` (``decimated``: some of them are) are made again for ``cell`` after
    a zoom: not for a cell about the same size, nor where no path is decimated."""
    if cell is None or old is None:
        return cell is not None
    return not same_cell(cell, old) and decimated


def pixel_cell(view_box: pg.ViewBox, pixel_scale: float, pixels: float = 0.5) -> tuple[float, float] | None:
    """``pixels`` device pixels of ``view_box`` in data units along x and y (None before it is laid out)."""
    try:
        px, py = view_box.viewPixelSize()
    except Exception:  # noqa: BLE001 — no geometry yet
        return None
    if not (np.isfinite(px) and np.isfinite(py) and px > 0 and py > 0) or view_box.width() < 2:
        return None
    return px * pixels / pixel_scale, py * pixels / pixel_scale


# ---------------------------------------------------------------------- a view's paths
def _extent(rows: list[np.ndarray]) -> tuple[float, float, float, float] | None:
    """(xmin, xmax, ymin, ymax) of the finite points of ``rows`` (None: none). Each row's plain min and max
    first (every slider move makes the rows again: ~0.1 ms for seven 1,000-point rows), its finite points
    only where those are not finite."""
    boxes = []
    for row in rows:
        if row.size == 0:
            continue
        x, y = row[:, 0], row[:, 1]  # a column's min is ~8× faster than min(axis=0) of the (n, 2) row
        box = (float(x.min()), float(x.max()), float(y.min()), float(y.max()))
        if not np.isfinite(box).all():
            finite = row[np.isfinite(row).all(axis=1)]
            if finite.size == 0:
                continue
            box = (float(finite[:, 0].min()), float(finite[:, 0].max()), float(finite[:, 1].min()),
                   float(finite[:, 1].max()))
        boxes.append(box)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), max(b[1] for b in boxes), min(b[2] for b in boxes), max(b[3] for b in boxes))


def _contains(outer, inner) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and outer[2] <= inner[2] and inner[3] <= outer[3]


class DrawnPaths:
    """What each of a view's path rows is drawn as: per row None (the row itself) or (points, index,
    connect) — the row clipped to the box around the view (connect None where nothing was cut) and
    decimated to the view's cell, ``index`` as :func:`clip_pieces`'s (for a prefix: the points with
    index < end). Made again when the view moves enough (:meth:`stale`)."""

    def __init__(self):
        self.rows: list[np.ndarray] = []
        self.drawn: list = []
        self.cell: tuple[float, float] | None = None  # the decimation cell they were made for
        self.box: tuple[float, float, float, float] | None = None  # the clipping box they were made for
        self._extent: tuple[float, float, float, float] | None = None  # of every row's points
        self._decimated = self._clipped = False

    def make(self, rows: list[np.ndarray], view_box: pg.ViewBox, pixel_scale: float, pixels: float) -> None:
        """Prepare ``rows`` for ``view_box``: decimated to ``pixels`` device pixels (every row when that is
        over half a pixel, else only long ones), clipped to the box around the view."""
        self.rows = rows
        self._extent = _extent(rows)
        self.cell = cell = pixel_cell(view_box, pixel_scale, pixels)
        view = view_range(view_box)
        self.box = box = None if view is None else around(view, CLIP_MARGIN)
        every = pixels > 0.5
        clip = box is not None and self._extent is not None and not _contains(box, self._extent)
        self.drawn = [self._drawn(row, cell, every, box if clip else None) for row in rows]
        self._decimated = any(decimated(row, cell, every) for row in rows)
        self._clipped = clip

    @staticmethod
    def _drawn(row: np.ndarray, cell, every: bool, box):
        if box is not None and not in_box(row[:, 0], row[:, 1], box).all():  # cut: drawn in pieces
            x, y, connect, index = clip_pieces(row[:, 0], row[:, 1], box)
            if x.size == 0:  # nothing of it near the view: its first point stands for it (a curve needs one)
                return row[:1], np.zeros(1, np.int64), np.zeros(1, bool)
            return DrawnPaths._decimated_pieces(x, y, connect, index, cell if decimated(row, cell, every) else None)
        kept = decimate_row(row, cell, every)
        return None if kept is None else (*kept, None)  # None: the row itself

    @staticmethod
    def _decimated_pieces(x, y, connect, index, cell):
        if cell is not None:
            keep = thin_mask(x, y, connect, cell)
            x, y, connect, index = x[keep], y[keep], connect[keep], index[keep]
        return np.column_stack((x, y)), index, connect

    def stale(self, view_box: pg.ViewBox, pixel_scale: float, pixels: float) -> bool:
        """Whether the view has moved enough since :meth:`make` to make the rows again: a cell of another
        size (where some row is decimated), a view near the edge of the box the rows were clipped to or
        much smaller than it, or a view so small now that a row reaches past its box."""
        if not self.rows:
            return False
        if stale_cell(pixel_cell(view_box, pixel_scale, pixels), self.cell, self._decimated):
            return True
        view = view_range(view_box)
        if view is None or self._extent is None:
            return False
        if not self._clipped:
            return not _contains(around(view, CLIP_MARGIN), self._extent)
        old, w, h = self.box, (view[1] - view[0]) * CLIP_MARGIN, (view[3] - view[2]) * CLIP_MARGIN
        near_edge = not _contains((old[0] + w / 2, old[1] - w / 2, old[2] + h / 2, old[3] - h / 2), view)
        zoomed_in = old[1] - old[0] > 4 * (view[1] - view[0]) or old[3] - old[2] > 4 * (view[3] - view[2])
        return near_edge or zoomed_in

    def shown(self, i: int, end: int):
        """(points, count, connect) of row ``i`` drawn up to its point ``end`` (exclusive): the first
        ``count`` of ``points`` (at least 1), joined by ``connect`` (None: all)."""
        drawn = self.drawn[i] if i < len(self.drawn) else None
        if drawn is None:
            return self.rows[i], end, None
        points, index, connect = drawn
        return points, max(1, int(np.searchsorted(index, end))), connect
