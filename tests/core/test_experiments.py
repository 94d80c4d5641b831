"""The experiments' claims, checked against the engine's numbers."""

import numpy as np
import pytest

from core.engine import run
from core.engine.sweep import sweep
from core.experiments import (
    EXPERIMENTS,
    compare,
    compare_scales,
    run_experiment,
    weighted_formula,
    weighted_surface,
)
from core.optim.spec import OptimizerSpec
from core.surfaces import get_surface, surface_from_formula

LINEAR = ("sgd", "momentum", "nesterov")


def diagonal_grid(ratio, n=9):
    """lr[i]·scale[j] depends only on i + j: the lines of constant lr × scale are anti-diagonals."""
    steps = np.arange(n) - n // 2
    return ratio ** steps.astype(float), ratio ** steps.astype(float)


def assert_equal_along_diagonals(result, tolerance):
    n = result.lr.size
    checked = 0
    for total in range(2 * n - 1):
        cells = [(i, total - i) for i in range(n) if 0 <= total - i < n]
        first = cells[0]
        for cell in cells[1:]:
            assert result.diverged_at[cell] == result.diverged_at[first]
            if result.diverged_at[first] >= 0:
                continue
            a, b = result.final_point[cell], result.final_point[first]
            assert np.abs(a - b).max() <= tolerance * (1 + np.abs(b).max()), (cell, a, b)
            assert abs(result.final_loss[cell] - result.final_loss[first]) \
                <= tolerance * abs(result.final_loss[first]) + 1e-300
            checked += 1
    assert checked > 20  # most cells ran to the end: the test compared real runs
    # ...while along the scale axis alone (fixed lr) the runs do differ: the product is what matters
    ends = result.final_loss[n // 2, [0, -1]]
    assert abs(ends[0] - ends[1]) > 0.1 * ends.max()


@pytest.mark.parametrize("kind", LINEAR)
def test_sgd_like_sweep_cells_are_equal_along_lr_times_scale_diagonals(kind):
    # A contracting surface: the runs agree to rounding (decimal factors round differently)
    lrs, scales = diagonal_grid(10.0 ** 0.25)
    result = sweep(get_surface("bowl"), OptimizerSpec(kind, lr=1.0), 0.02 * lrs, scales, 300)
    assert_equal_along_diagonals(result, 1e-12)


@pytest.mark.parametrize("kind", LINEAR)
def test_with_power_of_two_factors_the_diagonals_are_bit_identical_even_where_unstable(kind):
    # On Rosenbrock some cells bounce around the narrow valley, where a one-ulp difference would
    # grow to a visible one; with factors 2^k nothing is rounded, so they agree exactly anyway.
    lrs, scales = diagonal_grid(2.0)
    result = sweep(get_surface("rosenbrock"), OptimizerSpec(kind, lr=1.0), 1e-4 * lrs, scales, 300)
    assert_equal_along_diagonals(result, 0.0)


@pytest.mark.parametrize("kind", LINEAR)
def test_loss_times_s_is_lr_times_s_bit_for_bit_for_a_power_of_two(kind):
    surface = get_surface("canyon")
    for factor in (0.5, 0.125, 4.0):
        eq = compare(surface, [OptimizerSpec(kind, lr=0.005)], factor, 500)[0]
        assert eq.distance == 0.0 and eq.exact and eq.describe() == "0 (exact)"


@pytest.mark.parametrize("kind", LINEAR)
def test_a_factor_of_ten_agrees_to_rounding_at_every_step(kind):
    # 0.1·(10·g) and (0.1·10)·g round differently, so a few ulps, never more, at every step of 1,000
    surface = get_surface("canyon")
    eq = compare(surface, [OptimizerSpec(kind, lr=0.002)], 0.1, 1000)[0]
    assert eq.within_rounding and eq.distance < 1e-13 and eq.extent > 1.0
    assert eq.describe().startswith("≈0")


@pytest.mark.parametrize("kind", ["adam", "rmsprop", "adagrad"])
def test_adaptive_optimizers_are_not_lr_scale_equivalent_but_ignore_the_loss_scale(kind):
    surface = get_surface("bowl")
    spec = OptimizerSpec(kind, lr=0.05)
    assert compare(surface, [spec], 0.1, 300)[0].relative > 0.1
    assert compare_scales(surface, [spec], 0.1, 300)[0].relative < 1e-6


def test_adam_cells_agree_along_the_scale_axis_until_eps_dominates():
    surface = get_surface("bowl")
    lrs = np.geomspace(1e-3, 1e-1, 5)
    spec = OptimizerSpec("adam", lr=1e-2)
    negligible = sweep(surface, spec, lrs, np.geomspace(1e-2, 1e2, 5), 300)
    dominant = sweep(surface, spec, lrs, np.geomspace(1e-12, 1e-10, 3), 300)
    for i in range(lrs.size):
        ref = negligible.final_point[i, 2]
        spread = np.abs(negligible.final_point[i] - ref).max()
        moved = np.hypot(*(ref - surface.start))
        assert spread <= 1e-5 * moved, (lrs[i], spread)
        # ε ≫ √v̂: steps shrink with the loss scale and the end point stays near the start
        assert np.hypot(*(dominant.final_point[i, 0] - ref)) > 0.1 * moved


def test_epsilon_experiment_finds_the_crossover_near_eps_over_gradient():
    result = run_experiment("epsilon", eps=1e-8)
    scales = [float(row[0]) for row in result.rows]
    relative = [row[4] for row in result.rows]
    crossover = result.extra["crossover_scale"]
    for s, r in zip(scales, relative, strict=True):
        if s >= 1e3 * crossover:
            assert r < 1e-3
        if s <= crossover / 10:
            assert r > 0.1
    bigger_eps = run_experiment("epsilon", eps=1e-4)
    assert bigger_eps.extra["crossover_scale"] == pytest.approx(1e4 * crossover)


def test_weighted_surface_is_a_times_first_plus_b_times_second():
    first, second = "(x - 1)^2 + 3*y^2", "sin(x) + y^4"
    combined = weighted_surface(first, second, 2.5, 0.75)
    x, y = np.array([0.3, -1.2, 2.0]), np.array([0.1, 0.4, -0.7])
    f1, g1x, g1y = surface_from_formula(first).value_and_gradient(x, y)
    f2, g2x, g2y = surface_from_formula(second).value_and_gradient(x, y)
    f, gx, gy = combined.value_and_gradient(x, y)
    np.testing.assert_allclose(f, 2.5 * f1 + 0.75 * f2, rtol=1e-12)
    np.testing.assert_allclose(gx, 2.5 * g1x + 0.75 * g2x, rtol=1e-12)
    np.testing.assert_allclose(gy, 2.5 * g1y + 0.75 * g2y, rtol=1e-12)
    with pytest.raises(ValueError, match="weight a"):
        weighted_formula(first, second, float("nan"), 1.0)


def test_weighted_built_in_components_keep_the_first_surfaces_view():
    bowl, saddle = get_surface("bowl"), get_surface("saddle")
    combined = weighted_surface(bowl, saddle, 1.0, 0.1)
    assert combined.start == bowl.start and combined.window == bowl.window
    value = combined.value(np.array(0.5), np.array(-0.25))
    assert value == pytest.approx(bowl.value(np.array(0.5), np.array(-0.25))
                                  + 0.1 * saddle.value(np.array(0.5), np.array(-0.25)), rel=1e-12)


def test_two_losses_adam_changes_under_a_change_of_ratio_only():
    result = run_experiment("weighting", k=10.0)
    distance = {(row[0], row[1]): row[2] for row in result.rows}
    assert distance[("Adam", "a, b → k·a, k·b")] < 1e-6
    assert distance[("Adam", "a, b → a, k·b")] > 0.3
    assert distance[("Adam", "a, b → k·a, b")] > 0.3
    assert distance[("SGD", "a, b → k·a, k·b")] > 0.3  # for SGD a common factor is a learning rate


def test_two_losses_common_factor_matches_a_loss_scale_for_adam():
    first, second = "(x - 1)^2 + 3*(y - 1)^2", "3*(x + 1)^2 + (y + 1)^2"
    base = weighted_surface(first, second, 1.0, 2.0, start=(-2.5, 2.0))
    scaled = weighted_surface(first, second, 10.0, 20.0, start=(-2.5, 2.0))
    adam = OptimizerSpec("adam", lr=0.05)
    a = run(scaled, [adam], 300).points[0]
    b = run(base, [adam.replace(loss_scale=10.0)], 300).points[0]
    assert np.abs(a - b).max() < 1e-9


def test_weight_decay_breaks_sgds_equivalence_and_adamw_keeps_adams_invariance():
    result = run_experiment("weight-decay", decay=0.5)
    by_setting = {row[0]: row for row in result.rows}
    assert by_setting["SGD, λ = 0"][2] < 1e-12
    assert by_setting["SGD, λ = 0.5"][3] > 0.05
    assert by_setting["Momentum, λ = 0.5"][3] > 0.05
    assert by_setting["Adam (coupled L2), λ = 0.5"][3] > 0.01
    assert by_setting["AdamW (decoupled), λ = 0.5"][3] < 1e-6


def test_clipping_breaks_sgds_equivalence_only_when_it_clips():
    surface = get_surface("bowl")
    sgd = OptimizerSpec("sgd", lr=0.02)
    off, on, never = compare(surface, [sgd, sgd.replace(clip=1.0), sgd.replace(clip=1e6)], 10.0, 300)
    assert off.within_rounding and never.within_rounding
    assert on.relative > 0.1
    result = run_experiment("clipping")
    assert any(row[0].startswith("clip") and row[3] > 0.1 for row in result.rows)


def test_noise_keeps_the_equivalences_and_another_seed_does_not():
    surface = get_surface("bowl")
    sgd = OptimizerSpec("sgd", lr=0.05, noise=1.0, seed=3)
    same = compare(surface, [sgd, OptimizerSpec("momentum", lr=0.01, noise=1.0, seed=3)], 0.1, 300)
    assert all(eq.within_rounding for eq in same)
    adam = compare_scales(surface, [OptimizerSpec("adam", lr=0.05, noise=1.0, seed=3)], 0.1, 300)[0]
    assert adam.relative < 1e-6
    quiet = compare(surface, [sgd.replace(noise=0.0)], 1.0, 300)[0]
    noisy_path = run(surface, [sgd, sgd.replace(seed=4)], 300).points
    assert np.hypot(*(noisy_path[0] - noisy_path[1]).T).max() > 0.1 and quiet.exact


def test_every_experiment_has_numbers_and_an_explanation_with_equations():
    for name in EXPERIMENTS:
        result = run_experiment(name)
        assert result.rows and all(len(row) == len(result.columns) for row in result.rows)
        assert "θ ←" in result.explanation or "θ −" in result.explanation
        data = result.to_dict()
        assert data["name"] == name and data["rows"]
    assert "every step" in run_experiment("scale").explanation
    with pytest.raises(ValueError, match="unknown experiment"):
        run_experiment("nope")


def test_divergence_differences_are_not_called_equal():
    surface = get_surface("bowl")
    eq = compare_scales(surface, [OptimizerSpec("sgd", lr=0.3)], 2.0, 100)[0]  # ×2 makes γ·κ > 2
    assert not eq.same_divergence and "diverged" in eq.describe()


# --- issue 14: what the explanations and read-outs say ------------------------------------------------


def test_rounding_amplified_by_chaos_is_told_apart_from_a_real_difference():
    # Rastrigin, SGD lr 0.3, loss × 0.1 against lr × 0.1: one run in exact arithmetic, apart in floats
    chaotic = compare(get_surface("rastrigin"), [OptimizerSpec("sgd", lr=0.3)], 0.1, 100)[0]
    assert chaotic.distance > 5 and chaotic.amplified
    assert chaotic.first_gap < 1e-12 * chaotic.extent and chaotic.apart_from - chaotic.first_difference >= 3
    assert "rounding amplified by chaotic dynamics" in chaotic.describe()
    assert f"until step {chaotic.apart_from - 1}" in chaotic.describe()
    # a power of two leaves nothing to amplify
    assert compare(get_surface("rastrigin"), [OptimizerSpec("sgd", lr=0.3)], 0.5, 100)[0].exact
    # a real difference is large from its first step: clipping, weight decay, another seed
    surface = get_surface("bowl")
    clipped = compare(surface, [OptimizerSpec("sgd", lr=0.02, clip=1.0)], 10.0, 200)[0]
    decayed = compare(surface, [OptimizerSpec("sgd", lr=0.05, weight_decay=0.5)], 0.1, 200)[0]
    for eq in (clipped, decayed):
        assert eq.distance > 0.05 and not eq.amplified and eq.describe() == f"{eq.distance:.3g}"
    calm = compare(get_surface("canyon"), [OptimizerSpec("sgd", lr=0.002)], 0.1, 500)[0]
    assert calm.within_rounding and not calm.amplified and calm.to_dict()["amplified"] is False


def test_scale_text_carries_the_chaos_caveat():
    text = run_experiment("scale").explanation
    assert "every step" in text and "chaotic" in text and "Rastrigin" in text


def test_epsilon_text_quotes_its_own_table_and_measured_sgd_likeness():
    result = run_experiment("epsilon")
    text = result.explanation
    assert "1e-7 and less" not in text and "loss scaled by 1e-2 already behaves differently" not in text
    # item 3: the small distances quoted are the table's own rows
    for row in result.rows:
        if 0 < row[4] < 0.01:
            assert f"{row[3]:.2g} at s = {row[0]}" in text
    # item 13: Adam approaches SGD with lr γ/ε only far below ε, measured here against a run of that SGD
    far, near = result.extra["sgd_like_relative"]
    assert far < 1e-3 < 1e-2 < near
    assert f"{100 * far:.2g} %" in text and f"{100 * near:.2g} %" in text and "≪ ε" in text
    # item 14: fp16 underflow, not ε, is what loss scaling is for; GradScaler unscales before step()
    assert "can quietly slow Adam down" in text and "fp16 losses without" not in text
    assert "underflow" in text and "GradScaler" in text and "before optimizer.step()" in text
    assert float(np.float16(2.9e-8)) == 0.0 and float(np.float16(2.0 ** -24)) == 2.0 ** -24


def test_epsilon_text_only_eps_over_s_matters():
    # Adam with gradient s·∇f and ε is Adam with ∇f and ε/s: equal ε/s, equal runs
    surface = get_surface("bowl")
    runs = run(surface, [OptimizerSpec("adam", lr=0.05, eps=1e-8, loss_scale=1e-9),
                         OptimizerSpec("adam", lr=0.05, eps=0.1, loss_scale=1e-2)], 300).points
    assert np.hypot(*(runs[0] - runs[1]).T).max() < 1e-12
    assert "only through ε/s" in run_experiment("epsilon").explanation


def test_weighting_text_names_the_minimum_each_weight_pulls_toward():
    result = run_experiment("weighting")
    assert "toward L₂'s minimum (−1, −1) when b grows, toward L₁'s (1, 1)\nwhen a grows" in result.explanation
    ends = {(row[0], row[1]): np.array([float(v) for v in row[3].strip("()").split(",")]) for row in result.rows}
    for name in ("Adam", "SGD"):
        assert np.hypot(*(ends[(name, "a, b → a, k·b")] + 1)) < np.hypot(*(ends[(name, "a, b → k·a, k·b")] + 1))
        assert np.hypot(*(ends[(name, "a, b → k·a, b")] - 1)) < np.hypot(*(ends[(name, "a, b → k·a, k·b")] - 1))


def test_adamw_and_clipping_texts_state_the_order_and_the_condition():
    adamw = run_experiment("weight-decay").explanation
    assert "g = s·∇f is taken at θ, θ is shrunk" in adamw and "then Adam runs on" not in adamw
    clipping = run_experiment("clipping")
    assert "on steps where both are clipped" in clipping.explanation
    # both clipped on step 1 (‖s·∇f‖ > c for both): the loss-scaled run moves γ·c, the lr-scaled 10·γ·c
    surface = get_surface("bowl")
    p = run(surface, [OptimizerSpec("sgd", lr=0.02, clip=1.0, loss_scale=10.0),
                      OptimizerSpec("sgd", lr=0.2, clip=1.0)], 1).points
    assert np.hypot(*(p[0, 1] - p[0, 0])) == pytest.approx(0.02)
    assert np.hypot(*(p[1, 1] - p[1, 0])) == pytest.approx(0.2)
