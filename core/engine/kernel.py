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
from typing import NamedTuple

import numpy as np
from numba import njit

from core.engine.layout import LANES, LEFT_DOMAIN
from core.optim import precision, rules
from core.optim.spec import COLUMN, KIND_CODES
from core.surfaces.native import value_grad, value_grad_lanes

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
sum_of_squares = _jit(rules.sum_of_squares)
round_significand = _jit(precision.round_significand)

SGD, MOMENTUM, NESTEROV, RMSPROP, ADAM, ADAMW, ADAGRAD = (KIND_CODES[k] for k in (
    "sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad"))
LR, MU, DAMP, NEST = COLUMN["lr"], COLUMN["momentum"], COLUMN["dampening"], COLUMN["nesterov"]
ALPHA, BETA1, BETA2, EPS = COLUMN["alpha"], COLUMN["beta1"], COLUMN["beta2"], COLUMN["eps"]
WD, CLIP, SCALE, NOISE, LR_DECAY = (COLUMN[k] for k in ("weight_decay", "clip", "loss_scale", "noise",
                                                          "lr_decay"))
FORMAT = COLUMN["grad_format"]


class Constants(NamedTuple):
    """One run's optimizer constants (all but the learning rate, which a sweep varies per row), packed
    so the step functions take one value instead of nine floats. A tuple, not an array: it lives in
    registers, and nothing can alias it (with arrays every store may alias the table and the compiler
    reloads it each step)."""

    momentum: float
    dampening: float
    nesterov: float
    alpha: float
    beta1: float
    beta2: float
    eps: float
    weight_decay: float
    lr_decay: float


@njit(inline="always", error_model="numpy")
def constants(row):
    """The Constants of one row of the hyper-parameter table (core.optim.spec.HYPER_COLUMNS)."""
    return Constants(row[MU], row[DAMP], row[NEST], row[ALPHA], row[BETA1], row[BETA2], row[EPS], row[WD],
                     row[LR_DECAY])


@njit(inline="always", error_model="numpy")
def to_format(x, code):
    """core.optim.precision.to_format compiled (numba cannot call the Python one's helpers)."""
    if code == 0:
        return x
    x = round_significand(x, 24, -126, precision.FLOAT32_MAX)
    if code == 2:
        return round_significand(x, 11, -14, precision.FLOAT16_MAX)
    if code == 3:
        return round_significand(x, 8, -126, precision.BFLOAT16_MAX)
    return x


@njit(inline="always")
def sgd_family(kind):
    """SGD, Momentum and Nesterov share one update (momentum and the Nesterov flag are data)."""
    return kind == SGD or kind == MOMENTUM or kind == NESTEROV


@njit(inline="always", error_model="numpy")
def update_parameter(kind, t, g, theta, m, v, buf, lr, const, bias_correction2, step_size):
    """One parameter's step (g already scaled, noised and clipped) with constants ``const``: returns
    (θ, m, v, b). m, v, b are the optimizer's state: Adam's moments, RMSprop/Adagrad's v or S, the
    momentum buffer."""
    if kind != ADAMW and const.weight_decay != 0.0:
        g = coupled_weight_decay(g, theta, const.weight_decay)
    if sgd_family(kind):
        d = g
        if const.momentum != 0.0:
            buf = g if t == 1 else momentum_buffer(buf, g, const.momentum, const.dampening)
            d = nesterov_direction(g, buf, const.momentum) if const.nesterov != 0.0 else buf
        return theta + (-lr) * d, m, v, buf
    if kind == RMSPROP:
        v = ema_of_square(v, g, const.alpha)
        d = g / rms_denominator(v, const.eps)
        if const.momentum != 0.0:
            buf = momentum_buffer(buf, d, const.momentum, 0.0)  # RMSprop's buffer has no dampening
            d = buf
        return theta + (-lr) * d, m, v, buf
    if kind == ADAM or kind == ADAMW:
        if kind == ADAMW:
            theta = decoupled_weight_decay(theta, lr, const.weight_decay)
        w = 1.0 - const.beta1
        m = lerp_small_weight(m, g, w) if w < 0.5 else lerp_large_weight(m, g, w)
        v = ema_of_square(v, g, const.beta2)
        return theta + (-step_size) * (m / adam_denominator(v, bias_correction2, const.eps)), m, v, buf
    v = sum_of_squares(v, g)  # Adagrad's running sum S
    clr = adagrad_lr(lr, t, const.lr_decay)
    return theta + (-clr) * (g / rms_denominator(v, const.eps)), m, v, buf


@njit(inline="always", error_model="numpy")
def left_domain(slope, f, x, y, bound):
    """Whether a run that just stopped left the surface's domain rather than diverging: the slope where it
    stood did not exist (``slope`` False: ∇f NaN or infinite at a finite loss), or it landed at a finite
    θ within ``bound`` where f is NaN or −∞ (log(x) for x ≤ 0, the root of a negative, …). θ past the
    bound, or f = +∞ (an overflow), is diverging."""
    if not slope:
        return True
    return abs(x) <= bound and abs(y) <= bound and not f > 0.0


@njit(cache=True, nogil=True, error_model="numpy")
def run_batch(sid, sparams, program, start, kinds, hyper, noise, noise_index, steps, bound,
              points, losses, final, final_loss, diverged_at, first, last):
    """Run trajectories ``first..last-1``.

    start (n, 2); kinds (n,) optimizer codes; hyper (n, len(HYPER_COLUMNS)); noise (k, steps, 2)
    standard normals with noise_index (n,) choosing a stream. When ``points`` has a first dimension of
    n, the whole path (n, steps+1, 2) and ``losses`` (n, steps+1) are recorded; otherwise only
    ``final``, ``final_loss``. diverged_at[i] is the step whose update left the finite region (or
    |θ| > bound), −1 if none; recorded paths hold the last finite point after it. A run that left the
    surface's domain instead (left_domain) is written as ``LEFT_DOMAIN - step``; core.engine.run decodes it.

    The state lives in scalar locals (x and y apart), not small arrays: with arrays every store may
    alias the hyper-parameter table, and reloading it made each step ~15× slower.
    """
    record = points.shape[0] == start.shape[0]
    registers = program.initial.copy()
    # βᵗ as torch computes it (pow, not a running product, so the bits agree), tabulated once and
    # reused while consecutive rows share their betas — every row of a sweep does.
    beta1_power = np.empty(steps + 1)
    beta2_power = np.empty(steps + 1)
    tabulated = (math.nan, math.nan)
    for i in range(first, last):
        kind = kinds[i]
        const = constants(hyper[i])
        lr, clip, scale, sigma = hyper[i, LR], hyper[i, CLIP], hyper[i, SCALE], hyper[i, NOISE]
        grad_format = int(hyper[i, FORMAT])
        beta1, beta2 = const.beta1, const.beta2
        stream = noise_index[i]
        adam = kind == ADAM or kind == ADAMW
        if adam and (beta1, beta2) != tabulated:
            for k in range(steps + 1):
                beta1_power[k] = beta1**k
                beta2_power[k] = beta2**k
            tabulated = (beta1, beta2)
        x, y = start[i, 0], start[i, 1]
        mx = my = vx = vy = bx = by = 0.0
        bias_correction2 = step_size = 1.0
        f, gx, gy = value_grad(sid, sparams, program, registers, x, y)
        diverged = -1
        left = False
        if not (math.isfinite(f) and math.isfinite(x) and math.isfinite(y)):
            diverged = 0
            left = left_domain(True, f, x, y, bound)
            f = 0.0
        last_f, last_x, last_y = f, x, y
        if record:
            points[i, 0, 0], points[i, 0, 1], losses[i, 0] = x, y, f
        t = 1
        while t <= steps and diverged < 0:
            slope = math.isfinite(gx) and math.isfinite(gy)  # ∇f exists where the run stands
            if sigma != 0.0:  # the gradient of s·(f + σ·noise): noise, then the loss scale
                gx += sigma * noise[stream, t - 1, 0]
                gy += sigma * noise[stream, t - 1, 1]
            gx *= scale
            gy *= scale
            if grad_format != 0:  # a mixed-precision backward's s·∇f, unscaled before clipping and the step
                gx = to_format(gx, grad_format) / scale
                gy = to_format(gy, grad_format) / scale
            if clip > 0.0:
                c = clip_coefficient(math.sqrt(gx * gx + gy * gy), clip)
                gx *= c
                gy *= c
            if adam:
                bias_correction2 = 1.0 - beta2_power[t]
                step_size = adam_step_size(lr, beta1_power[t])
            x, mx, vx, bx = update_parameter(kind, t, gx, x, mx, vx, bx, lr, const, bias_correction2, step_size)
            y, my, vy, by = update_parameter(kind, t, gy, y, my, vy, by, lr, const, bias_correction2, step_size)
            f, gx, gy = value_grad(sid, sparams, program, registers, x, y)
            if not (math.isfinite(f) and abs(x) <= bound and abs(y) <= bound):
                diverged = t
                left = left_domain(slope, f, x, y, bound)
                break
            last_f, last_x, last_y = f, x, y
            if record:
                points[i, t, 0], points[i, t, 1], losses[i, t] = x, y, f
            t += 1
        diverged_at[i] = LEFT_DOMAIN - diverged if left else diverged
        if diverged == 0:
            last_x = last_y = 0.0
            if record:
                points[i, :, :] = 0.0
                losses[i, :] = 0.0
        elif diverged > 0 and record:
            for k in range(diverged, steps + 1):  # hold the last finite point: no NaN reaches a plot
                points[i, k, 0], points[i, k, 1], losses[i, k] = last_x, last_y, last_f
        final[i, 0], final[i, 1], final_loss[i] = last_x, last_y, last_f


@njit(inline="always", error_model="numpy")
def _step_lanes(kind, n, t, gx, gy, x, y, mx, my, vx, vy, bx, by, lr, const, bias_correction2, beta1_power):
    for k in range(n):
        step_size = adam_step_size(lr[k], beta1_power)
        x[k], mx[k], vx[k], bx[k] = update_parameter(kind, t, gx[k], x[k], mx[k], vx[k], bx[k], lr[k], const,
                                                     bias_correction2, step_size)
        y[k], my[k], vy[k], by[k] = update_parameter(kind, t, gy[k], y[k], my[k], vy[k], by[k], lr[k], const,
                                                     bias_correction2, step_size)


@njit(cache=True, nogil=True, error_model="numpy")
def run_grid(sid, sparams, program, start, kind, row, lrs, scales, noise, steps, bound,
             final, final_loss, diverged_at, first, last):
    """A sweep's rows ``first..last-1``: one optimizer ``kind`` with the hyper-parameters ``row`` except
    the learning rate and loss scale (``lrs``, ``scales`` per row), final points only, one noise stream.

    Same arithmetic as :func:`run_batch`, but LANES rows advance in lockstep with the loop over rows
    innermost, and the optimizer and surface are chosen outside those loops so their bodies are
    straight-line code: one trajectory's step waits on its own previous square root and division, and
    interleaving 16 independent trajectories hides that latency (several times faster on a sweep).
    """
    registers = program.initial.copy()
    const = constants(row)
    clip, sigma, beta1, beta2 = row[CLIP], row[NOISE], const.beta1, const.beta2
    grad_format = int(row[FORMAT])
    adam = kind == ADAM or kind == ADAMW
    x, y = np.empty(LANES), np.empty(LANES)
    mx, my, vx, vy = np.empty(LANES), np.empty(LANES), np.empty(LANES), np.empty(LANES)
    bx, by = np.empty(LANES), np.empty(LANES)
    f, gx, gy = np.empty(LANES), np.empty(LANES), np.empty(LANES)
    last_x, last_y, last_f = np.empty(LANES), np.empty(LANES), np.empty(LANES)
    lr, scale = np.empty(LANES), np.empty(LANES)
    diverged = np.empty(LANES, np.int64)
    for block in range(first, last, LANES):
        n = min(LANES, last - block)
        for k in range(n):
            lr[k], scale[k] = lrs[block + k], scales[block + k]
            x[k], y[k] = start[block + k, 0], start[block + k, 1]
        mx[:] = 0.0
        my[:] = 0.0
        vx[:] = 0.0
        vy[:] = 0.0
        bx[:] = 0.0
        by[:] = 0.0
        value_grad_lanes(sid, sparams, program, registers, x, y, f, gx, gy, n)
        active = 0
        for k in range(n):
            diverged[k] = -1
            if not (math.isfinite(f[k]) and math.isfinite(x[k]) and math.isfinite(y[k])):
                diverged[k] = LEFT_DOMAIN if left_domain(True, f[k], x[k], y[k], bound) else 0
                f[k] = x[k] = y[k] = 0.0
            else:
                active += 1
            last_x[k], last_y[k], last_f[k] = x[k], y[k], f[k]
        bias_correction2 = beta1_power = 1.0
        t = 1
        while t <= steps and active > 0:
            if adam:  # βᵗ by pow, as torch computes it
                bias_correction2 = 1.0 - beta2**t
                beta1_power = beta1**t
            if sigma != 0.0:  # the gradient of s·(f + σ·noise): noise, then the loss scale
                for k in range(n):
                    gx[k] += sigma * noise[t - 1, 0]
                    gy[k] += sigma * noise[t - 1, 1]
            for k in range(n):
                gx[k] *= scale[k]
                gy[k] *= scale[k]
            if grad_format != 0:  # a mixed-precision backward's s·∇f, unscaled before clipping and the step
                for k in range(n):
                    gx[k] = to_format(gx[k], grad_format) / scale[k]
                    gy[k] = to_format(gy[k], grad_format) / scale[k]
            if clip > 0.0:
                for k in range(n):
                    c = clip_coefficient(math.sqrt(gx[k] * gx[k] + gy[k] * gy[k]), clip)
                    gx[k] *= c
                    gy[k] *= c
            # the kind as a constant in each branch, so each inlined step is straight-line code
            if sgd_family(kind):
                _step_lanes(SGD, n, t, gx, gy, x, y, mx, my, vx, vy, bx, by, lr, const, bias_correction2,
                            beta1_power)
            elif kind == RMSPROP:
                _step_lanes(RMSPROP, n, t, gx, gy, x, y, mx, my, vx, vy, bx, by, lr, const, bias_correction2,
                            beta1_power)
            elif kind == ADAM:
                _step_lanes(ADAM, n, t, gx, gy, x, y, mx, my, vx, vy, bx, by, lr, const, bias_correction2,
                            beta1_power)
            elif kind == ADAMW:
                _step_lanes(ADAMW, n, t, gx, gy, x, y, mx, my, vx, vy, bx, by, lr, const, bias_correction2,
                            beta1_power)
            else:
                _step_lanes(ADAGRAD, n, t, gx, gy, x, y, mx, my, vx, vy, bx, by, lr, const, bias_correction2,
                            beta1_power)
            value_grad_lanes(sid, sparams, program, registers, x, y, f, gx, gy, n)
            for k in range(n):  # divergence: freeze the lane's record at its last finite point
                if diverged[k] == -1:
                    if math.isfinite(f[k]) and abs(x[k]) <= bound and abs(y[k]) <= bound:
                        last_x[k], last_y[k], last_f[k] = x[k], y[k], f[k]
                    else:  # ∇f at the lane's last point is gone (value_grad_lanes wrote the new one)
                        diverged[k] = LEFT_DOMAIN - t if left_domain(not math.isnan(x[k] + y[k]), f[k], x[k], y[k],
                                                                      bound) else t
                        active -= 1
            t += 1
        for k in range(n):
            i = block + k
            final[i, 0], final[i, 1], final_loss[i], diverged_at[i] = last_x[k], last_y[k], last_f[k], diverged[k]


@njit(inline="always", error_model="numpy")
def update_recorded(kind, t, g, theta, m, v, buf, lr, const, bias_correction2, step_size):
    """:func:`update_parameter`'s arithmetic, operation for operation (so θ comes out bit for bit the
    same), also returning the gradient the optimizer's rule used (after coupled weight decay) and the
    coordinate's effective learning rate: γ (SGD family), γ/(√v + ε) (RMSprop), γ/(√v/√(1 − β₂ᵗ) + ε)
    (Adam, AdamW; the step is this times m/(1 − β₁ᵗ)), γₜ/(√S + ε) (Adagrad, γₜ with its lr decay)."""
    if kind != ADAMW and const.weight_decay != 0.0:
        g = coupled_weight_decay(g, theta, const.weight_decay)
    if sgd_family(kind):
        d = g
        if const.momentum != 0.0:
            buf = g if t == 1 else momentum_buffer(buf, g, const.momentum, const.dampening)
            d = nesterov_direction(g, buf, const.momentum) if const.nesterov != 0.0 else buf
        return theta + (-lr) * d, m, v, buf, g, lr
    if kind == RMSPROP:
        v = ema_of_square(v, g, const.alpha)
        denominator = rms_denominator(v, const.eps)
        d = g / denominator
        if const.momentum != 0.0:
            buf = momentum_buffer(buf, d, const.momentum, 0.0)
            d = buf
        return theta + (-lr) * d, m, v, buf, g, lr / denominator
    if kind == ADAM or kind == ADAMW:
        if kind == ADAMW:
            theta = decoupled_weight_decay(theta, lr, const.weight_decay)
        w = 1.0 - const.beta1
        m = lerp_small_weight(m, g, w) if w < 0.5 else lerp_large_weight(m, g, w)
        v = ema_of_square(v, g, const.beta2)
        denominator = adam_denominator(v, bias_correction2, const.eps)
        return theta + (-step_size) * (m / denominator), m, v, buf, g, lr / denominator
    v = sum_of_squares(v, g)
    clr = adagrad_lr(lr, t, const.lr_decay)
    denominator = rms_denominator(v, const.eps)
    return theta + (-clr) * (g / denominator), m, v, buf, g, clr / denominator


@njit(cache=True, nogil=True, error_model="numpy")
def replay_state(sid, sparams, program, start, kinds, hyper, noise, noise_index, steps, bound,
                 points, losses, grad, g, m, v, buf, lr_eff, bias1, bias2, diverged_at, first, last):
    """Rows ``first..last-1`` of :func:`run_batch` again, recording the optimizer's state at every step
    (core.engine.state documents the arrays). Same arithmetic, so ``points`` equals run_batch's path.

    points, m, v, buf (n, steps+1, 2): index t after step t (0: the start, zero state); grad, g, lr_eff
    (n, steps, 2) and bias1, bias2 (n, steps): index t − 1 for step t. grad is ∇f at θ_{t−1} (unscaled,
    noise-free); g what the optimizer's rule used. losses (n, steps+1) and diverged_at (n,) as run_batch
    records them; a diverging step and those after it are not recorded (their rows hold the last
    recorded state and point, and 0 for per-step arrays).
    """
    registers = program.initial.copy()
    for i in range(first, last):
        kind = kinds[i]
        const = constants(hyper[i])
        lr, clip, scale, sigma = hyper[i, LR], hyper[i, CLIP], hyper[i, SCALE], hyper[i, NOISE]
        grad_format = int(hyper[i, FORMAT])
        stream = noise_index[i]
        adam = kind == ADAM or kind == ADAMW
        x, y = start[i, 0], start[i, 1]
        mx = my = vx = vy = bx = by = 0.0
        bias_correction2 = step_size = 1.0
        f, dx, dy = value_grad(sid, sparams, program, registers, x, y)
        done = 0
        diverged_at[i] = -1
        if not (math.isfinite(f) and math.isfinite(x) and math.isfinite(y)):
            x = y = f = 0.0
            done = -1
            diverged_at[i] = 0
        points[i, 0, 0], points[i, 0, 1], losses[i, 0] = x, y, f
        m[i, 0, :] = 0.0
        v[i, 0, :] = 0.0
        buf[i, 0, :] = 0.0
        t = 1
        while t <= steps and done == 0:
            gx, gy = dx, dy
            if sigma != 0.0:
                gx += sigma * noise[stream, t - 1, 0]
                gy += sigma * noise[stream, t - 1, 1]
            gx *= scale
            gy *= scale
            if grad_format != 0:
                gx = to_format(gx, grad_format) / scale
                gy = to_format(gy, grad_format) / scale
            if clip > 0.0:
                c = clip_coefficient(math.sqrt(gx * gx + gy * gy), clip)
                gx *= c
                gy *= c
            bias_correction1 = 1.0
            if adam:
                bias_correction2 = 1.0 - const.beta2**t
                bias_correction1 = 1.0 - const.beta1**t
                step_size = adam_step_size(lr, const.beta1**t)
            nx, mx, vx, bx, ux, ex = update_recorded(kind, t, gx, x, mx, vx, bx, lr, const, bias_correction2,
                                                     step_size)
            ny, my, vy, by, uy, ey = update_recorded(kind, t, gy, y, my, vy, by, lr, const, bias_correction2,
                                                     step_size)
            f, dx2, dy2 = value_grad(sid, sparams, program, registers, nx, ny)
            if not (math.isfinite(f) and abs(nx) <= bound and abs(ny) <= bound):
                diverged_at[i] = t
                break
            k = t - 1
            grad[i, k, 0], grad[i, k, 1] = dx, dy
            g[i, k, 0], g[i, k, 1] = ux, uy
            lr_eff[i, k, 0], lr_eff[i, k, 1] = ex, ey
            bias1[i, k], bias2[i, k] = bias_correction1, bias_correction2
            points[i, t, 0], points[i, t, 1], losses[i, t] = nx, ny, f
            m[i, t, 0], m[i, t, 1] = mx, my
            v[i, t, 0], v[i, t, 1] = vx, vy
            buf[i, t, 0], buf[i, t, 1] = bx, by
            x, y, dx, dy = nx, ny, dx2, dy2
            t += 1
        recorded = t - 1 if done == 0 else 0
        for k in range(recorded + 1, steps + 1):  # hold the last recorded state
            points[i, k, 0], points[i, k, 1] = points[i, recorded, 0], points[i, recorded, 1]
            losses[i, k] = losses[i, recorded]
            for c2 in range(2):
                m[i, k, c2], v[i, k, c2], buf[i, k, c2] = m[i, recorded, c2], v[i, recorded, c2], buf[i, recorded, c2]
        for k in range(recorded, steps):
            for c2 in range(2):
                grad[i, k, c2] = g[i, k, c2] = lr_eff[i, k, c2] = 0.0
            bias1[i, k] = bias2[i, k] = 0.0
