"""Compile a SymPy surface and its exact gradient into a small register program.

The fused kernel (core.engine) cannot call SymPy, and generating Python source for numba to compile
would mean running ``exec`` on text derived from user input plus a second-long compile per formula.
Instead the value and both partial derivatives are reduced with common-subexpression elimination and
flattened into a list of three-address instructions ``out = op(a, b)`` over a register file; one
pre-compiled interpreter (core.surfaces.native) runs any such program. Registers 0 and 1 hold x and y,
then come the constants, then temporaries.

Differentiation and common-subexpression elimination are SymPy's and their cost grows with the size of
the gradient, not of the text (a product of 100 factors has a gradient of ~100² terms): before any of it
runs, :func:`gradient_size` estimates that size in one pass over the expression and a formula over
``MAX_GRADIENT_SIZE`` is refused, which keeps every accepted formula's compile well under a second.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from core.surfaces import bytecode as op
from core.surfaces.bytecode import Program
from core.surfaces.formula import FormulaError, X, Y

MAX_GRADIENT_SIZE = 1500  # nodes of value + both partials, estimated; the presets need at most ~500
_COMPLEX = (sp.re, sp.im, sp.arg, sp.atan2, sp.conjugate)

_UNARY = {
    sp.exp: op.EXP, sp.log: op.LOG, sp.sin: op.SIN, sp.cos: op.COS, sp.tan: op.TAN, sp.tanh: op.TANH,
    sp.Abs: op.ABS, sp.sign: op.SIGN,
}


def gradient(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    return sp.diff(expr, X), sp.diff(expr, Y)


def gradient_size(expr: sp.Expr) -> int:
    """An estimate, from one pass over ``expr``, of the nodes in ``expr`` and its two partial
    derivatives: the chain and product rules copy a node's whole subtree once per factor or function."""
    size: dict[sp.Basic, int] = {}
    dsize: dict[sp.Basic, int] = {}
    for node in sp.postorder_traversal(expr):
        if node in size:
            continue
        args = node.args
        s = 1 + sum(size[a] for a in args)
        if not args or not node.free_symbols:
            d = 1 if node.free_symbols else 0
        elif isinstance(node, sp.Add):
            d = sum(dsize[a] for a in args)
        elif isinstance(node, sp.Mul):
            d = sum(dsize[a] + s - size[a] for a in args if dsize[a])
        elif isinstance(node, sp.Pow):
            d = sum(dsize[a] for a in args) + 3 * s
        else:
            d = sum(dsize[a] for a in args) + 2 * s
        size[node], dsize[node] = s, d
    return size[expr] + 2 * dsize[expr]


def compile_program(expr: sp.Expr) -> Program:
    """Compile ``expr`` with its exact symbolic gradient into a :class:`Program`; raises FormulaError for
    a formula whose gradient would be too large to compile quickly or needs complex numbers."""
    estimate = gradient_size(expr)
    if estimate > MAX_GRADIENT_SIZE:
        raise FormulaError(f"is too large to differentiate quickly (its gradient would have about "
                           f"{estimate:,} terms; at most {MAX_GRADIENT_SIZE:,}): use fewer factors or "
                           f"fewer functions inside one another")
    gx, gy = gradient(expr)
    if any(g.has(*_COMPLEX, sp.I) for g in (gx, gy)):
        raise FormulaError(_complex_gradient_message(expr))
    replacements, reduced = sp.cse([expr, gx, gy], optimizations="basic")
    builder = _Builder()
    for symbol, sub in replacements:
        builder.memo[symbol] = builder.emit(sub)
    value, grad_x, grad_y = (builder.emit(e) for e in reduced)
    return Program(
        op=np.array(builder.ops, np.int64), a=np.array(builder.a, np.int64),
        b=np.array(builder.b, np.int64), out=np.array(builder.out, np.int64),
        initial=np.array(builder.registers, np.float64), value=value, grad_x=grad_x, grad_y=grad_y,
    )


class _Builder:
    def __init__(self):
        self.registers: list[float] = [0.0, 0.0]
        self.memo: dict[sp.Basic, int] = {X: 0, Y: 1}
        self.constants: dict[float, int] = {}
        self.ops: list[int] = []
        self.a: list[int] = []
        self.b: list[int] = []
        self.out: list[int] = []

    def constant(self, number: float) -> int:
        if not math.isfinite(number):
            raise FormulaError("has a constant too large for a float (the largest is about 1.8e308)")
        if number not in self.constants:
            self.constants[number] = len(self.registers)
            self.registers.append(number)
        return self.constants[number]

    def instruction(self, code: int, a: int, b: int = 0) -> int:
        self.registers.append(0.0)
        target = len(self.registers) - 1
        self.ops.append(code)
        self.a.append(a)
        self.b.append(b)
        self.out.append(target)
        return target

    def emit(self, expr: sp.Basic) -> int:
        if expr in self.memo:
            return self.memo[expr]
        register = self._emit(expr)
        self.memo[expr] = register
        return register

    def _emit(self, expr: sp.Basic) -> int:
        if expr.is_Number or isinstance(expr, sp.NumberSymbol):
            try:
                number = float(expr)
            except OverflowError:  # an exact integer beyond 1.8e308 (e.g. a product of large factors)
                number = math.inf
            return self.constant(number)
        if isinstance(expr, sp.Add | sp.Mul):
            code = op.ADD if isinstance(expr, sp.Add) else op.MUL
            args = list(expr.args)
            if code == op.MUL and args[0] == -1:  # -a*b: one negation instead of a multiply by -1
                return self.instruction(op.NEG, self.emit(sp.Mul(*args[1:])))
            register = self.emit(args[0])
            for arg in args[1:]:
                register = self.instruction(code, register, self.emit(arg))
            return register
        if isinstance(expr, sp.Pow):
            base, exponent = expr.args
            if exponent == 2:
                return self.instruction(op.SQUARE, self.emit(base))
            if exponent == -1:
                return self.instruction(op.INV, self.emit(base))
            if exponent == sp.S.Half:
                return self.instruction(op.SQRT, self.emit(base))
            if exponent == -sp.S.Half:
                return self.instruction(op.INV, self.instruction(op.SQRT, self.emit(base)))
            return self.instruction(op.POW, self.emit(base), self.emit(exponent))
        if expr.func in _UNARY:
            return self.instruction(_UNARY[expr.func], self.emit(expr.args[0]))
        raise FormulaError(f"has a gradient that needs '{expr.func.__name__}', which losslab cannot compute")


def user_text(expr: sp.Basic) -> str:
    """A SymPy expression in the notation the formula field uses (^, abs, e)."""
    text = str(expr).replace("**", "^").replace("Abs(", "abs(")
    return text if len(text) <= 60 else text[:57] + "…"


def _complex_gradient_message(expr: sp.Expr) -> str:
    """Say which part of the user's formula makes the gradient complex, in the formula's own words."""
    culprit = None
    for node in sorted(expr.atoms(sp.Abs), key=sp.count_ops)[:50]:  # the smallest offending abs(...)
        if any(sp.diff(node, v).has(*_COMPLEX, sp.I) for v in (X, Y)):
            culprit = node
            break
    if culprit is None:
        return ("has a gradient that cannot be written without complex numbers (a power or logarithm of "
                "a value that can be negative); use abs() inside it")
    inner = user_text(culprit.args[0])
    return (f"cannot be differentiated without complex numbers: the gradient of {user_text(culprit)} needs "
            f"them because {inner} is not real for every x and y; inside abs() use "
            f"{_real_hint(culprit.args[0])}")


def _real_hint(inner: sp.Expr) -> str:
    if isinstance(inner, sp.Pow) and inner.exp == sp.S.Half:
        return f"sqrt(abs({user_text(inner.base)}))"
    return "an expression that is real wherever x and y are"
