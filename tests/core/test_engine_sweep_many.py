"""sweep_many: the scale map's K optimizers' grids in one batch give each optimizer's own sweep's numbers."""

import numpy as np
import pytest

from core.engine.run import Cancelled
from core.engine.sweep import MultiSweep, sweep, sweep_many
from core.optim.spec import OptimizerSpec
from core.surfaces.surface import get_surface

SPECS = (OptimizerSpec("sgd"), OptimizerSpec("momentum", weight_decay=0.01), OptimizerSpec("adam", clip=5.0),
         OptimizerSpec("rmsprop", noise=0.3, seed=4))


def test_sweep_many_equals_one_sweep_per_optimizer():
    surface = get_surface("rosenbrock")
    lrs = np.stack([np.geomspace(1e-4, 1.0, 20) * (k + 1) for k in range(len(SPECS))])
    scales = np.geomspace(1e-2, 1e3, 7)
    many = sweep_many(surface, (-1.2, 1.0), SPECS, lrs, scales, 120)
    assert isinstance(many, MultiSweep) and many.specs == SPECS and many.steps == 120
    assert many.final_loss.shape == many.diverged_at.shape == (4, 20, 7)
    assert many.final_point.shape == (4, 20, 7, 2)
    assert (many.diverged_at >= 0).any() and (many.diverged_at < 0).any()  # both kinds of cell occur
    for k, (spec, one) in enumerate(zip(SPECS, many.sweeps(), strict=True)):
        alone = sweep(surface, spec, lrs[k], scales, 120, start=(-1.2, 1.0))
        np.testing.assert_array_equal(one.lr, alone.lr)
        np.testing.assert_array_equal(one.loss_scale, alone.loss_scale)
        np.testing.assert_array_equal(one.final_loss, alone.final_loss)
        np.testing.assert_array_equal(one.final_point, alone.final_point)
        np.testing.assert_array_equal(one.diverged_at, alone.diverged_at)


def test_sweep_many_defaults_to_the_surface_start():
    surface = get_surface("bowl")
    lrs = np.geomspace(1e-3, 1.0, 16)[None, :]
    many = sweep_many(surface, None, SPECS[:1], lrs, np.array([1.0, 10.0]), 30)
    alone = sweep(surface, SPECS[0], lrs[0], np.array([1.0, 10.0]), 30)
    np.testing.assert_array_equal(many.final_loss[0], alone.final_loss)


def test_sweep_many_reports_progress_and_cancels_like_run():
    surface = get_surface("rosenbrock")
    lrs = np.tile(np.geomspace(1e-4, 1e-1, 64), (2, 1))
    seen = []
    sweep_many(surface, None, SPECS[:2], lrs, np.geomspace(1, 100, 32), 200, progress=lambda f: seen.append(f))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    calls = []

    def stop(fraction):
        calls.append(fraction)
        return False

    with pytest.raises(Cancelled):
        sweep_many(surface, None, SPECS[:2], lrs, np.geomspace(1, 100, 32), 200, progress=stop)
    assert len(calls) == 1
