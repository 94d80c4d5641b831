"""The optimizer's state at every step: what the vectors, the state panel, the stability gauge and the
step-by-step mode show.

:func:`record_state` runs the same trajectories as core.engine.run.run through a
recording twin of the kernel (core.engine.kernel.replay_state: the same update equations, operation for
operation, so its points equal the engine's bit for bit — a test checks it) and returns every quantity
as (n_runs, …, 2) arrays a view only has to draw.

Indexing: ``points``, ``m``, ``v``, ``b`` are (n, T+1, 2), index t = after step t (index 0: the start,
zero state). Per-step arrays ``grad``, ``g``, ``lr_eff``, ``step`` are (n, T, 2) and ``bias1``, ``bias2``
(n, T): index k describes step k + 1, the step that leaves ``points[:, k]`` — so at playback step k a
view draws ``grad[:, k]``, ``g[:, k]``, ``step[:, k]`` at the head ``points[:, k]``.

Which gradient is which:
  * ``grad`` — ∇f at θ_k: the unscaled, noise-free surface gradient (draw −s·∇f with ``scaled_descent``).
  * ``g`` — what the optimizer's update rule received: s·(∇f + σξ), rounded to ``grad_dtype`` and
    unscaled (when set), clipped to the norm c, then + λθ for coupled weight decay (every kind but
    AdamW, whose decay shrinks θ instead). It is torch's ``grad`` inside ``optimizer.step()`` after
    its ``grad = grad.add(param, alpha=weight_decay)``.
The state, named as torch.optim names it: ``m`` Adam's ``exp_avg``; ``v`` Adam's ``exp_avg_sq``,
RMSprop's ``square_avg``, Adagrad's ``sum``; ``b`` the ``momentum_buffer`` (SGD family, RMSprop with
μ > 0). Unused buffers stay 0. ``lr_eff`` the per-coordinate effective learning rate: γ (SGD family);
γ/(√v + ε) (RMSprop); γ/(√v/√(1 − β₂ᵗ) + ε) = γ/(√v̂ + ε) as torch computes it (Adam, AdamW: the step
is −lr_eff·m̂, m̂ = m/(1 − β₁ᵗ)); γₜ/(√S + ε) with γₜ = γ/(1 + (t − 1)δ) (Adagrad). ``bias1``, ``bias2``:
1 − β₁ᵗ, 1 − β₂ᵗ (1 for non-Adam kinds). ``step`` Δθ = θ_{k+1} − θ_k.

A diverging run: ``valid[i]`` steps are recorded (its divergence step, where θ left the finite region,
and later ones are not); after them the state holds its last recorded value and per-step arrays are 0,
so no NaN or inf reaches a plot.

The recording also holds everything ``run`` returns (``loss``, ``diverged_at``, ``left_domain``;
``trajectories()`` gives the very same Trajectories, bit for bit): while the state is shown, a recompute
can call :func:`record_state` instead of ``run`` and pay only the recording's extra over the plain run
(benchmarks/bench_state.py measures both ways), plus, only when a run stopped early, that run again
through the engine to learn whether it left the domain (``left_domain``, computed on first use).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from core.engine.run import DIVERGENCE_BOUND, Batch, Trajectories, noise_streams, run, validate_run
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces.surface import Surface

ADAPTIVE = ("rmsprop", "adam", "adamw", "adagrad")
# The recorded arrays hold 21 float64s per run and step (points, loss, grad, g, m, v, b, lr_eff, bias1,
# bias2); derived views (step, v̂, m̂) add 6 more when asked for. One recording is refused beyond
# MAX_RECORDED run-steps (about 1 GiB); callers check it against memory with core.limits first.
BYTES_PER_RUN_STEP = 8 * 21
MAX_RECORDED = 6_000_000


def recordable(runs: int, steps: int) -> bool:
    """A recording of ``runs`` × ``steps`` is within MAX_RECORDED (record_state refuses one that is not)."""
    return runs * steps <= MAX_RECORDED


def state_bytes(runs: int, steps: int) -> int:
    """The memory of a recording of ``runs`` runs × ``steps`` steps (for core.limits.check_memory)."""
    return BYTES_PER_RUN_STEP * runs * (steps + 1)


@dataclass(frozen=True)
class OptimizerState:
    """Every run's state at every step (see the module docstring for shapes and meanings)."""

    kinds: tuple[str, ...]
    loss_scale: np.ndarray  # (n,) s of each run
    points: np.ndarray
    loss: np.ndarray  # (n, T+1) the unscaled surface value, as Trajectories.loss
    grad: np.ndarray
    g: np.ndarray
    m: np.ndarray
    v: np.ndarray
    b: np.ndarray
    lr_eff: np.ndarray
    bias1: np.ndarray
    bias2: np.ndarray
    diverged_at: np.ndarray  # (n,) as Trajectories.diverged_at: the diverging step, −1 if none
    # what was run (record_state's arguments), for left_domain
    surface: Surface = field(repr=False, compare=False)
    specs: tuple[OptimizerSpec, ...] = field(repr=False, compare=False)
    starts: np.ndarray = field(repr=False, compare=False)  # (n, 2)

    @functools.cached_property
    def left_domain(self) -> np.ndarray:
        """(n,) bool as Trajectories.left_domain: the run stopped because it left the surface's domain (f
        undefined where it stood or landed), not because it diverged. The replay does not tell (it keeps
        neither the point a run stopped at nor the slope before it), so on first use the runs that
        stopped, usually none, are run again through the engine, which does: each costs the steps it
        took (unrecorded, and only up to the last of them to stop). Only trajectories() needs it, so a
        state that is only shown never pays for it."""
        left = np.zeros(self.diverged_at.shape[0], bool)
        stopped = np.flatnonzero(self.diverged_at >= 0)
        if stopped.size:
            again = run(self.surface, [self.specs[i] for i in stopped], int(self.diverged_at[stopped].max()),
                        self.starts[stopped], record=False)
            left[stopped] = again.left_domain
        return left

    @property
    def steps(self) -> int:
        return self.g.shape[1]

    @property
    def valid(self) -> np.ndarray:
        """(n,) the steps recorded per run: T, or up to the step before a divergence."""
        return np.where(self.diverged_at < 0, self.steps, np.maximum(self.diverged_at - 1, 0))

    def trajectories(self) -> Trajectories:
        """The engine's result for the same runs (``core.engine.run.run``'s, bit for bit)."""
        rows = np.arange(self.points.shape[0])
        last = self.valid
        return Trajectories(self.points, self.loss, self.points[rows, last].copy(), self.loss[rows, last].copy(),
                            self.diverged_at, self.left_domain)

    @property
    def step(self) -> np.ndarray:
        """Δθ (n, T, 2): θ_{k+1} − θ_k (0 after a run's last recorded step)."""
        return np.diff(self.points, axis=1)

    @property
    def scaled_descent(self) -> np.ndarray:
        """−s·∇f (n, T, 2): the plain descent direction of the scaled loss at each head."""
        return -self.loss_scale[:, None, None] * self.grad

    @property
    def v_hat(self) -> np.ndarray:
        """v̂ = v/(1 − β₂ᵗ) (n, T, 2), index k for step k + 1 (v itself for non-Adam kinds)."""
        bias2 = np.where(self.bias2 > 0, self.bias2, 1.0)
        return self.v[:, 1:] / bias2[..., None]

    @property
    def m_hat(self) -> np.ndarray:
        """m̂ = m/(1 − β₁ᵗ) (n, T, 2), index k for step k + 1."""
        bias1 = np.where(self.bias1 > 0, self.bias1, 1.0)
        return self.m[:, 1:] / bias1[..., None]

    def uses(self, i: int) -> tuple[str, ...]:
        """The buffers run ``i`` has, by name ("m", "v", "b"), for a panel to show only those."""
        kind = self.kinds[i]
        if kind in ("adam", "adamw"):
            return ("m", "v")
        if kind == "rmsprop":
            return ("v", "b") if self.b[i].any() else ("v",)
        if kind == "adagrad":
            return ("v",)
        return ("b",) if kind != "sgd" or self.b[i].any() else ()


def head_vectors(state: OptimizerState, k: int) -> dict[str, np.ndarray]:
    """What a view draws at every run's head at playback step k (each (n, 2)): ``head`` θ_k,
    ``descent`` −s·∇f(θ_k), ``buffer`` the run's moving direction (Adam's m, the momentum buffer b after
    step k + 1; 0 for kinds without one), ``step`` Δθ of step k + 1. At k = T (the end) the per-step
    vectors are 0. One array per vector, so the view can scale them all by one stated factor."""
    n, steps = state.points.shape[0], state.steps
    if not 0 <= k <= steps:
        raise ValueError(f"step {k} is outside 0..{steps}")
    if k == steps:
        zero = np.zeros((n, 2))
        return {"head": state.points[:, k].copy(), "descent": zero, "buffer": zero.copy(), "step": zero.copy()}
    adam = np.array([kind in ("adam", "adamw") for kind in state.kinds])[:, None]
    # step k's columns only (the properties would derive every step of every run: this runs every frame)
    return {"head": state.points[:, k].copy(), "descent": -state.loss_scale[:, None] * state.grad[:, k],
            "buffer": np.where(adam, state.m[:, k + 1], state.b[:, k + 1]),
            "step": state.points[:, k + 1] - state.points[:, k]}


def panel_series(state: OptimizerState, i: int) -> dict[str, np.ndarray]:
    """Run ``i``'s per-step series for the state panel's small plots, each (valid, 2) (bias
    corrections (valid,)): g, its buffers (m, v, v̂, 1 − β₁ᵗ, 1 − β₂ᵗ / b / v / S), lr_eff and Δθ. Use
    :func:`spans_decades` to choose a log y axis."""
    k = int(state.valid[i])
    series = {"g": state.g[i, :k]}
    kind = state.kinds[i]
    if kind in ("adam", "adamw"):
        bias2 = state.bias2[i, :k]
        v_hat = state.v[i, 1:k + 1] / np.where(bias2 > 0, bias2, 1.0)[:, None]  # as OptimizerState.v_hat, run i only
        series.update(m=state.m[i, 1:k + 1], v=state.v[i, 1:k + 1], v_hat=v_hat, bias1=state.bias1[i, :k], bias2=bias2)
    elif kind in ("rmsprop", "adagrad"):
        series["v"] = state.v[i, 1:k + 1]
    if "b" in state.uses(i):
        series["b"] = state.b[i, 1:k + 1]
    series.update(lr_eff=state.lr_eff[i, :k], step=np.diff(state.points[i, :k + 1], axis=0))
    return series


def spans_decades(values, decades: float = 2.0) -> bool:
    """True when the nonzero magnitudes of ``values`` span at least ``decades`` powers of ten."""
    magnitudes = np.abs(np.asarray(values, np.float64))
    magnitudes = magnitudes[np.isfinite(magnitudes) & (magnitudes > 0)]
    return magnitudes.size > 1 and np.log10(magnitudes.max() / magnitudes.min()) >= decades


def record_state(surface: Surface, specs: Sequence[OptimizerSpec], steps: int, start=None) -> OptimizerState:
    """The state of every spec's run from ``start`` (default: the surface's) over ``steps`` steps — the
    same runs as ``core.engine.run.run(surface, specs, steps, start)``. Pass the *effective* specs
    (a scene's ``effective_specs()``: lr and loss scale with the race's global factors applied)."""
    from core.engine.compiled import replay_state  # compiled code: loaded on first use

    batch = Batch.from_specs(specs, surface.start if start is None else start)
    validate_run(batch, steps)
    n = batch.size
    if not recordable(n, steps):
        raise ValueError(f"recording the state of {n} runs × {steps} steps is too large (at most "
                         f"{MAX_RECORDED:,} run-steps); use fewer steps")
    points, loss, m, v, b, grad, g, lr_eff, bias1, bias2, diverged_at = _recording_arrays(n, steps)
    streams, index = noise_streams(batch.seeds, batch.hyper, max(steps, 1))
    replay_state(surface.sid, surface.native_params, surface.kernel_program(), batch.starts, batch.kinds,
                 batch.hyper, streams, index, steps, DIVERGENCE_BOUND, points, loss, grad, g, m, v, b, lr_eff, bias1,
                 bias2, diverged_at, 0, n)
    return OptimizerState(tuple(KINDS[k] for k in batch.kinds), np.array([s.loss_scale for s in specs], float),
                          points, loss, grad, g, m, v, b, lr_eff, bias1, bias2, diverged_at, surface, tuple(specs),
                          batch.starts)


def _recording_arrays(n: int, steps: int) -> list[np.ndarray]:
    """The arrays replay_state fills (points, loss, m, v, b, grad, g, lr_eff, bias1, bias2, diverged_at;
    shapes as the module docstring says), uninitialised: the kernel writes every element, the steps after
    a run's end included (tests/core/test_state_recording.py checks it). Zeroed arrays cost ~0.2 ms more
    a recording of 7 × 1,000 steps: each of these ~100 KiB arrays comes from the heap's free memory,
    which np.zeros has to clear. (One block for all of them was no cheaper: at 1.2 MB it is mapped fresh
    each time and pays a page fault per 4 KiB touched.)"""
    path, per_step = (n, steps + 1, 2), (n, steps, 2)
    shapes = (path, (n, steps + 1), path, path, path, per_step, per_step, per_step, (n, steps), (n, steps))
    return [*(np.empty(shape) for shape in shapes), np.empty(n, np.int64)]


def stability(surface: Surface, specs: Sequence[OptimizerSpec], state: OptimizerState) -> list:
    """Each run's core.optim.stability.StabilityCurve: the Hessian (core.surfaces.hessian) at every
    head θ_k, its λmax and λmin, and the run's stability quantity against its limit."""
    from core.optim.stability import stability_curves
    from core.surfaces.hessian import hessian

    heads = state.points[:, :-1]
    return stability_curves(specs, state, *hessian(surface, heads[..., 0], heads[..., 1]))


def warm_up() -> None:
    """Compile (or load from numba's disk cache) the recording kernel with a tiny run, so the first
    state view does not pay it (the app calls it off the UI thread; instant with the ahead-of-time
    module)."""
    from core.surfaces.surface import get_surface

    record_state(get_surface("bowl"), [OptimizerSpec("adam")], 2)


def _pairs(array: np.ndarray) -> list:
    """JSON-ready lists; a non-finite number (a Hessian entry where f's curvature is unbounded, e.g.
    |y|^1.5 at y = 0) becomes null."""
    array = np.asarray(array, np.float64)
    if np.isfinite(array).all():
        return array.tolist()
    return np.where(np.isfinite(array), array, None).tolist()


def state_table(surface: Surface, specs: Sequence[OptimizerSpec], steps: int, start=None) -> dict:
    """JSON-ready state of every run (``losslab trajectory … --state --json``): per run its kind, the
    recorded step count, and per step t = 1..valid the lists ``g`` (the gradient the rule used), the
    buffers it has (``m``, ``v``, ``v_hat``, ``momentum_buffer``/``square_avg``/``sum`` under torch's names
    as ``torch_state``), ``lr_eff``, ``step`` Δθ, ``lambda_max`` (the Hessian's at θ_{t−1}), and the
    stability quantity with its limit (core.optim.stability)."""
    state = record_state(surface, specs, steps, start)
    curves = stability(surface, specs, state)
    runs = []
    for i, spec in enumerate(specs):
        k = int(state.valid[i])
        kind = state.kinds[i]
        row = {"kind": kind, "steps": k, "grad": _pairs(state.grad[i, :k]), "g": _pairs(state.g[i, :k]),
               "step": _pairs(state.step[i, :k]), "lr_eff": _pairs(state.lr_eff[i, :k])}
        if kind in ("adam", "adamw"):
            row.update(exp_avg=_pairs(state.m[i, 1:k + 1]), exp_avg_sq=_pairs(state.v[i, 1:k + 1]),
                       v_hat=_pairs(state.v_hat[i, :k]), bias_correction1=_pairs(state.bias1[i, :k]),
                       bias_correction2=_pairs(state.bias2[i, :k]))
        elif kind == "rmsprop":
            row["square_avg"] = _pairs(state.v[i, 1:k + 1])
            if spec.momentum:
                row["momentum_buffer"] = _pairs(state.b[i, 1:k + 1])
        elif kind == "adagrad":
            row["sum"] = _pairs(state.v[i, 1:k + 1])
        elif spec.momentum:
            row["momentum_buffer"] = _pairs(state.b[i, 1:k + 1])
        curve = curves[i]
        row["lambda_max"] = _pairs(curve.lambda_max[:k])
        row["stability"] = {"quantity": curve.label, "values": _pairs(curve.values[:k]),
                            "limit": _pairs(curve.limit[:k]),
                            "limit_text": curve.limit_text}
        runs.append(row)
    return {"steps": steps, "runs": runs}
