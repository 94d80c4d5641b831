"""What the loss plot's y axis shows (app.views.loss_plot): curves thinned to what a plot can show, the
y range snapped to round values, the floor an exact 0 is drawn at on a log axis, and on a linear axis the
runs set aside because they would squeeze the others flat."""

from __future__ import annotations

import math

import numpy as np

LOG_FLOOR = 1e-300  # the deepest floor ever used (an exact 0 is drawn at the race's own floor, above this)
MAX_DECADES = 30  # the log axis spans at most this many decades below the largest loss shown
MAX_POINTS = 4096  # above this a curve is thinned to min/max pairs (a plot is never this many pixels wide)
OUTLIER_FACTOR = 20.0  # on a linear axis a run is set aside when the others span this many times less


def thin(x: np.ndarray, y: np.ndarray, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ~max_points points with the same look: each bucket of consecutive points becomes its
    minimum and maximum (pyqtgraph's "peak" downsampling); the last point is always kept."""
    n = y.shape[0]
    if n <= max_points:
        return x, y
    size = math.ceil(n / (max_points // 2))
    whole = (n - 1) // size * size  # the last point stays on its own
    buckets = y[:whole].reshape(-1, size)
    ty = np.empty(2 * buckets.shape[0] + 1)
    ty[0:-1:2], ty[1:-1:2], ty[-1] = buckets.min(axis=1), buckets.max(axis=1), y[-1]
    tx = np.empty_like(ty)
    tx[0:-1:2] = tx[1:-1:2] = x[:whole:size]
    tx[-1] = x[-1]
    return tx, ty


def snapped_range(lo: float, hi: float, log: bool) -> tuple[float, float]:
    """A y range around [lo, hi] on round values — half decades on a log axis (lo, hi are log10 values
    then), a 1-2-5 step of about a tenth of the span on a linear one — so small moves of the curves keep
    the same range, and the range is never more than ~10 % (half a decade) wider than the data."""
    if log:
        lo, hi = math.floor(2 * lo) / 2, math.ceil(2 * hi) / 2
        return (lo, hi) if hi > lo else (lo, lo + 0.5)
    span = hi - lo
    if not span > 0:
        span = max(abs(hi), 1.0)
        lo, hi = lo - span / 2, hi + span / 2
    magnitude = 10.0 ** math.floor(math.log10(span / 10))
    step = next(m * magnitude for m in (1, 2, 5, 10) if span / (m * magnitude) <= 10)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def floor_and_range(losses: list[np.ndarray], log: bool) -> tuple[float, float, float, bool]:
    """(floor, lo, hi, clamped) of the values that set the y range: ``floor`` is where an exact 0 (or
    anything smaller) is drawn on a log axis, ``clamped`` whether any value is drawn there instead of its
    own height; lo and hi are in display units (log10 on a log axis)."""
    values = np.concatenate([np.ravel(v) for v in losses]) if losses else np.zeros(0)
    values = values[np.isfinite(values)]
    if not log:
        if values.size == 0:
            return LOG_FLOOR, 0.0, 1.0, False
        return LOG_FLOOR, float(values.min()), float(values.max()), False
    positive = values[values > 0]
    if positive.size == 0:
        return 1e-12, -12.0, 0.0, values.size > 0
    top = float(positive.max())
    lowest = float(positive.min())
    deepest = math.log10(top) - MAX_DECADES
    low = max(math.log10(lowest), deepest)
    clamped = bool((values <= 0).any()) or lowest < 10.0 ** deepest
    if clamped:  # zeros: one decade below the smallest positive (or at the deepest allowed)
        low = max(math.floor(low) - 1.0, math.floor(deepest))
    floor = max(min(10.0 ** low, lowest), LOG_FLOOR)
    return floor, math.log10(floor), math.log10(top), clamped


def linear_outliers(spans: dict[int, tuple[float, float]]) -> set[int]:
    """The runs (keys of ``spans``: run → (lowest, highest) loss) that would squeeze the others flat on a
    linear axis: one at a time, the run without which the rest span OUTLIER_FACTOR times less (the saddle's
    −4e12 beside losses of order 1). They are drawn past the range's edge with a marker there."""
    kept, out = dict(spans), set()
    while len(kept) > 1:
        lows, highs = [lo for lo, _ in kept.values()], [hi for _, hi in kept.values()]
        whole = max(highs) - min(lows)
        best, best_span = None, whole
        for run in kept:
            rest = [v for r, v in kept.items() if r != run]
            span = max(hi for _, hi in rest) - min(lo for lo, _ in rest)
            span = span if span > 0 else max(1e-12, max(abs(v) for pair in rest for v in pair) * 1e-3)
            if whole > OUTLIER_FACTOR * span and span < best_span:
                best, best_span = run, span
        if best is None:
            break
        out.add(best)
        del kept[best]
    return out


def range_losses(runs, shown: list[int], log: bool) -> tuple[list[np.ndarray], set[int]]:
    """The loss arrays that set the y range, from each Trajectories in ``runs`` (the race's effective
    and reference runs) for the ``shown`` rows: whole runs that did not diverge, the first point of those
    that did; on a linear axis (``log`` False) without the linear_outliers, returned too."""
    by_run: dict[int, list[np.ndarray]] = {i: [] for i in shown}
    for trajectories in runs:
        for i in shown:
            diverged = int(trajectories.diverged_at[i])
            by_run[i].append(trajectories.loss[i] if diverged < 0 else trajectories.loss[i, :1])
    outliers: set[int] = set()
    if not log:
        spans = {}
        for i, parts in by_run.items():
            values = np.concatenate(parts)
            values = values[np.isfinite(values)]
            if values.size:
                spans[i] = (float(values.min()), float(values.max()))
        outliers = linear_outliers(spans)
    return [part for i, parts in by_run.items() if i not in outliers for part in parts], outliers


def off_range_points(loss: np.ndarray, outliers: set[int], lo: float, hi: float) -> list[tuple[int, int, float, str]]:
    """(run, step, y, symbol) where each run in ``outliers`` first leaves [lo, hi] (``loss``: runs × steps):
    a ▼ ("t") pinned to the bottom edge, a ▲ ("t1") to the top."""
    points = []
    for i in sorted(outliers):
        outside = np.flatnonzero(np.isfinite(loss[i]) & ((loss[i] < lo) | (loss[i] > hi)))
        if outside.size:
            step = int(outside[0])
            below = bool(loss[i, step] < lo)
            points.append((i, step, lo if below else hi, "t" if below else "t1"))
    return points
