"""The Qt-side model: holds the current :class:`core.scene.Scene`, recomputes the race through the core and
tells the views what changed. Views only read it and listen; widgets change it only through its setters.

Signals
    sceneChanged(Scene)          anything but the current step changed (settings, optimizers, surface…)
    surfaceChanged(Surface)      the surface or the map window changed: the map must be redrawn
    trajectoriesChanged(Race)    fresh trajectories (effective and ghost runs) are available
    stepChanged(int)             the playback step moved (playback only reveals precomputed paths)
    error(str)                   a setter refused a value; the last good state is kept
    formulaRejected(str, int)    the typed formula did not parse: message and 0-based position (−1: none)
    engineReady()                the compiled kernel is loaded; computing can start

Small races are computed on the UI thread (7 optimizers × 1,000 steps with their ghosts take ~3 ms); big
ones (many steps) through app.jobs.JobRunner (newest request wins), so dragging a slider never queues up
work. The engine warm-up (app.engine_start) and typed formulas (app.formula_builder) have runners of
their own. Refusals are one line in the interface language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from app.engine_start import EngineStarter
from app.formula_builder import FormulaBuilder
from app.jobs import JobRunner
from core import scene as scene_io
from core.engine import Trajectories, run
from core.engine.state import OptimizerState, record_state, recordable
from core.optim.spec import OptimizerSpec
from core.scene import FACTOR_RANGE, OptimizerEntry, Scene, SceneError
from core.surfaces.surface import Surface, get_surface

# Trajectory-steps computed inline; above this a worker thread does it (~15 ms of kernel time here).
INLINE_WORK = 60_000
WARM_UP_DELAY_MS = 60  # after the window's first paint (see start_engine)


@dataclass(frozen=True)
class Race:
    """One computed race: ``effective`` are the runs shown (global factors applied), ``reference`` the
    ghosts (each optimizer at its own lr and loss scale). Row i of both belongs to scene.optimizers[i]."""

    scene: Scene
    effective: Trajectories
    reference: Trajectories
    # The effective runs' recorded optimizer state (core.engine.state.record_state), when the race was
    # computed for the state views (SceneModel.set_recording); ``effective`` is then its trajectories().
    state: OptimizerState | None = None

    @property
    def steps(self) -> int:
        return self.effective.points.shape[1] - 1


def compute_race(scene: Scene, previous: Race | None = None,
                 effective: list[OptimizerSpec] | None = None, record: bool = False) -> Race:
    """Both batches in one call to the engine, then split (the arrays are fresh, so safe to hand over).

    The ghosts do not depend on the global lr factor or loss scale, so while a slider is dragged the
    previous race's reference runs are reused as they are (the same object: views skip redrawing them);
    at 1× the effective runs are the reference runs and are computed once. ``effective`` may pass
    scene.effective_specs() when the caller has it already (building specs costs ~0.2 ms each).

    ``record``: the effective runs go through core.engine.state.record_state instead of the engine (the
    same trajectories, bit for bit, and their optimizer state in the same pass: benchmarks/bench_state.py),
    unless the recording would exceed its limit; the state views then need no second run."""
    effective = scene.effective_specs() if effective is None else effective
    reference = scene.reference_specs()
    reuse = previous is not None and _same_reference(previous.scene, scene, reference)
    if record and recordable(len(effective), scene.steps):
        state = record_state(scene.surface, effective, scene.steps, scene.start)
        shown = state.trajectories()
        if effective == reference:
            return Race(scene, shown, shown, state)
        return Race(scene, shown, previous.reference if reuse else _run(scene, reference), state)
    if effective == reference:
        both = previous.reference if reuse else _run(scene, effective)
        return Race(scene, both, both)
    if reuse:
        return Race(scene, _run(scene, effective), previous.reference)
    result = _run(scene, effective + reference)
    n = len(effective)

    return Race(scene, result.rows(slice(0, n)), result.rows(slice(n, 2 * n)))


def _run(scene: Scene, specs: list[OptimizerSpec]) -> Trajectories:
    return run(scene.surface, specs, scene.steps, scene.start)


def _same_reference(old: Scene, new: Scene, reference: list[OptimizerSpec]) -> bool:
    """Would the ghosts of ``new`` be the ghosts already computed for ``old``?"""
    return (old.surface is new.surface and old.start == new.start and old.steps == new.steps
            and old.reference_specs() == reference)


def surface_changes(current: Surface, name: str, params: dict) -> dict:
    """The scene changes that pick built-in surface ``name`` with ``params`` (ValueError: refused). A new
    name brings its own start and window; the same name with other constants (condition number, angle,
    amplitude) keeps the teacher's start and view."""
    if name == current.name and current.program is None:
        surface = current.with_params(**params) if params else current
    else:
        surface = get_surface(name, **params)
    changes = {"surface": surface, "surface_source": scene_io.surface_source(surface)}
    if name != current.name or current.program is not None:
        changes.update(start=surface.start, window=surface.window)
    return changes


def clamp_factor(value: float) -> float:
    lo, hi = FACTOR_RANGE
    return min(max(float(value), lo), hi)


def moved_factors(lr_factor: float, loss_scale: float, locked: bool, lr: float | None = None,
                  scale: float | None = None) -> tuple[float, float]:
    """The global factors after moving ``lr`` or ``scale`` (clamped to FACTOR_RANGE); ``locked`` keeps
    lr × scale: the other one moves, and if it hits the range's end, this one too."""
    new_lr = clamp_factor(lr) if lr is not None else lr_factor
    new_scale = clamp_factor(scale) if scale is not None else loss_scale
    if locked:
        product = lr_factor * loss_scale
        if lr is not None:
            new_scale = clamp_factor(product / new_lr)
            new_lr = clamp_factor(product / new_scale)
        else:
            new_lr = clamp_factor(product / new_scale)
            new_scale = clamp_factor(product / new_lr)
    return new_lr, new_scale


class SceneModel(QObject):
    sceneChanged = Signal(object)
    surfaceChanged = Signal(object)
    trajectoriesChanged = Signal(object)
    stepChanged = Signal(int)
    error = Signal(str)
    formulaRejected = Signal(str, int)
    engineReady = Signal()

    def __init__(self, scene: Scene | None = None, parent=None):
        super().__init__(parent)
        self._scene = scene if scene is not None else scene_io.default_scene()
        self._race: Race | None = None
        self._recording = False  # record the optimizer state with the race (set_recording)
        self._ready = False
        self._jobs = JobRunner(self, name="losslab-race", background=False)
        self._engine = EngineStarter(self)
        self._engine.ready.connect(self._on_warmed)
        self._engine.failed.connect(
            lambda error: self._fail(self.tr("the optimizer engine could not start: {error}").format(error=error)))
        self.last_error = ""
        self._effective: tuple[Scene | None, list[OptimizerSpec]] = (None, [])
        self._formulas = FormulaBuilder(self)  # typed formulas, built off the GUI thread
        self._formulas.built.connect(self._formula_built)
        self._formulas.refused.connect(self._formula_refused)

    # ---- reading -----------------------------------------------------------------------------------
    @property
    def scene(self) -> Scene:
        return self._scene

    def effective_specs(self) -> list[OptimizerSpec]:
        """scene.effective_specs(), computed once per scene (several views ask on every change)."""
        if self._effective[0] is not self._scene:
            self._effective = (self._scene, self._scene.effective_specs())
        return self._effective[1]

    @property
    def surface(self) -> Surface:
        return self._scene.surface

    @property
    def step(self) -> int:
        return self._scene.step

    @property
    def race(self) -> Race | None:
        """The latest race, or None before the engine is ready. It may lag the scene by one
        computation while a big race runs on the worker thread."""
        return self._race

    @property
    def ready(self) -> bool:
        return self._ready

    # ---- engine start-up ---------------------------------------------------------------------------
    def start_engine(self, delay_ms: int = WARM_UP_DELAY_MS) -> None:
        """Load the compiled kernel (then SymPy and the sweep kernel) off the UI thread, ``delay_ms`` after
        the event loop runs again (app.engine_start); engineReady follows the race kernel."""
        self._engine.start(delay_ms)

    def start_engine_now(self) -> None:
        """Blocking variant for scripts and screenshots (no window waits on it)."""
        self._engine.start_now()

    def _on_warmed(self) -> None:
        if self._ready:
            return
        self._ready = True
        self.engineReady.emit()
        self.surfaceChanged.emit(self._scene.surface)
        self._recompute()

    # ---- computing ---------------------------------------------------------------------------------
    def _recompute(self) -> None:
        if not self._ready:
            return
        scene = self._scene
        work = 2 * len(scene.optimizers) * scene.steps
        previous = self._race
        if work <= INLINE_WORK:
            self._jobs.cancel()  # an older big race must not land on top of this one
            self._publish(compute_race(scene, previous, self.effective_specs(), self._recording))
            return
        failed = self.tr("could not compute the race: {error}")
        record = self._recording
        self._jobs.submit(lambda progress: compute_race(scene, previous, record=record), self._publish,
                          on_error=lambda exc: self._fail(failed.format(error=exc)))

    def _publish(self, race: Race) -> None:
        self._race = race
        self.trajectoriesChanged.emit(race)

    @property
    def computing(self) -> bool:
        """A big race is being computed on the worker thread."""
        return self._jobs.busy

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until a typed formula's surface (if any) and the worker's race (if any) are in (for tests
        and scripts)."""
        return self._formulas.wait(timeout) and self._jobs.wait(timeout)

    def shutdown(self) -> None:
        self._engine.shutdown()
        self._jobs.shutdown()
        self._formulas.shutdown()

    # ---- changing ----------------------------------------------------------------------------------
    def _fail(self, message: str) -> bool:
        self.last_error = message
        self.error.emit(message)
        return False

    def _no_optimizer(self, index: int) -> bool:
        return self._fail(self.tr("there is no optimizer {index}").format(index=index + 1))

    def _apply(self, surface_changed: bool = False, recompute: bool = True, **changes) -> bool:
        try:
            scene = self._scene.with_changes(**changes)
        except (SceneError, ValueError, TypeError) as exc:
            return self._fail(str(exc))
        self._set(scene, surface_changed, recompute)
        return True

    def _set(self, scene: Scene, surface_changed: bool, recompute: bool = True) -> None:
        step_moved = scene.step != self._scene.step
        self._scene = scene
        self.sceneChanged.emit(scene)
        if surface_changed and self._ready:
            self.surfaceChanged.emit(scene.surface)
        if recompute:
            self._recompute()
        if step_moved:
            self.stepChanged.emit(scene.step)

    def set_scene(self, scene: Scene) -> None:
        """Replace everything (a loaded file or preset)."""
        self._formulas.cancel()  # a formula still being built must not replace what came after it
        self._set(scene, surface_changed=True)

    def set_surface(self, name: str, **params: float) -> bool:
        """A built-in surface (start and window as surface_changes says)."""
        self._formulas.cancel()  # as in set_scene
        try:
            changes = surface_changes(self._scene.surface, name, params)
        except ValueError as exc:
            return self._fail(str(exc))
        return self._apply(surface_changed=True, **changes)

    def set_surface_params(self, **params: float) -> bool:
        return self.set_surface(self._scene.surface.name, **params)

    def set_formula(self, text: str) -> bool:
        """A typed surface, keeping start and view; built off the GUI thread (app.formula_builder: newest
        wins), usually before this returns. False: refused (formulaRejected says why); the surface stays."""
        return self._formulas.request(text, self._scene.start, self._scene.window)

    def _formula_built(self, surface: Surface) -> None:
        self._apply(surface_changed=True, surface=surface, surface_source=scene_io.surface_source(surface))

    def _formula_refused(self, message: str, position: int) -> None:
        self.formulaRejected.emit(message, position)
        self._fail(message)

    def set_weights(self, a: float | None = None, b: float | None = None) -> bool:
        """The weights of an a·L₁ + b·L₂ surface (scenes whose surface is 'weighted'); start and view stay."""
        self._formulas.cancel()  # as in set_scene
        source = self._scene.surface_source.get("weighted")
        if source is None:
            return self._fail(self.tr("the surface is not a weighted a·L₁ + b·L₂ surface"))
        weighted = scene_io.weighted_source(source["first"], source["second"], source["a"] if a is None else a,
                                            source["b"] if b is None else b)
        try:
            surface = scene_io.surface_from_source(weighted)
        except ValueError as exc:
            return self._fail(str(exc))
        return self._apply(surface_changed=True, surface=surface, surface_source=weighted)

    def set_start(self, x: float, y: float) -> bool:
        if not (math.isfinite(x) and math.isfinite(y)):
            return self._fail(self.tr("the start point must be two finite numbers"))
        return self._apply(start=(float(x), float(y)))

    def set_window(self, window) -> bool:
        """The visible region (saved with the scene); the map is redrawn over it."""
        xmin, xmax, ymin, ymax = (float(v) for v in window)
        if not all(map(math.isfinite, (xmin, xmax, ymin, ymax))) or not (xmin < xmax and ymin < ymax):
            return self._fail(self.tr("the view window must be finite with xmin < xmax and ymin < ymax"))
        if (xmin, xmax, ymin, ymax) == self._scene.window:
            return True
        return self._apply(surface_changed=True, recompute=False, window=(xmin, xmax, ymin, ymax))

    def set_lr_factor(self, value: float) -> bool:
        return self._set_factors(lr=value)

    def set_loss_scale(self, value: float) -> bool:
        return self._set_factors(scale=value)

    def _set_factors(self, lr: float | None = None, scale: float | None = None) -> bool:
        value = lr if lr is not None else scale
        if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            return self._fail(self.tr("a factor must be a positive number, not {value}").format(value=repr(value)))
        s = self._scene
        new_lr, new_scale = moved_factors(s.lr_factor, s.loss_scale, s.lock_product, lr, scale)
        if (new_lr, new_scale) == (s.lr_factor, s.loss_scale):
            return True
        return self._apply(lr_factor=new_lr, loss_scale=new_scale)

    def set_tab_settings(self, **settings) -> bool:
        """The other tabs' settings the scene keeps so a saved lesson reopens them (``scale_map``: a
        ScaleMapRequest, ``training``: a TrainingConfig, None for defaults); the race is not recomputed."""
        if set(settings) - {"scale_map", "training"}:
            raise TypeError(f"not a tab setting: {', '.join(sorted(set(settings) - {'scale_map', 'training'}))}")
        if all(getattr(self._scene, name) == value for name, value in settings.items()):
            return True
        return self._apply(recompute=False, **settings)

    def set_recording(self, recording: bool) -> None:
        """Record the optimizer state with every race (the state views are shown: InsideModel asks), or
        stop. Turning it on recomputes a race that has no state yet."""
        self._recording = bool(recording)
        if self._recording and self._race is not None and self._race.state is None:
            self._recompute()

    def set_lock_product(self, locked: bool) -> bool:
        return self._apply(recompute=False, lock_product=bool(locked))

    def _replace_entry(self, index: int, entry, recompute: bool = True) -> bool:
        """Optimizer ``index`` replaced by ``entry(old entry)``."""
        entries = list(self._scene.optimizers)
        if not 0 <= index < len(entries):
            return self._no_optimizer(index)
        entries[index] = entry(entries[index])
        return self._apply(recompute=recompute, optimizers=tuple(entries))

    def set_optimizer(self, index: int, spec: OptimizerSpec) -> bool:
        return self._replace_entry(index, lambda old: OptimizerEntry(spec, old.enabled))

    def update_optimizer(self, index: int, **changes) -> bool:
        """Change some of optimizer ``index``'s settings (kind, lr, momentum, …); a bad value is refused."""
        try:
            spec = self._scene.optimizers[index].spec.replace(**changes)
        except IndexError:
            return self._no_optimizer(index)
        except (TypeError, ValueError) as exc:
            return self._fail(str(exc))
        return self.set_optimizer(index, spec)

    def set_enabled(self, index: int, enabled: bool) -> bool:
        # Hidden runs are still computed (cheap), so showing one again needs no recomputation.
        return self._replace_entry(index, lambda old: OptimizerEntry(old.spec, bool(enabled)), recompute=False)

    def add_optimizer(self, spec: OptimizerSpec | None = None) -> bool:
        spec = spec if spec is not None else OptimizerSpec("adam", lr=1e-2)
        return self._apply(optimizers=(*self._scene.optimizers, OptimizerEntry(spec)))

    def remove_optimizer(self, index: int) -> bool:
        entries = list(self._scene.optimizers)
        if len(entries) <= 1:
            return self._fail(self.tr("the race needs at least one optimizer"))
        if not 0 <= index < len(entries):
            return self._no_optimizer(index)
        del entries[index]
        return self._apply(optimizers=tuple(entries))

    def set_steps(self, steps: int) -> bool:
        if not isinstance(steps, int | np.integer) or isinstance(steps, bool):
            return self._fail(self.tr("steps must be a whole number, not {steps}").format(steps=repr(steps)))
        steps = int(steps)
        return self._apply(steps=steps, step=min(self._scene.step, max(steps, 0)))

    def set_step(self, step: int) -> None:
        """Move playback; clamped to 0…steps. Only stepChanged is emitted (views reveal a slice)."""
        step = min(max(int(step), 0), self._scene.steps)
        if step == self._scene.step:
            return
        before, self._scene = self._scene, self._scene.with_changes(step=step)
        if self._effective[0] is before:  # the specs do not depend on the step: no rebuilding them per frame
            self._effective = (self._scene, self._effective[1])
        self.stepChanged.emit(step)

    # ---- files -------------------------------------------------------------------------------------
    def load_scene(self, path) -> bool:
        """Open a scene file; a corrupt or foreign one is refused (error signal) and the scene stays."""
        try:
            scene = scene_io.load(path)
        except SceneError as exc:
            return self._fail(self.tr("{name} was not opened: {error}").format(name=Path(path).name, error=exc))
        self.set_scene(scene)
        return True

    def save_scene(self, path) -> bool:
        try:
            scene_io.save(self._scene, path)
        except (OSError, ValueError) as exc:
            return self._fail(self.tr("could not save {name}: {error}").format(
                name=Path(path).name, error=getattr(exc, "strerror", None) or exc))
        return True
