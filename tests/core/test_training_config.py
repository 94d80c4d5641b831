"""core.training.config: the training tab's Qt-free, torch-free state — round trips, one-line refusals,
the same optimizer the CLI's spec text describes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.training.config import (
    CONFIG_KEYS,
    OPTIMIZERS,
    ModelConfig,
    RunConfig,
    TrainingConfig,
)


def test_defaults_are_the_classic_experiment():
    config = TrainingConfig()
    assert config.task == "spirals" and config.model == ModelConfig()
    assert (config.a.optimizer, config.a.lr, config.a.loss_scale) == ("sgd", 0.1, 1.0)
    assert (config.b.optimizer, config.b.lr, config.b.loss_scale) == ("sgd", 0.01, 10.0)
    assert config.a.wd_mode == "coupled" and config.a.schedule == "constant"


def test_round_trip_through_json():
    config = TrainingConfig(task="regression-1d", model=ModelConfig(depth=3, width=8, activation="tanh",
                                                                    init="he", dropout=0.2, batchnorm=True),
                            a=RunConfig("adam", lr=1e-3, loss_scale=8.0, weight_decay=0.01, wd_mode="decoupled",
                                        clip=1.0, schedule="cosine", beta2=0.99),
                            b=RunConfig("rmsprop", lr=0.02, schedule="step", step_size=7, gamma=0.5),
                            steps=123, seed=9, batch_size=0, n_samples=300, noise=0.05, device="cuda:1",
                            dtype="float64", eval_every=4)
    text = json.dumps(config.to_dict())
    again = TrainingConfig.from_dict(json.loads(text))
    assert again == config
    assert list(json.loads(text)) == list(CONFIG_KEYS)
    assert TrainingConfig.from_flat(**config.flat()) == config


def test_a_partial_dict_takes_defaults_and_names_are_normalised():
    config = TrainingConfig.from_dict({"task": "Regression_1D", "model": {"init": "kaiming"},
                                       "a": {"optimizer": "ADAMW"}})
    assert config.task == "regression-1d" and config.model.init == "he"
    assert config.a.optimizer == "adamw" and config.a.wd_mode == "decoupled"
    assert config.b == TrainingConfig().b


@pytest.mark.parametrize("values, message", [
    ({"task": "mnist"}, "unknown task 'mnist'"),
    ({"steps": 0}, "steps must be between 1 and 10000000, got 0"),
    ({"steps": 2.5}, "steps must be a whole number"),
    ({"steps": "100"}, "steps must be a whole number"),
    ({"seed": -1}, "seed must be >= 0"),
    ({"batch_size": -4}, "batch_size must be >= 0"),
    ({"n_samples": 3}, "n_samples must be between 8"),
    ({"noise": -0.1}, "noise must be a finite number >= 0"),
    ({"noise": "loud"}, "noise must be a number"),
    ({"device": "tpu"}, "unknown device 'tpu'"),
    ({"dtype": "float16"}, "unknown dtype 'float16'"),
    ({"eval_every": 0}, "eval_every must be >= 1"),
    ({"colour": "red"}, "unknown training setting 'colour'"),
    ({"model": {"depth": 0}}, "depth must be between 1 and 32"),
    ({"model": {"width": True}}, "width must be a whole number"),
    ({"model": {"activation": "swish"}}, "unknown activation 'swish'; choose one of: relu"),
    ({"model": {"dropout": 1.0}}, r"dropout must be in \[0, 1\)"),
    ({"model": {"batchnorm": "yes"}}, "batchnorm must be true or false"),
    ({"model": {"layers": 3}}, "unknown model setting 'layers'"),
    ({"model": [1, 2]}, "model must be a mapping"),
    ({"a": {"optimizer": "lion"}}, "unknown optimizer 'lion'"),
    ({"a": {"lr": -1.0}}, "lr"),
    ({"a": {"lr": "fast"}}, "lr must be a number"),
    ({"a": {"loss_scale": 0.0}}, "loss_scale"),
    ({"a": {"optimizer": "sgd", "beta1": 0.9}}, "sgd has no hyper-parameter 'beta1'"),
    ({"b": {"optimizer": "adamw", "wd_mode": "coupled"}}, "adamw always decouples weight decay"),
    ({"b": {"wd_mode": "sideways"}}, "unknown wd_mode 'sideways'"),
    ({"b": {"schedule": "linear"}}, "unknown schedule 'linear'"),
    ({"b": {"gamma": 2.0}}, r"gamma must be in \(0, 1\]"),
    ({"b": {"step_size": 0}}, "step_size must be >= 1"),
    ({"b": {"speed": 1}}, "unknown run setting 'speed'"),
    ({"b": "adam"}, "run B must be a mapping"),
])
def test_bad_values_are_refused_with_the_reason(values, message):
    with pytest.raises(ValueError, match=message) as info:
        TrainingConfig.from_dict(values)
    assert "\n" not in str(info.value)


def test_with_run_and_with_optimizer():
    config = TrainingConfig(a=RunConfig("adam", lr=1e-3, beta1=0.8))
    changed = config.with_run("a", lr=0.05, clip=2.0)
    assert changed.a.lr == 0.05 and changed.a.clip == 2.0 and changed.b == config.b
    assert config.a.lr == 1e-3  # frozen: the old state intact
    with pytest.raises(ValueError, match="unknown run 'c'"):
        config.with_run("c", lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        config.with_run("a", lr=0.0)
    sgd = config.a.with_optimizer("sgd")  # adam's beta1 does not follow it
    assert sgd.optimizer == "sgd" and sgd.beta1 is None and sgd.lr == 1e-3
    adamw = sgd.with_optimizer("adamw")
    assert adamw.wd_mode == "decoupled" and adamw.with_optimizer("momentum").wd_mode == "coupled"


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_a_run_builds_the_optimizer_its_spec_text_describes(optimizer):
    from core.training.optim_spec import OptimSpec

    text = f"optimizer={optimizer},lr=0.03,loss_scale=4,weight_decay=0.01,clip=1,schedule=step,step_size=5"
    parsed = OptimSpec.parse(text)
    run = RunConfig.coerce(parsed)
    assert OptimSpec.from_mapping(run.to_dict()) == parsed
    assert RunConfig.from_dict(json.loads(json.dumps(run.to_dict()))) == run


def test_trainer_runs_a_config_read_from_a_dict():
    from core.training.optim_spec import OptimSpec
    from core.training.twin import TwinConfig, TwinTrainer

    flat = TwinTrainer(TwinConfig(task="moons", depth=1, width=4, steps=5, seed=2,
                                  a=OptimSpec.parse("optimizer=adam,lr=0.01"), b=OptimSpec.parse("optimizer=sgd")))
    nested = TwinTrainer(TrainingConfig.from_dict({"task": "moons", "model": {"depth": 1, "width": 4}, "steps": 5,
                                                   "seed": 2, "a": {"optimizer": "adam", "lr": 0.01},
                                                   "b": {"optimizer": "sgd"}}))
    flat.run()
    nested.run()
    assert [r.loss_a for r in flat.records] == [r.loss_a for r in nested.records]
    assert [r.distance for r in flat.records] == [r.distance for r in nested.records]
    assert flat.summary()["model"] == {"in_dim": 2, "out_dim": 2, "depth": 1, "width": 4, "activation": "relu",
                                       "init": "default", "dropout": 0.0, "batchnorm": False, "init_std": 0.01}


def test_config_imports_neither_torch_nor_qt():
    code = ("import sys, core.training.config as c; c.TrainingConfig.from_dict({'task': 'xor'}); "
            "bad = [m for m in ('torch', 'PySide6') if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_runconfig_and_optimspec_have_the_one_table_of_fields():
    """Issue 13: RunFields is the single source of a run's settings; the tab's RunConfig and the torch
    side's OptimSpec add only their own checks."""
    from dataclasses import fields

    from core.training.config import RUN_KEYS, RunConfig, RunFields
    from core.training.optim_spec import ALL_KEYS, OptimSpec

    table = [(f.name, f.default) for f in fields(RunFields)]
    assert [(f.name, f.default) for f in fields(RunConfig)] == table
    assert [(f.name, f.default) for f in fields(OptimSpec)] == table
    assert RUN_KEYS == ALL_KEYS == tuple(name for name, _ in table)
    run = RunConfig("adam", lr=0.01, weight_decay=0.1, clip=1.0, schedule="cosine")
    spec = OptimSpec.from_mapping(run.to_dict())
    assert {k: v for k, v in spec.to_dict().items() if k in run.to_dict()} == run.to_dict()
    assert spec.beta1 == 0.9 and run.beta1 is None  # OptimSpec fills in the optimizer's defaults, RunConfig not
    assert RunConfig.coerce(spec) == RunConfig.from_dict(spec.to_dict()) and not isinstance(spec, RunConfig)
