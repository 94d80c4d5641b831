"""The headless contract: `losslab trajectory` and `losslab sweep` JSON, and one-line errors."""

import csv
import json
import subprocess
import sys

import numpy as np
import pytest
from torch_oracle import torch_trajectory

from app.cli.main import main
from core.engine import run
from core.engine.sweep import sweep
from core.optim.spec import OptimizerSpec
from core.surfaces import get_surface, surface_from_formula


def losslab(*args):
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True, text=True,
                          timeout=120)


def test_trajectory_json_matches_torch_with_every_option():
    proc = losslab("trajectory", "--surface", "himmelblau", "--optimizer", "adam", "--lr", "0.02",
                   "--steps", "120", "--start", "-0.5,-0.5", "--loss-scale", "3", "--beta1", "0.8",
                   "--beta2", "0.99", "--eps", "1e-6", "--weight-decay", "0.01", "--clip", "5", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    spec = OptimizerSpec("adam", lr=0.02, loss_scale=3.0, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.01,
                         clip=5.0)
    expected = torch_trajectory(get_surface("himmelblau").formula, spec, (-0.5, -0.5), 120)
    assert out["diverged_at"] is None and len(out["points"]) == 121
    np.testing.assert_allclose(out["points"], expected, rtol=1e-10, atol=1e-12)
    surface = get_surface("himmelblau")
    np.testing.assert_allclose(out["loss"], surface.value(expected[:, 0], expected[:, 1]), rtol=1e-9)


def test_trajectory_with_a_formula_noise_and_divergence():
    ok = losslab("trajectory", "--formula", "x^2 + 3*y^2", "--optimizer", "momentum", "--lr", "0.05",
                 "--momentum", "0.5", "--dampening", "0.1", "--noise", "0.3", "--seed", "4", "--steps", "50",
                 "--start", "1,1", "--json")
    assert ok.returncode == 0, ok.stderr
    spec = OptimizerSpec("momentum", lr=0.05, momentum=0.5, dampening=0.1, noise=0.3, seed=4)
    engine = run(surface_from_formula("x^2 + 3*y^2"), [spec], 50, start=(1.0, 1.0))
    assert json.loads(ok.stdout)["points"] == engine.points[0].tolist()

    diverged = json.loads(losslab("trajectory", "--surface", "saddle", "--optimizer", "sgd", "--lr", "0.5",
                                  "--steps", "200", "--json").stdout)
    assert diverged["diverged_at"] is not None
    assert len(diverged["points"]) == diverged["diverged_at"] == len(diverged["loss"])
    assert "NaN" not in json.dumps(diverged) and "Infinity" not in json.dumps(diverged)


def test_sweep_json_is_the_engines_grid_with_nulls_for_diverged_cells():
    proc = losslab("sweep", "--surface", "rosenbrock", "--optimizer", "sgd", "--lr", "1e-5:1e-2:4",
                   "--loss-scale", "0.1:10:3", "--steps", "100", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    lrs, scales = np.geomspace(1e-5, 1e-2, 4), np.geomspace(0.1, 10, 3)
    np.testing.assert_allclose(out["lr"], lrs)
    np.testing.assert_allclose(out["loss_scale"], scales)
    expected = sweep(get_surface("rosenbrock"), OptimizerSpec("sgd"), lrs, scales, 100)
    for i in range(4):
        for j in range(3):
            if expected.diverged_at[i, j] >= 0:
                assert out["final_loss"][i][j] is None and out["diverged_at"][i][j] == expected.diverged_at[i, j]
            else:
                assert out["final_loss"][i][j] == expected.final_loss[i, j] and out["diverged_at"][i][j] is None
    assert any(d is not None for row in out["diverged_at"] for d in row)  # the grid reaches divergence
    assert any(d is None for row in out["diverged_at"] for d in row)
    kept = expected.diverged_at < 0
    assert [p for row, k in zip(out["final_point"], kept.tolist(), strict=True)
            for p, ok in zip(row, k, strict=True) if ok] == expected.final_point[kept].tolist()


def test_sweep_writes_the_exported_csv_and_refuses_a_bad_target(tmp_path):
    args = ("sweep", "--surface", "rosenbrock", "--optimizer", "adam", "--lr", "1e-3:1:3", "--loss-scale",
            "0.1:10:2", "--steps", "80")
    proc = losslab(*args, "-o", str(tmp_path / "adam.csv"))
    assert proc.returncode == 0, proc.stderr
    with (tmp_path / "adam.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = sweep(get_surface("rosenbrock"), OptimizerSpec("adam"), np.geomspace(1e-3, 1, 3),
                     np.geomspace(0.1, 10, 2), 80)
    assert {row["optimizer"] for row in rows} == {"Adam"} and len(rows) == 6
    for row in rows:
        i = int(np.argmin(abs(expected.lr - float(row["lr"]))))
        j = int(np.argmin(abs(expected.loss_scale - float(row["loss_scale"]))))
        assert float(row["final_loss"]) == expected.final_loss[i, j]

    for target, fragment in ((tmp_path / "adam.xlsx", ".xlsx"), (tmp_path / "no" / "adam.json", "does not exist")):
        proc = losslab(*args, "-o", str(target))
        assert proc.returncode == 2 and fragment in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adam.csv"]


@pytest.mark.parametrize("args, fragment", [
    (["trajectory", "--surface", "nope", "--optimizer", "sgd", "--lr", "1", "--steps", "3"], "unknown surface"),
    (["trajectory", "--formula", "os.system('x')", "--optimizer", "sgd", "--lr", "1", "--steps", "3"],
     "attribute access"),
    (["trajectory", "--surface", "bowl", "--optimizer", "lbfgs", "--lr", "1", "--steps", "3"], "invalid choice"),
    (["trajectory", "--surface", "bowl", "--optimizer", "sgd", "--lr", "abc", "--steps", "3"], "not a number"),
    (["trajectory", "--surface", "bowl", "--optimizer", "sgd", "--lr", "nan", "--steps", "3"], "finite"),
    (["trajectory", "--surface", "bowl", "--optimizer", "sgd", "--lr", "1", "--steps", "-2"], "steps"),
    (["trajectory", "--surface", "bowl", "--optimizer", "adam", "--lr", "1", "--steps", "3", "--momentum", "0.9"],
     "no hyper-parameter"),
    (["trajectory", "--surface", "bowl", "--optimizer", "sgd", "--lr", "1", "--steps", "3", "--start", "1"], "X,Y"),
    (["trajectory", "--surface", "bowl", "--formula", "x", "--optimizer", "sgd", "--lr", "1", "--steps", "3"],
     "not allowed with"),
    (["sweep", "--surface", "bowl", "--optimizer", "sgd", "--lr", "1:2", "--loss-scale", "1:2:2", "--steps", "3"],
     "LO:HI:N"),
    (["sweep", "--surface", "bowl", "--optimizer", "sgd", "--lr", "1:2:9999", "--loss-scale", "1:2:2",
      "--steps", "3"], "from 1 to"),
])
def test_bad_options_exit_non_zero_with_one_line_on_stderr(capsys, args, fragment):
    """In process (the exit status of a real process is checked by the sweep test above): the same main()."""
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], err
