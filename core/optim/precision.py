"""Rounding a float64 to a narrower floating-point format, as a mixed-precision backward pass does.

An OptimizerSpec's ``grad_dtype`` ("float32", "float16" or "bfloat16") makes the kernel round the
scaled gradient s·∇f to that format — what a backward pass in half precision under
``torch.autocast`` hands back — and then unscale it by s in float64 before clipping and the step, as
``torch.cuda.amp.GradScaler`` unscales before ``optimizer.step()``. So with a half format the loss
scale decides what survives: too small and small gradients underflow to 0 (or lose digits in
subnormals), too large and they overflow to inf. (A real GradScaler then skips the step and lowers s;
here the run diverges, which shows why it must.)

Plain float arithmetic with branches, compiled into the kernel by numba (core.engine.kernel) and
callable from Python. Round-to-nearest-even with subnormals and overflow to ±inf; torch converts a
float64 to float16 or bfloat16 through float32, and so does :func:`to_format` (innocuous anyway:
24 ≥ 2·11 + 2 significant bits).
"""

from __future__ import annotations

import math

GRAD_DTYPES = ("float32", "float16", "bfloat16")  # codes 1, 2, 3 in the kernel's table; 0 = float64
FORMAT_CODES = {name: code for code, name in enumerate(GRAD_DTYPES, start=1)}

FLOAT32_MAX = 3.4028234663852886e38  # (2 − 2⁻²³)·2¹²⁷
FLOAT16_MAX = 65504.0  # (2 − 2⁻¹⁰)·2¹⁵
BFLOAT16_MAX = 3.3895313892515355e38  # (2 − 2⁻⁷)·2¹²⁷


def round_significand(x, digits, min_exponent, max_finite):
    """``x`` rounded to nearest (ties to even) in a binary format with ``digits`` significant bits,
    smallest normal exponent ``min_exponent`` (below it: subnormals, a fixed quantum) and largest
    finite value ``max_finite`` (beyond it: ±inf). 0, ±inf and NaN pass unchanged."""
    if x == 0.0 or not math.isfinite(x):
        return x
    a = abs(x)
    exponent = math.frexp(a)[1] - 1  # a = 1.f × 2^exponent
    if exponent < min_exponent:
        exponent = min_exponent
    quantum = math.ldexp(1.0, exponent - (digits - 1))
    units = a / quantum  # exact: a power-of-two scaling
    whole = math.floor(units)
    rest = units - whole  # exact: whole has at most digits + 1 bits
    if rest > 0.5 or (rest == 0.5 and whole * 0.5 != math.floor(whole * 0.5)):  # a tie goes to even
        whole += 1.0
    r = whole * quantum
    if r > max_finite:
        r = math.inf
    return math.copysign(r, x)


def to_float32(x):
    return round_significand(x, 24, -126, FLOAT32_MAX)


def to_format(x, code):
    """``x`` rounded to format ``code`` (FORMAT_CODES; 0 leaves it a float64)."""
    if code == 0:
        return x
    x = to_float32(x)
    if code == 2:
        return round_significand(x, 11, -14, FLOAT16_MAX)
    if code == 3:
        return round_significand(x, 8, -126, BFLOAT16_MAX)
    return x
