"""The fused trajectory kernel: n trajectories × T steps in one compiled loop.

Why a compiled kernel: the composable numpy transforms (core.optim.transforms) cost ~20 µs of
interpreter and ufunc overhead per step on tiny (n, 2) arrays, ~20 ms for ONE 1,000-step trajectory,
while a slider drag in the app must recompute seven of them in a few milliseconds. Here each trajectory
runs in registers: the same update equations (core.optim.rules, compiled with numba), the surface's
value and gradient (core.surfaces.native) and the divergence check fused into one loop. One compile
serves every optimizer and surface (both are data), it is cached on disk, and the loop releases the GIL
so large sweeps are split across threads. benchmarks/bench_engine.py measures the alternatives.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from core.optim import rules
from core.optim.spec import COLUMN, KIND_CODES
from core.surfaces.native import value_grad

_jit = njit(inline="always", error_model="numpy")
coupled_weight_decay = _jit(rules.coupled_weight_decay)
decoupled_weight_decay = _jit(rules.decoupled_weight_decay)
momentum_buffer = _jit(rules.momentum_buffer)
nesterov_direction = _jit(rules.nesterov_direction)
lerp_small_weight = _jit(rules.lerp_small_weight)
lerp_large_weight = _jit(rules.lerp_large_weight)
ema_of_square = _jit(rules.ema_of_square)
rms_denominator = _jit(rules.rms_denominator)
adam_denominator = _jit(rules.adam_denominator)
adam_step_size = _jit(rules.adam_step_size)
adagrad_lr = _jit(rules.adagrad_lr)
clip_coefficient = _jit(rules.clip_coefficient)

SGD, MOMENTUM, NESTEROV = KIND_CODES["sgd"], KIND_CODES["momentum"], KIND_CODES["nesterov"]
RMSPROP, ADAM, ADAMW, ADAGRAD = (KIND_CODES[k] for k in ("rmsprop", "adam", "adamw", "adagrad"))
LR, MU, DAMP, NEST = COLUMN["lr"], COLUMN["momentum"], COLUMN["dampening"], COLUMN["nesterov"]
ALPHA, BETA1, BETA2, EPS = COLUMN["alpha"], COLUMN["beta1"], COLUMN["beta2"], COLUMN["eps"]
WD, CLIP, SCALE, NOISE, LR_DECAY = (COLUMN[k] for k in ("weight_decay", "clip", "loss_scale", "noise",
                                                          "lr_decay"))
NOT_DIVERGED = -1


@njit(cache=True, nogil=True, error_model="numpy")
def run_batch(sid, sparams, program, start, kinds, hyper, noise, noise_index, steps, bound,
              points, losses, final, final_loss, diverged_at, first, last):
    """Run trajectories ``first..last-1``.

    start (n, 2); kinds (n,) optimizer codes; hyper (n, len(HYPER_COLUMNS)); noise (k, steps, 2)
    standard normals with noise_index (n,) choosing a stream. When ``points`` has a first dimension of
    n, the whole path (n, steps+1, 2) and ``losses`` (n, steps+1) are recorded; otherwise only
    ``final``, ``final_loss``. diverged_at[i] is the step whose update left the finite region (or
    |θ| > bound), −1 if none; recorded paths hold the last finite point after it.
    """
    record = points.shape[0] == start.shape[0]
    registers = program.initial.copy()
    theta = np.empty(2)
    g = np.empty(2)
    m = np.empty(2)
    v = np.empty(2)
    buf = np.empty(2)
    for i in range(first, last):
        kind = kinds[i]
        h = hyper[i]
        lr, mu, scale, sigma = h[LR], h[MU], h[SCALE], h[NOISE]
        theta[0], theta[1] = start[i, 0], start[i, 1]
        m[:] = 0.0
        v[:] = 0.0
        buf[:] = 0.0
        f, g[0], g[1] = value_grad(sid, sparams, program, registers, theta[0], theta[1])
        diverged = -1
        if not (math.isfinite(f) and math.isfinite(theta[0]) and math.isfinite(theta[1])):
            diverged = 0
            f = 0.0
        last_f = f
        if record:
            points[i, 0, 0], points[i, 0, 1], losses[i, 0] = theta[0], theta[1], f
        t = 1
        while t <= steps and diverged < 0:
            for p in range(2):  # the gradient of s·(f + σ·noise): loss scale and noise act first
                if sigma != 0.0:
                    g[p] += sigma * noise[noise_index[i], t - 1, p]
                g[p] *= scale
            if h[CLIP] > 0.0:
                norm = math.sqrt(g[0] * g[0] + g[1] * g[1])
                c = min(clip_coefficient(norm, h[CLIP]), 1.0)
                g[0] *= c
                g[1] *= c
            if kind != ADAMW and h[WD] != 0.0:
                for p in range(2):
                    g[p] = coupled_weight_decay(g[p], theta[p], h[WD])
            for p in range(2):
                if kind <= NESTEROV:
                    d = g[p]
                    if mu != 0.0:
                        buf[p] = g[p] if t == 1 else momentum_buffer(buf[p], g[p], mu, h[DAMP])
                        d = nesterov_direction(g[p], buf[p], mu) if h[NEST] != 0.0 else buf[p]
                    theta[p] = theta[p] + (-lr) * d
                elif kind == RMSPROP:
                    v[p] = ema_of_square(v[p], g[p], h[ALPHA])
                    d = g[p] / rms_denominator(v[p], h[EPS])
                    if mu != 0.0:
                        buf[p] = buf[p] * mu + d
                        d = buf[p]
                    theta[p] = theta[p] + (-lr) * d
                elif kind == ADAM or kind == ADAMW:
                    if kind == ADAMW:
                        theta[p] = decoupled_weight_decay(theta[p], lr, h[WD])
                    w = 1.0 - h[BETA1]
                    if w < 0.5:
                        m[p] = lerp_small_weight(m[p], g[p], w)
                    else:
                        m[p] = lerp_large_weight(m[p], g[p], w)
                    v[p] = ema_of_square(v[p], g[p], h[BETA2])
                    denominator = adam_denominator(v[p], 1.0 - h[BETA2] ** t, h[EPS])
                    theta[p] = theta[p] + (-adam_step_size(lr, h[BETA1], t)) * (m[p] / denominator)
                else:  # ADAGRAD
                    v[p] = v[p] + g[p] * g[p]
                    clr = adagrad_lr(lr, t, h[LR_DECAY])
                    theta[p] = theta[p] + (-clr) * (g[p] / rms_denominator(v[p], h[EPS]))
            f, g[0], g[1] = value_grad(sid, sparams, program, registers, theta[0], theta[1])
            if not (math.isfinite(f) and abs(theta[0]) <= bound and abs(theta[1]) <= bound):
                diverged = t
                break
            last_f = f
            if record:
                points[i, t, 0], points[i, t, 1], losses[i, t] = theta[0], theta[1], f
            final[i, 0], final[i, 1] = theta[0], theta[1]
            t += 1
        diverged_at[i] = diverged
        if diverged == 0:
            final[i, 0], final[i, 1] = 0.0, 0.0
            if record:
                points[i, :, :] = 0.0
                losses[i, :] = 0.0
        elif diverged > 0:
            if diverged == 1:
                final[i, 0], final[i, 1] = start[i, 0], start[i, 1]
            if record:
                for k in range(diverged, steps + 1):  # hold the last finite point: no NaN reaches a plot
                    points[i, k, 0] = points[i, diverged - 1, 0]
                    points[i, k, 1] = points[i, diverged - 1, 1]
                    losses[i, k] = losses[i, diverged - 1]
        elif steps == 0:
            final[i, 0], final[i, 1] = theta[0], theta[1]
        final_loss[i] = last_f
