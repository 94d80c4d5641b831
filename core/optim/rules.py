"""The update equations, written once, in torch.optim's order of operations.

Each rule is plain arithmetic with no branches, so the same function runs on numpy arrays (the
composable transforms in core.optim.transforms) and on floats inside the compiled kernel
(core.engine.kernel wraps them with numba). Choices torch makes with an ``if`` (first step, momentum
off, which lerp form) are made by the callers.

Notation: g gradient, θ parameter, γ learning rate, λ weight decay, μ momentum, τ dampening.
"""

import numpy as np


def coupled_weight_decay(g, theta, weight_decay):
    """L2 through the gradient (SGD, RMSprop, Adam, Adagrad): g ← g + λθ."""
    return g + weight_decay * theta


def decoupled_weight_decay(theta, lr, weight_decay):
    """AdamW's decay, applied to θ before the Adam step: θ ← θ(1 − γλ)."""
    return theta * (1.0 - lr * weight_decay)


def sum_of_squares(s, g):
    """Adagrad's running sum: S ← S + g²."""
    return s + g * g


def momentum_buffer(buf, g, momentum, dampening):
    """b ← μb + (1 − τ)g (from the second step on; the first step sets b ← g)."""
    return buf * momentum + (1.0 - dampening) * g


def nesterov_direction(g, buf, momentum):
    """Nesterov's look-ahead: g + μb."""
    return g + momentum * buf


def lerp_small_weight(a, b, weight):
    """torch.lerp for weight < 0.5: a + w(b − a). Adam's first moment is lerp(m, g, 1 − β₁)."""
    return a + weight * (b - a)


def lerp_large_weight(a, b, weight):
    """torch.lerp for weight ≥ 0.5: b − (b − a)(1 − w)."""
    return b - (b - a) * (1.0 - weight)


def ema_of_square(v, g, decay):
    """v ← decay·v + (1 − decay)·g² (RMSprop's α, Adam's β₂)."""
    return v * decay + (1.0 - decay) * g * g


def rms_denominator(v, eps):
    """RMSprop and Adagrad: √v + ε — ε outside the root, no bias correction."""
    return np.sqrt(v) + eps


def adam_denominator(v, bias_correction2, eps):
    """Adam: √v / √(1 − β₂ᵗ) + ε."""
    return np.sqrt(v) / np.sqrt(bias_correction2) + eps


def adam_step_size(lr, beta1_power):
    """γ / (1 − β₁ᵗ): the first moment's bias correction folded into the step size."""
    return lr / (1.0 - beta1_power)


def adagrad_lr(lr, step, lr_decay):
    """γ / (1 + (t − 1)·lr_decay)."""
    return lr / (1.0 + (step - 1.0) * lr_decay)


def clip_coefficient(norm, max_norm):
    """clip_grad_norm_'s factor max_norm / (‖g‖ + 1e-6), capped at 1 (a gradient within the norm is kept)."""
    return np.minimum(max_norm / (norm + 1e-6), 1.0)
