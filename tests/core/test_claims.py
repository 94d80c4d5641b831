"""Claims as data: each kind measures what it says on runs computed independently here, false claims
fail, bad claims are refused when read, and notes quote measured numbers through checked placeholders."""

import math

import numpy as np
import pytest

from core.claims import (
    KINDS,
    Claim,
    ClaimError,
    evaluate,
    fill_notes,
    hessian,
    notes_errors,
    parse_claims,
    scene_notes,
)
from core.engine import run
from core.optim.spec import OptimizerSpec
from core.scene import from_dict
from core.surfaces import get_surface


def scene_of(specs, surface="canyon", steps=200, claims=(), notes="", **changes):
    """A scene as a file would hold it (read through core.scene, claims and all)."""
    return from_dict({"losslab_scene": 1, "surface": {"name": surface}, "steps": steps, "notes": notes,
                      "optimizers": [x.to_dict() for x in specs], "claims": list(claims), **changes})


def one(scene, claim):
    return evaluate(scene, parse_claims([claim]))[0]


SGD_PAIR = [OptimizerSpec("sgd", lr=0.03, loss_scale=0.1), OptimizerSpec("sgd", lr=0.003)]


def test_paths_equal_measures_the_largest_distance_over_all_steps():
    scene = scene_of(SGD_PAIR + [OptimizerSpec("adam", lr=0.05)])
    p = run(scene.surface, scene.effective_specs(), scene.steps).points
    result = one(scene, {"kind": "paths_equal", "runs": [0, 1], "tol": 1e-12})
    assert result.holds and result.measured == float(np.hypot(*(p[0] - p[1]).T).max()) < 1e-12
    # a deliberately false claim: SGD and Adam are not the same run
    false = one(scene, {"kind": "paths_equal", "runs": [0, 2], "tol": 1e-6})
    assert not false.holds and false.measured == float(np.hypot(*(p[0] - p[2]).T).max()) > 0.1
    assert f"{false.measured:.3g}" in false.message


def test_distance_range_and_paths_differ_on_a_window_of_steps():
    scene = scene_of([OptimizerSpec("sgd", lr=0.01), OptimizerSpec("sgd", lr=0.02)])
    p = run(scene.surface, scene.effective_specs(), scene.steps).points
    gap = np.hypot(*(p[0] - p[1]).T)
    early = one(scene, {"kind": "paths_differ", "runs": [0, 1], "to": 3, "min": 0.0})
    assert early.measured == float(gap[:4].max())
    late = one(scene, {"kind": "paths_differ", "runs": [0, 1], "from": 50, "min": 0.0})
    assert late.measured == float(gap[50:].max())
    at = one(scene, {"kind": "distance", "runs": [0, 1], "step": 7, "max": 0.0})
    assert at.measured == float(gap[7]) and not at.holds  # 0 is not ≥ a positive distance


def test_ghosts_are_the_runs_without_the_global_factors():
    scene = scene_of([OptimizerSpec("sgd", lr=0.01), OptimizerSpec("adam", lr=0.05)], loss_scale=0.01)
    sgd = one(scene, {"kind": "paths_differ", "runs": [0, "g0"], "min": 0.5})
    adam = one(scene, {"kind": "paths_equal", "runs": [1, "g1"], "tol": 1e-5})
    assert sgd.holds and adam.holds


def test_divergence_and_convergence_at_the_stability_limit():
    # canyon κ = 50: SGD is stable while γ·λmax < 2, i.e. γ < 0.04
    scene = scene_of([OptimizerSpec("sgd", lr=0.039), OptimizerSpec("sgd", lr=0.041)], steps=2000)
    assert one(scene, {"kind": "converges", "run": 0, "loss": 1e-8}).holds
    assert not one(scene, {"kind": "diverges", "run": 0}).holds
    diverged = one(scene, {"kind": "diverges", "run": 1})
    result = run(scene.surface, scene.effective_specs(), scene.steps)
    assert diverged.holds and diverged.measured == result.diverged_at[1] > 0
    assert not one(scene, {"kind": "diverges", "run": 1, "before": int(diverged.measured)}).holds
    assert not one(scene, {"kind": "converges", "run": 1, "loss": 1.0}).holds


def test_reaching_a_loss_or_a_point_first_step_and_never():
    scene = scene_of([OptimizerSpec("sgd", lr=0.035), OptimizerSpec("sgd", lr=0.0035)], steps=300)
    result = run(scene.surface, scene.effective_specs(), scene.steps)
    loss = result.loss
    first = int(np.argmax(loss[0] <= 1e-4))
    reach = one(scene, {"kind": "reaches_loss", "run": 0, "loss": 1e-4})
    assert reach.holds and reach.measured == first
    assert not one(scene, {"kind": "reaches_loss", "run": 0, "loss": 1e-4, "before": first}).holds
    assert one(scene, {"kind": "reaches_loss", "run": 0, "loss": 1e-4, "before": first + 1}).holds
    slow = one(scene, {"kind": "reaches_loss", "run": 1, "loss": 1e-4})
    assert not slow.holds and math.isnan(slow.measured)
    assert one(scene, {"kind": "reaches_loss", "run": 1, "loss": 1e-4, "never": True}).holds
    assert one(scene, {"kind": "reaches_before", "runs": [0, 1], "loss": 1e-4}).holds
    assert not one(scene, {"kind": "reaches_before", "runs": [1, 0], "loss": 1e-4}).holds
    near = one(scene, {"kind": "reaches_point", "run": 0, "point": [0.0, 0.0], "radius": 0.01})
    assert near.holds and near.measured > 0
    end = one(scene, {"kind": "ends_near", "run": 0, "point": [0.0, 0.0], "radius": 1e-3})
    assert end.holds and end.measured == float(np.hypot(*result.final[0]))
    assert not one(scene, {"kind": "ends_near", "run": 0, "point": [0.0, 0.0], "radius": end.measured / 2}).holds


def test_step_sizes_follow_torchs_rmsprop_first_step():
    # no bias correction: v₁ = (1 − α)g², so the first step is γ/√(1 − α) in each coordinate
    scene = scene_of([OptimizerSpec("rmsprop", lr=0.01, alpha=0.99)], surface="bowl")
    for coord in (0, 1):
        step = one(scene, {"kind": "step_size", "run": 0, "step": 1, "coord": coord})
        assert step.measured == pytest.approx(0.01 / math.sqrt(0.01), rel=1e-6)
    whole = one(scene, {"kind": "step_size", "run": 0, "step": 1, "min": 0.14, "max": 0.15})
    assert whole.holds and whole.measured == pytest.approx(0.1 * math.sqrt(2), rel=1e-6)
    p = run(scene.surface, scene.effective_specs(), scene.steps).points[0]
    largest = one(scene, {"kind": "max_step", "run": 0, "coord": 0, "from": 5, "to": 9})
    assert largest.measured == float(np.abs(np.diff(p[4:10, 0])).max())


def test_path_formulas_and_lengths():
    scene = scene_of([OptimizerSpec("sgd", lr=0.001)], surface="rosenbrock", steps=100)
    p = run(scene.surface, scene.effective_specs(), scene.steps).points[0]
    off = one(scene, {"kind": "path_max", "run": 0, "formula": "abs(y - x^2)", "from": 10})
    assert off.measured == pytest.approx(np.abs(p[10:, 1] - p[10:, 0] ** 2).max(), rel=1e-12)
    length = one(scene, {"kind": "path_length", "run": 0, "to": 50})
    assert length.measured == pytest.approx(np.hypot(*np.diff(p[:51], axis=0).T).sum(), rel=1e-12)
    crossing = one(scene, {"kind": "crosses", "run": 0, "formula": "x", "level": p[20, 0]})
    assert crossing.measured == int(np.argmax(p[:, 0] >= p[20, 0]))


def test_surface_quantities_match_the_analytic_hessian():
    rosen = get_surface("rosenbrock")
    for x in (-1.2, 0.0, 0.5, 1.0):
        y = x * x
        exact = np.array([[2 - 400 * (y - 3 * x * x), -400 * x], [-400 * x, 200.0]])
        assert np.allclose(hessian(rosen, x, y), exact, rtol=1e-6, atol=1e-4)
        eig = np.linalg.eigvalsh(exact)
        scene = scene_of([OptimizerSpec("sgd", lr=1e-3)], surface="rosenbrock", steps=1)
        ratio = one(scene, {"kind": "value", "quantity": "hessian_ratio", "point": [x, y]})
        assert ratio.measured == pytest.approx(abs(eig).max() / abs(eig).min(), rel=1e-6)


def test_bad_claims_are_refused_with_the_reason():
    cases = [
        ({"kind": "paths_equal", "runs": [0, 1]}, "missing tol"),
        ({"kind": "paths_equal", "runs": [0], "tol": 1}, "two runs"),
        ({"kind": "paths_equal", "runs": [0, "ghost"], "tol": 1}, "ghost"),
        ({"kind": "diverges", "run": 0, "before": -1}, "whole number"),
        ({"kind": "value", "quantity": "nope", "point": [0, 0]}, "unknown quantity"),
        ({"kind": "ends_near", "run": 0, "point": [0], "radius": 1}, "[x, y]"),
        ({"kind": "converges", "run": 0, "loss": float("nan")}, "finite"),
        ({"kind": "converges", "run": 0, "loss": 1, "id": "1x"}, "'id'"),
        ({"kind": "reaches_before", "runs": [0, 1]}, "either 'loss' or 'point'"),
        ({"kind": "converges", "run": 0, "loss": 1, "tol": 1}, "unknown field"),
    ]
    for claim, reason in cases:
        with pytest.raises(ClaimError, match=None) as info:
            parse_claims([claim])
        assert reason in str(info.value), (claim, str(info.value))
    with pytest.raises(ClaimError, match="used twice"):
        parse_claims([{"kind": "diverges", "run": 0, "id": "a"}, {"kind": "diverges", "run": 1, "id": "a"}])


def test_a_claim_the_scene_cannot_answer_fails_instead_of_raising():
    scene = scene_of(SGD_PAIR, steps=50)
    missing = one(scene, {"kind": "paths_equal", "runs": [0, 5], "tol": 1})
    late = one(scene, {"kind": "step_size", "run": 0, "step": 51})
    assert not missing.holds and "does not exist" in missing.message
    assert not late.holds and "beyond" in late.message


def test_every_kind_is_documented_and_round_trips_through_a_scene_file():
    claims = [{"kind": "paths_equal", "runs": [0, "g1"], "tol": 1e-12, "id": "gap", "about": "pair"}]
    scene = scene_of(SGD_PAIR, claims=claims)
    again = from_dict(scene.to_dict())
    assert again.claims == scene.claims and again.claims[0] == Claim("paths_equal", {k: v for k, v in claims[0].items()
                                                                                      if k != "kind"})
    import core.claims as module
    assert all(kind in module.__doc__ for kind in KINDS)


def test_notes_quote_measured_numbers_and_unknown_placeholders_are_check_errors():
    claims = [{"kind": "paths_equal", "runs": [0, 1], "tol": 1e-12, "id": "gap"},
              {"kind": "reaches_loss", "run": 0, "loss": 1.0, "id": "when"}]
    notes = "apart by {gap:.1g}; loss 1 at step {when}; braces {{kept}}"
    scene = scene_of(SGD_PAIR, steps=400, claims=claims, notes=notes)
    results = evaluate(scene)
    assert notes_errors(notes, scene.claims) == []
    text = fill_notes(notes, results)
    assert text == (f"apart by {results[0].measured:.1g}; loss 1 at step {int(results[1].measured)}; "
                    "braces {kept}")
    assert scene_notes(scene) == text
    # an unknown id, a bad format and stray braces are errors of the check, never of the display
    for bad, reason in (("{nope}", "names no claim"), ("{gap:.2q}", "bad format"), ("a { b", "malformed"),
                        ("{gap!r}", "conversion")):
        assert any(reason in e for e in notes_errors(bad, scene.claims)), bad
        assert isinstance(fill_notes(bad, results), str)
    assert fill_notes("{nope} and {gap:.2q}", results) == "{nope} and {gap:.2q}"


def test_a_never_reached_value_is_shown_as_a_dash_not_nan():
    claims = [{"kind": "reaches_loss", "run": 1, "loss": 1e-12, "id": "never"}]
    scene = scene_of(SGD_PAIR, steps=20, claims=claims, notes="step {never}")
    assert scene_notes(scene) == "step —"


def test_a_claim_can_be_evaluated_at_other_global_factors():
    scene = scene_of([OptimizerSpec("sgd", lr=0.01), OptimizerSpec("adam", lr=0.05)])
    moved = scene.with_changes(loss_scale=10.0)
    p = run(moved.surface, moved.effective_specs() + moved.reference_specs(), moved.steps).points
    sgd = one(scene, {"kind": "paths_differ", "runs": [0, "g0"], "min": 0.1, "with": {"loss_scale": 10}})
    assert sgd.holds and sgd.measured == float(np.hypot(*(p[0] - p[2]).T).max()) and "loss_scale = 10" in sgd.message
    assert one(scene, {"kind": "paths_equal", "runs": [0, "g0"], "tol": 0.0}).holds  # the scene itself: 1
    locked = one(scene, {"kind": "paths_equal", "runs": [0, "g0"], "tol": 1e-12,
                         "with": {"lr_factor": 10, "loss_scale": 0.1}})
    assert locked.holds  # lr × 10 and loss × 0.1: γ·s unchanged
    outside = one(scene, {"kind": "paths_equal", "runs": [0, 1], "tol": 1, "with": {"loss_scale": 1e9}})
    assert not outside.holds and "loss_scale" in outside.message
    for bad in ({"steps": 3}, {"loss_scale": -1}, {}, [1]):
        with pytest.raises(ClaimError, match="'with'"):
            parse_claims([{"kind": "diverges", "run": 0, "with": bad}])


def test_a_number_too_large_for_a_float_in_a_claim_is_refused_not_raised():
    from core.claims import ClaimError, parse_claims

    parse_claims([{"kind": "ends_near", "run": 0, "point": [1, 0], "radius": 1}])  # the same claim, readable
    with pytest.raises(ClaimError, match="'point' must be"):
        parse_claims([{"kind": "ends_near", "run": 0, "point": [10**400, 0], "radius": 1}])


def test_the_default_scene_says_only_what_its_claims_measure():
    from core.claims import check_scene, scene_notes
    from core.scene import default_scene

    scene = default_scene()
    results, errors = check_scene(scene)  # both languages' placeholders, every claim
    assert errors == [] and len(results) >= 7
    assert all(result.holds for result in results), [r for r in results if not r.holds]
    for lang in ("en", "zh_CN"):
        text = scene_notes(scene, results, lang=lang)
        assert "{" not in text and "}" not in text
