"""Built-in surfaces: hand-written gradients, formula strings and catalogue data."""

import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch_oracle import torch_function

from core.surfaces import builtin_names, get_surface, surface_from_formula


def sample_points(surface, n=200, seed=0):
    xmin, xmax, ymin, ymax = surface.window
    rng = np.random.default_rng(seed)
    return rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_gradient_matches_autograd_of_its_formula(name):
    surface = get_surface(name)
    x, y = sample_points(surface)
    f, gx, gy = surface.value_and_gradient(x, y)
    fn = torch_function(surface.formula)
    for i in range(0, x.size, 10):
        theta = torch.tensor([x[i], y[i]], dtype=torch.float64, requires_grad=True)
        value = fn(theta)
        value.backward()
        np.testing.assert_allclose([f[i], gx[i], gy[i]], [value.item(), *theta.grad.tolist()],
                                   rtol=1e-11, atol=1e-9)


@pytest.mark.parametrize("name", builtin_names())
def test_formula_string_gives_the_same_surface(name):
    surface = get_surface(name)
    typed = surface_from_formula(surface.formula)
    x, y = sample_points(surface, seed=1)
    np.testing.assert_allclose(np.stack(typed.value_and_gradient(x, y)),
                               np.stack(surface.value_and_gradient(x, y)), rtol=1e-11, atol=1e-9)


@pytest.mark.parametrize("name", builtin_names())
def test_minima_are_stationary_and_inside_the_window(name):
    surface = get_surface(name)
    xmin, xmax, ymin, ymax = surface.window
    assert xmin <= surface.start[0] <= xmax and ymin <= surface.start[1] <= ymax
    for mx, my in surface.minima:
        assert xmin <= mx <= xmax and ymin <= my <= ymax
        f, gx, gy = surface.value_and_gradient(mx, my)
        assert abs(gx) < 1e-6 and abs(gy) < 1e-6
        assert f <= surface.value(*surface.start)


def test_quadratic_condition_number_and_angle():
    bowl = get_surface("bowl", condition=100.0, angle=30.0)
    # The Hessian from finite differences of the exact gradient: eigenvalues 1 and κ, first axis at 30°.
    h = 1e-6
    hessian = np.array([
        (np.array(bowl.value_and_gradient(h, 0.0)[1:]) - np.array(bowl.value_and_gradient(-h, 0.0)[1:])) / (2 * h),
        (np.array(bowl.value_and_gradient(0.0, h)[1:]) - np.array(bowl.value_and_gradient(0.0, -h)[1:])) / (2 * h),
    ])
    eigenvalues, vectors = np.linalg.eigh(hessian)
    np.testing.assert_allclose(eigenvalues, [1.0, 100.0], rtol=1e-6)
    angle = np.degrees(np.arctan2(vectors[1, 0], vectors[0, 0])) % 180
    assert abs(angle - 30.0) < 1e-4
    with pytest.raises(ValueError, match="condition"):
        get_surface("canyon", condition=-1)
    with pytest.raises(ValueError, match="no parameter"):
        get_surface("rosenbrock", condition=3)


def test_unknown_surface_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="rosenbrock"):
        get_surface("nope")


def test_surfaces_cli_json_round_trips_through_the_parser():
    out = subprocess.run([sys.executable, "-m", "app.cli.main", "surfaces", "--json"], capture_output=True,
                         text=True, check=True).stdout
    listed = json.loads(out)
    assert [s["name"] for s in listed] == builtin_names()
    for item in listed:
        surface = get_surface(item["name"])
        assert item["start"] == list(surface.start) and len(item["window"]) == 4
        typed = surface_from_formula(item["formula"])
        x, y = sample_points(surface, 20)
        np.testing.assert_allclose(typed.value(x, y), surface.value(x, y), rtol=1e-11, atol=1e-9)
