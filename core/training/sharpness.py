"""Sharpness: the top eigenvalues of a training loss's Hessian, from Hessian-vector products.

The loss is any function of a flat parameter vector θ (e.g. :class:`core.training.landscape.NetLoss`).
:func:`hvp_operator` builds the gradient's graph once at θ and returns v ↦ H v (one double-backward pass
per product). :func:`lanczos` finds the k largest (algebraic) eigenvalues and their eigenvectors by the
Lanczos iteration with full re-orthogonalisation, stopping when every wanted Ritz pair's residual
‖H y − λ y‖ = |βₘ sₘᵢ| is below ``tol · |λ|``; :func:`power_iteration` finds the eigenvalue of largest
magnitude (the same as λmax wherever the Hessian's most negative eigenvalue is smaller in size, as near a
minimum). Start vectors are Gaussian, drawn in float64 on the CPU from ``torch.Generator().manual_seed(seed)``.

:func:`edge_of_stability` is Cohen et al. (2021)'s experiment on the digits: a tanh MLP trained by
full-batch gradient descent on the square loss at step size η, its sharpness λmax measured every k steps;
it returns the series for a chart, a preset or a claim (sharpness against 2/η).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from core.engine.run import report_progress

LossFn = Callable[[torch.Tensor], torch.Tensor]


def hvp_operator(loss_fn: LossFn, theta: torch.Tensor,
                 precondition: torch.Tensor | None = None) -> Callable[[torch.Tensor], torch.Tensor]:
    """v ↦ ∇²L(θ) v, sharing one gradient graph across products (its memory lives as long as the operator).

    With ``precondition`` p (P,) > 0, v ↦ √p ⊙ H(√p ⊙ v): the symmetric form P^½ H P^½ of the preconditioned
    Hessian P·H (P = diag(p)), which is similar to P·H and so has the same eigenvalues."""
    point = theta.detach().clone().requires_grad_(True)
    root = None
    if precondition is not None:
        p = torch.as_tensor(precondition).detach().reshape(-1).to(point.device, point.dtype)
        if p.shape != point.shape or not bool(torch.isfinite(p).all()) or not bool((p > 0).all()):
            raise ValueError(f"precondition must hold {point.numel()} finite positive numbers")
        root = p.sqrt()
    with torch.enable_grad():
        grad = torch.autograd.grad(loss_fn(point), point, create_graph=True)[0]

    def hvp(v: torch.Tensor) -> torch.Tensor:
        return torch.autograd.grad(grad, point, grad_outputs=v, retain_graph=True)[0].detach()

    if root is None:
        return hvp
    return lambda v: root * hvp(root * v)


@dataclass(frozen=True)
class EigenResult:
    """``values`` (k,) in descending order, ``vectors`` (k, P) unit eigenvectors, float64 numpy;
    ``hvps`` Hessian-vector products used; ``converged`` whether the tolerance was met;
    ``residuals`` ‖H y − λ y‖ of each pair (the Lanczos estimate)."""

    values: np.ndarray
    vectors: np.ndarray
    hvps: int
    converged: bool
    residuals: np.ndarray

    @property
    def lambda_max(self) -> float:
        return float(self.values[0])


def _start_vector(n: int, seed: int, like: torch.Tensor) -> torch.Tensor:
    gen = torch.Generator().manual_seed(int(seed) & 0xFFFFFFFFFFFF)
    v = torch.randn(n, generator=gen, dtype=torch.float64).to(like.device, like.dtype)
    return v / v.norm()


def _check(k: int, max_iter: int, tol: float, n: int) -> None:
    for name, value, low in (("k", k, 1), ("max_iter", max_iter, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be a whole number >= {low}, got {value!r}")
    if k > n:
        raise ValueError(f"k = {k} eigenvalues asked of a {n}-parameter Hessian")
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be a positive number, got {tol!r}")


def lanczos(loss_fn: LossFn, theta: torch.Tensor, k: int = 1, max_iter: int = 100, tol: float = 1e-6,
            seed: int = 0, progress: Callable[[float], bool] | None = None, start=None,
            precondition: torch.Tensor | None = None) -> EigenResult:
    """The ``k`` largest eigenvalues of the Hessian of ``loss_fn`` at ``theta`` and their eigenvectors
    (of P^½ H P^½ with ``precondition`` p, see :func:`hvp_operator`: the eigenvalues of P·H).

    ``start``: the first Lanczos vector (e.g. the last estimate's eigenvector, a warm start); default a
    seeded Gaussian. At most ``max_iter`` Hessian-vector products (fewer when the Krylov space becomes
    invariant, e.g. after P products). ``progress(fraction)`` may return False to stop (raises Cancelled)."""
    theta = theta.detach()
    n = theta.numel()
    _check(k, max_iter, tol, n)
    hvp = hvp_operator(loss_fn, theta, precondition)
    q = _start_vector(n, seed, theta)
    if start is not None:
        given = start if torch.is_tensor(start) else torch.as_tensor(np.asarray(start))
        given = given.to(theta.device, theta.dtype)
        if given.shape != (n,) or not bool(torch.isfinite(given).all()) or float(given.norm()) == 0.0:
            raise ValueError(f"start must be a finite non-zero vector of {n} entries")
        q = given.reshape(-1) / given.norm()
    basis = [q]
    alphas: list[float] = []
    betas: list[float] = []
    values = vectors_t = residuals = None
    converged = False
    for j in range(min(max_iter, n)):
        w = hvp(basis[j])
        alpha = float(w @ basis[j])
        alphas.append(alpha)
        q_mat = torch.stack(basis, dim=1)  # (P, j+1)
        for _ in range(2):  # full re-orthogonalisation, twice ("twice is enough")
            w = w - q_mat @ (q_mat.T @ w)
        beta = float(w.norm())
        t = np.diag(alphas) + np.diag(betas, 1) + np.diag(betas, -1)
        theta_t, s = np.linalg.eigh(t)
        order = np.argsort(theta_t)[::-1][: min(k, j + 1)]
        values, vectors_t = theta_t[order], s[:, order]
        residuals = np.abs(beta * vectors_t[-1, :])
        scale = max(float(np.max(np.abs(theta_t))), 1e-300)
        done_now = len(order) == k and bool(np.all(residuals <= tol * np.maximum(np.abs(values), 1e-12 * scale)))
        invariant = beta <= 1e-12 * scale * max(1.0, math.sqrt(n)) * 10
        report_progress(progress, (j + 1) / min(max_iter, n))
        if invariant and j + 1 >= n:  # the whole space is spanned: the pairs are exact
            converged = True
            break
        if invariant:  # the Krylov space is invariant: restart orthogonally to it, so that an eigenvalue the
            # start vector missed (e.g. a second copy of a repeated one) can still be found
            w = _start_vector(n, seed + j + 1, theta)
            w = w - q_mat @ (q_mat.T @ w)
            w = w - q_mat @ (q_mat.T @ w)
            betas.append(0.0)
            basis.append(w / w.norm())
            continue
        if done_now:
            converged = True
            break
        betas.append(beta)
        basis.append(w / beta)
    converged = converged or len(alphas) >= n
    q_mat = torch.stack(basis[: len(alphas)], dim=1).double().cpu().numpy()
    ritz = (q_mat @ vectors_t).T
    ritz /= np.linalg.norm(ritz, axis=1, keepdims=True)
    return EigenResult(np.asarray(values, dtype=np.float64), ritz, len(alphas), converged,
                       np.asarray(residuals, dtype=np.float64))


def top_eigen(loss_fn: LossFn, theta: torch.Tensor, k: int = 1, max_iter: int = 100, tol: float = 1e-6,
              seed: int = 0, progress: Callable[[float], bool] | None = None) -> EigenResult:
    """The ``k`` largest Hessian eigenpairs (Lanczos)."""
    return lanczos(loss_fn, theta, k=k, max_iter=max_iter, tol=tol, seed=seed, progress=progress)


def power_iteration(loss_fn: LossFn, theta: torch.Tensor, max_iter: int = 100, tol: float = 1e-6,
                    seed: int = 0, precondition: torch.Tensor | None = None) -> EigenResult:
    """The Hessian eigenvalue of largest magnitude by power iteration (stops when the Rayleigh quotient
    changes by at most ``tol`` relative between two products); of P·H with ``precondition`` p (iterating
    on P^½ H P^½, see :func:`hvp_operator`; the vector returned is that matrix's eigenvector)."""
    theta = theta.detach()
    n = theta.numel()
    _check(1, max_iter, tol, n)
    hvp = hvp_operator(loss_fn, theta, precondition)
    v = _start_vector(n, seed, theta)
    value, converged, used = 0.0, False, 0
    hv = hvp(v)
    used = 1
    for _ in range(max_iter):
        new = float(v @ hv)
        norm = hv.norm()
        if float(norm) == 0.0:
            value, converged = 0.0, True
            break
        if used > 1 and abs(new - value) <= tol * abs(new):
            value, converged = new, True
            break
        value = new
        v = hv / norm
        if used >= max_iter:
            break
        hv = hvp(v)
        used += 1
    residual = float((hv - value * v).norm())
    return EigenResult(np.array([value]), v.double().cpu().numpy()[None, :], used, converged, np.array([residual]))


def lambda_max(loss_fn: LossFn, theta: torch.Tensor, max_iter: int = 100, tol: float = 1e-6, seed: int = 0) -> float:
    """λmax of the Hessian of ``loss_fn`` at ``theta`` (Lanczos, k = 1)."""
    return lanczos(loss_fn, theta, k=1, max_iter=max_iter, tol=tol, seed=seed).lambda_max


# ---------------------------------------------------------------------- edge of stability
@dataclass(frozen=True)
class EdgeOfStability:
    """Full-batch GD's series: ``loss`` (steps + 1,) at θ₀..θ_T (training loss before each step, then the
    final one); ``sharpness_steps`` and ``sharpness`` λmax measured at those steps; ``threshold`` = 2/η."""

    lr: float
    steps: np.ndarray
    loss: np.ndarray
    sharpness_steps: np.ndarray
    sharpness: np.ndarray
    n_params: int
    n_train: int
    seconds: float
    settings: dict

    @property
    def threshold(self) -> float:
        return 2.0 / self.lr

    def first_reach(self, fraction: float = 1.0) -> int | None:
        """The first measured step whose sharpness is at least ``fraction`` × 2/η (None if never)."""
        hits = np.flatnonzero(self.sharpness >= fraction * self.threshold)
        return int(self.sharpness_steps[hits[0]]) if len(hits) else None

    def after_reach(self, fraction: float = 1.0) -> np.ndarray:
        """sharpness / (2/η) at the measurements from :meth:`first_reach` on (empty if never reached)."""
        start = self.first_reach(fraction)
        if start is None:
            return np.empty(0)
        return self.sharpness[self.sharpness_steps >= start] / self.threshold

    def hover_band(self, fraction: float = 1.0) -> tuple[float, float] | None:
        """(min, max) of sharpness / (2/η) over the measurements from :meth:`first_reach` on."""
        ratio = self.after_reach(fraction)
        return (float(ratio.min()), float(ratio.max())) if len(ratio) else None

    def share_within(self, tol: float = 0.1, fraction: float = 1.0) -> float | None:
        """The share of measurements from :meth:`first_reach` on whose sharpness is within ``tol`` (relative)
        of 2/η (None if 2/η is never reached)."""
        ratio = self.after_reach(fraction)
        return float(np.mean(np.abs(ratio - 1.0) <= tol)) if len(ratio) else None

    def to_dict(self) -> dict:
        def clean(values):
            return [float(v) if math.isfinite(v) else None for v in np.asarray(values, dtype=np.float64)]

        return {"lr": self.lr, "threshold": self.threshold, "steps": [int(s) for s in self.steps],
                "loss": clean(self.loss), "sharpness_steps": [int(s) for s in self.sharpness_steps],
                "sharpness": clean(self.sharpness), "n_params": self.n_params, "n_train": self.n_train,
                "seconds": self.seconds, "first_reach": self.first_reach(), "hover_band": self.hover_band(),
                "share_within_10pct_after_reach": self.share_within(0.1),
                "median_ratio_after_reach": (float(np.median(self.after_reach())) if len(self.after_reach()) else None),
                "settings": self.settings}


def edge_of_stability(lr: float = 0.3, steps: int = 800, every: int = 25, depth: int = 3, width: int = 64,
                      activation: str = "tanh", loss: str = "half_sq", seed: int = 0, n_train: int | None = None,
                      dtype: torch.dtype = torch.float32, max_iter: int = 30, tol: float = 1e-3,
                      center_inputs: bool = True, progress: Callable[[float], bool] | None = None) -> EdgeOfStability:
    """Full-batch GD (θ ← θ − η∇L) on the digits' training split (inputs centred on the training mean when
    ``center_inputs``, as Cohen et al. centre theirs) with a ``depth``×``width`` MLP and the square loss on
    one-hot targets, λmax (Lanczos, warm-started from the previous estimate's eigenvector)
    every ``every`` steps and at the end. ``n_train`` keeps only the first n training images."""
    from core.training.digits import digits_split
    from core.training.landscape import NetLoss, flatten, init_seed, make_mlp

    if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    for name, value in (("steps", steps), ("every", every)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    split = digits_split(seed=seed)
    x, y = split.x_train, split.y_train
    if n_train is not None:
        x, y = x[:n_train], y[:n_train]
    if center_inputs:
        x = x - x.mean(axis=0)
    model = make_mlp(64, 10, depth, width, activation, seed=init_seed(seed))
    net = NetLoss(model, x, y, loss=loss, dtype=dtype)
    theta = flatten(model).to(net.device, dtype).requires_grad_(True)
    start = time.perf_counter()
    losses, s_steps, s_values = [], [], []
    vector = None
    for k in range(steps + 1):
        if k % every == 0 or k == steps:
            found = lanczos(net, theta, k=1, max_iter=max_iter, tol=tol, seed=seed, start=vector)
            vector = found.vectors[0]
            s_steps.append(k)
            s_values.append(found.lambda_max)
        value = net(theta)
        losses.append(float(value.detach()))
        if k == steps or not math.isfinite(losses[-1]):
            break
        grad = torch.autograd.grad(value, theta)[0]
        with torch.no_grad():
            theta -= lr * grad
        report_progress(progress, (k + 1) / steps)
    seconds = time.perf_counter() - start
    settings = {"depth": depth, "width": width, "activation": activation, "loss": loss, "seed": seed,
                "every": every, "center_inputs": bool(center_inputs), "dtype": str(dtype).replace("torch.", ""),
                "lanczos_max_iter": max_iter, "lanczos_tol": tol}
    return EdgeOfStability(float(lr), np.arange(len(losses)), np.asarray(losses), np.asarray(s_steps),
                           np.asarray(s_values), net.n_params, int(x.shape[0]), seconds, settings)


# ---------------------------------------------------------------------- along a recorded path
def stability_threshold(spec) -> tuple[float | None, str]:
    """(bound, why): the largest λmax at which the run's update is stable on a quadratic, for an
    :class:`~core.training.optim_spec.OptimSpec` — 2/(sη) for SGD (s the loss scale), (2 + 2μ)/(sη) for
    heavy-ball momentum, (2 + 2μ)/((1 + 2μ)sη) for Nesterov — or None with the reason when no such bound
    on the Hessian itself applies (adaptive optimizers: their bound is on the preconditioned Hessian;
    weight decay, clipping or a schedule change the step)."""
    name = spec.optimizer
    if name not in ("sgd", "momentum", "nesterov"):
        return None, f"{name} is adaptive: its stability bound is on the preconditioned Hessian (not computed)"
    if spec.weight_decay or spec.clip or spec.schedule != "constant":
        return None, "weight decay, clipping or a schedule change the step: no fixed bound"
    mu = spec.momentum or 0.0
    step = spec.lr * spec.loss_scale
    if name == "nesterov":
        return (2.0 + 2.0 * mu) / ((1.0 + 2.0 * mu) * step), "Nesterov: (2 + 2μ) / ((1 + 2μ)·s·η)"
    if mu:
        return (2.0 + 2.0 * mu) / step, "heavy-ball momentum: (2 + 2μ) / (s·η)"
    return 2.0 / step, "gradient descent: 2 / (s·η)"


CHART_POINTS = 12  # λmax estimates per run the Training tab's sharpness chart draws (evenly spaced recorded steps)
CHART_ITER = 30  # Lanczos iterations per chart estimate (tolerance 1e-3)


def chart_rows(n_rows: int, points: int = CHART_POINTS) -> np.ndarray:
    """Which of ``n_rows`` recorded points the sharpness chart estimates λmax at: ``points`` evenly spaced
    ones, the first and the last included (all of them when there are fewer)."""
    if n_rows <= 0:
        return np.zeros(0, dtype=int)
    return np.unique(np.linspace(0, n_rows - 1, min(points, n_rows)).round().astype(int))


def sharpness_along(loss_fn: LossFn, path, max_iter: int = 100, tol: float = 1e-3, seed: int = 0,
                    dtype: torch.dtype = torch.float32, device="cpu",
                    progress: Callable[[float], bool] | None = None) -> np.ndarray:
    """λmax (Lanczos) at each row θ of ``path`` (T, P); each estimate starts from the previous eigenvector."""
    rows = np.asarray(path, dtype=np.float64)
    out = np.empty(len(rows))
    vector = None
    for t, row in enumerate(rows):
        theta = torch.as_tensor(row).to(device, dtype)
        found = lanczos(loss_fn, theta, k=1, max_iter=max_iter, tol=tol, seed=seed, start=vector)
        vector = found.vectors[0]
        out[t] = found.lambda_max
        report_progress(progress, (t + 1) / len(rows))
    return out


# ---------------------------------------------------------------------- Adam's preconditioned sharpness
def adam_bound(lr: float, beta1: float = 0.9) -> float:
    """Cohen et al. (2022)'s stability bound on Adam's preconditioned sharpness λmax(P·H):
    (2 + 2β₁) / ((1 − β₁)·η), 38/η for β₁ = 0.9."""
    if not (math.isfinite(lr) and lr > 0 and 0 <= beta1 < 1):
        raise ValueError(f"the bound needs lr > 0 and 0 <= beta1 < 1, got lr {lr!r}, beta1 {beta1!r}")
    return (2.0 + 2.0 * beta1) / ((1.0 - beta1) * lr)


def adam_preconditioner(optimizer: torch.optim.Optimizer) -> torch.Tensor:
    """p = 1/(√v̂ + ε) of a torch Adam/AdamW optimizer, flat over its parameters in order, float64: the
    diagonal its step divides by (v̂ = v / (1 − β₂ᵗ), the bias-corrected second moment). ValueError when a
    parameter has no state yet (before the first step)."""
    parts = []
    for group in optimizer.param_groups:
        beta2, eps = group["betas"][1], group["eps"]
        for param in group["params"]:
            state = optimizer.state.get(param, {})
            if "exp_avg_sq" not in state:
                raise ValueError("the optimizer has no second moment yet: take a step first")
            t = float(state["step"])
            v_hat = state["exp_avg_sq"].detach().double() / (1.0 - beta2 ** t)
            parts.append((1.0 / (v_hat.sqrt() + eps)).reshape(-1))
    return torch.cat(parts)


def rebuild_adam_preconditioners(grad_fn: Callable[[np.ndarray], np.ndarray], steps, path, beta2: float = 0.999,
                                 eps: float = 1e-8) -> np.ndarray:
    """Adam's p = 1/(√v̂ + ε) at each recorded point of ``path`` (T, P), taken after ``steps`` (T,) steps,
    rebuilt from the gradients ``grad_fn(θ)`` at the recorded points: between two recorded points the
    gradient of the earlier one stands for every step's (Adam's step t uses the gradient at θ_{t−1}).
    Exact for full-batch Adam recorded at every step; an approximation on a coarser or mini-batch record.
    A point at step 0 (no moment yet) gets NaN."""
    rows = np.asarray(path, dtype=np.float64)
    steps = np.asarray(steps, dtype=np.int64)
    if rows.ndim != 2 or steps.shape != (len(rows),) or np.any(np.diff(steps) <= 0) or (len(steps) and steps[0] < 0):
        raise ValueError("steps must be increasing and >= 0, one per row of path")
    out = np.full(rows.shape, np.nan)
    v = np.zeros(rows.shape[1])
    for i in range(1, len(rows)):
        gap = int(steps[i] - steps[i - 1])
        grad = np.asarray(grad_fn(rows[i - 1]), dtype=np.float64)
        decay = beta2 ** gap  # v ← β₂ᵈ v + (1 − β₂ᵈ) g² over d steps with the same gradient g
        v = decay * v + (1.0 - decay) * grad ** 2
        if steps[0] > 0 and i == 1:
            continue  # the moment before the first recorded point is unknown
        out[i] = 1.0 / (np.sqrt(v / (1.0 - beta2 ** int(steps[i]))) + eps)
    return out


def preconditioned_sharpness_along(loss_fn: LossFn, path, preconditioners, max_iter: int = 100,
                                   tol: float = 1e-3, seed: int = 0, dtype: torch.dtype = torch.float32,
                                   device="cpu", progress: Callable[[float], bool] | None = None) -> np.ndarray:
    """λmax(P·H) (Lanczos on P^½ H P^½) at each row θ of ``path`` (T, P) with its row p of
    ``preconditioners`` (T, P); NaN where p is not finite and positive. Warm-started like
    :func:`sharpness_along`."""
    rows = np.asarray(path, dtype=np.float64)
    pre = np.asarray(preconditioners, dtype=np.float64)
    if pre.shape != rows.shape:
        raise ValueError(f"preconditioners must have the path's shape {rows.shape}, got {pre.shape}")
    out = np.full(len(rows), np.nan)
    vector = None
    for t, row in enumerate(rows):
        if np.all(np.isfinite(pre[t])) and np.all(pre[t] > 0):
            theta = torch.as_tensor(row).to(device, dtype)
            found = lanczos(loss_fn, theta, k=1, max_iter=max_iter, tol=tol, seed=seed, start=vector,
                            precondition=torch.as_tensor(pre[t]))
            vector = found.vectors[0]
            out[t] = found.lambda_max
        report_progress(progress, (t + 1) / len(rows))
    return out
