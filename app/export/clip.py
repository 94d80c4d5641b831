"""Clip a polyline to a box (Liang–Barsky per segment), keeping each visible piece's direction exactly.

Why: a run escaping a saddle reaches |θ| ~ 1e8 before it counts as diverged. Drawn with the thick,
antialiased pens of an export, such far-off points make Qt's stroker take tens of seconds per picture;
clipped to a box a little larger than the view, the picture is identical and takes milliseconds.
Pieces are returned with a ``connect`` mask (no NaN gaps: NaN never reaches a plot).
"""

from __future__ import annotations

import numpy as np


def clip_polyline(x: np.ndarray, y: np.ndarray, box: tuple[float, float, float, float]):
    """(x, y, connect) of the parts of the polyline inside ``box`` = (xmin, xmax, ymin, ymax);
    connect[i] says whether point i joins point i + 1. Returns the input (connect all) if nothing is out."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    xmin, xmax, ymin, ymax = box
    inside = (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)
    if inside.all():
        return x, y, np.ones(x.size, bool)
    if x.size < 2:
        return x[inside], y[inside], np.ones(int(inside.sum()), bool)
    x0, y0, dx, dy = x[:-1], y[:-1], np.diff(x), np.diff(y)
    t0, t1 = np.zeros(dx.size), np.ones(dx.size)
    visible = np.ones(dx.size, bool)
    with np.errstate(divide="ignore", invalid="ignore"):
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
    used = np.stack([visible & ~follows, visible], axis=1)
    points = slots[used]
    # A piece ends where the next used point is the start of a new piece.
    starts_piece = np.stack([visible & ~follows, np.zeros(dx.size, bool)], axis=1)[used]
    connect = np.ones(points.shape[0], bool)
    connect[:-1] = ~starts_piece[1:]
    if points.shape[0]:
        connect[-1] = False
    return points[:, 0], points[:, 1], connect
