"""Files made and written on a worker thread, with progress and Cancel (issue 16 item 6): CSV/JSON of the race
re-run (16 runs × 100,000 steps took ~8 s on the GUI thread before) or of the scale map's sweeps
(:func:`data_job`), and a tab's picture once painted (app.export.tab).

The bytes are written to a temporary file beside the target and renamed over it only if the export was not
cancelled meanwhile (core.export.files.atomic_target): a cancelled or failed export leaves an existing file
as it was. Emits ``progress(fraction)``, then exactly one of ``finished(path)``, ``failed(reason)``,
``cancelled()`` — the signals of app.export.render.AnimationJob and app.export.picture_job.PictureJob.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.jobs import Ticket, WriteJob  # noqa: F401 — WriteJob: this module's job, also imported from here
from core.engine import Cancelled, run
from core.engine.sweep import SweepResult
from core.export.data import (
    data_format,
    optimizer_labels,
    sweep_csv,
    sweep_json,
    trajectories_csv,
    trajectory_records,
    write_sweeps,
)
from core.export.plan import ExportError, ExportPlan
from core.optim.spec import OptimizerSpec
from core.scene import Scene

RUN_SHARE = 0.7  # of the progress bar: the race's re-run; the text and the write share the rest
JSON_CHUNK = 10_000  # list items encoded per call: json's C encoder holds the GIL (the window) for a whole call


@dataclass(frozen=True)
class SweepData:
    """A computed scale map as data: one lr × loss-scale sweep per optimizer."""

    results: tuple[SweepResult, ...]
    specs: tuple[OptimizerSpec, ...]
    steps: int

    def text(self, path: str | Path) -> str:
        """CSV or JSON by ``path``'s extension, as :meth:`write` writes it."""
        labels = optimizer_labels(self.specs)
        if data_format(path) == "csv":
            return sweep_csv(self.results, labels)
        return sweep_json(self.results, labels, self.specs, self.steps)

    def write(self, path: str | Path) -> None:
        write_sweeps(path, self.results, optimizer_labels(self.specs), self.specs, self.steps)


def race_text(scene: Scene, path, ticket: Ticket) -> str:
    """Every enabled optimizer's trajectory as CSV or JSON (by ``path``'s extension), as
    core.export.plan.write_scene_data writes it; raises Cancelled once ``ticket`` is cancelled."""
    specs = [s for s, e in zip(scene.effective_specs(), scene.optimizers, strict=True) if e.enabled]
    if not specs:
        raise ExportError("the scene has no enabled optimizer to export")
    kind = data_format(path)
    trajectories = run(scene.surface, specs, scene.steps, scene.start,
                       progress=lambda fraction: ticket(RUN_SHARE * fraction))
    if not ticket(RUN_SHARE):
        raise Cancelled()
    labels = optimizer_labels(specs)
    if kind == "csv":
        return trajectories_csv(trajectories, labels)
    # core.export.data.trajectories_json's text, but encoded a chunk at a time: one json.dumps of 16 runs ×
    # 100,000 steps held the GIL, and so the window, for ~12 s.
    data = {"losslab_trajectories": 1, "steps": trajectories.points.shape[1] - 1,
            "optimizers": trajectory_records(trajectories, labels, specs)}
    return json_in_chunks(data, lambda: ticket(None))


def json_in_chunks(value, go_on: Callable[[], bool] = lambda: True) -> str:
    """``json.dumps(value, allow_nan=False)``, character for character, with long lists encoded
    JSON_CHUNK items per call (other threads run between calls); raises Cancelled once ``go_on()`` is
    False."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(key))}: {json_in_chunks(item, go_on)}"
                               for key, item in value.items()) + "}"
    if isinstance(value, list) and len(value) > JSON_CHUNK:
        pieces = []
        for start in range(0, len(value), JSON_CHUNK):
            if not go_on():
                raise Cancelled()
            pieces.append(json.dumps(value[start:start + JSON_CHUNK], allow_nan=False)[1:-1])
        return "[" + ", ".join(pieces) + "]"
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        return "[" + ", ".join(json_in_chunks(item, go_on) for item in value) + "]"
    return json.dumps(value, allow_nan=False)


def data_job(scene: Scene, plan: ExportPlan, sweeps=None, parent=None) -> WriteJob:
    """CSV/JSON of the race (re-run on the worker) or, given ``sweeps`` (an object with ``text(path)``:
    SweepData), of the scale map's sweeps."""
    path = plan.path
    if sweeps is not None:
        return WriteJob(path, lambda ticket: sweeps.text(path), parent)
    return WriteJob(path, lambda ticket: race_text(scene, path, ticket), parent)
