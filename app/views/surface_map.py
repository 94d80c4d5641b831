"""The surface as pictures: values on a grid, the colour transform (log where the surface spans decades)
and contour lines as line segments. Pure numpy, no Qt, so it can run off the UI thread and be tested alone.

Contours are computed by vectorised marching squares into one array of segment end points, drawn by a
single curve item with ``connect="pairs"`` — 12 levels of a 512² map in 6–19 ms (768²: 10–44 ms; the
most for Rastrigin's many crossings; benchmarks/bench_contours.py), where pyqtgraph's IsocurveItem walks the
grid in Python (~75 ms per level at 400²).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.surfaces.surface import Surface

LOG_FLOOR_FRACTION = 1e-6  # log colour: values within this fraction of the range above the minimum clip


@dataclass(frozen=True)
class SurfaceMap:
    """``color`` (ny, nx): finite values the colour map shows (log10(f − f_min + δ) when ``log``);
    ``segments`` (2k, 2): contour segment end points in surface coordinates; ``levels`` in colour units."""

    window: tuple[float, float, float, float]
    color: np.ndarray
    log: bool
    offset: float  # f_min − δ, so f = 10**color + offset on a log map
    levels: np.ndarray
    segments: np.ndarray
    undefined: np.ndarray | None = None  # (ny, nx) True where f is NaN (outside the surface's domain)

    @property
    def has_undefined(self) -> bool:
        return self.undefined is not None and bool(self.undefined.any())

    @property
    def color_range(self) -> tuple[float, float]:
        return float(self.color.min()), float(self.color.max())


def compute_map(surface: Surface, window, resolution: int = 400, n_levels: int = 12) -> SurfaceMap:
    xmin, xmax, ymin, ymax = window
    xs = np.linspace(xmin, xmax, resolution)
    ys = np.linspace(ymin, ymax, resolution)
    gx, gy = np.meshgrid(xs, ys)  # row = y, column = x
    f = surface.value(gx, gy)
    color, log, offset = color_values(f, surface.log_color)
    lo, hi = float(color.min()), float(color.max())
    if hi > lo:
        levels = np.linspace(lo, hi, n_levels + 2)[1:-1]
    else:
        levels = np.zeros(0)
    segments = contour_segments(color, levels, xs, ys)
    return SurfaceMap(tuple(map(float, window)), color, log, offset, levels, segments, np.isnan(f))


UNDEFINED_LABEL = "hatched grey: f undefined"
HATCH_PERIOD = 6  # cells per stripe pair of the hatching


def undefined_rgba(undefined: np.ndarray, light: bool) -> np.ndarray:
    """An RGBA overlay (ny, nx, 4): diagonal grey hatching where ``undefined``, transparent elsewhere —
    a region where the surface has no value is never painted like a high loss (issue 15 item 9)."""
    ny, nx = undefined.shape
    i, j = np.indices((ny, nx))
    stripe = ((i + j) // (HATCH_PERIOD // 2)) % 2 == 0
    shades = (200, 160) if light else (95, 60)
    rgba = np.zeros((ny, nx, 4), np.uint8)
    grey = np.where(stripe, shades[0], shades[1]).astype(np.uint8)
    rgba[..., 0] = rgba[..., 1] = rgba[..., 2] = grey
    rgba[..., 3] = np.where(undefined, 255, 0)
    return rgba


def color_values(f: np.ndarray, log: bool) -> tuple[np.ndarray, bool, float]:
    """Finite colour values: NaN/inf (where f is undefined or overflows) become the largest finite value."""
    finite = np.isfinite(f)
    if not finite.any():
        return np.zeros_like(f), False, 0.0
    fmin, fmax = float(f[finite].min()), float(f[finite].max())
    f = np.where(finite, f, fmax)
    if not log or fmax <= fmin:
        return f, False, 0.0
    delta = max((fmax - fmin) * LOG_FLOOR_FRACTION, 1e-300)
    offset = fmin - delta
    return np.log10(f - offset), True, offset


def contour_segments(z: np.ndarray, levels: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Marching squares for every level; returns (2k, 2) segment end points (x, y)."""
    levels = np.asarray(levels, dtype=float)
    cells = _crossed_cells(z, levels)
    pieces = [_level_segments(z, float(level), xs, ys, cells.at(rank))
              for level, rank in zip(levels, cells.ranks, strict=True)]
    pieces = [p for p in pieces if p.size]
    return np.concatenate(pieces) if pieces else np.zeros((0, 2))


@dataclass(frozen=True)
class _CrossedCells:
    """The cells some level passes through (row-major), with the band range of their corners: a point's
    band is how many levels lie below it, so the level of rank r crosses a cell exactly when its lowest
    corner band is ≤ r < its highest (its corners are not all on one side)."""

    i: np.ndarray
    j: np.ndarray
    low: np.ndarray
    high: np.ndarray
    ranks: np.ndarray  # each level's rank among the sorted levels

    def at(self, rank: int) -> tuple[np.ndarray, np.ndarray]:
        crossed = (self.low <= rank) & (rank < self.high)
        return self.i[crossed], self.j[crossed]


def _crossed_cells(z: np.ndarray, levels: np.ndarray) -> _CrossedCells:
    # One pass over the whole grid for all levels; each level then works on these cells only. Comparing
    # the whole grid with each level in turn took two to four times as long (bench_contours.py).
    order = np.argsort(levels, kind="stable")
    ranks = np.empty(levels.size, dtype=np.intp)
    ranks[order] = np.arange(levels.size)
    band = np.searchsorted(levels[order], z, side="left")  # levels strictly below z: z > level
    band = band.astype(np.min_scalar_type(levels.size))  # small integers: the minima below take a tenth
    band[np.isnan(z)] = 0  # NaN is above no level
    low, high = np.minimum(band[:, :-1], band[:, 1:]), np.maximum(band[:, :-1], band[:, 1:])  # along rows
    low, high = np.minimum(low[:-1], low[1:]), np.maximum(high[:-1], high[1:])  # then the row below
    i, j = np.nonzero(low < high)
    return _CrossedCells(i, j, low[i, j], high[i, j], ranks)


def _level_segments(z: np.ndarray, level: float, xs: np.ndarray, ys: np.ndarray,
                    cells: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    # Corners of each cell: a (i, j), b (i, j+1), c (i+1, j+1), d (i+1, j)  (i = row = y, j = column = x).
    # Only the cells the level passes through (a 768² map has ~10⁴ of them per level, not 6·10⁵).
    i, j = cells
    za, zb, zc, zd = z[i, j], z[i, j + 1], z[i + 1, j + 1], z[i + 1, j]
    a, b, c, d = za > level, zb > level, zc > level, zd > level
    crossed = {"bottom": a != b, "right": b != c, "top": d != c, "left": a != d}
    count = sum(m.view(np.int8) for m in crossed.values())
    x0, x1, y0, y1 = xs[j], xs[j + 1], ys[i], ys[i + 1]

    def cross(za_, zb_):  # where along an edge the level is crossed, 0…1
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (level - za_) / (zb_ - za_)
        return np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0)

    # Crossing point of each edge, in surface coordinates: bottom a-b, right b-c, top d-c, left a-d.
    edges = {
        "bottom": (crossed["bottom"], x0 + cross(za, zb) * (x1 - x0), y0),
        "right": (crossed["right"], x1, y0 + cross(zb, zc) * (y1 - y0)),
        "top": (crossed["top"], x0 + cross(zd, zc) * (x1 - x0), y1),
        "left": (crossed["left"], x0, y0 + cross(za, zd) * (y1 - y0)),
    }
    out = []

    def pair(mask, first, second):
        if not mask.any():
            return
        seg = np.empty((2 * int(mask.sum()), 2))
        seg[0::2, 0], seg[0::2, 1] = edges[first][1][mask], edges[first][2][mask]
        seg[1::2, 0], seg[1::2, 1] = edges[second][1][mask], edges[second][2][mask]
        out.append(seg)

    two = count == 2
    names = ("bottom", "right", "top", "left")
    for k, first in enumerate(names):
        for second in names[k + 1:]:
            pair(two & edges[first][0] & edges[second][0], first, second)
    four = count == 4
    if four.any():  # a saddle cell: the centre value decides which corners connect
        centre_above = (za + zb + zc + zd) / 4 > level
        join_a = four & (centre_above == a)  # a's region joins the centre: cut off corners b and d
        pair(join_a, "bottom", "right")
        pair(join_a, "top", "left")
        join_b = four & ~(centre_above == a)
        pair(join_b, "bottom", "left")
        pair(join_b, "right", "top")
    return np.concatenate(out) if out else np.zeros((0, 2))


def colour_bar_ticks(m: SurfaceMap, lo: float, hi: float) -> list[tuple[float, str]] | None:
    """On a log map, colour-bar ticks labelled in f (f = 10^c + offset) at whole decades, at most ~7 and
    never crowding each other; None on a linear map (the axis's own ticks)."""
    if not m.log:
        return None
    ticks = []
    for k in range(-30, 31):  # colour c = log10(f − offset): ticks where f is a round power of ten
        value = 10.0 ** k
        if value > m.offset:
            c = math.log10(value - m.offset)
            if lo <= c <= hi:
                ticks.append((c, f"{value:g}"))
    if len(ticks) > 7:
        ticks = ticks[::math.ceil(len(ticks) / 7)]
    # Near a negative offset the decades crowd at the bottom (1e-05 on top of 0.001): keep a tick only
    # if it clears the one above it.
    spaced: list = []
    for c, text in reversed(ticks):
        if not spaced or spaced[-1][0] - c >= (hi - lo) / 14:
            spaced.append((c, text))
    return spaced[::-1]
