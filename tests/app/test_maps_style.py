"""Issue 15 items 6 and 7, issue 14's ghosts: colours keyed by optimizer kind, runs of one kind told
apart by shade and dash, labels that name what differs, ghosts that mean something."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.model import SceneModel
from app.themes import DARK, KIND_COLORS, SLIDE
from app.views.common import (
    GHOST_DEFINITION,
    distance_text,
    left_domain,
    optimizer_labels,
    pair_distance,
    path_pens,
    run_state,
    run_styles,
)
from app.views.landscape import LandscapeView
from core.engine import run
from core.optim.spec import KINDS, OptimizerSpec
from core.scene import load as load_scene
from core.surfaces import get_surface


def preset(name):
    return load_scene(f"resources/presets/{name}")


def kinds_by_row(scene):
    return [entry.spec.kind for entry in scene.optimizers]


def test_a_kind_has_the_same_colour_in_two_presets_at_different_rows():
    a, b = preset("race_himmelblau.json"), preset("lesson_adam_loss_scale.json")
    for theme in (DARK, SLIDE):
        colours = {}
        for scene in (a, b):
            specs = [e.spec for e in scene.optimizers]
            for spec, style in zip(specs, run_styles(theme, specs), strict=True):
                if style.variant == 0:
                    colours.setdefault(spec.kind, set()).add(style.color.lower())
        assert all(len(c) == 1 for c in colours.values()), colours
        rows = {kind: kinds_by_row(s).index(kind) for s in (a, b) for kind in kinds_by_row(s)}
        assert "adam" in rows


def test_the_seven_kinds_have_seven_hues():
    for theme in (DARK, SLIDE):
        colours = {theme.kind_color(k).lower() for k in KINDS}
        assert len(colours) == len(KINDS) == len(KIND_COLORS)
        assert theme.background.lower() not in colours


def test_two_runs_of_one_kind_differ_in_pen_and_coincide_visibly():
    specs = [OptimizerSpec("sgd", lr=0.02, loss_scale=10.0, clip=1.0), OptimizerSpec("sgd", lr=0.02, loss_scale=10.0),
             OptimizerSpec("adam", lr=0.05)]
    first, _ = path_pens(DARK, 0, specs)
    second, _ = path_pens(DARK, 1, specs)
    assert first.color().name() == DARK.kind_color("sgd").lower()
    assert first.color().name() != second.color().name()  # shade
    assert first.style() == Qt.PenStyle.SolidLine and second.style() == Qt.PenStyle.CustomDashLine  # dash
    assert run_styles(DARK, specs)[2].dash is None  # the first Adam is solid


def test_labels_name_every_setting_that_differs_within_a_kind():
    specs = [OptimizerSpec("sgd", lr=0.02, loss_scale=10.0, clip=1.0), OptimizerSpec("sgd", lr=0.02, loss_scale=10.0),
             OptimizerSpec("sgd", lr=0.005, noise=0.1, seed=1), OptimizerSpec("sgd", lr=0.005, noise=0.1, seed=2),
             OptimizerSpec("adam", lr=0.05, loss_scale=0.1, weight_decay=0.1),
             OptimizerSpec("adam", lr=0.05, loss_scale=0.1), OptimizerSpec("rmsprop"), OptimizerSpec("rmsprop")]
    labels = optimizer_labels(specs)
    assert len(set(labels)) == len(labels), labels
    assert "clip=1" in labels[0] and "clip=0" in labels[1]
    assert "seed=1" in labels[2] and "seed=2" in labels[3]
    assert "λ=0.1" in labels[4] and "λ=0" in labels[5]
    assert labels[6].endswith("(1)") and labels[7].endswith("(2)")  # identical settings: numbered


@pytest.mark.parametrize("name", ["lesson_sgd_loss_vs_lr.json", "lesson_adam_loss_scale.json",
                                  "lesson_clipping.json", "lesson_noise.json", "lesson_weight_decay.json"])
def test_preset_legends_have_no_two_equal_labels(name):
    scene = preset(name)
    labels = optimizer_labels(scene.effective_specs())
    assert len(set(labels)) == len(labels), labels


def test_ghosts_follow_the_setting_and_only_appear_when_they_differ(qtbot):
    scene = preset("lesson_sgd_loss_vs_lr.json")
    model = SceneModel(scene)
    view = LandscapeView(model, resolution=60)
    qtbot.addWidget(view)
    model.start_engine_now()
    qtbot.waitUntil(lambda: model.race is not None and model.race.scene == model.scene, timeout=60000)
    assert model.scene.lr_factor == 1.0 and model.scene.loss_scale == 1.0
    view._update_legend()
    names = [label.text for _sample, label in view.inner_legend.items]
    assert names == optimizer_labels(model.effective_specs())  # the one label function, distinct
    assert len(set(names)) == len(names)
    assert GHOST_DEFINITION not in names  # at 1× every ghost is its run: not drawn, not explained
    assert not any(g.isVisible() for g in view.ghosts)
    model.set_lr_factor(0.1)
    qtbot.waitUntil(lambda: model.race is not None and model.race.scene == model.scene, timeout=60000)
    view.show()
    qtbot.waitUntil(lambda: any(g.isVisible() for g in view.ghosts))
    view._update_legend()

    def shown_rows():  # in the map's corner, or beside the map when the rows do not fit it (a small view)
        return [label.text for _sample, label in view.legend.in_use(view.theme).items]

    assert GHOST_DEFINITION in shown_rows()
    view.set_ghosts_shown(False)
    assert not any(g.isVisible() for g in view.ghosts)
    assert GHOST_DEFINITION not in shown_rows()
    model.shutdown()


def test_distance_between_two_runs_that_coincide_reads_rounding_or_exact():
    surface = get_surface("bowl")
    specs = [OptimizerSpec("sgd", lr=0.001, loss_scale=0.1), OptimizerSpec("sgd", lr=0.0001),
             OptimizerSpec("sgd", lr=0.002)]
    t = run(surface, specs, 200, start=surface.start)
    same = pair_distance(t, 0, 1)
    expected = float(np.hypot(*(t.points[0] - t.points[1]).T).max())
    assert same.distance == expected and same.distance < 1e-12
    assert "rounding" in distance_text(t, 0, 1) or "exact" in distance_text(t, 0, 1)
    apart = pair_distance(t, 0, 2)
    assert apart.distance == float(np.hypot(*(t.points[0] - t.points[2]).T).max()) > 1e-3


@pytest.mark.parametrize("formula, start", [("log(x)+y^2", (1.0, 1.0)), ("sqrt(x*y)", (1.0, 2.0))])
def test_a_run_into_an_undefined_region_left_the_domain_and_did_not_diverge(formula, start):
    """Issue 15, trap 9: a NaN loss at a finite θ is 'left the domain at step k', not 'diverged'."""
    from core.surfaces import surface_from_formula
    surface = surface_from_formula(formula)
    t = run(surface, [OptimizerSpec("sgd", lr=0.3), OptimizerSpec("sgd", lr=0.001)], 50, start=start)
    d = int(t.diverged_at[0])
    assert d > 0 and t.diverged_at[1] < 0
    assert left_domain(t, 0) is True and left_domain(t, 1) is False
    assert run_state(t, 0, 50) == f"left the domain at step {d}" and run_state(t, 1, 50) == ""
    assert run_state(t, 0, d - 1) == ""  # not before the step is reached
    assert np.isfinite(t.points[0]).all() and np.isfinite(t.loss[0]).all()  # the path still holds its last point


def test_a_run_blowing_up_diverged_and_did_not_leave_the_domain():
    surface = get_surface("canyon")
    t = run(surface, [OptimizerSpec("sgd", lr=0.1)], 300, start=surface.start)
    d = int(t.diverged_at[0])
    assert d > 0 and left_domain(t, 0) is False
    assert run_state(t, 0, 300) == f"diverged at step {d}"


def test_a_race_built_by_hand_says_the_engine_did_not_tell():
    t = run(get_surface("canyon"), [OptimizerSpec("sgd", lr=0.1)], 300, start=get_surface("canyon").start)
    bare = type(t)(t.points, t.loss, t.final, t.final_loss, t.diverged_at)  # no left_domain flags
    assert left_domain(bare, 0) is None
    assert run_state(bare, 0, 300) == f"stopped at step {t.diverged_at[0]} (diverged or left the domain)"


def test_a_diverged_run_is_marked_where_it_left(qtbot):
    from core.scene import OptimizerEntry, default_scene
    canyon = get_surface("canyon")
    from core.scene import surface_source
    scene = default_scene().with_changes(
        surface=canyon, surface_source=surface_source(canyon), start=canyon.start, window=canyon.window,
        optimizers=(OptimizerEntry(OptimizerSpec("sgd", lr=0.1)), OptimizerEntry(OptimizerSpec("sgd", lr=0.001))),
        steps=300, step=300)
    model = SceneModel(scene)
    view = LandscapeView(model, resolution=40)
    qtbot.addWidget(view)
    model.start_engine_now()
    qtbot.waitUntil(lambda: model.race is not None and model.race.scene == model.scene, timeout=60_000)
    t = model.race.effective
    d = int(t.diverged_at[0])
    assert d > 0 and t.diverged_at[1] < 0
    model.set_step(300)
    exits = view.exit_points(300)
    assert [(i, x, y) for i, x, y in exits] == [(0, *map(float, t.points[0, d - 1]))]
    assert view.exits.data.size == 1
    model.set_step(d - 1)
    assert view.exit_points(d - 1) == [] and view.exits.data.size == 0
    model.shutdown()
