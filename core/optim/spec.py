"""OptimizerSpec: one optimizer's settings as plain, validated data (what a scene file and the CLI hold).

Besides the optimizer's own hyper-parameters every spec has the options that act on the gradient
before the optimizer sees it: ``loss_scale`` s (the loss is multiplied by s, so the gradient is),
``noise`` σ with ``seed`` (gradient noise of the *unscaled* loss, so g = s·(∇f + σξ)), and ``clip``
(max gradient norm of the scaled gradient, 0 = off).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

KINDS = ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad")
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}

TITLES = {
    "sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "rmsprop": "RMSProp",
    "adam": "Adam", "adamw": "AdamW", "adagrad": "AdaGrad",
}

# torch.optim's defaults (momentum/nesterov: torch has no default μ; 0.9 is the usual choice).
_OWN_DEFAULTS = {
    "sgd": {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0},
    "momentum": {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "nesterov": {"lr": 1e-3, "momentum": 0.9, "weight_decay": 0.0},
    "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0},
    "adam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "adamw": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2},
    "adagrad": {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "eps": 1e-10},
}
_GRADIENT_OPTIONS = {"clip": 0.0, "loss_scale": 1.0, "noise": 0.0, "seed": 0}

# The update equations, for docs and the app's optimizer panel (γ lr, λ weight decay, s loss scale).
EQUATIONS = {
    "sgd": "g ← s∇f (+ λθ)\nθ ← θ − γ g",
    "momentum": "g ← s∇f (+ λθ)\nb ← μ b + (1 − τ) g   (b₁ = g)\nθ ← θ − γ b",
    "nesterov": "g ← s∇f (+ λθ)\nb ← μ b + g   (b₁ = g)\nθ ← θ − γ (g + μ b)",
    "rmsprop": "g ← s∇f (+ λθ)\nv ← α v + (1 − α) g²\nθ ← θ − γ g / (√v + ε)",
    "adam": "g ← s∇f (+ λθ)\nm ← β₁ m + (1 − β₁) g\nv ← β₂ v + (1 − β₂) g²\n"
            "θ ← θ − γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)",
    "adamw": "θ ← θ (1 − γλ)\ng ← s∇f\nm ← β₁ m + (1 − β₁) g\nv ← β₂ v + (1 − β₂) g²\n"
             "θ ← θ − γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)",
    "adagrad": "g ← s∇f (+ λθ)\nS ← S + g²\nθ ← θ − γ/(1 + (t−1)·decay) · g / (√S + ε)",
}

# Columns of the per-trajectory hyper-parameter table the kernel reads.
HYPER_COLUMNS = ("lr", "momentum", "dampening", "nesterov", "alpha", "beta1", "beta2", "eps",
                 "weight_decay", "clip", "loss_scale", "noise", "lr_decay")
COLUMN = {name: i for i, name in enumerate(HYPER_COLUMNS)}


@dataclass(frozen=True)
class OptimizerSpec:
    """One optimizer's settings. Unset (None) hyper-parameters take torch's default for ``kind``;
    setting one the optimizer does not have is an error (``beta1`` for SGD, say)."""

    kind: str
    lr: float | None = None
    momentum: float | None = None
    dampening: float | None = None
    alpha: float | None = None
    beta1: float | None = None
    beta2: float | None = None
    eps: float | None = None
    weight_decay: float | None = None
    lr_decay: float | None = None
    clip: float = 0.0
    loss_scale: float = 1.0
    noise: float = 0.0
    seed: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown optimizer '{self.kind}'; choose one of: {', '.join(KINDS)}")
        own = _OWN_DEFAULTS[self.kind]
        for f in fields(self):
            if f.name == "kind" or f.name in _GRADIENT_OPTIONS:
                continue
            value = getattr(self, f.name)
            if value is None:
                if f.name in own:
                    object.__setattr__(self, f.name, float(own[f.name]))
            elif f.name not in own:
                raise ValueError(f"{self.kind} has no hyper-parameter '{f.name}'; it has: {', '.join(own)}")
        self._validate()

    def _validate(self):
        def check(name, ok, rule):
            value = getattr(self, name)
            if value is None:
                return
            if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) \
                    or not ok(value):
                raise ValueError(f"{name} must be {rule}, not {value!r}")

        check("lr", lambda v: v > 0, "a positive number")
        check("momentum", lambda v: 0 <= v < 1, "in [0, 1)")
        check("dampening", lambda v: 0 <= v <= 1, "in [0, 1]")
        check("alpha", lambda v: 0 <= v < 1, "in [0, 1)")
        check("beta1", lambda v: 0 <= v < 1, "in [0, 1)")
        check("beta2", lambda v: 0 <= v < 1, "in [0, 1)")
        check("eps", lambda v: v >= 0, "zero or positive")
        check("weight_decay", lambda v: v >= 0, "zero or positive")
        check("lr_decay", lambda v: v >= 0, "zero or positive")
        check("clip", lambda v: v >= 0, "zero (off) or a positive gradient norm")
        check("loss_scale", lambda v: v > 0, "a positive number")
        check("noise", lambda v: v >= 0, "zero (off) or a positive standard deviation")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, not {self.seed!r}")
        if self.kind == "nesterov" and self.momentum <= 0:
            raise ValueError("nesterov needs a momentum above 0")

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def equation(self) -> str:
        return EQUATIONS[self.kind]

    def hyper_parameters(self) -> dict[str, float]:
        """The optimizer's own hyper-parameters (those torch.optim's constructor takes)."""
        return {name: getattr(self, name) for name in _OWN_DEFAULTS[self.kind]}

    def transform_arguments(self) -> dict[str, float]:
        return {**self.hyper_parameters(), "clip": self.clip}

    def row(self) -> list[float]:
        """This spec as one row of the kernel's hyper-parameter table (unused columns neutral)."""
        values = {name: 0.0 for name in HYPER_COLUMNS}
        values.update({k: v for k, v in self._fields().items() if k in values and v is not None})
        values["nesterov"] = 1.0 if self.kind == "nesterov" else 0.0
        return [float(values[name]) for name in HYPER_COLUMNS]

    def to_dict(self) -> dict:
        """Only what differs from the defaults is needed to rebuild it, but all of it is written."""
        return {k: v for k, v in self._fields().items() if v is not None}

    def _fields(self) -> dict:
        # A shallow dict (dataclasses.asdict deep-copies: ~0.2 ms a spec, paid on every slider move).
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict) -> OptimizerSpec:
        if not isinstance(data, dict):
            raise ValueError(f"an optimizer must be an object, not {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown optimizer setting(s): {', '.join(sorted(unknown))}")
        if "kind" not in data:
            raise ValueError("an optimizer needs a 'kind'")
        return cls(**data)

    def replace(self, **changes) -> OptimizerSpec:
        """A copy with ``changes``; switching ``kind`` keeps the learning rate and the gradient
        options and takes the new optimizer's defaults for the rest."""
        data = self.to_dict()
        if changes.get("kind", self.kind) != self.kind:
            data = {k: v for k, v in data.items() if k == "lr" or k in _GRADIENT_OPTIONS}
        return OptimizerSpec(**{**data, **changes})


def defaults_for(kind: str) -> dict[str, float]:
    """torch's defaults for ``kind`` (for UI panels and docs)."""
    if kind not in _OWN_DEFAULTS:
        raise ValueError(f"unknown optimizer '{kind}'; choose one of: {', '.join(KINDS)}")
    return dict(_OWN_DEFAULTS[kind])
