"""Compiled (numba) surface evaluation: the built-in surfaces' hand-derived gradients and the
interpreter for compiled formula programs. Everything the fused kernel calls per step lives here.

A built-in surface is selected by an integer id with its constants in a small float array, so one
compiled kernel serves every surface (no recompilation when the teacher switches surfaces).
Custom formulas use id ``PROGRAM`` and run through :func:`run_program`.

``error_model="numpy"``: a division by zero or an overflow gives inf/NaN (a divergence the kernel
reports) instead of raising as Python would.
"""

from __future__ import annotations

import math

from numba import njit

from core.surfaces import bytecode as op
from core.surfaces.bytecode import BEALE, BOOTH, HIMMELBLAU, PROGRAM, QUADRATIC, RASTRIGIN, ROSENBROCK, SADDLE


@njit(cache=True, error_model="numpy")
def run_program(program, registers, x, y):
    """Run a compiled formula program at (x, y); returns (f, df/dx, df/dy)."""
    registers[0] = x
    registers[1] = y
    codes, a, b, out = program.op, program.a, program.b, program.out
    for i in range(codes.shape[0]):
        u = registers[a[i]]
        code = codes[i]
        if code == op.ADD:
            r = u + registers[b[i]]
        elif code == op.MUL:
            r = u * registers[b[i]]
        elif code == op.SQUARE:
            r = u * u
        elif code == op.NEG:
            r = -u
        elif code == op.INV:
            r = 1.0 / u
        elif code == op.POW:
            r = u ** registers[b[i]]
        elif code == op.EXP:
            r = math.exp(u)
        elif code == op.LOG:
            r = math.log(u) if u >= 0.0 else math.nan
        elif code == op.SQRT:
            r = math.sqrt(u) if u >= 0.0 else math.nan
        elif code == op.SIN:
            r = math.sin(u) if math.isfinite(u) else math.nan
        elif code == op.COS:
            r = math.cos(u) if math.isfinite(u) else math.nan
        elif code == op.TAN:
            r = math.tan(u) if math.isfinite(u) else math.nan
        elif code == op.TANH:
            r = math.tanh(u)
        elif code == op.ABS:
            r = abs(u)
        elif code == op.SIGN:
            r = 0.0 if u == 0.0 else math.copysign(1.0, u)
        else:
            r = math.nan
        registers[out[i]] = r
    return registers[program.value], registers[program.grad_x], registers[program.grad_y]


@njit(cache=True, error_model="numpy", inline="always")
def builtin_value_grad(sid, params, x, y):
    """Value and exact gradient of built-in surface ``sid`` (formulas in core.surfaces.surface)."""
    if sid == QUADRATIC:  # 0.5 * (u^2 + k v^2), (u, v) = (x, y) rotated by the angle (c, s)
        k, c, s = params[0], params[1], params[2]
        u = c * x + s * y
        v = -s * x + c * y
        return 0.5 * (u * u + k * v * v), u * c - k * v * s, u * s + k * v * c
    if sid == SADDLE:
        return x * x - y * y, 2.0 * x, -2.0 * y
    if sid == ROSENBROCK:
        a = 1.0 - x
        b = y - x * x
        return a * a + 100.0 * b * b, -2.0 * a - 400.0 * x * b, 200.0 * b
    if sid == BEALE:
        y2 = y * y
        y3 = y2 * y
        t1 = 1.5 - x + x * y
        t2 = 2.25 - x + x * y2
        t3 = 2.625 - x + x * y3
        f = t1 * t1 + t2 * t2 + t3 * t3
        gx = 2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0))
        gy = 2.0 * x * (t1 + 2.0 * y * t2 + 3.0 * y2 * t3)
        return f, gx, gy
    if sid == HIMMELBLAU:
        a = x * x + y - 11.0
        b = x + y * y - 7.0
        return a * a + b * b, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b
    if sid == BOOTH:
        a = x + 2.0 * y - 7.0
        b = 2.0 * x + y - 5.0
        return a * a + b * b, 2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b
    if sid == RASTRIGIN:
        amp = params[0]
        w = 2.0 * math.pi
        f = 2.0 * amp + x * x - amp * math.cos(w * x) + y * y - amp * math.cos(w * y)
        return f, 2.0 * x + amp * w * math.sin(w * x), 2.0 * y + amp * w * math.sin(w * y)
    return math.nan, math.nan, math.nan


@njit(cache=True, error_model="numpy")
def value_grad(sid, params, program, registers, x, y):
    if sid == PROGRAM:
        return run_program(program, registers, x, y)
    return builtin_value_grad(sid, params, x, y)


@njit(cache=True, error_model="numpy", inline="always")
def _lanes(sid, params, x, y, f, gx, gy, n):
    for k in range(n):
        f[k], gx[k], gy[k] = builtin_value_grad(sid, params, x[k], y[k])


@njit(cache=True, error_model="numpy")
def value_grad_lanes(sid, params, program, registers, x, y, f, gx, gy, n):
    """value_grad for lanes 0..n-1 of arrays, with the surface chosen once outside the loop over lanes
    (a constant id per branch folds the dispatch away, so the loop body is straight-line code)."""
    if sid == PROGRAM:
        for k in range(n):
            f[k], gx[k], gy[k] = run_program(program, registers, x[k], y[k])
    elif sid == QUADRATIC:
        _lanes(QUADRATIC, params, x, y, f, gx, gy, n)
    elif sid == SADDLE:
        _lanes(SADDLE, params, x, y, f, gx, gy, n)
    elif sid == ROSENBROCK:
        _lanes(ROSENBROCK, params, x, y, f, gx, gy, n)
    elif sid == BEALE:
        _lanes(BEALE, params, x, y, f, gx, gy, n)
    elif sid == HIMMELBLAU:
        _lanes(HIMMELBLAU, params, x, y, f, gx, gy, n)
    elif sid == BOOTH:
        _lanes(BOOTH, params, x, y, f, gx, gy, n)
    else:
        _lanes(RASTRIGIN, params, x, y, f, gx, gy, n)


@njit(cache=True, error_model="numpy")
def evaluate_points(sid, params, program, xs, ys, f, gx, gy):
    """Fill f, gx, gy (same shape as xs, ys, flattened) — used for the colour map and read-outs."""
    value_grad_lanes(sid, params, program, program.initial.copy(), xs, ys, f, gx, gy, xs.shape[0])
