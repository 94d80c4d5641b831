"""Every optimizer against torch.optim in float64: 250 steps, several surfaces and settings."""

import numpy as np
import pytest
from torch_oracle import _trajectories, torch_trajectories, torch_trajectory

from core.engine import run
from core.engine.run import noise_streams
from core.optim import optimizers
from core.optim import transforms as T
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces import get_surface, surface_from_formula

STEPS = 250
RTOL, ATOL = 1e-10, 1e-12

# Step sizes that keep each optimizer out of chaotic oscillation, so the comparison measures the update
# rule and not how chaos amplifies last-bit rounding (torch's CPU norm, say, uses a fused multiply-add
# that plain float64 arithmetic rounds differently in ~1 case in 10: with Adam at lr 2e-2 on Rosenbrock
# under clipping that 1e-16 grows to 1e-2 within 200 steps).
LR = {"sgd": 1e-3, "momentum": 5e-4, "nesterov": 5e-4, "rmsprop": 3e-3, "adam": 5e-3, "adamw": 5e-3,
      "adagrad": 5e-2}
SURFACES = {
    "rosenbrock": (get_surface("rosenbrock"), (-1.2, 1.0)),
    "himmelblau": (get_surface("himmelblau"), (-0.5, -0.5)),
    "canyon": (get_surface("canyon"), (-4.5, -0.5)),
    "custom": (surface_from_formula("sin(x)*cos(y) + 0.1*(x^2 + y^2) + abs(x - y)/4"), (1.3, -0.7)),
}
SETTINGS = {
    "defaults": {},
    "scaled+decay": {"loss_scale": 10.0, "weight_decay": 0.05},
    "clipped": {"loss_scale": 3.0, "clip": 0.5, "weight_decay": 0.01},
    "dampened": {"momentum": 0.8, "dampening": 0.3},
}


def make_spec(kind, setting):
    extra = dict(SETTINGS[setting])
    if setting == "dampened":
        if kind not in ("sgd", "momentum"):
            pytest.skip("dampening belongs to SGD with momentum")
    lr = LR[kind] / extra.get("loss_scale", 1.0) if kind in ("sgd", "momentum", "nesterov") else LR[kind]
    return OptimizerSpec(kind, lr=lr, **extra)


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("surface_name", list(SURFACES))
def test_engine_matches_torch(surface_name, setting):
    surface, start = SURFACES[surface_name]
    specs = []
    for kind in KINDS:
        try:
            specs.append(make_spec(kind, setting))
        except pytest.skip.Exception:
            continue
    expected = torch_trajectories(surface.formula, specs, start, STEPS)
    result = run(surface, specs, STEPS, start=start)
    assert (result.diverged_at == -1).all()
    for i, spec in enumerate(specs):
        np.testing.assert_allclose(result.points[i], expected[i], rtol=RTOL, atol=ATOL,
                                   err_msg=f"{spec.kind} on {surface_name} ({setting})")
        moved = np.abs(expected[i][-1] - expected[i][0]).max()
        assert moved > 1e-3, f"{spec.kind} barely moved: the comparison would prove nothing"


def test_the_oracles_runs_stepped_together_are_each_bit_for_bit_a_run_of_its_own():
    """torch_trajectories steps several runs with one autograd pass; each run's path must be the one it
    takes alone (its gradient from its own row only, the same arithmetic)."""
    surface, start = SURFACES["custom"]
    specs = [make_spec(kind, "clipped") for kind in ("sgd", "nesterov", "adam", "adagrad")]
    together = _trajectories(surface.formula, specs, start, 60, [None] * len(specs))
    for spec, path in zip(specs, together, strict=True):
        np.testing.assert_array_equal(path, _trajectories(surface.formula, [spec], start, 60, [None])[0])
    assert len({path[-1].tobytes() for path in together}) == len(specs)  # four different runs


@pytest.mark.parametrize("kind", KINDS)
def test_transforms_match_torch_with_per_trajectory_hyper_parameters(kind):
    """The optax-style numpy transforms: one vectorised call per step for three differently tuned
    trajectories at once, each matching its own torch run."""
    surface, start = SURFACES["rosenbrock"]
    base = make_spec(kind, "clipped")
    # Rows differ in lr, loss scale, clip and weight decay; the first and last are test_engine_matches_torch's
    # runs, so their torch paths come from the oracle's cache.
    specs = [base, base.replace(lr=base.lr * 0.5, loss_scale=1.0), make_spec(kind, "scaled+decay")]
    args = {k: np.array([s.transform_arguments()[k] for s in specs]) for k in base.transform_arguments()}
    opt = optimizers.BUILDERS[kind](**args)
    scales = np.array([s.loss_scale for s in specs])[:, None]
    theta = np.tile(np.array(start), (3, 1))
    state = opt.init(theta)
    path = [theta]
    for _ in range(STEPS):
        _, gx, gy = surface.value_and_gradient(theta[:, 0], theta[:, 1])
        updates, state = opt.update(scales * np.stack([gx, gy], axis=1), state, theta)
        theta = T.apply_updates(theta, updates)
        path.append(theta)
    path = np.stack(path, axis=1)
    for i, spec in enumerate(specs):
        np.testing.assert_allclose(path[i], torch_trajectory(surface.formula, spec, start, STEPS),
                                   rtol=RTOL, atol=ATOL, err_msg=f"{kind} row {i}")


@pytest.mark.parametrize("kind", ["sgd", "adam", "rmsprop"])
def test_seeded_noise_matches_torch_fed_the_same_draws(kind):
    surface, start = SURFACES["canyon"]
    spec = OptimizerSpec(kind, lr=LR[kind], noise=0.5, seed=7, loss_scale=2.0)
    streams, _ = noise_streams(np.array([7]), np.array([spec.row()]), STEPS)
    expected = torch_trajectory(surface.formula, spec, start, STEPS, noise=streams[0])
    result = run(surface, [spec], STEPS, start=start)
    np.testing.assert_allclose(result.points[0], expected, rtol=RTOL, atol=ATOL)
    quiet = run(surface, [spec.replace(noise=0.0)], STEPS, start=start)
    assert np.abs(quiet.points[0] - result.points[0]).max() > 1e-3  # the noise did something


def test_torch_defaults_are_ours():
    import inspect

    import torch

    for kind, cls in [("sgd", torch.optim.SGD), ("rmsprop", torch.optim.RMSprop), ("adam", torch.optim.Adam),
                      ("adamw", torch.optim.AdamW), ("adagrad", torch.optim.Adagrad)]:
        torch_defaults = {k: v.default for k, v in inspect.signature(cls).parameters.items()}
        spec = OptimizerSpec(kind)
        for name, value in spec.hyper_parameters().items():
            key = {"beta1": "betas", "beta2": "betas"}.get(name, name)
            expected = torch_defaults[key]
            if key == "betas":
                expected = expected[0] if name == "beta1" else expected[1]
            assert value == expected, (kind, name)


@pytest.mark.parametrize("surface_name", ["rosenbrock", "custom"])
def test_rmsprop_momentum_buffer_matches_torch(surface_name):
    """The equation shown for RMSProp with μ > 0 (b ← μb + g/(√v + ε); θ ← θ − γb) is torch's."""
    surface, start = SURFACES[surface_name]
    specs = [OptimizerSpec("rmsprop", lr=1e-3, momentum=mu, weight_decay=0.01) for mu in (0.5, 0.9)]
    result = run(surface, specs, STEPS, start=start)
    for i, spec in enumerate(specs):
        expected = torch_trajectory(surface.formula, spec, start, STEPS)
        np.testing.assert_allclose(result.points[i], expected, rtol=RTOL, atol=ATOL)
    assert np.abs(result.points[0, -1] - result.points[1, -1]).max() > 1e-3  # μ changed the path
