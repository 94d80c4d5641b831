"""The recording replay (core.engine.kernel.replay_state) from the ahead-of-time module equals the JIT's
(``aot_module``: tests/conftest.py builds it once for the session)."""

from pathlib import Path

import numpy as np

from core.engine import compiled
from core.engine.state import record_state
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces import get_surface, surface_from_formula

ROOT = Path(__file__).resolve().parents[2]


def test_replay_from_the_ahead_of_time_module_is_identical(monkeypatch, aot_module):
    specs = [OptimizerSpec(k, lr=0.01, clip=1.0 if k == "adam" else 0.0, noise=0.05, seed=2) for k in KINDS]
    for surface in (get_surface("rosenbrock"), surface_from_formula("log(1 + x^2) + sin(y)*x")):
        monkeypatch.setattr(compiled, "AHEAD_OF_TIME", None)
        jit = record_state(surface, specs, 300)
        monkeypatch.setattr(compiled, "AHEAD_OF_TIME", aot_module)
        aot = record_state(surface, specs, 300)
        for name in ("points", "loss", "grad", "g", "m", "v", "b", "lr_eff", "bias1", "bias2", "diverged_at"):
            np.testing.assert_array_equal(getattr(jit, name), getattr(aot, name), err_msg=name)
