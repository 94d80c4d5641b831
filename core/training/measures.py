"""Small, seeded torch measurements the lessons quote: each returns a flat dict of named numbers.

Every function takes only plain JSON values (what a lesson file's claim holds under ``"config"``), is
deterministic for a given seed, runs on the CPU in float32 on one thread, and is kept small (well under a
second) so ``losslab lessons check`` can run all of them in the test suite. :data:`MEASURES` maps a
measure's name to its function; :func:`measure` checks the arguments and runs one.

    init_grad_norms   per-layer weight-gradient norms at initialisation of a deep MLP on a digits batch
    train_test        train vs test loss/accuracy on a small digits training set (L2, AdamW, dropout)
    dropout_modes     a dropout net trained, then read in train mode (random) and eval mode (deterministic)
    twin              the twin trainer (core.training.twin) run to the end on a TrainingConfig
    twin_sharpness    what the Training tab's sharpness chart draws for a TrainingConfig (λmax along the paths)
    chain             a deep linear-tanh chain (an unrolled RNN) whose gradient explodes; clipping tames it
    schedule          the lr multiplier of a schedule at a step (core.training.optim_spec)
    edge_of_stability full-batch GD's sharpness against 2/η on the digits (core.training.sharpness); ~10 s,
                      so one result per config is kept for the whole process (the run is deterministic)

Numbers that cannot exist (a run that never diverges) are reported as -1 for steps, NaN otherwise.
The initialisation ``normal`` (N(0, std²) weights, zero bias) is drawn here, re-seeded before the first
layer's weights, as when the lessons' numbers were measured; core.training.models' own ``normal`` (the
Training tab's) draws the same distribution right after torch's default initialisation, so other numbers.
"""

from __future__ import annotations

import copy
import functools
import inspect
import math
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace

import numpy as np

from core.engine.run import Cancelled, report_progress
from core.i18n import translate
from core.training.config import ModelConfig, TrainingConfig
from core.training.digits import digits_split

# torch and the modules that need it are imported on the first measurement (_load_torch), so that
# checking a lesson file's measure names and arguments stays cheap
torch = F = nn = ModelSpec = build_mlp = linear_layers = OptimSpec = None


def _load_torch() -> None:
    global torch, F, nn, ModelSpec, build_mlp, linear_layers, OptimSpec
    if torch is None:
        import torch as _torch
        import torch.nn.functional as _F
        from torch import nn as _nn

        from core.training.models import ModelSpec as _MS
        from core.training.models import build_mlp as _build
        from core.training.models import linear_layers as _layers
        from core.training.optim_spec import OptimSpec as _OS

        F, nn, ModelSpec, build_mlp, linear_layers, OptimSpec = _F, _nn, _MS, _build, _layers, _OS
        torch = _torch


def _needs_torch(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        _load_torch()
        return function(*args, **kwargs)
    return wrapper


class MeasureError(ValueError):
    """A measure that does not exist or an argument it does not take; the message says why."""


# The progress callback of the measurement running in this thread (see measure()). A context variable,
# not a parameter, so that a measure function's parameters stay exactly the keys a lesson's config may hold
# (check_arguments reads them) and its cached results stay keyed by those alone.
_PROGRESS: ContextVar[Callable[[float], bool] | None] = ContextVar("measure_progress", default=None)


def _progress(lo: float = 0.0, hi: float = 1.0) -> Callable[[float], bool] | None:
    """The running measurement's progress callback for a part of it that covers ``lo``..``hi`` of the
    whole (None when nobody asked); it returns False when the measurement is to stop."""
    progress = _PROGRESS.get()
    if progress is None:
        return None
    return lambda fraction: progress(lo + (hi - lo) * fraction)


def _go_on(fraction: float) -> None:
    """Tell the running measurement's caller how far it is; Cancelled if it answers stop."""
    report_progress(_PROGRESS.get(), fraction)


@contextmanager
def _quiet_torch(seed: int):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(seed))
            yield
    finally:
        torch.set_num_threads(threads)


def _mlp(in_dim, out_dim, depth, width, activation, init, std, dropout=0.0, batchnorm=False, seed=0):
    hidden = ModelConfig(depth=depth, width=width, activation=activation,
                         init="default" if init == "normal" else init, dropout=dropout, batchnorm=batchnorm)
    net = build_mlp(ModelSpec(in_dim, out_dim, hidden), seed=seed)
    if init == "normal":
        with torch.no_grad(), torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            for layer in linear_layers(net):
                layer.weight.normal_(0.0, std)
                layer.bias.zero_()
    return net


def _digits(n_train: int, seed: int):
    split = digits_split(0.2, seed=seed)
    x_tr = torch.as_tensor(split.x_train[:n_train], dtype=torch.float32)
    y_tr = torch.as_tensor(split.y_train[:n_train], dtype=torch.long)
    x_te = torch.as_tensor(split.x_test, dtype=torch.float32)
    y_te = torch.as_tensor(split.y_test, dtype=torch.long)
    return x_tr, y_tr, x_te, y_te


@_needs_torch
def init_grad_norms(depth: int = 10, width: int = 64, activation: str = "tanh", init: str = "normal",
                    std: float = 0.01, batch: int = 256, seed: int = 0) -> dict[str, float]:
    """Per-layer ‖∂L/∂W‖ at initialisation (cross-entropy on ``batch`` digits images, inputs standardised):
    ``layer_1`` … ``layer_{depth+1}`` (the last is the output layer), ``first`` (layer 1), ``last_hidden``
    (layer ``depth``), ``output``, ``min``/``max`` over the hidden layers, ``spread`` = max/min over
    the hidden layers and ``first_over_last`` = layer 1 / layer ``depth``."""
    if init not in ("normal", "xavier", "he", "default"):
        raise MeasureError(translate("core.training", "unknown init {init}; choose normal, xavier, he or default")
                           .format(init=f"{init!r}"))
    with _quiet_torch(seed):
        x, y, _, _ = _digits(batch, seed)
        x = (x - x.mean(0)) / (x.std(0) + 1e-6)  # zero mean, unit variance per pixel
        net = _mlp(64, 10, depth, width, activation, init, std, seed=seed)
        F.cross_entropy(net(x), y).backward()
        norms = [float(layer.weight.grad.norm()) for layer in linear_layers(net)]
    hidden = norms[:-1]
    out = {f"layer_{i + 1}": v for i, v in enumerate(norms)}
    out.update(first=hidden[0], last_hidden=hidden[-1], output=norms[-1], min=min(hidden), max=max(hidden),
               spread=max(hidden) / min(hidden) if min(hidden) > 0 else math.inf,
               first_over_last=hidden[0] / hidden[-1] if hidden[-1] > 0 else math.inf)
    return out


def _train_classifier(net, x, y, spec, steps: int, batch_size: int, seed: int, record=None):
    params = [p for p in net.parameters()]
    optimizer = spec.build(params)
    n = x.shape[0]
    rng = np.random.default_rng(seed)
    net.train()
    for k in range(1, steps + 1):
        if batch_size and batch_size < n:
            idx = torch.as_tensor(rng.choice(n, batch_size, replace=False))
            xb, yb = x[idx], y[idx]
        else:
            xb, yb = x, y
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(xb), yb) * spec.loss_scale
        loss.backward()
        for group in optimizer.param_groups:
            group["lr"] = spec.lr * spec.lr_factor(k, steps)
        if spec.manual_decoupled_decay and spec.weight_decay > 0:
            with torch.no_grad():
                for p in params:
                    p.mul_(1.0 - group["lr"] * spec.weight_decay)
        optimizer.step()
        if record is not None:
            record(k)
        _go_on(k / steps)


def _scores(net, x, y) -> tuple[float, float]:
    with torch.no_grad():
        out = net(x)
        return float(F.cross_entropy(out, y)), float((out.argmax(1) == y).float().mean())


@_needs_torch
def train_test(n_train: int = 100, depth: int = 2, width: int = 128, activation: str = "relu",
               init: str = "default", dropout: float = 0.0, batchnorm: bool = False, optimizer: str = "adam",
               lr: float = 0.01, weight_decay: float = 0.0, wd_mode: str | None = None, steps: int = 300,
               batch_size: int = 0, seed: int = 0) -> dict[str, float]:
    """Train an MLP on the first ``n_train`` images of the seeded digits training split; score it (eval
    mode) on the 359-image test split. Returns ``train_loss``, ``test_loss``, ``train_acc``, ``test_acc``,
    ``gap`` (test − train loss), ``best_test_loss`` and ``best_test_step`` (checked every 10 steps),
    ``test_rise`` (final − best test loss) and ``weight_norm`` (‖θ‖ of all weights)."""
    run = {"optimizer": optimizer, "lr": lr}
    if weight_decay:
        run["weight_decay"] = weight_decay
        if wd_mode:
            run["wd_mode"] = wd_mode
    spec = OptimSpec.from_mapping(run)
    with _quiet_torch(seed):
        x, y, xt, yt = _digits(n_train, seed)
        net = _mlp(64, 10, depth, width, activation, init, 0.0, dropout, batchnorm, seed)
        best = [math.inf, 0]

        def record(k):
            if k % 10 == 0:
                net.eval()
                loss = _scores(net, xt, yt)[0]
                net.train()
                if loss < best[0]:
                    best[:] = [loss, k]

        _train_classifier(net, x, y, spec, steps, batch_size, seed, record)
        net.eval()
        train_loss, train_acc = _scores(net, x, y)
        test_loss, test_acc = _scores(net, xt, yt)
        weight_norm = float(torch.sqrt(sum((layer.weight.detach() ** 2).sum() for layer in linear_layers(net))))
    return {"train_loss": train_loss, "test_loss": test_loss, "train_acc": train_acc, "test_acc": test_acc,
            "gap": test_loss - train_loss, "best_test_loss": best[0], "best_test_step": float(best[1]),
            "test_rise": test_loss - best[0], "weight_norm": weight_norm}


@_needs_torch
def dropout_modes(p: float = 0.5, n_train: int = 300, depth: int = 2, width: int = 128, steps: int = 300,
                  lr: float = 0.005, passes: int = 20, seed: int = 0) -> dict[str, float]:
    """A dropout-``p`` MLP trained with Adam on digits, then read on the test split. ``eval_acc`` (dropout
    off, the inference mode); ``train_mode_acc`` (mean accuracy of ``passes`` train-mode passes, dropout on);
    ``flip`` (fraction of test images whose predicted digit differs between two train-mode passes);
    ``eval_repeat_diff`` (largest output difference between two eval passes: 0, deterministic);
    ``scale_ratio`` (mean first-hidden-layer activation, train mode ÷ eval mode: ≈1 thanks to the
    1/(1−p) scaling during training) and ``unscaled_acc`` (accuracy at inference if that scaling is
    forgotten, i.e. every dropout layer's output multiplied by 1 − p)."""
    with _quiet_torch(seed):
        x, y, xt, yt = _digits(n_train, seed)
        net = _mlp(64, 10, depth, width, "relu", "default", 0.0, p, False, seed)
        _train_classifier(net, x, y, OptimSpec.from_mapping({"optimizer": "adam", "lr": lr}), steps, 0, seed)
        net.eval()
        eval_acc = _scores(net, xt, yt)[1]
        with torch.no_grad():
            e1, e2 = net(xt), net(xt)
            net.train()
            outs = [net(xt) for _ in range(passes)]
            accs = [float((o.argmax(1) == yt).float().mean()) for o in outs]
            flip = float((outs[0].argmax(1) != outs[1].argmax(1)).float().mean())
            hidden = net[:2]  # first Linear + ReLU
            drop = net[2]
            a_train = float(torch.stack([drop(hidden(xt)).mean() for _ in range(passes)]).mean())
            net.eval()
            a_eval = float(drop(hidden(xt)).mean())
            # inference without the rescale: every dropout layer scales by (1 - p)
            h = xt
            for module in net:
                h = h * (1 - p) if isinstance(module, nn.Dropout) else module(h)
            unscaled_acc = float((h.argmax(1) == yt).float().mean())
    return {"eval_acc": eval_acc, "train_mode_acc": float(np.mean(accs)), "train_mode_acc_min": min(accs),
            "flip": flip, "eval_repeat_diff": float((e1 - e2).abs().max()),
            "scale_ratio": a_train / a_eval, "unscaled_acc": unscaled_acc}


@_needs_torch
def twin(**config) -> dict[str, float]:
    """Run the twin trainer on ``TrainingConfig.from_dict(config)`` to its end. Per run r in a, b:
    ``final_loss_r`` (training set, eval mode), ``acc_r`` (classification; NaN for regression),
    ``diverged_r`` (the step, −1 if never), ``test_loss_r`` / ``test_acc_r`` (the trainer's held-out test
    split), ``loss_first_r`` (mini-batch loss at step 1), ``tail_loss_r`` (mean mini-batch loss of the
    last 10% of steps), ``rough_r`` (mean |Δ mini-batch loss| over the last half of the run),
    ``grad_first_r`` / ``grad_last_r`` (layer-1 and output-layer gradient norms at step 1), ``lr_end_r``
    (the lr of the last step); ``distance`` (‖θA − θB‖ at the end) and ``max_distance``."""
    from core.training.twin import TwinTrainer

    try:
        cfg = TrainingConfig.from_dict(config)
    except (TypeError, ValueError) as exc:
        raise MeasureError(translate("core.training", "bad training config: {reason}").format(reason=exc)) from None
    with _quiet_torch(cfg.seed):
        # scores only at the start and the end: evaluation is eval-mode and draws no random numbers, so
        # the training path is the panel's, step for step
        trainer = TwinTrainer(replace(cfg, eval_every=cfg.steps))
        records = trainer.run(progress=_progress())
        scores = trainer.evaluate()
    out: dict[str, float] = {}
    n = len(records)
    for r in ("a", "b"):
        losses = np.array([rec.loss(r) for rec in records], dtype=float)
        finite = losses[np.isfinite(losses)]
        tail = finite[-max(n // 10, 1):] if finite.size else finite
        half = finite[finite.size // 2:]
        out[f"final_loss_{r}"] = float(scores[r]["loss"])
        acc = scores[r]["accuracy"]
        out[f"acc_{r}"] = float(acc) if acc is not None else math.nan
        for key in ("test_loss", "test_accuracy"):
            value = scores[r].get(key)
            out[f"{key.replace('accuracy', 'acc')}_{r}"] = float(value) if value is not None else math.nan
        out[f"diverged_{r}"] = float(trainer.diverged_at[r] or -1)
        out[f"loss_first_{r}"] = float(losses[0])
        out[f"tail_loss_{r}"] = float(tail.mean()) if tail.size else math.nan
        out[f"rough_{r}"] = float(np.abs(np.diff(half)).mean()) if half.size > 1 else math.nan
        norms = records[0].grad_norms_a if r == "a" else records[0].grad_norms_b
        out[f"grad_first_{r}"] = float(norms[0]) if norms else math.nan
        out[f"grad_last_{r}"] = float(norms[-1]) if norms else math.nan
        out[f"lr_end_{r}"] = float(records[-1].lr_a if r == "a" else records[-1].lr_b)
    distances = np.array([rec.distance for rec in records], dtype=float)
    out["distance"] = float(distances[-1])
    out["max_distance"] = float(np.nanmax(distances)) if np.isfinite(distances).any() else math.nan
    return out


LATE_STEPS = 20  # the chain measure's late_loss and late_swing: its last 20 finite losses


@_needs_torch
def chain(length: int = 30, width: int = 16, gain: float = 1.0, activation: str = "linear", lr: float = 0.01,
          clip: float = 0.0, steps: int = 60, seed: int = 0) -> dict[str, float]:
    """A vanilla RNN unrolled ``length`` steps: h ← tanh(W h + U x_t), W = ``gain`` × a random orthogonal
    matrix, U small; the task: predict the sum of the sequence's first inputs' signs from the last state
    (mean squared error). SGD at ``lr``, the global gradient norm clipped to ``clip`` when > 0. Returns
    ``grad_init`` (‖∇‖ at the first step), ``grad_max`` (largest ‖∇‖ seen before any NaN), ``diverged``
    (first step whose loss or gradient is NaN/inf, −1 if none), ``final_loss`` (last finite loss),
    ``first_loss``, ``nan`` (1 if the run ended with a NaN loss, else 0), and over the last
    ``LATE_STEPS`` finite losses their mean ``late_loss`` and their spread ``late_swing`` (largest −
    smallest). A run that bounces ends anywhere in its swing, and where depends on rounding: at lr 0.003 its
    ``final_loss`` is 1.94 with MKL's AVX-512 code (an AVX-512 CPU's own choice) and 3.72 with its AVX2
    code, so a text about such a run quotes ``late_loss``."""
    with _quiet_torch(seed):
        gen = torch.Generator().manual_seed(seed)
        w = torch.linalg.qr(torch.randn(width, width, generator=gen))[0] * gain
        w.requires_grad_(True)
        u = (torch.randn(width, 1, generator=gen) * 0.5).requires_grad_(True)
        v = (torch.randn(1, width, generator=gen) / math.sqrt(width)).requires_grad_(True)
        params = [w, u, v]
        x = torch.randn(64, length, 1, generator=gen)
        target = x[:, :5, 0].sum(1, keepdim=True)
        optimizer = torch.optim.SGD(params, lr=lr)
        grad_init = grad_max = math.nan
        diverged, first_loss = -1, math.nan
        losses: list[float] = []  # the finite ones, in order
        for k in range(1, steps + 1):
            optimizer.zero_grad(set_to_none=True)
            h = torch.zeros(64, width)
            for t in range(length):
                h = h @ w.T + x[:, t] @ u.T
                if activation == "tanh":
                    h = torch.tanh(h)
            loss = F.mse_loss(h @ v.T, target)
            loss.backward()
            norm = float(torch.sqrt(sum((p.grad ** 2).sum() for p in params)))
            value = loss.item()
            if k == 1:
                grad_init, first_loss = norm, value
            if not (math.isfinite(value) and math.isfinite(norm)):
                diverged = k
                break
            grad_max = norm if not math.isfinite(grad_max) else max(grad_max, norm)
            losses.append(value)
            if clip > 0:
                torch.nn.utils.clip_grad_norm_(params, clip)
            optimizer.step()
            with torch.no_grad():
                if not all(torch.isfinite(p).all() for p in params):
                    diverged = k + 1
                    break
            _go_on(k / steps)
    late = np.array(losses[-LATE_STEPS:], dtype=float)
    return {"grad_init": grad_init, "grad_max": grad_max, "diverged": float(diverged), "first_loss": first_loss,
            "final_loss": losses[-1] if losses else math.nan, "nan": 1.0 if diverged > 0 else 0.0,
            "late_loss": float(late.mean()) if len(late) else math.nan,
            "late_swing": float(late.max() - late.min()) if len(late) else math.nan}


@_needs_torch
def schedule(schedule: str = "constant", steps: int = 300, step: int = 1, step_size: int | None = None,
             gamma: float = 0.1) -> dict[str, float]:
    """The lr multiplier ``factor`` of ``schedule`` at ``step`` (1-based) of a ``steps``-step run."""
    spec = OptimSpec.from_mapping({"optimizer": "sgd", "lr": 0.1, "schedule": schedule, "gamma": gamma,
                                   **({"step_size": step_size} if step_size else {})})
    return {"factor": spec.lr_factor(step, steps)}


MAX_SHARPNESS_ESTIMATES = 100  # λmax estimates an edge_of_stability measurement may ask for (~0.1 s each)


@_needs_torch
def edge_of_stability(lr: float = 0.3, steps: int = 800, every: int = 25, depth: int = 3, width: int = 64,
                      seed: int = 0) -> dict[str, float]:
    """Cohen et al. (2021) on the digits (:func:`core.training.sharpness.edge_of_stability`: a tanh MLP,
    full-batch GD at ``lr`` on the square loss, λmax every ``every`` steps). ``threshold`` 2/η;
    ``sharpness_start`` / ``sharpness_end`` / ``sharpness_max`` λmax at step 0, at the end and the largest;
    ``first_reach`` the first measured step with λmax ≥ 2/η (−1 if never) and ``first_reach_90`` with
    λmax ≥ 0.9·2/η; from ``first_reach`` on, λmax/(2/η) has median ``median_ratio``, range ``min_ratio`` ..
    ``max_ratio`` and ``share_within_10`` of the estimates within 10 % of 1 (NaN if never reached);
    ``loss_start``, ``loss_at_reach``, ``loss_end`` the training loss there; ``increases_before`` and
    ``increases_after`` the steps whose loss rose above the previous step's, before and after
    ``first_reach``; ``n_params``."""
    for key, value in (("lr", lr), ("steps", steps), ("every", every), ("depth", depth), ("width", width),
                       ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise MeasureError(translate("core.training", "measure edge_of_stability: {key} must be a number, got "
                                                          "{value}").format(
                key=key, value=f"{value!r:.40}"))
    if isinstance(every, int) and isinstance(steps, int) and every >= 1 and steps // every > MAX_SHARPNESS_ESTIMATES:
        error = MeasureError(translate("core.training", "measure edge_of_stability: {steps} λmax estimates asked; "
                                                        "at most {limit}: raise every").format(
            steps=steps // every + 1, limit=MAX_SHARPNESS_ESTIMATES + 1))
        error.key = "every"
        raise error
    return dict(_edge_of_stability(lr, steps, every, depth, width, seed))


@functools.lru_cache(maxsize=8)
def _edge_of_stability(lr, steps, every, depth, width, seed) -> tuple:
    from core.training.sharpness import edge_of_stability as run

    with _quiet_torch(seed):
        series = run(lr=lr, steps=steps, every=every, depth=depth, width=width, seed=seed, progress=_progress())
    reach = series.first_reach()
    reach_90 = series.first_reach(0.9)
    rises = np.diff(series.loss) > 0  # rises[k]: the loss after step k+1 is above the loss before it
    out = {"threshold": series.threshold, "sharpness_start": float(series.sharpness[0]),
           "sharpness_end": float(series.sharpness[-1]), "sharpness_max": float(np.max(series.sharpness)),
           "first_reach": float(-1 if reach is None else reach),
           "first_reach_90": float(-1 if reach_90 is None else reach_90),
           "loss_start": float(series.loss[0]), "loss_end": float(series.loss[-1]), "n_params": float(series.n_params)}
    if reach is None:
        out.update(median_ratio=math.nan, min_ratio=math.nan, max_ratio=math.nan, share_within_10=math.nan,
                   loss_at_reach=math.nan, increases_before=float(rises.sum()), increases_after=math.nan)
    else:
        ratio = series.after_reach()
        out.update(median_ratio=float(np.median(ratio)), min_ratio=float(ratio.min()), max_ratio=float(ratio.max()),
                   share_within_10=float(series.share_within(0.1)), loss_at_reach=float(series.loss[reach]),
                   increases_before=float(rises[:reach].sum()), increases_after=float(rises[reach:].sum()))
    return tuple(out.items())


CHART_PATH_POINTS = 400  # parameter points the Training tab records per run (app.training.worker.PATH_POINTS)


@_needs_torch
def twin_sharpness(**config) -> dict[str, float]:
    """What the Training tab's sharpness chart draws for ``TrainingConfig.from_dict(config)`` run to its end:
    the twins trained with their paths recorded as the panel records them, λmax of the trained loss
    (Lanczos, as the chart: core.training.sharpness.CHART_POINTS evenly spaced recorded steps, CHART_ITER
    iterations) along each path. Per run r: ``start_r``, ``end_r``, ``max_r`` (λmax at the first and last
    point, the largest) and the same over 2/lr as ``start_ratio_r``, ``end_ratio_r``, ``max_ratio_r``;
    ``threshold_r`` 2/lr. Plain λmax for every optimizer (the chart draws Adam's preconditioned)."""
    try:
        cfg = TrainingConfig.from_dict(config)
    except (TypeError, ValueError) as exc:
        raise MeasureError(translate("core.training", "bad training config: {reason}").format(reason=exc)) from None
    return dict(_twin_sharpness(cfg))


@functools.lru_cache(maxsize=4)
def _twin_sharpness(cfg: TrainingConfig) -> tuple:
    from core.training.landscape import NetLoss
    from core.training.sharpness import CHART_ITER, chart_rows, sharpness_along
    from core.training.twin import TwinTrainer

    with _quiet_torch(cfg.seed):
        trainer = TwinTrainer(replace(cfg, eval_every=cfg.steps))
        trainer.record_paths(CHART_PATH_POINTS)
        trainer.run(progress=_progress(0.0, 0.8))  # training is ~4/5 of the time; λmax along both paths the rest
        _, paths = trainer.paths()
        data = trainer.dataset
        net = NetLoss(copy.deepcopy(trainer.runs["a"].model), trainer.inputs(data.x[trainer.train_idx]),
                      data.y[trainer.train_idx], loss=trainer.loss_name, dtype=trainer.dtype)
        out: dict[str, float] = {}
        for i, r in enumerate(("a", "b")):
            rows = paths[r]
            rows = rows[np.all(np.isfinite(rows), axis=1)]
            values = sharpness_along(net, rows[chart_rows(len(rows))], max_iter=CHART_ITER, tol=1e-3, seed=cfg.seed,
                                     dtype=net.dtype, progress=_progress(0.8 + 0.1 * i, 0.9 + 0.1 * i))
            threshold = 2.0 / cfg.run(r).lr
            for key, value in (("start", values[0]), ("end", values[-1]), ("max", values.max())):
                out[f"{key}_{r}"] = float(value)
                out[f"{key}_ratio_{r}"] = float(value) / threshold
            out[f"threshold_{r}"] = threshold
    return tuple(out.items())


MEASURES: dict[str, Callable[..., dict[str, float]]] = {
    "init_grad_norms": init_grad_norms, "train_test": train_test, "dropout_modes": dropout_modes,
    "twin": twin, "chain": chain, "schedule": schedule, "edge_of_stability": edge_of_stability,
    "twin_sharpness": twin_sharpness,
}


# The largest value of each size-like argument (a lesson file must not be able to ask for an hour of work
# or gigabytes of memory; the lessons need far less). Twin runs: the keys of TrainingConfig checked below.
LIMITS = {"depth": 16, "width": 512, "batch": 1437, "n_train": 1437, "steps": 3000, "passes": 50,
          "length": 200, "seed": 2**31 - 1}
TWIN_LIMITS = {"steps": 3000, "n_samples": 5000, "batch_size": 5000, "eval_every": 10**6}
TWIN_MODEL_LIMITS = {"depth": 16, "width": 512}


def _limit(name: str, key: str, value, high) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > high:
        error = MeasureError(translate("core.training", "measure {name}: {key} must be at most {high}, got {value}")
                             .format(name=name, key=key, high=high, value=f"{value:.6g}"))
        error.key = key
        raise error


def check_arguments(name: str, config: dict) -> None:
    """MeasureError unless ``name`` is a measure taking every key of ``config``, within :data:`LIMITS`
    (a twin config must also be a valid TrainingConfig on the CPU); other values are checked on run."""
    if name not in MEASURES:
        raise MeasureError(translate("core.training", "unknown measure {name}; choose one of: {measures}").format(
            name=f"{name!r:.40}", measures=', '.join(MEASURES)))
    if not isinstance(config, dict):
        raise MeasureError(translate("core.training", "'config' must be an object"))
    if name in ("twin", "twin_sharpness"):
        try:
            cfg = TrainingConfig.from_dict(config)
        except (TypeError, ValueError) as exc:
            raise MeasureError(translate("core.training", "bad training config: {reason}").format(reason=exc)) from None
        for key, high in TWIN_LIMITS.items():
            _limit(name, key, getattr(cfg, key), high)
        for key, high in TWIN_MODEL_LIMITS.items():
            _limit(name, f"model {key}", getattr(cfg.model, key), high)
        if cfg.device != "cpu":
            error = MeasureError(translate("core.training", "measure twin: lessons measure on the CPU (device cpu)"))
            error.key = "device"
            raise error
        return
    params = inspect.signature(inspect.unwrap(MEASURES[name])).parameters
    unknown = [key for key in config if key not in params]
    if unknown:
        error = MeasureError(translate("core.training", "measure {name} takes no {unknown}; it takes {params}").format(
            name=name, unknown=f"{unknown[0]!r:.40}", params=', '.join(params)))
        error.key = unknown[0]  # the config key to point at
        raise error
    for key, value in config.items():
        if key in LIMITS:
            _limit(name, key, value, LIMITS[key])


def measure(name: str, config: dict, progress: Callable[[float], bool] | None = None) -> dict[str, float]:
    """Run measure ``name`` with ``config``; MeasureError on a bad name, argument or value.
    ``progress(fraction)`` is told how far the measurement is, at least once per training step, and may
    return False to stop it (core.engine.run.Cancelled is raised and nothing of it is kept)."""
    check_arguments(name, config)
    _load_torch()
    token = _PROGRESS.set(progress)
    try:
        return MEASURES[name](**config)
    except (MeasureError, Cancelled):
        raise
    except Exception as exc:  # noqa: BLE001 — a lesson's odd value (a negative batch, a text std) is its error,
        # reported in one line on the claim, never a traceback
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise MeasureError(translate("core.training", "measure {name}: {reason}").format(name=name, reason=first)) \
            from None
    finally:
        _PROGRESS.reset(token)
