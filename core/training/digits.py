"""The 8×8 handwritten digits (1,797 images, 10 classes), read from ``resources/data/digits/`` (numpy only).

The file is scikit-learn's ``digits.csv.gz`` (BSD-3-Clause; see that folder's README and LICENSE): one row
per image, 64 pixel counts 0..16 then the digit. :func:`load_digits` returns the pixels scaled to [0, 1]
(÷16) as float64 of shape (1797, 64) and the labels as int64 of shape (1797,), cached and read-only.
:func:`train_test_split` / :func:`digits_split` make a seeded split, stratified by class by default
(every class keeps its share of the test set to within one image), so a given seed gives the same split on
every machine.

Nothing here imports Qt or torch. The resources folder is found beside the source tree, or inside a
PyInstaller bundle (``sys._MEIPASS/resources``), the same places ``app.resources`` looks.
"""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

N_IMAGES = 1797
N_PIXELS = 64
N_CLASSES = 10
PIXEL_MAX = 16.0
DEFAULT_TEST_FRACTION = 0.2


def resources_root() -> Path:
    """``resources/``: in a PyInstaller bundle under ``sys._MEIPASS``, else beside the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def digits_path() -> Path:
    return resources_root() / "data" / "digits" / "digits.csv.gz"


@lru_cache(maxsize=1)
def _load(path: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        with gzip.open(path, "rt", encoding="ascii") as handle:
            table = np.loadtxt(handle, delimiter=",", dtype=np.float64, ndmin=2)
    except (OSError, ValueError, EOFError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the digits data at {path}: {exc}") from None
    if table.shape != (N_IMAGES, N_PIXELS + 1):
        raise ValueError(f"the digits data at {path} has shape {table.shape}, expected ({N_IMAGES}, {N_PIXELS + 1})")
    pixels, labels = table[:, :N_PIXELS], table[:, N_PIXELS]
    if pixels.min() < 0 or pixels.max() > PIXEL_MAX or not np.array_equal(labels, np.round(labels)) \
            or labels.min() < 0 or labels.max() >= N_CLASSES:
        raise ValueError(f"the digits data at {path} holds values outside pixels 0..16 / labels 0..9")
    x = pixels / PIXEL_MAX
    y = labels.astype(np.int64)
    x.flags.writeable = False
    y.flags.writeable = False
    return x, y


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """(x, y): pixels in [0, 1], float64 (1797, 64), row-major 8×8 images; labels int64 (1797,).

    The arrays are cached and read-only (copy them to change them). A missing or damaged file raises
    ValueError with a one-line reason."""
    return _load(str(digits_path()))


def train_test_split(labels: np.ndarray, test_fraction: float = DEFAULT_TEST_FRACTION, seed: int = 0,
                     stratify: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(train_indices, test_indices) for ``len(labels)`` samples, each in a seeded random order.

    The test set holds ``round(n × test_fraction)`` samples (at least one, and at least one left to train).
    Stratified: each class gives its proportional share, rounded by largest remainder (ties by class
    number), so every class's test count is within one of ``count × test_fraction``. Plain: a seeded
    permutation cut in two."""
    labels = np.asarray(labels)
    n = int(labels.shape[0])
    fraction = _fraction(test_fraction)
    if n < 2:
        raise ValueError(f"need at least 2 samples to split, got {n}")
    n_test = min(max(int(round(n * fraction)), 1), n - 1)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, 0x5B117]))
    if not stratify:
        order = rng.permutation(n)
        return order[n_test:], order[:n_test]
    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    ideal = counts * (n_test / n)
    take = np.floor(ideal).astype(np.int64)
    remainder = ideal - take
    extra = np.lexsort((np.arange(len(classes)), -remainder))[: n_test - int(take.sum())]
    take[extra] += 1
    train, test = [], []
    for k in range(len(classes)):
        members = rng.permutation(np.flatnonzero(inverse == k))
        test.append(members[: take[k]])
        train.append(members[take[k]:])
    train_idx = np.concatenate(train)
    test_idx = np.concatenate(test)
    return rng.permutation(train_idx), rng.permutation(test_idx)


@dataclass(frozen=True)
class DigitsSplit:
    """A seeded train/test split of the digits; ``*_idx`` index into :func:`load_digits`'s arrays."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    train_idx: np.ndarray
    test_idx: np.ndarray
    seed: int
    test_fraction: float
    stratified: bool


def digits_split(test_fraction: float = DEFAULT_TEST_FRACTION, seed: int = 0, stratify: bool = True) -> DigitsSplit:
    """The digits cut into a training and a test set (see :func:`train_test_split`)."""
    x, y = load_digits()
    train_idx, test_idx = train_test_split(y, test_fraction, seed, stratify)
    return DigitsSplit(x[train_idx], y[train_idx], x[test_idx], y[test_idx], train_idx, test_idx,
                       int(seed), float(test_fraction), bool(stratify))


def _fraction(value) -> float:
    if isinstance(value, bool):
        raise ValueError(f"test_fraction must be a number in (0, 1), got {value!r}")
    try:
        fraction = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"test_fraction must be a number in (0, 1), got {value!r}") from None
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {value!r}")
    return fraction
