"""The MLP builder: depth, width, activation, initialisation, dropout and batch norm.

An MLP of depth ``d`` has ``d`` hidden layers, each ``Linear(width) → [BatchNorm1d] → activation →
[Dropout]``, followed by a ``Linear`` output layer. Weights are drawn from torch's global generator under
``torch.manual_seed(seed)`` inside ``torch.random.fork_rng`` (the caller's random state is left untouched),
on the CPU, so a given seed gives the same initial weights on every device.

Initialisations:
    default   torch's own ``nn.Linear`` initialisation (Kaiming-uniform with a = √5, uniform bias)
    xavier    Xavier/Glorot uniform with the activation's gain, zero bias
    he        He/Kaiming normal (fan-in, ReLU gain), zero bias
    normal    N(0, σ²) weights with σ = ``init_std`` whatever the layer's size (the "small random numbers"
              whose products vanish or explode with depth), zero bias
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from core.training.config import ACTIVATIONS, INITS, MAX_DEPTH, MAX_WIDTH, ModelConfig  # noqa: F401 (re-exported)

_ACTIVATION_CLASSES = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}
# torch.nn.init.calculate_gain has no entry for GELU; ReLU's gain is the usual stand-in.
_GAIN_NAME = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "gelu": "relu"}


@dataclass(frozen=True)
class ModelSpec:
    """An MLP: input and output sizes (set by the task) around the hidden layers of a
    :class:`~core.training.config.ModelConfig` (which validates depth, width, activation, init, dropout)."""

    in_dim: int = 2
    out_dim: int = 2
    hidden: ModelConfig = field(default_factory=ModelConfig)

    def __post_init__(self):
        for name in ("in_dim", "out_dim"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be an integer, got {value!r}")
        if self.in_dim < 1 or self.out_dim < 1:
            raise ValueError(f"in_dim and out_dim must be >= 1, got {self.in_dim} and {self.out_dim}")
        if not isinstance(self.hidden, ModelConfig):
            raise ValueError(f"hidden must be a ModelConfig, got {self.hidden!r}")

    def to_dict(self) -> dict:
        """{"in_dim", "out_dim", "depth", "width", "activation", "init", "dropout", "batchnorm", "init_std"}."""
        return {"in_dim": self.in_dim, "out_dim": self.out_dim, **self.hidden.to_dict()}


def build_mlp(model: ModelSpec, seed: int = 0) -> nn.Sequential:
    """Build the MLP described by ``model`` on the CPU in float32, its weights fixed by ``seed``."""
    spec = model.hidden
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed) & 0xFFFFFFFFFFFF)
        layers: list[nn.Module] = []
        fan_in = model.in_dim
        for _ in range(spec.depth):
            layers.append(nn.Linear(fan_in, spec.width))
            if spec.batchnorm:
                layers.append(nn.BatchNorm1d(spec.width))
            layers.append(_ACTIVATION_CLASSES[spec.activation]())
            if spec.dropout > 0:
                layers.append(nn.Dropout(spec.dropout))
            fan_in = spec.width
        layers.append(nn.Linear(fan_in, model.out_dim))
        net = nn.Sequential(*layers)
        if spec.init != "default":
            for module in net:
                if isinstance(module, nn.Linear):
                    _initialise(module, spec)
    return net


def _initialise(layer: nn.Linear, spec: ModelConfig) -> None:
    with torch.no_grad():
        if spec.init == "xavier":
            nn.init.xavier_uniform_(layer.weight, gain=nn.init.calculate_gain(_GAIN_NAME[spec.activation]))
        elif spec.init == "normal":
            nn.init.normal_(layer.weight, 0.0, spec.init_std)
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
