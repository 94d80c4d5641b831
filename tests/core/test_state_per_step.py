"""The per-frame readers of the recorded state (head_vectors, panel_series) take one step or one run's
columns instead of deriving every step of every run: they must equal the OptimizerState properties they
stand for, at every step and for every kind, a diverged run included."""

import numpy as np

from core.engine.state import head_vectors, panel_series, record_state
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces import get_surface


def test_per_step_readers_equal_the_whole_state_properties():
    specs = [OptimizerSpec(kind, lr=0.02, loss_scale=3.0) for kind in KINDS] + [OptimizerSpec("sgd", lr=0.5)]
    state = record_state(get_surface("rosenbrock"), specs, 60, start=(-1.0, 1.5))
    assert (state.diverged_at >= 0).any()  # the last run leaves the finite region: its tail is held
    adam = np.array([kind in ("adam", "adamw") for kind in state.kinds])[:, None]
    for k in range(state.steps):
        vectors = head_vectors(state, k)
        np.testing.assert_array_equal(vectors["descent"], state.scaled_descent[:, k])
        np.testing.assert_array_equal(vectors["step"], state.step[:, k])
        np.testing.assert_array_equal(vectors["buffer"], np.where(adam, state.m[:, k + 1], state.b[:, k + 1]))
    for i in range(len(specs)):
        series, k = panel_series(state, i), int(state.valid[i])
        np.testing.assert_array_equal(series["step"], state.step[i, :k])
        if "v_hat" in series:
            np.testing.assert_array_equal(series["v_hat"], state.v_hat[i, :k])
