"""The stability claims. stability_crosses and oscillation_grows: measured against the gauge and the zig-zag
computed here from the engine's own path, on a canyon whose cross-valley curvature grows along the floor,
and failing where the gauge never crosses or crosses without the oscillation growing. step_limit,
stable_scale and gauge_at: against runs on a quadratic bowl on both sides of the limit."""

import numpy as np
import pytest

from core.claims import ClaimError, evaluate, parse_claims
from core.engine import run
from core.optim.spec import OptimizerSpec
from core.scene import from_dict

# f = 0.2(x − 3)² + (10 + x/3)·y²: the floor y = 0 runs down to (3, 0); across it the curvature is
# 2(10 + x/3), 18 at x = −3 and 22 at x = 3, so SGD with γ = 0.1 passes γ·λ = 2 on its way down.
NARROWING = "0.2*(x-3)^2 + (10+x/3)*y^2"
START = (-3.0, 1.0)


def scene_of(specs, steps=120):
    return from_dict({"losslab_scene": 1, "surface": {"formula": NARROWING}, "start": list(START),
                      "window": [-4.5, 4.5, -4.5, 4.5], "steps": steps,
                      "optimizers": [s.to_dict() for s in specs]})


def results(scene, *claims):
    return evaluate(scene, parse_claims(list(claims)))


def path(spec, steps=120):
    return run(scene_of([spec], steps).surface, [spec], steps, start=START).points[0]


def gauge_here(spec, points):
    """γ·λmax of f's Hessian [[0.4, 2y/3], [2y/3, 2(10 + x/3)]] at each point (SGD, loss scale 1)."""
    x, y = points[:, 0], points[:, 1]
    hessians = np.stack([np.stack([np.full_like(x, 0.4), 2 * y / 3], -1),
                         np.stack([2 * y / 3, 2 * (10 + x / 3)], -1)], -2)
    return spec.lr * np.linalg.eigvalsh(hessians)[:, -1]


SGD = OptimizerSpec("sgd", lr=0.1)


def test_the_gauge_passes_two_at_the_step_the_distance_from_the_floor_starts_to_grow():
    p = path(SGD)
    crossing = int(np.argmax(gauge_here(SGD, p[:-1]) > 2))
    widening = int(np.argmax(np.abs(p[1:, 1]) > np.abs(p[:-1, 1])))  # first k with |y_{k+1}| > |y_k|
    assert 0 < crossing == widening < 100  # the canyon's own physics, independent of the claims
    cross, grow = results(scene_of([SGD]), {"kind": "stability_crosses", "run": 0},
                          {"kind": "oscillation_grows", "run": 0, "coord": 1, "crossing_within": 1})
    assert cross.holds and cross.measured == crossing
    assert grow.holds and abs(grow.measured - widening) <= 1
    assert f"from step {crossing}" in grow.message


def test_growth_means_alternating_steps_each_longer_than_the_last():
    p = path(SGD)
    (grow,) = results(scene_of([SGD]), {"kind": "oscillation_grows", "run": 0, "coord": 1, "span": 4})
    k = int(grow.measured)
    dy = np.diff(p[:, 1])[k:k + 5]  # Δ_{k+1} … Δ_{k+5}
    assert (dy[1:] * dy[:-1] < 0).all() and (np.abs(dy[1:]) > np.abs(dy[:-1])).all()
    before = np.diff(p[:, 1])[k - 1:k + 1]  # Δ_k, Δ_{k+1}: the pair just before did not grow
    assert abs(before[1]) <= abs(before[0])


def test_a_run_that_never_crosses_fails_and_never_holds():
    slow = OptimizerSpec("sgd", lr=0.08)  # 0.08 × 22 < 2 even at the bottom
    assert gauge_here(slow, path(slow)).max() < 2
    crosses, never, grows = results(scene_of([slow]), {"kind": "stability_crosses", "run": 0},
                                    {"kind": "stability_crosses", "run": 0, "never": True},
                                    {"kind": "oscillation_grows", "run": 0, "coord": 1})
    assert not crosses.holds and "never" in crosses.message and np.isnan(crosses.measured)
    assert never.holds
    assert not grows.holds and "never" in grows.message


def test_crossing_without_growth_fails_the_coincidence():
    clipped = OptimizerSpec("sgd", lr=0.1, clip=0.5)  # clipped steps cannot grow when the gauge says so
    cross, grow = results(scene_of([clipped], steps=200), {"kind": "stability_crosses", "run": 0},
                          {"kind": "oscillation_grows", "run": 0, "coord": 1, "crossing_within": 1})
    assert cross.holds
    assert not grow.holds and "wanted within 1 step" in grow.message
    # a bound below the real limit is crossed steps before anything grows
    (early,) = results(scene_of([SGD]), {"kind": "oscillation_grows", "run": 0, "coord": 1, "bound": 1.9,
                                         "crossing_within": 1})
    assert not early.holds and "exceeds 1.9" in early.message


def test_momentum_is_held_to_its_own_limit_and_a_stated_bound_overrides_it():
    heavy = OptimizerSpec("momentum", lr=0.1, momentum=0.9)
    own, two = results(scene_of([heavy]), {"kind": "stability_crosses", "run": 0},
                       {"kind": "stability_crosses", "run": 0, "bound": 2})
    assert not own.holds and "2(1 + μ)" in own.message  # γ·λmax ≤ 2.2 < 3.8
    crossing = int(np.argmax(gauge_here(heavy, path(heavy)[:-1]) > 2))
    assert two.holds and two.measured == crossing


def test_before_and_after_bound_the_crossing_step():
    p = path(SGD)
    crossing = int(np.argmax(gauge_here(SGD, p[:-1]) > 2))
    late, early = results(scene_of([SGD]), {"kind": "stability_crosses", "run": 0, "after": crossing},
                          {"kind": "stability_crosses", "run": 0, "before": crossing + 1})
    assert not late.holds and early.holds


@pytest.mark.parametrize("claim, reason", [
    ({"kind": "stability_crosses", "run": 0, "bound": 0}, "positive"),
    ({"kind": "stability_crosses", "run": 0, "bound": "2"}, "finite number"),
    ({"kind": "stability_crosses", "run": 0, "coord": 1}, "unknown field"),
    ({"kind": "oscillation_grows", "run": 0}, "missing coord"),
    ({"kind": "oscillation_grows", "run": 0, "coord": 2}, "'coord'"),
    ({"kind": "oscillation_grows", "run": 0, "coord": 1, "span": 0}, "'span'"),
    ({"kind": "oscillation_grows", "run": 0, "coord": 1, "span": 51}, "'span'"),
    ({"kind": "oscillation_grows", "run": 0, "coord": 1, "crossing_within": -1}, "whole number"),
])
def test_bad_stability_claims_are_refused_with_the_reason(claim, reason):
    with pytest.raises(ClaimError) as info:
        parse_claims([claim])
    assert reason in str(info.value)


def test_a_diverging_run_is_measured_only_on_its_recorded_steps():
    wild = OptimizerSpec("sgd", lr=0.3)  # γ·λ ≥ 5.4: unstable from the start, diverges
    (cross,) = results(scene_of([wild]), {"kind": "stability_crosses", "run": 0})
    assert run(scene_of([wild]).surface, [wild], 120, start=START).diverged_at[0] > 0
    assert cross.holds and cross.measured == 0


# f = 0.5·x² + 12.5·y²: a quadratic whose curvature is 25 across (along y) and 1 along x everywhere.
BOWL = "0.5*x^2 + 12.5*y^2"


def bowl_of(specs, steps=400):
    return from_dict({"losslab_scene": 1, "surface": {"formula": BOWL}, "start": [1.0, 1.0],
                      "window": [-2, 2, -2, 2], "steps": steps, "optimizers": [s.to_dict() for s in specs]})


@pytest.mark.parametrize("spec, limit", [
    (OptimizerSpec("sgd", lr=0.05), 2.0),
    (OptimizerSpec("momentum", lr=0.05, momentum=0.9), 3.8),
    (OptimizerSpec("nesterov", lr=0.05, momentum=0.9), 2 * 1.9 / 2.8),
])
def test_the_stable_loss_scale_is_where_runs_start_to_diverge(spec, limit):
    """stable_scale's s* = limit/(γ·λmax) is the line between the runs of the race: the same optimizer at a
    loss scale 1 % under it converges, 1 % over it diverges; at s* itself gauge_at reads the limit."""
    (step_limit, stable) = results(bowl_of([spec]), {"kind": "step_limit", "run": 0},
                                   {"kind": "stable_scale", "run": 0, "point": [0.3, -0.2]})
    assert step_limit.measured == pytest.approx(limit, rel=1e-12)
    assert stable.measured == pytest.approx(limit / (spec.lr * 25.0), rel=1e-6)
    at_limit = spec.replace(loss_scale=stable.measured)
    (gauge,) = results(bowl_of([at_limit]), {"kind": "gauge_at", "run": 0, "point": [0.3, -0.2]})
    assert gauge.measured == pytest.approx(limit, rel=1e-9)  # γ·s·λmax reaches the limit at s*
    under, over = (spec.replace(loss_scale=stable.measured * f) for f in (0.99, 1.01))
    trajectories = run(bowl_of([under]).surface, [under, over], 2000, start=(1.0, 1.0))
    assert trajectories.diverged_at[0] < 0 and np.abs(trajectories.final[0]).max() < 1e-3
    assert trajectories.diverged_at[1] > 0


def test_coupled_weight_decay_lowers_the_stable_loss_scale_and_adaptive_runs_have_no_step_limit():
    decayed = OptimizerSpec("sgd", lr=0.05, weight_decay=2.0)  # γ·(s·25 + 2) < 2: s < 1.52
    adam = OptimizerSpec("adam", lr=0.05)
    stable, limit = results(bowl_of([decayed, adam]), {"kind": "stable_scale", "run": 0, "point": [0, 0]},
                            {"kind": "step_limit", "run": 1})
    assert stable.measured == pytest.approx((2 / 0.05 - 2.0) / 25.0, rel=1e-6)
    assert "(2/0.05 − 2)/25 = 1.52" in stable.message  # the arithmetic shown is the arithmetic done
    assert not limit.holds and "adam" in limit.message and "SGD, Momentum and Nesterov" in limit.message


def scene_on(formula, specs):
    return from_dict({"losslab_scene": 1, "surface": {"formula": formula}, "start": [1.0, 1.0],
                      "window": [-2, 2, -2, 2], "steps": 10, "optimizers": [s.to_dict() for s in specs]})


@pytest.mark.parametrize("formula, spec, claim, reason", [
    ("x^2 - y^2", OptimizerSpec("sgd", lr=0.05), "stable_scale", "curves downwards"),  # a saddle: never stable
    (BOWL, OptimizerSpec("sgd", lr=0.05, weight_decay=50.0), "stable_scale", "weight decay alone"),
    ("log(x) + y^2", OptimizerSpec("sgd", lr=0.05), "gauge_at", "undefined"),  # f undefined at x < 0
    (BOWL, OptimizerSpec("momentum", lr=0.05, momentum=0.9, dampening=1.0), "step_limit", "no step limit"),
])
def test_a_point_or_run_without_a_stable_scale_is_refused_in_one_line(formula, spec, claim, reason):
    args = {"kind": claim, "run": 0} | ({} if claim == "step_limit" else {"point": [-1.0, 0.0]})
    (result,) = results(scene_on(formula, [spec]), args)
    assert not result.holds and reason in result.message and "\n" not in result.message
