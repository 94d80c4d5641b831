"""The Training tab's landscape, sharpness, health flag, layout and export (issues 15 and 18)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage

from app.training import landscape_view
from app.training.panel import TrainingPanel
from core.training.config import RunConfig


@pytest.fixture(autouse=True, scope="module")
def one_thread(one_torch_thread):
    """The worker's setting (torch on one thread): reference runs here must compute the same way."""


@pytest.fixture
def panel(make_training_panel):
    return make_training_panel(1280, 660)


def reconfigure(qtbot, widget, **options):
    runs = {run: options.pop(run) for run in ("a", "b") if run in options}
    widget.set_options(**options)
    for run, settings in runs.items():
        widget.set_run(run, **settings)
    with qtbot.waitSignal(widget.configured, timeout=30_000):
        widget.reset()
    qtbot.waitUntil(lambda: widget.state == "paused" and widget.step_count == 0, timeout=10_000)


def run_to_end(qtbot, widget, timeout=120_000):
    widget.start()
    qtbot.waitUntil(lambda: widget.state == "finished", timeout=timeout)
    qtbot.waitUntil(lambda: widget.model.history.n == widget.config().steps, timeout=10_000)


def numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


def test_digits_task_trains_in_the_panel_with_train_and_test_curves(qtbot, panel):
    panel.setup.task.setCurrentText("digits")  # as a user picks it: all 1,797 images
    assert panel.config().task == "digits" and panel.setup.samples.value() == 1797
    reconfigure(qtbot, panel, steps=20, width=16, eval_every=5)
    assert panel.model.experiment.n_train + panel.model.experiment.n_test == 1797
    run_to_end(qtbot, panel)
    history = panel.history()
    assert np.isfinite(history["loss_a"]).all()
    assert len(history["test_score_a"]) >= 4 and np.isfinite(history["test_loss_a"]).all()
    qtbot.waitUntil(lambda: panel.plots.test_score_curves["a"].xData is not None
                    and len(panel.plots.test_score_curves["a"].xData) >= 4, timeout=10_000)


def small_landscape(qtbot, panel, monkeypatch, grid=21, coarse=9):
    monkeypatch.setattr(landscape_view, "GRID", grid)
    monkeypatch.setattr(landscape_view, "COARSE", coarse)
    reconfigure(qtbot, panel, task="blobs", n_samples=96, batch_size=0, steps=40, width=8, depth=1,
                a={"optimizer": "sgd", "lr": 0.5}, b={"optimizer": "adam", "lr": 0.05})
    run_to_end(qtbot, panel)
    view = panel.landscape
    view.auto.setChecked(False)
    panel.views.setCurrentWidget(view)
    return view


def test_landscape_slice_and_readouts_match_core(qtbot, panel, monkeypatch):
    from core.training.landscape import make_plane, path_readout

    view = small_landscape(qtbot, panel, monkeypatch)
    with qtbot.waitSignal(view.computed, timeout=60_000, check_params_cb=lambda level: level == "full"):
        view.compute_button.click()
    assert view.slice.loss.shape == (21, 21) and view.level == "full"
    snapshot = view.snapshot
    assert snapshot.step == 40 and snapshot.steps[0] == 0 and snapshot.steps[-1] == 40
    net = landscape_view.build_net_loss(snapshot)
    plane = make_plane("pca", net, [snapshot.paths.a, snapshot.paths.b], seed=snapshot.seed)
    for run in ("a", "b"):
        expected = path_readout(net, plane, snapshot.paths[run])
        shown = numbers(view.readout_labels[run].text().split(" at step ", 1)[1])
        # step, true loss, plane loss, off-plane %, whole-path %
        assert shown[0] == 40
        assert shown[1] == float(f"{expected.true_loss[-1]:.4g}")
        assert shown[2] == float(f"{expected.plane_loss[-1]:.4g}")
        assert shown[3] == round(100 * expected.off_plane[-1])
        assert shown[4] == round(100 * expected.off_plane_total)
        assert np.allclose(view.result.readouts[run].coords, expected.coords)
    # a grid value is the network's loss at θ₀ + αd₁ + βd₂
    sl = view.slice
    theta = plane.point(sl.alphas[3], sl.betas[5])
    assert sl.loss[5, 3] == pytest.approx(float(net.losses(theta[None, :])[0]), rel=1e-5)


def test_a_retrained_run_of_the_same_length_gets_its_landscape_again(qtbot, panel, monkeypatch):
    """'When training pauses' recomputes the landscape when it is out of date. Lesson 17's last step asks
    for cross-entropy and Start: the new run ends at step 800 as the old one did, and the chart kept the
    old run's λmax (its staleness was judged by the step number alone)."""
    monkeypatch.setattr(landscape_view, "GRID", 21)
    monkeypatch.setattr(landscape_view, "COARSE", 9)
    view = panel.landscape
    requests = []
    request = view.request
    monkeypatch.setattr(view, "request", lambda *a, **k: (requests.append(panel.step_count), request(*a, **k)))
    panel.views.setCurrentWidget(view)
    view.auto.setChecked(True)
    reconfigure(qtbot, panel, task="blobs", n_samples=96, batch_size=0, steps=40, width=8, depth=1)
    with qtbot.waitSignal(view.computed, timeout=60_000, check_params_cb=lambda level: level == "full"):
        run_to_end(qtbot, panel)
    assert requests == [40]
    reconfigure(qtbot, panel, a={"optimizer": "sgd", "lr": 0.3})
    with qtbot.waitSignal(view.computed, timeout=60_000, check_params_cb=lambda level: level == "full"):
        run_to_end(qtbot, panel)
    assert requests == [40, 40]  # the new run, at the same step, computed when it finished


def test_cancel_stops_the_refinement_and_keeps_the_coarse_picture(qtbot, panel, monkeypatch):
    import threading

    import core.training.landscape as core_landscape
    from core.engine.run import Cancelled

    real = core_landscape.compute_slice
    idle = threading.Event()

    def endless_refinement(net, plane, extent, grid=51, progress=None):
        if grid != landscape_view.GRID:
            return real(net, plane, extent, grid=grid, progress=progress)
        while progress(0.5) is not False:  # runs until the job is cancelled
            idle.wait(0.005)
        raise Cancelled("stopped by the progress callback")

    monkeypatch.setattr(core_landscape, "compute_slice", endless_refinement)
    view = small_landscape(qtbot, panel, monkeypatch)
    with qtbot.waitSignal(view.computed, timeout=60_000):
        view.compute_button.click()
    assert view.level == "coarse" and view.cancel_button.isEnabled()
    view.cancel_button.click()
    assert not view.runner.busy and not view.cancel_button.isEnabled()
    assert view.runner.wait(30.0)
    qtbot.wait(50)
    assert view.level == "coarse" and "cancelled" in view.status.text()


def test_sharpness_chart_estimates_lambda_max_and_names_the_bound(qtbot, panel, monkeypatch):
    from core.training.sharpness import sharpness_along

    view = small_landscape(qtbot, panel, monkeypatch)
    assert not view.sharpness_toggle.isChecked()  # off by default
    with qtbot.waitSignal(view.sharpnessComputed, timeout=60_000):
        view.sharpness_toggle.setChecked(True)
    steps, values = view.sharpness["a"]
    snapshot = view.snapshot
    net = landscape_view.build_net_loss(snapshot)
    rows = snapshot.paths.a[np.searchsorted(snapshot.steps, steps)]
    expected = sharpness_along(net, rows, max_iter=landscape_view.SHARPNESS_ITER, tol=1e-3, seed=snapshot.seed)
    assert np.allclose(values, expected, rtol=1e-6)
    legend = view.sharpness_legend.text()
    assert "gradient descent: 2 / (s·η) = 4" in legend  # A: sgd at lr 0.5, full batch
    assert "preconditioned" in legend  # B: adam


@pytest.mark.parametrize("size", [(1280, 720), (1400, 900)])
def test_start_is_visible_without_scrolling(qtbot, size):
    widget = TrainingPanel()
    qtbot.addWidget(widget)
    width, height = size
    widget.resize(width, height - 70)  # the window's menu bar, tab bar and status bar take ~70 px
    widget.show()
    qtbot.waitExposed(widget)
    for button in (widget.actions.start_button, widget.actions.pause_button, widget.actions.step_button):
        top_left = button.mapTo(widget, QPoint(0, 0))
        assert button.isVisible()
        assert widget.rect().contains(top_left) and widget.rect().contains(
            top_left + QPoint(button.width() - 1, button.height() - 1))
    widget.shutdown()


def test_dead_network_is_flagged_and_a_healthy_one_is_not(qtbot, panel):
    reconfigure(qtbot, panel, task="moons", steps=300, a={"optimizer": "sgd", "lr": 100.0},
                b={"optimizer": "adam", "lr": 0.01})
    run_to_end(qtbot, panel)
    qtbot.waitUntil(lambda: "stalled" in panel.health.text(), timeout=10_000)
    text = panel.health.text()
    assert text.startswith("A stalled: accuracy at chance (50 %") and "B stalled" not in text
    span = int(re.search(r"for the last (\d+) steps", text).group(1))
    history = panel.history()
    stalled = history["score_steps"] >= 300 - span
    assert np.all(np.abs(history["score_a"][stalled] - 0.5) <= 0.05)
    reconfigure(qtbot, panel, a=RunConfig("adam", lr=0.01).to_dict())
    run_to_end(qtbot, panel)
    qtbot.wait(100)
    assert panel.stall_text() == "" and panel.health.text() == ""


def test_export_writes_a_png_that_is_not_blank_and_a_failure_keeps_the_old_file(qtbot, panel, tmp_path, monkeypatch):
    reconfigure(qtbot, panel, task="blobs", steps=30)
    run_to_end(qtbot, panel)
    target = tmp_path / "training.png"
    panel.export_image(target, (960, 540), "slide")
    image = QImage(str(target))
    assert image.width() == 960 and image.height() == 540
    colours = {image.pixel(x, y) for x in range(0, 960, 7) for y in range(0, 540, 7)}
    assert len(colours) > 20
    svg = tmp_path / "training.svg"
    panel.export_image(svg)
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    before = target.read_bytes()
    monkeypatch.setattr(QImage, "save", lambda *args, **kw: False)
    with pytest.raises(ValueError, match="cannot export"):
        panel.export_image(target, (320, 200))
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["training.png", "training.svg"]
    with pytest.raises(ValueError, match="png or .svg"):
        panel.export_image(tmp_path / "x.gif")


def synthetic_progress(steps, loss_a, loss_b, diverged_a=None):
    from app.training.messages import Pair, Progress

    n = len(steps)
    steps = np.asarray(steps, dtype=np.int64)
    empty = np.zeros(0)
    return Progress(step=int(steps[-1]), total_steps=20_000, steps=steps,
                    loss=Pair(np.asarray(loss_a, float), np.asarray(loss_b, float)),
                    lr=Pair(np.full(n, 0.1), np.full(n, 0.1)), distance=np.ones(n),
                    grad=Pair(np.ones((n, 2)), np.ones((n, 2))), score_name="accuracy",
                    score_steps=np.zeros(0, np.int64), score=Pair(empty, empty), test_loss=Pair(empty, empty),
                    test_score=Pair(empty, empty), diverged=Pair(diverged_a, None), labels=Pair("A", "B"),
                    finished=False, elapsed=0.0, run_time=1.0, view=None)


def test_loss_plot_grows_with_the_steps_clamps_zero_and_marks_divergence(qtbot):
    from app.training.history import History
    from app.training.plots import LOSS_DECADES_UP, LOSS_FLOOR, TrainingPlots

    plots = TrainingPlots()
    qtbot.addWidget(plots)
    history = History(2)
    history.append(synthetic_progress(range(1, 31), np.linspace(2.0, 1.0, 30), np.linspace(2.0, 0.5, 30)))
    plots.draw(history, None)
    x_lo, x_hi = plots.loss_plot.viewRange()[0]
    assert x_hi < 60  # 30 of 20,000 steps: the axis spans ~50 steps, not the planned 20,000
    # A blows up to 1e30 then NaN at step 36; B reaches an exact 0
    loss_a = [1e3, 1e10, 1e20, 1e30, 1e30, np.nan]
    loss_b = [0.1, 0.01, 0.0, 0.0, 0.0, 0.0]
    history.append(synthetic_progress(range(31, 37), loss_a, loss_b, diverged_a=36))
    plots.draw(history, None)
    plots.show_divergence("a", 36)
    lo, hi = plots._ranges["loss"]
    assert hi <= math.ceil(math.log10(2.0)) + LOSS_DECADES_UP  # no rescale to 1e30
    assert lo >= math.log10(LOSS_FLOOR)  # zero is clamped, not log(0)
    ys = plots.loss_curves["b"].yData
    assert np.nanmin(ys) == math.log10(LOSS_FLOOR)
    marker = plots.diverged_markers["a"].data
    assert len(marker) == 1 and marker["x"][0] == 36
    assert plots.diverged_labels["a"].textItem.toPlainText() == "A diverged at step 36"
    ticks = plots.loss_plot.getAxis("left")._tickLevels[0]
    assert any(text.startswith("≤") for _, text in ticks)  # the floor is labelled as a floor


def test_smoothed_loss_is_the_ema_of_the_raw_loss(qtbot):
    from app.training.history import EMA_ALPHA, History
    from app.training.plots import TrainingPlots

    raw = np.abs(np.sin(np.arange(1, 41))) + 0.1
    history = History(2)
    history.append(synthetic_progress(range(1, 21), raw[:20], raw[:20]))
    history.append(synthetic_progress(range(21, 41), raw[20:], raw[20:]))
    expected, ema = [], raw[0]
    for value in raw:
        ema = ema + EMA_ALPHA * (value - ema) if expected else value
        expected.append(ema)
    assert np.allclose(history.ema_a[:40], expected)
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.set_smoothing(True)
    plots.draw(history, None)
    assert np.allclose(plots.loss_curves["a"].yData, np.log10(expected))
    assert np.allclose(plots.raw_curves["a"].yData, np.log10(raw))  # the raw curve stays, faint, behind


def test_the_no_boundary_note_of_a_digits_run_stays_inside_its_plot(qtbot, make_training_panel):
    """At 1280×720 beside the lesson panel the note ran past both edges of the small boundary plots."""
    panel = make_training_panel(960, 660)
    panel.setup.task.setCurrentText("digits")
    reconfigure(qtbot, panel, steps=2)
    for run in ("a", "b"):
        note, plot = panel.plots.no_view[run], panel.plots.view_plots[run]
        qtbot.waitUntil(lambda note=note: note.toPlainText().startswith("64-D inputs"))
        box = plot.getViewBox()

        def within(note=note, box=box) -> bool:
            shown, inside = note.mapRectToScene(note.boundingRect()), box.mapRectToScene(box.boundingRect())
            return inside.left() <= shown.left() and shown.right() <= inside.right()

        qtbot.waitUntil(within, timeout=5_000)  # once the layout has settled
