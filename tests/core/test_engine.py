"""The engine's promises: divergence at the right step, no NaN out, the loss-scale lessons, sweeps."""

import math
import warnings

import numpy as np
import pytest

from core.engine import Batch, run
from core.engine.run import DIVERGENCE_BOUND
from core.engine.sweep import grid_batch, parse_range, sweep
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces import get_surface, surface_from_formula


def test_divergence_is_reported_at_the_step_that_leaves_the_bound():
    # On ½(x² + y²) SGD multiplies θ by (1 − γ) each step: with γ = 3 that is −2, so |θ_k| = 2^k |θ_0|.
    bowl = get_surface("bowl", condition=1.0, angle=0.0)
    start = (0.75, 0.0)
    expected = next(k for k in range(1, 200) if 2.0**k * 0.75 > DIVERGENCE_BOUND)
    steady = OptimizerSpec("sgd", lr=0.5)
    result = run(bowl, [OptimizerSpec("sgd", lr=3.0), steady], 100, start=start)
    assert result.diverged_at.tolist() == [expected, -1]
    assert np.isfinite(result.points).all() and np.isfinite(result.loss).all()
    assert len(result.path(0)) == expected
    np.testing.assert_array_equal(result.points[0, expected:], np.broadcast_to(result.points[0, expected - 1],
                                                                               (101 - expected, 2)))
    assert result.points[1, -1, 0] == pytest.approx(0.0, abs=1e-20)  # the other one went on to the end


def test_non_finite_values_stop_a_trajectory_without_warnings():
    # x − log(x) has its minimum at x = 1 and is undefined for x < 0: a step of 5 from x = 3 lands
    # at x = 3 − 5·(1 − 1/3) < 0, where the loss is NaN; a step of 0.1 converges.
    surface = surface_from_formula("x - log(x) + y^2")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            result = run(surface, [OptimizerSpec("sgd", lr=5.0), OptimizerSpec("sgd", lr=0.1)], 50,
                         start=(3.0, 1.0))
    assert result.diverged_at[0] == 1 and result.diverged_at[1] == -1
    assert np.isfinite(result.points).all() and np.isfinite(result.final_loss).all()


def test_a_start_outside_the_domain_diverges_at_step_zero():
    result = run(surface_from_formula("sqrt(x)"), [OptimizerSpec("adam")], 10, start=(-1.0, 0.0))
    assert result.diverged_at[0] == 0 and np.isfinite(result.points).all()


@pytest.mark.parametrize("kind", ["sgd", "momentum", "nesterov"])
@pytest.mark.parametrize("surface_name", ["rosenbrock", "canyon", "himmelblau"])
def test_sgd_family_loss_times_s_equals_lr_times_s_at_every_step(kind, surface_name):
    surface = get_surface(surface_name)
    for s in (10.0, 0.1, 4.0):
        # lr × s stays below the stability limit 2/λ_max (Rosenbrock's λ_max ≈ 2000 near the start),
        # so the comparison is not drowned by chaotic amplification of rounding.
        base = OptimizerSpec(kind, lr=2.5e-5)
        scaled_loss = base.replace(loss_scale=s)
        scaled_lr = base.replace(lr=base.lr * s)
        result = run(surface, [scaled_loss, scaled_lr], 300)
        distance = np.abs(result.points[0] - result.points[1]).max()
        # Not bit-exact in floating point (γ·(s·g) and (γ·s)·g round differently), so: equal to
        # within rounding, at every step, while the paths themselves moved far.
        assert distance <= 1e-12 * max(1.0, np.abs(result.points).max()), (s, distance)
        assert np.abs(result.points[0, -1] - result.points[0, 0]).max() > 1e-3


def test_adam_ignores_the_loss_scale_until_eps_dominates():
    surface = get_surface("canyon")
    base = OptimizerSpec("adam", lr=0.05)

    def gap(spec_a, spec_b):
        r = run(surface, [spec_a, spec_b], 300)
        return np.abs(r.points[0] - r.points[1]).max()

    lr_gap = gap(base, base.replace(lr=base.lr / 10))
    assert lr_gap > 0.5  # lr ÷ 10 moves the path a lot
    assert gap(base, base.replace(loss_scale=0.1)) < 1e-6 * lr_gap  # loss ÷ 10: ε still negligible
    # Scale the loss down until √v̂ (≈ s·|∇f|) is comparable to ε = 1e-8: the invariance breaks.
    assert gap(base, base.replace(loss_scale=1e-8)) > 0.05 * lr_gap


def test_weight_decay_and_clipping_break_sgds_equivalence():
    surface = get_surface("rosenbrock")
    for extra in ({"weight_decay": 0.5}, {"clip": 1.0}):
        base = OptimizerSpec("sgd", lr=2e-4, **extra)
        r = run(surface, [base.replace(loss_scale=10.0), base.replace(lr=base.lr * 10)], 300)
        assert np.abs(r.points[0] - r.points[1]).max() > 1e-3, extra


def test_per_trajectory_hyper_parameters_in_one_batch_match_separate_runs():
    surface = get_surface("beale")
    specs = [OptimizerSpec(kind, lr=lr) for kind in KINDS for lr in (1e-3, 1e-2)]
    together = run(surface, specs, 200)
    for i, spec in enumerate(specs):
        alone = run(surface, [spec], 200)
        np.testing.assert_array_equal(together.points[i], alone.points[0])


def test_sweep_cells_equal_single_runs_and_sgd_diagonals_agree():
    surface = get_surface("rosenbrock")
    lrs = np.geomspace(1e-5, 1e-3, 5)
    scales = np.geomspace(0.1, 10, 5)  # same ratio per step as lrs: diagonals have equal lr × s
    spec = OptimizerSpec("sgd")
    result = sweep(surface, spec, lrs, scales, 200)
    single = run(surface, [spec.replace(lr=lrs[3], loss_scale=scales[1])], 200)
    assert result.final_loss[3, 1] == single.final_loss[0]
    for i in range(4):
        for j in range(4):
            a, b = result.final_loss[i + 1, j], result.final_loss[i, j + 1]
            assert a == pytest.approx(b, rel=1e-12)


def test_big_sweeps_split_across_threads_give_the_same_numbers():
    surface = get_surface("himmelblau")
    batch = grid_batch(OptimizerSpec("adam"), np.geomspace(1e-3, 1, 40), np.geomspace(1e-2, 1e2, 40),
                       surface.start)
    fractions = []
    threaded = run(surface, batch, 300, record=False, progress=lambda f: fractions.append(f))
    serial_rows = run(surface, Batch(batch.starts[:7], batch.kinds[:7], batch.hyper[:7], batch.seeds[:7]), 300,
                      record=False)
    np.testing.assert_array_equal(threaded.final[:7], serial_rows.final)
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)


@pytest.mark.parametrize("threads", [False, True], ids=["serial", "threaded"])
def test_several_grids_in_one_batch_give_the_path_kernels_numbers(threads):
    """A scale map runs one grid per optimizer in one batch: each grid goes through the lockstep kernel,
    and every cell must equal the path kernel's (record=True) run of it."""
    surface = get_surface("rosenbrock")
    specs = [OptimizerSpec("sgd", lr=1e-3), OptimizerSpec("momentum", lr=1e-3, noise=0.3, seed=1),
             OptimizerSpec("adam", lr=0.05, clip=2.0, noise=0.3, seed=2), OptimizerSpec("rmsprop", lr=0.01)]
    lrs, scales = np.geomspace(1e-2, 1e2, 6), np.geomspace(1e-3, 1e3, 5)
    grids = [grid_batch(spec.replace(lr=1.0), spec.lr * lrs, scales, surface.start) for spec in specs]
    batch = Batch(*(np.concatenate([getattr(g, f) for g in grids]) for f in ("starts", "kinds", "hyper", "seeds")))
    progress = (lambda f: True) if threads else None  # a progress callback sends even small runs to threads
    swept = run(surface, batch, 150, record=False, progress=progress)
    paths = run(surface, batch, 150)
    assert (paths.diverged_at >= 0).any() and (paths.diverged_at < 0).any()
    np.testing.assert_array_equal(swept.final, paths.final)
    np.testing.assert_array_equal(swept.final_loss, paths.final_loss)
    np.testing.assert_array_equal(swept.diverged_at, paths.diverged_at)


def test_bad_ranges_and_steps_are_refused():
    with pytest.raises(ValueError, match="LO:HI:N"):
        parse_range("1e-3:1", "--lr")
    with pytest.raises(ValueError, match="positive"):
        parse_range("0:1:4", "--lr")
    with pytest.raises(ValueError, match="1 to"):
        parse_range("1e-3:1:0", "--lr")
    with pytest.raises(ValueError, match="steps"):
        run(get_surface("bowl"), [OptimizerSpec("sgd")], -1)
    with pytest.raises(ValueError, match="finite"):
        run(get_surface("bowl"), [OptimizerSpec("sgd")], 5, start=(math.nan, 0.0))


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "lbfgs"}, "unknown optimizer"), ({"kind": "sgd", "lr": -1.0}, "lr"),
    ({"kind": "sgd", "lr": math.inf}, "lr"), ({"kind": "adam", "beta1": 1.0}, "beta1"),
    ({"kind": "sgd", "beta2": 0.9}, "has no hyper-parameter"), ({"kind": "nesterov", "momentum": 0.0}, "momentum"),
    ({"kind": "adam", "loss_scale": 0.0}, "loss_scale"), ({"kind": "sgd", "clip": -1.0}, "clip"),
    ({"kind": "sgd", "seed": -3}, "seed"), ({"kind": "rmsprop", "eps": -1e-8}, "eps"),
])
def test_bad_hyper_parameters_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        OptimizerSpec(**kwargs)


@pytest.mark.parametrize("kind", KINDS)
def test_the_lockstep_sweep_kernel_gives_the_same_numbers_as_the_path_kernel(kind):
    """Sweeps run through a separate lockstep kernel; every cell must equal the recorded single run."""
    surface = surface_from_formula("sin(x)*cos(y) + 0.1*(x^2 + y^2)") if kind == "adagrad" else get_surface("beale")
    plain_sgd = kind in ("sgd", "momentum", "nesterov")  # can diverge here (clipping would bound its steps)
    spec = OptimizerSpec(kind, lr=1e-3, clip=0.0 if plain_sgd else 2.0, noise=0.1, seed=3, weight_decay=0.01)
    lrs, scales = np.geomspace(1e-4, 10.0, 7), np.geomspace(0.1, 10.0, 5)
    grid = sweep(surface, spec, lrs, scales, 150, start=(0.7, 1.4))
    cells = [spec.replace(lr=lr, loss_scale=s) for lr in lrs for s in scales]
    paths = run(surface, cells, 150, start=(0.7, 1.4))
    np.testing.assert_array_equal(grid.final_point.reshape(-1, 2), paths.final)
    np.testing.assert_array_equal(grid.final_loss.ravel(), paths.final_loss)
    np.testing.assert_array_equal(grid.diverged_at.ravel(), paths.diverged_at)
    assert (paths.diverged_at < 0).any()
    if plain_sgd:
        assert (paths.diverged_at >= 0).any()
