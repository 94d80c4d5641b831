"""Refactors of the engine must not change one bit of any trajectory (issue 13).

A fixed set of scenes covering every optimizer kind and every gradient option is run through the
engine; a SHA-256 of the result arrays' bytes is compared with the hashes in GOLDEN. Those hashes were
produced by main at commit 9ffb25f (before the issue-13 refactor of the kernel's arguments and the
hyper-parameter table), by running this file's ``_digests()`` on the unchanged code — they are the
old code's output, not a value chosen by hand. If an intended change of arithmetic ever alters them,
regenerate them deliberately and say so in the commit (``python tests/core/test_engine_bit_identical.py``
prints the current digests).

The numbers are IEEE double arithmetic with libm's pow/sqrt; a different CPU/libm could differ in the
last bit, which would show here first.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from core.engine.run import run
from core.engine.sweep import sweep, sweep_many
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces.surface import get_surface, surface_from_formula

SPECS = (
    *(OptimizerSpec(kind, lr=0.01) for kind in KINDS),
    OptimizerSpec("sgd", lr=0.002, loss_scale=8.0),
    OptimizerSpec("momentum", lr=0.003, weight_decay=0.05, dampening=0.3),
    OptimizerSpec("nesterov", lr=0.003, momentum=0.7, weight_decay=0.01),
    OptimizerSpec("rmsprop", lr=0.01, momentum=0.5, weight_decay=0.02, alpha=0.9),
    OptimizerSpec("adam", lr=0.05, clip=0.5, loss_scale=1000.0),
    OptimizerSpec("adamw", lr=0.02, weight_decay=0.1, noise=0.5, seed=7),
    OptimizerSpec("adagrad", lr=0.3, lr_decay=0.01, eps=1e-6, noise=0.2, seed=3),
    OptimizerSpec("adam", lr=0.01, beta1=0.3, beta2=0.95, noise=0.2, seed=7),
    OptimizerSpec("momentum", lr=0.4, loss_scale=100.0),  # diverges
)


def _hash(*arrays) -> str:
    digest = hashlib.sha256()
    for a in arrays:
        digest.update(np.ascontiguousarray(a).tobytes())
    return digest.hexdigest()[:32]


def _race(surface, steps=300):
    out = run(surface, list(SPECS), steps)
    return _hash(out.points, out.loss, out.final, out.final_loss, out.diverged_at)


def _digests() -> dict[str, str]:
    formula = surface_from_formula("0.5*(x-1)^2 + 3*(y+0.5)^2 + 0.3*sin(3*x)*cos(2*y)")
    rosen = get_surface("rosenbrock")
    lrs = np.geomspace(1e-5, 1.0, 24)
    scales = np.geomspace(1e-3, 1e4, 9)
    many_specs = SPECS[7:]  # one grid per gradient option and kind of state
    grids = np.stack([lrs * (1 + k) for k in range(len(many_specs))])
    many = sweep_many(rosen, (-1.0, 1.5), many_specs, grids, scales, 250)
    one = sweep(get_surface("himmelblau"), SPECS[11], lrs, scales, 200)
    return {
        "race_rosenbrock": _race(rosen),
        "race_rastrigin": _race(get_surface("rastrigin")),
        "race_beale": _race(get_surface("beale")),
        "race_formula": _race(formula),
        "sweep_many": _hash(many.lr, many.final_loss, many.final_point, many.diverged_at),
        "sweep_noisy_clip": _hash(one.final_loss, one.final_point, one.diverged_at),
    }


GOLDEN = {  # main at 9ffb25f (engine unchanged since; sweep_many only concatenates the grids)
    "race_rosenbrock": "da6448377e64d77143cb102d7749b662",
    "race_rastrigin": "174cb3b3d0e3ab3d851310d556d8186e",
    "race_beale": "b30a5b66f31917f071dde47c4a518af2",
    "race_formula": "b96c2122c69a147e3664c006dbbae7dc",
    "sweep_many": "212f540aca8bf4cc3777d50dbba22c3e",
    "sweep_noisy_clip": "ee93d97222ce0a0cd5611e0d2e2bdc1c",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_trajectories_are_bit_identical_to_main_before_the_refactor(name, digests):
    assert digests[name] == GOLDEN[name]


@pytest.fixture(scope="module")
def digests():
    return _digests()


if __name__ == "__main__":
    for key, value in _digests().items():
        print(f'    "{key}": "{value}",')
