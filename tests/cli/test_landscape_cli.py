"""`losslab landscape` and `losslab sharpness`: the JSON contract, the numbers behind it, one-line refusals.

The subcommands are registered on a parser built here (the same ``add_parser`` contract as app.cli.main).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import numpy as np
import pytest
import torch

from app.cli import landscape_cmd, sharpness_cmd

SMALL = ["--steps", "8", "--width", "8", "--seed", "1"]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def parse(*argv: str):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    landscape_cmd.add_parser(sub)
    sharpness_cmd.add_parser(sub)
    return parser.parse_args(list(argv))


def run_json(capsys, *argv: str) -> dict:
    args = parse(*argv, "--json")
    assert args.func(args) == 0
    return json.loads(capsys.readouterr().out)


def test_landscape_json_contract_and_numbers(capsys, tmp_path):
    out = tmp_path / "slice.json"
    data = run_json(capsys, "landscape", "--task", "digits", *SMALL, "--grid", "5", "--dtype", "float64",
                    "-o", str(out))
    assert data["task"] == "digits" and data["n_params"] == 64 * 8 + 8 + 8 * 10 + 10
    assert data["n_train"] + data["n_test"] == 1797 and data["grid"] == 5
    assert json.loads(out.read_text()) == data
    plane = data["plane"]
    assert plane["kind"] == "pca" and plane["center"] == "mean"
    assert 0 < plane["explained"][1] <= plane["explained"][0] and sum(plane["explained"]) <= 1 + 1e-12
    sl = data["slice"]
    assert len(sl["alphas"]) == len(sl["betas"]) == 5 and np.array(sl["loss"]).shape == (5, 5)
    assert sl["extent"] == data["extent"]
    a, b = data["runs"]["a"], data["runs"]["b"]
    assert a["steps"] == list(range(9)) and a["spec"]["optimizer"] == "adam" and b["spec"]["optimizer"] == "sgd"
    # both runs start from the same weights: the same true loss, and the same point on the plane
    assert a["readout"]["true_loss"][0] == b["readout"]["true_loss"][0]
    assert a["readout"]["coords"][0] == pytest.approx(b["readout"]["coords"][0], abs=1e-12)
    for run in (a, b):
        r = run["readout"]
        assert len(r["coords"]) == len(r["true_loss"]) == len(r["plane_loss"]) == len(r["off_plane"]) == 9
        assert 0 <= r["off_plane_total"] <= 1 and all(0 <= v <= 1 for v in r["off_plane"])
        assert run["train"]["loss"] == pytest.approx(r["true_loss"][-1], rel=1e-12)
        assert 0 <= run["test"]["accuracy"] <= 1
    # the plane's loss under a path point is the loss at its projection: recompute one directly
    from core.training.landscape import NetLoss, init_seed, make_mlp, pca_plane, task_data, train_twin_paths
    from core.training.optim_spec import OptimSpec

    task = task_data("digits", seed=1)
    model = make_mlp(64, 10, 1, 8, "relu", seed=init_seed(1))
    specs = {"a": OptimSpec.parse(landscape_cmd.DEFAULT_A), "b": OptimSpec.parse(landscape_cmd.DEFAULT_B)}
    twins = train_twin_paths(model, task.x_train, task.y_train, specs, 8, seed=1, dtype=torch.float64)
    plane = pca_plane([twins.paths["a"], twins.paths["b"]])
    net = NetLoss(model, task.x_train, task.y_train, dtype=torch.float64)
    alpha, beta = a["readout"]["coords"][4]
    expected = float(net(torch.as_tensor(plane.point(alpha, beta))))
    assert a["readout"]["plane_loss"][4] == pytest.approx(expected, rel=1e-9)
    assert plane.explained[0] == pytest.approx(data["plane"]["explained"][0], rel=1e-9)


@pytest.mark.parametrize("plane", ["random", "hessian"])
def test_landscape_other_planes(capsys, plane):
    data = run_json(capsys, "landscape", "--task", "moons", *SMALL, "--grid", "3", "--plane", plane,
                    "--extent=-1,1,-0.5,0.5")
    assert data["plane"]["kind"] == plane and data["extent"] == [-1.0, 1.0, -0.5, 0.5]
    assert data["slice"]["alphas"][0] == -1.0 and data["slice"]["betas"][-1] == 0.5
    if plane == "hessian":
        assert data["plane"]["eigenvalues"][0] >= data["plane"]["eigenvalues"][1]
    else:
        assert data["plane"]["eigenvalues"] is None and data["plane"]["seed"] == 1


def test_landscape_text_summary(capsys):
    args = parse("landscape", "--task", "digits", *SMALL, "--grid", "3")
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "plane: PCA of both paths" in text and "explain" in text
    assert text.count("off-plane") == 2 and "step 0: true" in text and "test accuracy" in text


def test_sharpness_json_along_paths(capsys):
    data = run_json(capsys, "sharpness", "--task", "digits", *SMALL, "--every", "4", "--dtype", "float64",
                    "--a", "optimizer=sgd,lr=0.4", "--b", "optimizer=adam,lr=0.01")
    a, b = data["runs"]["a"], data["runs"]["b"]
    assert a["steps"] == [0, 4, 8] and len(a["sharpness"]) == 3
    assert a["threshold"] == pytest.approx(2 / 0.4) and b["threshold"] is None and "adaptive" in b["threshold_rule"]
    assert a["sharpness"][0] == pytest.approx(b["sharpness"][0], rel=1e-6)  # same start
    # λmax at step 0 against the full Hessian
    from core.training.landscape import NetLoss, flatten, init_seed, make_mlp, task_data

    task = task_data("digits", seed=1)
    model = make_mlp(64, 10, 1, 8, "relu", seed=init_seed(1))
    net = NetLoss(model, task.x_train, task.y_train, dtype=torch.float64)
    exact = torch.linalg.eigvalsh(torch.autograd.functional.hessian(net, flatten(model).double()))[-1].item()
    assert a["sharpness"][0] == pytest.approx(exact, rel=1e-3)


def test_sharpness_eos_run(capsys):
    data = run_json(capsys, "sharpness", "--eos", "--steps", "6", "--every", "3", "--width", "8", "--depth", "1")
    assert data["threshold"] == pytest.approx(2 / 0.3) and data["sharpness_steps"] == [0, 3, 6]
    assert len(data["loss"]) == 7 and data["settings"]["activation"] == "tanh"
    args = parse("sharpness", "--eos", "--steps", "4", "--every", "2", "--width", "8", "--depth", "1")
    assert args.func(args) == 0
    assert "2/η" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["landscape", "--steps", "5", "-o", "slice.gif"], "cannot write '.gif'; write .json, .png, .svg or .mp4"),
    (["landscape", "--steps", "5", "--grid", "1"], "--grid"),
    (["landscape", "--steps", "5", "--extent", "1,0,0,1"], "--extent"),
    (["landscape", "--steps", "5", "--extent", "a,b"], "--extent"),
    (["landscape", "--steps", "5", "--a", "optimizer=nope"], "--a"),
    (["landscape", "--steps", "0"], "--steps"),
    (["landscape", "--steps", "5", "--task", "mnist"], "unknown task"),
    (["landscape", "--steps", "5", "--width", "0"], "--width"),
    (["landscape", "--steps", "5", "--dtype", "float16"], "--dtype"),
    (["sharpness", "--steps", "5", "--every", "0"], "--every"),
    (["sharpness"], "--steps"),
    (["sharpness", "--eos", "--task", "moons"], "digits only"),
    (["sharpness", "--eos", "--lr", "-1"], "--lr"),
    (["sharpness", "--eos", "--every", "1", "--steps", "5000"], "raise --every"),
    (["sharpness", "--steps", "5000", "--every", "2"], "raise --every"),
    (["landscape", "--steps", "1000", "--width", "4096", "--record-every", "1"], "GiB"),
])
def test_bad_input_is_one_line(argv, words):
    args = parse(*argv)
    with pytest.raises(ValueError) as info:
        args.func(args)
    message = str(info.value)
    assert words in message and "\n" not in message


@pytest.mark.parametrize("option", ["--task", "--activation", "--dtype", "--extent", "-o"])
def test_refusals_stay_short_whatever_is_typed(option):
    args = parse("landscape", "--steps", "2", "--width", "4", option, "x" * 5000)
    with pytest.raises(ValueError) as info:
        args.func(args)
    assert len(str(info.value)) < 300 and "\n" not in str(info.value)


def test_unwritable_output_is_one_line(tmp_path):
    args = parse("landscape", "--task", "xor", "--steps", "2", "--width", "4", "--grid", "2",
                 "-o", str(tmp_path / "missing" / "slice.json"))
    with pytest.raises(ValueError, match="cannot write") as info:
        args.func(args)
    assert "\n" not in str(info.value)


def test_importing_the_commands_loads_neither_torch_nor_qt():
    code = ("import sys; import app.cli.landscape_cmd, app.cli.sharpness_cmd;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('torch', 'PySide6', 'pyqtgraph')];"
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_through_losslab_main_bad_input_exits_2_with_one_line(monkeypatch, capsys):
    """Registered in app.cli.main: refusals are one stderr line, exit 2."""
    from app.cli import main as cli_main

    assert landscape_cmd in cli_main.SUBCOMMANDS and sharpness_cmd in cli_main.SUBCOMMANDS
    for argv in (["landscape", "--steps", "3", "--extent", "-1,1,2,1"], ["landscape", "--steps", "x"],
                 ["landscape", "--steps", "3", "--plane", "diagonal"], ["sharpness", "--eos", "--every", "0"]):
        assert cli_main.main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("losslab: error:") and err.count("\n") == 1, err
    assert cli_main.main(["landscape", "--task", "xor", "--steps", "2", "--width", "4", "--grid", "2",
                          "--extent", "-1,1,-1,1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["extent"] == [-1.0, 1.0, -1.0, 1.0]


def test_sharpness_of_an_adam_run_is_also_preconditioned_with_its_own_state(capsys):
    """B (Adam): λmax(P·H) with P = 1/(√v̂ + ε) from the optimizer's own state, against 38/η."""
    from core.training.landscape import NetLoss, init_seed, make_mlp, task_data, train_twin_paths
    from core.training.optim_spec import OptimSpec
    from core.training.sharpness import adam_preconditioner, lanczos

    data = run_json(capsys, "sharpness", "--task", "xor", "--steps", "6", "--width", "6", "--every", "3",
                    "--dtype", "float64", "--a", "optimizer=sgd,lr=0.4", "--b", "optimizer=adam,lr=0.01,loss_scale=4")
    a, b = data["runs"]["a"], data["runs"]["b"]
    assert "preconditioned_sharpness" not in a
    assert b["preconditioned_threshold"] == pytest.approx(38 / 0.01) and b["steps"] == [0, 3, 6]
    assert b["preconditioned_sharpness"][0] is None  # no second moment before the first step
    # the last value, recomputed: train B alone for 6 steps, read Adam's state, Lanczos on P^½(4H)P^½
    task = task_data("xor", seed=0)
    model = make_mlp(task.in_dim, task.out_dim, 1, 6, "relu", seed=init_seed(0))
    net = NetLoss(model, task.x_train, task.y_train, loss=task.loss, dtype=torch.float64)
    spec = OptimSpec.parse("optimizer=adam,lr=0.01,loss_scale=4")
    twins = train_twin_paths(model, task.x_train, task.y_train, {"b": spec}, 6, loss=task.loss,
                             record_every=3, dtype=torch.float64, record_preconditioners=True)
    p = twins.preconditioners["b"][-1]
    expected = lanczos(lambda t: 4 * net(t), torch.as_tensor(twins.paths["b"][-1]), k=1, max_iter=300, tol=1e-10,
                       precondition=torch.as_tensor(p)).lambda_max
    assert b["preconditioned_sharpness"][-1] == pytest.approx(expected, rel=1e-3)
    # and the recorded p is Adam's own: a torch Adam stepped by hand gives the same
    theta = torch.as_tensor(twins.paths["b"][0]).clone().requires_grad_(True)
    optimizer = torch.optim.Adam([theta], lr=0.01)
    for _ in range(6):
        optimizer.zero_grad()
        (4 * net(theta)).backward()
        optimizer.step()
    np.testing.assert_allclose(adam_preconditioner(optimizer).numpy(), p, rtol=1e-9)
