"""Composable, pure gradient transformations in the style of optax.

A transform is an ``(init, update)`` pair: ``init(params) -> state`` and
``update(updates, state, params) -> (updates, new_state)``; nothing is mutated. States are NamedTuples
of arrays. Arrays are shaped ``(n_trajectories, n_params)`` and every hyper-parameter may be a scalar
or a per-trajectory array of shape ``(n,)``, so one call steps a whole sweep.

The equations are those of torch.optim (core.optim.rules holds them); an optimizer is a short
:func:`chain` of these (core.optim.optimizers).

This is the readable REFERENCE, not what the app runs: the app steps optimizers in the fused kernel
(core.engine.kernel), and tests tie the two (and torch.optim) together. The transforms take every
hyper-parameter explicitly (no defaults here): the defaults and valid ranges are the table's,
core.optim.spec.PARAMETERS, which core.optim.optimizers applies and checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from core.optim import rules


class GradientTransformation(NamedTuple):
    init: Callable[[np.ndarray], Any]
    update: Callable[[np.ndarray, Any, np.ndarray], tuple[np.ndarray, Any]]


class EmptyState(NamedTuple):
    pass


class StepState(NamedTuple):
    step: np.ndarray  # (n, 1) steps taken so far


class TraceState(NamedTuple):
    step: np.ndarray
    buf: np.ndarray  # momentum buffer b


class RmsState(NamedTuple):
    v: np.ndarray  # running average of g²


class AdamState(NamedTuple):
    step: np.ndarray
    m: np.ndarray
    v: np.ndarray


class AdagradState(NamedTuple):
    step: np.ndarray
    s: np.ndarray  # sum of g²


def per_trajectory(value) -> np.ndarray:
    """A scalar or (n,) hyper-parameter as something that broadcasts against (n, n_params)."""
    array = np.asarray(value, dtype=np.float64)
    return array[:, None] if array.ndim == 1 else array


def _steps(params: np.ndarray) -> np.ndarray:
    return np.zeros((params.shape[0], 1))


def chain(*transforms: GradientTransformation) -> GradientTransformation:
    """Apply ``transforms`` in order; the state is the tuple of their states."""

    def init(params):
        return tuple(t.init(params) for t in transforms)

    def update(updates, state, params):
        new_state = []
        for transform, sub in zip(transforms, state, strict=True):
            updates, sub = transform.update(updates, sub, params)
            new_state.append(sub)
        return updates, tuple(new_state)

    return GradientTransformation(init, update)


def apply_updates(params: np.ndarray, updates: np.ndarray) -> np.ndarray:
    return params + updates


def clip_by_global_norm(max_norm) -> GradientTransformation:
    """``torch.nn.utils.clip_grad_norm_`` per trajectory; ``max_norm`` 0 or inf means no clipping."""
    max_norm = per_trajectory(max_norm)

    def update(updates, state, params):
        norm = np.sqrt(np.sum(updates * updates, axis=-1, keepdims=True))
        with np.errstate(divide="ignore", invalid="ignore"):
            coefficient = rules.clip_coefficient(norm, max_norm)
        active = (max_norm > 0) & np.isfinite(max_norm)
        return np.where(active, updates * coefficient, updates), state

    return GradientTransformation(lambda p: EmptyState(), update)


def add_coupled_weight_decay(weight_decay) -> GradientTransformation:
    """g ← g + λθ (torch's ``weight_decay`` for every optimizer but AdamW)."""
    weight_decay = per_trajectory(weight_decay)

    def update(updates, state, params):
        return rules.coupled_weight_decay(updates, params, weight_decay), state

    return GradientTransformation(lambda p: EmptyState(), update)


def trace(momentum, dampening=0.0, nesterov=False) -> GradientTransformation:
    """SGD's momentum buffer: b ← g on the first step, then b ← μb + (1 − τ)g; the direction is b,
    or g + μb with Nesterov. Where μ = 0 the gradient passes through untouched (as in torch)."""
    momentum, dampening = per_trajectory(momentum), per_trajectory(dampening)
    nesterov = per_trajectory(nesterov).astype(bool)

    def init(params):
        return TraceState(_steps(params), np.zeros_like(params))

    def update(updates, state, params):
        buf = np.where(state.step == 0, updates,
                       rules.momentum_buffer(state.buf, updates, momentum, dampening))
        direction = np.where(nesterov, rules.nesterov_direction(updates, buf, momentum), buf)
        direction = np.where(momentum == 0, updates, direction)
        return direction, TraceState(state.step + 1, buf)

    return GradientTransformation(init, update)


def scale_by_rms(alpha, eps) -> GradientTransformation:
    """RMSprop: v ← αv + (1 − α)g²; direction g / (√v + ε)."""
    alpha, eps = per_trajectory(alpha), per_trajectory(eps)

    def update(updates, state, params):
        v = rules.ema_of_square(state.v, updates, alpha)
        return updates / rules.rms_denominator(v, eps), RmsState(v)

    return GradientTransformation(lambda p: RmsState(np.zeros_like(p)), update)


def scale_by_adam(lr, beta1, beta2, eps) -> GradientTransformation:
    """Adam's direction with torch's bias correction, already multiplied by γ/(1 − β₁ᵗ):
    m ← lerp(m, g, 1 − β₁); v ← β₂v + (1 − β₂)g²; update = γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε).
    (The learning rate enters here because torch folds it into the step size before dividing.)"""
    lr, beta1, beta2, eps = (per_trajectory(h) for h in (lr, beta1, beta2, eps))

    def init(params):
        return AdamState(_steps(params), np.zeros_like(params), np.zeros_like(params))

    def update(updates, state, params):
        step = state.step + 1
        weight = 1.0 - beta1
        m = np.where(weight < 0.5, rules.lerp_small_weight(state.m, updates, weight),
                     rules.lerp_large_weight(state.m, updates, weight))
        v = rules.ema_of_square(state.v, updates, beta2)
        denominator = rules.adam_denominator(v, 1.0 - beta2**step, eps)
        return rules.adam_step_size(lr, beta1**step) * (m / denominator), AdamState(step, m, v)

    return GradientTransformation(init, update)


def scale_by_adagrad(lr, lr_decay, eps) -> GradientTransformation:
    """Adagrad: s ← s + g²; update = γ/(1 + (t − 1)·lr_decay) · g / (√s + ε)."""
    lr, lr_decay, eps = (per_trajectory(h) for h in (lr, lr_decay, eps))

    def init(params):
        return AdagradState(_steps(params), np.zeros_like(params))

    def update(updates, state, params):
        step = state.step + 1
        s = rules.sum_of_squares(state.s, updates)
        clr = rules.adagrad_lr(lr, step, lr_decay)
        return clr * (updates / rules.rms_denominator(s, eps)), AdagradState(step, s)

    return GradientTransformation(init, update)


def scale(factor) -> GradientTransformation:
    """Multiply the updates by ``factor`` (e.g. −γ to turn a direction into a step)."""
    factor = per_trajectory(factor)
    return GradientTransformation(lambda p: EmptyState(), lambda u, s, p: (u * factor, s))


def add_decayed_weights_before(lr, weight_decay) -> GradientTransformation:
    """AdamW's decoupled decay: the step becomes θ(1 − γλ) − θ + update, i.e. θ is shrunk first."""
    lr, weight_decay = per_trajectory(lr), per_trajectory(weight_decay)

    def update(updates, state, params):
        return rules.decoupled_weight_decay(params, lr, weight_decay) - params + updates, state

    return GradientTransformation(lambda p: EmptyState(), update)
