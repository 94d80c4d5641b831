"""lr × loss-scale grids, run as one batch (the scale map and ``losslab sweep``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.engine.run import Batch, run
from core.optim.spec import COLUMN, KIND_CODES, OptimizerSpec
from core.surfaces.surface import Surface, get_surface

MAX_GRID = 512


@dataclass(frozen=True)
class SweepResult:
    """final_loss[i, j] and diverged_at[i, j] for lr[i] and loss_scale[j]; final_loss is the unscaled
    surface value at the last step and NaN-free: diverged cells hold their last finite loss, and
    ``diverged_at`` (−1 = no) says which cells those are; ``left_domain`` which of them stopped because
    they left the surface's domain rather than diverging (as Trajectories.left_domain)."""

    lr: np.ndarray
    loss_scale: np.ndarray
    final_loss: np.ndarray
    final_point: np.ndarray  # (N, M, 2)
    diverged_at: np.ndarray
    left_domain: np.ndarray | None = None


def log_range(low: float, high: float, count: int, name: str) -> np.ndarray:
    """``count`` log-spaced values from ``low`` to ``high`` inclusive."""
    if not (isinstance(count, int | np.integer) and 1 <= count <= MAX_GRID):
        raise ValueError(f"{name}: the number of values must be from 1 to {MAX_GRID}, not {count!r}")
    for value in (low, high):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name}: the range must be of positive numbers, not {value!r}")
    return np.geomspace(low, high, count)


def parse_range(text: str, name: str) -> np.ndarray:
    """'LO:HI:N' → log-spaced values."""
    parts = text.split(":")
    if len(parts) != 3:
        raise ValueError(f"{name} must look like LO:HI:N (e.g. 1e-4:1:64), not '{text}'")
    try:
        low, high, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise ValueError(f"{name} must look like LO:HI:N (e.g. 1e-4:1:64), not '{text}'") from None
    return log_range(low, high, count, name)


def grid_batch(spec: OptimizerSpec, lrs: np.ndarray, scales: np.ndarray, start) -> Batch:
    """One row per (lr, scale) cell, lr-major, everything else as in ``spec``."""
    n = lrs.size * scales.size
    hyper = np.tile(np.asarray(spec.row(), np.float64), (n, 1))
    hyper[:, COLUMN["lr"]] = np.repeat(lrs, scales.size)
    hyper[:, COLUMN["loss_scale"]] = np.tile(scales, lrs.size)
    return Batch(
        starts=np.broadcast_to(np.asarray(start, np.float64), (n, 2)).copy(),
        kinds=np.full(n, KIND_CODES[spec.kind], np.int64),
        hyper=hyper,
        seeds=np.full(n, spec.seed, np.int64),
    )


def sweep(surface: Surface, spec: OptimizerSpec, lrs, scales, steps: int, start=None,
          progress=None) -> SweepResult:
    lrs, scales = np.asarray(lrs, np.float64), np.asarray(scales, np.float64)
    batch = grid_batch(spec, lrs, scales, surface.start if start is None else start)
    result = run(surface, batch, steps, record=False, progress=progress)
    shape = (lrs.size, scales.size)
    return SweepResult(lrs, scales, result.final_loss.reshape(shape), result.final.reshape(*shape, 2),
                       result.diverged_at.reshape(shape), result.left_domain.reshape(shape))


@dataclass(frozen=True)
class MultiSweep:
    """K optimizers' lr × loss-scale grids computed in one batch (the scale map): ``lr[k]`` is
    optimizer k's learning-rate grid (N values), ``loss_scale`` the M scales all share;
    final_loss, diverged_at and left_domain are (K, N, M), final_point (K, N, M, 2), as in
    :class:`SweepResult`."""

    specs: tuple
    lr: np.ndarray  # (K, N)
    loss_scale: np.ndarray  # (M,)
    final_loss: np.ndarray
    final_point: np.ndarray
    diverged_at: np.ndarray
    steps: int
    left_domain: np.ndarray | None = None

    def sweeps(self) -> list[SweepResult]:
        """One :class:`SweepResult` per optimizer, in the order of ``specs``."""
        left = self.left_domain
        return [SweepResult(self.lr[k], self.loss_scale, self.final_loss[k], self.final_point[k],
                            self.diverged_at[k], None if left is None else left[k]) for k in range(len(self.specs))]


def sweep_many(surface: Surface, start, specs, lrs, scales, steps: int, progress=None) -> MultiSweep:
    """Every spec's grid (``lrs[k]`` × ``scales``) from ``start`` (None: the surface's) in ONE batch, so
    the threads share the whole load; the same numbers as :func:`sweep` per spec. ``progress(fraction)``
    is called between chunks; returning False raises :class:`core.engine.run.Cancelled`."""
    specs = tuple(specs)
    lrs = np.asarray(lrs, np.float64).reshape(len(specs), -1)
    scales = np.asarray(scales, np.float64).reshape(-1)
    start = surface.start if start is None else start
    batches = [grid_batch(spec, lrs[k], scales, start) for k, spec in enumerate(specs)]
    if batches:
        batch = Batch(*(np.concatenate([getattr(b, f) for b in batches]) for f in
                        ("starts", "kinds", "hyper", "seeds")))
    else:
        batch = grid_batch(OptimizerSpec("sgd"), np.zeros(0), scales, start)
    out = run(surface, batch, steps, record=False, progress=progress)
    shape = (len(specs), lrs.shape[1], scales.size)
    return MultiSweep(specs, lrs.copy(), scales.copy(), out.final_loss.reshape(shape),
                      out.final.reshape(*shape, 2), out.diverged_at.reshape(shape), int(steps),
                      out.left_domain.reshape(shape))


def warm_up(sweeps: bool = True) -> None:
    """Compile (or load from the on-disk cache) the kernels with tiny runs: paths and surface evaluation
    (what a race needs), then, with ``sweeps``, the sweep kernel. A fresh checkout's first compile takes
    seconds, so the app calls this on a background thread, the race first (instant with the
    ahead-of-time module)."""
    surface = get_surface("bowl")
    run(surface, [OptimizerSpec("adam")], 2)
    surface.value_and_gradient(0.0, 0.0)
    if sweeps:
        sweep(surface, OptimizerSpec("adam"), np.array([1e-3]), np.array([1.0]), 2)
