"""Issue 15, item 8: the loss plot's log axis survives a diverged run and an exact 0, and its labels never
overlap."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from app.model import Race
from app.views.loss_plot import LABEL_GAP, LogLossAxis, marker_positions
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
    note = plot.floor_note_text()
    assert "0" in note and f"{plot.floor:.0e}" in note
    # under the step axis, below the curves (a text at the floor was drawn over the runs that reached 0)
    assert note == plot.plot_item.getAxis("bottom").labelText
    # the zero is drawn at the floor, not at -inf
    drawn = plot.curves[0].getData()[1]
    assert np.isfinite(drawn).all() and drawn.min() >= math.log10(plot.floor) - 1e-9
    # the diverged run: one marker at its last finite step, pinned inside the range
    markers = marker_positions(plot.divergence)
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
    assert all(lo <= y <= hi + 1e-9 for _x, y in marker_positions(plot.divergence))
    assert all("e+" not in text for text in _axis_text(plot))


def test_no_floor_note_without_a_zero(window):
    plot = window.loss_plot
    assert plot.log_y and (window.model.race.effective.loss > 0).all()
    assert plot.floor_note_text() == ""
    assert plot.plot_item.getAxis("bottom").labelText == "step"


def test_a_marker_pinned_at_the_top_shows_whole(window):
    """Review of the Race tab: the ✕ of a diverged run was cut in half by the plot's top edge."""
    model, plot = window.model, window.loss_plot
    model.set_lr_factor(1e3)
    QApplication.processEvents()
    view_box = plot.plot_item.getViewBox()
    markers = marker_positions(plot.divergence)
    assert markers
    half = plot.divergence.opts["size"] / 2
    for x, y in markers:
        top = view_box.mapViewToScene(QPointF(x, y)).y() - view_box.sceneBoundingRect().top()
        assert top >= half, (x, y, top)  # pixels from the top edge to the marker's centre


def test_a_run_far_below_the_others_on_a_linear_axis_is_set_aside_with_a_marker(window):
    """The saddle: one run reaching −4e12 flattened the others (losses of order 10) on the linear axis."""
    model, plot = window.model, window.loss_plot
    n = len(model.scene.optimizers)
    steps = 200
    t = np.arange(steps + 1, dtype=np.float64)
    losses = np.vstack([5.0 - 0.05 * t * (k + 1) for k in range(n)])
    losses[0] = -(2.0 ** (t / 5.0))  # −4e12 at the end
    plot._on_race(_race(model.scene, losses, [-1] * n))
    QApplication.processEvents()
    assert not plot.log_y
    lo, hi = plot.plot_item.getViewBox().viewRange()[1]
    others = losses[1:]
    assert lo > -1e3 and lo <= others.min() and hi >= others.max()  # the others fill the plot
    assert (hi - lo) < 3 * (others.max() - others.min())
    (x, y), = marker_positions(plot.off_range)  # run 0: one ▼ where it leaves the range, at the bottom edge
    assert losses[0, int(x)] < y <= losses[0, int(x) - 1] and lo <= y


def test_linear_outliers_keep_runs_of_one_size():
    from app.views.loss_range import linear_outliers

    assert linear_outliers({0: (-4e12, 0.0), 1: (-5.0, 5.0), 2: (-3.0, 2.0)}) == {0}
    assert linear_outliers({0: (-40.0, 0.0), 1: (-5.0, 5.0)}) == set()


def test_under_the_slide_themes_wide_pen_the_loss_curves_are_decimated_and_whole_under_the_dark_one(window, qtbot):
    """Seven antialiased 3-px loss curves of 1,000 points cost ~8 ms of a slider move: under that pen a
    point within a quarter of its width of the one before is merged into it (app.views.decimation), again
    after a resize or a zoom; under the dark theme's 1-px pen every point is drawn."""
    from app.themes import DARK, SLIDE

    model, plot = window.model, window.loss_plot
    model.set_scene(model.scene.with_changes(steps=1000, step=1000))
    race = model.race
    assert plot.log_y and (race.effective.diverged_at < 0).all()
    whole = [np.log10(np.maximum(race.effective.loss[i], plot.floor)) for i in range(len(plot.curves))]
    assert all(len(curve.getData()[1]) == len(y) for curve, y in zip(plot.curves, whole, strict=True))

    def decimated_to_the_current_cell() -> bool:
        px, py = plot.plot_item.getViewBox().viewPixelSize()
        cell = (px * SLIDE.path_width / 4, py * SLIDE.path_width / 4)
        for curve, y in zip(plot.curves, whole, strict=True):
            kx, ky = curve.getData()
            kept = set(zip(np.floor(kx / cell[0]), np.floor(ky / cell[1]), strict=True))
            steps = np.arange(len(y), dtype=np.float64)
            if not (len(ky) < 0.9 * len(y) or len(ky) == len(y)) \
                    or not set(zip(np.floor(steps / cell[0]), np.floor(y / cell[1]), strict=True)) <= kept:
                return False
        return True

    window.set_theme(SLIDE)
    qtbot.waitUntil(decimated_to_the_current_cell)
    assert all(len(curve.getData()[1]) < 0.9 * len(y) for curve, y in zip(plot.curves, whole, strict=True))
    window.resize(window.width() + 300, window.height() + 200)
    qtbot.waitUntil(decimated_to_the_current_cell)
    plot.plot_item.getViewBox().scaleBy((0.1, 1.0))  # a zoom along the steps: cells 10× narrower
    qtbot.waitUntil(decimated_to_the_current_cell)
    window.set_theme(DARK)
    QApplication.processEvents()
    assert all(len(curve.getData()[1]) == len(y) for curve, y in zip(plot.curves, whole, strict=True))


def test_the_y_axis_title_is_never_cut_and_is_whole_where_there_is_room(window, qtbot):
    """The slide theme at 1280×720 leaves the loss plot ~100 px high: "loss f(θ)  (log)" ran past both ends
    of the axis and was cut off at the top. The longest title that fits is shown, and the whole one where it fits."""
    from app.themes import SLIDE

    axis = window.loss_plot.plot_item.getAxis("left")

    def title():
        label = axis.label
        return " ".join(label.toPlainText().split()), label.boundingRect().width(), axis.geometry().height()

    assert title()[0] == "loss f(θ) (log)"  # the dark theme at 1200×800 (HTML shows one space)
    window.set_theme(SLIDE)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: title()[2] < 140)
    text, width, height = title()
    assert text in ("loss (log)", "loss") and width <= height, title()
    window.resize(1280, 1400)  # a tall window: room again
    qtbot.waitUntil(lambda: title()[0] == "loss f(θ) (log)")
    assert title()[1] <= title()[2]
