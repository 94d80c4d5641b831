"""The seven optimizers as chains of transforms: the readable REFERENCE implementation.

The app, the CLI and the sweeps do not run this code: they step optimizers in the fused, compiled
kernel (core.engine.kernel, built from the same equations in core.optim.rules). This module and
core.optim.transforms exist to read (one transform per idea, as in optax) and to check the kernel:
tests tie both to each other and to torch.optim. Editing them changes nothing the app shows.

Every optimizer takes ``clip`` (max gradient norm, 0 = off), applied first as
``torch.nn.utils.clip_grad_norm_`` is before ``optimizer.step()``. Hyper-parameters may be scalars or
per-trajectory arrays; unset (None) ones take the defaults of core.optim.spec.PARAMETERS, and every
value is checked against that table's ranges (``adam(lr=-1)`` raises ValueError, as
``OptimizerSpec("adam", lr=-1)`` does). The returned transform turns gradients into parameter
*updates* (add them with :func:`core.optim.transforms.apply_updates`).
``BUILDERS[spec.kind](**spec.transform_arguments())`` builds one from an OptimizerSpec (its loss scale
and noise act on the gradient before the transform).
"""

from __future__ import annotations

import numpy as np

from core.optim import transforms as T
from core.optim.spec import PARAMETERS, SIGNATURES


def _settings(kind: str, given: dict) -> dict:
    """``given`` with the table's defaults for ``kind`` filled in, each value checked against the table."""
    values = {}
    for name in (*SIGNATURES[kind], "clip"):
        value = given[name]
        values[name] = PARAMETERS[name].check(PARAMETERS[name].defaults[kind] if value is None else value)
    if kind == "nesterov" and not np.all(np.asarray(values["momentum"]) > 0):
        raise ValueError("nesterov needs a momentum above 0")
    return values


def sgd(lr=None, momentum=None, dampening=None, nesterov=False, weight_decay=None, clip=None):
    """SGD. If λ: g ← g + λθ. If μ: b ← g (first step) else μb + (1 − τ)g; g ← g + μb (Nesterov)
    or b. θ ← θ − γg."""
    h = _settings("sgd", locals())
    return T.chain(
        T.clip_by_global_norm(h["clip"]),
        T.add_coupled_weight_decay(h["weight_decay"]),
        T.trace(h["momentum"], h["dampening"], nesterov),
        T.scale(-T.per_trajectory(h["lr"])),
    )


def momentum(lr=None, momentum=None, dampening=None, weight_decay=None, clip=None):
    """Heavy-ball momentum: SGD with μ = 0.9 by default (losslab's choice; torch.optim.SGD's default is 0)."""
    h = _settings("momentum", locals())
    return sgd(h["lr"], h["momentum"], h["dampening"], False, h["weight_decay"], h["clip"])


def nesterov(lr=None, momentum=None, weight_decay=None, clip=None):
    """Nesterov momentum: SGD with ``nesterov=True`` (torch requires τ = 0 and μ > 0)."""
    h = _settings("nesterov", locals())
    return sgd(h["lr"], h["momentum"], 0.0, True, h["weight_decay"], h["clip"])


def rmsprop(lr=None, alpha=None, eps=None, weight_decay=None, momentum=None, clip=None):
    """RMSprop (not centered). If λ: g ← g + λθ. v ← αv + (1 − α)g². θ ← θ − γ g/(√v + ε);
    with μ > 0 the direction g/(√v + ε) goes through a momentum buffer first (b ← μb + g/(√v + ε),
    θ ← θ − γb). No bias correction."""
    h = _settings("rmsprop", locals())
    return T.chain(
        T.clip_by_global_norm(h["clip"]),
        T.add_coupled_weight_decay(h["weight_decay"]),
        T.scale_by_rms(h["alpha"], h["eps"]),
        T.trace(h["momentum"], 0.0, False),
        T.scale(-T.per_trajectory(h["lr"])),
    )


def adam(lr=None, beta1=None, beta2=None, eps=None, weight_decay=None, clip=None):
    """Adam. t ← t + 1; if λ: g ← g + λθ (coupled: it enters m and v). m ← β₁m + (1 − β₁)g;
    v ← β₂v + (1 − β₂)g². θ ← θ − γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)."""
    h = _settings("adam", locals())
    return T.chain(
        T.clip_by_global_norm(h["clip"]),
        T.add_coupled_weight_decay(h["weight_decay"]),
        T.scale_by_adam(h["lr"], h["beta1"], h["beta2"], h["eps"]),
        T.scale(-1.0),
    )


def adamw(lr=None, beta1=None, beta2=None, eps=None, weight_decay=None, clip=None):
    """AdamW: the gradient is taken at θₜ, then θ ← θ(1 − γλ) (decoupled: λ never enters m or v), then
    Adam's step with that raw g."""
    h = _settings("adamw", locals())
    return T.chain(
        T.clip_by_global_norm(h["clip"]),
        T.scale_by_adam(h["lr"], h["beta1"], h["beta2"], h["eps"]),
        T.scale(-1.0),
        T.add_decayed_weights_before(h["lr"], h["weight_decay"]),
    )


def adagrad(lr=None, lr_decay=None, weight_decay=None, eps=None, clip=None):
    """Adagrad. clr = γ/(1 + (t − 1)·lr_decay); if λ: g ← g + λθ; s ← s + g²; θ ← θ − clr·g/(√s + ε)."""
    h = _settings("adagrad", locals())
    return T.chain(
        T.clip_by_global_norm(h["clip"]),
        T.add_coupled_weight_decay(h["weight_decay"]),
        T.scale_by_adagrad(h["lr"], h["lr_decay"], h["eps"]),
        T.scale(-1.0),
    )


BUILDERS = {
    "sgd": sgd, "momentum": momentum, "nesterov": nesterov, "rmsprop": rmsprop,
    "adam": adam, "adamw": adamw, "adagrad": adagrad,
}
