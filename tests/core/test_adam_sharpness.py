"""Adam's preconditioned sharpness λmax(P·H), P = diag(1/(√v̂ + ε)): checked against the eigenvalues of the
explicit matrix, Adam's own state, and the bound of Cohen et al. (2022)."""

import numpy as np
import pytest
import torch

from core.engine.run import Cancelled
from core.training.landscape import NetLoss, flatten, make_mlp
from core.training.sharpness import (
    adam_bound,
    adam_preconditioner,
    hvp_operator,
    lanczos,
    power_iteration,
    preconditioned_sharpness_along,
    rebuild_adam_preconditioners,
)

STEPS = 6


@pytest.fixture(scope="module")
def adam_run(one_torch_thread):
    """A 5-10-10-3 tanh MLP (203 parameters) trained STEPS full-batch Adam steps in float64: its path (every
    step), the optimizer's own p = 1/(√v̂ + ε) after each step, and the full Hessian at the last point."""
    gen = torch.Generator().manual_seed(4)
    x = torch.randn(60, 5, generator=gen, dtype=torch.float64)
    y = torch.randint(0, 3, (60,), generator=gen)
    model = make_mlp(5, 3, 2, 10, "tanh", seed=1)
    net = NetLoss(model, x, y, loss="cross_entropy", dtype=torch.float64)
    theta = flatten(model).double().clone().requires_grad_(True)
    optimizer = torch.optim.Adam([theta], lr=0.01, betas=(0.9, 0.999), eps=1e-8)
    path, own, moments = [theta.detach().clone()], [None], [None]
    for _ in range(STEPS):
        optimizer.zero_grad()
        net(theta).backward()
        optimizer.step()
        path.append(theta.detach().clone())
        own.append(adam_preconditioner(optimizer))
        moments.append(optimizer.state[theta]["exp_avg"].clone())
    hessian = torch.autograd.functional.hessian(net, path[-1])
    assert net.n_params == 203
    return net, torch.stack(path), own, hessian, moments


def gradient(net):
    def grad(row):
        point = torch.as_tensor(row).requires_grad_(True)
        return torch.autograd.grad(net(point), point)[0].numpy()
    return grad


def test_the_preconditioner_is_what_adam_divides_its_step_by(adam_run):
    net, path, own, _, moments = adam_run
    for t in range(1, STEPS + 1):
        # Adam's step t: Δθ = −η/(1 − β₁ᵗ) · m_t / (√v̂_t + ε) = −η/(1 − β₁ᵗ) · m_t · p_t
        expected = -0.01 / (1 - 0.9 ** t) * moments[t] * own[t]
        torch.testing.assert_close(path[t] - path[t - 1], expected, rtol=1e-9, atol=1e-15)
    p = own[-1]
    assert p.shape == (203,) and float(p.max()) > 10 * float(p.min())  # a real, non-uniform preconditioner


def test_rebuilding_p_from_every_steps_gradient_gives_adams_own_state(adam_run):
    net, path, own, _, _ = adam_run
    rebuilt = rebuild_adam_preconditioners(gradient(net), np.arange(STEPS + 1), path.numpy())
    assert np.all(np.isnan(rebuilt[0]))  # no second moment before the first step
    for t in range(1, STEPS + 1):
        np.testing.assert_allclose(rebuilt[t], own[t].numpy(), rtol=1e-9)


def test_a_coarser_record_holds_each_recorded_gradient_until_the_next_point(adam_run):
    net, path, own, _, _ = adam_run
    rows = path.numpy()[[0, 3, STEPS]]
    rebuilt = rebuild_adam_preconditioners(gradient(net), np.array([0, 3, STEPS]), rows)
    g0, g3 = gradient(net)(rows[0]), gradient(net)(rows[1])
    b2 = 0.999
    v3 = (1 - b2 ** 3) * g0 ** 2
    v6 = b2 ** 3 * v3 + (1 - b2 ** 3) * g3 ** 2
    np.testing.assert_allclose(rebuilt[1], 1 / (np.sqrt(v3 / (1 - b2 ** 3)) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(rebuilt[2], 1 / (np.sqrt(v6 / (1 - b2 ** STEPS)) + 1e-8), rtol=1e-12)
    assert not np.allclose(rebuilt[2], own[-1].numpy(), rtol=1e-3)  # an approximation of Adam's own state
    with pytest.raises(ValueError, match="increasing"):
        rebuild_adam_preconditioners(gradient(net), np.array([0, 3, 3]), rows)


def test_preconditioned_lambda_max_matches_eigvals_of_the_explicit_matrix(adam_run):
    net, path, own, hessian, _ = adam_run
    p = own[-1]
    explicit = torch.diag(p) @ hessian  # not symmetric: its eigenvalues are those of P^½ H P^½, real
    exact = torch.linalg.eigvals(explicit)
    top = float(exact.real.max())
    assert float(exact.imag.abs().max()) < 1e-8 * top
    found = lanczos(net, path[-1], k=1, max_iter=300, tol=1e-10, seed=0, precondition=p)
    assert found.converged and abs(found.lambda_max - top) <= 1e-6 * top
    power = power_iteration(net, path[-1], max_iter=5000, tol=1e-14, seed=0, precondition=p)
    assert abs(power.lambda_max - top) <= 1e-6 * top
    # and it is not the plain sharpness: the preconditioner changes the answer by orders of magnitude
    plain = float(torch.linalg.eigvalsh(hessian)[-1])
    assert top > 100 * plain


def test_the_symmetric_form_is_the_similar_matrix(adam_run):
    net, path, own, hessian, _ = adam_run
    p = own[-1]
    v = torch.randn(203, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    expected = p.sqrt() * (hessian @ (p.sqrt() * v))
    torch.testing.assert_close(hvp_operator(net, path[-1], p)(v), expected, rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match="finite positive"):
        hvp_operator(net, path[-1], -p)
    with pytest.raises(ValueError, match="finite positive"):
        hvp_operator(net, path[-1], p[:10])


def test_along_a_path_each_point_uses_its_own_preconditioner(adam_run):
    net, path, own, hessian, _ = adam_run
    rows = path.numpy()[[0, STEPS]]
    pre = np.vstack([np.full(203, np.nan), own[-1].numpy()])
    values = preconditioned_sharpness_along(net, rows, pre, max_iter=300, tol=1e-10, dtype=torch.float64)
    top = float(torch.linalg.eigvals(torch.diag(own[-1]) @ hessian).real.max())
    assert np.isnan(values[0]) and abs(values[1] - top) <= 1e-6 * top
    with pytest.raises(Cancelled):
        preconditioned_sharpness_along(net, rows, pre, progress=lambda f: False)
    with pytest.raises(ValueError, match="shape"):
        preconditioned_sharpness_along(net, rows, pre[:, :5])


def test_the_bound_is_cohens():
    assert adam_bound(0.01, 0.9) == pytest.approx(38 / 0.01)
    assert adam_bound(0.1, 0.0) == pytest.approx(2 / 0.1)  # β₁ = 0: gradient descent's 2/η
    with pytest.raises(ValueError):
        adam_bound(0.0)
