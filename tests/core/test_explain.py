"""core.optim.explain: every line's terms add up to its result, and every result is the recorded state."""

from __future__ import annotations

import numpy as np
import pytest

from core.engine.state import record_state
from core.optim.explain import explain_step, number, vector_text
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces.surface import get_surface, surface_from_formula

SPECS = (
    *(OptimizerSpec(kind, lr=0.01) for kind in KINDS),
    OptimizerSpec("momentum", lr=0.003, weight_decay=0.05, dampening=0.3, loss_scale=2.0, clip=30.0),
    OptimizerSpec("nesterov", lr=0.003, momentum=0.7, weight_decay=0.01, clip=10.0),
    OptimizerSpec("rmsprop", lr=0.01, momentum=0.5, weight_decay=0.02, alpha=0.9, loss_scale=100.0),
    OptimizerSpec("adam", lr=0.05, clip=0.5, loss_scale=1000.0, weight_decay=0.01),
    OptimizerSpec("adamw", lr=0.02, weight_decay=0.1, noise=0.5, seed=7, loss_scale=10.0, grad_dtype="float16"),
    OptimizerSpec("adagrad", lr=0.3, lr_decay=0.01, eps=1e-6, noise=0.2, seed=3, clip=5.0, weight_decay=0.03),
    OptimizerSpec("sgd", lr=0.002, loss_scale=1e-3, grad_dtype="bfloat16", noise=0.1, seed=1),
)


@pytest.mark.parametrize("surface", [get_surface("beale"), surface_from_formula("sin(x)*y^2 + 0.1*x^4")],
                         ids=lambda s: s.name)
def test_every_line_equals_the_recorded_state(surface):
    steps = 30
    state = record_state(surface, SPECS, steps)
    for run, spec in enumerate(SPECS):
        assert state.valid[run] == steps, spec
        for k in (0, 1, 2, 17, steps - 1):
            lines = explain_step(state, spec, run, k)
            targets = [line.target for line in lines]
            assert targets[0] == "∇f" and targets[-1] == "θ"
            recorded = {line.recorded[0] for line in lines if line.recorded}
            assert {"grad", "g", "points"} <= recorded
            for line in lines:
                if line.terms:  # the terms, as data, add up to the result
                    parts = np.array([term.contribution for term in line.terms])
                    scale = np.abs(parts).max(axis=0) + np.abs(line.result)
                    np.testing.assert_allclose(parts.sum(axis=0), line.result, rtol=0, atol=1e-12 * scale.max())
                if line.recorded:
                    name, index = line.recorded
                    np.testing.assert_array_equal(line.result, getattr(state, name)[run, index], err_msg=line.text)
                assert line.text.endswith("= " + vector_text(line.result))
            # θ lines' arrows (AdamW: its decay, then Adam's step) add up to the step Δθ
            arrows = sum(line.arrow for line in lines if line.target == "θ")
            np.testing.assert_allclose(arrows, state.step[run, k], rtol=1e-12, atol=1e-15)
            kind = spec.kind
            expected = {"adam": {"m", "v", "m_hat", "v_hat"}, "adamw": {"m", "v", "m_hat", "v_hat"},
                        "rmsprop": {"v"} | ({"b"} if spec.momentum else set()), "adagrad": {"v"},
                        "momentum": {"b"}, "nesterov": {"b"}, "sgd": set()}[kind]
            assert expected <= recorded


def test_the_text_substitutes_the_numbers_term_by_term():
    surface = get_surface("canyon")
    spec = OptimizerSpec("adam", lr=0.1)
    state = record_state(surface, [spec], 5)
    lines = explain_step(state, spec, 0, 2)
    m_line = next(line for line in lines if line.target == "m")
    m_prev, g = state.m[0, 2], state.g[0, 2]
    assert m_line.text == f"m ← 0.9·{vector_text(m_prev)} + 0.1·{vector_text(g)} = {vector_text(state.m[0, 3])}"
    assert [t.symbol for t in m_line.terms] == ["m", "g"]
    assert number(0.9) == "0.9" and number(-1e-8) == "−1e-8" and vector_text([0.238, -0.16]) == "(0.238, −0.160)"
    assert number(1 - 0.02 * 0.01) == "0.9998"


def test_a_step_not_taken_is_refused():
    surface = get_surface("rosenbrock")
    spec = OptimizerSpec("momentum", lr=0.4, loss_scale=100.0)
    state = record_state(surface, [spec], 50)
    with pytest.raises(ValueError, match="not taken"):
        explain_step(state, spec, 0, int(state.valid[0]))
