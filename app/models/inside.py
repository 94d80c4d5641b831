"""The Qt side of "Inside the optimizer" (issue 17): the recorded optimizer state and the stability curves of
the current race, for the vectors overlay, the state panel and the step-by-step view.

While the views are shown (``active``), the SceneModel records the state of every run with the race, in
the same pass (core.engine.state.record_state: the same runs, bit for bit; SceneModel.set_recording).
When such a race is published (SceneModel.trajectoriesChanged), its stability curves
(core.engine.state.stability: Hessian at each head, λmax, the optimizer's limit) are computed on an
app.jobs.JobRunner (newest race wins; a race without a state, too big to record with it, is recorded
there first); ``stateChanged`` carries the :class:`InsideState`.
Views then only read arrays per frame (:meth:`InsideModel.vectors`, :meth:`InsideModel.numbers`).

Signals
    stateChanged(InsideState)   fresh state for the current race
    selectionChanged(int)       the run the panel and the step view describe
    failed(str)                 the state could not be computed (one line; the previous state is kept)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from app.jobs import JobRunner
from core.engine.state import OptimizerState, head_vectors, panel_series, record_state, stability
from core.optim.spec import OptimizerSpec
from core.optim.stability import StabilityCurve


@dataclass(frozen=True)
class InsideState:
    """The state of one race: ``race`` it belongs to, the effective ``specs`` it ran, the recorded
    ``state`` and one StabilityCurve per run."""

    race: object  # app.model.Race (app.models may not import app.model: sibling layers)
    specs: tuple[OptimizerSpec, ...]
    state: OptimizerState
    curves: tuple[StabilityCurve, ...]

    @property
    def steps(self) -> int:
        return self.state.steps


def compute_inside(race) -> InsideState:
    """The state and stability of ``race``'s effective runs (what the map shows): the state the race
    recorded (app.model.SceneModel.set_recording), else recorded here."""
    scene = race.scene
    specs = scene.effective_specs()
    state = race.state if race.state is not None else record_state(scene.surface, specs, scene.steps, scene.start)
    curves = stability(scene.surface, specs, state)
    return InsideState(race, tuple(specs), state, tuple(curves))


# The rows of the numbers table, in order: (key, label). Which ones a run shows: the keys numbers() returns.
# Labels with words are English sources the state panel shows through translate("StatePanel", label).
ROWS = (("g", "g"), ("m", "m"), ("v", "v"), ("v_hat", QT_TRANSLATE_NOOP("StatePanel", "v̂ (bias-corrected v)")),
        ("b", QT_TRANSLATE_NOOP("StatePanel", "b (momentum)")), ("bias1", "1 − β₁ᵗ"), ("bias2", "1 − β₂ᵗ"),
        ("lr_eff", QT_TRANSLATE_NOOP("StatePanel", "effective lr")), ("step", "Δθ"), ("lambda_max", "λmax"),
        ("stability", QT_TRANSLATE_NOOP("StatePanel", "stability")))


class InsideModel(QObject):
    stateChanged = Signal(object)
    selectionChanged = Signal(int)
    failed = Signal(str)

    def __init__(self, model, parent=None):  # model: app.model.SceneModel
        super().__init__(parent)
        self.model = model
        self._inside: InsideState | None = None
        self._selected = 0
        self._active = False
        self._submitted = None  # the race last handed to the job runner
        self._jobs = JobRunner(self, name="losslab-inside")
        self.computations = 0  # how many states were computed (tests: toggling off stops work)
        model.trajectoriesChanged.connect(self._on_race)

    # ---- reading -----------------------------------------------------------------------------------
    @property
    def inside(self) -> InsideState | None:
        """The state of the latest race computed (None before the first one)."""
        return self._inside

    @property
    def active(self) -> bool:
        return self._active

    @property
    def selected(self) -> int:
        return self._selected

    def current_step(self) -> int:
        """The playback step clamped to the state's steps."""
        inside = self._inside
        return 0 if inside is None else min(max(self.model.step, 0), inside.steps)

    def vectors(self, k: int | None = None) -> dict[str, np.ndarray] | None:
        """core.engine.state.head_vectors at step ``k`` (default: the playback step)."""
        if self._inside is None:
            return None
        return head_vectors(self._inside.state, self.current_step() if k is None else min(k, self._inside.steps))

    def series(self, i: int | None = None) -> dict[str, np.ndarray] | None:
        """core.engine.state.panel_series of run ``i`` (default: the selected run)."""
        inside = self._inside
        i = self._selected if i is None else i
        if inside is None or not 0 <= i < len(inside.specs):
            return None
        return panel_series(inside.state, i)

    def numbers(self, k: int | None = None, i: int | None = None) -> dict[str, np.ndarray] | None:
        """What the table shows for run ``i`` (default selected) at playback step ``k``: the step k + 1 that
        leaves the head θ_k — the values state_table lists at its step t = k + 1 — keyed as ROWS (each a
        (2,) array, or a float for bias1, bias2, lambda_max, stability, limit). None past the run's last
        recorded step (the end, or a diverged run)."""
        inside = self._inside
        i = self._selected if i is None else i
        if inside is None or not 0 <= i < len(inside.specs):
            return None
        k = self.current_step() if k is None else k
        state = inside.state
        if not 0 <= k < int(state.valid[i]):
            return None
        kind = state.kinds[i]
        t = k + 1
        # one step of one run (OptimizerState's step and v_hat derive every step of every run: this is per frame)
        row = {"g": state.g[i, k], "lr_eff": state.lr_eff[i, k], "step": state.points[i, t] - state.points[i, k]}
        if kind in ("adam", "adamw"):
            bias2 = float(state.bias2[i, k])
            row.update(m=state.m[i, t], v=state.v[i, t], v_hat=state.v[i, t] / (bias2 if bias2 > 0 else 1.0),
                       bias1=float(state.bias1[i, k]), bias2=bias2)
        elif kind in ("rmsprop", "adagrad"):
            row["v"] = state.v[i, t]
        if "b" in state.uses(i):
            row["b"] = state.b[i, t]
        curve = inside.curves[i]
        row.update(lambda_max=float(curve.lambda_max[k]), stability=float(curve.values[k]),
                   limit=float(curve.limit[k]))
        return row

    # ---- changing ----------------------------------------------------------------------------------
    def set_selected(self, index: int) -> None:
        index = max(int(index), 0)
        if index != self._selected:
            self._selected = index
            self.selectionChanged.emit(index)

    def set_active(self, active: bool) -> None:
        """Compute only while a view is shown; turning on computes the current race if it is not done."""
        self._active = bool(active)
        self.model.set_recording(self._active)  # the race records its state in the same pass (compute_race)
        if not self._active:
            self._jobs.cancel()
            self._submitted = None
            return
        race = self.model.race
        if race is not None and (self._inside is None or self._inside.race is not race):
            self._on_race(race)

    def _on_race(self, race) -> None:
        if not self._active or race is self._submitted:
            return
        self._submitted = race
        self._jobs.submit(lambda _progress: compute_inside(race), self._publish,
                          on_error=lambda exc: self.failed.emit(
                              self.tr("the optimizer state could not be computed: {error}").format(error=exc)))

    def _publish(self, inside: InsideState) -> None:
        if not self._active:
            return
        self._inside = inside
        self.computations += 1
        if self._selected >= len(inside.specs):
            self.set_selected(0)
        self.stateChanged.emit(inside)

    @property
    def busy(self) -> bool:
        return self._jobs.busy

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until a computation in flight is delivered (tests, scripts, screenshots)."""
        return self._jobs.wait(timeout)

    def shutdown(self) -> None:
        self._jobs.shutdown()
