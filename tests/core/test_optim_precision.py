"""Mixed-precision gradients (OptimizerSpec.grad_dtype): s·∇f rounded as a half-precision backward
returns it, unscaled by s before clipping and the step — checked against torch's own conversions and
against torch.optim fed gradients converted the same way."""

import numpy as np
import pytest
import torch
from torch_oracle import torch_function, torch_optimizer

from core.engine import run
from core.engine.kernel import to_format as compiled_to_format
from core.engine.sweep import sweep
from core.optim.precision import FORMAT_CODES, GRAD_DTYPES, to_format
from core.optim.spec import OptimizerSpec
from core.surfaces import get_surface, surface_from_formula

TORCH = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


def _hard_values():
    rng = np.random.default_rng(3)
    spread = rng.standard_normal(4000) * 10.0 ** rng.uniform(-50, 45, 4000)
    edges = [0.0, -0.0, 65504.0, 65519.99, 65520.0, -65520.0, 2.0**-24, 2.0**-25, 3 * 2.0**-26, 1e-8, 6e-8,
             3.4e38, 3.4028235e38, 3.41e38, 1 + 2.0**-11, 1 + 3 * 2.0**-11, 1 + 2.0**-8, 1 + 3 * 2.0**-8,
             2.0**-149, 2.0**-150, 2.0**-133, 1.5 * 2.0**-133, np.inf, -np.inf]
    return np.concatenate([spread, edges])


@pytest.mark.parametrize("dtype", GRAD_DTYPES)
def test_rounding_is_torchs_conversion_bit_for_bit(dtype):
    values = _hard_values()
    expected = torch.tensor(values, dtype=torch.float64).to(TORCH[dtype]).double().numpy()
    code = FORMAT_CODES[dtype]
    python = np.array([to_format(float(v), code) for v in values])
    compiled = np.array([compiled_to_format(float(v), code) for v in values])
    np.testing.assert_array_equal(python, expected)
    np.testing.assert_array_equal(compiled, expected)
    assert np.isnan(to_format(np.nan, code)) and to_format(1.25, 0) == 1.25


def torch_mixed_precision(formula, spec, start, steps, noise=None):
    """torch.optim stepped on grad = (s·∇f [+ s·σ·ξ]).to(dtype).double() / s, clipped, as
    GradScaler.unscale_ hands it to clip_grad_norm_ and step()."""
    f = torch_function(formula)
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(spec, [theta])
    path = [theta.detach().numpy().copy()]
    for t in range(steps):
        opt.zero_grad()
        (f(theta) * spec.loss_scale).backward()
        if spec.noise:
            theta.grad += spec.loss_scale * spec.noise * torch.from_numpy(noise[t])
        theta.grad = theta.grad.to(TORCH[spec.grad_dtype]).double() / spec.loss_scale
        if spec.clip:
            torch.nn.utils.clip_grad_norm_([theta], spec.clip)
        opt.step()
        path.append(theta.detach().numpy().copy())
    return np.array(path)


CASES = [
    OptimizerSpec("sgd", lr=1e-3, grad_dtype="float16"),
    OptimizerSpec("momentum", lr=5e-4, loss_scale=1e-4, grad_dtype="float16"),  # subnormal gradients
    OptimizerSpec("adam", lr=5e-3, loss_scale=1024.0, clip=50.0, grad_dtype="bfloat16"),
    OptimizerSpec("rmsprop", lr=3e-3, weight_decay=0.01, grad_dtype="float32"),
    OptimizerSpec("adamw", lr=5e-3, loss_scale=8.0, grad_dtype="float16"),
    OptimizerSpec("adagrad", lr=5e-2, loss_scale=1e-3, grad_dtype="bfloat16"),
]


SURFACES = [get_surface("rosenbrock"), surface_from_formula("sin(x)*cos(y) + 0.1*(x^2 + y^2)")]


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_engine_matches_torch_fed_rounded_gradients(surface):
    start, steps = (-1.2, 1.0), 250
    result = run(surface, CASES, steps, start=start)
    plain = run(surface, [spec.replace(grad_dtype=None) for spec in CASES], steps, start=start)
    assert (result.diverged_at == -1).all()
    for i, spec in enumerate(CASES):
        expected = torch_mixed_precision(surface.formula, spec, start, steps)
        np.testing.assert_allclose(result.points[i], expected, rtol=1e-12, atol=1e-12, err_msg=str(spec))
        if spec.grad_dtype != "float32":  # the half formats change the path; float32 barely does
            assert np.abs(result.points[i] - plain.points[i]).max() > 1e-9, spec


def test_a_half_gradient_underflows_or_overflows_with_the_wrong_loss_scale():
    surface = get_surface("bowl")
    tiny = OptimizerSpec("sgd", lr=0.1, loss_scale=1e-9, grad_dtype="float16")  # s·∇f below 2⁻²⁵: all 0
    huge = OptimizerSpec("sgd", lr=0.1, loss_scale=1e5, grad_dtype="float16")  # s·∇f above 65504: inf
    out = run(surface, [tiny, huge, tiny.replace(grad_dtype="float32")], 20)  # float32 holds s·∇f: it moves
    assert (out.points[0] == out.points[0, 0]).all()  # never moved: every gradient rounded to 0
    assert out.diverged_at[1] == 1
    assert out.diverged_at[2] == -1 and np.abs(out.points[2, -1] - out.points[2, 0]).max() > 0.1


def test_noise_then_rounding_matches_torch_and_sweeps_round_the_same_way():
    from core.engine.run import noise_streams

    surface = get_surface("canyon")
    spec = OptimizerSpec("adam", lr=5e-3, noise=0.5, seed=7, loss_scale=2.0**-14, grad_dtype="float16")
    streams, _ = noise_streams(np.array([7]), np.array([spec.row()]), 200)
    expected = torch_mixed_precision(surface.formula, spec, (-4.5, -0.5), 200, noise=streams[0])
    result = run(surface, [spec], 200, start=(-4.5, -0.5))
    np.testing.assert_allclose(result.points[0], expected, rtol=1e-12, atol=1e-12)
    lrs, scales = np.geomspace(1e-4, 1e-1, 16), np.geomspace(1e-8, 1e6, 8)
    grid = sweep(surface, spec, lrs, scales, 150, start=(-4.5, -0.5))  # the lockstep kernel
    cells = [spec.replace(lr=float(lr), loss_scale=float(s)) for lr in lrs for s in scales]
    one_by_one = run(surface, cells, 150, start=(-4.5, -0.5))
    np.testing.assert_array_equal(grid.final_point.reshape(-1, 2), one_by_one.final)
    np.testing.assert_array_equal(grid.diverged_at.ravel(), one_by_one.diverged_at)
    assert (grid.diverged_at >= 0).any() and (grid.diverged_at < 0).any()


def test_grad_dtype_is_validated_saved_and_shown():
    with pytest.raises(ValueError, match="^grad_dtype must be one of float32, float16, bfloat16"):
        OptimizerSpec("adam", grad_dtype="half")
    spec = OptimizerSpec("adamw", grad_dtype="bfloat16")
    assert OptimizerSpec.from_dict(spec.to_dict()) == spec
    assert "grad_dtype" not in OptimizerSpec("adam").to_dict()  # scene files without it are unchanged
    assert spec.equation.splitlines()[0] == "g ← bfloat16(s∇f(θ)) / s"
    assert spec.replace(kind="sgd").grad_dtype == "bfloat16"
