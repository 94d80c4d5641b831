"""CSV/JSON exports of trajectories and sweeps read back to the engine's own numbers."""

import csv
import json
import os

import numpy as np
import pytest

from core.engine import run
from core.engine.sweep import sweep
from core.export.data import (
    ExportFormatError,
    optimizer_labels,
    write_sweeps,
    write_trajectories,
)
from core.optim.spec import OptimizerSpec
from core.surfaces import get_surface

SPECS = [OptimizerSpec("sgd", lr=1e-3), OptimizerSpec("sgd", lr=0.1),  # the second diverges
         OptimizerSpec("adam", lr=0.05), OptimizerSpec("momentum", lr=1e-3)]
STEPS = 120


@pytest.fixture(scope="module")
def race():
    surface = get_surface("rosenbrock")
    result = run(surface, SPECS, STEPS)
    assert (result.diverged_at >= 0).sum() == 1, "the fixture needs exactly one diverging run"
    return result


def test_labels_are_distinct_and_readable():
    labels = optimizer_labels(SPECS)
    assert len(set(labels)) == len(labels)
    assert labels[2] == "Adam" and "0.1" in labels[1]
    assert len(set(optimizer_labels([OptimizerSpec("adam")] * 3))) == 3


def test_trajectory_csv_round_trips(tmp_path, race):
    path = tmp_path / "race.csv"
    labels = optimizer_labels(SPECS)
    write_trajectories(path, race, labels)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["step", "optimizer", "x", "y", "loss", "diverged_at"]
    for i, label in enumerate(labels):
        mine = [r for r in rows if r["optimizer"] == label]
        expected = race.path(i)
        assert len(mine) == expected.shape[0]
        assert [int(r["step"]) for r in mine] == list(range(expected.shape[0]))
        got = np.array([[float(r["x"]), float(r["y"])] for r in mine])
        np.testing.assert_array_equal(got, expected)  # exact: shortest round-trip floats
        np.testing.assert_array_equal([float(r["loss"]) for r in mine], race.path_loss(i))
        diverged = int(race.diverged_at[i])
        assert {r["diverged_at"] for r in mine} == {"" if diverged < 0 else str(diverged)}
    assert "nan" not in path.read_text().lower() and "inf" not in path.read_text().lower()


def test_diverged_run_stops_before_its_diverging_step(tmp_path, race):
    path = tmp_path / "race.json"
    write_trajectories(path, race, optimizer_labels(SPECS), SPECS)
    data = json.loads(path.read_text())
    diverged = data["optimizers"][1]
    assert diverged["diverged_at"] == int(race.diverged_at[1]) < STEPS
    assert len(diverged["x"]) == diverged["diverged_at"]
    assert data["optimizers"][0]["diverged_at"] is None and len(data["optimizers"][0]["x"]) == STEPS + 1


def test_trajectory_json_round_trips(tmp_path, race):
    path = tmp_path / "race.json"
    write_trajectories(path, race, optimizer_labels(SPECS), SPECS)
    data = json.loads(path.read_text())
    assert data["steps"] == STEPS
    for i, record in enumerate(data["optimizers"]):
        assert OptimizerSpec.from_dict(record["spec"]) == SPECS[i]
        np.testing.assert_array_equal(np.column_stack([record["x"], record["y"]]), race.path(i))
        np.testing.assert_array_equal(record["loss"], race.path_loss(i))


GRID_SPECS = [OptimizerSpec("sgd", lr=0.01), OptimizerSpec("adam", lr=0.05)]


@pytest.fixture(scope="module")
def grids():
    """Two optimizers' sweeps, each with diverged and converged cells (as a scale map holds them)."""
    surface = get_surface("bowl")
    results = [sweep(surface, GRID_SPECS[0], np.geomspace(1e-3, 3.0, 5), np.geomspace(0.1, 10, 3), 50),
               sweep(surface, GRID_SPECS[1], np.geomspace(1e-2, 30.0, 4), np.geomspace(0.1, 10, 3), 50)]
    for result in results[:1]:
        assert (result.diverged_at >= 0).any() and (result.diverged_at < 0).any()
    return results


def test_sweep_csv_round_trips(tmp_path, grids):
    path = tmp_path / "sweeps.csv"
    labels = optimizer_labels(GRID_SPECS)
    write_sweeps(path, grids, labels)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["optimizer", "lr", "loss_scale", "final_loss", "final_x", "final_y", "diverged_at"]
    assert len(rows) == sum(r.lr.size * r.loss_scale.size for r in grids)
    for result, label in zip(grids, labels, strict=True):
        mine = [row for row in rows if row["optimizer"] == label]
        assert len(mine) == result.lr.size * result.loss_scale.size
        for row in mine:
            i = int(np.flatnonzero(result.lr == float(row["lr"]))[0])
            j = int(np.flatnonzero(result.loss_scale == float(row["loss_scale"]))[0])
            if result.diverged_at[i, j] >= 0:
                assert row["final_loss"] == "" and int(row["diverged_at"]) == result.diverged_at[i, j]
            else:
                assert float(row["final_loss"]) == result.final_loss[i, j]
                assert [float(row["final_x"]), float(row["final_y"])] == result.final_point[i, j].tolist()
                assert row["diverged_at"] == ""


def test_sweep_json_round_trips(tmp_path, grids):
    path = tmp_path / "sweeps.json"
    write_sweeps(path, grids, optimizer_labels(GRID_SPECS), GRID_SPECS, steps=50)
    data = json.loads(path.read_text())
    assert data["losslab_sweeps"] == 1 and data["steps"] == 50
    assert [s["label"] for s in data["sweeps"]] == ["SGD", "Adam"]
    for record, result, spec in zip(data["sweeps"], grids, GRID_SPECS, strict=True):
        assert OptimizerSpec.from_dict(record["spec"]) == spec
        np.testing.assert_array_equal(record["lr"], result.lr)
        np.testing.assert_array_equal(record["loss_scale"], result.loss_scale)
        diverged = result.diverged_at >= 0
        for i in range(result.lr.size):
            for j in range(result.loss_scale.size):
                if diverged[i, j]:
                    assert record["final_loss"][i][j] is None and record["final_point"][i][j] is None
                    assert record["diverged_at"][i][j] == result.diverged_at[i, j]
                else:
                    assert record["final_loss"][i][j] == result.final_loss[i, j]
                    assert record["final_point"][i][j] == result.final_point[i, j].tolist()
                    assert record["diverged_at"][i][j] is None


def test_sweep_labels_must_match_the_sweeps(tmp_path, grids):
    with pytest.raises(ValueError, match="1 labels for 2 sweeps"):
        write_sweeps(tmp_path / "sweeps.csv", grids, ["SGD"])
    assert list(tmp_path.iterdir()) == []


def test_unknown_extension_and_unwritable_path_leave_nothing(tmp_path, race):
    labels = optimizer_labels(SPECS)
    with pytest.raises(ExportFormatError, match="xlsx"):
        write_trajectories(tmp_path / "race.xlsx", race, labels)
    with pytest.raises(OSError):
        write_trajectories(tmp_path / "missing" / "race.csv", race, labels)
    assert os.listdir(tmp_path) == []
