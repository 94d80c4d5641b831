"""The model's rules (lock, clamping, async big races, refused values) and the --screenshot command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.launch import parse_size
from app.model import INLINE_WORK, SceneModel
from app.views.surface_map import compute_map
from core.engine import run
from core.surfaces import get_surface

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def model(qtbot):
    m = SceneModel()
    m.start_engine_now()
    yield m
    m.shutdown()


def test_lock_clamps_at_the_range_end_and_keeps_the_product(model):
    model.set_lr_factor(100.0)
    model.set_lock_product(True)
    model.set_loss_scale(1e-3)  # lr would have to be 1e5 > 1e4: both stop where the product still holds
    s = model.scene
    assert s.lr_factor == pytest.approx(1e4) and s.loss_scale == pytest.approx(1e-2)
    assert s.lr_factor * s.loss_scale == pytest.approx(100.0)


def test_refused_values_keep_the_scene_and_say_why(model, qtbot):
    before = model.scene
    with qtbot.waitSignal(model.error) as blocker:
        assert not model.set_lr_factor(float("nan"))
    assert "positive" in blocker.args[0]
    with qtbot.waitSignal(model.formulaRejected) as blocker:
        assert not model.set_formula("x + import")
    assert blocker.args[1] >= 0
    assert not model.set_steps(0) and not model.update_optimizer(0, beta1=0.9)
    assert model.scene is before


def test_big_race_is_computed_off_the_ui_thread(model, qtbot):
    steps = INLINE_WORK // (2 * len(model.scene.optimizers)) + 1000
    with qtbot.waitSignal(model.trajectoriesChanged, timeout=10_000) as blocker:
        model.set_steps(steps)
        assert model.race.steps != steps  # not yet: it is on the worker
    race = blocker.args[0]
    assert race.steps == steps
    expected = run(model.surface, model.scene.effective_specs(), steps, model.scene.start).points
    np.testing.assert_array_equal(race.effective.points, expected)


def test_contour_segments_lie_on_their_levels():
    surface = get_surface("bowl")
    m = compute_map(surface, surface.window, resolution=200, n_levels=6)
    assert m.segments.shape[0] > 100 and m.segments.shape[0] % 2 == 0
    values = surface.value(m.segments[:, 0], m.segments[:, 1])
    nearest_level = np.abs(values[:, None] - m.levels[None, :]).min(axis=1)
    assert np.all(nearest_level < 0.02 * (m.levels.max() - m.levels.min()))


def test_a_saddle_cell_is_split_by_its_centre_value():
    from app.views.surface_map import contour_segments

    xs = ys = np.array([0.0, 1.0])
    # Corners a (0,0) and c (1,1) above 0.5, b and d below; the centre (0.5) is not above: a and c are
    # cut off, each by its own segment.
    segments = contour_segments(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.5]), xs, ys)
    assert segments.tolist() == [[0.5, 0.0], [0.0, 0.5], [1.0, 0.5], [0.5, 1.0]]
    # Centre above (corners 1, 0.2, 1, 0.2 → centre 0.6): b and d are cut off instead.
    segments = contour_segments(np.array([[1.0, 0.2], [0.2, 1.0]]), np.array([0.5]), xs, ys)
    pairs = {tuple(map(tuple, np.round(segments[k:k + 2], 6))) for k in (0, 2)}
    assert pairs == {((0.625, 0.0), (1.0, 0.375)), ((0.375, 1.0), (0.0, 0.625))}


def _crossing(level, p, q, z, xs, ys):
    """Where ``level`` crosses the grid edge from point p = (i, j) to q, in (x, y)."""
    (pi, pj), (qi, qj) = p, q
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.float64(level - z[p]) / np.float64(z[q] - z[p])
    t = float(np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0))
    return (xs[pj] + t * (xs[qj] - xs[pj]), ys[pi] + t * (ys[qi] - ys[pi]))


def _cell_by_cell(z, levels, xs, ys):
    """Marching squares written out one cell at a time: the segments as a sorted list of ((x, y), (x, y))."""
    found = []
    for level in levels:
        for i in range(z.shape[0] - 1):
            for j in range(z.shape[1] - 1):
                a, b, c, d = (i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j)
                edges = [(p, q) for p, q in ((a, b), (b, c), (d, c), (a, d)) if (z[p] > level) != (z[q] > level)]
                points = [_crossing(level, p, q, z, xs, ys) for p, q in edges]
                if len(points) == 2:
                    found.append(tuple(sorted(points)))
                elif len(points) == 4:
                    ab, bc, dc, ad = points
                    centre_above = (z[a] + z[b] + z[c] + z[d]) / 4 > level
                    joins = [(ab, bc), (dc, ad)] if centre_above == (z[a] > level) else [(ab, ad), (bc, dc)]
                    found.extend(tuple(sorted(pair)) for pair in joins)
    return sorted(found)


@pytest.mark.parametrize("seed", range(6))
def test_contour_segments_are_those_of_each_cell_and_level(seed):
    """Every level's segments, cell by cell, for grids with NaN corners, values exactly on a level, ties,
    and levels given unsorted and repeated (the levels are banded once for all cells)."""
    from app.views.surface_map import contour_segments

    rng = np.random.default_rng(seed)
    ny, nx = rng.integers(2, 14, 2)
    z = np.round(rng.normal(size=(ny, nx)), 1)  # rounded: corners tie and sit exactly on levels
    z[rng.random((ny, nx)) < 0.15] = np.nan
    levels = np.round(rng.normal(size=5), 1)
    levels = np.concatenate([levels, levels[:1]])  # one level twice
    xs, ys = np.sort(rng.normal(size=nx)), np.linspace(-1.0, 2.0, ny)
    segments = contour_segments(z, levels, xs, ys)
    got = sorted(tuple(sorted(map(tuple, segments[k:k + 2].tolist()))) for k in range(0, len(segments), 2))
    expected = _cell_by_cell(z, levels, xs, ys)
    assert got == expected and len(expected) > 0


def test_log_colour_map_for_rosenbrock_is_finite():
    surface = get_surface("rosenbrock")
    m = compute_map(surface, surface.window, resolution=100)
    assert m.log and np.isfinite(m.color).all()
    assert m.color_range[1] - m.color_range[0] > 5  # many decades


def test_parse_size_refuses_nonsense():
    assert parse_size("800x600") == (800, 600)
    for text in ("800", "0x0", "100000x5", "axb", "-5x10"):
        with pytest.raises(ValueError):
            parse_size(text)


def test_screenshot_command_writes_png(tmp_path):
    real = tmp_path / "real.png"
    real.write_bytes(b"an earlier picture")
    out = tmp_path / "shot.png"
    out.symlink_to(real)  # saved as every other save: through the link, which stays a link
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    scene = ROOT / "resources" / "presets" / "race_beale.json"
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "--screenshot", str(out), "--scene", str(scene),
                           "--step", "100", "--size", "900x600"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    assert out.is_symlink() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    bad = subprocess.run([sys.executable, "-m", "app.cli.main", "--screenshot", str(out), "--step", "-3"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "losslab: error: --step" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_engine_warms_on_a_background_thread_then_computes(qtbot):
    m = SceneModel()
    assert m.race is None and not m.ready
    with qtbot.waitSignal(m.trajectoriesChanged, timeout=60_000) as blocker:
        m.start_engine()
    assert m.ready and blocker.args[0].steps == m.scene.steps


def test_adding_a_17th_optimizer_is_refused_and_leaves_the_race(model, qtbot):
    errors = []
    model.error.connect(errors.append)
    while len(model.scene.optimizers) < 16:
        assert model.add_optimizer()
    before = model.scene
    assert not model.add_optimizer()
    assert model.scene is before and errors[-1] == "at most 16 optimizers"
