"""Issue 15 item 10 and issue 14: a scale map a class can read — colour bar, hover read-out, a robust
colour range, grids that hold each run's own settings, distinct titles, the SGD family's stability line."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from app.models.scale_map import snap
from app.views.scale_map import DIVERGED_RGBA
from core.engine import warm_up
from core.optim.spec import OptimizerSpec
from core.surfaces import get_surface


@pytest.fixture(scope="module", autouse=True)
def engine():
    warm_up()


@pytest.fixture
def view(make_scale_map_view):
    return make_scale_map_view(1000)


def compute(qtbot, view, surface, specs, steps=100):
    with qtbot.waitSignal(view.computed, timeout=60_000):
        view.model.set_problem(surface, surface.start, specs, steps)
    return view.model.result


def test_snap_puts_each_value_on_the_grid_and_keeps_it_increasing():
    grid = np.geomspace(1e-4, 1e4, 16)
    out = snap(grid, [1.0, 3.0, 1e9])
    assert 1.0 in out and 3.0 in out and 1e9 not in out
    assert np.all(np.diff(out) > 0) and out.size == 16


def test_grid_holds_each_runs_lr_and_loss_scale_one_and_titles_are_distinct(qtbot, view):
    bowl = get_surface("bowl")
    specs = [OptimizerSpec("sgd", lr=0.037, loss_scale=3.0), OptimizerSpec("sgd", lr=0.037, loss_scale=3.0),
             OptimizerSpec("momentum", lr=0.0123)]
    r = compute(qtbot, view, bowl, specs)
    assert 1.0 in r.loss_scale and 3.0 in r.loss_scale
    for k, spec in enumerate(specs):
        assert spec.lr in r.lr[k]
        # the "+" sits in the cell that holds the run itself
        row, col = list(r.lr[k]).index(spec.lr), list(r.loss_scale).index(spec.loss_scale)
        text = view.cell_text(k, row, col)
        assert f"lr = {spec.lr:.4g}" in text and f"s = {spec.loss_scale:.4g}" in text
    titles = [view.title(k) for k in range(3)]
    assert len(set(titles)) == 3, titles


def test_hover_reads_out_the_cell_under_the_mouse(qtbot, view):
    bowl = get_surface("bowl")
    r = compute(qtbot, view, bowl, [OptimizerSpec("sgd", lr=0.05)])
    plot = view.plot_item(0)
    n = r.loss_scale.size
    for row, col in ((2, 3), (12, 9)):
        rect = view._rects[0]
        # the centre of the displayed cell (row, col): cells are drawn evenly over the rectangle
        x = rect.left() + (col + 0.5) * rect.width() / n
        y = rect.top() + (row + 0.5) * rect.height() / r.lr.shape[1]
        scene_pos = plot.getViewBox().mapViewToScene(QPointF(x, y))
        view.graphics.scene().sigMouseMoved.emit(scene_pos)
        text = view.hover_text()
        assert f"lr = {r.lr[0, row]:.4g}" in text and f"s = {r.loss_scale[col]:.4g}" in text
        if r.diverged_at[0, row, col] >= 0:
            assert f"diverged at step {r.diverged_at[0, row, col]}" in text
        else:
            assert f"final loss = {r.final_loss[0, row, col]:.4g}" in text


def test_colour_bar_spans_percentiles_of_converged_cells_and_zero_keeps_the_log_scale(qtbot, view):
    bowl = get_surface("bowl")
    r = compute(qtbot, view, bowl, [OptimizerSpec("sgd", lr=0.05), OptimizerSpec("adam", lr=0.05)], steps=200)
    low, high, name = view.colour_range()
    assert name.startswith("log₁₀")
    ok = r.diverged_at < 0
    logs = np.log10(r.final_loss[ok])
    assert low == pytest.approx(np.percentile(logs, 2)) and high == pytest.approx(np.percentile(logs, 98))
    assert tuple(view.colorbar.levels()) == pytest.approx((low, high))
    assert "percentile" in view.legend_text()
    # one cell at exactly 0: the map stays log-coloured, that cell at the floor (the darkest colour)
    loss = r.final_loss.copy()
    k, i, j = np.argwhere(ok)[0]
    loss[k, i, j] = 0.0
    view._finished(dataclasses.replace(r, final_loss=loss))
    low2, high2, name2 = view.colour_range()
    assert name2.startswith("log₁₀") and high2 == pytest.approx(high, abs=0.2)
    assert "values of 0 shown at" in view.legend_text()
    image = view.image(k)
    assert not (image[i, j] == DIVERGED_RGBA).all()


def finite_difference_lambda_max(surface, x, y, h=1e-4):
    f = lambda a, b: float(surface.value(np.array([a]), np.array([b]))[0])  # noqa: E731
    fxx = (f(x + h, y) - 2 * f(x, y) + f(x - h, y)) / h**2
    fyy = (f(x, y + h) - 2 * f(x, y) + f(x, y - h)) / h**2
    fxy = (f(x + h, y + h) - f(x + h, y - h) - f(x - h, y + h) + f(x - h, y - h)) / (4 * h**2)
    return float(np.linalg.eigvalsh([[fxx, fxy], [fxy, fyy]]).max())


def test_stability_line_on_sgd_and_momentum_maps_separates_growing_from_converging_runs(qtbot, view):
    canyon = get_surface("canyon")
    view.model.set_scale_range(1e-2, 1e2)
    specs = [OptimizerSpec("sgd", lr=0.01), OptimizerSpec("momentum", lr=0.005), OptimizerSpec("adam", lr=0.05)]
    r = compute(qtbot, view, canyon, specs, steps=300)
    lam = finite_difference_lambda_max(canyon, *canyon.start)
    for k, limit in ((0, 2.0), (1, 2.0 * (1 + specs[1].momentum))):
        xs, ys = view.limit_line(k)
        assert xs.size > 2
        np.testing.assert_allclose(10.0 ** ys * 10.0 ** xs * lam, limit, rtol=1e-4)
        a = r.lr[k][:, None] * r.loss_scale[None, :] * lam  # γ·s·λmax of every cell
        diverged = r.diverged_at[k] >= 0
        assert diverged[a > 1.2 * limit].all() and not diverged[a < 0.8 * limit].any()
    assert view.limit_line(2)[0].size == 0  # Adam: no such line
    assert "stability limit" in view.legend_text() and "constant on this surface" in view.legend_text()
