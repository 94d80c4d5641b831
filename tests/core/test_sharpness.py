"""Hessian eigenvalues from Hessian-vector products, checked against the full Hessian (torch.autograd)."""

import numpy as np
import pytest
import torch

from core.engine.run import Cancelled
from core.training.landscape import NetLoss, flatten, make_mlp
from core.training.sharpness import edge_of_stability, hvp_operator, lambda_max, lanczos, power_iteration


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    """One torch thread: tiny tensors on a shared 2-core machine run faster without thread hand-offs."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)

@pytest.fixture(scope="module")
def small_net():
    """A 5-10-10-3 tanh MLP (203 parameters) on 60 random points, in float64, and its full Hessian."""
    gen = torch.Generator().manual_seed(4)
    x = torch.randn(60, 5, generator=gen, dtype=torch.float64)
    y = torch.randint(0, 3, (60,), generator=gen)
    model = make_mlp(5, 3, 2, 10, "tanh", seed=1)
    net = NetLoss(model, x, y, loss="cross_entropy", dtype=torch.float64)
    theta = flatten(model).double()
    hessian = torch.autograd.functional.hessian(net, theta)
    assert net.n_params == 203 and hessian.shape == (203, 203)
    return net, theta, hessian


def test_hvp_is_the_hessian_times_the_vector(small_net):
    net, theta, hessian = small_net
    v = torch.randn(theta.numel(), generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    torch.testing.assert_close(hvp_operator(net, theta)(v), hessian @ v, rtol=1e-10, atol=1e-12)


def test_lanczos_lambda_max_matches_eigvalsh_of_the_full_hessian(small_net):
    net, theta, hessian = small_net
    exact = torch.linalg.eigvalsh(hessian).numpy()
    found = lanczos(net, theta, k=1, max_iter=300, tol=1e-10, seed=0)
    assert found.converged
    assert abs(found.lambda_max - exact[-1]) <= 1e-6 * abs(exact[-1])
    assert abs(lambda_max(net, theta, max_iter=300, tol=1e-10) - exact[-1]) <= 1e-6 * abs(exact[-1])


def test_lanczos_top_three_pairs_match_the_full_hessian(small_net):
    net, theta, hessian = small_net
    values, vectors = torch.linalg.eigh(hessian)
    found = lanczos(net, theta, k=3, max_iter=300, tol=1e-10, seed=2)
    top = values.numpy()[::-1][:3]
    np.testing.assert_allclose(found.values, top, rtol=1e-6)
    for i in range(3):
        exact_vec = vectors[:, -1 - i].numpy()
        assert abs(abs(found.vectors[i] @ exact_vec) - 1.0) < 1e-6
        assert np.linalg.norm(found.vectors[i]) == pytest.approx(1.0, abs=1e-12)


def test_power_iteration_finds_the_largest_magnitude_eigenvalue(small_net):
    net, theta, hessian = small_net
    exact = torch.linalg.eigvalsh(hessian).numpy()
    target = exact[np.argmax(np.abs(exact))]
    found = power_iteration(net, theta, max_iter=2000, tol=1e-13, seed=0)
    assert found.converged
    assert abs(found.values[0] - target) <= 1e-6 * abs(target)


def test_lanczos_is_seeded_and_cancellable(small_net):
    net, theta, _ = small_net
    a = lanczos(net, theta, k=1, max_iter=8, tol=1e-14, seed=5)
    b = lanczos(net, theta, k=1, max_iter=8, tol=1e-14, seed=5)
    assert a.values[0] == b.values[0] and a.hvps == b.hvps == 8
    with pytest.raises(Cancelled):
        lanczos(net, theta, k=1, max_iter=50, progress=lambda f: f < 0.1)


@pytest.mark.parametrize("kwargs", [{"k": 0}, {"k": 1000}, {"max_iter": 0}, {"tol": -1.0}, {"k": 1.5}])
def test_bad_eigen_requests_are_refused(small_net, kwargs):
    net, theta, _ = small_net
    with pytest.raises(ValueError):
        lanczos(net, theta, **kwargs)


def test_edge_of_stability_series_is_gd_and_its_sharpness():
    series = edge_of_stability(lr=0.3, steps=12, every=6, depth=1, width=8, n_train=120, max_iter=200, tol=1e-8,
                               dtype=torch.float64)
    assert series.threshold == pytest.approx(2 / 0.3)
    assert list(series.sharpness_steps) == [0, 6, 12]
    assert series.loss.shape == (13,) and np.all(np.isfinite(series.loss))
    assert series.n_params == 64 * 8 + 8 + 8 * 10 + 10 and series.n_train == 120
    d = series.to_dict()
    assert d["steps"][-1] == 12 and len(d["sharpness"]) == 3 and d["threshold"] == pytest.approx(20 / 3)
    # replay the first GD step by hand and check the loss and sharpness at step 0 and 1
    from core.training.digits import digits_split
    from core.training.landscape import init_seed

    split = digits_split(seed=0)
    x = split.x_train[:120] - split.x_train[:120].mean(axis=0)
    model = make_mlp(64, 10, 1, 8, "tanh", seed=init_seed(0))
    net = NetLoss(model, x, split.y_train[:120], loss="half_sq", dtype=torch.float64)
    theta = flatten(model).double().requires_grad_(True)
    loss0 = net(theta)
    assert float(loss0.detach()) == pytest.approx(series.loss[0], rel=1e-12)
    grad = torch.autograd.grad(loss0, theta)[0]
    theta1 = (theta - 0.3 * grad).detach()
    assert float(net(theta1)) == pytest.approx(series.loss[1], rel=1e-10)
    exact0 = torch.linalg.eigvalsh(torch.autograd.functional.hessian(net, theta.detach()))[-1].item()
    assert series.sharpness[0] == pytest.approx(exact0, rel=1e-6)


@pytest.mark.parametrize("diag, k, top", [
    ([3.0, 2.0, 1.0], 3, [3.0, 2.0, 1.0]),
    ([5.0, 5.0, 1.0, 0.5], 2, [5.0, 5.0]),  # a repeated eigenvalue: found twice after an orthogonal restart
    ([1.0, 0.0, 0.0, 0.0], 2, [1.0, 0.0]),  # rank one
    ([-4.0, 1.0, 0.5], 1, [1.0]),  # the largest algebraic eigenvalue, not the largest in size
])
def test_lanczos_on_quadratics_with_invariant_krylov_spaces(diag, k, top):
    a = torch.diag(torch.tensor(diag, dtype=torch.float64))
    found = lanczos(lambda th: 0.5 * th @ a @ th, torch.full((len(diag),), 0.1, dtype=torch.float64), k=k,
                    max_iter=50, tol=1e-10)
    assert found.converged
    np.testing.assert_allclose(found.values, top, atol=1e-12)
    for value, vector in zip(found.values, found.vectors, strict=True):
        np.testing.assert_allclose(a.numpy() @ vector, value * vector, atol=1e-10)


def test_edge_of_stability_summaries_follow_their_definitions():
    from core.training.sharpness import EdgeOfStability

    series = EdgeOfStability(0.5, np.arange(5), np.ones(5), np.array([0, 1, 2, 3, 4]),
                             np.array([1.0, 4.2, 3.5, 4.5, 3.9]), 10, 5, 0.0, {})
    assert series.threshold == 4.0 and series.first_reach() == 1
    assert series.first_reach(0.25) == 0 and series.first_reach(0.5) == 1
    np.testing.assert_allclose(series.after_reach(), [1.05, 0.875, 1.125, 0.975])
    assert series.hover_band() == pytest.approx((0.875, 1.125))
    assert series.share_within(0.1) == 0.5
    never = EdgeOfStability(0.5, np.arange(2), np.ones(2), np.array([0, 1]), np.array([1.0, 2.0]), 10, 5, 0.0, {})
    assert never.first_reach() is None and never.hover_band() is None and never.share_within() is None
