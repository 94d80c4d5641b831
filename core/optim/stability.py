"""The stability limit along a path: the local curvature λmax against the largest the optimizer tolerates.

On a quadratic with curvature h along an eigenvector, one step multiplies that component of θ by the
roots of a fixed recurrence; the run is stable while they stay inside the unit circle. With a = γ·h
(h the curvature of the loss the optimizer sees: s·λ of f, + λ_wd with coupled weight decay):

* SGD: θ ← (1 − a)θ, stable iff a < 2.
* Heavy ball (torch's momentum, dampening τ): b ← μb + (1 − τ)g, θ ← θ − γb; the characteristic
  polynomial z² − (1 + μ − (1 − τ)a)z + μ is Schur-stable iff (1 − τ)a < 2(1 + μ): a < 2(1 + μ)/(1 − τ).
* Nesterov (torch's form b ← μb + g, θ ← θ − γ(g + μb)): z² − (1 + μ)(1 − a)z + μ(1 − a); the Jury
  conditions give a > 0 and a < 2(1 + μ)/(1 + 2μ) (|μ(1 − a)| < 1 holds then) — 1.36 at μ = 0.9, a
  tighter limit than heavy ball's 3.8 (derived here; tests check it on a quadratic).
* Adaptive methods see the preconditioned curvature λmax(P·H), P = diag(1/(√v̂ + ε)) (Adam, AdamW; v̂ =
  v/(1 − β₂ᵗ)), diag(1/(√v + ε)) (RMSprop), diag(1/(√S + ε)) (Adagrad). With the preconditioner frozen
  Adam's update is heavy ball with step γ(1 − β₁) on P·H and momentum β₁, so the limit is
  λmax(P·H) < (2 + 2β₁)/((1 − β₁)γ) — 38/γ at β₁ = 0.9 (Cohen et al., 2022, "Adaptive gradient methods
  at the edge of stability"); RMSprop without momentum: 2/γ, with μ: 2(1 + μ)/γ; Adagrad: 2/γₜ.

These are limits of the linearised, noise-free, unclipped step (clipping shortens a step and can hold a
run past them; AdamW's decoupled decay is left out). Arrays are per step, index k for step k + 1, at
θ_k with the state of that step (core.engine.state).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.optim.spec import OptimizerSpec


@dataclass(frozen=True)
class StabilityCurve:
    """One run's stability along its path, per step (T,): ``values`` of the quantity ``label`` against
    ``limit`` (the run is locally unstable where values > limit); ``lambda_max``/``lambda_min`` of the
    surface's Hessian at θ_k; ``fraction`` = values/limit for a gauge."""

    kind: str
    label: str
    limit_text: str
    values: np.ndarray
    limit: np.ndarray
    lambda_max: np.ndarray
    lambda_min: np.ndarray

    @property
    def fraction(self) -> np.ndarray:
        return self.values / self.limit


def eigenvalues(hxx, hxy, hyy) -> tuple[np.ndarray, np.ndarray]:
    """(λmin, λmax) of the symmetric 2×2 matrices [[hxx, hxy], [hxy, hyy]], in closed form."""
    hxx, hxy, hyy = (np.asarray(h, np.float64) for h in (hxx, hxy, hyy))
    mean = 0.5 * (hxx + hyy)
    half_gap = 0.5 * (hxx - hyy)
    with np.errstate(over="ignore", invalid="ignore"):
        radius = np.sqrt(half_gap * half_gap + hxy * hxy)  # 3× faster than np.hypot ...
    overflowed = np.isinf(radius) & np.isfinite(half_gap) & np.isfinite(hxy)
    if overflowed.any():  # ... which is needed only where a square overflows (entries beyond 1e154)
        radius = np.where(overflowed, np.hypot(half_gap, hxy), radius)
    return mean - radius, mean + radius


def step_limit(spec: OptimizerSpec) -> tuple[float, str]:
    """For the SGD family: the largest stable γ·h (h the curvature the optimizer sees), and its formula."""
    mu = spec.momentum or 0.0
    if spec.kind == "nesterov":
        return 2.0 * (1.0 + mu) / (1.0 + 2.0 * mu), "2(1 + μ)/(1 + 2μ)"
    if mu:
        damp = spec.dampening or 0.0
        return (2.0 * (1.0 + mu) / (1.0 - damp) if damp < 1 else np.inf), \
            ("2(1 + μ)" if not damp else "2(1 + μ)/(1 − τ)")
    return 2.0, "2"


def gauge(spec: OptimizerSpec, lambda_max):
    """For the SGD family: γ·(s·λmax + λ_wd), the number :func:`step_limit` bounds (coupled weight decay adds
    its λ to the curvature the step sees); ``lambda_max`` a number or an array."""
    return spec.lr * (spec.loss_scale * lambda_max + spec.weight_decay)


def gauge_label(spec: OptimizerSpec) -> str:
    """How :func:`gauge` is written for ``spec``: γ·s·λmax, or γ·(s·λmax + λ) with weight decay."""
    return "γ·(s·λmax + λ)" if spec.weight_decay else "γ·s·λmax"


def preconditioned_limit(spec: OptimizerSpec) -> tuple[float, str]:
    """For adaptive kinds: γ·λmax(P·H) must stay below this (Adagrad: γₜ·λmax(P·H)); its formula."""
    if spec.kind in ("adam", "adamw"):
        b1 = spec.beta1
        return (2.0 + 2.0 * b1) / (1.0 - b1), "(2 + 2β₁)/((1 − β₁)γ)"
    if spec.kind == "rmsprop" and spec.momentum:
        return 2.0 * (1.0 + spec.momentum), "2(1 + μ)/γ"
    if spec.kind == "adagrad":
        return 2.0, "2/γₜ"
    return 2.0, "2/γ"


def preconditioned_sharpness(p, hxx, hxy, hyy) -> np.ndarray:
    """λmax(diag(p)·H) for p > 0 (..., 2): the eigenvalues of P^½ H P^½, a symmetric matrix similar to P·H."""
    p = np.asarray(p, np.float64)
    p1, p2 = p[..., 0], p[..., 1]
    return eigenvalues(p1 * hxx, np.sqrt(p1 * p2) * hxy, p2 * hyy)[1]


def stability_curves(specs: Sequence[OptimizerSpec], state, hxx, hxy, hyy) -> list[StabilityCurve]:
    """Each run's :class:`StabilityCurve` from its recorded state (core.engine.state.record_state) and
    the surface's Hessian (n, T) at the heads ``state.points[:, :-1]`` (core.engine.state.stability does
    both). Each run's steps are one array operation, and the adaptive runs' are one together (a race's
    7 × 1,000 steps in a fraction of a millisecond: it is paid on every recompute while the gauge is shown)."""
    hxx, hxy, hyy = (np.asarray(h, np.float64) for h in (hxx, hxy, hyy))
    lam_min, lam_max = eigenvalues(hxx, hxy, hyy)
    n, steps = len(specs), state.steps
    scale = np.array([spec.loss_scale for spec in specs], np.float64)[:, None]
    lr = np.array([spec.lr for spec in specs], np.float64)[:, None]
    # coupled weight decay adds λ to the curvature the update sees; AdamW's decoupled decay does not
    wd = np.array([spec.weight_decay if spec.kind != "adamw" else 0.0 for spec in specs], np.float64)[:, None]
    plain = np.array([spec.kind in ("sgd", "momentum", "nesterov") for spec in specs], bool)
    values = np.empty((n, steps))
    limits = np.empty((n, steps))
    texts = [""] * n
    for i, spec in enumerate(specs):
        limit, texts[i] = step_limit(spec) if plain[i] else preconditioned_limit(spec)
        limits[i] = limit
        if plain[i]:
            values[i] = gauge(spec, lam_max[i])
    adaptive = ~plain
    if adaptive.any():  # curvature the optimizer sees, s·H (+ λ·I coupled), preconditioned by lr_eff/γ(ₜ)
        decay = np.array([spec.lr_decay if spec.kind == "adagrad" else 0.0 for spec in specs], np.float64)[:, None]
        rate = lr[adaptive] / (1.0 + np.arange(steps) * decay[adaptive])
        p = state.lr_eff[adaptive] / rate[..., None]
        s, w = scale[adaptive], wd[adaptive]
        values[adaptive] = preconditioned_sharpness(p, s * hxx[adaptive] + w, s * hxy[adaptive], s * hyy[adaptive] + w)
        limits[adaptive] /= rate  # the dimensionless limit over γ (Adagrad: γₜ)
    curves = []
    for i, spec in enumerate(specs):
        if plain[i]:
            label = gauge_label(spec)
        else:
            label = "λmax(P·s·H)" if not wd[i, 0] else "λmax(P·(s·H + λ))"
        curves.append(StabilityCurve(spec.kind, label, texts[i], values[i], limits[i], lam_max[i], lam_min[i]))
    return curves
