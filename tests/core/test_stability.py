"""core.optim.stability: λmax along a path and each optimizer's limit, checked against what the runs do."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.engine.run import run
from core.engine.state import record_state, stability
from core.optim.spec import OptimizerSpec
from core.optim.stability import eigenvalues, preconditioned_limit, preconditioned_sharpness, step_limit
from core.scene import load
from core.surfaces.surface import get_surface

PRESET = Path(__file__).resolve().parents[2] / "resources" / "presets" / "lesson_stability_limit.json"


def test_closed_form_eigenvalues_match_numpy():
    rng = np.random.default_rng(0)
    h = rng.normal(size=(200, 3)) * 10
    lo, hi = eigenvalues(h[:, 0], h[:, 1], h[:, 2])
    expected = np.linalg.eigvalsh(np.stack([np.stack([h[:, 0], h[:, 1]], -1), np.stack([h[:, 1], h[:, 2]], -1)], -2))
    np.testing.assert_allclose(lo, expected[:, 0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(hi, expected[:, 1], rtol=1e-12, atol=1e-12)
    p = rng.uniform(0.01, 5, size=(200, 2))
    ours = preconditioned_sharpness(p, h[:, 0], h[:, 1], h[:, 2])
    matrices = np.stack([np.stack([p[:, 0] * h[:, 0], p[:, 0] * h[:, 1]], -1),
                         np.stack([p[:, 1] * h[:, 1], p[:, 1] * h[:, 2]], -1)], -2)
    np.testing.assert_allclose(ours, np.linalg.eigvals(matrices).real.max(-1), rtol=1e-10, atol=1e-10)


def test_lambda_max_on_a_quadratic_is_its_condition_number():
    surface = get_surface("canyon", condition=37.0, angle=15.0)
    specs = [OptimizerSpec("sgd", lr=0.02), OptimizerSpec("adam", lr=0.1)]
    curves = stability(surface, specs, record_state(surface, specs, 50))
    for curve in curves:
        np.testing.assert_allclose(curve.lambda_max, 37.0, rtol=1e-12)
        np.testing.assert_allclose(curve.lambda_min, 1.0, rtol=1e-10)
    np.testing.assert_allclose(curves[0].values, 0.02 * 37.0, rtol=1e-12)
    np.testing.assert_allclose(curves[0].limit, 2.0)


def _top_component(surface, points):
    """The path's component along the Hessian's top eigenvector (the canyon's steep direction)."""
    c, s = surface.native_params[1], surface.native_params[2]
    return -s * points[..., 0] + c * points[..., 1]


def test_sgd_passes_its_limit_on_the_canyon_preset_where_the_path_oscillates_and_grows():
    scene = load(PRESET)
    surface, specs = scene.surface, scene.effective_specs()
    steps = 60
    state = record_state(surface, specs, steps)
    curves = stability(surface, specs, state)
    for run_index, inside in ((0, True), (1, False), (4, False)):
        ratio = curves[run_index].values
        assert (ratio < 2).all() if inside else (ratio > 2).all()
        # the steep component is multiplied by 1 − γ·s·λmax each step: a sign flip (oscillation), and
        # growth exactly where the ratio is past 2
        v = _top_component(surface, state.points[run_index, :steps + 1])
        factor = v[1:] / v[:-1]
        np.testing.assert_allclose(factor, 1 - ratio, rtol=1e-8)
        assert (factor < 0).all()
        assert (np.abs(factor) > 1).all() != inside
    engine = run(surface, specs, scene.steps)
    assert engine.diverged_at[1] > 0 and engine.diverged_at[0] < 0  # what the preset's claims say
    # heavy-ball momentum: limit 2(1 + μ) = 3.8; the preset's s = 2.1 is inside, s = 2.2 outside
    assert curves[2].limit[0] == pytest.approx(3.8) and curves[3].limit[0] == pytest.approx(3.8)
    assert curves[2].values.max() < 3.8 < curves[3].values.min()
    assert engine.diverged_at[2] < 0 < engine.diverged_at[3]


@pytest.mark.parametrize("spec", [OptimizerSpec("sgd", lr=1.0), OptimizerSpec("momentum", lr=1.0, momentum=0.9),
                                  OptimizerSpec("momentum", lr=1.0, momentum=0.5, dampening=0.5),
                                  OptimizerSpec("nesterov", lr=1.0, momentum=0.9),
                                  OptimizerSpec("nesterov", lr=1.0, momentum=0.3)],
                         ids=lambda s: f"{s.kind}-mu{s.momentum}-tau{s.dampening}")
def test_step_limits_separate_converging_from_growing_runs(spec):
    limit, _ = step_limit(spec)
    surface = get_surface("bowl", condition=1.0, angle=0.0)  # f = ½|θ|², curvature 1: γ·h = γ
    for factor, grows in ((0.97, False), (1.03, True)):
        trial = spec.replace(lr=limit * factor)
        path = run(surface, [trial], 3000).points[0]
        size = np.abs(path).max(axis=1)
        assert (size[-1] > size[0]) == grows, (factor, size[-1])


def test_adaptive_limits_follow_the_general_formula():
    assert preconditioned_limit(OptimizerSpec("adam", lr=0.1))[0] == pytest.approx(38.0)  # 38/γ at β₁ = 0.9
    assert preconditioned_limit(OptimizerSpec("adamw", lr=0.1, beta1=0.5))[0] == pytest.approx(3.0 / 0.5)
    assert preconditioned_limit(OptimizerSpec("rmsprop"))[0] == 2.0
    assert preconditioned_limit(OptimizerSpec("rmsprop", momentum=0.5))[0] == pytest.approx(3.0)
    surface = get_surface("rosenbrock")
    specs = [OptimizerSpec("adam", lr=0.01, loss_scale=3.0), OptimizerSpec("rmsprop", lr=1e-3),
             OptimizerSpec("adagrad", lr=0.05, lr_decay=0.1)]
    state = record_state(surface, specs, 40)
    adam, rms, ada = stability(surface, specs, state)
    np.testing.assert_allclose(adam.limit, 38.0 / 0.01)
    np.testing.assert_allclose(rms.limit, 2.0 / 1e-3)
    np.testing.assert_allclose(ada.limit, 2.0 / (0.05 / (1 + 0.1 * np.arange(40))))
    # λmax(diag(1/(√v̂ + ε))·s·H) from the recorded v̂ and numpy's eigenvalues
    from core.surfaces.hessian import hessian
    k = 7
    x, y = state.points[0, k]
    hxx, hxy, hyy = (float(h) for h in hessian(surface, x, y))
    p = 1.0 / (np.sqrt(state.v_hat[0, k]) + 1e-8)
    matrix = np.diag(p) @ (3.0 * np.array([[hxx, hxy], [hxy, hyy]]))
    assert adam.values[k] == pytest.approx(np.linalg.eigvals(matrix).real.max(), rel=1e-10)
