"""The scale map (model and view): computes off the UI thread, recomputes on a setting change,
colours diverged cells distinctly, reports clicked cells and the loss×s vs lr×s read-out. (How smooth the
window stays while a big map computes is measured in benchmarks/bench_app.py.)"""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from app.views.scale_map import DIVERGED_RGBA
from core.engine import run, warm_up
from core.optim.spec import OptimizerSpec
from core.scale_map import ScaleMapError, ScaleMapRequest
from core.surfaces import get_surface, surface_from_formula


@pytest.fixture(scope="module", autouse=True)
def engine():
    warm_up()


@pytest.fixture
def view(make_scale_map_view):
    return make_scale_map_view(900)


def computed(qtbot, view, timeout=60_000):  # generous: the sweep runs niced, and the cores are shared
    return qtbot.waitSignal(view.computed, timeout=timeout)


def test_a_request_refuses_out_of_range_settings_and_round_trips():
    request = ScaleMapRequest(resolution=64, metric="distance", lr_span=3.0, scale_range=(1e-2, 1e2), steps=200,
                              factor=0.5)
    assert ScaleMapRequest.from_dict(request.to_dict()) == request
    for bad in ({"resolution": 17}, {"metric": "colour"}, {"lr_span": 0}, {"lr_span": float("inf")},
                {"scale_range": [1.0, 1.0]}, {"scale_range": [0, 1]}, {"steps": 0}, {"steps": 1001},
                {"factor": 0.0}, {"colour": 1}):
        with pytest.raises(ScaleMapError):
            ScaleMapRequest.from_dict(bad)


def test_map_shows_every_cell_and_marks_diverged_cells_in_their_own_colour(qtbot, view):
    bowl = get_surface("bowl")
    specs = [OptimizerSpec("sgd", lr=0.05), OptimizerSpec("adam", lr=0.05)]
    with computed(qtbot, view):
        view.model.set_problem(bowl, bowl.start, specs, 100)
    result = view.model.result
    assert result.final_loss.shape == (2, 16, 16)
    diverged = result.diverged_at >= 0
    assert diverged[0].any() and not diverged[0].all()  # SGD: large lr × scale diverges
    for k in range(2):
        image = view.image(k)
        assert image.shape == (16, 16, 4) and image.dtype == np.uint8
        is_red = (image == DIVERGED_RGBA).all(axis=-1)
        np.testing.assert_array_equal(is_red, diverged[k])
        assert view.image_item(k).image is not None
    # a cell's colour is the engine's answer for that cell: darker (lower loss) where the run got closer
    spec = specs[1].replace(lr=float(result.lr[1, 8]), loss_scale=float(result.loss_scale[3]))
    direct = run(bowl, [spec], 100)
    assert direct.final_loss[0] == pytest.approx(result.final_loss[1, 8, 3], rel=1e-12, abs=1e-300)


def test_sgd_map_is_constant_along_lr_times_scale_lines(qtbot, view):
    # with lr ± 2 decades and scales over 1e-2…1e2, both axes step by the same factor per cell
    bowl = get_surface("bowl")
    view.model.set_scale_range(1e-2, 1e2)
    with computed(qtbot, view):
        view.model.set_problem(bowl, bowl.start, [OptimizerSpec("sgd", lr=0.01)], 100)
    r = view.model.result
    np.testing.assert_allclose(np.log10(r.lr[0] / 0.01), np.log10(r.loss_scale), atol=1e-12)
    loss = r.final_loss[0]
    ok = r.diverged_at[0] < 0
    checked = 0
    for i in range(1, 16):
        for j in range(15):
            # the cells holding the run's own lr and s = 1 sit off the geometric grid: compare equal products
            same = r.lr[0, i] * r.loss_scale[j] == pytest.approx(r.lr[0, i - 1] * r.loss_scale[j + 1], rel=1e-12)
            if ok[i, j] and ok[i - 1, j + 1] and same:
                assert loss[i, j] == pytest.approx(loss[i - 1, j + 1], rel=1e-9, abs=1e-300)
                checked += 1
    assert checked > 100


def test_changing_a_setting_recomputes_and_metric_only_recolours(qtbot, view):
    bowl = get_surface("bowl")
    with computed(qtbot, view):
        view.model.set_problem(bowl, bowl.start, [OptimizerSpec("adam", lr=0.05)], 100)
    first = view.model.result
    with computed(qtbot, view):
        view.resolution_box.setCurrentIndex(2)  # the user picks 64 × 64
    assert view.model.result is not first and view.model.result.final_loss.shape == (1, 64, 64)
    before = view.image(0).copy()
    started = []
    view.model.computeStarted.connect(lambda: started.append(1))
    view.metric_box.setCurrentIndex(1)  # distance to the minimum: recolour, no new runs
    assert view.model.request.metric == "distance" and not started
    assert not np.array_equal(before, view.image(0))
    with computed(qtbot, view):
        view.steps_box.setValue(40)
    assert view.model.result.steps == 40


def test_a_128_map_computes_off_the_ui_thread_and_a_change_cancels_it(qtbot, view):
    rosenbrock = get_surface("rosenbrock")
    progress = []
    view.model.progressed.connect(progress.append)
    view.model.set_resolution(128)
    with computed(qtbot, view, timeout=60_000):  # the UI thread runs its event loop all along
        view.model.set_problem(rosenbrock, rosenbrock.start, [OptimizerSpec("adam", lr=0.01)], 1000)
    assert view.model.result.final_loss.shape == (1, 128, 128) and view.model.result.steps == 1000
    assert any(0 < p < 1 for p in progress)  # progress arrived on the UI thread while it computed
    assert view.progress_text() == "done"

    shown = []
    view.computed.connect(lambda: shown.append(view.model.result.final_loss.shape))
    with qtbot.waitSignal(view.model.computeStarted, timeout=5000):
        view.model.set_problem(rosenbrock, (-1.0, 2.0), [OptimizerSpec("adam", lr=0.02)], 1000)
    assert view.model.is_computing()
    with computed(qtbot, view, timeout=10_000):  # a new setting: the big job is dropped, the small one shown
        view.model.set_resolution(16)
    assert view.model.wait(10.0)  # nothing else is left to arrive
    assert shown == [(1, 16, 16)]


def test_clicking_a_cell_reports_its_optimizer_lr_and_scale(qtbot, view):
    bowl = get_surface("bowl")
    specs = [OptimizerSpec("sgd", lr=0.01), OptimizerSpec("momentum", lr=0.01)]
    with computed(qtbot, view):
        view.model.set_problem(bowl, bowl.start, specs, 50)
    view.grab()  # paint once, as a screen would: the view boxes apply their ranges on paint
    item = view.image_item(1)
    row, col = 5, 11
    scene_point = item.mapToScene(QPointF(col + 0.5, row + 0.5))
    graphics = view.graphics
    widget_point = graphics.mapFromScene(scene_point)
    with qtbot.waitSignal(view.cellClicked, timeout=2000) as clicked:
        qtbot.mouseClick(graphics.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    k, lr, scale = clicked.args
    assert k == 1
    result = view.model.result
    assert lr == pytest.approx(result.lr[1, row]) and scale == pytest.approx(result.loss_scale[col])


def test_equivalence_readout_is_exact_for_sgd_and_a_number_for_adam(qtbot, view):
    bowl = get_surface("bowl")
    with computed(qtbot, view):
        view.model.set_problem(bowl, bowl.start, [OptimizerSpec("sgd", lr=0.02), OptimizerSpec("adam", lr=0.05)], 200)
    view.model.set_factor(0.5)
    sgd, adam = view.model.equivalences
    assert sgd.exact and "SGD: 0 (exact)" in view.equivalence_text()
    assert adam.distance > 0.1 and f"Adam: {adam.distance:.3g}" in view.equivalence_text()
    view.model.set_factor(0.1)
    assert view.model.equivalences[0].within_rounding and "SGD: ≈0" in view.equivalence_text()


def test_undefined_regions_and_surfaces_without_minima_never_put_nan_in_an_image(qtbot, view):
    surface = surface_from_formula("x - log(x) + y^2", start=(3.0, 1.0))
    with computed(qtbot, view):
        view.model.set_problem(surface, surface.start, [OptimizerSpec("sgd", lr=0.1)], 50)
    assert (view.model.result.diverged_at >= 0).any()
    image = view.image(0)
    assert image.dtype == np.uint8
    view.model.set_metric("distance")  # no known minimum: stays on the loss
    assert view.model.request.metric == "loss"
    saddle = get_surface("saddle")
    with computed(qtbot, view):
        view.model.set_problem(saddle, saddle.start, [OptimizerSpec("adam", lr=0.01)], 50)
    assert view.image(0).dtype == np.uint8 and not view.metric_box.model().item(1).isEnabled()


def test_result_for_answers_only_the_problem_as_last_set_and_an_unchanged_problem_is_not_recomputed(
        qtbot, view, monkeypatch):
    bowl = get_surface("bowl")
    sgd, adam = [OptimizerSpec("sgd", lr=0.01)], [OptimizerSpec("adam", lr=0.05)]
    with computed(qtbot, view):
        view.model.set_problem(bowl, bowl.start, sgd, 60)
    assert view.model.result_for(bowl, bowl.start, sgd, 60) is view.model.result
    assert view.model.result_for(bowl, bowl.start, adam, 60) is None  # another problem
    assert view.model.result_for(get_surface("bowl"), bowl.start, sgd, 60) is None  # a new surface object

    started = []
    view.model.computeStarted.connect(lambda: started.append(1))
    view.model.set_problem(bowl, bowl.start, sgd, 60)  # the same problem again (the tab shown once more)
    assert not view.model.is_computing()
    assert started == [] and view.model.result_for(bowl, bowl.start, sgd, 60) is not None

    view.model.set_problem(bowl, bowl.start, adam, 60)  # pending: the old map answers nothing
    assert view.model.result_for(bowl, bowl.start, sgd, 60) is None
    assert view.model.result_for(bowl, bowl.start, adam, 60) is None
    with computed(qtbot, view):
        pass
    assert view.model.result_for(bowl, bowl.start, adam, 60) is view.model.result

    def broken(*_args, **_kwargs):
        raise RuntimeError("engine broke")

    monkeypatch.setattr("app.models.scale_map.sweep_many", broken)
    view.model.set_problem(bowl, bowl.start, sgd, 60)
    qtbot.waitUntil(lambda: "failed" in view.progress_text(), timeout=10_000)
    assert view.model.result is not None
    assert view.model.result_for(bowl, bowl.start, sgd, 60) is None  # failed: no answer

    view.model.set_problem(bowl, bowl.start, [], 60)  # nothing to map: the last map answers nothing either
    assert view.model.result_for(bowl, bowl.start, [], 60) is None
