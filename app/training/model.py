"""The training tab's Qt model: it owns the :class:`~core.training.config.TrainingConfig` (what to train)
and the run history (what the worker has sent), and says what changed through signals.

Views never hold settings: controls call the setters below and draw the configuration they are sent back
(``configChanged``); the panel turns the other signals into commands for the worker.

Setters (each validates through core; a bad value raises ValueError with a one-line reason and leaves the
configuration as it was):

    set_options(**values)   task, depth, width, activation, init, dropout, batchnorm, seed, batch_size,
                            n_samples, noise, device, steps
    set_run(run, **values)  run "a"/"b": optimizer, lr, loss_scale, weight_decay, wd_mode, clip, schedule, …
    set_config(config)      a whole TrainingConfig (e.g. a scene's ``training``); None: the panel's defaults
    apply_classic(optimizer, scale)   A: loss × scale at lr; B: loss × 1 at lr × scale

Signals:
    configChanged(TrainingConfig)   any change (controls redraw from it)
    rebuildNeeded()                 a change that needs new runs (anything but steps and the live run keys)
    runChanged(str, RunConfig)      a live change of run "a"/"b" (lr, loss scale, decay, clip, schedule):
                                    applied between two steps, the runs go on
    stepsChanged(int)               the planned number of steps (the runs go on)
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.training.history import History
from app.training.messages import Experiment, Pair, Progress
from core.training.config import LIVE_KEYS, MODEL_KEYS, RUN_KEYS, RunConfig, TrainingConfig, check_run

PANEL_STEPS = 2000  # the panel starts with a longer run than the CLI's default
OPTION_KEYS = tuple(f.name for f in fields(TrainingConfig) if f.name not in ("model", "a", "b")) + MODEL_KEYS


def default_config() -> TrainingConfig:
    """The panel's starting configuration (a scene without ``training`` opens with it)."""
    return TrainingConfig(steps=PANEL_STEPS)


class TrainingModel(QObject):
    configChanged = Signal(object)
    rebuildNeeded = Signal()
    runChanged = Signal(str, object)
    stepsChanged = Signal(int)

    def __init__(self, config: TrainingConfig | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._config = config if config is not None else default_config()
        self.history = History()
        self.experiment: Experiment | None = None
        self.latest: Progress | None = None
        self.step_count = 0
        self._reported: dict[str, int | None] = {"a": None, "b": None}

    # ------------------------------------------------------------------ the configuration
    @property
    def config(self) -> TrainingConfig:
        return self._config

    def set_config(self, config: TrainingConfig | None) -> None:
        config = default_config() if config is None else config
        if not isinstance(config, TrainingConfig):
            raise ValueError(self.tr("a TrainingConfig is needed, got {value}").format(value=repr(config)))
        if config == self._config:
            return
        self._config = config
        self.configChanged.emit(config)
        self.rebuildNeeded.emit()

    def set_options(self, **values: Any) -> None:
        """Task, data, model, device and steps; all but ``steps`` rebuild the runs."""
        unknown = [key for key in values if key not in OPTION_KEYS]
        if unknown:
            raise ValueError(self.tr("unknown option {name}; known: {known}").format(
                name=repr(unknown[0]), known=", ".join(OPTION_KEYS)))
        model = {key: values.pop(key) for key in MODEL_KEYS if key in values}
        config = self._config
        new = replace(config, model=replace(config.model, **model), **values)
        if new == config:
            return
        self._config = new
        self.configChanged.emit(new)
        if replace(new, steps=config.steps) != config:
            self.rebuildNeeded.emit()
        if new.steps != config.steps:
            self.stepsChanged.emit(new.steps)

    def set_run(self, run: str, **values: Any) -> None:
        """Run ``run``'s settings. ``optimizer`` first (it resets that optimizer's own hyper-parameters and
        the decay mode adamw forces), then the rest; live keys go to the running trainer, others rebuild."""
        run = check_run(run)
        unknown = [key for key in values if key not in RUN_KEYS]
        if unknown:
            raise ValueError(self.tr("unknown run setting {name}; known: {known}").format(
                name=repr(unknown[0]), known=", ".join(RUN_KEYS)))
        old = self._config.run(run)
        new = old.with_optimizer(values.pop("optimizer")) if "optimizer" in values else old
        new = replace(new, **values)
        if new == old:
            return
        self._config = replace(self._config, **{run: new})
        self.configChanged.emit(self._config)
        if replace(old, **{key: getattr(new, key) for key in LIVE_KEYS}) == new:
            self.runChanged.emit(run, new)
        else:
            self.rebuildNeeded.emit()

    def apply_classic(self, optimizer: str = "sgd", scale: float = 10.0) -> None:
        """The two-network experiment: A on loss × scale at lr, B on the plain loss at lr × scale."""
        lr = 0.01 if optimizer in ("sgd", "momentum", "nesterov") else 1e-3
        common = dict(optimizer=optimizer, weight_decay=0.0, clip=0.0, schedule="constant")
        a = RunConfig(lr=lr, loss_scale=scale, **common)
        b = RunConfig(lr=lr * scale, loss_scale=1.0, **common)
        self.set_config(replace(self._config, a=a, b=b))

    # ------------------------------------------------------------------ the runs' history
    def begin(self, experiment: Experiment) -> None:
        """New runs were built: forget the old history."""
        self.experiment = experiment
        self.history = History(len(experiment.layers))
        self.latest = None
        self.step_count = 0
        self._reported = {"a": None, "b": None}

    def record(self, progress: Progress) -> list[tuple[str, int]]:
        """Store new steps; returns the divergences not reported before, as (run, step)."""
        self.step_count = progress.step
        self.history.append(progress)
        self.latest = progress
        new = []
        for run in ("a", "b"):
            k = progress.diverged[run]
            if k is not None and self._reported[run] != k:
                self._reported[run] = k
                new.append((run, k))
        return new

    @property
    def run_time(self) -> float:
        """Seconds the worker has spent training since the runs were built (as of the latest message)."""
        return self.latest.run_time if self.latest is not None else 0.0

    def labels(self) -> Pair[str] | None:
        if self.latest is not None:
            return self.latest.labels
        return self.experiment.labels if self.experiment is not None else None
