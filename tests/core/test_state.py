"""core.engine.state: the recorded optimizer state reproduces the engine's paths bit for bit and equals
torch.optim's own state (exp_avg, exp_avg_sq, momentum_buffer, square_avg, sum) in float64."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from core.engine.run import run
from core.engine.state import (
    head_vectors,
    panel_series,
    record_state,
    spans_decades,
    stability,
    state_table,
    warm_up,
)
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces.surface import get_surface, surface_from_formula
from tests.torch_oracle import torch_function, torch_optimizer

ENGINE_SPECS = (
    *(OptimizerSpec(kind, lr=0.01) for kind in KINDS),
    OptimizerSpec("sgd", lr=0.002, loss_scale=8.0),
    OptimizerSpec("momentum", lr=0.003, weight_decay=0.05, dampening=0.3),
    OptimizerSpec("nesterov", lr=0.003, momentum=0.7, weight_decay=0.01),
    OptimizerSpec("rmsprop", lr=0.01, momentum=0.5, weight_decay=0.02, alpha=0.9),
    OptimizerSpec("adam", lr=0.05, clip=0.5, loss_scale=1000.0),
    OptimizerSpec("adamw", lr=0.02, weight_decay=0.1, noise=0.5, seed=7),
    OptimizerSpec("adagrad", lr=0.3, lr_decay=0.01, eps=1e-6, noise=0.2, seed=3),
    OptimizerSpec("adam", lr=0.01, beta1=0.3, beta2=0.95, noise=0.2, seed=7),
    OptimizerSpec("sgd", lr=0.01, loss_scale=1e-3, grad_dtype="float16"),
    OptimizerSpec("adam", lr=0.01, loss_scale=1e4, grad_dtype="bfloat16"),
    OptimizerSpec("momentum", lr=0.4, loss_scale=100.0),  # diverges
)


@pytest.mark.parametrize("surface", [get_surface("rosenbrock"), get_surface("beale"), get_surface("canyon"),
                                     surface_from_formula("sin(x)*y^2 + 0.1*x^4")],
                         ids=lambda s: s.name)
def test_the_replay_reproduces_the_engine_bit_for_bit(surface):
    steps = 400
    engine = run(surface, ENGINE_SPECS, steps)
    state = record_state(surface, ENGINE_SPECS, steps)
    assert np.array_equal(state.points, engine.points)
    expected_valid = np.where(engine.diverged_at < 0, steps, np.maximum(engine.diverged_at - 1, 0))
    assert np.array_equal(state.valid, expected_valid)
    again = state.trajectories()  # the recording is a drop-in for the engine's run
    for name in ("points", "loss", "final", "final_loss", "diverged_at"):
        assert np.array_equal(getattr(again, name), getattr(engine, name)), name
    assert np.isfinite(state.g).all() and np.isfinite(state.m).all() and np.isfinite(state.v).all()


def test_a_diverging_run_is_recorded_up_to_its_last_finite_step():
    surface = get_surface("rosenbrock")
    engine = run(surface, [ENGINE_SPECS[-1]], 100)
    state = record_state(surface, [ENGINE_SPECS[-1]], 100)
    d = int(engine.diverged_at[0])
    assert d > 0 and state.valid[0] == d - 1
    assert (state.step[0, d - 1:] == 0).all() and (state.g[0, d - 1:] == 0).all()
    assert (state.b[0, d:] == state.b[0, d - 1]).all()


# Every optimizer with loss scale, weight decay and clipping (and the kinds' own options).
TORCH_SPECS = (
    OptimizerSpec("sgd", lr=0.004, loss_scale=2.0, weight_decay=0.05, clip=5.0),
    OptimizerSpec("momentum", lr=0.002, loss_scale=1.5, weight_decay=0.05, dampening=0.2, clip=8.0),
    OptimizerSpec("nesterov", lr=0.002, loss_scale=0.7, weight_decay=0.1, clip=5.0),
    OptimizerSpec("rmsprop", lr=0.01, loss_scale=100.0, weight_decay=0.03, clip=50.0),
    OptimizerSpec("rmsprop", lr=0.005, loss_scale=3.0, weight_decay=0.01, momentum=0.6, alpha=0.9, clip=20.0),
    OptimizerSpec("adam", lr=0.05, loss_scale=1000.0, weight_decay=0.02, clip=500.0),
    OptimizerSpec("adamw", lr=0.03, loss_scale=10.0, weight_decay=0.1, beta1=0.8, clip=30.0),
    OptimizerSpec("adagrad", lr=0.3, loss_scale=4.0, weight_decay=0.02, lr_decay=0.01, clip=40.0),
)
TORCH_NAMES = {"m": "exp_avg", "v": {"adam": "exp_avg_sq", "adamw": "exp_avg_sq", "rmsprop": "square_avg",
                                     "adagrad": "sum"}, "b": "momentum_buffer"}


def _close(ours, theirs, rtol=1e-10):
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    scale = np.abs(theirs).max() or 1.0
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol * scale)


@pytest.mark.parametrize("spec", TORCH_SPECS, ids=lambda s: f"{s.kind}-mu{s.momentum}")
def test_state_matches_torch_optim_state_for_200_steps(spec):
    surface = get_surface("himmelblau")
    steps = 200
    state = record_state(surface, [spec], steps)
    assert state.valid[0] == steps
    f = torch_function(surface.formula)
    theta = torch.tensor(surface.start, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(spec, [theta])
    clipped_once = False
    ours = {"g": state.g[0], "step": state.step[0], "points": state.points[0, 1:], "m": state.m[0, 1:],
            "v": state.v[0, 1:], "b": state.b[0, 1:]}
    theirs = {name: [] for name in ours}
    for _ in range(steps):
        opt.zero_grad()
        (f(theta) * spec.loss_scale).backward()
        clipped_once |= float(torch.linalg.vector_norm(theta.grad)) > spec.clip
        torch.nn.utils.clip_grad_norm_([theta], spec.clip)
        before = theta.detach().numpy().copy()
        g = theta.grad.detach().numpy().copy()
        if spec.kind != "adamw":
            g = g + spec.weight_decay * before  # torch's grad.add(param, alpha=weight_decay) inside step()
        opt.step()
        after = theta.detach().numpy().copy()
        torch_state = opt.state[theta]
        theirs["g"].append(g)
        theirs["step"].append(after - before)
        theirs["points"].append(after)
        for name, key in (("m", "exp_avg"), ("v", TORCH_NAMES["v"].get(spec.kind)), ("b", "momentum_buffer")):
            value = torch_state.get(key)
            theirs[name].append(np.zeros(2) if value is None else value.numpy().copy())
    for name, series in theirs.items():
        # relative to the series' size (a component that crosses zero has no relative error of its own)
        _close(ours[name], np.array(series))
    if spec.kind != "sgd":  # plain SGD has no state; every other kind's was compared, and is not all 0
        assert np.abs(theirs["v" if spec.kind in TORCH_NAMES["v"] else "b"]).max() > 0
    assert clipped_once  # the clip threshold acted on some steps


def test_adaptive_quantities_are_consistent_with_the_update():
    surface = get_surface("beale")
    specs = [OptimizerSpec("adam", lr=0.01), OptimizerSpec("rmsprop", lr=0.003),
             OptimizerSpec("adagrad", lr=0.1, lr_decay=0.01), OptimizerSpec("nesterov", lr=1e-3)]
    state = record_state(surface, specs, 200)
    t = np.arange(1, 201)
    np.testing.assert_allclose(state.bias1[0], 1 - 0.9**t, rtol=1e-14)
    np.testing.assert_allclose(state.bias2[0], 1 - 0.999**t, rtol=1e-12)  # numba's β**t, not libm pow
    v_hat = state.v[0, 1:] / (1 - 0.999**t)[:, None]
    np.testing.assert_allclose(state.v_hat[0], v_hat, rtol=1e-12)
    np.testing.assert_allclose(state.lr_eff[0], 0.01 / (np.sqrt(v_hat) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(state.step[0], -state.lr_eff[0] * state.m_hat[0], rtol=1e-9, atol=1e-18)
    np.testing.assert_allclose(state.lr_eff[1], 0.003 / (np.sqrt(state.v[1, 1:]) + 1e-8), rtol=1e-14)
    rate = 0.1 / (1 + (t - 1) * 0.01)
    np.testing.assert_allclose(state.lr_eff[2], rate[:, None] / (np.sqrt(state.v[2, 1:]) + 1e-10), rtol=1e-14)
    np.testing.assert_allclose(state.v[2, 1:], np.cumsum(state.g[2] ** 2, axis=0), rtol=1e-12)
    assert (state.lr_eff[3] == 1e-3).all()
    np.testing.assert_allclose(state.scaled_descent[3], -state.grad[3])
    assert state.uses(0) == ("m", "v") and state.uses(2) == ("v",) and state.uses(3) == ("b",)


def test_the_state_table_is_json_with_torch_names_and_lambda_max():
    surface = get_surface("canyon")
    specs = [OptimizerSpec("adam", lr=0.05), OptimizerSpec("momentum", lr=0.01), OptimizerSpec("adagrad")]
    table = json.loads(json.dumps(state_table(surface, specs, 20)))
    adam, mom, ada = table["runs"]
    state = record_state(surface, specs, 20)
    assert adam["exp_avg"] == state.m[0, 1:].tolist() and adam["exp_avg_sq"] == state.v[0, 1:].tolist()
    assert mom["momentum_buffer"] == state.b[1, 1:].tolist() and ada["sum"] == state.v[2, 1:].tolist()
    assert "exp_avg" not in mom and len(adam["step"]) == 20
    np.testing.assert_allclose(mom["lambda_max"], 50.0, rtol=1e-12)  # the canyon's κ
    assert mom["stability"]["limit"][0] == pytest.approx(2 * 1.9)
    curves = stability(surface, specs, state)
    assert adam["stability"]["values"] == curves[0].values.tolist()


def test_a_start_where_the_surface_is_undefined_is_reported_like_the_engine():
    surface = surface_from_formula("log(x) + y^2")
    specs = [OptimizerSpec("adam", lr=0.1), OptimizerSpec("sgd", lr=0.1)]
    engine = run(surface, specs, 10, start=(-1.0, 1.0))
    state = record_state(surface, specs, 10, start=(-1.0, 1.0))
    assert engine.diverged_at.tolist() == state.diverged_at.tolist() == [0, 0]
    assert (state.valid == 0).all() and np.array_equal(state.trajectories().points, engine.points)


def test_the_state_table_writes_null_where_the_curvature_is_unbounded():
    surface = surface_from_formula("x^2*abs(y)^1.5 + (x - 1)^2")
    table = state_table(surface, [OptimizerSpec("sgd", lr=0.1)], 5, start=(0.5, 0.0))
    text = json.dumps(table, allow_nan=False)  # strict JSON
    run0 = json.loads(text)["runs"][0]
    assert run0["lambda_max"][0] is None and run0["steps"] == 5


def test_head_vectors_and_panel_series_are_the_state_arrays():
    surface = get_surface("beale")
    specs = [OptimizerSpec("adam", lr=0.01, loss_scale=4.0), OptimizerSpec("momentum", lr=1e-3),
             OptimizerSpec("sgd", lr=1e-3), OptimizerSpec("adagrad", lr=0.1)]
    state = record_state(surface, specs, 100)
    vectors = head_vectors(state, 10)
    np.testing.assert_array_equal(vectors["head"], state.points[:, 10])
    np.testing.assert_array_equal(vectors["descent"][0], -4.0 * state.grad[0, 10])
    np.testing.assert_array_equal(vectors["buffer"][0], state.m[0, 11])
    np.testing.assert_array_equal(vectors["buffer"][1], state.b[1, 11])
    assert (vectors["buffer"][2:] == 0).all()
    np.testing.assert_allclose(vectors["head"] + vectors["step"], state.points[:, 11], rtol=1e-15)
    assert (head_vectors(state, 100)["step"] == 0).all()
    with pytest.raises(ValueError, match="outside"):
        head_vectors(state, 101)
    assert set(panel_series(state, 0)) == {"g", "m", "v", "v_hat", "bias1", "bias2", "lr_eff", "step"}
    assert set(panel_series(state, 1)) == {"g", "b", "lr_eff", "step"}
    assert set(panel_series(state, 3)) == {"g", "v", "lr_eff", "step"}
    assert spans_decades(panel_series(state, 0)["bias2"], decades=1.0)  # 1 − β₂ᵗ: 1e-3 to ~0.1 in 100 steps
    assert not spans_decades([1.0, 2.0, 50.0]) and spans_decades([1e-3, 0.5])


def test_warm_up_compiles_the_recording_kernel():
    warm_up()  # a tiny run: the kernel is compiled or loaded, and the call returns without error
    assert record_state(get_surface("bowl"), [OptimizerSpec("adam")], 2).valid.tolist() == [2]


def test_a_recording_too_large_is_refused_in_one_line():
    from core.engine.state import MAX_RECORDED, state_bytes

    specs = [OptimizerSpec("adam")] * 7
    steps = MAX_RECORDED // 7 + 1
    with pytest.raises(ValueError, match="too large") as info:
        record_state(get_surface("bowl"), specs, steps)
    assert "\n" not in str(info.value)
    assert state_bytes(7, 1000) == 8 * 21 * 7 * 1001
