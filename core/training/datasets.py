"""Seeded toy data sets for the live training panel, generated with numpy (nothing is downloaded).

Every data set is a pure function of ``(name, n_samples, noise, seed)``: the same arguments give the same
arrays bit for bit on every machine. Classification inputs are 2-D points roughly inside [-1.5, 1.5]²
with integer labels; the 1-D regression inputs lie in [-1, 1] with a smooth, wiggly target.

    spirals        two interleaved spiral arms (2 classes) — needs a curved boundary and some depth
    moons          two interleaving half circles (2 classes)
    circles        a disc inside a ring (2 classes) — not linearly separable
    xor            the four quadrants, opposite quadrants share a class (2 classes)
    blobs          three Gaussian blobs (3 classes) — nearly linearly separable
    regression-1d  y = sin(3x) + 0.3·cos(9x) + noise, fitted with a mean squared error
    digits         the 8×8 handwritten digits (1,797 images, 64 pixels in [0, 1], 10 classes), read from
                   ``resources/data/digits`` (core.training.digits); ``n_samples`` below 1,797 keeps a
                   seeded random subset, above it all 1,797 images; ``noise`` is not used

Every task is cut into a training and a test set by :func:`split_indices` (seeded, stratified by class
for classification): the trainer trains on the first and reports both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.i18n import translate

CLASSIFICATION_TASKS = ("spirals", "moons", "circles", "xor", "blobs", "digits")
REGRESSION_TASKS = ("regression-1d",)
TASKS = CLASSIFICATION_TASKS + REGRESSION_TASKS
MIN_SAMPLES, MAX_SAMPLES = 8, 1_000_000

DEFAULT_NOISE = {
    "spirals": 0.08,
    "moons": 0.12,
    "circles": 0.08,
    "xor": 0.0,
    "blobs": 0.25,
    "regression-1d": 0.1,
    "digits": 0.0,
}
TEST_FRACTION = 0.2  # the share of every data set held out as the test set


@dataclass(frozen=True)
class Dataset:
    """A generated data set.

    ``x`` is float64 of shape (n, in_dim); ``y`` holds int64 class labels of shape (n,) for
    classification and float64 targets of shape (n, 1) for regression. ``extent`` is the plotting
    window (xmin, xmax, ymin, ymax) — for regression it spans the inputs and the targets.
    """

    name: str
    kind: str  # "classification" | "regression"
    x: np.ndarray
    y: np.ndarray
    n_classes: int  # 0 for regression
    extent: tuple[float, float, float, float]

    @property
    def in_dim(self) -> int:
        return int(self.x.shape[1])

    @property
    def out_dim(self) -> int:
        return self.n_classes if self.kind == "classification" else 1

    @property
    def is_classification(self) -> bool:
        return self.kind == "classification"


def check_task(name: str) -> str:
    """Return the canonical task name or raise ValueError naming the valid ones."""
    key = str(name).strip().lower().replace("_", "-")
    if key in ("regression", "regression1d"):
        key = "regression-1d"
    if key not in TASKS:
        raise ValueError(translate("core.training", "unknown task {name}; choose one of: {tasks}").format(
            name=f"{name!r}", tasks=', '.join(TASKS)))
    return key


def make_dataset(name: str, n_samples: int = 512, noise: float | None = None, seed: int = 0) -> Dataset:
    """Generate the toy data set ``name`` with ``n_samples`` points, seeded by ``seed``."""
    task = check_task(name)
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)):
        raise ValueError(translate("core.training", "n_samples must be an integer, got {n_samples}").format(
            n_samples=f"{n_samples!r}"))
    if not MIN_SAMPLES <= n_samples <= MAX_SAMPLES:
        raise ValueError(translate("core.training", "n_samples must be between {min_samples} and {max_samples}, "
                                                    "got {n_samples}").format(
            min_samples=MIN_SAMPLES, max_samples=MAX_SAMPLES, n_samples=n_samples))
    noise = DEFAULT_NOISE[task] if noise is None else float(noise)
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(translate("core.training", "noise must be a finite number >= 0, got {noise}").format(
            noise=noise))
    rng = np.random.default_rng(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, 0xDA7A]))
    n = int(n_samples)
    if task == "digits":
        return _digits(rng, n)
    if task == "regression-1d":
        x = np.sort(rng.uniform(-1.0, 1.0, size=n))
        y = np.sin(3.0 * x) + 0.3 * np.cos(9.0 * x) + noise * rng.standard_normal(n)
        pad = 0.1 * (y.max() - y.min() + 1e-9)
        extent = (-1.1, 1.1, float(y.min() - pad), float(y.max() + pad))
        return Dataset(task, "regression", x[:, None], y[:, None], 0, extent)
    x, labels, n_classes = _GENERATORS[task](rng, n, noise)
    order = rng.permutation(n)  # mix the classes so any prefix holds all of them
    x, labels = x[order], labels[order]
    lo = np.minimum(x.min(axis=0), -1.0)
    hi = np.maximum(x.max(axis=0), 1.0)
    pad = 0.1 * (hi - lo)
    extent = (float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1]))
    return Dataset(task, "classification", x.astype(np.float64), labels.astype(np.int64), n_classes, extent)


def _digits(rng: np.random.Generator, n: int) -> Dataset:
    from core.training.digits import N_CLASSES, load_digits

    x, y = load_digits()
    if n < len(y):
        keep = np.sort(rng.permutation(len(y))[:n])
        x, y = x[keep], y[keep]
    return Dataset("digits", "classification", np.array(x, dtype=np.float64), np.array(y, dtype=np.int64),
                   N_CLASSES, (0.0, 1.0, 0.0, 1.0))


def split_indices(data: Dataset, seed: int = 0, test_fraction: float = TEST_FRACTION) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) row indices of ``data``, each sorted: a seeded split, stratified by class for
    classification (``core.training.digits.train_test_split``); at least one sample on each side."""
    from core.training.digits import train_test_split

    labels = data.y if data.is_classification else np.zeros(len(data.y), dtype=np.int64)
    train, test = train_test_split(labels, test_fraction, seed, stratify=data.is_classification)
    return np.sort(train), np.sort(test)


def _split(n: int, k: int) -> np.ndarray:
    """Class labels 0..k-1 with sizes as equal as n allows."""
    return np.repeat(np.arange(k), [n // k + (i < n % k) for i in range(k)])


def _spirals(rng: np.random.Generator, n: int, noise: float):
    labels = _split(n, 2)
    t = np.sqrt(rng.uniform(0.0, 1.0, size=n))  # denser towards the outside: even coverage of the arms
    angle = 3.0 * np.pi * t + np.pi * labels
    radius = 1.3 * t
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x + noise * rng.standard_normal((n, 2)), labels, 2


def _moons(rng: np.random.Generator, n: int, noise: float):
    labels = _split(n, 2)
    angle = rng.uniform(0.0, np.pi, size=n)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    x = np.where(labels[:, None] == 0, upper, lower) - np.array([0.5, 0.25])
    return x + noise * rng.standard_normal((n, 2)), labels, 2


def _circles(rng: np.random.Generator, n: int, noise: float):
    labels = _split(n, 2)
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
    radius = np.where(labels == 0, 0.5, 1.1)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x + noise * rng.standard_normal((n, 2)), labels, 2


def _xor(rng: np.random.Generator, n: int, noise: float):
    x = rng.uniform(-1.0, 1.0, size=(n, 2))
    x = x + noise * rng.standard_normal((n, 2))
    labels = ((x[:, 0] > 0) != (x[:, 1] > 0)).astype(np.int64)
    return x, labels, 2


def _blobs(rng: np.random.Generator, n: int, noise: float):
    labels = _split(n, 3)
    angle = 2.0 * np.pi * labels / 3.0 + np.pi / 2.0
    centres = 0.8 * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return centres + noise * rng.standard_normal((n, 2)), labels, 3


_GENERATORS = {
    "spirals": _spirals,
    "moons": _moons,
    "circles": _circles,
    "xor": _xor,
    "blobs": _blobs,
}


def grid_points(extent: tuple[float, float, float, float], nx: int, ny: int) -> np.ndarray:
    """Points of an nx × ny grid over ``extent``, shape (ny*nx, 2), row-major: row j is y[j]."""
    xmin, xmax, ymin, ymax = extent
    gx = np.linspace(xmin, xmax, nx)
    gy = np.linspace(ymin, ymax, ny)
    xx, yy = np.meshgrid(gx, gy)
    return np.stack([xx.ravel(), yy.ravel()], axis=1)
