"""OptimizerSpec: one optimizer's settings as plain, validated data (what a scene file and the CLI hold).

Besides the optimizer's own hyper-parameters every spec has the options that act on the gradient
before the optimizer sees it: ``loss_scale`` s (the loss is multiplied by s, so the gradient is),
``noise`` σ with ``seed`` (gradient noise of the *unscaled* loss, so g = s·(∇f + σξ)), and ``clip``
(max gradient norm of the scaled gradient, 0 = off), and ``grad_dtype`` (unset: float64 throughout;
"float32", "float16" or "bfloat16": s·∇f is rounded to that format, as a mixed-precision backward
pass returns it, then unscaled by s before clipping and the step — core.optim.precision).

:data:`PARAMETERS` is the one hyper-parameter table (symbol, label, default per optimizer kind, valid
range, one-line help): validation here, ``defaults_for``, the training spec (core.training.optim_spec),
the reference transforms (core.optim.optimizers) and the panels and CLI read it.

Which code runs: the app, the CLI and the sweeps step optimizers in the fused, compiled kernel
(core.engine.kernel, from the equations in core.optim.rules); core.optim.transforms/optimizers are the
readable numpy reference, tied to the kernel and to torch.optim by tests — editing them changes
nothing the app shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from core.i18n import QT_TRANSLATE_NOOP, translate
from core.optim.precision import FORMAT_CODES, GRAD_DTYPES

KINDS = ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad")
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}

TITLES = {
    "sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "rmsprop": "RMSProp",
    "adam": "Adam", "adamw": "AdamW", "adagrad": "AdaGrad",
}

@dataclass(frozen=True)
class Parameter:
    """One setting of an optimizer spec: what a UI panel, the CLI, the training spec and the docs show,
    and what validation enforces. ``defaults`` maps each optimizer kind that has the parameter to its
    default (torch.optim's where torch has one); a gradient option (every optimizer has those) is
    listed under every kind. Valid values lie between ``low`` and ``high``, each end open or closed."""

    name: str
    symbol: str
    label: str
    low: float
    high: float
    low_open: bool
    high_open: bool
    help: str
    defaults: dict
    integer: bool = False
    zero_is_off: bool = False

    @property
    def bounds(self) -> tuple[float, float]:
        return self.low, self.high

    def contains(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    @property
    def rule(self) -> str:
        """The valid range in words, in English: help() and --help say it so (the window looks help()'s whole
        text up in its catalogue); refusal messages say :meth:`rule_text`."""
        template, values = self._rule_parts()
        return template.format(**values)

    def rule_text(self) -> str:
        """:attr:`rule` in the current language (core.i18n), as refusal messages say it."""
        template, values = self._rule_parts()
        return translate("core.params", template).format(**values)

    def _rule_parts(self) -> tuple[str, dict]:
        lo, hi = number_text(self.low), number_text(self.high)
        if self.integer:
            top = number_text(self.high - 1) if self.high_open else hi
            return QT_TRANSLATE_NOOP("core.params", "a whole number from {low} to {high}"), {"low": lo, "high": top}
        if self.high <= 1:
            interval = f"{'(' if self.low_open else '['}{lo}, {hi}{')' if self.high_open else ']'}"
            return QT_TRANSLATE_NOOP("core.params", "in {interval}"), {"interval": interval}
        if self.low == 0 and self.low_open:
            template = (QT_TRANSLATE_NOOP("core.params", "a positive number below {high}") if self.high_open
                        else QT_TRANSLATE_NOOP("core.params", "a positive number up to {high}"))
        elif self.low == 0 and self.zero_is_off:
            template = (QT_TRANSLATE_NOOP("core.params", "zero (off) or positive, below {high}") if self.high_open
                        else QT_TRANSLATE_NOOP("core.params", "zero (off) or positive, up to {high}"))
        elif self.low == 0:
            template = (QT_TRANSLATE_NOOP("core.params", "zero or positive, below {high}") if self.high_open
                        else QT_TRANSLATE_NOOP("core.params", "zero or positive, up to {high}"))
        else:
            template = QT_TRANSLATE_NOOP("core.params", "a positive number from {low} to {high}")
        return template, {"low": lo, "high": hi}

    def check(self, value):
        """``value`` if valid (a number, or an array of them for the reference transforms), else
        ValueError with a one-line reason. Integers stay integers; other numbers become floats."""
        if type(value) is float and not self.integer:  # the usual case first: a slider move checks ~60 values
            if math.isfinite(value) and self.contains(value):
                return value
            raise ValueError(self._refusal(f"{value!r:.40}"))
        if isinstance(value, np.ndarray) and not self.integer:
            array = np.asarray(value, np.float64)
            if array.size and not (np.isfinite(array).all() and all(self.contains(v) for v in array.flat)):
                bad = next(v for v in array.flat if not (math.isfinite(v) and self.contains(v)))
                raise ValueError(self._refusal(repr(float(bad))))
            return value
        if self.integer:
            ok = isinstance(value, int | np.integer) and not isinstance(value, bool) and self.contains(value)
            if not ok:
                raise ValueError(self._refusal(f"{value!r:.40}"))
            return int(value)
        if not isinstance(value, int | float | np.floating | np.integer) or isinstance(value, bool | np.bool_) \
                or not _finite(value) or not self.contains(value):
            raise ValueError(self._refusal(f"{value!r:.40}"))
        return value

    def _refusal(self, value: str) -> str:
        return translate("core.params", "{name} must be {rule}, not {value}").format(
            name=self.name, rule=self.rule_text(), value=value)


def _finite(value) -> bool:
    """math.isfinite that says False for an integer too large for a float (10**400 raises there)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def number_text(value: float) -> str:
    """1e10 → '1e10', 0.5 → '0.5', 2**63 − 1 → '2**63 − 1' (ranges in messages, short and exact)."""
    if value == 2**63 - 1:
        return "2**63 − 1"
    if value == 2**63:
        return "2**63"
    if float(value).is_integer() and abs(value) < 1e5:
        return str(int(value))
    return f"{value:g}".replace("e+", "e").replace("e0", "e").replace("e-0", "e-")


_SGD_FAMILY = ("sgd", "momentum", "nesterov")

# THE hyper-parameter table: name, symbol, label, range, help, default per optimizer kind. The
# defaults are torch.optim's, except Momentum's and Nesterov's μ: torch.optim.SGD's default momentum is
# 0; 0.9 is losslab's (and the usual) choice for the optimizers named after it. Ranges are one set of
# limits for every entry point (scene files, panels, CLI, training spec, reference transforms); they
# keep every product of hyper-parameters finite: γ·λ ≤ 1e16, γ·s ≤ 1e70, 1/s ≤ 1e60, 1 + t·δ ≤ 1e13.
# lr reaches 1e10 because a race multiplies each optimizer's own lr by the global lr factor (up to 1e4);
# the product is checked against the same range (a factor that would pass it is refused, saying so).
# loss_scale reaches 1e60, past float32's largest number (3.4e38), so a training run can show a scaled loss
# overflowing; its reciprocal (an unscaling) stays finite.
PARAMETERS: dict[str, Parameter] = {p.name: p for p in (
    Parameter("lr", "γ", "learning rate", 0.0, 1e10, True, False,
              "the step size: θ moves by γ times the optimizer's direction",
              {"sgd": 1e-3, "momentum": 1e-3, "nesterov": 1e-3, "rmsprop": 1e-2, "adam": 1e-3,
               "adamw": 1e-3, "adagrad": 1e-2}),
    Parameter("momentum", "μ", "momentum", 0.0, 1.0, False, True,
              "how much of the previous direction each step keeps (heavy ball / Nesterov, RMSProp's buffer)",
              {"sgd": 0.0, "momentum": 0.9, "nesterov": 0.9, "rmsprop": 0.0}),
    Parameter("dampening", "τ", "dampening", 0.0, 1.0, False, False,
              "the momentum buffer adds (1 − τ)·g instead of g",
              {"sgd": 0.0, "momentum": 0.0}),
    Parameter("alpha", "α", "RMS decay", 0.0, 1.0, False, True,
              "decay of RMSProp's running average of g²",
              {"rmsprop": 0.99}),
    Parameter("beta1", "β₁", "first-moment decay", 0.0, 1.0, False, True,
              "decay of Adam's running average of g (first moment)",
              {"adam": 0.9, "adamw": 0.9}),
    Parameter("beta2", "β₂", "second-moment decay", 0.0, 1.0, False, True,
              "decay of Adam's running average of g² (second moment)",
              {"adam": 0.999, "adamw": 0.999}),
    Parameter("eps", "ε", "epsilon", 0.0, 1e6, False, False,
              "added to √v: where √v is comparable to ε, the loss scale matters",
              {"rmsprop": 1e-8, "adam": 1e-8, "adamw": 1e-8, "adagrad": 1e-10}),
    Parameter("weight_decay", "λ", "weight decay", 0.0, 1e6, False, False,
              "pulls θ towards 0: g ← g + λθ (coupled L2); AdamW shrinks θ ← θ(1 − γλ) instead",
              {"sgd": 0.0, "momentum": 0.0, "nesterov": 0.0, "rmsprop": 0.0, "adam": 0.0, "adamw": 1e-2,
               "adagrad": 0.0}),
    Parameter("lr_decay", "δ", "lr decay", 0.0, 1e6, False, False,
              "AdaGrad's learning-rate decay: step t uses γ/(1 + (t − 1)δ)",
              {"adagrad": 0.0}),
    Parameter("clip", "c", "clip ‖g‖ at", 0.0, 1e12, False, False,
              "gradient-norm clipping of the scaled gradient (torch's clip_grad_norm_); 0 = off",
              dict.fromkeys(KINDS, 0.0), zero_is_off=True),
    Parameter("loss_scale", "s", "loss scale", 1e-60, 1e60, False, False,
              "the loss is multiplied by s, so the gradient the optimizer sees is s·∇f",
              dict.fromkeys(KINDS, 1.0)),
    Parameter("noise", "σ", "gradient noise", 0.0, 1e6, False, False,
              "Gaussian noise of standard deviation σ added to the unscaled gradient; 0 = off",
              dict.fromkeys(KINDS, 0.0), zero_is_off=True),
    Parameter("seed", "seed", "noise seed", 0, 2**63, False, True,
              "the noise draws' seed: the same seed gives the same draws",
              dict.fromkeys(KINDS, 0), integer=True),
)}
GRADIENT_OPTIONS = ("clip", "loss_scale", "noise", "seed")  # act on the gradient; every optimizer has them
# Each optimizer's own hyper-parameters, in the order of torch.optim's constructor.
SIGNATURES = {
    "sgd": ("lr", "momentum", "dampening", "weight_decay"),
    "momentum": ("lr", "momentum", "dampening", "weight_decay"),
    "nesterov": ("lr", "momentum", "weight_decay"),
    "rmsprop": ("lr", "alpha", "eps", "weight_decay", "momentum"),
    "adam": ("lr", "beta1", "beta2", "eps", "weight_decay"),
    "adamw": ("lr", "beta1", "beta2", "eps", "weight_decay"),
    "adagrad": ("lr", "lr_decay", "weight_decay", "eps"),
}
_OWN_DEFAULTS = {kind: {name: PARAMETERS[name].defaults[kind] for name in names}
                 for kind, names in SIGNATURES.items()}
_GRADIENT_OPTIONS = {name: PARAMETERS[name].defaults["sgd"] for name in GRADIENT_OPTIONS}


def parameter(name: str) -> Parameter:
    """The table's entry for ``name`` (ValueError naming the known ones otherwise)."""
    if name not in PARAMETERS:
        raise ValueError(translate("core.params", "unknown hyper-parameter '{name}'; known: {known}").format(
            name=name, known=", ".join(PARAMETERS)))
    return PARAMETERS[name]


def bounds(name: str) -> tuple[float, float]:
    """(low, high) of ``name``'s valid range; whether each end is open is in ``parameter(name)``."""
    return parameter(name).bounds


def help(name: str) -> str:  # the table's help column, for panels and --help
    """One line on what ``name`` does, with its symbol and valid range."""
    p = parameter(name)
    symbol = "" if p.symbol == p.name else f" {p.symbol}"
    return f"{p.label}{symbol}: {p.help} ({p.rule})"


def check(name: str, value):
    """``value`` validated against the table (scalars, or arrays for the reference transforms)."""
    return parameter(name).check(value)


# The update equations, for docs and the app's optimizer panel (γ lr, λ weight decay, s loss scale), each
# in the order torch.optim computes it. AdamW: the gradient is taken at θₜ, THEN θ is shrunk, then Adam's
# step (torch computes the gradient before step(), which does param.mul_(1 − lr·wd) first).
EQUATIONS = {
    "sgd": "g ← s∇f (+ λθ)\nθ ← θ − γ g",
    "momentum": "g ← s∇f (+ λθ)\nb ← μ b + (1 − τ) g   (b₁ = g)\nθ ← θ − γ b",
    "nesterov": "g ← s∇f (+ λθ)\nb ← μ b + g   (b₁ = g)\nθ ← θ − γ (g + μ b)",
    "rmsprop": "g ← s∇f (+ λθ)\nv ← α v + (1 − α) g²\nθ ← θ − γ g / (√v + ε)",
    "adam": "g ← s∇f (+ λθ)\nm ← β₁ m + (1 − β₁) g\nv ← β₂ v + (1 − β₂) g²\n"
            "θ ← θ − γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)",
    "adamw": "g ← s∇f(θ)\nθ ← θ (1 − γλ)\nm ← β₁ m + (1 − β₁) g\nv ← β₂ v + (1 − β₂) g²\n"
             "θ ← θ − γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)",
    "adagrad": "g ← s∇f (+ λθ)\nS ← S + g²\nθ ← θ − γ/(1 + (t−1)δ) · g / (√S + ε)",
}
# RMSProp with μ > 0 (torch.optim.RMSprop): the normalised gradient goes through a buffer (b₀ = 0).
RMSPROP_WITH_MOMENTUM = "g ← s∇f (+ λθ)\nv ← α v + (1 − α) g²\nb ← μ b + g / (√v + ε)\nθ ← θ − γ b"


def equation_for(kind: str, momentum: float | None = 0.0, grad_dtype: str | None = None) -> str:
    """The update equation shown for ``kind``; RMSProp's shows its momentum buffer when μ > 0, and
    with a ``grad_dtype`` the gradient is rounded to it and unscaled (core.optim.precision)."""
    text = RMSPROP_WITH_MOMENTUM if kind == "rmsprop" and momentum else EQUATIONS[kind]
    if grad_dtype is not None:
        gradient = "s∇f(θ)" if "s∇f(θ)" in text else "s∇f"
        text = text.replace(gradient, f"{grad_dtype}({gradient}) / s", 1)
    return text


# Columns of the per-trajectory hyper-parameter table the kernel reads.
HYPER_COLUMNS = ("lr", "momentum", "dampening", "nesterov", "alpha", "beta1", "beta2", "eps",
                 "weight_decay", "clip", "loss_scale", "noise", "lr_decay", "grad_format")
COLUMN = {name: i for i, name in enumerate(HYPER_COLUMNS)}


@dataclass(frozen=True)
class OptimizerSpec:
    """One optimizer's settings. Unset (None) hyper-parameters take the table's default for ``kind``
    (:data:`PARAMETERS`: torch.optim's, but μ = 0.9 for Momentum and Nesterov); setting one the
    optimizer does not have is an error (``beta1`` for SGD, say); every value is checked against the
    table's range."""

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
    grad_dtype: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(_unknown_kind(self.kind))
        own = _OWN_DEFAULTS[self.kind]
        for name in _HYPER_PARAMETER_FIELDS:
            value = getattr(self, name)
            if value is None:
                if name in own:
                    object.__setattr__(self, name, float(own[name]))
            elif name not in own:
                raise ValueError(translate("core.params", "{kind} has no hyper-parameter '{name}'; it has: {own}")
                                 .format(kind=self.kind, name=name, own=", ".join(own)))
        self._validate()

    def _validate(self):
        for name in (*_OWN_DEFAULTS[self.kind], *GRADIENT_OPTIONS):
            PARAMETERS[name].check(getattr(self, name))
        if self.grad_dtype is not None and self.grad_dtype not in GRAD_DTYPES:
            raise ValueError(translate("core.params", "grad_dtype must be one of {choices} (or unset: float64), "
                                                      "not {value}").format(choices=", ".join(GRAD_DTYPES),
                                                                            value=repr(self.grad_dtype)))
        if self.kind == "nesterov" and self.momentum <= 0:
            raise ValueError(translate("core.params", "nesterov needs a momentum above 0"))

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def equation(self) -> str:
        return equation_for(self.kind, self.momentum, self.grad_dtype)

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
        values["grad_format"] = float(FORMAT_CODES.get(self.grad_dtype, 0))
        return [float(values[name]) for name in HYPER_COLUMNS]

    def to_dict(self) -> dict:
        """Only what differs from the defaults is needed to rebuild it, but all of it is written."""
        return {k: v for k, v in self._fields().items() if v is not None}

    def _fields(self) -> dict:
        # A shallow dict (dataclasses.asdict deep-copies: ~0.2 ms a spec, paid on every slider move).
        return {name: getattr(self, name) for name in _FIELD_NAMES}

    @classmethod
    def from_dict(cls, data: dict) -> OptimizerSpec:
        if not isinstance(data, dict):
            raise ValueError(translate("core.params", "an optimizer must be an object, not {type}").format(
                type=type(data).__name__))
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(translate("core.params", "unknown optimizer setting(s): {names}").format(
                names=", ".join(sorted(unknown))))
        if "kind" not in data:
            raise ValueError(translate("core.params", "an optimizer needs a 'kind'"))
        return cls(**data)

    def replace(self, **changes) -> OptimizerSpec:
        """A copy with ``changes``; switching ``kind`` keeps the learning rate and the gradient
        options and takes the new optimizer's defaults for the rest."""
        data = self.to_dict()
        if changes.get("kind", self.kind) != self.kind:
            data = {k: v for k, v in data.items() if k in ("lr", "grad_dtype") or k in _GRADIENT_OPTIONS}
        return OptimizerSpec(**{**data, **changes})


# The field names, once: dataclasses.fields() rebuilds its tuple on every call, and a slider move builds and
# validates a spec per run several times.
_FIELD_NAMES = tuple(f.name for f in fields(OptimizerSpec))
_HYPER_PARAMETER_FIELDS = tuple(name for name in _FIELD_NAMES
                                if name not in ("kind", "grad_dtype") and name not in _GRADIENT_OPTIONS)


def defaults_for(kind: str) -> dict[str, float]:
    """The defaults of ``kind``'s own hyper-parameters (for UI panels and docs), from :data:`PARAMETERS`:
    torch.optim's, except Momentum/Nesterov's μ = 0.9 (torch.optim.SGD's default momentum is 0)."""
    if kind not in _OWN_DEFAULTS:
        raise ValueError(_unknown_kind(kind))
    return dict(_OWN_DEFAULTS[kind])


def _unknown_kind(kind) -> str:
    return translate("core.params", "unknown optimizer {kind}; choose one of: {choices}").format(
        kind=f"{kind!r:.40}", choices=", ".join(KINDS))
