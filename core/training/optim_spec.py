"""One run's optimizer settings: parsed from text, validated, and turned into a ``torch.optim`` optimizer.

Text form (the CLI's ``--a``/``--b``): comma-separated ``key=value`` pairs, e.g.
``optimizer=adam,lr=1e-3,loss_scale=10,weight_decay=0.01,clip=1,schedule=cosine``.

Keys (a key that does not apply to the chosen optimizer is an error, not silently ignored):

    optimizer     sgd | momentum | nesterov | rmsprop | adam | adamw | adagrad       (default sgd)
    wd_mode       coupled (λθ added to the gradient, torch's weight_decay) | decoupled (θ ← θ(1 − γλ)
                  before the step, as AdamW). adam + decoupled is exactly AdamW; adamw is always decoupled.
    schedule      constant | step | cosine                                             (default constant)
    step_size     step schedule: steps between drops; default a third of the run
    gamma         step schedule: factor per drop, in (0, 1]                           (default 0.1)

and the hyper-parameters of the one table, core.optim.spec.PARAMETERS (defaults per optimizer, ranges
and help; :func:`describe_keys` prints them): lr, loss_scale, weight_decay, clip, momentum, alpha,
beta1, beta2, eps, lr_decay.

The schedule multiplies the learning rate: constant 1; step γ^⌊(t−1)/step_size⌋; cosine
½(1 + cos(π·(t−1)/T)) over the run's T steps. Changing ``lr`` while a run trains rescales the whole
schedule from then on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import torch

from core.i18n import translate
from core.optim.spec import PARAMETERS, OptimizerSpec, number_text
from core.training.config import HYPER_KEYS, LIVE_KEYS, OPTIMIZERS, RUN_KEYS, SCHEDULES, WD_MODES, RunFields  # noqa: F401 (re-exported)

# The optimizer's own hyper-parameters: their defaults and validity rules are the table's
# (core.optim.spec.PARAMETERS, enforced by OptimizerSpec), so the panel and the race can never disagree.
_OPTIMIZER_KEYS = HYPER_KEYS
_TABLE_KEYS = ("lr", "loss_scale", "weight_decay", "clip", *_OPTIMIZER_KEYS[2:])


def describe_keys() -> str:
    """One line per table key: symbol, valid range, defaults per optimizer, help (for --help and docs)."""
    lines = []
    for key in _TABLE_KEYS:
        p = PARAMETERS[key]
        values = sorted(set(p.defaults.values()))
        if len(values) == 1:
            default = f"default {number_text(values[0])}"
        else:
            default = "defaults " + ", ".join(f"{kind} {number_text(value)}" for kind, value in p.defaults.items())
        lines.append(f"{key} ({p.symbol}): {p.rule}; {default}. {p.help}")
    return "\n".join(lines)


@dataclass(frozen=True)
class OptimSpec(RunFields):
    """A validated optimizer setting: the fields of :class:`~core.training.config.RunFields` (the same table
    as the training tab's RunConfig) with the optimizer's defaults filled in; fields that do not apply to
    ``optimizer`` are None."""

    def __post_init__(self):
        name = str(self.optimizer).strip().lower()
        if name not in OPTIMIZERS:
            raise ValueError(translate("core.training", "unknown optimizer {optimizer}; choose one of: "
                                                        "{optimizers}").format(
                optimizer=f"{self.optimizer!r}", optimizers=', '.join(OPTIMIZERS)))
        set_ = lambda key, value: object.__setattr__(self, key, value)  # noqa: E731 (frozen dataclass)
        set_("optimizer", name)
        given = {key: _number(key, getattr(self, key)) for key in _OPTIMIZER_KEYS if getattr(self, key) is not None}
        resolved = OptimizerSpec(name, clip=_number("clip", self.clip),
                                 loss_scale=_number("loss_scale", self.loss_scale), **given)
        for key in _OPTIMIZER_KEYS:  # torch's defaults filled in; None where the optimizer lacks the key
            set_(key, getattr(resolved, key))
        set_("clip", resolved.clip)
        set_("loss_scale", resolved.loss_scale)
        set_("gamma", _number("gamma", self.gamma))
        if not 0 < self.gamma <= 1:
            raise ValueError(translate("core.training", "gamma must be in (0, 1], got {gamma}").format(
                gamma=f"{self.gamma:g}"))
        mode = "decoupled" if (self.wd_mode is None and name == "adamw") else (self.wd_mode or "coupled")
        mode = str(mode).strip().lower()
        if mode == "adamw":
            mode = "decoupled"
        if mode not in WD_MODES:
            raise ValueError(translate("core.training", "unknown wd_mode {wd_mode}; choose coupled or decoupled")
                             .format(wd_mode=f"{self.wd_mode!r}"))
        if name == "adamw" and mode == "coupled":
            raise ValueError(translate("core.training", "adamw always decouples weight decay; use optimizer=adam "
                                                        "for coupled decay"))
        set_("wd_mode", mode)
        schedule = str(self.schedule).strip().lower()
        if schedule not in SCHEDULES:
            raise ValueError(translate("core.training", "unknown schedule {schedule}; choose one of: {schedules}")
                             .format(schedule=f"{self.schedule!r}", schedules=', '.join(SCHEDULES)))
        set_("schedule", schedule)
        if self.step_size is not None:
            size = _number("step_size", self.step_size)
            if size != int(size) or size < 1:
                raise ValueError(translate("core.training", "step_size must be a whole number >= 1, got "
                                                            "{step_size}").format(
                    step_size=f"{self.step_size!r}"))
            set_("step_size", int(size))

    # ------------------------------------------------------------------ construction helpers
    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> OptimSpec:
        """Build from a dict of key → value (numbers or their text); unknown keys are an error."""
        _check_keys(values)
        return cls(**{k: v for k, v in values.items() if v is not None})

    @classmethod
    def parse(cls, text: str) -> OptimSpec:
        """Parse ``"optimizer=adam,lr=1e-3,loss_scale=10"``; a bad entry raises ValueError naming it."""
        if not isinstance(text, str):
            raise ValueError(translate("core.training", "optimizer spec must be text, got {text}").format(
                text=f"{text!r}"))
        values: dict[str, str] = {}
        for raw in text.split(","):
            item = raw.strip()
            if not item:
                continue
            key, sep, value = item.partition("=")
            key, value = key.strip().lower(), value.strip()
            if not sep or not key or not value:
                raise ValueError(translate("core.training", "bad optimizer spec entry {item} in {text}: expected "
                                                            "key=value").format(
                    item=f"{item!r}", text=f"{text!r}"))
            if key in ("opt", "name"):
                key = "optimizer"
            if key in ("scale", "s"):
                key = "loss_scale"
            if key in ("wd",):
                key = "weight_decay"
            if key in values:
                raise ValueError(translate("core.training", "optimizer key {key} given twice in {text}").format(
                    key=f"{key!r}", text=f"{text!r}"))
            values[key] = value
        return cls.from_mapping(values)

    def with_changes(self, **changes: Any) -> OptimSpec:
        """A copy with ``changes`` applied and validated again."""
        _check_keys(changes)
        return replace(self, **changes)

    def label(self) -> str:
        """Short display text, e.g. ``sgd lr=0.1 loss×10``."""
        text = f"{self.optimizer} lr={self.lr:g} loss×{self.loss_scale:g}"
        if self.weight_decay:
            text += f" wd={self.weight_decay:g}" + (" (decoupled)" if self.wd_mode == "decoupled" else "")
        if self.clip:
            text += f" clip={self.clip:g}"
        if self.schedule != "constant":
            text += f" {self.schedule}"
        return text

    # ------------------------------------------------------------------ torch side
    @property
    def manual_decoupled_decay(self) -> bool:
        """True when decoupled decay is applied by the trainer (sgd family, rmsprop, adagrad)."""
        return self.wd_mode == "decoupled" and self.optimizer not in ("adam", "adamw")

    def torch_weight_decay(self) -> float:
        """The ``weight_decay`` value handed to the torch optimizer (0 when the trainer applies it)."""
        return 0.0 if self.manual_decoupled_decay else float(self.weight_decay)

    def lr_factor(self, step: int, total_steps: int) -> float:
        """The schedule's multiplier for step ``step`` (1-based) of a ``total_steps``-step run."""
        t = max(int(step) - 1, 0)
        if self.schedule == "constant":
            return 1.0
        total = max(int(total_steps), 1)
        if self.schedule == "step":
            size = self.step_size or max(total // 3, 1)
            return self.gamma ** (t // size)
        return 0.5 * (1.0 + math.cos(math.pi * min(t, total) / total))

    def build(self, params) -> torch.optim.Optimizer:
        """The torch optimizer for ``params`` with these settings (torch's defaults elsewhere)."""
        name, wd = self.optimizer, self.torch_weight_decay()
        if name in ("sgd", "momentum", "nesterov"):
            return torch.optim.SGD(params, lr=self.lr, momentum=self.momentum, weight_decay=wd,
                                   nesterov=name == "nesterov")
        if name == "rmsprop":
            return torch.optim.RMSprop(params, lr=self.lr, alpha=self.alpha, eps=self.eps, weight_decay=wd,
                                       momentum=self.momentum)
        if name == "adagrad":
            return torch.optim.Adagrad(params, lr=self.lr, lr_decay=self.lr_decay, eps=self.eps, weight_decay=wd)
        if name == "adamw" or self.wd_mode == "decoupled":
            return torch.optim.AdamW(params, lr=self.lr, betas=(self.beta1, self.beta2), eps=self.eps,
                                     weight_decay=wd)
        return torch.optim.Adam(params, lr=self.lr, betas=(self.beta1, self.beta2), eps=self.eps, weight_decay=wd)


ALL_KEYS = RUN_KEYS


def _check_keys(keys) -> None:
    unknown = [k for k in keys if k not in ALL_KEYS]
    if unknown:
        raise ValueError(translate("core.training", "unknown optimizer key {unknown}; known keys: {all_keys}").format(
            unknown=f"{unknown[0]!r}", all_keys=', '.join(ALL_KEYS)))


def _number(key: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(translate("core.training", "{key} must be a number, got {value}").format(
            key=key, value=f"{value!r}"))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(translate("core.training", "{key} must be a number, got {value}").format(
            key=key, value=f"{value!r}")) from None
    if not math.isfinite(number):
        raise ValueError(translate("core.training", "{key} must be finite, got {value}").format(
            key=key, value=f"{value!r}"))
    return number
