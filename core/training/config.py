"""The training tab's state, without Qt or torch: what to train (task, data, model) and how (runs A and B).

``TrainingConfig`` is what the training panel edits, what ``losslab train`` builds from its flags and what
a scene file can hold (``to_dict`` / ``from_dict``, plain JSON types). Every value is checked on
construction; a bad one raises ``ValueError`` with a one-line reason naming the setting::

    TrainingConfig(task="moons", steps=200, model=ModelConfig(depth=3), a=RunConfig("adam", lr=1e-3))
    TrainingConfig.from_dict({"task": "moons", "a": {"optimizer": "adam", "lr": 0.001}})
    TrainingConfig.from_flat(task="moons", depth=3, a=OptimSpec.parse("optimizer=adam"))   # the CLI's form

``RunFields`` is the one table of a run's optimizer settings (names, types, defaults): ``RunConfig`` (the
tab's state; an unset (None) hyper-parameter takes the optimizer's default) and the torch side's
``core.training.optim_spec.OptimSpec`` (defaults resolved; built from ``RunConfig.to_dict()``) both have
exactly its fields, each with its own checks. The optimizer's own hyper-parameters are validated by
``core.optim.spec``'s ``OptimizerSpec``, the same rules as the race's, so the tabs never disagree about them.

The lists a UI offers (``TASKS``, ``OPTIMIZERS``, ``ACTIVATIONS``, ``INITS``, ``SCHEDULES``, ``WD_MODES``,
``DEVICES``, ``DTYPES``), the limits and ``LIVE_KEYS`` (the run settings that may change while training)
are defined here or imported from the module that owns them; nothing here imports torch.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from core.i18n import translate
from core.optim.spec import KINDS, OptimizerSpec
from core.training.datasets import MAX_SAMPLES, MIN_SAMPLES, TASKS, check_task  # noqa: F401 (TASKS: one import for UIs)

OPTIMIZERS = KINDS
ACTIVATIONS = ("relu", "tanh", "sigmoid", "gelu")
INITS = ("default", "xavier", "he", "normal")
MAX_INIT_STD = 100.0  # the largest σ of the "normal" initialisation
SCHEDULES = ("constant", "step", "cosine")
WD_MODES = ("coupled", "decoupled")
DEVICES = ("cpu", "cuda")
DTYPES = ("float32", "float64")
LOSSES = ("cross_entropy", "mse")
"""A classification task's training loss: cross_entropy (softmax cross-entropy on the labels), or mse, the
square loss on one-hot targets as Cohen et al. (2021) train for the edge of stability (½ · mean over samples of
Σ over classes (f − one-hot)²; core.training.landscape's "half_sq"). Regression always trains on torch's MSE."""
LIVE_KEYS = ("lr", "loss_scale", "weight_decay", "clip", "schedule", "step_size", "gamma")
"""Run settings that may change between two steps of a running trainer (the optimizer's state is kept);
changing any other run setting means building the runs again."""
MAX_DEPTH = 32
MAX_WIDTH = 4096
MAX_STEPS = 10_000_000
RUNS = ("a", "b")

_INIT_ALIASES = {"kaiming": "he", "glorot": "xavier"}
# OptimizerSpec's own hyper-parameters that a run may set (None: the optimizer's default)
HYPER_KEYS = ("lr", "weight_decay", "momentum", "alpha", "beta1", "beta2", "eps", "lr_decay")
_OPTIMIZER_ONLY = HYPER_KEYS[2:]  # the optimizer-specific ones (lr and weight decay every optimizer has)


# ---------------------------------------------------------------------------------------------- checks
def _integer(name: str, value: Any, low: int, high: float = math.inf) -> int:
    if isinstance(value, bool) or not isinstance(value, int) and not (hasattr(value, "__index__")):
        raise ValueError(translate("core.training", "{name} must be a whole number, got {value}").format(
            name=name, value=f"{value!r}"))
    value = int(value)
    if not low <= value <= high:
        if math.isfinite(high):
            message = translate("core.training", "{name} must be between {low} and {high}, got {value}")
        else:
            message = translate("core.training", "{name} must be >= {low}, got {value}")
        raise ValueError(message.format(name=name, low=low, high=int(high) if math.isfinite(high) else "", value=value))
    return value


def _real(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
        raise ValueError(translate("core.training", "{name} must be a number, got {value}").format(
            name=name, value=f"{value!r}"))
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(translate("core.training", "{name} must be finite, got {value}").format(
            name=name, value=f"{value!r}"))
    return number


def _choice(name: str, value: Any, choices: tuple[str, ...], aliases: dict[str, str] | None = None) -> str:
    text = str(value).strip().lower() if isinstance(value, str) else None
    text = (aliases or {}).get(text, text)
    if text not in choices:
        raise ValueError(translate("core.training", "unknown {name} {value}; choose one of: {choices}").format(
            name=name, value=f"{value!r}", choices=', '.join(choices)))
    return text


def check_device(name: Any) -> str:
    """``cpu``, ``cuda`` or ``cuda:N`` (normalised), else ValueError. Whether CUDA is present is decided when
    training starts (``core.training.device.resolve_device`` falls back to the CPU with a note)."""
    text = str(name).strip().lower() if isinstance(name, str) else ""
    base, _, index = text.partition(":")
    if base not in DEVICES or (base == "cpu" and index) or (index and not index.isdigit()):
        raise ValueError(translate("core.training", "unknown device {name}; choose cpu or cuda (or cuda:N)").format(
            name=f"{name!r}"))
    return text


def _check_keys(what: str, values: dict, known: tuple[str, ...]) -> None:
    if not isinstance(values, dict):
        raise ValueError(translate("core.training", "{what} must be a mapping of settings, got {values}").format(
            what=what, values=f"{values!r}"))
    unknown = [key for key in values if key not in known]
    if unknown:
        raise ValueError(translate("core.training", "unknown {what} setting {unknown}; known: {known}").format(
            what=what, unknown=f"{unknown[0]!r}", known=', '.join(known)))


# ---------------------------------------------------------------------------------------------- model
@dataclass(frozen=True)
class ModelConfig:
    """The MLP's hidden layers: ``depth`` × (Linear(width) → [BatchNorm] → activation → [Dropout]); the
    input and output sizes come from the task."""

    depth: int = 2
    width: int = 16
    activation: str = "relu"
    init: str = "default"
    dropout: float = 0.0
    batchnorm: bool = False
    init_std: float = 0.01  # σ of the "normal" initialisation, N(0, σ²) weights (other inits ignore it)

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "depth", _integer("depth", self.depth, 1, MAX_DEPTH))
        set_(self, "width", _integer("width", self.width, 1, MAX_WIDTH))
        set_(self, "activation", _choice("activation", self.activation, ACTIVATIONS))
        set_(self, "init", _choice("init", self.init, INITS, _INIT_ALIASES))
        try:
            dropout = _real("dropout", self.dropout)
        except ValueError:
            raise ValueError(translate("core.training", "dropout must be a number in [0, 1), got {dropout}").format(
                dropout=f"{self.dropout!r}")) from None
        if not 0.0 <= dropout < 1.0:
            raise ValueError(translate("core.training", "dropout must be in [0, 1), got {dropout}").format(
                dropout=self.dropout))
        set_(self, "dropout", dropout)
        init_std = _real("init_std", self.init_std)
        if not 0.0 < init_std <= MAX_INIT_STD:
            raise ValueError(translate("core.training", "init_std must be above 0 and at most {high:g}, got {value}")
                             .format(high=MAX_INIT_STD, value=f"{self.init_std!r:.40}"))
        set_(self, "init_std", init_std)
        if not isinstance(self.batchnorm, bool):
            raise ValueError(translate("core.training", "batchnorm must be true or false, got {batchnorm}").format(
                batchnorm=f"{self.batchnorm!r}"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ModelConfig:
        _check_keys("model", values, MODEL_KEYS)
        return cls(**values)


MODEL_KEYS = tuple(f.name for f in fields(ModelConfig))


# ---------------------------------------------------------------------------------------------- one run
@dataclass(frozen=True)
class RunFields:
    """One run's optimizer settings: the fields RunConfig and OptimSpec share (None: the optimizer's default).

    ``wd_mode`` coupled adds λθ to the gradient (torch's weight_decay); decoupled shrinks θ ← θ(1 − γλ)
    before the step, as AdamW (adamw is always decoupled). ``clip`` is the max global gradient norm of
    the scaled loss (0 = off). ``schedule`` multiplies lr: constant, step (× gamma every ``step_size``
    steps; default a third of the run) or cosine. The hyper-parameters' ranges and defaults per optimizer
    are ``core.optim.spec.PARAMETERS``'s."""

    optimizer: str = "sgd"
    lr: float | None = None
    loss_scale: float = 1.0
    weight_decay: float | None = None
    wd_mode: str | None = None
    clip: float = 0.0
    schedule: str = "constant"
    step_size: int | None = None
    gamma: float = 0.1
    momentum: float | None = None
    alpha: float | None = None
    beta1: float | None = None
    beta2: float | None = None
    eps: float | None = None
    lr_decay: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The settings that are set (None-valued ones left out), as plain JSON types."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


RUN_KEYS = tuple(f.name for f in fields(RunFields))


@dataclass(frozen=True)
class RunConfig(RunFields):
    """One run's optimizer settings as the tab holds them: :class:`RunFields`, checked by the race's rules
    (``core.optim.spec.OptimizerSpec``); an unset hyper-parameter stays None (the optimizer's default)."""

    def __post_init__(self):
        set_ = object.__setattr__
        kind = _choice("optimizer", self.optimizer, OPTIMIZERS)
        set_(self, "optimizer", kind)
        given = {key: _real(key, getattr(self, key)) for key in HYPER_KEYS if getattr(self, key) is not None}
        # the race's rules: ranges, and no hyper-parameter the optimizer does not have (beta1 for sgd)
        OptimizerSpec(kind, clip=_real("clip", self.clip), loss_scale=_real("loss_scale", self.loss_scale), **given)
        for key, value in given.items():
            set_(self, key, value)
        set_(self, "clip", float(self.clip))
        set_(self, "loss_scale", float(self.loss_scale))
        mode = self.wd_mode if self.wd_mode is not None else ("decoupled" if kind == "adamw" else "coupled")
        mode = _choice("wd_mode", mode, WD_MODES, {"adamw": "decoupled"})
        if kind == "adamw" and mode == "coupled":
            raise ValueError(translate("core.training", "adamw always decouples weight decay; use optimizer adam "
                                                        "for coupled decay"))
        set_(self, "wd_mode", mode)
        set_(self, "schedule", _choice("schedule", self.schedule, SCHEDULES))
        if self.step_size is not None:
            set_(self, "step_size", _integer("step_size", self.step_size, 1))
        gamma = _real("gamma", self.gamma)
        if not 0 < gamma <= 1:
            raise ValueError(translate("core.training", "gamma must be in (0, 1], got {gamma}").format(
                gamma=f"{gamma:g}"))
        set_(self, "gamma", gamma)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> RunConfig:
        _check_keys("run", values, RUN_KEYS)
        return cls(**values)

    @classmethod
    def coerce(cls, value: Any, name: str = "run") -> RunConfig:
        """A RunConfig from a RunConfig, a mapping, or an object with ``to_dict()`` (an ``OptimSpec``)."""
        if isinstance(value, RunConfig):
            return value
        if hasattr(value, "to_dict"):
            value = value.to_dict()
        if not isinstance(value, dict):
            raise ValueError(translate("core.training", "run {run} needs optimizer settings, got {value}").format(
                run=name.upper(), value=f"{value!r}"))
        return cls.from_dict(value)

    def with_optimizer(self, optimizer: str) -> RunConfig:
        """Another optimizer, keeping lr, loss scale, decay, clip and schedule; the old optimizer's own
        hyper-parameters (momentum, betas, …) go back to the new one's defaults. adamw forces decoupled
        decay; leaving adamw returns to coupled decay."""
        kind = _choice("optimizer", optimizer, OPTIMIZERS)
        mode = "decoupled" if kind == "adamw" else ("coupled" if self.optimizer == "adamw" else self.wd_mode)
        return replace(self, optimizer=kind, wd_mode=mode, **dict.fromkeys(_OPTIMIZER_ONLY))


DEFAULT_A = RunConfig("sgd", lr=0.1, loss_scale=1.0)
DEFAULT_B = RunConfig("sgd", lr=0.01, loss_scale=10.0)


# ---------------------------------------------------------------------------------------------- the whole
@dataclass(frozen=True)
class TrainingConfig:
    """Everything that defines a twin experiment: data, model, the two runs and the training length."""

    task: str = "spirals"
    model: ModelConfig = field(default_factory=ModelConfig)
    a: RunConfig = DEFAULT_A
    b: RunConfig = DEFAULT_B
    steps: int = 500  # the run's length: the cosine/step schedules' horizon, where the CLI/panel stop
    seed: int = 0
    batch_size: int = 64  # 0 (or >= n_samples) trains on the full batch every step
    n_samples: int = 512
    noise: float | None = None  # None: the task's default noise
    device: str = "cpu"
    dtype: str = "float32"
    eval_every: int = 10  # training- and test-set scores every this many steps (and at step 1 and the last step)
    loss: str = "cross_entropy"  # of LOSSES: a classification task's loss (regression: always MSE)
    center_inputs: bool = False  # subtract the training set's mean input from every input (Cohen et al. do)
    sharpness_chart: bool = False  # the Training tab opens its λmax chart (a lesson about sharpness asks)

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "task", check_task(self.task))
        if not isinstance(self.model, ModelConfig):
            raise ValueError(translate("core.training", "model must be a ModelConfig, got {model}").format(
                model=f"{self.model!r}"))
        for name in RUNS:
            set_(self, name, RunConfig.coerce(getattr(self, name), name))
        set_(self, "steps", _integer("steps", self.steps, 1, MAX_STEPS))
        set_(self, "seed", _integer("seed", self.seed, 0))
        set_(self, "batch_size", _integer("batch_size", self.batch_size, 0))
        set_(self, "n_samples", _integer("n_samples", self.n_samples, MIN_SAMPLES, MAX_SAMPLES))
        if self.noise is not None:
            noise = _real("noise", self.noise)
            if noise < 0:
                raise ValueError(translate("core.training", "noise must be a finite number >= 0, got {noise}").format(
                    noise=f"{noise:g}"))
            set_(self, "noise", noise)
        set_(self, "device", check_device(self.device))
        set_(self, "dtype", _choice("dtype", self.dtype, DTYPES))
        set_(self, "eval_every", _integer("eval_every", self.eval_every, 1))
        set_(self, "loss", _choice("loss", self.loss, LOSSES))
        for name in ("center_inputs", "sharpness_chart"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(translate("core.training", "{name} must be true or false, got {value}").format(
                    name=name, value=f"{getattr(self, name)!r:.40}"))

    def run(self, name: str) -> RunConfig:
        return getattr(self, check_run(name))

    def with_run(self, name: str, **changes: Any) -> TrainingConfig:
        """A copy with run ``name``'s settings changed (validated again)."""
        name = check_run(name)
        _check_keys("run", changes, RUN_KEYS)
        return replace(self, **{name: replace(getattr(self, name), **changes)})

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: {"task", "model": {...}, "a": {...}, "b": {...}, "steps", "seed", …}."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.to_dict() if hasattr(value, "to_dict") else value
        return out

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainingConfig:
        """The inverse of ``to_dict``; a missing key takes its default, an unknown one is an error."""
        _check_keys("training", values, CONFIG_KEYS)
        values = dict(values)
        if "model" in values:
            values["model"] = ModelConfig.from_dict(values["model"])
        for name in RUNS:
            if name in values:
                if not isinstance(values[name], dict):
                    raise ValueError(translate("core.training", "run {run} must be a mapping of settings, got "
                                                                "{values}").format(
                        run=name.upper(), values=f"{values[name]!r}"))
                values[name] = RunConfig.from_dict(values[name])
        return cls(**values)

    @classmethod
    def from_flat(cls, **values: Any) -> TrainingConfig:
        """The flat keyword form (``depth=3, width=8, a=OptimSpec(...)``, as ``losslab train``'s flags):
        the model's keys gathered into ``model``, runs given as RunConfig, mappings or OptimSpecs."""
        model = {key: values.pop(key) for key in MODEL_KEYS if key in values}
        _check_keys("training", values, CONFIG_KEYS)
        return cls(model=ModelConfig(**model), **values)

    def flat(self) -> dict[str, Any]:
        """``from_flat``'s keywords (runs as dicts): the inverse of ``from_flat``."""
        out = self.to_dict()
        return {**out.pop("model"), **out}


CONFIG_KEYS = tuple(f.name for f in fields(TrainingConfig))


def check_run(name: Any) -> str:
    key = str(name).lower() if isinstance(name, str) else None
    if key not in RUNS:
        raise ValueError(translate("core.training", "unknown run {name}; choose a or b").format(name=f"{name!r}"))
    return key
