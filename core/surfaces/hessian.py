"""The Hessian ∇²f of a surface, vectorised over points: (hxx, hxy, hyy) arrays.

Built-in surfaces have their second derivatives written out by hand here (keyed by the surface id and
constants the kernel uses, core.surfaces.native); a typed formula (and an a·L1 + b·L2 surface, which is
one) is differentiated twice symbolically by SymPy from its parsed expression and evaluated with numpy.
Tests compare both with torch.autograd.functional.hessian.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from core.surfaces.bytecode import BEALE, BOOTH, HIMMELBLAU, PROGRAM, QUADRATIC, RASTRIGIN, ROSENBROCK, SADDLE
from core.surfaces.surface import Surface


def hessian(surface: Surface, x, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²) at arrays ``x``, ``y`` (broadcast; NaN where f is undefined)."""
    x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
    if surface.sid == PROGRAM:
        return formula_hessian(surface.formula, x, y)
    return builtin_hessian(surface.sid, surface.native_params, x, y)


def builtin_hessian(sid: int, params: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Hand-derived Hessians of the built-in surfaces (formulas as in core.surfaces.native)."""
    one = np.ones_like(x)
    with np.errstate(all="ignore"):
        if sid == QUADRATIC:  # ½(u² + κv²), u = cx + sy, v = −sx + cy: H = Rᵀ diag(1, κ) R
            k, c, s = params[0], params[1], params[2]
            return (c * c + k * s * s) * one, (c * s - k * s * c) * one, (s * s + k * c * c) * one
        if sid == SADDLE:  # x² − y²
            return 2.0 * one, 0.0 * one, -2.0 * one
        if sid == ROSENBROCK:  # (1 − x)² + 100(y − x²)²
            return 2.0 - 400.0 * y + 1200.0 * x * x, -400.0 * x, 200.0 * one
        if sid == BEALE:  # Σ tᵢ², tᵢ = cᵢ − x + x·yⁱ
            y2, y3 = y * y, y * y * y
            t1, t2, t3 = 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3
            a1, a2, a3 = y - 1.0, y2 - 1.0, y3 - 1.0  # ∂tᵢ/∂x
            hxx = 2.0 * (a1 * a1 + a2 * a2 + a3 * a3)
            hxy = 2.0 * (x * a1 + t1 + 2.0 * x * y * a2 + 2.0 * y * t2 + 3.0 * x * y2 * a3 + 3.0 * y2 * t3)
            hyy = 2.0 * x * (x + 2.0 * t2 + 4.0 * x * y2 + 6.0 * y * t3 + 9.0 * x * y2 * y2)
            return hxx, hxy, hyy
        if sid == HIMMELBLAU:  # a² + b², a = x² + y − 11, b = x + y² − 7
            a, b = x * x + y - 11.0, x + y * y - 7.0
            return 4.0 * a + 8.0 * x * x + 2.0, 4.0 * (x + y), 2.0 + 4.0 * b + 8.0 * y * y
        if sid == BOOTH:  # (x + 2y − 7)² + (2x + y − 5)²
            return 10.0 * one, 8.0 * one, 10.0 * one
        if sid == RASTRIGIN:  # 2A + x² − A cos 2πx + y² − A cos 2πy
            amp, w = params[0], 2.0 * math.pi
            return 2.0 + amp * w * w * np.cos(w * x), 0.0 * one, 2.0 + amp * w * w * np.cos(w * y)
    raise ValueError(f"no Hessian for surface id {sid}")


def formula_hessian(formula: str, x: np.ndarray, y: np.ndarray):
    """The Hessian of a typed formula: SymPy's second derivatives of the parsed expression."""
    with np.errstate(all="ignore"):
        entries = _formula_entries(formula)(x, y)
    owned = []
    for entry in entries:
        owned.append(_own_array(entry, x.shape, taken=(x, y, *owned)))
    return tuple(owned)


def _own_array(entry, shape: tuple, taken: tuple) -> np.ndarray:
    """A lambdified entry as a float64 array of ``shape`` that no other array shares. An entry computed
    from x or y is one already (a ufunc's fresh result; a numpy scalar for 0-d x, y) and is kept:
    multiplying every entry by ones, as before, cost a pass over the points each. A constant (a number)
    is spread to the shape. The lambdified function can also return an array in ``taken`` — x or y
    itself (f = x³/6: ∂²f/∂x² = x) or an earlier entry (f = exp(x + y): one array for all three) —
    which is copied."""
    if not (isinstance(entry, np.ndarray | np.float64) and entry.shape == shape and entry.dtype == np.float64):
        return np.full(shape, entry, np.float64)
    return entry.copy() if any(entry is other for other in taken) else entry


@functools.lru_cache(maxsize=32)
def _formula_entries(formula: str):
    """One numpy function of (x, y) returning [∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²], from the formula parsed once
    (the parser's public entry point, core.surfaces.formula.parse_formula). The three entries share most
    of their subexpressions (the derivatives of the same terms), so they are lambdified together with
    common subexpressions computed once (cse=True): 0.21 → 0.135 ms on the benchmark formula."""
    from core.surfaces.formula import X, Y, parse_formula

    expr = parse_formula(formula)
    fx, fy = sp.diff(expr, X), sp.diff(expr, Y)
    entries = (sp.diff(fx, X), sp.diff(fx, Y), sp.diff(fy, Y))
    # |u|'' is a Dirac delta at u = 0 (zero everywhere else); sign'(u) likewise
    entries = [e.replace(sp.DiracDelta, lambda *args: sp.Integer(0)) for e in entries]
    return sp.lambdify((X, Y), entries, modules="numpy", cse=True)
