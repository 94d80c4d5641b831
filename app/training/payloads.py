"""The training worker's messages, built from a ``core.training.twin.TwinTrainer``: each function reads the
trainer (in the worker thread, between two steps) and returns one of ``app.training.messages``' frozen
dataclasses made of fresh arrays that nothing touches again (a queued signal hands the receiver the same
Python object, not a copy).

    experiment(trainer)                       Experiment: the data set, layers, device and note, labels
    progress(trainer, records, run_time, view)  Progress: the given step records, the scores, the divergences
    boundary_grid(trainer)                    the GRID × GRID input points the boundary images are computed on
    boundary_view(trainer, grid)              BoundaryImages (classification on a 2-D input) or FittedCurves
                                              (regression); None for inputs with no 2-D plane (digits)
    path_snapshot(trainer, note)              PathSnapshot: the recorded parameter paths for the landscape
    boundary_image(probs, nx, ny)             class probabilities → a pale RGBA image

No Qt and no torch here: the trainer does the forward passes (``trainer.predict``).
"""

from __future__ import annotations

import numpy as np

from app.training.messages import BoundaryImages, Experiment, FittedCurves, Pair, PathSnapshot, Progress

GRID = 64  # decision-boundary image resolution (GRID × GRID)
CURVE_POINTS = 200  # regression curve resolution
RUNS = ("a", "b")

# class colours (RGB) of the boundary image and the data points
PALETTE = np.array([[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40]], dtype=np.float64)


def labels(trainer) -> Pair[str]:
    """Each run's OptimSpec.label() ("sgd lr=0.1 loss×10 …")."""
    return Pair(trainer.spec("a").label(), trainer.spec("b").label())


def experiment(trainer) -> Experiment:
    data = trainer.dataset
    return Experiment(data.name, data.kind, np.array(data.x, dtype=np.float64), np.array(data.y),
                      data.n_classes, tuple(data.extent), tuple(trainer.layer_names),
                      trainer.device_choice.name, trainer.device_choice.note, trainer.total_steps,
                      labels(trainer), len(trainer.train_idx), len(trainer.test_idx),
                      trainer.model_spec.to_dict(), trainer.config.dtype, trainer.config.seed)


def progress(trainer, records, run_time: float, view: BoundaryImages | FittedCurves | None) -> Progress:
    """The step records ``records`` (those not sent yet) as one Progress message."""
    n_layers = len(trainer.layer_names)

    def norms(values: tuple[float, ...]) -> list[float]:
        return list(values) if len(values) == n_layers else [np.nan] * n_layers

    def series(name: str, rows) -> Pair[np.ndarray]:
        return Pair(*(np.array([_nan(getattr(r, f"{name}_{run}")) for r in rows], dtype=np.float64)
                      for run in RUNS))

    evaluated = [r for r in records if r.accuracy_a is not None or r.r2_a is not None]
    score = "accuracy" if trainer.dataset.is_classification else "r2"
    return Progress(
        step=trainer.step_count,
        total_steps=trainer.total_steps,
        steps=np.array([r.step for r in records], dtype=np.int64),
        loss=series("loss", records),
        lr=series("lr", records),
        distance=np.array([r.distance for r in records], dtype=np.float64),
        grad=Pair(*(np.array([norms(getattr(r, f"grad_norms_{run}")) for r in records],
                             dtype=np.float64).reshape(-1, n_layers) for run in RUNS)),
        score_name=score,
        score_steps=np.array([r.step for r in evaluated], dtype=np.int64),
        score=series(score, evaluated),
        test_loss=series("test_loss", evaluated),
        test_score=series("test_score", evaluated),
        diverged=Pair(trainer.diverged_at["a"], trainer.diverged_at["b"]),
        labels=labels(trainer),
        finished=trainer.finished,
        elapsed=trainer.elapsed,  # seconds inside TwinTrainer.step
        run_time=run_time,  # seconds spent training, worker overheads included
        view=view,
    )


def boundary_grid(trainer) -> np.ndarray | None:
    """The points of the decision-boundary images (None: no boundary image for this data set)."""
    data = trainer.dataset
    if not data.is_classification or data.in_dim != 2:
        return None
    from core.training.datasets import grid_points

    return grid_points(data.extent, GRID, GRID)


def boundary_view(trainer, grid: np.ndarray | None) -> BoundaryImages | FittedCurves | None:
    """Decision-boundary RGBA images (classification) or fitted curves (regression) of A and B; ``grid`` is
    ``boundary_grid(trainer)`` (the worker keeps it from one image to the next)."""
    data = trainer.dataset
    if data.is_classification and data.in_dim != 2:
        return None  # no 2-D input plane to draw a boundary on (digits: 64 pixels)
    if data.is_classification:
        images = [boundary_image(trainer.predict(run, grid), GRID, GRID) for run in RUNS]
        return BoundaryImages(tuple(data.extent), *images)
    xs = np.linspace(data.extent[0], data.extent[1], CURVE_POINTS)
    return FittedCurves(xs, trainer.predict("a", xs[:, None]), trainer.predict("b", xs[:, None]))


def path_snapshot(trainer, note: str | None) -> PathSnapshot:
    """Both runs' recorded parameter paths (empty when none are recorded) and what rebuilds their loss."""
    if trainer.path_stride:
        steps, paths = trainer.paths()
    else:
        steps, paths = np.zeros(0, np.int64), {run: np.zeros((0, 0)) for run in RUNS}
    data = trainer.dataset
    last = trainer.records[-1] if trainer.records else None
    lr = Pair(*(getattr(last, f"lr_{run}") if last else trainer.spec(run).lr for run in RUNS))
    return PathSnapshot(
        trainer.step_count, steps, Pair(paths["a"], paths["b"]),
        Pair(trainer.diverged_at["a"], trainer.diverged_at["b"]), trainer.model_spec.to_dict(),
        trainer.inputs(data.x[trainer.train_idx]), np.array(data.y[trainer.train_idx]),
        trainer.loss_name, trainer.config.dtype, labels(trainer),
        Pair(trainer.spec("a").to_dict(), trainer.spec("b").to_dict()), lr, trainer.config.seed, note)


def _nan(value: float | None) -> float:
    return np.nan if value is None else float(value)


def boundary_image(probs: np.ndarray, nx: int, ny: int) -> np.ndarray:
    """Class probabilities (ny*nx, C) → a pale RGBA image (ny, nx, 4): each pixel blends the class colours
    by probability, fading to white where the network is unsure."""
    probs = np.nan_to_num(probs, nan=0.0)
    colours = PALETTE[np.arange(probs.shape[1]) % len(PALETTE)]
    rgb = probs @ colours
    confidence = probs.max(axis=1, keepdims=True) if probs.shape[1] else np.zeros((probs.shape[0], 1))
    k = probs.shape[1]
    strength = 0.6 * np.clip((confidence - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0) if k > 1 else 0.0
    rgb = 255.0 - (255.0 - rgb) * strength
    image = np.empty((ny, nx, 4), dtype=np.uint8)
    image[..., :3] = np.clip(rgb, 0, 255).reshape(ny, nx, 3).astype(np.uint8)
    image[..., 3] = 255
    return image
