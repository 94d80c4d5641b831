"""Loss-landscape planes, slices and projections, checked against direct torch computations."""

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from core.engine.run import Cancelled
from core.training.digits import digits_split
from core.training.landscape import (
    NetLoss,
    Plane,
    compute_slice,
    default_extent,
    filter_normalize,
    flatten,
    iter_slice,
    make_mlp,
    make_plane,
    path_readout,
    pca_plane,
    project,
    random_plane,
    train_twin_paths,
    unflatten,
)
from core.training.optim_spec import OptimSpec


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    """One torch thread: tiny tensors on a shared 2-core machine run faster without thread hand-offs."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)

@pytest.fixture(scope="module")
def digits_small():
    split = digits_split(seed=0)
    return split.x_train[:200], split.y_train[:200]


@pytest.fixture(scope="module")
def twins(digits_small):
    """A 64-12-10 relu MLP (910 parameters) trained 30 full-batch steps by Adam (A) and SGD (B), float64."""
    x, y = digits_small
    model = make_mlp(64, 10, 1, 12, "relu", seed=3, dtype=torch.float64)
    specs = {"a": OptimSpec.parse("optimizer=adam,lr=0.01"), "b": OptimSpec.parse("optimizer=sgd,lr=0.5")}
    paths = train_twin_paths(model, x, y, specs, steps=30, dtype=torch.float64)
    return model, paths


def direct_loss(model, theta, x, y):
    """The loss computed the plain way: parameters copied into a fresh model, then F.cross_entropy."""
    net = copy.deepcopy(model).double().eval()
    torch.nn.utils.vector_to_parameters(torch.as_tensor(theta, dtype=torch.float64), net.parameters())
    with torch.no_grad():
        return float(F.cross_entropy(net(torch.as_tensor(x, dtype=torch.float64)), torch.as_tensor(y)))


def test_flatten_and_unflatten_round_trip():
    model = make_mlp(3, 2, 2, 4, "tanh", seed=0)
    theta = flatten(model)
    assert theta.shape == (sum(p.numel() for p in model.parameters()),)
    parts = unflatten(model, theta)
    for (name, p), (name2, q) in zip(model.named_parameters(), parts.items(), strict=True):
        assert name == name2 and torch.equal(p.detach(), q)
    with pytest.raises(ValueError, match="entries"):
        unflatten(model, theta[:-1])


@pytest.mark.parametrize("kind", ["pca", "random", "hessian"])
def test_plane_loss_at_grid_points_equals_the_network_loss_there(twins, digits_small, kind):
    model, paths = twins
    x, y = digits_small
    net = NetLoss(model, x, y, dtype=torch.float64)
    plane = make_plane(kind, net, [paths.paths["a"], paths.paths["b"]], seed=7)
    extent = (-1.5, 2.0, -1.0, 0.5)
    sl = compute_slice(net, plane, extent, grid=5)
    assert sl.loss.shape == (5, 5) and sl.extent == extent
    for j, i in [(0, 0), (2, 3), (4, 4), (1, 0)]:
        theta = plane.origin + sl.alphas[i] * plane.d1 + sl.betas[j] * plane.d2
        assert sl.loss[j, i] == pytest.approx(direct_loss(model, theta, x, y), rel=1e-12)


def test_float32_slice_agrees_with_float64(twins, digits_small):
    model, paths = twins
    x, y = digits_small
    plane = pca_plane([paths.paths["a"], paths.paths["b"]])
    loss64 = compute_slice(NetLoss(model, x, y, dtype=torch.float64), plane, (-2, 2, -2, 2), grid=7).loss
    loss32 = compute_slice(NetLoss(model, x, y, dtype=torch.float32), plane, (-2, 2, -2, 2), grid=7).loss
    np.testing.assert_allclose(loss32, loss64, rtol=1e-4)


def test_models_outside_the_mlp_fast_path_use_vmap_and_agree(digits_small):
    x, y = digits_small
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 8), nn.LayerNorm(8), nn.Tanh(), nn.Linear(8, 10)).double()
    net = NetLoss(model, x, y, dtype=torch.float64)
    assert net._mlp is None
    theta = flatten(model).numpy()
    plane = random_plane(model, theta, seed=1)
    sl = compute_slice(net, plane, (-1, 1, -1, 1), grid=3)
    for j, i in [(0, 0), (1, 2), (2, 1)]:
        point = plane.origin + sl.alphas[i] * plane.d1 + sl.betas[j] * plane.d2
        assert sl.loss[j, i] == pytest.approx(direct_loss(model, point, x, y), rel=1e-12)


def test_pca_plane_matches_pca_lowrank_and_svd(twins):
    _, paths = twins
    stacked = np.vstack([paths.paths["a"], paths.paths["b"]])
    plane = pca_plane([paths.paths["a"], paths.paths["b"]], center="mean")
    m = torch.as_tensor(stacked)
    _, s, v = torch.pca_lowrank(m, q=6, center=True, niter=12)
    centred = m - m.mean(dim=0)
    total = float((centred ** 2).sum())
    for i, d in enumerate((plane.d1, plane.d2)):
        assert abs(abs(float(v[:, i].numpy() @ d)) - 1.0) < 1e-8
        assert plane.explained[i] == pytest.approx(float(s[i] ** 2) / total, rel=1e-8)
    np.testing.assert_allclose(plane.origin, stacked.mean(axis=0), rtol=0, atol=1e-12)
    assert plane.orthonormal and plane.explained[0] >= plane.explained[1] > 0
    # centred on the final point of A: the top right singular vectors of (path - final)
    final = pca_plane([paths.paths["a"], paths.paths["b"]], center="final")
    _, s2, vh = torch.linalg.svd(m - m[len(paths.paths["a"]) - 1], full_matrices=False)
    assert abs(abs(float(vh[0].numpy() @ final.d1)) - 1.0) < 1e-10
    assert abs(abs(float(vh[1].numpy() @ final.d2)) - 1.0) < 1e-10
    assert final.explained[0] == pytest.approx(float(s2[0] ** 2 / (s2 ** 2).sum()), rel=1e-10)
    np.testing.assert_array_equal(final.origin, paths.paths["a"][-1])
    # the path moves forward along both directions
    motion = paths.paths["a"][-1] - paths.paths["a"][0]
    assert motion @ plane.d1 >= 0 and motion @ plane.d2 >= 0


def test_mean_centred_pca_off_plane_share_is_the_unexplained_variance(twins):
    _, paths = twins
    both = [paths.paths["a"], paths.paths["b"]]
    plane = pca_plane(both)
    share = project(plane, np.vstack(both)).off_plane_total
    assert share == pytest.approx(np.sqrt(1.0 - sum(plane.explained)), rel=1e-8)


def test_filter_normalisation_per_neuron_row(twins):
    model, paths = twins
    theta = paths.paths["a"][-1]
    plane = random_plane(model, theta, seed=11)
    weights = unflatten(model, torch.as_tensor(theta))
    gen = torch.Generator().manual_seed(11)
    raw = [torch.randn(w.shape, generator=gen, dtype=torch.float64) for w in weights.values()]
    d1 = unflatten(model, torch.as_tensor(plane.d1))
    for (name, w), r in zip(weights.items(), raw, strict=True):
        d = d1[name]
        if w.dim() == 1:
            assert torch.count_nonzero(d) == 0, name  # biases: zero direction ('biasbn')
            continue
        for row in range(w.shape[0]):
            assert float(d[row].norm()) == pytest.approx(float(w[row].norm()), rel=1e-9)
            expected = r[row] * (w[row].norm() / (r[row].norm() + 1e-10))
            torch.testing.assert_close(d[row], expected, rtol=1e-12, atol=0)
    # and on hand-made tensors: each row rescaled to the weight row's norm
    w = torch.tensor([[3.0, 4.0], [0.0, 1.0]], dtype=torch.float64)
    d = torch.tensor([[1.0, 0.0], [2.0, 2.0]], dtype=torch.float64)
    out, bias = filter_normalize([d, torch.ones(2)], [w, torch.ones(2)])
    torch.testing.assert_close(out, torch.tensor([[5.0, 0.0], [1 / np.sqrt(2), 1 / np.sqrt(2)]],
                                                 dtype=torch.float64), rtol=1e-9, atol=0)
    assert torch.count_nonzero(bias) == 0


def test_off_plane_share_is_zero_in_the_plane_and_exact_off_it():
    rng = np.random.default_rng(0)
    p = 40
    origin, d1, d2 = rng.standard_normal(p), rng.standard_normal(p), rng.standard_normal(p)
    plane = Plane("random", origin, d1, d2)  # not orthonormal: least squares still recovers (α, β)
    coords = rng.standard_normal((6, 2))
    in_plane = origin + coords[:, :1] * d1 + coords[:, 1:] * d2
    proj = project(plane, in_plane)
    np.testing.assert_allclose(proj.coords, coords, atol=1e-10)
    assert np.max(proj.off_plane) < 1e-12 and proj.off_plane_total < 1e-12
    # add a component orthogonal to the plane with a known size
    basis, _ = np.linalg.qr(np.stack([d1, d2], axis=1))
    normal = rng.standard_normal(p)
    normal -= basis @ (basis.T @ normal)
    normal /= np.linalg.norm(normal)
    heights = np.array([0.0, 0.5, 1.0, 2.0, 3.0, 0.1])
    off = in_plane + heights[:, None] * normal
    proj = project(plane, off)
    np.testing.assert_allclose(proj.coords, coords, atol=1e-10)
    disp = np.linalg.norm(off - origin, axis=1)
    np.testing.assert_allclose(proj.off_plane, heights / disp, rtol=1e-9, atol=1e-12)
    expected_total = np.sqrt(np.sum(heights ** 2) / np.sum(disp ** 2))
    assert proj.off_plane_total == pytest.approx(expected_total, rel=1e-9)


def test_path_readout_true_and_plane_losses(twins, digits_small):
    model, paths = twins
    x, y = digits_small
    net = NetLoss(model, x, y, dtype=torch.float64)
    plane = pca_plane([paths.paths["a"], paths.paths["b"]])
    out = path_readout(net, plane, paths.paths["a"])
    for t in (0, 10, len(paths.paths["a"]) - 1):
        assert out.true_loss[t] == pytest.approx(direct_loss(model, paths.paths["a"][t], x, y), rel=1e-12)
        alpha, beta = out.coords[t]
        assert out.plane_loss[t] == pytest.approx(direct_loss(model, plane.point(alpha, beta), x, y), rel=1e-12)
    np.testing.assert_allclose(out.true_loss, paths.loss["a"], rtol=1e-12)
    # a path that lies in the plane: no off-plane motion and the plane shows its true loss
    flat = np.array([plane.point(a, b) for a, b in out.coords])
    inside = path_readout(net, plane, flat)
    assert inside.off_plane_total < 1e-9
    np.testing.assert_allclose(inside.plane_loss, inside.true_loss, rtol=1e-9)
    assert set(out.to_dict()) == {"coords", "true_loss", "plane_loss", "off_plane", "off_plane_total"}


def test_progressive_slice_coarse_then_full_and_cancel(twins, digits_small):
    model, paths = twins
    x, y = digits_small
    net = NetLoss(model, x, y, dtype=torch.float64)
    plane = pca_plane([paths.paths["a"], paths.paths["b"]])
    seen = []
    levels = list(iter_slice(net, plane, (-1, 1, -1, 1), grid=9, coarse=5,
                             progress=lambda f: seen.append(f) or True))
    assert [s.level for s in levels] == ["coarse", "full"]
    assert levels[0].loss.shape == (5, 5) and levels[1].loss.shape == (9, 9)
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    # coarse points sit on the full grid here (every other point): same numbers
    np.testing.assert_allclose(levels[1].loss[::2, ::2], levels[0].loss, rtol=1e-12)
    # the reused coarse points match a full grid computed on its own, and only the new points were evaluated
    np.testing.assert_allclose(levels[1].loss, compute_slice(net, plane, (-1, 1, -1, 1), grid=9).loss, rtol=1e-12)
    counted = []
    original = net.plane_losses
    net.plane_losses = lambda p, coords, progress=None: counted.append(len(coords)) or original(p, coords, progress)
    list(iter_slice(net, plane, (-1, 1, -1, 1), grid=9, coarse=5))
    list(iter_slice(net, plane, (-1, 1, -1, 1), grid=8, coarse=5))  # not aligned: everything evaluated
    assert counted == [25, 81 - 25, 25, 64]
    del net.plane_losses
    with pytest.raises(Cancelled):
        list(iter_slice(net, plane, (-1, 1, -1, 1), grid=9, coarse=5, progress=lambda f: False))
    with pytest.raises(ValueError, match="extent"):
        compute_slice(net, plane, (1, -1, 0, 1), grid=5)
    with pytest.raises(ValueError, match="grid"):
        compute_slice(net, plane, (-1, 1, -1, 1), grid=1)


def test_twin_paths_follow_the_optimizer_and_loss_scale_equivalence(digits_small):
    x, y = digits_small
    model = make_mlp(64, 10, 1, 6, "tanh", seed=0, dtype=torch.float64)
    specs = {"a": OptimSpec.parse("optimizer=sgd,lr=0.2,loss_scale=1"),
             "b": OptimSpec.parse("optimizer=sgd,lr=0.02,loss_scale=10")}
    paths = train_twin_paths(model, x, y, specs, steps=5, dtype=torch.float64)
    assert paths.paths["a"].shape == (6, flatten(model).numel()) and list(paths.steps) == [0, 1, 2, 3, 4, 5]
    np.testing.assert_array_equal(paths.paths["a"][0], paths.paths["b"][0])
    np.testing.assert_allclose(paths.paths["a"], paths.paths["b"], rtol=1e-10, atol=1e-12)
    # one SGD step by hand
    net = NetLoss(model, x, y, dtype=torch.float64)
    theta = torch.as_tensor(paths.paths["a"][0]).requires_grad_(True)
    grad = torch.autograd.grad(net(theta), theta)[0]
    np.testing.assert_allclose(paths.paths["a"][1], (theta - 0.2 * grad).detach().numpy(), rtol=1e-12, atol=1e-14)


def test_default_extent_holds_the_path_and_the_origin():
    coords = np.array([[1.0, 2.0], [3.0, -1.0]])
    a0, a1, b0, b1 = default_extent(coords)
    assert a0 < 0 < 3 < a1 and b0 < -1 < 2 < b1
    assert default_extent(None) == (-1.0, 1.0, -1.0, 1.0)
