"""Issue 15, item 8: the loss plot's log axis survives a diverged run and an exact 0, and its labels never
overlap."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from app.model import Race
from app.views.loss_plot import LABEL_GAP, LogLossAxis
from core.engine import Trajectories


def _race(scene, losses: np.ndarray, diverged: list[int]) -> Race:
    n, steps = losses.shape[0], losses.shape[1] - 1
    points = np.zeros((n, steps + 1, 2))
    final = points[:, -1].copy()
    traj = Trajectories(points, losses, final, losses[:, -1].copy(), np.array(diverged, dtype=np.int64))
    return Race(scene, traj, traj)


def _axis_text(plot) -> list[str]:
    axis = plot.plot_item.getAxis("left")
    lo, hi = axis.range
    values = [v for _spacing, level in axis.tickValues(lo, hi, axis.height()) for v in level]
    return axis.tickStrings(values, 1.0, 1.0)


def test_a_diverged_run_is_a_marker_and_a_zero_loss_keeps_the_log_axis(window):
    model, plot = window.model, window.loss_plot
    n = len(model.scene.optimizers)
    steps = 200
    t = np.arange(steps + 1, dtype=np.float64)
    losses = np.vstack([10.0 * 0.97 ** t for _ in range(n)])
    losses[0, 120:] = 0.0  # an exact 0 (Himmelblau's minimum reached exactly)
    blow = 10.0 * 3.0 ** t  # run 2 blows up: 1e15 before it leaves the finite numbers
    losses[1] = blow
    losses[1, 40:] = np.inf
    diverged = [-1] * n
    diverged[1] = 40
    plot._on_race(_race(model.scene, losses, diverged))
    QApplication.processEvents()

    assert plot.log_y  # the zero did not switch the axis to linear
    axis = plot.plot_item.getAxis("left")
    assert axis.logMode and not axis.autoSIPrefix and axis.autoSIPrefixScale == 1.0
    assert "x1e" not in axis.labelString()
    lo, hi = plot.plot_item.getViewBox().viewRange()[1]
    # The range follows the finite runs: from the floor under the smallest positive loss to the start (10).
    smallest = float(losses[0][losses[0] > 0].min())
    assert math.log10(plot.floor) < math.log10(smallest) and plot.floor > 1e-300
    assert lo <= math.log10(plot.floor) and hi < 2.0  # no 1e15 at the top
    assert plot.floor_note.isVisible() and "0" in plot.floor_note.toPlainText()
    # the zero is drawn at the floor, not at -inf
    drawn = plot.curves[0].getData()[1]
    assert np.isfinite(drawn).all() and drawn.min() >= math.log10(plot.floor) - 1e-9
    # the diverged run: one marker at its last finite step, pinned inside the range
    markers = plot.diverged_markers()
    assert len(markers) == 1
    x, y = markers[0]
    assert x == 39 and lo <= y <= hi + 1e-9


def test_under_two_decades_the_log_labels_are_thinned_apart(window):
    plot = window.loss_plot
    axis = plot.plot_item.getAxis("left")
    assert isinstance(axis, LogLossAxis)
    gap = LABEL_GAP * QFontMetrics(axis.style["tickFont"] or QApplication.font()).height()
    for lo, hi, size in ((-0.3, 0.05, 200.0), (-1.6, 0.2, 160.0), (-12.0, 1.0, 120.0), (-0.9, 0.9, 400.0)):
        values = sorted(v for _s, level in axis.tickValues(lo, hi, size) for v in level)
        assert values, (lo, hi)
        pixels = np.diff(values) * size / (hi - lo)
        assert (pixels >= gap - 1e-6).all(), (lo, hi, size, pixels)
    # and at a tall size every mantissa may come back
    values = [v for _s, level in axis.tickValues(-0.5, 0.5, 4000.0) for v in level]
    assert len(values) >= 8


def test_a_real_preset_race_with_divergence_keeps_a_sensible_log_axis(window):
    model, plot = window.model, window.loss_plot
    model.set_lr_factor(1e3)  # some of the default race diverges
    QApplication.processEvents()
    race = model.race
    assert (race.effective.diverged_at >= 0).any()
    lo, hi = plot.plot_item.getViewBox().viewRange()[1]
    assert plot.log_y and hi - lo < 40
    assert all(lo <= y <= hi + 1e-9 for _x, y in plot.diverged_markers())
    assert all("e+" not in text for text in _axis_text(plot))


def test_no_floor_note_without_a_zero(window):
    plot = window.loss_plot
    assert plot.log_y and (window.model.race.effective.loss > 0).all()
    assert not plot.floor_note.isVisible()
