"""Is loss×s the same run as lr×s? The largest distance between the two paths, per optimizer.

For SGD, Momentum and Nesterov without weight decay or clipping the two runs are the same in exact
arithmetic at every step: the gradient of s·f is s·∇f and every later quantity is linear in it, so
θ − γ(s g) = θ − (γ s) g. In floating point the two products round differently (γ·(s·g) against
(γ·s)·g), so for a factor like 0.1 the paths agree to the last bit or two (~1e-16), and bit for bit
when s is a power of two (multiplying by 2ᵏ is exact). :func:`describe_distance` says which.

Where the dynamics are chaotic (a learning rate far beyond the stability limit on a bumpy surface) that
last-bit difference is amplified step by step until the two paths are far apart. Such a pair is told
from a real difference by how its distance grows: it starts at rounding size and passes through many
decades over several steps (:attr:`Equivalence.amplified`), where a real difference is large at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.engine import run
from core.optim.spec import OptimizerSpec
from core.surfaces.surface import Surface

# Relative to the size of the path: below this the difference is float rounding, not a real effect.
ROUNDING = 1e-12
# A distance that starts at rounding size and takes at least this many steps to leave it is rounding
# amplified by the dynamics, not a difference between the two settings.
AMPLIFYING_STEPS = 3


@dataclass(frozen=True)
class Equivalence:
    """Run ``first`` against run ``second``: distance is max over steps of ‖θ₁(t) − θ₂(t)‖."""

    label: str
    first: OptimizerSpec
    second: OptimizerSpec
    distance: float
    extent: float  # the size of the paths (largest distance from the start), for relative figures
    diverged_at: tuple[int, int]
    # the first step at which the paths differ at all, and the first at which they are apart by more than
    # rounding (ROUNDING × size); -1 where that never happens
    first_difference: int = -1
    apart_from: int = -1
    first_gap: float = 0.0  # the distance at first_difference

    @property
    def exact(self) -> bool:
        return self.distance == 0.0

    @property
    def within_rounding(self) -> bool:
        return self.same_divergence and self.distance <= ROUNDING * max(self.extent, 1.0)

    @property
    def same_divergence(self) -> bool:
        return self.diverged_at[0] == self.diverged_at[1]

    @property
    def amplified(self) -> bool:
        """Apart, but only through rounding amplified step by step: the distance starts at rounding size
        and stays there for a few steps before it grows (a real difference is large from its first step)."""
        scale = ROUNDING * max(self.extent, 1.0)
        return (not self.within_rounding and self.same_divergence and self.first_difference >= 0
                and self.first_gap <= scale and self.apart_from - self.first_difference >= AMPLIFYING_STEPS)

    @property
    def relative(self) -> float:
        return self.distance / self.extent if self.extent > 0 else 0.0

    def describe(self) -> str:
        return describe_distance(self)

    def to_dict(self) -> dict:
        return {"label": self.label, "distance": self.distance, "relative": self.relative,
                "exact": self.exact, "within_rounding": self.within_rounding, "amplified": self.amplified,
                "apart_from": None if self.apart_from < 0 else self.apart_from,
                "diverged_at": [None if d < 0 else int(d) for d in self.diverged_at],
                "description": self.describe()}


def describe_distance(eq: Equivalence) -> str:
    """'0 (exact)', '≈0 (rounding only, 4e-16)' or the number — the scale map's read-out."""
    if not eq.same_divergence:
        which = [f"step {d}" if d >= 0 else "never" for d in eq.diverged_at]
        return f"different runs (diverged: {which[0]} vs {which[1]})"
    if eq.exact:
        return "0 (exact)"
    if eq.within_rounding:
        return f"≈0 (exact up to float rounding, {eq.distance:.0e})"
    if eq.amplified:
        return (f"{eq.distance:.3g}: rounding amplified by chaotic dynamics (equal to rounding until step "
                f"{eq.apart_from - 1}, then apart; the same run in exact arithmetic)")
    return f"{eq.distance:.3g}"


def compare_pairs(surface: Surface, pairs: Sequence[tuple[str, OptimizerSpec, OptimizerSpec]], steps: int,
                  start=None) -> list[Equivalence]:
    """Run every (label, first, second) pair in one batch and measure how far apart each pair goes."""
    specs = [s for _, a, b in pairs for s in (a, b)]
    runs = run(surface, specs, steps, start=start)
    results = []
    for k, (label, a, b) in enumerate(pairs):
        p, q = runs.points[2 * k], runs.points[2 * k + 1]
        gap = np.hypot(*(p - q).T)
        distance = float(gap.max())
        extent = float(max(np.hypot(*(p - p[0]).T).max(), np.hypot(*(q - q[0]).T).max()))
        first, apart = _first(gap > 0), _first(gap > ROUNDING * max(extent, 1.0))
        results.append(Equivalence(label, a, b, distance, extent,
                                   (int(runs.diverged_at[2 * k]), int(runs.diverged_at[2 * k + 1])),
                                   first, apart, float(gap[first]) if first >= 0 else 0.0))
    return results


def _first(mask: np.ndarray) -> int:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else -1


def path_distance(p: np.ndarray, q: np.ndarray) -> float:
    """The largest distance between two paths at the same step."""
    return float(np.hypot(*(p - q).T).max())


def compare(surface: Surface, specs: Sequence[OptimizerSpec], factor: float, steps: int,
            start=None) -> list[Equivalence]:
    """Per spec: (loss × factor, lr) against (loss × 1, lr × factor), the rest of the spec unchanged."""
    _check_factor(factor)
    pairs = [(f"{s.title}: loss×{factor:g} vs lr×{factor:g}",
              s.replace(loss_scale=s.loss_scale * factor), s.replace(lr=s.lr * factor)) for s in specs]
    return compare_pairs(surface, pairs, steps, start)


def compare_scales(surface: Surface, specs: Sequence[OptimizerSpec], factor: float, steps: int,
                   start=None) -> list[Equivalence]:
    """Per spec: (loss × factor) against the spec as it is — does the loss scale matter at all?"""
    _check_factor(factor)
    pairs = [(f"{s.title}: loss×{factor:g} vs loss×1", s.replace(loss_scale=s.loss_scale * factor), s)
             for s in specs]
    return compare_pairs(surface, pairs, steps, start)


def _check_factor(factor: float) -> None:
    if not (isinstance(factor, int | float) and np.isfinite(factor) and factor > 0):
        raise ValueError(f"the scale factor must be a positive number, not {factor!r}")
