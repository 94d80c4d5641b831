"""The lesson presets: each loads, its runs stay finite, and it really shows what its title says."""

from pathlib import Path

import numpy as np
import pytest

from core.engine import run
from core.scene import load

PRESETS = Path(__file__).resolve().parents[2] / "resources" / "presets"
TITLES = {
    "Loss ÷10 vs lr ÷10 (SGD)", "Adam ignores loss scale", "When ε matters",
    "Weighting two losses (a·L1 + b·L2)", "Weight decay vs AdamW", "Gradient clipping breaks the equivalence",
    "Escaping a saddle", "Rosenbrock's valley", "Canyon: momentum vs SGD", "Noisy gradients",
}


def lesson(title):
    for path in sorted(PRESETS.glob("lesson_*.json")):
        scene = load(path)
        if scene.title == title:
            return scene
    raise AssertionError(f"no preset titled {title!r}")


def runs(scene):
    """Effective runs (what the race shows) then the ghosts (reference runs), one batch."""
    effective, reference = scene.effective_specs(), scene.reference_specs()
    result = run(scene.surface, effective + reference, scene.steps, start=scene.start)
    return result.points[:len(effective)], result.points[len(effective):], result


def apart(p, q):
    return float(np.hypot(*(p - q).T).max())


def test_every_lesson_title_has_exactly_one_preset_with_notes():
    scenes = [load(path) for path in sorted(PRESETS.glob("lesson_*.json"))]
    assert sorted(s.title for s in scenes) == sorted(TITLES)
    assert all(len(s.notes) > 200 for s in scenes)


@pytest.mark.parametrize("path", sorted(PRESETS.glob("lesson_*.json")), ids=lambda p: p.stem)
def test_preset_runs_do_not_diverge(path):
    scene = load(path)
    _, _, result = runs(scene)
    assert (result.diverged_at == -1).all()
    assert np.isfinite(result.points).all()


def test_sgd_loss_over_ten_and_lr_over_ten_coincide():
    paths, _, _ = runs(lesson("Loss ÷10 vs lr ÷10 (SGD)"))
    assert apart(paths[0], paths[1]) < 1e-12 and apart(paths[2], paths[3]) < 1e-12
    assert apart(paths[0], paths[0, :1]) > 1.0  # and they did go somewhere


def test_adam_sits_on_its_ghost_while_sgd_does_not():
    scene = lesson("Adam ignores loss scale")
    paths, ghosts, _ = runs(scene)
    by_kind = {s.kind: i for i, s in enumerate(scene.reference_specs())}
    assert scene.loss_scale != 1.0
    assert apart(paths[by_kind["adam"]], ghosts[by_kind["adam"]]) < 1e-5
    assert apart(paths[by_kind["sgd"]], ghosts[by_kind["sgd"]]) > 1.0


def test_epsilon_preset_breaks_adams_invariance_with_a_tiny_loss():
    paths, _, _ = runs(lesson("When ε matters"))
    assert apart(paths[0], paths[1]) > 0.5  # same ε, loss × 1e-9: √v̂ ≈ ε
    assert apart(paths[0], paths[2]) > 0.01


def test_weighted_preset_common_factor_leaves_adam_on_its_ghost():
    scene = lesson("Weighting two losses (a·L1 + b·L2)")
    paths, ghosts, _ = runs(scene)
    kinds = [s.kind for s in scene.reference_specs()]
    assert apart(paths[kinds.index("adam")], ghosts[kinds.index("adam")]) < 1e-6
    assert apart(paths[kinds.index("sgd")], ghosts[kinds.index("sgd")]) > 0.5


def test_weight_decay_preset_adamw_keeps_the_invariance_coupled_adam_loses_it():
    scene = lesson("Weight decay vs AdamW")
    paths, ghosts, _ = runs(scene)
    specs = scene.reference_specs()
    coupled = next(i for i, s in enumerate(specs) if s.kind == "adam" and s.weight_decay > 0)
    adamw = next(i for i, s in enumerate(specs) if s.kind == "adamw")
    assert apart(paths[coupled], ghosts[coupled]) > 0.05
    assert apart(paths[adamw], ghosts[adamw]) < 1e-6


def test_clipping_preset_clipped_pair_parts_unclipped_pair_coincides():
    paths, _, _ = runs(lesson("Gradient clipping breaks the equivalence"))
    assert apart(paths[0], paths[1]) > 0.5
    assert apart(paths[2], paths[3]) < 1e-12


def test_noise_preset_same_seed_pair_coincides_other_seed_does_not():
    paths, _, _ = runs(lesson("Noisy gradients"))
    assert apart(paths[0], paths[1]) < 1e-12
    assert apart(paths[1], paths[2]) > 0.05


def test_saddle_preset_adaptive_runs_leave_first():
    scene = lesson("Escaping a saddle")
    paths, _, _ = runs(scene)
    ymax = scene.window[3]

    def leaves(i):
        return int(np.argmax(np.abs(paths[i, :, 1]) > ymax))

    kinds = [s.kind for s in scene.reference_specs()]
    assert all(leaves(i) > 0 for i in range(len(kinds)))  # everyone escapes within the steps
    assert leaves(kinds.index("sgd")) > leaves(kinds.index("momentum"))
    assert leaves(kinds.index("sgd")) > leaves(kinds.index("rmsprop"))


def test_canyon_preset_momentum_beats_sgd():
    scene = lesson("Canyon: momentum vs SGD")
    _, _, result = runs(scene)
    kinds = [s.kind for s in scene.effective_specs()]
    reach = {k: int(np.argmax(result.loss[i] < 1e-4)) for i, k in enumerate(kinds)}
    assert 0 < reach["momentum"] < reach["sgd"] and 0 < reach["nesterov"] < reach["sgd"]
