"""The scale map's Qt model: owns a :class:`core.scale_map.ScaleMapRequest` and the problem (surface,
start, optimizers, the scene's steps), computes the map through ``core.engine.sweep.sweep_many`` on an
:class:`app.jobs.JobRunner` (newest request wins), and tells views what happened. Views draw and write
back through the setters.

Signals
    requestChanged(ScaleMapRequest)   a setting changed (also when the problem changed its metric)
    problemChanged()                  a new surface, start, optimizer list or step count
    computeStarted()                  a sweep was submitted (after a short debounce)
    progressed(float)                 0…1 of the running sweep
    computed(MultiSweep)              a finished map of the current request and problem
    failed(str)                       the sweep raised; the previous map stays but answers nothing
    cancelled()                       a sweep was dropped without a replacement (nothing to map)
    refused(SweepSize)                a sweep was not started: it would not fit in this machine's memory
    declined(SweepSize)               a sweep estimated over a minute was not started: ``confirm`` said no
    equivalencesChanged(list)         core.experiments.Equivalence per optimizer for the current factor

Before a sweep starts its time and memory are estimated from its size (core.limits, as the command line
does): one that cannot fit in memory is refused, and one estimated over ``CONFIRM_SECONDS`` starts only if
``confirm(size)`` (set by the view: a question to the user) returns True. Without ``confirm`` (scripts,
tests) a long sweep starts. A declined problem is not asked about again until a setting or the problem
changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from app.jobs import JobRunner
from core.engine.sweep import MultiSweep, sweep_many
from core.experiments.equivalence import compare
from core.limits import Estimate, JobTooLarge, check_memory, surface_instructions, sweep_estimate
from core.optim.spec import OptimizerSpec
from core.scale_map import METRICS, RESOLUTIONS, ScaleMapRequest
from core.surfaces.surface import Surface

DEBOUNCE_MS = 40  # a dragged control fires often: start afresh after a short pause

ScaleMapResult = MultiSweep  # what the map shows: specs, lr (K, N), loss_scale (M,), final_* (K, N, M…)


@dataclass(frozen=True)
class SweepSize:
    """A sweep about to start: its cells (optimizers × lr rows × loss scales), steps per cell, and
    core.limits' estimate of its time and memory."""

    cells: int
    steps: int
    estimate: Estimate


def snap(grid: np.ndarray, values) -> np.ndarray:
    """``grid`` (increasing, log-spaced) with its cell nearest to each value (in log) set to exactly that
    value, for values inside the grid's span: the cell under a run's "+" then holds the run itself. The
    first value wins a cell two values share; the grid stays increasing."""
    grid = np.array(grid, np.float64)
    if grid.size < 2:
        return grid
    logs = np.log10(grid)
    half = (logs[-1] - logs[0]) / (2 * (grid.size - 1))
    taken: set[int] = set()
    for value in values:
        value = float(value)
        if not (value > 0 and logs[0] - half <= np.log10(value) <= logs[-1] + half):
            continue
        k = int(np.argmin(np.abs(logs - np.log10(value))))
        if k in taken:
            continue
        neighbours_ok = (k == 0 or grid[k - 1] < value) and (k == grid.size - 1 or value < grid[k + 1])
        if neighbours_ok:
            grid[k] = value
            taken.add(k)
    return grid


def setting_grids(request: ScaleMapRequest, specs) -> tuple[np.ndarray, np.ndarray]:
    """The request's grids with each run's own settings on them: optimizer k's lr row holds its lr, and
    the loss-scale axis holds 1 and every optimizer's loss scale (issue 15 item 10)."""
    lrs, scales = request.grids([spec.lr for spec in specs])
    lrs = np.stack([snap(row, [spec.lr]) for row, spec in zip(lrs, specs, strict=True)]) if len(specs) else lrs
    scales = snap(scales, [1.0, *(spec.loss_scale for spec in specs)])
    return lrs, scales


def problem_key(surface: Surface, start, specs, steps: int) -> tuple:
    return surface, (float(start[0]), float(start[1])), tuple(specs), int(steps)


def same_problem(a: tuple | None, b: tuple) -> bool:
    return a is not None and a[0] is b[0] and a[1:] == b[1:]  # surfaces by identity: a new one is a new map


class ScaleMapModel(QObject):
    requestChanged = Signal(object)
    problemChanged = Signal()
    computeStarted = Signal()
    progressed = Signal(float)
    computed = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    refused = Signal(object)
    declined = Signal(object)
    equivalencesChanged = Signal(list)

    def __init__(self, request: ScaleMapRequest | None = None, parent=None,
                 confirm: Callable[[SweepSize], bool] | None = None):
        super().__init__(parent)
        self.confirm = confirm  # asked before a sweep estimated over a minute starts (see the docstring)
        self._asking = False  # confirm's question is open (its dialog runs a nested event loop)
        self._declined_generation = -1  # the request whose sweep was declined or refused
        self._request = request if request is not None else ScaleMapRequest()
        self._problem: tuple | None = None  # set_problem's arguments, as problem_key makes them
        self._surface: Surface | None = None
        self._start = (0.0, 0.0)
        self._specs: tuple[OptimizerSpec, ...] = ()
        self._scene_steps = 300
        self._generation = 0  # counts requests: every setting change, and so every new problem
        self._result: MultiSweep | None = None
        self._result_generation = -1  # the request self._result answers
        self._equivalences: list = []
        self.last_error = ""
        self._jobs = JobRunner(self, name="losslab-scale-map")
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._submit)

    # ---- reading -----------------------------------------------------------------------------------
    @property
    def request(self) -> ScaleMapRequest:
        return self._request

    @property
    def surface(self) -> Surface | None:
        return self._surface

    @property
    def start(self) -> tuple[float, float]:
        return self._start

    @property
    def specs(self) -> tuple[OptimizerSpec, ...]:
        return self._specs

    @property
    def steps(self) -> int:
        """The steps each cell runs now."""
        return self._request.steps_for(self._scene_steps)

    @property
    def result(self) -> MultiSweep | None:
        """The last finished map (it may answer an older request: see result_for)."""
        return self._result

    @property
    def equivalences(self) -> list:
        return list(self._equivalences)

    def has_minima(self) -> bool:
        return self._surface is not None and bool(self._surface.minima)

    def is_computing(self) -> bool:
        return self._jobs.busy or self._debounce.isActive()

    def result_for(self, surface: Surface, start, specs, steps: int) -> MultiSweep | None:
        """The finished map of exactly this problem, as last set — None while a later request is pending
        or computing, after it failed, or if the problem has changed since."""
        if not same_problem(self._problem, problem_key(surface, start, specs, steps)):
            return None
        return self._result if self._result_generation == self._generation else None

    # ---- changing ----------------------------------------------------------------------------------
    def set_problem(self, surface: Surface, start, specs, steps: int) -> None:
        """Map ``specs`` on ``surface`` from ``start``; ``steps`` is the scene's (the request's own steps,
        if set, win). The problem being computed or already mapped is not started again."""
        problem = problem_key(surface, start, specs, steps)
        if same_problem(self._problem, problem) and (self.is_computing()
                                                     or self._generation in (self._result_generation,
                                                                             self._declined_generation)):
            return
        self._problem = problem
        self._surface = surface
        self._start = problem[1]
        self._specs = problem[2]
        self._scene_steps = problem[3]
        self.problemChanged.emit()
        if self._request.metric == "distance" and not surface.minima:
            self._request = self._request.with_changes(metric="loss")  # nothing to measure the distance to
            self.requestChanged.emit(self._request)
        self._update_equivalences()
        self._schedule()

    def set_request(self, request: ScaleMapRequest) -> None:
        """Replace every setting (a loaded scene's); recomputes only if a computed setting changed."""
        if request == self._request:
            return
        old, self._request = self._request, request
        if request.metric == "distance" and not self.has_minima() and self._surface is not None:
            self._request = request.with_changes(metric="loss")
        self.requestChanged.emit(self._request)
        if old.factor != self._request.factor or old.steps_for(self._scene_steps) != self.steps:
            self._update_equivalences()
        computed_fields = ("resolution", "lr_span", "scale_range", "steps")
        if any(getattr(old, f) != getattr(self._request, f) for f in computed_fields):
            self._schedule()

    def set_metric(self, metric: str) -> None:
        """Recolour only (the same runs): no recomputation."""
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
        if metric == "distance" and self._surface is not None and not self._surface.minima:
            metric = "loss"
        self.set_request(self._request.with_changes(metric=metric))

    def set_resolution(self, cells: int) -> None:
        if cells not in RESOLUTIONS:
            raise ValueError(f"resolution must be one of {RESOLUTIONS}, not {cells!r}")
        self.set_request(self._request.with_changes(resolution=int(cells)))

    def set_steps(self, steps: int) -> None:
        self.set_request(self._request.with_changes(steps=int(steps)))

    def set_lr_span(self, decades: float) -> None:
        """Each optimizer's lr axis runs from its lr × 10^−decades to its lr × 10^+decades."""
        self.set_request(self._request.with_changes(lr_span=float(decades)))

    def set_scale_range(self, low: float, high: float) -> None:
        self.set_request(self._request.with_changes(scale_range=(float(low), float(high))))

    def set_factor(self, factor: float) -> None:
        """The factor s of the equivalence read-out (loss × s vs lr × s)."""
        self.set_request(self._request.with_changes(factor=float(factor)))

    def cancel(self) -> None:
        """Stop the sweep (or the one about to start); it is not started again until a setting or the
        problem changes."""
        self._debounce.stop()
        self._declined_generation = self._generation
        if self._jobs.busy:
            self._jobs.cancel()
            self.cancelled.emit()

    def shutdown(self, timeout: float = 2.0) -> None:
        """Cancel and stop the worker (before the application quits)."""
        self._debounce.stop()
        self._jobs.shutdown(timeout)

    def wait(self, timeout: float = 30.0) -> bool:
        """Start a pending (debounced) sweep now and block until it is delivered (scripts, tests)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._submit()
        return self._jobs.wait(timeout)

    # ---- computing ---------------------------------------------------------------------------------
    def _schedule(self) -> None:
        """Cancel what runs now and start afresh after a short pause."""
        self._generation += 1  # whatever was on screen no longer answers the request
        if self._surface is None or not self._specs:
            self.cancel()
            return
        self._jobs.cancel()
        self._debounce.start()

    def _submit(self) -> None:
        if self._surface is None or not self._specs:
            return
        if self._asking:  # a newer request arrived while the user is asked about the last one: ask later
            self._debounce.start()
            return
        surface, start, specs, steps = self._surface, self._start, self._specs, self.steps
        lrs, scales = setting_grids(self._request, specs)
        generation = self._generation
        cells = lrs.size * scales.size
        size = SweepSize(cells, steps, sweep_estimate(cells, steps, surface_instructions(surface)))
        if not self._may_start(size, generation):
            return

        def work(progress):
            return sweep_many(surface, start, specs, lrs, scales, steps, progress=progress)

        self._jobs.submit(work, lambda result: self._finished(generation, result), self.progressed.emit,
                          lambda exc: self._failed(generation, exc))
        self.computeStarted.emit()

    def _may_start(self, size: SweepSize, generation: int) -> bool:
        """False (and refused or declined emitted) when the sweep must not start: it would not fit in
        memory, or it is estimated over a minute and ``confirm`` says no."""
        try:
            check_memory(size.estimate)
        except JobTooLarge:
            self._declined_generation = generation
            self.refused.emit(size)
            return False
        if not size.estimate.needs_confirmation or self.confirm is None:
            return True
        self._asking = True
        try:
            approved = bool(self.confirm(size))
        finally:
            self._asking = False
        if generation != self._generation:  # changed while the question was open: the newer one is due
            return False
        if not approved:
            self._declined_generation = generation
            self.declined.emit(size)
        return approved

    def _finished(self, generation: int, result: MultiSweep) -> None:
        if generation != self._generation:
            return
        self._result = result
        self._result_generation = generation
        self.computed.emit(result)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.last_error = str(exc) or type(exc).__name__
        self.failed.emit(self.last_error)

    def _update_equivalences(self) -> None:
        if self._surface is None or not self._specs:
            self._equivalences = []
        else:  # 2 × (optimizers) × ≤1,000 steps: a few ms in the kernel, fine on the UI thread
            self._equivalences = compare(self._surface, self._specs, self._request.factor, self.steps,
                                         self._start)
        self.equivalencesChanged.emit(self.equivalences)
