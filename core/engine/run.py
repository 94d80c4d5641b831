"""Run many trajectories at once through the fused kernel.

``run`` takes a list of OptimizerSpecs (the app's race: one trajectory each) or a prepared
:class:`Batch` (sweeps: thousands of rows of one table). Results never contain NaN or inf: a trajectory
that diverges stops, reports the step, and its recorded path holds its last finite point. A trajectory
that stops because it left the surface's domain (NaN loss at a finite θ: log(x) for x < 0) stops the
same way, flagged in ``left_domain``, so a view says "left the domain", not "diverged".
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from core.engine.layout import LANES, LEFT_DOMAIN
from core.optim.spec import COLUMN, HYPER_COLUMNS, KIND_CODES, OptimizerSpec
from core.surfaces.surface import Surface

# |θ| beyond this counts as diverged: far outside any view, yet far from float overflow.
DIVERGENCE_BOUND = 1e8
# The most steps ONE engine call may take: it bounds the memory of a recorded run (n paths of
# (steps + 1) × 3 floats) and the work of one call. The other step limits are the callers' and lower:
# core.scene.MAX_STEPS (a race's length, 100,000), the scale map view's steps box (1,000: 128² cells
# per map), and core.training.twin.MAX_STEPS (a network's training run, 10,000,000 steps of torch,
# which never goes through this engine).
MAX_STEPS = 1_000_000
_PARALLEL_WORK = 200_000  # trajectory-steps below which threads cost more than they save
MIN_GRID_ROWS = LANES  # rows per grid on average for the lockstep kernel (it advances LANES at once)
# Worker threads for a big batch, counted once (os.cpu_count() costs ~0.2 ms here: a slider drag paid it
# on every race).
THREADS = min(os.cpu_count() or 1, 8)


@dataclass(frozen=True)
class Batch:
    """Per-trajectory inputs of the kernel: starts (n, 2), optimizer codes (n,), hyper-parameter
    table (n, len(HYPER_COLUMNS)) and noise seeds (n,)."""

    starts: np.ndarray
    kinds: np.ndarray
    hyper: np.ndarray
    seeds: np.ndarray

    @property
    def size(self) -> int:
        return self.kinds.shape[0]

    @classmethod
    def from_specs(cls, specs: Sequence[OptimizerSpec], starts) -> Batch:
        n = len(specs)
        starts = np.broadcast_to(np.asarray(starts, np.float64), (n, 2)).copy()
        return cls(
            starts=starts,
            kinds=np.array([KIND_CODES[s.kind] for s in specs], np.int64),
            hyper=np.array([s.row() for s in specs], np.float64).reshape(n, len(HYPER_COLUMNS)),
            seeds=np.array([s.seed for s in specs], np.int64),
        )


@dataclass(frozen=True)
class Trajectories:
    """points (n, T+1, 2) and loss (n, T+1) — the unscaled surface value — when recorded;
    final (n, 2), final_loss (n,) always; diverged_at (n,) is the step where the run stopped or −1;
    left_domain (n,) bool: it stopped because it left the surface's domain (kernel.left_domain), not
    because it diverged (None: not known, for Trajectories built by hand)."""

    points: np.ndarray | None
    loss: np.ndarray | None
    final: np.ndarray
    final_loss: np.ndarray
    diverged_at: np.ndarray
    left_domain: np.ndarray | None = None

    def rows(self, rows: slice) -> Trajectories:
        """The runs ``rows`` (views of the arrays)."""
        left = None if self.left_domain is None else self.left_domain[rows]
        return Trajectories(None if self.points is None else self.points[rows],
                            None if self.loss is None else self.loss[rows], self.final[rows],
                            self.final_loss[rows], self.diverged_at[rows], left)

    def path(self, i: int) -> np.ndarray:
        """Trajectory i up to (not including) its diverging step."""
        end = self.diverged_at[i] if self.diverged_at[i] >= 0 else self.points.shape[1]
        return self.points[i, :end]

    def path_loss(self, i: int) -> np.ndarray:
        end = self.diverged_at[i] if self.diverged_at[i] >= 0 else self.loss.shape[1]
        return self.loss[i, :end]


def noise_streams(seeds: np.ndarray, hyper: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Standard-normal gradient noise, one (steps, 2) stream per distinct seed among the noisy rows.
    Rows with the same seed get the same draws, so two runs compared side by side see the same noise."""
    noisy = hyper[:, COLUMN["noise"]] > 0
    unique = np.unique(seeds[noisy]) if noisy.any() else np.zeros(0, np.int64)
    if unique.size == 0:
        return np.zeros((1, 1, 2)), np.zeros(seeds.shape[0], np.int64)
    streams = np.stack([np.random.default_rng(int(s)).standard_normal((steps, 2)) for s in unique])
    index = np.searchsorted(unique, seeds).clip(0, unique.size - 1)
    return streams, index.astype(np.int64)


def validate_run(batch: Batch, steps: int) -> None:
    if not isinstance(steps, int | np.integer) or not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 0 to {MAX_STEPS}, not {steps!r}")
    if batch.starts.shape != (batch.size, 2) or not np.isfinite(batch.starts).all():
        raise ValueError("start points must be finite (x, y) pairs")


def run(surface: Surface, specs: Sequence[OptimizerSpec] | Batch, steps: int, start=None, *,
        record: bool = True, progress: Callable[[float], bool] | None = None) -> Trajectories:
    """Run every spec (or batch row) from ``start`` (default: the surface's) for ``steps`` steps.

    ``progress(fraction)`` is called between chunks of a large batch; returning False cancels
    (the run then raises :class:`Cancelled`)."""
    from core.engine.compiled import run_batch, run_grid  # compiled code: loaded on first use

    if isinstance(specs, Batch):
        batch = specs
    else:
        batch = Batch.from_specs(specs, surface.start if start is None else start)
    validate_run(batch, steps)
    n = batch.size
    points = np.zeros((n, steps + 1, 2) if record else (0, 1, 2))
    losses = np.zeros((n, steps + 1) if record else (0, 1))
    final = np.zeros((n, 2))
    final_loss = np.zeros(n)
    diverged = np.full(n, -1, np.int64)
    streams, index = noise_streams(batch.seeds, batch.hyper, max(steps, 1))
    program = surface.kernel_program()

    grids = _grid_starts(batch) if not record else None
    if grids is None:
        def work(lo, hi):
            run_batch(surface.sid, surface.native_params, program, batch.starts, batch.kinds, batch.hyper,
                      streams, index, steps, DIVERGENCE_BOUND, points, losses, final, final_loss, diverged,
                      lo, hi)
    else:  # sweeps: the faster lockstep kernel for the same numbers, one call per grid (chunks never span two)
        lrs = np.ascontiguousarray(batch.hyper[:, LR_COLUMN])
        scales = np.ascontiguousarray(batch.hyper[:, SCALE_COLUMN])

        def work(lo, hi):
            run_grid(surface.sid, surface.native_params, program, batch.starts, int(batch.kinds[lo]),
                     batch.hyper[lo], lrs, scales, streams[index[lo]], steps, DIVERGENCE_BOUND, final,
                     final_loss, diverged, lo, hi)

    _in_chunks(work, n, n * max(steps, 1), progress, cuts=() if grids is None else grids[1:])
    left = diverged <= LEFT_DOMAIN
    if left.any():
        diverged[left] = LEFT_DOMAIN - diverged[left]
    return Trajectories(points if record else None, losses if record else None, final, final_loss,
                        diverged, left)


LR_COLUMN, SCALE_COLUMN = COLUMN["lr"], COLUMN["loss_scale"]


def _grid_starts(batch: Batch) -> np.ndarray | None:
    """Where each grid of ``batch`` begins: runs of consecutive rows with one optimizer, one noise seed
    and every hyper-parameter but lr and loss scale shared (a scale map concatenates one grid per
    optimizer). None when the rows are mostly different runs — the lockstep kernel wants long grids."""
    if batch.size == 0:
        return None
    others = np.delete(batch.hyper, [LR_COLUMN, SCALE_COLUMN], axis=1)
    changes = (batch.kinds[1:] != batch.kinds[:-1]) | (batch.seeds[1:] != batch.seeds[:-1]) \
        | (others[1:] != others[:-1]).any(axis=1)
    starts = np.concatenate([[0], np.flatnonzero(changes) + 1])
    return starts if starts.size * MIN_GRID_ROWS <= batch.size else None


class Cancelled(Exception):
    """A long run stopped because its progress callback asked to."""


def report_progress(progress, fraction: float) -> None:
    """Tell ``progress`` (None: nobody asked) how far a long computation is, ``fraction`` clamped to 0 … 1;
    Cancelled when it answers False."""
    if progress is not None and progress(min(max(fraction, 0.0), 1.0)) is False:
        raise Cancelled("stopped by the progress callback")


def _in_chunks(work, n: int, cost: int, progress, cuts=()) -> None:
    """``work(lo, hi)`` over rows 0..n-1, in chunks on threads when it is worth it; no chunk spans a
    row in ``cuts``."""
    threads = THREADS
    serial = cost < _PARALLEL_WORK and progress is None
    chunks = 1 if serial else max(threads, min(64, math.ceil(cost / _PARALLEL_WORK)))
    bounds = np.union1d(np.linspace(0, n, chunks + 1).astype(int), np.asarray(cuts, int))
    pieces = [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]
    if serial:
        for a, b in pieces:
            work(a, b)
        return
    # Every chunk queued at once, taken by whichever thread is free: a chunk of fast (diverged) cells no
    # longer leaves a thread idle until its partner's slow one ends, as waves of `threads` chunks did.
    # Cancelling (or a chunk's error) drops the chunks not started; at most `threads` are running, as before.
    done = 0
    with ThreadPoolExecutor(threads) as pool:  # the kernel releases the GIL
        try:
            for future in as_completed([pool.submit(work, a, b) for a, b in pieces]):
                future.result()
                done += 1
                if progress is not None and progress(done / len(pieces)) is False:
                    raise Cancelled("cancelled")
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
