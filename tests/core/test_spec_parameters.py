"""The one hyper-parameter table (core.optim.spec.PARAMETERS) drives validation, defaults, the training
spec and the reference transforms; the reference transforms step exactly as the kernel the app runs."""

import glob
import inspect
import json
import math
from pathlib import Path

import numpy as np
import pytest

from core.engine import run
from core.optim import optimizers
from core.optim import transforms as T
from core.optim.spec import (
    GRADIENT_OPTIONS,
    KINDS,
    PARAMETERS,
    SIGNATURES,
    OptimizerSpec,
    bounds,
    defaults_for,
    help,
    parameter,
)
from core.surfaces import get_surface, surface_from_formula
from core.training.optim_spec import OptimSpec, describe_keys


def _just_outside(p):
    """Values on the wrong side of each end of the range (or on an open end)."""
    low = p.low if p.low_open else (p.low - 1 if p.integer else p.low - max(abs(p.low), 1e-300) * 1e-9 - 1e-300)
    high = p.high if p.high_open else (p.high + 1 if p.integer else p.high * (1 + 1e-9))
    return low, high


def _just_inside(p):
    low = p.low if not p.low_open else (p.low + 1 if p.integer else np.nextafter(p.low, p.high))
    high = p.high if not p.high_open else (p.high - 1 if p.integer else np.nextafter(p.high, p.low))
    return (int(low), int(high)) if p.integer else (float(low), float(high))


def _kind_having(name):
    return next(kind for kind in KINDS if name in SIGNATURES[kind] or name in GRADIENT_OPTIONS)


@pytest.mark.parametrize("name", list(PARAMETERS))
def test_spec_validation_is_the_tables_range(name):
    p = parameter(name)
    kind = "momentum" if name == "dampening" else _kind_having(name)
    for value in _just_inside(p):
        assert getattr(OptimizerSpec(kind, **{name: value}), name) == value
    for value in (*_just_outside(p), math.nan, math.inf, "1", True):
        if p.integer and isinstance(value, float) and math.isfinite(value):
            value = int(value)
        with pytest.raises(ValueError) as caught:
            OptimizerSpec(kind, **{name: value})
        message = str(caught.value)
        assert message.startswith(f"{name} must be {p.rule}") and "\n" not in message
    assert bounds(name) == (p.low, p.high)
    assert p.symbol in help(name) and p.rule in help(name)


def test_the_seed_is_refused_beyond_int64_at_validation():
    with pytest.raises(ValueError) as caught:
        OptimizerSpec("sgd", noise=1.0, seed=18446744073709551616)
    assert str(caught.value) == "seed must be a whole number from 0 to 2**63 − 1, not 18446744073709551616"
    big = OptimizerSpec("sgd", lr=0.01, noise=1.0, seed=2**63 - 1)
    out = run(get_surface("bowl"), [big], 5)  # the largest valid seed runs
    assert (out.diverged_at == -1).all()


def test_defaults_come_from_the_table_for_every_kind():
    for kind in KINDS:
        spec = OptimizerSpec(kind)
        expected = {name: PARAMETERS[name].defaults[kind] for name in SIGNATURES[kind]}
        assert spec.hyper_parameters() == expected == defaults_for(kind)
        assert list(spec.hyper_parameters()) == list(SIGNATURES[kind])
        for name in GRADIENT_OPTIONS:
            assert getattr(spec, name) == PARAMETERS[name].defaults[kind]
        reference = inspect.signature(optimizers.BUILDERS[kind]).parameters
        assert all(reference[name].default is None for name in SIGNATURES[kind])  # no second copy of defaults
        training = OptimSpec(optimizer=kind)
        for name in SIGNATURES[kind]:
            if name != "dampening":  # the training spec has no dampening (torch's default 0 there)
                assert getattr(training, name) == expected[name]


def test_every_table_key_is_described_for_the_training_spec():
    text = describe_keys()
    for key in ("lr", "loss_scale", "weight_decay", "clip", "momentum", "alpha", "beta1", "beta2", "eps",
                "lr_decay"):
        assert f"{key} ({PARAMETERS[key].symbol}): {PARAMETERS[key].rule}" in text


@pytest.mark.parametrize("call", [
    lambda: optimizers.adam(lr=-1),
    lambda: optimizers.sgd(momentum=np.array([0.5, 1.0])),
    lambda: optimizers.rmsprop(eps=-1e-8),
    lambda: optimizers.adagrad(lr=np.array([0.1, math.nan])),
    lambda: optimizers.adamw(clip=-1.0),
    lambda: optimizers.nesterov(momentum=0.0),
])
def test_the_reference_optimizers_refuse_what_a_spec_refuses(call):
    with pytest.raises(ValueError, match="must be|needs a momentum"):
        call()


def test_every_presets_optimizers_and_factors_are_within_the_table():
    """The table's ranges accept every shipped preset's optimizers, also with the scene's global lr
    factor and loss scale applied (what a race runs). (tests/core/test_presets.py loads whole scenes.)"""
    files = sorted(glob.glob("resources/presets/*.json"))
    assert files
    for path in files:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for entry in data["optimizers"]:
            spec = OptimizerSpec.from_dict({k: v for k, v in entry.items() if k != "enabled"})
            spec.replace(lr=spec.lr * data.get("lr_factor", 1.0),
                         loss_scale=spec.loss_scale * data.get("loss_scale", 1.0))


def test_equations_say_what_the_kernel_computes():
    adamw = OptimizerSpec("adamw").equation.splitlines()
    assert adamw[0].startswith("g ← s∇f") and adamw[1] == "θ ← θ (1 − γλ)"  # gradient at θₜ, then decay
    assert "b" not in OptimizerSpec("rmsprop").equation
    with_buffer = OptimizerSpec("rmsprop", momentum=0.9).equation
    assert "b ← μ b + g / (√v + ε)" in with_buffer and with_buffer.endswith("θ ← θ − γ b")
    assert PARAMETERS["momentum"].defaults["sgd"] == 0.0  # torch.optim.SGD's; 0.9 is losslab's for Momentum


# The reference transforms (core.optim.optimizers) against the fused kernel the app runs, every kind.
CASES = {
    "sgd": [{}, {"weight_decay": 0.05, "loss_scale": 4.0}, {"momentum": 0.7, "dampening": 0.2, "clip": 0.5}],
    "momentum": [{}, {"dampening": 0.3, "weight_decay": 0.01}],
    "nesterov": [{}, {"momentum": 0.5, "weight_decay": 0.02, "clip": 1.0}],
    "rmsprop": [{}, {"momentum": 0.6, "weight_decay": 0.01}, {"alpha": 0.9, "loss_scale": 100.0}],
    "adam": [{}, {"weight_decay": 0.1, "clip": 2.0}, {"beta1": 0.3, "beta2": 0.9, "loss_scale": 1e3}],
    "adamw": [{}, {"weight_decay": 0.3, "loss_scale": 0.01}],
    "adagrad": [{}, {"lr_decay": 0.05, "weight_decay": 0.01, "eps": 1e-3}],
}
LR = {"sgd": 1e-3, "momentum": 5e-4, "nesterov": 5e-4, "rmsprop": 3e-3, "adam": 5e-3, "adamw": 5e-3,
      "adagrad": 5e-2}


def _reference_path(surface, specs, start, steps):
    args = {k: np.array([s.transform_arguments()[k] for s in specs]) for k in specs[0].transform_arguments()}
    opt = optimizers.BUILDERS[specs[0].kind](**args)
    scales = np.array([s.loss_scale for s in specs])[:, None]
    theta = np.tile(np.array(start, float), (len(specs), 1))
    state = opt.init(theta)
    path = [theta]
    for _ in range(steps):
        _, gx, gy = surface.value_and_gradient(theta[:, 0], theta[:, 1])
        updates, state = opt.update(scales * np.stack([gx, gy], axis=1), state, theta)
        theta = T.apply_updates(theta, updates)
        path.append(theta)
    return np.stack(path, axis=1)


@pytest.mark.parametrize("kind", KINDS)
def test_the_reference_transforms_step_as_the_kernel_does(kind):
    for surface, start in ((get_surface("rosenbrock"), (-1.2, 1.0)),
                           (surface_from_formula("sin(x)*cos(y) + 0.1*(x^2 + y^2)"), (1.3, -0.7))):
        specs = [OptimizerSpec(kind, lr=LR[kind], **case) for case in CASES[kind]]
        reference = _reference_path(surface, specs, start, 300)
        kernel = run(surface, specs, 300, start=start)
        assert (kernel.diverged_at == -1).all()
        scale = np.abs(reference).max()  # ~1e-12 relative to the size of the path
        np.testing.assert_allclose(kernel.points, reference, rtol=1e-12, atol=1e-12 * scale, err_msg=kind)
        assert np.abs(reference[:, -1] - reference[:, 0]).max() > 1e-3  # they moved: the test proves something


@pytest.mark.parametrize("field", ["lr", "eps", "loss_scale", "clip"])
def test_an_integer_too_large_for_a_float_is_refused_in_one_short_line(field):
    # math.isfinite(10**400) raises OverflowError: a scene file must get a refusal, not a traceback
    with pytest.raises(ValueError) as caught:
        OptimizerSpec("adam", **{field: 10**400})
    message = str(caught.value)
    assert message.startswith(f"{field} must be") and "\n" not in message and len(message) < 120
