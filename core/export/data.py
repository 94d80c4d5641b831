"""Trajectories and sweeps as CSV or JSON files, for spreadsheets and slides.

Trajectory CSV: one row per optimizer and step, columns ``step, optimizer, x, y, loss, diverged_at``
(loss is the unscaled surface value; ``diverged_at`` is blank, or the step at which that optimizer
diverged — its rows stop just before it). Trajectory JSON::

    {"losslab_trajectories": 1, "steps": T,
     "optimizers": [{"label": "Adam", "spec": {...}, "diverged_at": null | k,
                     "step": [0, 1, ...], "x": [...], "y": [...], "loss": [...]}, ...]}

Sweeps (one lr × loss-scale grid per optimizer, as the scale map shows them). CSV: one row per optimizer
and cell, columns ``optimizer, lr, loss_scale, final_loss, final_x, final_y, diverged_at`` (the final values
blank where the run diverged). JSON::

    {"losslab_sweeps": 1, "steps": T,
     "sweeps": [{"label": "Adam", "spec": {...}, "lr": [N], "loss_scale": [M], "final_loss": N×M,
                 "final_point": N×M×2, "diverged_at": N×M}, ...]}

with null where a cell diverged (diverged_at: where it did not).

Numbers are written with Python's shortest round-trip repr, so reading a file back gives the very
floats the engine computed; NaN and infinity are never written. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path

from core.engine.run import Trajectories
from core.engine.sweep import SweepResult
from core.export.files import write_bytes_atomically
from core.i18n import translate
from core.optim.spec import OptimizerSpec

DATA_FORMATS = ("csv", "json")
TRAJECTORY_COLUMNS = ("step", "optimizer", "x", "y", "loss", "diverged_at")
SWEEP_COLUMNS = ("optimizer", "lr", "loss_scale", "final_loss", "final_x", "final_y", "diverged_at")


class ExportFormatError(ValueError):
    """A file name whose extension is not a format this writer knows."""


def data_format(path: str | os.PathLike) -> str:
    """'csv' or 'json' from the file name; raises ExportFormatError for anything else."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in DATA_FORMATS:
        if suffix:
            message = translate("core.export", "cannot write data as '.{suffix}' (use .csv or .json): {name}")
        else:
            message = translate("core.export", "no file extension (use .csv or .json): {name}")
        raise ExportFormatError(message.format(suffix=suffix, name=Path(path).name))
    return suffix


def optimizer_labels(specs: Sequence[OptimizerSpec]) -> list[str]:
    """Readable, distinct labels: the optimizer's title, with its lr where two share a title, and a
    number where even that is not enough."""
    titles = [s.title for s in specs]
    labels = [t if titles.count(t) == 1 else f"{t} lr={s.lr:g}" for t, s in zip(titles, specs, strict=True)]
    seen: dict[str, int] = {}
    distinct = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        distinct.append(label if labels.count(label) == 1 else f"{label} #{seen[label]}")
    return distinct


def trajectory_records(trajectories: Trajectories, labels: Sequence[str],
                       specs: Sequence[OptimizerSpec] | None = None, first: int = 0) -> list[dict]:
    """One dict per optimizer: label, spec (if given), diverged_at, step/x/y/loss lists up to divergence,
    from step ``first`` on."""
    if trajectories.points is None:
        raise ValueError("these trajectories were run without recording their paths")
    if len(labels) != trajectories.points.shape[0]:
        raise ValueError(f"{len(labels)} labels for {trajectories.points.shape[0]} trajectories")
    records = []
    for i, label in enumerate(labels):
        path, loss = trajectories.path(i)[first:], trajectories.path_loss(i)[first:]
        diverged = int(trajectories.diverged_at[i])
        record = {"label": str(label)}
        if specs is not None:
            record["spec"] = specs[i].to_dict()
        record.update({
            "diverged_at": None if diverged < 0 else diverged,
            "step": list(range(first, first + path.shape[0])),
            "x": path[:, 0].tolist(),
            "y": path[:, 1].tolist(),
            "loss": loss.tolist(),
        })
        records.append(record)
    return records


def trajectories_csv(trajectories: Trajectories, labels: Sequence[str], first: int = 0) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRAJECTORY_COLUMNS)
    for record in trajectory_records(trajectories, labels, first=first):
        diverged = "" if record["diverged_at"] is None else record["diverged_at"]
        for step, x, y, loss in zip(record["step"], record["x"], record["y"], record["loss"], strict=True):
            writer.writerow((step, record["label"], repr(x), repr(y), repr(loss), diverged))
    return out.getvalue()


def trajectories_json(trajectories: Trajectories, labels: Sequence[str],
                      specs: Sequence[OptimizerSpec] | None = None, first: int = 0) -> str:
    steps = trajectories.points.shape[1] - 1 if trajectories.points is not None else 0
    data = {"losslab_trajectories": 1, "steps": steps,
            "optimizers": trajectory_records(trajectories, labels, specs, first=first)}
    return json.dumps(data, allow_nan=False)


def sweep_csv(results: Sequence[SweepResult], labels: Sequence[str]) -> str:
    _check_labels(results, labels)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SWEEP_COLUMNS)
    for result, label in zip(results, labels, strict=True):
        for i, lr in enumerate(result.lr.tolist()):
            for j, scale in enumerate(result.loss_scale.tolist()):
                diverged = int(result.diverged_at[i, j])
                if diverged >= 0:
                    writer.writerow((label, repr(lr), repr(scale), "", "", "", diverged))
                else:
                    x, y = result.final_point[i, j].tolist()
                    writer.writerow((label, repr(lr), repr(scale), repr(float(result.final_loss[i, j])),
                                     repr(x), repr(y), ""))
    return out.getvalue()


def sweep_record(result: SweepResult) -> dict:
    """One sweep's grids as JSON-ready lists, None where a cell diverged (or, in diverged_at, did not)."""
    diverged = result.diverged_at >= 0
    return {
        "lr": result.lr.tolist(),
        "loss_scale": result.loss_scale.tolist(),
        "final_loss": [[None if d else v for v, d in zip(row, drow, strict=True)]
                       for row, drow in zip(result.final_loss.tolist(), diverged.tolist(), strict=True)],
        "final_point": [[None if d else p for p, d in zip(row, drow, strict=True)]
                        for row, drow in zip(result.final_point.tolist(), diverged.tolist(), strict=True)],
        "diverged_at": [[None if d < 0 else d for d in row] for row in result.diverged_at.tolist()],
    }


def sweep_json(results: Sequence[SweepResult], labels: Sequence[str],
               specs: Sequence[OptimizerSpec] | None = None, steps: int | None = None) -> str:
    _check_labels(results, labels)
    sweeps = []
    for k, (result, label) in enumerate(zip(results, labels, strict=True)):
        record = {"label": str(label)}
        if specs is not None:
            record["spec"] = specs[k].to_dict()
        record.update(sweep_record(result))
        sweeps.append(record)
    return json.dumps({"losslab_sweeps": 1, "steps": steps, "sweeps": sweeps}, allow_nan=False)


def _check_labels(results: Sequence[SweepResult], labels: Sequence[str]) -> None:
    if len(labels) != len(results):
        raise ValueError(f"{len(labels)} labels for {len(results)} sweeps")


def write_trajectories(path: str | os.PathLike, trajectories: Trajectories, labels: Sequence[str],
                       specs: Sequence[OptimizerSpec] | None = None, first: int = 0) -> None:
    """Write CSV or JSON (by extension) atomically, the rows from step ``first`` on; ExportFormatError /
    OSError say why it could not."""
    kind = data_format(path)
    text = trajectories_csv(trajectories, labels, first) if kind == "csv" else \
        trajectories_json(trajectories, labels, specs, first)
    write_bytes_atomically(path, text.encode("utf-8"))


def write_sweeps(path: str | os.PathLike, results: Sequence[SweepResult], labels: Sequence[str],
                 specs: Sequence[OptimizerSpec] | None = None, steps: int | None = None) -> None:
    """Write one lr × loss-scale sweep per optimizer as CSV or JSON (by extension), atomically."""
    kind = data_format(path)
    text = sweep_csv(results, labels) if kind == "csv" else sweep_json(results, labels, specs, steps)
    write_bytes_atomically(path, text.encode("utf-8"))
