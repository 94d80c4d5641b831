"""The twin trainer: two copies A and B of one MLP, trained side by side one step at a time.

Both copies start from the same initial weights (one model built from the seed, then deep-copied) and see
the same mini-batches in the same order (one seeded permutation per epoch, shared). When the model has
dropout, each step's masks are drawn from a generator re-seeded from (seed, step), so A and B also share
their dropout masks. What differs is only each run's :class:`OptimSpec` — optimizer, lr, loss scale,
weight decay, clipping, schedule — so ‖θA − θB‖ measures exactly what those settings change.

One step, for each run that has not stopped:

    loss = L(model(x_batch), y_batch)           # the unscaled loss, recorded and plotted
    (loss_scale × loss).backward()              # the optimizer sees the scaled gradient
    if loss, scaled loss or any gradient is NaN/inf: the run stops, diverged_at = this step (no update)
    clip_grad_norm_(params, clip)               # when clip > 0, on the scaled gradient
    θ ← θ(1 − lr_t λ)                           # only for decoupled decay outside Adam (sgd family, rmsprop, adagrad)
    optimizer.step() with lr_t = lr × schedule factor(t)

Per-layer gradient norms are those of the *unscaled* loss (‖∇(s·L)‖ / s) for each Linear layer (weight and
bias together), measured before clipping, so A and B compare directly whatever their loss scales.
The trainer never raises on divergence: the other run carries on.

The experiment is a :class:`core.training.config.TrainingConfig` (``TwinConfig(...)`` builds one from flat
keywords). Nothing here knows about Qt; the GUI worker calls :meth:`TwinTrainer.step` from its own thread and may
call :meth:`TwinTrainer.set_hparams` between steps to change lr, loss scale, weight decay, clip or schedule.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from core.engine.run import report_progress
from core.training.config import LIVE_KEYS, MAX_STEPS, RUNS, TrainingConfig, check_run
from core.training.datasets import Dataset, make_dataset, split_indices
from core.training.device import DeviceChoice, resolve_device
from core.training.models import ModelSpec, build_mlp, layer_names, linear_layers, uses_randomness
from core.training.optim_spec import OptimSpec

DTYPES = {"float32": torch.float32, "float64": torch.float64}

TwinConfig = TrainingConfig.from_flat
"""The flat keyword form of :class:`~core.training.config.TrainingConfig` (``task=…, depth=…, a=OptimSpec``),
as ``losslab train`` builds it; the trainer takes the TrainingConfig it returns."""


@dataclass(frozen=True)
class StepRecord:
    """What one step produced. Losses are the unscaled mini-batch losses *before* the step's update;
    ``distance`` is ‖θA − θB‖ *after* it. A stopped run has NaN loss and empty grad norms; the step at
    which it diverged holds the offending (NaN/inf) loss. Accuracies are set only on evaluation steps."""

    step: int
    loss_a: float
    loss_b: float
    distance: float
    grad_norms_a: tuple[float, ...]
    grad_norms_b: tuple[float, ...]
    lr_a: float
    lr_b: float
    accuracy_a: float | None = None  # classification: full-data accuracy on evaluation steps
    accuracy_b: float | None = None
    r2_a: float | None = None  # regression: training-set R² on evaluation steps
    r2_b: float | None = None
    test_loss_a: float | None = None  # the held-out test set's loss, accuracy / R² on evaluation steps
    test_loss_b: float | None = None
    test_score_a: float | None = None
    test_score_b: float | None = None

    def loss(self, run: str) -> float:
        return self.loss_a if run == "a" else self.loss_b


@dataclass
class _Run:
    spec: OptimSpec
    model: torch.nn.Module
    optimizer: torch.optim.Optimizer
    params: list[torch.Tensor]
    layer_params: list[list[torch.Tensor]]
    diverged_at: int | None = None


class TwinTrainer:
    """Trains runs A and B of a :class:`TrainingConfig` one :meth:`step` at a time."""

    def __init__(self, config: TrainingConfig):
        if not isinstance(config, TrainingConfig):
            raise ValueError(f"TwinTrainer needs a TrainingConfig, got {config!r}")
        self.config = config
        self.device_choice: DeviceChoice = resolve_device(config.device)
        self.device = self.device_choice.device
        self.dtype = DTYPES[config.dtype]
        self.dataset: Dataset = make_dataset(config.task, config.n_samples, config.noise, config.seed)
        data = self.dataset
        self.model_spec = ModelSpec(data.in_dim, data.out_dim, config.model)
        seeds = np.random.SeedSequence([config.seed, 0x7317]).generate_state(2)
        self._init_seed, self._dropout_seed = int(seeds[0]), int(seeds[1])
        base = build_mlp(self.model_spec, seed=self._init_seed).to(device=self.device, dtype=self.dtype)
        self.layer_names = layer_names(base)
        self._random_forward = uses_randomness(base)
        self.runs: dict[str, _Run] = {}
        for name, model in (("a", base), ("b", copy.deepcopy(base))):
            self.runs[name] = self._make_run(OptimSpec.from_mapping(config.run(name).to_dict()), model)
        self.train_idx, self.test_idx = split_indices(data, config.seed)
        label_dtype = torch.long if data.is_classification else self.dtype
        # the shift every input gets (the training mean with center_inputs, else none): x here, test, predict
        self.input_shift = (data.x[self.train_idx].mean(axis=0) if config.center_inputs
                            else np.zeros(data.x.shape[1]))
        self.x = torch.as_tensor(self.inputs(data.x[self.train_idx]), dtype=self.dtype, device=self.device)
        self.y = torch.as_tensor(data.y[self.train_idx], dtype=label_dtype, device=self.device)
        self.x_test = torch.as_tensor(self.inputs(data.x[self.test_idx]), dtype=self.dtype, device=self.device)
        self.y_test = torch.as_tensor(data.y[self.test_idx], dtype=label_dtype, device=self.device)
        self._loss_fn = _loss_function(data, config.loss)
        self.loss_name = landscape_loss(data.is_classification, config.loss)
        n = self.x.shape[0]  # the training set
        self.batch_size = n if config.batch_size in (0,) or config.batch_size >= n else config.batch_size
        self._batches_per_epoch = n // self.batch_size
        self._order_rng = np.random.default_rng(np.random.SeedSequence([config.seed, 0xBA7C4]))
        self._epoch = -1
        self._perm: torch.Tensor | None = None
        self.total_steps = config.steps
        self.step_count = 0
        self.records: list[StepRecord] = []
        self.elapsed = 0.0  # seconds spent inside step()
        self._path_stride = 0  # 0: parameter paths not recorded (see record_paths)
        self._path_max = 0
        self.path_steps: list[int] = []
        self._paths: dict[str, list[torch.Tensor]] = {"a": [], "b": []}

    # ------------------------------------------------------------------ set-up helpers
    def _make_run(self, spec: OptimSpec, model: torch.nn.Module) -> _Run:
        params = [p for p in model.parameters() if p.requires_grad]
        layer_params = [[layer.weight, layer.bias] for layer in linear_layers(model)]
        return _Run(spec, model, spec.build(params), params, layer_params)

    def _batch(self, step: int) -> tuple[torch.Tensor, torch.Tensor]:
        if self.batch_size == self.x.shape[0]:
            return self.x, self.y
        epoch, index = divmod(step - 1, self._batches_per_epoch)
        while self._epoch < epoch:  # epochs are drawn in order, so the batch sequence depends on the seed only
            self._perm = torch.as_tensor(self._order_rng.permutation(self.x.shape[0]), device=self.device)
            self._epoch += 1
        idx = self._perm[index * self.batch_size:(index + 1) * self.batch_size]
        return self.x[idx], self.y[idx]

    # ------------------------------------------------------------------ public API
    @property
    def diverged_at(self) -> dict[str, int | None]:
        return {name: run.diverged_at for name, run in self.runs.items()}

    @property
    def finished(self) -> bool:
        """True when the planned steps are done or both runs have stopped."""
        return self.step_count >= self.total_steps or self._both_stopped()

    def _both_stopped(self) -> bool:
        return all(run.diverged_at is not None for run in self.runs.values())

    def spec(self, run: str) -> OptimSpec:
        return self.runs[_check_run(run)].spec

    def set_hparams(self, run: str, **changes: Any) -> OptimSpec:
        """Change live settings of run ``run`` ('a' or 'b') between steps; returns the new spec.

        Allowed keys: lr, loss_scale, weight_decay, clip, schedule, step_size, gamma. The optimizer's
        state (momentum buffers, Adam moments) is kept."""
        state = self.runs[_check_run(run)]
        bad = [k for k in changes if k not in LIVE_KEYS]
        if bad:
            raise ValueError(f"{bad[0]!r} cannot change during a run (live keys: {', '.join(LIVE_KEYS)})")
        state.spec = state.spec.with_changes(**changes)
        return state.spec

    def set_total_steps(self, steps: int) -> None:
        if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
            raise ValueError(f"steps must be between 1 and {MAX_STEPS}, got {steps!r}")
        self.total_steps = steps

    def step(self) -> StepRecord:
        """Advance both runs by one step (a stopped run stays put) and return the step's record."""
        start = time.perf_counter()
        k = self.step_count + 1
        xb, yb = self._batch(k)
        out: dict[str, Any] = {}
        for name, run in self.runs.items():
            out[name] = self._step_run(run, k, xb, yb)
        self.step_count = k
        distance = self.param_distance()
        scores: dict[str, dict[str, float | None]] = {"a": {}, "b": {}}
        if k == 1 or k % self.config.eval_every == 0 or k == self.total_steps:
            scores = self.evaluate()
        test = "test_accuracy" if self.dataset.is_classification else "test_r2"
        record = StepRecord(k, out["a"][0], out["b"][0], distance, out["a"][1], out["b"][1],
                            out["a"][2], out["b"][2], scores["a"].get("accuracy"), scores["b"].get("accuracy"),
                            scores["a"].get("r2"), scores["b"].get("r2"),
                            scores["a"].get("test_loss"), scores["b"].get("test_loss"),
                            scores["a"].get(test), scores["b"].get(test))
        self.records.append(record)
        if self._path_stride and k % self._path_stride == 0:
            self._record_point(k)
        self.elapsed += time.perf_counter() - start
        return record

    def run(self, steps: int | None = None, progress: Callable[[float], bool] | None = None) -> list[StepRecord]:
        """Step until ``steps`` more steps are done (default: until finished); returns the new records.
        ``progress(fraction)`` is told after each step how far along it is and may return False to stop
        (core.engine.run.Cancelled is raised; the steps done stay done)."""
        first = len(self.records)
        start = self.step_count
        target = self.total_steps if steps is None else self.step_count + int(steps)
        while self.step_count < target and not self._both_stopped():
            self.step()
            report_progress(progress, (self.step_count - start) / max(target - start, 1))
        return self.records[first:]

    def _step_run(self, run: _Run, k: int, xb: torch.Tensor, yb: torch.Tensor):
        spec = run.spec
        lr = spec.lr * spec.lr_factor(k, self.total_steps)
        if run.diverged_at is not None:
            return math.nan, (), lr
        model = run.model
        if not model.training:
            model.train()
        run.optimizer.zero_grad(set_to_none=True)
        if self._random_forward:
            devices = [self.device] if self.device.type == "cuda" else []
            with torch.random.fork_rng(devices=devices):
                torch.manual_seed((self._dropout_seed + 1_000_003 * k) & 0xFFFFFFFFFFFF)
                loss = self._loss_fn(model(xb), yb)
        else:
            loss = self._loss_fn(model(xb), yb)
        scaled = loss * spec.loss_scale
        scaled.backward()
        grads = [p.grad if p.grad is not None else torch.zeros_like(p) for layer in run.layer_params for p in layer]
        norms = torch._foreach_norm(grads)  # one call for all per-tensor norms
        stats = torch.stack([loss.detach(), scaled.detach(), *norms]).tolist()
        loss_value, scaled_value, norms = stats[0], stats[1], stats[2:]
        layer_norms = tuple(math.hypot(norms[2 * i], norms[2 * i + 1]) / spec.loss_scale
                            for i in range(len(norms) // 2))
        if not (math.isfinite(loss_value) and math.isfinite(scaled_value) and all(map(math.isfinite, norms))):
            run.diverged_at = k
            run.optimizer.zero_grad(set_to_none=True)
            return loss_value, layer_norms, lr
        if spec.clip > 0:
            torch.nn.utils.clip_grad_norm_(run.params, spec.clip)
        for group in run.optimizer.param_groups:
            group["lr"] = lr
            group["weight_decay"] = spec.torch_weight_decay()
        if spec.manual_decoupled_decay and spec.weight_decay > 0:
            with torch.no_grad():
                torch._foreach_mul_(run.params, 1.0 - lr * spec.weight_decay)
        run.optimizer.step()
        return loss_value, layer_norms, lr

    # ------------------------------------------------------------------ parameter paths
    def record_paths(self, max_points: int = 400, max_bytes: int = 64 * 2**20, stride: int | None = None) -> bool:
        """Keep both runs' flat parameters (float32, on the CPU) from now on: the current point, then every
        ``stride`` steps, with stride = ⌈total steps / max_points⌉. When ``max_points`` are held, every
        other point is dropped and the stride doubles, so memory stays within ``max_points`` points per
        run (and ``max_bytes`` for both). False (nothing recorded) when even 3 points would not fit.
        ``stride`` overrides the starting stride (benchmarks)."""
        n = sum(p.numel() for p in self.runs["a"].params)
        fit = int(max_bytes // max(1, 2 * 4 * n))
        points = min(int(max_points), fit)
        if points < 3:
            self._path_stride = 0
            return False
        self._path_max = points
        self._path_stride = int(stride) if stride else max(1, -(-self.total_steps // points))
        self.path_steps = []
        self._paths = {"a": [], "b": []}
        self._record_point(self.step_count)
        return True

    def _record_point(self, k: int) -> None:
        if self.path_steps and self.path_steps[-1] == k:
            return
        if len(self.path_steps) >= self._path_max:
            self.path_steps = self.path_steps[::2]
            self._paths = {name: values[::2] for name, values in self._paths.items()}
            self._path_stride *= 2
        self.path_steps.append(k)
        with torch.no_grad():
            for name, run in self.runs.items():
                self._paths[name].append(torch.cat([p.reshape(-1) for p in run.params]).to("cpu", torch.float32))

    @property
    def path_stride(self) -> int:
        return self._path_stride

    def paths(self) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(steps (T,), {"a": (T, P), "b": (T, P)} float64): the recorded points, the latest parameters
        added as a last point (fresh arrays). A stopped run's points after its divergence repeat its frozen
        parameters."""
        steps = list(self.path_steps)
        rows = {name: list(values) for name, values in self._paths.items()}
        if self.step_count not in steps:
            steps.append(self.step_count)
            with torch.no_grad():
                for name, run in self.runs.items():
                    rows[name].append(torch.cat([p.reshape(-1) for p in run.params]).to("cpu", torch.float32))
        return (np.asarray(steps, dtype=np.int64),
                {name: torch.stack(values).double().numpy() for name, values in rows.items()})

    # ------------------------------------------------------------------ measurements
    def parameters(self, run: str) -> list[torch.Tensor]:
        """Run ``run``'s trainable parameters (live tensors: clone them to keep a snapshot)."""
        return self.runs[_check_run(run)].params

    def param_distance(self) -> float:
        """‖θA − θB‖ over all trainable parameters; NaN when either run's parameters are not finite."""
        with torch.no_grad():
            total = torch.stack([(pa - pb).pow(2).sum() for pa, pb in
                                 zip(self.runs["a"].params, self.runs["b"].params, strict=True)]).sum()
            value = math.sqrt(total.item())
        return value if math.isfinite(value) else math.nan

    def inputs(self, points: np.ndarray) -> np.ndarray:
        """What the networks see of the data points ``points`` (centred when the config asks)."""
        return np.asarray(points, dtype=np.float64) - self.input_shift

    def predict(self, run: str, points: np.ndarray) -> np.ndarray:
        """Eval-mode outputs of run ``run`` at ``points`` (n, in_dim): class probabilities (n, classes)
        for classification, fitted values (n,) for regression. Uses no randomness and changes no state."""
        model = self.runs[_check_run(run)].model
        with _eval_mode(model):
            out = model(torch.as_tensor(self.inputs(np.asarray(points)), dtype=self.dtype, device=self.device))
            if self.dataset.is_classification:
                out = torch.softmax(out, dim=1)
            else:
                out = out[:, 0]
            return out.to("cpu", torch.float64).numpy().copy()

    def evaluate(self) -> dict[str, dict[str, float | None]]:
        """Eval-mode scores per run on the training set and the held-out test set:
        ``{"a": {"loss", "accuracy", "r2", "test_loss", "test_accuracy", "test_r2"}, "b": {...}}``.

        ``accuracy`` is set for classification, ``r2`` for regression; a stopped run reports its
        frozen parameters' scores (NaN where they are not finite)."""
        result: dict[str, dict[str, float | None]] = {}
        for name, run in self.runs.items():
            with _eval_mode(run.model):
                train = self._scores(run.model, self.x, self.y)
                test = self._scores(run.model, self.x_test, self.y_test)
            result[name] = {**train, **{f"test_{key}": value for key, value in test.items()}}
        return result

    def _scores(self, model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> dict[str, float | None]:
        out = model(x)
        loss = float(self._loss_fn(out, y).item())
        if self.dataset.is_classification:
            acc = float((out.argmax(dim=1) == y).double().mean().item())
            finite = bool(torch.isfinite(out).all().item())
            return {"loss": loss, "accuracy": acc if finite else math.nan, "r2": None}
        var = float(((y - y.mean()) ** 2).mean().item())
        r2 = 1.0 - loss / var if var > 0 and math.isfinite(loss) else math.nan
        return {"loss": loss, "accuracy": None, "r2": r2}

    def summary(self) -> dict[str, Any]:
        """The numbers the CLI prints and the panel shows, as JSON-safe Python (NaN/inf → None)."""
        scores = self.evaluate()
        out: dict[str, Any] = {
            "task": self.config.task,
            "steps": self.total_steps,
            "steps_run": self.step_count,
            "seed": self.config.seed,
            "device": self.device_choice.name,
            "note": self.device_choice.note,
            "dtype": self.config.dtype,
            "batch_size": self.batch_size,
            "n_train": int(len(self.train_idx)),
            "n_test": int(len(self.test_idx)),
            "model": self.model_spec.to_dict(),
            "layers": list(self.layer_names),
        }
        for name in RUNS:
            run = self.runs[name]
            norms = [getattr(r, f"grad_norms_{name}") for r in self.records]
            norms = [n for n in norms if n]
            entry = {
                "spec": run.spec.to_dict(),
                "label": run.spec.label(),
                "loss": [_json_float(r.loss(name)) for r in self.records],
                "final_loss": _json_float(scores[name]["loss"]),
                "accuracy": _json_float(scores[name]["accuracy"]),
                "test_loss": _json_float(scores[name]["test_loss"]),
                "test_accuracy": _json_float(scores[name]["test_accuracy"]),
                "diverged_at": run.diverged_at,
                "grad_norms_first": [_json_float(v) for v in norms[0]] if norms else None,
                "grad_norms_last": [_json_float(v) for v in norms[-1]] if norms else None,
            }
            if not self.dataset.is_classification:
                entry["r2"] = _json_float(scores[name]["r2"])
                entry["test_r2"] = _json_float(scores[name]["test_r2"])
            out[name] = entry
        out["param_distance"] = [_json_float(r.distance) for r in self.records]
        out["final_param_distance"] = out["param_distance"][-1] if self.records else 0.0
        return out


def classic_experiment(scale: float = 10.0, lr: float = 0.01, optimizer: str = "sgd") -> tuple[OptimSpec, OptimSpec]:
    """The two-network experiment: A trains on loss × scale at lr, B on the plain loss at lr × scale.

    With sgd/momentum/nesterov the two follow the same trajectory (up to float rounding); with adam the
    loss scale barely matters while the lr scale does."""
    return (OptimSpec(optimizer=optimizer, lr=lr, loss_scale=scale),
            OptimSpec(optimizer=optimizer, lr=lr * scale, loss_scale=1.0))


_check_run = check_run


def landscape_loss(classification: bool, loss: str) -> str:
    """The name core.training.landscape.NetLoss gives the loss a twin trains on (its landscape, its sharpness)."""
    if not classification:
        return "mse"
    return "half_sq" if loss == "mse" else "cross_entropy"


def _loss_function(data, loss: str):
    if not data.is_classification:
        return F.mse_loss
    if loss != "mse":
        return F.cross_entropy
    classes = int(data.out_dim)

    def square_loss(out: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Cohen et al.'s square loss: ½ · mean over samples of Σ over classes (f − one-hot)²."""
        target = F.one_hot(labels, classes).to(out.dtype)
        return 0.5 * ((out - target) ** 2).sum(dim=1).mean()

    return square_loss


def _json_float(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


@contextmanager
def _eval_mode(model: torch.nn.Module):
    """Eval mode (dropout off, batch-norm running statistics) without gradients, then the mode it had."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        model.train(was_training)
