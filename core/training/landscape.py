"""A real network's loss over a 2-D plane through its parameter space, and its paths projected onto it.

Parameters are handled as one flat vector θ (the model's trainable parameters in ``named_parameters``
order, see :func:`flatten` / :func:`unflatten`). :class:`NetLoss` is the training loss of a fixed model
architecture on fixed data as a function of θ, evaluated in eval mode (dropout off, batch norm on its
running statistics) with ``torch.func.functional_call``; :meth:`NetLoss.losses` evaluates many θ at once.

Planes (:class:`Plane`: an origin θ₀ and two directions d₁, d₂; a point (α, β) is θ₀ + αd₁ + βd₂):

* :func:`pca_plane` — the plane of most motion of a path (the twins' paths stacked together). The path
  matrix is centred on the **mean** of its points by default (``center="mean"``: standard PCA, the same
  as ``torch.pca_lowrank(M, center=True)``; the least-squares best plane, so the off-plane share is as
  small as any plane allows) or on the **final** point of the first path (``center="final"``: Li et al.'s
  origin, the trained network at (0, 0)). d₁, d₂ = the top-2 right singular vectors of the centred matrix
  (orthonormal, so α, β are distances in parameter space); ``explained`` = s²ᵢ / Σ s²ⱼ. Signs are fixed so
  the path's start-to-end motion is non-negative along both.
* :func:`random_plane` — filter-normalised random directions (Li et al. 2018): Gaussian directions whose
  every row (one neuron of a Linear layer; the first axis of any parameter with ≥ 2 dimensions) is
  rescaled to the norm of the same row of the parameters at θ₀, ``d_row ← d_row · ‖θ_row‖ / (‖d_row‖ +
  1e-10)``; 1-D parameters (biases, batch-norm scales) get zero direction — their code's default
  ``ignore='biasbn'``. The directions are not orthogonalised (as theirs).
* :func:`hessian_plane` — the top-2 eigenvectors (largest eigenvalues) of the loss's Hessian at θ₀, by
  Lanczos on Hessian-vector products (:mod:`core.training.sharpness`).

A slice (:func:`compute_slice`, :func:`iter_slice`) is the loss over an α×β grid, evaluated in batches:
for a plain MLP (Linear layers and element-wise activations) the first layer's pre-activation is linear
in the parameters, so x(W₀ + αD₁ + βD₂)ᵀ is built from three products computed once per plane, and the
other layers run as batched matrix products over grid points; any other model goes through
``torch.vmap(functional_call)``. :func:`iter_slice` yields a coarse grid first, then the full one; its
``progress(fraction)`` callback may return False to stop (``core.engine.run.Cancelled`` is raised).

:func:`path_readout` projects a path onto a plane (least-squares coordinates; exact for orthonormal
directions) and reports, per point, the true loss, the plane's loss at the projection, and the off-plane
share ‖residual‖ / ‖θ − θ₀‖ of the displacement from the origin (0 for a point on the plane), plus the
path's overall share sqrt(Σ‖rₜ‖² / Σ‖θₜ − θ₀‖²).

:func:`train_twin_paths` trains runs A and B from one initialisation with their :class:`OptimSpec` (the
twin trainer's step: loss scale, clipping, decoupled decay, schedule) and keeps every recorded θ.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.engine.run import report_progress

LOSSES = ("cross_entropy", "mse", "half_sq")
"""cross_entropy: torch's, on class labels. mse: torch's F.mse_loss (mean over samples and outputs; class
labels become one-hot targets). half_sq: ½ · mean over samples of Σ over outputs (f − y)² (Cohen et al.'s
square loss; one-hot targets for class labels)."""
PLANES = ("pca", "random", "hessian")
_ELEMENTWISE = (nn.Tanh, nn.ReLU, nn.Sigmoid, nn.GELU, nn.Identity, nn.Dropout)
MAX_PATH_BYTES = 2 * 2**30  # recorded parameters (float64) of both runs together
MAX_RECORDS = 1000  # landscape_experiment records at most about this many points per run
_CHUNK_ELEMENTS = 1_000_000  # activations per batched chunk: G × N × width (4 MB in float32: stays in cache)


# ---------------------------------------------------------------------- flat parameters
def param_layout(model: nn.Module) -> list[tuple[str, torch.Size]]:
    """(name, shape) of each trainable parameter, in ``named_parameters`` order: the flat vector's layout."""
    return [(name, p.shape) for name, p in model.named_parameters() if p.requires_grad]


def flatten(model_or_params) -> torch.Tensor:
    """One detached 1-D copy of a model's trainable parameters (or of a sequence of tensors)."""
    if isinstance(model_or_params, nn.Module):
        tensors = [p for p in model_or_params.parameters() if p.requires_grad]
    else:
        tensors = list(model_or_params)
    return torch.cat([t.detach().reshape(-1) for t in tensors]).clone()


def unflatten(model: nn.Module, vector: torch.Tensor) -> dict[str, torch.Tensor]:
    """{name: tensor} views of ``vector`` shaped like ``model``'s trainable parameters (keeps autograd)."""
    layout = param_layout(model)
    total = sum(int(math.prod(shape)) for _, shape in layout)
    if vector.ndim != 1 or vector.shape[0] != total:
        raise ValueError(f"a parameter vector of this model has {total} entries, got shape {tuple(vector.shape)}")
    out, start = {}, 0
    for name, shape in layout:
        size = int(math.prod(shape))
        out[name] = vector[start:start + size].view(shape)
        start += size
    return out


def n_params(model: nn.Module) -> int:
    return sum(int(math.prod(shape)) for _, shape in param_layout(model))


# ---------------------------------------------------------------------- the loss of θ
class NetLoss:
    """The loss of ``model``'s architecture at flat parameters θ on the data (x, y), in eval mode.

    ``x``: inputs (n, in_dim); ``y``: int class labels (n,) or float targets (n, out_dim). The model is
    copied (its parameter values are ignored: θ supplies them; its buffers are used). Tensors are kept in
    ``dtype`` on ``device``."""

    def __init__(self, model: nn.Module, x, y, loss: str = "cross_entropy", dtype: torch.dtype = torch.float32,
                 device: torch.device | str = "cpu"):
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}")
        self.loss_name = loss
        self.dtype = dtype
        self.device = torch.device(device)
        self.model = copy.deepcopy(model).to(device=self.device, dtype=dtype).eval()
        self.layout = param_layout(model)
        self.n_params = sum(int(math.prod(shape)) for _, shape in self.layout)
        self.x = torch.as_tensor(np.asarray(x) if not torch.is_tensor(x) else x).to(self.device, dtype)
        y = torch.as_tensor(np.asarray(y) if not torch.is_tensor(y) else y).to(self.device)
        if y.dtype in (torch.int64, torch.int32, torch.int16, torch.uint8):
            self.labels = y.long()
            out_dim = self._out_dim()
            self.target = F.one_hot(self.labels, out_dim).to(dtype) if loss != "cross_entropy" else None
        else:
            if loss == "cross_entropy":
                raise ValueError("cross_entropy needs integer class labels")
            self.labels = None
            self.target = y.to(dtype).reshape(y.shape[0], -1)
        self._mlp = _mlp_layers(self.model)

    def _out_dim(self) -> int:
        with torch.no_grad():
            return int(self.model(self.x[:1]).shape[-1])

    # -------------------------------------------------------------- one θ
    def _loss_of_output(self, out: torch.Tensor) -> torch.Tensor:
        """Loss of outputs (..., n, out) → (...)."""
        if self.loss_name == "cross_entropy":  # logsumexp − the label's logit: cheaper than log_softmax
            index = self.labels.expand(out.shape[:-1]).unsqueeze(-1)
            return (torch.logsumexp(out, dim=-1) - out.gather(-1, index).squeeze(-1)).mean(-1)
        diff = out - self.target
        if self.loss_name == "mse":
            return diff.pow(2).mean(dim=(-2, -1))
        return 0.5 * diff.pow(2).sum(-1).mean(-1)

    def __call__(self, theta: torch.Tensor) -> torch.Tensor:
        """The loss at θ, differentiable in θ (a 0-dim tensor)."""
        out = torch.func.functional_call(self.model, unflatten(self.model, theta), (self.x,))
        return self._loss_of_output(out)

    def outputs(self, theta: torch.Tensor) -> torch.Tensor:
        return torch.func.functional_call(self.model, unflatten(self.model, theta), (self.x,))

    def vector(self, theta) -> torch.Tensor:
        """θ as a tensor of this loss's dtype and device."""
        return torch.as_tensor(np.asarray(theta) if not torch.is_tensor(theta) else theta).to(self.device, self.dtype)

    # -------------------------------------------------------------- many θ
    def _chunk(self) -> int:
        width = max([self.x.shape[1]] + [int(shape[0]) for _, shape in self.layout if len(shape) == 2])
        return max(1, _CHUNK_ELEMENTS // max(1, self.x.shape[0] * width))

    def losses(self, thetas, progress: Callable[[float], bool] | None = None) -> np.ndarray:
        """The loss at each row of ``thetas`` (G, P), as float64 numpy (G,). No gradients."""
        thetas = self.vector(thetas)
        if thetas.ndim != 2 or thetas.shape[1] != self.n_params:
            raise ValueError(f"expected parameter vectors of shape (G, {self.n_params}), got {tuple(thetas.shape)}")
        out = np.empty(thetas.shape[0])
        step = self._chunk()
        with torch.no_grad():
            for lo in range(0, thetas.shape[0], step):
                block = thetas[lo:lo + step]
                out[lo:lo + len(block)] = self._batched(block).double().cpu().numpy()
                report_progress(progress, (lo + len(block)) / max(thetas.shape[0], 1))
        return out

    def _batched(self, thetas: torch.Tensor) -> torch.Tensor:
        if self._mlp is None:
            return self._vmapped(thetas)
        h = self.x
        start = 0
        for kind, module in self._mlp:
            if kind == "linear":
                w_size, b_size = module.weight.numel(), module.bias.numel() if module.bias is not None else 0
                w = thetas[:, start:start + w_size].view(-1, *module.weight.shape)
                start += w_size
                b = thetas[:, start:start + b_size].view(-1, 1, b_size) if b_size else None
                start += b_size
                h = torch.matmul(h, w.transpose(1, 2))
                if b is not None:
                    h = h + b
            else:
                h = module(h)
        return self._loss_of_output(h)

    def _vmapped(self, thetas: torch.Tensor) -> torch.Tensor:
        def one(theta):
            return self._loss_of_output(torch.func.functional_call(self.model, unflatten(self.model, theta),
                                                                   (self.x,)))

        return torch.vmap(one)(thetas)

    def batch_loss(self, theta: torch.Tensor, idx: torch.Tensor | None = None) -> torch.Tensor:
        """The loss at θ on the samples ``idx`` (all when None), differentiable in θ."""
        if idx is None:
            return self(theta)
        out = torch.func.functional_call(self.model, unflatten(self.model, theta), (self.x[idx],))
        if self.loss_name == "cross_entropy":
            return F.cross_entropy(out, self.labels[idx])
        diff = out - self.target[idx]
        return diff.pow(2).mean() if self.loss_name == "mse" else 0.5 * diff.pow(2).sum(-1).mean()

    def plane_losses(self, plane: Plane, coords, progress: Callable[[float], bool] | None = None) -> np.ndarray:
        """The loss at θ₀ + αd₁ + βd₂ for each row (α, β) of ``coords`` (G, 2), float64 numpy (G,).

        For a plain MLP the first layer's x·Wᵀ is assembled from three products made once (exact: it is
        linear in W); otherwise the points are evaluated as parameter vectors."""
        coords = torch.as_tensor(np.asarray(coords, dtype=np.float64)).to(self.device, self.dtype).reshape(-1, 2)
        origin, d1, d2 = (self.vector(v) for v in (plane.origin, plane.d1, plane.d2))
        n = coords.shape[0]
        out = np.empty(n)
        step = self._chunk()
        if self._mlp is None or self._mlp[0][0] != "linear":
            with torch.no_grad():
                for lo in range(0, n, step):
                    c = coords[lo:lo + step]
                    thetas = origin + c[:, :1] * d1 + c[:, 1:] * d2
                    out[lo:lo + len(c)] = self._batched(thetas).double().cpu().numpy()
                    report_progress(progress, (lo + len(c)) / max(n, 1))
            return out
        first = self._mlp[0][1]
        w_size = first.weight.numel()
        b_size = first.bias.numel() if first.bias is not None else 0
        k = w_size + b_size
        with torch.no_grad():
            z = []
            for v in (origin, d1, d2):
                zv = self.x @ v[:w_size].view(first.weight.shape).T
                if b_size:
                    zv = zv + v[w_size:k]
                z.append(zv.reshape(-1))
            z0, z12 = z[0].unsqueeze(0), torch.stack(z[1:])  # x·Wᵀ + b is linear in (W, b): (1, N·H), (2, N·H)
            tail0, tail12 = origin[k:].unsqueeze(0), torch.stack([d1[k:], d2[k:]])
            n_rows, width = self.x.shape[0], first.weight.shape[0]
            rest = self._mlp[1:]
            for lo in range(0, n, step):
                c = coords[lo:lo + step]
                h = torch.addmm(z0, c, z12).view(len(c), n_rows, width)
                tail = torch.addmm(tail0, c, tail12)
                start = 0
                for kind, module in rest:
                    if kind == "linear":
                        ws = module.weight.numel()
                        bs = module.bias.numel() if module.bias is not None else 0
                        w = tail[:, start:start + ws].view(-1, *module.weight.shape).transpose(1, 2)
                        start += ws
                        if bs:
                            h = torch.baddbmm(tail[:, start:start + bs].unsqueeze(1), h, w)
                        else:
                            h = torch.bmm(h, w)
                        start += bs
                    else:
                        h = _activate_(module, h)
                out[lo:lo + len(c)] = self._loss_of_output(h).double().cpu().numpy()
                report_progress(progress, (lo + len(c)) / max(n, 1))
        return out


_IN_PLACE = {nn.ReLU: torch.relu_, nn.Tanh: torch.tanh_, nn.Sigmoid: torch.sigmoid_}


def _activate_(module: nn.Module, h: torch.Tensor) -> torch.Tensor:
    """``module(h)``, in place when it is a plain element-wise activation (h is a scratch tensor)."""
    fn = _IN_PLACE.get(type(module))
    return fn(h) if fn is not None else module(h)


def _mlp_layers(model: nn.Module):
    """[("linear", Linear) | ("act", module)] when ``model`` is a Sequential of Linear layers and
    element-wise activations (dropout counts: it is the identity in eval mode); None otherwise."""
    if not isinstance(model, nn.Sequential):
        return None
    layers = []
    for module in model:
        if isinstance(module, nn.Linear):
            layers.append(("linear", module))
        elif isinstance(module, _ELEMENTWISE):
            layers.append(("act", module))
        else:
            return None
    # the flat layout must be weight, bias per Linear in order (named_parameters order of a Sequential)
    return layers if layers and layers[0][0] == "linear" else None


def _short(value, limit: int = 40) -> str:
    """``repr(value)`` cut to about ``limit`` characters, so a refusal stays one short line."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


# ---------------------------------------------------------------------- planes
@dataclass(frozen=True)
class Plane:
    """θ₀ + αd₁ + βd₂. ``origin``, ``d1``, ``d2`` are float64 numpy vectors of the flat-parameter length.

    ``explained``: PCA's explained-variance ratios of d₁, d₂; ``eigenvalues``: the Hessian's for a Hessian
    plane; ``center``: what the origin is ("mean", "final", or "point" for random/Hessian planes)."""

    kind: str
    origin: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    center: str = "point"
    explained: tuple[float, float] | None = None
    eigenvalues: tuple[float, float] | None = None
    seed: int | None = None

    def point(self, alpha: float, beta: float) -> np.ndarray:
        return self.origin + alpha * self.d1 + beta * self.d2

    @property
    def orthonormal(self) -> bool:
        g = np.array([[self.d1 @ self.d1, self.d1 @ self.d2], [self.d2 @ self.d1, self.d2 @ self.d2]])
        return bool(np.allclose(g, np.eye(2), atol=1e-9))


def _as_path_matrix(paths) -> np.ndarray:
    if isinstance(paths, np.ndarray) or torch.is_tensor(paths):
        paths = [paths]
    mats = [np.asarray(p.detach().cpu().numpy() if torch.is_tensor(p) else p, dtype=np.float64) for p in paths]
    mats = [m.reshape(1, -1) if m.ndim == 1 else m for m in mats]
    if not mats or any(m.ndim != 2 for m in mats) or len({m.shape[1] for m in mats}) != 1:
        raise ValueError("paths must be (T, P) arrays of the same parameter count")
    matrix = np.concatenate(mats, axis=0)
    if not np.all(np.isfinite(matrix)):
        raise ValueError("a path holds non-finite parameters (a diverged run cannot be projected)")
    return matrix


def pca_plane(paths, center: str = "mean") -> Plane:
    """The PCA plane of one path (T, P) or several stacked together (see the module docstring).

    ``center="mean"``: origin = the mean of all points; ``"final"``: origin = the last point of the first
    path. Needs at least 3 points that are not all on one line for a well-defined plane (otherwise d₂ is
    an arbitrary orthonormal completion with explained ratio 0)."""
    if center not in ("mean", "final"):
        raise ValueError(f"unknown PCA centre {center!r}; choose mean or final")
    first = _as_path_matrix(paths if not isinstance(paths, (list, tuple)) else paths[0])
    matrix = _as_path_matrix(paths)
    if matrix.shape[0] < 2:
        raise ValueError("a PCA plane needs a path of at least 2 points")
    origin = matrix.mean(axis=0) if center == "mean" else first[-1].copy()
    centred = matrix - origin
    if centred.shape[0] <= centred.shape[1]:  # T ≤ P: the T×T Gram matrix's eigenvectors u give v = Mᵀu / s
        gram = torch.from_numpy(centred @ centred.T)
        evals, evecs = torch.linalg.eigh(gram)
        evals, evecs = evals.flip(0).clamp_min(0.0).numpy(), evecs.flip(1).numpy()
        s = np.sqrt(evals)
        vh = np.zeros((min(2, len(s)), centred.shape[1]))
        for i in range(vh.shape[0]):
            if s[i] > 0:
                vh[i] = centred.T @ evecs[:, i] / s[i]
                vh[i] /= np.linalg.norm(vh[i])
        if vh.shape[0] > 1 and s[1] <= 1e-12 * s[0]:
            vh = vh[:1]
    else:
        _, s_t, vh_t = torch.linalg.svd(torch.from_numpy(centred), full_matrices=False)
        s, vh = s_t.numpy(), vh_t.numpy()[:2]
    total = float(np.sum(s ** 2))
    if total == 0.0:
        raise ValueError("the path does not move: no plane to fit")
    dirs = [vh[0].copy(), vh[1].copy() if vh.shape[0] > 1 else _orthogonal_to(vh[0])]
    ratios = [float(s[0] ** 2 / total), float(s[1] ** 2 / total) if len(s) > 1 and vh.shape[0] > 1 else 0.0]
    motion = first[-1] - first[0]
    for i, d in enumerate(dirs):
        if d @ motion < 0:
            dirs[i] = -d
    return Plane("pca", origin, dirs[0], dirs[1], center=center, explained=(ratios[0], ratios[1]))


def _orthogonal_to(v: np.ndarray) -> np.ndarray:
    e = np.zeros_like(v)
    e[int(np.argmin(np.abs(v)))] = 1.0
    e -= (e @ v) * v
    return e / np.linalg.norm(e)


def filter_normalize(direction: Sequence[torch.Tensor], weights: Sequence[torch.Tensor]) -> list[torch.Tensor]:
    """Li et al.'s filter normalisation with their default ``ignore='biasbn'``: for each parameter with
    ≥ 2 dimensions, each row along the first axis is rescaled to the norm of the same row of ``weights``
    (``d·‖w‖/(‖d‖ + 1e-10)``); 1-D parameters get zeros. Returns new tensors."""
    out = []
    for d, w in zip(direction, weights, strict=True):
        if d.shape != w.shape:
            raise ValueError(f"direction shape {tuple(d.shape)} differs from the parameter's {tuple(w.shape)}")
        if d.dim() <= 1:
            out.append(torch.zeros_like(d))
            continue
        rows_d = d.reshape(d.shape[0], -1)
        rows_w = w.reshape(w.shape[0], -1)
        scale = rows_w.norm(dim=1, keepdim=True) / (rows_d.norm(dim=1, keepdim=True) + 1e-10)
        out.append((rows_d * scale).reshape(d.shape))
    return out


def random_plane(model: nn.Module, origin, seed: int = 0) -> Plane:
    """Two filter-normalised Gaussian directions at ``origin`` (a flat θ of ``model``), drawn in float64
    on the CPU from ``torch.Generator().manual_seed(seed)``: d₁ first, then d₂."""
    theta = torch.as_tensor(np.asarray(origin, dtype=np.float64))
    weights = list(unflatten(model, theta).values())
    gen = torch.Generator().manual_seed(int(seed) & 0xFFFFFFFFFFFF)
    dirs = []
    for _ in range(2):
        raw = [torch.randn(w.shape, generator=gen, dtype=torch.float64) for w in weights]
        dirs.append(torch.cat([t.reshape(-1) for t in filter_normalize(raw, weights)]).numpy())
    return Plane("random", theta.numpy().copy(), dirs[0], dirs[1], seed=int(seed))


def hessian_plane(net_loss: NetLoss, origin, seed: int = 0, max_iter: int = 100, tol: float = 1e-6) -> Plane:
    """The top-2 Hessian eigenvectors of ``net_loss`` at ``origin`` (Lanczos; see core.training.sharpness)."""
    from core.training.sharpness import top_eigen

    theta = net_loss.vector(origin)
    result = top_eigen(net_loss, theta, k=2, max_iter=max_iter, tol=tol, seed=seed)
    vecs = result.vectors
    return Plane("hessian", np.asarray(origin, dtype=np.float64).copy(), vecs[0], vecs[1],
                 eigenvalues=(float(result.values[0]), float(result.values[1])), seed=int(seed))


def make_plane(kind: str, net_loss: NetLoss, paths, seed: int = 0, center: str = "mean") -> Plane:
    """The plane ``kind`` for the stacked ``paths``: PCA of them, or random/Hessian directions at the final
    point of the first path."""
    if kind not in PLANES:
        raise ValueError(f"unknown plane {_short(kind)}; choose one of: {', '.join(PLANES)}")
    if kind == "pca":
        return pca_plane(paths, center=center)
    first = _as_path_matrix(paths if not isinstance(paths, (list, tuple)) else paths[0])
    if kind == "random":
        return random_plane(net_loss.model, first[-1], seed=seed)
    return hessian_plane(net_loss, first[-1], seed=seed)


# ---------------------------------------------------------------------- projection and read-outs
@dataclass(frozen=True)
class Projection:
    """Least-squares plane coordinates of points and what lies off the plane."""

    coords: np.ndarray  # (T, 2): (α, β)
    residual_norm: np.ndarray  # (T,): ‖(θ − θ₀) − αd₁ − βd₂‖
    displacement_norm: np.ndarray  # (T,): ‖θ − θ₀‖

    @property
    def off_plane(self) -> np.ndarray:
        """Per point ‖residual‖ / ‖θ − θ₀‖ (0 where θ = θ₀)."""
        d = self.displacement_norm
        return np.divide(self.residual_norm, d, out=np.zeros_like(d), where=d > 0)

    @property
    def off_plane_total(self) -> float:
        """sqrt(Σ‖rₜ‖² / Σ‖θₜ − θ₀‖²) over the points (0 when none is displaced)."""
        den = float(np.sum(self.displacement_norm ** 2))
        return float(math.sqrt(np.sum(self.residual_norm ** 2) / den)) if den > 0 else 0.0


def project(plane: Plane, points) -> Projection:
    """Coordinates (α, β) minimising ‖θ − θ₀ − αd₁ − βd₂‖ for each row θ of ``points`` (T, P)."""
    pts = _as_path_matrix(points)
    disp = pts - plane.origin
    basis = np.stack([plane.d1, plane.d2], axis=1)  # (P, 2)
    gram = basis.T @ basis
    coords = np.linalg.lstsq(gram, (disp @ basis).T, rcond=None)[0].T
    residual = disp - coords @ basis.T
    return Projection(coords, np.linalg.norm(residual, axis=1), np.linalg.norm(disp, axis=1))


@dataclass(frozen=True)
class PathReadout:
    """What the panel shows for one path on a plane."""

    coords: np.ndarray  # (T, 2)
    true_loss: np.ndarray  # (T,): L(θₜ)
    plane_loss: np.ndarray  # (T,): L(θ₀ + αₜd₁ + βₜd₂), the loss the slice shows under the drawn point
    off_plane: np.ndarray  # (T,)
    off_plane_total: float

    def to_dict(self) -> dict:
        return {"coords": _json_list(self.coords), "true_loss": _json_list(self.true_loss),
                "plane_loss": _json_list(self.plane_loss), "off_plane": _json_list(self.off_plane),
                "off_plane_total": _json_float(self.off_plane_total)}


def path_readout(net_loss: NetLoss, plane: Plane, path) -> PathReadout:
    proj = project(plane, path)
    true = net_loss.losses(_as_path_matrix(path))
    on_plane = net_loss.plane_losses(plane, proj.coords)
    return PathReadout(proj.coords, true, on_plane, proj.off_plane, proj.off_plane_total)


# ---------------------------------------------------------------------- slices
@dataclass(frozen=True)
class Slice:
    """The loss over a grid: ``loss[j, i]`` at (alphas[i], betas[j]) (rows are β, as an image)."""

    alphas: np.ndarray
    betas: np.ndarray
    loss: np.ndarray
    level: str  # "coarse" | "full"

    @property
    def extent(self) -> tuple[float, float, float, float]:
        return float(self.alphas[0]), float(self.alphas[-1]), float(self.betas[0]), float(self.betas[-1])

    def to_dict(self) -> dict:
        return {"alphas": _json_list(self.alphas), "betas": _json_list(self.betas),
                "loss": _json_list(self.loss), "level": self.level, "extent": list(self.extent)}


def default_extent(coords=None, margin: float = 0.25) -> tuple[float, float, float, float]:
    """The box around (0, 0) and the projected ``coords`` (T, 2), widened by ``margin`` of its size on each
    side; (-1, 1, -1, 1) without coordinates (Li et al.'s range for filter-normalised directions)."""
    if coords is None or len(coords) == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    c = np.vstack([np.asarray(coords, dtype=np.float64).reshape(-1, 2), [[0.0, 0.0]]])
    lo, hi = c.min(axis=0), c.max(axis=0)
    span = np.maximum(hi - lo, 1e-3 * max(float(np.max(hi - lo)), 1e-12))
    lo, hi = lo - margin * span, hi + margin * span
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def _check_extent(extent) -> tuple[float, float, float, float]:
    try:
        a0, a1, b0, b1 = (float(v) for v in extent)
    except (TypeError, ValueError):
        raise ValueError(f"extent must be four numbers (amin, amax, bmin, bmax), got {extent!r}") from None
    if not all(map(math.isfinite, (a0, a1, b0, b1))) or not (a0 < a1 and b0 < b1):
        raise ValueError(f"extent must be finite with amin < amax and bmin < bmax, got {extent!r}")
    return a0, a1, b0, b1


def _check_grid(n, name="grid") -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= int(n) <= 1001:
        raise ValueError(f"{name} must be a whole number from 2 to 1001, got {n!r}")
    return int(n)


def grid_coords(extent, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(alphas, betas, coords (n·n, 2) row-major with β the slow axis)."""
    a0, a1, b0, b1 = _check_extent(extent)
    alphas, betas = np.linspace(a0, a1, n), np.linspace(b0, b1, n)
    aa, bb = np.meshgrid(alphas, betas)
    return alphas, betas, np.stack([aa.ravel(), bb.ravel()], axis=1)


def iter_slice(net_loss: NetLoss, plane: Plane, extent, grid: int = 51, coarse: int = 17,
               progress: Callable[[float], bool] | None = None) -> Iterator[Slice]:
    """Yield a coarse ``coarse``×``coarse`` slice first (when ``coarse < grid``), then the full
    ``grid``×``grid`` one. When the coarse points lie on the full grid (``grid − 1`` a multiple of
    ``coarse − 1``, e.g. 17 → 49 or 26 → 51) they are reused, not evaluated again. ``progress(fraction)``
    covers both levels (by points evaluated); False raises Cancelled."""
    grid = _check_grid(grid)
    coarse = _check_grid(coarse, "coarse") if coarse else 0
    reuse = bool(coarse) and coarse < grid and (grid - 1) % (coarse - 1) == 0
    sizes = ([coarse * coarse] if coarse and coarse < grid else []) + [grid * grid - (coarse * coarse if reuse else 0)]
    total = sum(sizes)

    def part(offset, size):
        return None if progress is None else (lambda f: progress((offset + f * size) / total))

    done = 0
    previous = None
    if coarse and coarse < grid:
        alphas, betas, coords = grid_coords(extent, coarse)
        previous = net_loss.plane_losses(plane, coords, progress=part(0, sizes[0])).reshape(coarse, coarse)
        done = sizes[0]
        yield Slice(alphas, betas, previous, "coarse")
    alphas, betas, coords = grid_coords(extent, grid)
    if reuse:
        r = (grid - 1) // (coarse - 1)
        known = np.zeros((grid, grid), dtype=bool)
        known[::r, ::r] = True
        loss = np.empty((grid, grid))
        loss[known] = previous.ravel()
        todo = ~known.ravel()
        loss.reshape(-1)[todo] = net_loss.plane_losses(plane, coords[todo], progress=part(done, sizes[-1]))
    else:
        loss = net_loss.plane_losses(plane, coords, progress=part(done, sizes[-1])).reshape(grid, grid)
    yield Slice(alphas, betas, loss, "full")


def compute_slice(net_loss: NetLoss, plane: Plane, extent, grid: int = 51,
                  progress: Callable[[float], bool] | None = None) -> Slice:
    """The full ``grid``×``grid`` slice in one go."""
    return next(iter_slice(net_loss, plane, extent, grid, coarse=0, progress=progress))


# ---------------------------------------------------------------------- training the twins' paths
@dataclass
class TwinPaths:
    """Both runs' recorded parameters: ``paths[run]`` (T, P) float64, ``steps`` (T,) the step after which
    each was taken (0 = the shared initialisation); ``loss[run]`` the full-batch training loss at each;
    ``preconditioners[run]`` (T, P), when asked for, an Adam/AdamW run's own p = 1/(√v̂ + ε) at each
    recorded point (NaN at step 0, before its first step)."""

    model: nn.Module
    steps: np.ndarray
    paths: dict[str, np.ndarray]
    loss: dict[str, np.ndarray]
    diverged_at: dict[str, int | None] = field(default_factory=dict)
    preconditioners: dict[str, np.ndarray] = field(default_factory=dict)


_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}


def make_mlp(in_dim: int, out_dim: int, depth: int, width: int, activation: str = "relu", seed: int = 0,
             dtype: torch.dtype = torch.float32) -> nn.Sequential:
    """``depth`` hidden ``Linear(width) → activation`` layers and a ``Linear`` output, torch's default
    initialisation drawn under ``torch.manual_seed(seed)`` on the CPU (the caller's random state is kept):
    the same network as ``core.training.models.build_mlp`` with init "default", no dropout or batch norm."""
    act = _ACTIVATIONS.get(str(activation).strip().lower())
    if act is None:
        raise ValueError(f"unknown activation {_short(activation)}; choose one of: {', '.join(_ACTIVATIONS)}")
    for name, value, high in (("in_dim", in_dim, 1 << 20), ("out_dim", out_dim, 1 << 20), ("depth", depth, 32),
                              ("width", width, 4096)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= high:
            raise ValueError(f"{name} must be a whole number from 1 to {high}, got {value!r}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed) & 0xFFFFFFFFFFFF)
        layers: list[nn.Module] = []
        fan_in = int(in_dim)
        for _ in range(int(depth)):
            layers += [nn.Linear(fan_in, int(width)), act()]
            fan_in = int(width)
        layers.append(nn.Linear(fan_in, int(out_dim)))
    return nn.Sequential(*layers).to(dtype)


def init_seed(seed: int) -> int:
    """The weight seed the twin trainer derives from its seed (so both start from the same weights)."""
    return int(np.random.SeedSequence([int(seed), 0x7317]).generate_state(2)[0])


def train_twin_paths(model: nn.Module, x, y, specs: dict, steps: int, loss: str = "cross_entropy",
                     batch_size: int = 0, seed: int = 0, record_every: int = 1, dtype=torch.float32,
                     device="cpu", progress: Callable[[float], bool] | None = None,
                     record_preconditioners: bool = False) -> TwinPaths:
    """Train a copy of ``model`` per run of ``specs`` ({"a": OptimSpec, "b": OptimSpec}) for ``steps``
    steps on (x, y), recording θ every ``record_every`` steps (and at 0 and the last step).

    A step is the twin trainer's: the optimizer sees the gradient of loss_scale × loss; clipping on that
    gradient; decoupled decay outside Adam applied by hand; the schedule multiplies lr. ``batch_size`` 0
    = full batch; otherwise seeded shuffled mini-batches shared by both runs. A run whose loss or
    gradient turns non-finite stops there (``diverged_at``); its path ends at its last finite θ.
    ``record_preconditioners``: also keep each Adam/AdamW run's preconditioner at the recorded points."""
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 1_000_000:
        raise ValueError(f"steps must be a whole number from 1 to 1000000, got {steps!r}")
    if isinstance(record_every, bool) or not isinstance(record_every, int) or record_every < 1:
        raise ValueError(f"record_every must be a whole number >= 1, got {record_every!r}")
    records = steps // record_every + 2
    adaptive = [name for name, spec in specs.items() if record_preconditioners and spec.optimizer in ("adam", "adamw")]
    size = records * n_params(model) * 8 * (len(specs) + len(adaptive))
    if size > MAX_PATH_BYTES:
        raise ValueError(f"recording {records} points of {n_params(model)} parameters per run needs "
                         f"{size / 2**30:.1f} GiB (limit {MAX_PATH_BYTES / 2**30:.0f} GiB): record fewer points "
                         "or use a smaller network")
    net = NetLoss(model, x, y, loss=loss, dtype=dtype, device=device)
    n = net.x.shape[0]
    batch = n if batch_size in (0, None) or batch_size >= n else int(batch_size)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0xBA7C4]))
    theta0 = flatten(model).to(net.device, dtype)
    runs = {}
    no_moment = torch.full((theta0.numel(),), math.nan, dtype=torch.float64)  # p before Adam's first step
    for name, spec in specs.items():
        theta = theta0.clone().requires_grad_(True)
        runs[name] = {"spec": spec, "theta": theta, "opt": spec.build([theta]), "path": [theta0.double().cpu()],
                      "pre": [no_moment] if name in adaptive else None,
                      "diverged": None}
    recorded = [0]
    perm, per_epoch = None, n // batch
    for k in range(1, steps + 1):
        if batch < n:
            _, index = divmod(k - 1, per_epoch)
            if index == 0:
                perm = torch.as_tensor(rng.permutation(n), device=net.device)
            idx = perm[index * batch:(index + 1) * batch]
        for run in runs.values():
            if run["diverged"] is not None:
                continue
            spec, theta, opt = run["spec"], run["theta"], run["opt"]
            lr = spec.lr * spec.lr_factor(k, steps)
            opt.zero_grad(set_to_none=True)
            value = net.batch_loss(theta, idx if batch < n else None)
            (value * spec.loss_scale).backward()
            if not (torch.isfinite(value) and torch.isfinite(theta.grad).all()):
                run["diverged"] = k
                continue
            if spec.clip > 0:
                torch.nn.utils.clip_grad_norm_([theta], spec.clip)
            for group in opt.param_groups:
                group["lr"] = lr
            if spec.manual_decoupled_decay and spec.weight_decay > 0:
                with torch.no_grad():
                    theta.mul_(1.0 - lr * spec.weight_decay)
            opt.step()
        if k % record_every == 0 or k == steps:
            recorded.append(k)
            for run in runs.values():
                run["path"].append(run["theta"].detach().double().cpu().clone())
                if run["pre"] is not None:
                    run["pre"].append(_preconditioner_or_nan(run["opt"], run["theta"]))
        report_progress(progress, k / steps)
    paths = {name: torch.stack(run["path"]).numpy() for name, run in runs.items()}
    for name, path in paths.items():  # a diverged run's later rows repeat its frozen θ; drop non-finite ones
        finite = np.all(np.isfinite(path), axis=1)
        if not finite.all():
            paths[name] = path[: int(np.argmin(finite))]
    losses = {name: net.losses(path) for name, path in paths.items()}
    pre = {name: torch.stack(runs[name]["pre"]).numpy()[: len(paths[name])] for name in adaptive}
    return TwinPaths(copy.deepcopy(net.model).float(), np.asarray(recorded), paths, losses,
                     {name: run["diverged"] for name, run in runs.items()}, pre)


def _preconditioner_or_nan(optimizer, theta) -> torch.Tensor:
    """An Adam optimizer's p = 1/(√v̂ + ε), float64 on the CPU; NaN while it has no state (a run that
    stopped before its first step)."""
    from core.training.sharpness import adam_preconditioner

    try:
        return adam_preconditioner(optimizer).cpu()
    except ValueError:
        return torch.full((theta.numel(),), math.nan, dtype=torch.float64)


# ---------------------------------------------------------------------- JSON helpers
def _json_float(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _json_list(array) -> list:
    arr = np.asarray(array, dtype=np.float64)
    return [_json_list(row) for row in arr] if arr.ndim > 1 else [_json_float(v) for v in arr]


# ---------------------------------------------------------------------- one experiment, end to end
@dataclass(frozen=True)
class TaskData:
    """A task's training and test sets as the landscape sees them."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    in_dim: int
    out_dim: int
    loss: str  # "cross_entropy" for classification, "mse" for regression


def task_data(task: str, seed: int = 0, n_samples: int = 512, test_fraction: float = 0.2) -> TaskData:
    """``digits`` (the bundled 8×8 images) or one of the toy tasks of ``core.training.datasets``, cut into
    a seeded training and test set (stratified by class for classification)."""
    from core.training.digits import digits_split, train_test_split

    name = str(task).strip().lower()
    if name == "digits":
        split = digits_split(test_fraction=test_fraction, seed=seed)
        return TaskData("digits", split.x_train, split.y_train, split.x_test, split.y_test, 64, 10,
                        "cross_entropy")
    from core.training.datasets import TASKS, make_dataset

    if name not in TASKS:
        raise ValueError(f"unknown task {_short(task)}; choose one of: digits, {', '.join(TASKS)}")
    data = make_dataset(name, n_samples=n_samples, seed=seed)
    classification = data.kind == "classification"
    train, test = train_test_split(data.y if classification else np.zeros(len(data.y)), test_fraction, seed,
                                   stratify=classification)
    out_dim = data.n_classes if classification else 1
    return TaskData(name, data.x[train], data.y[train], data.x[test], data.y[test], data.x.shape[1], out_dim,
                    "cross_entropy" if classification else "mse")


def _scores(net: NetLoss, theta: np.ndarray) -> dict:
    t = net.vector(theta)
    with torch.no_grad():
        out = net.outputs(t)
        loss = float(net._loss_of_output(out))
        accuracy = float((out.argmax(-1) == net.labels).double().mean()) if net.labels is not None else None
    return {"loss": _json_float(loss), "accuracy": accuracy if accuracy is None else _json_float(accuracy)}


def landscape_experiment(task: str, specs: dict, steps: int, plane: str = "pca", grid: int = 51,
                         depth: int = 1, width: int = 64, activation: str = "relu", seed: int = 0,
                         batch_size: int = 0, center: str = "mean", extent=None, record_every: int | None = None,
                         dtype: torch.dtype = torch.float32, device="cpu",
                         progress: Callable[[float], bool] | None = None) -> dict:
    """Train A and B (``specs``) on ``task``, build the ``plane`` through their paths, compute a
    ``grid``×``grid`` slice and each path's read-outs; returns a JSON-safe dict (NaN/inf → None).
    ``record_every`` None: every step up to :data:`MAX_RECORDS` steps, then evenly thinned to about that many."""
    import time

    if plane not in PLANES:
        raise ValueError(f"unknown plane {plane!r}; choose one of: {', '.join(PLANES)}")
    grid = _check_grid(grid)
    if extent is not None:
        extent = _check_extent(extent)
    if record_every is None and isinstance(steps, int) and not isinstance(steps, bool):
        record_every = max(1, -(-steps // MAX_RECORDS))
    start = time.perf_counter()
    data = task_data(task, seed=seed)
    model = make_mlp(data.in_dim, data.out_dim, depth, width, activation, seed=init_seed(seed))
    twins = train_twin_paths(model, data.x_train, data.y_train, specs, steps, loss=data.loss,
                             batch_size=batch_size, seed=seed, record_every=record_every, dtype=dtype,
                             device=device, progress=None if progress is None else lambda f: progress(0.5 * f))
    trained = time.perf_counter()
    net = NetLoss(model, data.x_train, data.y_train, loss=data.loss, dtype=dtype, device=device)
    test_net = NetLoss(model, data.x_test, data.y_test, loss=data.loss, dtype=dtype, device=device)
    both = [twins.paths["a"], twins.paths["b"]]
    chosen = make_plane(plane, net, both, seed=seed, center=center)
    readouts = {name: path_readout(net, chosen, twins.paths[name]) for name in twins.paths}
    if extent is None:
        extent = default_extent(np.vstack([r.coords for r in readouts.values()]))
    sub = None if progress is None else (lambda f: progress(0.5 + 0.5 * f))
    sl = compute_slice(net, chosen, extent, grid=grid, progress=sub)
    done = time.perf_counter()
    runs = {}
    for name, spec in specs.items():
        path = twins.paths[name]
        runs[name] = {
            "spec": spec.to_dict(), "label": spec.label(), "diverged_at": twins.diverged_at.get(name),
            "steps": [int(s) for s in twins.steps[: len(path)]],
            "readout": readouts[name].to_dict(),
            "train": _scores(net, path[-1]), "test": _scores(test_net, path[-1]),
        }
    return {
        "task": data.name, "steps": int(steps), "seed": int(seed), "batch_size": int(batch_size),
        "model": {"in_dim": data.in_dim, "out_dim": data.out_dim, "depth": depth, "width": width,
                  "activation": activation},
        "loss": data.loss, "n_params": net.n_params, "n_train": int(len(data.y_train)),
        "n_test": int(len(data.y_test)), "dtype": str(dtype).replace("torch.", ""), "device": str(net.device),
        "plane": {"kind": chosen.kind, "center": chosen.center,
                  "explained": None if chosen.explained is None else [_json_float(v) for v in chosen.explained],
                  "eigenvalues": None if chosen.eigenvalues is None else [_json_float(v) for v in chosen.eigenvalues],
                  "seed": chosen.seed},
        "extent": [float(v) for v in extent], "grid": grid,
        "slice": sl.to_dict(), "runs": runs,
        "seconds": {"train": trained - start, "plane_and_slice": done - trained},
    }
