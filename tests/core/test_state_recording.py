"""What record_state and the formula Hessian may skip for speed, and may not.

* record_state hands the kernel uninitialised arrays: the replay must write every element of every
  array, the steps after a run's end included, or garbage from the heap reaches a plot. Checked by
  recording once into arrays full of NaN and once into zeros: every number must come out the same.
* the formula Hessian returns the lambdified arrays themselves instead of copies: no entry may share
  memory with the caller's points or with another entry, and a constant entry is spread to the shape.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.engine import state as state_module
from core.engine.run import run
from core.engine.state import record_state
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces.hessian import _formula_entries, hessian
from core.surfaces.surface import get_surface, surface_from_formula

SPECS = (
    *(OptimizerSpec(kind, lr=0.01) for kind in KINDS),
    OptimizerSpec("rmsprop", lr=0.01, momentum=0.5),
    OptimizerSpec("adamw", lr=0.02, weight_decay=0.1, noise=0.5, seed=7),
    OptimizerSpec("momentum", lr=0.4, loss_scale=100.0),  # diverges on Rosenbrock
)
FIELDS = ("points", "loss", "grad", "g", "m", "v", "b", "lr_eff", "bias1", "bias2", "diverged_at")


def recorded_with(fill, monkeypatch, surface, specs, steps, start=None):
    """record_state with its arrays pre-filled with ``fill`` (diverged_at with a sentinel step)."""
    allocate = state_module._recording_arrays

    def prefilled(n, steps):
        arrays = allocate(n, steps)
        for array in arrays[:-1]:
            array.fill(fill)
        arrays[-1].fill(12345)
        return arrays

    with monkeypatch.context() as patch:
        patch.setattr(state_module, "_recording_arrays", prefilled)
        return record_state(surface, specs, steps, start)


@pytest.mark.parametrize("surface, start, steps", [
    (get_surface("rosenbrock"), None, 300),  # one run diverges at a step > 0
    (surface_from_formula("log(x)+y^2"), (1.0, 1.0), 200),  # runs leave the domain
    (surface_from_formula("log(x)+y^2"), (-1.0, 1.0), 20),  # undefined at the start: stopped at step 0
    (get_surface("beale"), None, 0),
], ids=("diverging", "leaving the domain", "undefined start", "no steps"))
def test_the_replay_writes_every_element_of_its_arrays(surface, start, steps, monkeypatch):
    over_nan = recorded_with(np.nan, monkeypatch, surface, SPECS, steps, start)
    over_zero = recorded_with(0.0, monkeypatch, surface, SPECS, steps, start)
    for name in FIELDS:
        assert np.array_equal(getattr(over_nan, name), getattr(over_zero, name)), name
    assert over_nan.diverged_at.tolist() == record_state(surface, SPECS, steps, start).diverged_at.tolist()
    stopped = over_nan.diverged_at >= 0
    assert stopped.any() or steps == 0  # each case has a run that ended early (or no steps at all)


def test_the_recorded_arrays_are_separate_and_contiguous():
    state = record_state(get_surface("rosenbrock"), SPECS[:3], 50)
    arrays = [getattr(state, name) for name in FIELDS]
    assert all(array.flags.c_contiguous and array.flags.writeable for array in arrays)
    for i, a in enumerate(arrays):
        assert not any(np.shares_memory(a, b) for b in arrays[i + 1:])


POINTS_X = np.linspace(-1.5, 1.5, 7)
POINTS_Y = np.linspace(-0.5, 2.0, 7)


@pytest.mark.parametrize("formula", [
    "sin(x)*y^2 + 0.1*x^4 + exp(-x^2)",
    "x^3/6 + x*y^2/2",  # ∂²f/∂x² = x and ∂²f/∂x∂y = y: the lambdified function returns its inputs
    "exp(x + y)",  # one array for all three entries
    "x^2 + 3*y^2",  # constants only
    "x*y + y^3",  # a constant next to an array
])
def test_formula_hessian_entries_own_their_memory(formula):
    x, y = POINTS_X.copy(), POINTS_Y.copy()
    entries = hessian(surface_from_formula(formula), x, y)
    for i, entry in enumerate(entries):
        assert isinstance(entry, np.ndarray) and entry.shape == x.shape and entry.dtype == np.float64
        others = (x, y, *entries[:i], *entries[i + 1:])
        assert not any(np.shares_memory(entry, other) for other in others)
    # the same numbers as the lambdified entries spread over the points one by one
    lambdified = _formula_entries(surface_from_formula(formula).formula)
    for j in range(x.size):
        expected = [float(e) for e in lambdified(x[j], y[j])]
        assert [float(entry[j]) for entry in entries] == expected


def test_formula_hessian_of_scalars_and_grids():
    surface = surface_from_formula("exp(x + y) + x^2")
    at_point = hessian(surface, 0.5, -0.25)
    assert [float(h) for h in at_point] == pytest.approx([np.exp(0.25) + 2.0, np.exp(0.25), np.exp(0.25)],
                                                         rel=1e-15)
    xs, ys = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(0, 1, 3))
    hxx, hxy, hyy = hessian(surface, xs, ys)
    assert hxx.shape == hxy.shape == hyy.shape == (3, 4)
    np.testing.assert_allclose(hxx, np.exp(xs + ys) + 2.0, rtol=1e-15)
    assert np.array_equal(hxy, hyy) and not np.shares_memory(hxy, hyy)


@pytest.mark.parametrize("surface, start, steps", [
    (get_surface("rosenbrock"), None, 300),
    (surface_from_formula("log(x)+y^2"), (1.0, 1.0), 200),
    (surface_from_formula("sqrt(x*y)"), (1.0, 2.0), 200),
    (surface_from_formula("log(x)+y^2"), (-1.0, 1.0), 20),
    (get_surface("canyon"), None, 100),
], ids=("diverging", "log leaves the domain", "sqrt leaves the domain", "undefined start", "no stop"))
def test_the_recording_is_a_drop_in_for_the_engine_run(surface, start, steps):
    engine = run(surface, SPECS, steps, start)
    again = record_state(surface, SPECS, steps, start).trajectories()
    for name in ("points", "loss", "final", "final_loss", "diverged_at", "left_domain"):
        assert np.array_equal(getattr(again, name), getattr(engine, name)), name
    if surface.name == "rosenbrock":
        assert engine.diverged_at.max() > 0 and not engine.left_domain.any()
    elif surface.name != "canyon":
        assert engine.left_domain.any()


def test_only_trajectories_runs_the_stopped_runs_again_and_only_once(monkeypatch):
    """Recording a race with a diverging run does not run it again (the state view never needs
    left_domain); the first trajectories() does, for the stopped runs alone, and later calls reuse it."""
    calls = []

    def counting_run(surface, specs, steps, start=None, **options):
        calls.append(len(specs))
        return run(surface, specs, steps, start, **options)

    monkeypatch.setattr(state_module, "run", counting_run)
    state = record_state(get_surface("rosenbrock"), SPECS, 300)
    stopped = int((state.diverged_at >= 0).sum())
    assert 0 < stopped < len(SPECS) and calls == []
    state.trajectories()
    state.trajectories()
    assert calls == [stopped]
