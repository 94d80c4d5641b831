"""The landscape's sharpness chart (issue 18): λmax(H) for SGD against 2/(s·η), Adam's preconditioned
sharpness λmax(P·H) against (2 + 2β₁)/((1 − β₁)η), computed from a snapshot of a real twin run and
checked against Adam's own second moment."""

from __future__ import annotations

import numpy as np
import pytest

from app.training.landscape_jobs import SHARPNESS_ITER, build_net_loss, finite_path
from app.training.messages import Pair, PathSnapshot
from app.training.sharpness_chart import SharpnessChart

STEPS = 12


@pytest.fixture(scope="module")
def twin_run(one_torch_thread):
    """SGD (A) and Adam (B) on the blobs, full batch, float64, every step recorded; Adam's own
    p = 1/(√v̂ + ε) after each step."""
    from core.training.config import TrainingConfig
    from core.training.sharpness import adam_preconditioner
    from core.training.twin import TwinTrainer

    config = TrainingConfig.from_dict({"task": "blobs", "n_samples": 96, "batch_size": 0, "steps": STEPS,
                                       "dtype": "float64", "model": {"depth": 1, "width": 8},
                                       "a": {"optimizer": "sgd", "lr": 0.5}, "b": {"optimizer": "adam", "lr": 0.05}})
    trainer = TwinTrainer(config)
    assert trainer.record_paths(max_points=100)
    own = [np.full(sum(p.numel() for p in trainer.parameters("b")), np.nan)]
    for _ in range(STEPS):
        trainer.step()
        own.append(adam_preconditioner(trainer.runs["b"].optimizer).numpy())
    steps, paths = trainer.paths()
    data = trainer.dataset
    snapshot = PathSnapshot(trainer.step_count, steps, Pair(paths["a"], paths["b"]), Pair(None, None),
                            trainer.model_spec.to_dict(), np.array(data.x[trainer.train_idx]),
                            np.array(data.y[trainer.train_idx]), "cross_entropy", "float64", Pair("A", "B"),
                            Pair(trainer.spec("a").to_dict(), trainer.spec("b").to_dict()), Pair(0.5, 0.05),
                            config.seed)
    return snapshot, np.array(own)


def test_adam_runs_are_drawn_preconditioned_and_sgd_runs_plain(qtbot, twin_run):
    from core.training.sharpness import preconditioned_sharpness_along, sharpness_along

    snapshot, own = twin_run
    chart = SharpnessChart()
    qtbot.addWidget(chart)
    with qtbot.waitSignal(chart.computed, timeout=60_000):
        chart.compute(snapshot)
    net = build_net_loss(snapshot)
    steps_a, values_a = chart.series["a"]
    rows_a = finite_path(snapshot, "a")[1][np.searchsorted(snapshot.steps, steps_a)]
    expected_a = sharpness_along(net, rows_a, max_iter=SHARPNESS_ITER, tol=1e-3, seed=snapshot.seed,
                                 dtype=net.dtype)
    np.testing.assert_allclose(values_a, expected_a, rtol=1e-9)
    # B: the preconditioner rebuilt from every step's full-batch gradient is Adam's own, so the chart's
    # values are λmax(P·H) with Adam's own P
    steps_b, values_b = chart.series["b"]
    pick = np.searchsorted(snapshot.steps, steps_b)
    expected_b = preconditioned_sharpness_along(net, snapshot.paths.b[pick], own[pick], max_iter=SHARPNESS_ITER,
                                                tol=1e-3, seed=snapshot.seed, dtype=net.dtype)
    assert steps_b[0] == 0 and np.isnan(values_b[0])  # no second moment before the first step
    np.testing.assert_allclose(values_b[1:], expected_b[1:], rtol=1e-6)
    assert np.all(values_b[1:] > 10 * values_a[1:])  # P·H, not H: a different scale, on its own bound
    # the bounds drawn: 2/η for A, 38/η for Adam's β₁ = 0.9
    assert chart.bound_lines["a"].value() == pytest.approx(np.log10(2 / 0.5))
    assert chart.bound_lines["b"].value() == pytest.approx(np.log10(38 / 0.05))
    legend = chart.legend.text()
    assert "gradient descent: 2 / (s·η) = 4" in legend
    assert f"λmax(P·H) {values_b[-1]:.3g} at step {STEPS}" in legend and "= 760 bounds the preconditioned" in legend
    assert chart.curves["b"].opts["symbol"] == "t" and chart.curves["a"].opts["symbol"] == "o"


def test_a_mini_batch_run_is_told_its_bound_is_full_batch_gds(qtbot, twin_run):
    snapshot, _ = twin_run
    chart = SharpnessChart()
    qtbot.addWidget(chart)
    chart.full_batch = False
    chart.snapshot = snapshot
    chart.draw({"a": (np.array([0, 5]), np.array([1.0, 2.0])), "b": (np.array([0, 5]), np.array([np.nan, 300.0]))})
    assert chart.legend.text().count("this run uses mini-batches") == 2
    xs, ys = chart.curves["b"].getData()
    assert list(xs) == [5.0] and ys == pytest.approx([np.log10(300.0)])  # log axis; the NaN at step 0 not drawn


def test_lesson_17s_chart_starts_where_its_claims_do(one_torch_thread):
    """The chart's data for lesson 17's training config (square loss, centred inputs) is the λmax its text
    quotes, measured by core.training.sharpness.edge_of_stability: same network, data and loss. With the
    Training tab's default cross-entropy the chart would start several times lower (the reviewer's 0.48)."""
    from dataclasses import replace
    from pathlib import Path

    from app.training.landscape_jobs import estimate_sharpness
    from app.training.payloads import path_snapshot
    from core.lessons.format import load
    from core.training.sharpness import edge_of_stability
    from core.training.twin import TwinTrainer

    lesson = load(Path(__file__).resolve().parents[2] / "resources" / "lessons" / "17_edge_of_stability.json")
    config = lesson.steps[0].scene.training
    assert config.sharpness_chart  # the step opens the chart

    def chart_start(config):
        trainer = TwinTrainer(replace(config, steps=1))
        trainer.record_paths(10)
        trainer.step()
        return float(estimate_sharpness(path_snapshot(trainer, None))["a"][1][0])

    claimed = float(edge_of_stability(lr=config.a.lr, steps=1, every=1).sharpness[0])
    assert chart_start(config) == pytest.approx(claimed, rel=0.02)
    assert chart_start(replace(config, loss="cross_entropy", center_inputs=False)) < 0.5 * claimed


def test_a_config_that_asks_for_the_chart_opens_it(qtbot, make_training_panel):
    from dataclasses import replace

    panel = make_training_panel(900, 600)
    assert not panel.landscape.sharpness_toggle.isChecked()
    panel.set_config(replace(panel.config(), sharpness_chart=True))
    assert panel.landscape.sharpness_toggle.isChecked()


def test_the_chart_fits_under_the_map_in_a_narrow_column(qtbot, make_landscape_with_chart):
    """At 1280×720 the landscape column is ~430 px wide: the chart goes under the map, both full width
    (side by side, the chart ran past the window's right edge)."""
    from PySide6.QtCore import QPoint

    view = make_landscape_with_chart(430, 560)
    qtbot.waitUntil(lambda: view.chart.height() > 100)
    for part in (view.map, view.chart):
        assert part.mapTo(view, QPoint(0, 0)).x() + part.width() <= view.width()
        assert part.width() >= 0.9 * view.width()


def test_log_ticks_within_two_decades_never_overlap(qtbot):
    """λmax from 0.47 to 8.5 on a 150 px axis: a few labelled ticks at least a line apart ("10 9 8 7…" and
    "0.9 0.8 0.7…" overlapped)."""
    import math

    from PySide6.QtGui import QFontMetrics

    chart = SharpnessChart()
    qtbot.addWidget(chart)
    axis = chart.plot.getAxis("left")
    low, high, size = math.log10(0.47), math.log10(8.5), 150
    ticks = [v for _, values in axis.logTickValues(low, high, size, None) for v in values]
    pixels = sorted((v - low) / (high - low) * size for v in ticks)
    assert 2 <= len(pixels) <= 8
    line = QFontMetrics(axis.style.get("tickFont") or chart.font()).height()
    assert min(b - a for a, b in zip(pixels, pixels[1:], strict=False)) >= line


def test_the_step_axis_runs_from_0_to_the_last_step_even_for_a_lone_first_point(qtbot, twin_run):
    """λmax at step 0 alone (a run paused at once) had an axis of negative, fractional steps."""
    snapshot, _ = twin_run
    chart = SharpnessChart()
    qtbot.addWidget(chart)
    chart.resize(400, 300)
    chart.snapshot = snapshot
    chart.draw({"a": (np.array([0]), np.array([2.75])), "b": (np.array([0]), np.array([np.nan]))})
    low, high = chart.plot.getViewBox().viewRange()[0]
    assert -0.5 < low <= 0 and 10 <= high <= 10.5
    axis = chart.plot.getAxis("bottom")
    major = axis.tickValues(low, high, 400)[0][1]  # the labelled ticks
    assert list(major) == [0, 2, 4, 6, 8, 10]
    chart.draw({"a": (np.array([0, 400, 800]), np.array([2.0, 3.0, 6.0])), "b": (np.array([0]), np.array([np.nan]))})
    assert chart.plot.getViewBox().viewRange()[0][1] == pytest.approx(800 * 1.02, rel=0.01)  # ends with the path
