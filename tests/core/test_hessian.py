"""core.surfaces.hessian against torch.autograd.functional.hessian (autograd through the surface's formula
rebuilt in torch ops, independent of both the hand-derived and SymPy's second derivatives)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.surfaces.hessian import hessian
from core.surfaces.surface import builtin_names, get_surface, surface_from_formula
from core.surfaces.weighted import weighted_surface
from tests.torch_oracle import torch_function

POINTS = np.array([[-1.2, 1.0], [0.3, -0.7], [2.5, 0.4], [-3.1, -2.2], [0.0, 0.0], [1.7, 2.9]])


def torch_hessian(formula: str, point) -> np.ndarray:
    f = torch_function(formula)
    return torch.autograd.functional.hessian(f, torch.tensor(point, dtype=torch.float64)).numpy()


def check(surface, points=POINTS):
    hxx, hxy, hyy = hessian(surface, points[:, 0], points[:, 1])
    ours = np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)
    theirs = np.array([torch_hessian(surface.formula, p) for p in points])
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-10 * np.abs(theirs).max())
    assert not np.allclose(theirs, theirs[:1]) or surface.name in ("booth", "saddle", "bowl", "canyon")


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_hessians_match_autograd(name):
    check(get_surface(name))


@pytest.mark.parametrize("surface", [get_surface("canyon", condition=100.0, angle=-35.0),
                                     get_surface("rastrigin", amplitude=3.0)], ids=lambda s: s.name)
def test_builtin_hessians_follow_their_constants(surface):
    check(surface)


@pytest.mark.parametrize("formula", ["sin(x)*y^2 + 0.1*x^4", "exp(-(x^2 + y^2)/4) * cos(x*y)",
                                     "log(1 + x^2 + 3*y^2) + tanh(x - y)", "sqrt(1 + x^2*y^2) / (2 + cos(y))",
                                     "abs(x)^3 + x*y"])
def test_formula_hessians_match_autograd(formula):
    check(surface_from_formula(formula))


def test_weighted_surface_hessian_is_the_weighted_sum():
    surface = weighted_surface(get_surface("rosenbrock"), "sin(x)*y^2", 0.3, 2.0)
    check(surface)
    first = hessian(get_surface("rosenbrock"), POINTS[:, 0], POINTS[:, 1])
    second = hessian(surface_from_formula("sin(x)*y^2"), POINTS[:, 0], POINTS[:, 1])
    for ours, a, b in zip(hessian(surface, POINTS[:, 0], POINTS[:, 1]), first, second, strict=True):
        np.testing.assert_allclose(ours, 0.3 * a + 2.0 * b, rtol=1e-12, atol=1e-9)


def test_shapes_broadcast_over_grids():
    xs, ys = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-2, 2, 3))
    for surface in (get_surface("booth"), surface_from_formula("x^2 + 3*y^2")):
        hxx, hxy, hyy = hessian(surface, xs, ys)
        assert hxx.shape == hxy.shape == hyy.shape == (3, 5)
    np.testing.assert_array_equal(hyy, 6.0)
