"""What the training worker sends the panel: small frozen dataclasses (no Qt, no torch), built from fresh
arrays the worker never touches again (a queued signal hands the receiver the same Python object)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")


@dataclass(frozen=True)
class Pair(Generic[T]):
    """One value per run: ``pair.a``, ``pair.b`` or ``pair["a"]``."""

    a: T
    b: T

    def __getitem__(self, run: str) -> T:
        if run == "a":
            return self.a
        if run == "b":
            return self.b
        raise KeyError(run)


@dataclass(frozen=True)
class WorkerInfo:
    """torch is loaded in the worker thread."""

    torch: str  # torch.__version__
    cuda: bool
    cuda_reason: str  # one line: why CUDA is or is not usable
    warmup_s: float  # seconds the import and warm-up took


@dataclass(frozen=True)
class Experiment:
    """A (re)built pair of runs: the data set, the layers, where it runs."""

    task: str
    kind: str  # "classification" | "regression"
    x: np.ndarray  # (n, in_dim) float64
    y: np.ndarray  # class labels (n,) or targets (n, 1)
    n_classes: int
    extent: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax
    layers: tuple[str, ...]
    device: str  # where it actually runs
    note: str | None  # why a CUDA request fell back to the CPU
    steps: int
    labels: Pair[str]
    n_train: int = 0  # the training set's size (the rest of ``x`` is the test set)
    n_test: int = 0
    model: dict | None = None  # core.training.models.ModelSpec.to_dict(): the architecture
    dtype: str = "float32"
    seed: int = 0

    @property
    def is_classification(self) -> bool:
        return self.kind == "classification"

    @property
    def in_dim(self) -> int:
        return int(self.x.shape[1]) if self.x.ndim == 2 else 1


@dataclass(frozen=True)
class BoundaryImages:
    """Decision-boundary RGBA images (ny, nx, 4) uint8 of runs A and B over ``extent``."""

    extent: tuple[float, float, float, float]
    a: np.ndarray
    b: np.ndarray


@dataclass(frozen=True)
class FittedCurves:
    """Regression: each run's prediction at the inputs ``x``."""

    x: np.ndarray
    a: np.ndarray
    b: np.ndarray


@dataclass(frozen=True)
class Progress:
    """The steps trained since the previous message (arrays of equal length; a stopped run's loss is NaN)."""

    step: int  # steps done so far
    total_steps: int
    steps: np.ndarray  # int64, the step numbers in this message
    loss: Pair[np.ndarray]  # unscaled mini-batch loss before each step's update
    lr: Pair[np.ndarray]  # the scheduled lr of each step
    distance: np.ndarray  # ‖θA − θB‖ after each step
    grad: Pair[np.ndarray]  # (k, layers) per-layer ‖∇L‖; NaN rows for a stopped run
    score_name: str  # "accuracy" | "r2"
    score_steps: np.ndarray  # evaluation steps in this message
    score: Pair[np.ndarray]  # training set
    test_loss: Pair[np.ndarray]  # test set, at score_steps
    test_score: Pair[np.ndarray]
    diverged: Pair[int | None]  # the step a run stopped at (NaN/inf), if it did
    labels: Pair[str]
    finished: bool
    elapsed: float  # seconds inside TwinTrainer.step
    run_time: float  # seconds spent training, worker overheads included
    view: BoundaryImages | FittedCurves | None  # sent a few times a second, and with every forced message


@dataclass(frozen=True)
class PathSnapshot:
    """Both runs' recorded parameters for the landscape: ``paths[run]`` (T, P) float64 at ``steps`` (T,),
    the last row the parameters at ``step``; with what is needed to rebuild the loss off the worker:
    the architecture (``model``: ModelSpec.to_dict()), the training set, the loss's name, the dtype."""

    step: int
    steps: np.ndarray
    paths: Pair[np.ndarray]
    diverged: Pair[int | None]
    model: dict
    x_train: np.ndarray
    y_train: np.ndarray
    loss: str  # core.training.landscape.NetLoss's name of the trained loss: "cross_entropy" | "half_sq" | "mse"
    dtype: str
    labels: Pair[str]
    specs: Pair[dict]  # each run's OptimSpec.to_dict()
    lr: Pair[float]  # the lr each run used at its latest step (after its schedule)
    seed: int
    note: str | None = None  # why no path is recorded (network too large), else None
