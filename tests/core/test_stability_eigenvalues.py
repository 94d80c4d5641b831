"""The closed-form 2×2 eigenvalues the stability gauge uses for every head of every run: equal to LAPACK's,
also where the squares of the entries overflow a float (the fast path falls back to hypot there)."""

import numpy as np

from core.optim.stability import eigenvalues


def test_closed_form_eigenvalues_match_lapack_on_random_symmetric_matrices():
    rng = np.random.default_rng(5)
    hxx, hxy, hyy = rng.normal(size=(3, 500)) * rng.choice([1e-3, 1.0, 1e3], size=(3, 500))
    low, high = eigenvalues(hxx, hxy, hyy)
    reference = np.linalg.eigvalsh(np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2))
    np.testing.assert_allclose(low, reference[:, 0], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(high, reference[:, 1], rtol=1e-9, atol=1e-9)


def test_entries_whose_squares_overflow_still_give_finite_eigenvalues():
    low, high = eigenvalues(np.array([1e200, 1.0]), np.array([1e200, 0.0]), np.array([0.0, 2.0]))
    golden = (1 + np.sqrt(5)) / 2  # [[1, 1], [1, 0]] has eigenvalues φ and 1 − φ
    np.testing.assert_allclose(high, [golden * 1e200, 2.0], rtol=1e-12)
    np.testing.assert_allclose(low, [(1 - golden) * 1e200, 1.0], rtol=1e-12)
    assert np.isnan(eigenvalues(np.nan, 0.0, 1.0)[1])  # undefined stays undefined, not a number
