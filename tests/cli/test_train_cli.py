"""`losslab train`: JSON contract, the same numbers as the trainer, one-line errors, CUDA fallback."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
import torch

from app.cli.main import main
from core.training.optim_spec import OptimSpec
from core.training.twin import TwinConfig, TwinTrainer

# Small nets train faster on one thread, and the app's worker runs them that way too.
pytestmark = pytest.mark.usefixtures("one_torch_thread")


def train(capsys, *args: str) -> dict:
    code = main(["train", *args, "--json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def test_json_shape(capsys):
    data = train(capsys, "--task", "moons", "--depth", "3", "--width", "8", "--activation", "tanh",
                 "--init", "xavier", "--dropout", "0.1", "--batchnorm", "--steps", "12", "--seed", "2",
                 "--device", "cpu", "--a", "optimizer=adam,lr=0.01", "--b", "optimizer=sgd,lr=0.1,loss_scale=2")
    assert data["device"] == "cpu" and data["note"] is None and data["steps_run"] == 12
    assert data["model"] == {"in_dim": 2, "out_dim": 2, "depth": 3, "width": 8, "activation": "tanh",
                             "init": "xavier", "dropout": 0.1, "batchnorm": True, "init_std": 0.01}
    assert data["layers"] == ["hidden 1", "hidden 2", "hidden 3", "output"]
    for run in ("a", "b"):
        entry = data[run]
        assert len(entry["loss"]) == 12 and all(isinstance(v, float) for v in entry["loss"])
        assert 0.0 <= entry["accuracy"] <= 1.0 and entry["diverged_at"] is None
        assert len(entry["grad_norms_last"]) == 4
    assert data["a"]["spec"]["optimizer"] == "adam" and data["b"]["spec"]["loss_scale"] == 2.0
    assert len(data["param_distance"]) == 12 and data["param_distance"][-1] > 0


def test_cli_prints_the_trainers_numbers(capsys):
    data = train(capsys, "--task", "xor", "--steps", "15", "--seed", "4", "--a", "optimizer=momentum,lr=0.05",
                 "--b", "optimizer=rmsprop,lr=0.01,loss_scale=10")
    trainer = TwinTrainer(TwinConfig(task="xor", steps=15, seed=4, a=OptimSpec.parse("optimizer=momentum,lr=0.05"),
                                     b=OptimSpec.parse("optimizer=rmsprop,lr=0.01,loss_scale=10")))
    trainer.run()
    assert data["a"]["loss"] == [r.loss_a for r in trainer.records]
    assert data["b"]["loss"] == [r.loss_b for r in trainer.records]
    assert data["param_distance"] == [r.distance for r in trainer.records]
    assert data["a"]["accuracy"] == trainer.evaluate()["a"]["accuracy"]


def test_classic_experiment_with_power_of_two_scale_gives_zero_distance(capsys):
    data = train(capsys, "--task", "spirals", "--steps", "25", "--a", "optimizer=sgd,lr=0.1,loss_scale=1",
                 "--b", "optimizer=sgd,lr=0.0125,loss_scale=8")
    assert data["param_distance"] == [0.0] * 25
    assert data["a"]["loss"] == data["b"]["loss"]


def test_regression_task_reports_r2(capsys):
    data = train(capsys, "--task", "regression-1d", "--steps", "10")
    assert data["a"]["accuracy"] is None and isinstance(data["a"]["r2"], float)


def test_divergence_is_reported_and_json_stays_valid(capsys):
    data = train(capsys, "--task", "moons", "--steps", "20", "--a", "optimizer=sgd,lr=1000,loss_scale=1000",
                 "--b", "optimizer=sgd,lr=0.1")
    k = data["a"]["diverged_at"]
    assert isinstance(k, int) and 1 <= k <= 20
    assert data["a"]["loss"][k - 1] is None and all(v is None for v in data["a"]["loss"][k:])
    assert data["b"]["diverged_at"] is None and all(isinstance(v, float) for v in data["b"]["loss"])


def test_cuda_request_without_cuda_falls_back_with_a_note(capsys, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    code = main(["train", "--task", "moons", "--steps", "3", "--device", "cuda", "--json"])
    captured = capsys.readouterr()
    assert code == 0
    data = json.loads(captured.out)
    assert data["device"] == "cpu" and "CUDA requested but unavailable" in data["note"]
    assert "losslab: note: CUDA requested but unavailable" in captured.err


def test_text_summary(capsys):
    assert main(["train", "--task", "circles", "--steps", "5"]) == 0
    out = capsys.readouterr().out
    assert "A: sgd lr=0.1 loss×1" in out and "B: sgd lr=0.01 loss×10" in out and "‖θA − θB‖" in out


@pytest.mark.parametrize("args, message", [
    (["--task", "mnist"], "unknown task 'mnist'"),
    (["--task", "moons", "--depth", "0"], "depth must be between 1"),
    (["--task", "moons", "--activation", "swish"], "unknown activation 'swish'"),
    (["--task", "moons", "--init", "zeros"], "unknown init 'zeros'"),
    (["--task", "moons", "--dropout", "1.5"], "dropout must be in"),
    (["--task", "moons", "--a", "optimizer=adam,lr=-1"], "--a: lr must be a positive number"),
    (["--task", "moons", "--b", "optimizer=sgd,betas=1"], "--b: unknown optimizer key 'betas'"),
    (["--task", "moons", "--b", "optimizer=lion"], "--b: unknown optimizer 'lion'"),
    (["--task", "moons", "--device", "tpu"], "unknown device 'tpu'"),
    (["--task", "moons", "--steps", "0"], "steps must be between 1"),
    (["--task", "moons", "--steps", "ten"], "invalid int value"),
])
def test_bad_values_give_one_line_and_exit_2(capsys, args, message):
    full = ["train", *args] if "--steps" in args else ["train", *args, "--steps", "3"]
    assert main(full) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("losslab: error:") and message in err and "\n" not in err


def test_importing_the_command_imports_no_torch():
    code = "import sys, app.cli.train_cmd; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_losses_are_finite_or_null(capsys):
    data = train(capsys, "--task", "blobs", "--steps", "5", "--a", "optimizer=adagrad,lr=0.1,clip=0.5",
                 "--b", "optimizer=adamw,lr=0.01,schedule=cosine")
    assert all(math.isfinite(v) for v in data["a"]["loss"] + data["b"]["loss"])
    assert data["b"]["spec"]["wd_mode"] == "decoupled" and data["b"]["spec"]["weight_decay"] == 0.01
