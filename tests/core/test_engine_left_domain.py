"""Issue 15 trap 9 / issue 16: a run that lands where the surface is undefined (a NaN loss at a finite θ)
left the domain; a run whose θ or loss blows up diverged. Both kernels (the race's run_batch, the
sweeps' lockstep run_grid) tell the two apart, and the step they report is where the run stopped."""

from __future__ import annotations

import numpy as np
import pytest

from core.engine import run
from core.engine.layout import LANES
from core.engine.run import Batch
from core.optim.spec import OptimizerSpec
from core.surfaces import get_surface, surface_from_formula

UNDEFINED = [("log(x)+y^2", (1.0, 1.0)), ("sqrt(x*y)", (1.0, 2.0))]


@pytest.mark.parametrize("formula, start", UNDEFINED)
def test_the_race_kernel_flags_a_run_that_left_the_domain(formula, start):
    surface = surface_from_formula(formula)
    specs = [OptimizerSpec("sgd", lr=0.3), OptimizerSpec("adam", lr=0.5), OptimizerSpec("sgd", lr=1e-3)]
    t = run(surface, specs, 200, start=start)
    assert list(t.left_domain) == [True, True, False]
    assert (t.diverged_at[:2] > 0).all() and t.diverged_at[2] == -1
    for i in range(2):  # the step reported is the first step the path does not hold
        d = int(t.diverged_at[i])
        assert np.isfinite(t.points[i]).all()
        assert (t.points[i, d:] == t.points[i, d - 1]).all()


def test_a_blow_up_is_a_divergence():
    canyon = get_surface("canyon")
    t = run(canyon, [OptimizerSpec("sgd", lr=0.1), OptimizerSpec("sgd", lr=1e-3)], 300, start=canyon.start)
    assert t.diverged_at[0] > 0 and t.diverged_at[1] == -1
    assert list(t.left_domain) == [False, False]


def test_a_start_outside_the_domain_left_it_at_step_zero():
    t = run(surface_from_formula("log(x)+y^2"), [OptimizerSpec("sgd", lr=0.1)], 10, start=(-1.0, 0.0))
    assert t.diverged_at[0] == 0 and bool(t.left_domain[0])


def test_the_sweep_kernel_flags_the_same_runs_as_the_race_kernel():
    """A grid of one optimizer over many learning rates goes through run_grid (unrecorded): its steps and
    flags match run_batch's run by run."""
    surface = surface_from_formula("log(x)+y^2")
    lrs = np.geomspace(1e-3, 1.0, 2 * LANES)
    specs = [OptimizerSpec("sgd", lr=float(lr)) for lr in lrs]
    recorded = run(surface, specs, 100, start=(1.0, 1.0))
    swept = run(surface, Batch.from_specs(specs, (1.0, 1.0)), 100, record=False)
    assert recorded.left_domain.any() and not recorded.left_domain.all()
    assert (swept.diverged_at == recorded.diverged_at).all()
    assert (swept.left_domain == recorded.left_domain).all()
    blow = run(get_surface("canyon"), Batch.from_specs([OptimizerSpec("sgd", lr=float(lr)) for lr in lrs],
                                                       get_surface("canyon").start), 300, record=False)
    assert (blow.diverged_at > 0).any() and not blow.left_domain.any()


def test_sweeps_carry_the_flags_cell_by_cell():
    from core.engine.sweep import sweep, sweep_many

    surface = surface_from_formula("log(x)+y^2")
    lrs, scales = np.geomspace(1e-3, 1.0, 8), np.array([1.0, 10.0])
    one = sweep(surface, OptimizerSpec("sgd"), lrs, scales, 100, start=(1.0, 1.0))
    assert one.left_domain.shape == one.diverged_at.shape and one.left_domain.any()
    assert (one.diverged_at[one.left_domain] > 0).all()
    many = sweep_many(surface, (1.0, 1.0), [OptimizerSpec("sgd"), OptimizerSpec("adam")], [lrs, lrs], scales, 100)
    assert (many.sweeps()[0].left_domain == one.left_domain).all()
    assert (many.sweeps()[0].diverged_at == one.diverged_at).all()
