"""What the scale map is asked to compute and show, as plain data a scene file can hold.

A :class:`ScaleMapRequest` holds the map's own settings: cells per axis, the colouring metric, how many
decades of lr around each optimizer's own lr, the loss-scale range, the steps (None: the scene's, capped
at :data:`MAX_STEPS`) and the factor s of the loss × s vs lr × s read-out. The problem itself (surface,
start, the enabled optimizers) is the scene's. JSON: ``{"resolution": 32, "metric": "loss",
"lr_span": 2.0, "scale_range": [1e-4, 1e4], "steps": null, "factor": 0.1}``, every field optional.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import numpy as np

from core.i18n import translate

RESOLUTIONS = (16, 32, 64, 128)
MAX_STEPS = 1000  # a map of 128² cells × 1,000 steps per optimizer already takes seconds
METRICS = {"loss": "final loss", "distance": "distance to nearest minimum"}
SCALE_RANGES = {"1e-4 … 1e4": (1e-4, 1e4), "1e-2 … 1e2": (1e-2, 1e2), "1e-12 … 1e2 (ε regime)": (1e-12, 1e2)}
MAX_LR_SPAN = 6.0  # decades either side of an optimizer's own lr
SCALE_LIMITS = (1e-30, 1e30)
FACTOR_RANGE = (1e-4, 1e4)


class ScaleMapError(ValueError):
    """A scale-map setting out of range; the message says which and why."""


@dataclass(frozen=True)
class ScaleMapRequest:
    resolution: int = 32
    metric: str = "loss"
    lr_span: float = 2.0
    scale_range: tuple[float, float] = SCALE_RANGES["1e-4 … 1e4"]
    steps: int | None = None
    factor: float = 0.1

    def __post_init__(self):
        if isinstance(self.scale_range, list):
            object.__setattr__(self, "scale_range", tuple(self.scale_range))
        validate(self)

    def with_changes(self, **changes) -> ScaleMapRequest:
        return replace(self, **changes)

    def steps_for(self, scene_steps: int) -> int:
        """The steps each cell runs: the request's own, or the scene's capped at MAX_STEPS."""
        return self.steps if self.steps is not None else max(1, min(int(scene_steps), MAX_STEPS))

    def grids(self, lrs_around) -> tuple[np.ndarray, np.ndarray]:
        """(K, N) learning rates (optimizer k's own lr × 10^±lr_span) and the (N,) loss scales."""
        n = self.resolution
        factors = np.geomspace(10.0 ** -self.lr_span, 10.0 ** self.lr_span, n)
        lrs = np.stack([float(lr) * factors for lr in lrs_around]) if len(lrs_around) else np.zeros((0, n))
        return lrs, np.geomspace(*self.scale_range, n)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["scale_range"] = list(self.scale_range)
        return data

    @classmethod
    def from_dict(cls, data) -> ScaleMapRequest:
        if not isinstance(data, dict):
            raise ScaleMapError(translate("core.scale_map", "'scale_map' must be an object"))
        unknown = set(data) - {"resolution", "metric", "lr_span", "scale_range", "steps", "factor"}
        if unknown:
            raise ScaleMapError(translate("core.scale_map", "scale_map: unknown field(s): {names}").format(
                names=', '.join(sorted(map(str, unknown)))))
        values = dict(data)
        if "scale_range" in values:
            pair = values["scale_range"]
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise ScaleMapError(translate("core.scale_map", "scale_map: 'scale_range' must be [low, high]"))
            values["scale_range"] = tuple(pair)
        return cls(**values)


def finite_number(value) -> bool:
    """An int or float (not a bool) that is finite as a float (a 400-digit integer is not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def short_repr(value, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters, for one-line messages (a huge integer by its size:
    its repr alone may be refused by Python, past 4,300 digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of {len(str(value)) if value.bit_length() < 14_000 else 'thousands of'} digits"
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def validate(request: ScaleMapRequest) -> None:
    if isinstance(request.resolution, bool) or not isinstance(request.resolution, int) \
            or request.resolution not in RESOLUTIONS:
        raise ScaleMapError(translate("core.scale_map", "scale_map: resolution must be one of {resolutions}, not "
                                                        "{resolution}").format(
            resolutions=RESOLUTIONS, resolution=short_repr(request.resolution)))
    if not isinstance(request.metric, str) or request.metric not in METRICS:
        raise ScaleMapError(translate("core.scale_map", "scale_map: metric must be one of {metrics}, not {metric}")
                            .format(metrics=', '.join(METRICS), metric=short_repr(request.metric)))
    if not (finite_number(request.lr_span) and 0 < request.lr_span <= MAX_LR_SPAN):
        raise ScaleMapError(translate("core.scale_map", "scale_map: the lr span must be more than 0 and at most "
                                                        "{max_lr_span} decades, not {lr_span}").format(
            max_lr_span=f"{MAX_LR_SPAN:g}", lr_span=short_repr(request.lr_span)))
    low, high = request.scale_range
    lo, hi = SCALE_LIMITS
    if not (finite_number(low) and finite_number(high) and lo <= low < high <= hi):
        raise ScaleMapError(translate("core.scale_map", "scale_map: the loss-scale range must be {lo} ≤ low < high "
                                                        "≤ {hi}, not {low} … {high}").format(
            lo=f"{lo:g}", hi=f"{hi:g}", low=short_repr(low), high=short_repr(high)))
    steps = request.steps
    if steps is not None and (isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS):
        raise ScaleMapError(translate("core.scale_map", "scale_map: steps must be from 1 to {max_steps} (or null), "
                                                        "not {steps}").format(
            max_steps=MAX_STEPS, steps=short_repr(steps)))
    lo, hi = FACTOR_RANGE
    if not (finite_number(request.factor) and lo <= request.factor <= hi):
        raise ScaleMapError(translate("core.scale_map", "scale_map: the factor s must be from {lo} to {hi}, not "
                                                        "{factor}").format(
            lo=f"{lo:g}", hi=f"{hi:g}", factor=short_repr(request.factor)))
