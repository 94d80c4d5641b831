"""The MLP builder: depth, width, activation, initialisation, dropout and batch norm.

An MLP of depth ``d`` has ``d`` hidden layers, each ``Linear(width) → [BatchNorm1d] → activation →
[Dropout]``, followed by a ``Linear`` output layer. Weights are drawn from torch's global generator under
``torch.manual_seed(seed)`` inside ``torch.random.fork_rng`` (the caller's random state is left untouched),
on the CPU, so a given seed gives the same initial weights on every device.

Initialisations:
    default   torch's own ``nn.Linear`` initialisation (Kaiming-uniform with a = √5, uniform bias)
    xavier    Xavier/Glorot uniform with the activation's gain, zero bias
    he        He/Kaiming normal (fan-in, ReLU gain), zero bias
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

ACTIVATIONS = ("relu", "tanh", "sigmoid", "gelu")
INITS = ("default", "xavier", "he")
MAX_DEPTH = 32
MAX_WIDTH = 4096

_ACTIVATION_CLASSES = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}
# torch.nn.init.calculate_gain has no entry for GELU; ReLU's gain is the usual stand-in.
_GAIN_NAME = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "gelu": "relu"}


@dataclass(frozen=True)
class ModelSpec:
    """The shape of an MLP; validated on construction (ValueError with a one-line reason)."""

    in_dim: int = 2
    out_dim: int = 2
    depth: int = 2
    width: int = 16
    activation: str = "relu"
    init: str = "default"
    dropout: float = 0.0
    batchnorm: bool = False

    def __post_init__(self):
        for name in ("in_dim", "out_dim", "depth", "width"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be an integer, got {value!r}")
        if self.in_dim < 1 or self.out_dim < 1:
            raise ValueError(f"in_dim and out_dim must be >= 1, got {self.in_dim} and {self.out_dim}")
        if not 1 <= self.depth <= MAX_DEPTH:
            raise ValueError(f"depth must be between 1 and {MAX_DEPTH} hidden layers, got {self.depth}")
        if not 1 <= self.width <= MAX_WIDTH:
            raise ValueError(f"width must be between 1 and {MAX_WIDTH}, got {self.width}")
        activation = str(self.activation).strip().lower()
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}; choose one of: {', '.join(ACTIVATIONS)}")
        object.__setattr__(self, "activation", activation)
        init = str(self.init).strip().lower()
        if init == "kaiming":
            init = "he"
        if init == "glorot":
            init = "xavier"
        if init not in INITS:
            raise ValueError(f"unknown init {self.init!r}; choose one of: {', '.join(INITS)}")
        object.__setattr__(self, "init", init)
        try:
            dropout = float(self.dropout)
        except (TypeError, ValueError):
            raise ValueError(f"dropout must be a number in [0, 1), got {self.dropout!r}") from None
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")
        object.__setattr__(self, "dropout", dropout)
        object.__setattr__(self, "batchnorm", bool(self.batchnorm))

    def to_dict(self) -> dict:
        return asdict(self)


def build_mlp(spec: ModelSpec, seed: int = 0) -> nn.Sequential:
    """Build the MLP described by ``spec`` on the CPU in float32, its weights fixed by ``seed``."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed) & 0xFFFFFFFFFFFF)
        layers: list[nn.Module] = []
        fan_in = spec.in_dim
        for _ in range(spec.depth):
            layers.append(nn.Linear(fan_in, spec.width))
            if spec.batchnorm:
                layers.append(nn.BatchNorm1d(spec.width))
            layers.append(_ACTIVATION_CLASSES[spec.activation]())
            if spec.dropout > 0:
                layers.append(nn.Dropout(spec.dropout))
            fan_in = spec.width
        layers.append(nn.Linear(fan_in, spec.out_dim))
        model = nn.Sequential(*layers)
        if spec.init != "default":
            for module in model:
                if isinstance(module, nn.Linear):
                    _initialise(module, spec)
    return model


def _initialise(layer: nn.Linear, spec: ModelSpec) -> None:
    with torch.no_grad():
        if spec.init == "xavier":
            nn.init.xavier_uniform_(layer.weight, gain=nn.init.calculate_gain(_GAIN_NAME[spec.activation]))
        else:  # he
            nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
        nn.init.zeros_(layer.bias)


def linear_layers(model: nn.Module) -> list[nn.Linear]:
    """The Linear layers of ``model`` in order (the layers whose gradient norms the trainer reports)."""
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def layer_names(model: nn.Module) -> list[str]:
    """Display names of the Linear layers: 'hidden 1' … 'hidden d', 'output'."""
    n = len(linear_layers(model))
    return [f"hidden {i + 1}" for i in range(n - 1)] + ["output"]


def uses_randomness(model: nn.Module) -> bool:
    """True when a training forward pass draws random numbers (dropout)."""
    return any(isinstance(m, nn.Dropout) and m.p > 0 for m in model.modules())
