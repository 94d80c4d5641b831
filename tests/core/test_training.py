"""core.training: data sets, MLPs, optimizer specs, device fallback and the twin trainer.

The central claims (what the panel teaches):
* SGD, Momentum, Nesterov: A(loss × s, lr) and B(loss × 1, lr × s) follow the same trajectory — equal to
  float rounding in float32, to ~1e-12 in float64, bit for bit when s is a power of two.
* Adam: loss × 10 moves the parameters far less than lr × 10.
* Coupled weight decay and clipping break the SGD equivalence.
"""

from __future__ import annotations

import inspect
import json
import math
import subprocess
import sys

import numpy as np
import pytest
import torch

from core.optim.spec import defaults_for
from core.training.config import ModelConfig
from core.training.datasets import TASKS, grid_points, make_dataset
from core.training.device import cuda_status, resolve_device
from core.training.models import ModelSpec, build_mlp, layer_names
from core.training.optim_spec import OPTIMIZERS, OptimSpec
from core.training.twin import TwinConfig, TwinTrainer, classic_experiment

EPS32 = float(np.finfo(np.float32).eps)
EPS64 = float(np.finfo(np.float64).eps)


# Small nets train faster on one thread, and the app's worker runs them that way too.
pytestmark = pytest.mark.usefixtures("one_torch_thread")


def flat(trainer: TwinTrainer, run: str) -> torch.Tensor:
    return torch.cat([p.detach().flatten() for p in trainer.parameters(run)]).double()


def twin(a: OptimSpec, b: OptimSpec, steps: int = 60, **kw) -> TwinTrainer:
    trainer = TwinTrainer(TwinConfig(a=a, b=b, steps=steps, **kw))
    trainer.run()
    return trainer


# ---------------------------------------------------------------------------------------------- data sets
@pytest.mark.parametrize("task", TASKS)
def test_datasets_are_seeded_and_well_formed(task):
    one = make_dataset(task, 200, seed=3)
    again = make_dataset(task, 200, seed=3)
    other = make_dataset(task, 200, seed=4)
    assert np.array_equal(one.x, again.x) and np.array_equal(one.y, again.y)
    assert not np.array_equal(one.x, other.x)
    assert one.x.shape == (200, one.in_dim) and np.isfinite(one.x).all()
    xmin, xmax, ymin, ymax = one.extent
    if task == "digits":
        assert one.in_dim == 64 and one.n_classes == 10 and one.x.min() >= 0 and one.x.max() <= 1
    elif one.is_classification:
        assert one.in_dim == 2 and one.y.shape == (200,)
        assert set(np.unique(one.y)) == set(range(one.n_classes))  # every class present
        assert (one.x[:, 0] >= xmin).all() and (one.x[:, 0] <= xmax).all()
        assert (one.x[:, 1] >= ymin).all() and (one.x[:, 1] <= ymax).all()
    else:
        assert one.in_dim == 1 and one.y.shape == (200, 1) and one.n_classes == 0
        assert (one.y >= ymin).all() and (one.y <= ymax).all()


def test_digits_task_uses_the_bundled_images_and_trains():
    from core.training.digits import load_digits

    x, y = load_digits()
    full = make_dataset("digits", 5000)
    assert np.array_equal(full.x, x) and np.array_equal(full.y, y)  # all 1,797 images
    part = make_dataset("digits", 300, seed=1)
    assert part.x.shape == (300, 64)
    rows = {row.tobytes() for row in x}
    assert all(row.tobytes() in rows for row in part.x)
    trainer = TwinTrainer(TwinConfig(task="digits", n_samples=400, steps=5, eval_every=1, width=32,
                                     a=OptimSpec("adam", lr=0.01), b=OptimSpec("sgd", lr=0.1)))
    records = trainer.run()
    assert len(records) == 5 and all(math.isfinite(r.loss_a) for r in records)
    assert records[-1].test_score_a is not None and 0.0 <= records[-1].test_score_a <= 1.0


@pytest.mark.parametrize("task", TASKS)
def test_every_task_has_a_disjoint_seeded_train_test_split(task):
    from core.training.datasets import TEST_FRACTION, split_indices

    data = make_dataset(task, 200, seed=2)
    train, test = split_indices(data, seed=2)
    assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == len(data.y)
    assert len(test) == round(len(data.y) * TEST_FRACTION)
    again = split_indices(data, seed=2)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])


def test_trainer_trains_on_the_training_split_and_scores_the_test_split():
    import torch.nn.functional as F

    trainer = TwinTrainer(TwinConfig(task="moons", n_samples=100, steps=3, batch_size=0, eval_every=1))
    data = trainer.dataset
    assert trainer.x.shape[0] == len(trainer.train_idx) == 80
    trainer.run()
    model = trainer.runs["a"].model.eval()
    with torch.no_grad():
        out = model(torch.as_tensor(data.x[trainer.test_idx], dtype=torch.float32))
        expected = float(F.cross_entropy(out, torch.as_tensor(data.y[trainer.test_idx])))
        accuracy = float((out.argmax(1).numpy() == data.y[trainer.test_idx]).mean())
    scores = trainer.evaluate()["a"]
    assert scores["test_loss"] == pytest.approx(expected, rel=1e-6)
    assert scores["test_accuracy"] == pytest.approx(accuracy)
    assert trainer.records[-1].test_loss_a == pytest.approx(expected, rel=1e-6)


def test_recorded_paths_are_bounded_and_hold_the_parameters():
    trainer = TwinTrainer(TwinConfig(task="blobs", n_samples=64, steps=40, batch_size=0))
    assert trainer.record_paths(max_points=8)
    first = torch.cat([p.detach().reshape(-1) for p in trainer.parameters("a")]).numpy().copy()
    trainer.run()
    steps, paths = trainer.paths()
    assert len(steps) <= 9 and steps[0] == 0 and steps[-1] == 40
    assert np.all(np.diff(steps) > 0)
    assert np.allclose(paths["a"][0], first)
    last = torch.cat([p.detach().reshape(-1) for p in trainer.parameters("b")]).numpy()
    assert np.allclose(paths["b"][-1], last)


def test_dataset_bad_inputs_have_clear_messages():
    with pytest.raises(ValueError, match="unknown task 'spiral'.*spirals"):
        make_dataset("spiral")
    with pytest.raises(ValueError, match="n_samples"):
        make_dataset("moons", 2)
    with pytest.raises(ValueError, match="noise"):
        make_dataset("moons", 100, noise=-1)


def test_grid_points_are_row_major():
    points = grid_points((0, 1, 10, 20), 3, 2)
    assert points.shape == (6, 2)
    assert np.array_equal(points[:3, 1], [10, 10, 10]) and np.array_equal(points[:3, 0], [0, 0.5, 1])


# ---------------------------------------------------------------------------------------------- models
def test_mlp_shape_and_seeded_weights():
    spec = ModelSpec(2, 3, ModelConfig(depth=3, width=8, activation="tanh", dropout=0.1, batchnorm=True))
    model = build_mlp(spec, seed=1)
    kinds = [type(m).__name__ for m in model]
    assert kinds == ["Linear", "BatchNorm1d", "Tanh", "Dropout"] * 3 + ["Linear"]
    assert layer_names(model) == ["hidden 1", "hidden 2", "hidden 3", "output"]
    same, other = build_mlp(spec, seed=1), build_mlp(spec, seed=2)
    for p, q in zip(model.parameters(), same.parameters(), strict=True):
        assert torch.equal(p, q)
    assert not torch.equal(model[0].weight, other[0].weight)


def test_mlp_build_leaves_the_global_generator_alone():
    state = torch.random.get_rng_state()
    build_mlp(ModelSpec(), seed=5)
    assert torch.equal(state, torch.random.get_rng_state())


@pytest.mark.parametrize("init", ["xavier", "he", "normal"])
def test_explicit_inits_zero_the_biases_and_scale_by_fan_in(init):
    wide = build_mlp(ModelSpec(in_dim=2, hidden=ModelConfig(depth=2, width=400, init=init, init_std=0.3)), seed=0)
    hidden = wide[2]  # Linear(400, 400)
    assert torch.count_nonzero(hidden.bias) == 0
    if init == "he":  # He normal: std = sqrt(2 / fan_in)
        expected = math.sqrt(2.0 / 400)
    elif init == "normal":  # N(0, σ²) whatever the fan-in
        expected = 0.3
        assert wide[0].weight.std().item() == pytest.approx(0.3, rel=0.2)  # Linear(2, 400): 800 samples
    else:  # Xavier uniform with ReLU gain: std = gain * sqrt(2 / (fan_in + fan_out))
        expected = math.sqrt(2.0) * math.sqrt(2.0 / 800)
    assert hidden.weight.std().item() == pytest.approx(expected, rel=0.02)  # 160 000 samples


@pytest.mark.parametrize("bad, message", [
    (dict(depth=0), "depth must be between 1"),
    (dict(width=0), "width must be between 1"),
    (dict(activation="swish"), "unknown activation 'swish'.*relu, tanh, sigmoid, gelu"),
    (dict(init="orthogonal"), "unknown init 'orthogonal'"),
    (dict(dropout=1.0), r"dropout must be in \[0, 1\)"),
    (dict(dropout="lots"), "dropout must be a number"),
    (dict(init_std=0.0), "init_std must be above 0 and at most 100"),
    (dict(init_std=-1), "init_std must be above 0"),
    (dict(init_std=1e3), "init_std must be above 0 and at most 100"),
    (dict(init_std=float("nan")), "init_std must be finite"),
    (dict(init_std="wide"), "init_std must be a number"),
    (dict(depth=2.5), "depth must be a whole number"),
])
def test_model_config_rejects_bad_values(bad, message):
    with pytest.raises(ValueError, match=message):
        ModelConfig(**bad)


# ---------------------------------------------------------------------------------------------- optimizer specs
def test_parse_spec_and_torch_defaults():
    spec = OptimSpec.parse(" optimizer=adam, lr=1e-3 ,loss_scale=10,weight_decay=0.01,clip=1,schedule=cosine")
    assert (spec.optimizer, spec.lr, spec.loss_scale, spec.weight_decay, spec.clip, spec.schedule) == (
        "adam", 1e-3, 10.0, 0.01, 1.0, "cosine")
    torch_classes = {"sgd": torch.optim.SGD, "momentum": torch.optim.SGD, "nesterov": torch.optim.SGD,
                     "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
                     "adagrad": torch.optim.Adagrad}
    assert set(torch_classes) == set(OPTIMIZERS)
    param = torch.nn.Parameter(torch.zeros(3))
    for name, cls in torch_classes.items():
        defaults = {k: v.default for k, v in inspect.signature(cls.__init__).parameters.items()}
        spec = OptimSpec(optimizer=name)
        assert spec.lr == defaults["lr"] == defaults_for(name)["lr"]
        optimizer = spec.build([param])
        assert isinstance(optimizer, cls)
        group = optimizer.param_groups[0]
        assert group["weight_decay"] == defaults["weight_decay"]
        if "eps" in defaults:
            assert group["eps"] == defaults["eps"]
        if name in ("adam", "adamw"):
            assert group["betas"] == defaults["betas"]
    assert OptimSpec(optimizer="momentum").momentum == 0.9
    nesterov = OptimSpec(optimizer="nesterov").build([param]).param_groups[0]
    assert nesterov["nesterov"] and nesterov["momentum"] == 0.9
    assert OptimSpec(optimizer="sgd").momentum == 0.0


def test_decoupled_decay_builds_adamw():
    param = torch.nn.Parameter(torch.zeros(3))
    assert isinstance(OptimSpec(optimizer="adam", weight_decay=0.1, wd_mode="decoupled").build([param]),
                      torch.optim.AdamW)
    sgd = OptimSpec(optimizer="sgd", weight_decay=0.1, wd_mode="decoupled")
    assert sgd.manual_decoupled_decay and sgd.build([param]).param_groups[0]["weight_decay"] == 0.0


@pytest.mark.parametrize("text, message", [
    ("optimizer=adam,foo=1", "unknown optimizer key 'foo'"),
    ("optimizer=adamm", "unknown optimizer 'adamm'.*sgd, momentum"),
    ("optimizer=sgd,lr=-0.1", "lr must be a positive number"),
    ("optimizer=sgd,lr=0", "lr must be a positive number"),
    ("optimizer=sgd,lr=abc", "lr must be a number, got 'abc'"),
    ("optimizer=sgd,lr=nan", "lr must be finite"),
    ("optimizer=sgd,loss_scale=0", "loss_scale must be a positive number"),
    ("optimizer=sgd,weight_decay=-1", "weight_decay must be zero or positive"),
    ("optimizer=sgd,clip=-1", "clip must be zero"),
    ("optimizer=sgd,beta1=0.9", "sgd has no hyper-parameter 'beta1'"),
    ("optimizer=adam,momentum=0.9", "adam has no hyper-parameter 'momentum'"),
    ("optimizer=sgd,momentum=1", r"momentum must be in \[0, 1\)"),
    ("optimizer=nesterov,momentum=0", "nesterov needs a momentum above 0"),
    ("optimizer=sgd,schedule=linear", "unknown schedule 'linear'"),
    ("optimizer=sgd,step_size=2.5", "step_size must be a whole number"),
    ("optimizer=adamw,wd_mode=coupled", "adamw always decouples"),
    ("optimizer=sgd,lr", "expected key=value"),
    ("lr=0.1,lr=0.2", "given twice"),
])
def test_spec_errors_are_one_clear_line(text, message):
    with pytest.raises(ValueError, match=message) as info:
        OptimSpec.parse(text)
    assert "\n" not in str(info.value)


def test_schedules_match_torch_lr_schedulers():
    total, lr = 30, 0.2
    param = torch.nn.Parameter(torch.zeros(1))
    cases = [
        (OptimSpec(lr=lr, schedule="cosine"), lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, total)),
        (OptimSpec(lr=lr, schedule="step", step_size=7, gamma=0.5),
         lambda o: torch.optim.lr_scheduler.StepLR(o, 7, gamma=0.5)),
        (OptimSpec(lr=lr), lambda o: torch.optim.lr_scheduler.ConstantLR(o, factor=1.0)),
    ]
    for spec, make in cases:
        optimizer = torch.optim.SGD([param], lr=lr)
        scheduler = make(optimizer)
        for step in range(1, total + 1):  # the lr used for step k is the scheduler's after k - 1 steps
            assert spec.lr * spec.lr_factor(step, total) == pytest.approx(optimizer.param_groups[0]["lr"],
                                                                          rel=1e-12, abs=1e-15)
            optimizer.step()
            scheduler.step()


# ---------------------------------------------------------------------------------------------- device
def test_cpu_device():
    choice = resolve_device("cpu")
    assert choice.device == torch.device("cpu") and choice.note is None


def test_cuda_request_without_cuda_falls_back_with_a_note(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    choice = resolve_device("cuda")
    assert choice.device == torch.device("cpu") and choice.fell_back
    assert "CUDA requested but unavailable" in choice.note and "running on CPU" in choice.note
    assert cuda_status()[0] is False
    trainer = TwinTrainer(TwinConfig(device="cuda", steps=2))
    trainer.run()
    assert trainer.summary()["device"] == "cpu" and trainer.summary()["note"] == choice.note


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_device_when_present():
    choice = resolve_device("cuda")
    assert choice.device.type == "cuda" and choice.note is None


def test_unknown_device():
    with pytest.raises(ValueError, match="unknown device 'tpu'"):
        resolve_device("tpu")


# ---------------------------------------------------------------------------------------------- twin trainer
def test_twins_start_equal_and_identical_specs_stay_equal():
    spec = OptimSpec(optimizer="adam", lr=0.01)
    trainer = TwinTrainer(TwinConfig(a=spec, b=spec, steps=40, dropout=0.2, batchnorm=True))
    assert trainer.param_distance() == 0.0
    trainer.run()
    assert all(r.distance == 0.0 for r in trainer.records)  # same weights, batches and dropout masks
    assert [r.loss_a for r in trainer.records] == [r.loss_b for r in trainer.records]


def test_runs_are_reproducible_and_seed_dependent():
    def losses(seed):
        trainer = twin(OptimSpec(lr=0.1), OptimSpec(lr=0.05), steps=20, seed=seed)
        return [r.loss_a for r in trainer.records]

    assert losses(1) == losses(1)
    assert losses(1) != losses(2)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "nesterov"])
def test_loss_scale_equals_lr_scale_for_sgd_family_float32(optimizer):
    """A(loss × 10, lr) vs B(loss × 1, lr × 10), float32.

    Tolerance: per step, A's and B's updates round differently (s·g vs lr·s, the scaled backward pass),
    each by a few ulps of the update; momentum sums at most 1/(1 − 0.9) = 10 of them, and the T steps add
    up. Bound: |θA − θB| <= 16 · T · eps32 · max|θ| — orders of magnitude below the control (the same
    run without the lr change), which shows the test can tell equal from different."""
    steps, s, lr = 80, 10.0, 0.01
    a, b = classic_experiment(scale=s, lr=lr, optimizer=optimizer)
    trainer = twin(a, b, steps=steps)
    theta_a, theta_b = flat(trainer, "a"), flat(trainer, "b")
    tolerance = 16 * steps * EPS32 * theta_a.abs().max().item()
    assert (theta_a - theta_b).abs().max().item() <= tolerance
    control = twin(a, OptimSpec(optimizer=optimizer, lr=lr), steps=steps)  # loss × 10 vs loss × 1, same lr
    assert (flat(control, "a") - flat(control, "b")).abs().max().item() > 1000 * tolerance
    assert trainer.diverged_at == {"a": None, "b": None}


@pytest.mark.parametrize("optimizer", ["sgd", "momentum"])
def test_loss_scale_equals_lr_scale_float64(optimizer):
    steps = 80
    a, b = classic_experiment(scale=10.0, lr=0.01, optimizer=optimizer)
    trainer = twin(a, b, steps=steps, dtype="float64")
    theta_a = flat(trainer, "a")
    difference = (theta_a - flat(trainer, "b")).abs().max().item()
    assert difference <= 16 * steps * EPS64 * theta_a.abs().max().item()  # ~1e-12
    assert difference < 1e-11


@pytest.mark.parametrize("optimizer", ["sgd", "nesterov"])
def test_power_of_two_scale_is_bit_exact(optimizer):
    """Multiplying by 8 is exact in binary floating point, so the two runs round identically."""
    a, b = classic_experiment(scale=8.0, lr=0.01, optimizer=optimizer)
    trainer = twin(a, b, steps=40, dropout=0.1)
    assert all(r.distance == 0.0 for r in trainer.records)
    assert torch.equal(flat(trainer, "a"), flat(trainer, "b"))


def test_adam_barely_feels_the_loss_scale_but_feels_the_lr():
    steps, lr = 60, 1e-3
    base = OptimSpec(optimizer="adam", lr=lr)
    loss_x10 = twin(base, OptimSpec(optimizer="adam", lr=lr, loss_scale=10.0), steps=steps).param_distance()
    lr_x10 = twin(base, OptimSpec(optimizer="adam", lr=10 * lr), steps=steps).param_distance()
    assert lr_x10 > 0
    assert loss_x10 < 0.01 * lr_x10  # scale-invariant up to eps: the loss scale cancels in m / sqrt(v)


@pytest.mark.parametrize("extra", [dict(weight_decay=0.05), dict(clip=0.05)])
def test_coupled_decay_and_clipping_break_the_equivalence(extra):
    steps = 60
    a, b = classic_experiment(scale=10.0, lr=0.01)
    plain = twin(a, b, steps=steps)
    broken = twin(a.with_changes(**extra), b.with_changes(**extra), steps=steps)
    assert broken.param_distance() > 1000 * max(plain.param_distance(), 16 * steps * EPS32)


def test_divergence_stops_only_that_run():
    steps = 30
    sane = OptimSpec(optimizer="momentum", lr=0.05)
    wild = OptimSpec(optimizer="sgd", lr=1e3, loss_scale=1e3)
    trainer = twin(wild, sane, steps=steps)
    k = trainer.diverged_at["a"]
    assert k is not None and 1 <= k < steps and trainer.diverged_at["b"] is None
    record = trainer.records[k - 1]
    assert record.step == k and not math.isfinite(record.loss_a)
    assert all(math.isnan(r.loss_a) for r in trainer.records[k:])
    assert all(math.isfinite(r.loss_b) for r in trainer.records)
    assert trainer.step_count == steps and trainer.finished
    # B is unaffected by A's fate: the same as B next to a well-behaved A
    reference = twin(sane, sane, steps=steps)
    assert [r.loss_b for r in trainer.records] == [r.loss_b for r in reference.records]
    summary = trainer.summary()
    json.dumps(summary, allow_nan=False)  # NaN/inf are written as null
    assert summary["a"]["diverged_at"] == k and summary["a"]["loss"][k - 1] is None


def test_overflowing_scaled_loss_counts_as_divergence():
    trainer = twin(OptimSpec(lr=0.1, loss_scale=1e39), OptimSpec(lr=0.1), steps=3)
    assert trainer.diverged_at == {"a": 1, "b": None}
    assert math.isfinite(trainer.records[0].loss_a)  # the unscaled loss was fine; s × loss was inf


def test_live_changes_between_steps():
    trainer = TwinTrainer(TwinConfig(a=OptimSpec(lr=0.1), b=OptimSpec(lr=0.1), steps=20))
    trainer.run(5)
    trainer.set_hparams("a", lr=0.02, loss_scale=3.0)
    trainer.run(5)
    assert [r.lr_a for r in trainer.records] == [0.1] * 5 + [0.02] * 5
    assert trainer.spec("a").loss_scale == 3.0 and trainer.spec("b").lr == 0.1
    assert trainer.records[4].distance == 0.0 and trainer.records[5].distance > 0
    with pytest.raises(ValueError, match="'optimizer' cannot change during a run"):
        trainer.set_hparams("a", optimizer="adam")
    with pytest.raises(ValueError, match="lr must be a positive number"):
        trainer.set_hparams("b", lr=-1)
    with pytest.raises(ValueError, match="unknown run 'c'"):
        trainer.set_hparams("c", lr=1)


def test_grad_norms_are_per_layer_and_unscaled():
    trainer = twin(OptimSpec(lr=0.01, loss_scale=100.0), OptimSpec(lr=0.01), steps=1, depth=3)
    first = trainer.records[0]
    assert len(first.grad_norms_a) == len(trainer.layer_names) == 4
    np.testing.assert_allclose(first.grad_norms_a, first.grad_norms_b, rtol=1e-5)  # same weights, step 1


def test_sigmoid_depth_vanishes_relu_he_does_not():
    """sigmoid' <= 1/4: the gradient reaching the first of 8 sigmoid layers is smaller by orders of magnitude."""
    def ratio(**model):
        trainer = twin(OptimSpec(lr=0.01), OptimSpec(lr=0.01), steps=1, depth=8, width=16, **model)
        norms = trainer.records[0].grad_norms_a
        return norms[0] / norms[-1]

    assert ratio(activation="sigmoid") < 1e-3
    assert ratio(activation="relu", init="he") > 1e-2


def test_evaluation_and_prediction_do_not_disturb_training():
    config = TwinConfig(a=OptimSpec(optimizer="adam", lr=0.01), b=OptimSpec(lr=0.1), steps=25,
                        dropout=0.2, batchnorm=True, eval_every=1)
    plain, probed = TwinTrainer(config), TwinTrainer(config)
    grid = grid_points(plain.dataset.extent, 8, 8)
    for _ in range(25):
        plain.step()
        probed.step()
        probed.predict("a", grid)
        probed.evaluate()
    assert [r.loss_a for r in plain.records] == [r.loss_a for r in probed.records]
    probs = probed.predict("b", grid)
    assert probs.shape == (64, 2) and np.allclose(probs.sum(axis=1), 1.0)
    assert all(r.accuracy_a is not None for r in plain.records)  # eval_every=1


def test_training_learns_and_regression_reports_r2():
    clf = twin(OptimSpec(optimizer="adam", lr=0.02), OptimSpec(optimizer="adam", lr=0.02), steps=150,
               task="blobs")
    scores = clf.evaluate()
    assert scores["a"]["accuracy"] > 0.9  # three well separated blobs
    reg = twin(OptimSpec(optimizer="adam", lr=0.02), OptimSpec(lr=0.01), steps=150, task="regression-1d",
               width=32)
    scores = reg.evaluate()
    assert scores["a"]["accuracy"] is None and scores["a"]["r2"] > 0.5
    assert reg.predict("a", np.zeros((5, 1))).shape == (5,)
    assert reg.summary()["a"]["r2"] == pytest.approx(scores["a"]["r2"])


@pytest.mark.parametrize("bad, message", [
    (dict(task="mnist"), "unknown task 'mnist'"),
    (dict(steps=0), "steps must be between 1"),
    (dict(batch_size=-1), "batch_size must be >= 0"),
    (dict(dtype="float16"), "unknown dtype"),
    (dict(depth=0), "depth must be between 1"),
    (dict(activation="elu"), "unknown activation"),
    (dict(seed=-3), "seed must be >= 0"),
])
def test_twin_config_rejects_bad_values(bad, message):
    with pytest.raises(ValueError, match=message):
        TwinConfig(**bad)


def test_full_batch_and_every_optimizer_run():
    for name in OPTIMIZERS:
        spec = OptimSpec(optimizer=name, weight_decay=0.01, clip=1.0, schedule="cosine")
        trainer = twin(spec, spec.with_changes(loss_scale=4.0), steps=5, batch_size=0, n_samples=64)
        assert trainer.batch_size == len(trainer.train_idx) == 51 and trainer.diverged_at == {"a": None, "b": None}
        assert all(math.isfinite(r.loss_a) for r in trainer.records)


def test_package_import_is_cheap():
    code = ("import sys, core.training, core.training.datasets; "
            "from core.training import TASKS; assert 'torch' not in sys.modules, 'torch imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
