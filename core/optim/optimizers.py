"""The seven optimizers as chains of transforms, with torch.optim's defaults.

Every optimizer takes ``clip`` (max gradient norm, 0 = off), applied first as
``torch.nn.utils.clip_grad_norm_`` is before ``optimizer.step()``. Hyper-parameters may be scalars or
per-trajectory arrays. The returned transform turns gradients into parameter *updates* (add them with
:func:`core.optim.transforms.apply_updates`). ``BUILDERS[spec.kind](**spec.transform_arguments())``
builds one from an OptimizerSpec (its loss scale and noise act on the gradient before the transform).
"""

from __future__ import annotations

from core.optim import transforms as T


def sgd(lr=1e-3, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0, clip=0.0):
    """SGD. If λ: g ← g + λθ. If μ: b ← g (first step) else μb + (1 − τ)g; g ← g + μb (Nesterov)
    or b. θ ← θ − γg."""
    return T.chain(
        T.clip_by_global_norm(clip),
        T.add_coupled_weight_decay(weight_decay),
        T.trace(momentum, dampening, nesterov),
        T.scale(-T.per_trajectory(lr)),
    )


def momentum(lr=1e-3, momentum=0.9, dampening=0.0, weight_decay=0.0, clip=0.0):
    """Heavy-ball momentum: SGD with μ = 0.9 by default."""
    return sgd(lr, momentum, dampening, False, weight_decay, clip)


def nesterov(lr=1e-3, momentum=0.9, weight_decay=0.0, clip=0.0):
    """Nesterov momentum: SGD with ``nesterov=True`` (torch requires τ = 0 and μ > 0)."""
    return sgd(lr, momentum, 0.0, True, weight_decay, clip)


def rmsprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, clip=0.0):
    """RMSprop (not centered). If λ: g ← g + λθ. v ← αv + (1 − α)g². θ ← θ − γ g/(√v + ε);
    with μ > 0 the direction g/(√v + ε) goes through a momentum buffer first. No bias correction."""
    return T.chain(
        T.clip_by_global_norm(clip),
        T.add_coupled_weight_decay(weight_decay),
        T.scale_by_rms(alpha, eps),
        T.trace(momentum, 0.0, False),
        T.scale(-T.per_trajectory(lr)),
    )


def adam(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, clip=0.0):
    """Adam. t ← t + 1; if λ: g ← g + λθ (coupled: it enters m and v). m ← β₁m + (1 − β₁)g;
    v ← β₂v + (1 − β₂)g². θ ← θ − γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)."""
    return T.chain(
        T.clip_by_global_norm(clip),
        T.add_coupled_weight_decay(weight_decay),
        T.scale_by_adam(lr, beta1, beta2, eps),
        T.scale(-1.0),
    )


def adamw(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2, clip=0.0):
    """AdamW: θ ← θ(1 − γλ) first (decoupled: λ never enters m or v), then Adam with the raw g."""
    return T.chain(
        T.clip_by_global_norm(clip),
        T.scale_by_adam(lr, beta1, beta2, eps),
        T.scale(-1.0),
        T.add_decayed_weights_before(lr, weight_decay),
    )


def adagrad(lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10, clip=0.0):
    """Adagrad. clr = γ/(1 + (t − 1)·lr_decay); if λ: g ← g + λθ; s ← s + g²; θ ← θ − clr·g/(√s + ε)."""
    return T.chain(
        T.clip_by_global_norm(clip),
        T.add_coupled_weight_decay(weight_decay),
        T.scale_by_adagrad(lr, lr_decay, eps),
        T.scale(-1.0),
    )


BUILDERS = {
    "sgd": sgd, "momentum": momentum, "nesterov": nesterov, "rmsprop": rmsprop,
    "adam": adam, "adamw": adamw, "adagrad": adagrad,
}
