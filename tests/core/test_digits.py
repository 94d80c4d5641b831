"""The bundled 8×8 digits: the file's contents as published, and the seeded train/test split."""

import gzip

import numpy as np
import pytest

from core.training import digits

PUBLISHED_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]  # sklearn's digits.rst / UCI test set


def test_digits_load_with_the_published_shape_and_class_counts():
    x, y = digits.load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert np.array_equal(np.unique(y), np.arange(10))
    assert np.bincount(y).tolist() == PUBLISHED_COUNTS
    assert x.min() == 0.0 and x.max() == 1.0
    assert not x.flags.writeable and not y.flags.writeable


def test_pixels_are_the_file_s_counts_divided_by_16():
    with gzip.open(digits.digits_path(), "rt") as handle:
        first = [float(v) for v in handle.readline().split(",")]
    x, y = digits.load_digits()
    assert np.array_equal(x[0] * 16.0, first[:64])
    assert y[0] == int(first[64])


def test_licence_and_attribution_sit_beside_the_data():
    folder = digits.digits_path().parent
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "BSD 3-Clause" in licence and "scikit-learn developers" in licence
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "scikit-learn" in readme and "UCI" in readme


def test_stratified_split_sizes_and_class_shares():
    split = digits.digits_split(test_fraction=0.2, seed=3)
    assert len(split.test_idx) == round(1797 * 0.2) and len(split.train_idx) == 1797 - len(split.test_idx)
    assert len(np.intersect1d(split.train_idx, split.test_idx)) == 0
    assert np.array_equal(np.sort(np.concatenate([split.train_idx, split.test_idx])), np.arange(1797))
    test_counts = np.bincount(split.y_test, minlength=10)
    assert np.all(np.abs(test_counts - np.array(PUBLISHED_COUNTS) * 0.2) < 1.0)
    x, y = digits.load_digits()
    assert np.array_equal(split.x_train, x[split.train_idx]) and np.array_equal(split.y_test, y[split.test_idx])


def test_split_is_seeded():
    a = digits.digits_split(seed=1)
    b = digits.digits_split(seed=1)
    c = digits.digits_split(seed=2)
    assert np.array_equal(a.test_idx, b.test_idx) and np.array_equal(a.train_idx, b.train_idx)
    assert not np.array_equal(np.sort(a.test_idx), np.sort(c.test_idx))


def test_plain_split_sizes():
    labels = np.arange(10) % 3
    train, test = digits.train_test_split(labels, test_fraction=0.3, seed=0, stratify=False)
    assert len(test) == 3 and len(train) == 7
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(10))


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 1.5, "half", True, float("nan")])
def test_bad_test_fraction_is_refused(fraction):
    with pytest.raises(ValueError, match="test_fraction"):
        digits.train_test_split(np.zeros(10), test_fraction=fraction)


def test_a_damaged_file_is_one_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "digits.csv.gz"
    bad.write_bytes(b"not gzip")
    monkeypatch.setattr(digits, "digits_path", lambda: bad)
    with pytest.raises(ValueError, match="cannot read the digits data"):
        digits.load_digits()
